"""Markup every family writes in its own way: feeds, sitemaps, robots.txt, JSON-LD, dates."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape

ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
WEEKDAYS = ("الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
MONTHS = (
    "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
    "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
)  # fmt: skip
LEVANTINE = (
    "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
    "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
)  # fmt: skip
ENGLISH = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def esc(value: str) -> str:
    return escape(value, quote=True)


def rfc822(when: datetime) -> str:
    return format_datetime(when)


def iso(when: datetime) -> str:
    return when.isoformat()


def arabic_date(when: datetime, months: tuple[str, ...] = MONTHS, digits: bool = False) -> str:
    """ "الأحد 8 ديسمبر 2024", optionally with Eastern Arabic digits."""
    out = f"{WEEKDAYS[when.weekday()]} {when.day} {months[when.month - 1]} {when.year}"
    return out.translate(ARABIC_DIGITS) if digits else out


def ordinal_date(when: datetime) -> str:
    """The aggregator's "7th, December 2024 GMT"."""
    day = when.astimezone(UTC).day
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return (
        f"{day}{suffix}, {ENGLISH[when.astimezone(UTC).month - 1]} {when.astimezone(UTC).year} GMT"
    )


def json_ld(data: dict) -> str:
    return (
        '<script type="application/ld+json">'
        + json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
        + "</script>"
    )


def news_article_ld(title: str, published: datetime, modified: datetime, url: str) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "datePublished": iso(published),
        "dateModified": iso(modified),
        "mainEntityOfPage": url,
    }


def rss(title: str, link: str, items: Iterable[str]) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{esc(title)}</title><link>{esc(link)}</link>"
        + "".join(items)
        + "</channel></rss>\n"
    )


def rss_item(title: str, link: str, when: datetime, escape_link: bool = True) -> str:
    shown = esc(link) if escape_link else link
    return (
        f"<item><title>{esc(title)}</title><link>{shown}</link>"
        f"<guid>{shown}</guid><pubDate>{rfc822(when)}</pubDate></item>"
    )


def urlset(entries: Iterable[tuple[str, datetime]], news: bool = False) -> str:
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    rows = []
    for loc, lastmod in entries:
        rows.append(f"<url><loc>{esc(loc)}</loc><lastmod>{iso(lastmod)}</lastmod></url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}>'
        + "".join(rows)
        + "</urlset>\n"
    )


def sitemap_index(entries: Iterable[tuple[str, datetime]]) -> str:
    rows = "".join(
        f"<sitemap><loc>{esc(loc)}</loc><lastmod>{iso(lastmod)}</lastmod></sitemap>"
        for loc, lastmod in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + rows
        + "</sitemapindex>\n"
    )


def robots(sitemaps: Iterable[str] = (), disallow: Iterable[str] = ()) -> str:
    lines = ["User-agent: *", *(f"Disallow: {d}" for d in disallow), "Allow: /"]
    lines += [f"Sitemap: {s}" for s in sitemaps]
    return "\n".join(lines) + "\n"


def links(items: Iterable[tuple[str, str]], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return (
        f"<ul{attr}>"
        + "".join(f'<li><a href="{esc(href)}">{esc(label)}</a></li>' for href, label in items)
        + "</ul>"
    )
