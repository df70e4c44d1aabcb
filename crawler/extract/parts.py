"""An article split over several pages: the address of its next part.

A part is linked the way pagination links pages ("الصفحة التالية", "next page", "suivant", "»",
`rel="next"`, the number of the next part, "الصفحة 2"), and its address is the first page's
with a part number added: `?page=2` (or `p`, `pg`, `part` ...), `/2`, `/page/2`, and after an
extension or a numeric name `-2`, `_2` (`/news/5.html` -> `/news/5-2.html`, `/news/5` ->
`/news/5-2`, a WordPress `/slug/` -> `/slug/2/`; Drupal counts from 0: `?page=1` is the second
page). Only the part after the one read counts: a
`rel="next"` to the next story (as WordPress themes write it), the next story of a series
whose slug WordPress numbered (`/gold-prices/` -> `/gold-prices-2/`), a sidebar's numbered
list, the comments' pager or a listing's pages never do."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree, html

from archive.normalize import fold, normalize
from crawler.canonical import without_referral

MAX_PARTS = 12  # parts read after the first page, at most: a loop of "next" ends there

_NEXT_WORDS = frozenset(
    normalize(w)
    for w in (
        "التالي", "التالية", "الصفحة التالية", "الجزء التالي", "next", "next page",
        "continue", "continue reading", "suivant", "suivante", "page suivante", "suite",
        "lire la suite", "",  # "" is an arrow alone: "»", "›", "→"
    )
)  # fmt: skip
_ARROWS = "»›→>«‹←<" + " \u00a0.:"
# "الصفحة 2", "Page 2", "صفحة ٢", "Page 2 of 3": the next part's number, named.
_NAMED_NUMBER = re.compile(
    fold(r"^(?:الصفحة|صفحة|الجزء|page|p\.|part|partie)\s*(\d+)(?:\s*(?:من|of|sur)\s*\d+)?$"), re.I
)
# "الصفحة الثانية", "الجزء الثالث": the next part's number, in words.
_ORDINALS = {
    normalize(word): number
    for number, words in enumerate(
        (("الثانية", "الثاني"), ("الثالثة", "الثالث"), ("الرابعة", "الرابع"),
         ("الخامسة", "الخامس"), ("السادسة", "السادس"), ("السابعة", "السابع"),
         ("الثامنة", "الثامن"), ("التاسعة", "التاسع"), ("العاشرة", "العاشر")),
        start=2,
    )
    for word in words
}  # fmt: skip
_NAMED_ORDINAL = re.compile(fold(r"^(?:الصفحة|صفحة|الجزء)\s+(\S+)$"))
# Joomla's pagebreak (start, limitstart) counts from 0, as Drupal's page does.
# A query field that only ever numbers an article's later pages ("p" is WordPress's post id
# and "start" a list's offset: those count parts only beside a first page's address).
LATER_PAGE_PARAMS = frozenset({"page", "pg", "paged", "pagenum", "pageno", "page_no", "part",
                               "pagina", "seite", "pagenumber", "page_number"})  # fmt: skip
_PART_PARAMS = LATER_PAGE_PARAMS | {"p", "pn", "start", "limitstart"}
_SEGMENTS = ("/", "/page/", "/page-", "/part/", "/part-")
_GLUED = ("-", "_", ",")
_EXTENSION = re.compile(r"\.(?:s?html?|php|aspx?|jsp)$", re.IGNORECASE)
_NUMERIC_NAME = re.compile(r"/\d+$")


def _linked_by(rel: str) -> etree.XPath:
    """Links that say rel=<rel>, or whose text is short (a word or a number)."""
    said = f"contains(concat(' ', normalize-space(@rel), ' '), ' {rel} ')"
    return etree.XPath(
        f"//link[{said}] | //a[@href][{said} or string-length(normalize-space(.)) <= 20]"
    )


# Links that may lead to the next part: rel="next", or a short text (a word or a number).
_CANDIDATES = _linked_by("next")
# Links that may lead back to the first part: rel="prev", or a short text.
_BACK_CANDIDATES = _linked_by("prev")
# ... not in the pager of the comments or replies, of a gallery's slides, of a box of other
# stories, of a sidebar's block that pages itself on the article's address (Drupal's Views
# "?page=1"): a class or id with a word that names one ("post-comments", "articleComments",
# "wp-block-gallery", "swiper-container", "jp-relatedposts", "block-most-read",
# "more-stories", "block-views-latest", "widget_recent_entries", "sidebar"), or an <aside>.
# ("block" alone is no such box: Drupal's "block-system-main" holds the article; nor "view":
# its "node--view-mode-full".) Not the classes
# WordPress gives a post for its format, categories and tags ("format-gallery",
# "category-popular-science"), nor flags ("has-comments", "comments-open").
_ELSEWHERE = frozenset({"comment", "comments", "disqus", "responses", "replies", "discussion",
                        "discussions", "gallery", "slideshow", "carousel", "swiper", "slider",
                        "slides", "related", "relatedposts", "mostread", "popular", "trending",
                        "recommended", "sidebar", "widget", "widgets", "views"})  # fmt: skip
_ELSEWHERE_PAIRS = frozenset({("most", "read"), ("most", "viewed"), ("more", "stories"),
                              ("more", "news"), ("other", "stories")})  # fmt: skip
_NOT_A_BOX = re.compile(
    r"^(?:category|tag|format|type|status|author|has|no)-|^post-\d|-(?:open|closed|enabled|disabled)$"
)
_WORDS_OF_A_NAME = re.compile(r"[a-z]+|[A-Z][a-z]*|\d+")


def _base(tree: html.HtmlElement, url: str) -> str:
    """What the page's links are read against: its <base href>, else its address."""
    return next((urljoin(url, b.get("href")) for b in tree.iter("base") if b.get("href")), url)


