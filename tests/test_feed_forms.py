"""Feeds as publishers really write them: every link comes out exactly as written."""

from __future__ import annotations

import pytest

from crawler.discovery import parse_feed, parse_sitemap

LINK = "https://www.sarayanews.com/article.php?id=7&sec=2&lang=ar"  # `&lang` is an HTML entity


def rss(items: str, declaration: str = '<?xml version="1.0" encoding="UTF-8"?>') -> str:
    return f'{declaration}<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'


def item(link: str, title: str = "خبر", date: str = "Sun, 08 Dec 2024 13:05:00 +0300") -> str:
    return f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate></item>"


def urls(parsed) -> list[str]:
    return [e.url for e in parsed.entries]


def test_bare_ampersands_in_links_keep_every_parameter_name() -> None:
    body = rss(item(LINK) + item(LINK.replace("id=7", "id=8"))).encode()
    parsed = parse_feed(body)
    assert urls(parsed) == [LINK, LINK.replace("id=7", "id=8")]
    assert "bare &" in (parsed.problem or "")


def test_html_entities_in_a_feed_are_read_as_their_characters_and_named_as_such() -> None:
    items = item("https://a.example/n/1", "عاجل:&nbsp;ارتفاع الأسعار&hellip;") + item(LINK)
    parsed = parse_feed(rss(items).encode())
    assert urls(parsed) == ["https://a.example/n/1", LINK]
    assert parsed.entries[0].title == "عاجل:\xa0ارتفاع الأسعار…"
    assert "HTML entities in 2 places" in (parsed.problem or "")
    assert "bare & in 2 places" in (parsed.problem or "")  # LINK's own two


def test_bare_ampersand_in_a_cdata_link_is_left_alone() -> None:
    parsed = parse_feed(rss(item(f"<![CDATA[{LINK}]]>")).encode())
    assert urls(parsed) == [LINK]


def test_escaped_ampersands_are_read_as_one() -> None:
    parsed = parse_feed(rss(item(LINK.replace("&", "&amp;"))).encode())
    assert urls(parsed) == [LINK] and parsed.problem is None


def test_ampersands_escaped_twice_are_read_as_one_in_feeds_and_sitemaps() -> None:
    """A CMS that escapes its links twice ("&amp;amp;"): once parsed, "&amp;" is left in
    them, and "amp;sec" would be a parameter of another address."""
    twice = LINK.replace("&", "&amp;amp;")
    assert urls(parse_feed(rss(item(twice)).encode())) == [LINK]
    xml = f"<urlset><url><loc>{twice}</loc></url></urlset>"
    assert urls(parse_sitemap(xml.encode())) == [LINK]


def test_unescaped_less_than_in_titles_keeps_every_item_and_title() -> None:
    items = item("https://a.example/n/1", "عاجل < ارتفاع الأسعار") + item("https://a.example/n/2")
    parsed = parse_feed(rss(items).encode())
    assert urls(parsed) == ["https://a.example/n/1", "https://a.example/n/2"]
    assert parsed.entries[0].title == "عاجل < ارتفاع الأسعار"
    assert "unescaped <" in (parsed.problem or "")


def test_feed_cut_mid_item_and_mid_character_yields_the_items_before_the_cut() -> None:
    items = "".join(item(f"https://a.example/n/{n}", "عنوان عربي طويل") for n in range(1, 5))
    body = rss(items).encode()
    cut = body.rfind(b"<title>") + len("<title>ع".encode()) - 1  # inside a letter
    parsed = parse_feed(body[:cut])
    assert urls(parsed) == [f"https://a.example/n/{n}" for n in range(1, 4)]
    assert parsed.entries[0].title == "عنوان عربي طويل"  # not decoded as another charset
    assert parsed.problem


