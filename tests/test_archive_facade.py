"""The Archive facade's reads that the crawl side and re-extraction can use instead of SQL
of their own."""

from __future__ import annotations

import zlib
from pathlib import Path

from archive import Archive, ArticleRecord, Capture


def test_stored_pages_walk_the_articles_with_their_raw_pages_in_id_order(
    fresh_archive: Archive,
) -> None:
    run = fresh_archive.start_run("s")
    for i in range(5):
        record = ArticleRecord(f"https://t.example/{i}", "ab"[i % 2], f"t{i}", f"نص مختلف رقم {i}")
        fresh_archive.archive(run, record, Capture(record.url, 200, {}, f"<p>{i}</p>".encode()))
    assert (fresh_archive.count_articles(), fresh_archive.count_articles("a")) == (5, 3)
    first = fresh_archive.stored_pages("a", limit=2)
    rest = fresh_archive.stored_pages("a", after_id=first[-1][0], limit=2)
    assert [r[1] for r in first + rest] == [f"https://t.example/{i}" for i in (0, 2, 4)]
    assert zlib.decompress(rest[-1][11]) == b"<p>4</p>"


def test_runs_still_running_and_the_last_finished_status(fresh_archive: Archive) -> None:
    done = fresh_archive.start_run("a", pid=111)
    fresh_archive.finish_run(done, "partial")
    fresh_archive.start_run("a", pid=222)
    assert fresh_archive.running_pids() == {222}
    assert fresh_archive.last_status("a") == "partial" and fresh_archive.last_status("b") is None
    assert fresh_archive.sources() == ["a"]


def test_a_new_archive_appears_with_its_schema_and_leaves_nothing_beside_it(
    tmp_path: Path,
) -> None:
    with Archive(tmp_path / "new.db") as archive:
        assert {"articles", "runs", "captures"} <= set(archive.db.table_names())
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        "new.db"
    ]


def test_a_run_whose_pid_now_belongs_to_a_younger_process_is_an_orphan(tmp_path: Path) -> None:
    """A container's PID 1, killed and started again, holds the pid of the run the first one
    left running: that run is marked failed, not taken for the new process's."""
    import os

    with Archive(tmp_path / "a.db") as archive:
        left = archive.start_run("saraya", pid=os.getpid())
        ours = archive.start_run("jazeera", pid=os.getpid())
        archive.db.execute(  # opened by another process that held this pid, long ago
            "UPDATE runs SET started_at = '2020-01-01T00:00:00.000+00:00',"
            " process_key = 'another-boot:1' WHERE id = ?",
            [left],
        )
        assert archive.fail_dead_runs() == [left]
        statuses = dict(
            archive.db.execute("SELECT id, status || ' ' || COALESCE(stop_reason, '') FROM runs")
        )
    assert statuses == {left: "failed orphaned", ours: "running "}


def test_a_live_run_survives_a_clock_stepped_forward_after_it_began(tmp_path: Path) -> None:
    """A board without a clock starts at a stale time, then NTP steps it forward: the
    process that opened the run now looks younger than it by the wall clock. It is the same
    process: its run is not orphaned (nor is one of a row older than the process key,
    judged by the time, when the pid's process is younger)."""
    import os

    with Archive(tmp_path / "a.db") as archive:
        run = archive.start_run("saraya", pid=os.getpid())
        archive.db.execute(  # written before the step: an hour before the process began
            "UPDATE runs SET started_at = '2020-01-01T00:00:00.000+00:00' WHERE id = ?", [run]
        )
        assert archive.fail_dead_runs() == []
        archive.db.execute("UPDATE runs SET process_key = NULL WHERE id = ?", [run])
        assert archive.fail_dead_runs() == [run]  # an archive's older rows: by the time


