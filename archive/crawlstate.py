"""What a crawl remembers between runs: validators and age of archived articles, the
discovery cache (feeds and listings), and each source's schedule state."""

from __future__ import annotations

import json

import sqlite_utils

from archive.db import Connection
from archive.records import utcnow

_STATE_COLUMNS = ("id", "url", "fetched_url", "etag", "last_modified", "published_at",
                  "first_seen_at", "fetched_at", "signal_seen", "listed_title")  # fmt: skip
# An article over several pages is asked for without validators: its first page's 304 says
# nothing of the later ones, where an edit may be (their captures point at the first's).
_PARTED = "EXISTS (SELECT 1 FROM captures c WHERE c.part_of = articles.capture_id)"
_STATE_SELECT = ", ".join(
    f"CASE WHEN {_PARTED} THEN NULL ELSE {column} END" if column in ("etag", "last_modified")
    else column
    for column in _STATE_COLUMNS
)  # fmt: skip


def keep_found(db: sqlite_utils.Database, rows: list[dict]) -> None:
    """New articles a running crawl found, kept as pending as they come (a row already there,
    from an earlier crawl, keeps its attempts)."""
    found_at = utcnow()
    db.table("pending").insert_all(
        ({"found_at": found_at, "attempts": 0, **row} for row in rows), ignore=True
    )


def settle_found(db: sqlite_utils.Database, keys: list[tuple[str, str]]) -> None:
    """Articles archived (or forgotten), by (source, address): no longer pending."""
    db.conn.executemany("DELETE FROM pending WHERE source = ? AND url = ?", keys)


