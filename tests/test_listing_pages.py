"""A page a loose article pattern lets in that is a listing (a search's results, a section,
a writer's articles: linked headlines over their excerpts) is no article; an article whose
related links stayed in its text after it is one."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from crawler.extract import Extracted, ExtractFailure, extract
from tests.conftest import arshif
from tests.localsite import Site, serving

HEAD = "<html lang='ar'><head><meta charset='utf-8'><title>{title}</title></head><body>"
STORIES = [
    ("ارتفاع صادرات الأسمدة إلى الهند بنسبة عشرين في المئة",
     "ارتفعت صادرات المملكة من الأسمدة إلى السوق الهندية خلال الأشهر العشرة الأولى من العام."),
    ("البنك المركزي يبقي أسعار الفائدة دون تغيير للمرة الثالثة",
     "قرر البنك المركزي الإبقاء على أسعار الفائدة الرئيسية دون تغيير في اجتماعه الدوري أمس."),
    ("افتتاح معرض الصناعات الغذائية بمشاركة مئتي شركة",
     "افتتح وزير الصناعة معرض الصناعات الغذائية الذي يشارك فيه مئتا شركة من عشرين دولة."),
    ("تراجع أسعار الذهب في السوق المحلية مع ارتفاع الدولار",
     "تراجعت أسعار الذهب في السوق المحلية اليوم متأثرة بارتفاع سعر صرف الدولار عالميا."),
]  # fmt: skip
PARAGRAPHS = [
    "أعلنت وزارة الاقتصاد اليوم عن حزمة من الإجراءات لدعم المصدرين في القطاع الصناعي، تشمل"
    " تخفيض رسوم التصدير وتسريع إجراءات التخليص الجمركي في الموانئ والمعابر الحدودية.",
    "وقال الوزير في مؤتمر صحفي إن الحزمة تهدف إلى رفع قيمة الصادرات الصناعية بنسبة عشرة في"
    " المئة خلال العام المقبل، وإلى فتح أسواق جديدة في أفريقيا وآسيا الوسطى.",
]


def _teasers(n: int = 4) -> str:
    return "".join(
        f"<div class='card'><a href='/news/{k}/x'><img src='/i/{k}.jpg'></a><h3>"
        f"<a href='/news/{k}/x'>{h}</a></h3><p>{e}</p><span class='d'>الخميس 3 ديسمبر 2026</span>"
        "</div>"
        for k, (h, e) in enumerate(STORIES[:n], 100)
    )


def test_listings_an_article_pattern_lets_in_are_not_archived_and_articles_with_related_links_are(
    tmp_path: Path,
) -> None:
    related = "".join(f"<p><a href='/news/{k}/y'>{h}</a></p>" for k, (h, _) in enumerate(STORIES))
    pages = {
        "/news/search?q=x": HEAD.format(title="نتائج البحث عن: الصادرات")
        + f"<h1>نتائج البحث عن: الصادرات</h1><p>تم العثور على 4 نتائج</p>{_teasers()}",
        "/news/section/economy": HEAD.format(title="اقتصاد - الأفق")
        + f"<h1>اقتصاد</h1>{_teasers()}",
        "/news/writer/salem": HEAD.format(title="سالم النعيمي")
        + "<h1>سالم النعيمي</h1><p>صحفي متخصص في الشؤون المصرفية والمالية، عمل في عدة صحف."
        f"</p><h2>مقالات الكاتب</h2>{_teasers()}",
        # a roundup: linked headlines, each over its summary and more
        "/news/2/bulletin": HEAD.format(title="النشرة الاقتصادية الصباحية")
        + "<h1>النشرة الاقتصادية الصباحية</h1><article><p>ترصد النشرة الصباحية أبرز الأخبار"
        " الاقتصادية التي حظيت باهتمام القراء خلال الساعات الماضية، وإليكم التفاصيل.</p>"
        + "".join(
            f"<h3><a href='/news/{k}/z'>{h}</a></h3><p>{e}</p><p>{PARAGRAPHS[k % 2]}</p>"
            for k, (h, e) in enumerate(STORIES[:3])
        )
        + "</article>",
        "/news/1/support": HEAD.format(title="حزمة إجراءات لدعم المصدرين")
        + "<h1>حزمة إجراءات لدعم المصدرين</h1><article>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + related  # left in its text: after it
        + "</article>",
    }
    titles, errors = _crawl(tmp_path, pages, "/news/")
    assert titles == ["النشرة الاقتصادية الصباحية", "حزمة إجراءات لدعم المصدرين"], errors
    listings = [p for p in pages if "support" not in p and "bulletin" not in p]
    assert {errors.get(path) for path in listings} == {"extract_listing"}, errors


def test_a_listicle_whose_sections_open_with_linked_headings_is_no_listing() -> None:
    """Its sections stand in the article's own flow; a listing's teasers each in a card."""
    from crawler.extract import Extracted, extract

    sections = "".join(
        f"<h2><a href='/tag/{k}'>{h}</a></h2><p>{e} {PARAGRAPHS[k % 2]}</p>"
        for k, (h, e) in enumerate(STORIES)
    )
    page = HEAD.format(title="أبرز أخبار الاقتصاد هذا الأسبوع") + (
        f"<article><h1>أبرز أخبار الاقتصاد هذا الأسبوع</h1><p>{PARAGRAPHS[0]}</p>{sections}"
        "</article></body></html>"
    )
    result = extract(page.encode(), "https://news.example/news/7/week", "text/html")
    assert isinstance(result, Extracted) and not result.teasers, result


def _extracted(body: str, title: str = "أخبار محلية") -> object:
    from crawler.extract import extract

    page = HEAD.format(title=title) + body + "</body></html>"
    return extract(page.encode(), "https://news.example/news/section/7", "text/html")


CARDS = {
    "a date between headline and excerpt": lambda k, h, e: (
        f"<div class='card'><a href='/news/{k}'><img src='/i.jpg'></a>"
        f"<h3><a href='/news/{k}'>{h}</a></h3><span class='date'>3 نوفمبر 2026</span><p>{e}</p></div>"
    ),
    "WordPress's archive: the excerpt in a box": lambda k, h, e: (
        f"<article class='post'><h2 class='entry-title'><a href='/news/{k}'>{h}</a></h2>"
        f"<div class='entry-summary'><p>{e}</p></div><a class='more-link'>اقرأ المزيد</a></article>"
    ),
}


def test_teasers_in_cards_of_any_shape_make_a_listing() -> None:
    for shape, card in CARDS.items():
        cards = "".join(card(k, h, e) for k, (h, e) in enumerate(STORIES, 100))
        result = _extracted(f"<main><h1>أخبار محلية</h1>{cards}</main>")
        assert getattr(result, "teasers", None), shape


def test_a_home_pages_lead_story_alone_in_the_text_is_a_listing() -> None:
    (h, e), links = (
        STORIES[0],
        "".join(f"<li><a href='/n/{k}'>{h}</a></li>" for k, (h, _) in enumerate(STORIES)),
    )
    body = f"<section class='featured'><h2><a href='/news/1'>{h}</a></h2><p>{e} {PARAGRAPHS[0]}</p></section>"
    result = _extracted(
        f"<main>{body}<section><h2>آخر الأخبار</h2><ul>{links}</ul></section></main>", "الرئيسية"
    )
    assert getattr(result, "teasers", None), result


def test_an_article_under_its_headline_linked_to_itself_is_no_listing() -> None:
    h, e = STORIES[0]
    own = f"<article><h1><a href='/news/1'>{h}</a></h1><div class='body'><p>{e}</p>"
    for paragraphs in ([PARAGRAPHS[0]], PARAGRAPHS):
        body = own + "".join(f"<p>{p}</p>" for p in paragraphs) + "</div></article>"
        related = "".join(
            CARDS["WordPress's archive: the excerpt in a box"](k, *s)
            for k, s in enumerate(STORIES[1:3])
        )
        result = _extracted(body + f"<aside>{related}</aside>", h)
        assert getattr(result, "text", None) and not result.teasers, result


def test_a_flash_under_its_own_linked_headline_is_no_listing() -> None:
    """No <h1>: its headline a link to itself in an <h2>, one paragraph under it."""
    h, e = STORIES[1]
    body = f"<article><h2><a href='/news/1'>{h}</a></h2><p>{e} {PARAGRAPHS[1]}</p></article>"
    result = _extracted(body, f"{h} - الأفق")
    assert getattr(result, "text", None) and not result.teasers, result


def test_a_section_whose_headlines_carry_their_dates_on_their_lines_is_a_listing() -> None:
    """One featured story with its excerpt, then headlines each with its date beside it on
    one line: archived as an article, dated from a teaser (the lines were not the links'
    whole text)."""
    (h, e), rest = STORIES[0], STORIES[1:]
    for when in ("2026-11-{:02d}", "منذ {} ساعات"):
        items = "".join(
            f"<li><a href='/n/{k}'>{headline}</a> <span class='d'>{when.format(k + 20)}</span></li>"
            for k, (headline, _) in enumerate(rest)
        )
        featured = (
            f"<div class='featured'><a href='/news/1'><h2>{h}</h2></a>"
            f"<p class='excerpt'>{e} {PARAGRAPHS[0]}</p></div>"
        )
        result = _extracted(f"<main><h1>ثقافة وفنون</h1>{featured}<ul>{items}</ul></main>")
        assert getattr(result, "teasers", None), (when, result)


# CMS listings a loose pattern (/20\d\d/\d\d/, /\d+/$) lets in, as their themes render them.
def _jannah_month() -> str:
    """WordPress (Jannah): the month's archive, an excerpt and "أكمل القراءة »" per post."""
    items = "".join(
        f"<li class='post-item'><a class='post-thumb' href='/2026/11/{k}/s/'><img src='/t.jpg'></a>"
        f"<div class='post-details'><div class='post-meta'><span class='date'>3 نوفمبر 2026</span>"
        f"</div><h2 class='post-title'><a href='/2026/11/{k}/s/'>{h}</a></h2>"
        f"<p class='post-excerpt'>{e[:60]}…</p><a class='more-link' href='/2026/11/{k}/s/'>"
        "أكمل القراءة »</a></div></li>"
        for k, (h, e) in enumerate((STORIES * 3)[:9], 10)
    )
    menu = "".join(f"<li><a href='/category/{k}/'>{c}</a></li>" for k, c in enumerate(_MENU))
    head = HEAD.format(title="نوفمبر 2026 - الأفق")
    return head.replace("<body>", "<body class='rtl archive date'>") + (
        f"<nav id='main-nav'><ul class='menu'>{menu}</ul></nav><div class='main-content'>"
        "<header class='entry-header-outer'><h1 class='page-title'>الأرشيف الشهري: <span>"
        "نوفمبر 2026</span></h1></header><div class='mag-box'><div class='container-wrapper'>"
        f"<ul id='posts-container' class='posts-items'>{items}</ul></div></div></div>"
    )


