"""Authors are people: a publisher named as the JSON-LD author is not stored as one."""

from __future__ import annotations

import json

import pytest

from crawler.extract import Extracted, extract

BODY = (
    "<p>" + "قالت وزارة الصحة إن فرقها الميدانية وصلت إلى المناطق المتضررة من السيول. " * 4 + "</p>"
)


def authors(author: object, head: str = "") -> list[str]:
    data = json.dumps({"@type": "NewsArticle", "headline": "عنوان", "author": author})
    html = (
        f'<html><head>{head}<script type="application/ld+json">{data}</script></head>'
        f"<body><article><h1>عنوان الخبر</h1>{BODY}</article></body></html>"
    )
    result = extract(html.encode(), "https://example.com/story/1")
    assert isinstance(result, Extracted)
    return result.authors


@pytest.mark.parametrize("kind", ["Organization", "NewsMediaOrganization", ["Organization"]])
def test_organization_author_is_not_stored(kind: object) -> None:
    assert authors({"@type": kind, "name": "عربي21"}) == []


def test_organization_author_is_not_brought_back_by_the_meta_author_tag() -> None:
    head = '<meta name="author" content="عربي21"><meta property="og:site_name" content="عربي21">'
    assert authors({"@type": "Organization", "name": "عربي21"}, head) == []


def test_person_authors_stay_beside_an_organization() -> None:
    found = authors(
        [{"@type": "Person", "name": "ضحى عرفة"}, {"@type": "Organization", "name": "عربي21"}]
    )
    assert found == ["ضحى عرفة"]


def test_untyped_and_plain_string_authors_stay() -> None:
    assert authors({"name": "حسام أبو العلا"}) == ["حسام أبو العلا"]
    assert authors("محمد علي") == ["محمد علي"]


def test_an_author_given_as_a_reference_to_a_graph_node_is_that_nodes_name() -> None:
    """Yoast's graph: the article's author is {"@id": …}, the Person node beside it."""
    person = {"@type": "Person", "@id": "https://x.example/#/schema/person/1", "name": "عمر الساكت"}
    org = {"@type": "Organization", "@id": "https://x.example/#org", "name": "الرأي"}
    graph = {"@graph": [person, org]}
    head = f'<script type="application/ld+json">{json.dumps(graph)}</script>'
    assert authors({"@id": person["@id"]}, head) == ["عمر الساكت"]
    assert authors({"@id": org["@id"]}, head) == []
    assert authors({"@id": "https://x.example/#/schema/person/2"}, head) == []


def test_meta_author_that_is_a_person_is_kept_when_json_ld_names_only_the_publisher() -> None:
    head = '<meta name="author" content="سارة خليل"><meta property="og:site_name" content="عربي21">'
    assert authors({"@type": "Organization", "name": "عربي21"}, head) == ["سارة خليل"]


@pytest.mark.parametrize("head", ['<meta property="og:site_name" content="الجزيرة نت">', ""])
def test_a_person_author_that_is_the_sites_name_is_not_stored(head: str) -> None:
    """Sites mark themselves as a Person too: the name of the site (og:site_name, or the
    JSON-LD publisher's) is never an author."""
    data = {"@type": "Person", "name": "الجزيرة نت"}
    html = (
        f"<html><head>{head}<script type='application/ld+json'>"
        + json.dumps(
            {
                "@type": "NewsArticle",
                "headline": "عنوان",
                "author": data,
                "publisher": {"@type": "Organization", "name": "الجزيرة نت"},
            }
        )  # fmt: skip
        + f"</script></head><body><article><h1>عنوان الخبر</h1>{BODY}</article></body></html>"
    )
    result = extract(html.encode(), "https://example.com/story/1")
    assert isinstance(result, Extracted)
    assert result.authors == []


@pytest.mark.parametrize(
    ("paragraph", "language"),
    [
        ("The ministry said on Monday that the new rail plan is to be finished by the end of "
         "the year, and that the first trains will run in the north of the country. ", "en"),
        ("Le ministère a annoncé lundi que le nouveau plan ferroviaire sera achevé à la fin de "
         "l'année et que les premiers trains circuleront dans le nord du pays. ", "fr"),
    ],
)  # fmt: skip
def test_an_english_or_french_article_on_an_arabic_page_gets_its_own_language(
    paragraph: str, language: str
) -> None:
    html = (
        f"<html lang='ar'><head><meta charset='utf-8'></head><body><article><h1>Rail plan</h1>"
        f"<p>{paragraph * 3}</p></article><footer>جميع الحقوق محفوظة</footer></body></html>"
    )
    result = extract(html.encode(), "https://example.com/story/2")
    assert isinstance(result, Extracted)
    assert result.language == language


def test_a_latin_article_without_common_words_on_an_arabic_page_goes_by_its_script() -> None:
    text = "Rail plan: 40 km, 12 stations, 3 years. Budget approved. Works start soon. " * 4
    html = f"<html lang='ar'><body><article><h1>Rail plan</h1><p>{text}</p></article></body></html>"
    result = extract(html.encode(), "https://example.com/story/3")
    assert isinstance(result, Extracted) and result.language == "en"


@pytest.mark.parametrize(
    ("head", "canonical"),
    [
        ("<link rel='canonical' href='/p/1.html'>", "https://a.example/p/1.html"),
        ("<meta property='og:url' content='www.a.example/p/1'>", None),  # not absolute
        ("<meta property='og:url' content='//a.example/p/2'>", "https://a.example/p/2"),
        # relative to the page's directory: a slash forgotten ("news/41033/slug" on that page)
        ("<link rel='canonical' href='news/41033/report-2'>", None),
        (
            "<base href='/'><link rel='canonical' href='news/41033/r'>",
            "https://a.example/news/41033/r",
        ),
    ],
)
def test_the_declared_address_is_made_absolute_only_where_the_page_may_write_it_relative(
    head: str, canonical: str | None
) -> None:
    html = f"<html><head>{head}</head><body><h1>عنوان الخبر</h1>{BODY}</body></html>"
    result = extract(html.encode(), "https://a.example/sec/x")
    assert isinstance(result, Extracted) and result.canonical == canonical


def shown(byline: str, title: str = "عنوان الخبر | جريدة الغد", after: str = "") -> Extracted:
    """A page whose only author is the byline it shows."""
    html = (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><article>"
        f"<h1>عنوان الخبر</h1>{byline}{BODY}</article>{after}</body></html>"
    )
    result = extract(html.encode(), "https://example.com/story/1")
    assert isinstance(result, Extracted)
    return result


