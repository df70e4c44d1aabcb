"""The varied web: every family generated from one seed, served, edited, written as sources."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from seeds.varied import text
from seeds.varied.families import FAMILIES
from seeds.varied.families.aggregator import AggregatorSite
from seeds.varied.model import Site, Web
from seeds.varied.server import SiteServer, bind

DEFAULT_ARTICLES = 40


def generate(
    bases: Sequence[str], seed: int = 0, articles: int = DEFAULT_ARTICLES,
    now: datetime | None = None,
) -> Web:  # fmt: skip
    """Every family, one site each at the given base URLs; the same seed, bases and `now`
    give the same bytes."""
    if len(bases) < len(FAMILIES):
        raise ValueError(f"need {len(FAMILIES)} base URLs, got {len(bases)}")
    now = (now or datetime.now(UTC)).replace(minute=0, second=0, microsecond=0)
    rng = random.Random(seed)
    titles = iter(text.headlines(rng, articles * len(FAMILIES)))
    web = Web()
    for family, base in zip(FAMILIES, bases, strict=False):
        site_rng = random.Random(rng.random())
        if family is AggregatorSite:
            web.sites.append(AggregatorSite(base, site_rng, titles, articles, now, list(web.sites)))
        else:
            web.sites.append(family(base, site_rng, titles, articles, now))
    return web


class ServedWeb:
    """A generated web on real HTTP servers: `with ServedWeb(seed=1) as web: ...`."""

    def __init__(self, seed: int = 0, articles: int = DEFAULT_ARTICLES,
                 now: datetime | None = None) -> None:  # fmt: skip
        self.servers: list[SiteServer] = bind(len(FAMILIES))
        self.web = generate([s.base for s in self.servers], seed, articles, now)
        for server, site in zip(self.servers, self.web.sites, strict=True):
            server.site = site

    @property
    def sites(self) -> list[Site]:
        return self.web.sites

    def __enter__(self) -> ServedWeb:
        for server in self.servers:
            server.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()


def sources_toml(sites: Sequence[Site], path: Path) -> Path:
    """A sources file for arshif naming every site by its address: start pages, and the
    feeds and sitemaps the family declares in config (the rest is on the site to be found)."""
    lines = []
    for site in sites:
        entry: dict[str, Any] = {
            "name": site.name,
            **site.sources_entry(),
            "article_url_pattern": site.article_pattern,
            "allowed_domains": [urlsplit(site.base).hostname],
            "download_delay": 0,
            "concurrency": 8,
        }
        lines.append(f"[sources.{site.family}]")
        lines += [f"{key} = {_toml(value)}" for key, value in entry.items()]
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _toml(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, str):
        return "'" + value + "'" if "'" not in value else '"' + value.replace("\\", "\\\\") + '"'
    return str(value)
