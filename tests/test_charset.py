"""Bytes to text when the declared charset lies: valid UTF-8 wins over a stale <meta>,
mojibake from a declaration is overruled, windows-1256 declared only in <meta> stays right."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from crawler.extract import Extracted, extract
from crawler.extract.decode import decode_html, utf8_text
from tests.conftest import REALPAGES, arshif
from tests.localsite import Site, serving

SPANISH = (
    "El Gobierno anunció una sanción económica contra la compañía después de la investigación "
    "sobre la contaminación del río, según la resolución publicada el miércoles. "
)
ARABIC = (
    "قالت وزارة الصحة إن فرقها الميدانية وصلت إلى المناطق المتضررة من السيول في جنوب البلاد، "
    "وبدأت تقديم الإسعافات للمصابين في القرى المعزولة منذ ساعات الصباح الأولى. "
)


def page(paragraph: str, head: str = "", title: str = "sanción") -> str:
    body = "".join(f"<p>{paragraph} ({n})</p>" for n in range(1, 7))
    return (
        f"<html><head>{head}<title>{title}</title></head>"
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def extracted(body: bytes, content_type: str | None = None) -> Extracted:
    result = extract(body, "https://example.com/news/1", content_type)
    assert isinstance(result, Extracted), result
    return result


def test_utf8_bytes_win_over_a_stale_meta_charset_without_a_header() -> None:
    body = page(SPANISH, '<meta charset="iso-8859-15">').encode("utf-8")
    result = extracted(body, "text/html")
    assert result.encoding == "utf-8"
    assert result.title == "sanción"
    assert "Ã" not in result.text
    assert result.text.count("sanción económica") == 6  # every paragraph, none lost


def test_utf8_arabic_declared_windows_1256_in_meta_is_read_as_utf8() -> None:
    # Read as windows-1256, UTF-8 Arabic is "ظ‚ط§ظ„طھ": Arabic letters, so no pattern of
    # Latin mojibake sees it; only the bytes being valid UTF-8 tell.
    body = page(ARABIC, '<meta charset="windows-1256">', "خبر السيول").encode("utf-8")
    result = extracted(body)
    assert result.encoding == "utf-8"
    assert "قالت وزارة الصحة" in result.text


def test_meta_charset_that_produces_arabic_mojibake_is_overruled() -> None:
    body = page(ARABIC, "<meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'>")
    result = extracted(body.encode("utf-8"))
    assert "قالت وزارة الصحة" in result.text
    assert "Ø" not in result.text


def test_header_charset_that_produces_mojibake_is_still_overruled() -> None:
    body = page(SPANISH).encode("utf-8")
    result = extracted(body, "text/html; charset=iso-8859-1")
    assert "sanción económica" in result.text


def test_windows_1256_declared_only_in_meta_stays_windows_1256() -> None:
    body = page(ARABIC, '<meta charset="windows-1256">', "خبر السيول").encode("windows-1256")
    result = extracted(body, "text/html")
    assert result.encoding in ("cp1256", "windows-1256")
    assert "قالت وزارة الصحة" in result.text


def test_windows_1256_without_any_declaration_is_found() -> None:
    body = page(ARABIC, "", "خبر السيول").encode("windows-1256")
    result = extracted(body)
    assert "قالت وزارة الصحة" in result.text


def test_windows_1256_arabic_is_never_valid_utf8() -> None:
    """What lets valid UTF-8 win: every two Arabic letters in windows-1256 are bytes >= 0xC1
    in a row, and UTF-8 needs a continuation byte (0x80-0xBF) after a lead byte."""
    letters = [chr(c) for c in range(0x0621, 0x064B) if _encodable(chr(c))]
    assert len(letters) >= 36
    for a in letters:
        for b in letters:
            with pytest.raises(UnicodeDecodeError):
                (a + b).encode("windows-1256").decode("utf-8")


def _encodable(ch: str) -> bool:
    try:
        ch.encode("windows-1256")
    except UnicodeEncodeError:
        return False
    return True


def test_utf8_body_cut_inside_a_character_is_still_utf8() -> None:
    body = page(SPANISH, '<meta charset="iso-8859-15">').encode("utf-8") + "ó".encode()[:1]
    text, encoding = decode_html(body)
    assert encoding == "utf-8"
    assert "sanción" in text


def test_ascii_page_keeps_its_declared_charset() -> None:
    body = page("plain ascii words " * 10, '<meta charset="iso-8859-15">', "plain").encode("ascii")
    assert decode_html(body)[1] == "iso8859-15"


XHTML = (
    '<?xml version="1.0" encoding="{enc}"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0'
    ' Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">'
    '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>خبر</title></head><body>'
    "<h1>وزارة الصحة تعلن خطة جديدة</h1><p>{text}</p>"
    "<a href='/section?page=2'>التالي</a></body></html>"
)


@pytest.mark.parametrize("enc", ["utf-8", "windows-1256"])
def test_an_xhtml_page_that_declares_its_encoding_is_read(enc: str) -> None:
    """lxml refuses decoded text that still declares an encoding: the article and a
    listing's next page are read all the same."""
    from crawler.pagination import next_pages

    text = "قالت وزارة الصحة إن فرقها الميدانية وصلت إلى المناطق المتضررة. " * 5
    body = XHTML.format(enc=enc, text=text).encode(enc)
    result = extract(body, "https://x.example/a/1", f"application/xhtml+xml; charset={enc}")
    assert isinstance(result, Extracted), result
    assert "فرقها الميدانية" in result.text
    page, _ = decode_html(body, f"text/html; charset={enc}")
    assert next_pages(page, "https://x.example/section") == ["https://x.example/section?page=2"]


