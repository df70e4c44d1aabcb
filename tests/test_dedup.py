"""Near-duplicate detection over a fixture set of near-copies and same-topic different stories."""

from __future__ import annotations

import random
import re
import sys
from dataclasses import replace
from itertools import combinations
from pathlib import Path

import pytest

from archive import Archive, ArticleRecord, Batch, Capture, Displaced, Outcome
from archive.articles import one_story, story_print
from archive.dedup import text_keys
from tests.conftest import ROOT
from tests.test_article_text import STATEMENT

sys.path.insert(0, str(ROOT / "seeds"))
from stories import all_stories  # noqa: E402

ADDED = "وقال مراسلنا إن الوضع في المنطقة لا يزال متوترا وسط ترقب لما ستؤول إليه الأمور خلال الساعات المقبلة."


def _diacritize(text: str) -> str:
    return re.sub(r"(\w)(\w)", lambda m: m[1] + "\u064e" + m[2], text, count=40)


VARIANTS = {
    "dateline": lambda ps: ["دمشق - (وكالات) " + ps[0], *ps[1:]],
    "punctuation": lambda ps: [p.replace("،", ",").replace(".", "").replace('"', "«") for p in ps],
    "diacritics": lambda ps: [_diacritize(p) for p in ps],
    "hamza": lambda ps: [p.replace("أ", "ا").replace("إ", "ا") for p in ps],
    "ta_marbuta": lambda ps: [re.sub(r"ة\b", "ه", p) for p in ps],
    "alef_maqsura": lambda ps: [re.sub(r"ى\b", "ي", p) for p in ps],
    "sentence_dropped": lambda ps: ps[:-2] + ps[-1:] if len(ps) > 4 else ps[:-1],
    "sentence_added": lambda ps: [*ps, ADDED],
}


def corpus() -> list[tuple[str, str, str]]:
    """(story key, variant name, text): every story, plus each variant of it."""
    docs = []
    for key, story in all_stories().items():
        docs.append((key, "original", "\n".join(story.body)))
        for name, make in VARIANTS.items():
            docs.append((key, name, "\n".join(make(list(story.body)))))
    return docs


def archive_all(db: Path, docs: list[tuple[str, str, str]]) -> dict[int, tuple[str, str]]:
    archive = Archive(db)
    run = archive.start_run("test")
    ids = {}
    for i, (key, variant, text) in enumerate(docs):
        record = ArticleRecord(
            url=f"https://site{i % 5}.example/{i}", source="test", title=key, text=text
        )
        _, article_id = archive.archive(run, record, Capture(record.url, 200, {}, text.encode()))
        ids[article_id] = (key, variant)
    archive.close()
    return ids


def test_near_copies_link_and_same_topic_stories_stay_apart(tmp_path: Path) -> None:
    docs = corpus()
    random.Random(7).shuffle(docs)
    ids = archive_all(tmp_path / "a.db", docs)
    with Archive(tmp_path / "a.db") as archive:
        root = {r["id"]: r["duplicate_of"] or r["id"] for r in archive.db["articles"].rows}
        tp = fp = fn = 0
        for a, b in combinations(sorted(ids), 2):
            same_story = ids[a][0] == ids[b][0]
            linked = root[a] == root[b]
            tp += same_story and linked
            fp += linked and not same_story
            fn += same_story and not linked
        precision, recall = tp / (tp + fp), tp / (tp + fn)
        assert precision >= 0.99, (precision, recall)
        assert recall >= 0.95, (precision, recall)


def test_duplicate_of_always_points_at_a_root(tmp_path: Path) -> None:
    archive_all(tmp_path / "a.db", corpus())
    with Archive(tmp_path / "a.db") as archive:
        chains = archive.db.execute(
            "SELECT COUNT(*) FROM articles a JOIN articles r ON a.duplicate_of = r.id"
            " WHERE r.duplicate_of IS NOT NULL"
        ).fetchone()[0]
        assert chains == 0


def test_index_persists_across_runs_and_reopen(tmp_path: Path) -> None:
    story = all_stories()["homs-suburbs"]
    text = "\n".join(story.body)
    db = tmp_path / "a.db"
    first = Archive(db)
    run = first.start_run("saraya")
    _, root = first.archive(
        run, ArticleRecord("https://a.example/1", "saraya", "t", text), Capture("u", 200, {}, b"")
    )
    first.close()
    with Archive(db) as second:
        run = second.start_run("akhbar24")
        copy = "\n".join(VARIANTS["hamza"](VARIANTS["dateline"](list(story.body))))
        outcome, article_id = second.archive(
            run,
            ArticleRecord("https://b.example/9", "akhbar24", "t", copy),
            Capture("u", 200, {}, b""),
        )
        assert outcome is Outcome.DUPLICATE
        assert second.db["articles"].get(article_id)["duplicate_of"] == root


def test_near_duplicate_lookup_uses_the_band_index_not_a_scan(fresh_archive: Archive) -> None:
    from archive.dedup import BANDS, candidates_sql

    archive = fresh_archive
    plan = archive.db.execute(
        f"EXPLAIN QUERY PLAN {candidates_sql(BANDS)}", list(range(2 * BANDS))
    ).fetchall()
    detail = " ".join(str(row[-1]) for row in plan)
    assert "USING PRIMARY KEY" in detail
    assert "SCAN" not in detail


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_each_kind_of_edit_is_recognised(tmp_path: Path, variant: str) -> None:
    story = all_stories()["damascus-entry"]
    docs = [("damascus-entry", "original", "\n".join(story.body)),
            ("damascus-entry", variant, "\n".join(VARIANTS[variant](list(story.body))))]  # fmt: skip
    ids = archive_all(tmp_path / "a.db", docs)
    with Archive(tmp_path / "a.db") as archive:
        later = max(ids)
        assert archive.db["articles"].get(later)["duplicate_of"] == min(ids)


def test_no_statement_on_the_archive_write_path_scans_a_table(fresh_archive: Archive) -> None:
    """Every SELECT/UPDATE/DELETE that archiving runs, checked with EXPLAIN QUERY PLAN."""
    archive = fresh_archive
    run = archive.start_run("s")
    for i in range(30):  # some rows, so that the planner has something to choose between
        text = "\n".join(f"{s} {i}" for s in all_stories()["homs-suburbs"].body)
        archive.archive(
            run, ArticleRecord(f"https://a.example/{i}", "s", "t", text), Capture("u", 200, {}, b"")
        )
    statements: list[str] = []
    archive.db.conn.set_trace_callback(statements.append)
    story = all_stories()["damascus-entry"]
    text = "\n".join(story.body)
    archive.article_state("https://b.example/1", "https://b.example/1?x")
    archive.archive(
        run, ArticleRecord("https://b.example/1", "s", "t", text), Capture("u", 200, {}, b"")
    )
    archive.archive(
        run, ArticleRecord("https://b.example/1", "s", "t", text), Capture("u", 200, {}, b"")
    )
    archive.archive(
        run,
        ArticleRecord("https://b.example/1", "s", "t", text + " تحديث"),
        Capture("u", 200, {}, b""),
    )
    archive.write_batch(run, Batch(not_modified=[(1, "2030-01-01T00:00:00")]))
    archive.db.conn.set_trace_callback(None)
    checked = 0
    for sql in statements:
        if not sql.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE")):
            continue
        plan = " | ".join(row[-1] for row in archive.db.execute(f"EXPLAIN QUERY PLAN {sql}"))
        # sqlite_master (the schema, a few rows) is read by sqlite-utils itself; not a data table.
        scans = [p for p in plan.split(" | ") if p.startswith("SCAN") and "CONSTANT ROW" not in p
                 and "sqlite_master" not in p]  # fmt: skip
        assert not scans, (sql[:200], plan)
        checked += 1
    assert checked >= 8


