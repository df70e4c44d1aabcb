"""Discovered articles are handed to Scrapy a few at a time, not all at once: a sitemap of
tens of thousands of articles must not become tens of thousands of queued requests."""

from __future__ import annotations

import random
import re
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import arshif

SENTENCE = (
    "قالت وزارة الصحة إن فرقها الميدانية وصلت إلى المناطق المتضررة من السيول في جنوب البلاد "
    "وبدأت تقديم الإسعافات للمصابين بينما أعلنت الحكومة حالة الطوارئ في ثلاث محافظات وطالبت "
    "السكان بالابتعاد عن مجاري الأودية حتى انتهاء المنخفض الجوي الذي يضرب المنطقة منذ أيام"
)
WORDS = SENTENCE.split()
ARTICLES = 200  # more than the spider hands to Scrapy at once (64 for concurrency 2)
REDIRECTS = 80  # article addresses that all redirect to the first article


def article_page(n: int) -> bytes:
    rng = random.Random(n)  # a different text per article: none is a near-copy of another
    paragraphs = "".join(
        f"<p>{' '.join(rng.choice(WORDS) for _ in range(40))}.</p>" for _ in range(4)
    )
    return (
        f"<html lang='ar'><head><meta charset='utf-8'><title>الخبر {n}</title></head><body>"
        f"<h1>الخبر رقم {n} عن السيول</h1><time datetime='2024-11-05T08:00:00+02:00'></time>"
        f"<article>{paragraphs}</article></body></html>"
    ).encode()


class Site(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        base = f"http://{self.headers['Host']}"
        if self.path == "/sitemap.xml":
            urls = [f"{base}/old/{n}.html" for n in range(REDIRECTS)]
            urls += [f"{base}/news/{n}.html" for n in range(ARTICLES)]
            entries = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
            body = (
                "<?xml version='1.0' encoding='UTF-8'?><urlset "
                f"xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{entries}</urlset>"
            ).encode()
            self.answer(200, body, "application/xml")
        elif match := re.fullmatch(r"/news/(\d+)\.html", self.path):
            self.answer(200, article_page(int(match[1])), "text/html; charset=utf-8")
        elif self.path.startswith("/old/"):
            self.send_response(301)
            self.send_header("Location", f"{base}/news/0.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.answer(404, b"", "text/plain")

    def answer(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_large_sitemap_is_fetched_whole_with_few_requests_queued(
    tmp_path: Path, site: str
) -> None:
    (tmp_path / "sources.toml").write_text(
        f'[sources.local]\nname = "local"\nsitemaps = ["{site}/sitemap.xml"]\n'
        "article_url_pattern = '/(news|old)/\\d+\\.html'\n"
        "download_delay = 0\nconcurrency = 2\nmax_pages = 1000\n",
        encoding="utf-8",
    )
    result = arshif(
        "crawl", "--log-level", "DEBUG", cwd=tmp_path, env={"ARSHIF_PROGRESS_SECONDS": "0"}
    )
    log = result.stdout + result.stderr

    with sqlite3.connect(tmp_path / "archive.db") as conn:
        # the row's address: fetched_url is the link asked for, a redirect's among them
        fetched = [u for (u,) in conn.execute("SELECT url FROM articles")]
        errors = conn.execute("SELECT errors FROM runs").fetchone()[0]
    # Every article, including those behind the redirects that all collapse onto article 0
    # (Scrapy drops those as already seen: the feed must not wait for their answers).
    assert sorted(fetched) == sorted(f"{site}/news/{n}.html" for n in range(ARTICLES))
    assert errors == 0
    summary = re.search(r"articles: (\d+) discovered, (\d+) never requested .*?(\d+) requests", log)
    assert summary, log[-2000:]
    discovered, never_requested, queued = map(int, summary.groups())
    assert (discovered, never_requested) == (ARTICLES + REDIRECTS, 0)
    assert queued <= 64 + 1  # the spider's window (and the sitemap), not the whole sitemap
    # The progress lines show how many discovered articles are still waiting.
    waiting = [int(n) for n in re.findall(r"^progress local: .*, waiting (\d+)$", log, re.M)]
    assert max(waiting) >= ARTICLES + REDIRECTS - 64 - 1
