"""Archive benchmark, no network: python bench/archive.py --articles 1000000

Inserts synthetic Arabic articles (one in ten a near-copy of an earlier one) through the
crawler's own path — dedup keys computed as an extraction worker does, then Archive.archive —
and prints, at each checkpoint, the per-article cost of computing keys and of insert+dedup
(median and mean over the last 1000), database bytes per article, and full-text query latency."""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "seeds"))

from stories import all_stories  # noqa: E402

from archive import Archive, ArticleRecord, Capture  # noqa: E402
from archive.dedup import content_hash, signature  # noqa: E402
from archive.search import search  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--db", default=None, help="archive file (default: a temporary one)")
    args = parser.parse_args()
    checkpoints = sorted(
        {c for c in (10_000, 100_000, 1_000_000, args.articles) if c <= args.articles}
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.db or Path(tmp) / "bench.db")
        archive = Archive(path)
        run = archive.start_run("bench")
        keys_ms: list[float] = []
        insert_ms: list[float] = []
        duplicates = 0
        for i, title, text in articles(args.articles):
            t0 = time.perf_counter()
            html = f"<html><body><h1>{title}</h1><p>{text}</p></body></html>".encode()
            sig = signature(text)
            record = ArticleRecord(
                f"https://bench.example/news/{i}", "bench", title, text, published_at="2024-12-08",
                content_hash=content_hash(text), minhash=sig.to_bytes() if sig else None,
            )  # fmt: skip
            capture = Capture(
                record.url,
                200,
                {"Content-Type": "text/html"},
                html,
                body_zlib=zlib.compress(html, 6),
            )
            t1 = time.perf_counter()
            outcome, _ = archive.archive(run, record, capture)
            t2 = time.perf_counter()
            duplicates += outcome.value == "duplicate"
            keys_ms.append(1000 * (t1 - t0))
            insert_ms.append(1000 * (t2 - t1))
            if i + 1 in checkpoints:
                report(archive, path, i + 1, keys_ms[-1000:], insert_ms[-1000:], duplicates)
        archive.close()


def report(
    archive: Archive, path: Path, n: int, keys: list[float], inserts: list[float], dups: int
) -> None:
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    latencies = []
    for q in QUERIES:
        t0 = time.perf_counter()
        search(archive.db, q, limit=20)
        latencies.append(1000 * (time.perf_counter() - t0))
    print(
        f"{n:>9,} articles: insert+dedup median {statistics.median(inserts):.2f} ms, "
        f"mean {statistics.mean(inserts):.2f} ms; "
        f"keys (worker side) median {statistics.median(keys):.2f} ms; "
        f"{size / n:,.0f} bytes/article; search median {statistics.median(latencies):.1f} ms, "
        f"max {max(latencies):.1f} ms; duplicates linked {dups:,}",
        flush=True,
    )


if __name__ == "__main__":
    main()