def _elsewhere(link: html.HtmlElement, seen: dict[html.HtmlElement, bool]) -> bool:
    """Is the link inside a comments', gallery's or other stories' box?"""
    for box in link.iterancestors():
        if box.tag in ("body", "html"):
            return False
        if box not in seen:
            seen[box] = box.tag == "aside" or _names_elsewhere(box)
        if seen[box]:
            return True
    return False


def _names_elsewhere(box: html.HtmlElement) -> bool:
    for token in f"{box.get('class') or ''} {box.get('id') or ''}".split():
        if _NOT_A_BOX.search(token.lower()):
            continue
        words = [w.lower() for w in _WORDS_OF_A_NAME.findall(token)]
        if any(w in _ELSEWHERE for w in words):
            return True
        if any(pair in _ELSEWHERE_PAIRS for pair in zip(words, words[1:], strict=False)):
            return True
    return False


def next_part(
    tree: html.HtmlElement, url: str, first: str | None = None, zero_based: bool = False
) -> str | None:
    """The address of the part after this page; first: the article's first page (None: this
    page is the first). zero_based: the parts count from 0, as Drupal's ?page=1 is its
    second page (see zero_based())."""
    first = first or url
    shift = 1 if zero_based else 0
    if url == first:
        here = 1
    elif (number := part_number(url, first, least=1)) is not None:
        here = number + shift
    else:
        return None
    base = _base(tree, url)
    seen: dict[html.HtmlElement, bool] = {}
    for link in _CANDIDATES(tree):
        href = (link.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        said = link.tag == "a" and _says_next(link, here + 1)
        if not said and "next" not in (link.get("rel") or "").lower().split():
            continue
        if _elsewhere(link, seen):  # after the cheaper tests: most links are a menu's
            continue
        candidate = urljoin(base, href).split("#")[0]
        # "/slug-2" after "/slug" may be another story's address (WordPress numbers a repeated
        # slug so): a link that only says rel="next" must add the part as a path segment.
        number = part_number(candidate, first, glued=said, least=1)
        if number is not None and number + shift == here + 1:
            return candidate
        if here == 1 and number == 1 and _same_path(candidate, first):
            return candidate  # Drupal's second page: ?page=1
    return None


# An address that may number a later part: its path ends in a small number ("/5/2",
# "/5-2.html", "/slug/page/3/") or a query field holds one ("?page=2"). Pages without one (most)
# are not searched for a pager's first page.
_MAY_BE_PART_PATH = re.compile(r"[/_,-]\d{1,2}/?(?:\.\w+)?$")
_MAY_BE_PART_QUERY = re.compile(r"(?:^|&)[^=&]+=\d{1,2}(?:&|$)")
_FIRST_WORDS = frozenset(normalize(w) for w in ("الأولى", "الصفحة الأولى", "first", "first page"))


def first_part(tree: html.HtmlElement, url: str) -> str | None:
    """The address of the article's first page, when this page is a later part of it: its
    pager links it ("1", "الصفحة الأولى"; "السابق" or rel="prev" from the second part, or
    from a later one to the part before, read back to the first: _first_before), and
    this address is that one with a part number added ("/story/11/2/" of "/story/11/"). The
    story before (WordPress's "/slug/" from "/slug-2/"), a listing's or the comments' pager
    are no first page."""
    parts = urlsplit(url)
    if not (_MAY_BE_PART_PATH.search(parts.path) or _MAY_BE_PART_QUERY.search(parts.query)):
        return None
    base = _base(tree, url)
    seen: dict[html.HtmlElement, bool] = {}
    for link in _BACK_CANDIDATES(tree):
        href = (link.get("href") or "").strip()
        says = _says_back(link)
        if not says or not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        candidate = urljoin(base, href).split("#")[0]
        if candidate == url or _elsewhere(link, seen):
            continue
        # (Drupal counts from 0: its second part is ?page=1.)
        number = part_number(url, candidate, glued=says != "rel", least=1)
        if number is not None and number <= (MAX_PARTS + 1 if says == "first" else 2):
            return candidate
        if says != "first" and (first := _first_before(url, candidate, says != "rel")):
            return first
    return None


def _first_before(url: str, previous: str, glued: bool) -> str | None:
    """The first page of a later part whose pager links only the part before ("77-3.html"'s
    "السابق" to "77-2.html"): the address both number, the one before by one less — the
    chain of "previous" back to it, read off the addresses (MAX_PARTS at most)."""
    for first in _unnumbered(url):
        number = part_number(url, first, glued=glued)
        if number is None or number > MAX_PARTS + 1:
            continue
        if part_number(previous, first, glued=glued, least=1) == number - 1:
            return first
    return None


# A path that ends in a part's number ("/77-3.html", "/story/11/3/", "/slug/page/3/").
_NUMBERED_PATH = re.compile(
    r"^(?P<stem>.+?)(?:/page/|/page-|/part/|/part-|[/_,-])\d{1,2}(?P<end>/?(?:\.\w+)?)$"
)


def _unnumbered(url: str) -> list[str]:
    """The addresses a later part's may be, its number taken off: a query field's, a path's."""
    parts = urlsplit(url)
    found = []
    fields = parse_qsl(parts.query, keep_blank_values=True)
    for i, (name, value) in enumerate(fields):
        if name.lower() in _PART_PARAMS and value.isdecimal():
            query = urlencode(fields[:i] + fields[i + 1 :])
            found.append(urlunsplit(parts._replace(query=query)))
    if numbered := _NUMBERED_PATH.match(parts.path):
        found.append(urlunsplit(parts._replace(path=numbered["stem"] + numbered["end"])))
    return found


def _says_back(link: html.HtmlElement) -> str | None:
    """ "first" for a link that says the first page ("1", "الصفحة 1", "الأولى"), "previous"
    for one that says the page before ("السابق"), "rel" for rel="prev" alone, else None."""
    if link.tag == "a":
        text = normalize(" ".join(link.text_content().split())).strip(_ARROWS)
        named = _NAMED_NUMBER.match(text)
        if text == "1" or (named and named[1] == "1") or text in _FIRST_WORDS:
            return "first"
        if text in _PREVIOUS_WORDS:
            return "previous"
    return "rel" if "prev" in (link.get("rel") or "").lower().split() else None


def zero_based(first: str, second: str) -> bool:
    """Do the parts of the article whose first two pages these are count from 0?"""
    return part_number(second, first, least=1) == 1


def _same_path(candidate: str, first: str) -> bool:
    """The part number is in the query (?page=1), not the path (a "/1" is no part)."""
    got, base = urlsplit(candidate), urlsplit(first)
    return unquote(got.path).rstrip("/") == unquote(base.path).rstrip("/")


# The label a pager's numbers may follow: WordPress's wp_link_pages "Pages:" as themes print it.
_PAGER_LABEL = re.compile(fold(r"^(?:الصفحات|صفحات|الصفحة|صفحة|pages?)\s*:\s*"), re.I)
_PREVIOUS_WORDS = frozenset(
    normalize(w) for w in ("السابق", "السابقة", "الصفحة السابقة", "previous", "prev", "précédent")
)
# A pager's line is made of these words alone, its numbers and its marks: "الصفحة 1 من 3
# التالي", "صفحة 1 / 3", "الأولى السابق 1 2 3 التالي الأخيرة", "Page 1 2 3 Next".
_PAGE_WORDS = frozenset(normalize(w) for w in (
    "الصفحة", "صفحة", "الصفحات", "صفحات", "الجزء", "page", "pages", "p", "part", "partie",
))  # fmt: skip
_OF_WORDS = frozenset(normalize(w) for w in ("من", "of", "sur", "de", "/"))
_MOVE_WORDS = frozenset(normalize(w) for w in (
    "التالي", "التالية", "السابق", "السابقة", "next", "previous", "prev", "older", "newer",
    "suivant", "suivante", "précédent", "précédente", "suite", "continue",
))  # fmt: skip
# ... and its ends, which beside no number nor move word head a section ("الجزء الأول").
_END_WORDS = frozenset(normalize(w) for w in (
    "الأولى", "الأول", "الأخيرة", "الأخير", "first", "last", "première", "premier",
    "dernière", "dernier",
))  # fmt: skip
_MOVE_PHRASES = re.compile(r"\b(?:lire la suite|continue reading)\b")
# Marks between a pager's items (a slash only set apart: "3/4" is a fraction, "1 / 3" a pager).
_PAGER_MARKS = re.compile(r"[|‖•·،,:«»‹›→←<>…\u00a0]|\.(?=\s|$)")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})$")
# The kinds of its tokens in order: Page words, Numbers, Of, Move words, End words.
_PAGER_SHAPE = re.compile(r"^[PME]*N*[PME]*$|^[PME]*NON[PME]*$")
MAX_BARE_PAGES = 9  # "2 / 3" alone is a pager's; "10 / 10" a score


