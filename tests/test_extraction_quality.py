"""Extraction over every fixture article against its expected JSON (seeds/expected)."""

from __future__ import annotations

import json
from collections import Counter
from statistics import mean

import pytest

from crawler.extract import Extracted, ExtractOptions, extract
from crawler.offline import SITES
from crawler.sources import load_sources
from tests.conftest import ROOT, expected_articles

SOURCES = load_sources(ROOT / "seeds" / "sources.toml")
MANIFEST = json.loads((SITES / "manifest.json").read_text("utf-8"))
BOILERPLATE = [
    "كلمات دلالية", "المزيد في سياسة", "المصدر:", "pic.twitter.com", "حرية سقفها السماء",
    "إبحــث في", "طباعة", "المشاهدات", "تعديل حجم الخط", "تابع قناتنا", "تابع صفحتنا",
    "بتعليقاتكم", "لا يوجد تعليقات", "الاسم :", "البريد الالكتروني", "التعليق :", "رمز التحقق",
    "حقوق النشر محفوظة", "الحقوق محفوظة", "يونكس هوست", "إقرأ أيضاً", "اقرأ أيضا", "مقالات مشابهة",
    "الآراء والتعليقات", "©", "@StateDeptSpox",
]  # fmt: skip


def run(expected: dict) -> Extracted:
    page = MANIFEST[expected["fetched_url"]]
    source = SOURCES[expected["source"]]
    result = extract(
        (SITES / page["file"]).read_bytes(),
        expected["fetched_url"],
        page["content_type"],
        ExtractOptions(source.body_selector, source.drop_selectors),
    )
    assert isinstance(result, Extracted), f"{expected['fetched_url']}: {result}"
    return result


def token_f1(got: str, want: str) -> float:
    a, b = Counter(got.split()), Counter(want.split())
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * precision * recall / (precision + recall)


@pytest.fixture(scope="module")
def results() -> list[tuple[dict, Extracted]]:
    return [(e, run(e)) for e in expected_articles()]


def test_every_source_has_fixture_articles(results: list) -> None:
    assert {e["source"] for e, _ in results} == set(SOURCES)


def test_body_token_f1_mean_and_worst_decile(results: list) -> None:
    scores = sorted(token_f1(r.text, e["text"]) for e, r in results)
    worst = scores[: max(1, len(scores) // 10)]
    assert mean(scores) >= 0.97, scores
    assert min(worst) >= 0.90, scores


def test_no_listed_boilerplate_string_in_any_text(results: list) -> None:
    leaks = [(e["fetched_url"], b) for e, r in results for b in BOILERPLATE if b in r.text]
    assert not leaks
    assert not any(line.strip() == "إعلان" for _, r in results for line in r.text.splitlines())


def test_titles_exact(results: list) -> None:
    exact = [r.title == e["title"] for e, r in results]
    assert sum(exact) / len(exact) >= 0.98, [(e["title"], r.title) for e, r in results]


def test_dates_exact(results: list) -> None:
    exact = [(r.published_at or "")[:10] == e["published_at"] for e, r in results]
    assert sum(exact) / len(exact) >= 0.98, [
        (e["published_at"], r.published_at) for e, r in results
    ]


def test_raw_date_string_is_kept(results: list) -> None:
    assert all(r.published_raw for _, r in results)


def test_windows_1256_page_declared_only_in_meta_decodes() -> None:
    saraya = next(e for e in expected_articles() if e["source"] == "saraya")
    page = MANIFEST[saraya["fetched_url"]]
    assert page["content_type"] == "text/html"  # no charset in the HTTP header
    result = run(saraya)
    assert result.encoding in ("cp1256", "windows-1256")
    assert result.text.startswith("سرايا - ")


def test_aggregator_page_is_cut_before_the_other_story() -> None:
    for e in expected_articles():
        if e["source"] == "akhbar24":
            assert "حميدتي" not in run(e).text or "حميدتي" in e["text"]
            assert "بايدن" not in run(e).text or "بايدن" in e["text"]


def test_inline_read_also_box_in_the_body_is_dropped_but_body_after_it_kept() -> None:
    html = (
        "<html><body><article><h1>عنوان الخبر هنا للتجربة</h1>"
        + "<p>الفقرة الأولى من الخبر وهي طويلة بما يكفي لتكون نصا حقيقيا في المقال المنشور. " * 3
        + "</p>"
        + "<div class='box'><strong>اقرأ أيضا</strong><ul><li><a href='/a'>خبر آخر تماما</a></li></ul></div>"
        + "<p>الفقرة الثانية من الخبر تأتي بعد الصندوق وهي أيضا جزء من النص الأصلي للمقال. " * 3
        + "</p>"
        + "</article></body></html>"
    ).encode()
    result = extract(html, "https://example.com/a/1")
    assert isinstance(result, Extracted)
    assert "الفقرة الثانية" in result.text
    assert "خبر آخر تماما" not in result.text


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"", "no_text"),
        (b"<html><body><nav>menu</nav></body></html>", "no_text"),
        (b"\x00\x01\x02binary" * 50, "not_html"),
    ],
)
def test_pages_without_article_text_fail_with_a_kind(body: bytes, kind: str) -> None:
    result = extract(body, "https://example.com/x")
    assert not isinstance(result, Extracted)
    assert result.kind == kind


