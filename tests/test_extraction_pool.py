from __future__ import annotations

import asyncio

from crawler.extract import Extracted, ExtractFailure, ExtractOptions
from crawler.extract.pool import ExtractionPool
from tests.extract_faults import crash_or_hang
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
