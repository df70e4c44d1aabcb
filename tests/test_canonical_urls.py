from __future__ import annotations

import re
import sqlite3
import unicodedata
from pathlib import Path
from urllib.parse import quote

import pytest

from crawler.canonical import canonical_url
from crawler.offline import FixtureServer
from crawler.sources import load_sources
from tests.conftest import ROOT, arshif

SOURCES = load_sources(ROOT / "sources.toml")


@pytest.mark.parametrize(
    "variant",
    [
        "https://www.aljazeera.net/news/2024/12/8/slug",
        "HTTPS://WWW.ALJAZEERA.NET:443/news/2024/12/8/slug/",
        "https://www.aljazeera.net/news/2024/12/8/slug#comments",
        "https://www.aljazeera.net/news/2024/12/8/slug?utm_source=tw&utm_medium=x&fbclid=abc",
        "https://www.aljazeera.net/news/2024/12/8/slug?gclid=1",
        "https://www.aljazeera.net/news/2024/12/8/slug/amp",
        "https://www.aljazeera.net/amp/news/2024/12/8/slug",
        "https://www.aljazeera.net/news/2024/12/8/slug?output=amp",
        "https://www.aljazeera.net/news/2024/12/8/slug/?print=1",
        "https://www.aljazeera.net/news/2024/12/8/slug?view=print",
        "https://www.aljazeera.net/news/2024/12/8/slug/index.html",
        "https://www.aljazeera.net/news/2024/12/8/slug;jsessionid=0A1B2C3D",
        # where the link came from, and news sites' campaign tags
        "https://www.aljazeera.net/news/2024/12/8/slug?ref=home",
        "https://www.aljazeera.net/news/2024/12/8/slug?source=twitter",
        "https://www.aljazeera.net/news/2024/12/8/slug?s=09",
        "https://www.aljazeera.net/news/2024/12/8/slug?xtor=RSS-1",
        "https://www.aljazeera.net/news/2024/12/8/slug?ito=1234",
        "https://www.aljazeera.net/news/2024/12/8/slug?CMP=share_btn_tw",
        "https://www.aljazeera.net/news/2024/12/8/slug?smid=tw-share",
        "https://www.aljazeera.net/news/2024/12/8/slug?at_medium=custom7&at_campaign=x",
        "https://www.aljazeera.net/news/2024/12/8/slug?ref=rss&utm_medium=feed",
        # the page of its comments, a reply's form: the article
        "https://www.aljazeera.net/news/2024/12/8/slug?cpage=2",
        "https://www.aljazeera.net/news/2024/12/8/slug?comments_page=2",
        "https://www.aljazeera.net/news/2024/12/8/slug?replytocom=1532",
        "https://www.aljazeera.net/news/2024/12/8/slug/comment-page-2/",
        # feeds' marks, comScore's, Webtrends', Adobe's, internal campaigns, click ids
        "https://www.aljazeera.net/news/2024/12/8/slug?fromrss=1",
        "https://www.aljazeera.net/news/2024/12/8/slug?traffic_source=rss",
        "https://www.aljazeera.net/news/2024/12/8/slug?ns_source=facebook&ns_mchannel=social",
        "https://www.aljazeera.net/news/2024/12/8/slug?WT.mc_id=tw",
        "https://www.aljazeera.net/news/2024/12/8/slug?icid=hp&INTCMP=ILC-1&s_cid=n",
        "https://www.aljazeera.net/news/2024/12/8/slug?twclid=2a&ttclid=E1&igsh=MXc",
        "https://www.aljazeera.net/news/2024/12/8/slug?guccounter=1",
        "https://www.aljazeera.net/news/2024/12/8/slug?rss=1&via=rss",
        "https://www.aljazeera.net/news/2024/12/8/slug?spm=a2c6h.12873639.0.0",
        "https://www.aljazeera.net/news/2024/12/8/slug?si=4f3a9c2b1d8e7f6a90",
        "https://www.aljazeera.net/news/2024/12/8/slug?si=share",
    ],
)
def test_generic_variants_share_one_canonical_url(variant: str) -> None:
    assert canonical_url(variant) == "https://www.aljazeera.net/news/2024/12/8/slug"


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://x.com/a1.html?ref=home", "https://x.com/a1.html"),
        ("https://x.com/article.aspx?id=5&source=rss", "https://x.com/article.aspx?id=5"),
        # "&amp;" escaped once too often by a feed: the same parameters as the site's links
        ("https://x.com/news.php?id=5&amp;cat=2", "https://x.com/news.php?cat=2&id=5"),
        ("https://x.com/news.php?id=5&amp;amp;cat=2", "https://x.com/news.php?cat=2&id=5"),
        # the parameter may be all that names the page: kept
        ("https://x.com/index.php?s=123", "https://x.com/index.php?s=123"),
        ("https://x.com/news.php?ref=44", "https://x.com/news.php?ref=44"),
        ("https://x.com/post?ref=3", "https://x.com/post?ref=3"),
        ("https://x.com/?ref=5", "https://x.com/?ref=5"),
        # an id, whatever else the address says
        (
            "https://x.com/ar/news/detail.aspx?ref=12345",
            "https://x.com/ar/news/detail.aspx?ref=12345",
        ),
        ("https://x.com/read.php?lang=ar&ref=123", "https://x.com/read.php?lang=ar&ref=123"),
        ("https://x.com/news/item?source=123", "https://x.com/news/item?source=123"),
        ("https://x.com/news-details?ref=12345", "https://x.com/news-details?ref=12345"),
        ("https://x.com/v2/news?ref=123", "https://x.com/v2/news?ref=123"),
        ("https://x.com/detail.aspx?cat=3&ref=12345", "https://x.com/detail.aspx?cat=3&ref=12345"),
        (
            "https://x.com/ar/تفاصيل?ref=12345",
            "https://x.com/ar/%D8%AA%D9%81%D8%A7%D8%B5%D9%8A%D9%84?ref=12345",
        ),
        ("https://x.com/news/5/?ref=77", "https://x.com/news/5"),
        # another parameter is the id: the figure tag is where the link came from
        ("https://x.com/news.php?id=9&ref=12", "https://x.com/news.php?id=9"),
        ("https://x.com/a1.html?ref=5", "https://x.com/a1.html"),
        # a share tag with figures, on a page its path names
        (
            "https://x.com/news/2024/12/minister-resigns?s=20",
            "https://x.com/news/2024/12/minister-resigns",
        ),
        (
            "https://x.com/ar/news/detail.aspx?id=9&src=home",
            "https://x.com/ar/news/detail.aspx?id=9",
        ),
    ],
)
def test_a_referral_parameter_is_left_out_of_the_key_where_something_else_names_the_page(
    url: str, key: str
) -> None:
    assert canonical_url(url) == key


