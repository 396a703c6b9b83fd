"""Files, directories, gzip and stdin -> RawDocument units (or IngestError for each bad item).

Format comes from the extension first and from sniffing the content when the extension says nothing
(no extension, unknown extension, stdin, the inside of a ``.gz``). Nothing here raises on bad input:
each bad file, line, entry or record becomes one IngestError and reading goes on.

JSONL policy: a line is an object with a string ``text`` and optional ``title``, ``url``, ``published``,
``source``, ``author``. A line with any other key is rejected with an IngestError naming the keys
(the house rule: unknown input fields are rejected or reported, never silently kept or dropped).
A ``published`` value that states no parseable date is dropped with a logged warning (the line itself
is kept: its text is still news); a non-string metadata value rejects the line.
"""
from __future__ import annotations

import gzip
import io
import json
import logging
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from newsgraph.ids import raw_sha
from newsgraph.ingest.encoding import DecodeError, decode_bytes
from newsgraph.ingest.feeds import read_feed
from newsgraph.ingest.warc import read_warc
from newsgraph.records import RAW_META_KEYS, IngestError, RawDocument

logger = logging.getLogger(__name__)

# Largest file (or decompressed .gz, or WARC record) we read into memory. 256 MB: a 50 MB text dump
# must work; beyond this a "file" is an archive to split, and reading it whole would risk a 2-core,
# 8 GB laptop. Per-story limits live in articles.py.
MAX_FILE_BYTES = 256 * 1024 * 1024

EXTENSIONS = {
    ".txt": "txt", ".text": "txt", ".md": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
    ".warc": "warc",
}
JSONL_KEYS = frozenset({"text"}) | RAW_META_KEYS
STDIN_NAME = "<stdin>"


def sniff_format(data: bytes) -> str:
    """Guess a format from content: gzip, warc, html, feed, jsonl or txt."""
    head = data[:4096]
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"WARC/"):
        return "warc"
    try:
        text, _ = decode_bytes(head) if head else ("", "")
    except DecodeError:
        return "txt"  # decoding of the whole unit reports the real problem
    low = text.lstrip().lower()
    if low.startswith("<?xml") or low.startswith("<rss") or low.startswith("<feed"):
        if "<rss" in low or "<feed" in low or "<rdf" in low:
            return "feed"
        return "html" if "<html" in low else "feed"
    if low.startswith("<!doctype html") or low.startswith("<html") or "<body" in low[:1000]:
        return "html"
    lines = [line for line in text.splitlines()[:5] if line.strip()]
    if lines and all(line.lstrip().startswith("{") for line in lines):
        return "jsonl"
    return "txt"


def _format_for(name: str, data: bytes) -> str:
    suffixes = [s.lower() for s in Path(name).suffixes]
    if suffixes and suffixes[-1] in EXTENSIONS:
        fmt = EXTENSIONS[suffixes[-1]]
        # An .xml file that is really an HTML page goes to the HTML reader.
        if fmt == "feed" and sniff_format(data) == "html":
            return "html"
        return fmt
    return sniff_format(data)


def _normalise_published(value: object) -> str | None:
    from newsgraph.ingest.metadata import parse_date

    if not isinstance(value, str) or not value.strip():
        return None
    return parse_date(value)


def _read_jsonl(data: bytes, path: str) -> Iterator[RawDocument | IngestError]:
    if not data.strip():
        yield IngestError(path, "empty input")
        return
    for index, line in enumerate(data.splitlines()):
        if not line.strip():
            continue
        try:
            text, _ = decode_bytes(line)
            obj = json.loads(text)
        except (DecodeError, json.JSONDecodeError) as exc:
            yield IngestError(path, f"line {index + 1} is not JSON: {exc}", index)
            continue
        if not isinstance(obj, dict):
            yield IngestError(path, f"line {index + 1} is not a JSON object", index)
            continue
        unknown = sorted(set(obj) - JSONL_KEYS)
        if unknown:
            yield IngestError(
                path, f"line {index + 1} has unknown keys {unknown}; allowed: {sorted(JSONL_KEYS)}", index
            )
            continue
        body = obj.get("text")
        if not isinstance(body, str) or not body.strip():
            yield IngestError(path, f"line {index + 1} has no non-empty string 'text'", index)
            continue
        meta: dict[str, str] = {}
        for key in sorted(RAW_META_KEYS):
            value = obj.get(key)
            if value is None:
                continue
            if not isinstance(value, str):
                yield IngestError(path, f"line {index + 1}: '{key}' must be a string", index)
                break
            if key == "published":
                iso = _normalise_published(value)
                if iso is None:
                    logger.warning("%s line %d: unparseable 'published' %r ignored", path, index + 1, value)
                    continue
                value = iso
            if value.strip():
                meta[key] = value.strip()
        else:
            yield RawDocument(path=path, format="jsonl", text=body, raw_sha=raw_sha(line), index=index, meta=meta)


