"""Reading the consolidation: consolidated events (clusters of reports), their contradictions, and which
outlets report which of them (coverage). Written as a whole by the writer after each build."""
from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, select

from newsgraph.store import schema as s
from newsgraph.store.read.actors import actor_names

c_ = s.event_clusters.c
x_ = s.contradictions.c
e_ = s.events.c
a_ = s.articles.c
o_ = s.outlets.c


def clusters(conn: Connection, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Consolidated events, most reported first."""
    q = select(s.event_clusters).order_by(c_.n_reports.desc(), c_.date_first.asc().nulls_first(), c_.id)
    if limit is not None:
        q = q.limit(limit)
    return [dict(r._mapping) for r in conn.execute(q)]


def cluster_reports(conn: Connection, cluster: str) -> list[dict[str, Any]]:
    """The reports (event rows) of one consolidated event, with outlet, article date and sentence."""
    return report_rows(conn, cluster=cluster)


def report_rows(conn: Connection, *, cluster: str | None = None, row_id: str | None = None) -> list[dict[str, Any]]:
    """Event rows of one consolidated event (``cluster``) or one row (``row_id``), shaped as reports."""
    q = (select(e_.id, e_.event_id, e_.article_id, e_.start, e_.end, e_.type, e_.date_value, e_.place_name,
                e_.place_text, e_.killed, e_.injured, e_.displaced, e_.kidnapped, a_.published, a_.text,
                o_.name.label("source"))
         .join(s.articles, e_.article_id == a_.id).outerjoin(s.outlets, a_.outlet_id == o_.id)
         .where(e_.cluster == cluster if cluster is not None else e_.id == row_id)
         .order_by(a_.published.asc().nulls_first(), e_.article_id, e_.start, e_.id))
    out = []
    for r in conn.execute(q):
        row = dict(r._mapping)
        row["sentence"] = row.pop("text")[r.start:r.end]
        out.append(row)
    return out


def cluster_of_event(conn: Connection, event_id: str) -> str | None:
    """The consolidated event of the event whose stage id (or row id) is ``event_id``, if any."""
    row = conn.execute(select(e_.cluster).where((e_.event_id == event_id) | (e_.id == event_id))).first()
    return row.cluster if row is not None else None


def contradictions(conn: Connection, *, cluster: str | None = None) -> list[dict[str, Any]]:
    """Stored contradictions (field, every version with its evidence), optionally of one cluster."""
    q = select(s.contradictions)
    if cluster:
        q = q.where(x_.cluster_id == cluster)
    q = q.order_by(x_.cluster_id, x_.field)
    return [{**dict(r._mapping), "versions": json.loads(r.versions)} for r in conn.execute(q)]


def stored_contradictions(conn: Connection, cluster: str) -> list[dict[str, Any]] | None:
    """The contradictions consolidation stored for ``cluster``, grouped by value for display (actor ids
    shown as names); None when it did not consolidate that cluster."""
    known = conn.execute(select(c_.id).where(c_.id == cluster)).first()
    if known is None:
        return None
    out = []
    for row in conn.execute(select(x_.field, x_.versions).where(x_.cluster_id == cluster).order_by(x_.field)):
        groups: dict[str, dict[str, Any]] = {}
        versions = json.loads(row.versions)
        ids = {i for v in versions if isinstance(v.get("value"), list) for i in v["value"]}
        names = {k: n["name"] for k, n in actor_names(conn, ids).items()} if ids else {}
        for v in versions:
            key = json.dumps(v.get("value"), sort_keys=True, default=str)
            value = v.get("value")
            if isinstance(value, list):  # actor ids (attribution): show names
                value = [names.get(i, i) for i in value]
            entry = groups.setdefault(key, {"value": _display(value), "reports": []})
            entry["reports"].append({"event": v.get("event"), "article": v.get("article"), "start": v.get("start"),
                                     "end": v.get("end"), "source": v.get("source")})
        out.append({"field": row.field, "values": list(groups.values())})
    return out


def _display(value: Any) -> Any:
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(str(v) for v in value)
    return value


def coverage(conn: Connection) -> tuple[list[str], list[dict[str, Any]]]:
    """Outlets of the store and, per consolidated event, the outlets that report it and those that
    leave it out (published near its date without reporting it: the rule of store/read/coverage.py)."""
    from newsgraph.store.read.coverage import outlet_days, split_outlets

    all_outlets, active = outlet_days(conn)
    reported: dict[str, set[str]] = defaultdict(set)
    for row in conn.execute(select(e_.cluster, o_.name).join(s.articles, e_.article_id == a_.id)
                            .outerjoin(s.outlets, a_.outlet_id == o_.id).where(e_.cluster.is_not(None))):
        reported[row.cluster].add(row.name or "(unknown outlet)")
    out = []
    for c in clusters(conn):
        got = reported.get(c["id"], set())
        out.append({**c, **split_outlets(got, c["date_first"], all_outlets, active)})
    return sorted(r for r in conn.execute(select(o_.name)).scalars()), out
