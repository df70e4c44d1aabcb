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
import zlib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from archive.dedup import content_hash, signature
from archive.normalize import normalize, tokens
from crawler.extract import Extracted, ExtractFailure, ExtractOptions, extract
from crawler.lifetime import die_with_parent

logger = logging.getLogger(__name__)
DEFAULT_TIMEOUT = 60.0


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
    columns, the compressed body (named as Prepared's fields and ArticleRecord's)."""
    search_text = normalize(text)
    words = tokens(search_text, normalized=True)  # one normalization for every key
    sig = signature(text, words)
    return {
        "content_hash": content_hash(text, words),
        "minhash": sig.to_bytes() if sig else None,
        "body_zlib": zlib.compress(body, 6),
        "search_title": normalize(title or ""),
        "search_text": search_text,
    }


def prepare(
    body: bytes, url: str, content_type: str | None, options: ExtractOptions,
    now: datetime | None = None,
) -> Prepared:  # fmt: skip
    result = extract(body, url, content_type, options, now)
    if isinstance(result, ExtractFailure):
        return Prepared(result)
    return Prepared(result, **archive_keys(result.title, result.text, body))


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


def _worker_setup() -> None:
    """A worker is stopped by its parent only: the terminal's ^C and a SIGTERM sent to the
    whole process group (systemd does that) must not kill pages in the middle of their
    extraction; the parent drains, then shuts the pool down. It still dies with the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    die_with_parent()


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

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn: clean workers, never a fork of the reactor; each is a child of the crawl
            # and exits when the crawl does (its task pipe closes), even after a kill -9.
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=context, initializer=_worker_setup
            )
        return self._pool

    async def extract(
        self, body: bytes, url: str, content_type: str | None, options: ExtractOptions,
        now: datetime | None = None,
    ) -> Prepared:  # fmt: skip
        if self.workers <= 0:
            return self.func(body, url, content_type, options, now)
        future = self._executor().submit(self.func, body, url, content_type, options, now)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout)
        except TimeoutError:
            self._replace("hung")
            return Prepared(
                ExtractFailure("timeout", f"extraction took longer than {self.timeout:.0f}s")
            )
        except BrokenProcessPool:
            self._replace("crashed")
            return Prepared(ExtractFailure("crashed", "the extraction worker died on this page"))

    def _replace(self, why: str) -> None:
        """Kill the pool's workers (a hung one never returns) and start afresh on next use."""
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
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
