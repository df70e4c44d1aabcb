"""A table-layout news site like سرايا: the body, a "آخر الأخبار" sidebar and a follow-us row
all sit in one table cell, lines separated by <br>. Deterministic: page n is the same on every
call. Used by the learned-chrome tests (served on 127.0.0.1 or archived directly)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

_WORDS = [
    "الحكومة",
    "الوزير",
    "البرلمان",
    "المدينة",
    "الشرطة",
    "المواطنين",
    "المشروع",
    "الاقتصاد",
    "الطاقة",
    "المياه",
    "الزراعة",
    "التعليم",
    "الصحة",
    "الطرق",
    "الميناء",
    "المطار",
    "الجامعة",
    "المدارس",
    "الأسعار",
    "الرواتب",
    "القطاع",
    "العمال",
    "المزارعين",
    "الأمطار",
    "السيول",
    "الحدود",
    "التجارة",
    "الصادرات",
    "الاستثمار",
    "البنوك",
    "المستشفى",
    "البلدية",
]
_VERBS = ["قال", "أعلن", "أكد", "أوضح", "كشف", "بيّن", "أشار", "نفى", "طالب", "دعا"]
DATELINE = "سرايا - "
QUOTE = (
    "وقال رئيس الوزراء في تصريحه إن الحكومة ماضية في تنفيذ خطة التحديث الاقتصادي "
    "رغم كل التحديات التي تواجه المنطقة."
)
FOLLOW = ("يوتيوب", "فيسبوك", "تويتر", "سياسة الخصوصية")
LATEST = "آخر الأخبار"


@dataclass
class Page:
    n: int
    title: str
    paragraphs: list[str]
    sidebar: list[str]
    html: str = field(repr=False)


def headline(k: int) -> str:
    return f"عنوان الخبر رقم {k} عن {_WORDS[k % len(_WORDS)]} و{_WORDS[(k * 7) % len(_WORDS)]}"


def _paragraph(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(2, 3)):
        words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(10, 16)))
        sentences.append(f"{rng.choice(_VERBS)} {words}.")
    return " ".join(sentences)


def page(n: int, newest: int, quote: bool = False, dateline_bold: bool = False) -> Page:
    """Article n as served while article `newest` heads the sidebar.
    quote: its third paragraph is QUOTE. dateline_bold: the dateline is an element of its own."""
    rng = random.Random(n)
    paragraphs = [_paragraph(rng) for _ in range(4)]
    if quote:
        paragraphs[2] = QUOTE
    title = headline(n)  # the sidebar shows other articles by their titles
    latest = [k for k in range(newest, max(newest - 8, 0), -1) if k != n]
    sidebar = [headline(k) for k in latest]
    links = "<br>".join(f"<a href='/article/{k}'>{headline(k)}</a>" for k in latest)
    follow = " | ".join(f"<a href='/follow/{i}'>{name}</a>" for i, name in enumerate(FOLLOW))
    dateline = f"<b>{DATELINE.strip()}</b> " if dateline_bold else DATELINE
    body = dateline + "<br><br>".join(paragraphs)
    paragraphs = [DATELINE + paragraphs[0], *paragraphs[1:]]
    html = f"""<html><head><meta charset="utf-8"><title>{title}</title></head><body>
<table width="100%"><tr><td><a href="/">سرايا</a></td></tr></table>
<table width="100%"><tr><td valign="top" class="content">
<h1>{title}</h1>
<span class="dt">07-12-2024 07:27 PM</span><br>
<div>{body}<br><br><b>{LATEST}</b><br>{links}<br><br>تابعونا: {follow}</div>
</td></tr></table></body></html>"""
    return Page(n, title, paragraphs, [LATEST, *sidebar, *FOLLOW], html)
