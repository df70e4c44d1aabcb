"""Real pages from other Arabic news sites (../shared/realpages): at least as good as plain
trafilatura on dates, titles and must/must-not snippets. Skipped where the folder is absent;
the pages are read from there and never copied into the project."""

from __future__ import annotations

import csv
import json

import pytest
import trafilatura

from crawler.extract import Extracted, extract
from tests.conftest import REALPAGES

pytestmark = pytest.mark.skipif(not REALPAGES.is_dir(), reason="../shared/realpages is absent")


def cases() -> list[dict]:
    if not REALPAGES.is_dir():
        return []
    truth = REALPAGES / "groundtruth"
    out: dict[str, dict] = {}
    index = list(csv.DictReader((REALPAGES / "index.tsv").open(encoding="utf-8"), delimiter="\t"))
    urls = {row["file"]: row["url"] for row in index}
    dates = json.loads(
        (truth / "htmldate_eval_mediacloud_2020_arabic_subset.json").read_text("utf-8")
    )
    for url, item in dates.items():
        name = next(f for f, u in urls.items() if u == url)
        out.setdefault(name, {"file": name, "url": url})["date"] = item["date"]
    assabah = json.loads((truth / "trafilatura_evaldata_assabah.json").read_text("utf-8"))
    item = next(iter(assabah.values()))
    out["trafilatura_assabah.com.tn_164913.html"] = {
        "file": "trafilatura_assabah.com.tn_164913.html", "title": item["title"],
        "must": item["with"], "must_not": item["without"],
    }  # fmt: skip
    lbc = json.loads((truth / "fundus_LBCGroup.json").read_text("utf-8"))["V1"]
    paragraphs = [p for s in lbc["body"]["sections"] for p in s["paragraphs"]]
    out["fundus_lbcgroup.tv_898682.html"] = {
        "file": "fundus_lbcgroup.tv_898682.html", "title": lbc["title"],
        "date": lbc["publishing_date"][:10], "must": [p[:60] for p in paragraphs],
    }  # fmt: skip
    cnn = json.loads((truth / "newspaper4k_arabic_article.json").read_text("utf-8"))
    out["newspaper4k_arabic.cnn.com_syria.clashes.html"] = {
        "file": "newspaper4k_arabic.cnn.com_syria.clashes.html", "title": cnn["title"],
        "must": [p[:60] for p in cnn["text"].split("\n\n") if p.strip()],
    }  # fmt: skip
    trimmed = json.loads((truth / "trimmed_pages_expectations.json").read_text("utf-8"))
    for name, item in trimmed.items():
        out[name] = {"file": f"trimmed_or_synthetic/{name}", "must": item["must_contain"],
                     "must_not": item.get("must_not_contain", [])}  # fmt: skip
    return list(out.values())


def ours(case: dict) -> Extracted:
    result = extract((REALPAGES / case["file"]).read_bytes(), case.get("url"))
    assert isinstance(result, Extracted), result
    return result


def plain(case: dict) -> dict:
    text = (REALPAGES / case["file"]).read_bytes().decode("utf-8", "replace")
    doc = trafilatura.bare_extraction(text, url=case.get("url"), with_metadata=True)
    return doc.as_dict() if doc else {}


def score(case: dict, title: str | None, date: str | None, text: str) -> int:
    points = 0
    if "title" in case:
        points += (title or "").strip() == case["title"].strip()
    if "date" in case:
        points += (date or "")[:10] == case["date"]
    points += sum(" ".join(m.split()) in " ".join(text.split()) for m in case.get("must", []))
    points += sum(m not in text for m in case.get("must_not", []))
    return points


@pytest.mark.parametrize("case", cases(), ids=lambda c: c["file"])
def test_at_least_as_good_as_plain_trafilatura(case: dict) -> None:
    mine = ours(case)
    theirs = plain(case)
    our_score = score(case, mine.title, mine.published_at, mine.text)
    their_score = score(case, theirs.get("title"), theirs.get("date"), theirs.get("text") or "")
    assert our_score >= their_score, (case["file"], mine.title, mine.published_at)


@pytest.mark.parametrize("case", [c for c in cases() if "date" in c], ids=lambda c: c["file"])
def test_known_dates_are_right(case: dict) -> None:
    assert (ours(case).published_at or "")[:10] == case["date"]
