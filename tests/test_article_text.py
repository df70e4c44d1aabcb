"""What counts as article text on old table-and-font layouts: the paragraphs, not the date
line with its view counter, not the comments under their heading."""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape

import pytest
from lxml import html

from archive.chrome import chrome_key
from crawler.extract import Extracted, ExtractOptions, extract

SENTENCE = "أعلنت وزارة النقل في الرباط يوم أمس عن خطة جديدة لتحديث شبكة القطارات بين المدن الكبرى"
PARAGRAPHS = [f"{' '.join([SENTENCE] * 3)} {n}." for n in ("أولا", "ثانيا", "ثالثا")]
COMMENTS = (
    "<h4>التعليقات (2)</h4><table><tr><td>فاطمة الصباغ - 12 جانفي 2025<br>"
    "هذا الخبر يهمنا كثيرا ونطالب بالمتابعة وشكرا للجريدة على التغطية</td></tr>"
    "<tr><td>هدى التونسي<br>أتمنى أن تنشروا المزيد عن هذا الموضوع في المستقبل القريب</td></tr>"
    "</table>"
)


def page(meta_line: str, before: str = "", after: str = COMMENTS, first: str = "") -> bytes:
    body = "<br><br>".join([first, *PARAGRAPHS] if first else PARAGRAPHS)
    return f"""<html><head><meta charset="utf-8"><title>وزارة النقل تعلن خطة</title></head>
<body><table><tr><td><h1>وزارة النقل تعلن خطة لتحديث شبكة القطارات</h1>
<font color="gray" size="2">{meta_line}</font><br>{before}<br>
<font size="3">{body}</font>{after}</td></tr></table></body></html>""".encode()


def text_of(body: bytes, chrome: frozenset[str] = frozenset()) -> list[str]:
    options = ExtractOptions(chrome=chrome)
    result = extract(body, "https://news.example/akhbar/1.html", "text/html", options)
    assert isinstance(result, Extracted), result
    return result.text.split("\n")


@pytest.mark.parametrize(
    "meta_line",
    [
        "نشر في 3 فيفري 2025 - 14:13 | القراءات: 4889",
        "نشر في 3 فيفري 2025 - 14:13",
        "الثلاثاء 3 فيفري 2025 | عدد المشاهدات 4889",
        "شوهد 4889 مرة",
        # Maghrebi sites join the time with "على الساعة"
        "03 ديسمبر 2024 على الساعة 15:20",
        "الثلاثاء 03 ديسمبر 2024 على الساعة 15:20",
        "في 3 مارس 2025 - 10:00 بتوقيت غرينتش",
        # a Hijri date under its label, as Gulf sites date a page
        "بتاريخ : 2 جمادى الآخرة 1446هـ",
        "بتاريخ : 2024/12/03",
        # other labels, and an English page's month-first date
        "نُشر: 02 ديسمبر 2024 - 11:05 ص",
        "منشور: 2024/12/02",
        "التاريخ: 02 ديسمبر 2024",
        "Published: 11/23/2024 3:40 PM",
        "تم نشره الجمعة 24 نيسان 2020 09:22 مساءً",
        "نشر يوم 3 مارس 2025",  # the longer label, not "نشر" and a word
        "تاريخ الخبر: 3 مارس 2025",
        # a French page's, in an Arabic template
        "Publié le 02/12/2024 à 16:05",
        "mercredi 2 décembre 2024 - 16:05",
    ],
)
def test_the_date_line_the_view_counter_and_the_comments_are_not_article_text(
    meta_line: str,
) -> None:
    assert text_of(page(meta_line)) == PARAGRAPHS


def test_a_new_view_count_leaves_the_text_as_it_was() -> None:
    """Else every re-check would archive a version that the publisher never wrote."""
    before = text_of(page("نشر في 3 فيفري 2025 | القراءات: 4889"))
    assert text_of(page("نشر في 3 فيفري 2025 | القراءات: 4951")) == before


@pytest.mark.parametrize("label", ["الأكثر قراءة", "الأكثر مشاهدة"])
def test_teasers_under_a_boxs_label_set_in_a_div_at_the_articles_end_are_not_text(
    label: str,
) -> None:
    teasers = "".join(
        f"<li><a href='/n/{n}'><h4>{headline}</h4></a><p>{excerpt}</p></li>"
        for n, (headline, excerpt) in enumerate(
            [
                ("انخفاض منسوب سد الملك طلال إلى أدنى مستوى",
                 "انخفض منسوب المياه في السد إلى أدنى مستوى له منذ عشر سنوات بسبب تأخر الأمطار."),
                ("بدء ضخ مياه الديسي إلى إربد",
                 "بدأت الوزارة ضخ كميات إضافية من مياه الديسي إلى محافظة إربد لتعويض النقص."),
            ]
        )
    )  # fmt: skip
    box = f"<div class='box'><div class='box-head'>{label}</div><ul>{teasers}</ul></div>"
    assert text_of(article_page(end=box)) == PARAGRAPHS


@pytest.mark.parametrize(
    "line",
    [
        "فرانس24/ أ ف ب",  # an agency's sign-off after the desk's
        "/ وام / ع ع م / ر ب",  # WAM's, with its editors' initials
        "- خلا -",  # WAM's end of the report
        "ع.ف",  # an editor's initials
        "م ح/ع ع",  # the editors' codes, as Petra, KUNA and SPA close a report
        "--(بترا) م ح/ع ع 24/11/2024 10:15",
        "(النهاية) ع ف ي / ه ب ش",
        "ي ح/ا ج 14:25",
        "قراءة: 2 دقيقة",  # a reading time
        "5 min read",
        "تصوير: عمرو دياب",  # a photographer's credit
        "هل كان هذا المقال مفيداً؟",  # a rating widget's question
        "Was this article helpful?",
        "For more business news, follow Al Arabiya English on X.",  # a follow prompt
        # an opinion page's disclaimer under its label
        "تنويه: الآراء الواردة في هذا المقال تعبر عن رأي كاتبها ولا تعبر بالضرورة عن رأي الموقع.",
        "تنويه: جميع المواد المنشورة تعبر عن رأي أصحابها ولا تعبر بالضرورة عن رأي الموقع",
        "#الزراعة #الصقيع #الأردن",  # hashtags alone, not linked
        "وام/عاصم الخولي/أحمد النعيمي",  # WAM's signature and its editors
        "================ ر.إ",  # NNA's rule and its editor's initials
        "تصوير - عمرو عبد الحميد",  # a photographer's credit under its picture
        "المحتوى الإعلاني",  # an ad's labels
        "تابع القراءة أسفل الإعلان",
        "المحتوى أعلاه بيان صحفي، والموقع غير مسؤول عن مضمونه.",
        "آخر تحديث 16:40 بتوقيت باكو",  # a live page's update line: the clock, the zone
        "16:40 بتوقيت باكو",
        "رقم الفتوى: 4512",  # a page's labelled details
        "التصنيف: عبادات",
    ],
)
def test_sign_offs_credits_and_reading_times_are_not_article_text(line: str) -> None:
    assert text_of(article_page(end=f"<p>{line}</p>")) == PARAGRAPHS


@pytest.mark.parametrize(
    "credit",
    ["Photo: Reuters", "File Photo: Ahram", "صورة أرشيفية: الأهرام", "صورة: الأهرام",
     "تصوير: أحمد علي", "Crédit photo : AFP", "Photo credit: Hussein Malla"],
)  # fmt: skip
def test_a_pictures_credit_alone_on_its_line_is_not_text(credit: str) -> None:
    assert text_of(article_page(middle=f"<p>{credit}</p>")) == PARAGRAPHS


@pytest.mark.parametrize("line", ["Tax credit: up to 500 dollars", "صور: مقتل شخصين في غارة"])
def test_a_short_line_opening_with_credit_or_the_city_of_tyre_stays_text(line: str) -> None:
    assert line in text_of(article_page(middle=f"<p>{line}</p>"))


@pytest.mark.parametrize(
    "line",
    ["Marwa Al-Assar , Thursday 3 Dec 2026", "Reuters , Tuesday 1 Dec 2026",
     "مروة العصار ، الخميس 3 ديسمبر 2026", "وكالة الأنباء | 2024/12/03",
     "<span>Ahram Online</span> , <span>Thursday 3 Dec 2026</span>"],
)  # fmt: skip
def test_a_writers_or_a_sources_line_and_its_date_above_the_body_is_not_text(line: str) -> None:
    assert text_of(page(line, after="")) == PARAGRAPHS
    assert text_of(article_page(top=f"<div>{line}</div>")) == PARAGRAPHS


@pytest.mark.parametrize(
    "byline",
    ["<strong>By Rana Husseini and Mohammad Ghazal</strong>", "By Jane Doe, Jordan Times",
     "By Ömer Çelik", "BY RANA HUSSEINI AND MOHAMMAD GHAZAL", "By Rana al-Khatib and Sara Ali"],
)  # fmt: skip
def test_an_english_byline_over_the_text_is_not_text(byline: str) -> None:
    assert text_of(article_page(top=f"<p>{byline}</p>")) == PARAGRAPHS


@pytest.mark.parametrize(
    "sentence",
    [
        "By the way, the ministry never answered our questions about the plan",
        "By late afternoon, crowds had gathered outside the station",
        "By train and bus, the journey between the two cities takes six hours",
        "By Christmas Eve, shops were empty",
    ],
)
def test_a_sentence_that_opens_with_by_is_text(sentence: str) -> None:
    assert text_of(article_page(top=f"<p>{sentence}</p>"))[0] == sentence


def test_the_rest_a_read_more_button_unfolds_is_text_and_a_hidden_consent_dialog_is_not() -> None:
    paragraphs = [
        "قررت الحكومة رفع الحد الأدنى لأجور المواطنين العاملين في القطاع العام إلى أربعمئة"
        " دينار شهريا اعتبارا من مطلع العام المقبل.",
        "ويستفيد من القرار نحو اثني عشر ألف موظف، وتبلغ كلفته السنوية قرابة خمسة عشر مليون"
        " دينار تتحملها الموازنة العامة.",
        "وقال وزير المالية إن الزيادة تأتي في إطار برنامج تحسين المستوى المعيشي للمواطنين، بعد"
        " مشاورات مع مجلس النواب.",
        "ورحب النواب بالقرار، لكنهم طالبوا بتوسيعه ليشمل العاملين في القطاع الخاص عبر برنامج"
        " دعم الأجور.",
    ]
    shown, folded = (
        "".join(f"<p>{p}</p>" for p in part) for part in (paragraphs[:2], paragraphs[2:])
    )
    page = (
        "<html><head><meta charset='utf-8'><title>رفع الحد الأدنى للأجور</title></head><body>"
        "<div id='consent-modal' class='modal' style='display:none'><p>نستخدم ملفات تعريف"
        " الارتباط لتخصيص المحتوى والإعلانات وتحليل حركة المرور على موقعنا.</p></div>"
        "<div class='article'><h1>الحكومة ترفع الحد الأدنى لأجور موظفي القطاع العام</h1>"
        f"<div class='article-body'>{shown}<div class='read-more-content' style='display:none'>"
        f"{folded}</div><button class='read-more-btn'>اقرأ المزيد</button></div></div>"
        "</body></html>"
    ).encode()
    assert text_of(page) == paragraphs


TRANSPORT = [
    "أعلنت بلدية المدينة خطة شاملة لتطوير النقل العام تشمل ثلاثة خطوط جديدة للحافلات السريعة"
    " تربط الأحياء الشرقية بوسط المدينة والجامعة والمستشفيات الكبرى بحلول نهاية العام.",
    "وتهدف الخطة إلى تقليل الاعتماد على السيارات الخاصة بنسبة الخمس خلال خمس سنوات، وتخفيف"
    " الازدحام في الشوارع الرئيسية ساعات الذروة صباحا ومساء.",
    "وتتضمن الخطة إنشاء أربعين محطة انتظار مكيفة وتطبيقا لتتبع مواعيد الحافلات والدفع.",
    "وقال رئيس البلدية إن كلفة المرحلة الأولى تبلغ خمسة وثمانين مليون دينار بتمويل خارجي.",
    "وتبدأ أعمال التنفيذ في الصيف المقبل على أن تنتهي المرحلة الأولى بعد عامين.",
]


def read_more_page(folded: str) -> bytes:
    """A magazine template: menus, a share bar, the body's first paragraphs (more than
    trafilatura's floor: it looks no further), a "read more" button over the rest, tags, a
    sidebar, a footer with the site's long "about" paragraph."""
    shown = "".join(f"<p>{p}</p>" for p in TRANSPORT[:2])
    menu = "".join(f"<li><a href='/section/{n}'>قسم {n}</a></li>" for n in range(5))
    most_read = "".join(
        f"<li><a href='/n/{n}'>خبر آخر رقم {n} في الموقع</a></li>" for n in range(3)
    )
    return (
        "<html dir='rtl'><head><meta charset='utf-8'><title>خطة النقل العام</title></head><body>"
        f"<header><a href='/'>الميدان</a><nav><ul>{menu}</ul></nav></header><main>"
        "<article class='post'><h1>تفاصيل خطة النقل العام الجديدة</h1><div class='share-bar'>"
        "<a href='#'>فيسبوك</a><a href='#'>واتساب</a></div>"
        f"<div class='post-content'>{shown}<button class='read-more-btn'>اقرأ المزيد</button>"
        f"{folded}</div><div class='tags'><a href='/tag/1'>النقل</a></div></article>"
        f"<aside class='sidebar'><h3>الأكثر قراءة</h3><ol>{most_read}</ol></aside></main>"
        "<footer><p>الميدان موقع إخباري مستقل تأسس عام 2012، يغطي الشأن المحلي والعربي والدولي"
        " بمهنية وحياد، ويلتزم بميثاق الشرف الصحفي ومعايير التحقق من المعلومات قبل نشرها،"
        " ويرحب بملاحظات القراء وتصويباتهم عبر البريد الإلكتروني للتحرير.</p></footer>"
        "</body></html>"
    ).encode()


@pytest.mark.parametrize("style", ["display:none", "display: none;", "visibility:hidden"])
def test_the_rest_an_inline_style_hides_behind_a_read_more_button_is_text(style: str) -> None:
    """trafilatura drops a block its inline style hides: the article ended at its lead."""
    rest = "".join(f"<p>{p}</p>" for p in TRANSPORT[2:])
    assert text_of(read_more_page(f"<div class='more' style='{style}'>{rest}</div>")) == TRANSPORT


def test_a_hidden_copy_of_the_shown_paragraphs_is_not_unfolded_into_the_text() -> None:
    """A print or mobile copy of the body hidden behind it: unfolded, each line came twice."""
    copy = "".join(f"<p>{p}</p>" for p in TRANSPORT[:2])
    assert (
        text_of(read_more_page(f"<div class='print' style='display:none'>{copy}</div>"))
        == (TRANSPORT[:2])
    )


@pytest.mark.parametrize("name", ["popup", "subscribe-box"])
def test_a_hidden_popup_after_the_shown_paragraphs_is_not_unfolded_into_the_text(name: str) -> None:
    box = (
        f"<div class='{name}' style='display:none'><p>عزيزي القارئ، يسعدنا انضمامك إلى مجتمع"
        " قرائنا لتصلك أهم الأخبار المحلية والعربية والدولية مع تحليلات الكتاب كل صباح.</p></div>"
    )
    assert text_of(read_more_page(box)) == TRANSPORT[:2]


@pytest.mark.parametrize(
    "line",
    ["الأقصر / قنا / سوهاج", "عمان / بترا / جرش", "هو / هي / هم", "U.S.", "ناصر / وفا"],
)
def test_a_short_line_of_places_or_words_between_slashes_is_text(line: str) -> None:
    """(قنا is a governorate, بترا a city, وفا a name: no agency's sign-off.)"""
    assert text_of(article_page(end=f"<p>{line}</p>")) == [*PARAGRAPHS, line]


def test_a_summary_lead_above_a_body_block_trafilaturas_paths_do_not_name_is_the_first_line() -> (
    None
):
    lead = "أجلت فرق الإنقاذ ركاب عبارة جنحت قرب الجزيرة في أقصى شرق البلاد صباح اليوم."
    page = (
        "<html><head><meta charset='utf-8'><title>إنقاذ ركاب عبارة</title></head><body>"
        "<div class='article'><h1>إنقاذ جميع ركاب عبارة جنحت قرب الجزيرة</h1>"
        f"<div class='article__summary summary'>{lead}</div>"
        "<div class='article__cover'><img src='/x.jpg'></div><div class='article__text text'>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + "</div></div></body></html>"
    ).encode()
    assert text_of(page) == [lead, *PARAGRAPHS]


def test_a_comment_forms_bare_labels_are_not_article_text() -> None:
    form = (  # as an ASP.NET page sets it, the labels loose beside the fields
        "<div class='comments'><span>أضف تعليقك</span><br>الاسم: <input name='n'><br>"
        "التعليق: <textarea name='c'></textarea><input type='submit' value='إرسال'></div>"
    )
    assert text_of(page("3 فيفري 2025", after=form)) == PARAGRAPHS


def test_a_comments_link_above_the_article_does_not_end_it() -> None:
    toolbar = "<a href='#comments'>تعليقات</a> <a href='/print'>طباعة</a>"
    assert text_of(page("3 فيفري 2025", before=toolbar, after="")) == PARAGRAPHS


@pytest.mark.parametrize(
    "first",
    [
        "نشر في الجريدة الرسمية أمس قرار يقضي بتمديد العمل بالخطة حتى نهاية العام المقبل 2026",
        "نشر الجيش بيانا في 3 فيفري 2025 قال فيه إن قواته أعادت انتشارها على طول الحدود الشمالية",
    ],
)
def test_a_paragraph_that_opens_with_published_in_is_text(first: str) -> None:
    assert text_of(page("3 فيفري 2025", first=first, after="")) == [first, *PARAGRAPHS]


def test_a_year_heading_inside_the_text_is_text() -> None:
    """Joining words ("في", "على") make a date line only when the line reads as a date."""
    body = [PARAGRAPHS[0], "في 2024", PARAGRAPHS[1], "في 2025", PARAGRAPHS[2]]
    html_body = "".join(f"<p>{line}</p>" for line in body)
    page = f"""<html><head><meta charset="utf-8"><title>وزارة النقل تعلن خطة</title></head>
<body><article><h1>وزارة النقل تعلن خطة لتحديث شبكة القطارات</h1>
<p>3 فيفري 2025</p>{html_body}</article></body></html>""".encode()
    assert text_of(page) == body


def test_a_comments_heading_learned_as_chrome_still_ends_the_article() -> None:
    """The heading is on every page, so the source's learned chrome holds it: it must still
    end the text, or the commenters' names (new on each page) would follow the article."""
    learned = frozenset({chrome_key("التعليقات (2)"), chrome_key("القراءات: 4889")})
    assert text_of(page("نشر في 3 فيفري 2025"), learned) == PARAGRAPHS


@pytest.mark.parametrize(
    "disclaimer",
    [
        "المقالات المنشورة تعبر عن رأي كاتبها ولا تعبر بالضرورة عن رأي الموقع",
        "هذا المقال يعبر عن رأي كاتبه ولا يعبر بالضرورة عن رأي الموقع.",
        "المقالة تعبر عن رأي كاتبها فقط",
        "ما ورد في المقال يعبر عن رأي الكاتب ولا يعبر عن رأي الصحيفة",
        "* الآراء الواردة في المقالات تعبر عن رأي كاتبها ولا تعبر بالضرورة عن رأي الموقع.",
        "جميع المواد المنشورة في الموقع تعبر عن وجهة نظر كتّابها، ويحظر إعادة نشرها دون إذن.",
        "المحتوى أعلاه مقدم من الجهة المصدرة للبيان، والموقع غير مسؤول عن دقته.",
        "نص البيان كما ورد، والصحيفة غير مسؤولة عن محتواه.",
        "The views expressed in this article are those of the author alone.",
        "This content was provided by the company issuing the release.",
        "Les opinions exprimées dans cette chronique n'engagent que leur auteur.",
    ],
)
def test_an_opinion_pages_or_a_press_releases_disclaimer_is_not_text(disclaimer: str) -> None:
    end = f"<p class='note'>{disclaimer}</p>"
    assert text_of(article_page(end=end)) == PARAGRAPHS


@pytest.mark.parametrize(
    "said",
    [
        "المقالات التي تنشرها الصحف الغربية عن الحرب تعبر عن انحياز واضح لطرف دون آخر.",
        "وقالت الشركة إن الموقع غير مسؤول عن تسريب البيانات وإن التحقيق مستمر.",
        "وقال المحامي إن الكاتب يتحمل المسؤولية القانونية والموقع غير مسؤول عن محتواه أمام القضاء",
        "المواد التي بثتها القناة خلال الأسبوع تعبر عن وجهة نظر الحكومة وحدها وفق المتحدث",
        "The views expressed by voters in the survey were mixed, the pollster said.",
        "Follow the protest organizers on Facebook, the ministry warned citizens in a statement"
        " issued late on Monday night.",
    ],
)
def test_a_sentence_about_what_articles_express_or_who_is_responsible_is_text(said: str) -> None:
    assert text_of(article_page(f"<p>{said}</p>")) == [PARAGRAPHS[0], said, *PARAGRAPHS[1:]]


@pytest.mark.parametrize(
    "sentence",
    [
        "The storm hits 3 provinces in the north, cutting power to thousands of homes overnight.",
        "وقال المتحدث إن عدد الزيارات 500 ألف زيارة خلال العام الماضي وهو رقم قياسي",
        "وأجرى الوزير 12 زيارة رسمية إلى دول الجوار خلال الشهر الماضي",
        "وحصد الفيديو أكثر من 500 مشاهدة في الساعة الأولى من نشره",
        "The video drew 2 million views 5 hours after it was posted online.",
        "نشر في 2019 كتابه الأول عن الحرب",
        "بتاريخ 3 ديسمبر 2024 وقعت الوزارة اتفاقية مع البنك الدولي لتمويل المشروع",
    ],
)
def test_sentences_that_count_views_or_open_with_published_in_are_text(sentence: str) -> None:
    assert text_of(page("3 فيفري 2025", first=sentence, after="")) == [sentence, *PARAGRAPHS]


def test_a_learned_read_also_box_inside_the_text_goes_and_the_text_after_it_stays() -> None:
    box = "<br><br>اقرأ أيضا:<br><br>وزارة الصحة تطلق حملة تلقيح جديدة في المدارس الابتدائية"
    first = PARAGRAPHS[0] + box
    body = page("3 فيفري 2025", after="").replace(PARAGRAPHS[0].encode(), first.encode())
    learned = frozenset(
        chrome_key(line)
        for line in ("اقرأ أيضا:", "وزارة الصحة تطلق حملة تلقيح جديدة في المدارس الابتدائية")
    )
    assert text_of(body, learned) == PARAGRAPHS


def test_a_not_found_page_served_with_200_is_no_article_but_a_short_story_about_404_is() -> None:
    from crawler.extract import ExtractFailure

    apology = "عذرا، الصفحة التي تبحث عنها غير موجودة أو تم حذفها أو نقلها إلى عنوان آخر في الموقع."
    soft_404 = (
        "<html><head><meta charset='utf-8'><title>الصفحة غير موجودة</title></head><body>"
        f"<h1>الصفحة غير موجودة</h1><p>{apology}</p></body></html>"
    ).encode()
    result = extract(soft_404, "https://news.example/news/99", "text/html", ExtractOptions())
    assert isinstance(result, ExtractFailure) and result.kind == "not_found"
    story = soft_404.replace("الصفحة غير موجودة".encode(), "إصابة 404 أشخاص بالكوليرا".encode())
    story = story.replace(apology.encode(), (SENTENCE + ". ").encode() * 3)
    assert isinstance(extract(story, "https://news.example/news/9", "text/html"), Extracted)


def test_a_not_found_page_that_lists_the_latest_news_under_its_apology_is_no_article() -> None:
    """A soft 404 (status 200) fills its page with the latest headlines and their excerpts:
    long enough to pass for an article, but it opens with the apology its title makes."""
    from crawler.extract import ExtractFailure

    latest = "".join(
        f"<h2><a href='/x/{k}'>{SENTENCE} {k}</a></h2><p>{SENTENCE}، في تقرير خاص ({k}).</p>"
        for k in range(6)
    )
    for title, apology in [
        ("الصفحة غير موجودة | الموقع", "عذرا، الصفحة التي تبحث عنها غير موجودة. ربما تم حذفها."),
        ("Page not found - The Daily", "Sorry, the page you are looking for does not exist."),
    ]:
        page = (
            f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<h1>{title.split(' | ')[0]}</h1><article><p>{apology}</p>{latest}</article>"
            "</body></html>"
        ).encode()
        result = extract(page, "https://news.example/news/99", "text/html", ExtractOptions())
        assert isinstance(result, ExtractFailure) and result.kind == "not_found", result


def test_a_long_review_of_a_film_called_not_found_in_a_post_numbered_404_is_an_article() -> None:
    """WordPress numbers its posts: `id="post-404"` is no error template."""
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS * 3)
    page = (
        "<html><head><meta charset='utf-8'><title>Not Found</title></head><body>"
        f"<article id='post-404' class='post-404 post'><h1>Not Found</h1>{paragraphs}"
        "</article></body></html>"
    ).encode()
    result = extract(page, "https://news.example/reviews/not-found", "text/html")
    assert isinstance(result, Extracted), result


