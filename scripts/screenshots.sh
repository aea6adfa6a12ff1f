#!/usr/bin/env bash
# Drives the release build under Xvfb with real key presses (xdotool), through
# profile -> library -> conversation -> debrief -> walk-through -> quiz -> progress ->
# compare -> replay -> trainer view -> preview, in English and Chinese, and saves one PNG per screen.
#
#   scripts/screenshots.sh [OUT_DIR]        (default: target/screenshots)
#   FRONTLINE=path/to/frontline scripts/screenshots.sh   # a given build, e.g. target/debug
#
# Needs: xvfb, xdotool, imagemagick, mesa-vulkan-drivers (Debian package names).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/screenshots}"
mkdir -p "$out"
for tool in Xvfb xdotool import; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install xvfb xdotool imagemagick mesa-vulkan-drivers" >&2; exit 1; }
done

if [ -n "${FRONTLINE:-}" ]; then
  bin=$(realpath "$FRONTLINE")
else
  cargo build --release --quiet
  bin="$PWD/target/release/frontline"
fi

display=":${SCREENSHOT_DISPLAY:-97}"
Xvfb "$display" -screen 0 1280x800x24 -br -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
game=""
cleanup() { [ -n "$game" ] && kill "$game" 2>/dev/null; kill "$xvfb" 2>/dev/null; true; }
trap cleanup EXIT
export DISPLAY="$display"
sleep 1

snap() { sleep "${2:-0.8}"; import -window root "$out/$1.png"; echo "  $out/$1.png"; }
key() { for k in "$@"; do xdotool key --clearmodifiers "$k"; sleep 0.35; done; }

for lang in ${LANGS:-en zh ko}; do
  echo "$lang:"
  data=$(mktemp -d)
  FRONTLINE_DATA_DIR="$data" "$bin" --lang "$lang" >"$out/game-$lang.log" 2>&1 &
  game=$!
  for _ in $(seq 100); do
    win=$(xdotool search --name '^Frontline$' 2>/dev/null | head -1) && [ -n "$win" ] && break
    sleep 0.2
  done
  [ -n "${win:-}" ] || { echo "the game window did not open; see $out/game-$lang.log" >&2; exit 1; }
  xdotool windowfocus --sync "$win" 2>/dev/null || true
  sleep 3
  snap "$lang-1-profile" 0.5
  xdotool type --delay 60 "Mei Lin"
  key Return
  snap "$lang-2-library" 2
  key 1
  snap "$lang-3-conversation" 2
  # Answer 2, 4, 1, 3, … until the conversation ends; keys past the end do nothing.
  for k in 4 2 1 3 4 1 2 4 3 1 2 4 1 3 2 4 1 2 3 4; do key "$k"; done
  snap "$lang-4-conversation-end"
  key Return
  snap "$lang-5-debrief" 1.5
  key w Right
  snap "$lang-6-walkthrough"
  key Escape q
  snap "$lang-7-quiz" 1
  key t
  snap "$lang-8-quiz-explanation"
  key Return
  for _ in $(seq 11); do key f Return; done
  snap "$lang-9-quiz-result" 1
  # A second conversation, then progress, a comparison of the two and a replay.
  key Escape 1
  sleep 1.5
  for k in 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1; do key "$k"; done
  key Return
  snap "$lang-10-second-debrief" 1.5
  key p
  snap "$lang-11-progress" 1.5
  key space Down space c
  snap "$lang-12-compare" 1
  key Escape r
  snap "$lang-13-replay" 1.5
  # The trainer view: checks, graph and balance of each file, then a preview.
  # Esc closes the replay's walk-through, Esc again leaves the debrief.
  key Escape
  sleep 0.5
  key Escape
  sleep 0.5
  key t
  snap "$lang-14-trainer" 2
  key Down Down
  snap "$lang-15-trainer-next-file" 2
  key Return
  snap "$lang-16-preview" 1.5
  kill "$game"; wait "$game" 2>/dev/null || true; game=""
  # Straight into a telephone call (the caller card), the reflection and, with more reading
  # time chosen, the clock's reading phase.
  open_straight() { # NAME ID
    FRONTLINE_DATA_DIR="$data" "$bin" --lang "$lang" --profile "Mei Lin" --scenario "$2" >>"$out/game-$lang.log" 2>&1 &
    game=$!
    for _ in $(seq 100); do
      win=$(xdotool search --name '^Frontline$' 2>/dev/null | head -1) && [ -n "$win" ] && break
      sleep 0.2
    done
    xdotool windowfocus --sync "$win" 2>/dev/null || true
    snap "$lang-$1" "${OPEN_WAIT:-3}"
  }
  open_straight 17-phone-call hotline-enquiry
  key 1
  snap "$lang-18-phone-call-second-turn" 1
  kill "$game"; wait "$game" 2>/dev/null || true; game=""
  open_straight 19-reflection who-is-the-customer
  key t
  snap "$lang-20-reflection-commentary" 1
  key Return
  for _ in $(seq 4); do key f Return; done
  snap "$lang-21-reflection-done" 1
  key Escape
  snap "$lang-22-library-course" 1.5
  kill "$game"; wait "$game" 2>/dev/null || true; game=""
  rm -rf "$data"
done
echo "Look at every PNG in $out."
