"""Damaged archives for tests: a real archive with garbage written over pages in the middle
of the file (the root pages of the tables and indexes every command reads), and a file
that is not SQLite at all."""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

READ_BY_EVERY_COMMAND = ("articles", "runs", "captures")


def damaged_copy(archive: Path, target: Path) -> Path:
    """A copy of archive with the root pages of its main tables and their indexes
    overwritten with garbage; page 1 (the schema) is left intact, so it still opens."""
    conn = sqlite3.connect(archive)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    marks = ", ".join("?" * len(READ_BY_EVERY_COMMAND))
    roots = [
        r[0]
        for r in conn.execute(
            f"SELECT rootpage FROM sqlite_master WHERE tbl_name IN ({marks}) AND rootpage > 1",
            READ_BY_EVERY_COMMAND,
        )
    ]
    conn.close()
    shutil.copy(archive, target)
    rng = random.Random(13)
    with target.open("r+b") as f:
        for page in roots:
            f.seek((page - 1) * page_size)
            f.write(bytes(rng.randrange(256) for _ in range(page_size)))
    return target


def not_sqlite(target: Path) -> Path:
    target.write_bytes(b"this is not an SQLite archive\n" * 200)
    return target


def garbage_in_the_middle(archive: Path, target: Path) -> Path:
    """A copy with garbage over a leaf page of the raw captures, in the middle of the file:
    the commands that read articles and runs never come across it (quick_check does)."""
    conn = sqlite3.connect(archive)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    leaves = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = 'captures'"
                                         " AND pagetype = 'leaf' ORDER BY pageno")]  # fmt: skip
    conn.close()
    shutil.copy(archive, target)
    with target.open("r+b") as f:
        f.seek((leaves[len(leaves) // 2] - 1) * page_size)
        f.write(bytes(random.Random(7).randrange(256) for _ in range(page_size)))
    return target
