"""WARC (plain or gzip) -> one RawDocument per HTTP response record with an HTML or text payload.

The record's WARC-Target-URI becomes ``meta["url"]``. WARC-Date is deliberately not used: it is the
crawl date, not the publication date.

Hostile archives are read with hard limits, so that a small file never costs gigabytes or minutes:
a record's payload is read up to :data:`MAX_RECORD_BYTES` (the rest is skipped in blocks, never held),
a header line up to :data:`MAX_HEADER_LINE_BYTES` (warcio's own line reader concatenates block by
block, quadratic in the line's length), and a whole archive decompresses to at most
:data:`MAX_WARC_BYTES`.
"""
from __future__ import annotations

import contextlib
import io
import logging
import zlib
from collections.abc import Iterator

from newsgraph.ids import raw_sha
from newsgraph.ingest.encoding import DecodeError, decode_bytes
from newsgraph.storable import storable
from newsgraph.records import IngestError, RawDocument

log = logging.getLogger(__name__)

# A news page is well under 10 MB of HTML; 64 MB leaves room for pages with inlined images.
MAX_RECORD_BYTES = 64 * 1024 * 1024
# WARC and HTTP header lines are URIs and cookies: kilobytes. 1 MB is far beyond any real one.
MAX_HEADER_LINE_BYTES = 1024 * 1024
# Decompressed bytes read from one archive: 8x the 256 MB file limit (HTML compresses 4-8x).
MAX_WARC_BYTES = 2048 * 1024 * 1024
MB = 1024 * 1024


def size_text(n: int) -> str:
    """A byte count for people: 64 MB, 4 KB, 900 bytes."""
    for unit, size in (("GB", 1 << 30), ("MB", MB), ("KB", 1024)):
        if n >= size and n % size == 0:
            return f"{n // size} {unit}"
    return f"{n} bytes"


class WarcLimitError(Exception):
    """A limit of this module was exceeded; the message says which (readers report it)."""

# Content types whose payload we read; anything else (images, scripts, PDFs) is skipped silently,
# because a crawl always contains them and they are not news text.
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)


def _archive(stream: io.BufferedIOBase):
    """warcio's ArchiveIterator reading through a line-bounded reader."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.bufferedreaders import DecompressingBufferedReader

    class BoundedReader(DecompressingBufferedReader):
        """warcio's reader with a linear ``readline`` that refuses lines above the limit."""

        def readline(self, length=None):
            if length == 0:
                return b""
            self._fillbuff()
            if self.empty():
                return b""
            pieces, size = [], 0
            while True:
                want = -1 if length is None else length - size
                piece = self.buff.readline(want)
                pieces.append(piece)
                size += len(piece)
                if size > MAX_HEADER_LINE_BYTES:
                    raise WarcLimitError(f"a header line is longer than {size_text(MAX_HEADER_LINE_BYTES)}")
                if piece.endswith(b"\n") or (length is not None and size >= length):
                    break
                self._fillbuff()
                if self.empty():
                    break
            return b"".join(pieces)

    archive = ArchiveIterator(stream)
    # the record iterator is a generator that has not started: it reads through whatever .reader is
    archive.reader = BoundedReader(archive.fh, block_size=archive.reader.block_size)
    return archive


