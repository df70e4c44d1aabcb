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

from crawler.sitemapreads import named_day
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


def test_an_index_with_more_maps_than_the_page_budget_is_read_through_over_runs(
    tmp_path: Path, daily: Daily
) -> None:
    """max_pages smaller than the index's maps: every run read the index and the same oldest
    maps to its budget, kept no read (a run cut short), left the others to no one and said
    "left 0"; the newest maps were never read. Now the newest go first, a map read whole is
    settled whatever ends the run (its articles kept in pending), the maps not reached are
    kept for the next run, and a map read before is asked with its validators."""
    site = daily.site
    site.etags = True
    write_sources(tmp_path, site, "local")
    with (tmp_path / "sources.toml").open("a", encoding="utf-8") as toml:
        toml.write("max_pages = 6\n")  # the home page, the index and 4 maps
    first = crawl(tmp_path, site)
    assert first == set(DAYS[2:]), first  # the newest four
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        left = conn.execute("SELECT articles_left FROM runs ORDER BY id DESC").fetchone()[0]
        kept = {u for (u,) in conn.execute("SELECT url FROM pending WHERE kind = 'sitemap'")}
    assert left >= 2 and kept == {f"{site.base}/maps/{d}.xml" for d in DAYS[:2]}
    second = crawl(tmp_path, site)
    assert set(DAYS[:2]) <= second and not second & {"3-days-ago", "4-days-ago"}, second
    write_sources(tmp_path, site, "local")  # no budget: the articles left are fetched
    assert not crawl(tmp_path, site) & set(DAYS[:4])
    assert set(archived(tmp_path)) == set(range(1, 13))
    # (after runs cut short no page is asked with validators; a map read whole before is)
    assert "/maps/yesterday.xml" in site.conditional and "/index.xml" not in site.conditional


def test_a_map_read_while_its_articles_could_not_all_be_kept_is_read_whole_again(
    tmp_path: Path, daily: Daily
) -> None:
    """A map settled once, then read at a new lastmod by a run that could keep fewer new
    articles than it found (ARSHIF_MAX_PENDING): its validators stayed, the next run's 304
    settled it, and the articles dropped were never fetched."""
    site = daily.site
    site.etags = True
    write_sources(tmp_path, site, "local")
    crawl(tmp_path, site)  # every map read and settled
    daily.add("2-days-ago", 13, 14, 15, 16, ago=timedelta(hours=30))  # an older map grows
    with (tmp_path / "sources.toml").open("a", encoding="utf-8") as toml:
        toml.write("max_pages = 4\n")  # the home page, the index, two maps: no article
    for _ in range(2):
        arshif("crawl", cwd=tmp_path, env={"ARSHIF_MAX_PENDING": "1"})
    write_sources(tmp_path, site, "local")
    crawl(tmp_path, site)
    assert set(archived(tmp_path)) == set(range(1, 17))


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


@pytest.mark.parametrize("other", ["now", "future"])
def test_yesterdays_map_stamped_with_its_day_is_read_beside_a_map_stamped_to_the_second(
    tmp_path: Path, daily: Daily, other: str
) -> None:
    """Date-only lastmods beside a map of pages stamped with the moment it was made (or a
    slip into next year): yesterday's map, a story added to it, fell out of "the newest"."""
    site = daily.site
    for i, day in enumerate(DAYS):  # each map's lastmod its day alone
        daily.stamp(day, (datetime.now(UTC) - timedelta(days=len(DAYS) - i)).date().isoformat())
    site.pages["/maps/pages.xml"] = ("application/xml", "<urlset></urlset>")
    daily.days["pages"] = []
    daily.stamp("pages", stamp() if other == "now" else "2099-03-01T00:00:00+00:00")
    write_sources(tmp_path, site, "local")
    crawl(tmp_path, site)
    daily.add("yesterday", 15, ago=timedelta(days=1))  # its lastmod its day still
    daily.stamp("yesterday", (datetime.now(UTC) - timedelta(days=1)).date().isoformat())
    assert "yesterday" in crawl(tmp_path, site)
    assert 15 in archived(tmp_path)


