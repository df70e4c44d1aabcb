"""Canonical URLs: one article, one URL, whichever way it was linked."""

from __future__ import annotations

import codecs
import ipaddress
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import (
    parse_qsl,
    quote,
    unquote,
    unquote_to_bytes,
    urlencode,
    urlsplit,
    urlunsplit,
)

from w3lib.url import canonicalize_url, safe_url_string

_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gclsrc|msclkid|yclid|mc_cid|mc_eid|igshid|_ga|_gl|"
    r"ocid|cmpid|share|ref_src|ref_url|amp|outputtype|usqp|"
    # campaign tags of news sites' analytics: AT Internet (xtor, at_medium …), the BBC's
    # ito, the Guardian's CMP, the New York Times' smid, HubSpot's, Marketo's, Twitter's
    r"xtor|at_\w+|ito|cmp|smid|smtyp|ncid|sr_share|mkt_tok|_hsenc|_hsmi|__twitter_impression|"
    # a feed's mark ("?fromrss=1"), comScore's (the BBC's ns_mchannel …), Webtrends', Adobe's,
    # internal campaigns (icid, the Guardian's INTCMP), click ids of X and TikTok,
    # Instagram's share mark, Yahoo's consent counter
    r"fromrss|traffic_source|ns_(?:source|mchannel|campaign|linkname|fee)|wt\.\w+|s_cid|"
    r"icid|intcmp|twclid|ttclid|igsh|guccounter)$",
    re.IGNORECASE,
)
# Where-from marks known by their value too: "?rss=1", "?via=rss", Alibaba's "?spm=a2c6h.1.0.0"
# (a dotted position code; a plain "spm=12" is left, as any parameter that may name a page).
_TRACKING_VALUES = {
    "rss": re.compile(r"^(?:1|true|yes)$", re.IGNORECASE),
    "via": re.compile(r"^(?:rss|feed)$", re.IGNORECASE),
    "spm": re.compile(r"^[\w-]+(?:\.[\w-]+){2,}$"),
}
# Where an article's link was followed from ("?from=rss"), but a section's next page
# ("?from=20"): kept in what is fetched, left out of an article's key.
_REFERRAL = re.compile(r"^from$", re.IGNORECASE)
# Where from, too ("?ref=home", "?source=twitter", Twitter's "?s=09"), on an address whose
# path names the page (/x/a1.html): left out of its key. On a script or the root
# ("index.php?s=123", "/?ref=5") such a parameter may be all that names the page.
_REFERRED = re.compile(r"^(ref|source|src|s)$", re.IGNORECASE)
# A server-side script, whose parameters name the page ("/ar/news/detail.aspx?ref=5").
_DYNAMIC = re.compile(r"\.(?:php\d?|aspx?|jsp|cfm|cgi|pl)$", re.IGNORECASE)
# A script's name ("/news.php", "/index.aspx"): the path up to it names no page of its own.
_SCRIPT = re.compile(rf"/[^/]*{_DYNAMIC.pattern}|/index\.\w+$", re.IGNORECASE)
# Sessions by name: PHP's, Java's, ASP's, osCommerce's osCsid, Zen Cart's zenid, ColdFusion's
# CFTOKEN, a script's own "sessid", "sess" (not CFID, its partner: a short number that some
# sites' "cfid" names a category by; a listing's changing tokens: pagination.session_fields).
_SESSION = re.compile(
    r"^(phpsessid|jsessionid|sessionid|aspsessionid\w*|oscsid|zenid|sessid|sess|cftoken)$",
    re.IGNORECASE,
)
# vBulletin's session "?s=" is an MD5's 32 hex figures (a short "s" is Twitter's share mark,
# or a search: _REFERRED).
_HEX_SESSION = re.compile(r"^[0-9a-f]{32}$", re.IGNORECASE)
# The page of its comments, a reply form's target: the article itself ("?cpage=2",
# "?replytocom=15", "?comments_page=2"; WordPress's "/comment-page-2/" in the path).
_COMMENTS = re.compile(r"^(cpage|replytocom|comments?_?page|commentpage)$", re.IGNORECASE)
_COMMENTS_PATH = re.compile(r"/comment-page-\d+(?=/?$)", re.IGNORECASE)
# A session on many sites, and the story's id on others (PHP-Nuke's
# "modules.php?name=News&file=article&sid=12", "story.aspx?sid=900"): dropped only when it
# holds a session's token or something else names the page, as "ref" is (_referral).
# YouTube's and Spotify's share mark "?si=…" is one too: a token, or beside what names the page.
_MAYBE_SESSION = re.compile(r"^(?:sid|si)$", re.IGNORECASE)
# A session's token: a long run of letters and figures mixed ("4f3a9c2b1d8e7f6a…"); no id
# is written so.
_TOKEN = re.compile(r"^(?=[0-9a-z]*\d)(?=[0-9a-z]*[a-z])[0-9a-z]{16,}$", re.IGNORECASE)
# Another rendering of the same page, asked by a parameter and its value: Blogger's and some
# CMSs' "?output=amp", a print version ("?print=1", "?view=print", "?output=print").
_RENDERINGS = frozenset({
    ("output", "amp"), ("output", "print"), ("format", "amp"), ("view", "print"),
    ("print", "1"), ("print", "true"), ("print", "yes"),
})  # fmt: skip
# "/post-4/amp/" is "/post-4/" (WordPress: the slashless form may not exist), "/news/1/amp"
# is "/news/1": fetched so.
_AMP_PATH = re.compile(r"(?:/amp)+(?P<slash>/?)$")
# "/amp/news/1" is "/news/1" in the key only: fetched as linked. Dropping the prefix is a
# guess that a site may not bear out (Youm7's "/amp/2024/4/14/slug/id" stands for
# "/story/2024/…"; "/2024/…" is a 404); the AMP page names its page (rel=canonical), where
# its row goes (crawler.pipelines).
_AMP_PREFIX = re.compile(r"^/amp(?=/)")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# A Java server's session in the path ("/news/5;jsessionid=A1B2"): not part of the address.
_PATH_SESSION = re.compile(r";jsessionid=[^/?#]*", re.IGNORECASE)
# A static directory's index page is the directory ("/news/5/index.html" is "/news/5"): in
# the archive's key only, since a server may not answer the bare directory. Not a script's
# ("/index.php?id=5"): sources' patterns and rewrites name those.
# A static index page ("/news/5/index.html"), also once a rewrite took its extension off.
_INDEX_PAGE = re.compile(r"/index(?:\.html?)?$", re.IGNORECASE)

