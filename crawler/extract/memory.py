"""Memory a worker gives back after a big page.

A page of megabytes is parsed into a tree of hundreds of megabytes; once it is freed, glibc
keeps the pages for reuse, so each extraction worker held its largest page's peak for the rest
of its life (a service runs for months, one worker per core). Trimmed after such a page, the
worker gives most of it back (measured in a worker: 47 MB before a 6 MB page, 177 MB after
it, 96 MB trimmed; what stays is Python's own arenas, reused by the next pages)."""

from __future__ import annotations

import ctypes
import gc

# A page at least this big is followed by a trim: it costs a walk of the heap (a millisecond
# or so), nothing next to such a page's extraction, too much after every small one.
TRIM_AFTER_BYTES = 1 << 20


def _malloc_trim() -> object:
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to trim with
        return None


_TRIM = _malloc_trim()


def give_back() -> None:
    """Free what the page left in cycles, and hand the heap's free pages back to the system."""
    gc.collect()
    if callable(_TRIM):
        _TRIM(0)
