"""Raw captures as WARC response records (warcio): the article's current capture and those of
its earlier versions, with their URL, fetch time and original status and headers."""

from __future__ import annotations

import io
import json
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO

import sqlite_utils

_DROPPED_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


@dataclass(frozen=True)
class StoredCapture:
    """One stored response of an exported article, its body decompressed."""

    url: str
    status: int
    headers: dict[str, str]
    fetched_at: str
    body: bytes
    current: bool  # the capture the article's present text was extracted from


def captures(db: sqlite_utils.Database, article_id: int) -> Iterator[StoredCapture]:
    """The article's captures, its current one and those of its earlier versions, oldest first."""
    for url, status, headers, fetched_at, blob, current in db.execute(
        "SELECT fetched_url, status, headers, fetched_at, body_zlib,"
        " id = (SELECT capture_id FROM articles WHERE id = ?) FROM captures"
        " WHERE id IN (SELECT capture_id FROM articles WHERE id = ?"
        " UNION SELECT capture_id FROM article_versions WHERE article_id = ?)"
        # the later pages of an article split over several
        " OR part_of IN (SELECT capture_id FROM articles WHERE id = ?"
        " UNION SELECT capture_id FROM article_versions WHERE article_id = ?) ORDER BY id",
        [article_id, article_id, article_id, article_id, article_id],
    ):
        yield StoredCapture(
            url, status, json.loads(headers), fetched_at, zlib.decompress(blob), bool(current)
        )


def write_warc(
    db: sqlite_utils.Database, items: Iterator[dict], out: IO[bytes],
    seen: Callable[[dict, StoredCapture], None] | None = None,
) -> int:  # fmt: skip
    """Every capture of the exported articles (current and earlier versions) as a WARC
    response record with its URL, fetch time and original status and headers. seen: told
    of each capture written, with its article."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    writer = WARCWriter(out, gzip=True)
    count = 0
    for item in items:
        for capture in captures(db, item["id"]):
            # The stored body is decoded already: drop the transfer headers that say otherwise.
            kept = [(k, v) for k, v in capture.headers.items() if k.lower() not in _DROPPED_HEADERS]
            kept.append(("Content-Length", str(len(capture.body))))
            status = capture.status
            http = StatusAndHeaders(f"{status} {_reason(status)}", kept, protocol="HTTP/1.1")
            record = writer.create_warc_record(
                capture.url, "response", payload=io.BytesIO(capture.body), http_headers=http,
                warc_headers_dict={"WARC-Date": warc_date(capture.fetched_at)},
            )  # fmt: skip
            writer.write_record(record)
            count += 1
            if seen is not None:
                seen(item, capture)
    return count


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def warc_date(iso: str) -> str:
    from datetime import datetime

    return datetime.fromisoformat(iso).strftime("%Y-%m-%dT%H:%M:%SZ")
