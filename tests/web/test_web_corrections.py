"""A correction made through the web (with the token) survives a rebuild by a new pipeline version,
is shown on the event, and travels as corrections.jsonl; the CLI records the same corrections."""
from __future__ import annotations

import json

import pytest
from demo_store import NYALA_STORIES as STORIES
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newsgraph import api, pipeline
from newsgraph.cli.app import app as cli_app
from newsgraph.store import open_store
from newsgraph.web import create_app

TOKEN = "s3cret"


@pytest.fixture()
def built(tmp_path):
    corpus = tmp_path / "in.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in STORIES) + "\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'store.db'}"
    assert api.build([corpus], db=db).processed == 2
    return db


def _events(client, **params):
    q = "&".join(f"{k}={v}" for k, v in {"view": "reports", "limit": 500, **params}.items())
    return client.get(f"/api/events?{q}").json()["items"]


def test_web_correction_survives_a_new_pipeline_version(built, monkeypatch, tmp_path):
    with TestClient(create_app(built, token=TOKEN)) as client:
        accuse = next(e for e in _events(client) if e["type"] == "ACCUSE")
        ev = accuse["evidence"]
        target = f"{ev['article']}:{ev['start']}-{ev['end']}"
        body = {"kind": "retype_event", "target": target, "value": {"type": "COERCE"}, "who": "ana",
                "why": "an accusation of targeting is coercion here"}
        assert client.post("/api/corrections", json=body).status_code == 401  # no token
        r = client.post("/api/corrections", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 201, r.text
        bad = client.post("/api/corrections", json={**body, "target": "nonsense"},
                          headers={"Authorization": f"Bearer {TOKEN}"})
        assert bad.status_code == 200 and "E026" in bad.json()["errors"][0]
        for field in ({"who": "a\x00b"}, {"why": "\x00"}, {"value": {"type": "CO\x00ERCE"}}):
            nul = client.post("/api/corrections", json={**body, **field}, headers={"Authorization": f"Bearer {TOKEN}"})
            assert nul.status_code == 200 and "NUL" in nul.json()["errors"][0], nul.text
        page = client.get(f"/events/{accuse['id']}").text
        assert "corrected by <b>ana</b>" in page and "COERCE" in page
    # a new pipeline version reprocesses every article: the facts are extracted afresh, then corrected
    monkeypatch.setattr(api, "PIPELINE_VERSION", "pipe-next")
    monkeypatch.setattr(pipeline, "PIPELINE_VERSION", "pipe-next")
    again = api.build(db=built)
    assert again.processed == 2 and again.corrections >= 1
    with TestClient(create_app(built)) as client:
        rows = _events(client)
        assert {e["pipeline_version"] for e in rows} == {"pipe-next"}
        fixed = [e for e in rows if f"{e['evidence']['article']}:{e['evidence']['start']}-{e['evidence']['end']}"
                 == target]
        assert fixed and all(e["type"] == "COERCE" for e in fixed)
        assert not any(e["type"] == "ACCUSE" and e["evidence"] == ev for e in rows)
    # the log travels: export, import into another store built from the same texts, same result
    shared = tmp_path / "corrections.jsonl"
    assert api.export_corrections(shared, db=built) == 1
    assert json.loads(shared.read_text(encoding="utf-8").splitlines()[0])["who"] == "ana"
    assert api.import_corrections(shared, db=built) == 0  # already there: nothing twice


def test_cli_correct_reject_and_rename(built):
    runner = CliRunner()
    with open_store(built) as store:
        rows = store.events(flt=None)
        actors = store.actors()
    victim = rows[0]
    target = f"{victim['article_id']}:{victim['start']}-{victim['end']}"
    r = runner.invoke(cli_app, ["correct", "reject_event", target, "--who", "bo", "--why", "not an event",
                                "--db", built])
    assert r.exit_code == 0, r.output
    actor = actors[0]
    r = runner.invoke(cli_app, ["correct", "rename_actor", actor["id"], "--to", "Renamed Force", "--db", built])
    assert r.exit_code == 0, r.output
    assert runner.invoke(cli_app, ["correct", "retype_actor", actor["id"], "--to", "wizard",
                                   "--db", built]).exit_code != 0
    api.build(db=built)  # nothing new to extract; the log is applied again, idempotently
    with open_store(built) as store:
        left = store.events(flt=None)
        assert not any((e["article_id"], e["start"], e["end"]) == (victim["article_id"], victim["start"],
                                                                    victim["end"]) for e in left)
        assert any(a["name"] == "Renamed Force" for a in store.actors())
        assert [c.kind for c in store.corrections()] == ["reject_event", "rename_actor"]
    listed = runner.invoke(cli_app, ["corrections", "--json", "--db", built])
    assert listed.exit_code == 0 and len(json.loads(listed.stdout)) == 2


def _actor(client, name):
    found = [a for a in client.get("/api/actors?limit=500").json()["items"] if a["name"] == name]
    assert len(found) == 1, (name, found)
    return found[0]


def _span(e):
    ev = e["evidence"]
    return f"{ev['article']}:{ev['start']}-{ev['end']}"


def _state(client):
    """What the corrections change, read through the API: actors (name, type) and events by evidence."""
    actors = {(a["name"], a["type"]) for a in client.get("/api/actors?limit=500").json()["items"]}
    events = {(_span(e), e["type"], (e["place"] or {}).get("name")) for e in _events(client)}
    return actors, events


def test_every_kind_from_the_web_survives_a_new_pipeline_version_and_travels(built, monkeypatch, tmp_path):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(create_app(built, token=TOKEN)) as client:
        mil, saf = _actor(client, "Military Forces of Sudan"), _actor(client, "Sudanese Armed Forces")
        rsf, civ = _actor(client, "Rapid Support Forces"), _actor(client, "Civilians (Sudan)")
        events = _events(client)
        title = next(e for e in events if e["evidence"]["start"] == 0)  # a headline, not an event
        market = next(e for e in events if e["evidence"]["start"] > 0 and e["type"] == "ASSAULT"
                      and any(a["name"] == "Rapid Support Forces" for a in e["actor"]))
        fixes = [("merge_actor", mil["id"], {"into": saf["id"]}), ("split_actor", rsf["id"], {"alias": "RSF",
                                                                                            "name": "RSF units"}),
                 ("rename_actor", civ["id"], {"name": "Nyala civilians"}), ("retype_actor", civ["id"], {"type": "other"}),
                 ("reject_event", _span(title), None),
                 ("fix_place", _span(market), {"name": "Nyala central market", "country": "SD"})]
        for kind, target, value in fixes:
            r = client.post("/api/corrections", headers=auth,
                            json={"kind": kind, "target": target, "value": value, "who": "ana", "why": kind})
            assert r.status_code == 201 and not r.json()["errors"], (kind, r.text)
        corrected = _state(client)
        actors, evs = corrected
        assert ("Military Forces of Sudan", "government") not in actors and ("Nyala civilians", "other") in actors
        assert ("RSF units", "armed_group") in actors
        assert not any(span == _span(title) for span, _, _ in evs)
        assert (_span(market), market["type"], "Nyala central market") in evs
        assert client.get(f"/actors/{mil['id']}").status_code == 404  # merged away
        saf_page = client.get(f"/actors/{saf['id']}").text
        assert "corrected by <b>ana</b>" in saf_page and "merge actor" in saf_page
        assert "corrected by <b>ana</b>" in client.get(f"/actors/{civ['id']}").text
        assert "fix place" in client.get(f"/events/{market['id']}").text
    monkeypatch.setattr(api, "PIPELINE_VERSION", "pipe-next")
    monkeypatch.setattr(pipeline, "PIPELINE_VERSION", "pipe-next")
    assert api.build(db=built).processed == 2
    with TestClient(create_app(built)) as client:
        assert {e["pipeline_version"] for e in _events(client)} == {"pipe-next"}
        assert _state(client) == corrected  # the whole log applied again to the new facts
    # corrections.jsonl: into a fresh store built from the same texts, the same corrected result
    shared = tmp_path / "corrections.jsonl"
    assert api.export_corrections(shared, db=built) == len(fixes)
    corpus = tmp_path / "in.jsonl"
    other = f"sqlite:///{tmp_path / 'other.db'}"
    api.build([corpus], db=other)
    with TestClient(create_app(other)) as client:
        assert _state(client) != corrected
    assert api.import_corrections(shared, db=other) == len(fixes)
    assert api.import_corrections(shared, db=other) == 0  # nothing twice
    with TestClient(create_app(other)) as client:
        assert _state(client) == corrected
    api.build(db=other)
    with open_store(other) as store:
        assert [c.model_dump() for c in store.corrections()] == [json.loads(x) for x in
                                                                  shared.read_text(encoding="utf-8").splitlines()]


def test_retype_relation_moves_its_reports_and_again_after_a_rebuild(tmp_path):
    from demo_store import build_demo_store
    from sqlalchemy import insert, update

    from newsgraph.store import schema as s
    from newsgraph.store.corrections import apply

    db = f"sqlite:///{tmp_path / 'demo.db'}"
    build_demo_store(db, tmp_path)
    with TestClient(create_app(db)) as client:
        rel = client.get("/api/relations?limit=500").json()["items"][0]
    new_type = "opposes" if rel["type"] != "opposes" else "fights"
    runner = CliRunner()
    r = runner.invoke(cli_app, ["correct", "retype_relation", rel["id"], "--to", new_type, "--who", "ana", "--db", db])
    assert r.exit_code == 0, r.output
    assert runner.invoke(cli_app, ["correct", "retype_relation", rel["id"], "--to", "Not A Type",
                                   "--db", db]).exit_code == 2

    def now():
        with TestClient(create_app(db)) as client:
            return {(x["source"]["id"], x["type"], x["target"]["id"]): x
                    for x in client.get("/api/relations?limit=500").json()["items"]}

    after = now()
    key = (rel["source"]["id"], new_type, rel["target"]["id"])
    assert (rel["source"]["id"], rel["type"], rel["target"]["id"]) not in after
    assert key in after and after[key]["reports"] >= rel["reports"]
    with TestClient(create_app(db)) as client:  # shown on the fact, on both actors' pages
        for end in (rel["source"]["id"], rel["target"]["id"]):
            page = client.get(f"/actors/{end}").text
            assert "corrected by ana" in page and "retype relation" in page, end
    with open_store(db) as store:
        assert apply(store.engine) == 0  # idempotent: nothing left to move
        # a rebuild makes the old relation again from the same sentences; the log moves them again
        with store.engine.begin() as conn:
            conn.execute(insert(s.relations).values(id=rel["id"], source_id=rel["source"]["id"],
                                                    target_id=rel["target"]["id"], type=rel["type"]))
            conn.execute(update(s.relation_reports).where(s.relation_reports.c.relation_id == after[key]["id"])
                         .values(relation_id=rel["id"]))
        assert apply(store.engine) == 1
    assert now() == after