def test_utf8_bytes_declared_latin1_keep_raw_arabic_links_exact() -> None:
    link = "https://a.example/details/54543/وزارة-الزراعة-تنفي"
    body = rss(item(link), '<?xml version="1.0" encoding="ISO-8859-1"?>').encode("utf-8")
    parsed = parse_feed(body)
    assert urls(parsed) == [link]
    assert "declared iso-8859-1 but the bytes are UTF-8" in (parsed.problem or "")


@pytest.mark.parametrize(
    ("declaration", "charset"),
    [
        ('<?xml version="1.0" encoding="windows-1256"?>', None),
        ('<?xml version="1.0"?>', "windows-1256"),
    ],
)
def test_utf8_feed_with_one_cut_letter_is_utf8_whatever_its_declaration_or_header(
    declaration: str, charset: str | None
) -> None:
    """One description cut mid-letter: the rest of the feed is still UTF-8, its Arabic links
    exact (read as windows-1256 they were percent-escaped mojibake, 404 forever)."""
    link = "https://a.example/news/خبر-4"
    body = rss(item(link, "الحكومة تعلن خطة") + "<description>تفاصيل</description>", declaration)
    cut = body.encode().replace("تفاصيل".encode(), "تفاصيل".encode()[:-1])
    parsed = parse_feed(cut, charset)
    assert urls(parsed) == [link]
    assert parsed.entries[0].title == "الحكومة تعلن خطة"
    assert "bytes that are not UTF-8 replaced in 1 place" in (parsed.problem or "")


def test_utf8_sitemap_with_one_bad_byte_keeps_its_arabic_addresses() -> None:
    loc = "https://a.example/news/وزارة-الصحة-تعلن"
    body = (
        '<?xml version="1.0" encoding="windows-1256"?><urlset xmlns:news="urn:news"><url><loc>'
        f"{loc}</loc></url><url><loc>{loc}-2</loc><news:title>عنوان</news:title></url></urlset>"
    ).encode()
    parsed = parse_sitemap(body.replace("عنوان".encode(), "عنوان".encode()[:-1]))
    assert urls(parsed) == [loc, f"{loc}-2"]


def test_a_prefix_the_feed_never_declared_is_read_as_its_plain_name() -> None:
    """`<media:content>` without xmlns:media (common in hand-made feeds) made etree.QName
    raise, and the whole feed was lost to a traceback."""
    items = item("https://a.example/n/1") + item("https://a.example/n/2")
    body = rss(items.replace("</item>", "<media:content url='https://a.example/i.jpg'/></item>"))
    assert urls(parse_feed(body.encode())) == ["https://a.example/n/1", "https://a.example/n/2"]
    sitemap = (
        "<urlset><url><loc>https://a.example/n/1</loc><news:news><news:title>خبر"
        "</news:title></news:news></url></urlset>"
    )
    assert urls(parse_sitemap(sitemap.encode())) == ["https://a.example/n/1"]


def test_windows_1256_bytes_declared_utf8_are_read_as_arabic() -> None:
    body = rss(item("https://a.example/n/1", "الأردن يغلق المعبر")).encode("cp1256")
    parsed = parse_feed(body)
    assert urls(parsed) == ["https://a.example/n/1"]
    assert parsed.entries[0].title == "الأردن يغلق المعبر"


def test_html_page_served_as_feed_yields_its_links_and_is_reported() -> None:
    page = (
        "<!DOCTYPE html><html><body><a href='/news/1.html'>أ</a><a href='/news/2.html'>ب</a>"
        "<a href='#top'>^</a><a href='/news/1.html'>أ</a></body></html>"
    )
    parsed = parse_feed(page.encode())
    assert parsed.kind == "html"
    assert urls(parsed) == ["/news/1.html", "/news/2.html"]
    assert "HTML page" in (parsed.problem or "")


