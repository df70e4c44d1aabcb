from __future__ import annotations

import asyncio
import zlib

from crawler.extract import Extracted, ExtractFailure, ExtractOptions
from crawler.extract.pool import ExtractionPool, LearningInterrupted
from tests.extract_faults import crash_or_hang, slow
from tests.faultserver import article_html

PAGE = article_html(1).encode()


async def _run(pool: ExtractionPool, urls: list[str]) -> list:
    return [(await pool.extract(PAGE, url, "text/html", ExtractOptions())).result for url in urls]


def test_pool_extracts_in_worker_processes() -> None:
    pool = ExtractionPool(2)
    try:
        results = asyncio.run(_run(pool, ["https://x.example/a/1", "https://x.example/a/2"]))
    finally:
        pool.close()
    assert all(isinstance(r, Extracted) and r.title.startswith("خبر رقم 1") for r in results)


def test_a_crashing_worker_is_replaced_and_the_page_recorded_failed() -> None:
    pool = ExtractionPool(2, func=crash_or_hang)
    try:
        crashed, after = asyncio.run(
            _run(pool, ["https://x.example/crash", "https://x.example/a/3"])
        )
    finally:
        pool.close()
    assert isinstance(crashed, ExtractFailure) and crashed.kind == "crashed"
    assert isinstance(after, Extracted)


def test_a_hanging_worker_times_out_and_is_replaced() -> None:
    pool = ExtractionPool(1, timeout=2, func=crash_or_hang)
    try:
        hung, after = asyncio.run(_run(pool, ["https://x.example/hang", "https://x.example/a/4"]))
    finally:
        pool.close()
    assert isinstance(hung, ExtractFailure) and hung.kind == "timeout"
    assert isinstance(after, Extracted)


def test_the_timeout_counts_a_page_s_own_extraction_not_its_wait_in_the_queue() -> None:
    """Three pages of 1.5 s each on one worker under a 2 s timeout: the last waits 3 s for
    the others (with many sources, pages queue), and none of them is cut off as hung."""
    pool = ExtractionPool(1, timeout=2, func=slow)

    async def together() -> list:
        jobs = [pool.extract(PAGE, f"https://x.example/a/{n}", "text/html", ExtractOptions())
                for n in range(3)]  # fmt: skip
        return [p.result for p in await asyncio.gather(*jobs)]

    try:
        results = asyncio.run(together())
    finally:
        pool.close()
    assert all(isinstance(r, Extracted) for r in results), results


def test_pages_handed_off_together_survive_a_page_that_kills_its_worker() -> None:
    """With the worker busy, pages travel in batches; one that kills its worker must not
    take the pages batched with it down: they are handed off again, suspects one at a time."""
    pool = ExtractionPool(1, func=crash_or_hang)
    urls = [f"https://x.example/a/{n}" for n in range(12)]
    urls.insert(5, "https://x.example/crash")

    async def together() -> list:
        jobs = [pool.extract(PAGE, url, "text/html", ExtractOptions()) for url in urls]
        return [p.result for p in await asyncio.gather(*jobs)]

    try:
        results = asyncio.run(together())
    finally:
        pool.close()
    failed = [url for url, r in zip(urls, results, strict=True) if isinstance(r, ExtractFailure)]
    assert failed == ["https://x.example/crash"]
    assert results[5].kind == "crashed"


def test_chrome_keys_are_read_by_the_workers_page_for_page_in_order() -> None:
    """Learning a source's chrome reads its pages' line keys in the workers, off the
    reactor: the answer is the one page_keys gives inline, one set per page, in order."""
    from crawler.extract.chrome import page_keys

    bodies = [article_html(n).encode() for n in range(7)]
    pages = [(zlib.compress(body), "text/html; charset=utf-8") for body in bodies]
    pool = ExtractionPool(2)
    try:
        keys = asyncio.run(pool.chrome_keys(pages))
    finally:
        pool.close()
    assert keys == [page_keys(body, "text/html; charset=utf-8") for body in bodies]
    assert keys[0] != keys[1]  # pages of their own, not one page's keys repeated


