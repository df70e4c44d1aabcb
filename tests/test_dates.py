from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from lxml import html

from crawler.extract.dates import find_date, parse_date

NOW = datetime(2026, 11, 22, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("تاريخ النشر: 7th, December 2024 GMT", "2024-12-07"),
        ("الأحد 8 ديسمبر 2024", "2024-12-08"),
        ("8 كانون الأول 2024", "2024-12-08"),
        ("٨ كانون الأول ٢٠٢٤", "2024-12-08"),
        ("السبت 7 كانون الثاني 2023", "2023-01-07"),
        ("15 شباط 2024", "2024-02-15"),
        ("الإثنين ,6 مايو, 2024 م", "2024-05-06"),
        ("23 أبريل/نيسان 2023", "2023-04-23"),
        ("الأحد 8 كانون الأول (ديسمبر) 2024", "2024-12-08"),
        ("8 كانون الأول - ديسمبر 2024", "2024-12-08"),
        ("07-12-2024 07:27 PM", "2024-12-07T19:27:00"),
        # month first, as an English page writes it: only so when the first can be no day…
        ("11/23/2024 3:40 PM", "2024-11-23T15:40:00"),
        ("11/03/2024", "2024-03-11"),  # … else the day first, as Arabic pages write it
        # spaced around the separators, as some CMSs print them
        ("الأربعاء 4 / 12 / 2024", "2024-12-04"),
        ("نشر بتاريخ: 4 / 12 / 2024 - 10:30", "2024-12-04T10:30:00"),
        ("2024 / 12 / 04", "2024-12-04"),
        # the time before the date, as some CMSs write the line
        ("10:05 - 2024/12/06", "2024-12-06T10:05:00"),
        ("09:40 م | 06/12/2024", "2024-12-06T21:40:00"),
        ("نشر في 2024/12/06", "2024-12-06"),
        # French hours: "20h30", "20 h 30"
        ("Publié le 7 décembre 2024 à 20h30", "2024-12-07T20:30:00"),
        ("07/12/2024 - 08 h 05", "2024-12-07T08:05:00"),
        ("2024-12-07 à 20h30", "2024-12-07T20:30:00"),
        ("Le 16 mai 2024 à 6 h", "2024-05-16T06:00:00"),  # the hour alone
        ("16 mai 2024, 18 heures", "2024-05-16T18:00:00"),
        ("7 Dec 2024 11:30 p.m.", "2024-12-07T23:30:00"),
        ("7 Dec 2024 11:30 p.m", "2024-12-07T23:30:00"),
        ("7 Dec 2024 12:15 a.m.", "2024-12-07T00:15:00"),
        ("14-Oct-19 01:09 AM", "2019-10-14T01:09:00"),
        ("2024-12-07T19:27:00+03:00", "2024-12-07T19:27:00+03:00"),
        ("December 8, 2024", "2024-12-08"),
        ("١٠:١٥ م السبت 7 كانون الأول 2024", "2024-12-07T22:15:00"),  # its time before it
        # Levantine names without the article, as many sites write them
        ("نشر في 3 كانون ثاني 2025", "2025-01-03"),
        ("3 تشرين أول 2024", "2024-10-03"),
        ("14 تشرين ثاني 2024", "2024-11-14"),
        ("25 كانون أول 2024", "2024-12-25"),
        # Moroccan names
        ("نشر في: 12 يوليوز 2024", "2024-07-12"),
        ("5 غشت 2024", "2024-08-05"),
        ("9 شتنبر 2024", "2024-09-09"),
        ("30 نونبر 2024", "2024-11-30"),
        ("14 دجنبر 2024", "2024-12-14"),
        # Algerian and Tunisian names
        ("3 جويلية 2024", "2024-07-03"),
        ("8 أوت 2024", "2024-08-08"),
        # year first, with the hour of the afternoon or after midnight
        ("2026/11/08 09:05 م", "2026-11-08T21:05:00"),
        ("2026/11/17 12:15 ص", "2026-11-17T00:15:00"),
        ("2026-11-05 07:45 مساءً", "2026-11-05T19:45:00"),
        ("2026/11/18 - 09:40 م", "2026-11-18T21:40:00"),
        # WordPress in Arabic: an Arabic comma before the year
        ("18 نوفمبر، 2026", "2026-11-18"),
        ("٦ نوفمبر، 2026 في 4:30 م", "2026-11-06T16:30:00"),
        # month first, with the Arabic comma after the day (and a Levantine/common pair)
        ("ديسمبر 3، 2024 - 10:00", "2024-12-03T10:00:00"),
        ("الثلاثاء، ديسمبر 3، 2024", "2024-12-03"),
        ("كانون الأول/ديسمبر 3، 2024 - 10:00", "2024-12-03T10:00:00"),
        ("December 8 ,2024", "2024-12-08"),
        # Joomla's numbered Levantine months: the digit is the month's, not the day's
        ("الأربعاء, 11 كانون1/ديسمبر 2024 13:45", "2024-12-11T13:45:00"),
        ("11 تشرين2/نوفمبر 2024", "2024-11-11"),
        ("11 كانون2 2025", "2025-01-11"),
        ("كانون1/ديسمبر 11، 2024", "2024-12-11"),  # month first: no day from its digit
        ("الخميس 5 ك1 2024 - 12:40", "2024-12-05T12:40:00"),  # Lebanon's agency: "ك1", "ت2"
        ("3 ت2 2024", "2024-11-03"),
        # a zone after the time, as feeds write it
        ("Tue, 10 Nov 2026 01:40:00 +0300", "2026-11-10T01:40:00+03:00"),
        ("Tue, 10 Nov 2026 01:40:00 GMT", "2026-11-10T01:40:00+00:00"),
        ("الثلاثاء 10 نوفمبر 2026 01:40 GMT+3", "2026-11-10T01:40:00+03:00"),
        ("2026-11-10 01:40 GMT+3", "2026-11-10T01:40:00+03:00"),
        ("November 8, 2026 7:27 pm GMT+2", "2026-11-08T19:27:00+02:00"),
        # a time range is no zone
        ("7 نوفمبر 2026 10:00-12:00", "2026-11-07T10:00:00"),
        ("7 نوفمبر 2026 الساعة 11:20-5", "2026-11-07T11:20:00"),
        ("2026-11-07 10:00-12:00", "2026-11-07T10:00:00"),
        ("2026-11-07 07:27 PM GMT+3", "2026-11-07T19:27:00+03:00"),
        ("07-11-2026 19:27+03:00", "2026-11-07T19:27:00+03:00"),
        ("2026-11-07T19:27:00-05:00", "2026-11-07T19:27:00-05:00"),
        ("2026-11-07T19:27:00.000Z", "2026-11-07T19:27:00+00:00"),
        ("2026-11-07T19:27:00.5-05:00", "2026-11-07T19:27:00-05:00"),
        ("2026-11-07T19:27-05:00", "2026-11-07T19:27:00-05:00"),
        ("2026-11-07 19:27:00 Z", "2026-11-07T19:27:00+00:00"),
        # Greenwich and an offset, in Arabic (Morocco's "(غرينتش +1)")
        ("19 يناير 2026 - 16:40 (غرينتش +1)", "2026-01-19T16:40:00+01:00"),
        ("19 يناير 2026 16:40 بتوقيت غرينتش +1", "2026-01-19T16:40:00+01:00"),
        # a two-digit year with its time
        ("03/11/26 - 11:20", "2026-11-03T11:20:00"),
        ("03.11.26 09:05 م", "2026-11-03T21:05:00"),
    ],
)
def test_date_forms_from_the_sources_parse(raw: str, iso: str) -> None:
    assert parse_date(raw, NOW) == iso


@pytest.mark.parametrize(
    "raw",
    ["2099-03-01", "3 مارس 2099", "أبريل/نيسان 2023", "no date here", "32-13-2024",
     "3/11/26", "الفقرة 2/3/25 من القانون"],  # a two-digit year without a time: anything
)  # fmt: skip
def test_future_partial_or_impossible_dates_are_absent(raw: str) -> None:
    assert parse_date(raw, NOW) is None


def page(head: str = "", body: str = "") -> html.HtmlElement:
    return html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


def test_json_ld_wins_over_visible_text_and_keeps_its_raw_string() -> None:
    tree = page(
        '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-12-08T13:05:00+03:00"}</script>',
        "<h1>عنوان</h1><div class='date'>01-01-2020</div>",
    )
    found = find_date(tree, NOW)
    assert (found.iso, found.raw, found.origin) == (
        "2024-12-08T13:05:00+03:00",
        "2024-12-08T13:05:00+03:00",
        "json-ld",
    )


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ('"1733223900"', "2024-12-03T11:05:00+00:00"),
        ("1733223900", "2024-12-03T11:05:00+00:00"),  # a number, not a string
        ('"1733223900000"', "2024-12-03T11:05:00+00:00"),  # milliseconds
        ('"0000012345"', None),  # an id, not a time
        ('"9999999999"', None),  # after now
    ],
)
def test_a_unix_time_in_json_ld_is_the_date_in_utc(value: str, iso: str | None) -> None:
    tree = page(
        f'<script type="application/ld+json">{{"@type":"NewsArticle","datePublished":{value}}}'
        "</script>",
        "<h1>عنوان</h1>",
    )
    found = find_date(tree, NOW)
    assert (found.iso if found else None) == iso


@pytest.mark.parametrize(
    "stated",
    [
        # Drupal 7's RDFa
        '<span property="dc:date dc:created" content="2024-12-10T19:30:00+01:00">'
        "الثلاثاء, 10/12/2024 - 19:30</span>",
        # hAtom (Blogger): the date in the title, the time alone in the text
        "<abbr class='published' title='2024-12-10T19:30:00+01:00'>٧:٣٠ م</abbr>",
    ],
)
def test_a_date_stated_in_an_attribute_is_read(stated: str) -> None:
    found = find_date(page(body=f"<h1>عنوان الخبر هنا</h1><p>نص</p>{stated}"), NOW)
    assert found is not None and found.iso == "2024-12-10T19:30:00+01:00"


def test_a_blogger_post_inside_a_widget_is_the_pages_own_and_its_address_gives_no_day() -> None:
    """Blogger sets the post in <div class="widget Blog">, and /2024/11/post.html names a
    month: htmldate made it the 1st, a day the page never said."""
    post = (
        "<div class='widget Blog' id='Blog1'><div class='post hentry'>"
        "<h3 class='post-title'>عنوان التدوينة عن الزراعة</h3>"
        f"<div class='post-body'>{'نص التدوينة عن الزراعة في الوادي. ' * 40}</div>"
        "<div class='post-footer'>{stamp}</div></div></div>"
        "<div class='widget PopularPosts'><a href='/x'>تدوينة أخرى</a></div>"
    )
    stamp = "<abbr class='published' title='2024-11-18T09:12:00+03:00'>٩:١٢ ص</abbr>"
    address = ("https://blog.example/2024/11/blog-post_18.html",)
    head = f"<link rel='canonical' href='{address[0]}'>"
    found = find_date(page(head, post.replace("{stamp}", stamp)), NOW, address)
    assert found is not None and found.iso == "2024-11-18T09:12:00+03:00"
    assert find_date(page(head, post.replace("{stamp}", "")), NOW, address) is None


def test_a_sidebar_of_headlines_longer_than_a_short_flash_stays_another_storys() -> None:
    """Only a container holding most of the page's prose is the page's own: a list of linked
    headlines beside a one-sentence flash is not, and its dates are other stories'."""
    links = "".join(
        f"<li><a href='/n/{k}'>عنوان خبر آخر طويل نسبيا عن موضوع مختلف رقم {k}</a>"
        f" {k + 1} نوفمبر 2024</li>"
        for k in range(8)
    )
    body = f"<h1>حظر تجول في العاصمة</h1><p>أعلنت السلطات حظر التجول.</p><div class='sidebar'><ul>{links}</ul></div>"
    assert find_date(page(body=body), NOW) is None


def test_a_stated_date_element_whose_title_is_no_date_gives_its_text() -> None:
    body = "<h1>عنوان</h1><span itemprop='datePublished' title='منذ 3 ساعات'>2024-12-08</span>"
    found = find_date(page(body=body), NOW)
    assert found is not None and found.iso == "2024-12-08"


def test_of_several_json_ld_articles_the_one_the_page_is_about_gives_the_date() -> None:
    graph = (
        '{"@graph":[{"@type":"WebSite"},'
        '{"@type":"NewsArticle","headline":"خبر سابق","datePublished":"2024-11-01T10:00:00Z"},'
        '{"@type":"NewsArticle","headline":"عنوان الخبر رقم 7",'
        '"datePublished":"2024-12-03T10:00:00Z"}]}'
    )
    tree = page(
        f'<script type="application/ld+json">{graph}</script>', "<h1>عنوان الخبر رقم 7</h1>"
    )
    assert find_date(tree, NOW).iso == "2024-12-03T10:00:00+00:00"


@pytest.mark.parametrize("kind", ["NewsArticle", "BlogPosting", ["Article", "NewsArticle"]])
def test_a_yoast_graphs_article_gives_the_date_not_the_webpage_around_it(kind: object) -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "بوابة الخبر", "datePublished": "2019-01-01"},
            {"@type": "WebPage", "datePublished": "2024-12-09T06:00:00+00:00"},
            {"@type": kind, "headline": "افتتاح معرض الكتاب",
             "datePublished": "2024-12-02T13:30:00+03:00"},
            {"@type": "Organization", "name": "بوابة الخبر", "foundingDate": "2001"},
        ],
    }  # fmt: skip
    script = f'<script type="application/ld+json">{json.dumps(graph)}</script>'
    found = find_date(page(script, "<h1>افتتاح معرض الكتاب</h1>"), NOW)
    assert found is not None and found.iso == "2024-12-02T13:30:00+03:00"


def test_a_webpage_alone_in_json_ld_still_dates_the_page() -> None:
    graph = {"@graph": [{"@type": "WebSite"}, {"@type": "WebPage", "datePublished": "2024-12-09"}]}
    script = f'<script type="application/ld+json">{json.dumps(graph)}</script>'
    found = find_date(page(script, "<h1>عنوان</h1><p>نص</p>"), NOW)
    assert found is not None and (found.iso, found.origin) == ("2024-12-09", "json-ld")


