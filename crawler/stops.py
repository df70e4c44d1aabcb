"""Stop signals as exits, for every command: SIGTERM and SIGHUP raise Stopped where the code
stands, so that its cleanup runs (a backup's partial copy removed, a reindex's run recorded)
and it exits 143 or 129 with one line, not by the signal's default action (a kill). Set by
the entry point before the command line's imports; the crawl and the scheduler set handlers
of their own, which drain instead (crawler.runner)."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from types import FrameType


class Stopped(SystemExit):
    """A stop signal, as the exit it ends in (128 + the signal)."""

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signum = signum


# A signal that lands in a finalizer (a temporary file's __del__ while an export writes, a
# weak reference's callback while the garbage collector runs): an exception raised there is
# printed as "Exception ignored", with its traceback, and dropped, and the command went on to
# its end. Python hands such an exception to sys.unraisablehook: there the stop is sent again
# a moment later, when the finalizer is done, and nothing is printed.
AGAIN_AFTER = 0.01


def exit_on_stops() -> None:
    def stop(signum: int, frame: FrameType | None) -> None:
        raise Stopped(signum)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(sig) != signal.SIG_IGN:  # (`nohup`: a hang-up stops nothing)
            signal.signal(sig, stop)
    if not getattr(sys.unraisablehook, "sends_stops_again", False):
        sys.unraisablehook = _stops_sent_again(sys.unraisablehook)


def _stops_sent_again(
    hook: Callable[[sys.UnraisableHookArgs], object],
) -> Callable[[sys.UnraisableHookArgs], object]:
    def unraisable(raised: sys.UnraisableHookArgs) -> object:
        if isinstance(raised.exc_value, Stopped):
            signum = raised.exc_value.signum
        elif isinstance(raised.exc_value, KeyboardInterrupt):  # Ctrl-C, Python's own stop
            signum = signal.SIGINT
        else:
            return hook(raised)
        again = threading.Timer(AGAIN_AFTER, os.kill, (os.getpid(), signum))
        again.daemon = True
        again.start()
        return None

    unraisable.sends_stops_again = True  # type: ignore[attr-defined]
    return unraisable


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


def say_stopped(signum: int) -> int:
    """The stop's one line; returns its exit status."""
    with contextlib.suppress(OSError):
        os.write(2, f"arshif: stopped ({signal.Signals(signum).name})\n".encode())
    return 128 + signum
