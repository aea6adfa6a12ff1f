#!/usr/bin/env python3
"""An xAPI statements endpoint that serves a fixed set of statements for the pull benchmark:
GET /xAPI/statements with `activity` (and related_activities: the object or a parent),
`since` (on `stored`), `limit` and a `cursor` in the `more` link, oldest first; POST is
answered with the ids, as a real LRS does. Statements come from a JSON array file (what
`frontline export --xapi` writes); each gets a `stored` one millisecond after the last.

Usage: fake_lrs_pull.py PORT STATEMENTS.json"""
import bisect
import datetime
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

port, path = int(sys.argv[1]), sys.argv[2]
with open(path, encoding="utf-8") as f:
    statements = json.load(f)
base = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
by_activity = {}
for i, s in enumerate(statements):
    stored = (base + datetime.timedelta(milliseconds=i)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    s["stored"] = stored
    ids = {s.get("object", {}).get("id")}
    for p in s.get("context", {}).get("contextActivities", {}).get("parent", []):
        ids.add(p.get("id"))
    raw = json.dumps(s, separators=(",", ":"))
    for a in ids:
        if a:
            by_activity.setdefault(a, ([], []))
            by_activity[a][0].append(stored)
            by_activity[a][1].append(raw)
del statements
sys.stderr.write(f"fake_lrs_pull: {sum(len(v[1]) for v in by_activity.values())} statements in {len(by_activity)} activities\n")
sys.stderr.flush()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    wbufsize = 1 << 16
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def _answer(self, status, data):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        got = json.loads(self.rfile.read(length) or b"[]")
        self._answer(200, json.dumps([s.get("id") for s in got]).encode())

    def do_GET(self):
        url = urlparse(self.path)
        if not url.path.endswith("/statements"):
            self._answer(404, b"{}")
            return
        q = {k: v[0] for k, v in parse_qs(url.query).items()}
        stored, raws = by_activity.get(q.get("activity"), ([], []))
        limit = max(1, min(int(q.get("limit", "100") or 100), 5000))
        if "cursor" in q:
            start = int(q["cursor"])
        elif "since" in q:
            start = bisect.bisect_right(stored, q["since"])
        else:
            start = 0
        end = min(start + limit, len(raws))
        more = ""
        if end < len(raws):
            more = "/xAPI/statements?" + urlencode(
                {"activity": q.get("activity", ""), "limit": limit, "cursor": end}
            )
        body = ('{"statements":[' + ",".join(raws[start:end]) + '],"more":' + json.dumps(more) + "}").encode()
        self._answer(200, body)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass


Server(("127.0.0.1", port), Handler).serve_forever()
