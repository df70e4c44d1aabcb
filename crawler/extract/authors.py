"""Who wrote the article: JSON-LD, the author meta tags, then the byline the page shows
("بقلم: …", an element marked as the author). People only: the publisher and the site's own
names are not authors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice
from typing import Any
from urllib.parse import urlsplit

from lxml import html

from archive.normalize import normalize
from crawler.extract import attrwalk, credits
from crawler.extract.dates import dated_source, in_other_stories, is_bare_date
from crawler.extract.statedbody import own_article_objects
from crawler.extract.titleparts import title_parts

_ORGANIZATIONS = frozenset({"Organization", "NewsMediaOrganization", "Corporation"})
# An element the page marks as its author's: microdata, rel=author on a link, RDFa's person, a
# class that names a writer (a camelCase class capitalizes the word: "articleAuthor", Annahar's;
# "postByline") or is the token "by" (Shorouk's), or Drupal's marks of a user's name: the
# "username" its core gives every user's name it prints (D7 to D11, whatever the theme: the
# "Submitted by" line), and the node's author field, "field--name-uid". Read by attribute:
# see attrwalk.
_MARKING_CLASS = re.compile(
    r"author|byline|writer|reporter|Author|Byline|Writer|Reporter|(?:^| )by(?: |$)|username"
    r"|field--name-uid"
)
_PERSON_TYPES = ("schema:Person", "Person")  # RDFa's (Drupal's "Submitted by <span typeof=…>")


def _marks_author(value: attrwalk.Value) -> bool:
    name = value.attrname
    if name == "class":
        return _MARKING_CLASS.search(value) is not None
    if name == "typeof":
        return value in _PERSON_TYPES
    return value == "author" and (name == "itemprop" or value.getparent().tag == "a")


# A link after a label that says who wrote it, in a line of other things ("نشر في 9 يناير
# بواسطة <a href="/author/rasha">رشا الخطيب</a>"): the label is the text just before it.
_LABEL_BEFORE = re.compile(r"(?:^|\s)(?:بواسطة|بقلم|كتب\s*:|by|par)\s*[:：]?\s*$", re.IGNORECASE)
# A class token that names the author: "author", "byline", "post-author", "author-name"
# ("article_details_author_container" holds more than a name: a section, a date).
# An author's box beside the article ("author-box", "author-info", "author-card"): its name
# in a heading or a link above the bio (_marked_name takes the first part that is a name).
_CLASS_TOKEN = re.compile(  # "author", "post-author-name", Ghost's "gh-article-author-name"
    r"(?:[a-z]+(?:-|_|__)){0,2}(?:author|byline|writer|reporter)"
    r"(?:(?:-|_|__)?(?:name|box|info|card|line))?"
    # a block's modifier: Elementor's "elementor-post-info__item--type-author"
    r"|[\w-]+--(?:type-)?(?:author|byline|writer|reporter)"
    r"|by"  # Shorouk's name alone: <span class="by">منال الوراقي</span>
    r"|username|field--name-uid",  # Drupal's (a reader's name among comments is not read)
    re.IGNORECASE,
)
# A byline line: "بقلم: د. رامي يوسف", "كتب: محمود حسن" (كتب opens sentences too: with a colon).
_BYLINE = re.compile(
    # roles joined ("تقرير وتصوير: فلان", "كتب وصوّر: فلان") or a picture's alone ("عدسة: فلان")
    rf"^{credits.LABEL}\s*(?P<e>.*)$|"
    r"^(?:بقلم|بقلم الكاتب|بقلم الكاتبة)(?![\u0600-\u06FF])\s*[:：\-–/]?\s*(?P<a>.*)$"
    r"|^(?:كتب|كتبت|كتبه|كتبته|إعداد|اعداد|تحرير|الكاتب|الكاتبة|حاوره|حاورها|حاورته|حوار)"
    r"\s*[:：]\s*(?P<b>.*)$"
    r"|^(?:كتب|كتبت|إعداد|اعداد)\s*[\-–/]\s*(?P<d>.*)$"  # "كتب - فلان" ("حوار - السفير" is a title)
    # "كتب حسن جبر:", the colon closing the line (Al-Ayyam's, Al-Quds's): a name's shape only
    r"|^(?:كتب|كتبت|كتبه|كتبته)\s+(?P<f>[^:：]+?)\s*[:：]$"
    r"|^(?:[Bb][Yy]|[Pp]ar)\s+(?P<c>[A-ZÀ-Ý][^,،]+)(?:[,،].*)?$"  # "By Jane Doe, in Paris"
)
# "بواسطة"/"by"/"par" before the name in an element marked as the author's (WordPress
# themes', Moroccan sites' French "Par"): not a byline's opening in the text, where it opens
# sentences ("بواسطة طائرة مسيرة"). "De" only before an Arabic name, which it cannot be part of.
# The label alone is no name: a theme's "<div class="td-author-by">بواسطة</div>" beside a name
# that is none ("وكالات", "Editorial Team") leaves nothing.
_BY = re.compile(
    r"^(?:(?:مرسلة|مرسله|مرسل|نشر|نشرت|نشرها|posted|published|written|publié|publiée|écrit"
    r"|écrite|rédigé|rédigée)\s+)?(?:بواسطة|by|par)(?:\s+|$)"
    r"|^de\s+(?=[\u0600-\u06FF])|^de$",
    re.IGNORECASE,
)  # (Blogger: "مرسلة بواسطة", "Posted by")
# A title before a name: "د. منى السعدي", "م. خالد الكواري", "الدكتورة نوال المري", "أ.د.
# سالم": the person is the name (one writer is one name across sites and bylines).
_TITLE = re.compile(
    r"^(?:(?:أ\.\s?د|ا\.\s?د|د|م|أ|dr|prof|eng)\.(?!\s*[^\W\d_]\.)\s*"
    r"|(?:ال)?(?:دكتور|دكتورة|دكتوره|مهندس|مهندسة|مهندسه|أستاذ|أستاذة|استاذ|استاذه|بروفيسور"
    r"|بروفسور)\s+|(?:dr|prof)\s+)+",
    re.IGNORECASE,
)
# A label before the name in a field that holds only the author's (meta, JSON-LD, an element
# marked as the author's): there it needs no colon ("كتب محمود عبد الراضي", Youm7's).
_LABEL = re.compile(
    r"^(?:بقلم|كتب|كتبت|كتبه|كتبته|إعداد|اعداد|تحرير|ترجمة|ترجمه|حاوره|حاورها|حاورته"
    r"|أجرى الحوار|اجرى الحوار)(?!\w)\s*[:：\-–/]?\s*"
)
_BYLINE_OPENINGS = (
    "بقلم",
    "كتب",
    "إعداد",
    "اعداد",
    "تحرير",
    "الكاتب",
    "حاور",
    "حوار",
    "By ",
    "by ",
    "Par ",
    "par ",
    *credits.OPENINGS,
)
# Where a byline shares its line with a date or a section: "2024/12/03 | بقلم: فلان".
# (an em dash between spaces too: "Publié le 17 février 2025 à 11h40 — Par Sana Ben Ali"; a
# slash before a byline's label: "OLJ / Par Jeanine Jalkh", the outlet's short name first —
# not after one, "بقلم / فلان" is the label's own)
_SEPARATOR = re.compile(r"\s*[|•·]\s*|\s+—\s+|\s+/\s+(?=(?:by|par|بقلم)\b)", re.IGNORECASE)
# A dash between spaces: before a date ("كتبت: فلانة - 03-12-2024 15:20") or between the
# parts of a dateline; or between Arabic words, spaced or not ("دمشق-سانا": no Arabic name
# joins its words with one). Never inside a Latin name ("Jean-Pierre").
_DASH = re.compile(r"\s+[-–—]\s+|(?<=[\u0621-\u064A])\s*[-–—]\s*(?=[\u0621-\u064A])")
_DIGIT = re.compile(r"\d")
_LINE_TAGS = ("p", "span", "div", "strong", "b", "em", "small", "address", "h4", "h5", "h6", "td")
MAX_NAME_WORDS = 6
# A marked element this long that holds another is a writer's box, not a byline of names
# ("بقلم <a>رنا محمد الخطيب</a> و <a>زيد علي العمري</a>" is ten words).
BOX_WORDS = 10
_NOT_A_NAME = re.compile(r"[\d@/:|؟?!]|https?")


def find_authors(
    tree: html.HtmlElement, json_ld: list[dict], title: str | None = None
) -> list[str]:
    """People who wrote the article. A JSON-LD author typed as an organization is the
    publisher, not a writer, and so is any author that merely names it, the site or one of
    the site's accounts. title: the article's, whose object in a script-rendered page's
    data may name its authors too."""
    publishers = _site_names(tree, json_ld) | _logo_names(tree)
    declared = _json_ld_authors(json_ld, publishers)
    accounts = _site_hosts(tree, publishers)
    names = _people(declared, publishers, accounts)
    if not names:
        meta = tree.xpath('//meta[@name="author" or @property="article:author"]/@content')
        names = _people([v for v in meta if not v.strip().startswith("http")], publishers, accounts)
    if not names and title:
        stated = _json_ld_authors(
            own_article_objects(tree, title, ("author", '"credits"')), publishers
        )
        names = _people(stated, publishers, accounts)
    if not names:
        byline = _byline(tree)
        # A <title>'s last part is most often the site, but an opinion page's may be its
        # writer: the name the page marks as its author, linked to a writer's page.
        writer = _linked_writer(tree, byline)
        sites = publishers | (_title_brand(tree) - ({writer} if writer else set()))
        # "أحمد الدسوقي - سكاي نيوز عربية", "By Rashid Hassan, Arab News", "Jonathan Gornall,
        # Special to Arab News": the site after a dash or a comma is the writer's employer
        parts = (_without_site(part, sites) for part in _DASH.split(byline or ""))
        byline = " - ".join(part for part in parts if part)
        if byline and not _names_site(byline, sites):
            names = _people([byline], set(), accounts)
    return names


def _json_ld_authors(json_ld: list[dict], publishers: set[str]) -> list[str]:
    """The JSON-LD authors' names; those typed as an organization join the publishers."""
    names: list[str] = []
    nodes = _nodes_by_id(json_ld)
    for obj in json_ld:
        author = obj.get("author") or obj.get("authors") or _credited(obj)
        for item in author if isinstance(author, list) else [author]:
            if isinstance(item, dict) and isinstance(item.get("node"), dict):
                item = item["node"]  # WPGraphQL's {"author": {"node": {"name": …}}}
            if isinstance(item, dict) and "name" not in item:
                item = nodes.get(str(item.get("@id")), item)  # Yoast's {"@id": "#/schema/person/…"}
            name = item.get("name") if isinstance(item, dict) else item
            if not isinstance(name, str) or not name.strip():
                continue
            if isinstance(item, dict) and _is_organization(item):
                publishers.add(name.strip())
            else:
                names.append(name)
    return names


