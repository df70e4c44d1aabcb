"""Spiders: one generic NewsSpider, configured by a source from the sources file.

For `scrapy list` / `scrapy crawl <source>` from the repository root, a spider class per
source in ./sources.toml (or $ARSHIF_SOURCES) is registered here under the source's id."""

from __future__ import annotations

import os
from pathlib import Path

from crawler.sources import SourcesError, load_sources
from crawler.spiders.news import NewsSpider, spider_for

__all__ = ["NewsSpider", "spider_for"]


def _register() -> None:
    path = Path(os.environ.get("ARSHIF_SOURCES", "sources.toml"))
    if not path.is_file():
        return
    try:
        sources = load_sources(path)
    except SourcesError:
        return  # `arshif crawl` reports it; a bad file must not break `scrapy list`
    for source in sources.values():
        globals()[f"NewsSpider_{source.id}"] = spider_for(source, bind=True)


_register()
