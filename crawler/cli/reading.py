"""The read commands: runs, status, search, versions, export, stats."""

from __future__ import annotations

import fcntl
import glob
import gzip
import io
import json
import os
import re
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from archive.destination import destination_problem
from archive.export import DEFAULT_FORMAT, NAMED_FORMATS
from crawler.cli.common import (
    COUNT,
    DB_OPTION,
    FIXTURE_SOURCES_OPTION,
    JSON_OPTION,
    SOURCES_OPTION,
    check_source,
    counted,
    fail,
    not_empty,
    open_archive,
    print_table,
    read_sources,
    since_until,
    sources_file,
)

if TYPE_CHECKING:
    from archive import Archive
    from crawler.sources import Source

RUN_COLUMNS = [
    "id", "source", "kind", "status", "stop_reason", "started_at", "finished_at", "pages",
    "articles_new", "articles_updated", "articles_unchanged", "articles_duplicate",
    "articles_gone", "errors",
]  # fmt: skip
STATUS_COLUMNS = [
    "source", "articles", "duplicates", "gone", "pending", "last_run", "last_status", "finished_at",
    "duration_s", "pages", "new", "updated", "errors", "failures_in_a_row", "next_run_at",
]  # fmt: skip
SOURCE_OPTION = click.option("--source", default=None, help="Only this source.")


def filter_options(func: Any) -> Any:
    func = click.option(
        "--all", "include_duplicates", is_flag=True, help="Every copy, not one per story."
    )(func)
    return SOURCE_OPTION(since_until(func))


def known_sources() -> dict[str, Any]:
    """The sources of ./sources.toml, if there is one: a --source may name one of them."""
    return read_sources(sources_file(None))


@click.command()
@DB_OPTION
@SOURCE_OPTION
@click.option("--limit", default=20, show_default=True, type=COUNT)
@JSON_OPTION
def runs(db_path: str, source: str | None, limit: int, as_json: bool) -> None:
    """List recent runs, newest first.

    Example: arshif runs --source saraya --limit 5
    """
    with open_archive(db_path, reader=True) as archive:
        check_source(archive, source, known_sources())
        rows = archive.recent_runs(source, limit)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    print_table(rows, RUN_COLUMNS)


@click.command()
@SOURCES_OPTION
@FIXTURE_SOURCES_OPTION
@DB_OPTION
@JSON_OPTION
def status(sources_path: str | None, offline: bool, db_path: str, as_json: bool) -> None:
    """Per source: articles, last run (status, counts, duration), next run, failures in a row.

    Sources come from the archive and from the sources file (--sources, seeds/sources.toml
    with --offline, else ./sources.toml when there is one: without it, the archive's only).

    Example: arshif status --json
    """
    from crawler.cli.ops import scheduler_line

    path = sources_file(sources_path, offline)
    declared = read_sources(path, required=bool(sources_path))
    with open_archive(db_path, reader=True) as archive:
        state = archive.scheduler_status()
        # A running scheduler reads the sources file's edits within seconds
        # (crawler.sourcewatch): what it has not run yet waits in its queue.
        running = state.get("state") == "running"
        rows = [
            archive.source_summary(name) for name in sorted({*declared, *archive.run_sources()})
        ]
        for row in rows:
            if declared and row["source"] not in declared:
                row["next_run_at"] = None  # gone from the sources file: never run again
            elif "next_run_at" not in row and row["source"] in declared:
                row["next_run_at"] = _next_run(archive, declared[row["source"]], running)
            elif not running and _past(row.get("next_run_at")):
                row["next_run_at"] = "at scheduler start"  # the time a stopped scheduler left
        scheduler = scheduler_line(state)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    print_table(rows, STATUS_COLUMNS)
    for row in rows:  # what sources declared that the sources file does not list
        for endpoint in row["discovered"]:
            click.echo(f"{row['source']}: discovered {endpoint}")
    click.echo(f"\nscheduler: {scheduler}")


def _past(when: str | None) -> bool:
    from datetime import UTC, datetime

    try:
        return when is not None and datetime.fromisoformat(when) <= datetime.now(UTC)
    except (TypeError, ValueError):
        return False  # "at scheduler start" and the like


