"""What the reading room's pages show (`arshif serve`): a page of search results with
facets by source and month, and an article with its versions and the other copies of its
story. Plain data for the templates in archive/datasette_plugins/templates."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from archive.search import WINDOW, SearchError, parse_query, search, window_floor

PAGE_SIZE = 20
_MONTH = re.compile(r"\d{4}-\d{2}")
_MARK = re.compile(r"\*\*(.+?)\*\*", re.S)


@dataclass
class SearchPage:
    q: str
    source: str | None = None
    month: str | None = None
    page: int = 1
    message: str | None = None  # why there are no results to show (empty or bad query)
    total: int = 0  # stories matching
    # Stories the pages go through: the matches ranked, when a query without filters
    # ranks only its newest WINDOW matches (archive.search); 0 when all are.
    ranked: int = 0
    window: int = WINDOW
    results: list[dict] = field(default_factory=list)
    by_source: list[tuple[str, int]] = field(default_factory=list)
    by_month: list[tuple[str, int]] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-(self.ranked or self.total) // PAGE_SIZE))


_FRACTION = re.compile(r"(T\d\d:\d\d:\d\d)\.\d+")


def shown_time(stamp: str | None) -> str:
    """A stored time as a page shows it: to the second, with its zone ("+00:00": the
    archive's own times are UTC, a publisher's keep theirs)."""
    return _FRACTION.sub(r"\1", stamp or "")


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """A snippet's text in pieces, the hits (marked **so** by archive.search) flagged, for
    a template to wrap in <mark> while escaping everything."""
    parts: list[tuple[str, bool]] = []
    last = 0
    for hit in _MARK.finditer(snippet):
        parts += [(snippet[last : hit.start()], False), (hit.group(1), True)]
        last = hit.end()
    return [p for p in [*parts, (snippet[last:], False)] if p[0]]


def _month_range(month: str | None) -> tuple[str | None, str | None]:
    # Days compare as text, so the 31st bounds every month.
    return (f"{month}-01", f"{month}-31") if month else (None, None)


def search_page(
    db: sqlite_utils.Database, q: str, source: str | None = None, month: str | None = None,
    page: int = 1, window: int = WINDOW,
) -> SearchPage:  # fmt: skip
    month = month if month and _MONTH.fullmatch(month) else None
    result = SearchPage(q.strip(), source or None, month, max(1, page), window=window)
    if not result.q:
        result.message = "Type one or more words to search the archive."
        return result
    try:
        fts = parse_query(result.q).fts
    except SearchError as exc:
        result.message = str(exc)
        return result
    since, until = _month_range(month)
    result.total = _stories(db, fts, result.source, since, until)
    floor = window_floor(db, fts, window) if not (result.source or since) else None
    if floor is not None:
        result.ranked = _stories(db, fts, None, None, None, floor)
    # A page past the last (an edited address, ?page=99999999999999999999, past SQLite's
    # integers) shows the last one.
    result.page = min(result.page, result.pages)
    end = result.page * PAGE_SIZE
    # The snippets of this page's stories only (of every page before it, they cost seconds).
    result.results = search(
        db, result.q, result.source, since, until, limit=end, window=window,
        offset=end - PAGE_SIZE,
    )  # fmt: skip
    for row in result.results:
        row["snippet_parts"] = snippet_parts(row["snippet"])
    result.by_source = _facet(db, fts, "a.source", None, since, until)
    result.by_month = _facet(db, fts, "substr(a.published_at, 1, 7)", result.source, None, None)
    return result


def _where(source: str | None, since: str | None, until: str | None) -> tuple[str, list]:
    from archive.filters import article_filters

    conditions, params = article_filters(source, since, until, table="a")
    return "".join(f" AND {c}" for c in conditions), params


_MATCHES = (
    "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH ?"
)


def _stories(
    db: sqlite_utils.Database, fts: str, source: str | None, since: str | None,
    until: str | None, floor: int | None = None,
) -> int:  # fmt: skip
    """Stories among the matches; floor: among those of ids from it up (the newest)."""
    where, params = _where(source, since, until)
    if floor is not None:
        where, params = f"{where} AND a.id >= ?", [*params, floor]
    row = db.execute(
        f"SELECT COUNT(DISTINCT COALESCE(a.duplicate_of, a.id)) {_MATCHES}{where}", [fts, *params]
    ).fetchone()
    return int(row[0])


def _facet(
    db: sqlite_utils.Database, fts: str, key: str, source: str | None, since: str | None,
    until: str | None,
) -> list[tuple[str, int]]:  # fmt: skip
    """Stories per value of key among the matches (undated articles have no month)."""
    where, params = _where(source, since, until)
    rows = db.execute(
        f"SELECT {key} AS k, COUNT(DISTINCT COALESCE(a.duplicate_of, a.id)) {_MATCHES}{where}"
        " AND k IS NOT NULL GROUP BY k ORDER BY k",
        [fts, *params],
    ).fetchall()
    return [(k, n) for k, n in rows]


ARTICLE_COLUMNS = (
    "id", "url", "source", "title", "published_at", "published_raw", "published_from",
    "authors", "text", "language", "fetched_url", "first_seen_at", "fetched_at", "updated_at",
    "version", "duplicate_of", "walled", "gone_at",
)  # fmt: skip


def article_page(db: sqlite_utils.Database, article_id: int) -> dict[str, Any] | None:
    """The article, its paragraphs, its earlier versions (newest first) and the other
    copies of its story; None when there is no such article."""
    row = db.execute(
        f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE id = ?", [article_id]
    ).fetchone()
    if row is None:
        return None
    article = dict(zip(ARTICLE_COLUMNS, row, strict=True))
    article["authors"] = json.loads(article["authors"] or "[]")
    article["paragraphs"] = [p for p in (article["text"] or "").split("\n") if p.strip()]
    article["versions"] = _dicts(
        db, ("version", "title", "published_at", "fetched_at", "replaced_at", "text"),
        "FROM article_versions WHERE article_id = ? ORDER BY version DESC", [article_id],
    )  # fmt: skip
    root = article["duplicate_of"] or article["id"]
    article["copies"] = _dicts(
        db, ("id", "source", "title", "url", "published_at", "duplicate_of"),
        "FROM articles WHERE (id = ? OR duplicate_of = ?) AND id != ? ORDER BY id",
        [root, root, article_id],
    )  # fmt: skip
    return article


def _dicts(db: Any, keys: tuple[str, ...], rest: str, params: list) -> list[dict[str, Any]]:
    """SELECT keys <rest>, each row as a dict."""
    rows = db.execute(f"SELECT {', '.join(keys)} {rest}", params)
    return [dict(zip(keys, row, strict=True)) for row in rows]
