from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from archive import Archive, ArticleRecord, Capture, Outcome
from archive.template import NOTHING, Settled, settling

TEXT = (
    "قالت إدارة العمليات العسكرية السورية إن قواتها بدأت الدخول إلى العاصمة دمشق"
    " وأضافت أن عناصر النظام انسحبوا من مطار دمشق الدولي"
)


def record(text: str = TEXT, title: str = "دمشق") -> ArticleRecord:
    return ArticleRecord(url="https://arabi21.com/story/1", source="arabi21", title=title, text=text,
                         published_at="2024-12-08", published_raw="الأحد 8 ديسمبر 2024")  # fmt: skip


def capture(body: bytes = b"<html>v1</html>") -> Capture:
    return Capture("https://arabi21.com/story/1/slug", 200, {"Content-Type": "text/html"}, body)


def test_recrawl_of_an_unchanged_article_adds_nothing(fresh_archive: Archive) -> None:
    archive = fresh_archive
    run = archive.start_run("arabi21")
    assert archive.archive(run, record(), capture())[0] is Outcome.NEW
    counts = {t: archive.db[t].count for t in ("articles", "captures", "article_versions")}
    assert archive.archive(run, record(), capture())[0] is Outcome.UNCHANGED
    assert counts == {t: archive.db[t].count for t in ("articles", "captures", "article_versions")}


@pytest.mark.parametrize(
    ("origin", "taken"), [("json-ld", True), ("text", True), ("htmldate", False), ("url", False)]
)
def test_a_date_the_page_states_anew_corrects_the_archived_one_in_place(
    fresh_archive: Archive, origin: str, taken: bool
) -> None:
    """The publisher corrected the date, the text as it was: the row says the new date, with
    no version (versions keep texts). A guess (htmldate's, the address's day) corrects nothing."""
    archive = fresh_archive
    run = archive.start_run("arabi21")
    _, article_id = archive.archive(run, replace(record(), published_from="meta"), capture())
    corrected = replace(
        record(), published_at="2024-12-07T21:40:00+03:00", published_raw="7 ديسمبر 2024 21:40",
        published_from=origin,
    )  # fmt: skip
    assert archive.archive(run, corrected, capture())[0] is Outcome.UNCHANGED
    article = archive.db["articles"].get(article_id)
    said = (article["published_at"], article["published_from"], article["version"])
    assert said == (
        ("2024-12-07T21:40:00+03:00", origin, 1) if taken else ("2024-12-08", "meta", 1)
    )
    assert archive.db["article_versions"].count == 0


@pytest.mark.parametrize(
    ("named", "kept"),
    [(["سعاد الخطيب", "عمر النجار"], ["سعاد الخطيب", "عمر النجار"]), ([], ["سعاد الخطيب"])],
)
def test_writers_the_page_names_anew_correct_the_archived_ones_in_place(
    fresh_archive: Archive, named: list[str], kept: list[str]
) -> None:
    """The text as it was, the byline changed: the row names the new writers, with no
    version. A page that names no one now erases no one."""
    archive = fresh_archive
    run = archive.start_run("arabi21")
    _, article_id = archive.archive(run, replace(record(), authors=["سعاد الخطيب"]), capture())
    outcome, _ = archive.archive(run, replace(record(), authors=named), capture())
    article = archive.db["articles"].get(article_id)
    assert (outcome, json.loads(article["authors"]), article["version"]) == (
        Outcome.UNCHANGED, kept, 1,
    )  # fmt: skip
    assert archive.db["article_versions"].count == 0


def test_changed_text_updates_the_article_and_keeps_the_previous_version(
    fresh_archive: Archive,
) -> None:
    archive = fresh_archive
    run = archive.start_run("arabi21")
    _, article_id = archive.archive(run, record(), capture())
    outcome, same_id = archive.archive(
        run, record(TEXT + " وتابعت المصادر"), capture(b"<html>v2</html>")
    )
    assert (outcome, same_id) == (Outcome.UPDATED, article_id)
    article = archive.db["articles"].get(article_id)
    assert article["version"] == 2 and article["text"].endswith("وتابعت المصادر")
    [old] = list(archive.db["article_versions"].rows)
    assert old["text"] == TEXT and old["version"] == 1
    assert archive.raw_body(old["capture_id"]) == b"<html>v1</html>"
    assert archive.raw_body(article["capture_id"]) == b"<html>v2</html>"


