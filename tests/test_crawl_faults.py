"""Faults a crawl meets on the web: each ends as a recorded error kind, and the crawl carries on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from crawler.offline import FixtureServer
from tests.conftest import arshif, expected_articles

pytestmark = pytest.mark.usefixtures("inline_extraction")

AIRPORT = next(e for e in expected_articles() if e["story"] == "damascus-airport")
HEMEDTI = next(e for e in expected_articles() if e["story"] == "hemedti-egypt")


def crawl_aljazeera(tmp_path: Path, server: FixtureServer) -> Path:
    db = tmp_path / "archive.db"
    arshif("crawl", "--offline", "aljazeera", "--db", str(db), cwd=tmp_path, server=server)
    return db


def query(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def errors(db: Path) -> dict[str, str]:
    return dict(query(db, "SELECT url, kind FROM run_errors"))


def archived(db: Path) -> set[str]:
    return {u for (u,) in query(db, "SELECT url FROM articles")}


def test_429_with_retry_after_waits_and_then_archives(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    site = fixture_server.site
    site.sequences[AIRPORT["fetched_url"]] = [
        (429, {"Content-Type": "text/html", "Retry-After": "1"}, b"slow down"),
        site.lookup(AIRPORT["fetched_url"]),
    ]
    db = crawl_aljazeera(tmp_path, fixture_server)
    assert AIRPORT["url"] in archived(db)
    assert site.hits.count(AIRPORT["fetched_url"]) == 2


def test_retry_after_longer_than_the_cap_gives_up_and_is_recorded(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    fixture_server.site.overrides[AIRPORT["fetched_url"]] = (
        429,
        {"Content-Type": "text/html", "Retry-After": "86400"},
        b"",
    )
    db = crawl_aljazeera(tmp_path, fixture_server)
    assert errors(db)[AIRPORT["fetched_url"]] == "http_429"
    assert HEMEDTI["url"] in archived(db)  # the rest of the crawl carried on
    assert query(db, "SELECT status FROM runs") == [("ok",)]


def test_404_and_500_are_recorded_by_status(tmp_path: Path, fixture_server: FixtureServer) -> None:
    site = fixture_server.site
    site.overrides[AIRPORT["fetched_url"]] = (404, {"Content-Type": "text/html"}, b"gone")
    site.overrides[HEMEDTI["fetched_url"]] = (500, {"Content-Type": "text/html"}, b"oops")
    db = crawl_aljazeera(tmp_path, fixture_server)
    assert errors(db) == {AIRPORT["fetched_url"]: "http_404", HEMEDTI["fetched_url"]: "http_500"}
    assert site.hits.count(HEMEDTI["fetched_url"]) == 3  # two retries


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1:9/admin",
        # An address ending like a robots.txt is no robots.txt request of arshif's own.
        "http://127.0.0.1:9/admin/reset?confirm=1&x=/robots.txt",
        "http://127.0.0.1:9/robots.txt",
    ],
)
def test_redirect_to_a_private_address_is_refused(
    tmp_path: Path, fixture_server: FixtureServer, location: str
) -> None:
    fixture_server.site.overrides[AIRPORT["fetched_url"]] = (302, {"Location": location}, b"")
    db = crawl_aljazeera(tmp_path, fixture_server)
    kinds = query(db, "SELECT kind, message FROM run_errors")
    assert any(kind == "refused_private" and "127.0.0.1" in message for kind, message in kinds)
    assert not any("127.0.0.1" in h for h in fixture_server.site.hits)


def test_redirect_off_the_allowed_domains_is_not_followed(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    site = fixture_server.site
    site.overrides[AIRPORT["fetched_url"]] = (
        301,
        {"Location": "https://evil.example/news/2024/12/8/x"},
        b"",
    )
    site.overrides["https://evil.example/news/2024/12/8/x"] = site.lookup(AIRPORT["fetched_url"])
    db = crawl_aljazeera(tmp_path, fixture_server)
    assert not any("evil.example" in h for h in site.hits)
    assert not any("evil.example" in u for u in archived(db))
    assert ("https://evil.example/news/2024/12/8/x", "offsite") in query(
        db, "SELECT url, kind FROM run_errors"
    )


def test_page_without_article_text_is_recorded_not_archived(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    fixture_server.site.overrides[AIRPORT["fetched_url"]] = (
        200,
        {"Content-Type": "text/html"},
        b"<html><body><nav>x</nav></body></html>",
    )
    db = crawl_aljazeera(tmp_path, fixture_server)
    assert errors(db)[AIRPORT["fetched_url"]] == "extract_no_text"
    assert AIRPORT["url"] not in archived(db)


def test_rel_canonical_pointing_at_another_story_does_not_overwrite_it(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    site = fixture_server.site
    status, headers, body = site.lookup(HEMEDTI["fetched_url"])
    # A template bug: this article declares the airport story's URL as its canonical.
    site.overrides[HEMEDTI["fetched_url"]] = (
        status,
        headers,
        body.replace(HEMEDTI["fetched_url"].encode(), AIRPORT["url"].encode()),
    )
    db = crawl_aljazeera(tmp_path, fixture_server)
    titles = dict(query(db, "SELECT url, title FROM articles"))
    assert titles[AIRPORT["url"]] == "توقف الرحلات في مطار دمشق الدولي وشركات الطيران تلغي حجوزاتها"
    assert titles[HEMEDTI["url"]] == "حميدتي يتهم مجددا مصر بدعم الجيش السوداني"


@pytest.mark.parametrize(("hops", "kind"), [(8, "too_many_redirects"), (2, "http_404")])
def test_a_redirect_chain_that_fails_is_recorded_under_the_link_the_site_gave(
    tmp_path: Path, fixture_server: FixtureServer, hops: int, kind: str
) -> None:
    """(Where the chain ended is said in the message.)"""
    site = fixture_server.site
    link = AIRPORT["fetched_url"]
    chain = [f"https://www.aljazeera.net/news/2024/12/8/hop-{n}" for n in range(1, hops + 1)]
    for here, there in zip([link, *chain], chain, strict=False):
        site.overrides[here] = (301, {"Location": there}, b"")
    if kind == "http_404":
        site.overrides[chain[-1]] = (404, {}, b"")
    db = crawl_aljazeera(tmp_path, fixture_server)
    [(url, message)] = query(db, f"SELECT url, message FROM run_errors WHERE kind = '{kind}'")
    assert url == link and "redirected to https://www.aljazeera.net/news/2024/12/8/hop-" in message
