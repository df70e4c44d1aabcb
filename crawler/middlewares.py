"""Containment: a crawl never fetches a private address it was not told to."""

from __future__ import annotations

import ipaddress
from typing import Any

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request

from crawler.canonical import host_of


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


class ContainmentMiddleware:
    """Refuses a private/loopback/link-local host reached by a link or redirect, unless the
    sources file names that host itself or ARSHIF_ALLOW_PRIVATE is set."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.allow_private = crawler.settings.getbool("ARSHIF_ALLOW_PRIVATE")

    @classmethod
    def from_crawler(cls, crawler: Any) -> ContainmentMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Any = None) -> None:
        host = host_of(request.url)
        source = getattr(self.crawler.spider, "source", None)
        named = source.configured_hosts if source else frozenset()
        if not self.allow_private and host not in named and is_private_host(host):
            raise IgnoreRequest(f"refused private address {host} (not named in the sources file)")
