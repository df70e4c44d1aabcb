"""Extraction: raw HTML bytes in, one clean article (or a reason why not) out.

Parses each page once and hands the tree to the title, date and text steps. Never raises
for a bad page: the caller gets an ExtractFailure with a kind and a message.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, NamedTuple
from urllib.parse import urljoin

from lxml import etree, html

from archive.normalize import fold, normalize
from crawler.canonical import host_of
from crawler.extract import attrwalk
from crawler.extract.authors import find_authors, without_byline
from crawler.extract.blocks import page_names
from crawler.extract.boilerplate import clean_lines
from crawler.extract.bylineblock import byline_blocks
from crawler.extract.dates import ZONE_SPAN, FoundDate, find_date, json_ld_objects
from crawler.extract.decode import decode_html, without_xml_declaration
from crawler.extract.headlineflash import headline_flash
from crawler.extract.maintext import squeezed
from crawler.extract.notfound import says_not_found
from crawler.extract.pagekind import (
    PageKind,
    declared_kind,
    post_blocks,
    posts_text,
    service_page,
)
from crawler.extract.parsing import document
from crawler.extract.parts import first_part, is_pager_line, next_part, zero_based
from crawler.extract.scripterrors import died_mid_page, is_script_message
from crawler.extract.statedbody import stated_body
from crawler.extract.text import body_paragraphs, opening_subheading
from crawler.extract.titles import find_title, space_heading_breaks

_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LATIN = re.compile(r"[A-Za-z]")
MIN_TEXT_CHARS = 80


@dataclass(frozen=True)
class ExtractOptions:
    """Everything that tunes extraction for one source, in one place."""

    body_selector: str | None = None
    drop_selectors: tuple[str, ...] = ()
    min_text_chars: int = MIN_TEXT_CHARS
    # The source's learned chrome (archive.chrome.chrome_profile): paragraphs whose key is
    # in it, or that are nothing but such lines glued, are dropped.
    chrome: frozenset[str] = frozenset()


@dataclass
class Extracted:
    title: str | None
    text: str
    published_at: str | None
    published_raw: str | None
    published_from: str | None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    canonical: str | None = None
    encoding: str | None = None
    # The article goes on at this address (crawler.extract.parts): the part after the last
    # page read. pages: the pages read, the first included (not a part that repeats the
    # text read: crawler.articleparts keeps no capture of it). broken_part: a part that was no
    # part of it (a "not found" page, a notice, a maintenance page): the parts before it only.
    next_part: str | None = None
    # This page is a later part of the article whose first page is here (its pager says so).
    first_part: str | None = None
    pages: int = 1
    broken_part: bool = False
    # The page read as the next part that is another article (a series' next story: its own
    # date): not part of this one, archived as its own (crawler.articleparts).
    not_a_part: str | None = None
    # The share of the text's lines that are a link's whole text on the page, or the excerpt
    # under one: a listing's or a home page's teasers, not an article's paragraphs; and where
    # the first such line stands (its index over the lines': 1.0 for none): a listing's open
    # its text, an article's related links left in it follow the article.
    linked_share: float = 0.0
    first_linked: float = 1.0
    # The text is a listing's teasers (_linked_lines): a page a loose article pattern let in.
    teasers: bool = False
    # The text is the lead above a wall's notice (the notice left out): the article as far
    # as the page shows it.
    walled: bool = False


# A later page of an article: its body, its address and its Content-Type.
Part = tuple[bytes, str, str | None]


@dataclass
class ExtractFailure:
    # not_html | no_text | parse_error | not_found | notice | paywall | maintenance
    # | listing | site_page (crawler.extract.pagekind; listing: a search's page too)
    kind: str
    message: str
    title: str | None = None  # the page's title, when it has one and no text


def parse_html(text: str) -> html.HtmlElement | None:
    try:
        return document(without_xml_declaration(text))
    except (etree.ParserError, ValueError):
        return None


def extract(
    body: bytes,
    url: str | None = None,
    content_type: str | None = None,
    options: ExtractOptions | None = None,
    now: datetime | None = None,
    parts: Sequence[Part] = (),
) -> Extracted | ExtractFailure:
    """parts: the article's later pages, in order (their text follows the first page's)."""
    options = options or ExtractOptions()
    if not body.strip():
        return ExtractFailure("no_text", "empty body")
    text, encoding = decode_html(body, content_type)
    if "\x00" in text[:4096]:
        return ExtractFailure("not_html", "binary content (NUL bytes) declared as HTML")
    if (died := died_mid_page(text)) is not None:
        return ExtractFailure("server_error", f"the page's script died mid-page: {died[:160]!r}")
    tree = parse_html(text)
    if tree is None:
        return ExtractFailure("parse_error", "the HTML could not be parsed")
    json_ld = json_ld_objects(tree)
    space_heading_breaks(tree)
    with attrwalk.reading(tree):  # read only, up to the byline's blocks
        title = find_title(tree, json_ld)
        if title and _SEARCH_PAGE.match(normalize(title)) and url and _SEARCH_URL.search(url):
            # The site's search, which the article pattern takes ("/a/search?q=…"): its few
            # results and their count are no article.
            return ExtractFailure("listing", f"a search results page: {title!r}", title=title)
        authors, canonical = find_authors(tree, json_ld, title), _canonical(tree, url)
        found = find_date(tree, now, _permalinks(url, canonical), title)
        following = next_part(tree, url) if url else None
        first = first_part(tree, url) if url and not parts else None
        linked = _link_texts(tree)
        linked |= _excerpts(tree, linked)
        declared = declared_kind(tree, json_ld, authors, title, found.origin if found else None)
        blocks = post_blocks(tree, url, (canonical,), title) if declared is None else []
        headings = _headings(tree)
        apology = next(  # the title, the <title>, or the error template's own headline
            (t for t in (title, tree.findtext("head/title"), *headings[:1]) if says_not_found(t)),
            None,
        )
        error_page = apology is not None and _error_template(tree)
        bot_check = _bot_check(tree)
        boxed_wall = _wall_box(tree)
    for block in byline_blocks(tree, authors):
        block.drop_tree()  # the byline's labelled lines, "Author, …", "Role, …": no text
    paragraphs = body_paragraphs(  # edits the tree: everything else is read from it above
        tree, url, title, options.body_selector, options.drop_selectors, options.chrome
    )
    stated = stated_body(tree, json_ld, paragraphs, title)  # a lead; the rest in its data
    if stated:
        paragraphs = clean_lines(stated, title) or paragraphs
    paragraphs = [
        line for line in without_byline(paragraphs, authors) if not is_script_message(line)
    ]
    if parts or following:
        paragraphs = [line for line in paragraphs if not is_pager_line(line)]
    counted_from_0 = bool(url and parts and zero_based(url, parts[0][1]))
    broken, read_parts, another = False, 0, None
    dated = found if found and found.origin in STATED_DATES else None
    for part in parts:
        read = _read_part(part, url, title, options, paragraphs, counted_from_0, dated)
        if read is False:
            following, broken = None, True
            break
        if read is REPEATS:  # another box's pager on this address: the article ends before
            following = None
            break
        if read is ANOTHER:  # the next story of a series: archived as an article of its own
            following, another = None, part[1]
            break
        following, read_parts = read, read_parts + 1
    body_text = "\n".join(paragraphs)
    # The title says so, or the <title> where the headline is another (the error template's
    # own: "عذرا، الصفحة التي تبحث عنها غير موجودة").
    if apology and (len(body_text) < NOT_FOUND_TEXT or _apologizes(paragraphs) or error_page):
        return ExtractFailure("not_found", f"the page says it was not found: {apology!r}")
    if bot_check and len(body_text) < NOT_FOUND_TEXT:
        # A bot check answered with 200 ("Checking your browser…"): no article, nor its
        # removal; the page is asked again on a later run.
        return ExtractFailure("blocked", f"the site answered with a bot check: {bot_check!r}")
    if len(body_text) < CONSENT_TEXT and paragraphs and _CONSENT.search(fold(paragraphs[0])):
        # A consent wall in the page's place: the same.
        return ExtractFailure("blocked", f"the page is a consent wall: {paragraphs[0][:80]!r}")
    headline = _headline_notice(headings) if len(body_text) < NOTICE_TEXT else None
    if headline:
        # The notice is the page's headline (<h1>عذرا، هذا الخبر غير متوفر</h1>) under the
        # site's name as its title: the short text under it is the notice's, not an article.
        return ExtractFailure(headline[0], f"the page's headline is a notice: {headline[1]!r}")
    if len(body_text) < NOTICE_TEXT and _down(paragraphs):
        return ExtractFailure("maintenance", f"the site is down for maintenance: {title!r}")
    kind = _notice(paragraphs) if len(body_text) < NOTICE_TEXT else None
    if kind:
        return ExtractFailure(kind, f"the page is a notice: {paragraphs[0][:80]!r}")
    wall = _wall_notice(paragraphs)
    if wall:
        # The notice and its buttons are no text. The lead above them is all a first fetch
        # can have (kept when it is text enough, marked walled: a re-check never takes it
        # for a version of the whole article).
        paragraphs = paragraphs[: len(paragraphs) - paragraphs[::-1].index(wall) - 1]
    elif boxed_wall:
        # The notice in a box of its own (`<div class="paywall">`), which the text may have
        # left out: what stands above it is the lead all the same, and none of the box's
        # lines (its offer, its buttons) is text.
        paragraphs = [line for line in paragraphs if not _in_box(line, boxed_wall.text)]
        wall = boxed_wall.notice
    if wall:
        body_text = "\n".join(paragraphs)
        if len(body_text) < options.min_text_chars:
            return ExtractFailure("paywall", f"the text ends in a wall's notice: {wall[:80]!r}")
    flash = _flash(paragraphs)
    if not paragraphs:
        # All the body said was its headline, on a page that says it is an article: a flash
        # without its full stop ("عاجل | …" over the same line), its line the text.
        said = headline_flash(tree, json_ld, title, next(iter(headings), None))
        if said and _flash([said], ended=False):
            paragraphs, body_text, flash = [said], said, True
    if len(body_text) < options.min_text_chars and not flash:
        return ExtractFailure(
            "no_text", f"no article text found ({len(body_text)} chars)", title=title
        )
    lines = _linked_lines(paragraphs, linked)
    if declared is None and posts_text(paragraphs, blocks):
        declared = PageKind("listing", "its text is posts each under a headline of its own")
    if declared is None:
        dated_by = found.origin if found else None
        declared = service_page(tree, json_ld, authors, dated_by, paragraphs)
    if declared and not lines["teasers"]:  # (teasers: the pipeline's, a re-check's too)
        return ExtractFailure(declared.kind, f"not an article: {declared.reason}", title=title)
    return Extracted(
        title=title,
        text=body_text,
        published_at=found.iso if found else None,
        published_raw=found.raw if found else None,
        published_from=found.origin if found else None,
        authors=authors,
        language=_language(tree.get("lang"), body_text),
        canonical=canonical,
        encoding=encoding,
        next_part=following,
        first_part=first,
        pages=1 + (len(parts) if broken else read_parts),
        not_a_part=another,
        broken_part=broken,
        **lines,
        walled=bool(wall),
    )


LINKED_CHARS = 20  # a link's text this long may be a headline


def _headline_notice(headings: list[str]) -> tuple[str, str] | None:
    """(kind, headline) of the first headline that is a notice about the page: gone or not
    found ("not_found"), or a wall ("paywall": no sign it was taken down)."""
    for headline in headings:
        kind = "not_found" if says_not_found(headline) else _notice([headline])
        if kind:
            return ("not_found" if kind == "notice" else kind), headline
    return None


def _headings(tree: html.HtmlElement) -> list[str]:
    """The page's first <h1>s, as lines (read before the text's steps edit the tree)."""
    return [squeezed(h.text_content()) for h, _ in zip(tree.iter("h1"), range(3), strict=False)]


# Links that may be headlines: libxml2 passes over the menus' short ones (normalize-space
# squeezes no more than squeezed(): a superset, measured again below). A link to a place on
# the page itself (a live report's entry under a heading linked to its anchor) heads no
# other story.
_LONG_LINKS = etree.XPath(
    f"//a[string-length(normalize-space(.)) >= {LINKED_CHARS}][not(starts-with(@href, '#'))]"
)


def _link_texts(tree: html.HtmlElement) -> set[str]:
    """The texts of the page's links long enough to be headlines (read before the body's
    boxes are dropped)."""
    texts = (squeezed(a.text_content()) for a in _LONG_LINKS(tree))
    return {text for text in texts if len(text) >= LINKED_CHARS}


def _excerpts(tree: html.HtmlElement, linked: set[str]) -> set[str]:
    """The texts of teasers' excerpts: a card's one paragraph under a headline that is a
    link's text, the two in a card of their own (a few elements: an image, a date beside
    them; the excerpt in a box of its own, WordPress's `div.entry-summary`). A listicle's
    sections under linked headings stand in the article's own flow, and an article under
    its headline linked to itself has more than one paragraph."""
    found: set[str] = set()
    if not linked:
        return found
    for p in tree.iter("p"):
        node = p
        for _ in range(CARD_LEVELS):
            card = node.getparent()
            if card is None or len(card) > CARD_ELEMENTS:
                break
            if sum(1 for _ in card.iter("p")) == 1 and _headed_by(node, linked):
                found.add(squeezed(p.text_content()))
                break
            node = card
    return found


def _headed_by(el: html.HtmlElement, headlines: set[str]) -> bool:
    """A linked headline stands before the element in its card (one with a link in it)."""
    return any(
        isinstance(sibling.tag, str)
        and (sibling.tag == "a" or sibling.find(".//a") is not None)
        and squeezed(sibling.text_content()) in headlines
        for sibling in el.itersiblings(preceding=True)
    )


CARD_LEVELS = 2  # the excerpt's paragraph, and the box that holds it
CARD_ELEMENTS = 5  # a teaser's card: its headline, its excerpt, an image, a date, a link on


def _linked_lines(paragraphs: list[str], linked: set[str]) -> dict[str, Any]:
    """Extracted.linked_share, first_linked and teasers. A line is a link's text with the
    teaser's date beside it too ("- أمسية شعرية في بيت الشعر 2024-11-22", a section's list)."""
    flags = [
        squeezed(p) in linked
        or (bool(linked) and len(p) <= TEASER_CHARS and squeezed(_TEASER_DATE.sub("", p)) in linked)
        for p in paragraphs
    ]
    count = max(1, len(flags))
    first = flags.index(True) / count if True in flags else 1.0
    prose = sum(
        1 for p, flag in zip(paragraphs, flags, strict=True)
        if not flag and len(p.split()) >= PROSE_WORDS
    )  # fmt: skip
    teasers = (
        sum(flags) >= LISTING_ITEMS
        and sum(flags) >= LISTING_SHARE * count
        and first < LISTING_OPENS
        and prose <= LISTING_PROSE
    ) or (
        # Nothing but a linked headline and its excerpt (the page's own headline is no line
        # of its text): a home page's lead story, its lists of links left out of the text.
        len(flags) >= 2 and all(flags)
    )
    return {"linked_share": sum(flags) / count, "first_linked": first, "teasers": teasers}


TEASER_CHARS = 200  # a headline and its date: longer lines are not read for one
# A teaser's date or time beside its headline on a listing's line, and the list's mark: ISO,
# day/month/year, "منذ 3 ساعات", "12:30".
_TEASER_DATE = re.compile(
    r"^\s*[-–•*]\s*|\s*[-–|•]?\s*(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}"
    r"|منذ\s+\S+(?:\s+\S+)?|\d{1,2}:\d{2})(?:\s+\d{1,2}:\d{2})?\s*$"
)
# A listing's text: at least LISTING_ITEMS lines, and LISTING_SHARE of them, are linked
# headlines or their excerpts, from its first third on, and at most LISTING_PROSE other lines
# are prose (a writer's bio; a search's "4 results" and the teasers' dates are not). A
# roundup article ("النشرة الصباحية": linked headlines over a summary each) says more under
# each; an article's related links left in its text follow it.
LISTING_ITEMS = 3
LISTING_SHARE = 0.3
LISTING_OPENS = 1 / 3
LISTING_PROSE = 1
PROSE_WORDS = 10


def _read_part(
    part: Part, first: str | None, title: str | None, options: ExtractOptions, text: list[str],
    counted_from_0: bool, dated: FoundDate | None = None,
) -> str | None | Literal[False]:  # fmt: skip
    """Adds a later page's paragraphs to the text, but for those it repeats (the lead or the
    byline shown on every page); returns the address of the part after it, False for a
    page that is no part (a "not found" page, a notice, a maintenance page: nothing added),
    or REPEATS for one whose text is all the first pages' (no part either, nothing broken)."""
    body, url, content_type = part
    tree = parse_html(decode_html(body, content_type)[0]) if body.strip() else None
    if tree is None:
        return None
    following = next_part(tree, url, first, counted_from_0)
    # Its own headline ("… - الصفحة 2") goes as the first page's does; so do what the first
    # page said, and a pager's "الصفحة 2 من 3".
    json_ld = json_ld_objects(tree)
    own = find_title(tree, json_ld) or title
    if dated and _dated_otherwise(tree, json_ld, dated, own):
        return ANOTHER
    said = {" ".join(line.split()) for line in [*text, title or "", own or ""]}
    opening = opening_subheading(tree)
    lines = body_paragraphs(
        tree, url, own, options.body_selector, options.drop_selectors, options.chrome
    )
    if opening and lines and squeezed(lines[0]) == opening[1] and opening[0] not in said:
        lines.insert(0, opening[0])  # the section this page opens
    short = sum(map(len, lines)) < NOTICE_TEXT
    if says_not_found(own) or (lines and short and (_notice(lines) or _down(lines))):
        return False
    added = [ln for ln in lines if " ".join(ln.split()) not in said and not is_pager_line(ln)]
    if lines and not added:
        return REPEATS
    text += added
    return following