def _credited(obj: dict) -> Any:
    """Arc XP's writers: {"credits": {"by": [{"name": …}, …]}}."""
    credits = obj.get("credits")
    return credits.get("by") if isinstance(credits, dict) else None


def _nodes_by_id(json_ld: list[dict]) -> dict[str, dict]:
    """The graph's nodes by their @id: an author given as a reference to a Person node."""
    return {str(obj["@id"]): obj for obj in json_ld if "@id" in obj and "name" in obj}


def _people(values: list[str], publishers: set[str], accounts: set[str]) -> list[str]:
    """The names of persons among author values, each once, without their labels."""
    names: list[str] = []
    for name in (_untitled(name) for value in values for name in _each(_trimmed(value))):
        if name and name not in names and name not in publishers and _person(name):
            names += [] if _account(name, accounts) else [name]
    return names


# An agency, a paper or a channel named where a writer would be ("وكالة الأنباء الأردنية
# (بترا)", "Reuters", "فريق التحرير"): the source of the copy, not its author. Normalized.
_AGENCY = re.compile(
    r"وكاله|وكالات|الانباء|للانباء|صحيفه|جريده|قناه|موقع |فريق التحرير|هيئه التحرير|نيوز|"
    r"\b(?:agency|agence|reuters|afp|press|news|newsroom|staff|r[eé]daction)\b|"  # (la rédaction)
    # the wire agencies a dateline names ("أنقرة - الأناضول", "باريس - أ ف ب")
    r"\b(?:الاناضول|رويترز|فرانس برس|ا ف ب|ا\.ف\.ب|د ب ا|د\.ب\.ا|اسوشيتد برس|شينخوا|كونا|بترا)\b"
)
# Writers a byline names together: "رنا الخطيب و زيد العمري", "A and B" (a name never holds a
# lone و); after a comma, a place or a title ("محمد علي، رام الله").
_TOGETHER = re.compile(r"\s+(?:و|and|et)\s+")
_COMMA = re.compile(r"\s*[،,]\s*")
# Words whose و is their own letter, not "and" written onto the next name: given names
# (وليد، وائل، وفاء…) and words a name holds ("ولد" of "أحمد سالم ولد محمد"). Normalized.
_OWN_WAW = frozenset(
    normalize(word)
    for word in (
        "وليد", "وليدة", "وائل", "وفاء", "وسام", "وداد", "وديع", "وديعة", "وجدي", "وجدان",
        "وجيه", "وجيهة", "وحيد", "وحيدة", "وصفي", "وصفية", "وضاح", "وعد", "ورد", "وردة",
        "ورود", "وفيق", "وفيقة", "وليم", "وهبة", "وهبي", "وهيب", "وهيبة", "وسيم", "وسيمة",
        "وصال", "وئام", "ولاء", "واصف", "وهب", "وسن", "ودود", "ولد", "والي", "ولي", "وافي",
        "وطفة", "وزان", "وهاب", "وزير", "وكيل", "وادي", "ويليام", "ويليامز", "وارد",
    )
)  # fmt: skip
# Words no name holds: what follows such a و is a phrase ("وعدد من المراسلين"). Not
# normalized: "على" would read as the name "علي".
_NOT_IN_NAME = frozenset({"من", "في", "على", "عن", "إلى", "الى", "مع"})


# A newsroom signing as a desk ("محرر القبس الإلكتروني", "قسم الأخبار", "المحرر الإلكتروني"),
# and the job a writer holds ("مراسل الشؤون التقنية"): no person's name. Normalized: the
# first word of a desk, a role word anywhere ("سامي المحرر" is someone).
_DESKS = ("محرر", "محررة", "قسم", "فريق", "هيئة", "أسرة", "مكتب", "وحدة", "شعبة")
_NEWSROOM = re.compile(f"(?:ال)?(?:{'|'.join(map(normalize, _DESKS))})(?: |$)")
_ROLES = frozenset(
    normalize(word)
    for word in (
        "محرر", "محررة", "مراسل", "مراسلة", "مراسلنا", "مراسلتنا", "مندوب", "مندوبة", "مندوبنا",
        "صحفي", "صحفية", "صحافي",
        "صحافية", "correspondent", "reporter", "editor",
    )
)  # fmt: skip


