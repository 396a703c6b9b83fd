"""Writes and reads the consolidation tables (event_clusters, contradictions, events.cluster) and the
cross-article views built on stored facts (relation timeline, framing / quotes / coverage per outlet).

Why a module of its own: consolidation runs on the whole store after extraction, not per article, so
it is replaced as a whole for one pipeline version in one transaction, apart from the per-article
writer. SQLAlchemy Core with bound parameters only.
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, func, insert, or_, select, update

from newsgraph.consolidate.views import EventView
from newsgraph.store import schema as s
from newsgraph.store.writer import stable_id, utcnow

IN_CHUNK = 500


@dataclass(slots=True)
class ClusterRow:
    """One consolidated event as stored."""

    id: str
    type: str
    members: list[str]  # events.id row ids
    date_first: str | None
    date_last: str | None
    place_name: str | None
    n_articles: int
    n_outlets: int
    contradictions: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)  # (field, versions)


# -- reading the input of consolidation -----------------------------------------------------------
def load_event_views(conn: Connection, pipeline_version: str) -> list[EventView]:
    """Every stored event of one pipeline version as an EventView (with outlet, date and sentence)."""
    e, a, ea = s.events.c, s.articles.c, s.event_actors.c
    roles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in conn.execute(select(ea.event_id, ea.actor_id, ea.role).join(s.events, ea.event_id == e.id)
                            .where(e.pipeline_version == pipeline_version)):
        roles[(row.event_id, row.role)].add(row.actor_id)
    q = (select(s.events, a.published, a.text.label("article_text"), s.outlets.c.name.label("source"))
         .join(s.articles, e.article_id == a.id)
         .outerjoin(s.outlets, a.outlet_id == s.outlets.c.id)
         .where(e.pipeline_version == pipeline_version).order_by(e.article_id, e.start, e.id))
    views = []
    for r in conn.execute(q):
        views.append(EventView(
            id=r.id, event_id=r.event_id, type=r.type, article=r.article_id,
            text=r.article_text[r.start:r.end], start=r.start, end=r.end, source=r.source,
            published=r.published, date=r.date_value, precision=r.date_precision,
            place=r.place_name or r.place_text, lat=r.place_lat, lon=r.place_lon,
            geonames_id=r.place_geonames_id, place_precision=r.place_precision, place_country=r.place_country,
            actors=frozenset(roles.get((r.id, "actor"), ())),
            recipients=frozenset(roles.get((r.id, "recipient"), ())), killed=r.killed, injured=r.injured,
            displaced=r.displaced, kidnapped=r.kidnapped, negated=bool(r.negated),
            hypothetical=bool(r.hypothetical)))
    return views


# -- writing --------------------------------------------------------------------------------------
def cluster_id(members: Sequence[str]) -> str:
    return stable_id("cluster", *sorted(members))


def write_consolidation(engine: Engine, pipeline_version: str, clusters: Sequence[ClusterRow]) -> None:
    """Replace the consolidation of ``pipeline_version`` atomically."""
    now = utcnow()
    with engine.begin() as conn:
        old = select(s.event_clusters.c.id).where(s.event_clusters.c.pipeline_version == pipeline_version)
        conn.execute(delete(s.contradictions).where(s.contradictions.c.cluster_id.in_(old)))
        conn.execute(delete(s.event_clusters).where(s.event_clusters.c.pipeline_version == pipeline_version))
        conn.execute(update(s.events).where(s.events.c.pipeline_version == pipeline_version,
                                            s.events.c.cluster.is_not(None)).values(cluster=None))
        if not clusters:
            return
        conn.execute(insert(s.event_clusters), [{
            "id": c.id, "pipeline_version": pipeline_version, "type": c.type, "date_first": c.date_first,
            "date_last": c.date_last, "place_name": c.place_name, "n_reports": len(c.members),
            "n_articles": c.n_articles, "n_outlets": c.n_outlets, "created_at": now} for c in clusters])
        rows = [{"id": stable_id("contradiction", c.id, name), "cluster_id": c.id,
                 "pipeline_version": pipeline_version, "field": name,
                 "versions": json.dumps(versions, ensure_ascii=False), "created_at": now}
                for c in clusters for name, versions in c.contradictions]
        if rows:
            conn.execute(insert(s.contradictions), rows)
        stmt = update(s.events).where(s.events.c.id == bindparam("eid")).values(cluster=bindparam("cid"))
        conn.execute(stmt, [{"eid": m, "cid": c.id} for c in clusters for m in c.members])


# -- reading the consolidation --------------------------------------------------------------------
def clusters(conn: Connection, pipeline_version: str, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Consolidated events, most reported first."""
    c = s.event_clusters.c
    q = (select(s.event_clusters).where(c.pipeline_version == pipeline_version)
         .order_by(c.n_reports.desc(), c.date_first.asc().nulls_first(), c.id))
    if limit is not None:
        q = q.limit(limit)
    return [dict(r._mapping) for r in conn.execute(q)]


