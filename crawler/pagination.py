"""The next pages of a listing, however the site writes them.

`rel="next"` (on `<link>` or `<a>`), a link whose text says "next" in the words sites use
("التالي", "الصفحة التالية", "المزيد", "»", "›", "Next", "Older posts" ...; on a right-to-left
page "«" too), an icon link whose class says so ("next-page", `<li class="next">`), the URL a
"load more" button keeps in its data-url (the endpoint may answer JSON: crawler.jsonlisting),
numbered pagination (`?page=N`, `/page/N/`, `/pN`, `/index-N.html`, `?start=N`, `?from=N`,
`/section/N`): the link to the current number plus one, or to the next offset. Never the
previous page, never the page itself, and, when the caller says which URLs are articles,
never an article. A day's archive
("/2024/11/30/") ends in a date, not a page number: its way back ("اليوم السابق") is its next.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple, TypeAlias
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree, html

from crawler.extract.decode import decode_html, without_xml_declaration

_NEXT_WORDS = {
    "التالي", "التالى", "التالية", "الصفحة التالية", "الصفحه التاليه", "التالي »", "المزيد",
    "عرض المزيد", "المزيد من الأخبار", "تحميل المزيد", "عرض المزيد من الأخبار", "أخبار أقدم",
    "الأقدم", "رسائل أقدم", "المشاركات الأقدم", "المقالات الأقدم", "next", "next page",
    "older posts", "older entries", "older", "more", "load more", "»", "›", ">", ">>", "→",
    "التاليه", "اخبار اقدم", "الاقدم", "أقدم", "اقدم", "suivant", "suivante", "page suivante",
    "plus anciens", "articles plus anciens", "voir plus", "afficher plus", "charger plus",
    # a date archive's way back: the day, week, month or issue before
    "اليوم السابق", "الأسبوع السابق", "الشهر السابق", "العدد السابق", "الأيام السابقة",
    "اليوم التالي", "الأسبوع التالي", "الشهر التالي", "العدد التالي", "previous day",
    "previous month", "next day", "next month",
}  # fmt: skip
# A "more" button in other words: "مشاهدة المزيد", "تحميل المزيد من الأخبار", "Load More +"
# (not "اقرأ المزيد": a teaser's link to its article; not "المزيد من الرياضة": another section).
_MORE_PHRASE = re.compile(
    r"^(?:(?:عرض|تحميل|مشاهدة|شاهد|اظهار|إظهار|جلب)\s+)?المزيد"
    r"(?:\s+من\s+(?:الأخبار|الاخبار|المقالات|النتائج|المواضيع|الموضوعات|المشاركات|التدوينات))?$"
    r"|^(?:load|show|view|see)\s+more(?:\s+(?:news|posts|articles|stories|items|results))?$",
    re.IGNORECASE,
)
# A listing's way to older news in its own words: "الأخبار السابقة", "أخبار سابقة", "مواضيع
# أقدم", "المقالات السابقة", "Older news", "Articles précédents" — a plural of news, never
# "السابق" alone (on an article's page, the story before).
_OLDER_PHRASE = re.compile(
    r"^(?:ال)?(?:أخبار|اخبار|مقالات|مواضيع|موضوعات|مشاركات|تدوينات|منشورات|تقارير|أعداد|اعداد)"
    r"\s+(?:ال)?(?:سابقة|سابقه|أقدم|اقدم)$"
    r"|^(?:older|earlier|previous)\s+(?:news|articles|stories|posts|entries|items)$"
    r"|^(?:articles|actualités|actualites|nouvelles|billets)\s+(?:précédents|precedents|"
    r"précédentes|precedentes|plus\s+anciens|plus\s+anciennes)$",
    re.IGNORECASE,
)
# "»»" is as often the last page as the next: taken only where no other link says next.
_WEAK_NEXT = frozenset({"»»", "››", "»|"})
_ARROWS = "»›→>«‹←<…."
# On a right-to-left page the way forward points left: "«" is its "»" (the previous page,
# where both arrows are links, is left out by its number, or was read already).
_RTL_NEXT = {"«", "‹", "←", "<", "<<"}
_RTL_LANGUAGES = re.compile(r"^(?:ar|fa|ur|he|ps|ckb|ku|sd|ug|yi)\b", re.IGNORECASE)
# A next link that shows only an icon, named by its class or id (or its list item's):
# "next", "next-page", "pagination-next", WordPress's "nextpostslink", "older".
_NEXT_NAME = re.compile(
    r"(?:^|[\s_-])(?:next|older)(?:[\s_-]|$)|nextpostslink|next[-_]?page", re.IGNORECASE
)
_NOT_NEXT_NAME = re.compile(r"prev|article|post[-_]?nav|story|slide|carousel", re.IGNORECASE)
_PAGE_PARAMS = ("page", "p", "pg", "paged", "pagenum", "pageno", "page_no", "pn")
_OFFSET_PARAMS = ("start", "offset", "limitstart", "from")
_PAGE_PATH = re.compile(r"/(?:page|pg|p|index)[/_-]?(\d+)(?:\.(?:html?|php|aspx?))?/?$", re.I)
# A section's first page by its file's name: "/sec/index.html" is "/sec/" (its next:
# "/sec/index-2.html").
_INDEX_FILE = re.compile(r"/(?:index|default)\.(?:html?|php|aspx?)$", re.IGNORECASE)
_TRAILING_NUMBER = re.compile(r"/(\d{1,4})/?$")
# A day's or a month's archive ("/2024/11/30/", "/archive/2024/11/"): its last number is a
# date's, not a page's; the day before is its next page, not its previous.
_DATE_PATH = re.compile(r"/(?:19|20)\d\d/(?:0?[1-9]|1[0-2])(?:/(?:0?[1-9]|[12]\d|3[01]))?/?$")

Tree: TypeAlias = html.HtmlElement | etree._Element


class Position(NamedTuple):
    """Where a URL sits in a numbered listing."""

    kind: str  # page | offset
    shape: str  # the URL with the number taken out (query sorted, no trailing slash)
    number: int


def next_pages(
    tree_or_html: Tree | str | bytes,
    page_url: str,
    is_article: Callable[[str], bool] | None = None,
    fields: set[str] | None = None,
) -> list[str]:
    """Absolute URLs of the listing's next page(s), in document order, without repeats (a
    session's token kept in them, left out where pages are compared: session_fields, when
    the caller has not read them already)."""
    tree = parse_page(tree_or_html)
    if tree is None:
        return []
    base = _base(tree, page_url)
    fields = session_fields(tree, page_url) if fields is None else fields
    page_url = without_fields(page_url, fields)
    here = _position(page_url) or Position("first", _shape(page_url), 0)
    found: dict[str, None] = {}
    weak: list[str] = []
    pages: set[str] = set()  # (one page once, whatever token its links carry)
    for url, said in _candidates(tree, base, page_url, here, weak, fields):
        bare = without_fields(url, fields)
        there = _position(bare)
        if bare in pages:
            continue
        if _shape(bare) == _shape(page_url):
            continue
        if is_article and is_article(url) and not (said and _follows(there, here)):
            continue  # an article's link, unless it says next and numbers this page's next
        if there and there.shape == here.shape and there.number <= here.number:
            continue  # the previous page, or this one under another spelling
        pages.add(bare)
        found.setdefault(url, None)
    if not found and weak:
        return next_pages_of(weak, page_url, here, is_article)
    return list(found)


# A session's token: sixteen letters and figures or more, both mixed ("9f3c2a7d…"); not a
# date or an id ("?date=20241130", "?before=48210": a cursor's, the page itself).
_TOKENISH = re.compile(r"^(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[0-9A-Za-z_-]{16,}$")


def session_fields(tree: Tree, page_url: str) -> set[str]:
    """The query fields of a listing's links back to its own address that hold a session:
    a token whose value changes between the page's address and its links, or between two
    links to the same page, while the rest of the address stays ("list.php?page=5&s=9f3c…"
    on one page, "…&s=4be1…" on the next: vBulletin's, a "token=" minted per link). Only
    beside a page's number by name ("?page=5"), which still tells the pages apart: a
    cursor that is the page's only address ("?after=<token>") is never taken for one."""
    here = urlsplit(page_url)
    own = parse_qsl(here.query, keep_blank_values=True)
    base = _base(tree, page_url)
    values: dict[tuple[str, str], str] = {}  # (field, the rest of its address) -> value
    for key, value in own:
        values[(key, _rest(own, key))] = value
    fields: set[str] = set()
    for a in tree.iter("a"):
        href = a.get("href") or ""
        if "?" not in href or href.lstrip().startswith(("#", "javascript:")):
            continue
        url = urljoin(base, href.strip())
        parts = urlsplit(url)
        if parts.path != here.path or parts.netloc.lower() != here.netloc.lower():
            continue
        if not _numbered_by_name(url):
            continue
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        for key, value in pairs:
            if key in fields or not _TOKENISH.match(value):
                continue
            if key.lower() in _PAGE_PARAMS + _OFFSET_PARAMS:
                continue
            rest = _rest(pairs, key)
            if values.setdefault((key, rest), value) != value or _differs(own, key, value, pairs):
                fields.add(key)
    return fields


def _rest(pairs: list[tuple[str, str]], key: str) -> str:
    return urlencode(sorted((k, v) for k, v in pairs if k != key))


def _differs(
    own: list[tuple[str, str]], key: str, value: str, pairs: list[tuple[str, str]]
) -> bool:
    """Does a link hold another value of the page's own field, all else but the page's
    number the same?"""
    mine = dict(own)
    paging = _PAGE_PARAMS + _OFFSET_PARAMS
    if key not in mine or mine[key] == value or not any(k.lower() in paging for k in mine):
        return False
    kept = {k: v for k, v in own if k != key and k.lower() not in paging}
    theirs = {k: v for k, v in pairs if k != key and k.lower() not in paging}
    return kept == theirs


def without_fields(url: str, fields: set[str] | frozenset[str]) -> str:
    """The address without these query fields (a session's)."""
    if not fields or "?" not in url:
        return url
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if k not in fields]
    return url if len(kept) == len(pairs) else urlunsplit(parts._replace(query=urlencode(kept)))


