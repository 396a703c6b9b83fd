"""The map's server-side bins (store/read/map.py) over a synthetic store (tools/synthetic_store.py)."""
from __future__ import annotations


from newsgraph.store.read import map as read_map
from newsgraph.store.read.filters import EventFilter



def test_bins_count_every_located_event_at_every_zoom(synthetic_small):
    store, made = synthetic_small
    with store.connect() as c:
        sites = read_map.sites(c)
        assert sum(x.count for x in sites) == made.events  # every consolidated event is located
        previous = 0
        for zoom in (2, 5, 8, read_map.POINTS_ZOOM):
            found = read_map.bins(sites, zoom=zoom)
            assert found["total"] == made.events
            assert len(found["bins"]) >= previous  # finer grids never merge bins
            previous = len(found["bins"])
        assert read_map.bins(sites, zoom=read_map.POINTS_ZOOM)["points"]
        assert len(read_map.bins(sites, zoom=read_map.POINTS_ZOOM)["bins"]) == len(sites)


def test_bbox_keeps_only_the_bins_inside(synthetic_small):
    store, _ = synthetic_small
    with store.connect() as c:
        sites = read_map.sites(c)
    box = (30.0, 10.0, 35.0, 20.0)
    found = read_map.bins(sites, zoom=8, bbox=box)
    assert 0 < found["total"] < sum(x.count for x in sites)
    for b in found["bins"]:
        (south, west), (north, east) = b["bounds"]
        assert box[1] <= south and north <= box[3] and box[0] <= west and east <= box[2]
        assert b["killed"] >= 0 and (b["event"] is not None) == (b["count"] == 1)


def test_filter_and_extent(synthetic_small):
    store, _ = synthetic_small
    with store.connect() as c:
        assault = read_map.sites(c, EventFilter(type="ASSAULT"))
        every = read_map.sites(c)
    assert 0 < sum(x.count for x in assault) < sum(x.count for x in every)
    (south, west), (north, east) = read_map.extent(every)
    # the countries of the synthetic store: Libya, Sudan, South Sudan, Syria, Yemen
    assert 3 <= south < north <= 38 and 9 <= west < east <= 55
    assert read_map.extent([]) is None
