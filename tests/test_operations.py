"""Running arshif unattended, as its operators do: every command on a damaged archive,
`check`, `backup` during a crawl, `forget` and a re-crawl, maintenance runs that do not
hide a failing source, and `serve` from a virtual environment that is not activated."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive import Archive
from archive.db import SCHEMA_VERSION
from crawler.cli import main
from crawler.offline import ADDRESS_ENV, OFFLINE_SOURCES, FixtureServer
from tests.conftest import arshif, spawn_arshif
from tests.damage import damaged_copy, garbage_in_the_middle, not_sqlite
from tests.test_health import beating

pytestmark = pytest.mark.usefixtures("inline_extraction")

SOURCES = str(OFFLINE_SOURCES)
COMMANDS = [
    ["status"], ["runs"], ["stats"], ["search", "دمشق"], ["reindex"], ["reextract"],
    ["export", "-o", "out.jsonl"], ["serve", "--port", "1"], ["crawl", "--offline"],
    ["backup", "copy.db"], ["forget", "https://www.sarayanews.com/article/891203"],
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def copy_of(crawled: Path, tmp_path: Path) -> Path:
    db = tmp_path / "archive.db"
    shutil.copy(crawled, db)
    return db


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.mark.parametrize("damage", ["garbage_pages", "not_sqlite"])
def test_every_command_on_a_damaged_archive_says_so_in_one_line(
    tmp_path: Path, crawled: Path, fixture_server: FixtureServer, damage: str
) -> None:
    db = tmp_path / "archive.db"
    if damage == "garbage_pages":
        damaged_copy(crawled, db)
    else:
        not_sqlite(db)
    for command in COMMANDS:
        result = arshif(*command, "--db", str(db), cwd=tmp_path, server=fixture_server,
                        check=False)  # fmt: skip
        line = one_line(result.stderr)
        assert result.returncode == 2, (command, result.stderr)
        assert line.startswith(f"arshif: error: the archive {db} is damaged ("), line
        assert line.endswith("); run arshif check"), line
    assert not (tmp_path / "out.jsonl").exists()  # a failed export leaves no file
    assert not (tmp_path / "copy.db").exists()  # nor a failed backup
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []
    checked = arshif("check", "--db", str(db), "--json", cwd=tmp_path, check=False)
    assert checked.returncode == 2
    report = json.loads(checked.stdout)
    assert report["ok"] is False
    assert report["problems"][0]["kind"] == "damaged"
    assert "backup" in report["problems"][0]["message"]  # what to do
    assert "running" in report["scheduler"]
    assert "Traceback" not in checked.stderr


def test_serve_refuses_an_archive_damaged_anywhere_before_it_starts(
    tmp_path: Path, crawled: Path
) -> None:
    """Datasette reads pages as visitors ask for them: it would start, then fail them."""
    db = garbage_in_the_middle(crawled, tmp_path / "archive.db")
    result = arshif("serve", "--db", str(db), "--port", str(free_port()), cwd=tmp_path,
                    check=False, timeout=30)  # fmt: skip
    assert result.returncode == 2
    line = one_line(result.stderr)
    assert line.startswith(f"arshif: error: the archive {db} is damaged ("), line
    assert line.endswith("); run arshif check"), line


def test_an_empty_file_is_no_archive_to_the_read_commands_and_stays_empty(tmp_path: Path) -> None:
    """A copy cut short (0 bytes): SQLite would read it as an empty database, and a search
    would make it a new archive that check then calls sound."""
    db = tmp_path / "archive.db"
    db.touch()
    for command in (["search", "دمشق"], ["status"], ["export", "-o", "out.jsonl"]):
        result = arshif(*command, "--db", str(db), cwd=tmp_path, check=False)
        assert result.returncode == 2 and "empty file" in one_line(result.stderr), command
    checked = arshif("check", "--db", str(db), "--json", cwd=tmp_path, check=False)
    assert checked.returncode == 2 and json.loads(checked.stdout)["archive"]["ok"] is False
    assert db.stat().st_size == 0 and not (tmp_path / "out.jsonl").exists()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# In this process: not serve, whose Datasette would take the test run's place (exec).
IN_PROCESS = [c for c in COMMANDS if c[0] != "serve"] + [["check"], ["schedule", "--offline"]]


@pytest.mark.parametrize("command", IN_PROCESS)
def test_another_programs_database_is_named_so_and_left_byte_for_byte(
    tmp_path: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A browser's history given as --db: not migrated into an archive (21 tables, WAL mode)
    that check then calls sound, whatever the command, read or write."""
    monkeypatch.chdir(tmp_path)  # where an export or a backup would land
    db = tmp_path / "places.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.org/')")
    conn.close()
    before = digest(db)
    result = CliRunner().invoke(main, [*command, "--db", str(db)])
    assert result.exit_code == 2, result.output
    assert one_line(result.stderr) == (
        f"arshif: error: {db} is not an arshif archive (a SQLite database of other tables:"
        " moz_places; left as it is)"
    )
    assert digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["places.sqlite"]


