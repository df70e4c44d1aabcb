"""The next pages of a listing, one test per way sites write them."""

from __future__ import annotations

import json
import re

import pytest

from crawler.pagination import next_pages

SECTION = "https://news.example/section/politics"


def page(links: str, head: str = "") -> str:
    cards = "".join(f"<li><a href='/story/{n}'>خبر {n}</a></li>" for n in (101, 102, 103))
    return f"<html><head>{head}</head><body><ul>{cards}</ul><div class='pager'>{links}</div></body></html>"


def is_article(url: str) -> bool:
    return bool(re.search(r"/story/\d+", url))


def test_link_rel_next_in_the_head() -> None:
    html = page(
        "", f"<link rel='prev' href='{SECTION}/page/1/'><link rel='next' href='{SECTION}/page/3/'>"
    )
    assert next_pages(html, f"{SECTION}/page/2/") == [f"{SECTION}/page/3/"]


def test_anchor_rel_next() -> None:
    html = page("<a rel='prev' href='?p=1'>1</a><a rel='next nofollow' href='?p=3'>→</a>")
    assert next_pages(html, f"{SECTION}?p=2") == [f"{SECTION}?p=3"]


def test_arabic_next_text() -> None:
    html = page("<a href='?cat=3&p=1'>السابق</a> <a href='?cat=3&p=3'><span>التالي</span></a>")
    assert next_pages(html, "https://news.example/category.php?cat=3&p=2") == [
        "https://news.example/category.php?cat=3&p=3"
    ]


def test_next_page_words() -> None:
    html = page("<a href='/index.php/akhbar?start=20' title='التالي'>الصفحة التالية</a>")
    assert next_pages(html, "https://news.example/index.php/akhbar") == [
        "https://news.example/index.php/akhbar?start=20"
    ]


def test_double_angle_quote_and_single_angle_arrows() -> None:
    assert next_pages(page("<a href='/section/x/3'>»</a>"), "https://n.example/section/x/2") == [
        "https://n.example/section/x/3"
    ]
    assert next_pages(page("<a href='/section/x/2'>›</a>"), "https://n.example/section/x") == [
        "https://n.example/section/x/2"
    ]


def test_more_link_and_updated_max_token() -> None:
    older = "/search/label/x?updated-max=2024-12-08T10%3A00%3A00%2B03%3A00&max-results=5"
    html = page(
        f"<a href='/story/101'>قراءة المزيد »</a><a class='older' href='{older}'>المزيد</a>"
    )
    assert next_pages(html, "https://blog.example/search/label/x", is_article) == [
        f"https://blog.example{older}"
    ]


def test_english_next_and_older_posts() -> None:
    assert next_pages(page("<a href='/cat/x/page2'>Next</a>"), "https://h.example/cat/x") == [
        "https://h.example/cat/x/page2"
    ]
    assert next_pages(page("<a href='/page/2/'>« Older Posts</a>"), "https://h.example/") == [
        "https://h.example/page/2/"
    ]


def test_numbered_query_page_goes_to_the_current_number_plus_one() -> None:
    links = " ".join(
        f"<a href='/section/politics?page={n}'>{n}</a>" if n != 2 else "<span>2</span>"
        for n in range(1, 6)
    )
    assert next_pages(page(links), f"{SECTION}?page=2") == [f"{SECTION}?page=3"]


def test_numbered_first_page_without_a_number_goes_to_page_two() -> None:
    links = "<span>1</span> <a href='?page=2'>2</a> <a href='?page=3'>3</a>"
    assert next_pages(page(links), SECTION) == [f"{SECTION}?page=2"]


def test_numbered_path_page() -> None:
    links = "<a class='page-numbers' href='/category/news/'>1</a> <span>2</span> <a class='page-numbers' href='/category/news/page/3/'>3</a>"
    assert next_pages(page(links), "https://wp.example/category/news/page/2/") == [
        "https://wp.example/category/news/page/3/"
    ]


def test_numbered_from_offset_is_an_offset_too() -> None:
    links = "<a href='/x?from=0'>1</a> <a href='/x?from=20'>2</a> <a href='/x?from=40'>3</a>"
    assert next_pages(page(links), "https://e.example/x?from=20") == ["https://e.example/x?from=40"]


def test_numbered_start_offset_goes_to_the_nearest_larger_offset() -> None:
    links = "<a href='/index.php/x'>1</a> <a href='/index.php/x?start=10'>2</a> <a href='/index.php/x?start=30'>4</a> <a href='/index.php/x?start=20'>3</a>"
    assert next_pages(page(links), "https://j.example/index.php/x?start=10") == [
        "https://j.example/index.php/x?start=20"
    ]


