"""The sources file as a running scheduler sees it: edits are noticed and read again, so a
source added, changed or removed applies without a restart (a service runs for months).

The file is read every few seconds (a few KB), and loaded again only when its bytes changed
(a touch is no edit; an edit within the file system's timestamp tick still is one). A file
that does not load (an edit half saved, a typo) changes nothing: the sources loaded before go
on, and the error is said once, not at every look."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from crawler.sources import Source, SourcesError, load_sources

logger = logging.getLogger("arshif.schedule")


@dataclass
class SourcesChange:
    """What an edit of the sources file changed, by source id."""

    added: list[Source] = field(default_factory=list)
    changed: list[Source] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def compare(old: dict[str, Source], new: dict[str, Source]) -> SourcesChange:
    return SourcesChange(
        added=[s for key, s in new.items() if key not in old],
        changed=[s for key, s in new.items() if key in old and old[key] != s],
        removed=[key for key in old if key not in new],
    )


class SourcesWatch:
    def __init__(self, path: str | Path, sources: dict[str, Source]) -> None:
        self.path = Path(path)
        self.sources = dict(sources)
        self._stamp = self._look()
        self._said: str | None = None  # the error said last, so that it is said once

    def _look(self) -> bytes | None:
        try:
            return hashlib.sha1(self.path.read_bytes()).digest()
        except OSError:
            return None  # gone for a moment (an editor's save): load_sources says so

    def retry(self, applied: dict[str, Source]) -> None:
        """An edit was applied in part: the next look compares the file with what was."""
        self.sources = dict(applied)
        self._stamp = None

    def poll(self) -> SourcesChange:
        """What changed since the last look that loaded (nothing while the file is unchanged
        or does not load)."""
        stamp = self._look()
        if stamp == self._stamp:
            return SourcesChange()
        self._stamp = stamp
        try:
            new = load_sources(self.path)
        except SourcesError as exc:
            if str(exc) != self._said:
                logger.error("the sources file changed but does not load: %s; the sources"
                             " loaded before go on", exc)  # fmt: skip
                self._said = str(exc)
            return SourcesChange()
        if self._said is not None:
            logger.info("the sources file loads again")
        self._said = None
        change = compare(self.sources, new)
        self.sources = new
        return change
