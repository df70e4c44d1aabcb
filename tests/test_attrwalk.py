"""Elements found by their attributes (crawler.extract.attrwalk): the same answers whether the
page's attributes are walked for each question or once while the page is read."""

from __future__ import annotations

from lxml import html

from crawler.extract import attrwalk

PAGE = (
    "<html><body><div class='author box' itemprop='author' id='a1'>A</div>"
    "<p class='x'>text</p><a rel='author' href='/w'>B</a><span typeof='Person'>C</span>"
    "<link rel='author' href='/feed'><div class='by'>D</div></body></html>"
)


def _marks(value: attrwalk.Value) -> bool:
    return value in ("author box", "author", "Person", "by") and value.getparent().tag != "link"


def test_elements_come_in_document_order_each_once_however_many_attributes_match() -> None:
    tree = html.document_fromstring(PAGE)
    found = attrwalk.named(tree, _marks, "class", "itemprop", "rel", "typeof")
    assert [el.text for el in found] == ["A", "B", "C", "D"]


def test_a_page_read_once_answers_as_a_page_walked_for_each_question() -> None:
    tree = html.document_fromstring(PAGE)
    alone = [attrwalk.values(tree, *names) for names in (("class",), ("rel", "href"), ("id",))]
    with attrwalk.reading(tree):
        assert attrwalk.holds(tree)
        held = [attrwalk.values(tree, *names) for names in (("class",), ("rel", "href"), ("id",))]
    assert held == alone and not attrwalk.holds(tree)
    assert [v.getparent() for v in held[1]] == [v.getparent() for v in alone[1]]


def test_an_attribute_the_read_does_not_hold_is_walked_for() -> None:
    tree = html.document_fromstring("<html><body><p style='x' class='c'>t</p></body></html>")
    with attrwalk.reading(tree):
        assert attrwalk.values(tree, "style") == ["x"]
        assert attrwalk.values(html.document_fromstring(PAGE), "typeof") == ["Person"]
