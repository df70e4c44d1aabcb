"""The headline, without the site-name suffix."""

from __future__ import annotations

import html as htmlentities
import re
from collections.abc import Collection

from lxml import etree, html

from archive.normalize import ARABIC_LETTER, normalize, tokens
from crawler.extract import attrwalk
from crawler.extract.boilerplate import is_boilerplate
from crawler.extract.notfound import says_not_found
from crawler.extract.titleparts import title_parts, title_separators


def _clean(text: str | None) -> str | None:
    """Collapse spaces and undo entities that a template escaped twice (&quot; in text); an
    update's mark after the headline ("… (محدث)", "… - Updated") is no part of it."""
    if not text:
        return None
    text = " ".join(htmlentities.unescape(text).split())
    while (shorter := _UPDATED_MARK.sub("", text)) != text:  # "(محدث) (محدث)": each
        text = shorter
    return text or None


# "(محدث)", "[تحديث]", "- محدّث", "(updated)" closing (or opening) a headline: the story was
# updated. Its words with any marks a writer put on them ("مُحدَّث").
_MARKS = "[\u064b-\u0652\u0640]*"
_UPDATED_WORD = (
    "(?:"
    + _MARKS.join("محدث")
    + "(?:"
    + _MARKS
    + "ة)?|"
    + _MARKS.join("تحديث")
    + "(?:\\s*\\d+)?|updated|mis à jour)"
)
_UPDATED_MARK = re.compile(
    rf"\s*(?:[(\[]\s*{_UPDATED_WORD}\s*[)\]]|\s[-–|]\s*{_UPDATED_WORD})$"
    rf"|^[(\[]\s*{_UPDATED_WORD}\s*[)\]]\s*",
    re.IGNORECASE,
)


def _meta(tree: html.HtmlElement, *keys: str) -> str | None:
    for key in keys:
        for attr in ("property", "name"):
            values = tree.xpath(f'//meta[@{attr}="{key}"]/@content')
            if values and _clean(values[0]):
                return _clean(values[0])
    return None


# Where a page names its site: links to its home page (its logo, its name): "/", "./", or
# "scheme://host[/]"; and elements whose class says they are its name or logo, linked or not
# (`<div class="brand">`, WordPress's "site-title"), or whose id has "logo". Read by attribute
# (see attrwalk): the same elements, in document order.
_SITE_CLASS = re.compile(r"brand|logo|site-name|site-title|sitename")


def _names_site(value: attrwalk.Value) -> bool:
    name = value.attrname
    if name == "class":
        return _SITE_CLASS.search(value) is not None
    if name == "id":
        return "logo" in value
    return value.getparent().tag == "a" and _home_address(value)


def _home_address(href: str) -> bool:
    """ "/", "./", or an address starting "http" with nothing after its host but a "/"."""
    if href in ("/", "./"):
        return True
    after_host = href.partition("//")[2].partition("/")[2]
    return href.startswith("http") and not after_host


# Where an old layout without an h1 sets its headline: a font larger than the text's (size
# 3 is the default: a lead set in it is text), bold, a lower heading, an element whose class
# or id says "title" or "headline".
_LOWER = "translate({}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
_EMPHASIS = etree.XPath(
    "//body//h2 | //body//h3 | //body//b | //body//strong"
    " | //body//font[number(@size) > 3 or starts-with(@size, '+')]"
    f" | //body//*[@class][contains({_LOWER.format('@class')}, 'title')"
    f" or contains({_LOWER.format('@class')}, 'headline')]"
    f" | //body//*[@id][contains({_LOWER.format('@id')}, 'title')]"
)
_COPYRIGHT = re.compile(r"حقوق|©|copyright|all rights", re.IGNORECASE)
_TEXTS = etree.XPath("//body//text()")
BRAND_WORDS = 5  # a site's name is a few words
HEADLINE_WORDS = (4, 30)  # an emphasized line this long may be the headline
TEXT_WORDS = 25  # a run of text this long is the article's
SECTION_WORDS = 2  # a title of no more words, beside a longer h1, names a section
PARAGRAPH_WORDS = 12  # and a paragraph (<p>) this long: a short page's are 12-25 words


