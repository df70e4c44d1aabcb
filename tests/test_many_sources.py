"""One crawl process for many sources: side by side, each with its own run, lock and counts;
stops that drain (every page a server answered is archived or named); a second signal."""

from __future__ import annotations

import os
import random
import re
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import ROOT, arshif, descendants

sys.path.insert(0, str(ROOT / "seeds"))
from stories import all_stories  # noqa: E402

# Sentences of the seed stories: each article draws its own, so no two are near-copies.
POOL = sorted({p for s in all_stories().values() for p in s.body if len(p) > 60})


class NewsSite:
    """A small news site on its own loopback address: a feed, article pages, a delay per
    article page, and a log of what it answered with 200."""

    def __init__(self, host: str, articles: int, delay: float = 0.0) -> None:
        self.host, self.articles, self.delay = host, articles, delay
        self.answered: list[str] = []
        self.in_flight = self.most_in_flight = 0  # article requests being answered at once
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                status, kind, body = site.page(self.path)
                if self.path.startswith("/news/"):
                    with site.lock:
                        site.in_flight += 1
                        site.most_in_flight = max(site.most_in_flight, site.in_flight)
                    time.sleep(site.delay)
                    with site.lock:
                        site.in_flight -= 1
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    return
                if status == 200 and self.path.startswith("/news/"):
                    site.answered.append(f"{site.base}{self.path}")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://{host}:{self.server.server_address[1]}"

    def page(self, path: str) -> tuple[int, str, bytes]:
        if path == "/feed.xml":
            items = "".join(
                f"<item><title>{n}</title><link>{self.base}/news/{n}.html</link></item>"
                for n in range(self.articles)
            )
            return 200, "application/rss+xml", f"<rss><channel>{items}</channel></rss>".encode()
        if path.startswith("/news/") and path[6:-5].isdigit():
            n = int(path[6:-5])
            picked = random.Random(f"{self.host}/{n}").sample(POOL, 5)
            body = "".join(f"<p>{s} ({n}-{i})</p>" for i, s in enumerate(picked))
            html = (
                f"<html lang='ar'><head><meta charset='utf-8'><title>خبر {n}</title></head><body>"
                f"<h1>خبر رقم {n} من {self.host}</h1><article>{body}</article></body></html>"
            )
            return 200, "text/html; charset=utf-8", html.encode()
        return 404, "text/plain", b""

    def source(self, name: str, concurrency: int = 2) -> str:
        return (
            f'[sources.{name}]\nname = "{name}"\nfeeds = ["{self.base}/feed.xml"]\n'
            "article_url_pattern = '/news/\\d+\\.html'\n"
            f"download_delay = 0\nconcurrency = {concurrency}\n\n"
        )

    def __enter__(self) -> NewsSite:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fast() -> Iterator[NewsSite]:
    with NewsSite("127.0.0.2", articles=4) as site:
        yield site


def rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    with sqlite3.connect(db, timeout=30) as conn:
        return conn.execute(sql, params).fetchall()


def poll(db: Path, sql: str) -> list[tuple]:
    """rows() of an archive that may not exist or be migrated yet."""
    try:
        return rows(db, sql) if db.exists() else []
    except sqlite3.OperationalError:
        return []


def spawn(tmp_path: Path, *args: str, open_files: int | None = None) -> subprocess.Popen:
    """`arshif crawl` in a session of its own, as a terminal runs it: its process group gets
    the terminal's ^C, extraction workers included. open_files: its soft limit of them."""

    def limited() -> None:
        if open_files is not None:
            hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
            resource.setrlimit(resource.RLIMIT_NOFILE, (open_files, hard))

    return subprocess.Popen(
        [sys.executable, "-m", "crawler", "crawl", "--db", "archive.db", *args],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True, preexec_fn=limited,
    )  # fmt: skip


