"""`arshif try`: a dry run of a source, for adding or fixing one."""

from __future__ import annotations

import json
import sys
import textwrap
from dataclasses import asdict

import click

from crawler.cli.common import (
    JSON_OPTION,
    OFFLINE_OPTION,
    SOURCES_OPTION,
    fail,
    read_sources,
    readable_url,
)
from crawler.cli.common import sources_file as default_sources_file
from crawler.sources import SourcesError
from crawler.stops import say_stopped

FIRST_WORDS = 30


@click.command(name="try")
@click.argument("target", metavar="SOURCE|URL")
@SOURCES_OPTION
@OFFLINE_OPTION
@click.option("--limit", default=5, show_default=True, type=click.IntRange(1, 1000),
              help="Stop once this many articles are archived (those in flight then are "
                   "shown too).")  # fmt: skip
@JSON_OPTION
def try_source(
    target: str, sources_path: str | None, offline: bool, limit: int, as_json: bool
) -> None:
    """Show what a source would archive, writing nothing to the archive: discovery, then N
    articles with title, date and where it came from, authors, length, first words, lines
    that repeat across pages (chrome?), and links that did not match article_url_pattern.

    Example: arshif try saraya --limit 3   (or: arshif try https://www.sarayanews.com/article/1)
    """
    from crawler.trial import resolve, run_trial

    path = default_sources_file(sources_path, offline)
    try:
        source, url = resolve(target, read_sources(path, required=True))
    except SourcesError as exc:
        fail(str(exc))
    trial = run_trial(source, url, limit, offline)
    if as_json:
        click.echo(json.dumps(asdict(trial), ensure_ascii=False, indent=1))
    else:
        show(trial)
    if trial.stopped_by is not None:  # as every command's stop: 130 / 143 / 129, one line
        sys.exit(say_stopped(trial.stopped_by))
    if trial.run.get("status") == "failed":  # as `arshif crawl`: a script can tell
        sys.exit(1)


def show(trial: object) -> None:
    from crawler.trial import Trial

    assert isinstance(trial, Trial)
    run = trial.run
    status = run.get("status")
    if run.get("stop_reason") == "item_limit":
        status = "stopped at --limit"
    click.echo(
        f"{trial.source}: {status} — pages {run.get('pages', 0)}, "
        f"articles {len(trial.articles)}, errors {run.get('errors', 0)}"
        + (f" ({trial.more} more fetched in flight, not listed)" if trial.more else "")
    )
    for n, article in enumerate(trial.articles, start=1):
        words = (article["text"] or "").split()
        origin = article["published_from"] or "-"
        raw = f' "{article["published_raw"]}"' if article["published_raw"] else ""
        click.echo(f"\n[{n}] {readable_url(article['url'])}")
        click.echo(f"    title:   {article['title'] or '(none)'}")
        click.echo(f"    date:    {article['published_at'] or '(none)'}  (from {origin}{raw})")
        click.echo(f"    authors: {', '.join(article['authors']) or '(none)'}")
        click.echo(f"    words:   {len(words)}")
        first = " ".join(words[:FIRST_WORDS]) + (" …" if len(words) > FIRST_WORDS else "")
        click.echo(textwrap.indent(textwrap.fill(first, 96), "    | "))
        if article["duplicate_of"]:
            click.echo(f"    copy of #{article['duplicate_of']} fetched in this trial")
    if trial.repeated:
        click.echo(f"\nlines on several of the {trial.pages_read} pages (chrome?):")
        for line, pages in trial.repeated[:20]:
            click.echo(f"    {pages}×  {line[:120]}")
    if trial.other_links:
        click.echo(f"\nlinks that article_url_pattern did not take ({len(trial.other_links)}"
                   " seen; a sample):")  # fmt: skip
        for link in trial.other_links[:15]:
            click.echo(f"    {readable_url(link)}")
    for error in trial.errors[:10]:
        click.echo(f"error: {error['kind']} {error['url'] or ''}: {error['message']}", err=True)
    click.echo("\nnothing was written to the archive")


COMMANDS = [try_source]
