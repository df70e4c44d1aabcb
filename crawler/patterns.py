"""A regular expression from the sources file, checked to answer in time on any URL.

Python's `re` backtracks: a pattern with nested repeats (`^(([a-z0-9/]+)*)*X$`) takes
exponential time on a URL that almost matches, and the crawl process then spins on one
`search` call, deaf even to SIGTERM (the reactor's handler only sets a flag). So every
pattern is tried at load on URLs built to make such patterns backtrack, under a timer: one
that does not answer in time is refused, naming the source and key, before anything runs."""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator

# Seconds all the probes of one pattern may take: a sane pattern answers them in a
# millisecond or two; one that needs this long would spend it again on every link it meets.
BUDGET = 1.0
# Short probes, where exponential patterns blow up (2^28 steps), and longer ones, on which
# a pattern of a high degree would take seconds on the longest URL a crawl follows. A
# loosely written pattern of a low degree (`.*/article/.*`, `.*/.*/.*/.*\.html`: cubic,
# quartic) answers both in well under the budget: not refused, since an article's address
# has a handful of slashes, and one with more than sources.MAX_SLASHES is none.
LONG, SHORT = 48, 28
_PREFIXES = ("", "http://www.example.com/", "https://example.com/news/")
# Runs of what URLs are made of, each ended by a character the run does not have.
_RUNS = ("a", "A", "0", "-", "/", ".", "_", "%20", "ا", "a-", "a/", "ab/", "1/", "a.", "a=1&")
_ENDS = ("!", "\n", "")


class SlowPattern(Exception):
    """The pattern did not answer the probes in BUDGET seconds."""


def probes() -> Iterator[str]:
    for prefix in _PREFIXES:
        for run in _RUNS:
            for end in _ENDS:
                yield prefix + run * max(1, SHORT // len(run)) + end
                yield prefix + run * max(1, LONG // len(run)) + end


def check_speed(pattern: re.Pattern[str]) -> None:
    """Raises SlowPattern when the pattern backtracks without end on some URL. Checked in
    the main thread only (a timer's signal reaches no other); elsewhere nothing is tried."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getitimer(signal.ITIMER_PROF)[0]:  # someone else's timer: leave it alone
        return

    def expire(signum: int, frame: object) -> None:
        raise SlowPattern

    # CPU time, not the clock's: a loaded machine must not refuse a pattern an idle one takes.
    previous = signal.signal(signal.SIGPROF, expire)
    try:
        signal.setitimer(signal.ITIMER_PROF, BUDGET)
        for probe in probes():
            pattern.search(probe)
    finally:
        try:
            signal.setitimer(signal.ITIMER_PROF, 0)
        finally:  # the timer may fire on the way out: the handler goes back all the same
            signal.signal(signal.SIGPROF, previous)