def test_previous_page_and_article_links_are_never_next() -> None:
    links = "<a href='?page=1'>»</a> <a href='/story/104'>التالي</a> <a href='?page=2'>التالي</a>"
    assert next_pages(page(links), f"{SECTION}?page=2", is_article) == []


def test_a_page_without_pagination_has_no_next_page() -> None:
    assert next_pages(page("<a href='/about'>من نحن</a>"), SECTION, is_article) == []


def test_utf8_page_with_a_stale_meta_charset_still_reads_its_next_link() -> None:
    html = "<html><head><meta charset='iso-8859-15'></head><body><a href='/p2'>رسائل أقدم</a></body></html>"
    assert next_pages(html.encode("utf-8"), "https://b.example/") == ["https://b.example/p2"]


def test_a_load_more_button_gives_the_url_it_loads() -> None:
    button = "<button class='load-more' data-url='/ajax/more?section=politics&amp;page=2'>المزيد</button>"
    assert next_pages(page(button), SECTION, is_article) == [
        "https://news.example/ajax/more?section=politics&page=2"
    ]
    other = "<div data-url='/ajax/weather'>الطقس اليوم</div>"  # an attribute, not a "more"
    assert next_pages(page(other), SECTION, is_article) == []


def test_a_load_more_endpoint_answering_json_reads_as_a_listing() -> None:
    import json

    from crawler.jsonlisting import json_listing

    body = json.dumps(
        {
            "html": "<div class='card'><a href='/story/104'>خبر</a></div><a>بلا رابط</a>",
            "items": [{"url": "/story/105", "title": "خبر"}],
            "next": "/ajax/more?section=politics&page=3",
        }
    ).encode()
    html = json_listing(body)
    assert html is not None and "/story/104" in html and "/story/105" in html
    assert next_pages(
        html, "https://news.example/ajax/more?section=politics&page=2", is_article
    ) == ["https://news.example/ajax/more?section=politics&page=3"]
    assert json_listing(b"<html><body>not json</body></html>") is None
    assert json_listing(b"{broken") is None


def test_a_menu_item_or_widget_that_keeps_a_url_is_no_next_page() -> None:
    others = (
        "<li class='menu-more' data-url='/sport'>رياضة</li>"
        "<div class='next-match' data-link='/matches/live'>المباراة القادمة</div>"
    )
    assert next_pages(page(others), SECTION, is_article) == []


def test_a_script_left_open_in_one_json_value_hides_no_link_of_the_next() -> None:
    import json

    from lxml import html

    from crawler.jsonlisting import json_listing

    body = json.dumps({"ad": "<script>track(", "html": "<a href='/story/104'>خبر</a>"}).encode()
    tree = html.document_fromstring(json_listing(body) or "<html></html>")
    assert [a.get("href") for a in tree.iter("a")] == ["/story/104"]


@pytest.mark.parametrize(
    "control",
    [
        "<div class='load-more' data-url='/ajax/more?page=2'>تحميل المزيد</div>",
        "<div id='loadMore' data-url='/ajax/more?page=2'><i class='icon'></i></div>",
        "<input type='button' class='load_more' data-url='/ajax/more?page=2' value='المزيد'>",
        "<button class='btn' data-url='/ajax/more?page=2'>مشاهدة المزيد</button>",
        "<button class='btn' data-url='/ajax/more?page=2'>تحميل المزيد من الأخبار</button>",
        "<a class='btn' href='javascript:void(0)' data-href='/ajax/more?page=2'>المزيد من المقالات</a>",
        "<span class='btn' data-url='/ajax/more?page=2'>Load More +</span>",
        "<button class='infinite-trigger' data-next-url='/ajax/more?page=2'><i></i></button>",
        "<div class='infinite-scroll' data-endpoint='/ajax/more?page=2'></div>",
        "<div class='load-more-wrap' data-ajax-url='/ajax/more?page=2'></div>",
    ],
)
def test_a_load_more_control_of_any_tag_gives_the_url_it_loads(control: str) -> None:
    assert next_pages(page(control), SECTION, is_article) == [
        "https://news.example/ajax/more?page=2"
    ]


@pytest.mark.parametrize(
    "widget",
    [
        "<aside><div class='more-news' data-url='/section/sports'><h3>أخبار الرياضة</h3></div></aside>",
        "<li class='more-link' data-href='/section/economy'>اقتصاد</li>",
        "<input type='hidden' class='more-btn' data-url='/ajax/poll' value='more'>",
        "<button class='load-more-comments' data-url='/comments?article=55&page=2'>المزيد</button>",
        "<a href='/section/sport'>المزيد من الرياضة</a>",
        "<a href='/videos'>شاهد المزيد من الفيديوهات</a>",
    ],
)
def test_a_sidebar_widget_that_keeps_a_url_is_no_next_page(widget: str) -> None:
    assert next_pages(page(widget), SECTION, is_article) == []


