"""Reading relations: their reports (one row per piece of evidence) and the relations they add up to.

A relation exists only through its reports; a report's date is the evidence date, else the article's
publication date. Every surface starts from :func:`_reports_query`: the CLI groups its rows per relation
with the sentence around each piece of evidence, the timeline and the graph export aggregate them per
actor pair, and the web pages group them in SQL (pages of relations, counted without reading them all).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, func, or_, select

from newsgraph.evidence import context, sentence_span
from newsgraph.store import schema as s
from newsgraph.store.read.actors import actor_names
from newsgraph.store.read.articles import article_texts
from newsgraph.store.read.common import DEFAULT_LIMIT, check_date, evidence_text, in_version, until, with_outlet

r_ = s.relations.c
rr_ = s.relation_reports.c
a_ = s.articles.c
o_ = s.outlets.c


def report_date():
    """The date of a report: the evidence date, else the article's publication date."""
    return func.coalesce(rr_.date, a_.published)


def _reports_query(*, actor_ids: list[str] | None = None, type: str | None = None,
                   pipeline_version: str | None = None, since: str | None = None, until_: str | None = None):
    q = (select(r_.id.label("relation_id"), r_.source_id, r_.target_id, r_.type, rr_.article_id, rr_.start,
                rr_.end, rr_.confidence, report_date().label("date"), o_.name.label("source"),
                evidence_text(s.relation_reports).label("evidence"))
         .select_from(s.relations.join(s.relation_reports, rr_.relation_id == r_.id)
                      .join(s.articles, rr_.article_id == a_.id).outerjoin(s.outlets, a_.outlet_id == o_.id))
         .where(in_version(s.relation_reports, pipeline_version)))
    if actor_ids is not None:
        q = q.where(or_(r_.source_id.in_(actor_ids), r_.target_id.in_(actor_ids)))
    if type:
        q = q.where(r_.type == type.strip().lower())
    if since:
        q = q.where(report_date() >= check_date(since))
    if until_:
        q = q.where(report_date() <= until(until_))
    return q


def relations(conn: Connection, *, actor_ids: list[str] | None = None, type: str | None = None,
              limit: int | None = None, pipeline_version: str | None = None,
              offset: int = 0, since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
    """Relations with evidence, most reported first: source and target ({id, name}), first/last
    evidence date, counts of reports, articles and outlets, and every report with its evidence text
    and the sentence around it. ``actor_ids``: either end; ``type``: a relation type (any case);
    ``since``/``until`` (YYYY[-MM[-DD]]): only the reports dated in that range (relations without one
    are left out)."""
    q = _reports_query(actor_ids=actor_ids, type=type, pipeline_version=pipeline_version, since=since,
                       until_=until).order_by(
        r_.id, report_date().asc().nulls_first(), rr_.article_id, rr_.start, rr_.end, rr_.id)
    grouped: dict[str, dict[str, Any]] = {}
    for x in conn.execute(q):
        g = grouped.setdefault(x.relation_id, {"id": x.relation_id, "type": x.type, "source_id": x.source_id,
                                               "target_id": x.target_id, "reports": []})
        g["reports"].append({"article": x.article_id, "start": x.start, "end": x.end, "date": x.date,
                             "source": x.source, "confidence": x.confidence, "evidence": x.evidence})
    names = actor_names(conn, {i for g in grouped.values() for i in (g["source_id"], g["target_id"])})
    # a relation's evidence is often a phrase ("Haftar's army"): the sentence around it is what a reader checks
    texts = article_texts(conn, sorted({rep["article"] for g in grouped.values() for rep in g["reports"]}))
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
            "source": {"id": g["source_id"], "name": names.get(g["source_id"], {}).get("name", g["source_id"])},
            "target": {"id": g["target_id"], "name": names.get(g["target_id"], {}).get("name", g["target_id"])},
            "first_seen": dates[0] if dates else None, "last_seen": dates[-1] if dates else None,
            "n_reports": len(reps), "n_articles": len({rep["article"] for rep in reps}),
            "outlets": sorted({rep["source"] for rep in reps if rep["source"]}), "reports": reps,
        })
    out.sort(key=lambda x: (-x["n_reports"], x["type"], x["source"]["name"], x["target"]["name"]))
    return out[offset:offset + limit] if limit is not None else out[offset:]