@pytest.mark.parametrize(
    ("title", "headline", "first", "box"),
    [
        # the headline the apology for the page asked for, and what may have become of it
        ("الصفحة غير موجودة - الموقع", "عذراً، الصفحة التي تبحث عنها غير موجودة",
         "ربما تم حذف الصفحة أو تغيير رابطها.", "content"),
        # the headline another's: the <title> says it, the text offers the way back
        ("الصفحة غير موجودة - الموقع", "آخر الأخبار", "يمكنك العودة إلى الصفحة الرئيسية.",
         "content"),
        # the headline says it, in the CMS's error template
        ("الموقع", "لم نتمكن من العثور على الصفحة المطلوبة", "تصفح أحدث الأخبار:",
         "error-404 not-found"),
        # a WordPress theme's apology, its "maybe it moved" line, under an "error" title
        ("خطأ - الموقع", "عذراً، لم نعثر على ما تبحث عنه",
         "ربما تم نقل الرابط أو حذفه، أو أنك أخطأت في كتابة العنوان.", "error-page"),
    ],
)  # fmt: skip
def test_a_soft_404_that_says_so_in_its_headline_or_title_over_the_latest_news_is_no_article(
    title: str, headline: str, first: str, box: str
) -> None:
    from crawler.extract import ExtractFailure

    latest = "".join(
        f"<li><a href='/x/{k}'>{SENTENCE} {k}</a><p>{SENTENCE}، في تقرير خاص ({k}).</p></li>"
        for k in range(4)
    )
    page = (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><main>"
        f"<div class='{box}'><h1>{headline}</h1><p>{first}</p><h2>آخر الأخبار</h2>"
        f"<ul class='latest'>{latest}</ul></div></main></body></html>"
    ).encode()
    result = extract(page, "https://news.example/news/99", "text/html", ExtractOptions())
    assert isinstance(result, ExtractFailure) and result.kind == "not_found", result


@pytest.mark.parametrize(
    "apology",
    ["عذرا، هذا الخبر غير متوفر", "هذه الصفحة غير متاحة", "Sorry, this page does not exist"],
)
def test_a_page_whose_headline_is_the_apology_under_the_sites_name_is_no_article(
    apology: str,
) -> None:
    """The title is the site's name, the <h1> the apology, and under it one line of its own
    ("it may have been removed or moved"): a taken-down article, not a new one."""
    from crawler.extract import ExtractFailure

    page = (
        "<html><head><meta charset='utf-8'><title>شام برس</title></head><body>"
        f"<div class='top'><a href='/news/'>الرئيسية</a></div><h1>{apology}</h1>"
        "<p>يمكنك العودة إلى الصفحة الرئيسية لمتابعة آخر الأخبار والتقارير من مراسلينا.</p>"
        "</body></html>"
    ).encode()
    result = extract(page, "https://news.example/article.php?id=6", "text/html")
    assert isinstance(result, ExtractFailure) and result.kind == "not_found", result


def test_a_page_whose_headline_is_a_wall_is_walled_not_gone() -> None:
    """A re-check must not mark an article taken down because it is behind a wall now."""
    from crawler.extract import ExtractFailure

    page = (
        "<html><head><meta charset='utf-8'><title>شام برس</title></head><body>"
        "<h1>هذا المقال متاح للمشتركين فقط</h1><p>اشترك الآن للقراءة.</p></body></html>"
    ).encode()
    result = extract(page, "https://news.example/article.php?id=6", "text/html")
    assert isinstance(result, ExtractFailure) and result.kind == "paywall", result


@pytest.mark.parametrize(
    "headline",
    [
        "Homepage 404 errors plague government sites",
        "تقرير: الرابط غير موجود بين الحادثين",
        "Facebook page not found after hack",
        "بيان: والخبر غير متوفرة تفاصيله",
    ],
)
def test_a_headline_that_only_mentions_not_found_is_an_article(headline: str) -> None:
    body = (
        f"<html><head><meta charset='utf-8'><title>{headline}</title></head><body>"
        f"<h1>{headline}</h1><p>{SENTENCE}.</p></body></html>"
    ).encode()
    result = extract(body, "https://news.example/news/9", "text/html")
    assert isinstance(result, Extracted), result


RESULTS = (
    "<table><tr><th>المدينة</th><th>الفائز</th><th>الأصوات</th></tr>"
    "<tr><td>عمان</td><td>أحمد علي</td><td>12,345</td></tr>"
    "<tr><td>الزرقاء</td><td>سمير حسن</td><td>9,876</td></tr></table>"
)
RESULT_ROWS = [
    "المدينة | الفائز | الأصوات",
    "عمان | أحمد علي | 12,345",
    "الزرقاء | سمير حسن | 9,876",
]


def test_a_table_of_values_in_a_table_layout_is_text_row_by_row_in_its_place() -> None:
    body = page("3 فيفري 2025", after="").replace(
        PARAGRAPHS[0].encode(), (PARAGRAPHS[0] + "<br>" + RESULTS).encode()
    )
    assert text_of(body) == [PARAGRAPHS[0], *RESULT_ROWS, *PARAGRAPHS[1:]]


def test_a_table_of_values_in_an_article_element_is_text_row_by_row_in_its_place() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    body = (
        "<html><head><meta charset='utf-8'><title>وزارة النقل تعلن خطة</title></head><body>"
        "<nav><a href='/'>الرئيسية</a> <a href='/s'>سياسة</a></nav><article>"
        f"<h1>وزارة النقل تعلن خطة لتحديث شبكة القطارات</h1>{paragraphs}</article></body></html>"
    ).replace(f"</p><p>{PARAGRAPHS[1]}", f"</p>{RESULTS}<p>{PARAGRAPHS[1]}")
    assert text_of(body.encode()) == [PARAGRAPHS[0], *RESULT_ROWS, *PARAGRAPHS[1:]]


def test_a_price_tables_rows_of_figures_alone_are_text() -> None:
    """A row of figures is no date line: gold prices by carat, "24 | 66.10"."""
    prices = (
        "<table><tr><th>العيار</th><th>سعر البيع</th><th>سعر الشراء</th></tr>"
        "<tr><td>24</td><td>66.10</td><td>65.40</td></tr>"
        "<tr><td>21</td><td>58.30</td><td>57.70</td></tr></table>"
    )
    rows = ["العيار | سعر البيع | سعر الشراء", "24 | 66.10 | 65.40", "21 | 58.30 | 57.70"]
    assert text_of(article_page(middle=prices)) == [PARAGRAPHS[0], *rows, *PARAGRAPHS[1:]]


def test_a_layout_table_of_two_rows_and_columns_is_not_made_into_rows() -> None:
    """The page's menu in a row, its body in a cell of the next: a grid of the page."""
    body = (
        page("3 فيفري 2025", after="")
        .replace(
            b"<table><tr><td>",
            "<table><tr><td><a href='/'>الرئيسية</a></td><td>صحيفة الرباط</td></tr><tr><td>".encode(),
        )
        .replace(b"</td></tr></table>", b"</td><td><img src='/ad.gif'></td></tr></table>")
    )
    assert text_of(body) == PARAGRAPHS


def article_page(middle: str = "", top: str = "", end: str = "") -> bytes:
    """A modern page: the paragraphs in an <article>, something in the middle of them (and
    something at the top of the article, above its headline, or at its end)."""
    first, *rest = (f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        "<html><head><meta charset='utf-8'><title>وزارة النقل تعلن خطة</title></head><body>"
        f"<article>{top}<h1>وزارة النقل تعلن خطة لتحديث شبكة القطارات</h1>"
        f"{first}{middle}{''.join(rest)}{end}</article></body></html>"
    ).encode()


@pytest.mark.parametrize(
    "label",
    [
        "<p>اقرأ أيضا</p>",  # its links were never there, or went with the box
        "<h3>شاهد أيضا</h3><iframe src='https://www.youtube.com/embed/x'></iframe>",
        "<p><strong>إقرأ أيضاً:</strong></p>",
    ],
)
def test_a_read_also_label_with_nothing_under_it_does_not_end_the_text(label: str) -> None:
    assert text_of(article_page(label)) == PARAGRAPHS


@pytest.mark.parametrize(
    "box",
    [
        "<p><strong>اقرأ أيضًا:</strong></p><p><a href='/news/55'>محافظ الجنوب يتفقد المستشفيات"
        " الميدانية</a></p>",
        "<p><strong>اقرأ أيضا</strong></p><p><a href='/n/1'>محافظ الجنوب يتفقد المستشفيات</a></p>"
        "<p><a href='/n/2'>ارتفاع درجات الحرارة غدا</a></p>",
        "<h3>اقرأ أيضا</h3><div><a href='/n/1'>محافظ الجنوب يتفقد المستشفيات</a><br>"
        "<a href='/n/2'>ارتفاع درجات الحرارة غدا</a></div>",
        "<p><strong>اقرأ أيضا:</strong></p><div class='embed'><blockquote class='wp-embedded-content'>"
        "<a href='/n/9'>وزير الصحة يزور المستشفيات</a></blockquote></div>",
        # other sites' labels
        "<p><strong>موضوعات متعلقة</strong></p><p><a href='/s/1'>محافظ الجنوب يتفقد المستشفيات"
        " الميدانية</a></p><p><a href='/s/2'>ارتفاع درجات الحرارة غدا في معظم المناطق</a></p>",
        "<h4>اخترنا لك</h4><ul><li><a href='/n/1'>محافظ الجنوب يتفقد المستشفيات</a></li></ul>",
        "<p>روابط ذات صلة:</p><p><a href='/n/1'>محافظ الجنوب يتفقد المستشفيات</a></p>",
        # a short label over its link on one line, marks after it, an icon before it
        "<p>شاهد: <a href='/v/1'>لحظة وصول المساعدات إلى المناطق المنكوبة</a></p>",
        "<p>طالع: <a href='/n/1'>محافظ الجنوب يتفقد المستشفيات الميدانية</a></p>",
        "<p>ذات صلة &gt;&gt; <a href='/n/1'>محافظ الجنوب يتفقد المستشفيات الميدانية</a></p>",
        "<p><span class='icon'></span>اقرأ أيضا | <a href='/n/1'>محافظ الجنوب يتفقد المستشفيات"
        "</a></p>",
    ],
)
def test_a_read_also_box_of_linked_headlines_in_the_middle_goes_and_the_text_stays(
    box: str,
) -> None:
    assert text_of(article_page(box)) == PARAGRAPHS


@pytest.mark.parametrize(
    "label",
    [
        "مواضيع قد تهمك:",
        "للمزيد اقرأ:",
        "للمزيد.. إقرأ",
        "يمكنك أيضا قراءة:",
        "يمكنكم أيضاً قراءة",
        "تابع أيضا:",
        "تابعوا كذلك:",
        "انظر أيضا:",
        "لا يفوتك:",
        "You may also like:",
        "À lire également :",
    ],
)
@pytest.mark.parametrize("markup", ["<p><strong>{}</strong> {}</p>", "<p>{} {}</p>"])
def test_read_also_labels_in_other_words_go_with_their_linked_headline(
    label: str, markup: str
) -> None:
    link = "<a href='/n/212'>ارتفاع أعداد الحجاج المسجلين للموسم المقبل</a>"
    assert text_of(article_page(markup.format(label, link))) == PARAGRAPHS


def test_a_sentence_that_opens_with_follow_also_is_text() -> None:
    said = "تابع أيضا الوزير حديثه قائلا إن الحكومة ستعلن حزمة إجراءات جديدة لدعم المزارعين."
    assert text_of(article_page(f"<p>{said}</p>")) == [PARAGRAPHS[0], said, *PARAGRAPHS[1:]]


def test_a_watch_also_video_before_a_subheading_goes_and_the_text_stays() -> None:
    video = (
        "<p>شاهد أيضا</p><div class='video'><iframe src='https://www.youtube.com/embed/x'></iframe>"
        "</div><h2>ردود فعل دولية</h2>"
    )
    assert text_of(article_page(video)) == [PARAGRAPHS[0], "ردود فعل دولية", *PARAGRAPHS[1:]]


@pytest.mark.parametrize(
    "goes_on",
    [
        "وأكد الوزير أن الحكومة لن تتراجع عن قرارها مهما كانت الضغوط الخارجية",  # no period
        "وختم بالقول: «سنواصل العمل حتى النهاية»",  # a short quote
        "وقال الشاهد: كنت أسمع صراخ الأطفال من بعيد ولم أستطع أن أفعل شيئا سوى الانتظار...",
        "من جهته، رحب الاتحاد بالقرار",
    ],
)
def test_a_stray_label_before_a_paragraph_that_goes_on_does_not_end_the_text(
    goes_on: str,
) -> None:
    assert text_of(article_page(f"<p>اقرأ أيضا</p><p>{goes_on}</p>")) == [
        PARAGRAPHS[0],
        goes_on,
        *PARAGRAPHS[1:],
    ]


@pytest.mark.parametrize("label", ["<p>قد يهمك أيضاً</p>", "<h3>مقالات ذات صلة</h3>"])
def test_a_label_over_a_box_a_script_fills_in_the_middle_goes_and_the_text_stays(
    label: str,
) -> None:
    """The box is empty in the page as served (`<div id="related-widget"></div>`): the
    label alone is no end of the article."""
    box = f"{label}<div id='related-widget-3381'></div><div class='ad-slot'><br></div>"
    assert text_of(article_page(box)) == PARAGRAPHS


def test_a_related_heading_over_a_long_list_of_links_still_ends_the_text() -> None:
    """Past the few items of a box inside the text: the page's related list, after the
    article, whatever comes below it."""
    items = "".join(
        f"<div class='item'><a href='/n/{i}'>عنوان خبر آخر رقم {i} عن موضوع مختلف</a></div>"
        for i in range(9)
    )
    after = f"<h3>مقالات ذات صلة</h3>{items}<p>{SENTENCE} ثم انتهى.</p>"
    assert text_of(article_page(end=after)) == PARAGRAPHS


def test_a_read_also_label_followed_by_a_headline_still_ends_the_text() -> None:
    """The aggregator format: another story, headline first, after the label."""
    tail = "<p>الأمن العام يحذر من حالة عدم استقرار جوي</p><p>" + SENTENCE + " ثم.</p>"
    body = page("3 فيفري 2025", after="").replace(
        PARAGRAPHS[2].encode(), f"{PARAGRAPHS[2]}<p>إقرأ أيضاً:</p>{tail}".encode()
    )
    assert text_of(body) == PARAGRAPHS


@pytest.mark.parametrize(
    "run_in",
    [
        " <strong>اقرأ أيضا:</strong> <a href='/x'>وزير الزراعة يعلن خطة جديدة</a>",
        " <a href='/y'>شاهد أيضاً: لحظة وصول القطار الأول إلى المحطة</a>",
    ],
)
def test_a_read_also_headline_run_into_the_end_of_a_paragraph_is_not_text(run_in: str) -> None:
    body = article_page("").replace(
        f"{PARAGRAPHS[0]}</p>".encode(), f"{PARAGRAPHS[0]}{run_in}</p>".encode()
    )
    assert text_of(body) == PARAGRAPHS


def test_a_two_paragraph_flash_keeps_its_paragraphs_apart_and_its_headline_out() -> None:
    """trafilatura took so short a text for a failed extraction and gave the whole page
    flattened into one line instead, headline and byline glued to the paragraphs."""
    short = [
        "أعلنت وزارة النقل في الرباط عن خطة جديدة لتحديث شبكة القطارات بين المدن الكبرى.",
        "وقال الوزير إن المرحلة الأولى من الخطة تبدأ مطلع العام المقبل وتنتهي بعد عامين.",
    ]
    paragraphs = "".join(f"<p>{p}</p>" for p in short)
    body = (
        "<html><head><meta charset='utf-8'><title>وزارة النقل تعلن خطة</title></head><body>"
        "<article><h1>وزارة النقل تعلن خطة</h1><p class='byline'>بقلم: أحمد محمد العلي</p>"
        f"{paragraphs}</article></body></html>"
    ).encode()
    assert text_of(body) == short


def test_a_one_sentence_flash_is_its_sentence_without_its_headline_after_it() -> None:
    flash = "عاجل: الرئيس يصل إلى العاصمة القطرية الدوحة في زيارة رسمية تستمر يومين."
    body = (
        "<html><head><meta charset='utf-8'><title>الرئيس يصل إلى الدوحة</title></head><body>"
        "<nav><a href='/'>الرئيسية</a> <a href='/s'>سياسة</a></nav><article>"
        "<h1>الرئيس يصل إلى الدوحة</h1><div class='date'>20/11/2026</div>"
        f"<div class='article-body'><p>{flash}</p></div></article>"
        "<footer><p>جميع الحقوق محفوظة © 2026</p></footer></body></html>"
    ).encode()
    assert text_of(body) == [flash]


HEADLINE_ONLY = "الرئاسة: وفاة وزير الداخلية الأسبق إثر نوبة قلبية"


def headline_only_page(h1: str, body: str, data: str = "NewsArticle", og_type: str = "") -> bytes:
    """A breaking-news page: its h1, one line of body that is the headline again, no full stop."""
    ld = json.dumps(
        {"@context": "https://schema.org", "@type": data, "headline": h1,
         "datePublished": "2025-03-18T23:05:00+03:00"}, ensure_ascii=False,
    )  # fmt: skip
    og = f"<meta property='og:type' content='{og_type}'>" if og_type else ""
    return (
        f"<html lang='ar'><head><meta charset='utf-8'><title>{h1} | الأفق نيوز</title>{og}"
        f"<script type='application/ld+json'>{ld if data else '{}'}</script></head><body>"
        "<header><nav><a href='/'>الرئيسية</a> <a href='/s/1'>محليات</a></nav></header>"
        f"<article><h1>{h1}</h1><time datetime='2025-03-18T23:05:00+03:00'>2025-03-18</time>"
        f"<div class='post-body'>{body}</div></article>"
        "<footer>جميع الحقوق محفوظة © 2025 الأفق نيوز</footer></body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("h1", "body", "data", "og_type"),
    [
        (f"عاجل | {HEADLINE_ONLY}", f"<p>{HEADLINE_ONLY}</p>", "NewsArticle", ""),
        (HEADLINE_ONLY, f"<p>{HEADLINE_ONLY}</p>", "NewsArticle", ""),
        (f"عاجل | {HEADLINE_ONLY}", f"<p>{HEADLINE_ONLY}</p><p>التفاصيل تتبع...</p>", "NewsArticle", ""),
        (HEADLINE_ONLY, f"<p>{HEADLINE_ONLY}</p>", "", "article"),  # no data: Open Graph says article
    ],
)  # fmt: skip
def test_a_breaking_flash_whose_body_is_its_headline_again_is_archived_as_that_line(
    h1: str, body: str, data: str, og_type: str
) -> None:
    """The first minutes of a big story: the body says the headline and nothing else, with
    no full stop. On a page that says it is an article, that line is the flash's text."""
    assert text_of(headline_only_page(h1, body, data, og_type)) == [HEADLINE_ONLY]


@pytest.mark.parametrize(
    ("body", "data", "og_type"),
    [
        ("<div class='player'><iframe src='https://www.youtube.com/embed/a'></iframe></div>",
         "NewsArticle", ""),  # the headline in its h1 alone
        (f"<div class='player'><video src='/v.mp4'></video></div><p>{HEADLINE_ONLY}</p>",
         "VideoObject", "article"),  # a video's page, whatever its template's og:type
        (f"<p>{HEADLINE_ONLY}</p>", "", "website"),  # nothing says article
        (f"<p><a href='/news/2'>{HEADLINE_ONLY}</a></p>", "NewsArticle", ""),  # a link to a story
    ],
)  # fmt: skip
def test_a_page_whose_only_words_are_its_headline_is_no_flash_unless_an_article_says_it(
    body: str, data: str, og_type: str
) -> None:
    result = extract(
        headline_only_page(HEADLINE_ONLY, body, data, og_type), "https://news.example/v/1"
    )
    assert not isinstance(result, Extracted) and result.kind == "no_text", result


@pytest.mark.parametrize("heading", ["مقالات ذات صلة", "الأكثر قراءة", "اقرأ أيضا"])
def test_a_related_box_of_headlines_and_excerpts_still_ends_the_text(heading: str) -> None:
    """Its links' headlines go, its excerpts stay: they read like sentences, but they
    follow a list's heading, or end in "..." as a teaser does."""
    items = "".join(
        f"<div><a href='/news/{n}'><img src='/i/{n}.jpg'></a><a href='/news/{n}'>عنوان خبر آخر"
        f" رقم {n}</a><p>{SENTENCE} في خبر آخر رقم {n} تتابع الصحيفة تفاصيله...</p></div>"
        for n in (1, 2)
    )
    box = f"<div class='box'><h2>{heading}</h2>{items}</div>"
    assert text_of(article_page(end=box)) == PARAGRAPHS


STATEMENT = [
    "قال وزير الخارجية إن المحادثات مع الجانب الآخر ستستأنف الأسبوع المقبل في العاصمة بعد توقف"
    " دام عدة أشهر بسبب الخلافات حول الملفات العالقة بين البلدين.",
    "وأضاف الوزير في مؤتمر صحفي عقده اليوم أن بلاده ملتزمة بالحل السلمي وأنها ستعمل مع الشركاء"
    " الدوليين على إنجاح المسار التفاوضي بكل الوسائل الممكنة.",
    "وأشار إلى أن اللقاء المقبل سيتناول ملفات الحدود والمياه والتبادل التجاري، إضافة إلى قضية"
    " اللاجئين التي تشكل أولوية لدى الحكومتين في المرحلة الحالية.",
    "وتأتي هذه التصريحات في وقت تشهد فيه المنطقة توترات متصاعدة على خلفية الأحداث الأخيرة التي"
    " أثارت قلق المجتمع الدولي ودفعت إلى دعوات للتهدئة.",
    "من جهتها رحبت الأمم المتحدة بالإعلان عن استئناف المحادثات ودعت الطرفين إلى التحلي بالمرونة"
    " والعمل على التوصل إلى اتفاق شامل ينهي الخلافات.",
]


def test_paragraphs_in_a_div_after_a_few_short_ones_are_all_text() -> None:
    """Three short <p>s, then <br>-separated paragraphs in a <div>: trafilatura reads <div>s
    as paragraphs only while the <p>s hold little text; the floor set for short pages must
    not change that for this one (the fourth paragraph went missing)."""
    body = "".join(f"<p>{p}</p>" for p in STATEMENT[:3])
    body += "<div>" + "<br><br>".join(STATEMENT[3:]) + "</div>"
    page = (
        "<html lang='ar'><head><meta charset='utf-8'><title>عنوان الخبر</title></head><body>"
        "<nav><a href='/'>الرئيسية</a></nav><div class='post-content'><h1>عنوان الخبر</h1>"
        f"{body}</div><footer>جميع الحقوق محفوظة</footer></body></html>"
    )
    assert text_of(page.encode()) == STATEMENT


@pytest.mark.parametrize(
    "labels",
    [("الكاتب:", "تاريخ الإضافة:", "عدد الزوار:"), ("المراسل:", "بتاريخ:", "مرات القراءة:")],
)
def test_a_details_table_with_other_labels_is_not_text(labels: tuple[str, str, str]) -> None:
    values = ("محمد أحمد", "08/12/2024", "1520")
    rows = "".join(
        f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in zip(labels, values, strict=True)
    )
    assert text_of(article_page(top=f"<table>{rows}</table>")) == PARAGRAPHS


def test_a_table_of_the_pages_labelled_details_is_not_text() -> None:
    """ "الكاتب: | فلان" and a view counter would be text, and a new count an edit."""
    details = (
        "<table><tr><td>الكاتب:</td><td>محمد أحمد</td></tr><tr><td>التاريخ:</td>"
        "<td>08/12/2024</td></tr><tr><td>عدد المشاهدات:</td><td>1520</td></tr></table>"
    )
    assert text_of(article_page(top=details)) == PARAGRAPHS


def test_a_table_row_that_opens_with_a_comment_is_read_not_a_crash() -> None:
    table = "<table><tr><!-- c --><td>الأهلي</td><td>3</td></tr><tr><td>الزمالك</td><td>1</td></tr></table>"
    body = article_page(table)
    assert text_of(body) == [PARAGRAPHS[0], "الأهلي | 3", "الزمالك | 1", *PARAGRAPHS[1:]]


def test_a_flash_keeps_its_paragraphs_apart_beside_a_footer_paragraph() -> None:
    short = [
        "أعلنت وزارة النقل في الرباط عن خطة جديدة لتحديث شبكة القطارات بين المدن الكبرى.",
        "وقال الوزير إن المرحلة الأولى من الخطة تبدأ مطلع العام المقبل وتنتهي بعد عامين.",
    ]
    footer = (
        "<footer><p>" + "موقع إخباري مستقل يغطي أخبار المغرب والعالم العربي. " * 4 + "</p></footer>"
    )
    body = (
        "<html><head><meta charset='utf-8'><title>وزارة النقل تعلن خطة</title></head><body>"
        "<article><h1>وزارة النقل تعلن خطة</h1><p class='byline'>بقلم: أحمد محمد العلي</p>"
        f"{''.join(f'<p>{p}</p>' for p in short)}</article>{footer}</body></html>"
    ).encode()
    assert text_of(body)[:2] == short


@pytest.mark.parametrize(
    "after",
    [
        "<p>قد يهمك أيضا:</p><p>أكدت مديرية الأرصاد الجوية أن المنخفض الجوي سيؤثر على المملكة"
        " اعتبارا من مساء الغد مع هطول أمطار غزيرة في المناطق الشمالية والوسطى.</p>",
        "<p>اقرأ المزيد</p><p>أكدت مديرية الأرصاد الجوية أن المنخفض الجوي سيؤثر على المملكة"
        " اعتبارا من مساء الغد مع هطول أمطار غزيرة في المناطق الشمالية والوسطى.</p>",
        "<p>إقرأ أيضاً:</p><p>أكدت مديرية الأرصاد الجوية أن المنخفض الجوي سيؤثر على المملكة"
        " اعتبارا من مساء الغد مع هطول أمطار غزيرة...</p><p>وأوضحت المديرية أن درجات الحرارة"
        " ستنخفض إلى ما دون معدلاتها العامة بنحو ثماني درجات مئوية.</p>",
    ],
)
def test_what_follows_a_related_label_or_a_teaser_after_the_article_is_not_its_text(
    after: str,
) -> None:
    assert text_of(article_page(end=after)) == PARAGRAPHS


