"""Which child sitemaps of an index a crawl may leave unread: those whose <lastmod> is still
the one their index gave when the source last read them, and that are not among the index's
newest. A site's years of daily (or numbered) maps are otherwise read on every run; a
publisher that edits an old article moves its map's lastmod, and new articles go into the
newest maps. The source's full walk (full_walk_after) reads every child again."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import TypeVar
from urllib.parse import parse_qsl, urlsplit

from crawler.extract.dates import FUTURE_SLACK
from crawler.frontier import when

# Children whose lastmod's day is this close to the day of the index's newest are read
# whatever they say: today's and yesterday's daily maps (their lastmods often a bare date,
# beside a map of pages stamped with the moment it was made), maps stamped apart in one update.
NEWEST_MARGIN = timedelta(days=1)
# A lastmod further ahead of our clock than FUTURE_SLACK (any zone's difference) is a slip (a
# CMS's or a clock's): it is no index's newest, or every map it dwarfs would be left unread.


class SitemapReads:
    """A source's child sitemaps as last read whole, and those read in this run."""

    def __init__(
        self, load: Callable[[], dict[str, str]], walks_whole: bool, now: datetime
    ) -> None:
        self._load = load
        self._known: dict[str, str] | None = None
        self.walks_whole = walks_whole
        self.now = now
        self.read: dict[str, str] = {}  # child -> the lastmod its index gave, this run
        self.left_unread = 0

    def unchanged(self, url: str, lastmod: str | None, newest: datetime | None) -> bool:
        """May this child be left unread? Never on a full walk, nor for one among the newest,
        nor for one without a lastmod (or one that cannot be read as a date) unless its
        address names a day or a month past (a daily map, "sitemap.xml?yyyy=2026&mm=11&dd=30":
        read once whole, settled)."""
        if self.walks_whole:
            return False
        if lastmod:
            stamp = when(lastmod)
            if newest is None or stamp is None or stamp.date() >= newest.date() - NEWEST_MARGIN:
                return False
        mark = self._mark(url, lastmod)
        if mark is None:
            return False
        if self._known is None:
            self._known = self._load()
        if self._known.get(url) != mark:
            return False
        self.left_unread += 1
        return True

    def was_read(self, url: str) -> bool:
        """Did a run read this child whole before (whatever its lastmod then)? It may be
        asked with its validators: a 304 says nothing moved since that read."""
        if self._known is None:
            self._known = self._load()
        return url in self._known

    def answered(self, url: str, lastmod: str | None) -> None:
        """A child read whole (or answered 304): its lastmod is kept (or, without one, the day
        its address names), whatever ends the run: the articles it listed are archived or
        left to the next crawl (pending)."""
        mark = self._mark(url, lastmod)
        if mark is not None:
            self.read[url] = mark

    def _mark(self, url: str, lastmod: str | None) -> str | None:
        """What a read of the child is kept as: its lastmod, or the past day its address
        names (a day still filling, today's or yesterday's, none: read again)."""
        if lastmod:
            return lastmod.strip()
        day = named_day(url)
        if day is None or day >= self.now.date() - NEWEST_MARGIN:
            return None
        return f"{NAMED}{day.isoformat()}"


T = TypeVar("T")


def newest_first(
    children: Iterable[T], url: Callable[[T], str], lastmod: Callable[[T], str | None]
) -> list[T]:
    """Children in the order a run reads them: the newest lastmod first (or, without one,
    the day the address names); those with neither after, as listed."""

    def key(child: T) -> float:
        stamp = when(lastmod(child) or "")
        if stamp is not None:
            return -stamp.timestamp()
        day = named_day(url(child))
        return -calendar.timegm(day.timetuple()) if day else float("inf")

    return sorted(children, key=key)


# What the source's sitemap reads keep for a child without a lastmod: the day its address names.
NAMED = "named:"
_DAY_IN_PATH = re.compile(
    r"(?<!\d)((?:19|20)\d\d)[-/_.]?(0[1-9]|1[0-2])(?:[-/_.]?(0[1-9]|[12]\d|3[01]))?(?!\d)"
)
_YEAR_KEYS, _MONTH_KEYS, _DAY_KEYS = ("yyyy", "year", "y"), ("mm", "month", "m"), ("dd", "day", "d")


def named_day(url: str) -> date | None:
    """The last day of the period a child sitemap's address names: a day ("2026-11-30",
    "?yyyy=2026&mm=11&dd=30"), or a month ("sitemap-2026-11.xml": its last day); None."""
    parts = urlsplit(url)
    query = {k.lower(): v for k, v in parse_qsl(parts.query)}
    year = next((query[k] for k in _YEAR_KEYS if k in query), None)
    month = next((query[k] for k in _MONTH_KEYS if k in query), None)
    day = next((query[k] for k in _DAY_KEYS if k in query), None)
    if not (year and month):
        found = _DAY_IN_PATH.search(parts.path)
        if found is None:
            return None
        year, month, day = found.groups()
    try:
        y, m = int(year), int(month)
        if day:
            return date(y, m, int(day))
        return date(y, m, calendar.monthrange(y, m)[1])
    except ValueError:
        return None


def newest(lastmods: Iterable[str | None], now: datetime) -> datetime | None:
    """The latest of the lastmods an index gives its children, those in the future aside."""
    stamps = (when(lastmod) for lastmod in lastmods)
    return max((s for s in stamps if s is not None and s <= now + FUTURE_SLACK), default=None)
