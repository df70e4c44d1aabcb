"""Pages that say they are no article, though a loose article pattern lets them in.

A CMS names the kind of page it renders in the body's classes: WordPress an archive (a
category, a tag, an author, a month), a search, a later page of a listing, the posts index
and a static page; Drupal a term's listing and a basic page; Joomla a category's or a tag's
list. A listing any CMS renders shows several posts, each in a block of its own under a
headline that links to the post (a blog's month, whole posts or their intros): its text is
theirs, one block after another. And a listing's later page may be titled by its number
alone ("صفحة 2 من 14").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree, html

from archive.dedup import titles_alike
from archive.normalize import fold, normalize
from crawler.extract.dates import article_object
from crawler.extract.maintext import squeezed
from crawler.extract.text import ROWS_MARK
from crawler.extract.titleparts import title_parts


@dataclass(frozen=True)
class PageKind:
    kind: str  # listing | site_page
    reason: str


def declared_kind(
    tree: html.HtmlElement, json_ld: list[dict], authors: list[str], title: str | None,
    dated_by: str | None = "page",
) -> PageKind | None:  # fmt: skip
    """What the page says it is, when that is no article (read before the text's steps edit
    the tree). dated_by: where the page's own date came from (its origin), None for none."""
    unsigned = _unsigned(tree, json_ld, authors, dated_by)
    if unsigned and title and _names_site_page(title):
        return PageKind("site_page", f"its title names the site's own page: {title!r}")
    classes = _body_classes(tree)
    if classes & _SINGLE or any(_POST_ID.match(c) for c in classes):
        return None  # WordPress's article, whatever else its theme adds ("blog")
    listing = _listing_classes(classes)
    if listing:
        return PageKind("listing", f"its body says {listing!r}")
    if title and _numbered_page(title):
        return PageKind("listing", f"its title is a page's number: {title!r}")
    page = _static_classes(classes)
    # A news site that publishes articles as pages names them an article in its data, or
    # signs them: a page that does neither is the site's own (about us, contact).
    if page and not authors and not any(article_object(obj) for obj in json_ld):
        return PageKind("site_page", f"its body says {page!r}")
    return None


def _unsigned(
    tree: html.HtmlElement, json_ld: list[dict], authors: list[str], dated_by: str | None
) -> bool:
    """Nothing on the page makes it a story: no writer, no article in its data, no date of
    its own. The date of a page that calls itself a website (og:type) in data that names no
    article (a WebPage's datePublished, the template's) is the page's, no story's."""
    if authors or any(article_object(o) for o in json_ld):
        return False
    return dated_by is None or (dated_by == "json-ld" and _says_website(tree))


def service_page(
    tree: html.HtmlElement, json_ld: list[dict], authors: list[str], dated_by: str | None,
    paragraphs: list[str],
) -> PageKind | None:  # fmt: skip
    """A service page (today's rates, gold prices, the weather, prayer times, a league's
    table): a site's page (og:type website) that is unsigned, undated and no article in its
    data, whose text is tables of values (with a heading or a short note at most). Its
    figures move by the hour: as an article each re-check would store a version. A dated
    rates story ("أسعار العملات في الأردن اليوم") is an article. Read once the text's steps
    have turned the tables into rows (text.ROWS_MARK)."""
    if not _says_website(tree) or not _unsigned(tree, json_ld, authors, dated_by):
        return None
    rows = {squeezed(p.text_content()) for p in _MARKED_ROWS(tree)}
    others = [line for line in paragraphs if line not in rows]
    if len(others) * 2 >= len(paragraphs) or any(
        len(line.split()) >= NOTE_WORDS for line in others
    ):
        return None
    return PageKind("site_page", "its text is tables of values, undated and unsigned")


NOTE_WORDS = 12  # a line this long beside a table is prose, not its heading or its note
_MARKED_ROWS = etree.XPath(f"//*[@{ROWS_MARK}]/p")


# The site's own pages by their titles, whole (undated, unsigned: no story of that name): a
# slug-only site's about, contact, terms and advertising pages pass for articles otherwise.
_SITE_PAGE_TITLE = re.compile(
    fold(
        r"^(?:من نحن|عن (?:ال)?(?:موقع|جريدة|صحيفة|شبكة|مجلة|قناة)\w*|عن[ا]?نا|اتصل بنا|اتصلوا بنا"
        r"|تواصل معنا|راسلنا|سياسة (?:ال)?خصوصية|شروط (?:ال)?استخدام|(?:ال)?شروط والاحكام"
        r"|شروط الخدمة|اتفاقية الاستخدام|اعلن معنا|اعلنوا معنا|(?:ال)?اعلان معنا|للاعلان"
        r"|هيئة التحرير|فريق العمل|فريق التحرير|وظائف|الوظائف|انضم (?:الى|ل)فريقنا|خريطة الموقع"
        r"|(?:ال)?اسئلة (?:ال)?شائعة|سياسة (?:ملفات )?الكوكيز|سياسة التحرير|ميثاق (?:ال)?تحرير"
        r"|about(?: us)?|contact(?: us)?|privacy(?: policy| notice)?|cookie policy"
        r"|terms(?: (?:of|and) (?:use|service|conditions))?|advertise(?: with us)?|careers|jobs"
        r"|our team|editorial (?:team|policy)|sitemap|faq"
        r"|qui sommes-nous|[aà] propos(?: de nous)?|contact(?:ez-nous)?|mentions l[eé]gales"
        r"|politique de confidentialit[eé]|conditions (?:g[eé]n[eé]rales )?d'utilisation"
        r"|publicit[eé]|annoncez(?: chez nous)?|nous contacter|[eé]quipe|la r[eé]daction)\W*$"
    ),
    re.IGNORECASE,
)


