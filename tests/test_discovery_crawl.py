"""Discovery in a real crawl: pagination followed past max_depth, feeds declared by the start
page and sitemaps named by robots.txt used when the source lists none."""

from __future__ import annotations

import gzip
import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from crawler.offline import FixtureServer
from tests.conftest import arshif
from tests.localsite import Site, serving

pytestmark = pytest.mark.usefixtures("inline_extraction")

PARAGRAPH = "قالت وزارة الصحة إن فرقها الميدانية وصلت إلى المناطق المتضررة من السيول في جنوب البلاد، وبدأت تقديم الإسعافات للمصابين. "


def article(n: int) -> str:
    return (
        f"<html lang='ar'><head><meta charset='utf-8'><title>خبر {n}</title></head><body>"
        f"<h1>خبر رقم {n} عن السيول في الجنوب</h1><time datetime='2024-11-0{n % 9 + 1}T08:00:00+02:00'></time>"
        f"<article>{f'<p>{PARAGRAPH} ({n})</p>' * 4}</article></body></html>"
    )


# Four stories that share no sentence (article(n)'s pages are near copies of one another).
STORIES = (
    "أعلنت وزارة النقل استئناف رحلات الحافلات بين المحافظات بعد توقف دام ثلاثة أسابيع.",
    "أقر مجلس النواب تعديلات على قانون الانتخاب تخفض سن الترشح إلى خمسة وعشرين عاما.",
    "أطلقت وزارة الصحة حملة وطنية للتطعيم ضد الحصبة تستهدف نحو مليون طفل في المحافظات.",
    "تعاملت فرق الدفاع المدني مع ثلاثمئة حادثة خلال المنخفض الجوي معظمها مداهمات مياه.",
)


def story(n: int) -> str:
    """Article n's page telling a story of its own (STORIES, n from 1 to 4)."""
    return article(n).replace(PARAGRAPH, STORIES[n - 1] + " ")


@pytest.fixture
def site() -> Iterator[Site]:
    with serving(Site()) as server:
        for n in range(1, 13):
            server.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", article(n))
        yield server


def write_sources(
    tmp_path: Path, site: Site, start: str = "/", pattern: str = "/news/\\d+\\.html",
    max_depth: int = 2, feeds: str = "", download_delay: float = 0, concurrency: int = 2,
) -> None:  # fmt: skip
    (tmp_path / "sources.toml").write_text(
        f'[sources.local]\nname = "local"\nstart_urls = ["{site.base}{start}"]\n'
        + (f'feeds = ["{site.base}{feeds}"]\n' if feeds else "")
        + f"article_url_pattern = '{pattern}'\nmax_depth = {max_depth}\n"
        f"download_delay = {download_delay}\nconcurrency = {concurrency}\n",
        encoding="utf-8",
    )


def crawl(tmp_path: Path, site: Site, max_depth: int = 2, feeds: str = "") -> tuple[set[str], list]:
    write_sources(tmp_path, site, max_depth=max_depth, feeds=feeds)
    arshif("crawl", cwd=tmp_path)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        urls = {row[0].rsplit("/", 1)[1] for row in conn.execute("SELECT url FROM articles")}
        errors = conn.execute("SELECT url, kind FROM run_errors").fetchall()
    return urls, errors


def crawl_again(tmp_path: Path, site: Site) -> list[str]:
    """The paths a second crawl asked the site for."""
    first_run = len(site.hits)
    arshif("crawl", cwd=tmp_path)
    return site.hits[first_run:]


def dates_by_page(tmp_path: Path) -> dict[str, str]:
    """Each article's "news/N.html": its date and where it came from."""
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        return dict(
            conn.execute(
                "SELECT substr(url, -11), published_at || ' ' || published_from FROM articles"
            ).fetchall()
        )


def archived_paths(tmp_path: Path, site: Site) -> set[str]:
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        return {row[0].removeprefix(site.base) for row in conn.execute("SELECT url FROM articles")}


def test_next_pages_are_followed_to_the_end_of_the_section_whatever_max_depth(
    tmp_path: Path, site: Site
) -> None:
    site.pages["/"] = ("text/html", "<html><body><a href='/section?p=1'>أخبار</a></body></html>")
    for p in range(1, 7):
        links = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in (2 * p - 1, 2 * p))
        more = f"<a href='/section?p={p + 1}'>التالي</a>" if p < 6 else ""
        site.pages[f"/section?p={p}"] = ("text/html", f"<html><body>{links}{more}</body></html>")
    urls, errors = crawl(tmp_path, site, max_depth=1)
    assert urls == {f"{n}.html" for n in range(1, 13)}
    assert errors == []  # no robots.txt here: that is no error


def test_a_section_paged_by_a_get_forms_next_button_is_read_to_its_end(
    tmp_path: Path, site: Site
) -> None:
    """An old PHP portal's pager: hidden fields and a "الصفحة التالية" button, no link. The
    browser's address (/section.php?cat=5&p=2) is an ordinary page: every one is read."""
    site.pages["/"] = (
        "text/html",
        "<html><body><a href='/section.php?cat=5'>محليات</a></body></html>",
    )
    for p in range(1, 7):
        links = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in (2 * p - 1, 2 * p))
        form = (
            "<form method='get' action='/section.php'><input type='hidden' name='cat' value='5'>"
            f"<input type='hidden' name='p' value='{p + 1}'>"
            "<input type='submit' value='الصفحة التالية'></form>"
        )
        page = f"<html><body>{links}{form if p < 6 else ''}</body></html>"
        site.pages["/section.php?cat=5" + (f"&p={p}" if p > 1 else "")] = ("text/html", page)
    urls, errors = crawl(tmp_path, site, max_depth=1)
    assert urls == {f"{n}.html" for n in range(1, 13)}
    assert errors == []


def test_a_listing_whose_pager_posts_back_is_said_once_and_the_run_goes_on(
    tmp_path: Path, site: Site
) -> None:
    """An ASP.NET GridView's pager (javascript:__doPostBack(…, 'Page$2')): no GET reaches
    page 2. The run reads page 1 and says why it stops there, once for the listing."""
    pager = "".join(
        f"<a href=\"javascript:__doPostBack('ctl00$Main$GridView1','Page${k}')\">{k}</a> "
        for k in range(1, 5)
    )
    links = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in (1, 2))
    form = f"<form method='post' id='aspnetForm'><input type='hidden' name='__VIEWSTATE' value='dDw'>{pager}</form>"
    site.pages["/section.aspx"] = ("text/html", f"<html><body>{links}{form}</body></html>")
    write_sources(tmp_path, site, start="/section.aspx")
    said = arshif("crawl", cwd=tmp_path).stdout
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        notes = conn.execute("SELECT url, message FROM run_errors").fetchall()
        status = conn.execute("SELECT status FROM runs").fetchone()[0]
        archived = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert [url for url, _ in notes] == [f"{site.base}/section.aspx"], said
    assert "__doPostBack" in notes[0][1] and "only its first page is read" in notes[0][1]
    assert "pager_not_followed" in said and (status, archived) == ("ok", 2)


@pytest.mark.parametrize("older", ["/section/older-{}", "/section?from={}"])
def test_next_links_are_read_in_the_charset_that_only_the_http_header_declares(
    tmp_path: Path, site: Site, older: str
) -> None:
    """A windows-1256 section whose charset only its Content-Type names: the "الأقدم" link
    that leads to its older pages is read as the Arabic word it is (and "from", which says
    where a link came from on an article's URL, pages through the section here)."""
    kind = "text/html; charset=windows-1256"
    home = f"<html><body><a href='{older.format(0)}'>أخبار</a></body></html>"
    site.pages["/"] = (kind, home)
    for p in range(6):
        links = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in (2 * p + 1, 2 * p + 2))
        more = f"<a href='{older.format(p + 1)}'>الأقدم</a>" if p < 5 else ""
        site.pages[older.format(p)] = (kind, f"<html><body>{links}{more}</body></html>")
    urls, errors = crawl(tmp_path, site, max_depth=1)
    assert urls == {f"{n}.html" for n in range(1, 13)}
    assert errors == []


def test_one_article_under_two_addresses_is_one_row_when_its_canonical_is_relative(
    tmp_path: Path, site: Site
) -> None:
    page = article(1).replace("<head>", "<head><link rel='canonical' href='/news/1.html'>")
    site.pages["/news/1.html"] = ("text/html; charset=utf-8", page)
    links = "<a href='/news/1.html?section=home'>خبر</a><a href='/news/1.html?page=1'>خبر</a>"
    site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
    crawl(tmp_path, site)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        rows = conn.execute("SELECT url FROM articles").fetchall()
    assert rows == [(f"{site.base}/news/1.html",)]


def test_a_new_address_of_an_archived_article_adds_no_row_when_its_page_names_the_first(
    tmp_path: Path, site: Site
) -> None:
    """A later run finds the article under another address too (a mobile path), linked
    beside the first: the page's rel=canonical names the address archived, so no new row."""
    page = article(1).replace("<head>", "<head><link rel='canonical' href='/news/1.html'>")
    site.pages["/news/1.html"] = ("text/html; charset=utf-8", page)
    site.pages["/m/news/1.html"] = ("text/html; charset=utf-8", page)
    site.pages["/"] = ("text/html", "<html><body><a href='/news/1.html'>خبر</a></body></html>")
    crawl(tmp_path, site)
    links = "<a href='/news/1.html'>خبر</a><a href='/m/news/1.html'>خبر</a>"
    site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
    crawl(tmp_path, site)
    assert "/m/news/1.html" in site.hits  # fetched: only its page could tell where it belongs
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        rows = conn.execute("SELECT url FROM articles").fetchall()
    assert rows == [(f"{site.base}/news/1.html",)]


def test_links_of_a_listing_are_read_against_its_base_href(tmp_path: Path, site: Site) -> None:
    site.pages["/"] = ("text/html", "<html><body><a href='/section/'>أخبار</a></body></html>")
    links = "".join(f"<a href='news/{n}.html'>خبر</a>" for n in (2, 3))
    site.pages["/section/"] = (
        "text/html", f"<html><head><base href='/'></head><body>{links}</body></html>"
    )  # fmt: skip
    urls, errors = crawl(tmp_path, site)
    assert urls == {"2.html", "3.html"} and errors == []


def test_feed_declared_by_the_start_page_is_read_when_the_source_lists_none(
    tmp_path: Path, site: Site
) -> None:
    head = "<link rel='alternate' type='application/rss+xml' href='/feed/'>"
    site.pages["/"] = ("text/html", f"<html><head>{head}</head><body></body></html>")
    items = "".join(f"<item><link>{site.base}/news/{n}.html</link></item>" for n in (3, 4))
    site.pages["/feed/"] = ("application/rss+xml", f"<rss><channel>{items}</channel></rss>")
    urls, _ = crawl(tmp_path, site)
    assert urls == {"3.html", "4.html"}


def test_sitemap_named_by_robots_txt_is_read_when_the_source_lists_none(
    tmp_path: Path, site: Site
) -> None:
    site.pages["/"] = ("text/html", "<html><body></body></html>")
    site.pages["/robots.txt"] = ("text/plain", f"User-agent: *\nSitemap: {site.base}/map.xml\n")
    locs = "".join(f"<url><loc>{site.base}/news/{n}.html</loc></url>" for n in (5, 6, 7))
    site.pages["/map.xml"] = ("application/xml", f"<urlset>{locs}</urlset>")
    urls, errors = crawl(tmp_path, site)
    assert urls == {"5.html", "6.html", "7.html"} and errors == []
    assert site.hits.count("/robots.txt") == 1  # read once: for its rules and its sitemaps


def test_a_relative_sitemap_line_of_robots_txt_is_read_and_one_off_the_source_recorded(
    tmp_path: Path, site: Site
) -> None:
    site.pages["/"] = ("text/html", "<html><body></body></html>")
    lines = "Sitemap: /map.xml\nSitemap: http://cdn.example/site/map.xml\n"
    site.pages["/robots.txt"] = ("text/plain", f"User-agent: *\n{lines}")
    locs = "".join(f"<url><loc>{site.base}/news/{n}.html</loc></url>" for n in (5, 6))
    locs += "".join(f"<url><loc>http://other.example/news/{n}.html</loc></url>" for n in (7, 8))
    site.pages["/map.xml"] = ("application/xml", f"<urlset>{locs}</urlset>")
    urls, errors = crawl(tmp_path, site)
    assert urls == {"5.html", "6.html"}
    assert sorted(errors) == sorted(
        [("http://cdn.example/site/map.xml", "offsite"), (f"{site.base}/map.xml", "offsite")]
    )  # the sitemap's two entries off the source: one line


def test_a_pattern_that_matches_none_of_many_links_is_named_in_the_run(
    tmp_path: Path, site: Site
) -> None:
    """The classic slip, an unescaped "?" ('article.php?id=\\d+'): a run that reads the
    listings, archives nothing and says it was ok would never tell the user why."""
    links = "".join(f"<a href='/article.php?id={n}'>خبر {n}</a>" for n in range(30))
    site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
    write_sources(tmp_path, site, pattern="article.php?id=")
    said = arshif("crawl", cwd=tmp_path).stdout
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        [message] = conn.execute(
            "SELECT message FROM run_errors WHERE kind = 'no_article_links'"
        ).fetchone()
    assert "none of the 30 links" in message, said
    assert "'article.php?id='" in message and "no_article_links" in said


