"""Read commands check their filters: ISO dates, known sources; one line, exit 2, no output
file left behind."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from crawler.cli import main

KNOWN = "akhbar24, aljazeera, arabi21, saraya"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("command", [["search", "دمشق"], ["export"]])
@pytest.mark.parametrize(
    ("option", "value"),
    [("--since", "2024-13-01"), ("--since", "yesterday"), ("--until", "20241201")],
)
def test_a_date_that_is_not_iso_is_refused_in_one_line(
    crawled: Path, command: list[str], option: str, value: str
) -> None:
    result = invoke(*command, "--db", str(crawled), option, value)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"arshif: error: {option} {value!r} is not an ISO date:"
        " give YYYY-MM-DD (or YYYY-MM-DDTHH:MM:SS)"
    ]


def test_a_full_timestamp_filters_by_its_day(crawled: Path) -> None:
    by_day = invoke("search", "دمشق", "--db", str(crawled), "--json", "--since", "2024-12-08")
    by_time = invoke(
        "search", "دمشق", "--db", str(crawled), "--json", "--since", "2024-12-08T23:59:00+03:00"
    )
    assert by_day.exit_code == by_time.exit_code == 0
    assert by_day.stdout == by_time.stdout and by_day.stdout.strip() != "[]"


@pytest.mark.parametrize(
    "command",
    [["runs"], ["search", "دمشق"], ["export"], ["stats"], ["reextract"]],
)
def test_an_unknown_source_is_refused_naming_the_known_ones(
    crawled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no ./sources.toml: the archive's sources only
    db = tmp_path / "a.db"
    shutil.copy(crawled, db)
    assert invoke("reindex", "--db", str(db)).exit_code == 0  # a run over every source
    result = invoke(*command, "--db", str(db), "--source", "sarya")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"arshif: error: unknown source 'sarya' (known: {KNOWN})"
    ]


def test_a_source_listed_in_the_sources_file_but_not_yet_archived_is_accepted(
    crawled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = (
        '[sources.newsite]\nname = "New"\nstart_urls = ["https://new.example/"]\n'
        "article_url_pattern = '/story/'\n"
    )
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sources.toml").write_text(entry, encoding="utf-8")
    result = invoke("runs", "--db", str(crawled), "--source", "newsite")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].split()[:4] == ["id", "source", "kind", "status"]


def test_a_bad_query_leaves_no_export_file(crawled: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    result = invoke("export", "--db", str(crawled), "--query", '"دمشق', "-o", str(out))
    assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == []


def test_an_export_interrupted_midway_leaves_no_file(crawled: Path, tmp_path: Path) -> None:
    """A capture that cannot be read stops the export halfway: the partial output is
    removed, the target never appears."""
    db = tmp_path / "copy.db"
    shutil.copy(crawled, db)
    out = tmp_path / "x.warc.gz"
    with sqlite3.connect(db) as conn:  # a capture the export cannot decompress
        conn.execute(
            "UPDATE captures SET body_zlib = x'00' WHERE id = (SELECT MAX(id) FROM captures)"
        )
    result = invoke("export", "--db", str(db), "--format", "warc", "--all", "-o", str(out))
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("arshif: error: export stopped, nothing written:")
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("copy.db")) == []


def test_an_export_its_disk_cannot_hold_exits_1_and_leaves_no_file(
    crawled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exit 1, as a place that refuses writes, not 2, a usage error: a service manager
    told not to restart after 2 left the export job off for good. (The disk fills as the
    archive is read out: its write fails as a full disk's does.)"""
    from archive import Archive

    def full_disk(self: Archive, fmt: str, out: object, *args: object, **kwargs: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Archive, "export", full_disk)
    out = tmp_path / "x.jsonl"
    result = invoke("export", "--db", str(crawled), "--all", "-o", str(out))
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith("arshif: error: export stopped, nothing written:")
    assert list(tmp_path.iterdir()) == []
