"""Chrome learned per source: lines that repeat on a large share of one source's pages
(sidebars, "latest news" lists, widget titles, follow-us rows, footers), whatever their markup.

Learned from the stored raw pages (captures), not from archived texts: the texts are what
extraction kept, and once cleaned they no longer show the chrome, so a profile learned from
them would forget it on the next pass and let it leak again. The raw pages never change, the
most recent ones show the site's current template, and their lines can be cut at every element
and <br>, the places where trafilatura cuts (it may glue or split what the markup groups).

The HTML itself is read by the caller's `page_keys` (crawler.extract.chrome.page_keys): the
archive never parses pages. Everything here is keys, counts and rows; dropping the chrome
from archived texts is archive.cleaning.
"""

from __future__ import annotations

import json
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

from archive.normalize import normalize

if TYPE_CHECKING:  # not at run time: extraction workers import chrome_key and strip_chrome
    from contextlib import AbstractContextManager

    import sqlite_utils


class _Archive(Protocol):
    """An archive (archive.store's), by what these functions use of it: named, not imported,
    so that the archive's own modules that the store is made of use them too."""

    db: sqlite_utils.Database

    def write(self) -> AbstractContextManager[None]: ...


# A line is chrome when it is on at least this share of the sampled pages ...
CHROME_SHARE = 0.3
# ... and on at least this many of them: a sentence two or three stories quote is not chrome.
CHROME_MIN_PAGES = 5
# A line this long, or this long and ending as a sentence ends, is a sentence: chrome only
# when it is on nearly every page (a disclaimer, a sign-off in every body), not when stories
# of one series repeat it as background in a third of them or more ("ومنذ السابع من أكتوبر يشن
# الاحتلال حربا مدمرة على قطاع غزة." on 8 of 20 pages, a 27-word paragraph on 14 of 20).
SENTENCE_WORDS = 16
SHORT_SENTENCE_WORDS = 6
SENTENCE_SHARE = 0.8
_SENTENCE_END = re.compile(r"(?<![.…])[.!?؟]['\"»”)]*$")
# The most recent pages of a source the profile is learned from (its current template).
LEARN_PAGES = 100
# Sidebar headlines glued into one paragraph are recognized from keys this long or longer;
# shorter keys ("فيسبوك") only ever match a whole paragraph.
GLUED_MIN_WORDS = 3

# A dateline: a place or agency name, then a dash ("سرايا -", "عمان –", "القدس المحتلة -").
# On its own line it opens the body on every page of a source: never chrome.
DATELINE = re.compile(r"^\S+(?:\s+\S+){0,3}\s*[-–—]$")
# What may sit between glued chrome lines.
_SEPARATOR = re.compile(r"^[\W_]+$")

PageKeys = Callable[[bytes, str | None], Iterable[str]]


@lru_cache(maxsize=16384)
def chrome_key(line: str) -> str:
    """The profile's key of a line: normalized (archive.normalize), spacing collapsed.
    (A site's menus and boxes repeat on each of its pages: their keys are kept.)"""
    return " ".join(normalize(line).split())


def is_chrome(paragraph: str, profile: frozenset[str]) -> bool:
    """The paragraph is a learned line, or nothing but learned lines glued together."""
    return _is_chrome_key(chrome_key(paragraph), profile)


def _is_chrome_key(key: str, profile: frozenset[str]) -> bool:
    if not key or not profile:
        return False
    return key in profile or _glued(key.split(), profile)


def strip_chrome(
    paragraphs: list[str], profile: frozenset[str], headlines: frozenset[str] = frozenset(),
    keys: list[str] | None = None,
) -> list[str]:  # fmt: skip
    """The paragraphs without learned chrome. headlines: keys of the titles of the source's
    articles; right after a learned line (a box's heading, another headline), a paragraph
    that is another article's title belongs to the box, even if that headline was never
    learned (a "latest news" box shows new ones every day). keys: the paragraphs' chrome
    keys, when the caller has them already."""
    if not profile:
        return paragraphs
    kept: list[str] = []
    in_box = False
    for paragraph, key in zip(paragraphs, keys or map(chrome_key, paragraphs), strict=True):
        if _is_chrome_key(key, profile):
            in_box = True
        elif not (in_box and key in headlines):
            in_box = False
            kept.append(paragraph)
    return kept


def _glued(words: list[str], profile: frozenset[str]) -> bool:
    """Covered end to end by at least two long learned lines, with only separators between
    (a sidebar's headlines that trafilatura ran into one paragraph). A body paragraph that
    merely starts with a learned line ("سرايا - ...") is not covered and stays."""
    starts, longest = _openings(profile)
    if " ".join(words[:GLUED_MIN_WORDS]) not in starts:
        return False  # the common case, and cheap: most paragraphs open with no learned line
    n = len(words)
    # best[i]: fewest learned lines covering words[:i] (None: not coverable)
    best: list[int | None] = [0] + [None] * n
    for i in range(n):
        if best[i] is None:
            continue
        if _SEPARATOR.match(words[i]):
            best[i + 1] = _fewer(best[i + 1], best[i])
        if " ".join(words[i : i + GLUED_MIN_WORDS]) not in starts:
            continue
        for j in range(i + GLUED_MIN_WORDS, min(n, i + longest) + 1):
            if " ".join(words[i:j]) in profile:
                best[j] = _fewer(best[j], best[i] + 1)  # type: ignore[operator]
    lines = best[n]
    return lines is not None and lines >= 2


