"""A listing served as JSON: the endpoint a "المزيد" (load more) button asks, answering
`{"html": "<div class='card'><a href=…>…</a></div>…", "next": "/ajax/more?page=3"}` or a
list of items with their URLs. Read as an HTML page of the same links, so that the listing
code reads it like any other: HTML fragments as they are, a URL as a link, and a URL under a
key such as "next" as the link to the next page (rel=next); a page's number there
(`"nextPage": 3`), an offset (`"next_offset": 40`) or a cursor (`"next_cursor": "eyJ…"`, or
a bare `"cursor"` other than the one asked with) is the endpoint's own address with that page,
offset or cursor."""

from __future__ import annotations

import json
import re
from html import escape
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from lxml import etree, html

from crawler.extract.decode import utf8_text
from crawler.extract.statedbody import page_states

# Keys whose URL is the listing's next page (compared without case, "_" or "-").
_NEXT_KEYS = frozenset({"next", "nexturl", "nextpage", "nextpageurl", "nextlink", "more",
                        "loadmore", "moreurl", "nexthref"})  # fmt: skip
# Keys that only say whether there is more ("more": 1, "hasMore": true): the next page is
# the endpoint's own page number plus one.
_MORE_FLAGS = frozenset({"more", "loadmore", "hasmore", "hasnext", "hasnextpage", "moreavailable"})
# Keys whose number is the next page's offset ("next_offset": 40): set on the endpoint's
# offset parameter.
_OFFSET_KEYS = frozenset({"nextoffset", "nextstart", "nextfrom", "nextskip"})
_OFFSET_PARAM = re.compile(r"^(?:offset|start|from|skip)$", re.I)
# Keys whose token is the next page's cursor ("next_cursor": "eyJpZCI6OTl9"): set on the
# endpoint's cursor parameter.
_CURSOR_KEYS = frozenset({"nextcursor", "endcursor", "nextpagetoken", "nexttoken"})
_CURSOR_PARAM = re.compile(r"^(?:cursor|after|page_?token)$", re.I)
# A cursor under its bare name beside a flag of more ("pagination": {"cursor": "c8",
# "has_more": true}): the next page's when it is not the one the endpoint was asked with.
# (Not in a list: GraphQL's edges each carry their own "cursor".)
_BARE_CURSOR = "cursor"
_AFTER = "after"
# HAL's (and the WordPress REST API's) links of each item to its own API resources: the
# post's JSON, its author, replies and terms, never a listing's page.
_API_LINKS = "_links"
MAX_JSON_BYTES = 5 * 1024 * 1024
# The query parameter that numbers an endpoint's pages ("?page=2", "?p=2", "?paged=2").
_PAGE_PARAM = re.compile(r"^(?:page|p|pg|paged|pagenum|pagenumber|pageno|pageindex)$", re.I)


