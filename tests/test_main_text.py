"""trafilatura's quick pass goes first (crawler.extract.maintext); a page whose quick answer
misses part of the article still gets the full cascade's answer."""

from __future__ import annotations

import re
from typing import Any

import pytest

from crawler.extract import Extracted, basicclean, extract

BODY = [
    "أعلنت وزارة الصحة في بيان صدر صباح اليوم عن تسجيل حالات جديدة في ثلاث محافظات، داعية "
    "المواطنين إلى الالتزام بالإرشادات.",
    "وقال المتحدث باسم الوزارة إن الفرق الطبية تتابع المخالطين وإن المستشفيات جاهزة لاستقبال "
    "المزيد من الحالات إذا لزم الأمر.",
    "وأضاف أن الوزارة ستصدر تقريرا يوميا عن تطور الوضع الوبائي في البلاد حتى انتهاء الأزمة "
    "بشكل كامل.",
    "وأشار إلى أن عدد الفحوص اليومية ارتفع خلال الأسبوع الماضي إلى أكثر من عشرة آلاف فحص في "
    "مختلف المختبرات.",
    "من جهتها، أعلنت وزارة التربية تعليق الدراسة في المدارس والجامعات لمدة أسبوعين ابتداء من "
    "يوم الأحد المقبل.",
    "كما قررت الحكومة إغلاق المطاعم والمقاهي ودور السينما والصالات الرياضية حتى إشعار آخر للحد "
    "من انتشار العدوى.",
    "ودعت وزارة الداخلية المواطنين إلى البقاء في منازلهم وعدم الخروج إلا للضرورة القصوى خلال "
    "الفترة المقبلة.",
]
RULES = [
    "يمكن للمستخدمين إضافة تعليقاتهم على المواد المنشورة في الموقع بعد تسجيل الدخول إلى "
    "حساباتهم الشخصية.",
    "يجب أن تكون التعليقات ذات صلة بموضوع المادة المنشورة وأن تحترم آراء الآخرين دون إساءة.",
    "إدارة الموقع تملك الحق في حذف أي تعليق يخالف القواعد المذكورة أعلاه دون إشعار صاحبه.",
    "لا يسمح بنشر الروابط الإعلانية أو المحتوى التجاري في التعليقات تحت أي ظرف من الظروف.",
    "يحظر استخدام الألفاظ النابية أو التحريض على العنف أو الكراهية بين الناس على أي أساس.",
    "تحتفظ إدارة الموقع بحق حظر المستخدم الذي يكرر مخالفة هذه القواعد بشكل دائم.",
    "التعليقات تعبر عن آراء أصحابها فقط ولا تعبر بالضرورة عن رأي إدارة الموقع.",
]


def paragraphs(lines: list[str]) -> str:
    return "".join(f"<p>{line}</p>" for line in lines)


def test_a_lead_outside_the_marked_body_is_kept_when_the_quick_pass_misses_it() -> None:
    # The lead sits beside the itemprop=articleBody box, and the page's <p>s hold much more
    # (commenting rules) than the box: trafilatura's own extractor reads the box alone, its
    # comparison with readability takes the story's container, lead included.
    page = f"""<html lang="ar"><head><title>الصحة تسجل حالات جديدة</title></head><body>
<nav><a href="/">الرئيسية</a> <a href="/politics">سياسة</a></nav>
<div class="story"><h1>الصحة تسجل حالات جديدة</h1>
<div itemprop="description" class="story__lead"><p>{BODY[0]}</p></div>
<div itemprop="articleBody" class="story__text">{paragraphs(BODY[1:])}</div>
<div class="rules"><h3>قواعد التعليق</h3>{paragraphs(RULES * 2)}</div>
</div><footer><p>جميع الحقوق محفوظة</p></footer></body></html>"""
    result = extract(page.encode(), "https://news.example/a/1", "text/html; charset=utf-8")
    assert isinstance(result, Extracted), result
    lines = result.text.split("\n")
    assert lines[: len(BODY)] == BODY


def test_a_short_brief_beside_teaser_blocks_is_the_brief_alone() -> None:
    # trafilatura's quick pass keeps teaser-class blocks for a body below its floor.
    teasers = "".join(
        f"<div class='teaser'><h3><a href='/n/{k}'>{RULES[k][:40]}</a></h3><p>{RULES[k]}</p></div>"
        for k in range(2)
    )
    page = f"""<html lang="ar"><head><title>الصحة تسجل حالات جديدة</title></head><body>
<header><a href="/">الرئيسية</a></header><main><article><h1>الصحة تسجل حالات جديدة</h1>
<div class="article-body">{paragraphs(BODY[:2])}</div></article>{teasers}</main>
<footer><p>(c)</p></footer></body></html>"""
    result = extract(page.encode(), "https://news.example/a/2", "text/html; charset=utf-8")
    assert isinstance(result, Extracted), result
    assert result.text.split("\n") == BODY[:2]


