"""`arshif schedule` as a real process with real signals, against the local fixture server."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from archive import Archive
from crawler.offline import ADDRESS_ENV, FixtureServer
from tests.conftest import arshif, descendants, process_state

FAST = """
[sources.aljazeera]
name = "الجزيرة نت"
feeds = ["https://www.aljazeera.net/aljazeerarss/a7c186be-1baa-4bd4-9d80-a84db769f779/73d0e1b4-532f-45ef-b135-bfdff8b8cab9"]
sitemaps = ["https://www.aljazeera.net/sitemap.xml"]
article_url_pattern = '^https://www\\.aljazeera\\.net/[a-z-]+/(?:[a-z-]+/)?\\d{4}/\\d{1,2}/\\d{1,2}/[^/?#]+'
exclude_url_pattern = '/liveblog/'
body_selector = ".wysiwyg--all-content"
schedule = "2s"
download_delay = 0

[sources.akhbar24]
name = "akhbar24"
sitemaps = ["https://www.akhbar24.example/sitemap-news.xml"]
article_url_pattern = '/news/\\d{4}/\\d{2}/\\d{2}/\\d+\\.html$'
schedule = "3s"
download_delay = 0
"""


def start(
    tmp_path: Path, server: FixtureServer, *extra: str, sources: str = FAST
) -> subprocess.Popen:
    (tmp_path / "fast.toml").write_text(sources, encoding="utf-8")
    env = dict(os.environ, **{ADDRESS_ENV: server.address})
    return subprocess.Popen(
        [sys.executable, "-m", "crawler", "schedule", "--offline", "--sources", "fast.toml",
         "--db", "archive.db", *extra],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=open(tmp_path / "schedule.log", "w"),
    )  # fmt: skip


def query(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    if not db.exists():
        return []
    with sqlite3.connect(db, timeout=30) as conn:
        try:
            return conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError:
            return []  # not migrated yet


def wait_for(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def runs_of(db: Path, source: str) -> list[tuple]:
    return query(
        db,
        "SELECT started_at, finished_at, status FROM runs WHERE source = ? ORDER BY started_at",
        (source,),
    )


def stop(proc: subprocess.Popen, timeout: float = 30) -> float:
    began = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=timeout)
    return time.monotonic() - began


def test_sources_run_again_and_again_and_never_overlap(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    db = tmp_path / "archive.db"
    proc = start(tmp_path, fixture_server)
    try:
        wait_for(
            lambda: len(runs_of(db, "aljazeera")) >= 3 and len(runs_of(db, "akhbar24")) >= 3,
            60,
            "three runs each",
        )
    finally:
        stop(proc)
    for source in ("aljazeera", "akhbar24"):
        runs = runs_of(db, source)
        for (_, finished, _), (started, _, _) in zip(runs, runs[1:], strict=False):
            assert finished is not None and finished <= started, runs
    assert not query(db, "SELECT id FROM runs WHERE status = 'running'")


def test_manual_crawl_during_a_scheduled_one_is_refused_with_a_message(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    fixture_server.site.delay = 0.7
    db = tmp_path / "archive.db"
    proc = start(tmp_path, fixture_server)
    try:
        wait_for(
            lambda: query(
                db, "SELECT id FROM runs WHERE source = 'aljazeera' AND status = 'running'"
            ),
            30,
            "a running crawl",
        )
        result = arshif("crawl", "--offline", "--sources", "fast.toml", "aljazeera", "--db", "archive.db",
                        cwd=tmp_path, server=fixture_server, check=False)  # fmt: skip
        # A second scheduler on the same archive (named another way) would crawl every
        # source twice as often: refused, and the first goes on.
        second = arshif("schedule", "--offline", "--sources", "fast.toml", "--db", str(db),
                        cwd=tmp_path, server=fixture_server, check=False, timeout=30)  # fmt: skip
        assert proc.poll() is None
    finally:
        stop(proc)
    assert result.returncode == 3 and result.stdout == ""  # no "archived 0 new articles"
    [line] = result.stderr.splitlines()  # one line says it all
    assert line.startswith("arshif: aljazeera: ") and "being crawled by another process" in line
    assert second.returncode == 3, second.stderr
    assert second.stderr.strip() == (
        f"arshif: another scheduler (pid {proc.pid}) runs on this archive; not starting a second"
    )


def test_sigterm_lets_running_crawls_finish_within_the_grace_period(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    fixture_server.site.delay = 0.5
    db = tmp_path / "archive.db"
    proc = start(tmp_path, fixture_server, "--grace", "8")
    wait_for(
        lambda: query(db, "SELECT id FROM runs WHERE status = 'running'"), 30, "a running crawl"
    )
    took = stop(proc, timeout=20)
    assert took < 8 + 3
    assert proc.returncode == 0
    assert not query(db, "SELECT id FROM runs WHERE status = 'running'")
    assert query(db, "PRAGMA integrity_check") == [("ok",)]


def test_second_signal_stops_at_once_without_corrupting_the_archive(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    fixture_server.site.delay = 1.0
    db = tmp_path / "archive.db"
    proc = start(tmp_path, fixture_server, "--grace", "60")
    wait_for(
        lambda: query(db, "SELECT id FROM runs WHERE status = 'running'"), 30, "a running crawl"
    )
    began = time.monotonic()
    proc.send_signal(signal.SIGINT)
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=20)
    assert time.monotonic() - began < 15
    assert proc.returncode == 130  # with every command's line for a stop
    log = (tmp_path / "schedule.log").read_text(encoding="utf-8")
    assert log.rstrip().endswith("arshif: stopped (SIGINT)"), log[-300:]
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    assert not query(db, "SELECT id FROM runs WHERE status = 'running'")
    # The runs the second signal cut into (those that drained in time are stopped) are forced.
    cut = query(
        db, "SELECT DISTINCT r.stop_reason FROM runs r JOIN run_errors e ON e.run_id = r.id"
        " WHERE e.kind = 'interrupted'",
    )  # fmt: skip
    assert cut in ([], [("forced",)])


def test_kill_9_then_restart_marks_the_orphan_failed_and_catches_up(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    fixture_server.site.delay = 0.5
    db = tmp_path / "archive.db"
    proc = start(tmp_path, fixture_server)
    wait_for(
        lambda: query(db, "SELECT id FROM runs WHERE status = 'running'"), 30, "a running crawl"
    )
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    before = query(db, "SELECT MAX(id) FROM runs")[0][0]
    fixture_server.site.delay = 0
    proc = start(tmp_path, fixture_server)
    try:
        wait_for(
            lambda: (
                query(db, "SELECT COUNT(*) FROM runs WHERE id > ? AND status = 'ok'", (before,))[0][
                    0
                ]
                >= 2
            ),
            30,
            "catch-up runs",
        )
    finally:
        stop(proc)
    assert not query(db, "SELECT id FROM runs WHERE status = 'running'")
    # The crawl the kill interrupted ended failed (orphan) or partial (stopped with its parent).
    interrupted = query(db, "SELECT status FROM runs WHERE id <= ? AND status != 'ok'", (before,))
    assert interrupted and {s for (s,) in interrupted} <= {"failed", "partial"}
    # An orphan marked failed at the restart is said with its source.
    orphans = query(db, "SELECT id, source FROM runs WHERE stop_reason = 'orphaned'")
    log = (tmp_path / "schedule.log").read_text()
    for run_id, source in orphans:
        assert f"{source}: run {run_id} was left running by a process that died" in log, log


def test_a_hanging_source_is_stopped_at_the_time_limit_and_never_delays_the_other(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    fixture_server.site.host_delay["www.akhbar24.example"] = 60
    db = tmp_path / "archive.db"
    proc = start(tmp_path, fixture_server, "--max-run", "4", "--grace", "1")
    try:
        wait_for(
            lambda: len([r for r in runs_of(db, "aljazeera") if r[2] == "ok"]) >= 2,
            40,
            "aljazeera runs while akhbar24 hangs",
        )
        wait_for(
            lambda: any(r[2] in ("partial", "failed") for r in runs_of(db, "akhbar24")),
            30,
            "akhbar24 stopped at the limit",
        )
    finally:
        stop(proc)
    hung = [r for r in runs_of(db, "akhbar24") if r[2] != "ok"][0]
    assert hung[2] == "partial"


def test_a_crawl_stopped_at_its_time_limit_sends_no_request_once_its_run_is_closed(
    tmp_path: Path,
) -> None:
    """A polite source (two requests a second) has a queue of articles when its time limit
    comes: what is in flight finishes, the queue is not fetched after the run is recorded
    partial (it would go on for as long again, up to the source's next run)."""
    from tests.localsite import Site, serving

    site = Site("127.0.0.31")
    items = "".join(f"<item><link>{site.base}/news/{n}.html</link></item>" for n in range(30))
    site.pages["/rss"] = ("application/rss+xml", f"<rss><channel>{items}</channel></rss>")
    text = "<p>" + "قالت الوزارة إن فرقها وصلت إلى المناطق المتضررة. " * 12 + "</p>"
    for n in range(30):
        page = f"<html><body><h1>خبر /news/{n}.html</h1>{text}</body></html>"
        site.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", page)
    (tmp_path / "s.toml").write_text(
        f'[sources.slow]\nname = "slow"\nfeeds = ["{site.base}/rss"]\n'
        'article_url_pattern = "/news/"\ndownload_delay = 0.5\nschedule = "1h"\n',
        encoding="utf-8",
    )
    db = tmp_path / "archive.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler", "schedule", "--sources", "s.toml", "--db", "archive.db",
         "--max-run", "5", "--grace", "1"],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    with serving(site):
        try:
            wait_for(lambda: [r[2] for r in runs_of(db, "slow")] == ["partial"], 30,
                     "the time limit")  # fmt: skip
            closed = time.monotonic()
            time.sleep(2.5)  # five requests' worth at the source's pace
        finally:
            stop(proc)
    late = [path for when, path in site.visits if when > closed + 0.5]
    assert late == []
    # (5 s: one article in 3 s on a quiet machine, none on a loaded one, with start-up.)
    assert 1 <= len([p for p in site.hits if p.startswith("/news/")]) < 30


