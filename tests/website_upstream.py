"""A tiny company website for the tests of landing beside a website: http.server on
127.0.0.1 in a thread, answering its pages, a 404 of its own, a slow page, a redirect to
its own address and a form that echoes what it was sent."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGES = {
    "/": "<h1>Acme, the website</h1>",
    "/pricing": "<h1>Acme pricing</h1>",
    "/blog/hello": "<h1>Hello from the blog</h1>",
    "/static/site.css": "body { color: black }",
}


class Website(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_args) -> None:
        pass

    def _send(self, status: int, body: str, kind: str = "text/html", **headers: str) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Website", "yes")
        self.send_header("Set-Cookie", "site=1; Path=/")
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/echo":
            seen = {"path": self.path, "headers": dict(self.headers.items())}
            self._send(200, json.dumps(seen), "application/json")
        elif path == "/slow":
            time.sleep(3)
            self._send(200, "late")
        elif path == "/moved":
            origin = f"http://127.0.0.1:{self.server.server_port}"
            self._send(301, "", Location=f"{origin}/pricing")
        elif path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in (b"one ", b"two ", b"three"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
        elif path in PAGES:
            self._send(200, PAGES[path])
        else:
            self._send(404, "<h1>The website has no such page</h1>")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode()
        self._send(201, json.dumps({"path": self.path, "body": body}), "application/json")


@contextmanager
def website() -> Iterator[str]:
    """The website's origin, http://127.0.0.1:<port>, while the block runs."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Website)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
