"""`arshif serve` in a real headless browser: search an Arabic word, see the article, RTL."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(crawled: Path) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler", "serve", "--db", str(crawled), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    yield f"{base}/{crawled.stem}"
    proc.terminate()
    proc.wait(timeout=10)


def test_search_an_arabic_word_in_the_browser_and_see_the_article_right_to_left(
    served: str,
) -> None:
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        page = browser.new_page()
        # "ادارة" typed without hamza finds "إدارة العمليات" (the normalized index).
        page.goto(f"{served}/search?q={quote('ادارة العمليات')}")
        page.wait_for_selector("table.rows-and-columns")
        body = page.inner_text("body")
        assert "المعارضة السورية تعلن بدء دخول قواتها إلى العاصمة دمشق" in body
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        page.goto(f"{served}/articles?_facet=source")
        assert "akhbar24" in page.inner_text("body")
        browser.close()
