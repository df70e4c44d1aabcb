"""The generic news spider: discovery from feeds, sitemaps and listings, then article pages.

Its callbacks discover and fetch; they never write. Article pages leave as FetchedPage items
(extraction is the pipeline's, writing the recorder's); counts go to `arshif/*` stats and
problems to `page_error` (crawler.errors). Which articles are fetched, and when archived ones
are asked again, is the frontier's call (crawler.frontier).
"""

from __future__ import annotations

import asyncio
import re
import zlib
from collections.abc import AsyncIterator, Generator, Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import scrapy
from lxml import etree
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.utils.defer import deferred_from_coro
from twisted.python.failure import Failure
from w3lib.url import safe_url_string

from crawler import settings as defaults
from crawler.autodiscover import feed_links, sitemap_urls
from crawler.canonical import (
    article_ids,
    canonical_url,
    clean_url,
    host_of,
    in_domains,
    query_in_charset,
    site_domain,
)
from crawler.compression import DecompressionBomb, gunzip
from crawler.cookies import COOKIE_GAINED
from crawler.crawlrun import (
    CATCHING_UP,
    FIRST_CRAWL,
    WALK_DUE,
    CrawlRun,
    claimed_elsewhere,
    run_of,
)
from crawler.discovery import (
    Entry,
    Parsed,
    gunzip_if_needed,
    parse_feed,
    parse_sitemap,
    xml_kind,
)
from crawler.downloader import HOST_DOWN, NotSent, PoliteDownloader, stopped_sending
from crawler.errors import (
    classify,
    listing_found,
    report_children,
    report_endpoint,
    report_error,
    report_revisits,
    report_signal,
    report_title,
    report_validators,
    settle_page,
)
from crawler.extract.decode import decode_html
from crawler.extract.parts import LATER_PAGE_PARAMS
from crawler.frontier import (
    BEHIND_NEWS,
    Frontier,
    Waiting,
    due,
    newer_signal,
    now_utc,
    shifted,
    waiting_for,
)
from crawler.headlines import EDIT, SAME, ListedTitles, headline, link_headlines
from crawler.hiddenlinks import hidden_links
from crawler.items import FetchedPage, Gone, NotModified
from crawler.jsonlisting import json_listing, state_listing
from crawler.leftovers import Leftovers
from crawler.middlewares import Refused
from crawler.pagination import (
    header_next_pages,
    menu_links,
    next_pages,
    numbered_pages,
    pager_pages,
    parse_page,
    posted_pager,
    scripted_pager,
    session_fields,
    without_fields,
)
from crawler.responses import HTML_TYPES, header, headers_of, media_type
from crawler.sitemapreads import SitemapReads, named_day, newest, newest_first
from crawler.sources import Source
from crawler.traps import is_trap

MAX_URL_LENGTH = 2048
MAX_LINKS_PER_PAGE = 5000  # a page with more links is a trap or a dump: the rest is ignored
# Pages in a row that list no article (a day archive's empty days) before a section is left:
# two weeks of a day archive (a holiday), not the empty years of a calendar.
EMPTY_PAGES_IN_A_ROW = 14
# A listing's boxes beside its own list: the same links on every page of a section.
_BOXES = etree.XPath(
    "//aside | //nav | //header | //footer | //*[contains(@class, 'sidebar')"
    " or contains(@id, 'sidebar') or contains(@class, 'widget')"
    " or contains(@class, 'most-read') or contains(@class, 'popular')]"
)
MAX_SITEMAP_DEPTH = 3
_SKIP_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".pdf", ".mp4", ".mp3",
                    ".zip", ".css", ".js", ".ico", ".xml", ".gz")  # fmt: skip
# An archived article whose re-check answers so was taken down by its publisher (a 403 or a
# 5xx may be passing; a 404 or a 410 says the page is not there, a 451 that it may not be).
GONE = frozenset({"http_404", "http_410", "http_451"})
# No server answered: after this many requests in a row (each after its retries), the site is
# down for this run (HOST_DOWN, the run's stop reason).
UNREACHABLE = frozenset({"connection_refused", "dns", "timeout", "connection_lost"})
HOST_DOWN_AFTER = 5
# A new article's fetch that failed so may answer next time: it is kept for the next crawl.
PASSING = UNREACHABLE | {HOST_DOWN, "http_408", "http_425", "http_429"}
# Pages of a resumed backlog read past archived stories (slid down onto them as the site
# published), at most: a site that published more meanwhile has its backlog's stories found
# by the full walk. (On a full walk, every archived story new to the chain is news.)
MAX_SLID_PAGES = 10
# Pages the article pattern took that a run reads as listings (on_listing), at most.
MAX_LISTINGS_FOUND = 100
PENDING_CHUNK = 500  # pending articles looked up between two turns of the reactor