def find_title(tree: html.HtmlElement, json_ld: list[dict]) -> str | None:
    site = _meta(tree, "og:site_name", "application-name")
    meta_title = _meta(tree, "og:title", "twitter:title")
    ld_title = next(
        (_clean(o["headline"]) for o in json_ld if isinstance(o.get("headline"), str)), None
    )
    head_title = _clean(tree.findtext(".//title"))
    h1s, labels = _h1s(tree)
    # The h1's label before the headline ("عاجل..") in a title too is not the headline's.
    titles = [_unlabelled(t, labels) for t in (meta_title, ld_title, head_title) if t]
    titles = [k for k in map(_kind_off, titles) if k]
    brands = _brands(tree, site)
    h1s = [h for h in h1s if tuple(tokens(h)) not in brands]  # the logo in an h1
    h1s = [_brand_off(h, site, brands) for h in h1s]  # "… - الغد" in the h1 itself
    # A title that only names the site says nothing of the article.
    described = [d for d in (strip_site_name(t, site, brands) for t in titles)
                 if tuple(tokens(d)) not in brands]  # fmt: skip
    # The names the page gives itself, a blog's "<name>: <post>" title among them.
    names = {*brands, *(tuple(tokens(h)) for h in h1s), tuple(tokens(site or ""))}
    described = [_said_part(tree, d, names) for d in described]
    undecided = any(len(title_parts(d)) > 1 for d in described)
    if undecided or any(len(d.split()) <= BRAND_WORDS for d in described):
        notice = _copyright(tree)  # names are a few words, and a notice names the site
        described = [_named_off(d, notice) for d in described]
        described = [d for d in described if len(d.split()) > BRAND_WORDS
                     or normalize(d) not in notice]  # fmt: skip
    if any(ARABIC_LETTER.search(h) for h in h1s):
        # A title in another script than the Arabic h1 (an English og:title for sharing)
        # is no say on which headline is the page's.
        described = [d for d in described if ARABIC_LETTER.search(d)]
    short = bool(described) and _names_only(described)
    if not h1s and (not described or undecided or (short and not _said_in_body(tree, described))):
        # Without an h1, the line above the text tells the headline from the site's name
        # where lengths cannot ("وكالة الأنباء الوطنية - وزير المالية يعلن الموازنة").
        headline = _headline_above_text(tree) or (None if described else _crumb(tree))
        h1s = [headline] if headline else []
    for h1 in h1s:
        for candidate in described:
            if tokens(candidate) == tokens(h1) or _kicker_before(tokens(h1), tokens(candidate)):
                return candidate  # same words: the metadata copy has the cleaner punctuation
    for h1 in h1s:
        # The article's h1 is the one the page's own title metadata agrees with.
        if len(h1) >= 8 and (not described or any(_agree(h1, d) for d in described)):
            return h1
    if short:
        # A title of a few words that the page's text never says, sharing none with a longer
        # headline in the article's part of the page: the site's name, which nothing on the
        # page called so (no logo, no notice naming it).
        longer = [h1 for h1 in _article_h1s(tree, h1s) if _outnames(h1, described)]
        # (a word or two is a section's name, however the page labels it: "اقتصاد")
        named = min(len(d.split()) for d in described) <= SECTION_WORDS
        if longer and (named or not _said_in_body(tree, described)):
            return longer[0]
    if described:
        return described[0]
    return h1s[0] if h1s else (strip_site_name(titles[0], site) if titles else None)


