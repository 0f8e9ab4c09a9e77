#!/usr/bin/env python3
"""A test worker for application pools on Python's standard library alone.

It listens where it is told, as any app behind Wharf would: the Unix socket or loopback port in
ASPNETCORE_URLS ("http://unix:/path.sock", "http://127.0.0.1:PORT"), else PORT, else the sockets
handed down from fd 3 (LISTEN_FDS, systemd's convention). Endpoints: / /pid /env /whoami /request
/sleep?ms=N /crash /recycle-me.
"""
import json
import os
import pwd
import socket
import socketserver
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PID = os.getpid()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as www's forwarder expects of a worker

    def address_string(self):
        # A Unix socket's peer has no address; the log line still needs one.
        return self.client_address[0] if isinstance(self.client_address, tuple) else "unix"

    def log_message(self, format, *args):
        pass  # one line per request would fill the worker's log under load

    def reply(self, status, body, content_type="text/plain; charset=utf-8", headers=None):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def json(self, value):
        self.reply(200, json.dumps(value, indent=2, sort_keys=True), "application/json")

    def do_GET(self):
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        path = url.path
        if path == "/":
            self.reply(200, f"python worker {PID}\n")
        elif path == "/pid":
            self.reply(200, str(PID))
        elif path == "/env":
            self.json(dict(os.environ))
        elif path == "/whoami":
            uid, gid = os.getuid(), os.getgid()
            try:
                user = pwd.getpwuid(uid).pw_name
            except KeyError:
                user = str(uid)
            self.json({"uid": uid, "gid": gid, "user": user,
                       "groups": " ".join(str(g) for g in os.getgroups())})
        elif path == "/request":
            peer = self.client_address if isinstance(self.client_address, tuple) else None
            self.json({"remoteIpAddress": peer[0] if peer else None, "remotePort": peer[1] if peer else 0,
                       "scheme": "http", "host": self.headers.get("Host", ""), "protocol": self.request_version,
                       "url": self.path, "headers": {k: v for k, v in self.headers.items()}})
        elif path == "/sleep":
            ms = int(query.get("ms", ["1000"])[0])
            time.sleep(ms / 1000)
            self.reply(200, f"slept {ms} ms in {PID}\n")
        elif path == "/crash":
            os._exit(70)
        elif path == "/recycle-me":
            self.reply(200, f"python worker {PID} asks to be recycled\n", headers={"Wharf-Recycle": "true"})
        else:
            self.reply(404, "not found\n")


class UnixHTTPServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def server_bind(self):
        try:
            os.unlink(self.server_address)
        except FileNotFoundError:
            pass
        super().server_bind()
        # www, another account, connects: the folder decides who can reach it, not the socket's mode.
        os.chmod(self.server_address, 0o666)


class InheritedHTTPServer(ThreadingHTTPServer):
    def __init__(self, fd):
        super().__init__(("127.0.0.1", 0), Handler, bind_and_activate=False)
        self.socket = socket.socket(fileno=fd)


def server():
    urls = os.environ.get("ASPNETCORE_URLS", "").split(";")[0]
    listen_fds = int(os.environ.get("LISTEN_FDS", "0") or 0)
    if listen_fds and os.environ.get("LISTEN_PID", str(PID)) == str(PID):
        return InheritedHTTPServer(3)
    if urls.startswith("http://unix:"):
        return UnixHTTPServer(urls[len("http://unix:"):], Handler)
    if urls.startswith("http://"):
        host, _, port = urls[len("http://"):].rstrip("/").rpartition(":")
        return ThreadingHTTPServer((host.strip("[]") or "127.0.0.1", int(port)), Handler)
    if os.environ.get("PORT"):
        return ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler)
    sys.exit("worker.py: no ASPNETCORE_URLS, PORT or LISTEN_FDS to listen on")


if __name__ == "__main__":
    httpd = server()
    print(f"python worker {PID} listening on {httpd.server_address}", flush=True)
    httpd.serve_forever()
