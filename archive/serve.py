"""`arshif serve`: Datasette over the archive, read-only, with descriptions, facets, a
canned query per source, and the reading room (datasette_plugins: a search page at
/<db>/search and an article page at /<db>/articles/<id>)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import sqlite_utils

PLUGINS = Path(__file__).parent / "datasette_plugins"
TEMPLATES = PLUGINS / "templates"
STATIC = PLUGINS / "static"
STATIC_MOUNT = "arshif-static"  # the plugin's extra_css_urls points here
COLUMNS = {
    "url": "Canonical URL: one row per URL",
    "source": "Source id from the sources file",
    "title": "Headline, without the site name",
    "published_at": "Publication time (ISO 8601); date only when the page gave no time",
    "published_raw": "The string the date was read from",
    "published_from": "Where the date came from: json-ld, meta, time, text, htmldate, feed",
    "text": "Article text, paragraphs separated by newlines",
    "duplicate_of": "For another copy of a story: the id of its root (the copy published"
    " first, else the first seen)",
    "authors": "Authors (JSON list)",
    "search_title": "Normalized title (the search index reads it)",
    "search_text": "Normalized text (the search index reads it)",
}


def metadata(db: sqlite_utils.Database, name: str) -> dict:
    """Datasette's metadata for the archive open as db, served under the file's stem."""
    from datasette.utils import tilde_encode  # only serve, which needs Datasette, asks

    sources = [r[0] for r in db.execute("SELECT DISTINCT source FROM articles ORDER BY source")]
    tables = db.table_names()
    hidden = {
        t: {"hidden": True}
        for t in tables
        if t.startswith(("articles_fts", "lsh_", "minhashes", "id_high_water"))
    }
    queries: dict[str, dict] = {}
    for source in sources:
        queries[f"latest_{source}"] = {
            "title": f"Latest stories from {source}",
            "sql": "select id, published_at, title, url from unique_articles"
            f" where source = '{source.replace(chr(39), '')}' order by published_at desc limit 100",
        }
    return {
        "title": "arshif — أرشيف",
        "description_html": "News articles archived by arshif: one row per URL, copies of a"
        f' story linked by duplicate_of. <a href="/{tilde_encode(name)}/search">Search the'
        " archive</a>.",
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
                        "description": "One row per story: its root, the copy published first",
                        "facets": ["source", {"date": "published_at"}],
                        # A view has no index of its own: its rows are articles' (same ids)
                        "fts_table": "articles_fts",
                        "fts_pk": "id",
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


def datasette_command(
    db_path: str | Path, metadata_path: Path, host: str, port: int, immutable: bool = False
) -> list[str]:
    """Datasette run by this very interpreter: under systemd or cron no virtualenv is
    activated, so `datasette` on PATH may be missing or another install's. immutable: a
    read-only copy, beside which no WAL index can be made."""
    served = ["-i", str(db_path)] if immutable else [str(db_path)]
    return [
        sys.executable, "-m", "datasette", "serve", *served, "--metadata",
        str(metadata_path), "--plugins-dir", str(PLUGINS), "--template-dir", str(TEMPLATES),
        "--static", f"{STATIC_MOUNT}:{STATIC}", "--host", host, "--port", str(port),
    ]  # fmt: skip


def write_metadata(db: sqlite_utils.Database, name: str, target: Path) -> Path:
    data = metadata(db, name)
    target.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return target