# A title's or an initial's letter and its dot ("د.", "م.", "أ."): no word of a byline.
_INITIALS = re.compile(r"(?<!\S)[^\W\d_]{1,2}\.(?!\S)")


def _untitled(name: str) -> str:
    """The name without the titles before it, when a name of two words or more is left."""
    rest = _TITLE.sub("", name)
    return rest if len(rest.split()) >= 2 else name


def _person(name: str) -> bool:
    key = normalize(name)
    words = key.casefold().split()
    desk = _NEWSROOM.match(key) or _ROLES.intersection(words)
    # "هسبريس من الرباط", "مراسلنا في غزة": a credit from a place; no name holds these words
    placed = "من" in words[1:] or "في" in words[1:]
    initials = _LETTERS.fullmatch(key)  # "أ ب", "أ.ب", "و م ع": an agency's initials
    return not (desk or initials or _AGENCY.search(key) or placed or _outlet(name))


# Letters standing alone, spaced or dotted: a wire agency's initials ("أ ف ب", "أ.ب", "و م
# ع", "د ب أ"), which no person's name is.
_LETTERS = re.compile(r"[^\W\d_](?:[.\s]\s?[^\W\d_]){1,3}\.?")


# The agencies and outlets a byline names by a short name no person bears ("قنا", "واس",
# "عكاظ"): whole names only ("سانا" names no one, "أحمد سانا" may). Normalized.
_OUTLETS = frozenset(
    normalize(name)
    for name in (
        "قنا", "وام", "بترا", "سبأ", "واس", "كونا", "بنا", "سانا", "ومع", "واج", "تاس", "وفا",
        "معا", "سبوتنيك", "نوفوستي", "شينخوا", "إرنا", "ارنا", "أ ش أ", "ا ش ا", "يو بي آي",
        "بي بي سي", "بي بي سي عربي", "سي إن إن", "عربي21", "عربي 21", "عكاظ", "سبق", "إيلاف",
        "ايلاف", "مصراوي", "هسبريس", "فيتو", "عمون", "خبرني", "صدى البلد", "عنب بلدي",
        "اليوم السابع", "القدس العربي", "العربي الجديد", "الشرق الأوسط", "زاد الأردن",
        "qna", "wam", "spa", "kuna", "bna", "sana", "mena", "wafa", "petra", "xinhua", "tass",
        "sputnik", "anadolu", "irna", "ap", "upi", "dpa", "efe", "ansa", "bbc", "cnn",
    )
)  # fmt: skip
# A word that closes an outlet's name of two or three words ("الجزيرة نت", "المصري اليوم",
# "فرانس 24", "هافينغتون بوست"), which no person's name ends with. Normalized.
_OUTLET_ENDINGS = frozenset(
    normalize(word)
    for word in (
        "نت", "اليوم", "نيوز", "بوست", "تايمز", "برس", "ميديا", "أونلاين", "اونلاين", "24",
        "الإخباري", "الإخبارية", "الإلكتروني", "الإلكترونية", "بالعربية", "net", "online",
        "today", "post", "times", "media", "tv",
    )
)  # fmt: skip
# A first word that signs a text as the outlet's own, no writer's: an exclusive ("خاص بـ
# عربي21", "حصري"), an editorial ("كلمة الموقع", "الافتتاحية", "رأي القدس"). Normalized
# but for "رأي", which folds to the name "راي" (Ray).
_UNSIGNED = frozenset(
    normalize(word)
    for word in ("خاص", "حصري", "حصريا", "كلمة", "افتتاحية", "الافتتاحية", "exclusive",
                 "editorial")
) | {"رأي"}  # fmt: skip
OUTLET_NAME_WORDS = 3


def _outlet(name: str) -> bool:
    """An outlet or the outlet's own voice where a writer would be: one of the names known
    above, a name closed by an outlet's word, an exclusive's or an editorial's label, or one
    word opening with ال ("الشروق", "الأهرام"), which a given name does only written with
    its hamza ("إلهام", "ألفت")."""
    words = normalize(name).split()
    if not words:
        return False
    closed = 1 < len(words) <= OUTLET_NAME_WORDS and words[-1] in _OUTLET_ENDINGS
    alone = len(words) == 1 and name.strip().startswith("ال")
    unsigned = words[0] in _UNSIGNED or name.split()[0] in _UNSIGNED
    return " ".join(words) in _OUTLETS or closed or alone or unsigned


# The accounts a site publishes under ("admin", "المحرر", "إدارة الموقع"): no person's name.
# Whole names only: "سامي المحرر" is someone. Normalized.
_ACCOUNT = re.compile(
    r"(?:site ?|web ?)?(?:admin|administrator|editor|editors|webmaster|moderator|root|user|"
    r"guest|publisher|author|redaction|editorial(?: team| staff| board)?|the editors?)\d*"
    r"|(?:ال)?محرر(?: الموقع| الاخبار)?|(?:ال)?تحرير|(?:ال)?اداره(?: الموقع| التحرير)?"
    r"|(?:نايب |مساعد )?(?:مدير|رييس|سكرتير) (?:الموقع|التحرير)"  # ("رئيس" folded)
    r"|(?:ال)?مشرف|(?:فريق|اسره|قسم) (?:العمل|الموقع)"
    r"|unknown|anonymous|مجهول|غير معروف"  # a blog platform's placeholder
)


def _account(name: str, hosts: set[str]) -> bool:
    """An account of the site: a generic one, or one named after the site's address
    ("akhbarelyom" on akhbarelyom.com)."""
    key = normalize(name)
    return bool(_ACCOUNT.fullmatch(key)) or key.replace(" ", "") in hosts


def _each(byline: str) -> list[str]:
    """The writers a byline names: "A و B", "A وB", a list "A، B وC" (its last names
    joined by و) and one of names only ("محمد علي السيد، سارة أحمد"). A comma before anything
    else ends the name: "محمد علي، رام الله", "محمد علي، مراسل الجزيرة"."""
    parts = _COMMA.split(byline)
    if len(parts) > 1 and all(len(part.split()) == 1 for part in parts):
        return [byline]  # "Smith, John": one name, family name first
    parts = parts[:1] + [_without_and(part) for part in parts[1:]]  # "A، وB، وC"
    last = _together(parts[-1])
    listed = len(last) > 1 or _writers(parts)
    if len(parts) > 1 and listed and all(_plausible(part) for part in parts[:-1]):
        return parts[:-1] + last
    return _together(parts[0])


def _together(text: str) -> list[str]:
    """Names joined by و, spaced or written onto the next name ("أحمد علي ومحمد حسن"), where
    every one reads as a name; else the text is one name ("وليد" opens names)."""
    spaced = [part for part in _TOGETHER.split(text) if part.strip()]
    joined = [name for part in spaced for name in _unjoined(part)]
    for names in (joined, spaced):
        if len(names) > 1 and all(_plausible(name) for name in names):
            return names
    return _given_names(spaced) or [text]