LIST = ["توسعة الطريق إلى ثلاث حارات في كل اتجاه", "إنشاء جسر مشاة أمام المستشفى"]
SUBHEADING = "ضمانات جديدة للمواطنين"


def structured_page(container: str, middle: str) -> bytes:
    """A body in a container named as trafilatura does not know it (an ASP.NET id, a
    class of the site's own), a menu above it and a related list beside it."""
    return f"""<html lang="ar"><head><title>الوزارة تعلن خطة</title></head><body>
<header><nav><ul><li><a href="/a">أخبار</a></li><li><a href="/b">اقتصاد</a></li></ul></nav></header>
<div class="wrap"><h1>الوزارة تعلن خطة</h1>
<div {container}>{paragraphs(BODY[:3])}{middle}{paragraphs(BODY[3:])}</div>
<div class="more"><h3>الأكثر مشاهدة</h3><ul>
<li><a href="/n/1">الحكومة تقر موازنة العام المقبل بعد نقاش طويل</a></li>
<li><a href="/n/2">ارتفاع أسعار الذهب في الأسواق المحلية اليوم</a></li></ul></div>
</div><footer><p>جميع الحقوق محفوظة</p></footer></body></html>""".encode()


def text_lines(page: bytes) -> list[str]:
    result = extract(page, "https://news.example/a/1", "text/html")
    assert isinstance(result, Extracted), result
    return result.text.split("\n")


CONTAINERS = ['id="ContentPlaceHolder1_divContent" class="bodyText"', 'id="NewsStory"']


@pytest.mark.parametrize("container", [*CONTAINERS, 'class="article-body"'])
def test_a_list_in_the_body_is_text_whatever_its_container_is_named(container: str) -> None:
    middle = "<ul>" + "".join(f"<li>{item}</li>" for item in LIST) + "</ul>"
    lines = text_lines(structured_page(container, middle))
    at = lines.index(BODY[2])
    assert lines[at : at + 4] == [BODY[2], *(f"- {item}" for item in LIST), BODY[3]]


@pytest.mark.parametrize("container", CONTAINERS)
def test_a_subheading_in_the_body_is_text_in_its_place(container: str) -> None:
    lines = text_lines(structured_page(container, f"<h3>{SUBHEADING}</h3>"))
    assert lines[lines.index(SUBHEADING) - 1 : lines.index(SUBHEADING) + 2] == [
        BODY[2], SUBHEADING, BODY[3],
    ]  # fmt: skip


@pytest.mark.parametrize("container", CONTAINERS)
def test_a_list_of_links_in_the_body_and_the_lists_around_it_stay_out(container: str) -> None:
    links = (
        "<ul><li><a href='/n/3'>وزير الخارجية يصل إلى القاهرة في زيارة رسمية</a></li>"
        "<li><a href='/n/4'>انطلاق معرض الكتاب بمشاركة واسعة من دور النشر</a></li></ul>"
    )
    text = "\n".join(text_lines(structured_page(container, links)))
    assert BODY[0] in text and BODY[-1] in text
    for chrome in ("وزير الخارجية", "انطلاق معرض", "أخبار", "الأكثر مشاهدة", "موازنة"):
        assert chrome not in text


FACTS = ["1976: تأسيس الجامعة بكليتين و300 طالب.", "1989: افتتاح كلية الطب."]
FACT_BOX = (
    f"<{{tag}} class='fact-box'><h3>أبرز المحطات</h3><ul>{''.join(f'<li>{f}</li>' for f in FACTS)}"
    "</ul></{tag}>"
)


@pytest.mark.parametrize("tag", ["div", "aside"])
@pytest.mark.parametrize("container", [*CONTAINERS, 'class="news-body"', 'class="entry-content"'])
def test_a_box_of_the_storys_own_facts_in_the_body_is_text_in_its_place(
    container: str, tag: str
) -> None:
    """A fact box (a timeline under its heading) in the body: dropped whole where the body's
    container has a name trafilatura does not know, and as an <aside> everywhere."""
    lines = text_lines(structured_page(container, FACT_BOX.format(tag=tag)))
    at = lines.index(BODY[2])
    assert lines[at : at + 5] == [BODY[2], "أبرز المحطات", *(f"- {f}" for f in FACTS), BODY[3]]


