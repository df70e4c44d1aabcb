"""Build the offline fixture sites from the seed stories: python seeds/build_fixtures.py

Writes seeds/sites/ (pages, feeds, sitemaps, robots.txt and manifest.json mapping each real
URL to a file, content type and status) and seeds/expected/ (per article: the canonical URL,
title, date and body a correct extraction returns). Deterministic: running it twice
produces the same files, and a test checks the committed copy is current.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import quote

from stories import Story, Tweet, all_stories, related_titles, seed_003_date_line

HERE = Path(__file__).parent
SITES = HERE / "sites"
EXPECTED = HERE / "expected"
ARABI21_MENU = "سياسة اقتصاد رياضة مقالات صحافة أفكار عالم الفن تكنولوجيا صحة تفاعلي"
SARAYA_COPYRIGHT = "جميع حقوق النشر محفوظة لدى موقع وكالة سرايا الإخبارية © 2024"


@dataclass
class Placement:
    source: str
    story: str
    url: str  # the URL the site serves the article at
    canonical: str  # what the archive must key it by
    published: str  # expected ISO date (YYYY-MM-DD)


class SiteWriter:
    def __init__(self, sites: Path = SITES) -> None:
        self.sites = sites
        self.manifest: dict[str, dict] = {}
        self.expected: list[dict] = []

    def page(self, url: str, body: str | bytes, content_type: str, status: int = 200) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        name = f"f{len(self.manifest):03d}" + _extension(content_type)
        (self.sites / name).write_bytes(data)
        self.manifest[url] = {"file": name, "content_type": content_type, "status": status}

    def alias(self, url: str, of: str) -> None:
        """The same page served under another URL (slug-less, legacy, mirror)."""
        self.manifest[url] = self.manifest[of]

    def article(self, place: Placement, story: Story, html: str | bytes, ctype: str) -> None:
        self.page(place.url, html, ctype)
        self.expected.append(
            {
                "source": place.source,
                "story": place.story,
                "url": place.canonical,
                "fetched_url": place.url,
                "title": story.title,
                "published_at": place.published,
                "text": "\n".join(story.body),
            }
        )


def _extension(content_type: str) -> str:
    return {"text/html": ".html", "application/rss+xml": ".xml", "application/xml": ".xml"}.get(
        content_type.split(";")[0], ".txt"
    )


def _slug(title: str) -> str:
    return "-".join(title.split()[:8])


def _paragraphs(story: Story, tweet_html: bool = True) -> str:
    out = []
    for i, p in enumerate(story.paragraphs):
        if i in story.subheads:
            out.append(f"<h2>{escape(story.subheads[i])}</h2>")
        if isinstance(p, Tweet):
            if tweet_html:
                text = escape(p.text).replace("\n", "<br>")
                out.append(
                    f'<blockquote class="twitter-tweet"><p lang="ar" dir="rtl">{text}</p>'
                    f"{escape(p.byline)}</blockquote>"
                )
            else:  # an aggregator flattens the tweet into one line of text
                out.append(f"<p>{escape(p.text.replace(chr(10), ' '))} {escape(p.byline)}</p>")
        else:
            out.append(f"<p>{escape(p)}</p>")
    return "\n".join(out)


# -- عربي21 ----------------------------------------------------------------------------


def arabi21(w: SiteWriter, stories: dict[str, Story]) -> None:
    items = [
        ("damascus-entry", 1629472, "2024-12-08T13:05:00+03:00", "الأحد، 08 ديسمبر 2024 01:05 م"),
        ("us-contacts", 1630288, "2024-12-11T09:40:00+03:00", "الأربعاء، 11 ديسمبر 2024 09:40 ص"),
        (
            "sednaya-prisoners",
            1629655,
            "2024-12-09T18:20:00+03:00",
            "الإثنين، 09 ديسمبر 2024 06:20 م",
        ),
    ]
    listing = []
    feed = []
    for key, sid, iso, shown in items:
        story = stories[key]
        slug = quote(_slug(story.title))
        url = f"https://arabi21.com/story/{sid}/{slug}"
        place = Placement("arabi21", key, url, f"https://arabi21.com/story/{sid}", iso[:10])
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": story.title,
            "datePublished": iso,
            "author": {"@type": "Organization", "name": "عربي21"},
        }
        html = f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{escape(story.title)} | عربي21</title>
<meta property="og:title" content="{escape(story.title)}">
<meta property="og:site_name" content="عربي21">
<meta property="og:url" content="{url}">
<link rel="canonical" href="{url}">
<link rel="amphtml" href="https://arabi21.org/storyamp/{sid}/{slug}">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
</head><body>
<header><nav class="main-menu">{" ".join(f'<a href="/stories/s/1/0/x/0">{m}</a>' for m in ARABI21_MENU.split())}</nav>
<form class="search"><input name="q" placeholder="بحث"></form></header>
<div class="container"><div class="row"><div class="col-md-8 article-page">
<ol class="breadcrumb"><li><a href="/">الرئيسية</a></li><li><a href="/stories/s/316/0/%D8%B3%D9%8A%D8%A7%D8%B3%D8%A9/0?page=1">سياسة</a></li></ol>
<h1 class="article-title">{escape(story.title)}</h1>
<div class="article-date"><span>{shown}</span> <span>بتوقيت غرينتش</span></div>
<div class="share-tools"><a href="#">شارك</a> <a href="#">فيسبوك</a> <a href="#">تويتر</a></div>
<div class="article-body" id="articleBody">
{_paragraphs(story)}
</div>
<div class="article-source">المصدر: عربي21</div>
<div class="tags-list">كلمات دلالية: {" ".join(f"<a>{t}</a>" for t in ["سياسة", "سياسة عربية", "دمشق", "بشار الأسد", "المعارضة", "سوريا"])}</div>
<div class="more-in"><h3>المزيد في سياسة</h3><ul>{"".join(f'<li><a href="/story/{900 + i}/x">{escape(t)}</a></li>' for i, t in enumerate(related_titles()[:4]))}</ul></div>
</div></div></div>
<footer><p>جميع الحقوق محفوظة لموقع عربي21 © 2024</p></footer>
<script>var x = "<p>not text</p>";</script>
</body></html>"""
        w.article(place, story, html, "text/html; charset=utf-8")
        for alias in (f"https://arabi21.com/story/{sid}", f"https://arabi21.com/story/{sid}/"):
            w.alias(alias, url)
        day = iso[8:10] + "-Dec-24 " + ("01:05 PM" if "13:05" in iso else "09:40 AM")
        listing.append((sid, slug, story.title, day))
        feed.append((url, story.title, iso))

    # Listing page 1 links with a slug, page 2 bare and through the AMP mirror.
    def li(sid: int, href: str, title: str, day: str) -> str:
        return f'<div class="news-item"><a href="{href}"><h3>{escape(title)}</h3></a><span class="date">{day}</span></div>'

    base = "https://arabi21.com/stories/s/316/0/%D8%B3%D9%8A%D8%A7%D8%B3%D8%A9-%D8%AF%D9%88%D9%84%D9%8A%D8%A9/0"
    page1 = "".join(li(s, f"/story/{s}/{sl}", t, d) for s, sl, t, d in listing[:2])
    page2 = li(listing[2][0], f"/story/{listing[2][0]}/", listing[2][2], listing[2][3]) + li(
        listing[0][0],
        f"https://arabi21.org/storyamp/{listing[0][0]}/{listing[0][1]}?utm_source=twitter",
        listing[0][2],
        listing[0][3],
    )
    for n, items_html, nxt in ((1, page1, 2), (2, page2, None)):
        pager = f'<a class="next" href="{base}?page={nxt}">التالي</a>' if nxt else ""
        w.page(
            f"{base}?page={n}",
            f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>سياسة دولية | عربي21</title></head>'
            f'<body><nav>{ARABI21_MENU}</nav><div class="list">{items_html}</div><div class="pager">{pager}</div></body></html>',
            "text/html; charset=utf-8",
        )
    rss_items = "".join(
        f"<item><title>{escape(t)}</title><link>{u}</link><pubDate>{_rfc822(iso)}</pubDate></item>"
        for u, t, iso in feed
    )
    w.page(
        "https://arabi21.com/rss",
        _rss("عربي21", "https://arabi21.com", rss_items),
        "application/rss+xml",
    )
    # A section feed with an unescaped "&" in a title: still yields its items.
    broken = rss_items.replace("<title>", "<title>سياسة & اقتصاد: ", 1)
    w.page(
        "https://arabi21.com/Rss/SectionNewsRss?id=316",
        _rss("سياسة دولية", "https://arabi21.com", broken),
        "application/rss+xml",
    )
    # A truncated feed: the tail was cut mid-item.
    full = _rss("عام", "https://arabi21.com", rss_items)
    w.page(
        "https://arabi21.com/Rss/SectionNewsRss?id=410",
        full[: full.rfind("<item>") + 40],
        "application/rss+xml",
    )
    w.page("https://arabi21.com/robots.txt", "User-agent: *\nDisallow: /search\n", "text/plain")
    w.page("https://arabi21.org/robots.txt", "User-agent: *\nDisallow:\n", "text/plain")


