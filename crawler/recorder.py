"""The run's bookkeeping as a Scrapy component: counters as `arshif/*` stats, archive writes in
batches, the pages still open (for an honest record of a forced stop), and the run's closing
status. Spider, middlewares and pipeline never write to the archive: they count in the stats,
send `page_error`, or hand items on; this extension writes."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Generator
from typing import Any, ClassVar, TypeVar
from urllib.parse import unquote

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task

from archive import Batch, Displaced, Outcome
from archive.records import utcnow
from crawler import settings as defaults
from crawler.crawlrun import FIRST_CRAWL, CrawlRun, run_of
from crawler.downloader import HOST_DOWN, PAGE_BUDGET
from crawler.errors import (
    children_seen,
    endpoint_found,
    page_error,
    page_settled,
    revisits_queued,
    signal_read,
    title_read,
    validators_seen,
)
from crawler.extract.dates import parse_date
from crawler.extract.pool import LearningInterrupted
from crawler.items import ArticleItem, Gone, NotModified

logger = logging.getLogger(__name__)
T = TypeVar("T")
STAT = "arshif/"
# Counters kept as stats and copied to the run's row in each batch's transaction.
_STATS_TO_ROW = (
    "pages", "bytes", "articles_skipped", "not_modified", "forgotten_unfetched", "articles_left",
)  # fmt: skip
# A stat whose row column is another's: forgotten articles the spider did not fetch add to
# those the archive turned away (its own count of them, in the same column).
_COLUMN = {"forgotten_unfetched": "articles_forgotten"}
_OUTCOMES = tuple(f"articles_{o.value}" for o in Outcome)
# When this many re-checks, and this share of the article pages a run heard from, say taken
# down, all sent to one address or with no discovery page answering, the site is down or
# sends everything to its home page (maintenance, a broken deploy): the run's marks are taken
# back. (A purge of old articles, 404s while the site answers, is marked.)
SITE_GONE_PAGES = 3
SITE_GONE_SHARE = 0.8
# A page recorded as no article answered all the same (a login, a wall, a short text).
ANSWERED = frozenset({"redirected", "shrunk", "not_html"})
# A re-check's answers that say the page itself keeps no article for now (a take-down's notice,
# no text, a wall, a listing or a site's page in its place): its change date is read, and it
# is not asked again until that date moves or its next age re-check. Any other failure, the
# site's trouble (a bot check, maintenance, a script that died mid-page) or our own (the
# extraction worker's timeout or crash, a parse error), leaves the date unread: asked again.
KEPT_NOTHING = ANSWERED | {
    f"extract_{kind}"
    for kind in ("no_text", "not_found", "notice", "paywall", "listing", "site_page", "not_html")
}


class RunRecorder:
    # The runs open in this process, by archive and run id: a story re-rooted in one run
    # moves the count of the run that first archived its old root, which may be another
    # source's, still open.
    open_runs: ClassVar[dict[tuple[Any, int], RunRecorder]] = {}

    def __init__(self, crawler: Any, run: CrawlRun) -> None:
        self.crawler = crawler
        self.run = run
        self.stats = crawler.stats
        settings = crawler.settings
        self.batch_size = settings.getint("ARSHIF_BATCH_SIZE", defaults.ARSHIF_BATCH_SIZE)
        self.batch_seconds = settings.getfloat(
            "ARSHIF_BATCH_SECONDS", defaults.ARSHIF_BATCH_SECONDS
        )
        self.batch = Batch()
        self.batch_keys: list[str] = []  # discovery keys of the batch's pages, in order
        self.batch_since: float | None = None
        self.written = dict.fromkeys(_STATS_TO_ROW, 0)
        self.open_pages: dict[str, str] = {}  # discovery key -> URL: requested, not yet settled
        # The run's take-downs, marked as they come and taken back at its end if they were
        # the site's trouble (see SITE_GONE_SHARE); article pages heard from otherwise (an
        # article, a 304, a page recorded as no article: a wall, a login, a short text).
        self.run_gone: list[Gone] = []
        self.run_marked: set[int] = set()  # of them, the articles this run marked gone
        self.rechecks: set[str] = set()  # discovery keys of the archived articles asked again
        # Of them: key -> (article id, the change date their publisher gave, if one moved).
        # An answer that kept nothing (a take-down, a retraction's notice, a short page, a
        # wall) reads that date and moves fetched_at all the same: the page is not fetched
        # again on every run for it, only at its next age re-check, revisit or date.
        self.asked_for: dict[str, tuple[int, str | None]] = {}
        # Of those, the ones answered taken down (id -> (when, date)): read at the run's end,
        # unless the run's marks are taken back (the site's trouble: asked while it lasts).
        self.gone_read: dict[int, tuple[str, str | None]] = {}
        # The articles the run archived edited, and new (copies too): a template change is
        # told from their texts at its close (archive.template).
        self.run_updated: set[int] = set()
        self.run_new: set[int] = set()
        # The archived articles it asked again because their publisher's change date moved:
        # a sample the publisher chose, weighed apart (archive.template).
        self.run_signalled: set[int] = set()
        self.heard_alive = 0
        # Errors of articles earlier runs left pending, by kind: said in one line at the end
        # (a site's twenty 500s, asked again on every run, were twenty lines of each run).
        self.failed_again: Counter[str] = Counter()
        self.fatal_error: str | None = None
        self.closed = False
        self.ending = False  # the spider closed: its last batch is written, nothing is asked
        self.flusher = task.LoopingCall(self.flush_if_stale)
        run.recorder = self
        self.key = (run.archive, run.run_id)
        RunRecorder.open_runs[self.key] = self

    @classmethod
    def from_crawler(cls, crawler: Any) -> RunRecorder:
        run = run_of(crawler)
        if run is None:
            raise NotConfigured("no arshif run for this crawler")
        recorder = cls(crawler, run)
        connect = crawler.signals.connect
        connect(recorder.spider_opened, signal=signals.spider_opened)
        connect(recorder.spider_closed, signal=signals.spider_closed)
        connect(recorder.item_scraped, signal=signals.item_scraped)
        connect(recorder.page_error, signal=page_error)
        connect(recorder.page_settled, signal=page_settled)
        connect(recorder.endpoint_found, signal=endpoint_found)
        connect(recorder.validators_seen, signal=validators_seen)
        connect(recorder.revisits_queued, signal=revisits_queued)
        connect(recorder.signal_read, signal=signal_read)
        connect(recorder.title_read, signal=title_read)
        connect(recorder.children_seen, signal=children_seen)
        connect(recorder.request_reached, signal=signals.request_reached_downloader)
        return recorder

    # -- counting -----------------------------------------------------------

    def inc(self, name: str, count: int = 1) -> None:
        self.stats.inc_value(STAT + name, count)

    def value(self, name: str) -> int:
        return int(self.stats.get_value(STAT + name, 0))

    def counts(self) -> dict[str, int]:
        names = (*_STATS_TO_ROW, *_OUTCOMES, "errors")
        counts = {name: self.value(name) for name in names}
        counts["articles_forgotten"] += counts.pop("forgotten_unfetched")
        return counts

    # -- signals ------------------------------------------------------------

    def spider_opened(self, spider: Any) -> None:
        self.flusher.start(self.batch_seconds / 2, now=False)

    def request_reached(self, request: Any, spider: Any) -> None:
        key = request.meta.get("canonical")
        if key is not None:
            self.open_pages[key] = request.url
            archived = request.meta.get("archived_id")
            if archived is not None:
                self.rechecks.add(key)
                self.asked_for[key] = (archived, request.meta.get("signal"))

    def item_scraped(self, item: Any, response: Any, spider: Any) -> None:
        if isinstance(item, ArticleItem | NotModified):
            self._signal_answered(item, getattr(response, "meta", {}), spider)
            self._title_answered(item, getattr(response, "meta", {}), spider)
        if isinstance(item, ArticleItem):
            self.batch.articles.append((item.record, item.capture))
            self.batch_keys.append(item.key)
            self.heard_alive += 1
        elif isinstance(item, NotModified):
            self.batch.not_modified.append((item.article_id, item.when))
            self.open_pages.pop(item.key, None)
            self.heard_alive += 1
        elif isinstance(item, Gone):
            self.batch.gone.append((item.article_id, item.when))
            self.run_gone.append(item)
            self.gone_read[item.article_id] = (item.when, self._asked_with(item.key))
        else:
            return
        if self.batch_since is None:
            self.batch_since = time.monotonic()
        if len(self.batch.articles) + len(self.batch.not_modified) >= self.batch_size:
            self.flush()

    def endpoint_found(self, kind: str, url: str, found_on: str) -> None:
        self._save(self.run.archive.save_endpoint, self.run.source.id, kind, url, found_on)

    def validators_seen(self, url: str, etag: str | None, last_modified: str | None) -> None:
        save = self.run.archive.save_discovery_validators
        self._save(save, self.run.source.id, url, etag, last_modified)

    def _signal_answered(self, item: ArticleItem | NotModified, meta: dict, spider: Any) -> None:
        """The change date an answered page was asked with (an archived one's that moved),
        or for one new this run, the latest its sitemap or feed gave (the spider's, which a
        listing may have found first): kept with its row."""
        article = meta.get("archived_id")
        if article is not None:
            changed = meta.get("signal")
            if changed:
                self.run_signalled.add(article)
        else:
            changed = getattr(spider, "signals_read", {}).get(item.key)
        if changed:
            url = item.record.url if isinstance(item, ArticleItem) else item.key
            self.batch.signals.append((article, url, changed))

    def _asked_with(self, key: str) -> str | None:
        """The change date a re-check was asked for, if one moved."""
        return self.asked_for.get(key, (0, None))[1]

    def _read_answer(self, article: int, when: str, changed: str | None) -> None:
        """A re-check answered with nothing kept: its fetch time, and the date it was asked
        for as read."""
        self.batch.checked.append((article, when))
        if changed:
            self.batch.signals.append((article, None, changed))

    def _title_answered(self, item: ArticleItem | NotModified, meta: dict, spider: Any) -> None:
        """The headlines a listing or feed showed for an answered page, when held for its
        answer (a new article's; an archived one's that changed: crawler.headlines)."""
        titles = getattr(spider, "titles", None)
        article = meta.get("archived_id")
        forms = titles.answered(item.key, article is None) if titles is not None else None
        if forms:
            url = item.record.url if isinstance(item, ArticleItem) else item.key
            self.batch.titles.append((article, url, forms))

    def title_read(self, article_id: int | None, forms: str, url: str | None = None) -> None:
        """Written with the next batch, as the change dates are."""
        self.batch.titles.append((article_id, url, forms))

    def signal_read(self, article_id: int | None, changed: str, url: str | None = None) -> None:
        """Written with the next batch (a sitemap of thousands: one transaction, not one each)."""
        self.batch.signals.append((article_id, url, changed))

    def children_seen(
        self, url: str, children: list[str], lastmods: dict[str, str] | None = None
    ) -> None:
        self._save(self.run.archive.save_discovery_children, url, children, lastmods)

    def revisits_queued(self, last_id: int) -> None:
        self._save(self.run.archive.save_revisit_cursor, self.run.source.id, last_id)

    def _save(self, write: Any, *args: Any) -> None:
        """A small write of crawl state, in its own transaction."""
        if self.closed or self.fatal_error:
            return
        try:
            write(*args)
        except sqlite3.Error as exc:
            self.fatal(exc)

    def page_settled(self, key: str) -> None:
        self.open_pages.pop(key, None)

    def page_error(self, url: str | None, kind: str, message: str, key: str | None = None) -> None:
        if key is not None:
            self.open_pages.pop(key, None)
            if key in self.rechecks and (kind in ANSWERED or kind.startswith("extract_")):
                self.heard_alive += 1  # (a new link's answer says nothing of the archive)
                if key in self.asked_for and kind in KEPT_NOTHING:
                    article, changed = self.asked_for[key]
                    self._read_answer(article, utcnow(), changed)
        self.inc("errors")
        self.inc(f"errors/{kind}")
        again = key is not None and self._left_before(key)
        if again:
            self.failed_again[kind] += 1
        log = logger.debug if again else logger.info
        log("%s %s: %s", kind, url, message, extra={"arshif_run": self.run})
        if self.closed or self.fatal_error:
            return
        try:
            self.run.archive.record_error(self.run.run_id, url, kind, message)
        except sqlite3.Error as exc:
            self.fatal(exc)

    def _left_before(self, key: str) -> bool:
        """Is this an article an earlier run left pending?"""
        left = getattr(self.crawler.spider, "left", None)
        return left is not None and key in left.carried

    def _say_failed_again(self) -> None:
        if not self.failed_again:
            return
        kinds = ", ".join(f"{kind} {n}" for kind, n in self.failed_again.most_common())
        logger.info("%d articles left pending by earlier runs failed again (%s)",
                    self.failed_again.total(), kinds, extra={"arshif_run": self.run})  # fmt: skip

    # -- writing ------------------------------------------------------------

    def flush_if_stale(self) -> None:
        """On a timer: a slow crawl commits what it has instead of holding it; new articles
        found meanwhile (a sitemap read before any article came) are kept at once."""
        stale = (
            self.batch_since is not None
            and time.monotonic() - self.batch_since >= self.batch_seconds
        )
        left = getattr(self.crawler.spider, "left", None)
        if stale or (left is not None and left.found):
            self.flush()

    def holds_any(self) -> bool:
        """Are articles in the batch, not yet written?"""
        return bool(self.batch.articles)

    def holds(self, key: str) -> bool:
        """Is the article of this key in the batch not yet written?"""
        return key in self.batch_keys

    def flush(self) -> None:
        batch, keys = self.batch, self.batch_keys
        self.batch, self.batch_keys, self.batch_since = Batch(), [], None
        drain = getattr(self.crawler.spider, "drain_found", None)
        if drain is not None and not self.closed:
            batch.found = drain()
        counts = {name: self.value(name) - self.written[name] for name in _STATS_TO_ROW}
        batch.counts = {_COLUMN.get(name, name): n for name, n in counts.items() if n}
        if not batch or self.fatal_error or self.closed:
            return
        try:
            results, displaced, folded = self._write(batch, keys)
        except sqlite3.Error as exc:
            self.fatal(exc)
            return
        if folded:  # this run's copies of a moved article, gone: the archive's row says so
            self.inc("articles_duplicate", -folded)
        for name, n in counts.items():
            self.written[name] += n
        self.inc("not_modified", len(batch.not_modified))
        self.written["not_modified"] += len(batch.not_modified)
        for key, (outcome, article_id), (record, _) in zip(
            keys, results, batch.articles, strict=True
        ):
            self.open_pages.pop(key, None)
            if outcome is None:
                continue
            self.inc(f"articles_{outcome.value}")
            if outcome is Outcome.UPDATED:
                self.run_updated.add(article_id)
            elif outcome in (Outcome.NEW, Outcome.DUPLICATE):
                self.run_new.add(article_id)
            if outcome in (Outcome.NEW, Outcome.DUPLICATE, Outcome.UPDATED):
                url, title = shown_url(record.url), record.title or ""
                self.run.report(f"  {outcome.value:<9} #{article_id} {url}  {title}")
        for moved in displaced:
            self.demoted(moved)
        self._ask_originals([i for (outcome, i) in results if outcome is Outcome.DUPLICATE])

    def _ask_originals(self, copies: list[int]) -> None:
        """New copies of the source's own archived articles: each original is asked again in
        this run (its publisher may have moved it to the copy's address, and its old one
        now redirects there: crawler.pipelines moves its row, the copy folded in)."""
        ask = getattr(self.crawler.spider, "ask_again", None)
        if not copies or ask is None or self.ending:
            return
        originals = self.run.read(self.run.archive.own_originals, copies, default=[])
        if originals:
            ask(originals)

    def demoted(self, moved: Displaced) -> None:
        """An older copy of a story arrived and became its root: the old root, reported new
        when it came, is a copy now. Say so, and move the count of the run that counted it
        new if that run is still open here (the archive moved its row's counts already)."""
        self.run.report(
            f"  {Outcome.DUPLICATE.value:<9} #{moved.article_id} now: "
            f"#{moved.root_id} is the same story, published earlier"
        )
        owner = RunRecorder.open_runs.get((self.run.archive, moved.first_run or 0))
        if owner is not None and owner.value("articles_new") > 0:
            owner.inc("articles_new", -1)
            owner.inc("articles_duplicate")

    def _write(
        self, batch: Batch, keys: list[str]
    ) -> tuple[list[tuple[Outcome | None, int]], list[Displaced], int]:
        """The batch in one transaction; a bug tripped by one article (not a refusal of the
        database) must not cost the others: then they are written one by one. Also the
        roots that older copies displaced, and how many of this run's copies were folded
        into moved articles."""
        archive, run_id = self.run.archive, self.run.run_id
        try:
            written: list[tuple[Outcome | None, int]] = list(archive.write_batch(run_id, batch))
            self.run_marked.update(archive.marked)
            return written, archive.displaced, archive.folded.count(run_id)
        except sqlite3.Error:
            raise
        except Exception:
            logger.exception("a batch of archive writes failed; writing its parts one by one",
                             extra={"arshif_run": self.run})  # fmt: skip
        archive.write_batch(
            run_id,
            Batch(not_modified=batch.not_modified, gone=batch.gone, ungone=batch.ungone,
                  rehome=batch.rehome, checked=batch.checked, counts=batch.counts,
                  found=batch.found),
        )  # fmt: skip
        self.run_marked.update(archive.marked)
        results: list[tuple[Outcome | None, int]] = []
        displaced: list[Displaced] = []
        folded = 0
        for key, (record, capture) in zip(keys, batch.articles, strict=True):
            try:
                results.append(archive.archive(run_id, record, capture))
                displaced += archive.displaced
                folded += archive.folded.count(run_id)
            except sqlite3.Error:
                raise
            except Exception as exc:
                results.append((None, 0))
                self.page_error(record.url, "archive_failed", f"{type(exc).__name__}: {exc}", key)
        return results, displaced, folded

    def fatal(self, exc: Exception) -> None:
        """The archive refuses writes: stop this crawl, say why, keep what is there intact."""
        if self.fatal_error is not None:
            return
        self.fatal_error = f"cannot write to the archive {self.run.archive.path}: {exc}"
        logger.error("%s", self.fatal_error, extra={"arshif_run": self.run})
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason="archive_error"))

    # -- closing ------------------------------------------------------------

    async def spider_closed(self, spider: Any, reason: str) -> None:
        self.ending = True
        try:
            if not self.closed:
                note = getattr(spider, "note_pattern", None)
                if note is not None:
                    note()
                self._date_undated(getattr(spider, "hints", {}))
                self.flush()  # the run's last articles are among the pages learned from
                # After them (written, or else still kept as found): a crash between the two
                # loses nothing.
                self._leave_pending(spider, reason)
                self._keep_sitemap_reads(spider, reason)
                await self.learn_chrome()
        finally:
            self.close(reason)  # whatever learning met, the run is recorded as it ended

    def _date_undated(self, hints: dict[str, str]) -> None:
        """The publication dates the run's feeds and sitemaps gave, for its articles whose
        pages gave none: a listing's link fetched before the feed was read came without its
        date, and an article archived undated by an earlier run gets it now."""
        for url, raw in hints.items():
            iso = parse_date(raw)
            if iso:
                self.batch.dates.append((url, iso, raw.strip()))

    def _leave_pending(self, spider: Any, reason: str) -> None:
        """The new articles the run found and did not archive, for the source's next crawl.
        A forced stop adds the pages still open: fetched, their extraction cut off."""
        unfetched = getattr(spider, "unfetched", None)
        if unfetched is None:
            return
        left = unfetched(reason)
        if reason == "forced":
            named = {row["url"] for row in left}
            left += [
                {"url": key, "fetch_url": url}
                for key, url in self.open_pages.items()
                if key not in named and key not in self.rechecks
            ]
        limit = self.crawler.settings.getint("ARSHIF_MAX_PENDING", defaults.ARSHIF_MAX_PENDING)
        self._save(self.run.archive.save_pending, self.run.source.id, left, limit)

    def _keep_sitemap_reads(self, spider: Any, reason: str) -> None:
        """The child sitemaps the run read whole, with their lastmods: left unread by later
        runs while their index gives the same (crawler.sitemapreads). Whatever ended the run:
        the articles they list and it did not fetch are pending (a run cut short kept none,
        and an index with more maps than max_pages had the same ones read on every run)."""
        reads = getattr(spider, "sitemap_reads", None)
        if reads is not None and reads.read:
            self._save(self.run.archive.save_sitemap_reads, self.run.source.id, reads.read)
        if reads is not None and reads.left_unread:
            self.inc("sitemaps_unchanged", reads.left_unread)

    def interrupt(self) -> None:
        """A forced stop: write what is extracted, name every page still open as
        `interrupted`, and close the run now (Scrapy's own close may never come)."""
        if self.closed:
            return
        self.flush()
        self._leave_pending(self.crawler.spider, "forced")
        for key, url in list(self.open_pages.items()):
            self.page_error(
                url, "interrupted", "fetched or being fetched when the crawl was stopped", key
            )
        self.close(self.run.stop_reason or "forced")

    def close(self, reason: str) -> None:
        if self.closed:
            return
        self._say_failed_again()
        try:
            if self.flusher.running:
                self.flusher.stop()
            self.flush()  # the run's marks are all written: which were its own, then
            taken_back = self.marks_to_take_back()
            self.batch.ungone += taken_back
            back = {article for article, _ in taken_back}
            for article, (when, changed) in self.gone_read.items():
                if article not in back:
                    self._read_answer(article, when, changed)
                    # A take-down that stands: moved where its story lives on, if it does.
                    self.batch.rehome.append(article)
            self.flush()
        finally:
            RunRecorder.open_runs.pop(self.key, None)
        self.closed = True
        run, archive = self.run, self.run.archive
        try:
            if not self.fatal_error:
                archive.settle()  # a disk that filled behind the writer's back shows here
            status, stop_reason = self.status(reason)
            walked = _walked_whole(run.full_walk, status, stop_reason)
            archive.finish_run(run.run_id, status, stop_reason, full_walk=walked)
            summary = archive.run(run.run_id)
        except sqlite3.Error as exc:
            self.closed = False
            self.fatal(exc)
            self.closed = True
            summary = {"id": run.run_id, "source": run.source.id, "status": "failed",
                       **self.counts()}  # fmt: skip
        if self.fatal_error:
            summary["fatal"] = self.fatal_error
        run.summary = summary
        run.closed.callback(summary)

    def marks_to_take_back(self) -> list[tuple[int, str]]:
        """The run's take-downs, when they were the site's trouble, not its articles'.
        (Articles marked gone by earlier runs, asked again, are neither.)"""
        marks, self.run_gone = self.run_gone, []
        if self.fatal_error:
            return []
        first = {g.article_id: g for g in reversed(marks)}  # an article's first mark, as written
        marked = [g for g in first.values() if g.article_id in self.run_marked]
        heard = len(marked) + self.heard_alive
        gone = self._the_sites_trouble(marked, heard)
        if not gone:
            return []
        kept = len(marked) - len(gone)  # real take-downs beside them (404s)
        said = (
            f"{len(gone)} of the {heard} article pages heard from answered taken down: read as"
            " the site's trouble (down, or sending every page to one address), "
            + (f"those not marked gone, {kept} more marked" if kept else "none marked gone")
        )
        self.run.report(f"  {said}")
        self.page_error(None, "site_gone", said)
        return [(g.article_id, g.when) for g in gone]

    def _the_sites_trouble(self, gone: list[Gone], heard: int) -> list[Gone]:
        """Of the run's take-downs, those that were the site's: nearly every page heard from
        sent to one address (the home page, or any edition's: crawler.items.HOME), or taken
        down while the site's feeds and listings did not answer either. A few real take-downs
        beside them (a 404 among pages all sent home) stand."""

        def enough(marks: list[Gone]) -> bool:
            return len(marks) >= SITE_GONE_PAGES and len(marks) >= SITE_GONE_SHARE * heard

        if enough(gone) and self.value("discovery_answered") == 0:
            return gone
        by_address: dict[str, list[Gone]] = {}
        for mark in gone:
            if mark.landed is not None:  # (less a query that names no page)
                by_address.setdefault(mark.landed, []).append(mark)
        most = max(by_address.values(), key=len, default=[])
        return most if enough(most) else []

    async def settle_template(self) -> bool:
        """The run's updates that were only its source's template changing (a standing line
        a redesign put in, or took out of, the article body on many of its pages), taken
        back: no versions left, counted unchanged (archive.template, in steps: other
        sources' pages go on between them; a forced stop that closes the run ends them).
        Whether the template put lines in: its chrome is relearned now, not in a day."""
        from archive.template import NOTHING, settling

        pages = sum(self.value(f"articles_{o}") for o in _TEMPLATE_BASE)
        steps = settling(self.run.archive, self.run.run_id, self.run_updated, self.run_new, pages,
                         self.run_signalled)  # fmt: skip
        settled = await take_steps(steps, NOTHING, lambda: self.closed)
        if settled.taken_back:
            self.inc("articles_updated", -settled.taken_back)
            self.inc("articles_unchanged", settled.taken_back)
        for article_id in settled.taken:  # each was said `updated` as it came: taken back here
            self.run.report(
                f"  {Outcome.UNCHANGED.value:<9} #{article_id} now: its update was only the"
                " site's template changing (a standing line put in or taken out): no version"
            )
        if settled.added or settled.removed:
            logger.info(
                "template: %d lines added, %d removed on the pages; %d updates taken back,"
                " %d texts cleaned", len(settled.added), len(settled.removed),
                settled.taken_back, settled.cleaned, extra={"arshif_run": self.run},
            )  # fmt: skip
        return bool(settled.added)

    async def learn_chrome(self) -> None:
        """The source's chrome, learned from its own pages when due (their keys read by the
        extraction workers, off the reactor), or at once when the run saw its template put
        lines in (settle_template); archived texts cleaned when it changed (a first crawl
        ends clean too). A forced stop that closed the run meanwhile wins."""
        from archive.chrome import cleaning_pending
        from crawler.extract.chrome import pages_to_learn, refresh_profile

        run = self.run
        archived = self.value("articles_new") + self.value("articles_updated")
        try:
            if self.fatal_error or not (archived or cleaning_pending(run.archive, run.source.id)):
                return
            changed = await self.settle_template()
            if self.closed:
                return
            pages = pages_to_learn(run.archive, run.source.id, now=changed)
            if not pages:
                return
            keys = await run.pool.chrome_keys(pages)
            if self.closed:
                return
            learned, steps = refresh_profile(run.archive, run.source.id, run.chrome, keys)
            cleaned = await self._clean(steps)
        except sqlite3.Error as exc:
            self.fatal(exc)
            return
        except LearningInterrupted as exc:  # the pool was stopped or broken meanwhile
            logger.warning("learning chrome left for the next run: %s", exc,
                           extra={"arshif_run": run})  # fmt: skip
            return
        except Exception as exc:  # a bug in learning must not lose the run's record
            logger.error("learning chrome failed: %r", exc, extra={"arshif_run": run})
            return
        if cleaned:
            logger.info("chrome: %d lines learned, %d archived texts cleaned", learned, cleaned,
                        extra={"arshif_run": run})  # fmt: skip

    async def _clean(self, steps: Generator[int, None, None] | None) -> int:
        """Take chrome cleaning's steps (archive.cleaning.cleaning): a source's archive can be
        large, and other sources' pages go on between the steps. A forced stop that closes
        the run leaves the rest to the next run that learns. Returns the rows cleaned."""
        if steps is None:
            return 0
        return await take_steps(steps, 0, lambda: self.closed)

    def status(self, reason: str) -> tuple[str, str]:
        """ok: went through discovery and its articles (ordinary page errors counted; a
        robots.txt that forbids every discovery URL is the site's answer, which `arshif check`
        calls empty, not a failure to back off from); partial: cut short; failed: no discovery
        URL answered, or the archive refused writes."""
        if self.fatal_error:
            return "failed", "archive_error"
        if reason == "finished":
            # (The articles it was given, or that the last crawl left, answered: not nothing.)
            answered = self.value("discovery_answered") + self.value("discovery_forbidden")
            seeded = bool(self.run.seed_articles) and self.value("pages") > 0
            if answered == 0 and not seeded and self.value("pending_answered") == 0:
                return "failed", "nothing_fetched"
            return "ok", "finished"
        if reason == HOST_DOWN and self.value("discovery_answered") == 0:
            return "failed", "nothing_fetched"  # down before anything answered: a failure
        if reason in ("shutdown", "cancelled") and self.run.stop_reason:
            reason = self.run.stop_reason
        return "partial", _STOP_REASONS.get(reason, reason)


