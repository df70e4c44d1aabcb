"""Captions on layouts without <figure>: a short line in small or italic type right under an
image (`<img><br><font size="1"><i>صورة أرشيفية</i></font>`) is the image's caption, not a
paragraph of the article. (A <figcaption> and WordPress's caption classes are dropped as
chrome already.)"""

from __future__ import annotations

from lxml import html

# A caption is a line: this many words at most (a lead set in italics is longer).
MAX_CAPTION_WORDS = 12
_SMALL_FONTS = frozenset({"1", "-1", "-2"})  # 2 is many old layouts' text size
_TYPE = frozenset({"font", "i", "em", "small", "span"})


def drop_image_captions(body: html.HtmlElement) -> None:
    for img in list(body.iter("img")):
        holder = _outer_link(img)
        caption = _next_line(holder)
        if caption is not None and _caption_shaped(caption):
            caption.drop_tree()  # its tail (the text after it) stays


def _outer_link(img: html.HtmlElement) -> html.HtmlElement:
    parent = img.getparent()
    return parent if parent is not None and parent.tag == "a" and len(parent) == 1 else img


def _next_line(el: html.HtmlElement) -> html.HtmlElement | None:
    """The element that opens the next line after el, with only <br>s and spaces between."""
    if (el.tail or "").strip():
        return None
    sibling = el.getnext()
    while sibling is not None and sibling.tag == "br":
        if (sibling.tail or "").strip():
            return None
        sibling = sibling.getnext()
    return sibling if sibling is not None and sibling.tag in _TYPE else None


def _caption_shaped(el: html.HtmlElement) -> bool:
    words = el.text_content().split()
    if not words or len(words) > MAX_CAPTION_WORDS or next(el.iter("a"), None) is not None:
        return False
    if (el.tail or "").strip():
        return False  # the line goes on after it: words of a sentence, not a caption
    return _small_or_italic(el)


def _small_or_italic(el: html.HtmlElement) -> bool:
    """Set small or in italics whole (not a line with one word in italics)."""
    whole = len(el.text_content().strip())
    for node in (el, *el.iterdescendants()):
        if len(node.text_content().strip()) < 0.8 * whole:
            continue
        if node.tag in ("i", "em", "small"):
            return True
        if node.tag == "font" and (node.get("size") or "").strip() in _SMALL_FONTS:
            return True
    return False
