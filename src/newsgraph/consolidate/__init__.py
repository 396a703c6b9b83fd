"""Consolidation across articles and outlets: consolidated events (clusters of reports), the
contradictions between their reports, and the relation timeline.

``consolidate(store)`` runs on the store after extraction (the end of ``newsgraph build``); the pure
functions (``cluster_events``, ``find_contradictions``, ``aggregate_relations``) need no store.
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import case, func, select

from newsgraph.consolidate.clusters import cluster_events, cluster_indices, similarity
from newsgraph.consolidate.contradictions import Contradiction, find_contradictions
from newsgraph.consolidate.incremental import plan
from newsgraph.consolidate.mentions import cluster_documents, cluster_mentions
from newsgraph.consolidate.timeline import PairTimeline, actor_history, aggregate_relations
from newsgraph.records import ClusterRow, EventView
from newsgraph.store import schema as s
from newsgraph.store.writer import cluster_id
from newsgraph.version import PIPELINE_VERSION

log = logging.getLogger(__name__)


@dataclass(slots=True)
class ConsolidationSummary:
    """What one consolidation did."""

    events: int = 0  # event reports read
    clusters: int = 0  # consolidated events of two or more reports
    clustered_events: int = 0  # reports inside those clusters
    multi_outlet_clusters: int = 0  # consolidated events reported by two or more outlets
    contradictions: int = 0  # contradicted fields over all clusters


def build_cluster_rows(views: list[EventView], clusters: list[list[int]] | None = None) -> list[ClusterRow]:
    """ClusterRow records (with contradictions) for every cluster of two or more reports (``clusters``:
    index lists into ``views``, default: cluster them)."""
    rows = []
    for members in (cluster_indices(views) if clusters is None else clusters):
        if len(members) < 2:
            continue
        reports = [views[i] for i in members]
        days = sorted(v.date for v in reports if v.date and v.precision == "day")
        places = Counter(v.place for v in reports if v.place)
        ids = [v.id for v in reports]
        rows.append(ClusterRow(
            id=cluster_id(ids), type=reports[0].type, members=ids,
            date_first=days[0] if days else None, date_last=days[-1] if days else None,
            place_name=places.most_common(1)[0][0] if places else None,
            n_articles=len({v.article for v in reports}), n_outlets=len({v.source for v in reports if v.source}),
            contradictions=[(c.field, [v.to_dict() for v in c.versions]) for c in find_contradictions(reports)]))
    return rows


def consolidate(store, *, pipeline_version: str = PIPELINE_VERSION, full: bool = False) -> ConsolidationSummary:
    """Cluster the stored event reports into consolidated events, flag the contradictions between
    reports, and store both (``pipeline_version`` is recorded on the consolidated events it writes).

    Incremental (consolidate/incremental.py): only the blocks whose reports changed since the last
    consolidation are re-scored and only the clusters they reach are rebuilt; the result equals a full
    re-run. ``full`` rebuilds everything (``newsgraph rebuild --consolidate``). Nothing changed: nothing
    is written and the summary counts what is stored."""
    with store.connect() as conn:
        delta = plan(conn, full=full)
    if not delta.full and not delta.changed:
        summary = _stored_summary(store)
        log.info("consolidation: nothing changed (%s)", summary)
        return summary
    rows = build_cluster_rows(delta.views, delta.clusters)
    store.write_consolidation_delta(pipeline_version, rows, delta)
    summary = _stored_summary(store)
    log.info("consolidation (%s, %d reports changed, %d re-clustered): %s",
             "full" if delta.full else "incremental", delta.changed, len(delta.views), summary)
    return summary


def _stored_summary(store) -> ConsolidationSummary:
    """What the stored consolidation holds (counted in SQL: cheap on a big store)."""
    ec, e, c = s.event_clusters.c, s.events.c, s.contradictions.c
    with store.connect() as conn:
        row = conn.execute(select(func.count(), func.coalesce(func.sum(ec.n_reports), 0),
                                  func.coalesce(func.sum(case((ec.n_outlets >= 2, 1), else_=0)), 0))).one()
        events = conn.execute(select(func.count()).select_from(s.events)).scalar()
        contradictions = conn.execute(select(func.count()).select_from(s.contradictions)).scalar()
    return ConsolidationSummary(events=events, clusters=row[0], clustered_events=int(row[1]),
                                multi_outlet_clusters=int(row[2]), contradictions=contradictions)


__all__ = ["ConsolidationSummary", "Contradiction", "EventView", "PairTimeline", "actor_history",
           "aggregate_relations", "build_cluster_rows", "cluster_documents", "cluster_events",
           "cluster_mentions", "consolidate", "find_contradictions", "similarity"]
