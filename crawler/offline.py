"""Offline crawling: the fixture sites in seeds/sites, served by a real HTTP server on
127.0.0.1, and a download handler that routes every request there under its real URL."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from scrapy.http import Request, Response

# Where they always were, for the tests and crawler.cli: now in a module without Scrapy.
from crawler.httphandler import HttpHandler
from crawler.seedpaths import OFFLINE_SOURCES as OFFLINE_SOURCES
from crawler.seedpaths import SEEDS as SEEDS
from crawler.seedpaths import SITES as SITES

SCHEME_HEADER = "X-Arshif-Scheme"
# Set to host:port to use an already running fixture server (tests that change the site).
ADDRESS_ENV = "ARSHIF_OFFLINE_ADDRESS"
_LAST_MODIFIED = formatdate(1733600000, usegmt=True)


class FixtureSite:
    """A manifest of real URLs -> files, content types and statuses. Mutable for tests."""

    def __init__(self, root: Path = SITES) -> None:
        self.root = root
        self.pages: dict[str, dict[str, Any]] = json.loads(
            (root / "manifest.json").read_text("utf-8")
        )
        self.overrides: dict[str, tuple[int, dict[str, str], bytes]] = {}
        # Responses served in turn for one URL; the last one repeats (retry tests).
        self.sequences: dict[str, list[tuple[int, dict[str, str], bytes]]] = {}
        self.hits: list[str] = []
        self.bytes_sent = 0
        self.delay = 0.0  # seconds before each response: lets tests catch a crawl mid-run
        self.host_delay: dict[str, float] = {}  # per host: a slow or hanging site
        # Per host: answers wait until the test sets the event (a minute at most), so that a
        # test decides the order in which sites answer.
        self.held: dict[str, threading.Event] = {}
        self.log: list[tuple[str, int, int]] = []  # (url, status, body bytes) per response

    def lookup(self, url: str) -> tuple[int, dict[str, str], bytes]:
        if url in self.sequences:
            turns = self.sequences[url]
            return turns.pop(0) if len(turns) > 1 else turns[0]
        if url in self.overrides:
            return self.overrides[url]
        page = self.pages.get(url)
        if page is None:
            return 404, {"Content-Type": "text/html"}, b"<html><body>Not found</body></html>"
        body = (self.root / page["file"]).read_bytes()
        return page["status"], {"Content-Type": page["content_type"]}, body


class _Handler(BaseHTTPRequestHandler):
    server: _FixtureHTTPServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        site = self.server.site
        host = (self.headers.get("Host") or "").split(":")[0]
        scheme = self.headers.get(SCHEME_HEADER, "http")
        url = f"{scheme}://{host}{self.path}"
        site.hits.append(url)
        pause = site.host_delay.get(host, site.delay)
        if pause:
            time.sleep(pause)
        gate = site.held.get(host)
        if gate is not None:
            gate.wait(60)
        status, headers, body = site.lookup(url)
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if status == 200 and (
            self.headers.get("If-None-Match") == etag
            or (
                not self.headers.get("If-None-Match")
                and self.headers.get("If-Modified-Since") == _LAST_MODIFIED
            )
        ):
            status, body = 304, b""
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status in (200, 304):
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", _LAST_MODIFIED)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            return  # the client gave up (a stopped crawl): nothing to log
        site.bytes_sent += len(body)
        site.log.append((url, status, len(body)))

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


class _FixtureHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], site: FixtureSite) -> None:
        super().__init__(address, _Handler)
        self.site = site


class FixtureServer:
    """The fixture sites on 127.0.0.1:<port>, virtual-hosted by the Host header."""

    def __init__(self, site: FixtureSite | None = None, port: int = 0) -> None:
        self.site = site or FixtureSite()
        self.httpd = _FixtureHTTPServer(("127.0.0.1", port), self.site)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def address(self) -> str:
        host, port = self.httpd.socket.getsockname()[:2]  # what server_address holds, as str
        return f"{host}:{port}"

    def __enter__(self) -> FixtureServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class OfflineDownloadHandler:
    """Sends each request to the fixture server (ARSHIF_OFFLINE_ADDRESS) with its real host in
    the Host header, and hands back a response that carries the real URL. No other traffic."""

    lazy = False

    def __init__(self, crawler: Any) -> None:
        self.address = crawler.settings.get("ARSHIF_OFFLINE_ADDRESS")
        if not self.address:
            raise RuntimeError("ARSHIF_OFFLINE_ADDRESS is not set")
        self.inner = HttpHandler(crawler)

    @classmethod
    def from_crawler(cls, crawler: Any) -> OfflineDownloadHandler:
        return cls(crawler)

    async def download_request(self, request: Request) -> Response:
        parts = urlsplit(request.url)
        local = urlunsplit(("http", self.address, parts.path or "/", parts.query, ""))
        routed = request.replace(url=local)
        routed.headers["Host"] = parts.netloc
        routed.headers[SCHEME_HEADER] = parts.scheme
        response = await self.inner.download_request(routed)
        return response.replace(url=request.url, request=request)

    async def close(self) -> None:
        await self.inner.close()
