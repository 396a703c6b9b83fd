"""Reads the Timeline17 corpora of ../shared/eval/realnews/timeline17: the articles (newsgraph JSONL)
and the journalists' timelines (``timelines/<corpus>_tl*.txt``: a ``YYYY-MM-DD`` line, one or more
sentences, a line of dashes).

The corpus stored its texts tokenised (" , " and " 's "); the timeline sentences are read as they are
and compared by lemmas, so the spacing does not matter.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from newsgraph.evaluation.gold import ReadReport

DATE_LINE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SEPARATOR = re.compile(r"^-{5,}\s*$")


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    day: dt.date
    sentences: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Timeline:
    name: str  # file stem, e.g. SyrianCrisis_reuters_tl2.1
    entries: tuple[TimelineEntry, ...]


def corpora(folder: Path) -> list[Path]:
    """The corpus files (``*.jsonl``) of a timeline17 folder, by name."""
    return sorted(folder.glob("*.jsonl"))


def pick_evenly(n: int, limit: int | None) -> list[int]:
    """Indices of ``limit`` items spread evenly over ``n`` (the corpora are in publication order, so
    a subset still spans the whole period the timelines cover); all of them without a limit."""
    if limit is None or limit >= n:
        return list(range(n))
    return [i * n // limit for i in range(limit)]


def _published(row: dict) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(row.get("published") or "")[:10])
    except ValueError:
        return None


def read_articles(path: Path, limit: int | None = None,
                  prefer_days: set[dt.date] | frozenset[dt.date] = frozenset()) -> tuple[list[str], ReadReport]:
    """The corpus' JSONL lines (as text, to be built by the pipeline): all of them, or ``limit`` of them.

    A subset takes first the articles published within a day of one of ``prefer_days`` (the timeline
    days: a subset of articles far from every timeline day could not recall any), spread evenly over
    them, and fills up with the others spread evenly; the lines keep their order in the file."""
    rep = ReadReport()
    lines = []
    near: list[int] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            rep.skip("not JSON")
            continue
        if not isinstance(row, dict) or not str(row.get("text") or "").strip():
            rep.skip("no text")
            continue
        day = _published(row)
        if day is not None and any(abs((day - d).days) <= 1 for d in prefer_days):
            near.append(len(lines))
        lines.append(line)
    if limit is None or limit >= len(lines):
        chosen = list(range(len(lines)))
    else:
        chosen = [near[i] for i in pick_evenly(len(near), limit)]
        taken = set(near)
        rest = [i for i in range(len(lines)) if i not in taken]
        chosen += [rest[i] for i in pick_evenly(len(rest), limit - len(chosen))]
    picked = [lines[i] for i in sorted(chosen)]
    rep.read = len(picked)
    return picked, rep


def read_timeline(path: Path) -> tuple[Timeline, ReadReport]:
    rep = ReadReport()
    entries: list[TimelineEntry] = []
    day: dt.date | None = None
    sentences: list[str] = []

    def flush() -> None:
        if day is not None and sentences:
            entries.append(TimelineEntry(day, tuple(sentences)))
        elif day is not None:
            rep.skip("date without sentences")

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if DATE_LINE.match(line):
            flush()
            try:
                day = dt.date.fromisoformat(line)
            except ValueError:
                rep.skip("bad date")
                day = None
            sentences = []
        elif SEPARATOR.match(line):
            flush()
            day, sentences = None, []
        elif day is not None:
            sentences.append(line.lstrip("- ").strip())
        else:
            rep.skip("sentence outside a dated entry")
    flush()
    rep.read = len(entries)
    return Timeline(path.stem, tuple(entries)), rep


def timelines_for(folder: Path, corpus: str) -> list[Path]:
    """``timelines/<corpus>_tl*.txt`` (a corpus may have several journalists' timelines)."""
    return sorted((folder / "timelines").glob(f"{corpus}_tl*.txt"))