def test_a_table_keeps_its_values_without_its_source_line_and_a_specs_table_is_text() -> None:
    results = (
        "<table><tr><th>الفريق</th><th>نقاط</th></tr><tr><td>الأهلي</td><td>25</td></tr>"
        "<tr><td colspan='2'>المصدر: الاتحاد المصري لكرة القدم</td></tr></table>"
    )
    assert text_of(article_page(results))[1:3] == ["الفريق | نقاط", "الأهلي | 25"]
    specs = (
        "<table><tr><td>الشاشة:</td><td>6.1 بوصة</td></tr><tr><td>المعالج:</td><td>A18</td></tr>"
        "<tr><td>السعر:</td><td>799 دولارا</td></tr></table>"
    )
    assert text_of(article_page(specs))[1:4] == [
        "الشاشة: | 6.1 بوصة",
        "المعالج: | A18",
        "السعر: | 799 دولارا",
    ]


def test_a_one_paragraph_article_is_its_paragraph_not_the_page_flattened() -> None:
    one = "أعلنت وزارة النقل في الرباط يوم أمس عن خطة جديدة لتحديث شبكة القطارات بين المدن الكبرى."
    body = (
        "<html><head><meta charset='utf-8'><title>وزارة النقل تعلن خطة</title></head><body>"
        "<nav><a href='/'>الرئيسية</a> <a href='/s'>سياسة</a></nav><h1>وزارة النقل تعلن خطة</h1>"
        "<article><div class='byline'>بقلم: أحمد محمد العلي</div><time>الأحد 8 ديسمبر 2024</time>"
        f"<div class='share'>شارك على فيسبوك تويتر واتساب</div><p>{one}</p></article></body></html>"
    ).encode()
    assert text_of(body) == [one]


FLASH = [
    "عاجل: أعلنت وزارة الداخلية فرض حظر تجول شامل في العاصمة ابتداء من الساعة الثامنة مساء"
    " اليوم وحتى إشعار آخر.",
    "وقالت الوزارة في بيان إن القرار جاء بعد تصاعد الاحتجاجات.",
]


def cards(n: int = 4) -> str:
    return "".join(
        f"<div class='card'><a href='/n/{i}'>عنوان خبر آخر رقم {i}</a><p>مقتطف من خبر آخر عن"
        f" موضوع مختلف تماما يتحدث عن الاقتصاد والأسواق رقم {i}</p></div>"
        for i in range(n)
    )


def test_a_short_flash_is_its_paragraphs_without_the_teaser_cards_beside_it() -> None:
    body = (
        "<html><head><meta charset='utf-8'><title>حظر تجول في العاصمة</title></head><body>"
        f"<article><h1>حظر تجول في العاصمة</h1>{''.join(f'<p>{p}</p>' for p in FLASH)}</article>"
        f"<section>{cards()}</section></body></html>"
    ).encode()
    assert text_of(body) == FLASH


def old_layout(cell: str, sidebar_first: bool = True) -> bytes:
    """A table layout of the 2000s: a header row, a sidebar cell of links and a poll, the
    article's cell written without <p> (lines apart by <br>), a copyright row."""
    links = "".join(
        f"<a href='/show.asp?id={i}'>عنوان خبر آخر رقم {i} في الموقع</a><br>" for i in range(6)
    )
    side = f"<td width='25%' class='side'><b>آخر الأخبار</b><br>{links}<br><b>استطلاع الرأي</b><br>هل تؤيد القرار؟ نعم - لا</td>"
    main = f"<td valign='top'>{cell}</td>"
    row = side + main if sidebar_first else main + side
    return (
        "<html dir='rtl'><head><meta charset='utf-8'><title>وزارة النقل تعلن خطة - جريدة القديم</title>"
        "</head><body><table width='100%'><tr><td colspan='2'><img src='/logo.gif'> جريدة القديم"
        f" الإلكترونية — <a href='/'>الرئيسية</a> | <a href='/n'>أخبار</a></td></tr><tr>{row}</tr>"
        "<tr><td colspan='2'><font size='1'>جميع الحقوق محفوظة لجريدة القديم 2026</font></td></tr>"
        "</table></body></html>"
    ).encode()  # fmt: skip


@pytest.mark.parametrize("sidebar_first", [True, False])
@pytest.mark.parametrize(
    "date_line", ["الأحد 8 نوفمبر 2026", "٢٧ جمادى الأولى ١٤٤٨هـ", "18/11/2026"]
)
def test_an_old_table_layout_gives_the_articles_lines_without_header_sidebar_or_date(
    sidebar_first: bool, date_line: str
) -> None:
    cell = (
        f"<font size='5'><b>وزارة النقل تعلن خطة</b></font><br><font color='gray'>{date_line}"
        "</font><br><br>" + "<br><br>".join(PARAGRAPHS)
    )
    assert text_of(old_layout(cell, sidebar_first)) == PARAGRAPHS


TEASER_HEADS = ["الملك يستقبل رئيس مجلس الأعيان", "وفاة شاب بحادث سير على الطريق الصحراوي",
                "منخفض جوي يؤثر على المملكة", "الحكومة ترفع أسعار المحروقات"]  # fmt: skip
SIDE_BOXES = {
    "prices": "<table border='1'><tr><td colspan='3'><b>أسعار العملات</b></td></tr>"
    "<tr><td>العملة</td><td>شراء</td><td>بيع</td></tr><tr><td>الدولار الأمريكي</td><td>0.708</td>"
    "<td>0.710</td></tr><tr><td>الذهب عيار 21</td><td>22.40</td><td>22.60</td></tr></table>",
    "prayer times": "<table><tr><td colspan='2'><b>مواقيت الصلاة - عمان</b></td></tr>"
    "<tr><td>الفجر</td><td>4:32</td></tr><tr><td>الظهر</td><td>12:41</td></tr></table>",
    "latest news with excerpts": "<b>آخر الأخبار</b><br>"
    + "".join(
        f"<a href='/news.asp?id={40 + i}'><b>{h}</b></a><br><font size='1'>أكد المسؤولون خلال"
        f" اللقاء أهمية التعاون بين الجهات في المرحلة المقبلة رقم {i} ...</font><br><br>"
        for i, h in enumerate(TEASER_HEADS)
    ),
    "most read as plain lines": "<table><tr><td class='boxtitle'>الأكثر قراءة</td></tr><tr><td>"
    + "<br>".join(f"<img src='/img/arrow.gif'> {h}" for h in TEASER_HEADS)
    + "</td></tr></table>",
}


def three_columns(story: str, side: str) -> bytes:
    """A legacy portal's 3-column table layout: menu, the story's cell, a side cell."""
    menu = "".join(f"<a href='/section.asp?id={i}'>قسم {i}</a><br>" for i in range(4))
    return (
        "<html dir='rtl'><head><meta charset='utf-8'><title>الحدث نت - وزارة النقل تعلن خطة"
        "</title></head><body><table width='778'><tr>"
        f"<td width='150' valign='top'>{menu}</td><td valign='top'><table width='100%'>"
        "<tr><td class='title'>وزارة النقل تعلن خطة</td></tr><tr><td class='date'>الخميس 9"
        f" أبريل 2009</td></tr><tr><td>{story}</td></tr></table></td>"
        f"<td width='200' valign='top'>{side}</td></tr></table></body></html>"
    ).encode()


@pytest.mark.parametrize("box", SIDE_BOXES)
@pytest.mark.parametrize("short", [True, False])
def test_the_boxes_of_a_table_layouts_side_column_are_not_text(box: str, short: bool) -> None:
    """A 3-column table layout: menu, the story's cell, a side cell of boxes (a price or
    prayer-times table, the latest stories' headlines over their excerpts, plain headlines).
    The side cell is beside the story's: none of it is the article's, however short the story
    (a short one's page is mostly its side column)."""
    paragraphs = SHORT_ITEM if short else PARAGRAPHS
    body = three_columns("<br><br>".join(paragraphs), SIDE_BOXES[box])
    assert text_of(body) == paragraphs


def test_a_table_of_values_in_the_story_cell_of_a_3_column_layout_is_text() -> None:
    story = f"{PARAGRAPHS[0]}<br>{RESULTS}<br>{PARAGRAPHS[1]}"
    body = three_columns(story, SIDE_BOXES["prices"])
    assert text_of(body) == [PARAGRAPHS[0], *RESULT_ROWS, PARAGRAPHS[1]]


SHORT_ITEM = [
    "أخمدت كوادر الدفاع المدني فجر السبت حريقا كبيرا اندلع في مستودع للأخشاب والمواد العازلة"
    " في المنطقة الصناعية شرقي المدينة، دون وقوع إصابات بشرية.",
    "وقال مدير الدفاع المدني إن فرق الإطفاء وصلت إلى الموقع خلال دقائق.",
]


@pytest.mark.parametrize("sidebar_first", [True, False])
@pytest.mark.parametrize("paragraphs", [SHORT_ITEM[:1], SHORT_ITEM])
def test_a_short_item_in_an_old_table_layout_is_its_paragraphs_not_the_page_as_table_rows(
    sidebar_first: bool, paragraphs: list[str]
) -> None:
    """A cell under 300 characters (a brief of one or two paragraphs) beside a column of
    links: the layout was taken for a table of values, the page written as "cell | cell"."""
    cell = (
        "<font size='4'><b>وزارة النقل تعلن خطة</b></font><br><font size='1'>تاريخ النشر:"
        " 07/12/2024</font><br><br>" + "".join(f"<p>{p}</p>" for p in paragraphs)
    )
    assert text_of(old_layout(cell, sidebar_first)) == paragraphs


def test_a_table_of_values_keeps_the_lines_of_a_cell_apart() -> None:
    """A cell's lines between <br>s are read apart: "أحمد عليوزير النقل" was one word."""
    table = (
        "<table><tr><th>الاسم</th><th>الأصوات</th></tr>"
        "<tr><td>أحمد علي<br>وزير النقل</td><td>120</td></tr>"
        "<tr><td><p>سمير حسن</p><p>وزير المالية</p></td><td>95</td></tr></table>"
    )
    assert text_of(article_page(table))[1:4] == [
        "الاسم | الأصوات",
        "أحمد علي وزير النقل | 120",
        "سمير حسن وزير المالية | 95",
    ]


@pytest.mark.parametrize("wrapper", ["<div id='main'>", "<div class='content'>", "<div>"])
def test_a_related_news_cell_of_a_table_layout_is_not_text_inside_a_main_container(
    wrapper: str,
) -> None:
    """A cell of linked headlines and their excerpts beside the body's cell, its label in a
    <b> over them: inside a container trafilatura reads whole (id=main), the cell was text,
    its label glued to the first headline ("أخبار ذات صلةانخفاض …")."""
    side = "<td valign='top' width='220'><b>أخبار ذات صلة</b>" + "".join(
        f"<div><a href='/news/{k}'>{h}</a><br><small>{e}</small></div>"
        for k, (h, e) in enumerate(
            [
                ("انخفاض أعداد السياح في البتراء", "تراجعت أعداد زوار المدينة الأثرية خلال…"),
                ("الأعيان يقر قانون حماية البيانات", "أقر مجلس الأعيان في جلسة عقدها اليوم…"),
            ]
        )
    )
    page = (
        "<html lang='ar'><head><meta charset='utf-8'><title>وزارة النقل تعلن خطة</title></head>"
        f"<body><div id='header'><a href='/'>صحيفة الرباط</a></div>{wrapper}"
        "<h1>وزارة النقل تعلن خطة</h1><table width='100%'><tr><td valign='top'>"
        f"{'<br><br>'.join(PARAGRAPHS)}</td>{side}</tr></table></div>"
        "<div id='footer'>جميع الحقوق محفوظة 2024</div></body></html>"
    )
    assert text_of(page.encode()) == PARAGRAPHS


def test_the_headline_again_in_quotation_marks_the_title_drops_is_not_text() -> None:
    """The body repeats the headline as the h1 writes it, '"شعر وردي …"… لغز …', where the
    <title> has no quotation marks."""
    headline = "شعر وردي يشعل السخرية… لغز لون شعر الرئيس يربك الجمهور"
    quoted = "«شعر وردي يشعل السخرية»… لغز لون شعر الرئيس يربك الجمهور"
    page = (
        f"<html><head><meta charset='utf-8'><title>{headline}</title></head><body>"
        f"<h1>{quoted}</h1><div class='body'><span>{quoted}</span>"
        f"{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}</div></body></html>"
    )
    assert text_of(page.encode()) == PARAGRAPHS


def test_a_date_line_between_brs_under_a_headline_that_is_no_h1_dates_the_article() -> None:
    cell = (
        "<font size='5'><b>وزارة النقل تعلن خطة</b></font><br>الأحد 8 نوفمبر 2026<br><br>"
        + "<br><br>".join(PARAGRAPHS)
    )
    result = extract(old_layout(cell), "https://news.example/show.asp?id=4", "text/html")
    assert isinstance(result, Extracted)
    assert (result.published_at, result.published_from) == ("2026-11-08", "text")


def test_text_between_brs_in_one_div_keeps_its_paragraphs_apart() -> None:
    body = article_page().replace(
        "".join(f"<p>{p}</p>" for p in PARAGRAPHS[1:]).encode(),
        ("<div>" + "<br><br>".join(PARAGRAPHS[1:]) + "</div>").encode(),
    )
    assert text_of(body) == PARAGRAPHS


@pytest.mark.parametrize("block", ["section", "div"])
def test_paragraphs_written_as_blocks_without_p_stay_apart_beside_a_sidebar(block: str) -> None:
    paragraphs = "".join(f"<{block}>{p}</{block}>" for p in PARAGRAPHS)
    cell = f"<h1>وزارة النقل تعلن خطة</h1><{block} class='story'>{paragraphs}</{block}>"
    assert text_of(old_layout(cell)) == PARAGRAPHS


def test_a_sentence_long_block_among_its_bodys_paragraph_blocks_is_kept() -> None:
    """One <div class=txt> per paragraph, one of them a sentence: it was passed over (too
    short for a paragraph on its own), and the body lost it without a trace."""
    short = "كما عطلت عدة دول الرحلات الجوية والبرية خشية انتشار الفيروس."
    lines = [*PARAGRAPHS[:2], short, *PARAGRAPHS[2:]]
    blocks = "".join(f"<div class='txt'>{p}</div>" for p in lines)
    sidebar = (
        "<div class='side'>الأكثر قراءة<br>"
        + "<br>".join(f"<a href='/n/{n}'>خبر رقم {n} في الشريط الجانبي</a>" for n in range(5))
        + "</div>"
    )
    cell = f"<h1>وزارة النقل تعلن خطة</h1><div class='body'>{blocks}</div>{sidebar}"
    assert text_of(old_layout(cell)) == lines


def test_short_lines_among_a_bodys_paragraph_blocks_are_kept_in_place() -> None:
    """One <div> a paragraph: an interview's short question and a release's contact lines,
    too short to be measured, were passed over between the paragraphs kept around them."""
    lines = [
        PARAGRAPHS[0], "سؤال: وما الحل برأيك؟", PARAGRAPHS[1], PARAGRAPHS[2],
        "للتواصل:", "هالة منصور", "مديرة العلاقات العامة", "هاتف: 971501234567+",
    ]  # fmt: skip
    blocks = "".join(f"<div>{line}</div>" for line in lines)
    blocks = blocks.replace("سؤال:", "<b>سؤال:</b>").replace(
        "<div>للتواصل:", "<div><b>للتواصل:</b>"
    )
    cell = f"<h1>وزارة النقل تعلن خطة</h1><div class='news-body'>{blocks}</div>"
    assert text_of(old_layout(cell)) == lines


OPENING = (
    "افتتحت وزارة الصحة اليوم مستشفى جديدا في شمال المدينة يخدم نحو مئة ألف نسمة من سكان"
    " الأحياء المجاورة والقرى المحيطة بها."
)
SENTENCES = [
    "ويضم المستشفى أقساما للطوارئ والولادة والأطفال ومختبرا وصيدلية.",
    "وبلغت كلفة البناء والتجهيز خمسة ملايين دينار من موازنة الوزارة.",
    "وقال الوزير إن مستشفيين آخرين سيفتتحان هذا العام.",
    "وسيعمل المستشفى بنظام الملف الطبي الإلكتروني.",
]
SITE_FOOTER = [
    "صوت الشمال صحيفة إلكترونية يومية مرخصة تصدر عن شركة الشمال للنشر، ورئيس التحرير"
    " المسؤول: سامر خليل. المواد المنشورة تعبر عن كتابها ولا تعبر عن رأي الصحيفة.",
    "هاتف: 064000000 | بريد: info@shamal.example",
]


def div_soup(body: list[str], footer: list[str] = SITE_FOOTER) -> bytes:
    """A page written in <div>s only: a paragraph a bare <div>, a footer of <div>s."""
    blocks = "".join(f"<div>{line}</div>" for line in body)
    foot = "".join(f"<div>{line}</div>" for line in footer)
    return (
        "<html dir='rtl'><head><meta charset='utf-8'><title>افتتاح مستشفى جديد</title></head>"
        "<body><div class='hdr'><a href='/'>صوت الشمال</a> <a href='/c/1'>أخبار</a></div>"
        "<div class='wr'><div class='ttl'>افتتاح مستشفى جديد</div><div class='inf'>10/03/2025</div>"
        f"<div class='txt'>{blocks}</div></div><div class='ftr'>{foot}</div></body></html>"
    ).encode()


@pytest.mark.parametrize(
    "body", [[OPENING, *SENTENCES], SENTENCES], ids=["long-opening", "all-sentences"]
)
def test_a_body_of_sentence_long_blocks_beside_a_footers_long_block_is_read_whole(
    body: list[str],
) -> None:
    """Each paragraph a bare <div>, most of them a sentence: the footer's one long block
    outweighed them, and once the crawl had learned the footer as chrome the article was its
    first sentence, or nothing."""
    learned = frozenset(chrome_key(line) for line in SITE_FOOTER)
    assert text_of(div_soup(body), chrome=learned) == body


@pytest.mark.parametrize("footer", [SITE_FOOTER, []], ids=["footer", "no-footer"])
@pytest.mark.parametrize("short_first", [False, True])
def test_a_two_paragraph_body_of_blocks_keeps_its_short_paragraph(
    footer: list[str], short_first: bool
) -> None:
    """A short closing (or opening) sentence beside one long paragraph, as a later page of
    an article may end: it was dropped as too short on its own."""
    body = [SENTENCES[2], OPENING] if short_first else [OPENING, SENTENCES[2]]
    learned = frozenset(chrome_key(line) for line in footer)
    assert text_of(div_soup(body, footer), chrome=learned) == body


def test_a_box_of_figures_with_its_source_row_is_text_without_the_source() -> None:
    rows = [("عدد السكان:", "11.3 مليون نسمة"), ("نسبة البطالة:", "21.4%"), ("التضخم:", "2.1%")]
    box = "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in rows)
    box += "<tr><td>المصدر:</td><td>دائرة الإحصاءات العامة</td></tr>"
    lines = text_of(article_page(f"<table>{box}</table>"))
    assert lines[1:4] == [f"{k} | {v}" for k, v in rows]
    assert lines[4:] == PARAGRAPHS[1:]


def test_a_sources_body_selector_over_a_layout_cell_gives_its_lines_apart() -> None:
    cell = "<br><br>".join(PARAGRAPHS)
    body = (
        "<html><head><meta charset='utf-8'><title>وزارة النقل تعلن خطة</title></head><body>"
        f"<div class='story'><table><tr><td>{cell}</td></tr></table></div></body></html>"
    ).encode()
    options = ExtractOptions(body_selector=".story")
    result = extract(body, "https://news.example/akhbar/1.html", "text/html", options)
    assert isinstance(result, Extracted)
    assert result.text.split("\n") == PARAGRAPHS


@pytest.mark.parametrize(
    "ticker",
    [
        "<div class='ticker'>عاجل | إغلاق طريق المطار بسبب حادث سير | الملك يصل إلى باريس</div>",
        "<marquee>عاجل: إغلاق طريق المطار بسبب حادث سير - الملك يصل إلى باريس</marquee>",
        "<div id='breaking-news-ticker'><span>عاجل</span><a href='/n/9'>الملك يصل إلى باريس</a></div>",
    ],
)
def test_a_breaking_news_ticker_is_not_the_text_of_a_short_flash(ticker: str) -> None:
    body = (
        "<html><head><meta charset='utf-8'><title>حظر تجول في العاصمة</title></head><body>"
        f"<header>{ticker}</header><article><h1>حظر تجول في العاصمة</h1>"
        f"{''.join(f'<p>{p}</p>' for p in FLASH)}</article></body></html>"
    ).encode()
    assert text_of(body) == FLASH


def agency_page(
    paragraphs: list[str], ticker_class: str = "bar", title: str = "حظر تجول في العاصمة"
) -> bytes:
    """An agency's flash page: a header ticker of other flashes, the flash, a grid of the
    latest headlines and a footer with an "about us" paragraph."""
    others = [f"عاجل: عنوان خبر رقم {k} عن حدث مختلف في المنطقة" for k in range(100, 112)]
    grid = "".join(
        f"<div class='card'><a href='/news/{k}'><img src='/t.jpg'><h4>{t}</h4></a>"
        f"<span class='card-time'>2026-12-02</span></div>"
        for k, t in enumerate(others)
    )
    about = (
        "<div class='footer-about'><h5>من نحن</h5><p>وكالة الأنباء المستقلة مؤسسة إعلامية خاصة"
        " تأسست عام 2009، وتقدم خدمة إخبارية على مدار الساعة باللغة العربية تغطي الأحداث المحلية"
        " والإقليمية والدولية عبر شبكة واسعة من المراسلين في أكثر من ثلاثين دولة.</p></div>"
    )
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html lang='ar'><head><meta charset='utf-8'><title>{title} - وكالة</title>"
        f"</head><body><header><div class='logo'>وكالة الأنباء المستقلة</div>"
        f"<div class='{ticker_class}'>عاجل | {' | '.join(others[:3])}</div></header>"
        f"<div class='container'><div class='story'><h1>{title}</h1>"
        f"<div class='story-date'>2026-12-02 08:30</div><div class='story-text'>{body}</div></div>"
        f"<div class='latest'><h3>آخر الأخبار</h3><div class='grid'>{grid}</div></div></div>"
        f"<footer>{about}<div class='copy'>جميع الحقوق محفوظة © وكالة 2026</div></footer>"
        "</body></html>"
    ).encode()


@pytest.mark.parametrize("ticker_class", ["bar", "ticker", "news-ticker"])
@pytest.mark.parametrize("paragraphs", [FLASH[:1], FLASH])
def test_an_agency_flash_is_its_sentences_without_the_ticker_headline_or_date(
    paragraphs: list[str], ticker_class: str
) -> None:
    assert text_of(agency_page(paragraphs, ticker_class)) == paragraphs


@pytest.mark.parametrize(
    ("title", "flash"),
    [
        ("عاجل: انفجار ضخم في ميناء بيروت", "دوي انفجار ضخم يهز ميناء بيروت الآن."),
        (
            "وفاة الفنان عادل حسني",
            "توفي الفنان عادل حسني صباح اليوم عن عمر ناهز 78 عاما بعد صراع مع المرض.",
        ),
    ],
)
def test_a_flash_of_one_short_sentence_is_archived(title: str, flash: str) -> None:
    assert text_of(agency_page([flash], title=title)) == [flash]


@pytest.mark.parametrize(
    ("title", "flash"),
    [
        ("السعودية تعلن موعد عيد الفطر", "أعلنت المحكمة العليا أن يوم الأحد أول أيام شوال."),
        ("عاجل | زلزال يضرب جنوب تركيا", "A 6.1 magnitude earthquake struck southern Turkey."),
        ("وصول أمير البلاد إلى الرياض", "وصل أمير البلاد المفدى إلى الرياض قبل قليل. (قنا)"),
        ("الحكومة تحذف ثلاثة أصفار من العملة", "قررت الحكومة حذف ثلاثة أصفار من العملة الوطنية."),
        ("تعويض لمشتركي الإنترنت", "هيئة الاتصالات تقرر صرف تعويض للمشتركين بعد انقطاع الخدمة."),
    ],
)
def test_a_flash_worded_apart_from_its_headline_or_signed_is_archived(
    title: str, flash: str
) -> None:
    assert text_of(agency_page([flash], title=title)) == [flash]


@pytest.mark.parametrize(
    "line",
    [
        "شاهد الفيديو",  # no sentence
        "هل تؤيد قرار فرض حظر التجول في العاصمة؟",  # a poll's question
        "عذرا، هذا الخبر عن حظر التجول لم يعد متاحا على الموقع.",  # a notice
        "سجل دخولك أو اشترك الآن لقراءة المقال كاملا.",  # a paywall
        "حمل تطبيق وكالة الأنباء الآن لتصلك الأخبار أولا بأول.",  # an app's promotion
        "يرجى تفعيل جافا سكريبت في متصفحك لعرض هذه الصفحة.",
        "الصفحة التي تبحث عنها غير موجودة أو تم نقلها.",
        "عفوا، المقال الذي تبحث عنه لم يعد موجودا على الموقع.",
        "جاري تحميل المحتوى، يرجى الانتظار قليلا...",
        "تم حذف الخبر بناء على طلب الناشر لأسباب قانونية.",
        "قم بتسجيل الدخول لمتابعة قراءة المقال كاملا.",
        "The page you are looking for could not be found.",
        "Cet article n'est plus disponible sur notre site.",
        "La page demandée est introuvable sur notre site.",
        "Cet article est réservé aux abonnés de notre journal.",
        "Cet article n’est plus disponible sur notre site.",
        "La suite de cet article est réservée aux abonnés.",
        "This content is only available to subscribers.",
        "Cet article est réservé à nos abonnés.",
        "Ce contenu est accessible uniquement aux abonnés.",
        "هذا المحتوى حصري لمشتركي الموقع فقط.",
        "Désolé, cette page n’existe pas ou a été déplacée.",
        "الصفحة المطلوبة غير موجودة، ربما تم حذفها أو نقلها إلى عنوان آخر.",
        "الصفحة التي طلبتها لم تعد موجودة على الموقع.",
        "The page you are looking for doesn't exist or has been moved.",
        "You have reached your limit of free articles this month.",
        "This article is available to subscribers only.",
        "La page que vous recherchez n'existe pas ou a été déplacée.",
        "The article has been removed.",
        "تم حذف الخبر لمخالفته سياسة النشر.",
    ],
)
def test_a_short_line_that_is_no_flash_gives_no_article(line: str) -> None:
    result = extract(agency_page([line]), "https://news.example/akhbar/1.html")
    # A notice about the page says so: on a re-check it marks the archived article gone.
    assert not isinstance(result, Extracted) and result.kind in ("no_text", "notice", "paywall")


