#!/usr/bin/env python3
"""A minimal xAPI statements endpoint for the sync benchmark: stores nothing, answers every
POST of a statement array with the array of their ids (as xAPI requires) and every GET with
404. Usage: fake_lrs.py PORT"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Send each answer in one write, as a real LRS's server does. Unbuffered, the headers and
    # the body go out as two small packets, and on a kept-alive connection the second waits
    # for the client's delayed acknowledgement: 40 ms a request, which measured the stall,
    # not the program.
    wbufsize = 1 << 16
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def _answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        statements = json.loads(self.rfile.read(length) or b"[]")
        self._answer(200, [s.get("id") for s in statements])

    def do_GET(self):
        self._answer(404, {})


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that closes its connection early is not news for a benchmark.
        pass


Server(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