def test_a_sections_pages_that_the_article_pattern_takes_too_are_read_as_its_pages(
    tmp_path: Path, site: Site
) -> None:
    """/akhbar/2, /akhbar/3 are the section's pages, /akhbar/48210 its articles, and the
    pattern '/akhbar/\\d+' takes both: the pages were fetched as articles (no text, or a
    row of teasers) and their links never followed."""
    ids = [48210 - 6 * k for k in range(8)]
    for i in ids:
        site.pages[f"/akhbar/{i}"] = ("text/html; charset=utf-8", article(i % 9 + 1).replace(
            PARAGRAPH, f"{PARAGRAPH} الخبر رقم {i} عن موضوع مختلف تماما {i}. "
        ))  # fmt: skip
    for p in range(1, 5):
        cards = "".join(
            f"<li><a href='/akhbar/{i}'>عنوان الخبر {i}</a></li>" for i in ids[2 * p - 2 : 2 * p]
        )
        pager = " ".join(
            f"<a href='/akhbar/{n}'>{n}</a>" if n > 1 else "<a href='/akhbar'>1</a>"
            for n in range(1, 5)
        )
        nxt = f" <a href='/akhbar/{p + 1}'>التالي</a>" if p < 4 else ""
        site.pages["/akhbar" if p == 1 else f"/akhbar/{p}"] = (
            "text/html",
            f"<html><body><h1>الأخبار</h1><ul>{cards}</ul>{pager}{nxt}</body></html>",
        )
    write_sources(tmp_path, site, start="/akhbar", pattern="/akhbar/\\d+")
    arshif("crawl", cwd=tmp_path)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        errors = conn.execute("SELECT kind, url FROM run_errors").fetchall()
    assert archived_paths(tmp_path, site) == {f"/akhbar/{i}" for i in ids}
    assert errors == []


def test_html_page_served_as_the_feed_gives_its_article_links_and_is_recorded(
    tmp_path: Path, site: Site
) -> None:
    site.pages["/"] = ("text/html", "<html><body></body></html>")
    links = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in (8, 9))
    site.pages["/rss"] = ("text/html", f"<html><body><a href='/'>الرئيسية</a>{links}</body></html>")
    urls, errors = crawl(tmp_path, site, feeds="/rss")
    assert urls == {"8.html", "9.html"}
    assert errors == [(f"{site.base}/rss", "feed_not_xml")]


def test_a_declared_feed_is_shown_by_status_and_read_again_when_its_page_says_nothing(
    tmp_path: Path, site: Site
) -> None:
    head = "<link rel='alternate' type='application/rss+xml' href='/feed/'>"
    site.pages["/"] = ("text/html", f"<html><head>{head}</head><body></body></html>")
    site.pages["/robots.txt"] = ("text/plain", f"User-agent: *\nSitemap: {site.base}/map.xml\n")
    site.pages["/map.xml"] = ("application/xml", "<urlset></urlset>")
    items = "".join(f"<item><link>{site.base}/news/{n}.html</link></item>" for n in (3, 4))
    site.pages["/feed/"] = ("application/rss+xml", f"<rss><channel>{items}</channel></rss>")
    crawl(tmp_path, site)
    status = arshif("status", "--json", cwd=tmp_path).stdout
    [row] = __import__("json").loads(status)
    assert sorted(row["discovered"]) == [f"feed {site.base}/feed/", f"sitemap {site.base}/map.xml"]
    # Next time the start page declares nothing (a 304 would say as little): the feed found
    # before is read all the same, and its new item archived.
    site.pages["/"] = ("text/html", "<html><head></head><body></body></html>")
    items += f"<item><link>{site.base}/news/5.html</link></item>"
    site.pages["/feed/"] = ("application/rss+xml", f"<rss><channel>{items}</channel></rss>")
    urls, _ = crawl(tmp_path, site)
    assert urls == {"3.html", "4.html", "5.html"}


def test_a_page_deep_in_a_sections_pagination_still_follows_its_links_to_max_depth(
    tmp_path: Path, site: Site
) -> None:
    """Pagination does not use up max_depth: page 3 of a section is as deep as page 1."""
    for p in range(1, 4):
        links = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in (2 * p - 1, 2 * p))
        more = f"<a href='/section?p={p + 1}'>التالي</a>" if p < 3 else "<a href='/sub'>ملفات</a>"
        site.pages[f"/section?p={p}"] = ("text/html", f"<html><body>{links}{more}</body></html>")
    links = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in (10, 11))
    site.pages["/sub"] = ("text/html", f"<html><body>{links}</body></html>")
    write_sources(tmp_path, site, start="/section?p=1", max_depth=1)
    arshif("crawl", cwd=tmp_path)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        urls = {row[0].rsplit("/", 1)[1] for row in conn.execute("SELECT url FROM articles")}
    assert urls == {f"{n}.html" for n in (1, 2, 3, 4, 5, 6, 10, 11)}


def test_a_permalinks_date_gets_its_time_from_the_feed_item_of_the_same_day(
    tmp_path: Path,
) -> None:
    """A page showing only "منذ يومين": its address says the day; the feed says the time, or,
    for an item re-pushed on a later day after an edit, nothing the day does not. So for a
    page that shows its day without a time. A page's time without its zone takes the feed's
    zone when the feed says the same time; another time of the feed's tells it nothing."""

    def undated(n: int) -> str:
        return re.sub(r"<time[^>]*></time>", "<span>منذ يومين</span>", article(n))

    def day_only(n: int) -> str:
        return re.sub(r"<time[^>]*></time>", "<span class='date'>٠٣/١١/٢٠٢٤</span>", article(n))

    def zoneless(n: int) -> str:
        when = f"<time datetime='2024-11-0{n}T10:30'>10:30</time>"
        return re.sub(r"<time[^>]*></time>", when, article(n))

    items = "".join(
        f"<item><title>خبر {n}</title><link>{{base}}{path}</link><pubDate>{day}</pubDate></item>"
        for n, path, day in (
            (1, "/2024/11/01/news/1.html", "Fri, 01 Nov 2024 09:30:00 +0300"),
            (2, "/2024/11/02/news/2.html", "Thu, 07 Nov 2024 10:00:00 +0300"),
            (3, "/news/3.html", "Sun, 03 Nov 2024 14:05:00 +0300"),
            (4, "/news/4.html", "Mon, 04 Nov 2024 10:30:00 +0300"),
            (5, "/news/5.html", "Tue, 05 Nov 2024 12:00:00 +0300"),
        )
    )
    with serving(Site()) as site:
        for n in (1, 2):
            site.pages[f"/2024/11/0{n}/news/{n}.html"] = ("text/html; charset=utf-8", undated(n))
        site.pages["/news/3.html"] = ("text/html; charset=utf-8", day_only(3))
        for n in (4, 5):
            site.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", zoneless(n))
        site.pages["/"] = ("text/html", "<html><body></body></html>")
        rss = f"<rss version='2.0'><channel>{items.format(base=site.base)}</channel></rss>"
        site.pages["/rss"] = ("application/rss+xml", rss)
        crawl(tmp_path, site, feeds="/rss")
    assert dates_by_page(tmp_path) == {
        "news/1.html": "2024-11-01T09:30:00+03:00 feed",
        "news/2.html": "2024-11-02 url",
        "news/3.html": "2024-11-03T14:05:00+03:00 feed",
        "news/4.html": "2024-11-04T10:30:00+03:00 time",
        "news/5.html": "2024-11-05T10:30:00 time",
    }


def test_a_teasers_or_a_captions_date_in_the_text_gives_way_to_the_feeds_date(
    tmp_path: Path,
) -> None:
    """A page whose own line says only "منذ ساعتين": a date its text cites below the first
    paragraph (an "اقرأ أيضا" teaser's, a source's) or a photo's caption says (an archive
    photo's) is not when it was published; the feed's date or the permalink's is."""
    cited = {
        1: "<p><strong>اقرأ أيضا:</strong> <a href='/news/9.html'>خبر سابق</a> (12/09/2024)</p>",
        2: "<figure><img src='/i.jpg'><figcaption>طوابير أمام محطة وقود (أرشيفية - 12 مارس"
        " 2023)</figcaption></figure>",
        3: "<p class='source'>المصدر: وكالة الأنباء الرسمية - 2 نوفمبر 2024</p>",
    }

    def page(n: int) -> str:
        body = f"<p>{PARAGRAPH}</p>{cited[n]}<p>{PARAGRAPH}</p>"
        return (
            f"<html lang='ar'><head><meta charset='utf-8'><title>خبر {n}</title></head><body>"
            f"<article><h1>خبر رقم {n} عن السيول في الجنوب</h1><div class='post-meta'>"
            f"<span class='post-date'>منذ ساعتين</span></div><div class='post-body'>{body}</div>"
            "</article></body></html>"
        )

    paths = {1: "/news/1.html", 2: "/news/2.html", 3: "/2024/11/04/news/3.html"}
    items = "".join(
        f"<item><title>خبر {n}</title><link>{{base}}{paths[n]}</link><pubDate>{day}</pubDate></item>"
        for n, day in ((1, "Tue, 05 Nov 2024 20:45:00 +0200"), (2, "Wed, 06 Nov 2024 09:10:00 Z"))
    )
    with serving(Site()) as site:
        for n, path in paths.items():
            site.pages[path] = ("text/html; charset=utf-8", page(n))
        site.pages["/"] = ("text/html", "<a href='/2024/11/04/news/3.html'>3</a>")
        rss = f"<rss version='2.0'><channel>{items.format(base=site.base)}</channel></rss>"
        site.pages["/rss"] = ("application/rss+xml", rss)
        crawl(tmp_path, site, feeds="/rss")
    assert dates_by_page(tmp_path) == {
        "news/1.html": "2024-11-05T20:45:00+02:00 feed",
        "news/2.html": "2024-11-06T09:10:00+00:00 feed",  # (RFC 822's "Z": UTC)
        "news/3.html": "2024-11-04 url",
    }


def test_a_month_said_alone_in_the_text_gives_way_to_the_feeds_date(tmp_path: Path) -> None:
    """A page whose own line says only "منذ ساعتين" and whose text names a month alone (an
    issue's "11/2024", a report's "2024/10"): htmldate makes the month's first day of it, a
    day no statement of the page gives. The feed's date is the article's."""
    said = {1: "وجاء ذلك في العدد 11/2024 من المجلة الشهرية", 2: "بحسب تقرير الوزارة 2024/10"}

    def page(n: int) -> str:
        body = f"<p>{PARAGRAPH}</p><p>{said[n]} {PARAGRAPH}</p>"
        return (
            f"<html lang='ar'><head><meta charset='utf-8'><title>خبر {n}</title></head><body>"
            f"<article><h1>خبر رقم {n} عن السيول في الجنوب</h1><div class='post-meta'>"
            f"<span class='post-date'>منذ ساعتين</span></div><div class='post-body'>{body}</div>"
            "</article></body></html>"
        )

    items = "".join(
        f"<item><title>خبر {n}</title><link>{{base}}/news/{n}.html</link><pubDate>{day}</pubDate>"
        "</item>"
        for n, day in (
            (1, "Tue, 05 Nov 2024 20:45:00 +0200"),
            (2, "Wed, 06 Nov 2024 09:10:00 +0300"),
        )
    )
    with serving(Site()) as site:
        for n in said:
            site.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", page(n))
        site.pages["/"] = ("text/html", "<html><body></body></html>")
        rss = f"<rss version='2.0'><channel>{items.format(base=site.base)}</channel></rss>"
        site.pages["/rss"] = ("application/rss+xml", rss)
        crawl(tmp_path, site, feeds="/rss")
    assert dates_by_page(tmp_path) == {
        "news/1.html": "2024-11-05T20:45:00+02:00 feed",
        "news/2.html": "2024-11-06T09:10:00+03:00 feed",
    }


def test_a_hosts_robots_crawl_delay_spaces_its_requests_whatever_download_delay_says(
    tmp_path: Path, site: Site
) -> None:
    site.pages["/robots.txt"] = ("text/plain", "User-agent: *\nCrawl-delay: 0.6\nDisallow: /x\n")
    links = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in range(1, 5))
    site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
    urls, _ = crawl(tmp_path, site)  # download_delay = 0
    assert urls == {f"{n}.html" for n in range(1, 5)}
    times = [t for t, path in site.visits if path.startswith("/news/")]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(gaps) == 3 and min(gaps) >= 0.5, gaps


def test_two_sources_on_one_host_keep_its_crawl_delay_between_them(
    tmp_path: Path, site: Site
) -> None:
    """Politeness is the host's: each source's crawl had its own slot for it, and together
    they sent twice as often as its robots.txt allows."""
    site.pages["/robots.txt"] = ("text/plain", "User-agent: *\nCrawl-delay: 0.6\n")
    for start, numbers in (("/a", (1, 2, 3)), ("/b", (4, 5, 6))):
        links = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in numbers)
        site.pages[start] = ("text/html", f"<html><body>{links}</body></html>")
    (tmp_path / "sources.toml").write_text(
        "".join(
            f'[sources.{name}]\nname = "{name}"\nstart_urls = ["{site.base}/{name}"]\n'
            "article_url_pattern = '/news/\\d+\\.html'\ndownload_delay = 0\n\n"
            for name in ("a", "b")
        ),
        encoding="utf-8",
    )
    arshif("crawl", cwd=tmp_path)
    assert archived_paths(tmp_path, site) == {f"/news/{n}.html" for n in range(1, 7)}
    times = sorted(t for t, path in site.visits if path != "/robots.txt")
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 0.5, gaps


