"""The timeline's windows (store/read/window.py): counts when zoomed out, events when few enough."""
from __future__ import annotations

import synthetic_store

from newsgraph.store.read import window as read_window
from newsgraph.store.read.filters import EventFilter



def test_whole_year_is_counted_in_buckets_and_a_day_lists_its_events(synthetic_small):
    store, made = synthetic_small
    with store.connect() as c:
        counts = read_window.day_counts(c)
        assert sum(x.count for x in counts) == made.events
        year = read_window.window(c, counts)
        assert year["mode"] == "buckets" and year["total"] == made.events
        assert sum(b["count"] for b in year["buckets"]) == made.events
        assert len(year["buckets"]) <= read_window.MAX_BUCKET_ITEMS
        assert year["extent"][0].startswith(str(synthetic_store.YEAR))
        day = read_window.window(c, counts, start="2024-03-05", end="2024-03-06")
        assert day["mode"] == "items" and 0 < len(day["items"]) == day["total"] <= read_window.MAX_ITEMS
        assert all("2024-03-05" <= e["when"] <= "2024-03-06" for e in day["items"])
        # a smaller item budget turns the same window into buckets of days
        tight = read_window.window(c, counts, start="2024-03-01", end="2024-03-10", max_items=10)
        assert tight["mode"] == "buckets" and tight["bucket"] == "day"


def test_the_filter_narrows_the_counts(synthetic_small):
    store, _ = synthetic_small
    with store.connect() as c:
        every = sum(x.count for x in read_window.day_counts(c))
        assault = read_window.day_counts(c, EventFilter(type="ASSAULT"))
    assert {x.type for x in assault} == {"ASSAULT"} and 0 < sum(x.count for x in assault) < every


def test_buckets_cover_weeks_and_months():
    counts = [read_window.DayCount("2024-01-31", "AID", 2, 1), read_window.DayCount("2024-02-01", "AID", 3, 0)]
    weeks = read_window.buckets(counts, "week")
    assert weeks == [{"start": "2024-01-29", "end": "2024-02-05", "type": "AID", "count": 5, "killed": 1}]
    months = read_window.buckets(counts, "month")
    assert [(m["start"], m["end"], m["count"]) for m in months] == [("2024-01-01", "2024-02-01", 2),
                                                                   ("2024-02-01", "2024-03-01", 3)]