@pytest.mark.parametrize(
    "url",
    [
        "https://x.com/story.php?si=1502",  # "si" all that names the page: an id
        "https://x.com/news.php?spm=12",  # not Alibaba's dotted code
        "https://x.com/news.php?rss=2",
        "https://x.com/news.php?via=3",
    ],
)
def test_a_tracking_name_that_may_name_the_page_is_kept_by_its_value(url: str) -> None:
    assert canonical_url(url) == url


@pytest.mark.parametrize("word", ["café-à-la-une", "أخبار-الأمن-والإمارات", "آخر-الأنباء"])
def test_a_slug_written_decomposed_has_the_key_of_its_composed_form(word: str) -> None:
    """NFD ("é" as "e" and its accent; "أ" as "ا" and a hamza above) and NFC: one slug."""
    composed, decomposed = (unicodedata.normalize(form, word) for form in ("NFC", "NFD"))
    assert composed != decomposed
    key = canonical_url(f"https://x.com/news/{quote(composed)}/5")
    assert canonical_url(f"https://x.com/news/{quote(decomposed)}/5") == key
    assert canonical_url(f"https://x.com/news/{decomposed}/5") == key


def test_a_path_in_another_charset_keeps_its_escapes() -> None:
    """windows-1256 escapes are no UTF-8: left as they are, not composed."""
    url = "https://x.com/news/%D3%ED%C7%D3%C9/5"
    assert canonical_url(url) == url


