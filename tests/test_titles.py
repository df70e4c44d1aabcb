"""The headline: the page's own title metadata, unless it only names the site."""

from __future__ import annotations

import pytest

from crawler.extract import Extracted, ExtractOptions, extract

HEADLINE = "وزارة النقل تعلن خطة لتحديث شبكة القطارات في الشمال"
SITE = "صوت المغرب الكبير"
BODY = (
    "<p>"
    + "قالت الوزارة إن الخطة تشمل تحديث المحطات وشراء قطارات جديدة خلال العامين المقبلين. " * 4
    + "</p>"
)


def title_of(head: str, body: str) -> str | None:
    page = f"<html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"
    result = extract(page.encode(), "https://news.example/a/1", "text/html", ExtractOptions())
    assert isinstance(result, Extracted), result
    return result.title


@pytest.mark.parametrize(
    ("head", "logo"),
    [
        (f"<title>{SITE}</title>", f"<a href='/'>{SITE}</a>"),  # the home link says so
        (f"<title>{SITE}</title>", f"<a href='https://news.example/'><img alt='{SITE}'></a>"),
        (f"<title>{SITE}</title><meta property='og:site_name' content='{SITE}'>", ""),
        (f"<title>{SITE}</title>", ""),  # the copyright notice names it
    ],
)
def test_a_title_that_only_names_the_site_gives_way_to_the_headline(head: str, logo: str) -> None:
    body = (
        f"<header>{logo}</header><article><h1>{HEADLINE}</h1>{BODY}</article>"
        f"<footer>© 2025 {SITE}</footer>"
    )
    assert title_of(head, body) == HEADLINE


@pytest.mark.parametrize(
    "brand",
    [
        f"<div class='brand'>{SITE}</div>",
        f"<p class='site-title'>{SITE}</p>",
        f"<div id='logo'><img src='/logo.png' alt='{SITE}'></div>",
    ],
)
def test_a_title_that_is_the_name_an_unlinked_logo_shows_gives_way_to_the_articles_h1(
    brand: str,
) -> None:
    """No home link, no og:site_name, no copyright line: only the logo's element names it."""
    page = (
        f"<html><head><meta charset='utf-8'><title>{SITE}</title></head><body>"
        f"<div class='wrapper'>{brand}<article><h1>{HEADLINE}</h1>{BODY}</article></div>"
        "</body></html>"
    )
    result = extract(page.encode(), "https://news.example/a/1", "text/html", ExtractOptions())
    assert isinstance(result, Extracted), result
    assert result.title == HEADLINE
    assert not result.text.startswith(HEADLINE)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (HEADLINE, HEADLINE),  # the headline stays, whatever the logo says
        (f"{SITE} » أخبار محلية » {HEADLINE}", HEADLINE),  # the logo's name, then a crumb
        (f"{HEADLINE} | {SITE}", HEADLINE),
    ],
)
def test_a_logos_name_leaves_a_title_that_holds_the_headline(title: str, expected: str) -> None:
    body = f"<div class='logo'>{SITE}</div><div class='story'>{BODY}</div>"
    assert title_of(f"<title>{title}</title>", body) == expected


@pytest.mark.parametrize(
    ("h1", "head"),
    [
        (f"<a href='/'>{SITE}</a>", ""),  # the logo in an h1, a link home
        ("الأكثر قراءة", f"<meta property='og:site_name' content='{SITE}'>"),  # a sidebar's
    ],
)
def test_the_headline_in_the_title_wins_over_an_h1_that_is_not_the_articles(
    h1: str, head: str
) -> None:
    body = f"<header><h1>{h1}</h1></header><article><h2>{HEADLINE}</h2>{BODY}</article>"
    assert title_of(f"<title>{HEADLINE} | {SITE}</title>{head}", body) == HEADLINE


