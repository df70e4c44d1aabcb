"""Commands for running arshif unattended: check (monitoring), backup, forget (takedowns)."""

from __future__ import annotations

import json
import sqlite3
import sys
from typing import Any

import click

from archive import Archive
from archive.records import ArchiveError
from crawler.canonical import is_web_url
from crawler.cli.common import (
    DB_OPTION,
    FIXTURE_SOURCES_OPTION,
    JSON_OPTION,
    SOURCES_OPTION,
    counted,
    fail,
    need_archive_file,
    not_empty,
    open_archive,
    read_sources,
    sources_file,
    warn_if_newer,
)
from crawler.sources import Schedule, Source

SOURCE_COLUMNS = ["source", "last_completed", "failures_in_a_row", "overdue", "articles/day",
                  "empty", "undated", "median length"]  # fmt: skip


def _sources(sources_path: str | None, offline: bool) -> dict[str, Source]:
    """The sources file: --sources, the fixtures' with --offline, else ./sources.toml
    when there is one ({} when there is none)."""
    return read_sources(sources_file(sources_path, offline), required=bool(sources_path))


def period_seconds(schedule: Schedule, fires: int = 10) -> float:
    """The longest gap between a schedule's next fire times: a weekday-only cron is not
    overdue on a Monday morning."""
    if schedule.interval_seconds is not None:
        return float(schedule.interval_seconds)
    from datetime import UTC, datetime

    from apscheduler.triggers.cron import CronTrigger

    trigger = CronTrigger.from_crontab(schedule.text, timezone=UTC)
    times = [trigger.get_next_fire_time(None, datetime.now(UTC))]
    for _ in range(fires):
        previous = times[-1]
        if previous is None:
            break
        times.append(trigger.get_next_fire_time(previous, previous))
    gaps = [(b - a).total_seconds() for a, b in zip(times, times[1:], strict=False) if a and b]
    return max(gaps) if gaps else float(schedule.period_seconds)


@click.command()
@DB_OPTION
@SOURCES_OPTION
@FIXTURE_SOURCES_OPTION
@JSON_OPTION
def check(db_path: str, sources_path: str | None, offline: bool, as_json: bool) -> None:
    """Health for monitoring: the archive file, the scheduler, and per source overdue,
    failing and drift (newest articles unlike the source's usual ones). Exit 0 all well,
    1 warnings, 2 problems.

    Example: arshif check --json || mail -s 'arshif needs a look' me@example.org
    """
    from archive import health

    periods: dict[str, float | None] = {
        name: period_seconds(s.schedule) for name, s in _sources(sources_path, offline).items()
    }
    need_archive_file(db_path)
    try:
        with warn_if_newer(Archive(db_path, reader=True), db_path) as archive:
            report = archive.check(periods)
    except (ArchiveError, sqlite3.DatabaseError) as exc:
        if not health.is_damage(exc):
            raise
        report = health.damaged(db_path, exc)
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        _print_report(db_path, report)
    sys.exit(report.exit_code)


def _print_report(db_path: str, report: Any) -> None:
    from crawler.cli.common import print_table

    sound = report.archive.get("ok")
    click.echo(f"archive:   {db_path}: " + ("sound" if sound else "DAMAGED"))
    click.echo(f"scheduler: {scheduler_line(report.scheduler)}")
    if report.sources:
        rows = []
        for row in report.sources:
            recent = row.get("recent") or {}
            rows.append(
                {
                    **row,
                    "articles/day": recent.get("per_day"),
                    "empty": recent.get("share_empty"),
                    "undated": recent.get("share_undated"),
                    "median length": recent.get("median_length"),
                }
            )
        click.echo()
        print_table(rows, SOURCE_COLUMNS)
    click.echo()
    for p in report.problems:
        click.echo(f"{p.level:<8} {p.source or '-'}: {p.kind}: {p.message}")
    levels = [p.level for p in report.problems]
    click.echo(
        "all well"
        if not levels
        else f"{levels.count('problem')} problem(s), {levels.count('warning')} warning(s)"
    )


def scheduler_line(state: dict[str, Any]) -> str:
    """The scheduler's state (Archive.scheduler_status) in a line for people."""
    if state.get("state") == "running":
        return (
            f"running (pid {state['pid']} on {state['host']}, since {state['started_at']},"
            f" last beat {state['beat_age_s']:.0f} s ago)"
        )
    if state.get("state") == "stopped":
        return f"not running: stopped at {state['stopped_at']}"
    if state.get("state") == "dead":
        return f"not running: no beat since {state['beat_at']} (pid {state['pid']})"
    if state.get("state") == "never":
        return "never ran on this archive (crawls from cron?)"
    return "unknown (the archive could not be read)"


