"""A photo gallery's slide counters ("1/6", "2 / 6", "الصورة 3 من 6"): navigation, not text.

They come out as lines of their own between the captions, or opening each caption when the
counter sits inside it. One counter alone may be a date or a fraction ("3/12", "1/4 كوب"); a
gallery's count its slides one after another against the same total, and that run is what
is read as counters."""

from __future__ import annotations

import re
from typing import NamedTuple

# A counter opening a line: a slide's word or none, its number, "/" or "of" in the page's
# language, the total; what follows, when anything does, follows a space or a letter (not
# "3/12: …" nor "3/12 - …", a chronology's dates). (\d reads Eastern Arabic digits too.)
_COUNTER = re.compile(
    r"^\s*(?:(?:الصورة|صورة|الصوره|صوره|photo|image|slide|diapo(?:sitive)?)\s*)?"
    r"(?P<n>\d{1,3})\s*(?:/|من|of|sur|de)\s*(?P<total>\d{1,3})(?!\d)"
    r"(?P<rest>\s*[^\W\d_].*)?\s*$",
    re.IGNORECASE,
)
MIN_RUN = 2  # counters of one gallery, one after another


class _Counter(NamedTuple):
    line: int  # its line's index
    n: int
    total: int
    rest: str  # the caption after it ("" for a counter alone on its line)


def without_slide_counters(lines: list[str]) -> list[str]:
    """The lines without a gallery's counters: a line that is one goes, a caption that opens
    with one keeps its words."""
    found = [c for i, line in enumerate(lines) if (c := _counter(i, line)) is not None]
    if len(found) < MIN_RUN:
        return lines
    counters = {c.line: c for c in _runs(found)}
    if not counters:
        return lines
    kept = []
    for i, line in enumerate(lines):
        counter = counters.get(i)
        if counter is None:
            kept.append(line)
        elif counter.rest:
            kept.append(counter.rest)
    return kept


def _counter(index: int, line: str) -> _Counter | None:
    match = _COUNTER.match(line)
    if match is None:
        return None
    n, total = int(match["n"]), int(match["total"])
    if not 0 < n <= total:
        return None
    return _Counter(index, n, total, (match["rest"] or "").strip())


def _runs(found: list[_Counter]) -> list[_Counter]:
    """The counters that count one gallery's slides: against one total, each the one
    before it plus one, MIN_RUN of them at least."""
    runs: list[_Counter] = []
    by_total: dict[int, list[_Counter]] = {}
    for counter in found:
        by_total.setdefault(counter.total, []).append(counter)
    for group in by_total.values():
        run = [group[0]]
        for counter in group[1:]:
            if counter.n == run[-1].n + 1:
                run.append(counter)
                continue
            runs += run if len(run) >= MIN_RUN else []
            run = [counter]
        runs += run if len(run) >= MIN_RUN else []
    return runs