# Words of a title part that names the page's kind, not its story ("تفاصيل الخبر", "News
# details", "Détails de l'article"): a template's, the same on every article of a portal.
_KIND_NOUNS = frozenset(
    normalize(word).lower()
    for word in ("تفاصيل", "التفاصيل", "الخبر", "خبر", "المقال", "مقال", "المقالة", "مقالة",
                 "news", "details", "detail", "article", "story", "détails", "détail")
)  # fmt: skip
_KIND_LINKS = frozenset({"عرض", "صفحة", "of", "the", "de", "du", "l", "la", "le"})


def _names_kind(part: str) -> bool:
    words = set(tokens(part))
    return bool(words & _KIND_NOUNS) and words <= _KIND_NOUNS | _KIND_LINKS


def _kind_off(title: str) -> str | None:
    """The title without its parts that name the page's kind ("<site> - تفاصيل الخبر"); None
    when that is all it says (the headline is then the h1's, or the line above the text)."""
    parts, separators = title_parts(title), title_separators(title)
    kept = [i for i, part in enumerate(parts) if not _names_kind(part)]
    if len(kept) == len(parts):
        return title
    pieces = [parts[kept[0]]] if kept else []
    for i in kept[1:]:
        pieces += [separators[i - 1], parts[i]]  # the separator before each part kept
    return " ".join(pieces) or None


def _said_part(tree: html.HtmlElement, title: str, names: Collection[tuple[str, ...]] = ()) -> str:
    """The title without an end segment of a name's length (BRAND_WORDS), when the page's
    body says what is left whole (a headline in an <h2> under a section's name as h1, in a
    "title" div): "تقرير: تراجع السياحة تضرب معان - بوابة المدينة" -> its headline."""
    parts = title_parts(title)
    if len(parts) < 2:
        return _said_after_colon(tree, title, names)
    for rest, brand in ((parts[:-1], parts[-1]), (parts[1:], parts[0])):
        if len(brand.split()) <= BRAND_WORDS:
            kept = _rejoin(title, rest)
            if len(kept.split()) > len(brand.split()) and _said_in_body(tree, [kept]):
                return kept
    return title


def _said_after_colon(
    tree: html.HtmlElement, title: str, names: Collection[tuple[str, ...]]
) -> str:
    """A blog's "<its name>: <the post's title>" (Blogger's own form), when the page calls
    itself so (an h1, its logo or home link, og:site_name) and the body says the post's
    title whole (its `h3.post-title`): that title. (A colon is no separator of parts:
    "نتنياهو: لن نوقف الحرب" is a quote, its words repeated in a pull quote.)"""
    name, colon, rest = title.partition(":")
    rest = rest.strip()
    if not colon or tuple(tokens(name)) not in names or len(rest.split()) < 3:
        return title
    return rest if _said_in_body(tree, [rest]) else title


def _names_only(described: list[str]) -> bool:
    """Every title the page's metadata gives is a few words: it may be the site's name
    (not when it says the page was not found: the h1 is then the template's)."""
    return all(len(d.split()) <= BRAND_WORDS and not says_not_found(d) for d in described)


# Where a page's own chrome is: an h1 there is a slogan or a section's banner, not a headline.
_CHROME_PARTS = frozenset({"header", "nav", "aside", "footer"})


def _article_h1s(tree: html.HtmlElement, h1s: list[str]) -> list[str]:
    """The h1 texts (as _h1s gave them) of h1s outside the page's header, nav, aside and
    footer; an h1 without an h1 element (the line above the text) is kept."""
    placed: dict[bool, set[str | None]] = {True: set(), False: set()}  # in chrome, or not
    for h1 in tree.iter("h1"):
        in_chrome = any(a.tag in _CHROME_PARTS for a in h1.iterancestors())
        placed[in_chrome].add(_clean(_headline_text(h1)))
    return [h for h in h1s if h not in placed[True] - placed[False]]


