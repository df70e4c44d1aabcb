"""Serve the varied web by hand: python -m seeds.varied [--articles N] [--seed S] [--sources F]

Writes a sources file for it (default varied-sources.toml), prints each site's address, and
serves until Ctrl-C. Then `arshif crawl --sources varied-sources.toml --db varied.db`."""

from __future__ import annotations

import argparse
import threading
from contextlib import suppress
from pathlib import Path

from seeds.varied import DEFAULT_ARTICLES, ServedWeb, sources_toml


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sources", type=Path, default=Path("varied-sources.toml"))
    args = parser.parse_args()
    with ServedWeb(seed=args.seed, articles=args.articles) as served:
        sources_toml(served.sites, args.sources)
        for site in served.sites:
            print(f"{site.family:<11} {site.base}/")
        print(f"sources: {args.sources}; Ctrl-C stops")
        with suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
