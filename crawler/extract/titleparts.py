"""The segments of a page's <title>: "headline | site", "site - section - headline"."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"\s+([|\-–—:«»/\\·•>›]+)\s+")


def title_parts(title: str) -> list[str]:
    """The segments of a title ("headline | site", "site - section - headline")."""
    return _SEPARATORS.split(title)[::2]


def title_separators(title: str) -> list[str]:
    """What stands between the segments, in order ("|", "-", "::", "»")."""
    return _SEPARATORS.split(title)[1::2]
