"""Lines for the person watching a crawl, written so that they never stop the crawl.

A crawl run from cron writes into a log file (`arshif crawl >> crawl.log 2>&1`): when that
file's disk fills up, or a reader of the output goes away (`arshif crawl | head -1`), or the
terminal's encoding cannot spell Arabic, a report line that raised stopped the crawl it
reported on, with runs left running and pages fetched for nothing. Here a stream that failed
is put aside for good (what it lost is lost either way; the archive and the runs table keep
the record), and a line its encoding cannot spell is written with escapes.
"""

from __future__ import annotations

import os
import sys
from typing import Any, TextIO

# Streams replaced after a failed write: kept referenced, so that their buffers are never
# flushed again (by a finalizer, at exit) into the same failure.
_failed: list[Any] = []


def say(line: str, err: bool = False) -> None:
    """One line on stdout (or stderr)."""
    write(line + "\n", err)


def write(text: str, err: bool = False) -> None:
    """Text on stdout (or stderr), flushed: a line in a log appears as it is said."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        return
    try:
        try:
            stream.write(text)
        except UnicodeEncodeError:
            stream.write(_spelled(text, stream))
        stream.flush()
    except (OSError, ValueError):  # a full disk, a closed pipe, a closed stream
        _put_aside(err)


def _spelled(text: str, stream: TextIO) -> str:
    """The text as the stream's encoding can write it: other characters as escapes."""
    encoding = getattr(stream, "encoding", None) or "ascii"
    return text.encode(encoding, "backslashreplace").decode(encoding)


def _put_aside(err: bool) -> None:
    """Write nothing more to the stream that failed: the rest goes to the null device."""
    _failed.append(sys.stderr if err else sys.stdout)
    nowhere = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (for the process's life)
    if err:
        sys.stderr = nowhere
    else:
        sys.stdout = nowhere