def test_meaningful_query_parameters_are_kept_and_sorted() -> None:
    assert canonical_url("https://x.com/a?b=2&a=1&utm_x=3") == "https://x.com/a?a=1&b=2"


def test_from_pages_a_listing_but_says_only_where_an_article_link_came_from() -> None:
    """ "?from=rss" on an article is one article; "?from=20" on a section is its next page."""
    from crawler.canonical import clean_url

    assert canonical_url("https://x.com/a/1?from=rss") == canonical_url("https://x.com/a/1")
    assert clean_url("https://x.com/section?from=20") == "https://x.com/section?from=20"


def test_percent_encoding_case_and_raw_arabic_give_the_same_url() -> None:
    raw = canonical_url("https://x.com/news/دمشق")
    assert raw == canonical_url("https://x.com/news/%d8%af%d9%85%d8%b4%d9%82")
    assert raw == canonical_url("https://x.com/news/%D8%AF%D9%85%D8%B4%D9%82")


@pytest.mark.parametrize(
    "variant",
    [
        "https://arabi21.com/story/1629472/%D8%AF%D9%85%D8%B4%D9%82",
        "https://arabi21.com/story/1629472/",
        "https://www.arabi21.com/story/1629472",
        "https://arabi21.org/storyamp/1629472/%D8%AF%D9%85%D8%B4%D9%82?utm_source=twitter",
        "https://arabi21.co.uk/story/1629472/x",
    ],
)
def test_arabi21_story_id_is_one_article_across_mirrors_slugs_and_amp(variant: str) -> None:
    assert (
        canonical_url(variant, SOURCES["arabi21"].url_rewrites)
        == "https://arabi21.com/story/1629472"
    )


@pytest.mark.parametrize(
    "variant",
    [
        "https://www.sarayanews.com/article/891203",
        "https://www.sarayanews.com/article/891203/الفصائل-السورية-تدخل",
        "https://sarayanews.com/index.php?page=article&id=891203",
        "https://www.sarayanews.com/index.php?id=891203&page=article",
    ],
)
def test_saraya_article_id_is_one_article_across_slug_and_legacy_urls(variant: str) -> None:
    assert (
        canonical_url(variant, SOURCES["saraya"].url_rewrites)
        == "https://www.sarayanews.com/article/891203"
    )


def test_different_articles_keep_different_urls() -> None:
    rewrites = SOURCES["saraya"].url_rewrites
    assert canonical_url("https://www.sarayanews.com/article/891203", rewrites) != canonical_url(
        "https://www.sarayanews.com/article/891204", rewrites
    )


@pytest.mark.parametrize(
    ("amp", "page"),
    [
        ("https://x.com/2026/11/24/post-4/amp/", "https://x.com/2026/11/24/post-4/"),
        ("https://x.com/news/1/amp", "https://x.com/news/1"),
    ],
)
def test_an_amp_link_is_fetched_as_the_page_it_stands_for_slash_and_all(
    amp: str, page: str
) -> None:
    """WordPress links /post-4/amp/ for /post-4/: the slashless form may not exist (404)."""
    from crawler.canonical import clean_url

    assert clean_url(amp) == page
    assert canonical_url(amp) == canonical_url(page)


def test_a_session_in_the_path_is_not_fetched_but_an_index_page_is_fetched_as_written() -> None:
    from crawler.canonical import clean_url

    assert (
        clean_url("https://news.example/a/5;jsessionid=0A1B?p=1") == "https://news.example/a/5?p=1"
    )
    assert clean_url("https://news.example/a/5/index.html") == "https://news.example/a/5/index.html"


def test_a_static_index_page_is_its_directory_after_the_sources_rewrites_too() -> None:
    import re

    mobile = [(re.compile(r"^https://m\.news\.example/"), "https://www.news.example/")]
    assert canonical_url("https://m.news.example/a/5/index.html", mobile) == canonical_url(
        "https://www.news.example/a/5/", mobile
    )
    assert canonical_url("https://news.example/index.php?id=5").endswith("/index.php?id=5")


