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
Pages re-checked because their publisher moved their change dates are a sample it chose (a
note added to just those six stories is on all of them): they weigh as a share of the
source's archive, the run's other pages as a share of themselves (settling).
It is done in steps, as chrome cleaning is (archive.cleaning): a run may have re-checked
thousands of a source's pages, and the crawl's other sources go on between the steps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Generator, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from archive import cleaning
from archive.chrome import chrome_key, common, strip_chrome
from archive.dedup import content_hash
from archive.edits import same_text

if TYPE_CHECKING:
    from archive.store import Archive


@dataclass(frozen=True)
class Settled:
    """What a run's close found of its source's template (settling)."""

    added: frozenset[str]  # keys of the lines the template put in the run's texts
    removed: frozenset[str]  # keys of the lines it took out of them
    taken_back: int  # the run's updates that were only the template's: no versions
    cleaned: int  # the run's other texts that lost the template's added lines in place
    taken: tuple[int, ...] = ()  # the articles taken back, in the order they were


NOTHING = Settled(frozenset(), frozenset(), 0, 0)


def settling(
    archive: Archive, run_id: int, updated: set[int], new: set[int], pages: int,
    signalled: frozenset[int] | set[int] = frozenset(),
) -> Generator[Settled, None, None]:  # fmt: skip
    """Tell the template's lines from the run's texts and take back what they made, in
    steps: yields what is settled so far after each (at most CLEAN_READ rows read, or
    CLEAN_BATCH articles rewritten in one transaction, each of them all or nothing), so
    that a crawl service lets other sources' pages through between them. updated: the
    articles the run archived as edited; new: those it archived new (copies too); pages:
    the source's pages the run archived or re-checked (new, updated, unchanged, copies),
    the share's base; signalled: the archived articles the run re-checked because their
    publisher's change date moved (a sitemap's lastmod). Stopped early, it leaves the
    articles it did not reach as they are."""
    if not updated:
        return  # no re-checked text changed: no template change to tell
    gained, lost = _Lines(), _Lines()
    for edits in _edits(archive, run_id, updated):
        for article_id, *_, text, _, old_text in edits:
            mine, theirs = _keys(text), _keys(old_text)
            chosen = article_id in signalled
            gained.count(mine - theirs, chosen)
            lost.count(theirs - mine, chosen)
        yield NOTHING
    if not gained.all and not lost.all:
        return
    for texts in _texts(archive, new):  # new pages carrying a line an update gained
        for _, text in texts:
            gained.count(_keys(text) & gained.all.keys(), False)
        yield NOTHING
    # The pages its publisher flagged as changed are a sample it chose: a line on all of them
    # may be one note added to a few stories. They count as the template's evidence only as a
    # share of the source's archive (a redesign that moved every change date); the run's
    # other pages (new, re-checked as due, revisited) as a share of themselves.
    flagged = len(updated & set(signalled))
    others = max(pages - flagged, len(updated) - flagged + len(new))
    everything = max(pages, len(updated) + len(new))
    if flagged:
        everything = max(everything, archive.count_articles(_source(archive, run_id)))
    added = gained.common(others, everything)
    removed = lost.common(others, everything)
    if added or removed:
        yield from _take_back(archive, run_id, updated, new, Settled(added, removed, 0, 0))


class _Lines:
    """Line keys counted on the run's pages: on all, and on those its publisher did not flag."""

    def __init__(self) -> None:
        self.all: Counter[str] = Counter()
        self.unflagged: Counter[str] = Counter()

    def count(self, keys: set[str], flagged: bool) -> None:
        self.all.update(keys)
        if not flagged:
            self.unflagged.update(keys)

    def common(self, others: int, everything: int) -> frozenset[str]:
        """The template's: common among the unflagged pages, or among all as a share of
        everything (the source's archive when some were flagged)."""
        return frozenset(common(self.unflagged, others)) | frozenset(common(self.all, everything))