_MENU = ("أخبار محلية", "اقتصاد", "رياضة", "مقالات")


def _blogger_month() -> str:
    """Blogger: the month's posts whole, each under its date and its linked headline; the
    page titled by the first date header."""
    posts = "".join(
        f"<div class='date-outer'><h2 class='date-header'><span>الثلاثاء، {k} نوفمبر 2026</span>"
        f"</h2><div class='post-outer'><div class='post hentry' itemprop='blogPost' itemscope"
        " itemtype='http://schema.org/BlogPosting'><h3 class='post-title entry-title'>"
        f"<a href='/2026/11/blog-post_{k}.html'>{h}</a></h3><div class='post-body entry-content'"
        f" itemprop='description articleBody'><div dir='rtl'>{e} {PARAGRAPHS[k % 2]}<br><br>"
        f"{STORIES[k - 9][1]} {PARAGRAPHS[(k + 1) % 2]}<br><br></div></div><div class='post-footer'>بقلم"
        f" <span class='fn'>سالم النعيمي</span></div></div></div></div>"
        for k, (h, e) in enumerate(STORIES[:3], 10)
    )
    head = HEAD.format(title="الثلاثاء، 10 نوفمبر 2026").replace("<body>", "<body class='loading'>")
    return head + f"<div class='blog-posts hfeed'>{posts}</div>"


