"""Metrics for the seven evaluation tasks, written out so each can be unit-tested on toy inputs.

Definitions follow the papers the anchors come from: geocoding accuracy@161 km and AUC of the
log-error curve (Gritta et al. 2018/2019), TempEval-3 strict/relaxed span F1 and value F1
(UzZaman et al. 2013), CoNLL coreference F1 = mean of MUC, B-cubed and CEAF-e (Pradhan et al. 2014),
and the adjusted Rand index (Hubert & Arabie 1985).
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)
ACC_KM = 161.0  # 100 miles: the standard geocoding "accuracy" radius (Leidner 2008; Gritta et al.)
MAX_ERROR_KM = 20039.0  # half the equatorial circumference: the largest possible error (Gritta et al.)


# ---------------------------------------------------------------- precision / recall / F1
def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    """Precision, recall and F1 from counts; 0.0 where a denominator is empty."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f, "tp": tp, "n_pred": n_pred, "n_gold": n_gold}


def classification_f1(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """Micro, macro and support-weighted F1 over labels (scikit-learn's definitions).

    Macro and weighted average over the labels present in gold or predictions; micro F1 over
    single-label items equals accuracy.
    """
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    labels = sorted(set(gold) | set(pred))
    support = Counter(gold)
    per: dict[str, dict[str, float]] = {}
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == p == lab)
        per[lab] = prf(tp, sum(1 for p in pred if p == lab), support[lab])
    n = len(gold)
    correct = sum(1 for g, p in zip(gold, pred) if g == p)
    macro = sum(v["f1"] for v in per.values()) / len(per) if per else 0.0
    weighted = sum(per[lab]["f1"] * support[lab] for lab in labels) / n if n else 0.0
    return {"n": n, "accuracy": correct / n if n else 0.0, "micro_f1": correct / n if n else 0.0,
            "macro_f1": macro, "weighted_f1": weighted, "per_label": per}


# ---------------------------------------------------------------- spans
Span = tuple[int, int]


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def span_prf(gold: Iterable[Span], pred: Iterable[Span], *, relaxed: bool = False) -> dict[str, float]:
    """Span P/R/F1: exact (start, end) match, or any overlap when ``relaxed``.

    Relaxed matching is one-to-one (greedy in order) so one long prediction cannot match many gold
    spans, as in TempEval-3.
    """
    gold_l, pred_l = sorted(set(gold)), sorted(set(pred))
    if not relaxed:
        tp = len(set(gold_l) & set(pred_l))
        return prf(tp, len(pred_l), len(gold_l))
    pairs = match_relaxed(gold_l, pred_l)
    return prf(len(pairs), len(pred_l), len(gold_l))