@pytest.mark.parametrize(
    "corrected",
    [
        TEXT.replace("إدارة", "ادارة", 1),  # a hamza
        TEXT.replace("العاصمة دمشق", "العاصمةِ دِمَشق"),  # diacritics
        TEXT.replace(" وأضافت", "، وأضافت"),  # a comma
        TEXT.replace("العسكرية", "العسكر\u200cية"),  # a non-joiner parts two letters
    ],
)
def test_a_spelling_diacritic_or_punctuation_correction_is_an_edit(
    fresh_archive: Archive, corrected: str
) -> None:
    """Deduplication's key folds these away; the archived text must not: the row takes the
    publisher's corrected text, the text before kept as a version."""
    archive = fresh_archive
    run = archive.start_run("arabi21")
    _, article_id = archive.archive(run, record(), capture())
    assert archive.archive(run, record(corrected), capture(b"v2"))[0] is Outcome.UPDATED
    article = archive.db["articles"].get(article_id)
    assert (article["text"], article["version"]) == (corrected, 2)
    assert [v["text"] for v in archive.db["article_versions"].rows] == [TEXT]


@pytest.mark.parametrize(
    "respaced",
    [
        TEXT.replace(" وأضافت", "\nوأضافت"),  # a paragraph split
        TEXT.replace(" ", "  ", 3),  # spacing
        TEXT.replace("دمشق", "دمشق\u200c", 1) + "\ufeff",  # a non-joiner, a byte order mark
    ],
)
def test_spacing_and_invisible_format_characters_are_no_edit(
    fresh_archive: Archive, respaced: str
) -> None:
    """A row archived before (its content_hash the folded key) compares by its text: what a
    reader does not see changed leaves it as it is, no version."""
    archive = fresh_archive
    run = archive.start_run("arabi21")
    _, article_id = archive.archive(run, record(), capture())
    assert archive.archive(run, record(respaced), capture(b"v2"))[0] is Outcome.UNCHANGED
    assert archive.db["articles"].get(article_id)["text"] == TEXT
    assert archive.db["article_versions"].count == 0


def test_an_edit_read_without_a_date_keeps_the_archived_date(fresh_archive: Archive) -> None:
    """A re-check whose page showed no date this time (the edit's mark hid its date line):
    the article stays published when it was; the edit is a version all the same."""
    archive = fresh_archive
    run = archive.start_run("arabi21")
    _, article_id = archive.archive(run, record(), capture())
    edited = replace(record(TEXT + " وتابعت المصادر"), published_at=None, published_raw=None,
                     published_from=None)  # fmt: skip
    assert archive.archive(run, edited, capture(b"<html>v2</html>"))[0] == Outcome.UPDATED
    article = archive.db["articles"].get(article_id)
    assert article["version"] == 2
    dated = (article["published_at"], article["published_raw"], article["published_from"])
    assert dated == (record().published_at, record().published_raw, record().published_from)


def test_raw_capture_keeps_url_status_headers_and_fetch_time(fresh_archive: Archive) -> None:
    archive = fresh_archive
    run = archive.start_run("arabi21")
    _, article_id = archive.archive(run, record(), capture(b"x" * 100_000))
    row = archive.db["captures"].get(archive.db["articles"].get(article_id)["capture_id"])
    assert row["fetched_url"] == "https://arabi21.com/story/1/slug" and row["status"] == 200
    assert json.loads(row["headers"]) == {"Content-Type": "text/html"}
    assert row["fetched_at"] and row["size"] == 100_000 and len(row["body_zlib"]) < 1000


