"""Captures, articles and their versions: storing an extracted article (new, updated,
unchanged or a copy of a known story, decided here) one at a time or in batches."""

from __future__ import annotations

import json
import zlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from hashlib import sha1
from pathlib import Path
from typing import NamedTuple

from archive.chrome import chrome_profile, strip_chrome
from archive.crawlstate import keep_found, settle_found
from archive.dedup import (
    SURE,
    THRESHOLD,
    NearDuplicateIndex,
    Signature,
    content_hash,
    same_story,
    signature,
    text_keys,
)
from archive.edits import same_text
from archive.normalize import normalize
from archive.records import (
    FARTHEST_ZONE,
    ArchiveError,
    ArticleRecord,
    Batch,
    Capture,
    Displaced,
    Outcome,
    at_fetch,
    utcnow,
)  # fmt: skip
from archive.runs import Runs
from archive.tombstones import is_tombstoned as tombstoned


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


_CAPTURE_COLUMNS = ("url", "fetched_url", "status", "headers", "fetched_at", "encoding", "size",
                    "body_sha1", "body_zlib", "run_id", "part_of")  # fmt: skip
_ARTICLE_COLUMNS = ("url", "source", "search_title", "search_text", "title", "published_at",
                    "published_raw", "published_from", "text", "authors", "language",
                    "content_hash", "fetched_url", "capture_id", "etag", "last_modified",
                    "duplicate_of", "first_seen_at", "fetched_at", "updated_at", "version",
                    "run_id", "walled")  # fmt: skip
# A new article's id is past every id ever given (archive.schema's id_high_water: SQLite's
# own would give a deleted top row's id again).
_INSERT_ARTICLE = (
    f"INSERT INTO articles (id, {', '.join(_ARTICLE_COLUMNS)}) VALUES ("
    "MAX(COALESCE((SELECT MAX(id) FROM articles), 0),"
    " COALESCE((SELECT value FROM id_high_water WHERE name = 'articles'), 0)) + 1, "
    f"{', '.join('?' * len(_ARTICLE_COLUMNS))})"
)
# What a taken-down article takes of its live copy when it moves there (Articles._rehome).
_LIVE_COLUMNS = ("source", "title", "published_at", "published_raw", "published_from", "text",
                 "authors", "language", "walled", "fetched_url", "capture_id", "fetched_at",
                 "etag", "last_modified")  # fmt: skip
# An article's row as it was, kept in article_versions when it changes.
_VERSION_COLUMNS = ("article_id", "version", "title", "published_at", "text", "content_hash",
                    "capture_id", "fetched_at", "walled", "replaced_at")  # fmt: skip
_OLD_VERSION_SQL = f"SELECT {', '.join(_VERSION_COLUMNS[1:-1])} FROM articles WHERE id = ?"


# Where a page states its own date (crawler.extract.dates' origins): a change of one of these
# is the publisher's correction. (htmldate's guess, the address's day or a feed's date are
# no statement of the page: they do not overwrite what the archive has.)
_STATED_DATE_ORIGINS = frozenset({"json-ld", "meta", "app-state", "time", "text"})


def _redated(archived: str | None, record: ArticleRecord) -> bool:
    """The page now states another publication date than the archived one, at the precision
    both carry: a day against a day, a clock against a clock (a feed that gave the time or
    the zone the page leaves out corrected nothing; the same date said less precisely by a
    later re-check must not undo it)."""
    said = record.published_at
    if said is None or record.published_from not in _STATED_DATE_ORIGINS or said == archived:
        return False
    a, b = _moment(said), _moment(archived)
    if a is None or b is None:
        return b is None and a is not None  # a date where the archive had none, or none legible
    if len(said) <= 10 or len(archived or "") <= 10:
        return a.date() != b.date()
    if (a.tzinfo is None) != (b.tzinfo is None):
        return a.replace(tzinfo=None) != b.replace(tzinfo=None)
    return a != b


def _clocked(archived: str | None, record: ArticleRecord, capture: Capture | int) -> bool:
    """The unchanged page dated anew at the moment of this fetch (at_fetch): a clock's date
    (a CMS that fills its date tag with its server's time on every request), not a
    correction: the page was there as it is when the archive took it. Followed, it would
    move the date at every re-check."""
    if archived is None or record.published_at is None or not isinstance(capture, Capture):
        return False
    fetched, said = _moment(capture.fetched_at), _moment(record.published_at)
    if fetched is None or said is None or not at_fetch(record.published_at, fetched):
        return False
    # A clock moves on: a date corrected back ("2026-03-12T16:40" to "09:40"), or one of an
    # earlier day, is a correction, whatever the fetch's moment.
    before = _moment(archived)
    if before is not None and (before.tzinfo is None) == (said.tzinfo is None):
        return said > before
    return record.published_at[:19] > archived[:19]  # (one zoned, one not: as written)


def _restamped(existing: tuple, record: ArticleRecord, capture: Capture | int) -> bool:
    """A re-check's date that is no publication date: a clock's (_clocked), or one later
    than the archive's first sight of the article (a CMS that re-stamps datePublished when
    it refreshes a page): the article was out before it. Followed, the first publication
    date was kept nowhere, and the story's root was no longer its earliest copy."""
    return _clocked(existing[3], record, capture) or _after_sight(record.published_at, existing[6])


# How much later than its first sight an article may say it was published: a date written
# in the wrong zone, then corrected (a day alone: the next day, in some zone).
SIGHT_SLACK = FARTHEST_ZONE


def _after_sight(said: str | None, first_seen: str | None) -> bool:
    when, seen = _moment(said), _moment(first_seen)
    if when is None or seen is None or seen.tzinfo is None:
        return False
    if len(said or "") <= 10:
        return when.date() > (seen + SIGHT_SLACK).date()
    if when.tzinfo is None:  # a clock without its zone: in the farthest zone from UTC
        return when - SIGHT_SLACK > seen.astimezone(UTC).replace(tzinfo=None)
    return when > seen + SIGHT_SLACK


# An edit (a paragraph rewritten, one added) leaves less than a near copy's likeness: a page
# that names an archived article as its canonical is that article edited when it keeps this
# much of its wording, is bound to it by more than the canonical (an article id in both
# addresses, or the same headline) and was published the same day. (A template's canonical
# naming one article on every page binds none of the others; a daily bulletin's, "أسعار
# الذهب اليوم", tomorrow's under the same headline, is another day's.)
EDITED_LIKENESS = 0.2
HEADLINE_WORDS = 3  # shorter titles ("الأخبار", a site's name) are no story's own


def _one_headline(mine: str, theirs: str) -> bool:
    words = normalize(mine).split()
    return len(words) >= HEADLINE_WORDS and words == normalize(theirs).split()


