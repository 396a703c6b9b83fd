"""Second-chance candidates (places/variants.py and resolve.candidates): spelling variants, resident
words, a place inside a longer name."""
from __future__ import annotations

import pytest

from newsgraph.places import variants
from newsgraph.places.gazetteer import load_gazetteer
from newsgraph.places.resolve import candidates


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def test_spelling_variants():
    assert variants.spelling_variants("St. Kitts and Nevis") == ["Saint Kitts and Nevis"]
    assert variants.spelling_variants("Loudon Co.") == ["Loudon County"]
    assert "Mount Pleasant" in variants.spelling_variants("Mt. Pleasant")
    assert variants.spelling_variants("Tripoli") == []


def test_resident_stems_only_for_single_capitalised_words():
    assert "Ohio" in variants.resident_stems("Ohioans")
    assert "Dagestan" in variants.resident_stems("Dagestani")
    assert variants.resident_stems("New Yorkers") == [] and variants.resident_stems("USA") == []


def test_name_parts_skip_natural_features_and_compass_words():
    assert "Colorado" in variants.name_parts("Colorado State University")
    assert variants.name_parts("Lake Ontario") == [] and variants.name_parts("Madison Township") == []
    assert "South" not in variants.name_parts("South Kilburn Estate")


def test_second_chance_candidates(gaz):
    places, matches = candidates(gaz, "Ohioans")
    assert [p.name for p in places] == ["Ohio"] and matches == ["demonym"]
    places, matches = candidates(gaz, "Bank of Japan")
    assert places[0].name == "Japan" and matches[0] == "part"
    places, _ = candidates(gaz, "Loudon Co")
    assert any(p.kind == "admin2" and p.admin1 == "Tennessee" for p in places)
    assert candidates(gaz, "Zzyzx Qqq Institute") == ([], [])


def test_abbreviation_as_written_and_as_qualifier(gaz):
    places, matches = candidates(gaz, "N.J", "N.J.")
    assert places[0].name == "New Jersey" and matches[0] == "alias"
    from newsgraph.places.resolve import mentions_for

    text = "A storm hit Huntsville, Ala., on Monday."
    (m,) = mentions_for(text, [(12, 22)])
    assert m.qualifier_admins == {("US", "AL")} and {p.admin1_code for p in m.candidates} == {"AL"}
