#!/usr/bin/env bash
# The customer's voice end to end, as a trainee hears it: the game in a window under Xvfb,
# V pressed, an answer given, and the sound the game makes through speech-dispatcher and
# espeak-ng recorded from a PulseAudio sink that goes nowhere, then measured with sox.
#
#   scripts/voice-check.sh [BINARY] [LANG] [SCENARIO]     (default: target/debug/frontline en angry-customer)
#
# Needs: xvfb xdotool pulseaudio pulseaudio-utils speech-dispatcher
# speech-dispatcher-espeak-ng sox mesa-vulkan-drivers (Debian packages). Everything runs in
# a temporary home, so the machine's own speech and sound servers are not touched.
# Prints the recording's length, its loud seconds and its RMS; exits 1 when it is silent.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-target/debug/frontline}")
lang=${2:-en}
scenario=${3:-angry-customer}
for tool in Xvfb xdotool pulseaudio pactl parec speech-dispatcher sox; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done

work=$(mktemp -d)
export HOME=$work/home XDG_RUNTIME_DIR=$work/run
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    pkill -f "speech-dispatcher.*$work" 2>/dev/null || true
    pulseaudio --kill 2>/dev/null || true
    sleep 0.5
    rm -rf "$work"
}
trap cleanup EXIT

# A sound server whose only output is a sink we record from.
pulseaudio -D --exit-idle-time=-1 --log-target=file:"$work/pulse.log" 2>/dev/null
for _ in $(seq 50); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
pactl load-module module-null-sink sink_name=frontline_check >/dev/null
pactl set-default-sink frontline_check

display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
export DISPLAY=$display
sleep 1

parec -d frontline_check.monitor --file-format=wav "$work/heard.wav" &
pids+=($!)

FRONTLINE_DATA_DIR=$work/data "$bin" --lang "$lang" --profile Listener --scenario "$scenario" \
    --seed 3 >"$work/game.log" 2>&1 &
game=$!
pids+=($game)
win=
for _ in $(seq 200); do
    win=$(xdotool search --name '^Frontline$' 2>/dev/null | head -1) && [ -n "$win" ] && break
    sleep 0.2
done
[ -n "$win" ] || { echo "the game window did not open" >&2; cat "$work/game.log" >&2; exit 2; }
# Until the conversation is on screen (the game logs its seed then).
for _ in $(seq 300); do grep -q "$scenario: seed" "$work/game.log" && break; sleep 0.1; done
sleep 1
xdotool windowfocus --sync "$win" 2>/dev/null || true
started=$(date +%s.%N)
xdotool key --clearmodifiers v
# The first line: speech-dispatcher starts on demand (seconds, cold), then speaks it.
sleep 14
xdotool key --clearmodifiers 1
sleep 12
kill "$game" 2>/dev/null || true
sleep 0.5
for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
sleep 0.5

ready=$(grep -o 'speech ready in [0-9]* ms' "$work/game.log" || echo "speech not ready")
stat=$(sox "$work/heard.wav" -n stat 2>&1)
length=$(awk -F: '/^Length/ {print $2+0}' <<<"$stat")
rms=$(awk -F: '/^RMS +amplitude/ {print $2+0}' <<<"$stat")
# Loud seconds: the recording with its silences (below 1 %) removed.
sox "$work/heard.wav" "$work/voiced.wav" silence 1 0.05 1% -1 0.3 1% 2>/dev/null
voiced=$(sox "$work/voiced.wav" -n stat 2>&1 | awk -F: '/^Length/ {print $2+0}')
echo "voice check ($lang, $scenario): $ready; recorded ${length} s, of which ${voiced:-0} s speech; RMS ${rms}"
cp "$work/heard.wav" "target/voice-check-$lang.wav" 2>/dev/null || true
awk -v v="${voiced:-0}" 'BEGIN { exit !(v > 1.0) }' || { echo "silent: the game was not heard" >&2; exit 1; }
