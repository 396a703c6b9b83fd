"""Scores framing on BASIL: lexical-bias span P/R/F1 (exact and overlapping), article stance accuracy
(left / center / right), and a per-outlet table of gold and predicted labels.

System: ``systems.lexical_bias_spans(text) -> list[(start, end)]`` and
``systems.article_stance(text) -> str`` (left, center, right). Baselines for stance
(labelled): the majority class, and an outlet prior (fox -> right, hpo -> left, nyt -> center, the
outlets' AllSides media-bias ratings, not learnt from BASIL). No lexical-bias baseline is shipped.
"""
from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsgraph.evaluation import metrics
from newsgraph.evaluation.gold import data_dir, unavailable
from newsgraph.evaluation.read_basil import BasilDoc, read_basil
from newsgraph.evaluation.systems import article_stance, lexical_bias_spans

log = logging.getLogger(__name__)

OUTLET_PRIOR = {"fox": "right", "hpo": "left", "nyt": "center"}  # AllSides ratings (see docstring)
MAJORITY = "center"  # BASIL's annotators mark most articles relative to the triplet as center


def run(*, data: str | Path | None = None, limit: int | None = None) -> dict[str, Any]:
    folder = data_dir("framing", data)
    if not folder.is_dir():
        return {"task": "framing", "datasets": {"BASIL": unavailable(f"{folder} not found")}}
    docs, report = read_basil(folder, limit=limit)
    res: dict[str, Any] = {"docs": len(docs), "reader": report.to_dict(), "per_outlet_gold": outlet_table(docs)}
    res["baseline_stance_majority"] = score_stance(docs, lambda d: MAJORITY)
    res["baseline_stance_outlet_prior"] = score_stance(docs, lambda d: OUTLET_PRIOR.get(d.source, MAJORITY))
    preds = {d.id: article_stance(d.text) for d in docs}
    res["system"] = {"lexical_bias": score_lexical(docs, lambda d: lexical_bias_spans(d.text)),
                     "stance": score_stance(docs, lambda d: preds[d.id]),
                     "per_outlet_pred": dict(_count_by_outlet(docs, preds))}
    return {"task": "framing", "datasets": {"BASIL": res}}


def score_lexical(docs: list[BasilDoc], find: Callable[[BasilDoc], list[tuple[int, int]]]) -> dict[str, Any]:
    tp_exact = tp_rel = n_pred = n_gold = 0
    for d in docs:
        gold = sorted({(s.start, s.end) for s in d.spans if s.bias == "lex"})
        pred = sorted({(int(a), int(b)) for a, b in find(d)})
        n_gold += len(gold)
        n_pred += len(pred)
        tp_exact += len(set(gold) & set(pred))
        tp_rel += len(metrics.match_relaxed(gold, pred))
    return {"exact": metrics.prf(tp_exact, n_pred, n_gold), "relaxed": metrics.prf(tp_rel, n_pred, n_gold)}


def score_stance(docs: list[BasilDoc], predict: Callable[[BasilDoc], str]) -> dict[str, Any]:
    scored = [d for d in docs if d.stance is not None]
    gold = [d.stance for d in scored]
    pred = [predict(d) for d in scored]
    res = metrics.classification_f1(gold, pred)
    return {"n": res["n"], "accuracy": res["accuracy"], "macro_f1": res["macro_f1"]}


def outlet_table(docs: list[BasilDoc]) -> dict[str, dict[str, int]]:
    """Per outlet: gold stance counts and lexical / informational bias span counts."""
    table: dict[str, Counter] = defaultdict(Counter)
    for d in docs:
        table[d.source][f"stance:{d.stance}"] += 1
        for s in d.spans:
            table[d.source][f"spans:{s.bias}"] += 1
    return {k: dict(sorted(v.items())) for k, v in sorted(table.items())}


def _count_by_outlet(docs: list[BasilDoc], preds: dict[str, str]) -> dict[str, dict[str, int]]:
    table: dict[str, Counter] = defaultdict(Counter)
    for d in docs:
        table[d.source][f"stance:{preds[d.id]}"] += 1
    return {k: dict(v) for k, v in sorted(table.items())}
