"""The article body: prune known chrome from the tree, let trafilatura find the main text,
then drop the boilerplate lines it keeps and cut at the first end marker."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import groupby
from urllib.parse import urljoin, urlsplit

from lxml import etree, html
from lxml.cssselect import CSSSelector

from archive.chrome import strip_chrome
from archive.normalize import normalize
from crawler.extract import attrwalk
from crawler.extract.blocks import (
    BLOCK_TAGS,
    UNREAD_TAGS,
    br_as_paragraphs,
    leaves_as_paragraphs,
    linked_chars,
    mixed_as_paragraphs,
    move_to_start,
    opens_with_link,
    page_names,
    spaced_phrases,
)
from crawler.extract.boilerplate import (
    TEASER_END,
    clean_lines,
    goes_on,
    is_boilerplate,
    is_end_marker,
    opens_comments,
)
from crawler.extract.captions import drop_image_captions
from crawler.extract.chrome import box_keys
from crawler.extract.counters import without_slide_counters
from crawler.extract.dates import parse_date
from crawler.extract.leads import gather_lead_and_notes
from crawler.extract.maintext import FLATTENED_CHARS, PRUNE_XPATH, main_text, paragraph_chars
from crawler.extract.services import a_service_box
from crawler.extract.sidecells import SIDE_CELL, mark_side_cells
from crawler.extract.splitbody import join_split_bodies

# Chrome containers, by a class or id token ("recommend": BBC's "قصص مقترحة" heading,
# id=Recommended, and the line that closes its box, id=end-of-recommendations). Pruning them
# changes what trafilatura takes for the main content, so instead their lines are collected
# and dropped from its output.
_CHROME_TAGS = frozenset({"aside", "nav", "footer", "marquee"})
# A writer's words in the class of the box beside a column: its photo, name and bio (an
# "author" token trafilatura drops itself); and the parts such a box's names end with.
_WRITER = r"(?:writer|columnist|contributor|kateb|katib|kuttab|kotab|auteur|chroniqueur)"
_BOX_PARTS = r"info|details?|data|block|wrap(?:per)?|area|section|container|holder|meta|inner"
# Not a token that flags what the block holds or allows: Bunyad's "post-content-wrap
# has-share-float" wraps the article's text beside its floating share bar, and was dropped
# whole wherever the sidebar and the related grid outweighed it ("no-comments",
# "with-social", "sharing-enabled": the same).
_FLAG = r"(?:no|has|with)-|[\w-]*-(?:enabled|disabled)(?=$|\s)"
_CHROME_TOKEN = re.compile(  # at the start of a class or id token
    rf"(?:^|\s)(?!{_FLAG})[\w-]*(?:related|share|sharing|social|comment|newsletter|tags|more-on|"
    # a pull quote repeats a line of the text; a donation box asks for the readers' money
    r"read-?more|recommend|pull-?quote|donat|support-?(?:us|box|journalism|widget)"
    # a cookie or consent notice, a modal dialog over the page
    r"|consent|cookie|gdpr|modal"
    # a writer's box: name, bio, "all the writer's articles" ("writer-card", "kateb-box")
    r"|(?:author|writer|kateb|katib)s?[-_]?(?:box|card|bio|about|profile)"
    r"|about[-_]?(?:the[-_]?)?(?:author|writer)"
    # ... or the writer's word as a token's last part ("writer", "article-writer",
    # "columnist-info", "kateb_details"): a box of a few lines, not the column (_writer_box)
    rf"|(?<![^\s_-]){_WRITER}s?(?:[-_]+(?:{_BOX_PARTS}))?(?=$|\s)"
    # ... or a token of its own: "bio", "bio-box" (not "biology", "symbiosis")
    r"|bio(?=$|\s|[-_])"
    # a readers' poll: its figures change by the hour, and each re-check made a version
    r"|polls?(?=$|\s|[-_])"
    # an embedded player and its own title ("c-video-player__title": "فيديو: مشاهد من …"),
    # a label of the clip, not a paragraph (not "player": a sports story's "player-stats")
    r"|(?:video|audio|media)[-_]?player|player[-_]+(?:title|caption|info))",
    re.IGNORECASE,
)
# The readers' comments under other names than "comment" ("disqus_thread", "replies",
# "ta3leqat"), anywhere in a class or id: a search of its own, as a word in _CHROME_TOKEN
# doubled the time it takes.
_COMMENTS_NAME = re.compile(r"disqus|repl(?:y|ies)(?![a-z])|responses|ta3l[ei]q|ta3aliq", re.I)
# A breaking-news ticker: "ticker" or "marquee" opening a class or id token or a part of it
# ("news-ticker", "ticker-content", "tickerNews", "newsTicker"), or glued to "news", "web" or
# "breaking" ("newsticker", "webticker"), never inside another word ("has-sticker").
_TICKER = re.compile(r"(?:^|[-_]|news|web|breaking)ticker", re.IGNORECASE)
_MARQUEE = re.compile(r"(?:^|[-_]|news|web|breaking)marquee", re.IGNORECASE)
# Not a stock's ticker ("stock-ticker-card", "ticker-symbol"), nor a live report's
# ("live-ticker", "liveTicker", "match-ticker": the article itself; "live-news-ticker" and
# "ticker-live" are breaking news all the same).
_NOT_TICKER = re.compile(r"stock|symbol|price|quote|^(?:live|match)[-_]?ticker", re.IGNORECASE)
# A "marquee" in a design's words is its featured block ("marquee-lead", "marquee-hero").
_FEATURE = re.compile(r"lead|hero|title|headline|feature|story", re.IGNORECASE)
# Elements that may be chrome (_is_chrome), in document order: found by libxml2, so that the
# many elements with neither a class nor an id never become Python objects.
_CHROME_CANDIDATES = etree.XPath(".//aside | .//nav | .//footer | .//form | .//*[@class or @id]")
_BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td")


@lru_cache(maxsize=256)
def _selector(css: str) -> CSSSelector:
    """A source's selector compiled once per worker, not once per page (~30 µs each)."""
    return CSSSelector(css)


def _selectors(css: tuple[str, ...]) -> list[CSSSelector]:
    return [_selector(c) for c in css]


def remove(tree: html.HtmlElement, selectors: list[CSSSelector]) -> None:
    for sel in selectors:
        for el in sel(tree):
            parent = el.getparent()
            if parent is not None:
                el.drop_tree()


# An endless scroll's next stories, preloaded under the page's own: each an <article> with a
# headline, a date and paragraphs of its own. More of them than this are a live report's
# entries, which are the article.
MAX_FOLLOWING_STORIES = 3
_STORY_HEADLINES = ("h1", "h2", "h3")
STORY_PARAGRAPH_WORDS = 12  # a paragraph of a story, not a teaser's line


def _drop_following_stories(body: html.HtmlElement, url: str | None) -> None:
    """Drop the stories a page preloads after its own: <article>s after the one holding the
    h1 (which holds paragraphs of its own), each with a headline, a date and at least two
    paragraphs (teaser cards hold one excerpt: other steps judge those), and a sign that it is
    another story: its headline links elsewhere, it names its own address, or a "next
    article" line stands before it. (Without one: the page's own text set in two <article>s,
    a live report's entries.)"""
    h1 = next(body.iter("h1"), None)
    own = next(h1.iterancestors("article"), None) if h1 is not None else None
    if own is None or _story_paragraphs_in(own) < 1:
        return
    following, after = [], False
    for article in body.iter("article"):
        if article is own:
            after = True
        elif after and own not in article.iterancestors() and _a_story(article):
            following.append(article)
    if len(following) <= MAX_FOLLOWING_STORIES:
        for article in following:
            if _another_story(article, url):
                article.drop_tree()


def _a_story(article: html.HtmlElement) -> bool:
    headline = next(article.iter(*_STORY_HEADLINES), None)
    dated = next(article.iter("time"), None) is not None
    return (
        headline is not None
        and len(headline.text_content().split()) >= 3
        and dated
        and _story_paragraphs_in(article) >= 2
    )


# A line that announces the next story of an endless scroll.
_NEXT_STORY = re.compile(
    r"^\W*(?:المقال|الخبر|الموضوع|المادة) التالي[ةه]?|^\W*اقرأ التالي|^\W*(?:next|up next|read"
    r" next)(?: (?:article|story))?\W*$|^\W*(?:article|à lire) suivant",
    re.IGNORECASE,
)
_OWN_ADDRESS = ("data-url", "data-permalink", "data-href", "data-article-url", "data-link")


def _another_story(article: html.HtmlElement, url: str | None) -> bool:
    headline = next(article.iter(*_STORY_HEADLINES))
    link = next(headline.iter("a"), None)
    addresses = [link.get("href")] if link is not None else []
    addresses += [article.get(name) for name in _OWN_ADDRESS]
    here = urlsplit(url or "").path.rstrip("/")
    for address in filter(None, addresses):
        try:
            elsewhere = urlsplit(urljoin(url or "", address.strip())).path.rstrip("/") != here
        except ValueError:
            continue
        if elsewhere:
            return True
    before = article.getprevious()
    said = " ".join(before.text_content().split()) if before is not None else ""
    return len(said.split()) <= MAX_NEXT_LINE_WORDS and bool(_NEXT_STORY.search(said))


