"""Captions outside <figcaption>: a short line in small or italic type right under an image
(`<img><br><font size="1"><i>صورة أرشيفية</i></font>`, or a paragraph of italics after the
image's <figure>) is the image's caption, not a paragraph of the article. (A <figcaption>
and WordPress's caption classes are dropped as chrome already.)"""

from __future__ import annotations

import re

from lxml import html

# A caption is a line: this many words at most (a lead set in italics is longer).
MAX_CAPTION_WORDS = 12
_SMALL_FONTS = frozenset({"1", "-1", "-2"})  # 2 is many old layouts' text size
_TYPE = frozenset({"font", "i", "em", "small", "span"})


def drop_image_captions(body: html.HtmlElement) -> None:
    for img in list(body.iter("img")):
        holder = _holder(img)
        caption = _next_line(holder)
        if caption is None or not _caption_shaped(caption):
            continue
        # Past the image's own link, a line in italics may be a quote set after a photo:
        # there, one that reads as a quote is text.
        boxed = holder is not img and not (holder is img.getparent() and holder.tag == "a")
        if boxed and _QUOTE.search(caption.text_content().strip()):
            continue
        caption.drop_tree()  # its tail (the text after it) stays


# A quote: it opens with its mark, or says who said it ("…"، قال الوزير).
_QUOTE = re.compile(r"^[«\"“„']|[،,]\s*(?:قال|قالت|يقول|تقول|أكد|أكدت|said|says)\b", re.IGNORECASE)


# What may hold an image and nothing else: a link, a <figure> without its caption, a
# paragraph or a box of its own ("<figure><img></figure><p><em>تصوير: …</em></p>").
_HOLDERS = frozenset({"a", "figure", "picture", "p", "div", "span"})
MAX_HOLDERS = 3


def _holder(img: html.HtmlElement) -> html.HtmlElement:
    """The outermost element that holds the image and no text."""
    holder = img
    for _ in range(MAX_HOLDERS):
        parent = holder.getparent()
        if parent is None or parent.tag not in _HOLDERS or parent.text_content().strip():
            break
        holder = parent
    return holder


def _next_line(el: html.HtmlElement) -> html.HtmlElement | None:
    """The element that opens the next line after el, with only <br>s and spaces between."""
    if (el.tail or "").strip():
        return None
    sibling = el.getnext()
    while sibling is not None and sibling.tag == "br":
        if (sibling.tail or "").strip():
            return None
        sibling = sibling.getnext()
    if (
        sibling is not None and sibling.tag == "p" and len(sibling) == 1
        and sibling[0].tag in _TYPE and _bare(sibling)
    ):  # fmt: skip
        return sibling  # a paragraph that is one run of type: "<p><em>…</em></p>"
    return sibling if sibling is not None and sibling.tag in _TYPE else None


def _bare(p: html.HtmlElement) -> bool:
    """No text of the paragraph's own around its one child."""
    return not (p.text or "").strip() and not (p[0].tail or "").strip()


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
