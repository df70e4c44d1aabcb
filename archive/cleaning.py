"""Dropping a source's learned chrome (archive.chrome) from its archived texts, in steps:
in place for rows the archive's own extraction wrote since the last cleaning, with a version
for older ones, never over a text that changed meanwhile."""

from __future__ import annotations

import json
import os
from collections.abc import Generator
from typing import TYPE_CHECKING

from archive.chrome import chrome_key, strip_chrome
from archive.records import ArticleRecord, Batch, Capture

if TYPE_CHECKING:
    from archive.store import Archive

# Cleaning's steps (cleaning): rows read, and rows rewritten per transaction, at most.
CLEAN_READ = 500
CLEAN_BATCH = 100


def clean_archived(
    archive: Archive, source: str, profile: frozenset[str], run_id: int | None = None
) -> int:
    """Drop learned chrome paragraphs from the source's archived texts (all of cleaning's
    steps at once). Returns how many rows changed."""
    steps = cleaning(archive, source, profile, run_id)
    return max(steps, default=0)  # the count so far, after the last step


def cleaning(
    archive: Archive, source: str, profile: frozenset[str], run_id: int | None = None,
    fresh_since: str | None = None,
) -> Generator[int, None, None]:  # fmt: skip
    """Drop learned chrome paragraphs from the source's archived texts, in steps: yields the
    number of rows changed so far after each (at most CLEAN_READ texts read, CLEAN_BATCH
    rewritten), so that a crawl service lets other sources' pages through between steps and
    the texts in memory stay bounded whatever the source's size. A row that would lose all
    its text keeps it; a row changed or removed since it was read is left as it now is.
    A changed row goes through the archive's own update (Archive.write_batch): its previous
    text is kept in article_versions, and search_text, content_hash and the minhash/LSH rows
    follow the new text. Except the rows first archived since fresh_since (the stamp of the
    last profile the texts were made clean of; "" for none) and never changed since: their
    text was never another one, and they are corrected in place (Archive.correct_texts), with
    no version that would read as an edit.
    Paragraph keys come from the stored search form (search_text): after a change to
    archive.normalize, `arshif reindex` first.
    run_id: the run the updates count in; without one, a run of its own (kind reextract,
    stop_reason "chrome") is recorded when a row is updated: ok, or partial when the steps
    were not all taken."""
    if not profile:
        return
    rows = archive.db.execute(
        "SELECT id, title, search_title FROM articles WHERE source = ?", [source]
    ).fetchall()
    ids = sorted(article_id for article_id, _, _ in rows)
    headlines = frozenset(
        " ".join(key.split()) if key is not None else chrome_key(title)
        for _, title, key in rows
        if title
    )
    del rows  # the titles' keys are what is kept
    own_run = run_id is None
    changed = 0
    finished = False
    try:
        for start in range(0, len(ids), CLEAN_READ):
            fresh, updated = _cleaned(
                archive, ids[start : start + CLEAN_READ], profile, headlines, fresh_since
            )
            for at in range(0, len(fresh), CLEAN_BATCH):
                changed += archive.correct_texts(fresh[at : at + CLEAN_BATCH])
                yield changed
            for at in range(0, len(updated), CLEAN_BATCH):
                with archive.write():  # rows checked unchanged and rewritten in one transaction
                    records = _records(archive, updated[at : at + CLEAN_BATCH])
                    if records and run_id is None:
                        # Cleaning is maintenance, not a crawl: not the source's last crawl run.
                        run_id = archive.start_run(source, pid=os.getpid(), kind="reextract")
                    if records and run_id is not None:
                        archive.write_batch(run_id, Batch(articles=records))
                changed += len(records)
                yield changed
            yield changed
        finished = True
    finally:
        if own_run and run_id is not None:
            archive.finish_run(run_id, "ok" if finished else "partial", "chrome")


def _records(
    archive: Archive, texts: list[tuple[int, str, str]]
) -> list[tuple[ArticleRecord, Capture | int]]:
    """The records of the cleaned texts whose rows are still as they were read."""
    return [r for r in (_record(archive, *item) for item in texts) if r is not None]


def _cleaned(
    archive: Archive, ids: list[int], profile: frozenset[str], headlines: frozenset[str],
    fresh_since: str | None,
) -> tuple[list[tuple[int, str, str]], list[tuple[int, str, str]]]:  # fmt: skip
    """(id, new text, content hash as read) of the rows among ids that lose learned chrome:
    those to correct in place (see cleaning), and the others."""
    marks = ",".join("?" * len(ids))
    rows = archive.db.execute(
        "SELECT id, text, search_text, content_hash, version, first_seen_at FROM articles"
        f" WHERE id IN ({marks}) ORDER BY id",
        ids,
    ).fetchall()
    fresh: list[tuple[int, str, str]] = []
    updated: list[tuple[int, str, str]] = []
    for article_id, text, search_text, digest, version, first_seen in rows:
        paragraphs = (text or "").split("\n")
        # The stored search form is the text normalize()d line for line: its lines are the
        # paragraphs' keys once their spacing is collapsed (recomputed if it does not line up).
        lines = search_text.split("\n") if search_text is not None else []
        keys = [" ".join(ln.split()) for ln in lines] if len(lines) == len(paragraphs) else None
        kept = strip_chrome(paragraphs, profile, headlines, keys)
        if kept and len(kept) < len(paragraphs):
            mine = fresh_since is not None and version == 1 and (first_seen or "") >= fresh_since
            (fresh if mine else updated).append((article_id, "\n".join(kept), digest))
    return fresh, updated


def _record(
    archive: Archive, article_id: int, text: str, digest: str
) -> tuple[ArticleRecord, Capture | int] | None:
    """The row's record with its new text, or None when the row changed or went since it was
    read (a publisher's edit archived meanwhile wins over a cleaning of the text before it)."""
    row = archive.db.execute(
        "SELECT url, source, title, published_at, published_raw, published_from, authors,"
        " language, fetched_url, etag, last_modified, capture_id, content_hash, walled"
        " FROM articles"
        " WHERE id = ?",
        [article_id],
    ).fetchone()
    if row is None or row[12] != digest:
        return None
    record = ArticleRecord(
        url=row[0], source=row[1], title=row[2], text=text, published_at=row[3],
        published_raw=row[4], published_from=row[5], authors=json.loads(row[6] or "[]"),
        language=row[7], fetched_url=row[8], etag=row[9], last_modified=row[10],
        walled=bool(row[13]),
    )  # fmt: skip
    return record, row[11]
