"""One crawl of one or more sources: a Scrapy process, a run row per source, a summary."""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from twisted.internet import defer

from archive import Archive, ArticleRecord, Batch, Capture, Outcome
from archive.store import utcnow
from crawler import settings as default_settings
from crawler.extract.pool import ExtractionPool
from crawler.locks import SourceBusy, SourceLock
from crawler.logcontext import log_context
from crawler.sources import Source

logger = logging.getLogger(__name__)
_COUNTS = ("pages", "articles_new", "articles_updated", "articles_unchanged", "articles_duplicate",
           "articles_skipped", "not_modified", "errors")  # fmt: skip
FLUSH_EVERY = 20  # pages between writes of the run's counters
# Archive writes are gathered and committed together: this many articles and 304s, or
# whatever is pending after this many seconds (a kill -9 loses at most that much work,
# and the next run fetches it again: nothing of it was marked archived).
BATCH_SIZE = 32
BATCH_SECONDS = 1.0
# Seconds between progress lines when not on a terminal.
PROGRESS_EVERY = float(os.environ.get("ARSHIF_PROGRESS_SECONDS", "10"))


@dataclass
class CrawlOptions:
    offline: bool = False
    recheck_days: float | None = None  # overrides each source's recheck_days
    lock_wait: float = 0.0
    log_level: str = "WARNING"


