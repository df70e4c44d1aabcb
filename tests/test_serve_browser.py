"""`arshif serve` in a real headless browser, on the Arabic fixtures: the search page
(empty, a query, a malformed query) and an article page read as a person would, with no
error box, Arabic right to left where it appears, and nothing scrolling sideways."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from archive import Archive, ArticleRecord

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine")

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip
DAMASCUS = "المعارضة السورية تعلن بدء دخول قواتها إلى العاصمة دمشق"
DAMASCUS_URL = "https://arabi21.com/story/1629472"
WIDTHS = (1400, 390)
# Where the text of an element sits inside it: the gaps left and right of its text.
TEXT_GAPS = """(el) => {
  const range = document.createRange(); range.selectNodeContents(el);
  const text = range.getBoundingClientRect(), box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  return [text.left - box.left - parseFloat(style.paddingLeft),
          box.right - parseFloat(style.paddingRight) - text.right];
}"""
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def archive_db(crawled: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The crawled fixtures, the Damascus story re-extracted once with an edit: a version."""
    db = tmp_path_factory.mktemp("served") / "archive.db"
    shutil.copy(crawled, db)
    with Archive(db) as archive:
        row = next(archive.db["articles"].rows_where("url = ?", [DAMASCUS_URL]))
        record = ArticleRecord(
            row["url"], row["source"], row["title"], row["text"] + "\nوتابعت المصادر.",
            published_at=row["published_at"], published_raw=row["published_raw"],
            published_from=row["published_from"],
        )  # fmt: skip
        archive.archive(archive.start_run(row["source"]), record, row["capture_id"])
    return db


@pytest.fixture(scope="module")
def served(archive_db: Path) -> Iterator[str]:
    port = free_port()
    # No PATH, as under cron or systemd without an activated virtualenv: serve must find
    # Datasette next to its own interpreter.
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler", "serve", "--db", str(archive_db), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PATH": "/nonexistent"},
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


def open_page(browser: Any, url: str, width: int = 1400) -> Any:
    page = browser.new_page(viewport={"width": width, "height": 900})
    response = page.goto(url)
    assert response.status == 200, url
    return page


def assert_no_error_box(page: Any) -> None:
    assert page.locator(".message-error").count() == 0
    assert "raised exception" not in page.inner_text("body")


def test_the_search_page_without_a_query_shows_the_form_and_a_hint(
    served: str, browser: Any
) -> None:
    page = open_page(browser, f"{served}/archive/search")
    assert_no_error_box(page)
    assert page.locator("form input[name=q]").count() == 1
    assert "Type one or more words" in page.inner_text(".arshif-note")


def test_a_malformed_query_gets_a_friendly_message(served: str, browser: Any) -> None:
    page = open_page(browser, f"{served}/archive/search?q={quote(chr(34) + 'دمشق')}")
    assert_no_error_box(page)
    assert "unbalanced quote" in page.inner_text(".arshif-note")
    assert page.input_value("input[name=q]") == '"دمشق'


def test_a_query_shows_titles_sources_dates_marked_snippets_and_facets(
    served: str, browser: Any
) -> None:
    # "ادارة" typed without hamza finds "إدارة العمليات" (the normalized index).
    page = open_page(browser, f"{served}/archive/search?q={quote('ادارة العمليات')}")
    assert_no_error_box(page)
    first = page.locator(".arshif-results li").first
    assert first.locator(".arshif-title").inner_text() == DAMASCUS
    # One result per story: the original (arabi21) or its copy (akhbar24), the better ranked.
    assert first.locator(".arshif-meta").inner_text() in (
        "arabi21 · 2024-12-08",
        "akhbar24 · 2024-12-08",
    )
    assert first.locator("mark").first.inner_text() == "إدارة العمليات"  # side by side: one
    facets = page.inner_text(".arshif-facets")
    assert "arabi21" in facets and "2024-12" in facets
    # A phrase is marked whole.
    page.goto(f"{served}/archive/search?q={quote(chr(34) + 'ادارة العمليات العسكرية' + chr(34))}")
    assert page.locator(".arshif-results mark").first.inner_text() == "إدارة العمليات العسكرية"
    # A facet narrows the results.
    page.goto(f"{served}/archive/search?q={quote('دمشق')}&source=aljazeera")
    sources = page.locator(".arshif-results .arshif-meta").all_inner_texts()
    assert sources and all(s.startswith("aljazeera") for s in sources)


def test_an_article_reads_like_an_article(served: str, browser: Any, archive_db: Path) -> None:
    with Archive(archive_db) as archive:
        [article_id] = [
            r["id"] for r in archive.db["articles"].rows_where("url = ?", [DAMASCUS_URL])
        ]
    page = open_page(browser, f"{served}/archive/articles/{article_id}")
    assert_no_error_box(page)
    assert page.inner_text("h1") == DAMASCUS
    meta = page.inner_text(".arshif-article dl")
    assert "arabi21" in meta and "2024-12-08" in meta and "from " in meta
    assert page.locator(f"a[href='{DAMASCUS_URL}']").count() == 1
    text = page.locator(".arshif-text").first
    assert "قالت إدارة العمليات العسكرية السورية" in text.inner_text()
    assert text.bounding_box()["width"] >= 1400 / 2
    paragraph = text.locator("p").first.element_handle()
    assert page.evaluate("(el) => getComputedStyle(el).direction", paragraph) == "rtl"
    assert "Earlier versions" in page.inner_text("body")  # the re-extraction kept version 1
    copies = page.inner_text("body").split("Other copies of this story")[1]
    assert "akhbar24" in copies


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_scrolls_sideways(served: str, browser: Any, width: int) -> None:
    for path in (
        "/archive/search",
        f"/archive/search?q={quote('دمشق')}",
        f"/archive/search?q={quote(chr(34) + 'x')}",
        "/archive/articles/3",
        "/",
    ):
        page = open_page(browser, served + path, width)
        assert page.evaluate(SIDEWAYS) <= 0, (path, width)
        page.close()


def test_the_layout_stays_left_to_right_and_arabic_cells_run_right_to_left(
    served: str, browser: Any
) -> None:
    page = open_page(browser, served + "/")
    assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"
    assert "News articles archived by arshif" in page.inner_text("body")
    page.goto(f"{served}/archive/articles?_col=title&_sort=id")
    assert_no_error_box(page)
    gaps = [page.evaluate(TEXT_GAPS, cell) for cell in page.query_selector_all("td.col-title")]
    # A title shorter than the longest (the column's width) sits at the column's right edge.
    assert any(left > 10 and right <= 2 for left, right in gaps), gaps