def _given_names(spaced: list[str]) -> list[str]:
    """Given names alone joined by و ("أحمد ومحمد", "هدى و سارة"), each a common one: a
    writer each. A word with no و before it makes one name of several ("أحمد محمد"), and
    then which words go together is unclear ("محمد ومحمود علي")."""
    names: list[str] = []
    for part in spaced:
        words = part.split()
        rest = [_without_and(word) for word in words[1:]]
        if any(name == word for name, word in zip(rest, words[1:], strict=True)):
            return []
        names += words[:1] + rest
    return names if len(names) > 1 and all(normalize(n) in _GIVEN for n in names) else []


# Given names common enough that "و" written onto one is "and" ("أحمد علي ومحمد حسن"): a
# word after a و that is no such name may be a name of its own ("أحمد محمد واصل الحربي",
# "وطبان", "ونوس"), which no list of و-names could hold. Normalized.
_GIVEN = frozenset(
    normalize(word)
    for word in (
        "محمد", "أحمد", "محمود", "مصطفى", "علي", "حسن", "حسين", "خالد", "عمر", "يوسف", "إبراهيم",
        "ابراهيم", "عبد", "عبدالله", "عبدالرحمن", "سامي", "سمير", "طارق", "زياد", "فادي", "رامي",
        "هاني", "ماهر", "جمال", "كريم", "عماد", "أيمن", "ايمن", "وليد", "نبيل", "هشام", "ياسر",
        "سعيد", "سعد", "صالح", "فيصل", "ناصر", "منصور", "حمزة", "أنس", "انس", "بلال", "عادل",
        "رائد", "باسل", "مازن", "نادر", "شادي", "مراد", "رشيد", "كمال", "جلال", "هيثم", "أسامة",
        "اسامة", "إسماعيل", "اسماعيل", "عثمان", "معاذ", "مالك", "نزار", "سليمان", "داود", "فارس",
        "سارة", "ساره", "فاطمة", "مريم", "نور", "هدى", "رنا", "ريم", "لينا", "دينا", "منى",
        "ليلى", "سلمى", "هبة", "رشا", "سناء", "أمل", "امل", "نادية", "ياسمين", "جنى", "رانيا",
        "آية", "اية", "إيمان", "ايمان", "أسماء", "اسماء", "زينب", "خديجة", "عائشة", "رغد", "لمى",
        "دعاء", "نسرين", "هالة", "سوسن", "غادة", "ميس", "رزان", "شيماء", "مها", "نهى", "سهى",
        "وفاء", "وائل", "وسام", "ولاء",
    )
)  # fmt: skip


def _without_and(name: str) -> str:
    """A listed name without the و written onto it ("وعائشة البلوشي"), where the word after
    it is a common given name and the word itself is no name ("وليد")."""
    first = name.split(maxsplit=1)[0] if name.split() else ""
    joined = first.startswith("و") and normalize(first[1:]) in _GIVEN
    return name.strip()[1:] if joined and normalize(first) not in _OWN_WAW else name


def _unjoined(text: str) -> list[str]:
    """The text cut before each و written onto a common given name, unless the name before
    it has fewer than two words ("محمد ومحمود علي" is unclear)."""
    names: list[list[str]] = [[]]
    for word in text.split():
        joined = word.startswith("و") and normalize(word[1:]) in _GIVEN
        if joined and len(names[-1]) > 1 and normalize(word) not in _OWN_WAW:
            names.append([word[1:]])
        else:
            names[-1].append(word)
    return [" ".join(words) for words in names]


def _plausible(name: str) -> bool:
    """A name of two words or more, and no phrase: none of the words a name never holds."""
    words = name.split()
    return 1 < len(words) <= MAX_NAME_WORDS and not _NOT_IN_NAME.intersection(words)


# A writer's page on the site, their archive of articles: "/author/55", "/kuttab/…",
# "/columnists/…", WordPress's "?author=7".
_WRITER_PAGE = re.compile(
    r"/(?:author|writer|columnist|kuttab|kotab|katib|kateb|opinion-?writer)s?(?:/|$|\?)"
    r"|[?&](?:author|writer)=",
    re.I,
)


def _linked_writer(tree: html.HtmlElement, byline: str | None) -> str | None:
    """The byline, when a link to a writer's page says it (their archive of articles)."""
    said = " ".join((byline or "").split())
    if not said:
        return None
    for a in tree.iter("a"):
        if " ".join(a.text_content().split()) == said and _WRITER_PAGE.search(a.get("href", "")):
            return said
    return None


def _title_brand(tree: html.HtmlElement) -> set[str]:
    """The last segment of a title of several ("… - Sputnik Arabic"): most often the site."""
    parts = [p.strip() for p in title_parts(tree.findtext(".//title") or "") if p.strip()]
    return {parts[-1]} if len(parts) > 1 else set()


def _names_site(name: str, sites: set[str]) -> bool:
    """A byline that is the site's name or a part of it ("LBCI" of "LBCIV7"), or names it
    in words of its own ("مراسل الشرق", not "محمد الشرقاوي")."""
    key = name.casefold()
    return any(
        key in site.casefold() or re.search(rf"(?<!\w){re.escape(site.casefold())}(?!\w)", key)
        for site in sites
        if site
    )


def _without_site(byline: str, sites: set[str]) -> str:
    """The byline without its parts between commas that name the site (the writer's outlet,
    their post there: "مراسل الشرق في باريس"), its separators as written; "" if all do."""
    parts = _COMMA_KEPT.split(byline)  # [part, comma, part, …]
    kept = [at for at in range(0, len(parts), 2) if not _names_site(parts[at], sites)]
    return "".join(parts[at - 1] + parts[at] if i else parts[at] for i, at in enumerate(kept))


_COMMA_KEPT = re.compile(r"(\s*[،,]\s*)")


def _byline(tree: html.HtmlElement) -> str | None:
    """The name the page shows as its author's, outside other stories and comments: an
    element marked as the author's, else a line that opens with "بقلم" or "كتب:"."""
    body = tree.find("body")
    if body is None:
        return None
    candidates = attrwalk.named(tree, _marks_author, "class", "itemprop", "typeof", "rel")
    marked = [el for el in candidates if _marked(el)] + _labelled(tree)
    lines = [el for el in body.iter(*_LINE_TAGS) if _opens_byline(el)]
    header = [el for el in _under_headline(body) if _header_shaped(el)]
    if not marked and not lines and not header:
        return None  # most pages: no other-story containers to look for
    excluded = in_other_stories(tree)
    excluded |= {e for el in marked if _more_from(el) for e in el.iter()}
    kept = _singles([el for el in marked if el not in excluded])
    inner = {a for el in kept for a in el.iterancestors()}
    for el in kept:
        if el in inner and len(el.text_content().split()) > BOX_WORDS:
            continue  # a writer's box, bio and links and all: the name marked inside it
        name = _marked_name(el)
        if name:
            return name
    for el in lines:
        if el in excluded:
            continue
        for line in map(_unplaced_label, _SEPARATOR.split(" ".join(_first_line(el).split()))):
            short = len(_INITIALS.sub("", _undated(line)).split()) <= MAX_NAME_WORDS + 3
            match = _BYLINE.match(line) if short else None
            writer = match is not None and _credits_writer(match)  # not "تصوير: فلان"
            name = _name(_said(match) or _next_text(el)) if match and writer else None
            closed = match is not None and match.group("f") is not None  # "كتب فلان:"
            if name and (not closed or _name_shaped(name)):
                return name
    return next(filter(None, (_header_name(el) for el in header if el not in excluded)), None)