def _rfc822(iso: str) -> str:
    from datetime import datetime

    return datetime.fromisoformat(iso).strftime("%a, %d %b %Y %H:%M:%S %z")


def _rss(title: str, link: str, items: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>{link}</link>{items}</channel></rss>"
    )


# -- سرايا (windows-1256, charset only in a meta tag) -----------------------------------


def saraya(w: SiteWriter, stories: dict[str, Story]) -> None:
    items = [
        ("homs-suburbs", 891203, "07-12-2024 06:10 PM", "2024-12-07"),
        ("amman-border", 891377, "08-12-2024 11:25 AM", "2024-12-08"),
    ]
    lis = []
    for key, aid, shown, day in items:
        story = stories[key]
        url = f"https://www.sarayanews.com/article/{aid}"
        place = Placement("saraya", key, url, url, day)
        comments = (
            '<div class="comments"><p>ترحب "سرايا" بتعليقاتكم الإيجابية في هذه الزاوية ، ونتمنى أن تبتعد تعليقاتكم الكريمة عن الشخصنة لتحقيق الهدف منها وهو التفاعل الهادف مع ما يتم نشره في زاويتكم هذه.</p>'
            f"<p>{shown[:11]}07:27 PM سرايا</p><p>لا يوجد تعليقات</p><p>الرد على تعليق</p>"
            "<form><p>الاسم : *</p><p>البريد الالكتروني :</p><p>التعليق : *</p><p>رمز التحقق : تحديث الرمز أكتب الرمز :</p><p>اضافة</p></form>"
            "<p>الآراء والتعليقات المنشورة تعبر عن آراء أصحابها فقط</p></div>"
        )
        html = f"""<html dir="rtl"><head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">
<title>سرايا - {escape(story.title)}</title></head>
<body><div id="header"><div class="logo">سرايا</div><div class="slogan">حرية سقفها السماء</div>
<div class="today-date">السبت ,14 ديسمبر, 2024 م</div>
<form><input value="إبحــث في ســــرايا"></form></div>
<table class="menu"><tr><td><a href="/category/1/">محليات</a></td><td><a href="/category/2/">عربي ودولي</a></td></tr></table>
<div class="news-details"><h1 class="title">{escape(story.title)}</h1>
<div class="date-time">{shown}</div>
<div class="tools"><span>طباعة</span> <span>المشاهدات: 1678</span> <span>تعديل حجم الخط:</span></div>
<div class="details">{_paragraphs(story)}</div>
<div class="follow">تابع قناتنا على يوتيوب تابع صفحتنا على فيسبوك تابع منصة ترند سرايا</div>
{comments}</div>
<div class="footer"><p>{SARAYA_COPYRIGHT}</p><p>سياسة الخصوصية برمجة و استضافة يونكس هوست</p></div>
</body></html>"""
        w.article(place, story, html.encode("windows-1256"), "text/html")
        w.alias(f"https://www.sarayanews.com/article/{aid}/{quote(_slug(story.title))}", url)
        w.alias(f"https://www.sarayanews.com/index.php?page=article&id={aid}", url)
        # The listing links the first story with a raw Arabic slug, the second by its legacy URL.
        href = (
            f"/article/{aid}/{_slug(story.title)}"
            if aid == 891203
            else f"/index.php?page=article&id={aid}"
        )
        lis.append(
            f'<li class="cleaner"><a href="{href}">{escape(story.title)}</a><p>{escape(story.body[0][:80])}</p><cite class="date">{shown}</cite></li>'
        )
    listing = f"""<html dir="rtl"><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256"><title>سرايا - محليات</title></head>
<body><div class="slogan">حرية سقفها السماء</div><ul class="list">{"".join(lis)}</ul>
<div class="paging"><a href="/category/1/2/">2</a></div></body></html>"""
    w.page("https://www.sarayanews.com/category/1/", listing.encode("windows-1256"), "text/html")
    w.page(
        "https://www.sarayanews.com/category/1/2/",
        "<html><body><ul class='list'></ul></body></html>".encode("windows-1256"),
        "text/html",
    )
    # The feed answers 200 with an HTML error page ("Not-XML").
    w.page(
        "https://www.sarayanews.com/rss.php",
        "<html><body><h1>Database Error</h1><p>Too many connections</p></body></html>",
        "text/html",
    )
    w.page(
        "https://www.sarayanews.com/robots.txt", "User-agent: *\nDisallow: /admin/\n", "text/plain"
    )


