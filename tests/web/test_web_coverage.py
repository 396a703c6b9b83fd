"""Coverage, Ground News style, over the demo store: which outlets report and which leave out each
consolidated event, through the filter model, on the API, the pages and the export."""
from __future__ import annotations

import csv
import io
import json
from demo_store import NYALA_STORIES as STORIES

from newsgraph.store.read.coverage import _window


def get_json(client, url):
    r = client.get(url)
    assert r.status_code == 200, (url, r.text)
    return r.json()


def _outlets_of(client, item):
    """The outlets of an event's reports, read from the events API (not from the coverage reader)."""
    if item["reports"] > 1:
        reports = get_json(client, f"/api/events?cluster={item['event']}&negated=true&hypothetical=true&limit=500")
        return {r["source"] or "(unknown outlet)" for r in reports["items"]}
    return {(get_json(client, f"/api/events/{item['event']}")["source"] or "(unknown outlet)")}


def test_coverage_lists_every_consolidated_event_with_who_reports_it(client):
    cov = get_json(client, "/api/coverage?limit=500")
    listed = get_json(client, "/api/events?limit=500")
    assert cov["total"] == listed["total"] and {i["event"] for i in cov["items"]} == {e["event"] for e in listed["items"]}
    for item in cov["items"]:
        assert set(item["reported_by"]) == _outlets_of(client, item), item["event"]
        assert not set(item["reported_by"]) & set(item["left_out_by"])
    assert sum(t["reports"] for t in cov["outlets"]) == sum(len(i["reported_by"]) for i in cov["items"])


def test_an_outlet_leaves_out_only_what_happened_while_it_published(tmp_path):
    """Two outlets tell the Nyala shelling; a third published the next day about something else (it
    leaves the shelling out); a fourth published weeks later (silent, not leaving anything out)."""
    from fastapi.testclient import TestClient

    from newsgraph import api
    from newsgraph.web import create_app

    others = [{"title": "Convoy arrives", "source": "Darfur Desk", "published": "2024-03-05",
               "text": "A United Nations aid convoy reached Kadugli on Tuesday after weeks of delay."},
              {"title": "Port talks", "source": "Red Sea Times", "published": "2024-04-20",
               "text": "Sudanese army and RSF delegates met in Jeddah on Friday to discuss a ceasefire."}]
    corpus = tmp_path / "in.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in STORIES + others), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'store.db'}"
    api.build([corpus], db=db)
    with TestClient(create_app(db)) as client:
        cov = get_json(client, "/api/coverage?type=ASSAULT&limit=500")
        shelling = [i for i in cov["items"] if i["place_name"] == "Nyala"]
        assert len(shelling) == 1, cov["items"]
        item = shelling[0]
        assert item["reported_by"] == ["Nile Wire", "Sahel Post"]
        assert item["left_out_by"] == ["Darfur Desk"] and item["silent"] == 1  # Red Sea Times: weeks later
        tally = {t["outlet"]: t for t in cov["outlets"]}
        assert tally["Darfur Desk"]["leaves_out"] == 1 and tally["Red Sea Times"]["leaves_out"] == 0
        html = client.get(f"/events/{item['event']}").text
        section = html[html.index("<h2>Coverage</h2>"):html.index("<h2>Contradictions</h2>")]
        assert '<span class="left-out">Darfur Desk</span>' in section and "<b>Sahel Post</b>" in section


def test_coverage_takes_the_filter_model(client):
    outlet = get_json(client, "/api/coverage")["outlets"][0]["outlet"]
    only = get_json(client, f"/api/coverage?outlet={outlet}&limit=500")
    assert only["total"] >= 1 and all(outlet in i["reported_by"] for i in only["items"])
    multi = get_json(client, "/api/coverage?min_reports=2&limit=500")
    assert all(i["reports"] >= 2 for i in multi["items"])
    assert {i["event"] for i in multi["items"]} == {e["event"] for e in get_json(client, "/api/events?min_reports=2&limit=500")["items"]}
    assert client.get("/api/coverage?min_reports=0").status_code == 422


def test_coverage_page_and_export_round_trip(client):
    query = "min_reports=2"
    cov = get_json(client, f"/api/coverage?{query}&limit=500")
    page = client.get(f"/coverage?{query}")
    assert page.status_code == 200 and f"Coverage ({cov['total']})" in page.text
    html = page.text.replace("&amp;", "&")
    assert f"/export/coverage.csv?{query}" in html and f"/export/coverage.jsonl?{query}" in html
    rows = list(csv.DictReader(io.StringIO(client.get(f"/export/coverage.csv?{query}").text)))
    assert [r["event"] for r in rows] == [i["event"] for i in cov["items"]]
    assert [r["reported_by"].split("; ") for r in rows] == [i["reported_by"] for i in cov["items"]]
    lines = [json.loads(x) for x in client.get(f"/export/coverage.jsonl?{query}").text.splitlines()]
    assert [x["left_out_by"] for x in lines] == [i["left_out_by"] for i in cov["items"]]
    assert client.get("/export/coverage.xml").status_code == 404


def test_event_page_shows_its_coverage(client):
    item = next(i for i in get_json(client, "/api/coverage?limit=500")["items"] if i["left_out_by"])  # undated
    html = client.get(f"/events/{item['event']}").text
    section = html[html.index("<h2>Coverage</h2>"):html.index("<h2>Contradictions</h2>")]
    assert all(f"<b>{o}</b>" in section for o in item["reported_by"])
    assert all(f'<span class="left-out">{o}</span>' in section for o in item["left_out_by"])
    assert get_json(client, f"/api/events/{item['event']}")["coverage"]["left_out_by"] == item["left_out_by"]


def test_window_of_a_date():
    assert _window("2024-05-10") == ("2024-05-07", "2024-05-13")
    assert _window("2024-05") == ("2024-05", "2024-05~")  # every day of the month
    assert _window(None) is None


def test_cli_coverage_is_the_page_data(client, demo):
    from typer.testing import CliRunner

    from newsgraph.cli.app import app as cli_app

    runner = CliRunner()
    r = runner.invoke(cli_app, ["coverage", "--min-reports", "2", "--json", "--limit", "500", "--db", demo.db])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["items"] == get_json(client, "/api/coverage?min_reports=2&limit=500")["items"]
    actor = get_json(client, "/api/actors")["items"][0]
    by_name = json.loads(runner.invoke(cli_app, ["coverage", "--actor", actor["name"], "--json", "--limit", "500",
                                                 "--db", demo.db]).stdout)
    assert by_name["items"] == get_json(client, f"/api/coverage?actor={actor['id']}&limit=500")["items"]
    table = runner.invoke(cli_app, ["coverage", "--db", demo.db])
    total = get_json(client, "/api/coverage")["total"]
    assert table.exit_code == 0 and f"of {total} consolidated events" in table.stdout and "per outlet:" in table.stdout
    assert runner.invoke(cli_app, ["coverage", "--since", "March", "--db", demo.db]).exit_code == 2
