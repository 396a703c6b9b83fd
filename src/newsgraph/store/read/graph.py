"""The actor graph the web page draws: the TOP strongest relations (by reports) that pass a minimum of
reports, their actors, the communities they form and which actors get a label.

Why not every relation: the 348-node graph of a real store was a hairball with unreadable labels; the
strongest hundred edges show who backs and fights whom, and the filters (type, date, min reports, top)
let an analyst go further. Communities: networkx's Louvain method over the drawn edges weighted by
reports (seeded: the same graph gets the same colours). Labels: only the LABELS actors with the most
reports on the drawn edges, the others named on hover.
"""
from __future__ import annotations

from typing import Any

import networkx as nx
from sqlalchemy import Connection

from newsgraph.store.read.relations import relations_page

TOP = 100  # edges drawn by default (readable on a laptop screen; the page offers 25 to 1,000)
MAX_TOP = 1000  # Cytoscape stays responsive up to a few thousand elements
LABELS = 25  # actors labelled
COMMUNITY_SEED = 7


def graph(conn: Connection, *, as_of: str | None = None, type: str | None = None, top: int = TOP,
          min_reports: int = 1, actor: str | None = None) -> dict[str, Any]:
    """``{"nodes": [{id, name, type, degree, weight, community, label}], "edges": [...], "total_edges",
    "communities"}``: the ``top`` relations with at least ``min_reports`` reports (``total_edges``: how
    many pass), strongest first. ``weight`` is the reports on an actor's drawn edges; ``label`` says
    whether the page names it; ``community`` numbers the communities, biggest first."""
    rels = relations_page(conn, type=type, as_of=as_of, actor=actor, limit=max(1, min(top, MAX_TOP)),
                          min_reports=min_reports)
    nodes: dict[str, dict[str, Any]] = {}
    g = nx.Graph()
    for rel in rels["items"]:
        for end in (rel["source"], rel["target"]):
            node = nodes.setdefault(end["id"], {**end, "degree": 0, "weight": 0})
            node["degree"] += 1
            node["weight"] += rel["reports"]
        a, b = rel["source"]["id"], rel["target"]["id"]
        if a != b:
            g.add_edge(a, b, weight=g.get_edge_data(a, b, {"weight": 0})["weight"] + rel["reports"])
    groups = (sorted(nx.community.louvain_communities(g, weight="weight", seed=COMMUNITY_SEED),
                     key=lambda c: (-len(c), min(c))) if g.number_of_edges() else [])
    for k, members in enumerate(groups):
        for m in members:
            nodes[m]["community"] = k
    ranked = sorted(nodes.values(), key=lambda n: (-n["weight"], n["name"] or "", n["id"]))
    for rank, node in enumerate(ranked):
        node.setdefault("community", len(groups))
        node["label"] = rank < LABELS
    # edges name their ends by id only (the names are on the nodes): half the bytes of a large graph
    edges = [{**rel, "source": rel["source"]["id"], "target": rel["target"]["id"]} for rel in rels["items"]]
    return {"nodes": ranked, "edges": edges, "total_edges": rels["total"], "communities": len(groups)}
