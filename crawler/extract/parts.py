"""An article split over several pages: the address of its next part.

A part is linked the way pagination links pages ("الصفحة التالية", "next page", "suivant", "»",
`rel="next"`, or the number of the next part), and its address is the first page's with a
part number added: `?page=2` (or `p`, `pg`, `part` ...), `/2`, `-2`, `_2`, `/page/2` before
the first page's extension (`/news/5.html` -> `/news/5-2.html`, a WordPress `/slug/` ->
`/slug/2/`). Only the part after the one read counts: a `rel="next"` to the next story (as
WordPress themes write it), a sidebar's numbered list or a listing's pages never do."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urljoin, urlsplit

from lxml import etree, html

from archive.normalize import normalize

MAX_PARTS = 12  # parts read after the first page, at most: a loop of "next" ends there

_NEXT_WORDS = frozenset(
    normalize(w)
    for w in (
        "التالي", "التالية", "الصفحة التالية", "التالي »", "« التالي", "الجزء التالي",
        "next", "next page", "next »", "next ›", "continue", "continue reading",
        "suivant", "suivante", "page suivante", "suite", "lire la suite",
        "»", "›", ">", ">>", "→", "←", "«", "‹",
    )
)  # fmt: skip
_PART_PARAMS = frozenset({"page", "p", "pg", "paged", "pagenum", "pageno", "page_no", "pn",
                          "part", "pagina", "seite"})  # fmt: skip
_SEGMENTS = ("/", "/page/", "/page-", "/part/", "/part-")
_SEPARATORS = (*_SEGMENTS, "-", "_", ",")
_EXTENSION = re.compile(r"\.(?:s?html?|php|aspx?|jsp)$", re.IGNORECASE)
# Links that may lead to the next part: rel="next", or a short text (a word or a number).
_CANDIDATES = etree.XPath(
    "//link[contains(concat(' ', normalize-space(@rel), ' '), ' next ')]"
    " | //a[@href][contains(concat(' ', normalize-space(@rel), ' '), ' next ')"
    " or string-length(normalize-space(.)) <= 20]"
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def next_part(tree: html.HtmlElement, url: str, first: str | None = None) -> str | None:
    """The address of the part after this page; first: the article's first page (None: this
    page is the first)."""
    first = first or url
    here = 1 if url == first else part_number(url, first)
    if here is None:
        return None
    base = next((urljoin(url, b.get("href")) for b in tree.iter("base") if b.get("href")), url)
    wanted = str(here + 1)
    for link in _CANDIDATES(tree):
        href = (link.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        said = link.tag == "a" and _says_next(link, wanted)
        if not said and "next" not in (link.get("rel") or "").lower().split():
            continue
        candidate = urljoin(base, href).split("#")[0]
        # "/slug-2" after "/slug" may be another story's address (WordPress numbers a repeated
        # slug so): a link that only says rel="next" must add the part as a path segment.
        if part_number(candidate, first, glued=said) == here + 1:
            return candidate
    return None


def _says_next(link: html.HtmlElement, wanted: str) -> bool:
    text = " ".join(link.text_content().split())
    return text.translate(_DIGITS) == wanted or normalize(text) in _NEXT_WORDS


def part_number(candidate: str, first: str, glued: bool = True) -> int | None:
    """The part a URL is of the article whose first page is `first` (2 and on), or None.
    glued: a number glued to the first page's name ("5-2.html") counts."""
    got, base = urlsplit(candidate), urlsplit(first)
    if got.netloc.lower() != base.netloc.lower():
        return None
    if got.path.rstrip("/") == base.path.rstrip("/"):
        return _by_query(got.query, base.query)
    if sorted(parse_qsl(got.query)) != sorted(parse_qsl(base.query)):
        return None
    return _by_path(got.path.rstrip("/"), base.path.rstrip("/"), glued)


def _by_query(query: str, base_query: str) -> int | None:
    """?page=2 added to the first page's query."""
    added = set(parse_qsl(query)) - set(parse_qsl(base_query))
    if len(added) != 1 or len(parse_qsl(query)) != len(parse_qsl(base_query)) + 1:
        return None
    name, value = added.pop()
    if name.lower() not in _PART_PARAMS or not value.isdigit():
        return None
    return int(value) if int(value) >= 2 else None


def _by_path(path: str, base_path: str, glued: bool) -> int | None:
    """/news/5-2.html, /news/5/2, /slug/page/2 of /news/5.html, /news/5, /slug."""
    extension = _EXTENSION.search(base_path)
    ext = extension[0] if extension else ""
    stem = base_path[: len(base_path) - len(ext)]
    if not path.startswith(stem) or not path.endswith(ext):
        return None
    middle = path[len(stem) : len(path) - len(ext)]
    for separator in _SEPARATORS if glued else _SEGMENTS:
        number = middle[len(separator) :] if middle.startswith(separator) else ""
        if number.isdigit() and int(number) >= 2 and not number.startswith("0"):
            return int(number)
    return None
