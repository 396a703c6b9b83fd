"""The harness end to end on the fixtures, with the real systems (no stand-ins): every task runs, the
baselines score what they should, the numbers that do not depend on the system (gold counts, reader
reports) are exact, and a missing data set is reported as unavailable instead of crashing."""
from __future__ import annotations

import json

import pytest

from newsgraph.evaluation import TASKS, evaluate, flatten, format_report


@pytest.fixture(scope="module")
def all_tasks(fx):
    return evaluate("all", data=fx)


def test_unknown_task_is_an_error():
    with pytest.raises(ValueError, match="unknown evaluation task"):
        evaluate("nope")
    assert set(TASKS) == {"geo", "time", "events", "arguments", "coref", "actors", "framing"}


def test_all_runs_every_task_and_reports_it(all_tasks):
    assert set(all_tasks["results"]) == set(TASKS)
    assert all(r["status"] == "ok" for r in all_tasks["results"].values())
    text = format_report(all_tasks)
    assert all(f"== {t}" in text for t in TASKS)
    json.dumps(all_tasks)  # plain data all the way down (the CLI prints it with --json)


def test_geo(all_tasks):
    res = all_tasks["results"]["geo"]
    gwn = res["datasets"]["GWN"]
    assert gwn["system"]["n"] == 2  # the demonym without coordinates is not scored
    assert gwn["baseline"]["exact_id"] == pytest.approx(1.0)  # both are their country's largest
    assert 0.0 <= gwn["system"]["exact_id"] <= 1.0 and "detection" in gwn["system"]
    variant = res["datasets"]["location_variant"]  # any other file of the family is scored too
    assert variant["reader"]["repaired"] == {"1-based offsets": 1, "shifted offsets": 1}
    assert variant["system"]["n"] == 2 and variant["system"]["exact_id"] is None  # no ids in this schema


def test_time(all_tasks):
    tb = all_tasks["results"]["time"]["datasets"]["TimeBank"]
    assert tb["system"]["values"]["n"] == 2 and tb["system"]["values"]["out_of_scope"] == 2
    assert "value_acc" in tb["baseline"]["values"]
    assert set(tb["system"]["extraction"]) == {"strict", "relaxed", "value"}


def test_events(all_tasks):
    ds = all_tasks["results"]["events"]["datasets"]
    assert ds["CASE2021"]["baseline"]["n"] == 3
    assert ds["CASE2021"]["baseline"]["per_label"]["AIR_STRIKE"]["tp"] == 1
    assert ds["CASE2021"]["system"]["n"] == 3
    assert ds["PETR"]["system"]["records_skipped_unmapped"] == 1
    assert ds["PLOVER_GSR"]["system"]["n"] == ds["PLOVER_GSR"]["baseline"]["n"]


def test_arguments_coref_actors_framing(all_tasks):
    res = all_tasks["results"]
    gvdb = res["arguments"]["datasets"]["GVDB"]
    assert gvdb["baseline"]["date"]["n"] == gvdb["system"]["date"]["n"] == 2
    ecb = res["coref"]["datasets"]["ECB+"]
    assert ecb["mentions"] == 4 and 0.0 <= ecb["baseline_events"]["conll_f1"] <= 1.0
    assert 0.0 <= ecb["system"]["events"]["conll_f1"] <= 1.0
    re3d = res["actors"]["datasets"]["re3d"]
    assert set(re3d["system"]) == {"entities", "aliases"} and "FightingAgainst" in re3d["system_relations"]
    basil = res["framing"]["datasets"]["BASIL"]
    assert basil["baseline_stance_outlet_prior"]["accuracy"] == 1.0
    assert basil["baseline_stance_majority"]["accuracy"] == pytest.approx(1 / 3)
    assert basil["per_outlet_gold"]["fox"]["stance:right"] == 1
    assert set(basil["system"]) == {"lexical_bias", "stance", "per_outlet_pred"}


def test_missing_data_is_reported_not_raised(tmp_path):
    res = evaluate("framing", data=tmp_path / "nothing-here")
    assert res["datasets"]["BASIL"]["status"] == "unavailable"
    assert "datasets.BASIL.reason" in flatten(res)