def _copy(url: str, text: str, published: str | None) -> tuple[ArticleRecord, Capture]:
    record = ArticleRecord(url=url, source="s", title="t", text=text, published_at=published)
    return record, Capture(url, 200, {}, text.encode())


@pytest.mark.parametrize("order", ["original_first", "copy_first"])
def test_the_copy_published_first_is_the_root_whatever_the_arrival_order(
    tmp_path: Path, order: str
) -> None:
    story = next(iter(all_stories().values()))
    text = "\n".join(story.body)
    original = _copy("https://agency.example/1", text, "2024-12-07T10:00:00+03:00")
    reprint = _copy(
        "https://aggregator.example/9", "المصدر: وكالة\n" + text, "2024-12-07T12:30:00+03:00"
    )
    later = _copy("https://mirror.example/5", text + "\n" + ADDED, "2024-12-08")
    arrivals = (
        [original, reprint, later] if order == "original_first" else [reprint, later, original]
    )
    archive = Archive(tmp_path / "a.db")
    run = archive.start_run("s")
    outcomes, displaced = [], []
    for record, capture in arrivals:
        outcomes.append(archive.archive(run, record, capture)[0])
        displaced += archive.displaced  # what the crawl reports as re-rooted
    rows = {r["url"]: r for r in archive.db["articles"].rows}
    root = rows["https://agency.example/1"]
    if order == "copy_first":  # the reprint was the root until the original came
        reprint_id = rows["https://aggregator.example/9"]["id"]
        assert displaced == [Displaced(reprint_id, root["id"], run)]
    else:
        assert displaced == []
    assert root["duplicate_of"] is None
    for url in ("https://aggregator.example/9", "https://mirror.example/5"):
        assert rows[url]["duplicate_of"] == root["id"]  # straight at the root, never a chain
    # The near-duplicate index holds the root only: a fourth copy links to the original.
    fourth = _copy("https://fourth.example/2", text, None)
    _, fourth_id = archive.archive(run, *fourth)
    assert archive.db["articles"].get(fourth_id)["duplicate_of"] == root["id"]
    assert [r[0] for r in archive.db.execute("SELECT article_id FROM minhashes")] == [root["id"]]
    assert outcomes.count(Outcome.NEW) == (1 if order == "original_first" else 2)


def _run_counts(archive: Archive, run: int) -> tuple[int, int, int]:
    row = archive.db["runs"].get(run)
    return row["articles_new"], row["articles_duplicate"], row["articles_updated"]


def test_copies_in_one_batch_count_one_story_new_whichever_comes_first(tmp_path: Path) -> None:
    story = next(iter(all_stories().values()))
    text = "\n".join(story.body)
    reprint = _copy("https://aggregator.example/9", "المصدر: وكالة\n" + text, "2024-12-07T12:30")
    original = _copy("https://agency.example/1", text, "2024-12-07T10:00")
    archive = Archive(tmp_path / "a.db")
    run = archive.start_run("s")
    archive.write_batch(run, Batch(articles=[reprint, original]))
    assert _run_counts(archive, run) == (1, 1, 0)


def test_a_copy_that_a_correction_makes_part_of_an_older_story_becomes_its_root(
    tmp_path: Path,
) -> None:
    """The original's text came with so much chrome that it did not match the reprint archived
    before it; corrected in place, it joins the story and, published first, becomes its root:
    the reprint's run counts a copy, the original's a new story."""
    stories = iter(all_stories().values())
    text = "\n".join(next(stories).body)
    chrome = "\n".join("\n".join(s.body) for s in stories)
    archive = Archive(tmp_path / "a.db")
    first = archive.start_run("s")
    archive.archive(first, *_copy("https://aggregator.example/9", text, "2024-12-07T12:30"))
    second = archive.start_run("s")
    _, original = archive.archive(
        second, *_copy("https://agency.example/1", text + "\n" + chrome, "2024-12-07T10:00")
    )
    rows = {r["url"]: r for r in archive.db["articles"].rows}
    assert rows["https://agency.example/1"]["duplicate_of"] is None  # apart, before
    digest = rows["https://agency.example/1"]["content_hash"]
    assert archive.correct_texts([(original, text, digest)]) == 1
    rows = {r["url"]: r for r in archive.db["articles"].rows}
    assert rows["https://agency.example/1"]["duplicate_of"] is None
    assert rows["https://aggregator.example/9"]["duplicate_of"] == original
    assert _run_counts(archive, first) == (0, 1, 0)
    assert _run_counts(archive, second) == (1, 0, 0)
    assert [r[0] for r in archive.db.execute("SELECT article_id FROM minhashes")] == [original]


@pytest.mark.parametrize("how", ["in place", "with a version"])
def test_a_row_whose_new_text_leaves_its_story_counts_new_in_the_run_that_archived_it(
    tmp_path: Path, how: str
) -> None:
    """Two stories under the same long chrome looked like one: the second was archived as a
    copy. Its text without the chrome (corrected in place, or an edit with a version) is a
    story of its own, and the run that archived it counts a new story, not a copy."""
    stories = iter(all_stories().values())
    one, two = ("\n".join(next(stories).body) for _ in range(2))
    chrome = "\n".join("\n".join(s.body) for s in stories)
    archive = Archive(tmp_path / "a.db")
    first = archive.start_run("s")
    archive.archive(first, *_copy("https://site.example/1", one + "\n" + chrome, None))
    _, second = archive.archive(first, *_copy("https://site.example/2", two + "\n" + chrome, None))
    assert _run_counts(archive, first) == (1, 1, 0)  # glued by the chrome
    if how == "in place":
        digest = archive.db["articles"].get(second)["content_hash"]
        assert archive.correct_texts([(second, two, digest)]) == 1
    else:
        edit = archive.start_run("s")
        assert archive.archive(edit, *_copy("https://site.example/2", two, None))[0] is (
            Outcome.UPDATED
        )
        assert _run_counts(archive, edit) == (0, 0, 1)
    assert archive.db["articles"].get(second)["duplicate_of"] is None
    assert _run_counts(archive, first) == (2, 0, 0)


def test_a_re_rooted_story_moves_the_count_of_the_run_that_first_archived_the_old_root(
    tmp_path: Path,
) -> None:
    """The aggregator's copy came first (run 1) and was edited (run 2); the original arrives
    in run 3: run 1, which counted the copy as new, now counts it as a duplicate, and the
    edit stays an edit in run 2."""
    story = next(iter(all_stories().values()))
    text = "\n".join(story.body)
    archive = Archive(tmp_path / "a.db")
    first = archive.start_run("s")
    archive.archive(first, *_copy("https://aggregator.example/9", "المصدر: وكالة\n" + text,
                                  "2024-12-07T12:30"))  # fmt: skip
    edit = archive.start_run("s")
    archive.archive(edit, *_copy("https://aggregator.example/9", "المصدر: وكالة\n" + text
                                 + "\n" + ADDED, "2024-12-07T12:30"))  # fmt: skip
    third = archive.start_run("s")
    outcome, _ = archive.archive(
        third, *_copy("https://agency.example/1", text, "2024-12-07T10:00")
    )
    assert outcome is Outcome.NEW
    assert _run_counts(archive, first) == (0, 1, 0)
    assert _run_counts(archive, edit) == (0, 0, 1)
    assert _run_counts(archive, third) == (1, 0, 0)


def gold(day: int, prices: tuple[int, int, int, int]) -> str:
    return "\n".join(
        [
            f"سجلت أسعار الذهب في السوق المصرية اليوم {day} نوفمبر تراجعا بقيمة {prices[0] % 9} جنيهات"
            " للغرام، بحسب بيانات شعبة الذهب في الغرفة التجارية.",
            f"وبلغ سعر غرام الذهب عيار 21، الأكثر تداولا في مصر، {prices[0]} جنيها للبيع و{prices[1]}"
            f" جنيها للشراء، فيما سجل عيار 24 نحو {prices[2]} جنيها، وعيار 18 نحو {prices[3]} جنيها.",
            "وينصح خبراء السوق المواطنين الراغبين في الشراء بمتابعة الأسعار يوميا، وتجنب الشراء في"
            " أوقات الذروة، والتأكد من دمغة المصوغات قبل الشراء.",
        ]
    )


