"""Feeds and sitemaps as publishers really write them: every item that can be recovered,
every link exactly as the publisher wrote it, plus what was wrong with the input.

The faults met in the wild, and what is done about each before lxml parses (with recovery):
- a bare `&` in a query string (`?id=1&lang=ar`): escaped, so neither XML recovery nor an
  HTML-entity table (`&lang` is "〈" to feedparser's loose parser) can eat the parameter name;
- an unescaped `<` in a title (`عاجل < ...`): escaped;
- a declared encoding the bytes contradict (UTF-8 bytes declared ISO-8859-1): UTF-8 wins,
  as for HTML pages, also when a few of its bytes are bad (a description cut mid-letter):
  those are replaced (crawler.extract.decode.utf8_text);
- a tail cut off mid-item: lxml's recovery keeps every complete item before the cut;
- an HTML page served as the feed: its links are read, and the page is reported.
"""

from __future__ import annotations

import codecs
import json
import re
import zlib
from dataclasses import dataclass
from datetime import time
from html import escape
from html.entities import html5
from urllib.parse import urljoin

from lxml import etree, html

from crawler.compression import gunzip
from crawler.extract.decode import utf8_text
from crawler.frontier import when

MAX_XML_BYTES = 50 * 1024 * 1024
_URL_IN_TAG = re.compile(
    rb"<(?:link|loc|guid)[^>]*>\s*(?:<!\[CDATA\[)?\s*(https?://[^<\s\]]+)", re.I
)
_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?\?>", re.S)
_DECLARED = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_CDATA = re.compile(r"(<!\[CDATA\[.*?\]\]>|<!--.*?-->)", re.S)
_BARE_AMP = re.compile(r"&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)")
# An HTML entity in a feed ("&nbsp;", "&hellip;"): XML knows only its five, so a parser would
# drop it and escaping its "&" would leave the name in the text.
_HTML_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_STRAY_LT = re.compile(r"<(?![A-Za-z_/!?])")
_TEXT_DECLARATION = re.compile(r"^\s*<\?xml[^>]*?\?>", re.S)
_UTF8 = ("utf-8", "utf8")
# A line of a text sitemap: one absolute address, nothing else.
_ADDRESS_LINE = re.compile(r"^https?://\S+$", re.IGNORECASE)


@dataclass(frozen=True)
class Entry:
    # As the publisher wrote it (entities decoded; against a feed's xml:base), maybe relative
    url: str
    published: str | None = None  # the raw publication date the feed or sitemap gave
    title: str | None = None
    updated: str | None = None  # Atom <updated> or sitemap <lastmod>: the publisher's edit signal


@dataclass(frozen=True)
class Parsed:
    kind: str  # feed | empty (a feed of no items) | urlset | sitemapindex | html | none
    entries: list[Entry]
    problem: str | None = None  # set when the input was malformed or not XML
    next_page: str | None = None  # a paged feed's next page (RFC 5005 rel="next", next_url)


def gunzip_if_needed(body: bytes, limit: int) -> bytes:
    """A body sent gzip-compressed without Content-Encoding (a sitemap's .xml.gz, a CDN's
    misconfiguration) inflated up to limit; a stream cut short gives what came before the cut
    (a feed's items, a listing's links). Raises as crawler.compression.gunzip."""
    if body[:2] != b"\x1f\x8b":
        return body
    return gunzip(body, limit)[0]


# The byte order marks of UTF-32 and UTF-16 (.NET's XmlWriter with Encoding.Unicode writes
# UTF-16 feeds and sitemaps): UTF-32's first, as its little-endian mark begins as UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _as_utf8(body: bytes) -> bytes:
    """A body in UTF-16 or UTF-32 as UTF-8, its XML declaration (encoding="utf-16") left out:
    the byte order mark decides, as XML says. Every reader below reads bytes as ASCII-based."""
    codec = next((codec for bom, codec in _BOMS if body.startswith(bom)), None)
    if codec is None:
        return body
    text = body.decode(codec, "replace").removeprefix("\ufeff")
    return _TEXT_DECLARATION.sub("", text, count=1).encode("utf-8")


def _inflated(body: bytes, what: str) -> tuple[bytes, Parsed | None]:
    """A feed or sitemap sent gzip-compressed without Content-Encoding (a `.xml.gz`, a server
    that compresses its feed files on disk), inflated; or the refusal of a broken one."""
    try:
        return _as_utf8(gunzip_if_needed(body, MAX_XML_BYTES)), None
    except (ValueError, OSError, EOFError, zlib.error) as exc:
        return body, Parsed("none", [], f"bad gzip {what}: {exc}")


