"""Many sources at once: python bench/sources.py --sources N [--mode crawl|schedule]

Generates N small news sites (bench/sitegen.py), each served on its own loopback address
(127.0.0.x / 127.0.x.y) by one server process, writes a sources file with one source per site,
and runs the real `arshif crawl` (every source side by side, then exit) or `arshif schedule`
(every source due at once, the catch-up of a fresh archive; stopped once each source has a
finished run). Prints wall time, peak memory and peak number of processes of arshif's process
tree, pages/s and articles archived."""

from __future__ import annotations

import argparse
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crawl import tree, tree_rss_kb  # noqa: E402
from sitegen import Site, handler_for  # noqa: E402


def address(n: int) -> str:
    """The n-th loopback address from 127.0.0.2 on (127.0.0.1 is left alone)."""
    n += 2
    return f"127.0.{n // 250}.{n % 250 + 1}" if n >= 250 else f"127.0.0.{n}"


def _serve_all(sites: list[Site], port: int, ready: multiprocessing.synchronize.Event) -> None:
    servers = []
    for n, site in enumerate(sites):
        server = ThreadingHTTPServer((address(n), port), handler_for(site))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    ready.set()
    threading.Event().wait()


def sources_file(n: int, port: int, delay: float, concurrency: int) -> str:
    return "".join(
        f'[sources.s{i:03d}]\nname = "site {i}"\n'
        f'start_urls = ["http://{address(i)}:{port}/list?page=0"]\n'
        f'feeds = ["http://{address(i)}:{port}/rss"]\n'
        'article_url_pattern = "/news/"\nschedule = "1h"\n'
        f"download_delay = {delay}\nconcurrency = {concurrency}\n\n"
        for i in range(n)
    )


def finished_runs(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=30) as conn:
            return conn.execute(
                "SELECT COUNT(DISTINCT source) FROM runs WHERE status != 'running'"
            ).fetchone()[0]
    except sqlite3.Error:
        return 0


def run(workdir: Path, mode: str, n: int) -> dict:
    db = workdir / "bench.db"
    command = [sys.executable, "-m", "crawler", mode, "--db", str(db)]
    start = time.perf_counter()
    with open(workdir / f"{mode}.log", "w") as log:
        proc = subprocess.Popen(command, cwd=workdir, stdout=subprocess.DEVNULL, stderr=log)
        peak_kb, peak_procs = watch(proc, db, mode, n)
    wall = time.perf_counter() - start
    return summarize(db, mode, n, wall, peak_kb, peak_procs)


def watch(proc: subprocess.Popen, db: Path, mode: str, n: int) -> tuple[int, int]:
    """Peak memory (KB) and process count of arshif's tree until it ends (schedule: until
    every source has a finished run, then SIGTERM)."""
    peak_kb = peak_procs = 0
    while proc.poll() is None:
        peak_kb = max(peak_kb, tree_rss_kb(proc.pid))
        peak_procs = max(peak_procs, len(tree(proc.pid)))
        if mode == "schedule" and finished_runs(db) >= n:
            proc.send_signal(signal.SIGTERM)
            proc.wait()
            break
        time.sleep(0.1)
    return peak_kb, peak_procs


def summarize(db: Path, mode: str, n: int, wall: float, peak_kb: int, peak_procs: int) -> dict:
    with sqlite3.connect(db) as conn:
        pages, statuses = conn.execute(
            "SELECT SUM(pages), GROUP_CONCAT(DISTINCT status) FROM runs"
        ).fetchone()
        articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        covered = conn.execute("SELECT COUNT(DISTINCT source) FROM articles").fetchone()[0]
    return {"mode": mode, "sources": n, "wall": wall, "peak_mb": peak_kb / 1024,
            "peak_processes": peak_procs, "pages": pages or 0, "articles": articles,
            "sources_archived": covered, "statuses": statuses}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sources", type=int, default=32)
    parser.add_argument("--mode", choices=["crawl", "schedule"], default="crawl")
    parser.add_argument("--articles", type=int, default=20, help="articles per site")
    parser.add_argument("--delay", type=float, default=0.25, help="download_delay per source")
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--page-kb", type=int, nargs=2, default=(3, 10), metavar=("MIN", "MAX"))
    args = parser.parse_args()
    sites = [Site(args.articles, seed=i, page_kb=tuple(args.page_kb)) for i in range(args.sources)]
    port = 18000 + os.getpid() % 1000
    ready = multiprocessing.get_context("fork").Event()
    server = multiprocessing.get_context("fork").Process(
        target=_serve_all, args=(sites, port, ready), daemon=True
    )
    server.start()
    ready.wait(60)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            workdir = Path(tmp)
            (workdir / "sources.toml").write_text(
                sources_file(args.sources, port, args.delay, args.concurrency), encoding="utf-8"
            )
            r = run(workdir, args.mode, args.sources)
    finally:
        server.terminate()
    print(
        f"{r['mode']} of {r['sources']} sources: {r['wall']:.1f} s wall, "
        f"peak {r['peak_mb']:.0f} MB and {r['peak_processes']} processes (arshif's tree), "
        f"{r['pages']} pages ({r['pages'] / r['wall']:.1f}/s), {r['articles']} articles "
        f"archived from {r['sources_archived']}/{r['sources']} sources, "
        f"run statuses: {r['statuses']}"
    )


if __name__ == "__main__":
    main()