def test_run_counts_move_with_each_archived_article(fresh_archive: Archive) -> None:
    archive = fresh_archive
    run = archive.start_run("arabi21")
    archive.archive(run, record(), capture())
    archive.archive(run, record(), capture())
    archive.record_error(run, "https://arabi21.com/rss", "feed_malformed", "bad &")
    archive.finish_run(run, "partial", "finished")
    row = archive.run(run)
    assert (row["articles_new"], row["articles_unchanged"], row["errors"]) == (1, 1, 1)
    assert json.loads(row["errors_by_kind"]) == {"feed_malformed": 1}
    assert row["status"] == "partial" and row["finished_at"]


def test_archive_is_plain_sqlite_with_wal_and_the_contract_columns(fresh_archive: Archive) -> None:
    archive = fresh_archive
    assert archive.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    columns = set(archive.db["articles"].columns_dict)
    assert {"id", "url", "source", "title", "published_at", "text", "duplicate_of"} <= columns
    assert {"id", "source", "started_at", "finished_at", "status"} <= set(
        archive.db["runs"].columns_dict
    )
    assert "unique_articles" in archive.db.view_names()


def test_a_moved_article_takes_its_copy_at_the_new_address_in_only_when_that_copy_is_bare(
    fresh_archive: Archive,
) -> None:
    """A copy with versions of its own at the new address is a row with a history: the
    move leaves it, and the article, where they are."""
    archive = fresh_archive
    run = archive.start_run("arabi21")
    _, article_id = archive.archive(run, record(), capture())
    new = replace(record(TEXT + " وتابعت المصادر"), url="https://arabi21.com/story/1-new")
    _, copy_id = archive.archive(run, new, capture(b"<html>copy</html>"))
    archive.archive(run, replace(new, text=TEXT + " وأكدت المصادر"), capture(b"<html>c2</html>"))
    moved = replace(new, text=TEXT + " وقالت المصادر", moved_from=article_id)
    outcome, written = archive.archive(run, moved, capture(b"<html>v3</html>"))
    urls = {row["id"]: row["url"] for row in archive.db["articles"].rows}
    assert (outcome, written) == (Outcome.UPDATED, copy_id)
    assert urls == {article_id: record().url, copy_id: new.url}


def test_an_article_moved_with_its_text_unchanged_is_asked_at_its_new_address(
    fresh_archive: Archive,
) -> None:
    archive = fresh_archive
    run = archive.start_run("arabi21")
    _, article_id = archive.archive(run, replace(record(), fetched_url=record().url), capture())
    moved = replace(
        record(), url="https://arabi21.com/story/1-new", fetched_url=record().url,
        moved_from=article_id,
    )  # fmt: skip
    outcome, written = archive.archive(run, moved, capture())
    row = archive.db["articles"].get(article_id)
    assert (outcome, written) == (Outcome.UNCHANGED, article_id)
    assert (row["url"], row["fetched_url"]) == (moved.url, moved.url)


@pytest.mark.parametrize(
    "said",
    [
        ("2024-12-08", "text"),  # the page's day, the feed's time beside it before
        ("2024-12-08T21:40:00", "time"),  # the page's clock, the feed's zone before
    ],
)
def test_the_same_date_said_less_precisely_leaves_the_archived_one(
    fresh_archive: Archive, said: tuple[str, str]
) -> None:
    """(A re-check after the feed dropped the article must not undo what the feed said.)"""
    archive = fresh_archive
    run = archive.start_run("arabi21")
    full = "2024-12-08T21:40:00+03:00"
    first = replace(record(), published_at=full, published_from="feed")
    _, article_id = archive.archive(run, first, capture())
    again = replace(record(), published_at=said[0], published_from=said[1])
    archive.archive(run, again, capture())
    assert archive.db["articles"].get(article_id)["published_at"] == full


