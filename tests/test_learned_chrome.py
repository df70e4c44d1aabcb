"""Chrome learned per source: lines repeated on a large share of a source's pages leave its
texts (at extraction, in archived rows, by `arshif reextract`); the real article stays."""

from __future__ import annotations

import sqlite3
import threading
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise
from pathlib import Path

import pytest

from archive import Archive, ArticleRecord, Capture
from archive.chrome import (
    CHROME_MIN_PAGES,
    CHROME_SHARE,
    chrome_key,
    chrome_profile,
    learn_chrome,
    strip_chrome,
)
from archive.dedup import Signature, content_hash, signature
from archive.normalize import normalize
from crawler.extract import Extracted, ExtractOptions, extract, parse_html
from crawler.extract.chrome import box_keys, learn_and_clean, page_keys
from tests.chrome_site import DATELINE, FOLLOW, LATEST, QUOTE, Page, headline, page
from tests.conftest import arshif

pytestmark = pytest.mark.usefixtures("inline_extraction")

SOURCE = "saraya"


def url(n: int) -> str:
    return f"https://www.sarayanews.com/article/{n}.html"


def extracted(p: Page, chrome: frozenset[str] = frozenset()) -> Extracted:
    result = extract(p.html.encode(), url(p.n), "text/html", ExtractOptions(chrome=chrome))
    assert isinstance(result, Extracted), result
    return result


def archived(path: Path, pages: list[Page]) -> Archive:
    """The pages archived as a crawl without a profile leaves them: chrome in every text."""
    archive = Archive(path)
    run = archive.start_run(SOURCE)
    for p in pages:
        r = extracted(p)
        record = ArticleRecord(url=url(p.n), source=SOURCE, title=r.title, text=r.text)
        archive.archive(run, record, Capture(url(p.n), 200, {}, p.html.encode()))
    archive.finish_run(run, "ok")
    return archive


def texts(archive: Archive) -> dict[str, list[str]]:
    rows = archive.db.execute("SELECT url, text FROM articles").fetchall()
    return {u: t.split("\n") for u, t in rows}


def assert_clean(by_url: dict[str, list[str]], pages: list[Page]) -> None:
    for p in pages:
        lines = by_url[url(p.n)]
        assert lines == p.paragraphs, f"article {p.n}: {lines}"


# -- matching ---------------------------------------------------------------------------


def test_glued_sidebar_headlines_are_chrome_but_a_paragraph_opening_with_a_learned_line_is_not() -> (
    None
):
    profile = frozenset(chrome_key(h) for h in (headline(7), headline(6), "سرايا"))
    glued = f"{headline(7)} - {headline(6)}"
    body = "سرايا - قال وزير المياه إن الموسم المطري تأخر هذا العام عن موعده المعتاد."
    assert strip_chrome([glued, body, headline(7)], profile) == [body]


def test_keys_ignore_letter_forms_and_spacing() -> None:
    assert chrome_key("  آخر   الأخبار ") == chrome_key("اخر الاخبار") == "اخر الاخبار"


# -- learning and cleaning an archive -----------------------------------------------------


def test_learned_profile_holds_the_sidebar_and_follow_row_not_the_body(tmp_path: Path) -> None:
    pages = [page(n, 30) for n in range(1, 31)]
    archive = archived(tmp_path / "a.db", pages)
    assert learn_chrome(archive, SOURCE, page_keys) > 0
    profile = chrome_profile(archive, SOURCE)
    assert {chrome_key(x) for x in (LATEST, headline(25), *FOLLOW)} <= profile
    body = {chrome_key(par) for p in pages for par in p.paragraphs}
    assert not body & profile


def test_clean_archived_drops_chrome_in_place_keeping_every_paragraph_and_making_no_version(
    tmp_path: Path,
) -> None:
    """The lines a profile drops are the template's: the publisher changed nothing, so no
    version is kept, whatever the row's age or version."""
    pages = [page(n, 30) for n in range(1, 31)]
    archive = archived(tmp_path / "a.db", pages)
    learned, cleaned = learn_and_clean(archive, SOURCE)
    assert cleaned == len(pages)
    assert_clean(texts(archive), pages)
    db = archive.db
    assert db.execute("SELECT COUNT(*) FROM article_versions").fetchone() == (0,)
    assert db.execute("SELECT COUNT(*) FROM runs WHERE kind = 'reextract'").fetchone() == (0,)
    rows = db.execute("SELECT id, text, search_text, content_hash, version FROM articles")
    for article_id, text, search_text, digest, version in rows.fetchall():
        assert (search_text, digest, version) == (normalize(text), content_hash(text), 1)
        blob = db.execute(
            "SELECT signature FROM minhashes WHERE article_id = ?", [article_id]
        ).fetchone()
        expected = signature(text)
        assert blob is not None and expected is not None
        assert Signature.from_bytes(blob[0]).jaccard(expected) == 1.0
    found = db.execute(
        "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?",
        [f'"{normalize(FOLLOW[0])}"'],
    ).fetchone()[0]
    assert found == 0
    # Learning and cleaning again changes nothing: the raw pages still teach the same chrome.
    assert learn_and_clean(archive, SOURCE) == (learned, 0)


