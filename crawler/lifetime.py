"""Child processes that do not outlive their parent, even when it is killed with -9."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import threading

_PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGKILL) -> None:
    """Have this process sent sig when the process that started it dies (a no-op elsewhere
    than Linux). Two ways, as a worker may be a child of multiprocessing's fork server
    rather than of the process that asked for it: Linux's parent-death signal, for the
    direct parent, and a thread that waits on the starting process's sentinel, for the
    other (the fork server lives as long as its workers do)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, sig)
    except (OSError, AttributeError):
        return
    spawner = multiprocessing.parent_process()  # set in multiprocessing children
    if spawner is not None:
        watch = threading.Thread(target=_die_after, args=(spawner, sig), daemon=True)
        watch.start()


def _die_after(spawner: multiprocessing.process.BaseProcess, sig: int) -> None:
    spawner.join()  # returns when it is gone, at once if it died already
    os.kill(os.getpid(), sig)