@pytest.mark.parametrize(
    ("byline", "name"),
    [
        ("<p class='byline'>بقلم: أحمد محمد العلي</p>", "أحمد محمد العلي"),
        ("<div class='post-author'><a href='/a/1'>سارة خالد</a></div>", "سارة خالد"),
        ("<a rel='author' href='/a/2'>Ziad Sankary</a>", "Ziad Sankary"),
        ("<span>كتب: محمود حسن</span>", "محمود حسن"),
        ("<p>حاوره: فراس العلي</p>", "فراس العلي"),  # an interview's
        ("<p><strong>بقلم</strong> د. رامي يوسف</p>", "رامي يوسف"),  # the title is no name
        (
            "<div itemprop='author' itemscope itemtype='https://schema.org/Person'>"
            "<span itemprop='name'>هدى التونسي</span></div>",
            "هدى التونسي",
        ),
        (  # Drupal's, in French
            "<div class='node__meta'>Par <span class='field--name-uid'><a href='/user/7'>"
            "Claire Martin</a></span></div>",
            "Claire Martin",
        ),
        (  # Ghost's: a class of three words
            "<span class='gh-article-author-name'><a href='/author/huda/'>هدى سالم</a></span>",
            "هدى سالم",
        ),
        ("<p class='meta'>By Jane Doe, Staff Writer</p>", "Jane Doe"),
        # after the date line, beyond an em dash
        (
            "<div class='meta'>Publié le lundi 17 février 2025 à 11h40 — Par Sana Ben Ali</div>",
            "Sana Ben Ali",
        ),  # fmt: skip
        # a theme's "by" before the linked name
        (
            "<span class='byline'>بواسطة <a href='/author/ahmad/'>أحمد الخطيب</a></span>",
            "أحمد الخطيب",
        ),
        # a dash or a slash after the opening word
        ("<p>كتب - أحمد فتحي</p>", "أحمد فتحي"),
        ("<p>بقلم / أحمد فتحي</p>", "أحمد فتحي"),
        # the label in a field of its own, the name in the field beside it (Drupal 7, with
        # its theme's debug comment between them)
        (
            "<div class='field-name-field-writer'><div class='field-label'>بقلم:</div>"
            "<!-- THEME DEBUG --><div class='field-items'><div class='field-item'>هاجر بن علي"
            "</div></div></div>",
            "هاجر بن علي",
        ),
        ("<p>كتب: محمد علي، رام الله</p>", "محمد علي"),  # the place after a comma
        # a translator's role after the writer's name on the line
        ("<p class='trans'>بقلم: بول كروغمان - ترجمة: ريم عادل</p>", "بول كروغمان"),
        ("<p>كتب: سامي النجار، ترجمة: ريم عادل</p>", "سامي النجار"),
    ],
)
def test_the_byline_the_page_shows_gives_the_author_and_is_not_text(byline: str, name: str) -> None:
    result = shown(byline)
    assert result.authors == [name]
    assert name not in result.text and "بقلم" not in result.text


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        # titles before the names: the person is the name
        ("<p class='byline'>بقلم: د. نوال المري و م. خالد الكواري</p>",
         ["نوال المري", "خالد الكواري"]),
        ("<span class='author'>الدكتورة نوال المري</span>", ["نوال المري"]),
        # a blog platform's label and placeholder
        ("<span class='author'>مرسلة بواسطة سعاد البقالي</span>", ["سعاد البقالي"]),
        ("<span class='author'>Posted by Unknown</span>", []),
        # where the writer was is no part of the name; initials are not a title
        ("<span class='author'>أحمد علي من القاهرة</span>", ["أحمد علي"]),
        ("<span class='author'>م.ع. الحسيني</span>", ["م.ع. الحسيني"]),
        ("<span class='author'>Par Samir K.</span>", ["Samir K."]),  # the initial's dot kept
    ],
)  # fmt: skip
def test_an_authors_title_and_a_blogs_label_are_not_part_of_the_name(
    byline: str, names: list[str]
) -> None:
    assert shown(byline).authors == names


@pytest.mark.parametrize(
    ("byline", "after"),
    [
        ("", "<div class='comments'><span class='comment-author'>زائر كريم</span></div>"),
        ("<div class='article_details_author_container'>منوعات</div>", ""),
        (
            "<div itemprop='author' itemscope itemtype='https://schema.org/Organization'>"
            "<span itemprop='name'>وكالة الأنباء</span></div>",
            "",
        ),
        ("<span class='author'>جريدة الغد</span>", ""),  # the site, as the title names it
        ("<p>كتب الرئيس</p>", ""),  # a sentence, no byline
        # an agency where a writer would be: the copy's source
        ("<a class='author-name' href='/a/3'>وكالة الأنباء الأردنية (بترا)</a>", ""),
        ("<p class='byline'>By Reuters Staff</p>", ""),
        # a credit from a place: another outlet's, the paper's correspondent
        ("<span class='author'>هسبريس من الرباط</span>", ""),
        ("<span class='author'>مراسلنا من غزة</span>", ""),
    ],
)
def test_a_commenter_a_section_or_the_site_is_not_an_author(byline: str, after: str) -> None:
    assert shown(byline, after=after).authors == []


COLUMNISTS = (
    "<div class='opinion-box'><h3>كتّاب الرأي</h3>"
    "<div class='card'><span class='writer-name'>فهد الخيطان</span><a href='/op/1'>مقال</a></div>"
    "<div class='card'><span class='writer-name'>ماهر أبو طير</span><a href='/op/2'>مقال</a></div>"
    "</div>"
)


@pytest.mark.parametrize("where", ["before", "after"])
def test_a_box_of_columnists_names_no_author_of_the_page(where: str) -> None:
    before, after = (COLUMNISTS, "") if where == "before" else ("", COLUMNISTS)
    html = (
        f"<html><head><meta charset='utf-8'><title>خبر</title></head><body>{before}"
        f"<article><h1>عنوان الخبر</h1>{BODY}</article>{after}</body></html>"
    )
    result = extract(html.encode(), "https://example.com/story/1")
    assert isinstance(result, Extracted) and result.authors == []
    with_byline = html.replace(
        "<h1>عنوان الخبر</h1>", "<h1>عنوان الخبر</h1><p>بقلم: سارة محمود</p>"
    )
    result = extract(with_byline.encode(), "https://example.com/story/1")
    assert isinstance(result, Extracted) and result.authors == ["سارة محمود"]


def test_an_agency_named_as_the_json_ld_author_leaves_the_byline_the_page_shows() -> None:
    head_ld = {"@type": "Person", "name": "وكالة الانباء الاردنية"}  # as some write it
    body = "<p class='byline'>بقلم: رنا الخطيب</p>"
    data = json.dumps({"@type": "NewsArticle", "headline": "عنوان", "author": head_ld})
    page = (
        f'<html><head><script type="application/ld+json">{data}</script></head>'
        f"<body><article><h1>عنوان الخبر</h1>{body}{BODY}</article></body></html>"
    )
    result = extract(page.encode(), "https://example.com/story/1")
    assert isinstance(result, Extracted) and result.authors == ["رنا الخطيب"]


def test_writers_named_together_are_each_an_author() -> None:
    byline = (
        "<div class='jeg_meta_author'>بقلم <a href='/a/1'>رنا الخطيب</a> و "
        "<a href='/a/2'>زيد العمري</a></div>"
    )
    assert shown(byline).authors == ["رنا الخطيب", "زيد العمري"]


def test_a_sentence_that_opens_with_a_word_of_bylines_is_no_byline() -> None:
    result = shown("<p>بقلمه رسم الفنان هذه اللوحة</p>")
    assert result.authors == [] and "بقلمه رسم الفنان هذه اللوحة" in result.text.split("\n")


def test_the_pages_byline_stays_when_a_sidebar_item_shares_its_class() -> None:
    aside = "<aside class='most-read'><div><span class='author'>فهد الخيطان</span></div></aside>"
    result = shown("<span class='author'>سارة محمود</span>", after=aside)
    assert result.authors == ["سارة محمود"]


def test_the_byline_opening_a_body_written_between_brs_gives_the_author() -> None:
    """ "بقلم: فلان<br><br>النص…" in one block: the block's whole text is no byline, its first
    line is (the name was dropped from the text, and the author lost)."""
    sentences = [
        "أعلنت الحكومة اليوم إقرار موازنة العام المقبل بعجز أقل من المتوقع بعد نقاش طويل.",
        "وقال وزير المالية إن الموازنة تركز على دعم القطاعات الإنتاجية وتوفير فرص العمل.",
        "وأضاف أن العجز المتوقع سيبلغ نحو ثلاثة في المئة من الناتج المحلي الإجمالي للبلاد.",
    ]
    post = "بقلم: سامي الخطيب<br><br>" + "<br><br>".join(sentences * 2)
    assert shown(f"<div class='post'>{post}</div>").authors == ["سامي الخطيب"]


