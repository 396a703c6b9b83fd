"""Files, directories, gzip and stdin -> RawDocument units (or IngestError for each bad item).

Format comes from the extension first and from sniffing the content when the extension says nothing
(no extension, unknown extension, stdin, the inside of a ``.gz``). Nothing here raises on bad input:
each bad file, line, entry or record becomes one IngestError and reading goes on.

JSONL policy: a line is an object with a string ``text`` and optional ``title``, ``url``, ``published``,
``source``, ``author``. A line with any other key is rejected with an IngestError naming the keys
(the house rule: unknown input fields are rejected or reported, never silently kept or dropped).
A ``published`` value that states no parseable date is dropped with a logged warning (the line itself
is kept: its text is still news); a non-string metadata value rejects the line.

Limits: a file (or a decompressed ``.gz``, or stdin) is read up to :data:`MAX_FILE_BYTES`, a JSONL
line up to :data:`MAX_JSONL_LINE_BYTES`, WARC records and header lines up to warc.py's limits; past a
limit the item is reported "too large", never read on. Only regular files are read: devices, FIFOs
and sockets are reported (a symlink to /dev/zero would read forever, a FIFO would wait forever). In a
folder, a symlink whose target lies outside the folder is reported and not followed unless
``follow_symlinks`` (a path named on the command line is read wherever it points). Every text and
metadata value goes through :func:`newsgraph.storable.storable`.
"""
from __future__ import annotations

import gzip
import io
import json
import logging
import os
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from newsgraph.ids import raw_sha
from newsgraph.ingest.encoding import DecodeError, decode_bytes
from newsgraph.ingest.feeds import read_feed
from newsgraph.ingest.warc import read_warc, size_text
from newsgraph.records import RAW_META_KEYS, IngestError, RawDocument
from newsgraph.storable import storable

logger = logging.getLogger(__name__)

# Largest file (or decompressed .gz, or WARC record) we read into memory. 256 MB: a 50 MB text dump
# must work; beyond this a "file" is an archive to split, and reading it whole would risk a 2-core,
# 8 GB laptop. Per-story limits live in articles.py.
MAX_FILE_BYTES = 256 * 1024 * 1024
# Longest JSONL line: an article at ingest's 1,000,000-character limit, JSON-escaped (up to 6 bytes
# a character as \uXXXX), plus its metadata, fits in 8 MB.
MAX_JSONL_LINE_BYTES = 8 * 1024 * 1024
MB = 1024 * 1024

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


def _jsonl_lines(data: bytes) -> Iterator[tuple[int, bytes | None]]:
    """(index, line) for each line of ``data``; line None when it is above the length limit.

    Lines are cut at ``\n`` a bounded read at a time, then at ``\r`` too (``bytes.splitlines``
    rules, so numbering is as before): the file is never copied line by line all at once.
    """
    stream = io.BytesIO(data)
    index = 0
    while True:
        chunk = stream.readline(MAX_JSONL_LINE_BYTES + 1)
        if not chunk:
            return
        if len(chunk) > MAX_JSONL_LINE_BYTES and not chunk.endswith(b"\n"):
            while chunk and not chunk.endswith(b"\n"):  # skip the rest of the line, a block at a time
                chunk = stream.readline(MAX_JSONL_LINE_BYTES)
            yield index, None
            index += 1
            continue
        for line in chunk.splitlines():
            yield index, line
            index += 1


def _read_jsonl(data: bytes, path: str) -> Iterator[RawDocument | IngestError]:
    if not data.strip():
        yield IngestError(path, "empty input")
        return
    for index, line in _jsonl_lines(data):
        if line is None:
            yield IngestError(path, f"too large: line {index + 1} is longer than the "
                                    f"{size_text(MAX_JSONL_LINE_BYTES)} limit for a JSONL line", index)
            continue
        if not line.strip():
            continue
        try:
            yield _jsonl_unit(line, path, index)
        except Exception as exc:  # one line's surprise must not cost the others (house rule)
            log_debug_exception("reading %s line %d failed", path, index + 1)
            yield IngestError(path, f"line {index + 1} could not be read: {type(exc).__name__}: {exc}", index)


def _jsonl_unit(line: bytes, path: str, index: int) -> RawDocument | IngestError:
    """One JSONL line as a RawDocument, or the IngestError saying why it is rejected."""
    try:
        text, _ = decode_bytes(line)
        obj = json.loads(text)
    except (DecodeError, json.JSONDecodeError, RecursionError) as exc:
        return IngestError(path, f"line {index + 1} is not JSON: {exc}", index)
    if not isinstance(obj, dict):
        return IngestError(path, f"line {index + 1} is not a JSON object", index)
    unknown = sorted(set(obj) - JSONL_KEYS)
    if unknown:
        shown = [storable(k) for k in unknown]
        return IngestError(path, f"line {index + 1} has unknown keys {shown}; allowed: {sorted(JSONL_KEYS)}",
                           index)
    body = obj.get("text")
    if not isinstance(body, str) or not body.strip():
        return IngestError(path, f"line {index + 1} has no non-empty string 'text'", index)
    repairs: dict[str, int] = {}
    meta: dict[str, str] = {}
    for key in sorted(RAW_META_KEYS):
        value = obj.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            return IngestError(path, f"line {index + 1}: '{key}' must be a string", index)
        value = storable(value, repairs)
        if key == "published":
            iso = _normalise_published(value)
            if iso is None:
                logger.warning("%s line %d: unparseable 'published' %r ignored", path, index + 1, value)
                continue
            value = iso
        if value.strip():
            meta[key] = value.strip()
    body = storable(body, repairs)
    return RawDocument(path=path, format="jsonl", text=body, raw_sha=raw_sha(line), index=index, meta=meta,
                       repairs=repairs)