OLD_LAYOUT = (
    "<table><tr><td><img src='/logo.gif'> <a href='/'>الرئيسية</a> | <a href='/?cat=2'>وطنية</a>"
    "</td></tr><tr><td>{headline}<br><font color='gray' size='2'>نشر في 3 فيفري 2025 - 14:13"
    "</font><br><br><font size='3'>{body}</font></td><td><b>آخر الأخبار</b><br>"
    "<a href='/akhbar/2.html'>وزارة الصحة تطلق حملة تلقيح جديدة في المدارس الابتدائية</a></td>"
    "</tr><tr><td><font size='1'>جميع الحقوق محفوظة ل{site} 2025</font></td></tr></table>"
)
SENTENCES = " ".join(["قالت الوزارة إن الخطة تشمل تحديث المحطات وشراء قطارات جديدة."] * 4)


@pytest.mark.parametrize(
    "headline",
    [
        f"<font size='5'><b>{HEADLINE}</b></font>",
        f"<span class='news-title'>{HEADLINE}</span>",
        f"<h2>{HEADLINE}</h2>",
    ],
)
def test_without_an_h1_the_emphasized_line_above_the_text_is_the_headline_when_the_title_names_the_site(
    headline: str,
) -> None:
    """An old table layout: <title> and the copyright line give the site's name; the
    headline is the emphasized line just above the text, and the text does not repeat it."""
    body = OLD_LAYOUT.format(headline=headline, body=SENTENCES, site=SITE)
    page = (
        f"<html><head><meta charset='utf-8'><title>{SITE}</title></head><body>{body}</body></html>"
    )
    result = extract(page.encode(), "https://news.example/a/1", "text/html", ExtractOptions())
    assert isinstance(result, Extracted), result
    assert result.title == HEADLINE
    assert not result.text.startswith(HEADLINE)


# An ASP.NET WebForms portal: labels named by their control ids, the body's paragraphs
# between <br>s, and one <title> for every article.
WEBFORMS = (
    "<form id='aspnetForm'><table><tr><td class='Header'><a href='Default.aspx'>"
    "<img src='images/logo.gif'></a></td></tr><tr><td><div class='NewsDetails'>"
    "<span id='ctl00_ContentPlaceHolder1_lblCategory' class='CatTitle'>محليات</span><br>"
    "<span id='ctl00_ContentPlaceHolder1_lblTitle' class='NewsTitle'>{headline}</span><br>"
    "<span id='ctl00_ContentPlaceHolder1_lblBody' class='NewsBody'>{body}<br><br>{body}</span>"
    "</div></td></tr><tr><td class='Footer'>جميع الحقوق محفوظة © {site} 2025</td></tr>"
    "</table></form>"
)


@pytest.mark.parametrize(
    "title",
    [f"{SITE} - تفاصيل الخبر", "تفاصيل الخبر", f"News details | {SITE}", "Détails de l'article"],
)
def test_a_title_that_names_the_pages_kind_gives_way_to_the_headline_a_title_class_marks(
    title: str,
) -> None:
    """The page's kind ("تفاصيل الخبر") is no headline: the line an id or class calls the
    title (`NewsTitle`, `lblTitle`, in any letter case) is, and the text does not repeat it."""
    body = WEBFORMS.format(headline=HEADLINE, body=SENTENCES, site=SITE)
    page = (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>{body}</body></html>"
    )
    result = extract(page.encode(), "https://news.example/NewsDetails.aspx?id=1", "text/html",
                     ExtractOptions())  # fmt: skip
    assert isinstance(result, Extracted), result
    assert result.title == HEADLINE
    assert not result.text.startswith(HEADLINE)


@pytest.mark.parametrize("title", ["تفاصيل الخبر", "News details", "Article - صوت المغرب الكبير"])
def test_a_title_that_names_the_pages_kind_gives_way_to_a_short_h1(title: str) -> None:
    body = f"<article><h1>زلزال يضرب تركيا</h1>{BODY}</article><footer>© 2025 {SITE}</footer>"
    assert title_of(f"<title>{title}</title>", body) == "زلزال يضرب تركيا"