def is_pager_line(line: str) -> bool:
    """A line of the pager, not of the article: "الصفحة 2 من 3", "« السابق 1 2 3 التالي »",
    "صفحة 1 / 3", "الصفحات: 1، 2، 3", "Next »" (not "2019 - 2024", a table's row
    "1 | 12400", a date, a score, a sentence that names a page)."""
    said = normalize(" ".join(line.split()))
    if not said:
        return False
    labelled = _PAGER_LABEL.match(said)
    if labelled and not said[labelled.end() :].strip():
        return True  # the label alone, its numbers on lines of their own
    tokens = _PAGER_MARKS.sub(" ", _MOVE_PHRASES.sub(" next ", said)).split()
    if not tokens:
        return not said.strip(_ARROWS)  # an arrow alone: "»"
    if any(t in _PAGE_WORDS for t in tokens):  # "صفحة 1/3"
        tokens = [p for t in tokens for p in _slashed(t)]
    kinds, numbers = "", list[int]()
    for token in tokens:
        if token.isdecimal() and not token.startswith("0") and int(token) <= 99:
            kinds, numbers = kinds + "N", [*numbers, int(token)]
        elif token in _OF_WORDS:
            kinds += "O"
        elif token in _PAGE_WORDS:
            kinds += "P"
        elif token in _MOVE_WORDS:
            kinds += "M"
        elif token in _END_WORDS:
            kinds += "E"
        else:
            return False  # a word of a sentence, a year, a date
    return _pager_shape(kinds, numbers)


