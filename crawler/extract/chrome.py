"""The page side of learned chrome (archive.chrome keeps the profile): the line keys of a raw
page to learn from, and, at extraction, the boxes a learned heading opens.

A "latest news" box shows different headlines on every day's pages, so its headlines are
learned only while they last; its heading ("آخر الأخبار") and the follow-us labels stay. A
learned heading whose box holds nothing but links marks all of that box's lines as chrome,
whichever headlines it shows today.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from lxml import etree, html

from archive.chrome import (
    OWN,
    SHORT_SENTENCE_WORDS,
    TEASER,
    chrome_key,
    chrome_profile,
    cleaning_pending,
    learn_chrome,
    learn_from,
    learning_due,
    learning_sample,
    mark_clean,
    store_profile,
)
from archive.cleaning import clean_archived, cleaning
from crawler.extract.blocks import br_as_paragraphs, in_link
from crawler.extract.decode import decode_html
from crawler.extract.parsing import document

if TYPE_CHECKING:
    from archive.store import Archive

# Longer element texts are containers of the article or of the page, not lines.
MAX_LINE_CHARS = 300
# A learned line this short may head a box ("آخر الأخبار", "تابعونا:").
HEADING_WORDS = 6
_SKIP = frozenset({"script", "style", "noscript", "template", "head", "title", "meta"})


def page_keys(body: bytes, content_type: str | None = None) -> set[str]:
    """The line keys of a raw page: every short element's text, its <br>-separated pieces
    and its text nodes, the units trafilatura's output lines are made of."""
    text, _ = decode_html(body, content_type)
    try:
        tree = document(text)
    except (etree.ParserError, ValueError):
        return set()
    return tree_keys(tree)


def tree_keys(tree: html.HtmlElement) -> set[str]:
    body = tree.find("body")
    if body is None:
        return set()
    br_as_paragraphs(body)  # as extraction reads the page: a run between <br>s is a line
    for br in body.iter("br"):
        br.tail = "\n" + (br.tail or "")
    pieces: set[str] = set()  # raw first: most repeat within a page, normalizing is the cost
    lines: list[tuple[html.HtmlElement, str]] = []  # elements holding a line of their own
    for el in _elements(body):
        for piece in (el.text, el.tail):
            if piece and not piece.isspace():
                pieces.update(piece.split("\n"))
        text = el.text_content()
        if len(text) <= MAX_LINE_CHARS:
            line = text.replace("\n", " ")
            pieces.add(line)
            pieces.update(text.split("\n"))
            if line.count(" ") >= SHORT_SENTENCE_WORDS - 1 and _own_text(el):
                lines.append((el, line))
    keys = {chrome_key(piece) for piece in pieces}
    keys.discard("")
    return keys | _placed(body, lines)


# A teaser's box holds, besides its excerpt and links, at most this much text (a date, a
# category, a reading time); a story's body holds its other paragraphs besides its lead.
TEASER_EXTRA_CHARS = 80
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _placed(body: html.HtmlElement, lines: list[tuple[html.HtmlElement, str]]) -> set[str]:
    """Where each element holding a paragraph-long line of its own stands: keys marked
    archive.chrome.TEASER for a teaser's excerpt (a link's text, or beside a linked headline
    in a box with little else), OWN for the page's own. Learning keeps one story's lead,
    which a widget shows as an excerpt on every other page, out of the profile."""
    lines = [(el, text) for el, text in lines if len(text.split()) >= SHORT_SENTENCE_WORDS]
    if not lines:
        return set()
    holders: set[html.HtmlElement] = set()  # the elements with a link inside
    for a in body.iter("a"):
        for el in a.iterancestors():
            if el in holders:
                break
            holders.add(el)
    sizes = _Sizes()
    titles = _titles(body)
    marked: set[str] = set()
    for el, text in lines:
        key = chrome_key(text)
        if _in_teaser(el, len(text.strip()), holders, sizes):
            marked.add(TEASER + key)
        elif el.tag not in _HEADINGS and not any(key in title for title in titles):
            marked.add(OWN + key)  # not the page's headline: its own, and a box's elsewhere
    return marked


