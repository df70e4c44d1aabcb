"""Paragraphs where a page has none: runs of text between <br>s become <p>s, the units
trafilatura reads a body by (crawler.extract.text) and learned chrome is counted in
(crawler.extract.chrome)."""

from __future__ import annotations

from collections import Counter

from lxml import etree, html

from crawler.extract import attrwalk

# Elements holding text of their own between <br>s: the paragraphs of a page written
# without <p> (old layouts, a CMS's editor); or beside <p>s, as a layout's cell opens with its
# first paragraph bare and separates the rest with <p> (`<td>p1<p>p2<p>p3</td>`). Found by
# libxml2.
_BR_HOLDERS = etree.XPath(".//*[count(br) >= 2 or (p and text()[normalize-space()])]")
BLOCK_TAGS = frozenset(
    ["div", "p", "table", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "section",
     "article", "aside", "nav", "header", "footer", "blockquote", "figure", "form", "pre", "hr"]
)  # fmt: skip
# Text of its own, between its <br>s, that makes an element a body written without <p>.
BR_BODY_CHARS = 200


# Inline elements that hold a body's <br>-separated text in old layouts and pasted content
# (`<td><font>p1<br><br>p2</font>`, `<p><span>…</span></p>`): unwrapped into their block first,
# so that no <p> is made inside an inline element (trafilatura glued such a body into one line,
# and took quadratic time over it).
_INLINE = frozenset({"font", "span", "b", "strong", "i", "em", "small", "big", "u", "center"})
# A block whose runs are left as they are: trafilatura reads a <p>'s <br>s as line breaks.
_KEEP = frozenset({"p", "pre", "a", "h1", "h2", "h3", "h4", "h5", "h6"})


def br_as_paragraphs(root: html.HtmlElement) -> None:
    """Runs of text between <br>s, in a block with enough text of its own, become <p>s:
    trafilatura finds a body by its paragraphs, and without them it took a page's column of
    links for the article, or the whole page."""
    for el in _BR_HOLDERS(root):
        if el.tag in _INLINE and _own_text(el) >= BR_BODY_CHARS and el.getparent() is not None:
            el.drop_tag()
    for el in _BR_HOLDERS(root):
        if el.tag in _KEEP or el.tag in _INLINE or _run_text(el) < BR_BODY_CHARS:
            continue
        _unwrap_inline_holders(el)
        blocks: list[html.HtmlElement] = []
        run = _paragraph(el.text)
        for child in list(el):
            el.remove(child)
            if isinstance(child.tag, str) and (child.tag == "br" or child.tag in BLOCK_TAGS):
                blocks += [run] if _has_text(run) else []
                tail, child.tail = child.tail, None
                blocks += [] if child.tag == "br" else [child]
                run = _paragraph(tail)
            else:
                run.append(child)  # inline: a link, a <b>, a comment, with its tail
        blocks += [run] if _has_text(run) else []
        el.text = None
        el.extend(blocks)


# A block that holds blocks beside runs of text or inline elements (a layout cell's "<b>أخبار
# ذات صلة</b>" over its boxes of links). Found by libxml2.
_MIXED = etree.XPath(  # the names first: a child's text is read only for an inline child
    ".//div[div or p or ul or ol or table or h2 or h3 or h4 or h5 or h6 or blockquote]"
    "[text()[normalize-space()] or *[self::b or self::strong or self::span or self::a"
    " or self::font or self::i or self::em or self::small or self::u or self::big"
    " or self::label or self::cite or self::time or self::mark or self::q][normalize-space()]]"
)