def test_json_ld_headlines_that_are_not_text_do_not_stop_the_date() -> None:
    objects = [
        {"@type": "NewsArticle", "headline": "Related", "datePublished": "2024-11-01"},
        {"@type": "NewsArticle", "headline": "Big story", "datePublished": "2024-12-03"},
        {"@type": "NewsArticle", "headline": ["Other", "x"], "datePublished": "2024-10-01"},
    ]
    script = f'<script type="application/ld+json">{json.dumps(objects)}</script>'
    assert find_date(page(script, "<h1>Big story</h1>"), NOW).iso == "2024-12-03"


def test_header_today_date_before_the_headline_loses_to_the_article_date_line() -> None:
    tree = page(body="<div class='today-date'>السبت ,14 ديسمبر, 2024 م</div><h1>عنوان الخبر</h1>"
                     "<div class='date-time'>07-12-2024 06:10 PM</div><p>نص</p>")  # fmt: skip
    assert find_date(tree, NOW).iso == "2024-12-07T18:10:00"


@pytest.mark.parametrize(
    "line",
    [
        "آخر تحديث: 20 مارس 2025 - نشر في: 2 مارس 2025",
        "نشر في: 2 مارس 2025 | آخر تحديث: 20 مارس 2025",
        "2 مارس 2025 - تم التحديث 20 مارس 2025",
        "آخر تحديث: الأحد، 20 مارس 2025 | نشر في: الأحد، 2 مارس 2025",
        "آخر تحديث: 20/03/2025 10:15، منشور في 2 مارس 2025",
        # one element, the lines parted by markup
        '<div class="meta">آخر تحديث: 20 مارس 2025<br>نشر في: 2 مارس 2025</div>',
        "<div><span>آخر تحديث: 20 مارس 2025</span> <b>نشر في:</b> 2 مارس 2025</div>",
        "Mis à jour le 20 mars 2025 à 09:12 · Publié le 2 mars 2025",  # a French edition's
    ],
)
def test_the_date_line_gives_when_the_article_was_published_not_when_it_was_updated(
    line: str,
) -> None:
    tree = page(body=f"<h1>عنوان الخبر</h1><div>{line}</div><p>نص الخبر</p>")
    assert find_date(tree, NOW).iso == "2025-03-02"


def test_a_date_line_that_only_says_when_the_article_was_updated_gives_no_publication_date() -> (
    None
):
    tree = page(body="<h1>عنوان الخبر</h1><div>آخر تحديث: 20 مارس 2025</div><p>نص الخبر</p>")
    found = find_date(tree, NOW)
    assert found is None or found.iso != "2025-03-20"


@pytest.mark.parametrize(
    "head",
    ["", '<meta property="og:updated_time" content="2025-03-20T14:35:00+02:00">'],
)
def test_a_page_that_only_says_when_it_was_updated_is_not_dated_by_the_update(
    head: str,
) -> None:
    """(htmldate, the last resort, falls back to the update.)"""
    tree = page(head, "<h1>عنوان الخبر</h1><div>آخر تحديث: 2025/03/20 - 14:35</div><p>نص</p>")
    found = find_date(tree, NOW)
    assert found is None or found.iso[:10] != "2025-03-20", found


_EDITED = "4 ديسمبر 2025 - 09:00"


@pytest.mark.parametrize(
    "line",
    [
        f"<div class='date'>آخر تعديل: {_EDITED}</div>",
        f"<div class='date'>تاريخ آخر تعديل: {_EDITED}</div>",
        f"<div class='date'>تاريخ التعديل: {_EDITED}</div>",
        f"<div class='date'>عُدّل في {_EDITED}</div>",
        f"<div class='date'>عدل بتاريخ {_EDITED}</div>",
        f"<div class='date'>معدل: {_EDITED}</div>",
        f"<div class='date'>حُدّث: {_EDITED}</div>",
        f"<div class='date'>تم تعديله في {_EDITED}</div>",
        # the label in an element of its own, the date in the next
        f"<div class='meta'><span class='label'>آخر تحديث:</span> <span>{_EDITED}</span></div>",
        f"<div class='meta'><span class='label'>آخر تعديل</span> <span>{_EDITED}</span></div>",
        # no label: the element's class or id says it
        f"<div class='meta'><span class='modified-date'>{_EDITED}</span></div>",
        f"<div class='meta'><span id='last-edit'>{_EDITED}</span></div>",
    ],
)
def test_a_date_the_page_says_it_was_edited_on_is_never_its_publication_date(line: str) -> None:
    """(A re-check would move published_at to every new edit's date.)"""
    tree = page(body=f"<h1>عنوان الخبر</h1>{line}<p>نص الخبر.</p>")
    found = find_date(tree, datetime(2025, 12, 5, tzinfo=UTC))
    assert found is None or not found.iso.startswith("2025-12-04"), found


@pytest.mark.parametrize(
    "line",
    [
        f"<div class='date'>آخر تعديل: {_EDITED} | تاريخ النشر: 1 ديسمبر 2025</div>",
        f"<div class='date'>تاريخ التعديل: {_EDITED} تم النشر: 1 ديسمبر 2025</div>",
        f"<div class='meta'><span>آخر تعديل: {_EDITED}</span> <span>نشر: 1 ديسمبر 2025</span></div>",
        f"<div class='meta'><span class='updated'>{_EDITED}</span> <span>1 ديسمبر 2025</span></div>",
    ],
)
def test_the_publication_date_beside_an_edit_date_is_the_pages(line: str) -> None:
    tree = page(body=f"<h1>عنوان الخبر</h1>{line}<p>نص الخبر.</p>")
    found = find_date(tree, datetime(2025, 12, 5, tzinfo=UTC))
    assert found is not None and found.iso == "2025-12-01", found


def test_a_date_line_that_says_what_happened_on_a_day_is_still_a_date() -> None:
    """ "حدث في" is "happened on": no update label without its colon."""
    tree = page(body="<h1>عنوان الخبر</h1><div class='date'>حدث في 1 ديسمبر 2025</div><p>نص</p>")
    found = find_date(tree, datetime(2025, 12, 5, tzinfo=UTC))
    assert found is not None and found.iso == "2025-12-01", found


@pytest.mark.parametrize(
    "line",
    [
        "حُدِّث في 20 نوفمبر 2026 - نُشر في 19 نوفمبر 2026",  # (the update verb, vowelled)
        "حدث في 20 نوفمبر 2026 - نشر في 19 نوفمبر 2026",  # (bare: "happened on", or not)
        "20 نوفمبر 2026 | تاريخ النشر: 19 نوفمبر 2026",
        "Nov 20, 2026 · Published Nov 19, 2026",
    ],
)
def test_the_date_a_lines_publication_label_introduces_wins_over_its_other_date(
    line: str,
) -> None:
    tree = page(body=f"<h1>عنوان الخبر</h1><div class='post-date'>{line}</div><p>نص الخبر</p>")
    found = find_date(tree, NOW)
    assert found is not None and found.iso == "2026-11-19", found


@pytest.mark.parametrize("verb", ["حُدِّث في", "حُدّث في", "عُدِّل في"])
def test_a_vowelled_update_verb_is_an_update_label_without_its_colon(verb: str) -> None:
    tree = page(body=f"<h1>عنوان الخبر</h1><div class='date'>{verb} 20 نوفمبر 2026 14:10</div>")
    found = find_date(tree, NOW)
    assert found is None or not found.iso.startswith("2026-11-20"), found


def test_a_time_marked_published_after_an_update_line_of_its_own_is_the_publication() -> None:
    tree = page(
        body="<h1>عنوان الخبر</h1><div class='meta'><span>آخر تحديث: منذ 10 دقائق</span>"
        "</div><time class='published' datetime='2025-03-02T13:50:00+02:00'>13:50</time>"
        "<p>نص الخبر.</p>"
    )
    found = find_date(tree, NOW)
    assert found is not None and found.iso == "2025-03-02T13:50:00+02:00"


def test_page_without_any_date_gives_none_rather_than_a_guess() -> None:
    tree = page(body="<h1>عنوان</h1><p>نص الخبر بلا تاريخ منذ عام 2019</p>")
    assert find_date(tree, NOW) is None


_STORY = (
    "<p>أعلنت الوزارة في بيان صدر اليوم أن الفرق الفنية أنهت أعمال الصيانة في جميع المحطات"
    " الرئيسية بعد أسابيع من العمل المتواصل في ظروف صعبة{said}.</p>"
)


def _ld(obj: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj, ensure_ascii=False)}</script>'


@pytest.mark.parametrize(
    ("head", "said"),
    [
        # a day after the crawl's (NOW: 2026-11-22), which htmldate refuses for its month's
        # first: a scheduled publication, an event's start, the page's expiry, a cited day
        (_ld({"@type": "NewsArticle", "datePublished": "2026-11-28T08:00:00+03:00"}), ""),
        ('<meta property="article:published_time" content="2026-11-28T08:00:00+03:00">', ""),
        (_ld({"@type": "Event", "name": "معرض الكتاب", "startDate": "2026-11-28T10:00:00"}), ""),
        ('<meta name="expires" content="2026-11-30">', ""),
        ("", "، على أن تبدأ الامتحانات يوم 28/11/2026"),
        # a month said alone
        ("", " وفق خطة 2026/11"),
        ("", " وفق خطة 2024-10"),  # (another parser's missing day: today's)
        ('<meta name="date" content="2024-10">', ""),  # (htmldate's day: its clock's)
        ("", " وفق خطة <time>٢٠٢٤/١٠</time>"),
    ],
)  # fmt: skip
def test_a_day_htmldate_fills_in_itself_for_a_month_is_no_date(head: str, said: str) -> None:
    """A year and month that no statement of the page gives a day of is no date (the feed's,
    in a crawl, then stands)."""
    body = "<h1>مجلس الوزراء يقر مشروع قانون الموازنة</h1><span class='time'>منذ ساعتين</span>"
    tree = page(head, body + _STORY.format(said=said))
    assert find_date(tree, NOW) is None


@pytest.mark.parametrize("said", [" يوم 01/11/2026", " يوم 2026-11-01"])
def test_the_first_of_a_month_the_page_writes_out_is_htmldates_date_still(said: str) -> None:
    tree = page(body=f"<h1>مجلس الوزراء يقر مشروع قانون الموازنة</h1>{_STORY.format(said=said)}")
    found = find_date(tree, NOW)
    assert found is not None and (found.iso, found.origin) == ("2026-11-01", "htmldate")


@pytest.mark.parametrize("written", ["{d:02d}/10/24", "{d:02d}.10.24"])
def test_a_day_only_htmldate_reads_stands_whatever_day_of_the_month_it_is_read_on(
    written: str,
) -> None:
    """A date in a form parse_date does not read ("07/10/24") on a day that is the clock's
    day of the month (htmldate fills a missing day with it) was taken for a fill and lost:
    only a month the page writes without a day makes it one."""
    d = max(2, date.today().day)  # (the first of a month is another guess's)
    said = " يوم " + written.format(d=d)
    tree = page(body=f"<h1>مجلس الوزراء يقر مشروع قانون الموازنة</h1>{_STORY.format(said=said)}")
    found = find_date(tree, NOW)
    assert found is not None and (found.iso, found.origin) == (f"2024-10-{d:02d}", "htmldate")


@pytest.mark.parametrize(
    "line",
    [
        "19 - 21 نوفمبر 2026",
        "من 19 إلى 21 نوفمبر 2026",
        "من 28 أكتوبر إلى 2 نوفمبر 2026",
        "19/11/2026 - 21/11/2026",
        "19 نوفمبر 2026 - 21 نوفمبر 2026",
        "du 19 au 21 novembre 2026",
        "19–21/11/2026",
    ],
)
def test_a_range_of_days_is_no_date(line: str) -> None:
    """An event's days: neither end is the day the page was published."""
    assert parse_date(line, NOW) is None
    tree = page(body=f"<h1>عنوان الخبر</h1><div class='post-date'>{line}</div>{_STORY}")
    assert find_date(tree, NOW) is None


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        # near misses: a time, a Hijri date, an issue's number beside the date
        ("الخميس 19/11/2026 - 10:30", "2026-11-19T10:30:00"),
        ("10:19 - 21 نوفمبر 2026", "2026-11-21T10:19:00"),
        ("19/11/2026 - 29 جمادى الأولى 1448", "2026-11-19"),
        ("28 جمادى الأولى 1448 - 19 نوفمبر 2026", "2026-11-19"),
        ("العدد 1234 - 21 نوفمبر 2026", "2026-11-21"),
        ("19 نوفمبر 2026 - 20 تعليقا", "2026-11-19"),
    ],
)
def test_a_date_beside_a_time_or_a_number_is_no_range(line: str, iso: str) -> None:
    assert parse_date(line, NOW) == iso


# -- the article's own date, not another story's or a reader's ------------------------------

TEASER = (
    "<aside class='related'><h3>أخبار ذات صلة</h3>"
    "<div class='card'><time datetime='2024-12-20T10:00:00+03:00'>20-12-2024</time>"
    "<a href='/news/9'>خبر آخر</a></div></aside>"
)
OWN = "<p>نص الخبر الأول وهو طويل بما يكفي ليكون نصا.</p>"


def ld(text: str) -> str:
    return f'<script type="application/ld+json">{text}</script>'


@pytest.mark.parametrize(
    ("broken", "why"),
    [
        ('{"@type": "NewsArticle", "datePublished": "2024-12-08T13:05:00+03:00",}', "trailing comma"),
        ('{"@type": "NewsArticle", "headline": "سطر\nوسطر",\n "datePublished": "2024-12-08T13:05:00+03:00"}', "raw newline in a string"),
        ('{"@type": "WebSite", "name": "x"}\n{"@type": "NewsArticle", "datePublished": "2024-12-08T13:05:00+03:00"}', "objects one after another"),
        ('{"@type": "WebSite", "name": "x"},{"@type": "NewsArticle", "datePublished": "2024-12-08T13:05:00+03:00"}', "objects separated by a comma"),
        ('<!-- {"@type": "NewsArticle", "datePublished": "2024-12-08T13:05:00+03:00"} -->', "HTML comment around"),
        ('{"@type": "NewsArticle", "author": [{"name": "a"},], "datePublished": "2024-12-08T13:05:00+03:00"}', "trailing comma in a list"),
    ],
)  # fmt: skip
def test_broken_json_ld_is_repaired_before_falling_back(broken: str, why: str) -> None:
    tree = page(ld(broken), f"<h1>عنوان الخبر</h1>{TEASER}{OWN}")
    found = find_date(tree, NOW)
    assert (found.iso, found.origin) == ("2024-12-08T13:05:00+03:00", "json-ld"), why