@pytest.mark.parametrize(
    "byline",
    [
        "<div class='info'>2024/12/03 | بقلم: سليم الحداد</div>",
        "<div class='info'>بقلم: سليم الحداد | 2024/12/03</div>",
        "<div class='info'>بقلم: سليم الحداد • الثلاثاء 3 ديسمبر 2024</div>",
        "<p class='meta'>كتب: سليم الحداد - 03-12-2024 15:20</p>",
        "<p>كتب: سليم الحداد الثلاثاء 3 ديسمبر 2024</p>",
        "<span class='author'>سليم الحداد | 12:40 م</span>",
    ],
)
def test_a_byline_sharing_its_line_with_a_date_gives_the_author(byline: str) -> None:
    assert shown(byline).authors == ["سليم الحداد"]


def test_a_date_and_a_section_on_one_line_name_no_author() -> None:
    assert shown("<div class='info'>2024/12/03 | أخبار محلية</div>").authors == []


def page_with(head: str = "", byline: str = "") -> list[str]:
    """The authors of a page that declares them in its head and/or shows a byline."""
    html = (
        f"<html><head><meta charset='utf-8'>{head}</head><body><article>"
        f"<h1>عنوان الخبر</h1>{byline}{BODY}</article></body></html>"
    )
    result = extract(html.encode(), "https://example.com/story/1")
    assert isinstance(result, Extracted)
    return result.authors


@pytest.mark.parametrize(
    ("head", "byline"),
    [
        ("<meta name='author' content='حاوره: ليث الجبوري'>", ""),
        ("<meta property='article:author' content='أجرى الحوار: ليث الجبوري'>", ""),
        (
            "<script type='application/ld+json'>"
            + json.dumps({"@type": "NewsArticle", "author": {"name": "إعداد: ليث الجبوري"}})
            + "</script>",
            "",
        ),
        ("", "<div class='writer'>كتب ليث الجبوري</div>"),  # Youm7's: no colon
        ("", "<span class='author'>كتبت - ليث الجبوري</span>"),
        ("", "<span class='byline'>ترجمة: ليث الجبوري</span>"),
    ],
)
def test_the_label_before_an_authors_name_is_not_part_of_it(head: str, byline: str) -> None:
    assert page_with(head, byline) == ["ليث الجبوري"]


@pytest.mark.parametrize(
    "byline",
    ["<p>كتب الرئيس رسالة</p>", "<p>كتب ليث الجبوري مقالا عن الحرب في غزة</p>",
     "<p>كتب محمد صلاح التاريخ مجددا</p>"],
)  # fmt: skip
def test_a_sentence_opening_with_kataba_outside_an_author_field_names_no_one(byline: str) -> None:
    assert page_with(byline=byline) == []


@pytest.mark.parametrize(
    "byline",
    ["<p>كتب ليث الجبوري</p>", "<p><strong>كتب ليث الجبوري</strong></p>",
     "<p>كتب - ليث الجبوري:</p>", "<div class='reporter'>بغداد - ليث الجبوري</div>",
     "<div class='reporter'>ليث الجبوري - بغداد</div>"],
)  # fmt: skip
def test_a_paragraph_of_kataba_and_a_name_or_a_reporters_line_is_the_byline_not_text(
    byline: str,
) -> None:
    """Egyptian portals open the text with "كتب فلان" in a paragraph of its own, no colon;
    Levantine ones set the reporter's place beside the name in a "reporter" box."""
    result = shown(byline)
    assert result.authors == ["ليث الجبوري"]
    assert "الجبوري" not in result.text


@pytest.mark.parametrize(
    ("head", "byline"),
    [
        ("", "<div class='byline'>أنقرة - الأناضول</div>"),
        ("", "<div class='byline'>الأناضول - أنقرة</div>"),
        ("", "<span class='author'>باريس - أ ف ب</span>"),
        ("<meta name='author' content='(أبوظبي - البيان)'>", ""),
        ("<meta name='author' content='رويترز - لندن'>", ""),
    ],
)
def test_a_wire_dateline_where_the_author_would_be_names_no_author(head: str, byline: str) -> None:
    assert page_with(head, byline) == []


@pytest.mark.parametrize(
    ("head", "byline", "name"),
    [
        ("<meta name='author' content='حسام أبو العلا - القاهرة'>", "", "حسام أبو العلا"),
        ("", "<div class='byline'>القاهرة - رنا الخطيب</div>", "رنا الخطيب"),
        ("", "<div class='byline'>رنا الخطيب - رويترز</div>", "رنا الخطيب"),
        ("", "<div class='byline'>أنس ناصر</div>", "أنس ناصر"),
    ],
)
def test_the_writer_named_in_a_dateline_is_its_author(head: str, byline: str, name: str) -> None:
    assert page_with(head, byline) == [name]


@pytest.mark.parametrize(
    ("head", "byline"),
    [
        ("", "<span class='byline'>بواسطة <a rel='author' href='/author/admin'>admin</a></span>"),
        ("<meta name='author' content='Administrator'>", ""),
        ("<meta name='author' content='المحرر'>", ""),
        ("<meta name='author' content='إدارة الموقع'>", ""),
        ("", "<span class='author'>فريق التحرير</span>"),
        (
            "<link rel='canonical' href='https://www.sahat-alwatan.com/n/1'>"
            "<meta name='author' content='sahat-alwatan'>",
            "",
        ),
    ],
)
def test_a_sites_account_is_not_an_author(head: str, byline: str) -> None:
    assert page_with(head, byline) == []


@pytest.mark.parametrize("name", ["سامي المحرر", "Adam Webster"])
def test_a_person_named_like_a_sites_account_is_an_author(name: str) -> None:
    assert page_with(f"<meta name='author' content='{name}'>") == [name]


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("كتب: أحمد علي ومحمد حسن", ["أحمد علي", "محمد حسن"]),
        ("كتب: أحمد علي و محمد حسن", ["أحمد علي", "محمد حسن"]),
        ("كتبت: هدى سالم ووفاء حسن", ["هدى سالم", "وفاء حسن"]),
        # و that is a name's own first letter, or no second name after it: one writer
        ("كتب: وليد حسن", ["وليد حسن"]),
        ("كتب: سامي وليد الخطيب", ["سامي وليد الخطيب"]),
        ("كتب: أحمد سالم وليد حسن", ["أحمد سالم وليد حسن"]),
        ("كتب: أحمد سالم ولد محمد", ["أحمد سالم ولد محمد"]),
        ("كتب: هدى سالم وائل", ["هدى سالم وائل"]),
    ],
)
def test_writers_joined_by_waw_are_each_an_author_and_names_opening_with_waw_stay_whole(
    line: str, names: list[str]
) -> None:
    assert page_with(byline=f"<p>{line}</p>") == names


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("إعداد: رنا يوسف، طارق سليم وجنى بدر", ["رنا يوسف", "طارق سليم", "جنى بدر"]),
        ("إعداد: رنا يوسف، طارق سليم و جنى بدر", ["رنا يوسف", "طارق سليم", "جنى بدر"]),
        # a name, then where it was written or who the writer is
        ("كتب: محمد علي، رام الله", ["محمد علي"]),
        ("كتب: محمد علي، رام الله والقدس", ["محمد علي"]),
        ("كتب: محمد علي، مراسل الجزيرة في واشنطن", ["محمد علي"]),
    ],
)
def test_a_list_of_writers_is_told_from_a_name_followed_by_its_place(
    line: str, names: list[str]
) -> None:
    assert page_with(byline=f"<p>{line}</p>") == names


def test_writers_joined_in_the_meta_author_tag_are_each_an_author() -> None:
    head = "<meta name='author' content='أحمد علي ومحمد حسن'>"
    assert page_with(head) == ["أحمد علي", "محمد حسن"]