@dataclass
class RunContext:
    """What a spider and the pipeline share for one source's run."""

    archive: Archive
    source: Source
    run_id: int
    report: Callable[[str], None] = print
    recheck_override: float | None = None
    conditional_discovery: bool = False
    batch: Batch = field(default_factory=Batch)
    batch_since: float | None = None
    tally: dict[str, int] = field(default_factory=dict)
    fetched_ok: int = 0
    finished: bool = False
    fatal_error: str | None = None
    stop_crawl: Callable[[], Any] | None = None
    articles_waiting: Callable[[], int] = lambda: 0  # discovered, not yet handed to Scrapy
    pool: ExtractionPool | None = None  # shared by the sources of one crawl process
    last_progress: float = field(default_factory=time.monotonic)

    def _add(self, **counts: int) -> None:
        for name, n in counts.items():
            self.batch.counts[name] = self.batch.counts.get(name, 0) + n
            self.tally[name] = self.tally.get(name, 0) + n
        self._pending()
        self.progress()

    def page(self, size: int) -> None:
        self.fetched_ok += 1
        self._add(pages=1, bytes=size)

    def count_not_modified(self) -> None:
        self._add(not_modified=1)

    def count_skipped(self) -> None:
        self._add(articles_skipped=1)

    def recheck_days(self, source: Source) -> float:
        return source.recheck_days if self.recheck_override is None else self.recheck_override

    def not_modified(self, article_id: int) -> None:
        self.batch.not_modified.append((article_id, utcnow()))
        self.tally["not_modified"] = self.tally.get("not_modified", 0) + 1
        self._pending()

    def archive_article(self, record: ArticleRecord, capture: Capture) -> None:
        """Queue an extracted article for the next batch; reported once it is committed."""
        self.batch.articles.append((record, capture))
        self._pending()

    def _pending(self) -> None:
        if self.batch_since is None:
            self.batch_since = time.monotonic()
        batch = self.batch
        if (
            len(batch.articles) + len(batch.not_modified) >= BATCH_SIZE
            or batch.counts.get("pages", 0) >= FLUSH_EVERY
        ):
            self.flush()

    def flush_if_stale(self) -> None:
        """Called on a timer: a slow crawl commits what it has instead of holding it."""
        if self.batch_since is not None and time.monotonic() - self.batch_since >= BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        batch, self.batch, self.batch_since = self.batch, Batch(), None
        if not batch or self.fatal_error:
            return
        results = self.guard(self._write, batch)
        for (outcome, article_id), (record, _) in zip(results or [], batch.articles, strict=False):
            if outcome is not None:
                self.archived(outcome, article_id, record)

    def _write(self, batch: Batch) -> Sequence[tuple[Outcome | None, int]]:
        try:
            return self.archive.write_batch(self.run_id, batch)
        except sqlite3.Error:
            raise
        except Exception:
            # A bug tripped by one article must not cost the batch: write them one by one.
            logger.exception("a batch of archive writes failed; writing its parts one by one")
        self.archive.write_batch(self.run_id, Batch(not_modified=batch.not_modified,
                                                    counts=batch.counts))  # fmt: skip
        results: list[tuple[Outcome | None, int]] = []
        for record, capture in batch.articles:
            try:
                results.append(self.archive.archive(self.run_id, record, capture))
            except sqlite3.Error:
                raise
            except Exception as exc:
                results.append((None, 0))
                self.error(record.url, "archive_failed", f"{type(exc).__name__}: {exc}")
        return results

    def error(self, url: str | None, kind: str, message: str) -> None:
        self.tally["errors"] = self.tally.get("errors", 0) + 1
        if (
            self.guard(self.archive.record_error, self.run_id, url, kind, message, default=False)
            is False
        ):
            logger.error("%s %s: %s (not recorded: the archive refuses writes)", kind, url, message)

    def guard(self, call: Callable[..., Any], *args: Any, default: Any = None) -> Any:
        """An archive call from the crawl: a refused write (disk full, read-only) stops the
        crawl with a clear message instead of a traceback per page."""
        if self.fatal_error:
            return default
        try:
            return call(*args)
        except sqlite3.Error as exc:
            self.fatal(archive_refused(self.archive, exc))
            return default

    def fatal(self, message: str) -> None:
        """The archive refuses writes: stop the crawl, say why, keep what is there intact."""
        if self.fatal_error is None:
            logger.error("%s", message)
            self.fatal_error = message
            if self.stop_crawl:
                self.stop_crawl()

    def archived(self, outcome: Outcome, article_id: int, record: ArticleRecord) -> None:
        self.tally[outcome.value] = self.tally.get(outcome.value, 0) + 1
        if outcome in (Outcome.NEW, Outcome.DUPLICATE, Outcome.UPDATED):
            self.report(
                f"  {outcome.value:<9} #{article_id} {unquote(record.url)}  {record.title or ''}"
            )
        self.progress()

    def progress(self, force: bool = False) -> None:
        """Live counts: one rewritten line on a terminal, a plain line now and then elsewhere."""
        now = time.monotonic()
        tty = sys.stderr.isatty()
        if not force and now - self.last_progress < (0.5 if tty else PROGRESS_EVERY):
            return
        self.last_progress = now
        t = self.tally
        line = (
            f"{self.source.id}: pages {t.get('pages', 0)}, new {t.get('new', 0)}, "
            f"updated {t.get('updated', 0)}, duplicate {t.get('duplicate', 0)}, "
            f"not modified {t.get('not_modified', 0)}, errors {t.get('errors', 0)}"
        )
        if waiting := self.articles_waiting():
            line += f", waiting {waiting}"
        sys.stderr.write(f"\r{line}\x1b[K" if tty else f"progress {line}\n")
        sys.stderr.flush()

    def finish(self, reason: str) -> dict:
        if sys.stderr.isatty():
            sys.stderr.write("\r\x1b[K")
        self.finished = True
        try:
            return self._finish(reason)
        except sqlite3.Error as exc:
            self.fatal(archive_refused(self.archive, exc))
            return stopped_summary(self.run_id, self.source.id, self.fatal_error or "")

    def _finish(self, reason: str) -> dict:
        self.flush()
        if not self.fatal_error:
            self.archive.settle()  # a disk that filled behind the writer's back shows here
        run = self.archive.run(self.run_id)
        if self.fatal_error:
            # Writes were refused (maybe only the last batch): what this run fetched is not
            # all archived, so it must not count as clean (the next run would trust its 304s).
            status, reason = "failed", "archive_error"
        elif reason != "finished":
            status = "partial"  # stopped early: time limit, signal, page budget
        elif self.fetched_ok == 0:
            status = "failed"  # nothing could be fetched
        elif run["errors"]:
            status = "partial"
        else:
            status = "ok"
        self.archive.finish_run(self.run_id, status, reason)
        summary = self.archive.run(self.run_id)
        if self.fatal_error:
            summary["fatal"] = self.fatal_error
        return summary


def archive_refused(archive: Archive, exc: Exception) -> str:
    return f"cannot write to the archive {archive.path}: {exc}"


def stopped_summary(run_id: int | None, source: str, message: str) -> dict:
    """The summary of a run the archive refused to record: failed, with the reason."""
    return {"id": run_id, "source": source, "status": "failed", "fatal": message,
            **dict.fromkeys(_COUNTS, 0)}  # fmt: skip


def live_pids(archive: Archive) -> set[int]:
    """Processes that own runs marked running and are still alive."""
    alive = set()
    for (pid,) in archive.db.execute("SELECT DISTINCT pid FROM runs WHERE status = 'running'"):
        try:
            os.kill(pid, 0)
        except (ProcessLookupError, TypeError):
            continue
        except PermissionError:
            pass  # alive, owned by another user
        alive.add(pid)
    return alive


def scrapy_settings(offline_address: str | None = None, log_level: str = "WARNING") -> Settings:
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    settings.set("LOG_LEVEL", log_level)
    settings.set("LOG_FORMAT", "%(asctime)s [%(arshif)s] %(name)s %(levelname)s: %(message)s")
    if offline_address:
        handler = "crawler.offline.OfflineDownloadHandler"
        settings.set("DOWNLOAD_HANDLERS", {"http": handler, "https": handler})
        settings.set("ARSHIF_OFFLINE_ADDRESS", offline_address)
    return settings