def next_pages_of(
    urls: list[str], page_url: str, here: Position, is_article: Callable[[str], bool] | None
) -> list[str]:
    """Links that only may say next ("»»"): not this page, not an earlier one, no article."""
    found: dict[str, None] = {}
    for url in urls:
        there = _position(url)
        if _shape(url) == _shape(page_url) or (is_article and is_article(url)):
            continue
        if there and there.shape == here.shape and there.number <= here.number:
            continue
        found.setdefault(url, None)
    return list(found)


def parse_page(value: Tree | str | bytes) -> Tree | None:
    """A page's tree. Bytes are decoded as article pages are (decode_html: UTF-8 wins over a
    stale meta tag, for link texts are compared with words)."""
    if not isinstance(value, str | bytes):
        return value
    if isinstance(value, bytes):
        value = decode_html(value)[0]
    value = without_xml_declaration(value)
    try:
        return html.document_fromstring(value)
    except (etree.ParserError, ValueError):
        return None


def _base(tree: Tree, page_url: str) -> str:
    for el in tree.iter("base"):
        if el.get("href"):
            return urljoin(page_url, el.get("href"))
    return page_url


# A "load more" button keeps the next page's URL in an attribute of its own.
_DATA_URL = ("data-url", "data-href", "data-next", "data-next-url", "data-load-more",
             "data-link", "data-page-url", "data-more", "data-endpoint", "data-ajax-url",
             "data-load-url", "data-next-page", "data-api", "hx-get", "data-hx-get")  # fmt: skip
