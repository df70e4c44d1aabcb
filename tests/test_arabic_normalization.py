from __future__ import annotations

import pytest

from archive.normalize import normalize, tokens


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("إدارة", "ادارة"),
        ("أحمد", "احمد"),
        ("آذار", "اذار"),
        ("مدينة", "مدينه"),
        ("مستشفى", "مستشفي"),
        ("العَرَبِيَّةُ", "العربيه"),
        ("العـــربية", "العربيه"),
        ("٢٠٢٤", "2024"),
        ("۲۰۲۴", "2024"),
        ("مسؤول", "مسوول"),
        ("رئيس", "رييس"),
        ("کتاب", "كتاب"),
        ("دمشق\u200f", "دمشق"),
    ],
)
def test_spelling_variants_normalize_to_one_key(a: str, b: str) -> None:
    assert normalize(a) == normalize(b)


def test_different_words_stay_different() -> None:
    assert normalize("دمشق") != normalize("حمص")


def test_tokens_ignore_punctuation() -> None:
    assert tokens("قال: «دمشق»، سقطت!") == ["قال", "دمشق", "سقطت"]