def _dated_otherwise(
    tree: html.HtmlElement, json_ld: list[Any], dated: FoundDate, title: str | None
) -> bool:
    """Does the page state a date of its own on another day than the first page's (or at
    another time of it, both told the same way)? An article's pages show its one date; the
    next story of a series (WordPress's "slug-2.html", Blogger's "blog-post_2.html") its own."""
    found = find_date(tree, None, (), title)
    if found is None or found.origin not in STATED_DATES:
        return False
    mine, theirs = _moment(found.iso), _moment(dated.iso)
    if mine is None or theirs is None:
        return False
    zoned = mine.tzinfo is not None and theirs.tzinfo is not None
    if found.origin == dated.origin:  # told the same way: its day, and its clock if it has one
        if "T" in found.iso and "T" in dated.iso:
            return mine != theirs if zoned else found.iso[:16] != dated.iso[:16]
        return found.iso[:10] != dated.iso[:10]
    # Told two ways, one moment may be written in two zones (JSON-LD's UTC, the line's local
    # day after midnight): another day only past what a zone moves it.
    if zoned and "T" in found.iso and "T" in dated.iso:
        return abs(mine - theirs) > ZONE_SPAN
    return abs((mine.date() - theirs.date()).days) > 1


def _moment(iso: str) -> datetime | None:
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        return None


