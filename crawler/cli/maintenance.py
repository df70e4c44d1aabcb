"""Commands that rework or serve the archive: reindex, reextract, serve."""

from __future__ import annotations

import errno
import sys
from pathlib import Path

import click

from crawler.cli.common import (
    DB_OPTION,
    FIXTURE_SOURCES_OPTION,
    SOURCES_OPTION,
    check_source,
    counted,
    fail,
    open_archive,
    read_sources,
    sources_file,
)


@click.command()
@DB_OPTION
def reindex(db_path: str) -> None:
    """Rebuild the full-text index from the articles (after a normalization change).

    Example: arshif reindex --db archive.db
    """
    with open_archive(db_path) as archive:
        click.echo(f"reindexed {counted(archive.reindex(), 'article')}")


@click.command()
@SOURCES_OPTION
@FIXTURE_SOURCES_OPTION
@DB_OPTION
@click.option("--source", default=None, help="Only this source.")
def reextract(sources_path: str | None, offline: bool, db_path: str, source: str | None) -> None:
    """Re-run extraction over the stored raw pages; changed articles are updated, their
    previous versions kept.

    Example: arshif reextract --source saraya
    """
    from crawler.reextract import reextract as run_reextract

    path = sources_file(sources_path, offline)
    sources = read_sources(path, required=bool(sources_path))
    with open_archive(db_path) as archive:
        check_source(archive, source, sources)
        counts = run_reextract(archive, sources, source)
    click.echo(", ".join(f"{k} {v}" for k, v in counts.items()))


@click.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535))
def serve(db_path: str, host: str, port: int) -> None:
    """Browse and search the archive in Datasette (read-only). Needs arshif[serve]. The
    archive is served under its file's name without .db: the search page of archive.db is
    /archive/search, of news.db /news/search (the address is printed on start).

    Example: arshif serve --port 8001  (then open http://127.0.0.1:8001/archive/search?q=دمشق)
    """
    import importlib.util
    import os
    import tempfile

    from archive.serve import datasette_command, write_metadata

    if importlib.util.find_spec("datasette") is None:
        fail("arshif serve needs Datasette: pip install -e '.[serve]'")
    if any(mark in str(Path(db_path).absolute()) for mark in _URI_MARKS):
        # Datasette opens file:<path>?mode=ro unescaped: '#' or '?' cut the path (an empty
        # archive made beside it, served), '%' stops it with a traceback.
        fail(f"cannot serve {db_path}: Datasette misreads a path with '#', '?' or '%' "
             "(rename the file or its folder, or serve a link to it without them)")  # fmt: skip
    name = Path(db_path).stem  # Datasette's name for it, the first part of every address
    with open_archive(db_path, reader=True) as archive:  # migrated: the index and views
        archive.ensure_sound()  # damage is said here, as the other read commands say it
        immutable = archive.immutable
        meta = _inherited(write_metadata(archive.db, name, Path(tempfile.mkdtemp()) / "m.json"))
    _check_address(host, port)
    from datasette.utils import tilde_encode  # how Datasette writes the name in addresses

    site = f"http://{f'[{host}]' if ':' in host else host}:{port}/{tilde_encode(name)}"
    click.echo(f"arshif: serving {db_path} read-only at {site} (search: {site}/search)", err=True)
    sys.stderr.flush()  # before exec replaces this process and its buffers
    command = datasette_command(db_path, meta, host, port, immutable)
    os.execvp(command[0], command)


_URI_MARKS = ("#", "?", "%")


def _inherited(meta: Path) -> Path:
    """The metadata file as Datasette will read it across the exec: an open descriptor of a
    file already removed (/dev/fd/N), so that no folder is left in /tmp by each start."""
    import os

    fd = os.open(meta, os.O_RDONLY)
    inherited = Path(f"/dev/fd/{fd}")
    if not inherited.exists():  # no /dev/fd here (a chroot without /proc): the file stays
        os.close(fd)
        return meta
    os.set_inheritable(fd, True)
    meta.unlink()
    meta.parent.rmdir()
    return inherited


def _check_address(host: str, port: int) -> None:
    """The address is free and this host's: said in arshif's own line now, not in the web
    server's after Datasette has started (and with an exit status of its own)."""
    import socket

    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        reason = "in use" if exc.errno == errno.EADDRINUSE else (exc.strerror or str(exc))
        fail(f"cannot serve on {host}:{port}: {reason}")


COMMANDS = [reindex, reextract, serve]
