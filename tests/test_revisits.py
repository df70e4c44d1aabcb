"""Older articles are re-checked in a round, a few each run: an edit that no feed, sitemap
or age re-check announces is still found."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import arshif
from tests.localsite import Site, serving
from tests.test_discovery_crawl import article

pytestmark = pytest.mark.usefixtures("inline_extraction")

ARTICLES = range(1, 7)


def crawl(tmp_path: Path, site: Site) -> list[str]:
    """One crawl; the article paths it asked for."""
    (tmp_path / "sources.toml").write_text(
        f'[sources.local]\nname = "local"\nstart_urls = ["{site.base}/"]\n'
        "article_url_pattern = '/news/\\d+\\.html'\ndownload_delay = 0\n"
        'revisit_per_run = 2\nrevisit_after = "30d"\n',
        encoding="utf-8",
    )
    before = len(site.visits)
    arshif("crawl", cwd=tmp_path)
    return sorted(p for _, p in site.visits[before:] if p.startswith("/news/"))


def age_the_archive(db: Path) -> None:
    """As if the crawl had been two months ago, its last fetches forty days ago."""
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE articles SET first_seen_at = datetime('now', '-60 days'),"
            " fetched_at = datetime('now', '-40 days')"
        )


def test_older_articles_are_rechecked_a_few_each_run_and_an_old_edit_is_found(
    tmp_path: Path,
) -> None:
    with serving(Site()) as site:
        links = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in ARTICLES)
        site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
        for n in ARTICLES:
            site.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", article(n))
        assert crawl(tmp_path, site) == sorted(f"/news/{n}.html" for n in ARTICLES)
        age_the_archive(tmp_path / "archive.db")
        order = archived_paths(tmp_path / "archive.db")  # the round goes in archive order
        edited = site.pages[order[-1]][1].replace("وصلت إلى", "وصلت صباح اليوم إلى")
        site.pages[order[-1]] = ("text/html; charset=utf-8", edited)  # the round's last
        rounds = [crawl(tmp_path, site) for _ in range(4)]
    assert rounds == [
        sorted(order[0:2]),
        sorted(order[2:4]),
        sorted(order[4:6]),
        [],  # a round done: every article was fetched within revisit_after
    ]
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        versions = [v for (v,) in conn.execute("SELECT version FROM articles ORDER BY id")]
        kept = conn.execute("SELECT COUNT(*) FROM article_versions").fetchone()[0]
    assert versions == [1, 1, 1, 1, 1, 2] and kept == 1


def test_an_old_edit_behind_a_validator_that_never_moves_is_found_by_the_round(
    tmp_path: Path,
) -> None:
    """A server whose validator stays the post's first (a Last-Modified or an ETag set
    from the publication, not the edit) answers 304 to every conditional re-check: the
    round, the net for edits nothing announces, asks whole — also when an age re-check
    (--recheck-days) wants the same article."""
    with serving(Site()) as site:
        site.etags = True
        links = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in ARTICLES)
        site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
        for n in ARTICLES:
            site.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", article(n))
            site.etag_of[f"/news/{n}.html"] = f'"post-{n}"'
        crawl(tmp_path, site)
        age_the_archive(tmp_path / "archive.db")
        first = archived_paths(tmp_path / "archive.db")[0]
        edited = site.pages[first][1].replace("وصلت إلى", "وصلت صباح اليوم إلى")
        site.pages[first] = ("text/html; charset=utf-8", edited)
        arshif("crawl", "--recheck-days", "100000", cwd=tmp_path)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        versions = [v for (v,) in conn.execute("SELECT version FROM articles ORDER BY id")]
    assert versions[0] == 2, versions


def archived_paths(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        urls = [url for (url,) in conn.execute("SELECT url FROM articles ORDER BY id")]
    return ["/news/" + url.rsplit("/", 1)[1] for url in urls]


# Edits a site shows only on its listings and feeds: the headline of an older article's link
# changes, no date says so (no <lastmod>, no <updated>).
HEADLINES = {n: f"السيول تغمر قرى الجنوب وتقطع الطرق في المنطقة رقم {n}" for n in ARTICLES}
CORRECTED = "ارتفاع عدد الضحايا إلى 45 في سيول الجنوب"


def listing(headlines: dict[int, str], ago: str = "منذ 3 ساعات") -> str:
    """A home page of cards, "اقرأ المزيد" under each: the picture's link and the headline's
    (even numbers), or one link round the picture, the headline and its time (odd)."""
    cards = "".join(
        f"<div class='card'><a href='/news/{n}.html'><img src='/i/{n}.jpg'></a>"
        f"<h3><a href='/news/{n}.html'>{title}</a></h3><time>{ago}</time>"
        f"<a href='/news/{n}.html'>اقرأ المزيد</a></div>"
        if n % 2 == 0
        else f"<div class='card'><a href='/news/{n}.html'><img src='/i/{n}.jpg'>"
        f"<span>{title}</span> <time>{ago}</time></a>"
        f"<a href='/news/{n}.html'>اقرأ المزيد</a></div>"
        for n, title in headlines.items()
    )
    return f"<html><body><main>{cards}</main></body></html>"


def rss(headlines: dict[int, str], base: str) -> str:
    items = "".join(
        f"<item><title>{title}</title><link>{base}/news/{n}.html</link>"
        f"<pubDate>Mon, 0{n} Nov 2024 08:00:00 +0200</pubDate></item>"
        for n, title in headlines.items()
    )
    return (
        f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>{items}</channel></rss>"
    )


def crawl_feed(tmp_path: Path, site: Site, home: bool = False) -> list[str]:
    """One crawl of a source that is its feed (and its home page); the article paths it
    asked for."""
    start = f'start_urls = ["{site.base}/"]\n' if home else ""
    (tmp_path / "sources.toml").write_text(
        f'[sources.local]\nname = "local"\nfeeds = ["{site.base}/rss.xml"]\n{start}'
        "article_url_pattern = '/news/\\d+\\.html'\ndownload_delay = 0\n",
        encoding="utf-8",
    )
    before = len(site.visits)
    arshif("crawl", cwd=tmp_path)
    return sorted(p for _, p in site.visits[before:] if p.startswith("/news/"))


def archived_days_ago(db: Path) -> None:
    """As if the articles had been first seen ten days ago and last fetched two days ago:
    past their re-check ages, not yet in the round of older ones."""
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE articles SET first_seen_at = datetime('now', '-10 days'),"
            " fetched_at = datetime('now', '-2 days')"
        )


def edit(site: Site, n: int) -> None:
    path = f"/news/{n}.html"
    site.pages[path] = ("text/html; charset=utf-8", article(n).replace("وصلت إلى", "وصلت أمس إلى"))


def edited(db: Path) -> list[str]:
    """The paths of the articles that have a version before their text."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT url FROM articles WHERE version > 1 ORDER BY url")
        return ["/news/" + url.rsplit("/", 1)[1] for (url,) in rows]


