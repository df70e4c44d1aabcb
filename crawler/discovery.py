"""Feeds and sitemaps: every item that can be recovered, plus what was wrong with the input."""

from __future__ import annotations

import gzip
import re
import zlib
from dataclasses import dataclass

from lxml import etree

MAX_XML_BYTES = 50 * 1024 * 1024
_URL_IN_TAG = re.compile(
    rb"<(?:link|loc|guid)[^>]*>\s*(?:<!\[CDATA\[)?\s*(https?://[^<\s\]]+)", re.I
)
_HREF = re.compile(rb"<link[^>]+href=[\"'](https?://[^\"']+)", re.I)


@dataclass(frozen=True)
class Entry:
    url: str
    published: str | None = None  # the raw date string the feed or sitemap gave
    title: str | None = None
    updated: str | None = None  # when the publisher says it last changed (lastmod, <updated>)


@dataclass(frozen=True)
class Parsed:
    kind: str  # feed | urlset | sitemapindex | none
    entries: list[Entry]
    problem: str | None = None  # set when the input was malformed or not XML


def gunzip_if_needed(body: bytes, limit: int = MAX_XML_BYTES) -> bytes:
    """Sitemaps are often served as .xml.gz without Content-Encoding; inflate with a cap."""
    if body[:2] != b"\x1f\x8b":
        return body
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    data = inflater.decompress(body, limit)
    if inflater.unconsumed_tail:
        raise ValueError(f"gzip body inflates past {limit} bytes")
    return data


def _parse(body: bytes) -> tuple[etree._Element | None, str | None]:
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        return None, f"not XML: {exc}"
    errors = [e for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR]
    problem = (
        f"malformed XML, recovered: {errors[0].message.strip()} (line {errors[0].line})"
        if errors
        else None
    )
    return root, problem


def _local(tag: object) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _child_text(el: etree._Element, *names: str) -> str | None:
    for child in el.iter():
        if _local(child.tag) in names and child is not el:
            text = (child.text or "").strip() or (child.get("href") or "").strip()
            if text:
                return text
    return None


def looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:200]


def parse_feed(body: bytes) -> Parsed:
    """RSS 2.0, RSS 1.0 and Atom. An HTML page with status 200 is reported, not parsed."""
    if looks_like_html(body):
        return Parsed("none", [], "not a feed: an HTML page was served")
    root, problem = _parse(body)
    entries: list[Entry] = []
    if root is not None:
        for item in root.iter():
            name = _local(item.tag)
            if name == "item":
                url = _child_text(item, "link") or _permalink(item)
                date = _child_text(item, "pubdate", "date", "published")
            elif name == "entry":
                url = _atom_link(item)
                date = _child_text(item, "published", "updated")
            else:
                continue
            if url:
                updated = _child_text(item, "updated", "modified")
                entries.append(Entry(url.strip(), date, _child_text(item, "title"), updated))
    if not entries:
        entries = [Entry(u.decode("utf-8", "replace")) for u in _URL_IN_TAG.findall(body)]
        if entries:
            problem = problem or "feed unreadable as XML; URLs recovered by pattern"
    if not entries and problem is None:
        problem = "feed has no items" if root is not None else "not XML"
    return Parsed("feed", entries, problem)


def _permalink(item: etree._Element) -> str | None:
    for child in item:
        if _local(child.tag) == "guid" and child.get("isPermaLink", "true") != "false":
            text = (child.text or "").strip()
            return text if text.startswith("http") else None
    return None


def _atom_link(entry: etree._Element) -> str | None:
    for child in entry:
        if _local(child.tag) == "link" and child.get("rel", "alternate") == "alternate":
            return child.get("href")
    return None


def parse_sitemap(body: bytes) -> Parsed:
    """Sitemap, sitemap index, or Google News sitemap; lastmod and news:publication_date kept."""
    try:
        body = gunzip_if_needed(body)
    except (ValueError, zlib.error, EOFError, gzip.BadGzipFile) as exc:
        return Parsed("none", [], f"bad gzip sitemap: {exc}")
    if looks_like_html(body):
        return Parsed("none", [], "not a sitemap: an HTML page was served")
    root, problem = _parse(body)
    if root is None:
        urls = [Entry(u.decode("utf-8", "replace")) for u in _URL_IN_TAG.findall(body)]
        return Parsed("urlset", urls, problem)
    kind = "sitemapindex" if _local(root.tag) == "sitemapindex" else "urlset"
    entries = []
    for node in root:
        if _local(node.tag) not in ("url", "sitemap"):
            continue
        loc = next((c.text.strip() for c in node if _local(c.tag) == "loc" and c.text), None)
        if not loc:
            continue
        lastmod = _child_text(node, "lastmod")
        date = _child_text(node, "publication_date") or lastmod
        entries.append(Entry(loc, date, _child_text(node, "title"), lastmod))
    if not entries and problem is None:
        problem = "sitemap has no <loc> entries"
    return Parsed(kind, entries, problem)