# Dates a page states (its data, its meta tags, a <time>, its date line), not a guess from
# its address or its text's other dates.
STATED_DATES = frozenset({"json-ld", "meta", "time", "text", "app-state"})
# The next story of a series read as a part (_dated_otherwise).
ANOTHER = "another"


# A "part" that adds nothing to the text: the page again under another box's pager (a
# sidebar's list paged on the article's own address), not the article's next page.
REPEATS = "repeats"


# An agency's flash: a sentence or two, shorter than MIN_TEXT_CHARS ("دوي انفجار ضخم يهز ميناء
# بيروت الآن." and its signature "(قنا)"), a whole news item all the same: a statement (not a
# poll's question), not a notice about the page (removed, for subscribers, get the app).
MIN_FLASH_CHARS = 30
FLASH_WORDS = 5
_SENTENCE_END = re.compile(r"[.!…]['\"»”)]*$")
_QUESTION = re.compile(r"[?؟]['\"»”)]*$")
_SIGNATURE = re.compile(r"\s*(?:\([^()]{1,25}\)|[-–—]\s*[^\s.!…]{1,15})\s*$")
# A notice about the page, not a story: it opens the text (after an apology) with the page as
# its subject ("this article", "هذا الخبر", "cette page"), so that "هذا وقد تم نقل المصابين",
# "will resign in protest", "could not log in to Facebook", "the minister has been removed",
# "… saw a page not found error", "أعلنت … أنه تم حذف المحتوى" and "n'est plus disponible en
# pharmacie" stay flashes.
_AR_SURE = r"(?:الخبر|المحتوى|الصفحة|المقالة?)"
_AR_PAGE = r"(?:الخبر|المحتوى|الصفحة|المقالة?|الرابط|الموضوع|المادة)"  # the last three need هذا
# "the" only with the reader's request: "the content has been removed from YouTube" is news.
_EN_PAGE = (
    r"(?:(?:this|that) (?:page|article|content|story)"
    r"|the (?:page|article|content|story)(?= you)|the requested (?:page|article|content))"
    r"(?: you (?:are|were) looking for| you requested| you tried to (?:reach|access))?"
)
_FR_PAGE = (
    r"(?:cet(?:te)?|ce|la|la suite de cet) (?:article|page|contenu)"
    r"(?: (?:que vous (?:recherchez|cherchez)|demandée?))?"
)
_SUBSCRIBERS = r"(?:paying |premium )?(?:subscribers|members)"
_APOLOGY = r"(?:(?:sorry|oops|we(?:'|’| a)re sorry|désolé|oups|عذرا|عفوا|نأسف|نعتذر)\W*)?"
# Gone, taken down or retracted: "حذف", "تم سحبه", "تمت إزالته", "لم يعد متاحا".
_GONE_AR = (
    r"(?:حذف|سحب|تم (?:حذفه|سحبه|نقله)|تمت ازالته|ازيل|محذوفة?|مسحوبة?"
    r"|غير (?:متاح|متوفر|موجود)ة?|لم (?:يعد|تعد) (?:متاح|موجود)(?:ا|ة)?)"
)
# What the site did to the page, said as done: deleted, moved, retracted (withdrawn), removed.
_AR_DONE = r"(?:تم|تمت) (?:حذف|نقل|سحب|ازالة)"
# ... in English and French, a notice's own verb: "has been retracted", "a été retiré".
_EN_DONE = r"(?:removed|deleted|retracted|withdrawn|unpublished|taken down)"
_FR_DONE = r"(?:supprimée?|retirée?|dépubliée?)"
# Characters: a text this short that opens with a notice about the page is the notice and
# what it says next ("… It may have been removed. Go back to the home page."), not an article.
NOTICE_TEXT = 300
# About the page itself, at the start of the text: gone, moved, not found, behind a wall.
_PAGE_NOTICE = re.compile(
    fold(  # not normalize(): it would lower \W to \w
        rf"^{_APOLOGY}(?:"
        rf"(?:هذا|هذه)\s{_AR_PAGE}\b[^.:،,!؟?]{{0,30}}\b{_GONE_AR}(?!\w)"
        # without هذا: the page, or the one asked for ("الصفحة التي تبحث عنها غير موجودة")
        rf"|{_AR_SURE}(?:\s+(?:المطلوبة?|(?:التي|الذي)\s[^.:،,!؟?]{{0,20}}))?\s+{_GONE_AR}(?!\w)"
        # "تم حذف الخبر." / "… بناء على طلب", not "تم حذف المحتوى المسيء من منصة …";
        # "ربما تم حذف الخبر أو نقله إلى رابط آخر."; a retraction, "تم سحب هذا المقال.",
        # "سُحب هذا الخبر بطلب من كاتبه", "تمت إزالة المحتوى"
        rf"|(?:(?:(?:ربما|قد يكون|لعله|يبدو انه)\s+)?{_AR_DONE}"
        rf" (?:(?:هذا|هذه) {_AR_PAGE}|{_AR_SURE})"
        rf"|(?:حذف|سحب|ازيل)(?:ت)? (?:هذا|هذه) {_AR_PAGE})"
        r"(?=\s*(?:[.،,!]|$|بناء على|بطلب|نهائيا|من الموقع|لمخالفت|لانتهاك|بسبب مخالفت|لاسباب"
        r"|الى (?:قسم )?الارشيف|او (?:تم )?(?:نقله|حذفه|تغيير رابطه)))"
        rf"|(?:هذا|هذه) {_AR_PAGE}\b[^.]{{0,20}}\b(?:متاح|حصري|مخصص)ة?\s+(?:فقط\s+)?"
        r"(?:للمشتركين|للاعضاء|لمشتركي)"
        # "المحتوى حصري للمشتركين", "المقال متاح للمشتركين فقط" (the page, without هذا)
        rf"|{_AR_SURE}\s+(?:متاح|حصري|مخصص)ة?\s+(?:فقط\s+)?(?:للمشتركين|للاعضاء|لمشتركي)"
        # "لقراءة المقال كاملا يرجى الاشتراك", "للاطلاع على المقال كاملا اشترك الآن"
        rf"|ل(?:قراءة|لاطلاع على|متابعة(?: قراءة)?|اكمال(?: قراءة)?)\s+(?:(?:هذا|هذه)\s+)?"
        rf"{_AR_PAGE}(?:\s+(?:كاملا?|كاملة|بالكامل))?\W*(?:يرجى\s+|الرجاء\s+|يجب\s+)?"
        r"(?:اشترك|الاشتراك|سجل|تسجيل الدخول)"
        # "اشترك الآن لمتابعة القراءة"
        r"|اشترك(?:\s+الان)?\s+(?:ل|من اجل\s+)(?:متابعة|مواصلة|اكمال)\s+(?:ال)?قراءة"
        r"|(?:يرجي|الرجاء|قم ب|يجب)\s*تسجيل الدخول"
        rf"|(?:لم يتم|لا يمكن|تعذر) العثور علي {_AR_SURE}"
        rf"|{_EN_PAGE}\b[^.]{{0,20}}\b(?:is no longer available|has been {_EN_DONE}"
        r"|was (?:retracted|withdrawn|unpublished|taken down)"
        r"|no longer exists|does(?: not|n[’']t) exist|(?:could not|cannot|can[’']t) be found"
        rf"|is (?:only )?(?:available|accessible) (?:only )?(?:to|for) {_SUBSCRIBERS}"
        rf"|is (?:for|reserved for) {_SUBSCRIBERS}(?: only)?)"
        # "The article has been removed." ends there; "… removed from YouTube after …" is news
        rf"|the (?:page|article|content|story|post) has been {_EN_DONE}"
        r"(?=\s*(?:[.!]|$|at the request of|by the (?:author|publisher|editors?)))"
        r"|(?:error )?404\W*(?:page )?not found|page not found|error 404"
        r"|we (?:could not|couldn[’']t|cannot|can[’']t) find (?:that|this|the) page"
        r"|this page (?:is not|isn[’']t) available"
        rf"|(?:this|the) (?:article|story|content) is exclusive to {_SUBSCRIBERS}"
        r"|to (?:continue|keep) reading(?: this article)?,? (?:please )?"
        r"(?:subscribe|log in|sign in)"
        r"|already a subscriber\W+(?:log|sign) in"
        r"|you(?:'|’)?ve reached (?:your|the) (?:limit|maximum)|you have reached (?:your|the) limit"
        r"|(?:please )?(?:log|sign) in to (?:read|continue|view|access)"
        r"|(?:subscribe|sign up|register)(?: now)? to (?:continue|read)"
        rf"|{_FR_PAGE}\b[^.]{{0,20}}\b(?:n['’]est plus (?:disponible|accessible)|a été {_FR_DONE}"
        r"|(?:est )?(?:réservée?|accessible|disponible) (?:uniquement |seulement )?"
        r"(?:aux|à nos|pour les) abonnés|n['’]existe (?:pas|plus)|est introuvable)"
        rf"|l['’](?:article|contenu) a été {_FR_DONE}(?=\s*(?:[.!]|$|à la demande|par (?:l|son)))"
        r"|erreur 404|connectez-vous pour (?:lire|continuer|accéder)|page introuvable"
        r"|(?:article|contenu) réservé aux abonnés"
        r")\b"
    ),
    re.IGNORECASE,
)
# A notice that the page is behind a wall (sign in, subscribe): no sign it was taken down.
_WALL = re.compile(
    fold(
        r"للمشتركين|للاعضاء|لمشتركي|تسجيل الدخول|سجل (?:الدخول|دخولك)|اشترك|اشتراك"
        r"|وصول غير محدود|(?:متاح|حصري)ا? (?:حصريا |فقط )?لاعضاء"
        r"|ل(?:لاستمرار|مواصلة|اكمال) (?:في )?القراءة"
        r"|subscri|members|(?:log|sign) in|sign up|register|free articles|abonn|connectez"
    ),
    re.IGNORECASE,
)
# ... unless it says the page is gone: "The article has been removed. Subscribe to …".
_REMOVED = re.compile(
    fold(
        r"removed|deleted|retracted|withdrawn|no longer|not found|404|introuvable|n['’]existe"
        r"|plus disponible|supprimé|retiré|حذف|سحب|ازيل|ازالة|غير موجود|لم (?:يعد|تعد)"
        r"|تم نقل|غير متاح"
    ),
    re.IGNORECASE,
)
# What a page asks of its reader: sign in, subscribe, get the app, accept cookies, wait.
_PROMPT = re.compile(
    fold(
        r"^(?:عذرا|عفوا)\s*[,،!:.]"
        r"|\bسجل (?:دخولك|الدخول ل)|\b(?:قم ب|يرجي |الرجاء |يجب )تسجيل الدخول|\bاشترك الان"
        r"|\bحمل تطبيق|\b(?:نستخدم|يستخدم|نستعمل|يستعمل)\b[^.]{0,20}ملفات تعريف الارتباط"
        r"|\bجاري تحميل|\bيرجي الانتظار|\b(?:تفعيل|تمكين) (?:ال)?جافا ?سكريبت|\b(?:اضغط|انقر) هنا"
        r"|\b(?:(?:we|this (?:site|website)) uses? cookies|accept (?:all )?cookies"
        r"|download our app|enable javascript|click here"
        r"|(?:sign|log) in to (?:read|continue|view|access|see|comment)"
        r"|(?:subscribe|sign up|register)(?: now)? to (?:continue|read)"
        r"|(?:ce site|nous) utilis(?:e|ons) des cookies|acceptez (?:les )?cookies"
        r"|connectez-vous pour (?:lire|continuer|accéder)|activez (?:le )?javascript)\b"
        r"|^loading(?:\.\.\.|,? please|\s*$)|\bloading(?:\.\.\.|,? please wait)"
    ),
    re.IGNORECASE,
)


