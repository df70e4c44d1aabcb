"""The one place where an archive that cannot be read becomes a one-line message: every
command, whatever it was doing when SQLite refused, ends the same way (exit 2)."""

from __future__ import annotations

import codecs
import os
import sqlite3
import sys
from typing import Any

import click

from archive.health import damage_detail, is_damage
from archive.records import ArchiveError
from crawler.environment import SettingsError

DB_META = "arshif.db_path"  # where the --db option leaves the archive's path for the group


def remember_db(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """--db's callback: the group's context shares meta with its commands'. An empty name
    (an unset shell variable) is named, not read as the current folder."""
    if value == "":
        raise click.BadParameter("empty: give the archive's file name", ctx, param)
    refuse_option_name(ctx, param, value)
    ctx.meta[DB_META] = value
    return value


def refuse_option_name(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    """A file name that is an option's ("-o --all": the name forgotten, a flag typed in
    its place): a usage error, not a file named "--all" written or read. Any "--" name
    counts (another command's, a misspelt one); "-" (standard output) does not."""
    if not isinstance(value, str):
        return
    names = {name for p in ctx.command.params for name in (*p.opts, *p.secondary_opts)}
    if value.startswith("--") or value in names:
        raise click.BadParameter(
            f"{value!r} is an option, not a file name (the file's name is missing)", ctx, param
        )


def archive_message(exc: BaseException, db_path: str) -> str:
    if is_damage(exc):
        return f"the archive {db_path} is damaged ({damage_detail(exc)}); run arshif check"
    if isinstance(exc, ArchiveError):
        return str(exc)
    return f"cannot use the archive {db_path}: {exc}"


def output_cannot_show(exc: UnicodeEncodeError) -> bool:
    """Is it the output's encoding (PYTHONIOENCODING=latin-1, LANG=C on an old system) that
    failed, not some encoding a command chose?"""
    stream = sys.stdout.encoding or "utf-8"
    try:
        return codecs.lookup(exc.encoding).name == codecs.lookup(stream).name
    except LookupError:
        return False


def encoding_message(exc: UnicodeEncodeError) -> str:
    """In ASCII: the line goes out through the same encoding."""
    return (
        f"the terminal's encoding ({exc.encoding}) cannot show the text (Arabic letters);"
        " run with PYTHONIOENCODING=utf-8 or a UTF-8 locale (LANG=C.UTF-8)"
    )


# What the place the archive lies in does to it, not the archive or the command line: a
# read-only or full disk, no permission, another program holding its write lock past the
# wait. Exit 1, as a run the archive refused: a service manager restarts after it
# (systemd's RestartPreventExitStatus=2 never would).
_PLACE = (
    "database is locked",
    "unable to open database file",
    "readonly database",
    "read-only file system",
    "disk i/o error",
    "database or disk is full",
    "no space left",
    "permission denied",
    ": no folder ",  # a disk not mounted yet
    "is not writable here",  # a folder of another user's
)


def _where_it_lies(exc: BaseException) -> bool:
    text = f"{exc} {exc.__cause__ or ''}".lower()
    return not is_damage(exc) and any(words in text for words in _PLACE)


# "arshif" alone shows the help (Click raises it as a usage error of its own, from 8.2 on).
_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


def usage_message(exc: click.UsageError, group: click.Context | None = None) -> str:
    """Click's three-line usage error as one line that still says where the help is.
    group: the group's context, whose command is the one meant when the error has none
    (Click's parser raises an option's missing value without one: `arshif runs --limit`
    pointed at the group's help, which lists no option of runs)."""
    message = exc.format_message()
    names: list[str] = []  # the commands' names, whatever the program was called
    ctx = exc.ctx
    if ctx is None and group is not None and group.invoked_subcommand:
        names = [group.invoked_subcommand]
    while ctx is not None and ctx.parent is not None:
        names.insert(0, ctx.info_name or "")
        ctx = ctx.parent
    return f"{message.rstrip('.')} (see {' '.join(['arshif', *names])} --help)"


class ArshifGroup(click.Group):
    """The arshif group: a usage error (an unknown option, a value out of its range) or an
    archive error escaping any command is one line, exit 2; any other exception (a bug) one
    line too, exit 1."""

    def make_context(
        self, info_name: str | None, args: list[str], *rest: Any, **kwargs: Any
    ) -> click.Context:
        try:  # the group's own options ("arshif --bogus crawl")
            return super().make_context(info_name, args, *rest, **kwargs)
        except click.UsageError as exc:
            if isinstance(exc, _HELP):
                raise
            message = self._misplaced(exc, args) or usage_message(exc)
            click.echo(f"arshif: error: {message}", err=True)
            sys.exit(2)

    def _misplaced(self, exc: click.UsageError, args: list[str]) -> str | None:
        """An option of a command written before it ("arshif --db x.db runs")."""
        name = getattr(exc, "option_name", None)
        if not isinstance(exc, click.NoSuchOption) or not name:
            return None
        takers = [c for c, cmd in self.commands.items() if any(name in p.opts for p in cmd.params)]
        if not takers:
            return None  # no command's: Click's own word
        typed = next((arg for arg in args if arg in self.commands), None)
        if typed is not None and typed not in takers:
            return f"arshif {typed} has no option {name} (see arshif {typed} --help)"
        return f"{name} goes after the command: arshif {typed or sorted(takers)[0]} {name} ..."

    def invoke(self, ctx: click.Context) -> Any:
        try:  # the commands' options and arguments
            return super().invoke(ctx)
        except click.UsageError as exc:
            if isinstance(exc, _HELP):
                raise
            click.echo(f"arshif: error: {usage_message(exc, ctx)}", err=True)
            sys.exit(2)
        except SettingsError as exc:
            click.echo(f"arshif: error: {exc}", err=True)
            sys.exit(2)
        except UnicodeEncodeError as exc:
            if not output_cannot_show(exc):
                raise
            click.echo(f"arshif: error: {encoding_message(exc)}", err=True)
            sys.exit(2)
        except (sqlite3.Error, ArchiveError) as exc:
            db_path = ctx.meta.get(DB_META, "archive.db")
            click.echo(f"arshif: error: {archive_message(exc, db_path)}", err=True)
            sys.exit(1 if _where_it_lies(exc) else 2)
        except KeyboardInterrupt:  # ^C where no command drains (click's "Aborted!", exit 1)
            click.echo("arshif: stopped (SIGINT)", err=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, OSError):
            # Click's own ways out (--help, ^C at a prompt, its messages), and output that
            # cannot be written: a reader gone (Click's), a full disk (crawler.cli.run's)
            raise
        except Exception as exc:  # a bug: still one line, its traceback only when asked
            if os.environ.get("ARSHIF_DEBUG"):
                raise
            where = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
            click.echo(
                f"arshif: error: unexpected {where} (a bug: ARSHIF_DEBUG=1 shows where)", err=True
            )
            sys.exit(1)
