"""Faults a crawl meets on the web: each ends as a recorded error kind, and the crawl carries on."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crawler.offline import FixtureServer
from tests.conftest import arshif, expected_articles

pytestmark = pytest.mark.usefixtures("inline_extraction")

AIRPORT = next(e for e in expected_articles() if e["story"] == "damascus-airport")
HEMEDTI = next(e for e in expected_articles() if e["story"] == "hemedti-egypt")


def crawl_aljazeera(tmp_path: Path, server: FixtureServer) -> Path:
    db = tmp_path / "archive.db"
    arshif("crawl", "--offline", "aljazeera", "--db", str(db), cwd=tmp_path, server=server)
    return db


def query(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def errors(db: Path) -> dict[str, str]:
    return dict(query(db, "SELECT url, kind FROM run_errors"))


def archived(db: Path) -> set[str]:
    return {u for (u,) in query(db, "SELECT url FROM articles")}


def test_429_with_retry_after_waits_and_then_archives(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    site = fixture_server.site
    site.sequences[AIRPORT["fetched_url"]] = [
        (429, {"Content-Type": "text/html", "Retry-After": "1"}, b"slow down"),
        site.lookup(AIRPORT["fetched_url"]),
    ]
    db = crawl_aljazeera(tmp_path, fixture_server)
    assert AIRPORT["url"] in archived(db)
    assert site.hits.count(AIRPORT["fetched_url"]) == 2


def test_retry_after_longer_than_the_cap_gives_up_and_is_recorded(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    fixture_server.site.overrides[AIRPORT["fetched_url"]] = (
        429,
        {"Content-Type": "text/html", "Retry-After": "86400"},
        b"",
    )
    db = crawl_aljazeera(tmp_path, fixture_server)
    assert errors(db)[AIRPORT["fetched_url"]] == "http_429"
    assert HEMEDTI["url"] in archived(db)  # the rest of the crawl carried on
    assert query(db, "SELECT status FROM runs") == [("ok",)]


def test_404_and_500_are_recorded_by_status(tmp_path: Path, fixture_server: FixtureServer) -> None:
    site = fixture_server.site
    site.overrides[AIRPORT["fetched_url"]] = (404, {"Content-Type": "text/html"}, b"gone")
    site.overrides[HEMEDTI["fetched_url"]] = (500, {"Content-Type": "text/html"}, b"oops")
    db = crawl_aljazeera(tmp_path, fixture_server)
    assert errors(db) == {AIRPORT["fetched_url"]: "http_404", HEMEDTI["fetched_url"]: "http_500"}
    assert site.hits.count(HEMEDTI["fetched_url"]) == 3  # two retries


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1:9/admin",
        # An address ending like a robots.txt is no robots.txt request of arshif's own.
        "http://127.0.0.1:9/admin/reset?confirm=1&x=/robots.txt",
        "http://127.0.0.1:9/robots.txt",
    ],
)
def test_redirect_to_a_private_address_is_refused(
    tmp_path: Path, fixture_server: FixtureServer, location: str
) -> None:
    fixture_server.site.overrides[AIRPORT["fetched_url"]] = (302, {"Location": location}, b"")
    db = crawl_aljazeera(tmp_path, fixture_server)
    kinds = query(db, "SELECT kind, message FROM run_errors")
    assert any(kind == "refused_private" and "127.0.0.1" in message for kind, message in kinds)
    assert not any("127.0.0.1" in h for h in fixture_server.site.hits)


def test_redirect_off_the_allowed_domains_is_not_followed(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    site = fixture_server.site
    site.overrides[AIRPORT["fetched_url"]] = (
        301,
        {"Location": "https://evil.example/news/2024/12/8/x"},
        b"",
    )
    site.overrides["https://evil.example/news/2024/12/8/x"] = site.lookup(AIRPORT["fetched_url"])
    db = crawl_aljazeera(tmp_path, fixture_server)
    assert not any("evil.example" in h for h in site.hits)
    assert not any("evil.example" in u for u in archived(db))
    assert ("https://evil.example/news/2024/12/8/x", "offsite") in query(
        db, "SELECT url, kind FROM run_errors"
    )


def test_page_without_article_text_is_recorded_not_archived(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    fixture_server.site.overrides[AIRPORT["fetched_url"]] = (
        200,
        {"Content-Type": "text/html"},
        b"<html><body><nav>x</nav></body></html>",
    )
    db = crawl_aljazeera(tmp_path, fixture_server)
    assert errors(db)[AIRPORT["fetched_url"]] == "extract_no_text"
    assert AIRPORT["url"] not in archived(db)


def test_rel_canonical_pointing_at_another_story_does_not_overwrite_it(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    site = fixture_server.site
    status, headers, body = site.lookup(HEMEDTI["fetched_url"])
    # A template bug: this article declares the airport story's URL as its canonical.
    site.overrides[HEMEDTI["fetched_url"]] = (
        status,
        headers,
        body.replace(HEMEDTI["fetched_url"].encode(), AIRPORT["url"].encode()),
    )
    db = crawl_aljazeera(tmp_path, fixture_server)
    titles = dict(query(db, "SELECT url, title FROM articles"))
    assert titles[AIRPORT["url"]] == "توقف الرحلات في مطار دمشق الدولي وشركات الطيران تلغي حجوزاتها"
    assert titles[HEMEDTI["url"]] == "حميدتي يتهم مجددا مصر بدعم الجيش السوداني"


@pytest.mark.parametrize(("hops", "kind"), [(8, "too_many_redirects"), (2, "http_404")])
def test_a_redirect_chain_that_fails_is_recorded_under_the_link_the_site_gave(
    tmp_path: Path, fixture_server: FixtureServer, hops: int, kind: str
) -> None:
    """(Where the chain ended is said in the message.)"""
    site = fixture_server.site
    link = AIRPORT["fetched_url"]
    chain = [f"https://www.aljazeera.net/news/2024/12/8/hop-{n}" for n in range(1, hops + 1)]
    for here, there in zip([link, *chain], chain, strict=False):
        site.overrides[here] = (301, {"Location": there}, b"")
    if kind == "http_404":
        site.overrides[chain[-1]] = (404, {}, b"")
    db = crawl_aljazeera(tmp_path, fixture_server)
    [(url, message)] = query(db, f"SELECT url, message FROM run_errors WHERE kind = '{kind}'")
    assert url == link and "redirected to https://www.aljazeera.net/news/2024/12/8/hop-" in message


# Another crawl's work holding the reactor for 1.5 s just as this crawl's handler closes its
# kept-alive connections (as in a scheduler's recycle, dozens of crawls stopping at once).
_BUSY_AT_CLOSE = """
import time
from scrapy import signals
from scrapy.core.downloader import handlers
opened = handlers.DownloadHandlers.__init__
def busy(self, crawler):
    opened(self, crawler)
    crawler.signals.connect(lambda: time.sleep(1.5), signal=signals.engine_stopped, weak=False)
