"""A site's service boxes: prayer times, the weather, today's date. Wherever one sits, in a
sidebar or inside the article's own <article>, its day dates no story and its lines are no
text (chrome)."""

from __future__ import annotations

import re

from lxml import html

# A class or id token that names one ("prayer-times", "salat-box", "weather-widget",
# "taqs"), not a WordPress post's category or tag ("category-weather": a weather story).
_SERVICE_NAME = re.compile(
    r"(?:^|\s)(?!(?:category|cat|tag|topic|section|term|rubrique)[-_])[\w-]*?"
    r"(?:prayer|salat|salah|mawaqit|mawakit|weather|ta[q9]s(?![a-z])|طقس|مواقيت)",
    re.IGNORECASE,
)


def a_service_box(el: html.HtmlElement) -> bool:
    """Is el named for a prayer-times or weather box?"""
    names = f"{el.get('class', '')} {el.get('id', '')}"
    return not names.isspace() and _SERVICE_NAME.search(names) is not None
