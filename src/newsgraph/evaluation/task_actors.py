"""Scores actor extraction on re3d: entity spans by type (Person, Organisation, Location), alias pairs
(IsSynonymOf) and actor relations (FightingAgainst, AlliesOf).

System: the actors and relations stages through ``systems.find_entities`` / ``alias_pairs`` and
``systems.span_relations(text) -> list[((s, e), (s, e), type)]`` with type in fights / allied_with. Baselines (labelled): spaCy NER with a fixed label map, and "X (Y)" /
"X, also known as Y" between two entities for aliases.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsgraph.evaluation import metrics
from newsgraph.evaluation.gold import data_dir, unavailable
from newsgraph.evaluation.read_re3d import Re3dDoc, read_re3d
from newsgraph.evaluation.systems import alias_pairs, find_entities, span_relations
from newsgraph.nlp import base_model

log = logging.getLogger(__name__)

TYPES = ("Person", "Organisation", "Location")
# spaCy (OntoNotes) label -> re3d type for the baseline; NORP is a Nationality in re3d, not mapped.
SPACY_MAP = {"PERSON": "Person", "ORG": "Organisation", "GPE": "Location", "LOC": "Location",
             "FAC": "Location"}
RELATION_MAP = {"fights": "FightingAgainst", "allied_with": "AlliesOf"}
ALIAS_GLUE = re.compile(r"^\s*(\(|,?\s*(also )?(known as|aka|or)\s)\s*$", re.I)

Pair = frozenset


def run(*, data: str | Path | None = None, limit: int | None = None) -> dict[str, Any]:
    folder = data_dir("actors", data)
    if not folder.is_dir():
        return {"task": "actors", "datasets": {"re3d": unavailable(f"{folder} not found")}}
    docs, report = read_re3d(folder, limit=limit)
    res: dict[str, Any] = {"docs": len(docs), "reader": report.to_dict()}
    base_ents = {d.id: spacy_entities(d.text) for d in docs}
    res["baseline"] = {"entities": score_entities(docs, lambda d: base_ents[d.id]),
                       "aliases": score_aliases(docs, lambda d: glue_aliases(d.text, base_ents[d.id]))}
    res["system"] = {"entities": score_entities(docs, lambda d: find_entities(d.text)),
                     "aliases": score_aliases(docs, lambda d: alias_pairs(d.text))}
    res["system_relations"] = score_relations(docs, lambda d: [
        (s, t, RELATION_MAP.get(k, k)) for s, t, k in span_relations(d.text)])
    return {"task": "actors", "datasets": {"re3d": res}}


def score_entities(docs: list[Re3dDoc], find: Callable[[Re3dDoc], list[tuple[int, int, str]]]) -> dict[str, Any]:
    gold: list[tuple[str, int, int, str]] = []
    pred: list[tuple[str, int, int, str]] = []
    for d in docs:
        gold += [(d.id, b, e, t) for b, e, t in d.entities if t in TYPES]
        pred += [(d.id, b, e, t) for b, e, t in find(d) if t in TYPES]
    g, p = set(gold), set(pred)
    out = {}
    for t in TYPES:
        gt = {x for x in g if x[3] == t}
        pt = {x for x in p if x[3] == t}
        out[t] = metrics.prf(len(gt & pt), len(pt), len(gt))
    out["all"] = metrics.prf(len(g & p), len(p), len(g))
    # Relaxed: same type and overlapping spans (re3d spans often include determiners and
    # modifiers, "the Israeli government", where a name finder returns "Israeli").
    tp = 0
    for d in docs:
        for t in TYPES:
            gs = sorted({(b, e) for i, b, e, k in g if i == d.id and k == t})
            ps = sorted({(b, e) for i, b, e, k in p if i == d.id and k == t})
            tp += len(metrics.match_relaxed(gs, ps))
    out["all_relaxed"] = metrics.prf(tp, len(p), len(g))
    return out


def score_aliases(docs: list[Re3dDoc], find: Callable[[Re3dDoc], list[tuple[tuple[int, int], tuple[int, int]]]]) -> dict[str, Any]:
    """Unordered span pairs; re3d lists most IsSynonymOf pairs in both directions."""
    gold, pred = set(), set()
    for d in docs:
        gold |= {(d.id, Pair((r.source, r.target))) for r in d.relations if r.type == "IsSynonymOf"}
        pred |= {(d.id, Pair((tuple(a), tuple(b)))) for a, b in find(d)}
    return metrics.prf(len(gold & pred), len(pred), len(gold))


def score_relations(docs: list[Re3dDoc], find: Callable[[Re3dDoc], list[tuple[tuple[int, int], tuple[int, int], str]]]) -> dict[str, Any]:
    out = {}
    for typ in ("FightingAgainst", "AlliesOf"):
        gold, pred = set(), set()
        for d in docs:
            gold |= {(d.id, Pair((r.source, r.target))) for r in d.relations if r.type == typ}
            pred |= {(d.id, Pair((tuple(s), tuple(t)))) for s, t, k in find(d) if k == typ}
        out[typ] = metrics.prf(len(gold & pred), len(pred), len(gold))
    return out


def spacy_entities(text: str) -> list[tuple[int, int, str]]:
    doc = base_model()(text)
    out = []
    for e in doc.ents:
        if e.label_ in SPACY_MAP:
            start = e.start_char
            if e[0].lower_ == "the":  # re3d spans leave out a leading article
                start = e[1].idx if len(e) > 1 else start
            out.append((start, e.end_char, SPACY_MAP[e.label_]))
    return out


def glue_aliases(text: str, ents: list[tuple[int, int, str]]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Baseline: two consecutive entities joined by "(" or "also known as" name one actor."""
    ents = sorted(ents)
    out = []
    for (b1, e1, _), (b2, e2, _) in zip(ents, ents[1:]):
        if ALIAS_GLUE.match(text[e1:b2]):
            out.append(((b1, e1), (b2, e2)))
    return out
