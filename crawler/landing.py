"""Where a redirect landed, told by the address alone: a page a reader passes through (sign
in, consent, subscribe), the home page or a "not found" page, a section's listing. A
re-check's page that none of these name is judged by its text (crawler.pipelines)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

from crawler.items import FetchedPage
from crawler.sources import Source

# Where a site sends a reader for a while (sign in, consent, subscribe, maintenance): not a
# take-down.
# (a part of the address of its own, not a word of a slug: "/author/", "accountability",
# "bridge-maintenance-delayed" are no such)
_PASSING = re.compile(
    r"(?:^|[/.])(?:log[-_]?in|wp-login|sign[-_]?in|my-?account|account|auth|maintenance"
    r"|connexion|captcha|consent|premium|paywall|offers?|offres?)(?:$|[/?.#])",
    re.I,
)
# A host of its own for the wall or the sign-in: "abonnement.journal.example",
# "subscribe.site.example", the SSO's "id.site.example".
_PASSING_HOSTS = frozenset({
    "id", "sso", "login", "signin", "auth", "account", "accounts", "my", "myaccount",
    "subscribe", "subscription", "subscriptions", "abonnement", "abonnements", "abo",
    "premium", "paywall", "members", "membership", "connect", "compte", "consent",
})  # fmt: skip
# A query that sends the reader to a sign-in: its verb ("view=login", "task=user.login",
# "action=register") or a key that names where to come back to ("return=<base64>",
# "returnUrl=…", "redirect_to=…", "next=…").
_PASSING_VERBS = frozenset({
    "login", "signin", "logon", "register", "registration", "signup", "subscribe", "paywall",
})  # fmt: skip
_RETURN_KEYS = frozenset({
    "return", "returnurl", "return_url", "returnto", "return_to", "redirect_to",
    "redirecturl", "redirect_uri", "continue", "next", "backurl", "back_url", "goto",
})  # fmt: skip
# A subscription page's name, made of a subscription's words only, one of them its core
# ("/subscribe-now", "/offres-abonnement", "/اشتراك", "/الاشتراكات"; not
# "/subscribe-to-democracy", "/netflix-subscriptions-rise", "/وزير-اشترك-في-مؤتمر", "/now").
_SUBSCRIBE = frozenset({
    "subscribe", "subscription", "subscriptions", "abonnement", "abonnements", "abonnez",
    "paywall", "اشتراك", "الاشتراك", "اشتراكات", "الاشتراكات", "اشترك",
})  # fmt: skip
_SUBSCRIBE_TOO = frozenset({
    "vous", "offer", "offers", "offre", "offres", "premium", "digital", "numerique", "plan",
    "plans", "now", "today", "here", "join", "الآن", "الان", "عروض", "العروض", "باقات",
    "الباقات",
})  # fmt: skip


def passing(url: str) -> bool:
    """A login, consent or subscription page, by its address (in letters, not escapes)."""
    unquoted = unquote(url)
    if _PASSING.search(unquoted):
        return True
    parts = urlsplit(unquoted)
    labels = (parts.hostname or "").split(".")[:-2]  # left of the site's own name
    if any(label in _PASSING_HOSTS for label in labels):
        return True
    if any(_subscription(segment) for segment in parts.path.split("/") if segment):
        return True
    return any(_sends_to_sign_in(k, v) for k, v in parse_qsl(parts.query))


def _subscription(segment: str) -> bool:
    words = re.split(r"[-_.]", segment.lower())
    known = all(w in _SUBSCRIBE or w in _SUBSCRIBE_TOO for w in words if w)
    return known and any(w in _SUBSCRIBE for w in words)


def _sends_to_sign_in(key: str, value: str) -> bool:
    if key.lower() in _RETURN_KEYS and value:
        return True
    words = re.split(r"[._-]", value.lower())  # a verb ("user.login"), not a slug
    return len(words) <= 2 and any(word in _PASSING_VERBS for word in words)


# A "not found" page's address: "/404", "/not-found", "/page-introuvable.html".
_NOT_FOUND = re.compile(
    r"^/(?:[a-z]{2}/)?(?:404|not-?found|page-?not-?found|introuvable|page-introuvable"
    r"|erreur-404|error-404)(?:\.(?:html?|php|aspx?))?/?$",
    re.I,
)
# The home page, or an edition's: "/", "/index.php", "/ar/", "/fr/index.html", "/en-gb/"
# (a language's code: "/tv/" is a section).
_HOME = re.compile(
    r"^/*(?:([a-z]{2})(?:[-_][a-z]{2})?/*)?(?:(?:index|default)\.(?:html?|php|aspx?))?$", re.I
)
# ISO 639-1: the codes an edition's path opens with.
_ISO_639_1 = (
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv"
    " cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr"
    " ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw"
    " ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv"
    " ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr"
    " ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi"
    " yo za zh zu"
)
_LANGUAGES = frozenset(_ISO_639_1.split())


def _a_language(code: str) -> bool:
    return code.lower() in _LANGUAGES


_WORD = re.compile(r"[^\W\d_]+")  # a section's name: "sport", "محليات" (not a slug, not an id)
# A query that names a page of its own: an id ("?p=4567", Joomla's "id=1:alias", a GUID)
# under a key that names a post, or a key ending in "id" ("catid=5", "NewsID=…"), or a path
# with a number under any key (Drupal's "?q=node/456"). Not Joomla's menu item, a language,
# a cache-buster's number ("?nocache=1717…"), Blogger's "?m=1", "?error=404", "?page=1".
_AN_ID = re.compile(r"^(?:\d+(?::.*)?|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f-]{22,})$", re.I)
_A_NODE = re.compile(r"^[\w-]+(?:/[\w-]+)*/\d+$")
_POST_KEYS = frozenset({"p", "id", "post", "page_id", "story", "article", "art", "newsid",
                        "articleid", "nid", "aid", "storyid", "slug"})  # fmt: skip
_NOT_IDS = frozenset({"itemid", "lang", "l", "hl"})


def names_a_page(key: str, value: str) -> bool:
    """A query's key and value that name a page ("p=4567", "id=1:alias", "NewsID=<guid>",
    "catid=5", "art=456", "q=node/456"; not "?nocache=1717171701", "?lang=ar", "?ref=rss",
    "?m=1", Joomla's "Itemid=101")."""
    key = key.lower()
    if key in _POST_KEYS or _A_NODE.match(value):
        return True
    return key.endswith("id") and key not in _NOT_IDS and _AN_ID.match(value) is not None


