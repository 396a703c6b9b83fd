"""Readers on tiny fixtures written in each data set's format (tests/evaluation/fixtures)."""
from __future__ import annotations

from newsgraph.evaluation.read_basil import read_basil
from newsgraph.evaluation.read_ecb import read_ecb
from newsgraph.evaluation.read_events import (cameo_to_plover, read_case2021, read_case2021_labels, read_petr,
                                              read_plover)
from newsgraph.evaluation.read_geo import read_geo
from newsgraph.evaluation.read_gvdb import read_gvdb
from newsgraph.evaluation.read_re3d import read_re3d
from newsgraph.evaluation.read_timeml import read_timeml_dir
from newsgraph.evaluation.task_events import cameo_table


def test_gwn_schema_skips_negative_offsets(fx):
    docs, rep = read_geo(fx / "geo" / "GWN.xml")
    tops = docs[0].toponyms
    assert [t.text for t in tops] == ["Tripoli", "Misrata", "Libyan"]
    assert tops[0].geonames_id == 2210247 and tops[2].lat is None
    assert rep.skipped == {"negative or inverted offsets": 1}


def test_lgl_schema_reads_cdata_and_gaztag(fx):
    docs, rep = read_geo(fx / "geo" / "lgl.xml")
    assert docs[0].id == "1"
    b = docs[0].toponyms[1]
    assert (b.text, b.geonames_id, round(b.lon, 2)) == ("Benghazi", 88319, 20.07)
    assert docs[0].text[b.start:b.end] == "Benghazi"


def test_location_variant_repairs_one_based_and_shifted_offsets(fx):
    docs, rep = read_geo(fx / "geo" / "location_variant.xml")
    text = docs[0].text
    assert [text[t.start:t.end] for t in docs[0].toponyms] == ["Sirte", "Derna"]
    assert all(t.geonames_id is None for t in docs[0].toponyms)
    assert rep.repaired == {"1-based offsets": 1, "shifted offsets": 1}
    assert rep.skipped == {"offsets do not match the name": 1}


def test_timeml_offsets_values_dct_and_duplicate_folder(fx):
    docs, rep = read_timeml_dir(fx / "time")
    assert len(docs) == 1 and docs[0].dct == "2019-04-10"
    assert "testpipeline/ (duplicate of a TimeBank document)" in rep.skipped
    doc = docs[0]
    assert [doc.text[t.start:t.end] for t in doc.timexes] == [t.text for t in doc.timexes]
    assert "&" in doc.text  # entities are unescaped before offsets are counted
    assert [t.calendar_value for t in doc.timexes] == ["2019-04-04", None, "2019-04-09", None]


def test_case2021_rows_and_labels(fx):
    snippets, rep = read_case2021(fx / "events" / "case2021_task2_dev.tsv")
    assert [s.label for s in snippets] == ["AIR_STRIKE", "PEACE_PROTEST", "ORG_CRIME"]
    assert rep.skipped == {"row without snippet or label": 1}
    labels = read_case2021_labels(fx / "events" / "case2021_task2_event_types.txt")
    assert labels == ["AIR_STRIKE", "PEACE_PROTEST", "ORG_CRIME", "DIPLO"]


def test_plover_records_tolerate_string_and_null_targets(fx):
    recs, rep = read_plover(fx / "events" / "PLOVER_GSR_CAMEO.txt")
    assert [r.event for r in recs] == ["AGREE", "PROTEST"]
    assert recs[0].targets == [] and recs[1].targets == ["the government"]
    assert rep.repaired == {"actor given as a bare string": 1}


def test_petr_records_codes_noevents_and_errors(fx):
    recs, rep = read_petr(fx / "events" / "PETR.UnitTest.records.xml")
    assert [(r.id, r.cameo) for r in recs] == [("T-01", ["190"]), ("T-02", []), ("T-04", ["903"])]
    assert rep.skipped == {"record coded as a parser error": 1}


def test_cameo_table_is_complete():
    table = cameo_table()
    assert all(f"{i:02d}" in table for i in range(1, 21))
    assert cameo_to_plover("010", table) == (True, None)  # dropped by PLOVER
    assert cameo_to_plover("190", table) == (True, "ASSAULT")
    assert cameo_to_plover("0874", table) == (True, "RETREAT")  # the manual splits YIELD at 084
    assert cameo_to_plover("081", table) == (True, "CONCEDE")
    assert cameo_to_plover("903", table) == (False, None)  # private validation code


def test_gvdb_token_spans_become_character_offsets(fx):
    docs, rep = read_gvdb(fx / "arguments" / "gvdb_dev.json")
    assert docs[0].role_texts("DAT-CITY") == ["Springfield"]
    assert docs[0].role_texts("DAT-TIME") == ["March 5 , 2016"]
    assert rep.skipped == {"span outside the document": 1}
    assert read_gvdb(fx / "arguments" / "gvdb_dev.json", limit=1)[0][0].id == "d1"


def test_ecb_mentions_clusters_and_validated_sentences(fx):
    docs, rep = read_ecb(fx / "coref")
    ms = {(m.doc, m.text): m.cluster for d in docs for m in d.mentions}
    assert ms[("1_1ecb", "attacked")] == ms[("1_2ecb", "attack")] == "ACT1"
    assert ("1_1ecb", "confirmed") not in ms  # sentence 1 is not a validated sentence
    assert {d.subtopic for d in docs} == {"ecb", "ecbplus"}


def test_re3d_confidence_and_offset_checks(fx):
    docs, rep = read_re3d(fx / "actors")
    assert len(docs[0].entities) == 5
    assert rep.skipped == {"entity below confidence": 1, "entity offsets do not match value": 1,
                           "relation below confidence": 1}
    assert {r.type for r in docs[0].relations} == {"IsSynonymOf", "FightingAgainst"}


def test_basil_locates_sentence_relative_spans_and_maps_stances(fx):
    docs, rep = read_basil(fx / "framing")
    assert [(d.source, d.stance) for d in docs] == [("nyt", "center"), ("fox", "right"), ("hpo", "left")]
    assert [d.text[s.start:s.end] for s in docs[0].spans for d in docs[:1]] == ["reckless ", "sweeping"]
    assert rep.repaired == {"bias span found outside its stated offsets": 3}
    assert rep.skipped == {"bias span text not found in article": 3}
