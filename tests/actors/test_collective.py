"""Collective actors (actors/collective.py) and what resolve.py does with places, KB support, families and
sectors. Fixtures are sentences written for these tests."""
from __future__ import annotations

import re

import pytest

from newsgraph.actors import collective as coll
from newsgraph.actors.component import ActorMentionFinder, ensure_extensions
from newsgraph.actors.resolve import extract_actors
from newsgraph.kb.actors import KBEntry, KnowledgeBase
from newsgraph.records import Actor, Article, Evidence, PlaceMention


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    entries = [
        KBEntry("state.sy", "Syria", "state", "SY", demonyms=["Syrian", "Syrians"], seats=["Damascus"]),
        KBEntry("state.ru", "Russia", "state", "RU", demonyms=["Russian", "Russians"], seats=["Moscow"]),
        KBEntry("state.eg", "Egypt", "state", "EG", demonyms=["Egyptian", "Egyptians"], seats=["Cairo"]),
        KBEntry("state.ly", "Libya", "state", "LY", demonyms=["Libyan", "Libyans"], seats=["Tripoli"]),
        KBEntry("eg.government", "Government of Egypt", "government", "EG", aliases=["Egyptian government"]),
        KBEntry("person.old_leader", "Omar Kadar", "person", "LY", aliases=["Kadar"]),
        KBEntry("person.old_son", "Samir Kadar", "person", "LY"),
        KBEntry("armed.aa", "Arakan Army", "armed_group", "MM", aliases=["AA"]),
        KBEntry("igo.un", "United Nations", "igo", None, aliases=["UN"]),
    ]
    return KnowledgeBase({e.id: e for e in entries}, [])


@pytest.fixture(scope="module")
def finder(nlp_base, kb) -> ActorMentionFinder:
    ensure_extensions()
    return ActorMentionFinder(nlp_base.vocab, nlp_base.tokenizer, kb)


def article(text: str, aid: str = "a1") -> Article:
    return Article(id=aid, path=None, part=0, source=None, source_basis="none", title=None,
                   published="2012-05-01", published_basis="none", text=text, raw_sha="", format="txt")


def place(text: str, word: str, country: str, nth: int = 0) -> PlaceMention:
    start = [m.start() for m in re.finditer(re.escape(word), text)][nth]
    return PlaceMention(Evidence("a1", start, start + len(word)), word, word, country, None, None, None, None,
                        "city", 0.9)


def places_of(text: str, words: dict[str, str]) -> list[PlaceMention]:
    return [place(text, w, c, i) for w, c in words.items() for i in range(text.count(w))]


def run(nlp_base, finder, kb, text, places=()):
    doc = finder(nlp_base(text))
    mentions, actors, _ = extract_actors(doc, article(text), kb=kb, places=list(places))
    return mentions, {a.id: a for a in actors}


def actor_named(mentions, actors, text) -> Actor | None:
    hits = [actors[m.actor] for m in mentions if m.text == text and m.actor is not None]
    return hits[0] if hits else None


# -- lexicons ----------------------------------------------------------------------------------------------
def test_type_sectors_cover_the_types_and_kinds_have_inter_codes():
    types = coll.actor_types()
    assert {"person", "state", "government", "armed_group", "igo", "ngo", "community", "other"} <= types
    for kind in coll.lexicon().kinds.values():
        assert kind.type in types and 1 <= kind.inter <= 8 and kind.sector


def test_assign_sector_uses_type_default_and_kb_annotation():
    group = Actor("x", "Some Front", "armed_group", None, None)
    coll.assign_sector(group)
    assert (group.sector, group.inter) == ("REB", 2)
    igo = Actor("y", "Some Union", "igo", None, None)
    coll.assign_sector(igo)
    assert (igo.sector, igo.inter) == ("IGO", 8)
    militia = Actor("libya.misrata_brigades", "Misrata Brigades", "armed_group", "LY", "libya.misrata_brigades")
    coll.assign_sector(militia)
    assert (militia.sector, militia.inter) == ("REB", 3)  # the KB annotation: a militia, not rebels


# -- collectives ---------------------------------------------------------------------------------------------
def test_collectives_take_the_country_from_the_phrase(nlp_base, finder, kb):
    text = "Gunmen opened fire on protesters in Cairo on Friday, and soldiers in Damascus arrested five men."
    mentions, actors = run(nlp_base, finder, kb, text,
                           places_of(text, {"Cairo": "EG", "Damascus": "SY"}))
    gunmen = actor_named(mentions, actors, "Gunmen")
    assert gunmen is not None and gunmen.collective and gunmen.sector == "UAG"
    protesters = actor_named(mentions, actors, "protesters")
    assert protesters.name == "Protesters (Egypt)" and protesters.inter == 6 and protesters.country == "EG"
    soldiers = actor_named(mentions, actors, "soldiers")
    assert soldiers.name == "Military Forces of Syria" and soldiers.sector == "MIL"