Rewrites = Iterable[tuple[re.Pattern[str], str]]


# One article's URL comes by its listing, its sitemap and its feed, and is cleaned and keyed
# each time: on small pages that work was a tenth of the crawl process's.
@lru_cache(maxsize=1 << 14)
def clean_url(url: str) -> str:
    """What to fetch: no fragment, no tracking or session parameters, no AMP variant (but
    a path's "/amp/" prefix, which the key alone drops: _AMP_PREFIX)."""
    parts = urlsplit(safe_url_string(url.strip()))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("amp."):
        host = host[4:]
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    charset = _charset(parts.query)
    query = [
        (k, v)
        for k, v in _pairs(parts.query, charset)
        if not _TRACKING.match(k)
        and not _tracking_value(k, v)
        and not _SESSION.match(k)
        and not (k.lower() == "s" and _HEX_SESSION.match(v))
        and (k.lower(), v.lower()) not in _RENDERINGS
    ]
    query = [
        (k, v) for k, v in query
        if not (_MAYBE_SESSION.match(k) and _session(v, query, parts.path))
    ]  # fmt: skip
    path = _AMP_PATH.sub(lambda m: m["slash"] or "", _PATH_SESSION.sub("", parts.path)) or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query, encoding=charset), ""))


def _tracking_value(key: str, value: str) -> bool:
    pattern = _TRACKING_VALUES.get(key.lower())
    return pattern is not None and pattern.match(value) is not None


# A query's escapes that are no UTF-8 are read and written back byte for byte: a page in
# windows-1256 escapes its links' queries in that charset ("?sec=%D3%ED%C7%D3%C9"), which read
# as UTF-8 would become U+FFFD and ask the site for another page.
def _charset(query: str) -> str:
    try:
        unquote_to_bytes(query).decode("utf-8")
    except UnicodeDecodeError:
        return "latin-1"
    return "utf-8"


def _pairs(query: str, charset: str) -> list[tuple[str, str]]:
    pairs = parse_qsl(query, keep_blank_values=True, encoding=charset)
    return [(_ESCAPED_AMP.sub("", k), v) for k, v in pairs]