_DATA_URL_XPATH = etree.XPath(" | ".join(f"//*[@{name}]" for name in _DATA_URL))
# A class or id that says "load more" whatever the tag; the looser ones only on a control.
_LOAD_MORE = re.compile(r"load[-_]?more|infinite[-_]?(?:scroll|trigger|load)", re.IGNORECASE)
_MORE_CLASS = re.compile(
    r"show[-_]?more|view[-_]?more|more[-_]?(?:btn|button|news|posts|articles|items|link)"
    r"|next[-_]?page|pagination|pager",
    re.IGNORECASE,
)
_CONTROLS = frozenset({"button", "a", "input"})
_NOT_LISTING = re.compile(r"comment|repl(?:y|ies)|review", re.IGNORECASE)


def numbered_pages(tree: Tree, page_url: str) -> set[str]:
    """This listing's other pages as its pager numbers them: links whose whole text is a
    page number and whose address is this page's with a number (a pattern that takes
    "/akhbar/48210" for an article takes "/akhbar/3" too: these are no articles)."""
    base = _base(tree, page_url)
    here = _position(page_url) or Position("first", _shape(page_url), 0)
    pages = set()
    for a in tree.iter("a"):
        text, href = "".join(a.itertext()).strip(), (a.get("href") or "").strip()
        if not href or not text.isdigit() or len(text) > MAX_PAGE_DIGITS:
            continue
        url = urljoin(base, href)
        there = _position(url)
        if there is not None and there.shape == here.shape and there.number == int(text):
            pages.add(url)
    return pages


MAX_PAGE_DIGITS = 4


def pager_pages(tree: Tree, page_url: str, fields: set[str] | None = None) -> set[str]:
    """All the pages of this listing its own pager links, as written: numbered_pages, and
    links numbering its pages by a page or an offset field or a page path ("?page=11" behind
    a "…", "?start=40" behind "3"), a session's token aside (fields: session_fields, when
    the caller has read them). A crawl reaches them as the chain of next pages, and stops
    them where it stops."""
    fields = session_fields(tree, page_url) if fields is None else fields
    bare_here = without_fields(page_url, fields)
    here = _position(bare_here) or Position("first", _shape(bare_here), 0)
    base = _base(tree, page_url)
    pages = numbered_pages(tree, page_url)
    for a in tree.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:")):
            continue
        url = urljoin(base, href)
        bare = without_fields(url, fields)
        there = _position(bare)
        if there is not None and there.shape == here.shape and _numbered_by_name(bare):
            pages.add(url)
    return pages


def _numbered_by_name(url: str) -> bool:
    """Is the address numbered by a field or a path that says page ("?page=", "?start=",
    "/page/3"), not only by a last number ("/cat/12" may be another section)?"""
    parts = urlsplit(url)
    fields = {k.lower() for k, _ in parse_qsl(parts.query, keep_blank_values=True)}
    return bool(fields & set(_PAGE_PARAMS + _OFFSET_PARAMS)) or bool(_PAGE_PATH.search(parts.path))


def _follows(there: Position | None, here: Position) -> bool:
    """Is there this listing's next page by its number ("/akhbar/2" after "/akhbar"): the
    next page of a section whose pages an over-wide article pattern matches too."""
    if there is None or there.shape != here.shape:
        return False
    if there.kind == "offset":
        return there.number > here.number
    return there.number == (here.number + 1 if here.number else 2)


