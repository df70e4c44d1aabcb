from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive import Archive
from crawler.cli import main
from crawler.offline import FixtureServer
from tests.conftest import ROOT, arshif

COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_documented_in_the_readme(name: str) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert re.search(rf"arshif {name}\b", readme), name


def test_search_json_has_the_contract_fields_and_folds_letter_forms(crawled: Path) -> None:
    result = CliRunner().invoke(main, ["search", "ادارة العمليات", "--db", str(crawled), "--json"])
    hits = json.loads(result.output)
    assert [h["url"] for h in hits] == ["https://arabi21.com/story/1629472"]
    assert {"id", "url", "source", "title", "published_at"} <= set(hits[0])


def test_a_search_without_hits_says_so_and_json_is_an_empty_list(crawled: Path) -> None:
    found = CliRunner().invoke(main, ["search", "كلمةغيرموجودة", "--db", str(crawled)])
    assert (found.exit_code, found.stdout, found.stderr) == (0, "", "no article matches\n")
    as_json = CliRunner().invoke(main, ["search", "كلمةغيرموجودة", "--db", str(crawled), "--json"])
    assert json.loads(as_json.stdout) == []


@pytest.mark.parametrize("before", [[], ["--"]])
def test_a_query_that_starts_with_a_word_to_leave_out_is_a_query_not_an_option(
    crawled: Path, before: list[str]
) -> None:
    """'-صيدنايا دمشق' was "No such option '-ص'"; -- works too, after the options."""
    every = CliRunner().invoke(main, ["search", "دمشق", "--db", str(crawled), "--json"])
    result = CliRunner().invoke(
        main, ["search", "--db", str(crawled), "--json", *before, "-الأردن دمشق"]
    )
    assert result.exit_code == 0, result.output
    left = {h["url"] for h in json.loads(result.stdout)}
    assert left and left < {h["url"] for h in json.loads(every.stdout)}
    helped = " ".join(CliRunner().invoke(main, ["search", "--help"]).stdout.split())
    assert "search --json -- '-صيدنايا دمشق'" in helped


def test_a_mistyped_option_of_search_is_still_no_such_option(crawled: Path) -> None:
    result = CliRunner().invoke(main, ["search", "دمشق", "--jsn", "--db", str(crawled)])
    assert result.exit_code == 2
    assert result.stderr.startswith("arshif: error: No such option '--jsn'.")


def test_search_all_includes_the_aggregator_copies(crawled: Path) -> None:
    result = CliRunner().invoke(
        main, ["search", "ادارة العمليات", "--all", "--db", str(crawled), "--json"]
    )
    assert len(json.loads(result.output)) == 2


def test_runs_and_status_are_tables_for_people_and_json_for_scripts(crawled: Path) -> None:
    runner = CliRunner()
    table = runner.invoke(main, ["runs", "--db", str(crawled)]).output
    assert table.splitlines()[0].split()[:4] == ["id", "source", "kind", "status"]
    runs = json.loads(
        runner.invoke(main, ["runs", "--db", str(crawled), "--json", "--source", "saraya"]).output
    )
    assert [r["source"] for r in runs] == ["saraya"] and runs[0]["articles_new"] == 2
    status = json.loads(runner.invoke(main, ["status", "--db", str(crawled), "--json"]).output)
    assert {s["source"]: s["articles"] for s in status} == {
        "akhbar24": 2,
        "aljazeera": 2,
        "arabi21": 3,
        "saraya": 2,
    }
    # The fixture crawls take well under a second: their duration is not a flat 0.
    assert all(0 < s["duration_s"] < 60 for s in status)


