"""The actor network at a date, as GraphML, GEXF (time-aware edges) or JSON, via networkx.

Nodes are actors; one edge per (source, target, relation type) with the evidence dated on or before
``as_of``: first and last evidence date, how many reports, articles and outlets back it. In GEXF the
graph is dynamic and each edge carries start (first evidence) and end (last evidence), so Gephi's
timeline replays how alliances and enmities appear in the news.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

import networkx as nx

from newsgraph.consolidate.timeline import aggregate_relations
from newsgraph.errors import Errors, StoreError, UsageError
from newsgraph.store.read.actors import actor_index
from newsgraph.store.read.common import check_date
from newsgraph.store.read.relations import relation_evidence
from newsgraph.version import PIPELINE_VERSION

log = logging.getLogger(__name__)

GRAPH_FORMATS = ("graphml", "gexf", "json")


def network(store, *, as_of: str | None = None, pipeline_version: str | None = None) -> nx.MultiDiGraph:
    """The relation network from evidence dated on or before ``as_of`` (all evidence when None)."""
    if as_of:
        check_date(as_of)
    with store.connect() as conn:
        reports = relation_evidence(conn, as_of=as_of, pipeline_version=pipeline_version)
        pairs = aggregate_relations(reports)
        ids = sorted({p.source for p in pairs} | {p.target for p in pairs})
        actors = actor_index(conn) if ids else {}
    g = nx.MultiDiGraph(as_of=as_of or "", pipeline_version=pipeline_version or PIPELINE_VERSION)
    for i in ids:
        a = actors.get(i)
        g.add_node(i, label=a["name"] if a else i, type=a["type"] if a else "",
                   country=(a["country"] or "") if a else "")
    for p in pairs:
        g.add_edge(p.source, p.target, key=p.type, type=p.type, first_seen=p.first_seen or "",
                   last_seen=p.last_seen or "", reports=len(p.evidence), articles=len(p.articles),
                   outlets=len(p.outlets), outlet_names="; ".join(sorted(p.outlets)))
    return g


def _for_gexf(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with GEXF's dynamic attributes: edges start at first evidence and end at the last."""
    h = g.copy()
    h.graph = {"mode": "dynamic"}
    for _, _, data in h.edges(data=True):
        if data["first_seen"]:
            data["start"] = data["first_seen"]
            data["end"] = data["last_seen"] or data["first_seen"]
    return h


def write_graph(g: nx.MultiDiGraph, path: Path, format: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if format == "graphml":
        nx.write_graphml(g, path)
    elif format == "gexf":
        nx.write_gexf(_for_gexf(g), path)
    elif format == "json":
        data = nx.node_link_data(g, edges="edges")
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        raise UsageError(Errors.E007.format(format=format, known=", ".join(GRAPH_FORMATS)))


def export_graph(store, out: str | Path, *, as_of: str | None = None, format: str = "graphml",
                 pipeline_version: str | None = None) -> dict[str, int]:
    """Write the network at ``as_of`` to the file ``out``; returns node and edge counts."""
    if format not in GRAPH_FORMATS:
        raise UsageError(Errors.E007.format(format=format, known=", ".join(GRAPH_FORMATS)))
    g = network(store, as_of=as_of, pipeline_version=pipeline_version)
    try:
        write_graph(g, Path(out), format)
    except OSError as exc:
        raise StoreError(Errors.E008.format(path=str(out), reason=exc)) from exc
    log.info("graph as of %s: %d actors, %d edges -> %s", as_of or "all dates", g.number_of_nodes(),
             g.number_of_edges(), out)
    return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}


def export(store, out_dir: Path, *, pipeline_version: str | None = None) -> dict[str, int]:
    """The export registry's entry point (format "graphml"): the whole network as graph.graphml."""
    counts = export_graph(store, Path(out_dir) / "graph.graphml", pipeline_version=pipeline_version)
    return {"graph.graphml": counts["edges"]}