@pytest.mark.parametrize(
    "notice",
    [
        "عذرا، هذا الخبر لم يعد متاحا. ربما تم حذفه أو نقله إلى رابط آخر. يمكنكم العودة إلى"
        " الصفحة الرئيسية لمتابعة آخر الأخبار.",
        "This article is for subscribers only. Subscribe now to continue reading and get"
        " unlimited access to all our journalism.",
        "Sorry, this story is no longer available. It may have been removed by the editors or"
        " the link you followed may be out of date.",
        "Cet article est réservé aux abonnés. Connectez-vous pour lire la suite ou abonnez-vous"
        " dès maintenant pour 1 euro le premier mois.",
        "يرجى تسجيل الدخول لمتابعة قراءة هذا الخبر. أنشئ حسابا مجانيا للوصول إلى جميع مقالاتنا"
        " وتغطياتنا الخاصة.",
        "Please log in to read this article. Create a free account to continue reading all of"
        " our coverage.",
        "Sorry, the article you requested no longer exists. It may have been removed by the"
        " editors.",
        "Connectez-vous pour lire la suite de cet article. Créez un compte gratuit pour accéder"
        " à tous nos contenus.",
    ],
)
def test_a_page_notice_with_more_to_say_than_a_flash_gives_no_article(notice: str) -> None:
    result = extract(agency_page([notice]), "https://news.example/akhbar/1.html")
    assert not isinstance(result, Extracted) and result.kind in ("notice", "paywall")
    # A story of the same length that opens otherwise is an article.
    story = notice.replace(notice.split(".")[0], "The council approved the budget on Monday")
    assert isinstance(
        extract(agency_page([story]), "https://news.example/akhbar/1.html"), Extracted
    )


def test_a_bio_and_a_disclaimer_in_divs_under_a_long_article_are_not_text() -> None:
    boxes = (
        "<div class='disclaimer'>جميع الحقوق محفوظة للموقع ولا يجوز نقل هذا المحتوى أو"
        " إعادة نشره دون إذن خطي مسبق من إدارة التحرير تحت طائلة المساءلة القانونية.</div>"
        "<div class='author-bio'>محمد أحمد صحفي متخصص في الشؤون الاقتصادية، عمل في عدد من"
        " الصحف العربية ويكتب في قضايا الطاقة والأسواق منذ أكثر من عشر سنوات.</div>"
    )
    assert text_of(article_page(end=boxes)) == PARAGRAPHS


def test_sidebar_teasers_written_as_a_link_a_br_and_an_excerpt_are_not_text() -> None:
    items = "".join(
        f"<div class='item'><a href='/news.php?id={k}'>عنوان خبر آخر رقم {k} في الموقع</a><br>"
        f"مقتطف من خبر آخر رقم {k} عن موضوع مختلف تماما يتحدث عن الاقتصاد والأسواق.</div>"
        for k in range(3)
    )
    paragraphs = "".join(f"<p>{p}</p>" for p in FLASH)
    body = (
        "<html><head><meta charset='utf-8'><title>حظر تجول في العاصمة</title></head><body>"
        f"<div class='wrap'><div class='col-main'><h1>حظر تجول في العاصمة</h1>{paragraphs}</div>"
        f"<div class='col-side'><div class='side-title'>آخر الأخبار</div>{items}</div></div>"
        "</body></html>"
    ).encode()
    assert text_of(body) == FLASH


@pytest.mark.parametrize(
    "holder",
    ["<p><span style='font-size:14px'>{}</span></p>", "<div><font face='Arial'>{}</font></div>"],
)
def test_paragraphs_between_brs_inside_an_inline_element_stay_apart(holder: str) -> None:
    middle = holder.format("<br><br>".join(PARAGRAPHS[1:]))
    body = article_page().replace(
        "".join(f"<p>{p}</p>" for p in PARAGRAPHS[1:]).encode(), middle.encode()
    )
    assert text_of(body) == PARAGRAPHS


def test_a_read_also_box_of_teasers_with_excerpts_still_ends_the_text() -> None:
    box = (
        "<p><strong>اقرأ أيضا:</strong></p><p><a href='/article/999'><img src='/t.jpg'></a></p>"
        "<p><a href='/article/999'>البنك المركزي يثبت أسعار الفائدة للمرة الثالثة</a></p>"
        "<p>قررت لجنة السياسة النقدية في البنك المركزي الإبقاء على أسعار الفائدة دون تغيير في"
        " اجتماعها الأخير، مشيرة إلى استقرار معدلات التضخم.</p>"
        "<p><a href='/article/1000'>ارتفاع احتياطي النقد الأجنبي إلى مستوى قياسي</a></p>"
        "<p>كشفت بيانات رسمية عن ارتفاع صافي الاحتياطيات الدولية للبلاد خلال الشهر الماضي.</p>"
    )
    assert text_of(article_page(end=box)) == PARAGRAPHS


def test_a_box_of_the_pages_details_with_two_known_labels_among_others_is_not_text() -> None:
    rows = [("الكاتب:", "سعاد محمود"), ("التاريخ:", "5 يناير 2026"), ("التقييم:", "4.5 من 5"),
            ("الطباعة:", "نسخة للطباعة"), ("الوسوم:", "مسرح، مهرجان")]  # fmt: skip
    box = "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in rows)
    assert text_of(article_page(top=f"<table>{box}</table>")) == PARAGRAPHS


def script_rendered(state: dict, shown: str = PARAGRAPHS[0]) -> bytes:
    """A script-rendered page: the lead in the HTML, the rest of the body in the app's data."""
    return (
        "<html><head><meta charset='utf-8'><title>وزارة النقل تعلن خطة</title></head><body>"
        f"<main><h1>وزارة النقل تعلن خطة لتحديث شبكة القطارات</h1><p>{shown}</p>"
        "<button>اقرأ المزيد</button></main><script id='__NEXT_DATA__' type='application/json'>"
        f"{json.dumps(state, ensure_ascii=False)}</script></body></html>"
    ).encode()


def test_a_script_rendered_article_is_its_whole_body_from_the_pages_data() -> None:
    blocks = [{"type": "paragraph", "text": p} for p in PARAGRAPHS]
    blocks.insert(1, {"type": "image", "src": "/a.jpg"})
    article = {"id": 7, "title": "وزارة النقل تعلن خطة لتحديث شبكة القطارات", "body": blocks}
    state = {"props": {"pageProps": {"article": article}}}
    assert text_of(script_rendered(state)) == PARAGRAPHS


@pytest.mark.parametrize(
    "block",
    [
        lambda p: {"id": "x1", "type": "paragraph", "data": {"text": p}},  # Editor.js
        lambda p: {  # Sanity's Portable Text: the text in runs, a bold one among them
            "_type": "block", "_key": "k", "style": "normal", "markDefs": [],
            "children": [{"_type": "span", "text": p[:20], "marks": []},
                         {"_type": "span", "text": p[20:], "marks": ["strong"]}],
        },
        lambda p: {  # Contentful's rich text: a link's text nests once more
            "nodeType": "paragraph", "data": {},
            "content": [{"nodeType": "text", "value": p[:20], "marks": []},
                        {"nodeType": "embedded-entry-inline", "data": {}, "content": []},
                        {"nodeType": "hyperlink", "data": {"uri": "/x"},
                         "content": [{"nodeType": "text", "value": p[20:], "marks": []}]}],
        },
    ],
)  # fmt: skip
def test_a_script_rendered_article_whose_editor_nests_its_blocks_text_is_its_whole_body(
    block: Callable[[str], dict],
) -> None:
    blocks = [block(p) for p in PARAGRAPHS]
    blocks.insert(1, {"type": "image", "data": {"url": "/a.jpg", "caption": "صورة أرشيفية"}})
    article = {
        "title": "وزارة النقل تعلن خطة لتحديث شبكة القطارات",
        "author": {"name": "مها القحطاني"},
        "content": blocks,
    }
    page = script_rendered({"props": {"pageProps": {"article": article}}})
    result = extract(page, "https://news.example/akhbar/1.html", "text/html")
    assert isinstance(result, Extracted) and result.text.split("\n") == PARAGRAPHS
    assert result.authors == ["مها القحطاني"]  # named in the article's object of the data


SUBHEADING_IN_DATA = "مراحل تنفيذ الخطة"
ITEMS_IN_DATA = ["تحديث خط الرباط الدار البيضاء", "ربط طنجة بمراكش بقطار سريع"]
QUOTE_IN_DATA = "هذه الخطة ستغير وجه النقل في البلاد خلال السنوات العشر المقبلة"


def _editorjs(p: list[str]) -> list[dict]:
    return [
        {"id": "a", "type": "paragraph", "data": {"text": p[0]}},
        {"id": "b", "type": "header", "data": {"text": SUBHEADING_IN_DATA, "level": 2}},
        {"id": "c", "type": "image", "data": {"file": {"url": "/a.jpg"}, "caption": "صورة"}},
        {"id": "d", "type": "paragraph", "data": {"text": p[1]}},
        {"id": "e", "type": "list", "data": {"style": "unordered", "items": ITEMS_IN_DATA}},
        {"id": "f", "type": "quote", "data": {"text": QUOTE_IN_DATA, "caption": "الوزير"}},
        {"id": "g", "type": "paragraph", "data": {"text": p[2]}},
    ]


def _strapi(p: list[str]) -> list[dict]:
    def runs(text: str) -> list[dict]:
        return [{"type": "text", "text": text}]

    items = [{"type": "list-item", "children": runs(item)} for item in ITEMS_IN_DATA]
    return [
        {"type": "paragraph", "children": runs(p[0])},
        {"type": "heading", "level": 2, "children": runs(SUBHEADING_IN_DATA)},
        {"type": "paragraph", "children": runs(p[1])},
        {"type": "list", "format": "unordered", "children": items},
        {"type": "quote", "children": runs(QUOTE_IN_DATA)},
        {"type": "paragraph", "children": runs(p[2])},
    ]


def _contentful(p: list[str]) -> dict:
    def node(kind: str, text: str) -> dict:
        return {"nodeType": kind, "data": {}, "content": [{"nodeType": "text", "value": text}]}

    items = [
        {"nodeType": "list-item", "data": {}, "content": [node("paragraph", item)]}
        for item in ITEMS_IN_DATA
    ]
    blocks = [
        node("paragraph", p[0]), node("heading-2", SUBHEADING_IN_DATA), node("paragraph", p[1]),
        {"nodeType": "unordered-list", "data": {}, "content": items},
        {"nodeType": "blockquote", "data": {}, "content": [node("paragraph", QUOTE_IN_DATA)]},
        node("paragraph", p[2]),
    ]  # fmt: skip
    return {"nodeType": "document", "data": {}, "content": blocks}


def _portable(p: list[str]) -> list[dict]:
    def block(text: str, style: str = "normal", **more: str) -> dict:
        runs = [{"_type": "span", "_key": "s", "text": text, "marks": []}]
        return {"_type": "block", "_key": "k", "style": style, "markDefs": [], "children": runs,
                **more}  # fmt: skip

    return [
        block(p[0]), block(SUBHEADING_IN_DATA, "h2"), block(p[1]),
        *(block(item, listItem="bullet", level="1") for item in ITEMS_IN_DATA),
        block(QUOTE_IN_DATA, "blockquote"), block(p[2]),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "body",
    [
        lambda p: {"time": 1733130000000, "blocks": _editorjs(p), "version": "2.28.2"},
        lambda p: json.dumps({"time": 1, "blocks": _editorjs(p)}, ensure_ascii=False),
        _strapi,
        _contentful,
        _portable,
    ],
    ids=["editorjs", "editorjs-as-json", "strapi", "contentful", "portable-text"],
)
def test_an_editors_document_in_the_pages_data_is_the_body_with_its_headings_lists_and_quotes(
    body: Callable[[list[str]], object],
) -> None:
    """Next.js with React Query: the lead in the HTML, the body an editor's document in the
    dehydrated state, its blocks under "blocks" (Editor.js) or "content" (Contentful), the
    document written as a JSON string too; its subheadings, list items and quotes in place."""
    article = {"id": 2, "title": "وزارة النقل تعلن خطة لتحديث شبكة القطارات",
               "body": body(PARAGRAPHS)}  # fmt: skip
    query = {"queryKey": ["article", "1"], "state": {"data": article, "status": "success"}}
    state = {"props": {"pageProps": {"dehydratedState": {"queries": [query]}}}}
    assert text_of(script_rendered(state)) == [
        PARAGRAPHS[0], SUBHEADING_IN_DATA, PARAGRAPHS[1],
        *(f"- {item}" for item in ITEMS_IN_DATA), QUOTE_IN_DATA, PARAGRAPHS[2],
    ]  # fmt: skip


def test_a_table_layout_with_each_paragraph_in_a_font_of_its_own_gives_its_paragraphs() -> None:
    """`<font>p1</font><br><br><font>p2</font>` in a cell beside a column of links: the cell
    has no text of its own between its <br>s, every word is inside a <font>."""
    body = "<br><br>".join(
        f'<font face="Simplified Arabic" size="3">{p}</font>' for p in PARAGRAPHS
    )
    links = "<br>".join(f"<a href='/s/{k}'>قسم {k}</a>" for k in range(8))
    page = f"""<html dir="rtl"><head><meta charset="utf-8">
<title>الأيام :: وزارة النقل تعلن خطة لتحديث شبكة القطارات</title></head><body>
<table width="780"><tr><td colspan="2"><img src="/banner.gif" alt="الأيام"></td></tr>
<tr><td width="160">{links}</td><td width="460"><table cellpadding="8"><tr><td>
<font size="2">الثلاثاء ١٠ كانون الأول ٢٠٢٤</font><br>
<font size="5"><b>وزارة النقل تعلن خطة لتحديث شبكة القطارات</b></font><br>
<font size="2">بقلم: نادر التميمي</font><br><br><img src="/7741.jpg"><br>
{body}<br><br><font size="1">عدد القراءات: 517 | <a href="/print">طباعة</a></font>
</td></tr></table></td></tr>
<tr><td colspan="2"><font size="1">جميع الحقوق محفوظة © الأيام 2004 - 2024</font></td></tr>
</table></body></html>""".encode()
    assert text_of(page) == PARAGRAPHS


@pytest.mark.parametrize(
    "rest",
    [f"<p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p>", f"{PARAGRAPHS[1]}<br><br>{PARAGRAPHS[2]}"],
)
def test_a_k2_article_split_at_its_read_more_mark_keeps_its_lead(rest: str) -> None:
    """Joomla K2 writes the lead in itemIntroText and the rest in itemFullText, side by side:
    trafilatura took the full text alone for the body."""
    page = f"""<html><head><meta charset="utf-8"><title>وزارة النقل تعلن خطة</title></head>
<body><div class="itemView"><h2 class="itemTitle">وزارة النقل تعلن خطة لتحديث شبكة القطارات</h2>
<div class="itemToolbar"><a href="/print">طباعة</a> <a href="/mail">البريد الإلكتروني</a></div>
<div class="itemBody"><div class="itemImageBlock"><img src="/a.jpg"></div>
<div class="itemIntroText"><p>{PARAGRAPHS[0]}</p></div>
<div class="itemFullText">{rest}</div>
<div class="clr"></div></div></div></body></html>""".encode()
    assert text_of(page) == PARAGRAPHS


def test_a_nuxt_page_gives_its_whole_body_from_its_flattened_state() -> None:
    """Nuxt 3 writes its state flattened (devalue): members as indices into one list."""
    title = "وزارة النقل تعلن خطة لتحديث شبكة القطارات"
    flat = [
        {"data": 1, "state": 6},
        ["ShallowReactive", 2],
        {"article": 3},
        {"title": 4, "body": 5, "views": -1},
        title,
        "".join(f"<p>{p}</p>" for p in PARAGRAPHS),
        {"cycle": 0},
    ]
    page = script_rendered({}).replace(b"id='__NEXT_DATA__'", b"id='__NUXT_DATA__'")
    page = page.replace(b"<script id='__NUXT_DATA__' type='application/json'>{}", (
        "<script id='__NUXT_DATA__' type='application/json'>"
        + json.dumps(flat, ensure_ascii=False)
    ).encode())  # fmt: skip
    assert text_of(page) == PARAGRAPHS


def test_a_page_rendered_in_the_browser_showing_nothing_is_its_articles_data() -> None:
    """Only a headline and an empty loading box in the HTML: the body is the data's, the
    object's whose headline is the page's; a related story's is not taken."""
    article = {
        "title": "وزارة النقل تعلن خطة لتحديث شبكة القطارات",
        "body": "".join(f"<p>{p}</p>" for p in PARAGRAPHS),
    }
    related = [{"title": "خبر آخر عن الموانئ في المغرب", "body": f"<p>{SENTENCE} ثم.</p>" * 4}]
    state = {"props": {"pageProps": {"article": article, "related": related}}}
    assert text_of(script_rendered(state, shown="")) == PARAGRAPHS
    assert not isinstance(
        extract(script_rendered({"props": {"pageProps": {"related": related}}}, shown="")),
        Extracted,
    )


def test_a_related_story_in_the_pages_data_that_opens_like_it_is_not_its_body() -> None:
    """Formulaic leads ("قال الرئيس …، اليوم الخميس، إن …") open many stories alike."""
    own = [{"type": "paragraph", "text": PARAGRAPHS[0]}]
    other = [{"type": "paragraph", "text": p} for p in [PARAGRAPHS[0], *(SENTENCE + " ثم.",) * 4]]
    page_props = {
        "article": {"title": "وزارة النقل تعلن خطة لتحديث شبكة القطارات", "body": own},
        "related": [{"title": "خبر آخر عن القطارات في المغرب", "body": other}],
    }
    assert text_of(script_rendered({"props": {"pageProps": page_props}})) == PARAGRAPHS[:1]


def test_an_article_body_written_in_html_gives_its_paragraphs_without_markup_or_captions() -> None:
    markup = (
        f"<p>{PARAGRAPHS[0]}</p><figure><img src='/a.jpg'><figcaption>صورة أرشيفية</figcaption>"
        f"</figure><p>{PARAGRAPHS[1].replace('ثانيا', '&quot;ثانيا&quot;')}</p><p>{PARAGRAPHS[2]}</p>"
    )
    ld = {"@type": "NewsArticle", "headline": "وزارة النقل تعلن خطة", "articleBody": markup}
    body = script_rendered({}).replace(
        b"</head>",
        f"<script type='application/ld+json'>{json.dumps(ld, ensure_ascii=False)}</script></head>".encode(),
    )
    assert text_of(body) == [
        PARAGRAPHS[0],
        PARAGRAPHS[1].replace("ثانيا", '"ثانيا"'),
        PARAGRAPHS[2],
    ]


def test_a_list_of_other_articles_in_the_pages_data_is_not_its_body() -> None:
    related = [
        {"id": k, "slug": f"s{k}", "title": "خبر", "date": "2026-11-01", "lang": "ar", "body": p}
        for k, p in enumerate(PARAGRAPHS)
    ]
    state = {"props": {"pageProps": {"related": related}}}
    assert text_of(script_rendered(state)) == PARAGRAPHS[:1]


def test_json_ld_article_body_completes_a_page_that_shows_its_lead_only() -> None:
    ld = {
        "@type": "NewsArticle",
        "headline": "وزارة النقل تعلن خطة",
        "articleBody": "\n".join(PARAGRAPHS),
    }
    body = script_rendered({}).replace(
        b"</head>",
        f"<script type='application/ld+json'>{json.dumps(ld, ensure_ascii=False)}</script></head>".encode(),
    )
    assert text_of(body) == PARAGRAPHS


def test_a_page_held_in_one_aspnet_form_is_read_as_the_same_page_without_it() -> None:
    boxes = (
        "<div class='disclaimer'>جميع الحقوق محفوظة للموقع ولا يجوز نقل هذا المحتوى أو"
        " إعادة نشره دون إذن خطي مسبق من إدارة التحرير تحت طائلة المساءلة القانونية.</div>"
    )
    page = article_page(end=boxes)
    wrapped = page.replace(b"<body>", b"<body><form id='aspnetForm' method='post'>").replace(
        b"</body>", b"</form></body>"
    )
    assert text_of(wrapped) == text_of(page) == PARAGRAPHS


def test_a_stock_ticker_card_in_an_economy_article_is_its_text() -> None:
    card = (
        "<div class='stock-ticker-card'><p>سهم البنك التجاري الدولي: 85.20 جنيه (+3.1%)</p></div>"
    )
    assert text_of(article_page(card)) == [
        PARAGRAPHS[0],
        "سهم البنك التجاري الدولي: 85.20 جنيه (+3.1%)",
        *PARAGRAPHS[1:],
    ]


BEIRUT = "دوي انفجار ضخم يهز ميناء بيروت الآن."
BREAKING = "عاجل | دوي انفجار ضخم يهز ميناء بيروت"
TICKER_HEADLINES = [
    "الرئيس يصدر قرارا بتعيين محافظين جدد في عدد من المحافظات",
    "ارتفاع أسعار الذهب في الأسواق المحلية خلال تعاملات اليوم",
    "الأرصاد تحذر من موجة حارة تضرب البلاد بداية من الغد",
]


def ticker_items(
    item: str = "<div class='item'><p>{}</p></div>", headlines: list[str] = TICKER_HEADLINES
) -> str:
    return "".join(item.format(h) for h in headlines)


def beside_ticker(ticker: str, body: str = f"<p>{BEIRUT}</p>", title: str = BREAKING) -> bytes:
    """A breaking-news page: a ticker, then the article's headline and body."""
    return (
        f"<html lang='ar'><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"{ticker}<div class='article'><h1>{title}</h1><div class='article-body'>{body}</div>"
        "</div></body></html>"
    ).encode()


@pytest.mark.parametrize(
    "names", [("ticker__wrapper", "ticker__item"), ("tickerNews", "tickerItem")]
)
def test_a_ticker_of_any_class_naming_is_not_the_text_of_a_flash(names: tuple[str, str]) -> None:
    wrapper, item = names
    items = ticker_items("<div class='" + item + "'><p>{}</p></div>")
    body = beside_ticker(f"<div class='{wrapper}'><span>عاجل</span>{items}</div>")
    assert text_of(body) == [BEIRUT]


def test_a_state_whose_article_holds_tags_and_a_cut_headline_still_gives_the_body() -> None:
    blocks = [{"type": "paragraph", "text": p} for p in PARAGRAPHS]
    article = {
        "title": "وزارة النقل تعلن خطة لتحديث شبكة…",  # cut, as some CMSs cut headlines
        "tags": ["النقل", "القطارات", "المغرب"],
        "body": blocks,
    }
    assert text_of(script_rendered({"props": {"pageProps": {"article": article}}})) == PARAGRAPHS


def test_a_ticker_longer_than_the_flash_beside_it_is_still_chrome() -> None:
    body = beside_ticker(f"<div class='news-ticker'><span>عاجل</span>{ticker_items()}</div>")
    assert text_of(body) == [BEIRUT]


def test_a_ticker_that_repeats_the_flash_leaves_the_flash() -> None:
    flash = "دوي انفجار ضخم يهز ميناء بيروت الآن وسط حالة من الذعر."
    items = ticker_items(headlines=[flash, *TICKER_HEADLINES[1:]])
    body = beside_ticker(
        f"<div class='news-ticker'>{items}</div>", f"<p>{flash}</p>",
        "عاجل | انفجار ضخم في ميناء بيروت",
    )  # fmt: skip
    assert text_of(body) == [flash]


@pytest.mark.parametrize("container", ["entry-content has-sticker", "marquee-hero"])
def test_a_class_that_only_contains_ticker_or_marquee_inside_a_word_keeps_its_text(
    container: str,
) -> None:
    body = article_page().replace(b"<article>", f"<article class='{container}'>".encode())
    assert text_of(body) == PARAGRAPHS


def test_of_two_objects_in_the_pages_data_the_one_whose_headline_is_the_pages_gives_the_body() -> (
    None
):
    """ "ترامب يلتقي بوتين …" and "ترامب يلتقي زيلينسكي …" share most of their words."""
    own = [{"type": "paragraph", "text": p} for p in PARAGRAPHS]
    other = [{"type": "paragraph", "text": p} for p in [*PARAGRAPHS, *PARAGRAPHS]]
    page_props = {
        "related": {"title": "وزارة النقل تعلن خطة لتحديث شبكة المطارات", "body": other},
        "article": {"title": "وزارة النقل تعلن خطة لتحديث شبكة القطارات", "body": own},
    }
    assert text_of(script_rendered({"props": {"pageProps": page_props}})) == PARAGRAPHS


