"""Readers for event-typing gold: CASE-2021 task 2 snippets (tsv), PLOVER gold-standard records
(a JSON list) and PETRARCH-2 unit-test records (XML with CAMEO codes)."""
from __future__ import annotations

import csv
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from newsgraph.evaluation.gold import ReadReport

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Snippet:
    id: str
    text: str
    label: str


@dataclass(slots=True)
class PloverRecord:
    id: str
    text: str
    event: str
    sources: list[str] = field(default_factory=list)  # actorText of source actors
    targets: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PetrRecord:
    id: str
    category: str
    text: str
    cameo: list[str] = field(default_factory=list)  # gold CAMEO event codes ([] = no event)


def read_case2021(path: str | Path, *, limit: int | None = None) -> tuple[list[Snippet], ReadReport]:
    report = ReadReport()
    out: list[Snippet] = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if limit is not None and len(out) >= limit:
                break
            text, label = (row.get("EventSnippet") or "").strip(), (row.get("SubType") or "").strip()
            if not text or not label:
                report.skip("row without snippet or label")
                continue
            out.append(Snippet(row.get("id", str(len(out))), text, label))
            report.read += 1
    return out, report


def read_case2021_labels(path: str | Path) -> list[str]:
    """Upper-case label names listed in case2021_task2_event_types.txt (order kept, no duplicates)."""
    labels: list[str] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        s = line.strip()
        if re.fullmatch(r"[A-Z][A-Z_]+[A-Z]", s) and s not in labels and s != "EVENT":
            labels.append(s)
    return labels


def read_plover(path: str | Path, *, limit: int | None = None) -> tuple[list[PloverRecord], ReadReport]:
    report = ReadReport()
    out: list[PloverRecord] = []
    for rec in json.loads(Path(path).read_text(encoding="utf-8")):
        if limit is not None and len(out) >= limit:
            break
        if rec.get("event") == "DOCUMENT" or not rec.get("text"):
            report.skip("documentation record or no text")
            continue
        out.append(PloverRecord(rec["id"], rec["text"], rec["event"],
                                _actor_texts(rec.get("source"), report),
                                _actor_texts(rec.get("target"), report)))
        report.read += 1
    return out, report


def _actor_texts(value: object, report: ReadReport) -> list[str]:
    """actorText of a source/target list; a few records hold a bare string or null instead."""
    if value is None:
        return []
    if isinstance(value, str):
        report.repair("actor given as a bare string")
        return [value] if value.strip() else []
    return [a.get("actorText", "") for a in value if isinstance(a, dict) and a.get("actorText")]


def read_petr(path: str | Path, *, limit: int | None = None) -> tuple[list[PetrRecord], ReadReport]:
    """Sentences with their gold CAMEO codes; records coded as errors are skipped."""
    report = ReadReport()
    raw = Path(path).read_text(encoding="utf-8")
    # The file mixes single- and double-quoted attributes with stray quotes; parse per Sentence.
    out: list[PetrRecord] = []
    for m in re.finditer(r"<Sentence\b([^>]*)>(.*?)</Sentence>", raw, re.S):
        if limit is not None and len(out) >= limit:
            break
        attrs = dict(re.findall(r'(\w+)\s*=\s*"([^"]*)"', m.group(1)))
        body = m.group(2)
        text_m = re.search(r"<Text>(.*?)</Text>", body, re.S)
        if text_m is None:
            report.skip("sentence without text")
            continue
        codings = re.findall(r"<EventCoding\b([^>]*)>", body)
        if any("error" in c for c in codings):
            report.skip("record coded as a parser error")
            continue
        codes = []
        for c in codings:
            em = re.search(r"eventcode\s*=\s*['\"]+([0-9]+)", c)
            if em:
                codes.append(em.group(1))
        text = " ".join(text_m.group(1).split())
        out.append(PetrRecord(attrs.get("id", str(len(out))), attrs.get("category", "?"), text, codes))
        report.read += 1
    return out, report


def cameo_to_plover(code: str, table: dict[str, str | None]) -> tuple[bool, str | None]:
    """(known, PLOVER type) of a CAMEO event code: the longest listed prefix wins."""
    for prefix in (code[:3], code[:2]):
        if prefix in table:
            return True, table[prefix]
    return False, None
