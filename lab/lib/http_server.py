#!/usr/bin/env python3
"""The lab's HTTP service (the article's Apache): HTTP/1.1 keep-alive with a fixed-size body.

HTTP/1.1 with Content-Length means the *client* closes first (curl exits and closes the socket),
so TIME_WAIT lands on the client, as in the article's scenario with many short connections.
Headers are fixed-length (the Date header always has the same length), so response sizes are
the same on every run. Usage: http_server.py ADDRESS PORT
"""
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BODY = b"SynScope lab: hello from 198.51.100.10\n" + b"." * 160 + b"\n"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "synscope-lab/1"
    sys_version = ""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.client_address, fmt % args))


class Server(ThreadingHTTPServer):
    # Room for a bounded SYN burst in the SYN queue, so half-open connections are visible in ss.
    request_queue_size = 128
    daemon_threads = True


if __name__ == "__main__":
    Server((sys.argv[1], int(sys.argv[2])), Handler).serve_forever()
