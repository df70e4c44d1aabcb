"""A crawl without --offline, of a site named by its IP address in the sources file."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import arshif

pytestmark = pytest.mark.usefixtures("inline_extraction")

PARAGRAPH = "قالت وزارة الصحة إن فرقها الميدانية وصلت إلى المناطق المتضررة من السيول في جنوب البلاد، وبدأت تقديم الإسعافات للمصابين. "


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    root = tmp_path / "site"
    (root / "news").mkdir(parents=True)
    for n in (1, 2):
        (root / "news" / f"{n}.html").write_text(
            f"<html lang='ar'><head><meta charset='utf-8'><title>خبر رقم {n} - موقع</title></head><body>"
            f"<h1>خبر رقم {n} عن السيول في الجنوب</h1><time datetime='2024-11-0{n}T08:00:00+02:00'></time>"
            f"<article>{f'<p>{PARAGRAPH} ({n})</p>' * 4}</article></body></html>",
            encoding="utf-8",
        )
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(root))
    )
    base = f"http://127.0.0.1:{server.server_address[1]}"
    items = "".join(
        f"<item><title>{n}</title><link>{base}/news/{n}.html</link></item>" for n in (1, 2)
    )
    (root / "feed.xml").write_text(
        f"<rss version='2.0'><channel>{items}</channel></rss>", encoding="utf-8"
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


def crawl_local(tmp_path: Path, site: str, env: dict[str, str] | None = None) -> None:
    """A sources file that names the site by its IP address and port, then one crawl."""
    (tmp_path / "sources.toml").write_text(
        f'[sources.local]\nname = "local"\nfeeds = ["{site}/feed.xml"]\n'
        "article_url_pattern = '/news/\\d+\\.html'\ndownload_delay = 0\n",
        encoding="utf-8",
    )
    arshif("crawl", cwd=tmp_path, env=env)


def test_sources_file_naming_an_ip_host_is_crawled_as_configured(tmp_path: Path, site: str) -> None:
    crawl_local(tmp_path, site)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        rows = conn.execute(
            "SELECT url, title, substr(published_at, 1, 10) FROM articles ORDER BY url"
        ).fetchall()
    assert rows == [
        (f"{site}/news/1.html", "خبر رقم 1 عن السيول في الجنوب", "2024-11-01"),
        (f"{site}/news/2.html", "خبر رقم 2 عن السيول في الجنوب", "2024-11-02"),
    ]


def test_connection_refused_is_retried_then_recorded_and_the_crawl_goes_on(
    tmp_path: Path, site: str
) -> None:
    feed = Path(tmp_path / "site" / "feed.xml")
    dead = "http://127.0.0.1:9/news/3.html"  # the discard port: nothing listens there
    feed.write_text(
        feed.read_text("utf-8").replace(
            "</channel>", f"<item><link>{dead}</link></item></channel>"
        ),
        "utf-8",
    )
    crawl_local(tmp_path, site, env={"ARSHIF_RETRY_BACKOFF": "0.1"})  # retried as ever, sooner
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        errors = conn.execute("SELECT url, kind FROM run_errors").fetchall()
        count = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        status = conn.execute("SELECT status FROM runs").fetchone()[0]
    assert errors == [(dead, "connection_refused")]
    assert (count, status) == (2, "ok")  # a dead link is a page error, not a cut-short run


def test_a_source_whose_server_is_down_gets_its_lines_from_arshif_alone(tmp_path: Path) -> None:
    (tmp_path / "sources.toml").write_text(
        '[sources.down]\nname = "down"\nstart_urls = ["http://127.0.0.1:9/"]\n'
        "article_url_pattern = '/news/'\ndownload_delay = 0\n",
        encoding="utf-8",
    )
    result = arshif("crawl", cwd=tmp_path, check=False, env={"ARSHIF_RETRY_BACKOFF": "0.1"})
    assert result.returncode == 1
    assert "scrapy" not in result.stderr  # "Gave up retrying …", "Error downloading …" went
    assert "down: run 1 failed (nothing_fetched)" in result.stdout
    assert result.stderr.strip().splitlines()[-1] == "arshif: failed: down (see arshif runs)"
