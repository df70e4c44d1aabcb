"""A stop signal's handling is logged as the process's, whatever code it interrupted."""

from __future__ import annotations

import pathlib
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

import crawler.runner
from crawler.logcontext import log_context


def test_a_stop_signal_interrupting_a_runs_code_is_handled_outside_that_runs_context(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """(Its log lines said the interrupted run's source, "[aljazeera run=3]", not "[-]",
    when the signal came while that run's code worked: now and then.)"""
    import contextvars

    from crawler.logcontext import _label

    seen: list[str] = []

    class Reactor:
        def callFromThread(self, action: object, signum: int) -> None:  # noqa: N802
            import logging

            seen.append(_label(logging.LogRecord("x", logging.WARNING, "", 0, "", None, None)))

    monkeypatch.setattr(crawler.runner, "get_reactor", Reactor)

    def interrupted() -> None:
        log_context.set("aljazeera", 3)
        crawler.runner.StopSignals(print, print)._handle(signal.SIGTERM, None)

    contextvars.Context().run(interrupted)
    assert seen == ["-"]


@pytest.mark.parametrize("after", [0.3, 0.6, 0.8, 1.0, 1.2])
def test_a_stop_signal_while_a_crawl_starts_ends_it_as_a_stop(
    tmp_path: pathlib.Path, after: float
) -> None:
    """Whenever it lands (the imports, the sources' start, the crawls), exit 143, the line
    that says so (after the drain's, if any), and no run recorded crashed or failed: the stop
    is never lost."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler", "crawl", "--offline"],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        preexec_fn=as_from_a_terminal,
    )  # fmt: skip
    time.sleep(after)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 143, err
    assert "Traceback" not in err and "crashed" not in err, err
    assert err.rstrip().endswith("arshif: stopped (SIGTERM)"), err
    if (tmp_path / "archive.db").exists():
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            ended = {status for (status,) in conn.execute("SELECT status FROM runs")}
        assert ended <= {"ok", "partial"}, err


def test_a_hang_up_the_command_was_started_to_ignore_stops_nothing(
    tmp_path: pathlib.Path,
) -> None:
    """`nohup arshif reindex &`: the terminal's hang-up is not a stop."""
    from archive import Archive

    Archive(tmp_path / "archive.db").close()
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler", "reindex"], cwd=tmp_path, stderr=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN),
    )  # fmt: skip
    time.sleep(0.2)
    proc.send_signal(signal.SIGHUP)
    out, err = proc.communicate(timeout=60)
    assert (proc.returncode, out.strip()) == (0, "reindexed 0 articles"), err


def as_from_a_terminal() -> None:
    """A child's signals as a terminal starts it (a test runner's worker, or nohup, may have
    them ignored, and the child would inherit that)."""
    for sig in (signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)


FINALIZER_STOPPED = """
import os, signal, sys, time
from crawler.stops import Stopped, exit_on_stops, say_stopped

exit_on_stops()

class Spool:
    def __del__(self):  # a temporary file's finalizer, as an export drops one per record
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.05)  # the handler runs here, inside the finalizer

try:
    Spool()
    for _ in range(200):  # the command's work goes on
        time.sleep(0.01)
    print("finished")
except Stopped as stop:
    sys.exit(say_stopped(stop.signum))
"""


# The same in a weak reference's callback, as the garbage collector runs them (a crawl's start
# met it in WeakKeyDictionary's own callback).
WEAKREF_STOPPED = FINALIZER_STOPPED.replace(
    "class Spool:\n    def __del__(self):",
    "import weakref\nclass Thing: pass\nkept = []\ndef Spool():\n"
    "    thing = Thing()\n    kept.append(weakref.ref(thing, gone))\n\ndef gone(_):",
)


# Ctrl-C there: Python's own KeyboardInterrupt (warcio's spooled files during a WARC export).
CTRL_C_STOPPED = (
    FINALIZER_STOPPED.replace("signal.SIGTERM)", "signal.SIGINT)")
    .replace("exit_on_stops()\n", "exit_on_stops()\nsignal.signal(signal.SIGINT, signal.default_int_handler)\n")
    .replace("except Stopped as stop:", "except KeyboardInterrupt:\n    sys.exit(say_stopped(signal.SIGINT))\nexcept Stopped as stop:")
)  # fmt: skip


@pytest.mark.parametrize(
    ("script", "stop"),
    [(FINALIZER_STOPPED, "SIGTERM"), (WEAKREF_STOPPED, "SIGTERM"), (CTRL_C_STOPPED, "SIGINT")],
    ids=["del", "weakref", "ctrl-c"],
)
def test_a_stop_signal_that_lands_in_a_finalizer_still_stops_the_command(
    script: str, stop: str
) -> None:
    """Raised inside a __del__ or a weak reference's callback, the stop was printed as
    "Exception ignored" with a traceback and dropped, and the command went on to its end
    and exited 0."""
    assert script.count("os.kill") == 1 and "__del__" not in WEAKREF_STOPPED
    done = subprocess.run([sys.executable, "-c", script], capture_output=True,
                          text=True, timeout=60, cwd=pathlib.Path(__file__).parent.parent)  # fmt: skip
    status = 128 + getattr(signal, stop)
    assert (done.returncode, done.stdout, done.stderr) == (
        status,
        "",
        f"arshif: stopped ({stop})\n",
    )


def test_a_stop_during_a_held_block_lands_after_it() -> None:
    """reextract writes a run's row and keeps its id in one held block: a SIGTERM between
    the two left the run `running`, nothing to close it."""
    script = (
        "import os, signal\n"
        "from crawler.stops import exit_on_stops, stops_held, Stopped\n"
        "exit_on_stops()\n"
        "kept = None\n"
        "try:\n"
        "    with stops_held():\n"
        "        os.kill(os.getpid(), signal.SIGTERM)\n"
        "        kept = 7\n"
        "    print('went on')\n"
        "except Stopped:\n"
        "    print('stopped after the block, kept', kept)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=30, preexec_fn=as_from_a_terminal)  # fmt: skip
    assert done.stdout == "stopped after the block, kept 7\n", done.stderr
