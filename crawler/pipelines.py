"""From a fetched article page to an archive item: extraction in the pool, then the record.

The pipeline writes nothing: the item goes on to the run's recorder (crawler.recorder)."""

from __future__ import annotations

import re
from collections.abc import Awaitable
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from scrapy.exceptions import DropItem, NotConfigured

from archive import ArticleRecord, Capture
from archive.dedup import shared
from crawler.articleparts import with_parts
from crawler.canonical import canonical_url, in_domains
from crawler.crawlrun import CrawlRun, run_of
from crawler.errors import report_error, settle_page
from crawler.extract import NOTICE_TEXT, Extracted, ExtractFailure, ExtractOptions, Part
from crawler.extract.dates import parse_date
from crawler.extract.parts import MAX_PARTS, part_number
from crawler.extract.pool import Prepared
from crawler.items import ArticleItem, FetchedPage, Gone
from crawler.sources import Source

# What a re-checked archived article's page may now say instead: it was taken down.
TAKEN_DOWN = frozenset({"not_found", "notice"})
# Shared share of word 3-shingles (archive.dedup.shared) from which a re-check's text is the
# archived article's, edited: an edit keeps most of the shorter text; a listing, another
# story or a notice share a headline at most.
SAME_ARTICLE = 0.3


class ExtractPipeline:
    def __init__(self, crawler: Any, run: CrawlRun) -> None:
        self.crawler = crawler
        self.run = run
        source = run.source
        self.options = ExtractOptions(
            source.body_selector, source.drop_selectors, chrome=run.chrome
        )

    @classmethod
    def from_crawler(cls, crawler: Any) -> ExtractPipeline:
        run = run_of(crawler)
        if run is None:
            raise NotConfigured("no arshif run for this crawler")
        return cls(crawler, run)

    async def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, FetchedPage):
            return item
        content_type = item.headers.get("Content-Type")

        def extract(parts: tuple[Part, ...] = ()) -> Awaitable[Prepared]:
            return self.run.pool.extract(
                item.body, item.url, content_type, self.options, parts=parts
            )

        off = self._off_articles(item)
        if off and (gone := self._sent_off(item)) is not None:
            return gone
        prepared, parts, cut = await with_parts(self.crawler, item, await extract(), extract)
        result = prepared.result
        if isinstance(result, ExtractFailure):
            return self._failed(item, result, off)
        if (gone := self._not_the_article(item, result.text, off)) is not None:
            return gone
        cut = cut or result.broken_part
        if self._a_later_part(item, result) or (cut and item.archived_id is not None):
            # (An archived article whose re-check lost a part keeps the text it has.)
            settle_page(self.crawler, item.canonical)
            raise DropItem("a later part, or an article re-checked in part", log_level="DEBUG")
        capture = replace(_capture(item, result, prepared), parts=parts)
        return ArticleItem(item.canonical, self._record(item, result, prepared), capture)

    def _off_articles(self, page: FetchedPage) -> bool:
        """Did the request redirect to a page that is no article of the source?"""
        if page.requested in ("", page.url):
            return False
        source = self.run.source
        return not source.is_article(canonical_url(page.url, source.url_rewrites))

    def _sent_off(self, page: FetchedPage) -> Gone | None:
        """A page sent to the home page or a login page takes none of its text: an archived
        article re-checked there was taken down (a login page: no word on it). A new link
        that leads there, or to a section's address, is no article. (Elsewhere, and for
        a re-check anywhere else: judged by what the page says, _not_the_article.)"""
        source, archived = self.run.source, page.archived_id
        home = _sent_home(page, source)
        if home and archived is not None:
            return self._gone(page, archived, f"now leads to {page.url}")
        if home or _passing(page.url) or (archived is None and _a_section(page, source)):
            moved = f"{page.requested} leads to {page.url}"
            report_error(self.crawler, page.url, "redirected", moved, key=page.canonical)
            raise DropItem("redirected off the articles", log_level="DEBUG")
        return None

    def _failed(self, page: FetchedPage, result: ExtractFailure, off: bool) -> Gone:
        """No article here: a re-checked one that now says it is gone was taken down; anything
        else is recorded and dropped (a page without text it was sent to may be a listing of
        links, a login form no address rule knows, a video with a caption: no sure sign)."""
        archived = page.archived_id
        if archived is not None and result.kind in TAKEN_DOWN:
            return self._gone(page, archived, f"{page.url}: {result.message}")
        report_error(self.crawler, page.url, f"extract_{result.kind}", result.message,
                     key=page.canonical)  # fmt: skip
        raise DropItem(f"extract_{result.kind}", log_level="DEBUG")  # recorded already

    def _not_the_article(self, page: FetchedPage, text: str, off: bool) -> Gone | None:
        """A re-check's text that shares little with the archived article's is not its edit:
        a redirect to another page of some length (a listing, another story) took the article
        down. A short text in its place or where it was sent is no version of it either
        (shrunk): the lead above a wall, an offer, a retraction, a notice in words no rule
        knows (its words recorded; not marked, as a wall across a site would mark them all)."""
        archived = page.archived_id
        if archived is None or not (off or len(text) < NOTICE_TEXT):
            return None
        before = self.run.read(self.run.archive.article_text, archived)
        if not before:
            return None
        alike = shared(before, text) >= SAME_ARTICLE
        if off and not alike and len(text) >= NOTICE_TEXT:
            return self._gone(page, archived, f"now leads to {page.url}, another page")
        short = len(text) < NOTICE_TEXT and 4 * len(text) < len(before)
        if not short and (alike or not off):
            return None
        said = f"the page holds {len(text)} characters of text now, against {len(before)} archived"
        if not alike:  # a retraction, a notice or a wall in words no rule knows: recorded
            said += f": {text}"
        report_error(self.crawler, page.url, "shrunk", said, key=page.canonical)
        raise DropItem("a short text in place of the article", log_level="DEBUG")

    def _gone(self, page: FetchedPage, article_id: int, message: str) -> Gone:
        report_error(self.crawler, page.url, "taken_down", message, key=page.canonical)
        landed = _address(page.url) if page.requested not in ("", page.url) else None
        return Gone(page.canonical, article_id, page.fetched_at, landed)

    def _a_later_part(self, page: FetchedPage, result: Extracted) -> bool:
        """A page that names its article's first page as its address, and is that address
        with a part number added (a listing linked it): that article's crawl reads it."""
        first = result.canonical
        if first is None or not self.run.source.is_article(first):
            return False  # a template's canonical to the section or the home page
        number = part_number(page.url, first)
        return number is not None and number <= MAX_PARTS + 1

    def _record(self, page: FetchedPage, result: Extracted, prepared: Prepared) -> ArticleRecord:
        published, raw, origin = result.published_at, result.published_raw, result.published_from
        # A permalink's date has no time: the feed's date of the same day says more. (A
        # feed's date on another day may be its re-push of an edit, never the publication.)
        usable = published is None or origin == "url"
        hinted = parse_date(page.hint_date) if page.hint_date and usable else None
        if hinted and (published is None or hinted[:10] == published):
            published, raw, origin = hinted, page.hint_date, "feed"
        return ArticleRecord(
            url=self._url(page, result),
            source=self.run.source.id,
            title=result.title,
            text=result.text,
            published_at=published,
            published_raw=raw if published else None,
            published_from=origin if published else None,
            authors=result.authors,
            language=result.language,
            # The address the crawl asked for: a later run finds the article by it, so a
            # link that redirects (/go/123) is not fetched again (the capture keeps where
            # the redirect ended).
            fetched_url=page.requested or page.url,
            etag=page.headers.get("Etag") or page.headers.get("ETag"),
            last_modified=page.headers.get("Last-Modified"),
            content_hash=prepared.content_hash,
            minhash=prepared.minhash,
            search_title=prepared.search_title,
            search_text=prepared.search_text,
        )

    def _url(self, page: FetchedPage, result: Extracted) -> str:
        """rel=canonical wins only when it points at an article of this source that is not
        another story: a template that points every page at one URL must not merge different
        articles into one row. A URL this crawl fetches on its own too wins only once the
        archive holds this story there (else a broken template's pages would each write it
        before its own page came)."""
        source, url = self.run.source, page.canonical
        declared = result.canonical and canonical_url(result.canonical, source.url_rewrites)
        if (
            not declared
            or declared == url
            or not in_domains(declared, source.allowed_domains)
            or not source.is_article(declared)
        ):
            return _redirected(page, source) or url
        held = self.run.read(self.run.archive.story_at, declared, result.text, default="other")
        fetched_too = declared in self.crawler.spider.frontier.seen
        return declared if held == "same" or (held == "none" and not fetched_too) else url


