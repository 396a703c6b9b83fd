"""``newsgraph eval``: score newsgraph (and named baselines) on the gold data sets in ../shared/eval.

One reader module per data set (``read_*``), the metrics in :mod:`metrics`, one scorer per task
(``task_*``), the systems as text-in adapters over the stages in :mod:`systems`. :func:`evaluate` is the
one call the CLI makes; :func:`format_report` turns its result into text. A data set that is absent
is reported as ``status: unavailable`` and the other tasks still run, so ``make eval`` always ends.
"""
from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

TASKS: dict[str, str] = {
    "geo": "newsgraph.evaluation.task_geo",
    "time": "newsgraph.evaluation.task_time",
    "events": "newsgraph.evaluation.task_events",
    "arguments": "newsgraph.evaluation.task_arguments",
    "coref": "newsgraph.evaluation.task_coref",
    "actors": "newsgraph.evaluation.task_actors",
    "framing": "newsgraph.evaluation.task_framing",
}

__all__ = ["TASKS", "evaluate", "format_report", "flatten"]


def evaluate(task: str, *, data: str | Path | None = None, limit: int | None = None) -> dict[str, Any]:
    """Run one task (or ``"all"``) and return its scores as plain data (JSON-serialisable).

    ``data`` overrides the task's data folder (for ``all``: the eval root holding one folder per
    task); ``limit`` caps documents per data set (the fast subset the floors use).
    """
    if task == "all":
        results = {}
        for name in TASKS:
            sub = None if data is None else Path(data) / name  # one folder per task, same name
            results[name] = evaluate(name, data=sub, limit=limit)
        return {"task": "all", "results": results}
    if task not in TASKS:
        raise ValueError(f"unknown evaluation task {task!r}; choose one of {', '.join(TASKS)} or all")
    module = importlib.import_module(TASKS[task])
    result = module.run(data=data, limit=limit)
    result.setdefault("status", "ok")
    result["limit"] = limit
    return result


SKIP_KEYS = frozenset({"examples", "confusions", "per_label", "reader", "per_category", "tp", "n_pred",
                       "n_gold"})


def flatten(obj: Any, prefix: str = "") -> dict[str, Any]:
    """Dotted-path view of the numbers (and unavailable reasons) in a result, for reports and floors."""
    out: dict[str, Any] = {}
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k in SKIP_KEYS:
                continue
            out.update(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(obj, bool):
        pass
    elif isinstance(obj, (int, float)) or (isinstance(obj, str) and prefix.endswith("reason")):
        out[prefix] = obj
    return out


def format_report(result: dict[str, Any]) -> str:
    """Plain-text report: per task and data set, each number on one line, system / baseline /
    published anchor sections kept apart so ours sits beside theirs."""
    if result.get("task") == "all":
        return "\n\n".join(format_report(r) for r in result["results"].values())
    lines = [f"== {result['task']} (limit={result.get('limit')})"]
    for name, ds in (result.get("datasets") or {}).items():
        lines.append(f"-- {name}")
        if isinstance(ds, dict) and "reader" in ds:
            rd = ds["reader"]
            lines.append(f"   reader: read {rd['read']}, skipped {rd['skipped'] or 0}, repaired {rd['repaired'] or 0}")
        for key, value in flatten(ds).items():
            if isinstance(value, float):
                value = f"{value:.3f}"
            lines.append(f"   {key:<55} {value}")
    if "reason" in result:
        lines.append(f"   {result.get('status')}: {result['reason']}")
    return "\n".join(lines)