def _said_in_body(tree: html.HtmlElement, described: list[str]) -> bool:
    """Does an element of the body say one of the titles, whole (a headline set in an
    <h2>, a "title" div)? A site's name that nothing calls so is said in no element."""
    body = tree.find("body")
    if body is None:
        return False
    keys = {" ".join(normalize(d).split()) for d in described}
    page = " ".join(normalize(body.text_content()).split())
    if not any(key in page for key in keys):
        return False  # one read of the page's text before one per element
    for el in body.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style"):
            continue
        text = el.text_content()
        if len(text) < 200 and " ".join(normalize(text).split()) in keys:
            return True
    return False


def _outnames(headline: str, described: list[str]) -> bool:
    """A headline of HEADLINE_WORDS or more, longer than each title, sharing no word with
    any of them: the titles name something else (the site)."""
    words = set(tokens(headline))
    return len(headline.split()) >= max(
        HEADLINE_WORDS[0], 1 + max(len(d.split()) for d in described)
    ) and not any(words & set(tokens(d)) for d in described)


KICKER_WORDS = 2  # a label set in the h1 before its headline: "خاص", "فيديو", "عاجل"
# Labels that a page sets in an element of their own at the h1's start, and often before the
# headline in its <title> as well ("<h1><span class=urgent>عاجل..</span> الحكومة …</h1>").
_LABELS = frozenset(
    normalize(label)
    for label in ("عاجل", "خاص", "حصري", "فيديو", "بالفيديو", "بالصور", "صور", "مباشر",
                  "breaking", "exclusive", "urgent", "video", "live")
)  # fmt: skip
_INLINE = frozenset({"span", "b", "strong", "em", "i", "small", "mark", "label"})
_KICKER = re.compile(  # a class token or a part of one ("article__kicker", "post-label")
    r"(?:^|[\s_-])(?:kicker|overline|eyebrow|supertitle|label|badge|tag|category)(?:$|[\s_-])",
    re.IGNORECASE,
)
_LABEL_PUNCTUATION = " .:：|-–—…،,!"


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def space_heading_breaks(tree: html.HtmlElement) -> None:
    """A <br> in a heading breaks its line between two words ("<h1>احتجاجات في عمّان<br>بسبب
    شح الوقود</h1>"): its text, read whole, must keep them apart. A space after each such
    <br>, before any step reads a heading."""
    for heading in tree.iter(*_HEADINGS):
        for br in heading.iter("br"):
            if not (br.tail or "")[:1].isspace():
                br.tail = " " + (br.tail or "")


def _h1s(tree: html.HtmlElement) -> tuple[list[str], set[str]]:
    """The h1s' texts without the labels they open with, and those labels."""
    texts, labels = [], set()
    for h1 in tree.xpath("//h1"):
        text, label = _clean(_headline_text(h1)), _label(h1)
        if text and label:
            labels.add(label)
            text = _unlabelled(text, {label})
        if text:
            texts.append(text)
    return texts, labels


def _headline_text(h1: html.HtmlElement) -> str:
    """The h1's text, without a subtitle it sets on a line of its own in small type
    ("العنوان<br><small>4 ملايين دينار لـ3200 مزرعة</small>"): the headline is the first line."""
    subtitles = [s for s in h1.iter("small") if _after_break(s)]
    if not subtitles:
        return str(h1.text_content())
    return str(h1.text_content()).split(subtitles[0].text_content(), 1)[0]


def _after_break(el: html.HtmlElement) -> bool:
    """Does a <br> stand right before the element, nothing but spaces between them?"""
    before = el.getprevious()
    if before is None:
        return False
    return before.tag == "br" and not (before.tail or "").strip()


def _label(h1: html.HtmlElement) -> str | None:
    """The label (_LABELS) an element of its own opens the h1 with."""
    first = next((child for child in h1 if isinstance(child.tag, str)), None)
    if first is None or first.tag not in _INLINE or (h1.text or "").strip():
        return None
    label = (_clean(first.text_content()) or "").strip(_LABEL_PUNCTUATION)
    if normalize(label).lower() in _LABELS:
        return label
    # Any word or two in an element its class calls a kicker ("<span class=kicker>تقرير</span>")
    marked = _KICKER.search(f"{first.get('class', '')} {first.get('id', '')}")
    return label if marked and 0 < len(label.split()) <= KICKER_WORDS else None


