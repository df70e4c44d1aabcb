"""Takedowns: remove articles with everything kept of them (versions, raw captures, search
and near-duplicate index entries) and keep a tombstone per URL, so that later crawls do
not archive them again. Copies of a removed story at other URLs stay, re-rooted."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import sqlite_utils

from archive.dedup import NearDuplicateIndex, signature
from archive.schema import write_transaction


@dataclass
class Forgotten:
    """What a takedown removed."""

    articles: list[dict[str, Any]] = field(default_factory=list)  # id, url, source, title
    versions: int = 0
    captures: int = 0
    rerooted: int = 0  # copies whose root was removed and that point at a new root
    tombstones: list[str] = field(default_factory=list)


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


def find(db: sqlite_utils.Database, urls: Sequence[str]) -> list[dict[str, Any]]:
    """Articles archived under any of urls, as their canonical or their fetched URL."""
    if not urls:
        return []
    return list(
        db.query(
            "SELECT id, url, source, title FROM articles"
            f" WHERE url IN ({_marks(urls)}) OR fetched_url IN ({_marks(urls)}) ORDER BY id",
            [*urls, *urls],
        )
    )


def of_source(db: sqlite_utils.Database, source: str) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT id, url, source, title FROM articles WHERE source = ? ORDER BY id", [source]
        )
    )


_T = TypeVar("_T")


def forget(
    db: sqlite_utils.Database,
    articles: Sequence[dict[str, Any]],
    tombstone_urls: Iterable[str],
    reason: str | None,
    when: str,
) -> Forgotten:
    """Remove articles (as returned by find / of_source) and tombstone their URLs and
    tombstone_urls, in one transaction. Deleted pages are overwritten (secure_delete) and
    the WAL truncated after: a takedown must not leave the text readable in free pages."""
    done = Forgotten(articles=list(articles))
    ids = [a["id"] for a in articles]
    by_url = {a["url"]: a["source"] for a in articles}
    for url in tombstone_urls:
        by_url.setdefault(url, None)
    before = _tombstoned_already(db, list(by_url))
    db.execute("PRAGMA secure_delete = ON")
    # A capture belongs to one article (its URL's) and captures.capture_id has no index:
    # with foreign keys on, every deleted capture would scan all articles for references.
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        with write_transaction(db):
            for chunk in _chunks(ids, 500):
                done.rerooted += _reroot_copies(db, chunk)
                done.versions += _delete_versions_and_captures(db, chunk, done)
            # A URL taken down before keeps its first time and reason (the record of the
            # takedown); a reason only fills one left empty then.
            db.conn.executemany(
                "INSERT INTO tombstones (url, source, removed_at, reason) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (url) DO UPDATE SET"
                " reason = COALESCE(NULLIF(reason, ''), excluded.reason),"
                " source = COALESCE(excluded.source, source)",
                [(url, source, when, reason) for url, source in by_url.items()],
            )
    finally:
        db.execute("PRAGMA foreign_keys = ON")
    # Best effort: a reader may hold frames, a full disk refuse the copy back. The takedown
    # is committed whatever it says (an error here told a done takedown failed).
    with contextlib.suppress(sqlite3.Error):
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    done.tombstones = sorted(set(by_url) - before)  # the URLs this takedown added
    return done


def _tombstoned_already(db: sqlite_utils.Database, urls: list[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(urls, 500):
        marks = ", ".join("?" * len(chunk))
        rows = db.execute(f"SELECT url FROM tombstones WHERE url IN ({marks})", list(chunk))
        found.update(row[0] for row in rows.fetchall())
    return found


def _chunks(items: Sequence[_T], size: int) -> Iterable[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _reroot_copies(db: sqlite_utils.Database, removed: Sequence[int]) -> int:
    """Copies that pointed at a removed root: the oldest remaining one (published first,
    then first seen) becomes the root, the others point at it. Returns copies moved."""
    marks = _marks(removed)
    roots = [
        r[0]
        for r in db.execute(
            f"SELECT DISTINCT duplicate_of FROM articles WHERE duplicate_of IN ({marks})"
            f" AND id NOT IN ({marks})",
            [*removed, *removed],
        )
    ]
    near = NearDuplicateIndex(db)
    moved = 0
    for old_root in roots:
        copies = db.execute(
            f"SELECT id, text FROM articles WHERE duplicate_of = ? AND id NOT IN ({marks})"
            " ORDER BY published_at IS NULL, published_at, first_seen_at, id",
            [old_root, *removed],
        ).fetchall()
        new_root, text = copies[0]
        db.execute("UPDATE articles SET duplicate_of = NULL WHERE id = ?", [new_root])
        db.execute(
            "UPDATE articles SET duplicate_of = ? WHERE duplicate_of = ?", [new_root, old_root]
        )
        sig = signature(text or "")
        if sig is not None:
            near.add(new_root, sig)
        moved += len(copies)
    return moved


def _delete_versions_and_captures(
    db: sqlite_utils.Database, removed: Sequence[int], done: Forgotten
) -> int:
    marks = _marks(removed)
    captures = {
        r[0]
        for r in db.execute(
            f"SELECT capture_id FROM articles WHERE id IN ({marks})"
            f" UNION SELECT capture_id FROM article_versions WHERE article_id IN ({marks})"
            f" UNION SELECT c.id FROM captures c JOIN articles a ON c.url = a.url"
            f" WHERE a.id IN ({marks})",
            [*removed, *removed, *removed],
        )
        if r[0] is not None
    }
    versions = db.execute(
        f"DELETE FROM article_versions WHERE article_id IN ({marks})", list(removed)
    ).rowcount
    near = NearDuplicateIndex(db)
    for article_id in removed:
        near.remove(article_id)
    db.execute(f"DELETE FROM url_aliases WHERE article_id IN ({marks})", list(removed))
    # The FTS rows go with the article rows (the delete trigger).
    db.execute(f"DELETE FROM articles WHERE id IN ({marks})", list(removed))
    for chunk in _chunks(sorted(captures), 500):
        done.captures += db.execute(
            f"DELETE FROM captures WHERE id IN ({_marks(chunk)})", list(chunk)
        ).rowcount
    return int(versions)


def taken_down(db: sqlite_utils.Database, urls: Sequence[str]) -> list[dict[str, Any]]:
    """The tombstones of urls, earliest first: url, removed_at, reason."""
    if not urls:
        return []
    return list(
        db.query(
            "SELECT url, removed_at, reason FROM tombstones"
            f" WHERE url IN ({_marks(urls)}) ORDER BY removed_at",
            list(urls),
        )
    )


def is_tombstoned(db: sqlite_utils.Database, *urls: str | None) -> bool:
    wanted = [u for u in urls if u]
    if not wanted:
        return False
    return (
        db.execute(
            f"SELECT 1 FROM tombstones WHERE url IN ({_marks(wanted)}) LIMIT 1", wanted
        ).fetchone()
        is not None
    )