def test_a_date_archives_way_back_to_the_day_before_is_its_next_page() -> None:
    day = "<a href='/day/2026-11-07'>اليوم السابق</a> <a href='/day/2026-11-09'>اليوم التالي</a>"
    assert next_pages(page(day), "https://news.example/day/2026-11-08", is_article) == [
        "https://news.example/day/2026-11-07",
        "https://news.example/day/2026-11-09",
    ]


@pytest.mark.parametrize(
    ("answer", "asked", "next_page"),
    [
        ({"more": 1}, "/ajax/more?page=3", "/ajax/more?page=4"),  # a flag, not page 1
        ({"hasMore": True}, "/ajax/more", "/ajax/more?page=2"),
        ({"has_next": 1}, "/ajax/more?section=7&page=2", "/ajax/more?section=7&page=3"),
        ({"nextPage": 5}, "/ajax/more?page=4", "/ajax/more?page=5"),
        ({"next_offset": 40}, "/api/list?offset=20&limit=20", "/api/list?offset=40&limit=20"),
        ({"nextStart": 20}, "/api/list", "/api/list?offset=20"),
        (
            {"next_cursor": "eyJpZCI6OTl9"},
            "/api/list?limit=20",
            "/api/list?limit=20&cursor=eyJpZCI6OTl9",
        ),
        ({"endCursor": "Y3Vy", "hasNextPage": True}, "/api/list?after=YTE", "/api/list?after=Y3Vy"),
        # a flag beside the page given otherwise says no more than it
        ({"hasMore": True, "next_offset": 40}, "/api/list?offset=20", "/api/list?offset=40"),
        ({"more": 1, "next": "/ajax/more?page=7"}, "/ajax/more?page=3", "/ajax/more?page=7"),
        ({"hasMore": True}, "/ajax/more?page=2&from=home", "/ajax/more?page=3&from=home"),
        ({"next_cursor": "c2"}, "/api/list?token=KEY", "/api/list?token=KEY&cursor=c2"),
        # a cursor under its bare name, beside a flag: the one after this page's
        (
            {"pagination": {"cursor": "c8", "has_more": True}},
            "/api/river?cursor=c4",
            "/api/river?cursor=c8",
        ),
        # Reddit's: the page's "after", beside its items, for an endpoint asked with one
        (
            {"data": {"children": [], "after": "c20"}},
            "/api/stream?after=c10",
            "/api/stream?after=c20",
        ),
        # GraphQL's edges each name a cursor of their own: the page's end cursor is the next
        (
            {
                "edges": [{"cursor": "e1"}, {"cursor": "e2"}],
                "pageInfo": {"endCursor": "e9", "hasNextPage": True},
            },
            "/api/list?after=e0",
            "/api/list?after=e9",
        ),  # fmt: skip
    ],
)
def test_a_json_endpoint_gives_its_next_page_by_a_flag_a_number_or_an_offset(
    answer: dict, asked: str, next_page: str
) -> None:
    import json

    from crawler.jsonlisting import json_listing

    base = "https://news.example"
    body = json.dumps({"items": [{"url": "/story/105"}], **answer}).encode()
    html = json_listing(body, base + asked)
    assert html is not None
    assert next_pages(html, base + asked, is_article) == [base + next_page]


@pytest.mark.parametrize(
    ("answer", "asked"),
    [
        ({"more": 0}, "/ajax/more?page=2"),
        ({"hasMore": False}, "/ajax/more?page=2"),
        ({"nextPage": 2}, "/ajax/more?page=2"),
        # a flag on an endpoint paged by offset or cursor: "page=2" would be no page of it
        ({"hasMore": True}, "/api/list?offset=20&limit=20"),
        ({"has_next": 1}, "/api/list?cursor=abc"),
        # GraphQL's last page still names its end cursor
        ({"pageInfo": {"hasNextPage": False, "endCursor": "YXJy"}}, "/graphql?after=YTE"),
        ({"next_cursor": 0}, "/api/list?cursor=abc"),
        ({"next_cursor": "c9", "has_more": 0}, "/api/list?cursor=abc"),
        ({"pagination": {"cursor": "c8", "has_more": False}}, "/api/river?cursor=c4"),
        # a bare cursor that is this page's own: no page after it is named
        ({"pagination": {"cursor": "c4", "has_more": True}}, "/api/river?cursor=c4"),
        # a bare cursor with no flag beside it, or an item's (GraphQL's edges): no page
        ({"cursor": "c8"}, "/api/river?cursor=c4"),
        ({"items": [{"after": "Gaza", "url": "/story/9"}]}, "/api/list?cursor=c1"),
        ({"data": {"after": "c10"}}, "/api/stream?after=c10"),  # this page's own
    ],
)
def test_a_json_endpoint_at_its_end_gives_no_next_page(answer: dict, asked: str) -> None:
    import json

    from crawler.jsonlisting import json_listing

    asked = "https://news.example" + asked
    html = json_listing(json.dumps({"items": [{"url": "/story/105"}], **answer}).encode(), asked)
    assert html is not None and next_pages(html, asked, is_article) == []


