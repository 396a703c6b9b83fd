"""``newsgraph audit``: a data-quality report of any store, no gold needed.

Per outlet and overall: what ingest dropped as page furniture, how many events per article, how
complete the events are (actor, recipient, place, date, and how each was found where the store
records it), the same for violent (ASSAULT) events, the share that would make a complete ACLED row,
events dated long after their article, actors by type and sector, and the suspects (place names typed
as persons, furniture tokens and lower-case words as actors, surname merges across given names, descriptions linked to
another country than the story's, actors with one mention, outlets counted from their own wire or photo credits,
religious or ethnic group words typed as persons), each with counts and examples with ids.

>>> from newsgraph import open_store
>>> from newsgraph.audit import audit
>>> with open_store("conflict.db") as store:
...     report = audit(store)
>>> report.overall.assault.actor.share  # doctest: +SKIP

The CLI (``newsgraph audit``, rendered by ``cli/render_audit.py``), the web overview and ``newsgraph eval realnews`` render the
:class:`~newsgraph.audit.records.AuditReport` this returns; none of them computes anything itself.
"""
from __future__ import annotations

import dataclasses
import logging
from typing import Any

from sqlalchemy import Connection

from newsgraph.audit import measures, suspects
from newsgraph.store.read.audit import StoreData, load
from newsgraph.audit.records import NOT_RECORDED, AuditReport, ScopeAudit, Suspect, headline

log = logging.getLogger(__name__)

__all__ = ["NOT_RECORDED", "AuditReport", "ScopeAudit", "Suspect", "audit", "audit_connection",
           "headline", "overview_summary", "summary"]

SUSPECT_KINDS = ("furniture_actor", "lowercase_actor", "place_as_actor", "surname_merge", "description_other_country",
                 "single_mention", "late_event", "credit_mention", "group_as_person")


def audit(store: Any, *, pipeline_version: str | None = None, per_outlet: bool = True) -> AuditReport:
    """Audit an open :class:`~newsgraph.store.Store` (or anything with ``connect()`` and
    ``location``). ``pipeline_version``: only that version's facts (default: every stored fact; the
    store holds one version's facts per article)."""
    with store.connect() as conn:
        return audit_connection(conn, location=getattr(store, "location", "?"),
                                pipeline_version=pipeline_version, per_outlet=per_outlet)


def audit_connection(conn: Connection, *, location: str = "?", pipeline_version: str | None = None,
                     per_outlet: bool = True) -> AuditReport:
    """The audit over an open connection (the web app has one per request)."""
    data = load(conn, location, pipeline_version)
    overall = _scope(data, None, set(data.articles))
    outlets: list[ScopeAudit] = []
    if per_outlet:
        names = sorted({a.outlet for a in data.articles.values()}, key=lambda n: (n is None, n or ""))
        if len(names) > 1:
            for name in names:
                ids = {aid for aid, a in data.articles.items() if a.outlet == name}
                outlets.append(_scope(data, name, ids))
        elif names:  # one outlet: its scope is the whole store
            outlets.append(dataclasses.replace(overall, outlet=names[0]))
    return AuditReport(store=location, pipeline_version=data.pipeline_version, versions=data.versions,
                       recorded=data.recorded,
                       overall=overall, outlets=outlets, unprocessed_articles=data.unprocessed)


def _scope(data: StoreData, outlet: str | None, ids: set[str]) -> ScopeAudit:
    s = ScopeAudit(outlet=outlet, articles=len(ids),
                   dated_articles=sum(1 for i in ids if data.articles[i].published),
                   articles_speaking_of_rebels=len(ids & data.rebel_articles))
    s.dropped = measures.dropped(data, ids)
    events = [ev for ev in data.events if ev.article_id in ids]
    s.events = len(events)
    s.negated = sum(ev.negated for ev in events)
    s.hypothetical = sum(ev.hypothetical for ev in events)
    s.all_events = measures.event_shares(data, events)
    s.assault = measures.event_shares(data, [ev for ev in events if ev.type == measures.VIOLENT_TYPE])
    s.late_events, _ = measures.late_events(data, events)
    mentions = [m for m in data.mentions if m.article_id in ids]
    s.actors = measures.actor_figures(data, mentions)
    per_actor = suspects.by_actor(mentions)
    top = suspects.top_actors(per_actor)
    found = [
        suspects.furniture_actors(data, per_actor, top),
        suspects.lowercase_actors(data, per_actor, top),
        suspects.places_as_actors(data, per_actor, top),
        suspects.surname_merges(data, per_actor, top, ids),
        suspects.descriptions_across_countries(data, mentions),
        suspects.single_mention_actors(data, per_actor, top),
        suspects.late_events(data, events),
        suspects.credit_mentions(data, mentions),
        suspects.groups_as_persons(data, per_actor, top),
    ]
    s.suspects = {x.kind: x for x in found}
    return s


def summary(report: AuditReport) -> dict[str, Any]:
    """The few figures the web overview shows (see :func:`records.headline`)."""
    return headline(report)


# The overview page is loaded often and the audit of a large store takes seconds: its summary is
# kept per store until the store's extraction changes (see _fingerprint).
_SUMMARIES: dict[tuple, dict[str, Any]] = {}
_SUMMARY_CACHE = 8  # stores remembered (one web app serves one store; tests open many)


def _fingerprint(conn: Connection, location: str) -> tuple:
    from sqlalchemy import MetaData, Table, func, inspect, select

    names = set(inspect(conn).get_table_names())
    if "processed" not in names:
        return (location, None)
    p = Table("processed", MetaData(), autoload_with=conn)
    n, last = conn.execute(select(func.count(), func.max(p.c.processed_at))).one()
    return (location, n, last)


def cached_overview_summary(conn: Connection, *, location: str = "?") -> dict[str, Any] | None:
    """:func:`overview_summary` when it is already kept for the store as it is now, else None."""
    return _SUMMARIES.get(_fingerprint(conn, location))


def overview_summary(conn: Connection, *, location: str = "?") -> dict[str, Any]:
    """:func:`summary` of the whole store (no per-outlet scopes), cached until the store changes."""
    key = _fingerprint(conn, location)
    found = _SUMMARIES.get(key)
    if found is None:
        found = summary(audit_connection(conn, location=location, per_outlet=False))
        if len(_SUMMARIES) >= _SUMMARY_CACHE:
            _SUMMARIES.pop(next(iter(_SUMMARIES)))
        _SUMMARIES[key] = found
    return found
