"""Incremental re-crawls: conditional GET, nothing re-downloaded in full, new items found."""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from scrapy import Request
from scrapy.utils.test import get_crawler

from crawler.offline import FixtureServer
from crawler.recorder import RunRecorder
from tests.conftest import arshif, expected_articles
from tests.localsite import Site, serving

pytestmark = pytest.mark.usefixtures("inline_extraction")

ARTICLE_URLS = {e["fetched_url"] for e in expected_articles()} | {
    e["url"] for e in expected_articles()
}
# A listing's text: other stories' headlines and teasers.
TEASERS = "".join(
    f"<h2><a href='/x/{k}'>{h}</a></h2><p>{h} في تقرير خاص عن الموضوع.</p>"
    for k, h in enumerate(
        ("الحكومة تقر الموازنة العامة للعام المقبل", "ارتفاع أسعار الذهب في الأسواق",
         "افتتاح معرض الكتاب الدولي بمشاركة واسعة", "منتخب الشباب يتأهل إلى النهائي")
    )
)  # fmt: skip
FEED = "https://www.aljazeera.net/aljazeerarss/a7c186be-1baa-4bd4-9d80-a84db769f779/73d0e1b4-532f-45ef-b135-bfdff8b8cab9"


def crawl(tmp_path: Path, server: FixtureServer, *extra: str) -> None:
    arshif(
        "crawl",
        "--offline",
        "--db",
        str(tmp_path / "archive.db"),
        *extra,
        cwd=tmp_path,
        server=server,
    )


