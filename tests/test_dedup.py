"""Near-duplicate detection over a fixture set of near-copies and same-topic different stories."""

from __future__ import annotations

import random
import re
import sys
from itertools import combinations
from pathlib import Path

import pytest

from archive import Archive, ArticleRecord, Capture, Outcome
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "seeds"))
from stories import all_stories  # noqa: E402

ADDED = "وقال مراسلنا إن الوضع في المنطقة لا يزال متوترا وسط ترقب لما ستؤول إليه الأمور خلال الساعات المقبلة."


def _diacritize(text: str) -> str:
    return re.sub(r"(\w)(\w)", lambda m: m[1] + "\u064e" + m[2], text, count=40)


VARIANTS = {
    "dateline": lambda ps: ["دمشق - (وكالات) " + ps[0], *ps[1:]],
    "punctuation": lambda ps: [p.replace("،", ",").replace(".", "").replace('"', "«") for p in ps],
    "diacritics": lambda ps: [_diacritize(p) for p in ps],
    "hamza": lambda ps: [p.replace("أ", "ا").replace("إ", "ا") for p in ps],
    "ta_marbuta": lambda ps: [re.sub(r"ة\b", "ه", p) for p in ps],
    "alef_maqsura": lambda ps: [re.sub(r"ى\b", "ي", p) for p in ps],
    "sentence_dropped": lambda ps: ps[:-2] + ps[-1:] if len(ps) > 4 else ps[:-1],
    "sentence_added": lambda ps: [*ps, ADDED],
}


def corpus() -> list[tuple[str, str, str]]:
    """(story key, variant name, text): every story, plus each variant of it."""
    docs = []
    for key, story in all_stories().items():
        docs.append((key, "original", "\n".join(story.body)))
        for name, make in VARIANTS.items():
            docs.append((key, name, "\n".join(make(list(story.body)))))
    return docs


def archive_all(db: Path, docs: list[tuple[str, str, str]]) -> dict[int, tuple[str, str]]:
    archive = Archive(db)
    run = archive.start_run("test")
    ids = {}
    for i, (key, variant, text) in enumerate(docs):
        record = ArticleRecord(
            url=f"https://site{i % 5}.example/{i}", source="test", title=key, text=text
        )
        _, article_id = archive.archive(run, record, Capture(record.url, 200, {}, text.encode()))
        ids[article_id] = (key, variant)
    archive.close()
    return ids


def test_near_copies_link_and_same_topic_stories_stay_apart(tmp_path: Path) -> None:
    docs = corpus()
    random.Random(7).shuffle(docs)
    ids = archive_all(tmp_path / "a.db", docs)
    archive = Archive(tmp_path / "a.db")
    root = {r["id"]: r["duplicate_of"] or r["id"] for r in archive.db["articles"].rows}
    tp = fp = fn = 0
    for a, b in combinations(sorted(ids), 2):
        same_story = ids[a][0] == ids[b][0]
        linked = root[a] == root[b]
        tp += same_story and linked
        fp += linked and not same_story
        fn += same_story and not linked
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.99, (precision, recall)
    assert recall >= 0.95, (precision, recall)


def test_duplicate_of_always_points_at_a_root(tmp_path: Path) -> None:
    archive_all(tmp_path / "a.db", corpus())
    archive = Archive(tmp_path / "a.db")
    chains = archive.db.execute(
        "SELECT COUNT(*) FROM articles a JOIN articles r ON a.duplicate_of = r.id"
        " WHERE r.duplicate_of IS NOT NULL"
    ).fetchone()[0]
    assert chains == 0


def test_index_persists_across_runs_and_reopen(tmp_path: Path) -> None:
    story = all_stories()["homs-suburbs"]
    text = "\n".join(story.body)
    db = tmp_path / "a.db"
    first = Archive(db)
    run = first.start_run("saraya")
    _, root = first.archive(
        run, ArticleRecord("https://a.example/1", "saraya", "t", text), Capture("u", 200, {}, b"")
    )
    first.close()
    second = Archive(db)
    run = second.start_run("akhbar24")
    copy = "\n".join(VARIANTS["hamza"](VARIANTS["dateline"](list(story.body))))
    outcome, article_id = second.archive(
        run, ArticleRecord("https://b.example/9", "akhbar24", "t", copy), Capture("u", 200, {}, b"")
    )
    assert outcome is Outcome.DUPLICATE
    assert second.db["articles"].get(article_id)["duplicate_of"] == root


def test_near_duplicate_lookup_uses_the_band_index_not_a_scan(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "a.db")
    plan = archive.db.execute(
        "EXPLAIN QUERY PLAN SELECT article_id FROM lsh_bands WHERE band = ? AND key = ?", [1, 2]
    ).fetchall()
    detail = " ".join(str(row[-1]) for row in plan)
    assert "USING PRIMARY KEY" in detail or "USING INDEX" in detail
    assert "SCAN" not in detail


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_each_kind_of_edit_is_recognised(tmp_path: Path, variant: str) -> None:
    story = all_stories()["damascus-entry"]
    docs = [("damascus-entry", "original", "\n".join(story.body)),
            ("damascus-entry", variant, "\n".join(VARIANTS[variant](list(story.body))))]  # fmt: skip
    ids = archive_all(tmp_path / "a.db", docs)
    archive = Archive(tmp_path / "a.db")
    later = max(ids)
    assert archive.db["articles"].get(later)["duplicate_of"] == min(ids)