def test_unreadable_json_ld_falls_back_to_the_article_date_not_a_related_teaser() -> None:
    tree = page(
        ld('{"@type": "NewsArticle", "datePublished": 2024-12-08 }'),
        f"<h1>عنوان الخبر</h1>{TEASER}<div class='byline'><time datetime='2024-12-08T13:05:00+03:00'>"
        f"</time></div>{OWN}",
    )
    assert find_date(tree, NOW).iso == "2024-12-08T13:05:00+03:00"


def test_teaser_cards_in_other_article_elements_give_no_date() -> None:
    cards = "".join(
        f"<article class='card'><h2>خبر {n}</h2><time datetime='2024-12-1{n}'></time></article>"
        for n in range(3)
    )
    tree = page(
        body=f"<article><h1>عنوان الخبر</h1><div class='meta'>الأحد 8 ديسمبر 2024</div>{OWN}"
        f"</article>{cards}"
    )
    assert find_date(tree, NOW).iso == "2024-12-08"


def test_microdata_date_of_a_related_story_is_not_the_article_date() -> None:
    tree = page(
        body="<h1>عنوان الخبر</h1>"
        "<div class='related-news'><span itemprop='datePublished' content='2024-12-20'></span></div>"
        f"<span class='date'>8 ديسمبر 2024</span>{OWN}"
    )
    assert find_date(tree, NOW).iso == "2024-12-08"


def test_dates_only_in_comments_and_the_sidebar_leave_the_article_undated() -> None:
    tree = page(
        body=f"<h1>عنوان الخبر</h1>{OWN}"
        "<div id='comments'><div class='comment'><span class='date'>2024-12-21 10:00</span>"
        "<p>تعليق قارئ</p></div></div>"
        "<div class='sidebar'><ul><li><span class='date'>2024-12-19</span> خبر</li></ul></div>"
    )
    assert find_date(tree, NOW) is None


def test_date_in_the_articles_own_footer_is_kept_but_not_one_in_the_page_footer() -> None:
    # Drupal writes "submitted" inside the <article>'s <footer>; the page <footer> is chrome.
    tree = page(
        body=f"<article><h1>عنوان الخبر</h1>{OWN}<footer class='submitted'>"
        "<span class='date-display-single'>الجمعة 8 فيفري 2019</span></footer></article>"
        "<footer><span class='date'>2024-12-21</span></footer>"
    )
    assert find_date(tree, NOW).iso == "2019-02-08"


def test_own_article_nested_in_a_page_wide_article_keeps_its_date() -> None:
    tree = page(
        body="<article class='page'><article><h1>عنوان الخبر</h1>"
        f"<time datetime='2024-12-08T13:05:00+03:00'></time>{OWN}</article>"
        "<article class='card'><time datetime='2024-12-20T10:00:00+03:00'></time></article>"
        "</article>"
    )
    assert find_date(tree, NOW).iso == "2024-12-08T13:05:00+03:00"


def test_a_json_ld_block_no_repair_can_parse_still_gives_its_date() -> None:
    from lxml import html

    from crawler.extract.dates import find_date

    page = html.document_fromstring(
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle",'
        ' "description": "قال "نوصي بالحذر" أمس", "datePublished": "2023-10-08T22:04:00+03:00", }'
        "</script></head><body><div class='relbox'><time datetime='2026-12-01T15:11:00+03:00'>"
        "</time></div><div class='art'><h1>عنوان</h1><p>نص الخبر</p></div></body></html>"
    )
    found = find_date(page)
    assert found is not None and found.iso.startswith("2023-10-08") and found.origin == "json-ld"


def test_a_date_in_a_teaser_box_with_a_short_class_name_is_not_the_articles() -> None:
    from lxml import html

    from crawler.extract.dates import find_date

    page = html.document_fromstring(
        "<html><body><div class='relbox'><div class='rel'><a href='/2'>خبر آخر</a>"
        "<time datetime='2026-12-01T15:11:00+03:00'>أمس</time></div></div>"
        "<div class='ticker'><time datetime='2026-11-30T10:00:00+03:00'>x</time></div>"
        "<div class='art'><h1>عنوان الخبر</h1><div class='dt'>الأحد ٨ تشرين الأول ٢٠٢٣</div>"
        "<p>نص الخبر الطويل هنا.</p></div></body></html>"
    )
    found = find_date(page)
    assert found is not None and found.iso.startswith("2023-10-08"), found


def test_a_permalinks_date_is_used_when_the_page_shows_none() -> None:
    tree = page(body="<h1>عنوان</h1><span>منذ يومين</span><p>نص الخبر.</p>")
    found = find_date(tree, NOW, (None, "https://news.example/2026/11/20/story-40.html"))
    assert found is not None and (found.iso, found.origin) == ("2026-11-20", "url")
    assert find_date(tree, NOW, ("https://news.example/2026/11/story-40.html",)) is None
    dated = page(body='<h1>عنوان</h1><time datetime="2026-11-19T08:00:00+03:00">أمس</time>')
    assert find_date(dated, NOW, ("https://news.example/2026/11/20/x",)).origin == "time"


WIRE = "قال وزير الصناعة إن التعاون بين البلدين مستمر في مختلف المجالات والقطاعات الإنتاجية."


@pytest.mark.parametrize(
    ("dateline", "iso"),
    [
        ("عمان في 2 كانون الأول 2024 - ", "2024-12-02"),
        ("بيروت، الخميس 5 كانون الأول 2024 (وطنية) - ", "2024-12-05"),
        ("القاهرة في ٣ ديسمبر ٢٠٢٤ /أ ش أ/ ", "2024-12-03"),
        ("الرباط - 3 دجنبر 2024 - ", "2024-12-03"),
        ("أبو ظبي في 4 ديسمبر 2024 (وام) – ", "2024-12-04"),
    ],
)
def test_a_wire_storys_dateline_dates_a_page_that_states_no_other_date(
    dateline: str, iso: str
) -> None:
    summary = "<p class='lead'>" + WIRE + "</p>"
    tree = page(body=f"<h1>عنوان الخبر</h1>{summary}<p>{dateline}{WIRE}</p><p>{WIRE}</p>")
    found = find_date(tree, NOW)
    assert found is not None and (found.iso, found.origin) == (iso, "dateline")
    assert found.raw == " ".join(dateline.split()[: len(found.raw.split())])


@pytest.mark.parametrize(
    "opening",
    [
        "عمان 2 كانون الأول (بترا) - ",  # no year: a guess
        "في 3 ديسمبر 2019 - اندلعت احتجاجات واسعة، ",  # a date in the story, no place
        "منذ 3 ديسمبر 2019 - ",
        "شهد العراق في 3 ديسمبر 2019 احتجاجات واسعة، و",  # prose, no dateline's dash
        "أعلنت الحكومة في 3 كانون الثاني 2019 - قبل نحو عام - عن خطة ",  # a verb, its subject
        "قالت المصادر إن الاجتماع الذي عقد في العاصمة يوم 3 ديسمبر 2019 - ",  # too far in
    ],
)
def test_a_date_in_a_first_paragraph_that_is_no_dateline_dates_nothing(opening: str) -> None:
    tree = page(body=f"<h1>عنوان الخبر</h1><p>{opening}{WIRE}</p><p>{WIRE}</p>")
    assert find_date(tree, NOW) is None


def test_a_stated_date_the_permalinks_or_one_above_the_headline_comes_before_the_dateline() -> None:
    body = f"<h1>عنوان الخبر</h1><p>عمان في 2 كانون الأول 2024 - {WIRE}</p>"
    timed = page(body=f"<time datetime='2024-12-02T09:15:00+02:00'>اليوم</time>{body}")
    assert find_date(timed, NOW).origin == "time"
    linked = find_date(page(body=body), NOW, ("https://x.example/2024/12/01/a",))
    assert linked is not None and linked.origin == "url"
    above = find_date(page(body=f"<div class='date'>01/12/2024</div>{body}"), NOW)
    assert above is not None and above.iso == "2024-12-01"


def test_a_canonical_on_another_host_or_a_bad_one_dates_nothing() -> None:
    """The fetched address dates the page first; a template's canonical that points every
    page at one dated address elsewhere must not give them all its date."""
    from crawler.extract import Extracted, extract

    body = "<p>" + "قالت وزارة الصحة إن فرقها الميدانية وصلت إلى المناطق المتضررة. " * 4 + "</p>"

    def dated(url: str, canonical: str) -> str | None:
        page = (
            f"<html><head><link rel='canonical' href='{canonical}'></head>"
            f"<body><h1>خبر</h1><span>منذ يومين</span>{body}</body></html>"
        )
        result = extract(page.encode(), url, "text/html; charset=utf-8")
        assert isinstance(result, Extracted)
        return result.published_at

    assert dated("https://x.example/2024/12/08/story", "https://x.example/2019/01/01/w/") == (
        "2024-12-08"
    )
    assert dated("https://x.example/news/9", "https://other.example/2019/01/01/w/") is None
    assert dated("https://x.example/news/9", "https://x.example/2024/11/30/story-9") == (
        "2024-11-30"
    )
    assert dated("https://x.example/2024/12/08/story", "http://[oops/x") == "2024-12-08"


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("7/12/2024 - 3:30 عصراً", "2024-12-07T15:30:00"),
        ("2024-12-07 الساعة 11:30 ليلا", "2024-12-07T23:30:00"),
        ("2024-12-07 2:00 ليلا", "2024-12-07T02:00:00"),
        ("2024-12-07 1:15 ظهرا", "2024-12-07T13:15:00"),
        ("2024-12-07 12:30 ظهرا", "2024-12-07T12:30:00"),
        ("2024-12-07 5:10 فجرا", "2024-12-07T05:10:00"),
    ],
)
def test_the_arabic_words_for_the_time_of_day_set_its_half(raw: str, iso: str) -> None:
    assert parse_date(raw, NOW) == iso


def test_a_top_bars_date_gives_way_to_the_permalinks_and_alone_dates_nothing() -> None:
    """A top bar's date is the day the page was served (a day off the crawl's, when the
    site's zone or a re-extraction months later parts them): never the article's."""
    tree = page(
        body="<div class='top-bar'><span class='today-date'>الثلاثاء 10 ديسمبر 2024</span></div>"
        "<article><h1>عنوان</h1><span class='time-ago'>منذ 3 أيام</span><p>نص الخبر.</p></article>"
    )
    found = find_date(tree, NOW, ("https://news.example/2024/12/07/health/",))
    assert found is not None and (found.iso, found.origin) == ("2024-12-07", "url")
    assert find_date(tree, NOW, ("https://news.example/news/9",)) is None


@pytest.mark.parametrize(
    "header",
    [
        "<div class='current-date'>الأحد 22 نوفمبر 2026</div>",  # date-classed: the text rule
        "<div class='today'>الأحد 22 نوفمبر 2026</div>",  # no date class: htmldate's search
        "<div class='top-bar'><span>22/11/2026</span></div>",
        "<div class='wx'>السبت 21 نوفمبر 2026</div>",  # the site's zone is a day behind
    ],
)
def test_a_headers_today_never_dates_an_article_that_says_no_date(header: str) -> None:
    """The crawl's day in the page header, on an article that shows no date of its own:
    every undated article of such a site would be dated the day it was crawled."""
    tree = page(
        body=f"<header>{header}<nav><a href='/'>الرئيسية</a></nav></header>"
        "<article><h1>عنوان الخبر</h1><p>نص الخبر الطويل عن الأحداث الجارية في المنطقة.</p>"
        "</article>"
    )
    assert find_date(tree, NOW) is None
    dated = find_date(tree, NOW, ("https://news.example/2024/12/07/health/",))
    assert dated is not None and dated.iso == "2024-12-07"


def test_an_article_of_the_crawls_day_keeps_its_date_beside_a_headers_today() -> None:
    tree = page(
        body="<header><div class='today'>الأحد 22 نوفمبر 2026</div></header>"
        "<article><h1>عنوان الخبر</h1><span class='date'>22/11/2026 10:15</span>"
        "<p>نص الخبر.</p></article>"
    )
    found = find_date(tree, NOW)
    assert found is not None and found.iso == "2026-11-22T10:15:00"


@pytest.mark.parametrize(
    "modified",
    [
        '<meta property="article:modified_time" content="2026-11-20T10:00:00+03:00">',
        '<meta property="og:updated_time" content="2026-11-20T10:00:00+03:00">',
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "عنوان",'
        ' "dateModified": "2026-11-20T10:00:00Z"}</script>',
    ],
)
def test_when_a_page_was_modified_is_not_its_publication_date(modified: str) -> None:
    tree = html.document_fromstring(
        f"<html><head>{modified}</head><body><h1>عنوان</h1><p>نص الخبر.</p></body></html>"
    )
    assert find_date(tree, NOW) is None


def test_a_time_marked_updated_is_not_the_publication_but_published_updated_is() -> None:
    edited = page(
        body='<h1>عنوان</h1><time class="updated" datetime="2026-11-20T10:00:00+03:00">x</time>'
    )
    assert find_date(edited, NOW) is None
    never_edited = page(
        body='<h1>عنوان</h1><time class="entry-date published updated"'
        ' datetime="2026-11-18T10:00:00+03:00">x</time>'
    )
    found = find_date(never_edited, NOW)
    assert found is not None and found.iso == "2026-11-18T10:00:00+03:00"


def test_a_tagdiv_themes_post_date_marked_updated_is_the_publication_date() -> None:
    tree = page(
        body='<h1>عنوان</h1><time class="entry-date updated td-module-date"'
        ' datetime="2025-11-03T09:15:00+03:00">منذ 3 أسابيع</time>'
    )
    found = find_date(tree, NOW)
    assert found is not None and found.iso == "2025-11-03T09:15:00+03:00"


