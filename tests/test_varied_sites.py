"""arshif on the varied web (seeds/varied): the targets of issue 11 on every template.

One crawl of a small generated web, an edit phase, a second crawl (bench/score.py does the
measuring). A metric that misses its target today because its work is not merged yet is
marked xfail, naming the work; the marker goes when the work lands.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from seeds.varied.families import FAMILIES

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench_score", ROOT / "bench" / "score.py")
assert _spec and _spec.loader
score = importlib.util.module_from_spec(_spec)
sys.modules["bench_score"] = score  # its dataclasses look their module up
_spec.loader.exec_module(score)

EDITS = "re-fetch on publisher signals (lastmod, Atom updated, feed date): lead, issue 11 item 5"
CHROME = "chrome learned per source: helper extract, issue 11 item 2"
DATES = "no date from a related-story teaser: helper extract, issue 11 item 4"
NOT_YET = {
    **{(f.family, "edits"): EDITS for f in FAMILIES},
    **{(f, "leak"): CHROME for f in ("agency", "portal", "amp", "blogger")},
    ("agency", "f1"): CHROME,
    ("divsoup", "dates"): DATES,
}


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return score.measure(seed=1, articles=30, workdir=tmp_path_factory.mktemp("varied"))


def cases() -> list:
    out = []
    for family in (f.family for f in FAMILIES):
        for metric in score.TARGETS:
            reason = NOT_YET.get((family, metric))
            marks = [pytest.mark.xfail(reason=reason, strict=False)] if reason else []
            out.append(pytest.param(family, metric, marks=marks, id=f"{family}-{metric}"))
    return out


@pytest.mark.parametrize(("family", "metric"), cases())
def test_template_meets_its_target(scores: dict, family: str, metric: str) -> None:
    result = scores["templates"][family]
    value, target = getattr(result, metric), score.TARGETS[metric]
    assert result.articles >= 30
    if metric == "recall":  # and nothing archived under a URL the site does not have
        assert result.extra == 0, f"{family}: {result.extra} archived URLs are not articles"
    if metric == "leak":
        assert value <= target, f"{family}: {value:.0%} of articles leak chrome"
    else:
        assert value >= target, f"{family}: {metric} {value} < {target}"


def test_every_template_was_edited_and_rescored(scores: dict) -> None:
    assert all(s.edited >= 3 for s in scores["templates"].values())
    assert scores["total"].articles == 30 * len(FAMILIES)
