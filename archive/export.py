"""Exports that stream: JSONL and CSV (one article per line, all fields), WARC (the
stored raw captures as response records) and WACZ (archive.wacz). Rows are read in
batches, so memory stays flat however large the archive."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import sqlite_utils

from archive.destination import destination_problem
from archive.filters import article_filters
from archive.warc import write_warc

FIELDS = [
    "id", "url", "source", "title", "published_at", "published_raw", "published_from", "text",
    "duplicate_of", "authors", "language", "content_hash", "fetched_url", "first_seen_at",
    "fetched_at", "updated_at", "version", "gone_at", "walled",
]  # fmt: skip
BATCH = 200
DEFAULT_FORMAT = "jsonl"
# What an export file's name says of its format, the longer endings first.
NAMED_FORMATS = (
    (".jsonl.gz", "jsonl"), (".json.gz", "jsonl"), (".jsonl", "jsonl"), (".csv.gz", "csv"),
    (".csv", "csv"), (".warc.gz", "warc"), (".warc", "warc"), (".wacz", "wacz"),
)  # fmt: skip


class ExportError(Exception):
    """The export cannot be written where asked; the message says why."""


def check_output(path: str, db_path: str | Path, force: bool = False) -> Path:
    """A file to create: not a directory, not the archive itself, in an existing folder,
    and not an existing file unless force."""
    problem = destination_problem(path, db_path, force)
    if problem:
        raise ExportError(problem)
    return Path(path)


def _where(
    source: str | None, since: str | None, until: str | None, include_duplicates: bool
) -> tuple[str, list[Any]]:
    where, params = article_filters(source, since, until)
    where.insert(0, "1 = 1")
    if not include_duplicates:
        where.append("duplicate_of IS NULL")
    return " AND ".join(where), params


def articles(
    db: sqlite_utils.Database, ids: set[int] | None = None, **filters: Any
) -> Iterator[dict]:
    """Matching articles in id order, BATCH rows at a time (keyset paging, no OFFSET). One
    per story, as search picks it, when filtered by source or day: the story's root if it
    matches, else its first copy that does (a story of the source's whose root is another
    source's copy, or dated another day, is the source's story all the same)."""
    picked = (
        not filters.get("include_duplicates")
        and ids is None
        and any(filters.get(k) for k in ("source", "since", "until"))
    )
    if not picked:
        yield from _rows(db, ids, **filters)
        return
    where, params = _where(**filters)
    roots = {id_ for (id_,) in db.execute(f"SELECT id FROM articles WHERE {where}", params)}
    told: set[int] = set()
    for item in _rows(db, None, **{**filters, "include_duplicates": True}):
        story = item["duplicate_of"] or item["id"]
        if item["duplicate_of"] is None or (story not in roots and story not in told):
            told.add(story)
            yield item


def _rows(db: sqlite_utils.Database, ids: set[int] | None, **filters: Any) -> Iterator[dict]:
    where, params = _where(**filters)
    last = 0
    while True:
        rows = db.execute(
            f"SELECT {', '.join(FIELDS)} FROM articles"
            f" WHERE {where} AND id > ? ORDER BY id LIMIT ?",
            [*params, last, BATCH],
        ).fetchall()
        if not rows:
            return
        for row in rows:
            item = dict(zip(FIELDS, row, strict=True))
            if ids is None or item["id"] in ids:
                item["authors"] = json.loads(item["authors"] or "[]")
                yield item
        last = rows[-1][0]


def write_jsonl(items: Iterator[dict], out: IO[str]) -> int:
    count = 0
    for item in items:
        out.write(json.dumps(item, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(items: Iterator[dict], out: IO[str]) -> int:
    """With a UTF-8 byte order mark first: without it Excel reads the file in the local
    code page and shows Arabic as garbage (csv readers: open with encoding="utf-8-sig")."""
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    count = 0
    for item in items:
        writer.writerow({**item, "authors": "; ".join(item["authors"])})
        count += 1
    return count


FORMATS = ("jsonl", "csv", "warc", "wacz")
BINARY_FORMATS = ("warc", "wacz")


def write(db: sqlite_utils.Database, fmt: str, items: Iterator[dict], out: IO[Any]) -> int:
    """items written to out in fmt (jsonl, csv: text streams; warc, wacz: binary ones).
    Returns the number of articles, or of captures for warc and wacz."""
    if fmt == "warc":
        return write_warc(db, items, out)
    if fmt == "wacz":
        from archive.wacz import write_wacz

        return write_wacz(db, items, out)
    return (write_jsonl if fmt == "jsonl" else write_csv)(items, out)