def mixed_as_paragraphs(root: html.HtmlElement) -> None:
    """Each run of text and inline elements in a block that also holds blocks becomes a <p>
    of its own: trafilatura read such a block as one paragraph, a layout cell's label glued
    to the first headline of the box below ("أخبار ذات صلةانخفاض …") and one box's last
    words to the next's first. (Run on a layout table's cells: over every <div> of a large
    page the search costs 2 % of its extraction.)"""
    for el in _MIXED(root):
        blocks: list[html.HtmlElement] = []
        run = _paragraph(el.text)
        for child in list(el):
            el.remove(child)
            if _holds_blocks(child):
                blocks += [run] if _has_text(run) else []
                tail, child.tail = child.tail, None
                blocks.append(child)
                run = _paragraph(tail)
            else:
                run.append(child)  # inline: a link, a <b>, a <br>, a comment, with its tail
        blocks += [run] if _has_text(run) else []
        el.text = None
        el.extend(blocks)


def _holds_blocks(el: html.HtmlElement) -> bool:
    """A block, or an inline element around one (a card's <a> around its <div>s)."""
    if not isinstance(el.tag, str):
        return False
    return el.tag in BLOCK_TAGS or any(d.tag in BLOCK_TAGS for d in el.iterdescendants())


def _unwrap_inline_holders(el: html.HtmlElement) -> None:
    """An inline child holding blocks (`<font size=2>p1<p>p2<p>p3</font>`, a <center> around
    a table) gives them to el: in a run's <p> its paragraphs were read as one line."""
    for child in list(el):
        if child.tag in _INLINE and any(d.tag in BLOCK_TAGS for d in child.iterdescendants()):
            child.drop_tag()


def opens_with_link(el: html.HtmlElement) -> bool:
    """The block's first words are a link's."""
    if (el.text or "").strip():
        return False
    for child in el:
        if not isinstance(child.tag, str) or not child.text_content().strip():
            if (child.tail or "").strip():
                return False
            continue
        return child.tag == "a" or (
            not (child.text or "").strip() and next(child.iter("a"), None) is not None
        )
    return False


_NAMES = etree.XPath("//@class | //@id", smart_strings=False)  # (plain: twice as fast)


def page_names(tree: html.HtmlElement) -> str:
    """Every class and id of the page, in one string: one regex search tells whether any
    element is named so (most pages name no wall, no lead), before any costlier walk."""
    if attrwalk.holds(tree):
        return " ".join(attrwalk.values(tree, "class", "id"))
    return " ".join(_NAMES(tree))


def linked_chars(el: html.HtmlElement) -> int:
    """Characters of the element's text inside its links."""
    return sum(len(a.text_content()) for a in el.iter("a"))


def in_link(el: html.HtmlElement) -> bool:
    """Is the element a link, or inside one?"""
    return el.tag == "a" or next(el.iterancestors("a"), None) is not None


def _own_text(el: html.HtmlElement) -> int:
    return len(((el.text or "") + "".join(child.tail or "" for child in el)).strip())


# Elements whose text no reader sees.
UNREAD_TAGS = frozenset({"script", "style", "noscript", "template"})
_NOT_RUN_TEXT = frozenset({"br", "a", "script", "style", "noscript"})


def _run_text(el: html.HtmlElement) -> int:
    """Characters the block's runs would hold outside links: its own text and its inline
    children's (a layout that wraps each paragraph in a <font> between <br>s has no text of
    its own); a column of links between <br>s is no body."""
    inline = 0
    for child in el:
        if isinstance(child.tag, str) and child.tag not in BLOCK_TAGS | _NOT_RUN_TEXT:
            inline += len(child.text_content()) - linked_chars(child)
    return _own_text(el) + inline


def _paragraph(text: str | None) -> html.HtmlElement:
    p = html.Element("p")
    p.text = text
    return p


def _has_text(el: html.HtmlElement) -> bool:
    return bool(el.text_content().strip()) or next(el.iter("img"), None) is not None


# A <div>, <section> or <article> with this much text and no blocks inside is a paragraph.
LEAF_PARAGRAPH_CHARS = 100
# Text of its own that makes a block worth measuring (most blocks hold only other elements).
OWN_TEXT_CHARS = 20


def _leaf_candidates(root: html.HtmlElement) -> list[html.HtmlElement]:
    return [
        el
        for el in root.iter("div", "section", "article")
        if len((el.text or "").strip()) >= OWN_TEXT_CHARS
        or any(len((child.tail or "").strip()) >= OWN_TEXT_CHARS for child in el)
    ]