class NewsSpider(scrapy.Spider):
    name = ""  # unlisted: the per-source subclasses carry the names
    source: Source
    crawl_run: CrawlRun
    sitemap_reads: SitemapReads
    bound_source: Source | None = None

    def __init__(self, source: Source | None = None, **kwargs: Any) -> None:
        source = source or self.bound_source
        if source is None:
            raise ValueError("NewsSpider needs a source: use `scrapy crawl <source id>`")
        super().__init__(name=source.id, **kwargs)
        self.source = source
        self.allowed_domains = list(source.allowed_domains)
        self.seen_pages: set[str] = set()
        self.frontier = Frontier(source.concurrency)
        self.scheduler_peak = 0
        self.maps_asked = 0  # child sitemaps asked, in all (their order in Scrapy's queue)
        self.maps_out = 0  # sitemaps asked and not answered: the backlog waits for them
        self.unreachable = 0  # requests in a row that found no server (HOST_DOWN_AFTER)
        self.new_articles = 0  # articles the archive lacks, on the listing page being read
        self.skipped: dict[str, str] = {}  # archived and not due: key -> URL to fetch it at
        self.fresh: set[str] = set()  # keys of this run's articles the archive did not have
        # The date a feed or sitemap gave an article, whichever link to it was fetched: a
        # listing's link fetched before the feed's came without it.
        self.hints: dict[str, str] = {}
        # Per pagination chain (its first page's address): the fresh articles a page of it
        # has counted as news. The chain of the page being read: self.chain.
        self.listed: dict[str, set[str]] = {}
        self.chain = ""
        self.listings_found = 0  # on_listing's
        self.other_hosts: set[str] = set()  # another host of the site's, said once a run
        self.posted_pagers: set[str] = set()  # chains whose pager only a POST follows: said
        # Query fields the listings' own links showed to hold a session's token (a value
        # that changes from page to page): left out where pages are told apart.
        self.session_fields: set[str] = set()
        # Feed shortlinks no pattern knows ("/?p=3"): articles only if they lead to one.
        self.unsure: set[str] = set()
        self.landed: set[str] = set()  # article addresses other links led to, fetched there
        # First pages of articles whose later part a link led to: the pages dropped for them,
        # until their crawl has read its parts (then the pages it read as parts). A page it
        # did not read so (a series' next story, its own date) is an article of its own.
        self.later_parts: dict[str, set[str]] = {}
        self.parts_of: dict[str, set[str]] = {}
        self.not_parts: set[str] = set()
        # Archived articles a copy of which turned up elsewhere (ask_again): answered 304 in
        # this run, or to be asked whole when their 304 comes.
        self.not_modified: set[str] = set()
        self.ask_whole: set[str] = set()
        self.cookie_asked: set[str] = set()  # pages asked again with a cookie they set
        self.links = LinksOffered()
        self.signals_read: dict[str, str] = {}  # the latest change date read, by article key
        self.titles = ListedTitles()  # the headlines listings and feeds showed, by article key
        self.now = now_utc()
        # What the last crawls left to this one, and what it leaves to the next (its limits
        # as the crawl's settings say: from_crawler).
        self.left = Leftovers(
            source.id, defaults.ARSHIF_PENDING_ATTEMPTS, defaults.ARSHIF_MAX_PENDING,
            defaults.ARSHIF_PENDING_GIVE_UP_AFTER,
        )  # fmt: skip

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        run = run_of(crawler)
        if run is None:
            raise ValueError(f"no arshif run for source {spider.source.id!r}")
        spider.crawl_run = run
        settings = crawler.settings
        spider.left.attempts = settings.getint("ARSHIF_PENDING_ATTEMPTS", spider.left.attempts)
        spider.left.keep = settings.getint("ARSHIF_MAX_PENDING", spider.left.keep)
        spider.left.wait = settings.getfloat("ARSHIF_PENDING_GIVE_UP_AFTER", spider.left.wait)
        run.full_walk = spider._walks_whole(run)
        spider.sitemap_reads = SitemapReads(
            lambda: run.read(run.archive.sitemap_reads, spider.source.id, default={}),
            walks_whole=bool(run.full_walk),
            now=spider.now,
        )
        crawler.signals.connect(spider.on_spider_error, signal=signals.spider_error)
        crawler.signals.connect(spider.on_item_error, signal=signals.item_error)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider.on_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(spider.on_dropped, signal=signals.request_dropped)
        crawler.signals.connect(spider.on_closed, signal=signals.spider_closed)
        crawler.signals.connect(spider.on_robots, signal=signals.robots_parsed)
        crawler.signals.connect(spider.on_listing, signal=listing_found)
        return spider

    def _walks_whole(self, run: CrawlRun) -> str:
        """Why this run walks every section to its end, past pages of archived articles
        (crawlrun.FIRST_CRAWL, WALK_DUE, CATCHING_UP: _next_pages), or "". After a crawl the
        crawler cut short (a stop, a recycle, its death): what it found and never fetched is
        known to no one. (Not after a page budget or a time limit: the next pages it did not
        reach are pending.) And once the last full walk is older than full_walk_after: a
        story put deep into a section (inserted, backdated) that no feed or sitemap names is
        found then."""
        source = self.source
        if run.read(run.archive.cut_short_by_us, source.id, default=False):
            return CATCHING_UP
        if run.read(run.archive.last_status, source.id) is None:
            return FIRST_CRAWL
        if not source.full_walk_after:
            return ""
        last = run.read(run.archive.last_full_walk, source.id)
        due = shifted(self.now, -source.full_walk_after)
        return WALK_DUE if last is None or datetime.fromisoformat(last) <= due else ""

    # -- discovery --------------------------------------------------------

    async def start(self) -> Any:
        for url in self.source.feeds:
            yield self._page(url, self.parse_feed)
        for url in self.source.sitemaps:
            yield self._page(url, self.parse_sitemap, sitemap_depth=0)
        for url in self.source.start_urls:
            yield self._page(url, self.parse_listing, listing_depth=0)
        for request in self._declared_before():
            yield request
        for url in self.crawl_run.seed_articles:
            for request in self._article(url, url):
                yield request
        async for request in self._left_before():
            yield request
        self._queue_rechecks()
        for request in self._feed():
            yield request

    def _declared_before(self) -> Iterator[scrapy.Request]:
        """Feeds and sitemaps the source declared on earlier runs: read again even when the
        page that declared them answers 304 this time."""
        run = self.crawl_run
        for endpoint in run.read(run.archive.endpoints, self.source.id, default=[]):
            kind, url = endpoint["kind"], endpoint["url"]
            configured = self.source.feeds if kind == "feed" else self.source.sitemaps
            if configured or clean_url(url) in self.seen_pages or not self._allowed(url):
                continue
            if kind == "feed":
                yield self._page(url, self.parse_feed)
            else:
                yield self._page(url, self.parse_sitemap, sitemap_depth=0)

    async def _left_before(self) -> AsyncIterator[scrapy.Request]:
        """The new articles the source's last crawls found and did not archive: asked again,
        behind this run's own news, in the order they were left (whatever still names them;
        maybe nothing does; a catalogue's, the newest first: crawler.frontier). The
        reactor is let go now and then: a hundred thousand of them take seconds to look up,
        and the other sources of the process must not wait for that."""
        run = self.crawl_run
        rows = run.read(run.archive.pending, self.source.id, default=[])
        self.left.take_over(rows)
        for request in self._sitemaps_left(rows):
            yield request
        for n, row in enumerate(rows, 1):
            self.left.reached(row["url"])
            if row["kind"] == "sitemap":
                continue
            if row["kind"] == "listing":
                if self._followable(row["url"]):
                    yield self._resumed(row["url"], row["via"] or row["url"], row["depth"])
                continue
            url = row["fetch_url"]
            entry = Entry(url, published=row["hint_date"])
            # (off the pattern: a feed's link that may lead to an article, as when found)
            link = row["kind"] == "link" and self._unsure(url)
            for request in self._article(url, url, entry, link, catalogue=True):
                yield request
            if n % PENDING_CHUNK == 0:
                await asyncio.sleep(0)

    def _sitemaps_left(self, rows: list[dict]) -> Iterator[scrapy.Request]:
        """The child sitemaps the last crawls did not get to, newest first, ahead of the
        articles left: an index with more maps than max_pages had the same ones read on every
        run and the rest never (its own read of them finds them asked: seen_pages)."""
        maps = [row for row in rows if row["kind"] == "sitemap"]
        for row in newest_first(maps, lambda row: row["url"], lambda row: row["hint_date"]):
            self.left.reached(row["url"])
            url = row["url"]
            if clean_url(url) in self.seen_pages or not self._allowed(url):
                continue
            depth = row["depth"] or 1
            yield self._child_map(url, row["hint_date"], row["via"] or url, depth, left=True)

    def _child_map(
        self, url: str, lastmod: str | None, index: str, depth: int, left: bool = False
    ) -> scrapy.Request:
        """A child sitemap asked: left to the next crawl until it answers. Read in the order
        asked (newest first), one a last crawl left (left) after those of this run's indexes:
        what it lists is backlog, not news (crawler.frontier)."""
        self.left.sitemaps[clean_url(url)] = (lastmod, index, depth)
        self.maps_asked += 1
        meta: dict[str, Any] = {"step": self.maps_asked + (BEHIND_NEWS if left else 0)}
        if lastmod:
            meta["sitemap_lastmod"] = lastmod
        if left:
            meta["left_map"] = True
        return self._page(url, self.parse_sitemap, sitemap_depth=depth, **meta)

    def _resumed(self, url: str, chain: str, depth: int) -> scrapy.Request:
        """A section's next page the last crawl did not get to: read on from there (asked
        whole: a 304 would end the walk there again), as a backlog: the site published
        since, and the stories of the pages before slid down onto it, archived but unread
        by this walk: they count as news (_news, once a chain), or the walk would stop on
        them short of the stories never read."""
        request = self._page(url, self.parse_listing, listing_depth=depth, paged=1, whole=True)
        request.meta.update(chain=chain, backlog=MAX_SLID_PAGES)
        self.left.paging[request.url] = (chain, depth)
        return request

    def drain_found(self) -> list[dict]:
        """The new articles found since the last call, as pending rows: the recorder keeps
        them with its next batch, so that a crawl killed before its end leaves them."""
        return self.left.drain(self.hints, self.unsure)

    def unfetched(self, reason: str) -> list[dict]:
        """What this run leaves for the next crawl of the source (crawler.leftovers); an
        article failed in too many crawls is given up, recorded as `given_up`. Sets the run's
        articles_left."""
        answered = self.crawler.stats.get_value("arshif/discovery_answered", 0) > 0
        rows, left = self.left.left(
            reason, answered and reason != HOST_DOWN,
            self.frontier.remaining(), self.hints, self.unsure,
            self._given_up,
        )  # fmt: skip
        self.crawler.stats.set_value("arshif/articles_left", left)
        return rows

    def _given_up(self, article: Waiting, attempts: int) -> None:
        self._record(article.url, "given_up", f"failed in {attempts} crawls: not asked again",
                     article.key)  # fmt: skip

    def _queue_rechecks(self) -> None:
        """Archived articles due for a re-check, asked again with their validators: edits are
        found even when the feeds that listed them answer 304 or have moved on. The round's
        revisits first: one due both ways is asked whole."""
        self._queue_revisits()
        run, source = self.crawl_run, self.source
        oldest_age = max(source.recheck_after, default=0)
        first_seen = shifted(self.now, -(oldest_age + 86400))
        published = shifted(self.now, -self._recheck_days() * 86400)
        states = run.read(
            run.archive.due_articles, source.id, _iso(first_seen), _iso(published), default=[]
        )
        for state in states:
            if state["url"] not in self.frontier.seen and self._due(state, None):
                self._recheck(state)

    def _queue_revisits(self) -> None:
        """The next older articles of the source's round (crawlstate.revisits): an edit no
        feed, sitemap or age re-check would see is found within a round. Asked without
        validators: a server whose Last-Modified stays the post's publication time answers
        304 to an edited page for ever."""
        run, source = self.crawl_run, self.source
        if source.revisit_per_run <= 0:
            return
        stale = _iso(shifted(self.now, -source.revisit_after))
        states = run.read(
            run.archive.revisits, source.id, stale, source.revisit_per_run, default=[]
        )
        for state in states:
            if state["url"] not in self.frontier.seen:
                self._recheck({**state, "etag": None, "last_modified": None})
                self._inc("articles_revisited")
        if states:
            report_revisits(self.crawler, states[-1]["id"])

    def _recheck(self, state: dict) -> None:
        self.frontier.seen.add(state["url"])
        self.titles.known.setdefault(state["url"], state.get("listed_title") or "")
        self.titles.ids[state["url"]] = state["id"]
        self.frontier.add(waiting_for(state["fetched_url"] or state["url"], state["url"], state))

    def _recheck_days(self) -> float:
        override = self.crawl_run.recheck_days
        return self.source.recheck_days if override is None else override

    def _due(self, state: dict, signal: str | None) -> bool:
        return due(state, signal, self.source.recheck_after, self._recheck_days(), self.now)

    def _page(self, url: str, callback: Any, **meta: Any) -> scrapy.Request:
        self.seen_pages.add(clean_url(url))
        self.seen_pages.add(self._page_key(url))
        headers = {}
        run = self.crawl_run
        # (a full walk reads every discovery page whole: a section's first page unchanged may
        # hide a story put deep into it, and a sitemap's or a feed's validators may have been
        # kept by a run killed before the articles it listed were)
        whole = meta.pop("whole", False) or bool(run.full_walk)
        # (and after a run cut short, a child sitemap read whole before: what it listed was
        # kept, fetched or pending; sitemap_reads)
        settled = meta.get("sitemap_depth") and self.sitemap_reads.was_read(clean_url(url))
        if (run.conditional_discovery or settled) and not whole:
            etag, last_modified = run.read(
                run.archive.discovery_validators, self.source.id, url, default=(None, None)
            )
            headers = _conditional(etag, last_modified)
        meta["handle_httpstatus_list"] = [304]
        if callback == self.parse_sitemap:
            self.maps_out += 1
            meta["map_out"] = True
        return scrapy.Request(
            url,
            priority=_priority(meta),
            callback=callback,
            errback=self.on_error,
            meta=meta,
            headers=headers,
            dont_filter=True,
        )

    def _discovery_body(self, response: Response) -> bytes | None:
        """The page's body, or None when it answered 304 (nothing new to read)."""
        self._count(response)
        self._inc("discovery_answered")
        if response.status == 304:
            self._inc("not_modified")
            return None
        report_validators(
            self.crawler,
            _requested_url(response),
            header(response, "ETag"),
            header(response, "Last-Modified"),
        )
        return response.body

    def _listing_body(self, response: Response) -> bytes | None:
        """The listing's bytes, a gzip body its server did not declare (a CDN's
        misconfiguration) inflated; None, recorded, for one that is no page (binary
        content, a gzip that does not inflate): it gave no link, and no word why."""
        try:
            body = gunzip_if_needed(response.body, self.source.max_response_bytes)
        except (ValueError, OSError, EOFError, zlib.error) as exc:
            self._record(response.url, "listing_unreadable", f"a gzip body that fails: {exc}")
            return None
        if b"\x00" in body[:4096]:
            self._record(response.url, "listing_unreadable", "binary content, not a page")
            return None
        return body

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        body = self._discovery_body(response)
        if body is not None:
            yield from self._feed_entries(response, body)

    def _feed_entries(self, response: Response, body: bytes) -> Iterator[scrapy.Request]:
        parsed = parse_feed(body, _charset(header(response, "Content-Type")))
        if parsed.problem:
            self._record(response.url, _feed_problem(parsed), parsed.problem)
        self.new_articles = 0  # counted by _article for this page's items
        for entry in parsed.entries:
            url = urljoin(response.url, entry.url.strip())
            if parsed.kind == "sitemapindex":  # a sitemap index given as a feed
                if self._allowed(url) and clean_url(url) not in self.seen_pages:
                    yield self._page(url, self.parse_sitemap, sitemap_depth=1)
                continue
            # WordPress's guid ("/?p=3"), a short or old address ("/n/211") lead to the
            # article's: a feed lists posts, so such links off the article pattern (_unsure)
            # are asked as articles too, stored where they land if that is one (and known by
            # the link next run: fetched_url), else counted as shortlinks_off_articles.
            yield from self._article(url, response.url, entry, shortlink=self._unsure(url))
        if parsed.next_page and self.new_articles:  # a paged feed, read while it brings news
            following = urljoin(response.url, parsed.next_page)
            if clean_url(following) not in self.seen_pages and self._allowed(following):
                yield self._page(following, self.parse_feed, paged=1)

    def on_robots(self, robotparser: Any, request: scrapy.Request) -> None:
        """A host's robots.txt as Scrapy's robots.txt middleware read it for its rules: its
        Crawl-delay is kept for the host, up to ARSHIF_MAX_CRAWL_DELAY (whatever else the
        source declares). With no sitemap configured, the ones it names for a start URL's host
        are read (asked once, and without validators, so a 304 never hides them: their
        lastmod is the publishers' edit signal). A site without robots.txt names none."""
        parts = urlsplit(request.url)  # as Scrapy asked it: host in lower case, IDN in ASCII
        self._keep_crawl_delay(robotparser, parts.hostname or "")
        if self.source.sitemaps:
            return
        if parts.netloc not in {urlsplit(safe_url_string(u)).netloc.lower()
                                for u in self.source.start_urls}:  # fmt: skip
            return
        robots = f"{parts.scheme}://{parts.netloc}/robots.txt"
        for url in sitemap_urls(getattr(getattr(robotparser, "rp", None), "sitemaps", ()), robots):
            if not self._allowed(url):
                self._record(url, "offsite", f"robots.txt names this sitemap on {host_of(url)},"
                             " outside allowed_domains (add it there to read it)")  # fmt: skip
                continue
            report_endpoint(self.crawler, "sitemap", url, robots)
            if clean_url(url) not in self.seen_pages:
                self.crawler.engine.crawl(self._page(url, self.parse_sitemap, sitemap_depth=0))

    def on_listing(self, page: FetchedPage) -> None:
        """A new link the article pattern took whose page is a listing (a loose pattern's
        section, "/news/politics/"): its links and next pages are read as a section's of the
        start page. Without it, a source given its home page and such a pattern archived the
        home page's articles only."""
        if clean_url(page.url) in self.seen_pages or stopped_sending(self.crawler):
            return
        if self.listings_found >= MAX_LISTINGS_FOUND:
            return  # (a loose pattern over a site's thousands of tag and author pages)
        self.listings_found += 1
        self.seen_pages.add(clean_url(page.url))
        meta = {"listing_depth": min(1, self.source.max_depth)}
        request = scrapy.Request(page.url, meta=meta, dont_filter=True)
        response = HtmlResponse(page.url, status=page.status, headers=page.headers,
                                body=page.body, request=request)  # fmt: skip
        # (read between two turns of another listing's reading: its page's state kept)
        chain, news = self.chain, self.new_articles
        try:
            for found in self.parse_listing(response):
                if isinstance(found, scrapy.Request):
                    self.crawler.engine.crawl(found)
        finally:
            self.chain, self.new_articles = chain, news
        # (fetched and counted once, as an article's page)
        self._inc("pages", -1)
        self._inc("bytes", -len(page.body))
        self._inc("discovery_answered", -1)

    def _keep_crawl_delay(self, robotparser: Any, host: str) -> None:
        settings = self.crawler.settings
        agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT")
        try:
            asked = float(robotparser.crawl_delay(agent) or 0)
        except (AttributeError, ValueError, TypeError):  # a parser without it, a bad value
            return
        seconds = min(max(asked, 0.0), settings.getfloat("ARSHIF_MAX_CRAWL_DELAY"))
        downloader = self.crawler.engine.downloader
        if isinstance(downloader, PoliteDownloader):
            downloader.keep_crawl_delay(host, seconds)  # 0: none now, whatever it said before

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        try:  # (its articles given to the frontier before the backlog it holds)
            yield from self._read_sitemap(response)
        finally:
            self._answered(response.request)
        yield from self._feed()  # (the backlog, once the last map is read)

    def _read_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        depth = response.meta.get("sitemap_depth", 0)
        asked, lastmod = clean_url(_requested_url(response)), response.meta.get("sitemap_lastmod")
        self.left.sitemaps.pop(asked, None)
        body = self._discovery_body(response)
        if body is None:
            self._settle(asked, lastmod)
            if depth < MAX_SITEMAP_DEPTH:  # an index unchanged over children that changed
                yield from self._children_again(
                    response, self.parse_sitemap, sitemap_depth=depth + 1
                )
            return
        yield from self._sitemap_entries(response, body)

    def _sitemap_entries(self, response: Response, body: bytes) -> Iterator[scrapy.Request]:
        depth = response.meta.get("sitemap_depth", 0)
        asked, lastmod = clean_url(_requested_url(response)), response.meta.get("sitemap_lastmod")
        parsed = parse_sitemap(body)
        if parsed.problem:
            kind = "sitemap_not_xml" if not parsed.entries else "sitemap_malformed"
            self._record(response.url, kind, parsed.problem)
        index = parsed.kind == "sitemapindex"
        latest = newest((e.updated for e in parsed.entries), self.now) if index else None
        lastmods: dict[str, str] = {}
        children, offsite, unread = [], [], []
        left = bool(response.meta.get("left_map"))  # (a map the last crawls left: backlog)
        # A map's entries the newest first: its own date, else the map's (its lastmod, or the
        # day its address names)
        day = named_day(asked)
        dated = lastmod or (day.isoformat() if day else None)
        for entry in newest_first(parsed.entries, lambda e: "", _entry_date):
            url = urljoin(response.url, entry.url.strip())
            if not self._allowed(url):
                offsite.append(url)
            elif parsed.kind == "sitemapindex":
                url = clean_url(url)
                if depth >= MAX_SITEMAP_DEPTH:
                    continue
                children.append(url)
                if entry.updated:
                    lastmods[url] = entry.updated.strip()
                if url in self.seen_pages:  # a sitemap index that lists itself is read once
                    continue
                if not self.sitemap_reads.unchanged(url, entry.updated, latest):
                    unread.append((url, entry.updated))
            else:
                stamp = _entry_date(entry) or dated
                yield from self._article(
                    entry.url, response.url, entry, catalogue=True, news=not left, dated=stamp
                )
        if not parsed.problem and not self._settle(asked, lastmod):
            # Its articles not all kept: no validators either, or the next run's 304 would
            # settle it over the articles dropped.
            report_validators(self.crawler, _requested_url(response), None, None)
        # The newest first (_child_map): a budget that ends among the children leaves the
        # oldest to the next run (pending).
        for url, updated in newest_first(unread, lambda c: c[0], lambda c: c[1]):
            yield self._child_map(url, updated, asked, depth + 1, left)
        if offsite:  # once a sitemap: a catalogue's thousands are one trouble
            self._record(response.url, "offsite", f"{len(offsite)} entries on hosts outside"
                         f" allowed_domains, not read (first: {offsite[0][:200]})")  # fmt: skip
        if index:
            report_children(self.crawler, _requested_url(response), children, lastmods)

    def _children_again(
        self, response: Response, callback: Any, **meta: Any
    ) -> Iterator[scrapy.Request]:
        """A sitemap index or a listing that answered 304: the discovery pages it led to
        last time are read all the same, each asked with its own validators (an unchanged
        index over a child sitemap that changed; a start page over a section with news) —
        but an index's children that the source read whole at the lastmod it still gives
        them (crawler.sitemapreads)."""
        run, asked = self.crawl_run, _requested_url(response)
        lastmods: dict[str, str] = {}
        index = callback == self.parse_sitemap
        if index:  # (its children's lastmods, as it gave them)
            lastmods = run.read(run.archive.discovery_lastmods, asked, default={})
        latest = newest(lastmods.values(), self.now)
        children = [
            url
            for url in run.read(run.archive.discovery_children, asked, default=[])
            if clean_url(url) not in self.seen_pages and self._allowed(url)
        ]
        if not index:
            for url in children:
                yield self._page(url, callback, **meta)
            return
        unread = [url for url in children if not self.sitemap_reads.unchanged(
            url, lastmods.get(url), latest)]  # fmt: skip
        for url in newest_first(unread, lambda url: url, lastmods.get):  # (as above)
            yield self._child_map(
                url, lastmods.get(url), clean_url(asked), meta["sitemap_depth"],
                bool(response.meta.get("left_map")),
            )  # fmt: skip

    def _settle(self, url: str, lastmod: str | None) -> bool:
        """A child sitemap read whole (or answered 304): settled at its lastmod as it is
        read, whatever ends the run — unless new articles went past what a run keeps for the
        next (its articles not all kept). Whether it was."""
        if self.left.overflowed():
            return False
        self.sitemap_reads.answered(url, lastmod)
        return True

    def parse_listing(self, response: Response) -> Iterator[Any]:
        # Not Scrapy's "depth" meta: its DepthMiddleware counts every hop, pagination included.
        depth = response.meta.get("listing_depth", 0)
        self.left.paging.pop(_requested_url(response), None)
        if self._discovery_body(response) is None:
            # Unchanged: its sections may not be (those it had: a hub's, at max_depth too).
            below = min(depth + 1, self.source.max_depth)  # (passed on once: no hub again)
            if self.source.max_depth > 0:
                yield from self._children_again(
                    response, self.parse_listing, listing_depth=below, hub_passed=True
                )
            return
        kind = xml_kind(response.body) if depth == 0 else None
        if kind is not None:
            yield from self._start_as(kind, response)
            return
        if not hasattr(response, "css"):
            if depth == 0:  # a start page that is no page (a link's is judged as a link)
                kind = media_type(response) or "typeless"
                self._record(response.url, "listing_unreadable", f"a {kind!r} body, not a page")
            return
        body = self._listing_body(response)
        if body is None:
            return
        moved = self._moved_to_article(response)
        if moved is not None:
            yield from self._landed(response)
            if moved:
                return
            # Only a slash, a scheme or "www" gained: an article or a section, which the
            # pipeline tells apart; its links are read all the same.
        # Decoded as the article pages are (crawler.extract.decode): header, BOM, meta, then a
        # check, so that link words ("التالي") match in a charset only the header names.
        # A load-more endpoint answers JSON: read as a page of its links.
        content_type = header(response, "Content-Type")
        text, encoding = json_listing(body, response.url), "utf-8"
        if text is None:
            text, encoding = decode_html(body, content_type)
        tree = parse_page(text)
        if tree is not None and depth == 0 and not self.source.feeds:
            for url in feed_links(tree, response.url):  # feeds the start page declares
                if self._allowed(url):
                    report_endpoint(self.crawler, "feed", url, response.url)
                if clean_url(url) not in self.seen_pages and self._allowed(url):
                    yield self._page(url, self.parse_feed)
        self.new_articles = 0  # counted by _article for this page's links
        fresh_before = len(self.fresh)
        own = False  # a link to an article outside the page's boxes, new or known
        self.chain = response.meta.get("chain") or _requested_url(response)
        # (a session's fields read once: for the next pages, the pager's and the links)
        fields = session_fields(tree, response.url) if tree is not None else set()
        self._learn_sessions(fields)
        nexts = (
            next_pages(tree, response.url, self.source.is_article, fields)
            if tree is not None
            else []
        )
        state = state_listing(tree) if tree is not None else None
        stated = parse_page(state) if state else None  # the page's own app state, as a page
        # Its next chunk, and the HTTP Link header's next page, as a pager's.
        more = [] if stated is None else next_pages(stated, response.url, self.source.is_article)
        for url in [*more, *header_next_pages(header(response, "Link"), response.url)]:
            if url not in nexts:
                nexts.append(url)
        if tree is not None and not nexts:
            self._posted_pager(tree, response)
        paging = {clean_url(u) for u in nexts}  # followed below as pagination, not as links
        if tree is not None:  # the pager's other numbers that the pattern takes: no articles
            pages = numbered_pages(tree, response.url)
            paging |= {clean_url(u) for u in pages if self.source.is_article(u)}
            if nexts:
                # The chain's later pages (a windowed pager's "1 … 10", an offset pager's):
                # reached as its next pages, and stopped where it stops; followed as
                # sections each was a chain of its own, read again on every re-crawl.
                paging |= {clean_url(u) for u in pager_pages(tree, response.url, fields)}
        boxed: set[str] = set()  # links in the page's boxes: its own list is the rest
        titles = link_headlines(tree) if tree is not None else {}
        if tree is not None:  # parsed once, for the next pages and the links alike
            hrefs = _hrefs(tree) + menu_links(tree, response.url)  # (a jump menu's: links)
            # (only the articles among them: a card's data-url may be an endpoint's, not a
            # section to follow)
            anchored, is_article = set(hrefs), self.source.is_article
            hrefs += [
                href
                for href in [*hidden_links(tree), *_hrefs(stated)]
                if href not in anchored and is_article(response.urljoin(href.strip()))
            ]
            boxed = {href for box in _BOXES(tree) for href in _hrefs(box)}
        else:
            hrefs = response.css("a::attr(href)").getall()
        if len(hrefs) > MAX_LINKS_PER_PAGE:
            self._record(
                response.url,
                "too_many_links",
                f"{len(hrefs)} links; read the first {MAX_LINKS_PER_PAGE}",
            )
            hrefs = hrefs[:MAX_LINKS_PER_PAGE]
        others: list[str] = []  # links off the article pattern: sections, maybe
        for href in hrefs:
            url = response.urljoin(href.strip())  # against the page's <base href>, if any
            if not url.startswith(("http://", "https://")) or len(url) > MAX_URL_LENGTH:
                continue
            url = query_in_charset(url, encoding)
            if self.source.is_article(url) and clean_url(url) not in paging:
                own = own or href not in boxed
                # An archived story the chain has not listed yet is news to a full walk, and
                # to a backlog's (_resumed): the stories that slid down onto its pages.
                if self.crawl_run.full_walk or response.meta.get("backlog"):
                    self._news(self.source.key(url), listing=True)
                self._other_host(url, response.url)
                yield from self._article(url, response.url, link_title=titles.get(href))
                continue
            if self._allowed(url):
                self.links.offered(url, False)
            else:
                self._other_host(url, response.url)
            if clean_url(url) in paging:
                continue  # a next page, not a link the pattern failed to take
            self._not_an_article(url)
            others.append(url)
        below = _depth_below(response.meta, depth, own, self.source.max_depth)
        if below <= self.source.max_depth:
            sections = yield from self._sections(response, others, below)
            if not response.meta.get("paged"):
                # (a next page's sections are its first page's: on a 304 its next pages are
                # not read)
                report_children(self.crawler, _requested_url(response), sections)
        # A backlog's slid pages end where the stories never read begin (or after
        # MAX_SLID_PAGES): from there its known pages stop it as any walk's.
        slid = response.meta.get("backlog", 0)
        backlog = 0 if len(self.fresh) > fresh_before else max(0, slid - 1)
        yield from self._next_pages(response, nexts, depth, own, backlog)

    def _start_as(self, kind: str, response: Response) -> Iterator[scrapy.Request]:
        """A start page that is a feed or a sitemap (its "RSS link" put under start_urls) is
        read as one, and said: as a listing it gave no link, and the run said nothing. Asked
        whole next run: its 304 would be a listing's, which reads no item."""
        where = "feeds" if kind == "feed" else "sitemaps"
        self._record(
            response.url, f"start_url_{kind}",
            f"a {kind}, not a listing page: read as one (list it under {where})",
        )  # fmt: skip
        report_validators(self.crawler, _requested_url(response), None, None)
        if kind == "feed":
            yield from self._feed_entries(response, response.body)
        else:
            yield from self._sitemap_entries(response, response.body)
        yield from self._feed()

    def _sections(
        self, response: Response, urls: list[str], depth: int
    ) -> Generator[Any, None, list[str]]:
        """Follow a listing's links off the article pattern as listings at depth; return
        the sections among them (kept for the page's 304s)."""
        sections: list[str] = []
        meta = {"listing_depth": depth}
        if depth == response.meta.get("listing_depth", 0) or response.meta.get("hub_passed"):
            meta["hub_passed"] = True
        for url in urls:
            if self._listable(url):
                sections.append(clean_url(url))
            if not self._followable(url):
                continue
            if self._led_to_an_article(url):  # known by this link: its article's due time
                self.seen_pages.add(clean_url(url))
                yield from self._article(url, response.url, shortlink=True)
                continue
            yield self._page(url, self.parse_listing, **meta)
        return list(dict.fromkeys(sections))

    def _posted_pager(self, tree: Any, response: Response) -> None:
        """A listing whose pager posts a form (ASP.NET's __doPostBack), or calls a script
        whose address the page does not show: a GET reaches none of its later pages, so the
        run says so, once a chain, where it would say nothing."""
        if self.chain in self.posted_pagers:
            return
        how = posted_pager(tree)
        scripted = None if how is not None else scripted_pager(tree)
        if how is None and scripted is None:
            return
        self.posted_pagers.add(self.chain)
        read = (
            "its pages past this one are not"
            if response.meta.get("paged")
            else "only its first page is"
        )
        self._record(
            response.url, "pager_not_followed",
            (f"its pager posts a form ({how})" if how else f"its pager is a script's {scripted}")
            + f": {read} read; give the section's pages another way (a feed, a sitemap)",
        )  # fmt: skip

    def _led_to_an_article(self, url: str) -> bool:
        """A link off the article pattern that led to an archived article before (an old
        address redirecting to the article's): the archive knows it as the article's
        fetched_url or alias, and the two share the article's number ("/go/45" and
        "/story/45"). Followed as a listing, it was downloaded again every run. (A link that
        leads to whatever is newest, "/latest", shares none: it is read again.)"""
        run = self.crawl_run
        state = run.read(run.archive.article_state, clean_url(url))
        return state is not None and bool(article_ids(url) & article_ids(state["url"]))

    def _moved_to_article(self, response: Response) -> bool | None:
        """A link that led to an article's address: True when it only leads there
        ("/legacy/8" -> "/news/8"); False when it only gained a slash, a scheme or "www"
        ("/story/8" -> "/story/8/", or a section "/news" -> "/news/" under a loose pattern):
        both an article and a listing; None otherwise. A start page is read as a listing
        wherever it leads: one that led to another address the pattern takes is both (`arshif
        try` on a short link shows the article it leads to; a home page is still read)."""
        chain = response.meta.get("redirect_urls")
        if not chain or not self.source.is_article(response.url):
            return None
        asked = chain[0]
        moved = _bare(asked) != _bare(response.url)
        if clean_url(asked) in {clean_url(u) for u in self.source.start_urls}:
            return False if moved else None
        return moved

    def _landed(self, response: Response) -> Iterator[Any]:
        """The article a link led to, taken from this response when it is new to the
        archive (no second download); an archived one goes the way of any other link (its
        validators, its due time)."""
        url, referer = response.url, response.meta["redirect_urls"][0]
        key = self.source.key(url)
        run = self.crawl_run
        if (
            key in self.frontier.seen
            or len(url) > MAX_URL_LENGTH
            or not self._allowed(url)
            or run.read(run.archive.article_state, key, url) is not None
            or run.read(run.archive.is_forgotten, key, url, default=True)
        ):
            yield from self._article(url, referer)
            return
        self.frontier.seen.add(key)
        self.fresh.add(key)
        run.pool.warm()
        response.meta["canonical"] = key  # from here on, the article's page: open until settled
        self.crawler.signals.send_catch_log(
            signal=signals.request_reached_downloader, request=response.request, spider=self
        )
        yield from self._article_item(response)

    def _next_pages(
        self, response: Response, nexts: list[str], depth: int, own: bool, backlog: int
    ) -> Iterator[scrapy.Request]:
        """Pagination is not depth: a section's next pages are followed to its end, within
        the page budget. On a re-crawl it stops after `stop_after_known_pages` pages in a
        row that held no article the archive lacks: a daily crawl does not walk the whole
        archive (edits of older articles come from sitemaps, feeds and re-checks; stories
        put deep into a section from the next full walk, _walks_whole, where an archived
        article new to the chain counts as news: an endless "next" that repeats its stories
        still ends). A page that lists no article of its own (a day archive's weekend or
        holiday: at most the links of its boxes, "most read" in an <aside>) counts neither
        way; after EMPTY_PAGES_IN_A_ROW of them the section is left (a calendar of empty
        days)."""
        known, empty = response.meta.get("known_pages", 0), response.meta.get("empty_pages", 0)
        if self.new_articles:
            known, empty = 0, 0
        elif own:
            known, empty = known + 1, 0
        else:
            empty += 1
        caught_up = known >= self.source.stop_after_known_pages
        if caught_up or empty >= EMPTY_PAGES_IN_A_ROW:
            self._inc("pagination_stopped")
            return
        for url in nexts:
            if self._followable(url):
                paged = response.meta.get("paged", 0) + 1
                request = self._page(url, self.parse_listing, listing_depth=depth, paged=paged)
                request.meta.update(known_pages=known, empty_pages=empty, chain=self.chain)
                request.meta["backlog"] = backlog  # (its slid pages still to read)
                self.left.paging[request.url] = (self.chain, depth)
                yield request

    def _unsure(self, url: str) -> bool:
        """A feed's link off the article pattern that may lead to an article: a post's
        stand-in ("/?p=3", "/index.php?id=5") or a short address ("/n/211", "/a/8x2k") —
        not a file, not excluded by the source. (Not any link: a feed's videos and galleries
        would be asked on every run.)"""
        parts = urlsplit(url)
        path, excluded = parts.path.lower(), self.source.exclude_url_pattern
        if path.endswith(_SKIP_EXTENSIONS) or (excluded and excluded.search(url)):
            return False
        return _shortlink(parts.path, parts.query) or _short_address(path)

    def _not_an_article(self, url: str) -> None:
        """Keep a sample of same-site links that are not articles (for `arshif try`)."""
        sample = self.crawl_run.other_links
        if len(sample) < 200 and self._allowed(url) and url not in sample:
            sample.append(url)

    def _other_host(self, url: str, listing: str) -> None:
        """A link to another host of the source's own site (a section on "sport.site.com"):
        left out as any host outside allowed_domains, but said, once a host and run, with
        the domain that would take it in: silence hid whole sections."""
        domain = site_domain(url, self.source.allowed_domains)
        host = host_of(url)
        if domain is None or host in self.other_hosts or self.source.at_home(url) != url:
            return  # (a mirror or a twin of the source's own host is the source's: fetched)
        self.other_hosts.add(host)
        self._record(url, "offsite", f"{listing} links to {host}, another host of this site,"
                     f" outside allowed_domains: not followed (add \"{domain}\" to"
                     " allowed_domains to follow it)")  # fmt: skip

    def _followable(self, url: str) -> bool:
        return self._page_key(url) not in self.seen_pages and self._listable(url)

    def _learn_sessions(self, fields: set[str]) -> None:
        """Session fields newly shown: the pages asked with them before are seen without."""
        if fields <= self.session_fields:
            return
        self.session_fields |= fields
        self.seen_pages |= {without_fields(url, fields) for url in self.seen_pages}

    def _page_key(self, url: str) -> str:
        """A discovery page's address as seen: without the session fields the site's
        listings showed (fetched with them all the same: the site may need them)."""
        return without_fields(clean_url(url), self.session_fields)

    def _listable(self, url: str) -> bool:
        """A same-site page that may be a listing (not an image, a script, a sitemap)."""
        cleaned = clean_url(url)
        if not self._allowed(cleaned):
            return False
        if is_trap(cleaned):
            return False
        return not cleaned.lower().split("?")[0].endswith(_SKIP_EXTENSIONS)

    def _allowed(self, url: str) -> bool:
        return in_domains(url, self.source.allowed_domains)

    def _article(
        self, url: str, referer: str, entry: Entry | None = None, shortlink: bool = False,
        catalogue: bool = False, news: bool = False, dated: str | None = None,
        link_title: str | None = None,
    ) -> Iterator[scrapy.Request]:  # fmt: skip
        """catalogue: found in a sitemap or left by the last crawls (not on a page of the
        site's news); news: in this run's read of a catalogue, dated so (crawler.frontier)."""
        url = self._in_its_scheme(urljoin(referer, url.strip()))
        if len(url) > MAX_URL_LENGTH or not self._allowed(url):
            return
        url = self._first_part(url)
        known = self.source.is_article(url)
        self.links.offered(url, known)
        if not (known or shortlink):
            return
        key = self.source.key(url)
        if key in self.landed:
            if key in self.fresh:
                self._news(key, listing=entry is None)
            return
        if not known and key not in self.frontier.seen:
            self.unsure.add(key)
        if entry is not None and entry.published:
            self.hints.setdefault(key, entry.published)
        signal = (entry.updated or entry.published) if entry is not None else None
        title = headline(entry.title if entry is not None else link_title)
        retitled: bool | None = False  # None: a skipped one's headline, judged by its state
        if key in self.frontier.seen:
            if key in self.fresh:  # found by a feed first, still new to the archive
                self._news(key, listing=entry is None)
                if newer := self._newer_signal(key, signal, None):  # its row may be written
                    report_signal(self.crawler, None, newer, url=key)
            # Seen already (a listing links it too) and skipped as not due: a feed or sitemap
            # that says it changed since our fetch makes it due after all, as does a
            # headline other than those remembered.
            retitled = self._title_again(key, title)
            target = self.skipped.get(key) if signal or retitled is not False else None
            if target is None:
                return
        else:
            self.frontier.seen.add(key)
            # A source rewrite names the article's one true address: fetch that, once.
            # (Its host's twin, its other scheme, are fetched as linked: Source.at_home.)
            target = key if key != canonical_url(self.source.at_home(url)) else clean_url(url)
        run = self.crawl_run
        # (and the link as written: an article archived by older rules, under a key that
        # kept what the key drops now, "?fromrss=1", was fetched there)
        linked = url.split("#", 1)[0]
        state = run.read(run.archive.article_state, key, target, linked)
        if state is not None and not {state["url"], state["fetched_url"]} & {key, target, linked}:
            # An address that led to an archived article before (a feed's "/?p=3"): that
            # article, under its own address, due or not as any other
            yield from self._article(state["url"], referer, entry, True, link_title=link_title)
            return
        if state is None and run.read(run.archive.is_forgotten, key, target, default=False):
            self._inc("forgotten_unfetched")  # taken down: never fetched again
            return
        if state is None and claimed_elsewhere(run, key):
            self._inc("articles_claimed")  # another source of this crawl fetches it
            return
        if state is None:
            self._news(key, listing=entry is None)
            self.fresh.add(key)
            self._newer_signal(key, signal, None)  # (the recorder keeps it with the row)
            self.titles.seen(key, title)  # (kept with its row too)
        elif not self._due(state, signal) and not (
            retitled or self._title_first(key, title, state, due=False)
        ):
            if newer := self._newer_signal(key, signal, state["signal_seen"]):
                report_signal(self.crawler, state["id"], newer)  # the next one is told by it
            if key not in self.skipped:
                self.skipped[key] = target
                self._inc("articles_skipped")
            return  # archived, and not due for a re-check
        elif self.skipped.pop(key, None) is not None:
            self._inc("articles_skipped", -1)
        if state is not None:  # asked: its headline, if new to it, kept once answered
            self._title_first(key, title, state, due=True)
        published = entry.published if entry else None
        waiting = waiting_for(target, key, state, published, signal, not catalogue)
        self.frontier.add(waiting._replace(news=news, dated=dated) if news else waiting)
        if state is None:
            self.left.new(waiting)
        yield from self._feed()

    def _in_its_scheme(self, url: str) -> str:
        """An "http://" link to a source given over https, over https (Source.in_its_scheme),
        unless the archive holds the article at the link as written (archived so before)."""
        secure = self.source.in_its_scheme(url)
        if secure == url:
            return url
        # (Its key is the https address now, Source.at_home: asked by its http forms.)
        http = canonical_url(url, self.source.url_rewrites), clean_url(url)
        run = self.crawl_run
        held = run.read(run.archive.article_state, *http)
        return url if held is not None else secure

    def _first_part(self, url: str) -> str:
        """A link to an article's later page ("…?page=2", where no address holds another
        page number): the article's own address, which reads its parts in order (fetched
        as its own, a page 2 was archived as a fragment and page 1 later as its copy)."""
        parts = urlsplit(url)
        fields = [f for f in parts.query.split("&") if f]
        paged = [f for f in fields if _later_page(f)]
        if len(paged) != 1:
            return url
        first = urlunsplit(parts._replace(query="&".join(f for f in fields if f != paged[0])))
        return first if self.source.is_article(first) else url

    def _news(self, key: str, listing: bool) -> None:
        """An article the archive lacks, on the discovery page being read. The pages of one
        pagination chain count each one once: an article every page of it links (a
        sidebar's most read, an endless "next" that repeats its two stories) makes no later
        page news. (Another listing's links do not count against it: the home page's newest
        are news on a section's first pages too, and its later pages are read.)"""
        if listing:
            counted = self.listed.setdefault(self.chain, set())
            if key in counted:
                return
            counted.add(key)
        self.new_articles += 1

    def _title_first(self, key: str, title: str | None, state: dict, due: bool) -> bool:
        """An archived article's headline against the forms remembered for it (on its
        first link in this run, or the first with a headline): True when it changed and the
        article is not due otherwise (due now). Kept: a first one at once; a changed one, or
        any new one of an article asked anyway, once its page is answered."""
        remembered = state.get("listed_title") or ""
        self.titles.ids[key] = state["id"]  # (kept by it: a key is not always its row's url)
        verdict = self.titles.seen(key, title, remembered)
        if due:  # (a later link's headline is judged against them: _title_again)
            self.titles.known.setdefault(key, remembered)
        if verdict == SAME:
            return False
        if due or verdict == EDIT:
            self.titles.held.add(key)
            return not due
        report_title(self.crawler, state["id"], self.titles.known[key])  # a first one
        return False

    def _title_again(self, key: str, title: str | None) -> bool | None:
        """A later link to an article this run has seen: True when a skipped one's headline
        is none of those remembered (due now); None when this run did not keep them (its
        first link showed none): judged by its state. A new one of an article asked anyway
        is kept at once (its page may be answered already), or with its answer if held."""
        titles = self.titles
        if title is None or (key not in titles.known and key not in self.fresh):
            return None if title is not None and key in self.skipped else False
        verdict = titles.seen(key, title, "")
        if verdict == SAME or key in titles.held:
            return False
        if key in self.skipped and verdict == EDIT:
            titles.held.add(key)
            return True
        # (An archived one's by its id; a new one's by its key, its row's if written.)
        report_title(self.crawler, titles.ids.get(key), titles.known[key], url=key)
        return False

    def _newer_signal(self, key: str, signal: str | None, seen: str | None) -> str | None:
        """The change date a sitemap or feed gives an article, when later than the one read
        for it (seen, or one read earlier in this run): then the one kept (a sitemap's newer
        date and a feed's older one arrive in either order)."""
        if not signal or not newer_signal(signal, self.signals_read.get(key, seen), self.now):
            return None
        self.signals_read[key] = signal
        return signal

    def _feed(self) -> Iterator[scrapy.Request]:
        """The articles the frontier hands out now; the backlog not while sitemaps are being
        read: what they list this run goes first (in Scrapy's queue it would go before it
        anyway, but the downloader's takes the backlog while the maps are asked)."""
        for article in self.frontier.take(hold_backlog=self.maps_out > 0):
            if article.archived_id is None:
                self.left.asked[article.key] = article
            yield self._article_request(article)

    def to_come(self, key: str) -> bool:
        """Is this article's page still to be asked, or asked and not answered, in this run?"""
        return key in self.frontier.queued or key in self.left.asked

    def _answered(self, request: scrapy.Request | None) -> None:
        if request is not None and "canonical" in request.meta:
            self.frontier.answered()
            self.left.asked.pop(request.meta["canonical"], None)
        elif request is not None and request.meta.pop("map_out", False):
            self.maps_out -= 1

    def _article_request(self, article: Waiting) -> scrapy.Request:
        """An article fetch; for an archived one, conditional (a 304 costs no body)."""
        meta: dict[str, Any] = {
            "canonical": article.key,
            "hint_date": article.hint_date,
            "signal": article.signal,
            "on_a_page": article.on_a_page,
            "step": article.step,
        }
        headers: dict[str, str] = {}
        if article.archived_id is not None:
            meta["archived_id"] = article.archived_id
            meta["handle_httpstatus_list"] = [304]
            headers = _conditional(article.etag, article.last_modified)
        else:
            self.crawl_run.pool.warm()  # a new article will be extracted: start the workers
        return scrapy.Request(
            article.url,
            priority=_priority(meta),
            callback=self.parse_article,
            errback=self.on_error,
            meta=meta,
            headers=headers,
            dont_filter=article.again,
        )

    def ask_declared(self, url: str, referer: str) -> bool:
        """An article address a page names as its canonical and nothing else links: asked
        as a link to it is, so that its own page says whose address it is. False: it will
        not come (the crawl sends nothing more, or the address is none to fetch)."""
        if stopped_sending(self.crawler):
            return False
        for request in self._article(url, referer):
            self.crawler.engine.crawl(request)
        return self.to_come(self.source.key(url))

    def ask_first_part(self, url: str, referer: str) -> bool:
        """The first page of an article whose later part a link led to (the pipeline read
        it there): asked as a listing's link to it is, once, and its crawl reads the parts.
        False: that page is no part of it (its crawl read its parts, not this one, or found
        it another article): the page is an article of its own."""
        first = self.source.key(self._first_part(url))
        page = clean_url(referer)
        if self.source.key(referer) in self.not_parts:
            return False
        if first in self.parts_of:
            return page in self.parts_of[first]
        self.later_parts.setdefault(first, set()).add(page)
        if stopped_sending(self.crawler):
            return True
        for request in self._article(url, referer):
            self.crawler.engine.crawl(request)
        return True

    def parts_read(self, key: str, parts: list[str]) -> None:
        """The crawl of the article at key read these later parts: a page dropped as one of
        them that it did not read is asked as an article of its own."""
        read = {clean_url(part) for part in parts}
        self.parts_of[key] = read
        for page in self.later_parts.pop(key, set()) - read:
            self.ask_not_a_part(page, key)

    def ask_not_a_part(self, url: str, referer: str) -> None:
        """A page an article's crawl took for its next part and found another article (a
        series' next story): archived as its own, asked again if it was dropped as a part."""
        key = self.source.key(url)
        self.not_parts.add(key)
        if stopped_sending(self.crawler) or self.to_come(key):
            return
        if key in self.frontier.seen:
            run = self.crawl_run
            state = run.read(run.archive.article_state, key, clean_url(url))
            self.frontier.add(waiting_for(clean_url(url), key, state)._replace(again=True))
            requests = self._feed()
        else:
            requests = self._article(url, referer)
        for request in requests:
            self.crawler.engine.crawl(request)

    def ask_again(self, originals: list[dict]) -> None:
        """Archived articles of which a copy turned up at another address of the source:
        each asked once more in this run, unless it is asked anyway (crawler.recorder)."""
        if stopped_sending(self.crawler):
            return
        for state in originals:
            key = state["url"]
            if key in self.frontier.seen and key not in self.skipped.keys() | self.not_modified:
                self.ask_whole.add(key)  # asked, or to be asked, in this run: whole on a 304
                continue
            self._ask_whole(key, state["fetched_url"] or key, state["id"])
        for request in self._feed():
            self.crawler.engine.crawl(request)

    def _ask_whole(self, key: str, url: str, archived_id: int) -> None:
        """Asked once more, without its validators: a page unchanged but for its canonical
        (a CMS migration that names the new address) answers 304 to them."""
        self.not_modified.discard(key)
        if self.skipped.pop(key, None) is not None:  # linked, and not due: now it is
            self._inc("articles_skipped", -1)
        self.frontier.seen.add(key)
        self.frontier.add(Waiting(url, key, archived_id, None, None, again=True))

    # -- articles ---------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[Any]:
        self.left.answers += 1
        if response.meta.get("canonical") in self.left.carried:
            self._inc("pending_answered")  # the crawl fetched something, though no page named it
        self._answered(response.request)
        self._count(response)  # (a landed one was counted as the listing it was asked as)
        yield from self._article_item(response)
        yield from self._feed()

    def _article_item(self, response: Response) -> Iterator[Any]:
        key = response.meta["canonical"]
        stamp = _iso(now_utc())
        if response.status == 304:
            if key in self.ask_whole:  # a copy of it turned up meanwhile: asked whole
                self.ask_whole.discard(key)
                settle_page(self.crawler, key)
                self._ask_whole(key, _requested_url(response), response.meta["archived_id"])
                return
            self.not_modified.add(key)
            yield NotModified(key, response.meta["archived_id"], stamp)
            return
        if (
            key in self.unsure
            and response.meta.get("archived_id") is None  # (a re-check: the pipeline judges)
            and not self.source.leads_to_article(response.url)
        ):
            self._inc("shortlinks_off_articles")  # a feed's video or page, no article
            settle_page(self.crawler, key)
            return
        kind = media_type(response)
        if kind not in HTML_TYPES:
            self._record(response.url, "not_html", f"content type {kind!r} is not a web page", key)
            return
        body = self._article_body(response, key)
        if body is None:
            return
        self._landed_at(key, response.url)
        yield FetchedPage(
            key, response.url, response.status, headers_of(response), body, stamp,
            response.meta.get("hint_date") or self.hints.get(key), _requested_url(response),
            response.meta.get("archived_id"), bool(response.meta.get(COOKIE_GAINED)),
        )  # fmt: skip

    def _article_body(self, response: Response, key: str) -> bytes | None:
        """The page's bytes; a gzip body its server did not declare (a cache that dropped
        Content-Encoding) inflated, as a listing's. None, recorded, for one that fails or
        ends before its stream does (not half an article)."""
        if response.body[:2] != b"\x1f\x8b":
            return response.body
        try:
            body, whole = gunzip(response.body, self.source.max_response_bytes)
        except DecompressionBomb as exc:  # (a ValueError: told first)
            said = f"a gzip body without Content-Encoding: {exc}"
            self._record(response.url, "decompression_bomb", said, key)
            return None
        except (ValueError, OSError, EOFError, zlib.error) as exc:
            said = f"a gzip body without Content-Encoding that fails: {exc}"
            self._record(response.url, "bad_encoding", said[:500], key)
            return None
        if not whole:
            said = "a gzip body without Content-Encoding that ends before its stream does"
            self._record(response.url, "bad_encoding", said, key)
            return None
        return body

    def ask_with_cookie(self, key: str, url: str, archived_id: int | None) -> bool:
        """A page in the article's place (a consent wall, a bot check) that set a cookie
        the request did not send: asked once more in this run, with it (a browser's second
        look passes). False when it was asked so already, or the crawl stopped sending."""
        if key in self.cookie_asked or stopped_sending(self.crawler):
            return False
        self.cookie_asked.add(key)
        settle_page(self.crawler, key)
        self.frontier.add(Waiting(url, key, archived_id, None, None, again=True))
        for request in self._feed():
            self.crawler.engine.crawl(request)
        return True

    def _landed_at(self, key: str, url: str) -> None:
        """A link that led to another article address (a feed's "/?p=3"): that address is
        fetched now, and a listing's link to it later in the run is not fetched again."""
        landed = self.source.key(url)
        if landed != key and landed not in self.frontier.seen:
            self.landed.add(landed)  # (not seen: the pipeline's rel=canonical rule reads that)
            if key in self.fresh:
                self.fresh.add(landed)

    # -- bookkeeping ------------------------------------------------------

    def on_idle(self, spider: Any) -> None:
        """Nothing in flight but articles still waiting: a request ended on a path that
        neither a callback, an errback nor request_dropped reports. Feed on, never stall.
        Nothing waiting: the articles not yet written are written now, before the crawl
        ends, so that the originals of copies among them are asked again (ask_again)."""
        recorder = self.crawl_run.recorder
        if recorder is not None and not recorder.ending and recorder.holds_any():
            known = len(self.frontier.seen)
            recorder.flush()
            if len(self.frontier.seen) > known:
                raise DontCloseSpider
        self.maps_out = 0  # (nothing in flight: none will answer)
        if not self.frontier.stalled():
            return
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

    def note_pattern(self) -> None:
        """A run whose discovery pages offered many links of the source and not one that
        article_url_pattern matches: the pattern is wrong (an unescaped "?", the old
        address form), which a run that is ok and archived nothing would never say."""
        if self.links.count >= PATTERN_NOTE_LINKS and not self.links.matched:
            pattern = self.source.article_url_pattern.pattern
            self._record(
                self.links.first, "no_article_links",
                f"none of the {self.links.count} links the discovery pages gave matches"
                f" article_url_pattern {pattern!r} (the first: {self.links.first[:200]})",
            )  # fmt: skip

    def on_closed(self, spider: Any, reason: str) -> None:
        # For a debugging eye: the run's own line says what it did, in the user's words.
        self.logger.debug(
            "articles: %d discovered, %d never requested (%s); Scrapy queued %d requests at most",
            len(self.frontier.seen), self.frontier.backlog(), reason, self.scheduler_peak,
        )  # fmt: skip

    def on_spider_error(self, failure: Failure, response: Response, spider: Any) -> None:
        """A bug or an unexpected page in a callback: recorded, and the crawl goes on."""
        url, key = (response.url, response.meta.get("canonical")) if response else ("", None)
        self._record(url, "spider_error", f"{type(failure.value).__name__}: {failure.value}", key)

    def on_item_error(
        self, item: Any, response: Response | None, spider: Any, failure: Failure
    ) -> None:
        """A bug in the pipeline on one page: recorded (Scrapy's own line about it is only
        shown at --log-level debug), and the crawl goes on."""
        url = getattr(item, "url", None) or (response.url if response else "")
        key = getattr(item, "canonical", None)
        self._record(url, "item_error", f"{type(failure.value).__name__}: {failure.value}", key)

    def _inc(self, name: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(f"arshif/{name}", count)

    def _count(self, response: Response) -> None:
        self._inc("pages")
        self._inc("bytes", len(response.body))
        self.unreachable = 0

    def _record(self, url: str, kind: str, message: str, key: str | None = None) -> None:
        report_error(self.crawler, url, kind, message, key)

    def on_error(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        key = request.meta.get("canonical")
        asked = self.left.asked.get(key) if key is not None else None
        self._answered(request)
        if failure.check(Refused, NotSent):  # recorded by the middleware, or never sent
            settle_page(self.crawler, key)
            if asked is not None and failure.check(NotSent):
                self.left.asked[key] = asked  # never sent: left as if never asked
        else:
            kind, message = classify(failure)
            # Under the address a page gave (a redirect chain that failed: where it ended said)
            asked_for = (request.meta.get("redirect_urls") or [request.url])[0]
            if asked_for != request.url:
                message = f"{message} (redirected to {request.url})"
            self._record(asked_for, kind, message, key)
            passing = kind in PASSING or kind.startswith("http_5")
            if not passing:  # a next page that is not there: the section ends before it
                self.left.paging.pop(asked_for, None)
                self.left.sitemaps.pop(clean_url(asked_for), None)
            # A new article's 404 is asked again too: a feed names a story a moment before its
            # page is live (a CDN's lag), and the next runs' feed answers 304.
            if asked is not None and (passing or kind == "http_404"):
                self.left.failed[key] = asked
            if key is None and failure.check(IgnoreRequest) and "robots.txt" in message:
                self._inc("discovery_forbidden")  # the site answered: its robots.txt says no
            archived = request.meta.get("archived_id")
            if kind in GONE and archived is not None:  # its publisher took it down
                yield Gone(key, archived, _iso(now_utc()))
            self._unreachable(kind)
        yield from self._feed()

    def _unreachable(self, kind: str) -> None:
        """A site that went down: after HOST_DOWN_AFTER requests in a row found no server
        (each after its retries), the rest of the run is not sent (the next run asks again)
        instead of waiting out every due article's retries and timeouts."""
        self.unreachable = self.unreachable + 1 if kind in UNREACHABLE else 0
        if self.unreachable >= HOST_DOWN_AFTER:
            self.host_down(
                self.source.start_urls[0] if self.source.start_urls else "",
                f"{self.unreachable} requests in a row found no server ({kind}): the rest"
                " waits for the next run",
            )

    def host_down(self, url: str, message: str) -> None:
        """The site cannot be crawled on this run (gone down, or refusing every request):
        recorded once, the rest not sent, the run closed (HOST_DOWN)."""
        downloader = self.crawler.engine.downloader
        if isinstance(downloader, PoliteDownloader) and downloader.stopping is None:
            self._record(url, HOST_DOWN, message)
            downloader.stop_sending(HOST_DOWN)
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=HOST_DOWN))