def _names_site_page(title: str) -> bool:
    """The title, or its part beside the site's name ("Contact - الأفق": the rest a few
    words), names a page of the site's own ("Jobs - US economy adds 200,000 jobs" does not)."""
    if _SITE_PAGE_TITLE.match(normalize(title)):
        return True
    parts = title_parts(title)
    return any(
        _SITE_PAGE_TITLE.match(normalize(part))
        and all(len(other.split()) <= SITE_NAME_WORDS for other in parts if other != part)
        for part in parts
    )


_OG_TYPE = etree.XPath("/html/head/meta[@property='og:type']/@content")


def _says_website(tree: html.HtmlElement) -> bool:
    """Open Graph types the page a website, not an article."""
    return any(kind.strip().lower() == "website" for kind in _OG_TYPE(tree))


def says_article(tree: html.HtmlElement, json_ld: list[dict]) -> bool:
    """The page calls itself an article: an article's object in its JSON-LD, or og:type
    article where its data names no media instead (a video's, a gallery's, an episode's:
    a template may type every page an article)."""
    if any(article_object(obj) for obj in json_ld):
        return True
    if not any(kind.strip().lower() == "article" for kind in _OG_TYPE(tree)):
        return False
    return not any(_MEDIA_TYPE.search(kind) for obj in json_ld for kind in _types(obj))


# schema.org's media: VideoObject, ImageObject, ImageGallery, PodcastEpisode, Clip.
_MEDIA_TYPE = re.compile(r"(?:object|gallery|episode|clip)$")


def _types(obj: dict) -> list[str]:
    kinds = obj.get("@type")
    return [
        k.lower() for k in (kinds if isinstance(kinds, list) else [kinds]) if isinstance(k, str)
    ]


SITE_NAME_WORDS = 3  # a site's name beside a page's: "الأفق", "Arab News", "L'Orient-Le Jour"


def _body_classes(tree: html.HtmlElement) -> frozenset[str]:
    body = tree.find("body")
    return frozenset((body.get("class") or "").split()) if body is not None else frozenset()


_SINGLE = frozenset({"single", "single-post"})
_POST_ID = re.compile(r"^postid-\d+$")
# WordPress names an archive's kind beside "archive" (category, tag, author, date, a custom
# taxonomy's tax-*, a post type's archive); a bare "archive" may be any site's own class.
_ARCHIVE_KINDS = frozenset({"category", "tag", "author", "date"})
_ARCHIVE_PREFIXES = ("tax-", "post-type-archive")
_PAGED = re.compile(r"^paged(?:-\d+)?$")  # a listing's later page (a post's is single-paged-N)
_SEARCH = frozenset({"search-results", "search-no-results"})
_TERM_LISTING = frozenset({"page-taxonomy-term", "page-taxonomy", "path-taxonomy"})  # Drupal
# Joomla: the component's name and its view (com_k2 view-itemlist; an article: view-item).
_JOOMLA_LISTS = frozenset(
    {"view-itemlist", "view-category", "view-featured", "view-tag", "view-search", "view-archive"}
)


def _listing_classes(classes: frozenset[str]) -> str | None:
    """The body classes that name a listing, as written."""
    if "archive" in classes:
        kinds = [c for c in classes if c in _ARCHIVE_KINDS or c.startswith(_ARCHIVE_PREFIXES)]
        if kinds:
            return " ".join(["archive", *sorted(kinds)])
    named = sorted(
        c for c in classes if _PAGED.match(c) or c in _SEARCH or c in _TERM_LISTING
    )  # fmt: skip
    if named:
        return " ".join(named)
    if {"home", "blog"} <= classes:
        return "home blog"  # the latest posts as the front page
    if any(c.startswith("com_") for c in classes):
        views = sorted(classes & _JOOMLA_LISTS)
        return " ".join(views) if views else None
    return None


_PAGE_ID = re.compile(r"^page-id-\d+$")
_DRUPAL_PAGE = frozenset({"node-type-page", "page-node-type-page"})  # Drupal 7, 8 and later