def _slashed(token: str) -> list[str]:
    got = _SLASHED.match(token)
    return [got[1], "/", got[2]] if got else [token]


def _pager_shape(kinds: str, numbers: list[int]) -> bool:
    """Numbers and words in a pager's order: "N of M" (N up to M), or a run of numbers going
    up; bare numbers (no page or move word) only "1 2 3" from the first pages, "2 / 3"."""
    if not _PAGER_SHAPE.match(kinds) or not ("N" in kinds or "M" in kinds):
        return False
    bare = not ("P" in kinds or "M" in kinds or "E" in kinds)
    if "O" in kinds:
        last = MAX_BARE_PAGES if bare else 99
        return numbers[0] <= numbers[1] <= last
    if bare and (len(numbers) < 2 or numbers[0] > 2):
        return False
    return all(a < b for a, b in zip(numbers, numbers[1:], strict=False))


def _says_next(link: html.HtmlElement, wanted: int) -> bool:
    said = " ".join(link.text_content().split())
    if not said:
        return False  # an image's link says nothing
    text = normalize(said).strip(_ARROWS)
    if text.isdecimal():
        return int(text) == wanted
    named = _NAMED_NUMBER.match(text)
    if named:
        return int(named[1]) == wanted
    ordinal = _NAMED_ORDINAL.match(text)
    if ordinal and ordinal[1] in _ORDINALS:  # "الصفحة الثانية"; "الصفحة التالية" says next
        return _ORDINALS[ordinal[1]] == wanted
    return text in _NEXT_WORDS


