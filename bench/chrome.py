"""Learned-chrome cost, no network: python bench/chrome.py --articles 10000

Archives N pages of the table-layout site of the tests (tests/chrome_site.py; each page shows
the "latest news" of its day, so the sidebar rotates) with their chrome leaked into the text,
as a crawl without a profile leaves them, then times what a crawl run does at its end for its
source: learn_chrome (the 200 most recent raw pages) and clean_archived, first when every row
holds chrome, then again when none does. Also times page_keys on the real pages in
../shared/realpages when present (they are ~120 KB; the fixture pages ~4 KB)."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive import Archive, ArticleRecord, Batch, Capture  # noqa: E402
from archive.chrome import chrome_profile, learn_chrome  # noqa: E402
from archive.cleaning import clean_archived  # noqa: E402
from crawler.extract.chrome import page_keys  # noqa: E402
from tests.chrome_site import LATEST, page  # noqa: E402

SOURCE = "saraya"


def timed(label: str, func, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = func(*args)
    print(f"{label}: {result} in {time.perf_counter() - start:.2f}s")
    return result


def build(archive: Archive, articles: int) -> None:
    run = archive.start_run(SOURCE)
    batch = Batch()
    for n in range(1, articles + 1):
        p = page(n, min(n + 4, articles))
        url = f"https://www.sarayanews.com/article/{n}.html"
        record = ArticleRecord(
            url=url, source=SOURCE, title=p.title, text="\n".join(p.paragraphs + p.sidebar)
        )
        headers = {"Content-Type": "text/html; charset=utf-8"}
        batch.articles.append((record, Capture(url, 200, headers, p.html.encode())))
        if len(batch.articles) == 500:
            archive.write_batch(run, batch)
            batch = Batch()
    if batch.articles:
        archive.write_batch(run, batch)
    archive.finish_run(run, "ok")


def real_pages() -> None:
    pages = sorted((ROOT.parent / "shared" / "realpages").glob("*.html"))
    if not pages:
        return
    bodies = [p.read_bytes() for p in pages]
    start = time.perf_counter()
    for body in bodies:
        page_keys(body)
    per = (time.perf_counter() - start) / len(bodies)
    size = sum(map(len, bodies)) // len(bodies) // 1024
    print(f"page_keys on {len(bodies)} real pages (~{size} KB): {per * 1000:.1f} ms a page")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    real_pages()
    archive = Archive(Path(tempfile.mkdtemp()) / "chrome.db")
    start = time.perf_counter()
    build(archive, args.articles)
    print(f"archived {args.articles} articles in {time.perf_counter() - start:.1f}s")
    timed("learn_chrome (keys)", learn_chrome, archive, SOURCE, page_keys)
    profile = chrome_profile(archive, SOURCE)
    changed = timed("clean_archived, every row with chrome (rows)", clean_archived, archive,
                    SOURCE, profile)  # fmt: skip
    timed("clean_archived again (rows)", clean_archived, archive, SOURCE, profile)
    timed("learn_chrome again (keys)", learn_chrome, archive, SOURCE, page_keys)
    left = archive.db.execute(
        "SELECT COUNT(*) FROM articles WHERE text LIKE ?", [f"%{LATEST}%"]
    ).fetchone()[0]
    print(f"rows cleaned {changed}, rows still holding '{LATEST}': {left}")


if __name__ == "__main__":
    main()
