"""A flash whose one line is its headline again: "عاجل | الرئاسة: وفاة …" over a body of one
paragraph that says the same, the first minutes of a big story. The text's steps drop the
headline wherever it comes again; on a page that says it is an article, a paragraph of its
body that is the headline and nothing else is the whole story, not its title again. A video's
or a gallery's page whose only words are its headline (in its h1, a player's title) is none."""

from __future__ import annotations

from lxml import etree, html

from crawler.extract.boilerplate import repeats_headline
from crawler.extract.maintext import squeezed
from crawler.extract.pagekind import says_article

# A body's paragraph: not a heading's, a link's, the page's or the article's header, a menu,
# a side box, a caption or a form (a teaser, a breadcrumb, a share box may repeat the title).
_BODY_PARAGRAPHS = etree.XPath(
    "//body//p[not(ancestor::a or ancestor::h1 or ancestor::h2 or ancestor::h3"
    " or ancestor::header or ancestor::nav or ancestor::aside or ancestor::footer"
    " or ancestor::figcaption or ancestor::form or ancestor::li) and not(.//a)]"
)


def headline_flash(
    tree: html.HtmlElement, json_ld: list[dict], title: str | None, h1: str | None
) -> str | None:
    """The body's paragraph that is the headline again, on a page that says it is an
    article; None elsewhere. Asked only of a page without text (a rare page)."""
    if not says_article(tree, json_ld):
        return None
    for paragraph in _BODY_PARAGRAPHS(tree):
        line = squeezed(paragraph.text_content())
        if repeats_headline(line, title, h1):
            return line
    return None