@lru_cache(maxsize=8)
def _openings(profile: frozenset[str]) -> tuple[frozenset[str], int]:
    """The first GLUED_MIN_WORDS words of every long learned line, and the longest's length."""
    long = [k.split() for k in profile if len(k.split()) >= GLUED_MIN_WORDS]
    starts = frozenset(" ".join(w[:GLUED_MIN_WORDS]) for w in long)
    return starts, max((len(w) for w in long), default=0)


def _fewer(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    return a if b is None else min(a, b)


def _database(db: _Archive | sqlite_utils.Database) -> sqlite_utils.Database:
    return db.db if hasattr(db, "db") else db  # type: ignore[return-value]


def chrome_profile(db: _Archive | sqlite_utils.Database, source: str) -> frozenset[str]:
    """The learned chrome keys of a source (empty when none were learned)."""
    rows = _database(db).execute("SELECT key FROM chrome_lines WHERE source = ?", [source])
    return frozenset(key for (key,) in rows.fetchall())


def learning_due(
    db: _Archive | sqlite_utils.Database, source: str, now: datetime, every: timedelta
) -> bool:
    """Is the profile the source's texts were last made clean of (mark_clean) missing,
    learned from fewer pages than the source now has (up to LEARN_PAGES), or older than
    `every`? Learning reads up to LEARN_PAGES raw pages."""
    database = _database(db)
    row = database.execute(
        "SELECT sampled, learned_at FROM chrome_learned WHERE source = ?", [source]
    ).fetchone()
    if row is None:
        return True
    sampled, learned_at = row
    if datetime.fromisoformat(learned_at) <= now - every:
        return True
    if sampled >= LEARN_PAGES:
        return False
    (count,) = database.execute(
        "SELECT COUNT(*) FROM (SELECT 1 FROM articles WHERE source = ? LIMIT ?)",
        [source, LEARN_PAGES],
    ).fetchone()
    return count > sampled


def learn_chrome(
    db: _Archive | sqlite_utils.Database,
    source: str,
    page_keys: PageKeys,
    sample: int = LEARN_PAGES,
) -> int:
    """Learn a source's chrome from its most recent archived pages and store it, replacing
    the previous profile; the caller cleans the archived texts of it, then mark_clean.
    page_keys(body, content_type): the line keys of one raw page. Returns how many keys the
    profile holds. Fewer than CHROME_MIN_PAGES pages: none."""
    pages = learning_sample(db, source, sample)
    learned = learn_from([page_keys(zlib.decompress(blob), kind) for blob, kind in pages])
    store_profile(db, source, learned)
    return len(learned.counts)


def learning_sample(
    db: _Archive | sqlite_utils.Database, source: str, sample: int = LEARN_PAGES
) -> list[tuple[bytes, str | None]]:
    """The raw pages a source's chrome is learned from: (zlib-compressed body, content type)
    of its most recent archived articles, compressed as stored (the caller may hand them to
    other processes; 200 pages of 200 KB are 40 MB once decompressed)."""
    rows = (
        _database(db)
        .execute(
            "SELECT c.body_zlib, c.headers FROM articles a JOIN captures c ON c.id = a.capture_id"
            " WHERE a.source = ? ORDER BY a.id DESC LIMIT ?",
            [source, sample],
        )
        .fetchall()
    )
    return [(blob, _content_type(headers)) for blob, headers in rows]


@dataclass(frozen=True)
class Learned:
    """A profile learned from a sample of pages, not stored yet (store_profile stores it)."""

    counts: dict[str, int]  # key -> on how many sampled pages
    sampled: int

    @property
    def profile(self) -> frozenset[str]:
        return frozenset(self.counts)


# page_keys also tells where a line long enough to be a paragraph stood on the page: its key
# after OWN where it was a paragraph of the page's own (not beside a link), after TEASER where
# it was a teaser's excerpt (under a linked headline, or a link's text). A control character:
# never in a key (chrome_key splits on it as on spaces), so never a line's.
OWN = "\x1fown "
TEASER = "\x1fteaser "


def learn_from(pages: Sequence[Iterable[str]]) -> Learned:
    """The profile these pages' line keys teach (one iterable per page of learning_sample)."""
    counts: Counter[str] = Counter()
    for keys in pages:
        counts.update(set(keys))
    lines = {k: n for k, n in counts.items() if not k.startswith("\x1f")}
    learned = common(lines, len(pages))
    return Learned(
        {k: n for k, n in learned.items() if not _a_storys(k, counts, len(pages))}, len(pages)
    )


def _a_storys(key: str, counts: dict[str, int], pages: int) -> bool:
    """A learned line that is one story's own paragraph: a teaser's excerpt on the pages that
    make it common, a paragraph of the page's own on a few (its story's: a "most read" widget
    shows a short lead whole on every other page). Learned, it was dropped from its story's
    text, the lead gone; the widget's copies elsewhere are left to extraction's rules for
    side boxes, as before a profile is learned. A standing line of every body is the page's
    own on most pages, a line whose copies stand otherwise (a link's text only, a run of a
    cell) is not placed: both still chrome."""
    own, teaser = counts.get(OWN + key, 0), counts.get(TEASER + key, 0)
    if not own or not teaser or own >= max(CHROME_MIN_PAGES, CHROME_SHARE * pages):
        return False
    return own + teaser >= counts[key]  # placed as one or the other wherever it stands


def common(counts: dict[str, int], pages: int) -> dict[str, int]:
    """Of the line keys counted on some of `pages` pages (key -> on how many), those on
    enough of them to be the template's, not one story's: learning's thresholds (a run's
    template change is told by the same, archive.template)."""
    needed = max(CHROME_MIN_PAGES, CHROME_SHARE * pages)
    sentence = max(needed, SENTENCE_SHARE * pages)
    return {
        k: n
        for k, n in counts.items()
        if n >= (sentence if _sentence(k) else needed) and not DATELINE.match(k)
    }


def _sentence(key: str) -> bool:
    words = key.count(" ") + 1
    return words >= SENTENCE_WORDS or (
        words >= SHORT_SENTENCE_WORDS and bool(_SENTENCE_END.search(key))
    )


def store_profile(db: _Archive | sqlite_utils.Database, source: str, learned: Learned) -> None:
    """Store the profile a source's pages are extracted with from now on, replacing the
    previous one. Until mark_clean, a cleaning of the archived texts is pending
    (cleaning_pending), except for an empty profile: there is nothing to clean of it."""
    database = _database(db)
    stamp = datetime.now(UTC).isoformat(timespec="milliseconds")
    with _transaction(db):
        database.execute("DELETE FROM chrome_lines WHERE source = ?", [source])
        database.conn.executemany(
            "INSERT INTO chrome_lines (source, key, pages, sampled, learned_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [(source, k, n, learned.sampled, stamp) for k, n in sorted(learned.counts.items())],
        )
        if not learned.counts:
            _mark(database, source, learned.sampled, stamp)


def mark_clean(db: _Archive | sqlite_utils.Database, source: str) -> None:
    """The source's archived texts are clean of its stored profile (what learning_due and
    cleaning_pending read): once cleaning's last step is taken."""
    database = _database(db)
    row = database.execute(
        "SELECT MAX(sampled), MAX(learned_at) FROM chrome_lines WHERE source = ?", [source]
    ).fetchone()
    if row is not None and row[1] is not None:
        with _transaction(db):
            _mark(database, source, row[0], row[1])


def _mark(database: sqlite_utils.Database, source: str, sampled: int, stamp: str) -> None:
    database.execute(
        "INSERT OR REPLACE INTO chrome_learned (source, sampled, learned_at) VALUES (?, ?, ?)",
        [source, sampled, stamp],
    )


def last_cleaned(db: _Archive | sqlite_utils.Database, source: str) -> str | None:
    """When the profile the source's texts were last made clean of was learned (None: never)."""
    row = (
        _database(db)
        .execute("SELECT learned_at FROM chrome_learned WHERE source = ?", [source])
        .fetchone()
    )
    return row[0] if row else None


def cleaning_pending(db: _Archive | sqlite_utils.Database, source: str) -> bool:
    """A profile was stored that the archived texts are not clean of yet (its cleaning was
    cut short)."""
    row = (
        _database(db)
        .execute("SELECT MAX(learned_at) FROM chrome_lines WHERE source = ?", [source])
        .fetchone()
    )
    stored, cleaned = row[0] if row else None, last_cleaned(db, source)
    return stored is not None and stored != cleaned  # mark_clean copies the stored stamp


def archived_sources(db: _Archive | sqlite_utils.Database, only: str | None = None) -> list[str]:
    """Sources that have archived articles (only: that one, if it has any)."""
    where, params = ("WHERE source = ?", [only]) if only else ("", [])
    rows = _database(db).execute(f"SELECT DISTINCT source FROM articles {where}", params)
    return sorted(source for (source,) in rows.fetchall())


def _content_type(headers: str | None) -> str | None:
    try:
        value = json.loads(headers or "{}").get("Content-Type")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def _transaction(db: _Archive | sqlite_utils.Database) -> Any:
    if hasattr(db, "write"):
        return db.write()
    from archive.schema import write_transaction

    return write_transaction(db)