BOILERPLATE = (
    "يأتي هذا الخبر ضمن التغطية الخاصة التي تقدمها الصحيفة لمتابعة تطورات الأوضاع الاقتصادية"
    " والاجتماعية في المملكة، حيث يعمل فريق من المراسلين والمحررين على رصد آخر المستجدات ونقلها"
    " إلى القراء أولا بأول بدقة وموضوعية، مع الالتزام بمعايير المهنية والحياد وتقديم المعلومة"
    " الموثوقة من مصادرها الرسمية، ونرحب بملاحظات القراء واقتراحاتهم عبر البريد الإلكتروني."
    " ويمكن متابعة التغطية على مدار الساعة عبر الموقع والتطبيق."
)


def archived_roots(db: Path, docs: list[tuple[str, ...]]) -> list[int | None]:
    """Archive (title, text) pairs, or (title, text, published_at) triples, in order; each
    one's duplicate_of."""
    with Archive(db) as archive:
        run = archive.start_run("test")
        for i, (title, text, *published) in enumerate(docs):
            record = ArticleRecord(
                f"https://a.example/{i}", "test", title=title, text=text,
                published_at=published[0] if published else None,
            )  # fmt: skip
            archive.archive(run, record, Capture(record.url, 200, {}, text.encode()))
        rows = archive.db.execute("SELECT duplicate_of FROM articles ORDER BY id").fetchall()
    return [row[0] for row in rows]


def test_daily_reports_of_one_template_with_other_figures_are_different_stories(
    tmp_path: Path,
) -> None:
    days = [
        (
            f"أسعار الذهب اليوم {day} نوفمبر 2026 في مصر",
            gold(day, (3650 + k, 3630 + k, 4171 + k, 3128 + k)),
        )
        for k, day in enumerate((24, 25, 26, 27))
    ]
    assert archived_roots(tmp_path / "a.db", days) == [None, None, None, None]


def test_a_copy_that_adds_a_paragraph_of_new_figures_is_still_the_story(tmp_path: Path) -> None:
    report = gold(24, (3650, 3630, 4171, 3128))
    more = report + "\nوسجل سعر الجنيه الذهب 29200 جنيها، بينما بلغ سعر الأونصة 2650 دولارا."
    title = "أسعار الذهب اليوم 24 نوفمبر 2026 في مصر"
    assert archived_roots(tmp_path / "a.db", [(title, report), (title, more)]) == [None, 1]


def test_briefs_around_one_shared_paragraph_are_different_stories(tmp_path: Path) -> None:
    """Their shingles agree more than the copies' threshold asks (0.6): the shared paragraph is
    most of each."""
    briefs = [
        (
            "إغلاق طريق المطار لأعمال الصيانة",
            BOILERPLATE + "\nأعلنت أمانة العاصمة إغلاق طريق المطار بالاتجاهين لمدة يومين"
            " اعتبارا من صباح الخميس لإجراء أعمال صيانة عاجلة للجسر.",
        ),
        (
            "افتتاح معرض للحرف اليدوية في الزرقاء",
            BOILERPLATE + "\nافتتحت وزارة الثقافة معرضا للحرف اليدوية التراثية في مدينة الزرقاء"
            " بمشاركة خمسين حرفيا من مختلف المحافظات ويستمر أسبوعا.",
        ),
    ]
    assert archived_roots(tmp_path / "a.db", briefs) == [None, None]


# A wire story of four paragraphs (the statement of tests/test_article_text.py, less its fourth).
WIRE = [*STATEMENT[:3], STATEMENT[4]]
BACKGROUND = (
    "وكانت جولة المحادثات السابقة قد انتهت دون نتائج ملموسة بعد أن تمسك كل طرف بمواقفه المعلنة"
    " من القضايا الخلافية الرئيسية بين البلدين."
)
INTRO = (
    "في تطور لافت على صعيد العلاقات الإقليمية، أعلنت مصادر رسمية عن موعد جديد للقاءات بين"
    " الجانبين بعد انقطاع طويل أثار مخاوف المراقبين."
)


def test_a_retitled_copy_that_adds_an_intro_and_drops_the_background_is_the_story(
    tmp_path: Path,
) -> None:
    wire = ("استئناف المحادثات بين البلدين الأسبوع المقبل", "\n".join([*WIRE, BACKGROUND]))
    copy = ("لقاء مرتقب على مستوى القمة", "\n".join([INTRO, *WIRE]))
    assert archived_roots(tmp_path / "a.db", [wire, copy]) == [None, 1]


def test_figures_written_with_arabic_separators_agree_with_the_same_figures_in_latin(
    tmp_path: Path,
) -> None:
    report = (
        "أغلق مؤشر البورصة الرئيسي اليوم عند 2,450.75 نقطة مرتفعا بنسبة 1.25 في المئة بتداولات"
        " بلغت 315,200 سهم بقيمة 48,900 دينار وسط نشاط ملحوظ في أسهم قطاع البنوك والتأمين."
    )
    eastern = report.translate(str.maketrans("0123456789,.", "٠١٢٣٤٥٦٧٨٩٬٫"))
    copy = "عمان - بترا - " + eastern + "\nوقال محللون إن الأداء يعكس تحسن ثقة المستثمرين بالسوق."
    title = "البورصة تغلق على ارتفاع"
    assert archived_roots(tmp_path / "a.db", [(title, report), (title, copy)]) == [None, 1]


def test_briefs_around_two_shared_paragraphs_are_different_stories(tmp_path: Path) -> None:
    half = len(BOILERPLATE) // 2
    cut = BOILERPLATE.index("،", half) + 1
    two = BOILERPLATE[:cut] + "\n" + BOILERPLATE[cut:].strip()
    briefs = [
        ("إغلاق طريق المطار لأعمال الصيانة", two + "\nأعلنت أمانة العاصمة إغلاق طريق المطار"
         " بالاتجاهين لمدة يومين اعتبارا من صباح الخميس لإجراء أعمال صيانة عاجلة للجسر."),
        ("افتتاح معرض للحرف اليدوية في الزرقاء", two + "\nافتتحت وزارة الثقافة معرضا للحرف"
         " اليدوية التراثية في مدينة الزرقاء بمشاركة خمسين حرفيا من مختلف المحافظات."),
    ]  # fmt: skip
    assert archived_roots(tmp_path / "a.db", briefs) == [None, None]


def test_a_retitled_copy_with_its_lead_rewritten_is_the_story(tmp_path: Path) -> None:
    lead = (
        "عمان - أعلن وزير الخارجية اليوم أن محادثات البلدين ستعود الأسبوع المقبل في العاصمة بعد"
        " أشهر من التوقف بسبب خلافات حول الملفات العالقة."
    )
    wire = ("استئناف المحادثات بين البلدين الأسبوع المقبل", "\n".join(WIRE[:3]))
    copy = ("عودة الحوار بين العاصمتين", "\n".join([lead, *WIRE[1:3]]))
    assert archived_roots(tmp_path / "a.db", [wire, copy]) == [None, 1]