def test_a_byline_box_holding_a_counter_and_a_share_prompt_names_no_author() -> None:
    assert page_with(byline="<div class='byline'>13165 قراءة · انشر القصة</div>") == []


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        # Youm7's: the label without a colon in the line under the headline (its subtitle
        # between them), two writers joined by a dash
        ("<h2>الامتحانات تبدأ في يونيو</h2><div class='writeBy'>كتب محمود طه حسين</div>",
         ["محمود طه حسين"]),
        ("<div class='writeBy'>كتب أحمد جمعة - محمد شبل</div>", ["أحمد جمعة", "محمد شبل"]),
        # Masrawy's: a dash after the label, a colon after the name
        ("<span class='author'>كتب- محمد صلاح:</span>", ["محمد صلاح"]),
        ("<span class='author'>كتبت- ياسمين محمد:</span>", ["ياسمين محمد"]),
    ],
)  # fmt: skip
def test_a_label_without_a_colon_under_the_headline_gives_the_writers(
    byline: str, names: list[str]
) -> None:
    assert page_with(byline=byline) == names


@pytest.mark.parametrize(
    "byline",
    [
        "<p>كتب الرئيس العراقي</p>",  # a paragraph: a given name has no ال
        "<div class='note'>كتب الرئيس</div>",  # no name: one word
        "<div class='lead'>قال الوزير إن كتب المدارس وصلت</div>",
    ],
)
def test_a_line_opening_with_kataba_that_is_no_byline_names_no_one(byline: str) -> None:
    assert page_with(byline=byline) == []


@pytest.mark.parametrize(
    ("line", "names"),
    [
        # where one part may be a place, the parts stay together: no name is lost
        ("كتب: رام الله - محمد علي", ["رام الله - محمد علي"]),
        ("كتب: أحمد جمعة - القاهرة الجديدة", ["أحمد جمعة - القاهرة الجديدة"]),
    ],
)
def test_dash_parts_that_may_be_a_place_are_not_split_into_writers(
    line: str, names: list[str]
) -> None:
    assert page_with(byline=f"<p>{line}</p>") == names


@pytest.mark.parametrize(
    "byline",
    [
        # Okaz's: the city in brackets, the handle beside the name
        "<div class='author'><a href='/authors/77'>عبدالله الداني (جدة)</a> "
        "<span class='handle'>@aldani_okaz</span></div>",
        # Independent Arabia's: a job title and a handle beside the name, or the title alone
        "<div class='writer'><a href='/author/ag'>عبدالله الداني</a> <span class='desc'>"
        "مراسل الشؤون التقنية</span> <span class='twitter'>@aldani</span></div>",
        "<div class='writer'><a href='/author/ag'>عبدالله الداني</a> <span class='desc'>"
        "مراسل الشؤون التقنية</span></div>",
    ],
)
def test_a_handle_or_a_job_title_beside_the_name_leaves_the_name(byline: str) -> None:
    assert page_with(byline=byline) == ["عبدالله الداني"]


@pytest.mark.parametrize(
    ("head", "byline"),
    [
        ("", "<span class='author'>مراسل الشؤون التقنية</span>"),  # the title alone
        ("", "<div class='author'><span>@aldani_okaz</span></div>"),
        ("<meta name='author' content='مراسل الجزيرة'>", ""),
    ],
)
def test_a_job_title_or_a_handle_alone_is_no_author(head: str, byline: str) -> None:
    assert page_with(head, byline) == []


def test_a_channel_after_a_dash_is_the_writers_employer() -> None:
    byline = "<span class='byline'>أحمد الدسوقي - سكاي نيوز عربية</span>"
    head = "<meta property='og:site_name' content='سكاي نيوز عربية'>"
    assert page_with(head, byline) == ["أحمد الدسوقي"]
    assert page_with(byline=byline) == ["أحمد الدسوقي"]  # undeclared: a channel's name
    paper = "<span class='byline'>أحمد الدسوقي - الشرق الأوسط</span>"
    assert page_with("<meta property='og:site_name' content='الشرق الأوسط'>", paper) == [
        "أحمد الدسوقي"
    ]


@pytest.mark.parametrize(
    "byline",
    [
        # Asharq Al-Awsat's: linked to the writer's page under the headline, or marked
        "<div class='author-city'><a href='/author/ali'>واشنطن: علي بردى</a></div>",
        "<div class='byline'>واشنطن: علي بردى</div>",
        # Al Khaleej's: bold, opening the text, or in its author element
        "<p><strong>رام الله: علي بردى</strong></p>",
        "<div class='author'>الشارقة: علي بردى</div>",
    ],
)
def test_a_place_a_colon_and_a_name_gives_the_name(byline: str) -> None:
    assert page_with(byline=byline) == ["علي بردى"]


@pytest.mark.parametrize(
    "byline",
    [
        # a dateline opening a sentence, plain or bold
        "<p>الرياض: قال الوزير إن الموازنة الجديدة تدعم القطاعات الإنتاجية.</p>",
        "<p><strong>الرياض:</strong> قال الوزير إن الموازنة تدعم القطاعات.</p>",
        # a place and a name in an unmarked plain line; a question in bold
        "<div class='meta'>واشنطن: علي بردى</div>",
        "<p><strong>س: ما الأسعار الجديدة للتذاكر؟</strong></p>",
        "<p><strong>الرياض: قال الوزير إن الموازنة تدعم القطاعات</strong></p>",
    ],
)
def test_a_dateline_opening_a_sentence_names_no_one(byline: str) -> None:
    assert page_with(byline=byline) == []


@pytest.mark.parametrize(
    "byline",
    [
        # BBC's labels for screen readers: each opens a field, the role's is no name
        "<ul class='byline'><li><span class='visually-hidden'>Author,</span><span>ريم فتحي"
        "</span></li><li><span class='visually-hidden'>Role,</span><span>بي بي سي نيوز عربي"
        "</span></li></ul>",
        "<ul class='byline'><li><span>ريم فتحي</span></li><li><span class='visually-hidden'>"
        "Role,</span><span>بي بي سي نيوز عربي</span></li></ul>",
        # the texts of two elements are two words
        "<div class='author'><span>ريم</span><span>فتحي</span></div>",
    ],
)
def test_labels_for_screen_readers_and_element_boundaries_cut_the_byline(byline: str) -> None:
    assert page_with(byline=byline) == ["ريم فتحي"]


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("كتب: محمد علي السيد، سارة أحمد", ["محمد علي السيد", "سارة أحمد"]),
        # a place of one or two words, a title: not a second writer
        ("كتب: محمد علي، رام الله", ["محمد علي"]),
        ("كتب: محمد علي، الضفة الغربية", ["محمد علي"]),
        ("كتب: محمد علي، مراسل الجزيرة", ["محمد علي"]),
        # "and" written onto each listed name after its comma
        ("كتب: سعيد الهنائي، وعائشة البلوشي، وأحمد الرواحي",
         ["سعيد الهنائي", "عائشة البلوشي", "أحمد الرواحي"]),
        ("كتب: سعيد الهنائي، ووليد البلوشي", ["سعيد الهنائي", "وليد البلوشي"]),
    ],
)  # fmt: skip
def test_a_comma_list_of_names_without_waw_is_each_an_author(line: str, names: list[str]) -> None:
    assert page_with(byline=f"<p>{line}</p>") == names


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("<span class='author'>Par <a href='/auteur/n'>نادية البوكيلي</a></span>",
         ["نادية البوكيلي"]),
        ("<span class='author'>De <a href='/auteur/n'>نادية البوكيلي</a></span>",
         ["نادية البوكيلي"]),
        ("<span class='author'>By <a href='/a/n'>نادية البوكيلي</a></span>", ["نادية البوكيلي"]),
        ("<span class='author'>Claire De Vries</span>", ["Claire De Vries"]),
    ],
)  # fmt: skip
def test_a_french_or_english_label_before_the_name_is_not_part_of_it(
    byline: str, names: list[str]
) -> None:
    assert page_with(byline=byline) == names


