#!/usr/bin/env bash
# The three daily tasks in a real window, driven as a person does: the release binary in
# Xvfb on a fresh HOME with a copy of the example register, typed into key by key with
# xdotool, results read from the system clipboard (xclip) and from the saved file.
#
#   tests/window/daily_tasks.sh target/release/samkart
#
# (a) Ctrl+F, «nav ung», Ctrl+Shift+C: the clipboard holds the NAV youth contact's number.
# (b) Ctrl+K, «ny kontakt», Enter; name, role and service typed key by key; Ctrl+S: the file
#     holds exactly what was typed.
# (c) Typing into the form, then Ctrl+Q: Samkart is still running and asks (the dimmed
#     backdrop of its question shows on the screen), the title says «●».
#
# Builds nothing. Needs Xvfb, xdotool, xclip and ImageMagick (see .ci/run). Screenshots of
# every step are kept in the temporary folder it prints. Every task is tried even when an
# earlier one failed; exits non-zero with a message for each failed step.
set -euo pipefail

if [[ $# -ne 1 || ! -x "$1" ]]; then
    echo "usage: $0 PATH/TO/samkart (a release build)" >&2
    exit 2
fi
BIN=$(realpath "$1")
# xdotool reads the text it types in the locale's encoding.
export LC_ALL=C.UTF-8
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/samkart-vindu.XXXXXX")
SHOTS="$WORK/skjermbilder"
mkdir -p "$SHOTS" "$WORK/home" "$WORK/data"
cp "$REPO/data/eksempel.ron" "$WORK/data/register.ron"
REGISTER="$WORK/data/register.ron"

XVFB_PID=""
APP_PID=""
cleanup() {
    # Only what this script started.
    [[ -n "$APP_PID" ]] && kill "$APP_PID" 2>/dev/null || true
    [[ -n "$XVFB_PID" ]] && kill "$XVFB_PID" 2>/dev/null || true
}
trap cleanup EXIT

step=0
shot() {
    step=$((step + 1))
    import -window root "$SHOTS/$(printf %02d "$step")-$1.png" 2>/dev/null || true
}
failures=0
# A failed check: said at once, and the script goes on to the next task.
failed() {
    shot feil
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
# A failure nothing after it can run without.
fatal() {
    failed "$@"
    echo "Screenshots: $SHOTS" >&2
    [[ -s "$WORK/app.log" ]] && { echo "--- Samkart's output:" >&2; cat "$WORK/app.log" >&2; }
    exit 1
}
# Mean brightness of the screen, 0–1.
brightness() {
    import -window root png:- 2>/dev/null | convert - -colorspace gray -format "%[fx:mean]" info:
}
keys() { xdotool key --clearmodifiers --delay 120 "$@"; sleep 0.4; }
# Key by key, with a short pause between keys, as a person types (see type_text.py).
typed() { python3 "$HERE/type_text.py" "$1"; sleep 0.5; }

# A display of our own (the X server picks a free number and says which).
Xvfb -displayfd 3 -screen 0 1400x900x24 -nolisten tcp 3>"$WORK/display" >"$WORK/xvfb.log" 2>&1 &
XVFB_PID=$!
for _ in $(seq 100); do [[ -s "$WORK/display" ]] && break; sleep 0.1; done
[[ -s "$WORK/display" ]] || fatal "Xvfb did not start (see $WORK/xvfb.log)"
export DISPLAY=":$(head -1 "$WORK/display")"
# The keyboard a Norwegian user has.
setxkbmap no || fatal "setxkbmap could not set the Norwegian keyboard layout"

# A fresh user: no preferences, so the first start asks for a name. Links go to a script
# that writes them down instead of opening a browser.
export HOME="$WORK/home" SAMKART_HOME="$WORK/data"
export BROWSER="$HERE/log_url.sh" SAMKART_URL_LOG="$WORK/urls.log"
unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME WAYLAND_DISPLAY
"$BIN" >"$WORK/app.log" 2>&1 &
APP_PID=$!
WID=$(timeout 30 xdotool search --sync --name '^Samkart' | head -1) || fatal "no Samkart window within 30 s"
sleep 1.5
# No window manager in Xvfb: give the window the keyboard directly.
xdotool windowfocus --sync "$WID"
shot start

# First start: Samkart asks who is working. (Where it does not ask, this text lands in the
# search field, which step (a) empties first.)
typed "Test Testesen"
keys Return
shot navn

# (a) Find the NAV contact for young people and copy the number.
printf 'tom' | xclip -selection clipboard 2>/dev/null
keys ctrl+f ctrl+a
typed "nav ung"
keys ctrl+shift+c
shot a-kopiert
clip=$(timeout 5 xclip -o -selection clipboard 2>/dev/null || true)
if [[ "$clip" == "61240382" ]]; then
    echo "ok (a) the clipboard holds $clip"
else
    failed "(a) after Ctrl+F, «nav ung», Ctrl+Shift+C the clipboard holds «$clip», expected «61240382» (Sindre Kvarme, NAV-veileder for ungdom 18–25)"
fi

# (b) A new contact through the palette, typed key by key, saved with Ctrl+S.
NAME="Åse Østby-Nilsen"
ROLE="Veileder for unge på Vinstra og Sør-Fron"
keys Escape ctrl+k
typed "ny kontakt"
keys Return
shot b-nytt-skjema
typed "$NAME"
keys Tab
typed "$ROLE"
# Tjeneste: open the list (Tab, space), filter it, Enter chooses the first hit.
keys Tab space
typed "nav midt"
keys Return
shot b-utfylt
keys ctrl+s
sleep 1
shot b-lagret
if ! "$BIN" export --register "$REGISTER" --format csv --out "$WORK/eksport" >/dev/null 2>&1; then
    failed "(b) the saved register could not be read back (samkart export failed)"
elif ! why=$(python3 "$HERE/check_contact.py" "$WORK/eksport/kontakter.csv" "$NAME" "$ROLE" nav-midtdalen 2>&1); then
    failed "(b) the saved file does not hold what was typed: $why"
else
    echo "ok (b) the file holds «$NAME», «$ROLE», nav-midtdalen"
fi

# (c) Typing into a form, then Ctrl+Q: nothing may be lost without a question.
keys ctrl+k
typed "ny kontakt"
keys Return
typed "Ola Nordmann"
before=$(brightness)
keys ctrl+q
sleep 2
shot c-avslutt
if ! kill -0 "$APP_PID" 2>/dev/null; then
    failed "(c) Samkart quit on Ctrl+Q with text typed into a form, without asking"
else
    title=$(xdotool getwindowname "$WID" 2>/dev/null || true)
    after=$(brightness)
    if [[ "$title" != "●"* ]]; then
        failed "(c) the title does not mark the typed text as unsaved: «$title»"
    # The question dims everything behind it.
    elif ! python3 -c "import sys; sys.exit(0 if float('$after') < float('$before') * 0.9 else 1)"; then
        failed "(c) no question on the screen after Ctrl+Q (brightness $before before, $after after)"
    else
        echo "ok (c) Samkart is still running and asks; title «$title»"
    fi
fi

if ((failures > 0)); then
    echo "$failures step(s) failed. Screenshots: $SHOTS" >&2
    [[ -s "$WORK/app.log" ]] && { echo "--- Samkart's output:" >&2; cat "$WORK/app.log" >&2; }
    exit 1
fi
echo "All three tasks passed. Screenshots: $SHOTS"
