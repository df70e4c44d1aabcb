"""What the commands share: options, the one-line error, opening the archive, the table
printer, and the checks of filters (dates, sources)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import unquote_to_bytes

import click

from archive import Archive
from archive.db import SCHEMA_VERSION
from archive.filters import FilterError, filter_day
from crawler.cli.errors import refuse_option_name, remember_db
from crawler.seedpaths import OFFLINE_SOURCES
from crawler.sources import SourcesError, load_sources


def not_empty(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """A file name given as '' (an unset shell variable): named, not read as the folder;
    an option's name in its place ("-o --all"), named too."""
    if value == "":
        raise click.BadParameter("empty: give a file name", ctx, param)
    refuse_option_name(ctx, param, value)
    return value


SOURCES_OPTION = click.option(
    "--sources", "sources_path", type=click.Path(dir_okay=False), default=None,
    callback=not_empty,
    help="Sources file (default: sources.toml; with --offline: seeds/sources.toml).",
)  # fmt: skip
DEFAULT_SOURCES = "sources.toml"
FIXTURE_SOURCES_OPTION = click.option(
    "--offline", is_flag=True,
    help="Read the fixture sources (seeds/sources.toml), as `arshif crawl --offline` does.",
)  # fmt: skip
DB_OPTION = click.option(
    "--db", "db_path", default="archive.db", show_default=True, help="Archive file.",
    callback=remember_db,
)  # fmt: skip
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
OFFLINE_OPTION = click.option(
    "--offline", is_flag=True, help="Crawl the fixture copies in seeds/ (no network)."
)


def fail(message: str, code: int = 2) -> NoReturn:
    """One line, and exit 2 (usage, configuration) or code (1: a place refuses writes)."""
    click.echo(f"arshif: error: {message}", err=True)
    sys.exit(code)


def open_archive(db_path: str, reader: bool = False) -> Archive:
    """The archive at db_path, which must exist (a read command never creates one). An
    archive that cannot be opened ends in the group's one line (crawler.cli.errors).
    reader: the command only reads, and may on a file it cannot write."""
    need_archive_file(db_path)
    return warn_if_newer(Archive(db_path, reader=reader), db_path)


def warn_if_newer(archive: Archive, db_path: str) -> Archive:
    """A newer arshif's archive is read as this one understands it, and said so (a writer
    was refused it when it opened)."""
    if archive.schema_version > SCHEMA_VERSION:
        click.echo(
            f"arshif: warning: {db_path} was made by a newer arshif (schema"
            f" {archive.schema_version}, this one knows {SCHEMA_VERSION}): read as this one"
            " understands it",
            err=True,
        )
    return archive


def need_archive_file(db_path: str) -> None:
    """A read command's archive must be there, and a file (a usage error otherwise)."""
    if not Path(db_path).exists():
        fail(f"no archive at {db_path} (run `arshif crawl` first, or pass --db)")
    if Path(db_path).is_dir():
        fail(f"cannot open archive {db_path}: a folder, not a file")


def counted(n: int, one: str, many: str | None = None) -> str:
    """'1 article', '2 articles', '1 copy', '3 copies'."""
    return f"{n} {one if n == 1 else many or one + 's'}"


def print_table(rows: list[dict[str, Any]], columns: list[str]) -> None:
    from tabulate import tabulate  # here: every command starts faster without it

    table = [[_shown(c, row.get(c)) for c in columns] for row in rows]
    click.echo(tabulate(table, headers=columns, tablefmt="simple", missingval=""))


def _shown(column: str, value: Any) -> Any:
    return readable_url(value) if column.endswith("url") and isinstance(value, str) else value


def readable_url(url: str) -> str:
    """An address as a browser's bar shows it: its letters in their own script
    ("/news/دمشق", not "/news/%D8%AF..."); an escaped delimiter ("%2F", "%3F") or space
    stays escaped, so the address still leads where it did."""
    return _ESCAPES.sub(_letters, url)


def _letters(match: re.Match[str]) -> str:
    try:
        text = unquote_to_bytes(match[0]).decode("utf-8")
    except UnicodeDecodeError:
        return match[0]
    return text if all(ord(c) > 127 and c.isprintable() for c in text) else match[0]


# Runs of escapes of UTF-8 characters past ASCII: a lead byte and its continuation bytes.
_ESCAPES = re.compile(r"(?:%[C-Fc-f][0-9A-Fa-f](?:%[89ABab][0-9A-Fa-f]){1,3})+")


def sources_file(sources_path: str | None, offline: bool = False) -> Path:
    """The sources file a command reads: --sources, else the fixtures' with --offline, else
    ./sources.toml (which may be absent: then only the archive knows the sources)."""
    return Path(sources_path or (OFFLINE_SOURCES if offline else DEFAULT_SOURCES))


def read_sources(path: Path, required: bool = False) -> dict[str, Any]:
    """The sources of path ({} when it is absent and not required); errors end the command."""
    if not path.is_file() and not required:
        return {}
    try:
        return load_sources(path)
    except SourcesError as exc:
        fail(str(exc))


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        day = filter_day(value, f"--{param.name}")
    except FilterError as exc:
        fail(str(exc))
    # whichever of the two comes second on the line sees the first
    since, until = (
        (ctx.params.get("since"), day) if param.name == "until" else (day, ctx.params.get("until"))
    )
    if since and until and since > until:
        fail(f"--since {since} is after --until {until}: no date is in both")
    return day


def since_until(func: Any) -> Any:
    """--since and --until, checked as ISO dates when the command line is read."""
    func = click.option("--until", default=None, metavar="YYYY-MM-DD", callback=_day,
                        help="Published on or before (an ISO date).")(func)  # fmt: skip
    return click.option("--since", default=None, metavar="YYYY-MM-DD", callback=_day,
                        help="Published on or after (an ISO date).")(func)  # fmt: skip


def check_source(archive: Archive, source: str | None, known_file: dict[str, Any]) -> None:
    """A --source must be one the archive holds or the sources file lists."""
    if source is None:
        return
    known = sorted({*archive.sources(), *known_file})
    if source not in known:
        archive.close()
        listed = ", ".join(known) if known else "none yet"
        fail(f"unknown source {source!r} (known: {listed})")


class Number(click.FloatRange):
    """A number in its range, and a number: click's FloatRange lets NaN through (it compares
    false with either end)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if number != number:
            self.fail(f"{value!r} is not a number", param, ctx)
        return number


# A count of rows to show: bounded well inside SQLite's integers (a LIMIT past 2^63 fails).
COUNT = click.IntRange(1, 10**9)
# Log levels by name, in any case ("info"), handed on in capitals.
LOG_LEVEL = click.Choice(["CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG"], case_sensitive=False)
