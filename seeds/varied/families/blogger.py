"""Blogger: "رسائل أقدم" / "المزيد" links carrying `?updated-max=` tokens, an Atom feed with
`<updated>`, and a stale `<meta charset="iso-8859-15">` on UTF-8 bytes (no charset header)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from seeds.varied import markup
from seeds.varied.families.common import Chrome, comments, follow, newsletter, tag_cloud
from seeds.varied.markup import esc
from seeds.varied.model import Article, Page, Site

CHROME = Chrome(
    latest="المشاركات الشائعة",
    related="قد يعجبك أيضاً",
    tags="التسميات",
    share="مشاركة هذه المشاركة",
    follow=("المتابعون", "الاشتراك في: تعليقات الرسالة (Atom)"),
    views="مشاهدات الصفحة: {}",
    comments="ليست هناك تعليقات:",
    comment_note="إرسال تعليق",
    newsletter="تابع المدونة عبر البريد الإلكتروني",
    newsletter_button="Submit",
    copyright="مدونة دفاتر الشام. المظهر: بسيط. يتم التشغيل بواسطة Blogger.",
    extra=(
        "رسالة أحدث",
        "رسائل أقدم",
        "الصفحة الرئيسية",
        "شاركونا آراءكم في التعليقات أسفل التدوينة",
    ),
)
PER_PAGE_HOME = 5


def _token(a: Article) -> str:
    return quote(a.published.isoformat(timespec="seconds"), safe="")


class BloggerSite(Site):
    family = "blogger"
    name = "دفاتر الشام"
    sections = (("سياسة", "سياسة"), ("مجتمع", "مجتمع"), ("ثقافة", "ثقافة"))
    article_pattern = r"/\d{4}/\d{2}/post-\d+\.html"

    def article_path(self, a: Article) -> str:
        return f"/{a.published.year}/{a.published.month:02d}/post-{a.id}.html"

    def chrome_lines(self) -> list[str]:
        return CHROME.lines()

    def article_chrome(self, a: Article) -> list[str]:
        return [*super().article_chrome(a), CHROME.views.format(a.views)]

    def _frame(self, title: str, main: str, head: str = "") -> bytes:
        labels = " ".join(
            f'<a href="/search/label/{quote(slug)}">{name}</a>' for slug, name in self.sections
        )
        popular = markup.links([(a.path, a.title) for a in self.latest()])
        feed = self.url("/feeds/posts/default")
        return (
            "<!DOCTYPE html><html dir='rtl' lang='ar'><head>"
            '<meta charset="iso-8859-15">'  # left over from the blog's first template
            f'<meta content="blogger" name="generator"><title>{esc(title)}</title>'
            f'<link rel="alternate" type="application/atom+xml" title="{self.name} - Atom" href="{feed}">'
            f"{head}</head><body><div class='header'><h1><a href='/'>{self.name}</a></h1></div>"
            f"<div class='main-wrapper'>{main}</div><div class='sidebar-wrapper'>"
            f"<div class='widget PopularPosts'><h2>{CHROME.latest}</h2>{popular}</div>"
            f"<div class='widget Label'><h2>{CHROME.tags}</h2>{labels}</div>"
            f"<div class='widget Follow'>{follow(CHROME)}</div>"
            f"<div class='widget FollowByEmail'>{newsletter(CHROME)}</div></div>"
            f"<div class='footer'>{CHROME.copyright}</div></body></html>"
        ).encode()

    def _post(self, a: Article) -> bytes:
        body = "<br /><br />".join([*(esc(p) for p in a.paragraphs), CHROME.extra[3]])
        related = markup.links([(self.articles[i].path, self.articles[i].title) for i in a.related])
        main = (
            f"<h2 class='date-header'><span>{markup.arabic_date(a.published)}</span></h2>"
            f"<div class='post hentry'><h3 class='post-title entry-title'>{esc(a.title)}</h3>"
            f"<div class='post-body entry-content' id='post-body-{a.id}'>{body}</div>"
            f"<div class='post-footer'><abbr class='published' itemprop='datePublished' "
            f"title='{a.published.isoformat()}'>{a.published.strftime('%H:%M')}</abbr> "
            f"<span>{CHROME.views.format(a.views)}</span> <a>{CHROME.share}</a>"
            f"{tag_cloud(CHROME, 'post-labels')}</div></div>"
            f"<div class='related-posts'><h4>{CHROME.related}</h4>{related}</div>"
            f"{comments(CHROME)}"
            f"<div class='blog-pager'><a href='/'>{CHROME.extra[2]}</a></div>"
        )
        return self._frame(f"{self.name}: {a.title}", main)

    def _listing(self, items: list[Article], older: str | None, label: str) -> bytes:
        posts = "".join(
            f"<div class='post'><h3 class='post-title'><a href='{a.path}'>{esc(a.title)}</a></h3>"
            f"<div class='post-body'>{esc(a.paragraphs[0][:100])}…</div>"
            f"<a href='{a.path}'>قراءة المزيد »</a></div>"
            for a in items
        )
        pager = f"<a class='blog-pager-older-link' href='{esc(older)}'>{label}</a>" if older else ""
        return self._frame(self.name, f"{posts}<div class='blog-pager'>{pager}</div>")

    def _walk(self, pages: dict[str, Page], first: str, items: list[Article], per: int) -> None:
        """A chain of listing pages, each pointing at the next by the date of its last post."""
        base, label = ("/search", CHROME.extra[1]) if first == "/" else (first, "المزيد")
        path = first
        for i in range(0, len(items), per):
            chunk = items[i : i + per]
            older = None
            if items[i + per :]:
                older = f"{base}?updated-max={_token(chunk[-1])}&max-results={per}"
            pages[path] = Page(self._listing(chunk, older, label), "text/html", self.changed(chunk))
            path = older or path

    def _atom(self) -> bytes:
        entries = "".join(
            "<entry>"
            f"<id>tag:blogger.com,1999:blog-1.post-{a.id}</id>"
            f"<published>{a.published.isoformat()}</published><updated>{a.modified.isoformat()}</updated>"
            f"<title type='text'>{esc(a.title)}</title>"
            f"<link rel='alternate' type='text/html' href='{self.url(a.path)}' title='{esc(a.title)}'/>"
            "</entry>"
            for a in self.articles
        )
        return (
            "<?xml version='1.0' encoding='UTF-8'?>"
            "<feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title type='text'>{self.name}</title><updated>{self.changed(self.articles).isoformat()}</updated>"
            f"{entries}</feed>"
        ).encode()

    def build_pages(self) -> dict[str, Page]:
        pages = {a.path: Page(self._post(a), "text/html", a.modified) for a in self.articles}
        self._walk(pages, "/", self.articles, PER_PAGE_HOME)
        for k, (slug, _) in enumerate(self.sections):
            items = self.section_articles(k)
            per = len(self.section_pages(k)[0])
            self._walk(pages, f"/search/label/{quote(slug)}", items, per)
        pages["/feeds/posts/default"] = Page(
            self._atom(), "application/atom+xml; charset=UTF-8", self.changed(self.articles)
        )
        pages["/robots.txt"] = Page(markup.robots().encode(), "text/plain", self.built)
        return pages

    def sources_entry(self) -> dict[str, Any]:
        return {"start_urls": [self.url("/")], "feeds": [self.url("/feeds/posts/default")]}
