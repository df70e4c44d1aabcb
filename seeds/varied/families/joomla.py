"""Drupal/Joomla style: `?start=N` offsets behind "الصفحة التالية" and "»" links, the date
only in `article:published_time`, and a feed (newest change first) cut off mid-item."""

from __future__ import annotations

from typing import Any

from seeds.varied import markup
from seeds.varied.families.common import Chrome, comments, follow, newsletter, tag_cloud
from seeds.varied.markup import esc
from seeds.varied.model import Article, Page, Site

CHROME = Chrome(
    latest="أحدث الأخبار",
    related="أخبار متعلقة",
    tags="كلمات دلالية",
    share="أرسل لصديق",
    follow=("صفحتنا على فيسبوك", "حسابنا على إكس", "قناتنا على يوتيوب"),
    views="قراءة {} مرة",
    comments="أضف تعليقك",
    comment_note="يرجى الالتزام بآداب الحوار وعدم الإساءة",
    newsletter="النشرة البريدية لصحيفة الميدان",
    newsletter_button="إرسال",
    copyright="صحيفة الميدان الإلكترونية - جميع الحقوق محفوظة 2024",
    extra=("البداية", "السابق", "طباعة المقال", "المصدر: صحيفة الميدان + وكالات"),
)
FEED_ITEMS = 20


class JoomlaSite(Site):
    family = "joomla"
    name = "صحيفة الميدان"
    sections = (("akhbar", "أخبار"), ("arab", "عربي ودولي"), ("iqtisad", "اقتصاد"))
    article_pattern = r"/index\.php/\w+/\d+-"

    def article_path(self, a: Article) -> str:
        return f"/index.php/{self.sections[a.section][0]}/{a.id}-story"

    def chrome_lines(self) -> list[str]:
        return CHROME.lines()

    def article_chrome(self, a: Article) -> list[str]:
        return [*super().article_chrome(a), CHROME.views.format(a.views)]

    def _frame(self, title: str, main: str, head: str = "") -> bytes:
        menu = " ".join(f'<a href="/index.php/{slug}">{name}</a>' for slug, name in self.sections)
        latest = markup.links([(a.path, a.title) for a in self.latest()], "latestnews")
        return (
            '<!DOCTYPE html><html lang="ar-aa" dir="rtl"><head>'
            '<meta http-equiv="content-type" content="text/html; charset=utf-8">'
            f"<title>{esc(title)}</title>{head}</head><body>"
            f'<div id="header"><div class="moduletable_menu">{menu}</div></div>'
            f'<div id="main"><div id="left"><div class="moduletable"><h3>{CHROME.latest}</h3>{latest}</div>'
            f'<div class="moduletable">{newsletter(CHROME)}</div></div>'
            f'<div id="component">{main}</div></div>'
            f'<div id="footer">{follow(CHROME, " | ")}<br>{CHROME.copyright}</div></body></html>'
        ).encode()

    def _article(self, a: Article) -> bytes:
        body = "".join(f"<p>{esc(p)}</p>" for p in a.paragraphs) + f"<p>{CHROME.extra[3]}</p>"
        related = markup.links([(self.articles[i].path, self.articles[i].title) for i in a.related])
        head = (
            f'<meta property="article:published_time" content="{a.published.isoformat()}">'
            f'<meta property="article:modified_time" content="{a.modified.isoformat()}">'
        )
        main = (
            f'<div class="item-page"><h2 itemprop="headline">{esc(a.title)}</h2>'
            f'<dl class="article-info"><dd class="hits">{CHROME.views.format(a.views)}</dd></dl>'
            f'<div class="icons"><a href="#">{CHROME.extra[2]}</a> <a href="#">{CHROME.share}</a></div>'
            f'<div itemprop="articleBody">{body}</div>'
            f'<div class="related"><h3>{CHROME.related}</h3>{related}</div>'
            f"{tag_cloud(CHROME)}</div>{comments(CHROME)}"
        )
        return self._frame(f"{a.title} - {self.name}", main, head)

    def _listing(
        self, section: int, number: int, items: list[Article], size: int, last: bool
    ) -> bytes:
        slug, name = self.sections[section]
        rows = "".join(
            f'<div class="blog-item"><h2><a href="{a.path}">{esc(a.title)}</a></h2>'
            f"<p>{esc(a.paragraphs[0][:120])}…</p></div>"
            for a in items
        )
        base = f"/index.php/{slug}"
        pager = []
        if number > 1:
            pager.append(f'<a href="{base}" title="{CHROME.extra[0]}">«</a>')
            back = (number - 2) * size
            pager.append(
                f'<a href="{base}?start={back}">{CHROME.extra[1]}</a>'
                if back
                else f'<a href="{base}">{CHROME.extra[1]}</a>'
            )
        if not last:
            pager.append(
                f'<a href="{base}?start={number * size}" title="التالي">الصفحة التالية</a>'
            )
            pager.append(f'<a href="{base}?start={number * size}">»</a>')
        main = f'<h1>{name}</h1>{rows}<div class="pagination">{" ".join(pager)}</div>'
        return self._frame(f"{name} - {self.name}", main)

    def _feed(self) -> bytes:
        items = [
            markup.rss_item(a.title, self.url(a.path), a.modified)
            for a in self.by_change(FEED_ITEMS)
        ]
        whole = markup.rss(self.name, self.url("/"), items).encode()
        # Cut off in the middle of the last item, as a feed written by a dying PHP process.
        cut = whole.rfind(b"<item>") + len(b"<item><title>") + 5
        return whole[:cut]

    def build_pages(self) -> dict[str, Page]:
        html = "text/html; charset=utf-8"
        pages = {a.path: Page(self._article(a), html, a.modified) for a in self.articles}
        home = markup.links([(a.path, a.title) for a in self.latest()])
        pages["/"] = Page(self._frame(self.name, home), html, self.changed(self.articles))
        for k, (slug, _) in enumerate(self.sections):
            chunks = self.section_pages(k)
            size = len(chunks[0])
            for i, items in enumerate(chunks, start=1):
                path = f"/index.php/{slug}" + (f"?start={(i - 1) * size}" if i > 1 else "")
                body = self._listing(k, i, items, size, i == len(chunks))
                pages[path] = Page(body, html, self.changed(items))
        pages["/index.php?format=feed&type=rss"] = Page(
            self._feed(), "application/rss+xml; charset=utf-8", self.changed(self.articles)
        )
        pages["/robots.txt"] = Page(
            markup.robots(disallow=["/administrator/"]).encode(), "text/plain", self.built
        )
        return pages

    def sources_entry(self) -> dict[str, Any]:
        return {
            "start_urls": [self.url("/")],
            "feeds": [self.url("/index.php?format=feed&type=rss")],
        }