@pytest.mark.parametrize(
    "title",
    [
        "خبر سار لمزارعي الأغوار",  # the kind's word in a headline of other words
        f"خبر سار لمزارعي الأغوار - تفاصيل الخبر - {SITE}",  # the headline beside the kind
    ],
)
def test_a_headline_with_a_kinds_word_or_beside_the_kind_stays_the_title(title: str) -> None:
    body = f"<div class='story'>{BODY}</div><footer>© 2025 {SITE}</footer>"
    assert title_of(f"<title>{title}</title>", body) == "خبر سار لمزارعي الأغوار"


def test_without_an_h1_a_bold_lead_does_not_replace_a_title_that_is_the_headline() -> None:
    body = OLD_LAYOUT.format(headline="", body=f"<b>{SENTENCES[:60]}</b> {SENTENCES}", site=SITE)
    assert title_of(f"<title>{HEADLINE}</title>", body) == HEADLINE


@pytest.mark.parametrize(
    ("headline", "site"),
    [
        ("وفاة الفنان محمود", "وكالة أنباء سرايا الإخبارية"),
        ("Fire in Beirut", "The Daily News of the Levant"),
    ],
)
def test_a_headline_shorter_than_the_sites_name_is_still_the_title(
    headline: str, site: str
) -> None:
    body = f"<article><h1>{headline}</h1>{BODY}</article>"
    assert title_of(f"<title>{headline} | {site}</title>", body) == headline


@pytest.mark.parametrize(
    "title",
    [
        "رئيس الوزراء يستقبل وفدا :: الصحيفة الإلكترونية",  # a short headline, then a bar
        "الصحيفة » أخبار محلية » رئيس الوزراء يستقبل وفدا",  # a breadcrumb
        "الصحيفة › اقتصاد › رئيس الوزراء يستقبل وفدا",
    ],
)
def test_without_an_h1_or_og_title_the_site_and_its_sections_leave_the_title(title: str) -> None:
    body = f"<div class='story'>{BODY}</div>"
    assert title_of(f"<title>{title}</title>", body) == "رئيس الوزراء يستقبل وفدا"


@pytest.mark.parametrize(
    "headline",
    [
        "Entretien avec la maire : « Nous tiendrons nos promesses »",  # French spacing
        "الوزير : الحكومة ستعلن حزمة إجراءات جديدة لدعم المزارعين",
    ],
)
def test_a_headline_with_a_spaced_colon_or_quotes_is_the_whole_title(headline: str) -> None:
    head = f"<title>{headline} | Le Courrier</title>"
    assert title_of(head, f"<article><h1>{headline}</h1>{BODY}</article>") == headline
    assert title_of(head, f"<div class='story'>{BODY}</div>") == headline


SHORT = "وزير المالية يعلن الموازنة"
AGENCY = "وكالة الأنباء الوطنية"


@pytest.mark.parametrize(
    ("headline", "owner"),
    [
        (f"<font size='4'><b>{SHORT}</b></font>", "الشركة الناشرة"),  # the line above the text
        ("", AGENCY),  # the copyright line names the site
    ],
)
def test_a_sites_long_name_before_a_short_headline_leaves_the_title(
    headline: str, owner: str
) -> None:
    """Without an h1: the headline above the text, or the name the copyright line gives,
    tells the site's name from the headline where lengths cannot."""
    body = OLD_LAYOUT.format(headline=headline, body=SENTENCES, site=owner)
    assert title_of(f"<title>{AGENCY} - {SHORT}</title>", body) == SHORT


