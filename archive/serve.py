"""`arshif serve`: Datasette over the archive, read-only, with descriptions, facets, the
normalized full-text search as a canned query, and a canned query per source."""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils

PLUGINS = Path(__file__).parent / "datasette_plugins"
SEARCH_SQL = (
    "select a.id, a.title, a.source, a.published_at, a.url from articles_fts"
    " join articles a on a.id = articles_fts.rowid"
    " where articles_fts match arshif_match(:q) and a.duplicate_of is null"
    " order by bm25(articles_fts, 5.0, 1.0) limit 100"
)
COLUMNS = {
    "url": "Canonical URL: one row per URL",
    "source": "Source id from the sources file",
    "title": "Headline, without the site name",
    "published_at": "Publication time (ISO 8601); date only when the page gave no time",
    "published_raw": "The string the date was read from",
    "published_from": "Where the date came from: json-ld, meta, time, text, htmldate, feed",
    "text": "Article text, paragraphs separated by newlines",
    "duplicate_of": "For a later copy of a story: the id of the first-seen copy",
    "authors": "Authors (JSON list)",
    "search_title": "Normalized title (the search index reads it)",
    "search_text": "Normalized text (the search index reads it)",
}


def metadata(db_path: str | Path) -> dict:
    db = sqlite_utils.Database(db_path)
    name = Path(db_path).stem
    sources = [r[0] for r in db.execute("SELECT DISTINCT source FROM articles ORDER BY source")]
    hidden = {
        t: {"hidden": True}
        for t in db.table_names()
        if t.startswith(("articles_fts", "lsh_", "minhashes"))
    }
    queries = {
        "search": {
            "title": "بحث — search the archive",
            "sql": SEARCH_SQL,
            "description": "Letter forms, diacritics and clitics folded, as in arshif search",
        },
    }
    for source in sources:
        queries[f"latest_{source}"] = {
            "title": f"Latest stories from {source}",
            "sql": "select id, published_at, title, url from unique_articles"
            f" where source = '{source.replace(chr(39), '')}' order by published_at desc limit 100",
        }
    return {
        "title": "arshif — أرشيف",
        "description": "News articles archived by arshif: one row per URL,"
        " copies of a story linked by duplicate_of.",
        "databases": {
            name: {
                "tables": {
                    "articles": {
                        "description": "Every archived article",
                        "columns": COLUMNS,
                        "facets": ["source", {"date": "published_at"}],
                        "sort_desc": "published_at",
                        "fts_table": "articles_fts",
                        "fts_pk": "id",
                    },
                    "unique_articles": {
                        "description": "One row per story (first-seen copies)",
                        "facets": ["source", {"date": "published_at"}],
                    },  # fmt: skip
                    "runs": {
                        "description": "One row per source per crawl",
                        "facets": ["source", "status"],
                    },
                    "run_errors": {"description": "What went wrong, per run", "facets": ["kind"]},
                    "captures": {"description": "Raw responses (compressed bodies)"},
                    **hidden,
                },
                "queries": queries,
            }
        },
    }


def datasette_command(db_path: str | Path, metadata_path: Path, host: str, port: int) -> list[str]:
    import sys

    # The interpreter arshif runs in, not PATH: systemd and cron run a venv's arshif
    # without activating the venv.
    return [
        sys.executable, "-m", "datasette", "serve", str(db_path), "--metadata", str(metadata_path),
        "--plugins-dir", str(PLUGINS), "--host", host, "--port", str(port),
    ]  # fmt: skip


def write_metadata(db_path: str | Path, target: Path) -> Path:
    target.write_text(json.dumps(metadata(db_path), ensure_ascii=False, indent=1), encoding="utf-8")
    return target