def relation_evidence(conn: Connection, *, actor: str | None = None, as_of: str | None = None,
                      pipeline_version: str | None = None) -> list[dict[str, Any]]:
    """Relation reports with their date, outlet and offsets, oldest first (undated last): the input of
    the timeline and the graph export. ``as_of`` keeps the evidence dated on or before that date."""
    q = _reports_query(actor_ids=[actor] if actor else None, pipeline_version=pipeline_version)
    rows = [dict(x._mapping) for x in conn.execute(q)]
    for x in rows:
        del x["evidence"], x["confidence"]
    if as_of:
        rows = [x for x in rows if x["date"] and x["date"] <= as_of]
    rows.sort(key=lambda x: (x["date"] is None, x["date"] or "", x["article_id"], x["start"]))
    return rows


# -- the web's pages --------------------------------------------------------------------------------------
def _grouped(*, type: str | None, actor: str | None, as_of: str | None, min_reports: int | None = None):
    when = report_date()
    q = (select(r_.id, r_.source_id, r_.target_id, r_.type, func.min(when).label("first_seen"),
                func.max(when).label("last_seen"), func.count(rr_.id).label("reports"))
         .select_from(s.relations.join(s.relation_reports, rr_.relation_id == r_.id)
                      .join(s.articles, a_.id == rr_.article_id))
         .group_by(r_.id, r_.source_id, r_.target_id, r_.type))
    if type:
        q = q.where(r_.type == type)
    if actor:
        q = q.where(or_(r_.source_id == actor, r_.target_id == actor))
    if as_of:
        # as of a date: only evidence dated on or before it counts (undated evidence always counts)
        q = q.where(or_(when.is_(None), when <= until(as_of)))
    if min_reports and min_reports > 1:
        q = q.having(func.count(rr_.id) >= min_reports)
    return q.order_by(func.count(rr_.id).desc(), r_.type, r_.id)


def relations_page(conn: Connection, *, type: str | None = None, actor: str | None = None,
                   as_of: str | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0,
                   min_reports: int | None = None) -> dict[str, Any]:
    """A page of relations with first/last evidence dates and report counts, best attested first;
    ``min_reports``: only relations told by that many reports or more."""
    q = _grouped(type=type, actor=actor, as_of=as_of, min_reports=min_reports)
    if min_reports and min_reports > 1:
        total = conn.execute(select(func.count()).select_from(q.order_by(None).subquery())).scalar_one()
    else:  # the total without grouping: distinct relation ids under the same filters (one pass, no sort)
        total = conn.execute(q.with_only_columns(func.count(func.distinct(r_.id)), maintain_column_froms=True)
                             .group_by(None).order_by(None)).scalar_one()
    rows = [dict(r._mapping) for r in conn.execute(q.limit(limit).offset(offset))]
    names = actor_names(conn, {r["source_id"] for r in rows} | {r["target_id"] for r in rows})

    def named(i: str) -> dict[str, Any]:
        return names.get(i, {"id": i, "name": i, "type": None})

    items = [{"id": r["id"], "type": r["type"], "source": named(r["source_id"]), "target": named(r["target_id"]),
              "first_seen": r["first_seen"], "last_seen": r["last_seen"], "reports": r["reports"]} for r in rows]
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def relation_reports(conn: Connection, relation_id: str) -> list[dict[str, Any]]:
    """Every report of one relation with its evidence in context."""
    out = []
    for r in conn.execute(select(rr_.article_id, rr_.start, rr_.end, rr_.date, a_.text, a_.title,
                                 o_.name.label("source"))
                          .select_from(with_outlet(s.relation_reports, rr_.article_id))
                          .where(rr_.relation_id == relation_id)
                          .order_by(rr_.date.asc().nulls_first(), rr_.article_id, rr_.start, rr_.end, rr_.id)):
        out.append({"article": r.article_id, "start": r.start, "end": r.end, "date": r.date, "title": r.title,
                    "source": r.source, "context": context(r.text, r.start, r.end)})
    return out


def relation_types(conn: Connection) -> list[str]:
    return list(conn.execute(select(r_.type).distinct().order_by(r_.type)).scalars())


def relation_export_rows(conn: Connection, pipeline_version: str | None
                         ) -> Iterator[tuple[Any, list[tuple[dict[str, Any], str | None]]]]:
    """(relation row, [(report {article, start, end}, its date)]) for every relation with evidence, in id
    order; reports in article and text order."""
    reports: dict[str, list[tuple[dict[str, Any], str | None]]] = defaultdict(list)
    for row in conn.execute(select(s.relation_reports, a_.published).join(s.articles, rr_.article_id == a_.id)
                            .where(in_version(s.relation_reports, pipeline_version))
                            .order_by(rr_.article_id, rr_.start)):
        reports[row.relation_id].append(({"article": row.article_id, "start": row.start, "end": row.end},
                                         row.date or row.published))
    for row in conn.execute(select(s.relations).order_by(r_.id)):
        found = reports.get(row.id)
        if found:
            yield row, found
