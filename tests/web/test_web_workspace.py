"""The analyst's workspace over the demo store: the filter model, the public event id, export this view."""
from __future__ import annotations

import csv
import io
import json

from newsgraph.store.read.filters import EventFilter


def get_json(client, url):
    r = client.get(url)
    assert r.status_code == 200, (url, r.text)
    return r.json()


def test_default_view_is_consolidated_and_hides_negated(client):
    reports = get_json(client, "/api/events?view=reports&negated=true&hypothetical=true&limit=500")
    default = get_json(client, "/api/events?limit=500")
    assert default["total"] < reports["total"]  # one row per consolidated event, noise left out
    assert not any(e["negated"] or e["hypothetical"] for e in default["items"])
    assert len({e["event"] for e in default["items"]}) == default["total"]
    clustered = [e for e in default["items"] if e["cluster"]]
    assert clustered and all(e["event"] == e["cluster"] and e["event_reports"] >= 2 for e in clustered)
    # min_reports keeps the consolidated events told by two reports or more
    multi = get_json(client, "/api/events?min_reports=2&limit=500")["items"]
    assert {e["event"] for e in multi} == {e["event"] for e in clustered}


def test_public_id_opens_on_every_surface(client):
    e = next(x for x in get_json(client, "/api/events?min_reports=2")["items"])
    public = e["event"]
    detail = get_json(client, f"/api/events/{public}")
    assert detail["cluster"] == public and detail["cluster_events"]
    page = client.get(f"/events/{public}")
    assert page.status_code == 200
    # a report's own row id and its exported (stage) id open the same event
    assert get_json(client, f"/api/events/{e['id']}")["cluster"] == public
    assert client.get(f"/events/{e['id']}").status_code == 200


def test_bad_filter_values_are_422(client):
    for bad in ("min_confidence=2", "view=all", "date_basis=x", "min_reports=0"):
        assert client.get(f"/api/events?{bad}").status_code == 422, bad


def test_export_this_view_round_trip(client):
    flt = EventFilter(min_reports=2)
    listed = get_json(client, f"/api/events?{flt.query()}&limit=500")
    page = client.get(f"/events?{flt.query()}").text
    assert f"/export/events.jsonl?{flt.query()}" in page.replace("&amp;", "&")
    jsonl = client.get(f"/export/events.jsonl?{flt.query()}")
    assert jsonl.status_code == 200
    records = [json.loads(line) for line in jsonl.text.splitlines()]
    assert {r["event"] for r in records} == {e["event"] for e in listed["items"]}
    assert len(records) == listed["total"]
    rows = list(csv.DictReader(io.StringIO(client.get(f"/export/events.csv?{flt.query()}").text)))
    assert len(rows) == listed["total"] and all(r["cluster"] for r in rows)
    acled = list(csv.DictReader(io.StringIO(client.get(f"/export/events.acled.csv?{flt.query()}").text)))
    assert all(r["event_type"] for r in acled) and len(acled) <= len(rows)
    assert client.get("/export/events.xml").status_code == 404


def test_filter_parse_is_one_model():
    flt = EventFilter.parse({"since": "2024", "negated": "true", "min_reports": "2", "view": "reports",
                             "outlet": ""})
    assert flt.negated is True and flt.min_reports == 2 and flt.outlet is None
    assert EventFilter.parse(dict(p.split("=") for p in flt.query().split("&"))) == flt
    assert EventFilter().query() == ""


def test_aggregates_by_type_actor_outlet(client):
    listed = get_json(client, "/api/events?limit=500")
    for by in ("type", "actor", "outlet"):
        agg = get_json(client, f"/api/aggregates?by={by}&bucket=week")
        assert agg["buckets"] and agg["series"] and agg["by"] == by
        assert all(len(s["events"]) == len(agg["buckets"]) == len(s["fatalities"]) for s in agg["series"])
        if by != "actor":  # an event with two actors counts under each of them
            day_dated = sum(1 for e in listed["items"] if e["when"] and len(e["when"]) == 10)
            assert sum(sum(s["events"]) for s in agg["series"]) == day_dated
            assert agg["undated"] == listed["total"] - day_dated
    by_type = get_json(client, "/api/aggregates?by=type&bucket=day")
    killed = sum(e["killed"] or 0 for e in listed["items"] if e["when"] and len(e["when"]) == 10)
    assert sum(sum(s["fatalities"]) for s in by_type["series"]) == killed
    assault = get_json(client, "/api/aggregates?by=type&type=ASSAULT")
    assert [s["key"] for s in assault["series"]] == ["ASSAULT"]
    assert client.get("/api/aggregates?by=weather").status_code == 422