def _k2_tag() -> str:
    """Joomla K2: a tag's items, each its headline and intro over "اقرأ المزيد..."."""
    items = "".join(
        f"<div class='itemContainer'><div class='catItemView'><div class='catItemHeader'><span>"
        f"الأحد, 1 تشرين2/نوفمبر 2026</span><h3 class='catItemTitle'><a href='/news/item/{k}-s'>"
        f"{h}</a></h3></div><div class='catItemBody'><p>{e} {PARAGRAPHS[k % 2]}</p></div></div>"
        f"<div class='catItemReadMore'><a href='/news/item/{k}-s'>اقرأ المزيد...</a></div></div>"
        for k, (h, e) in enumerate(STORIES)
    )
    head = HEAD.format(title="عرض العناصر حسب العلامة: الحكومة")
    return head.replace("<body>", "<body class='site com_k2 view-itemlist'>") + (
        f"<div id='k2Container' class='tagView'>{items}<p class='counter'>صفحة 1 من 3</p></div>"
    )


def _tagdiv_page_2() -> str:
    """tagDiv (Newspaper): a category's second page, one teaser's excerpt left in its text."""
    cards = "".join(
        f"<div class='td_module_10'><div class='td-module-thumb'><a href='/politics/{k}/'>"
        f"<img src='/t.jpg'></a></div><div class='item-details'><h3 class='entry-title'>"
        f"<a href='/politics/{k}/'>{h}</a></h3><div class='td-excerpt'>{e}</div></div></div>"
        for k, (h, e) in enumerate(STORIES, 31003)
    )
    head = HEAD.format(title="سياسة - صفحة 2 من 14 - الأفق").replace(
        "<body>", "<body class='rtl archive category category-politics paged-2'>"
    )
    return head + (
        "<link rel='prev' href='/politics/'><h1 class='entry-title'>سياسة</h1>"
        f"<div class='td-ss-main-content'>{cards}</div><div class='page-nav'><a href='/politics/'>"
        "1</a><span class='current'>2</span><a href='/politics/page/3/'>3</a></div>"
    )