# The site is down for a while: not the article's text, nor a sign that it was taken down.
# It opens the page's text, about the site ("الموقع تحت الصيانة", "This site is down for
# maintenance", "We'll be back soon!"), not news about a bridge under maintenance.
_MAINTENANCE = re.compile(
    fold(
        rf"^{_APOLOGY}(?:(?:الموقع|الصفحة|موقعنا)\s+(?:حاليا\s+)?(?:تحت|قيد|في) (?:ال)?صيانة"
        r"|نقوم (?:حاليا )?باعمال صيانة|(?:this |the |our )?(?:site|website) is (?:currently )?"
        r"(?:under|down for) maintenance|we(?:'|’)ll be back soon|we(?:'|’| a)re down for"
        r"|(?:le |ce |notre )?site (?:est )?(?:actuellement )?en (?:cours de )?maintenance"
        r"|(?:الموقع|موقعنا)\s+(?:حاليا\s+)?قيد التحديث|(?:the )?site under maintenance"
        r"|we are (?:currently )?performing (?:scheduled )?maintenance"
        r"|briefly unavailable for scheduled maintenance|maintenance en cours)"
    ),
    re.IGNORECASE,
)


# Who said it: news of a post removed or a site under maintenance is reported ("…, said the
# authority"); a page's own notice is not. _SAID: in so many words (a wall's own offer goes
# "selon la formule", "بحسب الباقة").
_SPEECH = (
    r"(?:و|ف)?(?:قال|قالت|اعلن|اعلنت|افاد|افادت|اكد|اكدت|ذكر|ذكرت|دعا|دعت)"
    r"|said|says|announced|told|a (?:annoncé|indiqué|déclaré|précisé|rappelé|affirmé)"
)
_SAID = re.compile(fold(rf"\b(?:{_SPEECH})\b"), re.IGNORECASE)
_REPORTED = re.compile(
    fold(rf"\b(?:{_SPEECH}|وفق ما|وفقا لما|بحسب|حسب ما|according to|selon)\b"), re.IGNORECASE
)
# When, as news tells it: a day, a part of a day ("… منذ صباح اليوم", "on Monday", "hours
# earlier", "depuis lundi"). Not "after", "since", "بعد", "منذ" alone: notices say them too
# ("لم يعد متاحا بعد الآن", "removed after 30 days", "since it was published").
_WHEN = re.compile(
    fold(
        r"\b(?:اثر|عقب|امس|صباح|مساء|بعد (?:ساعات|ساعة|ايام|يوم|اسبوع|موجة|قرار|شكاو)"
        r"|الاحد|الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعة|السبت"
        r"|منذ (?:ساعات|ساعة|ساعتين|ايام|يوم|يومين|اسبوع|اسابيع)"
        r"|yesterday|(?:hours|days) earlier|this (?:morning|week)"
        r"|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
        r"|hier|ce matin|cette semaine|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b"
    ),
    re.IGNORECASE,
)


