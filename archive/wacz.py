"""WACZ 1.1.1 export: the WARC of the raw captures (current and earlier versions), a
sorted CDXJ index, pages.jsonl with each article's URL, time, title and text, and a
datapackage.json listing every file with its SHA-256. It replays in ReplayWeb.page and
pywb and passes `wacz validate`.

The parts are written to a temporary folder first (the index needs the WARC's offsets),
then zipped; the WARC is stored, not deflated, so a replayer can seek into it."""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import IO

import sqlite_utils

from archive.warc import StoredCapture, warc_date, write_warc

WACZ_VERSION = "1.1.1"
WARC_NAME = "data.warc.gz"
PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "Articles", "hasText": True}


def _beside(out: IO[bytes]) -> str | None:
    name = getattr(out, "name", None)
    if not isinstance(name, str) or name.startswith("<"):
        return None  # standard output, a pipe
    folder = Path(name).absolute().parent
    return str(folder) if folder.is_dir() else None


def write_wacz(db: sqlite_utils.Database, items: Iterator[dict], out: IO[bytes]) -> int:
    """Returns the number of captures written. Its parts are staged beside out's file (a
    year's WARC runs to gigabytes: not in a small /tmp), or in the temporary folder."""
    with tempfile.TemporaryDirectory(prefix="arshif-wacz-", dir=_beside(out)) as tmp:
        folder = Path(tmp)
        warc, pages, index = folder / WARC_NAME, folder / "pages.jsonl", folder / "index.cdxj"
        with warc.open("wb") as warc_out, pages.open("w", encoding="utf-8") as pages_out:
            pages_out.write(json.dumps(PAGES_HEADER) + "\n")

            def page(item: dict, capture: StoredCapture) -> None:
                if capture.current:  # one page per article: the capture of its present text
                    pages_out.write(json.dumps(_page(item, capture), ensure_ascii=False) + "\n")

            count = write_warc(db, items, warc_out, seen=page)
        _write_index(warc, index)
        parts = {
            f"archive/{WARC_NAME}": (warc, zipfile.ZIP_STORED),
            "indexes/index.cdxj": (index, zipfile.ZIP_DEFLATED),
            "pages/pages.jsonl": (pages, zipfile.ZIP_DEFLATED),
        }
        package = json.dumps(_datapackage(parts), indent=2).encode()
        digest = {
            "path": "datapackage.json",
            "hash": "sha256:" + hashlib.sha256(package).hexdigest(),
        }
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as wacz:
            for name, (path, compression) in parts.items():
                wacz.write(path, name, compress_type=compression)
            wacz.writestr("datapackage.json", package, zipfile.ZIP_DEFLATED)
            wacz.writestr(
                "datapackage-digest.json", json.dumps(digest, indent=2), zipfile.ZIP_DEFLATED
            )
    return count


def _page(item: dict, capture: StoredCapture) -> dict:
    # The URL the WARC holds (the fetched one), so a replayer finds the page.
    return {
        "id": str(item["id"]),
        "url": capture.url,
        "ts": warc_date(capture.fetched_at),
        "title": item["title"] or "",
        "text": item["text"],
    }


def _write_index(warc: Path, index: Path) -> None:
    from cdxj_indexer.main import write_cdx_index

    write_cdx_index(str(index), [str(warc)], {"sort": True})


def _datapackage(parts: dict[str, tuple[Path, int]]) -> dict:
    resources = []
    for name, (path, _) in parts.items():
        hasher = hashlib.sha256()
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 16), b""):
                hasher.update(block)
        resources.append(
            {
                "name": Path(name).name,
                "path": name,
                "hash": f"sha256:{hasher.hexdigest()}",
                "bytes": path.stat().st_size,
            }
        )
    return {
        "profile": "data-package",
        "resources": resources,
        "title": "arshif export",
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "wacz_version": WACZ_VERSION,
        "software": f"arshif {version('arshif')}",
    }
