"""A listing served as JSON: the endpoint a "المزيد" (load more) button asks, answering
`{"html": "<div class='card'><a href=…>…</a></div>…", "next": "/ajax/more?page=3"}` or a
list of items with their URLs. Read as an HTML page of the same links, so that the listing
code reads it like any other: HTML fragments as they are, a URL as a link, and a URL under a
key such as "next" as the link to the next page (rel=next)."""

from __future__ import annotations

import json
from html import escape
from typing import Any

from lxml import etree, html

# Keys whose URL is the listing's next page (compared without case, "_" or "-").
_NEXT_KEYS = frozenset({"next", "nexturl", "nextpage", "nextpageurl", "nextlink", "more",
                        "loadmore", "moreurl", "nexthref"})  # fmt: skip
MAX_JSON_BYTES = 5 * 1024 * 1024


def json_listing(body: bytes) -> str | None:
    """The JSON body as an HTML page of its links; None when it is not JSON."""
    head = body[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith((b"{", b"[")) or len(body) > MAX_JSON_BYTES:
        return None
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    parts: list[str] = []
    _walk(data, "", parts)
    return f"<html><body>{''.join(parts)}</body></html>"


def _fragment(text: str) -> str:
    """An HTML fragment as well-formed HTML of its own: an unclosed <script> or comment in
    one value (an ad's) must not swallow the links of the next."""
    try:
        elements = html.fragments_fromstring(text)
    except (etree.ParserError, ValueError):
        return ""
    return "".join(
        html.tostring(el, encoding="unicode") if not isinstance(el, str) else escape(el)
        for el in elements
    )


def _walk(value: Any, key: str, parts: list[str]) -> None:
    if isinstance(value, dict):
        for name, item in value.items():
            _walk(item, str(name), parts)
    elif isinstance(value, list):
        for item in value:
            _walk(item, key, parts)
    elif isinstance(value, str):
        text = value.strip()
        if "<" in text and ">" in text:
            parts.append(_fragment(text))  # the cards of the next items
        elif text.startswith(("/", "http://", "https://")) and " " not in text:
            rel = "next" if key.lower().replace("_", "").replace("-", "") in _NEXT_KEYS else ""
            parts.append(f'<a href="{escape(text)}" rel="{rel}">{escape(key)}</a>')
