"""Which child sitemaps of an index a crawl may leave unread: those whose <lastmod> is still
the one their index gave when the source last read them, and that are not among the index's
newest. A site's years of daily (or numbered) maps are otherwise read on every run; a
publisher that edits an old article moves its map's lastmod, and new articles go into the
newest maps. The source's full walk (full_walk_after) reads every child again."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

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

    def __init__(self, load: Callable[[], dict[str, str]], walks_whole: bool) -> None:
        self._load = load
        self._known: dict[str, str] | None = None
        self.walks_whole = walks_whole
        self.read: dict[str, str] = {}  # child -> the lastmod its index gave, this run
        self.left_unread = 0

    def unchanged(self, url: str, lastmod: str | None, newest: datetime | None) -> bool:
        """May this child be left unread? Never on a full walk, nor for a child without a
        lastmod (or one that cannot be read as a date), nor for one among the newest."""
        if self.walks_whole or not lastmod or newest is None:
            return False
        stamp = when(lastmod)
        if stamp is None or stamp.date() >= newest.date() - NEWEST_MARGIN:
            return False
        if self._known is None:
            self._known = self._load()
        if self._known.get(url) != lastmod.strip():
            return False
        self.left_unread += 1
        return True

    def answered(self, url: str, lastmod: str | None) -> None:
        """A child read whole (or answered 304): its lastmod is kept if the run runs its course."""
        if lastmod:
            self.read[url] = lastmod.strip()


def newest(lastmods: Iterable[str | None], now: datetime) -> datetime | None:
    """The latest of the lastmods an index gives its children, those in the future aside."""
    stamps = (when(lastmod) for lastmod in lastmods)
    return max((s for s in stamps if s is not None and s <= now + FUTURE_SLACK), default=None)