@pytest.mark.parametrize(
    "desk", ["محرر القبس الإلكتروني", "قسم الأخبار", "فريق الموقع", "المحرر الإلكتروني",
             "هيئة التحرير", "أسرة التحرير", "وحدة التحقيقات", "شعبة الأخبار المحلية",
             "Par La Rédaction", "La rédaction", "Rédaction Hespress"],
)  # fmt: skip
def test_a_newsroom_signing_as_a_desk_is_no_author(desk: str) -> None:
    assert page_with(byline=f"<span class='author'>{desk}</span>") == []
    assert page_with(f"<meta name='author' content='{desk}'>") == []


@pytest.mark.parametrize(
    "credit",
    [
        # agencies by their short names, papers and sites by theirs
        "قنا", "سبوتنيك", "وام", "واس", "سانا", "ومع", "الأناضول", "الشروق", "الأهرام",
        "اليوم السابع", "القدس العربي", "العربي الجديد",
        # a name closed by an outlet's word
        "الجزيرة نت", "رأي اليوم", "المصري اليوم", "فرانس 24", "هافينغتون بوست",
        # the newsroom's roles, an exclusive, an editorial
        "رئيس التحرير", "مدير التحرير", "المحرر", "خاص", "خاص بـ عربي21", "كلمة الموقع",
        "الافتتاحية", "رأي القدس",
    ],
)  # fmt: skip
def test_an_outlet_a_newsroom_role_an_exclusive_or_an_editorial_in_the_byline_is_no_author(
    credit: str,
) -> None:
    assert page_with(byline=f"<p>بقلم: {credit}</p>") == []
    assert page_with(byline=f"<p>كتب: {credit}</p>") == []
    assert page_with(f"<meta name='author' content='{credit}'>") == []


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("كتبه: أحمد ومحمد", ["أحمد", "محمد"]),
        ("بقلم: هدى و سارة", ["هدى", "سارة"]),
        ("كتبته: سعاد الخطيب وعمر النجار", ["سعاد الخطيب", "عمر النجار"]),
        # a name opening with و, or a name of two given names: one writer
        ("بقلم: أحمد وليد", ["أحمد وليد"]),
        ("بقلم: محمد وائل", ["محمد وائل"]),
        ("بقلم: أحمد محمد", ["أحمد محمد"]),
        ("بقلم: محمد ومحمود علي", ["محمد ومحمود علي"]),  # which words go together is unclear
        # a person's name like an outlet's word alone, or a given name written with its hamza
        ("بقلم: راي ديفيس", ["راي ديفيس"]),
        ("بقلم: إلهام", ["إلهام"]),
    ],
)
def test_given_names_alone_joined_by_waw_are_each_an_author_and_one_name_stays_whole(
    line: str, names: list[str]
) -> None:
    assert page_with(byline=f"<p>{line}</p>") == names


def test_a_desk_before_its_writers_names_the_writers_only() -> None:
    byline = "<p>إعداد: وحدة التحقيقات - مريم حداد وعلي منصور</p>"
    assert page_with(byline=byline) == ["مريم حداد", "علي منصور"]


@pytest.mark.parametrize(
    "name",
    ["أحمد محمد واصل الحربي", "سامي عبد الله وطبان الشمري", "خالد محمد ونوس العلي", "Smith, John"],
)
def test_a_name_that_holds_a_word_opening_with_waw_or_a_comma_is_one_author(name: str) -> None:
    assert page_with(head=f"<meta name='author' content='{name}'>") == [name]
    assert authors({"@type": "Person", "name": name}) == [name]


@pytest.mark.parametrize(
    "box",
    [
        "<div class='author-box'><img alt=''><h4>ليلى حسن</h4>"
        "<p>صحفية ومحررة في قسم الشؤون السياسية منذ عام 2015، تكتب عن الاقتصاد والطاقة.</p></div>",
        "<div class='author-info'><a href='/author/9'>ليلى حسن</a><p>كاتبة صحفية</p></div>",
    ],
)
def test_an_authors_box_after_the_article_names_its_writer_and_its_bio_is_no_text(
    box: str,
) -> None:
    result = shown("", after=box)
    assert result.authors == ["ليلى حسن"]
    assert "صحفية" not in result.text


@pytest.mark.parametrize(
    "logo",
    ["<div class='logo'><a href='/'><span>أخبار الشمال</span></a></div>",
     "<a href='/' rel='home'><img src='/l.png' alt=''>أخبار الشمال</a>"],
)  # fmt: skip
def test_a_meta_author_that_is_the_sites_logo_gives_way_to_the_writer_the_page_names(
    logo: str,
) -> None:
    """Joomla fills the author meta with the site's name unless an editor sets it."""
    page = (
        "<html><head><meta charset='utf-8'><meta name='author' content='أخبار الشمال'>"
        f"<title>افتتاح مركز صحي</title></head><body><header>{logo}</header><article>"
        "<h1>افتتاح مركز صحي شامل</h1><span itemprop='author'><span itemprop='name'>"
        f"رامي الزعبي</span></span>{BODY}</article></body></html>"
    )
    result = extract(page.encode(), "https://shamal.example/local/4471")
    assert isinstance(result, Extracted) and result.authors == ["رامي الزعبي"]


@pytest.mark.parametrize(
    ("meta", "names"),
    [
        # WordPress: the author's archive link after "by" in the post's line of details
        ("<p class='post-meta'>نشر في <time>9 يناير 2026</time> بواسطة"
         " <a href='/author/rasha'>رشا الخطيب</a></p>", ["رشا الخطيب"]),
        ("<div class='meta'>Posted on Jan 9 by <a href='/author/rana'>Rana Husseini</a></div>",
         ["Rana Husseini"]),
        # Drupal: RDFa's person
        ("<footer class='node__meta'><div class='node__submitted'>Submitted by <span>"
         "<span typeof='schema:Person' property='schema:name'>Ahmed Fathy</span></span> on"
         " <span>Thu, 01/15/2026 - 16:10</span></div></footer>", ["Ahmed Fathy"]),
        # a link after other words is no byline
        ("<p>تقرير أعده <a href='/author/x'>فريق التحقيق</a> ونشر في يناير</p>", []),
        # a photo's credit, a site's makers
        ("<figure><img src='/i.jpg'><figcaption>Photo by <a href='/p/js'>John Smith</a>"
         "</figcaption></figure>", []),
        ("<p>Photo by <a href='/p/js'>John Smith</a></p>", []),
        ("<div class='copy'>تصميم وتطوير بواسطة <a href='https://web.example'>سامر خليل</a>"
         "</div>", []),
    ],
)  # fmt: skip
def test_a_writer_named_by_a_label_inside_a_line_of_details_or_as_a_person_is_the_author(
    meta: str, names: list[str]
) -> None:
    assert page_with(byline=meta) == names


OLIVERO_META = (
    "<header><div class='node__meta'><span><span class='field field--name-uid"
    " field--type-entity-reference field--label-hidden'><a title='عرض ملف المستخدم.'"
    " href='/user/{uid}' class='username'>{name}</a></span></span><span"
    " class='node__meta-date'><time datetime='2024-01-07T08:30:00+03:00'>7 كانون الثاني 2024"
    "</time></span></div></header>"
)
OLIVERO_COMMENT = (
    "<article class='comment js-comment'><footer class='comment__meta'><p"
    " class='comment__author'><a href='/user/{uid}' class='username'>{name}</a></p></footer>"
    "<div class='comment__content'><p>تعليق القارئ على الخبر</p></div></article>"
)


