"""A sitemap index over years of daily maps: a re-crawl reads the maps whose lastmod moved
and the newest ones, not every map of every day (each read on every run before), and a full
walk reads them all again. What a source read is its own: two sources of one site each read
a map that changed."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import arshif
from tests.localsite import Site, serving

pytestmark = pytest.mark.usefixtures("inline_extraction")

DAYS = ("6-days-ago", "5-days-ago", "4-days-ago", "3-days-ago", "2-days-ago", "yesterday")
PLACES = ("عمان", "إربد", "الزرقاء", "العقبة", "الكرك", "مادبا", "جرش", "عجلون", "المفرق",
          "الطفيلة", "معان", "السلط", "البلقاء")  # fmt: skip


def article(n: int, edit: str = "") -> str:
    """Article n: a story of its own (a copy of another would have that one asked again)."""
    own = " ".join(f"{PLACES[(n + k) % len(PLACES)]} {n * 7 + k}" for k in range(12))
    body = f"قالت وزارة الصحة إن فرقها وصلت إلى المناطق المتضررة من السيول في {own} ({n})."
    return (
        f"<html lang='ar'><head><meta charset='utf-8'><title>خبر {n}</title></head><body>"
        f"<h1>خبر رقم {n} عن السيول في الجنوب</h1>"
        f"<time datetime='2026-11-2{n % 9 + 1}T08:00:00+02:00'></time>"
        f"<article>{f'<p>{body}</p>' * 4}{edit}</article></body></html>"
    )


def stamp(ago: timedelta = timedelta()) -> str:
    """A lastmod this long before now (a lastmod before an article was read says no edit)."""
    return (datetime.now(UTC) - ago).isoformat(timespec="seconds")


class Daily:
    """The site's index over one map a day, two articles each; a map's lastmod its last story's
    (a day's map last written two hours into the next day)."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.days: dict[str, list[int]] = {}
        self.stamps: dict[str, str] = {}
        self.edited: dict[int, str] = {}  # an article's own lastmod, once edited
        for i, day in enumerate(DAYS):
            self.add(day, 2 * i + 1, 2 * i + 2, ago=timedelta(days=len(DAYS) - i, hours=-2))

    def add(self, day: str, *numbers: int, ago: timedelta = timedelta()) -> None:
        for n in numbers:
            self.site.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", article(n))
        self.days.setdefault(day, []).extend(numbers)
        self.stamp(day, stamp(ago))

    def stamp(self, day: str, lastmod: str) -> None:
        self.stamps[day] = lastmod
        urls = "".join(
            f"<url><loc>{self.site.base}/news/{n}.html</loc>"
            + (f"<lastmod>{self.edited[n]}</lastmod>" if n in self.edited else "")
            + "</url>"
            for n in self.days[day]
        )
        self.site.pages[f"/maps/{day}.xml"] = ("application/xml", f"<urlset>{urls}</urlset>")
        maps = "".join(
            f"<sitemap><loc>{self.site.base}/maps/{d}.xml</loc><lastmod>{s}</lastmod></sitemap>"
            for d, s in self.stamps.items()
        )
        self.site.pages["/index.xml"] = ("application/xml", f"<sitemapindex>{maps}</sitemapindex>")


@pytest.fixture
def daily() -> Iterator[Daily]:
    with serving(Site("127.0.0.41")) as site:
        site.pages["/"] = ("text/html", "<html><body>لا روابط</body></html>")
        yield Daily(site)


def write_sources(tmp_path: Path, site: Site, *names: str, full_walk_after: str = "7d") -> None:
    (tmp_path / "sources.toml").write_text(
        "".join(
            f'[sources.{name}]\nname = "{name}"\nstart_urls = ["{site.base}/"]\n'
            f'sitemaps = ["{site.base}/index.xml"]\narticle_url_pattern = "/news/"\n'
            f'download_delay = 0\nfull_walk_after = "{full_walk_after}"\n\n'
            for name in names
        ),
        encoding="utf-8",
    )


def crawl(tmp_path: Path, site: Site, *args: str) -> set[str]:
    """The daily maps a crawl asked for."""
    before = len(site.hits)
    arshif("crawl", *args, cwd=tmp_path)
    return {
        h.removeprefix("/maps/").removesuffix(".xml") for h in site.hits[before:] if "/maps/" in h
    }


def archived(tmp_path: Path) -> dict[int, int]:
    """Article number -> its versions."""
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        rows = conn.execute(
            "SELECT a.url, (SELECT COUNT(*) FROM article_versions v WHERE v.article_id = a.id)"
            " FROM articles a"
        ).fetchall()
    return {int(url.rsplit("/", 1)[1].split(".")[0]): versions for url, versions in rows}


def test_a_recrawl_reads_the_maps_that_moved_and_the_newest_and_a_full_walk_reads_all(
    tmp_path: Path, daily: Daily
) -> None:
    site = daily.site
    write_sources(tmp_path, site, "local")
    assert crawl(tmp_path, site) == set(DAYS)
    assert set(archived(tmp_path)) == set(range(1, 13))
    daily.add("today", 13, 14)  # a new day
    site.pages["/news/3.html"] = (  # an old story corrected: its map's lastmod moves
        "text/html; charset=utf-8",
        article(3, "<p>تصحيح: الأرقام الواردة في الخبر عدّلت بعد صدور البيان الرسمي للوزارة.</p>"),
    )
    edited = stamp(-timedelta(seconds=2))  # (after the first crawl read it, that second)
    daily.edited[3] = edited
    daily.stamp("5-days-ago", edited)
    # the newest map, the one a day before it (a map still filling), and the one that moved
    assert crawl(tmp_path, site) == {"today", "yesterday", "5-days-ago"}
    versions = archived(tmp_path)
    assert set(versions) == set(range(1, 15)) and versions[3] == versions[1] + 1
    write_sources(tmp_path, site, "local", full_walk_after="1s")
    assert crawl(tmp_path, site) == {*DAYS, "today"}  # the full walk: every map again


def test_each_source_of_one_site_reads_a_map_that_moved_since_its_own_last_read(
    tmp_path: Path, daily: Daily
) -> None:
    """One source's read of a map that changed hid it from the other source of the site."""
    site = daily.site
    write_sources(tmp_path, site, "one", "two")
    crawl(tmp_path, site, "one")
    crawl(tmp_path, site, "two")
    # a story added to an old day's map, its lastmod still older than the newest map's
    daily.add("4-days-ago", 15, ago=timedelta(days=4, hours=-3))
    assert "4-days-ago" in crawl(tmp_path, site, "one")
    assert "4-days-ago" in crawl(tmp_path, site, "two")
    assert "3-days-ago" not in crawl(tmp_path, site, "two")


def test_a_crawl_cut_short_reads_every_map_again_next_time(tmp_path: Path, daily: Daily) -> None:
    """A page budget's run may not have fetched what its maps list: it keeps no read."""
    site = daily.site
    write_sources(tmp_path, site, "local")
    with (tmp_path / "sources.toml").open("a", encoding="utf-8") as toml:
        toml.write("max_pages = 10\n")  # the home page, the index and its maps, 2 articles
    assert crawl(tmp_path, site) == set(DAYS)
    assert len(archived(tmp_path)) < 12
    write_sources(tmp_path, site, "local")
    assert crawl(tmp_path, site) == set(DAYS)
    assert len(archived(tmp_path)) == 12


def test_an_index_that_answers_304_leaves_the_maps_read_at_their_lastmod_unread(
    tmp_path: Path, daily: Daily
) -> None:
    """The unchanged index's 304 sent every map of every day to be asked again."""
    site = daily.site
    site.etags = True
    write_sources(tmp_path, site, "local")
    crawl(tmp_path, site)
    again = crawl(tmp_path, site)
    assert "yesterday" in again and not again & set(DAYS[:4]), again
    assert site.hits.count("/index.xml") == 2  # (asked again, answered 304)
