"""Captions outside <figcaption>: a short line in small or italic type right under an image
(`<img><br><font size="1"><i>صورة أرشيفية</i></font>`, or a paragraph of italics after the
image's <figure>), or a short centred paragraph after an image's own (Youm7's `<p
style="text-align:center"><img></p><p style="text-align:center">جانب من الاجتماع</p>`) is the
image's caption, not a paragraph of the article. (A <figcaption>
and WordPress's caption classes are dropped as chrome already.)"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from lxml import html

# A caption is a line: this many words at most (a lead set in italics is longer).
MAX_CAPTION_WORDS = 12
_SMALL_FONTS = frozenset({"1", "-1", "-2"})  # 2 is many old layouts' text size
_TYPE = frozenset({"font", "i", "em", "small", "span"})
_STYLED = ("font", "i", "em", "small")  # what _small_or_italic looks for


def drop_image_captions(body: html.HtmlElement) -> None:
    # (asked only of a centred line after an image: counting a container's paragraphs costs)
    centred_text = cache(_centred_text)
    for img in list(body.iter("img")):
        holder = _holder(img)
        caption = _next_line(holder, lambda line: not centred_text(line.getparent()))
        if caption is None or not _caption_shaped(caption, img):
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


def _next_line(
    el: html.HtmlElement, centring: Callable[[html.HtmlElement], bool]
) -> html.HtmlElement | None:
    """The element that opens the next line after el, with only <br>s and spaces between
    (a centred paragraph too, where centring sets that line apart from the text around it)."""
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
    if sibling is not None and el.tag != "img" and _centred(sibling) and centring(sibling):
        return sibling  # after the image's own box: on the same line, it is the text's
    return sibling if sibling is not None and sibling.tag in _TYPE else None


def _bare(p: html.HtmlElement) -> bool:
    """No text of the paragraph's own around its one child."""
    return not (p.text or "").strip() and not (p[0].tail or "").strip()


def _caption_shaped(el: html.HtmlElement, img: html.HtmlElement) -> bool:
    if not _centred(el) and next(el.iter(*_STYLED), None) is None:
        return False  # (asked first: a card's headline beside its thumbnail, on every card)
    words = el.text_content().split()
    most = MAX_ALT_WORDS if _says_alt(words, img) else MAX_CAPTION_WORDS
    if not words or len(words) > most or next(el.iter("a"), None) is not None:
        return False
    if (el.tail or "").strip():
        return False  # the line goes on after it: words of a sentence, not a caption
    return _small_or_italic(el) or _centred(el)


# A caption that repeats the image's description (its alt) is one however long a
# description runs: up to this many words.
MAX_ALT_WORDS = 30


def _says_alt(words: list[str], img: html.HtmlElement) -> bool:
    return words == (img.get("alt") or "").split()


# Paragraphs that make a container the text's, where centring is measured.
TEXT_PARAGRAPHS = 3
_CENTRED = re.compile(r"text-align\s*:\s*center", re.IGNORECASE)
_TEXT_TAGS = frozenset({"p", "div"})


def _centred(el: html.HtmlElement) -> bool:
    return el.tag in _TEXT_TAGS and (
        (el.get("align") or "").lower() == "center" or bool(_CENTRED.search(el.get("style") or ""))
    )


def _centred_text(container: html.HtmlElement | None) -> bool:
    """Does the line's container (the body's, where the text is) centre most of its
    paragraphs? Then centring marks no caption. (Not the page's: an obituary set all centred
    lost its first line beside a footer's and sidebars' paragraphs, set flush.)"""
    paragraphs: list[html.HtmlElement] = []
    while container is not None and len(paragraphs) < TEXT_PARAGRAPHS:
        # a box around the image and its line alone is no text: the one around it may be
        paragraphs = [p for p in container.iter("p") if p.text_content().strip()]
        container = container.getparent()
    return 2 * sum(map(_centred, paragraphs)) > len(paragraphs)


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