def test_each_scheduled_run_counts_its_own_429s_and_a_run_cut_in_a_pause_records_them(
    tmp_path: Path,
) -> None:
    """A site that answers 429 to everything, runs cut by --max-run before
    ARSHIF_MAX_429_IN_A_ROW: the service kept the streak, so the next run gave up at its first
    answer (host_down, failed, backed off); and a run cut during a pause recorded no error."""
    from tests.localsite import Site, serving

    site = Site("127.0.0.32")
    site.pages["/"] = ("status 429", "Too Many Requests")
    (tmp_path / "s.toml").write_text(
        f'[sources.busy]\nname = "busy"\nstart_urls = ["{site.base}/"]\n'
        'article_url_pattern = "/news/"\nschedule = "2s"\n',
        encoding="utf-8",
    )
    db = tmp_path / "archive.db"
    # Pauses of 1, 2, 4 s: the 4th 429 in a row would come at 7 s, the run is cut at 4.
    env = dict(os.environ, ARSHIF_RETRY_BACKOFF="1", ARSHIF_MAX_429_IN_A_ROW="4")
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler", "schedule", "--sources", "s.toml", "--db", "archive.db",
         "--max-run", "4", "--grace", "1"],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    with serving(site):
        try:
            wait_for(lambda: len([r for r in runs_of(db, "busy") if r[2] != "running"]) >= 2, 60,
                     "two runs")  # fmt: skip
        finally:
            stop(proc)
    ended = query(db, "SELECT status, stop_reason, errors_by_kind FROM runs ORDER BY id")[:2]
    assert [(status, reason) for status, reason, _ in ended] == [("partial", "time_limit")] * 2
    # (The first may be cut before a loaded machine's first answer; the second hears them.)
    kinds = [json.loads(kinds) for _, _, kinds in ended]
    assert kinds[0] in ({}, {"http_429": 1}) and kinds[1] == {"http_429": 1}, ended


