"""An article split over several pages: every part is fetched and archived as one article, its
raw pages kept for re-extraction and export."""

from __future__ import annotations

import gzip
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from lxml import html

from crawler.extract import Extracted, extract
from crawler.extract.parts import first_part, is_pager_line, next_part
from tests.conftest import arshif
from tests.localsite import Site, serving

pytestmark = pytest.mark.usefixtures("inline_extraction")

TITLE = "رحلة في تاريخ المدينة القديمة وأسواقها"
PARTS = [
    [f"الجزء {n}، الفقرة {i}: يروي سكان المدينة القديمة حكايات الأسواق والحرف التي توارثوها"
     f" جيلا بعد جيل، ويصفون كيف تغيرت الأزقة مع مرور السنين ({n}-{i})." for i in range(3)]
    for n in (1, 2, 3)
]  # fmt: skip
BYLINE = "بقلم: سارة العلي"


def part_page(n: int, pager: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARTS[n - 1])
    return (
        f"<html lang='ar'><head><meta charset='utf-8'><title>{TITLE}</title></head><body>"
        "<nav><a href='/'>الرئيسية</a></nav>"
        f"<article><h1>{TITLE}</h1><p class='byline'>{BYLINE}</p>"
        "<time datetime='2024-11-03T08:00:00+02:00'>3 نوفمبر 2024</time>"
        f"{paragraphs}<div class='pagination'>{pager}</div></article>"
        "<footer>جميع الحقوق محفوظة</footer></body></html>"
    )


def query_parts(path: str) -> dict[str, tuple[str, str]]:
    """Parts at ?page=2 and ?page=3, numbered links and "next" in the pager."""
    kind = "text/html; charset=utf-8"
    return {
        path: (kind, part_page(1, "<a href='?page=2'>2</a><a href='?page=3'>3</a>"
                                  "<a href='?page=2'>الصفحة التالية</a>")),
        f"{path}?page=2": (kind, part_page(2, f"<a href='{path}'>1</a><a href='?page=3'>3</a>"
                                              "<a href='?page=3'>التالي</a>")),
        f"{path}?page=3": (kind, part_page(3, "<a href='?page=2'>السابق</a>")),
    }  # fmt: skip


def wordpress_parts(path: str) -> dict[str, tuple[str, str]]:
    """Parts at /slug/2/, linked by <link rel="next"> only (as SEO plugins write it)."""
    kind = "text/html; charset=utf-8"
    first = part_page(1, "").replace("</head>", f"<link rel='next' href='{path}2/'></head>")
    return {path: (kind, first), f"{path}2/": (kind, part_page(2, ""))}


ALL_TEXT = [*PARTS[0], *PARTS[1], *PARTS[2]]


@pytest.fixture
def site() -> Iterator[Site]:
    with serving(Site()) as server:
        server.pages.update(query_parts("/news/1.html"))
        server.pages.update(wordpress_parts("/2024/11/long-read/"))
        links = "<a href='/news/1.html'>رحلة</a><a href='/2024/11/long-read/'>قراءة</a>"
        server.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
        yield server


def crawl(
    tmp_path: Path, site: Site, extra: str = "", pattern: str = "/news/\\d+\\.html|/2024/11/"
) -> None:
    (tmp_path / "sources.toml").write_text(
        f'[sources.local]\nname = "local"\nstart_urls = ["{site.base}/"]\n'
        f"article_url_pattern = '{pattern}'\ndownload_delay = 0\n" + extra,
        encoding="utf-8",
    )
    arshif("crawl", cwd=tmp_path)