def test_an_index_page_takes_a_rewrite_written_for_its_directory_or_for_itself() -> None:
    import re

    anchored = [
        (re.compile(r"^https?://(?:m|www)\.news\.example/news/(\d+)$"), r"https://news.example/n/\1"),
        (re.compile(r"^https?://news\.example/old/(\d+)/index\.html$"), r"https://news.example/n/\1"),
    ]  # fmt: skip
    for written in (
        "https://m.news.example/news/5",
        "https://m.news.example/news/5/index.html",
        "https://news.example/old/5/index.html",
        "https://news.example/n/5/index.html",
    ):
        assert canonical_url(written, anchored) == "https://news.example/n/5", written
    assert canonical_url("https://news.example/a//index.html") == canonical_url(
        "https://news.example/a//"
    )
    suffix = [(re.compile(r"\.html$"), "")]
    keys = {
        canonical_url(f"https://news.example/news/5{rest}", suffix)
        for rest in ("/index.html", "/index.htm", ".html", "/")
    }
    assert keys == {"https://news.example/news/5"}


def test_a_login_or_share_link_carrying_an_articles_address_is_no_article() -> None:
    arabi21 = SOURCES["arabi21"]
    assert arabi21.is_article("https://arabi21.com/story/1634567/slug")
    assert not arabi21.is_article("https://arabi21.com/Account/Login?ReturnUrl=%2Fstory%2F1634567")
    assert not arabi21.is_article("https://arabi21.com/share/email?url=%2Fstory%2F1634567%2Fslug")


def test_a_pattern_in_letters_takes_a_link_whose_spaces_are_encoded(tmp_path) -> None:
    (tmp_path / "s.toml").write_text(
        '[sources.sharq]\nname = "sharq"\nstart_urls = ["https://news.example/"]\n'
        "article_url_pattern = '/الشرق الأوسط/\\d+$'\n",
        encoding="utf-8",
    )
    source = load_sources(tmp_path / "s.toml")["sharq"]
    link = "https://news.example/%D8%A7%D9%84%D8%B4%D8%B1%D9%82%20%D8%A7%D9%84%D8%A3%D9%88%D8%B3%D8%B7/123"
    assert source.is_article(link)


@pytest.mark.parametrize("case", [str.lower, str.upper])
def test_a_pattern_copied_encoded_takes_links_in_either_hex_case_and_in_letters(
    tmp_path, case
) -> None:
    """WordPress writes its escapes in lower case, browsers and sitemaps in upper case."""
    (tmp_path / "s.toml").write_text(
        '[sources.wp]\nname = "wp"\nstart_urls = ["https://wp.example/"]\n'
        f"article_url_pattern = '/{case(quote('أخبار'))}/\\d+$'\n"
        f"exclude_url_pattern = '/{case(quote('أخبار'))}/0$'\n",
        encoding="utf-8",
    )
    source = load_sources(tmp_path / "s.toml")["wp"]
    for section in (quote("أخبار").lower(), quote("أخبار").upper(), "أخبار"):
        assert source.is_article(f"https://wp.example/{section}/123"), section
        assert not source.is_article(f"https://wp.example/{section}/0"), section


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://x.com/story.aspx?sid=900", "https://x.com/story.aspx?sid=900"),
        (
            "https://x.com/modules.php?name=News&file=article&sid=1201",
            "https://x.com/modules.php?file=article&name=News&sid=1201",
        ),
    ],
)
def test_a_sid_that_is_all_that_names_the_article_is_kept_in_what_is_fetched_and_its_key(
    url: str, key: str
) -> None:
    from crawler.canonical import clean_url

    assert "sid=" in clean_url(url)
    assert canonical_url(url) == key
    assert canonical_url(url.replace("sid=", "sid=7")) != key  # another story, another row


