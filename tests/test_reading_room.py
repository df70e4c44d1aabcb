"""What the reading room's pages hold (archive.room), without a browser: pages of results,
facets, the article with its versions and copies."""

from __future__ import annotations

import json
import random
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest

from archive import Archive, ArticleRecord, Capture
from archive.room import PAGE_SIZE, article_page, search_page, snippet_parts

WORDS = [
    "الحكومة",
    "البرلمان",
    "الاقتصاد",
    "المدارس",
    "الجامعة",
    "الكهرباء",
    "المياه",
    "الطرق",
    "الأسواق",
    "المستشفى",
    "الزراعة",
    "الصناعة",
    "التجارة",
    "الموانئ",
    "المطار",
    "الشرطة",
    "القضاء",
    "الانتخابات",
    "الميزانية",
    "الضرائب",
    "الرياضة",
    "الثقافة",
    "المسرح",
    "السينما",
    "المتحف",
    "الصحافة",
    "الإذاعة",
    "الطقس",
    "الأمطار",
    "الثلوج",
]


def fill(archive: Archive, n: int) -> None:
    """n different stories (words shuffled apart, so dedup links none), all naming Homs."""
    run = archive.start_run("s")
    for i in range(n):
        words = list(WORDS)
        random.Random(i).shuffle(words)
        text = "حمص " + " ".join(words)
        source = "arabi21" if i % 2 else "saraya"
        month = "2024-11" if i < 5 else "2024-12"
        record = ArticleRecord(f"https://t.example/{i}", source, f"خبر {i}", text,
                               published_at=f"{month}-0{1 + i % 9}")  # fmt: skip
        archive.archive(run, record, Capture(record.url, 200, {}, b""))


def test_results_come_in_pages_with_a_count_and_facets(fresh_archive: Archive) -> None:
    fill(fresh_archive, PAGE_SIZE + 5)
    first = search_page(fresh_archive.db, "حمص")
    second = search_page(fresh_archive.db, "حمص", page=2)
    assert (first.total, first.pages) == (PAGE_SIZE + 5, 2)
    assert len(first.results) == PAGE_SIZE and len(second.results) == 5
    assert not {r["id"] for r in first.results} & {r["id"] for r in second.results}
    assert dict(first.by_month) == {"2024-11": 5, "2024-12": PAGE_SIZE}
    assert dict(first.by_source) == {"arabi21": 12, "saraya": 13}
    narrowed = search_page(fresh_archive.db, "حمص", source="saraya", month="2024-11")
    assert narrowed.total == 3 and {r["source"] for r in narrowed.results} == {"saraya"}


