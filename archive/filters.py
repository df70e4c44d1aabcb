"""The article filters that search and export share: source and publication dates."""

from __future__ import annotations

from typing import Any


def article_filters(
    source: str | None, since: str | None, until: str | None, table: str = ""
) -> tuple[list[str], list[Any]]:
    """SQL conditions and their parameters; dates compare on the YYYY-MM-DD prefix."""
    col = f"{table}." if table else ""
    where: list[str] = []
    params: list[Any] = []
    for value, condition in (
        (source, f"{col}source = ?"),
        (since, f"substr({col}published_at, 1, 10) >= ?"),
        (until, f"substr({col}published_at, 1, 10) <= ?"),
    ):
        if value:
            where.append(condition)
            params.append(value)
    return where, params