# Links of the source a run's discovery pages gave, from which none matching the article
# pattern is worth a word (a home page of a few links may hold no article yet).
PATTERN_NOTE_LINKS = 20


class LinksOffered:
    """The links of the source a run's discovery pages gave: how many, how many the
    article pattern matched, and the first (to show in the note)."""

    def __init__(self) -> None:
        self.count = self.matched = 0
        self.first = ""

    def offered(self, url: str, matched: bool) -> None:
        self.count += 1
        self.matched += matched
        self.first = self.first or url


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _feed_problem(parsed: Parsed) -> str:
    if parsed.kind == "empty":
        return "feed_empty"  # valid, and nothing in it: a feed that went quiet, or broke
    return "feed_not_xml" if parsed.kind == "html" or not parsed.entries else "feed_malformed"


def _shortlink(path: str, query: str) -> bool:
    """An address that names a post by a query on the root or a script ("/?p=3",
    "/index.php?id=5"): a permalink's stand-in, which redirects to it."""
    return bool(query) and (path in ("", "/") or bool(_SCRIPT_PATH.search(path)))


_SCRIPT_PATH = re.compile(r"^/[^/]*\.(?:php\d?|aspx?|jsp|cfm|cgi)$", re.IGNORECASE)


def _short_address(path: str) -> bool:
    """One or two steps, the last with a number in it: a short link or an old address."""
    steps = [step for step in path.split("/") if step]
    return 0 < len(steps) <= 2 and any(c.isdigit() for c in steps[-1])


