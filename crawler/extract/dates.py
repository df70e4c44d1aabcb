"""Publication dates: right or absent, never invented.

Signals in order of trust: JSON-LD, meta tags, <time>, the visible date line near the
title, and only then htmldate's search. Every result keeps the raw string it came from.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cached_property, partial
from itertools import chain
from typing import NamedTuple
from urllib.parse import urlsplit

from lxml import etree, html

from archive.alternation import alternatives
from archive.normalize import normalize, tokens
from archive.records import CLOCK_SLACK, at_fetch
from crawler.extract.blocks import UNREAD_TAGS, in_link, linked_chars
from crawler.extract.services import a_service_box
from crawler.extract.statedbody import own_article_objects
from crawler.extract.titleparts import title_parts

_ARABIC_MONTHS = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6,
    "يوليو": 7, "يوليه": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    "كانون الثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7,
    "اب": 8, "ايلول": 9, "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الاول": 12,
    "كانون ثاني": 1, "تشرين اول": 10, "تشرين ثاني": 11, "كانون اول": 12,  # without "ال"
    # numbered, as Joomla's Arabic pack writes them ("11 كانون1/ديسمبر 2024"): the digit
    # is the month's, never the day's
    "كانون1": 12, "كانون2": 1, "تشرين1": 10, "تشرين2": 11,
    # and shortest, as Lebanon's agency writes them ("الخميس 3 ك1 2026")
    "ك1": 12, "ك2": 1, "ت1": 10, "ت2": 11,
    "جانفي": 1, "فيفري": 2, "افريل": 4, "ماي": 5, "جوان": 6, "جويليه": 7, "اوت": 8,
    "يوليوز": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11, "دجنبر": 12,  # Moroccan
}  # fmt: skip
_ENGLISH_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}  # fmt: skip
# French, as the Maghreb's French-language pages write dates ("7 décembre 2024").
_FRENCH_MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}  # fmt: skip
MONTHS = (
    {normalize(k): v for k, v in _ARABIC_MONTHS.items()}
    | _ENGLISH_MONTHS
    | {normalize(k): v for k, v in _FRENCH_MONTHS.items()}
)
_MONTH = alternatives(MONTHS)
# The month's other name after it: "أبريل/نيسان", "كانون الأول (ديسمبر)", "كانون الأول - ديسمبر".
_OTHER_NAME = rf"(?:\s*[/\-–]\s*(?:{_MONTH})|\s*\(\s*(?:{_MONTH})\s*\))?"
# The half of the day a time is in: "3:30 عصرا" is 15:30, "11:30 ليلا" 23:30, "5:10 فجرا" 05:10,
# "12:30 ليلا" and "12:30 بعد منتصف الليل" 00:30.
_AMPM_WORDS = (
    r"a\.m\.?|p\.m\.?|am|pm|ص|م|صباحا|صباح|مساء|مساءا|ظهرا|ظهر|بعد الظهر|عصرا|عصر|ليلا|فجرا"
    r"|بعد منتصف الليل|منتصف الليل"
)
_AMPM = rf"({_AMPM_WORDS})"
_PM = frozenset({"pm", "م", "مساء", "مساءا", "عصرا", "عصر", "بعد الظهر"})
# A zone after a time, as parse_date writes them all first ("GMT+3" -> " +0300"): four
# digits after a space, or "+" right after the time; "-" right after it makes a time range
# ("10:00-12:00"), no zone, except after seconds, as ISO 8601 writes it ("19:27:00-05:00").
_ZONE = r"(?:\s+|(?=\+)|(?<=:\d\d:\d\d))([+-]\d{2}:?\d{2})(?!\d)"
# "10.45 م": a clock written with a dot, only before its half of the day (alone, "10.45" may
# be a figure).
_DOT_CLOCK = rf"\.(?=\d\d\s*(?:{_AMPM_WORDS})(?!\w))"
# "20:30", and as French writes it: "20h30", "20 h 30", "6 h", "6 heures" (the hour alone).
_TIME = (
    rf"(?:\D{{0,12}}?(\d{{1,2}})(?:(?::|\s?h\s?|{_DOT_CLOCK})(\d{{2}})|\s?h(?:eures?)?(?![\w:]))"
    rf"(?::(\d{{2}}))?(?:\s*{_AMPM}(?!\w))?"
    rf"(?:{_ZONE})?(?![\w:]))?"
)
# An hour, not a year: "12:30", "12 h 30", "10.30", "11 مساء", "11am", "10 h", "12 heures".
_NOT_A_YEAR = rf"(?![:\dh])(?!\s*[:.h]\s*\d)(?!\s*(?:{_AMPM_WORDS}|h|heures?)(?!\w))"
# The Hijri months (as the Umm al-Qura calendar numbers them), in the forms pages write.
HIJRI_MONTHS = {
    normalize(name): number
    for number, names in enumerate(
        [
            ("محرم",), ("صفر",), ("ربيع الأول", "ربيع أول"),
            ("ربيع الثاني", "ربيع الآخر", "ربيع ثاني", "ربيع آخر"),
            ("جمادى الأولى", "جمادى الأول", "جمادى أولى"),
            ("جمادى الآخرة", "جمادى الثانية", "جمادى الآخر", "جمادى الثاني", "جمادى آخرة"),
            ("رجب",), ("شعبان",), ("رمضان",), ("شوال",),
            ("ذو القعدة", "ذي القعدة", "ذو القعده"), ("ذو الحجة", "ذي الحجة"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_HIJRI_MONTH = alternatives(HIJRI_MONTHS)
_PATTERNS = [
    # ISO 8601 as meta tags and datetime attributes write it: 2024-12-07T19:27:00.5-05:00
    ("iso", re.compile(
        r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})t(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?"
        r"(?:\s*(z)|\s*([+-]\d{2}:?\d{2}))?(?![\w:])"
    )),
    # 2024/12/07 19:27, 2024-12-07 09:40 م, "2024 / 12 / 07"
    ("ymd", re.compile(
        r"(?<!\d)(\d{4}) ?[-/.] ?(\d{1,2}) ?[-/.] ?(\d{1,2})(?!\d)"
        r"(?:(?:t|\D{1,12}?)(\d{1,2})(?::|\s?h\s?)(\d{2})(?::(\d{2}))?(?:\.\d+)?"
        rf"(?:\s*{_AMPM}(?!\w))?(?:\s*(z)|{_ZONE})?)?"
    )),
    # 7th, December 2024 / الأحد 8 ديسمبر 2024 / 6 مايو, 2024 / 23 أبريل/نيسان 2023 /
    # 18 نوفمبر، 2026 (WordPress in Arabic)
    ("dmy_name", re.compile(
        # (a day is no word's digit: "كانون1/ديسمبر 11، 2024" is Joomla's month, then the day)
        rf"(?<!\w)(\d{{1,2}})(?:st|nd|rd|th|er)?[\s,،.\-/]*({_MONTH}){_OTHER_NAME}"
        # a two-digit year, not a time ("7 mars 12:30", "12 h 30", "10.30") nor a count after a
        # comma (a count before a word, "7 December 15 killed", reads as one: "7 Dec 24 AFP")
        rf"[\s,،.\-/]*(\d{{4}}|(?<![,،]\s)(?<![,،])\d{{2}}{_NOT_A_YEAR})(?!\d)" + _TIME
    )),
    # December 8, 2024 / ديسمبر 3، 2024 (the Arabic comma)
    ("mdy_name", re.compile(
        rf"(?<![\w])({_MONTH})\.?{_OTHER_NAME}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[,،]\s*|\s+)(\d{{4}})(?!\d)"
        + _TIME
    )),
    # 07-12-2024 07:27 PM (Levantine sites write day first); "4 / 11 / 2026", spaced
    ("dmy", re.compile(r"(?<!\d)(\d{1,2}) ?[-/.] ?(\d{1,2}) ?[-/.] ?(\d{4})(?!\d)" + _TIME)),
    # 03/11/26 - 11:20: a two-digit year, only with a time after it (alone, "3/11/26" may be
    # anything: a score, a reference, a fraction)
    ("dmy", re.compile(
        r"(?<![\d/.\-])(\d{1,2})[-/.](\d{1,2})[-/.](\d{2})(?![\d/.\-])"
        r"(?=\s*[-–|,،]?\s*\d{1,2}:\d{2})" + _TIME
    )),
    # ٢٧ جمادى الأولى ١٤٤٨ هـ: a Hijri date, last, so that a page's Gregorian date comes first
    ("hijri", re.compile(
        rf"(?<!\d)(\d{{1,2}})\s*({_HIJRI_MONTH})\s*[,،]?\s*(1[34]\d\d)(?!\d)" + _TIME
    )),
]  # fmt: skip
_GREGORIAN = [p for p in _PATTERNS if p[0] != "hijri"]
# The Hijri date a Gregorian one's year is followed by ("12 مارس 2026 م الموافق 23 رمضان 1447
# هـ - 02:05 م"): the same day, left out, so that the time after it is the date's.
_HIJRI_BESIDE = re.compile(
    rf"(?:\s*م(?!\w))?\s*[-–|,،/]?\s*(?:الموافق\s*)?\d{{1,2}}\s*(?:{_HIJRI_MONTH})"
    r"\s*[,،]?\s*1[34]\d\d(?!\d)(?:\s*ه(?!\w))?"
)
_STRIP = re.compile(r"\b(gmt|utc)\b|هـ|ميلادي")
# "GMT"/"UTC" alone after a time is a zone of its own: +00:00 ("GMT+3" keeps its offset);
# in parentheses too, as the zone is often set apart ("09:51 (GMT)").
# (normalized: as _zones_written reads; "ت غ", "ت.غ": توقيت غرينتش, before an offset only)
_GREENWICH = r"(?:gmt|utc|غرينتش|غرينيتش|جرينتش|جرينيتش|ت\.?\s?غ)"
_UTC = re.compile(  # (غرينتش alone: a named zone)
    r"\(?\s*\b(?:gmt|utc)\b(?!\s*[+-]\d)(?:\s*\))?"
    # RFC 822's "UT" and "Z" after a feed's clock ("22:45:00 UT")
    r"|(?<=:\d\d)\s+(?:ut|z)(?!\w)"
)
# "GMT+3", "utc+03:00", "GMT +5:30", "(GMT +0400)", "(غرينتش +1)": the offset as _ZONE reads it.
_OFFSET = re.compile(
    rf"\(?\s*(?:بتوقيت\s+)?\b{_GREENWICH}\s*([+-])(\d{{1,2}})(?::?(\d{{2}}))?(?!\d)(?:\s*\))?"
)
_DATE_META = (
    "article:published_time", "og:published_time", "article:published", "datepublished",
    "pubdate", "publishdate", "publish-date", "publish_date", "publication_date",
    "dc.date.issued", "dcterms.created", "dc.date", "date", "sailthru.date",
    "parsely-pub-date", "cxenseparse:recs:publishtime", "article.published",
)  # fmt: skip
_DATE_HINT = re.compile(r"date|time|publish|posted|created|تاريخ", re.IGNORECASE)
_LABELLED = re.compile(
    r"(تاريخ النشر|نشر في|نشر بتاريخ|published|posted on"
    r"|(?<!\w)publi[eé]e?(?!\w)|mis en ligne)\s*:?",  # "Publié le …", "Mis en ligne le …"
    re.IGNORECASE,
)
# A label that introduces when the article was updated, never when it was published
# ("آخر تحديث: الأحد، 20 مارس 2025 - نشر في: 2 مارس 2025").
_UPDATED = re.compile(
    r"(?:اخر تحديث|تم التحديث|تحديث|محدث|last updated|updated|last modified|modified"
    r"|mis a jour|mis à jour|mise a jour|mise à jour|actualise|actualisé|modifie|modifié"
    # The تعديل family ("آخر تعديل", "تاريخ التعديل", "تم تعديله في"; "تعديلات" are a law's).
    # Written bare, "عدل" (عُدّل), "معدل" and "حدث" (حُدّث) are words of prose too ("حدث في
    # 3 مارس" is "happened on"): a label only before a colon, or "عدل" before its "في" too.
    r"|تعديل(?:ه|ها)?(?!\w)|(?<!\w)(?:معدل|حدث)(?=\s*:)"
    r"|(?<!\w)عدل(?=\s*(?::|(?:في|بتاريخ)(?!\w))))",
    re.IGNORECASE,
)
# "حُدِّث" / "عُدِّل" (was updated, was amended), written with their vowels: the passive's
# damma and the doubling shadda say the update, never prose's bare "حدث في" (happened on).
_VOWELLED_UPDATE = re.compile(
    r"(?<![^\W\d_])[حع]\u064f[\u064b-\u0650\u0652]*د[\u064b-\u0650\u0652]*\u0651"
    r"[\u064b-\u0650\u0652]*[ثل](?![^\W\d_])"
)
FUTURE_SLACK = timedelta(days=1)


def _labels_read(raw: str) -> str:
    """A line normalized for its labels to be read: a vowelled update verb is one."""
    return normalize(_VOWELLED_UPDATE.sub(" تحديث ", raw))


@dataclass(frozen=True)
class FoundDate:
    iso: str
    raw: str
    origin: str  # json-ld | meta | time | text | htmldate


def parse_date(raw: str, now: datetime | None = None, hijri: bool = True) -> str | None:
    """One date string in any form the sources use, as ISO 8601; None when unsure.
    hijri: a Hijri date counts (converted), when the string gives no Gregorian one."""
    text = _zones_written(normalize(raw))
    for kind, pattern in _PATTERNS if hijri else _GREGORIAN:
        for match in pattern.finditer(text):
            iso = _build(kind, match.groups(), now or datetime.now(UTC))
            if iso and "T" not in iso and (beside := _HIJRI_BESIDE.match(text, match.end())):
                text = text[: match.end()] + text[beside.end() :]  # (its time may follow)
                match = pattern.match(text, match.start()) or match
                iso = _build(kind, match.groups(), now or datetime.now(UTC)) or iso
            if iso and kind != "hijri" and _range_end(match, text, iso):
                continue  # an event's days, not the day a page was published
            if iso:
                before = text[: match.start()]
                iso = iso if "T" in iso else iso + _time_before(before)
                iso = _on_weekday(iso, before) if kind == "hijri" else iso
                return _in_named_zone(iso, text[match.end() :])
    return None


# A range of days ("19 - 21 نوفمبر 2026", "من 28 نوفمبر إلى 2 ديسمبر 2026", "du 19 au 21
# novembre", "19/11/2026 - 21/11/2026"): an event's, a festival's, an exhibition's days. Neither
# end is the day a page was published. (Normalized: "إلى" is "الي", "حتى" "حتي".)
_RANGE_WORD = r"(?:[-–—]|الي|حتي|لغايه|to|until|till|through|au|jusqu.au)"
# Its first day before a date: a day alone, or a day and its month ("28 نوفمبر الى").
_RANGE_OPENED = re.compile(
    rf"(?<![\d:./])(\d{{1,2}})(?:st|nd|rd|th|er)?(\s*(?:{_MONTH}))?\s*{_RANGE_WORD}\s*$"
)
_RANGE_CLOSING = re.compile(rf"(?<=\d)\s*{_RANGE_WORD}\s*$")  # a whole date's end, then the word
_RANGE_GOES_ON = re.compile(rf"\s*{_RANGE_WORD}\s*(?=\d)")
# (the words' last letters: what a text before a range's last day ends with, asked first)
_RANGE_ENDINGS = ("-", "–", "—", "ي", "ه", "o", "l", "h", "u")
RANGE_OPENING_CHARS = 60  # what stands before a date, read for a range's first day
LATEST = datetime(2100, 1, 1, tzinfo=UTC)  # (a range's other end, read whatever its day)


def _range_end(match: re.Match[str], text: str, iso: str) -> str | None:
    """The day at the other end of the range the date ends, when it is one: a range's word
    between it and a day before it (a day alone, a day and a month, a whole date), or
    between it and a whole later date."""
    head = text[max(0, match.start() - RANGE_OPENING_CHARS) : match.start()]
    if head.rstrip().endswith(_RANGE_ENDINGS) and (first := _range_start(head, iso)):
        return first
    goes_on = _RANGE_GOES_ON.match(text, match.end())
    if goes_on is None:
        return None
    later = (
        _build(kind, then.groups(), LATEST)
        for kind, pattern in _GREGORIAN
        if (then := pattern.match(text, goes_on.end()))
    )
    return next((day[:10] for day in later if day is not None and day[:10] > iso[:10]), None)


def _range_start(head: str, iso: str) -> str | None:
    """The first day of the range whose last is iso, when head (the text before it) ends
    with one and a range's word: a day alone, a day and a month, a whole earlier date."""
    opened = _RANGE_OPENED.search(head)
    if opened and (opened[2] or 0 < int(opened[1]) < int(iso[8:10])):
        return _first_day(int(opened[1]), opened[2], iso)
    closing = _RANGE_CLOSING.search(head)
    prior = head[: closing.start()] if closing else ""
    ends = (
        _build(kind, then.groups(), LATEST)
        for kind, pattern in _GREGORIAN
        for then in pattern.finditer(prior)
        if then.end() == len(prior)
    )
    return next((day[:10] for day in ends if day is not None and day[:10] < iso[:10]), None)


