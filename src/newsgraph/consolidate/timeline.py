"""The alliance timeline: relations aggregated per actor pair over time, and one actor's dated
history (events and relation changes) in order.

Pure functions over rows that store/read/ reads (events, relation evidence), so they are tested without
a store.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class PairTimeline:
    """One actor pair's relation of one type: first and last evidence, how widely it is reported."""

    source: str
    target: str
    type: str
    first_seen: str | None = None
    last_seen: str | None = None
    articles: set[str] = field(default_factory=set)
    outlets: set[str] = field(default_factory=set)
    evidence: list[dict[str, Any]] = field(default_factory=list)  # {article, start, end, date, source}

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "type": self.type,
                "first_seen": self.first_seen, "last_seen": self.last_seen,
                "n_articles": len(self.articles), "n_outlets": len(self.outlets),
                "outlets": sorted(self.outlets), "evidence": self.evidence}


def aggregate_relations(reports: Iterable[dict[str, Any]]) -> list[PairTimeline]:
    """Group relation evidence rows (source_id, target_id, type, article_id, start, end, date, source)
    by (source, target, type); dates bound first/last evidence (undated evidence still counts)."""
    pairs: dict[tuple[str, str, str], PairTimeline] = {}
    for r in reports:
        key = (r["source_id"], r["target_id"], r["type"])
        p = pairs.get(key)
        if p is None:
            p = pairs[key] = PairTimeline(*key)
        d = r.get("date")
        if d:
            p.first_seen = d if p.first_seen is None or d < p.first_seen else p.first_seen
            p.last_seen = d if p.last_seen is None or d > p.last_seen else p.last_seen
        p.articles.add(r["article_id"])
        if r.get("source"):
            p.outlets.add(r["source"])
        p.evidence.append({"article": r["article_id"], "start": r["start"], "end": r["end"], "date": d,
                           "source": r.get("source")})
    return sorted(pairs.values(), key=lambda p: (p.first_seen or "9999", p.source, p.target, p.type))


def actor_history(actor: str, events: Sequence[dict[str, Any]], relation_reports: Sequence[dict[str, Any]]
                  ) -> list[dict[str, Any]]:
    """One actor's dated history: each event it takes part in, and each relation change — the first
    evidence of a (partner, relation type), i.e. when a relation appears in the news. Oldest first;
    undated items last."""
    items: list[dict[str, Any]] = []
    for e in events:
        items.append({"date": e.get("date"), "kind": "event", "what": e["type"], "role": e.get("role"),
                      "other": None, "cluster": e.get("cluster"), "source": e.get("source"),
                      "article": e["article_id"], "start": e["start"], "end": e["end"]})
    first: dict[tuple[str, str, str], dict[str, Any]] = {}
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for r in relation_reports:
        other = r["target_id"] if r["source_id"] == actor else r["source_id"]
        direction = "out" if r["source_id"] == actor else "in"
        key = (other, r["type"], direction)
        counts[key] += 1
        if key not in first:
            first[key] = r
    for (other, type_, direction), r in first.items():
        items.append({"date": r.get("date"), "kind": "relation", "what": type_, "role": direction,
                      "other": other, "cluster": None, "source": r.get("source"), "article": r["article_id"],
                      "start": r["start"], "end": r["end"], "reports": counts[(other, type_, direction)]})
    items.sort(key=lambda x: (x["date"] is None, x["date"] or "", x["kind"], x["article"], x["start"]))
    return items
