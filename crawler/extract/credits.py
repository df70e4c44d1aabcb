"""The roles a byline's label names, one family for every label: the text's (its writer's,
reporter's, interviewer's, translator's) and a picture's (a photo's, a video's, a graphic's),
alone or joined ("تقرير وتصوير:", "كتب وصوّر:", "ترجمة وتحرير:", "Text and photos:"). A label
that names a role of the text credits the writer; one of others' roles only (pictures, the
copy's review) credits no writer."""

from __future__ import annotations

import re

from archive.alternation import alternatives

# Roles of the text: who is named after one of them wrote it (a translator, an editor where
# no writer is named before them). Hamza and taa marbuta spelt both ways.
TEXT_ROLES = (
    "بقلم", "كتب", "كتبت", "كتبه", "كتبته", "كتابة", "كتابه", "إعداد", "اعداد", "تحرير",
    "ترجمة", "ترجمه", "تقرير", "تحقيق", "حوار", "حاوره", "حاورها", "حاورته", "متابعة",
    "متابعه", "رصد", "text", "texte", "report", "reporting", "interview", "entretien",
)  # fmt: skip
# Roles of others than the writer: who is named after one of them took or made the pictures,
# or checked the copy, and wrote none of it.
CREDIT_ROLES = (
    "تصوير", "صور", "صوّر", "صورت", "صوّرت", "الصور", "صورة", "صوره", "الصورة", "الصوره",
    "عدسة", "عدسه", "فيديو", "الفيديو", "جرافيك", "الجرافيك", "غرافيك", "انفوجراف",
    "إنفوجراف", "انفوجرافيك", "إنفوجرافيك", "انفوغراف", "إنفوغراف", "رسوم", "رسم", "تصميم",
    "مونتاج", "إخراج", "اخراج", "photo", "photos", "video", "vidéo", "graphic", "graphics",
    "illustration", "infographie", "مراجعة", "مراجعه", "تدقيق", "photo credit", "crédit photo",
)  # fmt: skip

# A picture's credit as a line of its own ("Photo: Reuters", "File Photo: Ahram", "صورة
# أرشيفية: الأهرام", "Crédit photo : AFP"): the words that say a picture's, a word beside
# them. ("صور" alone is also the city of Tyre, opening a dateline; "credit" and "image" alone
# open a list's items, "Tax credit: up to $500".)
PICTURE_WORDS = (
    "تصوير", "صورة", "صوره", "الصورة", "الصوره", "الصور", "عدسة", "عدسه", "photo", "photos",
    "photograph", "photography", "picture", "pictures", "image credit",
)  # fmt: skip
PICTURE_CREDIT = (
    rf"^(?:[^\W\d_]+\s+)?(?:{alternatives(PICTURE_WORDS)})(?:\s+[^\W\d_]+)?\s*[:：]"
    r"\s*[^\s.!?؟:]+(?:\s+[^\s.!?؟:]+){0,4}$"  # a name or a source: a few words, no sentence
)

_ROLE = rf"(?i:{alternatives(TEXT_ROLES + CREDIT_ROLES)})(?![^\W\d_])"
# Between two roles: a و written onto the next ("وتصوير"), "and", "et", "&", a slash, a comma.
_JOIN = r"(?:\s+و\s*|\s+(?:and|et)\s+|\s*[&/،,]\s*)"
# Two roles or more joined, or another's role alone: the label of a byline line, its colon
# closing it ("تقرير وتصوير: …", "عدسة: …"). (One role of the text alone is _BYLINE's own.)
LABEL = rf"(?:{_ROLE}(?:{_JOIN}{_ROLE})+|(?i:{alternatives(CREDIT_ROLES)})(?![^\W\d_]))\s*[:：]"
_TEXT_ROLE = re.compile(rf"(?<![^\W\d_])و?(?:{alternatives(TEXT_ROLES)})(?![^\W\d_])", re.I)
# Another contributor's label after the writer's name ("… - الصور: …", "… ، ترجمة: …"): a
# separator or a colon sets it apart from a name.
OTHER_ROLE = re.compile(
    rf"\s*[-–—|،,]\s*{_ROLE}(?:{_JOIN}{_ROLE})*\s*[:：]?\s|\s+{_ROLE}(?:{_JOIN}{_ROLE})*\s*[:：]\s"
    r"|\s*[-–—|،,]?\s*(?:translated by|edited by|traduit par|photos? by|video by)\s",
    re.IGNORECASE,
)
OPENINGS = tuple(word for role in TEXT_ROLES + CREDIT_ROLES for word in (role, role.title()))


def credits_writer(label: str) -> bool:
    """A label that names a role of the text among its roles: the name after it wrote it."""
    return _TEXT_ROLE.search(label) is not None
