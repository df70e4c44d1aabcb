"""`arshif check`: is the archive sound, is the scheduler alive, is every source being
crawled, and do its newest articles look like its older ones? A layout change or a blocked
crawler shows as drift within a day instead of as a gap found months later."""

from __future__ import annotations

import json
import sqlite3
import statistics
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlite_utils

from archive import heartbeat
from archive.records import NotAnArchive
from archive.runs import (
    CUT_SHORT_BY_US,
    backoff_seconds,
    consecutive_failures,
    counted_failures,
    dead_runs,
    last_finished,
)

WARNING, PROBLEM = "warning", "problem"
OVERDUE_PERIODS = 3  # no completed crawl in this many schedule periods: overdue
FAILING_WARN, FAILING_PROBLEM = 1, 3  # failed crawls in a row
RECENT = timedelta(days=1)  # the newest articles, compared with ...
HISTORY = timedelta(days=28)  # ... the ones archived in the weeks before
MIN_RECENT, MIN_HISTORY = 5, 20  # articles (or failed pages) a comparison needs
SHARE_JUMP = 0.25  # a share (empty texts, no date, no title) this much above usual: drift
LENGTH_DROP = 0.5  # median text length under this fraction of usual: drift
RATE_DROP = 0.25  # articles per day under this fraction of usual: drift
MIN_DAILY = 5.0  # usual articles per day below which a drop in rate means nothing
# Characters: a text this short is no article text. The crawler's minimum for a flash (an
# agency's one sentence, "دوي انفجار ضخم يهز ميناء ..."): a wire's flashes are its articles,
# not empty ones.
SHORT_TEXT = 30
# Pages dropped for having no article text (a notice about the page: a paywall, a login wall,
# a bot check in its place).
EMPTY_ERROR_KINDS = ("extract_no_text", "extract_notice", "extract_paywall", "extract_blocked")
REMEDY = (
    "stop arshif, then restore the newest backup, or salvage what is readable:"
    " sqlite3 ARCHIVE .recover | sqlite3 RECOVERED.db"
)


@dataclass
class Problem:
    source: str | None
    kind: str
    level: str
    message: str


@dataclass
class Report:
    archive: dict[str, Any] = field(default_factory=dict)
    scheduler: dict[str, Any] = field(default_factory=dict)
    sources: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        levels = {p.level for p in self.problems}
        return 2 if PROBLEM in levels else 1 if levels else 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": not self.problems,
            "archive": self.archive,
            "scheduler": self.scheduler,
            "sources": self.sources,
            "problems": [asdict(p) for p in self.problems],
        }


_DAMAGE_CODES = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def is_damage(exc: BaseException) -> bool:
    """True when exc (or the SQLite error behind an ArchiveError) says the file is damaged
    or no database at all, as opposed to locked, read-only, full or missing."""
    if isinstance(exc, NotAnArchive):
        return True
    if not isinstance(exc, sqlite3.Error) and isinstance(exc.__cause__, sqlite3.Error):
        exc = exc.__cause__
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _DAMAGE_CODES  # extended codes: SQLITE_CORRUPT_VTAB, ...
    text = str(exc)
    return "malformed" in text or "not a database" in text


def damage_detail(exc: BaseException) -> str:
    """SQLite's own words for the damage, without the wrapper's."""
    if not isinstance(exc, sqlite3.Error) and isinstance(exc.__cause__, sqlite3.Error):
        exc = exc.__cause__
    return str(exc)


def damaged(path: str, exc: BaseException) -> Report:
    """The report on an archive that cannot even be opened or read."""
    detail = damage_detail(exc)
    report = Report(
        archive={"path": path, "ok": False, "error": detail},
        scheduler={"running": None, "state": "unknown"},
    )
    message = f"the archive is damaged ({detail}); {REMEDY}"
    report.problems.append(Problem(None, "damaged", PROBLEM, message))
    return report