ECONOMY = [
    "وأوضح التقرير أن معدل النمو الاقتصادي بلغ {g} في المائة خلال الفصل الثالث مقابل {g0} في"
    " المائة في الفترة نفسها من السنة الماضية، مدعوما بتحسن أداء القطاع الفلاحي.",
    "وأضاف أن معدل التضخم تراجع إلى {i} في المائة، فيما استقر معدل البطالة عند {u} في المائة،"
    " وهو مستوى لا يزال مرتفعا حسب المندوبية.",
    "وسجل عجز الميزانية {d} في المائة من الناتج الداخلي الإجمالي، في حين ارتفعت الاستثمارات"
    " العمومية بنسبة {inv} في المائة.",
    "وتتوقع المندوبية أن يواصل الاقتصاد الوطني تعافيه خلال السنة المقبلة بفضل انتعاش الطلب"
    " الداخلي وتحسن الصادرات.",
]


def test_a_copy_that_writes_decimals_with_a_comma_is_the_story(tmp_path: Path) -> None:
    dots = dict(g="3.5", g0="2.8", i="1.9", u="13.6", d="4.3", inv="7.2")
    commas = {k: v.replace(".", ",") for k, v in dots.items()}
    one = [
        "الرباط - أعلنت المندوبية السامية للتخطيط، اليوم الثلاثاء، أن الاقتصاد الوطني حقق نموا"
        " خلال الفصل الثالث من السنة الجارية.",
        *[p.format(**dots) for p in ECONOMY],
        "ويأتي هذا التقرير في إطار النشرة الفصلية التي تصدرها المندوبية.",
    ]
    other = [
        "كشفت المندوبية السامية للتخطيط في مذكرة إخبارية حديثة عن تحسن وتيرة النمو الاقتصادي في"
        " المغرب خلال الفصل الثالث.",
        *[p.format(**commas) for p in ECONOMY],
        "وكانت المندوبية قد توقعت في وقت سابق تباطؤ النمو بسبب الجفاف.",
    ]
    docs = [("نمو الاقتصاد 3.5% في الفصل الثالث", "\n".join(one)),
            ("تحسن وتيرة النمو الاقتصادي في المغرب", "\n".join(other))]  # fmt: skip
    assert archived_roots(tmp_path / "a.db", docs) == [None, 1]


def test_a_copy_whose_rewritten_lead_rounds_the_figures_is_the_story(tmp_path: Path) -> None:
    body = [
        "وأفادت هيئة الدفاع المدني بأن فرق الإنقاذ تواصل البحث عن ناجين تحت أنقاض المباني المنهارة"
        " في القرى الجبلية، وسط صعوبات كبيرة بسبب انقطاع الطرق وسوء الأحوال الجوية.",
        "وقال مسؤول محلي إن المستشفيات في المنطقة تعمل بأقصى طاقتها، وإن السلطات أقامت مخيمات"
        " مؤقتة لإيواء العائلات التي فقدت منازلها، داعيا إلى تقديم مساعدات عاجلة.",
        "وأعلنت الحكومة الحداد الوطني لمدة ثلاثة أيام، فيما وصلت طائرات محملة بالمساعدات الإنسانية"
        " من عدة دول عربية وأجنبية إلى مطار المدينة.",
    ]
    wire = (
        "ضرب زلزال بقوة 6.3 درجة على مقياس ريختر منطقة الأطلس الكبير فجر الأحد، ما أسفر عن مقتل 27"
        " شخصا وإصابة 134 آخرين وانهيار 212 منزلا، حسب حصيلة أولية لوزارة الداخلية."
    )
    rewrite = (
        "لقي نحو 30 شخصا حتفهم وأصيب أكثر من 130 آخرين في زلزال بلغت قوته 6 درجات ضرب منطقة"
        " الأطلس الكبير فجر اليوم الأحد، فيما انهار أكثر من 200 منزل."
    )
    docs = [("زلزال الأطلس الكبير: 27 قتيلا", "\n".join([wire, *body])),
            ("نحو 30 قتيلا في زلزال يضرب الأطلس", "\n".join([rewrite, *body]))]  # fmt: skip
    assert archived_roots(tmp_path / "a.db", docs) == [None, 1]


def test_two_releases_of_one_office_around_its_opening_and_closing_are_two_stories(
    tmp_path: Path,
) -> None:
    opening = (
        "صرح الناطق الإعلامي باسم مديرية الأمن العام بأن الأجهزة الأمنية المختصة تواصل جهودها"
        " الحثيثة في متابعة القضايا والبلاغات الواردة إليها على مدار الساعة حفاظا على أمن"
        " المواطنين وممتلكاتهم"
    )
    closing = (
        "وتهيب مديرية الأمن العام بالمواطنين ضرورة الإبلاغ عن أي نشاط مشبوه أو مخالفة عبر الاتصال"
        " بالرقم المجاني للطوارئ أو من خلال التطبيق الإلكتروني للمديرية مؤكدة أن هوية المبلغ تبقى"
        " سرية"
    )
    raid = (
        "وأوضح أنه تم القبض على شخصين في محافظة الزرقاء بعد ضبط كمية من المواد المخدرة بحوزتهما"
        " أثناء مداهمة منزل في أحد الأحياء وجرى تحويلهما إلى الجهات القضائية المختصة"
    )
    chase = (
        "وأوضح أنه تم القبض على مطلوب خطير في محافظة إربد بعد تبادل لإطلاق النار مع قوة أمنية"
        " حاولت توقيفه على طريق رئيسي وجرى تحويله إلى الجهات القضائية المختصة"
    )
    docs = [("ضبط مواد مخدرة بحوزة شخصين في الزرقاء", "\n".join([opening, raid, closing])),
            ("مطلوب خطير في قبضة الأمن بعد تبادل لإطلاق النار بإربد",
             "\n".join([opening, chase, closing]))]  # fmt: skip
    assert archived_roots(tmp_path / "a.db", docs) == [None, None]


def test_another_days_report_whose_template_says_up_instead_of_down_is_another_story(
    tmp_path: Path,
) -> None:
    advice = (
        "\nويرى متعاملون في سوق الصاغة أن حركة الأسعار ترتبط بسعر الأوقية عالميا وسعر صرف الدولار"
        " في السوق المحلية، إلى جانب مستوى الطلب في موسم الأعراس."
        "\nوتنصح شعبة الذهب المستهلكين بالاحتفاظ بفواتير الشراء والتأكد من وزن القطعة وعيارها"
        " قبل دفع ثمنها، تجنبا لأي خلاف لاحق مع البائع."
    )
    down = gold(24, (3650, 3630, 4171, 3128)) + advice
    up = gold(25, (3662, 3641, 4185, 3139)).replace("تراجعا", "ارتفاعا").replace("وبلغ", "ووصل")
    up += advice
    docs = [("أسعار الذهب اليوم 24 نوفمبر 2026 في مصر", down),
            ("أسعار الذهب اليوم 25 نوفمبر 2026 في مصر", up)]  # fmt: skip
    assert archived_roots(tmp_path / "a.db", docs) == [None, None]


BLAST = [
    "وأفادت مصادر طبية بأن المصابين نقلوا إلى ثلاثة مستشفيات في المدينة، وأن حالة عدد منهم"
    " خطيرة، فيما أعلنت وزارة الصحة حالة الطوارئ القصوى.",
    "وقال شهود عيان إن الانفجار وقع قرب سوق شعبي مزدحم في ساعة الذروة، وإن سيارات الإسعاف"
    " وصلت بعد دقائق من وقوعه وسط حالة من الذعر.",
    "ولم تتبن أي جهة المسؤولية عن الهجوم حتى الآن، فيما فتحت السلطات تحقيقا لمعرفة ملابساته.",
]


def test_a_copy_that_updates_the_toll_and_adds_a_paragraph_is_the_story(tmp_path: Path) -> None:
    body = BLAST
    first = ["قتل 25 شخصا وأصيب 40 آخرون في انفجار 3 سيارات مفخخة وسط المدينة اليوم.", *body]
    update = [
        "قتل 31 شخصا وأصيب 52 آخرون في انفجار 4 سيارات مفخخة وسط المدينة اليوم.",
        *body,
        "وأدان رئيس الحكومة الهجوم في بيان، وتعهد بملاحقة منفذيه وتقديمهم إلى العدالة.",
    ]
    docs = [("انفجار وسط المدينة", "\n".join(first)),
            ("ارتفاع حصيلة انفجار وسط المدينة", "\n".join(update))]  # fmt: skip
    assert archived_roots(tmp_path / "a.db", docs) == [None, 1]


