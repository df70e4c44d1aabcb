"""The connection to the archive file: pragmas, migrations, immediate write transactions
and, for a process that writes much, WAL checkpoints on a thread (archive.checkpoint)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Self
from urllib.parse import quote

import sqlite_utils

from archive.checkpoint import Checkpointer
from archive.records import ArchiveError, ForeignDatabase, NewerArchive, NotAnArchive
from archive.schema import MIGRATIONS, migrate, write_transaction

BUSY_TIMEOUT_MS = 30_000
WRITER_CACHE_KB = 16 * 1024
# Tables every arshif archive has had since its first schema version.
OWN_TABLES = frozenset({"articles", "runs"})
SCHEMA_VERSION = len(MIGRATIONS)


def identify(conn: sqlite3.Connection, path: str | Path, writer: bool) -> int:
    """The archive's schema version, read before anything is written to the file: another
    program's database (tables, but not arshif's: the first migration sets user_version
    with its tables, in one transaction) is refused whole, since WAL mode alone rewrites
    its header; an archive of a newer arshif is refused to a writer, whose migrations and
    rows would be those of an older schema. A new or empty file passes (it becomes one)."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    tables = {
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not row[0].startswith("sqlite_")
    }
    if tables and version == 0 and OWN_TABLES.issubset(tables):
        raise ForeignDatabase(
            f"{path} holds an arshif archive's tables but no schema version (a copy made with"
            " sqlite3's .dump or .recover loses it); if it came from this arshif, set it:"
            f" sqlite3 {path} 'PRAGMA user_version = {SCHEMA_VERSION}'"
        )
    if tables and (version == 0 or not OWN_TABLES.issubset(tables)):
        shown = ", ".join(sorted(tables)[:4]) + (", …" if len(tables) > 4 else "")
        raise ForeignDatabase(
            f"{path} is not an arshif archive (a SQLite database of other tables: {shown};"
            " left as it is)"
        )
    if writer and version > SCHEMA_VERSION:
        raise NewerArchive(
            f"{path} was made by a newer arshif (schema {version}, this one knows"
            f" {SCHEMA_VERSION}): only read commands can use it; upgrade arshif to write it"
        )
    return version


def _open(path: Path, writer: bool = True) -> sqlite_utils.Database:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        identify(conn, path, writer)
    except BaseException:
        conn.close()
        raise
    db = sqlite_utils.Database(conn)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    return db


def refused(exc: Exception) -> bool:
    """Did the file or its directory refuse a write (not a damaged or foreign file)?"""
    text = str(exc).lower()
    return isinstance(exc, PermissionError) or "readonly" in text or "unable to open" in text


def open_read_only(path: Path) -> tuple[sqlite_utils.Database, bool]:
    """Read-only: beside a writer's WAL index when there is one (mode=ro), else as a
    file no one writes (immutable: no -shm can be made beside it). Its schema must be
    the newest: an older one needs one open with write access to be brought up."""
    uri = f"file:{quote(str(path.resolve()))}"
    immutable = False
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        if not os.statvfs(path.parent).f_flag & os.ST_RDONLY:
            # A writer may be at work on it: an immutable read would be stale or torn.
            raise ArchiveError(f"no WAL index beside it can be read or made: {exc}") from exc
        try:
            conn = sqlite3.connect(f"{uri}?immutable=1", uri=True)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            immutable = True
        except sqlite3.Error as exc:
            raise ArchiveError(f"not even read-only: {exc}") from exc
    try:
        version = identify(conn, path, writer=False)
    except BaseException:
        conn.close()
        raise
    if version < SCHEMA_VERSION:
        conn.close()
        raise ArchiveError(
            f"read-only here, and its schema is older than this arshif's (version {version}"
            f" of {SCHEMA_VERSION}): open it once with write access"
        )
    return sqlite_utils.Database(conn), immutable


