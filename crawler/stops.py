"""Stop signals as exits, for every command: SIGTERM and SIGHUP raise Stopped where the code
stands, so that its cleanup runs (a backup's partial copy removed, a reindex's run recorded)
and it exits 143 or 129 with one line, not by the signal's default action (a kill). Set by
the entry point before the command line's imports; the crawl and the scheduler set handlers
of their own, which drain instead (crawler.runner)."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from types import FrameType


class Stopped(SystemExit):
    """A stop signal, as the exit it ends in (128 + the signal)."""

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signum = signum


# A signal that lands in a finalizer (a temporary file's __del__ while an export writes):
# an exception raised there is printed as "Exception ignored" and dropped, and the command
# went on to its end. It is sent again a moment later, when the finalizer is done.
AGAIN_AFTER = 0.01


def exit_on_stops() -> None:
    def stop(signum: int, frame: FrameType | None) -> None:
        if _in_finalizer(frame):
            again = threading.Timer(AGAIN_AFTER, os.kill, (os.getpid(), signum))
            again.daemon = True
            again.start()
            return
        raise Stopped(signum)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(sig) != signal.SIG_IGN:  # (`nohup`: a hang-up stops nothing)
            signal.signal(sig, stop)


@contextlib.contextmanager
def stops_held() -> Iterator[None]:
    """Stop signals wait until the block is done (a run row written and its id kept: a stop
    between the two left a run `running` that nothing would close). Main thread only."""
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _in_finalizer(frame: FrameType | None) -> bool:
    while frame is not None:
        if frame.f_code.co_name == "__del__":
            return True
        frame = frame.f_back
    return False


def say_stopped(signum: int) -> int:
    """The stop's one line; returns its exit status."""
    with contextlib.suppress(OSError):
        os.write(2, f"arshif: stopped ({signal.Signals(signum).name})\n".encode())
    return 128 + signum