def _own_text(el: html.HtmlElement) -> bool:
    """Does the element hold text of its own, not only its children's?"""
    if el.text and not el.text.isspace():
        return True
    return any(c.tail and not c.tail.isspace() for c in el)


def _titles(body: html.HtmlElement) -> list[str]:
    """Keys of the page's headline as its head gives it (<title>, og:title: "headline | site")."""
    page = body.getparent()
    head = page.find("head") if page is not None else None
    if head is None:
        return []
    found = [el.text_content() for el in head.iter("title")]
    found += [m.get("content") or "" for m in head.iter("meta") if m.get("property") == "og:title"]
    return [key for text in found if (key := chrome_key(text))]


def _in_teaser(
    el: html.HtmlElement, own: int, holders: set[html.HtmlElement], sizes: _Sizes
) -> bool:
    """Is the element a link's text, or in a box whose first link is its teaser's headline:
    little text beside it outside links (a story's paragraph has the others beside it)."""
    if el.tag == "a":
        return True
    for box in el.iterancestors():
        if box.tag == "a":
            return True
        if box in holders:
            return sizes.text(box) - sizes.linked(box)[0] <= own + TEASER_EXTRA_CHARS
    return False


def _elements(root: html.HtmlElement) -> Iterator[html.HtmlElement]:
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag not in _SKIP:
            yield el


def box_keys(tree: html.HtmlElement, profile: frozenset[str]) -> frozenset[str]:
    """Keys of the lines in boxes that a learned heading opens: the heading, then only links."""
    body = tree.find("body")
    if body is None or not profile:
        return frozenset()
    learned = _headings(profile)
    if not learned:
        return frozenset()
    sizes = _Sizes()
    keys: set[str] = set()
    boxes: set[html.HtmlElement] = set()
    longest = 3 * max(len(key) for key in learned)  # room for the vowel marks a key is without
    seen: dict[str, str | None] = {}  # a page's texts repeat (menus, lists): each keyed once
    for el in body.iter():
        text = el.text
        # Cheap tests first: most elements have no text of their own, or too much of it.
        if not text or not isinstance(el.tag, str) or text.isspace():
            continue
        if len(text) > longest and len(text.strip()) > longest:  # an indented heading is short
            continue
        if text not in seen:
            key = chrome_key(text)
            seen[text] = key if key in learned else None
        heading = seen[text]
        if heading is None:
            continue
        if in_link(el):
            continue  # a link is an item of a box, never the heading that opens one
        box = _widen(el, body, len(el.text or ""), sizes)
        if box in boxes:
            continue
        boxes.add(box)
        links = [a for a in box.iter("a") if a.text_content().strip()]
        if len(links) < 2 or box.xpath(".//h1") or sizes.text(box) > sizes.text(body) / 2:
            links = _links_after(box)  # a heading in a cell of text, its links after it
            if len(links) < 2:
                continue
        keys.add(heading)
        keys.update(chrome_key(a.text_content()) for a in links)
    keys.discard("")
    return frozenset(keys)


@lru_cache(maxsize=16)
def _headings(profile: frozenset[str]) -> frozenset[str]:
    """The learned lines that may head a box: a few words (a learned date or number, a
    list's times, opens none). Once per source's profile, not per page."""
    return frozenset(
        key
        for key in profile
        if len(key.split()) <= HEADING_WORDS and any(ch.isalpha() for ch in key)
    )


def _links_after(heading: html.HtmlElement) -> list[html.HtmlElement]:
    """The links that follow a heading as its siblings, with nothing but <br>s between them
    (a box written into a cell of text, lines apart by <br>); none if text comes between."""
    links: list[html.HtmlElement] = []
    el = heading
    while (el.tail or "").strip() == "" and (el := el.getnext()) is not None:
        if el.tag == "a" and el.text_content().strip():
            links.append(el)
        elif el.tag != "br":
            break
    return links