def test_read_commands_on_a_missing_archive_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["runs", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "no archive" in result.output


def test_manual_crawl_prints_progress_lines_when_not_on_a_terminal(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = dict(os.environ, ARSHIF_PROGRESS_SECONDS="0")
    result = subprocess.run(
        [sys.executable, "-m", "crawler", "crawl", "--offline", "aljazeera", "--db", str(tmp_path / "a.db")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("progress aljazeera:")]
    assert lines and "new 2" in lines[-1] and "errors 0" in lines[-1]


@pytest.mark.parametrize("name", COMMANDS)
def test_help_mentions_offline_only_where_the_command_takes_it(name: str) -> None:
    command = main.commands[name]
    help_text = CliRunner().invoke(main, [name, "--help"]).output
    takes_it = any(p.name == "offline" for p in command.params)
    assert ("--offline" in help_text) == takes_it


def test_status_lists_the_archive_sources_without_a_sources_file_and_the_fixtures_with_offline(
    fresh_archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh_archive.finish_run(fresh_archive.start_run("arabi21"), "ok")
    fresh_archive.close()
    db = str(fresh_archive.path)
    monkeypatch.chdir(tmp_path)  # no ./sources.toml here
    plain = json.loads(CliRunner().invoke(main, ["status", "--db", db, "--json"]).output)
    assert [row["source"] for row in plain] == ["arabi21"]
    offline = json.loads(
        CliRunner().invoke(main, ["status", "--db", db, "--json", "--offline"]).output
    )
    assert [row["source"] for row in offline] == ["akhbar24", "aljazeera", "arabi21", "saraya"]
    assert all(row["next_run_at"] for row in offline)


def test_the_crawl_closing_line_counts_new_stories_and_copies_apart() -> None:
    from crawler.cli.crawling import closing_line

    runs = [
        {"articles_new": 5, "articles_duplicate": 0},
        {"articles_new": 2, "articles_duplicate": 2},
    ]
    assert (
        closing_line(runs, "a.db")
        == "archived 7 new articles and 2 copies of known stories into a.db"
    )
    assert closing_line(runs[:1], "a.db") == "archived 5 new articles into a.db"


def _screen(raw: str) -> list[str]:
    """What a terminal shows for raw output: `\\r` returns to the line's start, `ESC[K`
    clears to its end."""
    lines: list[str] = []
    for physical in raw.replace("\r\n", "\n").split("\n"):
        line: list[str] = []
        col, i = 0, 0
        while i < len(physical):
            if physical.startswith("\x1b[K", i):
                del line[col:]
                i += 3
            elif physical[i] == "\r":
                col, i = 0, i + 1
            else:
                line[col : col + 1] = [physical[i]]
                col, i = col + 1, i + 1
        lines.append("".join(line))
    return lines


def test_the_live_progress_line_is_wiped_before_any_other_line_on_a_terminal(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    import os
    import pty
    import subprocess
    import sys

    fixture_server.site.delay = 0.4  # slow enough for progress lines between the articles
    leader, follower = pty.openpty()
    env = dict(os.environ, ARSHIF_OFFLINE_ADDRESS=fixture_server.address)
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler", "crawl", "--offline", "aljazeera", "--db", "a.db"],
        cwd=tmp_path, env=env, stdout=follower, stderr=follower, close_fds=True,
    )  # fmt: skip
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # the crawl closed its side
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    raw = b"".join(chunks).decode("utf-8", "replace")
    assert "aljazeera: pages" in raw  # progress was shown on the terminal
    for line in _screen(raw):
        if "aljazeera: pages" in line:  # a progress line left standing is alone on its line
            assert not any(m in line for m in ("  new ", "run 1 ok", "archived")), line
    shown = _screen(raw)
    assert any(line.startswith("  new ") for line in shown)
    assert any(line.startswith("aljazeera: run 1 ok") for line in shown)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_that_cannot_be_written_is_one_line_and_a_failure(crawled: Path) -> None:
    """`arshif runs > file` on a full disk: the user learns it, in one line, and the exit
    status says so (the program's own exit skips Python's, which would have said it)."""
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "crawler", "runs", "--db", str(crawled)],
            stdout=full, stderr=subprocess.PIPE, text=True, timeout=60,
        )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.splitlines() == ["arshif: error: [Errno 28] No space left on device"]


@pytest.mark.parametrize("command", [["runs"], ["export", "--format", "jsonl"]])
def test_a_reader_that_stops_early_gets_no_error_message(crawled: Path, command: list[str]) -> None:
    """`arshif runs | head -1`: the rest of the output has nowhere to go. No message, and
    click's status for it (1), as any click program."""
    gone, writer = os.pipe()
    os.close(gone)  # the reader has gone before arshif writes a line
    try:
        done = subprocess.run(
            [sys.executable, "-m", "crawler", *command, "--db", str(crawled)],
            stdout=writer, stderr=subprocess.PIPE, text=True, timeout=60,
        )  # fmt: skip
    finally:
        os.close(writer)
    assert (done.returncode, done.stderr) == (1, "")


@pytest.mark.parametrize(
    "args",
    [
        ["crawl", "--offline", "--log-level", "nonsense"],
        ["crawl", "--offline", "--recheck-days", "-1"],
        ["crawl", "--offline", "--wait", "-1"],
        ["schedule", "--offline", "--max-run", "-5"],
        ["schedule", "--offline", "--max-run", "1e300"],
        ["schedule", "--offline", "--max-run", "nan"],
        ["crawl", "--offline", "--recheck-days", "nan"],
        ["search", "x", "--limit", "99999999999999999999"],
        ["runs", "--limit", "99999999999999999999"],
        ["schedule", "--offline", "--grace", "-1"],
        ["schedule", "--offline", "--log-level", "FOO"],
        ["schedule", "--offline", "--recycle-after", "0"],
        ["runs", "--limit", "-3"],
        ["search", "دمشق", "--limit", "0"],
        ["serve", "--port", "99999"],
    ],
)
def test_an_option_value_out_of_its_range_is_a_usage_error_before_anything_runs(
    tmp_path: Path, args: list[str]
) -> None:
    db = tmp_path / "a.db"
    result = CliRunner().invoke(main, [*args, "--db", str(db)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("arshif: error: Invalid value for"), result.stderr
    assert result.stderr.count("\n") == 1 and f"(see arshif {args[0]} --help)" in result.stderr
    assert not db.exists()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["crawl", "--nosuch"], "No such option '--nosuch' (see arshif crawl --help)"),
        (["nosuch"], "No such command 'nosuch' (see arshif --help)"),
        (["--nosuch", "crawl"], "No such option '--nosuch' (see arshif --help)"),
        (["search"], "Missing argument 'QUERY' (see arshif search --help)"),
        # an option's value missing: the command's help, not the group's
        (["runs", "--limit"], "Option '--limit' requires an argument (see arshif runs --help)"),
        (["search", "x", "--since"], "requires an argument (see arshif search --help)"),
        (["export", "--format", "xml"], "Invalid value for '--format'"),
        # a command's option before the command
        (["--db", "x.db", "runs"], "--db goes after the command: arshif runs --db ..."),
        (["--since", "2024-01-01", "search", "x"], "arshif search --since ..."),
        (["--since", "2024-01-01", "crawl"], "arshif crawl has no option --since"),
        # dates no article can be between
        (["search", "x", "--since", "2024-12-31", "--until", "2024-01-01"], "is after --until"),
        (["export", "--until", "2024-01-01", "--since", "2024-12-31"], "is after --until"),
    ],
)
def test_a_usage_error_is_one_line_that_says_where_the_help_is(
    tmp_path: Path, args: list[str], says: str
) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("arshif: error: ") and says in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and "Usage:" not in result.output


def test_arshif_alone_shows_its_help() -> None:
    result = CliRunner().invoke(main, [])
    assert "Commands:" in result.output and "arshif: error" not in result.output


def test_serve_on_an_address_in_use_is_one_line_and_a_usage_error(crawled: Path) -> None:
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "crawler", "serve", "--port", str(port), "--db", str(crawled)],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"arshif: error: cannot serve on 127.0.0.1:{port}: in use"]


