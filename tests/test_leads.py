"""A lead set above the article's body container, and a note just below it, are text: in
page order, once (crawler.extract.leads)."""

from __future__ import annotations

import pytest

from crawler.extract import Extracted, extract
from tests.test_main_text import BODY

LEAD = (
    "أكدت وزارة الصحة أن الوضع الوبائي تحت السيطرة رغم ارتفاع عدد الإصابات الجديدة خلال "
    "الأيام الثلاثة الماضية في عدد من المحافظات."
)
NOTE = "تحديث: أعلنت السلطات لاحقا عن تفاصيل إضافية بشأن الحالات الجديدة وعدد المخالطين في المنطقة."


def lines(article: str) -> list[str]:
    page = (
        "<html lang='ar'><head><meta charset='utf-8'><title>خبر</title></head><body>"
        "<header><nav><a href='/'>الرئيسية</a> <a href='/s'>سياسة</a></nav></header>"
        f"<main><article class='main'><h1>وزارة الصحة تعلن تسجيل حالات جديدة</h1>"
        f"<div class='date'>10 نوفمبر 2026</div>{article}</article></main>"
        "<footer><p>جميع الحقوق محفوظة</p></footer></body></html>"
    )
    result = extract(page.encode(), "https://news.example/news/1", "text/html; charset=utf-8")
    assert isinstance(result, Extracted), result
    return result.text.split("\n")


def body(*extra: str) -> str:
    return (
        "<div class='article-body'>"
        + "".join(f"<p>{p}</p>" for p in BODY)
        + "".join(extra)
        + "</div>"
    )


@pytest.mark.parametrize(
    "lead",
    [
        f"<p class='lead'><strong>{LEAD}</strong></p>",
        f"<div class='summary'><p>{LEAD}</p></div>",
        f"<div class='article-intro'>{LEAD}</div>",
        f"<h2 class='excerpt'>{LEAD}</h2>",
        f"<p>{LEAD}</p>",  # a plain paragraph between the headline and the body
        f"<p class='chapeau'>{LEAD}</p>",  # French sites' lead
        f"<div class='story__standfirst'>{LEAD}</div><figure><img src='/a.jpg'>"
        "<figcaption>من الأرشيف</figcaption></figure>",
    ],
)
def test_a_lead_above_the_body_container_opens_the_text(lead: str) -> None:
    assert lines(lead + body()) == [LEAD, *BODY]


def test_a_note_below_the_body_container_inside_the_article_closes_the_text() -> None:
    assert lines(body() + f"<p>{NOTE}</p>") == [*BODY, NOTE]


CORRECTION = (
    "ذكرت نسخة سابقة من هذا الخبر أن عدد الإصابات بلغ ثلاثين حالة، والصحيح أنه ثلاث عشرة حالة."
)


@pytest.mark.parametrize(
    "aside",
    [
        f"<aside class='correction'><strong>تصحيح:</strong> {CORRECTION}</aside>",
        f"<aside class='correction'><p><strong>تصحيح:</strong> {CORRECTION}</p></aside>",
        f"<aside><p>تصحيح: {CORRECTION}</p></aside>",
        f"<aside class='note'><b>Correction :</b> {CORRECTION}</aside>",
    ],
)
def test_a_labelled_note_in_an_aside_below_the_body_container_closes_the_text(
    aside: str,
) -> None:
    """trafilatura drops every <aside>: the correction note was lost."""
    note = lines(body() + aside)[-1]
    assert lines(body() + aside)[:-1] == BODY and note.endswith(CORRECTION)
    assert note.split(CORRECTION)[0].strip() in ("تصحيح:", "Correction :")


def test_an_aside_below_the_body_that_is_no_labelled_note_stays_out() -> None:
    """A bio (however it opens), a box of links: not the story's."""
    bio = "كاتب وصحفي يعمل في الصحافة منذ عشرين عاما وله مقالات كثيرة في الشؤون السياسية."
    for aside in (
        f"<aside><p>سامر العلي {bio}</p></aside>",
        f"<aside class='author-bio'><p>الكاتب: سامر العلي، {bio}</p></aside>",
        f"<aside><p>اقرأ أيضا: <a href='/news/2'>{CORRECTION}</a></p></aside>",
    ):
        assert lines(body() + aside) == BODY


def test_a_summary_that_repeats_the_first_paragraph_is_not_read_twice() -> None:
    assert lines(f"<p class='summary'>{BODY[0]}</p>" + body()) == BODY


def test_boxes_and_short_lines_beside_the_body_stay_out() -> None:
    around = (
        "<div class='share'><a href='/fb'>فيسبوك</a> <a href='/tw'>تويتر</a></div>"
        "<p>المصدر: وكالات</p>"
    )
    after = (
        "<p class='author-bio'>كاتب وصحفي يعمل في الصحافة منذ عشرين عاما وله مقالات كثيرة في"
        " الشؤون السياسية والاقتصادية.</p>"
    )
    assert lines(around + body() + after) == BODY


