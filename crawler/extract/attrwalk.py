"""Elements found by their attributes' values, read in Python.

libxml2's XPath string functions (contains, translate, concat, =) cost about a microsecond for
every element they test, several for a predicate of many words: a page of 3,000 elements paid
milliseconds for each such walk. A walk of the attribute axis alone is cheap, and a regex over
each value in Python is cheaper than those functions: the same elements, a third of the time.
"""

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING

from lxml import etree, html

if TYPE_CHECKING:

    class Value(str):
        """A value read by an attribute walk: a str that knows its attribute and element."""

        attrname: str

        def getparent(self) -> html.HtmlElement: ...

else:
    Value = etree._ElementUnicodeResult


@cache
def _walk(names: tuple[str, ...]) -> etree.XPath:
    return etree.XPath(" | ".join(f"//@{name}" for name in names))


# The attributes a page's metadata is found by (title, authors, the site's names and logos,
# bot checks and walls): walked once while the page is only read (reading), each step then
# takes its own from that one list.
READ_AHEAD = ("class", "id", "href", "rel", "itemprop", "typeof")
_READ_AHEAD = frozenset(READ_AHEAD)
_local = threading.local()  # (pages read on two threads at once keep their own)


def _held() -> list[tuple[html.HtmlElement, list[Value]]]:
    held: list[tuple[html.HtmlElement, list[Value]]] | None = getattr(_local, "held", None)
    if held is None:
        held = _local.held = []
    return held


@contextmanager
def reading(tree: html.HtmlElement) -> Iterator[None]:
    """While the page is read and not edited: its attributes (READ_AHEAD) walked once. (An
    edit inside would leave the list naming elements no longer there: leave first.)"""
    held = _held()
    held.append((tree, _walk(READ_AHEAD)(tree)))
    try:
        yield
    finally:
        held.pop()


def holds(tree: html.HtmlElement) -> bool:
    """Are this page's attributes held (reading)?"""
    held = _held()
    return bool(held) and held[-1][0] is tree


def values(tree: html.HtmlElement, *names: str) -> list[Value]:
    """The values of these attributes in the page, in document order (the tree's whole
    document, whichever element is given)."""
    if holds(tree) and _READ_AHEAD.issuperset(names):
        return [value for value in _held()[-1][1] if value.attrname in names]
    found: list[Value] = _walk(names)(tree)
    return found


def owners(found: Iterable[Value]) -> list[html.HtmlElement]:
    """The elements that hold these values, each once, in the values' order."""
    elements: list[html.HtmlElement] = []
    for value in found:
        element = value.getparent()
        if not elements or elements[-1] is not element:  # one element's values come together
            elements.append(element)
    return elements


def named(
    tree: html.HtmlElement, test: Callable[[Value], bool], *names: str
) -> list[html.HtmlElement]:
    """The elements with one of these attributes whose value passes the test, in document order."""
    return owners(value for value in values(tree, *names) if test(value))
