"""The benchmarks are scripts a person runs by hand, so nothing else would notice when a
change in the code they drive breaks them: each must at least start and explain itself."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

SCRIPTS = ["archive.py", "chrome.py", "crawl.py", "score.py", "scrapy_floor.py", "sources.py"]


@pytest.mark.parametrize("script", SCRIPTS)
def test_each_benchmark_starts_and_prints_its_usage(script: str) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), "--help"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage:"), done.stdout


def test_every_benchmark_script_is_checked() -> None:
    modules = {"sitegen.py"}  # imported by the others, not run
    found = {p.name for p in (ROOT / "bench").glob("*.py")} - modules
    assert found == set(SCRIPTS)