def test_atom_updated_is_kept_apart_from_published() -> None:
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry>
    <published>2024-12-08T10:00:00+03:00</published><updated>2024-12-09T08:00:00+03:00</updated>
    <link rel="alternate" href="https://blog.example/2024/12/post-1.html"/></entry></feed>"""
    entry = parse_feed(atom).entries[0]
    assert (entry.published, entry.updated) == (
        "2024-12-08T10:00:00+03:00",
        "2024-12-09T08:00:00+03:00",
    )


def test_sitemap_lastmod_is_the_updated_signal_not_the_publication_date() -> None:
    xml = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
    xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
    <url><loc>https://a.example/n/1.html</loc><lastmod>2024-12-09T08:00:00Z</lastmod>
    <news:news><news:publication_date>2024-12-07</news:publication_date></news:news></url>
    <url><loc>https://a.example/n/2.html</loc><lastmod>2024-12-10</lastmod></url></urlset>"""
    first, second = parse_sitemap(xml).entries
    assert (first.published, first.updated) == ("2024-12-07", "2024-12-09T08:00:00Z")
    assert (second.published, second.updated) == (None, "2024-12-10")


def test_sitemap_with_bare_ampersands_keeps_its_loc_exact() -> None:
    loc = "https://www.aljazeera.net/sitemap.xml?yyyy=2024&mm=12&dd=8"
    xml = f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>{loc}</loc></sitemap></sitemapindex>'
    assert urls(parse_sitemap(xml.encode())) == [loc]


def test_a_valid_feed_without_items_is_empty_not_malformed() -> None:
    parsed = parse_feed(rss("").encode())
    assert (parsed.kind, parsed.entries, parsed.problem) == ("empty", [], "feed has no items")
    assert parse_feed(b"no feed at all").kind == "feed"  # not XML: no items to speak of


def test_xml_that_is_no_feed_is_not_an_empty_feed() -> None:
    error = b"<?xml version='1.0'?><Error><Code>AccessDenied</Code></Error>"
    parsed = parse_feed(error)
    assert parsed.kind != "empty" and "not a feed" in (parsed.problem or "")


def test_a_well_formed_feed_of_no_items_is_empty_whatever_its_channel_links() -> None:
    body = rss("<link>https://a.example/</link>").encode()
    parsed = parse_feed(body)
    assert (parsed.kind, parsed.entries) == ("empty", [])


def test_items_whose_link_is_only_in_their_guid_are_not_an_empty_feed() -> None:
    body = rss("<item><guid isPermaLink='false'>https://a.example/news/1</guid></item>").encode()
    parsed = parse_feed(body)
    assert parsed.kind == "feed" and [e.url for e in parsed.entries] == ["https://a.example/news/1"]


def test_an_item_with_only_a_guid_that_is_no_permalink_still_gives_its_address() -> None:
    guid_only = (
        "<item><title>خبر</title><guid isPermaLink='false'>https://site.example/?p=123</guid>"
        "<pubDate>Sun, 08 Dec 2024 13:05:00 +0300</pubDate></item>"
    )
    parsed = parse_feed(rss(item(LINK) + guid_only).encode())
    assert urls(parsed) == [LINK, "https://site.example/?p=123"]
    assert parsed.entries[1].published == "Sun, 08 Dec 2024 13:05:00 +0300"  # and its date


def test_an_item_whose_only_address_is_a_relative_permalink_guid_gives_that_path() -> None:
    """Read against the feed's address by the crawl; a relative guid that says it is no
    permalink is an id, not an address."""
    relative = "<item><title>خبر</title><guid isPermaLink='true'>/news/8/تفاصيل</guid></item>"
    unmarked = "<item><title>خبر</title><guid>/news/9</guid></item>"
    an_id = "<item><title>خبر</title><guid isPermaLink='false'>/post/7</guid></item>"
    parsed = parse_feed(rss(relative + unmarked + an_id).encode())
    assert urls(parsed) == ["/news/8/تفاصيل", "/news/9"]


def test_a_utf8_feed_that_its_http_header_calls_latin_1_is_read_without_a_problem() -> None:
    body = rss(item(LINK, title="خبر عاجل"), declaration='<?xml version="1.0"?>').encode()
    parsed = parse_feed(body, "iso-8859-1")
    assert urls(parsed) == [LINK]
    assert parsed.entries[0].title == "خبر عاجل"
    assert parsed.problem is None or "declared" not in parsed.problem


