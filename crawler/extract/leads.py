"""A story's lead set beside its body container, and a note set just after it, moved in.

trafilatura reads the container its body paths find first (`div.article-body`, `entry-content`
...) and nothing beside it: a lead the template sets above it (`<p class="lead">`, a summary,
an excerpt in an `<h2>`, the intro of a Joomla article) and an update note a writer added
below it (`<p>تحديث: …</p>`, inside the `<article>`) were lost, the first paragraph of the
story with them. Moved into that container (at its start, at its end), they are read with
it, in the order the page shows them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree, html

from crawler.extract.blocks import UNREAD_TAGS, linked_chars, move_to_start, page_names

# A lead's names: a class or id token ("article-lead", "story__summary", "entry-sub-title").
_LEAD_NAME = re.compile(
    r"(?:^|[\s_-])(?:lead|lede|intro|introtext|summary|excerpt|standfirst|abstract|sapo|chapo|chapeau"
    r"|dek|deck|sub-?title|sub-?heading|brief|description)(?:$|[\s_-])",
    re.IGNORECASE,
)
# What may stand between a lead and the body, and is passed over: a picture, a share bar,
# the date and byline lines (short, see NOTE_CHARS).
_PASSED = frozenset({"figure", "picture", "img", "iframe", "video", "script", "style", "noscript",
                     "br", "hr", "ins"})  # fmt: skip
_ENDS = frozenset({"header", "nav", "aside", "footer", "form", "h1"})
# Elements back from the body where a lead may stand; notes after it, at most.
STEPS = 5
NOTES = 3
# An unnamed paragraph is a lead or a note from this many characters (a date line, a byline,
# "المصدر: وكالات" are shorter); a named lead from LEAD_CHARS.
NOTE_CHARS = 60
LEAD_CHARS = 20
MAX_LINKED_SHARE = 0.3
# Pages where there may be one: a class or id that names a lead (one search over all of the
# page's names), or a paragraph right before or after a block of paragraphs in an article
# (found by libxml2): trafilatura's body paths are asked only then.
_BESIDE_A_BLOCK = etree.XPath(
    "boolean(//article//p[preceding-sibling::*[1][.//p] or following-sibling::*[1][.//p]]"
    " or //article//aside[preceding-sibling::*[1][.//p]])"
)


# ... or a sentence in a heading of its own beside the headline, or beside the block that
# holds it (a deck in an <h2>, Anadolu's `<div class="detay-spot-category"><h4>`).
def _heading_beside_headline(tree: html.HtmlElement) -> bool:
    for h1 in tree.iter("h1"):
        for el in (h1, h1.getparent()):
            nearby = zip(el.itersiblings(), range(3), strict=False) if el is not None else ()
            if any(_heading_alone(sibling) is not None for sibling, _ in nearby):
                return True
    return False


def _may_have(tree: html.HtmlElement) -> bool:
    names = page_names(tree)
    if _LEAD_NAME.search(names) or _HEADER_LEAD.search(names):
        return True
    return bool(_BESIDE_A_BLOCK(tree)) or _heading_beside_headline(tree)


def gather_lead_and_notes(tree: html.HtmlElement) -> None:
    if not _may_have(tree):
        return
    from trafilatura.xpaths import BODY_XPATH  # here: the crawl process never extracts

    body = next((found[0] for expr in BODY_XPATH if (found := expr(tree))), None)
    if body is None or body.tag in _WHOLE or body.find(".//h1") is not None:
        # a body container trafilatura's paths do not name, or one that wraps the headline
        # and the lead with the body (Drupal's `div.main`): the body is the block inside it
        body = _paragraphs_block(tree if body is None else body)
    if body is None or body.tag in _WHOLE:
        return
    opening = _text(body)[:400]
    for lead in reversed(_leads_before(body)):  # each to the start: the nearest first
        if _text(lead)[:60] not in opening:  # a summary that repeats the first paragraph
            if lead.tag == "div" and lead.find(".//p") is None and lead.find(".//div") is None:
                lead.tag = "p"  # a lead's text straight in a <div>: inside a body, a paragraph
            move_to_start(lead, body)
    if next(body.iterancestors("article"), None) is not None:
        for note in list(_notes_after(body)):
            body.append(_readable_note(note))


_WHOLE = frozenset({"body", "html", "article", "main"})  # a page's part, not a body's block
# Elements that hold two paragraphs or more of their own, or else one (a one-paragraph
# story), in the element given and under it (found by libxml2).
_BLOCKS_OF_PARAGRAPHS = etree.XPath("descendant-or-self::*[count(p) >= 2]")
_PARAGRAPH_HOLDERS = etree.XPath("descendant-or-self::*[p]")


def _paragraphs_block(within: html.HtmlElement) -> html.HtmlElement | None:
    """The element holding most of the paragraph text within the given one in paragraphs of
    its own (`div.article__text`): the body, where trafilatura's paths name no container."""
    blocks = _BLOCKS_OF_PARAGRAPHS(within) or _PARAGRAPH_HOLDERS(within)
    scored = [(sum(len(_text(p)) for p in el.iterchildren("p")), el) for el in blocks]
    best = max(scored, key=lambda pair: pair[0], default=None)
    return best[1] if best is not None and best[0] >= 2 * NOTE_CHARS else None


