"""Crawl benchmark: python bench/crawl.py --articles 5000 [--sources 4] [--small] [--sitemap-urls N]
[--map-size N]

Generates synthetic sites (bench/sitegen.py), serves each on its own 127.0.0.1 port, runs
`arshif crawl` on them twice (the second run is the incremental re-crawl), and prints wall
time, pages/s, articles/s, CPU per page, peak RSS of the crawl's process tree, and two
extraction ceilings on the same pages, each over all cores in a pool of one process per
core: trafilatura with metadata (the yardstick the many-sources issue names; measured before
and after the crawls, and their mean taken) and arshif's own extraction function alone."""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from sitegen import Site, serve  # noqa: E402

from crawler.extract import ExtractOptions, extract  # noqa: E402


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def tree(pid: int) -> list[int]:
    """A process and all its descendants, from /proc."""
    found, stack = [], [pid]
    while stack:
        p = stack.pop()
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        found.append(p)
    return found


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    return sum(rss_kb(p) for p in tree(pid))


def cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _last_run(db: Path) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM runs").fetchone()[0])


def _articles(db: Path) -> int:
    """Articles archived so far (the highest row id: cheap to ask while the crawl writes)."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.05) as conn:
            return int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def run_crawl(workdir: Path, label: str) -> dict:
    last_run = _last_run(workdir / "bench.db")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    command = [sys.executable, "-m", "crawler", "crawl", "--db", "bench.db"]
    proc = subprocess.Popen(command, cwd=workdir,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    peak = parent_peak = 0
    # CPU of every process of the tree as last seen: the extraction workers are children of
    # a fork server, not of the crawl, so the crawl's own accounting of children misses them.
    seen: dict[int, float] = {}
    writes: list[tuple[float, int]] = []  # (seconds since start, articles archived) as they grow
    while proc.poll() is None:
        archived = _articles(workdir / "bench.db")
        if archived and (not writes or archived > writes[-1][1]):
            writes.append((time.perf_counter() - start, archived))
        pids = tree(proc.pid)
        peak = max(peak, sum(rss_kb(p) for p in pids))
        parent_peak = max(parent_peak, rss_kb(proc.pid))
        for p in pids:
            used = cpu_seconds(p)
            if used is not None:
                seen[p] = used
        time.sleep(0.1)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    waited = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    cpu = max(waited, sum(seen.values()))
    parent_cpu = seen.get(proc.pid, 0.0)
    with sqlite3.connect(workdir / "bench.db") as conn:
        pages, new = conn.execute(
            "SELECT SUM(pages), SUM(articles_new + articles_duplicate) FROM runs WHERE id > ?",
            [last_run],
        ).fetchone()
    steady = None
    if len(writes) >= 3:  # from the first write seen to the last: no start-up, no wind-down
        (t0, n0), (t1, n1) = writes[0], writes[-1]
        steady = (n1 - n0) / (t1 - t0) if t1 > t0 else None
    return {
        "label": label,
        "wall": wall,
        "steady": steady,
        "first_write": writes[0][0] if writes else None,
        "last_write": writes[-1][0] if writes else None,
        "pages": pages,
        "articles": new,
        "cpu": cpu,
        "parent_cpu": parent_cpu,
        "peak_mb": peak / 1024,
        "parent_peak_mb": parent_peak / 1024,
    }


def learned_chrome(db: Path, source: str) -> frozenset[str]:
    from archive import Archive
    from archive.chrome import chrome_profile

    with Archive(db) as archive:
        return chrome_profile(archive, source)


def _extract_one(args: tuple[bytes, str, frozenset[str]]) -> bool:
    body, url, chrome = args
    options = ExtractOptions(chrome=chrome)
    return hasattr(extract(body, url, "text/html; charset=utf-8", options), "text")


def _trafilatura_one(args: tuple[bytes, str, frozenset[str]]) -> bool:
    import trafilatura

    body, url, _ = args
    return trafilatura.extract(body, url=url, with_metadata=True) is not None


def ceiling(
    jobs: list[tuple[bytes, str, frozenset[str]]], workers: int, func=_extract_one
) -> float:
    """Pages per second of extraction alone over all cores, in a pool of one process per
    core: arshif's extraction function (with a learned chrome profile: as a source's later
    crawls extract), or trafilatura with metadata (the issue's yardstick)."""
    start = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        ok = sum(pool.map(func, jobs, chunksize=16))
    elapsed = time.perf_counter() - start
    assert ok >= 0.95 * len(jobs), f"only {ok} of {len(jobs)} pages extracted"
    return len(jobs) / elapsed


def sources_toml(bases: list[str], per_source: int, concurrency: int, budget: int) -> str:
    return "".join(
        f"[sources.bench{i}]\n"
        f'name = "bench{i}"\n'
        f'start_urls = ["{base}/list?page=0"]\n'
        f'feeds = ["{base}/rss"]\n'
        f'sitemaps = ["{base}/sitemap.xml"]\n'
        'article_url_pattern = "/news/"\n'
        f"max_depth = {per_source // 50 + 2}\n"
        f"download_delay = 0\nconcurrency = {concurrency}\nmax_pages = {budget}\n\n"
        for i, base in enumerate(bases)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=5000, help="articles in all")
    parser.add_argument(
        "--sources", type=int, default=1,
        help="split the articles over this many sites, each a source on its own server",
    )  # fmt: skip
    parser.add_argument(
        "--sitemap-urls",
        type=int,
        default=0,
        help="list this many URLs in each sitemap (the extra ones are copies of generated pages)",
    )
    parser.add_argument(
        "--map-size",
        type=int,
        default=10_000,
        help="URLs per child sitemap; below 10,000 each is a day's map with its lastmod",
    )
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--max-pages", type=int, default=0, help="page budget (default: all)")
    parser.add_argument(
        "--small", action="store_true", help="3-10 KB article pages (as agency sites serve)"
    )
    args = parser.parse_args()
    workers = os.cpu_count() or 1
    per_source = max(1, args.articles // args.sources)
    print(
        f"generating {per_source * args.sources} articles on {args.sources} site(s) ...", flush=True
    )
    page_kb = (3, 10) if args.small else (50, 200)
    sites = [
        Site(per_source, args.sitemap_urls, seed=7 + i, page_kb=page_kb, map_size=args.map_size)
        for i in range(args.sources)
    ]
    sizes = sorted(len(s.pages[u]) for s in sites for u in s.article_urls)
    print(
        f"article pages: median {sizes[len(sizes) // 2] // 1024} KB, "
        f"min {sizes[0] // 1024} KB, max {sizes[-1] // 1024} KB"
    )
    served = [serve(site) for site in sites]
    bases = [base for base, _ in served]
    jobs = [
        (s.pages[u], base + u, frozenset[str]())
        for s, base in zip(sites, bases, strict=True)
        for u in s.article_urls
    ]
    # The yardstick before and after the crawls: this machine's speed drifts within a run,
    # and the mean of the two is the ceiling the crawl is held to.
    before = ceiling(jobs, workers, _trafilatura_one)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        budget = args.max_pages or max(per_source, args.sitemap_urls) + 500
        toml = sources_toml(bases, per_source, args.concurrency, budget)
        (workdir / "sources.toml").write_text(toml, encoding="utf-8")
        servers = [p.pid for _, procs in served for p in procs]
        served_before = sum(cpu_seconds(p) or 0.0 for p in servers)
        first = run_crawl(workdir, "first crawl")
        first["server_cpu"] = sum(cpu_seconds(p) or 0.0 for p in servers) - served_before
        second = run_crawl(workdir, "re-crawl (unchanged site)")
        chrome = learned_chrome(workdir / "bench.db", "bench0")
    ours = ceiling(jobs, workers)
    after = ceiling(jobs, workers, _trafilatura_one)
    yardstick = (before + after) / 2
    learned = ceiling([(b, u, chrome) for b, u, _ in jobs if u.startswith(bases[0])], workers)
    for _, procs in served:
        for p in procs:
            p.terminate()
    for r in (first, second):
        print(report(r))
    crawl_rate = first["articles"] / first["wall"]
    server_ms = 1000 * first["server_cpu"] / max(1, first["pages"])
    print(f"test servers (on this machine, not the crawl's): {server_ms:.1f} ms/page of CPU")
    print(f"crawl: {crawl_rate:.1f} articles/s")
    if first["steady"]:
        print(
            f"crawl between its first and last archive write (start-up and wind-down left out): "
            f"{first['steady']:.1f} articles/s; / trafilatura ceiling: "
            f"{first['steady'] / yardstick:.2f}"
        )
    print(
        f"ceiling, trafilatura with metadata ({workers} processes, same pages): "
        f"{yardstick:.1f} pages/s (before the crawls {before:.1f}, after {after:.1f}); "
        f"crawl / ceiling: {crawl_rate / yardstick:.2f}"
    )
    print(
        f"ceiling, arshif's extraction alone ({workers} processes, same pages): "
        f"{ours:.1f} pages/s; crawl / ceiling: {crawl_rate / ours:.2f}"
    )
    print(
        f"extraction with the {len(chrome)} chrome lines learned in the crawl:"
        f" {learned:.1f} pages/s"
    )
    print(f"re-crawl speed-up: {first['wall'] / second['wall']:.1f}x")


def report(r: dict) -> str:
    pages, wall = max(1, r["pages"]), r["wall"]
    return (
        f"{r['label']}: {wall:.1f} s wall, {r['pages']} pages ({r['pages'] / wall:.1f}/s), "
        f"{r['articles']} articles archived ({r['articles'] / wall:.1f}/s), "
        f"CPU {1000 * r['cpu'] / pages:.1f} ms/page in all "
        f"({1000 * r['parent_cpu'] / pages:.1f} ms/page in the crawl process), "
        f"peak RSS: process tree {r['peak_mb']:.0f} MB, crawl process {r['parent_peak_mb']:.0f} MB"
        + (
            f"; first article written at {r['first_write']:.1f} s, last at {r['last_write']:.1f} s"
            if r["first_write"] is not None
            else ""
        )
    )


if __name__ == "__main__":
    main()
