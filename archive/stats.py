"""Per-source figures of the archive, and articles per day (for a chart of gaps)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

SOURCE_SQL = """
SELECT source, COUNT(*) AS articles,
  SUM(duplicate_of IS NOT NULL) AS duplicates,
  SUM(gone_at IS NOT NULL) AS gone,
  MIN(substr(published_at, 1, 10)) AS first_published,
  MAX(substr(published_at, 1, 10)) AS last_published,
  ROUND(AVG(published_at IS NOT NULL), 3) AS share_dated,
  ROUND(AVG(authors IS NOT NULL AND authors != '[]'), 3) AS share_with_author
FROM articles WHERE ? IS NULL OR source = ? GROUP BY source ORDER BY source
"""


def source_stats(db: sqlite_utils.Database, source: str | None = None) -> list[dict]:
    rows = [dict(r) for r in db.query(SOURCE_SQL, [source, source])]
    failures = dict(
        db.execute(
            "SELECT r.source, COUNT(*) FROM run_errors e JOIN runs r ON r.id = e.run_id"
            " WHERE e.kind LIKE 'extract_%' GROUP BY r.source"
        ).fetchall()
    )
    for row in rows:
        row["extraction_failures"] = failures.get(row["source"], 0)
        last = db.execute(
            "SELECT id, status, finished_at FROM runs WHERE source = ? AND kind = 'crawl'"
            " ORDER BY id DESC LIMIT 1",
            [row["source"]],
        ).fetchone()
        row["last_run"], row["last_status"], row["last_finished"] = last or (None, None, None)
    return rows


def per_day(
    db: sqlite_utils.Database, source: str | None = None
) -> dict[str, list[tuple[str, int]]]:
    """Per source, the days that have first-seen articles and how many."""
    out: dict[str, list[tuple[str, int]]] = {}
    for name, day, count in db.execute(
        "SELECT source, substr(published_at, 1, 10) AS day, COUNT(*) FROM articles"
        " WHERE published_at IS NOT NULL AND duplicate_of IS NULL AND (? IS NULL OR source = ?)"
        " GROUP BY source, day ORDER BY day",
        [source, source],
    ):
        out.setdefault(name, []).append((day, count))
    return out


def daily(points: list[tuple[str, int]], first: date, last: date) -> list[tuple[date, int | None]]:
    """Every day from first to last, None where the source has no article: a chart breaks
    its line there instead of drawing across the gap."""
    counts = {date.fromisoformat(d): c for d, c in points}
    days = [first + timedelta(n) for n in range((last - first).days + 1)]
    return [(d, counts.get(d)) for d in days]


def figure(series: dict[str, list[tuple[str, int]]]) -> Any:
    """The chart of articles per day per source (a matplotlib Figure)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    fig, ax = plt.subplots(figsize=(10, 4))
    days = [date.fromisoformat(d) for points in series.values() for d, _ in points]
    for name, points in sorted(series.items()):
        filled = daily(points, min(days), max(days))
        counts = [float("nan") if c is None else c for _, c in filled]
        days_x = [d for d, _ in filled]
        ax.plot(days_x, counts, marker="o", linestyle="-", label=name)  # type: ignore[arg-type]
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # whole articles, no 0.96-1.04
    ax.set_ylim(bottom=0)
    ax.set_title("articles per day (first-seen copies)")
    ax.set_ylabel("articles")
    if series:
        ax.legend(loc="upper left")
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def plot(db: sqlite_utils.Database, path: str | Path, source: str | None = None) -> int:
    """Articles per day per source as a PNG; days without articles show as gaps. Needs
    matplotlib (pip install 'arshif[plot]'). Returns the number of (source, day) points."""
    import matplotlib.pyplot as plt

    series = per_day(db, source)
    fig = figure(series)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return sum(len(p) for p in series.values())
