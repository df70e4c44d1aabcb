"""Scrapy's downloader with a source's concurrency kept under the asyncio reactor.

Scrapy 2.19 starts each download of a slot's queue as a coroutine that, under the asyncio
reactor, first runs on a later turn of the loop; only then is the request counted as
transferring. `_process_queue` checks that count in a loop, so a whole queue of requests to
one host went out at once, whatever CONCURRENT_REQUESTS_PER_DOMAIN said (40 at once to a
site configured for 2). Here a request counts as transferring the moment it leaves the queue;
Scrapy's own `_download` adds it again (a set) and removes it when it is done.

It also keeps a host's robots.txt `Crawl-delay` (Scrapy reads it, but nothing in it waits):
no request to that host leaves sooner after the last one, whatever AutoThrottle decides; and
a host's Crawl-delay holds across the sources of one process (each crawl has its own slots).

And it keeps the source's page budget (`max_pages`) exactly: Scrapy's CloseSpider counts
answers, so every request already sent when the count was reached was fetched on top (a run
of 60 fetched 74). Here requests are counted as they leave (robots.txt aside); the one past the
budget is not sent (a retry or a redirect's next hop is the same page), the crawl drains as on
a stop, and the run ends partial (page_budget)."""

from __future__ import annotations

from time import monotonic
from typing import Any

from scrapy.core.downloader import Downloader, Slot
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import _schedule_coro, deferred_from_coro
from twisted.python.failure import Failure

PAGE_BUDGET = "page_budget"  # the close reason, and the run's stop_reason
HOST_DOWN = "host_down"  # the same, when the site stopped answering (crawler.spiders.news)
# A request's meta key: it fetches the next part of an article whose first page was fetched
# (crawler.articleparts). Counted, but sent even past the page budget: no article is cut.
ARTICLE_PART = "arshif_article_part"


class NotSent(IgnoreRequest):
    """A request still waiting for its turn at the host when the crawl was told to stop:
    never sent (the next run asks again for what it would have fetched). Not an error.
    reason: why the crawl stops (PAGE_BUDGET, or the service's stop reason)."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"not sent: the crawl is stopping ({reason})")
        self.reason = reason


def stopped_sending(crawler: Any) -> bool:
    """Has the crawl stopped sending requests (PoliteDownloader.stop_sending: a stop, a time
    limit, the page budget, a host gone down)?"""
    return getattr(crawler.engine.downloader, "stopping", None) is not None


# Per host, for the whole process: every source's crawl in it shares them (two sources on
# one site each had a slot of their own, and together sent twice as often as its robots.txt
# allows). The host's robots.txt Crawl-delay, and when any crawl last sent it a request (a
# source's own download_delay counts from its own requests).
_CRAWL_DELAYS: dict[str, float] = {}
_LAST_SENT: dict[str, float] = {}
_PAUSED_UNTIL: dict[str, float] = {}  # a host that asked to be left alone (429 Retry-After)
# Sent (reason=) when a crawl stops sending: the retries waiting out a pause wake at once
# (crawler.middlewares), their last answer recorded, instead of holding the stop open.
SENDING_STOPPED = object()


def slow_down(host: str, count: int, first: float, most: float) -> float:
    """A host's count-th 429 in a row that says not how long: the host is paused, first
    seconds, doubled for each (up to most); the pause. (The count is the run's own: a run
    must not inherit the streak of the one before it.)"""
    seconds = min(most, first * 2 ** (count - 1))
    pause_host(host, seconds)
    return seconds


def pause_host(host: str, seconds: float) -> None:
    """Send the host nothing for this long: it said so of one request (a 429 or a 503 with
    Retry-After), and the others queued for it would each have been refused the same."""
    _PAUSED_UNTIL[host] = max(_PAUSED_UNTIL.get(host, 0.0), monotonic() + seconds)


class PoliteDownloader(Downloader):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stopping: str | None = None
        self.page_budget = self.crawler.settings.getint("ARSHIF_PAGE_BUDGET")  # 0: none
        self.sent = 0  # requests sent, robots.txt aside

    def keep_crawl_delay(self, host: str, seconds: float) -> None:
        """Wait at least this long between two requests to host (its robots.txt says so;
        0: it says nothing, as now read)."""
        _CRAWL_DELAYS[host] = seconds

    def _host(self, slot: Slot) -> str | None:
        """The slot's key, its host (a source has a host or two: a scan, not an index that
        Scrapy's slot collection would leave stale)."""
        return next((key for key, held in self.slots.items() if held is slot), None)

    def stop_sending(self, reason: str) -> None:
        """Drain: what is in flight finishes; what waits in the hosts' queues (a polite
        source's delay can hold many) is never sent, now or when it arrives."""
        self.stopping = reason
        for slot in self.slots.values():
            self._drop_queued(slot)
        self.crawler.signals.send_catch_log(SENDING_STOPPED, reason=reason)

    def _budget_spent(self, request: Any) -> bool:
        """Would sending this request go past the page budget? Counts it when it would not.
        A retry and a redirect's next hop go on fetching a page already counted."""
        if not self.page_budget or request.url.endswith("/robots.txt"):
            return False
        if request.meta.get("retry_times") or request.meta.get("redirect_times"):
            return False
        if self.sent >= self.page_budget and not request.meta.get(ARTICLE_PART):
            return True
        self.sent += 1
        return False

    def _drop_queued(self, slot: Slot) -> None:
        """Everything queued at the slot fails as not sent, but an article's next part once the
        page budget is spent."""
        if slot.latercall:
            slot.latercall.cancel()
            slot.latercall = None
        kept = [(r, d) for r, d in slot.queue if self._finishes_article(r)]
        dropped = [(r, d) for r, d in slot.queue if not self._finishes_article(r)]
        slot.queue.clear()
        slot.queue.extend(kept)
        for _, queued in dropped:
            queued.errback(Failure(NotSent(self.stopping or "stopped")))

    def _finishes_article(self, request: Any) -> bool:
        return self.stopping == PAGE_BUDGET and bool(request.meta.get(ARTICLE_PART))

    def _process_queue(self, slot: Slot) -> None:
        if self.stopping:
            self._drop_queued(slot)
            if not slot.queue:
                return
        if slot.latercall:
            return  # a delayed call will process the queue
        now = monotonic()
        host = self._host(slot)
        paused = _PAUSED_UNTIL.get(host or "", 0.0) - now
        if paused > 0:
            slot.latercall = call_later(paused, self._latercall, slot)
            return
        # The source's own delay counts from its own last request; the host's Crawl-delay
        # from any source's (a source's delay counted from another's starved the slower).
        own, crawl_delay = slot.download_delay(), _CRAWL_DELAYS.get(host or "", 0.0)
        delay = max(own, crawl_delay)
        if delay:
            penalty = max(
                own - now + slot.lastseen,
                crawl_delay - now + max(slot.lastseen, _LAST_SENT.get(host or "", 0.0)),
            )
            if penalty > 0:
                slot.latercall = call_later(penalty, self._latercall, slot)
                return
        while slot.queue and slot.free_transfer_slots() > 0:
            if self._budget_spent(slot.queue[0][0]):
                self.stop_sending(PAGE_BUDGET)
                deferred_from_coro(self.crawler.engine.close_spider_async(reason=PAGE_BUDGET))
                return
            slot.lastseen = now
            if host is not None:
                _LAST_SENT[host] = now
            request, queue_dfd = slot.queue.popleft()
            slot.transferring.add(request)
            _schedule_coro(self._wait_for_download(slot, request, queue_dfd))
            if delay:  # one request per delay
                self._process_queue(slot)
                break