def test_two_sources_of_one_sites_sitemaps_each_find_their_new_articles_behind_validators(
    tmp_path: Path, daily: Daily
) -> None:
    """A site's news and its opinion pieces as two sources of one sitemap index that answers
    with ETags: the validators one source's read kept made the other's asks 304s, and the
    other source never found its new articles, its full walk neither."""
    site = daily.site
    site.etags = True
    (tmp_path / "sources.toml").write_text(
        "".join(
            f'[sources.{name}]\nname = "{name}"\nstart_urls = ["{site.base}/"]\n'
            f'sitemaps = ["{site.base}/index.xml"]\narticle_url_pattern = "/{name}/"\n'
            "download_delay = 0\n\n"
            for name in ("news", "opinion")
        ),
        encoding="utf-8",
    )
    crawl(tmp_path, site, "news")
    crawl(tmp_path, site, "opinion")
    site.pages["/opinion/21.html"] = ("text/html; charset=utf-8", article(21))
    daily.days["yesterday"].append(21)  # (written /news/21.html: the map names the opinion's)
    daily.add("yesterday", 20, ago=timedelta(hours=1))
    urlset = site.pages["/maps/yesterday.xml"][1].replace("/news/21.html", "/opinion/21.html")
    site.pages["/maps/yesterday.xml"] = ("application/xml", urlset)
    crawl(tmp_path, site, "news")
    crawl(tmp_path, site, "opinion")
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        urls = {row[0].removeprefix(site.base) for row in conn.execute("SELECT url FROM articles")}
    assert {"/news/20.html", "/opinion/21.html"} <= urls


def test_a_full_walk_reads_sitemaps_whole_past_their_validators(
    tmp_path: Path, daily: Daily
) -> None:
    """Validators that say "unchanged" of a map that lists a story never archived (a run
    killed after the map answered and before its articles were kept; a server whose ETag
    stays): every later run got the map's 304, the full walk too, and never found it."""
    site = daily.site
    site.etags = True
    site.etag_of.update({"/index.xml": "index-1", "/maps/4-days-ago.xml": "map-1"})
    write_sources(tmp_path, site, "local")
    crawl(tmp_path, site)
    site.pages["/news/15.html"] = ("text/html; charset=utf-8", article(15))
    daily.days["4-days-ago"].append(15)
    daily.stamp("4-days-ago", daily.stamps["4-days-ago"])  # its lastmod and ETag as they were
    crawl(tmp_path, site)
    assert 15 not in archived(tmp_path)
    write_sources(tmp_path, site, "local", full_walk_after="1s")
    crawl(tmp_path, site)
    assert 15 in archived(tmp_path)


@pytest.mark.parametrize("validators", [False, True], ids=["no-validators", "index-304"])
def test_maps_without_lastmod_that_name_a_past_day_are_read_once(
    tmp_path: Path, validators: bool
) -> None:
    """Al Jazeera's index: a map a day, "sitemap.xml?yyyy=2026&mm=11&dd=30", no lastmod, no
    validators: every map was read on every run (years of them: a thousand requests a run).
    A past day's or month's map read whole is settled; today's and yesterday's are read —
    also when the index answers 304 and its children are asked from what it said before."""
    today = datetime.now(UTC).date()
    days = [today - timedelta(days=n) for n in (0, 1, 3, 10)]
    with serving(Site("127.0.0.41")) as site:
        site.etags = validators
        site.pages["/"] = ("text/html", "<html><body>لا روابط</body></html>")
        maps = [f"/sitemap.xml?yyyy={d.year}&mm={d.month:02d}&dd={d.day:02d}" for d in days]
        maps.append("/sitemap-2019-07.xml")  # a month's map
        for n, path in enumerate(maps, 1):
            site.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", article(n))
            site.pages[path] = (
                "application/xml", f"<urlset><url><loc>{site.base}/news/{n}.html</loc></url></urlset>"
            )  # fmt: skip
        locs = "".join(
            f"<sitemap><loc>{site.base}{p.replace('&', '&amp;')}</loc></sitemap>" for p in maps
        )
        site.pages["/index.xml"] = ("application/xml", f"<sitemapindex>{locs}</sitemapindex>")

        def read() -> list[str]:
            before = len(site.hits)
            arshif("crawl", cwd=tmp_path)
            return sorted(h for h in site.hits[before:] if h.startswith("/sitemap"))

        write_sources(tmp_path, site, "local")
        assert read() == sorted(maps)
        assert set(archived(tmp_path)) == {1, 2, 3, 4, 5}
        assert read() == sorted(maps[:2])  # today's and yesterday's
        write_sources(tmp_path, site, "local", full_walk_after="1s")
        assert read() == sorted(maps)  # a full walk reads them all


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://x.net/sitemap.xml?yyyy=2026&mm=11&dd=30", "2026-11-30"),
        ("https://x.net/sitemap.xml?year=2026&month=2", "2026-02-28"),
        ("https://x.net/sitemaps/2026-11-30.xml", "2026-11-30"),
        ("https://x.net/sitemap-posts-202611.xml", "2026-11-30"),
        ("https://x.net/2026/11/30/sitemap.xml", "2026-11-30"),
        ("https://x.net/sitemap-12.xml", None),
        ("https://x.net/post-sitemap2.xml", None),
        ("https://x.net/sitemap.xml?page=2026", None),
    ],
)
def test_the_day_a_maps_address_names(url: str, day: str | None) -> None:
    named = named_day(url)
    assert (named.isoformat() if named else None) == day


