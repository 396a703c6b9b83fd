"""One public id per event (the consolidated event's id, or the report's own row id when it stands
alone) opens the same event in every command (`show event`, `compare --event`), page (/events/{id})
and API route (/api/events/{id}, /api/events?cluster=); a report's row id and its exported (stage) id
open the event it belongs to."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newsgraph.cli.app import app as cli_app


def _cli(demo, *args):
    r = CliRunner().invoke(cli_app, [*args, "--db", demo.db])
    assert r.exit_code == 0, r.output
    return r.stdout


@pytest.fixture(scope="module")
def ids(client):
    """A consolidated event and a lone one, each with its public id, a report's row id and stage id."""
    items = client.get("/api/events?limit=500").json()["items"]
    grouped = next(e for e in items if e["cluster"])
    lone = next(e for e in items if not e["cluster"])
    member = client.get(f"/api/events?cluster={grouped['event']}&view=reports&limit=500").json()["items"]
    other = next(m for m in member if m["id"] != grouped["id"])  # a report that is not the lead
    return {"grouped": (grouped["event"], [grouped["event"], other["id"], other["event_id"]]),
            "lone": (lone["event"], [lone["event"], lone["event_id"]])}


@pytest.mark.parametrize("which", ["grouped", "lone"])
def test_every_surface_takes_every_id_of_an_event(client, demo, ids, which):
    public, names = ids[which]
    assert len(names) >= 2
    for name in names:
        detail = client.get(f"/api/events/{name}").json()
        assert detail["event"] == public, name
        page = client.get(f"/events/{name}")
        assert page.status_code == 200 and f"t-{detail['type'].lower()}" in page.text, name
        shown = json.loads(_cli(demo, "show", "event", name, "--json"))
        assert shown["event"] == public, name
        assert public in _cli(demo, "show", "event", name).split("report")[0], name  # printed first
        compared = json.loads(_cli(demo, "compare", "--event", name, "--json"))
        assert compared["event"]["cluster"]["id"] == public, name
        rows = ([detail["id"]] if which == "lone" else
                [r["id"] for r in client.get(f"/api/events?cluster={public}&view=reports&negated=true"
                                             "&hypothetical=true&limit=500").json()["items"]])
        assert sorted(r["id"] for r in compared["event"]["reports"]) == sorted(rows), name
    if which == "grouped":  # the reports keep their own ids under the public one
        reports = client.get(f"/api/events?cluster={public}&view=reports&limit=500").json()["items"]
        assert len(reports) >= 2 and {r["event"] for r in reports} == {public}
        assert len({r["id"] for r in reports}) == len(reports)


def test_an_unknown_id_is_404_and_a_usage_error(client, demo):
    assert client.get("/api/events/feedfacefeedface").status_code == 404
    assert client.get("/events/feedfacefeedface").status_code == 404
    for args in (("show", "event", "feedfacefeedface"), ("compare", "--event", "feedfacefeedface")):
        r = CliRunner().invoke(cli_app, [*args, "--db", demo.db])
        assert r.exit_code == 2 and "E020" in r.output, r.output
