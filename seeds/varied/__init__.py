"""A varied web for tests and benchmarks: news sites of eight template families generated
deterministically from a seed, served on 127.0.0.x, with a ground truth per article.

    with ServedWeb(seed=1, articles=40) as web:
        sources_toml(web.sites, tmp / "sources.toml")
        truth = web.web.truth()          # by family: URLs, titles, dates, paragraphs, chrome
        edited = web.web.edit(0.1)       # the edit phase: 10% of every site's articles
"""

from __future__ import annotations

from seeds.varied.model import ArticleTruth, SiteTruth, Web
from seeds.varied.web import DEFAULT_ARTICLES, ServedWeb, generate, sources_toml

__all__ = [
    "DEFAULT_ARTICLES", "ArticleTruth", "ServedWeb", "SiteTruth", "Web", "generate",
    "sources_toml",
]  # fmt: skip