def _source(archive: Archive, run_id: int) -> str | None:
    row = archive.db.execute("SELECT source FROM runs WHERE id = ?", [run_id]).fetchone()
    return row[0] if row else None


def _take_back(
    archive: Archive, run_id: int, updated: set[int], new: set[int], settled: Settled
) -> Iterator[Settled]:
    """Updates that differ from the text before them only by the template's lines: taken
    back (their text without the added lines); the run's other texts lose the added lines
    in place. Yields what is settled after each transaction."""
    for edits in _edits(archive, run_id, updated):
        undo: list[tuple[int, int, str]] = []
        clean: list[tuple[int, str, str]] = []
        for article_id, version, title, text, old_title, old_text in edits:
            kept = _without(text, settled.added)
            if kept and title == old_title and same_text(kept, _without(old_text, settled.removed)):
                undo.append((article_id, version, kept))
            elif kept and kept != text:
                clean.append((article_id, kept, content_hash(text)))
        settled = yield from _rewrite(archive, run_id, undo, clean, settled)
    for texts in _texts(archive, new):
        clean = []
        for article_id, text in texts:
            kept = _without(text, settled.added)
            if kept and kept != text:
                clean.append((article_id, kept, content_hash(text)))
        settled = yield from _rewrite(archive, run_id, [], clean, settled)


def _rewrite(
    archive: Archive, run_id: int, undo: list[tuple[int, int, str]],
    clean: list[tuple[int, str, str]], settled: Settled,
) -> Generator[Settled, None, Settled]:  # fmt: skip
    """Takes back undo, then cleans clean, CLEAN_BATCH articles a transaction."""
    batch = cleaning.CLEAN_BATCH
    for at in range(0, len(undo), batch):
        taken = archive.take_back_edits(run_id, undo[at : at + batch])
        settled = replace(
            settled, taken_back=settled.taken_back + len(taken), taken=(*settled.taken, *taken)
        )
        yield settled
    for at in range(0, len(clean), batch):
        cleaned = archive.correct_texts(clean[at : at + batch])
        settled = replace(settled, cleaned=settled.cleaned + cleaned)
        yield settled
    return settled


def _keys(text: str | None) -> set[str]:
    keys = {chrome_key(line) for line in (text or "").split("\n")}
    keys.discard("")
    return keys


def _without(text: str | None, lines: frozenset[str]) -> str:
    """The text without the lines (glued ones too), as extraction drops learned chrome."""
    return "\n".join(strip_chrome((text or "").split("\n"), lines))


def _edits(archive: Archive, run_id: int, ids: set[int]) -> Iterator[list[Any]]:
    """(id, version, title, text, the title and text before) of the run's updates among ids,
    CLEAN_READ at a time."""
    return _read(
        archive,
        "SELECT a.id, a.version, a.title, a.text, v.title, v.text FROM articles a"
        " JOIN article_versions v ON v.article_id = a.id AND v.version = a.version - 1"
        " WHERE a.id IN ({ids}) AND a.run_id = ? AND a.version > 1 ORDER BY a.id",
        ids,
        run_id,
    )


def _texts(archive: Archive, ids: set[int]) -> Iterator[list[Any]]:
    """(id, text) of the first versions among ids, CLEAN_READ at a time."""
    sql = "SELECT id, text FROM articles WHERE id IN ({ids}) AND version = 1 ORDER BY id"
    return _read(archive, sql, ids)


def _read(archive: Archive, sql: str, ids: set[int], *params: object) -> Iterator[list[Any]]:
    """sql's rows for ids (its {ids}), read whole CLEAN_READ ids at a time, in id order:
    the steps between write, and a cursor left open across writes may see them."""
    ordered = sorted(ids)
    for at in range(0, len(ordered), cleaning.CLEAN_READ):
        chunk = ordered[at : at + cleaning.CLEAN_READ]
        marks = ",".join("?" * len(chunk))
        yield archive.db.execute(sql.format(ids=marks), [*chunk, *params]).fetchall()
