"""Scores date normalisation (TIMEX3 values on gold spans, DCT as anchor) and date extraction
(TempEval-3 strict/relaxed span F1 and value F1) on TimeBank and AQUAINT.

System: the dates stage (``systems.date_value`` / ``find_dates``). Baselines: the README's dateparser with past
preference (values), and spaCy's DATE/TIME entities with dateparser values (extraction).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsgraph.evaluation import metrics
from newsgraph.evaluation.gold import data_dir, unavailable
from newsgraph.evaluation.read_timeml import TimeDoc, read_timeml_dir
from newsgraph.evaluation.systems import date_value, find_dates
from newsgraph.nlp import base_model

log = logging.getLogger(__name__)

# Published anchor (HeidelTime, TempEval-3 task A, as published by UzZaman et al. 2013).
ANCHOR = {"system": "HeidelTime (TempEval-3, as published)", "strict_f1": 0.813, "relaxed_f1": 0.903,
          "value_f1": 0.776}
README_BASELINE = {"TimeBank": {"value_acc": 0.65}, "AQUAINT": {"value_acc": 0.59}}

Normalizer = Callable[[str, str | None], str | None]
Extractor = Callable[[str, str | None], list[tuple[int, int, str | None]]]


def run(*, data: str | Path | None = None, limit: int | None = None) -> dict[str, Any]:
    folder = data_dir("time", data)
    if not folder.is_dir():
        return {"task": "time", "datasets": {}, **unavailable(f"{folder} not found")}
    docs, report = read_timeml_dir(folder, limit=limit)
    out: dict[str, Any] = {"task": "time", "reader": report.to_dict(), "anchor": ANCHOR, "datasets": {}}
    for corpus in sorted({d.corpus for d in docs}):
        sub = [d for d in docs if d.corpus == corpus]
        res: dict[str, Any] = {"docs": len(sub), "readme_baseline": README_BASELINE.get(corpus)}
        res["baseline"] = {"values": score_values(sub, dateparser_value),
                           "extraction": score_extraction(sub, spacy_extractor)}
        res["system"] = {"values": score_values(sub, date_value),
                         "extraction": score_extraction(sub, system_extractor)}
        out["datasets"][corpus] = res
    return out


def score_values(docs: list[TimeDoc], normalize: Normalizer) -> dict[str, Any]:
    """Accuracy of values on gold spans whose gold value is a calendar date (the rest is counted
    as out of scope)."""
    n = correct = out_of_scope = 0
    errors: list[dict[str, str | None]] = []
    for doc in docs:
        for t in doc.timexes:
            gold = t.calendar_value
            if gold is None:
                out_of_scope += 1
                continue
            n += 1
            got = normalize(t.text, doc.dct)
            if got == gold:
                correct += 1
            elif len(errors) < 10:
                errors.append({"doc": doc.id, "text": t.text, "gold": gold, "got": got})
    return {"n": n, "value_acc": correct / n if n else None, "out_of_scope": out_of_scope,
            "examples": errors}


def score_extraction(docs: list[TimeDoc], extract: Extractor) -> dict[str, Any]:
    """TempEval-3 style: strict (exact span) and relaxed (overlap) F1 over all gold TIMEX3, and
    value F1 = relaxed matches with the right value over system and gold counts."""
    strict_tp = relaxed_tp = value_tp = n_pred = n_gold = 0
    for doc in docs:
        gold = sorted({(t.start, t.end): t.calendar_value for t in doc.timexes}.items())
        pred_list = extract(doc.text, doc.dct)
        pred = sorted({(s, e): v for s, e, v in pred_list}.items())
        gspans, pspans = [g[0] for g in gold], [p[0] for p in pred]
        n_gold += len(gspans)
        n_pred += len(pspans)
        strict_tp += len(set(gspans) & set(pspans))
        for gi, pi in metrics.match_relaxed(gspans, pspans):
            relaxed_tp += 1
            if gold[gi][1] is not None and gold[gi][1] == pred[pi][1]:
                value_tp += 1
    return {"strict": metrics.prf(strict_tp, n_pred, n_gold),
            "relaxed": metrics.prf(relaxed_tp, n_pred, n_gold),
            "value": metrics.prf(value_tp, n_pred, n_gold)}


def system_extractor(text: str, anchor: str | None) -> list[tuple[int, int, str | None]]:
    """The dates stage's mentions as (start, end, value)."""
    return [(m.evidence.start, m.evidence.end, m.value) for m in find_dates(text, anchor)]


@lru_cache(maxsize=64)
def _parser(anchor: str | None) -> Any:
    """One dateparser parser per anchor (building one costs more than parsing a phrase)."""
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past"}
    if anchor:
        # a year or year-month DCT anchors at its first day
        settings["RELATIVE_BASE"] = datetime.fromisoformat((anchor + "-01-01")[:10] if len(anchor) < 10 else anchor[:10])
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=4096)
def dateparser_value(text: str, anchor: str | None) -> str | None:
    """README baseline: dateparser, past preference, relative to the DCT (YYYY-MM-DD); precision
    from the period dateparser reports (day, month, year)."""
    try:
        data = _parser(anchor).get_date_data(text)
    except Exception:  # dateparser raises on odd strings; a baseline answer of None is fair
        return None
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj
    if data.period == "year":
        return f"{d.year:04d}"
    if data.period == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def spacy_extractor(text: str, anchor: str | None) -> list[tuple[int, int, str | None]]:
    """Extraction baseline: the base spaCy model's DATE and TIME entities, valued by dateparser."""
    doc = base_model()(text)
    return [(e.start_char, e.end_char, dateparser_value(e.text, anchor))
            for e in doc.ents if e.label_ in ("DATE", "TIME")]
