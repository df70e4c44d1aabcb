"""The connection to the archive file: pragmas, migrations, immediate write transactions
and, for a process that writes much, WAL checkpoints on a thread (archive.checkpoint)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

import sqlite_utils

from archive.checkpoint import Checkpointer
from archive.records import ArchiveError
from archive.schema import migrate, write_transaction

BUSY_TIMEOUT_MS = 30_000
WRITER_CACHE_KB = 16 * 1024


class Connection:
    """The base every part of the Archive facade builds on: `db`, `path`, `write()`."""

    def __init__(self, path: str | Path, bulk_writer: bool = False) -> None:
        """bulk_writer: for a process that writes much (a crawl): the WAL is copied back on a
        thread (archive.checkpoint), not in the writer's commits, and the page cache holds a
        batch's working set (a batch touches ~40 index pages per article all over the file;
        with SQLite's 2 MB default a million-article archive re-reads them)."""
        self.path = Path(path)
        self.checkpointer: Checkpointer | None = None
        try:
            conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000)
            self.db = sqlite_utils.Database(conn)
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            migrate(self.db)
        except sqlite3.Error as exc:
            raise ArchiveError(f"cannot open archive {self.path}: {exc}") from exc
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
