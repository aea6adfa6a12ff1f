#!/usr/bin/env bash
# Says on the session's AT-SPI bus that a screen reader has started (on) or quit (off), as
# Orca does: applications attach their accessibility tree, or drop it, while they run.
#
#   scripts/a11y/screen-reader.sh on|off
set -euo pipefail
case "${1:-}" in
    on) value=true ;;
    off) value=false ;;
    *) echo "usage: $0 on|off" >&2; exit 2 ;;
esac
gdbus call --session --dest org.a11y.Bus --object-path /org/a11y/bus \
    --method org.freedesktop.DBus.Properties.Set org.a11y.Status ScreenReaderEnabled "<$value>" >/dev/null
