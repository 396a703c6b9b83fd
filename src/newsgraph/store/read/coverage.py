"""Coverage, Ground News style: for each consolidated event of a filtered view, the outlets that report
it and the outlets that leave it out.

"Leaves it out" means more than "did not report it": an outlet that published nothing at the time
cannot have chosen to leave an event out. So an outlet leaves an event out when it published at least
one article within ``WINDOW_DAYS`` of the event's date (the date the event is filed under, events.py)
and none of the event's reports is its; the other outlets were silent then. An event dated only to a
month (or undated) counts every outlet that published in that month (or at all).
"""
from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, func, select

from newsgraph.store import schema as s
from newsgraph.store.read.common import IN_CHUNK
from newsgraph.store.read.events import apply_filter, event_date, n_outlets, n_reports, public_id, with_clusters
from newsgraph.store.read.filters import EventFilter

# Days either side of an event's date in which an outlet that published is counted as having left the
# event out. Three days: most follow-up reports of one event in the demo and realnews corpora came
# within two days of the first; a week would count outlets that covered other news that week.
WINDOW_DAYS = 3
UNKNOWN_OUTLET = "(unknown outlet)"

e_ = s.events.c
a_ = s.articles.c
o_ = s.outlets.c
er_ = s.event_reports.c


def _active_days(conn: Connection) -> dict[str, set[str]]:
    """Outlet name -> the days (YYYY-MM-DD) on which it published an article."""
    day = func.substr(a_.published, 1, 10)
    rows = conn.execute(select(o_.name, day).select_from(s.articles.outerjoin(s.outlets, a_.outlet_id == o_.id))
                        .where(a_.published.is_not(None)).distinct())
    out: dict[str, set[str]] = defaultdict(set)
    for name, d in rows:
        out[name or UNKNOWN_OUTLET].add(d)
    return out


def _window(when: str | None) -> tuple[str, str] | None:
    """The [first, last] day strings an event's date stands for, widened by WINDOW_DAYS; None: any time."""
    if not when:
        return None
    if len(when) >= 10:
        try:
            d = date.fromisoformat(when[:10])
        except ValueError:
            return None
        return (d - timedelta(days=WINDOW_DAYS)).isoformat(), (d + timedelta(days=WINDOW_DAYS)).isoformat()
    return when, when + "~"  # a month or a year: every day inside it ("~" sorts after digits)


def outlet_days(conn: Connection) -> tuple[list[str], dict[str, list[str]]]:
    """Every outlet name, and per outlet the days it published on, sorted (for bisect)."""
    active = {o: sorted(days) for o, days in _active_days(conn).items()}
    return sorted(set(active) | {n or UNKNOWN_OUTLET for n in conn.execute(select(o_.name)).scalars()}), active


def _published_in(days: list[str], span: tuple[str, str]) -> bool:
    i = bisect_left(days, span[0])
    return i < len(days) and days[i] <= span[1]


def near_outlets(when: str | None, outlets: list[str], active: dict[str, list[str]]) -> list[str]:
    """The outlets that published within the window of an event dated ``when`` (every named outlet when
    the event is undated)."""
    span = _window(when)
    return [o for o in outlets if o != UNKNOWN_OUTLET  # an outlet we cannot name leaves nothing out
            and (span is None or _published_in(active.get(o, []), span))]


def split_outlets(got: set[str], when: str | None, outlets: list[str], active: dict[str, list[str]],
                  near: list[str] | None = None) -> dict[str, Any]:
    """Who reports an event dated ``when``, who leaves it out (published near it), how many were silent
    (``near``: near_outlets(when, ...) when the caller has it already)."""
    near = near_outlets(when, outlets, active) if near is None else near
    return {"reported_by": sorted(got), "left_out_by": [o for o in near if o not in got],
            "silent": len(set(outlets) - got - set(near))}