def test_a_429_with_retry_after_leaves_the_whole_host_alone_that_long(
    tmp_path: Path, site: Site
) -> None:
    """The host asked for a pause: the other pages queued for it wait too (only the page
    that got the 429 waited, and the host was sent the rest at once)."""
    links = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in range(1, 13))
    site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
    site.once["/news/12.html"] = ("status 429 Retry-After=1", "slow down")
    for n in range(1, 12):
        site.delays[f"/news/{n}.html"] = 0.05
    write_sources(tmp_path, site, download_delay=0.01, concurrency=1)
    arshif("crawl", cwd=tmp_path)
    assert archived_paths(tmp_path, site) == {f"/news/{n}.html" for n in range(1, 13)}
    refused = next(t for t, path in site.visits if path == "/news/12.html")
    during = [path for t, path in site.visits if refused + 0.1 < t < refused + 0.9]
    assert during == [], during


def test_a_slower_source_on_a_busy_host_is_not_held_back_by_the_faster_ones_requests(
    tmp_path: Path, site: Site
) -> None:
    """Each source's download_delay counts from its own last request (counted from any
    source's, the slower one waited until the faster one had nothing left to fetch)."""
    fast = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in range(1, 21))
    site.pages["/a"] = ("text/html", f"<html><body>{fast}</body></html>")
    site.pages["/b"] = ("text/html", "<html><body><a href='/news/30.html'>خبر</a></body></html>")
    (tmp_path / "sources.toml").write_text(
        "".join(
            f'[sources.{name}]\nname = "{name}"\nstart_urls = ["{site.base}/{name}"]\n'
            f"article_url_pattern = '/news/\\d+\\.html'\ndownload_delay = {delay}\n\n"
            for name, delay in (("a", 0.1), ("b", 1.0))
        ),
        encoding="utf-8",
    )
    arshif("crawl", cwd=tmp_path)
    order = site.hits
    last_of_a = max(
        i for i, path in enumerate(order) if path.startswith("/news/") and path != "/news/30.html"
    )
    assert order.index("/b") < last_of_a, order


def test_a_hosts_robots_crawl_delay_holds_for_a_source_that_declares_its_sitemap(
    tmp_path: Path, site: Site
) -> None:
    """A declared sitemap makes robots.txt's sitemaps unneeded, not its Crawl-delay."""
    site.pages["/robots.txt"] = ("text/plain", "User-agent: *\nCrawl-delay: 0.6\n")
    urls = "".join(f"<url><loc>{site.base}/news/{n}.html</loc></url>" for n in range(1, 5))
    site.pages["/sitemap.xml"] = (
        "application/xml",
        f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>",
    )
    archived, _ = crawl_endpoint(tmp_path, site, "sitemaps", "/sitemap.xml")
    assert archived == {f"{n}.html" for n in range(1, 5)}
    times = [t for t, path in site.visits if path.startswith("/news/")]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(gaps) == 3 and min(gaps) >= 0.5, gaps


def test_an_unchanged_sites_304s_come_at_the_sources_own_pace(tmp_path: Path, site: Site) -> None:
    """AutoThrottle starts a host at its start delay and lowers it on 200s only: its 1 s
    held every 304 of a re-crawl at a second apart, whatever download_delay said."""
    site.etags = True
    sections = "".join(f"<a href='/section/{n}'>قسم</a>" for n in range(6))
    site.pages["/"] = ("text/html", f"<html><body>{sections}</body></html>")
    for n in range(6):
        site.pages[f"/section/{n}"] = (
            "text/html", f"<html><body><a href='/news/{n + 1}.html'>خبر</a></body></html>"
        )  # fmt: skip
    write_sources(tmp_path, site, download_delay=0.05)
    arshif("crawl", cwd=tmp_path)
    first = len(site.visits)
    arshif("crawl", cwd=tmp_path)
    again = [t for t, path in site.visits[first:] if path.startswith("/section/")]
    gaps = sorted(b - a for a, b in zip(again, again[1:], strict=False))
    assert len(again) == 6 and gaps[len(gaps) // 2] < 0.4, gaps


def test_a_host_answering_429_without_retry_after_is_paused_longer_each_time_then_left(
    tmp_path: Path, site: Site
) -> None:
    """ "Too many requests" without saying how long: the whole host waits (a retry of the
    refused page alone kept the pace on its other pages), twice as long after each 429 in a
    row, and after ARSHIF_MAX_429_IN_A_ROW the rest of the run is not sent."""
    links = "".join(f"<a href='/news/{n}.html'>خبر</a> " for n in range(1, 9))
    site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
    for n in range(1, 9):
        site.pages[f"/news/{n}.html"] = ("status 429", "Too Many Requests")
    write_sources(tmp_path, site, concurrency=1)  # (requests in flight are answered too)
    env = {"ARSHIF_RETRY_BACKOFF": "0.25", "ARSHIF_MAX_429_IN_A_ROW": "4"}
    arshif("crawl", cwd=tmp_path, env=env)
    times = [t for t, path in site.visits if path.startswith("/news/")]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(times) == 4, site.hits  # the fourth 429 in a row ends the run's requests
    assert all(gap >= 0.25 * 2**i * 0.9 for i, gap in enumerate(gaps)), gaps
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        [(message,)] = conn.execute("SELECT message FROM run_errors WHERE kind = 'host_down'")
        run = conn.execute("SELECT status, stop_reason FROM runs").fetchall()
    assert "429" in message and run == [("partial", "host_down")]


def test_a_site_whose_robots_txt_forbids_everything_is_obeyed_and_no_failure_to_back_off_from(
    tmp_path: Path, site: Site
) -> None:
    """The site answered: its robots.txt says no. The run is ok with the refusals counted (it
    was `failed`, exit 1, backed off and called failing); `arshif check` calls it empty."""
    site.pages["/robots.txt"] = ("text/plain", "User-agent: *\nDisallow: /\n")
    site.pages["/"] = ("text/html", "<html><body><a href='/news/1.html'>خبر</a></body></html>")
    site.pages["/rss"] = ("application/rss+xml", "<rss version='2.0'><channel/></rss>")
    urls, errors = crawl(tmp_path, site, feeds="/rss")  # exit 0, or arshif() raises
    assert urls == set() and site.hits == ["/robots.txt"]
    assert {kind for _, kind in errors} == {"refused"} and len(errors) == 2
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        assert conn.execute("SELECT status, stop_reason FROM runs").fetchall() == [
            ("ok", "finished")
        ]


def test_the_user_agent_set_by_the_environment_is_sent_and_robots_rules_for_arshif_still_hold(
    tmp_path: Path, site: Site
) -> None:
    """Whoever runs the crawl puts their own contact in the User-Agent (ARSHIF_USER_AGENT); a
    site's robots.txt group for arshif applies to it all the same."""
    site.pages["/robots.txt"] = ("text/plain", "User-agent: arshif\nDisallow: /news/2.html\n")
    site.pages["/"] = (
        "text/html",
        "<html><body><a href='/news/1.html'>خبر</a> <a href='/news/2.html'>خبر</a></body></html>",
    )
    write_sources(tmp_path, site)
    agent = "mybot/1.0 (+mailto:me@uni.example)"
    arshif("crawl", cwd=tmp_path, env={"ARSHIF_USER_AGENT": agent})
    assert site.agents == {agent}
    assert archived_paths(tmp_path, site) == {"/news/1.html"}
    assert "/news/2.html" not in site.hits


@pytest.mark.parametrize("answer", ["status 500", "status 503", "hangs"])
def test_a_robots_txt_the_server_fails_shuts_the_host_out_for_the_run_and_is_recorded(
    tmp_path: Path, site: Site, answer: str
) -> None:
    """RFC 9309: a robots.txt unreachable through a server error (5xx, after retries) or a
    network one (it hangs past the timeout) means complete disallow: nothing else of the
    host is fetched (Scrapy read the error page as no rules, the whole site crawled), the
    robots.txt is recorded once, and the run fetched nothing: failed."""
    site.pages["/robots.txt"] = ("text/plain", "User-agent: *\nDisallow: /news/\n")
    if answer == "hangs":
        site.delays["/robots.txt"] = 4.0  # past the source's timeout, retries included
    else:
        site.pages["/robots.txt"] = (answer, "<html><body>Server Error</body></html>")
    site.pages["/"] = ("text/html", "<html><body><a href='/news/1.html'>خبر</a></body></html>")
    write_sources(tmp_path, site)
    with (tmp_path / "sources.toml").open("a", encoding="utf-8") as toml:
        toml.write("timeout = 1\n")
    result = arshif("crawl", cwd=tmp_path, check=False, env={"ARSHIF_RETRY_BACKOFF": "0.05"})
    assert result.returncode == 1, result.stderr
    assert set(site.hits) == {"/robots.txt"}
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        [(url, kind, message)] = conn.execute("SELECT url, kind, message FROM run_errors")
        run = conn.execute("SELECT status, stop_reason FROM runs").fetchall()
    assert (url, kind) == (f"{site.base}/robots.txt", "robots_unavailable")
    assert "nothing else fetched" in message, message
    assert run == [("failed", "nothing_fetched")]


def test_a_robots_txt_that_is_not_there_allows_the_site(tmp_path: Path, site: Site) -> None:
    """A 4xx is "no robots.txt" (RFC 9309: unavailable), not a server in trouble."""
    site.pages["/robots.txt"] = ("status 403", "User-agent: *\nDisallow: /\n")
    site.pages["/"] = ("text/html", "<html><body><a href='/news/1.html'>خبر</a></body></html>")
    urls, errors = crawl(tmp_path, site)
    assert urls == {"1.html"} and errors == []


def test_an_empty_feed_is_recorded_as_empty_not_as_a_feed_that_is_not_xml(
    tmp_path: Path, site: Site
) -> None:
    site.pages["/"] = ("text/html", "<html><body><a href='/news/1.html'>خبر</a></body></html>")
    channel = "<?xml version='1.0'?><rss version='2.0'><channel><title>t</title></channel></rss>"
    site.pages["/rss"] = ("application/rss+xml", channel)
    urls, errors = crawl(tmp_path, site, feeds="/rss")
    assert urls == {"1.html"} and errors == [(f"{site.base}/rss", "feed_empty")]


@pytest.mark.parametrize("says_next", ["path", "number", "query"])
def test_articles_behind_a_load_more_button_and_its_json_endpoint_are_all_archived(
    tmp_path: Path, site: Site, says_next: str
) -> None:
    """The endpoint names its next page by address, by number ({"meta": {"nextPage": 3}})
    or by query ("?page=3")."""
    import json

    def cards(numbers: range) -> str:
        return "".join(f"<div class='card'><a href='/news/{n}.html'>خبر</a></div>" for n in numbers)

    site.pages["/"] = (
        "text/html",
        f"<html><body>{cards(range(1, 5))}<button class='load-more' "
        "data-url='/ajax/more?page=2' onclick='more(this)'>المزيد</button></body></html>",
    )
    for page, numbers, later in ((2, range(5, 9), 3), (3, range(9, 13), None)):
        items = [{"path": f"/news/{n}.html", "title": "خبر"} for n in numbers]
        answer = {
            "path": {"html": cards(numbers), "next": later and f"/ajax/more?page={later}"},
            "number": {"data": items, "meta": {"page": page, "nextPage": later}},
            "query": {"data": items, "next_page": later and f"?page={later}"},
        }[says_next]
        site.pages[f"/ajax/more?page={page}"] = ("application/json", json.dumps(answer))
    urls, errors = crawl(tmp_path, site, max_depth=1)
    assert urls == {f"{n}.html" for n in range(1, 13)} and errors == []


def test_a_feed_in_the_charset_only_its_http_header_names_is_read_without_a_problem(
    tmp_path: Path, site: Site
) -> None:
    items = "".join(
        f"<item><title>خبر رقم {n}</title><link>{site.base}/news/{n}.html</link></item>"
        for n in (1, 2)
    )
    rss = f'<?xml version="1.0"?><rss version="2.0"><channel><title>أخبار</title>{items}</channel></rss>'
    site.pages["/rss"] = ("text/xml; charset=windows-1256", rss)
    site.pages["/"] = ("text/html", "<html><body>لا شيء</body></html>")
    urls, errors = crawl(tmp_path, site, feeds="/rss")
    assert urls == {"1.html", "2.html"}
    assert errors == []  # it was "feed_malformed: not UTF-8 as declared" on every run


def test_a_utf8_feed_declared_windows_1256_with_one_cut_letter_leads_to_its_arabic_links(
    tmp_path: Path, site: Site
) -> None:
    """Read as windows-1256 (the cut letter made it invalid UTF-8), the links were
    percent-escaped mojibake that 404 on every run."""
    site.pages[f"/news/{quote('خبر-1.html')}"] = ("text/html; charset=utf-8", article(1))
    rss = (
        f'<?xml version="1.0" encoding="windows-1256"?><rss version="2.0"><channel><title>أخبار'
        f"</title><item><title>خبر</title><link>{site.base}/news/خبر-1.html</link>"
        "<description>تفاصيل</description></item></channel></rss>"
    ).encode()
    site.pages["/rss"] = (
        "application/rss+xml",
        rss.replace("تفاصيل".encode(), "تفاصيل".encode()[:-1]),
    )
    site.pages["/"] = ("text/html", "<html><body>لا شيء</body></html>")
    write_sources(tmp_path, site, pattern="/news/", feeds="/rss")
    arshif("crawl", cwd=tmp_path)
    assert archived_paths(tmp_path, site) == {f"/news/{quote('خبر-1.html')}"}


@pytest.mark.parametrize("canonical", [False, True])
def test_an_article_behind_a_redirecting_link_is_stored_where_it_landed_and_not_fetched_again(
    tmp_path: Path, site: Site, canonical: bool
) -> None:
    if canonical:
        page = site.pages["/news/1.html"][1]
        declared = f"<link rel='canonical' href='{site.base}/news/1.html'></head>"
        site.pages["/news/1.html"] = ("text/html", page.replace("</head>", declared))
    site.pages["/"] = ("text/html", "<html><body><a href='/go/1'>خبر</a></body></html>")
    site.pages["/go/1"] = ("redirect", f"{site.base}/news/1.html")
    write_sources(tmp_path, site, pattern="/(news|go)/\\d+")
    arshif("crawl", cwd=tmp_path)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        rows = conn.execute("SELECT url, fetched_url FROM articles").fetchall()
    assert rows == [(f"{site.base}/news/1.html", f"{site.base}/go/1")]
    assert "/go/1" not in crawl_again(tmp_path, site)  # known by the link it was found by


def test_an_arabic_article_pattern_takes_links_written_percent_encoded(
    tmp_path: Path, site: Site
) -> None:
    """WordPress and sitemaps write Arabic paths percent-encoded, in either case of hex."""
    section = quote("أخبار")
    written = {1: section, 2: section.lower(), 3: "أخبار"}
    links = "".join(f"<a href='/{path}/{n}.html'>خبر</a>" for n, path in written.items())
    site.pages["/"] = ("text/html; charset=utf-8", f"<html><body>{links}</body></html>")
    for n in written:
        for path in (section, section.lower()):
            site.pages[f"/{path}/{n}.html"] = ("text/html; charset=utf-8", article(n))
    write_sources(tmp_path, site, pattern="/أخبار/\\d+\\.html", max_depth=1)
    arshif("crawl", cwd=tmp_path)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        urls = [unquote(row[0]) for row in conn.execute("SELECT url FROM articles ORDER BY url")]
    assert urls == [f"{site.base}/أخبار/{n}.html" for n in (1, 2, 3)]
    fetched = [unquote(path).lower() for _, path in site.visits if "html" in path]
    assert sorted(fetched) == [f"/أخبار/{n}.html" for n in (1, 2, 3)]  # each once, as an article


def test_links_and_feed_items_that_only_lead_to_articles_are_archived_at_their_address(
    tmp_path: Path, site: Site
) -> None:
    """A listing's old link ("/legacy/8" -> "/old-news/8" -> "/news/8.html") and a feed's
    WordPress guid ("/?p=3", no <link>) and a feed's short address ("/n/11" -> "/n/11-x"
    -> "/news/11.html") name no article the pattern knows: where they lead is one. A feed's
    script address that stays put ("/video.php?id=4"), a page ("/videos/6") or a link that
    leads elsewhere ("/?p=5" -> "/videos/5") is no article. A listing's link to where
    "/?p=3" led, read later, is not fetched again."""
    links = "<a href='/legacy/8'>خبر قديم</a><a href='/news/3.html'>خبر</a>"
    site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
    site.delays["/"] = 0.5  # the feed's shortlink lands first
    site.pages["/legacy/8"] = ("redirect", f"{site.base}/old-news/8")
    site.pages["/old-news/8"] = ("redirect", f"{site.base}/news/8.html")
    site.pages["/?p=3"] = ("redirect", f"{site.base}/news/3.html")
    site.pages["/video.php?id=4"] = ("text/html; charset=utf-8", article(4))
    site.pages["/?p=5"] = ("redirect", f"{site.base}/videos/5")
    site.pages["/videos/5"] = ("text/html; charset=utf-8", article(5))
    site.pages["/n/11"] = ("redirect", f"{site.base}/n/11-x")
    site.pages["/n/11-x"] = ("redirect", f"{site.base}/news/11.html")
    site.pages["/videos/6"] = ("text/html; charset=utf-8", article(6))
    items = "".join(
        f"<item><title>خبر</title><guid isPermaLink='false'>{{0}}{path}</guid></item>"
        for path in ("/?p=3", "/video.php?id=4", "/?p=5", "/n/11", "/videos/6")
    )
    rss = f"<rss version='2.0'><channel><title>t</title>{items.format(site.base)}</channel></rss>"
    site.pages["/rss"] = ("application/rss+xml", rss)
    urls, errors = crawl(tmp_path, site, feeds="/rss")
    assert urls == {"8.html", "3.html", "11.html"}
    assert errors == []
    assert site.hits.count("/news/8.html") == site.hits.count("/news/3.html") == 1  # once each
    again = crawl_again(tmp_path, site)
    assert "/?p=3" not in again and "/n/11" not in again  # known by the links they were found by
    assert "/legacy/8" not in again and "/news/8.html" not in again  # a listing's link too


@pytest.mark.parametrize(
    ("link", "first", "second"),
    [
        # it shares no number with the first
        ("/latest", "/news/1.html", "/news/2.html"),
        # it shares only the date, no article's id (a page of the day's news)
        ("/today/2024-11-24", "/2024/11/24/1.html", "/2024/11/24/2.html"),
    ],
)
def test_a_link_that_leads_to_whatever_is_newest_is_followed_again_each_run(
    tmp_path: Path, site: Site, link: str, first: str, second: str
) -> None:
    """ "/latest" (or "/today/2024-11-24") led to one article on the first run and to
    another on the next: it is no old address of the first (which is asked no more)."""
    for n, path in enumerate((first, second), 1):
        site.pages[path] = ("text/html; charset=utf-8", article(n))
    site.pages["/"] = ("text/html", f"<html><body><a href='{link}'>الأحدث</a></body></html>")
    site.pages[link] = ("redirect", f"{site.base}{first}")
    write_sources(tmp_path, site, pattern="/news/\\d+\\.html|/\\d{4}/\\d\\d/\\d\\d/\\d+\\.html")
    arshif("crawl", cwd=tmp_path)
    site.pages[link] = ("redirect", f"{site.base}{second}")
    assert link in crawl_again(tmp_path, site)
    assert archived_paths(tmp_path, site) == {first, second}


def test_a_feed_shortlink_to_an_article_archived_from_its_own_address_is_not_fetched_again(
    tmp_path: Path, site: Site
) -> None:
    """A listing links "/news/3.html" before the feed's "/?p=3" leading there is read: the
    next runs know the shortlink as that article's, and download it no more (it was asked,
    and the whole article downloaded again, every run)."""
    site.pages["/"] = ("text/html", "<html><body><a href='/news/3.html'>خبر</a></body></html>")
    site.pages["/?p=3"] = ("redirect", f"{site.base}/news/3.html")
    item = f"<item><title>خبر</title><link>{site.base}/?p=3</link></item>"
    site.pages["/rss"] = (
        "application/rss+xml",
        f"<rss version='2.0'><channel>{item}</channel></rss>",
    )
    site.delays["/rss"] = 0.5  # the listing's link is fetched first
    urls, errors = crawl(tmp_path, site, feeds="/rss")
    assert urls == {"3.html"} and errors == []
    again = crawl_again(tmp_path, site)
    assert "/rss" in again and "/?p=3" not in again and "/news/3.html" not in again
    site.delays = {"/": 0.5}  # the shortlink is read first now
    before = len(site.hits)
    arshif("crawl", "--recheck-days", "99999", cwd=tmp_path)  # due for a re-check: asked once
    assert site.hits[before:].count("/news/3.html") == 1 and "/?p=3" not in site.hits[before:]
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        assert conn.execute("SELECT url, fetched_url FROM articles").fetchall() == [
            (f"{site.base}/news/3.html", f"{site.base}/news/3.html")
        ]
        assert conn.execute("SELECT kind, message FROM run_errors").fetchall() == []


def test_a_link_that_leads_to_an_address_past_the_length_limit_is_not_archived(
    tmp_path: Path, site: Site
) -> None:
    """A trap's redirect to an endless address is no article, as such a link is not."""
    site.pages["/"] = ("text/html", "<html><body><a href='/go/1'>خبر</a></body></html>")
    site.pages["/go/1"] = ("redirect", f"{site.base}/news/1.html?session={'a' * 2100}")
    site.pages["/news/1.html"] = ("text/html; charset=utf-8", article(1))  # any query
    urls, _ = crawl(tmp_path, site)
    assert urls == set()


def test_a_start_page_that_only_gains_a_slash_stays_a_listing_under_a_loose_pattern(
    tmp_path: Path, site: Site
) -> None:
    """A start page "/news" -> "/news/" matches a loose article pattern "/news/": a start
    page and a section that only moved to their normal address are still read for links."""
    links = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in (1, 2))
    site.pages["/news/"] = ("text/html", f"<html><body>{links}<a href='/sec'>قسم</a></body></html>")
    site.pages["/news"] = ("redirect", f"{site.base}/news/")
    site.pages["/sec"] = ("redirect", f"{site.base}/sec/")
    site.pages["/sec/"] = ("text/html", "<html><body><a href='/news/3.html'>خبر</a></body></html>")
    write_sources(tmp_path, site, start="/news", pattern="/(news|sec)/")
    arshif("crawl", cwd=tmp_path)
    urls = archived_paths(tmp_path, site)
    assert urls == {"/news/1.html", "/news/2.html", "/news/3.html"}