@pytest.mark.parametrize(
    "ticker_class",
    ["ticker-content", "ticker-posts", "webticker", "breakingnewsticker", "live-news-ticker"],
)
def test_a_ticker_named_for_its_parts_is_chrome_beside_a_flash(ticker_class: str) -> None:
    ticker = f"<div class='{ticker_class}'>{ticker_items()}</div>"
    assert text_of(beside_ticker(ticker, title="عاجل | دوي انفجار في بيروت")) == [BEIRUT]


LIVE = [
    "10:45 — غادر الرئيس القصر متوجها إلى المطار بحسب مصدر رسمي مطلع على الزيارة.",
    "10:30 — اجتمع المفاوضون من الجانبين لمدة ثلاث ساعات في العاصمة دون التوصل إلى اتفاق.",
    "10:15 — دعا وزير الخارجية إلى وقف فوري لإطلاق النار في المنطقة وحماية المدنيين.",
]


# Beside a live report: more text than the report's, none of it in paragraphs but the footer's.
SIDEBAR = (
    "<div class='sidebar'><h3>في الواجهة</h3><ul>"
    + "".join(f"<li><a href='/n/{n}'>{h} في هذا اليوم</a></li>" for n, h in enumerate(
        TICKER_HEADLINES * 2))
    + "</ul></div><footer><p>جميع الحقوق محفوظة © 2026 الموقع. يمنع نسخ أو إعادة نشر المحتوى"
    " دون إذن كتابي مسبق من إدارة الموقع.</p></footer>"
)  # fmt: skip


def live_page(report: str, intro: str = "", headline: str = "h1", beside: str = "") -> bytes:
    return (
        "<html lang='ar'><head><meta charset='utf-8'><title>مباشر | قمة الرباط</title></head>"
        "<body><header><nav><a href='/'>الرئيسية</a></nav></header><main>"
        f"<{headline}>مباشر | قمة الرباط</{headline}>{f'<p>{intro}</p>' if intro else ''}"
        f"{report}</main>{beside}<footer>(c)</footer></body></html>"
    ).encode()


@pytest.mark.parametrize("beside", ["", SIDEBAR])
@pytest.mark.parametrize("intro", ["", "نتابع معكم لحظة بلحظة تطورات قمة الرباط."])
@pytest.mark.parametrize("container", ["liveTicker", "match-ticker", "news-ticker"])
def test_a_live_report_held_in_a_ticker_named_container_keeps_its_entries(
    container: str, intro: str, beside: str
) -> None:
    entries = "".join(f"<div class='entry-item'><p>{e}</p></div>" for e in LIVE)
    body = live_page(f"<div class='{container}'>{entries}</div>", intro, beside=beside)
    assert text_of(body) == ([intro] if intro else []) + LIVE


@pytest.mark.parametrize(
    ("container", "entry"), [("liveTicker", "ticker-item"), ("ticker", "ticker__item")]
)
def test_the_entries_of_a_live_report_named_ticker_items_are_kept(
    container: str, entry: str
) -> None:
    entries = "".join(f"<div class='{entry}'><p>{e}</p></div>" for e in LIVE)
    assert text_of(live_page(f"<div class='{container}'>{entries}</div>")) == LIVE


MENU = "".join(f"<li><a href='/s{n}'>قسم رقم {n} من أقسام الموقع</a></li>" for n in range(40))


@pytest.mark.parametrize("item", ["<p>{}</p>", "<p class='ticker-item'>{}</p>"])
def test_a_box_of_timed_headlines_under_a_flash_is_chrome(item: str) -> None:
    """Its headlines are more paragraph text than the flash, but no report's sentences."""
    times = ("10:45", "10:30", "10:15", "09:50")
    headlines = [*TICKER_HEADLINES, "وزير الخارجية يلتقي نظيره الفرنسي في باريس"]
    items = "".join(item.format(f"{t} {h}") for t, h in zip(times, headlines, strict=True))
    body = (
        "<html lang='ar'><head><meta charset='utf-8'><title>حريق في السوق | الموقع</title></head>"
        f"<body><header><nav><ul>{MENU}</ul></nav></header><h1>حريق في السوق</h1>"
        f"<div class='post-body'><p>{BEIRUT}</p></div><div class='news-ticker'>{items}</div>"
        "<footer><p>جميع الحقوق محفوظة © 2026</p></footer></body></html>"
    ).encode()
    assert text_of(body) == [BEIRUT]


def test_without_an_h1_the_headline_is_the_heading_that_says_the_title() -> None:
    """Not a tagline <h2> in the header (a bar under it is above the headline all the same),
    and a live report under the headline keeps its entries whatever <h2> comes after it."""
    times = ("10:45", "10:30", "10:15")
    bar = "".join(f"<p>{t} | {h}</p>" for t, h in zip(times, TICKER_HEADLINES, strict=True))
    tagline = "<header><h2 class='site-description'>أخبار الوطن على مدار الساعة</h2></header>"
    flash = beside_ticker(f"<div class='news-ticker'>{bar}</div>", title=BREAKING)
    flash = flash.replace(b"<body>", b"<body>" + tagline.encode())
    flash = flash.replace(b"<h1>", b"<h2>").replace(b"</h1>", b"</h2>")
    assert text_of(flash) == [BEIRUT]
    entries = "".join(f"<div class='entry-item'><p>{e}</p></div>" for e in LIVE)
    after = "<div class='more'><h2>فيديو</h2><a href='/n/1'>خبر آخر</a></div>"
    assert text_of(live_page(f"<div class='ticker'>{entries}</div>", headline="div",
                             beside=after)) == LIVE  # fmt: skip


def test_a_timed_ticker_under_a_long_articles_paragraphs_is_chrome() -> None:
    times = ("10:45", "10:30", "10:15")
    items = "".join(f"<p>{t} | {h}</p>" for t, h in zip(times, TICKER_HEADLINES, strict=True))
    body = article_page(end=f"<div class='news-ticker'>{items}</div>")
    assert text_of(body) == PARAGRAPHS


def test_a_live_report_whose_times_sit_beside_its_paragraphs_keeps_its_entries() -> None:
    entries = "".join(
        f"<div class='entry'><span class='time'>{e[:5]}</span><p>{e[8:]}</p></div>" for e in LIVE
    )
    body = (
        "<html lang='ar'><head><meta charset='utf-8'><title>مباشر | قمة الرباط</title></head>"
        f"<body><main><h1>مباشر | قمة الرباط</h1><div class='news-ticker'>{entries}</div>"
        "</main></body></html>"
    ).encode()
    lines = text_of(body)
    assert all(e[8:] in lines for e in LIVE)


def test_a_live_report_under_a_headline_that_is_no_h1_keeps_its_entries() -> None:
    entries = "".join(f"<div class='entry-item'><p>{e}</p></div>" for e in LIVE)
    body = (
        "<html lang='ar'><head><meta charset='utf-8'><title>مباشر | قمة الرباط</title></head>"
        f"<body><main><h2 class='post-title'>مباشر | قمة الرباط</h2><div class='ticker'>{entries}"
        "</div></main></body></html>"
    ).encode()
    assert text_of(body) == LIVE


@pytest.mark.parametrize("headline", [b"h1", b"h2"])
def test_a_breaking_news_bar_of_timed_headlines_above_a_flash_is_chrome(headline: bytes) -> None:
    times = ("10:45", "10:30", "10:15")
    items = "".join(f"<p>{t} | {h}</p>" for t, h in zip(times, TICKER_HEADLINES, strict=True))
    ticker = f"<div class='news-ticker'>{items}</div>"
    page = beside_ticker(ticker, title="عاجل | دوي انفجار في بيروت")
    page = page.replace(b"<h1>", b"<" + headline + b">").replace(b"</h1>", b"</" + headline + b">")
    assert text_of(page) == [BEIRUT]


def test_a_page_with_no_article_beside_a_big_ticker_gives_no_article() -> None:
    """Its body only repeats the headline (a video's page, a flash yet to be written)."""
    items = ticker_items("<div class='item'><p>{}.</p></div>")
    headline = "دوي انفجار ضخم يهز ميناء بيروت"
    body = beside_ticker(
        f"<div class='news-ticker'><span>عاجل</span>{items}</div>", f"<p>{headline}</p>", headline
    )
    result = extract(body, "https://news.example/akhbar/1.html", "text/html")
    assert not isinstance(result, Extracted) and result.kind == "no_text"


@pytest.mark.parametrize(
    ("title", "flash"),
    [
        ("استقالة وزير", "The finance minister will resign in protest at the budget cuts."),
        ("استئناف تصدير الحبوب", "Grain loading resumes at Odesa port after a drone attack."),
        ("حادث سير", "هذا وقد تم نقل المصابين إلى مستشفى المدينة لتلقي العلاج."),
        ("إضراب السائقين", "أعلنت نقابة سائقي النقل العام إضرابا شاملا يوم الأحد."),
        ("عفو رئاسي", "عفوا رئاسيا عن 500 سجين بمناسبة عيد الاستقلال."),
        ("نقص في الأسواق", "هذه المادة غير متوفرة في الأسواق منذ أسبوع، وفق التجار."),
        ("استئناف الشحن", "Loading of grain ships resumed at Odesa on Monday."),
        ("Nantes", "Le suspect du meurtre de Nantes reste introuvable, selon la police."),
        ("Crash", "The black box of the crashed plane cannot be found, investigators said."),
        ("المستشفيات", "سجل الدخول إلى المستشفيات ارتفاعا بنسبة عشرين بالمئة هذا الأسبوع."),
        ("Enquête", "Le lien entre les deux attaques reste introuvable, selon les enquêteurs."),
        ("Outage", "Millions of users could not log in to Facebook for two hours on Monday."),
        ("Fine", "France fines Google 150 million euros over cookies, the regulator said."),
        ("Sacked", "The interior minister has been removed from office by the president."),
        ("Drug", "The cough syrup is no longer available in pharmacies, the agency said."),
        ("Sirop", "Le sirop n’est plus disponible en pharmacie, a indiqué l'agence."),
        ("Netflix", "Netflix raises monthly prices for premium subscribers in Europe."),
        ("App", "Two million people chose to download the app on its first day."),
        ("جسر", "الطريق الرابط بين إفران وأزرو لم يعد متاحا أمام الشاحنات بسبب الثلوج."),
        ("ميتا", "أعلنت ميتا أن المحتوى المسيء تم حذفه من المنصة خلال ساعات."),
        ("منحة", "أعلنت النقابة عن صندوق دعم مخصص للأعضاء المتضررين من الفيضانات."),
        ("غرامة", "فرضت الهيئة غرامة على غوغل بسبب ملفات تعريف الارتباط في فرنسا."),
        ("تيك توك", "أعلنت الهيئة أنه تم حذف المحتوى المخالف من منصة تيك توك بقرار قضائي."),
        ("فيسبوك", "الصفحة الرسمية للرئيس على فيسبوك حذفت بعد اختراقها، وفق مصدر رسمي."),
        ("البرلمان", "الموضوع غير موجود على جدول أعمال البرلمان هذا الأسبوع، بحسب رئيس المجلس."),
        ("Tax", "Users of the tax portal saw a page not found error for hours on Monday."),
        ("X", "This post by the president has been removed by X for breaking its rules."),
        (
            "Impôts",
            "Le site des impôts affiche une erreur 404 depuis ce matin, a indiqué le ministère.",
        ),
        ("Eau", "La ressource en eau reste introuvable dans plusieurs villages du sud."),
        (
            "Treaty",
            "Diplomats said this article of the treaty was removed from the final text after"
            " objections from France and Germany on Sunday night.",
        ),
        (
            "Netflix",
            "قالت منصة نتفليكس في بيان إن هذا المحتوى غير متاح حاليا في عدد من الدول العربية"
            " بقرار من هيئات الرقابة المحلية.",
        ),
        ("تيك توك", "تم حذف المحتوى المسيء من منصة تيك توك بعد شكاوى عديدة من الأهالي."),
        ("مدرستي", "تسجيل الدخول إلى منصة مدرستي سيكون عبر النفاذ الوطني الموحد ابتداء من الأحد."),
        ("YouTube", "The content has been removed from YouTube after a court order in Cairo."),
        (
            "Textbooks",
            "The story has been removed from school textbooks in Jordan after complaints.",
        ),
        ("الوزير", "تم حذف المحتوى لاحقا من حساب الوزير على منصة إكس بعد موجة انتقادات واسعة."),
        ("ضغوط", "تم حذف المحتوى بسبب ضغوط حكومية على المنصة، بحسب منظمات حقوقية."),
        ("المقال", "تم حذف المقال للمرة الثانية من موقع الصحيفة بعد نشره صباح اليوم."),
        ("الطريق", "أعلنت الوزارة أن الطريق تحت الصيانة حتى يوم الجمعة."),
        ("Bridge", "The Harbour Bridge is under maintenance until Friday, the council said."),
        ("Album", "The band said: we'll be back soon with a new album in the spring."),
    ],
)
def test_a_flash_that_shares_words_with_a_page_notice_is_archived(title: str, flash: str) -> None:
    assert text_of(agency_page([flash], title=title)) == [flash]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("The post has been removed.", "notice"),
        ("The article has been removed. Subscribe to our newsletter for more.", "notice"),
        ("Le site est en travaux depuis lundi, a indiqué la mairie.", None),
        ("تم حذف الخبر لأسباب قانونية.", "notice"),
        ("تم حذف الخبر بسبب مخالفته لسياسة النشر.", "notice"),
        ("يرجى تسجيل الدخول لمتابعة قراءة هذا الخبر.", "paywall"),
        ("This article is available to subscribers only.", "paywall"),
        ("الموقع تحت الصيانة حاليا، سنعود إليكم قريبا.", "maintenance"),
        ("We'll be back soon! The site is down for maintenance.", "maintenance"),
        ("تم حذف المقال بطلب من صاحبه.", "notice"),
        ("تم نقل هذا الخبر إلى الأرشيف.", "notice"),
        ("ربما تم حذف الخبر أو نقله إلى رابط آخر.", "notice"),
        ("الموقع تحت الصيانة منذ أسبوع، قالت سلطة إقليم البتراء في بيان مساء الأحد.", None),
        ("The website is under maintenance since Monday, the ministry said in a statement.", None),
    ],
)
def test_a_page_that_only_says_it_is_gone_walled_or_down_says_which(
    line: str, kind: str | None
) -> None:
    """Gone marks an archived article taken down; a wall or maintenance does not."""
    result = extract(agency_page([line]), "https://news.example/akhbar/1.html")
    if kind is None:  # news, not a notice
        assert isinstance(result, Extracted)
    else:
        assert not isinstance(result, Extracted) and result.kind == kind


@pytest.mark.parametrize(
    "line",
    [
        "تم سحب هذا المقال",
        "تم سحب هذا المقال بناء على طلب الجهة المعنية، ونعتذر لقرائنا الكرام عن أي لبس.",
        "عذراً، تم سحب هذا الموضوع.",
        "نعتذر، تم سحب المقالة",
        "تمت إزالة هذا الخبر.",
        "تمت ازالة المقال بطلب من كاتبه",
        "سُحب هذا المقال بطلب من كاتبه.",
        "هذا المقال تم سحبه.",
        "This article has been retracted.",
        "This article has been withdrawn at the request of the authors.",
        "This story has been taken down.",
        "The article has been retracted.",
        "Cet article a été retiré à la demande de son auteur.",
        "L'article a été supprimé.",
    ],
)
def test_a_retraction_notice_in_the_articles_place_is_a_notice(line: str) -> None:
    """Withdrawn, retracted, removed (سحب، إزالة، حذف; retiré, supprimé): the page's own
    notice, which marks an archived article taken down."""
    result = extract(agency_page([line]), "https://news.example/akhbar/1.html")
    assert not isinstance(result, Extracted) and result.kind == "notice"


@pytest.mark.parametrize(
    "flash",
    [
        "تم حذف المقال نهائيا من موقع الصحيفة بعد موجة انتقادات واسعة على مواقع التواصل.",
        "تم حذف المحتوى بناء على طلب هيئة تنظيم الإعلام، وفق ما أعلنت شركة ميتا في بيان.",
        "المحتوى غير متاح في مصر منذ صباح اليوم بعد قرار المجلس الأعلى لتنظيم الإعلام.",
        "يجب تسجيل الدخول إلى منصة الدعم قبل نهاية الشهر للحصول على المنحة، أعلنت الوزارة.",
        "هذا الخبر غير موجود أصلا، قال المتحدث باسم وزارة الداخلية ردا على ما تداولته المواقع.",
        "That content is no longer available in the EU, Meta said on Tuesday after the ruling.",
        "The article has been removed. The newspaper apologised to readers on Monday for it.",
        "We'll be back soon, the coach said after his team's heavy defeat in the cup final.",
        "Cet article du Code pénal n'existe plus depuis la réforme, a rappelé la ministre.",
        "La page Facebook de Macron n'est plus accessible depuis lundi, selon des internautes.",
        "تم حذف المقال من الموقع بعد ساعات من نشره، وقالت إدارة التحرير إنها ستحقق في الأمر.",
        "المحتوى غير متاح في عدة دول منذ ساعات بسبب عطل في خوادم الشركة المزودة للخدمة.",
        "La page du ministère n'existe plus depuis ce matin, victime d'une cyberattaque.",
        "تم سحب الخبر للمرة الثانية من موقع الصحيفة بعد نشره صباح اليوم.",
        "تم سحب المحتوى من منصة تيك توك بعد شكاوى عديدة من الأهالي.",
        "The study has been retracted by the journal after a review of its data.",
        "L'article 49.3 a été retiré du texte par le gouvernement, a annoncé la ministre.",
        "Cet article de loi a été supprimé par les députés lundi soir.",
    ],
)
def test_a_flash_that_reports_a_removal_or_a_wall_is_news_not_a_notice(flash: str) -> None:
    """Who said it, or when: a page's own notice says neither."""
    assert text_of(agency_page([flash], title="خبر عاجل")) == [flash]


@pytest.mark.parametrize(
    ("notice", "kind"),
    [
        ("نعتذر، الصفحة المطلوبة غير متوفرة حاليا. قد تكون حذفت أو نقلت إلى عنوان آخر.", "notice"),
        ("عذرا، لم يتم العثور على الصفحة المطلوبة. يرجى التأكد من الرابط.", "notice"),
        ("هذه المادة متاحة للمشتركين فقط. اشترك الآن للوصول إلى جميع مقالات الموقع.", "paywall"),
        ("الموقع قيد التحديث حاليا، وسنعود إليكم قريبا بحلة جديدة. شكرا لتفهمكم.", "maintenance"),
        ("We couldn't find that page. It may have been moved or deleted.", "notice"),
        ("This page isn't available. The link you followed may be broken.", "notice"),
        ("This article is exclusive to subscribers. Subscribe today for unlimited access.",
         "paywall"),
        ("To continue reading this article, please subscribe. Get unlimited digital access.",
         "paywall"),
        ("Briefly unavailable for scheduled maintenance. Check back in a minute.", "maintenance"),
        ("Page introuvable. La page que vous avez demandée n'existe pas ou a été déplacée.",
         "notice"),
        ("Article réservé aux abonnés. Abonnez-vous dès 1 € le premier mois.", "paywall"),
        ("Maintenance en cours. Notre site est momentanément indisponible.", "maintenance"),
        # "after", "since", بعد in a notice's own words: no sign of news
        ("عذرا، هذا الخبر لم يعد متاحا بعد الآن.", "notice"),
        ("This content is no longer available. Wire stories are removed after 30 days.",
         "notice"),
        ("Sorry, this article is no longer available. It may have been removed since it was"
         " published.", "notice"),
        ("Désolé, cette page n'existe plus. Elle a été supprimée depuis la refonte du site.",
         "notice"),
        # a wall's offer names days: still a wall
        ("This article is for subscribers only. Black Friday: 50% off your first year.",
         "paywall"),
        ("هذا المقال متاح للمشتركين فقط. عرض خاص يوم الجمعة: اشترك بنصف السعر.", "paywall"),
        ("عذرا، هذا المحتوى غير متاح حاليا وفق سياسة النشر.", "notice"),
        ("Article réservé aux abonnés. Abonnez-vous selon la formule de votre choix.", "paywall"),
        ("هذا المقال متاح للمشتركين فقط. اشترك الآن بحسب الباقة التي تناسبك.", "paywall"),
    ],
)  # fmt: skip
def test_common_not_found_wall_and_maintenance_pages_are_no_article(notice: str, kind: str) -> None:
    result = extract(agency_page([notice]), "https://news.example/akhbar/1.html")
    assert not isinstance(result, Extracted) and result.kind == kind


# A WordPress theme's video page with Jetpack's boxes, as a trial served it.
VIDEO_PAGE = (
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="UTF-8"><title>Watch: the old brid'
    'ge reopens to traffic – The Valley Courier</title></head><body class="single wp-theme-co'
    'urier"><div id="cookie-notice" class="cookie-notice"><p>We use cookies to improve your e'
    "xperience on our site. By continuing you accept our Cookie Policy.</p><button>Accept</bu"
    'tton></div><div id="content" class="site-content"><main id="primary" class="site-main"><'
    'article id="post-3" class="post type-post"><header class="entry-header"><h1 class="entry'
    '-title">Watch: the old bridge reopens to traffic</h1><div class="entry-meta"><time class'
    '="entry-date published" datetime="2024-03-05T12:00:00+00:00">2024-03-05</time> <span cla'
    'ss="byline">By <a class="url fn n" rel="author" href="/author/video-team/">Video team</a'
    '></span></div></header><div class="entry-content"><div class="video-wrap"><iframe src="h'
    'ttps://www.youtube.com/embed/bridge1" allowfullscreen></iframe></div><p>{caption}</p><di'
    'v class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social"'
    '><h3 class="sd-title">Share this:</h3><div class="sd-content"><ul><li><a class="share-tw'
    'itter">Twitter</a></li><li><a class="share-facebook">Facebook</a></li><li><a class="shar'
    'e-email">Email</a></li></ul></div></div></div><div class="sharedaddy sd-block sd-like"><'
    'h3 class="sd-title">Like this:</h3><div>Loading...</div></div><div id="jp-relatedposts" '
    'class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Related Posts</em></h3>'
    '<ul><li><a href="/2024/03/council-approves-riverside-budget/">Council approves riverside'
    ' budget after long night</a></li><li><a href="/2024/03/live-storm-hits-valley/">Live: st'
    'orm hits the valley, roads closed</a></li><li><a href="/2024/03/in-pictures-spring-festi'
    'val/">In pictures: the spring festival parade</a></li></ul></div></div></article><div id'
    '="comments" class="comments-area"><h3 id="reply-title" class="comment-reply-title">Leave'
    ' a Reply</h3><p class="comment-notes">Your email address will not be published. Required'
    " fields are marked *</p></div></main></div></body></html>"
)


def test_a_video_pages_caption_is_its_text_without_the_page_flattened_around_it() -> None:
    """trafilatura gave a page of little text as one line: headline, date, byline, share row
    and related posts around the caption."""
    caption = (
        "The old stone bridge reopened on Tuesday after eighteen months of repairs,"
        " with the mayor cutting the ribbon."
    )
    page = VIDEO_PAGE.replace("{caption}", caption)
    result = extract(page.encode(), "https://news.example/2024/03/bridge/")
    assert isinstance(result, Extracted), result
    assert result.text == caption


REACTIONS = [
    f"{' '.join(['رحبت نقابة النقل العام بالخطة واعتبرتها خطوة طال انتظارها لتحسين ظروف العمل'] * 2)}.",
    f"{' '.join(['وانتقد نواب في البرلمان غياب جدول زمني واضح لتمويل المرحلة الأولى من المشروع'] * 2)}.",
]


def test_a_bare_comments_subheading_inside_the_story_does_not_end_it() -> None:
    """ "تعليقات" over the reactions the story reports is a subheading of the story; the
    readers' comments follow a heading with a count, or names and dates."""
    story = "<br><br>".join([*PARAGRAPHS, "<b>تعليقات</b>", *REACTIONS])
    body = page("نشر في 3 فيفري 2025", after="").replace(
        "<br><br>".join(PARAGRAPHS).encode(), story.encode()
    )
    assert text_of(body) == [*PARAGRAPHS, "تعليقات", *REACTIONS]


def test_a_bare_comments_heading_over_names_and_dates_still_ends_the_article() -> None:
    comments = COMMENTS.replace("التعليقات (2)", "تعليقات")
    assert text_of(page("نشر في 3 فيفري 2025", after=comments)) == PARAGRAPHS


def cell_page(body: str, cell: str = "<td class='body'>") -> bytes:
    return f"""<html><head><meta charset="utf-8"><title>وزارة النقل تعلن خطة</title></head>
<body><table width=770><tr><td class="title"><b>وزارة النقل تعلن خطة لتحديث شبكة القطارات</b>
</td></tr><tr><td class="date">بتاريخ : 2024/12/03</td></tr><tr>{cell}{body}</td></tr>
</table></body></html>""".encode()


@pytest.mark.parametrize("close", ["", "</p>"])
@pytest.mark.parametrize("cell", ["<td class='body'>", "<td>", "<td><div class='body'>"])
def test_a_cells_bare_first_paragraph_before_its_p_separated_ones_is_text(
    close: str, cell: str
) -> None:
    body = f"{PARAGRAPHS[0]}<p>{PARAGRAPHS[1]}{close}<p>{PARAGRAPHS[2]}{close}"
    assert text_of(cell_page(body, cell)) == PARAGRAPHS


@pytest.mark.parametrize("close", ["", "</p>"])
@pytest.mark.parametrize("first", ["", "<p>"])
def test_paragraphs_a_font_holds_between_ps_are_a_line_each(first: str, close: str) -> None:
    body = f"{first}{PARAGRAPHS[0]}{close}<p>{PARAGRAPHS[1]}{close}<p>{PARAGRAPHS[2]}{close}"
    html = f"""<html><head><meta charset="utf-8"><title>وزارة النقل تعلن خطة لتحديث شبكة القطارات</title></head>
<body><center><table width=770><tr><td><font size="4"><b>وزارة النقل تعلن خطة لتحديث شبكة القطارات</b></font><br><font size=1>بتاريخ : 2024/12/03</font><br>
<font face="Tahoma" size="2">{body}</font></td></tr></table></center></body></html>"""
    assert text_of(html.encode()) == PARAGRAPHS


