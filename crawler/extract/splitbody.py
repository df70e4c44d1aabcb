"""A body set in several containers of one kind, side by side (an ad, a box, a video between
them: `<div class="article-text">` p1–p4, an ad, `<div class="article-text">` p5–p6), joined
into the first.

trafilatura reads the first container its body paths match and no other: the paragraphs of
the later containers were lost. Only containers of the same tag and class as that first one,
siblings of it with at most MAX_BETWEEN elements between each, holding prose (paragraphs of
text, not of links), are joined; what stood between them stays where it was, outside."""

from __future__ import annotations

from lxml import html

from crawler.extract import attrwalk
from crawler.extract.blocks import linked_chars

# Elements between two parts of a body: an ad slot, an embedded post, a "read also" box.
MAX_BETWEEN = 3
# This many containers of one paragraph each are a list's items.
ITEMS = 3
# A part is prose: at most this share of its text in links.
MAX_LINKED_SHARE = 0.3


def _split_candidates(tree: html.HtmlElement) -> list[html.HtmlElement]:
    """Containers of paragraphs with a later sibling of the same class, in document order: the
    only ones there may be something to join after (most pages have none, and trafilatura's
    body paths, costly on a big page, are then never asked). Each parent's children read once,
    from the last (libxml2 compared every classed element with each of its later siblings)."""
    classes = attrwalk.values(tree, "class")
    found: set[html.HtmlElement] = set()
    parents: set[html.HtmlElement] = set()
    for value in classes:
        parent = value.getparent().getparent()
        if parent is None or parent in parents:
            continue
        parents.add(parent)
        later: set[str] = set()
        for child in reversed(parent):
            name = child.get("class") if isinstance(child.tag, str) else None
            if name is None:
                continue
            if name in later and next(child.iterdescendants("p"), None) is not None:
                found.add(child)
            later.add(name)
    return [el for el in map(attrwalk.Value.getparent, classes) if el in found] if found else []


def join_split_bodies(tree: html.HtmlElement) -> None:
    candidates = _firsts_of_runs(tree)
    if not candidates:
        return
    from trafilatura.xpaths import BODY_XPATH  # here: the crawl process never extracts

    for expr in BODY_XPATH:
        first = next(iter(expr(tree)), None)
        if first is not None and first in candidates:
            _join(first, _parts_after(first))


def _firsts_of_runs(tree: html.HtmlElement) -> set[html.HtmlElement]:
    """The first container of each run of one class under one parent, unless the run is a
    list of items (a page's comments, a live report's entries: most pages that have runs)."""
    firsts: set[html.HtmlElement] = set()
    runs: set[tuple[html.HtmlElement | None, str | None]] = set()
    for el in _split_candidates(tree):
        run = (el.getparent(), el.get("class"))
        if run not in runs:
            runs.add(run)
            if _prose(el) and not _items([el, *_parts_after(el)]):
                firsts.add(el)
    return firsts


def _parts_after(first: html.HtmlElement) -> list[html.HtmlElement]:
    parts: list[html.HtmlElement] = []
    between = 0
    for sibling in first.itersiblings():
        if not isinstance(sibling.tag, str):
            continue  # a comment
        if sibling.tag == first.tag and sibling.get("class") == first.get("class"):
            if not _prose(sibling):
                break
            parts.append(sibling)
            between = 0
        elif (between := between + 1) > MAX_BETWEEN or _opens_another(sibling):
            break  # a next story below this one (an infinite scroll's) is not its part
    return parts


def _opens_another(el: html.HtmlElement) -> bool:
    return (
        el.tag in ("h1", "h2", "article") or next(el.iter("h1", "h2", "article"), None) is not None
    )


def _items(parts: list[html.HtmlElement]) -> bool:
    """ITEMS or more containers of a paragraph each are a list (a live report's entries,
    cards, comments) whose structure later steps read: not a body to join."""
    return len(parts) >= ITEMS and all(sum(1 for _ in p.iter("p")) <= 1 for p in parts)


def _prose(el: html.HtmlElement) -> bool:
    text = len(el.text_content().strip())
    has_paragraph = any((p.text_content() or "").strip() for p in el.iter("p"))
    return has_paragraph and linked_chars(el) <= MAX_LINKED_SHARE * text


def _join(first: html.HtmlElement, parts: list[html.HtmlElement]) -> None:
    for part in parts:
        if (part.text or "").strip():  # a part's loose opening words: a paragraph of their own
            lead = html.Element("p")
            lead.text = part.text
            first.append(lead)
        for child in list(part):
            first.append(child)  # moves it, with its tail
        part.drop_tree()