def check(
    db: sqlite_utils.Database,
    periods: dict[str, float | None],
    now: datetime | None = None,
) -> Report:
    """periods: seconds between scheduled runs per source of the sources file (None when
    unknown). Sources with crawl runs but not in periods are checked for all but overdue."""
    now = now or datetime.now(UTC)
    report = Report()
    _check_archive(db, report)
    if report.exit_code == 2:
        report.scheduler = {"running": None, "state": "unknown"}
        return report  # a damaged file: figures read from it mean nothing
    _check_scheduler(db, report, now)
    _check_dead_runs(db, report)
    known = {r[0] for r in db.execute("SELECT DISTINCT source FROM runs WHERE kind = 'crawl'")}
    recent = _recent_figures(db, now, periods)
    for source in sorted(set(periods) | known):
        row: dict[str, Any] = {"source": source}
        _check_schedule(db, source, periods.get(source), now, row, report)
        _check_failures(db, source, row, report)
        _check_never_archived(db, source, row, report)
        _check_shut_out(db, source, row, report)
        _check_site_gone(db, source, report)
        _check_drift(db, source, recent.get(source), row, report)
        report.sources.append(row)
    return report


# -- the archive file ------------------------------------------------------


def ensure_sound(db: sqlite_utils.Database) -> None:
    """Raise sqlite3.DatabaseError, SQLite's own words, when quick_check finds damage."""
    rows = [r[0] for r in db.execute("PRAGMA quick_check")]
    if rows != ["ok"]:
        raise sqlite3.DatabaseError(f"database disk image is malformed: {'; '.join(rows[:3])}")