@pytest.mark.parametrize(
    "line",
    [
        "<p>طالع أيضا: <a href='/n/1'>اكتشاف فسيفساء نادرة في جرش</a></p>",
        "<p>طالع أيضاً <a href='/n/1'>اكتشاف فسيفساء نادرة في جرش</a></p>",
        "<p>ذات صلة: <a href='/n/2'>علماء آثار يطالبون بحماية المواقع المهددة</a></p>",
        "<p><strong>ذات صلة</strong></p><p><a href='/n/2'>علماء آثار يطالبون بحماية المواقع</a></p>",
        "<p>للمزيد: <a href='/n/3'>الكهرباء الوطنية تعدل نظام الترخيص</a></p>",
    ],
)
def test_an_inline_related_line_in_the_middle_goes_and_the_text_stays(line: str) -> None:
    assert text_of(article_page(line)) == PARAGRAPHS


@pytest.mark.parametrize(
    "prose",
    [
        "للمزيد من المعلومات حول البرنامج يمكن للمواطنين مراجعة مكاتب الوزارة في المحافظات كافة.",
        "ذات صلة بالملف نفسه، أعلنت الوزارة أنها ستفتح باب التسجيل في برنامج التدريب المهني.",
        "طالع أيضا الوزير تقارير اللجان الفنية قبل أن يوقع على القرار في جلسة الحكومة الأخيرة.",
        "ذات صلة: <a href='/n/4'>تقرير البنك الدولي</a> الصادر أمس يؤكد أن النمو سيتباطأ"
        " خلال العام المقبل في معظم دول المنطقة بسبب ارتفاع أسعار الطاقة.",
    ],
)
def test_prose_that_opens_like_a_related_line_is_text(prose: str) -> None:
    expected = " ".join(html.fromstring(f"<p>{prose}</p>").text_content().split())
    assert text_of(article_page(f"<p>{prose}</p>")) == [PARAGRAPHS[0], expected, *PARAGRAPHS[1:]]


def plan_page(article: str, paragraphs: int) -> bytes:
    """A story of so many paragraphs, set in the article as given ("{lead}" marks where)."""
    lead = "".join(
        f"<p>أعلنت الحكومة خطة لإعادة إعمار المناطق المتضررة من السيول ({k}) خلال عامين بتمويل"
        " دولي يشمل البنية التحتية والمساكن والمدارس في المحافظات الجنوبية.</p>"
        for k in range(paragraphs)
    )
    return (
        "<html lang='ar'><head><meta charset='utf-8'><title>خطة الإعمار</title></head><body>"
        f"<article><h1>خطة لإعادة الإعمار</h1>{article.replace('{lead}', lead)}</article>"
        "</body></html>"
    ).encode()


@pytest.mark.parametrize(
    "notice",
    [
        "هذا المحتوى مخصص للمشتركين فقط. اشترك الآن لمتابعة القراءة.",
        "هذا المقال متاح للمشتركين فقط.",
        "لقراءة المقال كاملا يرجى الاشتراك أو تسجيل الدخول.",
        "المحتوى حصري للمشتركين",
        "هذا المحتوى حصري للمشتركين",
        "للاطلاع على المقال كاملا اشترك الآن",
        "اشترك الآن لمتابعة القراءة",
        "This article is for subscribers only. Subscribe to continue reading.",
        "This content is for subscribers only",
        "Subscribe to continue reading",
    ],
)
def test_a_lead_of_any_length_above_a_subscribers_notice_is_the_text_marked_walled(
    notice: str,
) -> None:
    """Paragraphs of the story, then the notice and its button: the lead is the text, marked
    walled (a re-check never takes it for a version), the notice and the button no text."""
    box = f"<div class='paywall'><p>{notice}</p><a href='/subscribe'>اشترك الآن</a></div>"
    result = extract(plan_page("{lead}" + box, 3), "https://example.com/news/1")
    assert isinstance(result, Extracted) and result.walled
    assert len(result.text.splitlines()) == 3 and "(2)" in result.text.splitlines()[-1]


WALL_BOX = (
    "<div class='paywall'><p>هذا المحتوى مخصص للمشتركين فقط</p><a href='/subscribe'>اشترك الآن</a>"
    " <a href='/login'>تسجيل الدخول</a></div>"
)


@pytest.mark.parametrize(
    "body",
    [
        "<div class='article-body'>{lead}</div>" + WALL_BOX,  # after the body's container
        "<div class='article-body'>{lead}" + WALL_BOX + "</div>",  # inside it
        "<div class='entry-content'>{lead}<div id='tp-container'><p>هذا المقال متاح للمشتركين"
        " فقط.</p></div></div>",
        # a wall in other words: its offer, its buttons and its sign-in line none of the text
        "<div class='article-body'>{lead}<div class='premium-gate'><h3>🔒 هذا التقرير متاح"
        ' حصرياً لأعضاء "النادي"</h3><p>انضم الآن واحصل على وصول غير محدود لكل التحليلات'
        " مقابل 3 دنانير شهرياً.</p><a href='/plus'>انضم إلى النادي</a><p>لديك حساب؟ <a"
        " href='/login'>سجّل الدخول</a></p></div></div>",
        "<div class='article-body'>{lead}<div class='paywall'><p>هذا المقال من محتوى"
        ' "بريميوم"</p><p>للاستمرار في القراءة اشترك في باقاتنا بدءاً من دولار للشهر الأول'
        "</p><a href='/premium'>اشترك</a> <a href='/login'>تسجيل الدخول</a></div></div>",
    ],
)
def test_a_walls_notice_in_a_box_of_its_own_marks_the_lead_walled(body: str) -> None:
    result = extract(plan_page(body, 2), "https://example.com/news/1")
    assert isinstance(result, Extracted) and result.walled
    assert len(result.text.splitlines()) == 2 and "(1)" in result.text.splitlines()[-1]


def test_a_premium_box_that_holds_the_whole_story_is_the_text_not_a_wall() -> None:
    """A box named premium served whole to the crawler: its closing offer walls nothing."""
    body = "<div class='premium-content'>{lead}<p>اشترك الآن</p></div>"
    result = extract(plan_page(body, 6), "https://example.com/news/1")
    assert isinstance(result, Extracted) and not result.walled
    assert len(result.text.splitlines()) >= 6


@pytest.mark.parametrize(
    "box",
    [
        "<div class='newsletter-subscribe'><p>اشترك في النشرة البريدية لتصلك آخر الأخبار</p></div>",
        "<aside><div class='premium'><p>هذا المحتوى مخصص للمشتركين فقط</p></div></aside>",
        # an offer of something else than the story: videos
        "<div class='MainControlDiv SubscribeToOurVOD'><p>إشترك لمشاهدة الفيديوهات عبر"
        " الانترنت</p><a href='/vod'>إشترك</a></div>",
    ],
)
def test_a_newsletter_box_or_a_sidebars_offer_walls_nothing(box: str) -> None:
    result = extract(plan_page("<div class='article-body'>{lead}</div>" + box, 3),
                     "https://example.com/news/1")  # fmt: skip
    assert isinstance(result, Extracted) and not result.walled
    assert len(result.text.splitlines()) == 3


@pytest.mark.parametrize(
    ("middle", "end"),
    [
        # a follow prompt for the site's channel, between two paragraphs
        ("<p>لمتابعة أهم وأحدث الأخبار اشترك في قناة مصراوي على واتساب</p>", ""),
        ("<p><strong>انضم إلى قناتنا على تلغرام</strong></p>", ""),
        # a recommended box's heading and its closing line, its links gone
        ("<section aria-labelledby='Recommended'><a href='#end-of-recommendations'>تخطى قصص"
         " مقترحة وواصل القراءة</a><h2 id='Recommended'>قصص مقترحة</h2><ul><li><a href='/a/1'>"
         "هل الشاي الأخضر مفيد حقا لفقدان الوزن؟</a></li><li><a href='/a/2'>أسعار الكاكاو تقفز"
         " بعد موسم حصاد سيئ</a></li></ul><p id='end-of-recommendations'>نهاية قصص مقترحة</p>"
         "</section>", ""),
        # date labels whose dates are filled in by a script: nothing after them
        ("<p>نشرت في: <span></span> آخر تحديث: <span></span></p>", ""),
        # the editors' initials and the agencies that close a report
        ("", "<p>ع.ح/ع.ج (رويترز، د ب أ)</p>"),
        ("", "<p>م.أ.م/ ح.ز (أ ف ب)</p>"),
        # the site's own channel, its app, an agency's signature alone, closing the report
        ("", "<p>للمزيد من الأخبار اشترك في قناتنا على واتساب</p>"),
        ("", "<p>لمتابعة آخر الأخبار انضم إلى قناتنا على تيليجرام</p>"),
        ("", "<p>حمّل تطبيق الموقع على هاتفك</p>"),
        ("", "<p>(بترا)</p>"),
        # in English and French
        ("", "<p class='follow'>Follow Gulf Daily on WhatsApp for the latest news.</p>"),
        ("", "<p>Suivez-nous sur Google Actualités</p>"),
        # the platform named as an app
        ("", "<p>للمزيد من الأخبار تابعوا قناة رؤيا على تطبيق واتساب</p>"),
        ("<p>تابعونا على تطبيق تلغرام</p>", ""),
    ],
)  # fmt: skip
def test_follow_prompts_box_labels_empty_date_labels_and_editors_initials_are_not_text(
    middle: str, end: str
) -> None:
    assert text_of(article_page(middle, end=end)) == PARAGRAPHS


@pytest.mark.parametrize(
    "line",
    [
        "وقال إنه تابع قناة الجزيرة على يوتيوب طوال ليلة الانتخابات الماضية.",
        "نشرت في صحيفة الغارديان دراسة جديدة عن أثر التغير المناخي على المحاصيل.",
        "وتوصي الدراسة بتقديم قصص مقترحة للأطفال قبل النوم لتحسين مهارات القراءة لديهم.",
        "حمل التطبيق الجديد للوزارة ميزات عديدة للمواطنين",  # news of an app, not a prompt
        "نزل تطبيق الهلال الأحمر خدمة جديدة للمتطوعين",
        "تابع ملايين المشاهدين قناة الجزيرة على تطبيق يوتيوب ليلة الانتخابات",
        "وقال إنه تابع قناة الوزارة على تطبيق واتساب طوال الليلة الماضية.",
    ],
)
def test_sentences_about_channels_publishing_or_suggested_stories_are_text(line: str) -> None:
    assert text_of(article_page(f"<p>{line}</p>")) == [PARAGRAPHS[0], line, *PARAGRAPHS[1:]]


@pytest.mark.parametrize(
    "last",
    [
        # news that the content is for subscribers, said by someone, or said at length
        "المحتوى حصري للمشتركين في منصة شاهد، بحسب الشركة.",
        "المحتوى متاح للمشتركين فقط على المنصة الجديدة التي أطلقتها الشركة أمس في حفل كبير"
        " حضره عدد من الفنانين والمنتجين من مختلف الدول العربية.",
        # a follow prompt, not a wall
        "لمتابعة المحتوى اشترك في قناتنا على يوتيوب",
    ],
)
def test_an_article_that_ends_in_news_of_a_subscription_is_whole_and_not_walled(last: str) -> None:
    result = extract(article_page(end=f"<p>{last}</p>"), "https://example.com/news/1")
    assert isinstance(result, Extracted) and not result.walled
    assert result.text.splitlines()[: len(PARAGRAPHS)] == PARAGRAPHS


SPLIT = [f"{' '.join([SENTENCE] * 2)} الفقرة {n}." for n in range(1, 8)]


def _split_page(first: int, between: str, cls: str = "article-text") -> bytes:
    part = "".join(f"<p>{p}</p>" for p in SPLIT[:first])
    rest = "".join(f"<p>{p}</p>" for p in SPLIT[first:])
    return f"""<html><head><meta charset="utf-8"><title>وزارة النقل تعلن خطة</title></head>
<body><div class="wrap"><h1>وزارة النقل تعلن خطة لتحديث شبكة القطارات</h1>
<div class="{cls}">{part}</div>{between}<div class="{cls}">{rest}</div>
<div class="{cls}"><p><a href="/a/2">{SENTENCE}</a></p><p><a href="/a/3">{SENTENCE} 3</a></p></div>
</div></body></html>""".encode()


@pytest.mark.parametrize("first", [1, 4, 5])
@pytest.mark.parametrize(
    "between",
    [
        "",
        '<div class="ad-slot"><div>إعلان</div><iframe src="/ads/1"></iframe></div>',
        '<div class="inline-related"><span>اقرأ أيضاً</span><a href="/a/9">خبر آخر عن'
        " القطارات في المدن</a></div><figure><img src='/i.jpg'></figure>",
    ],
)
@pytest.mark.parametrize("cls", ["article-text", "post-content entry"])
def test_a_body_set_in_several_containers_of_one_kind_is_read_whole_and_in_order(
    first: int, between: str, cls: str
) -> None:
    """An ad or a "read also" box splits the body into two containers of one class: every
    paragraph, in order; not the box between, nor a container of links after them."""
    assert text_of(_split_page(first, between, cls)) == SPLIT


def test_a_body_with_an_ad_after_every_paragraph_is_read_whole() -> None:
    ad = '<div class="ad-slot"><iframe src="/ads/1"></iframe></div>'
    long = [f"{SENTENCE} {p}" for p in SPLIT]  # each past trafilatura's floor on its own
    parts = ad.join(f'<div class="article-text"><p>{p}</p></div>' for p in long)
    body = f"""<html><head><meta charset="utf-8"><title>وزارة النقل تعلن خطة</title></head>
<body><h1>وزارة النقل تعلن خطة لتحديث شبكة القطارات</h1>{parts}</body></html>""".encode()
    assert text_of(body) == long


@pytest.mark.parametrize(
    "caption",
    [
        '<font size="1"><i>صورة أرشيفية من العقبة</i></font>',
        "<small>وزير النقل خلال المؤتمر الصحفي</small>",
        "<span><em>من موقع الحادث (أرشيف)</em></span>",
    ],
)
def test_a_small_or_italic_line_under_an_image_is_its_caption_not_text(caption: str) -> None:
    image = f'<img src="/img/1.jpg" width="400"><br>{caption}<br><br>'
    assert text_of(page("نشر في: 3 نوفمبر 2024", before=image)) == PARAGRAPHS


@pytest.mark.parametrize(
    "image",
    [
        '<figure><img src="/img/1.jpg"></figure>',
        '<div class="image"><a href="/img/1.jpg"><img src="/img/1.jpg"></a></div>',
        '<p><img src="/img/1.jpg"></p>',
    ],
)
def test_a_paragraph_of_italics_after_an_images_own_box_is_its_caption_not_text(
    image: str,
) -> None:
    for caption in ("<p><em>تاجر خضروات في سوق العبور - تصوير: محمد عادل</em></p>",
                    "<p><em>وزير النقل خلال جولته في المحطة الجديدة</em></p>"):  # fmt: skip
        assert text_of(article_page(middle=image + caption)) == PARAGRAPHS
    # Its words in the text's type, a sentence run on after them, or a quote in italics
    # without a caption's words stay text.
    for line in ("<p>تاجر خضروات في سوق العبور يعرض بضاعته</p>",
                 "<p><em>تاجر خضروات</em> في سوق العبور يعرض بضاعته صباح اليوم.</p>",
                 "<p><em>«لن نتراجع عن تحديث الشبكة مهما كانت الكلفة»، قال الوزير</em></p>"):  # fmt: skip
        assert html.fromstring(line).text_content() in text_of(article_page(middle=image + line))


CENTRED = '<p style="text-align:center">{}</p>'
ALT = "صورة أرشيفية من محافظ البنك المركزي خلال تفقده خط القطار الذي يربط الميناء بالعاصمة"


@pytest.mark.parametrize(
    "caption",
    [
        CENTRED.format("جانب من الاجتماع في مقر الوزارة"),
        '<p align="center">جانب من الاجتماع في مقر الوزارة</p>',
        CENTRED.format(ALT),  # longer than a caption's line, but the image's own description
    ],
)
def test_a_short_centred_paragraph_after_an_images_own_paragraph_is_its_caption_not_text(
    caption: str,
) -> None:
    image = CENTRED.format(f'<img src="/img/1.jpg" alt="{ALT}">')
    assert text_of(article_page(middle=image + caption)) == PARAGRAPHS


def test_a_centred_paragraph_after_an_image_stays_where_the_text_is_centred_or_it_runs_long() -> (
    None
):
    image = CENTRED.format(f'<img src="/img/1.jpg" alt="{ALT}">')
    short = "وقال الوزير إن العمل يبدأ غدا."
    first, *rest = (CENTRED.format(p) for p in PARAGRAPHS)
    centred_page = article_page().replace(
        "".join(f"<p>{p}</p>" for p in PARAGRAPHS).encode(),
        (first + image + CENTRED.format(short) + "".join(rest)).encode(),
    )
    assert text_of(centred_page) == [PARAGRAPHS[0], short, *PARAGRAPHS[1:]]
    long = f"{SENTENCE} {SENTENCE}"
    lines = text_of(article_page(middle=image + CENTRED.format(long)))
    assert lines == [PARAGRAPHS[0], long, *PARAGRAPHS[1:]]


def test_a_text_set_all_centred_keeps_its_line_under_an_image_beside_chrome_set_flush() -> None:
    # An obituary under the deceased's photo: its body centred, the page's sidebar and footer
    # (more paragraphs than the body's) flush. Centring is the text's, the first line is text.
    image = CENTRED.format(f'<img src="/img/1.jpg" alt="{ALT}">')
    first = "بمزيد من الرضا والتسليم بقضاء الله وقدره"
    body = image + "".join(CENTRED.format(p) for p in [first, *PARAGRAPHS])
    chrome = "".join(f"<p>{line}</p>" for line in [
        "احصل على أهم الأخبار في بريدك كل صباح", "كن أول من يعلق على هذا الخبر",
        "جاء القرار متوافقا مع توقعات المحللين.", "بحسب أرقام وزارة السياحة الصادرة الأحد.",
        "تطوير: شركة الحلول الرقمية",
    ])  # fmt: skip
    doc = (
        "<html><head><meta charset='utf-8'><title>وزارة النقل تعلن خطة</title></head><body>"
        f"<h1>وزارة النقل تعلن خطة لتحديث شبكة القطارات</h1><div class='news-body'>{body}</div>"
        f"<div class='sidebar'>{chrome}</div><footer>{chrome}</footer></body></html>"
    )
    assert text_of(doc.encode()) == [first, *PARAGRAPHS]


def test_a_line_under_an_image_in_the_texts_type_or_a_sentences_length_stays() -> None:
    lead = (
        "قال وزير النقل إن الخطة الجديدة ستشمل تحديث جميع المحطات وشراء قطارات حديثة خلال العامين"
    )
    said = "وقال الوزير إن الخطة ستبدأ الشهر المقبل في المدن الكبرى."
    for line in (f"<i>{lead}</i>", f"<font size='3'>{said}</font>"):
        image = f'<a href="/img/1.jpg"><img src="/img/1.jpg"></a><br>{line}<br><br>'
        lines = text_of(page("نشر في: 3 نوفمبر 2024", before=image))
        assert lines[-len(PARAGRAPHS) :] == PARAGRAPHS
        assert any(line.split(">")[1].split("<")[0] in ln for ln in lines), line


@pytest.mark.parametrize("cls", ["pullquote", "pull-quote wp-block-pullquote", "article-pullQuote"])
def test_a_pull_quote_repeating_a_line_of_the_text_is_not_said_twice(cls: str) -> None:
    quote = f"<blockquote class='{cls}'><p>{SENTENCE}</p></blockquote>"
    body = f"""<html><head><meta charset="utf-8"><title>وزارة النقل تعلن خطة</title></head>
<body><article><h1>وزارة النقل تعلن خطة لتحديث شبكة القطارات</h1><p>{PARAGRAPHS[0]}</p>
{quote}<p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p></article></body></html>""".encode()
    assert text_of(body) == PARAGRAPHS


def _gallery_page(label: str, box: str) -> bytes:
    """A photo story: one short paragraph and the photos; the h1 opens with a label, which
    the title metadata says too."""
    headline = f"{label}وزارة النقل تفتتح محطة القطارات الجديدة"
    photos = "".join(
        f"<figure class='gallery-item'><img src='/img/{n}.jpg' alt=''><figcaption>صورة {n} من"
        " موقع المشروع</figcaption></figure>"
        for n in range(5)
    )
    ld = json.dumps({"@type": "NewsArticle", "headline": headline}, ensure_ascii=False)
    return (
        f"<html><head><meta charset='utf-8'><title>{headline} — ميديا نيوز</title>"
        f"<script type='application/ld+json'>{ld}</script></head><body>"
        "<nav><a href='/'>الرئيسية</a> <a href='/latest'>الأحدث</a></nav>"
        f"<article><h1>{headline}</h1><div class='dates'>نشر في: 01/12/2025 - 18:15</div>"
        f"<div class='article-body'><p>{SENTENCE}.</p>{photos}</div>{box}"
        "<div class='share-bar'><span>شارك</span> <a href='#'>فيسبوك</a></div></article>"
        "<footer>© ميديا نيوز</footer></body></html>"
    ).encode()


@pytest.mark.parametrize("label", ["بالصور | ", "إنفوجراف | ", "فيديو - "])
@pytest.mark.parametrize(
    "box",
    [
        "",
        "<div class='support-box'><h4>ادعم الصحافة المستقلة</h4><p>نحن نعتمد على دعم قرائنا"
        " لنواصل تقديم صحافة حرة ومستقلة بعيدا عن أي تمويل.</p><a href='/donate'>تبرع الآن</a></div>",
        "<div><h4>ادعم الصحافة المستقلة</h4><a class='btn' href='/donate'>تبرع الآن</a></div>",
        "<div class='donation-box'><h4>كن جزءا من مجتمعنا</h4><p>اشترك بمبلغ رمزي كل شهر"
        " ليستمر عملنا المستقل وصحافتنا الحرة بعيدا عن التمويل السياسي.</p></div>",
    ],
)
def test_a_short_photo_story_keeps_neither_its_labelled_headline_nor_a_donation_box(
    label: str, box: str
) -> None:
    assert text_of(_gallery_page(label, box)) == [f"{SENTENCE}."]


CAPTIONS = [
    "متظاهرون يرفعون الأعلام في ساحة الشهداء وسط العاصمة بيروت.",
    "قوات الأمن تنتشر عند مداخل الساحة لمنع الاحتكاك بين المحتجين.",
    "سيدة مسنة تحمل صورة ابنها المفقود منذ الحرب الأهلية.",
    "شبان يقرعون الطبول أمام مبنى البرلمان مطالبين بالإصلاح.",
]


@pytest.mark.parametrize(
    "slide",
    [
        "<div class='counter'>{n}/{total}</div><p class='caption'>{caption}</p>",
        "<div class='slide-info'><span class='slide-count'>{n} / {total}</span><p>{caption}</p></div>",
        "<div class='caption'><span>{n}/{total}</span> {caption}</div>",
        "<div class='caption'><span>{n}/{total}</span>{caption}</div>",
        "<div class='counter'>{n} of {total}</div><p class='caption'>{caption}</p>",
        "<div class='counter'>{arabic}/{arabic_total}</div><p class='caption'>{caption}</p>",
    ],
)
def test_a_gallerys_slide_counters_are_not_text_and_its_captions_stay_in_order(slide: str) -> None:
    digits = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    total = len(CAPTIONS)
    slides = "".join(
        f"<div class='item'><img src='/g{n}.jpg'>"
        + slide.format(n=n, total=total, caption=caption, arabic=str(n).translate(digits),
                       arabic_total=str(total).translate(digits))
        + "</div>"
        for n, caption in enumerate(CAPTIONS, 1)
    )  # fmt: skip
    page = (
        "<html lang='ar'><head><meta charset='utf-8'><title>بالصور: آلاف يتظاهرون في بيروت</title>"
        "</head><body><article><h1>بالصور: آلاف يتظاهرون في بيروت</h1>"
        f"<p class='intro'>{SENTENCE}.</p><div class='gallery'>{slides}</div></article></body></html>"
    )
    assert text_of(page.encode()) == [f"{SENTENCE}.", *CAPTIONS]


def test_dates_and_fractions_opening_lines_are_no_slide_counters() -> None:
    """One counter is no gallery's, nor a chronology's dates, nor a recipe's measures."""
    from crawler.extract.counters import without_slide_counters

    lines = [
        "1/12: افتتاح المعرض",
        "2/12: ختام المعرض",
        "3/12 - حفل الجوائز",
        "1/2 كوب سكر",
        "1/4 ملعقة ملح",
        "3 من 5 مواطنين يؤيدون القرار",
    ]
    assert without_slide_counters(lines) == lines


def test_lines_that_look_like_the_new_rules_but_are_the_storys_stay() -> None:
    """A quote that ends in the headline's words, a sentence about an article's opinion, a
    line with a word in italics under a photo: text, all of them."""
    from crawler.extract.boilerplate import clean_lines

    title = "لن نوقف الحرب حتى تحقيق أهدافنا"
    quote = f"وأضاف نتنياهو: {title}"
    opinion = "المقال الذي نشرته صحيفة هآرتس أمس يعبر عن رأي شريحة واسعة من الإسرائيليين"
    said = "ما ورد في خطاب الملك يعبر عن رأي الشارع الأردني الذي طالب بالإصلاح"
    lines = [PARAGRAPHS[0], quote, opinion, said]
    assert clean_lines(lines, title) == lines
    image = '<img src="/img/1.jpg"><br><span>وصل الوزير إلى <i>عمان</i> صباح اليوم.</span><br><br>'
    assert "وصل الوزير إلى عمان صباح اليوم." in text_of(page("نشر في: 3 نوفمبر 2024", before=image))