@pytest.mark.parametrize(
    "lead_markup", ["<font size='3'>{}</font>", "<b>{}</b>", "<font size='2'><b>{}</b></font>"]
)
def test_without_an_h1_a_short_lead_set_in_text_size_or_bold_is_not_the_headline(
    lead_markup: str,
) -> None:
    """A table layout: headline in <font size=5>, then a lead of one sentence (under a run
    of text's length) in the text's font, or bold, that says the headline's words: the lead
    was taken for the headline, and left the text."""
    lead = f"بغداد - أفادت مصادر مطلعة اليوم بأن {HEADLINE}، في خطوة وصفها مراقبون بأنها الأبرز."
    cell = (
        f"<font size='5'><b>{HEADLINE}</b></font><br><p>{lead_markup.format(lead)}</p>"
        f"<p><font size='3'>{BODY[3:-4]}</font></p>"
    )
    body = f"<table><tr><td>{cell}</td><td><a href='/n/2'>خبر آخر</a></td></tr></table>"
    page = (
        f"<html><head><meta charset='utf-8'><title>{HEADLINE} - وكالة الأنباء الشعبية</title>"
        f"</head><body>{body}</body></html>"
    )
    result = extract(page.encode(), "https://news.example/a/1", "text/html", ExtractOptions())
    assert isinstance(result, Extracted), result
    assert result.title == HEADLINE
    assert result.text.startswith(lead)


@pytest.mark.parametrize("kicker", ["خاص", "فيديو", "عاجل"])
def test_a_label_set_in_the_h1_before_the_headline_is_not_the_title(kicker: str) -> None:
    headline = "التموين تطرح كميات إضافية من السكر بالمجمعات الاستهلاكية"
    head = f'<meta property="og:title" content="{headline}">'
    body = f'<h1><span class="kicker">{kicker}</span> {headline}</h1>{BODY}'
    assert title_of(head, body) == headline


@pytest.mark.parametrize(
    ("label", "title"),
    [
        ("عاجل..", "عاجل.. {h} - اليوم السابع"),
        ("عاجل", "عاجل | {h}"),
        ("خاص:", "خاص: {h}"),
        ("Breaking", "{h} - اليوم السابع"),  # the title without it
    ],
)
def test_a_breaking_label_in_the_h1_and_in_the_title_is_not_the_headline(
    label: str, title: str
) -> None:
    headline = "الحكومة تعلن مواعيد امتحانات الثانوية العامة"
    head = f"<title>{title.format(h=headline)}</title>"
    body = f'<h1><span class="urgent">{label}</span> {headline}</h1>{BODY}'
    assert title_of(head, body) == headline


@pytest.mark.parametrize(
    ("h1", "headline"),
    [
        # a word of the headline set apart, not a label: kept
        ("<h1><span>السيسي</span> يستقبل رئيس الوزراء الإيطالي في القاهرة</h1>",
         "السيسي يستقبل رئيس الوزراء الإيطالي في القاهرة"),
        # a headline that opens with the label's letters ("خاصة"), or the word as its subject
        ("<h1><span>خاصة</span> المدارس تفتح أبوابها الأسبوع المقبل</h1>",
         "خاصة المدارس تفتح أبوابها الأسبوع المقبل"),
        ("<h1>عاجل.. الحكومة تعلن مواعيد الامتحانات</h1>",  # no element of its own
         "عاجل.. الحكومة تعلن مواعيد الامتحانات"),
    ],
)  # fmt: skip
def test_a_headline_without_a_label_element_keeps_its_first_words(h1: str, headline: str) -> None:
    assert title_of(f"<title>{headline} - اليوم السابع</title>", f"{h1}{BODY}") == headline


def test_a_title_of_a_few_words_that_shares_none_with_the_h1_is_the_sites_name() -> None:
    """Nothing on the page calls "جريدة المساء" the site's name (no logo, no og:site_name,
    a copyright line without it): every article of the site was titled so."""
    body = (
        "<nav><a href='/'>الرئيسية</a> <a href='/s'>سياسة</a></nav>"
        f"<article><h1>{HEADLINE}</h1><div class='date'>20/11/2026</div>{BODY}</article>"
        "<footer><p>جميع الحقوق محفوظة © 2026</p></footer>"
    )
    assert title_of("<title>جريدة المساء</title>", body) == HEADLINE


