"""A classic portal: `<article>` markup, numbered `?page=N` pagination with no "next" text,
a sitemap index of daily sitemaps with `<lastmod>`, dates in JSON-LD only."""

from __future__ import annotations

from typing import Any

from seeds.varied import markup
from seeds.varied.families.common import Chrome, comments, follow, newsletter, tag_cloud
from seeds.varied.markup import esc
from seeds.varied.model import Article, Page, Site

CHROME = Chrome(
    latest="الأكثر قراءة",
    related="المزيد من الأخبار",
    tags="كلمات دلالية",
    share="شارك عبر",
    follow=("تابعونا على منصة إكس", "تابعونا على إنستغرام", "تابعونا على تيليغرام"),
    views="عدد القراءات {}",
    comments="آراء القراء",
    comment_note="التعليقات تعبر عن آراء أصحابها وليس عن رأي البوابة",
    newsletter="احصل على أهم الأخبار في بريدك كل صباح",
    newsletter_button="سجل الآن",
    copyright="© حقوق النشر محفوظة لبوابة المشرق 2024",
    extra=("إعلان", "تابعوا آخر الأخبار عبر تطبيق بوابة المشرق على هواتفكم"),
)


class PortalSite(Site):
    family = "portal"
    name = "بوابة المشرق"
    offset_hours = 2
    article_pattern = r"/news/\d{4}/\d{1,2}/\d{1,2}/story-\d+"

    def article_path(self, a: Article) -> str:
        d = a.published
        return f"/news/{d.year}/{d.month}/{d.day}/story-{a.id}"

    def chrome_lines(self) -> list[str]:
        return CHROME.lines()

    def article_chrome(self, a: Article) -> list[str]:
        return [*super().article_chrome(a), CHROME.views.format(a.views)]

    def _frame(self, title: str, main: str, head: str = "") -> bytes:
        nav = "".join(
            f'<li><a href="/section/{slug}">{name}</a></li>' for slug, name in self.sections
        )
        latest = markup.links([(a.path, a.title) for a in self.latest()], "most-read")
        return (
            '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
            f"<title>{esc(title)}</title>{head}</head><body>"
            f'<header><a href="/">{self.name}</a><nav><ul>{nav}</ul></nav></header>'
            f'<div class="container"><main>{main}</main>'
            f"<aside><h3>{CHROME.latest}</h3>{latest}{newsletter(CHROME)}</aside></div>"
            f"<footer>{follow(CHROME)}<p>{CHROME.copyright}</p></footer></body></html>"
        ).encode()

    def _article(self, a: Article) -> bytes:
        paragraphs = [f"<p>{esc(p)}</p>" for p in a.paragraphs]
        # An ad label line inside the body, as al-Jazeera places them.
        paragraphs.insert(
            min(2, len(paragraphs)), f'<div class="ad"><span>{CHROME.extra[0]}</span></div>'
        )
        paragraphs.append(f"<p>{CHROME.extra[1]}</p>")  # on every page, inside the body
        more = markup.links([(self.articles[i].path, self.articles[i].title) for i in a.related])
        head = markup.json_ld(
            markup.news_article_ld(a.title, a.published, a.modified, self.url(a.path))
        )
        head += f'<link rel="canonical" href="{esc(self.url(a.path))}">'
        main = (
            f"<article><h1>{esc(a.title)}</h1>"
            f'<div class="meta"><span>{CHROME.views.format(a.views)}</span> '
            f'<span class="share">{CHROME.share}</span></div>'
            f'<div class="wysiwyg wysiwyg--all-content">{"".join(paragraphs)}</div>'
            f'<div class="more-on"><h2>{CHROME.related}</h2>{more}</div>'
            f"{tag_cloud(CHROME)}</article>{comments(CHROME)}"
        )
        return self._frame(f"{a.title} | {self.name}", main, head)

    def _listing(self, section: int, number: int, items: list[Article], total: int) -> bytes:
        slug, name = self.sections[section]
        rows = markup.links([(a.path, a.title) for a in items], "cards")
        numbers = []
        for i in range(max(1, number - 2), min(total, number + 2) + 1):  # a window
            href = f"/section/{slug}" + (f"?page={i}" if i > 1 else "")
            numbers.append(f"<span>{i}</span>" if i == number else f'<a href="{href}">{i}</a>')
        main = f"<h1>{name}</h1>{rows}<div class='pagination'>{' '.join(numbers)}</div>"
        return self._frame(f"{name} | {self.name}", main)

    def build_pages(self) -> dict[str, Page]:
        html = "text/html; charset=utf-8"
        pages = {a.path: Page(self._article(a), html, a.modified) for a in self.articles}
        home = markup.links([(a.path, a.title) for a in self.latest()], "top")
        pages["/"] = Page(self._frame(self.name, home), html, self.changed(self.articles))
        for k, (slug, _) in enumerate(self.sections):
            chunks = self.section_pages(k)
            for i, items in enumerate(chunks, start=1):
                path = f"/section/{slug}" + (f"?page={i}" if i > 1 else "")
                pages[path] = Page(
                    self._listing(k, i, items, len(chunks)), html, self.changed(items)
                )
        days: dict[tuple[int, int, int], list[Article]] = {}
        for a in self.articles:
            days.setdefault((a.published.year, a.published.month, a.published.day), []).append(a)
        index = []
        for (y, m, d), items in sorted(days.items(), reverse=True):
            path = f"/sitemap.xml?yyyy={y}&mm={m}&dd={d}"
            body = markup.urlset((self.url(a.path), a.modified) for a in items).encode()
            pages[path] = Page(body, "application/xml", self.changed(items))
            index.append((self.url(path), self.changed(items)))
        pages["/sitemap.xml"] = Page(
            markup.sitemap_index(index).encode(), "application/xml", self.changed(self.articles)
        )
        robots = markup.robots([self.url("/sitemap.xml")], ["/search"])
        pages["/robots.txt"] = Page(robots.encode(), "text/plain", self.built)
        return pages

    def sources_entry(self) -> dict[str, Any]:
        return {"start_urls": [self.url("/")], "sitemaps": [self.url("/sitemap.xml")]}
