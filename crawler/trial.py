"""`arshif try`: what a source would archive, without touching the archive.

The real crawl (discovery, fetching, extraction, dedup) runs into a throw-away archive in a
temporary directory, stops after N articles, and what came out is read back to be shown:
each article's URL, title, date and where it came from, authors, length and first words, the
lines that repeat across the fetched pages (they look like chrome), and a sample of the
links discovery saw that `article_url_pattern` does not take as articles."""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from archive import Archive
from crawler.canonical import clean_url, in_domains, is_web_url
from crawler.sources import Source, SourcesError

# A line on at least this share of the fetched pages (and on two at least) looks like chrome.
REPEATED_SHARE = 0.3


@dataclass
class Trial:
    source: str
    run: dict[str, Any]
    articles: list[dict[str, Any]] = field(default_factory=list)
    repeated: list[tuple[str, int]] = field(default_factory=list)  # (line, pages it is on)
    other_links: list[str] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    # Articles the run archived past --limit (in flight when it stopped): not listed, but
    # read with the others for repeated lines.
    more: int = 0
    pages_read: int = 0  # the articles repeated lines were looked for in
    stopped_by: int | None = None  # the stop signal that ended the trial early, if any


def resolve(target: str, sources: dict[str, Source]) -> tuple[Source, str | None]:
    """The source a target names: a source id, or a URL inside a source's allowed domains
    (then also the URL)."""
    if target in sources:
        return sources[target], None
    known = ", ".join(sorted(sources)) or "none"
    if not target.lower().startswith(("http://", "https://")):
        raise SourcesError(f"unknown source {target!r} (known: {known}); or give a URL")
    if not is_web_url(target):
        raise SourcesError(f"{target!r} is not a valid URL")
    covering = [s for s in sources.values() if in_domains(target, s.allowed_domains)]
    if not covering:
        raise SourcesError(f"no source in the sources file covers {target} (known: {known})")
    # Of several sources on one site (one a section), the one that names the URL, then the
    # one whose pattern takes it as an article, then the first.
    asked = clean_url(target)
    named = [s for s in covering if asked in {clean_url(u) for u in s.discovery_urls}]
    taking = [s for s in covering if s.is_article(target)]
    return (named or taking or covering)[0], target


def run_trial(source: Source, url: str | None, limit: int, offline: bool) -> Trial:
    """Crawl into a temporary archive: the source as configured, or only the given URL (an
    article is fetched as one; any other page is read as the source's only listing)."""
    from crawler.runner import crawl
    from crawler.service import CrawlOptions

    seeds: tuple[str, ...] = ()
    named = source.configured_hosts  # still named: a loopback host of the file is fetched
    if url is not None and source.is_article(url):
        seeds = (url,)
        source = replace(source, start_urls=(), feeds=(), sitemaps=(), named_hosts=named)
    elif url is not None:
        # A feed or a sitemap is read as one (as a listing, its items were no links: 0 found)
        kind = _discovery_kind(source, url)
        source = replace(
            source, start_urls=(url,) if kind == "start_urls" else (),
            feeds=(url,) if kind == "feeds" else (), sitemaps=(url,) if kind == "sitemaps" else (),
            named_hosts=named,
        )  # fmt: skip
    options = CrawlOptions(offline=offline, item_limit=limit, seed_articles=seeds, grace=5.0,
                           progress=False)  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="arshif-try-") as tmp:
        db = Path(tmp) / "try.db"
        result = crawl([source], db, options, report=lambda line: None)
        summary: dict[str, Any] = result.summaries[0] if result.summaries else {"status": "failed"}
        trial = Trial(source.id, summary, other_links=result.other_links.get(source.id, []),
                      stopped_by=result.signal)  # fmt: skip
        if summary.get("id") is not None:
            with Archive(db) as archive:
                trial.articles = archive.run_articles(summary["id"])
                trial.errors = archive.run_errors(summary["id"])
    trial.other_links = [u for u in trial.other_links if not source.is_article(u)]
    trial.repeated = repeated_lines([a["text"] or "" for a in trial.articles])
    trial.pages_read = len(trial.articles)
    trial.articles, trial.more = trial.articles[:limit], max(0, len(trial.articles) - limit)
    return trial


# A discovery URL's kind by its name, when the sources file does not say it.
_SITEMAP_NAME = re.compile(r"sitemap[^/]*$|\.xml(?:\.gz)?$", re.IGNORECASE)
_FEED_NAME = re.compile(r"(?:^|[/._?=-])(?:rss2?|atom|feeds?)(?:$|[/._?=&-])", re.IGNORECASE)


def _discovery_kind(source: Source, url: str) -> str:
    """ "feeds", "sitemaps" or "start_urls": as the source names the URL, else by its name
    ("/sitemap_index.xml", "/rss.php", "/feed/", "?feed=rss2")."""
    asked = clean_url(url)
    for kind in ("feeds", "sitemaps", "start_urls"):
        if asked in {clean_url(u) for u in getattr(source, kind)}:
            return kind
    parts = urlsplit(url)
    if _FEED_NAME.search(f"{parts.path}?{parts.query}"):  # first: "/rss.xml" is a feed
        return "feeds"
    return "sitemaps" if _SITEMAP_NAME.search(parts.path) else "start_urls"


def repeated_lines(texts: list[str]) -> list[tuple[str, int]]:
    """Lines found on many of the pages: on one site's articles, that is chrome."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update({line.strip() for line in text.split("\n") if line.strip()})
    needed = max(2, REPEATED_SHARE * len(texts))
    return sorted(
        ((line, n) for line, n in counts.items() if n >= needed), key=lambda item: -item[1]
    )
