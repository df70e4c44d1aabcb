"""Lines that are never article text, and the markers after which the article is over."""

from __future__ import annotations

import re

from archive.normalize import fold, normalize

# Normalized (alef/hamza, ya, ta marbuta, no diacritics or tatweel) so one form covers all.
_N = normalize

# A line that is only one of these starts a related list or, in the aggregator format,
# another story: nothing after it is this article's text.
_END_MARKERS = re.compile(
    "^(?:"
    + "|".join(
        _N(m)
        for m in (
            "إقرأ أيضاً",
            "اقرأ أيضا",
            "اقرأ المزيد",
            "مقالات مشابهة",
            "مقالات ذات صلة",
            "أخبار ذات صلة",
            "أخبار متعلقة",
            "مواضيع ذات صلة",
            "موضوعات ذات صلة",
            "قد يهمك أيضا",
            "قد يعجبك أيضا",
            "الأكثر قراءة",
            "شاهد أيضا",
            "related articles",
            "read more",
            "read also",
        )
    )
    + r")\s*[:：.…]*$"
)

_LINE_PATTERNS = [
    # "اقرأ أيضا: <other headline>" on one line
    r"^(?:اقرا|إقرا) ايضا\s*[:：-]",
    r"^(?:الكلمات الدلاليه|كلمات دلاليه|الوسوم|وسوم|tags)\s*[:：]",
    r"^المصدر\s*[:：]\s*\S.{0,60}$",
    r"^المزيد في ",
    r"^تابع(?:ونا)? (?:قناتنا|صفحتنا|منصه|حسابنا|على)",
    r"^تابعوا? .{0,40}(?:يوتيوب|فيسبوك|تويتر|تلغرام|تيليجرام|واتساب|انستغرام)",
    r"(?:^|\s)المشاهدات\s*[:：]\s*\d+",
    r"^(?:طباعه|طباعة|ارسال|إرسال|شارك|مشاركه|نسخ الرابط)(?:\s|$)",
    r"^تعديل حجم الخط",
    r"حقوق (?:النشر|الطبع|الطبع والنشر) محفوظه",
    r"all rights reserved",
    r"©",
    r"برمجه و ?استضافه",
    r"بتعليقاتكم",
    r"^لا يوجد تعليقات",
    r"^(?:الاسم|البريد الالكتروني|التعليق|رمز التحقق|الرد على تعليق)\s*[:：|*]",
    r"^الرد على تعليق$",
    r"^اضافه\s*\|?$",
    r"^الاراء والتعليقات المنشوره",
    r"^اضافه تعليق",
    r"^(?:اعلان|advertisement)$",
    r"^اشترك (?:في|ب) (?:النشره|نشرتنا)",
    r"^سجل بريدك",
    r"حريه سقفها السماء",
    r"^ابحث في ",
    r"^(?:تاريخ النشر|نشر في|اخر تحديث|تاريخ التحديث)\s*[:：]",
    r"^(?:الصفحه الرئيسيه|الرئيسيه)\s*[>»/]",
    # an embedded tweet flattened to text: "... pic.twitter.com/x — Name (@handle) December 8, 2024"
    r"pic\.twitter\.com/\w+",
    r"— [^()\n]{0,60}\(@\w+\)\s+\w+ \d{1,2}, \d{4}",
]
_LINE = re.compile("|".join(f"(?:{fold(p)})" for p in _LINE_PATTERNS), re.IGNORECASE)


def is_end_marker(line: str) -> bool:
    return bool(_END_MARKERS.match(_N(line.strip(" \t-–—•*|"))))


def is_boilerplate(line: str) -> bool:
    return bool(_LINE.search(_N(line.strip())))


def clean_lines(lines: list[str], title: str | None = None) -> list[str]:
    """Keep body paragraphs in order; stop at the first end marker."""
    kept: list[str] = []
    title_key = _N(title).strip() if title else None
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        if is_end_marker(line):
            break
        if is_boilerplate(line):
            continue
        if title_key and not kept and _N(line) == title_key:
            continue  # the headline repeated at the top of the body
        kept.append(line)
    return kept