MAX_NEXT_LINE_WORDS = 4


def _story_paragraphs_in(el: html.HtmlElement) -> int:
    return sum(
        1
        for p in el.iter("p")
        if len(p.text_content().split()) >= STORY_PARAGRAPH_WORDS and linked_chars(p) == 0
    )


# A box that asks for the reader's e-mail address: a newsletter's sign-up, whatever its class
# (Mailchimp for WordPress' "mc4wp-form-fields"): its heading and its pitch are no text.
_EMAIL_FIELDS = etree.XPath(
    ".//input[translate(@type, 'EMAIL', 'email') = 'email'"
    " or contains(translate(@name, 'EMAIL', 'email'), 'email')]"
)
MAX_SIGNUP_CHARS = 300


def _drop_signup_boxes(body: html.HtmlElement) -> None:
    """Drop the largest container of each e-mail field that holds a short pitch only: not a
    comment form's (its text box is the readers'), never past the article's own text (a
    heading, a paragraph of the story beside the box)."""
    for field in _EMAIL_FIELDS(body):
        form = next(field.iterancestors("form"), None)
        if form is not None and next(form.iter("textarea"), None) is not None:
            continue
        box = None
        for el in field.iterancestors():
            if (
                el is body or el.tag in ("article", "main") or _holds_h1(el)
                or len(el.text_content().strip()) > MAX_SIGNUP_CHARS
                or any(_story_beside(child, field if box is None else box) for child in el)
            ):  # fmt: skip
                break
            box = el
        if box is not None and box.getparent() is not None:
            box.drop_tree()


# A paragraph beside the box that is a story's (STORY_PARAGRAPH_WORDS long) and speaks of no
# mail is the story's (a pitch is shorter, or speaks of the newsletter).
_PITCH = re.compile(r"بريد|اشترك|نشر[ةه]|الاشتراك|mail|newsletter|subscri|inscri", re.IGNORECASE)


def _story_beside(el: html.HtmlElement, box: html.HtmlElement) -> bool:
    if el is box or not isinstance(el.tag, str) or next(el.iter("input"), None) is not None:
        return False
    text = el.text_content()
    return len(text.split()) >= STORY_PARAGRAPH_WORDS and not _PITCH.search(text)


def _non_link_text(el: html.HtmlElement) -> int:
    return len(el.text_content().strip()) - linked_chars(el)


BOX_SLACK = 10  # characters of text besides a box's marker and links: a separator, a count


def _drop_inline_boxes(root: html.HtmlElement) -> list[html.HtmlElement]:
    """An "اقرأ أيضا" box inside the body: the marker, then links (a list, a paragraph of a
    linked headline or several, an embedded post) or a video, nothing else. Drop the whole
    box; a bare marker line is left for the text step to judge (crawler.extract.boilerplate).
    Returns the elements whose own text opens the readers' comments, met on the way (one
    walk over the page's blocks: _comment_headings_as_lines judges them)."""
    comments: list[html.HtmlElement] = []
    for el in list(root.iter(*_BLOCKS, "div", "span", "strong", "b")):
        own = _label_of(el)
        if not own or len(own) > LABEL_CHARS or el.getparent() is None:
            continue
        if opens_comments(own):
            comments.append(el)
            continue
        if not _box_label(own):
            continue
        if _non_link_text(el) > len(own) + BOX_SLACK:
            continue  # a sentence that opens with the words: "ذات صلة: <a>التقرير</a> يؤكد …"
        box = el
        # Widen to the container that holds only the marker and links.
        while (
            box.getparent() is not None
            and box.getparent() is not root
            and _non_link_text(box.getparent()) <= len(own) + BOX_SLACK
        ):
            box = box.getparent()
        contents = _box_contents(box)
        if not contents and not box.xpath(".//a"):
            contents = _placeholder(box)
            if not contents:
                _as_line(el)
                continue
        for sibling in contents:
            sibling.drop_tree()
        box.drop_tree()
    return comments


# Links to an anchor further on the page (found by libxml2: most pages have none but "#").
_ANCHOR_LINKS = etree.XPath("descendant::a[starts-with(@href, '#') and string-length(@href) > 1]")
_ANCHORS = etree.XPath(".//*[@id] | .//a[@name]")


def _drop_skipped_boxes(body: html.HtmlElement) -> None:
    """A box the page lets its readers skip, inside the article: a link that opens it points
    to an anchor at its end ("تخطى قصص مقترحة وواصل القراءة" ... "نهاية قصص مقترحة", "Skip
    related content"). What a reader is invited to skip is not the article: the blocks from
    the link's to the anchor go, the anchor with them when it is a short line of its own.
    Only after the article's first paragraph, and only a box of links: no paragraph of the
    story, no headline, more linked text than other (a table of contents, a note's mark, a
    "التعليقات" link to the comments span the story's own paragraphs)."""
    links = _ANCHOR_LINKS(body)
    if not links:
        return
    anchors: dict[str, html.HtmlElement] = {}
    for el in reversed(_ANCHORS(body)):  # the first of a name wins
        anchors[el.get("id") or el.get("name") or ""] = el
    begun: _Begun | None = None
    for link in links:
        target = anchors.get((link.get("href") or "")[1:].strip())
        if target is None or body not in link.iterancestors():
            continue  # no such anchor, or inside a box gone already
        run = _skipped_run(link, target)
        if not run or not _a_box_of_links(run, link):
            continue
        begun = begun or _Begun(body)
        if begun.first is not None and _ORDER(run[0]) > begun.start:
            for el in run:
                el.drop_tree()


def _skipped_run(link: html.HtmlElement, target: html.HtmlElement) -> list[html.HtmlElement]:
    """The blocks a skip link passes over: the children of the link's and the anchor's
    common container, from the one that holds the link to the anchor (which goes too when it
    is a short line, "نهاية قصص مقترحة", or empty); [] when the anchor is not after it."""
    holders = {link, *link.iterancestors()}  # (held: lxml gives the same proxies back)
    if target in holders:
        return []  # the link inside the part it names
    top = target
    for ancestor in target.iterancestors():
        if ancestor in holders:
            break
        top = ancestor
    else:
        return []
    container = top.getparent()
    if container is None or container is link or container.tag in ("body", "html"):
        return []
    first = next((a for a in (link, *link.iterancestors()) if a.getparent() is container), None)
    if first is None or first is top:
        return []
    run: list[html.HtmlElement] = []
    for el in first.itersiblings(preceding=False):
        if el is top:
            break
        run.append(el)
    else:
        return []  # the anchor stands before the link: a "back to top"
    run.insert(0, first)
    if (
        top is target
        and target.tag not in ("h1", *_SUBHEADINGS)
        and len(_text_of(target)) <= LABEL_CHARS
    ):
        run.append(target)
    return run


def _a_box_of_links(run: list[html.HtmlElement], link: html.HtmlElement) -> bool:
    """Blocks that open with the skip link and hold links more than other text, none of the
    story's paragraphs nor its headline."""
    if not _text_of(run[0]).startswith(_text_of(link)):
        return False
    linked = other = 0
    for el in run:
        if el.tag == "h1" or _holds_h1(el) or any(_story_paragraph(p) for p in el.iter("p")):
            return False
        links = linked_chars(el)
        linked, other = linked + links, other + len(el.text_content().strip()) - links
    return linked - len(link.text_content()) > other


def _label_of(el: html.HtmlElement) -> str:
    """An element's own text; behind an icon that holds none ("<span class='icon'></span>
    Lire aussi | <a>…</a>"), the icon's tail."""
    own = (el.text or "").strip()
    icon = el[0] if len(el) else None
    if not own and icon is not None and icon.tag in _ICONS and not icon.text_content().strip():
        own = (icon.tail or "").strip()
    return own


# Labels that open a box of links inside the text, the box only ("شاهد: <a>…</a>", "ذات صلة
# >> <a>…</a>"): alone on a line they may stand over a video the article goes on after.
_BOX_LABEL = re.compile(normalize(r"^(?:شاهد|طالع|اقرا|إقرا|تابع)$"))
_ICONS = frozenset({"span", "i", "svg", "img", "em"})
_LABEL_MARKS = " \t:：>»«<›‹|-–—•*"


LABEL_CHARS = 40  # a box's label is a few words


@lru_cache(maxsize=4096)  # asked of every block's own text; a site's labels repeat
def _box_label(own: str) -> bool:
    if len(own) > LABEL_CHARS:
        return False
    label = own.strip(_LABEL_MARKS)
    return is_end_marker(label) or bool(_BOX_LABEL.match(normalize(label)))


def _story_paragraph(p: html.HtmlElement) -> bool:
    return len(_text_of(p).split()) >= STORY_PARAGRAPH_WORDS and not linked_chars(p)