# What comes before a document's root: an XML declaration, processing instructions (a feed's
# stylesheet), comments, a doctype, white space.
_PROLOG = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.S | re.I)
_ROOT_NAME = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")


def xml_kind(body: bytes) -> str | None:
    """ "feed" or "sitemap" for a body whose root element is a feed's (RSS, RSS 1.0, Atom)
    or a sitemap's (a urlset, a sitemap index), gzip-compressed or not; None for anything
    else (a page, JSON, a body that does not inflate). Judged by the root alone: a page
    that quotes "<rss" in a script is a page."""
    try:
        head = gunzip_if_needed(body[:MAX_XML_BYTES], MAX_XML_BYTES)[:8192]
    except (ValueError, zlib.error, EOFError):
        return None
    head = head.removeprefix(b"\xef\xbb\xbf")
    prolog = _PROLOG.match(head)
    root = _ROOT_NAME.match(head, prolog.end() if prolog else 0)
    name = root.group(1).decode("ascii").lower() if root else ""
    if name in _FEED_ROOTS:
        return "feed"
    return "sitemap" if name in _SITEMAP_ROOTS else None


def _decode(body: bytes, charset: str | None = None) -> tuple[str, str | None]:
    """The document as text, and what was wrong with its declared encoding. charset: the
    HTTP header's, which an XML declaration without an encoding leaves in force."""
    head = _DECLARATION.match(body)
    found = _DECLARED.search(head.group(0)) if head else None
    declared = found.group(1).decode("ascii").lower() if found else (charset or "").lower() or None
    in_document = found is not None  # a header's charset that the bytes overrule is no fault
    utf8 = utf8_text(body)  # UTF-8 with a few bad bytes (a cut letter) is still UTF-8
    if utf8 is not None:
        text, bad = utf8
        wrong = in_document and declared not in (None, *_UTF8) and not body.isascii()
        problems = [f"declared {declared} but the bytes are UTF-8"] if wrong else []
        problems += (
            [f"bytes that are not UTF-8 replaced in {bad} place{'s' * (bad > 1)}"] if bad else []
        )
        return text.removeprefix("\ufeff"), "; ".join(problems) or None
    if declared and declared not in _UTF8:
        try:
            return body.decode(declared), None
        except (LookupError, UnicodeDecodeError):
            pass
    # Not UTF-8 and no usable declaration: Arabic feeds that are not UTF-8 are windows-1256.
    return body.decode("cp1256", "replace"), f"not UTF-8 as declared ({declared or 'default'})"


def _repair(text: str) -> tuple[str, list[str]]:
    """Escape bare `&` and stray `<` outside CDATA sections and comments."""
    fixes = {"HTML entities": 0, "bare &": 0, "unescaped <": 0}
    parts = _CDATA.split(text)
    for i in range(0, len(parts), 2):  # odd indexes are CDATA sections and comments
        known = [m for m in _HTML_ENTITY.finditer(parts[i]) if _html_entity(m[1])]
        fixes["HTML entities"] += len(known)
        part = _HTML_ENTITY.sub(_character, parts[i]) if known else parts[i]
        part, amps = _BARE_AMP.subn("&amp;", part)
        part, lts = _STRAY_LT.subn("&lt;", part)
        fixes["bare &"] += amps
        fixes["unescaped <"] += lts
        parts[i] = part
    return "".join(parts), [f"{name} in {n} places" for name, n in fixes.items() if n]


def _html_entity(name: str) -> bool:
    return name not in _XML_ENTITIES and f"{name};" in html5


def _character(match: re.Match[str]) -> str:
    """An HTML entity as the character it names, escaped for XML; others as they are."""
    return escape(html5[f"{match[1]};"], quote=False) if _html_entity(match[1]) else match[0]


def _parse(body: bytes, charset: str | None = None) -> tuple[etree._Element | None, str | None]:
    text, encoding_problem = _decode(body, charset)
    text, fixes = _repair(_TEXT_DECLARATION.sub("", text.lstrip("\ufeff"), count=1).lstrip())
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        return None, f"not XML: {exc}"
    errors = [e for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR]
    found = [*([encoding_problem] if encoding_problem else []), *fixes]
    if errors:
        found.append(f"{errors[0].message.strip()} (line {errors[0].line})")
    return root, (f"malformed XML, recovered: {'; '.join(found)}" if found else None)


def _local(tag: object) -> str:
    """A tag's name without its namespace ("{uri}link"), or without a prefix the document never
    declared (`<media:content>` with no xmlns:media: lxml's recovery keeps "media:content" as
    the name, which etree.QName refuses)."""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(el: etree._Element, *names: str) -> str | None:
    for child in el.iter():
        if _local(child.tag) in names and child is not el:
            text = (child.text or "").strip() or (child.get("href") or "").strip()
            if text:
                return text
    return None


