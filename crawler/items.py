"""What flows from spider to pipeline to recorder: small dataclasses, not dicts."""

from __future__ import annotations

from dataclasses import dataclass, field

from archive import ArticleRecord, Capture


@dataclass
class FetchedPage:
    """An article page as fetched, before extraction."""

    canonical: str  # the canonical URL discovery gave it
    url: str  # where it was fetched from (after redirects)
    status: int
    headers: dict[str, str]
    body: bytes = field(repr=False)  # never dumped whole into a log line
    fetched_at: str = ""
    hint_date: str | None = None  # a date the feed or sitemap gave
    requested: str = ""  # the URL asked for, when a redirect ended elsewhere
    archived_id: int | None = None  # a re-check of this archived article
    cookie_gained: bool = False  # the answer set a cookie the request did not send


@dataclass
class ArticleItem:
    """An extracted article, ready for the archive."""

    key: str  # the discovery key it was requested under
    record: ArticleRecord
    capture: Capture


# A Gone's landing on the home page, or on any edition's ("/ar/", "/en/"): one address.
HOME = "(home)"
# Another page served at an article's own address: pages of one title are one address too
# (a broken deploy that serves the home page, or a "not found" page, at every address).
PAGE_TITLED = "(page titled) "


@dataclass
class Gone:
    """An archived article whose re-check found it taken down (404 or 410, sent home or to
    another page, a removal or "not found" notice: crawler.pipelines)."""

    key: str
    article_id: int
    when: str
    landed: str | None = None  # where a redirect led it, if one did (less "?origin=…")


@dataclass
class NotModified:
    """An archived article that answered 304 to its conditional re-check."""

    key: str
    article_id: int
    when: str  # when it answered
