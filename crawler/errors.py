"""Page errors: a stable kind for each failure, reported to the run through a Scrapy signal.

Spider, middlewares and pipeline only report; the run's recorder (crawler.recorder) writes."""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import DownloadFailedError
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import (
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure

from crawler.settings import DOWNLOAD_MAXSIZE

# Sent with url, kind, message, key: one problem of the run (a 404, a malformed feed, a refusal).
page_error = object()
# Sent with key: an article request that ended without an item or an error of its own.
page_settled = object()
# Sent with kind (feed | sitemap), url, found_on: a discovery URL the source declared itself.
endpoint_found = object()
# Sent with url, etag, last_modified: a discovery page's validators, for the next run's GET.
validators_seen = object()
# Sent with last_id: how far the source's sweep of its older articles went this run.
revisits_queued = object()
# Sent with url, children: the discovery pages a sitemap index or a listing led to.
children_seen = object()
# Sent with article_id (or url), changed: the change date a sitemap or feed gives an article.
signal_read = object()
# Sent with article_id (or url), forms: the headlines an article is to remember (headlines).
title_read = object()
# Sent with page (items.FetchedPage): a new link the article pattern took that is a listing.
listing_found = object()

_MESSAGES = [  # (fragment of the exception message, recorded kind), checked first
    ("during decompression", "decompression_bomb"),
    ("max redirections", "too_many_redirects"),
    ("maxsize", "too_large"),
    ("larger than download", "too_large"),
    ("exceeds download_maxsize", "too_large"),
]
# Where the exceptions of a Content-Encoding's decoders come from (zlib.error, BadGzipFile …).
_CODECS = {"zlib", "gzip", "brotli", "brotlicffi", "zstandard"}
_KINDS = [  # (fragment of the exception class name, recorded kind)
    ("resolve", "dns"),
    ("dns", "dns"),
    ("timeout", "timeout"),
    ("timedout", "timeout"),
    ("refused", "connection_refused"),
    ("connectionlost", "connection_lost"),
    ("responsefailed", "connection_lost"),
    ("reset", "connection_lost"),
    ("dataloss", "connection_lost"),
    ("maxsize", "too_large"),
    ("ignorerequest", "refused"),
    # Scrapy cancels a download for one reason only: it grew past DOWNLOAD_MAXSIZE.
    ("downloadcancelled", "too_large"),
]


def report_error(
    crawler: Any, url: str | None, kind: str, message: str, key: str | None = None
) -> None:
    """Tell the run about one problem; the recorder counts and stores it. key: the discovery
    key of the article page it ends, if any."""
    crawler.signals.send_catch_log(signal=page_error, url=url, kind=kind, message=message, key=key)


def report_endpoint(crawler: Any, kind: str, url: str, found_on: str) -> None:
    crawler.signals.send_catch_log(signal=endpoint_found, kind=kind, url=url, found_on=found_on)


def report_validators(crawler: Any, url: str, etag: str | None, last_modified: str | None) -> None:
    crawler.signals.send_catch_log(
        signal=validators_seen, url=url, etag=etag, last_modified=last_modified
    )


def report_children(
    crawler: Any, url: str, children: list[str], lastmods: dict[str, str] | None = None
) -> None:
    crawler.signals.send_catch_log(
        signal=children_seen, url=url, children=children, lastmods=lastmods
    )


def report_signal(
    crawler: Any, article_id: int | None, changed: str, url: str | None = None
) -> None:
    """article_id None: an article new this run, known by its url."""
    crawler.signals.send_catch_log(
        signal=signal_read, article_id=article_id, changed=changed, url=url
    )


def report_title(crawler: Any, article_id: int | None, forms: str, url: str | None = None) -> None:
    """article_id None: an article new this run, known by its url (its row may be written)."""
    crawler.signals.send_catch_log(signal=title_read, article_id=article_id, forms=forms, url=url)


def report_listing(crawler: Any, page: Any) -> None:
    """A page fetched as an article candidate is a listing (its teasers, no text of its own):
    its links and next pages are read as a listing's."""
    crawler.signals.send_catch_log(signal=listing_found, page=page)


def report_revisits(crawler: Any, last_id: int) -> None:
    crawler.signals.send_catch_log(signal=revisits_queued, last_id=last_id)


def settle_page(crawler: Any, key: str | None) -> None:
    if key is not None:
        crawler.signals.send_catch_log(signal=page_settled, key=key)


def classify(failure: Failure) -> tuple[str, str]:
    """A stable error kind for the run's record, and a one-line message."""
    exc = failure.value
    if failure.check(HttpError):
        status = exc.response.status
        return f"http_{status}", f"HTTP {status}"
    if failure.check(DNSLookupError):
        return "dns", str(exc)[:500]
    if failure.check(TimeoutError, TCPTimedOutError):
        return "timeout", str(exc)[:500]
    if failure.check(ConnectionRefusedError):
        return "connection_refused", str(exc)[:500]
    if failure.check(DownloadFailedError):
        return "connection_lost", _lost(exc)
    name, text = type(exc).__name__.lower(), str(exc).lower()
    kind = next((k for fragment, k in _MESSAGES if fragment in text), None)
    if kind is None and type(exc).__module__.partition(".")[0] in _CODECS:
        kind = "bad_encoding"  # a body that is not what its Content-Encoding says
    kind = kind or next((k for fragment, k in _KINDS if fragment in name), name)
    if kind == "too_large" and not str(exc).strip():  # a body with no length, cut once past it
        limit = f"{DOWNLOAD_MAXSIZE / 2**20:g} MiB"
        return kind, f"the body, sent without its length, grew past the size limit ({limit})"
    return kind, f"{type(exc).__name__}: {exc}"[:500]


def _lost(exc: BaseException) -> str:
    """A readable line for a connection the server closed or reset before its answer was
    whole: Scrapy wraps Twisted's ResponseFailed, whose text is a list of Failure reprs
    ("[<twisted.python.failure.Failure twisted.internet.error.ConnectionDone: …>]")."""
    reasons = getattr(exc.__cause__, "reasons", None) or []
    said = "; ".join(
        f"{type(r.value).__name__}: {r.getErrorMessage()}" for r in reasons if hasattr(r, "value")
    )
    return f"the connection was closed before the whole response came ({said or exc})"[:500]
