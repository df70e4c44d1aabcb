"""Re-run extraction over the stored raw captures (after an extraction improvement):
articles whose text or title changes are updated and their previous version kept."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import sys
import time
import zlib
from collections.abc import Callable

from archive import Archive, ArticleRecord, Outcome
from archive.chrome import archived_sources, chrome_profile, learn_chrome, mark_clean
from archive.runs import ended_by
from crawler.extract import ExtractFailure, ExtractOptions, extract
from crawler.extract.chrome import page_keys
from crawler.frontier import when
from crawler.sources import Source
from crawler.stops import stops_held


def reextract(
    archive: Archive,
    sources: dict[str, Source],
    only: str | None = None,
    report: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
) -> dict[str, int]:
    counts = {o.value: 0 for o in Outcome} | {"failed": 0}
    for run_id in archive.fail_dead_runs():  # a killed reextract's, as a crawl's start does
        report(f"{archive.run(run_id)['source']}: run {run_id} was left running by a process"
               " that died: marked failed")  # fmt: skip
    total = archive.count_articles(only)
    runs: dict[str, int] = {}
    # Each source's chrome is learned afresh from its stored pages, then applied to every row.
    profiles = {s: _learned_profile(archive, s, report) for s in archived_sources(archive, only)}
    last_report, done, last_id = time.monotonic(), 0, 0
    try:
        while rows := archive.stored_pages(only, last_id):
            for row in rows:
                outcome = _one(archive, sources, runs, row, profiles)
                counts[outcome] += 1
                done += 1
                last_id = row[0]
                if time.monotonic() - last_report > 2 or done == total:
                    report(
                        f"reextract: {done}/{total} "
                        + ", ".join(f"{k} {v}" for k, v in counts.items() if v)
                    )
                    last_report = time.monotonic()
    except BaseException as exc:  # a stop (^C, SIGTERM) or an error: its runs recorded so
        with contextlib.suppress(sqlite3.Error):  # (the archive's own error may stop that too)
            for run_id in runs.values():
                archive.finish_run(run_id, *ended_by(exc))
        raise
    for run_id in runs.values():
        archive.finish_run(run_id, "ok", "reextract")
    for source in profiles:  # every stored page went through extraction with its profile
        mark_clean(archive, source)
    return counts


def _learned_profile(
    archive: Archive, source: str, report: Callable[[str], None]
) -> frozenset[str]:
    report(f"reextract: {source}: {learn_chrome(archive, source, page_keys)} chrome lines learned")
    return chrome_profile(archive, source)


def _one(
    archive: Archive, sources: dict[str, Source], runs: dict[str, int], row: tuple,
    profiles: dict[str, frozenset[str]],
) -> str:  # fmt: skip
    (article_id, url, source_id, published, raw, origin, etag, modified,
     capture_id, fetched_url, headers, blob, fetched_at) = row  # fmt: skip
    source = sources.get(source_id)
    chrome = profiles.get(source_id, frozenset())
    options = (
        ExtractOptions(source.body_selector, source.drop_selectors, chrome=chrome)
        if source
        else ExtractOptions(chrome=chrome)
    )
    content_type = json.loads(headers or "{}").get("Content-Type")
    parts = archive.capture_parts(capture_id)  # an article split over several pages
    # The page as of its fetch: its "today", its "two hours ago", are that day's.
    now = when(fetched_at)
    result = extract(zlib.decompress(blob), fetched_url, content_type, options, now, parts)
    if isinstance(result, ExtractFailure):
        return "failed"  # the stored text stays: an old extraction beats none
    if source_id not in runs:
        with stops_held():  # the run's id kept before a stop may end it
            runs[source_id] = archive.start_run(source_id, os.getpid(), kind="reextract")
    record = ArticleRecord(
        url=url, source=source_id, title=result.title, text=result.text,
        published_at=result.published_at or published,
        published_raw=result.published_raw if result.published_at else raw,
        published_from=result.published_from if result.published_at else origin,
        authors=result.authors, language=result.language, walled=result.walled,
        fetched_url=fetched_url, etag=etag, last_modified=modified,
    )  # fmt: skip
    outcome, _ = archive.archive(runs[source_id], record, capture_id)
    return outcome.value