def test_cleaning_goes_in_small_steps_and_a_stop_between_them_leaves_the_rest_for_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A source's archive can hold years of articles: cleaning reads and rewrites it a slice
    at a time (a crawl service lets other sources' pages through in between), and a stop
    between slices loses nothing."""
    import archive.cleaning

    monkeypatch.setattr(archive.cleaning, "CLEAN_READ", 4)
    monkeypatch.setattr(archive.cleaning, "CLEAN_BATCH", 3)
    pages = [page(n, min(n + 4, 30)) for n in range(1, 31)]
    store = archived(tmp_path / "a.db", pages)
    learn_chrome(store, SOURCE, page_keys)
    profile = chrome_profile(store, SOURCE)
    steps = archive.cleaning.cleaning(store, SOURCE, profile)
    counts = [next(steps), next(steps), next(steps)]
    assert all(0 <= b - a <= 3 for a, b in pairwise([0, *counts]))
    steps.close()
    cleaned = sum(texts(store)[url(p.n)] == p.paragraphs for p in pages)
    assert cleaned == counts[-1] and 0 < cleaned < len(pages)
    assert archive.cleaning.clean_archived(store, SOURCE, profile) == len(pages) - cleaned
    assert_clean(texts(store), pages)


def test_sidebar_stories_glued_by_chrome_no_longer_look_like_one_story(tmp_path: Path) -> None:
    """Before cleaning, the shared sidebar made every text share shingles; after, each
    article is its own root."""
    pages = [page(n, 30) for n in range(1, 31)]
    archive = archived(tmp_path / "a.db", pages)
    learn_and_clean(archive, SOURCE)
    roots = archive.db.execute("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NULL")
    assert roots.fetchone()[0] == len(pages)


def test_rotating_sidebar_headlines_of_archived_articles_leave_old_rows(tmp_path: Path) -> None:
    """Crawled over days, each page shows the headlines of its day: too few pages share one
    to learn it, but under a learned heading they are titles of the source's own articles."""
    pages = [page(n, min(n + 4, 30)) for n in range(1, 31)]
    archive = archived(tmp_path / "a.db", pages)
    learn_and_clean(archive, SOURCE)
    profile = chrome_profile(archive, SOURCE)
    assert chrome_key(LATEST) in profile
    assert chrome_key(headline(10)) not in profile
    assert_clean(texts(archive), pages)


def test_a_quote_in_three_stories_stays_below_the_minimum_page_count(tmp_path: Path) -> None:
    # 3 of 10 pages is the share threshold, but fewer pages than CHROME_MIN_PAGES.
    assert CHROME_SHARE * 10 <= 3 and CHROME_MIN_PAGES > 3
    pages = [page(n, 10, quote=n in (2, 5, 8)) for n in range(1, 11)]
    archive = archived(tmp_path / "a.db", pages)
    learn_and_clean(archive, SOURCE)
    assert chrome_key(QUOTE) not in chrome_profile(archive, SOURCE)
    assert_clean(texts(archive), pages)


def test_a_quote_in_many_stories_stays_below_the_share_of_pages(tmp_path: Path) -> None:
    # 6 pages is above the minimum count, but 6 of 40 is below the share.
    quoted = {3, 9, 15, 21, 27, 33}
    assert len(quoted) >= CHROME_MIN_PAGES and len(quoted) < CHROME_SHARE * 40
    pages = [page(n, 40, quote=n in quoted) for n in range(1, 41)]
    archive = archived(tmp_path / "a.db", pages)
    learn_and_clean(archive, SOURCE)
    assert chrome_key(QUOTE) not in chrome_profile(archive, SOURCE)
    assert_clean(texts(archive), pages)


def test_a_dateline_in_an_element_of_its_own_on_every_page_is_not_learned(tmp_path: Path) -> None:
    pages = [page(n, 20, dateline_bold=True) for n in range(1, 21)]
    archive = archived(tmp_path / "a.db", pages)
    learn_and_clean(archive, SOURCE)
    assert chrome_key(DATELINE) not in chrome_profile(archive, SOURCE)
    assert_clean(texts(archive), pages)
    assert all(t[0].startswith(DATELINE) for t in texts(archive).values())


def test_a_source_with_fewer_pages_than_the_minimum_learns_nothing(tmp_path: Path) -> None:
    pages = [page(n, 4) for n in range(1, CHROME_MIN_PAGES)]
    archive = archived(tmp_path / "a.db", pages)
    assert learn_and_clean(archive, SOURCE) == (0, 0)


# -- at extraction ------------------------------------------------------------------------


def test_extraction_with_the_profile_drops_headlines_never_learned_under_a_learned_heading(
    tmp_path: Path,
) -> None:
    """Tomorrow's pages show tomorrow's headlines: the learned heading's box takes them."""
    archive = archived(tmp_path / "a.db", [page(n, 30) for n in range(1, 31)])
    learn_chrome(archive, SOURCE, page_keys)
    profile = chrome_profile(archive, SOURCE)
    later = page(45, 45)
    assert chrome_key(headline(44)) not in profile
    assert extracted(later, profile).text.split("\n") == later.paragraphs


def test_a_learned_heading_deep_in_indentation_still_opens_its_box(tmp_path: Path) -> None:
    """A template that indents its markup puts tabs before the heading's text: the heading
    is short all the same, and tomorrow's headlines under it are chrome."""
    archive = archived(tmp_path / "a.db", [page(n, 30) for n in range(1, 31)])
    learn_chrome(archive, SOURCE, page_keys)
    later = page(45, 45)
    tabs = "\t" * 200
    indented = later.html.replace(f"<b>{LATEST}</b>", f"<b>\n{tabs}{LATEST}\n</b>")
    assert indented != later.html
    tree = parse_html(indented)
    assert tree is not None
    assert chrome_key(headline(44)) in box_keys(tree, chrome_profile(archive, SOURCE))


def test_extraction_without_a_profile_keeps_what_only_learning_tells() -> None:
    """The follow-us row is on every page of the site and nothing else marks it: without
    the source's profile it stays. (The latest-news list in the body's flow is a run of
    linked headlines, dropped by its links alone.)"""
    lines = extracted(page(3, 30)).text.split("\n")
    assert any("يوتيوب" in line for line in lines)
    assert LATEST not in lines


RELATED_HEADLINES = [
    "افتتاح أول مصنع للطاقة الشمسية في الجنوب",
    "الفيصلي يتعادل مع الوحدات في قمة الدوري",
    "ارتفاع أسعار الذهب في السوق المحلية",
    "وزير التربية يعلن موعد الامتحانات",
    "أمطار غزيرة تغلق طرقا في الشمال",
]


def test_a_learned_related_heading_still_ends_the_text_before_its_unlearned_headlines() -> None:
    """A related box of plain lines ("- headline", no links) after the story: without a
    profile the rules end the text at its heading. The profile learns the heading and the
    headlines most pages show, not the rarer one: dropped as learned chrome, the heading no
    longer ended the text, and the rarer headline was kept. A profile must never make a text
    keep a line the rules drop."""
    story = [f"{QUOTE} {n}." for n in ("أولا", "ثانيا")]
    related = "<br>".join(f"- {h}" for h in RELATED_HEADLINES)
    body = (
        "<html><head><meta charset='utf-8'><title>خبر اليوم</title></head><body><div>"
        "<h1>خبر اليوم في المدينة</h1>"
        + "".join(f"<p>{p}</p>" for p in story)
        + f"<div><b>أخبار ذات صلة</b><br>{related}</div></div></body></html>"
    ).encode()
    learned = ["أخبار ذات صلة", *(f"- {h}" for h in RELATED_HEADLINES[1:])]
    profile = frozenset(chrome_key(line) for line in learned)
    for chrome in (frozenset(), profile):
        result = extract(body, url(7), "text/html", ExtractOptions(chrome=chrome))
        assert isinstance(result, Extracted), result
        assert result.text.split("\n") == story


def test_a_learned_read_also_label_over_a_second_story_still_ends_the_text() -> None:
    """An aggregator's "إقرأ أيضاً:" over another whole story, its headline never learned:
    the label is on every page, so learned, and ends the text with the profile as without."""
    story = [f"{QUOTE} {n}." for n in ("أولا", "ثانيا")]
    second = ["افتتاح جسر جديد فوق النهر في العاصمة", f"وقال المهندس إن {QUOTE}"]
    body = (
        "<html><head><meta charset='utf-8'><title>خبر اليوم</title></head><body><div>"
        "<h1>خبر اليوم في المدينة</h1>"
        + "".join(f"<p>{p}</p>" for p in [*story, "المصدر: وكالة الأنباء", "إقرأ أيضاً:", *second])
        + "</div></body></html>"
    ).encode()
    profile = frozenset(chrome_key(line) for line in ("اقرأ أيضا:", "المصدر: وكالة الأنباء"))
    for chrome in (frozenset(), profile):
        result = extract(body, url(7), "text/html", ExtractOptions(chrome=chrome))
        assert isinstance(result, Extracted), result
        assert result.text.split("\n") == story


# -- a real crawl of a local site ----------------------------------------------------------

ARTICLES = 24


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    root = tmp_path / "site"
    (root / "article").mkdir(parents=True)
    for n in range(1, ARTICLES + 1):
        (root / "article" / f"{n}.html").write_text(page(n, ARTICLES).html, encoding="utf-8")
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(root))
    )
    base = f"http://127.0.0.1:{server.server_address[1]}"
    items = "".join(
        f"<item><title>{n}</title><link>{base}/article/{n}.html</link></item>"
        for n in range(1, ARTICLES + 1)
    )
    (root / "feed.xml").write_text(f"<rss version='2.0'><channel>{items}</channel></rss>", "utf-8")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