def test_a_next_story_below_this_one_in_a_container_of_its_class_is_not_joined() -> None:
    """An infinite scroll renders the next article under this one, its body in a container
    of the same class: its headline between them ends this article's body."""
    mine = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    other = "".join(
        f"<p>خبر آخر تماما عن الطقس في المدن الساحلية {n}. {SENTENCE}</p>" for n in range(3)
    )
    body = f"""<html><head><meta charset="utf-8"><title>وزارة النقل تعلن خطة</title></head>
<body><h1>وزارة النقل تعلن خطة لتحديث شبكة القطارات</h1><div class="article-content">{mine}</div>
<h1>خبر تال عن الطقس</h1><div class="meta">اليوم</div><div class="article-content">{other}</div>
</body></html>""".encode()
    assert text_of(body) == PARAGRAPHS


def test_a_wall_box_with_the_story_going_on_below_it_walls_nothing() -> None:
    box = "<div class='premium-box'><p>هذا المحتوى مخصص للمشتركين فقط</p></div>"
    more = (
        "<p>وأضافت الحكومة أن المرحلة الثانية من الخطة تشمل إعادة تأهيل الطرق والجسور التي دمرتها"
        " السيول في المحافظات الجنوبية خلال الشتاء الماضي.</p>"
    )
    page = plan_page(f"<div class='article-body'>{{lead}}{box}{more}</div>", 2)
    result = extract(page, "https://example.com/news/1")
    assert isinstance(result, Extracted) and not result.walled
    assert "(1)" in result.text and "المرحلة الثانية" in result.text.splitlines()[-1]


def test_a_numbered_lists_items_keep_their_numbers_and_a_bulleted_lists_their_bullets() -> None:
    steps = ["تطوير البنية التحتية في المدن والقرى النائية", "دعم المشاريع <b>الصغيرة</b> بقروض"]
    ol = "<ol start='3'>" + "".join(f"<li>{s}</li>" for s in steps) + "</ol>"
    ul = "<ul><li>البند الأول من القائمة غير المرقمة هنا</li></ul>"
    text = text_of(article_page(ol + ul))
    assert text[1:4] == [
        "3. تطوير البنية التحتية في المدن والقرى النائية",
        "4. دعم المشاريع الصغيرة بقروض",
        "- البند الأول من القائمة غير المرقمة هنا",
    ]


@pytest.mark.parametrize(
    ("ol", "first_li", "numbers"),
    [
        ("<ol reversed>", "<li>", [3, 2, 1]),  # a countdown: "the three most …", from the third
        ("<ol reversed start='10'>", "<li>", [10, 9, 8]),
        ("<ol>", "<li value='5'>", [5, 6, 7]),  # an item's value numbers it and those after it
    ],
)
def test_a_numbered_lists_items_have_the_numbers_a_browser_shows(
    ol: str, first_li: str, numbers: list[int]
) -> None:
    steps = [
        "رفع الحد الأدنى للأجور في القطاع العام",
        "خفض الضرائب على المشاريع الصغيرة والمتوسطة",
        "إطلاق برنامج وطني لتشغيل الشباب العاطلين",
    ]
    items = "".join(f"<li>{s}</li>" for s in steps).replace("<li>", first_li, 1)
    text = text_of(article_page(f"{ol}{items}</ol>"))
    assert text[1:4] == [f"{n}. {s}" for n, s in zip(numbers, steps, strict=True)]


@pytest.mark.parametrize("heading", ["<h3>التعليقات (2)</h3>", "<h4>آراء القراء</h4>"])
def test_readers_comments_under_their_heading_in_a_box_not_named_comments_are_not_text(
    heading: str,
) -> None:
    comments = "".join(
        f"<div class='opinion'><b>{name}</b><p>{words}</p></div>"
        for name, words in (
            ("علي الربيعي", "للأسف هذه القرارات تأتي دائما متأخرة، والمواطن البسيط هو من يدفع"
             " الثمن في كل مرة، نتمنى أن تكون هناك رقابة حقيقية على التنفيذ هذه المرة."),
            ("زينب", "كلام جميل لكن أين التطبيق على أرض الواقع؟ منذ سنوات ونحن نسمع الوعود"
             " نفسها ولم يتغير شيء في منطقتنا، الطرق مدمرة والخدمات شبه معدومة."),
        )
    )  # fmt: skip
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = (
        "<html><head><meta charset='utf-8'><title>وزارة النقل تعلن خطة</title></head><body>"
        f"<div class='news-view'><h1>وزارة النقل تعلن خطة لتحديث شبكة القطارات</h1>"
        f"<div class='nv-body'>{body}</div><div class='opinions'>{heading}{comments}</div>"
        "</div></body></html>"
    ).encode()
    assert text_of(page) == PARAGRAPHS


READERS = [
    ("أبو محمد", "حكم عادل ونتمنى أن يسترد كل مستثمر أمواله كاملة من هؤلاء المحتالين."),
    ("مواطن", "أين كانت الرقابة عندما كانت هذه الشركة تعلن في كل مكان عن أرباحها الخيالية؟"),
]


def _entries(entry: str) -> str:
    return "".join(entry.format(n=n, who=who, said=said) for n, (who, said) in enumerate(READERS))


@pytest.mark.parametrize(
    "comments",
    [
        # entries written the old way: "n - name | date<br>comment"
        "<div class='comments'><h3>التعليقات (2)</h3>"
        + _entries("<div>{n} - {who} | 29/11/2024<br>{said}</div>")
        + "</div>",
        # ... in an old portal's table, its heading in bold in the first row
        "<table class='comments'><tr><td><b>التعليقات (2)</b></td></tr>"
        + _entries("<tr><td>{n} - {who} | 29/11/2024<br>{said}</td></tr>")
        + "</table>",
        # other names of the box, no heading
        "<div id='ta3leqat'>" + _entries("<div>{who} | 29/11/2024<br>{said}</div>") + "</div>",
        "<div id='disqus_thread'>" + _entries("<div>{who}<br>{said}</div>") + "</div>",
        "<div class='replies'>" + _entries("<p><b>{who}</b> 29/11/2024<br>{said}</p>") + "</div>",
        "<ul class='commentList'>"
        + _entries("<li><strong>{who}</strong><br><span>29/11/2024</span><br>{said}</li>")
        + "</ul>",
    ],
)
def test_readers_comments_in_a_box_named_so_go_whole_whatever_their_entries_markup(
    comments: str,
) -> None:
    assert text_of(article_page(end=comments)) == PARAGRAPHS


@pytest.mark.parametrize(
    "heading",
    [
        "<div class='title'>التعليقات (2)</div>",
        "<b>تعليقات القراء</b>",
        "<span>Commentaires</span>",
        "<div><strong>أضف تعليق</strong></div>",
    ],
)
def test_a_comments_heading_in_other_markup_atop_its_box_ends_the_article(heading: str) -> None:
    box = f"<div class='box'>{heading}" + _entries("<div>{who} | 29/11/2024<br>{said}</div>")
    assert text_of(article_page(end=box + "</div>")) == PARAGRAPHS


def test_a_comments_count_in_a_toolbar_under_the_lead_ends_nothing() -> None:
    """The label opens no box there: the toolbar's other tools come after it."""
    bar = "<div class='tools'><span>تعليقات (3)</span><span>طباعة</span><span>إرسال</span></div>"
    assert text_of(article_page(middle=bar)) == PARAGRAPHS


@pytest.mark.parametrize("name", ["writer-card", "kateb-box", "about-the-author", "bio"])
def test_a_writers_box_after_the_article_is_not_text(name: str) -> None:
    box = (
        f"<div class='{name}'><h4>محمد عبد الرحمن</h4><p>محرر متخصص في شؤون المحاكم والقضايا"
        " الجنائية، يعمل في الموقع منذ عام 2015 ويغطي جلسات محاكم الجنايات في القاهرة.</p>"
        "<a href='/writer/12'>جميع مقالات الكاتب</a></div>"
    )
    assert text_of(article_page(end=box)) == PARAGRAPHS


@pytest.mark.parametrize(
    "name", ["article-writer", "writer", "writer-info", "columnist", "kateb_details", "auteur"]
)
@pytest.mark.parametrize(
    "bio",
    [
        "<a href='/writer/12'>محمد عبد الرحمن</a><span class='desc'>{bio}</span>",
        "<h4>محمد عبد الرحمن</h4><p class='about'>{bio}</p>",
    ],
)
def test_a_writers_box_between_the_headline_and_the_column_is_not_its_first_paragraph(
    name: str, bio: str
) -> None:
    """Photo, name and bio under the headline: the name and the bio glued were the column's
    first line, whatever the box's class, as long as it names the writer."""
    about = "كاتب وباحث اقتصادي، عمل مستشارا في عدد من المؤسسات المالية الإقليمية وله عدة مؤلفات."
    box = f"<div class='{name}'><img src='/w/12.jpg'>{bio.format(bio=about)}</div>"
    assert text_of(_column(box + "<div class='post-body'>{column}</div>")) == COLUMN


# A short column in a theme's `article.post`: trafilatura read the box above it with it.
COLUMN = [
    "لم يعد خافيا أن الاقتصاد الوطني يمر بمرحلة دقيقة تتطلب قرارات جريئة لا تحتمل التأجيل.",
    "وفي الوقت الذي تتحدث فيه الحكومة عن خطط للتعافي، يلمس المواطن ارتفاعا متواصلا في الأسعار.",
    "إن أي إصلاح حقيقي يبدأ من الشفافية في إدارة المال العام، ومن إشراك القطاع الخاص.",
    "ختاما، فإن الثقة هي رأس المال الأهم، ومن دونها لن تنجح أي خطة مهما بلغت دقتها.",
]


def _column(article: str) -> bytes:
    column = "".join(f"<p>{p}</p>" for p in COLUMN)
    return (
        "<html><head><meta charset='utf-8'><title>وزارة النقل تعلن خطة</title></head><body>"
        "<article class='post'><h1>وزارة النقل تعلن خطة لتحديث شبكة القطارات</h1>"
        f"{article.format(column=column)}</article></body></html>"
    ).encode()


def test_a_block_named_for_the_writer_that_holds_the_column_is_the_column() -> None:
    """A name is no box when its block says more than a bio: the column itself (beside a
    menu longer than it, so not most of the page)."""
    box = "<div class='writer'><a href='/writer/12'>محمد عبد الرحمن</a>{column}</div>"
    menu = "".join(f"<a href='/s/{n}'>قسم الأخبار المحلية والدولية رقم {n}</a>" for n in range(40))
    assert (
        text_of(_column(box).replace(b"<article", f"<nav>{menu}</nav><article".encode()))[-4:]
        == COLUMN
    )


@pytest.mark.parametrize("flag", ["has-share-float", "with-social", "sharing-enabled"])
def test_a_wrapper_flagged_for_what_it_holds_beside_the_text_is_the_text(flag: str) -> None:
    """Bunyad's "post-content-wrap has-share-float": a flag that the wrapper holds a share
    bar besides the text, not a share box; beside a sidebar that outweighs it, it was dropped
    whole and the page had no text."""
    bar = "<div class='share-bar'><a href='https://facebook.com/sharer.php'>فيسبوك</a></div>"
    wrap = f"<div class='post-content-wrap {flag}'>{bar}<div class='entry'>{{column}}</div></div>"
    side = "".join(
        f"<li><a href='/s/{n}'>قسم الأخبار المحلية والدولية رقم {n}</a></li>" for n in range(40)
    )
    page = _column(wrap).replace(
        b"</article>", f"</article><aside><ul>{side}</ul></aside>".encode()
    )
    assert text_of(page) == COLUMN


@pytest.mark.parametrize("name", ["poll", "wp-polls", "poll-widget"])
def test_a_readers_poll_in_the_article_is_not_text(name: str) -> None:
    """Its figures move by the hour: kept, each re-check was a new version of the article."""
    poll = f"<div class='{name}'><h4>استطلاع</h4><p>هل تؤيد القرار؟ نعم 37% لا 63%</p></div>"
    assert text_of(article_page(middle=poll)) == PARAGRAPHS


@pytest.mark.parametrize(
    "player",
    [
        "<div class='c-video-player'><div class='powa' data-uuid='1234'></div>"
        "<p class='c-video-player__title'>فيديو: مشاهد من موقع الحدث</p></div>",  # Arc XP's
        "<div class='videoPlayer'><video src='/v/1.mp4'></video><p>فيديو: مشاهد من الموقع</p></div>",
        "<div class='clip'><iframe src='/player/1'></iframe>"
        "<p class='jw-player-title'>فيديو: مشاهد من الموقع</p></div>",
    ],
)
def test_an_embedded_players_own_title_is_not_text(player: str) -> None:
    assert text_of(article_page(middle=player)) == PARAGRAPHS


def test_a_sports_storys_player_box_and_a_paragraph_about_a_video_player_stay_text() -> None:
    stats = "<div class='player-stats'><p>سجل اللاعب 12 هدفا في 20 مباراة هذا الموسم.</p></div>"
    said = "<p class='story-text'>وعرض التلفزيون المقطع في مشغل الفيديو على موقعه.</p>"
    lines = text_of(article_page(middle=stats + said))
    assert lines == [PARAGRAPHS[0], "سجل اللاعب 12 هدفا في 20 مباراة هذا الموسم.",
                     "وعرض التلفزيون المقطع في مشغل الفيديو على موقعه.", *PARAGRAPHS[1:]]  # fmt: skip


def test_an_ad_networks_sponsored_links_in_the_middle_are_not_text() -> None:
    sponsored = (
        "<div class='OUTBRAIN'><div class='ob-widget-header'>محتوى مدعوم</div>"
        "<a><span>طبيب يكشف: هذا المشروب يساعدك على النوم العميق خلال دقائق فقط</span></a>"
        "<a><span>أسعار الشقق في دبي قد تفاجئك.. اطلع على القائمة الكاملة الآن</span></a></div>"
    )
    short = [  # (a short page's blocks are read as paragraphs: the box's links too)
        "كشفت دراسة حديثة أجراها باحثون في جامعة عربية أن قلة النوم لدى المراهقين ترتبط بتراجع.",
        "وشملت الدراسة أكثر من ألفي طالب وطالبة في المرحلة الثانوية على مدى عام دراسي كامل.",
        "وأوصى الباحثون بتأخير بدء اليوم الدراسي وتقليل استخدام الهواتف الذكية قبل النوم.",
    ]
    for box in (sponsored, sponsored.replace("OUTBRAIN", "trc_rbox_container")):
        page = (
            "<html><head><meta charset='utf-8'><title>دراسة عن النوم</title></head><body><main>"
            f"<article><h1>دراسة عن النوم</h1><p>{short[0]}</p><p>{short[1]}</p>{box}"
            f"<p>{short[2]}</p></article></main></body></html>"
        )
        assert text_of(page.encode()) == short
        # A flag naming the network on a part of the page names no box: the text stays.
        flagged = page.replace("<body>", "<body class='single mgid-enabled'>")
        flagged = flagged.replace(f"<p>{short[0]}", f"<div id='outbrain-wrap'><p>{short[0]}")
        assert text_of(flagged.replace(box, f"</div>{box}").encode()) == short


def test_a_cms_link_list_of_tools_under_the_text_is_not_text() -> None:
    """Drupal's "links inline": a view counter, a print version, send to a friend."""
    tools = (
        "<ul class='links inline'><li>قراءة 2,341 مرة</li><li><a href='/print/1'>نسخة للطباعة"
        "</a></li><li><a href='/send/1'>أرسل لصديق</a></li></ul>"
    )
    assert text_of(article_page(end=tools)) == PARAGRAPHS


@pytest.mark.parametrize("box", ["aside class='sidebar'", "div class='related-posts'"])
def test_the_lead_a_sidebar_card_shows_as_its_excerpt_is_still_the_articles_first_line(
    box: str,
) -> None:
    cards = "".join(
        f"<li><a href='/akhbar/{n}.html'>خبر آخر في الشريط رقم {n}</a>"
        f"<p>مقتطف من خبر آخر رقم {n} يظهر في الشريط الجانبي للموقع كل يوم.</p></li>"
        for n in (2, 3, 4)
    )
    own = f"<li><a href='/akhbar/1.html'>وزارة النقل تعلن خطة</a><p>{PARAGRAPHS[0]}</p></li>"
    sidebar = f"<{box}><h3>الأكثر قراءة</h3><ul>{own}{cards}</ul></{box.split()[0]}>"
    page = article_page().replace(b"</article>", f"</article>{sidebar}".encode())
    assert text_of(page) == PARAGRAPHS


def _story(tag: str, headline: str, first: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<article><{tag}>{headline}</{tag}><time datetime='2026-01-21T10:00:00+03:00'>"
        f"21 يناير 2026</time>{first}<div class='article-body'>{body}</div></article>"
    )


NEXT_STORY = [
    "وفي خبر آخر قررت وزارة التربية تمديد عطلة منتصف العام الدراسي أسبوعا إضافيا بسبب الظروف الجوية.",
    "وأوضحت الوزارة أن الدراسة ستستأنف يوم الأحد المقبل بدلا من الأحد الحالي في جميع المدارس.",
]


@pytest.mark.parametrize("tag", ["h2", "h1"])
def test_the_next_story_an_endless_scroll_preloads_under_the_article_is_not_its_text(
    tag: str,
) -> None:
    own = _story("h1", "خطة لتحويل جزيرة فيلكا إلى وجهة سياحية", "", SHORT_STORY)
    following = _story(tag, "التربية تمدد عطلة منتصف العام أسبوعا", "", NEXT_STORY)
    page = (
        "<html><head><meta charset='utf-8'><title>خطة لتحويل جزيرة فيلكا</title></head><body>"
        f"<main>{own}<div class='next-divider'>المقال التالي</div>{following}</main></body></html>"
    )
    assert text_of(page.encode()) == SHORT_STORY


SHORT_STORY = [  # (a short story: trafilatura took the next one in with it)
    "أعلنت الحكومة عن خطة لتطوير جزيرة فيلكا وتحويلها إلى وجهة سياحية وثقافية بالتعاون مع"
    " مستثمرين من القطاع الخاص.",
    "وتتضمن الخطة ترميم المواقع الأثرية في الجزيرة وإنشاء فنادق ومنتجعات صديقة للبيئة ومرسى لليخوت.",
]


def test_a_live_reports_entries_in_articles_of_their_own_are_its_text() -> None:
    """Past a few, articles after the headline's are the report's entries, not next stories."""
    entries = [
        _story("h2", f"تحديث رقم {n} من قلب الحدث", "", [f"{n}. {SENTENCE}.", f"{n}- {SENTENCE}."])
        for n in range(1, 6)
    ]
    own = _story("h1", "وزارة النقل تعلن خطة لتحديث شبكة القطارات", "", PARAGRAPHS[:1])
    page = (
        "<html><head><meta charset='utf-8'><title>وزارة النقل تعلن خطة</title></head><body>"
        f"<main>{own}{''.join(entries)}</main></body></html>"
    )
    text = text_of(page.encode())
    assert text[0] == PARAGRAPHS[0] and f"5- {SENTENCE}." in text


@pytest.mark.parametrize(
    "href", ["/akhbar/2.html", "https://news.example/akhbar/2.html", "//www.news.example/akhbar/3"]
)
def test_another_storys_headline_set_alone_in_the_body_is_not_text(href: str) -> None:
    """Egyptian sites insert related stories as a bare linked headline between paragraphs."""
    inserted = f"<p><a href='{href}'>وزير التموين: احتياطي السلع الاستراتيجية يكفي 6 أشهر</a></p>"
    assert text_of(article_page(middle=inserted)) == PARAGRAPHS


@pytest.mark.parametrize(
    "line",
    [
        # a link to another site: a source, a document
        "<p><a href='https://un.example/report'>تقرير الأمم المتحدة عن التنمية البشرية لعام 2025</a></p>",
        # a sentence, not a headline
        "<p><a href='/akhbar/2.html'>وكانت الوزارة قد أعلنت خطة مماثلة في العام الماضي.</a></p>",
        # a page of another shape than the site's articles: a report, a document
        "<p><a href='/reports/2025/transport-plan'>تقرير اللجنة الكامل حول خطة النقل</a></p>",
        # a roundup's linked subheading; a sentence linked whole, without its full stop
        "<h2><a href='/akhbar/2.html'>الحكومة تقر موازنة العام المقبل بعجز أقل</a></h2>",
        "<p><a href='/akhbar/3.html'>وكانت الوزارة قد أعلنت في الشهر الماضي عن دراسة أولية"
        " للمشروع بتكلفة مليار دينار</a></p>",
    ],
)
def test_a_linked_paragraph_that_is_a_source_or_a_sentence_stays_text(line: str) -> None:
    text = html.fromstring(line).text_content()
    assert text_of(article_page(middle=line)) == [PARAGRAPHS[0], text, *PARAGRAPHS[1:]]


@pytest.mark.parametrize(
    "field",
    ["<input type='email' name='EMAIL' placeholder='بريدك الإلكتروني'>",
     "<input type='text' name='subscriber_email'>"],
)  # fmt: skip
def test_a_newsletter_sign_up_in_the_middle_of_the_text_is_not_text(field: str) -> None:
    """Whatever its class (Mailchimp for WordPress' "mc4wp-form-fields"): it asks for an
    e-mail address."""
    box = (
        "<div class='mc4wp-form-fields'><h4>اشترك في نشرتنا البريدية</h4>"
        "<p>احصل على أهم أخبار الاقتصاد الخليجي في بريدك الإلكتروني كل صباح.</p>"
        f"<p>{field}</p><p><input type='submit' value='اشترك'></p></div>"
    )
    assert text_of(article_page(middle=box)) == PARAGRAPHS


def test_on_a_site_of_one_segment_addresses_a_link_without_a_number_is_no_other_article() -> None:
    """ "/transport-plan-2024" and "/ministry-statement-full": one segment each says little;
    an article's address there carries its number."""
    line = "اقرأ نص بيان الوزارة الكامل حول الخطة"
    page = article_page(middle=f"<p><a href='/ministry-statement-full'>{line}</a></p>")
    result = extract(page, "https://news.example/transport-plan-2024", "text/html")
    assert isinstance(result, Extracted) and line in result.text.split("\n")
    other = page.replace(b"/ministry-statement-full", b"/rail-tender-2025")
    result = extract(other, "https://news.example/transport-plan-2024", "text/html")
    assert isinstance(result, Extracted) and line not in result.text.split("\n")


def test_a_comment_form_or_a_sign_up_beside_the_lead_takes_no_text_with_it() -> None:
    """The e-mail field of a comment form (its text box is the readers') is no sign-up box;
    a sign-up box sharing a small wrapper with the lead leaves the lead."""
    flash = (
        "ضرب زلزال بقوة خمس درجات على مقياس ريختر شمال المدينة صباح اليوم، ولم ترد أنباء عن إصابات."
    )
    form = (
        "<form id='commentform'><label>الاسم</label><input name='author'><label>البريد</label>"
        "<input type='email' name='email'><textarea></textarea><button>أرسل</button></form>"
    )
    page = (
        "<html><head><meta charset='utf-8'><title>زلزال</title></head><body><article>"
        f"<h1>عاجل: زلزال بقوة 5 درجات يضرب شمال المدينة</h1><p>{flash}</p>{form}</article>"
        "</body></html>"
    )
    assert text_of(page.encode()) == [flash]
    signup = "<div class='nl'><p>اشترك في نشرتنا</p><input type='email' name='EMAIL'></div>"
    wrapped = article_page().replace(
        f"<p>{PARAGRAPHS[0]}</p>".encode(),
        f"<div class='lead'><p>{PARAGRAPHS[0]}</p>{signup}</div>".encode(),
    )
    assert text_of(wrapped) == PARAGRAPHS


def test_a_related_label_over_one_linked_headline_mid_text_leaves_the_text_after_it() -> None:
    """The paragraph after the box goes on from the story's ("وأوضحت …"): no excerpt of the
    box's, though a teaser card stands after it."""
    said = [
        "قالت وزارة الصحة إن حملة التطعيم ضد الإنفلونزا الموسمية حققت نسبة إقبال تجاوزت 40 بالمئة.",
        "وأوضحت الوزارة أن المراكز الصحية ستواصل تقديم اللقاح حتى نهاية شهر فبراير في كل المناطق.",
        "ودعت كبار السن والمصابين بالأمراض المزمنة والحوامل إلى المبادرة بأخذ اللقاح في أقرب مركز.",
    ]
    body = (
        f"<p>{said[0]}</p><h4>ذات صلة</h4><h4><a href='/kw/1'>وزارة الصحة تفتتح مركزا صحيا"
        f" جديدا في الجهراء</a></h4><p>{said[1]}</p><div class='inline-teaser'><a href='/kw/2'>"
        "<strong>اقرأ المزيد</strong><span>ارتفاع حالات الإنفلونزا مع موجة البرد</span></a>"
        f"</div><p>{said[2]}</p>"
    )
    page = (
        "<html><head><meta charset='utf-8'><title>حملة التطعيم</title></head><body><article>"
        f"<h1>حملة التطعيم ضد الإنفلونزا</h1><div class='body'>{body}</div></article></body></html>"
    )
    assert text_of(page.encode()) == said


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Just a moment...", "<h1>Checking your browser before accessing the site.</h1>"
         "<p>This process is automatic. Your browser will redirect shortly.</p>"),
        ("الموقع", "<div id='challenge-form'><p>يرجى الانتظار، جاري التحقق من متصفحك قبل"
         " الدخول إلى الموقع.</p><div class='cf-turnstile'></div></div>"),
        ("Attention Required! | Cloudflare", "<h1>Sorry, you have been blocked</h1>"
         "<p>You are unable to access this site, which uses a security service.</p>"),
    ],
)  # fmt: skip
def test_a_bot_check_answered_with_200_is_no_article(title: str, body: str) -> None:
    from crawler.extract import ExtractFailure

    page = (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>{body}"
            "</body></html>").encode()  # fmt: skip
    result = extract(page, "https://news.example/a/4", "text/html")
    assert isinstance(result, ExtractFailure) and result.kind == "blocked", result