@pytest.mark.parametrize("container", [*CONTAINERS, 'class="news-body"'])
def test_a_note_in_a_box_after_the_body_is_its_last_line_and_a_box_of_links_is_not(
    container: str,
) -> None:
    note = "تصحيح: ذكرنا في نسخة سابقة أن الجامعة تأسست عام 1978، والصحيح أنها تأسست عام 1976."
    boxed = f"<div class='correction'><strong>تصحيح:</strong>{note[6:]}</div>"
    page = structured_page(container, "").replace(
        b'</div>\n<div class="more">', f"{boxed}</div>\n<div class='more'>".encode()
    )
    assert text_lines(page)[-2:] == [BODY[-1], note]
    linked = boxed.replace("1976.", "1976. <a href='/n/5'>التفاصيل</a>")
    page = structured_page(container, "").replace(
        b'</div>\n<div class="more">', f"{linked}</div>\n<div class='more'>".encode()
    )
    assert text_lines(page)[-1] == BODY[-1]


def test_a_listing_of_teasers_in_list_items_is_not_made_longer() -> None:
    # Each <li> a linked headline over its excerpt and date: the excerpts are the <p>s
    # trafilatura keeps; their cards are no list of the article's.
    cards = "".join(
        f"<li><a href='/n/{n}'>عنوان خبر آخر رقم {n} في الموقع</a><p>{line}</p>"
        "<cite class='date'>07-12-2024 06:10 PM</cite></li>"
        for n, line in enumerate(BODY[:2])
    )
    page = f"<html><body><div>شعار الموقع</div><ul class='list'>{cards}</ul></body></html>"
    assert text_lines(page.encode()) == BODY[:2]


def _trafilaturas_selector() -> Any:
    """trafilatura's own basic-cleaning XPath, built afresh (the module's may be the walk)."""
    from lxml import etree
    from trafilatura.settings import _COOKIE_CONSENT_RE

    return etree.XPath(
        basicclean._SELECTOR.format(consent=_COOKIE_CONSENT_RE),
        namespaces={"re": "http://exslt.org/regular-expressions"},
    )


CLEANED_EDGES = """<html><body>
<div class="x" id="footer">kept: its class is read first</div><div id="footer" class="x">b</div>
<div class="site-footer">c</div><div class="Cookie-Banner">d</div><p class="CMPLZ-cookiebanner">f</p>
<section id="onetrust-consent-sdk">e</section><span class="cookieNotice">g</span>
<div class="notice__cookie">h</div><div class="ConSent_Manager">i</div><!-- a comment -->
<aside><script>x</script></aside><svg><style>s</style></svg><template><p>t</p></template>
<div class="Footer">kept: case counts here</div><ul class="mooveGDPR"><li>m</li></ul>
<span class="footer">kept: not a div</span><p class="">empty</p></body></html>"""


def test_the_basic_cleaning_walk_selects_what_trafilaturas_selector_does_in_its_order() -> None:
    from pathlib import Path

    from lxml import html

    from crawler.extract.decode import decode_html

    pages = [CLEANED_EDGES.encode()] + [
        p.read_bytes() for p in sorted(Path("seeds/sites").rglob("*.html"))[:80]
    ]
    walk = basicclean.walker(re.compile(_trafilaturas_consent(), re.IGNORECASE))
    reference = _trafilaturas_selector()
    for body in pages:
        tree = html.document_fromstring(decode_html(body, None)[0])
        assert walk(tree) == reference(tree)
    edges = html.document_fromstring(CLEANED_EDGES)
    assert [el.text_content()[:1] for el in walk(edges)] == list("bcdfeghixxsstm")


def _trafilaturas_consent() -> str:
    from trafilatura.settings import _COOKIE_CONSENT_RE

    return _COOKIE_CONSENT_RE


def test_a_trafilatura_whose_selector_is_another_keeps_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib

    from lxml import etree

    baseline = importlib.import_module("trafilatura.baseline")
    other = etree.XPath(".//aside|.//footer")
    monkeypatch.setattr(baseline, "BASIC_CLEAN_XPATH", other)
    basicclean.install()
    assert baseline.BASIC_CLEAN_XPATH is other
    monkeypatch.setattr(baseline, "BASIC_CLEAN_XPATH", _trafilaturas_selector())
    basicclean.install()
    assert baseline.BASIC_CLEAN_XPATH is not other
    assert not isinstance(baseline.BASIC_CLEAN_XPATH, etree.XPath)
