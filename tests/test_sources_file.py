from __future__ import annotations

import os
from pathlib import Path

import pytest

from crawler.canonical import in_domains
from crawler.sources import SourcesError, load_sources
from tests.conftest import ROOT, arshif

GOOD = """
[sources.saraya]
name = "سرايا"
start_urls = ["https://www.sarayanews.com/"]
article_url_pattern = '/article/\\d+'
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_sources_file_loads_the_three_real_sources() -> None:
    sources = load_sources(ROOT / "sources.toml")
    assert set(sources) == {"arabi21", "saraya", "aljazeera"}
    assert sources["saraya"].feeds == ("https://www.sarayanews.com/rss.php",)
    assert sources["aljazeera"].sitemaps == ("https://www.aljazeera.net/sitemap.xml",)
    assert sources["arabi21"].is_article("https://arabi21.com/story/1629472/slug")


def test_defaults_fill_optional_keys_and_allowed_domains_come_from_urls(tmp_path: Path) -> None:
    source = load_sources(write(tmp_path, GOOD))["saraya"]
    assert source.allowed_domains == ("www.sarayanews.com",)
    # www. or not: a site that sends one to the other stays inside its source; the bare
    # host's other subdomains are not the source's
    assert in_domains("https://sarayanews.com/rss.php", source.allowed_domains)
    assert in_domains("https://www.sarayanews.com/rss.php", source.allowed_domains)
    assert not in_domains("https://blog.sarayanews.com/x", source.allowed_domains)
    assert in_domains("https://www.sarayanews.com/x", ("sarayanews.com",))
    assert (source.download_delay, source.concurrency, source.max_pages) == (1.0, 2, 5000)
    assert (source.revisit_per_run, source.revisit_after) == (20, 30 * 86400)
    assert source.full_walk_after == 7 * 86400


@pytest.mark.parametrize(
    ("value", "seconds"), [('"12h"', 43200), ('"off"', 0), ('"0"', 0), ("0", 0)]
)
def test_full_walk_after_takes_a_duration_or_off(tmp_path: Path, value: str, seconds: int) -> None:
    source = load_sources(write(tmp_path, GOOD + f"full_walk_after = {value}\n"))["saraya"]
    assert source.full_walk_after == seconds


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ('colour = "red"', "key 'colour': unknown key"),
        (
            "article_url_pattern = '/article/(\\d+'",
            "key 'article_url_pattern': bad regular expression",
        ),
        ('schedule = "every tuesday"', "key 'schedule':"),
        ('schedule = "61 * * * *"', "key 'schedule':"),
        ("concurrency = 0", "key 'concurrency': must be >= 1"),
        ('download_delay = "fast"', "key 'download_delay': expected a number"),
        ('feeds = ["ftp://x.org/feed"]', "key 'feeds': not an http(s) URL"),
        ('body_selector = "..x"', "key 'body_selector': bad CSS selector '..x'"),
        ('drop_selectors = [".share", "div["]', "key 'drop_selectors': bad CSS selector 'div['"),
        ('revisit_after = "monthly"', "key 'revisit_after': expected a duration like"),
        ('full_walk_after = "weekly"', "key 'full_walk_after': expected a duration like"),
        ("full_walk_after = 7", "key 'full_walk_after': expected a duration like"),
        ('start_urls = ["http://[::1/"]', "key 'start_urls': not a valid URL"),
        ('feeds = ["http://example.com:99999/rss"]', "key 'feeds': not a valid URL"),
        (
            "url_rewrites = [['^(https://x\\.org/news/)(\\d+)$', '\\1\\3']]",
            "key 'url_rewrites': bad replacement",
        ),
        (
            "url_rewrites = [['^(https://x\\.org/news/)(\\d+)$', '\\g<name>']]",
            "key 'url_rewrites': bad replacement '\\\\g<name>': unknown group name 'name'",
        ),
        ("concurrency = 2.5", "key 'concurrency': expected a whole number, got 2.5"),
        ('schedule = "0s"', "key 'schedule': '0s' must be longer than 0"),
        ('recheck_after = ["0h"]', "key 'recheck_after': expected durations like"),
        ('allowed_domains = ["https://example.com/"]', "key 'allowed_domains': expected a domain"),
        ("revisit_per_run = -1", "key 'revisit_per_run': must be >= 0"),
        ('schedule = "0 0 31 2 *"', "key 'schedule': the cron expression '0 0 31 2 *' never"),
        ("article_url_pattern = ''", "key 'article_url_pattern': empty"),
        # past a hundred years, a date or a timer overflows
        ('revisit_after = "99999999d"', "key 'revisit_after': expected a duration like"),
        ('schedule = "999999999999d"', "key 'schedule': '999999999999d' is longer than"),
        ("timeout = 1e300", "key 'timeout': must be <= 86400"),
        ("recheck_days = nan", "key 'recheck_days': must be >= 0, got nan"),
        ("revisit_per_run = 10000000000000", "key 'revisit_per_run': must be <= 1e+12"),
        ('start_urls = ["http://user:pw@x.org/"]', "key 'start_urls': a name or password"),
        ('feeds = ["http://[::1]:8080/rss"]', "key 'feeds': an IPv6 address"),
        # (loaded, then every crawl failed: "Invalid URI", dns, a refused connection)
        ('start_urls = ["http://exa mple.com/news/"]', "key 'start_urls': not a valid host"),
        ('start_urls = ["http://a..b.com/"]', "key 'start_urls': not a valid host"),
        ('feeds = ["http://-bad-.com/rss"]', "key 'feeds': not a valid host"),
        ('sitemaps = ["http://x.org:0/map.xml"]', "key 'sitemaps': not a valid host"),
    ],
)
def test_bad_value_is_an_error_naming_source_and_key(
    tmp_path: Path, change: str, message: str
) -> None:
    key = change.split(" =")[0]
    text = (
        "\n".join(ln for ln in GOOD.splitlines() if not ln.startswith(key + " "))
        + "\n"
        + change
        + "\n"
    )
    with pytest.raises(SourcesError) as err:
        load_sources(write(tmp_path, text))
    assert "source 'saraya'" in str(err.value)
    assert message in str(err.value)


def test_a_sources_file_saved_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    """Windows Notepad starts a UTF-8 file with one."""
    path = tmp_path / "sources.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.lstrip().encode("utf-8"))
    assert load_sources(path)["saraya"].name == "سرايا"


@pytest.mark.parametrize("encoding", ["cp1256", "utf-16", "utf-16-le", "utf-16-be"])
def test_a_sources_file_not_in_utf8_says_so(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "sources.toml"
    path.write_bytes(GOOD.encode(encoding))
    with pytest.raises(SourcesError, match=r"sources.toml: not UTF-8 \(.*\); save it as UTF-8$"):
        load_sources(path)


def test_source_without_any_discovery_url_is_rejected(tmp_path: Path) -> None:
    text = GOOD.replace('start_urls = ["https://www.sarayanews.com/"]', "")
    with pytest.raises(SourcesError, match="source 'saraya': no discovery URL"):
        load_sources(write(tmp_path, text))


@pytest.mark.parametrize("bad", ['"saraya\\n"', '"Saraya"', '"سرايا"', '"-saraya"', "عربي21"])
def test_a_source_id_of_other_characters_is_rejected(tmp_path: Path, bad: str) -> None:
    """Arabic letters are letters without case: the rule says a-z, and TOML's own word on
    an unquoted one ("Invalid initial character for a key part") gives way to it."""
    text = GOOD.replace("[sources.saraya]", f"[sources.{bad}]")
    with pytest.raises(SourcesError) as raised:
        load_sources(write(tmp_path, text))
    assert str(raised.value).endswith(
        "id must be ASCII lowercase letters a-z, digits, '-' or '_' (the site's own name goes"
        " in name)"
    )


def test_a_source_id_too_long_to_name_its_lock_file_is_rejected(tmp_path: Path) -> None:
    text = GOOD.replace("[sources.saraya]", f"[sources.{'a' * 300}]")
    with pytest.raises(SourcesError, match="id must be at most 100 characters"):
        load_sources(write(tmp_path, text))


def test_duplicate_source_id_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(SourcesError, match="not valid TOML"):
        load_sources(write(tmp_path, GOOD + GOOD))


def test_missing_required_key_is_named(tmp_path: Path) -> None:
    with pytest.raises(SourcesError, match="key 'article_url_pattern': missing"):
        load_sources(write(tmp_path, GOOD.replace("article_url_pattern", "# ")))


def test_cli_exits_2_with_one_line_for_a_bad_sources_file(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD + 'colour = "red"\n')
    result = arshif(
        "crawl", "--sources", str(path), "--db", str(tmp_path / "a.db"), cwd=tmp_path, check=False
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "colour" in result.stderr and "saraya" in result.stderr


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("article_url_pattern", "^(([a-z0-9:/.]+)*)*X$"),
        ("article_url_pattern", "^(\\w+/?)+$"),
        ("exclude_url_pattern", "(a|aa)+$"),
        ("url_rewrites", "[['(\\w+\\s?)+$', '']]"),
    ],
)
def test_a_pattern_that_backtracks_without_end_is_refused_at_load(
    tmp_path: Path, key: str, value: str
) -> None:
    """Such a pattern spun the crawl process on one link, deaf to SIGTERM."""
    line = f"{key} = {value}" if key == "url_rewrites" else f"{key} = '{value}'"
    text = GOOD.replace("article_url_pattern = '/article/\\d+'", "") + line + "\n"
    if key != "article_url_pattern":
        text += "article_url_pattern = '/article/'\n"
    result = arshif(
        "crawl", "--sources", str(write(tmp_path, text)), "--db", str(tmp_path / "a.db"),
        cwd=tmp_path, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert f"key {key!r}" in result.stderr and "takes too long" in result.stderr
    assert not (tmp_path / "a.db").exists()


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?:/[a-z0-9-]+)+\.html$", r".*/article/.*", r"(\w+-)+\d+$", r"^.*(/news/)(.*)(\d{5,})(.*)$",
        r".*/.*/.*\.html", r".*/.*/.*/.*\.html", r".*/.*/.*/\d+",  # slow on hundreds of slashes only
    ],
)  # fmt: skip
def test_a_pattern_slow_only_on_absurd_urls_loads(tmp_path: Path, pattern: str) -> None:
    text = GOOD.replace("'/article/\\d+'", f"'{pattern}'")  # a TOML literal string
    assert load_sources(write(tmp_path, text))["saraya"].article_url_pattern.pattern == pattern


def test_a_traps_address_of_hundreds_of_parts_is_no_article(tmp_path: Path) -> None:
    """A loose quartic pattern takes a minute on it; an article has a handful of parts."""
    text = GOOD.replace("'/article/\\d+'", "'.*/.*/.*/.*\\.html'")
    source = load_sources(write(tmp_path, text))["saraya"]
    assert not source.is_article("https://www.sarayanews.com/" + "a/" * 400 + "5.html")
    assert source.is_article("https://www.sarayanews.com/news/2024/12/8/5.html")


def test_cli_exits_2_for_an_unknown_source_name(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    result = arshif("crawl", "nosuch", "--sources", str(path), cwd=tmp_path, check=False)
    assert result.returncode == 2
    assert "unknown source 'nosuch' (known: " in result.stderr


def test_an_arabic_script_domain_is_allowed_in_the_form_requests_carry(tmp_path: Path) -> None:

    text = (
        '[sources.watan]\nname = "الوطن"\nstart_urls = ["http://اخبار.test/"]\n'
        "article_url_pattern = '/news/'\n"
    )
    source = load_sources(write(tmp_path, text))["watan"]
    assert source.allowed_domains == ("xn--mgbacxr.test",)
    assert "xn--mgbacxr.test" in source.configured_hosts
    for link in ("http://اخبار.test/news/1", "http://xn--mgbacxr.test/news/1"):
        assert in_domains(link, source.allowed_domains), link


def test_a_rewrite_with_an_inline_flag_loads_and_rewrites(tmp_path: Path) -> None:
    from crawler.canonical import canonical_url

    text = (
        '[sources.m]\nname = "m"\nstart_urls = ["https://example.com/"]\n'
        "article_url_pattern = '/news/'\n"
        "url_rewrites = [['(?i)^https?://m\\.example\\.com/', 'https://example.com/']]\n"
    )
    source = load_sources(write(tmp_path, text))["m"]
    assert canonical_url("https://M.example.com/news/1", source.url_rewrites) == (
        "https://example.com/news/1"
    )


def test_an_address_in_allowed_domains_is_named_and_a_domain_name_is_not(tmp_path: Path) -> None:
    text = GOOD + 'allowed_domains = ["www.sarayanews.com", "127.0.0.35", "mirror.example"]\n'
    source = load_sources(write(tmp_path, text))["saraya"]
    assert "127.0.0.35" in source.configured_hosts  # a redirect there may be followed
    assert "mirror.example" not in source.configured_hosts  # what it resolves to is unnamed


def test_the_environment_overrides_the_crawl_settings() -> None:
    import subprocess
    import sys

    code = "import crawler.settings as s; print(s.ARSHIF_ALLOW_PRIVATE, s.ARSHIF_BATCH_SIZE)"
    env = {**os.environ, "ARSHIF_ALLOW_PRIVATE": "1", "ARSHIF_BATCH_SIZE": "8"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.split() == ["True", "8"], out.stderr


def test_a_pattern_written_with_the_sites_trailing_slash_knows_the_archives_key(
    tmp_path: Path,
) -> None:
    from crawler.canonical import canonical_url

    text = GOOD.replace("'/article/\\d+'", "'/news/\\d+/$'") + "exclude_url_pattern = '/tag/'\n"
    source = load_sources(write(tmp_path, text))["saraya"]
    key = canonical_url("https://www.sarayanews.com/news/55/")
    assert key == "https://www.sarayanews.com/news/55" and source.is_article_key(key)
    assert source.is_article("https://www.sarayanews.com/news/55/")
    assert not source.is_article_key("https://www.sarayanews.com/news/55/comments")
    assert not source.is_article_key("https://www.sarayanews.com/tag/55")
    # a link is asked as written: "/news/55" without the slash the pattern wants is no article
    assert not source.is_article("https://www.sarayanews.com/news/55")


def test_a_link_with_tracking_parameters_is_an_article_as_its_key_is(tmp_path: Path) -> None:
    text = GOOD.replace("'/article/\\d+'", "'/news/\\d+/$'") + "exclude_url_pattern = '/tag/'\n"
    source = load_sources(write(tmp_path, text))["saraya"]
    base = "https://www.sarayanews.com"
    assert source.is_article(f"{base}/news/55/?utm_source=home&fbclid=abc")
    assert source.is_article(f"{base}/news/55/#comments")
    assert not source.is_article(f"{base}/news/55/?page=2")  # the key keeps it: another page
    assert not source.is_article(f"{base}/tag/55/?utm_source=x")


def test_an_address_a_redirect_or_a_canonical_names_is_asked_as_written_and_as_keyed(
    tmp_path: Path,
) -> None:
    """A WordPress permalink pattern that ends in the site's slash, without "$": the key has
    no slash, the address the redirect ended at or the canonical named has."""
    text = GOOD.replace("'/article/\\d+'", "'/\\d{4}/\\d\\d/[^/]+-\\d+/'")
    source = load_sources(write(tmp_path, text))["saraya"]
    landed = "https://www.sarayanews.com/2026/11/story-5/"
    assert source.leads_to_article(landed) and source.leads_to_article(landed + "?utm_medium=rss")
    assert not source.leads_to_article("https://www.sarayanews.com/2026/11/")


def test_two_sources_starting_from_one_address_are_warned_of_and_both_crawled(
    tmp_path: Path,
) -> None:
    """Their shared articles go to whichever reads them first: a researcher counting per
    source must know. Two sections of one site may share a start page: said, not refused."""
    entry = (
        '[sources.{id}]\nname = "{id}"\nstart_urls = ["https://www.sarayanews.com/category/1/"]\n'
        'article_url_pattern = "/article/\\\\d+"\ndownload_delay = 0\n'
    )
    path = tmp_path / "sources.toml"
    path.write_text(entry.format(id="one") + entry.format(id="two"), encoding="utf-8")
    result = arshif("crawl", "--offline", "--sources", str(path), cwd=tmp_path)
    warnings = [line for line in result.stderr.splitlines() if line.startswith("arshif: warning")]
    assert warnings == [
        "arshif: warning: sources one, two all start from https://www.sarayanews.com/category/1/:"
        " an article they share is archived once, under whichever reads it first"
    ]
    said = result.stdout + result.stderr
    assert "one: run 1 ok" in said and "two: run 2 ok" in said


def test_an_edit_of_the_sources_file_is_read_as_sources_added_changed_and_removed(
    tmp_path: Path,
) -> None:
    from crawler.sourcewatch import SourcesWatch

    other = GOOD.replace("saraya", "other")
    path = write(tmp_path, GOOD + other)
    watch = SourcesWatch(path, load_sources(path))
    assert not watch.poll()  # nothing moved
    os.utime(path, ns=(0, 1))  # touched, not changed
    assert not watch.poll()
    write(tmp_path, GOOD.replace("سرايا", "سرايا نيوز") + '[sources.new]\nname = "n"\n'
          'feeds = ["https://n.example/rss"]\narticle_url_pattern = "/a/"\n')  # fmt: skip
    change = watch.poll()
    assert [s.id for s in change.added] == ["new"]
    assert [(s.id, s.name) for s in change.changed] == [("saraya", "سرايا نيوز")]
    assert change.removed == ["other"]
    write(tmp_path, "[sources.half\n")
    assert not watch.poll()  # a broken edit changes nothing
    assert set(watch.sources) == {"saraya", "new"}


def test_an_edit_applied_in_part_is_found_again_at_the_next_look(tmp_path: Path) -> None:
    """The scheduler failed half-way (a locked archive): the rest is not lost until a restart."""
    from crawler.sourcewatch import SourcesWatch

    path = write(tmp_path, GOOD)
    applied = load_sources(path)
    watch = SourcesWatch(path, applied)
    write(tmp_path, GOOD + GOOD.replace("saraya", "b") + GOOD.replace("saraya", "c"))
    assert [s.id for s in watch.poll().added] == ["b", "c"]
    watch.retry({**applied, "b": load_sources(path)["b"]})  # b scheduled, then the failure
    assert [s.id for s in watch.poll().added] == ["c"]


def test_a_source_whose_start_pages_lie_outside_its_allowed_domains_is_warned_of(
    tmp_path: Path,
) -> None:
    """Its crawls would archive nothing and say no error (a typo in allowed_domains)."""
    entry = (
        '[sources.{id}]\nname = "{id}"\nstart_urls = ["https://www.sarayanews.com/category/1/"]\n'
        'article_url_pattern = "/article/\\\\d+"\ndownload_delay = 0\nallowed_domains = [{domains}]\n'
    )
    path = tmp_path / "sources.toml"
    text = entry.format(id="typo", domains='"sarayanews.co"') + entry.format(
        id="good", domains='"sarayanews.com"'
    )
    path.write_text(text, encoding="utf-8")
    result = arshif("crawl", "--offline", "--sources", str(path), cwd=tmp_path)
    warnings = [line for line in result.stderr.splitlines() if line.startswith("arshif: warning")]
    assert warnings[1:] == [
        "arshif: warning: source typo: its start pages lie outside allowed_domains"
        " (sarayanews.co): their links to www.sarayanews.com are not followed"
    ], result.stderr
