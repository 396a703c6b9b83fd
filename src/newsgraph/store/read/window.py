"""The timeline's data for one visible window: the events themselves when few enough fall in it, else
their counts per day, week or month and type — a timeline never draws more than MAX_ITEMS items.

One query counts the filter's events per day and type (``day_counts``: a few thousand rows for years
of news, however many events; the web app keeps it per filter, web/cache.py); whether a window is
aggregated and into which buckets is arithmetic over those counts. Only a window with at most
MAX_ITEMS events reads its events (``window``), through the same filter (filters.py) narrowed to it.
Events are filed under the date events.py gives them (their own, else the article's); an event whose
date is a month or a year sits on its first day.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, func, select

from newsgraph.store import schema as s
from newsgraph.store.read.events import apply_filter, event_date, events_page, with_clusters
from newsgraph.store.read.filters import EventFilter

MAX_ITEMS = 1000  # drawn at most (vis-timeline stays fluid well below this; the unfiltered 20,000 never finished)
# bucket boxes at most: the finest of day / week / month under it (a year of 12 types: months). Measured in
# Chromium: 636 boxes (weeks) took vis-timeline 1.4 s in one task on the synthetic store; 144 stay well under.
MAX_BUCKET_ITEMS = 300
e_ = s.events.c


@dataclass(frozen=True, order=True)
class DayCount:
    day: str  # YYYY-MM-DD
    type: str
    count: int
    killed: int


def _day(value: str | None) -> str | None:
    if not value or value.startswith("--"):
        return None
    value = value[:10]
    return value + "-01-01" if len(value) == 4 else value + "-01" if len(value) == 7 else value


def day_counts(conn: Connection, flt: EventFilter | None = None) -> list[DayCount]:
    """The events ``flt`` keeps per day and type (undated events left out)."""
    when = event_date()
    q = apply_filter(select(when.label("d"), e_.type, func.count().label("n"),
                            func.sum(func.coalesce(e_.killed, 0)).label("k")).select_from(with_clusters()), flt)
    merged: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for r in conn.execute(q.group_by(when, e_.type)):
        d = _day(r.d)
        if d is not None:
            merged[(d, r.type)][0] += r.n
            merged[(d, r.type)][1] += int(r.k or 0)
    return sorted(DayCount(d, t, n, k) for (d, t), (n, k) in merged.items())


def _bucket_start(d: date, bucket: str) -> date:
    if bucket == "week":
        return d - timedelta(days=d.weekday())
    if bucket == "month":
        return d.replace(day=1)
    return d


def _bucket_end(d: date, bucket: str) -> date:
    """The day after the bucket starting at ``d``."""
    if bucket == "week":
        return d + timedelta(days=7)
    if bucket == "month":
        return (d.replace(day=28) + timedelta(days=4)).replace(day=1)
    return d + timedelta(days=1)


def buckets(counts: list[DayCount], bucket: str) -> list[dict[str, Any]]:
    """``counts`` summed per bucket and type: [{"start", "end" (exclusive), "type", "count", "killed"}]."""
    summed: dict[tuple[date, str], list[int]] = defaultdict(lambda: [0, 0])
    for c in counts:
        key = (_bucket_start(date.fromisoformat(c.day), bucket), c.type)
        summed[key][0] += c.count
        summed[key][1] += c.killed
    return [{"start": d.isoformat(), "end": _bucket_end(d, bucket).isoformat(), "type": t, "count": n, "killed": k}
            for (d, t), (n, k) in sorted(summed.items())]


def window(conn: Connection, counts: list[DayCount], flt: EventFilter | None = None, *,
           start: str | None = None, end: str | None = None, max_items: int = MAX_ITEMS) -> dict[str, Any]:
    """What the timeline draws between ``start`` and ``end`` (YYYY-MM-DD, both included; None: the
    data's first / last day): ``{"mode": "items" | "buckets", "bucket", "items" (events, as the events
    API shapes them) or "buckets", "total" (events in the window), "extent": [first, last],
    "groups": [types, most frequent first]}``."""
    flt = flt or EventFilter()
    types = [t for t, _ in sorted(_type_totals(counts).items(), key=lambda x: (-x[1], x[0]))]
    out: dict[str, Any] = {"extent": [counts[0].day, counts[-1].day] if counts else None, "groups": types}
    lo, hi = start or (counts[0].day if counts else None), end or (counts[-1].day if counts else None)
    inside = [c for c in counts if (lo is None or c.day >= lo) and (hi is None or c.day <= hi)]
    total = sum(c.count for c in inside)
    out.update(total=total, start=lo, end=hi)
    if total <= max_items:
        narrowed = flt.replace(since=lo, until=hi) if lo and hi else flt
        page = events_page(conn, flt=narrowed, limit=max_items, count=False) if total else {"items": []}
        return {**out, "mode": "items", "bucket": None, "items": [e for e in page["items"] if e["when"]]}
    bucket, found = "day", buckets(inside, "day")
    for coarser in ("week", "month"):
        if len(found) <= MAX_BUCKET_ITEMS:
            break
        bucket, found = coarser, buckets(inside, coarser)
    return {**out, "mode": "buckets", "bucket": bucket, "buckets": found}


def _type_totals(counts: list[DayCount]) -> Counter[str]:
    totals: Counter[str] = Counter()
    for c in counts:
        totals[c.type] += c.count
    return totals
