"""Downloader middlewares: containment (no private address it was not told to fetch) and
retries that honour Retry-After."""

from __future__ import annotations

import ipaddress
import socket
import time
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import signals
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import CancelledError, Deferred
from twisted.internet.threads import deferToThread
from twisted.python.failure import Failure

from crawler.canonical import host_of, in_domains, is_ip_address
from crawler.cookies import COOKIE_GAINED
from crawler.downloader import SENDING_STOPPED, NotSent, pause_host, slow_down, stopped_sending
from crawler.errors import classify, report_error


def is_private_host(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_unspecified
    )


def _resolve(host: str) -> list[str]:
    """Addresses of a host; [] when it does not resolve (the download then fails as dns)."""
    try:
        # str() only for mypy: typeshed lets a sockaddr start with an int (non-IP families);
        # a host name resolves to IPv4/IPv6 ones, which start with the address as a str.
        return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None)})
    except (OSError, UnicodeError):
        return []


class Refused(IgnoreRequest):
    """A request the crawl will not make; already recorded in the run when raised."""


class ContainmentMiddleware:
    """Keeps a crawl inside its source, redirects included: a host outside allowed_domains is
    not fetched, and a private/loopback/link-local host is refused unless the sources file
    names that host itself or ARSHIF_ALLOW_PRIVATE is set. Each refusal is recorded."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.allow_private = crawler.settings.getbool("ARSHIF_ALLOW_PRIVATE")
        self.offline = bool(crawler.settings.get("ARSHIF_OFFLINE_ADDRESS"))
        self.resolved: dict[str, list[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> ContainmentMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request, spider: Any = None) -> None:
        self._check(request, request.url)
        await self._check_dns(request.url)

    async def _check_dns(self, url: str) -> None:
        """A hostname the sources file does not name must not resolve to a private address
        (SSRF through DNS). Offline crawls resolve nothing: their hosts are fixtures."""
        spider = self.crawler.spider
        source = getattr(spider, "source", None)
        host = host_of(url)
        if source is None or self.allow_private or self.offline or host in source.configured_hosts:
            return
        if is_private_host(host) or is_ip_address(host):
            return  # literal addresses were judged by _check
        addresses = self.resolved.get(host)
        if addresses is None:
            addresses = await maybe_deferred_to_future(deferToThread(_resolve, host))
            if len(self.resolved) > 4096:
                self.resolved.clear()
            self.resolved[host] = addresses
        private = [a for a in addresses if is_private_host(a)]
        if private:
            self._refuse(
                spider, url, "refused_private", f"{host} resolves to private address {private[0]}"
            )

    def _check(self, request: Request, url: str) -> None:
        spider = self.crawler.spider
        source = getattr(spider, "source", None)
        if source is None or _own_robots_txt(request, url):
            return
        host = host_of(url)
        named = host in source.configured_hosts
        if not named and not self.allow_private and is_private_host(host):
            self._refuse(
                spider,
                url,
                "refused_private",
                f"private address {host} not named in the sources file",
            )
        if not named and not in_domains(url, source.allowed_domains):
            self._refuse(
                spider,
                url,
                "offsite",
                f"{host} is outside allowed_domains (add it there to follow it)",
            )

    def _refuse(self, spider: Any, url: str, kind: str, message: str) -> None:
        report_error(self.crawler, url, kind, message)
        raise Refused(message)


def _own_robots_txt(request: Request, url: str) -> bool:
    """Is this the robots.txt request Scrapy's robots.txt middleware makes for a page's host
    (that page was checked before it)? Judged by the request, never by the address's ending:
    a redirect to `http://10.0.0.1/admin?x=/robots.txt` or to another host's robots.txt is
    checked as any other address."""
    parts = urlsplit(url)
    return (
        bool(request.meta.get("dont_obey_robotstxt"))
        and url == request.url
        and parts.path == "/robots.txt"
        and not parts.query
    )


class RedirectContainmentMiddleware(ContainmentMiddleware):
    """The same checks on a redirect's target, before Scrapy's redirect handling sees it."""

    async def process_request(self, request: Request, spider: Any = None) -> None:
        return None

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        location = response.headers.get("Location")
        if 300 <= response.status < 400 and location:
            target = self._target(request, location.decode("latin-1"))
            self._check(request, target)
            if "canonical" in request.meta:
                # Each article link gets its answer: when several lead to one page (every
                # old article sent to the home page), Scrapy's duplicate filter would drop all
                # but the first without a word. (A loop is still refused, below, and hops capped.)
                request.dont_filter = True
                _unconditional_elsewhere(self.crawler.spider, request, target)
            # Scrapy's duplicate filter would drop a loop silently: say so instead. A loop
            # that set a cookie the request did not send is a cookie gate (nginx testcookie,
            # a consent bounce): followed with it, once more than the request sent it.
            if target == request.url or target in request.meta.get("redirect_urls", []):
                if request.meta.get(COOKIE_GAINED):
                    request.dont_filter = True
                    return response
                self._refuse(
                    self.crawler.spider, request.url, "redirect_loop", f"redirects back to {target}"
                )
        return response

    def _target(self, request: Request, location: str) -> str:
        """Where the redirect leads; one to an address no request can have (a port past
        65535, a bracket left open) is recorded as bad_redirect, not as a bare ValueError."""
        try:
            target = urljoin(request.url, location)
            _ = urlsplit(target).port  # raises when out of range
        except ValueError as exc:
            self._refuse(
                self.crawler.spider, request.url, "bad_redirect",
                f"redirects to a malformed address {location[:200]!r}: {exc}",
            )  # fmt: skip
        return target


def _unconditional_elsewhere(spider: Any, request: Request, target: str) -> None:
    """A re-check led to another address than the article's (a new host, https, a new
    slug): followed without the article's validators, which the new address may answer
    with a 304 (a server whose ETag is the story's), so that the move is read there.
    (Scrapy's redirect copies the request's headers.)"""
    source = getattr(spider, "source", None)
    if source is None or source.key(target) == request.meta["canonical"]:
        return
    for header in ("If-None-Match", "If-Modified-Since"):
        request.headers.pop(header, None)


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds: delta-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


_SLOWED = "arshif_slowed"  # a request's meta: the pause its 429 gave its host, and the count


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's retries with exponential backoff (ARSHIF_RETRY_BACKOFF × 2^attempt seconds).
    A 429/503 that says Retry-After pauses its host that long instead, up to
    ARSHIF_MAX_RETRY_AFTER; a longer demand gives up at once and is recorded with its status.
    A 429 that does not say pauses the host too, longer for each in a row (crawler.downloader
    slow_down), until ARSHIF_MAX_429_IN_A_ROW ends the run's requests to it. (A 503 without
    it is a server in trouble, often for one page: each page backs off on its own.)
    A stop wakes the retries waiting out their pause: the answer they had stands and is
    recorded (http_429, http_503, timeout …), so a run cut short says what held it up."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler.settings)
        self.crawler = crawler
        settings = crawler.settings
        self.max_wait = settings.getfloat("ARSHIF_MAX_RETRY_AFTER", 120.0)
        self.backoff = settings.getfloat("ARSHIF_RETRY_BACKOFF", 1.0)
        self.max_too_many = settings.getint("ARSHIF_MAX_429_IN_A_ROW", 8)
        # Per host, this run's 429s without Retry-After in a row. The run's own: a scheduler's
        # service outlives its runs, and the next run must not start at the last one's count.
        self.too_many: dict[str, int] = {}
        self.pauses: set[Deferred[None]] = set()  # the retries' waits, woken by a stop

    @classmethod
    def from_crawler(cls, crawler: Any) -> RetryAfterMiddleware:
        middleware = cls(crawler)
        crawler.signals.connect(middleware.on_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(middleware.wake, signal=SENDING_STOPPED)
        return middleware

    def on_downloaded(self, response: Response, request: Request) -> None:
        """A host that says to wait is paused as the answer arrives: Scrapy sends the host's
        next request then, before any middleware sees the answer (the pause came after it)."""
        host = urlsplit(request.url).hostname or ""
        if response.status != 429:
            self.too_many.pop(host, None)  # its next 429 starts the back-off anew
        if response.status not in (429, 503) or request.meta.get("dont_retry"):
            return
        header = (response.headers.get("Retry-After") or b"").decode("latin-1")
        wait = retry_after_seconds(header)
        if wait is None and response.status == 429:
            # "Too many requests", not how long: every page of the host waits, longer each
            # time it says so again (a retry of this page alone left the pace as it was).
            count = self.too_many.get(host, 0) + 1
            self.too_many[host] = count
            request.meta[_SLOWED] = (slow_down(host, count, self.backoff, self.max_wait), count)
        elif wait is not None and wait <= self.max_wait:
            pause_host(host, wait)  # none of its pages go out meanwhile, this one's nor others'

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        slowed = request.meta.pop(_SLOWED, None)
        if response.status not in self.retry_http_codes or request.meta.get("dont_retry"):
            return response
        header = (response.headers.get("Retry-After") or b"").decode("latin-1")
        wait = retry_after_seconds(header)
        if slowed is not None:
            paused, count = slowed
            if count >= self.max_too_many:
                self._give_up_host(request, count)
                return response
            wait = max(paused, self._backoff(request))
        elif wait is None:
            wait = self._backoff(request)
        elif wait > self.max_wait:
            return response  # (a demand for one page: the host's other pages go on)
        retry = self._retry(request, f"{response.status}, waited {wait:.1f}s")
        if retry is None or not await self._pause(wait):
            return response
        return retry

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception, spider: Any = None
    ) -> Request | Response | None:
        retry = super().process_exception(request, exception)
        if retry is not None and not await self._pause(self._backoff(request)):
            return None  # the crawl stopped meanwhile: the failure stands
        return retry

    def _backoff(self, request: Request) -> float:
        return min(self.max_wait, self.backoff * 2 ** request.meta.get("retry_times", 0))

    async def _pause(self, seconds: float) -> bool:
        """Wait before a retry; False when the crawl stopped sending before or meanwhile (the
        retry would never be sent, and its cause never recorded)."""
        from twisted.internet import reactor, task

        if stopped_sending(self.crawler):
            return False
        waiting: Deferred[None] = task.deferLater(reactor, seconds)
        self.pauses.add(waiting)
        try:
            await maybe_deferred_to_future(waiting)
        except CancelledError:
            return False
        finally:
            self.pauses.discard(waiting)
        return True

    def wake(self, reason: str) -> None:
        """The crawl stops sending: every retry waiting out its pause ends it now. (Cancelling
        deferLater's Deferred cancels its timed call too: it never fires after.)"""
        for waiting in list(self.pauses):
            waiting.cancel()

    def _give_up_host(self, request: Request, count: int) -> None:
        """A host that still says 429 after this many pauses, each longer: the rest of the
        run is not sent (the next run asks again, its count starting anew), as for a host
        that went down."""
        self.too_many.pop(urlsplit(request.url).hostname or "", None)
        stop = getattr(self.crawler.spider, "host_down", None)
        if stop is not None:
            stop(request.url, f"{count} answers in a row were 429 Too Many Requests, each after"
                 " a longer pause: the rest waits for the next run")  # fmt: skip


# A robots.txt that fails so is "unreachable" (RFC 9309 2.3.1.4: server or network errors):
# complete disallow. Connection refused or no such name fail every page on their own.
ROBOTS_UNREACHABLE = frozenset({"timeout", "connection_lost"})


class RobotsUnavailable(NotSent):
    """A page of a host whose robots.txt was unreachable: never sent this run (the next run
    asks again), the robots.txt recorded once as robots_unavailable."""

    def __init__(self, netloc: str) -> None:
        IgnoreRequest.__init__(self, f"not sent: the robots.txt of {netloc} is unavailable")
        self.reason = "robots_unavailable"


# The parser held for such a host: every page of it refused.
_UNAVAILABLE = object()


class RecordedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt rules. One that answers a 5xx (after retries), times out or resets
    is taken as complete disallow (RFC 9309: a 4xx is "no robots.txt", its body unread; a
    server error is not):
    nothing but that robots.txt is fetched from the host this run, recorded once as
    robots_unavailable. One that grows past the size limit allows every page, as Scrapy has
    it, recorded as robots_unreadable instead of passed over in silence."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self.schemes: dict[str, str] = {}  # host -> the scheme its first request used

    async def robot_parser(self, request: Request) -> Any:
        parts = urlsplit(request.url)
        self.schemes.setdefault(parts.netloc, parts.scheme)
        parser = await super().robot_parser(request)
        # Requests that wait while robots.txt is fetched share one Deferred, and Scrapy 2.19
        # gives its parser to the first of them only: the rest got None, every page allowed
        # (a site's "Disallow: /" broken by a run's first burst). By now it is stored.
        return self._parsers.get(parts.netloc) if parser is None else parser

    def process_request_2(self, rp: Any, request: Request) -> None:
        if rp is _UNAVAILABLE:
            raise RobotsUnavailable(urlsplit(request.url).netloc)
        super().process_request_2(rp, request)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if 500 <= response.status < 600:
            self._unavailable(netloc, f"HTTP {response.status}")
            return
        if response.status == 429:  # (after its retries, or woken from its pause by a stop)
            said = "HTTP 429 Too Many Requests: every page allowed, as with no robots.txt"
            report_error(self.crawler, self._robots_url(netloc), "http_429", said)
        if 400 <= response.status < 500:  # no robots.txt, whatever its error page says
            response = response.replace(body=b"")
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        kind, message = classify(Failure(exc))
        if kind in ROBOTS_UNREACHABLE:
            self._unavailable(netloc, f"{message} ({kind})")
            return
        # A host that is not there (refused, no such name) fails every page on its own.
        if not isinstance(exc, IgnoreRequest) and kind not in ("connection_refused", "dns"):
            said = f"{message} ({kind}): every page allowed, as with no robots.txt"
            report_error(self.crawler, self._robots_url(netloc), "robots_unreadable", said)
        super()._robots_error(exc, netloc)

    def _unavailable(self, netloc: str, why: str) -> None:
        said = f"{why}, after retries: nothing else fetched from {netloc} this run (RFC 9309)"
        report_error(self.crawler, self._robots_url(netloc), "robots_unavailable", said)
        waiting = self._parsers[netloc]
        self._parsers[netloc] = _UNAVAILABLE  # type: ignore[assignment]
        if isinstance(waiting, Deferred):
            waiting.callback(_UNAVAILABLE)  # type: ignore[arg-type]

    def _robots_url(self, netloc: str) -> str:
        return f"{self.schemes.get(netloc, 'http')}://{netloc}/robots.txt"