def test_an_archive_copied_without_its_schema_version_says_how_to_set_it(
    tmp_path: Path, crawled: Path
) -> None:
    """A copy made with sqlite3's .dump holds every table but user_version 0: named so (not
    "another program's database"), with the line that sets the version, and left as it is."""
    db = copy_of(crawled, tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 0")
    conn.close()
    before = digest(db)
    result = CliRunner().invoke(main, ["runs", "--db", str(db)])
    assert result.exit_code == 2, result.output
    assert one_line(result.stderr) == (
        f"arshif: error: {db} holds an arshif archive's tables but no schema version (a copy"
        " made with sqlite3's .dump or .recover loses it); if it came from this arshif, set it:"
        f" sqlite3 {db} 'PRAGMA user_version = {SCHEMA_VERSION}'"
    )
    assert digest(db) == before


@pytest.fixture
def newer(tmp_path: Path, crawled: Path) -> Path:
    """An archive a newer arshif has migrated past this one's schema."""
    db = copy_of(crawled, tmp_path)
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    return db


@pytest.mark.parametrize(
    "command",
    [["crawl", "--offline"], ["schedule", "--offline"], ["reindex"], ["reextract"],
     ["forget", "https://www.sarayanews.com/article/891203"]],
)  # fmt: skip
def test_an_archive_of_a_newer_arshif_is_refused_to_every_write_command(
    newer: Path, command: list[str]
) -> None:
    before = digest(newer)
    result = CliRunner().invoke(main, [*command, "--db", str(newer)])
    assert result.exit_code == 2, result.output
    assert one_line(result.stderr) == (
        f"arshif: error: {newer} was made by a newer arshif (schema {SCHEMA_VERSION + 5},"
        f" this one knows {SCHEMA_VERSION}): only read commands can use it; upgrade arshif"
        " to write it"
    )
    assert digest(newer) == before


def test_an_archive_of_a_newer_arshif_is_read_with_a_warning(newer: Path) -> None:
    before = digest(newer)
    result = CliRunner().invoke(main, ["search", "دمشق", "--db", str(newer), "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)
    assert "made by a newer arshif" in one_line(result.stderr)
    assert digest(newer) == before


def test_check_on_a_freshly_crawled_archive_is_all_well(tmp_path: Path, crawled: Path) -> None:
    db = copy_of(crawled, tmp_path)
    result = arshif("check", "--db", str(db), "--sources", SOURCES, "--json", cwd=tmp_path)
    report = json.loads(result.stdout)
    assert report["ok"] is True, report["problems"]
    assert report["problems"] == []
    assert report["scheduler"]["running"] is False
    assert {s["source"] for s in report["sources"]} == {
        "arabi21", "saraya", "aljazeera", "akhbar24",
    }  # fmt: skip
    text = arshif("check", "--db", str(db), "--sources", SOURCES, cwd=tmp_path)
    assert "all well" in text.stdout


def test_check_says_whether_the_scheduler_runs(tmp_path: Path, crawled: Path) -> None:
    db = copy_of(crawled, tmp_path)
    scheduler = beating(db, "run")
    try:
        running = arshif("check", "--db", str(db), "--json", cwd=tmp_path)
        assert json.loads(running.stdout)["scheduler"]["running"] is True
        status = arshif("status", "--db", str(db), cwd=tmp_path).stdout
        assert f"scheduler: running (pid {scheduler.pid}" in status
    finally:
        scheduler.kill()
        scheduler.wait()
    gone = arshif("check", "--db", str(db), "--json", cwd=tmp_path, check=False)
    report = json.loads(gone.stdout)
    assert report["scheduler"]["running"] is False
    assert gone.returncode == 2
    assert [p["kind"] for p in report["problems"]] == ["scheduler"]
    status = arshif("status", "--db", str(db), cwd=tmp_path).stdout
    assert "scheduler: not running" in status


def articles_in(db: Path) -> set[str]:
    if not db.exists():
        return set()
    conn = sqlite3.connect(db)
    try:
        return {r[0] for r in conn.execute("SELECT url FROM articles")}
    except sqlite3.OperationalError:
        return set()  # not created yet
    finally:
        conn.close()


def test_a_backup_during_a_crawl_is_sound_and_holds_everything_committed_before_it(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    db, copy = tmp_path / "archive.db", tmp_path / "copy.db"
    Archive(db).close()
    # A reader on an old snapshot (as Datasette may be): the crawl's commits cannot be
    # copied back into the file and live only in the WAL; a copy of the file misses them.
    reader = sqlite3.connect(db, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM articles").fetchone()
    # One site hangs, so the crawl is still writing while the backup runs.
    fixture_server.site.host_delay["www.akhbar24.example"] = 120
    crawl = spawn_arshif("crawl", "--offline", "--db", str(db), cwd=tmp_path,
                         server=fixture_server)  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while not (committed := articles_in(db)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert committed, "the crawl committed nothing"
        result = arshif("backup", str(copy), "--db", str(db), cwd=tmp_path)
        assert crawl.poll() is None  # the crawl was running all along
    finally:
        crawl.kill()
        crawl.wait()
        reader.close()
    assert "integrity ok" in result.stdout
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert committed <= {r[0] for r in conn.execute("SELECT url FROM articles")}
    assert not Path(f"{copy}-wal").exists()  # one self-contained file
    again = arshif("backup", str(copy), "--db", str(db), cwd=tmp_path, check=False)
    assert again.returncode == 2
    assert "exists: pass --force" in one_line(again.stderr)


def test_a_forgotten_article_is_gone_and_a_recrawl_does_not_bring_it_back(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    db = tmp_path / "archive.db"
    arshif("crawl", "--offline", "--db", str(db), cwd=tmp_path, server=fixture_server)
    conn = sqlite3.connect(db)
    root_id, url, title, fetched_url = conn.execute(
        "SELECT id, url, title, fetched_url FROM articles a WHERE EXISTS"
        " (SELECT 1 FROM articles c WHERE c.duplicate_of = a.id) ORDER BY id LIMIT 1"
    ).fetchone()
    copies = [r[0] for r in conn.execute("SELECT id FROM articles WHERE duplicate_of = ?",
                                         [root_id])]  # fmt: skip
    conn.close()
    # As a publisher would send it: with tracking parameters and a trailing slash.
    asked = url + "/?utm_source=twitter&fbclid=abc"
    out = arshif("forget", asked, "--reason", "court order", "--db", str(db),
                 "--sources", SOURCES, cwd=tmp_path).stdout  # fmt: skip
    assert f"forgot #{root_id} {url}" in out
    assert "removed 1 article, " in out
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM articles WHERE url = ?", [url]).fetchone() == (0,)
    assert conn.execute("SELECT COUNT(*) FROM captures WHERE url = ?", [url]).fetchone() == (0,)
    assert conn.execute("SELECT reason FROM tombstones WHERE url = ?", [url]).fetchone() == (
        "court order",
    )
    # The copies at other URLs stay; the oldest is the root now, the others point at it.
    roots = conn.execute(
        f"SELECT id, duplicate_of FROM articles WHERE id IN ({','.join('?' * len(copies))})",
        copies,
    ).fetchall()
    new_root = min(roots)[0]
    assert sorted(d for _, d in roots) == sorted([None] + [new_root] * (len(copies) - 1))
    conn.close()
    hits = json.loads(
        arshif("search", title, "--all", "--json", "--db", str(db), cwd=tmp_path).stdout
    )
    assert root_id not in [h["id"] for h in hits]

    with sqlite3.connect(db) as conn:  # read the feeds in full again: the page is offered anew
        conn.execute("DELETE FROM discovery_validators")
    before = len(fixture_server.site.hits)
    arshif("crawl", "--offline", "--db", str(db), cwd=tmp_path, server=fixture_server)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM articles WHERE url = ?", [url]).fetchone() == (0,)
    assert conn.execute("SELECT COUNT(*) FROM captures WHERE url = ?", [url]).fetchone() == (0,)
    # The re-crawl found it offered again, did not fetch it, and counted it as forgotten.
    assert fetched_url not in fixture_server.site.hits[before:]
    assert conn.execute("SELECT SUM(articles_forgotten) FROM runs").fetchone()[0] >= 1
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def tombstone(db: Path, url: str) -> tuple[str, str | None]:
    with sqlite3.connect(db) as conn:
        query = "SELECT removed_at, reason FROM tombstones WHERE url = ?"
        removed_at, reason = conn.execute(query, [url]).fetchone()
    return removed_at, reason


@pytest.mark.parametrize(
    ("first", "again", "kept"),
    [("court order", "a second request", "court order"), (None, "court order", "court order")],
)
def test_forgetting_a_url_again_keeps_the_first_takedowns_time_and_reason(
    tmp_path: Path, crawled: Path, first: str | None, again: str, kept: str
) -> None:
    """The tombstone is the record of the takedown: a second forget says when that was, and
    only fills a reason left empty the first time."""
    db = copy_of(crawled, tmp_path)
    url = "https://www.sarayanews.com/article/891203"
    given = ["--reason", first] if first else []
    done = CliRunner().invoke(main, ["forget", url, *given, "--db", str(db)])
    assert done.exit_code == 0, done.output
    assert "removed 1 article, 0 earlier versions, 1 raw page;" in done.stdout
    assert "1 URL tombstoned" in done.stdout
    removed_at = tombstone(db, url)[0]
    result = CliRunner().invoke(main, ["forget", url, "--reason", again, "--db", str(db)])
    assert result.exit_code == 0, result.output
    when = f"{removed_at[:16].replace('T', ' ')} UTC"
    why = f" ({first})" if first else ""
    assert one_line(result.stderr) == (
        f"arshif: {url}: already taken down on {when}{why}; that time and reason are kept"
    )
    assert "removed 0 articles," in result.stdout and "0 URLs tombstoned" in result.stdout
    assert tombstone(db, url) == (removed_at, kept)
    # Given with a tracking tag and a fragment: the same takedown, no second tombstone.
    tagged = CliRunner().invoke(main, ["forget", f"{url}?utm_source=x#frag", "--db", str(db)])
    assert tagged.exit_code == 0 and "already taken down" in tagged.stderr, tagged.output
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT url FROM tombstones WHERE url LIKE '%891203%'").fetchall()
    assert {u for (u,) in rows} == {url, f"{url}?utm_source=x"}  # as given, less its fragment


@pytest.mark.parametrize(
    "typo",
    [
        "not-a-url",
        "www.sarayanews.com/article/891203",
        "https:",
        "http://[::1/x",
        "https://www.sarayanews.com:99999/article/891203",
    ],
)
def test_forgetting_something_that_is_not_a_url_is_refused_and_tombstones_nothing(
    tmp_path: Path, crawled: Path, typo: str
) -> None:
    db = tmp_path / "archive.db"
    shutil.copy(crawled, db)
    result = arshif("forget", typo, "--db", str(db), cwd=tmp_path, check=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"arshif: error: {typo!r} is not a URL: give the article's address, http:// or https://"
    ]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM tombstones").fetchone() == (0,)


def test_reextract_after_a_failed_crawl_leaves_the_source_failed(
    tmp_path: Path, crawled: Path
) -> None:
    db = copy_of(crawled, tmp_path)
    # nothing listens: nothing can be fetched (and retried without waiting long)
    down = {ADDRESS_ENV: f"127.0.0.1:{free_port()}", "ARSHIF_RETRY_BACKOFF": "0.05"}
    arshif("crawl", "saraya", "--offline", "--db", str(db), cwd=tmp_path, env=down, check=False)

    def saraya() -> dict:
        rows = json.loads(arshif("status", "--db", str(db), "--json", cwd=tmp_path).stdout)
        return next(r for r in rows if r["source"] == "saraya")

    before = saraya()
    assert (before["last_status"], before["failures_in_a_row"]) == ("failed", 1)
    arshif("reextract", "--db", str(db), "--sources", SOURCES, cwd=tmp_path)
    after = saraya()
    assert (after["last_run"], after["last_status"], after["failures_in_a_row"]) == (
        before["last_run"], "failed", 1,
    )  # fmt: skip
    runs = json.loads(arshif("runs", "--db", str(db), "--json", cwd=tmp_path).stdout)
    assert runs[0]["kind"] == "reextract"
    assert all(isinstance(r["errors_by_kind"], dict) for r in runs)
    failed = next(r for r in runs if r["id"] == before["last_run"])
    assert (failed["kind"], failed["status"]) == ("crawl", "failed")
    assert failed["errors_by_kind"]  # what went wrong, by kind
    table = arshif("runs", "--db", str(db), cwd=tmp_path).stdout
    assert "reextract" in table and "stop_reason" in table
    check = json.loads(
        arshif(
            "check", "--db", str(db), "--sources", SOURCES, "--json", cwd=tmp_path, check=False
        ).stdout  # fmt: skip
    )
    assert ("saraya", "failing") in {(p["source"], p["kind"]) for p in check["problems"]}


def test_reindex_is_a_run_of_its_own_kind(tmp_path: Path, crawled: Path) -> None:
    db = copy_of(crawled, tmp_path)
    arshif("reindex", "--db", str(db), cwd=tmp_path)
    newest = json.loads(arshif("runs", "--db", str(db), "--json", cwd=tmp_path).stdout)[0]
    assert (newest["kind"], newest["status"]) == ("reindex", "ok")


def test_reindex_restores_a_search_index_whose_table_was_dropped(
    tmp_path: Path, crawled: Path
) -> None:
    """check said "run arshif reindex", and reindex failed on the missing table (as did
    every write: the index's triggers name it)."""
    db = copy_of(crawled, tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE articles_fts")
    done = arshif("reindex", "--db", str(db), cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    found = arshif("search", "دمشق", "--db", str(db), "--json", cwd=tmp_path)
    assert json.loads(found.stdout)
    checked = arshif("check", "--db", str(db), "--sources", SOURCES, "--json", cwd=tmp_path,
                     check=False)  # fmt: skip
    kinds = {p["kind"] for p in json.loads(checked.stdout)["problems"]}
    assert "search_index" not in kinds and "damaged" not in kinds, checked.stdout


def test_serve_finds_datasette_beside_the_interpreter_without_an_activated_venv(
    tmp_path: Path, crawled: Path
) -> None:
    """And says where it serves: Datasette names the archive after its file, less .db, and
    writes a dot in it as ~2E (news.2024.db: /news~2E2024), the reading room's pages too."""
    pytest.importorskip("datasette")
    port = free_port()
    env = {**os.environ, "PATH": "/usr/bin:/bin"}  # as systemd and cron run it
    env.pop("VIRTUAL_ENV", None)
    db = tmp_path / "news.2024.db"
    shutil.copy(crawled, db)
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler", "serve", "--db", str(db), "--port", str(port)],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        deadline, answer = time.monotonic() + 60, None
        while answer is None and proc.poll() is None and time.monotonic() < deadline:
            try:
                answer = urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/-/versions.json", timeout=2
                ).read()
            except OSError:
                time.sleep(0.3)
        assert answer is not None, proc.stdout.read() if proc.poll() is not None else ""
        assert b"datasette" in answer
        site = f"http://127.0.0.1:{port}/news~2E2024"
        assert proc.stdout.readline() == (
            f"arshif: serving {db} read-only at {site} (search: {site}/search)\n"
        )
        # A page number past SQLite's integers is the last page, not an error.
        page = urllib.request.urlopen(
            f"{site}/search?q=%D8%AF%D9%85%D8%B4%D9%82&page=99999999999999999999", timeout=10
        )
        assert page.status == 200 and 'href="/news~2E2024/articles/' in page.read().decode()
        # Error pages are answers, not tracebacks in the server's log (a forgotten article's
        # old link, a write refused).
        for path, status in [("/articles/99999", 404),
                             (".json?sql=delete+from+articles", 400)]:  # fmt: skip
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(f"{site}{path}", timeout=10)
            assert refused.value.code == status
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert "Traceback" not in proc.stdout.read()


def test_a_takedown_is_done_and_said_so_when_its_wal_cannot_be_truncated_after(
    tmp_path: Path,
) -> None:
    """The WAL's truncation after the commit is best effort: on a full disk it failed, and
    the command said the takedown failed when the article was gone and tombstoned."""
    from archive import ArticleRecord, Capture

    url = "https://news.example/story/1"
    archive = Archive(tmp_path / "archive.db")
    run = archive.start_run("s")
    record = ArticleRecord(url=url, source="s", title="خبر", text="قالت الوزارة إن الفرق وصلت.")
    archive.archive(run, record, Capture(url, 200, {}, b"<html></html>"))
    db_execute = archive.db.execute

    def full_disk(sql: str, *args: object, **kwargs: object) -> object:
        if "wal_checkpoint(TRUNCATE)" in sql:
            raise sqlite3.OperationalError("database or disk is full")
        return db_execute(sql, *args, **kwargs)

    archive.db.execute = full_disk  # type: ignore[method-assign]
    done = archive.forget(archive.find_articles([url]), {url}, "court order")
    archive.db.execute = db_execute  # type: ignore[method-assign]
    assert [a["url"] for a in done.articles] == [url] and done.tombstones == [url]
    assert archive.find_articles([url]) == [] and archive.taken_down([url])
