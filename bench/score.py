"""Scores arshif on the varied web: python bench/score.py [--articles N] [--seed S] [--json]

Generates every template family (seeds/varied), serves each site on its own 127.0.0.x
address, runs the real `arshif crawl` on them, and scores per template: discovery recall,
body F1, chrome leak rate, date and title accuracy. Then edits 10% of every site's articles
(of every age), crawls again, and scores the edits detected (new text archived, old text kept
as a version). Targets on every template: recall >= 0.99, F1 >= 0.98, leak 0, dates 1, titles 1,
edits 1.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlite_utils  # noqa: E402

from crawler.canonical import canonical_url  # noqa: E402
from seeds.varied import ServedWeb, SiteTruth, sources_toml  # noqa: E402

TARGETS = {
    "recall": 0.99, "f1": 0.98, "leak": 0.0, "dates": 1.0, "titles": 1.0, "edits": 1.0,
    "false_edits": 0,
}  # fmt: skip
_WORD = re.compile(r"\w+")


@dataclass
class Score:
    family: str
    articles: int  # in the ground truth
    archived: int  # of those, archived under their canonical URL
    extra: int  # archived URLs of this source the truth does not know
    recall: float
    f1: float  # body token F1, averaged over the archived articles
    leak: float  # share of archived articles whose text holds a chrome line
    dates: float  # share of archived articles whose published date is right
    titles: float = 0.0  # share of archived articles whose title is the headline, exactly
    edited: int = 0
    edits: float = 0.0  # share of edited articles updated, old text kept as a version
    false_edits: int = 0  # articles nobody edited that hold an earlier version all the same
    leaked: list[str] = field(default_factory=list)  # the chrome lines kept most often
    runs: list[str] = field(default_factory=list)  # each crawl's run status and error kinds

    def misses(self) -> list[str]:
        """The metrics that miss their target."""
        lows = ("recall", "f1", "dates", "titles", "edits")
        out = [m for m in lows if getattr(self, m) < TARGETS[m]]
        return out + [m for m in ("leak", "false_edits") if getattr(self, m) > TARGETS[m]]


def tokens(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text))


def token_f1(got: str, want: str) -> float:
    a, b = tokens(got), tokens(want)
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def _squash(text: str) -> str:
    return " ".join(text.split())


def date_right(published_at: str | None, truth: SiteTruth, want: str) -> bool:
    """The archived date names the day the site published on (in the site's time zone)."""
    if not published_at:
        return False
    try:
        when = datetime.fromisoformat(published_at)
    except ValueError:
        return published_at[:10] == want[:10]
    if when.tzinfo is not None:
        when = when.astimezone(datetime.fromisoformat(want).tzinfo)
    return when.date().isoformat() == want[:10]


def archive_rows(db_path: Path) -> tuple[dict[str, dict], dict[int, list[str]]]:
    """Articles by URL, and the texts of their earlier versions by article id."""
    db = sqlite_utils.Database(db_path)
    rows = {r["url"]: r for r in db["articles"].rows}
    versions: dict[int, list[str]] = {}
    if db["article_versions"].exists():
        for v in db["article_versions"].rows:
            versions.setdefault(v["article_id"], []).append(v["text"] or "")
    db.close()
    return rows, versions


def run_outcomes(db_path: Path) -> dict[str, str]:
    """The last run of each source: its status and its errors by kind."""
    db = sqlite_utils.Database(db_path)
    out = {}
    for run in db["runs"].rows_where(order_by="id"):
        kinds = json.loads(run["errors_by_kind"] or "{}")
        errors = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
        out[run["source"]] = run["status"] + (f" ({errors})" if errors else "")
    db.close()
    return out


def score_site(truth: SiteTruth, rows: dict[str, dict], source: str) -> Score:
    wanted = {canonical_url(url): t for url, t in truth.articles.items()}
    got = {url: rows[url] for url in wanted if url in rows}
    extra = [u for u, r in rows.items() if r["source"] == source and u not in wanted]
    f1s, leaks, dates, titles, kept = [], 0, 0, 0, Counter[str]()
    for url, row in got.items():
        t, text = wanted[url], _squash(row["text"] or "")
        f1s.append(token_f1(text, "\n".join(t.paragraphs)))
        # Within a line of the text: a chrome line that spans the end of one of the article's
        # own paragraphs and the start of the next is not a leak (the truth's chrome is
        # judged per paragraph too, seeds.varied.model.Site.truth).
        lines = [_squash(line) for line in (row["text"] or "").splitlines()]
        leaked = [
            line
            for line in (*truth.chrome, *t.chrome)
            if any(_squash(line) in own for own in lines)
        ]
        kept.update(leaked)
        leaks += bool(leaked)
        dates += date_right(row["published_at"], truth, t.published)
        titles += _squash(row["title"] or "") == _squash(t.title)
    n = len(got) or 1
    return Score(
        family=truth.family, articles=len(wanted), archived=len(got), extra=len(extra),
        recall=round(len(got) / len(wanted), 4), f1=round(sum(f1s) / n, 4),
        leak=round(leaks / n, 4), dates=round(dates / n, 4), titles=round(titles / n, 4),
        leaked=[line for line, _ in kept.most_common(5)],
    )  # fmt: skip


def edits_found(
    truth: SiteTruth, edited: list[str], rows: dict[str, dict], versions: dict[int, list[str]]
) -> float:
    """Share of edited articles whose archived text holds the replaced-in and the added
    paragraph, and whose earlier text (with the replaced-out paragraph) is kept as a version."""
    found = 0
    for url in edited:
        t, row = truth.articles[url], rows.get(canonical_url(url))
        if row is None or t.previous is None:
            continue
        text = _squash(row["text"] or "")
        new = [p for p in t.paragraphs if p not in t.previous]
        old = [p for p in t.previous if p not in t.paragraphs]
        kept = any(all(_squash(p) in _squash(v) for p in old) for v in versions.get(row["id"], []))
        found += all(_squash(p) in text for p in new) and kept
    return round(found / (len(edited) or 1), 4)


def false_edits(
    truth: SiteTruth, edited: list[str], rows: dict[str, dict], versions: dict[int, list[str]]
) -> int:
    """Articles the edit phase left alone that hold an earlier version all the same (a
    researcher counting edits would count them)."""
    touched = {canonical_url(url) for url in edited}
    archived = (rows.get(canonical_url(url)) for url in truth.articles)
    return sum(1 for row in archived if row and row["id"] in versions and row["url"] not in touched)


def crawl(workdir: Path, sources: Path, db: Path, timeout: float) -> tuple[int, float, str]:
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "crawler", "crawl", "--sources", str(sources), "--db", str(db)],
        cwd=workdir, capture_output=True, text=True, timeout=timeout, env=dict(os.environ),
    )  # fmt: skip
    return result.returncode, time.monotonic() - start, result.stderr[-2000:]


