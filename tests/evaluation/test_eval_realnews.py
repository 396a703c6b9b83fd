"""eval realnews: the readers, the timeline-recall rule, the WikiEvents argument scoring, and the
task end to end on fixtures we wrote (tests/evaluation/fixtures/realnews)."""
from __future__ import annotations

import datetime as dt

import pytest

from newsgraph.evaluation import TASKS, evaluate, flatten, format_report
from newsgraph.evaluation.read_timeline17 import pick_evenly, read_articles, read_timeline
from newsgraph.evaluation.read_wikievents import read_wikievents
from newsgraph.evaluation.task_realnews import baseline_heads, gold_heads, score_roles, system_heads
from newsgraph.evaluation.timeline_recall import Idf, content_words, events_by_day, fold, recall
from newsgraph.records import Event, Evidence, Facts, Mention, PlaceMention


@pytest.fixture(scope="module")
def rn(fx):
    return fx / "realnews"


# -- timeline17 ----------------------------------------------------------------------------------------
def test_read_timeline(rn):
    tl, rep = read_timeline(rn / "timeline17" / "timelines" / "Harbour_wire_tl1.txt")
    assert tl.name == "Harbour_wire_tl1"
    assert [e.day for e in tl.entries] == [dt.date(2024, 3, 1), dt.date(2024, 3, 3), dt.date(2024, 6, 20)]
    assert tl.entries[1].sentences[1].startswith("Traders protest")
    assert not tl.entries[0].sentences[0].startswith("-")
    assert rep.read == 3 and not rep.skipped


def test_pick_evenly_spreads_a_subset():
    assert pick_evenly(10, 3) == [0, 3, 6]
    assert pick_evenly(4, None) == [0, 1, 2, 3] == pick_evenly(4, 9)


def test_read_articles_prefers_timeline_days(rn):
    path = rn / "timeline17" / "Harbour_wire.jsonl"
    lines, rep = read_articles(path)
    assert len(lines) == 3 and rep.read == 3
    two, _ = read_articles(path, 2, prefer_days={dt.date(2024, 4, 9)})
    # the ferry story (published 2024-04-10, a day after the preferred day) comes first, then the
    # first of the others; the file order is kept
    assert ['"t17://fixture/1"' in two[0], '"t17://fixture/3"' in two[1]] == [True, True]


def test_fold_and_content_words():
    assert fold("killed") == fold("kills") == fold("killing") == "kill"
    assert fold("protesters") == "protester" and fold("marches") == "march" and fold("cities") == "city"
    words = content_words("Security forces said they killed 44 people in Deraa .")
    assert words == {"security", "force", "kill", "44", "deraa"}  # no stop or reporting words


def test_timeline_recall_window_control_and_ratio(rn):
    tl, _ = read_timeline(rn / "timeline17" / "timelines" / "Harbour_wire_tl1.txt")
    idf = Idf.of(["Militia gunners shelled a market.", "The council met.", "Ferries sail.", "Ships dock."])
    by_day = events_by_day([
        ("2024-03-02", "Militia gunners shelled the fish market of Port Selim, killing four traders."),  # +1 day
        ("2024-04-02", "Militia gunners shelled the fish market again."),  # 30 days after the 3rd: the control
        ("2024-03-09", "The harbour council voted to close the harbour to cargo ships."),  # 6 days off
        ("not a date", "ignored"),
    ])
    span = (dt.date(2024, 3, 1), dt.date(2024, 4, 10))
    r = recall(tl, by_day, idf, span)
    assert (r["gold_days"], r["days_in_span"]) == (3, 2)  # the June day is outside the corpus' span
    assert r["recalled"] == 1 and r["recall"] == 0.5
    # the control moves 2024-03-01 to 03-31 (no event) and 03-03 to 04-02, where generic words about
    # the shelling do not match the council's vote
    assert r["control_recalled"] == 0 and r["control_recall"] == 0.0 and r["ratio"] is None
    shifted = events_by_day([("2024-04-01", "Militia gunners shelled the fish market of Port Selim, killing four traders.")])
    c = recall(tl, shifted, idf, span)
    assert c["recalled"] == 0 and c["control_recalled"] == 1


