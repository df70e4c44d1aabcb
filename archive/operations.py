"""The Archive's part for running unattended: the scheduler's heartbeat, `arshif check`,
and takedowns (`arshif forget`). The work is done in archive.heartbeat, archive.health and
archive.tombstones."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from archive import health, heartbeat, tombstones
from archive.records import utcnow
from archive.runs import Runs


class Operations(Runs):
    def scheduler_beat(self, pid: int, host: str, started_at: str) -> None:
        """Called by the scheduler every heartbeat.HEARTBEAT_SECONDS (30 s)."""
        heartbeat.beat(self.db, pid, host, started_at)

    def scheduler_stopped(self, pid: int) -> None:
        """Called by the scheduler when it exits (on this host)."""
        heartbeat.stopped(self.db, pid)

    def scheduler_status(self) -> dict[str, Any]:
        """running (bool), state (running, stopped, dead, never), pid, host, started_at,
        beat_at, stopped_at, beat_age_s of the newest live (or else newest) scheduler."""
        return heartbeat.status(self.db)

    def check(self, periods: dict[str, float | None], now: datetime | None = None) -> health.Report:
        """See archive.health.check; periods: seconds between scheduled runs per source."""
        return health.check(self.db, periods, now)

    def ensure_sound(self) -> None:
        """Raise the damage quick_check finds anywhere in the file (a server that reads
        pages as they are asked for would start on a damaged archive, then fail a visitor)."""
        health.ensure_sound(self.db)

    def find_articles(self, urls: Sequence[str]) -> list[dict[str, Any]]:
        """Articles archived under any of urls (canonical or fetched): id, url, source, title."""
        return tombstones.find(self.db, urls)

    def source_articles(self, source: str) -> list[dict[str, Any]]:
        return tombstones.of_source(self.db, source)

    def forget(
        self,
        articles: Sequence[dict[str, Any]],
        tombstone_urls: Iterable[str] = (),
        reason: str | None = None,
    ) -> tombstones.Forgotten:
        """Remove articles with their versions, captures and index entries, and tombstone
        their URLs and tombstone_urls: write_batch will not store them again."""
        return tombstones.forget(self.db, articles, tombstone_urls, reason, utcnow())

    def taken_down(self, urls: Sequence[str]) -> list[dict[str, Any]]:
        """The tombstones of urls, earliest first: url, removed_at, reason."""
        return tombstones.taken_down(self.db, urls)

    def is_forgotten(self, *urls: str | None) -> bool:
        """True when any of urls was taken down: a crawl need not fetch it."""
        return tombstones.is_tombstoned(self.db, *urls)