def _undated(line: str) -> str:
    """The line up to its first comma when all after it is a date ("Par Zeina ANTONIOS, le
    02 décembre 2026 à 09h30, mis à jour à 11h05"): a byline's length is its name's."""
    comma = _COMMA.search(line)
    return line[: comma.start()] if comma and is_bare_date(line[comma.end() :]) else line


def _labelled(tree: html.HtmlElement) -> list[html.HtmlElement]:
    """Links right after a "by" label ("… بواسطة <a>Name</a>"), not a site's credits
    ("تصميم وتطوير بواسطة", in its footer) nor a photo's ("Photo by", in a figure)."""
    found = []
    for a in tree.iter("a"):
        before = _text_before(a)
        if not _LABEL_BEFORE.search(before) or _NOT_THE_WRITERS.search(before):
            continue
        if next(a.iterancestors(*_CREDITS_PLACES), None) is None:
            found.append(a)
    return found


def _text_before(a: html.HtmlElement) -> str:
    """The text right before a link, read off its neighbour (no XPath axis: fast)."""
    previous = a.getprevious()
    parent = a.getparent()
    before = previous.tail if previous is not None else parent.text if parent is not None else None
    return before or ""


# What a "by" credits besides a text: a photo, a design, the site's making and hosting.
_NOT_THE_WRITERS = re.compile(
    r"تصميم|تطوير|برمجة|استضافة|تصوير|صورة|الصورة|photo|image|picture|illustration|video"
    r"|design|develop|powered|hosted|made",
    re.IGNORECASE,
)
_CREDITS_PLACES = ("footer", "figure", "figcaption", "aside", "nav")


# A box of the writer's other stories under a heading that says so ("المزيد من ميسم رزق",
# "مقالات أخرى للكاتب", "More from Jane Doe", "Du même auteur"): its class names the author
# ("more-from-author"), its links are headlines. Normalized.
_MORE_FROM = re.compile(
    r"(?:ال)?مزيد (?:من|لل|ل)|(?:مقالات|اخبار|مواضيع|موضوعات|كتابات)(?: اخري| اخرى)?"
    r" (?:لل|ال|ل)?(?:كاتب|كاتبه|مولف|محرر)|(?:احدث|اخر|كل|جميع|باقي) (?:مقالات|اخبار|كتابات)"
    r"|اقرا (?:ايضا |المزيد )?(?:لل|ل)|(?:من )?نفس (?:ال)?(?:كاتب|كاتبه)"
    r"|more (?:from|by|stories|articles|posts)|(?:other|latest|recent|all) (?:articles|stories"
    r"|posts|news|from|by)|also by|(?:plus|autres?) (?:de |d'|d’|articles)|du m[eê]me auteur"
    r"|de la m[eê]me autrice|(?:derniers |autres )?articles (?:de|du|par) "
)


def _more_from(el: html.HtmlElement) -> bool:
    """A marked element that lists the writer's other stories: its first words say so."""
    first = next((text for text in el.itertext() if text.strip()), "")
    return bool(_MORE_FROM.match(normalize(" ".join(first.split()))))


MIN_STORY_LINKS = 2


def _story_links(el: html.HtmlElement) -> set[html.HtmlElement]:
    """The links of a box of other stories: several links to pages that are no writer's,
    one of them at least a headline, no name (a name has no "إلى", no "…", a few words) or
    to an article's address (a long number, a .html page). None where there are fewer: two
    writers' names linked to their profiles are a byline."""
    story = {
        a: text
        for a in el.iter("a")
        if a.get("href") and not _WRITER_PAGE.search(a.get("href"))
        for text in [" ".join(a.text_content().split())]
        if len(text.split()) > 1  # (an icon's, "Twitter": no story)
    }
    if len({a.get("href") for a in story}) < MIN_STORY_LINKS:
        return set()
    headline = any(
        _ARTICLE_ADDRESS.search(a.get("href", "")) or not (_name(text) and _plausible(text))
        for a, text in story.items()
    )
    return set(story) if headline else set()


_ARTICLE_ADDRESS = re.compile(r"\d{5}|\.html?(?:$|\?)")


def _marked_name(el: html.HtmlElement) -> str | None:
    """The name in an element marked as the author's: its itemprop name, else its text, else
    the first of its parts that is a name (a handle or a job title beside the name,
    "عبدالله الداني <span>@aldani_okaz</span>", leaves the name in its own element)."""
    named = el.xpath('.//*[@itemprop="name"]/@content | .//*[@itemprop="name"]')
    if named:
        return _name(named[0] if isinstance(named[0], str) else named[0].text_content())
    if el.tag == "meta":
        return _name(el.get("content", ""))
    fields = _fields(el)
    if _others_credit(fields[0]):
        return None  # "تصوير: <a>فلان</a>": nor the name in its link
    if len(fields) == 1:  # the whole text first: "بقلم <a>A</a> و <a>B</a>" names two
        # then each child's, none a headline of a box of other stories; its own text last
        # ("سلطان العتيبي (جدة) <a>sultan_o@</a>": the handle in its child, Okaz's)
        stories = _story_links(el)
        fields += [
            " ".join(child.text_content().split())
            for child in el
            if not stories or stories.isdisjoint(child.iter("a"))
        ]
        fields.append(el.text or "")
    return next(filter(None, map(_name, fields)), None)


# Labels for screen readers ("Author,", "Role," of BBC's byline): each opens a field.
_HIDDEN = re.compile(r"visually-?hidden|sr-only|screen-reader-text", re.IGNORECASE)


def _fields(el: html.HtmlElement) -> list[str]:
    """The element's text, cut where a label for screen readers opens a field; the texts of
    its elements joined with a space ("ريم فتحي</span><span>…" are two words)."""
    fields: list[list[str]] = [[]]
    _walk(el, fields)
    texts = [" ".join(" ".join(words).split()) for words in fields]
    return [text for text in texts if text] or [""]


def _walk(node: html.HtmlElement, fields: list[list[str]]) -> None:
    fields[-1].append(node.text or "")
    for child in node:
        if isinstance(child.tag, str) and _HIDDEN.search(child.get("class", "")):
            fields.append([])
        elif isinstance(child.tag, str):
            _walk(child, fields)
        fields[-1].append(child.tail or "")


def _said(byline: re.Match[str]) -> str:
    """The name part of a byline line (_BYLINE's one group that matched)."""
    return next((part for part in byline.group("a", "b", "c", "d", "e", "f") if part), "")


def _credits_writer(byline: re.Match[str]) -> bool:
    """A byline line whose label credits the writer, not others only ("تصوير: فلان", "عدسة:
    فلان", "الصور: فلان": whom it names took the pictures, and is no author)."""
    return byline.group("e") is None or credits.credits_writer(byline.string[: byline.start("e")])


def _others_credit(text: str) -> bool:
    match = _BYLINE.match(text)
    return match is not None and not _credits_writer(match)


def _next_text(el: html.HtmlElement) -> str:
    """The text of the element after a label that stands alone ("بقلم:" in a field label,
    the name in the field beside it: Drupal)."""
    after = next((e for e in el.itersiblings() if isinstance(e.tag, str)), None)
    return after.text_content() if after is not None else ""