def test_a_day_archive_addressed_by_its_date_goes_back_to_the_day_before() -> None:
    day = "<a href='/2024/11/29/'>اليوم السابق</a> <a href='/2024/11/1/'>1</a>"
    assert next_pages(page(day), "https://news.example/2024/11/30/", is_article) == [
        "https://news.example/2024/11/29/"
    ]


def test_a_windowed_pager_of_p_numbers_goes_to_the_number_plus_one() -> None:
    pager = " ".join(f"<a href='/opinion/p{k}'>{k}</a>" for k in (2, 3, 4, 5)) + (
        " … <a href='/opinion/p10'>10</a>"
    )
    assert next_pages(page(pager), "https://news.example/opinion/", is_article) == [
        "https://news.example/opinion/p2"
    ]
    pager = " ".join(f"<a href='/opinion/p{k}'>{k}</a>" for k in (4, 5, 7, 8))
    assert next_pages(page(pager), "https://news.example/opinion/p6", is_article) == [
        "https://news.example/opinion/p7"
    ]


def test_a_jump_menu_of_page_urls_goes_to_the_number_plus_one() -> None:
    """The listing's only pager: `<select onchange="location.href=this.value">`."""
    options = "".join(
        f"<option value='/section/politics?p={n}'>الصفحة {n}</option>" for n in (1, 2, 3)
    )
    menu = f"انتقل إلى: <select name='p' onchange='location.href=this.value'>{options}</select>"
    html = page(f"<form action='/section/politics' method='get'>{menu}</form>")
    assert next_pages(html, SECTION, is_article) == [f"{SECTION}?p=2"]
    assert next_pages(html, f"{SECTION}?p=2", is_article) == [f"{SECTION}?p=3"]
    assert next_pages(html, f"{SECTION}?p=3", is_article) == []


def test_a_forms_page_menu_sent_by_get_goes_to_the_number_plus_one() -> None:
    options = "".join(f"<option value='{n}'>{n}</option>" for n in (1, 2, 3))
    form = (
        "<form action='/section/politics'><input type='hidden' name='cat' value='5'>"
        f"<select name='page'>{options}</select><input type='submit' value='اذهب'></form>"
    )
    assert next_pages(page(form), f"{SECTION}?cat=5", is_article) == [f"{SECTION}?cat=5&page=2"]
    post = form.replace("<form ", "<form method='post' ")
    assert next_pages(page(post), f"{SECTION}?cat=5", is_article) == []


def test_menus_that_sort_or_change_language_are_no_pager() -> None:
    menus = (
        "<select onchange='location.href=this.value'><option value='/section/politics?sort=new'>"
        "الأحدث</option><option value='/section/politics?sort=old'>الأقدم</option></select>"
        "<select name='lang'><option value='/en/'>English</option></select>"
    )
    assert next_pages(page(menus), SECTION, is_article) == []


def rtl_page(links: str) -> str:
    return page(links).replace("<html>", "<html lang='ar' dir='rtl'>")


def test_on_a_right_to_left_page_the_left_pointing_arrow_is_the_next_page() -> None:
    pager = "<a href='?page=1'>»</a> <a href='?page=2'>2</a> <a href='?page=3'>«</a>"
    assert next_pages(rtl_page(pager), f"{SECTION}?page=2", is_article) == [f"{SECTION}?page=3"]
    # (Without numbers: both arrows are followed; the previous page was read already.)
    assert next_pages(rtl_page("<a href='/section/older'>‹</a>"), SECTION, is_article) == [
        "https://news.example/section/older"
    ]
    # Left to right, "«" is the way back.
    assert next_pages(page("<a href='/section/older'>«</a>"), SECTION, is_article) == []


@pytest.mark.parametrize(
    "link",
    [
        "<a class='next-page' href='?before=2411'><i class='fa fa-angle-left'></i></a>",
        "<li class='next'><a href='?before=2411'><span class='icon'></span></a></li>",
        "<a class='nextpostslink' rel='nofollow' href='?before=2411'></a>",
        "<a id='pagination-next' href='?before=2411'><svg></svg></a>",
    ],
)
def test_a_next_link_that_shows_only_an_icon_is_named_by_its_class(link: str) -> None:
    assert next_pages(page(link), SECTION, is_article) == [f"{SECTION}?before=2411"]


