# Shared by the package smoke tests (tests/dist/*.sh): a private X display, waiting for a
# window, and a screenshot that must show something. Sourced, not run.

# Fails the test with a message.
fail() {
    echo "FEIL: $*" >&2
    exit 1
}

# Starts Xvfb on a free display (so parallel runs and other tests do not collide) and
# exports DISPLAY. Stopped by stop_xvfb (call it from the script's EXIT trap).
start_xvfb() {
    local dir=$1
    Xvfb -displayfd 9 -screen 0 1400x900x24 -nolisten tcp 9>"$dir/display" 2>"$dir/xvfb.log" &
    XVFB_PID=$!
    for _ in $(seq 100); do
        [ -s "$dir/display" ] && break
        sleep 0.1
    done
    [ -s "$dir/display" ] || fail "Xvfb startet ikke: $(cat "$dir/xvfb.log")"
    export DISPLAY=":$(cat "$dir/display")"
}

stop_xvfb() {
    if [ -n "${XVFB_PID:-}" ]; then
        kill "$XVFB_PID" 2>/dev/null || true
        wait "$XVFB_PID" 2>/dev/null || true
    fi
}

# Waits up to $2 seconds for a visible window whose title contains $1; prints its id.
wait_window() {
    local title=$1 seconds=$2 id
    for _ in $(seq $((seconds * 2))); do
        id=$(xdotool search --onlyvisible --name "$title" 2>/dev/null | head -n1 || true)
        if [ -n "$id" ]; then
            echo "$id"
            return 0
        fi
        sleep 0.5
    done
    return 1
}

# Screenshots window $1 into $2 and fails unless it shows drawn content: a window egui drew
# has hundreds of colours from its anti-aliased text; a blank, black or unpainted one has
# one or two.
screenshot_not_blank() {
    local window=$1 shot=$2 colours
    import -window "$window" "$shot"
    colours=$(identify -format '%k' "$shot")
    echo "skjermbilde $shot: $colours farger"
    [ "$colours" -ge 64 ] || fail "vinduet er tomt på skjermbildet $shot ($colours farger)"
}
