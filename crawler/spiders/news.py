"""The generic news spider: discovery from feeds, sitemaps and listings, then article pages.

Articles leave as items with their raw response; extraction and archiving happen in the
pipeline. Every failed request and every malformed discovery input is recorded in the run.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple
from urllib.parse import urljoin

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.defer import deferred_from_coro
from twisted.internet.error import (
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure

from crawler.autodiscover import feed_links, robots_sitemaps
from crawler.canonical import canonical_url, clean_url, in_domains
from crawler.discovery import Entry, parse_feed, parse_sitemap
from crawler.middlewares import Refused
from crawler.pagination import next_pages, parse_page
from crawler.sources import Source

MAX_URL_LENGTH = 2048
MAX_LINKS_PER_PAGE = 5000  # a page with more links is a trap or a dump: the rest is ignored
_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
MAX_SITEMAP_DEPTH = 3
_SKIP_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".pdf", ".mp4", ".mp3",
                    ".zip", ".css", ".js", ".ico", ".xml", ".gz")  # fmt: skip
# Article requests handed to Scrapy at a time, per unit of the source's concurrency (at
# least MIN_IN_FLIGHT). The rest wait in the spider as small tuples: a sitemap of 50,000
# articles would otherwise sit in Scrapy's scheduler as 50,000 request objects.
IN_FLIGHT_PER_CONCURRENCY = 4
MIN_IN_FLIGHT = 64


class Waiting(NamedTuple):
    """A discovered article not yet handed to Scrapy."""

    url: str
    key: str
    archived_id: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    hint_date: str | None = None


class NewsSpider(scrapy.Spider):
    name = ""  # unlisted: the per-source subclasses carry the names
    source: Source
    run: Any  # crawler.runner.RunContext; the pipeline opens one when Scrapy runs us directly
    bound_source: Source | None = None

    def __init__(self, source: Source | None = None, run: Any = None, **kwargs: Any) -> None:
        source = source or self.bound_source
        if source is None:
            raise ValueError("NewsSpider needs a source: use `scrapy crawl <source id>`")
        super().__init__(name=source.id, **kwargs)
        self.source = source
        self.run = run
        self.allowed_domains = list(source.allowed_domains)
        self.seen_articles: set[str] = set()
        self.seen_pages: set[str] = set()
        self.waiting: deque[Waiting] = deque()
        self.in_flight = 0  # article requests handed to Scrapy, not yet answered
        self.max_in_flight = max(MIN_IN_FLIGHT, IN_FLIGHT_PER_CONCURRENCY * source.concurrency)
        self.scheduler_peak = 0

    # -- discovery --------------------------------------------------------

    async def start(self) -> Any:
        for url in self.source.feeds:
            yield self._page(url, self.parse_feed)
        for url in self.source.sitemaps:
            yield self._page(url, self.parse_sitemap, sitemap_depth=0)
        if not self.source.sitemaps:
            # No sitemap configured: the ones robots.txt names. Asked unconditionally, so a
            # 304 never hides them (their lastmod is the publishers' edit signal); a site
            # without robots.txt is no error.
            for url in dict.fromkeys(urljoin(u, "/robots.txt") for u in self.source.start_urls):
                self.seen_pages.add(url)
                meta = {"robots": True, "handle_httpstatus_list": [403, 404, 410]}
                yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.on_error,
                                     meta=meta, dont_filter=True)  # fmt: skip
        for url in self.source.start_urls:
            yield self._page(url, self.parse_listing, depth=0)
        self._queue_rechecks()
        for request in self._feed():
            yield request

    def _queue_rechecks(self) -> None:
        """Recent archived articles, asked again with their validators: edits are found even
        when the feeds that listed them answer 304 or have moved on."""
        if not self.run:
            return
        days = self.run.recheck_days(self.source)
        since = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")
        for state in self.run.guard(
            self.run.archive.due_articles, self.source.id, since, default=[]
        ):
            self.seen_articles.add(state["url"])
            self.waiting.append(_waiting(state["fetched_url"] or state["url"], state["url"], state))

    def _page(self, url: str, callback: Any, **meta: Any) -> scrapy.Request:
        self.seen_pages.add(clean_url(url))
        headers = {}
        if self.run and self.run.conditional_discovery:
            etag, last_modified = self.run.guard(
                self.run.archive.discovery_validators, url, default=(None, None)
            )
            headers = _conditional(etag, last_modified)
        meta["handle_httpstatus_list"] = [304]
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,
            meta=meta,
            headers=headers,
            dont_filter=True,
        )

    def _discovery_body(self, response: Response) -> bytes | None:
        """The page's body, or None when it answered 304 (nothing new to read)."""
        self._count(response)
        if response.status == 304:
            if self.run:
                self.run.count_not_modified()
            return None
        if self.run:
            self.run.guard(
                self.run.archive.save_discovery_validators,
                response.request.url,
                _header(response, "ETag"),
                _header(response, "Last-Modified"),
            )
        return response.body

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        body = self._discovery_body(response)
        if body is None:
            return
        parsed = parse_feed(body)
        if parsed.problem:
            self._record(
                response.url,
                "feed_not_xml" if parsed.kind == "html" or not parsed.entries else "feed_malformed",
                parsed.problem,
            )
        for entry in parsed.entries:
            yield from self._article(entry.url, response.url, entry)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        if response.meta.get("robots") and response.status != 200:
            return
        body = self._discovery_body(response)
        if body is None:
            return
        if response.meta.get("robots"):
            for url in robots_sitemaps(body):
                if clean_url(url) not in self.seen_pages and self._allowed(url):
                    yield self._page(url, self.parse_sitemap, sitemap_depth=0)
            return
        parsed = parse_sitemap(body)
        if parsed.problem:
            kind = "sitemap_not_xml" if not parsed.entries else "sitemap_malformed"
            self._record(response.url, kind, parsed.problem)
        depth = response.meta.get("sitemap_depth", 0)
        for entry in parsed.entries:
            if parsed.kind == "sitemapindex":
                url = clean_url(urljoin(response.url, entry.url))
                if url in self.seen_pages or depth >= MAX_SITEMAP_DEPTH or not self._allowed(url):
                    continue  # a sitemap index that lists itself is read once
                yield self._page(url, self.parse_sitemap, sitemap_depth=depth + 1)
            else:
                yield from self._article(entry.url, response.url, entry)

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        if self._discovery_body(response) is None or not hasattr(response, "css"):
            return
        depth = response.meta.get("depth", 0)
        tree = parse_page(response.body)
        if tree is not None:
            if depth == 0 and not self.source.feeds:  # feeds the start page declares
                for url in feed_links(tree, response.url):
                    if clean_url(url) not in self.seen_pages and self._allowed(url):
                        yield self._page(url, self.parse_feed)
            # Pagination is not depth: a section's next pages are followed to its end.
            for url in next_pages(tree, response.url, self.source.is_article):
                if self._followable(url):
                    yield self._page(url, self.parse_listing, depth=depth)
        hrefs = response.css("a::attr(href)").getall()
        if len(hrefs) > MAX_LINKS_PER_PAGE:
            self._record(
                response.url,
                "too_many_links",
                f"{len(hrefs)} links; read the first {MAX_LINKS_PER_PAGE}",
            )
            hrefs = hrefs[:MAX_LINKS_PER_PAGE]
        for href in hrefs:
            url = urljoin(response.url, href.strip())
            if not url.startswith(("http://", "https://")) or len(url) > MAX_URL_LENGTH:
                continue
            if self.source.is_article(url):
                yield from self._article(url, response.url)
            elif depth < self.source.max_depth and self._followable(url):
                yield self._page(url, self.parse_listing, depth=depth + 1)

    def _followable(self, url: str) -> bool:
        cleaned = clean_url(url)
        if cleaned in self.seen_pages or not self._allowed(cleaned):
            return False
        return not cleaned.lower().split("?")[0].endswith(_SKIP_EXTENSIONS)

    def _allowed(self, url: str) -> bool:
        return in_domains(url, self.source.allowed_domains)

    def _article(
        self, url: str, referer: str, entry: Entry | None = None
    ) -> Iterator[scrapy.Request]:
        url = urljoin(referer, url.strip())
        if len(url) > MAX_URL_LENGTH or not self.source.is_article(url) or not self._allowed(url):
            return
        key = canonical_url(url, self.source.url_rewrites)
        if key in self.seen_articles:
            return
        self.seen_articles.add(key)
        # A source rewrite names the article's one true address: fetch that, once.
        target = key if key != canonical_url(url) else clean_url(url)
        state = self.run.guard(self.run.archive.article_state, key, target) if self.run else None
        if state is not None and not self._due(state):
            self.run.count_skipped()
            return  # archived, and too old to be re-checked for edits
        self.waiting.append(_waiting(target, key, state, entry.published if entry else None))
        yield from self._feed()

    def _feed(self) -> Iterator[scrapy.Request]:
        """Waiting articles, as requests, while fewer than max_in_flight are unanswered:
        each answer (or failure) asks for the next one."""
        while self.waiting and self.in_flight < self.max_in_flight:
            self.in_flight += 1
            yield self._article_request(self.waiting.popleft())

    def _answered(self, request: scrapy.Request) -> None:
        if "canonical" in request.meta:
            self.in_flight = max(0, self.in_flight - 1)

    def _article_request(self, article: Waiting) -> scrapy.Request:
        """An article fetch; for an archived one, conditional (a 304 costs no body)."""
        meta: dict[str, Any] = {"canonical": article.key, "hint_date": article.hint_date}
        headers: dict[str, str] = {}
        if article.archived_id is not None:
            meta["archived_id"] = article.archived_id
            meta["handle_httpstatus_list"] = [304]
            headers = _conditional(article.etag, article.last_modified)
        return scrapy.Request(
            article.url,
            callback=self.parse_article,
            errback=self.on_error,
            meta=meta,
            headers=headers,
        )

    def _due(self, state: dict) -> bool:
        """Recent articles are re-checked for edits; older ones are left alone."""
        stamp = state["published_at"] or state["first_seen_at"]
        try:
            when = datetime.fromisoformat(stamp)
        except (TypeError, ValueError):
            return True
        when = when if when.tzinfo else when.replace(tzinfo=UTC)
        age_days = (datetime.now(UTC) - when).total_seconds() / 86400
        return age_days <= self.run.recheck_days(self.source)

    # -- articles ---------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[dict | scrapy.Request]:
        self._answered(response.request)
        yield from self._article_item(response)
        yield from self._feed()

    def _article_item(self, response: Response) -> Iterator[dict]:
        self._count(response)
        if response.status == 304:
            self.run.not_modified(response.meta["archived_id"])
            return
        kind = (_header(response, "Content-Type") or "").split(";")[0].strip().lower()
        if kind not in _HTML_TYPES:
            self._record(response.url, "not_html", f"content type {kind!r} is not a web page")
            return
        headers = {
            k.decode("latin-1"): b", ".join(v).decode("latin-1")
            for k, v in response.headers.items()
        }
        yield {
            "source": self.source.id,
            "canonical": response.meta["canonical"],
            "url": response.url,
            "status": response.status,
            "headers": headers,
            "body": response.body,
            "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "hint_date": response.meta.get("hint_date"),
        }

    # -- bookkeeping ------------------------------------------------------

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.on_spider_error, signal=signals.spider_error)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider.on_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(spider.on_dropped, signal=signals.request_dropped)
        crawler.signals.connect(spider.on_closed, signal=signals.spider_closed)
        if spider.run is not None:
            spider.run.stop_crawl = spider.stop_for_archive_error
            spider.run.articles_waiting = spider.waiting.__len__
        return spider

    def on_idle(self, spider: Any) -> None:
        """Nothing in flight but articles still waiting: a request ended on a path that
        neither a callback, an errback nor request_dropped reports. Feed on, never stall."""
        if not self.waiting:
            return
        self.in_flight = 0
        for request in self._feed():
            self.crawler.engine.crawl(request)
        raise DontCloseSpider

    def on_dropped(self, request: scrapy.Request, spider: Any) -> None:
        """A redirect to a page already fetched is dropped by Scrapy: no answer will come."""
        self._answered(request)

    def on_scheduled(self, request: scrapy.Request, spider: Any) -> None:
        scheduler = self.crawler.engine.scheduler
        if scheduler is not None and hasattr(scheduler, "__len__"):
            self.scheduler_peak = max(self.scheduler_peak, len(scheduler) + 1)

    def on_closed(self, spider: Any, reason: str) -> None:
        self.logger.info(
            "articles: %d discovered, %d never requested (%s); Scrapy queued %d requests at most",
            len(self.seen_articles), len(self.waiting), reason, self.scheduler_peak,
        )  # fmt: skip

    def stop_for_archive_error(self) -> None:
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="archive_error"))

    def on_spider_error(self, failure: Failure, response: Response, spider: Any) -> None:
        """A bug or an unexpected page in a callback: recorded, and the crawl goes on."""
        self._record(
            response.url, "spider_error", f"{type(failure.value).__name__}: {failure.value}"
        )

    def _count(self, response: Response) -> None:
        if self.run:
            self.run.page(len(response.body))

    def _record(self, url: str, kind: str, message: str) -> None:
        self.logger.warning("%s %s: %s", kind, url, message)
        if self.run:
            self.run.error(url, kind, message)

    def on_error(self, failure: Failure) -> Iterator[scrapy.Request]:
        request = failure.request  # type: ignore[attr-defined]
        self._answered(request)
        if not failure.check(Refused):  # a refusal is recorded by the middleware
            kind, message = classify(failure)
            self._record(request.url, kind, message)
        return self._feed()


