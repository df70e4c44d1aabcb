"""One crawl process, many sources: one reactor, one extraction pool, one archive writer.

Each source gets its own Scrapy crawler (so politeness stays per source and host), its own run
row, lock and summary line; up to ARSHIF_MAX_SOURCES crawl side by side. `arshif crawl` runs
the sources it is given and exits; `arshif schedule` keeps one service for its whole life and
starts due crawls in it. A stop drains: no new request, in-flight downloads and extractions
finish and are written, the run is recorded partial with why it stopped."""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Generator
from contextlib import ExitStack, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import defer, task
from twisted.python.failure import Failure

from archive import Archive
from archive.chrome import chrome_profile
from crawler import settings as default_settings
from crawler.crawlrun import CrawlRun, release_claims
from crawler.downloader import PoliteDownloader
from crawler.extract.pool import pool_from_settings
from crawler.locks import SourceBusy, SourceLock
from crawler.logcontext import (
    LOG_DATE_FORMAT,
    LOG_FORMAT,
    log_context,
    log_in_utc,
    quiet_libraries,
    setup_logging,
)
from crawler.output import say, write
from crawler.reactor import DelayedCall, get_reactor
from crawler.slots import Slots
from crawler.sources import Source

logger = logging.getLogger("arshif.crawl")
_COUNTS = ("pages", "articles_new", "articles_updated", "articles_unchanged", "articles_duplicate",
           "articles_skipped", "not_modified", "errors")  # fmt: skip


@dataclass
class CrawlOptions:
    offline: bool = False
    recheck_days: float | None = None  # overrides each source's recheck_days
    lock_wait: float = 0.0  # seconds to wait for a source another process is crawling
    log_level: str = "WARNING"
    time_limit: float | None = None  # per run: then it drains and is recorded partial
    grace: float = 30.0  # after a stop or a time limit, how long in-flight work gets
    item_limit: int | None = None  # stop each run after this many articles (arshif try)
    seed_articles: tuple[str, ...] = ()  # article URLs fetched whatever discovery finds
    progress: bool = True  # live counts on stderr


def scrapy_settings(offline_address: str | None = None, log_level: str = "WARNING") -> Settings:
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    settings.set("LOG_LEVEL", log_level)
    settings.set("LOG_FORMAT", LOG_FORMAT)
    settings.set("LOG_DATEFORMAT", LOG_DATE_FORMAT)
    log_in_utc()
    if offline_address:
        handler = "crawler.offline.OfflineDownloadHandler"
        settings.set("DOWNLOAD_HANDLERS", {"http": handler, "https": handler})
        settings.set("ARSHIF_OFFLINE_ADDRESS", offline_address)
    return settings