# -- الجزيرة نت -------------------------------------------------------------------------


def aljazeera(w: SiteWriter, stories: dict[str, Story]) -> None:
    items = [
        ("hemedti-egypt", "news/2024/10/15", "2024-10-15T10:31:00+03:00"),
        ("damascus-airport", "news/politics/2024/12/8", "2024-12-08T15:02:00+03:00"),
    ]
    daily: dict[str, list[str]] = {}
    feed = []
    for key, prefix, iso in items:
        story = stories[key]
        url = f"https://www.aljazeera.net/{prefix}/{quote(_slug(story.title))}"
        place = Placement("aljazeera", key, url, url, iso[:10])
        ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": story.title,
              "datePublished": iso, "dateModified": iso, "author": [{"@type": "Person", "name": "الجزيرة نت"}]}  # fmt: skip
        body = _paragraphs(story).split("\n")
        body.insert(len(body) // 2, '<div class="advert css-1q2w3e"><span>إعلان</span></div>')
        body.insert(
            3,
            '<div class="more-on"><h3>اقرأ أيضا</h3><ul><li><a href="/news/2024/1/1/x">الجيش السوداني يستعيد مواقع في سنار</a></li><li><a href="/news/2024/1/2/y">مصر تنفي مشاركة طيرانها في حرب السودان</a></li></ul></div>',
        )
        html = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{escape(story.title)} | الأخبار | الجزيرة نت</title>
<meta property="og:title" content="{escape(story.title)}"><meta property="og:site_name" content="الجزيرة نت">
<link rel="canonical" href="{url}">
<link rel="alternate" type="application/rss+xml" href="https://www.aljazeera.net/aljazeerarss/a7c186be-1baa-4bd4-9d80-a84db769f779/73d0e1b4-532f-45ef-b135-bfdff8b8cab9">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script></head>
<body><div class="css-9kx2lu site-header"><nav>الأخبار سياسة اقتصاد رياضة ثقافة</nav></div>
<main class="css-1dbjc4n"><header class="article-header"><h1>{escape(story.title)}</h1>
<div class="article-dates"><span class="date-simple">15/10/2024</span></div></header>
<div class="wysiwyg wysiwyg--all-content css-1vkfgk0">
{chr(10).join(body)}
</div>
<div class="article-share css-77f1"><span>شارك</span></div>
</main><footer><p>© 2024 شبكة الجزيرة الإعلامية</p></footer></body></html>"""
        w.article(place, story, html, "text/html; charset=utf-8")
        y, m, d = (int(x) for x in iso[:10].split("-"))
        daily.setdefault(f"yyyy={y}&mm={m}&dd={d}", []).append(url)
        feed.append((url, story.title, iso))
    index_url = "https://www.aljazeera.net/sitemap.xml"
    maps = [f"{index_url}?{q}" for q in sorted(daily)]
    # The index also lists itself: a loop the spider must not follow forever.
    w.page(index_url, _sitemap_index([*maps, index_url]), "application/xml")
    for q in sorted(daily):
        urls = daily[q] + ["https://www.aljazeera.net/news/liveblog/2024/12/8/live-syria"]
        entries = (
            "".join(
                f"<url><loc>{u}</loc><lastmod>{q[5:9]}-12-08</lastmod>"
                "<image:image><image:loc>https://www.aljazeera.net/wp-content/uploads/2024/12/photo.jpg</image:loc></image:image></url>"
                for u in urls
            )
            + "<url><loc>https://www.aljazeera.net/wp-content/uploads/2024/12/map.png</loc></url>"
        )
        w.page(
            f"{index_url}?{q}",
            '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">{entries}</urlset>',
            "application/xml",
        )
    rss_items = "".join(
        f'<item><title>{escape(t)}</title><link>{u}</link><guid isPermaLink="false">{i}</guid><pubDate>{_rfc822(iso)}</pubDate></item>'
        for i, (u, t, iso) in enumerate(feed)
    )
    w.page(
        "https://www.aljazeera.net/aljazeerarss/a7c186be-1baa-4bd4-9d80-a84db769f779/73d0e1b4-532f-45ef-b135-bfdff8b8cab9",
        _rss("الجزيرة نت", "https://www.aljazeera.net", rss_items),
        "application/rss+xml",
    )
    w.page(
        "https://www.aljazeera.net/robots.txt",
        "User-agent: *\nDisallow: /search/\nSitemap: https://www.aljazeera.net/sitemap.xml\n",
        "text/plain",
    )


def _sitemap_index(locs: list[str]) -> str:
    body = "".join(f"<sitemap><loc>{escape(u)}</loc></sitemap>" for u in locs)
    return f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</sitemapindex>'


# -- the aggregator (seed format) ---------------------------------------------------------


def aggregator(w: SiteWriter, stories: dict[str, Story]) -> None:
    s003_chrome = [
        "تابع قناتنا على يوتيوب تابع صفحتنا على فيسبوك تابع منصة ترند سرايا",
        "طباعة المشاهدات: 1678",
        '1 - | ترحب "سرايا" بتعليقاتكم الإيجابية في هذه الزاوية ، ونتمنى أن تبتعد تعليقاتكم الكريمة عن الشخصنة لتحقيق الهدف منها وهو التفاعل الهادف مع ما يتم نشره في زاويتكم هذه. | 07-12-2024 07:27 PM سرايا |',
        "لا يوجد تعليقات |", "الرد على تعليق", "الاسم : * | |", "البريد الالكتروني : | |", "التعليق : * | |",
        "رمز التحقق : | تحديث الرمز أكتب الرمز : |", "اضافة |", "الآراء والتعليقات المنشورة تعبر عن آراء أصحابها فقط",
        SARAYA_COPYRIGHT, "سياسة الخصوصية برمجة و استضافة يونكس هوست test الرجاء الانتظار ...",
    ]  # fmt: skip
    s000_chrome = [
        "كلمات دلالية: "
        + " ".join([ARABI21_MENU] * 2)
        + " سياسة سياسة عربية دمشق بشار الأسد المعارضة المزيد في سياسة",
    ]
    pages = [
        (
            50231,
            "homs-suburbs",
            seed_003_date_line(),
            "2024-12-07",
            s003_chrome,
            "وكالة أنباء سرايا الإخبارية",
            "us-contacts",
        ),
        (
            50277,
            "damascus-entry",
            "تاريخ النشر: 8th, December 2024 GMT",
            "2024-12-08",
            s000_chrome,
            "عربي21",
            "hemedti-egypt",
        ),
    ]
    entries = []
    for pid, key, date_line, day, chrome, origin, other_key in pages:
        story, other = stories[key], stories[other_key]
        url = f"https://www.akhbar24.example/news/{day.replace('-', '/')}/{pid}.html"
        place = Placement("akhbar24", key, url, url, day)
        chrome_html = "\n".join(f"<p>{escape(c)}</p>" for c in chrome)
        similar = "".join(
            f"<li><a href='/news/{i}.html'>{escape(t)}</a></li>"
            for i, t in enumerate(related_titles())
        )
        html = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{escape(story.title)} - أخبار 24</title></head>
<body><div class="top-bar"><a href="/">الرئيسية</a> <a href="/news/">أخبار</a></div>
<div class="post"><h1 class="post-title">{escape(story.title)}</h1>
<div class="post-date">{escape(date_line)}</div>
<div class="post-content">
{_paragraphs(story, tweet_html=False)}
{chrome_html}
<p>المصدر: {escape(origin)}</p>
<p>إقرأ أيضاً:</p>
<h3>{escape(other.title)}</h3>
{_paragraphs(other, tweet_html=False)}
<h4>مقالات مشابهة</h4><ul>{similar}</ul>
</div></div></body></html>"""
        w.article(place, story, html, "text/html; charset=utf-8")
        entries.append((url, story.title, day))
    news = "".join(
        f"<url><loc>{u}</loc><news:news><news:publication><news:name>أخبار 24</news:name><news:language>ar</news:language></news:publication>"
        f"<news:publication_date>{d}</news:publication_date><news:title>{escape(t)}</news:title></news:news></url>"
        for u, t, d in entries
    )
    w.page(
        "https://www.akhbar24.example/sitemap-news.xml",
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{news}</urlset>',
        "application/xml",
    )
    w.page("https://www.akhbar24.example/robots.txt", "User-agent: *\nDisallow:\n", "text/plain")


def build(out: Path = HERE) -> None:
    sites, expected = out / "sites", out / "expected"
    for folder in (sites, expected):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    stories = all_stories()
    w = SiteWriter(sites)
    for site in (arabi21, saraya, aljazeera, aggregator):
        site(w, stories)
    (sites / "manifest.json").write_text(
        json.dumps(w.manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    for item in w.expected:
        name = f"{item['source']}-{item['story']}.json"
        (expected / name).write_text(
            json.dumps(item, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    build()
    print(f"wrote {SITES} and {EXPECTED}")
