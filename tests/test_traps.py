"""Listing addresses that only a loop of relative links makes are not followed, nor a
listing's pages asked again under each session token the site mints."""

import secrets
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from crawler.traps import is_trap
from tests.conftest import arshif

PAGES = 8


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/grow/more/list/more/list/",  # "more/" and "./list/" on every page
        "https://news.example/grow/more/more/more/",
        "https://news.example/a/b/c/a/b/c/",
        "https://news.example/section/more/x/more/y/more/",  # one directory a third time
    ],
)
def test_a_path_a_loop_of_relative_links_grew_is_a_trap(url: str) -> None:
    assert is_trap(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/2024/11/11/",  # a day's archive: numbers come back
        "https://news.example/news/page/2/",
        "https://news.example/grow/more/list/",  # not yet said twice
        "https://news.example/ar/news/local/news/",  # a directory back once
        "https://news.example/1/2/1/2/",  # numbers only
        "https://news.example/more/?page=3",
    ],
)
def test_a_real_sites_listing_addresses_are_not_traps(url: str) -> None:
    assert not is_trap(url)


class TokenSite:
    """/list.php?page=N (two stories a page), its pager's links carrying a token minted anew
    on every page (field), or for every link (per_link), as vBulletin's "s=" and others do."""

    def __init__(self, field: str, per_link: bool) -> None:
        self.hits: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                site.hits.append(self.path)
                body = site.page(self.path, field, per_link)
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write((body or "").encode())

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.7", 0), Handler)
        self.base = f"http://127.0.0.7:{self.server.server_address[1]}"

    def page(self, path: str, field: str, per_link: bool) -> str | None:
        parts = urlsplit(path)
        if parts.path.startswith("/a/"):
            n = parts.path[3:-5]
            text = f"<p>نص الخبر رقم {n} " + "كلمات الخبر الطويل " * 40 + "</p>"
            return f"<html><body><h1>خبر رقم {n}</h1><article>{text * 3}</article></body></html>"
        if parts.path != "/list.php":
            return None
        n = int(dict(parse_qsl(parts.query)).get("page", 1))
        if not 1 <= n <= PAGES:
            return None
        token = secrets.token_hex(16)

        def link(k: int, text: object) -> str:
            minted = secrets.token_hex(16) if per_link else token
            return f"<a href='/list.php?page={k}&{field}={minted}'>{text}</a>"

        pager = " ".join(link(k, k) if k != n else f"<b>{k}</b>" for k in range(1, PAGES + 1))
        pager += f" {link(n + 1, 'التالي')}" if n < PAGES else ""
        stories = "".join(f"<li><a href='/a/{n}{i}.html'>خبر</a></li>" for i in (1, 2))
        return f"<html><body><ul>{stories}</ul><div class='pager'>{pager}</div></body></html>"


@pytest.fixture
def token_site(request: pytest.FixtureRequest) -> Iterator[TokenSite]:
    site = TokenSite(*request.param)
    threading.Thread(target=site.server.serve_forever, daemon=True).start()
    yield site
    site.server.shutdown()
    site.server.server_close()


@pytest.mark.usefixtures("inline_extraction")
@pytest.mark.parametrize(
    "token_site",
    [("s", False), ("osCsid", False), ("ctx", False), ("token", True)],
    ids=["vBulletin s", "osCsid", "a token by no known name", "a token per link"],
    indirect=True,
)
def test_a_session_token_minted_on_every_page_does_not_ask_its_pages_again(
    tmp_path: Path, token_site: TokenSite
) -> None:
    (tmp_path / "sources.toml").write_text(
        f'[sources.t]\nname = "t"\nstart_urls = ["{token_site.base}/list.php"]\n'
        "article_url_pattern = '/a/\\d+\\.html'\nmax_depth = 2\ndownload_delay = 0\n"
        "max_pages = 400\n",
        encoding="utf-8",
    )
    arshif("crawl", cwd=tmp_path)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        archived = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        status = conn.execute("SELECT status FROM runs").fetchone()[0]
    listings = [h for h in token_site.hits if h.startswith("/list.php")]
    assert (archived, status) == (2 * PAGES, "ok")
    assert len(listings) <= PAGES + 3  # each page once (page 1 under its bare address too)
