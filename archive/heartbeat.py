"""The scheduler's heartbeat: a row per scheduler process, beaten every HEARTBEAT_SECONDS,
so that `arshif check` can tell a running scheduler from one that stopped or died."""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from archive.schema import write_transaction

HEARTBEAT_SECONDS = 30
# A scheduler is alive while its last beat is younger than this (and its pid exists).
ALIVE_WITHIN = 3 * HEARTBEAT_SECONDS
KEEP_DAYS = 30  # rows of schedulers gone this long are dropped


def now_iso(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).isoformat(timespec="milliseconds")


def beat(db: sqlite_utils.Database, pid: int, host: str, started_at: str) -> None:
    stamp = now_iso()
    forget_before = now_iso(datetime.now(UTC) - timedelta(days=KEEP_DAYS))
    with write_transaction(db):
        db.execute(
            "INSERT INTO scheduler_heartbeat (host, pid, started_at, beat_at, stopped_at)"
            " VALUES (?, ?, ?, ?, NULL) ON CONFLICT (host, pid) DO UPDATE SET"
            " started_at = excluded.started_at, beat_at = excluded.beat_at, stopped_at = NULL",
            [host, pid, started_at, stamp],
        )
        db.execute("DELETE FROM scheduler_heartbeat WHERE beat_at < ?", [forget_before])


def stopped(db: sqlite_utils.Database, pid: int, host: str | None = None) -> None:
    with write_transaction(db):
        db.execute(
            "UPDATE scheduler_heartbeat SET stopped_at = ? WHERE pid = ? AND host = ?",
            [now_iso(), pid, host or socket.gethostname()],
        )


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by another user
    return True


def _start_ticks(pid: int) -> int:
    """When the process holding this pid started, in clock ticks since boot: starttime,
    field 22 of /proc/<pid>/stat, the 20th after the name (which may hold spaces)."""
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])


def process_started(pid: int) -> datetime | None:
    """When the process now holding this pid started (Linux's /proc); None where unknown."""
    try:
        ticks = _start_ticks(pid)
        boot = next(
            int(line.split()[1])
            for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime ")
        )
    except (OSError, IndexError, ValueError, StopIteration):
        return None
    return datetime.fromtimestamp(boot + ticks / os.sysconf("SC_CLK_TCK"), UTC)


# A process starts before the runs it opens; /proc's boot time drifts with the clock by a
# second or so. A pid whose process started later than its run did (plus this) is another
# process that was given the same number: a container's PID 1 after a restart, a reboot.
PID_REUSE_SLACK = timedelta(seconds=5)


def process_key(pid: int) -> str | None:
    """Which process holds this pid, in terms no clock step changes: the boot's id, the
    process's start in ticks since boot (Linux's /proc) and the pid namespace its number
    belongs to (a container's); None where unknown."""
    started = _start_key(pid)
    try:
        space = os.stat(f"/proc/{pid}/ns/pid").st_ino
    except OSError:
        return started
    return f"{started}:{space}" if started else None


def _start_key(pid: int) -> str | None:
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        return f"{boot}:{_start_ticks(pid)}"
    except (OSError, IndexError, ValueError):
        return None


def elsewhere(key: str) -> bool:
    """The key is of a process in another pid namespace on this boot (another container on
    the same machine, sharing the archive): its pid names no process here, or another one."""
    boot, _, space = (key.split(":") + [""])[:3]
    if not space:
        return False  # a key written before namespaces were kept: judged as before
    try:
        here = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        ours = os.stat("/proc/self/ns/pid").st_ino
    except OSError:
        return False
    return boot == here and space != str(ours)


def run_alive(pid: int | None, started_at: str, key: str | None = None) -> bool:
    """Is the process that opened a run (at started_at; key: its process_key) still there,
    not only its pid? By the key where both are known: a clock stepped forward after the
    run began (NTP on a board without a clock) makes its live process look younger. A run
    of another container's process cannot be judged from here: taken as alive (the crawl
    that next takes its source's lock knows it is gone: Runs.fail_unlocked_runs)."""
    if key is not None and elsewhere(key):
        return True
    if pid is None or not pid_alive(pid):
        return False
    if key is not None and (now := _start_key(pid)) is not None:
        return now.split(":") == key.split(":")[:2]  # the same boot, the same start
    started = process_started(pid)
    return started is None or started <= datetime.fromisoformat(started_at) + PID_REUSE_SLACK


def status(db: sqlite_utils.Database, now: datetime | None = None) -> dict[str, Any]:
    """running: some scheduler beat within ALIVE_WITHIN and, on this host, its pid exists.
    state: running, stopped (said so at exit), dead (stopped beating without saying so),
    or never (no scheduler ever ran on this archive: crawls may come from cron)."""
    now = now or datetime.now(UTC)
    rows = [
        dict(zip(("host", "pid", "started_at", "beat_at", "stopped_at"), r, strict=True))
        for r in db.execute(
            "SELECT host, pid, started_at, beat_at, stopped_at FROM scheduler_heartbeat"
            " ORDER BY beat_at DESC"
        )
    ]
    if not rows:
        return {"running": False, "state": "never"}
    here = socket.gethostname()
    for row in rows:
        age = (now - datetime.fromisoformat(row["beat_at"])).total_seconds()
        row["beat_age_s"] = round(age, 1)
        alive = row["stopped_at"] is None and age <= ALIVE_WITHIN
        if alive and row["host"] == here:
            alive = pid_alive(row["pid"])
        row["running"] = alive
    live = [r for r in rows if r["running"]]
    if live:
        return {**live[0], "state": "running"}
    newest = rows[0]
    return {**newest, "state": "stopped" if newest["stopped_at"] else "dead"}