def drupal_node(meta: str, comments: list[tuple[int, str]]) -> list[str]:
    """Olivero's (Drupal 9/10): the headline in a block above the node, the node's meta
    its "Submitted by" without the words, no JSON-LD; readers' comments under it."""
    said = "".join(OLIVERO_COMMENT.format(uid=u, name=n) for u, n in comments)
    page = (
        "<html><head><meta charset='utf-8'><title>افتتاح مركز صحي | الموقع</title></head><body>"
        "<div class='region--content-above'><h1 class='page-title'><span class='field"
        " field--name-title'>افتتاح مركز صحي شامل</span></h1></div><article class='node"
        f" node--type-article node--view-mode-full'>{meta}<div class='node__content'>"
        f"<div class='field field--name-body'>{BODY}</div></div><section class='comments'>"
        f"<h2>التعليقات</h2>{said}</section></article></body></html>"
    )
    result = extract(page.encode(), "https://example.com/node/12")
    assert isinstance(result, Extracted)
    return result.authors


@pytest.mark.parametrize(
    "comments", [[], [(31, "سامر الحلبي")], [(31, "سامر الحلبي"), (32, "ليلى منصور")]]
)
def test_the_name_drupal_marks_as_the_nodes_user_is_its_author_not_a_commenters(
    comments: list[tuple[int, str]],
) -> None:
    """Drupal's "username" and its node's author field ("field--name-uid"): the name, linked
    to /user/N, with no word before it; its readers' names among the comments are not."""
    assert drupal_node(OLIVERO_META.format(uid=4, name="دينا فارس"), comments) == ["دينا فارس"]
    assert drupal_node("", comments) == []


def test_a_columnists_name_in_a_writers_box_with_the_bio_is_the_author() -> None:
    """The box holds the bio and the links too; its name is marked inside it, and the
    <title> ends with that name (an opinion page's, not the site's)."""
    box = (
        "<div class='writer-box'><a href='/writers/ahmad'><img src='a.jpg' alt=''></a>"
        "<div class='writer-info'><a class='writer-name' href='/writers/ahmad'>أحمد السعدي</a>"
        "<p class='writer-bio'>كاتب وأكاديمي أردني، أستاذ علم الاجتماع في الجامعة الأردنية</p>"
        "<a href='/writers/ahmad'>كل مقالات الكاتب</a></div></div>"
    )
    page = (
        "<html><head><meta charset='utf-8'><title>التعليم.. أزمة رؤية - أحمد السعدي</title>"
        f"</head><body><main>{box}<h1>التعليم.. أزمة رؤية قبل أن تكون أزمة موارد</h1>"
        f"{BODY}</main></body></html>"
    )
    result = extract(page.encode(), "https://example.com/opinion/77")
    assert isinstance(result, Extracted) and result.authors == ["أحمد السعدي"]


def test_the_sites_name_at_the_end_of_the_title_is_no_author_though_a_byline_says_it() -> None:
    """Only a writer's page linked by the name makes the <title>'s last part a person."""
    page = (
        "<html><head><meta charset='utf-8'><title>خبر عن المياه | الجزيرة نت</title></head>"
        f"<body><article><h1>خبر عن المياه</h1><span class='author-name'>الجزيرة نت</span>"
        f"{BODY}</article></body></html>"
    )
    result = extract(page.encode(), "https://example.com/news/5")
    assert isinstance(result, Extracted) and result.authors == []


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        # the Newspaper theme's (tagDiv) label in an element of its own, beside no person
        ("<div class='td-post-author-name'><div class='td-author-by'>بواسطة</div> "
         "<a href='/author/x/'>{name}</a></div>", []),
        ("<div class='post-author'><span>بواسطة</span> <a href='/author/x/'>{name}</a></div>", []),
        ("<div class='byline'><span>By</span> <a href='/author/x/'>{name}</a></div>", []),
        ("<div class='byline'><span>Written by</span> <a href='/author/x/'>{name}</a></div>", []),
        ("<div class='byline'><span>Par</span> <a href='/author/x/'>{name}</a></div>", []),
        ("<div class='byline'><span>Publié par</span> <a href='/author/x/'>{name}</a></div>",
         []),
        ("<div class='author'><b>بقلم:</b> <a href='/author/x/'>{name}</a></div>", []),
        # beside a person, the person
        ("<div class='td-post-author-name'><div class='td-author-by'>بواسطة</div> "
         "<a href='/author/x/'>رشا الخطيب</a></div>", ["رشا الخطيب"]),
        ("<span class='author'>Publié par Sana Ben Ali</span>", ["Sana Ben Ali"]),
    ],
)  # fmt: skip
@pytest.mark.parametrize("name", ["وكالات", "هيئة التحرير", "فريق التحرير", "الغد", "Staff"])
def test_a_bylines_label_alone_is_no_author_whatever_stands_beside_it(
    byline: str, names: list[str], name: str
) -> None:
    assert shown(byline.format(name=name), title="عنوان الخبر | الغد").authors == names


@pytest.mark.parametrize(
    ("byline", "title", "names"),
    [
        # the writer's outlet (the site) after a comma, or their post there
        ("<div class='byline'>By RASHID HASSAN, Arab News</div>", "Fuel | Arab News",
         ["RASHID HASSAN"]),
        ("<div class='byline'>By Rashid Hassan and Nada Hameed, Arab News</div>",
         "Fuel | Arab News", ["Rashid Hassan", "Nada Hameed"]),
        ("<div class='byline'>Jonathan Gornall, Special to Arab News</div>", "Fuel | Arab News",
         ["Jonathan Gornall"]),
        ("<div class='author'>بقلم: محمد علي، مراسل الشرق في باريس</div>", "عنوان الخبر | الشرق",
         ["محمد علي"]),
        # the outlet's short name before the label, the date after the name, on a plain line
        ("<div class='article-info'>OLJ / Par Jeanine JALKH, le 12 mars 2026 à 14h05</div>",
         "Les frappes - L'Orient-Le Jour", ["Jeanine JALKH"]),
        ("<div class='meta'>الغد / بقلم: أحمد فتحي</div>", "عنوان الخبر | الغد", ["أحمد فتحي"]),
        # the outlet or the writer's post after a pipe; a place or a section, one word
        ("<span class='author-name'>Rashid Hassan | Special to Arab News</span>",
         "Fuel | Arab News", ["Rashid Hassan"]),
        ("<span class='author-name'>Rashid Hassan | Arab News</span>", "Fuel | Arab News",
         ["Rashid Hassan"]),
        ("<span class='author-name'>Rashid Hassan | Riyadh</span>", "Fuel | Arab News",
         ["Rashid Hassan"]),
        ("<span class='author-name'>Rashid Hassan | Nada Hameed</span>", "Fuel | Arab News", []),
        # a name that holds the site's as part of a word is a name
        ("<div class='author'>بقلم: محمد الشرقاوي</div>", "عنوان الخبر | الشرق",
         ["محمد الشرقاوي"]),
        ("<div class='byline'>By Ahmed Newsome, Arab News</div>", "Fuel | News", ["Ahmed Newsome"]),
    ],
)  # fmt: skip
def test_a_byline_naming_the_writers_outlet_or_post_gives_the_writer(
    byline: str, title: str, names: list[str]
) -> None:
    assert shown(byline, title=title).authors == names


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("<div class='byline'>By Rashid Hassan in Riyadh</div>", ["Rashid Hassan"]),
        ("<div class='byline'>BY RASHID HASSAN IN RIYADH</div>", ["RASHID HASSAN"]),
        ("<span class='author'>Par Jeanine Jalkh à Beyrouth</span>", ["Jeanine Jalkh"]),
        ("<p>بقلم: محمد علي في باريس</p>", ["محمد علي"]),
        ("<span class='author'>مراسلنا في غزة</span>", []),
        # a name's own lower-case word stays
        ("<span class='author'>By Sophie in 't Veld</span>", ["Sophie in 't Veld"]),
    ],
)
def test_where_the_writer_was_after_the_name_is_not_part_of_it(
    byline: str, names: list[str]
) -> None:
    assert page_with(byline=byline) == names