def test_a_source_waiting_for_a_crawl_slot_at_its_next_slot_is_said_to_wait(
    tmp_path: Path,
) -> None:
    """One slot, two sources every second, each crawl four seconds long: the one without the
    slot is not "still crawling" at its next slot, it waits for the slot."""
    from tests.localsite import Site, serving

    sites = [Site("127.0.0.32"), Site("127.0.0.33")]
    toml = ""
    for name, site in zip("ab", sites, strict=True):
        link = f"{site.base}/news/1.html"
        site.pages["/rss"] = ("application/rss+xml", f"<rss><channel><item><link>{link}"
                              "</link></item></channel></rss>")  # fmt: skip
        site.delays["/rss"] = 4.0
        toml += (f'[sources.{name}]\nname = "{name}"\nfeeds = ["{site.base}/rss"]\n'
                 'article_url_pattern = "/news/"\ndownload_delay = 0\nschedule = "1s"\n\n')  # fmt: skip
    (tmp_path / "s.toml").write_text(toml, encoding="utf-8")
    log = tmp_path / "schedule.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler", "schedule", "--sources", "s.toml", "--db", "archive.db"],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=log.open("w"),
        env={**os.environ, "ARSHIF_MAX_SOURCES": "1"},
    )  # fmt: skip
    waiting = re.compile(r"\[([ab])\] arshif\.schedule: \1: still waiting for a free crawl slot")
    with serving(sites[0]), serving(sites[1]):
        try:
            wait_for(lambda: bool(waiting.search(log.read_text("utf-8"))), 30, "a waiting source")
        finally:
            stop(proc)


