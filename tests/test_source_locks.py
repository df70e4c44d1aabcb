"""One crawl per source at a time: the lock file beside the archive (crawler.locks)."""

from __future__ import annotations

import resource
import signal
from pathlib import Path

import pytest

from crawler.locks import SourceBusy, SourceLock


def test_a_second_lock_of_a_source_is_refused_while_the_first_is_held(tmp_path: Path) -> None:
    with SourceLock(tmp_path / "a.db", "saraya"), pytest.raises(SourceBusy, match="saraya"):
        SourceLock(tmp_path / "a.db", "saraya").acquire()
    SourceLock(tmp_path / "a.db", "saraya").acquire()  # released with the first


def test_a_lock_taken_on_a_full_disk_is_released_all_the_same(tmp_path: Path) -> None:
    """Writing the holder's pid failed on a full disk, and the lock stayed held by a process
    that no longer knew it had it: the source was never crawled again until a restart."""
    lock = SourceLock(tmp_path / "a.db", "saraya")
    limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, limits[1]))  # no byte can be written
    try:
        lock.acquire()
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limits)
        signal.signal(signal.SIGXFSZ, previous)
    lock.release()
    with SourceLock(tmp_path / "a.db", "saraya"):
        pass
