"""The `events`, `relations`, `show event` and `show actor` commands through typer's runner, on a store
written here (Facts we construct), and the seed check on the real seed articles."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newsgraph.cli import EXIT_USAGE, app
from newsgraph.records import (Actor, Article, DateValue, Event, Evidence, Facts, Mention, PlaceMention, Quote,
                               Relation)
from newsgraph.store import open_store
from newsgraph.version import PIPELINE_VERSION

# Invented places and groups; the sentences are ours.
TEXT_A = ("Hill Front gunmen shelled the market of Lowtown on 3 March 2023, killing two traders. "
          "The River Union said it might retaliate against the Hill Front. "
          "Diplomats said the Eastern League had sent mortars to the Hill Front.")
TEXT_B = ("River Union and Hill Front delegates met in Midcity on 9 April 2023. "
          "\"Nobody wins this war,\" the River Union envoy said.")
FRONT = Actor("act-front", "Hill Front", "armed_group", "ZY", aliases={"Hill Front": 2})
UNION = Actor("act-union", "River Union", "armed_group", "ZY", aliases={"River Union": 2})
LEAGUE = Actor("act-league", "Eastern League", "state", "QX", aliases={"Eastern League": 1})
WIDE = {"COLUMNS": "400"}  # rich folds cells at the default 80 columns; sentences must stay whole


def sentences(text: str) -> list[str]:
    return [s if s.endswith(".") else s + "." for s in text.split(". ")]


def ev(article: Article, phrase: str) -> Evidence:
    start = article.text.index(phrase)
    return Evidence(article.id, start, start + len(phrase))


def _article(id_: str, text: str, source: str, published: str) -> Article:
    return Article(id=id_, path=f"in/{id_}.txt", part=0, source=source, source_basis="signature", title=None,
                   published=published, published_basis="dateline", text=text, raw_sha=f"raw-{id_}", format="txt",
                   cleaning_version="c1")


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli_events') / 'store.db'}"
    a = _article("aaaa0000000000a1", TEXT_A, "Valley Herald", "2023-03-04")
    b = _article("bbbb0000000000b2", TEXT_B, "Delta Daily", "2023-04-10")
    sa, sb = sentences(TEXT_A), sentences(TEXT_B)
    lowtown = PlaceMention(ev(a, "Lowtown"), "Lowtown", "Lowtown", "ZY", None, 5.0, 6.0, 7001, "city", 0.9)
    midcity = PlaceMention(ev(b, "Midcity"), "Midcity", "Midcity", "ZY", None, 5.5, 6.5, 7002, "city", 0.9)
    facts = [
        Facts(article=a.id, pipeline_version=PIPELINE_VERSION, actors=[FRONT, UNION, LEAGUE], places=[lowtown],
              mentions=[Mention(ev(a, "Hill Front"), "Hill Front", "ORG", FRONT.id),
                        Mention(ev(a, "River Union"), "River Union", "ORG", UNION.id),
                        Mention(ev(a, "Eastern League"), "Eastern League", "ORG", LEAGUE.id)],
              events=[Event("evt-shelling01", "ASSAULT", "heavy-weapons", ev(a, sa[0]), "shelled", [FRONT.id], [],
                            DateValue("2023-03-03", "day", "3 March 2023"), lowtown, killed=2, confidence=0.8),
                      Event("evt-retaliate1", "THREATEN", None, ev(a, sa[1]), "retaliate", [UNION.id], [FRONT.id],
                            hypothetical=True, confidence=0.5),
                      Event("evt-mortars01", "AID", None, ev(a, sa[2]), "sent", [LEAGUE.id], [FRONT.id],
                            confidence=0.6)],
              relations=[Relation(LEAGUE.id, FRONT.id, "arms", ev(a, "the Eastern League had sent mortars"),
                                  confidence=0.6)]),
        Facts(article=b.id, pipeline_version=PIPELINE_VERSION, actors=[FRONT, UNION], places=[midcity],
              mentions=[Mention(ev(b, "River Union"), "River Union", "ORG", UNION.id),
                        Mention(ev(b, "Hill Front"), "Hill Front", "ORG", FRONT.id)],
              events=[Event("evt-talks0001", "CONSULT", None, ev(b, sb[0]), "met", [UNION.id, FRONT.id], [],
                            DateValue("2023-04-09", "day", "9 April 2023"), midcity, confidence=0.7)],
              relations=[Relation(UNION.id, FRONT.id, "negotiates_with", ev(b, sb[0]), date="2023-04-09")],
              quotes=[Quote(ev(b, "Nobody wins this war,"), "Nobody wins this war,", UNION.id)]),
    ]
    with open_store(url, dedup=None) as st:
        st.write_articles([a, b])
        st.write_facts(facts)
    return url


runner = CliRunner()


def run(db: str, *args: str):
    return runner.invoke(app, [*args, "--db", db], env=WIDE)


def ids(db: str, *args: str) -> list[str]:
    """Event ids listed; the hypothetical threat is included (the default leaves it out, see below)."""
    result = run(db, "events", "--include-hypothetical", *args, "--json")
    assert result.exit_code == 0, result.output
    return [e["id"] for e in json.loads(result.stdout)]


def test_events_filters(db):
    # by date (undated ones under their article's date), then text order
    assert ids(db) == ["evt-shelling01", "evt-retaliate1", "evt-mortars01", "evt-talks0001"]
    assert sorted(ids(db, "--actor", "River Union")) == ["evt-retaliate1", "evt-talks0001"]
    assert sorted(ids(db, "--actor", "act-league")) == ["evt-mortars01"]
    assert ids(db, "--type", "assault") == ids(db, "--type", "heavy-weapons") == ["evt-shelling01"]
    assert ids(db, "--since", "2023-04") == ["evt-talks0001"]
    # undated events are filed under their article's date (2023-03-04), inside "until March"
    assert ids(db, "--until", "2023-03") == ["evt-shelling01", "evt-retaliate1", "evt-mortars01"]
    assert ids(db, "--place", "midc") == ["evt-talks0001"] and len(ids(db, "--place", "ZY")) == 2
    assert ids(db, "--limit", "1") == ["evt-shelling01"]
    assert ids(db, "--actor", "Hill Front", "--type", "CONSULT", "--since", "2023-04-09") == ["evt-talks0001"]


def test_events_default_hides_noise_and_filters_like_the_web(db):
    plain = json.loads(run(db, "events", "--json").stdout)
    assert [e["id"] for e in plain] == ["evt-shelling01", "evt-mortars01", "evt-talks0001"]  # no "maybe"
    assert all(e["event"] for e in plain)  # the public id (no consolidation here: the row id)
    assert [e["id"] for e in json.loads(run(db, "events", "--min-confidence", "0.65", "--json").stdout)] == [
        "evt-shelling01", "evt-talks0001"]
    assert json.loads(run(db, "events", "--min-reports", "2", "--json").stdout) == []
    assert run(db, "events", "--date-basis", "sometimes").exit_code == EXIT_USAGE


def test_events_json_and_table(db):
    data = json.loads(run(db, "events", "--type", "ASSAULT", "--json").stdout)
    shelling = data[0]
    assert shelling["actors"] == [{"id": "act-front", "name": "Hill Front"}] and shelling["killed"] == 2
    assert shelling["evidence"] == sentences(TEXT_A)[0] and shelling["source"] == "Valley Herald"
    assert TEXT_A[shelling["start"]:shelling["end"]] == shelling["evidence"]
    table = run(db, "events", "--actor", "River Union", "--include-hypothetical")
    assert table.exit_code == 0 and "2 events" in table.stdout
    assert "THREATEN (maybe)" in table.stdout and sentences(TEXT_B)[0] in table.stdout
    assert "2023-03-04*" in table.stdout  # the article's date, marked as such


def test_events_bad_input_is_a_usage_error(db):
    assert run(db, "events", "--actor", "Nobody Such").exit_code == EXIT_USAGE
    assert run(db, "events", "--since", "March").exit_code == EXIT_USAGE


def test_relations(db):
    data = json.loads(run(db, "relations", "--json").stdout)
    assert {(r["type"], r["source"]["name"], r["target"]["name"]) for r in data} == {
        ("arms", "Eastern League", "Hill Front"), ("negotiates_with", "River Union", "Hill Front")}
    arms = json.loads(run(db, "relations", "--actor", "Eastern League", "--json").stdout)
    assert [r["type"] for r in arms] == ["arms"]
    assert arms[0]["first_seen"] == "2023-03-04" and arms[0]["outlets"] == ["Valley Herald"]
    assert arms[0]["reports"][0]["sentence"] == sentences(TEXT_A)[2]
    assert [r["type"] for r in json.loads(run(db, "relations", "--type", "negotiates_with", "--json").stdout)] == [
        "negotiates_with"]
    table = run(db, "relations", "--actor", "Hill Front")
    assert table.exit_code == 0 and "2 relations" in table.stdout and sentences(TEXT_A)[2] in table.stdout


def test_show_event_shows_the_evidence_sentence(db):
    result = run(db, "show", "event", "evt-shell")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "ASSAULT / heavy-weapons" in out and "Hill Front" in out and "Lowtown (ZY)" in out
    assert "2 killed" in out and "2023-03-03" in out and sentences(TEXT_A)[0] in out and "Valley Herald" in out
    data = json.loads(run(db, "show", "event", "evt-talks0001", "--json").stdout)
    assert {a["name"] for a in data["actors"]} == {"River Union", "Hill Front"}
    assert data["reports"][0]["sentence"] == sentences(TEXT_B)[0] and data["negated"] is False
    flagged = run(db, "show", "event", "evt-retaliate1").stdout
    assert "hypothetical" in flagged and "River Union" in flagged
    assert run(db, "show", "event", "evt-").exit_code == EXIT_USAGE  # ambiguous prefix
    assert run(db, "show", "event", "nope").exit_code == EXIT_USAGE


def test_show_actor_lists_events_relations_and_quotes(db):
    result = run(db, "show", "actor", "River Union")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "2 mentions" in out and "2 events" in out and "1 relations" in out and "1 quotes" in out
    assert "Nobody wins this war," in out and sentences(TEXT_B)[0] in out
    data = json.loads(run(db, "show", "actor", "Hill Front", "--json").stdout)
    assert len(data["events"]) == 4 and len(data["relations"]) == 2 and data["quotes"] == []


def test_seed_build_then_haftar_events_and_relations(seeds_dir, tmp_path):
    """The Tripoli offensive (April 2019) and the UAE's backing of Haftar come out of the seed articles."""
    db = f"sqlite:///{tmp_path / 'seeds.db'}"
    built = runner.invoke(app, ["build", str(seeds_dir), "--db", db, "--quiet"])
    assert built.exit_code == 0, built.output
    events = json.loads(run(db, "events", "--actor", "Haftar", "--json").stdout)
    offensive = [e for e in events if e["type"] == "ASSAULT" and "Tripoli" in (e["evidence"] or "")
                 and (e["date"] or "").startswith("2019-04")]
    assert offensive, [(e["type"], e["date"], e["evidence"][:80]) for e in events]
    relations = json.loads(run(db, "relations", "--actor", "Haftar", "--json").stdout)
    from_uae = {r["type"] for r in relations if r["source"]["name"] == "United Arab Emirates"
                and "Haftar" in r["target"]["name"]}
    assert from_uae & {"arms", "supports"}, [(r["type"], r["source"]["name"], r["target"]["name"]) for r in relations]


@pytest.mark.parametrize("fmt,name", [("csv", "events_acled.csv"), ("tsv", "events.tsv"),
                                      ("parquet", "events.parquet"), ("graphml", "graph.graphml")])
def test_export_command_writes_every_registered_format(db, tmp_path, fmt, name):
    result = run(db, "export", str(tmp_path / fmt), "--format", fmt)
    assert result.exit_code == 0, result.output
    assert (tmp_path / fmt / name).is_file() and name in result.stdout