def test_flashes_of_one_wording_with_other_figures_and_places_are_different_events(
    tmp_path: Path,
) -> None:
    flashes = [
        (
            f"عاجل: استشهاد {n} فلسطينيين في قصف إسرائيلي على {place}",
            f"استشهد {n} فلسطينيين وأصيب آخرون بجروح، اليوم، في قصف إسرائيلي استهدف منزلا في"
            f" {place} جنوب قطاع غزة، وفق ما أفادت مصادر طبية.",
        )
        for n, place in ((3, "خان يونس"), (5, "رفح"), (4, "دير البلح"), (6, "النصيرات"))
    ]
    assert archived_roots(tmp_path / "a.db", flashes) == [None, None, None, None]


def test_a_flash_copied_word_for_word_is_the_story(tmp_path: Path) -> None:
    flash = (
        "استشهد 3 فلسطينيين وأصيب آخرون بجروح، اليوم، في قصف إسرائيلي استهدف منزلا في"
        " خان يونس جنوب قطاع غزة، وفق ما أفادت مصادر طبية."
    )
    docs = [("عاجل: قصف على خان يونس", flash), ("قصف على خان يونس", flash + " (وكالات)")]
    assert archived_roots(tmp_path / "a.db", docs) == [None, 1]


@pytest.mark.parametrize(
    "stamp",
    [
        "الأحد 12 مايو 2024 - ", "(12/5/2024) ", "غزة - 12 مايو 2024 - ", "[2024-05-12 14:30] ",
        "4 ذو القعدة 1445هـ - ", "السبت 12-5 - ", "الساعة 14.30 - ", "الجمعة 5 آب 2024 - ",
    ],
)  # fmt: skip
def test_a_flash_copied_under_a_date_of_the_aggregators_is_the_story(
    tmp_path: Path, stamp: str
) -> None:
    """Figures added (its date), none changed: a copy, not another day's flash."""
    flash = "استشهاد 3 فلسطينيين في قصف إسرائيلي على منزل في خان يونس جنوب قطاع غزة."
    docs = [("قصف على خان يونس", flash), ("قصف على خان يونس", stamp + flash)]
    assert archived_roots(tmp_path / "a.db", docs) == [None, 1]


FLASH = (
    "أعلنت مصادر طبية مقتل {} وإصابة آخرين بجروح متفاوتة في حادث سير مروع وقع على الطريق"
    " الصحراوي جنوب العاصمة مساء اليوم الأحد، ونقل المصابون إلى مستشفى المدينة الحكومي لتلقي"
    " العلاج، فيما باشرت الأجهزة الأمنية التحقيق في ملابسات الحادث وأسبابه، وأغلقت الطريق أمام"
    " حركة السير لساعات."
)


@pytest.mark.parametrize("more", ["5 أشخاص بينهم 3 أطفال", "3 أشخاص ونفوق 2000 رأس من الماشية"])
def test_a_flash_that_adds_a_count_to_anothers_figure_is_another_report(
    tmp_path: Path, more: str
) -> None:
    """ "3" and "5, 3 of them children": figures added that are no date are another toll."""
    docs = [("حادث سير", FLASH.format("3 أشخاص")), ("حادث سير", FLASH.format(more))]
    assert archived_roots(tmp_path / "a.db", docs) == [None, None]


# The three paragraphs a ministry puts under each of its releases.
MINISTRY = [
    "وتعمل وزارة المياه والري منذ تأسيسها على تنفيذ خطة وطنية شاملة لإدارة الموارد المائية في"
    " المملكة وتطوير البنية التحتية لشبكات المياه والصرف الصحي في جميع المحافظات بالتعاون مع"
    " الشركاء المحليين والدوليين.",
    "وتؤكد الوزارة أن المملكة تعد من أفقر دول العالم مائيا إذ لا تتجاوز حصة الفرد السنوية من"
    " المياه نحو تسعين مترا مكعبا وهو رقم يقل كثيرا عن خط الفقر المائي العالمي المحدد بخمسمئة"
    " متر مكعب للفرد.",
    "وتدعو الوزارة المواطنين إلى ترشيد الاستهلاك والإبلاغ عن أي اعتداءات على خطوط المياه أو حالات"
    " هدر عبر مركز الشكاوى الموحد الذي يعمل على مدار الساعة طوال أيام الأسبوع.",
]
RELEASES = [
    (
        "وزارة المياه تعلن صيانة خط ناقل رئيسي في عمان",
        [
            "أعلنت وزارة المياه والري بدء أعمال صيانة طارئة على الخط الناقل الرئيسي المغذي لمناطق"
            " غرب عمان بعد رصد تسرب كبير قرب منطقة الدوار السابع صباح اليوم.",
            "وقالت الوزارة إن الأعمال ستستمر يومين وإن صهاريج ستزود المستشفيات والمدارس في المناطق"
            " المتأثرة بالمياه طوال فترة الانقطاع، وإن كوادرها الفنية تعمل على مدار الساعة لإنجاز"
            " الإصلاحات قبل الموعد المحدد.",
        ],
    ),
    (
        "وزارة المياه تضبط اعتداءات على خطوط المياه في إربد",
        [
            "ضبطت فرق وزارة المياه والري خمسة عشر اعتداء على خطوط رئيسية في لواء الرمثا بمحافظة"
            " إربد خلال حملة نفذتها بمشاركة الأجهزة الأمنية على مدى ثلاثة أيام.",
            "وأوضحت أن الاعتداءات شملت وصلات مخالفة لري مزارع وتعبئة صهاريج، وأن المخالفين سيحالون"
            " إلى القضاء وفق أحكام قانون سلطة المياه، وأن الحملة ستمتد إلى ألوية الكورة والأغوار"
            " الشمالية خلال الأسابيع المقبلة.",
        ],
    ),
    (
        "وزارة المياه: بدء ضخ المياه لمناطق جبل عمان بعد انتهاء الصيانة",
        [
            "بدأت الوزارة مساء الثلاثاء ضخ المياه إلى مناطق جبل عمان واللويبدة بعد انتهاء أعمال تأهيل"
            " محطة الضخ التي استمرت أسبوعا كاملا.",
        ],
    ),
    (
        "وزارة المياه تحيل 12 مخالفا إلى القضاء في المفرق",
        [
            "أحالت الوزارة اثني عشر شخصا إلى القضاء في محافظة المفرق بعد ضبط آبار مخالفة حفرت دون"
            " ترخيص في البادية الشمالية خلال الشهر الماضي.",
        ],
    ),
]


def test_releases_around_the_offices_recurring_paragraphs_are_different_stories(
    tmp_path: Path,
) -> None:
    """Each release has a paragraph or two of news of its own above the ministry's three: once
    two stories carry them, they say nothing of which story a release tells (a release of one
    short paragraph shares most of its shingles with each other release). An agency's copy of
    one, with its dateline and another headline, is still that release."""
    docs = [(title, "\n".join([*own, *MINISTRY])) for title, own in RELEASES]
    copy = ("بدء ضخ المياه إلى جبل عمان واللويبدة",
            "عمان (بترا) - " + docs[2][1])  # fmt: skip
    assert archived_roots(tmp_path / "a.db", [*docs, copy]) == [None, None, None, None, 3]