def cluster_reports(conn: Connection, cluster: str) -> list[dict[str, Any]]:
    """The reports (event rows) of one consolidated event, with outlet, article date and sentence."""
    e, a = s.events.c, s.articles.c
    q = (select(e.id, e.event_id, e.article_id, e.start, e.end, e.type, e.date_value, e.place_name,
                e.place_text, e.killed, e.injured, e.displaced, e.kidnapped, a.published, a.text,
                s.outlets.c.name.label("source"))
         .join(s.articles, e.article_id == a.id).outerjoin(s.outlets, a.outlet_id == s.outlets.c.id)
         .where(e.cluster == cluster).order_by(a.published.asc().nulls_first(), e.article_id, e.start, e.id))
    out = []
    for r in conn.execute(q):
        row = dict(r._mapping)
        row["sentence"] = row.pop("text")[r.start:r.end]
        out.append(row)
    return out


def contradictions(conn: Connection, pipeline_version: str, *, cluster: str | None = None) -> list[dict[str, Any]]:
    c = s.contradictions.c
    q = select(s.contradictions).where(c.pipeline_version == pipeline_version)
    if cluster:
        q = q.where(c.cluster_id == cluster)
    q = q.order_by(c.cluster_id, c.field)
    return [{**dict(r._mapping), "versions": json.loads(r.versions)} for r in conn.execute(q)]


def find_actor(conn: Connection, name: str) -> dict[str, Any] | None:
    """An actor by id, by canonical name or by alias (case-insensitive); the most mentioned wins."""
    ac, al = s.actors.c, s.actor_aliases.c
    key = name.strip().lower()
    row = conn.execute(select(s.actors).where(ac.id == name.strip())).first()
    if row is None:
        row = conn.execute(select(s.actors).where(func.lower(ac.name) == key).order_by(ac.id)).first()
    if row is None:
        hit = conn.execute(select(al.actor_id, func.sum(al.count).label("n")).where(func.lower(al.alias) == key)
                           .group_by(al.actor_id).order_by(func.sum(al.count).desc(), al.actor_id)).first()
        if hit is not None:
            row = conn.execute(select(s.actors).where(ac.id == hit.actor_id)).first()
    return dict(row._mapping) if row is not None else None


