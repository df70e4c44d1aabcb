"""The one place where an archive that cannot be read becomes a one-line message: every
command, whatever it was doing when SQLite refused, ends the same way (exit 2)."""

from __future__ import annotations

import sqlite3
import sys
from typing import Any

import click

from archive.health import damage_detail, is_damage
from archive.records import ArchiveError

DB_META = "arshif.db_path"  # where the --db option leaves the archive's path for the group


def remember_db(ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
    """--db's callback: the group's context shares meta with its commands'."""
    ctx.meta[DB_META] = value
    return value


def archive_message(exc: BaseException, db_path: str) -> str:
    if is_damage(exc):
        return f"the archive {db_path} is damaged ({damage_detail(exc)}); run arshif check"
    if isinstance(exc, ArchiveError):
        return str(exc)
    return f"cannot use the archive {db_path}: {exc}"


class ArshifGroup(click.Group):
    """The arshif group: an archive error escaping any command is one line, exit 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (sqlite3.Error, ArchiveError) as exc:
            db_path = ctx.meta.get(DB_META, "archive.db")
            click.echo(f"arshif: error: {archive_message(exc, db_path)}", err=True)
            sys.exit(2)
