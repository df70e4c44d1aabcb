"""What a crawl remembers between runs: validators and age of archived articles, the
discovery cache (feeds and listings), and each source's schedule state."""

from __future__ import annotations

from archive.db import Connection
from archive.records import utcnow


class CrawlState(Connection):
    def article_state(self, *urls: str) -> dict | None:
        """What a re-crawl needs to know of an archived article: validators and age. The
        first of urls archived (as its canonical or its fetched URL) wins; one query."""
        marks = ", ".join("?" * len(urls))
        rows = self.db.execute(
            "SELECT id, url, etag, last_modified, published_at, first_seen_at, fetched_url"
            f" FROM articles WHERE url IN ({marks}) OR fetched_url IN ({marks})",
            [*urls, *urls],
        ).fetchall()
        keys = ("id", "url", "etag", "last_modified", "published_at", "first_seen_at")
        for url in urls:
            for row in rows:
                if url in (row[1], row[6]):
                    return dict(zip(keys, row[:6], strict=True))
        return None

    def due_articles(self, source: str, since: str) -> list[dict]:
        """Archived articles of a source published (or, undated, first seen) since a time:
        the ones a re-crawl re-checks for edits even when no feed lists them any more."""
        rows = self.db.execute(
            "SELECT id, url, fetched_url, etag, last_modified FROM articles WHERE source = ?"
            " AND COALESCE(published_at, first_seen_at) >= ?",
            [source, since],
        ).fetchall()
        keys = ("id", "url", "fetched_url", "etag", "last_modified")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def discovery_validators(self, url: str) -> tuple[str | None, str | None]:
        row = self.db.execute(
            "SELECT etag, last_modified FROM discovery_cache WHERE url = ?", [url]
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def save_discovery_validators(
        self, url: str, etag: str | None, last_modified: str | None
    ) -> None:
        with self.write():
            self.db.table("discovery_cache").upsert(
                {"url": url, "etag": etag, "last_modified": last_modified, "checked_at": utcnow()},
                pk="url",
            )

    def schedule_state(self, source: str) -> dict | None:
        rows = list(self.db["schedule_state"].rows_where("source = ?", [source]))
        return rows[0] if rows else None

    def save_schedule_state(
        self, source: str, failures: int, backoff: int, next_run_at: str
    ) -> None:
        with self.write():
            self.db.table("schedule_state").upsert(
                {
                    "source": source,
                    "consecutive_failures": failures,
                    "backoff_seconds": backoff,
                    "next_run_at": next_run_at,
                    "updated_at": utcnow(),
                },
                pk="source",
            )
