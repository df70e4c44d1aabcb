"""What a site says about its own feeds and sitemaps, for a source that lists none:
the feeds declared in a page's `<link rel="alternate">`, the `Sitemap:` lines of robots.txt
(as Scrapy's robots.txt parser read them)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urljoin

from lxml import html

from crawler.pagination import parse_page

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")


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


def sitemap_urls(urls: Iterable[str], robots: str) -> list[str]:
    """The sitemaps a robots.txt names (its `Sitemap:` lines, as parsed): http(s) URLs, a
    relative one ("Sitemap: /sitemap.xml") read against the robots.txt's own address, in
    order, without repeats."""
    absolute = (urljoin(robots, u.strip()) for u in urls)
    return list(dict.fromkeys(u for u in absolute if u.startswith(("http://", "https://"))))