def _check_archive(db: sqlite_utils.Database, report: Report) -> None:
    report.archive = {"quick_check": "ok", "fts_check": "ok"}
    try:
        rows = [r[0] for r in db.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:
        rows = [str(exc)]
    if rows != ["ok"]:
        report.archive["quick_check"] = "; ".join(rows[:5])
        report.problems.append(
            Problem(None, "damaged", PROBLEM, f"quick_check: {'; '.join(rows[:3])}; {REMEDY}")
        )
    try:
        # FTS5's own check: the index against itself and against the articles it indexes.
        db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as exc:
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code == sqlite3.SQLITE_READONLY:
            # FTS5 runs its check as a write: a monitor's account that may only read the
            # archive cannot run it, and that says nothing of the index.
            report.archive["fts_check"] = "not run: the archive is read-only here"
        elif code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            # ... nor can it while another program holds the write lock past the wait
            report.archive["fts_check"] = "not run: another program holds the write lock"
        else:
            report.archive["fts_check"] = str(exc)
            report.problems.append(
                Problem(
                    None, "search_index", PROBLEM,
                    f"the full-text index is damaged ({exc}); run arshif reindex",
                )
            )  # fmt: skip
    report.archive["ok"] = report.exit_code == 0


# -- the scheduler ---------------------------------------------------------


def _check_scheduler(db: sqlite_utils.Database, report: Report, now: datetime) -> None:
    state = heartbeat.status(db, now)
    report.scheduler = state
    if state["state"] == "dead":
        report.problems.append(
            Problem(
                None, "scheduler", PROBLEM,
                f"the scheduler (pid {state['pid']} on {state['host']}) stopped beating at"
                f" {state['beat_at']} without stopping cleanly",
            )
        )  # fmt: skip
    elif state["state"] == "stopped":
        report.problems.append(
            Problem(
                None, "scheduler", WARNING,
                f"the scheduler (pid {state['pid']} on {state['host']}) stopped at"
                f" {state['stopped_at']}",
            )
        )  # fmt: skip


def _check_dead_runs(db: sqlite_utils.Database, report: Report) -> None:
    for run in dead_runs(db):
        report.problems.append(
            Problem(
                run["source"], "orphaned", WARNING,
                f"run {run['id']} is marked running, but its process (pid {run['pid']}) is"
                " gone: the next crawl, reextract or scheduler start marks it failed",
            )
        )  # fmt: skip


# -- per source: schedule and failures -------------------------------------


def _check_schedule(
    db: sqlite_utils.Database,
    source: str,
    period: float | None,
    now: datetime,
    row: dict[str, Any],
    report: Report,
) -> None:
    # Completed as the scheduler counts it: not a run the crawler itself stopped (the next
    # start catches up on it), but one that failed at the source (it backs off from there;
    # its failures are the failing check's).
    last = last_finished(db, source)
    row["last_completed"] = last
    if period is None:
        return
    row["period_s"] = period
    limit = timedelta(seconds=OVERDUE_PERIODS * period)
    if last is None:
        (first,) = db.execute(
            "SELECT MIN(started_at) FROM runs WHERE source = ? AND kind = 'crawl'", [source]
        ).fetchone()
        if first is None or now - datetime.fromisoformat(first) <= limit:
            # Never crawled, or its first crawls began less than the overdue limit ago (the
            # first may still run): not yet the scheduler's fault.
            row["overdue"] = first is None
            said = "never crawled into this archive" if first is None else (
                f"no completed crawl yet (the first began {first})"
            )  # fmt: skip
            report.problems.append(Problem(source, "never_crawled", WARNING, said))
            return
    # After failures in a row the scheduler waits its backoff: that wait is no lateness.
    waited = backoff_seconds(period, consecutive_failures(db, source))
    limit = max(limit, timedelta(seconds=waited + period))
    age = now - datetime.fromisoformat(last) if last else None
    row["overdue"] = age is None or age > limit
    if row["overdue"]:
        since = f"since {last}" if last else "ever"
        report.problems.append(
            Problem(
                source, "overdue", PROBLEM,
                f"no completed crawl {since} (scheduled every {_human(period)})",
            )
        )  # fmt: skip


def _check_failures(
    db: sqlite_utils.Database, source: str, row: dict[str, Any], report: Report
) -> None:
    # Counted as the scheduler's backoff counts them: a stop of the crawler's own is none.
    counted = counted_failures(db, source)
    failures = len(counted)
    row["failures_in_a_row"] = failures
    if failures < FAILING_WARN:
        return
    reason, by_kind = db.execute(
        "SELECT stop_reason, errors_by_kind FROM runs WHERE id = ?", [counted[0]]
    ).fetchone()
    why = f"last: {reason}" + (f", errors {by_kind}" if by_kind and by_kind != "{}" else "")
    report.problems.append(
        Problem(
            source, "failing", PROBLEM if failures >= FAILING_PROBLEM else WARNING,
            f"{failures} failed crawl{'s' if failures > 1 else ''} in a row ({why})",
        )
    )  # fmt: skip


def _check_site_gone(db: sqlite_utils.Database, source: str, report: Report) -> None:
    """The last finished crawl heard most re-checked articles answer taken down, and marked
    none (the crawler's site_gone): the site is down or sends every page to one address."""
    last = db.execute(
        "SELECT errors_by_kind FROM runs WHERE source = ? AND kind = 'crawl'"
        " AND status != 'running' ORDER BY id DESC LIMIT 1",
        [source],
    ).fetchone()
    if last and "site_gone" in json.loads(last[0] or "{}"):
        report.problems.append(
            Problem(
                source, "site_gone", WARNING,
                "its last crawl heard most re-checked articles answer taken down (none marked):"
                " the site may be down, or send every page to its home page",
            )
        )  # fmt: skip


# Finished crawls without a single article archived that make a source worth calling out.
EMPTY_RUNS_WARN = 2


def _check_never_archived(
    db: sqlite_utils.Database, source: str, row: dict[str, Any], report: Report
) -> None:
    """A source that runs and never archives anything: robots.txt shuts it out, its article
    pattern matches none of its links, its pages give no text. Its runs end ok all the same.
    Judged by its runs' own counts (articles taken down since were archived all the same);
    a 304 counts only for an article re-checked, not for a listing, feed or sitemap."""
    if row.get("failures_in_a_row"):
        return
    marks = ", ".join("?" * len(CUT_SHORT_BY_US))
    runs, archived, last = db.execute(  # crawls the crawler stopped itself say nothing of it
        "SELECT COUNT(*), COALESCE(SUM(articles_new + articles_updated + articles_unchanged"
        " + articles_duplicate + articles_skipped + articles_forgotten"
        " + articles_not_modified), 0),"
        " MAX(id) FROM runs WHERE source = ? AND kind = 'crawl' AND status != 'running'"
        f" AND COALESCE(stop_reason, '') NOT IN ({marks})",
        [source, *CUT_SHORT_BY_US],
    ).fetchone()
    if runs < EMPTY_RUNS_WARN or archived:
        return
    (by_kind,) = db.execute("SELECT errors_by_kind FROM runs WHERE id = ?", [last]).fetchone()
    errors = f" (last run's errors {by_kind})" if by_kind and by_kind != "{}" else ""
    report.problems.append(
        Problem(source, "empty", WARNING, f"no article archived in {runs} crawls{errors}")
    )


def _check_shut_out(
    db: sqlite_utils.Database, source: str, row: dict[str, Any], report: Report
) -> None:
    """A source that archived once and whose last crawls fetched no page at all, with errors:
    robots.txt turned to "Disallow: /", its discovery URLs refused. Those runs end ok (nothing
    failed to answer), so neither the failures nor the never-archived check tells of it. (A
    healthy re-crawl fetches its listings at least, if only to hear them unchanged.)"""
    if row.get("failures_in_a_row"):
        return
    marks = ", ".join("?" * len(CUT_SHORT_BY_US))
    last = db.execute(
        "SELECT pages, errors, errors_by_kind FROM runs WHERE source = ? AND kind = 'crawl'"
        " AND status != 'running'"
        f" AND COALESCE(stop_reason, '') NOT IN ({marks}) ORDER BY id DESC LIMIT ?",
        [source, *CUT_SHORT_BY_US, EMPTY_RUNS_WARN],
    ).fetchall()
    if len(last) < EMPTY_RUNS_WARN or any(pages or not errors for pages, errors, _ in last):
        return
    if any(p.source == source and p.kind == "empty" for p in report.problems):
        return  # (said already: it never archived anything)
    report.problems.append(
        Problem(
            source, "shut_out", WARNING,
            f"its last {len(last)} crawls fetched no page (last run's errors {last[0][2]}):"
            " robots.txt or the site shuts it out",
        )
    )  # fmt: skip


# -- per source: drift -----------------------------------------------------


@dataclass
class Window:
    """Figures of a source's articles archived in one time window."""

    days: float
    articles: int = 0
    dropped: int = 0  # pages the crawl dropped for having no text (no article written)
    short: int = 0  # articles with (almost) no text
    undated: int = 0
    untitled: int = 0
    lengths: list[int] = field(default_factory=list)  # of the texts that are not short

    @property
    def seen(self) -> int:
        return self.articles + self.dropped

    def share(self, count: int) -> float:
        return count / self.seen if self.seen else 0.0

    @property
    def empty(self) -> int:
        return self.short + self.dropped

    def figures(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "per_day": round(self.articles / self.days, 1) if self.days else None,
            "share_empty": round(self.share(self.empty), 3),
            "share_undated": round(self.share(self.undated), 3),
            "share_untitled": round(self.share(self.untitled), 3),
            "median_length": int(statistics.median(self.lengths)) if self.lengths else None,
        }


def _first_id_since(db: sqlite_utils.Database, since: str) -> int:
    """The first article id archived at or after since. Ids grow with time, so a binary
    search over them finds it in a few lookups without an index on first_seen_at."""
    low, high = db.execute(
        "SELECT COALESCE(MIN(id), 1), COALESCE(MAX(id), 0) FROM articles"
    ).fetchone()
    high += 1
    while low < high:
        middle = (low + high) // 2
        row = db.execute(
            "SELECT first_seen_at FROM articles WHERE id >= ? ORDER BY id LIMIT 1", [middle]
        ).fetchone()
        if row is None or row[0] >= since:
            high = middle
        else:
            low = middle + 1
    return low


@dataclass
class Span:
    """A source's two windows: recent (at least RECENT, at least OVERDUE_PERIODS of its
    schedule, so a daily source is not judged on an empty day) and the history before."""

    split: str
    start: str
    recent: Window
    history: Window
    first_seen: str | None = None

    @classmethod
    def of(cls, now: datetime, period: float | None) -> Span:
        recent = max(RECENT, timedelta(seconds=OVERDUE_PERIODS * (period or 0)))
        history = max(HISTORY, 4 * recent)
        day = timedelta(days=1)
        return cls(
            _iso(now - recent), _iso(now - recent - history), Window(recent / day),
            Window(history / day),
        )  # fmt: skip

    def window(self, when: str) -> Window | None:
        if when < self.start:
            return None
        return self.recent if when >= self.split else self.history


def _iso(when: datetime) -> str:
    return when.isoformat(timespec="milliseconds")


def _recent_figures(
    db: sqlite_utils.Database, now: datetime, periods: dict[str, float | None]
) -> dict[str, Span]:
    """Recent and usual figures per source, from one scan of the last weeks' articles and
    of the recent crawl runs' no-text errors."""
    spans: dict[str, Span] = {}

    def span(source: str) -> Span:
        if source not in spans:
            spans[source] = Span.of(now, periods.get(source))
        return spans[source]

    longest = max([p or 0 for p in periods.values()] + [0])
    start = Span.of(now, longest).start  # the earliest any source's history reaches
    for source, seen, has_date, has_title, length in db.execute(
        "SELECT source, first_seen_at, published_at IS NOT NULL,"
        " COALESCE(title, '') != '', length(COALESCE(text, '')) FROM articles WHERE id >= ?",
        [_first_id_since(db, start)],
    ):
        mine = span(source)
        window = mine.window(seen)
        if window is None:
            continue
        mine.first_seen = min(mine.first_seen or seen, seen)
        window.articles += 1
        window.undated += not has_date
        window.untitled += not has_title
        if length < SHORT_TEXT:
            window.short += 1
        else:
            window.lengths.append(length)
    marks = ", ".join("?" * len(EMPTY_ERROR_KINDS))
    for source, started, count in db.execute(
        "SELECT r.source, r.started_at, COUNT(DISTINCT e.url) FROM run_errors e"
        " JOIN runs r ON r.id = e.run_id WHERE r.kind = 'crawl' AND r.started_at >= ?"
        f" AND e.kind IN ({marks}) GROUP BY r.id",
        [start, *EMPTY_ERROR_KINDS],
    ):
        window = span(source).window(started)
        if window is not None:
            window.dropped += count
    for mine in spans.values():
        # A source younger than its history window: its usual rate is over the days it had.
        if mine.first_seen and mine.first_seen >= mine.start:
            days = datetime.fromisoformat(mine.split) - datetime.fromisoformat(mine.first_seen)
            mine.history.days = max(days / timedelta(days=1), 0.0)
    return spans


def _check_drift(
    db: sqlite_utils.Database,
    source: str,
    span: Span | None,
    row: dict[str, Any],
    report: Report,
) -> None:
    if span is None:
        return
    recent, history = span.recent, span.history
    row["recent"], row["usual"] = recent.figures(), history.figures()
    if recent.seen < MIN_RECENT or history.seen < MIN_HISTORY:
        return
    drifts = []
    for what, mine, usual in (
        ("have no text", recent.share(recent.empty), history.share(history.empty)),
        ("have no date", recent.share(recent.undated), history.share(history.undated)),
        ("have no title", recent.share(recent.untitled), history.share(history.untitled)),
    ):
        if mine - usual >= SHARE_JUMP:
            drifts.append(f"{mine:.0%} of the newest articles {what} (usually {usual:.0%})")
    now_median, usual_median = row["recent"]["median_length"], row["usual"]["median_length"]
    if now_median is not None and usual_median and now_median < LENGTH_DROP * usual_median:
        drifts.append(f"median text length {now_median} characters (usually {usual_median})")
    rate, usual_rate = recent.articles / recent.days, history.articles / max(history.days, 1e-9)
    if (
        not row.get("overdue")
        and history.days >= 3
        and usual_rate >= MIN_DAILY
        and rate < RATE_DROP * usual_rate
    ):
        drifts.append(f"{rate:.1f} articles a day (usually {usual_rate:.1f})")
    row["drift"] = drifts
    for message in drifts:
        report.problems.append(Problem(source, "drift", WARNING, message))


def _human(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{int(seconds)}s"