def in_header(header: str) -> list[str]:
    page = (
        "<html lang='ar'><head><meta charset='utf-8'><title>خبر</title></head><body>"
        "<header class='site'><nav><a href='/'>الرئيسية</a></nav></header><main><article>"
        f"<header>{header}</header><figure><img src='/a.jpg'></figure>{body()}</article></main>"
        "</body></html>"
    )
    result = extract(page.encode(), "https://news.example/news/1", "text/html; charset=utf-8")
    assert isinstance(result, Extracted), result
    return result.text.split("\n")


HEADLINE = "<h1>وزارة الصحة تعلن تسجيل حالات جديدة</h1>"


@pytest.mark.parametrize(
    "lead",
    [
        f"<p class='teaser-text'>{LEAD}</p>",  # DW's: trafilatura drops it by its class
        f"<div class='article__summary'>{LEAD}</div>",
    ],
)
def test_a_lead_under_the_headline_in_the_articles_header_opens_the_text(lead: str) -> None:
    byline = "<div class='meta'><span>بقلم: أحمد علي</span> <time>10.11.2026</time></div>"
    assert in_header(HEADLINE + lead + byline) == [LEAD, *BODY]


def test_a_teaser_linked_elsewhere_in_the_header_stays_out() -> None:
    other = f"<p class='teaser'><a href='/news/2'>{LEAD}</a></p>"
    kicker = f"<p class='teaser-text'>{LEAD}</p>"  # above the headline: not the story's lead
    assert in_header(kicker + HEADLINE + other) == BODY


def test_a_classed_paragraph_above_the_body_is_the_lead_when_the_bodys_paragraphs_wear_its_class() -> (
    None
):
    classed = "<div class='article-body'>" + "".join(f"<p class='txt'>{p}</p>" for p in BODY)
    assert lines(f"<p class='txt'>{LEAD}</p>{classed}</div>") == [LEAD, *BODY]
    # A class of its own names a part of the page: a notice, a sponsor's line.
    for cls in ("text-muted", "sponsored", "age-warning"):
        assert LEAD not in lines(f"<p class='{cls}'>{LEAD}</p>" + body())


@pytest.mark.parametrize("before", [2, 3, 4])
def test_paragraphs_above_a_block_of_the_rest_keep_their_order(before: int) -> None:
    """A story whose first paragraphs stand in its container and the rest in a block inside
    it (a "read more" collapse): the paragraphs above the block were read in reverse, the
    lede second (2, 1, 3 ...; 4, 3, 2, 1, 5 ...)."""
    said = [
        f"الفقرة {n}: قالت بلدية المدينة إن طواقمها تعمل بأقل من نصف قدرتها المعتادة بسبب نقص"
        f" الوقود وتدمير معظم الآليات والمعدات خلال الأشهر الماضية ({n})."
        for n in range(1, 2 * before + 3)
    ]
    top = "".join(f"<p>{p}</p>" for p in said[:before])
    rest = "".join(f"<p>{p}</p>" for p in said[before:])
    page = (
        "<html lang='ar'><head><meta charset='utf-8'><title>خبر</title></head><body><article>"
        f"<h1>بلدية المدينة تحذر من كارثة صحية</h1><div class='story-body'>{top}"
        f"<div class='more'>{rest}</div></div></article></body></html>"
    )
    result = extract(page.encode(), "https://news.example/a/1")
    assert isinstance(result, Extracted) and result.text.split("\n") == said


# The themes' decks: the summary line under the headline, in the article's header or set
# apart from the body's block (README: a lead named subtitle goes in at the text's start).
DECKS = {
    "tagDiv": "<header class='td-post-title'><h1 class='entry-title'>{h}</h1>"
    "<p class='td-post-sub-title'>{deck}</p></header><div class='td-post-content'>{body}</div>",
    "JNews": "<div class='entry-header'><h1 class='jeg_post_title'>{h}</h1>"
    "<h2 class='jeg_post_subtitle'>{deck}</h2></div><div class='content-inner'>{body}</div>",
    "Jannah": "<header class='entry-header-outer'><h1 class='post-title entry-title'>{h}</h1>"
    "<h2 class='entry-sub-title'>{deck}</h2></header><div class='entry-content'>{body}</div>",
    "Drupal 7": "<h1 class='title'>{h}</h1><div class='content'><div class='field"
    " field-name-field-subtitle'>{deck}</div><div class='field field-name-body'>{body}</div></div>",
}


@pytest.mark.parametrize("theme", DECKS)
def test_a_themes_deck_under_the_headline_opens_the_text(theme: str) -> None:
    article = DECKS[theme].format(
        h="وزارة الصحة تعلن تسجيل حالات جديدة", deck=LEAD, body="".join(f"<p>{p}</p>" for p in BODY)
    )
    page = (
        "<html lang='ar'><head><meta charset='utf-8'><title>خبر</title></head><body>"
        f"<div class='site'><article>{article}</article></div></body></html>"
    )
    result = extract(page.encode(), "https://news.example/news/1", "text/html; charset=utf-8")
    assert isinstance(result, Extracted) and result.text.split("\n") == [LEAD, *BODY]


