"""`newsgraph audit`: the tables and the JSON render the same report (store written by hand, our own
sentences)."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.records import Actor, Article, DateValue, Event, Evidence, Facts, Mention
from newsgraph.store import open_store

TEXT = "Gunmen shelled Harbourton on Monday. Read our Privacy Policy. Harbour Council met."


def _store(url: str) -> str:
    art = Article.from_text(TEXT, id="a1")
    art.source, art.published, art.published_basis, art.raw_sha = "Harbour Times", "2024-03-02", "dateline", "raw-a1"

    def ev(surface: str) -> Evidence:
        i = TEXT.index(surface)
        return Evidence("a1", i, i + len(surface))

    facts = Facts(article="a1", pipeline_version="pipe-cli-audit",
                  actors=[Actor("g", "Harbour Gunmen", "armed_group", aliases={"Gunmen": 1}),
                          Actor("p", "Privacy Policy", "other", aliases={"Privacy Policy": 1})],
                  mentions=[Mention(ev("Gunmen"), "Gunmen", "ORG", "g", 0.9),
                            Mention(ev("Privacy Policy"), "Privacy Policy", "ORG", "p", 0.9)],
                  events=[Event(id="e1", type="ASSAULT", mode=None, evidence=ev("Gunmen shelled Harbourton on Monday."),
                                trigger="shelled", actor=["g"], date=DateValue("2024-02-26", "day", "Monday"))])
    with open_store(url, dedup=None) as st:
        st.write_articles([art])
        st.write_facts([facts])
    return url


def test_audit_json_and_tables(tmp_db):
    url = _store(tmp_db)
    runner = CliRunner()
    res = runner.invoke(app, ["audit", "--db", url, "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["headline"]["events_per_article"] == 1.0
    assert data["headline"]["suspects.furniture_actor"] == 1
    assert data["overall"]["suspects"]["furniture_actor"]["examples"][0]["actor_id"] == "p"
    # events.date_basis exists since migration 0007: the event's date came from its own text
    assert data["overall"]["events"]["all"]["date_basis"] == {"explicit": 1}
    assert data["pipeline_versions"] == {"pipe-cli-audit": 1}
    res = runner.invoke(app, ["audit", "--db", url], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    for words in ("ASSAULT events", "suspects", "furniture_actor", "Privacy Policy"):
        assert words in res.stdout, words


def test_audit_of_a_missing_pipeline_version_is_empty_not_an_error(tmp_db):
    url = _store(tmp_db)
    res = CliRunner().invoke(app, ["audit", "--db", url, "--json", "--pipeline-version", "pipe-none"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["overall"]["articles"] == 0
