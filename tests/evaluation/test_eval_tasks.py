"""Task scorers end to end on the fixtures: baselines are scored, system adapters call the entry
points the harness documents (fake modules stand in for them here), and a missing system is reported
as unavailable instead of crashing."""
from __future__ import annotations

import json
import sys
import types

import pytest

from newsgraph.evaluation import TASKS, evaluate, flatten, format_report
from newsgraph.records import DateMention, DateValue, Event, Evidence, PlaceMention


def _fake(monkeypatch, name: str, **attrs) -> None:
    mod = types.ModuleType(name)
    for k, v in attrs.items():
        setattr(mod, k, v)
    monkeypatch.setitem(sys.modules, name, mod)


def _missing(monkeypatch, name: str) -> None:
    monkeypatch.setitem(sys.modules, name, None)  # makes `import name` raise ImportError


def test_unknown_task_is_an_error():
    with pytest.raises(ValueError, match="unknown evaluation task"):
        evaluate("nope")
    assert set(TASKS) == {"geo", "time", "events", "arguments", "coref", "actors", "framing", "realnews"}


def test_geo_scores_system_through_resolve_spans_and_detect_spans(monkeypatch, fx):
    coords = {"Tripoli": (32.88743, 13.18733, 2210247), "Paris": (48.85341, 2.3488, 2988507)}

    def resolve_spans(text, spans):
        out = []
        for s, e in spans:
            lat, lon, gid = coords.get(text[s:e], (0.0, 0.0, None))
            out.append(PlaceMention(Evidence("", s, e), text[s:e], None, None, None, lat, lon, gid, "city"))
        return out

    _fake(monkeypatch, "newsgraph.places", resolve_spans=resolve_spans,
          detect_spans=lambda text: [(text.index("Tripoli"), text.index("Tripoli") + 7)] if "Tripoli" in text else [])
    res = evaluate("geo", data=fx / "geo")
    gwn = res["datasets"]["GWN"]
    assert gwn["system"]["n"] == 2  # the demonym without coordinates is not scored
    assert gwn["system"]["exact_id"] == pytest.approx(0.5)
    assert gwn["system"]["acc161"] == pytest.approx(0.5)
    assert gwn["system"]["detection"]["exact"]["r"] == pytest.approx(0.5)
    assert gwn["baseline"]["exact_id"] == pytest.approx(1.0)  # both are their country's largest
    assert res["datasets"]["LGL"]["system"]["exact_id"] == pytest.approx(0.5)
    variant = res["datasets"]["location_variant"]  # any other file of the family is scored too
    assert variant["reader"]["repaired"] == {"1-based offsets": 1, "shifted offsets": 1}
    assert variant["system"]["n"] == 2 and variant["system"]["exact_id"] is None  # no ids in this schema
    assert "GWN" in format_report(res)


def test_geo_without_places_module_reports_unavailable(monkeypatch, fx):
    _missing(monkeypatch, "newsgraph.places")
    res = evaluate("geo", data=fx / "geo")
    assert res["datasets"]["GWN"]["system"]["status"] == "unavailable"
    assert res["datasets"]["GWN"]["baseline"]["n"] == 2


def test_time_scores_values_and_extraction(monkeypatch, fx):
    def normalize(text, anchor):
        return DateValue("2019-04-04" if "Thursday" in text else None, "day")

    def find_dates(text, anchor):
        s = text.index("last Thursday")
        return [DateMention(Evidence("", s, s + 13), "last Thursday", "2019-04-04", "day")]

    _fake(monkeypatch, "newsgraph.dates", normalize=normalize, find_dates=find_dates)
    res = evaluate("time", data=fx / "time")
    tb = res["datasets"]["TimeBank"]
    assert tb["system"]["values"]["n"] == 2 and tb["system"]["values"]["value_acc"] == pytest.approx(0.5)
    assert tb["system"]["values"]["out_of_scope"] == 2
    ext = tb["system"]["extraction"]
    assert ext["strict"]["p"] == 1.0 and ext["strict"]["r"] == pytest.approx(0.25)
    assert ext["value"]["tp"] == 1
    assert "value_acc" in tb["baseline"]["values"]


def test_events_baseline_and_system_adapters(monkeypatch, fx):
    def find_events(text):
        typ = "ASSAULT" if "fought" in text else "AGREE"  # CAMEO 19 is ASSAULT in current PLOVER
        return [Event("e", typ, None, Evidence("", 0, 1), "x", actor=["Rival Councils"])]

    _fake(monkeypatch, "newsgraph.events", find_events=find_events, acled_subtype=lambda t: "AIR_STRIKE")
    res = evaluate("events", data=fx / "events")
    case = res["datasets"]["CASE2021"]
    assert case["system"]["accuracy"] == pytest.approx(1 / 3)
    assert case["baseline"]["n"] == 3
    plover = res["datasets"]["PLOVER_GSR"]["system"]
    assert plover["type_acc"] == pytest.approx(0.5) and plover["actor_match"] == 1.0
    petr = res["datasets"]["PETR"]["system"]
    assert petr["per_category"]["DEMO"] == {"correct": 1, "missed": 0, "extra": 0}
    assert petr["per_category"]["VERB"]["extra"] == 1  # an event found where gold has none
    assert petr["records_skipped_unmapped"] == 1


def test_events_without_system_still_scores_keyword_baseline(monkeypatch, fx):
    _missing(monkeypatch, "newsgraph.events")
    res = evaluate("events", data=fx / "events")
    assert res["datasets"]["CASE2021"]["system"]["status"] == "unavailable"
    assert res["datasets"]["CASE2021"]["baseline"]["per_label"]["AIR_STRIKE"]["tp"] == 1