def _first_line(el: html.HtmlElement) -> str:
    """The element's text up to its first <br> ("بقلم: فلان<br><br>النص…": a body written
    between <br>s opens with its byline), or all of it."""
    text = [el.text or ""]
    for child in el:
        if child.tag == "br":
            return "".join(text)
        text += [child.text_content() if isinstance(child.tag, str) else "", child.tail or ""]
    return "".join(text)


def _singles(marked: list[html.HtmlElement]) -> list[html.HtmlElement]:
    """Without the repeated ones: a class that marks several names ("writer-name" in a box of
    columnists) is a list of other pages' authors; a page names its own once."""
    names: dict[str, set[str]] = {}
    for el in marked:
        names.setdefault(el.get("class", ""), set()).add(" ".join(el.text_content().split()))
    return [el for el in marked if not el.get("class") or len(names[el.get("class", "")]) < 2]


def _opens_byline(el: html.HtmlElement) -> bool:
    """Its first words ("بقلم", "كتب") may open a byline, or open one after a separator
    ("2024/12/03 | بقلم: فلان"): read from its own text or its first child's, without the
    text of everything under it."""
    head = (el.text or "").lstrip()
    if not head and len(el):
        head = (el[0].text or "").lstrip()
    head = _unplaced_label(head)
    return any(part.startswith(_BYLINE_OPENINGS) for part in _SEPARATOR.split(head))


def _marked(el: html.HtmlElement) -> bool:
    if el.get("itemprop") == "author":  # unless typed as an organization: the publisher
        return el.get("itemtype", "").rstrip("/").split("/")[-1] not in _ORGANIZATIONS
    if el.get("rel") == "author" or el.get("typeof") in ("schema:Person", "Person"):
        return True
    tokens = el.get("class", "").split()
    return not any("comment" in t.lower() for t in tokens) and any(
        _CLASS_TOKEN.fullmatch(_CAMEL.sub("-", t)) for t in tokens
    )


# Where a camelCase class's words meet: "articleAuthor" reads as "article-Author".
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _name(text: str) -> str | None:
    """A person's name from a byline: its prefix, the date beside it and trailing
    separators gone, a few words, no digits or punctuation (a sentence is no name), and a
    person among them (not a desk, a job title or an agency alone)."""
    text = _trimmed(text)
    names = _each(text)
    too_long = any(len(name.split()) > MAX_NAME_WORDS for name in names)
    if not text or too_long or _NOT_A_NAME.search(text) or not any(map(_person, names)):
        return None
    return text


# The lines between the headline and the article's first paragraph: the page's own header.
MAX_HEADER_ELEMENTS = 40
MIN_PARAGRAPH_WORDS = 10


def _under_headline(body: html.HtmlElement) -> list[html.HtmlElement]:
    """The elements with text of their own between the first headline and the first
    paragraph of the text ("كتب محمود طه حسين" in the div under it, Youm7's)."""
    headline = body.find(".//h1")
    if headline is None:
        return []
    found: list[html.HtmlElement] = []
    for el in islice(_following(headline), MAX_HEADER_ELEMENTS):
        if el.tag == "p" and len(el.text_content().split()) >= MIN_PARAGRAPH_WORDS:
            break
        if (el.text or "").strip():  # (a <p> this short: "<p>كتب محمد عبد الحليم</p>")
            found.append(el)
    return found


# The text's first lines that may be its byline.
BYLINE_LINES = 3


def without_byline(paragraphs: list[str], authors: list[str]) -> list[str]:
    """The text without its byline line among its first lines: the author's name alone or
    after a label ("كتب محمد عبد الحليم", Youm7's; the name found there or in the header
    above), which a sentence never is."""
    if not authors or not paragraphs:
        return paragraphs
    names = {normalize(name) for author in authors for name in (author, *_each(author))}
    for at, line in enumerate(paragraphs[:BYLINE_LINES]):
        # the byline's part of a line cut at separators, its date after a comma gone ("OLJ /
        # Par Zeina Antonios, le 2 décembre 2026", "Marwa Al-Assar , Thursday 3 Dec 2026")
        said = normalize(_unmarked(_undated(_unlabelled(_segment(" ".join(line.split()))))))
        parts = _DASH.split(said)  # "القاهرة - أحمد سمير": a place beside the name
        placed = (
            len(parts) == 2
            and any(p in names for p in parts)
            and min(len(p.split()) for p in parts) <= 2
        )
        if said in names or placed:
            return paragraphs[:at] + paragraphs[at + 1 :]
    return paragraphs


_ROLES_LABEL = re.compile(rf"{credits.LABEL}\s*")


def _unlabelled(line: str) -> str:
    """A byline line without its label ("تقرير وتصوير: فلان", "كتب فلان") and without other
    contributors' credits after the name ("فلان - الصور: …"); what is left is all the line
    after its label ("By Christmas Eve, shops were empty" says no "Christmas Eve")."""
    line = _unplaced_label(line)
    label = _ROLES_LABEL.match(line)
    said = line[label.end() :] if label else _LABEL.sub("", _BY.sub("", line))
    role = credits.OTHER_ROLE.search(said)
    return said[: role.start()] if role and role.start() > 0 else said


def _following(el: html.HtmlElement) -> Iterator[html.HtmlElement]:
    """The elements after this one in document order, its own descendants left out."""
    for node in (el, *el.iterancestors()):
        for sibling in node.itersiblings():
            yield from (e for e in sibling.iter() if isinstance(e.tag, str))


def _header_shaped(el: html.HtmlElement) -> bool:
    """A line under the headline shaped as a byline: opening with a byline's label, no colon
    needed ("كتب أحمد جمعة - محمد شبل"), or a place, a colon and a name set apart in bold
    ("<strong>الشارقة: محمد ياسين", opening Al Khaleej's text), or a link to the writer's page,
    the name alone or placed (Asharq Al-Awsat's). A plain paragraph there is text: "<p>كتب
    الرئيس …"."""
    text = " ".join(el.text_content().split())
    if el.tag == "a" and _WRITER_PAGE.search(el.get("href", "")):
        return _writers_link(el)  # the name alone ("<a href="/author/55">Name</a>"), or placed
    placed = el.tag in ("strong", "b") and _PLACE_COLON.match(text)
    labelled = _LABEL.match(_unplaced_label(text)) or placed or _wire_writers(text)
    return bool(labelled or _dated_name(el, text))


# Elements that hold a part of a line, the rest of it beside them.
_INLINE = frozenset({"span", "a", "strong", "b", "em", "i", "small", "font"})


def _dated_name(el: html.HtmlElement, text: str) -> str | None:
    """The writer's name on a line under the headline that is only a name and a date
    ("Marwa Al-Assar , Thursday 3 Dec 2026", Ahram's, each part in a span of its own): the
    element's line, or the line it opens. A place's ("New York , 3 Dec 2026") is none, nor a
    section's, which the site links to ("Middle East | 3 Dec 2026": its menu's link)."""
    who = dated_source(text)
    parent = el.getparent()
    if who is None and el.tag in _INLINE and parent is not None and not _DIGIT.search(text):
        line = " ".join(parent.text_content().split())
        who = dated_source(line) if line.startswith(text) else None
        who = who if who == text else None
    if who is None or _may_be_place(who) or not (_plausible(who) and _name(who)):
        return None
    return None if _linked_elsewhere(el, who) else who


def _linked_elsewhere(el: html.HtmlElement, said: str) -> bool:
    """Words a link of the page says, not to a writer's page: a section's, a tag's."""
    return any(
        " ".join(a.text_content().split()) == said and not _WRITER_PAGE.search(a.get("href", ""))
        for a in el.getroottree().getroot().iter("a")
    )