def _wordpress_post_with_related_cards() -> str:
    """An article whose theme adds "blog" to the body, its related posts' cards under it."""
    related = "".join(CARDS["WordPress's archive: the excerpt in a box"](k, h, e)
                      for k, (h, e) in enumerate(STORIES[1:], 20))  # fmt: skip
    head = HEAD.format(title="حزمة إجراءات لدعم المصدرين").replace(
        "<body>", "<body class='post-template-default single single-post postid-9 blog'>"
    )
    return head + (
        "<article class='post hentry'><h1 class='entry-title'>حزمة إجراءات لدعم المصدرين</h1>"
        f"<div class='entry-content'><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p></div></article>"
        f"<section class='related'><h2>مقالات ذات صلة</h2>{related}</section>"
    )


def _live_blog() -> str:
    """A live report: many timed entries, each under a heading linked to its own anchor."""
    entries = "".join(
        f"<article class='liveblog-entry' id='e{k}'><h3><a href='#e{k}'>{h}</a></h3>"
        f"<time>1{k}:00</time><p>{e} {PARAGRAPHS[k % 2]}</p></article>"
        for k, (h, e) in enumerate(STORIES * 2)
    )
    head = HEAD.format(title="تغطية مباشرة: اجتماع البنك المركزي")
    return (
        head + f"<h1>تغطية مباشرة: اجتماع البنك المركزي</h1><div class='liveblog'>{entries}</div>"
    )


def _blogger_post() -> str:
    """Blogger: one post, its headline linked to itself, the blog's popular posts beside it."""
    (h, e), popular = (
        STORIES[0],
        "".join(
            f"<li><h3><a href='/2026/10/p{k}.html'>{t}</a></h3><p>{x}</p></li>"
            for k, (t, x) in enumerate(STORIES[1:])
        ),
    )
    return HEAD.format(title=f"{h} - أخبار الجنوب") + (
        f"<div class='post-outer'><div class='post hentry'><h3 class='post-title'>"
        f"<a href='/2026/11/blog-post_1.html'>{h}</a></h3><div class='post-body'>{e} "
        f"{PARAGRAPHS[0]}<br><br>{PARAGRAPHS[1]}</div></div></div>"
        f"<div class='widget PopularPosts'><ul>{popular}</ul></div>"
    )


def _crawl(tmp_path: Path, pages: dict[str, str], pattern: str) -> tuple[list[str], dict]:
    """Crawl the pages linked from a home page: the archived titles, the errors by URL."""
    with serving(Site()) as site:
        links = "".join(f"<a href='{path}'>{path}</a> " for path in pages)
        site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
        for path, page in pages.items():
            site.pages[path] = ("text/html; charset=utf-8", page + "</body></html>")
        (tmp_path / "sources.toml").write_text(
            f'[sources.local]\nname = "local"\nstart_urls = ["{site.base}/"]\n'
            f"article_url_pattern = '{pattern}'\ndownload_delay = 0\nmax_depth = 1\n",
            encoding="utf-8",
        )
        arshif("crawl", cwd=tmp_path)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        titles = sorted(row[0] for row in conn.execute("SELECT title FROM articles"))
        errors = {url.removeprefix(site.base): kind for url, kind in
                  conn.execute("SELECT url, kind FROM run_errors")}  # fmt: skip
    return titles, errors