@pytest.mark.parametrize(
    "sentence",
    [
        "شارك آلاف المتظاهرين في مسيرة وسط العاصمة عمان للمطالبة بوقف الحرب على غزة وفتح المعابر أمام المساعدات.",
        "تابع الوزير حديثه قائلا إن الحكومة ستعلن خلال الأيام المقبلة حزمة إجراءات جديدة لدعم القطاع الزراعي.",
        "طباعة الكتب المدرسية بدأت هذا العام في وقت مبكر بعد أن أقرت الوزارة المناهج الجديدة للمرحلة الأساسية.",
        # chrome's words inside a sentence of the story
        "إرسال نسخة من القانون إلى مجلس الأعيان الأسبوع المقبل.",
        "وقال وزير الثقافة إن حقوق النشر محفوظة للمؤلفين طوال حياتهم ولمدة خمسين عاما بعد وفاتهم.",
        "وأشار النائب إلى أن الرمز © سيصبح إلزاميا على جميع المطبوعات المحلية اعتبارا من العام المقبل.",
        "وكان عدد الزيارات: 4500 زيارة لموقع الوزارة في اليوم الأول من نشر المسودة بحسب بيان رسمي.",
        "ترحب وزارة الثقافة بتعليقات المواطنين على اللائحة التنفيذية حتى نهاية الشهر الجاري عبر موقعها.",
        "تابع على الموقع الرسمي تفاصيل الجلسة كاملة.",
        "شاركنا رأيك في هذا الموضوع الذي يشغل الرأي العام منذ أسابيع، قال المذيع لضيوفه.",
        "شارك برأيه في الجلسة عدد من النواب الذين اعترضوا على مشروع القانون.",
        "انضم إلى الحكومة الجديدة ثلاثة وزراء من أحزاب المعارضة بعد مشاورات استمرت أسابيع.",
        "اشترك في السباق أربعون عداء من اثنتي عشرة دولة عربية وأجنبية هذا العام.",
        "اشترك في الخدمة أكثر من مليون مستخدم خلال الشهر الأول من إطلاقها.",
        "اشترك في نشرها عشرات الناشطين على مواقع التواصل الاجتماعي.",
        "اشترك بنشره مئات المستخدمين خلال ساعات.",
        "للاشتراك في البطولة أرسلت عشرة أندية طلباتها إلى الاتحاد.",
        "للاشتراك في المسابقة يجب أن يكون المتقدم مقيما هناك.",
        "تابع أحدث الأخبار من غزة مئات الآلاف عبر فيسبوك طوال الليل.",
        "شاهد أيضا مئات الآلاف المباراة عبر المنصات الرقمية، بحسب الشركة.",
        "لمتابعة آخر التطورات شكلت الحكومة لجنة طوارئ تجتمع يوميا، وقالت إن على المواطنين الاتصال بالرقم 911 أو الضغط هنا.",
        "يمكنكم متابعة الجلسة مباشرة على التلفزيون الرسمي، قال رئيس المجلس للصحفيين.",
        "شارك هذا المقال في النقاش عدد من الخبراء الذين رأوا أنه يفتح الباب لمراجعة القانون.",
        "شاهد الفيديو مئات الآلاف خلال ساعات من نشره على المنصات.",
        "لا توجد تعليقات فورية من الجيش على التقرير الذي نشرته الصحيفة أمس.",
        "انضم إلى قناة الجزيرة عام 2010 مراسلا في بيروت قبل أن ينتقل إلى القاهرة.",
        "The label had printed 'all rights reserved' on every sleeve, but the judges said the phrase created no rights.",
        # the words of a notice opening a sentence, with no © or year to stamp it
        "Copyright Office officials said on Monday that the rules would change for all publishers next year.",
        "جميع الحقوق محفوظة للمؤلفين بموجب القانون الجديد الذي أقره مجلس النواب الأسبوع الماضي بعد نقاش طويل.",
        # ... or with a ban, in a report of someone's words
        "جميع الحقوق محفوظة للمؤلفين بموجب القانون الجديد الذي يمنع تصوير الكتب وبيعها، وفق ما أعلنه وزير الثقافة أمس.",
        "Copyright infringement is prohibited under the new law, the minister told parliament on Monday.",
    ],
)
def test_body_sentences_that_open_with_chrome_words_are_kept(sentence: str) -> None:
    other = "وأضاف المصدر أن الاجتماعات ستتواصل خلال الأسبوع المقبل لمتابعة تنفيذ القرارات التي تم الاتفاق عليها. "
    html = f"<html><body><article><h1>عنوان الخبر</h1><p>{other * 2}</p><p>{sentence}</p><p>{other}</p></article></body></html>"
    result = extract(html.encode(), "https://example.com/news/1")
    assert isinstance(result, Extracted)
    assert sentence in result.text


