"""Loaded once into multiprocessing's fork server, which forks the extraction workers: each
worker starts as a fork of a process that has the extraction code imported already, instead
of a new interpreter importing trafilatura, lxml and numpy again (about half a second of a
core per worker, paid again whenever the pool is replaced).

The fork server, like the workers, outlives a SIGTERM or SIGHUP sent to the whole process group
(systemd does that): it goes when the crawl process that started it does (its pipe closes),
and the workers die with it (crawler.lifetime). A ^C is ignored from its start (it is
started with SIGINT ignored: multiprocessing ignores it only after these imports)."""

from __future__ import annotations

import signal

import trafilatura  # noqa: F401  imported by crawler.extract.text on first use otherwise

import crawler.extract.pool  # noqa: F401  the extraction, the dedup keys, the archive's
from crawler.extract import stoplist

stoplist.install()
signal.signal(signal.SIGTERM, signal.SIG_IGN)
signal.signal(signal.SIGHUP, signal.SIG_IGN)  # a terminal's hang-up: the crawl drains
