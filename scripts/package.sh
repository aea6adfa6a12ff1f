#!/usr/bin/env bash
# Builds the Debian package for company IT: target/debian/frontline_<version>_amd64.deb
# (the program with its library built in, a desktop entry and icon, the manual page and
# the licences). Installs cargo-deb (crates.io) and dpkg-dev (Debian) when they are missing.
#
#   scripts/package.sh                 # release build, then the package
#   DEB_VERSION=0.1.1 scripts/package.sh --no-build   # repackage the last build
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-deb >/dev/null || cargo install cargo-deb --locked
if ! command -v dpkg-shlibdeps >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dpkg-dev
fi
if [ "${1:-}" != "--no-build" ]; then
    cargo build --release --locked --bin frontline
fi
mkdir -p target/package
target/release/frontline man > target/package/frontline.1
gzip -9nf target/package/frontline.1
args=(--no-build --locked -p frontline)
if [ -n "${DEB_VERSION:-}" ]; then
    args+=(--deb-version "$DEB_VERSION")
fi
deb=$(cargo deb "${args[@]}" | tail -1)
ls -la "$deb"
echo "$deb"
