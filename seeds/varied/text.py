"""The words of the generated web: body paragraphs built from real Arabic news sentences
(the seed stories), headlines from a phrase grammar, and the chrome phrases sites repeat."""

from __future__ import annotations

import random
import re
from functools import cache

from seeds.stories import all_stories

# Places swapped into seed sentences so that one sentence reads differently on each page.
PLACES = (
    "دمشق", "حمص", "حلب", "درعا", "اللاذقية", "عمان", "إربد", "الزرقاء", "بيروت", "طرابلس",
    "صيدا", "بغداد", "الموصل", "البصرة", "القاهرة", "الإسكندرية", "غزة", "رام الله", "نابلس",
    "الخرطوم", "صنعاء", "عدن", "تونس", "الرباط", "طرابلس الغرب",
)  # fmt: skip
_SUBJECTS = (
    "الحكومة الأردنية", "وزارة الصحة", "المعارضة السورية", "الأمم المتحدة", "الجيش اللبناني",
    "البنك المركزي", "وزارة الداخلية", "الدفاع المدني", "منظمة الصحة العالمية", "نقابة الصحفيين",
    "وزارة التربية", "الهلال الأحمر", "مجلس النواب", "وزارة الخارجية", "هيئة الطيران المدني",
    "غرفة التجارة", "وزارة الزراعة", "سلطة المياه", "الاتحاد الأوروبي", "جامعة الدول العربية",
)  # fmt: skip
_VERBS = (
    "تعلن", "تبحث", "تنفي", "تدرس", "تطالب بـ", "تحذر من", "ترحب بـ", "تناقش", "تقر", "تؤجل",
)  # fmt: skip
_OBJECTS = (
    "خطة جديدة لإعادة الإعمار", "إغلاق المعابر الحدودية", "زيادة أسعار الوقود",
    "عودة اللاجئين إلى قراهم", "فتح تحقيق في حادثة المطار", "رفع الرواتب مطلع العام",
    "إجراءات لمواجهة موجة البرد", "تمديد العام الدراسي", "دعم المزارعين المتضررين",
    "مشروع قانون الانتخاب", "توسعة شبكة المياه", "إطلاق سراح المعتقلين",
    "ترميم المباني الأثرية", "خفض أسعار الخبز", "حملة تطعيم للأطفال",
    "استئناف الرحلات الجوية", "تعديل قانون العمل", "إنشاء مستشفى ميداني",
    "وقف إطلاق النار", "ضبط أسواق الصرف",
)  # fmt: skip


@cache
def sentences() -> tuple[str, ...]:
    """Every full sentence of the seed stories (six words or more)."""
    out = []
    for story in all_stories().values():
        for paragraph in story.body:
            for sentence in re.split(r"(?<=[.!؟])\s+", paragraph):
                sentence = sentence.strip()
                if len(sentence.split()) >= 6 and sentence not in out:
                    out.append(sentence)
    return tuple(out)


def _vary(rng: random.Random, sentence: str) -> str:
    """The same sentence about another place, so no sentence repeats on many pages."""
    for place in PLACES:
        if place in sentence:
            return sentence.replace(place, rng.choice(PLACES))
    return sentence


def paragraph(rng: random.Random) -> str:
    """Two or three seed sentences, places varied: reads like news, unique on the web."""
    picked = rng.sample(sentences(), rng.randint(2, 3))
    return " ".join(_vary(rng, s) for s in picked)


def paragraphs(rng: random.Random, low: int = 4, high: int = 9) -> list[str]:
    return [paragraph(rng) for _ in range(rng.randint(low, high))]


def headline(rng: random.Random) -> str:
    verb = rng.choice(_VERBS)
    obj = rng.choice(_OBJECTS)
    joined = f"{verb[:-1]}{obj}" if verb.endswith("ـ") else f"{verb} {obj}"
    return f"{rng.choice(_SUBJECTS)} {joined} في {rng.choice(PLACES)}"


def headlines(rng: random.Random, count: int) -> list[str]:
    """Distinct headlines for one web."""
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        title = headline(rng)
        if title not in seen:
            seen.add(title)
            out.append(title)
    return out
