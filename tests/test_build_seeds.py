"""End to end on the real seeds: `build` then the export contract, checked against what the texts say.

Reads ../shared/seeds (skipped without it). One build per module: the checks read its export.
"""
from __future__ import annotations

import json
import re

import pytest

import newsgraph

pytestmark = [pytest.mark.seeds, pytest.mark.slow]


@pytest.fixture(scope="module")
def built(seeds_dir, tmp_path_factory):
    root = tmp_path_factory.mktemp("seeds-build")
    db = f"sqlite:///{root / 'seeds.db'}"
    first = newsgraph.build([str(seeds_dir)], db=db)
    again = newsgraph.build([str(seeds_dir)], db=db)
    newsgraph.export(root / "out", db=db)
    files = {}
    for name in ("articles", "actors", "places", "dates", "events", "relations", "quotes"):
        with open(root / "out" / f"{name}.jsonl", encoding="utf-8") as fh:
            files[name] = [json.loads(line) for line in fh]
    return first, again, files


def _article(files, stem: str, part: int = 0) -> dict:
    return next(a for a in files["articles"] if a["path"].endswith(stem + ".txt") and a["part"] == part)


def _actor_with(files, alias: str) -> dict:
    found = [a for a in files["actors"] if alias in a["aliases"]]
    assert len(found) == 1, (alias, [a["name"] for a in found])
    return found[0]


def test_build_is_incremental_and_idempotent(built):
    first, again, files = built
    assert first.ingest.added == 6 and first.processed == 6 and first.ok
    assert again.ingest.added == 0 and again.processed == 0
    assert len(files["articles"]) == 6


def test_one_actor_per_real_entity(built):
    _, _, files = built
    haftar = _actor_with(files, "Haftar")
    assert haftar["type"] == "person" and "Khalifa Haftar" in haftar["aliases"]
    assert len(haftar["articles"]) >= 5  # every seed about Libya mentions him
    daesh = _actor_with(files, "Daesh")
    assert {"ISIS", "ISIL"} <= set(daesh["aliases"]) and daesh["type"] == "armed_group"
    gna = _actor_with(files, "GNA")
    assert "Government of National Accord" in gna["aliases"]


def test_tripoli_is_libyas(built):
    _, _, files = built
    tripoli = [p for p in files["places"] if p["text"] == "Tripoli"]
    assert len(tripoli) >= 5
    assert {p["country"] for p in tripoli} == {"LY"} and {p["geonames_id"] for p in tripoli} == {2210247}


def test_dates_follow_the_publication_date_and_invent_no_year(built):
    _, _, files = built
    mint = _article(files, "002_6f2dabe29688e59e")
    assert mint["published"] == "2019-04-16" and mint["published_basis"] == "dateline"
    sunday = [d for d in files["dates"] if d["article"] == mint["id"] and d["text"] == "Sunday"]
    assert sunday and {d["value"] for d in sunday} == {"2019-04-14"}
    tribune = _article(files, "001_180ea50e5db810ba")
    assert tribune["published"] is None
    values = [d["value"] for d in files["dates"] if d["article"] == tribune["id"] and d["value"]]
    assert "--09-19" in values
    assert not [v for v in values if re.match(r"\d{4}", v)], values  # the text states no year


def test_events_relations_and_counts(built):
    _, _, files = built
    ids = {a["id"]: a["name"] for a in files["actors"]}
    haftar = _actor_with(files, "Haftar")["id"]
    six = [e for e in files["events"] if e["killed"] == 6 and e["injured"] == 10]
    assert six and six[0]["type"] == "ASSAULT"
    threats = [e for e in files["events"] if e["type"] == "THREATEN" and haftar in e["actor"]]
    assert threats
    backers = {ids.get(r["source"]) for r in files["relations"]
               if r["target"] == haftar and r["type"] in ("supports", "arms", "funds")}
    assert {"United Arab Emirates", "Egypt", "France", "Russia", "Saudi Arabia"} <= backers, backers
    texts = {a["id"]: a["text"] for a in files["articles"]}
    for e in files["events"]:  # every report is a real span of its article's clean text
        for rep in e["reports"]:
            assert 0 <= rep["start"] < rep["end"] <= len(texts[rep["article"]])
