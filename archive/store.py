"""The Archive facade: one class, every read and write the rest of arshif needs, one
method each. The parts live by concern:

- archive.db: the connection, pragmas, `write()` transactions, checkpoints, `close()`
- archive.runs: runs and their errors, failures in a row, last finished
- archive.articles: captures, articles, versions, the dedup decision, batches
- archive.crawlstate: article validators, due articles, discovery cache, schedule state
- archive.reading: search, exports, figures, per-source status
- archive.operations: the scheduler's heartbeat, health checks, takedowns
- archive.records: the records handed over (ArticleRecord, Capture, Batch, Outcome)
"""

from __future__ import annotations

from archive.articles import Articles
from archive.operations import Operations
from archive.reading import Reading
from archive.records import ArchiveError, ArticleRecord, Batch, Capture, Displaced, Outcome, utcnow
from archive.runs import RUN_COUNTERS

__all__ = [
    "RUN_COUNTERS", "Archive", "ArchiveError", "ArticleRecord", "Batch", "Capture", "Displaced",
    "Outcome",
    "utcnow",
]  # fmt: skip


class Archive(Articles, Reading, Operations):
    """One SQLite archive file. `Archive(path, bulk_writer=False)`; close() it, or use it
    as a context manager."""
