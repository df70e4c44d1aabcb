"""AMP-first: listings link only the `/amp` variants, each AMP page names its canonical,
sections paginated with "›", a news sitemap with `<lastmod>`."""

from __future__ import annotations

from typing import Any

from seeds.varied import markup
from seeds.varied.families.common import Chrome, comments, follow, newsletter, tag_cloud
from seeds.varied.markup import esc
from seeds.varied.model import Article, Page, Site

CHROME = Chrome(
    latest="عاجل الآن",
    related="قصص قد تهمك",
    tags="مواضيع",
    share="انشر القصة",
    follow=("حمّل تطبيقنا", "فعّل الإشعارات"),
    views="{} قراءة",
    comments="ناقش القصة",
    comment_note="سجل الدخول لإضافة تعليق",
    newsletter="ملخص اليوم في بريدك",
    newsletter_button="اشترك مجاناً",
    copyright="© 2024 شبكة الأفق الإخبارية. جميع الحقوق محفوظة",
    extra=("القائمة", "للاطلاع على آخر المستجدات تابعوا تغطيتنا المباشرة"),
)


class AmpSite(Site):
    family = "amp"
    name = "شبكة الأفق"
    offset_hours = 4
    sections = (("middle-east", "الشرق الأوسط"), ("world", "العالم"), ("business", "أعمال"))
    article_pattern = r"/story/\d+"

    def article_path(self, a: Article) -> str:
        return f"/story/{a.id}"

    def chrome_lines(self) -> list[str]:
        return CHROME.lines()

    def article_chrome(self, a: Article) -> list[str]:
        return [*super().article_chrome(a), CHROME.views.format(a.views)]

    def _frame(self, title: str, main: str, head: str = "", amp: bool = False) -> bytes:
        menu = " ".join(f'<a href="/section/{slug}">{name}</a>' for slug, name in self.sections)
        latest = markup.links([(f"{a.path}/amp", a.title) for a in self.latest()], "breaking")
        flag = " ⚡" if amp else ""
        boiler = "<style amp-boilerplate>body{visibility:hidden}</style>" if amp else ""
        return (
            f'<!doctype html><html{flag} lang="ar" dir="rtl"><head><meta charset="utf-8">'
            f"<title>{esc(title)}</title>{boiler}{head}</head><body>"
            f'<amp-sidebar id="menu"><h4>{CHROME.extra[0]}</h4>{menu}</amp-sidebar>'
            f'<div class="breaking"><b>{CHROME.latest}</b>{latest}</div>'
            f"<main>{main}</main>"
            f"<footer>{newsletter(CHROME)}{follow(CHROME)}<small>{CHROME.copyright}</small></footer>"
            "</body></html>"
        ).encode()

    def _article(self, a: Article, amp: bool) -> bytes:
        body = "".join(f"<p>{esc(p)}</p>" for p in a.paragraphs)
        body += f"<p><em>{CHROME.extra[1]}</em></p>"
        related = markup.links(
            [(f"{self.articles[i].path}/amp", self.articles[i].title) for i in a.related]
        )
        canonical = self.url(a.path)
        head = markup.json_ld(markup.news_article_ld(a.title, a.published, a.modified, canonical))
        head += f'<link rel="canonical" href="{canonical}">'
        if not amp:
            head += f'<link rel="amphtml" href="{canonical}/amp">'
        main = (
            f'<article><h1 class="headline">{esc(a.title)}</h1>'
            f'<div class="byline">{CHROME.views.format(a.views)} · {CHROME.share}</div>'
            f'<div class="story-body">{body}</div>'
            f'<section class="related"><h2>{CHROME.related}</h2>{related}</section>'
            f"{tag_cloud(CHROME)}</article>{comments(CHROME)}"
        )
        return self._frame(f"{a.title} | {self.name}", main, head, amp)

    def _listing(self, section: int, number: int, items: list[Article], last: bool) -> bytes:
        slug, name = self.sections[section]
        cards = "".join(
            f'<a class="card" href="{a.path}/amp"><h3>{esc(a.title)}</h3></a>' for a in items
        )
        pager = f'<span class="page">{number}</span>'
        if number > 1:
            back = f"/section/{slug}" + (f"/{number - 1}" if number > 2 else "")
            pager = f'<a href="{back}">‹</a> ' + pager
        if not last:
            pager += f' <a href="/section/{slug}/{number + 1}">›</a>'
        return self._frame(f"{name} | {self.name}", f"<h1>{name}</h1>{cards}<nav>{pager}</nav>")

    def build_pages(self) -> dict[str, Page]:
        html = "text/html; charset=utf-8"
        pages: dict[str, Page] = {}
        for a in self.articles:
            pages[a.path] = Page(self._article(a, False), html, a.modified)
            pages[f"{a.path}/amp"] = Page(self._article(a, True), html, a.modified)
        home = "".join(f'<a href="{a.path}/amp">{esc(a.title)}</a>' for a in self.latest())
        pages["/"] = Page(self._frame(self.name, home), html, self.changed(self.articles))
        for k, (slug, _) in enumerate(self.sections):
            chunks = self.section_pages(k)
            for i, items in enumerate(chunks, start=1):
                path = f"/section/{slug}" + (f"/{i}" if i > 1 else "")
                pages[path] = Page(
                    self._listing(k, i, items, i == len(chunks)), html, self.changed(items)
                )
        sitemap = markup.urlset(((self.url(a.path), a.modified) for a in self.articles), news=True)
        pages["/sitemap-news.xml"] = Page(
            sitemap.encode(), "application/xml", self.changed(self.articles)
        )
        robots = markup.robots([self.url("/sitemap-news.xml")])
        pages["/robots.txt"] = Page(robots.encode(), "text/plain", self.built)
        return pages

    def sources_entry(self) -> dict[str, Any]:
        return {"start_urls": [self.url("/")], "sitemaps": [self.url("/sitemap-news.xml")]}