def test_cms_listings_a_loose_pattern_lets_in_are_not_archived_and_posts_beside_cards_are(
    tmp_path: Path,
) -> None:
    """A month's archive (WordPress, Blogger), a tag's items (Joomla K2), a category's second
    page (tagDiv): none is an article. An article with its related posts' cards, a live
    report's entries and a blog's post beside its popular posts are."""
    listings = {
        "/2026/11/": _jannah_month(),
        "/2026/10/": _blogger_month(),
        "/news/itemlist/tag/x/2026/11/": _k2_tag(),
        "/politics/page/2/": _tagdiv_page_2(),
    }
    articles = {
        "/2026/11/9/support/": _wordpress_post_with_related_cards(),
        "/2026/11/live/": _live_blog(),
        "/2026/11/blog-post_1.html": _blogger_post(),
    }
    titles, errors = _crawl(tmp_path, listings | articles, r"/2026/\d\d/|/\d+/$")
    assert titles == sorted(
        ["حزمة إجراءات لدعم المصدرين", "تغطية مباشرة: اجتماع البنك المركزي", STORIES[0][0]]
    ), errors
    assert {path: errors.get(path) for path in listings} == dict.fromkeys(
        listings, "extract_listing"
    )


@pytest.mark.parametrize("page", [_jannah_month, _blogger_month, _k2_tag, _tagdiv_page_2])
def test_a_listing_whose_theme_names_nothing_in_its_body_is_still_no_article(
    page: Callable[[], str],
) -> None:
    """Without the body's classes: its posts each in a block under its own linked headline,
    or a title that is a page's number, say it."""
    from crawler.extract import ExtractFailure, extract

    body = re.sub(r"<body class='[^']*'>", "<body>", page()) + "</body></html>"
    result = extract(body.encode(), "https://news.example/2026/11/", "text/html; charset=utf-8")
    assert isinstance(result, ExtractFailure) and result.kind == "listing", result


def test_a_live_reports_entries_under_headings_linked_to_their_anchors_are_no_listing() -> None:
    """Each entry's heading links to its place on the page: no other story's headline."""
    from crawler.extract import Extracted, extract

    page = _live_blog() + "</body></html>"
    result = extract(page.encode(), "https://news.example/2026/11/live/", "text/html")
    assert isinstance(result, Extracted) and not result.teasers, result


@pytest.mark.parametrize(
    ("body_class", "listing"),
    [
        ("rtl archive category category-politics paged-2", True),
        ("archive tag tag-economy", True),
        ("archive author author-salem", True),
        ("archive tax-region term-gulf", True),
        ("search search-results", True),
        ("home blog", True),
        ("html not-front page-taxonomy-term", True),
        ("site com_content view-category", True),
        # an article's, whatever its theme adds; and a class any site may use for itself
        ("post-template-default single single-post postid-9 blog", False),
        ("archive", False),
        ("site com_content view-article", False),
    ],
)
def test_a_page_whose_body_names_a_cms_listing_is_no_article(
    body_class: str, listing: bool
) -> None:
    """The section's intro over one story's excerpt left in the text (a later page's last
    teaser): the body's classes say what the page is."""
    from crawler.extract import ExtractFailure, extract

    page = HEAD.format(title="سياسة - الأفق").replace("<body>", f"<body class='{body_class}'>")
    page += f"<h1>سياسة</h1><div class='td-excerpt'><p>{PARAGRAPHS[0]}</p></div></body></html>"
    result = extract(page.encode(), "https://news.example/politics/31003/", "text/html")
    assert isinstance(result, ExtractFailure) == listing, result
    assert not listing or result.kind == "listing", result


def _static_page(body_class: str, title: str, data: str = "", byline: str = "") -> str:
    """A CMS's page in the article's address shape: the site's own words, no article."""
    return (
        HEAD.format(title=f"{title} - الأفق").replace("</head>", f"{data}</head>")
        .replace("<body>", f"<body class='{body_class}'>")
        + f"<div class='content'><h1>{title}</h1>{byline}<p>{PARAGRAPHS[0]}</p>"
        f"<p>{PARAGRAPHS[1]}</p></div>"
    )  # fmt: skip


