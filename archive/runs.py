"""Runs (one per source per crawl) and their errors: start, count, finish, and what the
scheduler and `arshif runs`/`status` read back."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from archive.db import Connection
from archive.heartbeat import elsewhere, process_key, run_alive
from archive.records import utcnow

RUN_COUNTERS = frozenset(
    {
        "pages",
        "bytes",
        "articles_new",
        "articles_updated",
        "articles_unchanged",
        "articles_duplicate",
        "articles_skipped",
        "articles_forgotten",
        "articles_gone",
        "articles_left",
        "not_modified",
        "articles_not_modified",
        "errors",
    }
)


RUN_KINDS = ("crawl", "reextract", "reindex")
# Runs of every source together (reindex) carry this source name.
ALL_SOURCES = "*"


def decoded(run: dict[str, Any]) -> dict[str, Any]:
    """A run row as the read commands give it: errors_by_kind as an object, not a string;
    a run left `running` by a process that is gone shown `orphaned` (a reader writes
    nothing: the next crawl, reextract or scheduler start marks it failed)."""
    row = {**run, "errors_by_kind": json.loads(run.get("errors_by_kind") or "{}")}
    if row.get("status") == "running" and not _alive(row):
        row["status"] = "orphaned"
    return row


def _alive(run: dict[str, Any]) -> bool:
    if not run.get("started_at"):
        return True  # nothing to tell its process by
    return run_alive(run.get("pid"), run["started_at"], run.get("process_key"))


def dead_runs(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Runs still marked running whose process is gone (a kill -9, a crash, a power cut)."""
    rows = db.execute(
        "SELECT id, source, pid, started_at, process_key FROM runs WHERE status = 'running'"
    ).fetchall()
    names = ("id", "source", "pid", "started_at", "process_key")
    runs = [dict(zip(names, row, strict=True)) for row in rows]
    return [run for run in runs if not _alive(run)]


# Stop reasons of runs the crawler cut short itself: a stop (a signal, a recycle's end), a
# forced close, the crawler's death (orphaned).
STOPPED_BY_US = ("stopped", "forced")
CUT_SHORT_BY_US = (*STOPPED_BY_US, "orphaned")
# Orphaned this many times in a row (in flight when the crawl process died), a source is a
# suspect: crawled in quarantine, with other suspects only, until one of its crawls runs its
# course. A death there is blamed on its group alone, which halves with each death (group
# testing: 32 suspects of one death are 5 deaths from the culprit, not 32 crawls one at a
# time): half the suspects in flight at that death, not of the group's size, a cap that fewer
# may have filled; a death in a group of one is the source's own, and counts as its failure
# (backoff).
ORPHANED_IN_A_ROW = 2


