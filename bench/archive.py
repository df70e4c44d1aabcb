"""Archive benchmark, no network: python bench/archive.py --articles 1000000

Inserts synthetic Arabic articles (one in ten a near-copy of an earlier one) through the
crawler's own path — dedup keys and search columns computed in a process pool as extraction
workers do, then Archive.write_batch in the crawl's batch size — and prints, at each
checkpoint, the per-article cost of computing keys and of insert+dedup (median and mean over
the last 5000), database bytes per article, and full-text query latency.
With --db the archive is kept, and --search-only times the queries on it again."""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "seeds"))

from stories import all_stories  # noqa: E402

from archive import Archive, ArticleRecord, Batch, Capture  # noqa: E402
from archive.search import search  # noqa: E402
from crawler.extract.pool import archive_keys  # noqa: E402
from crawler.settings import ARSHIF_BATCH_SIZE as BATCH_SIZE  # noqa: E402

CHUNK = 2000  # articles keyed ahead of the writer; checkpoints are multiples of it
QUERIES = [
    "دمشق",
    "حمص",
    "الجيش",
    "مطار",
    "ادارة",
    "المعارضة",
    '"سجن صيدنايا"',
    "حميدتي",
    "2024",
    "الأردن",
]


def articles(n: int, seed: int = 1) -> object:
    rng = random.Random(seed)
    # Sentences of words drawn from the seeds' vocabulary: as varied as real news, unlike
    # whole seed sentences reshuffled (which would make every article a near-copy).
    vocabulary = sorted({w for s in all_stories().values() for p in s.body for w in p.split()})

    def sentence() -> str:
        return " ".join(rng.choices(vocabulary, k=rng.randint(10, 24))) + "."

    kept: list[str] = []
    for i in range(n):
        if i % 10 == 9 and kept:  # a near-copy: another dateline, one sentence dropped
            base = rng.choice(kept).split("\n")
            text = "\n".join(["عمان - " + base[0], *base[1:-1]])
        else:
            text = "\n".join(f"{sentence()} ({i}.{k})" for k in range(rng.randint(6, 12)))
            if len(kept) < 5000:
                kept.append(text)
            else:
                kept[rng.randrange(5000)] = text
        yield i, f"خبر رقم {i}", text


def keyed(job: tuple[int, str, str]) -> tuple[ArticleRecord, Capture, float]:
    """What an extraction worker adds to an article (dedup keys, search columns, the
    compressed page), timed; runs in a pool, as in a crawl."""
    i, title, text = job
    t0 = time.perf_counter()
    html = f"<html><body><h1>{title}</h1><p>{text}</p></body></html>".encode()
    keys = archive_keys(title, text, html)
    body_zlib = keys.pop("body_zlib")
    url = f"https://bench.example/news/{i}"
    record = ArticleRecord(url, "bench", title, text, published_at="2024-12-08", **keys)
    capture = Capture(url, 200, {"Content-Type": "text/html"}, html, body_zlib=body_zlib)
    return record, capture, 1000 * (time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--db", default=None, help="archive file (default: a temporary one)")
    parser.add_argument(
        "--search-only", action="store_true", help="only time search on an existing --db"
    )
    args = parser.parse_args()
    if args.search_only:
        archive = Archive(args.db)
        n = archive.db["articles"].count
        print(f"{n:>9,} articles: {search_figures(archive)}")
        return
    checkpoints = sorted(
        {c for c in (10_000, 100_000, 1_000_000, args.articles) if c <= args.articles}
    )
    # One key worker beside the writer: it keeps ahead (keys cost less than a write) without
    # taking the writer's core, and at most two chunks of articles are in memory at once.
    workers = max(1, (os.cpu_count() or 1) - 1)
    with tempfile.TemporaryDirectory() as tmp, multiprocessing.Pool(workers) as pool:
        path = Path(args.db or Path(tmp) / "bench.db")
        archive = Archive(path, bulk_writer=True)
        run = archive.start_run("bench")
        keys_ms: list[float] = []
        insert_ms: list[float] = []  # per article: its batch's time over the batch's size
        duplicates = n = 0
        jobs = articles(args.articles)
        pending = pool.map_async(keyed, list(islice(jobs, CHUNK)), chunksize=64)
        while chunk := pending.get():
            pending = pool.map_async(keyed, list(islice(jobs, CHUNK)), chunksize=64)
            for start in range(0, len(chunk), BATCH_SIZE):
                batch = Batch(articles=[(r, c) for r, c, _ in chunk[start : start + BATCH_SIZE]])
                t0 = time.perf_counter()
                results = archive.write_batch(run, batch)
                elapsed = 1000 * (time.perf_counter() - t0)
                insert_ms += [elapsed / len(results)] * len(results)
                duplicates += sum(outcome.value == "duplicate" for outcome, _ in results)
            keys_ms += [k for _, _, k in chunk]
            n += len(chunk)
            if n in checkpoints:
                report(archive, path, n, keys_ms[-5000:], insert_ms[-5000:], duplicates)
            del keys_ms[:-5000], insert_ms[:-5000]
        archive.close()


def search_figures(archive: Archive) -> str:
    latencies = []
    for q in QUERIES:
        t0 = time.perf_counter()
        search(archive.db, q, limit=20)
        latencies.append(1000 * (time.perf_counter() - t0))
    t0 = time.perf_counter()  # many results, each with its snippet (search --limit N --json)
    many = search(archive.db, QUERIES[0], limit=MANY)
    per_result = 1000 * (time.perf_counter() - t0) / max(1, len(many))
    return (
        f"search median {statistics.median(latencies):.1f} ms, max {max(latencies):.1f} ms "
        f"({len(QUERIES)} queries, 20 results each); {len(many):,} results with snippets "
        f"{per_result:.2f} ms each"
    )


MANY = 2000


def report(
    archive: Archive, path: Path, n: int, keys: list[float], inserts: list[float], dups: int
) -> None:
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    print(
        f"{n:>9,} articles: insert+dedup median {statistics.median(inserts):.2f} ms, "
        f"mean {statistics.mean(inserts):.2f} ms (last 5000, batches of {BATCH_SIZE}); "
        f"keys (worker side) median {statistics.median(keys):.2f} ms; "
        f"{size / n:,.0f} bytes/article; {search_figures(archive)}; "
        f"duplicates linked {dups:,}",
        flush=True,
    )


if __name__ == "__main__":
    main()
