"""WARC (plain or gzip) -> one RawDocument per HTTP response record with an HTML or text payload.

The record's WARC-Target-URI becomes ``meta["url"]``. WARC-Date is deliberately not used: it is the
crawl date, not the publication date.
"""
from __future__ import annotations

import io
import zlib
from collections.abc import Iterator

from newsgraph.ids import raw_sha
from newsgraph.ingest.encoding import DecodeError, decode_bytes
from newsgraph.records import IngestError, RawDocument

# Content types whose payload we read; anything else (images, scripts, PDFs) is skipped silently,
# because a crawl always contains them and they are not news text.
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)


def read_warc(data: bytes, path: str, max_unit_bytes: int) -> Iterator[RawDocument | IngestError]:
    from warcio.archiveiterator import ArchiveIterator

    index = -1
    yielded = 0
    if not data.startswith(b"WARC/") and not data.startswith(b"\x1f\x8b"):
        yield IngestError(path, "not a WARC file (no WARC/ header)")
        return
    damage = gzip_damage(data) if data.startswith(b"\x1f\x8b") else None
    if damage:
        # warcio may stop quietly at a cut-off member: the records before it are still read, and the
        # damage is reported once for the file
        yield IngestError(path, f"corrupt WARC: {damage}")
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type != "response":
                continue
            index += 1
            ctype = ""
            if record.http_headers is not None:
                ctype = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
            if ctype not in HTML_TYPES + TEXT_TYPES:
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            payload = record.content_stream().read()
            if len(payload) > max_unit_bytes:
                yield IngestError(path, f"WARC record larger than {max_unit_bytes} bytes ({url})", index)
                continue
            try:
                text, _ = decode_bytes(payload)
            except DecodeError as exc:
                yield IngestError(path, f"WARC record {url}: {exc}", index)
                continue
            meta = {"url": url} if url else {}
            yielded += 1
            yield RawDocument(
                path=path, format="html" if ctype in HTML_TYPES else "txt", text=text,
                raw_sha=raw_sha(payload), index=index, meta=meta,
            )
    except Exception as exc:  # warcio raises ArchiveLoadFailed, zlib/EOF errors on corrupt archives
        if not damage:
            yield IngestError(path, f"corrupt WARC: {type(exc).__name__}: {exc}", max(index, 0))
        return
    if index < 0:
        yield IngestError(path, "WARC holds no HTTP response records")
    elif yielded == 0:
        yield IngestError(path, "WARC holds no HTML or plain-text responses")


GZIP_CHUNK = 1 << 20  # compressed bytes fed at a time: the check never holds a whole member's output


def gzip_damage(data: bytes) -> str | None:
    """Why a (multi-member) gzip stream is damaged, or None when every member ends cleanly."""
    pos = 0
    while pos < len(data):
        if not data.startswith(b"\x1f\x8b", pos):
            return f"{len(data) - pos} bytes of data that is not gzip after offset {pos}"
        member = zlib.decompressobj(wbits=31)
        start = pos
        try:
            while not member.eof and pos < len(data):
                chunk = data[pos:pos + GZIP_CHUNK]
                member.decompress(chunk)
                pos += len(chunk) - len(member.unused_data)
        except zlib.error as exc:
            return f"gzip member at offset {start} is corrupt ({exc})"
        if not member.eof:
            return f"gzip member at offset {start} is cut off"
    return None
