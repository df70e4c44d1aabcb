"""The read side of the Archive facade: search, exports, figures and per-source status, as
methods; the work is done in archive.search, archive.export and archive.stats."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from archive.crawlstate import CrawlState
from archive.runs import ALL_SOURCES, Runs, dead_runs, ended_by
from archive.search import WINDOW

STATUS_SQL = """
SELECT COUNT(*) AS articles, COALESCE(SUM(duplicate_of IS NOT NULL), 0) AS duplicates,
  COALESCE(SUM(gone_at IS NOT NULL), 0) AS gone,
  (SELECT COUNT(*) FROM pending
    WHERE pending.source = ? AND kind NOT IN ('listing', 'sitemap')) AS pending
FROM articles WHERE source = ?
"""
LAST_RUN_SQL = """
SELECT id, status, stop_reason, started_at, finished_at, pages, articles_new, articles_updated,
  articles_duplicate, errors, errors_by_kind FROM runs WHERE source = ? AND kind = 'crawl'
ORDER BY id DESC LIMIT 1
"""
LAST_RUN_KEYS = ("last_run", "last_status", "stop_reason", "started_at", "finished_at", "pages",
                 "new", "updated", "duplicate", "errors", "errors_by_kind")  # fmt: skip


class Reading(Runs, CrawlState):
    def run_articles(self, run_id: int) -> list[dict[str, Any]]:
        """The articles a run wrote, in the order it wrote them, authors decoded."""
        rows = self.db.execute(
            "SELECT id, url, fetched_url, title, published_at, published_raw, published_from,"
            " authors, text, duplicate_of FROM articles WHERE run_id = ? ORDER BY id",
            [run_id],
        )
        keys = ("id", "url", "fetched_url", "title", "published_at", "published_raw",
                "published_from", "authors", "text", "duplicate_of")  # fmt: skip
        out = [dict(zip(keys, row, strict=True)) for row in rows]
        for row in out:
            row["authors"] = json.loads(row["authors"] or "[]")
        return out

    def sources(self) -> list[str]:
        """Every source the archive knows: with articles or with runs (not the runs of every
        source at once, such as a reindex)."""
        rows = self.db.execute(
            "SELECT source FROM articles UNION SELECT source FROM runs WHERE source != ?"
            " ORDER BY source",
            [ALL_SOURCES],
        )
        return [r[0] for r in rows]

    def search(
        self, text: str, source: str | None = None, since: str | None = None,
        until: str | None = None, include_duplicates: bool = False, limit: int = 20,
        window: int | None = WINDOW, snippets: bool = True,
    ) -> list[dict]:  # fmt: skip
        """See archive.search.search; raises archive.search.SearchError on a bad query."""
        from archive.search import search

        return search(
            self.db, text, source, since, until, include_duplicates, limit, window,
            snippets=snippets,
        )  # fmt: skip

    def article_history(self, ref: int | list[str]) -> dict[str, Any] | None:
        """The article of this id, or archived under one of these addresses, with its
        versions (archive.versions.history); None when the archive holds none."""
        from archive.versions import find_article, history

        article_id = ref if isinstance(ref, int) else find_article(self.db, ref)
        return None if article_id is None else history(self.db, article_id)

    def reindex(self) -> int:
        """Recorded as a run of kind reindex over every source (ALL_SOURCES)."""
        import os

        from archive.search import reindex

        run_id = self.start_run(ALL_SOURCES, os.getpid(), kind="reindex")
        try:
            count = reindex(self.db)
        except BaseException as exc:  # a stop (^C, SIGTERM) or an error
            with contextlib.suppress(sqlite3.Error):  # (the archive's own error may stop it too)
                self.finish_run(run_id, *ended_by(exc))
            raise
        self.finish_run(run_id, "ok", "finished")
        return count

    def export(self, fmt: str, out: IO[Any], query: str | None = None, **filters: Any) -> int:
        """Write the filtered articles (jsonl, csv, warc, wacz) to out; returns how many
        articles (captures for warc). filters: source, since, until, include_duplicates."""
        from archive import export

        # One read transaction: the archive as of one moment, though a crawl writes
        # meanwhile (a story re-rooted mid-export came out twice, as its old root and its new).
        begun = not self.db.conn.in_transaction
        if begun:
            self.db.execute("BEGIN")
        try:
            ids = None
            if query:
                hits = self.search(query, limit=10**9, window=None, snippets=False, **filters)
                ids = {h["id"] for h in hits}
                # One per story as search shows it: a copy when the words are in it alone (an
                # aggregator's), which the roots-only filter left out: 1 of 8 stories found.
                filters = {**filters, "include_duplicates": True}
            items = export.articles(self.db, ids, **filters)
            return export.write(self.db, fmt, items, out)
        finally:
            if begun and self.db.conn.in_transaction:
                self.db.execute("COMMIT")

    def source_stats(self, source: str | None = None) -> list[dict]:
        from archive.stats import source_stats

        return source_stats(self.db, source)

    def articles_per_day(self, source: str | None = None) -> dict[str, list[tuple[str, int]]]:
        from archive.stats import per_day

        return per_day(self.db, source)

    def plot(self, path: str | Path, source: str | None = None) -> int:
        """Articles per day per source as a PNG (needs matplotlib: ImportError otherwise)."""
        from archive.stats import plot

        return plot(self.db, path, source)

    def _dead_run_ids(self) -> set[int]:
        return {run["id"] for run in dead_runs(self.db)}

    def source_summary(self, source: str) -> dict[str, Any]:
        """What `arshif status` shows of a source that the archive knows: articles, copies,
        those taken down since (gone), its last run, failures in a row, whether it is
        crawled in quarantine and with how many suspects at most (Runs.quarantine_size)
        and, when the scheduler saved one, the next run; pending: the articles its crawls
        found and did not archive yet."""
        counts = self.db.execute(STATUS_SQL, [source, source]).fetchone()
        row: dict[str, Any] = {
            "source": source,
            "articles": counts[0],
            "duplicates": counts[1],
            "gone": counts[2],
            "pending": counts[3],  # found, not archived yet: the next crawl asks them
        }
        last = self.db.execute(LAST_RUN_SQL, [source]).fetchone()
        if last:
            row.update(dict(zip(LAST_RUN_KEYS, last, strict=True)))
            row["errors_by_kind"] = json.loads(row["errors_by_kind"] or "{}")
            if row["last_status"] == "running" and row["last_run"] in self._dead_run_ids():
                row["last_status"] = "orphaned"  # as `arshif runs` shows it (runs.decoded)
            if row["finished_at"]:
                took = datetime.fromisoformat(row["finished_at"]) - datetime.fromisoformat(
                    row["started_at"]
                )
                row["duration_s"] = round(took.total_seconds(), 1)  # a crawl may take 0.7 s
        row["failures_in_a_row"] = self.consecutive_failures(source)
        group = self.quarantine_size(source)  # its crawls died with the crawler
        # A suspect, crawled in quarantine (a name from before groups, kept for scripts: it
        # may share its group with other suspects; the group's size is quarantine_group).
        row["crawled_alone"] = group > 0
        row["quarantine_group"] = group
        row["discovered"] = [f"{e['kind']} {e['url']}" for e in self.endpoints(source)]
        state = self.schedule_state(source)
        if state:
            row["next_run_at"] = state["next_run_at"]
        return row
