"""Where the fixture copies of the seed sites live: for `--offline` and the tests. A module
of its own so that the commands find them without importing Scrapy (crawler.offline does)."""

from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SITES = SEEDS / "sites"
OFFLINE_SOURCES = SEEDS / "sources.toml"
