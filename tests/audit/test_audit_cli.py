"""`newsgraph audit`: the tables and the JSON render the same report."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from newsgraph.cli import app


def store(builder) -> str:
    d = builder.add("Gunmen shelled Harbourton on Monday. Read our Privacy Policy. Harbour Council met.")
    d.actor("g", "Harbour Gunmen", "armed_group")
    d.actor("p", "Privacy Policy", "other")
    d.mention("Gunmen", "g", label="ORG")
    d.mention("Privacy Policy", "p", label="ORG")
    d.event("Gunmen shelled Harbourton on Monday.", "ASSAULT", actor=["g"], date="2024-02-26")
    return builder.write()


def test_audit_json_and_tables(builder):
    url = store(builder)
    runner = CliRunner()
    res = runner.invoke(app, ["audit", "--db", url, "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["headline"]["events_per_article"] == 1.0
    assert data["headline"]["suspects.furniture_actor"] == 1
    assert data["overall"]["suspects"]["furniture_actor"]["examples"][0]["actor_id"] == "p"
    assert data["overall"]["events"]["all"]["date_basis"] == "not recorded"
    res = runner.invoke(app, ["audit", "--db", url], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    for words in ("ASSAULT events", "suspects", "furniture_actor", "Privacy Policy", "not recorded"):
        assert words in res.stdout, words


def test_audit_of_a_missing_pipeline_version_is_empty_not_an_error(builder):
    url = store(builder)
    res = CliRunner().invoke(app, ["audit", "--db", url, "--json", "--pipeline-version", "pipe-none"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["overall"]["articles"] == 0
