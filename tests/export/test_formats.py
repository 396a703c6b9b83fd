"""csv, tsv, parquet and graphml exports: files, columns and row counts on a small store written here,
checked against the jsonl export of the same store (the one contract)."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest

from newsgraph.events.codes import cameo_root
from newsgraph.export import FORMATS, exporter
from newsgraph.export import acled
from newsgraph.export.csv import ACLED_COLUMNS, EVENT_COLUMNS
from newsgraph.export.tsv import COLUMNS as TSV_COLUMNS
from newsgraph.records import (Actor, Article, DateMention, DateValue, Event, Evidence, Facts, Mention,
                               PlaceMention, Quote, Relation)
from newsgraph.store import open_store
from newsgraph.version import PIPELINE_VERSION

# Invented places and groups; the sentences are ours.
TEXT_A = ("Northern Army drones struck a fuel depot in Port Sable on 5 May 2024, killing four guards. "
          "The Sable Rebels warned that they would strike back at the Northern Army. "
          "Officials in Redport said the Gulf Federation had shipped rifles to the Northern Army.")
TEXT_B = ("Envoys of the Sable Rebels and the Northern Army met in Redport on 1 June 2024 to discuss a truce. "
          "\"We want the guns to fall silent,\" a rebel spokesman said.")
ARMY = Actor("act-army", "Northern Army", "armed_group", "ZZ", aliases={"Northern Army": 1})
REBELS = Actor("act-rebels", "Sable Rebels", "armed_group", "ZZ", aliases={"Sable Rebels": 1})
GULF = Actor("act-gulf", "Gulf Federation", "state", "QQ", aliases={"Gulf Federation": 1})


def sentence(text: str, i: int) -> str:
    return [s if s.endswith(".") else s + "." for s in text.split(". ")][i]


def ev(article: Article, phrase: str) -> Evidence:
    start = article.text.index(phrase)
    return Evidence(article.id, start, start + len(phrase))


def place(article: Article, name: str, lat: float, lon: float, geonames_id: int) -> PlaceMention:
    return PlaceMention(ev(article, name), name, name, "ZZ", "Sable Coast", lat, lon, geonames_id, "city", 0.9)


def build_store(db: str) -> tuple[Article, Article]:
    """Two articles from two outlets with four events, two relations and a quote."""
    a = Article(id="art-a000000000001", path="in/a.txt", part=0, source="Coastal Post", source_basis="signature",
                title="Depot struck", published="2024-05-06", published_basis="dateline", text=TEXT_A,
                raw_sha="raw-a", format="txt", url="https://coastal.example/depot", cleaning_version="c1")
    b = Article(id="art-b000000000002", path="in/b.txt", part=0, source="Harbour Times", source_basis="signature",
                title="Envoys meet", published="2024-06-02", published_basis="dateline", text=TEXT_B,
                raw_sha="raw-b", format="txt", cleaning_version="c1")
    sable = place(a, "Port Sable", 10.5, 20.25, 9001)
    redport = place(b, "Redport", 11.0, 21.0, 9002)
    s_a = [sentence(TEXT_A, i) for i in range(3)]
    facts_a = Facts(
        article=a.id, pipeline_version=PIPELINE_VERSION, actors=[ARMY, REBELS, GULF],
        mentions=[Mention(ev(a, "Northern Army"), "Northern Army", "ORG", ARMY.id),
                  Mention(ev(a, "Sable Rebels"), "Sable Rebels", "ORG", REBELS.id),
                  Mention(ev(a, "Gulf Federation"), "Gulf Federation", "GPE", GULF.id)],
        places=[sable, place(a, "Redport", 11.0, 21.0, 9002)],
        dates=[DateMention(ev(a, "5 May 2024"), "5 May 2024", "2024-05-05", "day", 0.9)],
        events=[Event("evt-strike", "ASSAULT", "drone", ev(a, s_a[0]), "struck", [ARMY.id], [],
                      DateValue("2024-05-05", "day", "5 May 2024"), sable, killed=4, confidence=0.8),
                Event("evt-warn", "THREATEN", None, ev(a, s_a[1]), "warned", [REBELS.id], [ARMY.id],
                      hypothetical=True, confidence=0.6),
                Event("evt-rifles", "AID", None, ev(a, s_a[2]), "shipped", [GULF.id], [ARMY.id], confidence=0.7)],
        relations=[Relation(GULF.id, ARMY.id, "arms", ev(a, s_a[2]), confidence=0.7)],
    )
    s_b = sentence(TEXT_B, 0)
    facts_b = Facts(
        article=b.id, pipeline_version=PIPELINE_VERSION, actors=[ARMY, REBELS],
        mentions=[Mention(ev(b, "Sable Rebels"), "Sable Rebels", "ORG", REBELS.id),
                  Mention(ev(b, "Northern Army"), "Northern Army", "ORG", ARMY.id)],
        places=[redport],
        dates=[DateMention(ev(b, "1 June 2024"), "1 June 2024", "2024-06-01", "day", 0.9)],
        events=[Event("evt-talks", "CONSULT", None, ev(b, s_b), "met", [REBELS.id, ARMY.id], [],
                      DateValue("2024-06-01", "day", "1 June 2024"), redport, confidence=0.7)],
        relations=[Relation(REBELS.id, ARMY.id, "negotiates_with", ev(b, s_b), date="2024-06-01", confidence=0.6)],
        quotes=[Quote(ev(b, "We want the guns to fall silent,"), "We want the guns to fall silent,", REBELS.id)],
    )
    with open_store(db, dedup=None) as st:
        st.write_articles([a, b])
        st.write_facts([facts_a, facts_b])
    return a, b


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, tuple[Path, dict[str, int]]]:
    """Every registered format written from one store (jsonl is the reference)."""
    root = tmp_path_factory.mktemp("formats")
    db = f"sqlite:///{root / 'store.db'}"
    build_store(db)
    out = {}
    with open_store(db, dedup=None) as st:
        for fmt in ("jsonl", "csv", "tsv", "parquet", "graphml"):
            out[fmt] = (root / fmt, exporter(fmt)(st, root / fmt))
    return out


def jsonl(exports, stem: str) -> list[dict]:
    path = exports["jsonl"][0] / f"{stem}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def read_csv(path: Path, delimiter: str = ",") -> tuple[list[str], list[dict[str, str]]]:
    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter=delimiter, quoting=quoting)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def test_registry_lists_every_format():
    assert {"jsonl", "csv", "tsv", "parquet", "graphml"} <= set(FORMATS)
    for fmt in FORMATS:
        assert callable(exporter(fmt))


def test_csv_events_have_acled_columns_and_only_acled_types_go_to_the_acled_file(exports):
    out, counts = exports["csv"]
    events = jsonl(exports, "events")
    head, rows = read_csv(out / "events.csv")
    assert head == list(EVENT_COLUMNS) and len(rows) == len(events) == 4 == counts["events.csv"]
    assert head[:len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)  # ACLED's columns first, ours after
    for name in ("event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
                 "assoc_actor_1", "actor2", "country", "admin1", "location", "latitude", "longitude",
                 "geo_precision", "source", "notes", "fatalities", "plover_type", "mode", "cluster", "article"):
        assert name in head
    head_acled, acled_ = read_csv(out / "events_acled.csv")
    assert head_acled == list(acled.COLUMNS)  # ACLED's columns (export/acled.py), then ours
    # one row per reported happening with an ACLED type: no hypothetical or negated one, no meeting
    coded = {e["id"] for e in events if e["acled_type"] and not (e["hypothetical"] or e["negated"])}
    assert {r["event_id_cnty"].split("-", 1)[1] for r in acled_} == coded and counts["events_acled.csv"] == len(coded)
    assert "evt-talks" not in coded and "evt-strike" in coded and "evt-warn" not in coded
    strike = next(r for r in rows if r["event_id_cnty"] == "evt-strike")
    assert (strike["event_date"], strike["year"], strike["time_precision"]) == ("2024-05-05", "2024", "1")
    assert (strike["fatalities"], strike["geo_precision"], strike["location"]) == ("4", "1", "Port Sable")
    assert strike["event_type"] == "Explosions/Remote violence" and strike["actor1"] == "Northern Army"
    assert strike["source"] == "Coastal Post" and strike["notes"] == sentence(TEXT_A, 0)
    assert TEXT_A[int(strike["start"]):int(strike["end"])] == strike["notes"]
    talks = next(r for r in rows if r["event_id_cnty"] == "evt-talks")
    # the store keeps no order among an event's actors (event_actors has no position): either may lead
    assert {talks["actor1"], talks["assoc_actor_1"]} == {"Sable Rebels", "Northern Army"}
    assert (talks["actor2"], talks["fatalities"]) == ("", "")
    warn = next(r for r in rows if r["event_id_cnty"] == "evt-warn")
    assert (warn["event_date"], warn["time_precision"], warn["hypothetical"]) == ("", "", "true")
    rifles = next(r for r in rows if r["event_id_cnty"] == "evt-rifles")
    assert rifles["inter1"] == ""  # a state's side is unknown when the event has no country


def test_csv_other_files_carry_the_contract_fields(exports):
    out, counts = exports["csv"]
    expected = {"actors": {"id", "name", "type", "country", "aliases", "articles", "mentions", "schema_version"},
                "relations": {"id", "source", "target", "type", "first_seen", "last_seen", "reports"},
                "places": {"article", "start", "end", "text", "name", "country", "lat", "lon", "geonames_id"},
                "dates": {"article", "start", "end", "text", "value", "precision"},
                "quotes": {"article", "start", "end", "speaker", "text"},
                "framing": set(), "articles": {"id", "path", "part", "source", "title", "published", "text"}}
    for stem, fields in expected.items():
        records = jsonl(exports, stem)
        path = out / f"{stem}.csv"
        head, rows = read_csv(path) if path.stat().st_size else ([], [])
        assert len(rows) == len(records) == counts[f"{stem}.csv"], stem
        assert fields <= set(head), (stem, fields - set(head))
    _, relations = read_csv(out / "relations.csv")
    arms = next(r for r in relations if r["type"] == "arms")
    art, span = arms["reports"].split(":")
    start, end = map(int, span.split("-"))
    assert art == "art-a000000000001" and TEXT_A[start:end] == sentence(TEXT_A, 2)
    assert arms["first_seen"] == "2024-05-06"  # no evidence date: the article's
    _, actors = read_csv(out / "actors.csv")
    army = next(r for r in actors if r["id"] == "act-army")
    assert army["articles"] == "art-a000000000001; art-b000000000002" and army["mentions"] == "2"


def test_tsv_has_gdelt_columns_and_one_row_per_event(exports):
    out, counts = exports["tsv"]
    head, rows = read_csv(out / "events.tsv", "\t")
    assert head == list(TSV_COLUMNS) and len(rows) == 4 == counts["events.tsv"]
    strike = next(r for r in rows if r["GLOBALEVENTID"] == "evt-strike")
    assert (strike["SQLDATE"], strike["Actor1Name"], strike["Actor1CountryCode"]) == ("20240505", "Northern Army", "ZZ")
    assert strike["EventRootCode"] == cameo_root("ASSAULT", "drone") and strike["QuadClass"] == "4"
    assert (strike["NumMentions"], strike["NumSources"], strike["NumArticles"]) == ("1", "1", "1")
    assert strike["ActionGeo_FullName"] == "Port Sable, Sable Coast, ZZ" and strike["ActionGeo_Type"] == "4"
    assert strike["SOURCEURL"] == "https://coastal.example/depot"
    talks = next(r for r in rows if r["GLOBALEVENTID"] == "evt-talks")
    assert talks["SOURCEURL"] == "in/b.txt" and talks["QuadClass"] == "1"  # consult: verbal cooperation
    rifles = next(r for r in rows if r["GLOBALEVENTID"] == "evt-rifles")
    assert (rifles["Actor2Name"], rifles["SQLDATE"], rifles["DatePrecision"]) == ("Northern Army", "", "unknown")


def test_parquet_has_one_file_per_contract_file_with_nested_columns(exports):
    out, counts = exports["parquet"]
    for stem in ("articles", "actors", "events", "relations", "places", "dates", "quotes"):
        records = jsonl(exports, stem)
        table = pq.read_table(out / f"{stem}.parquet")
        assert table.num_rows == len(records) == counts[f"{stem}.parquet"]
        assert set(records[0]) <= set(table.column_names) and "schema_version" in table.column_names
        assert table.schema.metadata[b"newsgraph.schema_version"] == b"1"
    events = pq.read_table(out / "events.parquet").to_pylist()
    strike = next(e for e in events if e["id"] == "evt-strike")
    assert strike["date"] == {"value": "2024-05-05", "precision": "day", "text": "5 May 2024", "basis": "explicit"}
    assert strike["place"]["geonames_id"] == 9001 and strike["reports"][0]["article"] == "art-a000000000001"
    assert strike == next(e for e in jsonl(exports, "events") if e["id"] == "evt-strike")
    actors = pq.read_table(out / "actors.parquet").to_pylist()
    assert json.loads(next(a for a in actors if a["id"] == "act-gulf")["alias_counts"]) == {"Gulf Federation": 1}
    assert counts["framing.parquet"] == 0


def test_graphml_writes_the_relation_network(exports):
    out, counts = exports["graphml"]
    g = nx.read_graphml(out / "graph.graphml")
    assert counts == {"graph.graphml": 2} and g.number_of_edges() == 2
    assert {d["type"] for _, _, d in g.edges(data=True)} == {"arms", "negotiates_with"}
