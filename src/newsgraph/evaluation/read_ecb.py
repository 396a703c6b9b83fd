"""Reader for ECB+ (one XML file per document, tokens + markables + coreference relations) and
ECBplus_coreference_sentences.csv (the validated sentences on which event coreference is usually
scored, Cybulska & Vossen 2014).

Event mentions are the ACTION_* and NEG_ACTION_* markables with token anchors; their gold cluster is
the instance a CROSS_DOC_COREF relation points to (its ``note``, an instance id shared across
documents), or the target of an INTRA_DOC_COREF; mentions in no relation are singletons.
Documents named ``N_Kecb.xml`` and ``N_Kecbplus.xml`` tell two different seminal events of topic N:
that is the gold document clustering.
"""
from __future__ import annotations

import csv
import logging
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from newsgraph.evaluation.gold import ReadReport

log = logging.getLogger(__name__)

EVENT_TAG = re.compile(r"^(NEG_)?ACTION_")


@dataclass(slots=True)
class EventMention:
    doc: str  # e.g. "1_10ecbplus"
    m_id: str
    start: int  # character offsets into EcbDoc.text
    end: int
    text: str
    sentence: int
    cluster: str


@dataclass(slots=True)
class EcbDoc:
    name: str  # "1_10ecbplus"
    topic: str
    subtopic: str  # "ecb" or "ecbplus": the seminal event
    text: str  # tokens joined by single spaces, sentences by newlines
    mentions: list[EventMention] = field(default_factory=list)


def read_sentences_csv(path: str | Path) -> set[tuple[str, int]]:
    """(document name, sentence number) pairs of validated sentences."""
    out: set[tuple[str, int]] = set()
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.add((f"{row['Topic']}_{row['File']}", int(row["Sentence Number"])))
    return out


def read_ecb(folder: str | Path, *, limit: int | None = None,
             validated_only: bool = True) -> tuple[list[EcbDoc], ReadReport]:
    """Documents of the first ``limit`` topics (numeric order) under ``folder``."""
    folder = Path(folder)
    report = ReadReport()
    csv_path = folder / "ECBplus_coreference_sentences.csv"
    validated = read_sentences_csv(csv_path) if validated_only and csv_path.is_file() else None
    if validated_only and validated is None:
        report.skip("no ECBplus_coreference_sentences.csv: all sentences used")
    root = folder / "ecbplus" if (folder / "ecbplus").is_dir() else folder
    topics = sorted((p for p in root.iterdir() if p.is_dir() and p.name.isdigit()), key=lambda p: int(p.name))
    if limit is not None:
        topics = topics[:limit]
    docs: list[EcbDoc] = []
    for tdir in topics:
        for path in sorted(tdir.glob("*.xml")):
            try:
                docs.append(_read_doc(path, tdir.name, validated, report))
            except ET.ParseError as exc:
                report.skip(f"unparsable XML ({exc.__class__.__name__})")
    return docs, report


def _read_doc(path: Path, topic: str, validated: set[tuple[str, int]] | None, report: ReadReport) -> EcbDoc:
    root = ET.parse(path).getroot()
    name = path.stem
    tokens: dict[str, tuple[int, int, int]] = {}  # t_id -> (start, end, sentence)
    parts: list[str] = []
    pos, last_sent = 0, None
    for tok in root.iter("token"):
        sent = int(tok.get("sentence", "0"))
        if parts:
            sep = "\n" if sent != last_sent else " "
            parts.append(sep)
            pos += 1
        word = tok.text or ""
        tokens[tok.get("t_id")] = (pos, pos + len(word), sent)
        parts.append(word)
        pos += len(word)
        last_sent = sent
    text = "".join(parts)
    subtopic = "ecbplus" if name.endswith("ecbplus") else "ecb"
    doc = EcbDoc(name, topic, subtopic, text)

    anchors: dict[str, list[str]] = {}
    markables = root.find("Markables")
    for m in (markables if markables is not None else []):
        if EVENT_TAG.match(m.tag):
            ts = [a.get("t_id") for a in m.findall("token_anchor")]
            if ts:
                anchors[m.get("m_id")] = ts
    cluster_of: dict[str, str] = {}
    relations = root.find("Relations")
    for rel in (relations if relations is not None else []):
        target = rel.find("target")
        if target is None:
            continue
        if rel.tag == "CROSS_DOC_COREF":
            cid = rel.get("note") or f"{name}:{target.get('m_id')}"
        elif rel.tag == "INTRA_DOC_COREF":
            cid = f"{name}:{target.get('m_id')}"
        else:
            continue
        for src in rel.findall("source"):
            cluster_of[src.get("m_id")] = cid
    for m_id, ts in anchors.items():
        spans = [tokens[t] for t in ts if t in tokens]
        if len(spans) != len(ts):
            report.skip("event mention anchored to a missing token")
            continue
        sent = spans[0][2]
        if validated is not None and (name, sent) not in validated:
            continue
        start, end = min(s[0] for s in spans), max(s[1] for s in spans)
        doc.mentions.append(EventMention(name, m_id, start, end, text[start:end], sent,
                                         cluster_of.get(m_id, f"{name}:{m_id}:singleton")))
        report.read += 1
    return doc