# "&amp;" escaped once too often by a feed or a sitemap ("?p=123&amp;amp;cat=2" read as
# "?p=123&amp;cat=2"): the parameter is "cat", as the site's own links name it.
_ESCAPED_AMP = re.compile(r"^(?:amp;)+", re.IGNORECASE)


def _session(value: str, pairs: list[tuple[str, str]], path: str) -> bool:
    """Is a "sid" a session? A token is; a short value is the article's id unless the path
    or another parameter names the page, as for a "ref" (_referral)."""
    if _TOKEN.match(value):
        return True
    named, numbered = _named_otherwise(pairs, path, _AMBIGUOUS)
    return _referral(value, named, numbered, path)


def _named_otherwise(
    pairs: list[tuple[str, str]], path: str, ambiguous: re.Pattern[str]
) -> tuple[bool, bool]:
    """Is the page named without the parameters that may only say where a link came from
    (or whose session it was): by its path or by another parameter (named), by a number in
    an id parameter ("id=9": numbered)?"""
    others = [(k, v) for k, v in pairs if not ambiguous.match(k) and not _REFERRAL.match(k)]
    named = _names_page(path) or bool(others)
    return named, any(_ID.match(k) and _has_figure(v) for k, v in others)


def canonical_url(url: str, rewrites: Rewrites = ()) -> str:
    """The archive's key for a URL: cleaned, sorted, percent-encoding normalized,
    no trailing slash, then the source's own rewrites (mirror hosts, slugs, legacy ids)."""
    cleaned = _canonical(url)
    bare = _without_index_page(cleaned)
    # A rewrite may name the index page ("/old/5/index.html") or the directory ("/news/5$"):
    # it is tried on the address as written, then on its directory.
    rewritten = rewrite(cleaned, rewrites) or (bare != cleaned and rewrite(bare, rewrites))
    return _without_index_page(rewritten) if rewritten else bare


def _without_index_page(url: str) -> str:
    if not _INDEX_PAGE.search(url):  # a key ends with its path when it has no query
        return url
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=_INDEX_PAGE.sub("", parts.path).rstrip("/") or "/"))


@lru_cache(maxsize=1 << 14)
def _canonical(url: str) -> str:
    parts = urlsplit(clean_url(url))
    charset = _charset(parts.query)
    pairs = _pairs(parts.query, charset)
    # (a "sid" still here names the page: clean_url kept it; ?cpage= goes in the key only: a
    # listing may page by it too)
    query = [(k, v) for k, v in _unreferred(pairs, parts.path) if not _COMMENTS.match(k)]
    cleaned = canonicalize_url(
        parts._replace(query=urlencode(query, encoding=charset)).geturl(), keep_fragments=False
    )
    parts = urlsplit(cleaned)
    path = _COMMENTS_PATH.sub("", _AMP_PREFIX.sub("", _composed(parts.path))).rstrip("/") or "/"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


# A path's escaped letters beyond ASCII, with the ASCII letter before them that a decomposed
# accent may sit on ("e" + U+0301).
_HIGH_ESCAPES = re.compile(r"[A-Za-z]?(?:%[89A-Fa-f][0-9A-Fa-f])+")


def _composed(path: str) -> str:
    """A path whose slug was written decomposed (NFD: "é" as "e" and its accent, an Arabic
    hamza apart from its alef) in its composed form (NFC), escaped as the key escapes
    letters: one slug, one key, whichever way the page that linked it wrote it."""
    return _HIGH_ESCAPES.sub(_composed_run, path) if "%" in path else path


def _composed_run(match: re.Match[str]) -> str:
    run = match[0]
    try:
        text = unquote_to_bytes(run).decode("utf-8")
    except UnicodeDecodeError:  # another charset's escapes: as they are
        return run
    if unicodedata.is_normalized("NFC", text):
        return run
    return quote(unicodedata.normalize("NFC", text), safe="")


@lru_cache(maxsize=1 << 10)
def without_referral(url: str) -> str:
    """The address without the fields that only say where its link came from ("?from=rss",
    "?ref=home"), which the key leaves out too; the rest as written. An article's parts
    number its own address ("?page=2"), not the feed's or the home page's link to it."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    charset = _charset(parts.query)
    pairs = _pairs(parts.query, charset)
    kept = _unreferred(pairs, parts.path)
    if len(kept) == len(pairs):
        return url
    return urlunsplit(parts._replace(query=urlencode(kept, encoding=charset)))


def _unreferred(pairs: list[tuple[str, str]], path: str) -> list[tuple[str, str]]:
    """The query's fields but those that only say where its link came from."""
    named, numbered = _named_otherwise(pairs, path, _REFERRED)
    return [
        (k, v) for k, v in pairs
        if not _REFERRAL.match(k)
        and not (_REFERRED.match(k) and _referral(v, named, numbered, path))
    ]  # fmt: skip