def _first_day(day: int, month: str | None, last: str) -> str:
    """A range's first day, written with its month or not, before its last (an ISO date)."""
    year, number = int(last[:4]), MONTHS[month.strip()] if month else int(last[5:7])
    try:
        return date(year - (number > int(last[5:7])), number, day).isoformat()
    except ValueError:
        return last[:10]


# Zones a page names in words after the time ("18:40 بتوقيت بيروت", "04:40 م GST"): the
# place's zone in the system's time zone database, whose rules give the offset that held on
# that day, summer time included (Beirut is +03:00 in May, +02:00 in January). Only places
# whose names are unambiguous: not عمان (Amman or Oman), not طرابلس (Libya's or Lebanon's).
# An hour that a summer time's end repeats is read as its first occurrence; a system
# without the database gives no offset.
_NAMED_ZONES = {
    normalize(name): zone
    for zone, names in {
        "Asia/Riyadh": ("مكة المكرمة", "مكة", "الرياض", "السعودية"),
        "Asia/Dubai": ("أبوظبي", "أبو ظبي", "دبي", "الإمارات", "gst"),
        "Asia/Qatar": ("الدوحة", "قطر"),
        "Asia/Kuwait": ("الكويت",),
        "Asia/Bahrain": ("المنامة", "البحرين"),
        "Asia/Muscat": ("مسقط",),
        "Asia/Baghdad": ("بغداد", "العراق"),
        "Asia/Beirut": ("بيروت", "لبنان"),
        "Asia/Damascus": ("دمشق", "سوريا"),
        "Asia/Jerusalem": ("القدس",),
        "Africa/Cairo": ("القاهرة", "مصر"),
        "Africa/Khartoum": ("الخرطوم", "السودان"),
        "Africa/Tunis": ("تونس",),
        "Africa/Algiers": ("الجزائر",),
        "Africa/Casablanca": ("الرباط", "المغرب"),
        "UTC": ("غرينتش", "جرينتش", "غرينيتش"),
    }.items()
    for name in names
}
# Abbreviations after the time: a fixed offset each (as written, whatever the season), but
# those a word of another language writes too ("et", "ct").
_ABBREVIATED_ZONES = {
    "gst": "Asia/Dubai", "est": "Etc/GMT+5", "edt": "Etc/GMT+4", "cst": "Etc/GMT+6",
    "cdt": "Etc/GMT+5", "pst": "Etc/GMT+8", "pdt": "Etc/GMT+7", "bst": "Etc/GMT-1",
    "cet": "Etc/GMT-1", "cest": "Etc/GMT-2", "eet": "Etc/GMT-2", "eest": "Etc/GMT-3",
    "msk": "Europe/Moscow", "ت.غ": "UTC", "ت غ": "UTC",  # توقيت غرينتش
    # ... and "غرينتش" alone after the time, in its spellings
    "غرينتش": "UTC", "غرينيتش": "UTC", "جرينتش": "UTC", "جرينيتش": "UTC",
}  # fmt: skip
_PLACES = alternatives(_NAMED_ZONES)
# A place's zone is named after "توقيت", or alone in parentheses ("09:15 م (مكة)").
_NAMED_ZONE = re.compile(
    rf"^\W{{0,3}}(?:(?:ب|حسب )?توقيت\s+(?:مدينه\s+)?({_PLACES})(?!\w)|("
    + alternatives(_ABBREVIATED_ZONES)
    + rf")(?!\w)|(?<=\()\s*({_PLACES})\s*\))"
)


def _in_named_zone(iso: str, after: str) -> str:
    """The date with the offset of the zone named right after it, when it has a time and no
    offset of its own."""
    naive = "T" in iso and datetime.fromisoformat(iso).tzinfo is None
    match = _NAMED_ZONE.match(after) if naive else None
    if match is None:
        return iso
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        place = match[1] or match[3]
        zone = ZoneInfo(_NAMED_ZONES[place] if place else _ABBREVIATED_ZONES[match[2]])
    except (ZoneInfoNotFoundError, ValueError):
        return iso
    return datetime.fromisoformat(iso).replace(tzinfo=zone).isoformat()


def _time_before(text: str) -> str:
    """ "T10:05:00" for a time right before a date, "" for none; a Hijri date between them
    is the same day's ("10:45 ص - الثلاثاء 1 جمادى الآخرة 1446 هـ الموافق 3 ديسمبر 2024")."""
    if (hijri := _HIJRI_BEFORE.search(text)) is not None:
        text = text[: hijri.start()]
    match = _TIME_BEFORE.search(text)
    if match is None:
        return ""
    hh, mm, ss, ampm = match.groups()
    hour = _hour(int(hh), ampm)
    if hour is None or int(mm) > 59 or int(ss or 0) > 59:
        return ""
    return f"T{hour:02d}:{mm}:{int(ss or 0):02d}"


_HIJRI_MONTHS = (
    "محرم", "صفر", "ربيع الأول", "ربيع الثاني", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
    "جمادى الثانية", "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة",
)  # fmt: skip
_WEEKDAYS = ("السبت", "الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة")
# A time written before its date ("10:05 - 2024/12/06", "09:40 م | 06/12/2024"), at the
# end of what precedes the date, its weekday between them or not ("14:25 | الجمعة 19 ديسمبر
# 2025", "12:45 م الإثنين 06 أكتوبر 2025"). Read in normalized text.
_WEEKDAY = "|".join(sorted({normalize(day) for day in _WEEKDAYS}, key=len, reverse=True))
_TIME_BEFORE = re.compile(
    rf"(?<![\d:])(\d{{1,2}}):(\d{{2}})(?::(\d{{2}}))?(?:\s*{_AMPM}(?!\w))?\s*[-–—|,،]?\s*"
    rf"(?:(?:{_WEEKDAY})\s*[-–—|,،]?\s*)?$"
)
# A Hijri date at the end of what precedes a Gregorian one, "الموافق" (its equal) after it.
_HIJRI_BEFORE = re.compile(
    rf"\d{{1,2}}\s*(?:{_HIJRI_MONTH})\s*[,،]?\s*1[34]\d\d(?!\d)(?:\s*ه(?!\w))?"
    r"\s*[-–—|,،/]?\s*(?:الموافق\s*)?$"
)
# The weekday a Hijri date's line names, right before it: the day it was, where Umm al-Qura's
# conversion is a day off from the sighting the site's calendar follows.
_WEEKDAY_BEFORE = re.compile(rf"({_WEEKDAY})\s*[-–—|,،]?\s*$")
_WEEKDAY_NUMBERS = {
    normalize(name): number
    for number, names in enumerate(
        [("الاثنين", "الإثنين"), ("الثلاثاء",), ("الأربعاء",), ("الخميس",), ("الجمعة",),
         ("السبت",), ("الأحد",)]
    )
    for name in names
}  # fmt: skip


def _on_weekday(iso: str, before: str) -> str:
    """A converted Hijri date on the weekday the line names before it, when that is the day
    before or after the conversion's (a sighting a day apart from Umm al-Qura's)."""
    match = _WEEKDAY_BEFORE.search(before)
    if match is None:
        return iso
    day = date.fromisoformat(iso[:10])
    for shift in (-1, 1):
        other = day + timedelta(days=shift)
        if other.weekday() == _WEEKDAY_NUMBERS[match[1]] != day.weekday():
            return other.isoformat() + iso[10:]
    return iso


