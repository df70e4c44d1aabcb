"""`arshif crawl`: the given sources side by side in one crawl service, then exit.

The first SIGINT/SIGTERM drains (crawler.service), a second one stops at once: what is
extracted is written, every article page still open is recorded as interrupted, and the
process ends."""

from __future__ import annotations

import contextvars
import logging
import os
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from twisted.internet import defer

from crawler.output import say
from crawler.reactor import get_reactor
from crawler.service import CrawlOptions, CrawlService
from crawler.sources import Source

logger = logging.getLogger("arshif.crawl")
# Keyed by int: signal numbers arrive as plain ints (handlers, CrawlResult.signal).
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
EXIT_SIGNAL: dict[int, int] = {signal.SIGINT: 130, signal.SIGTERM: 143, signal.SIGHUP: 129}

__all__ = ["CrawlOptions", "CrawlResult", "StopSignals", "crawl"]


@dataclass
class CrawlResult:
    summaries: list[dict] = field(default_factory=list)
    signal: int | None = None  # the stop signal that ended it early, if any
    # Per source: same-site links its discovery saw that were not articles (a sample).
    other_links: dict[str, list[str]] = field(default_factory=dict)


class StopSignals:
    """First SIGINT/SIGTERM/SIGHUP: on_first (drain). Second: on_second (stop now). Handlers
    run in the reactor's thread. SIGHUP (a terminal hung up; a service manager's "reload")
    drains too: its default would end the process with runs left running and pages lost."""

    def __init__(self, on_first: Callable[[int], None], on_second: Callable[[int], None]) -> None:
        self.on_first, self.on_second = on_first, on_second
        self.received: list[int] = []

    def install(self) -> None:
        for sig in STOP_SIGNALS:
            signal.signal(sig, self._handle)

    def _handle(self, signum: int, frame: Any) -> None:
        self.received.append(signum)
        action = self.on_first if len(self.received) == 1 else self.on_second
        # In a context of its own: the call would take the context of whatever code the
        # signal interrupted, and its log lines that code's source and run.
        contextvars.Context().run(get_reactor().callFromThread, action, signum)

    @property
    def first(self) -> int | None:
        return self.received[0] if self.received else None


def crawl(
    sources: list[Source],
    db_path: str | Path,
    options: CrawlOptions | None = None,
    report: Callable[[str], None] = say,
    closing: Callable[[CrawlResult], int] | None = None,
) -> CrawlResult:
    """Crawl the sources side by side; a source another process is crawling is skipped with a
    message (or waited for, options.lock_wait). closing says a forced stop's last lines and
    gives its exit status (the process ends there, before this returns)."""
    service = CrawlService(db_path, options or CrawlOptions(), report)
    reactor = get_reactor()  # installed by the service (asyncio)

    result = CrawlResult()

    def first(signum: int) -> None:
        logger.warning("%s: finishing in-flight pages; a second signal stops at once",
                       signal.Signals(signum).name)  # fmt: skip
        service.stop("stopped")

    def second(signum: int) -> None:
        logger.warning("second signal: stopping now; open article pages recorded as interrupted")
        service.force()
        result.summaries.extend(r.summary for _, r in service.active.values() if r.summary)
        service.pool.kill()
        service.close()
        result.signal = stops.first or signum
        code = EXIT_SIGNAL.get(result.signal, 1) if closing is None else closing(result)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)

    stops = StopSignals(first, second)
    stops.install()  # before the crawls start: a stop meanwhile drains them once they run
    try:
        service.fail_dead_runs()
        done = defer.DeferredList([service.crawl(s) for s in sources], consumeErrors=True)

        def collect(outcomes: list[tuple[bool, Any]]) -> None:
            for ok, value in outcomes:
                if ok:
                    result.summaries.append(_fresh(service, value))
                else:  # a bug, not a page error: say it in one line, with the details in the log
                    logger.error("crawl failed: %s", value.getErrorMessage())
                    result.summaries.append({"source": "?", "status": "failed",
                                             "fatal": value.getErrorMessage()})  # fmt: skip

        done.addCallback(collect)
        done.addBoth(lambda _: reactor.callLater(0, _stop_reactor))
        if service.options.progress:
            service.progress.start()
        service.process.start(stop_after_crawl=False, install_signal_handlers=False)
    finally:
        service.close()
    result.signal = stops.first
    result.other_links = {sid: run.other_links for sid, run in service.last_runs.items()}
    return result


def _fresh(service: CrawlService, summary: dict) -> dict:
    """The run's row as it stands now: a later run may have re-rooted a story this one
    archived first, and then counts that article as the copy it turned out to be."""
    if summary.get("id") is None or summary.get("fatal") or summary["status"] == "skipped":
        return summary
    try:
        return service.archive.run(summary["id"])
    except Exception:  # the summary it had is still true enough to print
        return summary


def _stop_reactor() -> None:
    reactor = get_reactor()
    if reactor.running:
        reactor.stop()