def test_copies_of_an_original_whose_text_became_another_story_leave_it_as_one_story(
    tmp_path: Path,
) -> None:
    """The original's text is wholly replaced (version 2): its two copies no longer tell its
    story. They stay one story, rooted at the one published first, and the original keeps
    none; an edit that keeps the story keeps its copies."""
    stories = iter(all_stories().values())
    first, other = ("\n".join(next(stories).body) for _ in range(2))
    archive = Archive(tmp_path / "a.db")
    run = archive.start_run("s")
    _, original = archive.archive(
        run, *_copy("https://agency.example/1", first, "2024-12-07T08:00")
    )
    _, late = archive.archive(run, *_copy("https://a.example/2", "دمشق - (وكالات) " + first,
                                          "2024-12-07T12:00"))  # fmt: skip
    _, early = archive.archive(run, *_copy("https://b.example/3", first + "\n" + ADDED,
                                           "2024-12-07T09:00"))  # fmt: skip
    roots = dict(archive.db.execute("SELECT id, duplicate_of FROM articles"))
    assert roots == {original: None, late: original, early: original}
    edit = archive.start_run("s")
    kept = archive.archive(edit, *_copy("https://agency.example/1", first + "\n" + ADDED,
                                        "2024-12-07T08:00"))  # fmt: skip
    assert kept[0] is Outcome.UPDATED
    assert dict(archive.db.execute("SELECT id, duplicate_of FROM articles")) == roots
    archive.archive(edit, *_copy("https://agency.example/1", other, "2024-12-07T08:00"))
    rows = {r["id"]: (r["duplicate_of"], r["version"]) for r in archive.db["articles"].rows}
    assert rows == {original: (None, 3), late: (early, 1), early: (None, 1)}
    indexed = {r[0] for r in archive.db.execute("SELECT article_id FROM minhashes")}
    assert indexed == {original, early}
    assert _run_counts(archive, run) == (2, 1, 0)


@pytest.mark.parametrize(
    ("first", "then", "root"),
    [
        # a print rendering of the source's own, undated, came first: the dated article is
        # its story's root (it was published before the print page was first seen)
        (("https://agency.example/print/1", None), ("https://agency.example/1", "2024-12-07T10:00:00+03:00"), "https://agency.example/1"),
        # the same clock, written with and without its zone: the copy that says its zone
        (("https://agency.example/m/1", "2024-12-07T10:00:00"), ("https://agency.example/1", "2024-12-07T10:00:00+03:00"), "https://agency.example/1"),
        # another source's undated original may be older than a dated copy seen after it
        (("https://agency.example/1", None), ("https://aggregator.example/9", "2024-12-07T12:30:00+03:00"), "https://agency.example/1"),
    ],
)  # fmt: skip
def test_an_undated_or_zoneless_rendering_of_the_sources_own_gives_way_to_its_article(
    tmp_path: Path, first: tuple[str, str | None], then: tuple[str, str | None], root: str
) -> None:
    text = "\n".join(next(iter(all_stories().values())).body)
    archive = Archive(tmp_path / "a.db")
    run = archive.start_run("s")
    for url, published in (first, then):
        record, capture = _copy(url, text, published)
        source = "agency" if "agency" in url else "aggregator"
        archive.archive(run, replace(record, source=source), capture)
    rows = {r["url"]: r for r in archive.db["articles"].rows}
    assert rows[root]["duplicate_of"] is None
    assert all(r["duplicate_of"] == rows[root]["id"] for url, r in rows.items() if url != root)


LEAGUE = [
    "ويحتل الفريق المركز الثاني في جدول الترتيب برصيد ثماني عشرة نقطة بفارق نقطتين عن المتصدر"
    " الذي خاض مباراة أقل، فيما يحتل الوصيف السابق المركز الرابع بعد سلسلة من النتائج المتواضعة.",
    "ويشارك في الدوري هذا الموسم ستة عشر فريقا يتنافسون على اللقب والمقاعد المؤهلة إلى البطولات"
    " القارية، بينما يهبط صاحبا المركزين الأخيرين إلى دوري الدرجة الأولى في نهاية الموسم.",
    "وكانت رابطة الدوري قد أعلنت في بداية الموسم عن تعديلات على نظام المسابقة تشمل زيادة عدد"
    " التبديلات المسموح بها واعتماد تقنية الفيديو في جميع الملاعب للمرة الأولى في تاريخ البطولة.",
    "ويستأنف الدوري منافساته الأسبوع المقبل بعد فترة التوقف الدولية التي تشارك فيها المنتخبات"
    " الوطنية في التصفيات المؤهلة إلى كأس العالم، وسط توقعات بمنافسة قوية على الصدارة.",
    "وتعاقدت الأندية خلال فترة الانتقالات الصيفية مع عدد كبير من اللاعبين الأجانب لتعزيز"
    " صفوفها، في حين اكتفت أندية أخرى بتصعيد لاعبين شبان من فرق الفئات العمرية.",
    "وتشير إحصاءات الرابطة إلى ارتفاع معدل الأهداف في المباراة الواحدة مقارنة بالموسم الماضي،"
    " كما تراجعت أعداد البطاقات الحمراء بعد حملات التوعية التي نظمتها لجنة الحكام.",
    "ويأمل الاتحاد المحلي أن يسهم تطوير المسابقة في رفع مستوى المنتخب الوطني قبل مشاركته في"
    " نهائيات كأس آسيا المقررة في الصيف المقبل بمشاركة أربعة وعشرين منتخبا.",
    "وتنقل قناتان رياضيتان مباريات الدوري على الهواء مباشرة بموجب عقد بث جديد يمتد ثلاثة مواسم"
    " بقيمة تفوق ما دفعته الشركات في العقد السابق بنحو الضعف وفق بيان الرابطة.",
]
LEADS = [
    "فاز الفيصلي على ضيفه الوحدات بثلاثة أهداف مقابل هدف في مباراة مثيرة شهدت طرد لاعبين"
    " وإهدار ركلة جزاء في الشوط الثاني أمام جماهير غفيرة ملأت مدرجات الملعب.",
    "تعادل الرمثا مع الحسين إربد سلبيا في لقاء افتقد للفرص الحقيقية على المرميين وسط أجواء"
    " ماطرة أثرت على أرضية الملعب وأداء اللاعبين طوال التسعين دقيقة.",
    "اكتسح الجزيرة مضيفه شباب الأردن بخماسية نظيفة سجل منها مهاجمه الجديد ثلاثية في أول ظهور"
    " له مع الفريق منذ انتقاله من الدوري السعودي في فترة الانتقالات الصيفية.",
]


def test_one_templates_reports_over_one_background_are_different_stories(tmp_path: Path) -> None:
    """Each match's report opens with its own lead over the league's same eight paragraphs
    (most of the text: MinHash calls them one story outright), under one template's title
    with its own figures: each is a story."""
    templated = [(f"نتيجة مباراة الجولة {n} في الدوري", "\n".join([lead, *LEAGUE]))
                 for n, lead in enumerate(LEADS, 5)]  # fmt: skip
    assert archived_roots(tmp_path / "a.db", templated) == [None, None, None]


