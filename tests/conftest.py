from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive import Archive
from crawler.offline import ADDRESS_ENV, SEEDS, FixtureServer, FixtureSite

ROOT = Path(__file__).resolve().parent.parent
REALPAGES = ROOT.parent / "shared" / "realpages"


def expected_articles() -> list[dict]:
    return [json.loads(p.read_text("utf-8")) for p in sorted((SEEDS / "expected").glob("*.json"))]


@pytest.fixture
def inline_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    """Crawls this test starts extract in their own process (ARSHIF_EXTRACT_WORKERS=0): for
    tests of what a crawl decides (re-checks, discovery, parts, operations), the same wherever
    extraction runs, without a pool's start-up in every run (the pool has tests of its own:
    test_extraction_pool, test_many_sources, test_reliability, test_schedule)."""
    monkeypatch.setenv("ARSHIF_EXTRACT_WORKERS", "0")


@pytest.fixture
def fixture_server() -> Iterator[FixtureServer]:
    """A fresh fixture server per test: tests may edit its pages or slow it down."""
    with FixtureServer(FixtureSite()) as server:
        yield server


def arshif(*args: str, cwd: Path, server: FixtureServer | None = None, timeout: int = 120,
           check: bool = True, env: dict[str, str] | None = None,
           preexec_fn: object = None) -> subprocess.CompletedProcess:  # fmt: skip
    env = {**os.environ, **(env or {})}
    if server is not None:
        env[ADDRESS_ENV] = server.address
    result = subprocess.run(
        [sys.executable, "-m", "crawler", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, preexec_fn=preexec_fn,
    )  # fmt: skip
    if check and result.returncode != 0:
        raise AssertionError(
            f"arshif {' '.join(args)} exited {result.returncode}:\n{result.stderr}"
        )
    return result


def spawn_arshif(*args: str, cwd: Path, server: FixtureServer) -> subprocess.Popen:
    env = dict(os.environ, **{ADDRESS_ENV: server.address})
    return subprocess.Popen(
        [sys.executable, "-m", "crawler", *args], cwd=cwd, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


@pytest.fixture(scope="session")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive of one offline crawl of every fixture source, shared by read-only tests."""
    tmp = tmp_path_factory.mktemp("crawled")
    with FixtureServer() as server:
        arshif("crawl", "--offline", "--db", str(tmp / "archive.db"), cwd=tmp, server=server)
    return tmp / "archive.db"


@pytest.fixture
def fresh_archive(tmp_path: Path) -> Iterator[Archive]:
    """An empty archive in the test's own folder, closed after the test."""
    archive = Archive(tmp_path / "archive.db")
    yield archive
    archive.close()


def descendants(pid: int) -> set[int]:
    """Every process below pid, from /proc."""
    found, stack = set(), [pid]
    while stack:
        for task in Path(f"/proc/{stack.pop()}/task").glob("*"):
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            found.update(children)
            stack.extend(children)
    return found


def process_state(pid: int) -> str:
    """A process's state letter (R, S, Z, ...), "" when it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return ""