def wait_for(check: object, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def archived_count(db: Path) -> int:
    found = poll(db, "SELECT COUNT(*) FROM articles")
    return found[0][0] if found else 0


def test_sources_crawl_side_by_side_and_a_slow_host_does_not_hold_up_another(
    tmp_path: Path, fast: NewsSite
) -> None:
    with NewsSite("127.0.0.3", articles=6, delay=3.0) as slow:
        (tmp_path / "sources.toml").write_text(
            slow.source("slow") + fast.source("fast"), encoding="utf-8"
        )
        proc = spawn(tmp_path)
        db = tmp_path / "archive.db"
        wait_for(lambda: poll(db, "SELECT 1 FROM runs WHERE source='fast' AND status='ok'"))
        # While the slow source still crawls, its lock is held and the fast one's is free.
        assert poll(db, "SELECT 1 FROM runs WHERE source = 'slow' AND status = 'running'")
        busy = arshif("crawl", "slow", "--db", "archive.db", cwd=tmp_path, check=False)
        again = arshif("crawl", "fast", "--db", "archive.db", cwd=tmp_path, check=False)
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert busy.returncode == 3 and "being crawled by another process" in busy.stderr
    assert again.returncode == 0, again.stderr
    runs = rows(db, "SELECT source, status, articles_new, errors FROM runs ORDER BY id")
    assert runs[:2] == [("slow", "ok", 6, 0), ("fast", "ok", 4, 0)]
    assert runs[2][:2] == ("fast", "ok")  # the manual crawl of the finished source
    [(fast_done,)] = rows(db, "SELECT finished_at FROM runs WHERE id = 2")
    [(first_slow,)] = rows(db, "SELECT MIN(first_seen_at) FROM articles WHERE source = 'slow'")
    # The fast source finished before the slow one's first article page came back.
    assert datetime.fromisoformat(fast_done) < datetime.fromisoformat(first_slow)
    assert "slow: run 1 ok" in out and "fast: run 2 ok" in out
    assert slow.most_in_flight == 2  # the source's concurrency, per host, kept


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_stop_drains_every_page_in_flight_into_the_archive(
    tmp_path: Path, sig: signal.Signals
) -> None:
    with NewsSite("127.0.0.4", articles=60, delay=0.5) as site:
        (tmp_path / "sources.toml").write_text(site.source("s", concurrency=4), encoding="utf-8")
        proc = spawn(tmp_path)
        db = tmp_path / "archive.db"
        wait_for(lambda: archived_count(db) >= 3)
        os.killpg(proc.pid, sig)  # the whole group, workers included, as a terminal's ^C
        out, err = proc.communicate(timeout=60)
        answered = set(site.answered)
    # SIGHUP: a terminal hung up (or a service manager's reload): a stop like the others.
    assert proc.returncode == {signal.SIGINT: 130, signal.SIGTERM: 143, signal.SIGHUP: 129}[sig]
    assert "Traceback" not in err
    archived = {u for (u,) in rows(db, "SELECT fetched_url FROM articles")}
    named = rows(db, "SELECT url, kind FROM run_errors")
    assert answered and answered <= archived, (len(answered), len(archived), named)
    assert not [k for _, k in named if k.startswith("extract_")]
    [(status, reason, new, left)] = rows(
        db, "SELECT status, stop_reason, articles_new, articles_left FROM runs"
    )
    assert (status, reason) == ("partial", "stopped") and new == len(archived) < 60
    # The rest were found and never fetched: said in the run's row and its summary line.
    assert left == 60 - len(archived), (left, len(archived))
    assert f"left {left}," in out
    # ... and kept for the source's next crawl, which asks them whatever its pages name.
    assert len(rows(db, "SELECT url FROM pending")) == left


def test_a_second_signal_stops_at_once_and_names_the_open_pages(tmp_path: Path) -> None:
    with NewsSite("127.0.0.5", articles=30, delay=3.0) as site:
        (tmp_path / "sources.toml").write_text(site.source("s", concurrency=4), encoding="utf-8")
        proc = spawn(tmp_path)
        db = tmp_path / "archive.db"
        wait_for(lambda: poll(db, "SELECT 1 FROM runs WHERE status='running'"))
        wait_for(lambda: site.in_flight > 0)  # article requests are out, the server sits on them
        os.killpg(proc.pid, signal.SIGINT)
        time.sleep(0.5)
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 130 and "Traceback" not in err
    # Its last lines, as a drained crawl's: what was archived, and the stop.
    assert re.search(r"^archived \d+ new article", out, re.MULTILINE), out
    assert err.rstrip().endswith("arshif: stopped (SIGINT)"), err
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    interrupted = rows(db, "SELECT url FROM run_errors WHERE kind = 'interrupted'")
    assert interrupted and all("/news/" in u for (u,) in interrupted)
    # Kept for the next crawl, with the ones never asked: all but what was archived.
    pending = {url for (url,) in rows(db, "SELECT fetch_url FROM pending")}
    assert {url for (url,) in interrupted} <= pending
    assert len(pending) + len(rows(db, "SELECT id FROM articles")) == 30
    [(status, reason)] = rows(db, "SELECT status, stop_reason FROM runs")
    assert status == "partial" and reason == "forced"


def listening_ports(pid: int) -> list[int]:
    """TCP ports a process listens on: its socket inodes matched in /proc/net/tcp{,6}."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    ports = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                ports.append(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def test_a_crawl_opens_no_listening_port(tmp_path: Path) -> None:
    """Scrapy 2.19 serves a remote-control endpoint (it runs code) per crawler, and a telnet
    console before it: a crawl service of hundreds of sources must listen on nothing."""
    with NewsSite("127.0.0.6", articles=4, delay=1.5) as site:
        (tmp_path / "sources.toml").write_text(site.source("s"), encoding="utf-8")
        proc = spawn(tmp_path)
        db = tmp_path / "archive.db"
        wait_for(lambda: poll(db, "SELECT 1 FROM runs WHERE status = 'running'"))
        wait_for(lambda: site.in_flight > 0)  # the crawler is fully up: its pages are asked
        ports = listening_ports(proc.pid)
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert ports == []


def test_a_crawl_killed_with_9_leaves_no_process_behind(tmp_path: Path) -> None:
    """Its extraction workers (and what starts them) go with it: nothing keeps running, or
    holding memory, after a kill -9 of the crawl."""
    with NewsSite("127.0.0.7", articles=40, delay=0.5) as site:
        (tmp_path / "sources.toml").write_text(site.source("s", concurrency=4), encoding="utf-8")
        proc = spawn(tmp_path)
        wait_for(lambda: archived_count(tmp_path / "archive.db") >= 2)  # the pool is up
        children = descendants(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=30)

        def gone() -> bool:
            return not [p for p in children if Path(f"/proc/{p}").exists()
                        and "zombie" not in Path(f"/proc/{p}/status").read_text().lower()]  # fmt: skip

        assert len(children) >= 2  # the workers were there to be killed
        wait_for(gone, timeout=15)


def test_a_source_whose_crawls_died_with_the_process_twice_is_crawled_with_no_other(
    tmp_path: Path,
) -> None:
    """Which source kills the crawl process is known only when it crawls alone: the other
    sources crawl side by side before or after it, never beside it."""
    from archive import Archive

    db = tmp_path / "archive.db"
    with Archive(db) as archive:
        for _ in range(2):  # in flight at two deaths of the crawl process in a row
            archive.finish_run(archive.start_run("lone", pid=1), "failed", "orphaned")
    with (
        NewsSite("127.0.0.8", articles=4, delay=0.3) as first,
        NewsSite("127.0.0.9", articles=4, delay=0.3) as lone,
        NewsSite("127.0.0.10", articles=4, delay=0.3) as last,
    ):
        (tmp_path / "sources.toml").write_text(
            first.source("first") + lone.source("lone") + last.source("last"), encoding="utf-8"
        )
        done = arshif("crawl", "--db", "archive.db", cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    assert "lone: its last crawls died with the crawl process: crawled alone" in done.stderr
    runs = {
        source: (datetime.fromisoformat(start), datetime.fromisoformat(end), alone, new)
        for source, start, end, alone, new in rows(
            db, "SELECT source, started_at, finished_at, alone, articles_new FROM runs"
            " WHERE id > 2"
        )
    }  # fmt: skip
    assert {s: (r[2], r[3]) for s, r in runs.items()} == {
        "first": (0, 4),
        "lone": (1, 4),
        "last": (0, 4),
    }
    start, end = runs["lone"][:2]
    for other in ("first", "last"):
        assert runs[other][1] <= start or runs[other][0] >= end, runs  # never beside it
    with Archive(db) as archive:
        assert archive.quarantine_size("lone") == 0  # its crawl ran its course: cleared


def seed_deaths(db: Path, sources: list[str], times: int, group: int = 0) -> None:
    """The crawl process died `times` times with a crawl of each source in flight, each
    death a process of its own; group: the quarantine group they ran in."""
    from archive import Archive

    with Archive(db) as archive:
        for death in range(times):
            for source in sources:
                run = archive.start_run(source, pid=1, alone=group)
                archive.finish_run(run, "failed", "orphaned")
                archive.db.execute(
                    "UPDATE runs SET process_key = ? WHERE id = ?", [f"b:{death}:{group}", run]
                )


def crawled(db: Path, after: int) -> dict[str, tuple[float, float, int, int]]:
    """Each source's run after the seeded ones: (start, end, alone, articles_new)."""
    return {
        source: (datetime.fromisoformat(start).timestamp(),
                 datetime.fromisoformat(end).timestamp(), alone, new)
        for source, start, end, alone, new in rows(
            db, "SELECT source, started_at, finished_at, alone, articles_new FROM runs"
            " WHERE id > ?", (after,)
        )
    }  # fmt: skip


def beside(runs: dict[str, tuple[float, float, int, int]], source: str) -> set[str]:
    """The sources whose runs overlapped the source's."""
    start, end = runs[source][:2]
    return {o for o, (s, e, _, _) in runs.items() if o != source and s < end and e > start}


def test_the_suspects_of_a_death_of_four_crawl_two_at_a_time_and_beside_no_other_source(
    tmp_path: Path,
) -> None:
    """Four crawls in flight at two deaths in a row: each is a suspect, crawled with at most
    one other suspect (half of four) and never beside a source that is none, so a death is
    blamed on two; not four crawls one after another holding every other source back. Each
    is cleared once its crawl ran its course."""
    from archive import Archive

    db = tmp_path / "archive.db"
    suspects = ["s1", "s2", "s3", "s4"]
    seed_deaths(db, suspects, 2)
    done = crawl_sites(tmp_path, 30, ["first", *suspects, "last"])
    assert done.returncode == 0, done.stderr
    assert "[s1] arshif.crawl: s1: its last crawls died with the crawl process" in done.stderr
    runs = crawled(db, 8)
    assert {s: r[2:] for s, r in runs.items()} == {
        "first": (0, 4), "s1": (2, 4), "s2": (2, 4), "s3": (2, 4), "s4": (2, 4), "last": (0, 4),
    }  # fmt: skip
    for suspect in suspects:
        assert len(beside(runs, suspect)) == 1, runs  # two at a time ...
        assert beside(runs, suspect) <= set(suspects), runs  # ... and no one else
    with Archive(db) as archive:
        assert [archive.quarantine_size(s) for s in suspects] == [0] * 4  # cleared


def crawl_sites(tmp_path: Path, first: int, names: list[str]) -> subprocess.CompletedProcess:
    """One crawl of a small news site per name, each at its own address from 127.0.0.first."""
    sites = [NewsSite(f"127.0.0.{first + n}", articles=4, delay=0.3) for n in range(len(names))]
    with ExitStack() as stack:
        for site in sites:
            stack.enter_context(site)
        toml = "".join(site.source(name) for site, name in zip(sites, names, strict=True))
        (tmp_path / "sources.toml").write_text(toml, encoding="utf-8")
        return arshif("crawl", "--db", "archive.db", cwd=tmp_path, check=False)


def test_a_suspect_that_died_in_a_group_of_two_crawls_alone(tmp_path: Path) -> None:
    """The death of a group of two was one of its two suspects': each crawls alone next,
    another suspect due with it included, while the suspects still in groups of two go two
    at a time."""
    db = tmp_path / "archive.db"
    seed_deaths(db, ["lone", "pair1", "pair2", "gone"], 2)  # groups of two
    seed_deaths(db, ["lone", "gone"], 1, group=2)  # lone's group of two died
    done = crawl_sites(tmp_path, 40, ["first", "lone", "pair1", "pair2", "last"])
    assert done.returncode == 0, done.stderr
    assert "lone: its last crawls died with the crawl process: crawled alone" in done.stderr
    runs = crawled(db, 10)
    assert {s: r[2:] for s, r in runs.items()} == {
        "first": (0, 4), "lone": (1, 4), "pair1": (2, 4), "pair2": (2, 4), "last": (0, 4),
    }  # fmt: skip
    assert not beside(runs, "lone"), runs
    assert beside(runs, "pair1") == {"pair2"}, runs


def test_a_quarantine_group_takes_suspects_until_it_runs_and_then_only_with_no_one_behind(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Suspects due together join a group waiting for its slots, up to its size; once it
    runs, a suspect joins it only while nobody waits behind it: one that comes after another
    crawl asked for a slot waits behind that crawl (a group must not starve the others)."""
    from twisted.internet.task import Clock

    import crawler.slots

    clock = Clock()
    monkeypatch.setattr(crawler.slots, "get_reactor", lambda: clock)
    slots = crawler.slots.Slots(2)
    got: list[str] = []

    def take(name: str, group: int = 0) -> list[crawler.slots.Slot]:
        """The crawl's slot, in the list once it fired."""
        held: list[crawler.slots.Slot] = []
        slots.take(group).addCallback(lambda slot: (held.append(slot), got.append(name)))
        return held

    plain = take("plain")
    s1, s2, s3 = take("s1", 2), take("s2", 2), take("s3", 2)  # s3: the first group is full
    later = take("later")
    s4 = take("s4", 2)  # into s3's group, still waiting for its slots
    assert got == ["plain"]
    plain[0].release()
    clock.advance(0)
    assert got == ["plain", "s1", "s2"] and s1[0].group == 2
    late = take("late", 2)  # the group runs and others wait: not beside s1 and s2
    s1[0].release()
    s2[0].release()
    clock.advance(0)
    assert got == ["plain", "s1", "s2", "s3", "s4"]
    s3[0].release()
    s4[0].release()
    clock.advance(0)
    assert got[-1] == "later"
    later[0].release()
    clock.advance(0)
    assert got[-1] == "late" and late[0].group == 2
    joins = take("joins", 2)  # the group runs with nobody behind it: it joins
    assert got[-1] == "joins" and joins[0].group == 2
    alone = take("alone", 1)  # no room for it beside anyone
    assert got[-1] == "joins"
    late[0].release()
    joins[0].release()
    clock.advance(0)
    assert got[-1] == "alone" and alone[0].group == 1


def test_a_stop_with_hundreds_of_sources_waiting_for_a_slot_ends_the_crawl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sources that never got a slot end at once, each on its own turn of the reactor
    (handing the slots on from one to the next in one call chain ran out of stack at about
    two hundred, and the crawl never exited). Each holds its lock file open meanwhile: a
    soft limit of open files below their number (a service manager's) is raised."""
    monkeypatch.setenv("ARSHIF_MAX_SOURCES", "2")
    with NewsSite("127.0.0.4", articles=20, delay=1.0) as site:
        toml = "".join(site.source(f"s{n}") for n in range(300))
        (tmp_path / "sources.toml").write_text(toml, encoding="utf-8")
        proc = spawn(tmp_path, open_files=200)
        db = tmp_path / "archive.db"
        wait_for(lambda: archived_count(db) >= 2)  # two sources running, the rest waiting
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            out, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise AssertionError("the crawl did not end after its stop") from None
    assert proc.returncode == 143 and "Traceback" not in err, err[-2000:]
    # (a source whose articles the other running source claimed may end ok before the stop)
    statuses = [s for (s,) in rows(db, "SELECT status FROM runs")]
    assert "partial" in statuses and set(statuses) <= {"ok", "partial"}, statuses


def test_an_article_two_sources_crawling_side_by_side_find_is_downloaded_once(
    tmp_path: Path,
) -> None:
    """(Archived once, under the source that found it first, as before; now also fetched
    once.)"""
    with NewsSite("127.0.0.4", articles=20, delay=0.05) as site:
        toml = site.source("first") + site.source("second")
        (tmp_path / "sources.toml").write_text(toml, encoding="utf-8")
        arshif("crawl", "--db", "archive.db", cwd=tmp_path)
        fetched = [u for u in site.answered if "/news/" in u]
    db = tmp_path / "archive.db"
    assert len(fetched) == len(set(fetched)) == 20, sorted(fetched)
    assert rows(db, "SELECT COUNT(*), COUNT(DISTINCT url) FROM articles") == [(20, 20)]
    assert {s for (s,) in rows(db, "SELECT status FROM runs")} == {"ok"}
