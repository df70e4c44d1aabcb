"""What arshif reads off a Scrapy response: a header, all headers, whether it is a web page."""

from __future__ import annotations

import html
import re

from scrapy.http import Response

# The Content-Types an article page may come with ("" for none: the page says what it is).
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")


def header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def headers_of(response: Response) -> dict[str, str]:
    """All headers, a repeated one joined by ", " (as stored with the capture)."""
    return {
        k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()
    }


def media_type(response: Response) -> str:
    """The Content-Type without its parameters, in lower case ("" for none)."""
    return (header(response, "Content-Type") or "").split(";")[0].strip().lower()


# An anchor's href, quoted or not: read off the raw page without parsing it (the crawl
# process parses no article page: its workers do).
_HREF = re.compile(rb"""<a\s[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)


def hrefs_of(body: bytes, encoding: str | None) -> list[str]:
    """The links of a page's anchors, entities decoded, in order, without repeats."""
    found: dict[str, None] = {}
    for match in _HREF.finditer(body):
        raw = next(group for group in match.groups() if group is not None)
        href = html.unescape(raw.decode(encoding or "utf-8", "replace")).strip()
        if href and not href.startswith(("#", "javascript:", "mailto:")):
            found.setdefault(href, None)
    return list(found)