def address(url: str) -> str:
    """A page's address less the parts of its query that name no page ("?origin=/news/5")."""
    parts = urlsplit(url)
    query = "&".join(f"{k}={v}" for k, v in parse_qsl(parts.query) if names_a_page(k, v))
    return parts._replace(query=query, fragment="").geturl()


def sent_home(page: FetchedPage, source: Source) -> bool:
    """Redirected to the home page, an edition's ("/ar/"), a start page or a "not found"
    page's address ("/404"). A query that names a page makes one of its own ("/?p=4567",
    "/index.php?option=com_k2&id=1:slug"); "?lang=ar", "?ref=rss", Joomla's
    "?view=featured&Itemid=101" do not."""
    landed = source.key(page.url)
    if landed in {source.key(u) for u in source.start_urls}:
        return True  # (an edition's host may be a sign-in's word: "id.", "my.")
    if passing(landed):
        return False
    parts = urlsplit(landed)
    if _NOT_FOUND.search(unquote(parts.path)):
        return True
    own = any(names_a_page(key, value) for key, value in parse_qsl(parts.query))
    home = _HOME.match(parts.path)
    return home is not None and (home[1] is None or _a_language(home[1])) and not own


# A listing's address: a category's, tag's, topic's, section's or author's, in any language
# prefix, named in up to three words or by an id ("/category/local-news/", "/ar/tag/gaza",
# "/category/5/"; not "/topics/floods-reach-the-south", an article), or an archive's by date
# ("/archive/2024/05/"; "/archives/4567" is WordPress's article). For new links: a
# re-check reads the text.
_LISTING = re.compile(
    r"^/(?:[a-z]{2}/)?(?:(?:categor(?:y|ies)|tags?|topics?|sections?|authors?|writers?"
    r"|قسم|تصنيف|وسم)(?:/(?:\d+|[^/\d-]+(?:-[^/\d-]+){0,2}))?/?$"
    r"|archives?(?:/\d{4}/\d{1,2}(?:/\d{1,2})?)?/?$)",
    re.I,
)


def a_section(page: FetchedPage, source: Source) -> bool:
    """Redirected to a listing's address: a section's word or two without an id ("/sport/",
    "/ar/news/local"; not a slug), a category's, a tag's (_LISTING)."""
    landed = source.key(page.url)
    path = unquote(urlsplit(landed).path)
    segments = [s for s in path.split("/") if s]
    if segments and _a_language(segments[0]):
        segments = segments[1:]  # a language: "/ar/news/local"
    section = 0 < len(segments) <= 2 and all(_WORD.fullmatch(s) for s in segments)
    return (section or _LISTING.match(path) is not None) and not passing(landed)
