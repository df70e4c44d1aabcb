"""Older articles are re-checked in a round, a few each run: an edit that no feed, sitemap
or age re-check announces is still found."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import arshif
from tests.localsite import Site, serving
from tests.test_discovery_crawl import article

pytestmark = pytest.mark.usefixtures("inline_extraction")

ARTICLES = range(1, 7)


def crawl(tmp_path: Path, site: Site) -> list[str]:
    """One crawl; the article paths it asked for."""
    (tmp_path / "sources.toml").write_text(
        f'[sources.local]\nname = "local"\nstart_urls = ["{site.base}/"]\n'
        "article_url_pattern = '/news/\\d+\\.html'\ndownload_delay = 0\n"
        'revisit_per_run = 2\nrevisit_after = "30d"\n',
        encoding="utf-8",
    )
    before = len(site.visits)
    arshif("crawl", cwd=tmp_path)
    return sorted(p for _, p in site.visits[before:] if p.startswith("/news/"))


def age_the_archive(db: Path) -> None:
    """As if the crawl had been two months ago, its last fetches forty days ago."""
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE articles SET first_seen_at = datetime('now', '-60 days'),"
            " fetched_at = datetime('now', '-40 days')"
        )


def test_older_articles_are_rechecked_a_few_each_run_and_an_old_edit_is_found(
    tmp_path: Path,
) -> None:
    with serving(Site()) as site:
        links = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in ARTICLES)
        site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
        for n in ARTICLES:
            site.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", article(n))
        assert crawl(tmp_path, site) == sorted(f"/news/{n}.html" for n in ARTICLES)
        age_the_archive(tmp_path / "archive.db")
        order = archived_paths(tmp_path / "archive.db")  # the round goes in archive order
        edited = site.pages[order[-1]][1].replace("وصلت إلى", "وصلت صباح اليوم إلى")
        site.pages[order[-1]] = ("text/html; charset=utf-8", edited)  # the round's last
        rounds = [crawl(tmp_path, site) for _ in range(4)]
    assert rounds == [
        sorted(order[0:2]),
        sorted(order[2:4]),
        sorted(order[4:6]),
        [],  # a round done: every article was fetched within revisit_after
    ]
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        versions = [v for (v,) in conn.execute("SELECT version FROM articles ORDER BY id")]
        kept = conn.execute("SELECT COUNT(*) FROM article_versions").fetchone()[0]
    assert versions == [1, 1, 1, 1, 1, 2] and kept == 1


def test_an_old_edit_behind_a_validator_that_never_moves_is_found_by_the_round(
    tmp_path: Path,
) -> None:
    """A server whose validator stays the post's first (a Last-Modified or an ETag set
    from the publication, not the edit) answers 304 to every conditional re-check: the
    round, the net for edits nothing announces, asks whole — also when an age re-check
    (--recheck-days) wants the same article."""
    with serving(Site()) as site:
        site.etags = True
        links = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in ARTICLES)
        site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
        for n in ARTICLES:
            site.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", article(n))
            site.etag_of[f"/news/{n}.html"] = f'"post-{n}"'
        crawl(tmp_path, site)
        age_the_archive(tmp_path / "archive.db")
        first = archived_paths(tmp_path / "archive.db")[0]
        edited = site.pages[first][1].replace("وصلت إلى", "وصلت صباح اليوم إلى")
        site.pages[first] = ("text/html; charset=utf-8", edited)
        arshif("crawl", "--recheck-days", "100000", cwd=tmp_path)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        versions = [v for (v,) in conn.execute("SELECT version FROM articles ORDER BY id")]
    assert versions[0] == 2, versions


def archived_paths(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        urls = [url for (url,) in conn.execute("SELECT url FROM articles ORDER BY id")]
    return ["/news/" + url.rsplit("/", 1)[1] for url in urls]
