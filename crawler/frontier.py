"""Which articles a run fetches, and when: discovered articles wait here as small tuples and
are handed to Scrapy a window at a time; archived ones are asked again (conditionally) only
when they are due for a re-check.

An archived article is due when its publisher says it changed (a sitemap <lastmod>, an Atom
<updated>, a feed date newer than our last fetch, or than the one a crawl read last), or when
one of the source's re-check ages (time since we FIRST saw it: 1 h, 6 h, 1 d, 3 d, 7 d by
default) has passed since our last fetch, or when it was published within `recheck_days` (an
optional window of every run)."""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from itertools import count
from typing import NamedTuple

from crawler.extract.dates import parse_date

# Article requests handed to Scrapy at a time, per unit of the source's concurrency (at
# least MIN_IN_FLIGHT). The rest wait here: a sitemap of 50,000 articles would otherwise sit
# in Scrapy's scheduler as 50,000 request objects.
IN_FLIGHT_PER_CONCURRENCY = 4
MIN_IN_FLIGHT = 64
# New articles a listing or a feed gave may fill this many windows.
FIRST_WINDOWS = 2
# The step of each article handed out but the first kind's: its place in Scrapy's queue (the
# lower goes first: crawler.spiders.news._priority). A catalogue's news by its date, the newest
# lowest (one handed out later, newer, still goes before those handed out and not sent yet),
# those undated after them, then the rest (the backlog the last crawls left, re-checks) in the
# order handed out.
DATED_FROM = 4 * 10**9  # a date's step: this less its seconds since 1970 (2096's)
UNDATED_NEWS = 5 * 10**9
BEHIND_NEWS = 10**10


class Waiting(NamedTuple):
    """A discovered article not yet handed to Scrapy."""

    url: str
    key: str
    archived_id: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    hint_date: str | None = None
    signal: str | None = None  # an archived one's change date that moved: kept once answered
    # Found on a page of the site's news (a listing, a feed), not in a sitemap's catalogue:
    # fetched before further listings (crawler.spiders.news._priority).
    on_a_page: bool = False
    # Asked again in this run whatever Scrapy fetched already (its redirect included): an
    # original whose copy turned up (crawler.recorder._ask_originals).
    again: bool = False
    # Found by this run's read of a catalogue (a sitemap new to the source, or whose lastmod
    # moved since it read it): handed out before the backlog, the newest first by dated (the
    # date the catalogue gave it: its own, else its map's; none: after those dated).
    news: bool = False
    dated: str | None = None
    step: int = 0  # its place in the order the frontier handed the non-first ones out


def when(stamp: str | None) -> datetime | None:
    """An ISO time (or a date a feed or sitemap wrote in any common form) as aware UTC."""
    if not stamp:
        return None
    moment = _iso(stamp) or _rfc822(stamp)
    if moment is None:
        parsed = parse_date(stamp)
        moment = _iso(parsed) if parsed else None
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _iso(stamp: str) -> datetime | None:
    try:
        return datetime.fromisoformat(stamp.strip())
    except ValueError:
        return None


def _rfc822(stamp: str) -> datetime | None:
    """RSS dates ("Tue, 01 Dec 2026 17:39:14 +0300"), their zone kept."""
    try:
        return parsedate_to_datetime(stamp.strip())
    except (TypeError, ValueError, IndexError):
        return None


def due(
    state: dict,
    signal: str | None,
    ages: tuple[float, ...],
    recheck_days: float,
    now: datetime,
) -> bool:
    """Is an archived article (its state: first_seen_at, fetched_at, published_at) due for a
    re-check? signal: a change date its publisher gave (lastmod, updated, feed date)."""
    fetched = when(state.get("fetched_at")) or when(state.get("first_seen_at"))
    if fetched is None:
        return True
    changed = when(signal)
    if changed is not None and changed <= now + timedelta(minutes=5):
        if changed > fetched:
            return True
        if state.get("signal_seen") and newer_signal(signal, state["signal_seen"], now):
            return True  # moved since we last read it, if still before our fetch (a slow clock)
    first = when(state.get("first_seen_at")) or fetched
    if any(fetched < shifted(first, age) <= now for age in ages):
        return True
    published = when(state.get("published_at")) or first
    return recheck_days > 0 and published >= shifted(now, -recheck_days * 86400)