def _candidates(
    tree: Tree, base: str, page_url: str, here: Position, weak: list[str], fields: set[str]
) -> Iterator[tuple[str, bool]]:
    """Next-page URLs, each with whether the page said so (a next link, a "more" button)
    rather than only numbered it; the links that only may say next, into weak."""
    yield from ((url, True) for url in _load_more(tree, base))
    # AMP's <amp-list src="/api/latest.json">: its cards are the endpoint's JSON.
    yield from ((urljoin(base, src.strip()), True) for src in _AMP_LISTS(tree) if src.strip())
    rtl = _right_to_left(tree)
    builders = _page_builders(tree)
    nexts, numbered = _scripted(tree, base, rtl, builders)
    said, sent = _form_pages(tree, base, page_url, rtl)
    yield from ((url, True) for url in nexts + said)
    numbered += sent
    for el in tree.iter("a", "link"):
        href = (el.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        url = urljoin(base, href)
        rel = (el.get("rel") or "").lower().split()
        if "prev" in rel or "previous" in rel:
            continue
        if "next" in rel or (el.tag == "a" and (_says_next(el, rtl) or _named_next(el))):
            yield url, True
        elif el.tag == "a" and _text(el) in _WEAK_NEXT:
            weak.append(url)
        elif el.tag == "a":
            numbered.append(url)
    numbered += _jump_menu(tree, base, here, builders)
    yield from ((url, False) for url in _following_number(numbered, here, fields))


# A control's script that goes to an address: "location.href='/sec?page=2'",
# "window.location='…'", "window.open('…')", "location.assign('…')".
_ONCLICK_URL = re.compile(
    r"""(?:location(?:\.href)?|\.assign|window\.open|href)\s*(?:=|\()\s*(['"])([^'"]+)\1""",
    re.IGNORECASE,
)
# A page's script that keeps the next page's address: `var nextPageUrl = "/sec?page=2";`,
# `next_url: '…'` (a loader reads it when the reader scrolls or presses "المزيد").
_SCRIPT_NEXT = re.compile(
    r"""\bnext[-_]?(?:page)?[-_]?(?:url|link|href)\b['"]?\s*[:=]\s*(['"])([^'"]+)\1(?!\s*\+)""",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"^[0-9٠-٩]+$")
_SCRIPTED_XPATH = etree.XPath(
    "//*[@onclick] | //a[starts-with(normalize-space(@href), 'javascript:')]"
)
# A page's own function that goes to an address built from its argument:
# `function goPage(p){location.href='/intl?page='+p;}`, `var go = function(n){
# window.location = "/sec/" + n + ".html"}`; its calls ("javascript:goPage(3)",
# onclick="goPage(3);return false;") go to that address with the call's number.
_FUNCTION = re.compile(
    r"(?:function\s+([\w$]+)\s*\(\s*([\w$]+)[^)]*\)"
    r"|([\w$]+)\s*=\s*function\s*\(\s*([\w$]+)[^)]*\))\s*\{([^{}]{0,400})\}"
)
# (What comes before the argument may be nothing: "location.href=this.value", a menu's.)
_BUILT = (
    r"""(?:(?:(?:window|document|self|top)\.)?location(?:\.href)?\s*(?:=|\.assign\s*\(|"""
    r"""\.replace\s*\()|window\.open\s*\()\s*(?:(['"])([^'"]*)\1\s*\+\s*)?"""
    r"""(?:\(\s*)?{arg}(?![\w$])(?:\s*\))?(?:\s*\+\s*(['"])([^'"]*)\3)?"""
)
# A call of a function with a page's number: "goPage(3)", "goPage('3')", "gotoPage( 3 )".
_CALL = re.compile(r"""(?:^|[^\w$.])(?!void\b)([\w$]+)\s*\(\s*(['"]?)(\d{1,4})\2\s*\)""")


def _inline_scripts(tree: Tree) -> Iterator[str]:
    for script in tree.iter("script"):
        if not script.get("src") and script.text:
            yield script.text


def _page_builders(tree: Tree) -> dict[str, tuple[str, str]]:
    """The page's functions that go to an address built from their argument: name ->
    (what comes before the argument, what comes after)."""
    builders: dict[str, tuple[str, str]] = {}
    for script in _inline_scripts(tree):
        if "function" not in script or "location" not in script:
            continue
        for found in _FUNCTION.finditer(script):
            name, arg = (found[1], found[2]) if found[1] else (found[3], found[4])
            built = re.search(_BUILT.format(arg=re.escape(arg)), found[5])
            if built is not None:
                builders[name] = (built[2] or "", built[4] or "")
    return builders


def _scripted_url(
    el: etree._Element, base: str, builders: dict[str, tuple[str, str]]
) -> str | None:
    """Where a control's script goes: an address its onclick names, or the address one of
    the page's functions builds from the number it is called with."""
    href = (el.get("href") or "").strip()
    script = f"{href[len('javascript:') :] if href.startswith('javascript:') else ''} "
    script += el.get("onclick") or ""
    found = _ONCLICK_URL.search(script)
    if found is not None and not found[2].startswith(("#", "javascript:")):
        return urljoin(base, found[2].strip())
    for call in _CALL.finditer(script):
        if any(builders.get(call[1], ())):  # (one that goes to its bare argument: no number's)
            before, after = builders[call[1]]
            return urljoin(base, f"{before}{call[3]}{after}".strip())
    return None


def scripted_pager(tree: Tree) -> str | None:
    """A pager of script calls with page numbers ("javascript:goPage(3)") whose function the
    page does not show in a form read here (kept in a script file, built otherwise), or a
    menu of page numbers whose change handler is not read: the call's name (the handler),
    said once as a postback's is. None when there is none, or it is read."""
    builders = _page_builders(tree)
    rtl = _right_to_left(tree)
    for el in _SCRIPTED_XPATH(tree):
        href = (el.get("href") or "").strip()
        script = f"{href[len('javascript:') :] if href.startswith('javascript:') else ''} "
        script += el.get("onclick") or ""
        if _POSTBACK.search(script) or _ONCLICK_URL.search(script):
            continue  # a postback (posted_pager's) or an address of its own
        text = "".join(el.itertext()).strip()
        if not (_NUMBER.match(text) or _says_next(el, rtl)):
            continue
        for call in _CALL.finditer(script):
            if not any(builders.get(call[1], ())):
                return f"{call[1]}(…)"
    return _unread_page_menu(tree, builders)


def _scripted(
    tree: Tree, base: str, rtl: bool, builders: dict[str, tuple[str, str]]
) -> tuple[list[str], list[str]]:
    """Pages only a script goes to: a control whose onclick goes to an address, or calls
    one of the page's functions that builds it from the page's number ("goPage(3)"; the next
    one when it says next, by its words or its class; a numbered one by its number), and
    an address a page script keeps as the next page's."""
    nexts, numbered = [], []
    for el in _SCRIPTED_XPATH(tree):
        url = _scripted_url(el, base, builders)
        if url is None:
            continue
        names = f"{el.get('class', '')} {el.get('id', '')}"
        named = _NEXT_NAME.search(names) and not _NOT_NEXT_NAME.search(names)
        if _says_next(el, rtl) or named:
            nexts.append(url)
        elif _NUMBER.match("".join(el.itertext()).strip()):
            numbered.append(url)
    for script in _inline_scripts(tree):
        for found in _SCRIPT_NEXT.finditer(script):
            value = found[2].strip()
            if value.startswith(("/", "?", "./", "http://", "https://")) and "{" not in value:
                nexts.append(urljoin(base, value))
    return nexts, numbered


# A jump menu's script goes to the chosen option's value ("location.href=this.value").
_GOES_TO = re.compile(r"location|href|window\.open|navigate|submit", re.IGNORECASE)
# The chosen option's value in a menu's change handler: "this.value",
# "this.options[this.selectedIndex].value", "this[this.selectedIndex].value", jQuery's
# "$(this).val()".
_CHOSEN = (
    r"(?:this|\$\(\s*this\s*\))(?:\.options)?"
    r"(?:\s*\[\s*this(?:\.options)?\.selectedIndex\s*\])?\s*\.(?:value|val\(\s*\))"
)
_MENU_BUILT = re.compile(_BUILT.format(arg=_CHOSEN))
# A handler that hands the chosen value to a page function: onchange="goPage(this.value)".
_MENU_CALL = re.compile(rf"(?:^|[^\w$.])([\w$]+)\s*\(\s*{_CHOSEN}\s*\)")
_ADDRESS = ("/", "?", "./", "http://", "https://")


def _menu_builder(
    select: etree._Element, builders: dict[str, tuple[str, str]]
) -> tuple[str, str] | None:
    """How a menu's change handler makes the address it goes to from the chosen value, the
    goPage(p) way: (what comes before the value, what comes after; both empty when it goes
    to the value itself). None when the handler is not read so (none, or another kind)."""
    handler = select.get("onchange") or ""
    if not handler:
        return None
    built = _MENU_BUILT.search(handler)
    if built is not None:
        return built[2] or "", built[4] or ""
    call = next((c for c in _MENU_CALL.finditer(handler) if c[1] in builders), None)
    return None if call is None else builders[call[1]]


def _menu_targets(select: etree._Element, base: str, builder: tuple[str, str] | None) -> list[str]:
    """Where a menu's options go: the address its handler builds from each value, or the
    values that are addresses themselves."""
    values = [v.strip() for o in select.iter("option") if (v := o.get("value")) and v.strip()]
    if builder is not None and any(builder):
        before, after = builder
        return [urljoin(base, f"{before}{v}{after}") for v in values if "'" not in v]
    return [urljoin(base, v) for v in values if v.startswith(_ADDRESS)]


def _jump_menu(
    tree: Tree, base: str, here: Position, builders: dict[str, tuple[str, str]]
) -> list[str]:
    """The pages a jump menu lists (`<select onchange="location.href=this.value">` of page
    URLs, or one that builds them, "location.href='/sec?id=3&p='+this.value"; one whose
    options are this listing's own numbered addresses, its handler bound by a script; a
    form's `<select name="page">` of numbers sent by GET): numbered pages, of which the next
    one is taken like a numbered link's."""
    urls: list[str] = []
    for select in tree.iter("select"):
        builder = _menu_builder(select, builders)
        addresses = _menu_targets(select, base, builder)
        # (a script that binds its handler names no address: two of the listing's own
        # numbered ones say as much; a lone one may be a section's)
        scripted = builder is not None or _GOES_TO.search(select.get("onchange") or "")
        if scripted or len(_own_pages(addresses, here)) >= 2:
            urls += addresses
        values = [v.strip() for o in select.iter("option") if (v := o.get("value"))]
        name = select.get("name") or ""
        form = next(select.iterancestors("form"), None)
        if name.lower() in _PAGE_PARAMS + _OFFSET_PARAMS and form is not None:
            urls += [u for v in values if v.isdigit() and (u := _sent(form, base, name, v))]
    return urls


def menu_links(tree: Tree, page_url: str) -> list[str]:
    """The addresses a page's jump menus go to, other than its own pages (those are its
    pager's: _jump_menu): a `<select>` whose change handler goes to the chosen option
    (read as a goPage(p) function is), or whose options are addresses (its handler bound
    by a script). An old portal's sections are often reachable no other way."""
    selects = list(tree.iter("select"))
    if not selects:
        return []
    base, builders = _base(tree, page_url), _page_builders(tree)
    here = _position(page_url) or Position("first", _shape(page_url), 0)
    links: list[str] = []
    for select in selects:
        builder = _menu_builder(select, builders)
        targets = _menu_targets(select, base, builder)
        if builder is None and not (select.get("onchange") or len(targets) >= 2):
            continue  # a lone address in a form's menu: a value sent, not a place to go
        own = set(_own_pages(targets, here))  # (and its unnumbered first page)
        links += [u for u in targets if u not in own and _shape(u) != here.shape]
    return list(dict.fromkeys(links))


def _unread_page_menu(tree: Tree, builders: dict[str, tuple[str, str]]) -> str | None:
    """A menu of page numbers (options 1…N) that says it pages — a change handler, a name
    that says page — whose handler is not read ("changePage(this)", a function kept in a
    script file) and that no GET form sends: how it goes, for pager_not_followed."""
    for select in tree.iter("select"):
        values = [(o.get("value") or "").strip() for o in select.iter("option")]
        numbers = [int(v) for v in values if v.isdigit()]
        if len(numbers) < 2 or sorted(numbers) != list(range(1, len(numbers) + 1)):
            continue
        handler = (select.get("onchange") or "").strip()
        names = f"{select.get('name', '')} {select.get('id', '')}"
        if not handler and not _PAGE_NAME.search(names):
            continue
        form = next(select.iterancestors("form"), None)
        paged = (select.get("name") or "").lower() in _PAGE_PARAMS + _OFFSET_PARAMS
        sent = form is not None and _method(form) == "get" and paged  # (_jump_menu's)
        if not sent and _menu_builder(select, builders) is None:
            return f"page menu ({handler[:60]})" if handler else "page menu"
    return None


# A menu's name or id that says it picks a page: "page", "pg", "p", "pageSelect", "pager".
_PAGE_NAME = re.compile(r"page|(?:^|[\s_-])(?:p|pg|pn)(?:[\s_-]|$)", re.IGNORECASE)


def _own_pages(urls: list[str], here: Position) -> list[str]:
    """The addresses among urls that number this listing's pages."""
    return [u for u in urls if (p := _position(u)) is not None and p.shape == here.shape]


def _sent(form: etree._Element, base: str, name: str, value: str) -> str | None:
    """The URL a GET form goes to with this value chosen (its hidden fields with it)."""
    if (form.get("method") or "get").strip().lower() != "get":
        return None
    fields = [
        (field.get("name"), field.get("value") or "")
        for field in form.iter("input")
        if (field.get("type") or "").lower() == "hidden" and field.get("name")
    ]
    action = urlsplit(urljoin(base, (form.get("action") or "").strip() or base))
    query = urlencode([*fields, (name, value)])
    return urlunsplit(action._replace(query=query, fragment=""))


# Fields a reader types into (a search box, a login, a comment): a form that waits for them
# is no pager. A button's or a file's is sent only as what was pressed, or not at all.
_TYPED = frozenset({"", "text", "search", "email", "password", "tel", "url"})
_NOT_SENT = frozenset({"submit", "button", "image", "reset", "file"})
# A page-number field: set by the page, not typed ("<input type=hidden name=p value=2>").
_SET_FIELDS = frozenset({"hidden", "number"})


def _form_pages(tree: Tree, base: str, page_url: str, rtl: bool) -> tuple[list[str], list[str]]:
    """The pages GET forms go to, as a browser submits them: a form whose submit button says
    next (its words, its class), and a form whose page-number field holds a number, taken
    like a numbered link's (the current page plus one). Not a POST form (no address holds
    its page), not a search or a login (a field left for the reader to type)."""
    nexts: list[str] = []
    numbered: list[str] = []
    for form in tree.iter("form"):
        if _method(form) != "get" or _typed_into(form):
            continue
        buttons = [el for el in form.iter("input", "button") if _is_submit(el)]
        said = next((el for el in buttons if _says_next(el, rtl) or _named_next(el)), None)
        if said is None and not _numbers_a_page(form):
            continue
        pressed = said if said is not None else (buttons[0] if buttons else None)
        fields = _form_fields(form, pressed)
        if not fields and not (form.get("action") or "").strip():
            continue  # goes nowhere but here: a script's button
        url = _form_url(form, base, page_url, fields)
        (nexts if said is not None else numbered).append(url)
    return nexts, numbered


# ASP.NET WebForms' pager: a link that posts the page's one form back to the server
# ("javascript:__doPostBack('ctl00$Main$GridView1','Page$2')", a DataPager's
# "WebForm_DoPostBackWithOptions(…)"). No address holds the page it shows.
_POSTBACK = re.compile(r"__doPostBack\s*\(|WebForm_DoPostBackWithOptions\s*\(")
_POSTBACK_PAGE = re.compile(r"""['"]Page\$(?:\d+|Next|Last)['"]""", re.IGNORECASE)
_POSTBACK_XPATH = etree.XPath(
    "//a[contains(@href, 'PostBack')] | //*[contains(@onclick, 'PostBack')]"
)


def posted_pager(tree: Tree) -> str | None:
    """How the listing pages when only a POST reaches its next page: an ASP.NET postback
    link numbered or saying next, a POST form whose button says next. None when it has no
    such pager. (A crawl cannot follow it: it is said, once, not guessed at.)"""
    rtl = _right_to_left(tree)
    for el in _POSTBACK_XPATH(tree):
        script = f"{el.get('href') or ''} {el.get('onclick') or ''}"
        if not _POSTBACK.search(script):
            continue
        text = "".join(el.itertext()).strip()
        if _POSTBACK_PAGE.search(script) or _NUMBER.match(text) or _says_next(el, rtl):
            return "ASP.NET __doPostBack"
    for form in tree.iter("form"):
        if _method(form) != "post" or _typed_into(form):
            continue
        buttons = (el for el in form.iter("input", "button") if _is_submit(el))
        if any(_says_next(el, rtl) or _named_next(el) for el in buttons):
            return "a POST form"
    return None


def _method(form: etree._Element) -> str:
    return (form.get("method") or "get").strip().lower()


def _input_type(field: etree._Element) -> str:
    return (field.get("type") or "").strip().lower()


def _typed_into(form: etree._Element) -> bool:
    for field in form.iter("input", "textarea"):
        kind = "" if field.tag == "textarea" else _input_type(field)
        value = "".join(field.itertext()) if field.tag == "textarea" else field.get("value")
        if kind in _TYPED and not (value or "").strip():
            return True
    return False


def _is_submit(el: etree._Element) -> bool:
    kind = _input_type(el)
    return kind in ("submit", "image") if el.tag == "input" else kind in ("", "submit")


def _numbers_a_page(form: etree._Element) -> bool:
    return any(
        _input_type(field) in _SET_FIELDS
        and (field.get("name") or "").lower() in _PAGE_PARAMS + _OFFSET_PARAMS
        and (field.get("value") or "").strip().isdigit()
        for field in form.iter("input")
    )


def _form_fields(form: etree._Element, pressed: etree._Element | None) -> list[tuple[str, str]]:
    """The named fields a browser sends, in the form's order: the button pressed only when
    it has a name, an unticked box never, a menu's chosen option (else its first)."""
    fields: list[tuple[str, str]] = []
    for field in form.iter("input", "select", "textarea", "button"):
        name = field.get("name")
        if not name or field.get("disabled") is not None:
            continue
        kind = _input_type(field)
        if field.tag == "button" or (field.tag == "input" and kind in _NOT_SENT):
            if pressed is not None and field is pressed:
                fields.append((name, field.get("value", "")))
        elif field.tag == "select":
            options = list(field.iter("option"))
            chosen = [o for o in options if o.get("selected") is not None] or options[:1]
            fields += [(name, o.get("value", "".join(o.itertext()).strip())) for o in chosen]
        elif field.tag == "textarea":
            fields.append((name, "".join(field.itertext())))
        elif kind not in ("checkbox", "radio") or field.get("checked") is not None:
            fields.append((name, field.get("value", "on" if kind in ("checkbox", "radio") else "")))
    return fields


def _form_url(form: etree._Element, base: str, page_url: str, fields: list[tuple[str, str]]) -> str:
    """Where a GET form goes: its action (the page's own address when it has none) with
    its fields as the whole query."""
    action = (form.get("action") or "").strip()
    target = urlsplit(urljoin(base, action) if action else page_url)
    return urlunsplit(target._replace(query=urlencode(fields), fragment=""))


_AMP_LISTS = etree.XPath("//amp-list/@src")
# An HTTP Link header's next page (RFC 8288): `<https://…/posts?page=3>; rel="next"`, how the
# WordPress REST API and other JSON listings name it.
_LINK_NEXT = re.compile(r"<([^>]+)>\s*;[^,<]*\brel\s*=\s*\"?(?:[^\",;]*\s)?next\b", re.IGNORECASE)


def header_next_pages(link_header: str | None, page_url: str) -> list[str]:
    """The next pages an HTTP Link header names, absolute."""
    return [urljoin(page_url, m.group(1).strip()) for m in _LINK_NEXT.finditer(link_header or "")]


def _load_more(tree: Tree, base: str) -> Iterator[str]:
    """The URL a "المزيد" button loads (its data-url), when the button says so."""
    for el in _DATA_URL_XPATH(tree):
        names = f"{el.get('class', '')} {el.get('id', '')}"
        if _NOT_LISTING.search(names):
            continue  # more comments, more replies: not the listing's next page
        control = el.tag in _CONTROLS and el.get("type", "button").lower() != "hidden"
        if not (
            _names_next_address(el)
            or _LOAD_MORE.search(names)
            or (control and (_says_next(el) or _MORE_CLASS.search(names)))
            or (el.tag not in _CONTROLS and _says_next(el))
        ):
            continue  # a menu item or a sidebar widget that keeps a URL: not the next page
        named = _NEXT_ATTRIBUTES if _names_next_address(el) else ()
        for name in (*named, *_DATA_URL):
            value = (el.get(name) or "").strip()
            if value and not value.startswith(("#", "javascript:")):
                yield urljoin(base, value)
                break


_NEXT_ATTRIBUTES = ("data-next", "data-next-url", "data-next-page")


def _names_next_address(el: etree._Element) -> bool:
    """An attribute whose name says it holds the next page's address, and does (a path or
    a query, not a page number): `<div class="pagination" data-next="/sec?page=2">`."""
    values = ((el.get(name) or "").strip() for name in _NEXT_ATTRIBUTES)
    return any(v and not v.startswith(("#", "javascript:")) and ("/" in v or "?" in v)
               for v in values)  # fmt: skip


def _text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def _says_next(anchor: etree._Element, rtl: bool = False) -> bool:
    texts = [_text(anchor)]
    texts += [anchor.get(k) or "" for k in ("title", "aria-label", "value")]
    # an image's words when the link shows only it (<img alt="الصفحة التالية">)
    texts += [img.get("alt") or "" for img in anchor.iter("img")] if not texts[0] else []
    for text in texts:
        text = text.strip().lower()
        bare = text.strip(_ARROWS + "+ ")
        if text in _NEXT_WORDS or bare in _NEXT_WORDS or _MORE_PHRASE.match(bare):
            return True
        if _OLDER_PHRASE.match(bare):
            return True
        if rtl and text in _RTL_NEXT:
            return True
    return False


def _named_next(anchor: etree._Element) -> bool:
    """A link without words (an icon) whose class or id, or its list item's, says next."""
    if " ".join("".join(anchor.itertext()).split()):
        return False  # words say what it is ("2", "مقالات أخرى"): _says_next reads them
    parent = anchor.getparent()
    holders = [anchor] + ([parent] if parent is not None and parent.tag == "li" else [])
    names = " ".join(f"{el.get('class', '')} {el.get('id', '')}" for el in holders)
    return bool(_NEXT_NAME.search(names)) and not _NOT_NEXT_NAME.search(names)


def _right_to_left(tree: Tree) -> bool:
    """Is the page written right to left (its <html> or <body> says so, or its language)?"""
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    body = root.find("body")
    for el in (root, body):
        if el is not None and (el.get("dir") or "").strip().lower() == "rtl":
            return True
    return bool(_RTL_LANGUAGES.match((root.get("lang") or "").strip()))


def _following_number(
    urls: list[str], here: Position, fields: set[str] | frozenset[str] = frozenset()
) -> Iterator[str]:
    """The link to this page's number plus one (for offsets: the nearest larger offset)."""
    later = [
        (p, u)
        for u in urls
        if (p := _position(without_fields(u, fields))) and p.shape == here.shape
    ]
    later = [(p, u) for p, u in later if p.number > here.number]
    if not later:
        return
    if all(p.kind == "offset" for p, _ in later):
        wanted = min(p.number for p, _ in later)
    else:
        wanted = here.number + 1 if here.number else 2  # an unnumbered first page is page 1
    yield from (u for p, u in later if p.number == wanted)


def _position(url: str) -> Position | None:
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    for i, (key, value) in enumerate(query):
        name = key.lower()
        if name in _PAGE_PARAMS + _OFFSET_PARAMS and value.isdigit():
            rest = urlencode(sorted(query[:i] + query[i + 1 :]))
            kind = "offset" if name in _OFFSET_PARAMS else "page"
            # (its path as _shape reads it: "/index.php?id=3&p=2" follows "/index.php?id=3")
            path = _INDEX_FILE.sub("", parts.path)
            return Position(kind, _join(parts.scheme, parts.netloc, path, rest), int(value))
    if _DATE_PATH.search(parts.path):
        return None
    for pattern in (_PAGE_PATH, _TRAILING_NUMBER):
        match = pattern.search(parts.path)
        if match:
            shape = _join(parts.scheme, parts.netloc, parts.path[: match.start()], parts.query)
            return Position("page", shape, int(match.group(1)))
    return None


def _shape(url: str) -> str:
    parts = urlsplit(url)
    return _join(parts.scheme, parts.netloc, _INDEX_FILE.sub("", parts.path), parts.query)


def _join(scheme: str, netloc: str, path: str, query: str) -> str:
    query = urlencode(sorted(parse_qsl(query, keep_blank_values=True)))
    return urlunsplit((scheme, netloc.lower(), path.rstrip("/") or "/", query, ""))
