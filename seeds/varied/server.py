"""Serves a generated web: each site from its own loopback address (127.0.0.x, any port),
with ETag, Last-Modified and 304 answers to conditional requests."""

from __future__ import annotations

import threading
from contextlib import suppress
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from seeds.varied.model import Page, Site

FIRST_ADDRESS = 21  # 127.0.0.21 and up: clear of the addresses other tests use


class _Handler(BaseHTTPRequestHandler):
    server: SiteServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        site = self.server.site
        if site is None:
            return self._send(503, {}, b"")
        self.server.hits.append(self.path)
        page = site.lookup(self.path)
        if page is None:
            parts = urlsplit(self.path)
            if not parts.path.endswith("/") and site.lookup(parts.path + "/") is not None:
                return self._send(301, {"Location": parts.path + "/"}, b"")
            return self._send(404, {"Content-Type": "text/html"}, b"<html><body>404</body></html>")
        headers = {"Content-Type": page.content_type, "ETag": page.etag,
                   "Last-Modified": page.http_date}  # fmt: skip
        if _not_modified(self.headers, page):
            return self._send(304, headers, b"")
        self._send(page.status, headers, page.body)

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with suppress(BrokenPipeError, ConnectionResetError):  # the crawler gave up
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


def _not_modified(headers: Any, page: Page) -> bool:
    match = headers.get("If-None-Match")
    if match:
        return page.etag in [m.strip() for m in match.split(",")]
    since = headers.get("If-Modified-Since")
    if not since:
        return False
    try:
        return page.last_modified.replace(microsecond=0) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: str) -> None:
        super().__init__((address, 0), _Handler)
        self.site: Site | None = None  # set once the site is generated for this address
        self.hits: list[str] = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"


def bind(count: int, first: int = FIRST_ADDRESS) -> list[SiteServer]:
    """One server per site, each on its own loopback address: bound now, so the sites can
    be generated knowing their addresses, and started later."""
    return [SiteServer(f"127.0.0.{first + i}") for i in range(count)]