class CrawlService:
    def __init__(
        self, db_path: str | Path, options: CrawlOptions, report: Callable[[str], None] = say,
        install_logging: bool = True,
    ) -> None:  # fmt: skip
        self.db_path = db_path
        self.options = options
        self.report = report
        self.stack = ExitStack()
        _allow_open_files()
        address = None
        if options.offline:
            from crawler.offline import ADDRESS_ENV, FixtureServer

            address = (
                os.environ.get(ADDRESS_ENV) or self.stack.enter_context(FixtureServer()).address
            )
        self.settings = scrapy_settings(address, options.log_level)
        _install_reactor(self.settings["TWISTED_REACTOR"])
        self.archive = Archive(db_path, bulk_writer=True)
        self.stack.callback(self.archive.close)
        self.pool = pool_from_settings(self.settings)
        self.stack.callback(self.pool.close)
        # arshif's own handler (crawler.logcontext), never Scrapy's: one format, levels kept.
        self.settings.set("LOG_INSTALL_ROOT_HANDLER", False)
        quiet_libraries(options.log_level)  # before Scrapy's banner, logged as it starts
        self.process = _Process(self.settings)
        quiet_libraries(options.log_level)  # Scrapy's logging setup raised them again
        if install_logging:
            setup_logging(None, options.log_level)
        self.slots = Slots(self.settings.getint("ARSHIF_MAX_SOURCES"))
        self.active: dict[str, tuple[Crawler, CrawlRun]] = {}
        self.last_runs: dict[str, CrawlRun] = {}  # each source's latest closed run
        self.claims: dict[str, str] = {}  # new articles claimed by the runs (CrawlRun.claims)
        self.stopping = False
        self.progress = Progress(self, self.settings.getfloat("ARSHIF_PROGRESS_SECONDS"))

    # -- one source ---------------------------------------------------------

    @defer.inlineCallbacks
    def crawl(self, source: Source, time_limit: float | None = None) -> Generator[Any, Any, dict]:
        """One run of one source, when its lock and a slot are free; fires with its summary."""
        lock = SourceLock(self.db_path, source.id)
        busy = yield self._lock(lock)
        if busy:
            return {"source": source.id, "status": "skipped", "message": busy}
        try:
            self._fail_unlocked(source)
            # A suspect: in a quarantine group, which holds every slot while it runs (FIFO:
            # those asked for before it run first, those asked for after it wait for it).
            slot = yield self.slots.take(self._quarantine_size(source))
            try:
                if self.stopping:
                    return {"source": source.id, "status": "skipped", "message": "stopping"}
                self._warm_for(source)
                limit = time_limit or self.options.time_limit
                summary = yield self._run(source, limit, slot.group)
            finally:
                slot.release()
        finally:
            lock.release()
        return summary

    def _warm_for(self, source: Source) -> None:
        """A source's first crawl extracts from its first article pages: the workers start
        (their imports, a second or so of a core) beside its discovery, not after it. A later
        crawl starts them when a new article turns up (most re-crawls find none)."""
        try:
            first = self.archive.last_finished(source.id) is None
        except sqlite3.Error:
            return  # the run cannot start either: _run says why
        if first:
            self.pool.warm()

    def _fail_unlocked(self, source: Source) -> None:
        """Runs of the source left marked running, now that its lock is ours: their process
        is gone, even one this process cannot see (another container's)."""
        try:
            orphans = self.archive.fail_unlocked_runs(source.id)
        except sqlite3.Error:
            return  # the run cannot start either: _run says why
        for run_id in orphans:
            self.report(f"{source.id}: run {run_id} was left running by a process that died:"
                        " marked failed")  # fmt: skip

    def _quarantine_size(self, source: Source) -> int:
        try:
            size = self.archive.quarantine_size(source.id)
        except sqlite3.Error:
            return 0  # the run cannot start either: _run says why
        if size:
            how = ("crawled alone, no other source beside it" if size == 1 else
                   f"crawled in quarantine, beside at most {size - 1} other suspect(s) and"
                   " no other source")  # fmt: skip
            logger.warning("%s: its last crawls died with the crawl process: %s", source.id,
                           how, extra={"arshif_source": source.id})  # fmt: skip
        return size

    @defer.inlineCallbacks
    def _lock(self, lock: SourceLock) -> Generator[Any, Any, str | None]:
        """Take the source's lock without blocking the reactor; the reason if it stays busy."""
        from twisted.internet import reactor

        deadline = time.monotonic() + self.options.lock_wait
        while True:
            try:
                lock.acquire()
                return None
            except SourceBusy as exc:
                if time.monotonic() >= deadline or self.stopping:
                    return str(exc)
            yield task.deferLater(reactor, 0.2, lambda: None)

    @defer.inlineCallbacks
    def _run(
        self, source: Source, time_limit: float | None, group: int = 0
    ) -> Generator[Any, Any, dict]:
        try:
            # Validators for feeds and listings only after a completed run: after a cut-short
            # one, read them in full so that articles not reached last time are found again.
            conditional = self.archive.last_status(source.id) == "ok"
            chrome = chrome_profile(self.archive, source.id)
            run_id = self.archive.start_run(source.id, os.getpid(), alone=group)
        except sqlite3.Error as exc:
            message = f"cannot write to the archive {self.archive.path}: {exc}"
            return {"id": None, "source": source.id, "status": "failed", "fatal": message,
                    **dict.fromkeys(_COUNTS, 0)}  # fmt: skip
        say = self._reporter(source.id, run_id)
        run = CrawlRun(source, run_id, self.archive, self.pool, conditional,
                       self.options.recheck_days, say, chrome=chrome,
                       seed_articles=self.options.seed_articles, claims=self.claims)  # fmt: skip
        try:
            crawler = self._crawler_for(source)
        except Exception as exc:  # the run row exists: it must not stay 'running'
            logger.error("crawl could not start: %r", exc, extra={"arshif_run": run})
            self.archive.finish_run(run_id, "failed", "crashed")
            return self.archive.run(run_id)
        crawler._arshif_run = run  # type: ignore[attr-defined]  # read by crawlrun.run_of
        self.active[source.id] = (crawler, run)
        say(f"{source.id}: run {run_id} started")
        limit: DelayedCall | None = None
        if time_limit:
            limit = get_reactor().callLater(time_limit, self.stop_one, source.id, "time_limit")
        crawling = self.process.crawl(crawler, source=source)
        crawling.addBoth(self._crawl_ended, run)
        # The run is done when its recorder closed it: at the end of Scrapy's crawl, or at a
        # forced stop while a hung download still keeps Scrapy's crawl open.
        summary = yield run.closed
        release_claims(run)
        if limit is not None and limit.active():
            limit.cancel()
        if self.active.get(source.id, (None, run))[1] is run:
            self.active.pop(source.id, None)
        self.last_runs[source.id] = run
        self.progress.final(run, crawler)
        say(summary_line(summary))
        return summary

    def _crawler_for(self, source: Source) -> Crawler:
        from crawler.spiders import spider_for

        spidercls = spider_for(source)
        if self.options.item_limit:
            spidercls.custom_settings = {
                **(spidercls.custom_settings or {}),
                "CLOSESPIDER_ITEMCOUNT": self.options.item_limit,
            }
        return self.process.create_crawler(spidercls)

    def _reporter(self, source_id: str, run_id: int) -> Callable[[str], None]:
        """The run's lines: the live progress line wiped first, the run named in the log."""

        def say(line: str) -> None:
            self.progress.clear()
            log_context.set(source_id, run_id)
            try:
                self.report(line)
            finally:
                log_context.clear()

        return say

    def _crawl_ended(self, outcome: Any, run: CrawlRun) -> None:
        if isinstance(outcome, Failure):  # a crash of one source's crawl must not stop others
            logger.error("crawl crashed: %s", outcome.getErrorMessage(), extra={"arshif_run": run})
            if run.recorder is not None:
                run.recorder.page_error(None, "crawl_crashed", outcome.getErrorMessage())
        if run.recorder is not None:
            run.recorder.close("crashed")  # a no-op when it closed already
        elif not run.closed.called:
            self.archive.finish_run(run.run_id, "failed", "crashed")
            run.closed.callback(self.archive.run(run.run_id))

    # -- stopping -----------------------------------------------------------

    def stop_one(self, source_id: str, reason: str) -> None:
        """Drain one crawl: no new requests; what is in flight finishes and is written. After
        the grace period, whatever is still open is recorded as interrupted."""
        entry = self.active.get(source_id)
        if entry is None:
            return
        crawler, run = entry
        if run.stop_reason is None:  # asked once (a time limit, then a signal)
            logger.warning("stopping (%s): in-flight pages get %.0fs", reason,
                           self.options.grace, extra={"arshif_run": run})  # fmt: skip
            run.stop_reason = reason
            get_reactor().callLater(self.options.grace, self._interrupt, run)
        self._close_crawl(crawler, run, reason)

    def _close_crawl(self, crawler: Crawler, run: CrawlRun, reason: str) -> None:
        try:
            engine = crawler.engine
        except RuntimeError:  # Scrapy is still starting this crawl: ask again in a moment
            engine = None
        if engine is None or engine.spider is None:
            if not run.closed.called:  # ask again until the crawl is up, or its run closed
                get_reactor().callLater(0.1, self._close_crawl, crawler, run, reason)
            return
        if isinstance(engine.downloader, PoliteDownloader):
            engine.downloader.stop_sending(reason)
        deferred_from_coro(engine.close_spider_async(reason=reason))

    def stop(self, reason: str = "stopped") -> None:
        """Drain every running crawl and start no new one."""
        self.stopping = True
        for source_id in list(self.active):
            self.stop_one(source_id, reason)

    def force(self) -> None:
        """Stop now: write what is extracted, record every open article page as interrupted
        (the runs' stop reason: forced, even after a first signal asked them to drain)."""
        self.stopping = True
        for _, run in list(self.active.values()):
            run.stop_reason = "forced"
            self._interrupt(run)

    @staticmethod
    def _interrupt(run: CrawlRun) -> None:
        if run.recorder is not None and run.summary is None:
            run.recorder.interrupt()

    def busy(self) -> bool:
        """Some run is still open (a closed run's crawler may still be winding down)."""
        return any(run.summary is None for _, run in self.active.values())

    def fail_dead_runs(self) -> None:
        """At start: runs left running by a dead process are failed; so are those of another
        container's process (whose pid means nothing here) when their source's lock is free:
        the lock dies with its holder, so no one crawls that source."""
        dead = self.archive.fail_dead_runs()
        for source in self.archive.sources_running_elsewhere():
            lock = SourceLock(self.db_path, source)
            try:
                lock.acquire()
            except (SourceBusy, OSError):
                continue
            try:
                dead += self.archive.fail_unlocked_runs(source)
            finally:
                lock.release()
        for run_id in dead:
            source = self.archive.run(run_id)["source"]
            self.report(
                f"{source}: run {run_id} was left running by a process that died: marked failed"
            )

    def close(self) -> None:
        self.progress.stop()
        self.stack.close()