def crawl(tmp_path: Path, base: str) -> None:
    (tmp_path / "sources.toml").write_text(
        f'[sources.{SOURCE}]\nname = "سرايا"\nfeeds = ["{base}/feed.xml"]\n'
        "article_url_pattern = '/article/\\d+\\.html'\ndownload_delay = 0\n",
        encoding="utf-8",
    )
    arshif("crawl", cwd=tmp_path)


def crawled_texts(tmp_path: Path, base: str) -> dict[int, list[str]]:
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        rows = conn.execute("SELECT url, text FROM articles").fetchall()
    return {int(u.rsplit("/", 1)[1].split(".")[0]): t.split("\n") for u, t in rows}


def assert_crawl_clean(by_n: dict[int, list[str]]) -> None:
    assert sorted(by_n) == list(range(1, ARTICLES + 1))
    for n, lines in by_n.items():
        p = page(n, ARTICLES)
        assert not set(lines) & set(p.sidebar), f"article {n} keeps sidebar lines"
        assert lines == p.paragraphs, f"article {n}: {lines}"


def test_reextract_learns_the_chrome_of_an_archive_that_never_had_a_profile(
    tmp_path: Path, site: str
) -> None:
    crawl(tmp_path, site)
    with sqlite3.connect(tmp_path / "archive.db") as conn:  # as archived before learned chrome
        conn.execute("DELETE FROM chrome_lines")
        conn.execute("DELETE FROM chrome_learned")
    result = arshif("reextract", "--db", "archive.db", cwd=tmp_path)
    assert_crawl_clean(crawled_texts(tmp_path, site))
    assert f"reextract: {SOURCE}: " in result.stderr and " chrome lines learned" in result.stderr