@pytest.mark.parametrize("command", [["search", "دمشق"], ["serve", "--help"]])
def test_an_output_encoding_without_arabic_letters_is_one_line_saying_how_to_fix_it(
    crawled: Path, command: list[str]
) -> None:
    """PYTHONIOENCODING=latin-1: was `unexpected UnicodeEncodeError`, exit 1."""
    result = CliRunner(charset="latin-1").invoke(main, [*command, "--db", str(crawled)])
    assert result.exit_code == 2
    assert result.stderr == (
        "arshif: error: the terminal's encoding (latin-1) cannot show the text (Arabic"
        " letters); run with PYTHONIOENCODING=utf-8 or a UTF-8 locale (LANG=C.UTF-8)\n"
    )


def test_an_unexpected_exception_is_one_line_and_its_traceback_only_when_asked() -> None:
    import click

    @click.command("boom")
    def boom() -> None:
        raise ValueError("a bug\nover two lines")

    main.add_command(boom)
    try:
        result = CliRunner().invoke(main, ["boom"])
        debug = CliRunner(env={"ARSHIF_DEBUG": "1"}).invoke(main, ["boom"])
    finally:
        main.commands.pop("boom")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr == (
        "arshif: error: unexpected ValueError: a bug (a bug: ARSHIF_DEBUG=1 shows where)\n"
    )
    assert isinstance(debug.exception, ValueError)