def read_warc(data: bytes, path: str, max_unit_bytes: int = MAX_RECORD_BYTES) -> Iterator[RawDocument | IngestError]:
    """One RawDocument per HTML or text response; IngestErrors for records and archives that fail."""
    max_unit_bytes = min(max_unit_bytes, MAX_RECORD_BYTES)
    index = -1
    yielded = 0
    if not data.startswith(b"WARC/") and not data.startswith(b"\x1f\x8b"):
        yield IngestError(path, "not a WARC file (no WARC/ header)")
        return
    try:
        damage = gzip_damage(data) if data.startswith(b"\x1f\x8b") else None
    except WarcLimitError as exc:
        yield IngestError(path, f"too large: {exc}")
        return
    if damage:
        # warcio may stop quietly at a cut-off member: the records before it are still read, and the
        # damage is reported once for the file
        yield IngestError(path, f"corrupt WARC: {damage}")
    archive = _archive(io.BytesIO(data))
    warnings = io.StringIO()
    try:
        for record in _quiet(archive, warnings):
            if archive.reader.num_read > MAX_WARC_BYTES:
                raise WarcLimitError(f"the archive decompresses to more than {size_text(MAX_WARC_BYTES)}; split it")
            if record.rec_type != "response":
                continue
            index += 1
            ctype = ""
            if record.http_headers is not None:
                ctype = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
            if ctype not in HTML_TYPES + TEXT_TYPES:
                continue
            repairs: dict[str, int] = {}
            url = record.rec_headers.get_header("WARC-Target-URI")
            url = storable(url, repairs) if url else url  # quoted in error reasons, stored as the url
            # one byte over the limit tells that it is exceeded; the rest is skipped by warcio in blocks
            payload = record.content_stream().read(max_unit_bytes + 1)
            if len(payload) > max_unit_bytes:
                yield IngestError(path, f"too large: WARC record above the {size_text(max_unit_bytes)} limit ({url})",
                                  index)
                continue
            try:
                text, _ = decode_bytes(payload)
            except DecodeError as exc:
                yield IngestError(path, f"WARC record {url}: {exc}", index)
                continue
            meta = {"url": url} if url else {}
            yielded += 1
            yield RawDocument(
                path=path, format="html" if ctype in HTML_TYPES else "txt", text=storable(text, repairs),
                raw_sha=raw_sha(payload), index=index, meta=meta, repairs=repairs,
            )
    except WarcLimitError as exc:
        yield IngestError(path, f"too large: {exc}", max(index, 0))
        return
    except Exception as exc:  # warcio raises ArchiveLoadFailed, zlib/EOF errors on corrupt archives
        if not damage:
            yield IngestError(path, f"corrupt WARC: {type(exc).__name__}: {exc}", max(index, 0))
        return
    finally:
        if warnings.getvalue():
            log.debug("warcio on %s: %s", path, warnings.getvalue().strip())
    if index < 0:
        yield IngestError(path, "WARC holds no HTTP response records")
    elif yielded == 0:
        yield IngestError(path, "WARC holds no HTML or plain-text responses")


def _quiet(archive, sink: io.StringIO):
    """Records of ``archive``, with what warcio writes to stderr (it warns there) sent to ``sink``:
    only the CLI prints."""
    iterator = iter(archive)
    while True:
        with contextlib.redirect_stderr(sink):
            try:
                record = next(iterator)
            except StopIteration:
                return
        yield record


GZIP_CHUNK = 1 << 20  # compressed bytes fed at a time
GZIP_OUT = 1 << 20  # decompressed bytes produced at a time: the check never holds more than this


def gzip_damage(data: bytes, max_bytes: int | None = None) -> str | None:
    """Why a (multi-member) gzip stream is damaged, or None when every member ends cleanly.

    Raises WarcLimitError when the stream decompresses to more than ``max_bytes``: a small archive
    that inflates to gigabytes is refused before warcio reads it.
    """
    max_bytes = MAX_WARC_BYTES if max_bytes is None else max_bytes
    pos, total = 0, 0
    while pos < len(data):
        if not data.startswith(b"\x1f\x8b", pos):
            return f"{len(data) - pos} bytes of data that is not gzip after offset {pos}"
        member = zlib.decompressobj(wbits=31)
        start = pos
        try:
            while not member.eof and pos < len(data):
                chunk = data[pos:pos + GZIP_CHUNK]
                out = member.decompress(chunk, GZIP_OUT)
                total += len(out)
                while member.unconsumed_tail and not member.eof:
                    if total > max_bytes:
                        break
                    out = member.decompress(member.unconsumed_tail, GZIP_OUT)
                    total += len(out)
                if total > max_bytes:
                    raise WarcLimitError(f"the archive decompresses to more than {size_text(max_bytes)}; split it")
                pos += len(chunk) - len(member.unused_data)
        except zlib.error as exc:
            return f"gzip member at offset {start} is corrupt ({exc})"
        if not member.eof:
            return f"gzip member at offset {start} is cut off"
    return None
