"""WordPress: `/page/N/` listings with `rel="next"` in the head and numbered links only, the
feed declared only in `<link rel="alternate">`, the sitemap only in robots.txt, `<time>`."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from seeds.varied import markup
from seeds.varied.families.common import Chrome, comments, follow, newsletter, tag_cloud
from seeds.varied.markup import esc
from seeds.varied.model import Article, Page, Site

CHROME = Chrome(
    latest="أحدث المقالات",
    related="مقالات ذات صلة",
    tags="الوسوم",
    share="شارك على فيسبوك",
    follow=("تابعنا على تويتر", "اشترك في قناتنا"),
    views="{} مشاهدة",
    comments="اترك تعليقاً",
    comment_note="لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *",
    newsletter="انضم إلى قائمتنا البريدية لتصلك المقالات الجديدة",
    newsletter_button="اشتراك",
    copyright="جميع الحقوق محفوظة © مدونة الضفة 2024 | يعمل بواسطة ووردبريس",
    extra=("التصنيفات", "الأرشيف", "بحث عن:", "اقرأ أيضاً:"),
)
FEED_ITEMS = 10


class WordPressSite(Site):
    family = "wordpress"
    name = "مدونة الضفة"
    offset_hours = 2
    sections = (("news", "أخبار"), ("reports", "تقارير"), ("opinion", "آراء"))
    article_pattern = r"/\d{4}/\d{2}/[^/?]+-\d+/?$"

    def article_path(self, a: Article) -> str:
        slug = quote("-".join(a.title.split()[:5])).lower()
        return f"/{a.published.year}/{a.published.month:02d}/{slug}-{a.id}/"

    def chrome_lines(self) -> list[str]:
        return CHROME.lines()

    def article_chrome(self, a: Article) -> list[str]:
        return [*super().article_chrome(a), CHROME.views.format(a.views)]

    def _frame(self, title: str, main: str, head: str = "") -> bytes:
        feed = self.url("/feed/")
        menu = "".join(
            f'<li class="menu-item"><a href="/category/{slug}/">{name}</a></li>'
            for slug, name in self.sections
        )
        recent = markup.links([(a.path, a.title) for a in self.latest()])
        return (
            '<!DOCTYPE html><html dir="rtl" lang="ar"><head><meta charset="UTF-8">'
            f"<title>{esc(title)}</title>"
            f'<link rel="alternate" type="application/rss+xml" title="{self.name} &raquo; الخلاصة" href="{feed}">'
            f"{head}</head><body class='wp'><header class='site-header'>"
            f'<p class="site-title"><a href="/">{self.name}</a></p><nav><ul>{menu}</ul></nav></header>'
            f'<div id="content"><div id="primary">{main}</div><div id="secondary" class="widget-area">'
            f'<section class="widget"><h2 class="widget-title">{CHROME.latest}</h2>{recent}</section>'
            f'<section class="widget"><h2 class="widget-title">{CHROME.extra[0]}</h2></section>'
            f'<section class="widget">{newsletter(CHROME)}</section></div></div>'
            f'<footer class="site-footer">{follow(CHROME)}<p>{CHROME.copyright}</p></footer>'
            "</body></html>"
        ).encode()

    def _article(self, a: Article) -> bytes:
        parts = [f"<p>{esc(p)}</p>" for p in a.paragraphs]
        teased = self.articles[a.related[0]]
        parts.insert(
            len(parts) // 2,
            f'<p><strong>{CHROME.extra[3]}</strong> <a href="{teased.path}">{esc(teased.title)}</a></p>',
        )
        body = "".join(parts)
        related = markup.links([(self.articles[i].path, self.articles[i].title) for i in a.related])
        head = f'<link rel="canonical" href="{esc(self.url(a.path))}">'
        main = (
            f'<article class="post"><header class="entry-header"><h1 class="entry-title">{esc(a.title)}</h1>'
            f'<time class="entry-date published" datetime="{a.published.isoformat()}">'
            f"{markup.arabic_date(a.published)}</time>"
            f'<time class="updated" datetime="{a.modified.isoformat()}"></time>'
            f'<span class="post-views">{CHROME.views.format(a.views)}</span></header>'
            f'<div class="entry-content">{body}'
            f'<div class="sharedaddy"><h3>{CHROME.share}</h3></div>'
            f'<div class="jp-relatedposts"><h3>{CHROME.related}</h3>{related}</div></div>'
            f'<footer class="entry-footer">{tag_cloud(CHROME, "tags-links")}</footer></article>'
            f"{comments(CHROME)}"
        )
        return self._frame(f"{a.title} - {self.name}", main, head)

    def _listing_path(self, slug: str, number: int) -> str:
        return f"/category/{slug}/" + (f"page/{number}/" if number > 1 else "")

    def _listing(self, section: int, number: int, items: list[Article], total: int) -> bytes:
        slug, name = self.sections[section]
        head = ""
        if number > 1:
            head += f'<link rel="prev" href="{self.url(self._listing_path(slug, number - 1))}">'
        if number < total:
            head += f'<link rel="next" href="{self.url(self._listing_path(slug, number + 1))}">'
        posts = "".join(
            f'<article><h2 class="entry-title"><a href="{a.path}">{esc(a.title)}</a></h2>'
            f'<time datetime="{a.published.isoformat()}"></time></article>'
            for a in items
        )
        numbers = " ".join(
            f'<span class="page-numbers current">{i}</span>'
            if i == number
            else f'<a class="page-numbers" href="{self._listing_path(slug, i)}">{i}</a>'
            for i in range(max(1, number - 1), min(total, number + 1) + 1)
        )
        main = f'<h1 class="page-title">{name}</h1>{posts}<nav class="pagination">{numbers}</nav>'
        return self._frame(f"{name} - {self.name}", main, head)

    def build_pages(self) -> dict[str, Page]:
        html = "text/html; charset=UTF-8"
        pages = {a.path: Page(self._article(a), html, a.modified) for a in self.articles}
        home = "".join(f'<h2><a href="{a.path}">{esc(a.title)}</a></h2>' for a in self.latest())
        pages["/"] = Page(self._frame(self.name, home), html, self.changed(self.articles))
        for k, (slug, _) in enumerate(self.sections):
            chunks = self.section_pages(k)
            for i, items in enumerate(chunks, start=1):
                body = self._listing(k, i, items, len(chunks))
                pages[self._listing_path(slug, i)] = Page(body, html, self.changed(items))
        entries = [
            markup.rss_item(a.title, self.url(a.path), a.published) for a in self.latest(FEED_ITEMS)
        ]
        feed = markup.rss(self.name, self.url("/"), entries).encode()
        pages["/feed/"] = Page(
            feed, "application/rss+xml; charset=UTF-8", self.changed(self.latest(FEED_ITEMS))
        )
        posts = markup.urlset((self.url(a.path), a.modified) for a in self.articles).encode()
        pages["/wp-sitemap-posts-post-1.xml"] = Page(
            posts, "application/xml", self.changed(self.articles)
        )
        index = markup.sitemap_index(
            [(self.url("/wp-sitemap-posts-post-1.xml"), self.changed(self.articles))]
        )
        pages["/wp-sitemap.xml"] = Page(
            index.encode(), "application/xml", self.changed(self.articles)
        )
        robots = markup.robots([self.url("/wp-sitemap.xml")], ["/wp-admin/"])
        pages["/robots.txt"] = Page(robots.encode(), "text/plain", self.built)
        return pages

    def sources_entry(self) -> dict[str, Any]:
        return {"start_urls": [self.url("/")]}  # no feeds, no sitemaps: found on the site
