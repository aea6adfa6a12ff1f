#!/usr/bin/env bash
# Runs a command inside what a Linux desktop with a screen reader provides: a virtual
# display (Xvfb), a D-Bus session bus, and the AT-SPI accessibility bus with accessibility
# switched on (as Orca switches it on), so a program's accessibility tree can be read.
#
#   scripts/a11y/with-screen-reader-bus.sh COMMAND [ARGS...]
#
# Needs the Debian packages xvfb, dbus-x11, at-spi2-core and python3-pyatspi.
set -euo pipefail
for tool in Xvfb dbus-launch /usr/libexec/at-spi-bus-launcher; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install xvfb dbus-x11 at-spi2-core python3-pyatspi" >&2; exit 2; }
done
display=":${A11Y_DISPLAY:-93}"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
export DISPLAY="$display"
eval "$(dbus-launch --sh-syntax)"
cleanup() {
    kill "$xvfb" 2>/dev/null || true
    [ -n "${launcher:-}" ] && kill "$launcher" 2>/dev/null || true
    kill "$DBUS_SESSION_BUS_PID" 2>/dev/null || true
}
trap cleanup EXIT
/usr/libexec/at-spi-bus-launcher --launch-immediately >/dev/null 2>&1 &
launcher=$!
for _ in $(seq 50); do
    gdbus call --session --dest org.a11y.Bus --object-path /org/a11y/bus \
        --method org.a11y.Bus.GetAddress >/dev/null 2>&1 && break
    sleep 0.1
done
# What a screen reader does on start: tell applications that assistive technology is on.
# With A11Y_SCREEN_READER=off the bus is there but no screen reader has started yet;
# `scripts/a11y/screen-reader.sh on|off` then starts and stops one.
gdbus call --session --dest org.a11y.Bus --object-path /org/a11y/bus \
    --method org.freedesktop.DBus.Properties.Set org.a11y.Status IsEnabled '<true>' >/dev/null
bash "$(dirname "$0")/screen-reader.sh" "${A11Y_SCREEN_READER:-on}"
export NO_AT_BRIDGE=0
"$@"