def crawl_or_fail(
    workdir: Path, sources: Path, db: Path, timeout: float, say: Any, label: str
) -> None:
    code, seconds, err = crawl(workdir, sources, db, timeout)
    say(f"{label}: exit {code} in {seconds:.1f}s")
    if code != 0:
        raise RuntimeError(f"arshif crawl exited {code}: {err}")


def measure(
    seed: int, articles: int, workdir: Path, timeout: float = 900, log: Any = None
) -> dict[str, Any]:
    """The whole score: two crawls of a freshly generated web, around its edit phase."""
    say = log or (lambda *_: None)
    db, sources = workdir / "archive.db", workdir / "sources.toml"
    with ServedWeb(seed=seed, articles=articles) as served:
        sources_toml(served.sites, sources)
        truth = served.web.truth()
        run_crawl = partial(crawl_or_fail, workdir, sources, db, timeout, say)
        run_crawl("first crawl")
        rows, _ = archive_rows(db)
        scores = {f: score_site(t, rows, f) for f, t in truth.items()}
        for family, outcome in run_outcomes(db).items():
            scores[family].runs.append(outcome)
        time.sleep(1.1)  # the edits happen strictly after every fetch of the first crawl
        edited = served.web.edit(0.1)
        truth = served.web.truth()
        run_crawl("second crawl (after the edits)")
        rows, versions = archive_rows(db)
        for family, outcome in run_outcomes(db).items():
            scores[family].runs.append(outcome)
        for family, urls in edited.items():
            scores[family].edited = len(urls)
            scores[family].edits = edits_found(truth[family], urls, rows, versions)
            scores[family].false_edits = false_edits(truth[family], urls, rows, versions)
    return {"seed": seed, "articles": articles, "templates": scores, "total": _total(scores)}


def _total(scores: dict[str, Score]) -> Score:
    all_ = list(scores.values())
    archived = sum(s.archived for s in all_) or 1
    edited = sum(s.edited for s in all_) or 1

    def weighted(metric: str, weight: str) -> float:
        return round(sum(getattr(s, metric) * getattr(s, weight) for s in all_) / (
            archived if weight == "archived" else edited), 4)  # fmt: skip

    return Score(
        family="total",
        articles=sum(s.articles for s in all_),
        archived=sum(s.archived for s in all_),
        extra=sum(s.extra for s in all_),
        recall=round(sum(s.archived for s in all_) / (sum(s.articles for s in all_) or 1), 4),
        f1=weighted("f1", "archived"),
        leak=weighted("leak", "archived"),
        dates=weighted("dates", "archived"),
        titles=weighted("titles", "archived"),
        edited=sum(s.edited for s in all_),
        edits=weighted("edits", "edited"),
        false_edits=sum(s.false_edits for s in all_),
    )


def table(result: dict[str, Any]) -> str:
    head = (
        f"{'template':<11} {'articles':>8} {'recall':>7} {'F1':>6} {'leak':>6} {'dates':>6} "
        f"{'titles':>6} {'edits':>9} {'false':>5}  misses"
    )
    lines = [head, "-" * len(head)]
    for s in [*result["templates"].values(), result["total"]]:
        lines.append(
            f"{s.family:<11} {s.archived:>3}/{s.articles:<4} {s.recall:>7.2f} {s.f1:>6.3f} "
            f"{s.leak:>6.2f} {s.dates:>6.2f} {s.titles:>6.2f} {s.edits:>5.2f} ({s.edited:>2}) "
            f"{s.false_edits:>5}  " + ",".join(s.misses())
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=40, help="articles per site (default 40)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--keep", metavar="DIR", help="keep sources.toml and archive.db in DIR")
    args = parser.parse_args()
    if args.articles < 10:
        parser.error("--articles must be at least 10")
    log = (lambda m: print(m, file=sys.stderr)) if not args.json else None
    with tempfile.TemporaryDirectory(prefix="arshif-score-") as tmp:
        workdir = Path(args.keep) if args.keep else Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        try:
            result = measure(args.seed, args.articles, workdir, log=log)
        except RuntimeError as exc:
            sys.exit(f"score: error: {exc}")
    if args.json:
        out = {**result, "templates": {k: asdict(v) for k, v in result["templates"].items()},
               "total": asdict(result["total"]), "targets": TARGETS}  # fmt: skip
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(table(result))


if __name__ == "__main__":
    main()
