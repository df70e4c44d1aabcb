"""One crawl per source at a time, across processes: an flock that dies with its holder.

The lock file sits beside the archive (`archive.db.saraya.lock`); the kernel drops the lock
when the holding process exits for any reason, kill -9 included, so a crash never leaves a
source locked."""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path


class SourceBusy(Exception):
    """Another process is crawling this source right now."""


class SchedulerBusy(Exception):
    """Another scheduler runs on this archive: two would crawl every source twice as often."""


class SourceLock:
    def __init__(self, db_path: str | Path, source: str) -> None:
        self.path = Path(f"{db_path}.{source}.lock")
        self.source = source
        self.fd: int | None = None

    def busy(self, holder: str) -> Exception:
        return SourceBusy(
            f"source {self.source!r} is being crawled by another process (pid {holder});"
            " not starting a second crawl of it"
        )

    def acquire(self, wait: float = 0.0) -> None:
        """Take the lock; with wait > 0, keep trying that many seconds before giving up."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
                    os.close(fd)
                    raise self.busy(holder) from None
                time.sleep(0.2)
        self.fd = fd  # held from here: release() drops it whatever happens next
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
        except OSError:
            pass  # a full disk: the pid is only for the busy message, the flock is the lock

    def release(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> SourceLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


class SchedulerLock(SourceLock):
    """One scheduler per archive, held for the scheduler's life (`archive.db-scheduler.lock`:
    no source's lock file is named so). A recycle's exec closes it; the fresh image takes it
    again."""

    def __init__(self, db_path: str | Path) -> None:
        super().__init__(db_path, "scheduler")
        self.path = Path(f"{db_path}-scheduler.lock")

    def busy(self, holder: str) -> Exception:
        return SchedulerBusy(
            f"another scheduler (pid {holder}) runs on this archive; not starting a second"
        )
