"""Reader for BASIL (Fan et al. 2019): articles/YEAR/<triplet>_<n>.json (body as paragraphs of
sentences) and annotations/YEAR/<triplet>_<n>_ann.json (article stance, bias spans).

Span offsets in BASIL are relative to a sentence that the annotation does not name; we find the
sentence whose [start:end] equals the annotated text (first match), else search the text anywhere
(counted as repaired), and give offsets into the article text we build (sentences joined by a
space, paragraphs by a blank line).
"""
from __future__ import annotations

import ast
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from newsgraph.evaluation.gold import ReadReport

log = logging.getLogger(__name__)

# BASIL's stance labels differ between years; both schemes name the same three positions.
STANCE_MAP = {"left": "left", "liberal": "left", "center": "center", "right": "right",
              "conservative": "right"}


@dataclass(slots=True)
class BiasSpan:
    start: int
    end: int
    bias: str  # lex (lexical) or inf (informational)
    polarity: str
    text: str


@dataclass(slots=True)
class BasilDoc:
    id: str
    source: str  # outlet: fox, hpo (HuffPost), nyt
    triplet: str
    text: str
    stance: str | None
    spans: list[BiasSpan] = field(default_factory=list)


def read_basil(folder: str | Path, *, limit: int | None = None) -> tuple[list[BasilDoc], ReadReport]:
    """Articles with annotations; ``limit`` caps the number of triplets (three outlets each)."""
    folder = Path(folder)
    root = folder / "basil" if (folder / "basil").is_dir() else folder
    report = ReadReport()
    docs: list[BasilDoc] = []
    triplets: set[str] = set()
    for art_path in sorted((root / "articles").rglob("*.json")):
        ann_path = root / "annotations" / art_path.parent.name / f"{art_path.stem}_ann.json"
        art = json.loads(art_path.read_text(encoding="utf-8"))
        triplet = art.get("triplet-uuid", art_path.stem.rsplit("_", 1)[0])
        if limit is not None and triplet not in triplets and len(triplets) >= limit:
            continue
        if not ann_path.is_file():
            report.skip("article without annotation file")
            continue
        triplets.add(triplet)
        docs.append(_doc(art, json.loads(ann_path.read_text(encoding="utf-8")), art_path.stem, report))
    return docs, report


def _paragraphs(body: object) -> list[list[str]]:
    if isinstance(body, str):
        body = ast.literal_eval(body)  # BASIL stores the list as its Python repr
    return [[str(s) for s in (p if isinstance(p, list) else [p])] for p in body or []]


def _doc(art: dict, ann: dict, stem: str, report: ReadReport) -> BasilDoc:
    sents: list[tuple[int, str]] = []  # (offset, sentence)
    parts: list[str] = []
    pos = 0
    for pi, para in enumerate(_paragraphs(art.get("body-paragraphs"))):
        if pi:
            parts.append("\n\n")
            pos += 2
        for si, sent in enumerate(para):
            if si:
                parts.append(" ")
                pos += 1
            sents.append((pos, sent))
            parts.append(sent)
            pos += len(sent)
    text = "".join(parts)
    raw_stance = (ann.get("article-level-annotations") or {}).get("relative_stance")
    stance = STANCE_MAP.get((raw_stance or "").lower())
    if raw_stance and stance is None:
        report.skip(f"unknown stance label {raw_stance!r}")
    doc = BasilDoc(stem, str(art.get("source", "?")).lower(), art.get("triplet-uuid", ""), text, stance)
    for p in ann.get("phrase-level-annotations", []):
        txt, bias = p.get("txt", ""), p.get("bias", "")
        try:
            s, e = int(p["start"]), int(p["end"])
        except (KeyError, TypeError, ValueError):
            report.skip("bias span without offsets")
            continue
        hit = next((off + s for off, sent in sents if sent[s:e] == txt), None)
        if hit is None and txt:
            k = text.find(txt)
            if k >= 0:
                report.repair("bias span found outside its stated offsets")
                hit = k
        if hit is None or not txt:
            report.skip("bias span text not found in article")
            continue
        doc.spans.append(BiasSpan(hit, hit + len(txt), bias, p.get("polarity", ""), txt))
        report.read += 1
    return doc