@pytest.mark.parametrize("clock", ["%H:%M:%S+00:00", "%H:%M:%S"])  # (its zone's time, unsaid)
def test_a_page_dated_at_each_fetchs_moment_keeps_its_archived_date_unchanged_or_edited(
    fresh_archive: Archive, clock: str
) -> None:
    """A CMS that fills its date tag with its server's clock on every request: the page
    re-checked as it was says the re-check's moment, which is no correction."""
    archive = fresh_archive
    run = archive.start_run("arabi21")

    def fetched(at: datetime) -> tuple[ArticleRecord, Capture]:
        said = at.strftime(f"%Y-%m-%dT{clock}")
        dated = replace(record(), published_at=said, published_from="json-ld")
        return dated, replace(capture(), fetched_at=at.isoformat(timespec="milliseconds"))

    first = datetime(2026, 12, 5, 4, 30, 30, tzinfo=UTC)
    _, article_id = archive.archive(run, *fetched(first))
    for later in (timedelta(seconds=3), timedelta(days=2, hours=5)):
        assert archive.archive(run, *fetched(first + later))[0] is Outcome.UNCHANGED
        assert archive.db["articles"].get(article_id)["published_at"][:19] == "2026-12-05T04:30:30"
    # an edit re-checked keeps it too: a version of the text, not of the clock
    edited, at = fetched(first + timedelta(days=3))
    edited = replace(
        edited, text=edited.text + "\nوأضاف المتحدث أن الإجراءات ستبدأ الأسبوع المقبل."
    )
    assert archive.archive(run, edited, at)[0] is Outcome.UPDATED
    assert archive.db["articles"].get(article_id)["published_at"][:19] == "2026-12-05T04:30:30"


def test_a_date_corrected_back_at_the_fetchs_moment_is_taken(fresh_archive: Archive) -> None:
    """A clock only moves on: an earlier moment the page states now, however near the fetch's
    moment it falls, is a correction, not the server's clock."""
    archive = fresh_archive
    run = archive.start_run("arabi21")
    first = replace(record(), published_at="2026-12-05T16:40:00", published_from="text")
    _, article_id = archive.archive(run, first, capture())
    fixed = replace(record(), published_at="2026-12-05T09:40:00", published_from="text")
    at = replace(capture(), fetched_at="2026-12-05T09:43:10.000+00:00")
    assert archive.archive(run, fixed, at)[0] is Outcome.UNCHANGED
    assert archive.db["articles"].get(article_id)["published_at"] == "2026-12-05T09:40:00"


@pytest.mark.parametrize(
    ("stated", "taken"),
    [
        ("2026-12-05T08:54:00+03:00", False),  # re-stamped on a refresh, three days on
        ("2026-12-05", False),  # (a day alone)
        ("2026-12-05T08:54:00", False),  # (a clock without its zone)
        ("2026-12-02T12:54:00+03:00", True),  # a zone corrected: still near its first sight
        ("2026-12-01T22:10:00+03:00", True),  # an earlier date: a correction
    ],
)
def test_a_date_later_than_the_archives_first_sight_of_the_article_is_not_taken(
    fresh_archive: Archive, stated: str, taken: bool
) -> None:
    """A CMS that re-stamps datePublished when it refreshes a page: the article was out
    before the archive saw it, so a later date is no publication date — unchanged or
    edited, the row keeps its date (and the story its earliest copy as root)."""
    archive = fresh_archive
    run = archive.start_run("arabi21")
    first = replace(record(), published_at="2026-12-02T09:54:00+03:00", published_from="json-ld")
    seen = replace(capture(), fetched_at="2026-12-02T07:10:00.000+00:00")
    _, article_id = archive.archive(run, first, seen)
    again = replace(record(), published_at=stated, published_from="json-ld")
    at = replace(capture(), fetched_at="2026-12-07T09:30:00.000+00:00")  # (no clock's date)
    assert archive.archive(run, again, at)[0] is Outcome.UNCHANGED
    kept = stated if taken else "2026-12-02T09:54:00+03:00"
    assert archive.db["articles"].get(article_id)["published_at"] == kept
    edited = replace(again, text=TEXT + "\nوأضاف المتحدث أن الإجراءات ستبدأ الأسبوع المقبل.")
    assert archive.archive(run, edited, at)[0] is Outcome.UPDATED
    assert archive.db["articles"].get(article_id)["published_at"] == kept