def test_an_article_link_that_only_gains_a_slash_is_archived(tmp_path: Path, site: Site) -> None:
    site.pages["/"] = ("text/html", "<html><body><a href='/story/8'>خبر</a></body></html>")
    site.pages["/story/8"] = ("redirect", f"{site.base}/story/8/")
    site.pages["/story/8/"] = site.pages["/news/8.html"]
    write_sources(tmp_path, site, pattern="/story/\\d+/$")
    arshif("crawl", cwd=tmp_path)
    urls = archived_paths(tmp_path, site)
    assert urls == {"/story/8"}


def test_an_edit_whose_sitemap_date_moved_but_stays_before_our_fetch_is_found(
    tmp_path: Path, site: Site
) -> None:
    """A site whose dates lag (a clock behind, a local time written without its zone): the
    <lastmod> of an older article moves, to a time still before our first fetch. The moved
    date is the edit's signal; a date that did not move is none, on any run."""

    def sitemap(lastmods: dict[int, str]) -> None:
        urls = "".join(
            f"<url><loc>{site.base}/news/{n}.html</loc><lastmod>{day}</lastmod></url>"
            for n, day in lastmods.items()
        )
        body = f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>"
        site.pages["/sitemap.xml"] = ("application/xml", body)

    site.pages["/"] = ("text/html", "<html><body>لا روابط</body></html>")
    sitemap({1: "2024-11-02T08:00:00Z", 2: "2024-11-03T08:00:00Z"})
    write_sources(tmp_path, site)
    with (tmp_path / "sources.toml").open("a", encoding="utf-8") as toml:
        toml.write(f'sitemaps = ["{site.base}/sitemap.xml"]\n')
    arshif("crawl", cwd=tmp_path)
    edited = article(1).replace("</article>", "<p>وأعلنت الوزارة لاحقا حصيلة جديدة.</p></article>")
    site.pages["/news/1.html"] = ("text/html; charset=utf-8", edited)
    sitemap({1: "2024-11-05T10:00:00Z", 2: "2024-11-03T08:00:00Z"})  # moved, still long past
    again = crawl_again(tmp_path, site)
    assert again.count("/news/1.html") == 1 and "/news/2.html" not in again
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        [(version, text)] = conn.execute(
            "SELECT version, text FROM articles WHERE url LIKE '%/news/1.html'"
        ).fetchall()
    assert version == 2 and "حصيلة جديدة" in text
    assert "/news/1.html" not in crawl_again(tmp_path, site)  # the same date: no signal


def test_a_change_date_first_read_for_an_archived_article_is_kept_and_its_move_is_an_edit(
    tmp_path: Path, site: Site
) -> None:
    """Archived from a listing, then listed by a sitemap (a newer date) and a feed (an
    older one) that neither say it changed since our fetch: the newer date is kept, runs
    fetch nothing, and when the sitemap's date moves on, the article is asked again."""
    site.pages["/"] = ("text/html", "<html><body><a href='/news/1.html'>خبر</a></body></html>")
    write_sources(tmp_path, site, feeds="/rss")
    with (tmp_path / "sources.toml").open("a", encoding="utf-8") as toml:
        toml.write(f'sitemaps = ["{site.base}/sitemap.xml"]\n')

    def listed(lastmod: str) -> None:
        loc = f"<url><loc>{site.base}/news/1.html</loc><lastmod>{lastmod}</lastmod></url>"
        site.pages["/sitemap.xml"] = ("application/xml", f"<urlset>{loc}</urlset>")
        item = (
            f"<item><title>خبر</title><link>{site.base}/news/1.html</link>"
            "<pubDate>Sat, 02 Nov 2024 08:00:00 +0000</pubDate></item>"
        )
        site.pages["/rss"] = ("application/rss+xml", f"<rss><channel>{item}</channel></rss>")

    arshif("crawl", cwd=tmp_path)  # from the listing alone: no date read
    site.delays["/rss"] = 0.5  # the feed's older date read after the sitemap's newer one
    listed("2024-11-04T08:00:00Z")
    assert "/news/1.html" not in crawl_again(tmp_path, site)
    assert "/news/1.html" not in crawl_again(tmp_path, site)  # the feed's older date: no move
    listed("2024-11-06T08:00:00Z")
    assert crawl_again(tmp_path, site).count("/news/1.html") == 1


