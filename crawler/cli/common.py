"""What the commands share: options, the one-line error, opening the archive, the table
printer, and the checks of filters (dates, sources)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

import click
from tabulate import tabulate

from archive import Archive
from crawler.cli.errors import remember_db

SOURCES_OPTION = click.option(
    "--sources", "sources_path", type=click.Path(dir_okay=False), default=None,
    help="Sources file (default: sources.toml; with --offline: seeds/sources.toml).",
)  # fmt: skip
DB_OPTION = click.option(
    "--db", "db_path", default="archive.db", show_default=True, help="Archive file.",
    callback=remember_db,
)  # fmt: skip
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
OFFLINE_OPTION = click.option(
    "--offline", is_flag=True, help="Crawl the fixture copies in seeds/ (no network)."
)


def fail(message: str) -> NoReturn:
    click.echo(f"arshif: error: {message}", err=True)
    sys.exit(2)


def open_archive(db_path: str) -> Archive:
    """The archive at db_path, which must exist (a read command never creates one). An
    archive that cannot be opened ends in the group's one line (crawler.cli.errors)."""
    if not Path(db_path).exists():
        fail(f"no archive at {db_path} (run `arshif crawl` first, or pass --db)")
    return Archive(db_path)


def print_table(rows: list[dict[str, Any]], columns: list[str]) -> None:
    table = [[row.get(c) for c in columns] for row in rows]
    click.echo(
        tabulate(table, headers=columns, tablefmt="simple", missingval="", disable_numparse=True)
    )
