"""Datasette plugin for `arshif serve`: the archive's own search key and an Arabic layout."""

from __future__ import annotations

from datasette import hookimpl

from archive.search import SearchError, parse_query


def arshif_match(query: str | None) -> str:
    """The FTS5 expression for a user's query, normalized as the index is."""
    try:
        return parse_query(query or "").fts
    except SearchError as exc:
        raise ValueError(str(exc)) from exc


@hookimpl
def prepare_connection(conn: object) -> None:
    conn.create_function("arshif_match", 1, arshif_match, deterministic=True)  # type: ignore[attr-defined]


@hookimpl
def extra_body_script() -> str:
    # The archive is Arabic first: lay pages out right to left.
    return (
        "document.documentElement.setAttribute('dir', 'rtl'); document.documentElement.lang = 'ar';"
    )
