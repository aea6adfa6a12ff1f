#!/usr/bin/env bash
# Start a real xAPI LRS on 127.0.0.1 for end-to-end tests: Learning Locker's
# xAPI statements service (npm @learninglocker/xapi-statements, GPL-3.0; the
# statements half of Learning Locker), with its in-memory models repo (the repo
# its own test suite runs on; no database server, data is lost on stop).
# Filters (agent, verb, activity, registration, related_*, since, until, limit,
# ascending, `more` cursor), voiding, conflict checks and statementId /
# voidedStatementId fetches are all implemented by the service itself.
#
# Usage: scripts/lrs-server.sh [PORT] [--background]   install if needed, start
#        scripts/lrs-server.sh --stop [PORT]           stop (all when no PORT)
#        scripts/lrs-server.sh --install               install only
# PORT:  $1, else $LRS_PORT, else 8100.
# Env:   LRS_USER (default frontline), LRS_PASSWORD (default secret): HTTP Basic
#        credentials; LRS_HOME (default <repo>/target/lrs-server): install and run
#        folder; LRS_START_TIMEOUT seconds (default 60).
# Prints `lrs-server: ready http://127.0.0.1:PORT/xAPI/` once GET /xAPI/about
# answers. Foreground: runs until Ctrl-C. --background: writes
# $LRS_HOME/run/PORT/pid (and lrs.env, server.log there) and exits 0 when ready.
# Needs node + npm (installed with apt-get when missing) and the npm registry
# the first time (~45 s, ~190 MB); afterwards the install check is instant.
# Caveats (memory repo): `since`/`until` compare against `stored` as STRINGS, so
# pass them exactly as `stored` is written (UTC, milliseconds, Z:
# 2026-01-02T03:04:05.678Z); the `more` link is relative to the server root.
# Requests other than /xAPI/about need X-Experience-API-Version (400 without).
set -euo pipefail

LL_PACKAGE='@learninglocker/xapi-statements'
LL_VERSION='7.8.0'

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LRS_HOME="${LRS_HOME:-$ROOT/target/lrs-server}"
APP="$LRS_HOME/app"
RUNS="$LRS_HOME/run"
USER_NAME="${LRS_USER:-frontline}"
PASSWORD="${LRS_PASSWORD:-secret}"
TIMEOUT="${LRS_START_TIMEOUT:-60}"

log() { echo "lrs-server: $*" >&2; }
die() { echo "lrs-server: ERROR: $*" >&2; exit 1; }

MODE=start BACKGROUND=0 PORT=''
for arg in "$@"; do
  case "$arg" in
    --background) BACKGROUND=1 ;;
    --stop) MODE=stop ;;
    --install) MODE=install ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    [0-9]*) PORT="$arg" ;;
    *) die "unknown argument: $arg (see --help)" ;;
  esac
done

