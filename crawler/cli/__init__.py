"""The arshif command line: the click group, and the commands registered by concern
(crawling, reading, maintenance, ops). Errors become one-line messages (exit 2) only here."""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
from typing import NoReturn

import click

from crawler.cli import crawling, maintenance, ops, reading, trying
from crawler.cli.errors import ArshifGroup
from crawler.stops import Stopped, say_stopped


@click.group(cls=ArshifGroup)
@click.version_option(package_name="arshif")
def main() -> None:
    """arshif: crawl news sites into one deduplicated, versioned SQLite archive."""


for _module in (crawling, reading, maintenance, ops, trying):
    for _command in _module.COMMANDS:
        main.add_command(_command)


def run() -> NoReturn:
    """The command line, as the entry point (crawler.__main__) runs it: the command, then an exit
    that skips tearing the interpreter down. A crawl has imported Scrapy, Twisted, lxml and
    numpy, and Python's own finalization of them takes ~0.2 s, a fifth of an unchanged
    re-crawl, doing nothing for the user: the archive is closed and the extraction workers
    reaped by then, and every exit handler (log files, multiprocessing) still runs here. With
    a thread other than daemons still alive, the interpreter's ordinary exit joins it."""
    try:
        main()
        code = 0
    except Stopped as stop:  # (crawler.stops: set by the entry point, crawler.__main__)
        code = say_stopped(stop.signum)
    except SystemExit as done:
        code = _exit_status(done.code)
    except OSError as exc:  # the output cannot be written (a full disk): one line, no traceback
        _error(str(exc))
        code = 1
    if any(t is not threading.main_thread() and not t.daemon for t in threading.enumerate()):
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (BrokenPipeError, ValueError):  # a reader gone (`arshif runs | head`)
            continue
        except OSError as exc:  # output lost (a full disk): fail as Python's own exit would
            _error(f"the output could not be written: {exc}")
            os._exit(120)
    os._exit(code)


def _error(message: str) -> None:
    """One line on stderr's descriptor, past Python's buffers (which may be what failed)."""
    with contextlib.suppress(OSError):
        os.write(2, f"arshif: error: {message}\n".encode())


def _exit_status(code: object) -> int:
    """What the interpreter would make of sys.exit(code): None is 0, a message is printed
    and is 1."""
    if code is None or isinstance(code, int):
        return code or 0
    print(code, file=sys.stderr)
    return 1


__all__ = ["main", "run"]