@pytest.mark.parametrize(
    "line",
    [
        "جميع الحقوق محفوظة © 2024",
        "موقع الخبر © 2024 جميع الحقوق محفوظة ولا يجوز نسخ أو إعادة نشر أي محتوى دون إذن مسبق من الإدارة",
        # unstamped, and long, but with the ban that follows it
        "جميع الحقوق محفوظة لصحيفة الوطن ولا يجوز نقل أو اقتباس أي مادة منشورة في الموقع إلا بإذن خطي من إدارة التحرير",
        "حقوق النشر محفوظة للموقع، ويمنع إعادة نشر المواد أو نسخها كليا أو جزئيا في أي وسيلة إعلامية أخرى",
        "All rights reserved. This material may not be published, broadcast, rewritten or redistributed without permission.",
        "© 2024 Example News. All rights reserved.",
        "طباعة | إرسال لصديق | حفظ",
        "عدد المشاهدات: 4889",
        "نشر في 3/4/2024 | عدد المشاهدات: 4889 | التعليقات: 3 | القسم: محليات | الكاتب: فلان من عمان",
        "ترحب الصحيفة بالنقاش الحيوي والمفيد، وكي لا نضطر إلى مراجعة التعليقات قبل نشرها ننصحك بمراجعة الإرشادات.",
        "شاركونا بتعليقاتكم",
        "تابعونا على فيسبوك",
        "تابع على قناتنا في تلغرام",
        # follow, join and subscribe prompts
        "انضم إلى قناتنا على واتساب لتصلك آخر الأخبار لحظة بلحظة",
        "📢 انضم إلى قناتنا على تيليجرام من هنا",
        "تابعوا آخر أخبارنا عبر Google news",
        "للمزيد من الأخبار تابعونا على صفحتنا على فيسبوك",
        "هل أعجبك هذا التقرير؟ اشترك في نشرة رصيف الأسبوعية لتصلك قصصنا كل يوم جمعة.",
        # a video's label whose player went, a comment link at the end
        "شاهد الفيديو:",
        "أضف تعليقا جديدا",
        # a call for comments
        "شارك برأيك",
        "شاركنا رأيك في التعليقات",
        "لا توجد تعليقات بعد، كن أول من يعلق",
        "اكتب تعليقك",
        "نرحب بتعليقاتكم ونرجو الالتزام بآداب الحوار وعدم الإساءة لأي شخص أو جهة أو دين أو طائفة في التعليقات",
        # a toolbar of other tools than print and send
        "تعليقات (3) | تكبير الخط | A+ A-",
        "أضف تعليق | طباعة",
        # a meta line run together, long and with no bar
        "نشر في 3/4/2024 10:30 عدد القراءات: 4889 القسم محليات الكاتب فلان من عمان ومن الزرقاء والكرك",
        # a read-also line in French and English
        "Lire aussi : Grève des transports : le réseau de bus à l'arrêt",
        "À lire aussi : La rivière en crue",
        "RELATED: Tram plan debated by residents late into the evening",
        "Also read: Farmers market moves to the station square",
        # a source's or a wire's credit line in French and English
        "Source : MAP",
        # a picture's caption alone on its line
        "صورة أرشيفية",
        "(صورة تعبيرية)",
        "(Reporting by Ahmed Tolba; Editing by Mark Heinrich)",
        # a newsletter's or a service's offer, a watch-also line
        "اشترك الآن في النشرة البريدية لتصلك آخر الأخبار",
        "للاشتراك في خدمة الأخبار العاجلة عبر واتساب اضغط هنا",
        "Subscribe to our daily newsletter",
        "تابع أحدث الأخبار عبر تطبيق واتساب",
        "شاهد أيضا: فيديو لحظة وصول الوفد",
        "اقرأ المزيد: الحكومة تعلن الموازنة",
        # prompts to follow elsewhere, a share bar's lines, an ad's label
        "لمتابعة آخر الأخبار عبر قناتنا على واتساب اضغط هنا",
        "للاطلاع على المزيد من أخبار الحوادث اضغط هنا",
        "يمكنكم متابعة آخر الأخبار عبر حسابنا على منصة إكس",
        "رابط مختصر: https://youm-masr.example/s/8x2",
        "شارك هذا المقال",
        "أرسل لصديق",
        "تم نسخ الرابط",
        "- إعلان -",
    ],
)
def test_chrome_lines_around_the_story_are_dropped(line: str) -> None:
    story = "وأضاف المصدر أن الاجتماعات ستتواصل خلال الأسبوع المقبل لمتابعة تنفيذ القرارات التي تم الاتفاق عليها. "
    html = f"<html><body><article><h1>عنوان الخبر</h1><p>{story * 2}</p><p>{line}</p><p>{story}</p></article></body></html>"
    result = extract(html.encode(), "https://example.com/news/1")
    assert isinstance(result, Extracted)
    assert line not in result.text and story.strip() in result.text