def test_arguments_system_adapter(monkeypatch, fx):
    def find_events(text):
        place = PlaceMention(Evidence("", 0, 1), "Springfield", "Springfield", "US", None, 0, 0, None, "city")
        return [Event("e", "ASSAULT", None, Evidence("", 0, 1), "shot", date=DateValue("2016-03-05", "day"),
                      place=place, killed=1)]

    _fake(monkeypatch, "newsgraph.events", find_events=find_events)
    res = evaluate("arguments", data=fx / "arguments")["datasets"]["GVDB"]
    assert res["system"]["city"] == {"n": 1, "acc": 1.0}
    assert res["system"]["date"]["acc"] == pytest.approx(0.5)
    assert res["baseline"]["date"]["n"] == 2


def test_coref_lemma_baseline_and_system(monkeypatch, fx):
    _fake(monkeypatch, "newsgraph.consolidate",
          cluster_mentions=lambda items: [it["trigger"][:6] for it in items],
          cluster_documents=lambda docs: [n.endswith("plus") for n, _ in docs])
    res = evaluate("coref", data=fx / "coref")["datasets"]["ECB+"]
    assert res["mentions"] == 4
    assert res["system"]["events"]["conll_f1"] == pytest.approx(1.0)  # "attack" prefix joins the pair
    assert res["system"]["docs"]["ari"] == pytest.approx(1.0)
    assert 0.0 <= res["baseline_events"]["conll_f1"] <= 1.0


def test_actors_and_relations(monkeypatch, fx):
    def find_entities(text):
        s = text.index("Islamic State")
        return [(s, s + 13, "Organisation"), (text.index("Raqqa"), text.index("Raqqa") + 5, "Location")]

    def alias_pairs(text):
        s = text.index("Islamic State")
        return [((s, s + 13), (text.index("(IS)") + 1, text.index("(IS)") + 3))]

    def span_relations(text):
        s = text.index("Islamic State")
        k = text.index("Kurdish forces")
        return [((k, k + 14), (s, s + 13), "fights")]

    _fake(monkeypatch, "newsgraph.actors", find_entities=find_entities, alias_pairs=alias_pairs)
    _fake(monkeypatch, "newsgraph.relations", span_relations=span_relations)
    res = evaluate("actors", data=fx / "actors")["datasets"]["re3d"]
    ents = res["system"]["entities"]
    assert ents["all"]["p"] == 1.0 and ents["all"]["r"] == pytest.approx(2 / 5)
    assert res["system"]["aliases"]["f1"] == 1.0  # both directions of IsSynonymOf are one pair
    assert res["system_relations"]["FightingAgainst"]["f1"] == 1.0


def test_framing_stance_baselines_and_missing_system(monkeypatch, fx):
    _missing(monkeypatch, "newsgraph.framing")
    res = evaluate("framing", data=fx / "framing")
    basil = res["datasets"]["BASIL"]
    assert basil["system"]["status"] == "unavailable"
    assert basil["baseline_stance_outlet_prior"]["accuracy"] == 1.0
    assert basil["baseline_stance_majority"]["accuracy"] == pytest.approx(1 / 3)
    assert basil["per_outlet_gold"]["fox"]["stance:right"] == 1
    flat = flatten(res)
    assert "datasets.BASIL.system.reason" in flat


def test_framing_system_adapter(monkeypatch, fx):
    def spans(text):
        s = text.index("reckless")
        return [(s, s + 8)]

    _fake(monkeypatch, "newsgraph.framing", lexical_bias_spans=spans, article_stance=lambda t: "center")
    basil = evaluate("framing", data=fx / "framing")["datasets"]["BASIL"]
    lex = basil["system"]["lexical_bias"]
    assert lex["exact"]["tp"] == 0 and lex["relaxed"]["tp"] == 3  # gold span is "reckless " (with space)
    assert basil["system"]["stance"]["accuracy"] == pytest.approx(1 / 3)


def test_all_runs_every_task(monkeypatch, fx):
    for name in ("newsgraph.places", "newsgraph.dates", "newsgraph.events", "newsgraph.consolidate",
                 "newsgraph.actors", "newsgraph.relations", "newsgraph.framing"):
        _missing(monkeypatch, name)
    res = evaluate("all", data=fx)
    assert set(res["results"]) == set(TASKS)
    json.dumps(res)  # the CLI's --json prints the result as is
    text = format_report(res)
    assert all(f"== {t}" in text for t in TASKS)


def test_events_classify_snippet_entry_point(monkeypatch, fx):
    """The event system's snippet classifier (no actors) is used when find_events is absent."""

    def classify_snippet(text, nlp=None):
        return ("ASSAULT", None, 0.9) if "fought" in text or "bombed" in text else ("NONE", None, 0.0)

    def case_code(typ, mode, text):
        return "AIR_STRIKE" if typ == "ASSAULT" else "OTHER"

    _fake(monkeypatch, "newsgraph.events", classify_snippet=classify_snippet, case_code=case_code,
          NO_EVENT="NONE")
    res = evaluate("events", data=fx / "events")
    assert res["datasets"]["CASE2021"]["system"]["per_label"]["AIR_STRIKE"]["tp"] == 1
    petr = res["datasets"]["PETR"]["system"]
    assert petr["per_category"]["DEMO"]["correct"] == 1 and petr["per_category"]["VERB"]["extra"] == 0
    assert res["datasets"]["PLOVER_GSR"]["system"]["actor_n"] == 0
