"""An article's texts over time, as the command line reads them (arshif versions): each
earlier version the archive kept, then the text it holds now."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlite_utils

# What is said of the article above its versions.
ARTICLE_KEYS = ("id", "url", "source", "title", "first_seen_at", "updated_at", "version",
                "gone_at")  # fmt: skip


def find_article(db: sqlite_utils.Database, urls: Sequence[str]) -> int | None:
    """The id of the article archived under one of urls: its canonical or fetched address,
    or one that led to it (url_aliases: an address it moved from, a later page's)."""
    if not urls:
        return None
    marks = ", ".join("?" * len(urls))
    row = db.execute(
        f"SELECT id FROM articles WHERE url IN ({marks}) OR fetched_url IN ({marks})"
        f" UNION ALL SELECT article_id FROM url_aliases WHERE url IN ({marks}) LIMIT 1",
        [*urls, *urls, *urls],
    ).fetchone()
    return int(row[0]) if row else None


def history(db: sqlite_utils.Database, article_id: int) -> dict[str, Any] | None:
    """The article (ARTICLE_KEYS) and its versions, the first first, the current last: each
    its number, when it was archived (the first when the article was first seen, each later
    one when the one before was replaced), when it was replaced (None: the current), title,
    published_at, size in characters and text. None when there is no such article."""
    row = db.execute(
        f"SELECT {', '.join(ARTICLE_KEYS)}, published_at, text FROM articles WHERE id = ?",
        [article_id],
    ).fetchone()
    if row is None:
        return None
    article = dict(zip(ARTICLE_KEYS, row, strict=False))
    earlier = db.execute(
        "SELECT version, title, published_at, text, replaced_at FROM article_versions"
        " WHERE article_id = ? ORDER BY version",
        [article_id],
    ).fetchall()
    current = (article["version"], article["title"], row[-2], row[-1], None)
    versions, since = [], article["first_seen_at"]
    for number, title, published, text, replaced in [*earlier, current]:
        versions.append({"version": number, "archived_at": since, "replaced_at": replaced,
                         "title": title, "published_at": published,
                         "chars": len(text or ""), "text": text or ""})  # fmt: skip
        since = replaced
    article["versions"] = versions
    return article
