"""Bytes -> text for every reader: BOM detection, UTF-8, UTF-16, cp1252 fallback, binary refusal.

News dumps arrive in whatever encoding the tool that saved them used. We never guess silently with
``errors="replace"`` (that would store mojibake as evidence text); a unit that decodes under none of the
encodings below, or that looks binary, is reported instead.
"""
from __future__ import annotations

import codecs
import re

# How many leading bytes the binary sniff looks at: enough to see a file header and a few paragraphs.
SNIFF_BYTES = 8192
# Share of control characters (other than tab, newline, CR, form feed) above which decoded text is
# treated as binary. Real text has none; 1% tolerates a few stray control bytes in scraped pages.
MAX_CONTROL_RATIO = 0.01
# UTF-16 without a BOM: share of NUL bytes at odd (LE) or even (BE) positions in the sniff window.
# Plain ASCII-range English in UTF-16 has ~100% NULs there; 0.4 leaves room for non-Latin text.
UTF16_NUL_RATIO = 0.4

# A file that fails strict UTF-8 but holds this many well-formed UTF-8 multi-byte sequences is broken
# UTF-8, not cp1252: decoding it as cp1252 would store mojibake ("â€œ") as evidence text. Two: one
# accidental pair is possible in real cp1252 text ("Ã©" is rare), two are not.
UTF8_EVIDENCE_SEQUENCES = 2
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")

_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f"}


class DecodeError(ValueError):
    """Raised inside the ingest package only; readers turn it into an IngestError."""


def _control_ratio(text: str) -> float:
    sample = text[:SNIFF_BYTES]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in _ALLOWED_CONTROLS) or ch == "\x7f")
    return bad / len(sample)


def _utf16_without_bom(head: bytes) -> str | None:
    if len(head) < 4:
        return None
    even = head[0::2]
    odd = head[1::2]
    if odd.count(0) / len(odd) >= UTF16_NUL_RATIO and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) / len(even) >= UTF16_NUL_RATIO and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _looks_like_utf8(data: bytes) -> bool:
    count = 0
    for _ in _UTF8_MULTIBYTE.finditer(data):
        count += 1
        if count >= UTF8_EVIDENCE_SEQUENCES:
            return True
    return False


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data``; return (text, encoding name). Raise :class:`DecodeError` with a reason.

    Order: BOMs (UTF-8, UTF-16 LE/BE), BOM-less UTF-16 by NUL pattern, strict UTF-8, strict cp1252.
    NUL bytes outside UTF-16 mean a binary file.
    """
    if not data:
        raise DecodeError("empty input")
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        candidates = ["utf-16"]
    else:
        head = data[:SNIFF_BYTES]
        utf16 = _utf16_without_bom(head)
        if utf16:
            candidates = [utf16]
        elif b"\x00" in head:
            raise DecodeError("binary content (NUL bytes); not a text, HTML, feed or WARC file")
        else:
            candidates = ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            if encoding == "utf-8" and _looks_like_utf8(data):
                raise DecodeError(f"undecodable bytes: invalid UTF-8 at byte {exc.start} in UTF-8 text") from None
            continue
        if _control_ratio(text) > MAX_CONTROL_RATIO:
            raise DecodeError(f"binary content (control characters after decoding as {encoding})")
        return text, encoding
    raise DecodeError(f"undecodable bytes (tried {', '.join(candidates)})")
