"""The export contract's records (../shared/spec/export.md), built from the store, format-neutral.

Each ``iter_<file>`` yields plain dicts with every contract field (plus a few extra fields, which the
contract allows) and ``schema_version``. Exporters for other formats (csv, parquet, graphml) reuse
these generators, so the field names live in one place.

Facts are read for one pipeline version (default: the current one), so that facts left by an older
pipeline version never appear twice.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, func, select

from newsgraph.records import SCHEMA_VERSION
from newsgraph.store import schema as s
from newsgraph.store.dropped import decode as decode_dropped

Record = dict[str, Any]


def _with_version(record: Record) -> Record:
    record["schema_version"] = SCHEMA_VERSION
    return record


def iter_articles(conn: Connection, pipeline_version: str) -> Iterator[Record]:
    a = s.articles.c
    q = (select(s.articles, s.outlets.c.name.label("source"))
         .select_from(s.articles.outerjoin(s.outlets, a.outlet_id == s.outlets.c.id)).order_by(a.id))
    for row in conn.execute(q):
        yield _with_version({
            "id": row.id, "path": row.path, "part": row.part, "source": row.source, "title": row.title,
            "published": row.published, "published_basis": row.published_basis, "text": row.text,
            "duplicate_of": row.duplicate_of,
            "dropped": decode_dropped(row.dropped),  # Additions (issue 11); null: not recorded
            # beyond the contract
            "source_basis": row.source_basis, "url": row.url, "format": row.format,
            "cleaning_version": row.cleaning_version, "supersedes": row.supersedes,
        })


def iter_actors(conn: Connection, pipeline_version: str) -> Iterator[Record]:
    al, m = s.actor_aliases.c, s.mentions.c
    aliases: dict[str, dict[str, int]] = defaultdict(dict)
    for actor_id, alias, count in conn.execute(
            select(al.actor_id, al.alias, func.sum(al.count)).where(al.pipeline_version == pipeline_version)
            .group_by(al.actor_id, al.alias)):
        aliases[actor_id][alias] = int(count)
    articles: dict[str, set[str]] = defaultdict(set)
    counts: dict[str, int] = defaultdict(int)
    for actor_id, article_id, n in conn.execute(
            select(m.actor_id, m.article_id, func.count()).where(
                m.pipeline_version == pipeline_version, m.actor_id.is_not(None))
            .group_by(m.actor_id, m.article_id)):
        articles[actor_id].add(article_id)
        counts[actor_id] += n
    for row in conn.execute(select(s.actors).order_by(s.actors.c.id)):
        if row.id not in aliases and row.id not in counts:
            continue  # an actor of another pipeline version only
        forms = aliases.get(row.id, {})
        yield _with_version({
            "id": row.id, "name": row.name, "type": row.type, "country": row.country,
            "aliases": sorted(forms, key=lambda f: (-forms[f], f)),
            "articles": sorted(articles.get(row.id, ())), "mentions": counts.get(row.id, 0),
            "kb_id": row.kb_id, "alias_counts": forms,
        })


def _report(row: Any) -> Record:
    return {"article": row.article_id, "start": row.start, "end": row.end}


def iter_events(conn: Connection, pipeline_version: str) -> Iterator[Record]:
    e, r, ea = s.events.c, s.event_reports.c, s.event_actors.c
    reports: dict[str, list[Record]] = defaultdict(list)
    for row in conn.execute(select(s.event_reports).where(r.pipeline_version == pipeline_version)
                            .order_by(r.article_id, r.start)):
        reports[row.event_id].append(_report(row))
    roles: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in conn.execute(select(s.event_actors).join(s.events, ea.event_id == e.id)
                            .where(e.pipeline_version == pipeline_version).order_by(ea.actor_id)):
        roles[(row.event_id, row.role)].append(row.actor_id)
    from newsgraph.events import to_acled

    rows = conn.execute(select(s.events, s.articles.c.text.label("article_text"))
                        .join(s.articles, e.article_id == s.articles.c.id)
                        .where(e.pipeline_version == pipeline_version)
                        .order_by(e.article_id, e.start, e.event_id))
    for row in rows:
        # ACLED type/sub-type read from the evidence sentence (weapon and target cues), as the stage does
        acled_type, acled_subtype = to_acled(row.type, row.mode, row.article_text[row.start:row.end])
        has_place = row.place_text is not None or row.place_name is not None
        yield _with_version({
            "id": row.event_id, "type": row.type, "mode": row.mode,
            "acled_type": acled_type, "acled_subtype": acled_subtype,
            "actor": roles.get((row.id, "actor"), []), "recipient": roles.get((row.id, "recipient"), []),
            "date": {"value": row.date_value, "precision": row.date_precision, "text": row.date_text},
            "place": {"name": row.place_name, "country": row.place_country, "lat": row.place_lat,
                      "lon": row.place_lon, "geonames_id": row.place_geonames_id,
                      "precision": row.place_precision, "text": row.place_text,
                      "admin1": row.place_admin1} if has_place else None,
            "killed": row.killed, "injured": row.injured, "displaced": row.displaced,
            "kidnapped": row.kidnapped, "negated": bool(row.negated), "hypothetical": bool(row.hypothetical),
            "reports": reports.get(row.id, []), "cluster": row.cluster,
            "confidence": row.confidence if row.confidence is not None else 0.0,
            "trigger": row.trigger, "article": row.article_id,
        })


def iter_relations(conn: Connection, pipeline_version: str) -> Iterator[Record]:
    rr, a = s.relation_reports.c, s.articles.c
    reports: dict[str, list[tuple[Record, str | None]]] = defaultdict(list)
    for row in conn.execute(select(s.relation_reports, a.published)
                            .join(s.articles, rr.article_id == a.id)
                            .where(rr.pipeline_version == pipeline_version).order_by(rr.article_id, rr.start)):
        reports[row.relation_id].append((_report(row), row.date or row.published))
    for row in conn.execute(select(s.relations).order_by(s.relations.c.id)):
        found = reports.get(row.id)
        if not found:
            continue
        seen = sorted(d for _, d in found if d)
        yield _with_version({
            "id": row.id, "source": row.source_id, "target": row.target_id, "type": row.type,
            "first_seen": seen[0] if seen else None, "last_seen": seen[-1] if seen else None,
            "reports": [rep for rep, _ in found],
        })


def iter_places(conn: Connection, pipeline_version: str) -> Iterator[Record]:
    p = s.places.c
    for row in conn.execute(select(s.places).where(p.pipeline_version == pipeline_version)
                            .order_by(p.article_id, p.start, p.end)):
        yield _with_version({
            "article": row.article_id, "start": row.start, "end": row.end, "text": row.text,
            "name": row.name, "country": row.country, "lat": row.lat, "lon": row.lon,
            "geonames_id": row.geonames_id, "admin1": row.admin1, "precision": row.precision,
            "confidence": row.confidence,
        })


def iter_dates(conn: Connection, pipeline_version: str) -> Iterator[Record]:
    d = s.dates.c
    for row in conn.execute(select(s.dates).where(d.pipeline_version == pipeline_version)
                            .order_by(d.article_id, d.start, d.end)):
        yield _with_version({
            "article": row.article_id, "start": row.start, "end": row.end, "text": row.text,
            "value": row.value, "precision": row.precision, "confidence": row.confidence,
        })


def iter_quotes(conn: Connection, pipeline_version: str) -> Iterator[Record]:
    q = s.quotes.c
    for row in conn.execute(select(s.quotes).where(q.pipeline_version == pipeline_version)
                            .order_by(q.article_id, q.start, q.end)):
        yield _with_version({
            "article": row.article_id, "start": row.start, "end": row.end, "speaker": row.speaker_id,
            "text": row.text, "kind": row.kind, "confidence": row.confidence,
        })


def iter_framing(conn: Connection, pipeline_version: str) -> Iterator[Record]:
    """One record per (outlet, actor, label) with every example span."""
    f = s.framing_labels.c
    groups: dict[tuple[str | None, str, str], list[Record]] = defaultdict(list)
    for row in conn.execute(select(s.framing_labels).where(f.pipeline_version == pipeline_version)
                            .order_by(f.article_id, f.start)):
        groups[(row.source, row.actor_id, row.label)].append(_report(row))
    for (source, actor, label), examples in sorted(groups.items(), key=lambda kv: (kv[0][0] or "", kv[0][1:])):
        yield _with_version({"source": source, "actor": actor, "label": label, "count": len(examples),
                             "examples": examples})


# file stem -> record generator, in the order the files are written
FILES = {
    "articles": iter_articles, "actors": iter_actors, "events": iter_events, "relations": iter_relations,
    "places": iter_places, "dates": iter_dates, "quotes": iter_quotes, "framing": iter_framing,
}
