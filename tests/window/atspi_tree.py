"""The Samkart window as a screen reader sees it over AT-SPI, and as xdotool drives it:
shared by the real-window scripts (a11y_check.py, contrast_sample.py, zoom_shots.py)."""

import subprocess

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402


def walk(node, depth=0):
    """Every node below `node`, depth first (the tree is small)."""
    yield node
    if depth > 40:
        return
    try:
        children = [node.get_child_at_index(i) for i in range(node.get_child_count())]
    except Exception:
        return  # the tree changed under us (a node went away): the caller polls again
    for child in children:
        if child is not None:
            yield from walk(child, depth + 1)


def app():
    """Samkart's application node, fresh from the bus, or None before it is there."""
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        a = desktop.get_child_at_index(i)
        if a is not None and a.get_name() == "samkart":
            a.clear_cache()
            return a
    return None


def xdotool(*args):
    """Runs xdotool with `args`; a failure stops the script."""
    subprocess.run(["xdotool", *args], check=True)


def focus_window():
    """Waits for Samkart's window and gives it the keyboard (there is no window manager
    under Xvfb to do it)."""
    window = subprocess.run(
        ["xdotool", "search", "--sync", "--name", "Samkart"], capture_output=True, text=True, check=True
    ).stdout.split()[0]
    xdotool("windowfocus", "--sync", window)