def _names_page(path: str) -> bool:
    """Does the path alone name a page: two parts or more ("/news/5"), or one with a number, a
    dash or a page's extension ("/a1.html", "/minister-resigns")? Not the root, a script
    ("/ar/news/detail.aspx": its parameters name the page), or one word ("/post"), which a
    parameter may complete."""
    if _DYNAMIC.search(path):
        return False
    segments = _SCRIPT.sub("", path.rstrip("/")).strip("/").split("/")
    return len(segments) >= 2 or bool(_NAMING.search(segments[0]))


def _referral(value: str, named: bool, numbered: bool, path: str) -> bool:
    """Is a "ref"/"source"/"src"/"s" parameter only where the link came from (a short "sid"
    only a session)? A word ("home", "rss") is, on a page something else names. A value
    with a figure may be the article's id ("detail.aspx?ref=12345", "story.aspx?sid=900"):
    only where another parameter is a figure ("news.php?id=9&ref=12") or the path names the
    page by figures of its own ("/2024/12/8/slug?s=20", Twitter's; "/a1.html?ref=5"). Kept
    when in doubt: a kept tag splits one article's key, a dropped id would merge every
    article into one."""
    if not _has_figure(value):
        return named
    path = unquote(path).rstrip("/")  # "%D9%84" is a letter; "/news/5/" is "/news/5"
    return numbered or (not _DYNAMIC.search(path) and bool(_FIGURED.search(path)))


def _has_figure(value: str) -> bool:
    return any(c.isdigit() for c in value)


_NAMING = re.compile(r"[\d-]|\.s?html?$", re.IGNORECASE)
# A parameter that names an article by its number ("id=9", "newsid=9", "p=9"), not a
# category, a language or a page of a list.
_ID = re.compile(r"^(?:id|p|nid|aid|pid|sid|newsid|news_?id|article_?id|story_?id|post_?id"
                 r"|item_?id|content_?id|contentid)$", re.IGNORECASE)  # fmt: skip
# Parameters that may name the page or only say where a link came from or whose session it
# was: none of them counts as naming the page when a "sid" is weighed.
_AMBIGUOUS = re.compile(rf"{_REFERRED.pattern}|{_MAYBE_SESSION.pattern}", re.IGNORECASE)
# A path's own figures: a run of two ("/2024/12/8/slug") or one in its last part ("/a1.html"),
# not a version's lone figure ("/v2/news").
_FIGURED = re.compile(r"\d\d|\d[^/]*$")


def rewrite(url: str, rewrites: Rewrites) -> str | None:
    """The first matching source rewrite of a cleaned URL, or None when none applies."""
    for pattern, replacement in rewrites:
        rewritten = pattern.sub(replacement, url, count=1)
        if rewritten != url:
            return rewritten
    return None


def host_of(url: str) -> str:
    """The URL's host as requests carry it: lower case, an Arabic-script (IDN) host in its
    ASCII form (xn--…), so that the sources file may write either."""
    try:
        return ascii_host(urlsplit(url).hostname or "")
    except ValueError:  # an unbalanced "[" in the host: no host
        return ""


def is_web_url(value: str) -> bool:
    """An http(s) address with a host (and a port in range, if it has one)."""
    try:
        parts = urlsplit(value.strip())
        _ = parts.port  # raises when out of range
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


# A host name's label: letters, digits, hyphens inside (and the underscore some hosts carry).
_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")


def is_host_name(host: str) -> bool:
    """An address or a name a request can reach: no space, no empty label ("a..b.com"),
    no hyphen at a label's end ("-bad-.com"); an Arabic-script name as its xn-- form."""
    if is_ip_address(host):
        return True
    labels = ascii_host(host).split(".")
    return all(_LABEL.fullmatch(label) for label in labels)


def is_ip_address(host: str) -> bool:
    """An IPv4 or IPv6 address written as such ("127.0.0.11", "[::1]"), not a host name."""
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def ascii_host(host: str) -> str:
    host = host.lower().rstrip(".")
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def in_domains(url: str, domains: Iterable[str]) -> bool:
    """Is the URL's host one of the domains or under one? A host and its "www." twin are
    one (a site that sends www to the bare host, or the other way, stays inside its
    source; the bare host's other subdomains do not)."""
    host = host_of(url)
    bare = host.removeprefix("www.")
    return any(
        host == d or host.endswith("." + d) or bare == d.removeprefix("www.") for d in domains
    )