def test_first_crawl_of_a_table_layout_site_ends_clean(tmp_path: Path, site: str) -> None:
    crawl(tmp_path, site)
    assert_crawl_clean(crawled_texts(tmp_path, site))


def test_a_first_crawl_cleaned_of_its_learned_chrome_records_no_edits(
    tmp_path: Path, site: str
) -> None:
    """The rows a crawl run just archived are corrected in place when it learns their chrome:
    an article with a second version is one its publisher changed, not one whose sidebar was
    learned. Their search form, keys and index follow the clean text."""
    crawl(tmp_path, site)
    assert_crawl_clean(crawled_texts(tmp_path, site))
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM article_versions").fetchone() == (0,)
        assert conn.execute("SELECT DISTINCT version FROM articles").fetchall() == [(1,)]
        runs = conn.execute("SELECT kind, articles_new, articles_updated FROM runs").fetchall()
        assert runs == [("crawl", ARTICLES, 0)]
        rows = conn.execute("SELECT id, text, search_text, content_hash FROM articles")
        for article_id, text, search_text, digest in rows.fetchall():
            assert (search_text, digest) == (normalize(text), content_hash(text))
            (blob,) = conn.execute(
                "SELECT signature FROM minhashes WHERE article_id = ?", [article_id]
            ).fetchone()
            expected = signature(text)
            assert expected is not None and Signature.from_bytes(blob).jaccard(expected) == 1.0
        found = conn.execute(
            "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?",
            [f'"{normalize(FOLLOW[0])}"'],
        ).fetchone()[0]
        assert found == 0


def _sample_keys(store: Archive) -> list[set[str]]:
    from archive.chrome import learning_sample

    sample = learning_sample(store, SOURCE)
    return [page_keys(zlib.decompress(blob), kind) for blob, kind in sample]


def test_a_stop_in_the_middle_of_cleaning_is_taken_up_by_the_next_run_that_learns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The profile is stored at once (pages are extracted with it from then on); the archive
    is marked clean of it only once cleaning's last step is taken. Cleaning cut short (a
    forced stop) is finished by the next run that learns, though it learns the same profile,
    and a crawl's own rows are still corrected in place, without versions."""
    import archive.cleaning
    from archive.chrome import cleaning_pending, learning_due
    from crawler.extract.chrome import refresh_profile

    monkeypatch.setattr(archive.cleaning, "CLEAN_READ", 4)
    pages = [page(n, 30) for n in range(1, 31)]
    store = archived(tmp_path / "a.db", pages)
    learned, steps = refresh_profile(store, SOURCE, frozenset(), _sample_keys(store))
    assert learned and steps is not None
    next(steps)
    steps.close()  # what the recorder does when a forced stop closes the run
    profile = chrome_profile(store, SOURCE)
    assert len(profile) == learned and cleaning_pending(store, SOURCE)
    assert learning_due(store, SOURCE, datetime.now(UTC), timedelta(days=1))
    _, steps = refresh_profile(store, SOURCE, profile, _sample_keys(store))
    assert steps is not None and max(steps) > 0
    assert_clean(texts(store), pages)
    assert not cleaning_pending(store, SOURCE)
    assert store.db.execute("SELECT COUNT(*) FROM article_versions").fetchone() == (0,)
    assert refresh_profile(store, SOURCE, profile, _sample_keys(store))[1] is None