def test_a_site_name_above_a_headline_that_is_no_h1_does_not_lead_to_the_headers_today() -> None:
    tree = html.document_fromstring(
        "<html><head><title>صحيفة النهار الجديد - انطلاق امتحانات الشهادة الثانوية غدا</title>"
        "</head><body><table><tr><td><a href='/'><b>صحيفة النهار الجديد</b></a></td>"
        "<td>الخميس 8 يناير 2026</td></tr></table><table><tr><td><font size='4'><b>انطلاق"
        " امتحانات الشهادة الثانوية غدا</b></font><p>تنطلق صباح غد الأحد امتحانات الشهادة.</p>"
        "</td></tr></table></body></html>"
    )
    found = find_date(tree, NOW, ("http://annahar.example/2025/07/03/exams.html",))
    assert found is not None and (found.iso, found.origin) == ("2025-07-03", "url")


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("7 décembre 2024", "2024-12-07"),
        ("Publié le 12 février 2025 à 10:30", "2025-02-12T10:30:00"),
        ("1er mars 2024", "2024-03-01"),
        ("Dec. 7, 2024", "2024-12-07"),
        ("Sept. 15, 2024 10:00 AM", "2024-09-15T10:00:00"),
    ],
)
def test_french_months_and_abbreviated_english_ones_are_read(raw: str, iso: str) -> None:
    """The Maghreb's French-language pages, and AP-style English ones."""
    assert parse_date(raw, NOW) == iso


@pytest.mark.parametrize(
    "raw",
    [
        "Publié le 7 mars 12:30",
        "Le 1er mai, 15 manifestants",
        "7 مارس 12:30",
        "Publié le 7 mars 12 h 30",
        "السبت 7 ديسمبر 10.30",
        "الأحد 7 ديسمبر - 11 مساء",
        "٧ ديسمبر ١١ ص",
        "7 Dec 11am",
        "7 Dec 11 pm",
        "7 décembre 10 h",
        "7 mars 12 heures 30",
        "7 Dec 11 p.m.",
        "7 December 11 a.m.",
        "7 ديسمبر 11 ظهر",
    ],
)
def test_a_time_or_a_count_after_a_day_and_month_is_no_two_digit_year(raw: str) -> None:
    assert parse_date(raw, NOW) is None


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("7 Dec 24", "2024-12-07"),
        ("7-Dec-24", "2024-12-07"),
        ("7 Dec 24 10:30", "2024-12-07T10:30:00"),
        ("7 Dec 24 at 10:30", "2024-12-07T10:30:00"),
        ("7 ديسمبر 24 الساعة 10:30", "2024-12-07T10:30:00"),
        ("7 Dec 24 AFP", "2024-12-07"),
    ],
)
def test_a_two_digit_year_after_a_day_and_month_is_read(raw: str, iso: str) -> None:
    assert parse_date(raw, NOW) == iso


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("٢٧ جمادى الأولى ١٤٤٨هـ", "2026-11-07"),
        ("الأحد 27 جمادى الآخرة 1447 هـ - 10:30 صباحا", "2025-12-18T10:30:00"),
        ("1 رمضان 1446", "2025-03-01"),
        ("10 ذي الحجة 1445 هـ", "2024-06-16"),
        # a page that gives both: its Gregorian date (a sighting may differ by a day)
        ("الأحد 8 نوفمبر 2026 - ٢٧ جمادى الأولى ١٤٤٨هـ", "2026-11-08"),
    ],
)
def test_a_hijri_date_is_read_by_the_umm_al_qura_calendar(raw: str, iso: str) -> None:
    assert parse_date(raw, datetime(2026, 12, 1, tzinfo=UTC)) == iso


@pytest.mark.parametrize("raw", ["30 ذي الحجة 1600", "10 محرم 1300", "31 رجب 1446"])
def test_a_hijri_date_outside_the_calendar_or_the_month_is_no_date(raw: str) -> None:
    assert parse_date(raw, datetime(2026, 12, 1, tzinfo=UTC)) is None


def test_a_page_dated_only_in_the_hijri_calendar_is_dated() -> None:
    tree = page(body="<h1>عنوان الخبر</h1><div class='date'>الخميس ٢٧ جمادى الأولى ١٤٤٨هـ</div>"
                     "<p>نص الخبر</p>")  # fmt: skip
    assert find_date(tree, datetime(2026, 12, 1, tzinfo=UTC)).iso == "2026-11-07"


def test_a_gregorian_date_beside_a_hijri_one_in_another_element_is_the_date() -> None:
    tree = page(body="<h1>عنوان الخبر</h1><span>٢٧ جمادى الأولى ١٤٤٨هـ</span>"
                     "<span>الأحد 8 نوفمبر 2026</span><p>نص الخبر</p>")  # fmt: skip
    assert find_date(tree, datetime(2026, 12, 1, tzinfo=UTC)).iso == "2026-11-08"


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("نُشر في: 5 ديسمبر 2024 18:00 GMT", "2024-12-05T18:00:00+00:00"),
        ("نُشر في: 5 ديسمبر 2024 18:00 GMT+3", "2024-12-05T18:00:00+03:00"),
        ("آخر تحديث: 6 ديسمبر 2024 10:00 GMT - نُشر في: 5 ديسمبر 2024 18:00 UTC+2",
         "2024-12-05T18:00:00+02:00"),
    ],
)  # fmt: skip
def test_a_labelled_date_line_keeps_the_zone_written_after_its_time(line: str, iso: str) -> None:
    """The zone words were dropped with the update labels, so "GMT" gave a date without
    its offset on the visible line (it was kept everywhere else)."""
    tree = page(body=f"<h1>مبادرة لتنظيف الشواطئ</h1><div class='news-date'>{line}</div>")
    assert find_date(tree, NOW).iso == iso


PROSE = (
    "<p>لم يعد البحث عن المعلومات على الإنترنت كما كان قبل سنوات قليلة، فقد باتت روبوتات"
    " المحادثة تقدم إجابات جاهزة بدلا من قوائم الروابط المعتادة.</p>"
)


@pytest.mark.parametrize(
    "date_line",
    [
        "<div class='date'>الأحد 14 ديسمبر 2025 9:15</div>",
        "<span>الأحد 14 ديسمبر 2025 9:15</span>",  # a bare date line, no class to tell it by
    ],
)
def test_the_date_line_under_the_byline_wins_over_a_date_the_text_mentions(date_line: str) -> None:
    """A translated article's note on when its original ran ("نشر في "اندبندنت" بتاريخ
    …") is a labelled date, but in the text: the date line above the text is the page's."""
    tree = page(
        body=f"<h1>كيف غير الذكاء الاصطناعي طريقة بحثنا</h1><div class='byline'>أندرو غريفين"
        f"</div>{date_line}<div class='body'>{PROSE}"
        '<p><em>نشر في "اندبندنت" بتاريخ 10 ديسمبر 2025</em></p></div>'
    )
    assert find_date(tree, NOW).iso == "2025-12-14T09:15:00"


@pytest.mark.parametrize(
    "body",
    [
        # the labelled line above the text, beside another date-ish line: the label wins
        "<h1>عنوان الخبر</h1><div class='meta'>نشر في: 12 ديسمبر 2025</div>"
        f"<div class='date'>الأحد 14 ديسمبر 2025</div>{PROSE}",
        # the labelled line under the text, with no date line above it: still the date
        f"<h1>عنوان الخبر</h1>{PROSE}<div class='meta'>نشر في: 12 ديسمبر 2025</div>",
    ],
)
def test_a_labelled_date_line_above_the_text_or_alone_is_still_the_date(body: str) -> None:
    assert find_date(page(body=body), NOW).iso == "2025-12-12"


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("الثلاثاء 22 أبريل 2025 23:45 (GMT+04:00)", "2025-04-22T23:45:00+04:00"),
        ("نُشر الخميس، 02 يناير / كانون الثاني 2025; 09:51 (GMT +0400)", "2025-01-02T09:51:00+04:00"),
        ("2025-01-02 09:51 (GMT+0400)", "2025-01-02T09:51:00+04:00"),
        ("2025-01-02 09:51 ( UTC+3 )", "2025-01-02T09:51:00+03:00"),
        ("2025-01-02 09:51 (GMT)", "2025-01-02T09:51:00+00:00"),
        # a place's name alone in the parentheses: its zone, as after "بتوقيت"
        ("2025-01-02 09:51 (القاهرة)", "2025-01-02T09:51:00+02:00"),
        # near misses: as before
        ("2025-01-02 09:51 GMT+0400", "2025-01-02T09:51:00+04:00"),
        ("22 أبريل 2025 (GMT+3)", "2025-04-22"),  # no time: no zone to give
        ("2025-01-02 (القاهرة)", "2025-01-02"),
        ("2025-01-02 09:51 (القاهرة", "2025-01-02T09:51:00"),  # (no closing parenthesis)
    ],
)  # fmt: skip
def test_a_zone_in_parentheses_after_the_time_is_its_offset(raw: str, iso: str) -> None:
    assert parse_date(raw, NOW) == iso


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("14:25 | الجمعة 19 ديسمبر 2025", "2025-12-19T14:25:00"),
        ("12:45 م الإثنين 06 أكتوبر 2025", "2025-10-06T12:45:00"),
        ("09:20 ص السبت 01 مارس 2025", "2025-03-01T09:20:00"),
        ("09:20 م - الأحد، 02/03/2025", "2025-03-02T21:20:00"),
        # near misses: a time further back, or a count before the date, gives no time
        ("14:25 | القاهرة | الجمعة 19 ديسمبر 2025", "2025-12-19"),
        ("العدد 1425 الجمعة 19 ديسمبر 2025", "2025-12-19"),
    ],
)
def test_a_time_before_the_date_and_its_weekday_is_the_dates_time(raw: str, iso: str) -> None:
    assert parse_date(raw, NOW) == iso


@pytest.mark.parametrize(
    ("meta", "iso", "raw"),
    [
        ("<span>الأحد 16 نوفمبر 2025</span> | <span>05:48 مساءً</span>",
         "2025-11-16T17:48:00", "الأحد 16 نوفمبر 2025 | 05:48 مساءً"),
        ("<span class='date'>الأحد 16 نوفمبر 2025</span> <span class='time'>17:48</span>",
         "2025-11-16T17:48:00", "الأحد 16 نوفمبر 2025 17:48"),
        ("<span class='time'>05:48 م</span> - <span class='date'>16/11/2025</span>",
         "2025-11-16T17:48:00", "05:48 م - 16/11/2025"),
        # near misses: a count or a long line beside the date is no time
        ("<span>الأحد 16 نوفمبر 2025</span> | <span>1548 مشاهدة</span>", "2025-11-16", None),
        ("<span class='date'>الأحد 16 نوفمبر 2025</span><span>قال الوزير في الساعة 10:30 إن"
         " الأرصاد تتوقع شبورة كثيفة</span>", "2025-11-16", None),
    ],
)  # fmt: skip
def test_a_time_in_its_own_element_beside_the_date_is_the_dates_time(
    meta: str, iso: str, raw: str | None
) -> None:
    tree = page(body=f"<h1>الأرصاد تحذر من شبورة مائية</h1><div class='details'>{meta}</div>")
    found = find_date(tree, NOW)
    assert found is not None and found.iso == iso
    assert raw is None or found.raw == raw


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("نشر في: 14 يناير 2026 - 10:45 بتوقيت أبوظبي", "2026-01-14T10:45:00+04:00"),
        ("نشر في: 17 فبراير ,2025: 02:02 م GST", "2025-02-17T14:02:00+04:00"),
        ("1 مارس 2025 10:00 بتوقيت مكة المكرمة", "2025-03-01T10:00:00+03:00"),
        ("في 3 مارس 2025 - 10:00 بتوقيت غرينتش", "2025-03-03T10:00:00+00:00"),
        # a place with summer time: the offset that held on the day
        ("الخميس 22 أيار 2025 | 18:40 بتوقيت بيروت", "2025-05-22T18:40:00+03:00"),
        ("الأربعاء 22 كانون الثاني 2025 | 18:40 بتوقيت بيروت", "2025-01-22T18:40:00+02:00"),
        # the place alone in parentheses after the clock
        ("تاريخ النشر: الخميس 19 نوفمبر 2026 - 09:15 م (مكة)", "2026-11-19T21:15:00+03:00"),
        # near misses: an ambiguous name (Amman or Oman), no time, a zone given already
        ("1 مارس 2025 10:00 بتوقيت عمان", "2025-03-01T10:00:00"),
        ("1 مارس 2025 بتوقيت القاهرة", "2025-03-01"),
        ("1 مارس 2025 10:00 GMT بتوقيت القاهرة", "2025-03-01T10:00:00+00:00"),
        ("1 مارس 2025 10:00 في القاهرة", "2025-03-01T10:00:00"),
    ],
)
def test_a_zone_named_by_its_place_after_the_time_gives_that_places_offset(
    raw: str, iso: str
) -> None:
    assert parse_date(raw, NOW) == iso


@pytest.mark.parametrize(
    ("element", "iso"),
    [
        ('<span class="time" title="2025-11-18 21:05:00">منذ ساعتين</span>', "2025-11-18T21:05:00"),
        ('<time title="2025-11-18 21:05:00">منذ ساعتين</time>', "2025-11-18T21:05:00"),
        ('<span class="time" data-time="2025-11-18T21:05:00+03:00">منذ ساعتين</span>',
         "2025-11-18T21:05:00+03:00"),
        # near misses: a title that is no date, an attribute that is no date's
        ('<span class="time" title="آخر الأخبار">منذ ساعتين</span>', None),
        ('<span class="time" data-id="2025111821">منذ ساعتين</span>', None),
    ],
)  # fmt: skip
def test_a_relative_time_element_gives_the_full_date_it_keeps_in_an_attribute(
    element: str, iso: str | None
) -> None:
    tree = page(body=f"<h1>مجلس الوزراء يقر مشروع قانون</h1><div class='meta'>{element}</div>")
    found = find_date(tree, NOW)
    assert (found.iso if found else None) == iso