# -- WikiEvents ------------------------------------------------------------------------------------------
def test_read_wikievents_rebuilds_a_spaced_text(rn):
    docs, rep = read_wikievents(rn / "wikievents" / "dev.jsonl")
    (doc,) = docs
    assert doc.text.startswith("Gunmen attacked a police post in Kastro on Monday.\nTwo officers died")
    assert rep.skipped == {"trigger outside the tokens": 1}
    attack = doc.events[0]
    assert doc.text[attack.trigger_start:attack.trigger_end] == "attacked"
    assert {a.role: a.text for a in attack.arguments} == {"Attacker": "Gunmen", "Target": "police post", "Place": "Kastro"}
    s, e = doc.sentences[doc.events[1].sentence]
    assert doc.text[s:e] == "Two officers died in the attack."


def test_gold_system_and_baseline_heads(rn, nlp_base):
    (wd,) = read_wikievents(rn / "wikievents" / "dev.jsonl")[0]
    doc = nlp_base(wd.text)
    attack, death = wd.events[0], wd.events[1]
    assert gold_heads(doc, attack) == {"attacker": {"gunmen"}, "target": {"post"}, "place": {"kastro"}}
    assert gold_heads(doc, death) == {"victim": {"officers"}}

    def ev_of(surface: str) -> Evidence:
        i = wd.text.index(surface)
        return Evidence("a", i, i + len(surface))

    s0 = wd.sentences[0]
    sentence = Evidence("a", s0[0], s0[1])
    facts = Facts(article="a", pipeline_version="t", mentions=[
        Mention(ev_of("Gunmen"), "Gunmen", "ORG", "g"), Mention(ev_of("police post"), "police post", "ORG", "p"),
        Mention(ev_of("officers"), "officers", "PERSON", "o")])
    facts.events = [
        Event(id="e1", type="ASSAULT", mode=None, evidence=sentence, trigger="attacked", actor=["g"], recipient=["p"],
              place=PlaceMention(ev_of("Kastro"), "Kastro", "Kastro", "GR", None, 0.0, 0.0, None, "city")),
        Event(id="e2", type="STATEMENT", mode=None, evidence=sentence, trigger="x", actor=["o"]),  # not violent
    ]
    pred = system_heads(doc, facts, attack, s0)
    assert pred == {"attacker": {"gunmen"}, "target": {"post"}, "place": {"kastro"}}
    assert system_heads(doc, facts, death, wd.sentences[1]) == {}  # no ASSAULT in that sentence
    base = baseline_heads(doc, attack, s0)
    assert set(base) <= {"attacker", "target", "place"}  # whatever spaCy tags, roles stay in their place


def test_score_roles_counts_heads_per_role():
    pairs = [({"attacker": {"gunmen"}, "place": {"kastro"}}, {"attacker": {"gunmen"}, "place": {"selim"}}),
             ({"victim": {"officers"}}, {"victim": {"officers", "police"}})]
    s = score_roles(pairs)
    assert (s["attacker"]["p"], s["attacker"]["r"]) == (1.0, 1.0)
    assert (s["place"]["p"], s["place"]["r"]) == (0.0, 0.0)
    assert (s["victim"]["p"], s["victim"]["r"]) == (0.5, 1.0)
    assert s["target"]["n_gold"] == 0


# -- the task ------------------------------------------------------------------------------------------
def test_realnews_is_a_task():
    assert TASKS["realnews"] == "newsgraph.evaluation.task_realnews"


@pytest.mark.slow
def test_realnews_end_to_end_on_fixtures(rn):
    res = evaluate("realnews", data=rn, limit=3)
    corpus = res["datasets"]["Harbour_wire"]
    assert corpus["articles"] == 3 and corpus["failed"] == 0
    assert corpus["audit"]["events_per_article"] > 0
    assert "furniture_actor" in corpus["suspects"] and "place_as_person_top300" in corpus["suspects"]
    tl = corpus["timelines"]["tl1"]
    assert tl["days_in_span"] == 2 and 0 <= tl["recall"] <= 1 and 0 <= tl["control_recall"] <= 1
    wiki = res["datasets"]["WikiEvents"]
    assert wiki["events"] == 2  # the attack and the death; the broadcast is out of scope, E4 unreadable
    assert set(wiki["system"]) >= {"attacker", "target", "victim", "place"}
    assert wiki["baseline"]["victim"]["n_gold"] == 1
    flat = flatten(res)
    assert "datasets.WikiEvents.system.attacker.f1" in flat and "datasets.Harbour_wire.timeline_recall" in flat
    assert "Harbour_wire" in format_report(res)


def test_realnews_without_data_is_unavailable(tmp_path):
    res = evaluate("realnews", data=tmp_path)
    assert res["datasets"]["timeline17"]["status"] == "unavailable"
    assert res["datasets"]["WikiEvents"]["status"] == "unavailable"
