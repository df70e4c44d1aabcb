"""From a fetched article page to an archive item: extraction in the pool, then the record.

The pipeline writes nothing: the item goes on to the run's recorder (crawler.recorder)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from dataclasses import replace
from typing import Any

from scrapy.exceptions import DropItem, NotConfigured

from archive import ArticleRecord, Capture
from archive.articles import Story, StoryPrint, one_story, story_print
from archive.dedup import shared, titles_alike
from crawler.articleparts import with_parts
from crawler.canonical import article_id, in_domains, number_stem, query_in_charset
from crawler.crawlrun import CrawlRun, run_of
from crawler.downloader import stopped_sending
from crawler.errors import report_error, report_listing, settle_page
from crawler.extract import (
    LISTING_SHARE,
    NOTICE_TEXT,
    Extracted,
    ExtractFailure,
    ExtractOptions,
    Part,
    says_not_found,
)
from crawler.extract.dates import parse_date
from crawler.extract.parts import MAX_PARTS, part_number
from crawler.extract.pool import Prepared
from crawler.items import HOME, PAGE_TITLED, ArticleItem, FetchedPage, Gone
from crawler.landing import a_section, address, passing, sent_home
from crawler.sources import Source

# What a re-checked archived article's page may now say instead: it was taken down.
TAKEN_DOWN = frozenset({"not_found", "notice"})
# Shared share of word 3-shingles (archive.dedup.shared) from which a re-check's text is the
# archived article's, edited: an edit keeps most of the shorter text; a listing, another
# story or a notice share a headline at most.
SAME_ARTICLE = 0.3
# Seconds between looks at whether a page's declared canonical article has come.
DECLARED_POLL = 0.05


class ExtractPipeline:
    def __init__(self, crawler: Any, run: CrawlRun) -> None:
        self.crawler = crawler
        self.run = run
        source = run.source
        self.options = ExtractOptions(
            source.body_selector, source.drop_selectors, chrome=run.chrome
        )
        self.canonical_wait: float = crawler.settings.getfloat("ARSHIF_CANONICAL_WAIT")
        # Page key -> the declared canonical article it waits for (_await_declared).
        self.awaiting: dict[str, str] = {}
        # Declared canonical key -> the story this run gave it, its row perhaps not written
        # yet (a batch is written at once): a later page naming it must tell that story too.
        # Its print, not its text: one for every such article of the run.
        self.canonical_stories: dict[str, StoryPrint] = {}
        # Article number stem (crawler.canonical.number_stem) -> the key of the first new
        # page of this run under it: a later form of its address finds its row (_one_row),
        # written first if the batch holds it still. A key each, no text.
        self.stems: dict[str, str] = {}

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
        if isinstance(result, Extracted):  # pages dropped as its later parts and not read so
            self.crawler.spider.parts_read(item.canonical, [p.url for p in parts])
        if isinstance(result, Extracted) and result.walled and item.archived_id is not None:
            # The lead above a wall is what a first fetch keeps, never a version of an article.
            result = ExtractFailure("paywall", "the text ends in a wall's notice")
        if isinstance(result, ExtractFailure):
            return self._failed(item, result, off)
        moved = off or _redirected(item, self.run.source) is not None
        if (gone := self._not_the_article(item, result, moved)) is not None:
            return gone
        if item.archived_id is None and result.teasers:
            return self._failed(
                item, ExtractFailure("listing", _LISTING_SAYS.format(result.title)), off
            )
        cut = cut or result.broken_part
        if self._a_later_part(item, result) or (cut and item.archived_id is not None):
            # (An archived article whose re-check lost a part keeps the text it has.)
            settle_page(self.crawler, item.canonical)
            raise DropItem("a later part, or an article re-checked in part", log_level="DEBUG")
        capture = replace(_capture(item, result, prepared), parts=parts)
        await self._await_declared(item, result)
        return ArticleItem(item.canonical, self._record(item, result, prepared), capture)

    def _off_articles(self, page: FetchedPage) -> bool:
        """Did the request redirect to a page that is no article of the source?"""
        if page.requested in ("", page.url):
            return False
        source = self.run.source
        return not source.leads_to_article(page.url, page.requested)

    def _sent_off(self, page: FetchedPage) -> Gone | None:
        """A page sent to the home page or a login page takes none of its text: an archived
        article re-checked there was taken down (a login page: no word on it). A new link
        that leads there, or to a section's address, is no article. (Elsewhere, and for
        a re-check anywhere else: judged by what the page says, _not_the_article.)"""
        source, archived = self.run.source, page.archived_id
        home = sent_home(page, source)
        if home and archived is not None:
            return self._gone(page, archived, f"now leads to {page.url}", HOME)
        if home or passing(page.url) or (archived is None and a_section(page, source)):
            moved = f"{page.requested} leads to {page.url}"
            report_error(self.crawler, page.requested or page.url, "redirected", moved,
                         key=page.canonical)  # fmt: skip
            raise DropItem("redirected off the articles", log_level="DEBUG")
        return None

    def _failed(self, page: FetchedPage, result: ExtractFailure, off: bool) -> Gone:
        """No article here: a re-checked one that now says it is gone was taken down, and so
        was one whose address now leads off the articles (off: a section's listing) or
        answers another page (another title) without text; anything else is recorded and
        dropped (a new link's page without text may be a listing of links, a login form no
        address rule knows, a video with a caption: no sure sign)."""
        archived = page.archived_id
        if archived is not None and result.kind in TAKEN_DOWN:
            return self._gone(page, archived, f"{page.url}: {result.message}")
        if archived is not None and result.kind == "no_text":
            if off:
                return self._gone(page, archived, f"now leads to {page.url}, a page without text")
            if self._retitled(page, result):
                said = f"another page in its place, without text: {result.title!r}"
                return self._gone(page, archived, said, f"{PAGE_TITLED}{result.title}")
        if (
            result.kind == "blocked"
            and page.cookie_gained
            and self.crawler.spider.ask_with_cookie(
                page.canonical, page.requested or page.url, archived
            )
        ):
            raise DropItem("a wall that set a cookie: asked again with it", log_level="DEBUG")
        report_error(self.crawler, page.url, f"extract_{result.kind}", result.message,
                     key=page.canonical)  # fmt: skip
        if archived is None and not off and _a_section(result):
            report_listing(self.crawler, page)  # a section the pattern took: its links are read
        raise DropItem(f"extract_{result.kind}", log_level="DEBUG")  # recorded already

    def _not_the_article(self, page: FetchedPage, result: Extracted, moved: bool) -> Gone | None:
        """A re-check's page that shares little with the archived article is no edit of it.
        One of some length took the article down: a redirect to another page (a listing,
        another story, at an article address or not), or a page in its place whose title
        says it was not found, or that is teasers under another headline (a listing, the home
        page served at the article's address). A short text in its place or where it
        was sent is no version of it either (shrunk): the lead above a wall, an offer, a
        retraction, a notice in words no rule knows (its words recorded; not marked, as a
        wall across a site would mark them all)."""
        archived, text = page.archived_id, result.text
        if archived is None:
            return None
        held = self.run.read(self.run.archive.article_words, archived)
        if not held or not held[1]:
            return None
        title, before = held
        alike = shared(before, text) >= SAME_ARTICLE
        if not alike and len(text) >= NOTICE_TEXT:
            if moved:
                return self._gone(page, archived, f"now leads to {page.url}, another page")
            if says_not_found(result.title):
                return self._gone(page, archived, f"{page.url}: its title says it was not found")
            if _a_listing(result) and not titles_alike(title, result.title or ""):
                said = f"another page in its place: {result.title!r}"
                return self._gone(page, archived, said, f"{PAGE_TITLED}{result.title}")
        short = len(text) < NOTICE_TEXT and 4 * len(text) < len(before)
        if not short and (alike or not moved):
            return None
        said = f"the page holds {len(text)} characters of text now, against {len(before)} archived"
        if not alike:  # a retraction, a notice or a wall in words no rule knows: recorded
            said += f": {text}"
        report_error(self.crawler, page.url, "shrunk", said, key=page.canonical)
        raise DropItem("a short text in place of the article", log_level="DEBUG")

    def _retitled(self, page: FetchedPage, result: ExtractFailure) -> bool:
        """The page at the article's address is titled otherwise than the article (a
        template that broke keeps the article's title)."""
        held = self.run.read(self.run.archive.article_words, page.archived_id)
        return bool(held and held[0] and result.title and not titles_alike(held[0], result.title))

    def _gone(
        self, page: FetchedPage, article_id: int, message: str, landed: str | None = None
    ) -> Gone:
        """landed: where the redirect ended, if one did (HOME for any of the site's home
        pages: an edition's is the same trouble)."""
        # Under the article's address: where a redirect ended (the home page) names no article.
        report_error(self.crawler, page.requested or page.url, "taken_down", message,
                     key=page.canonical)  # fmt: skip
        if landed is None and page.requested not in ("", page.url):
            landed = address(page.url)
        return Gone(page.canonical, article_id, page.fetched_at, landed)

    def _a_later_part(self, page: FetchedPage, result: Extracted) -> bool:
        """A page that is its article's first page with a part number added, and names that
        page as its address (rel=canonical) or links it from its pager (a listing linked
        the later part): the first page is asked, and its crawl reads this one."""
        source = self.run.source
        # (A pager's first page is Drupal's too: its second part is ?page=1.)
        for first, least in ((result.canonical, 2), (result.first_part, 1)):
            if first is None or not source.is_article(first):
                continue  # a template's canonical to the section or the home page
            number = part_number(page.url, first, least=least)
            if number is not None and number <= MAX_PARTS + 1:
                # (No part of it, as its first page's crawl found: an article of its own.)
                return self.crawler.spider.ask_first_part(first, page.url)
        return False

    def _record(self, page: FetchedPage, result: Extracted, prepared: Prepared) -> ArticleRecord:
        published, raw, origin = result.published_at, result.published_raw, result.published_from
        # A day without a time (a permalink's, or the page's own "03/11/2024"): the feed's
        # date of the same day says more. (A feed's date on another day may be its re-push
        # of an edit, never the publication.)
        usable = published is None or origin == "url" or "T" not in published
        hinted = parse_date(page.hint_date) if page.hint_date else None
        if hinted and usable and (published is None or hinted[:10] == published):
            published, raw, origin = hinted, page.hint_date, "feed"
        elif hinted and published and _same_clock(published, hinted):
            # The page's time without its zone ("2024-12-03T10:30"), the feed's the same
            # with it ("…10:30:00+03:00"): one moment, which the feed says in full.
            published = hinted
        url = self._held_key(page, self._url(page, result, prepared))
        return ArticleRecord(
            url=url,
            source=self.run.source.id,
            title=result.title,
            text=result.text,
            published_at=published,
            published_raw=raw if published else None,
            published_from=origin if published else None,
            authors=result.authors,
            language=result.language,
            walled=result.walled,
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
            moved_from=self._moved(page, url, result),
        )

    def _held_key(self, page: FetchedPage, url: str) -> str:
        """The key an archived article was stored under when today's rules key its address
        otherwise (a tracking parameter added to them, a slug's Unicode composed, a host's
        www. twin): that row is the article's still, updated in place, never a second one."""
        archived = page.archived_id
        if archived is None or url != page.canonical:
            return url
        held = self.run.read(self.run.archive.article_url, archived)
        return held if held and held != url and self.run.source.key(held) == url else url

    def _moved(self, page: FetchedPage, url: str, result: Extracted) -> int | None:
        """The archived article a re-check found moved to url, another of the source's
        article addresses: its address redirects there, or names it as its canonical (a CMS
        that answers any slug of an id names the current one), and the text there is still
        its text. None for anything else."""
        archived = page.archived_id
        if archived is None or url == page.canonical:
            return None
        if _redirected(page, self.run.source) == url:
            return archived  # (_not_the_article judged the text)
        if url != self._declared(page, result):
            return None
        held = self.run.read(self.run.archive.article_words, archived)
        return archived if held and shared(held[1], result.text) >= SAME_ARTICLE else None

    def _declared(self, page: FetchedPage, result: Extracted) -> str | None:
        """The page's rel=canonical, when it names another article address of the source."""
        named = _named(result)
        if named is None:
            return None
        source = self.run.source
        declared = source.key(named)
        if (
            declared == page.canonical
            or not in_domains(declared, source.allowed_domains)
            or not source.leads_to_article(named, page.url)
        ):
            return None
        return declared

    async def _await_declared(self, page: FetchedPage, result: Extracted) -> None:
        """A page that names as its canonical an article this run fetches too, not archived
        yet, waits until that article's page is written or settled otherwise (at most
        ARSHIF_CANONICAL_WAIT seconds; not when that page waits for this one, nor while the
        crawl sends nothing, _held_up): its row decides where this copy goes (_url). One
        that nothing fetches is asked now, unless the page's address bears it out
        (_borne_out): a canonical is a claim, and only its page can bear it out (a
        template's canonical without the id, an editor's pasted one naming another story)."""
        declared = self._declared(page, result)
        recorder, spider = self.run.recorder, self.crawler.spider
        if declared is None or recorder is None:
            return
        if self.run.read(self.run.archive.article_state, declared) is not None:
            return  # archived before: _url judges it as it is
        if declared not in spider.frontier.seen and (
            self._borne_out(page, declared)
            or not spider.ask_declared(_named(result) or declared, page.url)
        ):
            return
        deadline = time.monotonic() + self.canonical_wait
        self.awaiting[page.canonical] = declared
        try:
            while (
                time.monotonic() < deadline
                and self.awaiting.get(declared) != page.canonical
                and not recorder.holds(declared)
                and (spider.to_come(declared) or declared in recorder.open_pages)
                and not self._held_up()
            ):
                await asyncio.sleep(DECLARED_POLL)
        finally:
            self.awaiting.pop(page.canonical, None)

    def _borne_out(self, page: FetchedPage, declared: str) -> bool:
        """Does the page's own address bear its canonical out, unasked: the same article
        id in both (a mobile or print copy), or a redirect that ended there?"""
        return _kin(page.url, declared) or self.run.source.key(page.url) == declared

    def _held_up(self) -> bool:
        """The crawl sends nothing more for now: it stops, or pages waiting in the pipeline
        fill the scraper (SCRAPER_SLOT_MAX_ACTIVE_SIZE; copies waiting for their canonical
        pages among them), and those pages would never come."""
        slot = getattr(self.crawler.engine.scraper, "slot", None)
        return stopped_sending(self.crawler) or (slot is not None and slot.needs_backout())

    def _url(self, page: FetchedPage, result: Extracted, prepared: Prepared) -> str:
        """rel=canonical wins only when it points at an article of this source that is not
        another story: a template that points every page at one URL must not merge different
        articles into one row. A URL this crawl fetches too wins only once the archive
        holds this story there (else a broken template's pages would each write it before
        its own page came; _await_declared waited for it, and asked it when nothing else
        did); one nothing fetches only when the page's address bears it out (_borne_out) and
        it tells the story this run gave that URL already, if any (a batch's rows are
        written at once)."""
        source, url = self.run.source, page.canonical
        declared = self._declared(page, result)
        if declared is None:
            return self._one_row(page, result, _redirected(page, source) or url)
        kin = self._borne_out(page, declared)
        said: Story = (result.text, result.title or "", result.published_at)
        story = (self.run.archive.story_at, declared, said[0], said[1], kin, said[2])
        held = self.run.read(*story, default="other")
        fetched_too = declared in self.crawler.spider.frontier.seen
        recorder = self.run.recorder
        if held == "none" and fetched_too and recorder is not None and recorder.holds(declared):
            # The declared page came first, its row not yet written: written now, then judged
            # (an AMP or print copy was stored as a row of its own, and as the story's root).
            recorder.flush()
            held = self.run.read(*story, default="other")
        given = self.canonical_stories
        if held == "none" and declared in given:
            held = "same" if one_story(said, given[declared], kin) else "other"
        if held == "same" or (held == "none" and kin and not fetched_too):
            if declared not in given:  # (the worker's keys: no signature computed here)
                given[declared] = story_print(said, prepared.content_hash, prepared.minhash)
            return declared
        return self._one_row(page, result, url)

    def _one_row(self, page: FetchedPage, result: Extracted, url: str) -> str:
        """Where a page with no canonical taken goes: url, unless the source's archive holds
        its story at another form of its address (the same article number under the same
        path, "/news/5003" and "/news/5003/slug": Articles.twin_at), written there then, its
        address that row's alias (not fetched again); a mirror's page (Source.is_mirror) that
        tells another story than the row at its key goes to its own address."""
        said: Story = (result.text, result.title or "", result.published_at)
        run, source = self.run, self.run.source
        if page.archived_id is not None:
            if url != page.canonical or not source.is_mirror(page.url):
                return url
            held = run.read(run.archive.story_at, url, said[0], said[1], True, said[2])
            return source.own_key(page.url) if held == "other" else url
        stem = number_stem(url)
        if stem is None:
            return url
        first = self.stems.setdefault(stem, page.canonical)
        recorder = run.recorder
        if first != page.canonical and recorder is not None and recorder.holds(first):
            recorder.flush()  # (its row is read below)
        return run.read(run.archive.twin_at, source.id, stem, url, said) or url


def _redirected(page: FetchedPage, source: Source) -> str | None:
    """Where a redirect ended, when that is an article of the source: the article's address
    (the link followed, /go/123 or an old path, is only the way there)."""
    if not page.requested or page.requested == page.url:
        return None
    landed = source.key(page.url)
    if landed == page.canonical or not in_domains(landed, source.allowed_domains):
        return None
    return landed if source.leads_to_article(page.url, page.requested) else None


def _named(result: Extracted) -> str | None:
    """The page's rel=canonical, its query escaped in the page's charset as its links are
    (crawler.canonical)."""
    if not result.canonical:
        return None
    return query_in_charset(result.canonical, result.encoding)


def _kin(url: str, declared: str) -> bool:
    """Do two addresses name one article id ("/news/5003" and "/m/news/5003/slug")?"""
    mine = article_id(url)
    return mine is not None and mine == article_id(declared)


_LISTING_SAYS = "teasers, not an article: {!r}"


def _a_section(result: ExtractFailure) -> bool:
    """A new link's page that is a section the article pattern took: teasers, or a listing
    by its CMS's or its title's word (not a page without text: a script-rendered article, a
    video, whose related links would be read as a section, and theirs after them)."""
    return result.kind == "listing"


def _a_listing(result: Extracted) -> bool:
    """Teasers in an archived article's place: a third of the lines are the whole text of a
    link or its excerpt (a listing, a home page); a story rewritten under a new headline
    links none of its paragraphs."""
    return result.linked_share >= LISTING_SHARE


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


def _same_clock(naive: str, zoned: str) -> bool:
    """A time without an offset and one with it that read the same on the clock, to the
    minute ("2024-12-03T10:30:00", "2024-12-03T10:30:00+03:00")."""
    has_zone = len(zoned) > 19 and zoned[19] in "+-Z"
    return len(naive) == 19 and has_zone and naive[:16] == zoned[:16]