def test_without_an_h1_a_title_of_a_few_words_gives_way_to_the_line_above_the_text() -> None:
    body = OLD_LAYOUT.format(
        headline=f"<font size='5'><b>{HEADLINE}</b></font>", body=SENTENCES, site=""
    ).replace("جميع الحقوق محفوظة ل 2025", "جميع الحقوق محفوظة 2025")
    assert title_of("<title>صحيفة الأيام</title>", body) == HEADLINE


def test_a_short_headline_in_the_title_stays_beside_a_short_h1_of_a_sidebar() -> None:
    body = f"<aside><h1>الأكثر قراءة</h1></aside><article>{BODY}</article>"
    assert title_of("<title>وفاة الفنان محمود</title>", body) == "وفاة الفنان محمود"


def test_without_an_h1_the_date_line_under_a_headline_the_title_does_not_say_is_read() -> None:
    body = OLD_LAYOUT.format(
        headline=f"<font size='5'><b>{HEADLINE}</b></font>", body=SENTENCES, site=""
    ).replace("جميع الحقوق محفوظة ل 2025", "جميع الحقوق محفوظة 2025")
    body = body.replace(
        "<font color='gray' size='2'>نشر في 3 فيفري 2025 - 14:13</font>",
        "الجمعة، 20 نوفمبر 2026 - 6:45 م",
    )
    head = "<meta charset='utf-8'><title>صحيفة الأيام</title>"
    page = f"<html><head>{head}</head><body>{body}</body></html>"
    result = extract(page.encode(), "https://news.example/a/1", "text/html", ExtractOptions())
    assert isinstance(result, Extracted), result
    assert (result.title, result.published_at) == (HEADLINE, "2026-11-20T18:45:00")


@pytest.mark.parametrize(
    "page",
    [
        "<header><h1>صوت الحقيقة من قلب العاصمة عمان</h1></header>"
        "<article><h2>زلزال يضرب تركيا</h2>{body}</article>",  # a slogan in the header
        "<h1>أخبار العالم العربي والدولي اليوم</h1><article><h2>زلزال يضرب تركيا</h2>{body}"
        "</article>",  # a section's banner; the headline said in the article
        "<div class='title'>أخبار العالم العربي والدولي اليوم</div><div>"
        "<div class='title'>زلزال يضرب تركيا</div>{body}</div>",  # no h1 at all
    ],
)
def test_a_short_headline_in_the_title_stays_beside_a_longer_slogan_or_banner(page: str) -> None:
    assert title_of("<title>زلزال يضرب تركيا</title>", page.format(body=BODY)) == "زلزال يضرب تركيا"


@pytest.mark.parametrize("br", ["<br>", "<br/>", "<span><br></span>"])
def test_a_headline_broken_over_two_lines_keeps_its_words_apart(br: str) -> None:
    """ "<h1>احتجاجات في عمّان<br>بسبب شح الوقود</h1>": one headline on two lines."""
    head = f"<title>{SITE}</title>"
    h1 = f"<h1>وزارة النقل تعلن خطة{br}لتحديث شبكة القطارات في الشمال</h1>"
    assert title_of(head, h1 + BODY) == HEADLINE


@pytest.mark.parametrize(
    "title",
    [
        "ارتفاع أسعار الوقود في عمان - بوابة المدينة",
        "بوابة المدينة - ارتفاع أسعار الوقود في عمان",
        "ارتفاع أسعار الوقود في عمان | بوابة المدينة",
    ],
)
def test_a_short_headline_the_page_sets_under_a_section_name_sheds_the_sites_name(
    title: str,
) -> None:
    """The h1 names the section ("محليات"); the headline, a few words, is an <h2>: the part
    of the title the page says whole is the headline, the rest the site's name."""
    head = f"<title>{title}</title>"
    body = "<h1 class='section-title'>محليات</h1><h2>ارتفاع أسعار الوقود في عمان</h2>" + BODY
    assert title_of(head, body) == "ارتفاع أسعار الوقود في عمان"