# What other things on a page say of their own dates: a related story's, a video's, a
# photo's, another page's article, a sidebar teaser's, a reader's comment. The page's
# article is "افتتاح معرض الكتاب في عمان", its date line 16 November 2025, 08:21.
_ARTICLE = (
    "<h1>افتتاح معرض الكتاب في عمان بمشاركة واسعة</h1>"
    "<div class='date'>الأحد، 16 نوفمبر 2025 - 08:21</div><p>نص الخبر.</p>"
)
_TITLE = "<title>افتتاح معرض الكتاب في عمان بمشاركة واسعة - بوابة الخبر</title>"
_RELATED = {"@type": "NewsArticle", "headline": "جدل في مادبا حول كلفة مشروع النقل العام",
            "datePublished": "2025-11-01T08:00:00+03:00"}  # fmt: skip


def _ld(obj: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj, ensure_ascii=False)}</script>'


@pytest.mark.parametrize(
    "other",
    [
        pytest.param(
            _ld(
                {
                    "@type": "ItemList",
                    "itemListElement": [{"@type": "ListItem", "position": 1, "item": _RELATED}],
                }
            ),
            id="related-stories-list",
        ),  # fmt: skip
        pytest.param(_ld(_RELATED), id="another-pages-article"),
        pytest.param(
            _ld(
                {
                    "@type": "VideoObject",
                    "name": "مشاهد من المعرض",
                    "uploadDate": "2025-10-07T08:21:00+03:00",
                }
            ),
            id="embedded-video",
        ),  # fmt: skip
        pytest.param(
            _ld({"@type": "ImageObject", "datePublished": "2024-05-01T09:00:00+03:00"}),
            id="photo",
        ),
    ],
)
def test_json_ld_of_other_things_on_the_page_never_dates_the_article(other: str) -> None:
    found = find_date(page(_TITLE + other, _ARTICLE), NOW)
    assert found is not None and found.iso == "2025-11-16T08:21:00"


@pytest.mark.parametrize(
    "other",
    [
        pytest.param(
            "<div class='sidebar'><div itemscope itemtype='http://schema.org/NewsArticle'>"
            "<a itemprop='url' href='/w/100'><span itemprop='headline'>سكان حماة يشكون"
            " تراجع السياحة ويطالبون بحلول</span></a>"
            "<meta itemprop='datePublished' content='2025-10-20T10:00:00+03:00'></div></div>",
            id="sidebar-teaser",
        ),
        pytest.param(
            "<div class='comments'><div itemscope itemtype='https://schema.org/Comment'>"
            "<span itemprop='author'>قارئ</span>"
            "<meta itemprop='datePublished' content='2025-11-20T10:00:00+03:00'>"
            "<p itemprop='text'>تعليق</p></div></div>",
            id="comment",
        ),
        pytest.param(  # in boxes whose classes say nothing: told by their items
            "<div class='box'><div itemscope itemtype='http://schema.org/NewsArticle'>"
            "<span itemprop='headline'>سكان حماة يشكون تراجع السياحة ويطالبون بحلول</span>"
            "<span itemprop='datePublished'>2025-10-20T10:00:00+03:00</span></div></div>",
            id="teaser-in-a-plain-box",
        ),
        pytest.param(
            "<div class='box'><div itemscope itemtype='https://schema.org/Comment'>"
            "<time itemprop='datePublished' datetime='2025-11-20T10:00:00+03:00'>أمس</time>"
            "<p itemprop='text'>تعليق</p></div></div>",
            id="comment-in-a-plain-box",
        ),
    ],
)
def test_microdata_of_other_items_never_dates_the_article(other: str) -> None:
    tree = page(_TITLE, "<h1>افتتاح معرض الكتاب في عمان بمشاركة واسعة</h1>"
                "<time datetime='2025-11-16T08:21'>16/11</time><p>نص الخبر.</p>" + other)  # fmt: skip
    found = find_date(tree, NOW)
    assert found is not None and found.iso == "2025-11-16T08:21:00"


def test_the_articles_own_json_ld_and_microdata_still_date_it_shortened_or_branded() -> None:
    own = {"@type": "NewsArticle", "headline": "افتتاح معرض الكتاب في عمان | بوابة الخبر",
           "datePublished": "2025-11-16T08:21:00+03:00"}  # fmt: skip
    assert find_date(page(_TITLE + _ld(own), _ARTICLE), NOW).origin == "json-ld"
    item = (
        "<article itemscope itemtype='https://schema.org/NewsArticle'>"
        "<h1 itemprop='headline'>افتتاح معرض الكتاب في عمان بمشاركة واسعة</h1>"
        "<meta itemprop='datePublished' content='2025-11-16T08:21:00+03:00'><p>نص</p></article>"
    )
    found = find_date(page(_TITLE, item), NOW)
    assert found is not None and (found.iso, found.origin) == ("2025-11-16T08:21:00+03:00", "meta")


def test_a_video_page_with_no_other_date_is_dated_by_its_video() -> None:
    video = {"@type": "VideoObject", "name": "مشاهد من المعرض",
             "uploadDate": "2025-10-07T08:21:00+03:00"}  # fmt: skip
    found = find_date(page(_ld(video), "<h1>مشاهد من المعرض</h1><p>فيديو</p>"), NOW)
    assert found is not None and found.iso == "2025-10-07T08:21:00+03:00"


@pytest.mark.parametrize(
    "embed",
    [
        "<blockquote class='twitter-tweet'><p lang='ar'>بيان الوزارة</p>&mdash; وزارة الداخلية"
        " (@moi_x) <a href='https://twitter.com/moi_x/status/1'>December 3, 2025</a></blockquote>",
        "<blockquote class='instagram-media'><p>منشور</p><time>3 ديسمبر 2025</time></blockquote>",
    ],
)
def test_an_embedded_posts_date_never_dates_the_article(embed: str) -> None:
    """The page says only "قبل 3 ساعات": the quoted post's day is its own, not the article's."""
    text = "قالت وزارة الداخلية في بيان إن فرقها باشرت التحقيق في الحادث فور وقوعه. " * 3
    body = f"<h1>عنوان الخبر</h1><span>قبل 3 ساعات</span><p>{text}</p>{embed}<p>{text}</p>"
    assert find_date(page("", body), NOW) is None


@pytest.mark.parametrize(
    "element",
    [
        '<span class="post-date" data-timestamp="1795168800"></span>',
        '<span class="time" data-timestamp="1795168800000">منذ 14 يوم</span>',
    ],
)
def test_a_unix_time_a_date_element_keeps_in_an_attribute_dates_the_article(element: str) -> None:
    tree = page(body=f"<h1>عنوان الخبر</h1>{element}<p>نص الخبر.</p>")
    found = find_date(tree, NOW)
    assert found is not None and found.iso == "2026-11-20T10:00:00+00:00"


def test_a_day_line_above_the_headline_in_its_article_dates_it_on_the_day_it_is_crawled() -> None:
    """(The header's "today" is outside the article; this line is the article's own.)"""
    tree = page(
        body="<header><nav><a href='/'>الرئيسية</a></nav></header><article>"
        "<div class='post-date'>22 نوفمبر 2026</div><h1>عنوان الخبر</h1>"
        "<p>نص الخبر الطويل عن الأحداث الجارية في المنطقة.</p></article>"
    )
    found = find_date(tree, NOW)
    assert found is not None and found.iso == "2026-11-22"


@pytest.mark.parametrize("own", ["<span class='date'>الأحد 8 ديسمبر 2024</span>", ""])
def test_a_headers_today_above_a_headline_that_is_no_h1_dates_nothing(own: str) -> None:
    """A Joomla K2 or portal template: the headline in an <h2>, the site's "today" in a top
    bar above it; the article's own date under it, or none."""
    tree = html.document_fromstring(
        "<html><head><title>تأجيل محاكمة 12 متهما بالاستيلاء على أراضي الدولة - اليوم</title>"
        "</head><body><div class='top-bar'><span class='date'>الأحد 22 نوفمبر 2026</span></div>"
        "<div class='news'><h2 class='title'>تأجيل محاكمة 12 متهما بالاستيلاء على أراضي الدولة"
        f"</h2>{own}<div class='text'><p>قررت محكمة الجنايات اليوم تأجيل محاكمة المتهمين.</p>"
        "</div></div></body></html>"
    )
    found = find_date(tree, NOW, (), "تأجيل محاكمة 12 متهما بالاستيلاء على أراضي الدولة")
    assert (found.iso if found else None) == ("2024-12-08" if own else None)


@pytest.mark.parametrize(
    "label", ["آخر تحديث: ", "<span>آخر تحديث</span> ", "<span class='lbl'>Updated:</span>"]
)
def test_a_time_an_update_label_introduces_is_not_the_publication(label: str) -> None:
    tree = page(
        body=f"<h1>عنوان الخبر</h1><div class='meta'>{label}<time datetime="
        "'2024-11-19T11:40:00+02:00'>19 نوفمبر 2024</time> | نشر: <time datetime="
        "'2024-11-18T21:12:00+02:00'>18 نوفمبر 2024</time></div><p>نص الخبر.</p>"
    )
    found = find_date(tree, NOW)
    assert found is not None and found.iso == "2024-11-18T21:12:00+02:00"


@pytest.mark.parametrize("mark", ["(محدث)", "- محدّث", "(updated)"])
def test_a_headline_marked_as_edited_labels_no_date_line_under_it(mark: str) -> None:
    """A site marks an edited story's headline "… (محدث)": the labelled publication line
    under it is the date all the same (a re-check of the edit wiped the archived date)."""
    tree = page(
        body=f"<div id='content'><h1>الحكومة تطلق برنامجا لدعم المزارعين {mark}</h1>"
        "<div class='post-meta'><span class='by'>كتب: ليلى حداد</span> <span class='date'>"
        "نشر في: 23-10-2024 04:53 ص</span></div><div class='body'><p>نص الخبر.</p></div></div>"
    )
    found = find_date(tree, NOW)
    assert found is not None and found.iso == "2024-10-23T04:53:00"


def _next_page(state: dict, shown: str) -> html.HtmlElement:
    data = json.dumps({"props": {"pageProps": state}}, ensure_ascii=False)
    return page(
        "<title>الحكومة تقر موازنة العام المقبل بعجز أقل - موقع الخبر</title>",
        f"<h1>الحكومة تقر موازنة العام المقبل بعجز أقل</h1><span>{shown}</span>"
        "<p>أقرت الحكومة مشروع الموازنة العامة للعام المقبل في جلستها الأسبوعية.</p>"
        f"<script id='__NEXT_DATA__' type='application/json'>{data}</script>",
    )


RELATED = [
    {"title": "الحكومة تقر موازنة العام الماضي بعجز أكبر", "publishedAt": "2025-11-02T07:00:00Z"},
    {"title": "البرلمان يناقش الموازنة", "publishedAt": "2026-11-20T09:30:00Z"},
]


@pytest.mark.parametrize("shown", ["منذ 3 ساعات", "3 نوفمبر 2026", ""])
def test_a_script_rendered_pages_data_dates_its_article_to_the_second(shown: str) -> None:
    """Next.js's page data: the object whose headline is the page's, not a related story's
    that shares most of its words (listed first)."""
    article = {"title": "الحكومة تقر موازنة العام المقبل بعجز أقل", "publishedAt": 1793693700000}
    found = find_date(_next_page({"related": RELATED, "article": article}, shown), NOW)
    assert found is not None
    assert (found.iso, found.origin) == ("2026-11-03T08:15:00+00:00", "app-state")


@pytest.mark.parametrize(
    "key", ["firstPublishDate", "publicationDate", "first_published_date", "PublishedOn"]
)
def test_a_script_rendered_pages_data_names_its_publication_date_many_ways(key: str) -> None:
    """The family of a publication date's keys, not one list of spellings; the moment it
    was created only where none says when it was published."""
    article = {
        "title": "الحكومة تقر موازنة العام المقبل بعجز أقل",
        "createdAt": "2026-11-01T10:00:00+03:00",
        key: "2026-11-03T06:45:00+03:00",
    }
    found = find_date(_next_page({"article": article}, ""), NOW)
    assert found is not None
    assert (found.iso, found.origin) == ("2026-11-03T06:45:00+03:00", "app-state")
    del article[key]
    found = find_date(_next_page({"article": article}, ""), NOW)
    assert found is not None and found.iso == "2026-11-01T10:00:00+03:00"


@pytest.mark.parametrize("key", ["date", "display_date"])
def test_a_script_rendered_pages_data_that_says_date_alone_dates_its_article(key: str) -> None:
    """Headless WordPress's `date`, Arc XP's `display_date`: a publication's where the object
    says no other; a modification's is not read as one."""
    article = {
        "title": {"rendered": "الحكومة تقر موازنة العام المقبل بعجز أقل"},
        "modified": "2026-11-05T09:00:00+03:00",
        key: "2026-11-03T06:45:00+03:00",
    }
    found = find_date(_next_page({"post": article}, "3 نوفمبر 2026"), NOW)
    assert found is not None
    assert (found.iso, found.origin) == ("2026-11-03T06:45:00+03:00", "app-state")


def test_a_script_rendered_pages_data_about_other_stories_dates_nothing() -> None:
    found = find_date(_next_page({"related": RELATED}, ""), NOW)
    assert found is None or found.origin != "app-state"


ELEMENTOR = (
    "<div class='elementor-element elementor-widget elementor-widget-theme-post-title'>"
    "<div class='elementor-widget-container'><h1>الانتخابات البلدية: إقبال متوسط</h1></div></div>"
    "<div class='elementor-element elementor-widget elementor-widget-post-info'>"
    "<div class='elementor-widget-container'><ul class='elementor-post-info'>"
    "<li><span class='elementor-post-info__item--type-author'>ليلى حداد</span></li>"
    "<li><span class='elementor-post-info__item--type-date'>تشرين الثاني 3, 2026</span></li>"
    "<li><span class='elementor-post-info__item--type-time'>11:40 ص</span></li></ul></div></div>"
    "<div class='elementor-element elementor-widget elementor-widget-theme-post-content'>"
    "<div class='elementor-widget-container'><p>{text}</p><p>{text}</p></div></div>"
    "<div class='elementor-element elementor-widget elementor-widget-posts'>"
    "<article><a href='/b'>خبر آخر</a><span>5 نوفمبر 2026</span></article></div>"
)


