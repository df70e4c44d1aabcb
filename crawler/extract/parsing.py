"""The parser every extraction step reads a page's tree from.

lxml.html's own parser picks each element's Python class (a form's, an input's) in a
Python function, called every time an element is first touched from Python: hundreds of
times a page, about a tenth of extraction's own time on a small page. Extraction uses none
of those classes, so its parser gives every element lxml.html's HtmlElement (text_content,
drop_tree and the rest) from C. A parser is not to be shared between threads: one each."""

from __future__ import annotations

import threading

from lxml import etree, html

_LOOKUP = etree.ElementDefaultClassLookup(
    element=html.HtmlElement,
    comment=html.HtmlComment,
    pi=html.HtmlProcessingInstruction,
    entity=html.HtmlEntity,
)
_local = threading.local()


def parser() -> etree.HTMLParser:
    if not hasattr(_local, "parser"):
        _local.parser = etree.HTMLParser()
        _local.parser.set_element_class_lookup(_LOOKUP)
    return _local.parser


def document(text: str) -> html.HtmlElement:
    """lxml.html.document_fromstring, with this parser (raises as it does)."""
    return html.document_fromstring(text, parser=parser())
