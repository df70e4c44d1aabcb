"""When a source is due: the scheduler's first run of it after a start, and its backoff after
failures. A module of its own, without the scheduler's and Scrapy's imports, so that
`arshif status` can say what the scheduler would do without starting it."""

from __future__ import annotations

from datetime import datetime, timedelta

from archive.runs import backoff_seconds
from crawler.sources import Source


def backoff_for(source: Source, failures: int) -> timedelta:
    """Longer waits after each failure in a row: period × 2^failures, capped at a day."""
    return timedelta(seconds=backoff_seconds(source.schedule.period_seconds, failures))


def first_run(
    source: Source, last_finished: str | None, failures: int, now: datetime
) -> datetime | None:
    """The first run after the scheduler starts at `now`: `now` for a source that never ran
    or is overdue (catch-up, once); else a period (or the backoff) after its last run; None
    for a cron source that is not overdue and not backing off (its next slot)."""
    if last_finished is None:
        return now
    due = datetime.fromisoformat(last_finished) + max(
        timedelta(seconds=source.schedule.period_seconds), backoff_for(source, failures)
    )
    if due <= now:
        return now
    if failures or source.schedule.interval_seconds is not None:
        return due
    return None
