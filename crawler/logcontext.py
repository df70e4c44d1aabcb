"""Every log line names its source and run: each log record carries an `arshif` field
("saraya run=12") set by the running crawl, whichever handler formats it."""

from __future__ import annotations

import logging
from contextvars import ContextVar

_CURRENT: ContextVar[str] = ContextVar("arshif_log_context", default="-")


class _LogContext:
    """Per thread (a context variable): the scheduler runs one thread per source."""

    def __init__(self) -> None:
        self._installed = False

    @property
    def value(self) -> str:
        return _CURRENT.get()

    def set(self, source: str, run_id: int | None = None) -> None:
        _CURRENT.set(f"{source} run={run_id}" if run_id is not None else source)

    def clear(self) -> None:
        _CURRENT.set("-")

    def install(self) -> None:
        """Stamp every record at creation (a record factory reaches all handlers)."""
        if self._installed:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args: object, **kwargs: object) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            record.arshif = _CURRENT.get()
            return record

        logging.setLogRecordFactory(factory)
        self._installed = True


log_context = _LogContext()
log_context.install()
