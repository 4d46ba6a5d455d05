"""Reads Samkart's window through AT-SPI, as a screen reader does, and types with xdotool.

Run by a11y_check.sh inside its own X server and D-Bus session; the argument is the name
of the register the window has open. Prints one line per check and exits 1 if any fails.
"""

import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

from atspi_tree import app, focus_window, walk, xdotool  # noqa: E402

REGISTER = sys.argv[1] if len(sys.argv) > 1 else "Midtdalen"
failures = []


def check(ok, what, detail=""):
    print(("OK    " if ok else "FEIL  ") + what + (f": {detail}" if detail else ""))
    if not ok:
        failures.append(what)


def wait_for(find, seconds=20.0):
    """Polls `find()` until it returns something true, or gives up and returns None."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            found = find()
        except Exception:
            found = None
        if found:
            return found
        time.sleep(0.25)
    return None


def nodes(role, name=None):
    a = app()
    if a is None:
        return []
    return [
        n
        for n in walk(a)
        if n.get_role_name() == role and (name is None or n.get_name() == name)
    ]


def text_of(node):
    return Atspi.Text.get_text(node, 0, Atspi.Text.get_character_count(node))


def search_field():
    found = nodes("entry", "Søk")
    return found[0] if found else None


# The window.
frame = wait_for(lambda: (nodes("frame") or [None])[0], 30)
check(frame is not None, "vinduet finnes i tilgjengelighetstreet")
if frame is None:
    sys.exit(1)
name = frame.get_name()
check(
    name.startswith(f"Samkart – {REGISTER}"),
    "vinduet heter «Samkart – <register>»",
    repr(name),
)

# Give the window the keyboard (there is no window manager under Xvfb).
focus_window()
time.sleep(0.5)

# First start: Samkart asks who is working (a dialog with the focus on its name field).
if wait_for(lambda: nodes("dialog", "Velkommen til Samkart"), 5):
    xdotool("type", "--delay", "60", "Test Testesen")
    xdotool("key", "Return")
    check(
        wait_for(lambda: not nodes("dialog", "Velkommen til Samkart"), 10) is not None,
        "spørsmålet om navnet lukkes med Enter",
    )

# Search hits: a list of list items, each knowing its place.
field = wait_for(search_field)
check(field is not None, "søkefeltet heter «Søk»")
xdotool("type", "--delay", "80", "sindre")


def hit_list():
    for lst in nodes("list", "Treff"):
        items = [
            lst.get_child_at_index(i)
            for i in range(lst.get_child_count())
            if lst.get_child_at_index(i).get_role_name() == "list item"
        ]
        if len(items) >= 2:
            return lst, items
    return None


found = wait_for(hit_list)
check(found is not None, "treffene er listeelementer i listen «Treff»")
if found:
    _, items = found
    n = len(items)
    places = [(dict(i.get_attributes()).get("posinset"), dict(i.get_attributes()).get("setsize")) for i in items]
    check(
        places == [(str(k + 1), str(n)) for k in range(n)],
        f"hvert treff har sin plass («1 av {n}» …)",
        repr(places),
    )
    check(
        all(i.get_name().startswith("Sindre") for i in items),
        "treffene har navnene sine",
        repr([i.get_name() for i in items][:3]),
    )

# Alt+2, Alt+1: views switch, the field keeps its text.
xdotool("key", "--delay", "80", "Escape")  # Søk: Esc empties the field, the cursor stays
field = wait_for(lambda: (f := search_field()) is not None and text_of(f) == "" and f)
check(field is not None, "Esc tømmer søkefeltet")
xdotool("type", "--delay", "80", "abc")
wait_for(lambda: (f := search_field()) is not None and text_of(f) == "abc")
xdotool("key", "--delay", "150", "alt+2")
overview = wait_for(lambda: any(n.get_name() == "Oversikt" for n in nodes("label")))
check(overview, "Alt+2 viser Oversikt")
time.sleep(0.5)
xdotool("key", "--delay", "150", "alt+1")
field = wait_for(search_field)
time.sleep(1.0)
field = search_field()
text = text_of(field) if field is not None else None
check(text == "abc", "Alt+2 og Alt+1 skriver ikke sifferet inn i søkefeltet", repr(text))

# Alt+4: Kontakter, with the keyboard in its filter field; the contacts are rows of a table.
xdotool("key", "--delay", "150", "alt+4")


def filter_focused():
    return any(n.get_state_set().contains(Atspi.StateType.FOCUSED) for n in nodes("entry", "Filter"))


check(wait_for(filter_focused, 10) is not None, "Alt+4 gir filterfeltet i Kontakter tastaturet")


def contact_rows():
    for table in nodes("table", "Kontakter"):
        rows = [n for n in walk(table) if n.get_role_name() == "table row"]
        if rows:
            return rows
    return None


rows = wait_for(contact_rows, 10)
check(rows is not None, "kontaktene er rader i tabellen «Kontakter»")
if rows:
    first = dict(rows[0].get_attributes())
    check(
        first.get("posinset") == "1" and int(first.get("setsize", "0")) >= len(rows),
        "hver rad har sin plass («1 av n»)",
        repr((rows[0].get_name(), first.get("posinset"), first.get("setsize"))),
    )


# A combo box says what is chosen in it: the filter «Sektor» reads «Alle».
def sector_filter():
    return next((n for n in nodes("combo box", "Sektor") if n.get_description()), None)


sector = wait_for(sector_filter, 5)
check(
    sector is not None and sector.get_description() == "Alle",
    "kombinasjonsboksen «Sektor» sier hva som er valgt («Alle»)",
    repr(sector.get_description() if sector else [(n.get_name(), n.get_description()) for n in nodes("combo box")]),
)

sys.exit(1 if failures else 0)
