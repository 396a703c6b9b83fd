"""Read queries over events, relations and quotes, with the filters the CLI and the web app offer.

Why a module of its own: queries.py answers questions about articles and mentions; these answer "what
happened, who did it, who backs whom", and every answer carries its evidence (article id, start, end and
the evidence text cut out of the article in SQL) so that a reader can check it. SQLAlchemy Core with bound
parameters only; every function takes a Connection and returns plain dicts.

Dates: an event's date is its own date when the text gives one, else the article's publication date
(``date_basis`` says which). ``since``/``until`` take YYYY[-MM[-DD]]; ``until`` includes the whole month
or year it names ("2019-04" keeps 2019-04-30), and partial event dates compare as ISO strings.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, case, func, or_, select

from newsgraph.errors import Errors, UsageError
from newsgraph.evidence import sentence_span
from newsgraph.store import queries
from newsgraph.store import schema as s

# How many ids a prefix lookup reports when it is ambiguous (enough to pick from, short enough to read).
PREFIX_EXAMPLES = 3
# SQLite's default limit on bound parameters is 999 (older builds); IN lists are chunked below it.
IN_CHUNK = 500
# "~" sorts after every digit and "-", so "2019-04~" is above every date that starts with 2019-04.
_UNTIL_PAD = "~"


def resolve_actor_ids(conn: Connection, name: str) -> list[str]:
    """Ids of the actors ``name`` denotes (id, name, alias, then substring: queries.find_actors);
    UsageError E018 when none does."""
    found = queries.find_actors(conn, name)
    if not found:
        raise UsageError(Errors.E018.format(name=name))
    return [a["id"] for a in found]


def event_date(e, a):
    """The date an event is filed under: its own date, else the article's. A month-day without a year
    ("--09-19") cannot be placed in time, so it falls back to the article date too."""
    own = case((e.date_value.like("--%"), None), else_=e.date_value)
    return func.coalesce(own, a.published)


def _evidence_text(table):
    """The evidence span cut out of the article text in SQL (substr is 1-based in SQLite and PostgreSQL)."""
    return func.substr(s.articles.c.text, table.c.start + 1, table.c.end - table.c.start)


def _names(conn: Connection, ids: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for i in range(0, len(ids), IN_CHUNK):
        chunk = ids[i:i + IN_CHUNK]
        out.update({r.id: r.name for r in conn.execute(
            select(s.actors.c.id, s.actors.c.name).where(s.actors.c.id.in_(chunk)))})
    return out


def _roles(conn: Connection, row_ids: list[str]) -> dict[tuple[str, str], list[str]]:
    ea = s.event_actors.c
    roles: dict[tuple[str, str], list[str]] = defaultdict(list)
    for i in range(0, len(row_ids), IN_CHUNK):
        for r in conn.execute(select(ea.event_id, ea.actor_id, ea.role)
                              .where(ea.event_id.in_(row_ids[i:i + IN_CHUNK])).order_by(ea.actor_id)):
            roles[(r.event_id, r.role)].append(r.actor_id)
    return roles


def _event_columns():
    e, a = s.events.c, s.articles.c
    return (e.id.label("row_id"), e.event_id.label("id"), e.type, e.mode, e.trigger, e.date_value,
            e.date_precision, e.date_text, e.place_text, e.place_name, e.place_country, e.place_admin1,
            e.place_lat, e.place_lon, e.place_precision, e.killed, e.injured, e.displaced, e.kidnapped,
            e.negated, e.hypothetical, e.cluster, e.confidence, e.article_id, e.start, e.end,
            a.published, a.title, s.outlets.c.name.label("source"),
            _evidence_text(s.events).label("evidence"))


def _event_from():
    e, a = s.events.c, s.articles.c
    return s.events.join(s.articles, e.article_id == a.id).outerjoin(s.outlets, a.outlet_id == s.outlets.c.id)


def _finish_events(conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add actors and recipients ({id, name}) and the date used for sorting and filtering."""
    roles = _roles(conn, [r["row_id"] for r in rows])
    names = _names(conn, sorted({i for ids in roles.values() for i in ids}))
    for r in rows:
        for role, key in (("actor", "actors"), ("recipient", "recipients")):
            r[key] = [{"id": i, "name": names.get(i, i)} for i in roles.get((r["row_id"], role), [])]
        r["negated"], r["hypothetical"] = bool(r["negated"]), bool(r["hypothetical"])
        own = r["date_value"] if r["date_value"] and not r["date_value"].startswith("--") else None
        r["date"] = own or r["published"]
        r["date_basis"] = "event" if own else ("article" if r["published"] else "none")
    return rows