def test_a_query_ranked_among_its_newest_matches_pages_through_those_to_a_full_last_page(
    fresh_archive: Archive,
) -> None:
    """More matches than the window: the count says all of them, the pages go through the
    ranked ones only (pages past them were empty), and say so."""
    fill(fresh_archive, 3 * PAGE_SIZE)
    window = PAGE_SIZE + 5
    first = search_page(fresh_archive.db, "حمص", window=window)
    assert (first.total, first.ranked, first.pages) == (3 * PAGE_SIZE, window, 2)
    last = search_page(fresh_archive.db, "حمص", page=2, window=window)
    assert len(last.results) == 5
    newest = {r["id"] for r in first.results} | {r["id"] for r in last.results}
    assert len(newest) == window and min(newest) > 2 * PAGE_SIZE - 5  # the newest ones
    assert all(r["snippet"] for r in last.results)
    filtered = search_page(fresh_archive.db, "حمص", source="saraya", window=window)
    assert filtered.ranked == 0 and filtered.pages == -(-filtered.total // PAGE_SIZE)


def test_a_page_past_the_last_shows_the_last_one(fresh_archive: Archive) -> None:
    """An edited address: ?page=99999999999999999999 is past SQLite's integers (it was an
    OverflowError, a 500 and a traceback in the terminal)."""
    fill(fresh_archive, PAGE_SIZE + 5)
    for page in (3, 10**20):
        past = search_page(fresh_archive.db, "حمص", page=page)
        assert (past.page, past.pages, len(past.results)) == (2, 2, 5)


def test_an_empty_or_malformed_query_gets_a_message_not_an_error(fresh_archive: Archive) -> None:
    assert search_page(fresh_archive.db, "  ").message
    assert "unbalanced quote" in (search_page(fresh_archive.db, '"حمص').message or "")


def test_snippet_hits_are_pieces_to_mark_and_the_rest_stays_text() -> None:
    assert snippet_parts("قال **إدارة العمليات** إن <b>") == [
        ("قال ", False), ("إدارة العمليات", True), (" إن <b>", False),
    ]  # fmt: skip


def test_an_article_page_has_its_versions_and_the_other_copies(fresh_archive: Archive) -> None:
    run = fresh_archive.start_run("s")
    text = "قالت إدارة العمليات العسكرية السورية إن قواتها بدأت الدخول إلى العاصمة دمشق صباح اليوم وسط ترقب."
    first = ArticleRecord("https://a.example/1", "arabi21", "دمشق", text, authors=["كاتب"])
    _, original = fresh_archive.archive(run, first, Capture(first.url, 200, {}, b"v1"))
    copy = ArticleRecord("https://b.example/9", "akhbar24", "دمشق", text)
    _, copy_id = fresh_archive.archive(run, copy, Capture(copy.url, 200, {}, b"c"))
    edited = ArticleRecord(
        first.url, "arabi21", "دمشق", text + "\nوتابعت المصادر.", authors=["كاتب"]
    )
    fresh_archive.archive(run, edited, Capture(first.url, 200, {}, b"v2"))
    page = article_page(fresh_archive.db, original)
    assert page is not None
    assert page["paragraphs"][-1] == "وتابعت المصادر." and page["authors"] == ["كاتب"]
    assert [v["version"] for v in page["versions"]] == [1]
    assert [c["id"] for c in page["copies"]] == [copy_id]
    assert [c["id"] for c in article_page(fresh_archive.db, copy_id)["copies"]] == [original]  # type: ignore[index]
    assert article_page(fresh_archive.db, 999) is None


def test_an_article_its_publisher_took_down_says_so_where_it_is_read(
    fresh_archive: Archive,
) -> None:
    """gone_at was set by the re-check that found it gone, and shown nowhere a reader looks:
    not on its page, not in search's results."""
    run = fresh_archive.start_run("s")
    text = "قالت إدارة العمليات العسكرية السورية إن قواتها بدأت الدخول إلى العاصمة دمشق صباح اليوم وسط ترقب."
    record = ArticleRecord("https://a.example/1", "s", "دمشق", text)
    _, article_id = fresh_archive.archive(run, record, Capture(record.url, 200, {}, b""))
    with fresh_archive.db.conn:
        fresh_archive.db.execute(
            "UPDATE articles SET gone_at = '2026-11-30T10:00:00+00:00' WHERE id = ?", [article_id]
        )
    page = article_page(fresh_archive.db, article_id)
    assert page is not None and page["gone_at"] == "2026-11-30T10:00:00+00:00"
    [hit] = fresh_archive.search("دمشق")
    assert hit["gone_at"] == "2026-11-30T10:00:00+00:00"


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`arshif serve` over a real archive: 12 stories, three about Gaza (two of
    them "لوقف إطلاق النار"), one with an earlier version; the address of its database."""
    pytest.importorskip("datasette")
    db = tmp_path_factory.mktemp("room") / "archive.db"
    with Archive(db) as archive:
        run = archive.start_run("s")
        for i in range(12):
            words = list(WORDS)
            random.Random(i).shuffle(words)
            about = ["", "وصلت القافلة إلى غزة صباح اليوم", "تستمر الجهود لوقف إطلاق النار في غزة"]
            text = f"{about[min(i, 2)] if i < 4 else ''} {' '.join(words)} {i}".strip()
            record = ArticleRecord(f"https://t.example/{i}", "s", f"خبر {i}", text,
                                   published_at="2024-12-08T10:00:00+03:00")  # fmt: skip
            archive.archive(run, record, Capture(record.url, 200, {}, b""))
        edited = ArticleRecord("https://t.example/5", "s", "خبر 5 معدل", f"{text} تعديل")
        archive.archive(run, edited, Capture(edited.url, 200, {}, b""))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/archive"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                urllib.request.urlopen(f"{base}.json").close()
                break
            except OSError:
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url) as got:
            return got.status, got.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def _searched(base: str, path: str, query: str, **more: str) -> tuple[int, str]:
    return _get(f"{base}/{path}?" + urllib.parse.urlencode({"_search": query, **more}))


@pytest.mark.parametrize("query", ["غزة", '"وقف إطلاق النار"'])
def test_the_unique_articles_view_searches_as_the_articles_table_does(
    room: str, query: str
) -> None:
    """`?_search=` on the view was ignored: every story came back, and its page's CSV
    export was the whole archive."""
    want = 3 if query == "غزة" else 2
    for path in ("articles.json", "unique_articles.json"):
        status, body = _searched(room, path, query, _shape="array")
        assert status == 200 and len(json.loads(body)) == want, (path, body)
    status, body = _searched(room, "unique_articles.csv", query)
    assert status == 200 and len(body.strip().splitlines()) == 1 + want
    # a page at a time: the next page's link carries the search on
    _, body = _searched(room, "unique_articles.json", query, _size="1")
    page = json.loads(body)
    _, body = _get(page["next_url"])
    assert json.loads(body)["rows"] and json.loads(body)["rows"] != page["rows"]


def test_a_query_the_table_search_cannot_read_gets_its_one_line(room: str) -> None:
    """A lone `"` showed SQLite's "fts5: syntax error near \"\"\"."""
    status, body = _searched(room, "articles", '"')
    assert status == 400 and "unbalanced quote" in body and "fts5" not in body
    status, body = _searched(room, "unique_articles.json", 'غزة "')
    assert status == 400 and "unbalanced quote" in json.loads(body)["error"]


def test_an_article_page_shows_its_times_with_their_zone(room: str) -> None:
    """Cut to 19 characters, "first seen", "fetched", "replaced" lost their "+00:00"."""
    _, body = _get(f"{room}/articles/6")
    stamps = re.findall(r"(?:first seen|fetched|replaced) (\S+?)(?:,|:\s)", body)
    assert len(stamps) == 4, stamps  # first seen, fetched; the earlier version's two
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", s) for s in stamps), stamps


def test_an_article_id_past_sqlites_integers_is_not_found(room: str) -> None:
    """/articles/99999999999999999999999 answered 500, "Python int too large to convert to
    SQLite INTEGER", where Datasette's own row pages answer 404."""
    for path in ("articles/99999999999999999999999", "articles/9223372036854775808"):
        status, body = _get(f"{room}/{path}")
        assert status == 404 and "too large" not in body, path
    assert _get(f"{room}/articles/9223372036854775807")[0] == 404


def test_a_table_search_answers_with_a_link_header_of_the_words_typed(room: str) -> None:
    """The Link header (Datasette's JSON alternate) held the whole expanded expression,
    percent-encoded: 16 KB for three words, past the 64 KB a header line may have for a
    pasted paragraph (http.client refused the answer; nginx's default buffer gives 502)."""
    query = " ".join(["غزة"] + ["وصلت القافلة إلى غزة صباح اليوم"] * 10)  # 61 words
    url = f"{room}/articles?" + urllib.parse.urlencode({"_search": query})
    with urllib.request.urlopen(url) as got:
        link = got.headers["Link"]
    assert len(link) < 200 + len(urllib.parse.quote_plus(query)), len(link)
    address = link.split(";")[0].strip("<>")
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(address).query)["_search"] == [query]
    _, body = _get(address + "&_shape=array")  # asked for, the words are folded again
    assert [row["url"] for row in json.loads(body)] == ["https://t.example/1"]