def test_two_sites_rewriting_a_wire_storys_lead_and_title_carry_one_story(tmp_path: Path) -> None:
    """Each leads and titles it in its own words over the wire's paragraphs: one story."""
    wire = [
        "وأوضح المتحدث باسم الوزارة أن القرار جاء بعد تقييم شامل للأوضاع الأمنية على الجانب"
        " الآخر من الحدود خلال الأيام الماضية.",
        "وأضاف أن حركة الشاحنات والمسافرين ستتوقف حتى إشعار آخر، وأن الجهات المختصة ستعلن عن"
        " أي مستجدات في حينه عبر القنوات الرسمية.",
        "ودعا المواطنين الموجودين في الجانب السوري إلى التواصل مع السفارة الأردنية في دمشق"
        " لترتيب عودتهم بأسرع وقت ممكن.",
        "وكانت الحكومة قد رفعت درجة الاستعداد على طول الحدود الشمالية منذ مطلع الأسبوع، ونشرت"
        " تعزيزات إضافية قرب المعابر.",
        "ويعد المعبر الشريان التجاري الأهم بين البلدين، إذ تمر عبره مئات الشاحنات يوميا محملة"
        " بالبضائع والمنتجات الزراعية.",
    ]
    leads = {
        "الأردن يغلق معبر جابر": "قررت السلطات الأردنية إغلاق معبر جابر الحدودي مع سوريا"
        " اعتبارا من صباح الأحد بسبب تدهور الأوضاع الأمنية.",
        "إغلاق المنفذ البري الرئيسي باتجاه دمشق احترازيا": "أغلقت عمان منفذها البري الرئيسي"
        " باتجاه دمشق صباح اليوم، في خطوة احترازية عقب اشتباكات عنيفة قرب درعا.",
    }
    docs = [(title, "\n".join([lead, *wire])) for title, lead in leads.items()]
    assert archived_roots(tmp_path / "a.db", docs) == [None, 1]


SHUJAIYA = [
    "قالت وزارة الصحة في غزة إن ثلاثة فلسطينيين قتلوا وأصيب عشرة آخرون في قصف استهدف منزلا في"
    " حي الشجاعية شرق المدينة فجر اليوم الأحد.",
    "وأوضحت الوزارة في بيان أن طواقم الإسعاف نقلت المصابين إلى مستشفى المعمداني، وأن بعضهم في"
    " حالة خطيرة.",
    "وأفاد شهود عيان بأن القصف دمر المنزل بالكامل وألحق أضرارا بالمنازل المجاورة، فيما تواصل"
    " فرق الدفاع المدني البحث عن مفقودين تحت الأنقاض.",
    "ويأتي القصف بعد ساعات من إعلان الجيش الإسرائيلي توسيع عملياته في شمال القطاع، وسط تحذيرات"
    " أممية من تدهور الوضع الإنساني.",
    "وقالت وكالة الأمم المتحدة لإغاثة وتشغيل اللاجئين إن أكثر من مئة ألف شخص نزحوا خلال الأسبوع"
    " الماضي وحده من المناطق الشرقية.",
]


@pytest.mark.parametrize(
    ("wire", "copy"),
    [
        ("", "غزة - "),
        ("", "(وكالات) - "),
        ("", "القاهرة - أ ش أ - "),
        ("", "غزة-"),
        ("", "عمان في 8 كانون الأول 2024 - "),
        ("", "Gaza (Reuters) - "),
        ("رفح - ", "غزة: "),  # each its own
        ("غزة (وكالات) - ", ""),  # the copy drops the wire's
    ],
)
def test_a_wire_copy_with_a_dateline_and_its_titles_figure_updated_is_the_story(
    tmp_path: Path, wire: str, copy: str
) -> None:
    """The same text word for word, a dateline before its lead and the toll in its title
    updated: the lead is the wire's, not one of its own (not one template's two reports)."""
    docs = [
        ("مقتل 3 فلسطينيين في قصف على حي الشجاعية", "\n".join([wire + SHUJAIYA[0], *SHUJAIYA[1:]])),
        ("مقتل 5 فلسطينيين في قصف على حي الشجاعية", "\n".join([copy + SHUJAIYA[0], *SHUJAIYA[1:]])),
    ]  # fmt: skip
    assert archived_roots(tmp_path / "a.db", docs) == [None, 1]


def test_one_templates_reports_each_under_a_dateline_are_different_stories(
    tmp_path: Path,
) -> None:
    """A dateline before each match's own lead does not make the leads one."""
    templated = [(f"نتيجة مباراة الجولة {n} في الدوري", "\n".join([f"عمان - {lead}", *LEAGUE]))
                 for n, lead in enumerate(LEADS, 5)]  # fmt: skip
    assert archived_roots(tmp_path / "a.db", templated) == [None, None, None]


BULLETIN = [
    "سجل سعر غرام الذهب عيار 21 في الأسواق الأردنية اليوم {price} دينارا للبيع، بحسب النشرة"
    " اليومية التي تصدرها النقابة العامة لأصحاب محلات تجارة وصياغة الحلي والمجوهرات.",
    "وتنشر النقابة أسعار الذهب مرتين يوميا على موقعها الإلكتروني وصفحاتها على مواقع التواصل"
    " الاجتماعي، وتدعو المواطنين إلى التأكد من الأسعار قبل الشراء.",
]


@pytest.mark.parametrize(
    ("second", "apart"),
    [("2026-11-27T09:00:00+03:00", True), ("2026-11-26T13:30:00+03:00", False)],
)
def test_one_templates_bulletin_of_another_day_with_one_figure_changed_is_another_story(
    tmp_path: Path, second: str, apart: bool
) -> None:
    """The same title, the same words, one price changed: the next day's bulletin is
    another story (it was a copy, and left the day's "one per story" reading); the same
    bulletin corrected hours later is the story."""
    title = "أسعار الذهب في الأردن اليوم"
    docs = [
        (title, "\n".join(BULLETIN).format(price="58.40"), "2026-11-26T09:00:00+03:00"),
        (title, "\n".join(BULLETIN).format(price="58.90"), second),
    ]
    assert archived_roots(tmp_path / "a.db", docs) == [None, None if apart else 1]


def test_two_matches_of_one_template_a_week_apart_are_two_stories(tmp_path: Path) -> None:
    match = (
        "فاز فريق الحسين إربد على ضيفه الفيصلي بنتيجة {score} في المباراة التي جمعتهما مساء اليوم"
        " على ستاد الحسن في إربد ضمن منافسات دوري المحترفين لكرة القدم.\nوبهذه النتيجة عزز"
        " الحسين صدارته لترتيب الدوري، فيما تجمد رصيد الفيصلي في المركز الرابع بانتظار مباراته"
        " المؤجلة أمام الرمثا الأسبوع المقبل."
    )
    docs = [
        ("الحسين إربد يفوز على الفيصلي", match.format(score="2-1"), "2026-11-20T21:00:00+03:00"),
        ("الحسين إربد يفوز على الفيصلي", match.format(score="3-1"), "2026-11-27T21:00:00+03:00"),
    ]
    assert archived_roots(tmp_path / "a.db", docs) == [None, None]


DISCLAIMER = [
    "وتؤكد الوزارة أن المعلومات الواردة في هذا البيان مستندة إلى البيانات المتوفرة لديها حتى"
    " تاريخ صدوره، وأنها ستقوم بتحديثها كلما توفرت معطيات جديدة من الجهات المعنية.",
    "وتدعو الوزارة وسائل الإعلام والمواطنين إلى استقاء المعلومات من مصادرها الرسمية وعدم تداول"
    " الشائعات أو الأخبار غير الموثوقة عبر منصات التواصل الاجتماعي.",
    "ويمكن للمواطنين التواصل مع الوزارة على الرقم المجاني أو عبر تطبيقها الإلكتروني على مدار"
    " الساعة لتقديم الاستفسارات والشكاوى والإبلاغ عن أي حالات طارئة.",
]


def test_releases_of_one_office_around_three_shared_closing_paragraphs_are_different_stories(
    tmp_path: Path,
) -> None:
    """Each release's own two paragraphs are its news, unrelated to the other's, under an
    unrelated title: the ministry's three closing paragraphs do not make them one story
    (and a third release joined the first's story, whose paragraphs those were)."""
    releases = [
        ("انطلاق حملة التطعيم ضد الإنفلونزا الموسمية في المدارس", [
            "أعلنت وزارة الصحة انطلاق حملة التطعيم ضد الإنفلونزا الموسمية في المدارس الحكومية.",
            "وتستمر الحملة ثلاثة أسابيع وتشمل طلبة الصفوف الأولى.",
        ]),
        ("تحذير من منتجات ألبان غير مرخصة بعد حالات تسمم", [
            "حذرت وزارة الصحة من منتجات ألبان تباع في محال غير مرخصة بعد حالات تسمم في قرية.",
            "وأتلفت فرق الرقابة كميات من الأجبان مجهولة المصدر.",
        ]),
        ("تسجيل اثنتي عشرة إصابة بالحصبة في العاصمة", [
            "سجلت مديرية صحة العاصمة اثنتي عشرة إصابة بالحصبة بين أطفال لم يتلقوا المطعوم.",
            "ودعت الأهالي إلى استكمال مطاعيم أطفالهم مجانا.",
        ]),
    ]  # fmt: skip
    docs = [(title, "\n".join([*own, *DISCLAIMER])) for title, own in releases]
    assert archived_roots(tmp_path / "a.db", docs) == [None, None, None]