@pytest.mark.parametrize(
    "blog",
    [
        "<h1 class='title'>مدونة الحوادث</h1>",
        "<h1><a href='/'>مدونة الحوادث</a></h1>",
        "<div class='header'><a href='/'><img alt='مدونة الحوادث' src='/logo.png'></a></div>",
    ],
)
def test_a_blogs_name_before_a_colon_in_its_title_is_not_the_posts_headline(blog: str) -> None:
    """Blogger titles a post "<the blog's name>: <the post's title>", and sets the post's
    title in an h3 (the blog's name in an h1, or nowhere)."""
    headline = "تأجيل محاكمة 12 متهما بالاستيلاء على أراضي الدولة"
    head = f"<title>مدونة الحوادث: {headline}</title>"
    body = f"{blog}<h3 class='post-title entry-title'>{headline}</h3><div class='post-body'>{BODY}</div>"
    assert title_of(head, body) == headline


@pytest.mark.parametrize("h1", ["<h1>{title}</h1>", "<h1><span>نتنياهو:</span> {quote}</h1>", ""])
def test_a_title_that_opens_with_a_quotes_speaker_keeps_it(h1: str) -> None:
    """(the quote again in a pull quote: the speaker is no site's name)"""
    quote = "لن نوقف الحرب قبل تحقيق أهدافها"
    title = f"نتنياهو: {quote}"
    body = h1.format(title=title, quote=quote) + f"{BODY}<blockquote>{quote}</blockquote>{BODY}"
    assert title_of(f"<title>{title}</title>", body) == title


def test_without_an_h1_short_paragraphs_set_between_brs_of_one_font_are_the_text_under_it() -> None:
    """A table layout's paragraphs, each shorter than a run of text, in one <font>: their
    run is the text, and the larger bold line above it the headline, dated under it."""
    paragraphs = "<br><br>".join(
        "قالت الوزارة إن الخطة تشمل تحديث المحطات وشراء قطارات جديدة خلال العامين المقبلين"
        f" في المدن الكبرى والمناطق النائية على حد سواء ({n})."
        for n in range(3)
    )
    body = (
        f"<table><tr><td><a href='/'><img src='/logo.gif' alt='{SITE}'></a></td></tr>"
        f"<tr><td><font size='5'><b>{HEADLINE}</b></font></td></tr>"
        "<tr><td><font size='2' color='gray'>١ كانون الأول ٢٠٢٤، ١٠:٥٠</font></td></tr>"
        f"<tr><td><font size='3'>{paragraphs}</font></td></tr></table>"
    )
    page = f"<html><head><title>{SITE}</title></head><body>{body}</body></html>"
    result = extract(page.encode(), "https://news.example/a/1", "text/html", ExtractOptions())
    assert isinstance(result, Extracted), result
    assert (result.title, result.published_at) == (HEADLINE, "2024-12-01T10:50:00")


def test_an_english_og_title_for_sharing_leaves_the_arabic_h1_the_headline() -> None:
    head = (
        "<title>الراية</title>"
        "<meta property='og:title' content='Kuwait signs deal for largest solar plant'>"
    )
    assert title_of(head, f"<h1>{HEADLINE}</h1>{BODY}") == HEADLINE