def _with_story_around(line: str) -> str:
    story = "وأضاف المصدر أن الاجتماعات ستتواصل خلال الأسبوع المقبل لمتابعة تنفيذ القرارات التي تم الاتفاق عليها. "
    html = f"<html><body><article><h1>عنوان الخبر</h1><p>{story * 2}</p><p>{line}</p><p>{story}</p></article></body></html>"
    result = extract(html.encode(), "https://example.com/news/1")
    assert isinstance(result, Extracted)
    assert story.strip() in result.text
    return result.text


@pytest.mark.parametrize(
    "prompt",
    [
        "شارك هذا المقال مع أصدقائك عبر مواقع التواصل الاجتماعي.",
        "شاركوا هذا الخبر عبر:",
        "شاركي المقالة مع صديقاتك",
        "شارك الخبر على فيسبوك، تويتر، واتساب",
        "لا تنس مشاركة الخبر مع أصدقائك",
        "لا تنسَ أن تشارك المقال مع أصدقائك",
        "ساهم في نشر هذا الخبر",
        "Share this article with your friends",
        "N'oubliez pas de partager cet article",
        "Partagez cet article",
    ],
)
def test_share_prompts_written_as_sentences_are_not_text(prompt: str) -> None:
    assert prompt not in _with_story_around(prompt)


