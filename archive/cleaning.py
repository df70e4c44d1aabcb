"""Dropping a source's learned chrome (archive.chrome) from its archived texts, in steps,
in place: the lines a profile drops are the template's, not the publisher's, so no version is
kept; never over a text that changed meanwhile."""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

from archive.chrome import chrome_key, strip_chrome

if TYPE_CHECKING:
    from archive.store import Archive

# Cleaning's steps (cleaning, and a run's template settling: archive.template): rows read,
# and rows rewritten per transaction, at most.
CLEAN_READ = 500
CLEAN_BATCH = 100


def clean_archived(archive: Archive, source: str, profile: frozenset[str]) -> int:
    """Drop learned chrome paragraphs from the source's archived texts (all of cleaning's
    steps at once). Returns how many rows changed."""
    steps = cleaning(archive, source, profile)
    return max(steps, default=0)  # the count so far, after the last step


def cleaning(archive: Archive, source: str, profile: frozenset[str]) -> Generator[int, None, None]:
    """Drop learned chrome paragraphs from the source's archived texts, in steps: yields the
    number of rows changed so far after each (at most CLEAN_READ texts read, CLEAN_BATCH
    rewritten), so that a crawl service lets other sources' pages through between steps and
    the texts in memory stay bounded whatever the source's size. A row that would lose all
    its text keeps it; a row changed or removed since it was read is left as it now is.
    A changed row is corrected in place (Archive.correct_texts): search_text, content_hash
    and the minhash/LSH rows follow the new text, and no version is kept, because the
    publisher changed nothing (a second version means an edit of theirs).
    Paragraph keys come from the stored search form (search_text): after a change to
    archive.normalize, `arshif reindex` first."""
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
    changed = 0
    for start in range(0, len(ids), CLEAN_READ):
        cleaned = _cleaned(archive, ids[start : start + CLEAN_READ], profile, headlines)
        for at in range(0, len(cleaned), CLEAN_BATCH):
            changed += archive.correct_texts(cleaned[at : at + CLEAN_BATCH])
            yield changed
        yield changed


def _cleaned(
    archive: Archive, ids: list[int], profile: frozenset[str], headlines: frozenset[str]
) -> list[tuple[int, str, str]]:
    """(id, new text, content hash as read) of the rows among ids that lose learned chrome."""
    marks = ",".join("?" * len(ids))
    rows = archive.db.execute(
        f"SELECT id, text, search_text, content_hash FROM articles WHERE id IN ({marks})"
        " ORDER BY id",
        ids,
    ).fetchall()
    cleaned: list[tuple[int, str, str]] = []
    for article_id, text, search_text, digest in rows:
        paragraphs = (text or "").split("\n")
        # The stored search form is the text normalize()d line for line: its lines are the
        # paragraphs' keys once their spacing is collapsed (recomputed if it does not line up).
        lines = search_text.split("\n") if search_text is not None else []
        keys = [" ".join(ln.split()) for ln in lines] if len(lines) == len(paragraphs) else None
        kept = strip_chrome(paragraphs, profile, headlines, keys)
        if kept and len(kept) < len(paragraphs):
            cleaned.append((article_id, "\n".join(kept), digest))
    return cleaned