_DATE_WORDS = frozenset(
    word
    for name in (*MONTHS, *_HIJRI_MONTHS, *_WEEKDAYS, "م", "هـ", "ه", "الموافق", "ميلادي",
                 "هجري", "الساعة", "ص", "مساء", "صباحا", "ظهرا", "عصرا", "ليلا", "فجرا",
                 "gmt", "utc", "am", "pm", "h",  # "16h05"
                 # a French or English page's weekdays (an Arabic template's edition)
                 "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
                 "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                 "mon", "tue", "wed", "thu", "fri", "sat", "sun")
    for word in normalize(name).split()
)  # fmt: skip
# Words that join a date's parts ("03 ديسمبر 2024 على الساعة 15:20", "في 3 مارس 2025 - 10:00
# بتوقيت غرينتش"): a bare date's only when the line reads as a date ("في 2024" is a heading).
# And the labels of a date line ("نشر في: … - تحديث في: …", "Mis à jour le … · Publié le …").
_JOINING_WORDS = frozenset(
    normalize(word)
    for word in ("على", "في", "بتوقيت", "توقيت", "غرينتش", "جرينتش", "غرينيتش",
                 "à", "a", "le", "at",  # (a French or English page's: "le 2 décembre à 16h05")
                 "بعد", "منتصف", "الليل",  # "12:30 بعد منتصف الليل"
                 "نشر", "النشر", "تاريخ", "بتاريخ", "تحديث", "التحديث", "اخر", "تم",
                 "published", "updated", "posted", "on", "publié", "mis", "mise", "jour")
)  # fmt: skip
# The place whose time a date line names ("… 10:00 بتوقيت مكة المكرمة"): its words are the
# line's only after "توقيت" ("مصر في 30 يونيو 2013" is a timeline's heading), or in
# parentheses after a clock ("09:15 م (مكة)").
_ZONE_NAMED = re.compile(
    rf"(?:ب|حسب )?توقيت\s+(?:مدينه\s+)?(?:{_PLACES})(?!\w)"
    rf"|(?<=:\d\d)(?:\s*(?:{_AMPM_WORDS})(?!\w))?\s*\(\s*(?:{_PLACES})\s*\)"
)
# ... or any place, after a clock at the line's end ("16:40 بتوقيت باكو"): a zone's name.
_ZONE_AFTER_CLOCK = re.compile(r"(?<=\d)\s+(?:ب|حسب )?توقيت\s+[^\W\d_]+(?:\s+[^\W\d_]+)?$")
_LETTERS = re.compile(r"[^\W\d_]+")
BARE_DATE_CHARS = 80


def is_bare_date(text: str) -> bool:
    """A line that is a date and nothing else ("الأحد 8 نوفمبر 2026", "٢٧ جمادى الأولى
    ١٤٤٨هـ", "18/11/2026 - 10:30"): a page's date line, never a paragraph of its text."""
    key = normalize(text)
    if len(key) > BARE_DATE_CHARS or not any(c.isdigit() for c in key):
        return False
    words = _LETTERS.findall(_ZONE_AFTER_CLOCK.sub(" ", _ZONE_NAMED.sub(" ", key)))
    if not words and "|" in key:  # a table's row of values ("24 | 66.10"), not its date
        return parse_date(text) is not None or all(
            _CLOCK_OR_DAY.match(cell.strip()) for cell in key.split("|") if cell.strip()
        )
    if all(word in _DATE_WORDS for word in words):
        return True
    joined = all(word in _DATE_WORDS or word in _JOINING_WORDS for word in words)
    return joined and parse_date(text) is not None


# A line of a few words, a separator and a date ("Marwa Al-Assar , Thursday 3 Dec 2026",
# "Reuters | 1 Dec 2026", "مروة العصار ، الخميس 3 ديسمبر 2026"): who wrote or sent the
# copy, or where from, and when; a sentence has more words or a verb's punctuation.
_WHO_THEN_DATE = re.compile(
    r"^(?P<who>[^\W\d_][^\d,،|•·:.!?؟()]*?)\s*(?:[,،|•·]|\s[-–—]\s)\s*(?P<when>\S.*\d.*)$"
)
SOURCE_WORDS = 5


def dated_source(line: str) -> str | None:
    """The words before the date on a line that holds only them and the date: a byline's or
    a source's line, never a paragraph of the text. None for any other line."""
    found = _WHO_THEN_DATE.match(line.strip())
    if found is None or len(found["who"].split()) > SOURCE_WORDS:
        return None
    return found["who"] if is_bare_date(found["when"]) else None


# A clock ("10:30", "09.45") or a day and month ("24/11") alone on a line.
_CLOCK_OR_DAY = re.compile(
    r"^\W*(?:(?:[01]?\d|2[0-3])[:.][0-5]\d(?:[:.][0-5]\d)?"
    r"|(?:[012]?\d|3[01])\s?[/.-]\s?(?:0?[1-9]|1[0-2]))\W*$"
)


def _zones_written(text: str) -> str:
    """A normalized text with its zones written as offsets ("GMT" -> " +0000 ", "GMT+3" ->
    " +0300 ") and the words left of them dropped: how the patterns read a zone."""
    return _STRIP.sub(" ", _OFFSET.sub(_offset, _UTC.sub(" +0000 ", text)))


def _offset(match: re.Match[str]) -> str:
    return f" {match[1]}{int(match[2]):02d}{match[3] or '00'} "


def _without_updates(raw: str) -> str:
    """A visible line without the dates update labels introduce: from each label through
    the first whole date after it, before the publication's label (only the label and the
    clock right after it when none follows: "28 آب 2013، آخر تحديث 14:00" was updated at
    14:00, published at no time said; "Updated 2 hours ago | Published 12 March 2026")."""
    text = _zones_written(_labels_read(raw))  # "GMT" is read here, or it is lost
    while (label := _UPDATED.search(text)) is not None:
        published = _LABELLED.search(text, label.end())
        end = published.start() if published else len(text)
        found = [m for _, pattern in _PATTERNS if (m := pattern.search(text, label.end(), end))]
        end = min(found, key=lambda m: m.start()).end() if found else _clock_end(text, label)
        text = f"{text[: label.start()]} {text[end:]}"
    return text


# A clock right after an update label, with its half of the day and its zone.
_LABELLED_CLOCK = re.compile(
    rf"[\s:،,-]*(?:(?:في|الساعة|الساعه|at|à)\s*)?\d{{1,2}}[:h]\d{{2}}(?::\d{{2}})?"
    rf"(?:\s*{_AMPM}(?!\w))?(?:{_ZONE})?",
    re.IGNORECASE,
)


def _clock_end(text: str, label: re.Match[str]) -> int:
    clock = _LABELLED_CLOCK.match(text, label.end())
    return clock.end() if clock else label.end()


def _build(kind: str, g: tuple, now: datetime) -> str | None:
    if kind == "iso":
        y, mo, d, hh, mm, ss, utc, tz = g
        tz, ampm = utc or tz, None
    elif kind == "ymd":
        y, mo, d, hh, mm, ss, ampm, utc, tz = g
        tz = utc or tz
    elif kind == "dmy_name":
        d, mon, y, hh, mm, ss, ampm, tz = g
        mo = MONTHS[mon]
    elif kind == "mdy_name":
        mon, d, y, hh, mm, ss, ampm, tz = g
        mo = MONTHS[mon]
    elif kind == "hijri":
        d, mon, y, hh, mm, ss, ampm, tz = g
        gregorian = _from_hijri(int(y), HIJRI_MONTHS[mon], int(d))
        if gregorian is None:
            return None
        y, mo, d = str(gregorian.year), gregorian.month, gregorian.day
    else:
        d, mo, y, hh, mm, ss, ampm, tz = g
        if int(mo) > 12 >= int(d):  # "11/23/2026": only month first reads (an English page's)
            d, mo = mo, d
    year = int(y) + (2000 if len(y) == 2 else 0)
    try:
        day = date(year, int(mo), int(d))
    except ValueError:
        return None
    if year < 1990 or day > (now + FUTURE_SLACK).date():
        return None
    if hh is None:
        return day.isoformat()
    hour = _hour(int(hh), ampm)
    if hour is None or int(mm or 0) > 59:
        return day.isoformat()
    stamp = datetime(year, int(mo), int(d), hour, int(mm or 0), int(ss or 0))
    iso = stamp.isoformat()
    if tz:
        zone = _zone(tz)
        if zone is None:
            return stamp.isoformat()
        iso += zone
        if datetime.fromisoformat(iso) > now + FUTURE_SLACK:
            return None
    return iso


def _from_hijri(year: int, month: int, day: int) -> date | None:
    """The Gregorian day of a Hijri one (Umm al-Qura, 1343-1500 AH); None for no such day."""
    from hijridate import Hijri  # here: most pages never need it

    try:
        return date(*Hijri(year, month, day).to_gregorian().datetuple())
    except (ValueError, OverflowError):
        return None


def _zone(tz: str) -> str | None:
    """ "z", "+0300", "+03:00", "+3" as "+03:00"; None for no real offset."""
    if tz == "z":
        return "+00:00"
    sign, digits = tz[0], tz[1:].replace(":", "")
    hours, minutes = (digits, "00") if len(digits) <= 2 else (digits[:-2], digits[-2:])
    if int(hours) > 14 or int(minutes) > 59:
        return None
    return f"{sign}{int(hours):02d}:{minutes}"


# The halves of the day whose 12 o'clock is midnight's ("12:30 ليلا" is 00:30).
_AFTER_MIDNIGHT = frozenset(
    {"am", "ص", "صباحا", "صباح", "فجرا", "ليلا", "بعد منتصف الليل", "منتصف الليل"}
)


def _hour(hour: int, ampm: str | None) -> int | None:
    if hour > 23:
        return None
    ampm = ampm.replace(".", "") if ampm else ampm  # "p.m." is "pm"
    if ampm in _PM and hour < 12:
        return hour + 12
    if ampm in ("ظهرا", "ظهر") and hour < 6:  # "1:00 ظهرا": past noon; "12:30 ظهرا" is 12:30
        return hour + 12
    if ampm == "ليلا" and 6 <= hour < 12:  # "11:30 ليلا" is 23:30; "2:00 ليلا" is 02:00
        return hour + 12
    if ampm in _AFTER_MIDNIGHT and hour == 12:
        return 0
    return hour


def find_date(
    tree: html.HtmlElement, now: datetime | None = None, urls: tuple[str | None, ...] = (),
    headline: str | None = None,
) -> FoundDate | None:  # fmt: skip
    """urls: the page's addresses (declared, fetched), whose path may carry the date.
    headline: the article's title as found (crawler.extract.titles): on a page without an
    <h1>, the date line under it is the page's (its <title> may be only the site's name)."""
    now = now or datetime.now(UTC)
    page = _PageNames(tree, headline)
    objects = json_ld_objects(tree)
    said = _Statements(tree, now, page, headline)
    dated = _dated_json_ld(objects, tree, now, page, _ARTICLE_OR_PAGE)
    broken = None if dated else _from_broken_json_ld(tree, now)
    found, rank = dated or (broken, 0)
    if found:
        # A page object's date beside the page's article object that states none (Yoast's
        # @graph: the WebPage's is the page's, often its last edit): one statement of
        # another day outweighs it; an article's own date, two that agree.
        undated_article = rank == _PAGE_RANK and any(
            article_object(obj) and page.names(str(obj.get("headline") or "")) for obj in objects
        )
        # (asked of a date a template would give, a day at midnight, or a page object's: the
        # other statements cost a page's date search, and a real date is seldom one)
        suspect = rank == _PAGE_RANK or _midnight(found.iso)
        against = said.against(found, urls, 1 if undated_article else 2) if suspect else None
        if against is None and at_fetch(found.iso, now):
            against = said.earlier(found, urls)
        against = against or said.labelled_before(found)
        if against is not None:
            return said.completed(against, 0)
        return said.completed(_local_clock(found, tree, lambda: said.read(0)), 0)
    for signal in range(len(_Statements.READERS)):
        found = said.read(signal)
        if found and signal < _DATE_LINE and at_fetch(found.iso, now):
            # A tag some CMSs fill with the server's clock: the visible date line (or
            # another statement) saying an earlier moment is the article's.
            found = said.earlier(found, urls, skip=signal) or found
        if found and signal < _DATE_LINE:
            found = said.labelled_before(found) or found
        if found:
            return said.completed(found, signal + 1)
    excluded, head = said.excluded, said.head
    found = _from_json_ld(objects, tree, now, page, _OTHER_THINGS) or _from_url(urls, now)
    if found:  # (a video's page: its upload date)
        return found
    # The last resorts never take the page header's "today" (read once for both).
    today = _header_days(tree, now, head)
    return (
        _from_text(tree, now, excluded, head, before_headline=True, header_days=today)
        or _from_htmldate(tree, now, urls, today, said.site_header, head)
        or _from_dateline(tree, now, excluded, head)
    )


# Days between JSON-LD's date and the one the page's other statements agree on past which
# JSON-LD's is no slip of a zone or an edit but a template's value.
TEMPLATE_DAYS = 30
# A date of the crawl's moment may be a clock's, not the article's (a tag some CMSs fill
# with the server's time on every request, or a template with the day's midnight:
# archive.records.at_fetch). Another statement of the page that says an earlier moment (by
# more than CLOCK_SLACK; an earlier day, against a day) is its date: one suffices.


class _Statements:
    """The page's own statements of its date after JSON-LD, in order of trust (meta tags, a
    script-rendered page's data, <time>, the visible date line), each read once and only
    when asked."""

    READERS: tuple[Callable[[_Statements], FoundDate | None], ...] = (
        lambda said: _from_meta(said.tree, said.now, lambda: said.excluded, said.page),
        lambda said: _from_app_state(said.tree, said.now, said.headline_said),
        lambda said: _from_time(said.tree, said.now, lambda: said.excluded, said.head),
        lambda said: _from_text(
            said.tree, said.now, said.excluded, said.head, headline=said.headline
        ),
    )

    def __init__(
        self, tree: html.HtmlElement, now: datetime, page: _PageNames, headline: str | None
    ) -> None:
        self.tree: html.HtmlElement = tree
        self.now: datetime = now
        self.page: _PageNames = page
        self.headline: str | None = headline
        self._read: dict[int, FoundDate | None] = {}

    @cached_property
    def excluded(self) -> set[html.HtmlElement]:
        return in_other_stories(self.tree) | self.site_header

    @cached_property
    def site_header(self) -> set[html.HtmlElement]:
        return in_site_header(self.tree, self.head)

    @cached_property
    def head(self) -> html.HtmlElement | None:
        return _headline_of(self.tree, self.headline)

    @cached_property
    def names_a_zone(self) -> bool:
        """Does the page's text name a zone anywhere ("بتوقيت", "GMT", "10:30 +03:00")?"""
        body = self.tree.find("body")
        return body is not None and _ZONE_SAID.search(body.text_content()) is not None

    @property
    def headline_said(self) -> str:
        return self.headline or (self.head.text_content() if self.head is not None else "")

    def read(self, signal: int) -> FoundDate | None:
        if signal not in self._read:
            self._read[signal] = self.READERS[signal](self)
        return self._read[signal]

    def against(
        self, found: FoundDate, urls: tuple[str | None, ...], needed: int
    ) -> FoundDate | None:
        """The day the page's other statements (meta tags, app state, <time>, the address,
        the date line) agree on against JSON-LD's: when none says JSON-LD's day (within
        TEMPLATE_DAYS) and needed of them say another far from it, JSON-LD's is a template's
        value (2020-01-01 on every page). The most trusted of them, or None."""
        far: list[tuple[int, FoundDate]] = []
        for trust, reader in self._others(urls):
            if trust == _DATE_LINE and len(far) + 1 < needed:
                break  # (the costliest statement, read on most pages: it cannot do it alone)
            other = reader()
            if other is not None and not _far_apart(other.iso, found.iso):
                return None  # the page says JSON-LD's day too
            if other is not None:
                far.append((trust, other))
        days = [other.iso[:10] for _, other in far]
        agreed = [(t, other) for t, other in far if days.count(other.iso[:10]) >= needed]
        return min(agreed, key=lambda said: said[0])[1] if agreed else None

    def earlier(
        self, clock: FoundDate, urls: tuple[str | None, ...], skip: int | None = None
    ) -> FoundDate | None:
        """The most trusted other statement of the page (all but skip, the one that found
        it) that says an earlier moment than clock's, a date of the crawl's moment
        (at_fetch): a server's clock or a template's day, not when the article was
        published. (Those that say the clock's moment too are the same clock's.)"""
        address = None
        for trust, reader in self._others(urls):
            other = reader() if trust != skip else None
            if other is None or not _before(other.iso, clock.iso):
                continue
            if trust < len(self.READERS):
                return other
            address = other  # (the date line, read next, says more of the same day)
        return address

    def labelled_before(self, found: FoundDate) -> FoundDate | None:
        """The publication the page's date line labels ("نشر في: 10 نوفمبر 2026 - 09:00 |
        آخر تحديث: 04 ديسمبر 2026 - 16:20") when found's, a tag's, is the moment its
        labelled update says: a CMS that moves the tag to each edit. (Read in the first
        characters after the <h1>.)"""
        h1 = next(self.tree.iter("h1"), None) if "T" in found.iso else None
        text = _labels_read(_text_after(h1, LABELS_CHARS)) if h1 is not None else ""
        if not (any(w in text for w in _UPDATE_STEMS) and any(w in text for w in _LABEL_STEMS)):
            return None  # (the labels' regular expressions cost more than all this)
        update, published = _UPDATED.search(text), _LABELLED.search(text)
        if update is None or published is None:
            return None
        edited = parse_date(text[update.end() : update.end() + LABEL_DATE_CHARS], self.now)
        if edited is None or not _same_date(edited, found.iso):
            return None
        line = _accept(
            text[published.start() : published.end() + LABEL_DATE_CHARS], "text", self.now
        )
        if line is None or not _before(line.iso, edited):
            return None
        read = self.read(_DATE_LINE)  # (the line as the page writes it)
        return read if read is not None and read.iso == line.iso else line

    def _others(
        self, urls: tuple[str | None, ...]
    ) -> Iterator[tuple[int, Callable[[], FoundDate | None]]]:
        """The other statements' readers with their rank of trust, the cheap ones first."""
        for signal in range(len(self.READERS) - 1):
            yield signal, partial(self.read, signal)
        yield len(self.READERS), lambda: _from_url(urls, self.now)
        yield _DATE_LINE, partial(self.read, _DATE_LINE)

    def completed(self, found: FoundDate, first: int) -> FoundDate:
        """The date as a later statement of the page says it more fully: a day without its
        time, or a clock without its zone, that another says with them (a JSON-LD
        "2026-12-01" beside the meta tag's "2026-12-01T08:00:00+03:00"; a meta tag's
        "10:30" beside the date line's "10:30 بتوقيت القدس"). The fuller statement's
        string and origin are kept: the date came from it.
        A midnight (a CMS's date-only field, "T00:00:00+02:00") is a day: the clock another
        statement gives that day is the time, in the midnight's zone when it says none. And a
        clock without its zone gives way to the date line's zoned one near it (a CMS's UTC
        clock written bare, 20:45, beside "10:45 م بتوقيت القدس"): the bare one is ambiguous."""
        midnight = "T" in found.iso and _midnight(found.iso)
        if _zoned(found.iso) and not midnight:
            return found
        for signal in range(first, len(self.READERS)):
            if signal == _DATE_LINE and "T" in found.iso and not midnight and not self.names_a_zone:
                continue  # (the cost of reading the date line, for a zone it cannot give)
            other = self.read(signal)
            if other is None:
                continue
            if midnight and _clock_of_day(other.iso, found.iso):
                return self.completed(_in_zone_of(other, found), signal + 1)
            if not _zoned(found.iso) and _says_more(other.iso, found.iso):
                return self.completed(other, signal + 1)  # (its time may still lack a zone)
            if signal == _DATE_LINE and _zoned_near(other.iso, found.iso):
                return other
        return found


_DATE_LINE = 3  # _Statements.READERS: the visible date line's, the costliest to read
# A zone as a date line may name it (_zones_written, _NAMED_ZONE), in the page's text as written.
_ZONE_SAID = re.compile(
    r"توقيت|غرينتش|غرينيتش|جرينتش|جرينيتش|\b(?:gmt|utc)\b"
    r"|\d:\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?|ص|م)?\s*(?:\(\s*[^\W\d_]|\(?\s*(?:[+-]\d|(?:"
    + alternatives(_ABBREVIATED_ZONES)
    + r")(?!\w)))",  # (a word in parentheses after a clock: a place's, "(مكة)")
    re.IGNORECASE,
)


def _midnight(iso: str) -> bool:
    """A day alone, or its midnight: what a template's default date says."""
    return "T" not in iso or iso[11:19] in ("00:00:00", "00:00")


def _far_apart(iso: str, other: str) -> bool:
    days = date.fromisoformat(iso[:10]) - date.fromisoformat(other[:10])
    return abs(days.days) > TEMPLATE_DAYS


# The farthest a zone's clock is from UTC's (UTC+14, UTC-12, with a margin): a day or a clock
# told in two zones may differ by this much.
ZONE_SPAN = timedelta(hours=14)


def _before(other: str, clock: str) -> bool:
    """Does other say an earlier moment than clock: more than CLOCK_SLACK earlier (a time
    without its zone read in clock's zone), or an earlier day (against a day, or its
    midnight: a template's; against a zoned time, earlier than its day in any zone: an
    address's day may be the site's, behind UTC's)?"""
    if _midnight(clock):
        return other[:10] < clock[:10]
    then = datetime.fromisoformat(clock)
    if "T" not in other:
        local = then - ZONE_SPAN if then.tzinfo is not None else then
        return other[:10] < local.date().isoformat()
    when = datetime.fromisoformat(other)
    if (when.tzinfo is None) != (then.tzinfo is None):
        when = when.replace(tzinfo=then.tzinfo)
    return when < then - CLOCK_SLACK


def _same_date(iso: str, other: str) -> bool:
    """The same clock, zone or not; the same day, when one says no time."""
    return iso[:16] == other[:16] if "T" in iso and "T" in other else iso[:10] == other[:10]


# Where a tag's date is asked against the page's labelled date line: the characters after
# the <h1>, and the characters after each label.
LABELS_CHARS = 300
LABEL_DATE_CHARS = 60
# What each of _UPDATED's and _LABELLED's labels holds, in normalized text.
_UPDATE_STEMS = (
    "تحديث",
    "حدث",
    "تعديل",
    "عدل",
    "updated",
    "modified",
    "jour",
    "actualis",
    "modifi",
)
_LABEL_STEMS = ("نشر", "published", "posted", "publi", "en ligne")


def _text_after(el: html.HtmlElement, chars: int) -> str:
    """The page's text after el (not inside it), its first chars characters at least."""
    said: list[str] = []
    size = 0
    node: html.HtmlElement | None = el
    while node is not None and node.tag != "body" and size < chars:
        for sibling in chain((node,), node.itersiblings()):
            own = (
                sibling is not node
                and isinstance(sibling.tag, str)
                and sibling.tag not in UNREAD_TAGS
            )
            texts = sibling.itertext() if own else ()
            for text in chain(texts, (sibling.tail or "",)):
                said.append(text[:chars])
                size += len(text)
                if size >= chars:
                    return " ".join(said)
        node = node.getparent()
    return " ".join(said)


def _clock_of_day(other: str, midnight: str) -> bool:
    """Does other say a clock, not midnight, on midnight's day?"""
    return other[:10] == midnight[:10] and "T" in other and not _midnight(other)


def _in_zone_of(other: FoundDate, midnight: FoundDate) -> FoundDate:
    """other's clock in midnight's zone when other says none (not UTC's: a day's midnight in
    UTC says nothing of the site's clock)."""
    zone = midnight.iso[19:]
    if _zoned(other.iso) or not zone or zone in ("+00:00", "Z"):
        return other
    return FoundDate(other.iso[:19] + zone, other.raw, other.origin)


def _zoned_near(other: str, naive: str) -> bool:
    """Is other a zoned time, and naive a time without a zone near it: the same moment in
    UTC's clock or the zone's (or an ambiguous other)?"""
    if "T" not in naive or _zoned(naive) or not _zoned(other):
        return False
    when, bare = datetime.fromisoformat(other), datetime.fromisoformat(naive)
    return abs(when.replace(tzinfo=None) - bare) <= ZONE_SPAN


def _zoned(iso: str) -> bool:
    return "T" in iso and datetime.fromisoformat(iso).tzinfo is not None


def _says_more(other: str, iso: str) -> bool:
    """Does other give the same day with the time iso lacks, or the same clock with the
    zone iso lacks?"""
    if "T" not in iso:
        return other.startswith(f"{iso}T")
    return other[:16] == iso[:16] and _zoned(other)


def in_other_stories(tree: html.HtmlElement) -> set[html.HtmlElement]:
    """Every element inside the containers of other stories and of readers."""
    return {el for container in other_stories(tree) for el in container.iter()}


_META_CONTENTS = etree.XPath("//meta[@content]/@content")


def _local_clock(
    found: FoundDate, tree: html.HtmlElement, meta: Callable[[], FoundDate | None]
) -> FoundDate:
    """A JSON-LD date in UTC whose clock the page's meta tag gives with its own zone (10:00Z
    against 10:00+03:00): a CMS that stamped its local time as UTC. The meta tag's stands."""
    if not found.iso.endswith("+00:00"):
        return found
    clock = found.iso[:16]  # (the meta tags asked in full only when one has that clock)
    if not any(str(c).strip().startswith(clock) for c in _META_CONTENTS(tree)):
        return found
    other = meta()
    if other is None or other.iso[:16] != found.iso[:16] or len(other.iso) <= 19:
        return found
    return other if not other.iso.endswith("+00:00") else found


# A JavaScript front end's own data for the page (Next.js's __NEXT_DATA__, a JSON script of
# Nuxt's or a CMS's): the object whose headline is the article's says when it was published,
# to the second, where the page shows a day or "منذ 3 ساعات".
# Its key is one of a family, spelled many ways: datePublished, publishedAt, published_at,
# firstPublishDate, publicationDate, pubDate… (compared lower-case, "_" and "-" dropped); a
# creation's (createdAt, dateCreated) only where the object says no publication's.
_PUBLISHED_KEY = re.compile(
    r"(?:date)?(?:first)?(?:publish|published|publication|pub)(?:date|time|datetime|timestamp"
    r"|at|on)?(?:gmt|utc)?"
)
_CREATED_KEY = re.compile(r"(?:date)?(?:created|creation)(?:date|time|datetime|timestamp|at|on)?")
# A key that says "date" and no more (WordPress's, headless or not; Arc XP's display_date),
# only where the object says neither.
_PLAIN_DATE_KEY = re.compile(r"(?:display)?date(?:gmt|utc)?")
# What a state that holds such a key says (its first letter either case): others are not read.
_DATE_KEY_WORDS = (
    "ublish", "ublication", "ubDate", "ubdate", "ub_date", "reated", "reation", 'date"', "date_gmt"
)  # fmt: skip


def _from_app_state(tree: html.HtmlElement, now: datetime, headline: str) -> FoundDate | None:
    objects = own_article_objects(tree, headline, _DATE_KEY_WORDS)
    for family in (_PUBLISHED_KEY, _CREATED_KEY, _PLAIN_DATE_KEY):
        for obj in objects:
            found = _dated_in(obj, family, now)
            if found:
                return found
    return None


def _dated_in(obj: dict, family: re.Pattern[str], now: datetime) -> FoundDate | None:
    for key, value in obj.items():
        if not isinstance(value, int | str) or isinstance(value, bool):
            continue
        if family.fullmatch(key.lower().replace("_", "").replace("-", "")):
            found = _accept(str(value), "app-state", now)
            if found:
                return found
    return None


# A permalink's date: /2024/12/08/slug, /2024-12-08/ (a year and month alone is no date).
_URL_DATE = re.compile(r"/((?:19|20)\d{2})([/-])(\d{1,2})\2(\d{1,2})(?=[/._-]|$)")


def _from_url(urls: tuple[str | None, ...], now: datetime) -> FoundDate | None:
    """The date in the article's address: the publisher's own, where the page shows only
    "منذ يومين" (a date, no time: a feed's date for the item says more, see the pipeline)."""
    for url in urls:
        try:
            match = _URL_DATE.search(urlsplit(url).path) if url else None
        except ValueError:  # no URL after all
            continue
        if match:
            y, _, mo, d = match.groups()
            iso = _build("ymd", (y, mo, d, *[None] * 6), now)
            if iso:
                return FoundDate(iso, match.group(0), "url")
    return None


# A wire story's dateline opens its first paragraph: the place, and the day it was filed
# ("عمان في 2 كانون الأول 2026 - قال …", "بيروت، الخميس 3 كانون الأول 2026 (وطنية) -",
# "القاهرة في 3 ديسمبر 2026 /أ ش أ/"). The page's date when it states none elsewhere; one
# without its year gives none (the year would be a guess).
DATELINE_CHARS = 80  # where the date must have ended
# A place's name of two words opens with one of these ("أبو ظبي", "رام الله", "شرم الشيخ"):
# two words else are a sentence's ("أعلنت الحكومة في 3 …").
_PLACE_OPENINGS = frozenset(
    normalize(word)
    for word in ("أبو", "ابو", "رام", "شرم", "الدار", "بندر", "دير", "خان", "بيت", "عين", "رأس",
                 "راس", "سيدي", "بني", "كفر", "جبل", "تل", "أم", "ام", "مدينة", "مدينه", "جزر",
                 "جزيرة", "الكويت", "مكة", "المدينة", "سان", "نيو", "لوس", "هونغ", "كوالا")
)  # fmt: skip
DATELINE_PARAGRAPHS = 2  # a summary may stand above the dateline's paragraph
PARAGRAPH_CHARS = 60
_DATELINE_AFTER = re.compile(r"\s*[-–—(/]")  # the date ends at a dash, an agency's ( or /
_DATELINE_JOINS = frozenset({"في", "،", ",", "-", "–", "—"})
_NOT_PLACES = frozenset(
    normalize(word) for word in ("منذ", "قبل", "بعد", "حتى", "يوم", "اليوم", "صباح", "مساء",
                                 "ليلة", "فجر", "بتاريخ", "تاريخ", "نشر", "إلى")
)  # fmt: skip


def _from_dateline(
    tree: html.HtmlElement, now: datetime, excluded: set, head: html.HtmlElement | None
) -> FoundDate | None:
    for paragraph in _first_paragraphs(tree, excluded, head):
        found = _dateline(paragraph, now)
        if found:
            return found
    return None


def _first_paragraphs(
    tree: html.HtmlElement, excluded: set, head: html.HtmlElement | None
) -> list[str]:
    """The texts of the first paragraphs after the headline (all the page's, with none)."""
    paragraphs = [
        p for p in tree.iter("p") if p not in excluded and len(p.text_content()) >= PARAGRAPH_CHARS
    ]
    after, _ = _split_at_headline(tree, paragraphs, head)
    return [p.text_content().strip() for p in after[:DATELINE_PARAGRAPHS]]


def _dateline(paragraph: str, now: datetime) -> FoundDate | None:
    text = normalize(paragraph[: DATELINE_CHARS * 2])
    matches = [(kind, m) for kind, pattern in _PATTERNS if (m := pattern.search(text))]
    if not matches:
        return None
    kind, match = min(matches, key=lambda found: found[1].start())
    if match.end() > DATELINE_CHARS or not _DATELINE_AFTER.match(text, match.end()):
        return None
    if not _a_place(text[: match.start()]):
        return None
    iso = _build(kind, match.groups(), now)
    if iso is None:
        return None
    raw = " ".join(paragraph.split()[: len(text[: match.end()].split())])
    return FoundDate(iso, raw, "dateline")


def _a_place(before: str) -> bool:
    """What stands before a dateline's date: a place's name of a word or two, with "في",
    a comma or a dash, and a weekday, after it."""
    words = [w for w in re.findall(r"[^\s،,]+|[،,]", before) if w not in _DATELINE_JOINS]
    while words and (words[-1] in _DATE_WORDS):
        words.pop()  # the weekday
    if not words or len(words) > 2 or not all(_LETTERS.fullmatch(w) for w in words):
        return False
    return not any(w in _NOT_PLACES for w in words) and (
        len(words) == 1 or words[0] in _PLACE_OPENINGS
    )


def _accept(raw: str | None, origin: str, now: datetime) -> FoundDate | None:
    if not raw or not raw.strip():
        return None
    if origin != "text" and _EPOCH.fullmatch(raw.strip()):
        return _from_epoch(raw.strip(), origin, now)
    compact = _COMPACT.fullmatch(raw.strip()) if origin != "text" else None
    if compact:  # <meta name="pubdate" content="20261103">: a field's date, written tight
        iso = parse_date("-".join(compact.groups()), now)
        return FoundDate(iso, raw.strip(), origin) if iso else None
    # A visible line may say when the article was updated too: that date is not the one.
    iso = _labelled_date(_without_updates(raw), now) if origin == "text" else parse_date(raw, now)
    return FoundDate(iso, raw.strip(), origin) if iso else None


def _labelled_date(text: str, now: datetime) -> str | None:
    """A line's date, the one its publication's label introduces first ("حدث في 20 نوفمبر -
    نشر في 19 نوفمبر": the other date on the line is another moment's)."""
    label = _LABELLED.search(text) if _DIGIT.search(text) else None
    said = parse_date(text[label.start() :], now) if label and label.start() else None
    return said or parse_date(text, now)


_COMPACT = re.compile(r"((?:19|20)\d\d)(\d\d)(\d\d)")
# A Unix time in a structured field ("datePublished": "1733223900", or in milliseconds), as
# some CMSs and JavaScript front ends write it: seconds since 1970 in UTC.
_EPOCH = re.compile(r"\d{10}(?:\d{3})?")
EARLIEST_EPOCH = 946_684_800  # 2000-01-01: a smaller count is an id, not a date


def _from_epoch(raw: str, origin: str, now: datetime) -> FoundDate | None:
    seconds = int(raw) // (1000 if len(raw) == 13 else 1)
    if not EARLIEST_EPOCH <= seconds <= now.timestamp() + 86_400:
        return None
    iso = datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds")
    return FoundDate(iso, raw, origin)


def json_ld_objects(tree: html.HtmlElement) -> list[dict]:
    """Every JSON-LD object on the page, @graph flattened; a broken block is repaired as far
    as publishers break it, and skipped beyond that."""
    objects: list[dict] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        stack: list = list(_json_values(script.text_content() or ""))
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                objects.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
            elif isinstance(item, list):
                stack.extend(item)
    return objects


_LD_WRAPPING = re.compile(r"<!--|-->|<!\[CDATA\[|\]\]>|^\s*//.*$", re.MULTILINE)
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
_BETWEEN_VALUES = " \t\r\n,;"


def _json_values(text: str) -> list:
    """The JSON values of one ld+json block. strict=False already takes raw newlines and tabs
    inside strings; beyond that: HTML comments and CDATA around the JSON, trailing commas,
    and several objects written one after another."""
    try:
        return [json.loads(text, strict=False)]
    except ValueError:
        pass
    text = _TRAILING_COMMA.sub(r"\1", _LD_WRAPPING.sub(" ", text))
    decoder = json.JSONDecoder(strict=False)
    values: list = []
    pos = 0
    while True:
        while pos < len(text) and text[pos] in _BETWEEN_VALUES:
            pos += 1
        if pos >= len(text):
            return values
        try:
            value, pos = decoder.raw_decode(text, pos)
        except ValueError:
            return values  # keep what parsed before the damage
        values.append(value)


# _container_rank's ranks: an article's object or the page's are read before anything else
# on the page; another thing's (a video's, a photo's: its own date) only after the page's
# meta tags, <time>s and text said nothing.
_PAGE_RANK = 2
_ARTICLE_OR_PAGE = (0, _PAGE_RANK)
_OTHER_THINGS = (1,)


def _from_json_ld(
    objects: list[dict], tree: html.HtmlElement, now: datetime, page: _PageNames,
    ranks: tuple[int, ...],
) -> FoundDate | None:  # fmt: skip
    """The date of the page's article in its JSON-LD objects of these ranks: not that of an
    object that names another headline (a related story, another page's article)."""
    dated = _dated_json_ld(objects, tree, now, page, ranks)
    return dated[0] if dated else None


def _dated_json_ld(
    objects: list[dict], tree: html.HtmlElement, now: datetime, page: _PageNames,
    ranks: tuple[int, ...],
) -> tuple[FoundDate, int] | None:  # fmt: skip
    """_from_json_ld's date, and the _container_rank of the object that gave it."""
    ranked = [o for o in objects if _container_rank(o) in ranks]
    for obj in _own_first(ranked, tree):
        headline = obj.get("headline")
        if isinstance(headline, str) and not page.names(headline):
            continue
        for key in ("datePublished", "dateCreated", "uploadDate"):
            value = obj.get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                value = str(value)  # a Unix time written as a number
            if isinstance(value, str):
                found = _accept(value, "json-ld", now)
                if found:
                    return found, _container_rank(obj)
    return None


def _from_broken_json_ld(tree: html.HtmlElement, now: datetime) -> FoundDate | None:
    """A block no repair makes JSON (an unescaped quote in a description): its datePublished
    is still the publisher's own statement of the date. (A block that parsed said what it
    holds: a related story's date inside it is not the page's.)"""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        text = script.text_content() or ""
        match = _LD_DATE.search(text) if not _json_values(text) else None
        if match:
            found = _accept(match[1], "json-ld", now)
            if found:
                return found
    return None


_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"<>]{8,40})"')


def _own_first(objects: list[dict], tree: html.HtmlElement) -> list[dict]:
    """The article's own object first: when several name a headline (a live page's @graph,
    a list of related stories), the one whose headline is the page's h1 or in its <title>;
    then the article-type objects before the page, site and publisher around them (Yoast's
    and Rank Math's @graph give the WebPage a date of its own, often the last edit)."""
    headlines = [o for o in objects if isinstance(o.get("headline"), str)]
    if len(headlines) < 2:
        return sorted(objects, key=_container_rank)
    h1s = {" ".join(normalize(h.text_content()).split()) for h in tree.xpath("//h1")}
    title = " ".join(normalize(tree.findtext(".//title") or "").split())

    def own(obj: dict) -> bool:
        headline = obj.get("headline")
        key = " ".join(normalize(headline).split()) if isinstance(headline, str) else ""
        return bool(key) and (key in h1s or key == title or f" {key} " in f" {title} ")

    return sorted(objects, key=lambda obj: (not own(obj), _container_rank(obj)))


# What holds an article rather than being one: its date is the page's or the site's.
_CONTAINERS = frozenset(
    ["webpage", "itempage", "collectionpage", "website", "organization", "newsmediaorganization"]
)


def article_object(obj: dict) -> bool:
    """An object of an article's type (NewsArticle, BlogPosting, LiveBlogPosting, …)."""
    return _container_rank(obj) == 0


def _container_rank(obj: dict) -> int:
    """0 for an article-type object (NewsArticle, BlogPosting, LiveBlogPosting, …), 2 for a
    page, site or publisher, 1 for anything else (a video's uploadDate)."""
    kinds = obj.get("@type")
    names = [
        k.lower() for k in (kinds if isinstance(kinds, list) else [kinds]) if isinstance(k, str)
    ]
    if any(name.endswith(("article", "posting")) for name in names):
        return 0
    return _PAGE_RANK if any(name in _CONTAINERS for name in names) else 1


def _from_meta(
    tree: html.HtmlElement, now: datetime, excluded: Callable[[], set], page: _PageNames
) -> FoundDate | None:
    """excluded: in_other_stories, asked only when an element states a date (on most
    pages the meta tags say it first)."""
    metas = {}
    for meta in tree.iter("meta"):
        # An itemprop inside an item (itemscope) is that item's: read with its item below.
        itemprop = None if _item_of(meta) is not None else meta.get("itemprop")
        key = (meta.get("property") or meta.get("name") or itemprop or "").lower()
        if key and key not in metas and meta.get("content"):
            metas[key] = meta.get("content")
    for key in _DATE_META:
        found = _accept(metas.get(key), "meta", now)
        if found:
            return found
    stated = _STATED_DATES(tree)
    for el in _in_article(excluded(), stated) if stated else []:
        if _anothers(el, page):
            continue
        # Microformats put the date in an <abbr>'s title and its time alone in the text.
        for said in (el.get("content"), el.get("datetime"), el.get("title"), el.text_content()):
            found = _accept(said, "meta", now)
            if found:
                return found
    return None


# Elements that state the publication date in an attribute: schema.org microdata, RDFa
# (Drupal 7: <span property="dc:date dc:created" content="...">) and hAtom (Blogger:
# <abbr class="published" title="...">).
_STATED_DATES = etree.XPath(
    '//*[@itemprop="datePublished"]'
    ' | //*[@content][contains(concat(" ", normalize-space(@property), " "), " dc:created ")'
    ' or contains(concat(" ", normalize-space(@property), " "), " dcterms:created ")]'
    ' | //abbr[@title][contains(concat(" ", normalize-space(@class), " "), " published ")]'
)


def _item_of(el: html.HtmlElement) -> html.HtmlElement | None:
    """The microdata item (itemscope) a property belongs to: its nearest one."""
    return next((a for a in el.iterancestors() if a.get("itemscope") is not None), None)


def _anothers(el: html.HtmlElement, page: _PageNames) -> bool:
    """A date stated by an item that is not the page's article: a comment's, a review's, a
    video's, or a teaser's that names another headline (a sidebar's NewsArticle)."""
    item = el if el.get("itemscope") is not None else _item_of(el)
    if item is None:
        return False
    kind = (item.get("itemtype") or "").rstrip("/").split("/")[-1].lower()
    if kind in _OTHER_ITEMS:
        return True
    props = (p for p in item.iter() if p.get("itemprop") in ("headline", "name"))
    named = next((p for p in props if _item_of(p) is item), None)
    said = (named.get("content") or named.text_content()) if named is not None else ""
    return bool(said.strip()) and not page.names(said)


# Microdata items whose dates are their own, never the article's.
_OTHER_ITEMS = frozenset(
    ["comment", "review", "videoobject", "imageobject", "audioobject", "mediaobject", "event",
     "product", "offer", "person", "rating", "aggregaterating", "question", "answer", "recipe"]
)  # fmt: skip


class _PageNames:
    """What the page calls its article: its h1s, its <title> and the headline found for it.
    A headline shares most of its words with them, or it is another story's."""

    def __init__(self, tree: html.HtmlElement, headline: str | None) -> None:
        said = [h.text_content() for h in tree.iter("h1")]
        said += [tree.findtext(".//title") or "", headline or ""]
        self.words = set(tokens(" ".join(said)))

    def names(self, headline: str) -> bool:
        words = set(tokens(headline))
        if len(words) < OWN_HEADLINE_WORDS or len(self.words) < OWN_HEADLINE_WORDS:
            return True  # too few words to tell: taken for the page's, as before
        return len(words & self.words) >= OWN_HEADLINE_SHARE * len(words)


# A headline of fewer words than this (or a page that says fewer) is not told apart.
OWN_HEADLINE_WORDS = 3
# The share of a headline's words that the page's own names say, at least, when it is the
# page's article's (a JSON-LD headline may be shortened, or carry the site's name).
OWN_HEADLINE_SHARE = 0.5


def _headline_of(tree: html.HtmlElement, said: str | None) -> html.HtmlElement | None:
    """The page's headline element (_headline), looked for among the body's small elements."""
    body = tree.find("body")
    if body is None:
        return None
    return _headline(tree, lambda: _small_elements(body), said)


def _small_elements(body: html.HtmlElement) -> list[html.HtmlElement]:
    return [el for el in body.iter() if isinstance(el.tag, str) and len(el) <= HEADLINE_CHILDREN]


# An element that says the headline holds a few inline elements at most (a link, a label).
HEADLINE_CHILDREN = 3


def _split_at_headline(
    tree: html.HtmlElement, elements: list, head: html.HtmlElement | None
) -> tuple[list, list]:
    """The elements after the headline, and those before it (all after, with none)."""
    if head is None:
        return elements, []
    order = {el: i for i, el in enumerate(tree.iter())}
    mark = order.get(head, 0)
    return [e for e in elements if order.get(e, 0) > mark], [
        e for e in elements if order.get(e, 0) <= mark
    ]


def _after_headline(tree: html.HtmlElement, elements: list, head: html.HtmlElement | None) -> list:
    """Elements after the headline first (they belong to the article), then the rest
    (a date before the headline is usually the page header's "today")."""
    after, before = _split_at_headline(tree, elements, head)
    return after + before


def _from_time(
    tree: html.HtmlElement, now: datetime, excluded: Callable[[], set],
    head: html.HtmlElement | None,
) -> FoundDate | None:  # fmt: skip
    """excluded: in_other_stories, asked only when the page has a <time>."""
    times = [el for el in tree.xpath("//time[@datetime]") if not _states_update(el)]
    for el in _after_headline(tree, _in_article(excluded(), times) if times else [], head):
        found = _accept(el.get("datetime"), "time", now)
        if found:
            return found
    return None


def _states_update(el: html.HtmlElement) -> bool:
    """A <time> that says when the article was modified (itemprop, class), not published
    (WordPress marks one element "published updated" until the post is edited, and tagDiv
    themes the post date "entry-date updated"); or one an update label introduces ("آخر
    تحديث: <time>", "<span>Updated</span> <time>")."""
    marks = f"{el.get('itemprop', '')} {el.get('class', '')} {el.get('id', '')}"
    if _UPDATE_MARK.search(marks) is not None:
        return _PUBLISHED_MARK.search(marks) is None
    if _SAYS_PUBLISHED.search(marks) is not None:
        return False  # (a "آخر تحديث: منذ 10 دقائق" line before it says its own time)
    return _UPDATE_LABEL.search(_said_before(el)) is not None


LABEL_CHARS = 30  # what stands right before an element, read for its label


def _said_before(el: html.HtmlElement) -> str:
    """The few characters right before an element: its previous sibling's tail (or that
    sibling's own text when it has no tail: not a headline's, whose edit's mark, "… (محدث)",
    labels no date line under it), or its parent's text when it comes first."""
    previous = el.getprevious()
    if previous is None:
        parent = el.getparent()
        before = (parent.text or "") if parent is not None else ""
    else:
        before = previous.tail or ""
        if not before.strip() and isinstance(previous.tag, str):
            before = "" if previous.tag in _HEADINGS else previous.text_content()
    return _labels_read(before.strip()[-LABEL_CHARS:])


# A class, id or itemprop that says an edit's date ("date-modified", "last-update"); hAtom's
# bare "updated" token aside (_UPDATE_NAMED leaves it to _DATE_TOKEN).
_UPDATE_NAME = (
    r"modified|update-?(?:date|time)|last-?update|edited|(?<![a-z])edit-?(?:date|time)|last-?edit"
)
_UPDATE_MARK = re.compile(rf"{_UPDATE_NAME}|updated", re.IGNORECASE)
_SAYS_PUBLISHED = re.compile(r"published|pubdate", re.IGNORECASE)
# An update label that introduces what follows it: it ends what stands before the element.
_UPDATE_LABEL = re.compile(rf"(?:{_UPDATED.pattern})(?:\s+(?:في|بتاريخ|on|at))?\W*$", re.IGNORECASE)
# The same but hAtom's bare "updated" token, which themes put beside their post date's own
# name ("date updated", "entry-meta-date updated": _DATE_TOKEN).
_UPDATE_NAMED = re.compile(rf"{_UPDATE_NAME}|\w[-_]updated|updated[-_]\w", re.IGNORECASE)
_DATE_TOKEN = re.compile(
    r"(?:^|\s)(?!updated(?:\s|$))[\w-]*(?:date|time)[\w-]*(?:\s|$)", re.IGNORECASE
)
# WordPress's post date is "entry-date" (the tagDiv themes mark it "entry-date updated").
_PUBLISHED_MARK = re.compile(r"published|pubdate|created|entry-date", re.IGNORECASE)


def _from_text(
    tree: html.HtmlElement, now: datetime, excluded: set, head: html.HtmlElement | None,
    before_headline: bool = False, headline: str | None = None,
    header_days: set[str] | None = None,
) -> FoundDate | None:  # fmt: skip
    """The visible date line: labelled lines first, then date-ish elements after the headline.
    before_headline: the date-ish elements above it instead, a header's "today" as often as
    the article's date, so asked only after the permalink's date, and never one of
    header_days (_header_days)."""
    body = tree.find("body")
    if body is None:
        return None
    elements = _without_updates_stated(
        _in_article(
            excluded,
            [el for el in body.iter() if isinstance(el.tag, str) and el.tag not in UNREAD_TAGS],
        )
    )
    labelled = None if before_headline else _labelled(elements, now)
    if labelled is not None and not _in_prose(labelled[0]):
        return labelled[1]
    kept: set[html.HtmlElement] = set()
    hinted = [
        el
        for el in elements
        if (_date_named(el) or _a_meta_line(el, elements, kept)) and len(el.text_content()) < 120
    ]
    after, before = _split_at_headline(tree, hinted, head)
    if before_headline:
        days = header_days or set()
        dated = (_accept(el.text_content(), "text", now) for el in before)
        found = next((found for found in dated if found and found.iso not in days), None)
        return found or _cell_above(head, set(elements), now, days)
    if labelled is not None:
        # A labelled date below the article's first paragraph is a note in its text ("نشر
        # في "اندبندنت" بتاريخ …": when the original ran): the date line between the
        # headline and the text, when there is one, is the page's.
        above = elements[: _index(elements, labelled[0])]
        heading = set(above)
        dated = (_accept(el.text_content(), "text", now) for el in after if el in heading)
        return (
            next(filter(None, dated), None) or _date_line(tree, above, now, headline) or labelled[1]
        )
    for el in after:
        found = _accept(el.text_content(), "text", now) or _stated_beside(el, now)
        if found:
            return _with_time_beside(el, found, now)
    return _date_line(tree, elements, now, headline)


def _cell_above(
    head: html.HtmlElement | None, allowed: set, now: datetime, header_days: set[str]
) -> FoundDate | None:
    """A legacy table layout's date line right above its headline, in a cell of its own
    that no class names: a cell before the headline's in its row ("<td>date</td><td
    class='title'>"), or one of the row before ("<tr><td>محليات</td><td>date</td></tr>"),
    its date alone or after a section's name and a bar. Never the header's "today"
    (header_days), nor a cell of another story's or the site header's (not allowed)."""
    row = next(head.iterancestors("tr"), None) if head is not None else None
    if row is None or head is None:
        return None
    own = next(cell for cell in chain((head,), head.iterancestors()) if cell.getparent() is row)
    above = row.getprevious()
    cells = [*own.itersiblings("td", "th", preceding=True)]
    if above is not None and above.tag == "tr":
        cells += reversed(above.findall("td") + above.findall("th"))
    for cell in cells:
        if cell not in allowed or len(text := cell.text_content()) > BARE_DATE_CHARS:
            continue
        line = next((part for part in reversed(_SECTION_BAR.split(text)) if part.strip()), "")
        found = _accept(line, "text", now) if is_bare_date(line) else None
        if found and found.iso[:10] not in header_days:
            return _with_time_beside(cell, found, now)
    return None


# A bar between a section's name and the date on the line above a headline ("محليات | …").
_SECTION_BAR = re.compile(r"[|•]")


def _date_named(el: html.HtmlElement) -> bool:
    return (
        el.tag == "time"
        or _DATE_HINT.search(f"{el.get('class', '')} {el.get('id', '')}") is not None
    )


def _a_meta_line(el: html.HtmlElement, elements: list, kept: set[html.HtmlElement]) -> bool:
    """An element named for the lines about the article ("post-meta", "article__meta",
    "byline": "Par …, le 12 mars 2026 à 14h05"), read whole when it holds no element named
    for a date (read alone) nor one that says an update (not among elements). kept: elements
    as a set, made when first asked."""
    if not any(_OWN_PARTS.search(name) for name in _names(el)):
        return False
    kept.update(() if kept else elements)
    inner = (d for d in el.iterdescendants() if isinstance(d.tag, str))
    return all(d in kept and not _date_named(d) for d in inner)


def _without_updates_stated(elements: list) -> list:
    """The elements but those that say when the article was modified, with all they hold:
    an element marked so ("modified-date", "last-update") or one an update label in the
    element before it introduces ("<span>آخر تحديث:</span> <span>4 ديسمبر</span>": read
    alone, its date would have lost the label that says what it is)."""
    updates: set[html.HtmlElement] = set()
    for el in elements:
        if el not in updates and _an_update(el):
            updates.update(el.iter())
    return [el for el in elements if el not in updates] if updates else elements


def _an_update(el: html.HtmlElement) -> bool:
    """An element that says when the article was modified (_states_update): a <time>, or a
    short line (a long block is no date's element: its mark is a theme's for the post) not
    marked by hAtom's bare "updated" alone (themes put it on the post's date: "date updated",
    "entry-meta-date updated")."""
    if el.tag == "time":
        return _states_update(el)
    marks = f"{el.get('class', '')} {el.get('id', '')}"
    hatom = _DATE_TOKEN.search(marks) is not None and _UPDATE_NAMED.search(marks) is None
    return len(el.text_content()) <= UPDATE_LINE_CHARS and _states_update(el) and not hatom


# Attributes where a date element that shows a relative time ("منذ ساعتين") keeps the full
# date, for the reader's tooltip or the script that counts: "title", "data-time", "data-date".
_DATE_ATTRIBUTE = re.compile(r"^(?:title|data-[\w-]*(?:date|time|publish)[\w-]*)$")


def _stated_beside(el: html.HtmlElement, now: datetime) -> FoundDate | None:
    """The date a date element states in an attribute rather than in its text: its own, or
    an element's inside it (`<div class="date"><span title="…">منذ 5 ساعات</span></div>`)."""
    said = ((n, v) for inner in el.iter() if isinstance(inner.tag, str) for n, v in inner.items())
    for name, value in said:
        if _DATE_ATTRIBUTE.match(name):
            # A Unix time ("data-timestamp", in seconds or milliseconds), as a script that
            # shows "منذ 14 يوم" reads it; or a date as written.
            if _EPOCH.fullmatch(value.strip()):
                found = _from_epoch(value.strip(), "text", now)
            else:
                found = _accept(value, "text", now)
            if found:
                return found
    return None


def _labelled(elements: list, now: datetime) -> tuple[html.HtmlElement, FoundDate] | None:
    """The first labelled date line ("تاريخ النشر: …", "نشر في: …") and its element."""
    for el in elements:
        text, tail = (el.text or "").strip(), (el.tail or "").strip()
        # A label inside a long paragraph ("... نشر في صحيفة ...") is prose, not a date line.
        if text and len(text) < 150 and _LABELLED.search(text):
            whole = el.text_content()[:120]  # "<b>نشر في:</b> 12 مارس" has its date in a tail
            found = _accept(text, "text", now) or _accept(whole, "text", now)
            found = found or _accept(f"{whole} {tail}"[:150], "text", now)
            if found:
                return el, found
        # The text after a <br> or a label's element: "آخر تحديث: …<br>نشر في: …"
        if tail and len(tail) < 150 and _LABELLED.search(tail):
            found = _accept(tail, "text", now)
            if found:
                return el, found
    return None


# A paragraph of the article's text between the headline and an element: the element is in
# the text (or below it), not in the lines about the article above it.
PROSE_CHARS = 100
_PROSE_BEFORE = etree.XPath(
    f"boolean(preceding::p[string-length(normalize-space()) >= {PROSE_CHARS}][preceding::h1])"
)


def _in_prose(el: html.HtmlElement) -> bool:
    return bool(_PROSE_BEFORE(el))


def _index(elements: list, el: html.HtmlElement) -> int:
    return next(i for i, e in enumerate(elements) if e is el)


def _date_line(
    tree: html.HtmlElement, elements: list, now: datetime, said: str | None = None
) -> FoundDate | None:
    """A short line that is nothing but a date, soon after the headline, whatever its
    markup calls it (`<div class="dt">`, a bare `<span>`, text between two <br>s). The
    headline: the <h1>, or on a page without one the first element that says the headline
    (said: the title as found) or the <title>."""
    headline = _headline(tree, elements, said)
    if headline is None:
        return None
    order = {el: i for i, el in enumerate(tree.iter())}
    mark = order.get(headline, 0)
    story = _story_opening(headline)  # the lines below it are the text's, not the page's
    end = story.end(order) if story else len(order)
    after = [el for el in elements if mark < order.get(el, 0) < end][:DATE_LINE_WINDOW]
    lines: list[tuple[html.HtmlElement | None, str]] = [
        (el, t)
        for el in after
        if not len(el) and 6 <= len(t := el.text_content().strip()) <= 60 and not _a_caption(el)
    ]
    allowed = set(elements)
    for node in _TEXT_AFTER(headline):
        if story is not None and story.is_node(node):
            break  # (a text node's owner may stand above the story and hold what follows it)
        owner = node.getparent()
        if node.is_tail and owner is not None:
            owner = owner.getparent()  # a tail is its element's parent's text
        if owner in allowed and order.get(owner, 0) < end and is_bare_date(node):
            lines.append((None, str(node)))
    # A Hijri date gives way to a Gregorian one the page shows beside it, in another element
    # (calendars of sightings differ from Umm al-Qura by a day).
    hijri: FoundDate | None = None
    for el, text in lines:
        found = _accept(text, "text", now)
        if found and parse_date(found.raw, now, hijri=False):
            return found if el is None else _with_time_beside(el, found, now)
        hijri = hijri or found
    return hijri


# The article's first paragraph of prose after its headline. A date below it is one the text
# cites (an "اقرأ أيضا" teaser's, a source's or a document's, an archive photo's caption's),
# a reader's comment's, a related headline's or a print footer's, not the page's statement
# of when it was published: that stands between the headline and the text (a date line
# labelled "نشر في" is read wherever it is: _labelled). A <p>, or on a legacy layout that
# writes its paragraphs between <br>s (a table cell's story) a text beside a <br>.
_STORY_PARAGRAPH = etree.XPath(
    f"(following::p[string-length(normalize-space()) >= {PROSE_CHARS}]"
    f" | following::text()[string-length(normalize-space()) >= {PROSE_CHARS}]"
    "[preceding-sibling::node()[1][self::br] or following-sibling::node()[1][self::br]])[1]"
)


class _Opening(NamedTuple):
    """Where the story's first paragraph starts: an element, or the text or tail of one."""

    anchor: html.HtmlElement
    node: str  # "element", "text" or "tail"

    def texts_below(self) -> list:
        """The text nodes after the paragraph (after its first text, for a text's)."""
        if self.node == "element":
            return list(self.anchor.xpath("following::text()"))
        axes = (
            "following::text()" if self.node == "tail" else "descendant::text() | following::text()"
        )
        return list(self.anchor.xpath(axes))[1:]  # (the first is the paragraph itself)

    def end(self, order: dict) -> int:
        """Where the paragraph stands among the elements in order (tree.iter()'s)."""
        at = order.get(self.anchor, len(order))
        return at if self.node == "element" else at + 1

    def is_node(self, text: etree._ElementUnicodeResult) -> bool:
        """Is the text node the paragraph's own?"""
        tail = self.node == "tail"
        return self.node != "element" and text.getparent() is self.anchor and text.is_tail == tail


def _story_opening(start: html.HtmlElement) -> _Opening | None:
    """The story's first paragraph of prose after start (_STORY_PARAGRAPH)."""
    found = _STORY_PARAGRAPH(start)
    if not found:
        return None
    if isinstance(text := found[0], etree._ElementUnicodeResult):
        return _Opening(text.getparent(), "tail" if text.is_tail else "text")
    return _Opening(found[0], "element")


# A photo's caption says when the photo was taken ("(أرشيفية - 12 مارس 2023)"), above the
# text or in it: never the article's date.
_CAPTION_NAME = re.compile(r"caption|legend", re.IGNORECASE)


def _a_caption(el: html.HtmlElement) -> bool:
    return any(
        node.tag in ("figcaption", "figure")
        or _CAPTION_NAME.search(f"{node.get('class', '')} {node.get('id', '')}") is not None
        for node in chain((el,), el.iterancestors())
    )


SIDE_TIME_CHARS = 30  # an element beside a date that holds its time holds little else
_CLOCK = re.compile(r"[0-9٠-٩]\s*[:h]\s*[0-9٠-٩]{2}")


def _with_time_beside(el: html.HtmlElement, found: FoundDate, now: datetime) -> FoundDate:
    """A date without its time, the time in the element next to it or before it ("<span>الأحد
    16 نوفمبر 2025</span> | <span>05:48 مساءً</span>"): the two read as one line."""
    if "T" in found.iso:
        return found
    el = _alone_in(el)
    after, before = el.getnext(), el.getprevious()
    for line in (
        f"{found.raw} {el.tail or ''} {_short_text(after)}",
        f"{_short_text(before)} {before.tail or '' if before is not None else ''} {found.raw}",
    ):
        if not _CLOCK.search(line):
            continue
        both = _accept(" ".join(line.split()), "text", now)
        if both and both.iso.startswith(f"{found.iso}T"):
            return both
    return found


WRAPPERS = 2  # "<li><span>date</span></li><li><span>time</span></li>": the <li>s are beside


def _alone_in(el: html.HtmlElement) -> html.HtmlElement:
    """The element, or the wrappers that hold nothing else around it (a list item's)."""
    for _ in range(WRAPPERS):
        parent = el.getparent()
        if parent is None or parent.tag == "body" or len(parent) != 1:
            break
        if (parent.text or "").strip() or (el.tail or "").strip():
            break
        el = parent
    return el


def _short_text(el: html.HtmlElement | None) -> str:
    if el is None or not isinstance(el.tag, str):
        return ""
    text = el.text_content().strip()
    return text if len(text) <= SIDE_TIME_CHARS else ""


# How many elements, or text nodes, after the headline a bare date line may come.
DATE_LINE_WINDOW = 12
_TEXT_AFTER = etree.XPath(
    f"(following::text()[normalize-space()])[position() <= {DATE_LINE_WINDOW}]"
)
HEADLINE_WORDS = 3


def _headline(
    tree: html.HtmlElement,
    elements: list | Callable[[], list],
    said: str | None = None,
) -> html.HtmlElement | None:
    """The page's headline element: its first <h1>, unless that <h1> names no headline the
    page gives (a Joomla template's logo, "<h1 class='gkLogo'>") and another element says
    one; on a page without an <h1> (a K2 `h2.itemTitle`, a Blogger `h3.post-title`, a
    portal's `div.title`), the element that says it. The headlines: the title as found
    (said), og:title's and the <title>'s longest segment (not the site's name beside it).
    elements: where to look (or what lists them, asked only when the <h1> will not do)."""
    h1 = next(tree.iter("h1"), None)
    names = _headline_names(tree, said)
    if h1 is not None and (not names or _shares_words(h1, names)):
        return h1
    candidates = elements() if callable(elements) else elements
    found = (el for name in names if (el := _saying(candidates, name)) is not None)
    return next(found, h1)


def _headline_names(tree: html.HtmlElement, said: str | None) -> list[str]:
    """The headlines the page gives its article, normalized, most trusted first."""
    og = tree.xpath("//meta[@property='og:title']/@content")
    stated = [said or "", *(_longest_part(t) for t in [*og[:1], tree.findtext(".//title") or ""])]
    names = (" ".join(normalize(name).split()) for name in stated)
    return [name for name in dict.fromkeys(names) if len(name.split()) >= HEADLINE_WORDS]


def _longest_part(title: str) -> str:
    parts = title_parts(" ".join(normalize(title).split()))
    return max(parts, key=lambda part: len(part.split()))


# Words an <h1> shares with one of the page's headlines that make it the headline, however
# else it is worded (an SEO title beside it); a logo's ("صحيفة الحدث") shares none, or one.
SHARED_HEADLINE_WORDS = 2


def _shares_words(el: html.HtmlElement, names: list[str]) -> bool:
    """Does the element say words of one of the page's headlines?"""
    words = set(tokens(el.text_content()))
    return any(len(words & set(tokens(name))) >= SHARED_HEADLINE_WORDS for name in names)


def _saying(elements: list, headline: str) -> html.HtmlElement | None:
    """The element that says the headline: a heading or an element named for a title first
    (the same words end the breadcrumbs above it, and a "read also" link may repeat them),
    else the first."""
    saying = [
        el
        for el in elements
        if len(text := el.text_content()) < 2 * len(headline)
        and " ".join(normalize(text).split()) == headline
    ]
    titled = (el for el in saying if not in_link(el) and _a_heading(el))
    return next(titled, saying[0] if saying else None)


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_TITLE_MARK = re.compile(r"title|headline|heading", re.IGNORECASE)


def _a_heading(el: html.HtmlElement) -> bool:
    return el.tag in _HEADINGS or bool(
        _TITLE_MARK.search(f"{el.get('class', '')} {el.get('id', '')}")
    )


def _from_htmldate(
    tree: html.HtmlElement, now: datetime, urls: tuple[str | None, ...] = (),
    header_days: set[str] | None = None, site_header: set[html.HtmlElement] | None = None,
    head: html.HtmlElement | None = None,
) -> FoundDate | None:  # fmt: skip
    """htmldate's search, but never the page header's "today" (header_days, and what
    site_header holds: in_site_header), nor a day the article's text cites (_cited_days:
    head, the headline, is where its text is looked for)."""
    from htmldate import find_date as htmldate_find

    tree = _without_other_stories(tree, site_header or set())
    try:
        result = htmldate_find(
            tree,
            extensive_search=True,
            original_date=True,
            max_date=(now + FUTURE_SLACK).date().isoformat(),
        )
    except Exception:  # htmldate raises on odd trees; a missing date is the honest answer
        return None
    # A bare year comes back as YYYY-01-01, a year and month (a Blogger address,
    # /2024/11/post.html) as YYYY-MM-01: guesses, not dates.
    if not result or result.endswith("-01-01") or _month_only(result, urls):
        return None
    if not _written(result[:10], tree, urls, now):
        return None  # a guess: a month's first day, a parser's day of today, a range's end
    if result in (header_days or set()):
        return None  # the page header's "today", on a page that says no date of its own
    if result[:10] in _update_days(tree, now):
        return None  # htmldate falls back to when the page was modified: no publication
    if result[:10] in _cited_days(tree, now, head):
        return None  # a teaser's, a caption's, a document's day: the text's, not the page's
    return FoundDate(result, result, "htmldate")


def _written(day: str, tree: html.HtmlElement, urls: tuple[str | None, ...], now: datetime) -> bool:
    """May htmldate's day stand? Not when the page writes it only as a range's end (an
    event's days), nor, when it is a day htmldate fills in itself, when the page never writes
    it out: the first of a month (a month said alone, "2026/12", or a day past its max_date:
    a scheduled date, an event's, the day an exam starts), or any day of a month the page
    writes only without a day ("2024-10": a parser fills in the day of its clock). Another
    day the page writes in a form parse_date does not read ("07/12/24") stands, whatever
    day it is read on."""
    compact = re.compile(rf"(?<!\d){day.replace('-', '')}(?!\d)")
    alone = _month_alone(day)
    year = day[2:4]  # (the two digits any way of writing the year has)
    ranged, guessed = False, day.endswith("-01")
    for said in _said_anywhere(tree, urls):
        if year not in said and not _EASTERN_DIGIT.search(said):
            continue
        if compact.search(said):
            return True
        text = _zones_written(normalize(said))
        read = _read_day(text, day, now)
        if read == "date":
            return True
        ranged = ranged or read == "range"
        guessed = guessed or bool(alone.search(text))
    return not (ranged or guessed)


def _month_alone(day: str) -> re.Pattern[str]:
    """The day's year and month written in digits with no day beside them ("2024-10",
    "10/2024"), as a normalized text says them."""
    y, m = day[:4], int(day[5:7])
    return re.compile(rf"(?<![\d/.\-])(?:{y}[-/.]0?{m}|0?{m}[-/.]{y})(?!\d|[-/.:]\d)")


_EASTERN_DIGIT = re.compile(r"[٠-٩۰-۹]")


def _said_anywhere(tree: html.HtmlElement, urls: tuple[str | None, ...]) -> Iterator[str]:
    """Every text a reader sees, JSON-LD, attribute value and address of the page that holds
    a digit (not a script's code: long, and no statement of the page's date)."""
    yield from (url for url in urls if url)
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        own = el.text if el.tag not in UNREAD_TAGS or el.get("type") == _LD_TYPE else None
        for said in chain((own, el.tail), el.attrib.values()):
            if said and _DIGIT.search(said):
                yield said


_LD_TYPE = "application/ld+json"


def _read_day(text: str, day: str, now: datetime) -> str | None:
    """How a normalized text says the day: "date", a date of its own; "range", only as a
    range's end; None, not at all."""
    ranged = None
    for kind, pattern in _GREGORIAN:
        for match in pattern.finditer(text):
            iso = _build(kind, match.groups(), now)
            other = _range_end(match, text, iso) if iso else None
            if iso is None or day not in (iso[:10], other):
                continue
            if other is None:
                return "date"
            ranged = "range"
    return ranged


CITED_LINE_CHARS = 200  # a caption's or a teaser's line; a longer one is a paragraph's prose


def _cited_days(tree: html.HtmlElement, now: datetime, head: html.HtmlElement | None) -> set[str]:
    """The days short lines of the article's text say below its first paragraph of prose
    (_STORY_PARAGRAPH), and photo captions anywhere (_a_caption): dates the text cites."""
    start = head if head is not None else tree.find("body")
    story = _story_opening(start) if start is not None else None
    texts = story.texts_below() if story else []
    texts += [t for c in tree.iter("figcaption") for t in c.itertext()]
    days = (
        parse_date(t, now)
        for t in texts
        if len(t) <= CITED_LINE_CHARS and _DIGIT.search(t) and _read_text(t)
    )
    return {day[:10] for day in days if day}


_DIGIT = re.compile(r"[0-9٠-٩]")


def _read_text(text: str) -> bool:
    """A text node a reader sees (not a script's, a style's)."""
    owner = getattr(text, "getparent", lambda: None)()
    if owner is not None and getattr(text, "is_tail", False):
        owner = owner.getparent()
    return owner is None or owner.tag not in UNREAD_TAGS


def _update_days(tree: html.HtmlElement, now: datetime) -> set[str]:
    """The days the page says it was modified: its modified/updated meta tags and JSON-LD
    dateModified, and its visible update lines ("آخر تحديث: 2026/11/20 - 14:35")."""
    said = [
        meta.get("content")
        for meta in tree.iter("meta")
        if _UPDATE_MARK.search(meta.get("property") or meta.get("name") or "")
    ]
    said += [obj.get("dateModified") for obj in json_ld_objects(tree)]
    for el in tree.iter(*_DATE_LINE_TAGS):
        text = el.text_content()
        key = _labels_read(text) if len(text) <= UPDATE_LINE_CHARS else ""
        if label := _UPDATED.search(key):
            said.append(key[label.end() :])
    days = {parse_date(raw, now) for raw in said if isinstance(raw, str)}
    return {day[:10] for day in days if day}


_DATE_LINE_TAGS = ("span", "div", "p", "time", "small", "li", "em", "b", "strong", "font", "td")
UPDATE_LINE_CHARS = 120  # an update line is short; a paragraph that says "updated" is news


# A page header's date line: a short element above the headline, outside its article.
HEADER_LINE_CHARS = 80
_SITE_HEADER = etree.XPath(
    "//body//header[not(ancestor::article)]//* | //body//nav[not(ancestor::article)]//*"
)


def _header_days(tree: html.HtmlElement, now: datetime, head: html.HtmlElement | None) -> set[str]:
    """The dates a page's header shows as "today": a short line above the headline and
    outside the headline's article (or in the site's <header>, <nav>) that is a day, no
    time, of the crawl's (a day off either way: the site's zone). Many templates show it on
    every page; it dates no article. (A date line in the article, above its headline, is
    the article's, whatever its day.)"""
    days = set()
    for el in [*_above_the_article(tree, head), *_SITE_HEADER(tree)]:
        if not isinstance(el.tag, str) or el.tag in UNREAD_TAGS:
            continue
        text = el.text_content().strip()
        if not 6 <= len(text) <= HEADER_LINE_CHARS:
            continue
        found = parse_date(text, now)
        if found and "T" not in found and abs((date.fromisoformat(found) - now.date()).days) <= 1:
            days.add(found)
    return days


def _above_the_article(
    tree: html.HtmlElement, h1: html.HtmlElement | None
) -> list[html.HtmlElement]:
    """The elements before the headline, but those of its article (its <article> or
    <main>, or the block that holds it), in one walk of the page."""
    body = tree.find("body")
    if body is None or h1 is None:
        return []
    block = next(h1.iterancestors("article", "main"), None)
    block = h1.getparent() if block is None else block
    own = set(block.iter()) if block is not None and block is not body else set()
    above = []
    for el in body.iter():
        if el is h1:
            break
        if el not in own:
            above.append(el)
    return above


# The site's header, where many templates show the day's date on every page (Joomla's
# "#gkTopBar .gkDate", an ASP.NET portal's "lblToday" in its "Header" cell): a <header> or a
# block named header / top bar / masthead, outside the article; and a short line named for
# "today" anywhere. Its date is the day the page was served, never the article's.
_HEADER_NAME = re.compile(r"header|top[-_]?bar|masthead", re.IGNORECASE)
# ... but a header block named for the article or a part of the page ("entry-header",
# K2's "itemHeader", "page-header", a widget's "section-header") holds their own title and date.
_PARTS_HEADER = re.compile(
    r"entry|post|article|story|item|news|page|content|single|title|section|widget|card|box"
    r"|block|module|panel|modal|sub|comment|list|table",
    re.IGNORECASE,
)
_TODAY_NAME = re.compile(
    r"today|current[-_]?date|cur[-_]?date|date[-_]?now|header[-_]?date|top[-_]?date",
    re.IGNORECASE,
)


def in_site_header(tree: html.HtmlElement, head: html.HtmlElement | None) -> set[html.HtmlElement]:
    """Every element of the site's header blocks, and every line named for today's date.
    A block that holds the headline, sits in the article (<article>, <main>) or holds most
    of the page's prose is no site header (a template that opens its #header and never
    closes it)."""
    body = tree.find("body")
    if body is None:
        return set()
    keep = {head, *head.iterancestors()} if head is not None else set()
    found: set[html.HtmlElement] = set()
    page_chars: list[int] = []
    for el in body.iter():
        if not isinstance(el.tag, str) or el in found or el in keep:
            continue
        if _a_today_line(el) or (_a_site_header(el) and not _most_prose(el, body, page_chars)):
            found.update(el.iter())
    return found


def _names(el: html.HtmlElement) -> list[str]:
    return f"{el.get('class', '')} {el.get('id', '')}".split()


def _a_today_line(el: html.HtmlElement) -> bool:
    return any(_TODAY_NAME.search(name) for name in _names(el)) and (
        len(el.text_content()) <= HEADER_LINE_CHARS
    )


def _a_site_header(el: html.HtmlElement) -> bool:
    names = _names(el)
    if any(_PARTS_HEADER.search(name) for name in names):
        return False
    if el.tag != "header" and not any(_HEADER_NAME.search(name) for name in names):
        return False
    return next(el.iterancestors("article", "main"), None) is None


def _most_prose(el: html.HtmlElement, body: html.HtmlElement, page_chars: list[int]) -> bool:
    """page_chars: the body's prose characters, counted once when first asked."""
    if not page_chars:
        page_chars.append(_prose_chars(body))
    return _prose_chars(el) > MOST_OF_THE_PAGE * page_chars[0]


def _month_only(iso: str, urls: tuple[str | None, ...]) -> bool:
    """Is the first of a month one that only an address's /YYYY/MM/ says?"""
    if not iso.endswith("-01"):
        return False
    month = f"/{iso[:4]}/{iso[5:7]}/"
    return any(url and month in url and f"{month}01" not in url for url in urls)


# Containers of other stories and of readers: related teasers, sidebars, comments. A date in
# one of them belongs to another story or to a reader, never to this article.
_OTHER_TAGS = frozenset({"aside", "nav"})
_OTHER_TOKEN = re.compile(
    r"^(?!no-)[\w-]*(?:related|comment|sidebar|side-bar|widget|teaser|recommend|popular"
    r"|most-?read|most-?viewed|trending|more-?on|read-?more|also|other-?news|more-?news"
    r"|latest|ticker|breaking|top-?stories|suggest|picks|you-?may)"
    r"|^rel(?:box|[-_]?(?:news|items?|posts?|links?|stories))?$"
    # An embedded post quotes someone else, on its own day ("… (@moi_x) December 3, 2025").
    r"|^(?:twitter-tweet|twitter-timeline|instagram-media|tiktok-embed|fb-post|fb-video"
    r"|facebook-post|telegram-post|reddit-embed|bluesky-embed|threads-post)",
    re.IGNORECASE,
)


def _other_story(el: html.HtmlElement) -> bool:
    if el.tag in _OTHER_TAGS:
        return True
    # The page's footer; the <footer> of an <article> holds its byline and date (Drupal).
    if el.tag == "footer" and next(el.iterancestors("article"), None) is None:
        return True
    tokens = f"{el.get('class', '')} {el.get('id', '')}".split()
    if any(_OWN_PARTS.search(t) for t in tokens):
        return False
    if any(_OTHER_TOKEN.match(t) and not _BUILDERS_OWN.match(t) for t in tokens):
        return True
    return bool(tokens) and a_service_box(el)  # (its day is today's, for the prayer times)


# A block named for the article's own parts, a theme's "widget" or not ("post-meta-widget",
# "entry-info-widget", "widget-post-date"): its date and byline are this article's.
_OWN_PARTS = re.compile(
    r"(?:^|[-_])(?:(?:post|entry|article|story)-?(?:meta|info|date|byline)|meta|byline|dateline)"
    r"(?:$|[-_])",
    re.IGNORECASE,
)


# A page builder calls every block a "widget" (Elementor's `elementor-widget`): those that
# hold the article's own parts (`elementor-widget-post-info`: its date and byline) are none
# of another story's; its posts and loop widgets are (`elementor-widget-posts`).
_BUILDERS_OWN = re.compile(
    r"^elementor-widget(?:-container|-wrap|-(?:theme-post-[\w-]+|post-info|author-box|heading"
    r"|text-editor|image|breadcrumbs|share-buttons|theme-page-title))?$"
)


def _own_article(tree: html.HtmlElement) -> html.HtmlElement | None:
    """The <article> that holds the headline: when there is one, other <article>s on the
    page are teaser cards of other stories."""
    for h1 in tree.xpath("//h1"):
        for parent in h1.iterancestors("article"):
            return parent
    return None


def other_stories(tree: html.HtmlElement) -> list[html.HtmlElement]:
    """The outermost containers of other stories and of readers, in document order."""
    body = tree.find("body")
    if body is None:
        return []
    own = _own_article(tree)
    keep = set() if own is None else {own, *own.iterancestors()}
    found: list[html.HtmlElement] = []
    inside: set[html.HtmlElement] = set()
    page_chars, prose = 0, None
    for el in body.iter():
        if not isinstance(el.tag, str) or el in inside or el in keep and el is not own:
            continue
        other = _other_story(el) or (own is not None and el.tag == "article" and el not in keep)
        if other and el is not own:
            # A container named like a sidebar's that holds most of the page's prose is the
            # page's own (Blogger's post sits in <div class="widget Blog">); a list of linked
            # headlines beside a short flash is not, however long.
            page_chars = page_chars or _prose_chars(body)
            prose = prose if prose is not None else _longest_prose(body)
            if _prose_chars(el) > MOST_OF_THE_PAGE * page_chars and prose in el.iter():
                continue
            found.append(el)
            inside.update(el.iter())
    return found


MOST_OF_THE_PAGE = 0.5


def _prose_chars(el: html.HtmlElement) -> int:
    """Characters of the element's text outside its links."""
    return len(el.text_content()) - linked_chars(el)


def _longest_prose(body: html.HtmlElement) -> html.HtmlElement:
    """The element that holds the page's longest run of text outside links: the article's,
    wherever its template sets it."""
    best, longest = body, 0
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        for holder, text in ((el, el.text), (el.getparent(), el.tail)):
            size = len((text or "").strip())
            if size > longest and holder is not None and not in_link(holder):
                best, longest = holder, size
    return best


def _in_article(excluded: set, elements: list) -> list:
    """Elements that belong to this article. excluded: every element inside another story's
    container (other_stories), computed once per page."""
    return [el for el in elements if el not in excluded]


def _without_other_stories(
    tree: html.HtmlElement, site_header: set[html.HtmlElement]
) -> html.HtmlElement:
    """A copy without the containers _in_article rejects and the site's header, for
    htmldate's wider search, and without the page's statements of when it was modified:
    htmldate falls back to those when it finds no publication date, and an update is not
    the publication."""
    # (the header's blocks found in the page, dropped from the copy where they stand in it)
    tops = [
        i
        for i, el in enumerate(tree.iter())
        if el in site_header and el.getparent() not in site_header
    ]
    tree = copy.deepcopy(tree)
    copied = list(tree.iter())
    for container in [*other_stories(tree), *(copied[i] for i in tops)]:
        if container.getparent() is not None:
            container.drop_tree()
    updates = [el for el in tree.iter(*_DATE_LINE_TAGS) if _an_update(el)]
    for el in [*_MODIFIED(tree), *updates]:
        if el.getparent() is not None:
            el.drop_tree()
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        if script.text and "dateModified" in script.text:
            script.text = _LD_MODIFIED.sub("", script.text)
    return tree


_LD_MODIFIED = re.compile(r'"dateModified"\s*:\s*"[^"]*"\s*,?')


_MODIFIED = etree.XPath(
    "//meta[re:test(concat(@property, ' ', @name, ' ', @itemprop), 'modified|updated', 'i')]"
    " | //*[@itemprop='dateModified']",
    namespaces={"re": "http://exslt.org/regular-expressions"},
)