def _down(lines: list[str]) -> bool:
    if not lines:
        return False
    said = normalize(lines[0])
    return _MAINTENANCE.match(said) is not None and _REPORTED.search(said) is None


def _notice(lines: list[str]) -> str | None:
    """The kind of notice about the page the text opens with ("notice": gone or not found;
    "paywall"), or None. News of a removal says who said it, or when; news of a wall says who
    (a wall's own offer names days: "Black Friday", "until Sunday"). Only the notice's own
    paragraph is read for who and when: a notice page may go on with headlines ("Latest: …,
    minister said")."""
    if not lines:
        return None
    said = normalize(lines[0])
    if _PAGE_NOTICE.match(said) is None:
        return None
    if _WALL.search(said) and not _REMOVED.search(said):  # its offer says "selon la formule"
        return None if _SAID.search(said) else "paywall"
    return None if _REPORTED.search(said) or _WHEN.search(said) else "notice"


# After a wall's notice, its buttons: a line or two this short that ask to subscribe or sign
# in ("اشترك الآن", "Log in"). A longer line after it is text: the notice ends nothing.
WALL_BUTTONS = 2
BUTTON_CHARS = 40


# A wall's notice is a line or two of the site's own words; a longer sentence, one that says
# who said it ("بحسب الشركة"), or one that names a platform ("اشترك في قناتنا على يوتيوب") or
# a newsletter is news or a follow prompt, and an article that ends in it is whole.
WALL_NOTICE_WORDS = 16
_NOT_A_WALL = re.compile(
    fold(
        r"يوتيوب|تلغرام|تليجرام|واتساب|فيسبوك|قناتنا|منصة|youtube|telegram|whatsapp"
        r"|النشرة|نشرتنا|البريد|بريدك|newsletter|e-?mail|lettre d['’]information"
    ),
    re.IGNORECASE,
)


