"""Scores toponym resolution (on gold spans) and detection (recall of gold spans) on GWN and LGL,
for the places stage (``systems.resolve_spans`` / ``detect_spans``) and for the max-population
gazetteer baseline."""
from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsgraph.evaluation import metrics
from newsgraph.evaluation.geo_baseline import lookup
from newsgraph.evaluation.gold import data_dir, unavailable
from newsgraph.evaluation.read_geo import GeoDoc, GoldToponym, read_geo
from newsgraph.evaluation.systems import detect_spans, resolve_spans

log = logging.getLogger(__name__)

# Known files get their usual names; any other *.xml of the same families in the folder is scored
# too, under its file stem (held-out relatives use <location> elements or shifted offsets).
KNOWN = {"gwn.xml": "GWN", "lgl.xml": "LGL"}
# Published anchor: Mordecai 3 (Halterman 2023), exact id / acc@161 km on resolution of gold spans.
ANCHORS = {"GWN": {"system": "Mordecai3", "exact_id": 0.901, "acc161": 0.941},
           "LGL": {"system": "Mordecai3", "exact_id": 0.794, "acc161": 0.827}}
README_BASELINE = {"GWN": {"exact_id": 0.46, "acc161": 0.46}, "LGL": {"exact_id": 0.45, "acc161": 0.47}}

# A resolver maps (text, gold toponyms) to one (lat, lon, geonames_id) or None per toponym.
Resolved = tuple[float | None, float | None, int | None] | None
Resolver = Callable[[str, list[GoldToponym]], list[Resolved]]


def run(*, data: str | Path | None = None, limit: int | None = None) -> dict[str, Any]:
    folder = data_dir("geo", data)
    out: dict[str, Any] = {"task": "geo", "datasets": {}}
    paths = sorted(folder.glob("*.xml")) if folder.is_dir() else []
    if not paths:
        out["datasets"]["geo"] = unavailable(f"no .xml files in {folder}")
    for path in paths:
        name = KNOWN.get(path.name.lower(), path.stem)
        try:
            docs, report = read_geo(path, limit=limit)
        except ET.ParseError as exc:
            out["datasets"][name] = unavailable(f"{path.name} is not well-formed XML: {exc}")
            continue
        res: dict[str, Any] = {"docs": len(docs), "reader": report.to_dict(),
                               "anchor": ANCHORS.get(name), "readme_baseline": README_BASELINE.get(name)}
        res["baseline"] = score_resolution(docs, baseline_resolver)
        res["system"] = score_resolution(docs, system_resolver)
        res["system"]["detection"] = score_detection(docs, detect_spans)
        out["datasets"][name] = res
    return out


def scored(top: GoldToponym) -> bool:
    """Resolution is scored on gold toponyms that carry coordinates (demonyms and non-locational
    uses in GWN do not)."""
    return top.lat is not None and top.lon is not None


def score_resolution(docs: list[GeoDoc], resolver: Resolver) -> dict[str, Any]:
    errors: list[float | None] = []
    id_hits: list[bool | None] = []
    for doc in docs:
        gold = [t for t in doc.toponyms if scored(t)]
        if not gold:
            continue
        for top, got in zip(gold, resolver(doc.text, gold)):
            if got is None or got[0] is None or got[1] is None:
                errors.append(None)
            else:
                errors.append(metrics.haversine_km(top.lat, top.lon, got[0], got[1]))
            if top.geonames_id is None:
                id_hits.append(None)
            else:
                id_hits.append(got is not None and got[2] == top.geonames_id)
    return metrics.geo_summary(errors, id_hits)


def score_detection(docs: list[GeoDoc], detect: Callable[[str], list[tuple[int, int]]]) -> dict[str, Any]:
    """Recall of gold toponym spans (those with coordinates) by the detector, exact and overlapping.
    Precision is shown too but is pessimistic: gold leaves some real toponyms without coordinates."""
    gold: list[tuple[str, int, int]] = []
    pred: list[tuple[str, int, int]] = []
    for doc in docs:
        gold += [(doc.id, t.start, t.end) for t in doc.toponyms if scored(t)]
        pred += [(doc.id, s, e) for s, e in detect(doc.text)]
    exact = metrics.prf(len(set(gold) & set(pred)), len(set(pred)), len(set(gold)))
    relaxed_tp = 0
    for doc in docs:
        g = sorted((t.start, t.end) for t in doc.toponyms if scored(t))
        p = sorted((s, e) for d, s, e in pred if d == doc.id)
        relaxed_tp += len(metrics.match_relaxed(g, p))
    return {"exact": exact, "relaxed": metrics.prf(relaxed_tp, len(set(pred)), len(set(gold)))}


def baseline_resolver(text: str, gold: list[GoldToponym]) -> list[Resolved]:
    out: list[Resolved] = []
    for top in gold:
        c = lookup(top.text)
        out.append(None if c is None else (c.lat, c.lon, c.geonames_id))
    return out


def system_resolver(text: str, gold: list[GoldToponym]) -> list[Resolved]:
    """The places stage on the gold spans: results are matched to gold spans by their offsets,
    falling back to list order when the resolver returns exactly one mention per span."""
    spans = [(t.start, t.end) for t in gold]
    mentions = resolve_spans(text, spans)
    by_span = {(m.evidence.start, m.evidence.end): m for m in mentions}
    out: list[Resolved] = []
    for i, span in enumerate(spans):
        m = by_span.get(span)
        if m is None and len(mentions) == len(spans):
            m = mentions[i]
        out.append(None if m is None else (m.lat, m.lon, m.geonames_id))
    return out
