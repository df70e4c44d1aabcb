"""Where a command writes a file of its own (a backup, an export): told before anything is
written, so that a bad destination costs nothing and replaces nothing it should not."""

from __future__ import annotations

import os
from pathlib import Path


def destination_problem(dest: str | Path, db_path: str | Path, force: bool) -> str | None:
    """Why dest cannot take a new file, or None: a directory, a missing or read-only folder,
    the archive itself, a device, a pipe or a socket (never replaced, --force or not), an
    existing file without force."""
    out = Path(dest)
    if _belongs_to(out, Path(db_path)):
        return f"{dest} is a file of the archive itself (its WAL, index or a lock)"
    if out.is_dir():
        return f"{dest} is a directory: give a file name"
    if not out.parent.exists():
        return f"folder {out.parent} does not exist"
    if not os.access(out.parent, os.W_OK | os.X_OK):
        return f"folder {out.parent} cannot be written"
    if out.exists():
        if out.resolve() == Path(db_path).resolve():
            return f"{dest} is the archive itself"
        if not out.is_file():
            return f"{dest} is not a regular file (a device, a pipe): give a file name"
        if not force:
            return f"{dest} exists: pass --force to overwrite it"
    return None


def log_problem(log: str | Path, db_path: str | Path) -> str | None:
    """Why a log file may not be written at log (appended to, rotated aside): the archive,
    one of its companion files, or another SQLite database."""
    out = Path(log)
    if _belongs_to(out, Path(db_path)) or (
        out.exists() and out.resolve() == Path(db_path).resolve()
    ):
        return f"{log} is the archive or one of its files: give the log a file of its own"
    try:
        with out.open("rb") as f:
            head = f.read(len(_SQLITE_HEADER))
    except OSError:
        return None  # none yet, or unreadable: opening it for the log says why
    if head == _SQLITE_HEADER:
        return f"{log} is an SQLite database, not a log: give the log a file of its own"
    return None


_SQLITE_HEADER = b"SQLite format 3\x00"
# Files SQLite and arshif keep beside the archive: replacing one loses or corrupts it.
_COMPANIONS = ("-wal", "-shm", "-journal")


def _belongs_to(out: Path, db: Path) -> bool:
    """Is out one of the archive's companion files: its WAL, shared-memory index, rollback
    journal, or a lock (`archive.db-scheduler.lock`, `archive.db.saraya.lock`)? Beside the
    archive as named, and beside the file a symlink names (where SQLite puts its WAL)."""
    out = out.absolute()
    for archive in {db.absolute(), db.resolve()}:
        rest = out.name[len(archive.name) :] if out.name.startswith(archive.name) else None
        if rest is None or out.parent.resolve() != archive.parent.resolve():
            continue
        if rest in _COMPANIONS or rest.endswith(".lock"):
            return True
    return False