class _Begun:
    """Where the article begins: its first paragraph; on a page written without <p> (runs
    between <br>s), its headline, and then a box after it that holds half the page or more
    may hold the article too."""

    def __init__(self, body: html.HtmlElement) -> None:
        self.first = next((p for p in body.iter("p") if _story_paragraph(p)), None)
        self.h1 = next(body.iter("h1"), None) if self.first is None else None
        self.begins = self.first if self.first is not None else self.h1
        self.start = _ORDER(self.begins) if self.begins is not None else 0
        self.total = len(body.text_content()) if self.h1 is not None else 0
        self.dropped: set[html.HtmlElement] = set()

    def before(self, box: html.HtmlElement) -> bool:
        """Has the article begun before the box (which holds neither its headline nor its
        beginning, nor is inside a box dropped already)?"""
        if self.begins is None or box.getparent() is None:
            return False
        if any(a in self.dropped for a in box.iterancestors()):
            return False
        if _holds_h1(box) or any(a is box for a in self.begins.iterancestors()):
            return False
        if self.h1 is not None and 2 * len(box.text_content()) > self.total:
            return False
        return bool(_ORDER(box) > self.start)

    def drop(self, box: html.HtmlElement) -> None:
        self.dropped.add(box)
        box.drop_tree()


_SUBHEADINGS = ("h2", "h3", "h4", "h5", "h6")
_ENTRY_BLOCKS = frozenset(
    {"div", "p", "ul", "ol", "li", "dl", "table", "tbody", "tr", "td", "section", "article",
     "blockquote", "form"}
)  # fmt: skip
LABEL_LEVELS = 3  # levels up from a label while its parent says nothing else (b, td, tr)


def _comment_headings_as_lines(root: html.HtmlElement, labels: list[html.HtmlElement]) -> None:
    """A heading over the readers' comments ("<h3>التعليقات (2)</h3>", "<b>تعليقات القراء</b>"
    or a <div> of its own) in a box whose name does not say comments. When it opens its box
    (its first text, entries in blocks after it) once the article has begun, the box goes
    whole: a bare "Commentaires" over long comments reads as a subheading to the text step.
    Else a subheading becomes a paragraph: trafilatura drops the heading and keeps the
    comments as text; as a line of the text, the text step ends the article there (or reads
    "تعليقات" as a subheading of the story). A label of other markup that opens no box is
    left alone (a toolbar's "تعليقات (3)" beside its other tools, a bold line amid the story's
    paragraphs)."""
    begun: _Begun | None = None
    headings = [h for h in root.iter(*_SUBHEADINGS) if opens_comments(_text_of(h))]
    for el in [*labels, *headings]:
        label = _comments_label(el)
        if begun is not None and any(a in begun.dropped for a in label.iterancestors()):
            continue  # inside a box gone already
        box = _box_opened_by(label)
        if box is not None:
            begun = begun or _Begun(root)
            if begun.before(box):
                begun.drop(box)
                continue
        heading = label if label.tag in _SUBHEADINGS else next(label.iter(*_SUBHEADINGS), None)
        if heading is not None:
            heading.tag = "p"


def _comments_label(el: html.HtmlElement) -> html.HtmlElement:
    """The element that holds a comments heading whole, from the one whose own text opens it
    ("<h3><span>التعليقات</span> (2)</h3>": the <h3>)."""
    label = el
    for parent in el.iterancestors():
        if parent.tag in ("body", "html"):
            break
        text = _text_of(parent)
        if len(text) > LABEL_CHARS or not opens_comments(text):
            break
        label = parent
    return label


def _box_opened_by(label: html.HtmlElement) -> html.HtmlElement | None:
    """The box the label opens: the label is its first text, with entries in blocks after
    it. (Up from the label while its parent says nothing else: "<td><b>التعليقات (2)</b></td>"
    opens the table.)"""
    text, top = _text_of(label), label
    for _ in range(LABEL_LEVELS):
        parent = top.getparent()
        if parent is None or parent.tag in ("body", "html") or _text_of(parent) != text:
            break
        top = parent
    box = top.getparent()
    if box is None or box.tag in ("body", "html") or not _text_of(box).startswith(text):
        return None
    entries = any(
        isinstance(el.tag, str) and el.tag in _ENTRY_BLOCKS and el.text_content().strip()
        for el in top.itersiblings()
    )
    return box if entries else None


# The most siblings after a marker that are taken for its box: a related list is short.
MAX_BOX_ITEMS = 6
_MEDIA = ("iframe", "video", "audio", "embed", "object", "img")


def _as_line(label: html.HtmlElement) -> None:
    """A box's label set in a <div> of its own (`<div class="box-head">الأكثر قراءة</div>`)
    over teasers: trafilatura drops such a short block and keeps the teasers as text. As a
    paragraph it is a line of the text, where the text step ends the article, as it does
    at a heading's."""
    if label.tag == "div" and len(label) == 0:
        label.tag = "p"


def _box_contents(marker: html.HtmlElement) -> list[html.HtmlElement]:
    """The elements right after a marker that hold only links or media: its box's items,
    when text follows them (the box sits inside the article). Otherwise none: a heading over
    a long run of links, or over links that end the container, is left for the text step to
    end the article at."""
    items: list[html.HtmlElement] = []
    sibling = marker.getnext()
    while sibling is not None:
        if isinstance(sibling.tag, str):  # not a comment
            if _non_link_text(sibling) > 10:
                if _excerpt(sibling):
                    return []  # the box's own teasers: a linked headline over its excerpt
                return items if items and len(items) <= MAX_BOX_ITEMS else []
            if sibling.tag in ("ul", "ol") or _links_or_media(sibling):
                items.append(sibling)
            elif sibling.text_content().strip():
                return []  # a few words of text: no telling
            # else a <br>, a spacer: passed over
        sibling = sibling.getnext()
    return []


def _placeholder(marker: html.HtmlElement) -> list[html.HtmlElement]:
    """The empty elements right after a marker that a script fills (`<div id="related-
    widget"></div>`), when text follows them: the box is the marker and them, inside the
    article. Otherwise none."""
    empty: list[html.HtmlElement] = []
    sibling = marker.getnext()
    while sibling is not None:
        if isinstance(sibling.tag, str):
            if sibling.text_content().strip():
                return empty if _non_link_text(sibling) > 10 else []
            if next(sibling.iter(*_MEDIA), None) is not None:
                return []  # a video under the label: _box_contents' case
            if sibling.tag != "br":
                empty.append(sibling)
        sibling = sibling.getnext()
    return []


def _excerpt(el: html.HtmlElement) -> bool:
    """A teaser's excerpt: it trails off ("…"), or another linked headline comes after it;
    not a paragraph that goes on from the story's ("وأوضحت الوزارة …")."""
    text = el.text_content().strip()
    if TEASER_END.search(text):
        return True
    if goes_on(text):
        return False
    after = el.getnext()
    while after is not None and not (isinstance(after.tag, str) and after.text_content().strip()):
        after = after.getnext()
    return after is not None and _links_or_media(after) and _non_link_text(after) <= 10


def _links_or_media(el: html.HtmlElement) -> bool:
    return el.tag in _MEDIA or next(el.iter("a", *_MEDIA), None) is not None


# Inside a data table's cells: phrasing, not page structure.
_NOT_IN_DATA = etree.XPath(
    ".//table | .//h1 | .//h2 | .//form | .//ul | .//ol | .//iframe | .//nav | .//aside"
    " | .//article | .//section | .//header | .//footer"
)
# A cell longer than this holds a body or a column of the page, not a value.
MAX_CELL_CHARS = 300
# The labels of a page's own details, in a table above or below the text (normalized).
_DETAIL_LABEL = re.compile(
    normalize(
        r"^(?:الكاتب|الكاتبة|الكاتب/ة|المحرر|المراسل|كتب|بقلم|التاريخ|تاريخ النشر|تاريخ الاضافة"
        r"|بتاريخ|نشر في|اخر تحديث|القسم|التصنيف|المصدر|عدد المشاهدات|المشاهدات|القراءات"
        r"|عدد القراءات|مرات القراءة|الزيارات|عدد الزيارات|الزوار|عدد الزوار|التعليقات"
        r"|author|date|published|views|section|source)\s*[:：]"
    )
)


def _cells(row: html.HtmlElement) -> list[html.HtmlElement]:
    return [c for c in row if c.tag in ("td", "th")]  # not a comment or a stray element


