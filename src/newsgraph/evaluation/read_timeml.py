"""Reader for TimeML (.tml) files of TimeBank / AQUAINT: the plain text of ``<TEXT>`` with every
TIMEX3 as (start, end, type, value) offsets into that text, and the document creation time (DCT).

Tags are stripped by a small scanner rather than an XML parser because the files mix markup and
escaped text and we need character offsets into the stripped text.
"""
from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from newsgraph.evaluation.gold import ReadReport

log = logging.getLogger(__name__)

# README: testpipeline/ repeats a TimeBank document; skip the folder.
SKIP_FOLDERS = frozenset({"testpipeline"})
CALENDAR = re.compile(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:T.*)?$")
TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*)>")
ATTR = re.compile(r'(\w+)\s*=\s*"([^"]*)"')


@dataclass(slots=True)
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str

    @property
    def calendar_value(self) -> str | None:
        """The value as YYYY, YYYY-MM or YYYY-MM-DD (a time of day is dropped), or None when the
        gold value is not a calendar date (quarters, weeks, durations, *_REF): out of scope."""
        m = CALENDAR.match(self.value)
        return m.group(1) if m else None


@dataclass(slots=True)
class TimeDoc:
    id: str
    corpus: str
    dct: str | None  # YYYY-MM-DD
    text: str
    timexes: list[Timex] = field(default_factory=list)


def read_timeml_dir(folder: str | Path, *, limit: int | None = None) -> tuple[list[TimeDoc], ReadReport]:
    """All .tml files below ``folder`` (sorted, README duplicates skipped); ``limit`` per corpus."""
    report = ReadReport()
    docs: list[TimeDoc] = []
    per_corpus: dict[str, int] = {}
    for path in sorted(Path(folder).rglob("*.tml")):
        corpus = path.parent.name
        if corpus in SKIP_FOLDERS:
            report.skip(f"{corpus}/ (duplicate of a TimeBank document)")
            continue
        if limit is not None and per_corpus.get(corpus, 0) >= limit:
            continue
        try:
            doc = read_timeml(path, report)
        except ValueError as exc:
            report.skip(f"unreadable file: {exc}")
            continue
        per_corpus[corpus] = per_corpus.get(corpus, 0) + 1
        docs.append(doc)
    return docs, report


def read_timeml(path: str | Path, report: ReadReport | None = None) -> TimeDoc:
    report = report if report is not None else ReadReport()
    raw = Path(path).read_text(encoding="utf-8")
    dct = None
    m = re.search(r"<DCT>\s*<TIMEX3([^>]*)>", raw)
    if m:
        value = dict(ATTR.findall(m.group(1))).get("value", "")
        cal = CALENDAR.match(value)
        dct = cal.group(1) if cal else None
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    if body is None:
        raise ValueError(f"{path}: no <TEXT>")
    text, timexes = _strip(body.group(1), report)
    report.read += len(timexes)
    return TimeDoc(Path(path).stem, Path(path).parent.name, dct, text, timexes)


def _strip(markup: str, report: ReadReport) -> tuple[str, list[Timex]]:
    parts: list[str] = []
    pos = 0
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    timexes: list[Timex] = []
    for m in TAG.finditer(markup):
        chunk = html.unescape(markup[pos:m.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name = m.group(1) == "/", m.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            if open_timex is not None:
                report.skip("nested TIMEX3")
            open_timex = (length, dict(ATTR.findall(m.group(3))))
        elif open_timex is not None:
            start, attrs = open_timex
            timexes.append(Timex(start, length, "", attrs.get("type", ""), attrs.get("value", "")))
            open_timex = None
    parts.append(html.unescape(markup[pos:]))
    text = "".join(parts)
    for t in timexes:
        t.text = text[t.start:t.end]
    return text, timexes