# The block between a deck and the body holds the source and both dates (Al Arabiya's
# "نشر في: … آخر تحديث: …", Asharq Al-Awsat's byline and "نُشر: … هـ"): short items only.
META_BLOCKS = [
    "<div class='caption'><div class='source'><span>العربية.نت</span> - <span>وكالات</span>"
    "</div><div class='timeDate_element'><span>نشر في: 05 مارس ,2024: 11:14 ص GST</span>"
    " <span>آخر تحديث: 05 مارس ,2024: 12:02 م GST</span></div></div>"
    "<div class='share-bar'><a>فيسبوك</a><a>تويتر</a></div>",
    "<div class='entry-meta'><div class='ast_author'><span>الخرطوم - لندن: </span><a"
    " href='/author/1'>محمد أمين ياسين</a> - <a href='/author/2'>أحمد يونس</a></div><div"
    " class='entry-date'>نُشر: <span>16:30-5 مارس 2024 م ـ 24 شَعبان 1445 هـ</span></div></div>",
]


@pytest.mark.parametrize("meta", META_BLOCKS)
def test_a_deck_above_a_block_of_the_byline_and_both_dates_opens_the_text(meta: str) -> None:
    assert lines(f"<div class='article-subtitle'><p>{LEAD}</p></div>{meta}{body()}") == [
        LEAD,
        *BODY,
    ]


def test_a_long_block_of_text_between_still_ends_the_search_for_a_lead() -> None:
    """A block with a paragraph's length of text in one piece is none of the page's details:
    the lead is not beyond it."""
    other = "<div class='box'>" + "نص آخر لا صلة له بالخبر " * 4 + "</div>"
    assert LEAD not in lines(f"<div class='article-subtitle'>{LEAD}</div>{other}{body()}")


# A lead looked for between the headline and the body, whatever wraps them: a Drupal subtitle
# field beside the body in a header <div> (lost once the body passed two paragraphs: the
# wrapper of all three was taken for the body), DW's teaser beside the body in the <article>
# with no header around it, Anadolu's deck in a heading of its own beside the body.
UNDER_HEADLINE = {
    "Drupal subtitle in a header div": "<div class='main'><div class='article-header'>{h}"
    "<div class='field-name-field-subtitle'>{lead}</div></div><div class='field-name-body'>"
    "<div class='field-item'>{body}</div></div></div>",
    "DW teaser beside the body": "<article>{h}<p class='teaser-text'>{lead}</p><div"
    " class='publication-date'>نشرت بتاريخ 13.11.2026</div><div class='rich-text'>{body}</div>"
    "</article>",
    "DW teaser in a header, one paragraph": "<article><header>{h}<p class='teaser-text'>{lead}"
    "</p></header><div class='rich-text'>{body}</div></article>",
    "a deck in a heading": "<div class='detay-icerik'>{h}<div class='detay-spot-category'><h4>"
    "{lead}</h4></div><div class='detay-icerik-metin'>{body}</div></div>",
}


@pytest.mark.parametrize("paragraphs", [1, 2, 3])
@pytest.mark.parametrize("layout", UNDER_HEADLINE)
def test_a_lead_between_the_headline_and_the_body_opens_the_text_whatever_wraps_them(
    layout: str, paragraphs: int
) -> None:
    story = [" ".join(BODY[n:] + BODY[:n]) for n in range(paragraphs)]  # long paragraphs
    article = UNDER_HEADLINE[layout].format(
        h=HEADLINE, lead=LEAD, body="".join(f"<p>{p}</p>" for p in story)
    )
    page = (
        "<html lang='ar'><head><meta charset='utf-8'><title>خبر</title></head><body>"
        f"<nav><a href='/'>الرئيسية</a></nav>{article}</body></html>"
    )
    result = extract(page.encode(), "https://news.example/news/1", "text/html; charset=utf-8")
    assert isinstance(result, Extracted) and result.text.split("\n") == [LEAD, *story]


def test_a_heading_with_a_link_or_after_a_picture_under_the_headline_is_no_deck() -> None:
    """A linked heading is another story's; a sentence after the picture may be its caption."""
    linked = f"<h3><a href='/news/2'>{LEAD}</a></h3>"
    captioned = f"<div class='photo'><img src='/a.jpg'></div><h4>{LEAD}</h4>"
    for between in (linked, captioned):
        article = f"<div class='story'>{HEADLINE}{between}{body()}</div>"
        page = f"<html lang='ar'><head><meta charset='utf-8'></head><body>{article}</body></html>"
        result = extract(page.encode(), "https://news.example/news/1", "text/html; charset=utf-8")
        assert isinstance(result, Extracted) and LEAD not in result.text
