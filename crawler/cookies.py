"""Cookies a source's site sets, sent back to it for the rest of the run.

Some sites serve an article only to a client that returns the cookie they set: nginx's
testcookie module and bot managers answer Set-Cookie + 302 to the same address, a consent
gate bounces through /consent?return=… that sets it. Without cookies arshif saw a redirect
loop and archived nothing of them. Scrapy's cookie middleware would do it, but it imports
tldextract and requests at every start-up (a tenth of a re-crawl's); this one is the jar of
the standard library with two bounds of its own:

- one jar per crawler, that is per source and run (nothing kept in the archive); a cookie
  whose Domain names a wider domain than the source's allowed_domains (a parent, a public
  suffix) is kept for the host that set it only: one source's cookies never reach another
  host, whatever its server says;
- at most MAX_COOKIES a source: a site that names a cookie after every page it serves
  cannot grow the crawl's memory."""

from __future__ import annotations

from http.cookiejar import Cookie
from typing import Any
from urllib.parse import urljoin

from scrapy.http import Request, Response
from scrapy.http.cookies import CookieJar

from crawler.canonical import host_of, in_domains

MAX_COOKIES = 50
# A request's meta: the answer set a cookie that the request it leads to (a redirect's target,
# or the page itself asked again) would send, and the chain's request to that address did not.
COOKIE_GAINED = "arshif_cookie_gained"
_SENT = "arshif_cookies_sent"  # a redirect chain's Cookie header per address it asked


class SiteCookiesMiddleware:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.jar = CookieJar()

    @classmethod
    def from_crawler(cls, crawler: Any) -> SiteCookiesMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Any = None) -> None:
        if not len(self.jar):  # (most sites set none: nothing to do per request)
            return
        request.headers.pop("Cookie", None)  # (a redirect's copy carries the old one)
        self.jar.add_cookie_header(request)
        # (Shared by the chain's copies: Scrapy's redirect copies meta, not the dict in it.)
        request.meta.setdefault(_SENT, {})[request.url] = request.headers.get("Cookie")

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        request.meta.pop(COOKIE_GAINED, None)  # (a redirect's copy carries the last answer's)
        location = response.headers.get("Location") if 300 <= response.status < 400 else None
        if b"Set-Cookie" not in response.headers and location is None:
            return response
        for cookie in self.jar.make_cookies(response, request):
            if len(self.jar) < MAX_COOKIES or _known(self.jar, cookie):
                self.jar.set_cookie_if_ok(self._own(cookie, request), request)
        try:
            target = urljoin(request.url, location.decode("latin-1")) if location else request.url
            probe = Request(target)
            self.jar.add_cookie_header(probe)
        except ValueError:  # no address (RedirectContainmentMiddleware says bad_redirect)
            return response
        if probe.headers.get("Cookie") != request.meta.get(_SENT, {}).get(target):
            request.meta[COOKIE_GAINED] = True
        return response

    def _own(self, cookie: Cookie, request: Request) -> Cookie:
        """The cookie kept for the host that set it, unless its Domain is of the source's
        own site (www.site.com setting it for site.com, read on news.site.com too)."""
        domains = getattr(getattr(self.crawler.spider, "source", None), "allowed_domains", ())
        host, domain = host_of(request.url), cookie.domain.lstrip(".")
        if (
            not cookie.domain_specified
            or in_domains(f"http://{domain}/", domains)
            or not host.endswith(f".{domain}")  # not the host's parent: the jar refuses it
        ):
            return cookie
        cookie.domain = host
        cookie.domain_specified = cookie.domain_initial_dot = False
        return cookie


def _known(jar: CookieJar, cookie: Cookie) -> bool:
    """A cookie the jar holds already (its new value replaces the old: no growth)."""
    return any(c.name == cookie.name and c.path == cookie.path for c in jar)
