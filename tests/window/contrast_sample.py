"""Samples text and background colours from screenshots of Samkart's real window, in the
light and the dark theme, and computes their WCAG 2.1 contrast ratios.

Run by hand (not in CI) through the same setup as the accessibility check:

    A11Y_SCRIPT=contrast_sample.py tests/window/a11y_check.sh target/release/samkart OUT

The widgets are found through AT-SPI (their place on screen), the colours are read from
`import -window root` screenshots saved in OUT: the background is the most common colour
in the widget's box, the foreground the pixel that differs most from it (the core of a
glyph, the symbol on a map cell, a widget's outline). Prints a table; exits 1 if a pair is
below what WCAG 2.1 AA asks.
"""

import collections
import os
import subprocess
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

from atspi_tree import app, focus_window, walk, xdotool  # noqa: E402

OUT = sys.argv[2] if len(sys.argv) > 2 else "."
os.makedirs(OUT, exist_ok=True)
rows = []


def luminance(c):
    def ch(v):
        s = v / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = c[:3]
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)


def ratio(a, b):
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def find(pred, seconds=15.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        a = app()
        if a is not None:
            for n in walk(a):
                try:
                    if pred(n):
                        return n
                except Exception:
                    pass
        time.sleep(0.25)
    return None


def box(node):
    e = Atspi.Component.get_extents(node, Atspi.CoordType.SCREEN)
    return e.x, e.y, e.x + e.width, e.y + e.height


class Shot:
    """A screenshot's pixels, read through ImageMagick as binary PPM (no Python imaging
    library needed)."""

    def __init__(self, path):
        data = subprocess.run(["convert", path, "ppm:-"], capture_output=True, check=True).stdout
        # P6 <width> <height> <maxval> <rgb bytes>
        fields, pos = [], 0
        while len(fields) < 4:
            while data[pos : pos + 1].isspace():
                pos += 1
            end = pos
            while not data[end : end + 1].isspace():
                end += 1
            fields.append(data[pos:end])
            pos = end
        self.w, self.h = int(fields[1]), int(fields[2])
        self.rgb = data[pos + 1 :]

    def inside(self, x, y):
        return 0 <= x < self.w and 0 <= y < self.h

    def pixel(self, x, y):
        i = (y * self.w + x) * 3
        return tuple(self.rgb[i : i + 3])

    def pixels(self, rect=None):
        x0, y0, x1, y1 = rect or (0, 0, self.w, self.h)
        x0, y0, x1, y1 = max(0, x0), max(0, y0), min(self.w, x1), min(self.h, y1)
        out = []
        for y in range(y0, y1):
            row = self.rgb[(y * self.w + x0) * 3 : (y * self.w + x1) * 3]
            out.extend(tuple(row[i : i + 3]) for i in range(0, len(row), 3))
        return out


def shot(name):
    time.sleep(0.8)
    path = os.path.join(OUT, name + ".png")
    subprocess.run(["import", "-window", "root", path], check=True)
    return Shot(path)


def sample(img, rect, what, minimum, part=None, bg=None, inset=0, ring=False, rows_only=False):
    """Foreground and background in `rect` (x0, y0, x1, y1); `part` narrows it to a
    fraction of the width (from, to), `inset` shrinks it on every side (inside a field's
    frame), `ring` keeps only its outermost two pixels (a widget's outline). `bg` overrides
    the background colour."""
    x0, y0, x1, y1 = rect
    x0, y0, x1, y1 = x0 + inset, y0 + inset, x1 - inset, y1 - inset
    if part:
        w = x1 - x0
        x0, x1 = x0 + int(w * part[0]), x0 + int(w * part[1])
    if ring:
        # Two pixels either side of the box's edge: an outline may be drawn on either side.
        pixels = [
            img.pixel(x, y)
            for y in range(y0 - 2, y1 + 2)
            for x in range(x0 - 2, x1 + 2)
            if not (x0 + 2 <= x < x1 - 2 and y0 + 2 <= y < y1 - 2) and img.inside(x, y)
            # Top and bottom edges only: leaves out the text cursor at a field's left edge.
            and not (rows_only and y0 + 2 <= y < y1 - 2)
        ]
    else:
        pixels = img.pixels((x0, y0, x1, y1))
    if not pixels:
        rows.append((what, None, None, 0.0, minimum))
        return
    back = bg or collections.Counter(pixels).most_common(1)[0][0]
    fore = max(pixels, key=lambda p: ratio(p, back))
    rows.append((what, fore, back, ratio(fore, back), minimum))


def panel_colour(img):
    return collections.Counter(img.pixels()).most_common(1)[0][0]


def named(role, name=None, start=None):
    def pred(n):
        if n.get_role_name() != role:
            return False
        nm = n.get_name()
        if name is None:
            return True
        if start:
            return nm.startswith(name)
        return nm == name

    return find(pred)


def theme_pass(theme):
    # Søk, empty: body text, weak text, placeholder. (Esc empties the field, also of a digit
    # an old build typed with Alt+1.)
    xdotool("key", "--delay", "200", "alt+1", "Escape", "ctrl+f")
    img = shot(f"{theme}-sok")
    body = named("label", "Skriv et navn, en rolle, et tema eller et telefonnummer.")
    weak = named("label", "Piltastene velger", start=True)
    field = named("entry", "Søk")
    sample(img, box(body), f"{theme}: brødtekst", 4.5)
    sample(img, box(weak), f"{theme}: svak tekst", 4.5)
    sample(img, box(field), f"{theme}: plassholder i søkefeltet", 4.5, part=(0.02, 0.6), inset=3)
    sample(img, box(field), f"{theme}: fokusert søkefelts kant", 3.0, bg=panel_colour(img), ring=True, rows_only=True, part=(0.5, 0.95))
    x0, y0, x1, y1 = box(field)
    inside = collections.Counter(img.pixels((x0 + 4, y0 + 4, x1 - 4, y1 - 4))).most_common(1)[0][0]
    sample(img, box(field), f"{theme}: fokusert søkefelts kant mot feltet", 3.0, bg=inside, ring=True, rows_only=True, part=(0.5, 0.95))

    # A hit: the selected row's secondary text, the card's link, warning and button.
    xdotool("key", "ctrl+f")
    time.sleep(0.3)
    xdotool("type", "--delay", "60", "nav ung")
    # (Before the hits were list items they were toggle buttons: measure the old build too.)
    item = named("list item", "Sindre", start=True) or named("toggle button", "Sindre Kvarme", start=True)
    link = named("link", "NAV Midtdalen")
    internal = named("label", "kun for samarbeidspartnere")
    copy = named("push button", "Kopier telefon")
    img = shot(f"{theme}-treff")
    if item:
        sample(img, box(item), f"{theme}: valgt treffs andre tekst", 4.5, part=(0.6, 0.98))
        sample(img, box(item), f"{theme}: valgt treffs tekst", 4.5, part=(0.0, 0.3))
    if link:
        sample(img, box(link), f"{theme}: lenke", 4.5)
    if internal:
        sample(img, box(internal), f"{theme}: «kun for samarbeidspartnere»", 4.5)
    if copy:
        sample(img, box(copy), f"{theme}: kantlinje på knapp", 3.0, bg=panel_colour(img), ring=True)
    xdotool("key", "Escape")

    # Oversikt: red, orange and blue text.
    xdotool("key", "alt+2")
    named("label", "Oversikt")
    img = shot(f"{theme}-oversikt")
    for n in walk(app()):
        if n.get_role_name() == "label" and n.get_name().startswith("• "):
            sample(img, box(n), f"{theme}: «{n.get_name()}»", 4.5)

    # Kontakter: a row of someone who has left.
    xdotool("key", "alt+4")
    gone = find(lambda n: n.get_name() in ("Ane Kvamme (sluttet)", "Ane Kvamme") and "button" in n.get_role_name())
    img = shot(f"{theme}-kontakter")
    if gone:
        sample(img, box(gone), f"{theme}: inaktiv rad «{gone.get_name()}»", 4.5)

    # Samarbeidskart: each kind of cell against the panel, and its symbol on the fill.
    xdotool("key", "alt+9")
    cells = {}
    for label in ["Formalisert", "Bare utkast eller muntlig praksis", "Forventet, men mangler", "Ingen kobling"]:
        # A cell well inside the map (not under the pinned names or the detail panel).
        cells[label] = find(
            lambda n, label=label: n.get_role_name() in ("table cell", "push button")
            and n.get_name().endswith(label)
            and 260 < box(n)[0] < 860
            and 280 < box(n)[1] < 740
        )
    img = shot(f"{theme}-kart")
    panel = panel_colour(img)
    filter_field = named("entry", "Filtrer")
    if filter_field:
        sample(img, box(filter_field), f"{theme}: kantlinje på tekstfelt", 3.0, bg=panel, ring=True)
    for label, cell in cells.items():
        if cell is None:
            rows.append((f"{theme}: rute «{label}» ikke funnet", None, None, 0.0, 3.0))
            continue
        x0, y0, x1, y1 = box(cell)
        inner = (x0 + 2, y0 + 2, x1 - 2, y1 - 2)
        crop = img.pixels(inner)
        fill = collections.Counter(crop).most_common(1)[0][0]
        if label == "Ingen kobling":
            sample(img, box(cell), f"{theme}: tom rute, kantlinje", 3.0, bg=panel, ring=True)
        else:
            rows.append((f"{theme}: rute «{label}» mot panelet", fill, panel, ratio(fill, panel), 3.0))
            sample(img, inner, f"{theme}: symbol på «{label}»", 3.0, bg=fill)


def main():
    if find(lambda n: n.get_role_name() == "frame", 30) is None:
        print("Fant ikke vinduet")
        sys.exit(1)
    focus_window()
    time.sleep(0.5)
    xdotool("mousemove", "1279", "799")  # no tooltips in the way
    theme_pass("lyst")
    # The dark theme, from the command palette; checked on the panel's colour.
    for _ in range(3):
        xdotool("key", "alt+1")
        time.sleep(0.5)
        xdotool("key", "ctrl+k")
        time.sleep(0.8)
        xdotool("type", "--delay", "80", "tema")  # «Bytt mellom lyst og mørkt tema»
        time.sleep(0.5)
        xdotool("key", "Return")
        if luminance(panel_colour(shot("tema"))) < 0.1:
            break
        xdotool("key", "Escape")
    theme_pass("mørkt")

    bad = 0
    for what, fg, bg, r, minimum in rows:
        hexc = (lambda c: "#%02x%02x%02x" % c[:3] if c else "-")
        flag = "OK  " if r >= minimum else "FEIL"
        bad += r < minimum
        print(f"{flag} {r:5.2f} (krav {minimum}) {hexc(fg)} på {hexc(bg)}  {what}")
    sys.exit(1 if bad else 0)


main()
