"""Content-Encoding decoded as Scrapy does, and told whole or cut short.

Scrapy's decoders return "as much as possible": a gzip, deflate, brotli or zstd stream cut
before its end (PHP's ob_gzhandler dying mid-page, a proxy's buffer), in an answer that is
itself whole (its Content-Length matched), inflates to the page's first part and nothing says
so. An article archived from it is a half article, and a re-crawl finds it unchanged. Here an
article's cut body fails as a body cut short does on the wire (connection_lost: kept for the
next run, the archived text left as it is); a feed, sitemap or listing keeps what came before
the cut (a feed's or sitemap's parser says it is malformed)."""

from __future__ import annotations

import importlib
import struct
import zlib
from gzip import GzipFile
from io import BytesIO
from itertools import chain
from types import ModuleType
from typing import Any

from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import IgnoreRequest, ResponseDataLossError
from scrapy.http import Request, Response


def _optional(*names: str) -> ModuleType | None:
    """The first of these modules that imports: br and zstd are decoded only with one (the
    same modules Scrapy looks for; its own copies are private and move between releases)."""
    for name in names:
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None


brotli: Any = _optional("brotli", "brotlicffi")
zstd: Any = _optional("compression.zstd", "backports.zstd")  # (Python 3.14's, its backport)
_CHUNK_SIZE = 64 * 1024  # inflated a piece at a time, so a bomb is stopped at the limit


class DecompressionBomb(ValueError):
    """A body that inflates past the size limit: recorded as decompression_bomb (the
    middleware says "during decompression", as Scrapy does)."""

    def __init__(self, size: int, max_size: int) -> None:
        super().__init__(
            f"the body inflates past the limit ({size} bytes so far, limit {max_size})"
        )
        self.size = size


def _check_max_size(size: int, max_size: int) -> None:
    if max_size and size > max_size:
        raise DecompressionBomb(size, max_size)


class CompressedDataLoss(ResponseDataLossError):
    """An article's compressed body that ends before its stream does: recorded as
    connection_lost (crawler.errors reads "dataloss" in the name), as a body cut on the wire."""


def gunzip(data: bytes, max_size: int) -> tuple[bytes, bool]:
    """As scrapy.utils.gz.gunzip (a bad CRC tolerated, every member read), and whether the
    stream ended: a gzip body, declared or not (a sitemap's .xml.gz, a cache that dropped
    Content-Encoding). Raises DecompressionBomb past max_size, OSError for no gzip at all."""
    f = GzipFile(fileobj=BytesIO(data))
    out = BytesIO()
    size = 0
    while True:
        try:
            chunk = f.read1(_CHUNK_SIZE)
        except EOFError:  # "ended before the end-of-stream marker": cut
            return out.getvalue(), False
        except (OSError, struct.error):  # a bad CRC or trailer after the whole text
            if out.tell():
                return out.getvalue(), True
            raise
        if not chunk:
            return out.getvalue(), True
        size += len(chunk)
        _check_max_size(size, max_size)
        out.write(chunk)


def inflate(data: bytes, max_size: int) -> tuple[bytes, bool]:
    """As scrapy.utils._compression._inflate (zlib-wrapped or raw), and whether it ended."""
    inflater = zlib.decompressobj()
    try:
        first = inflater.decompress(data, _CHUNK_SIZE)
    except zlib.error:  # raw deflate, as some Microsoft servers send
        inflater = zlib.decompressobj(wbits=-15)
        first = inflater.decompress(data, _CHUNK_SIZE)
    size = len(first)
    _check_max_size(size, max_size)
    out = [first]
    while inflater.unconsumed_tail and not inflater.eof:
        chunk = inflater.decompress(inflater.unconsumed_tail, _CHUNK_SIZE)
        size += len(chunk)
        _check_max_size(size, max_size)
        out.append(chunk)
    return b"".join(out), inflater.eof