@pytest.mark.parametrize(
    "setting",
    [
        "ARSHIF_BATCH_SIZE=inf", "ARSHIF_BATCH_SIZE=abc", "ARSHIF_BATCH_SIZE=2.5",
        "ARSHIF_EXTRACT_WORKERS=nan", "ARSHIF_MAX_SOURCES=-1", "ARSHIF_PROGRESS_SECONDS=nan",
        "ARSHIF_EXTRACT_TIMEOUT=0", "ARSHIF_USER_AGENT=bot\r\nX-Injected: 1",
        "ARSHIF_USER_AGENT=مرصد", "ARSHIF_ALLOW_PRIVATE=enable",
    ],
)  # fmt: skip
def test_an_environment_setting_the_crawl_cannot_use_is_one_line_naming_it(
    tmp_path: Path, setting: str
) -> None:
    name, value = setting.split("=")
    result = arshif("crawl", "--offline", cwd=tmp_path, env={name: value}, check=False)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"arshif: error: environment variable {name}="), result
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "archive.db").exists()


@pytest.mark.parametrize(
    ("problem", "code"),
    [
        ("unable to open database file", 1),  # a read-only mount, a folder gone
        ("attempt to write a readonly database", 1),
        ("database or disk is full", 1),
        ("database is locked", 1),  # another program's write lock, held past the wait
        ("file is not a database", 2),  # the archive itself: damaged
    ],
)
def test_an_archive_the_place_it_lies_in_refuses_exits_1_not_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, problem: str, code: int
) -> None:
    """Exit 2 says the command line or the archive is wrong, and a service manager told not
    to restart after it (RestartPreventExitStatus=2) left the archive offline for good."""
    import sqlite3

    import archive.db

    def refuse(*_: object) -> None:
        raise sqlite3.OperationalError(problem)

    monkeypatch.setattr(archive.db, "_open", refuse)
    (tmp_path / "a.db").write_bytes(b"SQLite format 3\x00")  # not empty: no archive at all
    result = CliRunner().invoke(main, ["runs", "--db", str(tmp_path / "a.db")])
    assert result.exit_code == code, result.output
    assert problem in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    "command", [["runs"], ["crawl", "--offline"], ["backup", "copy.db"], ["check"]]
)
def test_a_folder_given_as_the_archive_is_named_so(tmp_path: Path, command: list[str]) -> None:
    """Not "read-only here": SQLite cannot open a folder, which says nothing of its rights."""
    result = CliRunner().invoke(main, [*command, "--db", str(tmp_path)])
    assert result.exit_code == 2
    assert (
        result.output.strip()
        == f"arshif: error: cannot open archive {tmp_path}: a folder, not a file"
    )


def test_a_folder_given_as_the_log_file_is_a_usage_error_naming_the_option(
    tmp_path: Path,
) -> None:
    result = CliRunner().invoke(main, ["schedule", "--log-file", str(tmp_path)])
    assert result.exit_code == 2
    assert "--log-file" in result.output and "is a directory" in result.output


@pytest.mark.parametrize("log", ["a.db", "a.db-wal", "other.db", "sources.toml"])
def test_a_log_file_that_is_the_archive_a_database_or_the_sources_is_refused(
    tmp_path: Path, log: str
) -> None:
    """A log file is appended to and rotated aside: the archive would be renamed away."""
    Archive(tmp_path / "a.db").close()
    Archive(tmp_path / "other.db").close()
    sources = (ROOT / "seeds" / "sources.toml").read_text(encoding="utf-8")
    (tmp_path / "sources.toml").write_text(sources, encoding="utf-8")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    result = arshif(
        "schedule", "--db", "a.db", "--sources", "sources.toml", "--log-file", log,
        cwd=tmp_path, check=False,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"arshif: error: {log} is "), result.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name in before} == before


