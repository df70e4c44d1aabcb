"""`arshif check`'s judgements: drift of a source's newest articles against its own history,
overdue and failing sources, and the scheduler's heartbeat from real processes."""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from archive import Archive, ArticleRecord, Batch, Capture, health, heartbeat

WORDS = [
    "الحكومة", "البرلمان", "الوزير", "الاقتصاد", "المدينة", "الجيش", "الانتخابات", "المعارضة",
    "الرئيس", "الشرطة", "المستشفى", "الجامعة", "المطار", "الحدود", "الاتفاق", "المفاوضات",
    "الأسعار", "النفط", "الطقس", "المحكمة",
]  # fmt: skip


def story(rng: random.Random, i: int) -> str:
    return "\n".join(
        " ".join(rng.choices(WORDS, k=rng.randint(12, 20))) + f" ({i}.{k})." for k in range(6)
    )


def fill(archive: Archive, source: str, now: datetime, days: int, per_day: int,
         recent_text: str | None = None) -> None:  # fmt: skip
    """per_day articles a day for days days, archived at their own times; on the last day
    the articles get recent_text when given (a layout change: no body any more)."""
    rng = random.Random(7)
    run = archive.start_run(source)
    batch = Batch()
    for day in range(days, -1, -1):
        for k in range(per_day):
            when = now - timedelta(days=day, hours=1 + k)
            i = day * 100 + k
            url = f"https://{source}.example/article/{i}"
            text = story(rng, i) if day > 0 or recent_text is None else recent_text
            record = ArticleRecord(url, source, f"عنوان {i}", text,
                                   published_at=when.date().isoformat())  # fmt: skip
            capture = Capture(url, 200, {"Content-Type": "text/html"}, text.encode(),
                              fetched_at=when.isoformat(timespec="milliseconds"))  # fmt: skip
            batch.articles.append((record, capture))
    archive.write_batch(run, batch)
    archive.finish_run(run, "ok", "finished")


def test_a_source_whose_newest_articles_come_back_without_text_is_flagged(
    tmp_path: Path,
) -> None:
    now = datetime.now(UTC)
    archive = Archive(tmp_path / "a.db")
    fill(archive, "saraya", now, days=14, per_day=8, recent_text="")
    report = health.check(archive.db, {"saraya": 1800.0}, now=now)
    drift = [p for p in report.problems if p.kind == "drift"]
    assert [p.source for p in drift] == ["saraya"]
    assert "have no text" in drift[0].message
    assert report.exit_code == 1