Story = tuple[str, str, str | None]  # a story's text, title and publication date
# Rows at other forms of one article's address that twin_at compares a page with: its
# forms are few (with and without a slug, an old slug); more are other articles' numbers.
TWIN_ROWS = 8


class StoryPrint(NamedTuple):
    """What one_story reads of a story, without its text (a few hundred bytes, where a text
    may be tens of KB): a crawl keeps one for each canonical address it gave a story, the
    whole run."""

    content_hash: str
    signature: Signature | None
    title: str
    published: str | None


def story_print(
    story: Story, digest: str | None = None, minhash: bytes | None = None
) -> StoryPrint:
    """digest, minhash: the text's content_hash and signature's bytes, when the caller has
    them (an extraction worker computed them: text_keys)."""
    text, title, published = story
    if digest is None:
        return StoryPrint(content_hash(text), signature(text), title, published)
    sig = Signature.from_bytes(minhash) if minhash else None
    return StoryPrint(digest, sig, title, published)


def one_story(mine: Story, theirs: Story | StoryPrint, kin: bool = False) -> bool:
    """Are two (text, title, publication date) one story: the same text, a near copy of it,
    or an edit of it (EDITED_LIKENESS)? kin: their addresses name one article id. Asked of
    an archived row (Articles.story_at) and of a page a crawl has not written yet (its
    StoryPrint)."""
    text, title, published = mine
    their_title, their_published = theirs[-2], theirs[-1]  # (the last two of either)
    if _hash_of(theirs) == content_hash(text):
        return True
    own, other = signature(text), _signature_of(theirs)
    if own is None or other is None:
        return False
    likeness = own.jaccard(other)
    if likeness >= THRESHOLD:
        return True
    bound = kin or _one_headline(title, their_title or "")
    return bound and likeness >= EDITED_LIKENESS and not _days_apart(published, their_published)


def _hash_of(story: Story | StoryPrint) -> str:
    return story.content_hash if isinstance(story, StoryPrint) else content_hash(story[0])


def _signature_of(story: Story | StoryPrint) -> Signature | None:
    return story.signature if isinstance(story, StoryPrint) else signature(story[0])


def _reauthored(archived: str | None, record: ArticleRecord) -> bool:
    """The page now names other writers than the archived ones (a name added, one
    corrected). A page that names none now erases no one: a byline dropped by a new
    template, or one not read this time, says nothing of who wrote the article."""
    return bool(record.authors) and record.authors != json.loads(archived or "[]")


