"""Per-source figures of the archive, and articles per day (for a chart of gaps)."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

SOURCE_SQL = """
SELECT source, COUNT(*) AS articles,
  SUM(duplicate_of IS NOT NULL) AS duplicates,
  MIN(substr(published_at, 1, 10)) AS first_published,
  MAX(substr(published_at, 1, 10)) AS last_published,
  ROUND(AVG(published_at IS NOT NULL), 3) AS share_dated,
  ROUND(AVG(authors IS NOT NULL AND authors != '[]'), 3) AS share_with_author
FROM articles GROUP BY source ORDER BY source
"""


def source_stats(db: sqlite_utils.Database) -> list[dict]:
    rows = [dict(r) for r in db.query(SOURCE_SQL)]
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


def per_day(db: sqlite_utils.Database) -> dict[str, list[tuple[str, int]]]:
    out: dict[str, list[tuple[str, int]]] = {}
    for source, day, count in db.execute(
        "SELECT source, substr(published_at, 1, 10) AS day, COUNT(*) FROM articles"
        " WHERE published_at IS NOT NULL AND duplicate_of IS NULL GROUP BY source, day ORDER BY day"
    ):
        out.setdefault(source, []).append((day, count))
    return out


def plot(db: sqlite_utils.Database, path: str | Path) -> int:
    """Articles per day per source as a PNG; days without articles show as gaps. Needs
    matplotlib (pip install 'arshif[plot]')."""
    import matplotlib

    matplotlib.use("Agg")
    from datetime import date

    import matplotlib.pyplot as plt

    series = per_day(db)
    fig, ax = plt.subplots(figsize=(10, 4))
    for source, points in sorted(series.items()):
        days = [date.fromisoformat(d) for d, _ in points]
        ax.plot(days, [c for _, c in points], marker="o", linestyle="-", label=source)
    ax.set_title("articles per day (first-seen copies)")
    ax.set_ylabel("articles")
    ax.legend(loc="upper left")
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return sum(len(p) for p in series.values())
