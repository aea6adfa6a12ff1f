#!/usr/bin/env bash
# The training lead's view at cohort scale: 100 and 1 000 trainees × 50 attempts each.
# Measures `report`, `report --html`, opening the Team screen (reading the summaries and
# building the dashboard, as the screen does), the Team screen's CPU cost per frame while
# scrolling, and `pull` of every statement of the larger cohort from an LRS that pages
# (500 000 and more), wall time and peak memory (GNU time). The pull is also killed
# mid-way and run again: it must resume and keep every statement once.
#
#   scripts/bench-team.sh
#
# Targets (1 000 × 50): report <= 1 s, report --html <= 3 s, Team screen open <= 1 s,
# frames well under 16 ms, pull peak memory <= 200 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v /usr/bin/time >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time; }
cargo build --release --quiet --no-default-features --bin frontline
cargo build --release --quiet -p frontline-records --example cohort --example team_open
bin=target/release/frontline
work=target/bench-team
mkdir -p "$work"

measure() { # LABEL COMMAND...
    local label=$1; shift
    local tmp
    tmp=$(mktemp)
    /usr/bin/time -f '%e %M' -o "$tmp" "$@" >/dev/null 2>/dev/null || true
    printf "  %-34s %8.2f s %8.0f MB\n" "$label" "$(tail -1 "$tmp" | cut -d' ' -f1)" "$(tail -1 "$tmp" | awk '{print $2/1024}')"
    rm -f "$tmp"
}

for trainees in 100 1000; do
    n=$((trainees * 50))
    data="$work/cohort-$trainees"
    if [ ! -f "$data/.complete" ]; then
        rm -rf "$data"
        target/release/examples/cohort "$data" "$n" "$trainees" 2>/dev/null
        touch "$data/.complete"
    fi
    echo "== $trainees trainees × 50 = $n attempts ($(du -m "$data/records.sqlite3" | cut -f1) MB of records)"
    measure "report" "$bin" --data-dir "$data" report
    measure "report --format json" "$bin" --data-dir "$data" report --format json
    measure "report --html" "$bin" --data-dir "$data" report --html "$work/team-$trainees.html"
    echo "  team-$trainees.html: $(du -k "$work/team-$trainees.html" | cut -f1) KB"
    printf "  Team screen: %s\n" "$(target/release/examples/team_open "$data")"
done

if [ -z "${SKIP_FRAMES:-}" ]; then
echo "== Team screen frames (CPU: layout and tessellation, debug build of the view)"
for learners in 100 1000; do
    printf "  %s\n" "$(cargo run --quiet --example team_frames -- "$learners" 2>/dev/null)"
done
fi

count() { python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('select count(*) from pulled_statement').fetchone()[0], c.execute('select count(*) from pulled_attempt').fetchone()[0])" "$1/records.sqlite3"; }
port=${BENCH_LRS_PORT:-18474}
export FRONTLINE_LRS_USERNAME=bench FRONTLINE_LRS_PASSWORD=bench
for trainees in 100 1000; do
    echo "== pull of the $trainees-trainee cohort from an LRS that pages (500 statements a page)"
    statements="$work/statements-$trainees.json"
    [ -f "$statements" ] || "$bin" --data-dir "$work/cohort-$trainees" export --xapi "$statements" 2>/dev/null
    python3 scripts/bench/fake_lrs_pull.py "$port" "$statements" 2>"$work/fake-lrs.log" &
    lrs=$!
    trap 'kill $lrs 2>/dev/null || true' EXIT
    for _ in $(seq 600); do
        grep -q statements "$work/fake-lrs.log" 2>/dev/null && break
        sleep 1
    done
    cat "$work/fake-lrs.log"
    export FRONTLINE_LRS_ENDPOINT="http://127.0.0.1:$port/xAPI/"
    fresh="$work/pulled-$trainees"
    rm -rf "$fresh"
    measure "pull (all)" "$bin" --data-dir "$fresh" pull
    "$bin" --data-dir "$fresh" pull 2>/dev/null | sed 's/^/  again: /'
    echo "  kept (statements, attempts): $(count "$fresh")"
    measure "report of the pulled cohort" "$bin" --data-dir "$fresh" report
    if [ "$trainees" = 1000 ]; then
        killed="$work/pulled-killed"
        rm -rf "$killed"
        "$bin" --data-dir "$killed" pull >/dev/null 2>&1 &
        victim=$!
        sleep "${KILL_AFTER:-8}"
        kill -9 "$victim" 2>/dev/null || true
        wait "$victim" 2>/dev/null || true
        echo "  killed after ${KILL_AFTER:-8} s with (statements, attempts): $(count "$killed")"
        measure "pull (resumed)" "$bin" --data-dir "$killed" pull
        echo "  after resuming (statements, attempts): $(count "$killed")"
    fi
    kill $lrs 2>/dev/null || true
    wait $lrs 2>/dev/null || true
done
