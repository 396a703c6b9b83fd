"""The gazetteer index: normalisation, merging of KB additions, cache location, alias hygiene."""
from __future__ import annotations

import pytest

from newsgraph.ids import place_key as normalize
from newsgraph.places import gazetteer
from newsgraph.places.gazetteer import load_gazetteer, strip_article
from newsgraph.kb.places import PRECISIONS, load_places, parse_places


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def test_normalize_folds_accents_case_apostrophes_and_hyphens():
    assert normalize("Dar‘ā") == "dara"
    assert normalize("al-Marj") == "al marj"
    assert normalize("U.S.") == "u s"
    assert normalize("  São  Paulo ") == "sao paulo"


def test_strip_article_only_for_real_prefixes():
    assert strip_article("al jufra") == "jufra"
    assert strip_article("alexandria") is None
    assert strip_article("el ab") is None  # too short to be a name on its own


def test_homonyms_are_all_candidates(gaz):
    ids = {p.geonames_id: p.country for p in gaz.lookup("Tripoli")}
    assert ids[2210247] == "LY" and ids[266826] == "LB"
    libya_tripoli = gaz.get(2210247)
    assert libya_tripoli is not None and libya_tripoli.capital


def test_countries_have_points_and_aliases(gaz):
    libya = gaz.country("LY")
    assert libya is not None and libya.kind == "country"
    assert 20 < libya.lat < 33 and 9 < libya.lon < 25  # inside Libya's bounding box
    assert [p.geonames_id for p in gaz.lookup("U.S.") if p.kind == "country"] == [6252001]


def test_kb_rows_with_geonames_id_add_aliases_only(gaz):
    assert [p.geonames_id for p in gaz.lookup("Misrata")] == [2214846]
    assert len([p for p in gaz.places if p.geonames_id == 2214846]) == 1


def test_kb_rows_without_id_are_new_places(gaz):
    jufra = gaz.lookup("al-Jufra")
    assert jufra and jufra[0].country == "LY" and jufra[0].source.startswith("Wikipedia")
    assert gaz.lookup("Ras Lanuf")[0].kind == "city"


def test_us_states_and_ap_abbreviations(gaz):
    texas = [p for p in gaz.lookup("Tex.") if p.kind == "admin1"]
    assert texas and texas[0].admin1 == "Texas" and texas[0].lat is not None
    assert texas[0].geonames_id == 4736286 and texas[0].source.startswith("admin points iso3166-2")


def test_airport_codes_are_not_aliases():
    assert not gazetteer._usable_alias("TIP")
    assert not gazetteer._usable_alias("طرابلس")
    assert gazetteer._usable_alias("Tarabulus al Gharb")


def test_cache_lives_outside_the_repository(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = gazetteer.cache_path()
    assert path.parent == tmp_path / "newsgraph"
    assert "gnc" in path.name and path.suffix == ".pkl"


def test_shipped_place_rows_are_valid():
    rows = load_places()
    assert len(rows) > 40
    assert all(r.precision in PRECISIONS and r.source for r in rows)
    assert all(r.geonames_id or r.country or r.lat is not None for r in rows)


def test_bad_rows_are_skipped_not_raised(caplog):
    text = (
        "name\taliases\tcountry\tadmin1\tlat\tlon\tgeonames_id\tprecision\tsource\n"
        "Goodplace\tGood\tLY\t\t30.0\t15.0\t\tcity\ttest row\n"
        "Badplace\t\tLY\t\tnorth\t15.0\t\tcity\ttest row\n"
        "Oddplace\t\tLY\t\t\t\t\tvillage\ttest row\n"
    )
    rows = parse_places(text)
    assert [r.name for r in rows] == ["Goodplace"]
    assert rows[0].aliases == ("Good",) and rows[0].lat == 30.0
    assert "skipped" in caplog.text


def test_us_counties_are_regions_of_their_state(gaz):
    (parish,) = gaz.lookup("Rapides Parish")
    assert parish.kind == "admin2" and parish.country == "US" and parish.admin1 == "Louisiana"
    assert parish.geonames_id == 4338356
    madison = [p for p in gaz.lookup("Madison County") if p.admin1 == "Alabama"]
    assert madison and madison[0].lat is not None  # placed at the town of Madison, Alabama


def test_countries_and_regions_have_their_own_points(gaz):
    """Countries and admin-1 regions carry published points (issue 13), not their cities' spread."""
    (libya,) = [p for p in gaz.lookup("Libya") if p.kind == "country"]
    assert libya.geonames_id == 2215636 and (libya.lat, libya.lon) == (28.0, 17.0)  # GeoNames' (geonames_points.tsv)
    (egypt,) = [p for p in gaz.lookup("Egypt") if p.kind == "country"]
    assert (egypt.lat, egypt.lon) == (27.0, 30.0)  # Factbook point
    ontario = [p for p in gaz.lookup("Ontario") if p.kind == "admin1"]
    assert ontario and ontario[0].geonames_id == 6093943 and ontario[0].country == "CA"
    assert 45 < ontario[0].lat < 53


def test_every_city_knows_its_admin1_name(gaz):
    (benghazi,) = [p for p in gaz.lookup("Benghazi") if p.geonames_id == 88319]
    assert benghazi.admin1  # the district's name from the admin-points table, not only US states
    (lyon,) = [p for p in gaz.lookup("Lyon") if p.geonames_id == 2996944]
    assert lyon.admin1 and "Rh" in lyon.admin1


def test_curated_aliases_resolve_by_exact_surface(gaz):
    """data/aliases.tsv: abbreviations keep their dots and case, so "Miss." is Mississippi and "Miss" nothing."""
    assert {p.name for p in gaz.curated_lookup("N.J.")} == {"New Jersey"}
    assert {p.name for p in gaz.curated_lookup("the Soviet Union")} == {"Russia"}
    assert gaz.curated_lookup("Miss.") and not gaz.curated_lookup("Miss")
    assert all(p.kind == "admin1" for p in gaz.curated_lookup("BC"))


def test_every_curated_alias_names_a_gazetteer_record(gaz):
    missing = [(alias, gid) for alias, gid in gazetteer.curated_aliases() if gaz.get(gid) is None]
    assert missing == []
