"""`arshif schedule`: every source on its own schedule, each crawl in a child process.

APScheduler 3.x fires one job per source (cron or interval, with jitter) on a thread pool
sized to the sources, so a slow or hanging source never delays another. Each job runs
`arshif crawl <source>` as a child process (Scrapy's reactor cannot restart in one process)
under a time limit, takes the source's lock there (no overlap with a manual crawl), and
feeds the child's log lines into the scheduler's log. Consecutive failures back off."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from archive import Archive
from crawler.lifetime import die_with_parent
from crawler.logcontext import log_context
from crawler.runner import live_pids
from crawler.sources import Source

logger = logging.getLogger("arshif.schedule")
BACKOFF_CAP = timedelta(hours=24)
EXIT_BUSY = 3


@dataclass
class ScheduleOptions:
    sources_path: str
    db_path: str
    offline: bool = False
    max_run_seconds: float = 3600.0  # a crawl running longer is stopped and recorded partial
    grace_seconds: float = 30.0  # after SIGTERM, how long crawls get to finish in-flight work
    catch_up_delay: float = 1.0  # first run of an overdue source, seconds after start


def trigger_for(source: Source) -> IntervalTrigger | CronTrigger:
    period = source.schedule.period_seconds
    jitter = max(0, min(60, int(period * 0.1)))
    if source.schedule.interval_seconds is not None:
        return IntervalTrigger(
            seconds=source.schedule.interval_seconds, jitter=jitter, timezone=UTC
        )
    trigger = CronTrigger.from_crontab(source.schedule.text, timezone=UTC)
    trigger.jitter = jitter
    return trigger


def backoff_for(source: Source, failures: int) -> timedelta:
    """Longer waits after each failure in a row: period × 2^failures, capped at a day."""
    if failures <= 0:
        return timedelta(0)
    return min(BACKOFF_CAP, timedelta(seconds=source.schedule.period_seconds * 2**failures))


def _child_setup() -> None:
    """A new session (a terminal's ^C is the scheduler's to handle), and SIGTERM when the
    scheduler dies, even by kill -9: the crawl stops cleanly instead of running orphaned."""
    os.setsid()
    die_with_parent(signal.SIGTERM)


class Scheduler:
    def __init__(self, sources: list[Source], options: ScheduleOptions) -> None:
        self.sources = {s.id: s for s in sources}
        self.options = options
        self.children: dict[str, subprocess.Popen] = {}
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.signals = 0
        self.scheduler = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(max(1, len(sources)))},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone=UTC,
        )

    def archive(self) -> Archive:
        return Archive(self.options.db_path)  # one connection per thread and call

    # -- lifecycle --------------------------------------------------------

    def run(self) -> int:
        archive = self.archive()
        for run_id in archive.fail_orphan_runs(alive=live_pids(archive)):
            logger.warning("run %s was left running by a process that died: marked failed", run_id)
        now = datetime.now(UTC)
        for source in self.sources.values():
            first = self._first_run(archive, source, now)
            self.scheduler.add_job(
                self._job, trigger_for(source), args=[source.id], id=source.id,
                name=source.id, next_run_time=first,
            )  # fmt: skip
            logger.info(
                "%s: scheduled %r, first run at %s",
                source.id,
                source.schedule.text,
                first.isoformat() if first else "next slot",
            )
        archive.close()
        previous = {
            sig: signal.signal(sig, self._on_signal) for sig in (signal.SIGTERM, signal.SIGINT)
        }
        self.scheduler.start()
        try:
            while not self.stopping.is_set():
                self.stopping.wait(0.5)
            self._shutdown()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return 0

    def _first_run(self, archive: Archive, source: Source, now: datetime) -> datetime | None:
        """Catch-up: a source whose last run is older than its period runs soon, once."""
        last = archive.last_finished(source.id)
        failures = archive.consecutive_failures(source.id)
        if last is None:
            return now + timedelta(seconds=self.options.catch_up_delay)
        finished = datetime.fromisoformat(last)
        due = finished + max(
            timedelta(seconds=source.schedule.period_seconds), backoff_for(source, failures)
        )
        if due <= now:
            return now + timedelta(seconds=self.options.catch_up_delay)
        return due if failures else None

    def _on_signal(self, signum: int, frame: Any) -> None:
        self.signals += 1
        if self.signals == 1:
            logger.warning(
                "signal %s: no new crawls; running ones get %.0fs to finish",
                signum,
                self.options.grace_seconds,
            )
            self.stopping.set()
        else:
            logger.warning("second signal: stopping running crawls now")
            self._kill_children(signal.SIGTERM)

    def _shutdown(self) -> None:
        self.scheduler.shutdown(wait=False)
        self._kill_children(signal.SIGTERM)
        deadline = datetime.now(UTC) + timedelta(seconds=self.options.grace_seconds)
        while self._running_children() and datetime.now(UTC) < deadline and self.signals < 2:
            threading.Event().wait(0.2)
        # Past the grace period (or on a second signal): Scrapy's forced stop, which still
        # records the run as partial; a child that ignores that too is killed.
        self._kill_children(signal.SIGTERM)
        for child in self._running_children():
            try:
                child.wait(timeout=3)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.pid, signal.SIGKILL)
        for child in list(self.children.values()):
            child.wait()
        archive = self.archive()
        for run_id in archive.fail_orphan_runs(alive=live_pids(archive)):
            logger.warning("run %s was stopped before it could finish: marked failed", run_id)
        archive.close()
        logger.info("scheduler stopped")

    @staticmethod
    def _stop_child(child: subprocess.Popen, grace: float) -> int:
        """SIGTERM (finish in-flight work), then a second SIGTERM (Scrapy's forced stop,
        which still closes the run as partial), then SIGKILL as the last resort."""
        for sig, wait in (
            (signal.SIGTERM, grace / 2),
            (signal.SIGTERM, grace / 2),
            (signal.SIGKILL, None),
        ):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, sig)
            try:
                return child.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                continue
        return child.wait()

    def _running_children(self) -> list[subprocess.Popen]:
        with self.lock:
            return [c for c in self.children.values() if c.poll() is None]

    def _kill_children(self, sig: int) -> None:
        for child in self._running_children():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, sig)

    # -- one source's crawl -------------------------------------------------

    def _job(self, source_id: str) -> None:
        if self.stopping.is_set():
            return
        source = self.sources[source_id]
        log_context.set(source_id)
        code = self._crawl(source)
        self._after(source, code)

    def _command(self, source: Source) -> list[str]:
        cmd = [sys.executable, "-m", "crawler", "crawl", source.id,
               "--sources", self.options.sources_path, "--db", self.options.db_path]  # fmt: skip
        return cmd + (["--offline"] if self.options.offline else [])

    def _crawl(self, source: Source) -> int:
        child = subprocess.Popen(
            self._command(source), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, preexec_fn=_child_setup,
        )  # fmt: skip
        with self.lock:
            self.children[source.id] = child
        logger.info("crawl started (pid %s)", child.pid)
        reader = threading.Thread(target=self._relay, args=(source.id, child), daemon=True)
        reader.start()
        try:
            code = child.wait(timeout=self.options.max_run_seconds)
        except subprocess.TimeoutExpired:
            logger.warning("crawl ran past %.0fs: stopping it", self.options.max_run_seconds)
            code = self._stop_child(child, self.options.grace_seconds)
        reader.join(timeout=5)
        with self.lock:
            self.children.pop(source.id, None)
        return code

    def _relay(self, source_id: str, child: subprocess.Popen) -> None:
        log_context.set(source_id)
        assert child.stdout is not None
        for line in child.stdout:
            if line.strip():
                logger.info("%s", line.rstrip())

    def _after(self, source: Source, code: int) -> None:
        archive = self.archive()
        try:
            for run_id in archive.fail_orphan_runs(alive=live_pids(archive)):
                logger.warning("run %s ended without finishing: marked failed", run_id)
            if code == EXIT_BUSY:
                logger.warning("skipped: another process is crawling this source")
            failures = archive.consecutive_failures(source.id)
            now = datetime.now(UTC)
            job = self.scheduler.get_job(source.id)
            if job is None:
                return
            period = timedelta(seconds=source.schedule.period_seconds)
            wait = backoff_for(source, failures)
            if failures:
                next_run = now + wait
                job.modify(next_run_time=next_run)
                logger.warning("%d failure(s) in a row: next run in %s", failures, wait)
            else:
                next_run = job.next_run_time or now + period
                if next_run - now > period * 1.5:  # recovering from a backoff: normal pace again
                    next_run = now + period
                    job.modify(next_run_time=next_run)
            archive.save_schedule_state(
                source.id,
                failures,
                int(wait.total_seconds()),
                next_run.isoformat(timespec="seconds"),
            )
            logger.info(
                "crawl finished (exit %s); next run at %s",
                code,
                next_run.isoformat(timespec="seconds"),
            )
        finally:
            archive.close()


def configure_logging(log_file: str | None, level: str = "INFO") -> None:
    """Lines carry the source and run: to stderr, and to a rotating file when asked."""
    from logging.handlers import RotatingFileHandler

    fmt = logging.Formatter("%(asctime)s [%(arshif)s] %(levelname)s: %(message)s")
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)
        handlers.append(RotatingFileHandler(log_file, maxBytes=10 * 1024 * 1024, backupCount=5))
    root = logging.getLogger()
    root.setLevel(level)
    for h in handlers:
        h.setFormatter(fmt)
        root.addHandler(h)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