# -- the template's lines are no edit ---------------------------------------------------

PROMO = "للاطلاع على مزيد من الأخبار والتقارير الحصرية زوروا صفحتنا الرئيسية"
NOTE = "تصحيح: ورد في نسخة سابقة من هذا الخبر اسم خاطئ للوزير"


def story(n: int) -> list[str]:
    return [f"الفقرة الأولى من الخبر رقم {n} عن الحكومة والبرلمان والمدينة والشارع",
            f"الفقرة الثانية من الخبر رقم {n} عن الاقتصاد والسوق والأسعار والطاقة"]  # fmt: skip


def page_record(n: int, lines: list[str], title: str = "") -> ArticleRecord:
    return ArticleRecord(url=f"https://arabi21.com/story/{n}", source="arabi21",
                         title=title or f"الخبر رقم {n}", text="\n".join(lines))  # fmt: skip


def page_capture(n: int, body: str) -> Capture:
    return Capture(f"https://arabi21.com/story/{n}", 200, {}, body.encode())


def settled_whole(
    archive: Archive, run: int, updated: set[int], new: set[int], pages: int
) -> Settled:
    """A run's template settled, all of its steps at once (the recorder takes one a turn)."""
    settled = NOTHING
    for step in settling(archive, run, updated, new, pages):
        settled = step
    return settled


def test_a_line_a_redesign_adds_to_most_pages_leaves_no_version_but_real_edits_in_that_run_do(
    fresh_archive: Archive,
) -> None:
    """A redesign puts one standing line in every body: the run's updates made only of it are
    taken back at its close (no version, counted unchanged), its new pages lose it. In the
    same run a sentence corrected, a title changed, and one correction note added to two
    articles are edits: one version each, their texts without the template's line."""
    archive = fresh_archive
    first = archive.start_run("arabi21")
    for n in range(12):
        archive.archive(first, page_record(n, story(n)), page_capture(n, f"v1 {n}"))
    run = archive.start_run("arabi21")
    updated: set[int] = set()
    for n in range(12):
        lines, title = story(n), ""
        if n == 3:
            lines[1] = lines[1].replace("الطاقة", "الطاقة المتجددة")
        if n in (5, 6):
            lines.append(NOTE)
        if n == 7:
            title = "عنوان مصحح للخبر رقم 7"
        outcome, article_id = archive.archive(
            run, page_record(n, [*lines, PROMO], title), page_capture(n, f"v2 {n}")
        )
        assert outcome is Outcome.UPDATED
        updated.add(article_id)
    _, fresh = archive.archive(run, page_record(20, [*story(20), PROMO]), page_capture(20, "n"))
    settled = settled_whole(archive, run, updated, {fresh}, pages=13)
    assert (settled.taken_back, settled.cleaned) == (8, 5)
    db = archive.db
    versions = db.execute(
        "SELECT a.url, v.version FROM article_versions v JOIN articles a ON a.id = v.article_id"
    ).fetchall()
    assert sorted(versions) == [(f"https://arabi21.com/story/{n}", 1) for n in (3, 5, 6, 7)]
    for url, text, version in db.execute("SELECT url, text, version FROM articles"):
        n = int(url.rsplit("/", 1)[1])
        assert PROMO not in text and version == (2 if n in (3, 5, 6, 7) else 1), url
        assert text.endswith(NOTE) == (n in (5, 6))
    counts = db.execute(
        "SELECT articles_new, articles_updated, articles_unchanged FROM runs WHERE id = ?", [run]
    ).fetchone()
    assert counts == (1, 4, 8)


