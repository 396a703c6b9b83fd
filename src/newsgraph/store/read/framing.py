"""Reading framing labels: which words each outlet attaches to each actor, how often, with every example.

The outlet of a label is the one the label carries (the pipeline fills it from the article), else the
article's outlet. One grouping serves the outlet comparison, the web pages and the export; each sorts
as it shows them.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from newsgraph.store import schema as s
from newsgraph.store.read.common import in_version, with_outlet

f_ = s.framing_labels.c


def framing_groups(conn: Connection, *, actor: str | None = None, outlet: str | None = None,
                   pipeline_version: str | None = None) -> list[dict[str, Any]]:
    """One group per (outlet, actor, label): ``source``, ``actor``, ``label``, ``count`` and ``examples``
    ({article, start, end}), groups in the order of their first example (article, then text order)."""
    source = func.coalesce(f_.source, s.outlets.c.name)
    q = (select(source.label("source"), f_.actor_id, f_.label, f_.article_id, f_.start, f_.end)
         .select_from(with_outlet(s.framing_labels, f_.article_id))
         .where(in_version(s.framing_labels, pipeline_version)).order_by(f_.article_id, f_.start))
    if actor:
        q = q.where(f_.actor_id == actor)
    if outlet:
        q = q.where(func.lower(source) == outlet.strip().lower())
    groups: dict[tuple[str | None, str, str], dict[str, Any]] = {}
    for row in conn.execute(q):
        key = (row.source, row.actor_id, row.label)
        group = groups.setdefault(key, {"source": row.source, "actor": row.actor_id, "label": row.label,
                                        "count": 0, "examples": []})
        group["count"] += 1
        group["examples"].append({"article": row.article_id, "start": row.start, "end": row.end})
    return list(groups.values())
