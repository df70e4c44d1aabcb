"""Extraction off the reactor: a pool of worker processes.

Extraction (~25–40 ms CPU a page) is the cost of a crawl; in the Scrapy callback it caps a
crawl at one core. Here pages go to a process pool (default: one worker per core) and the
pipeline awaits the result, so Scrapy's scraper slot (SCRAPER_SLOT_MAX_ACTIVE_SIZE) applies
backpressure to downloads instead of buffering the web in memory. A worker that crashes or
hangs on a page is replaced, and the page is recorded as failed."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import sys
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from multiprocessing import forkserver
from typing import Any

from archive.dedup import text_keys
from crawler.extract import Extracted, ExtractFailure, ExtractOptions, Part, extract
from crawler.extract.memory import TRIM_AFTER_BYTES, give_back
from crawler.lifetime import die_with_parent

logger = logging.getLogger(__name__)
DEFAULT_TIMEOUT = 60.0
PRELOAD = ["crawler.extract.preload"]  # what the fork server imports before it forks workers


@dataclass
class Prepared:
    """What a worker hands back: the extraction, and what the archive would otherwise
    compute on the writer's thread (dedup keys, search columns, the compressed body)."""

    result: Extracted | ExtractFailure
    content_hash: str | None = None
    minhash: bytes | None = None
    body_zlib: bytes | None = None
    search_title: str | None = None
    search_text: str | None = None


def archive_keys(title: str | None, text: str, body: bytes) -> dict[str, Any]:
    """What the archive would otherwise compute on the writer's thread: dedup keys, search
    columns (archive.dedup.text_keys), the compressed body (named as Prepared's fields and
    ArticleRecord's)."""
    return {**text_keys(title, text), "body_zlib": zlib.compress(body, 6)}


def prepare(
    body: bytes, url: str, content_type: str | None, options: ExtractOptions,
    now: datetime | None = None, parts: tuple[Part, ...] = (),
) -> Prepared:  # fmt: skip
    """parts: the article's later pages (their bodies are compressed where they are stored)."""
    result = extract(body, url, content_type, options, now, parts)
    if isinstance(result, ExtractFailure):
        return Prepared(result)
    return Prepared(result, **archive_keys(result.title, result.text, body))


class LearningInterrupted(Exception):
    """Reading pages' chrome keys in the workers did not finish (see chrome_keys)."""


def chrome_keys_of(pages: list[tuple[bytes, str | None]]) -> list[set[str]]:
    from crawler.extract.chrome import page_keys  # not at import: it imports the archive

    return [page_keys(zlib.decompress(blob), content_type) for blob, content_type in pages]


def stop_helper_processes() -> None:
    """Stop and reap multiprocessing's fork server and resource tracker (after the pool is
    closed): before an exec in place (a recycle), or they would outlive this image as
    zombies that the new one never reaps."""
    from multiprocessing import resource_tracker

    for helper in (forkserver._forkserver, resource_tracker._resource_tracker):
        stop = getattr(helper, "_stop", None)  # private, as in CPython's own tests
        try:
            if stop is not None:
                stop()
        except (OSError, ChildProcessError):
            continue


def default_workers() -> int:
    return os.cpu_count() or 1


def pool_from_settings(settings: Any) -> ExtractionPool:
    """The pool as the settings say (ARSHIF_EXTRACT_WORKERS, ARSHIF_EXTRACT_TIMEOUT; see
    crawler.settings, where the environment overrides them)."""
    workers = settings.get("ARSHIF_EXTRACT_WORKERS")
    return ExtractionPool(
        None if workers is None else int(workers),
        settings.getfloat("ARSHIF_EXTRACT_TIMEOUT", DEFAULT_TIMEOUT),
    )


# A forced stop kills the workers and exits without Python's teardown, so the pool's
# semaphores are left for multiprocessing's resource tracker, which removes them and says so
# in a multi-line warning on the terminal. Removing them is all that is needed: the tracker is
# started with this process's -W options, so this one silences the warning there.
_QUIET_TRACKER = "ignore::UserWarning:multiprocessing.resource_tracker"


def _context() -> Any:
    """multiprocessing's fork-server context, with what the server imports before it forks."""
    if _QUIET_TRACKER not in sys.warnoptions:
        sys.warnoptions.append(_QUIET_TRACKER)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


# What a terminal sends the whole process group, which the helpers must outlive: its hang-up,
# and ^C, which the fork server only ignores once it has imported the extraction code (half a
# second in which a ^C printed its KeyboardInterrupt traceback on the terminal).
_GROUP_SIGNALS = (signal.SIGHUP, signal.SIGINT)


