#!/usr/bin/env bash
# Install the third-party xAPI checkers used by the tests into target/xapi-tools/:
#   target/xapi-tools/venv   Python venv with ralph-malph (pydantic xAPI models,
#                            `ralph auth`, `ralph runserver` LRS with the fs backend)
#   target/xapi-tools/node   npm prefix with @learninglocker/xapi-validation, plus
#                            @xapi/cmi5 and xhr2 for scripts/cmi5/reference-au.js
#                            (an independent cmi5 AU used as the reference session)
# Idempotent: when the pinned versions are already installed it only checks them
# (well under a second). Needs python3 (>= 3.9) and npm, and access to PyPI/npm.
#
# Usage: scripts/xapi-tools.sh [--force]     (--force reinstalls both)
# Env:   PYTHON=/path/to/python3 to choose the interpreter for the venv.
set -euo pipefail

# Pinned versions (tested together).
RALPH_SPEC='ralph-malph[lrs,cli]==5.1.0'
# ralph.api imports ralph.api.auth.oidc, which imports `requests`; neither the
# `lrs` nor the `cli` extra pulls it in, so `ralph auth` and `ralph runserver`
# crash with "No module named 'requests'" without it.
PY_EXTRA_SPECS=('requests==2.34.2' 'pydantic==2.14.3')
LL_PACKAGE='@learninglocker/xapi-validation'
LL_VERSION='3.0.0'
# Reference cmi5 AU (scripts/cmi5/reference-au.js): @xapi/cmi5 (MIT) is a browser
# library; in node its bundled @xapi/xapi axios needs an XMLHttpRequest, given by
# xhr2 (MIT, no dependencies).
CMI5_PACKAGE='@xapi/cmi5'
CMI5_VERSION='1.4.0'
XHR_PACKAGE='xhr2'
XHR_VERSION='0.2.1'

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/target/xapi-tools"
VENV="$TOOLS/venv"
NODE_PREFIX="$TOOLS/node"
PY_STAMP="$VENV/.frontline-xapi-stamp"
PY_WANT="$RALPH_SPEC ${PY_EXTRA_SPECS[*]}"

FORCE=0
case "${1:-}" in
  --force) FORCE=1 ;;
  '') ;;
  -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
  *) echo "xapi-tools: unknown argument: $1 (use --force or nothing)" >&2; exit 2 ;;
esac

log() { echo "xapi-tools: $*"; }
die() { echo "xapi-tools: ERROR: $*" >&2; exit 1; }
trap 'rc=$?; [ $rc -ne 0 ] && echo "xapi-tools: FAILED (exit $rc); see the messages above" >&2' EXIT

mkdir -p "$TOOLS" || die "cannot create $TOOLS"

# ---------------------------------------------------------------- Python / ralph
# Quick check (~0.1 s): stamp + installed distribution metadata.
py_quick_ok() {
  [ -x "$VENV/bin/python" ] && [ -x "$VENV/bin/ralph" ] && [ -f "$PY_STAMP" ] &&
    [ "$(cat "$PY_STAMP")" = "$PY_WANT" ] &&
    "$VENV/bin/python" -c '
import importlib.metadata as m, sys
want = {"ralph-malph": "5.1.0", "requests": None, "bcrypt": None, "uvicorn": None, "fastapi": None}
for name, version in want.items():
    found = m.version(name)  # raises PackageNotFoundError when missing
    if version and found != version:
        sys.exit(1)
' >/dev/null 2>&1
}
# Full check after an install: the modules the validators and the LRS import.
py_full_ok() {
  (cd "$TOOLS" && RALPH_RUNSERVER_BACKEND=fs "$VENV/bin/python" -c \
    'import ralph.models.xapi.base.statements, ralph.api, bcrypt, uvicorn, requests')
}

if [ "$FORCE" = 0 ] && py_quick_ok; then
  log "ralph already installed: $PY_WANT ($VENV)"
else
  PYTHON="${PYTHON:-$(command -v python3 || true)}"
  [ -n "$PYTHON" ] && command -v "$PYTHON" >/dev/null ||
    die "python3 not found (PYTHON='${PYTHON}'; set PYTHON=/path/to/python3)"
  "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' ||
    die "$PYTHON is older than Python 3.9 (ralph-malph 5.1.0 needs >= 3.9)"
  start=$SECONDS
  if [ ! -x "$VENV/bin/python" ] || [ "$FORCE" = 1 ]; then
    log "creating venv $VENV with $("$PYTHON" --version 2>&1)"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV" || die "python -m venv failed (on Debian: apt-get install python3-venv)"
  fi
  log "pip install $PY_WANT"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "$RALPH_SPEC" "${PY_EXTRA_SPECS[@]}" || die "pip install failed"
  py_full_ok || die "ralph installed but its imports fail (see the traceback above); try $0 --force"
  printf '%s' "$PY_WANT" >"$PY_STAMP"
  log "ralph installed in $((SECONDS - start))s"
fi

# ------------------------------------------------------- npm / Learning Locker
npm_installed_version() { # $1 = package name
  local pj="$NODE_PREFIX/node_modules/$1/package.json"
  [ -f "$pj" ] && node -e 'process.stdout.write(require(process.argv[1]).version)' "$pj" 2>/dev/null
}

command -v node >/dev/null || die "node not found (Node >= 14 needed)"
NPM_WANT=("$LL_PACKAGE@$LL_VERSION" "$CMI5_PACKAGE@$CMI5_VERSION" "$XHR_PACKAGE@$XHR_VERSION")
npm_quick_ok() {
  [ "$(npm_installed_version "$LL_PACKAGE" || true)" = "$LL_VERSION" ] &&
    [ "$(npm_installed_version "$CMI5_PACKAGE" || true)" = "$CMI5_VERSION" ] &&
    [ "$(npm_installed_version "$XHR_PACKAGE" || true)" = "$XHR_VERSION" ] &&
    [ -f "$NODE_PREFIX/node_modules/$CMI5_PACKAGE/dist/Cmi5.umd.js" ] &&
    node -e 'const r = require("module").createRequire(process.argv[1] + "/package.json");
              process.exit(typeof r(process.argv[2]).default === "function" ? 0 : 1)' \
      "$NODE_PREFIX" "$LL_PACKAGE" >/dev/null 2>&1
}
if [ "$FORCE" = 0 ] && npm_quick_ok; then
  log "${NPM_WANT[*]} already installed ($NODE_PREFIX)"
else
  command -v npm >/dev/null || die "npm not found"
  start=$SECONDS
  mkdir -p "$NODE_PREFIX"
  log "npm install --prefix $NODE_PREFIX ${NPM_WANT[*]}"
  npm install --prefix "$NODE_PREFIX" --no-audit --no-fund --save-exact --loglevel=error \
    "${NPM_WANT[@]}" || die "npm install failed"
  npm_quick_ok || die "${NPM_WANT[*]} not all found under $NODE_PREFIX/node_modules after npm install"
  log "${NPM_WANT[*]} installed in $((SECONDS - start))s"
fi

log "ready: $VENV/bin/ralph, $NODE_PREFIX/node_modules/{$LL_PACKAGE,$CMI5_PACKAGE,$XHR_PACKAGE}"