def _next_run(archive: Archive, source: Source, queued: bool = False) -> str | None:
    """When the scheduler would next run a source it has no state for (it never ran it): as
    it decides at its start (crawler.due); queued: a running scheduler holds it, due now."""
    from datetime import UTC, datetime

    from apscheduler.triggers.cron import CronTrigger

    from crawler.due import first_run

    now = datetime.now(UTC)
    last = archive.last_finished(source.id)
    first = first_run(source, last, archive.consecutive_failures(source.id), now)
    if first is not None:
        if first <= now:
            return "now (queued by the running scheduler)" if queued else "at scheduler start"
        return first.isoformat(timespec="seconds")
    nxt = CronTrigger.from_crontab(source.schedule.text, timezone=UTC).get_next_fire_time(None, now)
    return nxt.isoformat(timespec="seconds") if nxt else None


class QueryCommand(click.Command):
    """search: a query may start with a word to leave out ('-صيدنايا دمشق'), which Click
    would take for options (its unknown options are read as the query); a "--word" before
    any "--" is still a mistyped option (--jsn), never a query."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        from difflib import get_close_matches

        known = [o for p in self.get_params(ctx) for o in [*p.opts, *p.secondary_opts]]
        for arg in args:
            if arg == "--":
                break
            name = arg.split("=")[0]
            if name.startswith("--") and name not in known:
                close = get_close_matches(name, [o for o in known if o.startswith("--")])
                raise click.NoSuchOption(name, possibilities=close, ctx=ctx)
        return super().parse_args(ctx, args)


@click.command(cls=QueryCommand, context_settings={"ignore_unknown_options": True})
@click.argument("query")
@DB_OPTION
@filter_options
@click.option("--limit", default=20, show_default=True, type=COUNT)
@JSON_OPTION
def search(
    query: str, db_path: str, source: str | None, since: str | None, until: str | None,
    include_duplicates: bool, limit: int, as_json: bool,
) -> None:  # fmt: skip
    """Full-text search: Arabic letter forms, diacritics and clitics folded, best first.

    Words must all match (a OR b: either); "a phrase" matches in order; word* is a prefix;
    -word leaves out what has it. A query that starts with -word may follow --, after the
    options (arshif search --json -- '-صيدنايا دمشق'); without it, it is read as the query
    unless it is an option.

    Example: arshif search 'إدارة العمليات' --since 2024-12-01 --json
    """
    from archive.search import SearchError

    with open_archive(db_path, reader=True) as archive:
        check_source(archive, source, known_sources())
        try:
            rows = archive.search(query, source, since, until, include_duplicates, limit)
        except SearchError as exc:
            fail(str(exc))
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if not rows:
        click.echo("no article matches", err=True)  # not an empty table that looks broken
        return
    columns = ["id", "source", "published_at", "title", "url"]
    if any(row.get("gone_at") for row in rows):  # taken down: the day it was first seen gone
        rows = [{**row, "gone": (row["gone_at"] or "")[:10]} for row in rows]
        columns.insert(3, "gone")
    print_table(rows, columns)
    for row in rows:
        click.echo(f"  #{row['id']}: {row['snippet']}")


VERSION_COLUMNS = ["version", "archived_at", "replaced_at", "title", "chars"]
MAX_ID = 2**63 - 1  # SQLite's largest integer: an id past it is no article's
NO_ID = -1


@click.command()
@click.argument("article")
@DB_OPTION
@click.option("--text", "number", type=COUNT, default=None, help="Print version N's text.")
@JSON_OPTION
def versions(article: str, db_path: str, number: int | None, as_json: bool) -> None:
    """An article's versions, its first text first and the one it holds now last: each
    one's number, when it was archived and replaced, title and size in characters.
    ARTICLE is its id or its address.

    Example: arshif versions 1234 --text 1
    """
    ref = _article_ref(article)
    with open_archive(db_path, reader=True) as archive:
        found = archive.article_history(ref) if ref != NO_ID else None
    if found is None:
        fail(f"no archived article {'#' if isinstance(ref, int) else 'at '}{article} in {db_path}")
    kept = found.pop("versions")
    chosen = kept
    if number is not None:
        chosen = [v for v in kept if v["version"] == number]
        if not chosen:
            numbers = ", ".join(str(v["version"]) for v in kept)
            fail(f"article #{found['id']} has no version {number} (it has {numbers})")
    if as_json:
        shown = chosen[0] if number is not None else {**found, "versions": kept}
        click.echo(json.dumps(shown, ensure_ascii=False, indent=1))
    elif number is not None:
        click.echo(chosen[0]["text"])
    else:
        gone = f"  taken down, gone since {found['gone_at']}" if found["gone_at"] else ""
        click.echo(f"#{found['id']} {found['url']}{gone}")
        print_table(kept, VERSION_COLUMNS)


def _article_ref(article: str) -> int | list[str]:
    """An id, or the forms of an address the archive may know it by (as given, and as a
    crawl keys it)."""
    from urllib.parse import urldefrag

    from crawler.canonical import canonical_url, is_web_url

    if article.strip().lstrip("#").isdigit():
        number = int(article.strip().lstrip("#"))
        return number if number <= MAX_ID else NO_ID
    if not is_web_url(article):
        fail(f"{article!r} is neither an article's id nor its address (http:// or https://)")
    return sorted({urldefrag(article).url, canonical_url(article)})


@click.command()
@DB_OPTION
@filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "warc", "wacz"]),
    default=None,
    help=f"Default: what -o's name ends in (.jsonl, .csv, .warc, .wacz, .gz after the first"
    f" two), else {DEFAULT_FORMAT}.",
)
@click.option(
    "-o", "--output", default=None, callback=not_empty,
    help="File to write (default, or -: standard output).",
)  # fmt: skip
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@click.option("--query", default=None, help="Only articles matching this search query.")
def export(
    db_path: str, source: str | None, since: str | None, until: str | None,
    include_duplicates: bool, fmt: str, output: str | None, force: bool, query: str | None,
) -> None:  # fmt: skip
    """Stream articles as JSONL or CSV (one per line, all fields; CSV starts with a UTF-8
    BOM for Excel), their raw captures as WARC, or a WACZ package (WARC, CDXJ index,
    pages with title and text) for ReplayWeb.page and pywb.

    Example: arshif export --format wacz -o saraya.wacz --source saraya
    """
    from archive.export import ExportError, check_output
    from archive.search import SearchError, parse_query

    filters = {
        "source": source,
        "since": since,
        "until": until,
        "include_duplicates": include_duplicates,
    }
    output = None if output == "-" else output
    try:  # the archive's own files first: that is the worse mistake, whatever their names
        path = check_output(output, db_path, force) if output else None
    except ExportError as exc:
        fail(str(exc))
    fmt = export_format(fmt, output)
    if output is None and fmt in ("warc", "wacz") and sys.stdout.isatty():
        fail(f"a {fmt.upper()} export is binary: give -o FILE, or send the output to a file")
    with open_archive(db_path, reader=True) as archive:
        check_source(archive, source, known_sources())
        try:
            if query is not None:  # --query '' (an unset variable) is no "everything"
                parse_query(query)
            with _output(path, binary=fmt in ("warc", "wacz")) as out:
                count = archive.export(fmt, out, query, **filters)
        except (ExportError, SearchError) as exc:
            fail(str(exc))
        except BrokenPipeError:  # a reader gone (`| head`): no message, as every command
            sys.exit(1)
        except zlib.error as exc:  # a capture damaged (archive errors: cli.errors' line)
            fail(f"export stopped, nothing written: {exc}")
        except OSError as exc:  # the output's place refused it (a full disk): exit 1
            fail(f"export stopped, nothing written: {exc}", code=1)
    what = counted(count, "capture" if fmt in ("warc", "wacz") else "article")
    click.echo(f"exported {what}" + (f" to {path}" if path else ""), err=True)


def export_format(fmt: str | None, output: str | None) -> str:
    """--format, else the one -o's name ends in, else jsonl; a --format that the name
    contradicts (`--format csv -o a.jsonl`) is a usage error, not a file misnamed."""
    name = (output or "").lower()
    named = next((f for end, f in NAMED_FORMATS if name.endswith(end)), None)
    if fmt and named and fmt != named:
        raise click.UsageError(
            f"--format {fmt}, but -o {output} is named as {named}: give one of them"
        )
    inner = name.removesuffix(".gz")  # (gzip over the type the rest of the name says)
    ending = _FILE_TYPE.search(inner) if output != "-" else None
    if not fmt and not named and ending:  # an .xlsx, a .json, a .parquet: no JSONL in disguise
        raise click.UsageError(
            f"-o {output}: no export format is named {ending.group()} (.jsonl, .csv, .warc,"
            " .wacz; .gz after the first two): give --format"
        )
    return fmt or named or DEFAULT_FORMAT


# A file name's ending that names a type ("x.xlsx"), not a date or a version ("2026-12-04").
_FILE_TYPE = re.compile(r"\.[a-z][a-z0-9]{0,7}$")


@contextmanager
def _create(raw: IO[bytes], binary: bool, gzipped: str | None) -> Iterator[IO[Any]]:
    """The stream an export writes into raw (a file opened for it): JSONL or CSV
    gzip-compressed when its name ends in .gz (a WARC is gzip-compressed per record
    already); gzipped: the name the archive holds."""
    with raw:
        if binary:
            yield raw
        elif gzipped is None:
            with io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
                yield text
        else:
            with (
                # Level 6, as gzip(1): 9 took ten times as long for a file a few % smaller.
                gzip.GzipFile(filename=gzipped, mode="wb", fileobj=raw, compresslevel=6) as packed,
                io.TextIOWrapper(packed, encoding="utf-8", newline="") as text,
            ):
                yield text


@contextmanager
def _claimed(partial: Path, path: Path) -> Iterator[None]:
    """partial locked (flock) until the export has renamed or removed it: a file left there
    by an export killed outright (kill -9, a reboot: its lock died with it) is taken over,
    as a backup takes over its DEST.partial; one that another export is writing still is
    refused."""
    if partial.is_symlink() or (partial.exists() and not partial.is_file()):
        partial.unlink()  # never written through: the name is the export's own
    while True:
        # Named, not mkstemp: the file gets the usual permissions (umask), not 0600.
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            fail(f"another export is writing {path} (into {partial}): wait for it to end")
        try:  # locked, but still the file of that name (not one renamed meanwhile)?
            if os.path.samestat(os.fstat(fd), os.stat(partial)):
                break
        except FileNotFoundError:
            pass
        os.close(fd)
    try:
        _remove_hidden_leftovers(path)
        yield
    finally:
        os.close(fd)


def _remove_hidden_leftovers(path: Path) -> None:
    """Earlier arshifs wrote `.NAME.<pid>.partial`: those of processes gone are removed."""
    for old in path.parent.glob(f".{glob.escape(path.name)}.*.partial"):
        pid = old.name[len(path.name) + 2 : -len(".partial")]
        if pid.isdigit() and not _alive(int(pid)):
            old.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's
    return True


@contextmanager
def _output(path: Path | None, binary: bool) -> Iterator[IO[Any]]:
    """The stream an export writes: standard output, or a temporary file beside path that
    becomes path only when the export is complete (a failed export leaves no file)."""
    if path is None:
        if binary:
            stream: IO[Any] = sys.stdout.buffer
            yield stream
            stream.flush()
        else:
            # UTF-8 whatever the locale says: an export is Arabic text.
            text = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
            try:
                yield text
            finally:
                text.flush()
                text.detach()  # our own wrapper around stdout: let go of it, not close it
        return
    partial = path.with_name(path.name + ".partial")
    inner = path.name[:-3] if path.name.lower().endswith(".gz") else None
    with _claimed(partial, path):
        try:
            # Opened again, by name (a WACZ stages its parts beside the file named): closing
            # it at the stream's end keeps the lock, held until the rename.
            with _create(partial.open("wb"), binary, gzipped=inner) as out:
                yield out
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise


PLOT_FORMATS = (".png", ".svg", ".pdf", ".jpg", ".jpeg", ".webp")


@click.command()
@DB_OPTION
@SOURCE_OPTION
@click.option("--plot", "plot_path", default=None, metavar="FILE.png", callback=not_empty,
              help="Also draw articles per day per source (needs arshif[plot]).")  # fmt: skip
@JSON_OPTION
def stats(db_path: str, source: str | None, plot_path: str | None, as_json: bool) -> None:
    """Per source: articles, duplicates, date range, share dated / with author, extraction
    failures, last run.

    Example: arshif stats --plot coverage.png
    """
    with open_archive(db_path, reader=True) as archive:
        check_source(archive, source, known_sources())
        rows = archive.source_stats(source)
        if plot_path:
            if Path(plot_path).suffix.lower() not in PLOT_FORMATS:
                fail(f"--plot {plot_path}: name a picture file ({', '.join(PLOT_FORMATS)})")
            if problem := destination_problem(plot_path, db_path, force=True):
                fail(f"--plot {plot_path}: {problem}")
            try:
                archive.plot(plot_path, source)
            except ImportError:
                fail("--plot needs matplotlib: pip install 'arshif[plot]'")
            except (OSError, ValueError) as exc:
                fail(f"--plot {plot_path}: {exc}")
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    print_table(rows, list(rows[0]) if rows else ["source"])
    if plot_path:
        click.echo(f"plot written to {plot_path}", err=True)


COMMANDS = [runs, status, search, versions, export, stats]
