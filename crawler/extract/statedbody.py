"""The article body a page states in its data, for pages whose HTML shows only part of it.

A script-rendered site (Next.js `__NEXT_DATA__`, a `<script type="application/json">` state)
serves its lead and a "read more" skeleton; the paragraphs are in the page's JSON. JSON-LD's
`articleBody` says the same for any site. Used only when it is clearly the same article (it
holds the lead the HTML shows) and clearly more of it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from lxml import html

from archive.normalize import normalize

# Fields that hold a paragraph's text in a list of body blocks.
_TEXT_KEYS = ("text", "content", "html", "body", "value", "paragraph")
_TAG = re.compile(r"<[^>]+>")
_STATE_SCRIPTS = '//script[@id="__NEXT_DATA__" or @type="application/json"]'
# The stated body must be this much longer than what the HTML gave to be taken instead.
LONGER = 1.5
LEAD_CHARS = 40
# A text the HTML gave that is longer than this is no lead cut short: the data is not read.
MAX_SHOWN_CHARS = 3000
# A body block is a small object ({"type": "paragraph", "text": …}); a list of bigger ones is a
# list of articles (related stories, this one among them), never this article's body.
MAX_BLOCK_KEYS = 5
MAX_STATE_CHARS = 5_000_000


def stated_body(tree: html.HtmlElement, json_ld: list[dict], shown: list[str]) -> list[str] | None:
    """Paragraphs of the article as the page's data states them, when the HTML's text
    (shown) is its lead and no more; None otherwise."""
    have = sum(len(p) for p in shown)
    if not shown or have > MAX_SHOWN_CHARS:
        return None
    lead = " ".join(normalize(shown[0]).split())[:LEAD_CHARS]
    for paragraphs in _candidates(tree, json_ld):
        opening = " ".join(normalize(" ".join(paragraphs[:2])).split())
        stated = sum(len(p) for p in paragraphs)
        if lead in opening and stated > LONGER * have:
            return paragraphs
    return None


def _candidates(tree: html.HtmlElement, json_ld: list[dict]) -> Iterator[list[str]]:
    for obj in json_ld:
        body = obj.get("articleBody")
        if isinstance(body, str) and body.strip():
            yield _paragraphs(body)
    for script in tree.xpath(_STATE_SCRIPTS):
        text = script.text or ""
        if not text.strip() or len(text) > MAX_STATE_CHARS:
            continue
        try:
            state = json.loads(text)
        except ValueError:
            continue
        yield from (blocks for blocks in _block_lists(state) if blocks)


def _paragraphs(text: str) -> list[str]:
    lines = [" ".join(_TAG.sub(" ", line).split()) for line in re.split(r"\n|</p>", text)]
    return [line for line in lines if line]


def _block_lists(value: Any, depth: int = 0) -> Iterator[list[str]]:
    """Lists of body blocks in an app's state: strings, or objects with a text field."""
    if depth > 12:
        return
    if isinstance(value, list):
        texts = [_block_text(item) for item in value]
        if len(texts) >= 2 and all(t is not None for t in texts):
            yield [p for t in texts if t for p in _paragraphs(t)]
        for item in value:
            yield from _block_lists(item, depth + 1)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _block_lists(item, depth + 1)


def _block_text(item: Any) -> str | None:
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        if len(item) > MAX_BLOCK_KEYS:
            return None
        for key in _TEXT_KEYS:
            if isinstance(item.get(key), str):
                return str(item[key])
        return ""  # an image, an embed: a block without text
    return None