def _leads_before(body: html.HtmlElement) -> list[html.HtmlElement]:
    """The lead blocks before the body container, in page order; the container's parent's
    too when the container is its parent's first block (a wrapper around the body)."""
    # A classed paragraph is a lead when the body's own paragraphs wear its class.
    classes = {p.get("class") for p in body.iter("p")} - {None}
    found = list(_before(body, classes))
    parent = body.getparent()
    if not found and parent is not None and _first_block(parent) is body:
        found = list(_before(parent, classes))
    return found[::-1]


def _before(el: html.HtmlElement, classes: set[str | None]) -> Iterator[html.HtmlElement]:
    for sibling, _ in zip(el.itersiblings(preceding=True), range(STEPS), strict=False):
        if not isinstance(sibling.tag, str) or sibling.tag in _PASSED:
            continue
        if sibling.tag in _ENDS or sibling.find(".//h1") is not None:
            yield from _under_headline(sibling)
            return
        text = _text(sibling)
        if _named(sibling) and len(text) >= LEAD_CHARS and _prose(sibling, text):
            yield _readable(sibling)
        elif sibling.tag == "p" and len(text) >= NOTE_CHARS:
            if sibling.get("class") in classes | {None} and _prose(sibling, text):
                yield sibling
            else:
                return
        elif len(text) >= NOTE_CHARS and _deck(sibling):
            yield sibling
        elif len(text) >= NOTE_CHARS and not _short_items(sibling):
            return  # a block of text that is none of these: the lead is not beyond it


def _named(el: html.HtmlElement) -> bool:
    """Named as a lead; or as a teaser, right under the headline (DW's `p.teaser-text` beside
    the body, where no header holds the two)."""
    names = f"{el.get('class', '')} {el.get('id', '')}"
    if _LEAD_NAME.search(names):
        return True
    return bool(_HEADER_LEAD.search(names)) and _right_under_headline(el)


_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})


def _deck(el: html.HtmlElement) -> bool:
    """A sentence in a heading of its own right under the headline, no link in it: the
    story's deck, however its block is named (Anadolu's `div.detay-spot-category > h4`)."""
    return _heading_alone(el) is not None and el.find(".//a") is None and _right_under_headline(el)


def _heading_alone(el: html.HtmlElement) -> html.HtmlElement | None:
    """The element's heading of a sentence's length, when it is one or holds it alone."""
    children = [c for c in el if isinstance(c.tag, str)]
    heading = el if el.tag in _HEADINGS else children[0] if len(children) == 1 else None
    if heading is None or heading.tag not in _HEADINGS or heading.find(".//p") is not None:
        return None
    return heading if len(_text(heading)) >= NOTE_CHARS else None


def _right_under_headline(el: html.HtmlElement) -> bool:
    """The element follows the headline, or the block that holds it, with only short lines
    between (a date, a byline; no picture, whose caption may stand there)."""
    for sibling, _ in zip(el.itersiblings(preceding=True), range(STEPS), strict=False):
        if not isinstance(sibling.tag, str) or sibling.tag in UNREAD_TAGS:
            continue
        if sibling.tag == "h1" or sibling.find(".//h1") is not None:
            return True
        if (
            len(_text(sibling)) >= NOTE_CHARS
            or sibling.tag in _PASSED
            or sibling.find(".//img") is not None
        ):
            return False
    return False