def test_a_days_map_read_on_its_own_day_is_read_again_later() -> None:
    """Read on its day (or the next), it was still filling: kept as settled, its afternoon's
    stories waited for the full walk when the next run came two days later."""
    from functools import partial

    from crawler.sitemapreads import SitemapReads

    url = "https://x.net/sitemap.xml?dd=30&mm=11&yyyy=2026"
    for read_on, kept in ((datetime(2026, 11, 30, 8, tzinfo=UTC), False),
                          (datetime(2026, 12, 1, 8, tzinfo=UTC), False),
                          (datetime(2026, 12, 3, 8, tzinfo=UTC), True)):  # fmt: skip
        reads = SitemapReads(dict, walks_whole=False, now=read_on)
        reads.answered(url, None)
        later = SitemapReads(partial(dict, reads.read), False, read_on + timedelta(days=3))
        assert later.unchanged(url, None, None) is kept


MONTHS, PER_MONTH = 6, 30


class Monthly:
    """A site known by its sitemap index alone, a map a month (sitemap-2026-01.xml, ...),
    listed oldest first, each story and map with its lastmod; story n is the n-th published,
    an hour after the one before."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.count = 0
        self.start = datetime.now(UTC) - timedelta(hours=MONTHS * PER_MONTH + 10)
        self.publish(MONTHS * PER_MONTH)

    def publish(self, more: int) -> list[int]:
        numbers = list(range(self.count + 1, self.count + more + 1))
        self.count += more
        for n in numbers:
            self.site.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", article(n))
        months: dict[str, list[int]] = {}
        for n in range(1, self.count + 1):
            months.setdefault(f"2026-{min((n - 1) // PER_MONTH, MONTHS - 1) + 1:02d}", []).append(n)
        maps = ""
        for month, stories in months.items():
            urls = "".join(
                f"<url><loc>{self.site.base}/news/{n}.html</loc>"
                f"<lastmod>{self.when(n)}</lastmod></url>"
                for n in stories
            )
            self.site.pages[f"/sitemap-{month}.xml"] = (
                "application/xml",
                f"<urlset>{urls}</urlset>",
            )
            maps += (
                f"<sitemap><loc>{self.site.base}/sitemap-{month}.xml</loc>"
                f"<lastmod>{self.when(stories[-1])}</lastmod></sitemap>"
            )
        self.site.pages["/index.xml"] = ("application/xml", f"<sitemapindex>{maps}</sitemapindex>")
        return numbers

    def when(self, n: int) -> str:
        return (self.start + timedelta(hours=n)).isoformat(timespec="seconds")


@pytest.fixture
def monthly() -> Iterator[Monthly]:
    with serving(Site("127.0.0.41")) as site:
        site.pages["/"] = ("text/html", "<html><body>لا روابط</body></html>")
        yield Monthly(site)


def test_a_catalogue_bigger_than_the_budget_is_archived_newest_first_and_news_goes_before_it(
    tmp_path: Path, monthly: Monthly
) -> None:
    """An index of monthly maps bigger than max_pages: the first run archived a slice from the
    middle of the archive (the maps' articles in the order Scrapy's queue happened to give),
    and stories published before the next run waited behind the whole backlog it carried
    (pending): none archived by the runs after, the newest map read again all the same."""
    site = monthly.site
    write_sources(tmp_path, site, "local")
    with (tmp_path / "sources.toml").open("a", encoding="utf-8") as toml:
        toml.write("max_pages = 38\n")  # the home page, the index, 6 maps, 30 articles
    crawl(tmp_path, site)
    total = MONTHS * PER_MONTH
    first = set(archived(tmp_path))
    assert first == set(range(total - 29, total + 1)), sorted(first)  # the newest 30
    news = monthly.publish(3)  # into the newest month's map: its lastmod moves
    crawl(tmp_path, site)
    second = set(archived(tmp_path)) - first
    assert set(news) <= second, sorted(second)
    # the rest of its budget on the backlog, the newest first
    assert len(second) > 20 and min(second) > total - 70, sorted(second)
