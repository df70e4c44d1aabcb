"""`arshif schedule`: every source on its own schedule, all crawls inside one crawl service.

The reactor runs in this process's main thread with one CrawlService (one extraction pool,
one archive writer), so processes and memory do not grow with the number of sources: the
scheduler, its extraction workers, nothing else. APScheduler 3.x fires one job per source
(cron or interval, with jitter) on a thread pool; a job asks the service for a crawl and waits
for its summary, so a slow or hanging source never delays another. Each run takes the
source's lock (no overlap with a manual `arshif crawl`); consecutive failures back off;
`--max-run` drains one source's crawl and records it partial. The service can be recycled
(drain, then this process starts afresh with the same arguments) after a time or a growth of
memory, to contain slow leaks over months."""

from __future__ import annotations

import logging
import os
import resource
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from apscheduler.events import EVENT_JOB_MAX_INSTANCES
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from archive import Archive
from crawler.due import backoff_for, first_run
from crawler.extract.pool import stop_helper_processes
from crawler.logcontext import log_context
from crawler.reactor import get_reactor
from crawler.runner import EXIT_SIGNAL, STOP_SIGNALS, StopSignals
from crawler.service import CrawlOptions, CrawlService
from crawler.sources import Source, SourcesError, load_sources, warnings_about
from crawler.sourcewatch import SourcesChange, SourcesWatch
from crawler.stops import say_stopped

logger = logging.getLogger("arshif.schedule")
HEARTBEAT_SECONDS = 30.0
RELOAD_SECONDS = 5.0  # how often a broken sources file is read again before a fresh start
SOURCES_LOOK_SECONDS = 5.0  # how often the sources file is looked at for edits
ARCHIVE_LOOK_SECONDS = 2.0  # how often the archive's file is looked at (moved, deleted?)
EXIT_ARCHIVE_LOST = 2
# Job threads beyond one per source, for sources added while running (started when used).
SPARE_JOB_THREADS = 64


@dataclass
class ScheduleOptions:
    sources_path: str
    db_path: str
    offline: bool = False
    max_run_seconds: float = 3600.0  # a crawl running longer is drained and recorded partial
    grace_seconds: float = 30.0  # after a stop, how long crawls get to finish in-flight work
    catch_up_delay: float = 1.0  # first run of an overdue source, seconds after start
    recycle_seconds: float | None = None  # recycle the service after this long
    recycle_memory_mb: float | None = None  # ... or after its memory grew by this much
    # A recycle waits this long for running crawls, then stops them (caught up at start):
    # one long crawl must not hold every other source's next run.
    recycle_drain_seconds: float = 300.0
    log_level: str = "INFO"


def _moved(job: Any, when: datetime) -> bool:
    """Move a job's next run; False when the job went meanwhile (removed or replaced by an
    edit of the sources file, on the reactor's thread while a crawl's job thread ends)."""
    try:
        job.modify(next_run_time=when)
    except JobLookupError:
        return False
    return True


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