@pytest.mark.parametrize(("edited", "taken"), [(range(0, 40, 7), 0), (range(40), 39)])
def test_a_note_on_the_few_stories_whose_change_dates_moved_is_an_edit_a_redesign_of_all_is_not(
    fresh_archive: Archive, edited: range, taken: int
) -> None:
    """The run re-checked just the stories whose sitemap lastmods moved (signalled): one note
    appended to all six of them is the publisher's, six versions, though it is on every page
    the run re-checked; the same line on all 40 of the source's stories, their change dates
    all moved, is a redesign's: taken back, but for a real edit beside it (story 1)."""
    archive = fresh_archive
    first = archive.start_run("arabi21")
    for n in range(40):
        archive.archive(first, page_record(n, story(n)), page_capture(n, f"v1 {n}"))
    run = archive.start_run("arabi21")
    updated: set[int] = set()
    for n in edited:
        lines = story(n) + (["وفي تطور لاحق أعلنت البلدية دعم الأسر"] if n == 1 else [])
        updated.add(archive.archive(run, page_record(n, [*lines, NOTE]), page_capture(n, "v2"))[1])
    settled = settled_whole_signalled(archive, run, updated, len(updated))
    assert settled.taken_back == taken
    assert archive.db["article_versions"].count == len(updated) - taken
    holding = archive.db.execute("SELECT COUNT(*) FROM articles WHERE text LIKE ?", [f"%{NOTE}"])
    assert holding.fetchone()[0] == (6 if taken == 0 else 0)


def settled_whole_signalled(archive: Archive, run: int, updated: set[int], pages: int) -> Settled:
    settled = NOTHING
    for step in settling(archive, run, updated, set(), pages, signalled=set(updated)):
        settled = step
    return settled


def test_a_comma_put_right_in_a_redesigns_run_stays_a_version_without_the_template_line(
    fresh_archive: Archive,
) -> None:
    """A correction the dedup key folds away (a comma) is an edit in the redesign's run too:
    its version stays, its text loses the template's line; the others are taken back."""
    archive = fresh_archive
    first = archive.start_run("arabi21")
    for n in range(12):
        archive.archive(first, page_record(n, story(n)), page_capture(n, f"v1 {n}"))
    run = archive.start_run("arabi21")
    updated: set[int] = set()
    for n in range(12):
        lines = story(n)
        if n == 4:
            lines[0] = lines[0].replace(" والبرلمان", "، والبرلمان")
        updated.add(archive.archive(run, page_record(n, [*lines, PROMO]), page_capture(n, "v2"))[1])
    assert settled_whole(archive, run, updated, set(), pages=12).taken_back == 11
    [(url, text)] = archive.db.execute("SELECT url, text FROM articles WHERE version = 2")
    assert url.endswith("/4") and "، والبرلمان" in text and PROMO not in text


