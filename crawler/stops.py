"""Stop signals as exits, for every command: SIGTERM and SIGHUP raise Stopped where the code
stands, so that its cleanup runs (a backup's partial copy removed, a reindex's run recorded)
and it exits 143 or 129 with one line, not by the signal's default action (a kill). Set by
the entry point before the command line's imports; the crawl and the scheduler set handlers
of their own, which drain instead (crawler.runner)."""

from __future__ import annotations

import contextlib
import os
import signal


class Stopped(SystemExit):
    """A stop signal, as the exit it ends in (128 + the signal)."""

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signum = signum


def exit_on_stops() -> None:
    def stop(signum: int, _frame: object) -> None:
        raise Stopped(signum)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(sig) != signal.SIG_IGN:  # (`nohup`: a hang-up stops nothing)
            signal.signal(sig, stop)


def say_stopped(signum: int) -> int:
    """The stop's one line; returns its exit status."""
    with contextlib.suppress(OSError):
        os.write(2, f"arshif: stopped ({signal.Signals(signum).name})\n".encode())
    return 128 + signum
