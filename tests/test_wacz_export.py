"""`arshif export --format wacz`: a WACZ 1.1.1 package that `wacz validate` accepts and
whose captures, earlier versions' included, read back byte for byte."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive import Archive, ArticleRecord, Capture
from crawler.cli import main

pytest.importorskip("wacz", reason="the wacz package validates the export")

TEXT = "قالت إدارة العمليات العسكرية السورية إن قواتها بدأت الدخول إلى العاصمة دمشق صباح اليوم."


def export_wacz(db: Path, out: Path, *args: str) -> None:
    result = CliRunner().invoke(
        main, ["export", "--db", str(db), "--format", "wacz", "-o", str(out), *args]
    )
    assert result.exit_code == 0, result.output


def validate(wacz: Path) -> subprocess.CompletedProcess:
    """`wacz validate`, through its main() whose return value is the verdict: `python -m wacz`
    exits 0 whatever it found (wacz 0.6)."""
    code = "import sys; from wacz.main import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, "validate", "-f", str(wacz)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.fixture
def edited(fresh_archive: Archive) -> Archive:
    """One article fetched twice, its text edited in between: two captures, one version."""
    run = fresh_archive.start_run("arabi21")
    url = "https://arabi21.com/story/1"
    for text, body in (
        (TEXT, b"<html><p>v1</p></html>"),
        (TEXT + " وتابعت المصادر", b"<html><p>v2</p></html>"),
    ):
        record = ArticleRecord(url, "arabi21", "دخول دمشق", text, published_at="2024-12-08")
        fresh_archive.archive(
            run, record, Capture(url + "?from=rss", 200, {"Content-Type": "text/html"}, body)
        )
    return fresh_archive


def test_a_wacz_export_passes_wacz_validate_and_round_trips_every_version(
    edited: Archive, tmp_path: Path
) -> None:
    from warcio.archiveiterator import ArchiveIterator

    out = tmp_path / "x.wacz"
    export_wacz(edited.path, out)
    check = validate(out)
    assert check.returncode == 0 and "Validation succeeded" in check.stdout, check.stdout
    with zipfile.ZipFile(out) as wacz:
        names = set(wacz.namelist())
        assert {
            "archive/data.warc.gz",
            "indexes/index.cdxj",
            "pages/pages.jsonl",
            "datapackage.json",
        } <= names
        assert wacz.getinfo("archive/data.warc.gz").compress_type == zipfile.ZIP_STORED
        warc = wacz.read("archive/data.warc.gz")
        index = wacz.read("indexes/index.cdxj").decode().splitlines()
        pages = [json.loads(line) for line in wacz.read("pages/pages.jsonl").decode().splitlines()]
        package = json.loads(wacz.read("datapackage.json"))
    bodies = [
        r.content_stream().read()
        for r in ArchiveIterator(io.BytesIO(warc))
        if r.rec_type == "response"
    ]
    stored = [
        edited.raw_body(cid) for (cid,) in edited.db.execute("SELECT id FROM captures ORDER BY id")
    ]
    assert bodies == stored == [b"<html><p>v1</p></html>", b"<html><p>v2</p></html>"]
    assert len(index) == 2 and all(
        json.loads(line.split(" ", 2)[2])["filename"] == "data.warc.gz" for line in index
    )
    assert pages[0]["format"] == "json-pages-1.0"
    [page] = pages[1:]
    assert page["url"] == "https://arabi21.com/story/1?from=rss" and page["title"] == "دخول دمشق"
    assert page["text"].endswith("وتابعت المصادر") and page["ts"].endswith("Z")
    assert package["wacz_version"] == "1.1.1"
    assert all(r["hash"].startswith("sha256:") for r in package["resources"])


def test_a_wacz_of_the_crawled_fixtures_validates_and_holds_every_capture(
    crawled: Path, tmp_path: Path
) -> None:
    out = tmp_path / "all.wacz"
    export_wacz(crawled, out, "--all")
    check = validate(out)
    assert check.returncode == 0 and "Validation succeeded" in check.stdout, check.stdout
    with zipfile.ZipFile(out) as wacz:
        pages = wacz.read("pages/pages.jsonl").decode().splitlines()[1:]
        index = wacz.read("indexes/index.cdxj").decode().splitlines()
    with Archive(crawled) as archive:
        articles = archive.db["articles"].count
        captures = archive.db["captures"].count
    assert len(pages) == articles and len(index) == captures
    assert any("دمشق" in json.loads(p)["text"] for p in pages)


def test_a_tampered_wacz_fails_validation(edited: Archive, tmp_path: Path) -> None:
    """The check the tests rely on can fail: a file that does not match its listed hash."""
    out = tmp_path / "x.wacz"
    export_wacz(edited.path, out)
    bad = tmp_path / "bad.wacz"
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "pages/pages.jsonl":
                data += b'{"id": "x", "url": "https://x.example/", "ts": "2024-01-01T00:00:00Z"}\n'
            dst.writestr(info, data)
    check = validate(bad)
    assert check.returncode == 1 and "Validation failed" in check.stdout


def test_a_wacz_is_staged_beside_its_target_not_in_the_temporary_folder(
    edited: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A year's WARC runs to gigabytes: staged in a small /tmp, the export failed 'No space
    left on device' with the target's disk nearly empty."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-folder"))
    out = tmp_path / "exports" / "all.wacz"
    out.parent.mkdir()
    export_wacz(tmp_path / "archive.db", out)
    assert validate(out).returncode == 0
    assert [p.name for p in out.parent.iterdir()] == ["all.wacz"]  # (its staging gone)