def unbrotli(data: bytes, max_size: int) -> tuple[bytes, bool]:
    """As scrapy.utils._compression._unbrotli, and whether the stream ended."""
    decoder = brotli.Decompressor()
    chunk = decoder.process(data, output_buffer_limit=_CHUNK_SIZE)
    size = len(chunk)
    _check_max_size(size, max_size)
    out = [chunk]
    while not decoder.is_finished():
        chunk = decoder.process(b"", output_buffer_limit=_CHUNK_SIZE)
        if not chunk:
            break
        size += len(chunk)
        _check_max_size(size, max_size)
        out.append(chunk)
    return b"".join(out), bool(decoder.is_finished())


def unzstd(data: bytes, max_size: int) -> tuple[bytes, bool]:
    """As scrapy.utils._compression._unzstd, and whether the stream ended."""
    reader = zstd.ZstdFile(BytesIO(data))
    out = BytesIO()
    while True:
        try:
            chunk = reader.read(_CHUNK_SIZE)
        except EOFError:  # a frame cut short (Scrapy keeps what came before it)
            return out.getvalue(), False
        if not chunk:
            return out.getvalue(), True
        _check_max_size(out.tell() + len(chunk), max_size)
        out.write(chunk)


_DECODERS = {
    b"gzip": gunzip,
    b"x-gzip": gunzip,
    b"deflate": inflate,
    **({b"br": unbrotli} if brotli is not None else {}),
    **({b"zstd": unzstd} if zstd is not None else {}),
}
# Asked for in Accept-Encoding: what can be decoded here, and only that.
_ACCEPTED = b", ".join(e for e in _DECODERS if e != b"x-gzip")


class WholeBodyCompressionMiddleware(HttpCompressionMiddleware):
    """Scrapy's middleware, its decoders replaced by ones that tell a stream cut short."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The encoding whose stream ended early in the body being decoded. Scrapy calls a
        # middleware for one response at a time, on the reactor's thread: process_response
        # reads what _handle_encoding (called from Scrapy's process_response) found.
        self._cut: bytes | None = None

    def process_request(  # type: ignore[override]
        self, request: Request, spider: Any = None
    ) -> Request | Response | None:
        request.headers.setdefault("Accept-Encoding", _ACCEPTED)
        return None

    def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        self._cut = None
        try:
            decoded = super().process_response(request, response)
        except DecompressionBomb as exc:  # (Scrapy's words, which crawler.errors reads)
            raise IgnoreRequest(
                f"Ignored response {response} because its body ({len(response.body)} B"
                f" compressed, {exc.size} B decompressed so far) exceeded the size limit"
                " during decompression."
            ) from exc
        cut, self._cut = self._cut, None
        if cut is None or not isinstance(decoded, Response):
            return decoded
        if request.meta.get("canonical") is not None:  # an article page
            raise CompressedDataLoss(
                f"the {cut.decode('latin-1')} body ends before its compressed stream does"
                f" (the answer itself whole; {len(decoded.body)} bytes of the page): cut short"
            )
        decoded.flags.append("dataloss")  # (a feed's, sitemap's or listing's part is read)
        return decoded

    def _handle_encoding(
        self, body: bytes, content_encoding: list[bytes], max_size: int
    ) -> tuple[bytes, list[bytes]]:
        to_decode, to_keep = _split_encodings(content_encoding)
        for encoding in to_decode:
            body, whole = _DECODERS[encoding](body, max_size)
            if not whole:
                self._cut = encoding
        return body, to_keep


def _split_encodings(content_encoding: list[bytes]) -> tuple[list[bytes], list[bytes]]:
    """The encodings to undo, last applied first, and those left (one that cannot be decoded
    here, and any applied before it), as Scrapy splits them."""
    to_keep = [
        encoding.strip().lower()
        for encoding in chain.from_iterable(value.split(b",") for value in content_encoding)
    ]
    to_decode: list[bytes] = []
    while to_keep and to_keep[-1] in _DECODERS:
        to_decode.append(to_keep.pop())
    return to_decode, to_keep
