#!/usr/bin/env bash
# Start a throw-away ralph LRS (fs backend) on 127.0.0.1 in the background.
#
# Usage: scripts/xapi/ralph-lrs.sh [PORT=8100] [DIR=target/xapi-tools/lrs-runs]
#   Creates a fresh run folder DIR/ralph-lrs.XXXXXX with
#     data/        statement files (one new JSONL file per accepted POST/PUT)
#     app/         auth.json (made with `ralph auth`) and history.json
#     server.log   ralph/uvicorn log
#     lrs.env      LRS_PID, LRS_URL, LRS_RUN_DIR, LRS_USERNAME, LRS_PASSWORD (sourceable)
#   waits until GET /whoami answers 200 with the credentials, then prints the
#   server PID alone on stdout (everything else goes to stderr).
#   Stop it with: kill PID   (the reloader stops its worker; or kill -- -PID)
# Env: XAPI_LRS_USERNAME (default frontline), XAPI_LRS_PASSWORD (default secret),
#      XAPI_LRS_START_TIMEOUT seconds (default 60).
# The xAPI endpoint is http://127.0.0.1:PORT/xAPI/statements (basic auth).
#
# Why `--fs-default-lrs-file ""`: ralph 5.1.0's fs LRS backend writes every
# POST/PUT batch with operation_type CREATE to the same file (fs_lrs.jsonl) and
# CREATE refuses an existing file, so the 2nd write of new statements fails
# (HTTP 500 "Statements bulk indexation failed"). With an empty LRS file name the
# fs data backend writes each batch to a new random file in data/ and reads back
# every file in data/ (glob "*"), so data/ must hold nothing but statement files;
# that is why auth.json and history.json live in app/.
set -euo pipefail

PORT="${1:-8100}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BASE_DIR="${2:-$ROOT/target/xapi-tools/lrs-runs}"
USERNAME="${XAPI_LRS_USERNAME:-frontline}"
PASSWORD="${XAPI_LRS_PASSWORD:-secret}"
TIMEOUT="${XAPI_LRS_START_TIMEOUT:-60}"
VENV="$ROOT/target/xapi-tools/venv"
PY="$VENV/bin/python"
RALPH="$VENV/bin/ralph"

log() { echo "ralph-lrs: $*" >&2; }
die() { echo "ralph-lrs: ERROR: $*" >&2; exit 1; }

[[ "$PORT" =~ ^[0-9]+$ ]] && [ "$PORT" -ge 1 ] && [ "$PORT" -le 65535 ] || die "bad port: $PORT"
[ -x "$RALPH" ] || die "$RALPH not found; run scripts/xapi-tools.sh first"

# HTTP GET helper using the venv's python (no curl needed). Prints the status code.
http_status() {
  "$PY" - "$@" <<'EOF'
import base64, sys, urllib.request, urllib.error
url = sys.argv[1]
req = urllib.request.Request(url)
if len(sys.argv) > 3:
    tok = base64.b64encode(f"{sys.argv[2]}:{sys.argv[3]}".encode()).decode()
    req.add_header("Authorization", "Basic " + tok)
try:
    with urllib.request.urlopen(req, timeout=2) as r:
        print(r.status)
except urllib.error.HTTPError as e:
    print(e.code)
except Exception:
    print(0)
EOF
}

URL="http://127.0.0.1:$PORT"
if [ "$(http_status "$URL/__lbheartbeat__")" != 0 ]; then
  die "something already answers on $URL; choose another port"
fi

mkdir -p "$BASE_DIR" || die "cannot create $BASE_DIR"
BASE_DIR="$(cd "$BASE_DIR" && pwd)"
RUN="$(mktemp -d "$BASE_DIR/ralph-lrs.XXXXXX")"
mkdir -p "$RUN/data" "$RUN/app"

# ralph reads its whole configuration from RALPH_* variables (and a .env file in
# the current directory: we run from $RUN, which has none).
export RALPH_APP_DIR="$RUN/app"
export RALPH_AUTH_FILE="$RUN/app/auth.json"
export RALPH_HISTORY_FILE="$RUN/app/history.json"
# `ralph auth` imports ralph.api, which instantiates the configured LRS backend
# (default "es", not installed): without this it dies with
# "'es' backend not found in available backends: fs".
export RALPH_RUNSERVER_BACKEND=fs
export RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH="$RUN/data"
export RALPH_BACKENDS__LRS__FS__DEFAULT_LRS_FILE=""

cd "$RUN"
log "run folder $RUN"
"$RALPH" auth --username "$USERNAME" --password "$PASSWORD" --scope all \
  --agent-ifi-account "$USERNAME" "https://frontline.invalid/lrs" --agent-name "Frontline test LRS" \
  --write-to-disk >"$RUN/auth.log" 2>&1 || { cat "$RUN/auth.log" >&2; die "ralph auth failed"; }

# setsid: own process group, so `kill -- -PID` also works; the server keeps
# running after this script exits. runserver always runs uvicorn with
# reload=True, which watches the current directory ($RUN) for *.py changes.
setsid "$RALPH" runserver --backend fs \
  --fs-default-directory-path "$RUN/data" --fs-default-lrs-file "" \
  --host 127.0.0.1 --port "$PORT" >"$RUN/server.log" 2>&1 </dev/null &
PID=$!
echo "$PID" >"$RUN/pid"

deadline=$((SECONDS + TIMEOUT))
while :; do
  if ! kill -0 "$PID" 2>/dev/null; then
    tail -n 30 "$RUN/server.log" >&2
    die "ralph runserver exited during start-up (log: $RUN/server.log)"
  fi
  code="$(http_status "$URL/whoami" "$USERNAME" "$PASSWORD")"
  [ "$code" = 200 ] && break
  # The reloader parent survives a worker that fails to import the app.
  if grep -q -e 'Error loading ASGI app' -e 'Traceback' "$RUN/server.log"; then
    tail -n 30 "$RUN/server.log" >&2
    kill -- "-$PID" 2>/dev/null || true
    die "ralph runserver failed to start (log: $RUN/server.log)"
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    tail -n 30 "$RUN/server.log" >&2
    kill -- "-$PID" 2>/dev/null || true
    die "no answer from $URL/whoami after ${TIMEOUT}s (last status $code)"
  fi
  sleep 0.3
done

cat >"$RUN/lrs.env" <<EOF
LRS_PID=$PID
LRS_URL=$URL/xAPI/
LRS_RUN_DIR=$RUN
LRS_USERNAME=$USERNAME
LRS_PASSWORD=$PASSWORD
EOF
log "ralph LRS ready: $URL/xAPI/statements (user $USERNAME), pid $PID, env $RUN/lrs.env"
echo "$PID"