# RSS's own namespaces (none for 0.91-2.0, RSS 1.0's and 0.90's): an item's <link> and
# <title>, not an <atom:link rel="enclosure"> or a <media:title> written before them.
_RSS_NAMESPACES = frozenset(
    {"", "http://purl.org/rss/1.0/", "http://my.netscape.com/rdf/simple/0.9/",
     "http://backend.userland.com/rss2"}
)  # fmt: skip


def _namespace(tag: object) -> str | None:
    """A tag's namespace URI ("" for none), or None for a prefix the document never declared
    (`<media:title>` without xmlns:media: lxml's recovery keeps the prefix in the name)."""
    if not isinstance(tag, str):
        return None
    if tag.startswith("{"):
        return tag[1:].split("}", 1)[0]
    return None if ":" in tag else ""


def _own_text(item: etree._Element, name: str) -> str | None:
    """An RSS item's own child of this name (RSS's namespace), else the first descendant of
    the name that is no link to something else (a rel other than alternate)."""
    for child in item:
        if _local(child.tag) == name and _namespace(child.tag) in _RSS_NAMESPACES:
            text = (child.text or "").strip() or (child.get("href") or "").strip()
            if text:
                return text
    for child in item.iter():
        if child is item or _local(child.tag) != name:
            continue
        if child.get("rel", "alternate").strip().lower() != "alternate":
            continue
        text = (child.text or "").strip() or (child.get("href") or "").strip()
        if text:
            return text
    return None


def _without_build_stamps(entries: list[Entry], root: etree._Element | None) -> list[Entry]:
    """A feed that stamps every item with the moment it was built (a PHP feed's bug; the
    stamp moves on every request): a time of day all of its items (3 or more) share, or
    that two share with the channel's lastBuildDate, is no item's publication nor its edit:
    dropped (a page without a date of its own stays undated; re-crawls saw every item
    edited). Midnight shared is a day, which many items may well share."""
    stamps = {entry.published or entry.updated for entry in entries}
    stamps |= {entry.updated or entry.published for entry in entries}
    if len(stamps) != 1 or len(entries) < 2 or None in stamps:
        return entries  # (every item has it, as its date and as its edit's if any)
    stamp = stamps.pop() or ""
    built = _channel_text(root, "lastbuilddate")
    moment = when(stamp)
    if (
        moment is None
        or moment.time() == time(0, 0)
        or not (len(entries) >= 3 or (built is not None and when(built) == moment))
    ):
        return entries
    return [Entry(entry.url, None, entry.title, None) for entry in entries]


def _channel_text(root: etree._Element | None, name: str) -> str | None:
    channel = next((el for el in root.iter() if _local(el.tag) == "channel"), root) if (
        root is not None) else None  # fmt: skip
    if channel is None:
        return None
    return next(((c.text or "").strip() for c in channel if _local(c.tag) == name), None)


def looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:200]


# Where a feed or sitemap starts after an HTML page printed before it (a PHP warning's page,
# a WAF's notice): its XML declaration, or its root after the page's end.
_XML_START = re.compile(rb"<\?xml\b")
_ROOT_START = re.compile(rb"<(?:rss|feed|rdf:RDF|urlset|sitemapindex)\b", re.I)
_HTML_END = re.compile(rb"</html\s*>", re.I)


def _xml_after_html(body: bytes) -> int:
    """Where the XML starts in a body that begins as an HTML page, or 0: the page is
    all there is (a page's own "<feed" in a script is no feed: a root counts after </html>)."""
    found = _XML_START.search(body, 1)
    if found:
        return found.start()
    end = _HTML_END.search(body)
    found = _ROOT_START.search(body, end.end()) if end else None
    return found.start() if found else 0