def events(conn: Connection, pipeline_version: str, *, actor: str | None = None, type: str | None = None,
           since: str | None = None, until: str | None = None, place: str | None = None,
           limit: int | None = None) -> list[dict[str, Any]]:
    """Events, oldest first (undated last), with actors, recipients, outlet and evidence sentence.

    ``actor``: an actor id, name or alias (events where it is actor or recipient); ``type``: a PLOVER type
    or a PLOVER mode (any case); ``place``: part of the place name or of its surface text, or an ISO2
    country code; ``since``/``until``: YYYY[-MM[-DD]] on the event date, else the article date.
    """
    e, a = s.events.c, s.articles.c
    q = select(*_event_columns()).select_from(_event_from()).where(e.pipeline_version == pipeline_version)
    if actor:
        ids = resolve_actor_ids(conn, actor)
        q = q.where(e.id.in_(select(s.event_actors.c.event_id).where(s.event_actors.c.actor_id.in_(ids))))
    if type:
        t = type.strip()
        q = q.where(or_(e.type == t.upper(), func.lower(e.mode) == t.lower()))
    when = event_date(e, a)
    if since:
        q = q.where(when >= queries.check_date(since))
    if until:
        q = q.where(when <= queries.check_date(until) + _UNTIL_PAD)
    if place:
        p = place.strip()
        q = q.where(or_(func.lower(e.place_name).contains(p.lower(), autoescape=True),
                        func.lower(e.place_text).contains(p.lower(), autoescape=True),
                        e.place_country == p.upper()))
    q = q.order_by(when.is_(None), when, e.article_id, e.start, e.event_id)
    if limit is not None:
        q = q.limit(limit)
    return _finish_events(conn, [dict(r._mapping) for r in conn.execute(q)])


def resolve_event(conn: Connection, prefix: str, pipeline_version: str) -> str:
    """The row id of the one event whose exported id (or row id) starts with ``prefix``.

    Exported ids are per article, so one id may name several rows only if two articles produced the
    same id; that is reported like any ambiguous prefix.
    """
    prefix = prefix.strip()
    e = s.events.c
    if not prefix:
        raise UsageError(Errors.E020.format(prefix=prefix))
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = conn.execute(select(e.id, e.event_id).where(
        e.pipeline_version == pipeline_version,
        or_(e.event_id.like(escaped, escape="\\"), e.id.like(escaped, escape="\\")))
        .order_by(e.event_id).limit(PREFIX_EXAMPLES + 3)).all()
    exact = [r for r in rows if prefix in (r.event_id, r.id)]
    if len(exact) == 1:
        return exact[0].id
    if len(rows) == 1:
        return rows[0].id
    if not rows:
        raise UsageError(Errors.E020.format(prefix=prefix))
    raise UsageError(Errors.E021.format(prefix=prefix, count=len(rows) if len(rows) < PREFIX_EXAMPLES + 3
                                            else f"{PREFIX_EXAMPLES + 3}+",
                                            examples=", ".join(r.event_id for r in rows[:PREFIX_EXAMPLES])))


def event(conn: Connection, prefix: str, pipeline_version: str) -> dict[str, Any]:
    """One event (by id or unique id prefix) with actors, recipients, its reports (article, offsets,
    outlet, date, the evidence text) and its consolidated event when it belongs to one."""
    row_id = resolve_event(conn, prefix, pipeline_version)
    e, r, a = s.events.c, s.event_reports.c, s.articles.c
    found = dict(conn.execute(select(*_event_columns()).select_from(_event_from())
                              .where(e.id == row_id)).one()._mapping)
    out = _finish_events(conn, [found])[0]
    out["reports"] = [dict(x._mapping) for x in conn.execute(
        select(r.article_id, r.start, r.end, a.published, a.title, a.text.label("article_text"),
               s.outlets.c.name.label("source"))
        .select_from(s.event_reports.join(s.articles, r.article_id == a.id)
                     .outerjoin(s.outlets, a.outlet_id == s.outlets.c.id))
        .where(r.event_id == row_id).order_by(a.published.asc().nulls_first(), r.article_id, r.start, r.end))]
    out["cluster_info"] = None
    if out["cluster"]:
        c = conn.execute(select(s.event_clusters).where(s.event_clusters.c.id == out["cluster"])).first()
        out["cluster_info"] = dict(c._mapping) if c is not None else None
    return out


