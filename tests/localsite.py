"""A small site on a loopback address, its pages set by the test: what it asked for and when
is kept (visits; hits for the paths alone). A query the site ignores (?ref=home) serves the page without it,
as sites do; a page's charset in its content type is the one its body is encoded in (a body
given as bytes is sent as it is, whatever it declares); a page of
kind "redirect" answers 301 to the address its body holds; a path in delays answers late; a
host in named_hosts has pages of its own, "//host/path"; with
etags set, pages carry validators (their body's hash, or the one etag_of holds for the path)
and a matching If-None-Match gets a 304."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Site(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str = "127.0.0.29", port: int = 0) -> None:
        self.host = host
        self.pages: dict[str, tuple[str, str | bytes]] = {}
        self.visits: list[tuple[float, str]] = []  # (time.monotonic(), path) of each request
        self.agents: set[str] = set()  # the User-Agent headers it was sent
        self.conditional: list[str] = []  # the paths asked with If-None-Match, in order
        self.delays: dict[str, float] = {}  # seconds a path waits before its answer
        self.etags = False  # True: each page's ETag is its body's hash, and a match is a 304
        self.once: dict[str, tuple[str, str | bytes]] = {}  # answered once, before the path's page
        # A path's ETag whatever its body (a server whose validator is the story's, kept when
        # the page around it changes); with etags set.
        self.etag_of: dict[str, str] = {}
        # Host names served by name (an offline crawl sends every host here): their pages,
        # and their visits, are "//host/path".
        self.named_hosts: set[str] = set()
        super().__init__((host, port), _Handler)

    @property
    def hits(self) -> list[str]:
        return [path for _, path in self.visits]

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.server_address[1]}"


def _encoded(kind: str, body: str | bytes) -> bytes:
    if isinstance(body, bytes):
        return body
    return body.encode(kind.split("charset=")[1] if "charset=" in kind else "utf-8")


class _Handler(BaseHTTPRequestHandler):
    server: Site

    def do_GET(self) -> None:  # noqa: N802
        name = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        asked = f"//{name}{self.path}" if name in self.server.named_hosts else self.path
        self.server.visits.append((time.monotonic(), asked))
        self.server.agents.add(self.headers.get("User-Agent", ""))
        if self.headers.get("If-None-Match"):
            self.server.conditional.append(asked)
        path = asked if asked in self.server.pages else asked.split("?")[0]
        time.sleep(self.server.delays.get(path, 0))
        once = self.server.once.pop(path, None)
        kind, body = once or self.server.pages.get(path, ("text/html", ""))
        if kind.startswith("status "):  # "status 503 Retry-After=2": that answer, with the body
            status, *headers = kind.split()[1:]
            self.send_response(int(status))
            for header in headers:
                self.send_header(*header.split("=", 1))
            self.send_header("Content-Length", str(len(_encoded(kind, body))))
            self.end_headers()
            self.wfile.write(_encoded(kind, body))
            return
        if kind == "redirect":  # body: where to
            self.send_response(301)
            self.send_header("Location", body)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = _encoded(kind, body)
        etag = self.server.etag_of.get(path) or f'"{hashlib.sha1(data).hexdigest()[:16]}"'
        if self.server.etags and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200 if path in self.server.pages else 404)
        if self.server.etags:
            self.send_header("ETag", etag)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serving(site: Site) -> Iterator[Site]:
    threading.Thread(target=site.serve_forever, daemon=True).start()
    try:
        yield site
    finally:
        site.shutdown()
        site.server_close()
