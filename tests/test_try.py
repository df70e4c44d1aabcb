"""`arshif try`: a dry run of a source shows what it would archive and writes nothing."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from crawler.offline import FixtureServer
from tests.conftest import arshif, expected_articles

pytestmark = pytest.mark.usefixtures("inline_extraction")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("source", ["arabi21", "saraya", "aljazeera", "akhbar24"])
def test_try_shows_each_offline_source_and_leaves_the_archive_as_it_was(
    tmp_path: Path, crawled: Path, fixture_server: FixtureServer, source: str
) -> None:
    archive = tmp_path / "archive.db"
    archive.write_bytes(crawled.read_bytes())
    before = digest(archive)
    result = arshif("try", source, "--offline", "--limit", "2", cwd=tmp_path, server=fixture_server)
    assert digest(archive) == before and not (tmp_path / "archive.db-wal").exists()
    out = result.stdout
    titles = [e["title"] for e in expected_articles() if e["source"] == source]
    assert any(title in out for title in titles), out
    assert "    date:    2024-" in out and "(from " in out and "words:" in out
    assert "nothing was written to the archive" in out


def test_try_shows_every_article_its_run_archived(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    """--limit stops the crawl; what was in flight then is archived in the trial too, and
    said in a number: the list and that number make the run's count."""
    result = arshif("try", "arabi21", "--offline", "--limit", "1", "--json", cwd=tmp_path,
                    server=fixture_server)  # fmt: skip
    trial = __import__("json").loads(result.stdout)
    assert len(trial["articles"]) == 1
    assert 1 + trial["more"] == trial["run"]["articles_new"] == trial["pages_read"]


@pytest.mark.parametrize("capitals", [False, True])  # "HTTPS://WWW.ALJAZEERA.NET/…"
def test_try_a_url_uses_the_source_it_belongs_to_and_fetches_that_article(
    tmp_path: Path, fixture_server: FixtureServer, capitals: bool
) -> None:
    story = next(e for e in expected_articles() if e["source"] == "aljazeera")
    url = story["fetched_url"]
    if capitals:
        scheme, rest = url.split("://", 1)
        host, path = rest.split("/", 1)
        url = f"{scheme.upper()}://{host.upper()}/{path}"
    result = arshif("try", url, "--offline", "--json", cwd=tmp_path,
                    server=fixture_server)  # fmt: skip
    trial = __import__("json").loads(result.stdout)
    assert trial["source"] == "aljazeera"
    [article] = trial["articles"]
    assert article["title"] == story["title"] and article["published_from"] == "json-ld"
    assert not list(tmp_path.glob("*.db"))


def test_try_names_the_links_the_pattern_did_not_take_but_not_the_next_pages(
    tmp_path: Path,
) -> None:
    from tests.localsite import Site, serving

    body = "<p>" + "قالت وزارة الصحة إن فرقها وصلت إلى المناطق المتضررة من السيول. " * 4 + "</p>"
    with serving(Site("127.0.0.34")) as site:
        site.pages["/news/1.html"] = (
            "text/html; charset=utf-8",
            f"<html><head><title>خبر السيول</title></head><body><h1>خبر السيول</h1>{body}</body></html>",
        )
        links = "<a href='/news/1.html'>خبر</a><a href='/video/5'>فيديو</a>"
        pager = "<a rel='next' href='/?page=2'>التالي</a>"
        site.pages["/"] = ("text/html", f"<html><body>{links}{pager}</body></html>")
        site.pages["/?page=2"] = ("text/html", "<html><body>لا شيء</body></html>")
        (tmp_path / "s.toml").write_text(
            f'[sources.local]\nname = "local"\nstart_urls = ["{site.base}/"]\n'
            'article_url_pattern = "/news/"\ndownload_delay = 0\n',
            encoding="utf-8",
        )
        result = arshif("try", "local", "--sources", "s.toml", "--json", cwd=tmp_path)
    trial = __import__("json").loads(result.stdout)
    assert trial["other_links"] == [f"{site.base}/video/5"]


def test_try_an_unknown_source_or_foreign_url_is_one_line(tmp_path: Path) -> None:
    for target in ("nosuch", "https://nowhere.example/a/1"):
        result = arshif("try", target, "--offline", cwd=tmp_path, check=False)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert (
            result.stderr.startswith("arshif: error:")
            and "(known: akhbar24, aljazeera, arabi21, saraya)" in result.stderr
        )


