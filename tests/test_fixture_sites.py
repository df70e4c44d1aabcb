"""The committed fixture sites are what seeds/build_fixtures.py makes from the seeds."""

from __future__ import annotations

import filecmp
import sys
from pathlib import Path

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "seeds"))
import build_fixtures  # noqa: E402


def test_committed_fixtures_match_a_fresh_build(tmp_path: Path) -> None:
    build_fixtures.build(tmp_path)
    for folder in ("sites", "expected"):
        fresh, committed = tmp_path / folder, ROOT / "seeds" / folder
        names = sorted(p.name for p in fresh.iterdir())
        assert names == sorted(p.name for p in committed.iterdir()), folder
        _, mismatch, errors = filecmp.cmpfiles(fresh, committed, names, shallow=False)
        assert not mismatch and not errors, f"run python seeds/build_fixtures.py: {mismatch}"


def test_seed_documents_are_the_shared_originals() -> None:
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        return
    for original in shared.glob("*.txt"):
        assert (ROOT / "seeds" / original.name).read_bytes() == original.read_bytes()