def _is_data_table(table: html.HtmlElement) -> bool:
    """A table of values (results, prices, a schedule): rows of short cells and no page
    structure inside. Anything else is the page's layout grid, or its labelled details."""
    if _NOT_IN_DATA(table):
        return False
    rows = [cells for row in table.iter("tr") if (cells := _cells(row))]
    if len(rows) < 2 or max(len(cells) for cells in rows) < 2:
        return False
    if any(_layout_cell(cell) for cells in rows for cell in cells):
        return False
    text = len(table.text_content().strip())
    if not text or linked_chars(table) > text / 2:
        return False  # a grid of links is navigation
    if any(len(cell.text_content()) > MAX_CELL_CHARS for cells in rows for cell in cells):
        return False
    labels = [normalize(cells[0].text_content().strip()) for cells in rows]
    # "الكاتب: | فلان", "التاريخ: | …": the page's details, not values ("الشاشة: | 6.1" are):
    # mostly page-detail labels, or mostly labels one of which is a page detail's, unless the
    # values are mostly figures (a box of figures with its source row is values).
    details = sum(bool(_DETAIL_LABEL.match(label)) for label in labels)
    labelled = sum(label.endswith((":", "：")) for label in labels) * 2 >= len(labels)
    if details * 2 >= len(labels):
        return False
    return not (details and labelled and not _mostly_figures(rows))


# A line of prose: a cell that holds one beside other lines holds paragraphs (a short item's
# body under its headline and date line), not a value.
PROSE_LINE_CHARS = 100
# Lines of links that make a cell a column of links (a layout's sidebar of headlines).
LINK_COLUMN_LINES = 3


def _layout_cell(cell: html.HtmlElement) -> bool:
    """A cell of the page's layout, whatever its length: blocks of text (a paragraph of prose
    beside other lines: a short item under its headline) or a column of links (a sidebar of
    headlines, one a line). A value, even of two lines ("name<br>post"), is neither."""
    lines = _cell_lines(cell)
    if len(lines) < 2:
        return False
    if max(len(line) for line in lines) >= PROSE_LINE_CHARS:
        return True
    text = sum(len(line) for line in lines)
    return len(lines) >= LINK_COLUMN_LINES and 2 * linked_chars(cell) >= text


def _cell_lines(el: html.HtmlElement) -> list[str]:
    """The element's text in lines, broken at its <br>s and blocks (text_content() glues
    "أهم الأخبار<br>اجتماع …" into one word)."""
    lines = [""]

    def walk(node: html.HtmlElement) -> None:
        block = node is not el and (node.tag == "br" or node.tag in BLOCK_TAGS)
        if block:
            lines.append("")
        if isinstance(node.tag, str) and node.tag not in UNREAD_TAGS:
            lines[-1] += node.text or ""
            for child in node:
                walk(child)
                lines[-1] += child.tail or ""
        if block:
            lines.append("")

    walk(el)
    return [" ".join(line.split()) for line in lines if line.strip()]


# A figure and its unit: "11.3 مليون", "21.4%", "$799" (a date is no figure).
_FIGURE_VALUE = re.compile(r"^[\s$€£+\-−]*[\d٠-٩][\d٠-٩.,٫٬]*\s*%?(?:\s+\S+){0,2}$")


def _mostly_figures(rows: list[list[html.HtmlElement]]) -> bool:
    values = [" ".join(cells[-1].text_content().split()) for cells in rows if len(cells) > 1]
    figures = sum(bool(_FIGURE_VALUE.match(v)) and parse_date(v) is None for v in values)
    return figures * 2 > len(values)


# A CMS that splits an article at its "read more" mark writes the parts side by side (K2:
# itemIntroText, then itemFullText): trafilatura takes the "fulltext" block for the body and
# leaves the lead before it.
_FULL_TEXT_LOWER = str.maketrans("FULTX", "fultx")  # (not E: "fullTEXT" is no such block)


def _full_text(value: attrwalk.Value) -> bool:
    return "fulltext" in value.translate(_FULL_TEXT_LOWER) and value.getparent().tag in (
        "div",
        "section",
    )


_INTRO = re.compile(r"intro", re.IGNORECASE)
INTRO_SIBLINGS = 3  # elements back from the full text where its intro may stand


def _intro_with_full_text(root: html.HtmlElement) -> None:
    """The intro block before an article's full-text block goes in at its start."""
    for full in attrwalk.named(root, _full_text, "class"):
        before = zip(full.itersiblings(preceding=True), range(INTRO_SIBLINGS), strict=False)
        intros = (el for el, _ in before if _INTRO.search(str(el.get("class", ""))))
        intro = next(intros, None)
        if intro is not None and intro.text_content().strip():
            move_to_start(intro, full)


# An inline style that hides a block until a script shows it ("read more").
_HIDING = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_STYLED = etree.XPath(".//*[@style]")
FOLDED_AFTER = 3  # elements back from a hidden block where the body's last paragraph may stand


def _unfold_hidden_rest(root: html.HtmlElement) -> None:
    """The rest of an article that a "read more" button unfolds (a block hidden by its inline
    style, right after the body's paragraphs) is shown: trafilatura drops hidden blocks, and
    the article ended at its lead."""
    for el in _STYLED(root):
        style = el.get("style", "")
        if (
            _HIDING.search(style)
            and _prose_box(el)
            and _follows_paragraphs(el)
            and not _a_copy(el, root)
        ):
            el.set("style", _HIDING.sub("", style))


def _a_copy(el: html.HtmlElement, root: html.HtmlElement) -> bool:
    """Does the hidden block repeat paragraphs the page shows (a print or mobile copy of the
    body, hidden behind the shown one)? Unfolded, the text said each of them twice."""
    hidden = set(_prose_lines(el))
    shown = {line for p in root.iter("p") if (line := _text_of(p)) in hidden and el not in
             p.iterancestors()}  # fmt: skip
    return 2 * len(shown) >= len(hidden)


def _follows_paragraphs(el: html.HtmlElement) -> bool:
    """A paragraph of text stands just before the block; a popup or a notice there (a
    newsletter's, a cookie consent's) is no article's rest."""
    if any(_not_story(a) for a in (el, *el.iterancestors())):
        return False
    before = zip(el.itersiblings(preceding=True), range(FOLDED_AFTER), strict=False)
    return any(_prose_lines(sibling) for sibling, _ in before)


def _prose_lines(el: html.HtmlElement) -> list[str]:
    """The element's paragraphs of text (itself, if it is one), not links."""
    paragraphs = [el] if el.tag == "p" else el.iter("p")
    return [line for p in paragraphs if (line := _text_of(p)) and not linked_chars(p)]


# Marks the rows a table of values became (pagekind.service_page reads them).
ROWS_MARK = "data-arshif-rows"


def _tables_as_rows(root: html.HtmlElement) -> None:
    """Each table of values becomes a paragraph per row ("cell | cell | cell"), in place,
    without its boilerplate rows (a view counter, a source line). trafilatura runs without
    tables, because a page laid out in a table would otherwise come out whole, chrome and
    all; a results table in the article is text all the same."""
    for table in [t for t in root.iter("table") if _is_data_table(t)]:
        rows = html.Element("div", {ROWS_MARK: ""})
        for row in table.iter("tr"):
            cells = [" ".join(_cell_lines(c)) for c in _cells(row)]
            cells = [cell for cell in cells if cell]
            if cells and not is_boilerplate(" ".join(cells)):
                etree.SubElement(rows, "p").text = " | ".join(cells)
        rows.tail = table.tail
        table.getparent().replace(table, rows)


_TABLE_PARTS = ("table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption")


# An ad network's box of sponsored links (Outbrain, Taboola, MGID): never the article's, and
# its headlines, links without blocks, came out glued into one line of the text.
_AD_NETWORK = re.compile(r"(?:^|\s)(?:outbrain|ob-widget|taboola|trc_rbox|mgid|revcontent)", re.I)


