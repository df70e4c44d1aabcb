"""Listing addresses only a crawler trap makes.

A relative link that every page of a section repeats ("more/", "./list/") gives each page
the last one's address plus a directory or two: "/grow/more/list/more/list/…", without end,
and every such page looks like the next page of the one before. A site's real listings
change a number or a parameter; they do not say the same run of directories twice in a row,
nor one directory three times over."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

# A directory may come back once ("/news/2024/news-archive/news/"), and a number any number
# of times ("/2024/11/11/"); a third time is a loop.
MOST_TIMES = 2


def is_trap(url: str) -> bool:
    """Does the URL's path repeat itself as only a loop of relative links makes it do?"""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    if len(segments) < 3:
        return False
    words = Counter(s for s in segments if not s.isdigit())
    if words and max(words.values()) > MOST_TIMES:
        return True
    return _run_twice(segments)


def _run_twice(segments: list[str]) -> bool:
    """A run of two or more directories said twice in a row ("more/list/more/list")."""
    for size in range(2, len(segments) // 2 + 1):
        for start in range(len(segments) - 2 * size + 1):
            run = segments[start : start + size]
            if run == segments[start + size : start + 2 * size] and not all(
                s.isdigit() for s in run
            ):
                return True
    return False
