"""Extraction stand-ins that misbehave on purpose, importable by pool workers."""

from __future__ import annotations

import os
import time
from typing import Any

from crawler.extract.pool import prepare


def crash_or_hang(body: bytes, url: str, *args: Any) -> Any:
    if url.endswith("/crash"):
        os._exit(1)
    if url.endswith("/hang"):
        time.sleep(60)
    if url.endswith("/slow"):
        time.sleep(1)
    return prepare(body, url, *args)


def slow(body: bytes, url: str, *args: Any) -> Any:
    """Each page takes 1.5 s: longer than a page may wait behind others under a 2 s timeout."""
    time.sleep(1.5)
    return prepare(body, url, *args)
