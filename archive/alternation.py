"""A regular expression's alternation of literal words, shared by search and by the
crawler's extraction rules (which may import the archive; never the other way)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable


def alternatives(words: Iterable[str], escape: Callable[[str], str] = re.escape) -> str:
    """The words escaped, joined with |, longest first: a word that begins a longer one
    ("ت", "تشرين") must not win where the longer one is written. escape: each word's
    expression (one that reads more than the word itself must keep that order)."""
    return "|".join(sorted(map(escape, dict.fromkeys(words)), key=len, reverse=True))
