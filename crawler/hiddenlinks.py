"""The links a listing gives outside `<a href>`: a JSON-LD `ItemList` of its stories (a
category page's structured data, often its only list when the cards are drawn by a script),
cards that navigate by `data-href` / `data-url` / `data-link`, and `onclick` handlers that set
`location`. A crawl that read anchors alone never found those stories."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree, html

_JSON_LD = etree.XPath("//script[@type='application/ld+json']/text()")
_DATA_LINKS = etree.XPath("//*[not(self::a or self::link)][@data-href or @data-url or @data-link]")
_ONCLICK = etree.XPath("//*[contains(@onclick, 'location') or contains(@onclick, 'window.open')]")
# location.href = '/news/1', window.location='…', location.assign("…"), window.open('…')
_NAVIGATION = re.compile(
    r"""(?:location(?:\.href)?\s*=\s*|location\.(?:assign|replace)\(\s*|window\.open\(\s*)"""
    r"""(['"])(?P<url>[^'"]+)\1"""
)
MAX_LIST_ITEMS = 5000  # an ItemList's entries read at most (a page's links are bounded alike)


# What a card's data-url may name besides a story: the endpoints a script asks for its
# comments, likes, views or share counts ("/news/11/comments", "/ajax/like?id=11").
_ENDPOINT = re.compile(
    r"/(?:comments?|likes?|views?|counters?|share|print|ajax|api|json|rate|votes?|reactions?)"
    r"(?:[/?.]|$)|\.json(?:\?|$)",
    re.IGNORECASE,
)
CARD_WORDS = 3  # a card shows its story's headline: an element this wordy, or with a heading


def hidden_links(tree: html.HtmlElement) -> list[str]:
    """The page's addresses outside anchors, in page order per kind, each once."""
    found = [*_item_lists(tree), *_data_links(tree), *_onclick_links(tree)]
    return list(dict.fromkeys(u.strip() for u in found if u and u.strip()))


def _data_links(tree: html.HtmlElement) -> Iterator[str]:
    """The addresses cards navigate to: elements that show a story (a heading, an image or
    a few words), not the empty holders a script fills from an endpoint."""
    for el in _DATA_LINKS(tree):
        if not _shows_a_story(el):
            continue
        for name in ("data-href", "data-url", "data-link"):
            value = el.get(name)
            # (an endpoint only where a card names it: an ItemList's "/views/…" is opinion)
            skip = not value or value.lstrip().startswith(("#", "javascript:"))
            if not skip and not _ENDPOINT.search(value):
                yield value


def _shows_a_story(el: html.HtmlElement) -> bool:
    if len(el.text_content().split()) >= CARD_WORDS:
        return True
    return next(el.iterdescendants("img", "h1", "h2", "h3", "h4", "h5", "h6"), None) is not None


def _onclick_links(tree: html.HtmlElement) -> Iterator[str]:
    for el in _ONCLICK(tree):
        for found in _NAVIGATION.finditer(el.get("onclick", "")):
            yield found["url"]


def _item_lists(tree: html.HtmlElement) -> Iterator[str]:
    for script in _JSON_LD(tree):
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):
            continue  # a broken block: the page's anchors are read all the same
        for item_list in _lists_in(data):
            entries = item_list.get("itemListElement")
            for entry in (entries if isinstance(entries, list) else [])[:MAX_LIST_ITEMS]:
                url = _entry_url(entry)
                if url:
                    yield url


def _lists_in(data: Any) -> Iterator[dict]:
    """The ItemLists of a JSON-LD block: at its top, in an array, in an @graph, or as a
    page's mainEntity."""
    if isinstance(data, list):
        for value in data:
            yield from _lists_in(value)
    elif isinstance(data, dict):
        kind = data.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if "ItemList" in kinds:
            yield data
        for key in ("@graph", "mainEntity"):
            if key in data:
                yield from _lists_in(data[key])


def _entry_url(entry: Any) -> str | None:
    """A ListItem's address: its url, or its item's (an object, or the address itself).
    (A BreadcrumbList, its sections, is no ItemList.)"""
    if isinstance(entry, str):
        return entry
    if not isinstance(entry, dict):
        return None
    item = entry.get("item")
    for value in (entry.get("url"), item if isinstance(item, str) else None):
        if isinstance(value, str):
            return value
    if isinstance(item, dict):
        for key in ("url", "@id"):
            if isinstance(item.get(key), str):
                return str(item[key])
    return None