def test_a_page_builders_blocks_are_not_other_stories_and_its_date_meets_its_time() -> None:
    """Elementor calls every block a widget: the post-info block is the article's own, its
    date and its time in list items side by side one moment (its posts block is
    still another story's)."""
    from crawler.extract import Extracted, extract

    page = f"<html><body>{ELEMENTOR.format(text=WIRE)}</body></html>"
    result = extract(page.encode(), "https://x.example/p/5521", "text/html; charset=utf-8", now=NOW)
    assert isinstance(result, Extracted)
    assert (result.published_at, result.authors) == ("2026-11-03T11:40:00", ["ليلى حداد"])
    blocks = ELEMENTOR.format(text=WIRE).split("</div></div>")
    without_info = "</div></div>".join(b for b in blocks if "post-info" not in b)
    page = f"<html><body>{without_info}</body></html>"
    undated = extract(page.encode(), "https://x.example/p/1", now=NOW)
    assert isinstance(undated, Extracted) and undated.published_at is None


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("Nov. 3, 2026 at 4:15 p.m. EST", "2026-11-03T16:15:00-05:00"),
        ("3 نوفمبر 2026 10:00 ت.غ", "2026-11-03T10:00:00+00:00"),  # توقيت غرينتش
        ("3 نوفمبر 2026 10:00 ت غ+3", "2026-11-03T10:00:00+03:00"),  # ... and its offset
        ("3 نوفمبر 2026 10:00 (ت.غ +3)", "2026-11-03T10:00:00+03:00"),
        ("le 3 novembre 2026 à 10:00 et modifié depuis", "2026-11-03T10:00:00"),  # "et": and
    ],
)
def test_a_zones_abbreviation_after_the_time_gives_its_offset(raw: str, iso: str) -> None:
    assert parse_date(raw, NOW) == iso


def test_a_date_field_written_tight_is_read_where_a_field_holds_it() -> None:
    tree = page('<meta name="pubdate" content="20261103">', "<h1>عنوان</h1><p>نص الخبر.</p>")
    found = find_date(tree, NOW)
    assert found is not None and (found.iso, found.origin) == ("2026-11-03", "meta")
    assert parse_date("20261103", NOW) is None  # in a text, a number


@pytest.mark.parametrize(
    "line",
    [
        "الثلاثاء 3 نوفمبر 2026 - 10:00 بتوقيت مكة المكرمة",
        "Mis à jour le 5 novembre 2026 à 09:12 · Publié le 4 novembre 2026 à 18:40",
        "نشر في: 3 نوفمبر 2026 - آخر تحديث: 4 نوفمبر 2026",
    ],
)
def test_a_date_line_with_its_labels_and_zone_is_no_paragraph_of_the_text(line: str) -> None:
    from crawler.extract import Extracted, extract

    paragraphs = [f"{WIRE} ({n})" for n in range(3)]
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    body = f"<main><article><h1>عنوان الخبر</h1><div class='date'>{line}</div>{text}</article>"
    result = extract(f"<html><body>{body}</main></body></html>".encode(), "https://x.example/n/1")
    assert isinstance(result, Extracted) and result.text.split("\n") == paragraphs


def test_a_timelines_headings_of_a_place_and_a_day_stay_text() -> None:
    from crawler.extract import Extracted, extract

    paragraphs = [f"{WIRE} ({n})" for n in range(3)]
    body = (
        f"<article><h1>عنوان الخبر</h1><p>{paragraphs[0]}</p><h2>مصر في 30 يونيو 2013</h2>"
        f"<p>{paragraphs[1]}</p><h2>القاهرة 3 يوليو 2013</h2><p>{paragraphs[2]}</p></article>"
    )
    result = extract(f"<html><body>{body}</body></html>".encode(), "https://x.example/n/1")
    assert isinstance(result, Extracted)
    assert result.text.split("\n") == [
        paragraphs[0], "مصر في 30 يونيو 2013", paragraphs[1], "القاهرة 3 يوليو 2013", paragraphs[2]
    ]  # fmt: skip


@pytest.mark.parametrize(
    "cls", ["post-meta-widget", "entry-info-widget", "widget widget-post-date"]
)
def test_a_themes_widget_named_for_the_articles_meta_dates_the_article(cls: str) -> None:
    """A theme calls the block of the article's date and byline a widget too: it is none of
    another story's (a sidebar widget's dates still are)."""
    from crawler.extract import Extracted, extract

    page = (
        "<html><body><article><h1>الانتخابات البلدية: إقبال متوسط في المحافظات</h1>"
        f"<div class='{cls}'><span class='author'>ليلى حداد</span> "
        "<span>3 تشرين الثاني 2026 - 11:40</span></div>"
        f"<p>{WIRE}</p><p>{WIRE}</p></article><div class='widget popular-widget'><ul>"
        "<li><a href='/b'>خبر آخر في الشريط الجانبي</a> <span>5 نوفمبر 2026</span></li>"
        "</ul></div></body></html>"
    )
    result = extract(page.encode(), "https://x.example/p/5521", "text/html; charset=utf-8", now=NOW)
    assert isinstance(result, Extracted)
    assert (result.published_at, result.authors) == ("2026-11-03T11:40:00", ["ليلى حداد"])


def test_a_json_ld_date_stamped_utc_on_the_meta_tags_local_clock_takes_the_meta_tags_zone() -> None:
    """A CMS that writes its local time with a Z: the meta tag has the same clock in the
    page's zone, and the visible line says that clock too."""
    data = '{"@type":"NewsArticle","datePublished":"2026-11-03T10:00:00Z"}'
    head = (f'<script type="application/ld+json">{data}</script>'
            '<meta property="article:published_time" content="2026-11-03T10:00:00+03:00">')  # fmt: skip
    found = find_date(page(head, "<h1>عنوان</h1><span>3 نوفمبر 2026 - 10:00</span>"), NOW)
    assert found is not None and found.iso == "2026-11-03T10:00:00+03:00"
    # The same instant in two zones is no mislabel: JSON-LD's stands.
    head = head.replace("10:00:00+03:00", "13:00:00+03:00")
    found = find_date(page(head, "<h1>عنوان</h1>"), NOW)
    assert found is not None and (found.iso, found.origin) == (
        "2026-11-03T10:00:00+00:00",
        "json-ld",
    )


@pytest.mark.parametrize(
    ("head", "line", "iso"),
    [
        # JSON-LD's clock without a zone, the meta tag's with one
        (_ld({"@type": "NewsArticle", "datePublished": "2026-11-03T08:00:00"})
         + '<meta property="article:published_time" content="2026-11-03T08:00:00+03:00">',
         "", "2026-11-03T08:00:00+03:00"),
        # the meta tag's clock without a zone, the date line's with its place's
        ('<meta property="article:published_time" content="2026-11-16T10:30:00">',
         "16 نوفمبر 2026 - 10:30 بتوقيت القدس", "2026-11-16T10:30:00+02:00"),
        # JSON-LD's day without its time, the meta tag's of that day with it
        (_ld({"@type": "NewsArticle", "datePublished": "2026-11-03"})
         + '<meta property="article:published_time" content="2026-11-03T08:00:00+03:00">',
         "", "2026-11-03T08:00:00+03:00"),
        # … or the date line's
        (_ld({"@type": "NewsArticle", "datePublished": "2026-11-03"}),
         "3 نوفمبر 2026 - 16:45", "2026-11-03T16:45:00"),
        # the day's time from one statement, its zone from the next
        (_ld({"@type": "NewsArticle", "datePublished": "2026-11-03"})
         + '<meta property="article:published_time" content="2026-11-03T10:30:00">',
         "3 نوفمبر 2026 - 10:30 بتوقيت القدس", "2026-11-03T10:30:00+02:00"),
        # another clock, or another day, completes nothing
        (_ld({"@type": "NewsArticle", "datePublished": "2026-11-03T13:30:00"}),
         "3 نوفمبر 2026 - 10:30 GMT", "2026-11-03T13:30:00"),
        (_ld({"@type": "NewsArticle", "datePublished": "2026-11-03"})
         + '<meta property="article:published_time" content="2026-11-04T08:00:00+03:00">',
         "", "2026-11-03"),
    ],
)  # fmt: skip
def test_a_date_the_page_states_more_fully_elsewhere_takes_its_time_and_zone(
    head: str, line: str, iso: str
) -> None:
    tree = page(head, f"<h1>عنوان الخبر</h1><div class='date'>{line}</div><p>نص الخبر.</p>")
    found = find_date(tree, NOW)
    assert found is not None and found.iso == iso, found


_STALE = {"@type": "NewsArticle", "headline": "عنوان الخبر", "datePublished": "2020-01-01T00:00:00+03:00"}  # fmt: skip


@pytest.mark.parametrize(
    ("head", "line", "urls", "iso"),
    [
        # the meta tag and the date line agree, months from JSON-LD
        (_ld(_STALE) + '<meta property="article:published_time" content="2026-11-01T08:00:00+03:00">',
         "الأحد 1 نوفمبر 2026", (), "2026-11-01T08:00:00+03:00"),
        # the permalink and the date line agree
        (_ld(_STALE), "8 نوفمبر 2026", ("https://x.example/2026/11/08/story/",), "2026-11-08"),
        # a Yoast @graph: the WebPage's date, the NewsArticle states none; the date line
        (_ld({"@graph": [{"@type": "WebPage", "datePublished": "2015-03-01T00:00:00+03:00"},
                         {"@type": "NewsArticle", "headline": "عنوان الخبر"}]}),
         "الأحد 1 نوفمبر 2026", (), "2026-11-01"),
    ],
)  # fmt: skip
def test_a_json_ld_date_far_from_the_day_the_pages_other_statements_agree_on_is_a_templates(
    head: str, line: str, urls: tuple[str, ...], iso: str
) -> None:
    tree = page(head, f"<h1>عنوان الخبر</h1><div class='date'>{line}</div><p>نص الخبر.</p>")
    found = find_date(tree, NOW, urls)
    assert found is not None and found.iso == iso, found


@pytest.mark.parametrize(
    ("head", "line", "urls"),
    [
        # one statement against JSON-LD's own date is not enough …
        (_ld(_STALE), "الأحد 1 نوفمبر 2026", ()),
        # … nor two, when a third says JSON-LD's day
        (_ld(_STALE) + '<meta property="article:published_time" content="2020-01-01T00:00:00+03:00">',
         "8 نوفمبر 2026", ("https://x.example/2026/11/08/story/",)),
        # … nor two that agree on a day within a month of it (an edit, a late upload)
        (_ld(_STALE | {"datePublished": "2026-10-20T00:00:00+03:00"}),
         "8 نوفمبر 2026", ("https://x.example/2026/11/08/story/",)),
    ],
)  # fmt: skip
def test_a_json_ld_date_the_page_does_not_clearly_contradict_stands(
    head: str, line: str, urls: tuple[str, ...]
) -> None:
    tree = page(head, f"<h1>عنوان الخبر</h1><div class='date'>{line}</div><p>نص الخبر.</p>")
    found = find_date(tree, NOW, urls)
    assert found is not None and found.origin == "json-ld", found


def test_a_sidebar_boxs_framework_class_naming_info_keeps_it_another_storys() -> None:
    """Bootstrap's "border-info" names no part of the article: the most-read box's date is
    still another story's."""
    page_html = page(
        "",
        "<h1>عنوان الخبر</h1><p>نص الخبر بلا تاريخ</p>"
        "<div class='most-read card border-info'><a href='/x'>خبر آخر</a>"
        "<time datetime='2026-11-02T10:00:00+03:00'>2 نوفمبر</time></div>",
    )
    found = find_date(page_html, NOW)
    assert found is None or not found.iso.startswith("2026-11-02"), found


K2_HEADLINE = "وزارة الصحة تعلن حملة تطعيم جديدة في المدارس الحكومية"


@pytest.mark.parametrize("said", [K2_HEADLINE, None])
def test_a_joomla_k2_items_own_date_line_wins_over_its_top_bars_date_and_logo_h1(
    said: str | None,
) -> None:
    """Joomla K2: the <h1> is the site's logo, the headline an h2.itemTitle under the
    item's date line, and the header's top bar shows the day the page was served (here a
    day far from the crawl's: a re-extraction, or the site's own clock)."""
    tree = html.document_fromstring(
        f"<html><head><title>{K2_HEADLINE}</title>"
        f"<meta property='og:title' content='{K2_HEADLINE}'></head><body>"
        "<header id='gkHeader'><h1 class='gkLogo'><a href='/'>صحيفة الحدث</a></h1>"
        "<div id='gkTopBar'><span class='gkDate'>الإثنين، 20 كانون2/يناير 2025</span></div>"
        f"</header><div class='breadcrumbs'><a href='/'>الرئيسية</a> <span>{K2_HEADLINE}</span>"
        "</div><div id='k2Container' class='itemView'><div class='itemHeader'>"
        "<span class='itemDateCreated'>الأحد, 12 كانون2/يناير 2025 01:15</span>"
        f"<h2 class='itemTitle'>{K2_HEADLINE}</h2></div><div class='itemBody'>"
        "<p>أعلنت وزارة الصحة اليوم عن حملة تطعيم جديدة تشمل طلاب المدارس الحكومية.</p>"
        "</div><div class='itemDateModified'>آخر تعديل على الأحد, 12 كانون2/يناير 2025 01:15"
        "</div></div></body></html>"
    )
    found = find_date(tree, NOW, ("https://k2.example/index.php/news/item/4401-x",), said)
    assert found is not None and found.iso == "2025-01-12T01:15:00"


ASPNET_HEADLINE = "قائد الشرطة وافق على تشغيل خط قطار يربط الميناء بالعاصمة"


