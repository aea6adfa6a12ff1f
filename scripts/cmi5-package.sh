#!/usr/bin/env bash
# The cmi5 course package of the library for an LMS: target/cmi5/frontline-cmi5.zip holding
# cmi5.xml (one assignable unit per scenario, launched as frontline://launch/SCENARIO; the
# program itself is installed on the learners' computers, e.g. from the .deb).
#
#   scripts/cmi5-package.sh                      # the built-in library
#   scripts/cmi5-package.sh --content DIR        # with a company's content folder on top
#   FRONTLINE=path/to/frontline scripts/cmi5-package.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/cmi5
mkdir -p "$out"
if [ -n "${FRONTLINE:-}" ]; then
    bin=$FRONTLINE
else
    cargo build --quiet --no-default-features --bin frontline
    bin=target/debug/frontline
fi
"$bin" "$@" cmi5 --course "$out/cmi5.xml"
python3 - "$out" <<'PY'
import sys, zipfile, pathlib
out = pathlib.Path(sys.argv[1])
with zipfile.ZipFile(out / "frontline-cmi5.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.write(out / "cmi5.xml", "cmi5.xml")
print(f"wrote {out / 'frontline-cmi5.zip'}")
PY
