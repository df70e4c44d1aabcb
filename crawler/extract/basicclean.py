"""trafilatura's basic cleaning (scripts, asides, footers, cookie notices), found in one walk.

trafilatura measures every short extraction against the whole page's text, cleaned by an
XPath of nine `.//` unions and two EXSLT regular-expression tests per element: libxml2 walks
the page nine times and calls back into Python twice for every element with an attribute.
On a small agency page that selection cost a tenth of the extraction worker's time. The walk
below selects the same elements in the same (document) order, so trafilatura deletes the same
ones; it replaces trafilatura's only where trafilatura's selector is the one written out here.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable

from lxml import html

_NAME = "BASIC_CLEAN_XPATH"  # where trafilatura.baseline keeps its selector
_TAGS = frozenset({"aside", "fencedframe", "footer", "script", "style", "svg", "template"})
# trafilatura 2.3's selector, which the walk stands for (settings.BASIC_CLEAN_XPATH's path).
_SELECTOR = (
    ".//aside|.//div[contains(@class|@id, 'footer')]|.//fencedframe|.//footer|.//script"
    "|.//style|.//svg|.//template"
    "|.//*[re:test(@class, '{consent}', 'i') or re:test(@id, '{consent}', 'i')]"
)


def install() -> None:
    """Put the walk in place of trafilatura's selector, once, if it is the one known here."""
    from trafilatura import settings

    # The module, which trafilatura's package shadows with its function of the same name.
    baseline = importlib.import_module("trafilatura.baseline")
    consent = getattr(settings, "_COOKIE_CONSENT_RE", None)
    selector = getattr(getattr(baseline, _NAME, None), "path", None)
    if consent is None or selector != _SELECTOR.format(consent=consent):
        return  # another trafilatura: its own selector stays
    setattr(baseline, _NAME, walker(re.compile(consent, re.IGNORECASE)))


def walker(consent: re.Pattern[str]) -> Callable[[html.HtmlElement], list[html.HtmlElement]]:
    def select(tree: html.HtmlElement) -> list[html.HtmlElement]:
        """The elements under tree that trafilatura's selector names, in document order."""
        found = []
        for el in tree.iterdescendants():
            tag = el.tag
            if not isinstance(tag, str):
                continue  # a comment, a processing instruction: `*` names neither
            if tag in _TAGS:
                found.append(el)
                continue
            names, ident = el.get("class"), el.get("id")
            if names is None and ident is None:
                continue
            if _consent(consent, names, ident) or (
                tag == "div" and "footer" in _first_of_class_or_id(el)
            ):
                found.append(el)
        return found

    return select


def _consent(consent: re.Pattern[str], names: str | None, ident: str | None) -> bool:
    return bool((names and consent.search(names)) or (ident and consent.search(ident)))


def _first_of_class_or_id(el: html.HtmlElement) -> str:
    """`@class|@id` as XPath reads it as a string: the one written first on the element."""
    return next((v for k, v in el.attrib.items() if k in ("class", "id")), "")