# A box that holds a wall's notice, by a class or id token: "paywall", "pay-wall", "regwall",
# "subscriber-only", "premium", "locked", Piano's "tp-", a metered wall's "meter".
_WALL_NAME = r"(^|[\s_-])(pay-?wall|reg-?wall|subscri|premium|locked|piano|tp-|meter)"
_WALL_NAMED = re.compile(_WALL_NAME, re.IGNORECASE)
_WALL_BOXES = etree.XPath(
    "//h1/following::*[@class or @id]"
    f"[re:test(concat(@class, ' ', @id), '{_WALL_NAME}', 'i')]"
    "[not(ancestor::aside or ancestor::nav or ancestor::footer)]",
    namespaces={"re": "http://exslt.org/regular-expressions"},
)
# Text after the box: then it ends nothing (an offer set below a whole article, or inside it).
_TEXT_AFTER = etree.XPath(
    "boolean(following::p[string-length(normalize-space()) >= 80]"
    "[not(ancestor::aside or ancestor::nav or ancestor::footer)])"
)


class _BoxedWall(NamedTuple):
    notice: str  # its line that asks to subscribe or sign in
    text: str  # all its words, spaces left out


# A wall's box is a notice, an offer and its buttons: one that holds more words wraps the
# article itself (`<div class="premium-content">` served whole).
WALL_BOX_WORDS = 80


def _wall_box(tree: html.HtmlElement) -> _BoxedWall | None:
    """The box below the headline that holds a wall's notice (a line of it that asks to
    subscribe or sign in, in a wall's own words), when no text follows it; or None."""
    if not _WALL_NAMED.search(page_names(tree)):
        return None
    for box in _WALL_BOXES(tree):
        lines = [squeezed(t) for t in box.itertext() if t.strip()]
        if sum(len(line.split()) for line in lines) > WALL_BOX_WORDS or _TEXT_AFTER(box):
            continue
        notice = next((line for line in lines if _offers(line)), None)
        if notice is not None:
            return _BoxedWall(notice, "".join("".join(lines).split()))
    return None