class _Process(CrawlerProcess):
    def _stop_dfd(self) -> defer.Deferred:
        """CrawlerProcess makes reactor shutdown wait until every crawler has stopped, a hung
        download included; the service drains and closes its runs itself before it stops
        the reactor, so shutdown need not wait."""
        return defer.succeed(None)


class Progress:
    """Live counts on stderr: one rewritten line on a terminal, a plain line per running source
    now and then elsewhere."""

    def __init__(self, service: CrawlService, every: float) -> None:
        self.service = service
        self.tty = sys.stderr.isatty()
        self.loop = task.LoopingCall(self.show)
        self.every = 0.5 if self.tty else max(every, 0.05)
        self.shown = False

    def start(self) -> None:
        self.loop.start(self.every, now=False)

    def stop(self) -> None:
        if self.loop.running:
            self.loop.stop()
        self.clear()

    def clear(self) -> None:
        """Wipe the rewritten line before anything else is printed."""
        if self.tty and self.shown:
            write("\r\x1b[K", err=True)
            self.shown = False

    def final(self, run: CrawlRun, crawler: Crawler) -> None:
        """The run's last counts, when progress is shown as plain lines."""
        self.clear()
        if not self.tty and run.recorder is not None and self.service.options.progress:
            write(f"progress {self.line(run, crawler)}\n", err=True)

    def show(self) -> None:
        lines = [self.line(run, crawler) for crawler, run in self.service.active.values()
                 if run.recorder is not None]  # fmt: skip
        if not lines:
            return
        if self.tty:
            write("\r" + " | ".join(lines)[: _width()] + "\x1b[K", err=True)
            self.shown = True
        else:
            write("".join(f"progress {line}\n" for line in lines), err=True)

    @staticmethod
    def line(run: CrawlRun, crawler: Crawler) -> str:
        from crawler.spiders import NewsSpider  # imported where the crawls start (in _run)

        c = run.recorder.counts()
        text = (
            f"{run.source.id}: pages {c['pages']}, new {c['articles_new']}, "
            f"updated {c['articles_updated']}, duplicate {c['articles_duplicate']}, "
            f"not modified {c['not_modified']}, errors {c['errors']}"
        )
        spider = crawler.spider
        waiting = spider.frontier.backlog() if isinstance(spider, NewsSpider) else 0
        return text + (f", waiting {waiting}" if waiting else "")


