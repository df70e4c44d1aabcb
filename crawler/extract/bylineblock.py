"""The byline's own block, which is no text: lines of a label and a value, the writer found
as the author among them (BBC's `<li><span class="visually-hidden">Author, </span><span>سارة
الطيب</span></li><li>…Role, </span>بي بي سي نيوز عربي…`, the labels for screen readers or set
apart in spans of their own)."""

from __future__ import annotations

import re

from lxml import etree, html

from archive.normalize import normalize

# The elements holding a text that says the name (a tail's holder is its parent).
_HOLDERS = etree.XPath(".//text()[contains(., $name)]/..")
# Labels for screen readers, and headings only they read ("معلومات عن المقال").
_HIDDEN = re.compile(r"visually-?hidden|sr-only|screen-reader-text", re.IGNORECASE)
# A label: a word or three closed by a comma or a colon ("Author, ", "الكاتب:").
_LABEL = re.compile(r"^\S+(?: \S+){0,2}\s*[,،:：]$")
MAX_VALUE_WORDS = 8
# The levels of containers between a field and the block (a section, its list, its items).
MAX_DEPTH = 3
_PAGE_PARTS = frozenset({"body", "main", "article"})


def byline_blocks(tree: html.HtmlElement, authors: list[str]) -> list[html.HtmlElement]:
    """The blocks of labelled lines that hold an author's name as one line's value, for the
    text to leave out (the name alone, where no label is set apart, is without_byline's)."""
    body = tree.find("body")
    if body is None:
        return []
    blocks: list[html.HtmlElement] = []
    for author in authors:
        for holder in _HOLDERS(body, name=author):
            field = next((el for el in (holder, holder.getparent()) if _names(el, author)), None)
            if (
                field is not None
                and field.tag not in _PAGE_PARTS
                and not any(field in b.iter() for b in blocks)
            ):
                blocks.append(_block(field))
    return blocks


def _names(el: html.HtmlElement | None, author: str) -> bool:
    value = _value(el) if el is not None else None
    return value is not None and normalize(value.strip(" .,،")) == normalize(author)


def _value(el: html.HtmlElement) -> str | None:
    """The text after the element's label, when it is a field: a label in its first child,
    a few words after it, nothing before."""
    if (el.text or "").strip() or not len(el) or not isinstance(el[0].tag, str):
        return None
    label = " ".join(el[0].text_content().split())
    if not label or not (_LABEL.match(label) or _hidden(el[0])):
        return None
    after = [el[0].tail or ""] + [
        (child.text_content() if isinstance(child.tag, str) else "") + (child.tail or "")
        for child in el[1:]
    ]
    value = " ".join("".join(after).split())
    return value if 0 < len(value.split()) <= MAX_VALUE_WORDS else None


def _hidden(el: html.HtmlElement) -> bool:
    return bool(_HIDDEN.search(el.get("class", "")))


def _block(field: html.HtmlElement) -> html.HtmlElement:
    """The outermost container around the field that holds nothing but such fields and
    hidden headings (the byline's list, its section), short of the page's parts."""
    block = field
    for _ in range(MAX_DEPTH):
        parent = block.getparent()
        if parent is None or parent.tag in _PAGE_PARTS or not _fields_only(parent, MAX_DEPTH):
            break
        block = parent
    return block


def _fields_only(el: html.HtmlElement, depth: int) -> bool:
    if _hidden(el) or _value(el) is not None:
        return True
    children = [child for child in el if isinstance(child.tag, str)]
    if not children or depth == 0 or (el.text or "").strip():
        return False
    if any((child.tail or "").strip() for child in el):
        return False
    return all(_fields_only(child, depth - 1) for child in children)
