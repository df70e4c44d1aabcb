"""export, stats and reextract over a crawled fixture archive."""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli import main
from tests.conftest import ROOT, arshif


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_jsonl_has_one_line_per_story_with_all_fields(crawled: Path) -> None:
    lines = [
        json.loads(x) for x in run("export", "--db", str(crawled)).splitlines() if x.startswith("{")
    ]
    with sqlite3.connect(crawled) as conn:
        unique = conn.execute("SELECT COUNT(*) FROM unique_articles").fetchone()[0]
    assert len(lines) == unique == 7
    assert {
        "id",
        "url",
        "source",
        "title",
        "published_at",
        "text",
        "duplicate_of",
        "authors",
    } <= set(lines[0])


def test_csv_starts_with_a_bom_for_excel_and_round_trips_multiline_arabic(
    crawled: Path, tmp_path: Path
) -> None:
    out = tmp_path / "a.csv"
    run("export", "--db", str(crawled), "--format", "csv", "--all", "-o", str(out))
    assert out.read_bytes()[:3] == b"\xef\xbb\xbf"  # what tells Excel the file is UTF-8
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    assert len(rows) == 9 and any("\n" in r["text"] for r in rows)
    assert list(rows[0])[0] == "id"
    titles = {r["title"] for r in rows}
    assert "المعارضة السورية تعلن بدء دخول قواتها إلى العاصمة دمشق" in titles


def test_warc_passes_warcio_check_and_round_trips_every_capture(
    crawled: Path, tmp_path: Path
) -> None:
    from warcio.archiveiterator import ArchiveIterator

    out = tmp_path / "a.warc.gz"
    run("export", "--db", str(crawled), "--format", "warc", "--all", "-o", str(out))
    subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(out)], check=True)
    with sqlite3.connect(crawled) as conn:
        stored = {
            u: zlib_body(b) for u, b in conn.execute("SELECT fetched_url, body_zlib FROM captures")
        }
    seen = {}
    with out.open("rb") as fh:
        for record in ArchiveIterator(fh):
            seen[record.rec_headers.get_header("WARC-Target-URI")] = record.content_stream().read()
            assert record.rec_headers.get_header("WARC-Date")
            assert record.http_headers.get_statuscode() == "200"
    assert seen == stored


def zlib_body(blob: bytes) -> bytes:
    import zlib

    return zlib.decompress(blob)


@pytest.mark.parametrize(
    ("target", "message"), [(".", "is a directory"), ("nofolder/x.jsonl", "does not exist")]
)
def test_export_paths_are_validated(crawled: Path, target: str, message: str) -> None:
    result = CliRunner().invoke(main, ["export", "--db", str(crawled), "-o", target])
    assert result.exit_code == 2 and message in result.output


def test_export_never_overwrites_the_archive_or_a_file_without_force(
    crawled: Path, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        main, ["export", "--db", str(crawled), "-o", str(crawled), "--force"]
    )
    assert result.exit_code == 2 and "archive itself" in result.output
    existing = tmp_path / "x.jsonl"
    existing.write_text("keep")
    result = CliRunner().invoke(main, ["export", "--db", str(crawled), "-o", str(existing)])
    assert result.exit_code == 2 and existing.read_text() == "keep"


@pytest.mark.parametrize(
    ("name", "starts"),
    [("a.csv", b"\xef\xbb\xbfid,url,"), ("a.CSV.gz", b"\xef\xbb\xbfid,url,"),
     ("a.jsonl", b'{"id": '), ("a.json.gz", b'{"id": '), ("a.warc.gz", b"WARC/1."),
     ("a.wacz", b"PK"), ("a.gz", b'{"id": ')],
)  # fmt: skip
def test_export_takes_its_format_from_the_files_name(
    crawled: Path, tmp_path: Path, name: str, starts: bytes
) -> None:
    result = CliRunner().invoke(main, ["export", "--db", str(crawled), "-o", str(tmp_path / name)])
    assert result.exit_code == 0, result.output
    written = (tmp_path / name).read_bytes()
    assert (gzip.decompress(written) if name.endswith(".gz") else written).startswith(starts)