def test_a_run_another_container_left_running_waits_for_the_holder_of_its_sources_lock(
    tmp_path: Path,
) -> None:
    """A crawl in another container on this machine (another pid namespace) shares the
    archive: its pid names no process here, or another one. Its run is not judged from here
    (not failed, not shown orphaned); the process that next holds its source's lock fails it,
    the crawl runs of that source only."""
    import os

    from archive.heartbeat import process_key

    boot, ticks, _ = str(process_key(os.getpid())).split(":")
    with Archive(tmp_path / "a.db") as archive:
        there = archive.start_run("saraya", pid=999_999)  # no such pid here
        other = archive.start_run("jazeera", pid=os.getpid())  # a pid of ours, by chance
        upkeep = archive.start_run("saraya", pid=999_999, kind="reextract")
        for run in (there, other, upkeep):
            archive.db.execute(
                "UPDATE runs SET process_key = ? WHERE id = ?", [f"{boot}:{ticks}7:1", run]
            )
        assert archive.fail_dead_runs() == []
        assert archive.run(there)["status"] == "running"  # as `arshif runs` shows it
        assert archive.fail_unlocked_runs("saraya") == [there]
        statuses = dict(
            archive.db.execute("SELECT id, status || ' ' || COALESCE(stop_reason, '') FROM runs")
        )
    assert statuses == {there: "failed orphaned", other: "running ", upkeep: "running "}


def finished_runs(archive: Archive, runs: list[tuple[str, str, str]]) -> None:
    """Crawl runs of source "a", each (status, stop_reason, day it finished), in order."""
    for status, reason, day in runs:
        run = archive.start_run("a", pid=1)
        archive.finish_run(run, status, reason)
        archive.db.execute(
            "UPDATE runs SET finished_at = ? WHERE id = ?", [f"{day}T00:00:00.000+00:00", run]
        )


def test_a_crawl_the_crawler_cut_short_is_caught_up_and_is_no_failure_of_the_source(
    fresh_archive: Archive,
) -> None:
    """A kill -9 (orphaned) or a stop of the scheduler is not the source failing, nor a crawl
    that ran its course: the next start catches up from the last that did, without a longer
    backoff."""
    runs = [
        ("ok", "finished", "2020-01-01"),
        ("failed", "nothing_fetched", "2020-01-02"),  # the source's own failure
        ("failed", "orphaned", "2020-01-03"),
        ("partial", "stopped", "2020-01-04"),
    ]
    finished_runs(fresh_archive, runs)
    assert fresh_archive.consecutive_failures("a") == 1
    assert fresh_archive.last_finished("a") == "2020-01-02T00:00:00.000+00:00"


def test_a_source_whose_crawls_are_orphaned_twice_in_a_row_is_crawled_alone(
    fresh_archive: Archive,
) -> None:
    """Two deaths of the crawl process in a row with the source in flight: it may be the
    cause, or only have shared the process with it. Crawled alone next, it is not yet
    counted as failing: the sources that only shared the process must not back off."""
    finished_runs(fresh_archive, [
        ("ok", "finished", "2020-01-01"),
        ("failed", "orphaned", "2020-01-02"),
        ("partial", "stopped", "2020-01-03"),
        ("failed", "orphaned", "2020-01-04"),
    ])  # fmt: skip
    assert fresh_archive.quarantine_size("a") == 1  # its process had itself in flight
    assert fresh_archive.consecutive_failures("a") == 0
    assert fresh_archive.last_finished("a") == "2020-01-01T00:00:00.000+00:00"  # caught up


def test_a_source_orphaned_once_is_not_crawled_alone(fresh_archive: Archive) -> None:
    finished_runs(fresh_archive, [("ok", "finished", "2020-01-01"),
                                  ("failed", "orphaned", "2020-01-02")])  # fmt: skip
    assert fresh_archive.quarantine_size("a") == 0