def actor_names(conn: Connection, ids: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    ids = list(dict.fromkeys(ids))
    for i in range(0, len(ids), IN_CHUNK):
        for r in conn.execute(select(s.actors.c.id, s.actors.c.name).where(s.actors.c.id.in_(ids[i:i + IN_CHUNK]))):
            out[r.id] = r.name
    return out


def relation_reports(conn: Connection, pipeline_version: str, *, actor: str | None = None,
                     as_of: str | None = None) -> list[dict[str, Any]]:
    """Relation evidence with its date (evidence date, else article date), outlet and sentence bounds,
    oldest first; optionally only one actor's relations and only evidence dated on or before ``as_of``."""
    r, rr, a = s.relations.c, s.relation_reports.c, s.articles.c
    q = (select(r.id.label("relation_id"), r.source_id, r.target_id, r.type, rr.article_id, rr.start, rr.end,
                func.coalesce(rr.date, a.published).label("date"), s.outlets.c.name.label("source"))
         .join(s.relation_reports, rr.relation_id == r.id).join(s.articles, rr.article_id == a.id)
         .outerjoin(s.outlets, a.outlet_id == s.outlets.c.id)
         .where(rr.pipeline_version == pipeline_version))
    if actor:
        q = q.where(or_(r.source_id == actor, r.target_id == actor))
    rows = [dict(x._mapping) for x in conn.execute(q)]
    if as_of:
        rows = [x for x in rows if x["date"] and x["date"] <= as_of]
    rows.sort(key=lambda x: (x["date"] is None, x["date"] or "", x["article_id"], x["start"]))
    return rows


def actor_events(conn: Connection, pipeline_version: str, actor: str) -> list[dict[str, Any]]:
    """Events where ``actor`` is actor or recipient, with date, role, cluster and outlet, oldest first."""
    e, ea, a = s.events.c, s.event_actors.c, s.articles.c
    q = (select(e.id, e.event_id, e.type, e.mode, e.date_value, e.date_precision, e.place_name, e.killed,
                e.cluster, e.article_id, e.start, e.end, ea.role, a.published, s.outlets.c.name.label("source"))
         .join(s.event_actors, ea.event_id == e.id).join(s.articles, e.article_id == a.id)
         .outerjoin(s.outlets, a.outlet_id == s.outlets.c.id)
         .where(e.pipeline_version == pipeline_version, ea.actor_id == actor))
    rows = [dict(x._mapping) for x in conn.execute(q)]
    for x in rows:
        x["date"] = x["date_value"] or x["published"]
    rows.sort(key=lambda x: (x["date"] is None, x["date"] or "", x["article_id"], x["start"]))
    return rows


def framing_by_outlet(conn: Connection, pipeline_version: str, *, actor: str | None = None
                      ) -> list[dict[str, Any]]:
    """(outlet, actor, label, count, examples) rows, most frequent first."""
    f = s.framing_labels.c
    q = select(s.framing_labels).where(f.pipeline_version == pipeline_version)
    if actor:
        q = q.where(f.actor_id == actor)
    groups: dict[tuple[str | None, str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in conn.execute(q.order_by(f.article_id, f.start)):
        groups[(row.source, row.actor_id, row.label)].append(
            {"article": row.article_id, "start": row.start, "end": row.end})
    return sorted(({"source": k[0], "actor": k[1], "label": k[2], "count": len(v), "examples": v}
                   for k, v in groups.items()), key=lambda d: (-d["count"], d["source"] or "", d["label"]))


def quotes_by_outlet(conn: Connection, pipeline_version: str, *, actor: str | None = None
                     ) -> list[dict[str, Any]]:
    """Whose voice is heard: quote counts per (outlet, speaker)."""
    q_, a = s.quotes.c, s.articles.c
    q = (select(s.outlets.c.name.label("source"), q_.speaker_id, func.count().label("quotes"))
         .join(s.articles, q_.article_id == a.id).outerjoin(s.outlets, a.outlet_id == s.outlets.c.id)
         .where(q_.pipeline_version == pipeline_version, q_.speaker_id.is_not(None))
         .group_by(s.outlets.c.name, q_.speaker_id))
    if actor:
        q = q.where(q_.speaker_id == actor)
    return sorted((dict(r._mapping) for r in conn.execute(q)),
                  key=lambda d: (-d["quotes"], d["source"] or "", d["speaker_id"]))


def coverage(conn: Connection, pipeline_version: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Outlets of the store and, per consolidated event, the outlets that report it (the others
    leave it out)."""
    e, a = s.events.c, s.articles.c
    all_outlets = sorted(r for r in conn.execute(select(s.outlets.c.name)).scalars())
    reported: dict[str, set[str]] = defaultdict(set)
    for row in conn.execute(select(e.cluster, s.outlets.c.name).join(s.articles, e.article_id == a.id)
                            .outerjoin(s.outlets, a.outlet_id == s.outlets.c.id)
                            .where(e.pipeline_version == pipeline_version, e.cluster.is_not(None))):
        reported[row.cluster].add(row.name or "(unknown outlet)")
    out = []
    for c in clusters(conn, pipeline_version):
        got = reported.get(c["id"], set())
        out.append({**c, "reported_by": sorted(got), "left_out_by": [o for o in all_outlets if o not in got]})
    return all_outlets, out


def actor_mention_spans(conn: Connection, pipeline_version: str, actor: str
                        ) -> list[tuple[str | None, str, str, list[tuple[int, int]]]]:
    """(outlet, article id, article text, mention spans) for every article mentioning ``actor``:
    the input of tone.py."""
    m, a = s.mentions.c, s.articles.c
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for row in conn.execute(select(m.article_id, m.start, m.end).where(
            m.pipeline_version == pipeline_version, m.actor_id == actor).order_by(m.article_id, m.start)):
        spans[row.article_id].append((row.start, row.end))
    out = []
    ids = list(spans)
    for i in range(0, len(ids), IN_CHUNK):
        for row in conn.execute(select(a.id, a.text, s.outlets.c.name.label("source"))
                                .outerjoin(s.outlets, a.outlet_id == s.outlets.c.id)
                                .where(a.id.in_(ids[i:i + IN_CHUNK]))):
            out.append((row.source, row.id, row.text, spans[row.id]))
    return sorted(out, key=lambda t: (t[0] or "", t[1]))
