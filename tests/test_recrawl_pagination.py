"""Pagination on re-crawls: a section is walked to its end the first time, and a re-crawl stops
after `stop_after_known_pages` listing pages that hold no article the archive lacks."""

from __future__ import annotations

import hashlib
import random
import sqlite3
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import ROOT, arshif

sys.path.insert(0, str(ROOT / "seeds"))
from stories import all_stories  # noqa: E402

pytestmark = pytest.mark.usefixtures("inline_extraction")

POOL = sorted({p for s in all_stories().values() for p in s.body if len(p) > 60})
PER_PAGE = 5


class Section:
    """/list?page=N with "التالي" links, newest first, and a feed of every article. With
    etags set, pages carry an ETag and answer a matching If-None-Match with 304."""

    def __init__(self, articles: int) -> None:
        self.ids = list(range(articles, 0, -1))  # newest first
        self.hits: list[str] = []
        self.etags = False
        # A windowed pager ("1 2 3 4 5 …", no next link), of "?page=N" or of "?start=K"
        self.windowed: str = ""
        section = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                section.hits.append(self.path)
                body = section.page(self.path)
                etag = f'"{hashlib.sha1(body or b"").hexdigest()}"'
                if section.etags and body and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200 if body else 404)
                if section.etags:
                    self.send_header("ETag", etag)
                self.send_header("Content-Type", "application/rss+xml" if "feed" in self.path
                                 else "text/html; charset=utf-8")  # fmt: skip
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.6", 0), Handler)
        self.base = f"http://127.0.0.6:{self.server.server_address[1]}"

    def page(self, path: str) -> bytes | None:
        if path == "/feed.xml":
            items = "".join(f"<item><link>{self.base}/a/{n}.html</link></item>" for n in self.ids)
            return f"<rss><channel>{items}</channel></rss>".encode()
        if path.startswith("/list?"):
            field, value = path[len("/list?") :].split("=")
            number = int(value) // PER_PAGE + 1 if field == "start" else int(value)
            chunk = self.ids[(number - 1) * PER_PAGE : number * PER_PAGE]
            links = "".join(f"<li><a href='/a/{n}.html'>خبر {n}</a></li>" for n in chunk)
            more = len(self.ids) > number * PER_PAGE
            nxt = f"<a href='/list?page={number + 1}'>التالي</a>" if more else ""
            pager = self.pager(number) if self.windowed else nxt
            return f"<html><body><ul>{links}</ul>{pager}</body></html>".encode()
        if path.startswith("/a/"):
            n = int(path[3:-5])
            text = "".join(f"<p>{p} ({n})</p>" for p in random.Random(n).sample(POOL, 5))
            return (f"<html><head><meta charset='utf-8'></head><body><h1>خبر رقم {n}</h1>"
                    f"<article>{text}</article></body></html>").encode()  # fmt: skip
        return None

    def pager(self, number: int) -> str:
        last = -(-len(self.ids) // PER_PAGE)
        low = (number - 1) // 5 * 5 + 1
        high = min(last, low + 4)

        def link(k: int, text: object) -> str:
            field = f"start={(k - 1) * PER_PAGE}" if self.windowed == "start" else f"page={k}"
            return f"<a href='/list?{field}'>{text}</a>"

        shown = " ".join(link(k, k) if k != number else f"<b>{k}</b>" for k in range(low, high + 1))
        return (
            (link(low - 1, "…") if low > 1 else "")
            + shown
            + (link(high + 1, "…") if high < last else "")
        )

    def listings(self) -> int:
        return len([h for h in self.hits if h.startswith("/list")])


@pytest.fixture
def section() -> Iterator[Section]:
    site = Section(articles=60)
    threading.Thread(target=site.server.serve_forever, daemon=True).start()
    yield site
    site.server.shutdown()
    site.server.server_close()


def crawl(tmp_path: Path, site: Section, feed: bool, budget: str = "") -> None:
    feeds = f'feeds = ["{site.base}/feed.xml"]\n' if feed else ""
    (tmp_path / "sources.toml").write_text(
        f'[sources.s]\nname = "s"\nstart_urls = ["{site.base}/list?page=1"]\n{feeds}'
        "article_url_pattern = '/a/\\d+\\.html'\nmax_depth = 1\ndownload_delay = 0\n" + budget,
        encoding="utf-8",
    )
    arshif("crawl", cwd=tmp_path)


def archived(tmp_path: Path) -> int:
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]


@pytest.mark.parametrize("feed", [False, True], ids=["listing only", "feed read first too"])
def test_a_first_crawl_walks_the_whole_section_past_max_depth(
    tmp_path: Path, section: Section, feed: bool
) -> None:
    crawl(tmp_path, section, feed)
    assert archived(tmp_path) == 60
    assert section.listings() == 12  # every page of the section, max_depth = 1 or not


def test_a_recrawl_stops_after_pages_of_known_articles_and_finds_the_new_ones(
    tmp_path: Path, section: Section
) -> None:
    crawl(tmp_path, section, feed=False)
    section.hits.clear()
    section.ids[:0] = [62, 61]  # two new stories at the top of page 1
    crawl(tmp_path, section, feed=False)
    assert archived(tmp_path) == 62
    # page 1 has new ones; pages 2 and 3 hold only known articles: stop there.
    assert section.listings() == 3