# ------------------------------------------------------------------------ stop
stop_one() { # $1 = run folder of one port
  local dir="$1" pid
  [ -f "$dir/pid" ] || return 0
  pid="$(cat "$dir/pid")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    log "stopped pid $pid (port $(basename "$dir"))"
  else
    log "pid $pid (port $(basename "$dir")) was not running"
  fi
  rm -f "$dir/pid"
}
if [ "$MODE" = stop ]; then
  PORT="${PORT:-${LRS_PORT:-}}"
  if [ -n "$PORT" ]; then
    stop_one "$RUNS/$PORT"
  else
    for d in "$RUNS"/*/; do [ -d "$d" ] && stop_one "${d%/}"; done
  fi
  exit 0 # no database server to stop: the models live in the node process
fi

PORT="${PORT:-${LRS_PORT:-8100}}"
[[ "$PORT" =~ ^[0-9]+$ ]] && [ "$PORT" -ge 1 ] && [ "$PORT" -le 65535 ] || die "bad port: $PORT"

# --------------------------------------------------------------------- install
installed_version() {
  local pj="$APP/node_modules/$LL_PACKAGE/package.json"
  [ -f "$pj" ] && node -e 'process.stdout.write(require(process.argv[1]).version)' "$pj" 2>/dev/null
}
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  command -v apt-get >/dev/null || die "node/npm missing and no apt-get"
  log "installing nodejs + npm with apt-get"
  start=$SECONDS
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq nodejs npm >/dev/null || die "apt-get install nodejs npm failed"
  log "nodejs $(node --version) installed in $((SECONDS - start))s"
fi
if [ "$(installed_version || true)" != "$LL_VERSION" ] ||
  [ ! -f "$APP/node_modules/express/package.json" ]; then
  log "npm install $LL_PACKAGE@$LL_VERSION into $APP"
  start=$SECONDS
  mkdir -p "$APP"
  [ -f "$APP/package.json" ] || echo '{"name":"frontline-lrs-server","private":true}' >"$APP/package.json"
  # --ignore-scripts: the only install scripts are a deprecation notice
  # (aws-sdk), core-js's banner and an optional New Relic native add-on.
  (cd "$APP" && npm install --omit=dev --no-audit --no-fund --ignore-scripts \
    --loglevel=error "$LL_PACKAGE@$LL_VERSION") >&2 || die "npm install failed"
  [ "$(installed_version || true)" = "$LL_VERSION" ] || die "npm install did not install $LL_PACKAGE@$LL_VERSION"
  log "installed in $((SECONDS - start))s"
fi
DIST="$APP/node_modules/$LL_PACKAGE/dist"
[ "$MODE" = install ] && { log "$LL_PACKAGE@$LL_VERSION installed in $APP"; exit 0; }

# ---------------------------------------------------------------------- launch
RUN="$RUNS/$PORT"
mkdir -p "$RUN/storage" "$RUN/accessLogs"
if [ -f "$RUN/pid" ] && kill -0 "$(cat "$RUN/pid")" 2>/dev/null; then
  die "an LRS started by this script already runs on port $PORT (pid $(cat "$RUN/pid")); use --stop $PORT"
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  die "something already listens on 127.0.0.1:$PORT; choose another port"
fi

# The launcher (rewritten at each start): binds the service to 127.0.0.1, checks
# HTTP Basic credentials (401 otherwise), serves the client record that the
# service's `fetch` auth repo asks for, and keeps the service from dialling a
# MongoDB it does not use (it connects eagerly even with the memory repos).
cat >"$LRS_HOME/launcher.js" <<'EOF'
'use strict';
const http = require('http');
const net = require('net');
const path = require('path');
const crypto = require('crypto');
const Module = require('module');

const dist = process.env.LRS_DIST;
const host = '127.0.0.1';
const port = Number(process.env.EXPRESS_PORT);
const user = process.env.LRS_USER;
const expected = Buffer.from('Basic ' + Buffer.from(user + ':' + process.env.LRS_PASSWORD).toString('base64'));
const authorized = (header) => {
  const got = Buffer.from(String(header || ''));
  return got.length === expected.length && crypto.timingSafeEqual(got, expected);
};
const client = {
  _id: '000000000000000000000001',
  title: 'frontline test client',
  authority: { objectType: 'Agent', name: user, account: { homePage: `http://${host}:${port}`, name: user } },
  isTrusted: true,
  lrs_id: '000000000000000000000002',
  organisation: '000000000000000000000003',
  scopes: ['all'],
};

// Stub the eager MongoDB connection (unused with MODELS_REPO=memory, AUTH_REPO=fetch).
const mongoPath = path.join(dist, 'repo/utils/connectToMongoDb.js');
const stub = new Module(mongoPath);
stub.filename = mongoPath;
stub.loaded = true;
stub.exports = { __esModule: true, default: () => new Promise(() => {}) };
require.cache[mongoPath] = stub;

// Client-info endpoint for the `fetch` auth repo, on an ephemeral loopback port.
const authServer = http.createServer((req, res) => {
  if (authorized(req.headers.authorization)) {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(client));
  } else {
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end('{"message":"No client"}');
  }
});
authServer.listen(0, host, () => {
  process.env.LL_CLIENT_INFO_ENDPOINT = `http://${host}:${authServer.address().port}/auth`;
  const createServer = http.createServer;
  http.createServer = function (...args) {
    const app = args[args.length - 1];
    const guarded = (req, res) => {
      const p = (req.url || '').split('?')[0];
      if (req.method !== 'OPTIONS' && p.startsWith('/xAPI/') && p !== '/xAPI/about' &&
          !authorized(req.headers.authorization)) {
        res.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Basic realm="xAPI"',
          'X-Experience-API-Version': '1.0.3' });
        res.end('{"message":"Unauthorized: HTTP Basic credentials required"}');
        return;
      }
      app(req, res);
    };
    return createServer.apply(this, args.slice(0, -1).concat([guarded]));
  };
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function (...args) {
    if (args[0] === port && typeof args[1] === 'function') args.splice(1, 0, host);
    return listen.apply(this, args);
  };
  require(path.join(dist, 'index.js'));
});
EOF

export LRS_DIST="$DIST" LRS_USER="$USER_NAME" LRS_PASSWORD="$PASSWORD"
export EXPRESS_PORT="$PORT" MODELS_REPO=memory AUTH_REPO=fetch EVENTS_REPO=test STORAGE_REPO=local
export FS_LOCAL_STORAGE_DIR="$RUN/storage" EXPRESS_MORGAN_DIRECTORY="$RUN/accessLogs"
# Voiding, reference and activity updates finish before the POST/PUT answers,
# so a GET right after a voiding statement already excludes the voided one.
export SERVICE_AWAIT_UPDATES=true
export WINSTON_CONSOLE_LEVEL="${WINSTON_CONSOLE_LEVEL:-info}"
export AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE=1 # aws-sdk v2 is loaded but unused
cd "$RUN"

URL="http://127.0.0.1:$PORT"
wait_ready() { # $1 = pid
  local deadline=$((SECONDS + TIMEOUT))
  while :; do
    kill -0 "$1" 2>/dev/null || { tail -n 30 "$RUN/server.log" >&2 2>/dev/null; die "the LRS exited during start-up"; }
    if node -e '
      require("http").get(process.argv[1], { timeout: 1000 }, (r) => process.exit(r.statusCode === 200 ? 0 : 1))
        .on("error", () => process.exit(1));' "$URL/xAPI/about" 2>/dev/null; then
      return 0
    fi
    [ "$SECONDS" -lt "$deadline" ] || { kill "$1" 2>/dev/null; die "no answer from $URL/xAPI/about after ${TIMEOUT}s"; }
    sleep 0.2
  done
}
announce() {
  cat >"$RUN/lrs.env" <<EOF
LRS_PID=$1
LRS_URL=$URL/xAPI/
LRS_USER=$USER_NAME
LRS_PASSWORD=$PASSWORD
EOF
  log "user $USER_NAME, password $PASSWORD, pid $1, log $RUN/server.log"
  echo "lrs-server: ready $URL/xAPI/"
}

if [ "$BACKGROUND" = 1 ]; then
  setsid node "$LRS_HOME/launcher.js" >"$RUN/server.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$RUN/pid"
  wait_ready "$pid"
  announce "$pid"
  exit 0
fi

node "$LRS_HOME/launcher.js" > >(tee "$RUN/server.log" >&2) 2>&1 &
pid=$!
echo "$pid" >"$RUN/pid"
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -f "$RUN/pid"; exit 0' INT TERM
wait_ready "$pid"
announce "$pid"
wait "$pid" || true
rm -f "$RUN/pid"
