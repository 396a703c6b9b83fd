"""events_acled.csv of the demo corpus (examples/articles), read back as an ACLED user would (pandas):
every ACLED column, one row per consolidated event (never one per report), no negated or hypothetical
event, no row without actor1 (such events stay in events.jsonl); plus the ACLED codes on their own."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from newsgraph import api
from newsgraph.export import acled

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"
REQUIRED = ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
            "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
            "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
            "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("acled")
    db = f"sqlite:///{root / 'demo.db'}"
    api.build([str(EXAMPLES)], db=db, workers=1)
    api.export(root / "csv", format="csv", db=db)
    api.export(root / "jsonl", format="jsonl", db=db)
    events = [json.loads(line) for line in (root / "jsonl" / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    return pd.read_csv(root / "csv" / "events_acled.csv", dtype=str, keep_default_na=False), events


def test_every_acled_column_in_order(demo):
    df, _ = demo
    assert tuple(df.columns[:len(REQUIRED)]) == REQUIRED
    assert len(df) > 0


def test_one_row_per_consolidated_event_and_no_negated_or_hypothetical(demo):
    df, events = demo
    reported = [e for e in events if e["acled_type"] and not (e["negated"] or e["hypothetical"])]
    # one row per consolidated event that some report gives an actor (see the next test for the others)
    happenings = {e["cluster"] or e["id"] for e in reported if e["actor"]}
    assert len(df) == len(happenings) and df["event_id_cnty"].is_unique
    assert len(df) < len(reported) or all(e["cluster"] is None for e in reported)
    unreported = {e["cluster"] or e["id"] for e in events if e["negated"] or e["hypothetical"]} - happenings
    assert not {i.split("-", 1)[1] for i in df["event_id_cnty"]} & unreported
    clustered = df[df["cluster"] != ""]
    assert clustered["cluster"].is_unique  # a cluster of several reports is one row
    notes_ok = df["notes"].str.len() > 0
    assert notes_ok.all()


def test_no_row_is_a_report_negated_hypothetical_or_without_actor1(demo):
    df, events = demo
    assert (df["actor1"] != "").all()  # ACLED never leaves actor1 empty
    by_key = {e["cluster"] or e["id"]: e for e in events}
    for _, row in df.iterrows():
        key = row["cluster"] or row["event_id_cnty"].split("-", 1)[1]
        lead = by_key[key]
        assert not (lead["negated"] or lead["hypothetical"])
        # one row per consolidated event: its reports are the reports of every member, counted once
        reports = row["reports"].split("; ")
        assert len(reports) == len(set(reports)) == int(row["n_reports"])
    # rows left out for want of an actor stay in events.jsonl
    actorless = {e["cluster"] or e["id"] for e in events if e["acled_type"] and not e["actor"]
                 and not (e["negated"] or e["hypothetical"])}
    members = {}
    for e in events:
        members.setdefault(e["cluster"] or e["id"], []).append(e)
    left_out = {k for k in actorless if not any(m["actor"] for m in members[k])}
    keys = {r["cluster"] or r["event_id_cnty"].split("-", 1)[1] for _, r in df.iterrows()}
    assert not left_out & keys


def test_an_event_without_any_actor_is_not_an_acled_row():
    events = [_event("e1", actor=()), _event("e2", "c2", actor=()), _event("e3", "c2", actor=("a",), article="art2")]
    actors = {"a": {"id": "a", "name": "Rapid Support Forces", "type": "armed_group", "country": "SD", "inter": 2}}
    rows = acled.acled_rows(events, actors, {}, {"art1": "Boom", "art2": "Bang"}, timestamp=1)
    # e1 has no actor in any report: left out; c2 has one in a report: one row, actor1 from that report
    assert [(r["cluster"], r["actor1"]) for r in rows] == [("c2", "Rapid Support Forces")]


def test_acled_values_follow_the_codebook(demo):
    df, _ = demo
    assert set(df["time_precision"]) <= {"1", "2", "3", ""}
    assert set(df["geo_precision"]) <= {"1", "2", "3", ""}
    assert set(df["disorder_type"]) <= {"Political violence", "Demonstrations", "Strategic developments",
                                        "Political violence; Demonstrations"}
    located = df[df["country"] != ""]
    assert (located["country"].str.len() > 2).all()  # a name, not an ISO code
    assert (located["iso"].str.isdigit()).all() and (located["region"] != "").all()
    dated = df[df["event_date"] != ""]
    assert dated["event_date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert (dated["year"] == dated["event_date"].str[:4]).all()
    both = df[(df["inter1"] != "") & (df["inter2"] != "")]
    for _, r in both.iterrows():
        lo, hi = sorted((int(r["inter1"]), int(r["inter2"])))
        assert r["interaction"] == str(lo * 10 + hi)


def _event(id_, cluster=None, killed=None, hypothetical=False, negated=False, actor=("a",), article="art1"):
    return {"id": id_, "cluster": cluster, "article": article, "acled_type": "Battles", "acled_subtype": "Armed clash",
            "type": "ASSAULT", "mode": None, "actor": list(actor), "recipient": ["b"], "killed": killed,
            "negated": negated, "hypothetical": hypothetical, "confidence": 0.5,
            "date": {"value": "2024-05-05", "precision": "day", "text": "5 May", "basis": "explicit"},
            "time_precision": 1, "geo_precision": 1, "reports": [{"article": article, "start": 0, "end": 4}],
            "place": {"name": "Nyala", "country": "SD", "admin1": "South Darfur", "lat": 12.0, "lon": 24.9,
                      "precision": "city", "text": "Nyala", "basis": "sentence"}}


def test_fatalities_are_the_lowest_report_and_hypotheticals_never_count():
    actors = {"a": {"id": "a", "name": "Rapid Support Forces", "type": "armed_group", "country": "SD", "inter": 2},
              "b": {"id": "b", "name": "Military Forces of Sudan", "type": "government", "country": "SD", "inter": None}}
    events = [_event("e1", "c1", killed=12), _event("e2", "c1", killed=9, article="art2"),
              _event("e3", "c1", killed=3, hypothetical=True, article="art3"), _event("e4", killed=5, negated=True)]
    rows = acled.acled_rows(events, actors, {}, {"art1": "Boom", "art2": "Bang"}, timestamp=1)
    assert len(rows) == 1
    (r,) = rows
    assert r["fatalities"] == 9 and r["n_reports"] == 2 and r["n_articles"] == 2
    assert (r["inter1"], r["inter2"], r["interaction"]) == (2, 1, 12)  # inter2 from the type table: state in its country
    assert (r["country"], r["iso"], r["region"], r["admin1"]) == ("Sudan", 729, "Northern Africa", "South Darfur")
    assert r["disorder_type"] == "Political violence" and r["event_id_cnty"] == "SDN-c1"


def test_interaction_codes():
    assert acled.interaction(1, 2) == 12 and acled.interaction(3, 1) == 13
    assert acled.interaction(1, None) == 10 and acled.interaction(None, None) is None
