"""What the archive takes and gives: the records a crawl hands over, the outcome of storing
one, the archive's error, and the timestamp every row carries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum


def utcnow() -> str:
    # Milliseconds: run order and overlap must be visible between runs seconds apart.
    return datetime.now(UTC).isoformat(timespec="milliseconds")


# A publication date of the fetch's moment may be a clock's, not the article's (a tag some
# CMSs fill with the server's time on every request, a template with the day's midnight): a
# day, or its midnight, within FETCH_DAYS of the fetch's, or a time within CLOCK_SLACK of
# it (a clock without its zone: in some zone's whole or half hour).
FETCH_DAYS = 1
CLOCK_SLACK = timedelta(minutes=10)
_ZONE_STEP = timedelta(minutes=30)
FARTHEST_ZONE = timedelta(hours=14, minutes=30)  # (from UTC: +14, and a half hour)


def at_fetch(iso: str, now: datetime) -> bool:
    """Does iso (ISO 8601) say the fetch's moment now, as a clock would, or its day?"""
    if "T" not in iso or iso[11:19] in ("00:00:00", "00:00"):
        return abs((date.fromisoformat(iso[:10]) - now.date()).days) <= FETCH_DAYS
    when = datetime.fromisoformat(iso)
    if when.tzinfo is not None:
        return abs(when - now) <= CLOCK_SLACK
    gap = abs(when - now.astimezone(UTC).replace(tzinfo=None))
    off = gap % _ZONE_STEP
    return gap <= FARTHEST_ZONE and min(off, _ZONE_STEP - off) <= CLOCK_SLACK / 2


class ArchiveError(Exception):
    """The archive could not be opened or written."""


class NotAnArchive(ArchiveError):
    """The file is no archive at all (empty: a copy cut short), read as damaged."""


class ForeignDatabase(ArchiveError):
    """The file is another program's SQLite database: arshif leaves it as it is."""


class NewerArchive(ArchiveError):
    """The archive was made by a newer arshif: this one may read it, never write it."""


class Outcome(StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"
    FORGOTTEN = "forgotten"  # taken down (arshif forget): not stored, article id 0


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
    # The later pages of an article split over several, in order: stored with it, each a
    # capture of its own whose part_of is this one's id.
    parts: tuple[Capture, ...] = ()


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
    # The text is the lead above a wall's notice ("for subscribers"): all the page showed.
    walled: bool = False
    fetched_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    # Dedup keys, when the caller computed them already (off the writer's thread).
    content_hash: str | None = None
    minhash: bytes | None = None
    # Normalized title and text for the search index, likewise precomputed when given.
    search_title: str | None = None
    search_text: str | None = None
    # The archived article (its id) whose address now redirects to url: the publisher moved
    # it there (a headline edit that changed the slug). Its row moves with it.
    moved_from: int | None = None


@dataclass(frozen=True)
class Displaced:
    """A story's root that an older copy displaced: it is now a copy of the new root. The
    run that first archived it (and counted it new) counts it as a copy instead."""

    article_id: int
    root_id: int
    first_run: int | None


@dataclass
class Batch:
    """Writes of one run gathered for one transaction: each commit puts a touched page in
    the WAL once, however many articles of the batch touched it."""

    articles: list[tuple[ArticleRecord, Capture | int]] = field(default_factory=list)
    not_modified: list[tuple[int, str]] = field(default_factory=list)  # (article id, when)
    # Archived articles a re-check found taken down: (article id, when).
    gone: list[tuple[int, str]] = field(default_factory=list)
    # Marks of this batch's run taken back (the site, not its articles): (article id, when).
    ungone: list[tuple[int, str]] = field(default_factory=list)
    # Articles found taken down whose marks stand at the run's close (not taken back): one
    # the archive holds at another address of its source, the same article, moves there
    # (Articles._rehome); only then, so that a site's bad hour merges nothing.
    rehome: list[int] = field(default_factory=list)
    # Archived articles whose re-check was answered and kept nothing (taken down, a short
    # notice, a wall): (article id, when). Their fetched_at moves, as a 304's does, so the
    # age re-checks and the revisit round go on from then, not on every run.
    checked: list[tuple[int, str]] = field(default_factory=list)
    # The publisher's change dates read for articles: (article id, or for one new to the
    # archive its url; the date as written).
    signals: list[tuple[int | None, str | None, str]] = field(default_factory=list)
    # The headlines listings and feeds showed for articles, as they are to be remembered
    # (articles.listed_title): (article id, or for one new to the archive its url; forms).
    titles: list[tuple[int | None, str | None, str]] = field(default_factory=list)
    # A feed's or sitemap's publication date for articles whose pages gave none: (url, the
    # date as ISO, as written). Set on rows without a date only.
    dates: list[tuple[str, str, str]] = field(default_factory=list)
    # New articles the run found since the last batch, as pending rows (crawlstate): kept as
    # found, so that a crawl killed before its end leaves them to the next one.
    found: list[dict] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(
            self.articles or self.not_modified or self.gone or self.ungone or self.rehome
            or self.checked
            or self.signals
            or self.titles or self.dates or self.found or any(self.counts.values())
        )  # fmt: skip
