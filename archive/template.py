"""A site's template change told apart from its publisher's edits, at a crawl run's close.

A redesign may put a standing line inside the article body container ("للاطلاع على مزيد من
الأخبار … زوروا صفحتنا الرئيسية"), or take one out of it: every archived article re-checked
after it then reads as changed, though nobody edited a word. One run shows it: the same
lines added (or removed) by the run's updates, and carried by its new pages, on a large share
of the source's pages the run archived or re-checked, by learning's own thresholds
(archive.chrome.common). Those lines are the template's: an update that differs from the
text before it by nothing else is taken back (no version left), the run's other texts lose
the added lines in place, and the caller relearns the source's chrome at once. A real edit
(a paragraph added to one story, a correction note on two) is on too few pages to be one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from archive.chrome import chrome_key, common
from archive.dedup import content_hash

if TYPE_CHECKING:
    from archive.store import Archive

# Rows read per query (SQLite's variable limit is far above it).
READ = 500


@dataclass(frozen=True)
class Settled:
    """What a run's close found of its source's template (settle_template)."""

    added: frozenset[str]  # keys of the lines the template put in the run's texts
    removed: frozenset[str]  # keys of the lines it took out of them
    taken_back: int  # the run's updates that were only the template's: no versions
    cleaned: int  # the run's other texts that lost the template's added lines in place


def settle_template(
    archive: Archive, run_id: int, updated: set[int], new: set[int], pages: int
) -> Settled:
    """Tell the template's lines from the run's texts and take back what they made.
    updated: the articles the run archived as edited; new: those it archived new (copies
    too); pages: the source's pages the run archived or re-checked (new, updated,
    unchanged, copies), the share's base."""
    nothing = Settled(frozenset(), frozenset(), 0, 0)
    if not updated:
        return nothing  # no re-checked text changed: no template change to tell
    gained: Counter[str] = Counter()
    lost: Counter[str] = Counter()
    for *_, text, _, old_text in _edits(archive, run_id, updated):
        mine, theirs = _keys(text), _keys(old_text)
        gained.update(mine - theirs)
        lost.update(theirs - mine)
    if not gained and not lost:
        return nothing
    carried: Counter[str] = Counter()  # new pages carrying a line an update gained
    for _, text in _texts(archive, new):
        carried.update(_keys(text) & gained.keys())
    base = max(pages, len(updated) + len(new))
    added = frozenset(common(gained + carried, base))
    removed = frozenset(common(lost, base))
    if not added and not removed:
        return nothing
    taken, cleaned = _take_back(archive, run_id, updated, new, added, removed)
    return Settled(added, removed, taken, cleaned)


def _take_back(
    archive: Archive, run_id: int, updated: set[int], new: set[int], added: frozenset[str],
    removed: frozenset[str],
) -> tuple[int, int]:  # fmt: skip
    """Updates that differ from the text before them only by the template's lines: taken
    back (their text without the added lines); the run's other texts lose the added lines
    in place. One transaction: (updates taken back, texts cleaned)."""
    undo: list[tuple[int, int, str]] = []
    clean: list[tuple[int, str, str]] = []
    for article_id, version, title, text, old_title, old_text in _edits(archive, run_id, updated):
        kept = _without(text, added)
        if (
            kept
            and title == old_title
            and content_hash(kept) == content_hash(_without(old_text, removed))
        ):
            undo.append((article_id, version, kept))
        elif kept and kept != text:
            clean.append((article_id, kept, content_hash(text)))
    for article_id, text in _texts(archive, new):
        kept = _without(text, added)
        if kept and kept != text:
            clean.append((article_id, kept, content_hash(text)))
    with archive.write():
        return archive.take_back_edits(run_id, undo), archive.correct_texts(clean)


def _keys(text: str | None) -> set[str]:
    keys = {chrome_key(line) for line in (text or "").split("\n")}
    keys.discard("")
    return keys


def _without(text: str | None, lines: frozenset[str]) -> str:
    return "\n".join(p for p in (text or "").split("\n") if chrome_key(p) not in lines)


def _edits(
    archive: Archive, run_id: int, ids: set[int]
) -> Iterator[tuple[int, int, str, str, str, str]]:
    """(id, version, title, text, the title and text before) of the run's updates among ids."""
    ordered = sorted(ids)
    for at in range(0, len(ordered), READ):
        chunk = ordered[at : at + READ]
        marks = ",".join("?" * len(chunk))
        yield from archive.db.execute(
            "SELECT a.id, a.version, a.title, a.text, v.title, v.text FROM articles a"
            " JOIN article_versions v ON v.article_id = a.id AND v.version = a.version - 1"
            f" WHERE a.id IN ({marks}) AND a.run_id = ? AND a.version > 1 ORDER BY a.id",
            [*chunk, run_id],
        )


def _texts(archive: Archive, ids: set[int]) -> Iterator[tuple[int, str]]:
    ordered = sorted(ids)
    for at in range(0, len(ordered), READ):
        chunk = ordered[at : at + READ]
        marks = ",".join("?" * len(chunk))
        yield from archive.db.execute(
            f"SELECT id, text FROM articles WHERE id IN ({marks}) AND version = 1 ORDER BY id",
            chunk,
        )
