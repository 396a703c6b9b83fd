"""Server-side aggregates for the overview charts: events and fatalities per day or week, split by event
type, actor or outlet, over the events one filter (filters.py) keeps. Only events filed under a day are
counted (a month- or year-precision date has no day to sit on; ``undated`` says how many were left out).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any, Literal

from sqlalchemy import Connection, func, select

from newsgraph.store import schema as s
from newsgraph.store.read.actors import actor_names
from newsgraph.store.read.events import apply_filter, event_date, with_clusters
from newsgraph.store.read.filters import EventFilter

# Series drawn per chart: the most frequent keys, the rest summed as "other" (a chart of 40 lines is
# unreadable; 6 keeps distinct colours).
TOP_SERIES = 6
e_ = s.events.c
o_ = s.outlets.c
ea_ = s.event_actors.c


def _bucket(day: str, bucket: str) -> str | None:
    try:
        d = date.fromisoformat(day)
    except ValueError:
        return None
    return (d - timedelta(days=d.weekday())).isoformat() if bucket == "week" else d.isoformat()


def series(conn: Connection, flt: EventFilter | None = None, *, by: Literal["type", "actor", "outlet"] = "type",
           bucket: Literal["day", "week"] = "week", top: int = TOP_SERIES) -> dict[str, Any]:
    """``{"buckets": [first day of each bucket], "series": [{"key", "label", "events": [n per bucket],
    "fatalities": [killed per bucket]}], "undated": n}``; buckets with no event are included (zeros)."""
    when = event_date()
    key = {"type": e_.type, "outlet": func.coalesce(o_.name, "(unknown outlet)"), "actor": ea_.actor_id}[by]
    base = with_clusters()
    if by == "actor":
        base = base.join(s.event_actors, (ea_.event_id == e_.id) & (ea_.role == "actor"))
    q = apply_filter(select(when.label("day"), key.label("key"), func.count().label("n"),
                            func.sum(func.coalesce(e_.killed, 0)).label("killed")).select_from(base), flt)
    q = q.group_by(when, key)
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    totals: Counter[str] = Counter()
    undated = 0
    for r in conn.execute(q):
        b = _bucket(r.day, bucket) if r.day and len(r.day) == 10 else None
        if b is None:
            undated += r.n
            continue
        counts[(b, r.key)][0] += r.n
        counts[(b, r.key)][1] += int(r.killed or 0)
        totals[r.key] += r.n
    keep = [k for k, _ in totals.most_common(top)]
    if not counts:
        return {"buckets": [], "series": [], "undated": undated, "by": by, "bucket": bucket}
    days = sorted({b for b, _ in counts})
    step = 7 if bucket == "week" else 1
    buckets, d, last = [], date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    while d <= last:
        buckets.append(d.isoformat())
        d += timedelta(days=step)
    index = {b: i for i, b in enumerate(buckets)}
    labels = ({k: v["name"] for k, v in actor_names(conn, set(keep)).items()} if by == "actor" else {})
    out = {k: {"key": k, "label": labels.get(k, k), "events": [0] * len(buckets),
               "fatalities": [0] * len(buckets)} for k in keep}
    other = {"key": "other", "label": "other", "events": [0] * len(buckets), "fatalities": [0] * len(buckets)}
    for (b, k), (n, killed) in counts.items():
        row = out.get(k, other)
        row["events"][index[b]] += n
        row["fatalities"][index[b]] += killed
    result = [out[k] for k in keep] + ([other] if any(other["events"]) else [])
    return {"buckets": buckets, "series": result, "undated": undated, "by": by, "bucket": bucket}
