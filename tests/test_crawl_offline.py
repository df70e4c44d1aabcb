"""End to end: `arshif crawl --offline` in a subprocess against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from crawler.offline import ADDRESS_ENV, FixtureServer
from tests.conftest import ROOT, arshif, expected_articles, spawn_arshif


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_offline_crawl_archives_every_story_once_with_title_and_date(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    db = tmp_path / "archive.db"
    out = arshif("crawl", "--offline", "--db", str(db), cwd=tmp_path, server=fixture_server).stdout
    archived = {
        r[0]: r[1:]
        for r in rows(
            db, "SELECT url, title, substr(published_at, 1, 10), duplicate_of, source FROM articles"
        )
    }
    for e in expected_articles():
        assert e["url"] in archived, e["url"]
        title, day, _, source = archived[e["url"]]
        assert (title, day, source) == (e["title"], e["published_at"], e["source"])
    assert len(archived) == len(expected_articles())
    assert f"archived 7 new articles and 2 copies of known stories into {db}" in out


def test_aggregator_copies_link_to_the_originals(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    db = tmp_path / "archive.db"
    arshif("crawl", "--offline", "--db", str(db), cwd=tmp_path, server=fixture_server)
    links = rows(db, "SELECT c.url, o.url FROM articles c JOIN articles o ON c.duplicate_of = o.id")
    assert sorted(links) == [
        (
            "https://www.akhbar24.example/news/2024/12/07/50231.html",
            "https://www.sarayanews.com/article/891203",
        ),
        (
            "https://www.akhbar24.example/news/2024/12/08/50277.html",
            "https://arabi21.com/story/1629472",
        ),
    ]
    roots = rows(db, "SELECT COUNT(*) FROM articles WHERE duplicate_of IS NULL")[0][0]
    assert roots == len({e["story"] for e in expected_articles()})


def test_second_run_adds_no_rows(tmp_path: Path, fixture_server: FixtureServer) -> None:
    db = tmp_path / "archive.db"
    arshif("crawl", "--offline", "--db", str(db), cwd=tmp_path, server=fixture_server)
    before = {
        t: rows(db, f"SELECT COUNT(*) FROM {t}")[0][0]
        for t in ("articles", "captures", "article_versions")
    }
    arshif("crawl", "--offline", "--db", str(db), cwd=tmp_path, server=fixture_server)
    after = {
        t: rows(db, f"SELECT COUNT(*) FROM {t}")[0][0]
        for t in ("articles", "captures", "article_versions")
    }
    assert before == after
    last = rows(
        db,
        "SELECT SUM(articles_new + articles_updated + articles_duplicate) FROM runs WHERE id > 4",
    )[0]
    assert last == (0,)


def test_edited_article_is_updated_and_previous_version_kept(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    db = tmp_path / "archive.db"
    arshif("crawl", "--offline", "aljazeera", "--db", str(db), cwd=tmp_path, server=fixture_server)
    site = fixture_server.site
    url = next(e["fetched_url"] for e in expected_articles() if e["story"] == "damascus-airport")
    status, headers, body = site.lookup(url)
    edited = body.replace("حتى إشعار آخر".encode(), "حتى نهاية الأسبوع المقبل".encode())
    site.overrides[url] = (status, headers, edited)
    arshif(
        "crawl",
        "--offline",
        "aljazeera",
        "--recheck-days",
        "100000",
        "--db",
        str(db),
        cwd=tmp_path,
        server=fixture_server,
    )
    [(text, version)] = rows(db, f"SELECT text, version FROM articles WHERE url = '{url}'")
    assert "حتى نهاية الأسبوع المقبل" in text and version == 2
    [(old,)] = rows(db, "SELECT v.text FROM article_versions v JOIN articles a ON a.id = v.article_id "
                        f"WHERE a.url = '{url}'")  # fmt: skip
    assert "حتى إشعار آخر" in old


def test_malformed_feeds_and_html_feed_are_recorded_in_the_run(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    db = tmp_path / "archive.db"
    arshif("crawl", "--offline", "--db", str(db), cwd=tmp_path, server=fixture_server)
    kinds = rows(
        db, "SELECT r.source, e.kind, e.url FROM run_errors e JOIN runs r ON r.id = e.run_id"
    )
    assert ("saraya", "feed_not_xml", "https://www.sarayanews.com/rss.php") in kinds
    assert {k for s, k, _ in kinds if s == "arabi21"} == {"feed_malformed"}
    statuses = dict(rows(db, "SELECT source, status FROM runs"))
    # Malformed feeds are page errors, counted and listed: the runs still went through.
    assert statuses == {
        "arabi21": "ok",
        "saraya": "ok",
        "aljazeera": "ok",
        "akhbar24": "ok",
    }


def test_robots_txt_is_obeyed(tmp_path: Path, fixture_server: FixtureServer) -> None:
    site = fixture_server.site
    site.overrides["https://www.aljazeera.net/robots.txt"] = (
        200,
        {"Content-Type": "text/plain"},
        b"User-agent: *\nDisallow: /news/politics/\n",
    )
    db = tmp_path / "archive.db"
    arshif("crawl", "--offline", "aljazeera", "--db", str(db), cwd=tmp_path, server=fixture_server)
    urls = [u for (u,) in rows(db, "SELECT url FROM articles")]
    assert urls and not any("/news/politics/" in u for u in urls)
    assert not any("/news/politics/" in h for h in site.hits)


def test_kill_9_mid_crawl_leaves_an_intact_archive_and_the_next_run_completes(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    fixture_server.site.delay = 0.5  # each answer: the crawl lasts seconds, not a blink
    db = tmp_path / "archive.db"
    rng = random.Random(2024)
    for attempt in range(3):
        proc = spawn_arshif(
            "crawl", "--offline", "--db", str(db), cwd=tmp_path, server=fixture_server
        )
        started = _runs_started(db)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and _runs_started(db) <= started:
            time.sleep(0.05)
        time.sleep(rng.uniform(0.1, 1.5))  # somewhere in the middle of the crawl
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL, attempt  # killed, not finished
        assert rows(db, "PRAGMA integrity_check") == [("ok",)], attempt
    fixture_server.site.delay = 0
    arshif("crawl", "--offline", "--db", str(db), cwd=tmp_path, server=fixture_server)
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    urls = [u for (u,) in rows(db, "SELECT url FROM articles")]
    assert sorted(urls) == sorted(e["url"] for e in expected_articles())
    # Runs cut by the kills are counted consistently with what was archived ...
    archived = rows(db, "SELECT SUM(articles_new + articles_duplicate) FROM runs")[0][0]
    assert archived == len(urls)
    # ... and none is left "running": the next start marked the killed ones failed.
    statuses = [s for (s,) in rows(db, "SELECT status FROM runs")]
    assert "running" not in statuses and "failed" in statuses


def _runs_started(db: Path) -> int:
    try:
        return len(rows(db, "SELECT 1 FROM runs")) if db.exists() else 0
    except sqlite3.OperationalError:  # not migrated yet
        return 0


def test_a_copy_archived_before_its_original_is_reported_a_duplicate_once_the_original_comes(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    """The aggregator's copies come first (the originals' sites wait for them) and are
    reported new, each a root, until the earlier-published originals arrive in the same crawl:
    the crawl says so, and the aggregator's run (kept open by a page that waits for the
    originals) ends with the counts its row has: two copies, nothing new."""
    sources = (ROOT / "seeds" / "sources.toml").read_text("utf-8").replace(
        "[sources.akhbar24]\n", '[sources.akhbar24]\nstart_urls = ["https://slow.akhbar24.example/"]\n'
    )  # fmt: skip
    (tmp_path / "held.toml").write_text(sources, encoding="utf-8")
    site = fixture_server.site
    originals, aggregator = threading.Event(), threading.Event()
    site.held.update({"arabi21.com": originals, "www.sarayanews.com": originals,
                      "slow.akhbar24.example": aggregator})  # fmt: skip
    db = tmp_path / "archive.db"
    crawl = subprocess.Popen(
        [sys.executable, "-m", "crawler", "crawl", "--offline", "--sources", "held.toml",
         "--db", str(db)],
        cwd=tmp_path, env=dict(os.environ, **{ADDRESS_ENV: fixture_server.address}),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        count = "SELECT COUNT(*) FROM articles WHERE source = 'akhbar24'"
        wait_for(lambda: db.exists() and rows(db, count)[0][0] == 2)
        originals.set()  # the copies are roots now; the originals may come
        copied = "SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL"
        wait_for(lambda: rows(db, copied)[0][0] == 2)
    finally:
        originals.set()
        aggregator.set()  # the aggregator's run may end
    out, err = crawl.communicate(timeout=120)
    assert crawl.returncode == 0, err
    ids = dict(rows(db, "SELECT url, id FROM articles"))
    copies = rows(
        db, "SELECT c.url, o.url FROM articles c JOIN articles o ON c.duplicate_of = o.id"
    )
    assert len(copies) == 2
    for copy, original in copies:
        assert f"  new       #{ids[copy]} " in out  # a root when it came
        assert (
            f"  duplicate #{ids[copy]} now: #{ids[original]} is the same story, published earlier"
            in out
        )
    *_, progress = [ln for ln in err.splitlines() if ln.startswith("progress akhbar24:")]
    (summary,) = [ln for ln in out.splitlines() if re.match(r"akhbar24: run \d+ ok", ln)]
    assert "new 0, updated 0, duplicate 2," in progress
    assert "new 0, updated 0, unchanged 0, duplicate 2," in summary
    assert "archived 7 new articles and 2 copies of known stories" in out


def wait_for(condition: Callable[[], bool], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_crawl_fails_the_runs_another_container_left_running_unless_their_lock_is_held(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    """Crawls in two containers share the archive (a service, a one-off crawl beside it):
    neither sees the other's processes, but both see the sources' locks. A one-off crawl
    leaves the runs of a live service alone (it holds their locks), and fails the runs a
    dead container left, of the sources it crawls or not (their locks are free)."""
    from archive import Archive
    from archive.heartbeat import process_key
    from crawler.locks import SourceLock

    db = tmp_path / "archive.db"
    boot, ticks, _ = str(process_key(os.getpid())).split(":")
    with Archive(db) as archive:
        left = {s: archive.start_run(s, pid=999_999) for s in ("saraya", "arabi21", "aljazeera")}
        for run in left.values():  # a process of this machine, in another pid namespace
            archive.db.execute(
                "UPDATE runs SET process_key = ? WHERE id = ?", [f"{boot}:{ticks}:1", run]
            )
    with SourceLock(db, "arabi21"):  # the live service's crawl of it
        result = arshif("crawl", "--offline", "saraya", "--db", str(db), cwd=tmp_path,
                        server=fixture_server, env={"ARSHIF_EXTRACT_WORKERS": "0"})  # fmt: skip
    said = result.stdout + result.stderr
    assert f"saraya: run {left['saraya']} was left running by a process that died" in said
    assert f"aljazeera: run {left['aljazeera']} was left running by a process" in said
    assert "arabi21" not in said
    statuses = dict(rows(db, "SELECT id, status || ' ' || COALESCE(stop_reason, '') FROM runs"))
    assert statuses[left["saraya"]] == statuses[left["aljazeera"]] == "failed orphaned"
    assert statuses[left["arabi21"]] == "running "
    assert [s for i, s in statuses.items() if i not in left.values()] == ["ok finished"]


def _archived(db: Path) -> tuple[list[str], int]:
    with sqlite3.connect(db) as conn:
        statuses = [row[0] for row in conn.execute("SELECT status FROM runs ORDER BY id")]
        return statuses, conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]


def test_a_crawl_whose_output_cannot_be_written_archives_all_the_same(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    """`arshif crawl >> crawl.log 2>&1` with the log's disk full (/dev/full), or its reader
    gone after the first line (`| head -1`): the crawl is what matters, and it goes on (a
    report line that raised stopped it, runs left running, nothing archived)."""
    env = {**os.environ, ADDRESS_ENV: fixture_server.address}
    command = [sys.executable, "-m", "crawler", "crawl", "--offline", "--db"]
    with open("/dev/full", "w") as full:
        done = subprocess.run([*command, "full.db"], cwd=tmp_path, env=env, stdout=full,
                              stderr=subprocess.STDOUT, timeout=120)  # fmt: skip
    assert done.returncode == 0
    assert _archived(tmp_path / "full.db") == (["ok"] * 4, len(expected_articles()))
    reader = subprocess.Popen([*command, "piped.db"], cwd=tmp_path, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
    assert reader.stdout is not None
    reader.stdout.readline()
    reader.stdout.close()  # the reader is gone
    assert reader.wait(timeout=120) == 0
    assert _archived(tmp_path / "piped.db") == (["ok"] * 4, len(expected_articles()))


def test_a_crawl_on_a_terminal_that_cannot_spell_arabic_writes_its_lines_with_escapes(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    result = arshif("crawl", "--offline", cwd=tmp_path, server=fixture_server,
                    env={"PYTHONIOENCODING": "latin-1"})  # fmt: skip
    assert "Traceback" not in result.stderr and "\\u2014" in result.stdout
    assert _archived(tmp_path / "archive.db") == (["ok"] * 4, len(expected_articles()))


def test_a_crawls_report_line_shows_an_arabic_address_in_its_letters_or_as_stored() -> None:
    from crawler.recorder import shown_url

    assert (
        shown_url("https://x.example/news/%D8%AF%D9%85%D8%B4%D9%82")
        == "https://x.example/news/دمشق"
    )
    stored = "https://x.example/news/4/%C7%E1%CE%C8%D1"  # windows-1256, kept byte for byte
    assert shown_url(stored) == stored
