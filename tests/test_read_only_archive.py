"""An archive this process may not write: a copy on a read-only mount or medium, a dataset
handed round as a read-only file, the crawler's file read by another user. The read
commands work on it; a command that writes says why it cannot, in one line."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import arshif


@pytest.fixture
def read_only(tmp_path: Path, crawled: Path, request: pytest.FixtureRequest) -> Iterator[Path]:
    """A copy of the crawled archive in a folder this process cannot write: by its modes,
    or, for root (whom modes do not stop), on a read-only bind mount. Parametrized with a
    schema version, the copy is left at that one."""
    place = tmp_path / "copy"
    place.mkdir()
    shutil.copy(crawled, place / "archive.db")
    if (version := getattr(request, "param", None)) is not None:
        with sqlite3.connect(place / "archive.db") as conn:
            conn.execute(f"PRAGMA user_version = {version}")
        conn.close()
    if os.geteuid() != 0:
        (place / "archive.db").chmod(0o444)
        place.chmod(0o555)
        yield place / "archive.db"
        place.chmod(0o755)
        return
    mount = tmp_path / "mnt"
    mount.mkdir()
    if subprocess.run(["mount", "--bind", str(place), str(mount)], capture_output=True).returncode:
        pytest.skip("no read-only place: root, and mount is not allowed here")
    try:
        ro = subprocess.run(["mount", "-o", "remount,ro,bind", str(mount)], capture_output=True)
        if ro.returncode:
            pytest.skip("no read-only place: root, and a read-only remount is not allowed here")
        yield mount / "archive.db"
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def test_the_read_commands_work_on_an_archive_they_cannot_write(
    read_only: Path, crawled: Path, tmp_path: Path
) -> None:
    assert not os.access(read_only.parent, os.W_OK) or os.geteuid() == 0
    found = arshif("search", "دمشق", "--db", str(read_only), "--json", cwd=tmp_path)
    assert json.loads(found.stdout)
    out = tmp_path / "all.jsonl"
    arshif("export", "--db", str(read_only), "-o", str(out), cwd=tmp_path)
    arshif("export", "--db", str(crawled), "-o", str(tmp_path / "w.jsonl"), cwd=tmp_path)
    assert out.read_bytes() == (tmp_path / "w.jsonl").read_bytes()
    for command in (["status"], ["runs"], ["stats"]):
        arshif(*command, "--db", str(read_only), cwd=tmp_path)
    assert sorted(p.name for p in read_only.parent.iterdir()) == ["archive.db"]


def test_check_calls_an_archive_it_cannot_write_sound_and_reads_its_sources(
    read_only: Path, tmp_path: Path
) -> None:
    """A monitor's account that may only read: the index check (a write) is not run, and
    that is no damage."""
    result = arshif("check", "--db", str(read_only), "--json", cwd=tmp_path, check=False)
    assert result.stdout, result.stderr
    report = json.loads(result.stdout)
    assert report["archive"]["ok"] and "read-only" in report["archive"]["fts_check"]
    assert not [p for p in report["problems"] if p["kind"] in ("damaged", "search_index")]
    assert report["sources"] and result.returncode < 2


@pytest.mark.parametrize("command", [["reindex"], ["crawl", "--offline"]])
def test_a_write_command_on_a_read_only_archive_says_so_in_one_line(
    read_only: Path, tmp_path: Path, command: list[str]
) -> None:
    """Before any work: a crawl's pages would be fetched for nothing."""
    result = arshif(*command, "--db", str(read_only), cwd=tmp_path, check=False)
    assert result.returncode == 1  # the place refuses, not the command line: not a usage error
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "read-only here" in lines[0] and str(read_only) in lines[0]