class Runs(Connection):
    def start_run(
        self, source: str, pid: int | None = None, kind: str = "crawl", alone: int = 0
    ) -> int:
        """kind: crawl, reextract or reindex. Status, catch-up and backoff read crawl runs
        only: maintenance must not hide an outage. alone: the size of its quarantine group:
        at most that many suspects crawl in its process meanwhile, perhaps fewer, and no
        other source (1: none beside it; 0: not quarantined; quarantine_size)."""
        if kind not in RUN_KINDS:
            raise ValueError(f"unknown run kind {kind!r}")
        with self.write():
            table = self.db.table("runs")
            table.insert(
                {
                    "source": source,
                    "kind": kind,
                    "started_at": utcnow(),
                    "status": "running",
                    "pid": pid,
                    "process_key": process_key(pid) if pid is not None else None,
                    "alone": alone,
                }
            )
            return int(table.last_pk)  # type: ignore[arg-type]

    def finish_run(
        self, run_id: int, status: str, stop_reason: str | None = None, full_walk: bool = False
    ) -> None:
        """full_walk: the run walked every section to its end (its start is then the
        source's last full walk: last_full_walk)."""
        with self.write():
            self.db.execute(
                "UPDATE runs SET status = ?, finished_at = ?, stop_reason = ?,"
                " full_walk_at = CASE WHEN ? THEN started_at END WHERE id = ?",
                [status, utcnow(), stop_reason, full_walk, run_id],
            )

    def last_full_walk(self, source: str) -> str | None:
        """When the source's latest crawl that walked every section to its end started."""
        row = self.db.execute(
            "SELECT MAX(full_walk_at) FROM runs WHERE source = ? AND kind = 'crawl'", [source]
        ).fetchone()
        return row[0] if row else None

    def add_counts(self, run_id: int, **deltas: int) -> None:
        unknown = set(deltas) - RUN_COUNTERS
        if unknown:
            raise ValueError(f"unknown run counters: {sorted(unknown)}")
        if not deltas:
            return
        assignments = ", ".join(f"{name} = {name} + ?" for name in deltas)
        self.db.execute(f"UPDATE runs SET {assignments} WHERE id = ?", [*deltas.values(), run_id])

    def record_error(self, run_id: int, url: str | None, kind: str, message: str) -> None:
        with self.write():
            self.db.table("run_errors").insert(
                {
                    "run_id": run_id,
                    "url": url,
                    "kind": kind,
                    "message": message[:2000],
                    "at": utcnow(),
                }
            )
            row = self.db.execute(
                "SELECT errors_by_kind FROM runs WHERE id = ?", [run_id]
            ).fetchone()
            by_kind = json.loads(row[0] or "{}") if row else {}
            by_kind[kind] = by_kind.get(kind, 0) + 1
            self.db.execute(
                "UPDATE runs SET errors = errors + 1, errors_by_kind = ? WHERE id = ?",
                [json.dumps(by_kind, sort_keys=True), run_id],
            )

    def run(self, run_id: int) -> dict:
        return next(self.db["runs"].rows_where("id = ?", [run_id]))

    def fail_orphan_runs(self, alive: set[int] | None = None) -> list[int]:
        """Mark runs left `running` by a dead process as failed; returns their ids."""
        rows = self.db.execute("SELECT id, pid FROM runs WHERE status = 'running'").fetchall()
        return self._fail([rid for rid, pid in rows if alive is None or pid not in alive])

    def _fail(self, orphans: list[int]) -> list[int]:
        with self.write():
            for rid in orphans:
                self.db.execute(
                    "UPDATE runs SET status = 'failed', finished_at = ?,"
                    " stop_reason = 'orphaned' WHERE id = ?",
                    [utcnow(), rid],
                )
        return orphans

    def fail_dead_runs(self) -> list[int]:
        """Mark runs whose process is gone as failed (a crash, a kill -9); returns their ids.
        A run of a live process, this one's or another's, is left alone; a pid now held by
        a process that started after the run is gone too (a container's PID 1 restarted)."""
        rows = self.db.execute(
            "SELECT id, pid, started_at, process_key FROM runs WHERE status = 'running'"
        ).fetchall()
        dead = [rid for rid, pid, started, key in rows if not run_alive(pid, started, key)]
        return self._fail(dead)

    def fail_unlocked_runs(self, source: str) -> list[int]:
        """Mark the source's crawl runs still marked running as failed, asked by the process
        that now holds the source's lock: a run's process holds that lock while it lives, so
        these died, wherever they ran (another container's, whose pid means nothing here)."""
        rows = self.db.execute(
            "SELECT id FROM runs WHERE status = 'running' AND source = ? AND kind = 'crawl'",
            [source],
        ).fetchall()
        return self._fail([rid for (rid,) in rows])

    def sources_running_elsewhere(self) -> list[str]:
        """The sources with crawl runs still marked running by a process of another pid
        namespace on this machine (another container's), which no pid here can judge."""
        rows = self.db.execute(
            "SELECT DISTINCT source, process_key FROM runs WHERE status = 'running'"
            " AND kind = 'crawl' AND process_key IS NOT NULL ORDER BY source"
        )
        return list(dict.fromkeys(source for source, key in rows if elsewhere(key)))

    def running_pids(self) -> set[int]:
        """The processes that own runs still marked running (alive or not)."""
        rows = self.db.execute("SELECT DISTINCT pid FROM runs WHERE status = 'running'")
        return {pid for (pid,) in rows if pid is not None}

    def consecutive_failures(self, source: str) -> int:
        return consecutive_failures(self.db, source)

    def quarantine_size(self, source: str) -> int:
        """How many suspects at most the source is crawled with, none of them beside another
        source (0: it is no suspect). Orphaned ORPHANED_IN_A_ROW times in a row outside
        quarantine: half of the crawls its process had in flight at the last death; orphaned
        in a group: half of the suspects in flight at that death (k at most, the group's
        size); in a group of one: one (its failure). Until a crawl of
        it runs its course: which source kills the crawler is then found in a few deaths, and
        the others are not held back with it."""
        streak = 0
        last: tuple[int | None, str | None] = (None, None)
        for _, _, reason, _, alone, pid, key in self._recent_crawls(source):
            if reason != "orphaned":
                break
            if alone:  # (a group of one stays one)
                return max(1, min(alone, self._in_flight_at_death(pid, key)) // 2)
            if not streak:
                last = (pid, key)
            streak += 1
        if streak < ORPHANED_IN_A_ROW:
            return 0
        return max(1, self._in_flight_at_death(*last) // 2)

    def _in_flight_at_death(self, pid: int | None, key: str | None) -> int:
        """The crawls the process orphaned at its death (1 when it cannot be told: a run of
        no pid, or of an older arshif that kept no process key, whose pid may be reused)."""
        if pid is None or key is None:
            return 1
        row = self.db.execute(
            "SELECT COUNT(*) FROM runs WHERE pid = ? AND process_key = ? AND kind = 'crawl'"
            " AND stop_reason = 'orphaned'",
            [pid, key],
        ).fetchone()
        return max(1, row[0])

    def last_finished(self, source: str) -> str | None:
        return last_finished(self.db, source)

    def _recent_crawls(self, source: str) -> list[_Crawl]:
        return _recent_crawls(self.db, source)

    def cut_short_by_us(self, source: str) -> bool:
        """Did the source's last finished crawl end stopped, forced or orphaned?"""
        row = self.db.execute(
            "SELECT stop_reason FROM runs WHERE source = ? AND kind = 'crawl'"
            " AND status != 'running' ORDER BY id DESC LIMIT 1",
            [source],
        ).fetchone()
        return bool(row) and row[0] in CUT_SHORT_BY_US

    def last_status(self, source: str) -> str | None:
        """How the source's last finished run ended (ok, partial, failed), or None."""
        row = self.db.execute(
            "SELECT status FROM runs WHERE source = ? AND kind = 'crawl'"
            " AND status != 'running' ORDER BY id DESC LIMIT 1",
            [source],
        ).fetchone()
        return row[0] if row else None

    def recent_runs(self, source: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        """Runs of every kind newest first, of one source or all, errors_by_kind decoded."""
        where, params = ("source = ?", [source]) if source else (None, [])
        rows = self.db.table("runs").rows_where(where, params, order_by="id desc", limit=limit)
        return [decoded(r) for r in rows]

    def last_run(self, source: str) -> dict[str, Any] | None:
        """The source's newest crawl run, errors_by_kind decoded."""
        rows = list(
            self.db.table("runs").rows_where(
                "source = ? AND kind = 'crawl'", [source], order_by="id desc", limit=1
            )
        )
        return decoded(rows[0]) if rows else None

    def run_errors(self, run_id: int) -> list[dict[str, Any]]:
        """The problems a run recorded, in order."""
        rows = self.db.execute(
            "SELECT url, kind, message FROM run_errors WHERE run_id = ? ORDER BY id", [run_id]
        )
        return [{"url": u, "kind": k, "message": m} for u, k, m in rows]

    def run_sources(self) -> list[str]:
        """Every source that has a crawl run, sorted."""
        return [
            r[0]
            for r in self.db.execute(
                "SELECT DISTINCT source FROM runs WHERE kind = 'crawl' ORDER BY source"
            )
        ]


# The source's crawl history as the scheduler reads it, and `arshif check` with it (archive.health).


BACKOFF_CAP_SECONDS = 24 * 3600


def backoff_seconds(period_seconds: float, failures: int) -> float:
    """The wait after failures in a row: period × 2^failures, capped at a day (0 for none).
    The scheduler waits so (crawler.due); `arshif check` expects it."""
    if failures <= 0:
        return 0.0
    # Capped in seconds first: a month of an hourly source's failures would pass timedelta's
    # bounds (2^35 hours).
    return min(period_seconds * 2.0 ** min(failures, 64), BACKOFF_CAP_SECONDS)


def consecutive_failures(db: sqlite_utils.Database, source: str) -> int:
    """The source's failed crawls in a row, newest first. A stop is no failure of the
    source, nor is a run orphaned by the crawler's death (a kill -9, a crash) while other
    sources shared its process (a quarantine group of several included): passed over.
    Orphaned while it ran alone (alone = 1), it is: a source whose crawl kills the crawler
    must back off, not loop."""
    return len(counted_failures(db, source))


def counted_failures(db: sqlite_utils.Database, source: str) -> list[int]:
    """The ids of the failures consecutive_failures counts, newest first (`arshif check`
    names the newest one's reason, not that of an orphaned run passed over)."""
    ids: list[int] = []
    for run_id, status, reason, _, alone, _, _ in _recent_crawls(db, source):
        if reason == "orphaned" and alone != 1:
            continue
        if status != "failed":
            break
        ids.append(run_id)
    return ids


def last_finished(db: sqlite_utils.Database, source: str) -> str | None:
    """When the source's last crawl that ran its course ended: not one stopped with the
    crawler or orphaned by its death while it shared the process (the next start catches
    up on it), but one that met its time limit or page budget, failed at the source, or
    died alone (its backoff runs from there)."""
    marks = ", ".join("?" * len(CUT_SHORT_BY_US))
    row = db.execute(
        "SELECT MAX(finished_at) FROM runs WHERE source = ? AND kind = 'crawl'"
        " AND status != 'running'"
        f" AND (COALESCE(stop_reason, '') NOT IN ({marks}) OR alone = 1 AND stop_reason = ?)",
        [source, *CUT_SHORT_BY_US, "orphaned"],
    ).fetchone()
    return row[0] if row else None


# (id, status, stop_reason, finished_at, alone, pid, process_key) of a finished crawl
_Crawl = tuple[int, str, str | None, str | None, int, int | None, str | None]


def _recent_crawls(db: sqlite_utils.Database, source: str) -> list[_Crawl]:
    """The source's last finished crawls, newest first; a stop of the crawler's own
    (stopped, forced) left out."""
    marks = ", ".join("?" * len(STOPPED_BY_US))
    rows = db.execute(
        "SELECT id, status, stop_reason, finished_at, alone, pid, process_key FROM runs"
        " WHERE source = ? AND kind = 'crawl' AND status != 'running'"
        f" AND COALESCE(stop_reason, '') NOT IN ({marks}) ORDER BY id DESC LIMIT 50",
        [source, *STOPPED_BY_US],
    ).fetchall()
    return [tuple(row) for row in rows]


def ended_by(exc: BaseException) -> tuple[str, str]:
    """A run's status and stop reason when exc ended its work: a stop (^C; a stop signal's
    exit, which names its signal) cut it short; anything else is an error."""
    stop = isinstance(exc, KeyboardInterrupt) or getattr(exc, "signum", None) is not None
    return ("partial", "stopped") if stop else ("failed", "error")