@pytest.mark.parametrize("pager", ["page", "start"])
def test_a_windowed_pagers_numbers_stop_with_the_chain_on_a_recrawl(
    tmp_path: Path, section: Section, pager: str
) -> None:
    """ "1 2 3 4 5 …" and no next link (or "?start=" offsets): the numbers are the chain's
    later pages, not sections of their own; a re-crawl stops them where the chain stops."""
    section.windowed = pager
    crawl(tmp_path, section, feed=False)
    assert archived(tmp_path) == 60 and section.listings() == 12
    section.hits.clear()
    section.ids[:0] = [62, 61]
    crawl(tmp_path, section, feed=False)
    assert archived(tmp_path) == 62
    assert section.listings() == 3


def stopped_as_by_a_signal(tmp_path: Path) -> None:
    """The last run ends as a SIGTERM or a recycle leaves it (the crawl is cut short here by
    a small budget, so that it stops at a known point)."""
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        conn.execute(
            "UPDATE runs SET stop_reason = 'stopped' WHERE id = (SELECT MAX(id) FROM runs)"
        )


@pytest.mark.parametrize("stopped", [True, False], ids=["stopped", "out of budget"])
def test_after_a_crawl_the_crawler_cut_short_the_next_walks_the_section_to_what_it_left(
    tmp_path: Path, section: Section, stopped: bool
) -> None:
    """A stop (a signal, a recycle, a kill) leaves articles whose listings were never read:
    the next crawl walks past pages of archived articles to them. Not after a page budget
    (a big site's every run would walk its archive to the budget): there the next crawl
    reads on from the next page the budget did not reach (tests/test_pending_articles.py),
    and reads no page of the section twice but the first two."""
    crawl(tmp_path, section, feed=False, budget="max_pages = 20\nconcurrency = 1\n")
    first = archived(tmp_path)
    assert 10 <= first < 60
    if not stopped:
        read = {h for h in section.hits if h.startswith("/list")}
        section.hits.clear()
        crawl(tmp_path, section, feed=False, budget="max_pages = 100\n")
        again = [h for h in section.hits if h.startswith("/list")]
        assert archived(tmp_path) == 60 and len(again) == len(set(again))
        assert set(again) & read == {"/list?page=1", "/list?page=2"}
        return
    stopped_as_by_a_signal(tmp_path)
    crawl(tmp_path, section, feed=False, budget="max_pages = 100\n")
    assert archived(tmp_path) == 60
    section.hits.clear()
    crawl(tmp_path, section, feed=False)  # the last ran its course: a re-crawl as any other
    assert section.listings() == 2


def age_last_full_walk(tmp_path: Path) -> None:
    """The source's last full walk of its sections, as if it were a year old."""
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        conn.execute("UPDATE runs SET full_walk_at = '2000-01-01T00:00:00.000+00:00'")


@pytest.mark.parametrize("etags", [False, True], ids=["no validators", "first pages unchanged"])
def test_an_article_put_deep_into_a_section_is_found_by_the_next_full_walk(
    tmp_path: Path, section: Section, etags: bool
) -> None:
    """Re-crawls stop after pages of known articles, so a story inserted (or backdated) onto
    page 4 is not seen by them; once the last whole walk is older than full_walk_after, a
    run walks every section to its end again and archives it (even when the section's first
    page would answer 304)."""
    section.etags = etags
    crawl(tmp_path, section, feed=False)
    section.ids.insert(17, 99)  # page 4
    crawl(tmp_path, section, feed=False)
    assert archived(tmp_path) == 60  # the known-pages stop: not reached
    age_last_full_walk(tmp_path)
    section.hits.clear()
    crawl(tmp_path, section, feed=False)
    assert archived(tmp_path) == 61
    assert section.listings() == 13  # the whole section (one more page now)
    section.hits.clear()
    crawl(tmp_path, section, feed=False)  # walked whole a moment ago: the stop applies again
    assert section.listings() == (1 if etags else 2)  # (page 1 unchanged: a 304)


def test_full_walk_after_off_never_walks_the_section_again(
    tmp_path: Path, section: Section
) -> None:
    crawl(tmp_path, section, feed=False, budget='full_walk_after = "off"\n')
    section.ids.insert(17, 99)
    age_last_full_walk(tmp_path)
    crawl(tmp_path, section, feed=False, budget='full_walk_after = "off"\n')
    assert archived(tmp_path) == 60


def test_a_full_walk_its_page_budget_ended_counts_as_the_sources_last_full_walk(
    tmp_path: Path, section: Section
) -> None:
    """A site bigger than the budget must not walk its archive to the budget on every run:
    the pages the walk did not reach wait for the next one, full_walk_after later."""
    crawl(tmp_path, section, feed=False)
    age_last_full_walk(tmp_path)
    crawl(tmp_path, section, feed=False, budget="max_pages = 3\nconcurrency = 1\n")
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        [(status, reason, walked)] = conn.execute(
            "SELECT status, stop_reason, full_walk_at FROM runs ORDER BY id DESC LIMIT 1"
        ).fetchall()
    assert (status, reason) == ("partial", "page_budget") and walked is not None
