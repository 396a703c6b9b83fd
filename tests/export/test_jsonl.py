"""The jsonl export keeps every field of the v1 contract (../shared/spec/export.md) with its type."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from newsgraph.export.jsonl import export, write_jsonl
from newsgraph.records import (Actor, Article, DateMention, DateValue, Event, Evidence, Facts,
                               FramingLabel, Mention, PlaceMention, Quote, Relation)
from newsgraph.store import open_store

SPEC = Path(__file__).resolve().parents[2].parent / "shared" / "spec" / "export.md"
PV = "pipe-1"

STR, INT, FLOAT, BOOL, LIST, DICT, NONE = str, int, (int, float), bool, list, dict, type(None)
# file -> field -> allowed Python types (from the contract's tables)
CONTRACT = {
    "articles": {"id": STR, "path": (STR, NONE), "part": INT, "source": (STR, NONE), "title": (STR, NONE),
                 "published": (STR, NONE), "published_basis": STR, "text": STR, "duplicate_of": (STR, NONE),
                 "dropped": (LIST, NONE)},  # Additions (issue 11); null = stored before it was recorded
    "actors": {"id": STR, "name": STR, "type": STR, "country": (STR, NONE), "aliases": LIST,
               "articles": LIST, "mentions": INT,
               # Additions (issue 11 part 2): null = not known / stored before revision 0006
               "sector": (STR, NONE), "collective": (BOOL, NONE), "inter": (INT, NONE)},
    "events": {"id": STR, "type": STR, "mode": (STR, NONE), "acled_type": (STR, NONE),
               "acled_subtype": (STR, NONE), "actor": LIST, "recipient": LIST, "date": DICT,
               "place": (DICT, NONE), "killed": (INT, NONE), "injured": (INT, NONE),
               "displaced": (INT, NONE), "kidnapped": (INT, NONE), "negated": BOOL,
               "hypothetical": BOOL, "reports": LIST, "cluster": (STR, NONE), "confidence": FLOAT},
    "relations": {"id": STR, "source": STR, "target": STR, "type": STR, "first_seen": (STR, NONE),
                  "last_seen": (STR, NONE), "reports": LIST},
    "places": {"article": STR, "start": INT, "end": INT, "text": STR, "name": (STR, NONE),
               "country": (STR, NONE), "lat": (FLOAT, NONE), "lon": (FLOAT, NONE),
               "geonames_id": (INT, NONE)},
    "dates": {"article": STR, "start": INT, "end": INT, "text": STR, "value": (STR, NONE),
              "precision": STR},
    "quotes": {"article": STR, "start": INT, "end": INT, "speaker": (STR, NONE), "text": STR},
    "framing": {"source": (STR, NONE), "actor": STR, "label": STR, "count": INT, "examples": LIST},
}

TEXT = ("Rebel commanders agreed to a truce in Port Sable on 4 May 2024. \"We will hold our fire,\" "
        "the group's leader said, as the strongman's forces moved north.")


def ev(article: str, phrase: str) -> Evidence:
    start = TEXT.index(phrase)
    return Evidence(article, start, start + len(phrase))


@pytest.fixture()
def exported(tmp_db, tmp_path):
    art = Article(id=hashlib.sha256(TEXT.encode()).hexdigest()[:16], path="in/truce.txt", part=0,
                  source="Coastal Post", source_basis="signature", title="Truce agreed", published="2024-05-05",
                  published_basis="dateline", text=TEXT, raw_sha="raw-truce", format="txt",
                  cleaning_version="clean-1")
    a = art.id
    rebels = Actor("act-rebels", "Sable Rebels", "armed_group", "ZZ", aliases={"Rebel commanders": 1, "the group": 1},
                   sector="REB", collective=True, inter=2)
    army = Actor("act-army", "Northern Army", "armed_group", None, aliases={"the strongman's forces": 1})
    place = PlaceMention(ev(a, "Port Sable"), "Port Sable", "Port Sable", "ZZ", None, 1.5, 2.5, 12345, "city", 0.8)
    facts = Facts(
        article=a, pipeline_version=PV,
        mentions=[Mention(ev(a, "Rebel commanders"), "Rebel commanders", "ORG", "act-rebels"),
                  Mention(ev(a, "the group"), "the group", "ORG", "act-rebels"),
                  Mention(ev(a, "the strongman's forces"), "the strongman's forces", "ORG", "act-army")],
        actors=[rebels, army], places=[place],
        dates=[DateMention(ev(a, "4 May 2024"), "4 May 2024", "2024-05-04", "day", 0.9)],
        events=[Event("evt-truce", "AGREE", None, ev(a, TEXT.split(". ")[0]), "agreed", ["act-rebels"],
                      ["act-army"], DateValue("2024-05-04", "day", "4 May 2024"), place, confidence=0.7)],
        relations=[Relation("act-rebels", "act-army", "negotiates_with", ev(a, TEXT.split(". ")[0]),
                            date="2024-05-04", confidence=0.5)],
        quotes=[Quote(ev(a, "We will hold our fire,"), "We will hold our fire,", "act-rebels")],
        framing=[FramingLabel(ev(a, "strongman"), "act-army", "strongman", "Coastal Post")],
    )
    with open_store(tmp_db, dedup=None) as st:
        st.write_articles([art])
        st.write_facts([facts])
        counts = export(st, tmp_path / "out", pipeline_version=PV)
    return tmp_path / "out", counts, a


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_file_has_every_contract_field_with_its_type(exported):
    out, counts, _ = exported
    for stem, fields in CONTRACT.items():
        records = read(out / f"{stem}.jsonl")
        assert records, f"{stem}.jsonl is empty"
        assert counts[f"{stem}.jsonl"] == len(records)
        for record in records:
            assert record["schema_version"] == 1
            for name, types in fields.items():
                assert name in record, f"{stem}.{name} missing"
                assert isinstance(record[name], types), f"{stem}.{name} = {record[name]!r}"


def test_actor_sector_collective_inter_are_exported(exported):
    out, _, _ = exported
    rows = {r["id"]: r for r in read(out / "actors.jsonl")}
    assert (rows["act-rebels"]["sector"], rows["act-rebels"]["collective"], rows["act-rebels"]["inter"]) == ("REB", True, 2)
    assert rows["act-army"]["sector"] is None and rows["act-army"]["inter"] is None


def test_offsets_point_at_the_evidence_and_nested_objects_are_complete(exported):
    out, _, art = exported
    text = read(out / "articles.jsonl")[0]["text"]
    for stem in ("places", "dates", "quotes"):
        for r in read(out / f"{stem}.jsonl"):
            assert r["article"] == art and text[r["start"]:r["end"]] == r["text"]
    event = read(out / "events.jsonl")[0]
    assert set(event["date"]) == {"value", "precision", "text", "basis"}  # basis: an Addition (issue 12)
    assert {"name", "country", "lat", "lon", "geonames_id", "precision", "admin1", "basis",
            "country_name"} <= set(event["place"])
    assert {"time_precision", "geo_precision"} <= set(event)
    assert event["actor"] == ["act-rebels"] and event["recipient"] == ["act-army"]
    assert event["reports"] == [{"article": art, "start": 0, "end": len(TEXT.split(". ")[0])}]
    rebels = next(a for a in read(out / "actors.jsonl") if a["id"] == "act-rebels")
    assert rebels["mentions"] == 2 and rebels["articles"] == [art]
    assert sorted(rebels["aliases"]) == ["Rebel commanders", "the group"]
    relation = read(out / "relations.jsonl")[0]
    assert relation["first_seen"] == relation["last_seen"] == "2024-05-04"
    framing = read(out / "framing.jsonl")[0]
    assert (framing["count"], framing["label"]) == (1, "strongman")


def test_other_pipeline_versions_are_not_exported(exported, tmp_db, tmp_path):
    with open_store(tmp_db, dedup=None) as st:
        counts = export(st, tmp_path / "old", pipeline_version="pipe-0")
    assert counts["articles.jsonl"] == 1
    assert all(n == 0 for name, n in counts.items() if name != "articles.jsonl")


def test_writes_are_atomic(tmp_path):
    target = tmp_path / "x.jsonl"
    write_jsonl(target, [{"a": 1}])

    def broken():
        yield {"a": 2}
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        write_jsonl(target, broken())
    assert read(target) == [{"a": 1}]  # the old file is intact
    assert [p.name for p in tmp_path.iterdir()] == ["x.jsonl"]  # no temporary file left


def test_the_contract_in_this_test_matches_the_published_spec():
    if not SPEC.is_file():
        pytest.skip("../shared/spec/export.md is absent")
    spec = SPEC.read_text(encoding="utf-8")
    sections = re.split(r"(?m)^## ", spec)
    for section in sections:
        stem = section.split(".jsonl", 1)[0].strip()
        if stem in CONTRACT:  # a table section: | field | type | meaning |
            named = set()
            for line in re.findall(r"(?m)^\| ([^|]+?) \|", section):
                named.update(f.strip() for f in line.split(","))
            named -= {"field", "---"}
            # "acled_type ... `acled_subtype` likewise" names the second one in the meaning column
            assert named <= set(CONTRACT[stem]), (stem, named - set(CONTRACT[stem]))
    for stem in ("places", "dates", "quotes", "framing"):  # the "- name: `field, field`" lines
        line = re.search(rf"(?m)^- {stem}: (.+)$", spec)
        assert line, stem
        named = {f.strip() for code in re.findall(r"`([^`]+)`", line.group(1)) for f in code.split(",")}
        assert {f for f in named if re.fullmatch(r"\w+", f)} == set(CONTRACT[stem]), stem
