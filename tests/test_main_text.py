"""trafilatura's quick pass goes first (crawler.extract.maintext); a page whose quick answer
misses part of the article still gets the full cascade's answer."""

from __future__ import annotations

from crawler.extract import Extracted, extract

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
