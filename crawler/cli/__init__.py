"""The arshif command line: the click group, and the commands registered by concern
(crawling, reading, maintenance, ops). Errors become one-line messages (exit 2) only here."""

from __future__ import annotations

import click

from crawler.cli import crawling, maintenance, ops, reading, trying
from crawler.cli.errors import ArshifGroup


@click.group(cls=ArshifGroup)
@click.version_option(package_name="arshif")
def main() -> None:
    """arshif: crawl news sites into one deduplicated, versioned SQLite archive."""


for _module in (crawling, reading, maintenance, ops, trying):
    for _command in _module.COMMANDS:
        main.add_command(_command)

__all__ = ["main"]