def test_collectives_fall_back_to_the_story_focus(nlp_base, finder, kb):
    text = ("Clashes spread in Cairo and Alexandria. Rebels said they had taken a hill, "
            "and residents fled as the government imposed a curfew in Cairo.")
    mentions, actors = run(nlp_base, finder, kb, text,
                           places_of(text, {"Cairo": "EG", "Alexandria": "EG"}))
    rebels = actor_named(mentions, actors, "Rebels")
    assert rebels.name == "Rebels (Egypt)" and (rebels.sector, rebels.inter) == ("REB", 2)
    residents = actor_named(mentions, actors, "residents")
    assert residents.name == "Civilians (Egypt)" and residents.inter == 7
    government = actor_named(mentions, actors, "government")
    assert government.id == "eg.government"  # the KB's government of the story's country


def test_country_bound_collective_without_a_country_stays_unresolved(nlp_base, finder, kb):
    text = "The government said the talks would resume, and the army said nothing."
    mentions, actors = run(nlp_base, finder, kb, text)
    assert not [a for a in actors.values() if a.collective and a.country is None
                and a.name.startswith(("Government", "Military"))]


def test_foreign_army_is_external_inter_8(nlp_base, finder, kb):
    text = "Russian troops arrived in Homs, and troops of the Syrian army moved to Hama. Homs was quiet."
    mentions, actors = run(nlp_base, finder, kb, text,
                           places_of(text, {"Homs": "SY", "Hama": "SY"}))
    russian = [a for a in actors.values() if a.collective and a.country == "RU"]
    syrian = [a for a in actors.values() if a.collective and a.country == "SY" and a.sector == "MIL"]
    assert russian and russian[0].inter == 8
    assert syrian and syrian[0].inter == 1


def test_rebel_fighters_are_rebels_not_the_state(nlp_base, finder, kb):
    text = "Rebel fighters and opposition forces attacked a checkpoint near Tripoli."
    mentions, actors = run(nlp_base, finder, kb, text, places_of(text, {"Tripoli": "LY"}))
    kinds = {actors[m.actor].sector for m in mentions if m.actor and actors[m.actor].collective}
    assert kinds == {"REB"}


# -- places are places ---------------------------------------------------------------------------------------
def test_town_in_a_place_context_is_a_place_not_a_person(nlp_base, finder, kb):
    text = "Heavy shelling hit Misrata on Monday. Fighters moved from Misrata to Zlitan, and Misrata's residents fled."
    places = places_of(text, {"Misrata": "LY", "Zlitan": "LY"})
    mentions, actors = run(nlp_base, finder, kb, text, places)
    named = {a.name for a in actors.values() if not a.collective}
    assert "Misrata" not in named and "Zlitan" not in named


# -- families, short aliases --------------------------------------------------------------------------------
def test_family_members_stay_apart(nlp_base, finder, kb):
    text = ("Omar Kadar addressed the crowd in Tripoli. His son Samir Kadar stood beside him, and his "
            "daughter Leila Kadar spoke later. Kadar said the army was loyal.")
    mentions, actors = run(nlp_base, finder, kb, text, places_of(text, {"Tripoli": "LY"}))
    assert actor_named(mentions, actors, "Omar Kadar").id == "person.old_leader"
    assert actor_named(mentions, actors, "Samir Kadar").id == "person.old_son"
    leila = actor_named(mentions, actors, "Leila Kadar")
    assert leila is not None and leila.id not in ("person.old_leader", "person.old_son")


def test_short_alias_links_only_with_support(nlp_base, finder, kb):
    text = "The tour was organised by AA in Cairo, and the UN praised it."
    mentions, actors = run(nlp_base, finder, kb, text, places_of(text, {"Cairo": "EG"}))
    assert "armed.aa" not in actors  # an Egyptian story: "AA" is not Myanmar's Arakan Army
    assert "igo.un" in actors  # a transnational IGO needs no country fit
    text = "The Arakan Army said AA fighters took a base near Sittwe."
    mentions, actors = run(nlp_base, finder, kb, text, places_of(text, {"Sittwe": "MM"}))
    assert actor_named(mentions, actors, "AA").id == "armed.aa"  # the long form is in the article


def test_generic_institution_is_bound_to_the_story_country(nlp_base, finder, kb):
    text = "The Interior Ministry said police had arrested 40 people in Cairo and Alexandria."
    mentions, actors = run(nlp_base, finder, kb, text, places_of(text, {"Cairo": "EG", "Alexandria": "EG"}))
    ministry = actor_named(mentions, actors, "Interior Ministry")
    assert ministry.name == "Interior Ministry (Egypt)" and ministry.country == "EG"


def test_furniture_and_time_tokens_are_not_actors(nlp_base, finder, kb):
    text = ("Protesters gathered in Cairo on Monday. Terms of Service | Privacy Policy. "
            "Posted at 6:07 GMT Supporters of the president marched.")
    mentions, actors = run(nlp_base, finder, kb, text, places_of(text, {"Cairo": "EG"}))
    names = {a.name for a in actors.values()}
    assert not names & {"Terms of Service", "Privacy Policy", "GMT", "GMT Supporters", "Monday"}