def test_a_redesigns_updates_are_taken_back_in_steps_each_article_whole_a_stop_leaves_the_rest(
    fresh_archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run that re-checked many pages settles its template in steps (a few rows read, a
    few articles rewritten, one transaction each), so that a crawl's other sources go on
    between them: after every step each article is whole (taken back: no version, its
    line gone; or not yet: its version and line), and the run's counts say which. A stop
    between steps leaves the articles not reached as they are."""
    import archive.cleaning
    from archive.template import settling

    monkeypatch.setattr(archive.cleaning, "CLEAN_READ", 4)
    monkeypatch.setattr(archive.cleaning, "CLEAN_BATCH", 3)
    store = fresh_archive
    first = store.start_run("arabi21")
    for n in range(12):
        store.archive(first, page_record(n, story(n)), page_capture(n, f"v1 {n}"))
    run = store.start_run("arabi21")
    updated = {
        store.archive(run, page_record(n, [*story(n), PROMO]), page_capture(n, f"v2 {n}"))[1]
        for n in range(12)
    }

    def whole(taken: int) -> None:
        rows = store.db.execute("SELECT text, version FROM articles").fetchall()
        assert sorted((PROMO in text, version) for text, version in rows) == sorted(
            [(False, 1)] * taken + [(True, 2)] * (12 - taken)
        )
        assert store.db["article_versions"].count == 12 - taken
        counts = store.db.execute(
            "SELECT articles_updated, articles_unchanged FROM runs WHERE id = ?", [run]
        ).fetchone()
        assert counts == (12 - taken, taken)

    steps = settling(store, run, updated, set(), pages=12)
    taken: list[int] = []
    for settled in steps:
        assert settled.taken_back - (taken or [0])[-1] <= 3  # a transaction's share
        whole(settled.taken_back)
        taken.append(settled.taken_back)
        if settled.taken_back >= 6:
            break
    steps.close()  # what the recorder does when a forced stop closes the run
    # Three reading steps of 4 rows, then each 4 read taken back 3 and 1 at a time.
    assert taken == [0, 0, 0, 3, 4, 7]
    whole(7)


def test_a_redesigns_two_lines_glued_into_one_paragraph_on_some_pages_are_taken_back_too(
    fresh_archive: Archive,
) -> None:
    """A redesign puts two standing lines in every body; on some pages the extraction ran
    them into one paragraph (as it may run a sidebar's headlines together). Those pages'
    updates are the template's too: taken back as the others, no version left."""
    follow = "تابعونا على قناتنا في تلغرام لمتابعة آخر الأخبار العاجلة"
    archive = fresh_archive
    first = archive.start_run("arabi21")
    for n in range(12):
        archive.archive(first, page_record(n, story(n)), page_capture(n, f"v1 {n}"))
    run = archive.start_run("arabi21")
    updated = set()
    for n in range(12):
        added = [f"{PROMO} {follow}"] if n in (4, 8) else [PROMO, follow]
        updated.add(
            archive.archive(run, page_record(n, [*story(n), *added]), page_capture(n, "v2"))[1]
        )
    settled = settled_whole(archive, run, updated, set(), pages=12)
    assert settled.taken_back == 12
    assert archive.db["article_versions"].count == 0


def test_a_text_that_differs_only_by_learned_chrome_is_no_edit(fresh_archive: Archive) -> None:
    """A difference made only of lines the source's profile calls chrome is no edit: the
    stored text is cleaned in place, no version, whichever side held the line."""
    from archive.chrome import Learned, chrome_key, store_profile

    archive = fresh_archive
    run = archive.start_run("arabi21")
    _, held = archive.archive(run, page_record(1, [*story(1), PROMO]), page_capture(1, "a"))
    _, clean = archive.archive(run, page_record(2, story(2)), page_capture(2, "b"))
    store_profile(archive, "arabi21", Learned({chrome_key(PROMO): 9}, 10))
    assert archive.archive(run, page_record(1, story(1)), page_capture(1, "c"))[0] is (
        Outcome.UNCHANGED
    )
    assert archive.archive(run, page_record(2, [*story(2), PROMO]), page_capture(2, "d"))[0] is (
        Outcome.UNCHANGED
    )
    assert archive.archive(run, page_record(2, [*story(2), NOTE]), page_capture(2, "e"))[0] is (
        Outcome.UPDATED
    )
    rows = dict(archive.db.execute("SELECT id, text FROM articles").fetchall())
    assert rows[held] == "\n".join(story(1)) and rows[clean] == "\n".join([*story(2), NOTE])
    assert archive.db.execute("SELECT article_id FROM article_versions").fetchall() == [(clean,)]


def test_an_archived_text_clean_of_chrome_is_left_as_it_is_when_only_a_new_extraction_kept_a_line(
    fresh_archive: Archive,
) -> None:
    """The archived text is clean already; a re-check's extraction kept a learned line (and
    spaced a word otherwise, which no key sees): nothing is rewritten, the text stays as
    archived."""
    from archive.chrome import Learned, chrome_key, store_profile

    archive = fresh_archive
    run = archive.start_run("arabi21")
    _, article_id = archive.archive(run, page_record(1, story(1)), page_capture(1, "a"))
    store_profile(archive, "arabi21", Learned({chrome_key(PROMO): 9}, 10))
    spaced = [line.replace(" عن ", "  عن ") for line in story(1)]
    outcome, _ = archive.archive(run, page_record(1, [*spaced, PROMO]), page_capture(1, "b"))
    assert outcome is Outcome.UNCHANGED
    assert archive.db["articles"].get(article_id)["text"] == "\n".join(story(1))
