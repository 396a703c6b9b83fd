"""Accuracy floors: each task is scored on a fast subset of ../shared/eval (``limit`` per task in
tests/evaluation/eval_floors.json) and every recorded metric must stay at or above its floor (or at or below
its ceiling for errors in km and the error AUC). Floors were set just below measured values, which
are recorded beside them; they only move up. A system metric that has a floor fails when the
system becomes unavailable, so a broken import cannot pass silently.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from newsgraph.evaluation import evaluate, flatten

FLOORS_FILE = Path(__file__).parent / "eval_floors.json"
FLOORS = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))

pytestmark = pytest.mark.eval


@lru_cache(maxsize=None)
def _scores(task: str) -> dict:
    """One evaluation per task per session, whatever the number of metrics checked."""
    return flatten(evaluate(task, limit=FLOORS["limits"][task]))


CASES = [(task, metric, bound) for task, metrics in FLOORS["floors"].items()
         for metric, bound in metrics.items()]


@pytest.mark.parametrize(("task", "metric", "bound"), CASES, ids=[f"{t}:{m}" for t, m, _ in CASES])
def test_metric_holds_its_floor(eval_dir, task, metric, bound):
    scores = _scores(task)
    reason_key = metric.rsplit(".", 1)[0]
    while reason_key and f"{reason_key}.reason" not in scores and "." in reason_key:
        reason_key = reason_key.rsplit(".", 1)[0]
    assert metric in scores, (f"{task}: {metric} was not produced "
                              f"({scores.get(reason_key + '.reason', 'no reason given')})")
    value = scores[metric]
    if "floor" in bound:
        assert value >= bound["floor"] - 1e-9, f"{task}: {metric} = {value:.4f} fell below its floor {bound['floor']}"
    if "ceiling" in bound:
        assert value <= bound["ceiling"] + 1e-9, f"{task}: {metric} = {value:.4f} rose above its ceiling {bound['ceiling']}"


def test_floors_file_is_well_formed():
    assert set(FLOORS["floors"]) <= set(FLOORS["limits"])
    for metrics in FLOORS["floors"].values():
        for bound in metrics.values():
            assert "measured" in bound and ("floor" in bound or "ceiling" in bound)
            if "floor" in bound:
                assert bound["floor"] <= bound["measured"]
            if "ceiling" in bound:
                assert bound["ceiling"] >= bound["measured"]
