"""The varied web's generator: deterministic, served as real sites, and its ground truth
agrees with the pages it serves."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections import deque
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import html as lxml_html

from crawler.sources import load_sources
from seeds.varied import ServedWeb, generate, sources_toml
from seeds.varied.families import FAMILIES

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
BASES = [f"http://127.0.0.{21 + i}:8000" for i in range(len(FAMILIES))]
ARTICLES = 30


@pytest.fixture(scope="module")
def web():
    return generate(BASES, seed=3, articles=ARTICLES, now=NOW)


def target(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def page_text(body: bytes) -> str:
    for charset in ("utf-8", "cp1256"):
        try:
            return unescape(body.decode(charset))
        except UnicodeDecodeError:
            continue
    raise AssertionError("page is neither UTF-8 nor windows-1256")


def test_same_seed_gives_the_same_bytes_and_another_seed_another_web(web) -> None:
    again = generate(BASES, seed=3, articles=ARTICLES, now=NOW)
    other = generate(BASES, seed=4, articles=ARTICLES, now=NOW)
    for a, b, c in zip(web.sites, again.sites, other.sites, strict=True):
        assert {k: p.body for k, p in a.pages.items()} == {k: p.body for k, p in b.pages.items()}
        assert a.truth() == b.truth()
        assert a.truth().articles != c.truth().articles


def test_eight_families_each_with_its_articles_and_chrome(web) -> None:
    truth = web.truth()
    assert len(truth) >= 8 and len({s.base for s in truth.values()}) == len(truth)
    for family, site in truth.items():
        assert len(site.articles) == ARTICLES, family
        assert len(site.chrome) >= 8, family


def test_every_article_page_holds_its_title_date_and_paragraphs_and_no_chrome_in_them(web) -> None:
    for site in web.sites:
        truth = site.truth()
        bodies = [p for t in truth.articles.values() for p in t.paragraphs]
        for line in truth.chrome:
            assert not any(line in p for p in bodies), (site.family, line)
        for url, t in truth.articles.items():
            page = site.lookup(target(url))
            assert page is not None and page.status == 200, (site.family, url)
            text = page_text(page.body)
            assert t.title in text
            assert all(p in text for p in t.paragraphs), (site.family, url)
            assert not any(c in p for c in t.chrome for p in t.paragraphs), (site.family, url)
            assert datetime.fromisoformat(t.published) <= NOW


def test_ages_spread_from_hours_to_years(web) -> None:
    for site in web.sites:
        ages = [NOW - datetime.fromisoformat(t.published) for t in site.truth().articles.values()]
        assert min(ages) < timedelta(days=1) and max(ages) > timedelta(days=365), site.family


def _walk(site, max_depth: int) -> set[str]:
    """Article URLs reachable from the home page through at most max_depth listing links."""
    pattern = re.compile(site.article_pattern)
    seen, found = {site.url("/")}, set()
    queue = deque([(site.url("/"), 0)])
    while queue:
        url, depth = queue.popleft()
        page = site.lookup(target(url))
        if page is None or not page.content_type.startswith("text/html"):
            continue
        tree = lxml_html.document_fromstring(page.body)
        for href in tree.xpath("//a/@href"):
            link = urljoin(url, href)
            if not link.startswith(site.base):
                continue
            if pattern.search(link):
                found.add(link)
            elif depth < max_depth and link not in seen:
                seen.add(link)
                queue.append((link, depth + 1))
    return found


def test_listings_are_deeper_than_max_depth_two(web) -> None:
    for site in web.sites:
        if site.family == "amp":  # listings link the /amp variants: compare their canonicals
            continue
        everything = set(site.truth().articles)
        shallow = _walk(site, 2) & everything
        assert len(shallow) < len(everything), site.family
        assert _walk(site, 20) >= everything, site.family


def test_edit_phase_moves_validators_and_the_publisher_signal_of_every_edited_article() -> None:
    web = generate(BASES, seed=5, articles=ARTICLES, now=NOW)
    before = {s.family: dict(s.pages) for s in web.sites}
    when = NOW + timedelta(hours=2)
    edited = web.edit(0.1, now=when)
    truth = web.truth()
    for site in web.sites:
        urls = edited[site.family]
        assert len(urls) == 3, site.family
        ages = sorted(
            when - datetime.fromisoformat(truth[site.family].articles[u].published) for u in urls
        )
        assert ages[-1] > 10 * ages[0], site.family  # of every age, not only the newest
        signals = [p for p in site.pages.values() if "xml" in p.content_type]
        for url in urls:
            t = truth[site.family].articles[url]
            assert t.previous and len(t.paragraphs) == len(t.previous) + 1
            old, new = before[site.family][_key(site, url)], site.lookup(target(url))
            assert new.etag != old.etag and new.last_modified > old.last_modified
            stamp = when.astimezone(site.tz)
            marks = (stamp.isoformat(), stamp.strftime("%a, %d %b %Y %H:%M:%S"))
            assert any(
                _names(p.body, url) and any(m.encode() in p.body for m in marks) for p in signals
            ), (site.family, url)


def _key(site, url: str) -> str:
    from seeds.varied.model import page_key

    return page_key(target(url))


def _names(body: bytes, url: str) -> bool:
    return url.encode() in body or url.replace("&", "&amp;").encode() in body


fetch = urllib.request.build_opener(urllib.request.ProxyHandler({})).open  # loopback, no proxy


def test_served_sites_answer_304_to_their_validators_and_200_after_an_edit(tmp_path: Path) -> None:
    with ServedWeb(seed=2, articles=12) as served:
        assert len({urlsplit(s.base).hostname for s in served.sites}) == len(served.sites)
        site = served.sites[0]  # the agency: bare `&` in the feed, windows-1256 pages
        url = site.url(site.articles[0].path)
        with fetch(url) as response:
            etag, modified = response.headers["ETag"], response.headers["Last-Modified"]
            assert response.headers["Content-Type"] == "text/html"
            assert "windows-1256" in response.read().decode("cp1256")
        for headers in ({"If-None-Match": etag}, {"If-Modified-Since": modified}):
            with pytest.raises(urllib.error.HTTPError) as answer:
                fetch(urllib.request.Request(url, headers=headers))
            assert answer.value.code == 304
        with fetch(site.url("/rss.php")) as response:
            assert b"&sec=" in response.read()
        served.web.edit(1.0)
        request = urllib.request.Request(url, headers={"If-None-Match": etag})
        with fetch(request) as response:
            assert response.status == 200 and response.headers["ETag"] != etag
        with pytest.raises(urllib.error.HTTPError) as answer:
            fetch(site.url("/article.php?id=1%3D2"))
        assert answer.value.code == 404


def test_sources_file_for_the_web_loads_and_names_each_site_by_its_address(
    web, tmp_path: Path
) -> None:
    path = sources_toml(web.sites, tmp_path / "sources.toml")
    sources = load_sources(path)
    assert set(sources) == {s.family for s in web.sites}
    for site in web.sites:
        source = sources[site.family]
        assert source.allowed_domains == (urlsplit(site.base).hostname,)
        assert source.download_delay == 0 and source.concurrency == 8
        assert all(source.is_article(u) for u in site.truth().articles)
        assert not source.is_article(site.url("/"))
