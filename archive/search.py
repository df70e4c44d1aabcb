"""Plain search over the archive: normalized substring match on title and text.

Normalization folds the letter forms (archive.normalize), so أ/ا, ة/ه, ى/ي, diacritics
and Eastern digits do not matter. A full-text index comes later; this scans."""

from __future__ import annotations

import sqlite_utils

from archive.normalize import normalize


def search(
    db: sqlite_utils.Database,
    query: str,
    source: str | None = None,
    include_duplicates: bool = False,
    limit: int = 20,
) -> list[dict]:
    needle = normalize(query).strip()
    if not needle:
        return []
    db.conn.create_function("arshif_norm", 1, lambda s: normalize(s or ""), deterministic=True)
    where = ["instr(arshif_norm(title || ' ' || text), ?) > 0"]
    params: list = [needle]
    if source:
        where.append("source = ?")
        params.append(source)
    if not include_duplicates:
        where.append("duplicate_of IS NULL")
    sql = (
        "SELECT id, url, source, title, published_at FROM articles WHERE "
        + " AND ".join(where)
        + " ORDER BY published_at DESC LIMIT ?"
    )
    return [dict(r) for r in db.query(sql, [*params, limit])]