# Labels a country's registry puts under its code ("com.sa", "co.uk", "gov.jo"): a host's
# parent ending in one is no site of its own ("news.site.com.sa"'s parent is "site.com.sa").
_REGISTRY_LABELS = frozenset({"com", "co", "org", "net", "gov", "edu", "ac", "gob", "nic", "info"})


def site_domain(url: str, domains: Iterable[str]) -> str | None:
    """The domain that would take the URL in, when its host is another host of a site the
    domains name (a section on "sport.site.com" beside "www.site.com"), else None (an
    unrelated host, or one already inside)."""
    host = host_of(url)
    if is_ip_address(host) or in_domains(url, domains):
        return None
    for domain in domains:
        bare = domain.removeprefix("www.")
        labels = bare.split(".")
        parent = ".".join(labels[1:]) if len(labels) > 2 else bare
        if len(parent.split(".")) == 2 and parent.split(".")[0] in _REGISTRY_LABELS:
            parent = bare  # "site.com.sa": its own parent is the registry's
        if host.endswith("." + parent):
            return parent
    return None


def query_in_charset(url: str, encoding: str | None) -> str:
    """A link's query escaped in its page's charset, as a browser sends it: an old ASP site
    in windows-1256 reads "?sec=سياسة" so, and answers 404 to its UTF-8 escapes. (The path
    is UTF-8 whatever the page's charset.)"""
    if url.isascii() or not encoding or "?" not in url:
        return url
    try:
        if codecs.lookup(encoding).name == "utf-8":
            return url
        return safe_url_string(url, encoding)
    except (LookupError, UnicodeError):
        return url


def article_ids(url: str) -> set[str]:
    """The numbers in an address's path and query that can be an article's id: not a year,
    nor a month or day beside one (a page of the day's news shares its date with the day's
    stories, not an id)."""
    parts = urlsplit(url)
    numbers = {n.lstrip("0") or "0" for n in re.findall(r"\d+", f"{parts.path}?{parts.query}")}
    years = {n for n in numbers if len(n) == 4 and 1900 <= int(n) <= 2100}
    return {n for n in numbers - years if not (years and int(n) <= 31)}


# An article's number is at least this long ("/news/5003"): a page's or a section's is shorter.
ID_DIGITS = 3
_HIJRI_YEAR = re.compile(r"1[34]\d\d")  # a date's year in a path ("/1446/05/…"), not an id


def article_id(url: str) -> str | None:
    """The number that names the article in its address's path: the longest there (a
    section's or a page's number is shorter, and a query's "?sec=105" no article's), at
    least ID_DIGITS long."""
    ids = {n for n in article_ids(urlsplit(url).path) if not _HIJRI_YEAR.fullmatch(n)}
    longest = max(ids, key=lambda n: (len(n), n), default=None)
    return longest if longest is not None and len(longest) >= ID_DIGITS else None


# A number that leads a path segment and ends it, or is followed by a slug or an extension:
# "/news/5003", "/news/5003/slug", "/news/5003-slug.html".
_LEADING_NUMBER = re.compile(r"/(\d+)(?=$|[-./_])")


def number_stem(url: str) -> str | None:
    """The address up to the number that names its article, its other forms the same:
    "https://x.com/news/5003" of "…/news/5003/slug" and of "…/news/5003" (what follows the
    number is a slug, which a CMS that answers either form may leave out). The last such
    number in the path that is no part of a date ("/2024/12/08/5003": 5003). None where no
    number leads a segment (the id inside a slug, "/news/slug-5003"; a query's "?id=5")."""
    parts = urlsplit(url)
    found, dated = None, False
    for match in _LEADING_NUMBER.finditer(parts.path):
        number = match[1]
        if _a_year(number) or (dated and len(number) <= 2):
            dated = True
            continue
        found, dated = match, False
    if found is None:
        return None
    return f"{parts.scheme}://{parts.netloc}{parts.path[: found.end(1)]}"


def _a_year(number: str) -> bool:
    return len(number) == 4 and (1900 <= int(number) <= 2100 or bool(_HIJRI_YEAR.fullmatch(number)))
