"""From a fetched article page to an archive item: extraction in the pool, then the record.

The pipeline writes nothing: the item goes on to the run's recorder (crawler.recorder)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.exceptions import DropItem, NotConfigured
from twisted.python.failure import Failure

from archive import ArticleRecord, Capture
from crawler.canonical import canonical_url, in_domains
from crawler.crawlrun import CrawlRun, run_of
from crawler.downloader import NotSent
from crawler.errors import classify, report_error
from crawler.extract import Extracted, ExtractFailure, ExtractOptions
from crawler.extract.dates import parse_date
from crawler.extract.parts import MAX_PARTS
from crawler.extract.pool import Prepared
from crawler.items import ArticleItem, FetchedPage
from crawler.responses import HTML_TYPES, headers_of, media_type
from crawler.sources import Source


class ExtractPipeline:
    def __init__(self, crawler: Any, run: CrawlRun) -> None:
        self.crawler = crawler
        self.run = run
        source = run.source
        self.options = ExtractOptions(
            source.body_selector, source.drop_selectors, chrome=run.chrome
        )

    @classmethod
    def from_crawler(cls, crawler: Any) -> ExtractPipeline:
        run = run_of(crawler)
        if run is None:
            raise NotConfigured("no arshif run for this crawler")
        return cls(crawler, run)

    async def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, FetchedPage):
            return item
        content_type = item.headers.get("Content-Type")
        prepared = await self.run.pool.extract(item.body, item.url, content_type, self.options)
        parts: list[Capture] = []
        # An article split over several pages: each part is fetched, then all are extracted
        # together (the next part's address is read from the last one).
        while (following := _next_part(prepared)) and len(parts) < MAX_PARTS:
            part = await self._fetch_part(following, item, len(parts) + 2)
            if part is None:
                break  # failed and recorded: the article is archived with the parts it has
            parts.append(part)
            prepared = await self.run.pool.extract(
                item.body, item.url, content_type, self.options,
                parts=tuple((p.body, p.url, p.headers.get("Content-Type")) for p in parts),
            )  # fmt: skip
        result = prepared.result
        if isinstance(result, ExtractFailure):
            report_error(self.crawler, item.url, f"extract_{result.kind}", result.message,
                         key=item.canonical)  # fmt: skip
            raise DropItem(f"extract_{result.kind}", log_level="DEBUG")  # recorded already
        capture = replace(_capture(item, result, prepared), parts=tuple(parts))
        return ArticleItem(item.canonical, self._record(item, result, prepared), capture)

    async def _fetch_part(self, url: str, page: FetchedPage, number: int) -> Capture | None:
        """A later page of the article, through the downloader (politeness, robots.txt, the
        page budget); None when it failed (recorded). A crawl stopping before it was sent
        drops the article: the next run fetches it whole."""
        try:
            response = await self.crawler.engine.download_async(scrapy.Request(url))
        except NotSent as exc:
            report_error(self.crawler, page.url, "part_not_fetched", f"part {number}: {exc}",
                         key=page.canonical)  # fmt: skip
            raise DropItem("part_not_fetched", log_level="DEBUG") from exc
        except Exception as exc:  # a refusal, a timeout after retries: recorded, no more parts
            kind, message = classify(Failure(exc))
            report_error(
                self.crawler, url, f"part_{kind}", f"part {number} of {page.url}: {message}"
            )
            return None
        self.crawler.stats.inc_value("arshif/pages")
        self.crawler.stats.inc_value("arshif/bytes", len(response.body))
        kind = media_type(response)
        if response.status != 200 or kind not in HTML_TYPES:
            problem = f"HTTP {response.status}" if response.status != 200 else f"a {kind!r}"
            report_error(
                self.crawler, url, "part_failed", f"part {number} of {page.url}: {problem}"
            )
            return None
        return Capture(
            url=response.url,
            status=response.status,
            headers=headers_of(response),
            body=response.body,
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )

    def _record(self, page: FetchedPage, result: Extracted, prepared: Prepared) -> ArticleRecord:
        published, raw, origin = result.published_at, result.published_raw, result.published_from
        # A permalink's date has no time: the feed's date of the same day says more. (A
        # feed's date on another day may be its re-push of an edit, never the publication.)
        usable = published is None or origin == "url"
        hinted = parse_date(page.hint_date) if page.hint_date and usable else None
        if hinted and (published is None or hinted[:10] == published):
            published, raw, origin = hinted, page.hint_date, "feed"
        return ArticleRecord(
            url=self._url(page, result),
            source=self.run.source.id,
            title=result.title,
            text=result.text,
            published_at=published,
            published_raw=raw if published else None,
            published_from=origin if published else None,
            authors=result.authors,
            language=result.language,
            # The address the crawl asked for: a later run finds the article by it, so a
            # link that redirects (/go/123) is not fetched again (the capture keeps where
            # the redirect ended).
            fetched_url=page.requested or page.url,
            etag=page.headers.get("Etag") or page.headers.get("ETag"),
            last_modified=page.headers.get("Last-Modified"),
            content_hash=prepared.content_hash,
            minhash=prepared.minhash,
            search_title=prepared.search_title,
            search_text=prepared.search_text,
        )

    def _url(self, page: FetchedPage, result: Extracted) -> str:
        """rel=canonical wins only when it points at an article of this source that is not
        another story: a template that points every page at one URL must not merge different
        articles into one row. A URL this crawl fetches on its own too wins only once the
        archive holds this story there (else a broken template's pages would each write it
        before its own page came)."""
        source, url = self.run.source, page.canonical
        declared = result.canonical and canonical_url(result.canonical, source.url_rewrites)
        if (
            not declared
            or declared == url
            or not in_domains(declared, source.allowed_domains)
            or not source.is_article(declared)
        ):
            return _redirected(page, source) or url
        held = self.run.read(self.run.archive.story_at, declared, result.text, default="other")
        fetched_too = declared in self.crawler.spider.frontier.seen
        return declared if held == "same" or (held == "none" and not fetched_too) else url


def _next_part(prepared: Prepared) -> str | None:
    return prepared.result.next_part if isinstance(prepared.result, Extracted) else None


def _redirected(page: FetchedPage, source: Source) -> str | None:
    """Where a redirect ended, when that is an article of the source: the article's address
    (the link followed, /go/123 or an old path, is only the way there)."""
    if not page.requested or page.requested == page.url:
        return None
    landed = canonical_url(page.url, source.url_rewrites)
    if landed == page.canonical or not in_domains(landed, source.allowed_domains):
        return None
    return landed if source.is_article(landed) else None


def _capture(page: FetchedPage, result: Extracted, prepared: Prepared) -> Capture:
    return Capture(
        url=page.url,
        status=page.status,
        headers=page.headers,
        body=page.body,
        fetched_at=page.fetched_at,
        encoding=result.encoding,
        body_zlib=prepared.body_zlib,
    )
