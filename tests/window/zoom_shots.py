"""Screenshots of Kontakter at 150 % and 200 % zoom, for a person to look at (issue #19).

Run by hand through a11y_check.sh, which starts the release binary in its own X server:
    A11Y_SCRIPT=zoom_shots.py tests/window/a11y_check.sh target/release/samkart OUT
Zooms with Ctrl+Plus as a user does, opens Kontakter with Alt+4, filters to one contact,
moves into the table with Down (the form opens) and saves OUT/kontakter-150.png and
OUT/kontakter-200.png (1280x800). Prints where «Lagre» is, read through AT-SPI.
"""

import os
import subprocess
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

from atspi_tree import app, focus_window, walk, xdotool  # noqa: E402

out = sys.argv[2] if len(sys.argv) > 2 else "."
os.makedirs(out, exist_ok=True)


def extents(role, name):
    a = app()
    for n in walk(a) if a else []:
        if n.get_role_name() == role and n.get_name() == name:
            e = n.get_extents(Atspi.CoordType.SCREEN)
            return (e.x, e.y, e.width, e.height)
    return None


time.sleep(3)
focus_window()
time.sleep(0.5)
# First start: Samkart asks who is working; the name field has the focus.
xdotool("type", "--delay", "60", "Test Testesen")
xdotool("key", "Return")
time.sleep(0.5)
xdotool("key", "--delay", "150", "alt+4")
time.sleep(0.5)
xdotool("type", "--delay", "80", "espen")
xdotool("key", "--delay", "150", "Down")
time.sleep(0.5)
zoom = 100
for target in (150, 200):
    while zoom < target:
        xdotool("key", "--delay", "150", "ctrl+plus")
        zoom += 10
    time.sleep(1.5)
    path = os.path.join(out, f"kontakter-{target}.png")
    subprocess.run(["import", "-window", "root", path], check=True)
    print(f"{target} %: {path}; «Lagre» (x, y, w, h) = {extents('push button', 'Lagre')}")
