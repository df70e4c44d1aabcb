"""The headline a listing's link or a feed's item shows for an archived article: remembered
with it (articles.listed_title), one that changes is an edit signal on sites that give no
change date (no sitemap <lastmod>, no feed <updated>) but show their edits on their listings:
a correction, "(محدث)" added, a toll raised ("ارتفاع عدد الضحايا إلى 45").

A listing's headline is not the article's <h1> (listings shorten them), and one article may
show several forms (the home page's short one, a section's, the feed's whole one): the last
few forms seen are remembered, newest first, and a form none of them is, nor a teaser cut from
one, is a change."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from archive.normalize import tokens

# Forms of one article's headline remembered: the home page's, a section's, the feed's, one more.
KEPT_FORMS = 4
FORMS_SEPARATOR = "\n"  # (a normalized headline has no line break)
# A headline has this many words with a letter: a link's "اقرأ المزيد", "Read more", a date
# ("12 مايو"), a relative time ("منذ 3 ساعات") or a number is none.
MIN_WORDS = 3
# More words than this is a teaser's paragraph, not a headline.
MAX_WORDS = 40
# A text that this many links to different addresses show is the listing's wording ("Lire la
# suite", "التفاصيل الكاملة هنا"), not an article's headline.
SHARED_BY = 3
_HAS_LETTER = re.compile(r"[^\W\d_]")
_ELLIPSES = ("…", "..", "،،")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_BLOCKS = frozenset(
    {*_HEADINGS, "div", "p", "li", "ul", "ol", "section", "article", "figure", "figcaption",
     "header", "footer", "table", "tr", "td", "dl", "dt", "dd", "blockquote"}
)  # fmt: skip
# Not words of the headline: a card's time ("منذ 3 ساعات" moves every run), scripts.
_NOT_TEXT = frozenset({"time", "script", "style", "noscript", "svg", "template"})

# How a headline seen compares with those remembered (ListedTitles.seen).
SAME = "same"  # one of them, a teaser cut from one, or no headline at all
FIRST = "first"  # nothing remembered: an archive from before, or no headline shown before
EDIT = "edit"  # a headline none of them is: the publisher changed it


def headline(text: str | None) -> str | None:
    """A link's or an item's text as a headline, normalized (archive.normalize: letter forms,
    digits, punctuation and spacing never count); None when it is none: a teaser cut off
    ("…"), a link's "اقرأ المزيد", a date, an image's link without text, a paragraph."""
    stripped = (text or "").strip()
    if not stripped or stripped.endswith(_ELLIPSES):
        return None
    words = tokens(stripped)
    lettered = sum(not word.isdigit() for word in words)
    if lettered < MIN_WORDS or len(words) > MAX_WORDS:
        return None
    return " ".join(words)


def link_headlines(tree: Any) -> dict[str, str]:
    """A listing's links' headlines, by href as written: of several links to one address (an
    image's, the headline's, "اقرأ المزيد"), a heading's, else the longest."""
    found: dict[str, tuple[bool, str]] = {}
    pairs: set[tuple[str, str]] = set()  # (address, text): how many addresses show a text
    for link in tree.iter("a"):
        href = link.get("href")
        if not href:
            continue
        text, in_heading = _link_text(link)
        title = headline(text)
        if title is None:
            continue
        pairs.add((href, title))
        best = found.get(href)
        if best is None or (in_heading, len(title)) > (best[0], len(best[1])):
            found[href] = (in_heading, title)
    shown = Counter(title for _, title in pairs)
    return {href: title for href, (_, title) in found.items() if shown[title] < SHARED_BY}


def _link_text(link: Any) -> tuple[str, bool]:
    """The text of a link that is its headline, and whether a heading holds it: a card that
    is one link (picture, headline, summary, time) gives its heading's text, else its longest
    block's."""
    if len(link) == 0:  # (most links: their text alone, no walk)
        return link.text or "", _under_heading(link)
    heading = next(link.iter(*_HEADINGS), None)
    if heading is not None:
        return _text(heading), True
    blocks = [el for el in link.iter() if el is not link and el.tag in _BLOCKS]
    if blocks:
        return max((_text(el) for el in blocks), key=len), False
    return _text(link), _under_heading(link)


def _under_heading(link: Any) -> bool:
    return any(el.tag in _HEADINGS for el in link.iterancestors())


def _text(element: Any) -> str:
    """The element's words, without those of a time, a script or a style in it."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _NOT_TEXT:
            words = _text(child)
            if _HAS_LETTER.search(words):  # (not a count beside the headline: "1,234 👁")
                parts.append(words)
        parts.append(child.tail or "")
    return " ".join(parts)


def compared(remembered: str | None, seen: str) -> str:
    """SAME, FIRST or EDIT: a headline seen against the forms remembered. A shorter form that
    begins one of them (a teaser cut at a word) is the same; one that ends in more words than
    one ("… (محدث)") is an edit."""
    forms = remembered.split(FORMS_SEPARATOR) if remembered else []
    if not forms:
        return FIRST
    if any(form == seen or form.startswith(seen + " ") for form in forms):
        return SAME
    return EDIT


def merged(remembered: str | None, seen: str) -> str:
    """The forms to remember: the one seen first, then the others, at most KEPT_FORMS."""
    forms = remembered.split(FORMS_SEPARATOR) if remembered else []
    kept = [seen, *(form for form in forms if form != seen)]
    return FORMS_SEPARATOR.join(kept[:KEPT_FORMS])


class ListedTitles:
    """A run's headlines of articles, by key: the forms remembered, with those it saw, and
    the articles whose forms are written once their page is answered (held): one a changed
    headline made due keeps it for the next run if its re-check fails."""

    def __init__(self) -> None:
        self.known: dict[str, str] = {}
        self.held: set[str] = set()
        # The archived articles' ids, by key: their forms are written by id.
        self.ids: dict[str, int] = {}
        # Articles the archive remembered no headline of: every form this run sees is a first.
        self.unremembered: set[str] = set()

    def seen(self, key: str, title: str | None, remembered: str | None = None) -> str:
        """How title compares with the article's forms (remembered: the archive's, on its
        first sighting in this run; later, those this run knows); they take it in."""
        if title is None:
            return SAME
        forms = self.known.get(key, remembered)
        if not forms:
            self.unremembered.add(key)
        verdict = compared(forms, title)
        if verdict == EDIT and key in self.unremembered:
            verdict = FIRST  # (the home page's short form, then the feed's whole one)
        self.known[key] = (forms or "") if verdict == SAME else merged(forms, title)
        return verdict

    def answered(self, key: str, new: bool) -> str | None:
        """The forms to write with an article whose page was answered: a new one's, or an
        archived one's held until then."""
        if not new and key not in self.held:
            return None
        self.held.discard(key)
        return self.known.get(key) or None