def _readable(lead: html.HtmlElement) -> html.HtmlElement:
    """The lead without a teaser's class, which trafilatura drops wherever it stands."""
    if _HEADER_LEAD.search(f"{lead.get('class', '')} {lead.get('id', '')}"):
        lead.attrib.pop("class", None)
    return lead


def _short_items(el: html.HtmlElement) -> bool:
    """A block of short items only, none a paragraph's length: the byline with both dates
    ("نشر في: …" "آخر تحديث: …"), a source, share buttons; a deck stands above it."""
    return el.tag != "p" and max(map(len, map(str.strip, el.itertext())), default=0) < NOTE_CHARS


# A lead in the article's header, under its headline: named as a lead, or a teaser's text
# (DW's `<p class="teaser-text">`: in the headline's own header, the story's summary, which
# trafilatura drops by its class wherever it stands).
_HEADER_LEAD = re.compile(r"(?:^|[\s_-])teaser(?:$|[\s_-])", re.IGNORECASE)


def _under_headline(header: html.HtmlElement) -> Iterator[html.HtmlElement]:
    """Leads after the <h1> inside the block that holds it (the article's <header>), last
    first (as _before yields)."""
    h1 = header if header.tag == "h1" else header.find(".//h1")
    if h1 is None:
        return
    found = []
    for el in h1.itersiblings():
        names = f"{el.get('class', '')} {el.get('id', '')}"
        if not (_HEADER_LEAD.search(names) or _LEAD_NAME.search(names)):
            continue
        text = _text(el)
        if el.find(".//p") is None and len(text) >= LEAD_CHARS and _prose(el, text):
            found.append(_readable(el))
    yield from reversed(found)


def _notes_after(body: html.HtmlElement) -> Iterator[html.HtmlElement]:
    """Plain paragraphs right after the body container (no class: not a box, a bio), and an
    <aside> that holds a labelled note ("تصحيح: …", "Correction: …"), no link in it."""
    for sibling, _ in zip(body.itersiblings(), range(NOTES), strict=False):
        if not isinstance(sibling.tag, str):
            return
        text = _text(sibling)
        if sibling.tag == "aside":
            if not _labelled_note(sibling, text):
                return
        elif sibling.tag != "p" or sibling.get("class"):
            return
        if len(text) < NOTE_CHARS or not _prose(sibling, text):
            return
        yield sibling


# A note's label: a word or three and a colon opening it ("تصحيح:", "ملاحظة المحرر:",
# "Editor's note:", "Mise à jour :"): a bio, a pull quote or a box of links opens with none.
_NOTE_LABEL = re.compile(r"^[^\s:：]+(?:\s[^\s:：]+){0,2}\s?[:：]\s")
# An aside named as the writer's (a bio) is theirs, however it opens ("الكاتب: …").
_WRITERS_NAMES = re.compile(r"author|writer|bio|kateb|katib|auteur", re.IGNORECASE)


def _labelled_note(aside: html.HtmlElement, text: str) -> bool:
    if aside.find(".//a") is not None:
        return False
    names = f"{aside.get('class', '')} {aside.get('id', '')}"
    return _NOTE_LABEL.match(text) is not None and not _WRITERS_NAMES.search(names)


def _readable_note(note: html.HtmlElement) -> html.HtmlElement:
    """An <aside> as a block trafilatura reads (it drops every <aside>): a paragraph, or a
    block of its paragraphs; its names go with it."""
    if note.tag == "aside":
        note.tag = "div" if note.find(".//p") is not None else "p"
        for name in ("class", "id"):
            note.attrib.pop(name, None)
    return note


def _prose(el: html.HtmlElement, text: str) -> bool:
    return linked_chars(el) <= MAX_LINKED_SHARE * len(text)


def _first_block(parent: html.HtmlElement) -> html.HtmlElement | None:
    return next((c for c in parent if isinstance(c.tag, str) and c.tag not in _PASSED), None)


def _text(el: html.HtmlElement) -> str:
    return " ".join(el.text_content().split())