def test_a_sitemap_index_that_answers_304_still_leads_to_its_children_that_changed(
    tmp_path: Path, site: Site
) -> None:
    """A static index over monthly sitemaps: its 304 said nothing of theirs, yet the next
    runs read none of them, and the month's new articles were never found."""
    site.etags = True

    def urlset(numbers: tuple[int, ...]) -> tuple[str, str]:
        urls = "".join(f"<url><loc>{site.base}/news/{n}.html</loc></url>" for n in numbers)
        return ("application/xml", f"<urlset>{urls}</urlset>")

    index = "".join(f"<sitemap><loc>{site.base}/{m}.xml</loc></sitemap>" for m in ("nov", "dec"))
    site.pages["/sitemap_index.xml"] = ("application/xml", f"<sitemapindex>{index}</sitemapindex>")
    site.pages["/nov.xml"], site.pages["/dec.xml"] = urlset((1, 2)), urlset((3,))
    site.pages["/"] = ("text/html", "<html><body>لا روابط</body></html>")
    write_sources(tmp_path, site)
    with (tmp_path / "sources.toml").open("a", encoding="utf-8") as toml:
        toml.write(f'sitemaps = ["{site.base}/sitemap_index.xml"]\n')
    arshif("crawl", cwd=tmp_path)
    site.pages["/dec.xml"] = urlset((3, 4))  # the index itself unchanged
    # (a story of its own: a copy of an archived one would have that one asked again)
    site.pages["/news/4.html"] = ("text/html; charset=utf-8", article(4).replace(
        PARAGRAPH, "ارتفعت أسعار الذهب في الأسواق المحلية اليوم بنسبة كبيرة وسط إقبال المشترين. "
    ))  # fmt: skip
    again = crawl_again(tmp_path, site)
    assert "/news/4.html" in again and "/news/1.html" not in again
    assert archived_paths(tmp_path, site) == {f"/news/{n}.html" for n in (1, 2, 3, 4)}


def test_a_start_page_that_answers_304_still_leads_to_its_sections(
    tmp_path: Path, site: Site
) -> None:
    """The home page unchanged, a section with a new article: the section was never read
    again after the home page's first 304."""
    site.etags = True
    site.pages["/"] = (
        "text/html",
        "<html><body><a href='/sec/local'>محليات</a><a href='/sec/sport'>رياضة</a></body></html>",
    )

    def section(numbers: tuple[int, ...]) -> tuple[str, str]:
        links = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in numbers)
        return ("text/html", f"<html><body>{links}</body></html>")

    site.pages["/sec/local"], site.pages["/sec/sport"] = section((1, 2)), section((3,))
    write_sources(tmp_path, site, max_depth=1)
    arshif("crawl", cwd=tmp_path)
    site.pages["/sec/sport"] = section((4, 3))
    again = crawl_again(tmp_path, site)
    assert again.count("/sec/local") == again.count("/sec/sport") == 1
    assert archived_paths(tmp_path, site) == {f"/news/{n}.html" for n in (1, 2, 3, 4)}
    assert "/news/4.html" not in crawl_again(tmp_path, site)  # and nothing more next time


def test_a_paged_feed_is_followed_to_its_end_then_only_while_it_brings_news(
    tmp_path: Path, site: Site
) -> None:
    """WordPress's /feed/?paged=2, named by the feed's <atom:link rel="next">: the items past
    its first page were never read."""

    def feed(page: int, numbers: tuple[int, ...], last: bool = False) -> None:
        items = "".join(
            f"<item><title>خبر</title><link>{site.base}/news/{n}.html</link></item>"
            for n in numbers
        )
        following = "" if last else f"<atom:link rel='next' href='/rss?paged={page + 1}'/>"
        site.pages["/rss" if page == 1 else f"/rss?paged={page}"] = (
            "application/rss+xml",
            "<rss version='2.0' xmlns:atom='http://www.w3.org/2005/Atom'><channel>"
            f"<title>t</title>{following}{items}</channel></rss>",
        )

    site.pages["/"] = ("text/html", "<html><body>لا روابط</body></html>")
    feed(1, (1, 2)), feed(2, (3, 4)), feed(3, (5,), last=True)
    urls, errors = crawl(tmp_path, site, feeds="/rss")
    assert urls == {f"{n}.html" for n in range(1, 6)} and errors == []
    assert "/rss?paged=2" not in crawl_again(tmp_path, site)  # nothing new on its first page
    feed(1, (6, 1))
    again = crawl_again(tmp_path, site)
    assert "/news/6.html" in again and "/rss?paged=2" in again and "/rss?paged=3" not in again


def test_a_mobile_copy_read_after_its_article_in_one_run_is_no_row_of_its_own(
    tmp_path: Path, site: Site
) -> None:
    """A listing links an article and its mobile copy (rel=canonical to the article): the
    article came first, its row not yet written, and the copy became a row of its own."""
    declared = f"<link rel='canonical' href='{site.base}/news/5.html'></head>"
    site.pages["/m/news/5.html"] = ("text/html", article(5).replace("</head>", declared))
    site.delays["/m/news/5.html"] = 0.6  # after the article's own page
    links = "<a href='/news/5.html'>خبر</a><a href='/m/news/5.html'>خبر</a>"
    site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
    write_sources(tmp_path, site)
    arshif("crawl", cwd=tmp_path, env={"ARSHIF_BATCH_SECONDS": "60"})  # one batch, written last
    assert archived_paths(tmp_path, site) == {"/news/5.html"}


@pytest.mark.parametrize("batch_seconds", ["60", "0.05"])
def test_a_copy_that_names_an_article_this_run_fetches_later_is_no_row_of_its_own(
    tmp_path: Path, site: Site, batch_seconds: str
) -> None:
    """The other order: a section's copy (rel=canonical to the article's own address, which
    the listing links too) answers first; the article's page comes later, its row written
    in the same batch or in a later one. The copy waited for it, and was no row of its own."""
    declared = f"<link rel='canonical' href='{site.base}/news/5.html'></head>"
    site.pages["/world/news/5.html"] = ("text/html", article(5).replace("</head>", declared))
    site.delays["/news/5.html"] = 0.8  # after its copy
    links = "<a href='/world/news/5.html'>خبر</a><a href='/news/5.html'>خبر</a>"
    site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
    write_sources(tmp_path, site)
    arshif("crawl", cwd=tmp_path, env={"ARSHIF_BATCH_SECONDS": batch_seconds})
    assert archived_paths(tmp_path, site) == {"/news/5.html"}
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        aliases = conn.execute("SELECT url FROM url_aliases").fetchall()
    assert aliases == [(f"{site.base}/world/news/5.html",)]


def test_pages_that_name_each_other_or_a_missing_page_as_canonical_do_not_wait_it_out(
    tmp_path: Path, site: Site
) -> None:
    """Two copies each naming the other (one row), and a copy naming a page that answers
    404 (its own row): the crawl ends on its own, however long a copy may wait."""

    def naming(n: int, path: str) -> tuple[str, str]:
        declared = f"<link rel='canonical' href='{site.base}{path}'></head>"
        return "text/html", article(n).replace("</head>", declared)

    site.pages["/a/news/1.html"] = naming(1, "/b/news/1.html")
    site.pages["/b/news/1.html"] = naming(1, "/a/news/1.html")
    site.pages["/a/news/2.html"] = naming(2, "/b/news/2.html")
    site.delays["/b/news/1.html"] = site.delays["/b/news/2.html"] = 0.5
    links = "".join(f"<a href='/{s}/news/{n}.html'>خبر</a>" for s in "ab" for n in (1, 2))
    site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
    write_sources(tmp_path, site)
    arshif("crawl", cwd=tmp_path, env={"ARSHIF_CANONICAL_WAIT": "3600"}, timeout=60)
    paths = archived_paths(tmp_path, site)
    assert len(paths & {"/a/news/1.html", "/b/news/1.html"}) == 1
    assert "/a/news/2.html" in paths


def test_articles_whose_canonical_leaves_out_their_id_keep_a_row_each(
    tmp_path: Path, site: Site
) -> None:
    """A PHP template's canonical without the id: every story names "news.php?page=article",
    which nothing links and the pattern takes. Its rows were written in one batch, each
    told the address was free: one row, three stories left as its "versions"."""
    named = f"<link rel='canonical' href='{site.base}/news.php?page=article'></head>"
    links = ""
    for n in (1, 2, 3, 4):
        page = story(n).replace("</head>", named)
        site.pages[f"/news.php?page=article&id={n}"] = ("text/html; charset=utf-8", page)
        links += f"<a href='/news.php?page=article&amp;id={n}'>خبر</a>"
    site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
    write_sources(tmp_path, site, pattern="news\\.php\\?.*page=article")
    arshif("crawl", cwd=tmp_path)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        rows = conn.execute("SELECT url, title FROM articles").fetchall()
        versions = conn.execute("SELECT COUNT(*) FROM article_versions").fetchone()[0]
    assert sorted(title for _, title in rows) == [
        f"خبر رقم {n} عن السيول في الجنوب" for n in (1, 2, 3, 4)
    ]
    assert versions == 0 and all("id=" in url for url, _ in rows)


def test_a_page_naming_another_unlinked_article_as_canonical_keeps_its_own_row(
    tmp_path: Path, site: Site
) -> None:
    """An editor's pasted canonical names an older story nothing links: that page is asked
    and tells its own story, so both keep a row (the copy's story was stored at the old
    story's address, which was then known and never fetched)."""
    named = f"<link rel='canonical' href='{site.base}/news/1.html'></head>"
    site.pages["/news/1.html"] = ("text/html; charset=utf-8", story(1))
    site.pages["/news/2.html"] = ("text/html; charset=utf-8", story(2).replace("</head>", named))
    site.pages["/"] = ("text/html", "<html><body><a href='/news/2.html'>خبر</a></body></html>")
    write_sources(tmp_path, site)
    arshif("crawl", cwd=tmp_path)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        rows = dict(conn.execute("SELECT substr(url, -11), title FROM articles").fetchall())
    assert rows == {
        "news/1.html": "خبر رقم 1 عن السيول في الجنوب",
        "news/2.html": "خبر رقم 2 عن السيول في الجنوب",
    }


@pytest.mark.parametrize("copy", ["/m/news/5003.html", "/print/77.html"])
def test_a_copy_naming_its_unlinked_article_as_canonical_is_stored_there(
    tmp_path: Path, site: Site, copy: str
) -> None:
    """A mobile copy (the same article id: taken on its word) or a print page (asked, and
    its article's page tells the same story) linked alone: one row, at the article's
    address."""
    site.pages["/news/5003.html"] = ("text/html; charset=utf-8", article(3))
    named = f"<link rel='canonical' href='{site.base}/news/5003.html'></head>"
    site.pages[copy] = ("text/html; charset=utf-8", article(3).replace("</head>", named))
    site.pages["/"] = ("text/html", f"<html><body><a href='{copy}'>خبر</a></body></html>")
    write_sources(tmp_path, site, pattern="/(news|m|print)/\\d+")
    arshif("crawl", cwd=tmp_path)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        rows = conn.execute("SELECT url FROM articles").fetchall()
    assert rows == [(f"{site.base}/news/5003.html",)]
    assert ("/news/5003.html" in site.hits) == copy.startswith("/print/")


def test_copies_waiting_for_their_canonical_pages_do_not_hold_the_crawl_up(
    tmp_path: Path, site: Site
) -> None:
    """Forty large copies answer before the pages they name: waiting, they fill Scrapy's
    scraper, which then sends nothing more, and the pages they wait for never came (the
    crawl sat out every copy's wait). It ends now, however long a copy may wait."""
    filler = "<script>var ad = '" + "x" * 320_000 + "';</script>"  # weighs, costs no extraction
    links = ""
    for n in range(1, 41):
        declared = f"<link rel='canonical' href='{site.base}/news/{n}.html'></head>"
        page = article(n).replace("</head>", declared).replace("</body>", f"{filler}</body>")
        site.pages[f"/world/news/{n}.html"] = ("text/html", page)
        site.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", article(n))
        site.delays[f"/news/{n}.html"] = 0.5
        links += f"<a href='/world/news/{n}.html'>خبر</a>"
    links += "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in range(1, 41))
    site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
    write_sources(tmp_path, site)
    arshif("crawl", cwd=tmp_path, env={"ARSHIF_CANONICAL_WAIT": "3600"}, timeout=90)
    assert {f"/news/{n}.html" for n in range(1, 41)} <= archived_paths(tmp_path, site)


@pytest.mark.parametrize("written", [False, True])
def test_a_change_date_given_after_a_listing_found_the_article_is_kept_for_its_next_edit(
    tmp_path: Path, site: Site, written: bool
) -> None:
    """A first crawl: the listing finds an article, the sitemap gives its date a moment
    later, while the article is still on its way or once its row is written. That date was
    dropped, so an edit dated behind our clock was never asked for."""

    def sitemap(lastmod: str) -> None:
        loc = f"<url><loc>{site.base}/news/1.html</loc><lastmod>{lastmod}</lastmod></url>"
        site.pages["/sitemap.xml"] = ("application/xml", f"<urlset>{loc}</urlset>")

    links = "<a href='/news/1.html'>خبر</a><a href='/news/2.html'>خبر</a>"
    site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
    # The listing's link first; batches written at once (the date is not held for the row).
    site.delays["/sitemap.xml"] = 1.5 if written else 0.5
    site.delays["/news/1.html"] = 0 if written else 1.5
    site.delays["/news/2.html"] = 0 if written else 0.8  # its batch written before 1 comes
    sitemap("2024-11-02T08:00:00Z")
    write_sources(tmp_path, site)
    with (tmp_path / "sources.toml").open("a", encoding="utf-8") as toml:
        toml.write(f'sitemaps = ["{site.base}/sitemap.xml"]\n')
    arshif("crawl", cwd=tmp_path, env={"ARSHIF_BATCH_SECONDS": "0.05"})
    site.delays.clear()
    edited = article(1).replace("</article>", "<p>وأعلنت الوزارة لاحقا حصيلة جديدة.</p></article>")
    site.pages["/news/1.html"] = ("text/html; charset=utf-8", edited)
    sitemap("2024-11-05T10:00:00Z")  # moved, still long past
    assert crawl_again(tmp_path, site).count("/news/1.html") == 1
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        assert conn.execute(
            "SELECT version FROM articles WHERE url LIKE '%/1.html'"
        ).fetchall() == [(2,)]