@pytest.mark.parametrize(
    "sentence",
    [
        "شارك الوزير في المؤتمر.",
        "شارك الفيديو عبر فيسبوك مليون مستخدم.",
        "شارك الفيديو على حسابه في تويتر.",
        "شاركوا في الاحتجاجات مع أصدقائهم.",
        "لا تنس مشاركة أطفالك في إعداد الطعام.",
        "ساهم في نشر الوعي بين الطلاب.",
        "Share prices fell sharply on Monday.",
    ],
)
def test_a_short_sentence_of_news_about_sharing_is_text(sentence: str) -> None:
    """The imperative "شارك" is also the past tense: a prompt shares the page itself, to the
    reader's friends or on the networks, and says nothing else."""
    assert sentence in _with_story_around(sentence)


@pytest.mark.parametrize(
    "flash",
    [
        "طباعة الكتب المدرسية للعام الدراسي الجديد تبدأ الأسبوع المقبل في مطابع الوزارة.",
        "إرسال 200 شاحنة مساعدات إنسانية إلى قطاع غزة عبر معبر رفح صباح اليوم.",
    ],
)
def test_a_flash_that_opens_with_a_toolbar_word_is_archived_without_its_date_line(
    flash: str,
) -> None:
    html = (
        "<html lang='ar'><head><title>عاجل</title></head><body><div id='page'><h1>عاجل</h1>"
        f"<p class='dt'>10 مارس 2024</p><div class='story'><p>{flash}</p></div></div></body></html>"
    )
    result = extract(html.encode(), "https://example.com/news/1")
    assert isinstance(result, Extracted), result
    assert result.text == flash


def test_narrowed_justext_stoplist_keeps_what_the_fallback_finds_on_every_fixture_page() -> None:
    """Workers give trafilatura's justext fallback a narrowed stoplist to save memory
    (crawler/extract/stoplist.py): on every fixture page it must keep the same paragraphs
    as trafilatura's union of all stoplists."""
    from lxml import html as lxml_html
    from trafilatura import external
    from trafilatura.baseline import basic_cleaning

    from crawler.extract import stoplist

    saved = external.JT_STOPLIST
    try:
        every = external.jt_stoplist_init()  # trafilatura's own union (sets its global)
        narrowed = stoplist.narrowed()
        assert len(narrowed) < len(every) / 20
        compared = 0
        for url, page in MANIFEST.items():
            if "html" not in page["content_type"]:
                continue
            kept = []
            for words in (every, narrowed):
                external.JT_STOPLIST = words
                tree = lxml_html.fromstring((SITES / page["file"]).read_bytes())
                body = external.try_justext(basic_cleaning(tree), url, None)
                kept.append([p.text for p in body])
            assert kept[0] == kept[1], url
            compared += bool(kept[0])
        assert compared >= 10  # pages where the fallback keeps something
    finally:
        external.JT_STOPLIST = saved