def _reporting(conn: Connection, public_ids: list[str]) -> dict[str, set[str]]:
    """Public event id -> the outlets of every report of it (its rows' articles and their reports').

    A few ids are looked up (IN lists); many are read in one pass over every event row, since
    ``coalesce(cluster, id) IN (...)`` cannot use an index and chunks would scan the table each time."""
    pid = public_id()
    by_rows = (select(pid, o_.name).select_from(s.events.join(s.articles, a_.id == e_.article_id)
                                                .outerjoin(s.outlets, a_.outlet_id == o_.id)))
    by_reports = (select(pid, o_.name).select_from(s.event_reports.join(s.events, e_.id == er_.event_id)
                                                   .join(s.articles, a_.id == er_.article_id)
                                                   .outerjoin(s.outlets, a_.outlet_id == o_.id)))
    wanted = set(public_ids)
    out: dict[str, set[str]] = defaultdict(set)
    if len(wanted) <= IN_CHUNK:
        queries = [q.where(pid.in_(sorted(wanted))) for q in (by_rows, by_reports)] if wanted else []
    else:
        queries = [by_rows, by_reports]
    for q in queries:
        for event, name in conn.execute(q):
            if event in wanted:
                out[event].add(name or UNKNOWN_OUTLET)
    return out


def coverage(conn: Connection, flt: EventFilter | None = None, *, limit: int | None = 50,
             offset: int = 0, actor_ids: list[str] | None = None) -> dict[str, Any]:
    """The consolidated events of ``flt`` (newest first), each with ``reported_by`` and ``left_out_by``
    (outlet names) and ``silent`` (how many outlets published nothing near it); ``outlets``: every
    outlet with how many of these events it reports and leaves out (over the whole view, not the page).
    ``actor_ids``: events any of these actors takes part in (instead of ``flt.actor``)."""
    flt = (flt or EventFilter()).replace(view="consolidated")  # coverage is per event, not per report
    when = event_date()
    base = apply_filter(select(public_id().label("event"), e_.type, e_.mode, e_.place_name, e_.place_country,
                               e_.killed, when.label("when"), n_reports().label("reports"),
                               n_outlets().label("n_outlets")).select_from(with_clusters()), flt,
                        actor_ids=actor_ids)
    # every event of the view, not only the page: the per-outlet tally counts them all
    every = [dict(r._mapping) for r in conn.execute(base.order_by(when.is_(None), when.desc(), public_id()))]
    total = len(every)
    all_outlets, active = outlet_days(conn)
    reporting = _reporting(conn, [r["event"] for r in every])
    tally = {o: {"outlet": o, "reports": 0, "leaves_out": 0} for o in all_outlets}
    near: dict[str | None, list[str]] = {}  # many events share a date: one window each
    for r in every:
        if r["when"] not in near:
            near[r["when"]] = near_outlets(r["when"], all_outlets, active)
        r.update(split_outlets(reporting.get(r["event"], set()), r["when"], all_outlets, active, near[r["when"]]))
        for o in r["reported_by"]:
            tally.setdefault(o, {"outlet": o, "reports": 0, "leaves_out": 0})["reports"] += 1
        for o in r["left_out_by"]:
            tally[o]["leaves_out"] += 1
    page = every[offset:offset + limit] if limit is not None else every[offset:]
    return {"total": total, "offset": offset, "limit": limit, "items": page, "window_days": WINDOW_DAYS,
            "outlets": sorted(tally.values(), key=lambda t: (-t["reports"], t["outlet"]))}


def event_coverage(conn: Connection, public: str) -> dict[str, Any]:
    """One event's coverage (``reported_by``, ``left_out_by``, ``silent``) by its public id."""
    pid = public_id()
    row = conn.execute(select(event_date().label("when")).select_from(with_clusters()).where(pid == public)
                       .order_by(e_.id).limit(1)).first()
    all_outlets, active = outlet_days(conn)
    got = _reporting(conn, [public]).get(public, set())
    return {**split_outlets(got, row.when if row is not None else None, all_outlets, active), "window_days": WINDOW_DAYS}
