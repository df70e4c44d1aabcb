"""One source's run as the crawl service hands it to Scrapy: what the components need to know
and the handles they may use. The service sets it on the crawler before the crawl starts (not
in its settings: Scrapy deep-copies settings, and a run holds a database connection);
components read it in from_crawler with run_of()."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from twisted.internet.defer import Deferred

from archive import Archive
from crawler.extract.pool import ExtractionPool
from crawler.output import say
from crawler.sources import Source

# Why a run walks its sections whole (CrawlRun.full_walk).
FIRST_CRAWL = "first_crawl"  # counts as the source's first full walk however it ends
WALK_DUE = "walk_due"  # the last one is older than the source's full_walk_after
CATCHING_UP = "catching_up"  # the last crawl was cut short by the crawler itself


@dataclass
class CrawlRun:
    source: Source
    run_id: int
    archive: Archive  # the process's one writer: reads of crawl state, writes by the recorder
    pool: ExtractionPool
    conditional_discovery: bool = False  # validators on feeds/listings after a completed run
    recheck_days: float | None = None  # overrides the source's recheck_days
    report: Callable[[str], None] = say
    chrome: frozenset[str] = frozenset()  # the source's learned chrome, as at the run's start
    seed_articles: tuple[str, ...] = ()  # article URLs to fetch besides discovery's
    # Same-site links that were neither articles nor followed: a sample for `arshif try`.
    other_links: list[str] = field(default_factory=list)
    # Set by the recorder when the run is closed: its row as a dict (plus "fatal" on failure).
    summary: dict[str, Any] | None = None
    recorder: Any = field(default=None, repr=False)  # crawler.recorder.RunRecorder, once open
    stop_reason: str | None = None  # why the service asked it to stop (stopped, time_limit)
    # Why the spider walks every section to its end this run, past pages of known articles
    # (FIRST_CRAWL, WALK_DUE, CATCHING_UP); "" when a section stops at them.
    full_walk: str = ""
    # New articles claimed by the crawl process's runs (article key -> source id), shared by
    # the runs crawling side by side: an article two sources find is downloaded once, by the
    # one that found it first (and archived under it, as it would be anyway).
    claims: dict[str, str] = field(default_factory=dict, repr=False)
    # Fires with the summary when the run is closed and recorded.
    closed: Deferred = field(default_factory=Deferred, repr=False)

    @property
    def label(self) -> str:
        return f"{self.source.id} run={self.run_id}"

    def read(self, call: Callable[..., Any], *args: Any, default: Any = None) -> Any:
        """A read of crawl state: an archive that fails stops this run (through the
        recorder) instead of failing every page."""
        try:
            return call(*args)
        except sqlite3.Error as exc:
            if self.recorder is not None:
                self.recorder.fatal(exc)
            return default


def run_of(crawler: Any) -> CrawlRun | None:
    """The run this crawler works for: set by the crawl service, or, under a plain
    `scrapy crawl <source>`, one opened here on ARSHIF_DB (closed when the spider closes)."""
    run = getattr(crawler, "_arshif_run", None)
    if run is None and getattr(crawler.spidercls, "bound_source", None) is not None:
        run = _standalone(crawler)
    return run


def _standalone(crawler: Any) -> CrawlRun:
    import os

    from scrapy import signals

    from crawler.extract.pool import pool_from_settings

    source = crawler.spidercls.bound_source
    archive = Archive(crawler.settings.get("ARSHIF_DB", "archive.db"), bulk_writer=True)
    pool = pool_from_settings(crawler.settings)
    run = CrawlRun(source, archive.start_run(source.id, os.getpid()), archive, pool)
    crawler._arshif_run = run

    def closed() -> None:
        pool.close()
        archive.close()

    # Connected after the recorder's handler: it runs once the run is recorded.
    crawler.signals.connect(closed, signal=signals.engine_stopped, weak=False)
    return run


def claimed_elsewhere(run: CrawlRun, key: str) -> bool:
    """Is this new article claimed by another source's run in this process? Claims it for
    this run's source otherwise."""
    return run.claims.setdefault(key, run.source.id) != run.source.id


def release_claims(run: CrawlRun) -> None:
    """A closed run's claims: another source may fetch what this one did not archive."""
    for key in [k for k, owner in run.claims.items() if owner == run.source.id]:
        del run.claims[key]