def _bare(url: str) -> str:
    """An address without its scheme, "www." and trailing slash: what a move that only
    normalises a section's address keeps."""
    parts = urlsplit(clean_url(url))
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}?{parts.query}"


def _charset(content_type: str | None) -> str | None:
    """The charset a Content-Type header names ("text/xml; charset=windows-1256")."""
    for param in (content_type or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip(" \"'"):
            return value.strip(" \"'")
    return None


def _requested_url(response: Response) -> str:
    """The URL first asked for, before any redirect (Scrapy keeps the chain; its
    response.request is the last hop): the one a later run finds the page by, and whose
    validators its conditional GET sends."""
    meta = response.meta if response.request is not None else {}  # one made by hand has none
    chain = meta.get("redirect_urls") or [response.url]
    return str(chain[0])


# Scrapy's request priorities: the higher goes first. Its queue gives a priority's last
# request first: where the run's own order counts (a sitemap index's children, the frontier's
# articles), each request is a step below the one asked before it, within its level.
LEVEL = 10**12
NEW_ARTICLE_PRIORITY = 2 * LEVEL
DISCOVERY_PRIORITY = LEVEL


def _priority(meta: dict[str, Any]) -> int:
    """New articles a listing or a feed gave go first: listings are a means to them, and a
    page budget spent on ever deeper listings (a trap) would leave found articles unfetched.
    Then the discovery pages but next pages (start pages, sections bounded by max_depth,
    feeds, sitemaps; child sitemaps after, the newest first): a section's endless "next" (a
    calendar) must not spend the budget before the start page's other sections are read.
    Then next pages; then a sitemap's articles (a catalogue of 50,000 must not hold the
    sections up) and re-checks, in the frontier's order (a catalogue's news, the newest
    first, before the backlog): a long backlog never holds up discovery, nor the news."""
    step = int(meta.get("step", 0))
    if "canonical" in meta:  # an article
        new = meta.get("on_a_page") and "archived_id" not in meta
        return NEW_ARTICLE_PRIORITY if new else -step
    return 0 if meta.get("paged") else DISCOVERY_PRIORITY - step


def _entry_date(entry: Entry) -> str | None:
    """The date a sitemap gives an entry: its publication date (a news sitemap's), else its
    lastmod."""
    return entry.published or entry.updated


def _depth_below(meta: dict[str, Any], depth: int, own: bool, most: int) -> int:
    """The depth of a listing's sections. A hub — a first page that lists no article of its
    own, only sections ("/news/" over "/news/arab/" over "/news/arab/syria/") — passes its
    depth on, once in a chain: max_depth counts the levels that list stories, and a site's
    deeper tree was not reached, nothing saying so."""
    hub = not own and not meta.get("paged") and not meta.get("hub_passed") and most > 0
    return depth if hub else depth + 1  # (max_depth 0: the start pages alone, hubs or not)


def _hrefs(tree: Any) -> list[str]:
    """The element's links' addresses (a template's placeholder, <a href="{{url}}">, is
    none)."""
    if tree is None:
        return []
    return [href for a in tree.iter("a") if (href := a.get("href")) and "{{" not in href]


def _conditional(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _later_page(field: str) -> bool:
    """A query's field that numbers a later page of an article ("page=2")."""
    name, _, value = field.partition("=")
    return name.lower() in LATER_PAGE_PARAMS and value.isdigit() and int(value) >= 2


def spider_for(source: Source, bind: bool = False) -> type[NewsSpider]:
    """A NewsSpider subclass carrying the source's politeness settings (and, with bind, the
    source itself, so that `scrapy crawl <id>` can build it without arguments)."""
    settings: dict[str, Any] = {
        "DOWNLOAD_DELAY": source.download_delay,
        "CONCURRENT_REQUESTS_PER_DOMAIN": source.concurrency,
        "ARSHIF_PAGE_BUDGET": source.max_pages,  # kept by crawler.downloader
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
