"""Listing addresses that only a loop of relative links makes are not followed."""

import pytest

from crawler.traps import is_trap


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/grow/more/list/more/list/",  # "more/" and "./list/" on every page
        "https://news.example/grow/more/more/more/",
        "https://news.example/a/b/c/a/b/c/",
        "https://news.example/section/more/x/more/y/more/",  # one directory a third time
    ],
)
def test_a_path_a_loop_of_relative_links_grew_is_a_trap(url: str) -> None:
    assert is_trap(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/2024/11/11/",  # a day's archive: numbers come back
        "https://news.example/news/page/2/",
        "https://news.example/grow/more/list/",  # not yet said twice
        "https://news.example/ar/news/local/news/",  # a directory back once
        "https://news.example/1/2/1/2/",  # numbers only
        "https://news.example/more/?page=3",
    ],
)
def test_a_real_sites_listing_addresses_are_not_traps(url: str) -> None:
    assert not is_trap(url)
