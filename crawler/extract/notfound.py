"""A page's words that say it was not found: "الصفحة غير موجودة", "خطأ 404", "Page not found"."""

from __future__ import annotations

import re

from archive.normalize import normalize
from crawler.extract.titleparts import title_parts

_NOT_FOUND = re.compile(
    normalize(
        r"(?:(?:عذرا|عفوا)[،,!]?\s*)?(?:(?:هذا|هذه)\s+)?(?:الصفحة|الخبر|المقال|الرابط)\s+"
        # the one asked for: "المطلوبة", "التي تبحث عنها", "التي طلبتها"
        r"(?:(?:المطلوبة?|(?:التي|الذي)\s[^.:،,!؟?]{1,20})\s+)?غير (?:موجود|متوفر|متاح)ة?[.!]?"
        r"|(?:خطأ|error)\s*404|404(?: not found)?|(?:page )?not found"
        r"|(?:(?:عذرا|عفوا|نأسف)[،,!]?\s*)?(?:لم يتم|لم نتمكن من|تعذر) العثور على"
        r" (?:الصفحة|الخبر|المقال|ما تبحث عنه)(?: المطلوبة?)?[.!]?"
        # WordPress themes' "عذراً، لم نعثر على ما تبحث عنه"
        r"|(?:(?:عذرا|عفوا|نأسف)[،,!]?\s*)?(?:لم نعثر|لم نجد) على"
        r" (?:الصفحة|الخبر|المقال|ما تبحث عنه)(?: المطلوبة?)?[.!]?"
    ),
    re.IGNORECASE,
)


def says_not_found(title: str | None) -> bool:
    """A part of the title ("الصفحة غير موجودة | الموقع") that is the apology, whole."""
    parts = title_parts(normalize(title or ""))
    return any(_NOT_FOUND.fullmatch(part.strip()) for part in parts if part.strip())