def parse_feed(body: bytes, charset: str | None = None) -> Parsed:
    """RSS 2.0, RSS 1.0, Atom and JSON Feed. An HTML page served as the feed is reported, and
    the links on it are returned (the spider keeps those that are articles of the source).
    charset: the one the HTTP header names, if any."""
    body, refused = _inflated(body, "feed")
    if refused:
        return refused
    if not body.strip():
        return Parsed("empty", [], "the feed answered with an empty body")
    prefixed = looks_like_html(body) and _xml_after_html(body)
    if looks_like_html(body) and not prefixed:
        return _html_links(body)
    if prefixed:
        body = body[prefixed:]
    if body.lstrip().removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"{":
        return _json_feed(body)
    root, problem = _parse(body, charset)
    if prefixed:
        problem = "; ".join(filter(None, ["an HTML page before the feed, left out", problem]))
    if root is not None and _local(root.tag) in _SITEMAP_ROOTS:
        return parse_sitemap(body)  # a sitemap given as a feed: read as what it says it is
    entries: list[Entry] = []
    if root is not None:
        for item in root.iter():
            name = _local(item.tag)
            # FeedBurner's origLink first: the item's link is its redirector's address.
            if name == "item":
                url = (
                    _child_text(item, "origlink") or _own_text(item, "link")
                    or _permalink(item) or _about(item)
                )  # fmt: skip
                date = _child_text(item, "pubdate", "date", "published")
                updated = _child_text(item, "updated")
                title = _own_text(item, "title")
            elif name == "entry":
                url = _child_text(item, "origlink") or _atom_link(item)
                date = _child_text(item, "published", "issued") or _child_text(item, "updated")
                updated = _child_text(item, "updated")
                title = _child_text(item, "title")
            else:
                continue
            if url:
                # Relative links are relative to the xml:base in scope, if any (lxml's base).
                base, url = item.base, _unescaped(url.strip())
                url = urljoin(base, url) if base else url
                entries.append(Entry(url, date, title, updated))
    entries = _without_build_stamps(entries, root)
    items = root is not None and any(_local(el.tag) in ("item", "entry") for el in root.iter())
    if not entries and (root is None or problem or items):  # none of no items to look for
        entries = [Entry(u.decode("utf-8", "replace")) for u in _URL_IN_TAG.findall(body)]
        if entries:
            problem = problem or "no item links read; URLs recovered by pattern"
    if not entries and problem is None:
        if items:
            problem = "feed items without links"
        elif root is not None and _local(root.tag) in ("rss", "feed", "rdf", "channel"):
            return Parsed("empty", [], "feed has no items")
        else:
            problem = "not XML" if root is None else f"not a feed: <{_local(root.tag)}>"
    return Parsed("feed", entries, problem, _next_link(root))


def _next_link(root: etree._Element | None) -> str | None:
    """A paged feed's next page: the feed's own <atom:link rel="next"> (WordPress ?paged=2,
    RFC 5005), not an item's; relative to the xml:base in scope."""
    if root is None:
        return None
    channel = next((el for el in root.iter() if _local(el.tag) == "channel"), root)
    for child in channel:
        if _local(child.tag) == "link" and child.get("rel") == "next" and child.get("href"):
            href = child.get("href", "").strip()
            return urljoin(child.base, href) if child.base else href
    return None


def _json_feed(body: bytes) -> Parsed:
    """A JSON Feed (jsonfeed.org): its items' url (or external_url) and dates."""
    utf8 = utf8_text(body)
    if utf8 is None:
        return Parsed("none", [], "not a feed: JSON that is not UTF-8")
    try:
        feed = json.loads(utf8[0].removeprefix("\ufeff"))
    except (ValueError, RecursionError) as exc:
        return Parsed("none", [], f"not a feed: malformed JSON ({exc})")
    items = feed.get("items") if isinstance(feed, dict) else None
    if not isinstance(items, list):
        return Parsed("none", [], "not a feed: JSON without a JSON Feed's items")
    entries = [
        Entry(
            url.strip(),
            _text(item, "date_published"),
            _text(item, "title"),
            _text(item, "date_modified"),
        )  # fmt: skip
        for item in items
        if isinstance(item, dict) and (url := _json_address(item))
    ]
    following = _text(feed, "next_url")
    if entries:
        return Parsed("feed", entries, None, following)
    if items:
        return Parsed("feed", [], f"feed items without links ({len(items)} items)", following)
    return Parsed("empty", [], "feed has no items", following)


def _json_address(item: dict) -> str | None:
    """A JSON Feed item's address: its url, external_url, or an id that is an http(s)
    address (url is optional; generators leave it out, as an RSS guid may be the permalink)."""
    found = _text(item, "url") or _text(item, "external_url")
    if found:
        return found
    ident = _text(item, "id")
    return (
        ident.strip()
        if ident and ident.strip().lower().startswith(("http://", "https://"))
        else None
    )


def _text(item: dict, key: str) -> str | None:
    value = item.get(key)
    return value if isinstance(value, str) and value.strip() else None


