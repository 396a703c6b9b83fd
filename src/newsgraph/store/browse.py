"""Read queries for browsing the store (the web pages and the HTTP API), one function per view.

Why a module of its own: queries.py answers the CLI's and the exporters' questions (whole tables, in
text order); the web needs pages (limit/offset with a total), filters combined freely, and rows joined
with the names people read (actor names, outlet names, article titles). Everything is SQLAlchemy Core
with bound parameters; every function takes a Connection and returns plain dicts, never writes.

Dates are ISO strings of varying precision (YYYY, YYYY-MM, YYYY-MM-DD). A range filter compares them as
strings: ``since`` keeps values >= since, ``until`` keeps values <= until plus any finer value inside it
(``until="2023-05"`` keeps ``2023-05-31``), which is what a person typing a month means.
"""
from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, func, or_, select

from newsgraph.store import queries
from newsgraph.store import schema as s

# Largest page the HTTP API serves; bigger pages cost the server time and the browser memory, and
# every list here is pageable. The web pages use DEFAULT_LIMIT unless asked otherwise.
MAX_LIMIT = 500
DEFAULT_LIMIT = 50
# Characters of article text shown on each side of an evidence span on the event page: about two
# sentences of news prose, enough to judge the evidence without the whole article.
CONTEXT_CHARS = 280
# Upper bound of relations drawn in the actor graph: Cytoscape stays responsive up to a few thousand
# elements on a laptop; beyond that the graph is unreadable anyway.
GRAPH_MAX_EDGES = 2000
# Sentinel above every date character ('~' sorts after digits and '-') for inclusive `until` bounds.
_UNTIL_PAD = "~"

a_ = s.articles.c
o_ = s.outlets.c
e_ = s.events.c


def _until(value: str) -> str:
    return queries.check_date(value) + _UNTIL_PAD


def _total(conn: Connection, q) -> int:
    return conn.execute(select(func.count()).select_from(q.order_by(None).subquery())).scalar_one()