LISTING = "<html><body><a href='/news/1.html'>خبر</a><a href='/news/2.html'>خبر</a></body></html>"


def with_bad_byte(html: str) -> bytes:
    """The page in UTF-8 with one letter cut in half, as PHP's substr() cuts a teaser."""
    body = html.encode("utf-8")
    cut = body.index("وصلت".encode())
    return body[: cut + 1] + body[cut + 2 :]


@pytest.mark.parametrize(
    ("head", "content_type"),
    [('<meta charset="windows-1256">', "text/html"), ("", "text/html; charset=windows-1256")],
)
def test_utf8_page_with_one_bad_byte_is_utf8_whatever_an_old_charset_says(
    head: str, content_type: str
) -> None:
    body = with_bad_byte(page(ARABIC, head, "خبر السيول"))
    result = extracted(body, content_type)
    assert result.encoding == "utf-8"
    assert result.title == "خبر السيول"
    assert "قالت وزارة الصحة" in result.text
    assert "ط§" not in result.text


PUNCTUATED = {  # letters before "،" "؛" "؟" "»", ZWNJ: the accidental well-formed UTF-8 pairs
    "ar": "قالت الوزارة، إن فرقها، وصلت؛ إلى «المناطق» المتضررة؟ من السيول، في جنوب البلاد، ",
    "fa": "وزارت بهداشت اعلام کرد که گروه‌های امدادی به مناطق سیل‌زده رسیده‌اند؛ چگونه؟ ",
    "ur": "وزیر اعظم نے کہا کہ حکومت سیلاب سے متاثرہ علاقوں میں امدادی کارروائیاں تیز کر رہی ہے۔ ",
}


@pytest.mark.parametrize("enc", ["windows-1256", "iso-8859-6"])
def test_legacy_arabic_pages_are_never_taken_for_utf8_with_bad_bytes(enc: str) -> None:
    """The real pages (../shared/realpages) and punctuated Arabic, Persian and Urdu text in a
    single-byte charset: what accidental well-formed UTF-8 they hold is far under the share
    that makes a body UTF-8 with bad bytes."""
    texts = [p.read_text("utf-8") for p in sorted(REALPAGES.glob("**/*.html"))]
    texts += [page(paragraph * 3, f'<meta charset="{enc}">') for paragraph in PUNCTUATED.values()]
    for text in texts:
        body = text.encode(enc, "xmlcharrefreplace")
        if body.isascii():
            continue
        assert utf8_text(body) is None
        decoded, encoding = decode_html(body, f"text/html; charset={enc}")
        assert encoding != "utf-8"
        assert "\ufffd" not in decoded


def test_utf8_arabic_read_as_windows_1256_is_mojibake_even_with_many_bad_bytes() -> None:
    """Too many bad bytes for the bytes alone to say UTF-8 (one after every word): the
    windows-1256 reading gives it away, ط and ظ (the lead bytes 0xD8, 0xD9) before signs such
    as § and „ (the second bytes of ا and ل)."""
    words = b" ".join(word.encode() + b"\xd9" for word in ARABIC.split())
    body = page(ARABIC, '<meta charset="windows-1256">').encode().replace(ARABIC.encode(), words)
    assert utf8_text(body) is None
    text, encoding = decode_html(body, "text/html")
    assert encoding == "utf-8"
    assert "الميدانية" in text


def test_a_crawl_archives_a_utf8_page_with_a_bad_byte_and_a_stale_charset_as_utf8(
    tmp_path: Path, inline_extraction: None
) -> None:
    """Through the crawl, its listing and `arshif reextract`: the title and text are Arabic,
    not windows-1256 mojibake, whether the meta tag or the HTTP header holds the old charset."""
    html = page(ARABIC, '<meta charset="windows-1256">', "خبر السيول")
    with serving(Site()) as site:
        site.pages["/"] = ("text/html; charset=utf-8", LISTING)
        site.pages["/news/1.html"] = ("text/html", with_bad_byte(html))
        stale_header = with_bad_byte(page(ARABIC, "", "خبر السيول"))
        site.pages["/news/2.html"] = ("text/html; charset=windows-1256", stale_header)
        (tmp_path / "sources.toml").write_text(
            f'[sources.local]\nname = "local"\nstart_urls = ["{site.base}/"]\n'
            "article_url_pattern = '/news/\\d+\\.html'\ndownload_delay = 0\n",
            encoding="utf-8",
        )
        arshif("crawl", cwd=tmp_path)
    arshif("reextract", cwd=tmp_path)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        rows = conn.execute("SELECT title, text FROM articles ORDER BY url").fetchall()
    assert len(rows) == 2
    for title, text in rows:
        assert title == "خبر السيول"
        assert "قالت وزارة الصحة" in text
