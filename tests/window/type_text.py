#!/usr/bin/env python3
"""Types TEXT into the focused window key by key with xdotool, as a person does, with a
short pause between keys. Æ, Ø and Å are pressed as the keys of the Norwegian layout (with
Shift for the capitals), as on a real keyboard: `xdotool type` sometimes loses them, and
always the capitals. Usage: type_text.py TEXT"""
import subprocess
import sys

KEYS = {
    "æ": "ae",
    "ø": "oslash",
    "å": "aring",
    "Æ": "shift+ae",
    "Ø": "shift+oslash",
    "Å": "shift+aring",
}


def xdotool(*args: str) -> None:
    subprocess.run(["xdotool", *args], check=True)


def main() -> int:
    run = ""
    for c in sys.argv[1]:
        if c in KEYS:
            if run:
                xdotool("type", "--clearmodifiers", "--delay", "90", "--", run)
                run = ""
            xdotool("key", "--clearmodifiers", "--delay", "90", KEYS[c])
        else:
            run += c
    if run:
        xdotool("type", "--clearmodifiers", "--delay", "90", "--", run)
    return 0


if __name__ == "__main__":
    sys.exit(main())