def rss_mb() -> float:
    """This process image's peak resident memory: /proc's VmHWM starts again at an exec (a
    recycle's fresh start), getrusage's ru_maxrss keeps the old image's peak, so each recycle
    would have needed the last one's peak plus the growth allowed."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # no /proc (KB on Linux)


class MemoryBaseline:
    """Where --recycle-memory counts growth from: the process's peak once it has warmed up,
    that is once every source that began a crawl in this process has ended one. Taken
    before any crawl, the crawler's ordinary warm-up (Scrapy, the extraction's models and
    caches, a first crawl's pages: 35-50 MB for 30-40 small sources) read as a leak, and a
    small limit recycled the service every minute, stopping crawls that then never ended.
    (A source first due after that, say a day later, warms up in the next fresh start's.)"""

    def __init__(self) -> None:
        self.lock = threading.Lock()  # crawls begin and end on the scheduler's job threads
        self.crawling: set[str] = set()  # the sources whose first crawl has not ended
        self.mb: float | None = None

    def began(self, source_id: str) -> None:
        with self.lock:
            if self.mb is None:
                self.crawling.add(source_id)

    def ended(self, source_id: str) -> None:
        with self.lock:
            if self.mb is not None or source_id not in self.crawling:
                return
            self.crawling.discard(source_id)
            if not self.crawling:
                self.mb = rss_mb()

    def grown(self) -> float:
        """MB over the baseline; 0 while the service warms up."""
        return 0.0 if self.mb is None else rss_mb() - self.mb


def file_identity(path: str) -> tuple[int, int] | None:
    """The file at path as the system knows it (device, inode), None when there is none."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


class Scheduler:
    def __init__(self, sources: list[Source], options: ScheduleOptions) -> None:
        self.sources = {s.id: s for s in sources}
        self.options = options
        self.started = datetime.now(UTC)
        self.memory = MemoryBaseline()
        self.recycling = False
        self.unloadable: str | None = None  # the sources file's error last said
        self.exit_code = 0
        self.jobs_running = 0
        self.closing = False
        self.jobs_lock = threading.Lock()
        self.scheduler = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(len(sources) + SPARE_JOB_THREADS)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone=UTC,
        )
        self.service: CrawlService | None = None
        self.watch = SourcesWatch(options.sources_path, self.sources)
        # What was said of the sources (at start, by the command line): an edit says what
        # it brings anew (a source added with another's start page), once.
        self.warned = set(warnings_about(sources))
        self.file: tuple[int, int] | None = None  # the archive's (device, inode) at start
        self.lost: str | None = None  # what became of the archive's file, once it is gone

    def archive(self) -> Archive:
        return Archive(self.options.db_path)  # one connection per thread and call

    # -- lifecycle --------------------------------------------------------

    def run(self) -> int:
        options = self.options
        crawl_options = CrawlOptions(  # no progress lines: a service log has its summaries
            offline=options.offline, log_level=options.log_level,
            time_limit=options.max_run_seconds or None, grace=options.grace_seconds,
            progress=False,
        )  # fmt: skip
        self.service = service = CrawlService(
            options.db_path, crawl_options, report=self._report, install_logging=False
        )
        from twisted.internet import task  # the reactor was installed by the service

        stops = StopSignals(self._first_signal, self._second_signal)
        stops.install()  # before anything starts: a stop meanwhile is the scheduler's stop
        try:
            service.fail_dead_runs()
            self.file = file_identity(options.db_path)
            self._add_jobs()
            beat = task.LoopingCall(self._beat)
            # A recycle after less than a beat is asked on time (--recycle-after 3 is 3 s).
            every = min(HEARTBEAT_SECONDS, self.options.recycle_seconds or HEARTBEAT_SECONDS)
            beat.start(every, now=True)
            task.LoopingCall(self._look_at_sources).start(SOURCES_LOOK_SECONDS, now=False)
            task.LoopingCall(self._look_at_archive).start(ARCHIVE_LOOK_SECONDS, now=False)
            self.scheduler.add_listener(self._slot_skipped, EVENT_JOB_MAX_INSTANCES)
            self.scheduler.start()
            service.process.start(stop_after_crawl=False, install_signal_handlers=False)
        finally:
            self._stop_scheduling()
            if self.lost is None:  # (a new file at the path is no archive of this one's)
                self._beat(stopped=True)
            service.close()
        if self.lost is not None:
            return EXIT_ARCHIVE_LOST
        if stops.first is not None:
            logger.info("scheduler stopped")
            return _stopped_with(stops.first)
        if self.recycling:
            self._restart(self.options.sources_path, self._waiting_beat)
        return self.exit_code

    def _add_jobs(self) -> None:
        assert self.service is not None
        now = datetime.now(UTC)
        for source in self.sources.values():
            self._add_job(source, now)

    def _add_job(self, source: Source, now: datetime) -> None:
        assert self.service is not None
        archive = self.service.archive
        first = self._first_run(archive, source, now)
        # APScheduler 3 reads next_run_time=None as "add it paused": leave it out instead,
        # and the trigger gives the next slot.
        when = {"next_run_time": first} if first is not None else {}
        trigger = trigger_for(source)
        self.scheduler.add_job(
            self._job, trigger, args=[source.id], id=source.id, name=source.id, **when,
        )  # fmt: skip
        logger.info("%s: scheduled %r, first run at %s", source.id, source.schedule.text,
                    first.isoformat() if first else "next slot")  # fmt: skip
        # What `arshif status` shows from now on, not the last process's plan.
        failures = archive.consecutive_failures(source.id)
        planned = first or trigger.get_next_fire_time(None, now)
        if planned is not None:  # (a cron line that never fires is refused at load)
            archive.save_schedule_state(
                source.id, failures, int(backoff_for(source, failures).total_seconds()),
                planned.isoformat(timespec="seconds"),
            )  # fmt: skip

    def _look_at_sources(self) -> None:
        """An edit of the sources file applies now: an added source is scheduled (caught
        up if due), a removed one crawled no more (a crawl of it running ends as it would),
        a changed one crawled as it now says from its next run (at once rescheduled if its
        schedule changed)."""
        if self.recycling or self.closing or not self.scheduler.running:
            return
        try:
            self._apply(self.watch.poll())
        except Exception as exc:  # the timer must not die of one bad look
            # (a locked archive, say): what was not applied is looked at again next time
            logger.error("the sources file's edit was not applied: %s; tried again", exc)
            self.watch.retry(self.sources)

    def _look_at_archive(self) -> None:
        """The archive's file is still the one opened at start: one moved, deleted or
        replaced under a running scheduler took its writes into a file nobody reads (and a
        new empty archive at the path), so the scheduler stops, saying what happened."""
        if self.lost is not None or self.closing:
            return
        now = file_identity(self.options.db_path)  # (once: the message says what it saw)
        if now == self.file:
            return
        self.lost = "deleted or moved away" if now is None else "replaced by another file"
        logger.error(
            "the archive %s was %s while the scheduler ran: stopping (nothing more is written;"
            " start it again on the archive you mean)", self.options.db_path, self.lost,
        )  # fmt: skip
        self._stop_scheduling()
        assert self.service is not None
        self.service.stop("stopped")
        self._stop_when_idle()

    def _archive_moved(self) -> bool:
        """Is the file at the archive's path no longer the one opened at start?"""
        return file_identity(self.options.db_path) != self.file

    def _apply(self, change: SourcesChange) -> None:
        now = datetime.now(UTC)
        # self.sources changes with each source's job, so that a look after a failure finds
        # what is left to do.
        for source_id in change.removed:
            if self.scheduler.get_job(source_id) is not None:
                self.scheduler.remove_job(source_id)
            self.sources.pop(source_id, None)
            logger.warning("%s: removed from the sources file: no more crawls (its archived"
                           " articles stay)", source_id)  # fmt: skip
        for source in change.changed:
            old = self.sources.get(source.id)
            if old is not None and old.schedule == source.schedule:
                self.sources[source.id] = source
                logger.info("%s: changed in the sources file: its next crawl reads it", source.id)
                continue
            logger.info("%s: its schedule changed in the sources file", source.id)
            if self.scheduler.get_job(source.id) is not None:
                self.scheduler.remove_job(source.id)
            self._add_job(source, now)
            self.sources[source.id] = source
        for source in change.added:
            logger.info("%s: added to the sources file", source.id)
            self._add_job(source, now)
            self.sources[source.id] = source
        self._warn_about_edit()

    def _warn_about_edit(self) -> None:
        """The start-up warnings of the sources as the edit left them, those not said yet."""
        lines = warnings_about(list(self.sources.values()))
        for line in lines:
            if line not in self.warned:
                logger.warning("%s", line)
        self.warned.update(lines)

    def _first_run(self, archive: Archive, source: Source, now: datetime) -> datetime | None:
        """Catch-up: a source whose last run is older than its period runs soon, once; an
        interval source otherwise a period after its last run (not after this start)."""
        first = first_run(
            source, archive.last_finished(source.id), archive.consecutive_failures(source.id), now
        )
        if first is not None and first <= now:
            return now + timedelta(seconds=self.options.catch_up_delay)
        return first

    def _report(self, line: str) -> None:
        logger.info("%s", line.strip())

    # -- stopping and recycling ---------------------------------------------

    def _first_signal(self, signum: int) -> None:
        logger.warning("%s: no new crawls; running ones get %.0fs to finish their pages",
                       signal.Signals(signum).name, self.options.grace_seconds)  # fmt: skip
        self._stop_scheduling()
        assert self.service is not None
        self.service.stop("stopped")
        self._stop_when_idle()

    def _second_signal(self, signum: int) -> None:
        logger.warning("second signal: stopping now; open article pages recorded as interrupted")
        assert self.service is not None
        self.service.force()
        self._beat(stopped=True)
        self.service.pool.kill()
        self.service.close()
        for handler in logging.getLogger().handlers:
            handler.flush()
        # Job threads wait on crawls that will never report: leave without joining them.
        os._exit(_stopped_with(signum))

    def _stop_scheduling(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    def _stop_when_idle(self) -> None:
        """Stop the reactor once no crawl runs and no job waits for one."""
        assert self.service is not None
        with self.jobs_lock:
            idle = self.jobs_running == 0
            if idle:
                self.closing = True  # a job that starts from now on returns at once
        if idle and not self.service.busy():
            self._stop_reactor()
        else:
            get_reactor().callLater(0.2, self._stop_when_idle)

    @staticmethod
    def _stop_reactor() -> None:
        reactor = get_reactor()
        if reactor.running:
            reactor.stop()

    def _beat(self, stopped: bool = False) -> None:
        """The heartbeat `arshif check` reads; and the check whether it is time to recycle."""
        assert self.service is not None
        archive = self.service.archive
        try:
            if stopped:
                archive.scheduler_stopped(os.getpid())
            else:
                archive.scheduler_beat(
                    os.getpid(), socket.gethostname(), self.started.isoformat(timespec="seconds")
                )
        except Exception as exc:  # a failed beat must not stop the crawls; check will say it
            logger.warning("heartbeat not written: %s", exc)
        if not stopped and not self.recycling and self._recycle_due() and self._loadable():
            self.recycling = True
            logger.warning("recycling the crawl service: no new crawls; running ones get"
                           " %.0fs to finish", self.options.recycle_drain_seconds)  # fmt: skip
            self.scheduler.pause()
            get_reactor().callLater(self.options.recycle_drain_seconds, self._drained_enough)
            self._stop_when_idle()

    def _drained_enough(self) -> None:
        """The recycle's wait is over: crawls still running are stopped, and caught up by
        the fresh start (a stop is no failure, and what they fetched is kept)."""
        assert self.service is not None
        if self.service.busy() and not self.service.stopping:
            logger.warning("recycling: stopping the crawls still running (caught up after it)")
            self.service.stop("stopped")

    def _recycle_due(self) -> bool:
        options = self.options
        age = (datetime.now(UTC) - self.started).total_seconds()
        if options.recycle_seconds is not None and age >= options.recycle_seconds:
            return True
        limit = options.recycle_memory_mb
        return limit is not None and self.memory.grown() >= limit

    def _loadable(self) -> bool:
        """Does the sources file load, as the fresh start will read it? A recycle with a file
        being edited would stop the service (exit 2): it waits, the crawls go on, said once."""
        try:
            load_sources(self.options.sources_path)
        except SourcesError as exc:
            if str(exc) != self.unloadable:
                logger.error("recycling waits for a sources file that loads: %s", exc)
                self.unloadable = str(exc)
            return False
        self.unloadable = None
        return True

    def _waiting_beat(self) -> None:
        """A beat while the fresh start waits for a sources file: the scheduler is alive (its
        error in the log), not stopped as its service's close wrote. The service's archive is
        closed by then: one connection per beat."""
        try:
            with Archive(self.options.db_path) as archive:
                archive.scheduler_beat(
                    os.getpid(), socket.gethostname(), self.started.isoformat(timespec="seconds")
                )
        except Exception as exc:  # as _beat: a failed beat must not end the wait
            logger.warning("heartbeat not written: %s", exc)

    @staticmethod
    def _restart(sources_path: str, beat: Callable[[], None]) -> None:
        """Start afresh with the same arguments: a new reactor, pool and writer. Runs that were
        due during the drain are caught up at start. A sources file broken during the drain is
        waited for (a signal still stops the process), beating: a fresh start on it would
        exit 2."""
        said = None
        for sig in STOP_SIGNALS:
            signal.signal(sig, signal.SIG_DFL)
        while True:
            try:
                load_sources(sources_path)
                break
            except SourcesError as exc:
                if str(exc) != said:
                    logger.error("the fresh start waits for a sources file that loads: %s", exc)
                    said = str(exc)
                beat()
                time.sleep(RELOAD_SECONDS)
        logger.info("recycled: starting afresh (pid %s)", os.getpid())
        for handler in logging.getLogger().handlers:
            handler.flush()
        stop_helper_processes()
        os.execv(sys.executable, [sys.executable, "-m", "crawler", *sys.argv[1:]])

    # -- one source's crawl -------------------------------------------------

    def _job(self, source_id: str) -> None:
        from twisted.internet import reactor
        from twisted.internet.threads import blockingCallFromThread

        assert self.service is not None
        source = self.sources.get(source_id)
        if source is None:
            return  # removed from the sources file as this run fired
        with self.jobs_lock:
            if self.closing:
                return  # the reactor is stopping: nobody would answer this crawl
            self.jobs_running += 1
        log_context.set(source_id)  # this job thread's lines name their source (and run)
        try:
            if self.service.stopping or self.recycling:
                return
            if self.lost is not None or self._archive_moved():
                # (between two looks, a crawl would write to a lost file)
                blockingCallFromThread(reactor, self._look_at_archive)
                return
            self.memory.began(source_id)
            # Annotated: mypy infers the result only from it (crawl is inlineCallbacks).
            try:
                summary: dict = blockingCallFromThread(reactor, self.service.crawl, source)
            finally:
                self.memory.ended(source_id)
            log_context.set(source_id, summary.get("id"))
            self._after(source, summary)
        except Exception as exc:  # a bug in one job must not end the scheduler
            logger.error("%s: scheduled crawl failed: %s", source_id, exc)
        finally:
            log_context.clear()
            with self.jobs_lock:
                self.jobs_running -= 1

    def _slot_skipped(self, event: Any) -> None:
        """A crawl outlasted its period, or still waits for one of the service's slots (all
        taken, or held by a quarantine group): the slot that came meanwhile is not run (the
        next one is, on time). Said with its source, in place of APScheduler's own line."""
        crawling = self.service is None or event.job_id in self.service.active
        state = "still crawling" if crawling else "still waiting for a free crawl slot"
        logger.info("%s: %s at its next slot: that slot is skipped", event.job_id, state,
                    extra={"arshif_source": event.job_id})  # fmt: skip

    def _after(self, source: Source, summary: dict) -> None:
        if summary.get("status") == "skipped":
            logger.warning("%s: skipped: %s", source.id, summary.get("message"))
        elif summary.get("fatal") and summary.get("id") is None:  # no run row to say it
            logger.error("%s: crawl not started: %s", source.id, summary["fatal"])
        if self._archive_moved():
            return  # the archive's file is gone (_look_at_archive): none made at its path
        archive = self.archive()
        try:
            failures = archive.consecutive_failures(source.id)
            now = datetime.now(UTC)
            job = self.scheduler.get_job(source.id) if self.scheduler.running else None
            # The source as the sources file says now: an edit during the crawl may have
            # changed its schedule (or removed it: no job then).
            source = self.sources.get(source.id, source)
            if job is None:
                return
            period = timedelta(seconds=source.schedule.period_seconds)
            wait = backoff_for(source, failures)
            if failures:
                next_run = now + wait
                if not _moved(job, next_run):
                    return
                logger.warning("%s: %d failure(s) in a row: next run in %s", source.id,
                               failures, wait)  # fmt: skip
            else:
                next_run = job.next_run_time or now + period
                if next_run - now > period * 1.5:  # recovering from a backoff: normal pace again
                    next_run = now + period
                    if not _moved(job, next_run):
                        return
            archive.save_schedule_state(
                source.id, failures, int(wait.total_seconds()),
                next_run.isoformat(timespec="seconds"),
            )  # fmt: skip
            logger.info("%s: next run at %s", source.id, next_run.isoformat(timespec="seconds"))
        finally:
            archive.close()


def _stopped_with(signum: int) -> int:
    """The exit status of a stop: 0 for SIGTERM, the scheduler's normal end; another
    signal's, with its one line, as every command's stop."""
    if signum == signal.SIGTERM:
        return 0
    say_stopped(signum)
    return EXIT_SIGNAL.get(signum, 130)