@pytest.mark.parametrize("said", [ASPNET_HEADLINE, "تفاصيل الخبر", None])
def test_an_aspnet_portals_news_date_wins_over_the_today_date_in_its_header_cell(
    said: str | None,
) -> None:
    """An ASP.NET WebForms portal: no <h1>, a <title> that names only the site and the
    page's kind, the headline in a span, the header cell's "lblToday" above it; whether or
    not the headline was found (said), the article's own NewsDate line dates it."""
    tree = html.document_fromstring(
        "<html><head><title>بوابة الوطن الإخبارية - تفاصيل الخبر</title></head><body>"
        "<form id='aspnetForm'><table><tr><td class='Header'><a href='Default.aspx'>"
        "<img src='logo.gif'></a><span id='ctl00_lblToday' class='TodayDate'>الإثنين 20/1/2025"
        "</span></td></tr><tr><td class='MainMenu'><a href='Default.aspx'>الرئيسية</a></td></tr>"
        "<tr><td><div class='NewsDetails'><span class='CatTitle'>محليات</span><br>"
        f"<span id='ctl00_ContentPlaceHolder1_lblTitle' class='NewsTitle'>{ASPNET_HEADLINE}"
        "</span><br><span class='Writer'>كتب: سارة الخطيب</span> "
        "<span id='ctl00_ContentPlaceHolder1_lblDate' class='NewsDate'>12/01/2025 1:15:00 ص"
        "</span><br><span class='NewsBody'>أعلنت الهيئة العامة عن خطة لتشغيل خط القطار.</span>"
        "</div></td></tr></table></form></body></html>"
    )
    found = find_date(tree, NOW, ("https://portal.example/NewsDetails.aspx?id=120401",), said)
    assert found is not None and found.iso == "2025-01-12T01:15:00"


@pytest.mark.parametrize(
    "header",
    [
        "<div id='header'><a href='/'>الموقع</a></div>",
        "<header><a href='/'>الموقع</a><span class='header-date'>الإثنين 20/1/2025</span></header>",
    ],
)
@pytest.mark.parametrize(
    ("byline", "headline"),
    [
        (
            "<div class='byline'><span>بقلم سامر النجار</span> | "
            "<span class='date'>3 ديسمبر 2024</span></div>",
            "<h2 class='title'>{}</h2>",
        ),
        # a post's own <header>, outside any <article>: the article's, not the site's
        (
            "<header class='entry-header'><span class='date'>3 ديسمبر 2024</span>",
            "<h2>{}</h2></header>",
        ),
    ],
)
def test_a_date_only_in_the_byline_box_above_the_headline_still_dates_the_article(
    header: str, byline: str, headline: str
) -> None:
    title = "انطلاق امتحانات الشهادة الثانوية في جميع المحافظات غدا"
    tree = html.document_fromstring(
        f"<html><head><title>{title} - الموقع</title></head><body>{header}"
        f"<div class='post'>{byline}{headline.format(title)}"
        "<p>تنطلق صباح غد امتحانات الشهادة الثانوية في جميع المحافظات وسط إجراءات مشددة.</p>"
        "</div></body></html>"
    )
    found = find_date(tree, NOW, ("https://news.example/news/9",), title)
    assert found is not None and found.iso == "2024-12-03"


@pytest.mark.parametrize(
    "line",
    [
        "الأربعاء، 28 آب/اغسطس 2013، آخر تحديث 14:00 (GMT+0400)",  # CNN Arabic's date line
        "28 آب 2013 - آخر تحديث: الساعة 2:00 م",
        "28 August 2013, updated at 2:00 pm GMT",
    ],
)
def test_a_clock_an_update_label_introduces_is_not_the_publications_time(line: str) -> None:
    """The day the line gives is the article's; the clock after "last updated" is when it
    was updated, and the time it was published is not said."""
    tree = page(body=f"<h1>عنوان الخبر</h1><div class='cnn_strytmstmp'>{line}</div><p>نص</p>")
    found = find_date(tree, NOW)
    assert found is not None and found.iso == "2013-08-28"


@pytest.mark.parametrize("marks", ["entry-meta-date updated", "date updated", "post-date updated"])
def test_a_themes_post_date_marked_updated_for_hatom_is_the_date(marks: str) -> None:
    """hAtom asks for "updated" on an entry's date: themes put it beside their post date's
    own name, and the page's only date was taken for an edit's and lost."""
    tree = page(body=f"<h1>عنوان الخبر</h1><span class='{marks}'>12 مارس 2024</span><p>نص.</p>")
    found = find_date(tree, datetime(2025, 1, 1, tzinfo=UTC))
    assert found is not None and found.iso == "2024-03-12", found


def test_an_h1_worded_apart_from_og_title_stays_the_headline_its_date_line_below_it() -> None:
    """An SEO title in og:title, the h1 the page's own wording, and a share box repeating the
    og:title further down above another date: the headline moved to the share box."""
    og = "الحكومة تعلن حزمة دعم جديدة للمصدرين بقيمة مليار دولار"
    tree = page(
        f"<meta property='og:title' content='{og}'><title>{og}</title>",
        "<h1>الحكومة تخصص مليار دولار لتشجيع الصناعة الوطنية وفتح أسواق خارجية</h1>"
        "<div>12 مارس 2025</div><p>نص الخبر.</p>"
        f"<div class='share'><h3 class='share-title'>{og}</h3><span>20 مارس 2025</span></div>",
    )
    found = find_date(tree, datetime(2025, 4, 1, tzinfo=UTC))
    assert found is not None and found.iso == "2025-03-12", found


# NOW, as a server's clock puts it in a tag on every request
CLOCKS = [
    '<meta name="date" content="2026-11-22T03:00:04+03:00">',
    '<meta name="pubdate" content="2026-11-22 03:02:41">',  # its zone's time, unsaid
    '<meta property="article:published_time" content="2026-11-21">',
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "عنوان الخبر",'
    ' "datePublished": "2026-11-21T23:57:07Z"}</script>',
]


@pytest.mark.parametrize("clock", CLOCKS)
@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("الأحد 8 نوفمبر 2026 - 10:15", "2026-11-08T10:15:00"),  # two weeks before
        ("21 نوفمبر 2026 - 09:15 م", "2026-11-21T21:15:00"),  # the evening before
    ],
)
def test_a_tag_set_to_the_crawls_moment_gives_way_to_the_earlier_date_the_page_shows(
    clock: str, line: str, iso: str
) -> None:
    """Some CMSs fill their date tag with the server's clock on every request: the article
    of two weeks ago, or of the evening before, would be dated the moment it was crawled."""
    tree = page(
        head=clock,
        body=f"<article><h1>عنوان الخبر</h1><span class='date'>{line}</span>"
        "<p>نص الخبر الطويل عن الأحداث الجارية في المنطقة.</p></article>",
    )
    found = find_date(tree, NOW)
    assert found is not None and found.iso == iso
    by_address = page(head=clock, body="<article><h1>عنوان الخبر</h1><p>نص.</p></article>")
    dated = find_date(by_address, NOW, ("https://news.example/2026/11/08/politics/",))
    assert dated is not None and dated.iso == "2026-11-08"


@pytest.mark.parametrize("clock", CLOCKS)
def test_an_article_of_the_crawls_day_keeps_its_tags_date(clock: str) -> None:
    shown = "<span class='date'>الأحد 22 نوفمبر 2026 - 03:00</span>"
    for body in (shown, ""):
        tree = page(head=clock, body=f"<article><h1>عنوان الخبر</h1>{body}<p>نص.</p></article>")
        found = find_date(tree, NOW)
        assert found is not None and found.iso[:10] == clock.split('"')[-2][:10]


def test_a_clock_tag_gives_way_to_an_earlier_time_of_the_same_day() -> None:
    now = datetime(2026, 11, 22, 12, 0, 30, tzinfo=UTC)
    for clock, shown, said in [
        ("2026-11-22T15:00:30+03:00", "22 نوفمبر 2026 - 09:30 ص", "2026-11-22T09:30:00"),
        ("2026-11-22T12:00:30Z", "22 نوفمبر 2026 - 11:58", "2026-11-22T12:00:30+00:00"),
    ]:
        ld = f'{{"@type": "NewsArticle", "headline": "عنوان الخبر", "datePublished": "{clock}"}}'
        tree = page(
            head=f'<script type="application/ld+json">{ld}</script>',
            body=f"<article><h1>عنوان الخبر</h1><span class='date'>{shown}</span><p>نص.</p>"
            "</article>",
        )
        found = find_date(tree, now)
        assert found is not None and found.iso == said  # (two minutes apart: the same moment)


@pytest.mark.parametrize(
    "midnight",
    [
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "عنوان الخبر",'
        ' "datePublished": "2026-11-22T00:00:00+03:00"}</script>',
        '<meta property="article:published_time" content="2026-11-22T00:00:00+00:00">',
    ],
)
def test_a_tag_set_to_the_crawl_days_midnight_gives_way_to_the_older_date_line(
    midnight: str,
) -> None:
    """A template's value, the crawl's day at midnight: one older date line outweighs it."""
    tree = page(
        head=midnight,
        body="<article><h1>عنوان الخبر</h1><span class='date'>19 نوفمبر 2026 - 10:30 ص</span>"
        "<p>نص.</p></article>",
    )
    found = find_date(tree, datetime(2026, 11, 22, 9, tzinfo=UTC))
    assert found is not None and found.iso == "2026-11-19T10:30:00"


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Mis à jour : 04 juin 2026 à 10:00 | Publié : 03 juin 2026 à 09:30 | Par Hamid Mohandi",
         "2026-06-03T09:30:00"),
        ("Dernière mise à jour le 13/03/2026 à 10h12 | Publié le 12/03/2026 à 14h05",
         "2026-03-12T14:05:00"),
        ("Publié le 12/03/2026 à 14h05 - Dernière mise à jour le 13/03/2026",
         "2026-03-12T14:05:00"),
        ("Mis en ligne le 12 mars 2026 à 14h05", "2026-03-12T14:05:00"),
        # an update said as a count: not the date the publication's label gives
        ("Updated 2 hours ago | Published 12 March 2026", "2026-03-12"),
        # the lines about the article, named so: the byline beside the date
        ("OLJ / Par Jeanine JALKH, le 12 mars 2026 à 14h05, mis à jour à 16h20",
         "2026-03-12T14:05:00"),
    ],
)  # fmt: skip
def test_a_french_or_english_date_line_gives_its_publication_with_the_time(
    line: str, iso: str
) -> None:
    tree = page(
        body=f"<article><h1>Les prix du mouton flambent</h1><div class='article__meta'>{line}"
        "</div><p>Le texte de l'article, assez long pour être un paragraphe.</p></article>"
    )
    found = find_date(tree, NOW)
    assert found is not None and found.iso == iso, found


@pytest.mark.parametrize(
    "element",
    [
        '<div class="news-date"><span title="الجمعة 4 كانون الأول 2025 11:30 م">منذ 5 ساعات</span>'
        "</div>",
        '<div class="post-date"><i class="fa fa-clock"></i> <span title="2025-12-04 23:30">منذ 5'
        " ساعات</span></div>",
    ],
)
def test_a_relative_time_gives_the_full_date_an_element_inside_it_keeps(element: str) -> None:
    tree = page(body=f"<h1>مجلس الوزراء يقر مشروع قانون</h1>{element}<p>نص الخبر.</p>")
    found = find_date(tree, datetime(2025, 12, 5, 4, tzinfo=UTC))
    assert found is not None and found.iso == "2025-12-04T23:30:00", found


@pytest.mark.parametrize(
    "tag",
    [
        '<meta property="article:published_time" content="2025-12-04T16:20:00+03:00">',
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "عنوان الخبر",'
        ' "datePublished": "2025-12-04T16:20:00+03:00",'
        ' "dateModified": "2025-12-04T16:20:00+03:00"}</script>',
    ],
)
def test_a_tag_moved_to_the_labelled_update_gives_way_to_the_labelled_publication(
    tag: str,
) -> None:
    """A CMS that sets its published tag to each edit's moment: the page's own line says
    both, labelled."""
    line = (
        '<span class="published">نشر في: 10 نوفمبر 2025 - 09:00</span> | '
        '<span class="modified">آخر تحديث: 04 ديسمبر 2025 - 16:20</span>'
    )
    tree = page(head=tag, body=f"<h1>عنوان الخبر</h1><div class='post-meta'>{line}</div><p>نص.</p>")
    found = find_date(tree, datetime(2025, 12, 5, tzinfo=UTC))
    assert found is not None and found.iso == "2025-11-10T09:00:00", found
    # a tag that is not the update's moment is the publisher's own
    other = tag.replace("2025-12-04T16:20", "2025-12-03T08:00")
    tree = page(head=other, body=f"<h1>عنوان الخبر</h1><div class='post-meta'>{line}</div><p>.</p>")
    kept = find_date(tree, datetime(2025, 12, 5, tzinfo=UTC))
    assert kept is not None and kept.iso == "2025-12-03T08:00:00+03:00", kept


def test_the_time_after_the_hijri_date_beside_a_gregorian_one_is_the_dates() -> None:
    said = "الخميس 12 مارس 2026 م الموافق 23 رمضان 1447 هـ - 02:05 م"
    assert parse_date(said, NOW) == "2026-03-12T14:05:00"
    assert parse_date("12 مارس 2026 - 23 رمضان 1447 هـ - 02:05 م", NOW) == "2026-03-12T14:05:00"
    assert parse_date("العدد 2026 - 23 رمضان 1447 هـ", NOW) == "2026-03-12"  # no Gregorian date