def test_try_a_source_that_cannot_be_fetched_says_failed_and_exits_1(tmp_path: Path) -> None:
    """As `arshif crawl` does: a script that tries a source before adding it can tell."""
    (tmp_path / "s.toml").write_text(
        '[sources.gone]\nname = "gone"\nfeeds = ["http://127.0.0.1:9/rss"]\n'
        'article_url_pattern = "/news/"\ndownload_delay = 0\n',
        encoding="utf-8",
    )
    result = arshif("try", "gone", "--sources", "s.toml", cwd=tmp_path, check=False,
                    env={"ARSHIF_RETRY_BACKOFF": "0.05"})  # fmt: skip
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.startswith("gone: failed")


@pytest.mark.parametrize("what", ["article", "listing", "short link"])
def test_try_a_url_on_a_loopback_host_the_sources_file_names(tmp_path: Path, what: str) -> None:
    """The file names the host (its start page), so its pages are fetched as in a crawl. A
    short link off the pattern shows the article it leads to."""
    from tests.localsite import Site, serving

    body = "<p>" + "قالت وزارة الصحة إن فرقها وصلت إلى المناطق المتضررة من السيول. " * 4 + "</p>"
    with serving(Site("127.0.0.33")) as site:
        site.pages["/news/1.html"] = (
            "text/html; charset=utf-8",
            f"<html><head><title>خبر السيول</title></head><body><h1>خبر السيول</h1>{body}</body></html>",
        )
        site.pages["/section"] = (
            "text/html",
            "<html><body><a href='/news/1.html'>خبر</a></body></html>",
        )
        (tmp_path / "s.toml").write_text(
            f'[sources.local]\nname = "local"\nstart_urls = ["{site.base}/"]\n'
            'article_url_pattern = "/news/"\ndownload_delay = 0\n',
            encoding="utf-8",
        )
        site.pages["/s/1"] = ("redirect", f"{site.base}/news/1.html")
        paths = {"article": "/news/1.html", "listing": "/section", "short link": "/s/1"}
        url = site.base + paths[what]
        result = arshif("try", url, "--sources", "s.toml", "--json", cwd=tmp_path)
    trial = __import__("json").loads(result.stdout)
    assert [a["title"] for a in trial["articles"]] == ["خبر السيول"], trial