def _read_unit(data: bytes, path: str, name: str, depth: int = 0) -> Iterator[RawDocument | IngestError]:
    """Dispatch one file's bytes (``name`` gives the extension) to its reader."""
    if not data:
        yield IngestError(path, "empty input")
        return
    if len(data) > MAX_FILE_BYTES:
        yield IngestError(path, f"larger than the {MAX_FILE_BYTES // (1024 * 1024)} MB limit; split it")
        return
    lower = name.lower()
    if lower.endswith(".warc.gz") or (data[:2] == b"\x1f\x8b" and lower.endswith(".warc")):
        yield from read_warc(data, path, MAX_FILE_BYTES)
        return
    if lower.endswith(".gz") or data[:2] == b"\x1f\x8b":
        if depth > 0:
            yield IngestError(path, "nested gzip is not supported")
            return
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
                inner = handle.read(MAX_FILE_BYTES + 1)
        except (OSError, EOFError, zlib.error) as exc:
            yield IngestError(path, f"corrupt gzip: {exc}")
            return
        if len(inner) > MAX_FILE_BYTES:
            yield IngestError(path, f"decompressed size above the {MAX_FILE_BYTES // (1024 * 1024)} MB limit")
            return
        inner_name = name[:-3] if lower.endswith(".gz") else name
        if inner[:5] == b"WARC/":
            yield from read_warc(inner, path, MAX_FILE_BYTES)
            return
        yield from _read_unit(inner, path, inner_name, depth + 1)
        return
    fmt = _format_for(name, data)
    if fmt == "warc":
        yield from read_warc(data, path, MAX_FILE_BYTES)
    elif fmt == "jsonl":
        yield from _read_jsonl(data, path)
    elif fmt == "feed":
        yield from read_feed(data, path)
    else:
        try:
            text, _ = decode_bytes(data)
        except DecodeError as exc:
            yield IngestError(path, str(exc))
            return
        if not text.strip():
            yield IngestError(path, "no text (only whitespace)")
            return
        yield RawDocument(path=path, format=fmt, text=text, raw_sha=raw_sha(data), index=0, meta={})


def _walk(path: Path) -> Iterator[Path]:
    """Regular files under a directory, recursively, sorted, skipping hidden names."""
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _read_file(file: Path, shown: str) -> Iterator[RawDocument | IngestError]:
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            yield IngestError(shown, f"larger than the {MAX_FILE_BYTES // (1024 * 1024)} MB limit; split it")
            return
        data = file.read_bytes()
    except OSError as exc:
        yield IngestError(shown, f"cannot read: {exc.strerror or exc}")
        return
    yield from _read_unit(data, shown, file.name)


def read_inputs(paths: Iterable[str], *, stdin: BinaryIO | None = None) -> Iterator[RawDocument | IngestError]:
    """Yield one RawDocument per input unit, or one IngestError per bad item, in a stable order.

    ``paths``: files, directories (recursive, sorted, hidden names skipped), ``.gz`` files of any
    inner format, and ``"-"`` for the bytes of ``stdin`` (default ``sys.stdin.buffer``).
    """
    for given in paths:
        if given == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            try:
                data = stream.read(MAX_FILE_BYTES + 1)
            except OSError as exc:
                yield IngestError(STDIN_NAME, f"cannot read stdin: {exc}")
                continue
            yield from _read_unit(data, STDIN_NAME, STDIN_NAME)
            continue
        path = Path(given)
        if path.is_dir():
            files = list(_walk(path))
            if not files:
                yield IngestError(given, "directory holds no files")
            for file in files:
                yield from _read_file(file, str(file))
        elif path.exists():
            yield from _read_file(path, given)
        else:
            yield IngestError(given, "no such file or directory")