def test_a_wire_story_republished_the_next_day_with_its_toll_updated_is_the_story(
    tmp_path: Path,
) -> None:
    body = [
        *BLAST,
        "وأدان رئيس الحكومة الهجوم في بيان، وتعهد بملاحقة منفذيه وتقديمهم إلى العدالة.",
        "وكانت المدينة قد شهدت هجمات مماثلة خلال الأشهر الماضية أسفرت عن سقوط عشرات الضحايا.",
    ]
    first = ["ارتفع عدد ضحايا انفجار وسط المدينة إلى 25 قتيلا و40 جريحا.", *body]
    later = ["ارتفع عدد ضحايا انفجار وسط المدينة إلى 31 قتيلا و52 جريحا.", *body]
    docs = [("انفجار وسط المدينة", "\n".join(first), "2026-11-26T20:00:00+03:00"),
            ("انفجار وسط المدينة", "\n".join(later), "2026-11-27T20:00:00+03:00")]  # fmt: skip
    assert archived_roots(tmp_path / "a.db", docs) == [None, 1]


FLOOD = [
    "اجتاحت السيول الجارفة عددا من قرى الجنوب فجر اليوم بعد هطول أمطار غزيرة استمرت أكثر من عشر"
    " ساعات متواصلة، ما أدى إلى قطع الطرق الرئيسية التي تربط القرى بمركز المحافظة وعزل مئات"
    " العائلات.",
    "وقال مدير الدفاع المدني في المحافظة إن فرق الإنقاذ تمكنت من إجلاء ثلاثمئة وأربعين شخصا من"
    " المنازل المهددة بالانهيار، ونقلتهم إلى مدارس حكومية جرى تجهيزها مراكز إيواء مؤقتة.",
    "وأضاف أن الجرافات تعمل منذ ساعات الصباح على فتح الطريق الواصل بين بلدتي العين والوادي"
    " الأخضر، متوقعا إعادة فتحه أمام حركة السير قبل حلول المساء إذا توقف هطول الأمطار.",
    "من جهتها أعلنت وزارة التربية تعطيل الدوام في مدارس القرى المتضررة ليومين، فيما دعت دائرة"
    " الأرصاد الجوية المواطنين إلى تجنب الاقتراب من مجاري الأودية حتى نهاية الأسبوع.",
]
FLOOD_TITLE = "السيول تجتاح قرى الجنوب وتقطع الطرق الرئيسية"
# The agency's story, an outlet's copy (its own lead over the other three paragraphs, word for
# word) and the agency's follow-up, which repeats one background paragraph of the story.
WIRE_AND_FOLLOW_UP = {
    "original": (FLOOD_TITLE, "\n".join(FLOOD), "2026-12-01T08:00:00+03:00"),
    "copy": (
        FLOOD_TITLE,
        "\n".join([
            "عمان (وكالات) - أغرقت الأمطار الغزيرة قرى الجنوب منذ ساعات الفجر، وتحدث الأهالي عن"
            " مشاهد لم يروها منذ سنوات طويلة.",
            *FLOOD[1:],
        ]),
        "2026-12-01T09:00:00+03:00",
    ),
    "follow-up": (
        "ارتفاع عدد ضحايا السيول في الجنوب إلى سبعة",
        "\n".join([
            "ارتفع عدد ضحايا السيول التي ضربت قرى الجنوب إلى سبعة أشخاص بينهم ثلاثة أطفال، بعد"
            " انتشال جثتين من مجرى وادي الموجب صباح اليوم، بحسب ما أعلنه الناطق باسم مديرية الأمن"
            " العام.",
            "وقال الناطق إن عمليات البحث ما زالت متواصلة عن شخص مفقود جرفته المياه أثناء محاولته"
            " عبور جسر صغير بسيارته، بمشاركة غواصين وفرق كلاب مدربة.",
            "وأعلن رئيس الوزراء تشكيل لجنة لتقييم الأضرار وصرف تعويضات عاجلة للعائلات التي فقدت"
            " منازلها أو مواشيها.",
            FLOOD[3],
        ]),
        "2026-12-01T12:00:00+03:00",
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    "order",
    [
        ("original", "follow-up", "copy"),  # the follow-up is archived before the copy
        ("original", "copy", "follow-up"),  # ... after it
        ("copy", "follow-up", "original"),  # the original last: it re-roots its copy
    ],
)
def test_a_copy_keeps_its_story_when_a_follow_up_repeats_one_of_its_paragraphs(
    tmp_path: Path, order: tuple[str, ...]
) -> None:
    """The copy shares three of the story's four paragraphs, two of them its own news: one
    background paragraph the follow-up repeats does not make them two stories. The follow-up,
    another story on the same floods, stays its own."""
    roots = archived_roots(tmp_path / "a.db", [WIRE_AND_FOLLOW_UP[name] for name in order])
    ids = {name: order.index(name) + 1 for name in order}
    got = dict(zip(order, roots, strict=True))
    assert got == {"original": None, "copy": ids["original"], "follow-up": None}


def test_an_offices_follow_up_repeating_background_over_its_closing_paragraphs_is_another_story(
    tmp_path: Path,
) -> None:
    """A release's follow-up repeats its background paragraph above the ministry's three: the
    paragraphs they share are mostly the office's, which other releases carry too, and what
    is left (the news of each) is unrelated. Two stories, however alike their titles."""
    title, (lead, background) = RELEASES[0]
    follow_up = (
        "وزارة المياه: إعادة الضخ لمناطق غرب عمان بعد صيانة الخط الناقل",
        "\n".join([
            "أعادت وزارة المياه والري مساء اليوم ضخ المياه إلى مناطق غرب عمان بعد أن أنهت كوادرها"
            " إصلاح التسرب، على أن تصل المياه إلى المناطق المرتفعة خلال يومين.",
            background,
            *MINISTRY,
        ]),
    )  # fmt: skip
    docs = [(t, "\n".join([*own, *MINISTRY])) for t, own in RELEASES]
    assert archived_roots(tmp_path / "a.db", [*docs, follow_up]) == [None] * 5


def test_a_storys_print_judges_copies_as_its_text_does_and_keeps_no_text() -> None:
    """A crawl keeps what it told of each canonical address it gave a story for the whole
    run (a later page naming it must tell the same story): its print, not its text, which at
    a budget of 5000 articles held hundreds of MB."""
    stories = list(all_stories().values())
    first, other = stories[0], stories[1]
    text = "\n".join(first.body)
    told = (text, first.title, "2024-12-08")
    keys = text_keys(first.title, text)
    kept = story_print(told, keys["content_hash"], keys["minhash"])
    assert kept == story_print(told)._replace(signature=kept.signature)
    assert all(not isinstance(field, str) or len(field) < 100 for field in kept)
    for name, make in VARIANTS.items():
        copy = ("\n".join(make(list(first.body))), first.title, "2024-12-08")
        assert one_story(copy, kept) == one_story(copy, told), name
        assert one_story(copy, kept), name
    another = ("\n".join(other.body), other.title, "2024-12-08")
    assert not one_story(another, kept)
