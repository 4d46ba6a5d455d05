#!/usr/bin/env bash
# Smoke test of the Linux package: `dpkg -i` installs it (with `apt-get install -f` for
# dependencies the machine lacks, as `apt install ./samkart_….deb` does for a user); the
# binary, the menu entry and the icon are where the desktop looks for them; the installed
# binary validates a register in a folder with æøå and spaces; `check` without a file never
# makes a register, the window creates the default one under ~/.local/share; the window
# opens (a screenshot that is not blank); `dpkg -r` removes it again and leaves the user's
# registers.
#
# Usage: tests/dist/deb.sh PACKAGE.deb EXAMPLE.ron   (as root, or with sudo)
# Needs: xvfb, xdotool, imagemagick, x11-utils (xprop).
# SAMKART_SHOTS=DIR keeps the screenshot there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/dist/lib.sh
. "$here/lib.sh"
[ $# -eq 2 ] || fail "bruk: $0 PAKKE.deb EKSEMPEL.ron"
deb=$(realpath "$1")
example=$(realpath "$2")
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo

work=$(mktemp -d)
gui=""
installed=""
cleanup() {
    if [ -n "$gui" ]; then kill "$gui" 2>/dev/null || true; fi
    if [ -n "$installed" ]; then $sudo dpkg -r samkart >/dev/null 2>&1 || true; fi
    stop_xvfb
    rm -rf "$work"
}
trap cleanup EXIT

echo "== pakken"
dpkg-deb --field "$deb" Package Version Architecture Depends
[ "$(dpkg-deb --field "$deb" Package)" = samkart ] || fail "pakken heter ikke samkart"
dpkg-deb --contents "$deb" | grep ' ./usr/bin/samkart$' >/dev/null || fail "programmet mangler i pakken"
# What the binary links (libc6, read from it) and what the window loads at run time (libgl1).
depends=$(dpkg-deb --field "$deb" Depends)
for lib in 'libc6 (>= ' libgl1 libxkbcommon-x11-0; do
    [[ "$depends" == *"$lib"* ]] || fail "Depends mangler $lib: $depends"
done

echo "== dpkg -i"
installed=yes
if ! $sudo dpkg -i "$deb"; then
    echo "(henter avhengighetene pakken ber om)"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -f -y --no-install-recommends
fi
[ "$(dpkg-query -W -f='${Status}' samkart)" = "install ok installed" ] || fail "samkart er ikke installert"
[ -x /usr/bin/samkart ] || fail "/usr/bin/samkart mangler"
desktop=/usr/share/applications/samkart.desktop
[ -f "$desktop" ] || fail "menyoppføringen $desktop mangler"
grep -qx 'Exec=samkart %f' "$desktop" || fail "menyoppføringen starter ikke samkart"
grep -qx 'Icon=samkart' "$desktop" || fail "menyoppføringen har ikke Samkarts ikon"
icon=/usr/share/icons/hicolor/256x256/apps/samkart.png
[ "$(identify -format '%wx%h' "$icon")" = 256x256 ] || fail "ikonet $icon mangler eller har feil størrelse"
if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$desktop"; fi

# A user of our own: the default register goes under this home.
export HOME="$work/home"
unset XDG_DATA_HOME SAMKART_HOME
mkdir -p "$HOME"

echo "== et register i en mappe med æøå og mellomrom"
folder="$HOME/Dokumenter/Bærum kommune – barn og unge"
mkdir -p "$folder"
register="$folder/Mitt register.ron"
# With CRLF line endings, so that fmt has something to normalise and saves.
sed 's/$/\r/' "$example" >"$register"
samkart validate "$register" | tee "$work/validate.out"
grep -q "gyldig" "$work/validate.out" || fail "validate sa ikke at registeret er gyldig"
samkart fmt "$register"
! grep -q $'\r' "$register" || fail "fmt lagret ikke registeret"
[ -n "$(find "$folder/backups" -name 'Mitt register-*.ron')" ] || fail "ingen sikkerhetskopi etter lagring"

start_xvfb "$work"
echo "== check uten fil lager aldri et register; vinduet lager standardregisteret under ~/.local/share"
default="$HOME/.local/share/samkart/register.ron"
set +e
samkart check >"$work/check.out" 2>&1
code=$?
set -e
# A scheduled check must never report the fictional example's findings as real.
[ "$code" -eq 2 ] || fail "check uten register ga kode $code, ventet 2: $(cat "$work/check.out")"
[ ! -e "$default" ] || fail "check laget et register i $default"
samkart >"$work/first.log" 2>&1 &
gui=$!
wait_window Samkart 60 >/dev/null || fail "vinduet kom ikke opp uten register: $(cat "$work/first.log")"
for _ in $(seq 60); do [ -f "$default" ] && break; sleep 0.5; done
[ -f "$default" ] || fail "standardregisteret ble ikke laget i $default"
kill "$gui"
wait "$gui" 2>/dev/null || true
gui=""
set +e
samkart check >"$work/check.out" 2>&1
code=$?
set -e
[ "$code" -eq 0 ] || [ "$code" -eq 3 ] || fail "check på standardregisteret ga kode $code: $(cat "$work/check.out")"

echo "== vinduet åpnes"
samkart --register "$register" >"$work/gui.log" 2>&1 &
gui=$!
window=$(wait_window Samkart 60) || fail "vinduet kom ikke opp: $(cat "$work/gui.log")"
sleep 2
screenshot_not_blank "$window" "$work/linux.png"
# The desktop ties the window to the menu entry (its icon in the dock, Alt+Tab) by WM_CLASS.
wm_class=$(sed -n 's/^StartupWMClass=//p' "$desktop")
xprop -id "$window" WM_CLASS | grep -q "\"$wm_class\"" ||
    fail "vinduets $(xprop -id "$window" WM_CLASS) passer ikke med StartupWMClass=$wm_class i menyoppføringen"
if [ -n "${SAMKART_SHOTS:-}" ]; then cp "$work/linux.png" "$SAMKART_SHOTS/linux.png"; fi
kill "$gui"
wait "$gui" 2>/dev/null || true
gui=""

echo "== dpkg -r fjerner programmet og lar registrene ligge"
$sudo dpkg -r samkart
installed=""
[ ! -e /usr/bin/samkart ] || fail "/usr/bin/samkart ble ikke fjernet"
[ ! -e "$desktop" ] || fail "menyoppføringen ble ikke fjernet"
[ -f "$register" ] && [ -f "$HOME/.local/share/samkart/register.ron" ] || fail "registrene ble fjernet"

echo "OK: Linux-pakken"