def _html_links(body: bytes) -> Parsed:
    """A feed URL answering an HTML page: a list of links, most often the newest stories."""
    try:
        tree = html.document_fromstring(body)
    except (etree.ParserError, ValueError):
        return Parsed("none", [], "not a feed: an HTML page was served")
    seen: dict[str, None] = {}
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if href and not href.startswith(("#", "javascript:", "mailto:")):
            seen.setdefault(href, None)
    entries = [Entry(href) for href in seen]
    where = f"its {len(entries)} links were read" if entries else "it has no links"
    return Parsed("html", entries, f"not a feed: an HTML page was served; {where}")


def _unescaped(url: str) -> str:
    """A link its CMS escaped twice ("news.php?id=7&amp;amp;lang=ar" in the XML): "&amp;"
    is still in it once parsed, and would be a parameter "amp;lang" of another address."""
    while "&amp;" in url:
        url = url.replace("&amp;", "&")
    return url


def _first_text(node: etree._Element, name: str) -> str | None:
    """The text of a direct child (sitemap fields are never nested, news fields are)."""
    return next((c.text.strip() for c in node if _local(c.tag) == name and c.text), None)


def _permalink(item: etree._Element) -> str | None:
    """An item's guid, when it has no link and its guid is an address (isPermaLink="false"
    included: WordPress writes "https://site/?p=123" so, and it leads to the post); a path
    ("/news/8/…", read against the feed's address) when the guid says it is a permalink."""
    for child in item:
        if _local(child.tag) == "guid":
            text = (child.text or "").strip()
            if text.startswith(("http://", "https://")):
                return text
            permalink = (child.get("isPermaLink") or "true").strip().lower() != "false"
            return text if permalink and text.startswith("/") else None
    return None


_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"


def _about(item: etree._Element) -> str | None:
    """An RSS 1.0 item's rdf:about, its address, when it has no link of its own."""
    about = (item.get(_RDF) or "").strip()
    return about if about.startswith(("http://", "https://", "/")) else None


def _atom_link(entry: etree._Element) -> str | None:
    for child in entry:
        if _local(child.tag) == "link" and child.get("rel", "alternate") == "alternate":
            return child.get("href")
    return None


_SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})
_FEED_ROOTS = frozenset({"rss", "feed", "rdf"})


def parse_sitemap(body: bytes) -> Parsed:
    """Sitemap, sitemap index, or Google News sitemap: the publication date (news) and the
    lastmod (the edit signal) are kept apart. A text sitemap (one address a line) too."""
    body, refused = _inflated(body, "sitemap")
    if refused:
        return refused
    prefixed = looks_like_html(body) and _xml_after_html(body)
    if looks_like_html(body) and not prefixed:
        return Parsed("none", [], "not a sitemap: an HTML page was served")
    if prefixed:
        body = body[prefixed:]
    listed = _text_sitemap(body)
    if listed is not None:
        return listed
    root, problem = _parse(body)
    if prefixed:
        problem = "; ".join(filter(None, ["an HTML page before the sitemap, left out", problem]))
    if root is None:
        urls = [Entry(u.decode("utf-8", "replace")) for u in _URL_IN_TAG.findall(body)]
        return Parsed("urlset", urls, problem)
    if _local(root.tag).lower() in _FEED_ROOTS:
        # A feed given as a sitemap (search engines take RSS and Atom as sitemaps, and
        # robots.txt may name one): its items are the sitemap's entries.
        return parse_feed(body)
    kind = "sitemapindex" if _local(root.tag) == "sitemapindex" else "urlset"
    entries = []
    for node in root:
        if _local(node.tag) not in ("url", "sitemap"):
            continue
        loc = _first_text(node, "loc")
        if not loc:
            continue
        loc = _unescaped(loc)
        lastmod = _first_text(node, "lastmod")
        published = _child_text(node, "publication_date")
        entries.append(Entry(loc, published, _child_text(node, "title"), lastmod))
    if not entries and problem is None:
        problem = "sitemap has no <loc> entries"
    return Parsed(kind, entries, problem)


def _text_sitemap(body: bytes) -> Parsed | None:
    """sitemaps.org's text form: one absolute http(s) address a line, blank lines aside.
    None for a body that is markup or holds no such line (then it is no sitemap of this
    form); lines that are not addresses are named as the sitemap's problem."""
    if body[:4096].lstrip().removeprefix(b"\xef\xbb\xbf").lstrip()[:1] in (b"<", b""):
        return None  # markup, or nothing: not decoded twice
    text = _decode(body)[0].lstrip("\ufeff")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    found = [Entry(line) for line in lines if _ADDRESS_LINE.match(line)]
    if not found:
        return None
    stray = len(lines) - len(found)
    problem = f"text sitemap: {stray} lines are not addresses" if stray else None
    return Parsed("urlset", found, problem)