def _page(conn: Connection, q, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
    total = _total(conn, q)
    rows = [dict(r._mapping) for r in conn.execute(q.limit(limit).offset(offset))]
    return total, rows


def _outlet_match(name: str):
    return func.lower(o_.name) == name.strip().lower()


def actor_names(conn: Connection, ids: set[str] | list[str]) -> dict[str, dict[str, Any]]:
    """id -> {id, name, type} for the given actor ids (unknown ids are left out)."""
    ids = [i for i in dict.fromkeys(ids) if i]
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        q = select(s.actors.c.id, s.actors.c.name, s.actors.c.type).where(s.actors.c.id.in_(ids[i:i + 500]))
        out.update({r.id: dict(r._mapping) for r in conn.execute(q)})
    return out


def _named(ids: list[str], names: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [names.get(i, {"id": i, "name": i, "type": None}) for i in ids]


# -- articles ---------------------------------------------------------------------------------------
def articles(conn: Connection, *, source: str | None = None, since: str | None = None,
             until: str | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0) -> dict[str, Any]:
    """A page of article summaries, newest first (undated last)."""
    q = select(*queries.ARTICLE_SUMMARY).select_from(queries._joined())
    if source:
        q = q.where(_outlet_match(source))
    if since:
        q = q.where(a_.published >= queries.check_date(since))
    if until:
        q = q.where(a_.published <= _until(until))
    q = q.order_by(a_.published.is_(None), a_.published.desc(), a_.id)
    total, rows = _page(conn, q, limit, offset)
    return {"total": total, "limit": limit, "offset": offset, "items": rows}


def article_view(conn: Connection, article_id: str) -> dict[str, Any] | None:
    """One article with every fact span in it (mentions, places, dates, events, quotes)."""
    art = queries.article(conn, article_id)
    if art is None:
        return None
    art.pop("raw_sha", None)
    mentions = queries.mentions(conn, article_id=article_id)
    names = actor_names(conn, {m["actor_id"] for m in mentions if m["actor_id"]})
    for m in mentions:
        m["actor_name"] = names.get(m["actor_id"], {}).get("name") if m["actor_id"] else None
    events = events_page(conn, article=article_id, limit=MAX_LIMIT)["items"]
    quote_rows = [dict(r._mapping) for r in conn.execute(
        select(s.quotes).where(s.quotes.c.article_id == article_id).order_by(s.quotes.c.start))]
    speakers = actor_names(conn, {q["speaker_id"] for q in quote_rows if q["speaker_id"]})
    for q in quote_rows:
        q["speaker_name"] = speakers.get(q["speaker_id"], {}).get("name") if q["speaker_id"] else None
    return {"article": art, "mentions": mentions, "places": queries.places(conn, article_id=article_id),
            "dates": queries.dates(conn, article_id=article_id), "events": events, "quotes": quote_rows}


# -- events -----------------------------------------------------------------------------------------
def _event_date():
    """The date an event is placed at: its own date, else the article's publication date."""
    return func.coalesce(e_.date_value, a_.published)


def _events_query(*, type: str | None, actor: str | None, outlet: str | None, since: str | None,
                  until: str | None, article: str | None, located: bool | None, cluster: str | None):
    when = _event_date()
    q = (select(e_.id, e_.event_id, e_.article_id, e_.start, e_.end, e_.confidence, e_.pipeline_version,
                e_.type, e_.mode, e_.trigger, e_.date_value, e_.date_precision, e_.date_text,
                e_.place_text, e_.place_name, e_.place_country, e_.place_admin1, e_.place_lat,
                e_.place_lon, e_.place_geonames_id, e_.place_precision, e_.killed, e_.injured,
                e_.displaced, e_.kidnapped, e_.negated, e_.hypothetical, e_.cluster,
                when.label("when"), a_.title.label("article_title"), a_.published.label("article_published"),
                o_.name.label("source"))
         .select_from(s.events.join(s.articles, a_.id == e_.article_id)
                      .outerjoin(s.outlets, a_.outlet_id == o_.id)))
    if type:
        q = q.where(e_.type == type)
    if actor:
        ea = s.event_actors.c
        q = q.where(e_.id.in_(select(ea.event_id).where(ea.actor_id == actor)))
    if outlet:
        q = q.where(_outlet_match(outlet))
    if since:
        q = q.where(when >= queries.check_date(since))
    if until:
        q = q.where(when <= _until(until))
    if article:
        q = q.where(e_.article_id == article)
    if located is True:
        q = q.where(e_.place_lat.is_not(None), e_.place_lon.is_not(None))
    elif located is False:
        q = q.where(or_(e_.place_lat.is_(None), e_.place_lon.is_(None)))
    if cluster:
        q = q.where(e_.cluster == cluster)
    return q.order_by(when.is_(None), when.desc(), e_.id)


def _shape_events(conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Nest date/place, attach actor and recipient names and the number of reports."""
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    roles: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"actor": [], "recipient": []})
    n_reports: dict[str, int] = {}
    ea, er = s.event_actors.c, s.event_reports.c
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for r in conn.execute(select(ea.event_id, ea.actor_id, ea.role).where(ea.event_id.in_(chunk))
                              .order_by(ea.event_id, ea.role, ea.actor_id)):
            roles[r.event_id].setdefault(r.role, []).append(r.actor_id)
        n_reports.update({r[0]: r[1] for r in conn.execute(
            select(er.event_id, func.count()).where(er.event_id.in_(chunk)).group_by(er.event_id))})
    names = actor_names(conn, {a for v in roles.values() for ids_ in v.values() for a in ids_})
    out = []
    for r in rows:
        place = None
        if r["place_name"] is not None or r["place_lat"] is not None or r["place_text"] is not None:
            place = {"text": r["place_text"], "name": r["place_name"], "country": r["place_country"],
                     "admin1": r["place_admin1"], "lat": r["place_lat"], "lon": r["place_lon"],
                     "geonames_id": r["place_geonames_id"], "precision": r["place_precision"]}
        out.append({
            "id": r["id"], "event_id": r["event_id"], "type": r["type"], "mode": r["mode"],
            "trigger": r["trigger"],
            "date": {"value": r["date_value"], "precision": r["date_precision"], "text": r["date_text"]},
            "when": r["when"], "when_basis": "event" if r["date_value"] else ("article" if r["when"] else None),
            "place": place, "killed": r["killed"], "injured": r["injured"], "displaced": r["displaced"],
            "kidnapped": r["kidnapped"], "negated": bool(r["negated"]), "hypothetical": bool(r["hypothetical"]),
            "cluster": r["cluster"], "confidence": r["confidence"], "pipeline_version": r["pipeline_version"],
            "evidence": {"article": r["article_id"], "start": r["start"], "end": r["end"]},
            "article_title": r["article_title"], "source": r["source"],
            "actor": _named(roles[r["id"]]["actor"], names),
            "recipient": _named(roles[r["id"]]["recipient"], names),
            "reports": n_reports.get(r["id"], 0),
        })
    return out


def events_page(conn: Connection, *, type: str | None = None, actor: str | None = None,
                outlet: str | None = None, since: str | None = None, until: str | None = None,
                article: str | None = None, located: bool | None = None, cluster: str | None = None,
                limit: int = DEFAULT_LIMIT, offset: int = 0) -> dict[str, Any]:
    """A page of events (newest first by event date, else article date), every filter optional."""
    q = _events_query(type=type, actor=actor, outlet=outlet, since=since, until=until, article=article,
                      located=located, cluster=cluster)
    total = _total(conn, q.with_only_columns(e_.id, maintain_column_froms=True))
    # Two steps: sort and page the ids only (a sort of narrow rows), then read the page's full rows.
    # Measured on a 3,000-event store: the one-step query sorted every row with all its columns.
    ids = list(conn.execute(q.with_only_columns(e_.id, maintain_column_froms=True)
                            .limit(limit).offset(offset)).scalars())
    rows = {r.id: dict(r._mapping) for r in conn.execute(q.order_by(None).where(e_.id.in_(ids)))} if ids else {}
    items = _shape_events(conn, [rows[i] for i in ids if i in rows])
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def event_types(conn: Connection) -> list[dict[str, Any]]:
    """Event types present in the store with their counts (for filter menus)."""
    n = func.count()
    return [dict(r._mapping) for r in conn.execute(
        select(e_.type, n.label("events")).group_by(e_.type).order_by(n.desc(), e_.type))]


def context(text: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> dict[str, Any]:
    """The evidence span with up to ``chars`` characters either side, cut at word boundaries."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    lo, hi = max(0, start - chars), min(len(text), end + chars)
    if lo > 0 and not text[lo - 1].isspace():  # started mid-word: drop the partial word
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 else lo
    if hi < len(text) and not text[hi].isspace():  # ended mid-word
        space = text.rfind(" ", end, hi)
        hi = space if space != -1 else hi
    return {"before": text[lo:start], "evidence": text[start:end], "after": text[end:hi],
            "cut_before": lo > 0, "cut_after": hi < len(text)}


# Fields compared across the reports of one consolidated event to show where outlets disagree.
CONTRADICTION_FIELDS = ("killed", "injured", "displaced", "kidnapped", "type")


def event_detail(conn: Connection, event_row_id: str) -> dict[str, Any] | None:
    """One event with every report in context, the other events of its cluster and their disagreements."""
    q = _events_query(type=None, actor=None, outlet=None, since=None, until=None, article=None,
                      located=None, cluster=None).where(e_.id == event_row_id)
    rows = [dict(r._mapping) for r in conn.execute(q)]
    if not rows:
        return None
    event = _shape_events(conn, rows)[0]
    er = s.event_reports.c
    reports = []
    for r in conn.execute(select(er.article_id, er.start, er.end, er.confidence, a_.text, a_.title,
                                 a_.published, o_.name.label("source"))
                          .select_from(s.event_reports.join(s.articles, a_.id == er.article_id)
                                       .outerjoin(s.outlets, a_.outlet_id == o_.id))
                          .where(er.event_id == event_row_id)
                          .order_by(a_.published.asc().nulls_first(), er.article_id, er.start, er.end)):
        reports.append({"article": r.article_id, "start": r.start, "end": r.end, "title": r.title,
                        "source": r.source, "published": r.published, "confidence": r.confidence,
                        "context": context(r.text, r.start, r.end)})
    event["report_list"] = reports
    siblings = []
    if event["cluster"]:
        siblings = [e for e in events_page(conn, cluster=event["cluster"], limit=MAX_LIMIT)["items"]
                    if e["id"] != event_row_id]
    event["cluster_events"] = siblings
    stored = stored_contradictions(conn, event["cluster"]) if event["cluster"] else None
    event["contradictions"] = stored if stored is not None else contradictions([event, *siblings])
    event["contradictions_basis"] = "consolidation" if stored is not None else "computed"
    return event


def stored_contradictions(conn: Connection, cluster: str) -> list[dict[str, Any]] | None:
    """The contradictions consolidation stored for ``cluster`` (None when it did not consolidate it)."""
    known = conn.execute(select(s.event_clusters.c.id).where(s.event_clusters.c.id == cluster)).first()
    if known is None:
        return None
    c = s.contradictions.c
    out = []
    for row in conn.execute(select(c.field, c.versions).where(c.cluster_id == cluster).order_by(c.field)):
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


def contradictions(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fields on which the events of one cluster disagree (date and place compared by value/name)."""
    if len(events) < 2:
        return []
    out = []
    getters = {f: (lambda e, f=f: e[f]) for f in CONTRADICTION_FIELDS}
    getters["date"] = lambda e: e["date"]["value"]
    getters["place"] = lambda e: (e["place"] or {}).get("name")
    for field, get in getters.items():
        values: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for e in events:
            v = get(e)
            if v is not None:
                values[v].append({"event": e["id"], "article": e["evidence"]["article"],
                                  "start": e["evidence"]["start"], "end": e["evidence"]["end"],
                                  "source": e["source"]})
        if len(values) > 1:
            out.append({"field": field, "values": [{"value": v, "reports": r} for v, r in values.items()]})
    return out


# -- actors -----------------------------------------------------------------------------------------
def actors_page(conn: Connection, *, type: str | None = None, q: str | None = None,
                limit: int = DEFAULT_LIMIT, offset: int = 0) -> dict[str, Any]:
    """A page of actors with mention counts, most mentioned first; ``q`` matches name or an alias."""
    ac, m = s.actors.c, s.mentions.c
    n = func.count(m.id)
    sel = (select(ac.id, ac.name, ac.type, ac.country, ac.kb_id, n.label("mentions"))
           .select_from(s.actors.outerjoin(s.mentions, m.actor_id == ac.id)).group_by(ac.id))
    if type:
        sel = sel.where(ac.type == type)
    if q and q.strip():
        pattern = "%" + q.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        al = s.actor_aliases.c
        sel = sel.where(or_(func.lower(ac.name).like(pattern, escape="\\"),
                            ac.id.in_(select(al.actor_id).where(func.lower(al.alias).like(pattern, escape="\\")))))
    sel = sel.order_by(n.desc(), ac.name, ac.id)
    total, rows = _page(conn, sel, limit, offset)
    return {"total": total, "limit": limit, "offset": offset, "items": rows}


def framing_by_outlet(conn: Connection, *, actor: str | None = None,
                      outlet: str | None = None) -> list[dict[str, Any]]:
    """(outlet, actor, label, count) rows: how each outlet labels each actor, most used first."""
    f = s.framing_labels.c
    outlet_name = func.coalesce(f.source, o_.name)
    n = func.count()
    q = (select(outlet_name.label("source"), f.actor_id, f.label, n.label("count"))
         .select_from(s.framing_labels.join(s.articles, a_.id == f.article_id)
                      .outerjoin(s.outlets, a_.outlet_id == o_.id))
         .group_by(outlet_name, f.actor_id, f.label).order_by(outlet_name, f.actor_id, n.desc(), f.label))
    if actor:
        q = q.where(f.actor_id == actor)
    if outlet:
        q = q.where(func.lower(outlet_name) == outlet.strip().lower())
    rows = [dict(r._mapping) for r in conn.execute(q)]
    names = actor_names(conn, {r["actor_id"] for r in rows})
    for r in rows:
        r["actor_name"] = names.get(r["actor_id"], {}).get("name", r["actor_id"])
    return rows


def quotes_page(conn: Connection, *, speaker: str | None = None, outlet: str | None = None,
                article: str | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0) -> dict[str, Any]:
    """A page of quotes with speaker name and article title, newest article first."""
    qc = s.quotes.c
    sel = (select(qc.id, qc.article_id, qc.start, qc.end, qc.text, qc.speaker_id, qc.kind, qc.confidence,
                  a_.title.label("article_title"), a_.published, o_.name.label("source"))
           .select_from(s.quotes.join(s.articles, a_.id == qc.article_id)
                        .outerjoin(s.outlets, a_.outlet_id == o_.id)))
    if speaker:
        sel = sel.where(qc.speaker_id == speaker)
    if outlet:
        sel = sel.where(_outlet_match(outlet))
    if article:
        sel = sel.where(qc.article_id == article)
    sel = sel.order_by(a_.published.is_(None), a_.published.desc(), qc.article_id, qc.start)
    total, rows = _page(conn, sel, limit, offset)
    names = actor_names(conn, {r["speaker_id"] for r in rows if r["speaker_id"]})
    for r in rows:
        r["speaker_name"] = names.get(r["speaker_id"], {}).get("name") if r["speaker_id"] else None
    return {"total": total, "limit": limit, "offset": offset, "items": rows}


def actor_detail(conn: Connection, actor_id: str) -> dict[str, Any] | None:
    """One actor: aliases with counts, labels per outlet, events, relations and quotes."""
    row = conn.execute(select(s.actors).where(s.actors.c.id == actor_id)).first()
    if row is None:
        return None
    actor = dict(row._mapping)
    actor["mentions"] = conn.execute(select(func.count()).where(s.mentions.c.actor_id == actor_id)).scalar_one()
    labels: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in framing_by_outlet(conn, actor=actor_id):
        labels[r["source"] or "(unknown outlet)"].append({"label": r["label"], "count": r["count"]})
    return {"actor": actor, "aliases": queries.actor_aliases(conn, actor_id), "labels": dict(labels),
            "events": events_page(conn, actor=actor_id, limit=MAX_LIMIT),
            "relations": relations_page(conn, actor=actor_id, limit=MAX_LIMIT),
            "quotes": quotes_page(conn, speaker=actor_id, limit=MAX_LIMIT)}


# -- relations --------------------------------------------------------------------------------------
def _relations_query(*, type: str | None, actor: str | None, as_of: str | None):
    r, rr = s.relations.c, s.relation_reports.c
    when = func.coalesce(rr.date, a_.published)
    q = (select(r.id, r.source_id, r.target_id, r.type, func.min(when).label("first_seen"),
                func.max(when).label("last_seen"), func.count(rr.id).label("reports"))
         .select_from(s.relations.join(s.relation_reports, rr.relation_id == r.id)
                      .join(s.articles, a_.id == rr.article_id))
         .group_by(r.id, r.source_id, r.target_id, r.type))
    if type:
        q = q.where(r.type == type)
    if actor:
        q = q.where(or_(r.source_id == actor, r.target_id == actor))
    if as_of:
        # as of a date: only evidence dated on or before it counts (undated evidence always counts)
        q = q.where(or_(when.is_(None), when <= _until(as_of)))
    return q.order_by(func.count(rr.id).desc(), r.type, r.id)


def relations_page(conn: Connection, *, type: str | None = None, actor: str | None = None,
                   as_of: str | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0) -> dict[str, Any]:
    """A page of relations with first/last evidence dates and report counts, best attested first."""
    q = _relations_query(type=type, actor=actor, as_of=as_of)
    # the total without grouping: distinct relation ids under the same filters (one pass, no sort)
    total = conn.execute(q.with_only_columns(func.count(func.distinct(s.relations.c.id)),
                                             maintain_column_froms=True)
                         .group_by(None).order_by(None)).scalar_one()
    rows = [dict(r._mapping) for r in conn.execute(q.limit(limit).offset(offset))]
    names = actor_names(conn, {r["source_id"] for r in rows} | {r["target_id"] for r in rows})
    items = [{"id": r["id"], "type": r["type"], "source": _named([r["source_id"]], names)[0],
              "target": _named([r["target_id"]], names)[0], "first_seen": r["first_seen"],
              "last_seen": r["last_seen"], "reports": r["reports"]} for r in rows]
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def relation_reports(conn: Connection, relation_id: str) -> list[dict[str, Any]]:
    """Every report of one relation with its evidence in context."""
    rr = s.relation_reports.c
    out = []
    for r in conn.execute(select(rr.article_id, rr.start, rr.end, rr.date, a_.text, a_.title,
                                 o_.name.label("source"))
                          .select_from(s.relation_reports.join(s.articles, a_.id == rr.article_id)
                                       .outerjoin(s.outlets, a_.outlet_id == o_.id))
                          .where(rr.relation_id == relation_id)
                          .order_by(rr.date.asc().nulls_first(), rr.article_id, rr.start, rr.end, rr.id)):
        out.append({"article": r.article_id, "start": r.start, "end": r.end, "date": r.date, "title": r.title,
                    "source": r.source, "context": context(r.text, r.start, r.end)})
    return out


def graph(conn: Connection, *, as_of: str | None = None, type: str | None = None) -> dict[str, Any]:
    """Nodes (actors in any relation) and edges (relations) for the actor graph."""
    rels = relations_page(conn, type=type, as_of=as_of, limit=GRAPH_MAX_EDGES)
    nodes: dict[str, dict[str, Any]] = {}
    for rel in rels["items"]:
        for end in (rel["source"], rel["target"]):
            node = nodes.setdefault(end["id"], {**end, "degree": 0})
            node["degree"] += 1
    # edges name their ends by id only (the names are on the nodes): half the bytes of a large graph
    edges = [{**rel, "source": rel["source"]["id"], "target": rel["target"]["id"]} for rel in rels["items"]]
    return {"nodes": list(nodes.values()), "edges": edges, "total_edges": rels["total"]}


def relation_types(conn: Connection) -> list[str]:
    return list(conn.execute(select(s.relations.c.type).distinct().order_by(s.relations.c.type)).scalars())


# -- places -----------------------------------------------------------------------------------------
def places_page(conn: Connection, *, article: str | None = None, country: str | None = None,
                q: str | None = None, located: bool | None = None, limit: int = DEFAULT_LIMIT,
                offset: int = 0) -> dict[str, Any]:
    """A page of place mentions (article order, then text order)."""
    p = s.places.c
    sel = select(p.id, p.article_id, p.start, p.end, p.text, p.name, p.country, p.admin1, p.lat, p.lon,
                 p.geonames_id, p.precision, p.confidence)
    if article:
        sel = sel.where(p.article_id == article)
    if country:
        sel = sel.where(func.upper(p.country) == country.strip().upper())
    if q and q.strip():
        needle = q.strip().lower()
        sel = sel.where(or_(func.lower(p.name) == needle, func.lower(p.text) == needle))
    if located is True:
        sel = sel.where(p.lat.is_not(None), p.lon.is_not(None))
    elif located is False:
        sel = sel.where(or_(p.lat.is_(None), p.lon.is_(None)))
    sel = sel.order_by(p.article_id, p.start, p.end)
    total, rows = _page(conn, sel, limit, offset)
    return {"total": total, "limit": limit, "offset": offset, "items": rows}


# -- outlets ----------------------------------------------------------------------------------------
def outlet_comparison(conn: Connection) -> list[dict[str, Any]]:
    """Per outlet: article and event counts, labels per actor and quotes per speaker."""
    outlets = queries.outlets(conn)
    events_n = dict(conn.execute(select(o_.name, func.count(e_.id))
                                 .select_from(s.events.join(s.articles, a_.id == e_.article_id)
                                              .join(s.outlets, a_.outlet_id == o_.id))
                                 .group_by(o_.name)).all())
    qc = s.quotes.c
    quote_rows = conn.execute(select(o_.name, qc.speaker_id, func.count())
                              .select_from(s.quotes.join(s.articles, a_.id == qc.article_id)
                                           .join(s.outlets, a_.outlet_id == o_.id))
                              .group_by(o_.name, qc.speaker_id)
                              .order_by(o_.name, func.count().desc(), qc.speaker_id.asc().nulls_first())).all()
    labels = framing_by_outlet(conn)
    speakers = actor_names(conn, {r[1] for r in quote_rows if r[1]})
    by_name: dict[str, dict[str, Any]] = {}
    for o in outlets:
        by_name[o["name"].lower()] = {"id": o["id"], "name": o["name"], "articles": o["articles"],
                                      "events": events_n.get(o["name"], 0), "labels": [], "quotes": []}
    for r in labels:
        entry = by_name.get((r["source"] or "").lower())
        if entry is not None:
            entry["labels"].append({"actor": r["actor_id"], "actor_name": r["actor_name"], "label": r["label"],
                                    "count": r["count"]})
    for name, speaker, count in quote_rows:
        entry = by_name.get(name.lower())
        if entry is not None:
            entry["quotes"].append({"speaker": speaker, "speaker_name": speakers.get(speaker, {}).get("name")
                                    if speaker else None, "count": count})
    return list(by_name.values())


def overview(conn: Connection, *, latest: int = 10) -> dict[str, Any]:
    """What the overview page shows: corpus counts, outlets, date range and the latest events."""
    return {"stats": queries.stats(conn), "latest_events": events_page(conn, limit=latest)["items"],
            "event_types": event_types(conn)}


__all__ = ["CONTEXT_CHARS", "DEFAULT_LIMIT", "MAX_LIMIT", "actor_detail", "actor_names", "actors_page",
           "article_view", "articles", "context", "contradictions", "event_detail", "event_types",
           "events_page", "framing_by_outlet", "graph", "outlet_comparison", "overview", "places_page",
           "quotes_page", "relation_reports", "relation_types", "relations_page", "stored_contradictions"]
