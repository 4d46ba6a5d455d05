#!/usr/bin/env bash
# Reads Samkart's real window the way a screen reader does, through the accessibility bus
# (AT-SPI), and drives it with the keyboard:
#   - the window is named «Samkart – <register> …»,
#   - the search hits are list items in a list, each with its place («posinset/setsize»),
#   - Alt+2 then Alt+1 switch views without typing «2» or «1» into the search field (its
#     text is read through the Text interface, as a screen reader reads it),
#   - Alt+4 puts the keyboard in Kontakter's filter field, and the contacts are table rows
#     with their place.
#
# Usage: tests/window/a11y_check.sh path/to/release/samkart
# With A11Y_SCRIPT=contrast_sample.py it runs that reader instead, with the arguments after
# the binary (see contrast_sample.py: colours sampled from screenshots, by hand).
# Needs: xvfb, xdotool, dbus (dbus-run-session), at-spi2-core, python3-gi, gir1.2-atspi-2.0.
# Starts its own X server, D-Bus session and accessibility bus; touches nothing of the user's
# (HOME and the register are in a temporary folder). Exit code 0 when every check passes.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)

if [ "${1:-}" != "--inside" ]; then
    [ $# -ge 1 ] || { echo "Bruk: $0 sti/til/samkart" >&2; exit 2; }
    bin=$(realpath "$1")
    [ -x "$bin" ] || { echo "Finner ikke programmet $1" >&2; exit 2; }
    shift
    # A D-Bus session of our own, so the accessibility bus is ours too.
    exec dbus-run-session -- "$0" --inside "$bin" "$@"
fi
bin=$2
shift 2

work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# A display of our own; Xvfb picks a free number and writes it to fd 3.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" &
pids+=($!)
for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.1; done
export DISPLAY=":$(cat "$work/display")"

# Toolkits (AccessKit included) expose their tree only when accessibility is switched on.
dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus \
    org.freedesktop.DBus.Properties.Set string:org.a11y.Status string:IsEnabled variant:boolean:true \
    >/dev/null

cp "$here/../../data/eksempel.ron" "$work/register.ron"
mkdir -p "$work/home"
HOME="$work/home" XDG_DATA_HOME="$work/home/data" XDG_CONFIG_HOME="$work/home/config" \
    "$bin" --register "$work/register.ron" >"$work/samkart.log" 2>&1 &
pids+=($!)

python=python3
[ -x /usr/bin/python3 ] && python=/usr/bin/python3   # python3-gi is the system's
if ! "$python" "$here/${A11Y_SCRIPT:-a11y_check.py}" Midtdalen "$@"; then
    echo "--- samkart.log" >&2
    tail -20 "$work/samkart.log" >&2
    exit 1
fi
