"""The learned toponym detector on sentences we wrote: common words that are towns, dateline junk, the
person-context veto, demonyms (toponyms to GeoWebNews, kept out of the store) and one id per town."""
from __future__ import annotations

import pytest

from newsgraph.nlp import load_base_model
from newsgraph.places import component, detect
from newsgraph.places.resolve import extract_places
from newsgraph.records import Article


@pytest.fixture(scope="module")
def nlp():
    nlp = load_base_model()
    component.add_to_pipeline(nlp)
    assert detect.detector() is not None
    return nlp


def _found(nlp, text: str) -> list[str]:
    return [text[s:e] for s, e in nlp(text)._.get(component.EXTENSION)]


def test_common_words_that_are_towns_are_not_places(nlp):
    text = ("Bombing resumed in the West on Sunday. Rebels said in March that the shelling of "
            "Homs had not stopped.")
    found = _found(nlp, text)
    assert "Homs" in found
    assert not {"Bombing", "Rebels", "March"} & set(found)
    article = Article("a", None, 0, None, "none", None, None, "none", text, "", "txt")
    towns = {m.text: m for m in extract_places(nlp(text), article) if m.geonames_id is not None}
    assert "West" not in towns  # "the West" may be a toponym, but not West, Texas (2,800 people)
    assert towns["Homs"].country == "SY"


def test_dateline_junk_is_trimmed(nlp):
    text = "Tue Mar 15, 2011 1:48 pm GMT TRIPOLI (Reuters) - Gunfire was heard across the capital."
    found = _found(nlp, text)
    assert "TRIPOLI" in found
    assert not any("GMT" in f for f in found)


def test_person_context_veto(nlp):
    text = ("Colonel Khaled Daraa, the spokesman of the brigade, told reporters in Benghazi that the truce "
            "held. Daraa said his men would stay in their barracks.")
    found = _found(nlp, text)
    assert "Benghazi" in found and not any("Daraa" in f for f in found)


def test_demonyms_are_detected_but_not_stored(nlp):
    text = "Libyan forces shelled positions near Sirte, a Libyan official said."
    assert "Libyan" in _found(nlp, text)
    article = Article("a", None, 0, None, "none", None, None, "none", text, "", "txt")
    mentions = extract_places(nlp(text), article)
    assert [m.text for m in mentions] == ["Sirte"]
    assert mentions[0].basis == "near"


def test_one_town_one_id_in_a_story(nlp):
    text = ("Police in Alexandria, Louisiana arrested two men on Friday. The Alexandria police chief said "
            "the men were held in Alexandria overnight.")
    article = Article("a", None, 0, None, "none", None, None, "none", text, "", "txt")
    ids = {m.geonames_id for m in extract_places(nlp(text), article) if m.text == "Alexandria"}
    assert len(ids) == 1 and ids != {None}


def test_group_words_are_no_places(nlp):
    """Religious, sectarian and ethnic words name a group, not where it is (data/group_words.tsv)."""
    text = ("Christian leaders in Nineveh said the Christian community would return. Sunni and Shi'ite "
            "clerics, Druze elders and Kurds met in Erbil; Christians fled.")
    found = set(_found(nlp, text))
    assert {"Nineveh", "Erbil"} <= found
    assert not {"Christian", "Sunni", "Shi'ite", "Druze", "Kurds", "Christians"} & found
    article = Article("a", None, 0, None, "none", None, None, "none", text, "", "txt")
    names = {m.text: m.name for m in extract_places(nlp(text), article)}
    assert "Christian" not in names and names["Erbil"] == "Erbil"


def test_group_word_spans_get_no_place_but_a_qualified_town_does():
    from newsgraph.places.resolve import resolve

    text = "Christian groups gathered. The fair in Arab, Ala., drew crowds; Arab states objected."
    spans = [(0, 9), (39, 43), (64, 68)]
    assert [text[s:e] for s, e in spans] == ["Christian", "Arab", "Arab"]
    got = resolve(text, spans)
    assert got[0].geonames_id is None and got[0].basis == "demonym"  # no Christian County, no locality
    assert got[1].country == "US" and got[1].admin1 == "Alabama"  # "Arab, Ala." is the town
    assert got[2].geonames_id is None
    from newsgraph.places.demonyms import demonym_place
    from newsgraph.places.groups import is_group_word

    assert demonym_place("Christians") is None  # not the people of Christmas Island
    assert is_group_word("Sunnis") and not is_group_word("Christian County")
