"""A server script's error printed into the page (PHP's, with display_errors on).

A fatal error ends the script where it stands: the page stops after its second paragraph
with "<b>Fatal error</b>: Allowed memory size … in /var/www/html/article.php on line 212",
the answer itself whole (200, its length right). That page is no article: refused, and
asked again by a later run (the archived text of a re-checked one stays). A warning, a
notice or a deprecation does not stop the script: the page around it is whole and is read,
the message's own line is no article text (one printed before the markup is not in the body
at all)."""

from __future__ import annotations

import re

# "Fatal error: <message> in /path/file.php on line 12" (html_errors on: the level and the
# path in <b>), "… in /path/file.php:12" (PHP 8's uncaught exceptions). The levels are PHP's
# own words, in English whatever the site's language.
_LEVELS = (
    r"(?:PHP )?(?:(?:Catchable |Recoverable )?[Ff]atal error|Parse error|Warning|Notice"
    r"|Deprecated|Strict Standards)"
)
_AT = r" in (?:<b>)?[^\s<>]+?\.(?:php\d?|inc|phtml)(?:</b>)?(?: on line (?:<b>)?\d+|:\d+)"
_FATAL = re.compile(
    r"(?:PHP )?(?:(?:Catchable |Recoverable )?[Ff]atal error|Parse error)(?:</b>)?:\s"
    r"(?:(?!<br|\n\n).){0,600}?" + _AT,
    re.DOTALL,
)
_MESSAGE_LINE = re.compile(rf"{_LEVELS}:\s.{{0,600}}?{_AT}\.?", re.DOTALL)
_PAGE_END = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)


def died_mid_page(html: str) -> str | None:
    """The fatal error a page ends with, its tags taken out; None for a page that goes on
    after it (an article quoting such a message, its page whole to </body>)."""
    if "atal error" not in html and "Parse error" not in html:  # (nearly every page: cheap)
        return None
    for found in _FATAL.finditer(html):
        if not _PAGE_END.search(html, found.end()):
            return re.sub(r"<[^>]*>", "", found.group())
    return None


def is_script_message(line: str) -> bool:
    """A text line that is a script's message and nothing else (a warning left in the body)."""
    return (".php" in line or " on line " in line) and _MESSAGE_LINE.fullmatch(
        line.strip()
    ) is not None