def _writers_link(a: html.HtmlElement) -> bool:
    """A link to a writer's page under the headline that is the page's byline, whatever its
    class ("ech-artc__auth", Echorouk's): not one in the card of another story (its block,
    the link's ancestors that hold no headline, links to a story too), nor in a box of the
    writer's other stories ("جميع مقالات الكاتب") or among comments, nor a photographer's
    ("تصوير: <a href="/author/7">…</a>")."""
    if _NOT_THE_WRITERS.search(_text_before(a)):
        return False
    block = a
    for ancestor in a.iterancestors():
        if ancestor.find(".//h1") is not None:
            break
        if _COMMENTS.search(f"{ancestor.get('class', '')} {ancestor.get('id', '')}"):
            return False
        block = ancestor
    return not (_more_from(a) or _more_from(block) or _story_link_beside(a, block))


_COMMENTS = re.compile("comment", re.IGNORECASE)
HEADLINE_WORDS = 3


def _story_link_beside(a: html.HtmlElement, block: html.HtmlElement) -> bool:
    """A link in the block to a page that is no writer's, a headline's words long: a story's
    card, its writer's name linked beside it."""
    return any(
        other is not a
        and not _WRITER_PAGE.search(other.get("href", ""))
        and len(other.text_content().split()) >= HEADLINE_WORDS
        for other in block.iter("a")
    )


def _name_shaped(name: str) -> bool:
    """Words after "كتب" and before a colon that read as a writer's name, not a sentence's
    subject ("كتب الرئيس على منصته:", "كتب وزير الخارجية:"): no ال, no office, a few words."""
    first = normalize(name.split()[0])
    return (
        not first.startswith("ال")
        and first not in _OFFICES
        and len(name.split()) <= MAX_PLACED_NAME_WORDS
        and all(_plausible(part) for part in _each(name))
    )


# Offices a sentence's subject holds ("كتب وزير الخارجية:", "كتب رئيس الوزراء:"), no name's
# first word. Normalized.
_OFFICES = frozenset(
    normalize(word)
    for word in (
        "وزير", "وزيرة", "رئيس", "رئيسة", "سفير", "سفيرة", "مدير", "مديرة", "نائب", "نائبة",
        "أمين", "زعيم", "زعيمة", "قائد", "ملك", "أمير", "أميرة", "مستشار", "مستشارة",
        "المتحدث", "متحدث", "عضو", "حاكم", "محافظ", "مؤسس", "مالك",
    )
)  # fmt: skip


def _header_name(el: html.HtmlElement) -> str | None:
    """The writers a byline-shaped line under the headline names, each of a name's shape:
    "كتب الرئيس" opens a sentence."""
    text = " ".join(el.text_content().split())
    name = _name(_dated_name(el, text) or text)
    if el.tag == "p" and name and (name.startswith("ال") or len(name.split()) > P_NAME_WORDS):
        # A plain paragraph: "كتب الرئيس رسالة", "كتب محمد صلاح التاريخ مجددا" are sentences;
        # a given name has no ال, and a byline alone in a <p> is a name of a few words.
        return None
    return name if name and all(_plausible(part) for part in _each(name)) else None


P_NAME_WORDS = 3


def _trimmed(text: str) -> str:
    """The name part of an author field: the segment that holds the byline, without its
    label and without the date written beside it."""
    text = _BY.sub("", _unmarked(_segment(" ".join(text.split()))))
    text = _unplaced_label(text)
    match = _BYLINE.match(text)
    if match and not _credits_writer(match):
        return ""
    # Masrawy closes its label's line with a colon: "كتب- محمد صلاح:"
    text = _unmarked(_said(match)) if match else _LABEL.sub("", text)
    role = credits.OTHER_ROLE.search(text)
    if role and role.start() > 0:
        text = text[: role.start()]  # "بول كروغمان - ترجمة: ريم عادل": the translator's part
    wire = _wire_writers(text)
    text = " - ".join(wire) if wire else _placed(_BRACKETED.sub("", _unwrapped(text)))
    parts = [_before_date(part) for part in _DASH.split(text)]
    return _unplaced(_writer([part for part in parts if part]))


_MARKS = " -–—|,،.:"
# A last initial and its dot, nothing but marks after them: "Samir K.", "Samir K., le …".
_LAST_INITIAL = re.compile(r"(?<!\S)[^\W\d_]\.(?=[ \-–—|,،:]*$)")


def _unmarked(text: str) -> str:
    """The text without the separators and marks around it; a last initial keeps its dot
    ("Samir K.": the name as written)."""
    initial = _LAST_INITIAL.search(text)
    return text[: initial.end()].lstrip(_MARKS) if initial else text.strip(_MARKS)


def _unplaced(name: str) -> str:
    """The name without where the writer was ("أحمد علي من القاهرة", "محمد علي في باريس",
    "Rashid Hassan in Riyadh", "Jeanine Jalkh à Beyrouth"); a one-word name before "من", an
    outlet's "هسبريس من الرباط", is left for _person to refuse."""
    at = _PLACED_AT.search(name)
    return name[: at.start()] if at and len(name[: at.start()].split()) >= 2 else name


# Where the writer was, after the name: Arabic "من"/"في" (no words of a name), and the Latin
# script's "in"/"à" between a word of a name and a place's capital (a name's own "in" is
# no word of an Arabic one; Dutch "Sophie in 't Veld" goes on lower-case).
_PLACED_AT = re.compile(r" (?:من|في) |(?<=[^\W\d_]) (?:in|IN|à|À) (?=[A-ZÀ-Ý])")


# Where the writer was, in brackets after the name: "عبدالله الداني (جدة)" (Okaz's).
_BRACKETED = re.compile(r"(?<=\S)\s*\([^()]*\)$")
# "City: Name", the byline of Asharq Al-Awsat and Al Khaleej ("واشنطن: علي بردى"): a place of
# one or two words, or places between dashes ("الخرطوم - لندن: A - B", two writers), then
# names with nothing after them (a dateline opening a sentence, "الرياض: قال الوزير إن …",
# runs on).
_PLACE = r"[\u0621-\u064A\u064B-\u0652]+(?: [\u0621-\u064A\u064B-\u0652]+)?"  # "عمّان" too
_PLACE_COLON = re.compile(rf"^{_PLACE}(?:\s*[-–/]\s*{_PLACE})*\s*[:：]\s*(?P<name>.+)$")
_ARABIC_NAME = re.compile(r"^[\u0621-\u064A\u0640 .]+$")
MAX_PLACED_NAME_WORDS = 4


# A dateline's place and a dash before a byline's label: "غزة - كتب حسن جبر:".
_PLACE_BEFORE_LABEL = re.compile(
    rf"^{_PLACE}\s*[-–—]\s*(?=(?:بقلم|كتب|كتبت|كتبه|كتبته|إعداد|اعداد|تحرير)(?![^\W\d_]))"
)


def _unplaced_label(line: str) -> str:
    """The line from its byline's label on, without the place a dateline sets before it."""
    if "-" not in line and "–" not in line and "—" not in line:
        return line  # (asked of every line of a page: most have no dash to set a place off)
    return _PLACE_BEFORE_LABEL.sub("", line, count=1)