def _allow_open_files() -> None:
    """As many open files as the system lets this process have (the soft limit raised to
    the hard one): each source waiting for a slot holds its lock file open, and a service
    manager's soft limit of 1,024 is not many sources and their connections."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        with suppress(ValueError, OSError):  # a system that does not allow it: as it was
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def _install_reactor(name: str) -> None:
    """Before anything here touches twisted.internet.reactor (Scrapy would install it only
    with the first crawler): the pipeline awaits asyncio futures."""
    import sys as _sys

    from scrapy.utils.reactor import install_reactor

    if "twisted.internet.reactor" not in _sys.modules:
        install_reactor(name)


def _width() -> int:
    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns - 1
    except OSError:
        return 200


def summary_line(run: dict) -> str:
    if run.get("fatal"):
        return f"{run['source']}: run {run['id']} stopped — {run['fatal']}"
    by_kind = run.get("errors_by_kind") if run.get("errors") else ""
    reason = run.get("stop_reason")
    why = f" ({reason})" if reason and run["status"] != "ok" else ""
    gone = f"taken down {run['articles_gone']}, " if run.get("articles_gone") else ""
    left = f"left {run['articles_left']}, " if run.get("articles_left") else ""
    return (
        f"{run['source']}: run {run['id']} {run['status']}{why} — pages {run['pages']}, "
        f"new {run['articles_new']}, updated {run['articles_updated']}, "
        f"unchanged {run['articles_unchanged']}, duplicate {run['articles_duplicate']}, "
        f"not modified {run['not_modified']}, skipped {run['articles_skipped']}, {gone}{left}"
        f"errors {run['errors']} {by_kind or ''}".rstrip()
    )