@pytest.mark.parametrize(
    "box",
    [
        # a heading that says so, one headline linked under it (Al Akhbar's)
        "<div class='more-from-author'><h3>المزيد من ميسم رزق</h3>"
        "<a href='/Politics/377001'>الحريري يعود... ولا يعود</a><span>20 يناير 2024</span></div>",
        "<div class='author-posts'><h4>مقالات أخرى للكاتب</h4>"
        "<a href='/opinion/377001'>عون يعود إلى بعبدا</a></div>",
        "<div class='writer'><h4>More from Jane Doe</h4><a href='/a/377001'>Budget Talks</a></div>",
        # no heading: several links to other stories
        "<div class='author'><a href='/Politics/377001'>عون يعود إلى بعبدا</a>"
        "<a href='/Politics/377002'>الموازنة على طاولة البرلمان</a></div>",
    ],
)
def test_a_box_of_the_writers_other_stories_names_no_headline_as_the_author(box: str) -> None:
    assert shown("", after=box).authors == []
    byline = "<div class='author-line'><a href='/Author/12'>ميسم رزق</a></div>"
    assert shown(byline, after=box).authors == ["ميسم رزق"]


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        # Asharq Al-Awsat's: places between dashes, two writers' links
        ("<div class='ast_author'><span>الخرطوم - لندن: </span><a href='/author/1'>محمد أمين"
         " ياسين</a> - <a href='/author/2'>أحمد يونس</a></div>", ["محمد أمين ياسين", "أحمد يونس"]),
        ("<div class='byline'>واشنطن - لندن: علي بردى</div>", ["علي بردى"]),
        # Okaz's: the name, the city in brackets, the handle in a link of its own
        ("<div class='writer'>سلطان العتيبي (جدة) <a href='https://twitter.com/sultan_o'>"
         "sultan_o@</a></div>", ["سلطان العتيبي"]),
        # Shorouk's: the name alone, its class "by"
        ("<div class='subinfo'><span class='by'>منال الوراقي</span><span class='date'>نشر في:"
         " الأحد 10 مارس 2024 - 11:06 ص</span></div>", ["منال الوراقي"]),
    ],
)  # fmt: skip
def test_bylines_of_places_and_writers_a_handle_or_a_bare_class_name_their_writers(
    byline: str, names: list[str]
) -> None:
    assert shown(byline).authors == names


@pytest.mark.parametrize(
    "block",
    [
        # BBC's: labels for screen readers in a list under a hidden heading
        "<section aria-labelledby='b'><h2 id='b' class='visually-hidden'>معلومات عن المقال</h2>"
        "<ul><li><span class='visually-hidden'>Author, </span><span>سارة الطيب</span></li>"
        "<li><span class='visually-hidden'>Role, </span><span>بي بي سي نيوز عربي</span></li>"
        "</ul></section>",
        # the labels in spans of their own
        "<div><span role='text'><span>Author, </span>سارة الطيب</span><span role='text'>"
        "<span>Role, </span>بي بي سي نيوز عربي</span></div>",
    ],
)
def test_a_byline_block_of_labelled_lines_is_no_text(block: str) -> None:
    data = json.dumps({"@type": "NewsArticle", "author": {"@type": "Person", "name": "سارة الطيب"}})
    html = (
        f"<html><head><meta charset='utf-8'><script type='application/ld+json'>{data}</script>"
        f"</head><body><main><h1>عنوان الخبر</h1>{block}{BODY}</main></body></html>"
    )
    result = extract(html.encode(), "https://example.com/story/1")
    assert isinstance(result, Extracted)
    assert result.authors == ["سارة الطيب"]
    assert "Author" not in result.text and "Role" not in result.text and "الطيب" not in result.text


def test_a_labelled_line_that_names_someone_else_stays_in_the_text() -> None:
    """Only the block that holds the author's name: a question and its answer are text."""
    line = "<p><strong>س:</strong> ما الذي تغير في عمل الفرق الميدانية؟</p>"
    data = json.dumps({"@type": "NewsArticle", "author": {"@type": "Person", "name": "سارة الطيب"}})
    html = (
        f"<html><head><meta charset='utf-8'><script type='application/ld+json'>{data}</script>"
        f"</head><body><main><h1>عنوان الخبر</h1>{BODY}{line}{BODY}</main></body></html>"
    )
    result = extract(html.encode(), "https://example.com/story/1")
    assert isinstance(result, Extracted)
    assert "ما الذي تغير" in result.text


@pytest.mark.parametrize(
    "credit",
    [
        {"author": {"node": {"name": "رنا يوسف"}}},  # WPGraphQL (headless WordPress)
        {"credits": {"by": [{"type": "author", "name": "رنا يوسف"}]}},  # Arc XP
    ],
)
def test_a_script_rendered_pages_data_names_its_writer_in_its_cms_shape(credit: dict) -> None:
    title = "وزارة الصحة ترسل فرقا ميدانية إلى المناطق المتضررة"
    state = json.dumps({"props": {"pageProps": {"post": {"title": title, **credit}}}})
    html = (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{BODY}"
        f'</article><script id="__NEXT_DATA__" type="application/json">{state}</script></body></html>'
    )
    result = extract(html.encode(), "https://example.com/story/1")
    assert isinstance(result, Extracted) and result.authors == ["رنا يوسف"]


@pytest.mark.parametrize(
    ("line", "names"),
    [
        # roles joined by و, the text's first or last: the writer, no piece of the label
        ("تقرير وتصوير: محمد عبد الله", ["محمد عبد الله"]),
        ("تحقيق وتصوير: محمد عبد الله", ["محمد عبد الله"]),
        ("حوار وتصوير: محمد عبد الله", ["محمد عبد الله"]),
        ("تصوير وتقرير: محمد عبد الله", ["محمد عبد الله"]),
        ("ترجمة وتحرير: محمد عبد الله", ["محمد عبد الله"]),
        ("كتب وصوّر: محمد عبد الله", ["محمد عبد الله"]),
        ("Text and photos: John Smith", ["John Smith"]),
        # others' credits after the writer's name
        ("بقلم: محمد عبد الله - الصور: سامي خليل", ["محمد عبد الله"]),
        ("كتب: محمد عبد الله - فيديو: سامي خليل", ["محمد عبد الله"]),
        ("كتب: محمد عبد الله - جرافيك: سامي خليل", ["محمد عبد الله"]),
        ("By John Smith - Photos: Jane Roe", ["John Smith"]),
        # a picture's credit alone: a photographer is no author
        ("تصوير: سامي خليل", []),
        ("عدسة: سامي خليل", []),
        ("Photo: Jane Roe", []),
    ],
)
def test_a_bylines_roles_joined_or_others_credits_name_the_writer_only(
    line: str, names: list[str]
) -> None:
    assert shown(f"<div class='author'>{line}</div>").authors == names
    # the same line opening the text: found there, and no text
    result = shown(f"<p>{line}</p>")
    assert result.authors == names
    if names:
        assert names[0] not in result.text


def test_a_photographers_credit_in_the_bylines_element_names_no_author_in_its_link() -> None:
    byline = "<div class='author'>تصوير: <a href='/author/7'>سامي خليل</a></div>"
    assert shown(byline).authors == []


@pytest.mark.parametrize(
    "byline",
    [
        # agencies' initials, spaced or dotted, bracketed or after a dateline
        "واشنطن - أ ب", "(أ.ب)", "أ ب", "الرباط - و م ع", "برلين - د ب أ",
        # a dateline's dash unspaced
        "الرباط-و م ع", "دمشق-سانا",
    ],
)  # fmt: skip
def test_an_agencys_initials_or_a_dateline_written_without_spaces_is_no_author(
    byline: str,
) -> None:
    assert shown(f"<div class='author'>{byline}</div>").authors == []


def test_a_dateline_written_without_spaces_gives_its_writer() -> None:
    assert shown("<div class='byline'>القاهرة-أحمد سمير</div>").authors == ["أحمد سمير"]
    assert shown("<div class='byline'>Jean-Pierre Martin</div>").authors == ["Jean-Pierre Martin"]


