"""The export contract's records (../shared/spec/export.md), built from the store, format-neutral.

Each ``iter_<file>`` yields plain dicts with every contract field (plus a few extra fields, which the
contract allows) and ``schema_version``. Exporters for other formats (csv, parquet, graphml) reuse
these generators, so the field names live in one place.

Facts are read as stored (the writer keeps one pipeline version's facts per article, and ``build``
replaces an older version's), or for one pipeline version when one is given. The SQL lives in
store/read/; this module only shapes the contract's records.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection

from newsgraph.events.codes import to_acled
from newsgraph.export.countries import country_name
from newsgraph.records import SCHEMA_VERSION
from newsgraph.store.dropped import decode as decode_dropped
from newsgraph.store.read.actors import actor_export_rows
from newsgraph.store.read.articles import article_rows
from newsgraph.store.read.dates import date_rows
from newsgraph.store.read.events import event_export_rows
from newsgraph.store.read.framing import framing_groups
from newsgraph.store.read.places import place_rows
from newsgraph.store.read.quotes import quote_rows
from newsgraph.store.read.relations import relation_export_rows

Record = dict[str, Any]


def _with_version(record: Record) -> Record:
    record["schema_version"] = SCHEMA_VERSION
    return record


def iter_articles(conn: Connection, pipeline_version: str | None) -> Iterator[Record]:
    for row in article_rows(conn):
        yield _with_version({
            "id": row.id, "path": row.path, "part": row.part, "source": row.source, "title": row.title,
            "published": row.published, "published_basis": row.published_basis, "text": row.text,
            "duplicate_of": row.duplicate_of,
            "dropped": decode_dropped(row.dropped),  # Additions (issue 11); null: not recorded
            # beyond the contract
            "source_basis": row.source_basis, "url": row.url, "format": row.format,
            "cleaning_version": row.cleaning_version, "supersedes": row.supersedes,
        })


def iter_actors(conn: Connection, pipeline_version: str | None) -> Iterator[Record]:
    aliases, articles, counts, rows = actor_export_rows(conn, pipeline_version)
    for row in rows:
        if row.id not in aliases and row.id not in counts:
            continue  # an actor no fact of these versions refers to by name
        forms = aliases.get(row.id, {})
        yield _with_version({
            "id": row.id, "name": row.name, "type": row.type, "country": row.country,
            "aliases": sorted(forms, key=lambda f: (-forms[f], f)),
            "articles": sorted(articles.get(row.id, ())), "mentions": counts.get(row.id, 0),
            "kb_id": row.kb_id, "alias_counts": forms,
            # Additions (issue 11): sector, ACLED collective actor, ACLED inter; null: not recorded
            "sector": row.sector, "collective": row.collective, "inter": row.inter,
        })


def _date_basis(basis: str | None, value: str | None) -> str:
    """The stored basis; a row stored before bases were recorded (or a hand-made event) with a value
    has its date from its text."""
    if basis and (basis != "none" or not value):
        return basis
    return "explicit" if value else "none"


def iter_events(conn: Connection, pipeline_version: str | None, *,
                row_ids: set[str] | None = None) -> Iterator[Record]:
    """Every event record (only the rows ``row_ids`` names, when given: an exported view)."""
    for row, roles, reports in event_export_rows(conn, pipeline_version):
        if row_ids is not None and row.id not in row_ids:
            continue
        # ACLED type/sub-type read from the evidence sentence (weapon and target cues), as the stage does
        acled_type, acled_subtype = to_acled(row.type, row.mode, row.article_text[row.start:row.end])
        has_place = row.place_text is not None or row.place_name is not None
        yield _with_version({
            "id": row.event_id, "type": row.type, "mode": row.mode,
            "acled_type": acled_type, "acled_subtype": acled_subtype,
            "actor": roles["actor"], "recipient": roles["recipient"],
            # Additions (issue 12): date.basis, time_precision, place.basis, geo_precision (docs/EXPORT_ADDITIONS.md)
            "date": {"value": row.date_value, "precision": row.date_precision, "text": row.date_text,
                     "basis": _date_basis(row.date_basis, row.date_value)},
            "time_precision": row.time_precision,
            "place": {"name": row.place_name, "country": row.place_country, "lat": row.place_lat,
                      "lon": row.place_lon, "geonames_id": row.place_geonames_id,
                      "precision": row.place_precision, "text": row.place_text,
                      "admin1": row.place_admin1, "basis": row.place_basis,
                      "country_name": country_name(row.place_country)} if has_place else None,
            "geo_precision": row.geo_precision,
            "killed": row.killed, "injured": row.injured, "displaced": row.displaced,
            "kidnapped": row.kidnapped, "negated": bool(row.negated), "hypothetical": bool(row.hypothetical),
            "reports": reports, "cluster": row.cluster,
            "confidence": row.confidence if row.confidence is not None else 0.0,
            "trigger": row.trigger, "article": row.article_id,
            "event": row.cluster or row.id,  # the public id (docs/EXPORT_ADDITIONS.md)
        })


def iter_relations(conn: Connection, pipeline_version: str | None) -> Iterator[Record]:
    for row, found in relation_export_rows(conn, pipeline_version):
        seen = sorted(d for _, d in found if d)
        yield _with_version({
            "id": row.id, "source": row.source_id, "target": row.target_id, "type": row.type,
            "first_seen": seen[0] if seen else None, "last_seen": seen[-1] if seen else None,
            "reports": [rep for rep, _ in found],
        })


def iter_places(conn: Connection, pipeline_version: str | None) -> Iterator[Record]:
    for row in place_rows(conn, pipeline_version):
        yield _with_version({
            "article": row.article_id, "start": row.start, "end": row.end, "text": row.text,
            "name": row.name, "country": row.country, "lat": row.lat, "lon": row.lon,
            "geonames_id": row.geonames_id, "admin1": row.admin1, "precision": row.precision,
            "confidence": row.confidence,
        })


def iter_dates(conn: Connection, pipeline_version: str | None) -> Iterator[Record]:
    for row in date_rows(conn, pipeline_version):
        yield _with_version({
            "article": row.article_id, "start": row.start, "end": row.end, "text": row.text,
            "value": row.value, "precision": row.precision, "confidence": row.confidence,
        })


def iter_quotes(conn: Connection, pipeline_version: str | None) -> Iterator[Record]:
    for row in quote_rows(conn, pipeline_version):
        yield _with_version({
            "article": row.article_id, "start": row.start, "end": row.end, "speaker": row.speaker_id,
            "text": row.text, "kind": row.kind, "confidence": row.confidence,
        })


def iter_framing(conn: Connection, pipeline_version: str | None) -> Iterator[Record]:
    """One record per (outlet, actor, label) with every example span."""
    groups = framing_groups(conn, pipeline_version=pipeline_version)
    for g in sorted(groups, key=lambda g: (g["source"] or "", g["actor"], g["label"])):
        yield _with_version({"source": g["source"], "actor": g["actor"], "label": g["label"],
                             "count": g["count"], "examples": g["examples"]})


# file stem -> record generator, in the order the files are written
FILES = {
    "articles": iter_articles, "actors": iter_actors, "events": iter_events, "relations": iter_relations,
    "places": iter_places, "dates": iter_dates, "quotes": iter_quotes, "framing": iter_framing,
}