# An agency's byline: "إسطنبول/ ليلى حداد/ الأناضول" (Anadolu's), place, writers, agency.
_SLASH = re.compile(r"\s*/\s*")
MAX_PLACE_WORDS = 2


def _wire_writers(text: str) -> list[str] | None:
    """The writers of a byline "place/ writer/ agency": the parts between a place (a word or
    two) and an agency; None for any other line ("إسطنبول/ الأناضول" names no one)."""
    if "/" not in text:
        return None
    parts = _SLASH.split(text.strip())
    if len(parts) < 3 or not all(parts):
        return None
    place, writers, agency = parts[0], parts[1:-1], parts[-1]
    if len(place.split()) > MAX_PLACE_WORDS or _DIGIT.search(place) or _person(agency):
        return None
    return writers


def _placed(text: str) -> str:
    """The names of a "City: Name" byline ("City: A - B"), else the text."""
    match = _PLACE_COLON.match(text)
    names = _DASH.split(match.group("name")) if match else [""]
    if all(_placed_name(name) for name in names):
        return " - ".join(names)
    return text


def _placed_name(name: str) -> bool:
    words = name.split()
    return (
        len(words) <= MAX_PLACED_NAME_WORDS and _plausible(name) and bool(_ARABIC_NAME.match(name))
    )


def _unwrapped(text: str) -> str:
    """Without the brackets around all of it ("(أبوظبي - البيان)", a dateline's)."""
    return text[1:-1].strip() if text[:1] == "(" and text[-1:] == ")" else text


def _writer(parts: list[str]) -> str:
    """Of a dateline's parts, the writer's name: a place has one word most often and an agency
    is none ("أنقرة - الأناضول", "حسام أبو العلا - القاهرة"). Parts that are all names are
    writers ("كتب أحمد جمعة - محمد شبل", Youm7's), listed with commas; where one may be a place
    ("رام الله - محمد علي") they stay together: which one is unknown, and no name is lost."""
    if len(parts) < 2:
        return "".join(parts)
    people = [part for part in parts if len(part.split()) > 1 and _person(part)]
    if len(people) > 1 and _writers(people):
        return "، ".join(people)
    return people[0] if len(people) == 1 else " - ".join(people)


# First words of places of two words or more ("رام الله", "بيت لحم", "شرم الشيخ", "دير
# الزور", "New York", "Tel Aviv"); a place's first word opens with ال most often ("الدار
# البيضاء"). Normalized.
_PLACE_OPENINGS = frozenset(
    normalize(word)
    for word in (
        "رام", "بيت", "شرم", "دير", "كفر", "بني", "عين", "رأس", "بئر", "تل", "خان", "سيدي",
        "جبل", "مدينة", "سان", "لوس", "نيو", "هونغ", "بوينس", "ريو", "كوالا",
        "new", "los", "las", "san", "santa", "hong", "tel", "rio", "buenos", "kuala", "cape",
        "port", "saint", "sao", "são",
    )
)  # fmt: skip


def _writers(parts: list[str]) -> bool:
    """Parts that read as persons' names, none as a place: a list of writers."""
    return all(_plausible(part) and _person(part) and not _may_be_place(part) for part in parts)


def _may_be_place(text: str) -> bool:
    first = normalize(text.split()[0])
    return first.startswith("ال") or first in _PLACE_OPENINGS


def _segment(text: str) -> str:
    """Of a line cut at its separators, the part with the byline's label, else the one part
    beside dates ("2024/12/03 | بقلم: فلان", "فلان | 2024/12/03"); else the whole line
    ("13165 قراءة · انشر القصة" is a counter and a share prompt, no name)."""
    parts = [part for part in _SEPARATOR.split(text) if part.strip()]
    labelled = [part for part in parts if _BYLINE.match(part) or _BY.match(part)]
    labelled = [part for part in labelled if not _others_credit(part)] or labelled
    undated = [part for part in parts if not is_bare_date(part)]
    if labelled or len(undated) == 1:
        return labelled[0] if labelled else undated[0]
    # "Rashid Hassan | Special to Arab News", "Rashid Hassan | Arab News": a name, then
    # the writer's outlet or post, a place or a section ("| Riyadh"), no other person
    first, rest = (undated[0], undated[1:]) if undated else ("", [])
    employed = rest and _plausible(first) and not any(map(_person_or_post, rest))
    return first if employed else text


def _person_or_post(part: str) -> bool:
    """A part after a name that may be another person: no outlet, no writer's post there,
    more than a word (one is a place's or a section's: a name has two at least)."""
    return len(part.split()) > 1 and _person(part) and not _POST.match(part)


# A writer's post at an outlet, after the name: "Special to Arab News", "Exclusive to …".
_POST = re.compile(r"(?:special|exclusive|spécial|exclusif)\s+(?:to|for|pour|à)\s", re.I)


def _before_date(text: str) -> str:
    """The text without the date that ends it ("فلان الثلاثاء 3 ديسمبر 2024"): a date
    is the longest run of last words that reads as one, more than a day's number alone
    ("فرانس 24", "عربي 21": the outlet's number)."""
    if not _DIGIT.search(text):
        return text
    words = text.split()
    runs = (" ".join(words[i:]) for i in range(len(words)))
    cut = next((i for i, run in enumerate(runs) if is_bare_date(run) and not _DAY.match(run)), None)
    return " ".join(words[:cut])


_DAY = re.compile(r"^\d{1,2}$")


def _site_names(tree: html.HtmlElement, json_ld: list[dict]) -> set[str]:
    """The names the page gives its site: og:site_name, the JSON-LD publisher's."""
    names = {v.strip() for v in tree.xpath('//meta[@property="og:site_name"]/@content')}
    for obj in json_ld:
        publisher = obj.get("publisher")
        for item in publisher if isinstance(publisher, list) else [publisher]:
            name = item.get("name") if isinstance(item, dict) else None
            if isinstance(name, str) and name.strip():
                names.add(name.strip())
    return names


# The site's logo and its link home: the name a meta author copies on many CMSs (Joomla's
# "author" meta is the site's name unless an editor sets it).
_LOGO = re.compile("logo", re.IGNORECASE)


def _names_logo(value: attrwalk.Value) -> bool:
    """A class or id with "logo" in any case, or a link to the home page (rel or address)."""
    name = value.attrname
    if name in ("class", "id"):
        return _LOGO.search(value) is not None
    home = value == "home" if name == "rel" else value == "/"
    return home and value.getparent().tag == "a"


LOGO_WORDS = 6


def _logo_names(tree: html.HtmlElement) -> set[str]:
    texts = (
        " ".join(el.text_content().split())
        for el in attrwalk.named(tree, _names_logo, "class", "id", "rel", "href")
    )
    return {text for text in texts if text and len(text.split()) <= LOGO_WORDS}


def _site_hosts(tree: html.HtmlElement, site_names: set[str]) -> set[str]:
    """The labels of the site's address ("akhbarelyom" of https://akhbarelyom.com/), from
    its canonical link, og:url and a site name written as an address. Compared whole."""
    urls = tree.xpath('//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content')
    hosts = {_host(u) for u in [*urls, *site_names] if "//" in u}
    return {label for host in hosts for label in host.split(".") if label not in ("", "www")}


def _host(url: str) -> str:
    try:
        return urlsplit(url.strip()).hostname or ""
    except ValueError:  # a malformed address ("http://[x") names no host
        return ""


def _is_organization(item: dict) -> bool:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.split("/")[-1] in _ORGANIZATIONS for k in kinds)