# What a wall withholds: the reading of the story ("إشترك لمشاهدة الفيديوهات" in a box named
# "SubscribeToOurVOD" below an article is an offer of videos, not a wall).
_READING = re.compile(
    fold(
        r"قراءة|القراءة|المقال|المقالة|التقرير|الخبر|المحتوى|القصة|للمشتركين|لمشتركي|للاعضاء"
        r"|لاعضاء|\b(?:read|reading|article|story|content|subscribers|members|lire|abonnés)\b"
    ),
    re.IGNORECASE,
)


def _offers(line: str) -> bool:
    """A line of a wall's box that asks to subscribe or sign in to read on (no one said it)."""
    said = normalize(line)
    return (
        _WALL.search(said) is not None
        and _READING.search(said) is not None
        and len(line.split()) <= WALL_NOTICE_WORDS
        and not _NOT_A_WALL.search(said)
        and not _SAID.search(said)
    )


def _in_box(line: str, box: str) -> bool:
    """Is the line the box's (however its inline parts were spaced)?"""
    return "".join(line.split()) in box


def _walls(line: str) -> bool:
    """Is the line a wall's notice, in a wall's own words?"""
    return (
        _notice([line]) == "paywall"
        and len(line.split()) <= WALL_NOTICE_WORDS
        and not _NOT_A_WALL.search(normalize(line))
    )


def _wall_notice(lines: list[str]) -> str | None:
    """The wall's notice that ends these lines (but for its buttons), whatever the lead above
    it; None when they do not end in one."""
    for line in reversed(lines[-(WALL_BUTTONS + 1) :]):
        if _walls(line) and not _REPORTED.search(normalize(line)):
            return line
        if len(line) > BUTTON_CHARS or not _WALL.search(normalize(line)):
            return None
    return None


def _flash(paragraphs: list[str], ended: bool = True) -> bool:
    """ended: each line ends a sentence; a headline's need not, but asks no question."""
    text = " ".join(paragraphs)
    if not (0 < len(paragraphs) <= 2 and len(text) >= MIN_FLASH_CHARS):
        return False
    said = normalize(text)
    news = _REPORTED.search(said) is not None or _WHEN.search(said) is not None
    if (
        len(text.split()) < FLASH_WORDS
        or _notice(paragraphs)
        or (_PROMPT.search(said) and not news)
    ):
        return False
    if not ended:
        return not _QUESTION.search(text)
    return all(_SENTENCE_END.search(_SIGNATURE.sub("", p.strip())) for p in paragraphs)


def _canonical(tree: html.HtmlElement, url: str | None) -> str | None:
    """The page's declared address: rel=canonical made absolute against the page (sites
    write `href="/p/1.html"`), og:url only as written absolute (Open Graph asks for it).
    None for an address that is no URL ("http://[oops/x")."""
    try:
        return _declared(tree, url)
    except ValueError:
        return None


def _declared(tree: html.HtmlElement, url: str | None) -> str | None:
    for href in tree.xpath('//link[@rel="canonical"]/@href'):
        if href.strip():
            base = next((b for b in tree.xpath("//base/@href") if b.strip()), None)
            if not base and _PATH_RELATIVE.match(href.strip()):
                break  # "news/41033/slug" on /news/41033/slug: a slash forgotten, no address
            return urljoin(urljoin(url, base) if url and base else url or "", href.strip())
    for value in tree.xpath('//meta[@property="og:url"]/@content'):
        if value.strip().startswith(("http://", "https://", "//")):
            return urljoin(url or "", value.strip())
    return None


# An address relative to the page's directory: no scheme, no leading "/", not "?…" or "#…".
_PATH_RELATIVE = re.compile(r"^(?![a-zA-Z][a-zA-Z0-9+.-]*:|[/?#])")


def _permalinks(url: str | None, canonical: str | None) -> tuple[str | None, ...]:
    """The addresses whose path may date the page: the one fetched, then its canonical on
    the same host (a template's canonical pointing every page elsewhere dates nothing)."""
    same_host = url and canonical and host_of(url) == host_of(canonical)
    return (url, canonical) if same_host else (url,)


# A "not found" page served with status 200 (a soft 404): its headline says so, and it has a
# sentence or two of apology, not an article.
NOT_FOUND_TEXT = 600  # characters: more is an article that happens to mention it
# A search's own page, by its title: "نتائج البحث عن: النفط", "Search results for …".
_SEARCH_PAGE = re.compile(
    fold(
        r"^(?:نتائج البحث|نتيجه البحث|نتايج البحث)(?:\s*$|\s*[:：\"«]|\s+(?:عن|ل|في)\b)"
        r"|^(?:search results?|results? for|résultats? de (?:la )?recherche)\b"
    ),
    re.IGNORECASE,
)
# ... at the search's address ("/search", "?q=", "?s=", "/bahth"): "نتائج البحث العلمي …"
# is a headline.
_SEARCH_URL = re.compile(
    r"(?<![a-z])(?:search|bahth)(?![a-z])|[?&](?:q|s|query|keyword|kw)=", re.IGNORECASE
)
# A consent manager's text says what it stores and for what, at length, in its own words.
CONSENT_TEXT = 1500


def _apologizes(paragraphs: list[str]) -> bool:
    """The text opens with the apology (a soft 404's "the page you are looking for does not
    exist"), or the way back it offers ("you can go back to the home page", "use the
    search"), whatever follows it: the latest news, a search box's words."""
    if not paragraphs:
        return False
    first = paragraphs[0]
    return (
        _notice([first]) is not None
        or says_not_found(first)
        or bool(_WAY_BACK.search(normalize(first)))
    )


# A CMS's error template: WordPress's <body class="error404">, <section class="error-404
# not-found">, a theme's "page-404" (not a bare 404: WordPress's post 404 is "post-404").
_ERROR_TEMPLATE = etree.XPath(
    "//*[@class or @id][re:test(concat(@class, ' ', @id),"
    " '(^|[\\s_-])(error-?404|404-?(page|error)|not-?found|notfound|page-?404)($|[\\s_-])', 'i')]",
    namespaces={"re": "http://exslt.org/regular-expressions"},
)