class _Sizes:
    """Text lengths of elements, each computed once a page: the walk up from every learned
    heading asks about the same ancestors again and again (a menu of 100 learned items)."""

    def __init__(self) -> None:
        self._text: dict[html.HtmlElement, int] = {}
        self._linked: dict[html.HtmlElement, tuple[int, int]] = {}

    def text(self, el: html.HtmlElement) -> int:
        if el not in self._text:
            self._text[el] = len(el.text_content().strip())
        return self._text[el]

    def linked(self, el: html.HtmlElement) -> tuple[int, int]:
        """(characters inside links, number of links) under el."""
        if el not in self._linked:
            links = list(el.iter("a"))
            self._linked[el] = (sum(len(a.text_content()) for a in links), len(links))
        return self._linked[el]


def _widen(
    el: html.HtmlElement, body: html.HtmlElement, own: int, sizes: _Sizes
) -> html.HtmlElement:
    """The largest ancestor that holds only the heading, links and separators."""
    box = el
    while True:
        parent = box.getparent()
        if parent is None or parent is body:
            return box
        linked, count = sizes.linked(parent)
        if sizes.text(parent) - linked > own + 10 + 3 * count:
            return box
        box = parent


# A source's chrome is relearned at most this often once it was learned from LEARN_PAGES pages.
RELEARN_EVERY = timedelta(days=1)


def pages_to_learn(
    archive: Archive, source: str, now: bool = False
) -> list[tuple[bytes, str | None]]:
    """At the end of a crawl run: the raw pages to relearn the source's chrome from, when
    learning is due (new, grown, or a day old) or `now` (the run saw the template change:
    archive.template); [] when it is not."""
    if not now and not learning_due(archive, source, datetime.now(UTC), RELEARN_EVERY):
        return []
    return learning_sample(archive, source)


def refresh_profile(
    archive: Archive, source: str, used: frozenset[str], pages: Sequence[Iterable[str]]
) -> tuple[int, Generator[int, None, None] | None]:
    """Store the profile learned from the line keys of pages_to_learn (the source's pages
    are extracted with it from now on): (keys learned, the steps of cleaning the source's
    archived texts of it). No steps when it is the profile this run extracted with and no
    earlier cleaning was cut short. Else archive.cleaning.cleaning: rows are corrected in
    place, no version kept (the template's lines are no publisher's edit). The archive is
    marked clean of the profile once the last step is taken: steps cut short (a forced
    stop) are taken again by the next run that learns."""
    learned = learn_from(pages)
    # Cleaning is needed unless this run extracted with the very profile stored, learned the
    # same again, and the archive is clean of it (no earlier cleaning cut short).
    settled = learned.profile == used == chrome_profile(archive, source)
    clean = settled and not cleaning_pending(archive, source)
    with archive.write():
        store_profile(archive, source, learned)
        if clean:
            mark_clean(archive, source)
    if clean:
        return len(learned.counts), None
    return len(learned.counts), _clean_then_mark(archive, source, learned.profile)


def _clean_then_mark(
    archive: Archive, source: str, profile: frozenset[str]
) -> Generator[int, None, None]:
    yield from cleaning(archive, source, profile)
    mark_clean(archive, source)


def learn_and_clean(archive: Archive, source: str) -> tuple[int, int]:
    """Learn the source's chrome from its archived pages and store it, then drop it from its
    archived texts in place: (keys learned, rows cleaned). A crawl run does it in steps
    (refresh_profile)."""
    learned = learn_chrome(archive, source, page_keys)
    cleaned = clean_archived(archive, source, chrome_profile(archive, source))
    mark_clean(archive, source)
    return learned, cleaned