def test_atom_links_are_read_against_the_xml_base_in_scope() -> None:
    body = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"'
        ' xml:base="https://news.example/akhbar/"><title>t</title>'
        '<entry><title>أ</title><link href="1.html"/></entry>'
        '<entry xml:base="/world/"><title>ب</title><link href="2.html"/></entry>'
        '<entry><title>ج</title><link href="https://other.example/3.html"/></entry></feed>'
    ).encode()
    assert urls(parse_feed(body)) == [
        "https://news.example/akhbar/1.html",
        "https://news.example/world/2.html",
        "https://other.example/3.html",
    ]


def test_a_feedburner_item_gives_its_original_link_not_the_redirector() -> None:
    body = rss(
        "<item><title>خبر</title><link>https://feeds.example/~r/main/~3/x8/</link>"
        "<feedburner:origLink>https://news.example/akhbar/8.html</feedburner:origLink></item>"
    ).replace("<rss ", '<rss xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0" ')
    assert urls(parse_feed(body.encode())) == ["https://news.example/akhbar/8.html"]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf", b"\xef\xbb\xbf\n"])
def test_a_json_feed_gives_its_items_and_dates(bom: bytes) -> None:
    body = (
        bom
        + (
            '{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": ['
            '{"id": "6", "url": "https://news.example/akhbar/6.html", "title": "خبر",'
            ' "date_published": "2024-12-07T10:00:00+03:00"},'
            '{"id": "7", "external_url": "https://news.example/akhbar/7.html"}, {"id": "8"}]}'
        ).encode()
    )
    parsed = parse_feed(body)
    assert urls(parsed) == [
        "https://news.example/akhbar/6.html",
        "https://news.example/akhbar/7.html",
    ]
    assert parsed.entries[0].published == "2024-12-07T10:00:00+03:00" and parsed.problem is None


def test_malformed_json_served_as_a_feed_is_named_so() -> None:
    parsed = parse_feed(b'{"items": [')
    assert parsed.entries == [] and "malformed JSON" in (parsed.problem or "")


def test_an_rss_1_item_without_a_link_is_read_at_its_rdf_about() -> None:
    feed = (
        b"<?xml version='1.0'?><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'"
        b" xmlns='http://purl.org/rss/1.0/'><channel rdf:about='https://n.example/'>"
        b"<title>t</title></channel>"
        b"<item rdf:about='https://n.example/news/28'><title>a</title>"
        b"<link>https://n.example/news/28</link></item>"
        b"<item rdf:about='https://n.example/news/29'><title>b</title></item>"
        b"</rdf:RDF>"
    )
    urls = [e.url for e in parse_feed(feed).entries]
    assert urls == ["https://n.example/news/28", "https://n.example/news/29"]


def test_an_html_error_page_printed_before_the_feed_leaves_the_feed_readable() -> None:
    """A PHP warning's whole page before `<?xml …><rss>`: every item was lost (feed_not_xml)."""
    page = (
        "<!DOCTYPE html>\n<html><head><title>Warning</title><script>x()</script></head><body>"
        "<p>Deprecated: mysql_connect() in /var/www/rss.php on line 4</p></body></html>\n"
    )
    parsed = parse_feed((page + rss(item("https://n.example/news/1"))).encode())
    assert parsed.kind == "feed" and urls(parsed) == ["https://n.example/news/1"]
    assert "HTML page before the feed" in (parsed.problem or "")
    bare = (
        page
        + '<rss version="2.0"><channel>'
        + item("https://n.example/news/2")
        + "</channel></rss>"
    )
    assert urls(parse_feed(bare.encode())) == ["https://n.example/news/2"]  # no declaration
    sitemap = page + "<urlset><url><loc>https://n.example/news/3</loc></url></urlset>"
    assert urls(parse_sitemap(sitemap.encode())) == ["https://n.example/news/3"]


