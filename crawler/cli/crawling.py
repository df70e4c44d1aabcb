"""`arshif crawl` and `arshif schedule`: the commands that fetch."""

from __future__ import annotations

import functools
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from archive import Archive
from crawler.cli.common import (
    DB_OPTION,
    LOG_LEVEL,
    OFFLINE_OPTION,
    SOURCES_OPTION,
    Number,
    fail,
    not_empty,
    sources_file,
)
from crawler.output import say
from crawler.sources import (
    MAX_DAYS,
    Source,
    SourcesError,
    load_sources,
    select,
    warnings_about,
)

# A time in seconds, up to the hundred years a source may name (longer overflows a timer).
SECONDS = Number(min=0, max=MAX_DAYS * 86400)

if TYPE_CHECKING:
    from crawler.runner import CrawlResult


@click.command()
@click.argument("source_ids", nargs=-1, metavar="[SOURCE ...]")
@SOURCES_OPTION
@DB_OPTION
@OFFLINE_OPTION
@click.option(
    "--recheck-days", type=Number(min=0), default=None,
    help="Re-check archived articles published within this many days"
    " (default: each source's recheck_days).",
)  # fmt: skip
@click.option(
    "--wait", "lock_wait", type=Number(min=0), default=0.0, show_default=True,
    help="Seconds to wait for a source another process is crawling (0: skip it at once).",
)  # fmt: skip
@click.option("--log-level", default="WARNING", show_default=True, type=LOG_LEVEL,
              help="Log level (Scrapy's own INFO lines only at DEBUG).")  # fmt: skip
def crawl(
    source_ids: tuple[str, ...],
    sources_path: str | None,
    db_path: str,
    offline: bool,
    recheck_days: float | None,
    lock_wait: float,
    log_level: str,
) -> None:
    """Crawl the sources once, then exit.

    Example: arshif crawl --offline && arshif runs
    """
    import crawler.settings  # noqa: F401  (the environment's ARSHIF_* checked before anything)

    try:
        sources = select(load_sources(sources_file(sources_path, offline)), list(source_ids))
        Archive(db_path).close()  # a bad archive path fails here, before any fetching
    except SourcesError as exc:
        fail(str(exc))
    warn_about(sources)
    from crawler.runner import crawl as run_crawl
    from crawler.service import CrawlOptions

    options = CrawlOptions(offline, recheck_days, lock_wait, log_level)
    said = functools.partial(crawl_exit_code, db_path=db_path)  # (a forced stop's too)
    sys.exit(said(run_crawl(sources, db_path, options, closing=said)))


def warn_about(sources: list[Source]) -> None:
    for line in warnings_about(sources):
        say(f"arshif: warning: {line}", err=True)


def crawl_exit_code(result: CrawlResult, db_path: str) -> int:
    """0 every run completed; 1 a run failed; 3 every source busy; 130/143 after a signal."""
    from crawler.runner import EXIT_SIGNAL

    summaries = result.summaries
    skipped = [s for s in summaries if s["status"] == "skipped"]
    for busy in skipped:
        say(f"arshif: {busy['source']}: {busy['message']}", err=True)
    done = [s for s in summaries if s["status"] != "skipped"]
    if not done and skipped and result.signal is None:
        if len(skipped) > 1:
            say("arshif: nothing crawled: every source was busy in another process", err=True)
        return 3  # one line per busy source, and no "archived 0" line on stdout
    say(closing_line(done, db_path))
    for fatal in dict.fromkeys(s["fatal"] for s in done if s.get("fatal")):
        say(f"arshif: error: {fatal}", err=True)
    failed = [s["source"] for s in done if s.get("status") == "failed"]
    if failed:
        say(f"arshif: failed: {', '.join(failed)} (see arshif runs)", err=True)
    if result.signal is not None:
        say(f"arshif: stopped ({signal.Signals(result.signal).name})", err=True)
        return EXIT_SIGNAL.get(result.signal, 1)
    if failed:
        return 1
    return 0