def test_a_source_whose_crawl_kills_the_crawler_while_alone_backs_off_and_stays_alone(
    fresh_archive: Archive,
) -> None:
    """A page that kills the crawler each time (out of memory): once it died alone, it is
    the source's failure, so the scheduler's backoff holds it instead of a crash loop, from
    that death on; it stays alone until a crawl of it runs its course."""
    finished_runs(fresh_archive, [
        ("ok", "finished", "2020-01-01"),
        ("failed", "orphaned", "2020-01-02"),
        ("failed", "orphaned", "2020-01-03"),
        ("failed", "orphaned", "2020-01-04"),
        ("failed", "orphaned", "2020-01-05"),
    ])  # fmt: skip
    fresh_archive.db.execute("UPDATE runs SET alone = 1 WHERE finished_at >= '2020-01-04'")
    assert fresh_archive.consecutive_failures("a") == 2
    assert fresh_archive.last_finished("a") == "2020-01-05T00:00:00.000+00:00"
    assert fresh_archive.quarantine_size("a") == 1
    finished_runs(fresh_archive, [("ok", "finished", "2020-01-06")])
    assert fresh_archive.quarantine_size("a") == 0
    assert fresh_archive.consecutive_failures("a") == 0


def deaths(archive: Archive, sources: list[str], times: int, group: int = 0) -> None:
    """The crawl process died `times` times with a crawl of each source in flight, each death
    a process of its own (its process key); group: the quarantine group they ran in."""
    for death in range(times):
        for source in sources:
            run = archive.start_run(source, pid=1, alone=group)
            archive.finish_run(run, "failed", "orphaned")
            archive.db.execute(
                "UPDATE runs SET process_key = ? WHERE id = ?", [f"boot:{death}:{group}", run]
            )


def test_the_suspects_of_a_death_are_crawled_in_groups_of_half_the_crawls_in_flight(
    fresh_archive: Archive,
) -> None:
    """Eight crawls in flight at two deaths in a row: any of them may be the cause. Crawled
    four at a time (group testing), the culprit is found in three more deaths, not eight
    crawls one after another that hold every other source back."""
    eight = [f"s{n}" for n in range(8)]
    deaths(fresh_archive, eight, 2)
    assert [fresh_archive.quarantine_size(s) for s in eight] == [4] * 8
    assert fresh_archive.consecutive_failures("s0") == 0


def test_a_suspect_orphaned_in_a_group_goes_in_a_group_of_half_as_many_and_is_not_failing(
    fresh_archive: Archive,
) -> None:
    """A death in a group of four is one of its four suspects': two at most next, then one
    (alone). Only a death alone is the source's own failure (backoff from it); until then it
    is caught up from its last crawl that ran its course."""
    deaths(fresh_archive, ["a", "b", "c", "d"], 2)
    deaths(fresh_archive, ["a", "b", "c", "d"], 1, group=4)
    assert fresh_archive.quarantine_size("a") == 2
    deaths(fresh_archive, ["a"], 1, group=2)
    assert fresh_archive.quarantine_size("a") == 1
    assert fresh_archive.consecutive_failures("a") == 0
    assert fresh_archive.last_finished("a") is None
    deaths(fresh_archive, ["a"], 1, group=1)
    assert fresh_archive.quarantine_size("a") == 1
    assert fresh_archive.consecutive_failures("a") == 1
    finished_runs(fresh_archive, [("ok", "finished", "2020-01-06")])
    assert fresh_archive.quarantine_size("a") == 0


def test_a_group_halves_from_the_suspects_in_flight_at_its_death_not_from_its_size(
    fresh_archive: Archive,
) -> None:
    """A group of 16 (a cap) that only three suspects filled: its death is one of the three's,
    so the next group holds one, not eight (16, 8, 4, 2: three deaths more than needed)."""
    suspects = [f"s{n}" for n in range(32)]
    deaths(fresh_archive, suspects, 2)
    deaths(fresh_archive, ["s0", "s1", "s2"], 1, group=16)
    assert fresh_archive.quarantine_size("s0") == 1
    assert fresh_archive.quarantine_size("s3") == 16  # not in flight then: the first halving


def test_a_source_orphaned_twice_by_a_process_it_cannot_tell_is_crawled_alone(
    fresh_archive: Archive,
) -> None:
    """Runs of an older arshif kept no process key (a pid alone may be reused): how many
    crawls were in flight is not known, so the source goes alone, as it did."""
    deaths(fresh_archive, ["a", "b", "c", "d"], 2)
    fresh_archive.db.execute("UPDATE runs SET process_key = NULL")
    assert fresh_archive.quarantine_size("a") == 1


