"""An aggregator republishing the other families' stories: same body, new chrome, the
date as "تاريخ النشر: 7th, December 2024 GMT", an "إقرأ أيضاً:" tail holding another
complete story and a "مقالات مشابهة" list; its feed URL answers an HTML page, its sitemap is
named only in robots.txt, its sections are paginated with "Next"."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from seeds.varied import markup
from seeds.varied.families.common import Chrome, follow, newsletter, tag_cloud
from seeds.varied.markup import esc
from seeds.varied.model import Article, Page, Site

CHROME = Chrome(
    latest="الأكثر تداولاً",
    related="مقالات مشابهة",
    tags="كلمات دلالية",
    share="Share on WhatsApp",
    follow=("Follow us", "تابعنا"),
    views="Views: {}",
    comments="Leave a Reply",
    comment_note="Your email address will not be published.",
    newsletter="Subscribe to our newsletter",
    newsletter_button="Subscribe",
    copyright="Copyright © 2024 Akhbar Hub. All rights reserved.",
    extra=("إقرأ أيضاً:",),
)


class AggregatorSite(Site):
    family = "aggregator"
    name = "أخبار هب"
    offset_hours = 0
    sections = (("syria", "سوريا"), ("jordan", "الأردن"), ("world", "العالم"))
    article_pattern = r"/news/\d+\.html"

    def __init__(
        self, base: str, rng: random.Random, titles: Iterable[str], count: int,
        now: datetime, others: list[Site],
    ) -> None:  # fmt: skip
        pool = [(s, a) for s in others for a in s.articles]
        picked = rng.sample(pool, min(len(pool), 2 * count))
        self.sources = picked[:count]  # the stories republished
        self.tails = picked[count:] or picked  # the stories appended after "إقرأ أيضاً:"
        super().__init__(base, rng, titles, count, now)
        for a in self.articles:
            site, original = self.sources[a.n % len(self.sources)]
            a.title = original.title
            a.paragraphs = list(original.paragraphs)
            a.origin = site.name
            a.tail = self.tails[a.n % len(self.tails)][1]
        self.render()

    def story(self, n: int) -> list[str]:
        return []  # filled from the republished story once the articles exist

    def article_path(self, a: Article) -> str:
        return f"/news/{a.id}.html"

    def chrome_lines(self) -> list[str]:
        return CHROME.lines()

    def article_chrome(self, a: Article) -> list[str]:
        tail = [a.tail.title, *a.tail.paragraphs] if a.tail else []
        return [
            *super().article_chrome(a), CHROME.views.format(a.views), f"المصدر: {a.origin}", *tail,
        ]  # fmt: skip

    def _frame(self, title: str, main: str) -> bytes:
        menu = " ".join(f'<a href="/cat/{slug}">{name}</a>' for slug, name in self.sections)
        trending = markup.links([(a.path, a.title) for a in self.latest()])
        return (
            '<!DOCTYPE html><html lang="ar"><head><meta charset="UTF-8">'
            f"<title>{esc(title)}</title></head><body><div class='site'>"
            f"<div class='top-bar'>{menu}</div><div class='content-area'>{main}</div>"
            f"<div class='sidebar'><h4>{CHROME.latest}</h4>{trending}{newsletter(CHROME)}</div>"
            f"<div class='site-info'>{follow(CHROME)} {CHROME.copyright}</div></div></body></html>"
        ).encode()

    def _article(self, a: Article) -> bytes:
        body = "".join(f"<p>{esc(p)}</p>" for p in a.paragraphs)
        tail = ""
        if a.tail:
            tail = f"<p>{esc(a.tail.title)}</p>" + "".join(
                f"<p>{esc(p)}</p>" for p in a.tail.paragraphs
            )
        similar = "".join(f"<li>• {esc(self.articles[i].title)}</li>" for i in a.related)
        main = (
            f'<div class="entry-content"><p><strong>{esc(a.title)}</strong></p>'
            f"<p>تاريخ النشر: {markup.ordinal_date(a.published)}</p>"
            f"{body}<p>المصدر: {esc(a.origin or '')}</p>"
            f"<p>{CHROME.extra[0]}</p>{tail}"
            f"<p>{CHROME.related}</p><ul>{similar}</ul></div>"
            f"<div class='post-views'>{CHROME.views.format(a.views)}</div>"
            f"<div class='share'>{CHROME.share}</div>{tag_cloud(CHROME)}"
            f"<div class='comment-respond'><h3>{CHROME.comments}</h3><p>{CHROME.comment_note}</p></div>"
        )
        return self._frame(f"{a.title} - {self.name}", main)

    def _listing(self, section: int, number: int, items: list[Article], last: bool) -> bytes:
        slug, name = self.sections[section]
        rows = markup.links([(a.path, a.title) for a in items])
        pager = "" if last else f'<a class="next" href="/cat/{slug}/page{number + 1}">Next</a>'
        return self._frame(f"{name} - {self.name}", f"<h1>{name}</h1>{rows}{pager}")

    def build_pages(self) -> dict[str, Page]:
        html = "text/html; charset=UTF-8"
        pages = {a.path: Page(self._article(a), html, a.modified) for a in self.articles}
        home = markup.links([(a.path, a.title) for a in self.latest()])
        pages["/"] = Page(self._frame(self.name, home), html, self.changed(self.articles))
        for k, (slug, _) in enumerate(self.sections):
            chunks = self.section_pages(k)
            for i, items in enumerate(chunks, start=1):
                path = f"/cat/{slug}" + (f"/page{i}" if i > 1 else "")
                pages[path] = Page(
                    self._listing(k, i, items, i == len(chunks)), html, self.changed(items)
                )
        # The "feed" is an HTML page listing the newest stories, with status 200.
        newest = markup.links([(a.path, a.title) for a in self.latest(15)])
        pages["/rss"] = Page(self._frame(self.name, newest), html, self.changed(self.articles))
        sitemap = markup.urlset((self.url(a.path), a.modified) for a in self.articles)
        pages["/sitemap.xml"] = Page(
            sitemap.encode(), "application/xml", self.changed(self.articles)
        )
        robots = markup.robots([self.url("/sitemap.xml")], ["/wp-admin/"])
        pages["/robots.txt"] = Page(robots.encode(), "text/plain", self.built)
        return pages

    def sources_entry(self) -> dict[str, Any]:
        return {"start_urls": [self.url("/")], "feeds": [self.url("/rss")]}