def test_an_icon_link_named_previous_or_next_article_is_no_next_page() -> None:
    links = (
        "<a class='prev-page' href='?after=2411'><i></i></a>"
        "<a class='next-article' href='/section/politics/other'><i></i></a>"
    )
    assert next_pages(page(links), SECTION, is_article) == []


def test_a_windowed_pager_of_numbered_index_files_goes_to_the_number_plus_one() -> None:
    pager = " ".join(f"<a href='/sec/index-{k}.html'>{k}</a>" for k in (2, 3))
    assert next_pages(page(pager), "https://news.example/sec/index.html", is_article) == [
        "https://news.example/sec/index-2.html"
    ]
    assert next_pages(page(pager), "https://news.example/sec/", is_article) == [
        "https://news.example/sec/index-2.html"
    ]
    pager = " ".join(f"<a href='/sec/index-{k}.html'>{k}</a>" for k in (4, 5, 7, 8))
    assert next_pages(page(pager), "https://news.example/sec/index-6.html", is_article) == [
        "https://news.example/sec/index-7.html"
    ]
    pager = " ".join(f"<a href='/sec/page-{k}.html'>{k}</a>" for k in (1, 3))
    assert next_pages(page(pager), "https://news.example/sec/page-2.html", is_article) == [
        "https://news.example/sec/page-3.html"
    ]


@pytest.mark.parametrize(
    "pager",
    [
        "<button class='next' onclick=\"location.href='/section/politics?page=2'\">التالي</button>",
        "<a href='#' onclick=\"window.location='/section/politics?page=2';return false;\">"
        "الصفحة التالية</a>",
        "<a href='javascript:void(0)' onclick=\"window.open('/section/politics?page=2', '_self')\">›</a>",
        "<span class='next' onclick=\"location.assign('/section/politics?page=2')\"></span>",
        "<div class='pagination' data-next='/section/politics?page=2'></div>"
        "<button class='load-more'>المزيد</button>",
        "<button id='loadMore'>تحميل المزيد</button>"
        '<script>var nextPageUrl = "/section/politics?page=2";</script>',
    ],
)
def test_a_pager_that_only_a_script_follows_gives_its_next_page(pager: str) -> None:
    assert next_pages(page(pager), SECTION, is_article) == [f"{SECTION}?page=2"]


def test_numbered_onclick_pages_give_the_following_number_and_other_scripts_nothing() -> None:
    numbers = "".join(
        f"<span onclick=\"location.href='/section/politics?page={n}'\">{n}</span>"
        for n in (1, 2, 3)
    )
    assert next_pages(page(numbers), SECTION, is_article) == [f"{SECTION}?page=2"]
    others = (
        "<button onclick=\"location.href='/weather'\">الطقس</button>"
        "<div data-next-page='2'></div>"
        "<script>var shareUrl = '/share?u=1'; var next_url = '/api/{page}';"
        " var nextUrl = '/section/politics?page=' + (n + 1);</script>"
    )
    assert next_pages(page(others), SECTION, is_article) == []


def test_a_next_link_an_over_wide_article_pattern_matches_is_still_the_next_page() -> None:
    """Pages /akhbar/2, /akhbar/3 beside articles /akhbar/48210, and a pattern '/akhbar/\\d+'
    that takes both: the link that says next and numbers this page's next is the next page;
    an article's link that says next is not (test_previous_page_and_article_links_...)."""

    def akhbar(url: str) -> bool:
        return bool(re.search(r"/akhbar/\d+", url))

    cards = "".join(f"<a href='/akhbar/{n}'>خبر</a>" for n in (48210, 48204))
    html = (
        f"<html><body>{cards}<a href='/akhbar/3'>3</a> <a href='/akhbar/2'>التالي</a></body></html>"
    )
    assert next_pages(html, "https://news.example/akhbar", akhbar) == [
        "https://news.example/akhbar/2"
    ]
    assert (
        next_pages(
            html.replace("/akhbar/2'", "/akhbar/48198'"), "https://news.example/akhbar", akhbar
        )
        == []
    )


