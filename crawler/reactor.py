"""The installed Twisted reactor, typed for the calls arshif makes on it.

Twisted annotates `twisted.internet.reactor` with zope Interfaces, whose methods are declared
without `self`: mypy reads them right only with the mypy-zope plugin, and otherwise rejects
every call. This Protocol states the few calls used here, so they are checked all the same.
Passing the reactor to Twisted's own helpers (task.deferLater, blockingCallFromThread) needs
none of this: import it from twisted.internet there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, cast


class DelayedCall(Protocol):
    def active(self) -> bool: ...

    def cancel(self) -> None: ...


class Reactor(Protocol):
    running: bool

    def callLater(
        self, delay: float, callable: Callable[..., object], /, *args: Any, **kwargs: Any
    ) -> DelayedCall: ...

    def callFromThread(
        self, callable: Callable[..., object], /, *args: Any, **kwargs: Any
    ) -> None: ...

    def stop(self) -> None: ...


def get_reactor() -> Reactor:
    """The reactor, imported only when called: crawler.service installs the asyncio one
    before anything imports twisted.internet.reactor."""
    from twisted.internet import reactor

    return cast(Reactor, reactor)
