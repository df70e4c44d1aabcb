"""The arshif command line. Errors become one-line messages (exit 2) only here, at the edge."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from archive import Archive
from archive.store import ArchiveError
from crawler.sources import SourcesError, load_sources, select

SOURCES_OPTION = click.option(
    "--sources", "sources_path", type=click.Path(dir_okay=False), default=None,
    help="Sources file (default: sources.toml; with --offline: seeds/sources.toml).",
)  # fmt: skip
DB_OPTION = click.option(
    "--db", "db_path", default="archive.db", show_default=True, help="Archive file."
)
RUN_COLUMNS = [
    "id", "source", "status", "started_at", "finished_at", "pages", "articles_new",
    "articles_updated", "articles_unchanged", "articles_duplicate", "errors",
]  # fmt: skip
STATUS_SQL = """
SELECT a.source, COUNT(*) AS articles, SUM(a.duplicate_of IS NOT NULL) AS duplicates,
  (SELECT status FROM runs WHERE source = a.source ORDER BY id DESC LIMIT 1) AS last_status,
  (SELECT finished_at FROM runs WHERE source = a.source ORDER BY id DESC LIMIT 1) AS last_finished
FROM articles a GROUP BY a.source ORDER BY a.source
"""
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


def fail(message: str) -> None:
    click.echo(f"arshif: error: {message}", err=True)
    sys.exit(2)


@click.group()
@click.version_option(package_name="arshif")
def main() -> None:
    """arshif: crawl news sites into one deduplicated, versioned SQLite archive."""


@main.command()
@click.argument("source_ids", nargs=-1, metavar="[SOURCE ...]")
@SOURCES_OPTION
@DB_OPTION
@click.option("--offline", is_flag=True, help="Crawl the fixture copies in seeds/ (no network).")
@click.option("--log-level", default="WARNING", show_default=True, help="Scrapy log level.")
def crawl(
    source_ids: tuple[str, ...],
    sources_path: str | None,
    db_path: str,
    offline: bool,
    log_level: str,
) -> None:
    """Crawl the sources once, then exit.

    Example: arshif crawl --offline && arshif runs
    """
    from crawler.offline import OFFLINE_SOURCES
    from crawler.runner import crawl as run_crawl

    path = sources_path or (str(OFFLINE_SOURCES) if offline else "sources.toml")
    try:
        sources = select(load_sources(path), list(source_ids))
        Archive(db_path).close()  # a bad archive path fails here, before any fetching
    except (SourcesError, ArchiveError) as exc:
        fail(str(exc))
    summaries = run_crawl(sources, db_path, offline=offline, log_level=log_level)
    total = sum(s["articles_new"] + s["articles_duplicate"] for s in summaries)
    click.echo(f"archived {total} new articles into {db_path}")


def _open(db_path: str) -> Archive:
    if not Path(db_path).exists():
        fail(f"no archive at {db_path} (run `arshif crawl` first, or pass --db)")
    try:
        return Archive(db_path)
    except ArchiveError as exc:
        fail(str(exc))
        raise


def _table(rows: list[dict[str, Any]], columns: list[str]) -> None:
    widths = {
        c: max([len(c), *(len(str(r.get(c) if r.get(c) is not None else "")) for r in rows)])
        for c in columns
    }
    click.echo("  ".join(c.ljust(widths[c]) for c in columns))
    for r in rows:
        click.echo(
            "  ".join(
                str(r.get(c) if r.get(c) is not None else "").ljust(widths[c]) for c in columns
            )
        )


@main.command()
@DB_OPTION
@click.option("--source", default=None, help="Only this source.")
@click.option("--limit", default=20, show_default=True)
@JSON_OPTION
def runs(db_path: str, source: str | None, limit: int, as_json: bool) -> None:
    """List recent runs, newest first.

    Example: arshif runs --source saraya --limit 5
    """
    archive = _open(db_path)
    where, params = ("source = ?", [source]) if source else (None, [])
    rows = list(archive.db["runs"].rows_where(where, params, order_by="id desc", limit=limit))
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    _table(rows, RUN_COLUMNS)


@main.command()
@DB_OPTION
@JSON_OPTION
def status(db_path: str, as_json: bool) -> None:
    """Per source: articles archived and the last run.

    Example: arshif status --json
    """
    archive = _open(db_path)
    rows = [dict(r) for r in archive.db.query(STATUS_SQL)]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    _table(rows, ["source", "articles", "duplicates", "last_status", "last_finished"])


@main.command()
@click.argument("query")
@DB_OPTION
@click.option("--source", default=None, help="Only this source.")
@click.option("--all", "include_duplicates", is_flag=True, help="Include later copies of a story.")
@click.option("--limit", default=20, show_default=True)
@JSON_OPTION
def search(
    query: str,
    db_path: str,
    source: str | None,
    include_duplicates: bool,
    limit: int,
    as_json: bool,
) -> None:
    """Find articles whose title or text contains QUERY (Arabic letter forms folded).

    Example: arshif search دمشق --source arabi21 --json
    """
    from archive.search import search as run_search

    archive = _open(db_path)
    rows = run_search(
        archive.db, query, source=source, include_duplicates=include_duplicates, limit=limit
    )
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    _table(rows, ["id", "source", "published_at", "title", "url"])
