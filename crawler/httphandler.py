"""Scrapy's HTTP/1.1 download handler, closed so that a busy reactor prints no traceback.

Scrapy 2.19 closes a crawl's kept-alive connections with a timed call that fires the close's
Deferred itself after a second, and cancels that call once the close is done. When the
reactor was held that second (a scheduler's recycle: dozens of crawls writing as they stop),
the connections' close and the timed call are both due on the same turn: the connections fire
the Deferred, then the timed call fires it again, and Twisted prints a raw traceback and
"CRITICAL twisted: while handling timed call: AlreadyCalledError" into the log. Here the timed
call fires it only if nothing did."""

from __future__ import annotations

from typing import Any

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

from crawler.reactor import get_reactor


class HttpHandler(HTTP11DownloadHandler):
    async def close(self) -> None:
        closing: Deferred[None] = self._pool.closeCachedConnections()
        # (Connections that hang never fire it: a server's trouble must not hold the close.)
        gave_up = get_reactor().callLater(self._disconnect_timeout, _fire_once, closing)
        try:
            await maybe_deferred_to_future(closing)
        finally:
            if gave_up.active():
                gave_up.cancel()


def _fire_once(deferred: Deferred[Any]) -> None:
    if not deferred.called:
        deferred.callback(None)
