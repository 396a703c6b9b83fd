"""The actor graph's top-N, min-reports threshold, communities and labels (store/read/graph.py)."""
from __future__ import annotations

import pytest
import synthetic_store

from newsgraph.store import open_store
from newsgraph.store.read import graph as read_graph


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    db = tmp_path_factory.mktemp("synthetic") / "s.db"
    synthetic_store.generate(db, 2000, seed=11)
    store = open_store(str(db), dedup=None)
    yield store
    store.close()


def test_top_edges_by_reports_with_communities_and_few_labels(small):
    with small.connect() as c:
        g = read_graph.graph(c, top=50)
        every = read_graph.graph(c, top=read_graph.MAX_TOP)
    assert len(g["edges"]) == 50 < g["total_edges"]
    reports = [e["reports"] for e in g["edges"]]
    assert reports == sorted(reports, reverse=True)
    assert min(reports) >= max(e["reports"] for e in every["edges"][50:])  # the strongest ones were kept
    ends = {n["id"] for n in g["nodes"]}
    assert all(e["source"] in ends and e["target"] in ends for e in g["edges"])
    assert g["communities"] >= 2 and {n["community"] for n in g["nodes"]} <= set(range(g["communities"] + 1))
    labelled = [n for n in g["nodes"] if n["label"]]
    assert len(labelled) == min(read_graph.LABELS, len(g["nodes"]))
    assert min(n["weight"] for n in labelled) >= max(n["weight"] for n in g["nodes"] if not n["label"])


def test_min_reports_threshold(small):
    with small.connect() as c:
        strong = read_graph.graph(c, top=1000, min_reports=5)
        every = read_graph.graph(c, top=1000)
    assert strong["edges"] and all(e["reports"] >= 5 for e in strong["edges"])
    assert strong["total_edges"] == sum(1 for e in every["edges"] if e["reports"] >= 5) < every["total_edges"]