def log_debug_exception(message: str, *args: object) -> None:
    """Log the exception being handled with its traceback at DEBUG (shown with --debug only)."""
    logger.debug(message, *args, exc_info=True)


def _read_unit(data: bytes, path: str, name: str, depth: int = 0) -> Iterator[RawDocument | IngestError]:
    """Dispatch one file's bytes (``name`` gives the extension) to its reader."""
    if not data:
        yield IngestError(path, "empty input")
        return
    if len(data) > MAX_FILE_BYTES:
        yield IngestError(path, f"too large: above the {size_text(MAX_FILE_BYTES)} limit; split it")
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
            yield IngestError(path, f"too large: decompresses to more than the {size_text(MAX_FILE_BYTES)} limit")
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
        repairs: dict[str, int] = {}
        text = storable(text, repairs)
        yield RawDocument(path=path, format=fmt, text=text, raw_sha=raw_sha(data), index=0, meta={}, repairs=repairs)


def _walk(path: Path, follow_symlinks: bool = False) -> Iterator[Path]:
    """Files under a directory, recursively, sorted, skipping hidden names. Symlinked folders are
    entered only with ``follow_symlinks`` (each real folder once: a link loop ends)."""
    seen: set[tuple[int, int]] = set()
    for root, dirs, files in os.walk(path, followlinks=follow_symlinks):
        if follow_symlinks:
            try:
                st = os.stat(root)
            except OSError:
                dirs[:] = []
                continue
            if (st.st_dev, st.st_ino) in seen:
                dirs[:] = []
                continue
            seen.add((st.st_dev, st.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        names = [n for n in files if not n.startswith(".")]
        if not follow_symlinks:  # a link to a folder outside is reported by _read_file, not entered
            names += [d for d in dirs if _outside(Path(root) / d, path) is not None]
        for name in sorted(names):
            yield Path(root) / name


_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a FIFO"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _outside(file: Path, top: Path) -> Path | None:
    """The target of the symlink ``file`` when it lies outside the folder ``top``, else None."""
    if not file.is_symlink():
        return None
    try:
        target = file.resolve()
        inside = target.is_relative_to(top.resolve())
    except (OSError, RuntimeError):  # a link loop: it points nowhere inside
        return file
    return None if inside else target


def _read_file(file: Path, shown: str, top: Path | None = None,
               follow_symlinks: bool = False) -> Iterator[RawDocument | IngestError]:
    """One file's units. ``top``: the folder being walked (symlinks leaving it are not followed)."""
    shown = storable(shown)  # a file name that is not UTF-8 holds lone surrogates (surrogateescape)
    if top is not None and not follow_symlinks and (target := _outside(file, top)) is not None:
        yield IngestError(shown, storable(f"symlink to {target}, outside the input folder {top}: not followed "
                                          "(pass --follow-symlinks to read it)"))
        return
    try:
        # O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer; the type check
        # is on the opened file (fstat), so nothing can swap it between the check and the read
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if not stat.S_ISREG(mode):
                yield IngestError(shown, f"not a regular file ({_kind(mode)}): only regular files are read")
                return
            if os.fstat(handle.fileno()).st_size > MAX_FILE_BYTES:
                yield IngestError(shown, f"too large: above the {size_text(MAX_FILE_BYTES)} limit; split it")
                return
            data = handle.read(MAX_FILE_BYTES + 1)  # a file that grows while read stops at the limit
    except OSError as exc:
        yield IngestError(shown, f"cannot read: {exc.strerror or exc}")
        return
    yield from _guarded(_read_unit(data, shown, file.name), shown)


def _guarded(items: Iterator[RawDocument | IngestError], path: str) -> Iterator[RawDocument | IngestError]:
    """``items``, with an exception escaping a reader turned into one IngestError for the file (the
    units read before it are kept)."""
    index = None
    try:
        for item in items:
            index = item.index
            yield item
    except Exception as exc:  # a reader bug on one file must not stop the run (house rule)
        log_debug_exception("reading %s failed", path)
        yield IngestError(path, f"reading failed: {type(exc).__name__}: {exc}", index)


def read_inputs(paths: Iterable[str], *, stdin: BinaryIO | None = None,
                follow_symlinks: bool = False) -> Iterator[RawDocument | IngestError]:
    """Yield one RawDocument per input unit, or one IngestError per bad item, in a stable order.

    ``paths``: files, directories (recursive, sorted, hidden names skipped), ``.gz`` files of any
    inner format, and ``"-"`` for the bytes of ``stdin`` (default ``sys.stdin.buffer``).
    ``follow_symlinks``: inside directories, also read symlinks (to files or folders) that lead out of
    the directory.
    """
    for given in paths:
        if given == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            try:
                data = stream.read(MAX_FILE_BYTES + 1)
            except OSError as exc:
                yield IngestError(STDIN_NAME, f"cannot read stdin: {exc}")
                continue
            yield from _guarded(_read_unit(data, STDIN_NAME, STDIN_NAME), STDIN_NAME)
            continue
        path = Path(given)
        given = storable(given)
        if path.is_dir():
            files = list(_walk(path, follow_symlinks))
            if not files:
                yield IngestError(given, "directory holds no files")
            for file in files:
                yield from _read_file(file, str(file), path, follow_symlinks)
        elif path.exists():
            yield from _read_file(path, given)
        elif path.is_symlink():
            yield IngestError(given, "broken symlink (its target does not exist)")
        else:
            yield IngestError(given, "no such file or directory")
