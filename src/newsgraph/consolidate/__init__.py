"""Consolidation across articles and outlets: consolidated events (clusters of reports), the
contradictions between their reports, and the relation timeline.

``consolidate(store)`` runs on the store after extraction (the end of ``newsgraph build``); the pure
functions (``cluster_events``, ``find_contradictions``, ``aggregate_relations``) need no store.
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass

from newsgraph.consolidate.clusters import cluster_events, cluster_indices, similarity
from newsgraph.consolidate.contradictions import Contradiction, find_contradictions
from newsgraph.consolidate.mentions import cluster_documents, cluster_mentions
from newsgraph.consolidate.timeline import PairTimeline, actor_history, aggregate_relations
from newsgraph.records import ClusterRow, EventView
from newsgraph.store.read.events import event_views
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


def build_cluster_rows(views: list[EventView]) -> list[ClusterRow]:
    """ClusterRow records (with contradictions) for every cluster of two or more reports."""
    rows = []
    for members in cluster_indices(views):
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


def consolidate(store, *, pipeline_version: str = PIPELINE_VERSION) -> ConsolidationSummary:
    """Cluster every stored event report into consolidated events, flag the contradictions between
    reports, and store both (replacing the previous consolidation; ``pipeline_version`` is recorded on
    the consolidated events)."""
    with store.connect() as conn:
        views = event_views(conn)
    rows = build_cluster_rows(views)
    store.write_consolidation(pipeline_version, rows)
    summary = ConsolidationSummary(
        events=len(views), clusters=len(rows), clustered_events=sum(len(r.members) for r in rows),
        multi_outlet_clusters=sum(1 for r in rows if r.n_outlets >= 2),
        contradictions=sum(len(r.contradictions) for r in rows))
    log.info("consolidation: %s", summary)
    return summary


__all__ = ["ConsolidationSummary", "Contradiction", "EventView", "PairTimeline", "actor_history",
           "aggregate_relations", "build_cluster_rows", "cluster_documents", "cluster_events",
           "cluster_mentions", "consolidate", "find_contradictions", "similarity"]