def _backup_file(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if value == "-":
        raise click.BadParameter("'-': a backup is a SQLite file, give its name", ctx, param)
    return str(not_empty(ctx, param, value))


@click.command()
@click.argument("dest", callback=_backup_file)
@DB_OPTION
@click.option("--force", is_flag=True, help="Overwrite an existing DEST.")
def backup(dest: str, db_path: str, force: bool) -> None:
    """A consistent copy of the archive while crawls go on writing, checked with
    integrity_check before it takes DEST's name.

    Example: arshif backup /backups/arshif-$(date +%F).db
    """
    from archive.backup import BackupError, check_destination
    from archive.backup import backup as run_backup

    need_archive_file(db_path)
    try:
        result = run_backup(db_path, check_destination(dest, db_path, force))
    except BackupError as exc:
        if exc.place:  # exit 1, as any place that refuses the archive's writes
            click.echo(f"arshif: error: {exc}", err=True)
            sys.exit(1)
        fail(str(exc))
    click.echo(
        f"backed up {counted(result.articles, 'article')} ({result.size / 1e6:.1f} MB)"
        f" to {result.path}; integrity ok"
    )


@click.command()
@click.argument("urls", nargs=-1, metavar="[URL ...]")
@click.option("--source", default=None, help="Every article of this source.")
@click.option("--reason", default=None, help="Why (kept with the tombstone).")
@SOURCES_OPTION
@FIXTURE_SOURCES_OPTION
@DB_OPTION
def forget(
    urls: tuple[str, ...], source: str | None, reason: str | None, sources_path: str | None,
    offline: bool, db_path: str,
) -> None:  # fmt: skip
    """Remove articles with all their versions, raw pages and index entries (a takedown),
    and keep a tombstone so that later crawls do not archive them again.

    URLs match as given and as the crawl canonicalizes them (with the sources file's
    rewrites). Copies of a removed story at other URLs stay.

    Example: arshif forget https://www.sarayanews.com/article/891203 --reason 'court order'
    """
    if bool(urls) == bool(source):
        fail("give the URLs to forget, or --source S (not both)")
    for url in urls:  # a typo in a takedown must not pass as done
        if not is_web_url(url) or "." not in url:
            fail(f"{url!r} is not a URL: give the article's address, http:// or https://")
    sources = _sources(sources_path, offline)
    notes: list[str] = []  # said once the takedown is written, not before
    with open_archive(db_path) as archive:
        if source:
            articles = archive.source_articles(source)
            tombstone: set[str] = set()
            if not articles:
                fail(f"no articles of source {source!r} in {db_path}")
        else:
            forms = {url: _url_forms(url, sources) for url in urls}
            found: dict[int, dict[str, Any]] = {}
            for url, variants in forms.items():
                hits = archive.find_articles(sorted(variants))
                earlier = archive.taken_down(sorted(variants))
                if earlier:
                    notes.append(f"arshif: {url}: {_already(earlier[0])}")
                elif not hits:
                    notes.append(f"arshif: {url}: no archived article; tombstoned all the same")
                found.update({a["id"]: a for a in hits})
            articles = list(found.values())
            tombstone = set().union(*forms.values())
        done = archive.forget(articles, tombstone, reason)
    for note in notes:
        click.echo(note, err=True)
    for article in done.articles:
        click.echo(f"forgot #{article['id']} {article['url']}  {article['title'] or ''}")
    click.echo(
        f"removed {counted(len(done.articles), 'article')},"
        f" {counted(done.versions, 'earlier version')}, {counted(done.captures, 'raw page')};"
        f" {counted(done.rerooted, 'copy', 'copies')} at other URLs re-rooted;"
        f" {counted(len(done.tombstones), 'URL')} tombstoned"
    )


def _already(tombstone: dict[str, Any]) -> str:
    """A URL forgotten before: its first takedown's time and reason stay the record."""
    when = f"{tombstone['removed_at'][:16].replace('T', ' ')} UTC"
    why = f" ({tombstone['reason']})" if tombstone["reason"] else ""
    return f"already taken down on {when}{why}; that time and reason are kept"


def _url_forms(url: str, sources: dict[str, Source]) -> set[str]:
    """The URL as given (without its fragment, which no request sends) and as the crawl
    would key it: canonicalized, and rewritten by every source whose domains it is in."""
    from urllib.parse import urldefrag

    from crawler.canonical import canonical_url, in_domains

    forms = {urldefrag(url).url, canonical_url(url)}
    for s in sources.values():
        if in_domains(url, s.allowed_domains):
            forms.add(s.key(url))
    return forms


COMMANDS = [check, backup, forget]