@pytest.mark.parametrize(
    "submit",
    [
        "<input type='submit' value='الصفحة التالية'>",
        "<input type='submit' value='التالى »'>",
        "<button>Next page</button>",
        "<button type='submit'>Suivant</button>",
        "<button class='btn next-page'><i class='icon'></i></button>",
        "<input type='submit' name='go' value='»'>",
    ],
)
def test_a_get_forms_next_button_goes_where_a_browser_submits_it(submit: str) -> None:
    """An old portal's pager: hidden fields and a submit button that says next, no link. A
    browser sends the form's named fields in its order (the button's only when it has a name),
    to its action against <base href>."""
    form = (
        "<form method='get' action='section.php'><input type='hidden' name='cat' value='5'>"
        f"<input type='hidden' name='np' value='2'>{submit}</form>"
    )
    html = page(form, "<base href='https://news.example/ar/'>")
    sent = "&go=%C2%BB" if "name='go'" in submit else ""
    assert next_pages(html, "https://news.example/ar/section.php?cat=5", is_article) == [
        f"https://news.example/ar/section.php?cat=5&np=2{sent}"
    ]


def test_a_get_forms_page_field_one_past_this_page_is_its_next_page() -> None:
    """A form whose button says only "اذهب" but whose hidden page field holds this page's
    number plus one; the one holding the page before is not next. No action: the page's own
    address, its query replaced by the form's."""
    forms = "".join(
        f"<form><input type='hidden' name='cat' value='5'><input type='hidden' name='page' "
        f"value='{n}'><input type='submit' value='{word}'></form>"
        for n, word in ((2, "‹"), (4, "اذهب"))
    )
    assert next_pages(page(forms), f"{SECTION}?cat=5&page=3", is_article) == [
        f"{SECTION}?cat=5&page=4"
    ]


@pytest.mark.parametrize(
    "form",
    [
        # a search box: a field left for the reader to type into
        "<form action='/search'><input type='hidden' name='p' value='2'><input name='q'>"
        "<input type='submit' value='التالي'></form>",
        # a POST form: no address holds its next page
        "<form method='post' action='/section/politics'><input type='hidden' name='p' "
        "value='2'><input type='submit' value='التالي'></form>",
        # a newsletter's: an address to type, whatever the button says
        "<form action='/subscribe'><input type='email' name='mail'><button>المزيد</button></form>",
        # a script's button: no field, no action
        "<form><button>المزيد</button></form>",
    ],
)
def test_a_search_a_post_or_a_scripts_form_is_no_next_page(form: str) -> None:
    assert next_pages(page(form), SECTION, is_article) == []


def test_an_http_link_headers_next_page_is_the_listings_next() -> None:
    """The WordPress REST API names its next page only in the Link header (RFC 8288)."""
    from crawler.pagination import header_next_pages

    link = '<https://n.example/wp-json/wp/v2/posts?page=1>; rel="prev", <https://n.example/wp-json/wp/v2/posts?page=3>; rel="next"'
    assert header_next_pages(link, "https://n.example/wp-json/wp/v2/posts?page=2") == [
        "https://n.example/wp-json/wp/v2/posts?page=3"
    ]
    assert header_next_pages(None, "https://n.example/") == []


def test_a_json_listings_items_own_api_links_are_not_its_links() -> None:
    from crawler.jsonlisting import json_listing

    posts = [{"id": 7, "link": "https://n.example/2026/11/story-7/", "_links": {
        "self": [{"href": "https://n.example/wp-json/wp/v2/posts/7"}],
        "author": [{"href": "https://n.example/wp-json/wp/v2/users/1"}]}}]  # fmt: skip
    html = json_listing(json.dumps(posts).encode(), "https://n.example/wp-json/wp/v2/posts")
    assert html is not None and "story-7" in html and "wp-json" not in html


@pytest.mark.parametrize(
    "control",
    [
        '<button class="load-more" hx-get="/news?page=2" hx-swap="beforeend">المزيد</button>',
        '<amp-list src="/news?page=2" items="items"><template type="amp-mustache">'
        '<a href="{{url}}">{{title}}</a></template></amp-list>',
    ],
)
def test_an_htmx_button_or_an_amp_list_gives_the_url_it_loads(control: str) -> None:
    page = f"<html><body><a href='/story/1'>خبر</a>{control}</body></html>"
    assert next_pages(page, "https://n.example/news") == ["https://n.example/news?page=2"]


def test_a_pages_own_state_gives_its_stories_and_next_chunk_as_an_endpoints_answer() -> None:
    from lxml import html

    from crawler.jsonlisting import state_listing

    state = {"feed": {"items": [{"url": f"/story/{n}", "title": "خبر"} for n in range(3)],
                      "pagination": {"nextPage": "/api/feed?page=2", "hasMore": True}}}  # fmt: skip
    tree = html.fromstring(
        "<html><body><script id='__INITIAL_STATE__' type='application/json'>"
        f"{json.dumps(state)}</script></body></html>"
    )
    listing = html.fromstring(state_listing(tree))
    assert [a.get("href") for a in listing.iter("a")] == [
        *(f"/story/{n}" for n in range(3)),
        "/api/feed?page=2",
    ]
    assert next_pages(listing, "https://n.example/latest") == ["https://n.example/api/feed?page=2"]


