from __future__ import annotations

import gzip

import pytest

from crawler.discovery import parse_feed, parse_sitemap

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>أ</title><link>https://arabi21.com/story/1/a</link><pubDate>Sun, 08 Dec 2024 13:05:00 +0300</pubDate></item>
<item><title>ب</title><link>https://arabi21.com/story/2/b</link></item>
<item><title>ج</title><link>https://arabi21.com/story/3/c</link></item>
</channel></rss>"""


def urls(parsed) -> list[str]:
    return [e.url for e in parsed.entries]


def test_rss_items_and_their_dates_are_read() -> None:
    parsed = parse_feed(RSS.encode())
    assert urls(parsed)[0] == "https://arabi21.com/story/1/a" and len(parsed.entries) == 3
    assert parsed.entries[0].published == "Sun, 08 Dec 2024 13:05:00 +0300"
    assert parsed.problem is None


def test_unescaped_ampersand_still_yields_every_item_and_is_reported() -> None:
    parsed = parse_feed(RSS.replace("<title>ب</title>", "<title>سياسة & اقتصاد</title>").encode())
    assert len(parsed.entries) == 3
    assert parsed.problem and "malformed" in parsed.problem


def test_truncated_feed_yields_the_items_before_the_cut() -> None:
    parsed = parse_feed(RSS[: RSS.rfind("<item>") + 10].encode())
    assert urls(parsed) == ["https://arabi21.com/story/1/a", "https://arabi21.com/story/2/b"]
    assert parsed.problem


def test_html_error_page_served_as_feed_is_reported_not_parsed() -> None:
    parsed = parse_feed(b"<html><body><h1>Database Error</h1></body></html>")
    assert parsed.entries == [] and "HTML" in parsed.problem


def test_atom_feed_links() -> None:
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x</title>
    <link rel="alternate" href="https://www.aljazeera.net/news/2024/12/8/x"/><published>2024-12-08T10:00:00Z</published></entry></feed>"""
    parsed = parse_feed(atom)
    assert urls(parsed) == ["https://www.aljazeera.net/news/2024/12/8/x"]
    assert parsed.entries[0].published == "2024-12-08T10:00:00Z"


def test_google_news_sitemap_keeps_publication_date_over_lastmod() -> None:
    xml = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
    xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://a.example/n/1.html</loc>
    <lastmod>2024-12-09</lastmod><news:news><news:publication_date>2024-12-07T12:00:00+00:00</news:publication_date>
    <news:title>t</news:title></news:news></url></urlset>"""
    parsed = parse_sitemap(xml)
    assert parsed.kind == "urlset"
    assert parsed.entries[0].published == "2024-12-07T12:00:00+00:00"


def test_sitemap_index_and_gzip_sitemap() -> None:
    index = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>https://www.aljazeera.net/sitemap.xml?yyyy=2024&amp;mm=12&amp;dd=8</loc></sitemap></sitemapindex>"""
    parsed = parse_sitemap(gzip.compress(index))
    assert parsed.kind == "sitemapindex"
    assert urls(parsed) == ["https://www.aljazeera.net/sitemap.xml?yyyy=2024&mm=12&dd=8"]


def test_gzip_bomb_sitemap_is_refused_with_a_reason() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * (60 * 1024 * 1024))
    parsed = parse_sitemap(bomb)
    assert parsed.entries == [] and "gzip" in parsed.problem


def test_a_gzip_feed_with_a_bad_checksum_after_its_whole_text_gives_its_items() -> None:
    """As an article's gzip body is read (one gunzip for both): a server that writes a
    wrong CRC after the whole stream still sent every item."""
    body = gzip.compress(RSS.encode())
    parsed = parse_feed(body[:-8] + b"\0" * 8)
    assert len(parsed.entries) == 3 and parsed.problem is None


def test_a_feed_sent_gzip_compressed_without_content_encoding_gives_its_items() -> None:
    parsed = parse_feed(gzip.compress(RSS.encode()))
    assert len(parsed.entries) == 3 and parsed.problem is None


def test_a_gzip_bomb_served_as_a_feed_is_refused_with_a_reason() -> None:
    parsed = parse_feed(gzip.compress(b"<rss>" + b" " * (60 * 1024 * 1024)))
    assert parsed.entries == [] and "gzip" in parsed.problem


@pytest.mark.parametrize("compress", [False, True])
def test_a_plain_text_sitemap_gives_one_article_a_line(compress: bool) -> None:
    text = "\ufeffhttps://a.example/n/1.html\r\n\n  https://a.example/n/2.html  \nhttp://a.example/n/3\n"
    body = text.encode()
    parsed = parse_sitemap(gzip.compress(body) if compress else body)
    assert parsed.kind == "urlset" and parsed.problem is None
    assert urls(parsed) == [
        "https://a.example/n/1.html", "https://a.example/n/2.html", "http://a.example/n/3"
    ]  # fmt: skip


def test_text_that_is_no_list_of_addresses_is_still_no_sitemap() -> None:
    parsed = parse_sitemap(b"Service unavailable, try again later.\n")
    assert parsed.entries == [] and parsed.problem


def test_a_text_sitemap_with_stray_lines_gives_its_addresses_and_names_the_rest() -> None:
    parsed = parse_sitemap(b"https://a.example/n/1.html\n# generated nightly\n/n/2.html\n")
    assert urls(parsed) == ["https://a.example/n/1.html"]
    assert parsed.problem and "2 lines" in parsed.problem


AS_FEED_RSS = (
    b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>"
    b"<item><link>https://news.example/a/1</link><pubDate>Mon, 30 Nov 2026 08:00:00 GMT</pubDate>"
    b"</item><item><link>https://news.example/a/2</link></item></channel></rss>"
)
AS_FEED_ATOM = (
    b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>t</title>"
    b"<entry><link href='https://news.example/a/1'/><updated>2026-11-30T08:00:00Z</updated>"
    b"</entry><entry><link href='https://news.example/a/2'/></entry></feed>"
)
AS_FEED_URLSET = (
    b"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
    b"<url><loc>https://news.example/a/1</loc></url><url><loc>https://news.example/a/2</loc>"
    b"</url></urlset>"
)


@pytest.mark.parametrize("feed", [AS_FEED_RSS, AS_FEED_ATOM])
def test_a_feed_read_as_a_sitemap_gives_its_items(feed: bytes) -> None:
    """Search engines take RSS and Atom as sitemaps: robots.txt may name a feed
    ("Sitemap: /feed/"), and a user may list one under sitemaps."""
    parsed = parse_sitemap(feed)
    assert urls(parsed) == ["https://news.example/a/1", "https://news.example/a/2"]
    assert parsed.problem is None


def test_a_sitemap_read_as_a_feed_gives_its_addresses() -> None:
    parsed = parse_feed(AS_FEED_URLSET)
    assert urls(parsed) == ["https://news.example/a/1", "https://news.example/a/2"]
    assert parsed.problem is None
    index = AS_FEED_URLSET.replace(b"urlset", b"sitemapindex").replace(b"<url>", b"<sitemap>")
    assert parse_feed(index.replace(b"</url>", b"</sitemap>")).kind == "sitemapindex"
