"""The segments of a page's <title>: "headline | site", "site - section - headline"."""

from __future__ import annotations

import re

# Not a colon alone: a headline's own ("Entretien avec la maire : …", "الوزير : …"); "::" is
# a site's. "»" is a breadcrumb's ("الصحيفة » اقتصاد » …") unless the title opens a quote
# with "«" ("… : « Nous tiendrons nos promesses » | …").
_SEPARATORS = re.compile(r"\s+([|\-–—/\\·•>›»]+|::+)\s+")
_QUOTED = re.compile(r"\s+([|\-–—/\\·•>›]+|::+)\s+")


def _split(title: str) -> list[str]:
    return (_QUOTED if "«" in title else _SEPARATORS).split(title)


def title_parts(title: str) -> list[str]:
    """The segments of a title ("headline | site", "site - section - headline")."""
    return _split(title)[::2]


def title_separators(title: str) -> list[str]:
    """What stands between the segments, in order ("|", "-", "::", "»")."""
    return _split(title)[1::2]
