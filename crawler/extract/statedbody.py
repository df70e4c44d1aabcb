"""The article body a page states in its data, for pages whose HTML shows only part of it.

A script-rendered site (Next.js `__NEXT_DATA__`, a `<script type="application/json">` state)
serves its lead and a "read more" skeleton, or nothing at all; the paragraphs are in the
page's JSON. JSON-LD's `articleBody` says the same for any site. Used only when it is this
article's (its object's headline is the page's title, and it opens with the lead the HTML
shows, if any) and clearly more."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape
from typing import Any

from lxml import etree, html

from archive.normalize import normalize, tokens
from crawler.extract.scriptstate import angular_state, astro_props, flight_states, script_states

# Fields that hold a paragraph's text in a list of body blocks.
_TEXT_KEYS = ("text", "content", "html", "body", "value", "paragraph")
_TAG = re.compile(r"<[^>]+>")
_STATE_SCRIPTS = etree.XPath('//script[@id="__NEXT_DATA__" or @type="application/json"]')
# Inline JavaScript, which may assign the state (scriptstate), and Astro's islands' props.
_CODE_SCRIPTS = etree.XPath(
    '//script[not(@src) and (not(@type) or contains(@type, "javascript"))]/text()'
)
_ISLAND_PROPS = etree.XPath("//astro-island/@props")
# The stated body must be this much longer than what the HTML gave to be taken instead.
LONGER = 1.5
LEAD_CHARS = 40
# A text the HTML gave that is longer than this is no lead cut short: the data is not read.
MAX_SHOWN_CHARS = 3000
# A body block is a small object ({"type": "paragraph", "text": …}); a list of bigger ones is a
# list of articles (related stories, this one among them), never this article's body.
MAX_BLOCK_KEYS = 5
MAX_STATE_CHARS = 1_000_000  # a bigger state holds far more than one article's page
MAX_DEPTH = 12
# The markup an HTML articleBody may carry: block ends are line ends; captions are not text.
_BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|div|h[1-6]|li|blockquote)\s*>", re.IGNORECASE)
_CAPTIONS = re.compile(r"<(figcaption|figure|script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
# An embedded post (a tweet, an Instagram or TikTok post, a Facebook post) is no paragraph
# of the article, in its data as in its HTML (maintext drops the same).
_EMBEDS = re.compile(
    r"<(blockquote|div)\b[^>]*\bclass=[\"'][^\"'>]*\b(?:twitter-tweet|twitter-video|instagram-media"
    r"|tiktok-embed|fb-post|fb-video)\b.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
# A template that escaped the text's line breaks twice: a literal backslash and n.
_ESCAPED_BREAK = re.compile(r"(?:\\r)?\\n")


def stated_body(
    tree: html.HtmlElement, json_ld: list[dict], shown: list[str], title: str | None
) -> list[str] | None:
    """Paragraphs of the article as the page's data states them, when the HTML's text
    (shown) is its lead and no more; None otherwise. Only this article's data counts: the
    JSON-LD object or the state's object whose headline is the page's title (a related
    story in the same data may open with the same formula); of those, the longest."""
    have = sum(len(p) for p in shown)
    headline = set(tokens(title or ""))
    if have > MAX_SHOWN_CHARS or len(headline) < MIN_HEADLINE_WORDS:
        return None
    # A page rendered in the browser shows nothing: its article's data is all there is.
    lead = _key(shown[0])[:LEAD_CHARS] if shown else ""
    fuller = [
        (match, paragraphs)
        for match, paragraphs in _candidates(tree, json_ld, headline)
        if lead in _key(" ".join(paragraphs[:2]))
        and sum(len(p) for p in paragraphs) > LONGER * have
    ]
    # The closest headline first (a related story may share most of its words: "ترامب يلتقي
    # بوتين" and "ترامب يلتقي زيلينسكي"), then the longest body.
    best = max(fuller, key=lambda c: (c[0], sum(len(p) for p in c[1])), default=None)
    return best[1] if best else None


def _key(text: str) -> str:
    return " ".join(normalize(text).split())


MIN_HEADLINE_WORDS = 3
# Of the shorter of two headlines' words, the share the other must hold: a JSON-LD headline
# cut at 110 characters ("…"), other quotation marks, the site's name added.
SAME_HEADLINE = 0.6


def _own(obj: dict, headline: set[str]) -> float:
    """How surely an object of the data is this page's article: the share of the shorter
    headline's words the other holds (0: not this article's)."""
    best = 0.0
    for field in ("headline", "title", "name", "headlines"):
        value = obj.get(field)
        if isinstance(value, dict):  # Arc XP's {"basic": …}, WordPress's {"rendered": …}
            value = next((v for v in value.values() if isinstance(v, str) and v), None)
        if not isinstance(value, str):
            continue
        words = set(tokens(value.rstrip(" .…")))
        fewer = min(len(words), len(headline))
        if fewer >= MIN_HEADLINE_WORDS:
            share = len(words & headline) / fewer
            best = max(best, share if share >= SAME_HEADLINE else 0.0)
    return best


def _candidates(
    tree: html.HtmlElement, json_ld: list[dict], headline: set[str]
) -> Iterator[tuple[float, list[str]]]:
    for obj in json_ld:
        body = obj.get("articleBody")
        match = _own(obj, headline)
        if isinstance(body, str) and body.strip() and match:
            yield match, _paragraphs(body)
    for state in page_states(tree):
        yield from _own_block_lists(state, headline)


def page_states(tree: html.HtmlElement, saying: tuple[str, ...] = ()) -> Iterator[Any]:
    """The page's app state (Next.js's __NEXT_DATA__, a JSON script's; Nuxt's revived), of
    those whose text says one of saying, if given."""
    for script in _STATE_SCRIPTS(tree):
        text = script.text or ""
        if not text.strip() or len(text) > MAX_STATE_CHARS:
            continue
        if saying and not any(word in text for word in saying):
            continue
        try:
            state = json.loads(text)
        except ValueError:
            state = angular_state(text)
            if state is None:
                continue
        yield _revived(state) if script.get("id") == "__NUXT_DATA__" else state
    code = [
        str(text)
        for text in _CODE_SCRIPTS(tree)
        if len(text) <= MAX_STATE_CHARS and (not saying or any(w in text for w in saying))
    ]
    for text in code:
        yield from script_states(text)
    yield from flight_states(code)
    for props in _ISLAND_PROPS(tree):
        if not saying or any(word in props for word in saying):
            yield astro_props(str(props))


def _paragraphs(text: str) -> list[str]:
    if "&lt;" in text and "<" not in text:
        text = unescape(text)  # markup written escaped: read as markup
    if "\\n" in text:
        text = _ESCAPED_BREAK.sub("\n", text)
    if "<" in text:
        text = _BLOCK_END.sub("\n", _CAPTIONS.sub(" ", _EMBEDS.sub("\n", text)))
    lines = [" ".join(unescape(_TAG.sub(" ", line)).split()) for line in text.split("\n")]
    return [line for line in lines if line]


def _own_block_lists(value: Any, headline: set[str]) -> Iterator[tuple[float, list[str]]]:
    """Lists of body blocks (strings, or objects with a text field) held by the state's
    object whose headline is the page's."""
    for match, obj in own_objects(value, headline):
        for item in obj.values():
            for held in _documents(item):
                blocks = _blocks(held)
                if blocks:
                    yield match, blocks
                    break


