"""Articles a crawl found and did not archive are asked by the source's next crawl, even when
no page names them any more: a page budget, a stop, or a passing server trouble loses none."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import arshif
from tests.localsite import Site, serving

pytestmark = pytest.mark.usefixtures("inline_extraction")

PARAGRAPH = "قالت وزارة الصحة إن فرقها الميدانية وصلت إلى المناطق المتضررة من السيول في جنوب البلاد، وبدأت تقديم الإسعافات للمصابين. "
QUICK = {"ARSHIF_RETRY_BACKOFF": "0.05"}


PLACES = ("عمان", "إربد", "الزرقاء", "العقبة", "الكرك", "مادبا", "جرش", "عجلون", "المفرق",
          "الطفيلة", "معان", "السلط", "البلقاء")  # fmt: skip


def article(n: int) -> str:
    """Article n: a story of its own (a copy of another would have that one asked again)."""
    own = " ".join(f"{PLACES[(n + k) % len(PLACES)]} {n * 7 + k}" for k in range(12))
    return (
        f"<html lang='ar'><head><meta charset='utf-8'><title>خبر {n}</title></head><body>"
        f"<h1>خبر رقم {n} عن السيول في الجنوب</h1>"
        f"<time datetime='2024-11-0{n % 9 + 1}T08:00:00+02:00'></time>"
        f"<article>{f'<p>{PARAGRAPH} {own} ({n})</p>' * 4}</article></body></html>"
    )


def home(*numbers: int) -> tuple[str, str]:
    links = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in numbers)
    return "text/html", f"<html><body>{links}</body></html>"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    with serving(Site("127.0.0.31")) as server:
        for n in range(1, 21):
            server.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", article(n))
        server.pages["/"] = home(*range(1, 13))
        yield server


def sources(tmp_path: Path, site: Site, max_pages: int = 0) -> None:
    (tmp_path / "sources.toml").write_text(
        f'[sources.local]\nname = "local"\nstart_urls = ["{site.base}/"]\n'
        "article_url_pattern = '/news/\\d+\\.html'\ndownload_delay = 0\n"
        + (f"max_pages = {max_pages}\n" if max_pages else ""),
        encoding="utf-8",
    )


def rows(tmp_path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        return conn.execute(sql).fetchall()


def archived(tmp_path: Path) -> set[int]:
    return {
        int(url.rsplit("/", 1)[1].split(".")[0])
        for (url,) in rows(tmp_path, "SELECT url FROM articles")
    }


def pending_said(tmp_path: Path) -> int:
    [row] = json.loads(arshif("status", "--json", cwd=tmp_path).stdout)
    return int(row["pending"])


def test_articles_a_page_budget_left_are_archived_by_the_next_crawl_though_no_page_names_them(
    tmp_path: Path, site: Site
) -> None:
    sources(tmp_path, site, max_pages=6)  # the home page, five articles
    arshif("crawl", cwd=tmp_path)
    first = archived(tmp_path)
    [(left,)] = rows(tmp_path, "SELECT articles_left FROM runs")
    assert len(first) == 5 and left == 7
    assert pending_said(tmp_path) == 7  # arshif status shows what waits
    # The home page moved on: it names only the newest article now.
    site.pages["/"] = home(20)
    sources(tmp_path, site)
    arshif("crawl", cwd=tmp_path)
    assert archived(tmp_path) == {*range(1, 13), 20}
    assert rows(tmp_path, "SELECT * FROM pending") == [] and pending_said(tmp_path) == 0
    statuses = rows(tmp_path, "SELECT status, stop_reason FROM runs ORDER BY id")
    assert statuses == [("partial", "page_budget"), ("ok", "finished")]


def test_a_new_article_the_server_failed_is_archived_by_the_next_crawl(
    tmp_path: Path, site: Site
) -> None:
    site.pages["/news/3.html"] = ("status 503", "busy")
    sources(tmp_path, site)
    arshif("crawl", cwd=tmp_path, env=QUICK)
    assert 3 not in archived(tmp_path) and len(archived(tmp_path)) == 11
    site.pages["/"] = home(20)
    site.pages["/news/3.html"] = ("text/html; charset=utf-8", article(3))
    arshif("crawl", cwd=tmp_path, env=QUICK)
    assert archived(tmp_path) == {*range(1, 13), 20}
    assert rows(tmp_path, "SELECT * FROM pending") == []


def test_a_story_a_feed_names_before_its_page_is_live_is_archived_by_a_later_crawl(
    tmp_path: Path, site: Site
) -> None:
    """The feed lists it a moment before its page answers (a CDN's lag: 404); the next
    crawls get the unchanged feed as a 304, and nothing else names the story."""
    site.etags = True
    site.pages["/"] = home()
    items = "".join(
        f"<item><title>خبر {n}</title><link>{site.base}/news/{n}.html</link></item>" for n in (1, 2)
    )
    site.pages["/rss"] = (
        "application/rss+xml",
        f"<rss version='2.0'><channel>{items}</channel></rss>",
    )
    site.pages["/news/2.html"] = ("status 404", "not found")
    sources(tmp_path, site)
    with (tmp_path / "sources.toml").open("a", encoding="utf-8") as toml:
        toml.write(f'feeds = ["{site.base}/rss"]\n')
    arshif("crawl", cwd=tmp_path, env=QUICK)
    assert archived(tmp_path) == {1}
    site.pages["/news/2.html"] = ("text/html; charset=utf-8", article(2))
    arshif("crawl", cwd=tmp_path, env=QUICK)
    assert archived(tmp_path) == {1, 2}
    assert rows(tmp_path, "SELECT * FROM pending") == []


def test_an_article_that_keeps_failing_is_given_up_after_its_attempts(
    tmp_path: Path, site: Site
) -> None:
    site.pages["/news/3.html"] = ("status 503", "busy")
    site.pages["/news/4.html"] = ("status 404", "not yet")
    site.pages["/news/5.html"] = ("status 410", "gone")  # gone for good: never kept
    sources(tmp_path, site)
    env = {**QUICK, "ARSHIF_PENDING_ATTEMPTS": "2", "ARSHIF_PENDING_GIVE_UP_AFTER": "0"}
    arshif("crawl", cwd=tmp_path, env=env)
    assert rows(tmp_path, "SELECT url, attempts FROM pending ORDER BY url") == [
        (f"{site.base}/news/3.html", 1), (f"{site.base}/news/4.html", 1)
    ]  # fmt: skip
    site.pages["/"] = home(1)  # the site answers, and names no new article
    asked = len(site.hits)
    arshif("crawl", cwd=tmp_path, env=env)  # asked again (and retried), failed again: given up
    assert site.hits[asked:].count("/news/3.html") == 3
    assert site.hits[asked:].count("/news/4.html") == 1
    assert "/news/5.html" not in site.hits[asked:]
    assert rows(tmp_path, "SELECT * FROM pending") == []
    # Said where a user looks: the run's errors.
    assert rows(tmp_path, "SELECT kind, url FROM run_errors WHERE kind = 'given_up' ORDER BY url") == [
        ("given_up", f"{site.base}/news/3.html"), ("given_up", f"{site.base}/news/4.html")
    ]  # fmt: skip
    asked = len(site.hits)
    arshif("crawl", cwd=tmp_path, env=env)
    assert "/news/3.html" not in site.hits[asked:]


def test_pending_articles_that_fail_again_are_one_line_of_the_run_not_one_each(
    tmp_path: Path, site: Site
) -> None:
    """Every run asks them again and hears the same 500s: a line each on every run buried
    the log. The first run says each (news); the next ones one line for them all."""
    for n in (3, 4, 5):
        site.pages[f"/news/{n}.html"] = ("status 500", "broken")
    sources(tmp_path, site)
    first = arshif("crawl", "--log-level", "INFO", cwd=tmp_path, env=QUICK).stderr
    assert len([ln for ln in first.splitlines() if " http_500 " in ln]) == 3, first
    again = arshif("crawl", "--log-level", "INFO", cwd=tmp_path, env=QUICK).stderr
    said = [ln for ln in again.splitlines() if "http_500" in ln]
    assert len(said) == 1 and said[0].endswith(
        "3 articles left pending by earlier runs failed again (http_500 3)"
    ), again
    assert rows(tmp_path, "SELECT COUNT(*) FROM run_errors WHERE kind = 'http_500'") == [(6,)]
    # Nor Scrapy's words at INFO: "articles: 12 discovered, 0 never requested (finished);
    # Scrapy queued 1 requests at most" (the run's own line says what it did).
    assert "never requested" not in first + again


def test_an_article_archived_meanwhile_is_not_asked_again(tmp_path: Path, site: Site) -> None:
    sources(tmp_path, site, max_pages=6)
    arshif("crawl", cwd=tmp_path)
    first = archived(tmp_path)
    assert len(rows(tmp_path, "SELECT * FROM pending")) == 7
    sources(tmp_path, site)
    asked = len(site.hits)
    arshif("crawl", cwd=tmp_path)  # the home page names the twelve: each asked once
    again = site.hits[asked:]
    assert all(again.count(f"/news/{n}.html") == (n not in first) for n in range(1, 13)), again
    assert archived(tmp_path) == set(range(1, 13))


def test_a_maintenance_window_behind_cached_listings_gives_up_no_article(
    tmp_path: Path, site: Site
) -> None:
    """The listings answer (a cache's copy), every article 503s, crawl after crawl for
    hours: an article found before waits its two days before it may be given up."""
    site.pages["/news/3.html"] = ("status 503", "busy")
    sources(tmp_path, site)
    env = {**QUICK, "ARSHIF_PENDING_ATTEMPTS": "2"}
    arshif("crawl", cwd=tmp_path, env=env)
    for n in range(1, 13):
        site.pages[f"/news/{n}.html"] = ("status 503", "down for maintenance")
    for _ in range(3):
        arshif("crawl", cwd=tmp_path, env=env)
    assert rows(tmp_path, "SELECT url, attempts FROM pending") == [(f"{site.base}/news/3.html", 4)]
    assert rows(tmp_path, "SELECT * FROM run_errors WHERE kind = 'given_up'") == []
    site.pages["/news/3.html"] = ("text/html; charset=utf-8", article(3))
    arshif("crawl", cwd=tmp_path, env=env)
    assert 3 in archived(tmp_path)


def test_an_outage_gives_up_no_article(tmp_path: Path) -> None:
    """The site (or the crawler's own network) down for crawls in a row: the articles the
    last crawl left wait, however many crawls found no server."""
    env = {**QUICK, "ARSHIF_PENDING_ATTEMPTS": "2"}
    with serving(Site("127.0.0.32")) as first:
        port = first.server_address[1]
        first.pages["/"] = home(1, 2, 3)
        first.pages["/news/1.html"] = ("text/html; charset=utf-8", article(1))
        first.pages["/news/2.html"] = first.pages["/news/3.html"] = ("status 503", "busy")
        sources(tmp_path, first)
        arshif("crawl", cwd=tmp_path, env=env)
    assert rows(tmp_path, "SELECT url, attempts FROM pending ORDER BY url") == [
        (f"{first.base}/news/{n}.html", 1) for n in (2, 3)
    ]
    for _ in range(3):  # down: no server at its address
        arshif("crawl", cwd=tmp_path, env=env, check=False)
    assert len(rows(tmp_path, "SELECT url FROM pending WHERE attempts = 1")) == 2
    with serving(Site("127.0.0.32", port)) as back:
        for n in (1, 2, 3, 20):
            back.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", article(n))
        back.pages["/"] = home(20)
        arshif("crawl", cwd=tmp_path, env=env)
    assert archived(tmp_path) == {1, 2, 3, 20}


def test_a_crawl_that_archives_what_the_last_left_is_no_failure_when_discovery_fails(
    tmp_path: Path, site: Site
) -> None:
    sources(tmp_path, site, max_pages=6)
    arshif("crawl", cwd=tmp_path)
    del site.pages["/"]  # the start page now answers 404
    sources(tmp_path, site)
    result = arshif("crawl", cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    assert archived(tmp_path) == set(range(1, 13))
    [(status, reason)] = rows(tmp_path, "SELECT status, stop_reason FROM runs WHERE id = 2")
    assert (status, reason) == ("ok", "finished")


def test_a_crawl_killed_with_9_leaves_what_it_found_to_the_next(tmp_path: Path, site: Site) -> None:
    """Killed (kill -9, out of memory, the power): the articles it had found are kept as
    it found them, and the next crawl archives them, though the home page moved on."""
    import os
    import signal
    import subprocess
    import sys
    import time

    for n in range(1, 13):
        site.delays[f"/news/{n}.html"] = 1.0
    sources(tmp_path, site)
    (tmp_path / "sources.toml").write_text(
        (tmp_path / "sources.toml").read_text(encoding="utf-8") + "concurrency = 1\n",
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler", "crawl"], cwd=tmp_path, env=os.environ.copy(),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while len(archived(tmp_path) if (tmp_path / "archive.db").exists() else ()) < 2:
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert len(archived(tmp_path)) < 12
    site.pages["/"] = home(20)
    site.delays.clear()
    arshif("crawl", cwd=tmp_path)
    assert archived(tmp_path) == {*range(1, 13), 20}
    assert rows(tmp_path, "SELECT * FROM pending") == []


@pytest.mark.parametrize(("budget", "per_crawl"), [(12, 1), (30, 12)])
def test_a_deep_section_a_page_budget_cuts_is_read_to_its_end_over_crawls(
    tmp_path: Path, site: Site, budget: int, per_crawl: int
) -> None:
    """40 articles, five a page, newest first, no feed, no sitemap; each crawl may fetch
    `budget` pages and the section gains articles between crawls: the next pages a crawl did
    not get to are where the next one reads on, until every article is archived — also when
    the site published pages' worth meanwhile, and the stories the last crawl read slid down
    onto the page it reads on from."""
    published = list(range(1, 41))

    def publish() -> None:
        newest = published[::-1]
        for n in published:
            site.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", article(n))
        for p, first in enumerate(range(0, len(newest), 5), start=1):
            links = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in newest[first : first + 5])
            more = f"<a href='/sec?page={p + 1}'>التالي</a>" if first + 5 < len(newest) else ""
            page = f"<html><body>{links}{more}</body></html>"
            site.pages["/" if p == 1 else f"/sec?page={p}"] = ("text/html", page)

    publish()
    (tmp_path / "sources.toml").write_text(
        f'[sources.local]\nname = "local"\nstart_urls = ["{site.base}/"]\n'
        "article_url_pattern = '/news/\\d+\\.html'\ndownload_delay = 0\n"
        f"max_pages = {budget}\n",
        encoding="utf-8",
    )
    for run in range(14):
        if run:
            published.extend(range(published[-1] + 1, published[-1] + 1 + per_crawl))
            publish()
        arshif("crawl", cwd=tmp_path)
        if archived(tmp_path) == set(published) and not rows(tmp_path, "SELECT * FROM pending"):
            break  # (the walk read on to the section's end: nothing left to read)
    assert archived(tmp_path) == set(published), sorted(set(published) - archived(tmp_path))
    assert rows(tmp_path, "SELECT * FROM pending") == []


def test_what_a_crawl_did_not_reach_of_a_long_pending_list_is_kept(
    tmp_path: Path, site: Site
) -> None:
    """Thousands of articles left, and a crawl that ends after two pages: the rows it never
    looked at stay as they were (they were all dropped: a budget lost the backlog)."""
    sources(tmp_path, site, max_pages=1)
    arshif("crawl", cwd=tmp_path)  # archives the schema, and the home page only
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        conn.execute("DELETE FROM pending")
        conn.executemany(
            "INSERT INTO pending (source, url, fetch_url, found_at) VALUES ('local', ?, ?, '')",
            [(f"{site.base}/news/{n}.html",) * 2 for n in range(1, 40001)],
        )
    sources(tmp_path, site, max_pages=3)
    arshif("crawl", cwd=tmp_path)
    left = len(rows(tmp_path, "SELECT url FROM pending"))
    assert left + len(archived(tmp_path)) == 40000, left


def test_a_feeds_short_link_left_by_a_crawl_is_asked_by_the_next(
    tmp_path: Path, site: Site
) -> None:
    site.pages["/rss"] = (
        "application/rss+xml",
        f"<rss version='2.0'><channel><item><title>خبر</title><link>{site.base}/n/3</link>"
        "</item></channel></rss>",
    )
    site.pages["/n/3"] = ("status 503", "busy")
    (tmp_path / "sources.toml").write_text(
        f'[sources.local]\nname = "local"\nfeeds = ["{site.base}/rss"]\n'
        "article_url_pattern = '/news/\\d+\\.html'\ndownload_delay = 0\n",
        encoding="utf-8",
    )
    arshif("crawl", cwd=tmp_path, env=QUICK)
    assert rows(tmp_path, "SELECT url FROM pending") == [(f"{site.base}/n/3",)]
    site.pages["/rss"] = ("application/rss+xml", "<rss version='2.0'><channel></channel></rss>")
    site.pages["/n/3"] = ("redirect", f"{site.base}/news/3.html")
    arshif("crawl", cwd=tmp_path, env=QUICK)
    assert archived(tmp_path) == {3}


def test_articles_left_that_the_source_no_longer_calls_articles_are_not_asked(
    tmp_path: Path, site: Site
) -> None:
    sources(tmp_path, site, max_pages=6)
    arshif("crawl", cwd=tmp_path)
    assert len(rows(tmp_path, "SELECT * FROM pending")) == 7
    (tmp_path / "sources.toml").write_text(
        (tmp_path / "sources.toml").read_text(encoding="utf-8")
        .replace("/news/\\d+\\.html", "/story/\\d+").replace("max_pages = 6\n", ""),
        encoding="utf-8",
    )  # fmt: skip
    site.pages["/"] = home()  # (its links would be read as sections now)
    asked = len(site.hits)
    arshif("crawl", cwd=tmp_path)
    assert not [hit for hit in site.hits[asked:] if hit.startswith("/news/")]
    assert rows(tmp_path, "SELECT * FROM pending") == []


def test_a_backlog_over_a_section_all_archived_stops_after_its_slid_pages(
    tmp_path: Path, site: Site
) -> None:
    """A section's next page left by a run cut short, its stories archived meanwhile (by the
    run's sitemap, or a later walk): read on from, it counts archived stories as news only
    for the pages a site's news could have pushed them down (it walked the section's whole
    history, run after run)."""
    from crawler.spiders.news import MAX_SLID_PAGES

    pages = 40
    for p in range(1, pages + 1):
        numbers = (2 * p - 1 + 100, 2 * p + 100)
        for n in numbers:
            site.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", article(n))
        links = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in numbers)
        more = f"<a href='/sec?page={p + 1}'>التالي</a>" if p < pages else ""
        page = f"<html><body>{links}{more}</body></html>"
        site.pages["/" if p == 1 else f"/sec?page={p}"] = ("text/html", page)
    sources(tmp_path, site)
    arshif("crawl", cwd=tmp_path)  # a first crawl walks it whole
    assert len(archived(tmp_path)) == 2 * pages
    with sqlite3.connect(tmp_path / "archive.db") as conn:  # as a run cut short leaves it
        conn.execute(
            "INSERT INTO pending (source, url, fetch_url, kind, via, depth, found_at)"
            " VALUES ('local', ?, ?, 'listing', ?, 0, '2026-12-01T00:00:00+00:00')",
            [f"{site.base}/sec?page=3", f"{site.base}/sec?page=3", f"{site.base}/"],
        )
    before = len(site.hits)
    arshif("crawl", cwd=tmp_path)
    read = [h for h in site.hits[before:] if h.startswith("/sec?page=")]
    assert len(read) <= MAX_SLID_PAGES + 4, read  # (not the section's 39)
    assert rows(tmp_path, "SELECT * FROM pending") == []