def _unlabelled(text: str, labels: Collection[str]) -> str:
    """The text without one of the labels before it, set apart by a space or punctuation
    ("عاجل.. الحكومة", not "خاصة"); the text as it is when that would leave nothing."""
    for label in labels:
        if text.startswith(label) and text[len(label) : len(label) + 1] in _LABEL_PUNCTUATION:
            rest = text[len(label) :].lstrip(_LABEL_PUNCTUATION)
            if rest:
                return rest
    return text


def _kicker_before(h1: list[str], title: list[str]) -> bool:
    """The h1 is the title with a label before it ("<h1><span class=kicker>خاص</span> …"),
    which the page's title metadata leaves out."""
    extra = len(h1) - len(title)
    return 0 < extra <= KICKER_WORDS and len(title) >= 4 and h1[extra:] == title


def _brands(tree: html.HtmlElement, site: str | None) -> set[tuple[str, ...]]:
    """The names a page gives its site, as word tuples: og:site_name, and the text, image
    alt and title of links to its home page and of its name's or logo's element."""
    names = [site] if site else []
    for link in attrwalk.named(tree, _names_site, "href", "class", "id"):
        names += [link.text_content(), link.get("title"), *link.xpath(".//img/@alt")]
    return {words for words in (tuple(tokens(n)) for n in names if n) if words}


def _own_words(el: html.HtmlElement) -> int:
    """The words of the text set right in an element: its own, and after each of its <br>s
    (a table layout's paragraphs, each shorter than a run of text, in one <font>)."""
    runs = [el.text or "", *(br.tail or "" for br in el if br.tag == "br")]
    return sum(len(run.split()) for run in runs)


# A breadcrumb trail: its last item, not a link, is the page's own headline.
_TRAILS = etree.XPath(
    "//*[@class][contains(@class, 'breadcrumb') or contains(@class, 'crumbs')]"
    " | //*[contains(@itemtype, 'BreadcrumbList')]"
)
CRUMB_WORDS = 4  # a headline's words at least (a section's name, a date are fewer)


def _crumb(tree: html.HtmlElement) -> str | None:
    """Without an h1 and with a title that only names the site: the breadcrumb's last item
    when it is a headline's words, no link's."""
    trail = next(iter(_TRAILS(tree)), None)
    items = [
        _clean(el.text_content()) or ""
        for el in (trail.iter() if trail is not None else ())
        if isinstance(el.tag, str) and len(el) == 0 and el.tag != "a"
        and next(el.iterancestors("a"), None) is None
    ]  # fmt: skip
    last = items[-1] if items else ""
    return last if len(last.split()) >= CRUMB_WORDS else None


def _copyright(tree: html.HtmlElement) -> str:
    """The page's copyright notices ("جميع الحقوق محفوظة لـ<name>"), normalized: a short title
    they name is the site's name."""
    texts = (t for t in _TEXTS(tree) if len(t) < 200 and _COPYRIGHT.search(t))
    return "\n".join(normalize(t) for t in texts)


def _named_off(title: str, notice: str) -> str:
    """The title without a first or last part that the page's copyright notice names."""
    parts = title_parts(title)
    if len(parts) < 2 or not notice:
        return title
    for brand, rest in ((parts[0], parts[1:]), (parts[-1], parts[:-1])):
        if len(brand.split()) <= BRAND_WORDS and normalize(brand) in notice:
            return _rejoin(title, rest)
    return title


