"""An archived article its publisher moved to a new address (a headline edit that changed
the slug, the old address now a 301 to the new): one article, its row at the new address,
the edit a version of it, the old address known as its alias."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import arshif
from tests.localsite import Site, serving

PAGE = (
    "<html lang='ar'><head><meta charset='utf-8'><title>{title}</title></head><body>"
    "<nav><a href='/'>الرئيسية</a></nav><h1>{title}</h1>"
    "<time datetime='2024-11-03T08:00:00+02:00'></time><article>{body}</article></body></html>"
)
PARAGRAPHS = [
    "قالت وزارة الصحة إن فرقها الميدانية وصلت إلى المناطق المتضررة من السيول في الجنوب.",
    "وأضافت الوزارة في بيان أن عدد المصابين ارتفع إلى أربعين شخصا بينهم أطفال ونساء.",
    "وأعلنت السلطات المحلية تعليق الدراسة في المدارس الواقعة في الأحياء المنكوبة حتى إشعار آخر.",
]
OLD_TITLE = "السيول تضرب الجنوب وفرق الإنقاذ تصل"
NEW_TITLE = "ارتفاع عدد المصابين في سيول الجنوب إلى أربعين"
EDITED = [*PARAGRAPHS, "وقالت الأرصاد إن الأمطار ستتواصل حتى نهاية الأسبوع في المناطق الجبلية."]


GOLD = [
    "ارتفعت أسعار الذهب في الأسواق المحلية اليوم بنسبة كبيرة وسط إقبال المشترين.",
    "وقال تجار إن الطلب زاد مع اقتراب موسم الأعراس في المحافظات الجنوبية والشمالية.",
    "وتوقع محللون أن تواصل الأسعار صعودها خلال الأسابيع المقبلة مع تراجع سعر الدولار.",
    "وأشار البنك المركزي إلى أن احتياطاته من المعدن النفيس بلغت مستوى قياسيا هذا العام.",
]


def _page(title: str, paragraphs: list[str], canonical: str = "") -> tuple[str, str]:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    page = PAGE.format(title=title, body=body)
    if canonical:
        page = page.replace("</head>", f"<link rel='canonical' href='{canonical}'></head>")
    return "text/html; charset=utf-8", page


def _source(tmp_path: Path, base: str) -> None:
    (tmp_path / "sources.toml").write_text(
        f'[sources.local]\nname = "local"\nstart_urls = ["{base}/"]\n'
        "article_url_pattern = '/news/'\ndownload_delay = 0\n",
        encoding="utf-8",
    )


def _home(site: Site, *paths: str) -> None:
    links = "".join(f"<li><a href='{p}'>{p}</a></li>" for p in paths)
    site.pages["/"] = ("text/html", f"<html><body><ul>{links}</ul></body></html>")


def _rows(tmp_path: Path) -> list[tuple]:
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        return conn.execute(
            "SELECT url, title, version, duplicate_of, gone_at FROM articles ORDER BY id"
        ).fetchall()


@pytest.mark.parametrize("linked", ["old", "new", "both"])
@pytest.mark.parametrize("how", ["redirect", "canonical"])
def test_an_article_moved_to_a_new_slug_is_one_article_with_the_edit_as_its_version(
    tmp_path: Path, linked: str, how: str
) -> None:
    """Whichever address the home page links after the move (the old one, the new one, or
    both), and whether the old address redirects to the new or answers with the article
    naming the new as its canonical (a CMS that serves any slug of an id): one row, at the
    new address, the old title and text its version 1; the old address known (not
    fetched as a new article), nothing counted new or a copy."""
    old, new = "/news/2024/11/floods-reach-south", "/news/2024/11/floods-injured-rise"
    with serving(Site()) as site:
        _source(tmp_path, site.base)
        _home(site, old, "/news/2024/11/other-story")
        site.pages[old] = _page(OLD_TITLE, PARAGRAPHS)
        site.pages["/news/2024/11/other-story"] = _page("قصة أخرى عن الاقتصاد", [
            "ارتفعت أسعار الذهب في الأسواق المحلية اليوم بنسبة كبيرة وسط إقبال المشترين.",
            "وقال تجار إن الطلب زاد مع اقتراب موسم الأعراس في المحافظات الجنوبية والشمالية.",
        ])  # fmt: skip
        arshif("crawl", cwd=tmp_path)
        if how == "redirect":
            site.pages[old] = ("redirect", f"{site.base}{new}")
        else:
            site.pages[old] = _page(NEW_TITLE, EDITED, canonical=f"{site.base}{new}")
        site.pages[new] = _page(NEW_TITLE, EDITED, canonical=f"{site.base}{new}")
        _home(site, *{"old": [old], "new": [new], "both": [new, old]}[linked])
        said = arshif("crawl", "--recheck-days", "100000", cwd=tmp_path).stdout
        asked = len(site.hits)
        arshif("crawl", "--recheck-days", "100000", cwd=tmp_path)
        third = site.hits[asked:]
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            rows = conn.execute(
                "SELECT id, url, fetched_url, title, version, duplicate_of FROM articles"
                " WHERE url NOT LIKE '%other-story'"
            ).fetchall()
            versions = conn.execute("SELECT article_id, title FROM article_versions").fetchall()
            aliases = conn.execute("SELECT url, article_id FROM url_aliases").fetchall()
            counts = conn.execute(
                "SELECT articles_new, articles_updated, articles_duplicate FROM runs WHERE id = 2"
            ).fetchone()
    [(article_id, url, fetched, title, version, copy_of)] = rows
    assert (url, fetched, title, version, copy_of) == (
        f"{site.base}{new}",
        f"{site.base}{new}",
        NEW_TITLE,
        2,
        None,
    ), said
    assert versions == [(article_id, OLD_TITLE)]
    assert aliases == [(f"{site.base}{old}", article_id)]
    assert counts == (0, 1, 0), said
    assert old not in third and new in third  # re-checked where it is now


@pytest.mark.parametrize("how", ["redirect", "canonical", "re-check"])
def test_an_article_moved_unchanged_on_a_site_that_answers_304_is_one_row_at_its_new_address(
    tmp_path: Path, how: str
) -> None:
    """A site that honours If-None-Match, the article moved as it was (a new host or
    scheme, a CMS migration), its ETag the story's. The old address asked again with its
    validators answered 304, through the redirect or on its own (naming the new address its
    canonical), and the move went unseen: the new address stayed a copy of the old, every run;
    a re-check of the old address (the new one not linked) left the row where it was."""
    old, new = "/news/2024/11/floods-reach-south", "/news/new-site/floods-reach-south"
    with serving(Site()) as site:
        site.etags = True
        site.etag_of = {old: '"story-1"', new: '"story-1"'}
        _source(tmp_path, site.base)
        _home(site, old)
        site.pages[old] = _page(OLD_TITLE, PARAGRAPHS)
        arshif("crawl", cwd=tmp_path)
        site.pages[new] = _page(OLD_TITLE, PARAGRAPHS, canonical=f"{site.base}{new}")
        site.pages[old] = (
            ("redirect", f"{site.base}{new}") if how != "canonical" else site.pages[new]
        )
        _home(site, old if how == "re-check" else new)
        said = arshif("crawl", "--recheck-days", "100000", cwd=tmp_path).stdout
        arshif("crawl", "--recheck-days", "100000", cwd=tmp_path)
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            rows = conn.execute("SELECT url, title, duplicate_of FROM articles").fetchall()
            aliases = conn.execute("SELECT url FROM url_aliases").fetchall()
    assert rows == [(f"{site.base}{new}", OLD_TITLE, None)], said
    assert aliases == [(f"{site.base}{old}",)]


def test_a_redirect_to_another_story_at_an_article_address_moves_nothing(
    tmp_path: Path,
) -> None:
    """An archived article whose address now leads to another story is taken down, and
    the story there keeps its own row: a move is a redirect to the same text."""
    old, other = "/news/2024/11/floods-reach-south", "/news/2024/11/gold-prices"
    with serving(Site()) as site:
        _source(tmp_path, site.base)
        _home(site, old, other)
        site.pages[old] = _page(OLD_TITLE, PARAGRAPHS)
        site.pages[other] = _page("الذهب يرتفع", GOLD)
        arshif("crawl", cwd=tmp_path)
        site.pages[old] = ("redirect", f"{site.base}{other}")
        arshif("crawl", "--recheck-days", "100000", cwd=tmp_path)
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            rows = conn.execute(
                "SELECT url, title, gone_at IS NOT NULL FROM articles ORDER BY id"
            ).fetchall()
            aliases = conn.execute("SELECT url FROM url_aliases").fetchall()
    assert set(rows) == {
        (f"{site.base}{old}", OLD_TITLE, True), (f"{site.base}{other}", "الذهب يرتفع", False)
    }  # fmt: skip
    assert aliases == []


@pytest.mark.parametrize("still_linked", [False, True])
def test_an_article_moved_before_its_recheck_is_found_by_asking_its_old_address_again(
    tmp_path: Path, still_linked: bool
) -> None:
    """The old address is not due (archived a moment ago), linked still or not:
    the copy that turns up at the new address makes the crawl ask it once, and its
    redirect says the article moved. A copy at a second address that the first still
    serves (a section's path) stays a copy."""
    old, new = "/news/2024/11/floods-reach-south", "/news/2024/11/floods-injured-rise"
    other, section = "/news/2024/11/other-story", "/world/news/2024/11/other-story"
    with serving(Site()) as site:
        _source(tmp_path, site.base)
        _home(site, old, other)
        site.pages[old] = _page(OLD_TITLE, PARAGRAPHS)
        site.pages[other] = site.pages[section] = _page("قصة أخرى عن الاقتصاد", GOLD)
        arshif("crawl", cwd=tmp_path)
        site.pages[old] = ("redirect", f"{site.base}{new}")
        site.pages[new] = _page(NEW_TITLE, EDITED)
        _home(site, *([old] if still_linked else []), new, section)  # (old: not due)
        done = arshif("crawl", cwd=tmp_path)
        said, progress = done.stdout, done.stderr
        asked = site.hits
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            rows = conn.execute(
                "SELECT url, title, version, duplicate_of IS NOT NULL FROM articles ORDER BY url"
            ).fetchall()
            counted = conn.execute("SELECT articles_duplicate FROM runs WHERE id = 2").fetchone()
    assert asked.count(old) == 2 and asked.count(other) == 2, (asked, said)  # each once again
    # The copy folded into the moved article is no copy in the run's row, its summary line or
    # its last progress line.
    assert counted == (1,) and "updated 1, unchanged 1, duplicate 1," in said, said
    assert "updated 1, duplicate 1," in progress, progress
    assert rows == [
        (f"{site.base}{new}", NEW_TITLE, 2, False),
        (f"{site.base}{other}", "قصة أخرى عن الاقتصاد", 1, False),
        (f"{site.base}{section}", "قصة أخرى عن الاقتصاد", 1, True),
    ], said


REWRITTEN = [PARAGRAPHS[0], "وقال مسؤول في الدفاع المدني إن فرق الإنقاذ أجلت مئات العائلات من القرى الغارقة.",
             PARAGRAPHS[2], "وقالت الأرصاد إن الأمطار ستتواصل حتى نهاية الأسبوع في المناطق الجبلية."]  # fmt: skip


@pytest.mark.parametrize(
    ("archived", "linked", "title"),
    [
        ("/news/5003/floods-reach-south", "/news/5003", NEW_TITLE),  # the id binds them
        ("/news/floods-reach-south", "/news/m/floods-reach-south", OLD_TITLE),  # the headline
    ],
)
def test_an_edit_reached_by_another_address_naming_the_article_as_canonical_is_its_version(
    tmp_path: Path, archived: str, linked: str, title: str
) -> None:
    """An archived article edited (a paragraph rewritten, one added), then linked by its
    short or mobile address, which serves it naming the archived address as its canonical:
    it was judged another story (too unlike the archived text for a copy) and stored as a
    second row, a root beside the first, which kept the old text."""
    with serving(Site()) as site:
        _source(tmp_path, site.base)
        _home(site, archived)
        site.pages[archived] = _page(OLD_TITLE, PARAGRAPHS, canonical=f"{site.base}{archived}")
        arshif("crawl", cwd=tmp_path)
        edited = _page(title, REWRITTEN, canonical=f"{site.base}{archived}")
        site.pages[archived] = site.pages[linked] = edited
        _home(site, linked)
        said = arshif("crawl", cwd=tmp_path).stdout
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            versions = conn.execute("SELECT title FROM article_versions").fetchall()
    assert [row[:3] for row in _rows(tmp_path)] == [(f"{site.base}{archived}", title, 2)], said
    assert versions == [(OLD_TITLE,)]


OTHER_TITLE = "أسعار الذهب ترتفع في الأسواق المحلية"
HALF = [*PARAGRAPHS[::2], *GOLD[:2]]  # half the words of the archived story


@pytest.mark.parametrize(
    ("path", "title", "paragraphs", "day"),
    [
        ("/news/100/gold", OTHER_TITLE, GOLD, 3),  # the number in both addresses, another text
        ("/news/200/rains", OTHER_TITLE, HALF, 3),  # half the words, nothing binding
        ("/news/200/rains?sec=100", OTHER_TITLE, HALF, 3),  # a number in the query: a section's
        ("/news/101/floods", OLD_TITLE, HALF, 4),  # a daily bulletin's headline, the next day
    ],
)
def test_another_story_naming_an_archived_article_as_canonical_keeps_its_own_row(
    tmp_path: Path, path: str, title: str, paragraphs: list[str], day: int
) -> None:
    """The other side: a template's canonical naming one article on every page (or a
    cloned post's) binds no other story to it, though their addresses share a number, their
    texts a part, or a daily bulletin's headline is the same every day."""
    with serving(Site()) as site:
        _source(tmp_path, site.base)
        _home(site, "/news/100/floods")
        site.pages["/news/100/floods"] = _page(OLD_TITLE, PARAGRAPHS)
        arshif("crawl", cwd=tmp_path)
        kind, page = _page(title, paragraphs, canonical=f"{site.base}/news/100/floods")
        site.pages[path.split("?")[0]] = (kind, page.replace("2024-11-03", f"2024-11-0{day}"))
        _home(site, path)
        arshif("crawl", cwd=tmp_path)
    assert [row[:3] for row in _rows(tmp_path)] == [
        (f"{site.base}/news/100/floods", OLD_TITLE, 1),
        (f"{site.base}{path}", title, 1),
    ]


LATER = [*EDITED, "وأكد الدفاع المدني أن فرقه ستبقى في القرى المتضررة حتى عودة السكان إلى منازلهم."]


@pytest.mark.parametrize(
    ("order", "new"),
    [("gone first", "/news/600"), ("new address first", "/news/600"),
     ("gone first", "/news/6/floods-injured-rise")],  # (another form of its address: twin_at)
)  # fmt: skip
def test_an_article_moved_without_a_redirect_is_one_row_at_its_live_address(
    tmp_path: Path, order: str, new: str
) -> None:
    """The publisher moves an archived article to a new id (/news/6 to /news/600, an edit
    with it) and its old address answers 404, with no redirect. Whether a re-check finds the
    old address gone before the new one is linked, or the new one comes first (a copy, its
    original asked again and found gone): one row, the article's, at the live address, not
    taken down, the edit its version 2 and a later edit there its version 3; the old
    address its alias. (It was a second row, a copy of the dead one, which export and
    search showed; later edits went to the hidden copy.)"""
    old = "/news/6"
    with serving(Site()) as site:
        _source(tmp_path, site.base)
        _home(site, old, "/news/7")
        site.pages[old] = _page(OLD_TITLE, PARAGRAPHS)
        site.pages["/news/7"] = _page("الذهب يرتفع", GOLD)
        arshif("crawl", cwd=tmp_path)
        [first_id] = [i for i, u in _ids(tmp_path) if u.endswith(old)]
        del site.pages[old]
        if order == "gone first":
            _home(site, "/news/7")
            arshif("crawl", "--recheck-days", "100000", cwd=tmp_path)
            [gone] = [r for r in _rows(tmp_path) if r[0].endswith(old)]
            assert gone[4] is not None  # taken down
        site.pages[new] = _page(OLD_TITLE, EDITED)
        _home(site, new, "/news/7")
        said = arshif("crawl", "--recheck-days", "100000", cwd=tmp_path).stdout
        site.pages[new] = _page(OLD_TITLE, LATER)
        arshif("crawl", "--recheck-days", "100000", cwd=tmp_path)
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            aliases = conn.execute("SELECT url, article_id FROM url_aliases").fetchall()
            versions = conn.execute(
                "SELECT version, text FROM article_versions ORDER BY version"
            ).fetchall()
    rows = [r for r in _rows(tmp_path) if "الذهب" not in r[1]]
    assert rows == [(f"{site.base}{new}", OLD_TITLE, 3, None, None)], said
    assert [i for i, u in _ids(tmp_path) if u.endswith(new)] == [first_id]
    assert versions == [(1, "\n".join(PARAGRAPHS)), (2, "\n".join(EDITED))]
    assert aliases == [(f"{site.base}{old}", first_id)]


def _ids(tmp_path: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        return conn.execute("SELECT id, url FROM articles ORDER BY id").fetchall()


def _crawled_with_others(tmp_path: Path, site: Site, *paths: str) -> None:
    """A source with five other stories beside paths (the site's trouble is told by many)."""
    _source(tmp_path, site.base)
    for n in range(1, 6):
        site.pages[f"/news/{n}"] = _page(
            f"خبر رقم {n} من أخبار اليوم", [f"{p} ({n})" for p in GOLD]
        )
    _home(site, *[f"/news/{n}" for n in range(1, 6)], *paths)
    arshif("crawl", cwd=tmp_path)


def test_a_take_down_that_was_the_sites_trouble_moves_no_article_onto_its_live_copy(
    tmp_path: Path,
) -> None:
    """The article is at /news/6 and later at /news/600 as well (a copy). For one run the site
    sends every article page home but /news/600: the marks are taken back as the site's
    trouble, and the article stays at /news/6 with /news/600 its copy (it was moved onto
    the copy as the mark was written, and taking the mark back left it moved). When
    /news/6 is later taken down for real, the mark stands and the article moves then."""
    with serving(Site()) as site:
        site.pages["/news/6"] = site.pages["/news/600"] = _page(OLD_TITLE, PARAGRAPHS)
        _crawled_with_others(tmp_path, site, "/news/6")
        _home(site, "/news/600")
        arshif("crawl", cwd=tmp_path)
        before = _rows(tmp_path)
        assert before[-1][0].endswith("/news/600") and before[-1][3] is not None  # a copy
        kept = dict(site.pages)
        for path in [f"/news/{n}" for n in range(1, 6)] + ["/news/6"]:
            site.pages[path] = ("redirect", f"{site.base}/")
        said = arshif("crawl", "--recheck-days", "100000", cwd=tmp_path).stdout
        assert "none marked gone" in said, said
        assert _rows(tmp_path) == before
        site.pages.update(kept)
        del site.pages["/news/6"]
        said = arshif("crawl", "--recheck-days", "100000", cwd=tmp_path).stdout
    rows = [r for r in _rows(tmp_path) if r[1] == OLD_TITLE]
    assert rows == [(f"{site.base}/news/600", OLD_TITLE, 1, None, None)], (before, said)


def test_another_article_of_the_source_telling_the_story_is_not_where_a_take_down_moved(
    tmp_path: Path,
) -> None:
    """The source ran the agency's story twice, under two headlines (/news/6, and /news/600
    with the agency's dateline): a near copy, not the same article. /news/6 taken down
    stays taken down at its address; /news/600 keeps its own row and headline (the dead
    article was moved onto it, the other headline a version of it)."""
    with serving(Site()) as site:
        site.pages["/news/6"] = _page(OLD_TITLE, PARAGRAPHS)
        _crawled_with_others(tmp_path, site, "/news/6")
        site.pages["/news/600"] = _page(NEW_TITLE, ["القاهرة - (وكالات)", *PARAGRAPHS])
        _home(site, "/news/600")
        arshif("crawl", cwd=tmp_path)
        assert _rows(tmp_path)[-1][3] is not None  # a copy of /news/6's story
        del site.pages["/news/6"]
        arshif("crawl", "--recheck-days", "100000", cwd=tmp_path)
    rows = [r for r in _rows(tmp_path) if r[1] in (OLD_TITLE, NEW_TITLE)]
    assert sorted((r[0], r[1], r[2], r[4] is not None) for r in rows) == [
        (f"{site.base}/news/6", OLD_TITLE, 1, True),
        (f"{site.base}/news/600", NEW_TITLE, 1, False),
    ]


@pytest.mark.parametrize(
    ("gone_days_before", "published"),
    [(60, "2024-11-03T08:00:00+02:00"), (1, "2026-11-03T08:00:00+02:00")],
    ids=["taken down two months before", "dated two years later"],
)
def test_a_page_telling_a_story_taken_down_long_ago_or_on_another_day_is_its_own_article(
    tmp_path: Path, gone_days_before: int, published: str
) -> None:
    """/news/6 was taken down, and a new page of the source tells its story under its
    headline. Taken down two months before, or dated two years after it, the page is the
    source running the story again, not where its publisher moved it: its own row with its
    own date, the old one left taken down (it became a version of the old row, with the
    old row's date)."""
    with serving(Site()) as site:
        site.pages["/news/6"] = _page(OLD_TITLE, PARAGRAPHS)
        _crawled_with_others(tmp_path, site, "/news/6")
        del site.pages["/news/6"]
        arshif("crawl", "--recheck-days", "100000", cwd=tmp_path)
        _taken_down_earlier(tmp_path, gone_days_before)
        ctype, page = _page(OLD_TITLE, EDITED)
        site.pages["/news/900"] = (ctype, page.replace("2024-11-03T08:00:00+02:00", published))
        _home(site, "/news/900")
        arshif("crawl", cwd=tmp_path)
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            rows = conn.execute(
                "SELECT url, version, published_at, gone_at IS NOT NULL FROM articles"
                " WHERE title = ? ORDER BY id",
                [OLD_TITLE],
            ).fetchall()
    assert rows == [
        (f"{site.base}/news/6", 1, "2024-11-03T08:00:00+02:00", 1),
        (f"{site.base}/news/900", 1, published, 0),
    ]


def test_a_page_telling_a_story_taken_down_days_before_on_its_day_is_where_it_moved(
    tmp_path: Path,
) -> None:
    """The bounds' other side: taken down a week before, the new page dated as the article
    (or not dated at all) under its headline is the article moved: one row there."""
    with serving(Site()) as site:
        site.pages["/news/6"] = _page(OLD_TITLE, PARAGRAPHS)
        _crawled_with_others(tmp_path, site, "/news/6")
        del site.pages["/news/6"]
        arshif("crawl", "--recheck-days", "100000", cwd=tmp_path)
        _taken_down_earlier(tmp_path, 7)
        ctype, page = _page(OLD_TITLE, EDITED)
        site.pages["/news/900"] = (
            ctype,
            page.replace("<time datetime='2024-11-03T08:00:00+02:00'></time>", ""),
        )
        _home(site, "/news/900")
        arshif("crawl", cwd=tmp_path)
    rows = [r for r in _rows(tmp_path) if r[1] == OLD_TITLE]
    assert rows == [(f"{site.base}/news/900", OLD_TITLE, 2, None, None)]


def _taken_down_earlier(tmp_path: Path, days: int) -> None:
    """The take-downs marked that many days before they were."""
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        marks = conn.execute("SELECT id, gone_at FROM articles WHERE gone_at IS NOT NULL")
        for article_id, gone_at in marks.fetchall():
            earlier = datetime.fromisoformat(gone_at) - timedelta(days=days)
            conn.execute(
                "UPDATE articles SET gone_at = ? WHERE id = ?", [earlier.isoformat(), article_id]
            )