def test_the_service_log_is_one_timestamped_line_per_event_without_scrapy_chatter(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    db = tmp_path / "archive.db"
    proc = start(tmp_path, fixture_server)
    try:
        wait_for(lambda: len(query(db, "SELECT id FROM runs WHERE status = 'ok'")) >= 2, 30,
                 "two runs")  # fmt: skip
    finally:
        stop(proc)
    lines = (tmp_path / "schedule.log").read_text("utf-8").splitlines()
    assert lines and all(re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+Z [A-Z]+ ", ln)
                         for ln in lines), lines  # fmt: skip
    assert not [ln for ln in lines if " INFO " in ln and "] scrapy." in ln]
    assert "run 1 started" in "\n".join(lines)


def test_failures_in_a_row_back_off_and_are_recorded(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    broken = FAST.replace(
        "https://www.akhbar24.example/sitemap-news.xml", "https://www.akhbar24.example/gone.xml"
    )
    db = tmp_path / "archive.db"
    proc = start(tmp_path, fixture_server, sources=broken)
    try:
        wait_for(
            lambda: (
                query(
                    db, "SELECT consecutive_failures FROM schedule_state WHERE source = 'akhbar24'"
                )
                in ([(2,)], [(3,)])
            ),
            40,
            "two failures",
        )
    finally:
        stop(proc)
    [(failures, backoff)] = query(
        db,
        "SELECT consecutive_failures, backoff_seconds FROM schedule_state WHERE source = 'akhbar24'",
    )
    assert backoff == 3 * 2**failures
    statuses = [r[2] for r in runs_of(db, "akhbar24")]
    assert statuses[:2] == ["failed", "failed"]
    assert [r[2] for r in runs_of(db, "aljazeera")].count("ok") >= 2


def test_status_says_a_source_the_running_scheduler_has_not_run_yet_is_queued(
    tmp_path: Path,
) -> None:
    """While a scheduler catches up, the sources it has not reached are due now, not at its
    next start; so is one added to the sources file after it started (it reads the edit)."""
    import json
    import socket
    from datetime import UTC, datetime, timedelta

    from click.testing import CliRunner

    from archive import Archive
    from archive.heartbeat import beat
    from crawler.cli import main

    entry = '[sources.{0}]\nname = "{0}"\nfeeds = ["https://{0}.example/rss"]\n'
    toml = tmp_path / "s.toml"
    toml.write_text(entry.format("fresh") + 'article_url_pattern = "/a/"\n', encoding="utf-8")
    db = tmp_path / "a.db"
    with Archive(db) as archive:  # a scheduler of this process, started a moment after
        later = (datetime.now(UTC) + timedelta(seconds=2)).isoformat()
        beat(archive.db, os.getpid(), socket.gethostname(), later)

    def next_run() -> str:
        out = CliRunner().invoke(
            main, ["status", "--db", str(db), "--sources", str(toml), "--json"]
        )
        assert out.exit_code == 0, out.output
        return json.loads(out.output)[0]["next_run_at"]

    assert next_run() == "now (queued by the running scheduler)"
    future = datetime.now(UTC).timestamp() + 60  # the file changed after the scheduler started
    os.utime(toml, (future, future))
    assert next_run() == "now (queued by the running scheduler)"


def test_status_after_the_scheduler_stopped_shows_no_past_time_nor_one_for_a_removed_source(
    tmp_path: Path,
) -> None:
    from click.testing import CliRunner

    from archive import Archive
    from crawler.cli import main

    toml = tmp_path / "s.toml"
    toml.write_text(
        '[sources.kept]\nname = "k"\nfeeds = ["https://k.example/rss"]\nschedule = "1h"\n'
        'article_url_pattern = "/a/"\n',
        encoding="utf-8",
    )
    past = (datetime.now(UTC) - timedelta(minutes=5)).isoformat(timespec="seconds")
    with Archive(tmp_path / "a.db") as archive:
        for name in ("kept", "removed"):
            archive.finish_run(archive.start_run(name), "ok", "finished")
            archive.save_schedule_state(name, 0, 0, past)  # as a stopped scheduler left them
    out = CliRunner().invoke(
        main, ["status", "--db", str(tmp_path / "a.db"), "--sources", str(toml), "--json"]
    )
    rows = {row["source"]: row["next_run_at"] for row in json.loads(out.output)}
    assert rows == {"kept": "at scheduler start", "removed": None}


@pytest.mark.parametrize("schedule", ["*/5 * * * *", "90s"])
def test_status_shows_next_run_and_failures(tmp_path: Path, schedule: str) -> None:
    from click.testing import CliRunner

    from archive import Archive
    from crawler.cli import main

    (tmp_path / "s.toml").write_text(
        f'[sources.x]\nname = "x"\nfeeds = ["https://x.example/rss"]\narticle_url_pattern = "/a/"\nschedule = "{schedule}"\n',
        encoding="utf-8",
    )
    archive = Archive(tmp_path / "a.db")
    run = archive.start_run("x")
    archive.finish_run(run, "failed", "finished")
    archive.close()
    out = CliRunner().invoke(
        main,
        ["status", "--db", str(tmp_path / "a.db"), "--sources", str(tmp_path / "s.toml"), "--json"],
    )
    [row] = __import__("json").loads(out.output)
    assert row["source"] == "x" and row["failures_in_a_row"] == 1 and row["next_run_at"]


def test_a_signal_to_the_scheduler_drains_the_pages_in_flight(tmp_path: Path) -> None:
    """Ctrl-C on a terminal reaches the whole process group, extraction workers included:
    every article page the server answered is archived, nothing is recorded as a crash."""
    from tests.test_many_sources import NewsSite

    with NewsSite("127.0.0.7", articles=50, delay=0.4) as site:
        (tmp_path / "s.toml").write_text(site.source("slow", concurrency=4), encoding="utf-8")
        with open(tmp_path / "schedule.log", "w") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "crawler", "schedule", "--sources", "s.toml", "--db",
                 "archive.db", "--grace", "20"],
                cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
            )  # fmt: skip
            db = tmp_path / "archive.db"
            wait_for(lambda: query(db, "SELECT COUNT(*) FROM articles") >= [(3,)], 60, "articles")
            os.killpg(proc.pid, signal.SIGINT)
            proc.wait(timeout=60)
        answered = set(site.answered)
    assert proc.returncode == 130
    text = (tmp_path / "schedule.log").read_text()
    assert "Traceback" not in text
    archived = {u for (u,) in query(db, "SELECT fetched_url FROM articles")}
    assert answered and answered <= archived
    assert not query(db, "SELECT kind FROM run_errors WHERE kind LIKE 'extract_%'")
    assert query(db, "SELECT status, stop_reason FROM runs") == [("partial", "stopped")]


