"""The Archive facade: runs, captures, articles, versions and dedup in one SQLite file."""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from hashlib import sha1
from pathlib import Path

import sqlite_utils

from archive.checkpoint import Checkpointer
from archive.dedup import THRESHOLD, NearDuplicateIndex, Signature, content_hash, signature
from archive.normalize import normalize
from archive.schema import migrate, write_transaction

BUSY_TIMEOUT_MS = 30_000
WRITER_CACHE_KB = 16 * 1024
RUN_COUNTERS = frozenset(
    {
        "pages",
        "bytes",
        "articles_new",
        "articles_updated",
        "articles_unchanged",
        "articles_duplicate",
        "articles_skipped",
        "not_modified",
        "errors",
    }
)


def _alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, owned by another user
    return True


def _moment(stamp: str | None) -> datetime | None:
    """An ISO date or time as aware UTC (a bare date: its midnight), None if unreadable."""
    if not stamp:
        return None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def utcnow() -> str:
    # Milliseconds: run order and overlap must be visible between runs seconds apart.
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class ArchiveError(Exception):
    """The archive could not be opened or written."""


class Outcome(StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"


@dataclass
class Capture:
    """A raw HTTP response, kept so that extraction can be re-run later."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: str = field(default_factory=utcnow)
    encoding: str | None = None
    body_zlib: bytes | None = None  # the body compressed already (by an extraction worker)


@dataclass
class ArticleRecord:
    url: str
    source: str
    title: str | None
    text: str
    published_at: str | None = None
    published_raw: str | None = None
    published_from: str | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    fetched_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    # Dedup keys, when the caller computed them already (off the writer's thread).
    content_hash: str | None = None
    minhash: bytes | None = None
    # Normalized title and text for the search index, likewise precomputed when given.
    search_title: str | None = None
    search_text: str | None = None


@dataclass
class Batch:
    """Writes of one run gathered for one transaction: each commit puts a touched page in
    the WAL once, however many articles of the batch touched it."""

    articles: list[tuple[ArticleRecord, Capture | int]] = field(default_factory=list)
    not_modified: list[tuple[int, str]] = field(default_factory=list)  # (article id, when)
    counts: dict[str, int] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.articles or self.not_modified or any(self.counts.values()))


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


_CAPTURE_COLUMNS = ("url", "fetched_url", "status", "headers", "fetched_at", "encoding", "size",
                    "body_sha1", "body_zlib", "run_id")  # fmt: skip
_ARTICLE_COLUMNS = ("url", "source", "search_title", "search_text", "title", "published_at",
                    "published_raw", "published_from", "text", "authors", "language",
                    "content_hash", "fetched_url", "capture_id", "etag", "last_modified",
                    "duplicate_of", "first_seen_at", "fetched_at", "updated_at", "version",
                    "run_id")  # fmt: skip


_STATE_COLUMNS = ("id", "url", "fetched_url", "etag", "last_modified", "published_at",
                  "first_seen_at", "fetched_at")  # fmt: skip


class Archive:
    def __init__(self, path: str | Path, bulk_writer: bool = False) -> None:
        """bulk_writer: for a process that writes much (a crawl): the WAL is copied back on a
        thread (archive.checkpoint), not in the writer's commits, and the page cache holds a
        batch's working set (a batch touches ~40 index pages per article all over the file;
        with SQLite's 2 MB default a million-article archive re-reads them)."""
        self.path = Path(path)
        self.checkpointer: Checkpointer | None = None
        try:
            conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000)
            self.db = sqlite_utils.Database(conn)
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            migrate(self.db)
        except sqlite3.Error as exc:
            raise ArchiveError(f"cannot open archive {self.path}: {exc}") from exc
        self.near = NearDuplicateIndex(self.db)
        if bulk_writer:
            self.db.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KB}")
            self.db.execute("PRAGMA wal_autocheckpoint = 0")
            # The WAL file keeps its largest size after a restart unless told otherwise.
            self.db.execute(f"PRAGMA journal_size_limit = {64 * 1024 * 1024}")
            self.checkpointer = Checkpointer(self.path).start()

    def settle(self) -> None:
        """Copy the WAL back into the database file now, and raise what stops that (disk
        full): with background checkpoints, a run must not end as written while its pages
        cannot reach the file. Without them, commits did this already."""
        if self.checkpointer is not None:
            self.checkpointer.check()
            self.checkpointer.checkpoint(self.db.conn)
            self.checkpointer.check()

    def close(self) -> None:
        if self.checkpointer is not None:
            self.checkpointer.stop()
        self.db.close()

    @contextmanager
    def write(self) -> Iterator[None]:
        """One write transaction, taken with BEGIN IMMEDIATE: with several processes on one
        archive, a deferred transaction that reads then writes fails at once with "database
        is locked"; an immediate one waits its turn (busy timeout) instead. Nests."""
        if self.checkpointer is not None:
            self.checkpointer.check()
        with write_transaction(self.db):
            yield
        if self.checkpointer is not None:
            self.checkpointer.restart_if_due(self.db.conn)

    # -- runs -------------------------------------------------------------

    def start_run(self, source: str, pid: int | None = None) -> int:
        with self.write():
            table = self.db["runs"]
            table.insert(
                {"source": source, "started_at": utcnow(), "status": "running", "pid": pid}
            )
            return int(table.last_pk)  # type: ignore[arg-type]

    def finish_run(self, run_id: int, status: str, stop_reason: str | None = None) -> None:
        with self.write():
            self.db.execute(
                "UPDATE runs SET status = ?, finished_at = ?, stop_reason = ? WHERE id = ?",
                [status, utcnow(), stop_reason, run_id],
            )

    def add_counts(self, run_id: int, **deltas: int) -> None:
        unknown = set(deltas) - RUN_COUNTERS
        if unknown:
            raise ValueError(f"unknown run counters: {sorted(unknown)}")
        if not deltas:
            return
        assignments = ", ".join(f"{name} = {name} + ?" for name in deltas)
        self.db.execute(f"UPDATE runs SET {assignments} WHERE id = ?", [*deltas.values(), run_id])

    def record_error(self, run_id: int, url: str | None, kind: str, message: str) -> None:
        with self.write():
            self.db["run_errors"].insert(
                {
                    "run_id": run_id,
                    "url": url,
                    "kind": kind,
                    "message": message[:2000],
                    "at": utcnow(),
                }
            )
            row = self.db.execute(
                "SELECT errors_by_kind FROM runs WHERE id = ?", [run_id]
            ).fetchone()
            by_kind = json.loads(row[0] or "{}") if row else {}
            by_kind[kind] = by_kind.get(kind, 0) + 1
            self.db.execute(
                "UPDATE runs SET errors = errors + 1, errors_by_kind = ? WHERE id = ?",
                [json.dumps(by_kind, sort_keys=True), run_id],
            )

    def run(self, run_id: int) -> dict:
        return next(self.db["runs"].rows_where("id = ?", [run_id]))

    def fail_orphan_runs(self, alive: set[int] | None = None) -> list[int]:
        """Mark runs left `running` by a dead process as failed; returns their ids."""
        rows = self.db.execute("SELECT id, pid FROM runs WHERE status = 'running'").fetchall()
        orphans = [rid for rid, pid in rows if alive is None or pid not in alive]
        with self.write():
            for rid in orphans:
                self.db.execute(
                    "UPDATE runs SET status = 'failed', finished_at = ?,"
                    " stop_reason = 'orphaned' WHERE id = ?",
                    [utcnow(), rid],
                )
        return orphans

    def fail_dead_runs(self) -> list[int]:
        """Mark runs whose process is gone as failed (a crash, a kill -9); returns their ids.
        A run of a live process, this one's or another's, is left alone."""
        pids = {pid for (pid,) in self.db.execute(
            "SELECT DISTINCT pid FROM runs WHERE status = 'running'")}  # fmt: skip
        return self.fail_orphan_runs(alive={pid for pid in pids if _alive(pid)})

    # -- articles ---------------------------------------------------------

    def archive(
        self, run_id: int, record: ArticleRecord, capture: Capture | int
    ) -> tuple[Outcome, int]:
        """Store one extracted article atomically; the run's counter moves in the same commit.
        capture: a new raw response, or the id of a stored one (re-extraction)."""
        return self.write_batch(run_id, Batch(articles=[(record, capture)]))[0]

    def write_batch(self, run_id: int, batch: Batch) -> list[tuple[Outcome, int]]:
        """Articles, 304s and run counters in one transaction, in order: an article sees the
        ones before it in the batch (a copy of one is linked to it). All or nothing."""
        counts = dict(batch.counts)
        with self.write():
            results = [self._archive_one(run_id, r, c) for r, c in batch.articles]
            for outcome, _ in results:
                key = f"articles_{outcome.value}"
                counts[key] = counts.get(key, 0) + 1
            if batch.not_modified:
                self.db.conn.executemany(
                    "UPDATE articles SET fetched_at = ? WHERE id = ?",
                    [(when, article_id) for article_id, when in batch.not_modified],
                )
                counts["not_modified"] = counts.get("not_modified", 0) + len(batch.not_modified)
            self.add_counts(run_id, **{k: v for k, v in counts.items() if v})
        return results

    def _archive_one(
        self, run_id: int, record: ArticleRecord, capture: Capture | int
    ) -> tuple[Outcome, int]:
        digest = record.content_hash or content_hash(record.text)
        existing = self.db.execute(
            "SELECT id, content_hash, title, published_at FROM articles WHERE url = ?",
            [record.url],
        ).fetchone()
        if existing is None:
            return self._insert(run_id, record, capture, digest)
        if (existing[1], existing[2]) == (digest, record.title):
            if isinstance(capture, Capture):
                self.db.execute(
                    "UPDATE articles SET fetched_at = ?, etag = ?, last_modified = ? WHERE id = ?",
                    [capture.fetched_at, record.etag, record.last_modified, existing[0]],
                )
            return Outcome.UNCHANGED, existing[0]
        self._update(run_id, existing[0], record, capture, digest)
        return Outcome.UPDATED, existing[0]

    def _store_capture(self, run_id: int, url: str, capture: Capture | int) -> int:
        if isinstance(capture, int):
            return capture
        # Plain INSERTs on the hot path: sqlite-utils' insert re-reads the schema every call.
        cursor = self.db.conn.execute(
            _insert_sql("captures", _CAPTURE_COLUMNS),
            (
                url,
                capture.url,
                capture.status,
                json.dumps(capture.headers, ensure_ascii=False),
                capture.fetched_at,
                capture.encoding,
                len(capture.body),
                sha1(capture.body).hexdigest(),
                capture.body_zlib or zlib.compress(capture.body, 6),
                run_id,
            ),
        )
        return int(cursor.lastrowid)  # type: ignore[arg-type]

    def _root_for(
        self, digest: str, sig: Signature | None, exclude: int | None = None
    ) -> int | None:
        row = self.db.execute(
            "SELECT COALESCE(duplicate_of, id) FROM articles WHERE content_hash = ?"
            " AND id IS NOT ? LIMIT 1",
            [digest, exclude],
        ).fetchone()
        if row:
            return int(row[0])
        return self.near.find_root(sig, exclude=exclude) if sig else None

    @staticmethod
    def _signature(record: ArticleRecord) -> Signature | None:
        return Signature.from_bytes(record.minhash) if record.minhash else signature(record.text)

    def _row(self, record: ArticleRecord, capture_id: int, digest: str) -> dict:
        return {
            "search_title": (
                record.search_title
                if record.search_title is not None
                else normalize(record.title or "")
            ),
            "search_text": (
                record.search_text if record.search_text is not None else normalize(record.text)
            ),
            "title": record.title,
            "published_at": record.published_at,
            "published_raw": record.published_raw,
            "published_from": record.published_from,
            "text": record.text,
            "authors": json.dumps(record.authors, ensure_ascii=False),
            "language": record.language,
            "content_hash": digest,
            "fetched_url": record.fetched_url,
            "capture_id": capture_id,
            "etag": record.etag,
            "last_modified": record.last_modified,
        }

    def _insert(
        self, run_id: int, record: ArticleRecord, capture: Capture | int, digest: str
    ) -> tuple[Outcome, int]:
        stamp = capture.fetched_at if isinstance(capture, Capture) else utcnow()
        sig = self._signature(record)
        root = self._root_for(digest, sig)
        older_than = root if root is not None and self._published_before(record, root) else None
        if older_than is not None:
            root = None  # an older copy arrived later: it becomes the story's root, below
        capture_id = self._store_capture(run_id, record.url, capture)
        row = {
            "url": record.url,
            "source": record.source,
            **self._row(record, capture_id, digest),
            "duplicate_of": root,
            "first_seen_at": stamp,
            "fetched_at": stamp,
            "updated_at": stamp,
            "version": 1,
            "run_id": run_id,
        }
        cursor = self.db.conn.execute(
            _insert_sql("articles", _ARTICLE_COLUMNS), [row[c] for c in _ARTICLE_COLUMNS]
        )
        article_id = int(cursor.lastrowid)  # type: ignore[arg-type]
        if older_than is not None:
            self._reroot(older_than, article_id, sig)
            return Outcome.NEW, article_id
        if root is None:
            if sig is not None:
                self.near.add(article_id, sig)
            return Outcome.NEW, article_id
        return Outcome.DUPLICATE, article_id

    def _published_before(self, record: ArticleRecord, root: int) -> bool:
        """Was this copy published before the story's current root? The root of a story is
        the copy published first; only dates both copies carry can say so."""
        row = self.db.execute("SELECT published_at FROM articles WHERE id = ?", [root]).fetchone()
        mine, theirs = _moment(record.published_at), _moment(row[0] if row else None)
        return mine is not None and theirs is not None and mine < theirs

    def _reroot(self, old_root: int, new_root: int, sig: Signature | None) -> None:
        """Make new_root the story's root: the old root and all its copies point at it (still
        a root and its copies, never a chain), and the near-duplicate index holds it instead.
        Runs inside the caller's transaction."""
        self.db.execute(
            "UPDATE articles SET duplicate_of = ? WHERE duplicate_of = ? OR id = ?",
            [new_root, old_root, old_root],
        )
        self.near.remove(old_root)
        if sig is not None:
            self.near.add(new_root, sig)

    def _update(
        self,
        run_id: int,
        article_id: int,
        record: ArticleRecord,
        capture: Capture | int,
        digest: str,
    ) -> None:
        old = self.db["articles"].get(article_id)
        # Re-extraction (a stored capture) changes the text, not when the page was fetched.
        stamp = capture.fetched_at if isinstance(capture, Capture) else utcnow()
        fetched = capture.fetched_at if isinstance(capture, Capture) else old["fetched_at"]
        self.db["article_versions"].insert(
            {
                "article_id": article_id,
                "version": old["version"],
                "title": old["title"],
                "published_at": old["published_at"],
                "text": old["text"],
                "content_hash": old["content_hash"],
                "capture_id": old["capture_id"],
                "fetched_at": old["fetched_at"],
                "replaced_at": stamp,
            }
        )
        capture_id = self._store_capture(run_id, record.url, capture)
        has_copies = self.db.execute(
            "SELECT 1 FROM articles WHERE duplicate_of = ? LIMIT 1", [article_id]
        ).fetchone()
        # A root with copies stays a root (they point at it); anything else is matched afresh.
        sig = self._signature(record)
        root = None if has_copies else self._root_for(digest, sig, exclude=article_id)
        row = self._row(record, capture_id, digest)
        row.update(
            duplicate_of=root,
            fetched_at=fetched,
            updated_at=stamp,
            version=old["version"] + 1,
            run_id=run_id,
        )
        self.db["articles"].update(article_id, row)
        self.near.remove(article_id)
        if root is None and sig is not None:
            self.near.add(article_id, sig)

    # -- incremental crawling ----------------------------------------------

    def article_state(self, *urls: str) -> dict | None:
        """What a re-crawl needs to know of an archived article: validators and times. The
        first of urls archived (as its canonical or its fetched URL) wins; one query."""
        marks = ", ".join("?" * len(urls))
        rows = self.db.execute(
            f"SELECT {', '.join(_STATE_COLUMNS)}"
            f" FROM articles WHERE url IN ({marks}) OR fetched_url IN ({marks})",
            [*urls, *urls],
        ).fetchall()
        for url in urls:
            for row in rows:
                state = dict(zip(_STATE_COLUMNS, row, strict=True))
                if url in (state["url"], state["fetched_url"]):
                    return state
        return None

    def due_articles(self, source: str, first_seen_since: str, published_since: str) -> list[dict]:
        """Archived articles of a source first seen (or published) since the given times: the
        candidates a re-crawl may re-check for edits even when no feed lists them any more."""
        rows = self.db.execute(
            f"SELECT {', '.join(_STATE_COLUMNS)} FROM articles WHERE source = ?"
            " AND (first_seen_at >= ? OR COALESCE(published_at, first_seen_at) >= ?)",
            [source, first_seen_since, published_since],
        ).fetchall()
        return [dict(zip(_STATE_COLUMNS, row, strict=True)) for row in rows]

    def holds_other_story(self, url: str, text: str) -> bool:
        """True when an article at url exists and is a different story than text: a page
        whose rel=canonical points there must not overwrite it."""
        row = self.db.execute("SELECT text FROM articles WHERE url = ?", [url]).fetchone()
        if row is None or content_hash(row[0]) == content_hash(text):
            return False
        mine, theirs = signature(text), signature(row[0])
        if mine is None or theirs is None:
            return True
        return mine.jaccard(theirs) < THRESHOLD

    def discovery_validators(self, url: str) -> tuple[str | None, str | None]:
        row = self.db.execute(
            "SELECT etag, last_modified FROM discovery_cache WHERE url = ?", [url]
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def save_discovery_validators(
        self, url: str, etag: str | None, last_modified: str | None
    ) -> None:
        with self.write():
            self.db["discovery_cache"].upsert(
                {"url": url, "etag": etag, "last_modified": last_modified, "checked_at": utcnow()},
                pk="url",
            )

    # -- scheduler state ----------------------------------------------------

    def schedule_state(self, source: str) -> dict | None:
        rows = list(self.db["schedule_state"].rows_where("source = ?", [source]))
        return rows[0] if rows else None

    def save_schedule_state(
        self, source: str, failures: int, backoff: int, next_run_at: str
    ) -> None:
        with self.write():
            self.db["schedule_state"].upsert(
                {
                    "source": source,
                    "consecutive_failures": failures,
                    "backoff_seconds": backoff,
                    "next_run_at": next_run_at,
                    "updated_at": utcnow(),
                },
                pk="source",
            )

    def consecutive_failures(self, source: str) -> int:
        statuses = self.db.execute(
            "SELECT status FROM runs WHERE source = ? AND status != 'running'"
            " ORDER BY id DESC LIMIT 50",
            [source],
        ).fetchall()
        count = 0
        for (status,) in statuses:
            if status != "failed":
                break
            count += 1
        return count

    def last_crawl_status(self, source: str) -> str | None:
        row = self.db.execute(
            "SELECT status FROM runs WHERE source = ? AND status != 'running'"
            " ORDER BY id DESC LIMIT 1",
            [source],
        ).fetchone()
        return row[0] if row else None

    def last_finished(self, source: str) -> str | None:
        row = self.db.execute(
            "SELECT MAX(finished_at) FROM runs WHERE source = ? AND status != 'running'", [source]
        ).fetchone()
        return row[0] if row else None

    # -- reads ------------------------------------------------------------

    def raw_body(self, capture_id: int) -> bytes:
        row = self.db.execute(
            "SELECT body_zlib FROM captures WHERE id = ?", [capture_id]
        ).fetchone()
        if row is None:
            raise ArchiveError(f"no capture with id {capture_id}")
        return zlib.decompress(row[0])