def test_a_headline_corrected_on_the_listing_alone_makes_its_article_a_version(
    tmp_path: Path,
) -> None:
    with serving(Site()) as site:
        site.pages["/"] = ("text/html", listing(HEADLINES))
        for n in ARTICLES:
            site.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", article(n))
        crawl(tmp_path, site)
        archived_days_ago(tmp_path / "archive.db")
        edit(site, 3)
        site.pages["/"] = ("text/html", listing({**HEADLINES, 3: CORRECTED}))
        assert crawl(tmp_path, site) == ["/news/3.html"]
        assert crawl(tmp_path, site) == []  # the new headline is remembered
    assert edited(tmp_path / "archive.db") == ["/news/3.html"]


def test_an_unchanged_listing_refetches_nothing_and_a_first_headline_is_only_remembered(
    tmp_path: Path,
) -> None:
    """An archive from before remembers no headline: the first one seen is kept, no re-check.
    A card's time ("منذ 3 ساعات") is no part of its headline."""
    db = tmp_path / "archive.db"
    with serving(Site()) as site:
        site.pages["/"] = ("text/html", listing(HEADLINES))
        for n in ARTICLES:
            site.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", article(n))
        crawl(tmp_path, site)
        archived_days_ago(db)
        site.pages["/"] = ("text/html", listing(HEADLINES, ago="منذ 4 ساعات"))
        assert crawl(tmp_path, site) == []
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE articles SET listed_title = NULL")
        site.pages["/"] = ("text/html", listing({**HEADLINES, 2: CORRECTED}))
        assert crawl(tmp_path, site) == []
        site.pages["/"] = ("text/html", listing({**HEADLINES, 2: CORRECTED + " (محدث)"}))
        assert crawl(tmp_path, site) == ["/news/2.html"]


