"""Child processes that do not outlive their parent, even when it is killed with -9."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from multiprocessing import forkserver

_PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGKILL) -> None:
    """Have this process sent sig when its parent dies (a no-op elsewhere than Linux). The
    parent may be multiprocessing's fork server rather than the process that asked for this
    one: the server exits with that process once this one lets go of its pipe."""
    _let_the_fork_server_go()
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, sig)
    except (OSError, AttributeError):
        return
    spawner = multiprocessing.parent_process()  # set in multiprocessing children
    if spawner is not None and not spawner.is_alive():  # it died before the request took
        os.kill(os.getpid(), sig)


def _let_the_fork_server_go() -> None:
    """A fork server's child inherits the server's "clients alive" pipe, so the server lives
    as long as any of its children does, and their parent-death signal never comes. Closed
    here, the server exits as soon as the process that started it does, and the kernel kills
    its children then, even one stuck in C code that holds the GIL."""
    server = getattr(forkserver, "_forkserver", None)
    alive = getattr(server, "_forkserver_alive_fd", None)
    if multiprocessing.parent_process() is None or not isinstance(alive, int):
        return
    try:
        os.close(alive)
    except OSError:
        return
    server._forkserver_alive_fd = None  # type: ignore[union-attr]