def test_an_article_over_several_pages_is_rechecked_without_validators(tmp_path: Path) -> None:
    """Its first page's 304 says nothing of the later ones: an edit on page 2 was never
    archived while page 1 kept its ETag."""
    with Archive(tmp_path / "a.db") as archive:
        run = archive.start_run("a")
        for n, parts in (
            (1, ()),
            (2, (Capture("https://t.example/2?page=2", 200, {}, b"<p>2</p>"),)),
        ):
            url = f"https://t.example/{n}"
            record = ArticleRecord(
                url, "a", title=f"t{n}", text=f"{n} " * 40, etag=f'"e{n}"',
                last_modified="Sun, 01 Dec 2024 10:00:00 GMT",
            )  # fmt: skip
            archive.archive(run, record, Capture(url, 200, {}, b"<p>1</p>", parts=parts))
        single, parted = (
            archive.article_state("https://t.example/1"),
            archive.article_state("https://t.example/2"),
        )
        revisits = {s["url"]: s["etag"] for s in archive.revisits("a", "9999", 10)}
    assert single is not None and single["etag"] == '"e1"' and single["last_modified"]
    assert parted is not None and parted["etag"] is None and parted["last_modified"] is None
    assert revisits == {"https://t.example/1": '"e1"', "https://t.example/2": None}


def test_an_address_that_led_to_an_archived_article_is_known_until_the_article_is_forgotten(
    fresh_archive: Archive,
) -> None:
    """A feed's "/?p=3" that led to an article first archived from its own address: the
    archive answers for it as for the article (so it is not downloaded each run); a
    takedown leaves no trace of it."""
    url, short = "https://t.example/news/3", "https://t.example/?p=3"
    record = ArticleRecord(url, "a", "t", "نص الخبر " * 20, fetched_url=url)
    run = fresh_archive.start_run("a")
    fresh_archive.archive(run, record, Capture(url, 200, {}, b"<p>3</p>"))
    assert fresh_archive.article_state(short) is None
    again = ArticleRecord(url, "a", "t", "نص الخبر " * 20, fetched_url=short)
    fresh_archive.archive(run, again, Capture(url, 200, {}, b"<p>3</p>"))
    state = fresh_archive.article_state(short)
    assert state is not None and (state["url"], state["fetched_url"]) == (url, url)
    assert fresh_archive.article_state("https://t.example/?p=4") is None
    fresh_archive.forget(fresh_archive.find_articles([url]))
    assert fresh_archive.db.execute("SELECT COUNT(*) FROM url_aliases").fetchone()[0] == 0


def test_an_id_is_never_given_to_another_article_after_its_row_is_deleted(tmp_path) -> None:
    """A takedown (or a copy folded into its moved article) of the newest row left its id
    to the next new article: "new #2" in last week's crawl log, or an id kept from an
    export, then named another story."""
    from archive import Archive, ArticleRecord, Capture

    texts = [
        "قالت وزارة الصحة إن فرقها الميدانية وصلت إلى المناطق المتضررة من السيول في الجنوب.",
        "أعلن البنك المركزي رفع سعر الفائدة ربع نقطة مئوية لمواجهة ارتفاع معدلات التضخم.",
        "افتتح وزير الثقافة معرض الكتاب الدولي بمشاركة مئات دور النشر من عشرين دولة عربية.",
    ]
    with Archive(tmp_path / "a.db") as archive:
        run = archive.start_run("s")
        ids = []
        for n, text in enumerate(texts[:2]):
            record = ArticleRecord(f"https://s.example/{n}", "s", f"خبر {n}", text)
            ids.append(archive.archive(run, record, Capture(record.url, 200, {}, b""))[1])
        archive.forget(archive.find_articles(["https://s.example/1"]), reason="test")
        record = ArticleRecord("https://s.example/2", "s", "خبر 2", texts[2])
        _, new = archive.archive(run, record, Capture(record.url, 200, {}, b""))
    assert ids == [1, 2] and new == 3
