"""One crawl of one or more sources: a Scrapy process, a run row per source, a summary."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from twisted.internet import defer

from archive import Archive, ArticleRecord, Outcome
from crawler import settings as default_settings
from crawler.sources import Source
from crawler.spiders import spider_for

logger = logging.getLogger(__name__)
FLUSH_EVERY = 20


@dataclass
class RunContext:
    """What a spider and the pipeline share for one source's run."""

    archive: Archive
    source: Source
    run_id: int
    report: Callable[[str], None] = print
    pending: dict[str, int] = field(default_factory=lambda: {"pages": 0, "bytes": 0})
    fetched_ok: int = 0

    def page(self, size: int) -> None:
        self.pending["pages"] += 1
        self.pending["bytes"] += size
        self.fetched_ok += 1
        if self.pending["pages"] >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        if any(self.pending.values()):
            with self.archive.db.atomic():
                self.archive.add_counts(self.run_id, **self.pending)
            self.pending = {"pages": 0, "bytes": 0}

    def error(self, url: str | None, kind: str, message: str) -> None:
        self.archive.record_error(self.run_id, url, kind, message)

    def archived(self, outcome: Outcome, article_id: int, record: ArticleRecord) -> None:
        if outcome in (Outcome.NEW, Outcome.DUPLICATE, Outcome.UPDATED):
            self.report(
                f"  {outcome.value:<9} #{article_id} {unquote(record.url)}  {record.title or ''}"
            )

    def finish(self, reason: str) -> dict:
        self.flush()
        run = self.archive.run(self.run_id)
        if self.fetched_ok == 0 and run["errors"]:
            status = "failed"
        elif reason != "finished" or run["errors"]:
            status = "partial"
        else:
            status = "ok"
        self.archive.finish_run(self.run_id, status, reason)
        return self.archive.run(self.run_id)


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
    if offline_address:
        handler = "crawler.offline.OfflineDownloadHandler"
        settings.set("DOWNLOAD_HANDLERS", {"http": handler, "https": handler})
        settings.set("ARSHIF_OFFLINE_ADDRESS", offline_address)
    return settings


def crawl(
    sources: list[Source],
    db_path: str | Path,
    offline: bool = False,
    report: Callable[[str], None] = print,
    log_level: str = "WARNING",
) -> list[dict]:
    """Crawl the sources one after another (file order: first seen is first archived)."""
    with ExitStack() as stack:
        address = None
        if offline:
            from crawler.offline import ADDRESS_ENV, FixtureServer

            address = os.environ.get(ADDRESS_ENV) or stack.enter_context(FixtureServer()).address
        archive = Archive(db_path)
        stack.callback(archive.close)
        for run_id in archive.fail_orphan_runs(alive=live_pids(archive)):
            report(f"run {run_id} was left running by a process that died: marked failed")
        process = CrawlerProcess(scrapy_settings(address, log_level))
        summaries: list[dict] = []

        @defer.inlineCallbacks
        def run_all() -> Any:
            for source in sources:
                summaries.append((yield _crawl_one(process, archive, source, report)))

        done = run_all()
        done.addErrback(lambda f: (logger.error("crawl failed: %s", f.getTraceback()), f)[1])
        done.addBoth(lambda _: _stop_reactor())
        process.start(stop_after_crawl=False)
        return summaries


@defer.inlineCallbacks
def _crawl_one(process: CrawlerProcess, archive: Archive, source: Source, report: Callable) -> Any:
    run_id = archive.start_run(source.id, os.getpid())
    context = RunContext(archive, source, run_id, report)
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
    report(_summary_line(summary))
    return summary


def _summary_line(run: dict) -> str:
    return (
        f"{run['source']}: run {run['id']} {run['status']} — pages {run['pages']}, "
        f"new {run['articles_new']}, updated {run['articles_updated']}, "
        f"unchanged {run['articles_unchanged']}, duplicate {run['articles_duplicate']}, "
        f"errors {run['errors']} {run['errors_by_kind'] if run['errors'] else ''}".rstrip()
    )


def _stop_reactor() -> None:
    from twisted.internet import reactor

    if reactor.running:  # type: ignore[attr-defined]
        reactor.stop()  # type: ignore[attr-defined]