def test_try_a_url_with_a_port_out_of_range_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "s.toml").write_text(
        '[sources.local]\nname = "local"\nstart_urls = ["http://127.0.0.1:8/"]\n'
        'article_url_pattern = "/news/"\n',
        encoding="utf-8",
    )
    result = arshif(
        "try", "http://127.0.0.1:99999/news/1", "--sources", "s.toml", cwd=tmp_path, check=False
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr + result.stdout
    assert result.stderr.splitlines() == [
        "arshif: error: 'http://127.0.0.1:99999/news/1' is not a valid URL"
    ]


def test_try_with_a_limit_on_a_source_without_delay_lists_about_that_many(tmp_path: Path) -> None:
    """A source with no delay and a high concurrency fetches many articles before the limit
    stops it: --limit 2 lists two, and says how many more it fetched."""
    from tests.localsite import Site, serving

    body = "<p>" + "قالت وزارة الصحة إن فرقها وصلت إلى المناطق المتضررة من السيول. " * 4 + "</p>"
    with serving(Site("127.0.0.34")) as site:
        links = "".join(f"<a href='/news/{n}.html'>خبر {n}</a>" for n in range(30))
        site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
        for n in range(30):
            site.pages[f"/news/{n}.html"] = (
                "text/html; charset=utf-8",
                f"<html><head><title>خبر {n}</title></head><body><h1>خبر السيول رقم {n}</h1>"
                f"{body}<p>({n})</p></body></html>",
            )
        (tmp_path / "s.toml").write_text(
            f'[sources.local]\nname = "local"\nstart_urls = ["{site.base}/"]\n'
            'article_url_pattern = "/news/"\ndownload_delay = 0\nconcurrency = 16\n',
            encoding="utf-8",
        )
        shown = arshif("try", "local", "--sources", "s.toml", "--limit", "2", cwd=tmp_path)
    listed = re.findall(r"^\[(\d+)\] ", shown.stdout, re.MULTILINE)
    more = re.search(r"articles 2, errors 0 \((\d+) more fetched in flight, not listed\)",
                     shown.stdout)  # fmt: skip
    assert listed == ["1", "2"] and more, shown.stdout[:300]


def test_try_a_sources_sitemap_or_feed_url_reads_it_as_one(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    """Read as a listing, a feed's or a sitemap's items were no links: 0 articles, while a
    crawl of the source archives them."""
    url = "https://www.akhbar24.example/sitemap-news.xml"
    result = arshif("try", url, "--offline", "--json", cwd=tmp_path, server=fixture_server)
    trial = __import__("json").loads(result.stdout)
    assert trial["source"] == "akhbar24" and len(trial["articles"]) == 2, trial


def test_try_a_url_of_a_site_with_several_sources_uses_the_source_that_names_it(
    tmp_path: Path,
) -> None:
    """One site, a source per section: the URL went to the first source on the host, whose
    pattern took none of its links."""
    from tests.localsite import Site, serving

    body = "<p>" + "قالت وزارة الصحة إن فرقها وصلت إلى المناطق المتضررة من السيول. " * 4 + "</p>"
    with serving(Site("127.0.0.33")) as site:
        site.pages["/busy/n/1"] = (
            "text/html; charset=utf-8",
            f"<html><head><title>خبر السيول</title></head><body><h1>خبر السيول</h1>{body}</body></html>",
        )
        site.pages["/busy/latest"] = ("text/html", "<a href='/busy/n/1'>خبر</a>")
        (tmp_path / "s.toml").write_text(
            f'[sources.news]\nname = "news"\nstart_urls = ["{site.base}/"]\n'
            'article_url_pattern = "/news/\\\\d+"\ndownload_delay = 0\n'
            f'[sources.busy]\nname = "busy"\nstart_urls = ["{site.base}/busy/latest"]\n'
            'article_url_pattern = "/busy/n/\\\\d+"\ndownload_delay = 0\n',
            encoding="utf-8",
        )
        url = f"{site.base}/busy/latest"
        result = arshif("try", url, "--sources", "s.toml", "--json", cwd=tmp_path)
    trial = __import__("json").loads(result.stdout)
    assert trial["source"] == "busy" and [a["title"] for a in trial["articles"]] == ["خبر السيول"]


@pytest.mark.parametrize(
    ("path", "kind"),
    [("/rss.xml", "feeds"), ("/feed.xml", "feeds"), ("/feeds/posts/default", "feeds"),
     ("/?feed=rss2", "feeds"), ("/rss.php", "feeds"), ("/sitemap_index.xml", "sitemaps"),
     ("/sitemap-news.xml", "sitemaps"), ("/news/", "start_urls")],
)  # fmt: skip
def test_try_reads_a_url_the_sources_file_does_not_name_by_its_name(path: str, kind: str) -> None:
    """ "/rss.xml" was read as a sitemap (its ".xml"), Blogger's "/feeds/posts/default" as a
    listing: 0 articles either way."""
    from crawler.sources import load_sources
    from crawler.trial import _discovery_kind
    from tests.conftest import ROOT

    source = next(iter(load_sources(ROOT / "seeds" / "sources.toml").values()))
    assert _discovery_kind(source, "https://www.sarayanews.com" + path) == kind


def test_try_stopped_by_a_signal_exits_as_every_command_stopped(tmp_path: Path) -> None:
    """A script that tries candidate sources under a timeout read exit 0 from a trial its
    wrapper stopped: it shows what it got, then one line and 143, as `crawl` does."""
    import signal
    import subprocess
    import sys
    import time

    from tests.localsite import Site, serving
    from tests.test_discovery_crawl import article

    with serving(Site()) as site:
        links = "".join(f"<a href='/news/{n}.html'>خبر</a>" for n in range(1, 4))
        site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
        for n in range(1, 4):
            site.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", article(n))
            site.delays[f"/news/{n}.html"] = 3.0  # the trial waits on them
        (tmp_path / "s.toml").write_text(
            f'[sources.slow]\nname = "slow"\nstart_urls = ["{site.base}/"]\n'
            "article_url_pattern = '/news/'\ndownload_delay = 0\n",
            encoding="utf-8",
        )
        proc = subprocess.Popen(
            [sys.executable, "-m", "crawler", "try", "slow", "--sources", "s.toml"],
            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while not any(p.startswith("/news/") for p in site.hits) and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 143 and "Traceback" not in err
    assert err.rstrip().endswith("arshif: stopped (SIGTERM)"), err
    assert out.startswith("slow: partial")
