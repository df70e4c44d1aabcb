"""The arshif command line. Errors become one-line messages (exit 2) only here, at the edge."""

from __future__ import annotations

import io
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
SELECT COUNT(*) AS articles, COALESCE(SUM(duplicate_of IS NOT NULL), 0) AS duplicates
FROM articles WHERE source = ?
"""
STATUS_COLUMNS = [
    "source", "articles", "duplicates", "last_run", "last_status", "finished_at", "duration_s",
    "pages", "new", "updated", "errors", "failures_in_a_row", "next_run_at",
]  # fmt: skip
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
@click.option(
    "--recheck-days", type=float, default=None,
    help="Re-check archived articles published within this many days"
    " (default: each source's recheck_days).",
)  # fmt: skip
@click.option(
    "--wait", "lock_wait", type=float, default=0.0, show_default=True,
    help="Seconds to wait for a source another process is crawling (0: skip it at once).",
)  # fmt: skip
@click.option("--log-level", default="WARNING", show_default=True, help="Scrapy log level.")
def crawl(
    source_ids: tuple[str, ...],
    sources_path: str | None,
    db_path: str,
    offline: bool,
    recheck_days: float | None,
    lock_wait: float,
    log_level: str,
) -> None:
    """Crawl the sources once, then exit.

    Example: arshif crawl --offline && arshif runs
    """
    from crawler.offline import OFFLINE_SOURCES
    from crawler.runner import crawl as run_crawl
    from crawler.service import CrawlOptions

    path = sources_path or (str(OFFLINE_SOURCES) if offline else "sources.toml")
    try:
        sources = select(load_sources(path), list(source_ids))
        Archive(db_path).close()  # a bad archive path fails here, before any fetching
    except (SourcesError, ArchiveError) as exc:
        fail(str(exc))
    options = CrawlOptions(offline, recheck_days, lock_wait, log_level)
    result = run_crawl(sources, db_path, options)
    sys.exit(crawl_exit_code(result, db_path))


def crawl_exit_code(result: Any, db_path: str) -> int:
    """0 every run completed; 1 a run failed; 3 every source busy; 130/143 after a signal."""
    from crawler.runner import EXIT_SIGNAL

    summaries = result.summaries
    for skipped in (s for s in summaries if s["status"] == "skipped"):
        click.echo(f"arshif: {skipped['source']}: {skipped['message']}", err=True)
    done = [s for s in summaries if s["status"] != "skipped"]
    new = sum(s.get("articles_new", 0) for s in done)
    copies = sum(s.get("articles_duplicate", 0) for s in done)
    updated = sum(s.get("articles_updated", 0) for s in done)
    click.echo(
        f"archived {new} new articles, {copies} copies of known stories and {updated} edits"
        f" into {db_path}"
    )
    for fatal in dict.fromkeys(s["fatal"] for s in done if s.get("fatal")):
        click.echo(f"arshif: error: {fatal}", err=True)
    failed = [s["source"] for s in done if s.get("status") == "failed"]
    if failed:
        click.echo(f"arshif: failed: {', '.join(failed)} (see arshif runs)", err=True)
    if result.signal is not None:
        return EXIT_SIGNAL.get(result.signal, 1)
    if failed:
        return 1
    if not done:
        click.echo("arshif: nothing crawled: every source was busy in another process", err=True)
        return 3
    return 0


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
@SOURCES_OPTION
@DB_OPTION
@click.option("--offline", is_flag=True, help="Crawl the fixture copies in seeds/ (no network).")
@click.option("--max-run", "max_run", type=float, default=3600, show_default=True,
              help="Seconds a crawl may run before it is stopped (recorded partial).")  # fmt: skip
@click.option("--grace", type=float, default=30, show_default=True,
              help="Seconds running crawls get to finish after SIGTERM/SIGINT.")  # fmt: skip
@click.option("--log-file", default=None, help="Also log to this file (rotated at 10 MB, 5 kept).")
@click.option("--log-level", default="INFO", show_default=True)
@click.option(
    "--recycle-after",
    "recycle_after",
    type=float,
    default=None,
    metavar="SECONDS",
    help="Drain and restart the crawl service after this long (contains slow leaks).",
)
@click.option(
    "--recycle-memory",
    "recycle_memory",
    type=float,
    default=None,
    metavar="MB",
    help="Drain and restart the crawl service once its memory grew by this much.",
)
def schedule(
    sources_path: str | None, db_path: str, offline: bool, max_run: float, grace: float,
    log_file: str | None, log_level: str, recycle_after: float | None,
    recycle_memory: float | None,
) -> None:  # fmt: skip
    """Run every source on its own schedule until SIGTERM or SIGINT.

    Example: arshif schedule --log-file logs/arshif.log
    """
    from crawler.logcontext import setup_logging
    from crawler.offline import OFFLINE_SOURCES
    from crawler.scheduler import ScheduleOptions, Scheduler

    path = sources_path or (str(OFFLINE_SOURCES) if offline else "sources.toml")
    try:
        sources = list(load_sources(path).values())
        Archive(db_path).close()
    except (SourcesError, ArchiveError) as exc:
        fail(str(exc))
    setup_logging(log_file, log_level)
    options = ScheduleOptions(
        str(Path(path).resolve()), str(Path(db_path).resolve()), offline, max_run, grace,
        recycle_seconds=recycle_after, recycle_memory_mb=recycle_memory, log_level=log_level,
    )  # fmt: skip
    sys.exit(Scheduler(sources, options).run())


@main.command()
@SOURCES_OPTION
@DB_OPTION
@JSON_OPTION
def status(sources_path: str | None, db_path: str, as_json: bool) -> None:
    """Per source: articles, last run (status, counts, duration), next run, failures in a row.

    Example: arshif status --json
    """
    archive = _open(db_path)
    rows = source_status(archive, _schedules(sources_path))
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    _table(rows, STATUS_COLUMNS)


def _schedules(sources_path: str | None) -> dict[str, Any]:
    path = Path(sources_path or "sources.toml")
    if not path.is_file():
        return {}
    try:
        return {k: s.schedule for k, s in load_sources(path).items()}
    except SourcesError as exc:
        fail(str(exc))
        raise


def source_status(archive: Archive, schedules: dict[str, Any]) -> list[dict[str, Any]]:
    from datetime import UTC, datetime

    from apscheduler.triggers.cron import CronTrigger

    names = sorted(
        {*schedules, *(r[0] for r in archive.db.execute("SELECT DISTINCT source FROM runs"))}
    )
    out = []
    for name in names:
        row: dict[str, Any] = {"source": name}
        counts = archive.db.execute(STATUS_SQL, [name]).fetchone()
        row.update(articles=counts[0], duplicates=counts[1])
        last = archive.db.execute(
            "SELECT id, status, started_at, finished_at, pages, articles_new, articles_updated,"
            " articles_duplicate, errors FROM runs WHERE source = ? ORDER BY id DESC LIMIT 1",
            [name],
        ).fetchone()
        if last:
            keys = (
                "last_run",
                "last_status",
                "started_at",
                "finished_at",
                "pages",
                "new",
                "updated",
                "duplicate",
                "errors",
            )
            row.update(dict(zip(keys, last, strict=True)))
            if last[3]:
                took = datetime.fromisoformat(last[3]) - datetime.fromisoformat(last[2])
                row["duration_s"] = int(took.total_seconds())
        state = archive.schedule_state(name)
        row["failures_in_a_row"] = archive.consecutive_failures(name)
        if state:
            row["next_run_at"] = state["next_run_at"]
        elif name in schedules:
            sched = schedules[name]
            now = datetime.now(UTC)
            if sched.interval_seconds is None:
                nxt = CronTrigger.from_crontab(sched.text, timezone=UTC).get_next_fire_time(
                    None, now
                )
                row["next_run_at"] = nxt.isoformat(timespec="seconds") if nxt else None
            else:
                row["next_run_at"] = f"every {sched.text}"
        out.append(row)
    return out


@main.command()
@click.argument("query")
@DB_OPTION
@click.option("--source", default=None, help="Only this source.")
@click.option("--since", default=None, metavar="YYYY-MM-DD", help="Published on or after.")
@click.option("--until", default=None, metavar="YYYY-MM-DD", help="Published on or before.")
@click.option("--all", "include_duplicates", is_flag=True, help="Every copy, not one per story.")
@click.option("--limit", default=20, show_default=True)
@JSON_OPTION
def search(
    query: str, db_path: str, source: str | None, since: str | None, until: str | None,
    include_duplicates: bool, limit: int, as_json: bool,
) -> None:  # fmt: skip
    """Full-text search: Arabic letter forms, diacritics and clitics folded, best first.

    Words must all match; "a phrase" matches in order; word* is a prefix.

    Example: arshif search 'إدارة العمليات' --since 2024-12-01 --json
    """
    from archive.search import SearchError
    from archive.search import search as run_search

    archive = _open(db_path)
    try:
        rows = run_search(archive.db, query, source, since, until, include_duplicates, limit)
    except SearchError as exc:
        fail(str(exc))
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    _table(rows, ["id", "source", "published_at", "title", "url"])
    for row in rows:
        click.echo(f"  #{row['id']}: {row['snippet']}")


@main.command()
@DB_OPTION
def reindex(db_path: str) -> None:
    """Rebuild the full-text index from the articles (after a normalization change).

    Example: arshif reindex --db archive.db
    """
    from archive.search import reindex as run_reindex

    archive = _open(db_path)
    click.echo(f"reindexed {run_reindex(archive.db)} articles")


FILTERS = [
    click.option("--source", default=None, help="Only this source."),
    click.option("--since", default=None, metavar="YYYY-MM-DD", help="Published on or after."),
    click.option("--until", default=None, metavar="YYYY-MM-DD", help="Published on or before."),
    click.option(
        "--all", "include_duplicates", is_flag=True, help="Every copy, not one per story."
    ),
]


def filter_options(func: Any) -> Any:
    for option in reversed(FILTERS):
        func = option(func)
    return func


@main.command()
@DB_OPTION
@filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "warc"]),
    default="jsonl",
    show_default=True,
)
@click.option("-o", "--output", default=None, help="File to write (default: standard output).")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@click.option("--query", default=None, help="Only articles matching this search query.")
def export(
    db_path: str, source: str | None, since: str | None, until: str | None,
    include_duplicates: bool, fmt: str, output: str | None, force: bool, query: str | None,
) -> None:  # fmt: skip
    """Stream articles as JSONL or CSV (one per line, all fields) or their raw captures as WARC.

    Example: arshif export --format warc -o saraya.warc.gz --source saraya
    """
    from archive.export import (
        ExportError,
        articles,
        check_output,
        write_csv,
        write_jsonl,
        write_warc,
    )
    from archive.search import SearchError
    from archive.search import search as run_search

    archive = _open(db_path)
    filters = {
        "source": source,
        "since": since,
        "until": until,
        "include_duplicates": include_duplicates,
    }
    try:
        path = check_output(output, db_path, force) if output else None
        ids = None
        if query:
            hits = run_search(
                archive.db, query, source, since, until, include_duplicates, 10**9, window=None
            )
            ids = [h["id"] for h in hits]
    except (ExportError, SearchError) as exc:
        fail(str(exc))
    items = articles(archive.db, ids, **filters)
    if fmt == "warc":
        with path.open("wb") if path else _stdout_bytes() as out:
            count = write_warc(archive.db, items, out)
        what = "captures"
    else:
        with path.open("w", encoding="utf-8", newline="") if path else _stdout_text() as out:
            count = (write_jsonl if fmt == "jsonl" else write_csv)(items, out)
        what = "articles"
    click.echo(f"exported {count} {what}" + (f" to {path}" if path else ""), err=True)


class _Unclosed:
    def __init__(self, stream: Any, detach: bool = False) -> None:
        self.stream = stream
        self.detach = detach  # a wrapper of our own around stdout: let go of it, not close it

    def __enter__(self) -> Any:
        return self.stream

    def __exit__(self, *exc: object) -> None:
        self.stream.flush()
        if self.detach:
            self.stream.detach()


def _stdout_bytes() -> _Unclosed:
    return _Unclosed(click.get_binary_stream("stdout"))


def _stdout_text() -> _Unclosed:
    # UTF-8 whatever the locale says: an export is Arabic text.
    return _Unclosed(io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline=""), detach=True)


@main.command()
@DB_OPTION
@click.option("--plot", "plot_path", default=None, metavar="FILE.png",
              help="Also draw articles per day per source (needs arshif[plot]).")  # fmt: skip
@JSON_OPTION
def stats(db_path: str, plot_path: str | None, as_json: bool) -> None:
    """Per source: articles, duplicates, date range, share dated / with author, extraction
    failures, last run.

    Example: arshif stats --plot coverage.png
    """
    from archive.stats import plot, source_stats

    archive = _open(db_path)
    rows = source_stats(archive.db)
    if plot_path:
        try:
            plot(archive.db, plot_path)
        except ImportError:
            fail("--plot needs matplotlib: pip install 'arshif[plot]'")
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    _table(rows, list(rows[0]) if rows else ["source"])
    if plot_path:
        click.echo(f"plot written to {plot_path}", err=True)


@main.command()
@SOURCES_OPTION
@DB_OPTION
@click.option("--source", default=None, help="Only this source.")
def reextract(sources_path: str | None, db_path: str, source: str | None) -> None:
    """Re-run extraction over the stored raw pages; changed articles are updated, their
    previous versions kept.

    Example: arshif reextract --source saraya
    """
    from crawler.reextract import reextract as run_reextract

    archive = _open(db_path)
    path = Path(sources_path or "sources.toml")
    try:
        sources = load_sources(path) if path.is_file() else {}
    except SourcesError as exc:
        fail(str(exc))
    counts = run_reextract(archive, sources, source)
    click.echo(", ".join(f"{k} {v}" for k, v in counts.items()))


@main.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True, type=int)
def serve(db_path: str, host: str, port: int) -> None:
    """Browse and search the archive in Datasette (read-only). Needs arshif[serve].

    Example: arshif serve --port 8001  (then open http://127.0.0.1:8001/archive/search?q=دمشق)
    """
    import importlib.util
    import os
    import tempfile

    from archive.serve import datasette_command, write_metadata

    if importlib.util.find_spec("datasette") is None:
        fail("arshif serve needs Datasette: pip install -e '.[serve]'")
    _open(db_path).close()  # migrated, so the index and views are there
    meta = write_metadata(db_path, Path(tempfile.mkdtemp()) / "metadata.json")
    command = datasette_command(db_path, meta, host, port)
    os.execvp(command[0], command)
