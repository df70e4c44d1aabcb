"""The article filters that search and export share: source and publication dates, and
the check of a date a user typed."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

# Python's own parser also takes 20241201 and 2024-W01: users and filters mean the dashes.
_ISO = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)


class FilterError(ValueError):
    """A filter value that cannot be used; the message says why."""


def filter_day(value: str, option: str = "--since") -> str:
    """The YYYY-MM-DD day of an ISO date or timestamp (filters compare days), or
    FilterError naming the option and the value."""
    text = value.strip()
    try:
        if not _ISO.fullmatch(text):
            raise ValueError(text)
        day = datetime.fromisoformat(text).date()
    except ValueError:
        raise FilterError(
            f"{option} {value!r} is not an ISO date: give YYYY-MM-DD (or YYYY-MM-DDTHH:MM:SS)"
        ) from None
    return day.isoformat()


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