@click.command()
@SOURCES_OPTION
@DB_OPTION
@OFFLINE_OPTION
@click.option(
    "--max-run", "max_run", type=SECONDS, default=3600, show_default=True,
    help="Seconds a crawl may run before it is stopped (recorded partial); 0: no limit.",
)  # fmt: skip
@click.option("--grace", type=SECONDS, default=30, show_default=True,
              help="Seconds running crawls get to finish after SIGTERM/SIGINT.")  # fmt: skip
@click.option(
    "--log-file", default=None, type=click.Path(dir_okay=False, writable=True),
    callback=not_empty,
    help="Also log to this file (rotated at 10 MB, 5 kept).",
)  # fmt: skip
@click.option("--log-level", default="INFO", show_default=True, type=LOG_LEVEL)
@click.option(
    "--recycle-after",
    "recycle_after",
    type=Number(min=0, max=MAX_DAYS * 86400, min_open=True),
    default=None,
    metavar="SECONDS",
    help="Drain and restart the crawl service after this long (contains slow leaks).",
)
@click.option(
    "--recycle-memory",
    "recycle_memory",
    type=Number(min=0, min_open=True),
    default=None,
    metavar="MB",
    help="Drain and restart the crawl service once its memory grew by this much.",
)
@click.option(
    "--recycle-drain", "recycle_drain", type=SECONDS, default=300, show_default=True,
    help="Seconds a recycle waits for running crawls before it stops them (caught up after).",
)  # fmt: skip
def schedule(
    sources_path: str | None, db_path: str, offline: bool, max_run: float, grace: float,
    log_file: str | None, log_level: str, recycle_after: float | None,
    recycle_memory: float | None, recycle_drain: float,
) -> None:  # fmt: skip
    """Run every source on its own schedule until SIGTERM or SIGINT.

    Example: arshif schedule --log-file logs/arshif.log
    """
    import crawler.settings  # noqa: F401  (the environment's ARSHIF_* checked before anything)

    path = sources_file(sources_path, offline)
    if log_file:
        _check_log_file(log_file, db_path, path)
    try:
        sources = list(load_sources(path).values())
        Archive(db_path).close()
    except SourcesError as exc:
        fail(str(exc))
    warn_about(sources)
    from crawler.locks import SchedulerBusy, SchedulerLock

    lock = SchedulerLock(Path(db_path).resolve())  # held until this process (or image) ends
    try:
        lock.acquire()
    except SchedulerBusy as exc:
        click.echo(f"arshif: {exc}", err=True)
        sys.exit(3)
    except OSError as exc:  # the archive's folder cannot take the lock file
        fail(f"cannot take the scheduler's lock {lock.path}: {exc.strerror}")
    from crawler.logcontext import setup_logging
    from crawler.scheduler import ScheduleOptions, Scheduler

    try:
        setup_logging(log_file, log_level)
    except OSError as exc:
        fail(f"cannot write the log file {log_file}: {exc.strerror or exc}")
    options = ScheduleOptions(
        str(path.resolve()), str(Path(db_path).resolve()), offline, max_run, grace,
        recycle_seconds=recycle_after, recycle_memory_mb=recycle_memory, log_level=log_level,
        recycle_drain_seconds=recycle_drain,
    )  # fmt: skip
    sys.exit(Scheduler(sources, options).run())


def closing_line(summaries: list[dict], db_path: str) -> str:
    """`archived 7 new articles and 2 copies of known stories into archive.db`."""
    new = sum(s.get("articles_new", 0) for s in summaries)
    copies = sum(s.get("articles_duplicate", 0) for s in summaries)
    line = f"archived {new} new article{'' if new == 1 else 's'}"
    if copies:
        line += f" and {copies} cop{'y' if copies == 1 else 'ies'} of known stories"
    return f"{line} into {db_path}"


def _check_log_file(log_file: str, db_path: str, sources: Path) -> None:
    """A log file that is the archive, one of its files, another SQLite file or the sources
    file would be appended to and rotated aside (the archive renamed away): refused."""
    from archive.destination import log_problem

    problem = log_problem(log_file, db_path)
    if problem is None and Path(log_file).resolve() == sources.resolve():
        problem = f"{log_file} is the sources file: give the log a file of its own"
    if problem:
        fail(problem)


COMMANDS = [crawl, schedule]