def test_a_fresh_articles_tag_keeps_its_time_beside_its_addresses_day_of_another_zone() -> None:
    """Fetched minutes after it was published: the address's day (the site's, behind UTC)
    is no earlier moment than the tag's, and took its place."""
    tree = page(
        head='<script type="application/ld+json">{"@type": "NewsArticle", "headline": "عنوان",'
        ' "datePublished": "2026-03-12T01:00:00Z"}</script>',
        body="<article><h1>عنوان</h1><p>نص.</p></article>",
    )
    now = datetime(2026, 3, 12, 1, 4, tzinfo=UTC)
    found = find_date(tree, now, ("https://news.example/2026/03/11/story/",))
    assert found is not None and found.iso == "2026-03-12T01:00:00+00:00"
    days_before = find_date(tree, now, ("https://news.example/2026/03/09/story/",))
    assert days_before is not None and days_before.iso == "2026-03-09"


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("الخميس 5 ديسمبر 2024 - 12:30 ليلا", "2024-12-05T00:30:00"),
        ("الخميس 5 ديسمبر 2024 - 12:05 ليلاً", "2024-12-05T00:05:00"),
        ("الخميس 5 ديسمبر 2024 - 12:30 بعد منتصف الليل", "2024-12-05T00:30:00"),
        ("5 ديسمبر 2024 - 12:10 فجرا", "2024-12-05T00:10:00"),
        ("الخميس 5 ديسمبر 2024 - 11:30 ليلا", "2024-12-05T23:30:00"),  # the evening's still
    ],
)
def test_twelve_oclock_at_night_is_midnights_hour(raw: str, iso: str) -> None:
    assert parse_date(raw, NOW) == iso


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("3 ديسمبر 2024 - 10.45 م", "2024-12-03T22:45:00"),  # a dot between hour and minutes
        (
            "10:45 ص - الثلاثاء 1 جمادى الآخرة 1446 هـ الموافق 3 ديسمبر 2024 م",
            "2024-12-03T10:45:00",
        ),
        ("Tue, 03 Dec 2024 22:45:00 Z", "2024-12-03T22:45:00+00:00"),  # RFC 822's zones
        ("Tue, 03 Dec 2024 22:45:00 UT", "2024-12-03T22:45:00+00:00"),
        ("3 ديسمبر 2024 - 10:45 م غرينيتش", "2024-12-03T22:45:00+00:00"),
        ("3 ديسمبر 2024 - 10:45 م جرينتش", "2024-12-03T22:45:00+00:00"),
    ],
)
def test_a_clocks_other_spellings_and_zones_keep_the_time(raw: str, iso: str) -> None:
    assert parse_date(raw, NOW) == iso


def test_a_hijri_date_a_day_off_its_named_weekday_is_that_weekdays_day() -> None:
    """Umm al-Qura makes 2 Jumada al-Akhirah 1446 a Tuesday; the site's sighting, the
    Wednesday it names."""
    assert parse_date("2 جمادى الآخرة 1446 هـ", NOW) == "2024-12-03"
    assert parse_date("الأربعاء 2 جمادى الآخرة 1446 هـ", NOW) == "2024-12-04"
    assert parse_date("الثلاثاء، 2 جمادى الآخرة 1446 هـ", NOW) == "2024-12-03"
    assert parse_date("الجمعة 2 جمادى الآخرة 1446 هـ", NOW) == "2024-12-03"  # days off: no


STORY = "".join(
    f"<p>{p}</p>"
    for p in (
        "أعلنت وزارة المالية اليوم عن حزمة إجراءات جديدة لدعم الموازنة العامة، في خطوة تهدف"
        " إلى تخفيف العجز المتراكم خلال الأعوام الماضية وتحسين مستوى الخدمات.",
        "وقال الوزير في مؤتمر صحفي عقده في مقر الوزارة إن الإجراءات تشمل إعادة هيكلة الدعم"
        " الحكومي وتوسيع قاعدة المكلفين بالضريبة، مؤكدا أن الفئات محدودة الدخل لن تتأثر.",
    )
)
HEADLINE = "الحكومة تعلن حزمة إجراءات لدعم الموازنة العامة"


def story_page(head: str = "", line: str = "منذ ساعتين", inside: str = "", after: str = "") -> str:
    first, rest = STORY.split("</p>", 1)
    return (
        f"<html lang='ar'><head><meta charset='utf-8'><title>{HEADLINE}</title>{head}</head>"
        f"<body><article><h1>{HEADLINE}</h1><div class='post-meta'><span class='post-date'>"
        f"{line}</span></div><div class='post-body'>{first}</p>{inside}{rest}</div>{after}"
        "</article></body></html>"
    )


@pytest.mark.parametrize(
    ("inside", "after"),
    [
        ("<p><b>اقرأ أيضا:</b> <a href='/n/150'>البنك المركزي يثبت الفائدة</a> (12/09/2024)</p>", ""),
        ("<figure><img src='/i.jpg'><figcaption>طوابير أمام محطة وقود (أرشيفية - 12 مارس"
         " 2023)</figcaption></figure>", ""),
        ("", "<p class='source'>المصدر: وكالة الأنباء الرسمية - 2 ديسمبر 2024</p>"),
        ("", "<p><a href='/f/d.pdf'>تحميل نص القرار (PDF) - صادر في 1 ديسمبر 2024</a></p>"),
    ],
)  # fmt: skip
def test_a_date_the_text_cites_below_its_first_paragraph_is_not_the_pages(
    inside: str, after: str
) -> None:
    """A teaser's, a source's, a document's date, an archive photo's caption: the page's own
    line says "منذ ساعتين", so the page states no date (the feed's or the address's is)."""
    from crawler.extract import Extracted, extract

    page = story_page(inside=inside, after=after).encode()
    result = extract(page, "https://x.example/a/1", "text/html; charset=utf-8", now=NOW)
    assert isinstance(result, Extracted) and result.published_at is None
    dated = extract(page, "https://x.example/2024/12/03/a/", now=NOW)
    assert isinstance(dated, Extracted) and dated.published_at == "2024-12-03"


def test_a_photos_caption_above_the_text_does_not_date_it() -> None:
    caption = "<figure><img src='/i.jpg'><figcaption>الوزير (رويترز - 2 ديسمبر 2024)</figcaption></figure>"
    tree = html.document_fromstring(
        story_page(line="").replace("<div class='post-body'>", f"<div class='post-body'>{caption}")
    )
    assert find_date(tree, NOW) is None
    # the date line between the headline and the text is the page's still
    tree = html.document_fromstring(story_page(line="الثلاثاء 3 ديسمبر 2024"))
    found = find_date(tree, NOW)
    assert found is not None and found.iso == "2024-12-03"


def jsonld_dated(day: str) -> str:
    said = {"@type": "NewsArticle", "headline": HEADLINE, "datePublished": day}
    return f"<script type='application/ld+json'>{json.dumps(said, ensure_ascii=False)}</script>"


@pytest.mark.parametrize(
    ("head", "line", "iso"),
    [
        (jsonld_dated("2024-12-03T00:00:00+02:00"), None, "2024-12-03T22:45:00+02:00"),
        (jsonld_dated("2024-12-03T00:00:00"), None, "2024-12-03T22:45:00"),
        (jsonld_dated("2024-12-03T00:00:00Z"), None, "2024-12-03T22:45:00"),  # UTC's day
        ("<meta property='article:published_time' content='2024-12-03T00:00:00+02:00'>", None,
         "2024-12-03T22:45:00+02:00"),
        ("", "<time datetime='2024-12-03T00:00:00+02:00'>الثلاثاء 3 ديسمبر 2024 - 10:45 م</time>",
         "2024-12-03T22:45:00+02:00"),
        (jsonld_dated("2024-12-03"), None, "2024-12-03T22:45:00"),
        # another day's clock is no time of the midnight's day
        (jsonld_dated("2024-12-02T00:00:00+02:00"), None, "2024-12-02T00:00:00+02:00"),
    ],
)  # fmt: skip
def test_a_templates_midnight_takes_the_clock_the_page_shows_that_day(
    head: str, line: str | None, iso: str
) -> None:
    shown = line or "الثلاثاء 3 ديسمبر 2024 - 10:45 م"
    found = find_date(html.document_fromstring(story_page(head=head, line=shown)), NOW)
    assert found is not None and found.iso == iso


def test_a_clock_without_its_zone_gives_way_to_the_date_lines_zoned_one() -> None:
    """A CMS's UTC clock written bare (20:45) beside "10:45 م بتوقيت القدس" (20:45 UTC): the
    bare one read as the site's time is two hours early."""
    line = "الثلاثاء 3 ديسمبر 2024 - 10:45 م بتوقيت القدس"
    tree = html.document_fromstring(story_page(jsonld_dated("2024-12-03T20:45:00"), line))
    found = find_date(tree, NOW)
    assert found is not None and found.iso == "2024-12-03T22:45:00+02:00"
    # a zoned one stays (the date line's own clock differs: it is not asked)
    tree = html.document_fromstring(story_page(jsonld_dated("2024-12-03T20:45:00+03:00"), line))
    kept = find_date(tree, NOW)
    assert kept is not None and kept.iso == "2024-12-03T20:45:00+03:00"


@pytest.mark.parametrize(
    "box",
    [
        "<div class='prayer-box'><h4>مواقيت الصلاة</h4><p>الخميس 19 نوفمبر 2026</p>"
        "<p>الفجر 05:01 | الظهر 11:40 | العصر 14:31</p></div>",
        "<div class='weather-box'><h4>حالة الطقس</h4><p>الجمعة 20 نوفمبر 2026</p>"
        "<p>عمان: العظمى 17 والصغرى 8</p></div>",
        # unnamed: its shape, prayers and clocks, says what it is
        "<div><h4>مواقيت الصلاة</h4><p>الخميس 19 نوفمبر 2026</p>"
        "<p>الفجر 05:01 | الظهر 11:40 | العصر 14:31</p></div>",
    ],
)
def test_a_prayer_times_or_weather_box_inside_the_article_is_chrome(box: str) -> None:
    from crawler.extract import Extracted, extract

    page = story_page(after=box).encode()
    result = extract(page, "https://x.example/a/1", "text/html; charset=utf-8", now=NOW)
    assert isinstance(result, Extracted) and result.published_at is None
    assert "الفجر" not in result.text and "العظمى" not in result.text
    assert result.text.endswith("لن تتأثر.")


TABLE_HEADLINE = "وزارة الصحة تعلن انخفاض المراجعين لأقسام الطوارئ"
TABLE_STORY = "<br><br>".join(
    [
        "أعلنت وزارة الصحة اليوم عن تسجيل انخفاض ملحوظ في أعداد المراجعين لأقسام الطوارئ في"
        " المستشفيات الحكومية خلال الأسبوع الماضي.",
        "وقال الناطق باسم الوزارة إن الفرق الطبية تعمل على مدار الساعة لتقديم الخدمات للمواطنين"
        " في مختلف المحافظات.",
    ]
)


def table_page(rows: str) -> bytes:
    """A legacy table layout: no <h1>, the headline in a cell, the story in the next row's cell
    between <br>s, the site's links in a column beside it."""
    return (
        f"<html dir='rtl'><head><title>{TABLE_HEADLINE}</title></head><body><table><tr>"
        f"<td><table>{rows}</table></td><td><a href='/news.asp?id=1'>الملك يستقبل رئيس مجلس"
        " الأعيان</a><br><a href='/news.asp?id=2'>ارتفاع أسعار الذهب محليا</a></td>"
        "</tr></table></body></html>"
    ).encode()


TABLE_TITLE_ROW = f"<tr><td colspan='2' class='title'>{TABLE_HEADLINE}</td></tr>"
TABLE_STORY_ROW = f"<tr><td colspan='2'>{TABLE_STORY}</td></tr>"


@pytest.mark.parametrize(
    "below",
    [
        "<tr><td><table><tr><td>تعليقات الزوار (1)</td></tr><tr><td><b>سامي</b> - 14/03/2009"
        "</td></tr><tr><td>الله يعطيكم العافية على هذا الخبر المهم.</td></tr></table></td></tr>",
        "<tr><td><b>تعليقات القراء</b><br>سامي - 14/03/2009<br>الله يعطيكم العافية.</td></tr>",
        "<tr><td><b>أخبار ذات صلة</b><br><a href='/news.asp?id=9'>الحكومة ترفع أسعار المحروقات"
        "</a> - 14/03/2009</td></tr>",
        "<tr><td><font size='1'>طبعت في 14/03/2009</font></td></tr>",
        # in the story's own cell, after its paragraphs
        "",
    ],
)
def test_a_date_below_a_table_cells_story_does_not_date_it(below: str) -> None:
    """A comment's, a related headline's, a print footer's date under the story: the story's
    paragraphs are written between <br>s in a cell, with no <p> to say where they start."""
    from crawler.extract import Extracted, extract

    story = (
        TABLE_STORY_ROW if below else TABLE_STORY_ROW.replace("</td>", "<br><br>14/03/2009</td>")
    )
    page = table_page(TABLE_TITLE_ROW + story + below)
    result = extract(page, "http://old.example/news.asp?id=3", "text/html", now=NOW)
    assert isinstance(result, Extracted) and result.published_at is None
    # a date cell between the headline and the story is the page's
    dated = TABLE_TITLE_ROW + "<tr><td>الجمعة 10 أبريل 2009</td></tr>" + story + below
    result = extract(table_page(dated), "http://old.example/news.asp?id=3", "text/html", now=NOW)
    assert isinstance(result, Extracted) and result.published_at == "2009-04-10"


@pytest.mark.parametrize(
    ("rows", "iso"),
    [
        ("<tr><td colspan='2'><font size='1'>الجمعة 10 أبريل 2009</font></td></tr>"
         + TABLE_TITLE_ROW, "2009-04-10"),
        ("<tr><td>محليات</td><td>الجمعة 10 أبريل 2009</td></tr>" + TABLE_TITLE_ROW, "2009-04-10"),
        ("<tr><td colspan='2'>محليات | الجمعة 10 أبريل 2009</td></tr>" + TABLE_TITLE_ROW,
         "2009-04-10"),
        (f"<tr><td>الجمعة 10 أبريل 2009</td><td class='title'>{TABLE_HEADLINE}</td></tr>",
         "2009-04-10"),
        # a numeric date with its time: the time too
        ("<tr><td colspan='2'>10/04/2009 11:20 م</td></tr>" + TABLE_TITLE_ROW,
         "2009-04-10T23:20:00"),
        # the site's "today" bar right above the headline dates nothing; nor a date two rows up
        ("<tr><td colspan='2'>الأحد 22 نوفمبر 2026</td></tr>" + TABLE_TITLE_ROW, None),
        ("<tr><td colspan='2'>الجمعة 10 أبريل 2009</td></tr><tr><td colspan='2'>"
         "<a href='/'>الرئيسية</a></td></tr>" + TABLE_TITLE_ROW, None),
    ],
)  # fmt: skip
def test_a_date_cell_right_above_a_table_layouts_headline_dates_it(
    rows: str, iso: str | None
) -> None:
    """An unclassed cell in the headline's row before it, or in the row above: the article's
    date line, as a date-named element above a headline is."""
    from crawler.extract import Extracted, extract

    page = table_page(rows + TABLE_STORY_ROW)
    result = extract(page, "http://old.example/news.asp?id=3", "text/html", now=NOW)
    assert isinstance(result, Extracted) and result.published_at == iso