def test_an_article_about_captchas_is_an_article() -> None:
    said = "وقال خبراء إن اختبارات التحقق من أنك لست روبوت (captcha) باتت أصعب على البشر."
    page = article_page(top=f"<p>{said}</p>")
    assert text_of(page)[0] == said


CMP_WALL = (  # a consent manager's stock words (IAB TCF), said at length
    "<div id='consent-overlay' class='cmp'><h2>نحن نحترم خصوصيتك</h2><p>نحن وشركاؤنا نقوم"
    " بتخزين و/أو الوصول إلى المعلومات الموجودة على جهازك، مثل المعرّفات الفريدة في ملفات تعريف"
    " الارتباط، لمعالجة البيانات الشخصية. يمكنك قبول خياراتك أو إدارتها بالنقر أدناه، بما في ذلك"
    " حقك في الاعتراض على المصلحة المشروعة، أو في أي وقت على صفحة سياسة الخصوصية.</p><p>نحن"
    " وشركاؤنا نعالج البيانات لتوفير: تخزين المعلومات على الجهاز و/أو الوصول إليها. الإعلانات"
    " والمحتوى المخصص، وقياس الإعلانات والمحتوى، ورؤى الجمهور وتطوير المنتجات.</p><button>"
    "أوافق</button> <a href='/partners'>قائمة الشركاء (الموردون)</a></div>"
)


@pytest.mark.parametrize(
    "wall",
    [
        "<div class='consent-wall'><h1>نحن نهتم بخصوصيتك</h1><p>نستخدم نحن وشركاؤنا ملفات"
        " تعريف الارتباط وتقنيات مماثلة لتخزين المعلومات على جهازك وقراءتها.</p><p>يمكنك قبول"
        " جميع ملفات تعريف الارتباط أو رفضها أو إدارة تفضيلاتك في أي وقت.</p>"
        "<button>قبول الكل</button></div>",
        CMP_WALL,
    ],
)
def test_a_consent_wall_in_the_pages_place_is_no_article_but_news_of_cookies_is(
    wall: str,
) -> None:
    from crawler.extract import ExtractFailure

    page = f"<html><head><meta charset='utf-8'><title>قبل أن تتابع</title></head><body>{wall}"
    result = extract(f"{page}</body></html>".encode(), "https://news.example/a/9", "text/html")
    assert isinstance(result, ExtractFailure) and result.kind == "blocked", result
    said = "تستخدم الشركات الكبرى ملفات تعريف الارتباط لتتبع المستخدمين، وفق تقرير جديد للهيئة."
    assert text_of(article_page(top=f"<p>{said}</p>"))[0] == said


@pytest.mark.parametrize(
    "embed",
    [
        "<div class='fb-post' data-href='https://www.facebook.com/m/posts/1'><blockquote"
        " class='fb-xfbml-parse-ignore'><p>شكرا لكل اللي حضر امبارح.. ليلة مش هنساها</p>Posted by"
        " <a href='https://www.facebook.com/m'>محمد منير</a> on <a href='https://www.facebook.com"
        "/m/posts/1'>Saturday, January 17, 2026</a></blockquote></div>",
        "<blockquote class='wp-embedded-content'><a href='/akhbar/9.html'>الحكومة تقر موازنة"
        " العام المقبل بعجز أقل من المتوقع</a></blockquote>",
    ],
)  # fmt: skip
def test_an_embedded_post_or_another_posts_card_is_not_text(embed: str) -> None:
    assert text_of(article_page(middle=embed)) == PARAGRAPHS


@pytest.mark.parametrize(
    ("headline", "extra"),
    [
        ("جاري التحقق من هوية منفذ هجوم ماركا", ""),  # everyday words of the news
        ("الأمن يعلن القبض على منفذ هجوم ماركا",  # a comment form's captcha
         "<form id='commentform'><textarea></textarea><div class='g-recaptcha'></div></form>"),
        ("يستخدم المتسللون ملفات تعريف الارتباط لسرقة الحسابات", ""),  # news of cookies
    ],
)  # fmt: skip
def test_a_short_flash_about_checks_or_cookies_or_under_a_captcha_is_an_article(
    headline: str, extra: str
) -> None:
    flash = f"{headline}، بحسب ما أعلنته الجهات المختصة في بيان صدر صباح اليوم."
    page = (
        f"<html><head><meta charset='utf-8'><title>{headline}</title></head><body><article>"
        f"<h1>{headline}</h1><p>{flash}</p>{extra}</article></body></html>"
    )
    result = extract(page.encode(), "https://news.example/news/7", "text/html")
    assert isinstance(result, Extracted) and result.text == flash, result


def test_a_one_paragraph_flash_keeps_out_the_linked_next_story_under_it() -> None:
    flash = (
        "أعلنت وزارة الداخلية إغلاق الطريق الصحراوي أمام حركة الشاحنات حتى إشعار آخر بسبب الضباب."
    )
    following = _story("h2", "<a href='/akhbar/9.html'>التربية تمدد عطلة منتصف العام</a>", "",
                       NEXT_STORY)  # fmt: skip
    page = (
        "<html><head><meta charset='utf-8'><title>إغلاق الطريق</title></head><body><main>"
        f"<article><h1>إغلاق الطريق الصحراوي أمام الشاحنات</h1><p>{flash}</p></article>"
        f"{following}</main></body></html>"
    )
    assert text_of(page.encode()) == [flash]


@pytest.mark.parametrize("line", ["07/12/24", "10:20 - 07/12/24", "1446/06/05", "24:00"])
def test_a_line_of_a_dates_figures_alone_is_not_text(line: str) -> None:
    assert text_of(article_page(middle=f"<p>{line}</p>")) == PARAGRAPHS


@pytest.mark.parametrize(
    "tail",
    [
        " <a href='/n/9'>(اقرأ أيضا: البرلمان يبدأ مناقشة قانون الموازنة)</a>",
        " (اقرأ أيضاً: <a href='/n/9'>البرلمان يبدأ مناقشة قانون الموازنة</a>)",
    ],
)
def test_a_bracketed_read_also_run_into_a_paragraphs_end_goes_and_the_paragraph_stays(
    tail: str,
) -> None:
    page = (
        article_page()
        .decode("utf-8")
        .replace(f"{PARAGRAPHS[1]}</p>", f"{PARAGRAPHS[1]}{tail}</p>", 1)
    )
    assert text_of(page.encode()) == PARAGRAPHS


@pytest.mark.parametrize("label", ["للاستفسار:", "للاستفسارات الإعلامية:", "Media contact:"])
def test_a_press_releases_contact_block_closes_its_text(label: str) -> None:
    """A name, a phone, an e-mail under "للاستفسار:" change with each release: never learned
    as chrome, they stayed in the text."""
    block = (
        f"<p>{label}</p><p>ريم الهاشمي – مديرة الاتصال المؤسسي</p><p>هاتف: +971 4 555 0199</p>"
        "<p>البريد الإلكتروني: media@example.ae</p>"
    )
    assert text_of(article_page(end=block)) == PARAGRAPHS


VERSES = [
    ("وقفتُ على بابِ المدينةِ سائلاً", "أما زالَ في الأسوارِ للشمسِ مدخلُ"),
    ("فقالت حجارُ السورِ والليلُ شاهدٌ", "هنا كلُّ جرحٍ بالحكايةِ يُغسَلُ"),
    ("ويا قدسُ ما نامَ الحنينُ وإنما", "يُؤجَّلُ حتى يستفيقَ المؤجَّلُ"),
    ("سلامٌ على الزيتونِ في صبحِ أرضِنا", "وإن طالَ ليلٌ فالصباحُ سيُقبِلُ"),
]


def test_a_poems_half_lines_in_spans_side_by_side_are_apart_and_a_drop_cap_stays_in_its_word() -> (
    None
):
    """Two phrase-long spans that touch (a verse's halves, set apart by the page's style)
    ran together: "سائلاًأما زال"."""
    bayts = "".join(
        f"<div class='bayt'><span class='sadr'>{a}</span><span class='ajuz'>{b}</span></div>"
        for a, b in VERSES
    )
    page = (
        "<html><head><meta charset='utf-8'><title>قصيدة: على باب القدس</title></head><body>"
        "<article><h1>قصيدة: على باب القدس</h1><p><span class='dropcap'>ي</span>نشر الموقع"
        " قصيدة الشاعر الجديدة، التي ألقاها في أمسية اتحاد الكتاب مساء أمس:</p>"
        f"<div class='poem'>{bayts}</div></article></body></html>"
    ).encode()
    lines = text_of(page)
    assert lines[-len(VERSES) :] == [f"{a} {b}" for a, b in VERSES]
    said = "وقال الوزير إن الخطة ستنفذ على ثلاث مراحل خلال السنوات الخمس المقبلة في كل المدن."
    capped = f"<p><span class='dropcap'>و</span><span>قال الوزير إن</span>{said[14:]}</p>"
    assert said in text_of(article_page(middle=capped))


@pytest.mark.parametrize(
    ("title", "url", "article"),
    [
        ("نتائج البحث عن: النفط", "https://news.example/a/search?q=النفط", False),
        ("Search results for: oil", "https://news.example/a/?s=oil", False),
        # a headline about research, or a search page's title at an article's address
        ("نتائج البحث العلمي تكشف أسرار المحيطات", "https://news.example/a/search/ocean", True),
        ("نتائج البحث عن: المحيطات", "https://news.example/a/research-ocean", True),
        ("نتائج البحث عن: النفط", "https://news.example/a/55.html", True),
    ],
)
def test_a_search_results_page_the_pattern_takes_is_no_article(
    title: str, url: str, article: bool
) -> None:
    """One result left under the search's headline passed for a short article (article:
    the page is not told a search's)."""
    page = (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><main>"
        f"<h1>{title}</h1><p>تم العثور على 124 نتيجة</p><div class='result'><h3><a"
        " href='/a/77'>النفط يرتفع مع تراجع المخزونات الأمريكية</a></h3><p>ارتفعت أسعار النفط"
        " اليوم في الأسواق العالمية مع تراجع المخزونات الأمريكية للأسبوع الثالث على التوالي"
        " وفق بيانات رسمية.</p></div></main></body></html>"
    ).encode()
    result = extract(page, url, "text/html")
    said = not isinstance(result, Extracted) and result.message.startswith("a search results")
    assert said != article, result


@pytest.mark.parametrize("tag", ["h2", "h3", "h4"])
def test_a_subheading_that_opens_the_body_is_text(tag: str) -> None:
    """trafilatura's reading of <p>s alone passes over a subheading above the first one: the
    article's first section, or a deck set as a heading under the headline."""
    heading = "خطة من ثلاث مراحل حتى عام 2030"
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    body = (
        "<html><head><meta charset='utf-8'><title>وزارة النقل تعلن خطة</title></head><body>"
        "<div id='header'><a href='/'>الرئيسية</a> <a href='/s/1'>محليات</a></div>"
        f"<div class='article'><h1>وزارة النقل تعلن خطة لتحديث شبكة القطارات</h1>"
        f"<{tag}>{heading}</{tag}>{paragraphs}</div>"
        "<div id='footer'>جميع الحقوق محفوظة 2025</div></body></html>"
    ).encode()
    assert text_of(body) == [heading, *PARAGRAPHS]
    linked = body.replace(heading.encode(), f"<a href='/s/2'>{heading}</a>".encode())
    assert text_of(linked) == PARAGRAPHS


def test_subheadings_named_as_the_menu_items_stay_text_over_their_paragraphs() -> None:
    """A year's review by sector ("سياسة", "اقتصاد" over their paragraphs) on a site whose
    menu has the same items: the menu's lines are chrome, the subheadings are not."""
    sections = ("سياسة", "اقتصاد", "رياضة")
    menu = "".join(f"<a href='/section/{n}'>{s}</a>" for n, s in enumerate(sections))
    intro = "قدمت الصحيفة في ختام العام عرضا لأبرز ما شهدته البلاد من أحداث في مختلف المجالات."
    pairs = zip(sections, PARAGRAPHS, strict=False)
    body = f"<p>{intro}</p>" + "".join(f"<h2>{s}</h2><p>{p}</p>" for s, p in pairs)
    page = (
        "<html><head><meta charset='utf-8'><title>حصاد عام 2026</title></head><body>"
        f"<header><nav class='primary-nav'>{menu}<a href='/video'>فيديو</a></nav></header>"
        f"<main><h1>حصاد عام 2026: أبرز الأحداث</h1><div class='story__content'>{body}</div>"
        "</main><footer>جميع الحقوق محفوظة 2026</footer></body></html>"
    ).encode()
    expected = [intro, *(line for pair in zip(sections, PARAGRAPHS, strict=False) for line in pair)]
    assert text_of(page) == expected


@pytest.mark.parametrize("kicker", ["خاص", "فيديو", "حصري", "بالصور"])
def test_the_h1_with_its_kicker_before_the_headline_is_not_text(kicker: str) -> None:
    """ "<h1><span class='kicker'>خاص</span> headline</h1>": the title leaves the kicker out,
    and the h1's line is the headline again all the same."""
    headline = "وزارة النقل تعلن خطة لتحديث شبكة القطارات"
    page = (
        f"<html><head><meta charset='utf-8'><title>{headline} - الوطن</title>"
        f"<meta property='og:title' content='{headline}'></head><body><article class='post'>"
        f"<h1 class='entry-title'><span class='kicker'>{kicker}</span> {headline}</h1>"
        f"<div class='entry-content'>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}</div>"
        "</article></body></html>"
    ).encode()
    assert text_of(page) == PARAGRAPHS


def test_a_sentence_that_ends_with_the_headline_is_text() -> None:
    """Only the h1's own line goes: a paragraph ending in the headline's words stays."""
    line = "وقال المتحدث باسم الوزارة إن وزارة النقل تعلن خطة لتحديث شبكة القطارات"
    assert text_of(article_page(f"<p>{line}</p>")) == [PARAGRAPHS[0], line, *PARAGRAPHS[1:]]


RELATED = [
    "هل الشاي الأخضر مفيد حقا لفقدان الوزن؟",
    "أسعار الكاكاو تقفز بعد موسم حصاد سيئ",
    "مقتل العشرات في انهيار منجم للذهب في مالي",
]


def _related(item: str = "<li><a href='/akhbar/{n}.html'>{h}</a></li>") -> str:
    return "".join(item.format(n=n + 2, h=h) for n, h in enumerate(RELATED))


@pytest.mark.parametrize(
    "box",
    [
        # BBC's "قصص مقترحة": skipped by a link to the line that ends it
        "<section aria-labelledby='rh'><div><a href='#end-rec'>تخطى قصص مقترحة وواصل القراءة</a>"
        "</div><h2 id='rh'><span>قصص مقترحة</span></h2><ul role='list'>{items}</ul>"
        "<p id='end-rec'>نهاية قصص مقترحة</p></section>",
        # ... the skip link and the heading in one block, and no name that says related
        "<section><div><a href='#end-rec'>تخطى قصص مقترحة وواصل القراءة</a><strong>قصص"
        " مقترحة</strong></div><ul>{items}</ul><p id='end-rec'>نهاية قصص مقترحة</p></section>",
        # ... in English, its anchor after the box
        "<div><a href='#after'>Skip suggested stories</a><ul>{items}</ul></div><span id='after'>"
        "</span>",
        # a list of linked headlines of the site's articles, no label, no box
        "<ul>{items}</ul>",
        # headed by the site's suggestions, in Arabic and English
        "<h3>مقالات مقترحة لك</h3><ul>{items}</ul>",
        "<h3>Recommended</h3><ul>{items}</ul>",
    ],
)  # fmt: skip
def test_a_box_of_suggested_stories_between_paragraphs_is_not_text(box: str) -> None:
    assert text_of(article_page(box.format(items=_related()))) == PARAGRAPHS


@pytest.mark.parametrize(
    "items",
    [
        # the sources the article cites, on other sites
        _related("<li><a href='https://un.example/r/{n}'>{h}</a></li>"),
        # a timeline: each item says more than its link
        _related("<li>في 2023: <a href='/akhbar/{n}.html'>{h}</a></li>"),
    ],
)
def test_a_list_of_sources_or_a_timeline_with_its_own_words_stays_text(items: str) -> None:
    text = text_of(article_page(f"<ul>{items}</ul>"))
    assert text[0] == PARAGRAPHS[0] and text[-1] == PARAGRAPHS[-1] and len(text) == 6


def test_a_table_of_contents_that_links_to_the_storys_sections_stays() -> None:
    """Links to anchors of the story's own sections skip nothing: the story lies between."""
    toc = (
        "<ul><li><a href='#s1'>الخطة الجديدة للنقل</a></li><li><a href='#s2'>التمويل</a></li></ul>"
    )
    end = f"<h2 id='s1'>الخطة الجديدة للنقل</h2><p>{SENTENCE}.</p><h2 id='s2'>التمويل</h2>"
    text = text_of(article_page(middle=toc, end=end))
    assert all(p in text for p in PARAGRAPHS) and f"{SENTENCE}." in text


ARTICLE_STATE = {
    "title": "وزارة النقل تعلن خطة لتحديث شبكة القطارات",
    "body": "".join(f"<p>{p}</p>" for p in PARAGRAPHS),
}


def in_script(script: str, shown: str = PARAGRAPHS[0]) -> bytes:
    """The script-rendered page with its state given by another script than a JSON one."""
    page = script_rendered({}, shown).decode()
    start = page.index("<script id='__NEXT_DATA__'")
    return (page[:start] + script + "</body></html>").encode()


def _nuxt2(state: dict) -> str:
    title, body = json.dumps(state["title"], ensure_ascii=False), json.dumps(state["body"])
    return (
        '<script>window.__NUXT__=(function(a,b){return {layout:"default",data:[{article:'
        f"{{title:a,views:void 0,body:b,tags:[]}}}}],error:null,serverRendered:true}}}}"
        f"({title},{body}));</script>"
    )


def _flight(state: dict) -> str:
    """The Next.js app router's payload, its body in a text row the article refers to."""
    body = state["body"]
    rows = [
        '1:I[8123,["app/news/page.js"],"ArticleBody"]\n',
        f"4:T{len(body.encode()):x},{body}",
        "5:" + json.dumps(["$", "$L1", None, {**state, "body": "$4"}], ensure_ascii=False) + "\n",
    ]
    return "".join(
        f"<script>self.__next_f.push({json.dumps([1, row], ensure_ascii=False)})</script>"
        for row in rows
    )


def _angular15(state: dict) -> str:
    data = json.dumps({"G.https://api.site/a/5?": {"body": state}}, ensure_ascii=False)
    for char, escaped in (("&", "&a;"), ('"', "&q;"), ("'", "&s;"), ("<", "&l;"), (">", "&g;")):
        data = data.replace(char, escaped)
    return f"<script id='serverApp-state' type='application/json'>{data}</script>"


def _astro(state: dict) -> str:
    props = {"article": [0, {k: [0, v] for k, v in state.items()}], "tags": [1, [[0, "x"]]]}
    return f"<astro-island client='only' props='{escape(json.dumps(props))}'></astro-island>"


@pytest.mark.parametrize(
    "script",
    [
        lambda s: (
            "<script type='application/javascript'>window.Fusion=window.Fusion||{};"
            f"Fusion.globalContent={json.dumps(s)};Fusion.spa=false;</script>"
        ),  # Arc XP
        lambda s: (
            f"<script>window.__INITIAL_STATE__ = JSON.parse({json.dumps(json.dumps(s))});</script>"
        ),
        _nuxt2,
        _flight,
        _angular15,
        _astro,
    ],
    ids=["assigned", "json-parse", "nuxt2", "app-router", "angular15", "astro"],
)
@pytest.mark.parametrize("shown", [PARAGRAPHS[0], ""])
def test_a_body_the_pages_scripts_assign_completes_its_lead(
    script: Callable[[dict], str], shown: str
) -> None:
    """The state in JavaScript, not a JSON script: read as __NEXT_DATA__ is."""
    assert text_of(in_script(script(ARTICLE_STATE), shown)) == PARAGRAPHS


def test_a_stated_bodys_line_breaks_escaped_twice_are_its_paragraph_ends() -> None:
    ld = {
        "@type": "NewsArticle",
        "headline": "وزارة النقل تعلن خطة",
        "articleBody": "\\n\\n".join(PARAGRAPHS),
    }
    body = script_rendered({}).replace(
        b"</head>",
        f"<script type='application/ld+json'>{json.dumps(ld, ensure_ascii=False)}</script></head>".encode(),
    )
    assert text_of(body) == PARAGRAPHS


def test_a_post_embedded_in_a_stated_body_is_not_a_paragraph() -> None:
    tweet = (
        "<blockquote class='twitter-tweet'><p lang='ar'>تغريدة الوزير عن الخطة</p>&mdash; الوزير"
        " (@minister) <a href='https://twitter.com/m/status/1'>November 6, 2026</a></blockquote>"
    )
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2]) + tweet + f"<p>{PARAGRAPHS[2]}</p>"
    article = {"title": ARTICLE_STATE["title"], "content": body}
    assert text_of(script_rendered({"props": {"pageProps": {"post": article}}})) == PARAGRAPHS


@pytest.mark.parametrize(
    "terms",
    [
        "<div class='detay-alt-bilgi'><p>يمكن للمشتركين في نظام تدفق الأخبار لوكالة الأناضول نشر"
        " جزء من الأخبار على مواقعهم الإلكترونية شريطة ذكر المصدر. للاشتراك يرجى الضغط هنا.</p>"
        "</div>",
        "<p>يُسمح بإعادة نشر المواد مع ذكر المصدر.</p>",
        "<p>Subscribers may republish part of the news on their websites provided the source is"
        " credited.</p>",
        "<p>Reproduction autorisée à condition de citer la source.</p>",
    ],
)
def test_the_terms_for_republishing_the_page_after_the_story_are_not_text(terms: str) -> None:
    assert text_of(article_page(end=terms)) == PARAGRAPHS


@pytest.mark.parametrize(
    "said",
    [
        "يحظر القانون الجديد نشر الأخبار دون ذكر المصدر تحت طائلة الغرامة.",
        "يمكن للصحف نشر الصور شريطة ذكر المصدر، وفق القرار الجديد.",
    ],
)
def test_news_of_terms_for_publishing_closing_the_story_is_text(said: str) -> None:
    assert text_of(article_page(end=f"<p>{said}</p>")) == [*PARAGRAPHS, said]


PHP_FATAL = (
    "<br />\n<b>Fatal error</b>:  Allowed memory size of 134217728 bytes exhausted (tried to"
    " allocate 20480 bytes) in <b>/var/www/html/news/article.php</b> on line <b>212</b><br />\n"
)
PHP_UNCAUGHT = (
    "<br />\n<b>Fatal error</b>:  Uncaught Error: Call to undefined function get_related() in"
    " /var/www/html/news/article.php:88\nStack trace:\n#0 {main}\n  thrown in"
    " <b>/var/www/html/news/article.php</b> on line <b>88</b><br />\n"
)
STORY = [
    "أعلنت وزارة الصحة أن فرقها الميدانية وصلت إلى المناطق المتضررة من السيول في جنوب البلاد.",
    "وقال المتحدث باسم الوزارة إن الفرق بدأت تقديم الإسعافات للمصابين في القرى المعزولة.",
    "وأضاف أن الطرق إلى ثلاث قرى ما زالت مقطوعة، وأن المروحيات تنقل المؤن إليها منذ الصباح.",
]


@pytest.mark.parametrize("fatal", [PHP_FATAL, PHP_UNCAUGHT, PHP_FATAL.replace("<b>", "")])
def test_a_page_whose_script_died_mid_page_is_refused_not_archived_half(fatal: str) -> None:
    """PHP's fatal error ends the page after its second paragraph (the answer itself whole):
    no article (asked again later; a re-checked one keeps its archived text)."""
    whole = agency_page(STORY).decode()
    died = whole[: whole.index(f"<p>{STORY[2]}")] + fatal
    result = extract(died.encode(), "https://news.example/akhbar/1.html")
    assert not isinstance(result, Extracted) and result.kind == "server_error"
    assert "Fatal error" in result.message


def test_an_article_that_quotes_a_fatal_error_and_goes_on_is_read() -> None:
    """The message inside a page that goes on to its end is no script's death."""
    quoted = "<pre>Fatal error: Allowed memory size exhausted in /srv/app/index.php on line 3</pre>"
    result = extract(agency_page([*STORY[:2], quoted, STORY[2]]), "https://news.example/a/1")
    assert isinstance(result, Extracted) and STORY[2] in result.text


@pytest.mark.parametrize(
    "warning",
    [
        "<b>Warning</b>:  mysql_connect(): Headers and client library minor version mismatch."
        " Headers:50562 Library:100236 in <b>/var/www/html/includes/db.php</b> on line <b>7</b>",
        "Deprecated: Function ereg_replace() is deprecated in /var/www/html/func.php on line 31",
        "<b>Notice</b>:  Undefined index: author in <b>/var/www/html/news/article.php</b> on"
        " line <b>40</b>",
    ],
)
def test_a_php_warning_printed_in_the_body_is_not_article_text(warning: str) -> None:
    """A warning does not stop the script: the page is whole and read, the line is not text."""
    assert text_of(agency_page([STORY[0], f"{warning}<br />", *STORY[1:]])) == STORY