class Frontier:
    def __init__(self, concurrency: int) -> None:
        self.seen: set[str] = set()  # discovery keys of the articles this run knows of
        # A catalogue's news (Waiting.news), the newest first: (-its date, the order added).
        self.news: list[tuple[float, int, Waiting]] = []
        self.added = count()
        # The rest, in the order added: the articles the last crawls left (pending, in the
        # order they left them: the newest first), re-checks, a backlog map's articles.
        self.waiting: deque[Waiting] = deque()
        # New articles a listing or a feed gave: handed out before the rest (a sitemap's
        # catalogue of thousands, re-checks), as Scrapy then fetches them first.
        self.first: deque[Waiting] = deque()
        self.queued: set[str] = set()  # the keys of those waiting, first or not
        self.in_flight = 0  # article requests handed to Scrapy, not yet answered
        self.handed = 0  # of them, those not first, in all
        self.max_in_flight = max(MIN_IN_FLIGHT, IN_FLIGHT_PER_CONCURRENCY * concurrency)

    def add(self, article: Waiting) -> None:
        self.queued.add(article.key)
        if article.on_a_page and article.archived_id is None:
            self.first.append(article)
        elif article.news:
            stamp = when(article.dated)
            newest = -stamp.timestamp() if stamp is not None else float("inf")
            heapq.heappush(self.news, (newest, next(self.added), article))
        else:
            self.waiting.append(article)

    def take(self, hold_backlog: bool = False) -> Iterator[Waiting]:
        """Waiting articles while fewer than max_in_flight are unanswered: each answer (or
        failure) asks for the next ones. hold_backlog: the first and a catalogue's news only."""
        # Those of the first kind past a window a catalogue filled: else they wait for a
        # window's worth of it to be answered. (They are as many as the listings read hold.)
        while self.first and self.in_flight < FIRST_WINDOWS * self.max_in_flight:
            self.in_flight += 1
            yield self._handed(self.first.popleft())
        # Then a catalogue's news, then the rest, each a step after the one before: Scrapy's
        # queue (last in, first out) keeps the window's first at its bottom till the run ends.
        while (self.news or (self.waiting and not hold_backlog)) and (
            self.in_flight < self.max_in_flight
        ):
            self.in_flight += 1
            self.handed += 1
            if self.news:
                newest, _, article = heapq.heappop(self.news)
                step = UNDATED_NEWS + self.handed
                if newest != float("inf"):
                    step = min(max(1, int(DATED_FROM + newest)), UNDATED_NEWS - 1)
                article = article._replace(step=step)
            else:
                article = self.waiting.popleft()._replace(step=BEHIND_NEWS + self.handed)
            yield self._handed(article)

    def _handed(self, article: Waiting) -> Waiting:
        self.queued.discard(article.key)
        return article

    def remaining(self) -> list[Waiting]:
        """The articles waiting, in the order they would be handed out."""
        return [*self.first, *(article for *_, article in sorted(self.news)), *self.waiting]

    def backlog(self) -> int:
        """Articles waiting, not yet handed to Scrapy."""
        return len(self.first) + len(self.news) + len(self.waiting)

    def answered(self) -> None:
        self.in_flight = max(0, self.in_flight - 1)

    def stalled(self) -> bool:
        """Articles wait but nothing is in flight: a request ended on a path no callback
        reported. The caller resets and feeds on."""
        if not self.backlog():
            return False
        self.in_flight = 0
        return True


def waiting_for(
    url: str, key: str, state: dict | None, hint_date: str | None = None,
    signal: str | None = None, on_a_page: bool = False,
) -> Waiting:  # fmt: skip
    if state is None:
        return Waiting(url, key, hint_date=hint_date, on_a_page=on_a_page)
    moved = signal if newer_signal(signal, state.get("signal_seen"), now_utc()) else None
    return Waiting(url, key, state["id"], state["etag"], state["last_modified"], hint_date, moved)


def newer_signal(signal: str | None, seen: str | None, now: datetime) -> bool:
    """Is the publisher's change date later than the one last read for the archived article
    (or the first read), and not in the future? Only such a date is kept: the kept one only
    moves on, so a feed's older date beside a sitemap's newer one never makes it move."""
    changed = when(signal)
    if changed is None or changed > now + timedelta(minutes=5):
        return False
    read = when(seen)
    return read is None or changed > read


def now_utc() -> datetime:
    return datetime.now(UTC)


def shifted(moment: datetime, seconds: float) -> datetime:
    """moment, so many seconds later (earlier, when negative); past the calendar's ends, its
    end: "re-check what was published in the last 100000 days" means all of it."""
    try:
        return moment + timedelta(seconds=seconds)
    except OverflowError:
        end = datetime.max if seconds > 0 else datetime.min
        return end.replace(tzinfo=moment.tzinfo)