def test_an_edit_archived_while_cleaning_is_kept_and_a_row_forgotten_meanwhile_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between cleaning's steps other writes go on: a row changed since cleaning read it
    keeps its new text (a cleaning of the older text must not overwrite a publisher's edit),
    and a row removed since is no error."""
    import archive.cleaning

    monkeypatch.setattr(archive.cleaning, "CLEAN_READ", 30)
    monkeypatch.setattr(archive.cleaning, "CLEAN_BATCH", 5)
    pages = [page(n, 30) for n in range(1, 31)]
    store = archived(tmp_path / "a.db", pages)
    learn_chrome(store, SOURCE, page_keys)
    profile = chrome_profile(store, SOURCE)
    steps = archive.cleaning.cleaning(store, SOURCE, profile)
    assert next(steps) == 5  # rows 1-5 corrected; 6-30 read and waiting
    edited = "نص معدل من الناشر بعد التعديل " * 5
    run = store.start_run(SOURCE)
    store.archive(
        run, ArticleRecord(url(20), SOURCE, "عنوان", edited), Capture(url(20), 200, {}, b"x")
    )
    store.db.execute("DELETE FROM articles WHERE url = ?", [url(25)])
    assert max(steps) == 28
    rows = dict(store.db.execute("SELECT url, text FROM articles").fetchall())
    assert rows[url(20)] == edited and url(25) not in rows


def _steps(taken: list[int], closed: list[bool]) -> Iterator[int]:
    try:
        for n in range(1, 100):
            taken.append(n)
            yield n
    finally:
        closed.append(True)


def test_a_crawl_takes_no_cleaning_step_after_its_run_is_closed_and_closes_the_steps() -> None:
    """Between steps the reactor runs: a forced stop that closes the run there ends cleaning
    at once, and a cancelled crawl closes the steps too (their run is recorded then, not
    whenever the generator is collected)."""
    import asyncio
    from types import SimpleNamespace

    from crawler.recorder import RunRecorder

    async def stopped_after_two_steps() -> tuple[int, list[int], list[bool]]:
        taken: list[int] = []
        closed: list[bool] = []
        recorder = SimpleNamespace(closed=False)
        steps = _steps(taken, closed)  # still referenced here: only an explicit close ends it
        task = asyncio.ensure_future(RunRecorder._clean(recorder, steps))  # type: ignore[arg-type]
        while len(taken) < 2:
            await asyncio.sleep(0)
        recorder.closed = True
        cleaned = await task
        return cleaned, taken, list(closed)  # while `steps` is still referenced

    cleaned, taken, closed = asyncio.run(stopped_after_two_steps())
    assert cleaned == taken[-1] <= 3 and closed == [True]

    async def cancelled() -> list[bool]:
        taken: list[int] = []
        closed: list[bool] = []
        recorder = SimpleNamespace(closed=False)
        steps = _steps(taken, closed)
        task = asyncio.ensure_future(RunRecorder._clean(recorder, steps))  # type: ignore[arg-type]
        while not taken:
            await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return list(closed)  # while `steps` is still referenced

    assert asyncio.run(cancelled()) == [True]


def test_a_profile_learned_outside_a_crawl_is_pending_until_the_texts_are_cleaned(
    tmp_path: Path,
) -> None:
    """learn_chrome (as `arshif reextract` does) stores the profile to extract with; the
    archive is clean of it only once its texts are: an interrupted pass stays pending."""
    from archive.chrome import cleaning_pending

    store = archived(tmp_path / "a.db", [page(n, 30) for n in range(1, 31)])
    learn_chrome(store, SOURCE, page_keys)
    assert cleaning_pending(store, SOURCE)
    learn_and_clean(store, SOURCE)
    assert not cleaning_pending(store, SOURCE)


def test_a_sentence_a_series_repeats_in_a_third_of_its_pages_is_not_chrome_but_a_sign_off_is() -> (
    None
):
    from archive.chrome import chrome_key, learn_from

    advice = chrome_key(
        "وينصح خبراء السوق المواطنين الراغبين في الشراء بمتابعة الأسعار يوميا وتجنب الشراء"
        " في أوقات الذروة والتأكد من دمغة المصوغات قبل الشراء"
    )
    sign_off = chrome_key(
        "جميع المواد المنشورة على الموقع محمية بموجب قوانين الملكية الفكرية ولا يجوز نقلها"
        " أو إعادة نشرها دون إذن خطي مسبق من إدارة التحرير"
    )
    follow = chrome_key("تابعونا على فيسبوك")
    pages = [{f"page {n}", sign_off, *([advice, follow] if n < 5 else [])} for n in range(14)]
    learned = learn_from(pages).profile
    assert follow in learned and sign_off in learned  # on 5 of 14 pages, on all 14
    assert advice not in learned  # a sentence on 5 of 14: a series' own paragraph


def test_background_paragraphs_a_series_repeats_on_most_of_its_pages_are_kept() -> None:
    from archive.chrome import chrome_key, learn_from

    gaza = chrome_key("ومنذ السابع من أكتوبر يشن الاحتلال حربا مدمرة على قطاع غزة.")
    sudan = chrome_key(
        "ويشهد السودان منذ منتصف أبريل 2023 حربا بين الجيش وقوات الدعم السريع أودت بحياة عشرات"
        " الآلاف وشردت الملايين داخل البلاد وخارجها، وفق تقديرات الأمم المتحدة."
    )
    menu = chrome_key("الرئيسية سياسة اقتصاد رياضة")
    pages = [
        {f"page {n}", menu, *([gaza] if n < 8 else []), *([sudan] if n < 14 else [])}
        for n in range(20)
    ]
    learned = learn_from(pages).profile
    assert gaza not in learned and sudan not in learned  # on 8 and 14 of 20 pages
    assert menu in learned


# -- a redesign is no edit --------------------------------------------------------------

PROMO = "للاطلاع على مزيد من الأخبار والتقارير الحصرية زوروا صفحتنا الرئيسية"
REDESIGN_ARTICLES = 12


def _served_whole(answer: Callable[[str, str], str | None]) -> Iterator[str]:
    """A site whose answer(path, host) is each page (None: 404), served whole on every
    request: no 304, whatever the crawler sends."""
    from http.server import BaseHTTPRequestHandler

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            out = answer(self.path, f"http://{self.headers['Host']}")
            if out is None:
                self.send_response(404)
                self.end_headers()
                return
            body = out.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _news_site(site: _Ending | _Widget) -> Callable[[str, str], str | None]:
    """Its home at "/", its stories at "/news/<n>"."""

    def answer(path: str, host: str) -> str | None:
        if path == "/":
            return site.home()
        return site.page(int(path.split("/")[2])) if path.startswith("/news/") else None

    return answer


class _Redesigned:
    """A news site that redesigns: new classes, and a promo line inside every body."""

    def __init__(self) -> None:
        self.template, self.articles = 1, REDESIGN_ARTICLES
        self.added: dict[int, str] = {}  # the publisher's edits: a paragraph added
        now = datetime.now(UTC)
        self.when = [(now - timedelta(hours=2 + n)).isoformat() for n in range(40)]
        self.lastmod = list(self.when)  # its sitemap's change dates

    def paragraphs(self, n: int) -> list[str]:
        lines = [
            f"سرايا - أعلن وزير الاقتصاد اليوم في الخبر {n} عن خطة جديدة للاستثمار في الطاقة.",
            f"وقال الوزير إن الخطة رقم {n} تشمل المدارس والمستشفيات والطرق في المحافظات كلها.",
            f"وأضاف أن الحكومة ستناقش الميزانية {n} مع البرلمان خلال الأسبوع المقبل في عمان.",
        ]
        return [*lines, self.added[n]] if n in self.added else lines

    def page(self, n: int) -> str:
        body = "".join(f"<p>{p}</p>" for p in self.paragraphs(n))
        if self.template == 2:
            body = f'<div class="story__content">{body}<p>{PROMO}</p></div>'
        else:
            body = f'<div class="article-body">{body}</div>'
        return (
            f'<html lang="ar"><head><meta charset="utf-8"><title>الخبر رقم {n}</title>'
            f'<meta property="article:published_time" content="{self.when[n]}"></head><body>'
            '<ul class="menu"><li><a href="/">الرئيسية</a></li><li>سياسة</li></ul>'
            f'<h1>الخبر رقم {n}</h1>{body}<div class="foot">جميع الحقوق محفوظة</div></body></html>'
        )

    def home(self) -> str:
        links = "".join(f'<li><a href="/article/{n}">{n}</a></li>' for n in range(self.articles))
        return f"<html><body><ul>{links}</ul></body></html>"

    def sitemap(self, base: str) -> str:
        urls = "".join(
            f"<url><loc>{base}/article/{n}</loc><lastmod>{self.lastmod[n]}</lastmod></url>"
            for n in range(self.articles)
        )
        return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


@pytest.fixture
def redesigned() -> Iterator[tuple[str, _Redesigned]]:
    site = _Redesigned()

    def answer(path: str, host: str) -> str | None:
        if path == "/":
            return site.home()
        if path == "/sitemap.xml":
            return site.sitemap(host)
        return site.page(int(path.split("/")[2])) if path.startswith("/article/") else None

    for base in _served_whole(answer):
        yield base, site


def test_a_note_added_to_the_stories_whose_lastmods_moved_is_their_edit_not_a_template(
    tmp_path: Path, redesigned: tuple[str, _Redesigned]
) -> None:
    """An editor appends one note to six of thirty stories and moves their sitemap lastmods:
    the run re-checks just those six, the note on all of them; it is the publisher's (six
    of the source's thirty), not the template's: six versions, the note in their texts."""
    base, site = redesigned
    site.articles = 30
    (tmp_path / "sources.toml").write_text(
        f'[sources.{SOURCE}]\nname = "سرايا"\nstart_urls = ["{base}/"]\n'
        f"sitemaps = [\"{base}/sitemap.xml\"]\narticle_url_pattern = '/article/\\d+'\n"
        "download_delay = 0\nrecheck_days = 0\n",
        encoding="utf-8",
    )
    arshif("crawl", cwd=tmp_path)
    note = "تنويه من المحرر: جرى تحديث هذا الخبر"
    edited = (1, 5, 9, 14, 20, 27)
    for n in edited:
        site.added[n] = note
        site.lastmod[n] = datetime.now(UTC).isoformat()
    said = arshif("crawl", cwd=tmp_path).stdout
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        kept = conn.execute(
            "SELECT a.url FROM article_versions v JOIN articles a ON a.id = v.article_id"
        ).fetchall()
        holding = conn.execute("SELECT COUNT(*) FROM articles WHERE text LIKE ?", [f"%{note}"])
        assert holding.fetchone()[0] == len(edited)
    assert sorted(int(u.rsplit("/", 1)[1]) for (u,) in kept) == list(edited), said


def test_a_redesign_that_puts_a_line_in_every_body_makes_no_version_and_is_learned_at_once(
    tmp_path: Path, redesigned: tuple[str, _Redesigned]
) -> None:
    """A site's redesign puts a promo line inside the article body: the re-checked articles
    are not edits (no version, counted unchanged), the run relearns the source's chrome at
    once (though not due: the next run's new articles come without the line), and a later
    relearning makes no version either. A paragraph the publisher added to one article in
    that run is its one version."""
    base, site = redesigned
    (tmp_path / "sources.toml").write_text(
        f'[sources.{SOURCE}]\nname = "سرايا"\nstart_urls = ["{base}/"]\n'
        "article_url_pattern = '/article/\\d+'\ndownload_delay = 0\nrecheck_days = 3\n",
        encoding="utf-8",
    )
    arshif("crawl", cwd=tmp_path)
    site.template = 2
    site.added[2] = "وفي وقت لاحق أعلنت الوزارة تفاصيل إضافية عن تمويل الخطة من البنوك المحلية."
    said = arshif("crawl", cwd=tmp_path).stdout.splitlines()
    # Each update said as it came, each one taken back said so after: the lines agree with
    # what the archive kept (one update: article 2's).
    updated = {line.split()[1] for line in said if line.split()[:1] == ["updated"]}
    taken = {line.split()[1] for line in said if line.split()[:1] == ["unchanged"]}
    assert len(updated) == REDESIGN_ARTICLES and len(updated - taken) == 1
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        learned = conn.execute("SELECT key FROM chrome_lines").fetchall()
        assert (chrome_key(PROMO),) in learned  # by the redesign's run, not a day later
        conn.execute("UPDATE chrome_learned SET learned_at = '2020-01-01T00:00:00+00:00'")
    site.articles += 2
    arshif("crawl", cwd=tmp_path)  # new articles; a day later: relearned again
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        runs = conn.execute("SELECT articles_new, articles_updated, articles_unchanged FROM runs"
                            " WHERE kind = 'crawl' ORDER BY id").fetchall()  # fmt: skip
        versions = conn.execute(
            "SELECT a.url, v.text FROM article_versions v JOIN articles a ON a.id = v.article_id"
        ).fetchall()
        rows = conn.execute("SELECT url, text, version FROM articles").fetchall()
        learned = conn.execute("SELECT key FROM chrome_lines").fetchall()
    assert runs == [(REDESIGN_ARTICLES, 0, 0), (0, 1, REDESIGN_ARTICLES - 1),
                    (2, 0, REDESIGN_ARTICLES)]  # fmt: skip
    assert [(u.rsplit("/", 1)[1], t) for u, t in versions] == [
        ("2", "\n".join(site.paragraphs(2)[:3]))
    ]
    assert (chrome_key(PROMO),) in learned
    for u, text, version in rows:
        n = int(u.rsplit("/", 1)[1])
        assert text.split("\n") == site.paragraphs(n), u
        assert version == (2 if n == 2 else 1), u


# -- a learned end marker still ends the text ------------------------------------------------

ENDED_ARTICLES = 18
READ_ALSO = "إقرأ أيضاً:"
RELATED = "مقالات ذات صلة"
COMMENTS = "التعليقات (2)"
ORIGIN = "المصدر: وكالة الأنباء"


class _Ending:
    """An aggregator whose stories end three ways, each on a third of its pages, after an
    "المصدر: …" line on every page: "إقرأ أيضاً:" over a second whole story (its headline,
    its paragraphs), a related heading over headlines in plain paragraphs (most on many
    pages, one on its page alone), or the readers' comments. Every ending line is on enough
    pages to be learned."""

    def story(self, n: int) -> list[str]:
        return [
            f"أعلنت وزارة الزراعة في البيان رقم {n} عن خطة لدعم المزارعين في مواجهة موجة الجفاف.",
            f"وقال الوزير إن الخطة {n} تشمل توزيع البذور والأعلاف على القرى الأكثر تضررا هذا العام.",
            f"وأضاف أن الحكومة ستخصص مبلغا إضافيا للخطة {n} في موازنة العام المقبل بعد إقرارها.",
        ]

    def ending(self, n: int) -> str:
        if n % 3 == 0:
            other = (n + 7) % ENDED_ARTICLES
            second = [f"الخبر الآخر رقم {other}: افتتاح جسر جديد فوق النهر"]
            second += self.story(other + 100)
            return f"<p>{READ_ALSO}</p>" + "".join(f"<p>{p}</p>" for p in second)
        if n % 3 == 1:
            headlines = [*RELATED_HEADLINES[:4], f"حريق محدود في سوق الخضار رقم {n} دون إصابات"]
            return f"<p>{RELATED}</p>" + "".join(f"<p>{h}</p>" for h in headlines)
        return (
            f"<h3>{COMMENTS}</h3><p>أبو أحمد</p><p>07-12-2024 08:15</p><p>خبر جيد {n} شكرا</p>"
            "<p>سامي</p><p>07-12-2024 09:40</p><p>نرجو المتابعة والتنفيذ</p>"
        )

    def page(self, n: int) -> str:
        body = "".join(f"<p>{p}</p>" for p in self.story(n))
        return (
            f'<html lang="ar"><head><meta charset="utf-8"><title>الخبر رقم {n}</title>'
            '<meta property="article:published_time" content="2024-12-07T08:00:00+00:00">'
            '</head><body><ul class="menu"><li><a href="/">الرئيسية</a></li></ul>'
            f'<h1>الخبر رقم {n}</h1><div class="entry-content">{body}'
            f"<p>{ORIGIN}</p>{self.ending(n)}</div></body></html>"
        )

    def home(self) -> str:
        links = "".join(f'<li><a href="/news/{n}">{n}</a></li>' for n in range(ENDED_ARTICLES))
        return f"<html><body><ul>{links}</ul></body></html>"


@pytest.fixture
def ending() -> Iterator[tuple[str, _Ending]]:
    site = _Ending()
    for base in _served_whole(_news_site(site)):
        yield base, site


def test_a_learned_end_marker_ends_the_text_of_an_unchanged_page_as_on_its_first_crawl(
    tmp_path: Path, ending: tuple[str, _Ending]
) -> None:
    """Once learned, "إقرأ أيضاً:", a related heading and a comments heading are chrome: a
    learned line must never move where the text ends. Dropped first, the read-also label no
    longer ended the text: a re-check that got the unchanged page whole, and `arshif
    reextract`, kept the second story as the article's, each text a false version."""
    base, site = ending
    (tmp_path / "sources.toml").write_text(
        f'[sources.{SOURCE}]\nname = "أخبار"\nstart_urls = ["{base}/"]\n'
        "article_url_pattern = '/news/\\d+'\ndownload_delay = 0\nrecheck_days = 100000\n",
        encoding="utf-8",
    )

    def state() -> tuple[dict[int, list[str]], int]:
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            rows = conn.execute("SELECT url, text FROM articles").fetchall()
            (versions,) = conn.execute("SELECT COUNT(*) FROM article_versions").fetchone()
        return {int(u.rsplit("/", 1)[1]): t.split("\n") for u, t in rows}, versions

    arshif("crawl", cwd=tmp_path)
    first, _ = state()
    assert first == {n: site.story(n) for n in range(ENDED_ARTICLES)}
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        learned = {key for (key,) in conn.execute("SELECT key FROM chrome_lines")}
    assert {chrome_key(line) for line in (READ_ALSO, RELATED, COMMENTS, ORIGIN)} <= learned
    result = arshif("crawl", cwd=tmp_path)  # every page re-checked, and fetched whole
    assert f"new 0, updated 0, unchanged {ENDED_ARTICLES}" in result.stderr + result.stdout
    assert state() == (first, 0)
    arshif("reextract", "--db", "archive.db", cwd=tmp_path)
    assert state() == (first, 0)


# -- a story's lead that a widget shows as its excerpt -------------------------------------

WIDGET_ARTICLES = 12
MOST_READ = "الأكثر قراءة"
SIGN_OFF = "للاطلاع على مزيد من الأخبار والتقارير الحصرية زوروا صفحتنا الرئيسية"


class _Widget:
    """A WordPress theme whose "الأكثر قراءة" widget shows the same stories on every page,
    their own too, each under its linked headline with its excerpt: a short lead (stories 0
    to 3) whole, a long one cut. Every body ends with the site's sign-off."""

    def paragraphs(self, n: int) -> list[str]:
        lead = f"أعلنت وزارة المياه في البيان رقم {n} بدء ضخ المياه إلى أحياء المدينة الشرقية."
        if n >= 4:
            lead = lead[:-1] + " بعد انتهاء أعمال الصيانة في المحطة الرئيسية التي استمرت"
            lead += " ثلاثة أسابيع متواصلة وشارك فيها عشرات الفنيين والمهندسين من الوزارة."
        return [
            lead,
            f"وقال الوزير إن الخطة رقم {n} تشمل المدارس والمستشفيات والطرق في المحافظات كلها.",
            f"وأضاف أن الحكومة ستناقش الميزانية {n} مع البرلمان خلال الأسبوع المقبل في عمان.",
        ]

    def excerpt(self, n: int) -> str:
        words = self.paragraphs(n)[0].split()
        return " ".join(words[:25]) + (" …" if len(words) > 25 else "")

    def page(self, n: int) -> str:
        body = "".join(f"<p>{p}</p>" for p in [*self.paragraphs(n), SIGN_OFF])
        items = "".join(
            f'<li><h4><a href="/news/{m}">تفاصيل الخبر رقم {m} من الوزارة</a></h4>'
            f'<span class="date">7 ديسمبر 2024</span><p class="excerpt">{self.excerpt(m)}</p></li>'
            for m in (0, 1, 2, 3, 4)
        )
        return (
            f'<html lang="ar"><head><meta charset="utf-8"><title>الخبر رقم {n}</title>'
            '<meta property="article:published_time" content="2024-12-07T08:00:00+00:00">'
            '</head><body><ul class="menu"><li><a href="/">الرئيسية</a></li></ul>'
            f'<div class="content"><article><h1>الخبر رقم {n}</h1>'
            f'<div class="entry-content">{body}</div></article><aside class="sidebar">'
            f'<div class="widget"><h3>{MOST_READ}</h3><ul>{items}</ul></div></aside></div>'
            "</body></html>"
        )

    def home(self) -> str:
        links = "".join(f'<li><a href="/news/{n}">{n}</a></li>' for n in range(WIDGET_ARTICLES))
        return f"<html><body><ul>{links}</ul></body></html>"


@pytest.fixture
def widget() -> Iterator[tuple[str, _Widget]]:
    site = _Widget()
    for base in _served_whole(_news_site(site)):
        yield base, site


def test_a_short_lead_a_widget_shows_whole_on_every_page_stays_in_its_own_story(
    tmp_path: Path, widget: tuple[str, _Widget]
) -> None:
    """The widget's excerpt of a short lead is that whole paragraph, on every page: learned
    as chrome, it was dropped from its own story (a crawl, `reextract`). A line that is a
    teaser's excerpt wherever it stands but a paragraph on a page or two is that page's
    story's, never learned; the sign-off in every body still is, and leaves every text."""
    base, site = widget
    (tmp_path / "sources.toml").write_text(
        f'[sources.{SOURCE}]\nname = "أخبار"\nstart_urls = ["{base}/"]\n'
        "article_url_pattern = '/news/\\d+'\ndownload_delay = 0\n",
        encoding="utf-8",
    )

    def texts() -> dict[int, list[str]]:
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            rows = conn.execute("SELECT url, text FROM articles").fetchall()
        return {int(u.rsplit("/", 1)[1]): t.split("\n") for u, t in rows}

    arshif("crawl", cwd=tmp_path)
    expected = {n: site.paragraphs(n) for n in range(WIDGET_ARTICLES)}
    assert texts() == expected
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        learned = {key for (key,) in conn.execute("SELECT key FROM chrome_lines")}
    assert {chrome_key(SIGN_OFF), chrome_key(MOST_READ)} <= learned
    assert not {chrome_key(site.paragraphs(n)[0]) for n in range(4)} & learned
    arshif("reextract", "--db", "archive.db", cwd=tmp_path)
    assert texts() == expected