def _error_template(tree: html.HtmlElement) -> bool:
    return bool(_ERROR_TEMPLATE(tree))


# A bot check a site or its CDN answers in place of the page (Cloudflare's "Just a moment…",
# a captcha), in its words or by its widget's names.
_BOT_CHECK = re.compile(
    r"checking (?:your browser|if the site connection is secure)|just a moment\.{0,3}$"
    r"|attention required|verify (?:that )?you are (?:a )?human|are you a robot|enable javascript"
    r" and cookies to continue|ddos protection by|pardon our interruption|please wait while we"
    r" verify|التحقق من (?:متصفحك|أنك (?:لست روبوت|إنسان))",
    re.IGNORECASE,
)
BOT_CHECK_CHARS = 1500  # a page of more text is a page, whatever it says of robots
# A consent wall's opening: the site and its partners use cookies (folded).
_CONSENT = re.compile(
    fold(
        r"^(?:(?:نحن )?(?:نستخدم|نستعمل)(?: نحن)?|(?:موقعنا|هذا الموقع) (?:يستخدم|يستعمل))"
        r"(?: وشركاؤنا| وشركاءنا)?[^.]{0,30}(?:ملفات تعريف الارتباط|الكوكيز|cookies)"
        r"|^(?:we|this (?:site|website))(?: and our partners)? uses? cookies"
        r"|^(?:nous|ce site)(?: et nos partenaires)? utilis(?:e|ons) des cookies"
        # a consent manager's (IAB TCF) stock words: "نحن وشركاؤنا نقوم بتخزين و/أو الوصول
        # إلى المعلومات الموجودة على جهازك"
        r"|^نحن وشركا(?:ؤ|ء)نا (?:نقوم ب)?(?:تخزين|نخزن|نعالج|معالجة|نستخدم)"
        r"|^we and our (?:partners|vendors) (?:store|process|use)"
        r"|^nous et nos partenaires (?:stockons|traitons|utilisons)"
    ),
    re.IGNORECASE,
)


def _bot_check(tree: html.HtmlElement) -> str | None:
    """What says the page is a bot check: its title or opening words, or its widget (not one
    in a form: a comment form's captcha), on a page of little text (scripts aside)."""
    title = " ".join((tree.findtext("head/title") or "").split())
    widget = None
    if _BOT_WIDGET_NAMES.search(page_names(tree)):  # (its elements looked for only then)
        unformed = (el for el in _BOT_WIDGETS(tree) if next(el.iterancestors("form"), None) is None)
        widget = next(unformed, None)
    if not _BOT_CHECK.search(title) and widget is None and not _BOT_WORDS(tree):
        return None  # most pages: three searches, no text read
    text = " ".join(" ".join(_VISIBLE_TEXT(tree)).split())
    if len(text) > BOT_CHECK_CHARS:
        return None
    for said in (title, text[:300]):
        if _BOT_CHECK.search(said):
            return said[:80]
    return widget.get("class") or widget.get("id") if widget is not None else None


_BOT_WIDGET = (
    "cf-browser-verification|cf-challenge|challenge-(form|platform|running)|cf-turnstile"
    "|g-recaptcha|h-captcha|px-captcha|captcha-container"
)
_BOT_WIDGET_NAMES = re.compile(_BOT_WIDGET, re.IGNORECASE)
_BOT_WIDGETS = etree.XPath(
    f"//*[@class or @id][re:test(concat(@class, ' ', @id), '{_BOT_WIDGET}', 'i')]",
    namespaces={"re": "http://exslt.org/regular-expressions"},
)
# The words, found by libxml2 in the body's first text (a page says them at its top).
_BOT_WORDS = etree.XPath(
    "boolean(//body//text()[contains(., 'Checking your browser') or contains(., 'Just a moment')"
    " or contains(., 'التحقق من متصفحك') or contains(., 'Verify you are human')])"
)
_VISIBLE_TEXT = etree.XPath("//body//text()[not(ancestor::script or ancestor::style)]")


# A soft 404's advice to its reader (asked only of a page whose title says it was not found).
_WAY_BACK = re.compile(
    normalize(
        r"(?:العودة|الرجوع|عودة|ارجع|عد) (?:الى|إلى|ل)\s?(?:ال)?(?:صفحة )?(?:الصفحة )?الرئيسية"
        r"|استخدام (?:خاصية |محرك )?البحث|(?:جرب|حاول) البحث"
        # what may have become of the page: "ربما تم نقل الرابط أو حذفه"
        r"|(?:ربما|قد يكون|لعل)(?: قد)? (?:تم|جرى) (?:حذف|نقل|تغيير)"
    )
    + r"|(?:go|return|head) back to (?:the |our )?home ?page|try (?:searching|a search)"
    r"|retour (?:à|a) l'accueil",
    re.IGNORECASE,
)


def _language(lang_attribute: str | None, text: str) -> str | None:
    """The page's language: its <html lang>, unless the text's script contradicts it."""
    declared = (lang_attribute or "").split("-")[0].lower()
    arabic, latin = len(_ARABIC.findall(text)), len(_LATIN.findall(text))
    by_script = "ar" if arabic > latin else ("en" if latin else None)
    # A declared language that the script contradicts is a template default, not the truth:
    # an Arabic page's template around an English or French article, an English one around
    # an Arabic article.
    if declared in _ARABIC_SCRIPT and latin > 4 * arabic:
        return _latin_language(text) or by_script
    if declared and not (declared == "en" and by_script == "ar"):
        return declared
    return by_script


_ARABIC_SCRIPT = frozenset({"ar", "fa", "ur", "ps", "ku"})
_EN_WORDS = frozenset(
    ["the", "and", "of", "to", "in", "is", "that", "for", "was", "with", "on", "are", "by", "from"]
)
_FR_WORDS = frozenset(
    [
        "le",
        "la",
        "les",
        "des",
        "et",
        "est",
        "une",
        "du",
        "dans",
        "pour",
        "que",
        "sur",
        "au",
        "qui",
        "par",
    ]
)


def _latin_language(text: str) -> str | None:
    """English or French, by their commonest words (the Maghreb's sites publish both)."""
    words = re.findall(r"[a-zà-ÿœæ]+", text.lower())
    en = sum(w in _EN_WORDS for w in words)
    fr = sum(w in _FR_WORDS for w in words)
    return "fr" if fr > en else ("en" if en else None)