def test_articles_found_go_ahead_of_listings_when_the_page_budget_is_short(
    tmp_path: Path, site: Site
) -> None:
    # Every page of a maze of sections links three more: read first, they would spend the
    # budget of 14 pages before the twelve articles the start page found.
    articles = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in range(1, 13))
    maze = "".join(f"<a href='/maze/{n}'>قسم</a>" for n in range(1, 4))
    site.pages["/"] = ("text/html", f"<html><body>{maze}{articles}</body></html>")
    for n in range(1, 200):
        links = "".join(f"<a href='/maze/{3 * n + k}'>قسم</a>" for k in range(1, 4))
        site.pages[f"/maze/{n}"] = ("text/html", f"<html><body>{links}</body></html>")
    write_sources(tmp_path, site, max_depth=3)
    with (tmp_path / "sources.toml").open("a", encoding="utf-8") as toml:
        toml.write("max_pages = 14\n")
    arshif("crawl", cwd=tmp_path)
    assert archived_paths(tmp_path, site) == {f"/news/{n}.html" for n in range(1, 13)}


def test_an_endless_next_that_repeats_its_stories_is_left_after_a_few_pages(
    tmp_path: Path, site: Site
) -> None:
    # Each page of "آخر الأخبار" links the same two stories and a next page, without end: the
    # two are news once, not on every page (they were, and the budget went to the chain).
    site.pages["/"] = (
        "text/html",
        "<html><body><a href='/latest?page=1'>آخر الأخبار</a></body></html>",
    )
    two = "<a href='/news/1.html'>خبر</a> <a href='/news/2.html'>خبر</a>"
    for n in range(1, 300):
        more = f"<a href='/latest?page={n + 1}'>التالي</a>"
        site.pages[f"/latest?page={n}"] = ("text/html", f"<html><body>{two}{more}</body></html>")
    write_sources(tmp_path, site)
    with (tmp_path / "sources.toml").open("a", encoding="utf-8") as toml:
        toml.write("max_pages = 100\n")
    arshif("crawl", cwd=tmp_path)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        status, stop_reason = conn.execute("SELECT status, stop_reason FROM runs").fetchone()
    assert (status, stop_reason) == ("ok", "finished")
    assert len([hit for hit in site.hits if hit.startswith("/latest")]) <= 4
    assert archived_paths(tmp_path, site) == {"/news/1.html", "/news/2.html"}


def _publish(site: Site, upto: int) -> None:
    """Articles 1..upto: the home page links the ten newest, a section five a page."""
    for n in range(1, upto + 1):
        site.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", article(n))
    latest = "".join(
        f"<a href='/news/{n}.html'>خبر</a>" for n in range(upto, max(0, upto - 10), -1)
    )
    site.pages["/"] = (
        "text/html",
        f"<html><body><a href='/sec?page=1'>قسم</a>{latest}</body></html>",
    )
    newest = list(range(upto, 0, -1))
    for p, first in enumerate(range(0, len(newest), 5), start=1):
        links = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in newest[first : first + 5])
        more = f"<a href='/sec?page={p + 1}'>التالي</a>" if first + 5 < len(newest) else ""
        site.pages[f"/sec?page={p}"] = ("text/html", f"<html><body>{links}{more}</body></html>")


def test_a_recrawl_pages_a_section_past_the_new_articles_the_home_page_also_links(
    tmp_path: Path, site: Site
) -> None:
    # Twenty new: the home page links the ten newest, which fill the section's first two
    # pages; its pages 3 and 4 hold the ten others, found only there.
    _publish(site, 10)
    write_sources(tmp_path, site)
    arshif("crawl", cwd=tmp_path)
    _publish(site, 30)
    arshif("crawl", cwd=tmp_path)
    assert archived_paths(tmp_path, site) == {f"/news/{n}.html" for n in range(1, 31)}


def test_a_sitemap_of_many_articles_does_not_hold_up_the_start_pages_sections(
    tmp_path: Path, site: Site
) -> None:
    # A catalogue of 150 articles in the sitemap and a section's three new ones: with a
    # budget of 40 pages the section is read, its articles among the first fetched.
    for n in range(100, 250):
        site.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", article(n))
    urls = "".join(f"<url><loc>{site.base}/news/{n}.html</loc></url>" for n in range(100, 250))
    site.pages["/sitemap.xml"] = ("application/xml", f"<urlset>{urls}</urlset>")
    site.pages["/"] = ("text/html", "<html><body><a href='/section'>قسم</a></body></html>")
    links = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in (1, 2, 3))
    site.pages["/section"] = ("text/html", f"<html><body>{links}</body></html>")
    write_sources(tmp_path, site)
    with (tmp_path / "sources.toml").open("a", encoding="utf-8") as toml:
        toml.write(f'sitemaps = ["{site.base}/sitemap.xml"]\nmax_pages = 40\n')
    arshif("crawl", cwd=tmp_path)
    assert {f"/news/{n}.html" for n in (1, 2, 3)} <= archived_paths(tmp_path, site)


def _day_archive(
    site: Site, days_with_news: dict[int, list[int]], first: int, most_read: str = ""
) -> None:
    """Day pages /2026/11/DD/ from `first` back to day 1, each linking the day before; the
    days not in days_with_news say there is no news that day (a weekend, a holiday).
    most_read: a box every page shows beside its own list."""
    for day in range(first, 0, -1):
        news = days_with_news.get(day, [])
        items = "".join(f"<li><a href='/news/{n}.html'>خبر {n}</a></li>" for n in news)
        items = items or "<li>لا توجد أخبار في هذا اليوم</li>"
        back = f"<a href='/2026/11/{day - 1:02d}/'>اليوم السابق</a>" if day > 1 else ""
        site.pages[f"/2026/11/{day:02d}/"] = (
            "text/html; charset=utf-8",
            f"<html><body><h2>أرشيف يوم {day}/11/2026</h2><ul>{items}</ul>{back}"
            f"<aside>{most_read}</aside></body></html>",
        )


MOST_READ = "<h3>الأكثر قراءة</h3><a href='/news/1.html'>خبر 1</a><a href='/news/9.html'>خبر 9</a>"


@pytest.mark.parametrize("most_read", ["", MOST_READ])
def test_a_day_archive_is_read_back_through_days_without_news(
    tmp_path: Path, site: Site, most_read: str
) -> None:
    """A weekly's weekends, a week of holiday: an empty day (at most the box of links every
    day shows) says nothing of what the archive holds, so it never counts towards
    stop_after_known_pages (30 of 40 articles of such an archive were missed on a first
    crawl)."""
    news = {20: [1, 2], 18: [3], 16: [4, 5], 15: [6], 8: [7, 8], 1: [9, 10]}  # 6 empty days
    _day_archive(site, news, first=20, most_read=most_read)
    write_sources(tmp_path, site, start="/2026/11/20/")
    arshif("crawl", cwd=tmp_path)
    assert archived_paths(tmp_path, site) == {f"/news/{n}.html" for n in range(1, 11)}
    # A re-crawl still stops after two days of known articles, an empty day between them.
    hits = crawl_again(tmp_path, site)
    assert [h for h in hits if h.startswith("/2026/")] == [
        "/2026/11/20/", "/2026/11/19/", "/2026/11/18/"
    ]  # fmt: skip


def test_an_endless_run_of_empty_pages_is_left_after_two_weeks_of_them(
    tmp_path: Path, site: Site
) -> None:
    _day_archive(site, {30: [1]}, first=30)
    write_sources(tmp_path, site, start="/2026/11/30/")
    arshif("crawl", cwd=tmp_path)
    days = [h for h in site.hits if h.startswith("/2026/")]
    assert days[0] == "/2026/11/30/" and len(days) == 1 + 14


def test_an_undated_page_takes_its_feed_date_whichever_link_came_first_and_later_runs_too(
    tmp_path: Path,
) -> None:
    """A page showing only "قبل 3 ساعات", linked by the home page and by the feed, which
    answers late: the listing's link is fetched first, without the feed's date; the row has
    it all the same. An article an earlier crawl archived undated gets it from the feed too,
    unless the feed's date is after the archive first saw it: a feed that pushes an old
    story again dates the push, not the story."""

    def undated(n: int) -> str:
        return re.sub(r"<time[^>]*></time>", "<span>قبل 3 ساعات</span>", article(n))

    with serving(Site()) as site:
        for n in (1, 2, 3):
            site.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", undated(n))
        site.pages["/"] = (
            "text/html",
            "<html><body><a href='/news/1.html'>خبر</a><a href='/news/3.html'>خبر</a></body></html>",
        )
        crawl(tmp_path, site)  # no feed yet: news/1 and news/3 archived undated
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            conn.execute(
                "UPDATE articles SET first_seen_at = '2024-10-01T00:00:00+00:00'"
                " WHERE url LIKE '%/3.html'"
            )
        item = "<item><title>خبر {n}</title><link>{base}/news/{n}.html</link><pubDate>{day}</pubDate></item>"
        items = "".join(
            item.format(n=n, base=site.base, day=day)
            for n, day in (
                (1, "Sun, 03 Nov 2024 14:05:00 +0300"),
                (2, "Mon, 04 Nov 2024 09:00:00 +0300"),
                (3, "Tue, 05 Nov 2024 10:00:00 +0300"),  # a month after it was first seen
            )
        )
        site.pages["/rss"] = (
            "application/rss+xml",
            f"<rss version='2.0'><channel>{items}</channel></rss>",
        )
        site.pages["/"] = ("text/html", "<html><body><a href='/news/2.html'>خبر</a></body></html>")
        site.delays["/rss"] = 1.5  # read after the home page's link was fetched
        crawl(tmp_path, site, feeds="/rss")
    dates = dates_by_page(tmp_path)
    assert dates == {
        "news/1.html": "2024-11-03T14:05:00+03:00 feed",
        "news/2.html": "2024-11-04T09:00:00+03:00 feed",
        "news/3.html": None,
    }


def crawl_endpoint(tmp_path: Path, site: Site, key: str, path: str) -> tuple[set[str], list]:
    """A source with one feed or sitemap (key) and no listing: the articles it archived, and
    the problems recorded."""
    (tmp_path / "sources.toml").write_text(
        f'[sources.local]\nname = "local"\n{key} = ["{site.base}{path}"]\n'
        "article_url_pattern = '/news/\\d+\\.html'\ndownload_delay = 0\n",
        encoding="utf-8",
    )
    arshif("crawl", cwd=tmp_path)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        urls = {row[0].rsplit("/", 1)[1] for row in conn.execute("SELECT url FROM articles")}
        errors = conn.execute("SELECT url, kind FROM run_errors").fetchall()
    return urls, errors


def test_a_feed_sent_gzip_compressed_without_content_encoding_is_read(
    tmp_path: Path, site: Site
) -> None:
    items = "".join(f"<item><link>{site.base}/news/{n}.html</link></item>" for n in (1, 2, 3))
    rss = f"<?xml version='1.0'?><rss version='2.0'><channel>{items}</channel></rss>"
    # The gzip bytes as they are: the test site sends a body in the charset its type names.
    site.pages["/rss"] = ("application/rss+xml; charset=latin-1", gzip_text(rss))
    urls, errors = crawl_endpoint(tmp_path, site, "feeds", "/rss")
    assert urls == {"1.html", "2.html", "3.html"}
    assert errors == []


def test_a_plain_text_sitemap_is_read_one_article_a_line(tmp_path: Path, site: Site) -> None:
    lines = "".join(f"{site.base}/news/{n}.html\n" for n in (4, 5, 6))
    site.pages["/sitemap.txt"] = ("text/plain; charset=utf-8", lines)
    urls, errors = crawl_endpoint(tmp_path, site, "sitemaps", "/sitemap.txt")
    assert urls == {"4.html", "5.html", "6.html"}
    assert errors == []


def gzip_text(text: str) -> str:
    return gzip.compress(text.encode()).decode("latin-1")


