"""Reader for re3d (dstl): per source folder, documents.json / entities.json / relations.json with one
JSON object per line and character offsets into the document text.

re3d keeps crowd-rejected annotations with a low IBCC confidence (e.g. "Syria" both as Location with
confidence 0 and as Organisation with confidence 1); we keep annotations whose confidence reaches
:data:`MIN_CONFIDENCE` and count the rest as skipped.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgraph.evaluation.gold import ReadReport

log = logging.getLogger(__name__)

# IBCC gives the probability that an annotation is correct; 0.5 = more likely right than wrong.
MIN_CONFIDENCE = 0.5

Span = tuple[int, int]


@dataclass(slots=True)
class Re3dRelation:
    source: Span
    target: Span
    type: str


@dataclass(slots=True)
class Re3dDoc:
    id: str
    source: str  # the folder (outlet) name
    text: str
    entities: list[tuple[int, int, str]] = field(default_factory=list)
    relations: list[Re3dRelation] = field(default_factory=list)


def _lines(path: Path, report: ReadReport) -> list[dict]:
    out = []
    if not path.is_file():
        report.skip(f"missing {path.name}")
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            report.skip(f"unreadable line in {path.name}")
    return out


def _confident(path: Path, by_id: dict[str, Re3dDoc], kind: str, report: ReadReport
               ) -> Iterator[tuple[Re3dDoc, dict[str, Any]]]:
    """(document, record) of each record of a read document at or above MIN_CONFIDENCE (the rest is
    reported as skipped)."""
    for rec in _lines(path, report):
        doc = by_id.get(rec.get("documentId"))
        if doc is None:
            continue
        if float(rec.get("confidence", 1)) < MIN_CONFIDENCE:
            report.skip(f"{kind} below confidence")
            continue
        yield doc, rec


def read_re3d(folder: str | Path, *, limit: int | None = None) -> tuple[list[Re3dDoc], ReadReport]:
    """All documents of all source folders (sorted); ``limit`` caps documents per source."""
    folder = Path(folder)
    root = folder / "re3d" if (folder / "re3d").is_dir() else folder
    report = ReadReport()
    docs: list[Re3dDoc] = []
    for src in sorted(p for p in root.iterdir() if p.is_dir()):
        by_id: dict[str, Re3dDoc] = {}
        for rec in _lines(src / "documents.json", report):
            if limit is not None and len(by_id) >= limit:
                break
            by_id[rec["_id"]] = Re3dDoc(rec["_id"], src.name, rec.get("text", ""))
        for doc, rec in _confident(src / "entities.json", by_id, "entity", report):
            b, e = int(rec["begin"]), int(rec["end"])
            if doc.text[b:e] != rec.get("value", doc.text[b:e]):
                report.skip("entity offsets do not match value")
                continue
            doc.entities.append((b, e, rec["type"]))
            report.read += 1
        for doc, rec in _confident(src / "relations.json", by_id, "relation", report):
            doc.relations.append(Re3dRelation((int(rec["sourceBegin"]), int(rec["sourceEnd"])),
                                              (int(rec["targetBegin"]), int(rec["targetEnd"])), rec["type"]))
            report.read += 1
        docs.extend(by_id.values())
    return docs, report