# The members an editor's document keeps its blocks in: Editor.js's {"time", "blocks",
# "version"}, Contentful's {"nodeType": "document", "content": […]} (GraphQL's {"json": …}),
# Lexical's {"root": {"children": […]}}.
_DOCUMENT_KEYS = ("blocks", "content", "children", "json", "root")
MAX_DOCUMENT_DEPTH = 2


def _documents(value: Any, depth: int = 0) -> Iterator[Any]:
    """The value, and the block lists an editor's document holds in it, the document written
    as JSON in a string too (a CMS's field stored as text)."""
    yield value
    if isinstance(value, str) and value[:2] in ('{"', "[{") and len(value) <= MAX_STATE_CHARS:
        try:
            value = json.loads(value)
        except ValueError:
            return
        if isinstance(value, list):
            yield value
    if isinstance(value, dict) and depth < MAX_DOCUMENT_DEPTH:
        for key in _DOCUMENT_KEYS:
            if isinstance(value.get(key), (dict, list)):
                yield from _documents(value[key], depth + 1)


def own_article_objects(tree: html.HtmlElement, title: str, saying: tuple[str, ...]) -> list[dict]:
    """The objects of the page's app state whose headline says all the article's words, or
    all of whose words the article's says (the site's name added or left out), in states
    that say one of saying: a story on the same topic in a list of related ones shares most
    words, not all, and what it says is not the article's."""
    words = set(tokens(title))
    if len(words) < MIN_HEADLINE_WORDS:
        return []
    return [
        obj
        for state in page_states(tree, saying)
        for match, obj in own_objects(state, words)
        if match == 1.0
    ]


