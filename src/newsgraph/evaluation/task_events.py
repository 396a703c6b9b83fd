"""Scores event typing: ACLED sub-types on CASE-2021 task 2 (weighted/macro/micro F1), PLOVER types
and actor/recipient on the PLOVER gold-standard records, and per-category correct/missed/extra on
the PETRARCH-2 unit-test records (CAMEO codes mapped to PLOVER by data/cameo_plover.tsv).

The system is the events stage through the adapters of :mod:`newsgraph.evaluation.systems` (the main
event of each snippet); the keyword classifier of :mod:`keyword_baseline` is always scored beside it
and labelled as the baseline.
"""
from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsgraph.evaluation import keyword_baseline, metrics
from newsgraph.evaluation.gold import data_dir, unavailable
from newsgraph.evaluation.systems import case_label, snippet_events
from newsgraph.evaluation.read_events import (PetrRecord, PloverRecord, Snippet, cameo_to_plover,
                                              read_case2021, read_petr, read_plover)
from newsgraph.lexicon import read_tsv

log = logging.getLogger(__name__)

ANCHOR_CASE = {"system": "CASE-2021 task 2 best team", "weighted_f1": 0.839}
README_BASELINE = {"CASE2021": {"weighted_f1": 0.48}}

# (text) -> list of (PLOVER type, actor strings, recipient strings)
EventFinder = Callable[[str], list[tuple[str, list[str], list[str]]]]


def run(*, data: str | Path | None = None, limit: int | None = None) -> dict[str, Any]:
    folder = data_dir("events", data)
    out: dict[str, Any] = {"task": "events", "datasets": {}}

    path = folder / "case2021_task2_dev.tsv"
    if path.is_file():
        snippets, rep = read_case2021(path, limit=limit)
        res: dict[str, Any] = {"items": len(snippets), "reader": rep.to_dict(), "anchor": ANCHOR_CASE,
                               "readme_baseline": README_BASELINE["CASE2021"]}
        res["baseline"] = score_case(snippets, lambda t: keyword_baseline.classify(t, "acled") or "OTHER")
        res["system"] = score_case(snippets, case_label)
        out["datasets"]["CASE2021"] = res
    else:
        out["datasets"]["CASE2021"] = unavailable(f"{path} not found")

    # PLOVER gold records and PETRARCH-2 unit records: same shape, their own reader and scorer each
    for name, key, read, score in (("PLOVER_GSR_CAMEO.txt", "PLOVER_GSR", read_plover, score_plover),
                                   ("PETR.UnitTest.records.xml", "PETR", read_petr, score_petr)):
        path = folder / name
        if not path.is_file():
            out["datasets"][key] = unavailable(f"{path} not found")
            continue
        records, rep = read(path, limit=limit)
        out["datasets"][key] = {
            "items": len(records), "reader": rep.to_dict(),
            "baseline": score(records, keyword_finder),
            "system": score(records, snippet_events),
        }
    return out


def score_case(snippets: list[Snippet], classify: Callable[[str], str | None]) -> dict[str, Any]:
    gold = [s.label for s in snippets]
    pred = [classify(s.text) or "OTHER" for s in snippets]
    res = metrics.classification_f1(gold, pred)
    res["confusions"] = Counter(f"{g}->{p}" for g, p in zip(gold, pred) if g != p).most_common(8)
    return res


def score_plover(records: list[PloverRecord], find: EventFinder) -> dict[str, Any]:
    """Type accuracy of the first event found (both sides in current PLOVER names), and actor/recipient match (a gold actor text matches
    when a found actor string contains it or is contained in it, case-insensitively), counted over
    records where the gold has one and the type was right."""
    n = correct = 0
    actor_hit = actor_n = recip_hit = recip_n = 0
    confusions: Counter = Counter()
    for rec in records:
        n += 1
        found = find(rec.text)
        typ, actors, recips = found[0] if found else (None, [], [])
        typ = current_name(typ) if typ else None
        gold_type = current_name(rec.event)
        if typ == gold_type:
            correct += 1
            if rec.sources:
                actor_n += 1
                actor_hit += _any_match(rec.sources, actors)
            if rec.targets:
                recip_n += 1
                recip_hit += _any_match(rec.targets, recips)
        else:
            confusions[f"{gold_type}->{typ}"] += 1
    return {"n": n, "type_acc": correct / n if n else None,
            "actor_match": actor_hit / actor_n if actor_n else None, "actor_n": actor_n,
            "recipient_match": recip_hit / recip_n if recip_n else None, "recipient_n": recip_n,
            "confusions": confusions.most_common(8)}


def _any_match(gold: list[str], found: list[str]) -> bool:
    g = [x.lower() for x in gold if x]
    f = [x.lower() for x in found if x]
    return any(a in b or b in a for a in g for b in f)


def score_petr(records: list[PetrRecord], find: EventFinder) -> dict[str, Any]:
    """Per PETRARCH test category: gold PLOVER types (from CAMEO roots) vs found types, as
    correct / missed / extra counts, plus the totals as P/R/F1."""
    table = cameo_table()
    per: dict[str, Counter] = defaultdict(Counter)
    unmapped = skipped = 0
    for rec in records:
        gold: set[str] = set()
        known = 0
        for code in rec.cameo:
            ok, plover = cameo_to_plover(code, table)
            if not ok:  # the validation dictionaries use private codes (223, 903, ...)
                unmapped += 1
                continue
            known += 1
            if plover is not None:
                gold.add(plover)
        if rec.cameo and not known:
            skipped += 1
            continue
        pred = {current_name(t) for t, _, _ in find(rec.text) if t}
        c = per[rec.category]
        c["correct"] += len(gold & pred)
        c["missed"] += len(gold - pred)
        c["extra"] += len(pred - gold)
    tot = Counter()
    for c in per.values():
        tot.update(c)
    return {"per_category": {k: dict(v) for k, v in sorted(per.items())}, "total": dict(tot),
            "prf": metrics.prf(tot["correct"], tot["correct"] + tot["extra"], tot["correct"] + tot["missed"]),
            "unmapped_codes": unmapped, "records_skipped_unmapped": skipped}


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, str | None]:
    """CAMEO code prefix (2 or 3 digits) -> PLOVER type, None where PLOVER drops the category
    (evaluation/data/cameo_plover.tsv)."""
    return {row["cameo"]: None if row["plover"] == "-" else row["plover"]
            for row in read_tsv("newsgraph.evaluation", "data/cameo_plover.tsv", ("cameo", "plover", "reason"))}


@lru_cache(maxsize=1)
def _versions() -> dict[str, str]:
    """Old PLOVER type name -> current manual name (evaluation/data/plover_versions.tsv)."""
    return {row["old"]: row["current"]
            for row in read_tsv("newsgraph.evaluation", "data/plover_versions.tsv", ("old", "current", "reason"))}


def current_name(plover_type: str) -> str:
    """PLOVER 0.5 names (gold records, keyword baseline) and current names compare as current names."""
    return _versions().get(plover_type, plover_type)


def keyword_finder(text: str) -> list[tuple[str, list[str], list[str]]]:
    """Baseline: one keyword-classified PLOVER type, no actors."""
    label = keyword_baseline.classify(text, "plover")
    return [] if label is None else [(label, [], [])]