@pytest.mark.parametrize(
    ("url", "key"),
    [
        (
            "https://x.com/news.php?id=9&sid=4f3a9c2b1d8e7f6a5b4c3d2e1f0a9b8c",
            "https://x.com/news.php?id=9",
        ),
        ("https://x.com/story.aspx?sid=8d1f0c2ab77e4f6c9e13a0b2", "https://x.com/story.aspx"),
        (
            "https://x.com/news/2024/12/8/slug?sid=a8f5f167f44f4964e6c998dee827110c",
            "https://x.com/news/2024/12/8/slug",
        ),
        ("https://x.com/index.php?id=5&PHPSESSID=q3v9k1", "https://x.com/index.php?id=5"),
    ],
)
def test_a_session_id_beside_what_names_the_page_is_still_dropped(url: str, key: str) -> None:
    from crawler.canonical import clean_url

    assert "sid=" not in clean_url(url).lower()
    assert canonical_url(url) == key


def test_a_query_escaped_in_another_charset_keeps_its_bytes_and_utf8_its_form() -> None:
    from crawler.canonical import clean_url

    cp1256 = "https://old.example/show.asp?sec=%D3%ED%C7%D3%C9&id=9&utm_source=x"
    assert clean_url(cp1256) == "https://old.example/show.asp?sec=%D3%ED%C7%D3%C9&id=9"
    assert canonical_url(cp1256) == "https://old.example/show.asp?id=9&sec=%D3%ED%C7%D3%C9"
    utf8 = "https://new.example/search.php?q=سياسة&id=9"
    assert clean_url(utf8) == "https://new.example/search.php?q=%D8%B3%D9%8A%D8%A7%D8%B3%D8%A9&id=9"