def test_a_source_that_looks_as_usual_is_not_flagged(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    archive = Archive(tmp_path / "a.db")
    fill(archive, "saraya", now, days=14, per_day=8)
    report = health.check(archive.db, {"saraya": 1800.0}, now=now)
    assert report.problems == []
    assert report.exit_code == 0
    assert report.as_dict()["ok"] is True
    assert report.sources[0]["recent"]["share_empty"] == 0


@pytest.mark.parametrize("kind", ["extract_no_text", "extract_notice"])
def test_pages_dropped_for_having_no_text_count_as_drift(tmp_path: Path, kind: str) -> None:
    """In a real crawl a page without text is no article but a run error (extract_no_text,
    or extract_notice: a source that put up a paywall)."""
    now = datetime.now(UTC)
    archive = Archive(tmp_path / "a.db")
    fill(archive, "saraya", now - timedelta(days=1, hours=1), days=14, per_day=8)
    run = archive.start_run("saraya")
    for i in range(10):
        archive.record_error(run, f"https://saraya.example/article/new{i}", kind,
                             "no article text found (12 chars)")  # fmt: skip
    archive.finish_run(run, "partial", "finished")
    report = health.check(archive.db, {"saraya": 1800.0}, now=now)
    messages = [p.message for p in report.problems if p.kind == "drift"]
    assert any("have no text" in m for m in messages)


def test_overdue_and_failing_sources_are_problems(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    archive = Archive(tmp_path / "a.db")
    fill(archive, "saraya", now, days=2, per_day=2)
    for _ in range(3):
        archive.finish_run(archive.start_run("saraya"), "failed", "finished")
    # Three failures in a row: the scheduler waits 8 periods (4 hours) before the next try.
    backing_off = now + timedelta(hours=2)
    report = health.check(archive.db, {"saraya": 1800.0, "newsite": 3600.0}, now=backing_off)
    kinds = {(p.source, p.kind, p.level) for p in report.problems}
    assert ("saraya", "failing", "problem") in kinds
    assert ("saraya", "overdue", "problem") not in kinds  # its backoff is no lateness
    assert ("newsite", "never_crawled", "warning") in kinds
    later = now + timedelta(hours=5)  # past the backoff and a period: no try since
    report = health.check(archive.db, {"saraya": 1800.0, "newsite": 3600.0}, now=later)
    assert ("saraya", "overdue", "problem") in {
        (p.source, p.kind, p.level) for p in report.problems
    }
    assert report.exit_code == 2


def test_a_sources_first_crawl_is_late_only_once_the_overdue_limit_has_passed(
    tmp_path: Path,
) -> None:
    """A source added to a daily schedule, its first crawl running (or cut short): not yet
    overdue, a warning that says so; three periods after it began, a problem."""
    now = datetime.now(UTC)
    archive = Archive(tmp_path / "a.db")
    archive.start_run("news", pid=os.getpid())  # running now, in this process
    report = health.check(archive.db, {"news": 86400.0}, now=now)
    assert [(p.kind, p.level) for p in report.problems] == [("never_crawled", "warning")]
    assert "no completed crawl yet" in report.problems[0].message and report.exit_code == 1
    report = health.check(archive.db, {"news": 86400.0}, now=now + timedelta(days=4))
    assert ("overdue", "problem") in {(p.kind, p.level) for p in report.problems}


def test_check_counts_failures_and_completed_crawls_as_the_scheduler_does(tmp_path: Path) -> None:
    """A crawl the crawler stopped (a signal, a recycle) is no completed crawl and no end of a
    failure streak: `check` said otherwise, unlike `status` and the backoff. A source backing
    off after failures at the source ran on time: failing, not overdue."""
    archive = Archive(tmp_path / "a.db")
    for status, reason in [("ok", "finished"), ("failed", "nothing_fetched"),
                           ("partial", "stopped"), ("failed", "nothing_fetched")]:  # fmt: skip
        archive.finish_run(archive.start_run("silent"), status, reason)
    with archive.write():  # a minute apart, in that order
        archive.db.execute(
            "UPDATE runs SET finished_at = strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now',"
            " (id - 5) || ' minutes')"
        )
    stopped_at = archive.db.execute("SELECT finished_at FROM runs WHERE id = 3").fetchone()[0]
    failed_at = archive.db.execute("SELECT finished_at FROM runs WHERE id = 4").fetchone()[0]
    report = health.check(archive.db, {"silent": 1800.0}, now=datetime.now(UTC))
    [row] = [r for r in report.sources if r["source"] == "silent"]
    assert row["failures_in_a_row"] == archive.consecutive_failures("silent") == 2
    assert row["last_completed"] == failed_at != stopped_at and not row["overdue"]
    kinds = {(p.kind, p.level) for p in report.problems if p.source == "silent"}
    assert kinds == {("failing", "warning")}, kinds


def test_a_failing_source_is_named_by_the_failure_counted_not_an_orphaned_run(
    tmp_path: Path,
) -> None:
    """A run orphaned by the crawler's death beside other sources is passed over in the
    count: the reason shown is the counted failure's (dns), not "orphaned"."""
    archive = Archive(tmp_path / "a.db")
    for status, reason in [("ok", "finished"), ("failed", "nothing_fetched"),
                           ("failed", "orphaned")]:  # fmt: skip
        archive.finish_run(archive.start_run("gone"), status, reason)
    with archive.write():
        archive.db.execute("UPDATE runs SET errors_by_kind = '{\"dns\": 1}' WHERE id = 2")
    report = health.check(archive.db, {"gone": 3600.0}, now=datetime.now(UTC))
    [failing] = [p for p in report.problems if p.kind == "failing"]
    assert failing.message == '1 failed crawl in a row (last: nothing_fetched, errors {"dns": 1})'


def test_a_source_that_runs_ok_and_never_archives_anything_is_called_out(tmp_path: Path) -> None:
    """robots.txt shuts it out, say: its runs end ok, with refused pages."""
    now = datetime.now(UTC)
    archive = Archive(tmp_path / "a.db")
    fill(archive, "saraya", now, days=2, per_day=2)
    for _ in range(2):
        run = archive.start_run("blocked")
        archive.record_error(run, "https://blocked.example/news/1", "refused", "robots.txt")
        archive.finish_run(run, "ok", "finished")
    report = health.check(archive.db, {"saraya": 86400.0, "blocked": 86400.0}, now=now)
    empty = [p for p in report.problems if p.kind == "empty"]
    assert [(p.source, p.level) for p in empty] == [("blocked", "warning")]
    assert "no article archived in 2 crawls" in empty[0].message and "refused" in empty[0].message


def test_a_source_whose_listings_only_answer_not_modified_is_called_empty(
    tmp_path: Path,
) -> None:
    """A pattern that matches none of the site's links: from the second crawl on, its start
    page answers 304 to the validators. A listing's 304 archived nothing; an article's does."""
    now = datetime.now(UTC)
    archive = Archive(tmp_path / "a.db")
    for _ in range(3):
        run = archive.start_run("typo")
        archive.add_counts(run, pages=1, not_modified=1)
        archive.finish_run(run, "ok", "finished")
    report = health.check(archive.db, {"typo": 86400.0}, now=now)
    assert [(p.source, p.kind) for p in report.problems] == [("typo", "empty")]
    fill(archive, "saraya", now, days=1, per_day=2)
    (article_id,) = archive.db.execute("SELECT MIN(id) FROM articles").fetchone()
    with archive.write():  # its archived articles' runs gone: the re-checks alone say it
        archive.db.execute("UPDATE runs SET articles_new = 0 WHERE source = 'saraya'")
    for _ in range(2):
        run = archive.start_run("saraya")
        archive.write_batch(run, Batch(not_modified=[(article_id, now.isoformat())]))
        archive.finish_run(run, "ok", "finished")
    rows = archive.db.execute(
        "SELECT not_modified, articles_not_modified FROM runs WHERE source = 'saraya'"
    ).fetchall()
    assert rows[-2:] == [(1, 1), (1, 1)]
    report = health.check(archive.db, {"typo": 86400.0, "saraya": 86400.0}, now=now)
    assert [(p.source, p.kind) for p in report.problems] == [("typo", "empty")]


def test_a_source_that_archived_and_is_now_shut_out_is_called_out(tmp_path: Path) -> None:
    """robots.txt turned to "Disallow: /" after months of archiving: its crawls end ok,
    fetch nothing and record only refused pages."""
    now = datetime.now(UTC)
    archive = Archive(tmp_path / "a.db")
    fill(archive, "saraya", now, days=2, per_day=2)
    assert health.check(archive.db, {"saraya": 86400.0}, now=now).problems == []
    for n in range(2):
        run = archive.start_run("saraya")
        archive.record_error(run, "https://saraya.example/news/", "refused", "robots.txt")
        archive.finish_run(run, "ok", "finished")
        problems = health.check(archive.db, {"saraya": 86400.0}, now=now).problems
        assert [(p.kind, p.level) for p in problems] == (
            [] if n == 0 else [("shut_out", "warning")]
        )
    assert "last 2 crawls fetched no page" in problems[0].message
    assert "refused" in problems[0].message
    run = archive.start_run("saraya")  # robots.txt relaxed: its listing read again
    archive.add_counts(run, pages=1, articles_skipped=4)
    archive.finish_run(run, "ok", "finished")
    assert health.check(archive.db, {"saraya": 86400.0}, now=now).problems == []


def test_crawls_the_crawler_stopped_itself_never_make_a_source_empty(tmp_path: Path) -> None:
    """A hanging source's crawls ended by a recycle and a stop archived nothing: that says
    nothing of the source (it is the time limit's, or the hang's, to say)."""
    now = datetime.now(UTC)
    archive = Archive(tmp_path / "a.db")
    for reason in ("stopped", "forced", "stopped"):
        archive.finish_run(archive.start_run("hang"), "partial", reason)
    report = health.check(archive.db, {"hang": 86400.0}, now=now)
    assert [p for p in report.problems if p.kind == "empty"] == []


def test_a_source_whose_last_crawl_heard_its_site_gone_is_a_warning(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    archive = Archive(tmp_path / "a.db")
    fill(archive, "saraya", now, days=2, per_day=2)
    run = archive.start_run("saraya")
    archive.record_error(run, None, "site_gone", "5 of the 5 article pages answered taken down")
    archive.finish_run(run, "ok", "finished")
    report = health.check(archive.db, {"saraya": 86400.0}, now=now)
    assert [(p.kind, p.level) for p in report.problems] == [("site_gone", "warning")]
    archive.finish_run(archive.start_run("saraya"), "ok", "finished")  # back to itself
    assert health.check(archive.db, {"saraya": 86400.0}, now=now).problems == []


def test_a_source_whose_articles_were_taken_down_is_not_called_empty(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    archive = Archive(tmp_path / "a.db")
    fill(archive, "saraya", now, days=1, per_day=2)
    archive.forget(archive.source_articles("saraya"), reason="legal request")
    for _ in range(2):
        archive.finish_run(archive.start_run("saraya"), "ok", "finished")
    report = health.check(archive.db, {"saraya": 86400.0}, now=now)
    assert [p for p in report.problems if p.kind == "empty"] == []


BEAT = """
import sys, time
from archive import Archive
from archive import heartbeat
archive = Archive(sys.argv[1])
heartbeat.beat(archive.db, {pid}, sys.argv[2], "2026-01-01T00:00:00+00:00")
if sys.argv[3] == "stop":
    heartbeat.stopped(archive.db, {pid}, sys.argv[2])
print("beat", flush=True)
sys.stdin.read()
"""


def beating(db: Path, how: str) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-c", BEAT.replace("{pid}", "__import__('os').getpid()"),
         str(db), socket.gethostname(), how],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout is not None and process.stdout.readline() == "beat\n"
    return process


def test_the_heartbeat_of_a_live_scheduler_says_running(tmp_path: Path) -> None:
    Archive(tmp_path / "a.db").close()
    process = beating(tmp_path / "a.db", "run")
    try:
        state = heartbeat.status(Archive(tmp_path / "a.db").db)
        assert state["running"] is True
        assert (state["state"], state["pid"]) == ("running", process.pid)
        assert health.check(Archive(tmp_path / "a.db").db, {}).scheduler["running"] is True
    finally:
        process.communicate("")


def test_a_scheduler_whose_process_is_gone_is_dead_though_its_beat_is_fresh(
    tmp_path: Path,
) -> None:
    Archive(tmp_path / "a.db").close()
    process = beating(tmp_path / "a.db", "run")
    process.kill()
    process.wait()
    report = health.check(Archive(tmp_path / "a.db").db, {})
    assert report.scheduler["running"] is False
    assert report.scheduler["state"] == "dead"
    assert [(p.kind, p.level) for p in report.problems] == [("scheduler", "problem")]
    assert report.exit_code == 2


def test_a_scheduler_that_stopped_cleanly_is_a_warning(tmp_path: Path) -> None:
    Archive(tmp_path / "a.db").close()
    process = beating(tmp_path / "a.db", "stop")
    process.communicate("")
    report = health.check(Archive(tmp_path / "a.db").db, {})
    assert report.scheduler["state"] == "stopped"
    assert report.exit_code == 1


def test_an_archive_no_scheduler_ever_ran_on_is_fine(tmp_path: Path) -> None:
    report = health.check(Archive(tmp_path / "a.db").db, {})
    assert report.scheduler == {"running": False, "state": "never"}
    assert report.exit_code == 0


def test_a_stale_beat_from_another_host_is_dead(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "a.db")
    heartbeat.beat(archive.db, os.getpid(), "elsewhere", "2026-01-01T00:00:00+00:00")
    later = datetime.now(UTC) + timedelta(seconds=heartbeat.ALIVE_WITHIN + 5)
    assert heartbeat.status(archive.db, later)["state"] == "dead"
    assert heartbeat.status(archive.db)["state"] == "running"  # pid not checked elsewhere


def test_a_wire_of_flashes_is_not_counted_as_articles_without_text(tmp_path: Path) -> None:
    """An agency's flash is a sentence, shorter than a story's paragraph: it is the article."""
    now = datetime.now(UTC)
    archive = Archive(tmp_path / "a.db")
    fill(archive, "wire", now, days=14, per_day=8, recent_text="دوي انفجار ضخم يهز ميناء بيروت.")
    report = health.check(archive.db, {"wire": 1800.0}, now=now)
    assert report.sources[0]["recent"]["share_empty"] == 0


def test_a_run_left_running_by_a_dead_process_is_shown_orphaned_and_warned_about(
    tmp_path: Path,
) -> None:
    """A process killed with -9 leaves its run `running`; the read commands and check say
    it is gone (it was "running" forever, and check said all well), writing nothing."""
    db = tmp_path / "a.db"
    Archive(db).close()
    opener = subprocess.run(
        [sys.executable, "-c", "import os, sys\nfrom archive import Archive\n"
         "a = Archive(sys.argv[1])\nprint(a.start_run('gone', os.getpid()))", str(db)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    run_id = int(opener.stdout)
    with Archive(db) as archive:
        mine = archive.start_run("here", os.getpid())
        shown = {r["id"]: r["status"] for r in archive.recent_runs()}
        summary = archive.source_summary("gone")["last_status"]
        report = health.check(archive.db, {})
        stored = dict(archive.db.execute("SELECT id, status FROM runs").fetchall())
    assert shown == {run_id: "orphaned", mine: "running"} and summary == "orphaned"
    assert [(p.source, p.kind, p.level) for p in report.problems] == [
        ("gone", "orphaned", "warning")
    ]
    assert stored == {run_id: "running", mine: "running"}  # a reader marks nothing


def test_an_archive_another_program_holds_locked_is_busy_not_a_damaged_index(
    tmp_path: Path,
) -> None:
    """FTS5's index check is a write: past the wait for the lock it is not run, and that
    says nothing of the index (a monitor told to reindex a sound one, exit 2, before)."""
    import sqlite3

    now = datetime.now(UTC)
    archive = Archive(tmp_path / "a.db")
    fill(archive, "saraya", now, days=2, per_day=2)
    archive.db.execute("PRAGMA busy_timeout = 100")  # the wait, short for the test
    writer = sqlite3.connect(tmp_path / "a.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        report = health.check(archive.db, {"saraya": 86400.0}, now=now)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert "write lock" in report.archive["fts_check"]
    assert not [p for p in report.problems if p.kind in ("damaged", "search_index")]