def _waiting(url: str, key: str, state: dict | None, hint_date: str | None = None) -> Waiting:
    if state is None:
        return Waiting(url, key, hint_date=hint_date)
    return Waiting(url, key, state["id"], state["etag"], state["last_modified"], hint_date)


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _conditional(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


_MESSAGES = [  # (fragment of the exception message, recorded kind), checked first
    ("during decompression", "decompression_bomb"),
    ("max redirections", "too_many_redirects"),
    ("maxsize", "too_large"),
    ("larger than download", "too_large"),
    ("exceeds download_maxsize", "too_large"),
]
_KINDS = [  # (fragment of the exception class name, recorded kind)
    ("resolve", "dns"),
    ("dns", "dns"),
    ("timeout", "timeout"),
    ("timedout", "timeout"),
    ("refused", "connection_refused"),
    ("connectionlost", "connection_lost"),
    ("responsefailed", "connection_lost"),
    ("reset", "connection_lost"),
    ("dataloss", "connection_lost"),
    ("maxsize", "too_large"),
    ("ignorerequest", "refused"),
    # Scrapy cancels a download for one reason only: it grew past DOWNLOAD_MAXSIZE.
    ("downloadcancelled", "too_large"),
]


def classify(failure: Failure) -> tuple[str, str]:
    """A stable error kind for the run's record, and a one-line message."""
    exc = failure.value
    if failure.check(HttpError):
        status = exc.response.status
        return f"http_{status}", f"HTTP {status}"
    if failure.check(DNSLookupError):
        return "dns", str(exc)[:500]
    if failure.check(TimeoutError, TCPTimedOutError):
        return "timeout", str(exc)[:500]
    if failure.check(ConnectionRefusedError):
        return "connection_refused", str(exc)[:500]
    name, text = type(exc).__name__.lower(), str(exc).lower()
    kind = next((k for fragment, k in _MESSAGES if fragment in text), None)
    kind = kind or next((k for fragment, k in _KINDS if fragment in name), name)
    return kind, f"{type(exc).__name__}: {exc}"[:500]


def spider_for(source: Source, bind: bool = False) -> type[NewsSpider]:
    """A NewsSpider subclass carrying the source's politeness settings (and, with bind, the
    source itself, so that `scrapy crawl <id>` can build it without arguments)."""
    settings = {
        "DOWNLOAD_DELAY": source.download_delay,
        "CONCURRENT_REQUESTS_PER_DOMAIN": source.concurrency,
        "CLOSESPIDER_PAGECOUNT": source.max_pages,
        "AUTOTHROTTLE_ENABLED": source.download_delay > 0,
        "DOWNLOAD_MAXSIZE": source.max_response_bytes,
        "DOWNLOAD_WARNSIZE": source.max_response_bytes // 2,
        "DOWNLOAD_TIMEOUT": source.timeout,
    }
    attrs: dict[str, Any] = {"name": source.id, "custom_settings": settings}
    if bind:
        attrs["bound_source"] = source
        attrs["__module__"] = "crawler.spiders"  # where Scrapy's spider loader looks
    return type(f"NewsSpider_{source.id}", (NewsSpider,), attrs)