@pytest.mark.usefixtures("inline_extraction")
def test_an_old_http_link_to_an_https_sites_article_is_that_article(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    """A site given over https whose sitemap (or pages) still names an article over
    "http://", answered there too: the one article, fetched once, one row (it was fetched
    twice and stored twice, the http one a copy of the other)."""
    site = fixture_server.site
    sitemap = "https://www.akhbar24.example/sitemap-news.xml"
    article = "https://www.akhbar24.example/news/2024/12/07/50231.html"
    old = article.replace("https://", "http://", 1)
    status, headers, body = site.lookup(sitemap)
    entry = f"<url><loc>{old}</loc></url></urlset>".encode()
    site.overrides[sitemap] = (status, headers, body.replace(b"</urlset>", entry))
    site.overrides[old] = site.lookup(article)
    arshif("crawl", "--offline", "akhbar24", cwd=tmp_path, server=fixture_server)
    assert old not in site.hits and site.hits.count(article) == 1, site.hits
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        urls = [u for (u,) in conn.execute("SELECT url FROM articles WHERE url LIKE '%50231%'")]
        errors = conn.execute("SELECT kind, message FROM run_errors").fetchall()
    assert urls == [article] and errors == []


def test_a_listing_paged_by_a_comment_pages_name_keeps_its_pages() -> None:
    """?cpage= is left out of an article's key only: a section paged by it is read on."""
    from crawler.canonical import clean_url

    assert clean_url("https://s.example/section.php?id=3&cpage=2").endswith("id=3&cpage=2")


@pytest.mark.usefixtures("inline_extraction")
def test_an_article_archived_at_its_http_address_before_stays_one_row(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    """An archive an earlier arshif filled from "http://" links: the same link later is
    that row's (asked over https, it was fetched again and stored as a copy)."""
    site = fixture_server.site
    sitemap = "https://www.akhbar24.example/sitemap-news.xml"
    article = "https://www.akhbar24.example/news/2024/12/07/50231.html"
    old = article.replace("https://", "http://", 1)
    arshif("crawl", "--offline", "akhbar24", cwd=tmp_path, server=fixture_server)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        conn.execute(
            "UPDATE articles SET url = ?, fetched_url = ? WHERE url = ?", [old, old, article]
        )
    status, headers, body = site.lookup(sitemap)
    site.overrides[sitemap] = (status, headers, body.replace(article.encode(), old.encode()))
    site.overrides[old] = site.lookup(article)
    arshif("crawl", "--offline", "akhbar24", "--recheck-days", "100000", cwd=tmp_path,
           server=fixture_server)  # fmt: skip
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        urls = [u for (u,) in conn.execute("SELECT url FROM articles WHERE url LIKE '%50231%'")]
    assert urls == [old]


OLD_STORY = (
    "<html lang='ar'><head><meta charset='utf-8'><title>الأمطار</title></head><body><article>"
    "<h1>الأمطار الغزيرة تغلق الطرق في الشمال</h1>"
    + "<p>أغلقت الأمطار الغزيرة عددا من الطرق الرئيسية في محافظات الشمال صباح اليوم، وقالت"
    " مديرية الأشغال إن فرقها تعمل على فتحها قبل المساء وتدعو السائقين إلى الحذر.</p>"
    * 3
    + "{more}</article></body></html>"
)


@pytest.mark.usefixtures("inline_extraction")
@pytest.mark.parametrize(
    "link", ["/news/5?fromrss=1", "/news/" + quote(unicodedata.normalize("NFD", "أمطار")) + "/5"]
)
def test_an_article_keyed_by_older_rules_stays_one_row_updated_in_place(
    tmp_path: Path, link: str
) -> None:
    """An archive an earlier arshif filled, when the key kept "?fromrss=1" and a slug's
    decomposed letters: the same link later is that row's, due or not (a re-crawl asked
    it as new, and stored it again as a copy)."""
    from tests.localsite import Site, serving

    with serving(Site()) as site:
        path = link.split("?")[0]  # (the site ignores the feed's mark)
        site.pages[path] = ("text/html; charset=utf-8", OLD_STORY.format(more=""))
        site.pages["/"] = ("text/html", f"<html><body><a href='{link}'>الأمطار</a></body></html>")
        (tmp_path / "sources.toml").write_text(
            f'[sources.old]\nname = "old"\nstart_urls = ["{site.base}/"]\n'
            "article_url_pattern = '/news/'\ndownload_delay = 0\n",
            encoding="utf-8",
        )
        arshif("crawl", cwd=tmp_path)
        old = f"{site.base}{link}"
        with sqlite3.connect(tmp_path / "archive.db") as conn:  # as the old rules keyed it
            conn.execute("UPDATE articles SET url = ?, fetched_url = ?", [old, old])
        arshif("crawl", cwd=tmp_path)  # not due
        edit = "<p>وأعلنت المديرية مساء اليوم فتح الطرق جميعها أمام حركة السير.</p>"
        site.pages[path] = ("text/html; charset=utf-8", OLD_STORY.format(more=edit))
        arshif("crawl", "--recheck-days", "100000", cwd=tmp_path)  # due: asked, and edited
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        rows = conn.execute("SELECT url, text FROM articles").fetchall()
    assert [url for url, _ in rows] == [old]
    assert "فتح الطرق جميعها" in rows[0][1]


@pytest.mark.parametrize(
    "link",
    [
        "http://old.test/news.php?id=51",
        "https://old.test/news.php?id=51",
        "http://www.old.test/news.php?id=51",
        "HTTPS://WWW.OLD.TEST/news.php?id=51&fromrss=1",
    ],
)
def test_a_sources_host_and_its_www_twin_over_either_scheme_are_one_address(link: str) -> None:
    """A site without rel=canonical linking one article in two common forms: one key, at
    the host and scheme the sources file gives (fetched as linked)."""
    from crawler.canonical import clean_url
    from crawler.sources import Source

    source = Source("old", "old", re.compile("news"), start_urls=("https://www.old.test/",))
    assert source.key(link) == "https://www.old.test/news.php?id=51"
    assert clean_url(link).startswith(link.lower()[:15])


def test_another_port_or_host_or_a_host_named_over_both_schemes_keeps_its_form() -> None:
    from crawler.sources import Source

    named = ("https://www.old.test/", "http://plain.test/", "https://plain.test/a")
    source = Source("old", "old", re.compile("news"), start_urls=named)
    assert source.key("https://old.test:8443/n/1") == "https://old.test:8443/n/1"
    assert source.key("http://sub.old.test/n/1") == "http://sub.old.test/n/1"
    assert source.key("http://www.plain.test/n/1") == "http://plain.test/n/1"
    assert source.key("https://www.plain.test/n/1") == "https://plain.test/n/1"


@pytest.mark.parametrize(
    "link",
    [
        "https://m.site.test/news/5",
        "http://mobile.site.test/news/5",
        "https://amp.site.test/news/5?utm_source=x",
        "https://m.www.site.test/news/5",
    ],
)
def test_a_mobile_or_amp_mirror_of_the_sources_host_is_one_address_with_it(link: str) -> None:
    """m.<site> serving www's paths, no canonical on its pages: one key (it was a second row
    of every story, and a second download); fetched as linked."""
    from crawler.sources import Source

    source = Source("s", "s", re.compile("news"), start_urls=("https://www.site.test/",))
    assert source.key(link) == "https://www.site.test/news/5"
    assert source.is_mirror(link)
    assert "amp." in link or source.own_key(link).startswith(link[:12])  # (amp.: clean_url)


def test_a_sections_subdomain_or_a_mirror_named_alone_keeps_its_host() -> None:
    """sport.<site> has articles of its own; a source whose file names only m.<site> keys
    there, and a mirror named beside its home host is that host's."""
    from crawler.sources import Source

    www = Source("s", "s", re.compile("news"), start_urls=("https://www.site.test/",))
    assert www.key("https://sport.site.test/news/5") == "https://sport.site.test/news/5"
    assert www.key("https://m.other.test/news/5") == "https://m.other.test/news/5"
    assert not www.is_mirror("https://www.site.test/news/5")
    alone = Source("s", "s", re.compile("news"), start_urls=("https://m.site.test/",))
    assert alone.key("https://m.site.test/news/5") == "https://m.site.test/news/5"
    both = ("https://m.site.test/", "http://www.site.test/")
    named = Source("s", "s", re.compile("news"), start_urls=both)
    assert named.key("https://m.site.test/news/5") == "http://www.site.test/news/5"


@pytest.mark.parametrize(
    ("url", "stem"),
    [
        ("https://x.test/news/5003/%D8%A7-slug", "https://x.test/news/5003"),
        ("https://x.test/news/5003", "https://x.test/news/5003"),
        ("https://x.test/news/5003-slug.html", "https://x.test/news/5003"),
        ("https://x.test/2024/12/08/5003/slug", "https://x.test/2024/12/08/5003"),
        ("https://x.test/story/9", "https://x.test/story/9"),
        ("https://x.test/news/slug-5003", None),
        ("https://x.test/news.php?id=5003", None),
        ("https://x.test/2024/12/08/slug", None),
    ],
)
def test_an_articles_number_stem_is_its_address_up_to_the_number_leading_a_segment(
    url: str, stem: str | None
) -> None:
    from crawler.canonical import number_stem

    assert number_stem(url) == stem


@pytest.mark.usefixtures("inline_extraction")
def test_an_article_archived_at_its_bare_hosts_address_before_stays_one_row(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    """An archive an earlier arshif filled from links to the bare host of a "www." site:
    the same link later is that row's, kept at its key (asked again, it was a new row)."""
    site = fixture_server.site
    sitemap = "https://www.akhbar24.example/sitemap-news.xml"
    article = "https://www.akhbar24.example/news/2024/12/07/50231.html"
    old = article.replace("www.", "", 1)
    arshif("crawl", "--offline", "akhbar24", cwd=tmp_path, server=fixture_server)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        count = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        conn.execute(
            "UPDATE articles SET url = ?, fetched_url = ? WHERE url = ?", [old, old, article]
        )
    status, headers, body = site.lookup(sitemap)
    site.overrides[sitemap] = (status, headers, body.replace(article.encode(), old.encode()))
    site.overrides[old] = site.lookup(article)
    arshif("crawl", "--offline", "akhbar24", "--recheck-days", "100000", cwd=tmp_path,
           server=fixture_server)  # fmt: skip
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        urls = [u for (u,) in conn.execute("SELECT url FROM articles WHERE url LIKE '%50231%'")]
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == count
    assert urls == [old]


def test_an_amp_prefix_is_left_out_of_the_key_but_fetched_as_linked() -> None:
    """ "/amp/news/1" may stand for "/news/1" (Sputnik) or for "/story/…/1" (Youm7, where
    "/news/1" is a 404): one key with "/news/1", fetched where the link points."""
    from crawler.canonical import clean_url

    assert clean_url("https://x.com/amp/news/1?utm_source=x") == "https://x.com/amp/news/1"
    assert canonical_url("https://x.com/amp/news/1") == canonical_url("https://x.com/news/1")


AMP_ARTICLE = (
    "<html amp lang='ar'><head><meta charset='utf-8'><title>سعر الذهب اليوم</title>"
    "<link rel='canonical' href='{canonical}'></head><body><article><h1>سعر الذهب اليوم في مصر</h1>"
    + "<p>سجل سعر جرام الذهب عيار 21 الأكثر انتشارا في مصر نحو 3120 جنيها خلال تعاملات اليوم،"
    " وفقا لآخر تحديث لأسعار الذهب في محلات الصاغة، وبلغ سعر الجنيه الذهب نحو 24960 جنيها.</p>"
    * 3
    + "</article></body></html>"
)


@pytest.mark.usefixtures("inline_extraction")
@pytest.mark.parametrize("normal", ["/story/2024/4/14/gold/6541234", "/2024/4/14/gold/6541234"])
def test_an_amp_prefix_link_is_fetched_as_linked_and_archived_at_the_page_it_names(
    tmp_path: Path, normal: str
) -> None:
    """Youm7's AMP page /amp/2024/4/14/gold/6541234 names /story/2024/…: /2024/… does not
    exist (it was asked, a 404, the article lost). Where dropping /amp is right (Sputnik's
    /amp/section/x is /section/x), a listing linking both asks once. One row, at the page
    the AMP page names; the next crawl asks nothing again."""
    from tests.localsite import Site, serving

    with serving(Site()) as site:
        amp = "/amp/2024/4/14/gold/6541234"
        page = AMP_ARTICLE.format(canonical=f"{site.base}{normal}")
        site.pages[amp] = site.pages[normal] = ("text/html; charset=utf-8", page)
        links = f"<a href='{amp}'>سعر الذهب</a>" + (
            f"<a href='{normal}'>الذهب</a>" if normal[1] == "2" else ""
        )
        site.pages["/section"] = ("text/html", f"<html><body>{links}</body></html>")
        (tmp_path / "sources.toml").write_text(
            f'[sources.y7]\nname = "y7"\nstart_urls = ["{site.base}/section"]\n'
            "article_url_pattern = '/(?:story/|amp/)?2024/'\ndownload_delay = 0\n",
            encoding="utf-8",
        )
        arshif("crawl", cwd=tmp_path)
        first = len(site.hits)
        arshif("crawl", cwd=tmp_path)
        asked = [path for path in site.hits if "6541234" in path]
        again = [path for path in site.hits[first:] if "6541234" in path]
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        urls = [u for (u,) in conn.execute("SELECT url FROM articles")]
        errors = conn.execute("SELECT kind FROM run_errors").fetchall()
    assert urls == [f"{site.base}{normal}"] and errors == []
    assert asked == [amp] and again == [], site.hits


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://sport.daily.example/a", "daily.example"),  # beside www.daily.example
        ("https://daily.example.evil.example/a", None),
        ("https://www.daily.example/a", None),  # inside already
        ("https://sport.site.com.sa/a", "site.com.sa"),
        ("https://other.com.sa/a", None),  # the registry's neighbour, no host of the site
        ("http://10.0.0.1/a", None),  # addresses have no sites
    ],
)
def test_another_host_of_the_sources_site_is_told_from_another_site(
    url: str, domain: str | None
) -> None:
    from crawler.canonical import site_domain

    assert site_domain(url, ["www.daily.example", "www.site.com.sa", "127.0.0.1"]) == domain
