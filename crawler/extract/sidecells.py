"""The side columns of a page laid out in a table: the cells of a layout row beside the cell
that holds the story. A legacy portal's sidebar ("آخر الأخبار" with each story's excerpt, a
currency or prayer-times table, "الأكثر قراءة" as plain lines) is a cell of that row, with no
class or tag to tell it by; whatever it holds is the page's, not the article's."""

from __future__ import annotations

from lxml import etree, html

from archive.normalize import normalize
from crawler.extract.blocks import BLOCK_TAGS, UNREAD_TAGS, in_link

# The class a side cell is given: text.py reads a cell so named as chrome (its lines leave
# the text, unless a story's paragraph outside it says them too).
SIDE_CELL = "arshif-side-cell"
# Without the headline in the row, the story's cell holds at least this much text outside
# links (a story, not a title row), and a side cell at most SIDE_SHARE of it.
STORY_CELL_CHARS = 200
SIDE_SHARE = 0.5
HEADLINE_CHARS = 10  # a shorter text says no title
HEADLINE_WORDS = 3  # a link's line this long may be a teaser's headline ("المزيد" is not)
_LINE_BREAKS = BLOCK_TAGS | {"br", "tr", "td", "th", "li"}


def mark_side_cells(body: html.HtmlElement, title: str | None) -> None:
    """The cells beside the story's in the layout's rows are marked SIDE_CELL: in each row
    that holds the headline, the cells beside the headline's, where they hold no more text
    of their own than it; in the other rows of the tables around the headline (all the
    page's outermost tables, without one), those beside the cell with the most text of its
    own, where it holds a story and they at most SIDE_SHARE of it. A table inside the story's
    cell (an interview set as questions beside answers) is no layout. Run once tables of
    values are rows of text."""
    if next(body.iter("tr"), None) is None:
        return  # most pages: no table
    headline = _headline(body, title)
    held: set[html.HtmlElement] = set()
    if headline is not None:
        for cell in headline.iterancestors("td", "th"):
            row = cell.getparent()
            if row is not None and len(cells := _cells(row)) > 1:
                held.add(row)
                _mark_beside(cells, cells.index(cell), 1.0)
        tables = list(headline.iterancestors("table"))
    else:
        tables = [t for t in body.iter("table") if next(t.iterancestors("table"), None) is None]
    for table in tables:
        for row in _ROWS(table):
            if row not in held and len(cells := _cells(row)) > 1:
                _mark_by_text(cells)


# A table's own rows, not those of the tables inside it.
_ROWS = etree.XPath("tr | thead/tr | tbody/tr | tfoot/tr")


def _mark_by_text(cells: list[html.HtmlElement]) -> None:
    own = [_own_text(c) for c in cells]
    story = max(range(len(cells)), key=own.__getitem__)
    if own[story] >= STORY_CELL_CHARS:
        _mark_beside(cells, story, SIDE_SHARE, own)


def _mark_beside(
    cells: list[html.HtmlElement], story: int, share: float, own: list[int] | None = None
) -> None:
    own = own or [_own_text(c) for c in cells]
    for n, cell in enumerate(cells):
        if n != story and own[n] <= share * own[story]:
            cell.set("class", f"{SIDE_CELL} {cell.get('class', '')}".strip())


def _cells(row: html.HtmlElement) -> list[html.HtmlElement]:
    return [c for c in row if c.tag in ("td", "th")]


def _headline(body: html.HtmlElement, title: str | None) -> html.HtmlElement | None:
    """The page's <h1>, or the first element outside links that says the title (a table
    layout's headline is a cell's bold text)."""
    h1 = next(body.iter("h1"), None)
    if h1 is not None:
        return h1
    said = " ".join(normalize(title or "").split())
    if len(said) < HEADLINE_CHARS:
        return None
    for el in body.iter():
        if not isinstance(el.tag, str) or not (el.text or "").strip():
            continue
        if " ".join(normalize(el.text or "").split()) not in said:
            continue  # its text opens with words the title has not (most elements)
        text = " ".join(normalize(el.text_content()).split())
        said_here = len(text) >= HEADLINE_CHARS and text in said and 2 * len(text) >= len(said)
        if said_here and not in_link(el):
            return el
    return None


def _own_text(cell: html.HtmlElement) -> int:
    """Characters of the cell's lines outside links, but for teasers' excerpts: a line right
    after a line that is all one link's headline is that story's excerpt ("آخر الأخبار":
    each story's linked headline over its first words), the box's and not the page's own."""
    own, after_headline = 0, False
    for line in _lines(cell):
        text, unlinked = _squeezed(line.text), _squeezed(line.unlinked)
        if not after_headline:
            own += len(unlinked)
        after_headline = not unlinked and len(text.split()) >= HEADLINE_WORDS
    return own


class _Line:
    """A line of a cell: its text, and the part of it outside links."""

    def __init__(self) -> None:
        self.text = ""
        self.unlinked = ""

    def add(self, text: str | None, in_link: bool) -> None:
        if text:
            self.text += text
            self.unlinked += "" if in_link else text


def _lines(el: html.HtmlElement) -> list[_Line]:
    """The element's lines, broken at its <br>s, blocks and cells."""
    lines = [_Line()]

    def walk(node: html.HtmlElement, linked: bool) -> None:
        if node.tag in _LINE_BREAKS:
            lines.append(_Line())
        if node.tag not in UNREAD_TAGS:
            linked = linked or node.tag == "a"
            lines[-1].add(node.text, linked)
            for child in node:
                if isinstance(child.tag, str):
                    walk(child, linked)
                lines[-1].add(child.tail, linked)
        if node.tag in _LINE_BREAKS:
            lines.append(_Line())

    walk(el, False)
    return [line for line in lines if line.text.strip()]


def _squeezed(text: str) -> str:
    return " ".join(text.split())