def leaves_as_paragraphs(root: html.HtmlElement) -> None:
    """A block element that holds only text and inline elements, a paragraph's length of it,
    is a paragraph (`<section>p1</section><section>p2</section>`): trafilatura glued such
    blocks into one line, or passed them over for the page's links."""
    leaves = [(el, chars) for el in _leaf_candidates(root) if (chars := _leaf_text(el))]
    # Short ones among their body's others (same parent, tag and class) are its paragraphs
    # too, when together they hold a paragraph's length: "<div class=txt>" blocks a sentence
    # each. Measured one by one, they were passed over, and a footer's one long block, made a
    # paragraph, outweighed the body: the article came out one sentence long, or the footer.
    members: Counter[tuple] = Counter()
    held: Counter[tuple] = Counter()
    for el, chars in leaves:
        members[_kind(el)] += 1
        held[_kind(el)] += chars
    made: set[tuple] = set()
    for el, chars in leaves:
        kind = _kind(el)
        if chars >= LEAF_PARAGRAPH_CHARS or (
            members[kind] >= SIBLING_PARAGRAPHS and held[kind] >= LEAF_PARAGRAPH_CHARS
        ):
            el.tag = "p"
            made.add(kind)
    for parent, tag, name in made:
        _short_siblings_as_paragraphs(parent, tag, name)


def _short_siblings_as_paragraphs(parent: html.HtmlElement, tag: str, name: str | None) -> None:
    """Blocks of the paragraphs' kind beside them, too short to be measured (an interview's
    "<div><b>سؤال:</b> وما الحل؟</div>", a release's contact lines a <div> each), are lines
    of that text: as <p>s they are kept, and left <div>s trafilatura passed them over."""
    if parent is None:
        return
    for el in parent:
        if el.tag == tag and el.get("class") == name and _leaf_text(el):
            el.tag = "p"


# Blocks of one kind (parent, tag, class) that are read together as a body's paragraphs.
SIBLING_PARAGRAPHS = 2


def _kind(el: html.HtmlElement) -> tuple:
    return (el.getparent(), el.tag, el.get("class"))


def _leaf_text(el: html.HtmlElement) -> int:
    """The characters of a block that may be a paragraph: only text and inline elements, not
    a teaser (another story's linked headline, then its excerpt) nor mostly links (a
    column); 0 for any other."""
    if any(isinstance(child.tag, str) and child.tag in BLOCK_TAGS for child in el):
        return 0
    if opens_with_link(el):
        return 0
    text = len(el.text_content().strip())
    return text if linked_chars(el) * 2 < text else 0


def move_to_start(el: html.HtmlElement, into: html.HtmlElement) -> None:
    """el becomes into's first child, before into's own leading text; the text after el
    stays where it was (lxml moves an element with its tail)."""
    before, parent = el.getprevious(), el.getparent()
    if el.tail and before is not None:
        before.tail = (before.tail or "") + el.tail
    elif el.tail and parent is not None:
        parent.text = (parent.text or "") + el.tail
    el.tail, into.text = into.text, None
    into.insert(0, el)


# Phrases in spans set side by side with nothing between them (a poem's two half-lines,
# `<span class=sadr>…</span><span class=ajuz>…</span>`; a card's label and its text): the
# page's style shows them apart, and read as written their words ran together ("سائلاًأما").
# A letter or a word styled on its own (a drop cap, a highlighted word) is no phrase.
PHRASE_WORDS = 2
_GLUED_SPANS = etree.XPath(".//span[following-sibling::node()[1][self::span]]")


def spaced_phrases(root: html.HtmlElement) -> None:
    """A space between two phrase-long spans that touch."""
    for el in _GLUED_SPANS(root):
        after = el.getnext()
        if after is not None and _phrase(el) and _phrase(after):
            el.tail = " "


def _phrase(el: html.HtmlElement) -> bool:
    return len(el.text_content().split()) >= PHRASE_WORDS