def test_second_crawl_of_an_unchanged_site_downloads_no_article_in_full(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    site = fixture_server.site
    crawl(tmp_path, fixture_server, "--recheck-days", "100000")
    first_bytes, first_log = site.bytes_sent, len(site.log)
    crawl(tmp_path, fixture_server, "--recheck-days", "100000")
    second = site.log[first_log:]
    rechecked = [(url, status) for url, status, _ in second if url in ARTICLE_URLS]
    assert rechecked and all(status == 304 for _, status in rechecked), rechecked
    second_bytes = site.bytes_sent - first_bytes
    assert second_bytes <= 0.15 * first_bytes, (second_bytes, first_bytes)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        not_modified = conn.execute("SELECT SUM(not_modified) FROM runs WHERE id > 4").fetchone()[0]
    assert not_modified >= len(rechecked)


def test_old_articles_are_not_rechecked_at_all(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    site = fixture_server.site
    crawl(tmp_path, fixture_server)
    first_log = len(site.log)
    crawl(tmp_path, fixture_server)  # default window: 3 days; the fixture stories are from 2024
    assert not [url for url, _, _ in site.log[first_log:] if url in ARTICLE_URLS]


def test_a_new_article_in_a_feed_is_found_by_the_next_run(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    site = fixture_server.site
    crawl(tmp_path, fixture_server, "aljazeera")
    status, headers, feed = site.lookup(FEED)
    new_url = "https://www.aljazeera.net/news/2024/12/10/new-story"
    template = next(e for e in expected_articles() if e["story"] == "damascus-airport")
    _, page_headers, page = site.lookup(template["fetched_url"])
    page = page.replace(
        "توقف الرحلات في مطار دمشق".encode(), "استئناف الرحلات في مطار دمشق".encode()
    )
    page = page.replace(
        "أعلنت عدة شركات طيران عربية تعليق".encode(),
        "أعلنت هيئة الطيران المدني في العاصمة السورية اليوم الثلاثاء عودة الرحلات الداخلية بعد توقف استمر أسبوعين، وقالت إن".encode(),
    )
    page = page.replace(template["fetched_url"].encode(), new_url.encode())  # its own rel=canonical
    site.overrides[new_url] = (200, page_headers, page)
    item = f"<item><title>new</title><link>{new_url}</link></item>".encode()
    site.overrides[FEED] = (status, headers, feed.replace(b"</channel>", item + b"</channel>"))
    crawl(tmp_path, fixture_server, "aljazeera")
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        [(title,)] = conn.execute("SELECT title FROM articles WHERE url = ?", [new_url]).fetchall()
    assert title.startswith("استئناف الرحلات")


def test_an_article_its_publisher_took_down_stays_archived_and_is_marked_gone(
    tmp_path: Path,
) -> None:
    page = (
        "<html lang='ar'><head><meta charset='utf-8'><title>خبر {n}</title></head><body>"
        "<h1>خبر رقم {n} عن السيول في الجنوب</h1>"
        "<time datetime='2024-11-03T08:00:00+02:00'></time><article>"
        + "<p>قالت وزارة الصحة إن فرقها الميدانية وصلت إلى المناطق المتضررة من السيول ({n}).</p>"
        * 3
        + "</article></body></html>"
    )
    with serving(Site()) as site:
        site.pages["/"] = ("text/html", "<a href='/news/1.html'>1</a><a href='/news/2.html'>2</a>")
        for n in (1, 2):
            site.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", page.format(n=n))
        (tmp_path / "sources.toml").write_text(
            f'[sources.local]\nname = "local"\nstart_urls = ["{site.base}/"]\n'
            "article_url_pattern = '/news/'\ndownload_delay = 0\n",
            encoding="utf-8",
        )

        def gone(counted: int) -> dict[str, str | None]:
            """A crawl that re-checks every article: when each was seen gone."""
            said = arshif("crawl", "--recheck-days", "100000", cwd=tmp_path).stdout
            assert ("taken down 1," in said) == (counted == 1), said
            with sqlite3.connect(tmp_path / "archive.db") as conn:
                rows = conn.execute("SELECT url, gone_at, text FROM articles").fetchall()
                run = conn.execute("SELECT articles_gone FROM runs ORDER BY id DESC").fetchone()
            assert all(text for _, _, text in rows) and run == (counted,)
            return {url.rsplit("/", 1)[1]: when for url, when, _ in rows}

        assert gone(0) == {"1.html": None, "2.html": None}
        taken_down = site.pages.pop("/news/2.html")  # a 404 at its re-check
        marked = gone(1)
        assert marked["1.html"] is None and marked["2.html"] is not None
        for command in ("status", "stats"):  # counted apart, and still among the articles
            row = json.loads(arshif(command, "--json", cwd=tmp_path).stdout)[0]
            assert (row["articles"], row["gone"]) == (2, 1), command
        assert gone(0) == marked  # when it was first seen gone is kept
        site.pages["/news/2.html"] = taken_down  # back: no longer gone
        assert gone(0) == {"1.html": None, "2.html": None}


def test_an_article_that_now_leads_to_the_home_page_or_a_notice_is_marked_gone(
    tmp_path: Path,
) -> None:
    page = (
        "<html lang='ar'><head><meta charset='utf-8'><title>خبر {n}</title></head><body>"
        "<h1>خبر رقم {n} عن السيول في الجنوب</h1>"
        "<time datetime='2024-11-03T08:00:00+02:00'></time><article>{body}</article></body></html>"
    )
    story = "<p>قالت وزارة الصحة إن فرقها الميدانية وصلت إلى المناطق المتضررة من السيول ({n}).</p>"
    notice = "<p>عذرا، هذا الخبر لم يعد متاحا. ربما تم حذفه أو نقله إلى رابط آخر.</p>"
    with serving(Site()) as site:
        links = "".join(f"<a href='/news/{n}.html'>{n}</a>" for n in range(1, 14))
        site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
        for n in (1, 2, 3, 4, 6, 7, 8, 9, 10):
            site.pages[f"/news/{n}.html"] = (
                "text/html; charset=utf-8", page.format(n=n, body=story.format(n=n) * 3)
            )  # fmt: skip
        told = (
            "أعلنت الحكومة خطة لإعادة إعمار المناطق المتضررة خلال عامين بتمويل دولي.",
            "وقال وزير المالية إن الخطة تشمل الطرق والمدارس وشبكات المياه في الجنوب.",
            "وأكد البنك الدولي استعداده للمساهمة في تمويل المرحلة الأولى من المشروع.",
        )
        site.pages["/news/8.html"] = (
            "text/html; charset=utf-8", page.format(n=8, body="".join(f"<p>{t}</p>" for t in told))
        )  # fmt: skip
        long = told + (
            "وأوضح الوزير أن المرحلة الأولى تبدأ مطلع العام المقبل في المحافظات الجنوبية.",
            "ويتوقع خبراء أن توفر المشاريع آلاف فرص العمل للشباب في المناطق المتضررة.",
        )
        site.pages["/news/11.html"] = (
            "text/html; charset=utf-8", page.format(n=11, body="".join(f"<p>{t}</p>" for t in long))
        )  # fmt: skip
        for n in (12, 13):
            site.pages[f"/news/{n}.html"] = (
                "text/html; charset=utf-8", page.format(n=n, body=story.format(n=n) * 3)
            )  # fmt: skip
        # A link that always led to the article under another address: never taken down.
        site.pages["/news/5.html"] = ("redirect", f"{site.base}/2024/11/03/story-5/")
        site.pages["/2024/11/03/story-5/"] = (
            "text/html; charset=utf-8", page.format(n=5, body=story.format(n=5) * 3)
        )  # fmt: skip
        (tmp_path / "sources.toml").write_text(
            f'[sources.local]\nname = "local"\nstart_urls = ["{site.base}/"]\n'
            "article_url_pattern = '/news/'\ndownload_delay = 0\n",
            encoding="utf-8",
        )
        arshif("crawl", cwd=tmp_path)
        site.pages["/news/1.html"] = ("redirect", f"{site.base}/")  # to the home page
        site.pages["/news/2.html"] = ("text/html; charset=utf-8", page.format(n=2, body=notice))
        site.pages["/news/4.html"] = ("redirect", f"{site.base}/login?next=/news/4.html")
        site.pages["/login"] = ("text/html; charset=utf-8", page.format(n=0, body="<form></form>"))
        site.pages["/news/6.html"] = ("redirect", f"{site.base}/category/5/")  # to its section
        site.pages["/category/5/"] = ("text/html; charset=utf-8", page.format(n=0, body=TEASERS))
        # A notice no rule knows in the article's place: no version, its words recorded.
        site.pages["/news/8.html"] = (
            "text/html; charset=utf-8",
            page.format(n=8, body="<p>Nous sommes navrés : ce contenu a disparu.</p>"),
        )
        # Its lead above a wall no rule knows: no version of it, nor a take-down (shrunk).
        site.pages["/news/11.html"] = (
            "text/html; charset=utf-8",
            page.format(n=11, body=f"<p>{told[0]}</p><p>Réservé.</p>"),
        )
        # Moved, with its text, to addresses that look like listings: still the article.
        for n, moved in ((12, "/archives/4567"), (13, "/topics/reconstruction-plan")):
            site.pages[moved] = site.pages[f"/news/{n}.html"]
            site.pages[f"/news/{n}.html"] = ("redirect", f"{site.base}{moved}")
        # A new address of a few words, edited: the article read there, not a section.
        site.pages["/news/9.html"] = ("redirect", f"{site.base}/minister-resigns")
        site.pages["/minister-resigns"] = (
            "text/html; charset=utf-8", page.format(n=9, body=story.format(n=9) * 3 + "<p>تحديث.</p>")
        )  # fmt: skip
        # A listing at an address no rule knows (عربي21's): its text is not the article's.
        listing = "/stories/s/410/0/%D8%B9%D8%A7%D9%85/0"
        site.pages["/news/10.html"] = ("redirect", f"{site.base}{listing}")
        site.pages[listing] = ("text/html; charset=utf-8", page.format(n=0, body=TEASERS))
        # Moved to a new address the pattern does not name, and edited: the same article.
        site.pages["/news/7.html"] = (
            "redirect",
            f"{site.base}/minister-announces-wheat-plan-today",
        )
        edited = (
            story.format(n=7) * 2 + "<p>وأضافت الوزارة أن فرق الإنقاذ ما زالت تعمل في المنطقة.</p>"
        )
        site.pages["/minister-announces-wheat-plan-today"] = (
            "text/html; charset=utf-8", page.format(n=7, body=edited)
        )  # fmt: skip
        arshif("crawl", "--recheck-days", "100000", cwd=tmp_path)
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            rows = conn.execute("SELECT url, gone_at IS NOT NULL, version FROM articles").fetchall()
            kinds = {k for (k,) in conn.execute("SELECT kind FROM run_errors")}
            messages = " ".join(m for (m,) in conn.execute("SELECT message FROM run_errors"))
            named = conn.execute("SELECT url FROM run_errors WHERE kind = 'taken_down'").fetchall()
    # Each take-down is recorded under the article's address, not where a redirect ended.
    assert {url.rsplit("/", 1)[1] for (url,) in named} == {"1.html", "2.html", "6.html", "10.html"}
    gone = {url.rsplit("/", 1)[1]: (marked, version) for url, marked, version in rows}
    # Marked, and its text kept as it was (not the home page's, nor the notice).
    assert gone == {
        "1.html": (1, 1), "2.html": (1, 1), "3.html": (0, 1), "4.html": (0, 1), "5.html": (0, 1),
        "6.html": (1, 1), "7.html": (0, 2), "8.html": (0, 1), "9.html": (0, 2),
        "10.html": (1, 1), "11.html": (0, 1), "12.html": (0, 1), "13.html": (0, 1),
    }  # fmt: skip
    # the login page: no take-down, no text; the lead above a wall: kept as it was
    assert kinds == {"taken_down", "redirected", "shrunk"}
    assert "archived: Nous sommes navrés" in messages


def test_a_maintenance_page_neither_replaces_an_article_nor_marks_it_taken_down(
    tmp_path: Path,
) -> None:
    page = (
        "<html lang='ar'><head><meta charset='utf-8'><title>خبر</title></head><body>"
        "<h1>خبر عن السيول في الجنوب</h1><time datetime='2024-11-03T08:00:00+02:00'></time>"
        "<article>{}</article></body></html>"
    )
    story = "<p>قالت وزارة الصحة إن فرقها الميدانية وصلت إلى المناطق المتضررة من السيول.</p>" * 3
    down = "<p>الموقع تحت الصيانة حاليا، سنعود إليكم قريبا. نعتذر عن الإزعاج.</p>"
    with serving(Site()) as site:
        site.pages["/"] = ("text/html", "<a href='/news/1.html'>1</a>")
        site.pages["/news/1.html"] = ("text/html; charset=utf-8", page.format(story))
        (tmp_path / "sources.toml").write_text(
            f'[sources.local]\nname = "local"\nstart_urls = ["{site.base}/"]\n'
            "article_url_pattern = '/news/'\ndownload_delay = 0\n",
            encoding="utf-8",
        )
        arshif("crawl", cwd=tmp_path)
        site.pages["/news/1.html"] = ("text/html; charset=utf-8", page.format(down))
        arshif("crawl", "--recheck-days", "100000", cwd=tmp_path)
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            row = conn.execute("SELECT version, gone_at, text FROM articles").fetchone()
            kinds = [k for (k,) in conn.execute("SELECT kind FROM run_errors")]
    assert row[:2] == (1, None) and "السيول" in row[2]
    assert kinds == ["extract_maintenance"]


def test_the_lead_above_a_wall_is_kept_when_new_and_never_a_version_of_an_article(
    tmp_path: Path,
) -> None:
    """An archived article that now shows its first two paragraphs (over 300 characters)
    above a subscribers' notice keeps its text, version 1 (a wall recorded); a page walled
    from the start is archived as far as it shows, its lead. The notice is in no text."""
    page = (
        "<html lang='ar'><head><meta charset='utf-8'><title>خبر</title></head><body>"
        "<h1>خطة لإعادة إعمار المناطق المتضررة</h1><time datetime='2024-11-03T08:00:00+02:00'>"
        "</time><article>{}</article></body></html>"
    )
    told = [
        "أعلنت الحكومة خطة لإعادة إعمار المناطق المتضررة من السيول خلال عامين بتمويل دولي يشمل"
        " البنية التحتية والمساكن والمدارس في المحافظات الجنوبية.",
        "وقال وزير المالية إن الخطة تشمل الطرق والمدارس وشبكات المياه في الجنوب، وإن المرحلة"
        " الأولى منها تبدأ مطلع العام المقبل بعد استكمال الدراسات الفنية وطرح العطاءات.",
        "وأكد البنك الدولي استعداده للمساهمة في تمويل المرحلة الأولى من المشروع.",
        "ويتوقع خبراء أن توفر المشاريع آلاف فرص العمل للشباب في المناطق المتضررة.",
    ]
    wall = (
        "<div class='paywall'><p>هذا المحتوى مخصص للمشتركين فقط. اشترك الآن لمتابعة القراءة.</p>"
        "<a href='/subscribe'>اشترك الآن</a></div>"
    )
    lead = "".join(f"<p>{t}</p>" for t in told[:2])
    assert len("".join(told[:2])) > 300
    with serving(Site()) as site:
        site.pages["/"] = ("text/html", "<a href='/news/1.html'>1</a><a href='/news/2.html'>2</a>")
        site.pages["/news/1.html"] = (
            "text/html; charset=utf-8", page.format("".join(f"<p>{t}</p>" for t in told))
        )  # fmt: skip
        site.pages["/news/2.html"] = ("text/html; charset=utf-8", page.format(lead + wall))
        _local_source(tmp_path, site.base)
        arshif("crawl", cwd=tmp_path)
        site.pages["/news/1.html"] = ("text/html; charset=utf-8", page.format(lead + wall))
        arshif("crawl", "--recheck-days", "100000", cwd=tmp_path)
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            rows = conn.execute("SELECT url, version, gone_at, text FROM articles").fetchall()
            marked = dict(conn.execute("SELECT url, walled FROM articles").fetchall())
            kinds = conn.execute("SELECT url, kind FROM run_errors").fetchall()
            first = conn.execute("SELECT COUNT(*) FROM run_errors WHERE run_id = 1").fetchone()
            versions = conn.execute("SELECT COUNT(*) FROM article_versions").fetchone()[0]
        # The wall comes down: the whole story is a version, and the lead is marked as one.
        site.pages["/news/2.html"] = (
            "text/html; charset=utf-8", page.format("".join(f"<p>{t}</p>" for t in told))
        )  # fmt: skip
        arshif("crawl", "--recheck-days", "100000", cwd=tmp_path)
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            whole = conn.execute(
                "SELECT version, walled, text FROM articles WHERE url LIKE '%/2.html'"
            ).fetchone()
            lead_kept = conn.execute(
                "SELECT version, walled, text FROM article_versions"
            ).fetchall()
    texts = {url.rsplit("/", 1)[1]: (v, g, text) for url, v, g, text in rows}
    assert texts == {
        "1.html": (1, None, "\n".join(told)), "2.html": (1, None, "\n".join(told[:2]))
    }  # fmt: skip
    assert {url.rsplit("/", 1)[1]: w for url, w in marked.items()} == {"1.html": 0, "2.html": 1}
    assert versions == 0
    assert first == (0,)  # the lead of a page walled from the start is an article
    assert sorted((url.rsplit("/", 1)[1], kind) for url, kind in kinds) == [
        ("1.html", "extract_paywall"), ("2.html", "extract_paywall")
    ]  # fmt: skip
    assert whole == (2, 0, "\n".join(told))
    assert lead_kept == [(1, 1, "\n".join(told[:2]))]


SITE_PAGE = (
    "<html lang='ar'><head><meta charset='utf-8'><title>خبر {n}</title></head><body>"
    "<h1>خبر رقم {n} عن السيول في الجنوب</h1>"
    "<time datetime='2024-11-03T08:00:00+02:00'></time><article>"
    + "<p>قالت وزارة الصحة إن فرقها الميدانية وصلت إلى المناطق المتضررة من السيول ({n}).</p>" * 3
    + "</article></body></html>"
)


def _local_source(tmp_path: Path, base: str) -> None:
    (tmp_path / "sources.toml").write_text(
        f'[sources.local]\nname = "local"\nstart_urls = ["{base}/"]\n'
        "article_url_pattern = '/news/'\ndownload_delay = 0\n",
        encoding="utf-8",
    )


def _crawled(tmp_path: Path, site: Site, count: int) -> None:
    """A site of `count` articles, /news/1.html on, linked from its home page: crawled once."""
    links = "".join(f"<a href='/news/{n}.html'>{n}</a>" for n in range(1, count + 1))
    site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
    for n in range(1, count + 1):
        site.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", SITE_PAGE.format(n=n))
    _local_source(tmp_path, site.base)
    arshif("crawl", cwd=tmp_path)


def _saying(title: str, body: str) -> tuple[str, str]:
    """A page of the site's template whose article says only body."""
    page = SITE_PAGE.format(n=title)
    return (
        "text/html; charset=utf-8",
        page.replace(page.split("<article>")[1].split("</article>")[0], body),
    )


@pytest.mark.parametrize("down", ["redirect", "broken"])
def test_a_site_that_answers_every_recheck_as_gone_marks_none_of_its_articles_gone(
    tmp_path: Path, down: str
) -> None:
    """Down for maintenance, every page sent home; or broken, every page a 404."""
    with serving(Site()) as site:
        links = "".join(f"<a href='/news/{n}.html'>{n}</a>" for n in range(1, 6))
        site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
        articles = {
            f"/news/{n}.html": ("text/html; charset=utf-8", SITE_PAGE.format(n=n))
            for n in range(1, 6)
        }
        site.pages.update(articles)
        _local_source(tmp_path, site.base)
        arshif("crawl", cwd=tmp_path)
        home = site.pages["/"]
        for path in articles:
            if down == "redirect":
                site.pages[path] = ("redirect", f"{site.base}/")
            else:
                del site.pages[path]
        if down == "broken":
            del site.pages["/"]
        # (a broken site's run fails: no discovery page answered)
        said = arshif("crawl", "--recheck-days", "100000", cwd=tmp_path, check=False).stdout
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            marked = conn.execute("SELECT COUNT(*) FROM articles WHERE gone_at IS NOT NULL")
            site_gone = conn.execute("SELECT COUNT(*) FROM run_errors WHERE kind = 'site_gone'")
            assert (marked.fetchone()[0], site_gone.fetchone()[0]) == (0, 1)
        assert "none marked gone" in said and "taken down" not in said.split(" — ")[1], said
        site.pages.update(articles, **{"/": home})
        site.pages.pop("/news/5.html")  # back, but for one article its publisher took down
        said = arshif("crawl", "--recheck-days", "100000", cwd=tmp_path).stdout
        assert "taken down 1," in said, said


def test_a_new_link_that_leads_to_a_section_or_the_home_page_is_no_article(
    tmp_path: Path,
) -> None:
    with serving(Site()) as site:
        links = "".join(f"<a href='/news/{n}.html'>{n}</a>" for n in (1, 2, 3, 4, 5, 6))
        site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
        site.pages["/news/5.html"] = ("redirect", f"{site.base}/category/local-news/")
        site.pages["/category/local-news/"] = site.pages["/sport/"] = (
            "text/html; charset=utf-8", SITE_PAGE.format(n="محليات")
        )  # fmt: skip
        site.pages["/news/6.html"] = ("redirect", f"{site.base}/ar/akhbar/local")
        site.pages["/ar/akhbar/local"] = site.pages["/category/local-news/"]
        site.pages["/news/1.html"] = ("text/html; charset=utf-8", SITE_PAGE.format(n=1))
        site.pages["/news/2.html"] = ("redirect", f"{site.base}/sport/")
        site.pages["/sport/"] = ("text/html; charset=utf-8", SITE_PAGE.format(n="الرياضة"))
        site.pages["/news/3.html"] = ("redirect", f"{site.base}/")
        site.pages["/news/4.html"] = ("redirect", f"{site.base}/account/login?next=4")
        site.pages["/account/login"] = ("text/html; charset=utf-8", SITE_PAGE.format(n="دخول"))
        _local_source(tmp_path, site.base)
        arshif("crawl", cwd=tmp_path)
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            urls = [u for (u,) in conn.execute("SELECT url FROM articles")]
            kinds = [k for (k,) in conn.execute("SELECT kind FROM run_errors")]
        assert [u.rsplit("/", 1)[1] for u in urls] == ["1.html"]
        assert kinds == ["redirected"] * 5
        site.pages["/news/2.html"] = ("text/html; charset=utf-8", SITE_PAGE.format(n=2))
        arshif("crawl", cwd=tmp_path)  # published after all: the next run archives it
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            assert conn.execute("SELECT COUNT(*) FROM articles").fetchone() == (2,)


@pytest.mark.parametrize(
    ("landed", "home", "section"),
    [
        ("/", True, False), ("/index.php", True, False), ("/Default.aspx?lang=ar", True, False),
        ("/index.php?Itemid=101", True, False), ("/sport/", False, True),
        ("/news/local", False, True), ("/قسم/محليات", False, True),
        ("/?p=4567", False, False), ("/index.php?option=com_content&id=4567", False, False),
        ("/minister-resigns", False, False), ("/news/oil-prices-surge", False, False),
        ("/archives/4567", False, False), ("/category/5/", False, True),
        ("/tag/oil-prices/", False, True), ("/ar/news/local", False, True),
        ("/archive/2024/05/", False, True), ("/?post=slug", False, False),
        ("/index.php?option=com_k2&view=item&id=1:floods&Itemid=45", False, False),
        ("/login?next=/news/1.html", False, False),
        ("/ar/", True, False), ("/fr/index.html", True, False), ("/index.php?ref=rss", True, False),
        ("/404", True, False), ("/page-introuvable.html", True, False),
        ("/gallery/404/floods", False, False), ("/?nocache=1717171701", True, False),
        ("/index.php?option=com_content&view=featured&Itemid=101", True, False),
        ("/default.aspx?NewsID=3f2504e0-4f89-11d3-9a0c-0305e82c3301", False, False),
        ("/topics/floods-reach-the-south", False, False),
        ("/authors/jane-doe/why-the-budget-matters", False, False),
        ("/?q=node/456", False, False), ("/index.php?art=456", False, False),
        ("/?_=1717171701000", True, False),
        ("/?m=1", True, False), ("/?error=404", True, False), ("/?page=1", True, False),
        ("/tv/", False, True), ("/en-gb/", True, False), ("/tv/news/", False, True),
        ("/index.php?option=com_users&view=login&return=aW5kZXg=", False, False),
    ],
)  # fmt: skip
def test_a_redirect_to_the_home_page_or_a_section_is_told_by_its_address(
    tmp_path: Path, landed: str, home: bool, section: bool
) -> None:
    """(Any other address is judged by its text.)"""
    from crawler.items import FetchedPage
    from crawler.landing import a_section, sent_home
    from crawler.sources import load_sources

    _local_source(tmp_path, "https://news.example")
    source = load_sources(tmp_path / "sources.toml")["local"]
    page = FetchedPage(
        "https://news.example/news/1.html", f"https://news.example{landed}", 200, {}, b"",
        requested="https://news.example/news/1.html",
    )  # fmt: skip
    assert (sent_home(page, source), a_section(page, source)) == (home, section)


@pytest.mark.parametrize(
    ("landed", "passing_"),
    [
        ("/login?next=/news/1", True), ("/user/sign-in", True), ("/my-account/", True),
        ("https://consent.news.example/", True), ("/author/john-smith", False),
        ("/accountability-office-report", False), ("/minister-resigning-today", False),
        ("/authorities-close-road", False), ("/wp-login.php?redirect_to=x", True),
        ("/users/sign_in", True), ("/2024/05/consent-decree-signed", False),
        ("/2024/05/bridge-maintenance-delayed", False),
        ("/abonnement?origin=/news/1.html", True), ("/subscribe/", True),
        ("/%D8%A7%D8%B4%D8%AA%D8%B1%D8%A7%D9%83?origin=1", True), ("/subscription-offers", True),
        ("/offres-abonnement/", True), ("/2024/05/oil-offers-rise", False),
        ("/2024/05/subscribe-to-democracy", False), ("/story/netflix-subscriptions-rise", False),
        ("/2024/05/%D9%88%D8%B2%D9%8A%D8%B1-%D8%A7%D8%B4%D8%AA%D8%B1%D9%83-%D9%81%D9%8A", False),
        ("https://abonnement.news.example/?origin=/news/1", True),
        ("https://subscribe.news.example/", True), ("https://id.news.example/?x=1", True),
        ("/index.php?option=com_users&view=login&return=aW5kZXg=", True),
        ("/?task=user.login", True), ("/register?returnUrl=%2Fnews%2F1", True),
        ("/subscribe-now", True), ("/ar/%D8%A7%D9%84%D8%A7%D8%B4%D8%AA%D8%B1%D8%A7%D9%83%D8%A7%D8%AA", True),
        ("/ar/%D8%A7%D8%B4%D8%AA%D8%B1%D9%83-%D8%A7%D9%84%D8%A2%D9%86", True),
        ("/now", False), ("/search?title=how-to-register-to-vote", False),
        ("/search?q=how-to-register", False),
        ("https://www.news.example/2024/05/id-cards-renewed", False),
    ],
)  # fmt: skip
def test_a_login_or_consent_page_is_told_by_a_word_of_its_address(
    landed: str, passing_: bool
) -> None:
    from crawler.landing import passing

    assert passing(landed) is passing_


def test_old_articles_purged_while_the_site_answers_are_all_marked_gone(tmp_path: Path) -> None:
    with serving(Site()) as site:
        _crawled(tmp_path, site, 5)
        for n in range(1, 6):  # a purge of the archive: 404s, the home page as ever
            del site.pages[f"/news/{n}.html"]
        said = arshif("crawl", "--recheck-days", "100000", cwd=tmp_path).stdout
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            marked = conn.execute("SELECT COUNT(*) FROM articles WHERE gone_at IS NOT NULL")
            assert marked.fetchone() == (5,)
        assert "taken down 5," in said, said


def test_articles_marked_gone_before_do_not_make_a_new_take_down_look_like_the_sites_trouble(
    tmp_path: Path,
) -> None:
    from datetime import UTC, datetime, timedelta

    recent = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%dT08:00:00+00:00")
    with serving(Site()) as site:

        def page(n: int, when: str) -> tuple[str, str]:
            body = SITE_PAGE.format(n=n).replace("2024-11-03T08:00:00+02:00", when)
            return ("text/html; charset=utf-8", body)

        def link(*numbers: int) -> None:
            links = "".join(f"<a href='/news/{n}.html'>{n}</a>" for n in numbers)
            site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")

        for n in range(1, 7):  # published yesterday: re-checked by --recheck-days 10
            site.pages[f"/news/{n}.html"] = page(n, recent)
        link(*range(1, 7))
        _local_source(tmp_path, site.base)
        arshif("crawl", cwd=tmp_path)
        for n in range(1, 6):  # taken down, sent home, beside new articles of long ago
            site.pages[f"/news/{n}.html"] = ("redirect", f"{site.base}/")
        for n in range(7, 13):
            site.pages[f"/news/{n}.html"] = page(n, "2020-01-01T08:00:00+00:00")
        link(*range(1, 13))
        said = arshif("crawl", "--recheck-days", "10", cwd=tmp_path).stdout
        assert "taken down 5," in said, said
        # One more sent home: the five asked again are gone already, the new one is marked.
        site.pages["/news/6.html"] = ("redirect", f"{site.base}/")
        said = arshif("crawl", "--recheck-days", "10", cwd=tmp_path).stdout
        assert "taken down 1," in said and "none marked gone" not in said, said


def test_articles_sent_to_a_subscription_offer_are_not_taken_down(tmp_path: Path) -> None:
    with serving(Site()) as site:
        _crawled(tmp_path, site, 4)
        offer = _saying(
            "عرض",
            "<p>Accès illimité à tous nos articles pour 1 € le premier mois, sans engagement.</p>",
        )
        for n in range(1, 4):  # the site went premium: each page sent to its offer
            site.pages[f"/news/{n}.html"] = ("redirect", f"{site.base}/abonnement?origin={n}")
        site.pages["/abonnement"] = site.pages["/promo-2024"] = offer
        site.pages["/news/4.html"] = ("redirect", f"{site.base}/promo-2024")  # no word for it
        arshif("crawl", "--recheck-days", "100000", cwd=tmp_path)
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            rows = conn.execute("SELECT gone_at, version FROM articles").fetchall()
            kinds = sorted(k for (k,) in conn.execute("SELECT kind FROM run_errors"))
    assert rows == [(None, 1)] * 4  # neither marked nor rewritten
    assert kinds == ["redirected"] * 3 + ["shrunk"]


def test_articles_deleted_to_listings_on_one_path_are_taken_down(
    tmp_path: Path,
) -> None:
    """Each sent to a page of its own (the query names it): not one address, not the site."""
    with serving(Site()) as site:
        _crawled(tmp_path, site, 5)
        site.pages["/index.php"] = _saying("قسم", TEASERS)
        for n in (1, 2, 3, 4):  # to their categories' listings, on one path
            site.pages[f"/news/{n}.html"] = (
                "redirect", f"{site.base}/index.php?option=com_content&view=category&id={n + 4}"
            )  # fmt: skip
        said = arshif("crawl", "--recheck-days", "100000", cwd=tmp_path).stdout
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            rows = dict(conn.execute("SELECT url, gone_at IS NOT NULL FROM articles"))
    assert [rows[f"{site.base}/news/{n}.html"] for n in range(1, 6)] == [1, 1, 1, 1, 0]
    assert "taken down 4," in said and "none marked gone" not in said, said


RATES = "".join(
    f"<p>The central bank raised its main interest rate by half a point on Thursday ({i}), "
    "citing inflation that has stayed above its target for more than a year.</p>"
    for i in range(4)
)


def _marked(tmp_path: Path) -> dict[str, bool]:
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        rows = conn.execute("SELECT url, gone_at IS NOT NULL FROM articles").fetchall()
    return {url.split("/", 3)[3]: bool(gone) for url, gone in rows}


def test_a_recheck_sent_to_another_story_marks_it_gone_and_that_story_keeps_its_address(
    tmp_path: Path,
) -> None:
    """Both are article addresses: the story landed on is judged by its text, and archived
    under its own address when its own link comes (never as the removed one's)."""
    with serving(Site()) as site:
        _crawled(tmp_path, site, 2)
        site.pages["/news/9.html"] = _saying("الفائدة", RATES)
        site.pages["/news/1.html"] = ("redirect", f"{site.base}/news/9.html")
        said = arshif("crawl", "--recheck-days", "100000", cwd=tmp_path).stdout
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            taken = conn.execute(
                "SELECT url FROM articles WHERE fetched_url LIKE '%/news/1.html'"
            ).fetchall()
    assert _marked(tmp_path) == {"news/1.html": True, "news/2.html": False}, said
    assert [url for (url,) in taken] == [f"{site.base}/news/1.html"]


def _mapped(site: Site, lastmods: dict[int, str]) -> None:
    """The site's sitemap: its articles /news/N.html at these change dates."""
    urls = "".join(
        f"<url><loc>{site.base}/news/{n}.html</loc><lastmod>{stamp}</lastmod></url>"
        for n, stamp in lastmods.items()
    )
    site.pages["/sitemap.xml"] = (
        "application/xml",
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>',
    )


def _now_stamp() -> str:
    time.sleep(1.1)  # (a second later than anything the archive wrote before)
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def test_a_retracted_article_is_marked_gone_and_not_fetched_again_for_its_moved_date(
    tmp_path: Path,
) -> None:
    """A retraction's notice in the article's place, its sitemap date moved: the row is
    marked gone, its text kept; the date is read and the answer is its fetch time, so the
    next runs do not fetch it again; a later date (the article restored) has it back."""
    with serving(Site()) as site:
        links = "".join(f"<a href='/news/{n}.html'>{n}</a>" for n in (1, 2))
        site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
        for n in (1, 2):
            site.pages[f"/news/{n}.html"] = ("text/html; charset=utf-8", SITE_PAGE.format(n=n))
        first = "2024-11-03T08:00:00+02:00"
        _mapped(site, {1: first, 2: first})
        (tmp_path / "sources.toml").write_text(
            f'[sources.local]\nname = "local"\nstart_urls = ["{site.base}/"]\n'
            f'sitemaps = ["{site.base}/sitemap.xml"]\n'
            "article_url_pattern = '/news/'\ndownload_delay = 0\n",
            encoding="utf-8",
        )
        arshif("crawl", cwd=tmp_path)
        article = site.pages["/news/1.html"]
        site.pages["/news/1.html"] = _saying("1", "<p>تم سحب هذا المقال</p>")
        _mapped(site, {1: _now_stamp(), 2: first})
        said = arshif("crawl", cwd=tmp_path).stdout
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            kept, fetched, first_seen = conn.execute(
                "SELECT text, fetched_at, first_seen_at FROM articles WHERE url LIKE '%/1.html'"
            ).fetchone()
        assert _marked(tmp_path) == {"news/1.html": True, "news/2.html": False}, said
        assert "وزارة الصحة" in kept and fetched > first_seen
        asked = len(site.hits)
        arshif("crawl", cwd=tmp_path)
        assert "/news/1.html" not in site.hits[asked:]
        site.pages["/news/1.html"] = article  # restored, its date moved again
        _mapped(site, {1: _now_stamp(), 2: first})
        arshif("crawl", cwd=tmp_path)
    assert _marked(tmp_path) == {"news/1.html": False, "news/2.html": False}


class _ErrorsOnly:
    """An archive that takes a run's errors and nothing else (hashable, as the real one)."""

    def record_error(self, *args: object) -> None:
        pass


@pytest.mark.parametrize(
    ("kind", "read"),
    [("extract_paywall", True), ("extract_no_text", True), ("shrunk", True),
     ("extract_timeout", False), ("extract_crashed", False), ("extract_error", False),
     ("extract_parse_error", False), ("extract_server_error", False),
     ("extract_blocked", False), ("extract_maintenance", False)],
)  # fmt: skip
def test_a_recheck_our_extraction_failed_on_leaves_its_moved_date_to_be_asked_again(
    kind: str, read: bool
) -> None:
    """A re-check asked because its sitemap date moved reads that date only when the page
    answered with nothing to keep (a wall, no text, a short page); one our own worker failed
    on (a timeout, a crash), or the site's trouble (a script that died mid-page, a bot
    check), leaves it unread: the edit is asked again on the next run."""
    crawler = get_crawler()
    crawler.spider = SimpleNamespace()
    run = SimpleNamespace(archive=_ErrorsOnly(), run_id=1)
    recorder = RunRecorder(crawler, run)  # type: ignore[arg-type]
    url = "https://site.com/news/5"
    meta = {"canonical": url, "archived_id": 7, "signal": "2026-12-05T10:00:00Z"}
    recorder.request_reached(Request(url, meta=meta), None)
    recorder.page_error(url, kind, "…", key=url)
    assert bool(recorder.batch.checked) is read
    assert bool(recorder.batch.signals) is read


def test_a_not_found_page_with_the_latest_news_in_an_articles_place_marks_it_gone(
    tmp_path: Path,
) -> None:
    apology = "<p>عذرا، الصفحة التي تبحث عنها غير موجودة. ربما تم حذفها أو تغيير عنوانها.</p>"
    with serving(Site()) as site:
        _crawled(tmp_path, site, 2)
        title, body = _saying("x", apology + TEASERS * 2)
        site.pages["/news/1.html"] = (title, body.replace("خبر x", "الصفحة غير موجودة"))
        said = arshif("crawl", "--recheck-days", "100000", cwd=tmp_path).stdout
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            versions = conn.execute("SELECT MAX(version) FROM articles").fetchone()
    assert _marked(tmp_path) == {"news/1.html": True, "news/2.html": False}, said
    assert versions == (1,)  # the page in its place is no version of it


def test_articles_all_sent_to_their_editions_home_pages_are_the_sites_trouble(
    tmp_path: Path,
) -> None:
    with serving(Site()) as site:
        for lang in ("ar", "en"):
            links = "".join(f"<a href='/{lang}/news/{n}.html'>{n}</a>" for n in range(1, 4))
            site.pages[f"/{lang}/"] = ("text/html", f"<html><body>{links}</body></html>")
            for n in range(1, 4):
                site.pages[f"/{lang}/news/{n}.html"] = _saying(f"{lang}{n}", RATES)
        (tmp_path / "sources.toml").write_text(
            f'[sources.local]\nname = "local"\nstart_urls = ["{site.base}/ar/", '
            f"\"{site.base}/en/\"]\narticle_url_pattern = '/news/'\ndownload_delay = 0\n",
            encoding="utf-8",
        )
        arshif("crawl", cwd=tmp_path)
        for lang in ("ar", "en"):
            for n in range(1, 4):
                site.pages[f"/{lang}/news/{n}.html"] = ("redirect", f"{site.base}/{lang}/")
        said = arshif("crawl", "--recheck-days", "100000", cwd=tmp_path).stdout
    assert not any(_marked(tmp_path).values()) and "none marked gone" in said, said


def test_a_404_among_articles_all_sent_home_is_marked_and_they_are_not(tmp_path: Path) -> None:
    with serving(Site()) as site:
        _crawled(tmp_path, site, 6)
        for n in range(1, 6):  # the site's trouble
            site.pages[f"/news/{n}.html"] = ("redirect", f"{site.base}/")
        del site.pages["/news/6.html"]  # and one deleted for real
        said = arshif("crawl", "--recheck-days", "100000", cwd=tmp_path).stdout
    marked = _marked(tmp_path)
    assert [marked[f"news/{n}.html"] for n in range(1, 7)] == [False] * 5 + [True], said
    assert "those not marked gone, 1 more marked" in said, said


def test_take_downs_beside_articles_now_behind_a_login_are_not_the_sites_trouble(
    tmp_path: Path,
) -> None:
    """A page sent to sign in answered all the same: three deleted stories sent home among
    eight that are there, behind a login, are three of eleven heard from."""
    with serving(Site()) as site:
        _crawled(tmp_path, site, 11)
        for n in (1, 2, 3):
            site.pages[f"/news/{n}.html"] = ("redirect", f"{site.base}/")
        site.pages["/login"] = ("text/html", "<html><body><form></form></body></html>")
        for n in range(4, 12):
            site.pages[f"/news/{n}.html"] = ("redirect", f"{site.base}/login?next=/news/{n}")
        said = arshif("crawl", "--recheck-days", "100000", cwd=tmp_path).stdout
    marked = _marked(tmp_path)
    assert [n for n in range(1, 12) if marked[f"news/{n}.html"]] == [1, 2, 3], said


def test_recheck_days_past_the_calendar_rechecks_every_article(tmp_path: Path) -> None:
    """ "Everything": a number of days that reaches past year 1 is all the archive."""
    with serving(Site()) as site:
        _crawled(tmp_path, site, 3)
        said = arshif("crawl", "--recheck-days", "1e12", cwd=tmp_path).stdout
    assert " ok — pages 4, new 0, updated 0, unchanged 3," in said, said


def test_a_recheck_that_finds_the_byline_changed_and_the_text_not_corrects_the_authors(
    tmp_path: Path,
) -> None:
    """A writer added to the byline, the text as it was: the row names both, with no version
    (as a corrected date). A later re-check whose page names no one leaves them."""
    with serving(Site()) as site:
        site.pages["/"] = ("text/html", "<html><body><a href='/news/1.html'>1</a></body></html>")
        _bylined(site, "سعاد الخطيب")
        _local_source(tmp_path, site.base)
        arshif("crawl", cwd=tmp_path)
        first = _authors_and_version(tmp_path)
        _bylined(site, "سعاد الخطيب وعمر النجار")
        said = arshif("crawl", "--recheck-days", "100000", cwd=tmp_path).stdout
        corrected = _authors_and_version(tmp_path)
        site.pages["/news/1.html"] = ("text/html; charset=utf-8", SITE_PAGE.format(n=1))
        arshif("crawl", "--recheck-days", "100000", cwd=tmp_path)
        unsigned = _authors_and_version(tmp_path)
    assert first == (["سعاد الخطيب"], 1)
    assert corrected == (["سعاد الخطيب", "عمر النجار"], 1), said
    assert unsigned == corrected
    assert "updated 0, unchanged 1" in said, said


def _authors_and_version(tmp_path: Path) -> tuple[list[str], int]:
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        authors, version = conn.execute("SELECT authors, version FROM articles").fetchone()
    return json.loads(authors), version


def _bylined(site: Site, byline: str) -> None:
    """The site's first article, its byline saying who wrote it above the text."""
    page = SITE_PAGE.format(n=1).replace(
        "<article>", f"<p class='byline'>بقلم: {byline}</p><article>"
    )
    site.pages["/news/1.html"] = ("text/html; charset=utf-8", page)


def test_a_short_storys_lead_above_a_wall_is_no_version_of_it(tmp_path: Path) -> None:
    """The lead is over a quarter of a short story: the wall's notice that ends it says the
    rest is held back (a wall's notice, recorded as the wall it is)."""
    told = [
        f"<p>قالت وزارة الصحة إن فرقها الميدانية وصلت إلى المناطق المتضررة ({k}) من السيول في"
        " الجنوب، وبدأت توزيع المياه والأدوية على العائلات التي فقدت منازلها.</p>"
        for k in range(4)
    ]
    with serving(Site()) as site:
        _crawled(tmp_path, site, 1)
        site.pages["/news/1.html"] = _saying("1", "".join(told))
        arshif("crawl", "--recheck-days", "100000", cwd=tmp_path)  # the story, as it was
        wall = "<p>This article is reserved for subscribers. Subscribe to continue reading.</p>"
        site.pages["/news/1.html"] = _saying("1", told[0] + wall)
        said = arshif("crawl", "--recheck-days", "100000", cwd=tmp_path).stdout
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            text = conn.execute("SELECT text FROM articles").fetchone()[0]
    assert "subscribers" not in text and text.count("\n") == 3, said
    assert '"extract_paywall": 1' in said, said


def _page_titled(title: str, body: str) -> tuple[str, str]:
    """A page of the site's template under another headline, saying body."""
    kind, page = _saying("x", body)
    return kind, page.replace("خبر رقم x عن السيول في الجنوب", title).replace("خبر x", title)


def test_a_listing_served_at_an_articles_own_address_marks_it_gone_and_is_no_version(
    tmp_path: Path,
) -> None:
    with serving(Site()) as site:
        _crawled(tmp_path, site, 3)
        site.pages["/news/1.html"] = _page_titled("أخبار محلية", TEASERS * 2)
        # Edited under a new headline, its text kept: a version.
        kind, page = site.pages["/news/2.html"]
        edited = page.replace("خبر رقم 2 عن السيول في الجنوب", "ارتفاع منسوب المياه يغمر القرى")
        site.pages["/news/2.html"] = (kind, edited.replace("</article>", "<p>تحديث.</p></article>"))
        said = arshif("crawl", "--recheck-days", "100000", cwd=tmp_path).stdout
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            versions = dict(conn.execute("SELECT substr(url, -11), version FROM articles"))
    assert _marked(tmp_path) == {"news/1.html": True, "news/2.html": False, "news/3.html": False}
    assert versions == {"news/1.html": 1, "news/2.html": 2, "news/3.html": 1}, said


def test_the_home_page_served_at_every_article_address_is_the_sites_trouble(
    tmp_path: Path,
) -> None:
    with serving(Site()) as site:
        _crawled(tmp_path, site, 4)
        for n in range(1, 5):
            site.pages[f"/news/{n}.html"] = _page_titled("الرئيسية", TEASERS * 2)
        said = arshif("crawl", "--recheck-days", "100000", cwd=tmp_path).stdout
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            versions = conn.execute("SELECT MAX(version) FROM articles").fetchone()
    assert not any(_marked(tmp_path).values()) and "none marked gone" in said, said
    assert versions == (1,)


def test_a_developing_story_rewritten_under_a_new_headline_is_a_version(tmp_path: Path) -> None:
    """New headline, new text, at its own address: the publisher's edit (it links none of
    its paragraphs, as a listing's teasers are linked)."""
    flash = (
        "<p>A loud explosion was heard across central Beirut on Tuesday afternoon, witnesses"
        " said, and a large plume of smoke rose over the city.</p><p>Residents reported windows"
        " shaking kilometres away. There was no word yet on casualties or on the cause.</p>"
    )
    full = (
        "<p>At least 78 people were killed and thousands wounded when a massive blast tore"
        " through the port of the Lebanese capital, officials said, flattening warehouses.</p>"
        "<p>The health minister said hospitals were overwhelmed. The prime minister promised"
        " that those responsible would pay the price, and declared a day of mourning.</p>"
    )
    with serving(Site()) as site:
        _crawled(tmp_path, site, 1)
        site.pages["/news/1.html"] = _page_titled("Explosion heard in central Beirut", flash)
        arshif("crawl", "--recheck-days", "100000", cwd=tmp_path)
        title = "Dozens killed as huge blast rips through Beirut port"
        site.pages["/news/1.html"] = _page_titled(title, full)
        said = arshif("crawl", "--recheck-days", "100000", cwd=tmp_path).stdout
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            row = conn.execute("SELECT gone_at, version, title FROM articles").fetchone()
    assert row == (None, 3, title), said


def test_new_links_sent_home_with_the_archived_ones_leave_it_the_sites_trouble(
    tmp_path: Path,
) -> None:
    """A new link's answer says nothing of the archive: only re-checks are heard from."""
    with serving(Site()) as site:
        _crawled(tmp_path, site, 5)
        links = "".join(f"<a href='/news/{n}.html'>{n}</a>" for n in range(1, 11))
        site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
        for n in range(1, 11):  # every article page, archived or new, sent home
            site.pages[f"/news/{n}.html"] = ("redirect", f"{site.base}/")
        said = arshif("crawl", "--recheck-days", "100000", cwd=tmp_path).stdout
    assert not any(_marked(tmp_path).values()) and "none marked gone" in said, said


def test_a_site_gone_down_is_left_after_a_few_requests_find_no_server(tmp_path: Path) -> None:
    """Twelve articles due for a re-check on a site that no longer answers: each waited out
    its retries (twenty made a scheduled run of ~48 s); now the run stops after a few and
    the rest wait for the next run, which asks again."""
    with serving(Site()) as site:
        _crawled(tmp_path, site, 12)
    result = arshif(
        "crawl", "--recheck-days", "100000", cwd=tmp_path, check=False,
        env={"ARSHIF_RETRY_BACKOFF": "0.05"},
    )  # fmt: skip
    assert result.returncode == 1
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        kinds = [k for (k,) in conn.execute("SELECT kind FROM run_errors WHERE run_id = 2")]
        status = conn.execute("SELECT status, stop_reason FROM runs WHERE id = 2").fetchone()
        marked = conn.execute("SELECT COUNT(*) FROM articles WHERE gone_at IS NOT NULL")
        assert marked.fetchone() == (0,)
    assert status == ("failed", "nothing_fetched")
    assert kinds.count("host_down") == 1
    assert kinds.count("connection_refused") < 10  # not the twelve


def test_articles_deleted_to_a_listing_without_text_or_unavailable_for_legal_reasons_are_marked(
    tmp_path: Path,
) -> None:
    """A 451, a redirect to a section whose listing holds no text, a listing of links alone
    at the article's own address under another title: taken down. The article's own page
    with its text gone missing (a template that broke) is not."""
    headlines = (
        "الحكومة تقر الموازنة العامة للعام المقبل",
        "ارتفاع أسعار الذهب في الأسواق",
        "افتتاح معرض الكتاب الدولي بمشاركة واسعة",
        "منتخب الشباب يتأهل إلى النهائي",
    )
    links = "".join(f"<li><a href='/x/{k}'>{h}</a></li>" for k, h in enumerate(headlines))
    with serving(Site()) as site:
        _crawled(tmp_path, site, 8)
        site.pages["/section/politics"] = _page_titled("سياسة", f"<ul>{links}</ul>")
        site.pages["/news/1.html"] = ("status 451", "<h1>غير متاح لأسباب قانونية</h1>")
        site.pages["/news/2.html"] = ("redirect", f"{site.base}/section/politics")
        site.pages["/news/3.html"] = _page_titled("أخبار محلية", f"<ul>{links}</ul>")
        site.pages["/news/4.html"] = _saying("4", "")
        said = arshif("crawl", "--recheck-days", "100000", cwd=tmp_path).stdout
    marked = _marked(tmp_path)
    assert [marked[f"news/{n}.html"] for n in range(1, 9)] == [True] * 3 + [False] * 5, said