GO_PAGE = "<script>function goPage(p){location.href='/section/politics?page='+p;}</script>"


@pytest.mark.parametrize(
    "call",
    [
        "<a href='javascript:goPage({k})'>{text}</a>",
        "<a href='#' onclick='goPage({k});return false;'>{text}</a>",
    ],
    ids=["href", "onclick"],
)
def test_a_pager_of_calls_to_the_pages_own_function_goes_where_it_builds_the_address(
    call: str,
) -> None:
    """`javascript:goPage(3)` and a script of the page's that builds the address from its
    argument: the call's number in that address, numbered or saying next."""
    numbers = " ".join(call.format(k=k, text=k) for k in (1, 3, 4))
    assert next_pages(page(GO_PAGE + numbers), f"{SECTION}?page=2", is_article) == [
        f"{SECTION}?page=3"
    ]
    said = call.format(k=3, text="التالي")
    assert next_pages(page(GO_PAGE + said), f"{SECTION}?page=2", is_article) == [
        f"{SECTION}?page=3"
    ]


def test_a_pager_of_calls_whose_function_the_page_does_not_show_is_said() -> None:
    from crawler.pagination import parse_page, scripted_pager

    calls = " ".join(f"<a href='javascript:loadPage({k})'>{k}</a>" for k in (1, 2, 3))
    tree = parse_page(page(calls + "<a href='javascript:void(0)'>2</a>"))
    assert next_pages(tree, SECTION, is_article) == []
    assert scripted_pager(tree) == "loadPage(…)"
    assert scripted_pager(parse_page(page(GO_PAGE + calls.replace("load", "go")))) is None


@pytest.mark.parametrize(
    "label",
    [
        "الأخبار السابقة",
        "أخبار سابقة",
        "مواضيع أقدم",
        "المقالات السابقة",
        "Older news",
        "Articles précédents",
        "<img src='/i/next.gif' alt='التالي'>",
        "<img src='/i/next.png' alt='الصفحة التالية'>",
    ],
)
def test_a_cursor_link_to_older_news_or_with_an_images_words_is_the_next_page(label: str) -> None:
    """ "?before=<last id>": no number tells it; its words (or its image's) do. On a listing,
    "الأخبار السابقة" is older news, the next page."""
    html = rtl_page(f"<a href='?before=2411'>{label}</a>")
    assert next_pages(html, SECTION, is_article) == [f"{SECTION}?before=2411"]


def test_the_previous_story_or_page_is_still_no_next_page() -> None:
    for label in ("السابق", "الصفحة السابقة", "Previous"):
        assert next_pages(rtl_page(f"<a href='?before=2411'>{label}</a>"), SECTION) == []


def test_a_double_arrow_is_the_next_page_only_where_no_other_link_says_next() -> None:
    """ "»»" is as often the last page: taken only where nothing else says next."""
    alone = page("<a href='?before=2411'>»»</a>")
    assert next_pages(alone, SECTION, is_article) == [f"{SECTION}?before=2411"]
    both = page("<a href='?page=2'>2</a> <a href='?page=2'>التالي</a> <a href='?page=9'>»»</a>")
    assert next_pages(both, SECTION, is_article) == [f"{SECTION}?page=2"]


def test_a_page_menu_of_the_listings_own_addresses_bound_by_a_script_is_its_pager() -> None:
    """`<select id="pageSelect">` of "?page=N" options, its change handler bound by jQuery
    (no onchange): the listing's own numbered addresses are evidence enough."""
    options = "".join(
        f"<option value='/section/politics?page={n}'>صفحة {n}</option>" for n in (1, 2, 3)
    )
    menu = f"<select id='pageSelect'>{options}</select><script>$('#pageSelect').on('change',f);</script>"
    assert next_pages(page(menu), f"{SECTION}?page=1", is_article) == [f"{SECTION}?page=2"]
    assert next_pages(page(menu), f"{SECTION}?page=3", is_article) == []


def test_a_session_token_that_changes_from_page_to_page_is_kept_but_not_told_apart() -> None:
    """vBulletin's "&s=<32 hex>", a "token=" minted per link: its links carry another value
    than the page's own address. The next page is fetched with the token, one link a page."""
    from crawler.pagination import pager_pages, parse_page, session_fields

    new, old = "4be1" * 8, "9f3c" * 8
    pager = " ".join(f"<a href='/list.php?page={k}&ctx={new}'>{k}</a>" for k in (1, 3, 4))
    pager += f" <a href='/list.php?page=3&ctx={new[::-1]}'>التالي</a>"
    tree = parse_page(page(pager))
    here = f"https://news.example/list.php?page=2&ctx={old}"
    assert session_fields(tree, here) == {"ctx"}
    assert next_pages(tree, here, is_article) == [
        f"https://news.example/list.php?page=3&ctx={new[::-1]}"
    ]
    assert len(pager_pages(tree, here)) == 4
    cursor = page(f"<a href='/list.php?cat=5&after={new[::-1]}'>التالي</a>")
    assert next_pages(cursor, f"https://news.example/list.php?cat=5&after={old}") == [
        f"https://news.example/list.php?cat=5&after={new[::-1]}"
    ]
    same = page(" ".join(f"<a href='/list.php?page={k}&date=20241130'>{k}</a>" for k in (1, 3)))
    assert (
        session_fields(parse_page(same), "https://news.example/list.php?page=2&cat=12345678")
        == set()
    )


