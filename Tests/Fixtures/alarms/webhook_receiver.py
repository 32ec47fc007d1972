#!/usr/bin/env python3
"""A webhook receiver for the alarm tests (Python's http.server on loopback).

Usage: webhook_receiver.py LOG [STATUS ...]
Listens on 127.0.0.1 on a free port and prints the port on the first line of stdout. Every POST is
appended to LOG as one JSON line {"path", "headers", "body"}; the n-th request is answered with the
n-th STATUS (200 once the list is used up).
"""
import json, sys
from http.server import BaseHTTPRequestHandler, HTTPServer

LOG = sys.argv[1]
STATUSES = [int(s) for s in sys.argv[2:]]
count = 0

class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        global count
        length = int(self.headers.get('Content-Length', '0'))
        body = self.rfile.read(length).decode('utf-8')
        status = STATUSES[count] if count < len(STATUSES) else 200
        count += 1
        with open(LOG, 'a') as f:
            f.write(json.dumps({'path': self.path, 'headers': {k.lower(): v for k, v in self.headers.items()},
                                'body': body, 'status': status}) + '\n')
        self.send_response(status)
        self.send_header('Content-Length', '0')
        self.end_headers()

    def log_message(self, *args):
        pass

server = HTTPServer(('127.0.0.1', 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