def test_an_items_own_link_and_title_win_over_namespaced_ones_before_them() -> None:
    """<atom:link rel="enclosure" href="….jpg"/> before <link>: the image was the item's address
    (and the article dropped); <media:title> before <title> was its title."""
    body = rss(
        '<item><atom:link rel="enclosure" href="https://n.example/up/1.jpg"/>'
        "<media:title>صورة</media:title><title>خبر الطقس</title>"
        "<link>https://n.example/news/1</link></item>"
    ).replace("<rss ", '<rss xmlns:atom="http://www.w3.org/2005/Atom" ')
    parsed = parse_feed(body.encode())
    assert [(e.url, e.title) for e in parsed.entries] == [("https://n.example/news/1", "خبر الطقس")]


def test_a_json_feed_item_known_only_by_a_url_id_gives_that_address() -> None:
    body = (
        '{"version": "https://jsonfeed.org/version/1.1", "items": ['
        '{"id": "https://n.example/news/1", "title": "خبر"}, {"id": "tag:n.example,2024:2"}]}'
    )
    parsed = parse_feed(body.encode())
    assert urls(parsed) == ["https://n.example/news/1"] and parsed.kind == "feed"
    nothing = parse_feed(b'{"items": [{"id": "7", "title": "x"}]}')
    assert nothing.kind != "empty" and "without links" in (nothing.problem or "")


def test_a_feed_that_answers_an_empty_body_is_an_empty_feed() -> None:
    for body in (b"", b"  \n"):
        parsed = parse_feed(body)
        assert (parsed.kind, parsed.problem) == ("empty", "the feed answered with an empty body")


@pytest.mark.parametrize("count", [2, 5])
def test_a_build_time_every_item_shares_is_no_publication_date(count: int) -> None:
    """A PHP feed stamping each item with its build time (and lastBuildDate the same): the
    stamp dated undated articles and read as an edit of every item on every run."""
    stamp = "Sat, 05 Dec 2026 07:41:13 +0000"
    items = "".join(item(f"https://n.example/news/{n}", date=stamp) for n in range(count))
    built = f"<lastBuildDate>{stamp}</lastBuildDate>" if count == 2 else ""
    parsed = parse_feed(rss(built + items).encode())
    assert [e.published for e in parsed.entries] == [None] * count


def test_dates_items_share_that_are_a_day_or_differ_are_kept() -> None:
    day = "Sun, 08 Dec 2024 00:00:00 +0300"  # a day alone: many stories share it
    same_day = "".join(item(f"https://n.example/news/{n}", date=day) for n in range(4))
    assert {e.published for e in parse_feed(rss(same_day).encode()).entries} == {day}
    two = item("https://n.example/news/1") + item("https://n.example/news/2")  # no build date
    assert all(e.published for e in parse_feed(rss(two).encode()).entries)
    one = "<lastBuildDate>Sun, 08 Dec 2024 13:05:00 +0300</lastBuildDate>" + item(
        "https://n.example/news/1"
    )
    assert parse_feed(rss(one).encode()).entries[0].published  # the newest item's is the build's


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_a_feed_and_a_sitemap_in_utf16_or_utf32_are_read_as_their_byte_order_mark_says(
    codec: str,
) -> None:
    """.NET's XmlWriter with Encoding.Unicode: a BOM and encoding="utf-16" (was feed_not_xml)."""
    bom = {"utf-16-be": "\ufeff"}.get(codec, "")  # (Python writes the mark for the others)
    declared = '<?xml version="1.0" encoding="utf-16"?>'
    feed = parse_feed((bom + rss(item("https://a.example/n/1", "خبر"), declared)).encode(codec))
    assert urls(feed) == ["https://a.example/n/1"] and feed.problem is None
    sitemap = f"{declared}<urlset><url><loc>https://a.example/n/2</loc></url></urlset>"
    parsed = parse_sitemap((bom + sitemap).encode(codec))
    assert urls(parsed) == ["https://a.example/n/2"] and parsed.problem is None