def test_a_feed_items_title_changed_makes_its_article_due(tmp_path: Path) -> None:
    with serving(Site()) as site:
        site.pages["/rss.xml"] = ("application/rss+xml", rss(HEADLINES, site.base))
        for n in ARTICLES:
            site.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", article(n))
        assert len(crawl_feed(tmp_path, site)) == len(ARTICLES)
        archived_days_ago(tmp_path / "archive.db")
        assert crawl_feed(tmp_path, site) == []
        edit(site, 5)
        site.pages["/rss.xml"] = (
            "application/rss+xml",
            rss({**HEADLINES, 5: CORRECTED}, site.base),
        )
        assert crawl_feed(tmp_path, site) == ["/news/5.html"]
    assert edited(tmp_path / "archive.db") == ["/news/5.html"]


def test_a_headline_cut_short_on_a_listing_is_no_change(tmp_path: Path) -> None:
    """A teaser that ends in "…", or stops at a word of the headline remembered."""
    with serving(Site()) as site:
        site.pages["/"] = ("text/html", listing(HEADLINES))
        for n in ARTICLES:
            site.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", article(n))
        crawl(tmp_path, site)
        archived_days_ago(tmp_path / "archive.db")
        cut = {**HEADLINES, 1: HEADLINES[1][:30] + "…", 4: " ".join(HEADLINES[4].split()[:5])}
        site.pages["/"] = ("text/html", listing(cut))
        assert crawl(tmp_path, site) == []
        site.pages["/"] = ("text/html", listing({**cut, 6: CORRECTED}))
        assert crawl(tmp_path, site) == ["/news/6.html"]


def test_a_short_headline_on_the_home_page_and_the_whole_one_in_the_feed_are_no_change(
    tmp_path: Path,
) -> None:
    """One article, two forms of its headline, each run: both are remembered."""
    short = {n: " ".join(title.split()[1:6]) for n, title in HEADLINES.items()}
    with serving(Site()) as site:
        site.pages["/"] = ("text/html", listing(short))
        site.pages["/rss.xml"] = ("application/rss+xml", rss(HEADLINES, site.base))
        for n in ARTICLES:
            site.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", article(n))
        crawl_feed(tmp_path, site, home=True)
        archived_days_ago(tmp_path / "archive.db")
        assert [crawl_feed(tmp_path, site, home=True) for _ in range(2)] == [[], []]
        site.pages["/"] = ("text/html", listing({**short, 1: CORRECTED}))
        assert crawl_feed(tmp_path, site, home=True) == ["/news/1.html"]


def test_the_forms_of_a_headline_are_kept_with_an_article_stored_where_its_link_redirects(
    tmp_path: Path,
) -> None:
    """The links go to an address that redirects (the row is stored where it lands, known by
    the address asked): an archive from before remembers no headline, and the home page's
    form and the feed's other one are both kept with it, none a change on the next run."""
    db = tmp_path / "archive.db"
    short = {n: " ".join(title.split()[1:]) for n, title in HEADLINES.items()}
    with serving(Site()) as site:
        site.pages["/"] = ("text/html", listing(short))
        site.pages["/rss.xml"] = ("application/rss+xml", rss(HEADLINES, site.base))
        for n in ARTICLES:
            site.pages[f"/news/{n}.html"] = ("redirect", f"{site.base}/news/{100 + n}.html")
            site.pages[f"/news/{100 + n}.html"] = ("text/html; charset=utf-8", article(n))
        crawl_feed(tmp_path, site, home=True)
        archived_days_ago(db)
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE articles SET listed_title = NULL")
        assert crawl_feed(tmp_path, site, home=True) == []
        with sqlite3.connect(db) as conn:
            kept = conn.execute("SELECT listed_title FROM articles").fetchall()
        assert [len((forms or "").split("\n")) for (forms,) in kept] == [2] * len(ARTICLES)
        assert crawl_feed(tmp_path, site, home=True) == []