def crawl(
    sources: list[Source],
    db_path: str | Path,
    options: CrawlOptions | None = None,
    report: Callable[[str], None] = print,
) -> list[dict]:
    """Crawl the sources one after another (file order: first seen is first archived).
    A source another process is crawling is skipped with a message (or waited for)."""
    options = options or CrawlOptions()
    with ExitStack() as stack:
        address = None
        if options.offline:
            from crawler.offline import ADDRESS_ENV, FixtureServer

            address = os.environ.get(ADDRESS_ENV) or stack.enter_context(FixtureServer()).address
        archive = Archive(db_path, bulk_writer=True)
        stack.callback(archive.close)
        pool = ExtractionPool()
        stack.callback(pool.close)
        for run_id in archive.fail_orphan_runs(alive=live_pids(archive)):
            report(f"run {run_id} was left running by a process that died: marked failed")
        process = CrawlerProcess(scrapy_settings(address, options.log_level))
        summaries: list[dict] = []
        contexts: list[RunContext] = []

        @defer.inlineCallbacks
        def run_all() -> Any:
            for source in sources:
                if any(c.fatal_error for c in contexts):
                    break  # the archive refuses writes: no point in crawling on
                lock = SourceLock(db_path, source.id)
                try:
                    lock.acquire(wait=options.lock_wait)
                except SourceBusy as exc:
                    summaries.append(
                        {"source": source.id, "status": "skipped", "message": str(exc)}
                    )
                    continue
                try:
                    summaries.append(
                        (
                            yield _crawl_one(
                                process, archive, source, options, report, contexts, pool
                            )
                        )
                    )
                finally:
                    lock.release()

        errors: list[Any] = []
        done = run_all()
        done.addErrback(errors.append)
        if done.called and not errors:  # every source was busy: no reactor to run
            return summaries
        done.addBoth(lambda _: _stop_reactor())
        process.start(stop_after_crawl=False)
        # A forced stop (second signal) ends the reactor mid-crawl: close the run honestly.
        for context in contexts:
            if not context.finished:
                summaries.append(context.finish("forced_shutdown"))
        if errors:
            errors[0].raiseException()  # a bug, not a page error: let it be seen
        return summaries


@defer.inlineCallbacks
def _crawl_one(
    process: CrawlerProcess,
    archive: Archive,
    source: Source,
    options: CrawlOptions,
    report: Callable,
    contexts: list[RunContext],
    pool: ExtractionPool,
) -> Any:
    from crawler.spiders import spider_for

    previous = archive.db.execute(
        "SELECT status FROM runs WHERE source = ? AND status != 'running' ORDER BY id DESC LIMIT 1",
        [source.id],
    ).fetchone()
    try:
        run_id = archive.start_run(source.id, os.getpid())
    except sqlite3.Error as exc:
        return stopped_summary(None, source.id, archive_refused(archive, exc))
    log_context.set(source.id, run_id)
    # Validators for feeds and listings only after a clean run: after errors, read them in
    # full so that articles that failed last time are found again.
    context = RunContext(
        archive, source, run_id, report, options.recheck_days,
        conditional_discovery=bool(previous and previous[0] == "ok"), pool=pool,
    )  # fmt: skip
    contexts.append(context)
    report(f"{source.id}: run {run_id} started")
    crawler = process.create_crawler(spider_for(source))
    closed: dict[str, str] = {}

    def on_closed(spider: Any, reason: str) -> None:
        closed["reason"] = reason

    crawler.signals.connect(on_closed, signal=signals.spider_closed)
    try:
        yield process.crawl(crawler, source=source, run=context)
    except Exception as exc:  # a crash of one source's crawl must not lose the others
        context.error(None, "crawl_crashed", repr(exc))
    summary = context.finish(closed.get("reason", "finished"))
    report(summary_line(summary))
    log_context.clear()
    return summary


def summary_line(run: dict) -> str:
    if run.get("fatal"):
        return f"{run['source']}: run {run['id']} stopped — {run['fatal']}"
    return (
        f"{run['source']}: run {run['id']} {run['status']} — pages {run['pages']}, "
        f"new {run['articles_new']}, updated {run['articles_updated']}, "
        f"unchanged {run['articles_unchanged']}, duplicate {run['articles_duplicate']}, "
        f"not modified {run['not_modified']}, skipped {run['articles_skipped']}, "
        f"errors {run['errors']} {run['errors_by_kind'] if run['errors'] else ''}".rstrip()
    )


def _stop_reactor() -> None:
    from twisted.internet import reactor

    if reactor.running:  # type: ignore[attr-defined]
        reactor.stop()  # type: ignore[attr-defined]