def _create(path: Path) -> None:
    """A new archive appears whole, schema and all, or not at all: built beside its place,
    then linked there (a process killed meanwhile leaves no half-made archive; of two
    processes creating one together, the first link wins and the other is dropped)."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.new")
    try:
        db = _open(partial)
        migrate(db)
        db.close()  # the last connection folds the WAL back into the file
        with suppress(FileExistsError):
            os.link(partial, path)
    finally:
        for leftover in (partial, *(partial.with_name(partial.name + s) for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)


def _migrated(path: Path, writer: bool) -> sqlite_utils.Database:
    """A connection, its schema brought up; closed when that fails (a read-only file: the
    read-only connection opened next must be the only one)."""
    db = _open(path, writer)
    try:
        migrate(db)
    except BaseException:
        db.close()
        raise
    return db


class Connection:
    """The base every part of the Archive facade builds on: `db`, `path`, `write()`."""

    def __init__(self, path: str | Path, bulk_writer: bool = False, reader: bool = False) -> None:
        """bulk_writer: for a process that writes much (a crawl): the WAL is copied back on a
        thread (archive.checkpoint), not in the writer's commits, and the page cache holds a
        batch's working set (a batch touches ~40 index pages per article all over the file;
        with SQLite's 2 MB default a million-article archive re-reads them).
        reader: for a command that only reads: an archive this process may not write (a
        copy on a read-only mount, a file of the crawler's user) is opened read-only."""
        self.path = Path(path)
        self.checkpointer: Checkpointer | None = None
        # Opened as a file no one writes (a read-only copy): a server must be told so.
        self.immutable = False
        if not self.path.parent.is_dir():
            raise ArchiveError(f"cannot open archive {self.path}: no folder {self.path.parent}")
        if self.path.is_dir():
            raise ArchiveError(f"cannot open archive {self.path}: a folder, not a file")
        if self.path.exists() and not self.path.is_file():  # a FIFO, a device
            raise ArchiveError(f"cannot open archive {self.path}: not a regular file")
        if reader and self.path.exists() and self.path.stat().st_size == 0:
            # SQLite takes an empty file for an empty database, and a read would make it a
            # new archive: it is a copy cut short or a file made by mistake, never one.
            raise NotAnArchive(f"cannot open archive {self.path}: an empty file (0 bytes)")
        if not self.path.exists() and not os.access(self.path.parent, os.W_OK | os.X_OK):
            # SQLite says only "unable to open database file".
            raise ArchiveError(
                f"cannot create archive {self.path}: its folder {self.path.parent} is not"
                " writable here"
            )
        try:
            if not self.path.exists():
                _create(self.path)
            elif not reader and not os.access(self.path, os.W_OK):
                # SQLite would open it read-only without a word, and the first write, a
                # crawl's pages in, would fail after the work.
                raise PermissionError("attempt to write a readonly database")
            self.db = _migrated(self.path, writer=not reader)
        except (sqlite3.Error, OSError) as exc:
            denied = self.path.exists() and refused(exc)
            if not (reader and denied):
                why = " (read-only here: only read commands can use it)" if denied else ""
                raise ArchiveError(f"cannot open archive {self.path}: {exc}{why}") from exc
            try:
                self.db, self.immutable = open_read_only(self.path)
            except ForeignDatabase:
                raise  # its own line: nothing to do with the rights on the file
            except (sqlite3.Error, ArchiveError) as why:
                raise ArchiveError(f"cannot open archive {self.path}: {exc} ({why})") from exc
        # Past SCHEMA_VERSION: a newer arshif's archive, which a reader reads as it can.
        self.schema_version = int(self.db.execute("PRAGMA user_version").fetchone()[0])
        if bulk_writer:
            self.db.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KB}")
            self.db.execute("PRAGMA wal_autocheckpoint = 0")
            # The WAL file keeps its largest size after a restart unless told otherwise.
            self.db.execute(f"PRAGMA journal_size_limit = {64 * 1024 * 1024}")
            self.checkpointer = Checkpointer(self.path).start()

    def settle(self) -> None:
        """Copy the WAL back into the database file now, and raise what stops that (disk
        full): with background checkpoints, a run must not end as written while its pages
        cannot reach the file. Without them, commits did this already."""
        if self.checkpointer is not None:
            self.checkpointer.check()
            self.checkpointer.checkpoint(self.db.conn)
            self.checkpointer.check()

    def close(self) -> None:
        if self.checkpointer is not None:
            self.checkpointer.stop()
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator[None]:
        """One write transaction, taken with BEGIN IMMEDIATE: with several processes on one
        archive, a deferred transaction that reads then writes fails at once with "database
        is locked"; an immediate one waits its turn (busy timeout) instead. Nests."""
        if self.checkpointer is not None:
            self.checkpointer.check()
        with write_transaction(self.db):
            yield
        if self.checkpointer is not None:
            self.checkpointer.restart_if_due(self.db.conn)
