"""The crawl service's slots: up to ARSHIF_MAX_SOURCES crawls side by side, one slot each,
first come first served; and quarantine groups for the suspects (sources in flight at the
crawl process's deaths, archive.runs.quarantine_size). A group holds every slot while any
member runs, so a death then is blamed on the group alone, and it takes at most as many
suspects as its smallest size allows.

A suspect joins a group still waiting for its slots, or the running one while nobody waits
behind it: one that arrives after a group closed waits for the next one, behind the crawls
asked for before it (a group must not starve the others)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from twisted.internet import defer

from crawler.reactor import get_reactor


@dataclass
class Slot:
    """What a crawl holds: group 0 for one slot of its own, else the size of its quarantine
    group (at most that many suspects beside it, and no other source)."""

    group: int
    release: Callable[[], None]


@dataclass
class _Group:
    size: int
    members: int = 0  # joined and not ended
    running: bool = False
    waiting: list[defer.Deferred] = field(default_factory=list)  # members before it runs

    def room_for(self, size: int) -> bool:
        return self.members < min(self.size, size)


class Slots:
    def __init__(self, limit: int) -> None:
        self.tokens = defer.DeferredSemaphore(limit)
        self.limit = limit
        self.forming: list[_Group] = []  # groups waiting for their slots, oldest first
        self.running: _Group | None = None

    def take(self, group: int = 0) -> defer.Deferred:
        """Fires with a Slot once the crawl may start: group 0 for one slot, else its
        quarantine group's size (quarantine_size)."""
        if not group:
            return self.tokens.acquire().addCallback(lambda _: Slot(0, self._release_one))
        joined = self._group_for(group)
        joined.members += 1
        joined.size = min(joined.size, group)
        slot = Slot(joined.size, lambda: self._leave(joined))
        if joined.running:
            return defer.succeed(slot)
        ready: defer.Deferred = defer.Deferred()
        joined.waiting.append(ready)
        if joined.members == 1:  # a new group: every slot, in line behind those asked before
            taken = [self.tokens.acquire() for _ in range(self.limit)]
            defer.gatherResults(taken).addCallback(lambda _: self._runs(joined))
        return ready.addCallback(lambda _: slot)

    def _group_for(self, size: int) -> _Group:
        running = self.running
        if running is not None and running.room_for(size) and not self.tokens.waiting:
            return running
        for group in self.forming:
            if group.room_for(size):
                return group
        group = _Group(size)
        self.forming.append(group)
        return group

    def _runs(self, group: _Group) -> None:
        self.forming.remove(group)
        group.running = True
        self.running = group
        waiting, group.waiting = group.waiting, []
        for ready in waiting:
            ready.callback(None)

    def _leave(self, group: _Group) -> None:
        group.members -= 1
        if group.members:
            return
        if self.running is group:
            self.running = None
        for _ in range(self.limit):
            self._release_one()

    def _release_one(self) -> None:
        # Each on a turn of the reactor of its own: a release fires the next waiter, whose
        # crawl may end at once (a stop) and release in turn, one call inside another,
        # hundreds deep (the stack ran out, and the crawl never ended).
        get_reactor().callLater(0, self.tokens.release)