handlers.DownloadHandlers.__init__ = busy
from crawler.__main__ import main
main()
"""


class _Refusing(BaseHTTPRequestHandler):
    """Kept alive (HTTP/1.1): 429 to everything on one host, 500 to the articles of the
    other, whose start page lists five."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802
        self.server.paths.append(self.path)  # type: ignore[attr-defined]
        too_many = self.server.server_address[0] == "127.0.0.42"
        body = b""
        if too_many or self.path.startswith("/news/"):
            self.send_response(429 if too_many else 500)
        else:
            self.send_response(200)
            body = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in range(5)).encode()
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_a_crawl_stopped_in_a_429_pause_and_a_retrys_backoff_ends_at_once_without_a_traceback(
    tmp_path: Path,
) -> None:
    """The stop wakes the retries waiting out their pause (20 s here): the answers they had
    are recorded and the crawl ends. And Scrapy's close of the kept-alive connections fired
    its Deferred twice on a busy reactor: a raw Twisted traceback and "CRITICAL twisted:
    while handling timed call: AlreadyCalledError" in the log."""
    servers = []
    for host in ("127.0.0.42", "127.0.0.43"):
        server = ThreadingHTTPServer((host, 0), _Refusing)
        server.daemon_threads = True
        server.paths = []  # type: ignore[attr-defined]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    (tmp_path / "sources.toml").write_text(
        "".join(
            f'[sources.{name}]\nname = "{name}"\narticle_url_pattern = "/news/"\n'
            f'start_urls = ["http://{s.server_address[0]}:{s.server_address[1]}/"]\n\n'
            for name, s in zip(("toomany", "flaky"), servers, strict=True)
        ),
        encoding="utf-8",
    )
    env = dict(os.environ, ARSHIF_RETRY_BACKOFF="20")
    proc = subprocess.Popen(
        [sys.executable, "-c", _BUSY_AT_CLOSE, "crawl", "--db", "archive.db"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not (servers[0].paths and any(p.startswith("/news/") for p in servers[1].paths)):
            assert time.monotonic() < deadline and proc.poll() is None, "no 429 and 500 heard"
            time.sleep(0.1)
        time.sleep(0.5)  # both in their pause
        proc.send_signal(signal.SIGTERM)
        began = time.monotonic()
        out, _ = proc.communicate(timeout=60)
        took = time.monotonic() - began
    finally:
        for server in servers:
            server.shutdown()
    assert "AlreadyCalledError" not in out and "CRITICAL" not in out, out
    assert "Traceback" not in out, out
    assert took < 15, (took, out)  # (well under the 20 s backoff, on a shared machine)
    kinds = query(tmp_path / "archive.db", "SELECT source, errors_by_kind FROM runs")
    assert "http_500" in dict(kinds)["flaky"] and "http_429" in dict(kinds)["toomany"], kinds