def json_listing(body: bytes, url: str | None = None) -> str | None:
    """The JSON body as an HTML page of its links; None when it is not JSON. url: the
    endpoint's address, which a next page given by its number is made from."""
    head = body[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith((b"{", b"[")) or len(body) > MAX_JSON_BYTES:
        return None
    utf8 = utf8_text(body)  # a few bad bytes (a title cut mid-letter) are replaced
    if utf8 is None:
        return None
    try:
        data = json.loads(utf8[0].removeprefix("\ufeff"))
    except (ValueError, RecursionError):
        return None
    found = _Found(url)
    _walk(data, "", found)
    return f"<html><body>{''.join(found.links())}</body></html>"


def state_listing(tree: html.HtmlElement) -> str:
    """The links a page's own app state holds (__NEXT_DATA__'s stories, the next chunk's
    "nextPage"), read by the same keys as an endpoint's answer, as HTML."""
    found = _Found(None)  # a flag of more alone names no page of the HTML page's own
    for state in page_states(tree, _STATE_WORDS):
        _walk(state, "", found)
    return "".join(found.links())


_STATE_WORDS = ('"/', '"http', '/"', "/'")  # a state that holds no address gives none


class _Found:
    """What a JSON answer holds: its cards and links, and whether it only flagged that
    there is more ("hasMore": true)."""

    def __init__(self, url: str | None) -> None:
        self.url = url
        self.parts: list[str] = []
        self.given = False  # a next page named by URL, number, offset or cursor
        self.flagged = False
        self.ended = False  # "hasNextPage": false (GraphQL sends its endCursor all the same)
        self.cursors: list[str] = []

    def flag(self, more: bool) -> None:
        """ "hasMore": true or 1 says there is a next page; false or 0 that this is the last."""
        self.flagged = self.flagged or more
        self.ended = self.ended or not more

    def add(self, part: str, is_next: bool = False) -> None:
        self.parts.append(part)
        self.given = self.given or is_next

    def links(self) -> list[str]:
        """Its links, and for a flag alone the endpoint's page after this one: not beside
        a next page given otherwise, nor on an endpoint that pages by offset or cursor
        (page=N+1 would be a page it never had)."""
        if self.cursors and not self.ended:
            return [*self.parts, *self.cursors]
        if not (self.flagged and self.url) or self.given or _paged_otherwise(self.url):
            return self.parts
        return [*self.parts, _link(_numbered(self.url, str(_page_of(self.url) + 1)), "", True)]


def _paged_otherwise(url: str) -> bool:
    names = [k for k, _ in parse_qsl(urlsplit(url).query)]
    if any(_PAGE_PARAM.match(k) for k in names):
        return False  # "?page=2&from=home": numbered all the same
    return any(_OFFSET_PARAM.match(k) or _CURSOR_PARAM.match(k) for k in names)


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


def _walk(value: Any, key: str, found: _Found, flagged: bool = False, listed: bool = False) -> None:
    """flagged: value sits in an object beside a flag of more ("has_more"); listed: in a
    list's item (an item's own fields, never the page's cursor)."""
    if isinstance(value, dict):
        beside = any(_name(str(name)) in _MORE_FLAGS for name in value)
        for name, item in value.items():
            if name != _API_LINKS:
                _walk(item, str(name), found, beside, listed)
    elif isinstance(value, list):
        for item in value:
            _walk(item, key, found, listed=True)
    elif isinstance(value, bool):
        if _name(key) in _MORE_FLAGS:
            found.flag(value)
    elif isinstance(value, str | int):
        text = str(value).strip()
        if not listed and _name(key) == _AFTER and text != _cursor_of(found.url or ""):
            # Reddit's "after", the page's own (an endpoint asked ?after=c10 answers c20)
            flagged = flagged or _cursor_of(found.url or "") is not None
            key = _BARE_CURSOR if flagged else key
        _scalar(text, key, found, flagged)


def _scalar(text: str, key: str, found: _Found, flagged: bool = False) -> None:
    name, url = _name(key), found.url
    is_next = name in _NEXT_KEYS
    if "<" in text and ">" in text:
        found.add(_fragment(text))  # the cards of the next items
    elif text.startswith(("/", "http://", "https://")) and " " not in text:
        found.add(_link(text, key, is_next), is_next)
    elif not url or " " in text or not text:
        return
    elif is_next and text.startswith("?"):
        found.add(_link(urljoin(url, text), key, True), True)
    elif name in _OFFSET_KEYS and text.isdigit():
        found.add(_link(_numbered(url, text, _OFFSET_PARAM, "offset"), key, True), True)
    elif name in _CURSOR_KEYS or (flagged and name == _BARE_CURSOR and text != _cursor_of(url)):
        if text != "0":  # Twitter's last page
            found.cursors.append(_link(_numbered(url, text, _CURSOR_PARAM, "cursor"), key, True))
            found.given = True
    elif name in _MORE_FLAGS and text in ("0", "1"):
        found.flag(text == "1")  # "more": 1 on page 3: there is a page 4
    elif (is_next or name in _MORE_FLAGS) and text.isdigit():
        number = _next_number(url, int(text))
        if number is not None:
            found.add(_link(_numbered(url, str(number)), key, True), True)


def _cursor_of(url: str) -> str | None:
    """The cursor the endpoint was asked with, if any."""
    return next((v for k, v in parse_qsl(urlsplit(url).query) if _CURSOR_PARAM.match(k)), None)


def _next_number(url: str, number: int) -> int | None:
    """The next page's number, when it is one past this page's."""
    return number if number > _page_of(url) else None


def _name(key: str) -> str:
    return key.lower().replace("_", "").replace("-", "")


def _page_of(url: str) -> int:
    """The endpoint's page number: its page parameter, 1 without one."""
    pairs = parse_qsl(urlsplit(url).query)
    number = next((v for k, v in pairs if _PAGE_PARAM.match(k)), "1")
    return int(number) if number.isdigit() else 1


def _link(href: str, key: str, is_next: bool) -> str:
    return f'<a href="{escape(href)}" rel="{"next" if is_next else ""}">{escape(key)}</a>'


def _numbered(
    url: str, number: str, param: re.Pattern[str] = _PAGE_PARAM, default: str = "page"
) -> str:
    """The endpoint's address asking for that page: its page parameter set to the number,
    or `page` added when it has none (the first page is often asked without). Or so for
    its offset parameter."""
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    name = next((k for k, _ in pairs if param.match(k)), None)
    if name is None:
        pairs.append((default, number))
    else:
        pairs = [(k, number if k == name else v) for k, v in pairs]
    return parts._replace(query=urlencode(pairs)).geturl()