def relations(conn: Connection, pipeline_version: str, *, actor: str | None = None, type: str | None = None,
              limit: int | None = None) -> list[dict[str, Any]]:
    """Relations with evidence from this pipeline version, most reported first: source and target
    ({id, name}), first/last evidence date (evidence date, else article date), counts of reports,
    articles and outlets, and every report with its evidence text and the sentence around it.

    ``actor``: an actor id, name or alias (as source or target); ``type``: a relation type (any case).
    """
    rel, rr, a = s.relations.c, s.relation_reports.c, s.articles.c
    q = (select(rel.id, rel.source_id, rel.target_id, rel.type, rr.article_id, rr.start, rr.end,
                rr.confidence, func.coalesce(rr.date, a.published).label("date"),
                s.outlets.c.name.label("outlet"), _evidence_text(s.relation_reports).label("evidence"))
         .select_from(s.relations.join(s.relation_reports, rr.relation_id == rel.id)
                      .join(s.articles, rr.article_id == a.id)
                      .outerjoin(s.outlets, a.outlet_id == s.outlets.c.id))
         .where(rr.pipeline_version == pipeline_version)
         .order_by(rel.id, func.coalesce(rr.date, a.published).asc().nulls_first(), rr.article_id, rr.start,
                   rr.end, rr.id))
    if actor:
        ids = resolve_actor_ids(conn, actor)
        q = q.where(or_(rel.source_id.in_(ids), rel.target_id.in_(ids)))
    if type:
        q = q.where(rel.type == type.strip().lower())
    grouped: dict[str, dict[str, Any]] = {}
    for x in conn.execute(q):
        g = grouped.setdefault(x.id, {"id": x.id, "type": x.type, "source_id": x.source_id,
                                      "target_id": x.target_id, "reports": []})
        g["reports"].append({"article": x.article_id, "start": x.start, "end": x.end, "date": x.date,
                             "source": x.outlet, "confidence": x.confidence, "evidence": x.evidence})
    names = _names(conn, sorted({i for g in grouped.values() for i in (g["source_id"], g["target_id"])}))
    # a relation's evidence is often a phrase ("Haftar's army"): the sentence around it is what a reader checks
    texts = queries.article_texts(conn, sorted({rep["article"] for g in grouped.values() for rep in g["reports"]}))
    for g in grouped.values():
        for rep in g["reports"]:
            lo, hi = sentence_span(texts[rep["article"]], rep["start"], rep["end"])
            rep["sentence"] = texts[rep["article"]][lo:hi]
    out = []
    for g in grouped.values():
        reps = g["reports"]
        dates = sorted(d for d in (rep["date"] for rep in reps) if d)
        out.append({
            "id": g["id"], "type": g["type"],
            "source": {"id": g["source_id"], "name": names.get(g["source_id"], g["source_id"])},
            "target": {"id": g["target_id"], "name": names.get(g["target_id"], g["target_id"])},
            "first_seen": dates[0] if dates else None, "last_seen": dates[-1] if dates else None,
            "n_reports": len(reps), "n_articles": len({rep["article"] for rep in reps}),
            "outlets": sorted({rep["source"] for rep in reps if rep["source"]}), "reports": reps,
        })
    out.sort(key=lambda x: (-x["n_reports"], x["type"], x["source"]["name"], x["target"]["name"]))
    return out[:limit] if limit is not None else out


def quotes(conn: Connection, pipeline_version: str, *, actor: str | None = None,
           limit: int | None = None) -> list[dict[str, Any]]:
    """Quotes in article order (oldest article first) with speaker name and outlet; ``actor`` keeps the
    quotes whose speaker it denotes (id, name or alias)."""
    qc, a = s.quotes.c, s.articles.c
    q = (select(qc.article_id, qc.start, qc.end, qc.text, qc.kind, qc.confidence, qc.speaker_id,
                s.actors.c.name.label("speaker"), a.published, s.outlets.c.name.label("source"))
         .select_from(s.quotes.join(s.articles, qc.article_id == a.id)
                      .outerjoin(s.outlets, a.outlet_id == s.outlets.c.id)
                      .outerjoin(s.actors, s.actors.c.id == qc.speaker_id))
         .where(qc.pipeline_version == pipeline_version)
         .order_by(a.published.is_(None), a.published, qc.article_id, qc.start))
    if actor:
        q = q.where(qc.speaker_id.in_(resolve_actor_ids(conn, actor)))
    if limit is not None:
        q = q.limit(limit)
    return [dict(r._mapping) for r in conn.execute(q)]


def article_refs(conn: Connection) -> dict[str, dict[str, Any]]:
    """Per article id: outlet, url, path and publication date (what exporters cite as the source)."""
    a = s.articles.c
    q = (select(a.id, a.url, a.path, a.published, s.outlets.c.name.label("source"))
         .select_from(s.articles.outerjoin(s.outlets, a.outlet_id == s.outlets.c.id)))
    return {r.id: dict(r._mapping) for r in conn.execute(q)}


def actor_index(conn: Connection) -> dict[str, dict[str, Any]]:
    """Every actor by id: name, type and country (exporters name actors instead of printing ids)."""
    ac = s.actors.c
    return {r.id: dict(r._mapping) for r in conn.execute(select(ac.id, ac.name, ac.type, ac.country))}