async def take_steps(steps: Generator[T, None, None], last: T, stopped: Callable[[], bool]) -> T:
    """Take an archive task's steps (chrome cleaning, a template's settling), each on its own
    turn of the reactor, until they end or stopped() (a forced stop closed the run). Returns
    the last step's value (last: none taken)."""
    try:
        for step in steps:
            last = step
            await asyncio.sleep(0)
            if stopped():
                break
    finally:
        steps.close()  # its run is recorded now, not whenever it is collected
    return last


def _walked_whole(why: str, status: str, stop_reason: str) -> bool:
    """Does a run that walked its sections whole (why: CrawlRun.full_walk) count as the
    source's last full walk? One that ran its course does, and one its own limits ended
    (the page budget, a time limit): a site bigger than them would otherwise walk its
    archive to the budget on every run (the pages it did not reach wait for the next walk,
    full_walk_after later). A first crawl counts however it ended, unless it failed: the
    next pages it did not reach are pending, read on from there. One a stop cut short
    (the crawl's or the service's) is walked again by the next run."""
    if not why or status == "failed":
        return False
    return status == "ok" or why == FIRST_CRAWL or stop_reason in (PAGE_BUDGET, "time_limit")


# The run's pages a template change is told on a share of (archive.template).
_TEMPLATE_BASE = ("new", "updated", "unchanged", "duplicate")

_STOP_REASONS = {
    "closespider_itemcount": "item_limit",
    "shutdown": "stopped",
    "cancelled": "stopped",
}


def shown_url(url: str) -> str:
    """An address for a report line: its letters unescaped when they are UTF-8's, else as
    stored (a link escaped in windows-1256 came out as mojibake)."""
    try:
        return unquote(url, errors="strict")
    except UnicodeDecodeError:
        return url
