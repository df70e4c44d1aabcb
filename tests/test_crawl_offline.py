"""End to end: `arshif crawl --offline` in a subprocess against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import random
import signal
import sqlite3
import time
from pathlib import Path

from crawler.offline import FixtureServer
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
    """The aggregator's copies come first (the originals' sites are slow) and are reported
    new, each a root, until the earlier-published original arrives in the same crawl: the
    crawl says so, and the aggregator's run (kept open by a slow page) ends with the counts
    its row has: two copies, nothing new."""
    lines, section = [], ""
    for line in (ROOT / "seeds" / "sources.toml").read_text("utf-8").splitlines():
        section = line if line.startswith("[sources.") else section
        slow = section in ("[sources.arabi21]", "[sources.saraya]")
        lines.append("download_delay = 0.6" if slow and line == "download_delay = 0" else line)
        if line == "[sources.akhbar24]":
            lines.append('start_urls = ["https://slow.akhbar24.example/"]')
    assert lines.count("download_delay = 0.6") == 2
    (tmp_path / "slow.toml").write_text("\n".join(lines), encoding="utf-8")
    fixture_server.site.host_delay["slow.akhbar24.example"] = 8.0
    db = tmp_path / "archive.db"
    done = arshif("crawl", "--offline", "--sources", "slow.toml", "--db", str(db),
                  cwd=tmp_path, server=fixture_server)  # fmt: skip
    ids = dict(rows(db, "SELECT url, id FROM articles"))
    copies = rows(
        db, "SELECT c.url, o.url FROM articles c JOIN articles o ON c.duplicate_of = o.id"
    )
    assert len(copies) == 2
    for copy, original in copies:
        assert f"  new       #{ids[copy]} " in done.stdout  # a root when it came
        assert (
            f"  duplicate #{ids[copy]} now: #{ids[original]} is the same story, published earlier"
            in done.stdout
        )
    *_, progress = [ln for ln in done.stderr.splitlines() if ln.startswith("progress akhbar24:")]
    (summary,) = [ln for ln in done.stdout.splitlines() if ln.startswith("akhbar24: run 4 ok")]
    assert "new 0, updated 0, duplicate 2," in progress
    assert "new 0, updated 0, unchanged 0, duplicate 2," in summary
    assert "archived 7 new articles and 2 copies of known stories" in done.stdout