def test_a_log_file_that_cannot_be_written_is_said_once_and_the_lines_go_to_stderr(
    tmp_path: Path,
) -> None:
    import signal
    import time

    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler", "schedule", "--offline", "--log-file", "/dev/full"],
        cwd=tmp_path, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    time.sleep(4)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    said = [line for line in err.splitlines() if "cannot write the log file" in line]
    assert said == [
        "arshif: warning: cannot write the log file /dev/full: No space left on device;"
        " its lines go to stderr only"
    ]
    assert "Traceback" not in err and "scheduler stopped" in err


def test_a_fifo_given_as_the_archive_is_named_so(tmp_path: Path) -> None:
    fifo = tmp_path / "a.db"
    os.mkfifo(fifo)
    result = CliRunner().invoke(main, ["runs", "--db", str(fifo)])
    assert result.exit_code == 2
    assert result.output.strip() == f"arshif: error: cannot open archive {fifo}: not a regular file"


def test_a_missing_folder_is_named_for_the_archive_and_for_a_plot(
    tmp_path: Path, crawled: Path
) -> None:
    """Not SQLite's "unable to open database file" nor a raw errno: the folder, by name. For
    the archive, exit 1 (a disk not mounted yet: a service manager restarts after it)."""
    gone = tmp_path / "unmounted"
    crawl = CliRunner().invoke(main, ["crawl", "--offline", "--db", str(gone / "a.db")])
    assert crawl.exit_code == 1
    assert (
        crawl.output.strip()
        == f"arshif: error: cannot open archive {gone / 'a.db'}: no folder {gone}"
    )
    plot = CliRunner().invoke(main, ["stats", "--db", str(crawled), "--plot", str(gone / "p.png")])
    assert plot.exit_code == 2
    assert (
        plot.output.strip()
        == f"arshif: error: --plot {gone / 'p.png'}: folder {gone} does not exist"
    )