def test_a_format_the_files_name_contradicts_is_a_usage_error_and_writes_nothing(
    crawled: Path, tmp_path: Path
) -> None:
    target = tmp_path / "a.jsonl"
    result = CliRunner().invoke(
        main, ["export", "--db", str(crawled), "--format", "csv", "-o", str(target)]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"arshif: error: --format csv, but -o {target} is named as jsonl: give one of them"
        " (see arshif export --help)\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["a.xlsx", "a.json", "a.parquet", "a.xlsx.gz"])
def test_a_file_named_as_no_export_format_is_a_usage_error_and_writes_nothing(
    crawled: Path, tmp_path: Path, name: str
) -> None:
    target = tmp_path / name
    result = CliRunner().invoke(main, ["export", "--db", str(crawled), "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"arshif: error: -o {target}: no export format is named .")
    assert list(tmp_path.iterdir()) == []
    # Said outright, the format is written under any name.
    result = CliRunner().invoke(
        main, ["export", "--db", str(crawled), "--format", "jsonl", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    written = target.read_bytes()
    assert (gzip.decompress(written) if name.endswith(".gz") else written).startswith(b'{"id": ')


def test_export_to_a_dash_writes_standard_output_not_a_file_named_dash(
    crawled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["export", "--db", str(crawled), "-o", "-"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.splitlines()[0])["url"].startswith("https://")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (["export", "-o", ""], "Invalid value for '-o' / '--output': empty: give a file name"),
        (["backup", ""], "Invalid value for 'DEST': empty: give a file name"),
        (
            ["backup", "-"],
            "Invalid value for 'DEST': '-': a backup is a SQLite file, give its name",
        ),
        (["runs", "--db", ""], "Invalid value for '--db': empty: give the archive's file name"),
        (["status", "--sources", ""], "Invalid value for '--sources': empty: give a file name"),
        (["crawl", "--sources", ""], "Invalid value for '--sources': empty: give a file name"),
        (["schedule", "--log-file", ""], "Invalid value for '--log-file': empty: give a file name"),
    ],
)
def test_an_empty_or_dash_file_name_is_a_usage_error_naming_the_option(
    crawled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str],
    message: str,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    db = [] if "--db" in command else ["--db", str(crawled)]
    result = CliRunner().invoke(main, [*command, *db])
    assert result.exit_code == 2
    assert result.stderr == f"arshif: error: {message} (see arshif {command[0]} --help)\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "command",
    [
        ["export", "-o", "--all"],
        ["export", "--output", "--force"],
        ["export", "-o", "-o"],
        ["runs", "--db", "--json"],
        ["status", "--sources", "--json"],
        ["crawl", "--sources", "--offline"],
        ["schedule", "--log-file", "--log-level"],
        ["backup", "--", "--force"],
        ["stats", "--plot", "--json"],
    ],
)
def test_an_option_name_given_as_a_file_name_is_a_usage_error(
    crawled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """`export -o --all` wrote the export to a file named "--all" and said so."""
    monkeypatch.chdir(tmp_path)
    db = [] if "--db" in command else ["--db", str(crawled)]
    result = CliRunner().invoke(main, [*command, *db])
    assert result.exit_code == 2, result.output
    name = command[-1]
    assert f"{name!r} is an option, not a file name (the file's name is missing)" in result.stderr
    assert result.stderr.endswith(f" (see arshif {command[0]} --help)\n")
    assert result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_export_filters_by_query_and_source(crawled: Path) -> None:
    lines = run("export", "--db", str(crawled), "--query", "حميدتي").splitlines()
    assert [json.loads(x)["source"] for x in lines if x.startswith("{")] == ["aljazeera"]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_an_export_named_gz_is_gzip_compressed_and_holds_the_same_rows(
    crawled: Path, tmp_path: Path, fmt: str
) -> None:
    import gzip

    plain, packed = tmp_path / f"a.{fmt}", tmp_path / f"a.{fmt}.gz"
    for out in (plain, packed):
        run("export", "--db", str(crawled), "--format", fmt, "-o", str(out))
    data = packed.read_bytes()
    assert data[:2] == b"\x1f\x8b"
    assert gzip.decompress(data) == plain.read_bytes()
    assert data[3] & 0x08 and data[10 : data.index(b"\0", 10)] == f"a.{fmt}".encode()  # FNAME


def test_stats_per_source_and_plot(crawled: Path, tmp_path: Path) -> None:
    rows = {r["source"]: r for r in json.loads(run("stats", "--db", str(crawled), "--json"))}
    assert rows["akhbar24"]["duplicates"] == 2 and rows["arabi21"]["articles"] == 3
    assert (
        rows["saraya"]["share_dated"] == 1.0
        and rows["aljazeera"]["first_published"] == "2024-10-15"
    )
    png = tmp_path / "days.png"
    run("stats", "--db", str(crawled), "--plot", str(png))
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_a_plot_named_as_no_picture_is_one_line_and_writes_nothing(
    crawled: Path, tmp_path: Path
) -> None:
    result = CliRunner().invoke(main, ["stats", "--db", str(crawled), "--plot", "x.txt"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.startswith("arshif: error: --plot x.txt: name a picture file")
    assert not (tmp_path / "x.txt").exists()


def test_the_plot_breaks_its_line_on_days_without_articles_and_counts_whole_articles() -> None:
    import math

    from archive.stats import figure

    fig = figure({"saraya": [("2024-12-01", 1), ("2024-12-04", 1)], "arabi21": [("2024-12-02", 2)]})
    ax = fig.axes[0]
    lines = {line.get_label(): line for line in ax.get_lines()}
    saraya = list(lines["saraya"].get_ydata())
    assert saraya[0] == saraya[3] == 1 and all(math.isnan(v) for v in saraya[1:3])
    ticks = [t for t in ax.get_yticks() if ax.get_ylim()[0] <= t <= ax.get_ylim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks), ticks


def test_reextract_updates_changed_articles_and_keeps_versions(
    crawled: Path, tmp_path: Path
) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(crawled, db)
    with sqlite3.connect(db) as conn:  # an older extraction that kept a boilerplate line
        conn.execute(
            "UPDATE articles SET text = text || char(10) || 'طباعة المشاهدات: 1678',"
            " content_hash = 'stale' WHERE source = 'saraya'"
        )
    sources = str(ROOT / "seeds" / "sources.toml")
    out = run("reextract", "--db", str(db), "--sources", sources, "--source", "saraya")
    assert "updated 2" in out
    with sqlite3.connect(db) as conn:
        texts = [t for (t,) in conn.execute("SELECT text FROM articles WHERE source = 'saraya'")]
        versions = conn.execute("SELECT COUNT(*) FROM article_versions").fetchone()[0]
    assert versions == 2 and not any("المشاهدات" in t for t in texts)
    assert "unchanged 2" in run(
        "reextract", "--db", str(db), "--sources", sources, "--source", "saraya"
    )


def test_reextract_reads_a_page_as_of_its_fetch_so_its_headers_today_dates_nothing(
    crawled: Path, tmp_path: Path
) -> None:
    """A page stored undated, whose header showed the day it was fetched: re-extracted a
    year later, that day is still the header's "today", not the article's date."""
    import zlib

    db = tmp_path / "copy.db"
    shutil.copy(crawled, db)
    page = (
        "<html lang='ar'><head><meta charset='utf-8'><title>خبر</title></head><body>"
        "<header><div class='today'>الأحد 11 يناير 2026</div></header><article>"
        "<h1>وزارة الصحة تعلن وصول فرقها إلى المناطق المتضررة من السيول</h1>"
        + "<p>قالت وزارة الصحة إن فرقها الميدانية وصلت إلى المناطق المتضررة من السيول في جنوب"
        " البلاد، وبدأت تقديم الإسعافات للمصابين.</p>" * 4 + "</article></body></html>"
    ).encode()
    with sqlite3.connect(db) as conn:
        [(article_id, capture_id)] = conn.execute(
            "SELECT id, capture_id FROM articles WHERE source = 'saraya' ORDER BY id LIMIT 1"
        ).fetchall()
        conn.execute(
            "UPDATE captures SET body_zlib = ?, fetched_at = '2026-01-11T09:00:00+00:00',"
            " headers = '{}' WHERE id = ?",
            [zlib.compress(page), capture_id],
        )
        conn.execute("UPDATE articles SET published_at = NULL WHERE id = ?", [article_id])
    sources = str(ROOT / "seeds" / "sources.toml")
    run("reextract", "--db", str(db), "--sources", sources, "--source", "saraya")
    with sqlite3.connect(db) as conn:
        [(published,)] = conn.execute(
            "SELECT published_at FROM articles WHERE id = ?", [article_id]
        ).fetchall()
    assert published is None


@pytest.mark.parametrize("command", ["backup", "export"])
def test_force_never_replaces_a_pipe_and_a_folder_that_takes_no_file_is_named(
    crawled: Path, tmp_path: Path, command: str
) -> None:
    """(A device such as /dev/null, run as root, is refused the same way.)"""
    import os
    import stat

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    target = ["-o", str(pipe)] if command == "export" else [str(pipe)]
    result = CliRunner().invoke(main, [command, "--db", str(crawled), *target, "--force"])
    assert result.exit_code == 2 and "not a regular file" in result.output, result.output
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    target = ["-o", "/proc/x.out"] if command == "export" else ["/proc/x.out"]
    result = CliRunner().invoke(main, [command, "--db", str(crawled), *target])
    assert result.exit_code == 2 and "/proc" in result.output, result.output
    assert "archive" not in result.output and result.output.count("\n") == 1


@pytest.mark.parametrize(
    "companion", ["-wal", "-shm", "-journal", "-scheduler.lock", ".saraya.lock"]
)
def test_export_never_replaces_a_file_the_archive_keeps_beside_it(
    crawled: Path, tmp_path: Path, companion: str
) -> None:
    """Replacing the live WAL with an export lost committed writes and corrupted reads."""
    target = crawled.with_name(crawled.name + companion)
    before = target.read_bytes() if target.exists() else None
    result = CliRunner().invoke(
        main, ["export", "--db", str(crawled), "-o", str(target), "--force"]
    )
    assert result.exit_code == 2 and "a file of the archive itself" in result.output
    assert (target.read_bytes() if target.exists() else None) == before


def test_an_empty_query_is_refused_not_read_as_everything(crawled: Path, tmp_path: Path) -> None:
    """`--query "$Q"` with Q unset must not export the whole archive."""
    out = tmp_path / "q.jsonl"
    result = CliRunner().invoke(
        main, ["export", "--db", str(crawled), "--query", "", "-o", str(out)]
    )
    assert result.exit_code == 2 and not out.exists()


def test_an_export_stopped_by_sigterm_leaves_no_file_behind(crawled: Path, tmp_path: Path) -> None:
    """A slow reader of standard output holds the export; SIGTERM ends it as an error does."""
    import os
    import signal
    import time

    big = grown(crawled, tmp_path / "big.db")
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler", "export", "--db", str(big), "--all", "-o",
         str(tmp_path / "out.jsonl.gz")],
        cwd=tmp_path, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not any(p.name.endswith(".partial") for p in tmp_path.iterdir()):
        assert proc.poll() is None and time.monotonic() < deadline, "no export under way"
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert (proc.returncode, err.strip()) == (143, "arshif: stopped (SIGTERM)")
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("big.db")) == []


def test_an_export_killed_outright_leaves_a_partial_file_the_next_one_replaces(
    crawled: Path, tmp_path: Path
) -> None:
    """kill -9 (the OOM killer, a reboot) gives an export no time to remove its partial file:
    it lies in plain sight beside the target, and the next export to that file takes it over,
    as a backup does its DEST.partial. A hidden one an earlier arshif left is removed too."""
    import os
    import signal
    import time

    big = grown(crawled, tmp_path / "big.db")
    out = tmp_path / "out.jsonl.gz"
    command = [sys.executable, "-m", "crawler", "export", "--db", str(big), "--all", "-o", str(out)]
    proc = subprocess.Popen(command, cwd=tmp_path, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (tmp_path / "out.jsonl.gz.partial").exists():
        assert proc.poll() is None and time.monotonic() < deadline, "no export under way"
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert (tmp_path / "out.jsonl.gz.partial").exists()  # left: nothing ran to remove it
    (tmp_path / f".out.jsonl.gz.{proc.pid}.partial").write_bytes(b"x" * 1000)  # an older arshif's
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("big.db")) == [
        "out.jsonl.gz"
    ]
    with gzip.open(out, "rt", encoding="utf-8") as lines:
        assert sum(1 for _ in lines) > 0


def test_an_export_to_a_file_another_export_is_writing_is_refused(
    crawled: Path, tmp_path: Path
) -> None:
    """Its partial file is taken over only once its writer is gone (its lock with it)."""
    import fcntl
    import os

    partial = tmp_path / "out.jsonl.partial"
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as an export under way holds it
    os.write(fd, b"half")
    try:
        result = CliRunner().invoke(
            main, ["export", "--db", str(crawled), "-o", str(tmp_path / "out.jsonl")]
        )
    finally:
        os.close(fd)
    assert result.exit_code == 2
    assert "another export is writing" in result.output
    assert partial.read_bytes() == b"half" and not (tmp_path / "out.jsonl").exists()
    result = CliRunner().invoke(
        main, ["export", "--db", str(crawled), "-o", str(tmp_path / "out.jsonl")]
    )
    assert result.exit_code == 0 and sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def grown(crawled: Path, big: Path) -> Path:
    """A copy of the crawled archive with enough rows (9 × 2¹¹) that a command on it is
    still at work when a test stops it."""
    shutil.copy(crawled, big)
    with sqlite3.connect(big) as conn:
        cols = [
            r[1] for r in conn.execute("PRAGMA table_info(articles)") if r[1] not in ("id", "url")
        ]
        names = ", ".join(cols)
        for k in range(11):
            conn.execute(
                f"INSERT INTO articles (url, {names}) SELECT url || '#{k}', {names} FROM articles"
            )
    return big


def test_a_backup_or_a_reindex_stopped_by_sigterm_leaves_no_file_and_no_run_running(
    crawled: Path, tmp_path: Path
) -> None:
    import os
    import signal
    import time

    big = grown(crawled, tmp_path / "big.db")

    def stopped(command: list[str], under_way: object) -> None:
        proc = subprocess.Popen(
            [sys.executable, "-m", "crawler", *command, "--db", str(big)],
            cwd=tmp_path, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while not under_way():  # type: ignore[operator]
            assert proc.poll() is None and time.monotonic() < deadline, command
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
        assert (proc.returncode, err.strip()) == (143, "arshif: stopped (SIGTERM)"), err

    stopped(["backup", "copy.db"], lambda: (tmp_path / "copy.db.partial").exists())
    assert not any(p.name.startswith("copy.db") for p in tmp_path.iterdir())

    def reindexing() -> bool:
        with sqlite3.connect(big) as conn:
            return bool(conn.execute("SELECT 1 FROM runs WHERE kind = 'reindex'").fetchall())

    stopped(["reindex"], reindexing)
    with sqlite3.connect(big) as conn:
        runs = conn.execute("SELECT status, stop_reason FROM runs WHERE kind = 'reindex'")
        assert runs.fetchall() == [("partial", "stopped")]


@pytest.mark.parametrize("fmt", ["warc", "wacz"])
def test_a_binary_export_is_never_sent_to_a_terminal(crawled: Path, fmt: str) -> None:
    import os
    import pty

    main_fd, terminal = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "crawler", "export", "--db", str(crawled), "--format", fmt],
            stdout=terminal, stderr=subprocess.PIPE, text=True, timeout=60,
        )  # fmt: skip
    finally:
        os.close(terminal)
        os.close(main_fd)
    assert done.returncode == 2 and "give -o FILE" in done.stderr


def test_export_never_replaces_the_wal_of_an_archive_named_by_a_symlink(
    crawled: Path, tmp_path: Path
) -> None:
    """SQLite keeps the WAL beside the file the symlink names, not beside the link."""
    data, home = tmp_path / "data", tmp_path / "home"
    data.mkdir()
    home.mkdir()
    shutil.copy(crawled, data / "real.db")
    (home / "archive.db").symlink_to(data / "real.db")
    result = CliRunner().invoke(
        main,
        ["export", "--db", str(home / "archive.db"), "-o", str(data / "real.db-wal"), "--force"],
    )
    assert result.exit_code == 2 and "a file of the archive itself" in result.output


@pytest.mark.parametrize("limit_kib", [64, 256])  # (where the copy stops varies)
def test_a_backup_its_disk_cannot_hold_names_the_backup_and_leaves_no_file(
    crawled: Path, tmp_path: Path, limit_kib: int
) -> None:
    """(A full disk: here a limit on the size of the files the process may write.) Exit 1:
    the place refuses, not the command line; the archive is not to blame."""
    import resource
    import signal

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past it fails, not the process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_kib * 1024, limit_kib * 1024))

    dest = tmp_path / "copy.db"
    result = subprocess.run(
        [sys.executable, "-m", "crawler", "backup", str(dest), "--db", str(crawled)],
        capture_output=True, text=True, preexec_fn=small_files, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"arshif: error: cannot write {dest}: "), result.stderr
    assert "archive" not in result.stderr and list(tmp_path.glob("copy.db*")) == []


@pytest.mark.parametrize(
    ("stop", "ended"),
    [(KeyboardInterrupt(), ("partial", "stopped")), (RuntimeError("bug"), ("failed", "error"))],
)
def test_a_reextract_cut_short_records_its_runs_as_ended(
    crawled: Path, tmp_path: Path, stop: BaseException, ended: tuple[str, str]
) -> None:
    """A stop (^C; SIGTERM and SIGHUP end it the same way) or an error in the middle: no
    run is left `running` for `arshif check` to warn of."""
    from archive import Archive
    from crawler.reextract import reextract
    from crawler.sources import load_sources

    db = tmp_path / "copy.db"
    shutil.copy(crawled, db)
    with sqlite3.connect(db) as conn:  # changed texts: each source's run is started
        conn.execute("UPDATE articles SET text = text || ' x', content_hash = 'stale'")
    sources = load_sources(ROOT / "seeds" / "sources.toml")
    said: list[str] = []

    def report(line: str) -> None:
        said.append(line)
        if line.startswith("reextract: ") and "/" in line.split()[1]:  # pages went through
            raise stop

    with Archive(db) as archive, pytest.raises(type(stop)):
        reextract(archive, sources, report=report)
    with sqlite3.connect(db) as conn:
        runs = conn.execute("SELECT status, stop_reason FROM runs WHERE kind = 'reextract'")
        assert set(runs.fetchall()) == {ended}, said


def test_a_reextract_fails_the_runs_a_killed_one_left_running(
    crawled: Path, tmp_path: Path
) -> None:
    """kill -9 of a reextract leaves its runs running: the next reextract ends them, as a
    crawl's start does (an archive only reextracted stayed in `arshif check`'s warnings)."""
    from archive import Archive

    db = tmp_path / "copy.db"
    shutil.copy(crawled, db)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with Archive(db) as archive:
        left = archive.start_run("saraya", pid=dead.pid, kind="reextract")
    result = arshif("reextract", "--db", str(db), cwd=tmp_path)
    assert f"saraya: run {left} was left running by a process that died" in result.stderr
    with sqlite3.connect(db) as conn:
        status = conn.execute("SELECT status FROM runs WHERE id = ?", [left]).fetchone()[0]
    assert status == "failed"


@pytest.mark.parametrize(("sig", "code"), [("SIGINT", 130), ("SIGTERM", 143), ("SIGHUP", 129)])
def test_a_stop_signal_while_the_command_line_imports_is_one_line_and_its_exit_status(
    tmp_path: Path, sig: str, code: int
) -> None:
    """The signal lands in the second the imports take (sent by the import itself here):
    no traceback of the imports, no kill by the signal's default action."""
    landing = (
        "import builtins, os, signal, sys\n"
        # as from a terminal (a test runner's worker, or nohup, may have them ignored)
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "signal.signal(signal.SIGHUP, signal.SIG_DFL)\n"
        "real = builtins.__import__\n"
        "def hooked(name, *args, **kwargs):\n"
        "    if name == 'crawler.cli':\n"
        f"        os.kill(os.getpid(), signal.{sig})\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = hooked\n"
        "sys.argv = ['arshif', 'runs']\n"
        "from crawler.__main__ import main\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", landing], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert (result.returncode, result.stderr) == (code, f"arshif: stopped ({sig})\n")


def test_a_ctrl_c_in_the_middle_of_a_command_is_one_line_and_exit_130(
    crawled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not click's "Aborted!" and exit 1 (which cron and systemd read as a failed run)."""
    from archive.reading import Reading

    def interrupted(*args: object, **kwargs: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(Reading, "export", interrupted)
    out = tmp_path / "x.jsonl"
    result = CliRunner().invoke(main, ["export", "--db", str(crawled), "-o", str(out)])
    assert (result.exit_code, result.output.strip()) == (130, "arshif: stopped (SIGINT)")
    assert not out.exists()
