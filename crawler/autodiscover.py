"""What a site says about its own feeds and sitemaps, for a source that lists none:
the feeds declared in a page's `<link rel="alternate">`, the `Sitemap:` lines of robots.txt."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import html

from crawler.pagination import parse_page

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.I | re.M)


def feed_links(page: str | bytes | html.HtmlElement, page_url: str) -> list[str]:
    """Absolute URLs of the feeds a page declares, in document order, without repeats.
    JSON feeds are not read by the feed parser, so they are left out."""
    tree = parse_page(page)
    if tree is None:
        return []
    base = next((urljoin(page_url, b.get("href")) for b in tree.iter("base") if b.get("href")),
                page_url)  # fmt: skip
    found: dict[str, None] = {}
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        href = (link.get("href") or "").strip()
        if "alternate" in rel and kind in FEED_TYPES[:2] and href:
            found.setdefault(urljoin(base, href), None)
    return list(found)


def robots_sitemaps(robots_txt: str | bytes) -> list[str]:
    """The `Sitemap:` URLs of a robots.txt, in order, without repeats."""
    text = robots_txt.decode("utf-8", "replace") if isinstance(robots_txt, bytes) else robots_txt
    found: dict[str, None] = {}
    for match in _SITEMAP_LINE.finditer(text):
        if match.group(1).startswith(("http://", "https://")):
            found.setdefault(match.group(1), None)
    return list(found)
