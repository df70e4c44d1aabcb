"""The later pages of an article split over several (crawler.extract.parts finds the link to
each): fetched in turn through the downloader — politeness, robots.txt, retries, the page
budget, which lets an article's parts through so that none is cut — and the article extracted
again with every part so far, until no next part is linked (or MAX_PARTS)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.exceptions import DropItem
from twisted.python.failure import Failure

from archive import Capture
from crawler.canonical import clean_url
from crawler.downloader import ARTICLE_PART, NotSent
from crawler.errors import classify, report_error
from crawler.extract import Extracted, Part
from crawler.extract.parts import MAX_PARTS, part_number
from crawler.extract.pool import Prepared
from crawler.items import FetchedPage
from crawler.responses import HTML_TYPES, headers_of, media_type

Extract = Callable[[tuple[Part, ...]], Awaitable[Prepared]]


async def with_parts(
    crawler: Any, page: FetchedPage, prepared: Prepared, extract: Extract
) -> tuple[Prepared, tuple[Capture, ...], bool]:
    """The article's extraction with its later parts, their captures, and whether a part
    failed (recorded: the extraction has the parts before it). A crawl that stops before a
    part is sent drops the article (DropItem): the next run fetches it whole."""
    parts: list[Capture] = []
    read: set[str] = set()  # the pages read, once there are parts (most articles have none)
    while (following := _next_part(prepared)) and len(parts) < MAX_PARTS:
        read = read or {clean_url(page.url), clean_url(page.requested or page.url)}
        number = len(parts) + 2
        part = await _fetch(crawler, following, page, number)
        if part is None:
            return prepared, tuple(parts), True
        if _led_elsewhere(part.url, following, page.url, read):
            report_error(crawler, following, "part_failed",
                         f"part {number} of {page.url} leads to {part.url}")  # fmt: skip
            return prepared, tuple(parts), True
        read.add(clean_url(part.url))
        parts.append(part)
        prepared = await extract(tuple(_as_part(p) for p in parts))
        if _repeated(prepared, len(parts)):
            parts.pop()  # the page again under a box's pager: no part, kept as none
            break
        if isinstance(prepared.result, Extracted) and prepared.result.not_a_part:
            parts.pop()  # the series' next story: asked as an article of its own
            crawler.spider.ask_not_a_part(part.url, page.url)
            break
    return prepared, tuple(parts), False


def _repeated(prepared: Prepared, parts: int) -> bool:
    """Did the extraction leave the last part out, its text all the pages' before it?"""
    result = prepared.result
    return (
        isinstance(result, Extracted)
        and not result.broken_part
        and not result.not_a_part
        and result.pages <= parts
    )


def _led_elsewhere(landed: str, asked: str, first: str, read: set[str]) -> bool:
    """Did the part redirect to a page read already, or off the article (the home page)?"""
    if clean_url(landed) in read:
        return True
    return clean_url(landed) != clean_url(asked) and part_number(landed, first, least=1) is None


def _as_part(capture: Capture) -> Part:
    return capture.body, capture.url, capture.headers.get("Content-Type")


def _next_part(prepared: Prepared) -> str | None:
    return prepared.result.next_part if isinstance(prepared.result, Extracted) else None


async def _fetch(crawler: Any, url: str, page: FetchedPage, number: int) -> Capture | None:
    """A later page, or None when it failed (recorded)."""
    request = scrapy.Request(url, meta={ARTICLE_PART: True})
    try:
        response = await crawler.engine.download_async(request)
    except NotSent as exc:
        report_error(crawler, page.url, "part_not_fetched", f"part {number}: {exc}",
                     key=page.canonical)  # fmt: skip
        raise DropItem("part_not_fetched", log_level="DEBUG") from exc
    except Exception as exc:  # a refusal, a timeout after retries: recorded, no more parts
        kind, message = classify(Failure(exc))
        report_error(crawler, url, f"part_{kind}", f"part {number} of {page.url}: {message}")
        return None
    crawler.stats.inc_value("arshif/pages")
    crawler.stats.inc_value("arshif/bytes", len(response.body))
    kind = media_type(response)
    if response.status != 200 or kind not in HTML_TYPES:
        problem = f"HTTP {response.status}" if response.status != 200 else f"a {kind!r}"
        report_error(crawler, url, "part_failed", f"part {number} of {page.url}: {problem}")
        return None
    return Capture(
        url=response.url,
        status=response.status,
        headers=headers_of(response),
        body=response.body,
        fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