@pytest.mark.parametrize("short", [False, True])
def test_a_chronology_keeps_the_dates_that_head_its_paragraphs(short: bool) -> None:
    """A page's date is chrome wherever it stands; dates that head paragraph after paragraph
    (or short sentences) are a timeline's, and its text."""
    events = [
        ("15 مارس 2011", "خرجت أولى التظاهرات في درعا مطالبة بالإفراج عن أطفال اعتقلتهم الأجهزة الأمنية."),
        ("18 مارس 2011", "سقط أول القتلى برصاص قوات الأمن خلال تظاهرة أمام الجامع العمري في المدينة."),
        ("21 أبريل 2011", "أعلنت الحكومة رفع حالة الطوارئ المفروضة منذ عقود وإلغاء محكمة أمن الدولة العليا."),
    ]  # fmt: skip
    if short:
        events = [(day, " ".join(what.split()[:5]) + ".") for day, what in events]
    body = "".join(f"<h3>{day}</h3><p>{what}</p>" for day, what in events)
    lead = "يستعرض هذا التسلسل الزمني أبرز محطات الأشهر الأولى من الأحداث كما وثقتها التقارير."
    html = f"<html><body><article><h1>محطات</h1><p>{lead}</p>{body}</article></body></html>"
    result = extract(html.encode(), "https://example.com/news/1")
    assert isinstance(result, Extracted)
    assert result.text.split("\n") == [lead, *(line for pair in events for line in pair)]


def test_dates_over_teasers_make_no_chronology() -> None:
    """Dates over headlines (a list of other stories left in the body) are no timeline's:
    only dates that head a paragraph count."""
    story = [
        "وأضاف المصدر أن الاجتماعات ستتواصل خلال الأسبوع المقبل لمتابعة تنفيذ القرارات المتفق عليها.",
        "وقال الناطق باسم الوزارة إن القرار مؤقت وإن الأجهزة المختصة تتابع التطورات على مدار الساعة.",
    ]
    teasers = [("3 مارس 2024", "وزير المالية يعلن موازنة العام"), ("4 مارس 2024", "مجلس النواب يناقش قانون الانتخاب"),
               ("5 مارس 2024", "الأمطار تعود إلى الشمال")]  # fmt: skip
    listed = "".join(f"<p>{day}</p><p>{headline}</p>" for day, headline in teasers)
    paragraphs = "".join(f"<p>{line}</p>" for line in story)
    html = f"<html><body><article><h1>عنوان الخبر</h1>{paragraphs}{listed}</article></body></html>"
    result = extract(html.encode(), "https://example.com/news/1")
    assert isinstance(result, Extracted) and result.text.startswith(story[0])
    assert "مارس 2024" not in result.text


def test_a_list_of_linked_headlines_in_the_body_flow_is_not_text() -> None:
    """A table layout sets "آخر الأخبار" and its links in the story's own cell, between <br>s,
    with no box to tell them by: a run of lines that are each a link's whole text is a list
    of other stories. Fewer in a row, or a link inside a sentence, is the story's."""
    story = [
        "وأضاف المصدر أن الاجتماعات ستتواصل خلال الأسبوع المقبل لمتابعة تنفيذ القرارات المتفق عليها.",
        "وقال الناطق باسم الوزارة إن القرار مؤقت وإن الأجهزة المختصة تتابع التطورات على مدار الساعة.",
    ]
    linked_in_story = "<a href='/report'>تقرير اللجنة الكامل حول الحادثة</a>"
    others = [
        "وزارة الصحة ترحب بخفض أسعار الخبز في بيروت",
        "مجلس النواب يقر استئناف الرحلات الجوية في طرابلس",
        "نقابة الصحفيين تطالب بفتح تحقيق في حادثة المطار",
    ]
    listed = "<br>".join(f"<a href='/article.php?id={n}'>{t}</a>" for n, t in enumerate(others))
    cell = (
        "<br><br>".join([story[0], linked_in_story, story[1] * 2])
        + f"<br><br><b>آخر الأخبار</b><br>{listed}"
    )
    html = (
        "<html><head><meta charset='utf-8'><title>خبر</title></head><body><table><tr>"
        f"<td class='main'><h1>عنوان الخبر</h1>{cell}</td></tr></table></body></html>"
    )
    result = extract(html.encode(), "https://example.com/article.php?id=9")
    assert isinstance(result, Extracted)
    lines = result.text.split("\n")
    assert lines == [story[0], "تقرير اللجنة الكامل حول الحادثة", story[1] * 2]
