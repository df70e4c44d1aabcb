"""WAL checkpoints on a thread of their own, for a process that writes a lot.

SQLite's automatic checkpoint runs inside the COMMIT that crosses the WAL's size limit: the
writer copies every page back into the database file and waits for the disk (fsync). In a
crawl that writer is the reactor thread, and in a big archive each article dirties pages
all over the LSH index, so that wait grew with the archive. Here a second connection
checkpoints every `interval` seconds (PASSIVE: it never blocks the writer, which keeps
appending), and the writer's own automatic checkpoint is turned off. SQLite releases the
GIL while it works, so the copying overlaps with the crawl instead of stalling it.

A writer that never pauses would never let the WAL start over (it restarts only once every
frame is copied back, and a RESTART from this thread would starve behind the writer's next
BEGIN): past `restart_frames` the writer itself runs the RESTART between two transactions
(restart_if_due), which costs it only the frames the passive passes have not copied yet.

That restart never waits: a reader's open transaction (an export to a slow pipe, a sqlite3
shell, a long Datasette query) keeps the WAL from starting over, and a RESTART that waited out
the busy timeout for it held the writer, the reactor thread and so every source's crawl, 30 s
a batch. It is tried with no busy timeout, and after a try that could not run the next waits,
RETRY_FIRST seconds doubling to RETRY_MAX: a long reader costs WAL size, not crawl time, and
the WAL starts over at the first try after it ends."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

logger = logging.getLogger(__name__)

RETRY_FIRST = 1.0  # seconds before the WAL restart is tried again after a reader held it
RETRY_MAX = 30.0


class Checkpointer:
    def __init__(
        self, path: Path, interval: float = 0.5, restart_frames: int = 16_384,
        busy_timeout_ms: int = 30_000,
    ) -> None:  # fmt: skip
        self.path = path
        self.interval = interval
        self.restart_frames = restart_frames  # 64 MB of 4 KB pages
        self.restart_due = False
        self.busy_timeout_ms = busy_timeout_ms
        # A checkpoint that fails (disk full) means the database file cannot grow: the
        # writer is told at its next write, as if its own commit had failed.
        self.failure: sqlite3.Error | None = None
        self.clock: Callable[[], float] = time.monotonic
        self._retry_at = 0.0  # (clock) no restart is tried before, after one that could not run
        self._retry_wait = RETRY_FIRST
        # The passive pass and the restart take turns: a RESTART beside a passive pass (slowest
        # when a restart is due: a big WAL) is busy with no reader open, and backed off.
        self._turn = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="wal-checkpoint", daemon=True)

    def start(self) -> Checkpointer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        conn = sqlite3.connect(str(self.path), timeout=self.busy_timeout_ms / 1000)
        try:
            conn.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
            while not self._stop.wait(self.interval):
                self.checkpoint(conn)
            self.checkpoint(conn)  # what the last writes left
        finally:
            conn.close()

    def checkpoint(self, conn: sqlite3.Connection) -> None:
        """One passive pass on conn (the thread's own connection); notes when a restart is due."""
        try:
            with self._turn:
                _, frames, _ = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            self.restart_due = frames >= self.restart_frames
            # The disk has room again: a long-lived service writes again (its run that met
            # the failure stays failed) instead of failing every run until a restart.
            if self.failure is not None:
                logger.warning("WAL checkpoint of %s works again", self.path)
            self.failure = None
        except sqlite3.Error as exc:
            # Said when it starts failing, or fails otherwise: a full disk lasts, and a line
            # every half second filled the log with it.
            if str(exc) != str(self.failure):
                logger.warning("WAL checkpoint of %s failed: %s", self.path, exc)
            self.failure = exc

    def check(self) -> None:
        """Called by the writer before it writes: raise what the last checkpoint met."""
        if self.failure is not None:
            raise self.failure

    def restart_if_due(self, writer: sqlite3.Connection) -> None:
        """Called by the writer outside any transaction: let the WAL start over when due,
        if no reader holds it; else try again later (see the module's docstring)."""
        now = self.clock()
        if not self.restart_due or writer.in_transaction or now < self._retry_at:
            return
        self.restart_due = False
        if self._restart(writer):
            self._retry_at, self._retry_wait = 0.0, RETRY_FIRST
            return
        if self._retry_wait == RETRY_FIRST:  # once a streak: a reader left open for hours
            logger.info("WAL of %s cannot start over while a reader holds it; it grows", self.path)
        self._retry_at = now + self._retry_wait
        self._retry_wait = min(2 * self._retry_wait, RETRY_MAX)

    def _restart(self, writer: sqlite3.Connection) -> bool:
        """One RESTART that does not wait for readers (busy timeout 0 for the call): did it
        start the WAL over?"""
        (wait,) = writer.execute("PRAGMA busy_timeout").fetchone()
        writer.execute("PRAGMA busy_timeout = 0")
        try:
            with self._turn:
                busy, _, _ = writer.execute("PRAGMA wal_checkpoint(RESTART)").fetchone()
        except sqlite3.Error as exc:
            logger.warning("WAL restart of %s failed: %s", self.path, exc)
            return False
        finally:
            writer.execute(f"PRAGMA busy_timeout = {int(wait)}")
        return not busy
