"""`arshif backup`: a consistent copy of a live archive, checked before it takes DEST's name."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from archive.db import BUSY_TIMEOUT_MS, identify, open_read_only, refused
from archive.destination import destination_problem


class BackupError(Exception):
    """The backup cannot be made where asked, or the copy did not check out. place: the
    destination's disk refused the copy (full, failing): no fault of the command line."""

    def __init__(self, message: str, place: bool = False) -> None:
        super().__init__(message)
        self.place = place


@dataclass
class BackupResult:
    path: Path
    size: int
    articles: int


def check_destination(dest: str | Path, db_path: str | Path, force: bool) -> Path:
    problem = destination_problem(dest, db_path, force)
    if problem:
        raise BackupError(problem)
    return Path(dest)


def backup(db_path: str | Path, dest: Path) -> BackupResult:
    """Copy with SQLite's online backup API in one step: one read transaction, so the copy
    is the archive as of one commit, while crawls go on writing (WAL: readers do not block
    writers). The copy is written beside DEST, checked with integrity_check, switched to a
    rollback journal (one self-contained file) and only then renamed to DEST: a failed
    backup leaves no file, and an older backup at DEST survives it."""
    partial = dest.with_name(dest.name + ".partial")
    try:
        partial.unlink(missing_ok=True)
        partial.touch()  # a folder that takes no file (/proc, a full disk) says so here
    except OSError as exc:
        raise BackupError(f"cannot write {partial}: {exc.strerror or exc}") from exc
    try:
        source = _source(Path(db_path))
        try:
            identify(source, db_path, writer=False)  # another program's file is no archive
            copy = sqlite3.connect(str(partial))
            try:
                _copy_into(source, copy, dest)
                problems = [r[0] for r in copy.execute("PRAGMA integrity_check")]
                if problems != ["ok"]:
                    raise sqlite3.DatabaseError(
                        "database disk image is malformed: " + "; ".join(problems[:3])
                    )
                articles = copy.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            finally:
                copy.close()
        finally:
            source.close()
        os.replace(partial, dest)
    except BaseException:
        for leftover in ("", "-journal", "-wal", "-shm"):  # (SQLite's beside the copy, too)
            partial.with_name(partial.name + leftover).unlink(missing_ok=True)
        raise
    return BackupResult(dest, dest.stat().st_size, int(articles))


def _source(db_path: Path) -> sqlite3.Connection:
    """The archive to copy: as the writers share it (its WAL index beside it), or, on a
    read-only mount where no index can be made, as the read commands open it there."""
    source = sqlite3.connect(str(db_path), timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        source.close()
        if not refused(exc):
            raise
        return open_read_only(db_path)[0].conn
    return source


# What the destination's disk says when the copy does not fit or cannot be written there (a
# copy only reads the archive: these are never the archive's).
_DEST_TROUBLE = ("database or disk is full", "disk i/o error", "readonly database")


def _copy_into(source: sqlite3.Connection, copy: sqlite3.Connection, dest: Path) -> None:
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.OperationalError as exc:
        if any(words in str(exc).lower() for words in _DEST_TROUBLE):
            raise BackupError(f"cannot write {dest}: {exc}", place=True) from exc
        raise
