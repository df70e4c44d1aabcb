"""Archive writes gathered in batches: one transaction for many articles, all or nothing."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from archive import Archive, ArticleRecord, Batch, Capture, Outcome
from crawler.crawlrun import CrawlRun
from crawler.extract.pool import ExtractionPool
from crawler.items import ArticleItem
from crawler.recorder import RunRecorder
from crawler.sources import load_sources
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "seeds"))
from stories import all_stories  # noqa: E402

SEEDS = ROOT / "seeds"


def story_text(name: str, mark: str = "") -> str:
    return "\n".join(f"{p} {mark}".strip() for p in all_stories()[name].body)


def item(n: int, text: str) -> tuple[ArticleRecord, Capture]:
    url = f"https://arabi21.com/story/{n}"
    return ArticleRecord(url, "arabi21", f"خبر {n}", text), Capture(url, 200, {}, text.encode())


def test_a_batch_of_articles_is_committed_once(fresh_archive: Archive) -> None:
    archive = fresh_archive
    run = archive.start_run("arabi21")
    statements: list[str] = []
    archive.db.conn.set_trace_callback(statements.append)
    batch = Batch(
        articles=[item(n, story_text(name)) for n, name in enumerate(all_stories())],
        counts={"pages": 7},
    )
    results = archive.write_batch(run, batch)
    archive.db.conn.set_trace_callback(None)
    assert len(results) == len(all_stories())
    assert [s for s in statements if s.strip().upper() == "COMMIT"] == ["COMMIT"]
    row = archive.run(run)
    assert (row["pages"], row["articles_new"]) == (7, len(all_stories()))


def test_a_copy_in_the_same_batch_is_linked_to_the_article_before_it(
    fresh_archive: Archive,
) -> None:
    archive = fresh_archive
    run = archive.start_run("arabi21")
    original = story_text("damascus-entry")
    copy = "دمشق - (الأناضول)\n" + original
    results = archive.write_batch(run, Batch(articles=[item(1, original), item(2, copy)]))
    assert [outcome for outcome, _ in results] == [Outcome.NEW, Outcome.DUPLICATE]
    assert archive.db["articles"].get(results[1][1])["duplicate_of"] == results[0][1]


def test_a_batch_the_database_refuses_leaves_nothing_half_written(fresh_archive: Archive) -> None:
    archive = fresh_archive
    run = archive.start_run("arabi21")
    good = item(1, story_text("homs-suburbs"))
    refused = (ArticleRecord(None, "arabi21", "t", story_text("sednaya-prisoners")), good[1])  # type: ignore[arg-type]
    with pytest.raises(sqlite3.IntegrityError):
        archive.write_batch(run, Batch(articles=[good, refused], counts={"pages": 2}))
    assert archive.db["articles"].count == 0
    assert archive.db["captures"].count == 0
    assert archive.run(run)["pages"] == 0


def test_an_article_that_trips_a_bug_costs_only_itself(fresh_archive: Archive) -> None:
    """A batch that fails on something other than the database is written one by one: the
    other articles are kept and the bad one is recorded as an error of the run."""
    archive = fresh_archive
    source = load_sources(SEEDS / "sources.toml")["arabi21"]
    run = CrawlRun(source, archive.start_run("arabi21"), archive, ExtractionPool(0),
                   report=lambda line: None)  # fmt: skip
    crawler = get_crawler()
    crawler._arshif_run = run  # as the crawl service hands it over
    recorder = RunRecorder.from_crawler(crawler)
    broken = ArticleRecord("https://arabi21.com/story/2", "arabi21", "t", None)  # type: ignore[arg-type]
    for n, (record, capture) in enumerate(
        [item(1, story_text("homs-suburbs")), (broken, item(2, "")[1]),
         item(3, story_text("sednaya-prisoners"))], start=1,
    ):  # fmt: skip
        recorder.item_scraped(ArticleItem(f"k{n}", record, capture), None, None)
    recorder.close("finished")
    urls = [r["url"] for r in archive.db["articles"].rows]
    assert urls == ["https://arabi21.com/story/1", "https://arabi21.com/story/3"]
    errors = list(archive.db["run_errors"].rows)
    assert [(e["url"], e["kind"]) for e in errors] == [
        ("https://arabi21.com/story/2", "archive_failed")
    ]
    assert crawler.stats.get_value("arshif/articles_new") == 2


def test_304s_are_batched_with_the_run_counters(fresh_archive: Archive) -> None:
    archive = fresh_archive
    run = archive.start_run("arabi21")
    (_, first), (_, second) = archive.write_batch(
        run,
        Batch(
            articles=[item(1, story_text("homs-suburbs")), item(2, story_text("sednaya-prisoners"))]
        ),
    )
    later = "2030-01-01T00:00:00.000+00:00"
    archive.write_batch(run, Batch(not_modified=[(first, later), (second, later)]))
    assert {r["fetched_at"] for r in archive.db["articles"].rows} == {later}
    assert archive.run(run)["not_modified"] == 2


def test_a_checkpoint_that_fails_stops_the_next_write_until_one_succeeds(tmp_path: Path) -> None:
    with Archive(tmp_path / "a.db", bulk_writer=True) as archive:
        checkpointer = archive.checkpointer
        assert checkpointer is not None
        checkpointer.stop()  # the test runs the passes itself, in a known order
        checkpointer.failure = sqlite3.OperationalError("database or disk is full")
        run_before = archive.db["runs"].count
        with pytest.raises(sqlite3.OperationalError, match="disk is full"):
            archive.start_run("arabi21")
        assert archive.db["runs"].count == run_before
        # Room again (a long-lived scheduler must not fail every later run until restarted).
        with sqlite3.connect(tmp_path / "a.db") as passes:
            checkpointer.checkpoint(passes)
        archive.start_run("arabi21")
        assert archive.db["runs"].count == run_before + 1


def test_a_writer_that_never_pauses_lets_the_wal_start_over(tmp_path: Path) -> None:
    """A reader (a search, an export) can keep the background passes from copying the last
    frames back, and then SQLite never starts the WAL over by itself: it grows for as long as
    the crawl writes. Once a pass sees it past restart_frames, the writer restarts it."""
    archive = Archive(tmp_path / "a.db", bulk_writer=True)
    checkpointer = archive.checkpointer
    assert checkpointer is not None
    checkpointer.stop()  # the test runs the background passes itself, in a known order
    checkpointer.restart_frames = 100
    run = archive.start_run("arabi21")
    texts = [story_text(name) for name in all_stories()]

    def write(n: int) -> int:
        archive.write_batch(run, Batch(articles=[item(n, f"{texts[n % len(texts)]} {n}")]))
        return (tmp_path / "a.db-wal").stat().st_size

    for n in range(40):
        write(n)
    reader = sqlite3.connect(tmp_path / "a.db", isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM articles").fetchone()  # holds a snapshot of the WAL
    for n in range(40, 50):
        write(n)
    passes = sqlite3.connect(tmp_path / "a.db")
    checkpointer.checkpoint(passes)  # copies frames up to the reader's snapshot, no further
    assert checkpointer.restart_due
    reader.execute("COMMIT")
    size = write(50)  # appended; then the writer restarts the WAL, the reader being gone
    assert write(51) == size  # written from the WAL's start: the file did not grow
    assert not checkpointer.restart_due
    assert archive.db["articles"].count == 52
    passes.close()
    reader.close()
    archive.close()


def test_a_reader_holding_the_wal_never_holds_up_the_writer(tmp_path: Path) -> None:
    """A read transaction left open (an export to a slow pipe, a sqlite3 shell) keeps the WAL
    from starting over: the writer's restart must give up at once, not wait out the busy
    timeout for the reader (it is the reactor thread: every source's crawl waited), and back
    off instead of trying again every batch; once the reader ends, the WAL starts over."""
    import threading

    archive = Archive(tmp_path / "a.db", bulk_writer=True)
    checkpointer = archive.checkpointer
    assert checkpointer is not None
    checkpointer.stop()  # the test runs the background passes itself, in a known order
    checkpointer.restart_frames = 10
    now = [1000.0]
    checkpointer.clock = lambda: now[0]
    archive.db.execute("PRAGMA busy_timeout = 600000")  # a restart that waits would hang here
    restarts: list[str] = []
    archive.db.conn.set_trace_callback(
        lambda sql: restarts.append(sql) if "wal_checkpoint(RESTART)" in sql else None
    )
    run = archive.start_run("arabi21")
    texts = [story_text(name) for name in all_stories()]
    passes = sqlite3.connect(tmp_path / "a.db")

    def write(n: int) -> int:
        checkpointer.checkpoint(passes)  # finds the WAL past restart_frames: a restart is due
        archive.write_batch(run, Batch(articles=[item(n, f"{texts[n % len(texts)]} {n}")]))
        return (tmp_path / "a.db-wal").stat().st_size

    for n in range(20):
        write(n)
    holding, done, gone = threading.Event(), threading.Event(), threading.Event()

    def read() -> None:  # another connection's open read transaction, as a sqlite3 shell's
        reader = sqlite3.connect(tmp_path / "a.db", isolation_level=None)
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM articles").fetchone()  # holds a snapshot
        holding.set()
        done.wait(timeout=120)  # only a guard against a hang: a waiting restart never returns
        reader.execute("COMMIT")
        reader.close()
        gone.set()

    reading = threading.Thread(target=read, daemon=True)
    reading.start()
    holding.wait()
    restarts.clear()
    for n in range(20, 25):
        write(n)
    assert not gone.is_set(), "the writer waited for the reader"
    done.set()
    reading.join()
    assert len(restarts) == 1  # tried once, then it backs off: not at every batch
    now[0] += 60  # the back-off over, the reader gone
    size = write(25)  # appended; then the writer restarts the WAL
    assert len(restarts) == 2
    assert write(26) == size  # written from the WAL's start: the file did not grow
    assert archive.db["articles"].count == 27
    passes.close()
    archive.close()


SETTLE_ON_A_FULL_DISK = """
import os, resource, signal, sqlite3, sys
sys.path.insert(0, sys.argv[2])
from archive import Archive, ArticleRecord, Batch, Capture
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
archive = Archive(sys.argv[1], bulk_writer=True)
archive.checkpointer.stop()  # no background passes: the WAL holds everything written below
run = archive.start_run("s")
body = os.urandom(50_000)  # 50 KB that zlib cannot shrink
for n in range(3):
    url = f"https://arabi21.com/story/{n}"
    archive.write_batch(run, Batch(articles=[(ArticleRecord(url, "s", "t", f"نص {n}"),
                                              Capture(url, 200, {}, body))]))
size = os.path.getsize(sys.argv[1])  # the disk fills: the file cannot grow any more
resource.setrlimit(resource.RLIMIT_FSIZE, (size, resource.RLIM_INFINITY))
try:
    archive.settle()
except sqlite3.Error as exc:
    print("refused:", exc)
"""


def test_settling_a_run_reports_a_disk_that_filled_behind_the_writer(tmp_path: Path) -> None:
    """Background checkpoints copy the WAL into the file after the commits: the end of a run
    is where a full disk must show, not be lost in a thread's log."""
    result = subprocess.run(
        [sys.executable, "-c", SETTLE_ON_A_FULL_DISK, str(tmp_path / "a.db"), str(ROOT)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    refused = result.stdout  # SQLite reports the file size limit as full or as an I/O error
    assert "refused: database or disk is full" in refused or "refused: disk I/O error" in refused
    assert Archive(tmp_path / "a.db").db["articles"].count == 3  # all of it safe in the WAL


def test_a_take_down_is_a_runs_own_only_when_that_run_marked_it(fresh_archive: Archive) -> None:
    """A run told from an earlier one by what it wrote, not by the second of the mark: two
    quick runs of one source may mark in the same second, and the later must not take the
    earlier's marks for its own (to take them back as the site's trouble)."""
    archive = fresh_archive
    run = archive.start_run("arabi21")
    [(_, first), (_, second)] = archive.write_batch(
        run,
        Batch(
            articles=[item(1, story_text("damascus-entry")), item(2, story_text("hemedti-egypt"))]
        ),
    )
    when = "2026-12-01T10:00:00+00:00"
    archive.write_batch(run, Batch(gone=[(first, when)]))
    assert archive.marked == [first]
    later = archive.start_run("arabi21")
    archive.write_batch(later, Batch(gone=[(first, when), (second, when)]))
    assert archive.marked == [second]
    assert archive.run(later)["articles_gone"] == 1


def test_a_checkpoint_that_keeps_failing_is_said_once_and_its_end_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A full disk lasts: one warning every half second filled a service's log."""
    import logging
    import sqlite3

    from archive.checkpoint import Checkpointer

    checkpointer = Checkpointer(tmp_path / "a.db")
    broken = sqlite3.connect(tmp_path / "a.db")
    broken.close()  # every statement on it fails, as on a full disk
    with caplog.at_level(logging.WARNING, logger="archive.checkpoint"):
        for _ in range(5):
            checkpointer.checkpoint(broken)
        working = sqlite3.connect(tmp_path / "a.db")
        working.execute("PRAGMA journal_mode=WAL")
        checkpointer.checkpoint(working)
        working.close()
    said = [r.getMessage() for r in caplog.records]
    assert len(said) == 2 and "failed" in said[0] and "works again" in said[1]
    checkpointer.check()  # the failure is over: the writer writes again


def test_headlines_and_change_dates_read_by_an_address_the_row_is_not_at_are_kept_with_it(
    fresh_archive: Archive,
) -> None:
    """A crawl keeps a new article's headlines by the address it knew it by: the row may be
    stored elsewhere (a redirect, a canonical): kept with the row asked there, or that an
    alias leads to."""
    archive = fresh_archive
    run = archive.start_run("arabi21")
    redirected = ArticleRecord(url="https://arabi21.com/a/1", source="arabi21", title="t",
                               text="نص الخبر الأول", fetched_url="https://arabi21.com/go/1")  # fmt: skip
    other = ArticleRecord(url="https://arabi21.com/a/2", source="arabi21", title="t",
                          text="نص الخبر الثاني")  # fmt: skip
    ids = [a for _, a in archive.write_batch(run, Batch(articles=[
        (redirected, Capture(redirected.url, 200, {}, b"1")),
        (other, Capture(other.url, 200, {}, b"2")),
    ]))]  # fmt: skip
    archive.db.execute(
        "INSERT INTO url_aliases (url, article_id, seen_at) VALUES (?, ?, '2026-01-01')",
        ["https://arabi21.com/old/2", ids[1]],
    )
    archive.write_batch(run, Batch(titles=[
        (None, "https://arabi21.com/go/1", "عنوان اول"),
        (None, "https://arabi21.com/old/2", "عنوان ثان"),
    ]))  # fmt: skip
    kept = archive.db.execute("SELECT listed_title FROM articles ORDER BY id").fetchall()
    assert kept == [("عنوان اول",), ("عنوان ثان",)]
    archive.write_batch(run, Batch(signals=[  # a sitemap's change dates, the same way
        (None, "https://arabi21.com/go/1", "2026-01-02"),
        (None, "https://arabi21.com/old/2", "2026-01-03"),
    ]))  # fmt: skip
    seen = archive.db.execute("SELECT signal_seen FROM articles ORDER BY id").fetchall()
    assert seen == [("2026-01-02",), ("2026-01-03",)]