def test_learning_cut_short_by_a_stopped_pool_says_so_and_leaves_the_pool_to_its_owner() -> None:
    pages = [(zlib.compress(article_html(n).encode()), None) for n in range(40)]
    pool = ExtractionPool(1)

    async def learn_then_stop() -> BaseException | None:
        learning = asyncio.ensure_future(pool.chrome_keys(pages))
        await asyncio.sleep(0)  # the jobs are out
        pool.kill()  # a forced stop
        try:
            await learning
        except LearningInterrupted as exc:
            return exc
        return None

    try:
        interrupted = asyncio.run(learn_then_stop())
    finally:
        pool.close()
    assert isinstance(interrupted, LearningInterrupted)


def test_a_page_that_hangs_inside_a_batch_fails_alone_and_its_batch_mates_are_extracted() -> None:
    """Two slow pages keep the one worker busy, so the next three travel together; one of
    them hangs it. The batch runs past the timeout, its pages go again one by one, and only
    the hanging one fails (none waits for ever)."""
    pool = ExtractionPool(1, timeout=2, func=crash_or_hang)
    urls = ["https://x.example/slow", "https://x.example/slow", "https://x.example/a/1",
            "https://x.example/hang", "https://x.example/a/2"]  # fmt: skip

    async def together() -> list:
        jobs = [pool.extract(PAGE, url, "text/html", ExtractOptions()) for url in urls]
        return [p.result for p in await asyncio.wait_for(asyncio.gather(*jobs), 40)]

    try:
        results = asyncio.run(together())
    finally:
        pool.close()
    kinds = [r.kind if isinstance(r, ExtractFailure) else "ok" for r in results]
    assert kinds == ["ok", "ok", "ok", "timeout", "ok"]


def test_the_resource_tracker_keeps_quiet_about_the_semaphores_a_forced_stop_leaves() -> None:
    """A forced stop kills the workers and skips Python's teardown: the tracker removes the
    pool's semaphores, and must not print its multi-line warning on the user's terminal.
    Its options are the crawl's, so the crawl's process starts it with the warning off."""
    import subprocess
    import sys

    script = (
        "from multiprocessing import forkserver, resource_tracker\n"
        "from crawler.extract.pool import ExtractionPool\n"
        "ExtractionPool(1).warm()\n"
        "forkserver.ensure_running()\n"
        "pid = resource_tracker._resource_tracker._pid\n"
        "print(open(f'/proc/{pid}/cmdline').read().replace(chr(0), ' '))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert "-Wignore::UserWarning:multiprocessing.resource_tracker" in done.stdout


def _huge_page() -> bytes:
    """About 6 MB: a column of thousands of links beside an article of thousands of paragraphs."""
    words = [
        "الحكومة",
        "تعلن",
        "عن",
        "خطة",
        "جديدة",
        "لدعم",
        "الاقتصاد",
        "الوطني",
        "في",
        "ظل",
        "الأزمة",
    ]
    line = " ".join(words * 5)
    links = "".join(f'<li><a href="/news/{i}.html">{" ".join(words[i % 5 :])}</a></li>'
                    for i in range(6000))  # fmt: skip
    paragraphs = "".join(f"<p>{i} {line}</p>\n" for i in range(9000))
    return (
        f"<html><head><title>t</title></head><body><ul>{links}</ul>"
        f"<article><h1>عنوان</h1>{paragraphs}</article></body></html>"
    ).encode()


def _worker_rss_mb(pool: ExtractionPool) -> float:
    import os

    (pid,) = list(pool._pool._processes)  # type: ignore[union-attr]
    with open(f"/proc/{pid}/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def test_a_worker_gives_its_memory_back_after_a_huge_page() -> None:
    """A service runs for months: a worker must not keep a 6 MB page's tree for good."""
    import pytest

    from crawler.extract import memory

    if not callable(memory._TRIM):
        pytest.skip("no glibc malloc_trim here (musl, macOS)")
    pool = ExtractionPool(1)

    async def extract(page: bytes) -> object:
        return (
            await pool.extract(page, "https://x.example/a/1", "text/html", ExtractOptions())
        ).result

    try:
        asyncio.run(extract(PAGE))
        before = _worker_rss_mb(pool)
        result = asyncio.run(extract(_huge_page()))
        after = _worker_rss_mb(pool)
    finally:
        pool.close()
    assert isinstance(result, Extracted) and len(result.text) > 1_000_000
    # Measured: 130 MB kept without the trim, under 50 MB with it (Python's own arenas).
    assert after - before < 80, (before, after)