# Where a site sends a reader for a while (sign in, consent, subscribe, maintenance): not a
# take-down.
# (a part of the address of its own, not a word of a slug: "/author/", "accountability",
# "bridge-maintenance-delayed" are no such)
_PASSING = re.compile(
    r"(?:^|[/.])(?:log[-_]?in|wp-login|sign[-_]?in|my-?account|account|auth|maintenance"
    r"|connexion|captcha|consent|premium|paywall|offers?|offres?)(?:$|[/?.#])",
    re.I,
)
# A subscription page's name, made of nothing but a subscription's words ("/subscription-offers",
# "/offres-abonnement", "/اشتراك"; not "/subscribe-to-democracy", "/وزير-اشترك-في-مؤتمر").
_SUBSCRIPTION = re.compile(
    r"(?:(?:subscribe|subscriptions?|abonnements?|abonnez|vous|offers?|offres?|premium|digital"
    r"|numerique|plans?|الاشتراك|اشتراك|اشترك)(?:[-_]|$))+",
    re.I,
)


def _passing(url: str) -> bool:
    """A login, consent or subscription page, by its address (in letters, not escapes)."""
    address = unquote(url)
    if _PASSING.search(address):
        return True
    segments = urlsplit(address).path.split("/")
    return any(_SUBSCRIPTION.fullmatch(segment) for segment in segments if segment)