def test_check_sees_the_scheduler_alive_and_then_stopped(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    import json

    proc = start(tmp_path, fixture_server)
    db = tmp_path / "archive.db"
    try:
        wait_for(lambda: query(db, "SELECT 1 FROM scheduler_heartbeat"), 30, "a heartbeat")
        running = arshif("check", "--json", "--db", "archive.db", cwd=tmp_path, check=False)
    finally:
        stop(proc)
    stopped = arshif("check", "--json", "--db", "archive.db", cwd=tmp_path, check=False)
    assert json.loads(running.stdout)["scheduler"]["running"] is True
    assert json.loads(stopped.stdout)["scheduler"]["running"] is False


def test_the_service_recycles_without_losing_or_repeating_work(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    db = tmp_path / "archive.db"
    proc = start(tmp_path, fixture_server, "--recycle-after", "3")
    try:
        wait_for(lambda: "recycled" in (tmp_path / "schedule.log").read_text(), 60, "a recycle")
        recycled_at = query(db, "SELECT MAX(id) FROM runs")[0][0]
        wait_for(
            lambda: (
                query(
                    db, "SELECT COUNT(*) FROM runs WHERE id > ? AND status = 'ok'", (recycled_at,)
                )[0][0]
                >= 2
            ),  # fmt: skip
            60,
            "runs after the recycle",
        )
        zombies = [c for c in descendants(proc.pid) if process_state(c) == "Z"]
    finally:
        stop(proc)
    assert proc.returncode == 0
    assert zombies == []  # what the old image started was reaped before the exec
    statuses = {s for (s,) in query(db, "SELECT status FROM runs")}
    assert statuses == {"ok"}, statuses  # none cut short, none orphaned by the restart
    urls = [u for (u,) in query(db, "SELECT url FROM articles")]
    assert len(urls) == len(set(urls)) == 4  # the two sources' stories, once each
    [(pids,)] = query(db, "SELECT COUNT(DISTINCT pid) FROM scheduler_heartbeat")
    assert pids == 1  # the same process, started afresh in place


def test_a_recycle_stops_a_crawl_that_outlasts_its_drain_and_catches_it_up_after(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    """One hanging crawl (up to --max-run) held every other source's next run for as long:
    a recycle waits --recycle-drain seconds, then stops it; the fresh start catches it up."""
    fixture_server.site.host_delay["www.akhbar24.example"] = 60
    db = tmp_path / "archive.db"
    log = tmp_path / "schedule.log"
    proc = start(tmp_path, fixture_server, "--recycle-after", "3", "--recycle-drain", "2",
                 "--grace", "1")  # fmt: skip
    try:
        wait_for(lambda: "recycled: starting afresh" in log.read_text(), 60, "the recycle")
        wait_for(lambda: len(runs_of(db, "akhbar24")) >= 2, 30, "akhbar24 caught up")
    finally:
        stop(proc)
    assert "stopping the crawls still running" in log.read_text()
    cut = query(db, "SELECT status, stop_reason FROM runs WHERE source = 'akhbar24' ORDER BY id")
    assert cut[0] in (("partial", "stopped"), ("failed", "stopped"))


def test_a_recycle_waits_for_a_sources_file_being_edited_and_the_crawls_go_on(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    """A fresh start would read the half-edited file and exit 2, which the README's systemd
    unit never restarts: the archive would go offline at the next recycle."""
    db = tmp_path / "archive.db"
    proc = start(tmp_path, fixture_server, "--recycle-after", "3")
    log = tmp_path / "schedule.log"
    try:
        wait_for(lambda: query(db, "SELECT COUNT(*) FROM runs") >= [(1,)], 30, "a first run")
        (tmp_path / "fast.toml").write_text(FAST + "colour = 'red'\n", encoding="utf-8")
        wait_for(lambda: "recycling waits" in log.read_text(), 30, "the recycle to wait")
        time.sleep(2)
        assert proc.poll() is None and "recycled" not in log.read_text()
        assert log.read_text().count("recycling waits") == 1  # said once, not every beat
        (tmp_path / "fast.toml").write_text(FAST, encoding="utf-8")
        wait_for(lambda: "recycled: starting afresh" in log.read_text(), 30, "the recycle")
        before = query(db, "SELECT MAX(id) FROM runs")[0][0]
        wait_for(
            lambda: query(db, "SELECT COUNT(*) FROM runs WHERE id > ?", (before,)) >= [(1,)],
            30, "a run after the recycle",
        )  # fmt: skip
    finally:
        stop(proc)
    assert proc.returncode == 0


def test_a_fresh_start_waiting_for_a_sources_file_broken_in_the_drain_is_a_running_scheduler(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    """The process waits, alive, and says why in its log: status and check must not call it
    a scheduler that stopped (its service's close wrote that) while it waits."""
    fixture_server.site.delay = 3.0  # the drain waits for pages this slow
    db = tmp_path / "archive.db"
    proc = start(tmp_path, fixture_server, "--recycle-after", "3", "--recycle-drain", "5")
    log = tmp_path / "schedule.log"
    try:
        wait_for(lambda: "recycling the crawl service" in log.read_text(), 30, "a recycle")
        (tmp_path / "fast.toml").write_text(FAST + "[sources.half\n", encoding="utf-8")
        wait_for(lambda: "fresh start waits" in log.read_text(), 60, "the fresh start to wait")
        fixture_server.site.delay = 0
        time.sleep(1)
        with Archive(db) as archive:
            state = archive.scheduler_status()
        assert proc.poll() is None and state["state"] == "running" and state["pid"] == proc.pid
        (tmp_path / "fast.toml").write_text(FAST, encoding="utf-8")
        wait_for(lambda: "recycled: starting afresh" in log.read_text(), 30, "the recycle")
    finally:
        stop(proc)


def test_log_lines_keep_their_level_one_timestamp_and_name_their_source_and_run(
    tmp_path: Path, fixture_server: FixtureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re

    db = tmp_path / "archive.db"
    monkeypatch.setenv("TZ", "Pacific/Chatham")  # 13 h 45 ahead: its times must not show
    proc = start(tmp_path, fixture_server, "--log-file", "logs/arshif.log")
    try:
        wait_for(lambda: len([r for r in runs_of(db, "aljazeera") if r[2] == "ok"]) >= 2,
                 40, "two runs")  # fmt: skip
    finally:
        stop(proc)
    lines = (tmp_path / "logs" / "arshif.log").read_text("utf-8").splitlines()
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}Z"  # UTC, marked
    shape = re.compile(rf"^{stamp} (DEBUG|INFO|WARNING|ERROR|CRITICAL) \[[^\]]+\] [\w.]+: ")
    assert lines and all(shape.match(line) for line in lines), lines[:5]
    assert all(len(re.findall(stamp, line)) == 1 for line in lines)  # no line inside a line
    logged = datetime.strptime(lines[-1][:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    assert abs(datetime.now(UTC) - logged) < timedelta(minutes=5)
    summaries = [line for line in lines if re.search(r"aljazeera: run \d+ ok", line)]
    assert summaries and all(
        re.search(r"\[aljazeera run=(\d+)\].*aljazeera: run \1 ok", line) for line in summaries
    ), summaries
    assert any(" WARNING [-] arshif.schedule: SIGTERM" in line for line in lines)
    # The scheduler's own lines about a source's run name it too, not "[-]".
    nexts = [line for line in lines if ": next run at " in line]
    assert nexts and all(
        re.search(r"\[(\w+) run=\d+\] [\w.]+: \1: next run at", line) for line in nexts
    ), nexts


def test_a_source_crawled_recently_runs_at_its_next_slot_after_a_restart(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    """Not overdue at start: no catch-up, but its schedule goes on (APScheduler would keep a
    job added with next_run_time=None paused for ever)."""
    from archive import Archive

    archive = Archive(tmp_path / "archive.db")
    for source in ("aljazeera", "akhbar24"):
        archive.finish_run(archive.start_run(source), "ok", "finished")
    before = archive.db.execute("SELECT MAX(id) FROM runs").fetchone()[0]
    archive.close()
    db = tmp_path / "archive.db"
    proc = start(tmp_path, fixture_server)
    try:
        wait_for(
            lambda: (
                query(db, "SELECT COUNT(DISTINCT source) FROM runs WHERE id > ?", (before,))
                == [(2,)]
            ),  # fmt: skip
            30,
            "both sources' next slots",
        )
    finally:
        stop(proc)


def _finished_ago(db: Path, source: str, seconds: float) -> str:
    """A run of source that finished `seconds` ago (ok): its finish time, as stored."""
    from datetime import UTC, datetime, timedelta

    from archive import Archive

    archive = Archive(db)
    run = archive.start_run(source)
    archive.finish_run(run, "ok", "finished")
    archive.close()
    when = (datetime.now(UTC) - timedelta(seconds=seconds)).isoformat(timespec="milliseconds")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE runs SET finished_at = ? WHERE id = ?", (when, run))
    return when


def test_an_interval_source_runs_a_period_after_its_last_run_not_a_period_after_the_start(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    """Every 60 s, last run 55 s ago: due in 5 s, whenever the scheduler was restarted (it
    used to wait a whole period from its own start)."""
    db = tmp_path / "archive.db"
    _finished_ago(db, "akhbar24", 55)
    akhbar24 = FAST[FAST.index("[sources.akhbar24]") :].replace('"3s"', '"60s"')
    began = time.monotonic()
    proc = start(tmp_path, fixture_server, sources=akhbar24)
    try:
        wait_for(lambda: len(runs_of(db, "akhbar24")) >= 2, 40, "the run 5 s after start")
    finally:
        stop(proc)
    assert time.monotonic() - began < 40


def test_status_says_when_the_scheduler_would_run_sources_it_never_ran(tmp_path: Path) -> None:
    """Without scheduler state: a source never crawled runs at the scheduler's start, an
    interval source a period after its last run, a cron source at its next slot."""
    import json
    from datetime import UTC, datetime, timedelta

    from click.testing import CliRunner

    from crawler.cli import main

    entry = 'name = "{0}"\nfeeds = ["https://{0}.example/rss"]\narticle_url_pattern = "/a/"\n'
    (tmp_path / "s.toml").write_text(
        "".join(
            f"[sources.{name}]\n{entry.format(name)}schedule = {schedule!r}\n"
            for name, schedule in (("fresh", "1h"), ("hourly", "1h"), ("cron", "0 * * * *"))
        ),
        encoding="utf-8",
    )
    db = tmp_path / "a.db"
    hourly_finished = datetime.fromisoformat(_finished_ago(db, "hourly", 600))
    _finished_ago(db, "cron", 0)
    out = CliRunner().invoke(
        main, ["status", "--db", str(db), "--sources", str(tmp_path / "s.toml"), "--json"]
    )
    assert out.exit_code == 0, out.output
    rows = {row["source"]: row["next_run_at"] for row in json.loads(out.output)}
    assert rows["fresh"] == "at scheduler start"
    hourly = datetime.fromisoformat(rows["hourly"])
    assert abs(hourly - (hourly_finished + timedelta(hours=1))) < timedelta(seconds=2)
    cron = datetime.fromisoformat(rows["cron"])
    assert cron > datetime.now(UTC) and (cron.minute, cron.second) == (0, 0)


def test_a_source_that_failed_for_a_month_backs_off_a_day_and_status_says_when(
    tmp_path: Path,
) -> None:
    """Hourly, dead for weeks: forty failures in a row (2^40 hours, past any date) wait a day."""
    from datetime import datetime, timedelta

    from archive import Archive

    (tmp_path / "sources.toml").write_text(
        '[sources.dead]\nname = "dead"\nstart_urls = ["https://dead.example/"]\n'
        'article_url_pattern = "/news/"\nschedule = "0 * * * *"\n',
        encoding="utf-8",
    )
    with Archive(tmp_path / "archive.db") as archive:
        for _ in range(40):
            archive.finish_run(archive.start_run("dead"), "failed", "nothing_fetched")
    said = arshif("status", cwd=tmp_path)
    assert "Traceback" not in said.stderr
    last = query(tmp_path / "archive.db", "SELECT MAX(finished_at) FROM runs")[0][0]
    due = (datetime.fromisoformat(last) + timedelta(days=1)).isoformat(timespec="seconds")
    assert due in said.stdout, said.stdout


def test_status_shows_the_plan_of_the_scheduler_that_runs_from_its_start(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    """Not the last process's plan: before the fresh start runs anything, status showed the
    times the process before it (or a recycle's old image) had planned."""
    db = tmp_path / "archive.db"
    finished = datetime.fromisoformat(_finished_ago(db, "aljazeera", 60))
    hourly = FAST.replace('schedule = "2s"', 'schedule = "1h"', 1)
    with sqlite3.connect(db) as conn:  # a plan left by a process before
        conn.execute(
            "INSERT OR REPLACE INTO schedule_state (source, consecutive_failures, backoff_seconds,"
            " next_run_at, updated_at) VALUES ('aljazeera', 0, 0, '2020-01-01T00:00:00+00:00',"
            " '2020-01-01T00:00:00+00:00')"
        )
    proc = start(tmp_path, fixture_server, sources=hourly)
    try:
        sql = "SELECT next_run_at FROM schedule_state WHERE source = 'aljazeera'"
        wait_for(lambda: query(db, sql) not in ([], [("2020-01-01T00:00:00+00:00",)]), 30,
                 "the new plan")  # fmt: skip
        [(planned,)] = query(db, sql)
    finally:
        stop(proc)
    assert abs(datetime.fromisoformat(planned) - (finished + timedelta(hours=1))) < timedelta(
        seconds=2
    )


def test_the_memory_a_recycle_measures_starts_again_in_the_fresh_image() -> None:
    """--recycle-memory: growth since the fresh start. The old image's peak (300 MB here)
    must not carry over the exec, or each recycle would need the last one's peak and more."""
    fresh = "from crawler.scheduler import rss_mb; print(rss_mb())"
    grown = (
        "import os, sys\n"
        "ballast = bytearray(300 * 1024 * 1024)\n"
        "ballast[::4096] = b'x' * len(ballast[::4096])\n"
        f"os.execv(sys.executable, [sys.executable, '-c', {fresh!r}])\n"
    )
    result = subprocess.run([sys.executable, "-c", grown], capture_output=True, text=True,
                            check=True, cwd=Path(__file__).resolve().parent.parent)  # fmt: skip
    assert float(result.stdout) < 150, result.stdout


def test_memory_growth_counts_from_the_peak_once_the_first_crawls_have_ended(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--recycle-memory: the crawler's warm-up (its first crawls grow the peak by 35-50 MB)
    is no leak. Measured from before any crawl, a limit of 20 recycled the service every
    minute and stopped crawls that never got to end."""
    from crawler import scheduler

    peak = [60.0]  # before any crawl
    monkeypatch.setattr(scheduler, "rss_mb", lambda: peak[0])
    options = scheduler.ScheduleOptions(str(tmp_path / "s.toml"), "a.db", recycle_memory_mb=20)
    service = scheduler.Scheduler([], options)
    peak[0] = 110.0  # the first crawls run
    assert not service._recycle_due()
    peak[0] = 60.0
    memory = scheduler.MemoryBaseline()
    memory.began("a")
    memory.began("b")
    peak[0] = 110.0
    memory.ended("a")
    assert memory.grown() == 0  # b's first crawl still runs: warming up
    peak[0] = 120.0
    memory.ended("b")
    memory.began("a")  # a second crawl changes nothing
    memory.began("c")  # nor does a source first due later
    peak[0] = 135.0
    assert memory.grown() == 15.0


def _started_since(db: Path, source: str, since: datetime) -> list[str]:
    return [
        started for started, _, _ in runs_of(db, source) if datetime.fromisoformat(started) > since
    ]


def test_an_edit_of_the_sources_file_applies_to_the_running_scheduler_without_a_restart(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    """A service runs for months: a source added is crawled, a broken edit changes nothing
    (said once), a removed source is crawled no more and a changed schedule is followed,
    all without a restart."""
    aljazeera, rest = FAST.split("[sources.akhbar24]")
    akhbar24 = "[sources.akhbar24]" + rest
    db, toml, log = tmp_path / "archive.db", tmp_path / "fast.toml", tmp_path / "schedule.log"
    proc = start(tmp_path, fixture_server, sources=aljazeera)
    try:
        wait_for(lambda: len(runs_of(db, "aljazeera")) >= 1, 30, "a first run")
        toml.write_text(aljazeera + akhbar24, encoding="utf-8")
        wait_for(lambda: len(runs_of(db, "akhbar24")) >= 1, 30, "the added source's run")
        assert "akhbar24: added to the sources file" in log.read_text()

        toml.write_text(aljazeera + "[sources.half\n", encoding="utf-8")
        wait_for(lambda: "does not load" in log.read_text(), 30, "the broken file to be said")
        seen = len(runs_of(db, "akhbar24"))
        wait_for(lambda: len(runs_of(db, "akhbar24")) > seen, 30, "crawls to go on")
        assert log.read_text().count("does not load") == 1

        fixture_server.site.delay = 3.0  # akhbar24's crawl is in flight as the edit applies
        in_flight = "SELECT id FROM runs WHERE source = 'akhbar24' AND status = 'running'"
        wait_for(lambda: bool(query(db, in_flight)), 30, "a crawl of akhbar24 in flight")
        run_id = query(db, in_flight)[0][0]
        toml.write_text(akhbar24.replace('"3s"', '"1h"'), encoding="utf-8")
        wait_for(lambda: "aljazeera: removed" in log.read_text(), 30, "the removal")
        assert "akhbar24: its schedule changed" in log.read_text()
        applied = datetime.now(UTC)
        fixture_server.site.delay = 0
        running = "SELECT 1 FROM runs WHERE status = 'running'"
        wait_for(lambda: not query(db, running), 30, "the crawls in flight to end")
        ended = query(db, "SELECT finished_at FROM runs WHERE id = ?", (run_id,))[0][0]
        assert datetime.fromisoformat(ended) > applied  # it was in flight
        time.sleep(6)  # three of aljazeera's old periods, two of akhbar24's
        assert proc.poll() is None
        assert _started_since(db, "aljazeera", applied) == []
        assert _started_since(db, "akhbar24", applied) == []
    finally:
        stop(proc)
    assert proc.returncode == 0


def test_a_source_added_to_the_running_scheduler_with_anothers_start_page_is_warned_of(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """`schedule` warned of two sources sharing a start page at start-up only: one added
    later was crawled, archiving nothing the other took first, and nothing said."""
    from crawler import scheduler
    from crawler.sources import load_sources
    from crawler.sourcewatch import SourcesChange

    entry = (
        '[sources.{0}]\nname = "{0}"\nstart_urls = ["https://site.example/"]\n'
        "article_url_pattern = '/news/'\nschedule = \"1h\"\n\n"
    )
    toml = tmp_path / "s.toml"
    toml.write_text(entry.format("first") + entry.format("second"), encoding="utf-8")
    sources = load_sources(toml)
    options = scheduler.ScheduleOptions(str(toml), str(tmp_path / "a.db"))
    service = scheduler.Scheduler([sources["first"]], options)
    monkeypatch.setattr(service, "_add_job", lambda source, now: None)
    caplog.set_level("INFO", logger="arshif.schedule")
    service._apply(SourcesChange(added=[sources["second"]]))
    said = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert said == [
        "sources first, second all start from https://site.example/: an article they share"
        " is archived once, under whichever reads it first"
    ]
    service._apply(SourcesChange(changed=[sources["second"]]))  # said once, not every edit
    assert len([r for r in caplog.records if r.levelname == "WARNING"]) == 1


@pytest.mark.parametrize("how", ["moved", "deleted"])
def test_a_scheduler_whose_archive_is_moved_or_deleted_stops_and_says_so(
    tmp_path: Path, fixture_server: FixtureServer, how: str
) -> None:
    """Its crawls wrote on into the file it had open (deleted: lost when it stopped), or into
    a new empty archive at the path; `check` saw no scheduler. It stops, exit 2 (a service
    manager does not restart it onto an empty file), and the archive moved away is whole."""
    db = tmp_path / "archive.db"
    proc = start(tmp_path, fixture_server)
    try:
        wait_for(lambda: bool(query(db, "SELECT id FROM runs WHERE status = 'ok'")), 60, "a run")
        if how == "moved":
            db.rename(tmp_path / "kept.db")
        else:
            for path in tmp_path.glob("archive.db*"):
                path.unlink()
        code = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            stop(proc)
    log = (tmp_path / "schedule.log").read_text(encoding="utf-8")
    assert code == 2, log
    said = "deleted or moved away while the scheduler ran: stopping"
    assert said in log and "Traceback" not in log, log
    assert not db.exists()  # no empty archive made in its place
    if how == "moved":
        with sqlite3.connect(tmp_path / "kept.db") as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] > 0


def test_a_log_file_on_a_full_disk_never_stops_the_scheduler_at_its_recycle(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    """The log's lines go to stderr once its disk is full; the recycle's flush of the log
    file raised ENOSPC and the scheduler exited 1 (a service manager restarted it at every
    recycle, and cron's never came back)."""
    db = tmp_path / "archive.db"
    log = tmp_path / "schedule.log"
    proc = start(tmp_path, fixture_server, "--log-file", "/dev/full", "--recycle-after", "3")
    try:
        wait_for(lambda: "recycled: starting afresh" in log.read_text(), 60, "the recycle")
        before = query(db, "SELECT MAX(id) FROM runs")[0][0]
        wait_for(
            lambda: query(db, "SELECT COUNT(*) FROM runs WHERE id > ?", (before,))[0][0] >= 1,
            60,
            "a run after the recycle",
        )
        assert proc.poll() is None, log.read_text()
    finally:
        if proc.poll() is None:
            stop(proc)
    text = log.read_text()
    assert "cannot write the log file /dev/full" in text and "Traceback" not in text, text
