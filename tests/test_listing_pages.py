"""A page a loose article pattern lets in that is a listing (a search's results, a section,
a writer's articles: linked headlines over their excerpts) is no article; an article whose
related links stayed in its text after it is one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import arshif
from tests.localsite import Site, serving

HEAD = "<html lang='ar'><head><meta charset='utf-8'><title>{title}</title></head><body>"
STORIES = [
    ("ارتفاع صادرات الأسمدة إلى الهند بنسبة عشرين في المئة",
     "ارتفعت صادرات المملكة من الأسمدة إلى السوق الهندية خلال الأشهر العشرة الأولى من العام."),
    ("البنك المركزي يبقي أسعار الفائدة دون تغيير للمرة الثالثة",
     "قرر البنك المركزي الإبقاء على أسعار الفائدة الرئيسية دون تغيير في اجتماعه الدوري أمس."),
    ("افتتاح معرض الصناعات الغذائية بمشاركة مئتي شركة",
     "افتتح وزير الصناعة معرض الصناعات الغذائية الذي يشارك فيه مئتا شركة من عشرين دولة."),
    ("تراجع أسعار الذهب في السوق المحلية مع ارتفاع الدولار",
     "تراجعت أسعار الذهب في السوق المحلية اليوم متأثرة بارتفاع سعر صرف الدولار عالميا."),
]  # fmt: skip
PARAGRAPHS = [
    "أعلنت وزارة الاقتصاد اليوم عن حزمة من الإجراءات لدعم المصدرين في القطاع الصناعي، تشمل"
    " تخفيض رسوم التصدير وتسريع إجراءات التخليص الجمركي في الموانئ والمعابر الحدودية.",
    "وقال الوزير في مؤتمر صحفي إن الحزمة تهدف إلى رفع قيمة الصادرات الصناعية بنسبة عشرة في"
    " المئة خلال العام المقبل، وإلى فتح أسواق جديدة في أفريقيا وآسيا الوسطى.",
]


def _teasers(n: int = 4) -> str:
    return "".join(
        f"<div class='card'><a href='/news/{k}/x'><img src='/i/{k}.jpg'></a><h3>"
        f"<a href='/news/{k}/x'>{h}</a></h3><p>{e}</p><span class='d'>الخميس 3 ديسمبر 2026</span>"
        "</div>"
        for k, (h, e) in enumerate(STORIES[:n], 100)
    )


def test_listings_an_article_pattern_lets_in_are_not_archived_and_articles_with_related_links_are(
    tmp_path: Path,
) -> None:
    related = "".join(f"<p><a href='/news/{k}/y'>{h}</a></p>" for k, (h, _) in enumerate(STORIES))
    pages = {
        "/news/search?q=x": HEAD.format(title="نتائج البحث عن: الصادرات")
        + f"<h1>نتائج البحث عن: الصادرات</h1><p>تم العثور على 4 نتائج</p>{_teasers()}",
        "/news/section/economy": HEAD.format(title="اقتصاد - الأفق")
        + f"<h1>اقتصاد</h1>{_teasers()}",
        "/news/writer/salem": HEAD.format(title="سالم النعيمي")
        + "<h1>سالم النعيمي</h1><p>صحفي متخصص في الشؤون المصرفية والمالية، عمل في عدة صحف."
        f"</p><h2>مقالات الكاتب</h2>{_teasers()}",
        # a roundup: linked headlines, each over its summary and more
        "/news/2/bulletin": HEAD.format(title="النشرة الاقتصادية الصباحية")
        + "<h1>النشرة الاقتصادية الصباحية</h1><article><p>ترصد النشرة الصباحية أبرز الأخبار"
        " الاقتصادية التي حظيت باهتمام القراء خلال الساعات الماضية، وإليكم التفاصيل.</p>"
        + "".join(
            f"<h3><a href='/news/{k}/z'>{h}</a></h3><p>{e}</p><p>{PARAGRAPHS[k % 2]}</p>"
            for k, (h, e) in enumerate(STORIES[:3])
        )
        + "</article>",
        "/news/1/support": HEAD.format(title="حزمة إجراءات لدعم المصدرين")
        + "<h1>حزمة إجراءات لدعم المصدرين</h1><article>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + related  # left in its text: after it
        + "</article>",
    }
    with serving(Site()) as site:
        links = "".join(f"<a href='{path}'>{path}</a> " for path in pages)
        site.pages["/"] = ("text/html", f"<html><body>{links}</body></html>")
        for path, page in pages.items():
            site.pages[path] = ("text/html; charset=utf-8", page + "</body></html>")
        (tmp_path / "sources.toml").write_text(
            f'[sources.local]\nname = "local"\nstart_urls = ["{site.base}/"]\n'
            "article_url_pattern = '/news/'\ndownload_delay = 0\nmax_depth = 1\n",
            encoding="utf-8",
        )
        said = arshif("crawl", cwd=tmp_path).stdout
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        titles = [row[0] for row in conn.execute("SELECT title FROM articles")]
        errors = dict(conn.execute("SELECT url, kind FROM run_errors"))
    assert sorted(titles) == ["النشرة الاقتصادية الصباحية", "حزمة إجراءات لدعم المصدرين"], said
    listings = [f"{site.base}{p}" for p in pages if "support" not in p and "bulletin" not in p]
    assert {errors.get(url) for url in listings} == {"extract_listing"}, errors


def test_a_listicle_whose_sections_open_with_linked_headings_is_no_listing() -> None:
    """Its sections stand in the article's own flow; a listing's teasers each in a card."""
    from crawler.extract import Extracted, extract

    sections = "".join(
        f"<h2><a href='/tag/{k}'>{h}</a></h2><p>{e} {PARAGRAPHS[k % 2]}</p>"
        for k, (h, e) in enumerate(STORIES)
    )
    page = HEAD.format(title="أبرز أخبار الاقتصاد هذا الأسبوع") + (
        f"<article><h1>أبرز أخبار الاقتصاد هذا الأسبوع</h1><p>{PARAGRAPHS[0]}</p>{sections}"
        "</article></body></html>"
    )
    result = extract(page.encode(), "https://news.example/news/7/week", "text/html")
    assert isinstance(result, Extracted) and not result.teasers, result