def own_objects(value: Any, headline: set[str], depth: int = 0) -> Iterator[tuple[float, dict]]:
    """The objects of a page's data whose headline is the page's (headline: its words), each
    with how surely (_own)."""
    if depth > MAX_DEPTH:
        return
    if isinstance(value, dict):
        match = _own(value, headline)
        if match:
            yield match, value
        for item in value.values():
            yield from own_objects(item, headline, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from own_objects(item, headline, depth + 1)


def _blocks(value: Any) -> list[str] | None:
    if isinstance(value, str) and _BLOCK_END.search(value):
        return _paragraphs(value)  # one field of HTML
    if not isinstance(value, list):
        return None
    texts = [_block_text(item) for item in value]
    if len(texts) < 2 or any(t is None for t in texts):
        return None
    paragraphs = [p for t in texts if t for p in _paragraphs(t)]
    if not paragraphs or sum(map(len, paragraphs)) < PROSE_CHARS * len(paragraphs):
        return None  # tags, image names: not prose
    return paragraphs


PROSE_CHARS = 40  # a body block's text, on average


def _block_text(item: Any) -> str | None:
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        if sum(1 for key in item if not key.startswith("_")) > MAX_BLOCK_KEYS:
            return None  # (Sanity's "_key", "_type" are no field of an article)
        items = _list_items(item)
        if items is not None:
            return "\n".join(items)
        for key in _TEXT_KEYS:
            if isinstance(item.get(key), str):
                return _as_item(item, str(item[key]))
        nested = _nested_text(item)
        # "": an image, an embed: a block without text
        return "" if nested is None else _as_item(item, nested)
    return None


def _as_item(block: dict, text: str) -> str:
    """A Portable Text block that is a list's item is a line of a list, as the HTML's."""
    return f"- {text}" if block.get("listItem") and text.strip() else text


def _list_items(block: dict) -> list[str] | None:
    """A list block's items as the HTML's list lines ("- item", "1. item"): Editor.js's
    {"type": "list", "data": {"style": …, "items": […]}}, Strapi's and Contentful's list
    whose children are its items. None for any other block."""
    data = block.get("data")
    kind = str(block.get("type") or block.get("nodeType") or "").lower()
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        texts = list(_editor_items(data["items"]))
        ordered = data.get("style") == "ordered"
    elif kind.endswith("list"):
        runs: list[Any] = next((block[k] for k in _RUNS if isinstance(block.get(k), list)), [])
        texts = [(_run_text(run, 0) or "") if isinstance(run, dict) else "" for run in runs]
        ordered = kind.startswith("ordered") or block.get("format") == "ordered"
    else:
        return None
    said = [" ".join(t.split()) for t in texts if t.strip()]
    return [f"{n}. {t}" if ordered else f"- {t}" for n, t in enumerate(said, 1)]


def _editor_items(items: list, depth: int = 0) -> Iterator[str]:
    """Editor.js's list items: strings, or {"content"/"text": …, "items": […]} nested."""
    for item in items:
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            text = item.get("content", item.get("text"))
            if isinstance(text, str):
                yield text
            if isinstance(item.get("items"), list) and depth < MAX_RUN_DEPTH:
                yield from _editor_items(item["items"], depth + 1)


# Editors that nest a block's text: Editor.js ({"type": "paragraph", "data": {"text": …}}),
# Sanity's Portable Text ({"_type": "block", "children": [{"text": …}, …]}), Contentful's
# rich text ({"nodeType": "paragraph", "content": [{"value": …}, …]}, links nest further).
_RUNS = ("children", "content")
MAX_RUN_DEPTH = 3


def _nested_text(item: dict, depth: int = 0) -> str | None:
    data = item.get("data")
    if isinstance(data, dict):
        for key in _TEXT_KEYS:
            if isinstance(data.get(key), str):
                return str(data[key])
    for key in _RUNS:
        runs = item.get(key)
        if isinstance(runs, list) and runs and all(isinstance(run, dict) for run in runs):
            # (a run without text, an inline image or entry, leaves the others' text)
            texts = [_run_text(run, depth) for run in runs]
            if any(texts):
                return "".join(t for t in texts if t)
    return None


def _run_text(run: dict, depth: int) -> str | None:
    for key in ("text", "value"):
        if isinstance(run.get(key), str):
            return str(run[key])
    return _nested_text(run, depth + 1) if depth < MAX_RUN_DEPTH else None


# Nuxt 3 writes its state flattened (devalue): one list whose first item is the root, every
# object's and list's members given as indices into the list, wrappers as ["Reactive", i].
_WRAPPERS = frozenset({"Reactive", "ShallowReactive", "Ref", "ShallowRef", "EmptyRef"})
_AS_IS = frozenset({"Date", "RegExp", "BigInt"})


def _revived(flat: Any) -> Any:
    """Nuxt's flattened state as the nested value it stands for (None if it is not one)."""
    if not isinstance(flat, list) or not flat:
        return None
    done: dict[int, Any] = {}

    def value(index: Any, depth: int) -> Any:
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(flat):
            return None  # negative: undefined, null, NaN and the like
        if index in done or depth > MAX_DEPTH:
            return done.get(index)
        item = flat[index]
        done[index] = None  # a cycle reads as nothing
        if isinstance(item, dict):
            done[index] = {k: value(v, depth + 1) for k, v in item.items()}
        elif isinstance(item, list) and item and isinstance(item[0], str) and len(item) == 2:
            tag = item[0]
            done[index] = value(item[1], depth + 1) if tag in _WRAPPERS else (
                item[1] if tag in _AS_IS else None
            )  # fmt: skip
        elif isinstance(item, list):
            done[index] = [value(v, depth + 1) for v in item]
        else:
            done[index] = item
        return done[index]

    return value(0, 0)
