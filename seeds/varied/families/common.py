"""Chrome every family carries, each in its own words: nav, tags, share and follow prompts,
view counter, comments, newsletter box, copyright."""

from __future__ import annotations

from dataclasses import dataclass

from seeds.varied.markup import esc


@dataclass(frozen=True)
class Chrome:
    latest: str  # heading of the "latest news" list
    related: str  # heading of the related stories
    tags: str  # heading of the tag cloud
    share: str
    follow: tuple[str, ...]
    views: str  # with {} for the count
    comments: str
    comment_note: str
    newsletter: str
    newsletter_button: str
    copyright: str
    extra: tuple[str, ...] = ()  # family-specific lines (slogan, search box, credits)

    def lines(self) -> list[str]:
        return [
            self.latest, self.related, self.tags, self.share, *self.follow, self.comments,
            self.comment_note, self.newsletter, self.newsletter_button, self.copyright,
            *self.extra,
        ]  # fmt: skip


TAGS = ("سوريا", "الأردن", "لبنان", "اقتصاد", "عاجل", "تقارير", "حوارات", "منوعات")


def tag_cloud(chrome: Chrome, cls: str = "tags") -> str:
    items = "".join(f'<a href="/tag/{i}">{t}</a> ' for i, t in enumerate(TAGS))
    return f'<div class="{cls}"><span>{esc(chrome.tags)}</span> {items}</div>'


def newsletter(chrome: Chrome) -> str:
    return (
        f'<form class="newsletter"><p>{esc(chrome.newsletter)}</p>'
        f'<input type="email" placeholder="email"><button>{esc(chrome.newsletter_button)}'
        "</button></form>"
    )


def comments(chrome: Chrome) -> str:
    return (
        f'<section class="comments"><h3>{esc(chrome.comments)}</h3>'
        f"<p>{esc(chrome.comment_note)}</p></section>"
    )


def follow(chrome: Chrome, sep: str = " ") -> str:
    return sep.join(f'<a href="#f{i}">{esc(f)}</a>' for i, f in enumerate(chrome.follow))