def test_a_permalink_pattern_ending_in_the_sites_slash_follows_shortlinks_and_canonicals(
    tmp_path: Path, site: Site
) -> None:
    """WordPress's shape: '/\\d{4}/\\d\\d/[^/]+-\\d+/', written as the site links it, without
    "$". A feed's "/?p=N" redirects there, a listing's link carries tracking parameters, and
    a copy under a section names the permalink as its canonical: each is that article, one
    row at the permalink (the archive keys it without its slash)."""
    stories = [
        "أعلنت وزارة التربية موعد امتحانات الثانوية العامة للدورة الشتوية المقبلة في المدارس.",
        "افتتح وزير الصحة مستشفى جديدا في محافظة الكرك بسعة مئتي سرير وبكلفة خمسين مليونا.",
        "قرر البنك المركزي إبقاء أسعار الفائدة دون تغيير للمرة الثالثة على التوالي هذا العام.",
    ]
    for n, story in enumerate(stories, 1):
        page = (
            article(n)
            .replace(PARAGRAPH, story + " ")
            .replace("<head>", f"<head><link rel='canonical' href='/2024/11/s-{n}/'>")
        )
        site.pages[f"/2024/11/s-{n}/"] = ("text/html; charset=utf-8", page)
        site.pages[f"/?p={n}"] = ("redirect", f"{site.base}/2024/11/s-{n}/")
    site.pages["/world/2024/11/s-3/"] = site.pages["/2024/11/s-3/"]
    items = "".join(
        f"<item><title>خبر</title><link>{site.base}/?p={n}</link></item>" for n in (1, 2)
    )
    site.pages["/rss"] = (
        "application/rss+xml",
        f"<rss version='2.0'><channel>{items}</channel></rss>",
    )
    site.pages["/"] = (
        "text/html",
        "<html><body><a href='/2024/11/s-2/?utm_source=home&fbclid=x'>خبر</a>"
        "<a href='/world/2024/11/s-3/'>خبر</a></body></html>",
    )
    write_sources(tmp_path, site, pattern="/\\d{4}/\\d\\d/[^/]+-\\d+/", feeds="/rss")
    arshif("crawl", cwd=tmp_path)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        rows = conn.execute("SELECT url, duplicate_of FROM articles ORDER BY url").fetchall()
    assert rows == [(f"{site.base}/2024/11/s-{n}", None) for n in (1, 2, 3)]


def test_a_links_arabic_query_is_asked_in_its_pages_charset(tmp_path: Path, site: Site) -> None:
    """An old ASP site in windows-1256 links "show.asp?sec=سياسة&id=N" and reads the query
    in its own charset, as a browser escapes it (UTF-8 escapes ask it for another page)."""
    cp1256 = "%D3%ED%C7%D3%C9"  # سياسة
    links = "".join(f"<a href='/show.asp?sec=سياسة&id={n}'>خبر {n}</a>" for n in (1, 2))
    site.pages["/"] = ("text/html; charset=windows-1256", f"<html><body>{links}</body></html>")
    for n in (1, 2):  # each names itself as its canonical, its query written in letters
        page = (
            article(n)
            .replace("<meta charset='utf-8'>", "")
            .replace(
                "</title>", f"</title><link rel='canonical' href='/show.asp?sec=سياسة&id={n}'>"
            )
        )
        site.pages[f"/show.asp?sec={cp1256}&id={n}"] = ("text/html; charset=windows-1256", page)
    write_sources(tmp_path, site, pattern="show\\.asp\\?.*id=\\d+")
    arshif("crawl", cwd=tmp_path)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        urls = sorted(url for (url,) in conn.execute("SELECT url FROM articles"))
    assert urls == [f"{site.base}/show.asp?id={n}&sec={cp1256}" for n in (1, 2)]


def test_a_listing_sent_gzip_compressed_without_saying_so_is_read(
    tmp_path: Path, site: Site
) -> None:
    """A CDN that compresses the page but sends no Content-Encoding: its links were lost,
    the run "ok" without a word."""
    links = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in (1, 2))
    packed = gzip.compress(f"<html><body>{links}</body></html>".encode())
    site.pages["/"] = ("text/html; charset=latin-1", packed.decode("latin-1"))
    urls, errors = crawl(tmp_path, site)
    assert urls == {"1.html", "2.html"} and errors == []


def test_a_start_page_of_binary_bytes_is_recorded_as_unreadable(tmp_path: Path, site: Site) -> None:
    site.pages["/"] = ("text/html; charset=latin-1", bytes(range(256)).decode("latin-1") * 40)
    urls, errors = crawl(tmp_path, site)
    assert urls == set() and errors == [(f"{site.base}/", "listing_unreadable")]


def test_articles_a_listing_names_outside_anchors_are_found(tmp_path: Path, site: Site) -> None:
    """A category page whose stories are in its JSON-LD ItemList (the cards drawn by a
    script), or on cards that navigate by data-href or onclick: a crawl that read anchors
    alone found none of them."""
    item_list = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "BreadcrumbList", "itemListElement": [
                {"@type": "ListItem", "position": 1, "item": f"{site.base}/sec/1"}]},
            {"@type": "ItemList", "itemListElement": [
                {"@type": "ListItem", "position": 1, "url": f"{site.base}/news/1.html"},
                {"@type": "ListItem", "position": 2, "item": {"@id": "/news/2.html"}},
                {"@type": "ListItem", "position": 3, "item": f"{site.base}/news/3.html"},
            ]},
        ],
    }  # fmt: skip
    cards = (
        "<div class='card' data-href='/news/4.html'><h3>خبر</h3></div>"
        "<li data-url='/news/5.html'>الحكومة تقر خطة جديدة للنقل</li>"
        """<div onclick="window.location.href='/news/6.html'">خبر</div>"""
        """<button onclick="location.assign('/news/7.html')">خبر</button>"""
        "<div data-href='#top'>أعلى</div>"
        # a script's holders and endpoints, not stories: an empty box, comments, likes
        "<div class='lazy' data-url='/news/8.html'></div>"
        "<div class='comments' data-url='/news/9.html/comments'>تعليقات القراء على الخبر</div>"
        "<button data-href='/ajax/like?news=10'><img src='/like.png'></button>"
    )
    site.pages["/"] = (
        "text/html; charset=utf-8",
        "<html><head><script type='application/ld+json'>"
        f"{json.dumps(item_list)}</script></head><body>{cards}</body></html>",
    )
    urls, _ = crawl(tmp_path, site)
    assert urls == {f"{n}.html" for n in range(1, 8)}
    assert not {"/news/8.html", "/news/9.html/comments", "/ajax/like?news=10"} & set(site.hits)


def test_an_item_lists_opinion_or_comment_sections_are_its_articles_not_endpoints() -> None:
    """The endpoint filter is a card's (its data-url to a script's comments or likes): an
    ItemList's "/views/…" (an opinion section) and "/comment/…" stories are articles."""
    from lxml import html

    from crawler.hiddenlinks import hidden_links

    items = [{"@type": "ListItem", "url": u} for u in ("/views/news/2025/x", "/comment/2025/y")]
    script = json.dumps({"@type": "ItemList", "itemListElement": items})
    tree = html.fromstring(
        f"<html><head><script type='application/ld+json'>{script}</script></head><body>"
        "<div class='card' data-url='/news/9/comments'><h3>تعليقات القراء</h3></div></body></html>"
    )
    assert hidden_links(tree) == ["/views/news/2025/x", "/comment/2025/y"]


def test_robots_txt_binds_every_request_that_waited_for_it(tmp_path: Path, site: Site) -> None:
    """A run's first burst (start pages, feeds, sitemaps) waits while robots.txt is fetched:
    Scrapy handed its rules to the first request only, the rest went out as if allowed."""
    site.pages["/robots.txt"] = ("text/plain", "User-agent: *\nDisallow: /news/\nDisallow: /s/\n")
    site.delays["/robots.txt"] = 0.5  # slower than the pages
    links = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in range(1, 4))
    site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
    for n in range(4):
        site.pages[f"/s/{n}"] = ("text/html", f"<html><body>{links}</body></html>")
    write_sources(tmp_path, site, concurrency=8)
    toml = (tmp_path / "sources.toml").read_text(encoding="utf-8")
    starts = ", ".join(f'"{site.base}/s/{n}"' for n in range(4))
    toml = toml.replace(f'["{site.base}/"]', f'["{site.base}/", {starts}]')
    (tmp_path / "sources.toml").write_text(toml, encoding="utf-8")
    arshif("crawl", cwd=tmp_path)
    assert "/" in site.hits
    assert [path for path in site.hits if path.startswith(("/news/", "/s/"))] == []


def test_a_section_a_loose_pattern_takes_for_an_article_is_read_as_a_listing(
    tmp_path: Path, site: Site
) -> None:
    """Given its home page and "/news/" (a new user's loose pattern), a site whose sections
    live under /news/ too: each section is fetched as an article, refused as a listing, and
    its stories and next pages were never read (the home page's alone archived, every run
    'ok')."""

    def section(name: str, numbers: list[int], more: str = "") -> tuple[str, str]:
        cards = "".join(
            f"<div class='card'><h3><a href='/news/{n}.html'>خبر رقم {n} عن السيول</a></h3>"
            f"<p>{PARAGRAPH[:90]}…</p></div>"
            for n in numbers
        )
        return "text/html", f"<html><body><h1>{name}</h1>{cards}{more}</body></html>"

    nav = "<a href='/news/politics/'>سياسة</a><a href='/news/economy/'>اقتصاد</a>"
    site.pages["/"] = (
        "text/html",
        f"<html><body>{nav}<a href='/news/1.html'>خبر</a></body></html>",
    )
    site.pages["/news/politics/"] = section(
        "سياسة", [2, 3, 4], "<a href='/news/politics/page/2/'>التالي</a>"
    )
    site.pages["/news/politics/page/2/"] = section("سياسة", [5, 6, 7])
    site.pages["/news/economy/"] = section("اقتصاد", [8, 9, 10])
    write_sources(tmp_path, site, pattern="/news/")
    arshif("crawl", cwd=tmp_path)
    assert archived_paths(tmp_path, site) == {f"/news/{n}.html" for n in range(1, 11)}


def test_a_run_reads_at_most_a_hundred_pages_the_article_pattern_took_as_listings(
    tmp_path: Path, site: Site
) -> None:
    """A loose pattern over a site's thousands of tag pages: each is fetched once as an
    article, and only the first 100 are read as sections (their stories asked for); the
    rest are refused, not followed."""
    tags = 104
    links = "".join(f"<a href='/news/tag/{n}/'>وسم {n}</a> " for n in range(tags))
    site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
    for n in range(tags):
        cards = "".join(
            f"<div class='card'><h3><a href='/news/{3 * n + k}.html'>خبر {n}-{k} عن السيول</a></h3>"
            f"<p>{PARAGRAPH[:90]}…</p></div>"
            for k in range(3)
        )
        site.pages[f"/news/tag/{n}/"] = ("text/html", f"<html><body>{cards}</body></html>")
    write_sources(tmp_path, site, pattern="/news/", max_depth=1, concurrency=8)
    arshif("crawl", cwd=tmp_path)
    stories = {path for path in site.hits if re.fullmatch(r"/news/\d+\.html", path)}
    assert len(stories) == 3 * 100, len(stories)
    assert sum(path.startswith("/news/tag/") for path in site.hits) == tags


def test_a_hub_that_lists_only_sections_passes_its_depth_on_once_in_a_chain(
    tmp_path: Path, site: Site
) -> None:
    """ "/news/" lists the regions, "/news/arab/" a story and its countries, whose pages list
    the rest: with max_depth 2 the countries were never read, nothing saying so. A hub
    passes its depth on once in a chain: hubs below hubs still end at max_depth."""

    def listing(*links: str) -> tuple[str, str]:
        return "text/html", "<html><body>" + "".join(f"<a href='{u}'>{u}</a> " for u in links)

    site.pages["/"] = listing("/news/1.html", "/news/", "/a/")
    site.pages["/news/"] = listing("/news/arab/", "/news/world/")
    site.pages["/news/arab/"] = listing("/news/2.html", "/news/arab/syria/")
    site.pages["/news/world/"] = listing("/news/3.html")
    site.pages["/news/arab/syria/"] = listing("/news/4.html", "/news/5.html")
    site.pages["/a/"] = listing("/a/b/")  # hubs all the way down
    site.pages["/a/b/"] = listing("/a/b/c/")
    site.pages["/a/b/c/"] = listing("/a/b/c/d/")
    site.pages["/a/b/c/d/"] = listing("/news/6.html")
    write_sources(tmp_path, site)
    arshif("crawl", cwd=tmp_path)
    assert archived_paths(tmp_path, site) == {f"/news/{n}.html" for n in range(1, 6)}
    assert "/a/b/c/" in site.hits and "/a/b/c/d/" not in site.hits


def test_max_depth_0_reads_the_start_pages_alone_though_they_list_only_sections(
    tmp_path: Path, site: Site
) -> None:
    links = "<a href='/news/arab/'>عربي</a><a href='/news/world/'>دولي</a>"
    site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
    site.pages["/news/arab/"] = ("text/html", "<a href='/news/2.html'>خبر</a>")
    write_sources(tmp_path, site, max_depth=0)
    arshif("crawl", cwd=tmp_path)
    assert [path for path in site.hits if path.startswith("/news/")] == []


def test_a_listings_next_page_named_only_in_its_link_header_is_read_and_no_template_href(
    tmp_path: Path, site: Site
) -> None:
    """A JSON API (WordPress's /wp-json/) or a page names its next page in the HTTP Link
    header only (RFC 8288); a client-side template's <a href="{{url}}"> is no address
    (asked as /%7B%7Burl%7D%7D: a 404 every run)."""
    links = "<a href='/news/1.html'>خبر</a><template><a href='{{url}}'>{{title}}</a></template>"
    site.pages["/"] = (
        "status 200 Content-Type=text/html Link=</s2>;rel=next",
        f"<html><body>{links}</body></html>",
    )
    site.pages["/s2"] = (
        "text/html",
        "<html><body><a href='/news/2.html'>خبر</a><a href='/news/3.html'>خبر</a></body></html>",
    )
    write_sources(tmp_path, site)
    arshif("crawl", cwd=tmp_path)
    assert archived_paths(tmp_path, site) == {"/news/1.html", "/news/2.html", "/news/3.html"}
    assert not [path for path in site.hits if "url" in path.lower()], site.hits