def _static_classes(classes: frozenset[str]) -> str | None:
    """WordPress's page (page page-id-2) or Drupal's basic page (node-type-page)."""
    ids = [c for c in classes if _PAGE_ID.match(c)]
    if "page" in classes and ids:
        return f"page {ids[0]}"
    drupal = classes & _DRUPAL_PAGE
    return next(iter(drupal)) if drupal else None


_PAGE_NUMBER = re.compile(r"(?:ال)?صفحة\s*\d+\s*من\s*\d+|\bpage\s*\d+\s*of\s*\d+", re.I)
NAMED_WORDS = 3  # words beside a page's number that name a story, not a section's page


def _numbered_page(title: str) -> bool:
    """The title is a page's number in a series and little more (its section's name): an
    article's later page keeps its headline beside the number."""
    match = _PAGE_NUMBER.search(title)
    if match is None:
        return False
    rest = _PAGE_NUMBER.sub(" ", title)
    return len(re.findall(r"\w+", rest)) < NAMED_WORDS


# Posts in blocks of their own --------------------------------------------------------------


def _headline_links(tree: html.HtmlElement) -> list[html.HtmlElement]:
    """Headlines' links, in a heading or around one, in the page's order: found from the
    page's few headings (an XPath that asked it of every link took 1 ms of a big page)."""
    found: dict[html.HtmlElement, None] = {}
    for heading in tree.iter("h1", "h2", "h3", "h4"):
        for link in (*heading.iterancestors("a"), *heading.iter("a")):
            if link.get("href") is not None:
                found.setdefault(link, None)
    return list(found)


_UNLINKED_H1 = etree.XPath("//h1[not(ancestor::a) and not(.//a)]")


@dataclass(frozen=True)
class Block:
    """A post's block: its text without spaces, its shape (tag and class: a listing repeats
    one template) and how many words it holds."""

    key: str
    shape: tuple[str, str]
    words: int


def post_blocks(
    tree: html.HtmlElement, url: str | None, own: tuple[str | None, ...], title: str | None
) -> list[Block]:
    """Blocks that each hold one post under its own headline linked to it: the largest
    element around each such link that holds no other headline's link. A link to the page
    itself, or worded as the page's title, is the page's own headline (a theme links it to
    its permalink, short or long). Read before the text's steps edit the tree."""
    here = {_path(address) for address in (url, *own) if address}
    targets: dict[html.HtmlElement, set[str]] = {}
    links: list[html.HtmlElement] = []
    for head in _UNLINKED_H1(tree):  # the page's own headline, or its listing's: no post's
        for holder in head.iterancestors():
            targets.setdefault(holder, set()).add("")
    for link in _headline_links(tree):
        target = _path(urljoin(url or "", link.get("href") or ""))
        if target in here or (title and titles_alike(squeezed(link.text_content()), title)):
            target = ""  # no post's block takes the page's own headline in
        else:
            links.append(link)
        for holder in link.iterancestors():
            targets.setdefault(holder, set()).add(target)
    blocks: dict[str, Block] = {}
    for link in links:
        block = link
        for holder in link.iterancestors():
            if len(targets[holder]) > 1 or holder.tag in ("body", "html"):
                break
            block = holder
        text = block.text_content()
        shape = (str(block.tag), block.get("class") or "")
        blocks.setdefault(_key(text), Block(_key(text), shape, len(text.split())))
    return list(blocks.values())


def _path(address: str) -> str:
    return urlsplit(address).path.rstrip("/")


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text)


KEY_CHARS = 40  # a line's opening this long places it in a block
BLOCKS_SHARE = 2 / 3  # of the text's characters, in posts' blocks
PROSE_WORDS = 10


def posts_text(paragraphs: list[str], blocks: list[Block]) -> bool:
    """The text is posts' (a blog's month, a tag's items): it opens in a block (its first
    line of prose; a page's own article opens outside them, its related posts' cards follow),
    most of its characters are in blocks, and two or more blocks hold its lines, or one whose
    template another post's block of prose repeats (the text took the first post alone)."""
    held: set[int] = set()
    inside = total = 0
    opened: bool | None = None
    for line in paragraphs:
        key = _key(_BULLET.sub("", line))
        found = next((n for n, block in enumerate(blocks) if key[:KEY_CHARS] in block.key), None)
        total += len(key)
        if found is not None:
            held.add(found)
            inside += len(key)
        if opened is None and len(line.split()) >= PROSE_WORDS:
            opened = found is not None
    if not opened or inside < BLOCKS_SHARE * total:
        return False
    return len(held) >= 2 or any(_repeated(blocks[n], blocks) for n in held)


def _repeated(block: Block, blocks: list[Block]) -> bool:
    return any(
        other is not block and other.shape == block.shape and other.words >= PROSE_WORDS
        for other in blocks
    )


_BULLET = re.compile(r"^\s*[-–•*]\s*")