def test_a_crawl_into_an_archive_file_it_may_not_write_stops_before_any_work(
    crawled: Path, tmp_path: Path
) -> None:
    """SQLite opens such a file read-only without a word: the crawl must not fetch pages it
    cannot keep, nor print a summary of nothing archived before the error."""
    db = tmp_path / "archive.db"
    shutil.copy(crawled, db)
    db.chmod(0o444)
    command = [sys.executable, "-m", "crawler", "crawl", "--offline", "--db", str(db)]
    if os.geteuid() == 0:  # root writes whatever the modes say, unless it gives that up
        if shutil.which("setpriv") is None:
            pytest.skip("root, and no setpriv to give up overriding file modes")
        command = ["setpriv", "--bounding-set=-dac_override,-fowner", *command]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "read-only here" in lines[0], result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("read_only", [1], indirect=True)
def test_a_read_only_archive_of_an_older_schema_is_refused_in_one_line(
    read_only: Path, tmp_path: Path
) -> None:
    """Its upgrade is a write: the reader is told to open it once where it can be written."""
    result = arshif("search", "دمشق", "--db", str(read_only), cwd=tmp_path, check=False)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "open it once with write access" in lines[0]


def test_serve_browses_and_searches_a_read_only_archive(read_only: Path, tmp_path: Path) -> None:
    """... and leaves nothing in the temporary folder (its metadata file was left there by
    each start)."""
    pytest.importorskip("datasette")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler", "serve", "--db", str(read_only), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env=dict(os.environ, TMPDIR=str(scratch)),
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/archive"
    try:
        page = None
        deadline = time.monotonic() + 60
        while page is None and time.monotonic() < deadline and proc.poll() is None:
            try:
                query = urllib.parse.quote("دمشق")
                with urllib.request.urlopen(f"{base}/search?q={query}", timeout=5) as answer:
                    page = answer.read().decode("utf-8")
            except OSError:
                time.sleep(0.3)
        assert page is not None, proc.stderr.read() if proc.poll() is not None else "no answer"
        assert "دمشق" in page
        # The articles table's own search box folds and expands its words as search does
        # (Datasette matched them as typed against the folded index: nothing found).
        typed = urllib.parse.quote("دِمَشْق")
        with urllib.request.urlopen(f"{base}/articles.json?_search={typed}&_shape=array") as got:
            rows = json.loads(got.read().decode("utf-8"))
        assert rows and all("دمشق" in row["text"] for row in rows), rows
        # ... and its next page goes on with the same search (it was folded again: nothing)
        typed = urllib.parse.quote("دِمَشْق -كلمةغيرموجودة")
        with urllib.request.urlopen(f"{base}/articles.json?_search={typed}&_size=1") as got:
            first = json.loads(got.read().decode("utf-8"))
        with urllib.request.urlopen(first["next_url"]) as got:
            second = json.loads(got.read().decode("utf-8"))
        assert len(rows) > 1 and second["rows"] and second["rows"] != first["rows"]
        assert list(scratch.iterdir()) == []
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_the_read_commands_never_wait_for_a_writer(crawled: Path, tmp_path: Path) -> None:
    """A writer (a crawl's batch, `arshif forget`, another program) holds the write lock:
    a read command reads what is committed at once, instead of waiting 30 s to fail."""
    db = tmp_path / "busy.db"
    shutil.copy(crawled, db)
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE articles SET title = title WHERE id = 1")
    try:  # (before, each waited for the lock, 30 s, then failed: exit 2, "database is locked")
        for command in (["status"], ["runs"], ["stats"], ["search", "دمشق"]):
            arshif(*command, "--db", str(db), cwd=tmp_path)
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_backup_of_an_archive_it_cannot_write_is_made_and_whole(
    read_only: Path, crawled: Path, tmp_path: Path
) -> None:
    """A copy of an archive handed round read-only: backed up as the read commands read it."""
    result = arshif("backup", str(tmp_path / "copy.db"), "--db", str(read_only), cwd=tmp_path)
    assert "Traceback" not in result.stderr
    counts = []
    for db in (crawled, tmp_path / "copy.db"):
        with sqlite3.connect(db) as conn:
            counts.append(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        conn.close()
    assert counts[0] == counts[1] > 0