class CrawlState(Connection):
    def article_state(self, *urls: str) -> dict | None:
        """What a re-crawl needs to know of an archived article: validators and times. The
        first of urls archived (as its canonical or its fetched URL) wins; else one that led
        to an archived article (url_aliases)."""
        marks = ", ".join("?" * len(urls))
        rows = self.db.execute(
            f"SELECT {_STATE_SELECT}"
            f" FROM articles WHERE url IN ({marks}) OR fetched_url IN ({marks})",
            [*urls, *urls],
        ).fetchall()
        for url in urls:
            for row in rows:
                state = dict(zip(_STATE_COLUMNS, row, strict=True))
                if url in (state["url"], state["fetched_url"]):
                    return state
        row = self.db.execute(
            f"SELECT {_STATE_SELECT} FROM articles WHERE id ="
            f" (SELECT article_id FROM url_aliases WHERE url IN ({marks}) LIMIT 1)",
            list(urls),
        ).fetchone()
        return dict(zip(_STATE_COLUMNS, row, strict=True)) if row else None

    def own_originals(self, copies: list[int]) -> list[dict]:
        """The archived articles these new rows are copies of, where a copy is of its own
        source at another address (an article its publisher may have moved: asked again,
        its old address may redirect to the copy's): what a re-check needs of each."""
        if not copies:
            return []
        marks = ", ".join("?" * len(copies))
        rows = self.db.execute(
            f"SELECT {_STATE_SELECT} FROM articles WHERE id IN (SELECT r.id FROM articles c"
            " JOIN articles r ON r.id = c.duplicate_of"
            f" WHERE c.id IN ({marks}) AND c.source = r.source)",
            copies,
        ).fetchall()
        return [dict(zip(_STATE_COLUMNS, row, strict=True)) for row in rows]

    def due_articles(self, source: str, first_seen_since: str, published_since: str) -> list[dict]:
        """Archived articles of a source first seen (or published) since the given times: the
        candidates a re-crawl may re-check for edits even when no feed lists them any more."""
        rows = self.db.execute(
            f"SELECT {_STATE_SELECT} FROM articles WHERE source = ?"
            " AND (first_seen_at >= ? OR COALESCE(published_at, first_seen_at) >= ?)",
            [source, first_seen_since, published_since],
        ).fetchall()
        return [dict(zip(_STATE_COLUMNS, row, strict=True)) for row in rows]

    def revisits(self, source: str, fetched_before: str, limit: int) -> list[dict]:
        """The next archived articles of the source's sweep: not fetched since fetched_before,
        in id order after where the last sweep stopped, wrapping round to the oldest ids. A
        round, not the least recently fetched: an article that now fails is asked once a
        round, not every run (an error moves no fetched_at; a take-down's answer does)."""
        row = self.db.execute(
            "SELECT last_id FROM revisit_cursor WHERE source = ?", [source]
        ).fetchone()
        after = int(row[0]) if row else 0
        sql = (
            f"SELECT {_STATE_SELECT} FROM articles WHERE source = ? AND id > ?"
            " AND id <= ? AND fetched_at < ? ORDER BY id LIMIT ?"
        )
        rows = self.db.execute(sql, [source, after, 2**62, fetched_before, limit]).fetchall()
        if len(rows) < limit and after:
            more = [source, 0, after, fetched_before, limit - len(rows)]
            rows += self.db.execute(sql, more).fetchall()
        return [dict(zip(_STATE_COLUMNS, row, strict=True)) for row in rows]

    def save_revisit_cursor(self, source: str, last_id: int) -> None:
        with self.write():
            self.db.table("revisit_cursor").upsert(
                {"source": source, "last_id": last_id, "updated_at": utcnow()}, pk="source"
            )

    def save_endpoint(self, source: str, kind: str, url: str, found_on: str) -> None:
        """A feed or sitemap the source declared itself (kind: feed | sitemap)."""
        now = utcnow()
        with self.write():
            self.db.execute(
                "INSERT INTO discovered_endpoints (source, url, kind, found_on, first_seen_at,"
                " last_seen_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source, url)"
                " DO UPDATE SET last_seen_at = excluded.last_seen_at, found_on = excluded.found_on",
                [source, url, kind, found_on, now, now],
            )

    def endpoints(self, source: str) -> list[dict]:
        """The feeds and sitemaps a source declared, oldest first."""
        rows = self.db.execute(
            "SELECT kind, url, found_on, first_seen_at, last_seen_at FROM discovered_endpoints"
            " WHERE source = ? ORDER BY first_seen_at, url",
            [source],
        )
        keys = ("kind", "url", "found_on", "first_seen_at", "last_seen_at")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def discovery_validators(self, source: str, url: str) -> tuple[str | None, str | None]:
        """The validators the discovery page at url answered the source's last read with."""
        row = self.db.execute(
            "SELECT etag, last_modified FROM discovery_validators WHERE source = ? AND url = ?",
            [source, url],
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def save_discovery_validators(
        self, source: str, url: str, etag: str | None, last_modified: str | None
    ) -> None:
        row = {"source": source, "url": url, "etag": etag, "last_modified": last_modified,
               "checked_at": utcnow()}  # fmt: skip
        with self.write():
            self.db.table("discovery_validators").upsert(row, pk=("source", "url"))

    def discovery_children(self, url: str) -> list[str]:
        """The discovery pages the page at url led to when it was last read (its child
        sitemaps, or a listing's sections); [] for none known."""
        row = self.db.execute(
            "SELECT children FROM discovery_cache WHERE url = ?", [url]
        ).fetchone()
        return list(json.loads(row[0])) if row and row[0] else []

    def save_discovery_children(
        self, url: str, children: list[str], lastmods: dict[str, str] | None = None
    ) -> None:
        """lastmods: a sitemap index's children's <lastmod>s, as it gave them."""
        row = {
            "url": url,
            "children": json.dumps(children, ensure_ascii=False),
            "lastmods": json.dumps(lastmods, ensure_ascii=False) if lastmods else None,
        }
        with self.write():
            self.db.table("discovery_cache").upsert(row, pk="url")

    def discovery_lastmods(self, url: str) -> dict[str, str]:
        """The lastmods the sitemap index at url gave its children when last read."""
        row = self.db.execute(
            "SELECT lastmods FROM discovery_cache WHERE url = ?", [url]
        ).fetchone()
        return dict(json.loads(row[0])) if row and row[0] else {}

    def sitemap_reads(self, source: str) -> dict[str, str]:
        """Child sitemap -> the <lastmod> its index gave when the source last read it whole."""
        rows = self.db.execute(
            "SELECT url, lastmod FROM sitemap_reads WHERE source = ?", [source]
        ).fetchall()
        return {url: lastmod for url, lastmod in rows}

    def save_sitemap_reads(self, source: str, reads: dict[str, str]) -> None:
        read_at = utcnow()
        rows = [
            {"source": source, "url": url, "lastmod": lastmod, "read_at": read_at}
            for url, lastmod in reads.items()
        ]
        with self.write():
            self.db.table("sitemap_reads").upsert_all(rows, pk=("source", "url"))

    def pending(self, source: str) -> list[dict]:
        """The new articles the source's last crawls found and did not archive, and the next
        pages of sections they did not get to (see save_pending), in the order found."""
        keys = ("url", "fetch_url", "kind", "hint_date", "via", "depth", "attempts", "found_at")
        rows = self.db.execute(
            f"SELECT {', '.join(keys)} FROM pending WHERE source = ? ORDER BY rowid", [source]
        ).fetchall()
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def save_pending(self, source: str, articles: list[dict], limit: int) -> None:
        """What the source's crawl leaves for the next one, in place of what the last left
        (the crawl's rows include those it did not get to, as they were). At most limit, the
        first found first: a catalogue of a million links under a small budget must not grow
        without end."""
        found_at = utcnow()
        rows = [{"source": source, "found_at": found_at, **article} for article in articles[:limit]]
        with self.write():
            self.db.execute("DELETE FROM pending WHERE source = ?", [source])
            if rows:
                self.db.table("pending").insert_all(rows, replace=True)

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