@contextmanager
def _group_signals_ignored() -> Iterator[None]:
    """While multiprocessing starts its helper processes (the fork server, the resource
    tracker): an ignored signal stays ignored across their exec, and they set no handler of
    their own for SIGHUP. A terminal's hang-up reaches the whole group; the crawl drains on
    it, and a tracker it killed would be restarted knowing none of the pool's semaphores
    (a traceback on the terminal at the end). The crawl's own handlers are back at once
    (starting the helpers takes milliseconds; their imports happen after)."""
    try:
        previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in _GROUP_SIGNALS}
    except ValueError:  # not the main thread: the crawl installs no handler there either
        yield
        return
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _worker_setup() -> None:
    """A worker is stopped by its parent only: the terminal's ^C and a SIGTERM sent to the
    whole process group (systemd does that) must not kill pages in the middle of their
    extraction; the parent drains, then shuts the pool down. It still dies with the parent."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)
    die_with_parent()


def run_batch(func: Callable[..., Prepared], jobs: list[tuple]) -> list[Prepared]:
    """In a worker: several pages in one hand-off (one pickle, one wake-up, one reply). A
    bug tripped by one page fails that page only."""
    out = []
    for job in jobs:
        try:
            out.append(func(*job))
        except Exception as exc:  # a bug, not a crash of the worker
            out.append(Prepared(ExtractFailure("error", f"{type(exc).__name__}: {exc}")))
    if max((_size(job) for job in jobs), default=0) >= TRIM_AFTER_BYTES:
        give_back()  # (after the batch: its results are small, the trees are gone)
    return out


def _size(job: tuple) -> int:
    """The bytes of a job's page and its parts (prepare's body and parts arguments)."""
    body = job[0] if job and isinstance(job[0], bytes) else b""
    parts = job[5] if len(job) > 5 and isinstance(job[5], tuple) else ()
    return len(body) + sum(len(part[0]) for part in parts)


@dataclass(eq=False)
class _Out:
    """A batch handed to the workers: its pages, the pool it went to, and its timer, started
    once the batch can be running (among the oldest batches out, one per worker)."""

    batch: list[tuple[tuple, asyncio.Future[Prepared], bool]]
    pool: ProcessPoolExecutor
    timer: asyncio.TimerHandle | None = None


# Pages handed to a worker at once, at most. While fewer than 2 batches per worker are out,
# each page goes at once; when the workers fall behind, pages gather into bigger batches.
MAX_BATCH = 16
BATCHES_PER_WORKER = 2


class ExtractionPool:
    """workers = 0 extracts inline (no processes): for tiny crawls and debugging."""

    def __init__(
        self, workers: int | None = None, timeout: float = DEFAULT_TIMEOUT,
        func: Callable[..., Prepared] = prepare,
    ) -> None:  # fmt: skip
        self.workers = default_workers() if workers is None else workers
        self.timeout = timeout
        self.func = func  # module-level, so that workers can import it
        self._pool: ProcessPoolExecutor | None = None
        self._waiting: list[tuple[tuple, asyncio.Future[Prepared], bool]] = []
        self._out: list[_Out] = []  # batches handed to the workers, oldest first
        self._warm = False
        self._learning = 0  # chrome_keys jobs out (not batches: no timers, never replaced)

    def warm(self) -> None:
        """Start the fork server now, so that it imports the extraction code while the first
        pages download (and not after the first one came back). Cheap to call again."""
        if self.workers > 0 and self._pool is None and not self._warm:
            self._warm = True
            _context()
            with _group_signals_ignored():
                forkserver.ensure_running()

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # forkserver: clean workers, never a fork of the reactor, and quick to start (see
            # crawler.extract.preload). Each exits when the crawl does, even after a kill -9.
            with _group_signals_ignored():
                self._pool = ProcessPoolExecutor(
                    self.workers, mp_context=_context(), initializer=_worker_setup
                )
        return self._pool

    async def extract(
        self, body: bytes, url: str, content_type: str | None, options: ExtractOptions,
        now: datetime | None = None, parts: tuple[Part, ...] = (),
    ) -> Prepared:  # fmt: skip
        job = (body, url, content_type, options, now, parts)
        if self.workers <= 0:
            return self.func(*job)
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Prepared] = loop.create_future()
        self._waiting.append((job, future, False))
        self._hand_off(loop)
        return await future  # settled by its batch's answer or by its timer (_expired)

    async def chrome_keys(self, pages: list[tuple[bytes, str | None]]) -> list[set[str]]:
        """The line keys of raw pages ((zlib-compressed body, content type), to learn a
        source's chrome from), spread over the workers: on the reactor's thread, one source's
        learning (seconds on big pages) would hold up every other source of the crawl.
        Learning never replaces the pool: a pool killed or broken meanwhile (a forced stop,
        another page's crash) or a budget run out raises LearningInterrupted."""
        if self.workers <= 0 or not pages:
            return chrome_keys_of(pages)
        loop = asyncio.get_running_loop()
        share = -(-len(pages) // self.workers)
        parts = [pages[i : i + share] for i in range(0, len(pages), share)]
        calls = [loop.run_in_executor(self._executor(), chrome_keys_of, part) for part in parts]
        self._learning += len(calls)
        try:
            # A page's budget each, queueing included: learning is never urgent.
            done = await asyncio.wait_for(
                asyncio.gather(*calls, return_exceptions=True), self.timeout * share
            )
        except TimeoutError as exc:
            raise LearningInterrupted(f"not done in {self.timeout * share:.0f}s") from exc
        finally:
            self._learning -= len(calls)
        keys: list[set[str]] = []
        for part in done:
            if isinstance(part, BaseException):  # cancelled or broken with the pool
                raise LearningInterrupted(repr(part))
            keys += part
        return keys

    def _hand_off(self, loop: asyncio.AbstractEventLoop) -> None:
        while self._waiting and len(self._out) < BATCHES_PER_WORKER * self.workers:
            # A page that was out when a worker died or hung is a suspect: it goes alone,
            # with nothing else out, so a page that kills or hangs a worker fails by itself.
            alone = self._waiting[0][2]
            if alone and self._out:
                break
            size = 1 if alone else min(MAX_BATCH, len(self._waiting))
            batch, self._waiting = self._waiting[:size], self._waiting[size:]
            batch = [item for item in batch if not item[1].done()]  # settled meanwhile
            if not batch:
                continue
            pool = self._executor()
            try:
                done = pool.submit(run_batch, self.func, [job for job, _, _ in batch])
            except (BrokenProcessPool, RuntimeError):
                # A worker died and the pool knows it before its callbacks reached us: start
                # a new pool, and hand these pages off again as suspects.
                self._replace("crashed")
                self._waiting[:0] = [(job, future, True) for job, future, _ in batch]
                if self._out:
                    break
                continue
            out = _Out(batch, pool)
            self._out.append(out)
            done.add_done_callback(self._on_done(loop, out))
        self._start_timers(loop)  # every way out of the loop: a batch now first must be timed

    def _start_timers(self, loop: asyncio.AbstractEventLoop) -> None:
        """The timeout counts from when a batch can be running, not from when it was queued:
        with many sources, pages wait behind others for longer than any page may take."""
        for out in self._out[: max(1, self.workers)]:
            if out.timer is None:
                out.timer = loop.call_later(self.timeout, self._expired, loop, out)

    def _on_done(
        self, loop: asyncio.AbstractEventLoop, out: _Out
    ) -> Callable[[Future[Any]], object]:
        """The batch's future calls back in a pool thread: answer it on the loop's thread
        (a method of its own, so each callback keeps its own batch, not the while loop's last)."""
        return lambda done: loop.call_soon_threadsafe(self._answered, loop, done, out)

    def _answered(self, loop: asyncio.AbstractEventLoop, done: Any, out: _Out) -> None:
        if out not in self._out:
            return  # timed out already: its pages were settled or handed off again
        self._forget(out)
        batch = out.batch
        if done.cancelled() or isinstance(done.exception(), BrokenProcessPool):
            if out.pool is self._pool:  # not a pool replaced already
                self._replace("crashed")
            if len(batch) == 1 and batch[0][2]:  # it was alone: it killed the worker
                failure = ExtractFailure("crashed", "the extraction worker died on this page")
                _settle(batch[0][1], Prepared(failure))
            else:
                self._waiting[:0] = [(job, future, True) for job, future, _ in batch]
        elif done.exception() is not None:
            error = done.exception()
            for _, future, _ in batch:
                _settle(future, Prepared(ExtractFailure("error", repr(error))))
        else:
            for (_, future, _), result in zip(batch, done.result(), strict=True):
                _settle(future, result)
        self._hand_off(loop)

    def _expired(self, loop: asyncio.AbstractEventLoop, out: _Out) -> None:
        """A batch ran past the timeout: its worker hangs. A page out alone is the one that
        hangs it and fails; otherwise every page out goes again, each alone. The workers are
        killed (a hung one never returns)."""
        if out not in self._out:
            return
        if len(out.batch) == 1:
            failure = ExtractFailure("timeout", f"extraction took longer than {self.timeout:.0f}s")
            _settle(out.batch[0][1], Prepared(failure))
            self._forget(out)
        again = [(job, future, True) for o in self._out for job, future, _ in o.batch]
        for other in list(self._out):
            self._forget(other)
        self._waiting[:0] = again
        self._replace("hung")
        self._hand_off(loop)

    def _forget(self, out: _Out) -> None:
        self._out.remove(out)
        if out.timer is not None:
            out.timer.cancel()

    def _replace(self, why: str) -> None:
        """Kill the pool's workers (a hung one never returns) and start afresh on next use.
        Batches still out come back broken; their pages are handed off again, one by one."""
        if self._pool is None:
            return
        logger.warning("extraction worker %s: replacing the pool", why)
        self.kill()

    def kill(self) -> None:
        """Stop the workers now (a forced stop): their pages are recorded as interrupted."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        if self._out or self._learning:  # what is out may hang: waiting could be forever
            self.kill()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _settle(future: asyncio.Future[Prepared], result: Prepared) -> None:
    if not future.done():
        future.set_result(result)