def test_a_new_archive_in_a_folder_this_user_cannot_write_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not SQLite's "unable to open database file": the folder, and why. (The folder is
    made unwritable for the check arshif makes: the suite may run as root, whom no mode
    stops.)"""
    import archive.db

    folder = tmp_path / "shared"
    folder.mkdir()
    real = os.access
    monkeypatch.setattr(
        archive.db.os, "access", lambda p, mode: False if Path(p) == folder else real(p, mode)
    )
    crawl = CliRunner().invoke(main, ["crawl", "--offline", "--db", str(folder / "a.db")])
    assert crawl.exit_code == 1
    assert crawl.output.strip() == (
        f"arshif: error: cannot create archive {folder / 'a.db'}: its folder {folder} is not"
        " writable here"
    )


def test_search_shows_an_arabic_address_in_its_letters_and_json_as_stored(tmp_path: Path) -> None:
    from archive import Archive, ArticleRecord, Capture

    url = "https://news.example/%D8%AF%D9%85%D8%B4%D9%82/5?q=a%2Fb"
    archive = Archive(tmp_path / "a.db")
    record = ArticleRecord(url=url, source="news", title="دمشق", text="إدارة العمليات " * 20)
    archive.archive(archive.start_run("news"), record, Capture(url, 200, {}, b"<html></html>"))
    archive.close()
    args = ["search", "العمليات", "--db", str(tmp_path / "a.db")]
    table = CliRunner().invoke(main, args).stdout
    assert "https://news.example/دمشق/5?q=a%2Fb" in table  # an escaped "/" stays escaped
    assert json.loads(CliRunner().invoke(main, [*args, "--json"]).stdout)[0]["url"] == url


@pytest.mark.parametrize("name", ["news#2.db", "q?x=1.db", "news%202024.db"])
def test_serve_refuses_a_path_datasette_would_misread_and_makes_no_file(
    crawled: Path, tmp_path: Path, name: str
) -> None:
    """Datasette opens file:<path>?mode=ro unescaped: '#' and '?' served an empty archive it
    made beside the real one (every search a 500), '%' ended in a traceback."""
    import shutil

    served = tmp_path / name
    shutil.copy(crawled, served)
    done = subprocess.run(
        [sys.executable, "-m", "crawler", "serve", "--port", "1", "--db", str(served)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1, done.stderr
    assert done.stderr.startswith(f"arshif: error: cannot serve {served}: Datasette misreads")
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def _edited_and_taken_down(path: Path) -> str:
    """An archive of one article edited once (two versions), then taken down."""
    from archive import ArticleRecord, Batch, Capture

    url = "https://news.example/akhbar/7"
    archive = Archive(path)
    first = ArticleRecord(
        url=url, source="news", title="دمشق", text="إدارة العمليات في المدينة. " * 20
    )
    archive.archive(archive.start_run("news"), first, Capture(url, 200, {}, b"<html>1</html>"))
    said = "قالت إدارة العمليات العسكرية في المدينة اليوم. " * 20
    edited = ArticleRecord(url=url, source="news", title="دمشق اليوم", text=said)
    run = archive.start_run("news")
    archive.archive(run, edited, Capture(url, 200, {}, b"<html>2</html>"))
    archive.write_batch(run, Batch(gone=[(1, "2026-12-05T10:00:00+00:00")]))
    archive.close()
    return url


def test_search_marks_an_article_its_publisher_took_down_in_its_table(tmp_path: Path) -> None:
    _edited_and_taken_down(tmp_path / "a.db")
    table = CliRunner().invoke(main, ["search", "العمليات", "--db", str(tmp_path / "a.db")])
    head, _, row = table.stdout.splitlines()[:3]
    assert head.split()[:4] == ["id", "source", "published_at", "gone"]
    assert "2026-12-05" in row.split()


def test_versions_lists_an_articles_texts_and_prints_one_by_id_or_address(tmp_path: Path) -> None:
    url = _edited_and_taken_down(tmp_path / "a.db")
    db = ["--db", str(tmp_path / "a.db")]
    table = CliRunner().invoke(main, ["versions", "1", *db]).stdout.splitlines()
    assert table[0] == f"#1 {url}  taken down, gone since 2026-12-05T10:00:00+00:00"
    assert table[1].split() == ["version", "archived_at", "replaced_at", "title", "chars"]
    assert [line.split()[0] for line in table[3:]] == ["1", "2"]
    assert table[3].split()[-2:] == ["دمشق", "540"]
    by_address = CliRunner().invoke(main, ["versions", f"{url}#top", *db]).stdout.splitlines()
    assert by_address == table
    first = CliRunner().invoke(main, ["versions", "1", "--text", "1", *db]).stdout
    assert first == "إدارة العمليات في المدينة. " * 20 + "\n"  # the text as archived
    whole = json.loads(CliRunner().invoke(main, ["versions", url, "--json", *db]).stdout)
    assert [v["version"] for v in whole["versions"]] == [1, 2]
    assert whole["versions"][0]["replaced_at"] == whole["versions"][1]["archived_at"]
    assert whole["gone_at"] == "2026-12-05T10:00:00+00:00"
    one = json.loads(
        CliRunner().invoke(main, ["versions", "1", "--text", "2", "--json", *db]).stdout
    )
    assert (one["title"], one["replaced_at"]) == ("دمشق اليوم", None)


@pytest.mark.parametrize(
    ("ref", "extra", "message"),
    [
        ("9", [], "no archived article #9 in"),
        ("99999999999999999999999", [], "no archived article #99999999999999999999999 in"),
        (
            "https://news.example/akhbar/8",
            [],
            "no archived article at https://news.example/akhbar/8",
        ),
        ("nonsense", [], "'nonsense' is neither an article's id nor its address"),
        ("1", ["--text", "3"], "article #1 has no version 3 (it has 1, 2)"),
    ],
)
def test_versions_of_no_article_or_version_is_one_line(
    tmp_path: Path, ref: str, extra: list[str], message: str
) -> None:
    _edited_and_taken_down(tmp_path / "a.db")
    done = CliRunner().invoke(main, ["versions", ref, *extra, "--db", str(tmp_path / "a.db")])
    assert done.exit_code == 2 and done.stdout == ""
    assert done.stderr.startswith(f"arshif: error: {message}") and done.stderr.count("\n") == 1