@pytest.mark.parametrize(
    "byline",
    [
        "<div class='articleAuthor'>ليلى حداد</div>",  # Annahar's
        "<span class='postAuthorName'>ليلى حداد</span>",
        "<div class='newsReporter'><span>ليلى حداد</span></div>",
    ],
)
def test_an_author_class_written_in_camelcase_marks_the_byline(byline: str) -> None:
    assert shown(byline).authors == ["ليلى حداد"]


@pytest.mark.parametrize(
    "byline",
    [
        # Echorouk's abbreviated class, the date beside the name
        "<div class='ech-artc__meta'><a class='ech-artc__auth' href='/author/55'>ليلى حداد</a>"
        "<time>13 نوفمبر 2024، 09:30</time></div>",
        "<div class='meta'><a href='/kuttab/leila-haddad'>ليلى حداد</a></div>",
        "<div class='info'><a href='/columnists/12'>ليلى حداد</a></div>",
        "<p><a href='/?author=7'>ليلى حداد</a></p>",
    ],
)
def test_a_link_to_the_writers_page_under_the_headline_is_the_byline(byline: str) -> None:
    result = shown(byline)
    assert result.authors == ["ليلى حداد"]
    assert "ليلى حداد" not in result.text


@pytest.mark.parametrize(
    "box",
    [
        # another story's card, its writer linked beside its headline
        "<div class='card'><a href='/news/12345'>الحكومة تقر موازنة العام المقبل بعجز أقل</a>"
        "<a href='/author/5'>فهد الخيطان</a></div>",
        # a box of the writer's other stories, a comment's author
        "<div class='box'><h3>المزيد من الكاتب</h3><a href='/author/5'>فهد الخيطان</a></div>",
        "<div id='comments'><div><a href='/author/5'>فهد الخيطان</a></div></div>",
        "<div class='links'><a href='/author/5'>جميع مقالات الكاتب</a></div>",
    ],
)
def test_a_writers_link_in_a_card_a_box_of_other_stories_or_comments_is_no_byline(
    box: str,
) -> None:
    assert shown(box).authors == []


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("إسطنبول/ ليلى حداد/ الأناضول", ["ليلى حداد"]),  # Anadolu's
        ("الدار البيضاء/ ليلى حداد/ و م ع", ["ليلى حداد"]),
        ("عمّان / ليلى حداد / بترا", ["ليلى حداد"]),
        ("إسطنبول/ الأناضول", []),  # the agency's copy: no writer
    ],
)
def test_an_agencys_byline_of_place_writer_and_agency_names_the_writer(
    line: str, names: list[str]
) -> None:
    assert shown(f"<div class='detay-muhabir'><span>{line}</span></div>").authors == names
    head = f"<meta name='author' content='{line}'>"
    assert page_with(head) == names


def brs_page(byline: str) -> Extracted:
    """An old table layout (Al-Ayyam's): no <h1>, the body's paragraphs runs of text between
    <br><br> in one cell, opening with its byline."""
    sentences = [
        "أعلنت الحكومة اليوم إقرار موازنة العام المقبل بعجز أقل من المتوقع بعد نقاش طويل.",
        "وقال وزير المالية إن الموازنة تركز على دعم القطاعات الإنتاجية وتوفير فرص العمل.",
        "وأضاف أن العجز المتوقع سيبلغ نحو ثلاثة في المئة من الناتج المحلي الإجمالي للبلاد.",
    ]
    body = "<br><br>".join(sentences * 2)
    html = (
        "<html dir='rtl'><head><meta charset='utf-8'><title>الأيام - عنوان الخبر</title></head>"
        "<body><table><tr><td><span class='title'>عنوان الخبر</span><br><br>"
        f"<span class='newsText'>{byline}<br><br>{body}</span></td>"
        "<td><b>أخبار ذات صلة</b><br><a href='/?did=1'>خبر آخر عن الطقس في الضفة اليوم</a></td>"
        "</tr></table></body></html>"
    )
    result = extract(html.encode(), "https://example.com/?page=det&did=1")
    assert isinstance(result, Extracted)
    return result


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("كتب حسن جبر:", ["حسن جبر"]),
        ("كتبت ليلى حداد:", ["ليلى حداد"]),
        # a sentence's subject before the colon: an office, ال, a phrase
        ("كتب وزير الخارجية:", []),
        ("كتب الرئيس الأمريكي:", []),
        ("كتب ترامب على منصته:", []),
    ],
)
def test_kataba_and_a_name_closed_by_a_colon_opening_a_body_between_brs_gives_the_writer(
    byline: str, names: list[str]
) -> None:
    result = brs_page(byline)
    assert result.authors == names
    assert not names or names[0] not in result.text


@pytest.mark.parametrize(
    "line",
    ["غزة - كتب حسن جبر:", "رام الله – كتب: حسن جبر", "عمّان - بقلم: حسن جبر",
     "غزة - كتب حسن جبر"],
)  # fmt: skip
def test_a_place_and_a_dash_before_a_bylines_label_give_the_writer_and_leave_the_text(
    line: str,
) -> None:
    for byline in (f"<p>{line}</p>", f"<div class='meta'>{line}</div>"):
        result = shown(byline)
        assert result.authors == ["حسن جبر"]
        assert "حسن جبر" not in result.text
    if ":" in line:  # (in a body, "كتب" and a name without a colon may open a sentence)
        assert brs_page(line).authors == ["حسن جبر"]


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("OLJ / Par Zeina ANTONIOS, le 02 décembre 2026 à 09h30, mis à jour à 11h05",
         "Zeina ANTONIOS"),
        ("Par Jeanine Jalkh, le 03 décembre 2026 à 18h45, mis à jour à 20h10", "Jeanine Jalkh"),
        ("OLJ / Par Philippe HAGE BOUTROS, le 03 décembre 2026 à 18h45", "Philippe HAGE BOUTROS"),
        ("Par Philippe Hage Boutros, le 03 décembre 2026 à 18h45", "Philippe Hage Boutros"),
        ("Par Samir K., le 02 décembre 2026", "Samir K."),
    ],
)  # fmt: skip
def test_a_byline_whose_date_and_update_follow_a_long_name_gives_the_writer_and_is_not_text(
    line: str, name: str
) -> None:
    result = shown(f"<div class='article-info'>{line}</div>", title="Liban - L'Orient-Le Jour")
    assert result.authors == [name]
    assert "Par " not in result.text


@pytest.mark.parametrize(
    ("line", "name"),
    [
        # Ahram's: the name and the date each in a span of their own, or one line
        ("<div><span>Marwa Al-Assar</span> , <span>Thursday 3 Dec 2026</span></div>",
         "Marwa Al-Assar"),
        ("<div>Marwa Al-Assar , Thursday 3 Dec 2026</div>", "Marwa Al-Assar"),
        ("<div><span>مروة العصار</span> , <span>الخميس 3 ديسمبر 2026</span></div>",
         "مروة العصار"),
        ("<div>سليم الحداد | 2024/12/03</div>", "سليم الحداد"),
        # an agency, a place, a section the site links to: no writer
        ("<div><span>Reuters</span> , <span>Tuesday 1 Dec 2026</span></div>", None),
        ("<div><span>New York</span> , <span>Tuesday 1 Dec 2026</span></div>", None),
        ("<div><a href='/section/5'>Middle East</a> | <span>1 Dec 2026</span></div>", None),
        ("<div><span>Middle East</span> | <span>1 Dec 2026</span></div>"
         "<nav><a href='/section/5'>Middle East</a></nav>", None),
    ],
)  # fmt: skip
def test_a_name_and_a_date_alone_under_the_headline_give_the_writer_and_are_not_text(
    line: str, name: str | None
) -> None:
    result = shown(line)
    assert result.authors == ([name] if name else [])
    assert result.text.split("\n") == [BODY[3:-4].strip()]