def texts(db: Path) -> dict[str, list[str]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT url, text FROM articles").fetchall()
    return {url.split("/", 3)[3]: text.split("\n") for url, text in rows}


def test_every_part_of_a_split_article_is_archived_as_one_article(
    tmp_path: Path, site: Site
) -> None:
    crawl(tmp_path, site)
    db = tmp_path / "archive.db"
    assert texts(db) == {"news/1.html": ALL_TEXT, "2024/11/long-read": [*PARTS[0], *PARTS[1]]}
    with sqlite3.connect(db) as conn:
        captures = conn.execute(
            "SELECT c.fetched_url, c.part_of IS NULL FROM captures c ORDER BY c.id"
        ).fetchall()
        pages, errors = conn.execute("SELECT pages, errors FROM runs").fetchone()
    parts = [url.split("/", 3)[3] for url, first in captures if not first]
    assert sorted(parts) == ["2024/11/long-read/2/", "news/1.html?page=2", "news/1.html?page=3"]
    assert (pages, errors) == (6, 0)  # the listing, two first pages, three parts
    # Its raw pages are all kept: re-extraction reads them all, and the WARC holds them.
    arshif("reextract", cwd=tmp_path)
    assert texts(db)["news/1.html"] == ALL_TEXT
    warc = arshif("export", "--format", "warc", "-o", "a.warc.gz", cwd=tmp_path)
    assert warc.returncode == 0
    with gzip.open(tmp_path / "a.warc.gz") as warc_file:
        records = warc_file.read().decode("utf-8", "replace")
    assert "/news/1.html?page=3" in records and "/2024/11/long-read/2/" in records


def test_a_part_that_fails_leaves_the_article_with_the_parts_it_has_and_says_so(
    tmp_path: Path, site: Site
) -> None:
    del site.pages["/2024/11/long-read/2/"]  # a 404
    # A site that ignores a part number it does not have serves the first page again.
    del site.pages["/news/1.html?page=3"]
    crawl(tmp_path, site)
    assert texts(tmp_path / "archive.db") == {
        "news/1.html": [*PARTS[0], *PARTS[1]],
        "2024/11/long-read": PARTS[0],
    }
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        errors = conn.execute("SELECT url, kind FROM run_errors").fetchall()
    assert errors == [(f"{site.base}/2024/11/long-read/2/", "part_failed")]


def test_the_page_budget_never_cuts_an_article_short(tmp_path: Path, site: Site) -> None:
    """Its later parts are fetched past the budget (and counted): no article is archived
    without its end, nor left out run after run."""
    crawl(tmp_path, site, "max_pages = 2\n")  # the listing and a first page
    db = tmp_path / "archive.db"
    with sqlite3.connect(db) as conn:
        status, reason, pages = conn.execute(
            "SELECT status, stop_reason, pages FROM runs"
        ).fetchone()
    assert (status, reason) == ("partial", "page_budget")  # the other article waits
    whole = {"news/1.html": (ALL_TEXT, 4), "2024/11/long-read": ([*PARTS[0], *PARTS[1]], 3)}
    [(path, text)] = texts(db).items()  # whichever went first: whole
    assert (text, pages) == whole[path]


def test_a_part_that_leads_back_to_the_first_page_ends_the_article(
    tmp_path: Path, site: Site
) -> None:
    site.pages["/news/1.html?page=2"] = ("redirect", f"{site.base}/news/1.html")
    crawl(tmp_path, site)
    assert texts(tmp_path / "archive.db")["news/1.html"] == PARTS[0]
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        parts = conn.execute("SELECT COUNT(*) FROM captures WHERE part_of IS NOT NULL").fetchone()
        errors = conn.execute("SELECT kind FROM run_errors").fetchall()
    assert parts == (1,) and errors == [("part_failed",)]  # the long-read's part 2 only


def test_a_later_part_a_listing_links_is_read_as_a_part_not_an_article(
    tmp_path: Path, site: Site
) -> None:
    """It names the first page as its address (rel=canonical)."""
    declared = f"<link rel='canonical' href='{site.base}/news/1.html'></head>"
    for n in (2, 3):
        kind, body = site.pages[f"/news/1.html?page={n}"]
        site.pages[f"/news/1.html?page={n}"] = (kind, body.replace("</head>", declared))
    site.pages["/"] = (
        "text/html",
        "<a href='/news/1.html?page=2'>2</a><a href='/news/1.html'>1</a>",
    )
    crawl(tmp_path, site)
    assert texts(tmp_path / "archive.db") == {"news/1.html": ALL_TEXT}


@pytest.mark.parametrize("where_from", ["?from=rss", "?ref=home"])
def test_an_article_linked_with_where_its_link_came_from_is_read_with_its_parts(
    tmp_path: Path, site: Site, where_from: str
) -> None:
    """A feed's "…/1.html?from=rss", the home page's "?ref=home": its parts number the
    article's own address ("?page=2"), not that one."""
    site.pages[f"/news/1.html{where_from}"] = site.pages["/news/1.html"]
    site.pages["/"] = ("text/html", f"<a href='/news/1.html{where_from}'>رحلة</a>")
    crawl(tmp_path, site)
    assert texts(tmp_path / "archive.db") == {"news/1.html": ALL_TEXT}


def test_a_part_that_repeats_the_page_ends_the_article_and_is_not_kept(
    tmp_path: Path, site: Site
) -> None:
    """A box's pager that pages itself on the article's address (a "latest news" block, in
    no box named so): its "page 2" is the article again, which adds nothing; the article is
    one page, not thirteen."""
    kind = "text/html; charset=utf-8"
    box = "<div class='box-latest'><a href='?page=2' rel='next'>التالي ›</a></div>"
    site.pages["/news/7.html"] = (kind, part_page(1, "").replace("<footer>", box + "<footer>"))
    site.pages["/"] = ("text/html", "<a href='/news/7.html'>رحلة</a>")
    crawl(tmp_path, site)
    assert texts(tmp_path / "archive.db") == {"news/7.html": PARTS[0]}
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        parts = conn.execute("SELECT COUNT(*) FROM captures WHERE part_of IS NOT NULL").fetchone()
    assert parts == (0,)
    assert [hit for hit in site.hits if "?page=" in hit] == ["/news/7.html?page=2"]


def page(links: str) -> html.HtmlElement:
    return html.document_fromstring(f"<html><head></head><body><p>x</p>{links}</body></html>")


@pytest.mark.parametrize(
    ("url", "links", "part"),
    [
        ("https://n.ex/news/5.html", "<a href='/news/5-2.html'>2</a>", "/news/5-2.html"),
        ("https://n.ex/news/5.html", "<a href='/news/5_2.html'>»</a>", "/news/5_2.html"),
        ("https://n.ex/news/5", "<a href='/news/5/2'>next page</a>", "/news/5/2"),
        ("https://n.ex/a/slug/", "<a href='/a/slug/page/2/'>Suivant</a>", "/a/slug/page/2/"),
        ("https://n.ex/n.php?id=3", "<a href='n.php?id=3&amp;p=2'>٢</a>", "/n.php?id=3&p=2"),
        # the next story, a most-read list, a listing's page, the first page again: not parts
        ("https://n.ex/news/5", "<a href='/news/6' rel='next'>التالي</a>", None),
        ("https://n.ex/slug/", "<link rel='next' href='https://n.ex/slug-2/'>", None),
        ("https://n.ex/news/5", "<ol><li><a href='/news/9'>2</a></li></ol>", None),
        ("https://n.ex/news/5", "<a href='/news?page=2'>2</a>", None),
        ("https://n.ex/news/5", "<a href='/news/5'>1</a><a href='/news/5?page=1'>1</a>", None),
        ("https://n.ex/node/5", "<a href='?page=1'>2</a>", "/node/5?page=1"),  # Drupal: from 0
        ("https://n.ex/news/5", "<a href='?page=2'>الصفحة 2</a>", "/news/5?page=2"),
        (
            "https://n.ex/n.php?id=5",
            "<a href='n.php?id=5&amp;page=2'>الصفحة التالية</a>",
            "/n.php?id=5&page=2",
        ),
        ("https://n.ex/news/5", "<a href='/news/5/2'>الجزء التالي »</a>", "/news/5/2"),
        ("https://n.ex/news/5", "<a href='?page=2'>Next page »</a>", "/news/5?page=2"),
        ("https://n.ex/news/5?page=1", "<a href='/news/5?page=2'>2</a>", "/news/5?page=2"),
        # an Arabic slug as fetched (encoded), linked in letters or in lower-case hex
        (f"https://n.ex/{quote('رحلة')}/", f"<a href='/{'رحلة'}/2/'>2</a>", "/رحلة/2/"),
        (
            f"https://n.ex/{quote('رحلة')}/",
            f"<a href='/{quote('رحلة').lower()}/2/'>»</a>",
            f"/{quote('رحلة').lower()}/2/",
        ),
        # the next story of a series whose slug WordPress numbered; the comments' pager
        ("https://n.ex/gold-prices/", "<a href='/gold-prices-2/' rel='next'>التالي</a>", None),
        ("https://n.ex/news/5", "<div class='comments'><a href='?page=2'>التالي</a></div>", None),
        ("https://n.ex/news/5", "<a href='?page=%C2%B2'>التالي</a>", None),  # "²"
        # Joomla's pagebreak counts from 0; a part named in words, or "of" the last one
        ("https://n.ex/p/123-vote", "<a href='?start=1'>Next</a>", "/p/123-vote?start=1"),
        (
            "https://n.ex/index.php?option=com_content&id=123",
            "<a href='/index.php?option=com_content&amp;id=123&amp;limitstart=1'>التالي</a>",
            "/index.php?option=com_content&id=123&limitstart=1",
        ),
        ("https://n.ex/news/5", "<a href='/news/5/2'>الصفحة الثانية</a>", "/news/5/2"),
        ("https://n.ex/news/5", "<a href='/news/5/2'>Page 2 of 3</a>", "/news/5/2"),
        ("https://n.ex/news/5", "<a href='?pageNumber=2'>Next page ›</a>", "/news/5?pageNumber=2"),
        # the pager of a gallery, of the replies, of a box of other stories
        ("https://n.ex/news/5", "<div class='Gallery'><a href='?p=2'>التالي</a></div>", None),
        ("https://n.ex/news/5", "<section class='replies'><a href='?page=2'>2</a></section>", None),
        ("https://n.ex/news/5", "<aside><a href='?pg=2'>Next</a></aside>", None),
        ("https://n.ex/news/5", "<div class='most-read'><a href='?pg=2'>Next</a></div>", None),
        # WordPress names a post's format, categories and tags in its classes: no box
        (
            "https://n.ex/s/",
            "<article class='post type-post format-gallery category-popular-science"
            " tag-related-coverage'><a href='/s/2/'>2</a></article>",
            "/s/2/",
        ),
        ("https://n.ex/s/", "<div class='wp-block-gallery'><a href='/s/2/'>2</a></div>", None),
        ("https://n.ex/n/5", "<div class='post-comments'><a href='?page=2'>2</a></div>", None),
        ("https://n.ex/n/5", "<div id='articleComments'><a href='?page=2'>2</a></div>", None),
        ("https://n.ex/n/5", "<div class='block-most-read-x'><a href='?page=2'>2</a></div>", None),
        ("https://n.ex/n/5", "<div id='discussion'><a href='?page=2'>2</a></div>", None),
        ("https://n.ex/n/5", "<div class='swiper-pagination'><a href='?p=2'>›</a></div>", None),
        ("https://n.ex/n/5", "<div class='moreStories'><a href='?page=2'>التالي</a></div>", None),
        # reached by a link that says where it came from, kept in the address fetched
        ("https://n.ex/news/5.html?from=rss", "<a href='?page=2'>2</a>", "/news/5.html?page=2"),
        ("https://n.ex/news/5?ref=home", "<a href='/news/5/2'>التالي</a>", "/news/5/2"),
        # a sidebar's block that pages itself on the article's address (Drupal's Views)
        (
            "https://n.ex/node/5",
            "<div class='block block-views block-views-latest-news'>"
            "<a href='?page=1' rel='next'>التالي ›</a></div>",
            None,
        ),
        (
            "https://n.ex/n/5",
            "<div class='widget_recent_entries'><a href='?paged=2'>»</a></div>",
            None,
        ),
        ("https://n.ex/n/5", "<div id='sidebar-left'><a href='?page=2'>التالي</a></div>", None),
        # Drupal's main block holds the article and its pager
        (
            "https://n.ex/node/5",
            "<div id='block-system-main'><a href='?page=1'>2</a></div>",
            "/node/5?page=1",
        ),
        # a flag that the post has comments is no box of them
        (
            "https://n.ex/n/5",
            "<div class='has-comments'><a href='?page=2'>2</a></div>",
            "/n/5?page=2",
        ),
    ],
)
def test_the_next_part_is_the_first_pages_address_with_the_part_number_added(
    url: str, links: str, part: str | None
) -> None:
    found = next_part(page(links), url)
    assert found == (f"https://n.ex{part}" if part else None)


def test_on_a_later_part_the_next_one_is_the_number_after_it() -> None:
    first = "https://n.ex/news/5.html"
    links = "<a href='?page=1'>1</a><a href='?page=3'>3</a><a href='?page=4'>4</a>"
    assert next_part(page(links), f"{first}?page=2", first) == f"{first}?page=3"
    assert next_part(page(links), f"{first}?page=4", first) is None
    # Counted from 0 (Drupal): ?page=1 is the second part, ?page=2 the third.
    drupal = "<a href='?page=0'>1</a><a href='?page=2'>3</a><a href='?page=3'>4</a>"
    assert next_part(page(drupal), f"{first}?page=1", first, zero_based=True) == f"{first}?page=2"


def test_a_parts_own_headline_and_the_pagers_line_are_not_text() -> None:
    url = "https://n.ex/news/1.html"
    first = part_page(1, "<p>الصفحة 1 من 2</p><a href='?page=2'>التالي</a>")
    second = (
        part_page(2, "<p>الصفحة 2 من 2</p>")
        .replace(f"<h1>{TITLE}</h1>", f"<h1>{TITLE} - الصفحة 2</h1>")
        .replace(f"<title>{TITLE}", f"<title>{TITLE} - الصفحة 2")
    )
    result = extract(first.encode(), url, parts=[(second.encode(), f"{url}?page=2", None)])
    assert isinstance(result, Extracted) and result.text.split("\n") == [*PARTS[0], *PARTS[1]]


def test_parts_text_follows_the_first_pages_without_what_every_page_repeats() -> None:
    pages = query_parts("/news/1.html")
    url = "https://n.ex/news/1.html"
    parts = [(pages[f"/news/1.html?page={n}"][1].encode(), f"{url}?page={n}", None) for n in (2, 3)]
    result = extract(pages["/news/1.html"][1].encode(), url, parts=parts)
    assert isinstance(result, Extracted)
    assert result.text.split("\n") == ALL_TEXT and result.pages == 3
    assert result.next_part is None
    first = extract(pages["/news/1.html"][1].encode(), url)
    assert isinstance(first, Extracted) and first.next_part == f"{url}?page=2"


def test_parts_counted_from_0_are_read_in_turn() -> None:
    """Drupal's pager: the first page, then ?page=1, ?page=2."""
    url = "https://n.ex/node/7"
    pages = [
        part_page(1, "<a href='?page=1'>2</a><a href='?page=2'>3</a>"),
        part_page(2, "<a href='/node/7'>1</a><a href='?page=2'>3</a>"),
        part_page(3, "<a href='/node/7'>1</a><a href='?page=1'>2</a>"),
    ]
    first = extract(pages[0].encode(), url)
    assert isinstance(first, Extracted) and first.next_part == f"{url}?page=1"
    two = [(pages[1].encode(), f"{url}?page=1", None)]
    middle = extract(pages[0].encode(), url, parts=two)
    assert isinstance(middle, Extracted) and middle.next_part == f"{url}?page=2"
    whole = extract(
        pages[0].encode(), url, parts=[*two, (pages[2].encode(), f"{url}?page=2", None)]
    )
    assert isinstance(whole, Extracted) and whole.text.split("\n") == ALL_TEXT
    assert whole.next_part is None


def test_a_recheck_that_loses_a_part_keeps_the_archived_article_whole(
    tmp_path: Path, site: Site
) -> None:
    crawl(tmp_path, site)
    del site.pages["/2024/11/long-read/2/"]  # a 404 this time
    arshif("crawl", "--recheck-days", "100000", cwd=tmp_path)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        versions = conn.execute("SELECT COUNT(*) FROM article_versions").fetchone()[0]
    assert texts(tmp_path / "archive.db")["2024/11/long-read"] == [*PARTS[0], *PARTS[1]]
    assert versions == 0


@pytest.mark.parametrize(
    ("line", "pager"),
    [
        ("« السابق 1 2 3 التالي »", True),
        ("« Previous 1 2 3 Next »", True),
        ("الصفحة السابقة 1 2 3 الصفحة التالية", True),
        ("الصفحة 2 من 3", True),
        ("Page 2 of 3", True),
        ("1 2 3", True),
        ("Next »", True),
        # its pieces set apart by bars
        ("الصفحة السابقة | الصفحة 2 من 2", True),
        ("الصفحة 1 من 2 | الصفحة التالية", True),
        ("« السابق | 1 | 2 | 3 | التالي »", True),
        # behind a label (WordPress's "Pages:" as themes print it)
        ("الصفحات: 1 2 3 الصفحة التالية »", True),
        ("الصفحات: 1 2", True),
        ("صفحة: 1 2 3", True),
        ("Pages: 1 2", True),
        ("الصفحات:", True),
        # the family: "of" as a slash, first/last and move words, Arabic commas, a bare "2 / 3"
        ("الصفحة 1 من 3 التالي", True),
        ("صفحة 1 / 3", True),
        ("صفحة 2/3", True),
        ("« الصفحة السابقة الصفحة التالية »", True),
        ("الأولى السابق 1 2 3 التالي الأخيرة", True),
        ("الصفحات: 1، 2، 3", True),
        ("2 / 3", True),
        ("Page 1 2 3 Next", True),
        ("« Précédent 4 5 6 Suivant »", True),
        ("Page 2 sur 3", True),
        # ... not a sentence that names a page, a section's heading, a score
        ("قرأت صفحة 3 من الكتاب", False),
        ("الصفحة 5 من تقرير اللجنة", False),
        ("الجزء الأول", False),
        ("1 - 2", False),
        ("3 / 2", False),
        ("الصفحات: 14 و15 من التقرير", False),
        ("الصفحة: 2019 2024", False),
        ("2019 | 2024", False),
        ("الرئيسية | أخبار | الصفحة التالية", False),
        ("عدد السكان | 11 مليون", False),
        ("2019 - 2024", False),
        ("1 | 12400 | 15300", False),
        ("3/4", False),
        ("03/11/2024", False),
        ("10 / 10", False),
        ("قال الوزير إن 3 مرات تكفي", False),
    ],
)
def test_a_pagers_line_is_told_from_a_line_of_figures(line: str, pager: bool) -> None:
    assert is_pager_line(line) is pager


def test_an_article_whose_template_names_the_section_as_its_address_is_archived(
    tmp_path: Path, site: Site
) -> None:
    """Not read as "part 102" of the section (or of the home page)."""
    kind, body = site.pages["/news/1.html"]
    body = body.replace("?page=", "?p=")  # no parts of its own
    for n, declared in ((102, "/2024/11/"), (101, "/")):
        canonical = f"<link rel='canonical' href='{site.base}{declared}'></head>"
        site.pages[f"/2024/11/{n}"] = (kind, body.replace("</head>", canonical))
    site.pages["/"] = ("text/html", "<a href='/2024/11/101'>1</a><a href='/2024/11/102'>2</a>")
    crawl(tmp_path, site)
    assert set(texts(tmp_path / "archive.db")) == {"2024/11/101", "2024/11/102"}


@pytest.mark.parametrize(
    "part_two",
    [
        ("redirect", "/"),  # to the home page
        (
            "text/html; charset=utf-8",
            "<html><head><title>الصفحة غير موجودة</title></head><body>"
            "<h1>الصفحة غير موجودة</h1><p>عذرا، الصفحة التي تبحث عنها غير موجودة.</p></body></html>",
        ),
        (
            "text/html; charset=utf-8",
            "<html><body><h1>صيانة</h1><p>الموقع تحت الصيانة حاليا،"
            " سنعود إليكم قريبا.</p></body></html>",
        ),
    ],
)
def test_a_recheck_whose_part_is_no_part_keeps_the_archived_article_whole(
    tmp_path: Path, site: Site, part_two: tuple[str, str]
) -> None:
    crawl(tmp_path, site)
    kind, body = part_two
    site.pages["/2024/11/long-read/2/"] = (kind, site.base + body if kind == "redirect" else body)
    arshif("crawl", "--recheck-days", "100000", cwd=tmp_path)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        versions = conn.execute("SELECT COUNT(*) FROM article_versions").fetchone()[0]
    assert texts(tmp_path / "archive.db")["2024/11/long-read"] == [*PARTS[0], *PARTS[1]]
    assert versions == 0


def test_a_later_part_a_listing_links_is_not_downloaded_again_on_later_runs(
    tmp_path: Path, site: Site
) -> None:
    """Its address leads to the archived article (url_aliases), as any address that did.
    (Each part names the first page its canonical, as CMSs write it.)"""
    links = "<a href='/news/1.html'>رحلة</a><a href='/news/1.html?page=2'>الجزء الثاني</a>"
    site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
    canonical = f"<link rel='canonical' href='{site.base}/news/1.html'></head>"
    for n in (2, 3):
        kind, page = site.pages[f"/news/1.html?page={n}"]
        site.pages[f"/news/1.html?page={n}"] = (kind, page.replace("</head>", canonical))
    crawl(tmp_path, site)
    first = len(site.hits)
    crawl(tmp_path, site)
    crawl(tmp_path, site)
    assert "/news/1.html?page=2" not in site.hits[first:], site.hits[first:]
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        assert conn.execute("SELECT url FROM articles").fetchall() == [
            (f"{site.base}/news/1.html",)
        ]


def test_an_article_a_listing_links_only_by_its_second_page_is_archived_whole_from_its_first(
    tmp_path: Path, site: Site
) -> None:
    """No rel=canonical names page 1: fetched as an article of its own, page 2 was archived
    as a fragment, and page 1 (reached later) as its copy."""
    site.pages["/"] = ("text/html", "<a href='/news/1.html?page=2'>رحلة</a>")
    crawl(tmp_path, site)
    assert texts(tmp_path / "archive.db") == {"news/1.html": ALL_TEXT}


def path_parts(path: str) -> dict[str, tuple[str, str]]:
    """Parts at /story/11/2/ and /story/11/3/, each pager linking the others by number."""
    kind = "text/html; charset=utf-8"

    def pager(n: int) -> str:
        return "".join(
            f"<a href='{path}{'' if k == 1 else f'{k}/'}'>{k}</a>" for k in (1, 2, 3) if k != n
        )

    return {path if n == 1 else f"{path}{n}/": (kind, part_page(n, pager(n))) for n in (1, 2, 3)}


@pytest.mark.parametrize("canonical", [False, True])
def test_an_article_a_listing_links_only_by_a_later_page_in_its_path_is_archived_whole(
    tmp_path: Path, site: Site, canonical: bool
) -> None:
    """ "/story/11/2/" may be an article of its own: its pager linking "/story/11/" as "1"
    (or its rel=canonical) says it is part 2 of that one, which is asked and read whole (it
    was archived as a fragment, or dropped, its first page never asked)."""
    site.pages.update(path_parts("/story/11/"))
    if canonical:
        kind, body = site.pages["/story/11/2/"]
        declared = f"<link rel='canonical' href='{site.base}/story/11/'></head>"
        site.pages["/story/11/2/"] = (kind, body.replace("</head>", declared))
    site.pages["/"] = ("text/html", "<a href='/story/11/2/'>رحلة</a>")
    crawl(tmp_path, site, pattern="/story/\\d+/")
    assert texts(tmp_path / "archive.db") == {"story/11": ALL_TEXT}


def test_a_later_part_linked_alone_whose_pager_says_only_previous_is_read_from_the_first(
    tmp_path: Path, site: Site
) -> None:
    """ "/news/77-3.html" links "السابق" to "-2", which links it to the first page: the
    listing's link to part 3 is the article's, read whole from "/news/77.html"."""
    kind = "text/html; charset=utf-8"

    def address(n: int) -> str:
        return "/news/77.html" if n == 1 else f"/news/77-{n}.html"

    for n in (1, 2, 3):
        back = f"<a href='{address(n - 1)}'>« السابق</a>" if n > 1 else ""
        on = f"<a href='{address(n + 1)}'>التالي »</a>" if n < 3 else ""
        site.pages[address(n)] = (kind, part_page(n, back + on))
    site.pages["/"] = ("text/html", "<a href='/news/77-3.html'>الجزء الثالث</a>")
    crawl(tmp_path, site, pattern="/news/\\d+")
    assert texts(tmp_path / "archive.db") == {"news/77.html": ALL_TEXT}


@pytest.mark.parametrize("linked", [(1, 2, 3), (3, 2, 1), (2,)])
def test_the_next_stories_of_a_series_each_dated_its_own_day_are_articles_of_their_own(
    tmp_path: Path, site: Site, linked: tuple[int, ...]
) -> None:
    """WordPress numbers a repeated "%postname%.html" ("hikayat-2.html"), Blogger its
    "blog-post_2.html"; the post navigation says "التالي". A "part" that states its own date
    on another day is the next story: refused as a part, archived as an article, whichever
    page a link reaches first."""
    kind = "text/html; charset=utf-8"

    def address(n: int) -> str:
        return "/news/hikayat.html" if n == 1 else f"/news/hikayat-{n}.html"

    for n in (1, 2, 3):
        back = f"<a href='{address(n - 1)}' rel='prev'>السابق</a>" if n > 1 else ""
        on = f"<a href='{address(n + 1)}' rel='next'>التالي</a>" if n < 3 else ""
        body = part_page(n, back + on).replace("2024-11-03", f"2024-11-{n + 2:02}")
        site.pages[address(n)] = (kind, body.replace(f"<h1>{TITLE}", f"<h1>{TITLE} {n}"))
    site.pages["/"] = ("text/html", "".join(f"<a href='{address(n)}'>{n}</a>" for n in linked))
    crawl(tmp_path, site, pattern="/news/")
    stories = {address(n)[1:]: PARTS[n - 1] for n in (1, 2, 3)}
    if linked == (2,):  # (the first asked as its first page; the third linked by no page)
        del stories["news/hikayat-3.html"]
    assert texts(tmp_path / "archive.db") == stories


@pytest.mark.parametrize(
    ("url", "links", "first"),
    [
        ("https://n.ex/story/11/2/", "<div><a href='/story/11/'>1</a></div>", "/story/11/"),
        ("https://n.ex/news/5-2.html", "<a href='/news/5.html'>« السابق</a>", "/news/5.html"),
        ("https://n.ex/news/5/3", "<a href='/news/5'>الصفحة 1</a>", "/news/5"),
        ("https://n.ex/node/5?page=1", "<a href='/node/5'>الأولى</a>", "/node/5"),
        ("https://n.ex/a/slug/page/2/", "<link rel='prev' href='/a/slug/'>", "/a/slug/"),
        # the story before, another article, a sidebar's list, part 3's page before: none
        ("https://n.ex/gold-prices-2/", "<a href='/gold-prices/'>السابق</a>", None),
        ("https://n.ex/news/5-2.html", "<link rel='prev' href='/news/5.html'>", None),
        ("https://n.ex/news/12345", "<a href='/news/1234'>1</a>", None),
        ("https://n.ex/news/5/2", "<aside><a href='/news/5'>1</a></aside>", None),
        # a later part's "previous" to the part before: read back to the first page
        ("https://n.ex/news/5?page=3", "<a href='/news/5?page=2'>السابق</a>", "/news/5"),
        ("https://n.ex/r/77-4.html", "<a href='/r/77-3.html'>« السابق</a>", "/r/77.html"),
        ("https://n.ex/story/11/3/", "<link rel='prev' href='/story/11/2/'>", "/story/11/"),
        # ... not another story's: a WordPress series, a page 5 before 7
        ("https://n.ex/gold-prices-3/", "<a href='/gold-prices-2/'>السابق</a>", None),
        ("https://n.ex/news/5-3.html", "<link rel='prev' href='/news/5-2.html'>", None),
        ("https://n.ex/news/5?page=7", "<a href='/news/5?page=5'>السابق</a>", None),
        ("https://n.ex/news/55", "<a href='/news'>1</a>", None),
    ],
)
def test_a_later_part_knows_its_first_page_by_its_pager(
    url: str, links: str, first: str | None
) -> None:
    found = first_part(page(links), url)
    assert found == (None if first is None else "https://n.ex" + first)


SECTION = "أسواق بعد الحرب"  # three words: a crumb's length


@pytest.mark.parametrize(
    "heading",
    [
        f"<h2>{SECTION}</h2>",
        f"<h3 class='sub'>{SECTION}</h3>",
        f"<p><strong>{SECTION}</strong></p>",
    ],
)
def test_the_section_a_later_page_opens_with_keeps_its_subheading(heading: str) -> None:
    """Long features break pages at a section: its heading, the first line under the page's
    headline, is the text's (a three-word line there reads as a crumb on a first page)."""
    url = "https://news.example/news/1.html"
    second = part_page(2, "").replace(f"<p>{PARTS[1][0]}", f"{heading}<p>{PARTS[1][0]}")
    whole = extract(
        part_page(1, "").encode(), url, parts=[(second.encode(), f"{url}?page=2", None)]
    )
    assert isinstance(whole, Extracted)
    assert whole.text.split("\n") == [*PARTS[0], SECTION, *PARTS[1]]
    # a page whose headline is an <h2> (no <h1>) opens with no section: the headline again
    bare = part_page(2, "").replace(f"<p class='byline'>{BYLINE}</p>", "")
    bare = bare.replace(f"<h1>{TITLE}</h1>", f"<h2>{TITLE}</h2>")
    again = extract(part_page(1, "").encode(), url, parts=[(bare.encode(), f"{url}?page=2", None)])
    assert isinstance(again, Extracted) and again.text.split("\n") == [*PARTS[0], *PARTS[1]]


@pytest.mark.parametrize(
    ("part_date", "another"),
    [
        ("2024-05-02T01:30:00+03:00", False),  # the same moment, in the site's zone
        ("2024-05-02", False),  # its local day, past midnight there
        ("2024-05-03T01:30:00+03:00", True),  # the next day's story of a series
    ],
)
def test_a_part_dated_the_same_moment_in_another_zone_is_the_articles(
    part_date: str, another: bool
) -> None:
    """JSON-LD's UTC on the first page, the meta tag's local time on the second: one
    moment, not the next story of a series (the article was split in two)."""
    from lxml import html

    from crawler.extract import _dated_otherwise
    from crawler.extract.dates import find_date, json_ld_objects

    first = html.fromstring(
        "<html><head><title>T</title><script type='application/ld+json'>"
        '{"@type":"NewsArticle","headline":"T","datePublished":"2024-05-01T22:30:00Z"}'
        "</script></head><body><h1>T</h1><p>x</p></body></html>"
    )
    part = html.fromstring(
        "<html><head><title>T - الصفحة 2</title><meta property='article:published_time'"
        f" content='{part_date}'></head><body><h1>T</h1><p>y</p></body></html>"
    )
    dated = find_date(first, None, (), "T")
    assert dated is not None
    assert _dated_otherwise(part, json_ld_objects(part), dated, "T") is another
