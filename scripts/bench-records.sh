#!/usr/bin/env bash
# Records at cohort scale: report, compare, export and sync over generated cohorts of
# 5 000 and 50 000 attempts, wall time and peak memory (GNU time), with a baseline program
# measured in the same run on a copy of the same records when BASELINE is given.
#
#   scripts/bench-records.sh                       # this checkout only
#   BASELINE=/path/to/old/frontline scripts/bench-records.sh
#
# Targets at 50 000 attempts: report <= 1 s, compare <= 50 ms, export and sync peak
# memory <= 100 MB. The cohorts are kept in target/bench-records/ for the next run.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v /usr/bin/time >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time; }
cargo build --release --quiet --no-default-features --bin frontline
cargo build --release --quiet -p frontline-records --example cohort
new=target/release/frontline
work=target/bench-records
mkdir -p "$work"
port=${BENCH_LRS_PORT:-18473}
python3 scripts/bench/fake_lrs.py "$port" &
lrs=$!
trap 'kill $lrs 2>/dev/null || true' EXIT
sleep 0.5
export FRONTLINE_LRS_ENDPOINT="http://127.0.0.1:$port/xAPI/" FRONTLINE_LRS_USERNAME=bench FRONTLINE_LRS_PASSWORD=bench

measure() { # LABEL DATA COMMAND...
    local label=$1 data=$2; shift 2
    local out tmp
    tmp=$(mktemp)
    /usr/bin/time -f '%e %M' -o "$tmp" "$@" --data-dir "$data" >/dev/null 2>/dev/null || true
    out=$(tail -1 "$tmp"); rm -f "$tmp"
    printf "  %-34s %8.2f s %8.0f MB\n" "$label" "$(echo "$out" | cut -d' ' -f1)" "$(echo "$out" | awk '{print $2/1024}')"
}

for n in 5000 50000; do
    data="$work/cohort-$n"
    if [ ! -f "$data/.complete" ]; then
        rm -rf "$data"
        target/release/examples/cohort "$data" "$n" 1000
        touch "$data/.complete"
    fi
    size=$(du -m "$data/records.sqlite3" | cut -f1)
    echo "== $n attempts ($size MB of records)"
    for who in new baseline; do
        if [ "$who" = baseline ]; then
            [ -n "${BASELINE:-}" ] || continue
            bin=$BASELINE
            copy="$work/cohort-$n-baseline"
            rm -rf "$copy"; cp -r "$data" "$copy"
            # The baseline knows schema 1; the added columns and tables do not disturb it.
            python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA user_version=1'); c.execute('DELETE FROM sent'); c.commit()" "$copy/records.sqlite3"
            d=$copy
        else
            bin=$new
            copy="$work/cohort-$n-new"
            rm -rf "$copy"; cp -r "$data" "$copy"
            d=$copy
        fi
        echo " $who ($bin)"
        measure "report" "$d" "$bin" report
        measure "report --format csv" "$d" "$bin" report --format csv
        measure "compare 1 2" "$d" "$bin" compare 1 2
        measure "export --xapi" "$d" "$bin" export --xapi "$work/export-$who.json"
        measure "sync (everything to send)" "$d" "$bin" sync
        measure "sync (nothing to send)" "$d" "$bin" sync
        rm -f "$work/export-$who.json"
    done
done
