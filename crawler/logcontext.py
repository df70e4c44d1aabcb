"""Every log line names its source and run ("saraya run=12") and keeps its level; no traceback
reaches a user's terminal unless they asked for DEBUG.

A record's label comes from, in order: `extra={"arshif_run": run}` (the recorder and service
log that way), the spider Scrapy attaches to its own records, then the context variable set by
code that works for one source at a time."""

from __future__ import annotations

import logging
import sys
import time
from contextvars import ContextVar
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

_CURRENT: ContextVar[str] = ContextVar("arshif_log_context", default="-")


class _LogContext:
    @property
    def value(self) -> str:
        return _CURRENT.get()

    def set(self, source: str, run_id: int | None = None) -> None:
        _CURRENT.set(f"{source} run={run_id}" if run_id is not None else source)

    def clear(self) -> None:
        _CURRENT.set("-")


log_context = _LogContext()


def _label(record: logging.LogRecord) -> str:
    source = getattr(record, "arshif_source", None)
    if source is not None:  # a line about one source outside its run (the scheduler's)
        return str(source)
    run: Any = getattr(record, "arshif_run", None)
    if run is None:
        spider = getattr(record, "spider", None)
        run = getattr(spider, "crawl_run", None)
    return run.label if run is not None else _CURRENT.get()


class RunLabel(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.arshif = _label(record)
        return True


class _NotMaxInstances(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "maximum number of running instances" not in record.getMessage()


_NOT_MAX_INSTANCES = _NotMaxInstances()  # one instance: a logger adds the same filter once


class OneLine(logging.Filter):
    """One event, one line: a record with a traceback becomes its message and the
    exception's; a message that spans lines is folded onto one."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            record.msg = f"{record.getMessage()}: {type(exc).__name__}: {exc}"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        message = record.getMessage()
        if "\n" in message:
            record.msg = " ".join(message.split())
            record.args = ()
        return True


class QuietScrapy(logging.Filter):
    """Scrapy's own INFO lines (its banner, settings, stats dumps), whatever level Scrapy's
    logging setup gave its loggers again (quiet_libraries): its warnings and errors stay,
    except its lines about failed downloads and callback errors, each of which arshif records
    in run_errors with its kind (a source that fetched nothing gets its one line)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name in _RECORDED or _over_the_size_limit(record):
            return False
        return record.levelno >= logging.WARNING or not record.name.startswith("scrapy")


_RECORDED = frozenset(
    {
        "scrapy.downloadermiddlewares.retry",  # "Gave up retrying …"
        "scrapy.downloadermiddlewares.robotstxt",  # "Error downloading …/robots.txt"
        "scrapy.core.scraper",  # "Error downloading …", "Spider error processing …"
    }
)


def _over_the_size_limit(record: logging.LogRecord) -> bool:
    """Scrapy's "Expected to receive … larger than download max size": run_errors records
    the page as too_large (its warning about the warn size stays: that page is archived)."""
    return record.name == "scrapy.core.downloader.handlers.http11" and (
        "download max size" in record.getMessage()
    )


def install_log_filters(level: str = "INFO") -> None:
    """On every handler of the root logger: the run label, and unless DEBUG one-line errors
    and no Scrapy chatter."""
    filters: list[logging.Filter] = [RunLabel()]
    if level.upper() != "DEBUG":
        filters += [OneLine(), QuietScrapy()]
    for handler in logging.getLogger().handlers:
        for existing in list(handler.filters):
            if isinstance(existing, RunLabel | OneLine | QuietScrapy):
                handler.removeFilter(existing)
        for f in filters:
            handler.addFilter(f)


# Every line's time in UTC, marked so ("2026-12-02 23:16:27,123Z"), as runs, schedules and
# cron lines are: a TZ=Pacific/Chatham log said local times beside UTC ones, neither marked.
LOG_FORMAT = "%(asctime)s,%(msecs)03dZ %(levelname)s [%(arshif)s] %(name)s: %(message)s"
LOG_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


def log_in_utc() -> None:
    """Every formatter of the process, Scrapy's included, stamps in UTC."""
    logging.Formatter.converter = time.gmtime


def setup_logging(log_file: str | None, level: str = "INFO") -> None:
    """One timestamp, the level, the source and run: to stderr, and to a rotating file."""
    log_in_utc()
    fmt = logging.Formatter(LOG_FORMAT, LOG_DATE_FORMAT)
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)
        handlers.append(_LogFile(log_file, maxBytes=10 * 1024 * 1024, backupCount=5))
    root = logging.getLogger()
    root.setLevel(level)
    for old in [h for h in root.handlers if getattr(h, "arshif", False)]:
        root.removeHandler(old)  # set up once per process, whoever asks again
    for h in handlers:
        h.setFormatter(fmt)
        h.setLevel(level)
        h.arshif = True  # type: ignore[attr-defined]
        root.addHandler(h)
    install_log_filters(level)
    quiet_libraries(level)


class _LogFile(RotatingFileHandler):
    """The rotating log file, whose write errors (a full disk) are said once on stderr, in
    one line, not as a traceback for every record; the lines go on to stderr."""

    failed = False

    def flush(self) -> None:
        """As logging's, but a failed flush (the disk full) is said as a failed write is:
        the scheduler flushes before it starts afresh, and must not die of it."""
        try:
            super().flush()
        except OSError:
            self.handleError(logging.makeLogRecord({}))

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        if not self.failed:
            self.failed = True
            error = sys.exc_info()[1]
            reason = getattr(error, "strerror", None) or error
            sys.stderr.write(f"arshif: warning: cannot write the log file {self.baseFilename}:"
                             f" {reason}; its lines go to stderr only\n")  # fmt: skip


def quiet_libraries(level: str) -> None:
    """Scrapy's own INFO lines (settings, middlewares, stats dumps) are noise in a service log;
    its warnings and errors stay. Applied again after Scrapy configured logging."""
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # Its "maximum number of running instances reached" is said by the scheduler, with its
    # source (crawler.scheduler: a slot skipped while the crawl goes on is no warning).
    logging.getLogger("apscheduler.scheduler").addFilter(_NOT_MAX_INSTANCES)
    if level.upper() != "DEBUG":
        logging.getLogger("scrapy").setLevel(logging.WARNING)
        # Scrapy's own logging setup puts "scrapy" back to DEBUG, then logs its banner.
        logging.getLogger("scrapy.utils.log").setLevel(logging.WARNING)
        logging.getLogger("py.warnings").setLevel(logging.ERROR)
        # A body over the size limit or a bomb is in run_errors (too_large, decompression_bomb);
        # one over the warning size is archived: neither needs Scrapy's line without a source.
        for name in ("scrapy.core.downloader.handlers.http11",
                     "scrapy.downloadermiddlewares.httpcompression"):  # fmt: skip
            logging.getLogger(name).setLevel(logging.ERROR)


def _factory_with_default() -> None:
    """Records made before a handler filter runs still carry the field (formatters need it)."""
    previous = logging.getLogRecordFactory()

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        record.arshif = _CURRENT.get()
        return record

    logging.setLogRecordFactory(factory)


_factory_with_default()
