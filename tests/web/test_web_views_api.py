"""The scaled views' endpoints on the demo store: /api/map, /api/timeline, /api/graph and the kept answers."""
from __future__ import annotations


def test_map_bins_count_the_located_events(client):
    located = client.get("/api/events?place_basis=located&limit=1").json()["total"]
    world = client.get("/api/map?zoom=2").json()
    assert world["located"] == world["total"] == located > 0
    assert sum(b["count"] for b in world["bins"]) == located and world["extent"]
    sites = client.get("/api/map?zoom=14").json()
    assert sites["points"] and sites["total"] == located
    (south, west), (north, east) = world["extent"]
    inside = client.get(f"/api/map?zoom=14&bbox={west},{south},{east},{north}").json()
    assert 0 < inside["total"] <= located
    # any four numbers are answered: pairs ordered, clamped to the world
    assert client.get("/api/map?bbox=400,10,-400,-10").json()["total"] == client.get(
        "/api/map?bbox=-180,-10,180,10").json()["total"]
    assert client.get("/api/map?bbox=1,2,3").status_code == 422


def test_timeline_window_lists_few_events_and_counts_many(client):
    whole = client.get("/api/timeline").json()
    assert whole["mode"] == "items" and whole["total"] == len(whole["items"]) > 0  # the demo store is small
    first, last = whole["extent"]
    day = client.get(f"/api/timeline?start={first}&end={first}").json()
    assert 0 < day["total"] <= whole["total"] and all(e["when"] == first for e in day["items"])
    swapped = client.get(f"/api/timeline?start={last}&end={first}").json()
    assert swapped["total"] == whole["total"]


def test_graph_top_and_min_reports(client):
    every = client.get("/api/graph?top=1000").json()
    top = client.get("/api/graph?top=2").json()
    assert len(top["edges"]) == min(2, len(every["edges"])) and top["total_edges"] == every["total_edges"]
    assert all("community" in n and "label" in n for n in every["nodes"])
    strong = client.get("/api/graph?min_reports=2&top=1000").json()
    assert all(e["reports"] >= 2 for e in strong["edges"])
    assert strong["total_edges"] == sum(1 for e in every["edges"] if e["reports"] >= 2)


def test_graph_page_keeps_its_controls_in_the_url(client):
    html = client.get("/graph?top=25&min_reports=3").text
    assert 'option value="25" selected' in html and 'name="min_reports" min="1" max="100000" value="3"' in html
    assert "/api/graph?top=25&amp;min_reports=3" in html