class Articles(Runs):
    """Builds on Runs: an article's run counter moves in the article's own commit."""

    def __init__(self, path: str | Path, bulk_writer: bool = False, reader: bool = False) -> None:
        # Roots that older copies displaced in the last write_batch (see Displaced).
        self.displaced: list[Displaced] = []
        # Articles the last write_batch marked gone (not those marked before).
        self.marked: list[int] = []
        # The runs that wrote the copies folded into moved articles in the last write_batch.
        self.folded: list[int | None] = []
        # Each source's learned chrome as last read, by the stamp it was learned at (_chrome).
        self._profiles: dict[str, tuple[str | None, frozenset[str]]] = {}
        super().__init__(path, bulk_writer, reader)
        self.near = NearDuplicateIndex(self.db)

    def archive(
        self, run_id: int, record: ArticleRecord, capture: Capture | int
    ) -> tuple[Outcome, int]:
        """Store one extracted article atomically; the run's counter moves in the same commit.
        capture: a new raw response, or the id of a stored one (re-extraction)."""
        return self.write_batch(run_id, Batch(articles=[(record, capture)]))[0]

    def write_batch(self, run_id: int, batch: Batch) -> list[tuple[Outcome, int]]:
        """Articles, 304s and run counters in one transaction, in order: an article sees the
        ones before it in the batch (a copy of one is linked to it). All or nothing.
        An article whose URL (canonical or fetched) was forgotten (archive.tombstones) is not
        stored: its result is (Outcome.FORGOTTEN, 0), counted in the run's
        articles_forgotten."""
        counts = dict(batch.counts)
        self.displaced, self.marked, self.folded = [], [], []
        with self.write():
            results = [self._archive_one(run_id, r, c) for r, c in batch.articles]
            for outcome, _ in results:
                key = f"articles_{outcome.value}"
                counts[key] = counts.get(key, 0) + 1
            demoted = sum(d.first_run == run_id for d in self.displaced)
            if demoted:  # this run's own roots that older copies displaced
                counts["articles_new"] = counts.get("articles_new", 0) - demoted
                counts["articles_duplicate"] = counts.get("articles_duplicate", 0) + demoted
            folded = self.folded.count(run_id)  # this run's copies of a moved article: gone
            if folded:
                counts["articles_duplicate"] = counts.get("articles_duplicate", 0) - folded
            if batch.not_modified:
                self.db.conn.executemany(
                    "UPDATE articles SET fetched_at = ?, gone_at = NULL WHERE id = ?",
                    [(when, article_id) for article_id, when in batch.not_modified],
                )
                rechecked = len(batch.not_modified)
                counts["not_modified"] = counts.get("not_modified", 0) + rechecked
                counts["articles_not_modified"] = counts.get("articles_not_modified", 0) + rechecked
            for article_id, when in batch.gone:  # the first time it was seen gone is kept
                marking = self.db.conn.execute(
                    "UPDATE articles SET gone_at = ? WHERE id = ? AND gone_at IS NULL",
                    [when, article_id],
                )
                if marking.rowcount:
                    self.marked.append(article_id)
            if batch.checked:  # (a later answer only: a batch may hold an older one)
                self.db.conn.executemany(
                    "UPDATE articles SET fetched_at = ? WHERE id = ? AND fetched_at < ?",
                    [(when, article_id, when) for article_id, when in batch.checked],
                )
            if batch.signals:
                self._read_signals(batch.signals)
            if batch.titles:
                self._keep_titles(batch.titles)
            if batch.dates:
                self._date_undated(batch.dates)
            if batch.found:
                keep_found(self.db, batch.found)
            stored = [(r.source, {r.url, r.fetched_url or r.url}) for r, _ in batch.articles]
            settle_found(self.db, [(source, url) for source, urls in stored for url in urls])
            if self.marked:
                counts["articles_gone"] = counts.get("articles_gone", 0) + len(self.marked)
            if batch.ungone:  # only the marks made then: an older one stands
                unmarked = self.db.conn.executemany(
                    "UPDATE articles SET gone_at = NULL WHERE id = ? AND gone_at = ?",
                    [(article_id, when) for article_id, when in batch.ungone],
                ).rowcount
                counts["articles_gone"] = counts.get("articles_gone", 0) - unmarked
            for article_id in batch.rehome:  # after ungone: only marks that stand
                rehomed = self._rehome(run_id, article_id)
                if rehomed is None:
                    continue
                if rehomed.marked:  # moved, not taken down: this run's mark uncounted
                    counts["articles_gone"] = counts.get("articles_gone", 0) - 1
                if rehomed.outcome is Outcome.UPDATED:
                    counts["articles_updated"] = counts.get("articles_updated", 0) + 1
            self.add_counts(run_id, **{k: v for k, v in counts.items() if v})
        return results

    def _date_undated(self, dates: list[tuple[str, str, str]]) -> None:
        """Rows whose pages gave no date take their feed's (its origin says so), unless it is
        later than a day after the row was first seen: a feed pushing an old story again
        dates the push. (A day: a feed's zone, or its clock, may be off by hours.)"""
        self.db.conn.executemany(
            "UPDATE articles SET published_at = ?, published_raw = ?, published_from = 'feed'"
            " WHERE published_at IS NULL AND (url = ? OR fetched_url = ?)"
            " AND julianday(?) <= julianday(first_seen_at) + 1",
            [(iso, raw, url, url, iso) for url, iso, raw in dates],
        )

    def _read_signals(self, signals: list[tuple[int | None, str | None, str]]) -> None:
        """The publisher's change dates a crawl read, kept with their articles."""
        self._kept_with_rows("signal_seen", signals)

    def _keep_titles(self, titles: list[tuple[int | None, str | None, str]]) -> None:
        """The headlines listings and feeds showed, kept with their articles."""
        self._kept_with_rows("listed_title", titles)

    def _kept_with_rows(
        self, column: str, values: list[tuple[int | None, str | None, str]]
    ) -> None:
        """(id, address, value)s kept in the column of their rows: by id, or by the address a
        crawl knew one new to the archive by: its row's, else the one it was asked at, or one
        that led to it (a redirect or a canonical stores it elsewhere)."""
        self.db.conn.executemany(
            f"UPDATE articles SET {column} = ? WHERE id = ?",
            [(value, article_id) for article_id, _, value in values if article_id],
        )
        self.db.conn.executemany(
            f"UPDATE articles SET {column} = ? WHERE id = COALESCE("
            "(SELECT id FROM articles WHERE url = ?),"
            " (SELECT id FROM articles WHERE fetched_url = ? ORDER BY id LIMIT 1),"
            " (SELECT article_id FROM url_aliases WHERE url = ?))",
            [(value, url, url, url) for article_id, url, value in values if not article_id and url],
        )

    def story_at(
        self, url: str, text: str, title: str = "", kin: bool = False, published: str | None = None
    ) -> str:
        """What the archive holds at url, against text: "none", "same" (this story: the same
        text or a near copy of it, or an edit of it: see EDITED_LIKENESS) or "other" (a page
        whose rel=canonical points there must not overwrite it). kin: the page's own address
        and url name one article id ("/news/5003" and "/news/5003/slug"); published: the
        page's publication date."""
        row = self.db.execute(
            "SELECT text, title, published_at FROM articles WHERE url = ?", [url]
        ).fetchone()
        if row is None:
            return "none"
        return "same" if one_story((text, title, published), row, kin) else "other"

    def twin_at(self, source: str, stem: str, own: str, story: Story) -> str | None:
        """The address of the source's archived article at another form of the address own
        (stem: own up to its article number, crawler.canonical.number_stem) that tells this
        story, or an edit of it as a canonical borne out by the number would (one_story,
        kin): "…/news/5003/slug" of "…/news/5003". Its roots first. None: no such row, or
        only one taken down (the page is where its publisher moved it: Articles._insert)."""
        # Rows at the stem or the stem and a slug after "-", ".", "/" or "_" (ranges on the
        # url index: "." and "/" come between "-" and "0"; "`" after "_").
        rows = self.db.execute(
            "SELECT url, text, title, published_at FROM articles WHERE source = ? AND url != ?"
            " AND gone_at IS NULL AND (url = ? OR (url >= ? AND url < ?) OR (url >= ? AND url < ?))"
            " ORDER BY duplicate_of IS NOT NULL, id LIMIT ?",
            [source, own, stem, stem + "-", stem + "0", stem + "_", stem + "`", TWIN_ROWS],
        ).fetchall()
        for url, text, title, published in rows:
            if one_story(story, (text, title, published), kin=True):
                return str(url)
        return None

    def article_url(self, article_id: int) -> str | None:
        """The archived article's address, its key (None: no such article)."""
        row = self.db.execute("SELECT url FROM articles WHERE id = ?", [article_id]).fetchone()
        return None if row is None else str(row[0])

    def article_words(self, article_id: int) -> tuple[str, str] | None:
        """The archived article's current title and text (None: no such article)."""
        row = self.db.execute(
            "SELECT title, text FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        return None if row is None else (str(row[0] or ""), str(row[1] or ""))

    def raw_body(self, capture_id: int) -> bytes:
        row = self.db.execute(
            "SELECT body_zlib FROM captures WHERE id = ?", [capture_id]
        ).fetchone()
        if row is None:
            raise ArchiveError(f"no capture with id {capture_id}")
        return zlib.decompress(row[0])

    def count_articles(self, source: str | None = None) -> int:
        row = self.db.execute(
            "SELECT COUNT(*) FROM articles WHERE ? IS NULL OR source = ?", [source, source]
        ).fetchone()
        return int(row[0])

    def stored_pages(
        self, source: str | None = None, after_id: int = 0, limit: int = 100
    ) -> list[tuple]:
        """Articles with their current raw capture, in id order after after_id, for
        re-extraction: (id, url, source, published_at, published_raw, published_from,
        etag, last_modified, capture id, fetched_url, headers JSON, compressed body, when
        the capture was fetched)."""
        return self.db.execute(
            "SELECT a.id, a.url, a.source, a.published_at, a.published_raw, a.published_from,"
            " a.etag, a.last_modified, c.id, c.fetched_url, c.headers, c.body_zlib, c.fetched_at"
            " FROM articles a JOIN captures c ON c.id = a.capture_id"
            " WHERE (? IS NULL OR a.source = ?) AND a.id > ? ORDER BY a.id LIMIT ?",
            [source, source, after_id, limit],
        ).fetchall()

    def _archive_one(
        self, run_id: int, record: ArticleRecord, capture: Capture | int
    ) -> tuple[Outcome, int]:
        if tombstoned(self.db, record.url, record.fetched_url):
            return Outcome.FORGOTTEN, 0  # taken down: nothing of it is stored again
        if None in (record.content_hash, record.search_title, record.search_text):
            # Not computed by an extraction worker (re-extraction, cleaning): here, once.
            record = replace(record, **text_keys(record.title, record.text))
        digest = record.content_hash
        assert digest is not None
        existing = self._at(record.url)
        moved = record.moved_from
        if (
            moved is not None
            and (existing is None or existing[0] != moved)
            and self._move(moved, record.url, existing)
        ):
            existing = self._at(record.url)
            record = replace(record, fetched_url=record.url)  # asked there from now on
        if existing is None:
            return self._insert(run_id, record, capture, digest)
        if record.fetched_url not in (None, record.url, existing[4]):
            self._alias(record.fetched_url, existing[0])
        # An edit is any difference a reader sees (archive.edits), not the dedup key's: a
        # hamza or commas put right are the publisher's. Compared with the archived text, so
        # rows stored before (their content_hash the folded key) need no migration.
        same = same_text(record.text, existing[7])
        if not same and existing[2] == record.title:
            clean = self._without_chrome(record, existing[7])
            if clean is not None:  # only lines the source's chrome profile holds differ: no edit
                same = True
                if not same_text(clean, existing[7]):  # (else the archived text is clean)
                    self._rewrite(existing[0], record.title, existing[3], clean)
        if same and existing[2] == record.title:
            if _redated(existing[3], record) and not _restamped(existing, record, capture):
                self.db.execute(  # a corrected date: in place (versions keep the texts)
                    "UPDATE articles SET published_at = ?, published_raw = ?, published_from = ?"
                    " WHERE id = ?",
                    [record.published_at, record.published_raw, record.published_from,
                     existing[0]],
                )  # fmt: skip
            if _reauthored(existing[5], record):
                self.db.execute(  # a corrected byline: in place, as a date
                    "UPDATE articles SET authors = ? WHERE id = ?",
                    [json.dumps(record.authors, ensure_ascii=False), existing[0]],
                )
            if isinstance(capture, Capture):
                self.db.execute(
                    "UPDATE articles SET fetched_at = ?, etag = ?, last_modified = ?,"
                    " gone_at = NULL WHERE id = ?",
                    [capture.fetched_at, record.etag, record.last_modified, existing[0]],
                )
            return Outcome.UNCHANGED, existing[0]
        # An edit keeps the date, not the clock's; nor none, where the re-check read none
        # (the edit's mark beside the headline hid the date line once): an article published
        # stays published then.
        if _restamped(existing, record, capture) or (
            record.published_at is None and existing[3] is not None
        ):
            raw, origin = self.db.execute(
                "SELECT published_raw, published_from FROM articles WHERE id = ?", [existing[0]]
            ).fetchone()
            record = replace(
                record, published_at=existing[3], published_raw=raw, published_from=origin
            )
        self._update(run_id, existing[0], record, capture, digest)
        return Outcome.UPDATED, existing[0]

    def _at(self, url: str) -> tuple | None:
        """The row at url: (id, content hash, title, published_at, fetched_url, authors,
        first_seen_at, text)."""
        return self.db.execute(
            "SELECT id, content_hash, title, published_at, fetched_url, authors, first_seen_at,"
            " text"
            " FROM articles WHERE url = ?",
            [url],
        ).fetchone()

    def _move(self, article_id: int, url: str, there: tuple | None) -> bool:
        """The publisher moved the article to url (its address redirects there): its row
        and captures go there, the old address stays known as its alias. A copy of it that
        the archive holds at url already (the new link came first) is folded into it: the
        copy's captures become the article's, its row goes. Anything else at url (another
        story, a copy with versions or copies of its own) is left, and so is the article."""
        row = self.db.execute("SELECT url FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None or (there is not None and not self._fold(there[0], article_id)):
            return False
        old = row[0]
        self.db.execute(  # asked there from now on, whatever the move's outcome
            "UPDATE articles SET url = ?, fetched_url = ? WHERE id = ?", [url, url, article_id]
        )
        self.db.execute("UPDATE captures SET url = ? WHERE url = ?", [url, old])
        self._alias(old, article_id)
        return True

    def _taken_down(
        self, run_id: int, root: int | None, record: ArticleRecord, stamp: str
    ) -> int | None:
        """The source's article in the story of root, its root first, that a re-check of an
        earlier run found taken down and that this page, seen at stamp, is where its
        publisher moved it without a redirect (_moved: /news/6 answers 404, /news/600 is
        the article). A mark of this run is not final yet (the site's trouble takes it back
        at the close; a mark that stands moves then: _rehome). None: no such row."""
        if root is None:
            return None
        rows = self.db.execute(
            "SELECT a.id, a.text, a.title, a.published_at, a.gone_at, r.started_at"
            " FROM articles a JOIN runs r ON r.id = ?"
            " WHERE (a.id = ? OR a.duplicate_of = ?) AND a.source = ? AND a.gone_at IS NOT NULL"
            " ORDER BY a.duplicate_of IS NOT NULL, a.id LIMIT ?",
            [run_id, root, root, record.source, TWIN_ROWS],
        ).fetchall()
        page = (record.text, record.title or "", record.published_at)
        for article_id, text, title, published, gone_at, started in rows:
            story = (text or "", title or "", published)
            if _marked_before(gone_at, started) and _moved(story, gone_at, page, stamp):
                return int(article_id)
        return None

    def _rehome(self, run_id: int, article_id: int) -> Rehomed | None:
        """A take-down that stood at its run's close (its mark not taken back), while the
        archive holds the article at another address of its source, there still (a copy:
        the publisher moved it without a redirect, and the new link came first). The
        article moves there as a redirect would move it (_move: the copy folded in, the old
        address its alias), keeping its id, first sight and versions; the copy's text is
        its latest version when it differs (Outcome.UPDATED), else Outcome.UNCHANGED. Only
        a copy that is the article moved (_moved), not the source's other article telling
        the story (a wire story run twice), nor its story run again long after. None: no
        such copy, the row no longer marked, or a copy _fold leaves (versions or copies of
        its own). A taken-down root gives way to the live copy rather than stay the root:
        the story is the article's, moved, not a second story (DESIGN's root rule ranks
        copies of one story, not one article's addresses)."""
        held = self.db.execute(
            "SELECT a.text, a.title, a.published_at, a.gone_at, r.started_at"
            " FROM articles a JOIN runs r ON r.id = ? WHERE a.id = ? AND a.gone_at IS NOT NULL",
            [run_id, article_id],
        ).fetchone()
        if held is None:
            return None
        copies = self.db.execute(
            f"SELECT c.url, c.first_seen_at, {', '.join('c.' + k for k in _LIVE_COLUMNS)}"
            " FROM articles a"
            " JOIN articles c"
            " ON c.duplicate_of = COALESCE(a.duplicate_of, a.id) AND c.id != a.id"
            " AND c.source = a.source AND c.gone_at IS NULL"
            " WHERE a.id = ? ORDER BY c.id DESC LIMIT ?",
            [article_id, TWIN_ROWS],
        ).fetchall()
        story = (held[0] or "", held[1] or "", held[2])
        for copy in copies:
            live = dict(zip(_LIVE_COLUMNS, copy[2:], strict=True))
            there = (live["text"] or "", live["title"] or "", live["published_at"])
            if _moved(story, held[3], there, copy[1]) and self._move(
                article_id, copy[0], self._at(copy[0])
            ):
                outcome = self._take_live(run_id, article_id, copy[0], live)
                return Rehomed(outcome, not _marked_before(held[3], held[4]))
        return None

    def _take_live(self, run_id: int, article_id: int, url: str, live: dict) -> Outcome:
        """The article moved to url takes its live copy's text (a version when it differs)
        and its fetch: fetched there, and there it is."""
        held = self._at(url)
        assert held is not None
        if held[2] == live["title"] and same_text(live["text"] or "", held[7]):
            outcome = Outcome.UNCHANGED
        else:
            record = _live_record(url, live)
            self._update(run_id, article_id, record, live["capture_id"], record.content_hash or "")
            outcome = Outcome.UPDATED
        self.db.execute(  # fetched there, and there it is
            "UPDATE articles SET capture_id = ?, fetched_at = ?, etag = ?, last_modified = ?,"
            " gone_at = NULL WHERE id = ?",
            [live["capture_id"], live["fetched_at"], live["etag"], live["last_modified"],
             article_id],
        )  # fmt: skip
        return outcome

    def _fold(self, copy_id: int, article_id: int) -> bool:
        """Removes the row copy_id when it is nothing but a first copy of the article's story
        (same source, linked to the article or its root, no versions, no copies): its
        aliases go to the article."""
        alone = self.db.execute(
            "SELECT c.run_id FROM articles c JOIN articles a ON a.id = ?"
            " WHERE c.id = ? AND c.duplicate_of = COALESCE(a.duplicate_of, a.id)"
            " AND c.source = a.source AND c.version = 1"
            " AND NOT EXISTS (SELECT 1 FROM articles WHERE duplicate_of = c.id)",
            [article_id, copy_id],
        ).fetchone()
        if alone is None:
            return False
        self.folded.append(alone[0])
        self.near.remove(copy_id)
        self.db.execute(
            "UPDATE url_aliases SET article_id = ? WHERE article_id = ?", [article_id, copy_id]
        )
        self.db.execute("DELETE FROM articles WHERE id = ?", [copy_id])  # FTS: its trigger
        return True

    def _alias(self, url: str, article_id: int) -> None:
        """Another address led to this archived article: known from now on (a feed's
        shortlink is then not downloaded again each run; see CrawlState.article_state)."""
        self.db.execute(
            "INSERT INTO url_aliases (url, article_id, seen_at) VALUES (?, ?, ?)"
            " ON CONFLICT (url) DO UPDATE SET article_id = excluded.article_id,"
            " seen_at = excluded.seen_at",
            [url, article_id, utcnow()],
        )

    def _alias_parts(self, capture: Capture | int, article_id: int) -> None:
        """An article's later pages' addresses lead to it: a listing that links one (its
        page 2) does not have it downloaded again, run after run."""
        for part in capture.parts if isinstance(capture, Capture) else ():
            self._alias(part.url, article_id)

    def _store_capture(
        self, run_id: int, url: str, capture: Capture | int, part_of: int | None = None
    ) -> int:
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
                part_of,
            ),
        )
        capture_id = int(cursor.lastrowid)  # type: ignore[arg-type]
        for part in capture.parts:
            self._store_capture(run_id, url, part, part_of=capture_id)
        return capture_id

    def capture_parts(self, capture_id: int) -> list[tuple[bytes, str, str | None]]:
        """The later pages stored with a capture, in order: (body, fetched URL, Content-Type)."""
        rows = self.db.execute(
            "SELECT body_zlib, fetched_url, headers FROM captures WHERE part_of = ? ORDER BY id",
            [capture_id],
        ).fetchall()
        return [
            (zlib.decompress(blob), fetched_url, json.loads(headers or "{}").get("Content-Type"))
            for blob, fetched_url, headers in rows
        ]

    def _root_for(
        self, digest: str, sig: Signature | None, texts: Told,
        exclude: int | None = None, hidden: tuple[int, ...] = (),
    ) -> int | None:  # fmt: skip
        """texts: what to confirm a near match with. hidden: rows not to match by their
        text (copies still waiting to be re-matched)."""
        unless = f" AND id NOT IN ({', '.join('?' * len(hidden))})" if hidden else ""
        row = self.db.execute(
            "SELECT COALESCE(duplicate_of, id) FROM articles WHERE content_hash = ?"
            f" AND id IS NOT ?{unless} LIMIT 1",
            [digest, exclude, *hidden],
        ).fetchone()
        if row:
            return int(row[0])
        if sig is None:
            return None
        return self.near.find_root(
            sig, exclude, lambda root, sure: self._tells(root, texts, exclude, sure)
        )

    def _tells(
        self, root: int, texts: Told, exclude: int | None = None, sure: bool = False
    ) -> bool:
        """Does the root tell the story of these title and text? exclude: the row these are
        the new text of, if archived (its old text is no other story); sure: MinHash says so
        (dedup.SURE)."""
        row = self.db.execute(
            "SELECT search_title, search_text, published_at FROM articles WHERE id = ?", [root]
        ).fetchone()
        if row is None:
            return True
        return same_story(
            texts.text, row[1] or "", texts.title, row[0] or "",
            lambda line: self._in_another_story(line, root, exclude), sure,
            apart=_days_apart(texts.published, row[2]),
        )  # fmt: skip

    def _in_another_story(self, line: str, root: int, exclude: int | None) -> bool:
        """Does a story other than root's (and other than row exclude) carry this normalized
        paragraph? Asked of the full-text index, as a phrase: a few index lookups."""
        if not line.strip():
            return False
        phrase = '"' + line.replace('"', '""') + '"'
        row = self.db.execute(
            "SELECT 1 FROM articles_fts f JOIN articles a ON a.id = f.rowid"
            " WHERE articles_fts MATCH ? AND COALESCE(a.duplicate_of, a.id) != ?"
            " AND a.id IS NOT ? LIMIT 1",
            [f"search_text : {phrase}", root, exclude],
        ).fetchone()
        return row is not None

    @staticmethod
    def _signature(record: ArticleRecord) -> Signature | None:
        """None: a text too short for shingles (text_keys gave it no minhash)."""
        return Signature.from_bytes(record.minhash) if record.minhash else None

    def _row(self, record: ArticleRecord, capture_id: int, digest: str) -> dict:
        return {
            "search_title": record.search_title,
            "search_text": record.search_text,
            "title": record.title,
            "published_at": record.published_at,
            "published_raw": record.published_raw,
            "published_from": record.published_from,
            "text": record.text,
            "authors": json.dumps(record.authors, ensure_ascii=False),
            "language": record.language,
            "walled": int(record.walled),
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
        root = self._root_for(digest, sig, _texts(record))
        taken = (
            self._taken_down(run_id, root, record, stamp) if isinstance(capture, Capture) else None
        )
        if taken is not None and self._move(taken, record.url, None):
            # Its publisher moved it without a redirect: its row is here now (_taken_down).
            return self._archive_one(run_id, record, capture)
        older_than = (
            root
            if root is not None and self._published_before(record.published_at, root, record.source)
            else None
        )
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
        cursor = self.db.conn.execute(_INSERT_ARTICLE, [row[c] for c in _ARTICLE_COLUMNS])
        article_id = int(cursor.lastrowid)  # type: ignore[arg-type]
        self._alias_parts(capture, article_id)
        if older_than is not None:
            self._reroot(older_than, article_id, sig, run_id)
            return Outcome.NEW, article_id
        if root is None:
            if sig is not None:
                self.near.add(article_id, sig)
            return Outcome.NEW, article_id
        return Outcome.DUPLICATE, article_id

    def _published_before(self, published_at: str | None, root: int, source: str) -> bool:
        """Was this copy (of source) clearly published before the story's current root? The
        root of a story is the copy published first; only dates both copies carry can say
        so, at the precision both have (a bare date against a time compares days, and on the
        same day the timed copy is the earlier; a time without a zone against one with a
        zone must differ by more than any zone could, unless they are the same clock: the
        copy that says its zone is the publisher's own). Otherwise the first seen stays the
        root, but for an undated root of the same source (a print or mobile rendering): it
        was published no later than first seen, and a dated copy from clearly before that
        is its article. (Another source's undated original is not: it may well be older
        than a dated copy we saw later.)"""
        row = self.db.execute(
            "SELECT published_at, first_seen_at, source FROM articles WHERE id = ?", [root]
        ).fetchone()
        if row is None:
            return False
        bound = row[0] or (row[1] if row[2] == source else None)
        return _clearly_before(published_at, bound)

    def _reroot(
        self, old_root: int, new_root: int, sig: Signature | None, run_id: int | None
    ) -> None:
        """Make new_root the story's root: the old root and all its copies point at it (still
        a root and its copies, never a chain), and the near-duplicate index holds it instead.
        Runs inside the caller's transaction; run_id: the batch's run (None: no batch)."""
        first_run = self._first_run(old_root)
        self.displaced.append(Displaced(old_root, new_root, first_run))
        # This run's own count moves with its batch (write_batch), whichever batch had it.
        if first_run != run_id:
            self._recount(old_root, first_run, copy=True)
        self.db.execute(
            "UPDATE articles SET duplicate_of = ? WHERE duplicate_of = ? OR id = ?",
            [new_root, old_root, old_root],
        )
        self.near.remove(old_root)
        self._reindex(new_root, None, sig)  # a row re-matched may be indexed already

    def _update(
        self,
        run_id: int,
        article_id: int,
        record: ArticleRecord,
        capture: Capture | int,
        digest: str,
    ) -> None:
        # Plain SQL, as in _insert: sqlite-utils' get/insert/update re-read the schema each call
        # (about 25 statements an update; re-extraction and chrome cleaning update every row).
        old = self.db.execute(_OLD_VERSION_SQL, [article_id]).fetchone()
        version, fetched_before = old[0], old[6]
        # Re-extraction (a stored capture) changes the text, not when the page was fetched.
        stamp = capture.fetched_at if isinstance(capture, Capture) else utcnow()
        fetched = capture.fetched_at if isinstance(capture, Capture) else fetched_before
        self.db.conn.execute(
            _insert_sql("article_versions", _VERSION_COLUMNS), [article_id, *old, stamp]
        )
        capture_id = self._store_capture(run_id, record.url, capture)
        self._alias_parts(capture, article_id)
        sig = self._signature(record)
        root = self._rematch(article_id, digest, sig, _texts(record), record.published_at, run_id)
        row = self._row(record, capture_id, digest)
        row.update(
            duplicate_of=root,
            fetched_at=fetched,
            updated_at=stamp,
            version=version + 1,
            run_id=run_id,
        )
        if isinstance(capture, Capture):  # fetched again: the page is there (again)
            row["gone_at"] = None
        self._set(article_id, row)
        self._reindex(article_id, root, sig)
        self._release_copies(article_id, run_id)

    def correct_texts(self, corrections: list[tuple[int, str, str]]) -> int:
        """Texts that the archive's own extraction wrote and now knows better (chrome learned
        since: the lines it drops are no publisher's), replaced in place: no version is
        kept, because a version is an earlier text of the publisher's, and the publisher
        changed nothing. corrections: (article id, new text, content hash of the text it
        replaces); a row changed or removed since is left as it now is. Search columns, keys
        and the story they belong to follow the new text. All or nothing; returns the rows
        corrected."""
        done = 0
        with self.write():
            for article_id, text, digest in corrections:
                row = self.db.execute(
                    "SELECT title, published_at FROM articles WHERE id = ? AND content_hash = ?",
                    [article_id, digest],
                ).fetchone()
                if row is None:
                    continue
                self._rewrite(article_id, row[0], row[1], text)
                done += 1
        return done

    def take_back_edits(self, run_id: int, edits: list[tuple[int, int, str]]) -> list[int]:
        """Versions a run made that were no publisher's edit (its template's lines, told by
        archive.template), taken back: edits: (article id, the version the run made, the
        text to keep). The row goes back to its previous version number and update time
        with that text, its previous text no longer a version; it keeps the run's capture
        (the page as it now is), and the run counts it unchanged. A row changed since is
        left as it now is. All or nothing; returns the articles taken back."""
        done: list[int] = []
        with self.write():
            for article_id, version, text in edits:
                row = self.db.execute(
                    "SELECT title, published_at, first_seen_at FROM articles"
                    " WHERE id = ? AND version = ? AND run_id = ?",
                    [article_id, version, run_id],
                ).fetchone()
                if row is None or version < 2:
                    continue
                before = self.db.execute(  # when the version before came: its replacement's
                    "SELECT replaced_at FROM article_versions WHERE article_id = ? AND version = ?",
                    [article_id, version - 2],
                ).fetchone()
                self.db.execute(
                    "DELETE FROM article_versions WHERE article_id = ? AND version = ?",
                    [article_id, version - 1],
                )
                self._set(article_id, {"version": version - 1,
                          "updated_at": before[0] if before else row[2]})  # fmt: skip
                self._rewrite(article_id, row[0], row[1], text)
                done.append(article_id)
            if done:
                self.add_counts(run_id, articles_updated=-len(done), articles_unchanged=len(done))
        return done

    def _rewrite(
        self, article_id: int, title: str | None, published_at: str | None, text: str
    ) -> str:
        """The row's text replaced in place, no version kept; its search columns, keys and
        the story it belongs to follow. Runs inside the caller's transaction. Returns the
        new text's content hash."""
        keys = text_keys(title, text)
        sig = Signature.from_bytes(keys["minhash"]) if keys["minhash"] else None
        texts = Told(keys["search_title"], keys["search_text"], published_at)
        root = self._rematch(article_id, keys["content_hash"], sig, texts, published_at, None)
        self._set(article_id, {"text": text, "search_text": keys["search_text"],
                  "content_hash": keys["content_hash"], "duplicate_of": root})  # fmt: skip
        self._reindex(article_id, root, sig)
        self._release_copies(article_id, None)
        return str(keys["content_hash"])

    def _without_chrome(self, record: ArticleRecord, archived: str | None) -> str | None:
        """The record's text without the source's learned chrome, when that is all it differs
        by from the archived text (one of them extracted before the profile learned a line,
        or the other's extraction kept a learned line): a difference made only of the
        template's lines is no edit. None: the texts differ in more."""
        profile = self._chrome(record.source)
        if not profile:
            return None
        mine = strip_chrome(record.text.split("\n"), profile)
        theirs = strip_chrome((archived or "").split("\n"), profile)
        if not mine or not same_text("\n".join(mine), "\n".join(theirs)):
            return None
        return "\n".join(mine)

    def _chrome(self, source: str) -> frozenset[str]:
        """The source's learned chrome, read again only when it was learned anew."""
        (stamp,) = self.db.execute(
            "SELECT MAX(learned_at) FROM chrome_lines WHERE source = ?", [source]
        ).fetchone()
        known = self._profiles.get(source)
        if known is None or known[0] != stamp:
            known = (stamp, chrome_profile(self.db, source))
            self._profiles[source] = known
        return known[1]

    def _release_copies(self, root: int, run_id: int | None) -> None:
        """A root's copies that its new text no longer tells the story of leave it, each
        matched afresh in the order they were archived (a story of their own, with the others
        as its copies or re-rooted at the one published first; or another story's copy), so
        that duplicate_of still points at roots only. Runs inside the caller's transaction
        (after the root's row and index entries took its new text); run_id as in _rematch."""
        held = self.db.execute("SELECT content_hash FROM articles WHERE id = ?", [root]).fetchone()
        copies = self.db.execute(
            "SELECT id, content_hash, text, search_title, search_text, published_at, source"
            " FROM articles WHERE duplicate_of = ? ORDER BY id",
            [root],
        ).fetchall()
        leaving = [c for c in copies if c[1] != held[0] and not self._still_told(root, c)]
        waiting = [c[0] for c in leaving]
        for article_id, digest, text, title, search_text, published_at, source in leaving:
            waiting.remove(article_id)
            sig = signature(text or "")
            texts = Told(title or "", search_text or "", published_at)
            found = self._root_for(digest, sig, texts, article_id, hidden=tuple(waiting))
            if found is not None and self._published_before(published_at, found, source):
                self._reroot(found, article_id, sig, run_id)
                found = None
            self.db.execute(
                "UPDATE articles SET duplicate_of = ? WHERE id = ?", [found, article_id]
            )
            self._reindex(article_id, found, sig)
            if found is None:  # the run that archived it as a copy counts a story now
                self._recount(article_id, self._first_run(article_id), copy=False)

    def _still_told(self, root: int, copy: tuple) -> bool:
        """Does the root's (new) text still tell the story of this copy: (id, content hash,
        text, search title, search text, published_at)? As a new copy would be matched."""
        mine = signature(copy[2] or "")
        row = self.db.execute(
            "SELECT signature FROM minhashes WHERE article_id = ?", [root]
        ).fetchone()
        if mine is None or row is None:
            return False
        score = mine.jaccard(Signature.from_bytes(row[0]))
        if score < THRESHOLD:
            return False
        return self._tells(
            root, Told(copy[3] or "", copy[4] or "", copy[5]), copy[0], score >= SURE
        )

    def _first_run(self, article_id: int) -> int | None:
        """The run that first archived an article (its first capture's), not the last run
        that wrote its row (an edit)."""
        row = self.db.execute(
            "SELECT run_id FROM captures WHERE url = (SELECT url FROM articles WHERE id = ?)"
            " ORDER BY id LIMIT 1",
            [article_id],
        ).fetchone()
        return row[0] if row else None

    def _recount(self, article_id: int, first_run: int | None, copy: bool) -> None:
        """The run that first archived an article counts it as what it now is: a copy of a
        story, or a story new to the archive."""
        if first_run is None:
            return
        was, now = ("articles_new", "articles_duplicate") if copy else (
            "articles_duplicate", "articles_new")  # fmt: skip
        self.db.execute(
            f"UPDATE runs SET {was} = {was} - 1, {now} = {now} + 1 WHERE id = ? AND {was} > 0",
            [first_run],
        )

    def _rematch(
        self, article_id: int, digest: str, sig: Signature | None, texts: Told,
        published_at: str | None, run_id: int | None,
    ) -> int | None:  # fmt: skip
        """The story a changed text belongs to: a root with copies stays a root (they point
        at it); anything else is matched afresh, and becomes its story's root when it was
        clearly published before it (_reroot). Run counts follow a row that leaves or joins a
        story. Runs inside the caller's transaction; run_id: the batch's run, if any."""
        was = self.db.execute(
            "SELECT duplicate_of, EXISTS (SELECT 1 FROM articles WHERE duplicate_of = ?), source"
            " FROM articles WHERE id = ?",
            [article_id, article_id],
        ).fetchone()
        root = None if was[1] else self._root_for(digest, sig, texts, exclude=article_id)
        if root is not None and self._published_before(published_at, root, was[2]):
            self._reroot(root, article_id, sig, run_id)
            root = None
        if (was[0] is None) != (root is None):
            self._recount(article_id, self._first_run(article_id), copy=root is not None)
        return root

    def _set(self, article_id: int, row: dict) -> None:
        assignments = ", ".join(f"{column} = ?" for column in row)
        self.db.conn.execute(
            f"UPDATE articles SET {assignments} WHERE id = ?", [*row.values(), article_id]
        )

    def _reindex(self, article_id: int, root: int | None, sig: Signature | None) -> None:
        self.near.remove(article_id)
        if root is None and sig is not None:
            self.near.add(article_id, sig)


# Two copies published this far apart are a day apart (a daily report's days), whatever
# their zones; a clock without its zone may be off by up to ZONE_SLACK more.
DAY_APART = timedelta(hours=20)
ZONE_SLACK = timedelta(hours=14)


def _clearly_before(mine: str | None, theirs: str | None) -> bool:
    a, b = _moment(mine), _moment(theirs)
    if a is None or b is None or mine is None or theirs is None:
        return False
    if len(mine) <= 10 or len(theirs) <= 10:  # a bare date on either side: whole days
        # On the same day, the copy that gives its time of day is taken as the publisher's
        # own (republishers and aggregators often keep only the date).
        return a.date() < b.date() or (a.date() == b.date() and len(theirs) <= 10 < len(mine))
    if (a.tzinfo is None) != (b.tzinfo is None):
        # The same clock, one copy saying its zone: that one is the publisher's own (as a
        # copy giving its time is against one giving its day).
        if a.replace(tzinfo=None) == b.replace(tzinfo=None):
            return a.tzinfo is not None
        return b.replace(tzinfo=None) - a.replace(tzinfo=None) > ZONE_SLACK
    return a < b


def _days_apart(mine: str | None, theirs: str | None) -> bool:
    """Were two texts published on different days, as far as their dates can say?"""
    a, b = _moment(mine), _moment(theirs)
    if a is None or b is None or mine is None or theirs is None:
        return False
    if len(mine) <= 10 or len(theirs) <= 10:  # a bare date on either side
        return a.date() != b.date()
    if (a.tzinfo is None) != (b.tzinfo is None):
        gap = abs(a.replace(tzinfo=None) - b.replace(tzinfo=None))
        return gap >= DAY_APART + ZONE_SLACK
    return abs(a - b) >= DAY_APART


# How long after a re-check found an article taken down a new page of its source that is
# the same article is where its publisher moved it (a new CMS, new ids: the new address is
# up within days of the old one going). Later, such a page is the source running the story
# again (an anniversary, the agency's copy once more): its own article, with its own date,
# not a version of the old one filed under its date (Articles._taken_down).
MOVE_WINDOW = timedelta(days=30)


def _lately(gone_at: str | None, seen: str | None) -> bool:
    """Was a page of the article's story seen at most MOVE_WINDOW after the article was
    found taken down (or before)?"""
    moments = _comparable(gone_at, seen)
    return moments is not None and moments[1] - moments[0] <= MOVE_WINDOW


def _marked_before(gone_at: str | None, run_started: str | None) -> bool:
    """Was the take-down marked by a run before this one (it stood at that run's close)?"""
    moments = _comparable(gone_at, run_started)
    return moments is not None and moments[0] < moments[1]


def _comparable(first: str | None, then: str | None) -> tuple[datetime, datetime] | None:
    """Two stamps as moments, when both read and both name a zone or neither does."""
    a, b = _moment(first), _moment(then)
    if a is None or b is None or (a.tzinfo is None) != (b.tzinfo is None):
        return None
    return a, b


def _same_day_as(page: str | None, row: str | None) -> bool:
    """Does a page's publication date match an archived row's, as a moved article keeps
    its own: the same moment, up to a zone (ZONE_SLACK: one copy may say it in another
    zone or none), the same day or the next where either gives a day alone? A page that
    gives none contradicts nothing; an undated row cannot be matched by a dated page."""
    if page is None:
        return True
    a, b = _moment(page), _moment(row)
    if a is None:
        return True  # an unreadable date is none
    if b is None or row is None:
        return False
    if len(page) <= 10 or len(row) <= 10:
        return abs((a.date() - b.date()).days) <= 1
    if (a.tzinfo is None) != (b.tzinfo is None):
        return abs(a.replace(tzinfo=None) - b.replace(tzinfo=None)) <= ZONE_SLACK
    return abs(a - b) <= ZONE_SLACK


def _same_article(mine: Story, theirs: Story) -> bool:
    """Are two of a source's rows in one story one article at two of its addresses, not two
    of its articles telling the story (the agency's copy run again under another headline,
    a follow-up)? The same headline (HEADLINE_WORDS or more), not published on different
    days, and one story as kin (one_story: the text, a near copy or an edit of it)."""
    return (
        _one_headline(mine[1], theirs[1])
        and not _days_apart(mine[2], theirs[2])
        and one_story(mine, theirs, kin=True)
    )


def _moved(row: Story, gone_at: str | None, page: Story, seen: str | None) -> bool:
    """Is a page of the source, seen at `seen`, where its publisher moved the row taken down
    at gone_at: the same article (_same_article), dated as the row or not at all
    (_same_day_as), and seen before it went or within MOVE_WINDOW after (_lately)?"""
    return _lately(gone_at, seen) and _same_day_as(page[2], row[2]) and _same_article(row, page)


def _moment(stamp: str | None) -> datetime | None:
    """An ISO date or time as written (naive when it names no zone), None if unreadable."""
    if not stamp:
        return None
    try:
        return datetime.fromisoformat(stamp)
    except ValueError:
        return None


class Rehomed(NamedTuple):
    """A take-down moved to the article's live copy (Articles._rehome): the outcome for its
    text, and whether the mark was the batch's run's own (counted in its articles_gone)."""

    outcome: Outcome
    marked: bool


class Told(NamedTuple):
    """A text as same_story compares it: its normalized (search) title and text, and when
    it was published (a day's report from a template is told by its day too)."""

    title: str
    text: str
    published: str | None


def _live_record(url: str, live: dict) -> ArticleRecord:
    """A live copy's row (_LIVE_COLUMNS) as the record of its page, to update the article
    that moved there with."""
    record = ArticleRecord(
        url=url, source=live["source"], title=live["title"], text=live["text"] or "",
        published_at=live["published_at"], published_raw=live["published_raw"],
        published_from=live["published_from"], authors=json.loads(live["authors"] or "[]"),
        language=live["language"], walled=bool(live["walled"]),
        fetched_url=live["fetched_url"], etag=live["etag"], last_modified=live["last_modified"],
    )  # fmt: skip
    return replace(record, **text_keys(record.title, record.text))


def _texts(record: ArticleRecord) -> Told:
    return Told(record.search_title or "", record.search_text or "", record.published_at)
