#!/usr/bin/env bash
# Start-up time, memory and idle CPU of the release game against a bare Bevy + bevy_egui
# window built with the same features (crates/game/examples/bare.rs), both under Xvfb, and
# against an older build of the game when BASELINE names one, all in the same run.
#
#   scripts/bench-game.sh
#   BASELINE=/path/to/old/frontline scripts/bench-game.sh
#   NO_BUILD=1 FRONTLINE=… BARE=… scripts/bench-game.sh    # measure given binaries
#
# Measured from outside with public tools only: Xvfb, xdotool, imagemagick and /proc.
#   first frame  ms from launch until the window shows a drawn (non-black) pixel,
#                polled with `import` every ~50 ms, so resolution is about 50 ms;
#   RSS          VmRSS from /proc/PID/status, the game in a conversation;
#   idle CPU     utime+stime from /proc/PID/stat over 10 s without input, % of one core,
#                unfocused and then focused (in a conversation, focused, the response
#                clock runs: reading, then the time budget);
#   size         the binary as built (stripped by the release profile).
# Targets: first frame <= 1.0x bare, RSS in a conversation <= 150 MB, CPU while the clock
# runs <= 2 % of a core, idle <= 2 %.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in Xvfb xdotool import bc; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install xvfb xdotool imagemagick bc mesa-vulkan-drivers" >&2; exit 1; }
done
frontline=${FRONTLINE:-target/release/frontline}
bare=${BARE:-target/release/examples/bare}
if [ -z "${NO_BUILD:-}" ]; then
  cargo build --release --quiet --bin frontline && cargo build --release --quiet -p frontline-game --example bare
fi
display=":${BENCH_DISPLAY:-98}"
Xvfb "$display" -screen 0 1280x800x24 -br -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; kill "$xvfb" 2>/dev/null; true; }
trap cleanup EXIT
export DISPLAY="$display"
sleep 1
hz=$(getconf CLK_TCK)
data=$(mktemp -d)

ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
drawn() { # the pixel at (20,60) is no longer black
  local px
  px=$(import -window root -crop 1x1+20+60 -depth 8 txt:- 2>/dev/null | tail -1 | grep -o '#[0-9A-F]\{6\}' || true)
  [ -n "$px" ] && [ "$px" != "#000000" ]
}
idle_cpu() { # PID SECONDS
  local t0 t1
  t0=$(ticks "$1"); sleep "$2"; t1=$(ticks "$1")
  echo "scale=1; ($t1 - $t0) * 100 / ($hz * $2)" | bc
}
measure() { # NAME COMMAND...
  local name=$1; shift
  local start end
  start=$(date +%s%N)
  FRONTLINE_DATA_DIR="$data" "$@" >/dev/null 2>&1 &
  pid=$!
  until drawn; do
    kill -0 "$pid" 2>/dev/null || { echo "$name exited early" >&2; exit 1; }
    sleep 0.02
  done
  end=$(date +%s%N)
  local first=$(( (end - start) / 1000000 ))
  sleep 5
  local rss cpu cpu_focused
  rss=$(rss_mb "$pid")
  cpu=$(idle_cpu "$pid" 10)
  win=$(xdotool search --pid "$pid" 2>/dev/null | head -1 || true)
  cpu_focused="-"
  if [ -n "$win" ]; then
    xdotool windowfocus --sync "$win" 2>/dev/null || true
    sleep 1
    cpu_focused=$(idle_cpu "$pid" 10)
  fi
  printf "%-34s %8s ms %8s MB %10s %% %14s %%\n" "$name" "$first" "$rss" "$cpu" "$cpu_focused"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  sleep 1
}

size() { printf "%s: %.1f MB\n" "$1" "$(stat -c %s "$2" | awk '{print $1/1048576}')"; }
size "bare" "$bare"; size "Frontline" "$frontline"
[ -n "${BASELINE:-}" ] && size "baseline" "$BASELINE"
printf "%-34s %11s %11s %12s %16s\n" "" "first frame" "RSS" "idle CPU" "idle, focused"
for round in 1 2; do
  measure "bare Bevy + bevy_egui" "$bare"
  measure "Frontline, library" "$frontline" --profile Bench
  measure "Frontline, conversation" "$frontline" --profile Bench --scenario angry-customer --seed 1
  if [ -n "${BASELINE:-}" ]; then
    measure "baseline, library" "$BASELINE" --profile Bench
    measure "baseline, conversation" "$BASELINE" --profile Bench --scenario angry-customer --seed 1
  fi
done
rm -rf "$data"