def _headline_above_text(tree: html.HtmlElement) -> str | None:
    """Without an h1: the emphasized line (_EMPHASIS) closest above the first run of text,
    outside links, that is neither boilerplate nor a date line."""
    emphasized = set(_EMPHASIS(tree))
    body = tree.find("body")
    found = None
    for el in body.iter() if body is not None else ():
        if not isinstance(el.tag, str) or el.tag in ("script", "style"):
            continue
        if el in emphasized:
            found = _headline(el) or found
        text_words = PARAGRAPH_WORDS if el.tag == "p" else TEXT_WORDS
        if _own_words(el) >= text_words and next(el.iterancestors("a"), None) is None:
            return found if found != _clean(el.text_content()) else None
        if len((el.tail or "").split()) >= TEXT_WORDS:
            return found
    return None


def _headline(el: html.HtmlElement) -> str | None:
    text = _clean(el.text_content())
    if not text or el.xpath("ancestor-or-self::a | .//a"):
        return None
    low, high = HEADLINE_WORDS
    words = len(text.split())
    if not low <= words <= high or is_boilerplate(text) or sum(c.isdigit() for c in text) > 6:
        return None
    if words > SENTENCE_WORDS and text.endswith("."):
        return None  # a sentence: a lead set in bold, not a headline
    return text


SENTENCE_WORDS = 12  # a bold line longer than this that ends in a period is a sentence


def _agree(h1: str, described: str) -> bool:
    """Most words of the shorter title appear in the other one."""
    a, b = set(tokens(h1)), set(tokens(described))
    return bool(a and b) and len(a & b) >= 0.6 * min(len(a), len(b))


def _brand_off(h1: str, site: str | None, brands: Collection[tuple[str, ...]]) -> str:
    """The h1 without a first or last part that is the site's name, its whole: an h1's
    parts ("الأردن - سوريا: …") are otherwise the headline's own."""
    parts = title_parts(h1)
    if len(parts) < 2:
        return h1
    names = {*brands, tuple(tokens(site or ""))} - {()}
    if tuple(tokens(parts[-1])) in names:
        return _rejoin(h1, parts[:-1])
    if tuple(tokens(parts[0])) in names:
        return _rejoin(h1, parts[1:])
    return h1


def strip_site_name(
    title: str,
    site: str | None,
    brands: Collection[tuple[str, ...]] = (),
) -> str:
    """Drop a leading or trailing segment that names the site ("... | عربي21"); brands: the
    names the page gives its site (_brands), as word tuples."""
    parts = title_parts(title)
    if len(parts) < 2:
        return title
    separators = title_separators(title)
    for brand, rest in ((parts[-1], parts[:-1]), (parts[0], parts[1:])):
        if tuple(tokens(brand)) in brands:
            return _rejoin(title, _crumbs_off(rest, separators, first=brand is parts[0]))
    if site and site.strip():
        kept = [p for p in parts if site.strip() not in p and p not in site]
        if kept and len(kept) < len(parts):
            return _rejoin(title, kept)
    # No site name to go by: a short last (or first) segment is the brand; the last after a
    # bar ("… | الصحيفة الإلكترونية", "… :: …") even above a short headline.
    last_share = 1 if set(separators[-1]) <= _BARS else 3
    for brand, rest, share in ((parts[-1], parts[:-1], last_share), (parts[0], parts[1:], 3)):
        if len(brand.split()) <= 3 and sum(len(p) for p in rest) > share * len(brand):
            return _rejoin(title, _crumbs_off(rest, separators, first=brand is parts[0]))
    return title


_BARS = set("|:")  # "|", "::"
_CRUMBS = set("»›>/\\")  # a breadcrumb's: "الصحيفة » اقتصاد » <headline>"


def _crumbs_off(rest: list[str], separators: list[str], first: bool) -> list[str]:
    """After the brand at the start, the sections a breadcrumb names before the headline."""
    if not first:
        return rest
    seps = separators[1:]
    while len(rest) > 1 and set(seps[0]) <= _CRUMBS and len(rest[0].split()) <= 3:
        rest, seps = rest[1:], seps[1:]
    return rest


def _rejoin(title: str, kept: list[str]) -> str:
    start = title.find(kept[0])
    end = title.rfind(kept[-1]) + len(kept[-1])
    return title[start:end].strip()