def test_a_sitemap_index_listed_as_a_feed_is_read_as_a_sitemap(tmp_path: Path, site: Site) -> None:
    """A user who put the sitemap under feeds (and the feed under sitemaps) by mistake got
    nothing: 'not a feed: <sitemapindex>', every run 'ok'."""
    ns = "xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'"
    locs = "".join(f"<url><loc>{site.base}/news/{n}.html</loc></url>" for n in (1, 2, 3))
    site.pages["/map-1.xml"] = ("application/xml", f"<urlset {ns}>{locs}</urlset>")
    child = f"<sitemap><loc>{site.base}/map-1.xml</loc></sitemap>"
    site.pages["/index.xml"] = ("application/xml", f"<sitemapindex {ns}>{child}</sitemapindex>")
    site.pages["/"] = ("text/html", "<html><body></body></html>")
    urls, errors = crawl(tmp_path, site, feeds="/index.xml")
    assert urls == {"1.html", "2.html", "3.html"} and errors == []


@pytest.mark.parametrize("kind", ["feed", "sitemap"])
def test_a_feed_or_sitemap_given_as_a_start_page_is_read_as_one_and_said(
    tmp_path: Path, site: Site, kind: str
) -> None:
    """A newcomer's "RSS link" under start_urls was read as a listing: no <a href> in it, the
    run ok, nothing archived and nothing said. Its 304 next run would be a listing's too."""
    site.etags = True

    def publish(numbers: tuple[int, ...]) -> None:
        if kind == "feed":
            items = "".join(f"<item><link>{site.base}/news/{n}.html</link></item>" for n in numbers)
            body = f"<?xml version='1.0'?><rss version='2.0'><channel>{items}</channel></rss>"
            site.pages["/rss.php"] = ("application/rss+xml", body)
            return
        ns = "xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'"
        locs = "".join(f"<url><loc>{site.base}/news/{n}.html</loc></url>" for n in numbers)
        site.pages["/map-1.xml"] = ("application/xml", f"<urlset {ns}>{locs}</urlset>")
        child = f"<sitemap><loc>{site.base}/map-1.xml</loc></sitemap>"
        index = gzip_text(f"<?xml version='1.0'?><sitemapindex {ns}>{child}</sitemapindex>")
        site.pages["/rss.php"] = ("application/x-gzip; charset=latin-1", index)  # a .xml.gz

    publish((1, 2, 3))
    urls, errors = crawl_endpoint(tmp_path, site, "start_urls", "/rss.php")
    assert urls == {"1.html", "2.html", "3.html"}
    assert errors == [(f"{site.base}/rss.php", f"start_url_{kind}")]
    publish((1, 2, 3, 4))
    arshif("crawl", cwd=tmp_path)
    assert archived_paths(tmp_path, site) == {f"/news/{n}.html" for n in (1, 2, 3, 4)}


@pytest.mark.parametrize("shown", [True, False], ids=["its function shown", "kept elsewhere"])
def test_a_pager_of_script_calls_is_followed_through_the_pages_function_or_said(
    tmp_path: Path, site: Site, shown: bool
) -> None:
    """`href="javascript:goPage(2)"`, `onclick="goPage(3);return false;"`: the page's own
    script builds "/section?page=N" from the number. Where the function is in a script file
    the run cannot read, it says so once, as for a postback, and goes on."""
    script = "<script>function goPage(p){ window.location.href = '/section?page=' + p; }</script>"
    for p in range(1, 7):
        links = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in (2 * p - 1, 2 * p))
        calls = " ".join(
            f"<a href='javascript:goPage({k})'>{k}</a>"
            if k % 2
            else f"<a href='#' onclick='goPage({k});return false;'>{k}</a>"
            for k in range(1, 7)
            if k != p
        )
        page = f"<html><body>{links}{script if shown else ''}<div>{calls}</div></body></html>"
        site.pages["/section" + (f"?page={p}" if p > 1 else "")] = ("text/html", page)
    write_sources(tmp_path, site, start="/section", max_depth=1)
    arshif("crawl", cwd=tmp_path)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        archived = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        notes = conn.execute("SELECT kind, message FROM run_errors").fetchall()
    if shown:
        assert (archived, notes) == (12, [])
    else:
        assert archived == 2 and [kind for kind, _ in notes] == ["pager_not_followed"]
        assert "goPage" in notes[0][1]


@pytest.mark.usefixtures("inline_extraction")
def test_a_section_on_another_host_of_the_site_is_said_once_with_the_domain_to_add(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    """The menu links a section on "sport.<site>": left out as outside allowed_domains (the
    start host), but said once, naming the domain that takes it in; a link to another site
    is not news to the user."""
    site, home = fixture_server.site, "https://www.daily.example/"
    html_type = {"Content-Type": "text/html; charset=utf-8"}
    links = "".join(
        f"<a href='https://sport.daily.example/news/{n}.html'>رياضة {n}</a>" for n in (1, 2)
    )
    links += "<a href='https://www.daily.example/news/3.html'>خبر</a>"
    links += "<a href='https://twitter.example/daily'>تويتر</a>"
    links += "<a href='https://m.daily.example/news/3.html'>خبر</a>"  # its mirror: the source's
    site.overrides[home] = (200, html_type, f"<html><body>{links}</body></html>".encode())
    site.overrides["https://www.daily.example/news/3.html"] = (200, html_type, story(3).encode())
    (tmp_path / "sources.toml").write_text(
        f'[sources.daily]\nname = "daily"\nstart_urls = ["{home}"]\n'
        "article_url_pattern = '/news/\\d+\\.html'\ndownload_delay = 0\n",
        encoding="utf-8",
    )
    arshif("crawl", "--offline", "--sources", "sources.toml", cwd=tmp_path, server=fixture_server)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        urls = [u for (u,) in conn.execute("SELECT url FROM articles")]
        errors = conn.execute("SELECT kind, message FROM run_errors").fetchall()
    assert urls == ["https://www.daily.example/news/3.html"]
    assert [kind for kind, _ in errors] == ["offsite"], errors
    assert "sport.daily.example" in errors[0][1] and '"daily.example"' in errors[0][1]


@pytest.mark.parametrize("read", [True, False], ids=["its handler read", "kept elsewhere"])
def test_sections_behind_a_jump_menu_are_read_to_the_end_of_their_page_menus_or_said(
    tmp_path: Path, site: Site, read: bool
) -> None:
    """An old portal: its sections reached only through a `<select>` jump menu (onchange
    goes to the chosen option), a section's pages only through a `<select>` of numbers
    whose handler builds the address. Where the handler is not read, the run says so once
    a section, and goes on."""
    jump = (
        "<select onchange='window.location=this.options[this.selectedIndex].value'>"
        "<option value=''>الأقسام</option>"
        + "".join(f"<option value='/index.php?page=section&id={s}'>{s}</option>" for s in (1, 2))
        + "</select>"
    )
    site.pages["/"] = (
        "text/html",
        f"<html><body>{jump}<a href='/news/1.html'>خبر</a></body></html>",
    )
    for s in (1, 2):
        address = f"/index.php?page=section&id={s}"
        handler = f"location.href='{address}&p='+this.value" if read else "changePage(this)"
        options = "".join(f"<option value='{k}'>صفحة {k}</option>" for k in (1, 2, 3))
        for p in (1, 2, 3):
            n = 3 * s + p - 2  # (the site's articles 2 to 7)
            rows = f"<table><tr><td><a href='/news/{n}.html'>خبر {n}</a></td></tr></table>"
            menu = f'<select name="pg" onchange="{handler}">{options}</select>'
            html = f"<html><body>{jump}{rows}{menu}</body></html>"
            site.pages[f"{address}&p={p}"] = ("text/html", html)
            if p == 1:
                site.pages[address] = ("text/html", html)
    write_sources(tmp_path, site)
    arshif("crawl", cwd=tmp_path)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        archived = {row[0].rsplit("/", 1)[1] for row in conn.execute("SELECT url FROM articles")}
        notes = conn.execute("SELECT kind, url FROM run_errors").fetchall()
    if read:
        assert archived == {f"{n}.html" for n in range(1, 8)} and notes == []
    else:
        assert archived == {"1.html", "2.html", "5.html"}
        assert sorted(notes) == [
            ("pager_not_followed", f"{site.base}/index.php?page=section&id={s}") for s in (1, 2)
        ]


def test_an_articles_address_with_and_without_its_slug_is_one_row_asked_once_after(
    tmp_path: Path, site: Site
) -> None:
    """عربي21's shape: listings link "/news/<id>/<slug>", the feed the bare "/news/<id>", no
    canonical. The second form's page tells the first's story: that row's, its address an
    alias, not asked again by the next run. Another number, "/news/1010", is another row."""
    slug = quote("الحكومة-تقر-موازنة-العام")
    for n, number in ((1, 101), (3, 1010)):
        site.pages[f"/news/{number}/{slug}"] = site.pages[f"/news/{number}"] = (
            "text/html; charset=utf-8",
            story(n),
        )
    links = f"<a href='/news/101/{slug}'>خبر</a><a href='/news/1010/{slug}'>خبر</a>"
    site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
    items = "".join(f"<item><link>{site.base}/news/{n}</link></item>" for n in (101, 1010))
    site.pages["/rss"] = ("application/rss+xml", f"<rss><channel>{items}</channel></rss>")
    write_sources(tmp_path, site, pattern="/news/\\d+", feeds="/rss")
    arshif("crawl", cwd=tmp_path)
    again = crawl_again(tmp_path, site)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        rows = {url for (url,) in conn.execute("SELECT url FROM articles")}
        aliases = {url for (url,) in conn.execute("SELECT url FROM url_aliases")}
    for number in (101, 1010):
        forms = {f"{site.base}/news/{number}", f"{site.base}/news/{number}/{slug}"}
        assert len(forms & rows) == len(forms & aliases) == 1, (rows, aliases)
    assert len(rows) == 2
    assert not [path for path in again if path.startswith("/news/")], again


def test_another_story_at_another_form_of_an_articles_number_keeps_its_own_row(
    tmp_path: Path, site: Site
) -> None:
    """The number alone binds nothing: "/news/202/slug" and "/news/202" telling two stories
    (a CMS that reuses numbers across its sections) are two rows."""
    site.pages["/news/202/slug"] = ("text/html; charset=utf-8", story(1))
    site.pages["/news/202"] = ("text/html; charset=utf-8", story(2))
    site.pages["/"] = (
        "text/html",
        "<html><body><a href='/news/202/slug'>خبر</a><a href='/news/202'>خبر</a></body></html>",
    )
    write_sources(tmp_path, site, pattern="/news/\\d+")
    arshif("crawl", cwd=tmp_path)
    assert archived_paths(tmp_path, site) == {"/news/202/slug", "/news/202"}


def mirrored_site(tmp_path: Path, site: Site, listed: dict[str, tuple[int, ...]]) -> None:
    """www.mirror.test and its mobile mirror m.mirror.test (pages without a canonical), both
    home pages start URLs; listed: the articles each home page links."""
    site.named_hosts |= {"www.mirror.test", "m.mirror.test"}
    for host, numbers in listed.items():
        links = "".join(f"<a href='/news/{n}'>خبر</a>" for n in numbers)
        site.pages[f"//{host}/"] = ("text/html", f"<html><body>{links}</body></html>")
    (tmp_path / "sources.toml").write_text(
        '[sources.mirror]\nname = "mirror"\n'
        'start_urls = ["https://www.mirror.test/", "https://m.mirror.test/"]\n'
        "article_url_pattern = '/news/\\d+$'\ndownload_delay = 0\n",
        encoding="utf-8",
    )


def offline(tmp_path: Path, site: Site, *args: str) -> None:
    address = f"{site.host}:{site.server_address[1]}"
    arshif("crawl", "--offline", "--sources", "sources.toml", *args, cwd=tmp_path,
           env={"ARSHIF_OFFLINE_ADDRESS": address})  # fmt: skip


def test_a_mobile_mirrors_pages_are_its_sites_one_row_each_fetched_once(
    tmp_path: Path, site: Site
) -> None:
    """m.<site> serves www's paths, its template naming no canonical: one key with www's
    page, one row at www, one download of the two (each row was doubled, the m. one a
    duplicate)."""
    for host in ("www", "m"):
        for n in (1, 2):
            site.pages[f"//{host}.mirror.test/news/{500 + n}"] = ("text/html", story(n))
    mirrored_site(tmp_path, site, {"www.mirror.test": (501, 502), "m.mirror.test": (501, 502)})
    offline(tmp_path, site)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        urls = sorted(u for (u,) in conn.execute("SELECT url FROM articles"))
    assert urls == ["https://www.mirror.test/news/501", "https://www.mirror.test/news/502"]
    assert sum("/news/" in path for path in site.hits) == 2, site.hits


def test_a_mirror_hosts_page_telling_another_story_keeps_its_own_address(
    tmp_path: Path, site: Site
) -> None:
    """The page proves the mirror: an article first read at the "m." host is keyed at www
    and re-checked there; when the "m." page tells another story, the host is no mirror of
    that page: it is no version of the article but a row of its own, at its own address."""
    site.pages["//m.mirror.test/news/701"] = ("text/html", story(1))
    mirrored_site(tmp_path, site, {"www.mirror.test": (), "m.mirror.test": (701,)})
    offline(tmp_path, site)
    site.pages["//m.mirror.test/news/701"] = ("text/html", story(2))
    offline(tmp_path, site, "--recheck-days", "100000")
    assert site.hits.count("//m.mirror.test/news/701") == 2
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        rows = dict(conn.execute("SELECT url, substr(text, 1, 20) FROM articles").fetchall())
    assert rows == {
        "https://www.mirror.test/news/701": STORIES[0][:20],
        "https://m.mirror.test/news/701": STORIES[1][:20],
    }