# A "not found" page's address: "/404", "/not-found", "/page-introuvable.html".
_NOT_FOUND = re.compile(
    r"^/(?:[a-z]{2}/)?(?:404|not-?found|page-?not-?found|introuvable|page-introuvable"
    r"|erreur-404|error-404)(?:\.(?:html?|php|aspx?))?/?$",
    re.I,
)
# The home page, or an edition's: "/", "/index.php", "/ar/", "/fr/index.html".
_HOME = re.compile(
    r"^/*(?:[a-z]{2}(?:-[a-z]{2})?/*)?(?:(?:index|default)\.(?:html?|php|aspx?))?$", re.I
)
_WORD = re.compile(r"[^\W\d_]+")  # a section's name: "sport", "محليات" (not a slug, not an id)
# A query that names a page of its own: an id ("?p=4567", Joomla's "id=1:alias", a GUID) or
# a key that names a post ("?post=slug"). Not Joomla's menu item, a language, a referrer.
_AN_ID = re.compile(r"^(?:\d+(?::.*)?|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f-]{22,})$", re.I)
_POST_KEYS = frozenset({"p", "id", "post", "page_id", "story", "article", "newsid", "articleid",
                        "nid", "aid", "storyid", "slug"})  # fmt: skip
_NOT_IDS = frozenset({"itemid", "lang", "l", "hl"})
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


def _sent_home(page: FetchedPage, source: Source) -> bool:
    """Redirected to the home page, an edition's ("/ar/"), a start page or a "not found"
    page's address ("/404"). A query that names a page makes one of its own ("/?p=4567",
    "/index.php?option=com_k2&id=1:slug"); "?lang=ar", "?ref=rss", Joomla's
    "?view=featured&Itemid=101" do not."""
    landed = canonical_url(page.url, source.url_rewrites)
    if _passing(landed):
        return False
    address = urlsplit(landed)
    if _NOT_FOUND.search(unquote(address.path)):
        return True
    if landed in {canonical_url(u, source.url_rewrites) for u in source.start_urls}:
        return True
    own = any(_names_a_page(key, value) for key, value in parse_qsl(address.query))
    return _HOME.match(address.path) is not None and not own


def _names_a_page(key: str, value: str) -> bool:
    """A query's key and value that name a page ("p=4567", "id=1:alias", "NewsID=<guid>",
    "catid=5"; not a cache-buster's number, "?nocache=1717171701", "?t=…")."""
    key = key.lower()
    if key in _POST_KEYS:
        return True
    return key.endswith("id") and key not in _NOT_IDS and _AN_ID.match(value) is not None


def _address(url: str) -> str:
    """A page's address less the parts of its query that name no page ("?origin=/news/5")."""
    parts = urlsplit(url)
    query = "&".join(f"{k}={v}" for k, v in parse_qsl(parts.query) if _names_a_page(k, v))
    return parts._replace(query=query, fragment="").geturl()


def _a_section(page: FetchedPage, source: Source) -> bool:
    """Redirected to a listing's address: a section's word or two without an id ("/sport/",
    "/ar/news/local"; not a slug), a category's, a tag's (_LISTING)."""
    landed = canonical_url(page.url, source.url_rewrites)
    path = unquote(urlsplit(landed).path)
    segments = [s for s in path.split("/") if s]
    if segments and len(segments[0]) == 2 and segments[0].isascii():
        segments = segments[1:]  # a language: "/ar/news/local"
    section = 0 < len(segments) <= 2 and all(_WORD.fullmatch(s) for s in segments)
    return (section or _LISTING.match(path) is not None) and not _passing(landed)


def _redirected(page: FetchedPage, source: Source) -> str | None:
    """Where a redirect ended, when that is an article of the source: the article's address
    (the link followed, /go/123 or an old path, is only the way there)."""
    if not page.requested or page.requested == page.url:
        return None
    landed = canonical_url(page.url, source.url_rewrites)
    if landed == page.canonical or not in_domains(landed, source.allowed_domains):
        return None
    return landed if source.is_article(landed) else None


def _capture(page: FetchedPage, result: Extracted, prepared: Prepared) -> Capture:
    return Capture(
        url=page.url,
        status=page.status,
        headers=page.headers,
        body=page.body,
        fetched_at=page.fetched_at,
        encoding=result.encoding,
        body_zlib=prepared.body_zlib,
    )