PORTAL = "https://news.example/index.php?page=section&id=3"


@pytest.mark.parametrize(
    "handler",
    [
        "location.href='/index.php?page=section&id=3&p='+this.value",
        'window.location = "/index.php?page=section&id=3&p=" + this.options[this.selectedIndex].value',
        "location='index.php?page=section&id=3&p='+this[this.selectedIndex].value",
        "window.location.assign('/index.php?page=section&id=3&p=' + this.value)",
        "goPage(this.value)",
    ],
    ids=["href", "options", "location", "assign", "function"],
)
def test_a_page_menu_whose_handler_builds_the_address_goes_to_the_number_plus_one(
    handler: str,
) -> None:
    """An old portal's `<select onchange="location.href='/index.php?…&p='+this.value">` of
    page numbers: read as a goPage(p) function is, its value in the address it builds."""
    script = (
        "<script>function goPage(p){location.href='/index.php?page=section&id=3&p='+p;}</script>"
    )
    options = "".join(f"<option value='{n}'>صفحة {n}</option>" for n in (1, 2, 3))
    quoted = handler.replace('"', "&quot;")
    html = page(f"{script}<select name='pg' onchange=\"{quoted}\">{options}</select>")
    assert next_pages(html, PORTAL, is_article) == [f"{PORTAL}&p=2"]
    assert next_pages(html, f"{PORTAL}&p=2", is_article) == [f"{PORTAL}&p=3"]
    assert next_pages(html, f"{PORTAL}&p=3", is_article) == []


def test_a_jump_menus_addresses_are_links_and_its_page_menus_are_not() -> None:
    """`<select onchange="window.location=this.options[this.selectedIndex].value">` of the
    sections: links, as anchors would be; a menu of the listing's own pages is its pager's."""
    from crawler.pagination import menu_links, parse_page

    sections = "".join(
        f"<option value='/index.php?page=section&id={s}'>قسم {s}</option>" for s in (1, 2)
    )
    jump = (
        "<select onchange='window.location=this.options[this.selectedIndex].value'>"
        f"<option value=''>الأقسام</option>{sections}</select>"
    )
    pages = "".join(f"<option value='{n}'>{n}</option>" for n in (1, 2))
    pager = f"<select onchange=\"location.href='{PORTAL}&p='+this.value\">{pages}</select>"
    tree = parse_page(page(jump + pager))
    assert menu_links(tree, PORTAL) == [
        "https://news.example/index.php?page=section&id=1",
        "https://news.example/index.php?page=section&id=2",
    ]
    # Bound by a script: its options' addresses are still where it goes; a form's lone
    # address sent as a value is not.
    bound = jump.replace(" onchange='window.location=this.options[this.selectedIndex].value'", "")
    assert len(menu_links(parse_page(page(bound)), PORTAL)) == 2
    lone = "<form><select name='ref'><option value='/about'>x</option></select></form>"
    assert menu_links(parse_page(page(lone)), PORTAL) == []


def test_a_page_menu_whose_handler_is_not_read_is_said() -> None:
    """A menu of page numbers whose handler is a script the page does not show: said
    (pager_not_followed), as a goPage call's is; one that is read, or a GET form's, is not."""
    from crawler.pagination import parse_page, scripted_pager

    options = "".join(f"<option value='{n}'>{n}</option>" for n in (1, 2, 3))
    unread = page(f"<select onchange='changePage(this)'>{options}</select>")
    assert scripted_pager(parse_page(unread)) == "page menu (changePage(this))"
    read = page(f"<select onchange=\"location.href='?p='+this.value\">{options}</select>")
    assert scripted_pager(parse_page(read)) is None
    sent = page(f"<form action='/s'><select name='page'>{options}</select></form>")
    assert scripted_pager(parse_page(sent)) is None
    years = "".join(f"<option value='{y}'>{y}</option>" for y in (2023, 2024))
    assert scripted_pager(parse_page(page(f"<select onchange='f(this)'>{years}</select>"))) is None