def part_number(candidate: str, first: str, glued: bool = True, least: int = 2) -> int | None:
    """The part number a URL adds to the first page's address (`least` and on), or None.
    glued: a number glued to the first page's name ("5-2.html") counts. Where a link came
    from ("?from=rss", "?ref=home", kept in the address fetched) is no part of either."""
    got, base = urlsplit(without_referral(candidate)), urlsplit(without_referral(first))
    if got.netloc.lower() != base.netloc.lower():
        return None
    # A path as written in letters or percent-encoded, in either case of hex: the same path.
    path, base_path = unquote(got.path).rstrip("/"), unquote(base.path).rstrip("/")
    if path == base_path:
        return _by_query(got.query, base.query, least)
    if sorted(parse_qsl(got.query)) != sorted(parse_qsl(base.query)):
        return None
    return _by_path(path, base_path, glued, least)


def _by_query(query: str, base_query: str, least: int) -> int | None:
    """?page=2 added to the first page's query (or put for its ?page=1)."""
    base = [
        (k, v) for k, v in parse_qsl(base_query) if not (k.lower() in _PART_PARAMS and v == "1")
    ]
    added = set(parse_qsl(query)) - set(base)
    if len(added) != 1 or len(parse_qsl(query)) != len(base) + 1:
        return None
    name, value = added.pop()
    if name.lower() not in _PART_PARAMS:
        return None
    return _number(value, least)


def _by_path(path: str, base_path: str, glued: bool, least: int) -> int | None:
    """/news/5-2.html, /news/5/2, /slug/page/2 of /news/5.html, /news/5, /slug."""
    extension = _EXTENSION.search(base_path)
    ext = extension[0] if extension else ""
    stem = base_path[: len(base_path) - len(ext)]
    if not path.startswith(stem) or not path.endswith(ext):
        return None
    middle = path[len(stem) : len(path) - len(ext)]
    # A number glued to a slug is another story's (WordPress); to "5.html" or "/5", a part.
    separators = _SEGMENTS + (_GLUED if glued and (ext or _NUMERIC_NAME.search(stem)) else ())
    for separator in separators:
        if middle.startswith(separator):
            number = _number(middle[len(separator) :], least)
            if number is not None:
                return number
    return None


def _number(text: str, least: int) -> int | None:
    """A part's number: `least` and on, in digits ("٢" too), without a leading zero."""
    if not text.isdecimal() or text.startswith(("0", "٠")):
        return None
    number = int(text)
    return number if number >= least else None