def match_relaxed(gold: Sequence[Span], pred: Sequence[Span]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index) of overlapping spans; exact matches first."""
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    exact = {s: i for i, s in enumerate(pred)}
    for gi, g in enumerate(gold):
        pi = exact.get(g)
        if pi is not None and pi not in used_p:
            pairs.append((gi, pi))
            used_g.add(gi)
            used_p.add(pi)
    for gi, g in enumerate(gold):
        if gi in used_g:
            continue
        for pi, p in enumerate(pred):
            if pi not in used_p and overlaps(g, p):
                pairs.append((gi, pi))
                used_g.add(gi)
                used_p.add(pi)
                break
    return pairs


# ---------------------------------------------------------------- geography
def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def geo_summary(errors_km: Sequence[float | None], id_hits: Sequence[bool | None]) -> dict[str, Any]:
    """Geocoding scores over gold toponyms. An unresolved toponym (error ``None``) counts as the
    maximum error, so a system cannot gain by abstaining (Gritta et al. 2019, section 5).

    ``id_hits`` holds per toponym whether the GeoNames id matched (``None`` where gold has no id).
    """
    errs = [MAX_ERROR_KM if e is None else min(e, MAX_ERROR_KM) for e in errors_km]
    ids = [h for h in id_hits if h is not None]
    n = len(errs)
    out: dict[str, Any] = {"n": n, "n_with_id": len(ids)}
    out["exact_id"] = sum(ids) / len(ids) if ids else None
    out["acc161"] = sum(1 for e in errs if e <= ACC_KM) / n if n else None
    out["mean_km"] = float(np.mean(errs)) if n else None
    out["median_km"] = float(np.median(errs)) if n else None
    out["auc"] = error_auc(errs) if n else None
    out["unresolved"] = sum(1 for e in errors_km if e is None)
    return out


def error_auc(errors_km: Sequence[float]) -> float:
    """Area under the curve of sorted log(1 + error), normalised by log(max error): 0 is perfect,
    1 is every toponym on the antipode (Gritta et al. 2018, 'What's missing in geographical parsing')."""
    if len(errors_km) == 1:
        return math.log1p(errors_km[0]) / math.log1p(MAX_ERROR_KM)
    logs = np.sort(np.log1p(np.asarray(errors_km, dtype=float)))
    x = np.arange(len(logs))
    return float(np.trapezoid(logs, x) / (math.log1p(MAX_ERROR_KM) * (len(logs) - 1)))


# ---------------------------------------------------------------- coreference
Clusters = Sequence[Iterable[Hashable]]


def _mention_map(clusters: Clusters) -> tuple[list[set], dict]:
    sets = [set(c) for c in clusters if c]
    where = {m: i for i, c in enumerate(sets) for m in c}
    return sets, where


def muc(gold: Clusters, pred: Clusters) -> dict[str, float]:
    """MUC link-based score (Vilain et al. 1995)."""
    g, gw = _mention_map(gold)
    p, pw = _mention_map(pred)

    def score(keys: list[set], resp_where: dict) -> tuple[int, int]:
        num = den = 0
        for k in keys:
            parts = {resp_where.get(m, ("singleton", m)) for m in k}
            num += len(k) - len(parts)
            den += len(k) - 1
        return num, den

    rn, rd = score(g, pw)
    pn, pd = score(p, gw)
    return _pr_to_f(pn / pd if pd else 0.0, rn / rd if rd else 0.0)


def b_cubed(gold: Clusters, pred: Clusters) -> dict[str, float]:
    """B-cubed (Bagga & Baldwin 1998), averaged over mentions of each side."""
    g, gw = _mention_map(gold)
    p, pw = _mention_map(pred)

    def score(a: list[set], b_where: dict, b: list[set]) -> float:
        tot = n = 0.0
        for c in a:
            for m in c:
                other = b[b_where[m]] if m in b_where else {m}
                tot += len(c & other) / len(c)
                n += 1
        return tot / n if n else 0.0

    return _pr_to_f(score(p, gw, g), score(g, pw, p))


def ceaf_e(gold: Clusters, pred: Clusters) -> dict[str, float]:
    """Entity-based CEAF (Luo 2005) with phi4 similarity and an optimal one-to-one alignment."""
    g, _ = _mention_map(gold)
    p, _ = _mention_map(pred)
    if not g or not p:
        return _pr_to_f(0.0, 0.0)
    sim = np.zeros((len(g), len(p)))
    for i, a in enumerate(g):
        for j, b in enumerate(p):
            inter = len(a & b)
            if inter:
                sim[i, j] = 2 * inter / (len(a) + len(b))
    rows, cols = linear_sum_assignment(-sim)
    total = float(sim[rows, cols].sum())
    return _pr_to_f(total / len(p), total / len(g))


def conll_f1(gold: Clusters, pred: Clusters) -> dict[str, Any]:
    """MUC, B3, CEAF-e and their mean F1 (the CoNLL-2012 score)."""
    m, b, c = muc(gold, pred), b_cubed(gold, pred), ceaf_e(gold, pred)
    return {"muc": m, "b3": b, "ceaf_e": c, "conll_f1": (m["f1"] + b["f1"] + c["f1"]) / 3}


def _pr_to_f(p: float, r: float) -> dict[str, float]:
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def adjusted_rand_index(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    """ARI between two labelings of the same items (1 = identical, ~0 = chance)."""
    if len(gold) != len(pred):
        raise ValueError("labelings differ in length")
    n = len(gold)
    if n < 2:
        return 1.0
    cont: dict[tuple, int] = defaultdict(int)
    for a, b in zip(gold, pred):
        cont[(a, b)] += 1

    def c2(x: int) -> float:
        return x * (x - 1) / 2

    sum_ij = sum(c2(v) for v in cont.values())
    sum_a = sum(c2(v) for v in Counter(gold).values())
    sum_b = sum(c2(v) for v in Counter(pred).values())
    expected = sum_a * sum_b / c2(n)
    max_idx = (sum_a + sum_b) / 2
    if max_idx == expected:
        return 1.0
    return (sum_ij - expected) / (max_idx - expected)


def labels_to_clusters(items: Sequence[Hashable], labels: Sequence[Hashable]) -> list[set]:
    """Group ``items`` by ``labels`` into clusters."""
    groups: dict[Hashable, set] = defaultdict(set)
    for it, lab in zip(items, labels):
        groups[lab].add(it)
    return list(groups.values())
