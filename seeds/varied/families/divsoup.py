"""A `div` soup: inline ads inside the body, the visible date only in Arabic words with
Eastern Arabic digits ("الأحد ٨ كانون الأول ٢٠٢٤"), broken JSON-LD whose date is right, a
related-stories teaser with other dates above the story, and a feed with unescaped `<` in
titles and a wrong declared encoding (UTF-8 bytes declared ISO-8859-1, raw Arabic in links)."""

from __future__ import annotations

from typing import Any

from seeds.varied import markup
from seeds.varied.families.common import Chrome, comments, follow, newsletter, tag_cloud
from seeds.varied.markup import esc
from seeds.varied.model import Article, Page, Site

CHROME = Chrome(
    latest="الأخبار العاجلة",
    related="اخترنا لكم",
    tags="كلمات مفتاحية",
    share="شارك الخبر على",
    follow=("انضم لقناتنا على واتساب", "تابعنا على فيسبوك"),
    views="شوهد {} مرة",
    comments="التعليقات (0)",
    comment_note="التعليقات المنشورة لا تعبر عن رأي الموقع",
    newsletter="سجل بريدك ليصلك كل جديد",
    newsletter_button="تسجيل",
    copyright="جميع الحقوق محفوظة لموقع نبأ الساعة © 2024",
    extra=("مساحة إعلانية", "تابعونا على قناة نبأ الساعة في تيليغرام"),
)
FEED_ITEMS = 500


class DivSoupSite(Site):
    family = "divsoup"
    name = "نبأ الساعة"
    sections = (("1", "أخبار محلية"), ("2", "عربي ودولي"), ("3", "منوعات"))
    article_pattern = r"/details/\d+"

    def article_path(self, a: Article) -> str:
        slug = "-".join(a.title.split()[:4])  # raw Arabic, as the site writes its links
        return f"/details/{a.id}/{slug}"

    def chrome_lines(self) -> list[str]:
        return CHROME.lines()

    def article_chrome(self, a: Article) -> list[str]:
        return [*super().article_chrome(a), CHROME.views.format(a.views)]

    def _frame(self, title: str, main: str, head: str = "") -> bytes:
        menu = "".join(
            f'<div class="mi"><a href="/list.aspx?cat={slug}">{name}</a></div>'
            for slug, name in self.sections
        )
        ticker = "".join(
            f'<div class="tk"><a href="{esc(a.path)}">{esc(a.title)}</a></div>'
            for a in self.latest()
        )
        return (
            '<html><head><meta charset="utf-8">'
            f"<title>{esc(title)}</title>{head}</head><body><div id='wrap'>"
            f"<div class='hdr'><div class='logo'>{self.name}</div><div class='menu'>{menu}</div></div>"
            f"<div class='ticker'><div class='tkt'>{CHROME.latest}</div>{ticker}</div>"
            f"<div class='cnt'>{main}</div>"
            f"<div class='ftr'><div>{follow(CHROME)}</div><div>{newsletter(CHROME)}</div>"
            f"<div>{CHROME.copyright}</div></div></div></body></html>"
        ).encode()

    def _broken_ld(self, a: Article) -> str:
        # A raw newline inside a string and a trailing comma: json.loads refuses it.
        summary = " ".join(a.paragraphs[0].split()[:10])
        return (
            '<script type="application/ld+json">{"@context": "https://schema.org", '
            f'"@type": "NewsArticle", "headline": "{a.title}", '
            f'"description": "{summary}\n{self.name}", '
            f'"datePublished": "{a.published.isoformat()}", }}</script>'
        )

    def _article(self, a: Article) -> bytes:
        parts = []
        for i, p in enumerate(a.paragraphs):
            parts.append(f'<div class="txt">{esc(p)}</div>')
            if i in (1, 4):  # inline ads inside the body
                parts.append(
                    f'<div class="adv"><div class="adl">{CHROME.extra[0]}</div>'
                    "<script>googletag.cmd.push(function(){});</script></div>"
                )
        parts.append(f'<div class="txt">{CHROME.extra[1]}</div>')
        teaser = "".join(
            f'<div class="rel"><a href="{esc(self.articles[i].path)}">{esc(self.articles[i].title)}</a>'
            f'<time datetime="{self.articles[i].published.isoformat()}">'
            f"{markup.arabic_date(self.articles[i].published, markup.LEVANTINE, True)}</time></div>"
            for i in a.related
        )
        main = (
            f'<div class="relbox"><div class="relt">{CHROME.related}</div>{teaser}</div>'
            f'<div class="art"><div class="ttl">{esc(a.title)}</div>'
            f'<div class="dt">{markup.arabic_date(a.published, markup.LEVANTINE, True)}</div>'
            f'<div class="vw">{CHROME.views.format(a.views)}</div>'
            f'<div class="bd">{"".join(parts)}</div>'
            f'<div class="shr">{CHROME.share}</div>{tag_cloud(CHROME)}</div>'
            f"{comments(CHROME)}"
        )
        return self._frame(f"{a.title} - {self.name}", main, self._broken_ld(a))

    def _listing(self, section: int, number: int, items: list[Article], last: bool) -> bytes:
        slug, name = self.sections[section]
        rows = "".join(
            f'<div class="itm"><a href="{esc(a.path)}"><div class="it">{esc(a.title)}</div></a></div>'
            for a in items
        )
        pager = ""
        if not last:
            pager = f'<div class="pg"><a href="/list.aspx?cat={slug}&amp;pg={number + 1}"><span>التالي</span><i class="ic"></i></a></div>'
        return self._frame(
            f"{name} - {self.name}",
            f'<div class="lst"><div class="lt">{name}</div>{rows}</div>{pager}',
        )

    def _feed(self) -> bytes:
        items = "".join(
            # Titles written raw: "<" unescaped; links raw Arabic; bytes UTF-8.
            f"<item><title>عاجل < {a.title}</title><link>{self.url(a.path)}</link>"
            f"<pubDate>{markup.rfc822(a.modified)}</pubDate></item>"
            for a in self.by_change(FEED_ITEMS)
        )
        return (
            '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel>'
            f"<title>{self.name}</title><link>{self.url('/')}</link>{items}</channel></rss>"
        ).encode()

    def build_pages(self) -> dict[str, Page]:
        html = "text/html; charset=utf-8"
        pages = {a.path: Page(self._article(a), html, a.modified) for a in self.articles}
        home = "".join(
            f'<div><a href="{esc(a.path)}">{esc(a.title)}</a></div>' for a in self.latest()
        )
        pages["/"] = Page(self._frame(self.name, home), html, self.changed(self.articles))
        for k, (slug, _) in enumerate(self.sections):
            chunks = self.section_pages(k)
            for i, items in enumerate(chunks, start=1):
                path = f"/list.aspx?cat={slug}" + (f"&pg={i}" if i > 1 else "")
                pages[path] = Page(
                    self._listing(k, i, items, i == len(chunks)), html, self.changed(items)
                )
        pages["/rss.xml"] = Page(self._feed(), "application/rss+xml", self.changed(self.articles))
        pages["/robots.txt"] = Page(markup.robots().encode(), "text/plain", self.built)
        return pages

    def sources_entry(self) -> dict[str, Any]:
        return {"start_urls": [self.url("/")], "feeds": [self.url("/rss.xml")]}