WEB_PAGE = (
    '<script type=\'application/ld+json\'>{"@context": "https://schema.org", "@graph": '
    '[{"@type": "WebPage", "name": "من نحن", "datePublished": "2019-05-01"}]}</script>'
)
NEWS_ARTICLE = WEB_PAGE.replace("WebPage", "NewsArticle")


def test_a_cms_static_page_in_the_article_shape_is_not_archived_and_articles_set_as_pages_are(
    tmp_path: Path,
) -> None:
    """WordPress's page (page page-id-N, a WebPage in its data) and Drupal's basic page
    (node-type-page) are the site's own: about us, contact. A Drupal article, and a page
    the site names an article in its data or signs, are articles."""
    pages = {
        "/about-us/": _static_page("page-template-default page page-id-2", "من نحن", WEB_PAGE),
        "/node/12": _static_page("html not-front page-node node-type-page", "اتصل بنا"),
    }
    articles = {
        "/node/13": _static_page("html page-node node-type-article", STORIES[0][0]),
        "/opinion-piece/": _static_page("page page-id-7", STORIES[1][0], NEWS_ARTICLE),
        "/node/14": _static_page(
            "page-node node-type-page",
            STORIES[2][0],
            byline="<p class='author'>بقلم: سالم النعيمي</p>",
        ),
    }
    titles, errors = _crawl(tmp_path, pages | articles, r"/node/\d+|/[a-z-]+/$")
    assert titles == sorted(h for h, _ in STORIES[:3]), errors
    assert {path: errors.get(path) for path in pages} == dict.fromkeys(pages, "extract_site_page")


@pytest.mark.parametrize(
    "link",
    [
        "<h2 class='cat'><a href='/category/economy/'>اقتصاد</a></h2>",  # its section's label
        "<h4 class='byline'><a href='/writer/12'>سعاد الخطيب</a></h4>",  # its writer's page
    ],
)
@pytest.mark.parametrize("read_also", [False, True])
def test_an_article_whose_container_holds_a_linked_heading_beside_cards_of_its_shape_is_one(
    link: str, read_also: bool
) -> None:
    """Not a WordPress single (no body class says it): a heading's link in the article's own
    container (a section label, a byline, a read-also line) grew a post's block over the whole
    article, and cards of the article's own shape below made it a listing of posts."""
    from crawler.extract import Extracted, extract

    title = "حزمة إجراءات حكومية جديدة لدعم المصدرين"
    also = "<h4><a href='/2026/11/8/other/'>اقرأ أيضا: ارتفاع الصادرات الزراعية</a></h4>"
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    cards = "".join(
        f"<article class='post'><h3><a href='/2026/11/{k}/story/'>{h}</a></h3><p>{e}</p></article>"
        for k, (h, e) in enumerate(STORIES[:3])
    )
    page = HEAD.format(title=title) + (
        f"<main><article class='post'>{link}<h1>{title}</h1>{body}{also if read_also else ''}"
        f"<p>{PARAGRAPHS[0]}</p></article><section class='related'>{cards}</section></main>"
        "</body></html>"
    )
    result = extract(page.encode(), "https://news.example/2026/11/10/support/", "text/html")
    assert isinstance(result, Extracted), result


@pytest.mark.parametrize(
    "title",
    [
        "من نحن",
        "اتصل بنا",
        "سياسة الخصوصية",
        "أعلن معنا",
        "About us",
        "Contact",
        "Mentions légales",
    ],
)
def test_a_slug_sites_own_page_is_known_by_its_title_when_it_is_undated_and_unsigned(
    title: str,
) -> None:
    """A site of bare slugs ("/about/", "/contact/") on no CMS whose classes say so: its own
    pages passed for articles. Dated or signed, a page of such a title is a story."""
    page = _static_page("", title)
    result = extract(page.encode(), "https://news.example/about/", "text/html")
    assert isinstance(result, ExtractFailure) and result.kind == "site_page", result
    dated = page.replace("<h1>", "<time datetime='2026-11-30T10:00:00+03:00'></time><h1>")
    assert isinstance(
        extract(dated.encode(), "https://news.example/about/", "text/html"), Extracted
    )
    signed = _static_page("", title, byline="<p class='author'>بقلم: سالم النعيمي</p>")
    assert isinstance(
        extract(signed.encode(), "https://news.example/about/", "text/html"), Extracted
    )