def _drop_ad_networks(tree: html.HtmlElement) -> None:
    if not _AD_NETWORK.search(page_names(tree)):  # most pages: one search
        return
    for el in list(tree.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        names = f"{el.get('class', '')} {el.get('id', '')}"
        # A box of links; not a page part a flag names (<body class="mgid-enabled">)
        if _AD_NETWORK.search(names) and 2 * linked_chars(el) >= len(el.text_content().strip()):
            el.drop_tree()


def _layout_as_blocks(root: html.HtmlElement) -> list[html.HtmlElement]:
    """Every other table is the page's layout (or a box in it): its cells become blocks, as
    the same page written with <div>s would have them, so that trafilatura weighs each cell
    (a column of links, a header row, the article's cell) instead of dropping the tables
    whole (include_tables=False) and then, short of text, taking the whole page. Returns the
    outermost ones."""
    layouts = [t for t in root.iter("table") if next(t.iterancestors("table"), None) is None]
    for el in list(root.iter(*_TABLE_PARTS)):
        el.tag = "div"
        for attr in ("colspan", "rowspan", "valign", "align", "width", "border"):
            el.attrib.pop(attr, None)
    return layouts


def body_paragraphs(
    tree: html.HtmlElement,
    url: str | None,
    title: str | None,
    body_selector: str | None = None,
    drop_selectors: tuple[str, ...] = (),
    chrome: frozenset[str] = frozenset(),
) -> list[str]:
    """Article paragraphs in order; [] when the page has no article text.
    chrome: the source's learned chrome keys (archive.chrome).
    Edits the tree (drops the source's drop_selectors and inline boxes): read what else is
    needed from it first (the body_selector path edits it too). trafilatura edits a copy of
    its own from 2.3 on, and before that only what _chrome_lines reads the same way."""
    remove(tree, _selectors(drop_selectors))
    _drop_ad_networks(tree)
    h1 = next(tree.iter("h1"), None)
    headline = _text_of(h1) if h1 is not None else None  # read before the tree is edited
    boxes = box_keys(tree, chrome)
    if body_selector:
        matches = _selector(body_selector)(tree)
        if matches:
            lines = _learned(without_slide_counters(_paragraphs_of(matches[0])), chrome, boxes)
            links = _link_lines(tree)
            kept = clean_lines(_without_link_lists(lines, links), title, headline)
            kept = _without_inserted_headlines(kept, links, url)
            if kept:
                return _numbered(kept, tree)
    body = tree.find("body")
    if body is not None:
        _drop_following_stories(body, url)
        _drop_signup_boxes(body)
        _drop_skipped_boxes(body)
        labels = _drop_inline_boxes(body)
        _comment_headings_as_lines(body, labels)
        join_split_bodies(tree)
        drop_image_captions(body)
        _intro_with_full_text(body)
        gather_lead_and_notes(tree)
        _tables_as_rows(body)
        mark_side_cells(body, title)
        layouts = _layout_as_blocks(body)
        br_as_paragraphs(body)
        for layout in layouts:
            mixed_as_paragraphs(layout)
        spaced_phrases(body)
        if paragraph_chars(tree) < FLATTENED_CHARS:
            # A page of blocks without <p>: past this, trafilatura reads the <p>s alone, and
            # a bio or a disclaimer in a <div> made a paragraph would be read with them.
            leaves_as_paragraphs(body)
        _unfold_hidden_rest(body)
    text = main_text(tree, url)
    if not text:
        return []
    story = _story_paragraphs(tree)
    text = _with_lists_and_headings(_unflattened(text, [line for _, line in story]), story)
    teasers = _teaser_lines(tree, url) if len(text) < TEASERS_BELOW else set()
    marked = _chrome_lines(tree, title) | teasers
    lines = without_slide_counters([ln for ln in text.splitlines() if _key(ln) not in marked])
    links = _link_lines(tree)
    kept = clean_lines(_without_link_lists(_learned(lines, chrome, boxes), links), title, headline)
    return _numbered(_without_inserted_headlines(kept, links, url), tree)


def _numbered(lines: list[str], tree: html.HtmlElement) -> list[str]:
    """The items of the page's numbered lists (<ol>) with their numbers ("2. item", from
    the list's start), where trafilatura wrote them as any list's ("- item"): a ranking, the
    steps of a plan, the points of an agreement are read by their numbers."""
    numbers: dict[str, str] = {}
    for ol in tree.iter("ol"):
        for n, li in _ordinals(ol):
            numbers.setdefault(_text_of(li), f"{n}. ")
    if not numbers:
        return lines
    return [
        numbers[rest] + rest if line.startswith("- ") and (rest := _key(line[2:])) in numbers
        else line
        for line in lines
    ]  # fmt: skip


def _ordinals(ol: html.HtmlElement) -> Iterator[tuple[int, html.HtmlElement]]:
    """A numbered list's items with their numbers as a browser shows them: from its start,
    counting down in a `reversed` list (from its length, unless it says where), an item's
    `value` setting its own number and those after it."""
    items = [li for li in ol if li.tag == "li"]
    step = -1 if ol.get("reversed") is not None else 1
    n = _integer(ol.get("start"), len(items) if step < 0 else 1)
    for li in items:
        n = _integer(li.get("value"), n)
        yield n, li
        n += step


def _integer(value: str | None, default: int) -> int:
    try:
        return int((value or "").strip())
    except ValueError:
        return default


# Linked headlines in a row: a list of other stories ("آخر الأخبار" over its links) set in
# the body's own flow (<br>s on a table layout), with no box to tell it by.
MIN_LINKED_RUN = 3
LINKED_WORDS = 3  # a link's text this long may be a headline ("المزيد" is not)
LIST_HEADING_WORDS = 4


def _link_lines(tree: html.HtmlElement) -> list[tuple[html.HtmlElement, str]]:
    """The page's links with their texts as lines (read once for the two steps below)."""
    return [(a, _text_of(a)) for a in tree.iter("a")]


def _without_link_lists(lines: list[str], links: list[tuple[html.HtmlElement, str]]) -> list[str]:
    """The lines without runs of MIN_LINKED_RUN or more that are each a link's whole text,
    nor the short heading over such a run; at the text's end, a heading over linked lines
    alone is such a list too (trafilatura may have kept only some of its links)."""
    linked = {text for _, text in links if len(text.split()) >= LINKED_WORDS}
    if not linked:
        return lines
    runs = [(is_link, list(run)) for is_link, run in groupby(lines, lambda ln: _key(ln) in linked)]
    kept: list[str] = []
    for n, (is_link, run) in enumerate(runs):
        headed = bool(kept) and _list_heading(kept[-1])
        if is_link and (len(run) >= MIN_LINKED_RUN or (headed and n == len(runs) - 1)):
            if headed:
                kept.pop()
        else:
            kept.extend(run)
    return kept


def _without_inserted_headlines(
    lines: list[str], links: list[tuple[html.HtmlElement, str]], url: str | None
) -> list[str]:
    """Without another story's headline inserted alone in the body (read after the text's
    end is found: a "read also" label over such headlines ends it)."""
    inserted = _inserted_headlines(links, url, {_key(line) for line in lines})
    return [line for line in lines if _key(line) not in inserted] if inserted else lines


# Another story's headline set alone in a paragraph of the body ("<p><a href='/n/2'>وزير
# التموين: …</a></p>"): a related story, as Egyptian sites insert them without a label.
INSERTED_HEADLINE_WORDS = (4, 12)
# (Not a heading: a roundup's linked subheadings open its sections.)
_INSERT_BLOCKS = ("p", "div")


def _inserted_headlines(
    links: list[tuple[html.HtmlElement, str]], url: str | None, said: set[str]
) -> set[str]:
    """Texts of links to other articles of the site (_article_shaped) that are the whole
    text of their paragraph, and read as a headline: a few words, no full stop. (A link to
    another site, or to a page of another shape, is a source, a document: text.) So are the
    items ("- …" lines) of a list each item of which is such a link: related stories set
    as a list inside the body, with no label or box to tell them by."""
    found: set[str] = set()
    if not url:
        return found
    lists: dict[html.HtmlElement, bool] = {}
    items = {line[2:] for line in said if line.startswith("- ")}  # a list's lines
    for a, text in links:  # (the text's lines first: most links are no line of it)
        line = text if text in said else f"- {text}" if text in items else None
        if line is None or not _inserted_link(a, text, url):
            continue
        block = next(a.iterancestors(*_INSERT_BLOCKS, "li"), None)
        if block is None or _text_of(block) != text:
            continue
        if block.tag != "li":
            found.add(text)
        elif line != text and (parent := block.getparent()) is not None:
            if parent not in lists:
                lists[parent] = _list_of_headlines(parent, url)
            if lists[parent]:
                found.add(line)
    return found


def _inserted_link(a: html.HtmlElement, text: str, url: str) -> bool:
    """A link to another article of the site whose text reads as a headline."""
    least, most = INSERTED_HEADLINE_WORDS
    if not least <= len(text.split()) <= most or text.endswith("."):
        return False
    href = (a.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return False
    return _article_shaped(href, url)


def _list_of_headlines(items: html.HtmlElement, url: str) -> bool:
    """Each item of the list is wholly one link to another article, read as a headline (a
    list that cites a source elsewhere, or says more than its link, is the article's)."""
    for li in items.iterchildren("li"):
        links = li.findall(".//a")
        text = _text_of(li)
        if len(links) != 1 or _text_of(links[0]) != text or not _inserted_link(links[0], text, url):
            return False
    return True


def _article_shaped(href: str, url: str) -> bool:
    """A link to an address shaped as the page's own: another article of the site (the same
    host, as many path segments under the same first one, or the same query keys)."""
    try:
        link, page = urlsplit(urljoin(url, href)), urlsplit(url)
        hosts = (
            (link.hostname or "").removeprefix("www."),
            (page.hostname or "").removeprefix("www."),
        )
    except ValueError:
        return False
    if hosts[0] != hosts[1] or link.path == page.path and link.query == page.query:
        return False
    if page.query:
        return link.path == page.path and _keys(link.query) == _keys(page.query)
    segments, own = link.path.strip("/").split("/"), page.path.strip("/").split("/")
    if len(own) < 2:  # one segment says little: both carry a number (an article's id) then
        return len(segments) == 1 and all(re.search(r"\d", path) for path in (link.path, page.path))
    return len(segments) == len(own) and segments[0] == own[0]


def _keys(query: str) -> list[str]:
    return sorted(pair.split("=")[0] for pair in query.split("&"))


def _list_heading(line: str) -> bool:
    return len(line.split()) <= LIST_HEADING_WORDS and not _SENTENCE_END.search(line.strip())


# A page of little text (a video's caption, a gallery's intro) that trafilatura flattened into
# one line, headline, date, byline, share row and related posts included: the line holds the
# page's story paragraphs and this many times more.
FLATTENED_SHARE = 1.5
CAPTION_PAGE_CHARS = 400  # a page whose story paragraphs hold more is read as it is
# Boxes the story's paragraphs are never in (beside _is_chrome's): a cookie notice, a popup.
_NOT_STORY = re.compile(r"cookie|consent|gdpr|popup|modal|newsletter|subscribe|site-title", re.I)


def _unflattened(text: str, story: list[str]) -> str:
    """The story's own paragraphs (_story_paragraphs), one a line, in place of a line into
    which trafilatura flattened the page around them."""
    if sum(map(len, story)) > CAPTION_PAGE_CHARS:
        return text  # a page of text: read as trafilatura read it
    least = FLATTENED_SHARE * sum(map(len, story))
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if story and len(line) >= least and all(p in line for p in story):
            return "\n".join([*lines[:i], *story, *lines[i + 1 :]])
    return text


# Blocks trafilatura reads only when it knows the body's container by name (its BODY_XPATH:
# "article-body", "post-content" …): short of that it gathers the page's loose <p>s alone, and
# a body's lists and subheadings are lost (<div class=bodyText>, <div id=NewsStory>).
_STRUCTURE = ("li", "h2", "h3", "h4", "h5", "h6")
# The container of the kept paragraphs is the article's when they hold this share of its text
# (the rest: its lists and subheadings); a page's whole <body> holds menus and sidebars too.
BODY_SHARE = 0.5
_BESIDE = frozenset({"ul", "ol", "h2", "h3", "h4", "h5", "h6"})
# A box in the body (a fact box, a timeline, a correction note): its lists and subheadings,
# or its own line of prose, are the story's when it holds no link (a related box holds its
# stories' links). trafilatura reads no <div> of text beside <p>s, and no <aside> at all.
_BOXES = ("div", "section", "aside")
PROSE_LINE_WORDS = 6  # a box's line of prose is a sentence (not a label, a photo's credit)


def _with_lists_and_headings(text: str, story: list[tuple[html.HtmlElement, str]]) -> str:
    """The text with the lists and subheadings of its body's container back in place, between
    the paragraphs beside them that trafilatura kept, when it kept none of them: its
    loose-paragraph path read the body. Lists of links (menus, related stories) and chrome
    inside it stay out, and so does whatever stands before the first kept paragraph or after
    the last."""
    beside = _beside_structure(story)
    if not beside:
        return text
    lines = text.split("\n")
    said = {_key(line) for line in lines}
    kept = [p for p, line in beside if line in said]
    container = _container(kept)
    if container is None:
        return text
    kept_ids = {id(p) for p in kept}
    blocks = list(_structure_between(container, kept_ids))
    if any(_said(el, said) for el, _ in blocks):
        # trafilatura read the body's structure (its main path): not its <aside>s
        blocks = [(el, after) for el, after in blocks if _in_aside(el, container)]
    else:
        lead = _opening_subheading(container, kept_ids)
        if lead is not None and not _said(lead[0], said):
            blocks.insert(0, lead)
    before: dict[str, list[str]] = {}
    for el, after in blocks:
        if _body_structure(el, container) and not any(id(p) in kept_ids for p in el.iter("p")):
            anchor = _text_of(after) if after is not None else None
            before.setdefault(anchor or f"\n{_text_of(kept[-1])}", []).append(_line_of(el))
    return _placed(lines, before) if before else text


def _placed(lines: list[str], before: dict[str, list[str]]) -> str:
    """The lines with blocks put before the line they stand before, or after the line a
    "\n" marks (the last kept paragraph: a box after it)."""
    out: list[str] = []
    for line in lines:
        out += before.pop(_key(line), [])
        out.append(line)
        out += before.pop(f"\n{_key(line)}", [])
    return "\n".join(out)


def _beside_structure(
    story: list[tuple[html.HtmlElement, str]],
) -> list[tuple[html.HtmlElement, str]]:
    """The story's paragraphs that have a list or a heading beside them (most pages' have
    none: nothing more is read of them)."""
    parents: dict[int, bool] = {}
    beside = []
    for p, line in story:
        parent = p.getparent()
        if parent is None:
            continue
        if id(parent) not in parents:
            parents[id(parent)] = any(map(_structure_or_box, parent))
        if parents[id(parent)]:
            beside.append((p, line))
    return beside


def _structure_or_box(child: html.HtmlElement) -> bool:
    """A list or subheading, or a box of them or of a line of prose."""
    if child.tag in _BESIDE:
        return True
    return child.tag in _BOXES and (
        any(grandchild.tag in _BESIDE for grandchild in child) or _prose_leaf(child)
    )


def _prose_leaf(el: html.HtmlElement) -> bool:
    """A box of a sentence of its own, no blocks nor links in it (a correction note)."""
    if not ((el.text or "").strip() or any((c.tail or "").strip() for c in el)):
        return False
    if any(isinstance(c.tag, str) and (c.tag in BLOCK_TAGS or c.tag == "a") for c in el):
        return False
    return len(el.text_content().split()) >= PROSE_LINE_WORDS and linked_chars(el) == 0


def _in_aside(el: html.HtmlElement, container: html.HtmlElement) -> bool:
    for a in (el, *el.iterancestors()):
        if a is container:
            return False
        if a.tag == "aside":
            return True
    return False


def _container(kept: list[html.HtmlElement]) -> html.HtmlElement | None:
    """The nearest element holding the first and last kept paragraphs, if they hold most of
    its text."""
    if len(kept) < 2:
        return None
    first = {id(a): a for a in kept[0].iterancestors()}
    container = next((a for a in kept[-1].iterancestors() if id(a) in first), None)
    if container is None or container.tag in ("body", "html"):
        return None
    inside = [p for p in kept if any(a is container for a in p.iterancestors())]
    share = sum(len(_text_of(p)) for p in inside) / max(1, len(_text_of(container)))
    return container if share >= BODY_SHARE else None


def _structure_between(
    container: html.HtmlElement, kept: set[int]
) -> Iterator[tuple[html.HtmlElement, html.HtmlElement | None]]:
    """(list item, heading or box's line of prose, the kept paragraph after it), for those
    after the first kept paragraph; a block inside a list item is read with it. After the
    last kept paragraph, (block, None) for those of a box that holds no link."""
    pending: list[html.HtmlElement] = []
    started = False
    for el in container.iter("p", *_STRUCTURE, *_BOXES):
        if id(el) in kept:
            if started:
                yield from ((block, el) for block in pending)
            started, pending = True, []
        elif not started or el.tag == "p" or any(a in pending for a in el.iterancestors()):
            continue
        elif el.tag not in _BOXES or _prose_leaf(el):
            pending.append(el)
    yield from ((block, None) for block in pending if _unlinked_box(block, container))


def _unlinked_box(el: html.HtmlElement, container: html.HtmlElement) -> bool:
    """The block is in a box of the container (or is one) that holds no link."""
    box = el
    for a in el.iterancestors():
        if a is container:
            break
        box = a
    return box.tag in _BOXES and next(box.iter("a"), None) is None


def _opening_subheading(
    container: html.HtmlElement, kept: set[int]
) -> tuple[html.HtmlElement, html.HtmlElement] | None:
    """(subheading, the first kept paragraph) when a subheading stands right before it, no
    other paragraph between: the section a later page of the article opens with, or a short
    article's first (trafilatura's loose-paragraph path reads the <p>s alone)."""
    lead = None
    for el in container.iter("p", *_STRUCTURE):
        if id(el) in kept:
            return (lead, el) if lead is not None else None
        lead = el if el.tag in _SUBHEADINGS or _bold_line(el) else None
    return None


def opening_subheading(tree: html.HtmlElement) -> tuple[str, str] | None:
    """(subheading, the paragraph under it) when the text after the page's headline opens
    with a subheading, past short lines (a byline, a date line): the section a later page of a
    split article starts with, which the text's reading takes for a crumb or a kicker. Read
    before body_paragraphs edits the tree."""
    headline = next(tree.iter("h1"), None)
    seen = headline is None
    lead = None
    for el in tree.iter("h1", "p", *_SUBHEADINGS):
        if el is headline:
            seen = True
            continue
        line = " ".join(el.text_content().split())
        if not seen or not line or any(_not_story(a) for a in (el, *el.iterancestors())):
            continue
        story = el.tag == "p" and len(line.split()) >= STORY_PARAGRAPH_WORDS
        if lead is not None or story:
            return (lead, line) if lead is not None and story else None
        if el.tag in _SUBHEADINGS or _bold_line(el):
            lead = line if linked_chars(el) * 2 < len(line) else None
        # (a short line before it, the byline or date line each page repeats, is passed over)
    return None


def _bold_line(p: html.HtmlElement) -> bool:
    """A paragraph that is one run of bold type: a subheading as editors set one."""
    return (
        p.tag == "p" and len(p) == 1 and p[0].tag in ("strong", "b")
        and not (p.text or "").strip() and not (p[0].tail or "").strip()
    )  # fmt: skip


def _said(el: html.HtmlElement, said: set[str]) -> bool:
    return _line_of(el) in said


def _line_of(el: html.HtmlElement) -> str:
    """A list item as trafilatura writes one ("- item"), a heading as its text."""
    return f"- {_text_of(el)}" if el.tag == "li" else _text_of(el)


def _body_structure(el: html.HtmlElement, container: html.HtmlElement) -> bool:
    """A list item or subheading of the article: text of its own, not mostly a link nor
    opening with one (a teaser: another story's linked headline over its excerpt), not a
    marker of a related box, not inside chrome. (One that holds a kept paragraph is that
    paragraph's card: the caller leaves it out.)"""
    text = _text_of(el)
    if not text or linked_chars(el) * 2 >= len(text) or is_end_marker(text):
        return False
    if opens_with_link(el):
        return False
    if is_boilerplate(text):
        return False
    for a in (el, *el.iterancestors()):
        if a is container:
            return True
        if _is_chrome(a) or (a.tag in _CLEANED_TAGS and not _story_aside(a)):
            return False
    return False


def _story_aside(el: html.HtmlElement) -> bool:
    """An <aside> of the story's own facts: no link (a related box's are its stories')."""
    return el.tag == "aside" and next(el.iter("a"), None) is None


def _story_paragraphs(tree: html.HtmlElement) -> list[tuple[html.HtmlElement, str]]:
    """The page's <p>s outside chrome (navigation, share and related boxes, notices), with
    their lines."""
    lines = []
    for p in tree.iter("p"):
        if any(_not_story(el) for el in (p, *p.iterancestors())):
            continue
        line = " ".join(p.text_content().split())
        if line:
            lines.append((p, line))
    return lines


def _not_story(el: html.HtmlElement) -> bool:
    if el.tag in _CLEANED_TAGS or _is_chrome(el):
        return True
    return bool(_NOT_STORY.search(f"{el.get('class', '')} {el.get('id', '')}"))


_CLEANED_TAGS = frozenset({"aside", "footer", "figure", "nav", "menu", "header"})


def _learned(lines: list[str], chrome: frozenset[str], boxes: frozenset[str]) -> list[str]:
    """Without the source's learned chrome: its lines, lines glued from them, and the lines
    of boxes a learned heading opens on this page. Every end marker and comments heading
    stays, learned or not, for clean_lines to end the text at as it would without the
    profile: a line on every page is still where the article stops. Dropped as chrome, a
    learned "إقرأ أيضاً:" over an aggregator's second story, or a related heading over a
    headline too rare to be learned, no longer ended the text, and every later extraction of
    the unchanged page (a re-check, `arshif reextract`) kept what the first crawl had cut: a
    false version. clean_lines reads what follows a marker without the learned lines: a
    read-also box whose lines are all learned, in the middle of the text, goes, and the text
    after it stays."""
    if not chrome:
        return lines
    keys = chrome | boxes
    kept: list[str] = []
    segment: list[str] = []
    for line in lines:
        if opens_comments(line) or is_end_marker(line):
            kept += [*strip_chrome(segment, keys), line]
            segment = []
        else:
            segment.append(line)
    return kept + strip_chrome(segment, keys)


def _key(line: str) -> str:
    return " ".join(line.split())


def _text_of(el: html.HtmlElement) -> str:
    """The element's text as a line: a leaf's is its own, without text_content()'s XPath
    evaluation (most are links, and a page has hundreds)."""
    return _key(el.text_content() if len(el) else el.text or "")


def _is_chrome(el: html.HtmlElement) -> bool:
    if el.tag in _CHROME_TAGS and not _story_aside(el):
        return True
    if el.tag == "form" and not _holds_h1(el):
        return True
    names = f"{el.get('class', '')} {el.get('id', '')}"
    if names.isspace():
        return False
    if names.startswith(SIDE_CELL):
        return True
    found = _CHROME_TOKEN.search(names)
    if found is None:
        return _is_ticker(el) or _COMMENTS_NAME.search(names) is not None or a_service_box(el)
    # (the article's rest a "read more" button unfolds is no box of links)
    unfolded = _READ_MORE.fullmatch(found.group().strip()) and _only_read_more(names)
    if unfolded:
        return not _prose_box(el)
    return not _WRITER_TOKEN.fullmatch(found.group().strip()) or _writer_box(el)


def _only_read_more(names: str) -> bool:
    return all(_READ_MORE.fullmatch(m.group().strip()) for m in _CHROME_TOKEN.finditer(names))


_READ_MORE = re.compile(r"[\w-]*read-?more[\w-]*", re.IGNORECASE)
_WRITER_TOKEN = re.compile(rf"(?:[\w-]*[-_])?{_WRITER}s?(?:[-_]+(?:{_BOX_PARTS}))?", re.IGNORECASE)
# A writer's box says a name and a bio in a few lines; a block named for the writer that says
# more (besides its links to the writer's other columns), or two paragraphs, is the column.
WRITER_BOX_CHARS = 600


def _writer_box(el: html.HtmlElement) -> bool:
    if _non_link_text(el) > WRITER_BOX_CHARS:
        return False
    paragraphs = (p for p in el.iter("p") if len(_text_of(p).split()) >= STORY_PARAGRAPH_WORDS)
    return next(paragraphs, None) is None or next(paragraphs, None) is None


PROSE_BOX_CHARS = 80  # a paragraph this long, outside links


def _prose_box(el: html.HtmlElement) -> bool:
    """Paragraphs of text, not links: the article's own, where a "read more" box holds them."""
    return any(len(_text_of(p)) >= PROSE_BOX_CHARS and linked_chars(p) == 0 for p in el.iter("p"))


def _holds_h1(el: html.HtmlElement) -> bool:
    """An h1 under the element (asked of each chrome candidate: no XPath compiled each time)."""
    return next(el.iterdescendants("h1"), None) is not None


def _is_ticker(el: html.HtmlElement) -> bool:
    names = f"{el.get('class', '')} {el.get('id', '')}".split()
    return el.tag == "marquee" or any(_ticker_token(t) for t in names)


def _ticker_token(token: str) -> bool:
    if _NOT_TICKER.search(token):
        return False
    if re.search(r"[a-z]Ticker", token) or _TICKER.search(token):  # camelCase: case matters
        return True
    marquee = re.search(r"[a-z]Marquee", token) or _MARQUEE.search(token)
    return marquee is not None and not _FEATURE.search(token)


def _chrome_lines(tree: html.HtmlElement, title: str | None = None) -> set[str]:
    """Lines inside chrome containers, unless the container holds most of the page (a ticker
    that does is chrome all the same, unless it is a live report's)."""
    body = tree.find("body")
    if body is None:
        return set()
    total = len(body.text_content())
    page = _Page(body, total, title)
    lines: set[str] = set()
    read: set[html.HtmlElement] = set()
    for el in _CHROME_CANDIDATES(body):
        if not _is_chrome(el) or not read.isdisjoint(el.iterancestors()):
            continue  # not chrome, or inside chrome whose lines are read already
        # A ticker is chrome however much of a short flash's page it fills, but for a line
        # the article says too (the ticker repeats the flash); a live report is not.
        # (a side cell is beside the story's, however much of a short story's page it fills)
        big = page.big(el) and not el.get("class", "").startswith(SIDE_CELL)
        if _is_ticker(el):
            reports = (r for r in (el, el.getparent()) if r is not None)
            if any(page.live_report(r) for r in reports):
                continue  # a live report, or an entry of one, under a ticker's name
        elif big:
            continue
        if _holds_h1(el):
            continue
        read.add(el)
        for block in el.iter(*_BLOCKS, "div", "span", "a"):
            text = _text_of(block)
            if text and not (big and _said_elsewhere(text, el, body)):
                lines.add(text)
                if block.find("br") is not None:  # a line of the text between its <br>s
                    lines.update(_between_breaks(block))
    return lines - _paragraphs_outside(body, read, lines) if lines else lines


def _between_breaks(block: html.HtmlElement) -> Iterator[str]:
    """The block's runs of text between its <br>s, each a line of trafilatura's output (a
    comment written "1 - name | date<br>comment"; a list item's first with its mark)."""
    run: list[str] = [block.text or ""]
    first = True
    for child in block:
        if child.tag == "br":
            if line := _key("".join(run)):
                yield from (f"- {line}", line) if first and block.tag == "li" else (line,)
            run, first = [], False
        elif isinstance(child.tag, str):
            run.append(child.text_content())
        run.append(child.tail or "")
    if line := _key("".join(run)):
        yield line


def _paragraphs_outside(
    body: html.HtmlElement, chrome: set[html.HtmlElement], lines: set[str]
) -> set[str]:
    """Of the chrome's lines, those a story's paragraph outside every chrome container says
    too: the article's, though a sidebar shows it (the lead as a "most read" card's excerpt);
    and a subheading over such a paragraph ("سياسة" over a year's review of politics, though
    the menu has it)."""
    said = set()
    for p in body.iter("p"):
        text = _text_of(p)
        if _unchromed_paragraph(p, text, chrome) and (
            text in lines or (heading := _heading_over(p)) is not None
        ):
            said.add(text if text in lines else _text_of(heading))
    return said


def _unchromed_paragraph(p: html.HtmlElement, text: str, chrome: set[html.HtmlElement]) -> bool:
    return len(text.split()) >= STORY_PARAGRAPH_WORDS and not any(
        a in chrome or a.tag == "a" for a in p.iterancestors()
    )


def _heading_over(p: html.HtmlElement) -> html.HtmlElement | None:
    """The subheading right before the paragraph, as its sibling."""
    before = p.getprevious()
    return before if before is not None and before.tag in _SUBHEADINGS else None


# An entry of a live report opens with its time ("10:45 —", "10h45", "١٠:٤٥"), in its
# paragraph or in the element that holds its time and its paragraph.
_TIMED = re.compile(r"^\W{0,3}[0-9٠-٩]{1,2}\s?[:hH.][0-9٠-٩]{2}(?![0-9٠-٩])")
MIN_LIVE_ENTRIES = 2
# An entry that reads as a report's: a sentence, not a headline ("… on Monday." against "…
# talks in Paris"), asked of a live report that is not most of the page's text.
_SENTENCE_END = re.compile(r"[.!…؟?]['\"»”)]*$")
_ORDER = etree.XPath("count(preceding::*) + count(ancestor::*)")  # the place in the document
_HEADINGS = etree.XPath("//h2 | //h3")


class _Page:
    """What a ticker is judged against: the page's text, its paragraphs and its headline."""

    def __init__(self, body: html.HtmlElement, total: int, title: str | None) -> None:
        self.body, self.total, self.title = body, total, _key(normalize(title or ""))
        self._paragraphs: int | None = None
        self._headline: html.HtmlElement | None | bool = False  # False: not looked for

    def big(self, el: html.HtmlElement) -> bool:
        return len(el.text_content()) > self.total / 2

    def live_report(self, el: html.HtmlElement) -> bool:
        """Timed entries under the headline, that hold most of the page (its text, or its
        paragraphs' text, the entries then sentences: beside a sidebar of links and a
        footer): a live report's. A breaking-news bar sits above the headline, whether or not
        its headlines open with their times, and a box of timed headlines holds no sentences."""
        if not self._after_headline(el):
            return False
        timed = (_timed_entry(block, el) for block in el.iter("p", "li"))
        entries = {entry for entry in timed if entry is not None}
        if len(entries) < MIN_LIVE_ENTRIES:
            return False
        if self.big(el):
            return True
        if self._paragraphs is None:  # asked of tickers only: most pages never need it
            self._paragraphs = paragraph_chars(self.body)
        reported = all(_SENTENCE_END.search(e.text_content().strip()) for e in entries)
        return reported and 2 * paragraph_chars(el) > self._paragraphs

    def _after_headline(self, el: html.HtmlElement) -> bool:
        headline = self.headline()
        if headline is None:
            return True  # no headline known
        if any(a is el for a in headline.iterancestors()):
            return False  # the article's container, or the page's
        return bool(_ORDER(headline) < _ORDER(el))

    def headline(self) -> html.HtmlElement | None:
        """The page's <h1>, or on a page without one the <h2>/<h3> that says its title."""
        if self._headline is False:
            self._headline = next(self.body.iter("h1"), None)
            if self._headline is None and self.title:
                self._headline = next((h for h in _HEADINGS(self.body) if self._titles(h)), None)
        return self._headline if isinstance(self._headline, html.HtmlElement) else None

    def _titles(self, heading: html.HtmlElement) -> bool:
        said = _key(normalize(heading.text_content()))
        return len(said) >= HEADLINE_CHARS and (said in self.title or self.title in said)


HEADLINE_CHARS = 10  # a heading shorter than this says no title


def _timed_entry(block: html.HtmlElement, report: html.HtmlElement) -> html.HtmlElement | None:
    """The entry a paragraph opens, when the entry opens with its time: the paragraph, or
    the element holding the time before it ("<span>10:45</span><p>…</p>")."""
    if _TIMED.match(block.text_content().strip()):
        return block
    holder = block.getparent()
    if holder is None or holder is report or next(holder.iter("p", "li")) is not block:
        return None
    return holder if _TIMED.match(holder.text_content().strip()) else None


# Parents of three or more elements that each hold a link and a paragraph: a grid of teaser
# cards may be among them (found by libxml2: most elements never become Python objects).
# *[3] first: an element with fewer than three children is no parent of cards, and libxml2
# then skips the costly count (twice as fast over a page).
_CARD_PARENTS = etree.XPath(".//*[*[3]][count(*[.//p and .//a[@href]]) >= 3]")
MIN_CARDS = 3
# trafilatura takes teasers in when the article is short (its floor is not reached); past
# this many characters of output, the cards are not looked for.
TEASERS_BELOW = 1500
MAX_CARD_CHARS = 400  # a headline and an excerpt; more is a story of its own
HEADLINE_WORDS = 3


def _teaser_lines(tree: html.HtmlElement, url: str | None) -> set[str]:
    """Lines of teaser cards (another story's linked headline over its excerpt), three or more
    side by side, outside the headline's container: a short flash came out with them, since
    trafilatura takes more of the page when the article is short. A card that links to this
    page is left alone: its excerpt may be the lead."""
    body = tree.find("body")
    if body is None:
        return set()
    here = urlsplit(url or "").path.rstrip("/")
    lines: set[str] = set()
    for parent in _CARD_PARENTS(body):
        if next(parent.iter("h1"), None) is not None:
            continue  # the article's own container
        children = [c for c in parent if isinstance(c.tag, str)]
        cards = [c for c in children if _is_teaser(c, here)]
        if len(cards) < MIN_CARDS or 3 * len(cards) < 2 * len(children):
            continue
        for card in cards:
            for block in card.iter("p", "a", "h2", "h3", "h4", "h5", "h6", "div", "span"):
                text = _key(block.text_content())
                if text:
                    lines.add(text)
    return lines


def _is_teaser(card: html.HtmlElement, here: str) -> bool:
    """A linked headline first (a few words of link text before any other text), an excerpt
    in a paragraph of its own, and little else."""
    if card.tag in ("p", "a") or len(card.text_content()) > MAX_CARD_CHARS:
        return False
    anchor = _first_words_link(card)
    if anchor is None or urlsplit(anchor.get("href") or "").path.rstrip("/") == here:
        return False
    return any(
        len(p.text_content().split()) >= HEADLINE_WORDS and next(p.iter("a"), None) is None
        for p in card.iter("p")
    )


_TEXTS = etree.XPath(".//text()[normalize-space()]")


def _first_words_link(card: html.HtmlElement) -> html.HtmlElement | None:
    """The link holding the card's first text of a few words, if a link holds it."""
    for node in _TEXTS(card):
        if len(node.split()) < HEADLINE_WORDS:
            continue  # a section label, a date
        owner = node.getparent()
        if node.is_tail:
            owner = owner.getparent()
        while owner is not None and owner is not card and owner.tag != "a":
            owner = owner.getparent()
        return owner if owner is not None and owner.tag == "a" else None
    return None


def _said_elsewhere(line: str, el: html.HtmlElement, body: html.HtmlElement) -> bool:
    """The line appears on the page outside el too."""
    inside = _key(el.text_content()).count(line)
    return _key(body.text_content()).count(line) > inside


def _paragraphs_of(root: html.HtmlElement) -> list[str]:
    """Block texts under a known body container, in document order, without nesting twice."""
    for el in root.xpath(".//script | .//style | .//figcaption | .//aside | .//form"):
        el.drop_tree()
    for xp in PRUNE_XPATH:
        for el in root.xpath("." + xp):
            el.drop_tree()
    chrome = {el for el in root.iter() if isinstance(el.tag, str) and _is_chrome(el)}
    for el in chrome:
        if el.getparent() is not None:
            el.drop_tree()
    _drop_inline_boxes(root)
    _tables_as_rows(root)
    br_as_paragraphs(root)  # the layout's cells stay blocks here (<td> is one)
    leaves_as_paragraphs(root)
    lines: list[str] = []
    taken: set[html.HtmlElement] = set()
    for el in root.iter(*_BLOCKS):
        if _holds_blocks_only(el) or any(a in taken for a in el.iterancestors()):
            continue  # its blocks are read instead, or it is inside one read whole
        taken.add(el)
        lines.append(el.text_content())
    return lines


def _holds_blocks_only(el: html.HtmlElement) -> bool:
    """A block whose text is all in blocks of its own (a cell of paragraphs)."""
    own = (el.text or "") + "".join(child.tail or "" for child in el)
    return not own.strip() and any(child.tag in _BLOCKS for child in el)