def test_without_an_h1_and_a_title_naming_the_site_the_breadcrumbs_last_item_is_the_headline() -> (
    None
):
    crumbs = (
        "<div class='crumbs'><a href='/'><span>الرئيسية</span></a> &raquo; <a href='/c/2'>"
        f"<span>اقتصاد</span></a> &raquo; <span class='current'>{HEADLINE}</span></div>"
    )
    body = f"<a href='/' class='brand'>{SITE}</a>{crumbs}<div class='text'>{BODY}</div>"
    assert title_of(f"<title>{SITE}</title>", body) == HEADLINE


def test_a_sections_name_as_the_title_gives_way_to_the_h1_under_its_kicker() -> None:
    """og:title and <title> name the section ("اقتصاد"), said on the page as its label; the
    h1 opens with a kicker of any word in an element its class calls so."""
    headline = "التضخم يرتفع إلى 4.8% مدفوعا بالغذاء"
    head = "<title>اقتصاد | الميادين</title><meta property='og:title' content='اقتصاد'>"
    body = (
        "<span class='section'>اقتصاد</span>"
        f"<h1><span class='kicker'>تقرير</span> {headline}</h1>{BODY}"
    )
    assert title_of(head, body) == headline


def test_without_an_h1_but_the_logos_the_headline_above_short_paragraphs_is_the_title() -> None:
    headline = "المنتخب يقلب الطاولة ويتصدر مجموعته"
    paragraph = "حقق المنتخب الوطني فوزا ثمينا على نظيره الضيف بهدفين مقابل هدف في مباراة التصفيات."
    body = (
        f"<header><h1 class='logo'><a href='/'>جريدة الوطن</a></h1></header><div class='post'>"
        f"<h2 class='post-title'>{headline}</h2>{f'<p>{paragraph}</p>' * 4}</div>"
    )
    assert title_of("<title>جريدة الوطن</title>", body) == headline


def test_a_subtitle_set_in_small_type_on_the_headlines_second_line_is_not_its_title() -> None:
    headline = "الزراعة تبدأ صرف تعويضات المتضررين من موجة الصقيع"
    h1 = f"<h1>{headline}<br><small>4 ملايين دينار لـ3200 مزرعة</small></h1>"
    assert title_of(f"<title>{headline}</title>", h1 + BODY) == headline
    assert title_of("<title>الغد</title>", h1 + BODY) == headline


def test_the_sites_name_after_the_headline_in_the_h1_itself_is_not_the_title() -> None:
    headline = "الزراعة تبدأ صرف تعويضات المتضررين من موجة الصقيع"
    head = f"<title>{headline} - الغد</title><meta property='og:site_name' content='الغد'>"
    assert title_of(head, f"<h1>{headline} - الغد</h1>{BODY}") == headline
    # the h1's own parts stay: a dash between places is the headline's
    both = "الأردن - سوريا: إعادة فتح معبر جابر أمام الشاحنات"
    assert title_of(head.replace(headline, both), f"<h1>{both}</h1>{BODY}") == both


@pytest.mark.parametrize(
    "mark",
    [" (محدث)", " [تحديث]", " - محدث", " (Updated)", " (مُحدَّث)", " (تحديث 2)", " (محدث) (محدث)"],
)
def test_an_updates_mark_after_the_headline_is_not_part_of_the_title(mark: str) -> None:
    headline = "الزراعة تبدأ صرف تعويضات المتضررين من موجة الصقيع"
    h1 = f"<h1>{headline}<small>{mark}</small></h1>"
    assert title_of(f"<title>{headline}{mark}</title>", h1 + BODY) == headline
    # a headline that ends in the word is left whole
    plain = "الحكومة تقر خطة التحديث"
    assert title_of(f"<title>{plain}</title>", f"<h1>{plain}</h1>{BODY}") == plain


def test_an_updates_mark_before_the_headline_is_not_part_of_the_title() -> None:
    headline = "الزراعة تبدأ صرف تعويضات المتضررين من موجة الصقيع"
    assert (
        title_of(f"<title>(محدث) {headline}</title>", f"<h1>(محدث) {headline}</h1>{BODY}")
        == headline
    )