@pytest.mark.parametrize("og_type", ["website", "article"])
def test_a_site_page_dated_only_by_its_webpage_data_is_known_by_its_title_when_it_says_website(
    og_type: str,
) -> None:
    """A custom CMS's contact page: its data a WebPage with the template's datePublished,
    og:type website. That date is the page's, no story's: the page is the site's own. Typed
    an article, the page's date stands and the page is a story."""
    data = WEB_PAGE.replace("من نحن", "اتصل بنا") + (
        f"<meta property='og:type' content='{og_type}'>"
    )
    page = _static_page("", "اتصل بنا", data=data)
    result = extract(page.encode(), "https://news.example/news/8194", "text/html")
    if og_type == "website":
        assert isinstance(result, ExtractFailure) and result.kind == "site_page", result
    else:
        assert isinstance(result, Extracted), result


def _service_page(title: str, body: str, og_type: str = "website", date: str = "") -> str:
    """A portal's page of figures: rates, prices, the weather, in a box no name tells."""
    rows = "".join(
        f"<tr><td>{name}</td><td>{buy}</td><td>{sell}</td></tr>"
        for name, buy, sell in [("الدولار الأمريكي", "0.709", "0.712"), ("اليورو", "0.768",
                                "0.774"), ("الجنيه الإسترليني", "0.901", "0.910")]
    )  # fmt: skip
    stamp = f"<time datetime='{date}'>{date[:10]}</time>" if date else ""
    return (
        f"<html lang='ar'><head><meta charset='utf-8'><title>{title} | الأفق نيوز</title>"
        f"<meta property='og:type' content='{og_type}'></head><body><header><nav>"
        "<a href='/'>الرئيسية</a> <a href='/rates/today'>أسعار العملات</a></nav></header>"
        f"<main><h1>{title}</h1>{stamp}<div class='box'>{body}<table><tr><th>العملة</th>"
        f"<th>شراء</th><th>بيع</th></tr>{rows}</table></div></main>"
        "<footer>جميع الحقوق محفوظة © 2025 الأفق نيوز</footer></body></html>"
    )


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("أسعار العملات", ""),
        ("أسعار الذهب", "<h2>أسعار الذهب اليوم</h2>"),
        ("مواقيت الصلاة", "<p>المواقيت حسب توقيت مدينة عمان وضواحيها.</p>"),  # a short note
    ],
)
def test_an_undated_unsigned_website_page_of_tables_only_is_a_service_page(
    title: str, body: str
) -> None:
    """Today's rates at an address the article pattern takes: as an article it had no date
    and each re-check stored a version as the figures moved."""
    page = _service_page(title, body)
    result = extract(page.encode(), "https://news.example/rates/today", "text/html")
    assert isinstance(result, ExtractFailure) and result.kind == "site_page", result


@pytest.mark.parametrize(
    ("body", "og_type", "date"),
    [
        ("<p>استقرت أسعار صرف العملات الأجنبية مقابل الدينار الأردني اليوم الإثنين وفق نشرة"
         " البنك المركزي.</p>", "article", "2025-03-24T09:00:00+03:00"),  # the day's story
        ("", "website", "2025-03-24T09:00:00+03:00"),  # dated: a story of figures
        ("<p>استقرت أسعار صرف العملات الأجنبية مقابل الدينار الأردني اليوم وفق نشرة البنك"
         " المركزي الصادرة صباحا.</p>", "website", ""),  # a paragraph of prose says more
    ],
)  # fmt: skip
def test_a_table_of_rates_with_a_date_or_a_paragraph_of_prose_is_an_article(
    body: str, og_type: str, date: str
) -> None:
    page = _service_page("أسعار العملات في الأردن اليوم الإثنين", body, og_type, date)
    result = extract(page.encode(), "https://news.example/news/9001", "text/html")
    assert isinstance(result, Extracted) and "اليورو | 0.768 | 0.774" in result.text, result


@pytest.mark.parametrize(
    "title",
    ["Jobs - US economy adds 200,000 jobs", "وظائف | الحكومة تعلن عن 5000 وظيفة جديدة"],
)
def test_a_headline_that_opens_with_a_site_pages_word_is_a_story(title: str) -> None:
    page = _static_page("", title)
    assert isinstance(extract(page.encode(), "https://news.example/jobs-report/", "text/html"),
                      Extracted)  # fmt: skip
