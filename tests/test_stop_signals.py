"""A stop signal's handling is logged as the process's, whatever code it interrupted."""

from __future__ import annotations

import signal

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
