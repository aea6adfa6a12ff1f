#!/usr/bin/env bash
# Proves the package in a clean system: makes a fresh Debian root with debootstrap, installs
# the .deb there with apt (which must resolve every dependency from Debian alone), and runs
# inside it, as an ordinary user with an empty home:
#   frontline --version
#   frontline check                      (the whole built-in library, from an empty folder)
#   frontline play angry-customer        (piped answers, to a debrief, recorded)
#   the game window under Xvfb, with a screenshot (target/deb-test/window.png)
# then reinstalls the package and upgrades it to a newer version, checking that the
# trainee's records survive both. Needs root (debootstrap, chroot) and about 10 minutes and
# 1.5 GB the first time; the root is kept in DEB_TEST_ROOT for the next run.
#
#   scripts/package.sh && scripts/deb-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=${DEB_TEST_ROOT:-/var/tmp/frontline-debroot}
suite=${DEB_TEST_SUITE:-bookworm}
mirror=${DEB_TEST_MIRROR:-http://deb.debian.org/debian}
out=target/deb-test
mkdir -p "$out"
deb=$(ls target/debian/frontline_*_amd64.deb 2>/dev/null | sort -V | tail -1 || true)
[ -n "$deb" ] || { echo "no package: run scripts/package.sh first" >&2; exit 1; }
command -v debootstrap >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap; }

if [ ! -x "$root/usr/bin/apt-get" ]; then
    echo "== debootstrap $suite into $root"
    rm -rf "$root"
    debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$out/debootstrap.log" 2>&1 \
        || { tail -20 "$out/debootstrap.log"; exit 1; }
fi
mounted=()
mount_in() { mount --bind "$1" "$root$1"; mounted+=("$root$1"); }
cleanup() { for m in "${mounted[@]}"; do umount -l "$m" 2>/dev/null || true; done; }
trap cleanup EXIT
mount -t proc proc "$root/proc"; mounted+=("$root/proc")
mount_in /dev
mount_in /sys
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
as_user() { chroot "$root" /usr/bin/env -i PATH=/usr/bin:/bin LANG=C.UTF-8 HOME=/home/trainee USER=trainee \
    setpriv --reuid=trainee --regid=trainee --init-groups "$@"; }

echo "== install $(basename "$deb") with apt"
cp "$deb" "$root/tmp/frontline.deb"
in_root apt-get update -qq
# A root kept from an earlier run ends with a newer test version installed (the upgrade
# check below); start from no package, as a new machine does.
in_root env DEBIAN_FRONTEND=noninteractive dpkg --purge frontline >/dev/null 2>&1 || true
# The package, and only what the test itself needs besides: a virtual display and a
# screenshot tool. The package's own Depends bring the rest.
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/frontline.deb >"$out/install.log" 2>&1 \
    || { tail -30 "$out/install.log"; exit 1; }
in_root dpkg -s frontline | grep -E '^(Version|Depends|Installed-Size)'
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb imagemagick >"$out/test-tools.log" 2>&1
in_root id trainee >/dev/null 2>&1 || in_root useradd -m trainee

echo "== frontline --version"
as_user frontline --version
echo "== frontline check (from an empty home)"
as_user sh -c 'cd && frontline check' | tail -2
echo "== frontline play angry-customer (piped)"
# Exit status 1 means "ran, not passed", which answering 1 every time earns.
as_user sh -c 'cd && yes 1 | head -60 | frontline play angry-customer --seed 3 --profile IT; [ $? -le 1 ]' >"$out/play.log"
grep -E '^Overall|Saved to your records' "$out/play.log" || { tail -20 "$out/play.log"; exit 1; }
grep -q "recorded\|Saved" "$out/play.log" || true
as_user frontline report --format csv | tail -1
echo "== frontline doctor (no display)"
as_user frontline doctor || true

echo "== the game window under Xvfb"
as_user sh -c 'Xvfb :77 -screen 0 1280x800x24 -nolisten tcp >/tmp/xvfb.log 2>&1 & echo $! > /tmp/xvfb.pid; sleep 2;
  XDG_RUNTIME_DIR=/tmp DISPLAY=:77 frontline --profile IT >/tmp/game.log 2>&1 & echo $! > /tmp/game.pid; sleep 12;
  DISPLAY=:77 import -window root /tmp/window.png; kill $(cat /tmp/game.pid) $(cat /tmp/xvfb.pid)' || true
cp "$root/tmp/window.png" "$out/window.png"
grep -i "panicked" "$root/tmp/game.log" && { echo "the game panicked" >&2; exit 1; }
echo "screenshot: $out/window.png"

echo "== reinstall, then upgrade: the records stay"
before=$(as_user frontline report --format csv | wc -l)
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall /tmp/frontline.deb >/dev/null
version=$(in_root dpkg-query -W -f='${Version}' frontline)
DEB_VERSION="$version+1" scripts/package.sh --no-build >/dev/null
newer=$(ls target/debian/frontline_*"$version"+1_amd64.deb | tail -1)
cp "$newer" "$root/tmp/frontline-newer.deb"
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/frontline-newer.deb >/dev/null
in_root dpkg-query -W -f='installed ${Version}\n' frontline
after=$(as_user frontline report --format csv | wc -l)
[ "$before" = "$after" ] || { echo "records changed: $before -> $after lines" >&2; exit 1; }
echo "records kept: $((after - 1)) attempt(s)"
rm -f "$newer"
echo "== all checks passed in a clean $suite root"
