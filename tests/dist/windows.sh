#!/usr/bin/env bash
# Smoke test of the Windows installer under Wine, in a fresh Wine prefix of its own:
#
# - the exe and the installer carry Samkart's icon, version and publisher;
# - `setup.exe /S` installs for the user alone: samkart.exe under
#   %LOCALAPPDATA%\Programs\Samkart, Start-menu and desktop shortcuts, an entry in «Apper»
#   under HKCU, nothing system-wide;
# - the installed exe validates, formats (atomic save, lock, backup) and reviews a register
#   in a folder with æøå and spaces, prints to the console it was started from, breaks a
#   lock left by a process that no longer runs, waits for a file another program holds
#   open and reports in Norwegian when it is not let go (file unchanged), never makes a
#   register on `check` without a file, creates the default register under %APPDATA% on
#   the window's first start, and opens its window (a screenshot that is not blank);
# - the uninstaller removes the program and leaves the user's registers and backups;
# - installing into a folder of one's choice with æøå and spaces works too.
#
# Usage: tests/dist/windows.sh SETUP.exe EXAMPLE.ron
# Needs: wine wine64 (Debian 12: Wine 8.0), gcc-mingw-w64-x86-64, xvfb, xdotool, imagemagick.
# SAMKART_SHOTS=DIR keeps the screenshot there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/dist/lib.sh
. "$here/lib.sh"
[ $# -eq 2 ] || fail "bruk: $0 SETUP.exe EKSEMPEL.ron"
setup=$(realpath "$1")
example=$(realpath "$2")
version=$(basename "$setup" | sed -n 's/^samkart-\(.*\)-windows-x64-setup\.exe$/\1/p')
[ -n "$version" ] || fail "$setup heter ikke samkart-VERSJON-windows-x64-setup.exe"

work=$(mktemp -d)
cleanup() {
    wineserver -k 2>/dev/null || true
    stop_xvfb
    rm -rf "$work"
}
trap cleanup EXIT

# A private Wine: its own prefix and home (Wine links Desktop and Documents into $HOME), no
# Mono/Gecko download prompts, no menu entries written for the test's shortcuts.
export HOME="$work/home"
export WINEPREFIX="$work/prefix"
export WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml,winemenubuilder.exe=d"
export LANG=C.UTF-8 LC_ALL=C.UTF-8
mkdir -p "$HOME"
start_xvfb "$work"
wineboot --init >/dev/null 2>&1
wineserver -w
profile=$(find "$WINEPREFIX/drive_c/users" -mindepth 1 -maxdepth 1 ! -name Public -print -quit)
[ -d "$profile" ] || fail "Wine laget ingen brukerprofil"
user=$(basename "$profile")
echo "Wine-profil: $profile"

# Windows tools called from here print CRLF.
wine_text() { wine "$@" 2>/dev/null | tr -d '\r'; }

echo "== ressursene: ikon, versjon og utgiver i programmet og installasjonsprogrammet"
has_properties() {
    local file=$1 types
    # The resource types in the exe: 0x0e an icon group, 0x10 the version.
    types=$(x86_64-w64-mingw32-objdump -p "$file" |
        awk '/The .rsrc Resource Directory section/ { r = 1 } r && /^[0-9a-f]+   Entry: ID:/ { print $4 }')
    grep -qx "0x00000e," <<<"$types" || fail "$file har ikke noe ikon"
    grep -qx "0x000010," <<<"$types" || fail "$file har ingen versjonsressurs"
    strings -el "$file" | grep -qx "Samkart-prosjektet" || fail "$file mangler utgiveren"
    strings -el "$file" | grep -qx "$version" || fail "$file mangler versjonen $version"
}
has_properties "$setup"

echo "== stille installasjon (/S)"
wine "$setup" /S
wineserver -w
installed="$profile/AppData/Local/Programs/Samkart"
exe="$installed/samkart.exe"
[ -f "$exe" ] || fail "samkart.exe ble ikke installert i $installed"
[ -f "$installed/avinstaller.exe" ] || fail "avinstaller.exe mangler"
has_properties "$exe"
start_menu="$profile/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Samkart.lnk"
[ -f "$start_menu" ] || fail "snarveien i Start-menyen mangler"
[ -n "$(find -L "$profile/Desktop" -name Samkart.lnk 2>/dev/null)" ] || fail "snarveien på skrivebordet mangler"
uninstall_key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Samkart'
wine_text reg query "$uninstall_key" /v DisplayVersion | grep -q "$version" ||
    fail "installasjonen er ikke registrert under $uninstall_key"
wine_text reg query "$uninstall_key" /v Publisher | grep -q "Samkart-prosjektet" || fail "utgiveren mangler i «Apper»"
# Nothing for all users: not in Program Files, not under HKEY_LOCAL_MACHINE.
[ -z "$(find "$WINEPREFIX/drive_c/Program Files" "$WINEPREFIX/drive_c/ProgramData" -iname '*samkart*' 2>/dev/null)" ] ||
    fail "installasjonen skrev utenfor brukerens profil"
if grep -qi samkart "$WINEPREFIX/system.reg"; then fail "installasjonen skrev i HKEY_LOCAL_MACHINE"; fi

# Wine 8.0 lacks bcryptprimitives.dll (ProcessPrng), which Rust's standard library needs
# and every real Windows has: a stand-in for this test prefix only, never in the installer.
x86_64-w64-mingw32-gcc -O2 -shared -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
    "$here/processprng.c" -ladvapi32

echo "== et register i en mappe med æøå og mellomrom"
folder="Bærum kommune – barn og unge"
mkdir -p "$profile/Documents/$folder"
register="$profile/Documents/$folder/Mitt register.ron"
# With CRLF line endings, so that fmt below has something to normalise and saves.
sed 's/$/\r/' "$example" >"$register"
win_register="C:\\users\\$user\\Documents\\$folder\\Mitt register.ron"
out=$(wine "$exe" validate "$win_register" | tr -d '\r') || fail "validate feilet: $out"
echo "$out"
grep -q "gyldig" <<<"$out" || fail "validate skrev ikke ut resultatet til konsollen: «$out»"
set +e
wine "$exe" validate "C:\\finnes ikke\\register.ron" >"$work/missing.out" 2>&1
code=$?
set -e
[ "$code" -eq 2 ] || fail "validate av en fil som ikke finnes, ga kode $code, ikke 2"
grep -q "Kunne ikke lese" "$work/missing.out" || fail "feilmeldingen kom ikke fram: $(cat "$work/missing.out")"

echo "== lagring: fmt skriver atomisk, tar kopi i backups\\ og rydder etter seg"
wine "$exe" fmt "$win_register" | tr -d '\r'
! grep -q $'\r' "$register" || fail "fmt lagret ikke registeret"
[ -n "$(find "$profile/Documents/$folder/backups" -name 'Mitt register-*.ron')" ] || fail "ingen sikkerhetskopi"
[ -z "$(find "$profile/Documents/$folder" -maxdepth 1 \( -name '*.lock' -o -name '*.tmp' \))" ] ||
    fail "lås eller midlertidig fil ble liggende"
wine "$exe" validate "$win_register" >/dev/null || fail "registeret er ikke gyldig etter lagring"

echo "== en lås etter en prosess som ikke lenger finnes, brytes"
host=$(wine_text cmd /c echo %COMPUTERNAME%)
printf 'user=kari\nhost=%s\npid=4000000\ntoken=dod\n' "$host" >"$register.lock"
sed -i 's/$/\r/' "$register"
out=$(wine "$exe" fmt "$win_register" 2>&1 | tr -d '\r') || fail "låsen etter en død prosess ble ikke brutt: $out"
! grep -q $'\r' "$register" || fail "fmt lagret ikke registeret: $out"
[ ! -e "$register.lock" ] || fail "låsefilen ble liggende"

echo "== en fil et annet program holder åpen, erstattes når det slipper, ellers en norsk feil"
x86_64-w64-mingw32-gcc -O2 -municode -o "$work/hold.exe" "$here/hold.c"
# Holds the register as Excel would for $1 ms; returns once it is held.
hold() {
    : >"$work/held"
    wine "$work/hold.exe" "$win_register" "$1" >"$work/held" 2>/dev/null &
    holder=$!
    for _ in $(seq 100); do
        grep -q holder "$work/held" && return 0
        sleep 0.1
    done
    fail "hold.exe fikk ikke tak i registeret"
}
sed -i 's/$/\r/' "$register"
hold 1500
out=$(wine "$exe" fmt "$win_register" 2>&1 | tr -d '\r') || fail "lagringen ventet ikke på at filen ble sluppet: $out"
! grep -q $'\r' "$register" || fail "fmt lagret ikke registeret etter at filen ble sluppet"
wait "$holder"
sed -i 's/$/\r/' "$register"
cp "$register" "$work/before.ron"
hold 15000
set +e
wine "$exe" fmt "$win_register" >"$work/held.out" 2>&1
code=$?
set -e
tr -d '\r' <"$work/held.out"
[ "$code" -ne 0 ] || fail "fmt meldte ikke fra om at filen er åpen i et annet program"
grep -q "åpen i et annet program" "$work/held.out" || fail "feilmeldingen sier ikke hva som er galt"
cmp -s "$register" "$work/before.ron" || fail "registeret ble endret selv om lagringen feilet"
[ -z "$(find "$profile/Documents/$folder" -maxdepth 1 \( -name '*.lock' -o -name '*.tmp' \))" ] ||
    fail "lås eller midlertidig fil ble liggende etter den mislykte lagringen"
wait "$holder"

echo "== check uten fil lager aldri et register; vinduet lager standardregisteret under %APPDATA%"
default="$profile/AppData/Roaming/Samkart/Samkart/data/register.ron"
set +e
wine "$exe" check >"$work/check.out" 2>&1
code=$?
set -e
# A scheduled check must never report the fictional example's findings as real.
[ "$code" -eq 2 ] || fail "check uten register ga kode $code, ventet 2: $(cat "$work/check.out")"
grep -q "Fant ikke standardregisteret" "$work/check.out" || fail "check sa ikke hva som mangler: $(cat "$work/check.out")"
[ ! -e "$default" ] || fail "check laget et register i $default"
wine "$exe" >"$work/first.log" 2>&1 &
wait_window Samkart 120 >/dev/null || fail "vinduet kom ikke opp uten register: $(cat "$work/first.log")"
for _ in $(seq 60); do [ -f "$default" ] && break; sleep 0.5; done
[ -f "$default" ] || fail "standardregisteret ble ikke laget i $default"
wineserver -k
wineserver -w
set +e
wine "$exe" check >"$work/check.out" 2>&1
code=$?
set -e
[ "$code" -eq 0 ] || [ "$code" -eq 3 ] || fail "check på standardregisteret ga kode $code: $(cat "$work/check.out")"

echo "== vinduet åpnes"
wine "$exe" --register "$win_register" >"$work/gui.log" 2>&1 &
window=$(wait_window Samkart 120) || fail "vinduet kom ikke opp: $(cat "$work/gui.log")"
sleep 3
screenshot_not_blank "$window" "$work/windows.png"
if [ -n "${SAMKART_SHOTS:-}" ]; then cp "$work/windows.png" "$SAMKART_SHOTS/windows.png"; fi
wineserver -k
wineserver -w

echo "== avinstallering lar registrene og sikkerhetskopiene ligge"
wine "$installed/avinstaller.exe" /S
wineserver -w
[ ! -e "$exe" ] || fail "samkart.exe ble ikke fjernet"
[ ! -e "$installed" ] || fail "programmappen ble ikke fjernet"
[ ! -e "$start_menu" ] || fail "snarveien i Start-menyen ble ikke fjernet"
[ -z "$(find -L "$profile/Desktop" -name Samkart.lnk 2>/dev/null)" ] || fail "snarveien på skrivebordet ble ikke fjernet"
if wine reg query "$uninstall_key" >/dev/null 2>&1; then fail "oppføringen i «Apper» ble ikke fjernet"; fi
[ -f "$default" ] || fail "avinstalleringen fjernet standardregisteret"
[ -f "$register" ] && [ -d "$profile/Documents/$folder/backups" ] || fail "avinstalleringen fjernet brukerens filer"

echo "== installasjon i en valgt mappe med æøå og mellomrom (/D=)"
# /D= must come last and unquoted, as a user types it: through cmd, which passes the line as
# it is (wine itself would quote an argument with spaces).
cp "$setup" "$WINEPREFIX/drive_c/samkart-setup.exe"
wine cmd /c 'C:\samkart-setup.exe /S /D=C:\Programmer for Bærum og Øvre Eiker\Samkart'
wineserver -w
chosen="$WINEPREFIX/drive_c/Programmer for Bærum og Øvre Eiker/Samkart/samkart.exe"
[ -f "$chosen" ] || fail "samkart.exe ble ikke installert i den valgte mappen"
wine "$chosen" validate "$win_register" | tr -d '\r' | grep -q gyldig || fail "programmet i den valgte mappen virker ikke"

echo "OK: Windows-installasjonen"
