"""A table-layout agency like سرايا: windows-1256 declared only in a meta tag, the "latest
news" list and the follow-us row in the same table cell as the body, sections paginated with
"التالي", and an RSS feed whose links carry bare `&` (edited items re-pushed with a new date)."""

from __future__ import annotations

from typing import Any

from seeds.varied import markup
from seeds.varied.families.common import Chrome, comments, newsletter, tag_cloud
from seeds.varied.markup import esc
from seeds.varied.model import Article, Page, Site

CHROME = Chrome(
    latest="آخر الأخبار",
    related="أخبار ذات صلة",
    tags="كلمات دلالية",
    share="شارك هذا الخبر",
    follow=("تابع قناتنا على يوتيوب", "تابع صفحتنا على فيسبوك", "سياسة الخصوصية"),
    views="المشاهدات: {}",
    comments="التعليقات",
    comment_note='ترحب "الرصد" بتعليقاتكم الإيجابية في إطار الحوار البناء والهادف',
    newsletter="اشترك في النشرة الإخبارية اليومية لوكالة الرصد",
    newsletter_button="اشترك الآن",
    copyright="جميع حقوق النشر محفوظة لدى موقع وكالة الرصد الإخبارية © 2024",
    extra=(
        "حرية سقفها السماء",
        "إبحــث في الرصــــد",
        "تعديل حجم الخط:",
        "لا يوجد تعليقات",
        "برمجة واستضافة شركة الأفق",
    ),  # fmt: skip
)
FEED_ITEMS = 20


class AgencySite(Site):
    family = "agency"
    name = "وكالة الرصد الإخبارية"
    article_pattern = r"/article\.php\?id=\d+"

    def article_path(self, article: Article) -> str:
        return f"/article.php?id={article.id}&sec={article.section + 1}&lang=ar"

    def story(self, n: int) -> list[str]:
        paragraphs = super().story(n)
        paragraphs[0] = f"الرصد - {paragraphs[0]}"  # the dateline belongs to the text
        return paragraphs

    def chrome_lines(self) -> list[str]:
        return CHROME.lines()

    def article_chrome(self, article: Article) -> list[str]:
        return [*super().article_chrome(article), CHROME.views.format(article.views)]

    def _frame(self, title: str, content: str) -> bytes:
        nav = " | ".join(
            f'<a href="category.php?cat={k + 1}">{name}</a>'
            for k, (_, name) in enumerate(self.sections)
        )
        html = (
            '<html dir="rtl"><head><meta http-equiv="Content-Type" '
            'content="text/html; charset=windows-1256">'
            f"<title>{esc(title)}</title></head><body>"
            '<table width="100%" border="0" cellpadding="0" cellspacing="0">'
            f'<tr><td class="top"><b>{CHROME.extra[0]}</b> <a href="/">الرئيسية</a> | {nav}'
            f' <form action="search.php"><input name="q" value="{CHROME.extra[1]}"></form></td></tr>'
            f'<tr><td class="main" valign="top">{content}</td></tr>'
            f'<tr><td class="footer">{CHROME.copyright}<br>{CHROME.extra[4]}</td></tr>'
            "</table></body></html>"
        )
        return html.encode("cp1256")

    def _article(self, a: Article) -> bytes:
        when = a.published.strftime("%d-%m-%Y %I:%M %p")
        body = "<br><br>".join(esc(p) for p in a.paragraphs)
        latest = "".join(f'<a href="{esc(x.path)}">{esc(x.title)}</a><br>' for x in self.latest())
        related = "".join(
            f'<a href="{esc(self.articles[i].path)}">{esc(self.articles[i].title)}</a><br>'
            for i in a.related
        )
        content = (
            f'<h1 class="title">{esc(a.title)}</h1>'
            f'<span class="date">{when}</span> | <a href="#print">طباعة</a> | '
            f"{CHROME.views.format(a.views)} | {CHROME.extra[2]} <a>+</a> <a>-</a>"
            # The body, the latest-news list and the follow-us row share one cell.
            f"<br>{body}<br><br><b>{CHROME.latest}</b><br>{latest}"
            f"{CHROME.follow[0]} {CHROME.follow[1]}<br><a href='/privacy'>{CHROME.follow[2]}</a><br>"
            f"{tag_cloud(CHROME)}<div class='share'>{CHROME.share}</div>"
            f"<b>{CHROME.related}</b><br>{related}"
            f"{comments(CHROME)}<p>{CHROME.extra[3]}</p>"
            "<form>الاسم : * <input> البريد الالكتروني : <input> التعليق : * <textarea>"
            "</textarea> رمز التحقق : <input> <button>اضافة</button></form>"
            f"{newsletter(CHROME)}"
        )
        return self._frame(f"{a.title} - {self.name}", content)

    def _listing(self, section: int, number: int, items: list[Article], last: bool) -> bytes:
        rows = "".join(
            f'<li class="cleaner"><a href="{esc(a.path)}">{esc(a.title)}</a>'
            f'<cite class="date">{a.published.strftime("%d-%m-%Y %I:%M %p")}</cite></li>'
            for a in items
        )
        pager = ""
        if number > 1:
            previous = "" if number == 2 else f"&p={number - 1}"
            pager += f'<a href="category.php?cat={section + 1}{previous}">السابق</a> '
        if not last:
            pager += f'<a href="category.php?cat={section + 1}&p={number + 1}">التالي</a>'
        name = self.sections[section][1]
        return self._frame(f"{name} - {self.name}", f"<h2>{name}</h2><ul>{rows}</ul>{pager}")

    def build_pages(self) -> dict[str, Page]:
        html = "text/html"  # no charset: only the meta tag names windows-1256
        pages = {a.path: Page(self._article(a), html, a.modified) for a in self.articles}
        home = "".join(
            f'<li><a href="{esc(a.path)}">{esc(a.title)}</a></li>' for a in self.latest()
        )
        pages["/"] = Page(
            self._frame(self.name, f"<ul>{home}</ul>"), html, self.changed(self.articles)
        )
        for k in range(len(self.sections)):
            chunks = self.section_pages(k)
            for i, items in enumerate(chunks, start=1):
                path = f"/category.php?cat={k + 1}" + (f"&p={i}" if i > 1 else "")
                body = self._listing(k, i, items, i == len(chunks))
                pages[path] = Page(body, html, self.changed(items))
        entries = [
            # Bare `&` in the links, as the agency's feed writes them.
            markup.rss_item(a.title, self.url(a.path), a.modified, escape_link=False)
            for a in self.by_change(FEED_ITEMS)
        ]
        feed = markup.rss(self.name, self.url("/"), entries).encode()
        pages["/rss.php"] = Page(feed, "application/rss+xml", self.changed(self.articles))
        pages["/robots.txt"] = Page(markup.robots().encode(), "text/plain", self.built)
        return pages

    def sources_entry(self) -> dict[str, Any]:
        return {"start_urls": [self.url("/")], "feeds": [self.url("/rss.php")]}
