"""Actors on real news as an analyst reads them (issue 12, "who and whom"): wire credits are no mentions, a
demonym + group noun is that country's collective, a leader's forces are his state's forces, religious and
ethnic group words are community collectives, a lone given name joins the full name. Sentences and KB
entries are written for these tests."""
from __future__ import annotations

import pytest

from newsgraph.actors.component import ActorMentionFinder, ensure_extensions
from newsgraph.actors.merge import merge_actors
from newsgraph.actors.names import actor_id
from newsgraph.actors.resolve import extract_actors
from newsgraph.kb.actors import KBEntry, KnowledgeBase
from newsgraph.records import Actor, Article


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    entries = [
        KBEntry("state.sy", "Syria", "state", "SY", demonyms=["Syrian", "Syrians"], seats=["Damascus"]),
        KBEntry("state.iq", "Iraq", "state", "IQ", demonyms=["Iraqi", "Iraqis"], seats=["Baghdad"]),
        KBEntry("state.ly", "Libya", "state", "LY", demonyms=["Libyan", "Libyans"], seats=["Tripoli"]),
        KBEntry("state.eg", "Egypt", "state", "EG", demonyms=["Egyptian", "Egyptians"], seats=["Cairo"]),
        KBEntry("state.tr", "Turkey", "state", "TR", demonyms=["Turkish", "Turks"], seats=["Ankara"]),
        KBEntry("state.ye", "Yemen", "state", "YE", demonyms=["Yemeni", "Yemenis"], seats=["Sanaa"]),
        KBEntry("person.president", "Nabil Qassar", "person", "SY", aliases=["Qassar"],
                roles=[{"role": "President of Syria", "from": "2001-01-01", "to": "2020-01-01"}]),
        KBEntry("media.wire", "Reuters", "media", "GB"),
        KBEntry("media.afp", "Agence France-Presse", "media", "FR", aliases=["AFP"]),
    ]
    return KnowledgeBase({e.id: e for e in entries}, [])


@pytest.fixture(scope="module")
def finder(nlp_base, kb) -> ActorMentionFinder:
    ensure_extensions()
    return ActorMentionFinder(nlp_base.vocab, nlp_base.tokenizer, kb)


def run(nlp_base, finder, kb, text, published="2012-05-01"):
    doc = finder(nlp_base(text))
    art = Article(id="a1", path=None, part=0, source=None, source_basis="none", title=None, published=published,
                  published_basis="none", text=text, raw_sha="", format="txt")
    mentions, actors, _ = extract_actors(doc, art, kb=kb, places=[])
    return mentions, {a.id: a for a in actors}


def named(mentions, actors) -> dict[str, str]:
    """mention text -> actor name."""
    return {m.text: actors[m.actor].name for m in mentions if m.actor is not None}


# -- 1. credits --------------------------------------------------------------------------------------------
def test_dateline_credit_is_no_mention_but_a_source_stays(nlp_base, finder, kb):
    text = ("HAMA, Syria (Reuters) - Syrian troops shelled the old town on Monday.\n\n"
            "\"We counted twelve tanks,\" a resident told Reuters by telephone.")
    mentions, actors = run(nlp_base, finder, kb, text)
    wire = [m for m in mentions if m.actor == "media.wire"]
    assert len(wire) == 1 and text[wire[0].evidence.start - 5:wire[0].evidence.start] == "told "


def test_sign_off_photo_byline_and_parenthesised_credits_are_no_mentions(nlp_base, finder, kb):
    text = ("By Mark Dunlop, Reuters\n\n"
            "BEIRUT (AFP) - Gunmen fired on a checkpoint near the port, officials said (Reuters).\n\n"
            "A soldier walks past a burnt car. REUTERS/Mark Dunlop\n\n"
            "The army later sealed the area, witnesses said. — Agence France-Presse")
    mentions, _ = run(nlp_base, finder, kb, text)
    assert not [m.text for m in mentions if m.actor in ("media.wire", "media.afp")]


def test_the_credit_does_not_set_the_story_country(nlp_base, finder, kb):
    mentions, actors = run(nlp_base, finder, kb, "(Reuters) - Gunmen attacked a bus station at dawn.")
    gunmen = next(m for m in mentions if m.text == "Gunmen")
    assert actors[gunmen.actor].country is None  # not the outlet's United Kingdom


# -- 2./3. demonym + group noun --------------------------------------------------------------------------
def test_demonym_and_group_noun_make_that_countrys_collective_not_the_country(nlp_base, finder, kb):
    text = ("Iraqi Shi'ite militias crossed the border. Libyan fighters joined them, "
            "and the Syrian navy shelled the coast. Turkish officials protested.")
    got = named(*run(nlp_base, finder, kb, text))
    assert got["Iraqi Shi'ite militias"] == "Militia (Iraq)"
    assert got["Libyan fighters"] == "Rebels (Libya)"
    assert got["Syrian navy"] == "Military Forces of Syria"
    assert got["Turkish officials"] == "Turkey"  # officials of a state speak for it


def test_a_states_possessive_force_is_its_military_not_the_state(nlp_base, finder, kb):
    got = named(*run(nlp_base, finder, kb, "Egypt's army deployed tanks in the capital."))
    assert got["Egypt's army"] == "Military Forces of Egypt"


# -- 4. a leader's forces ------------------------------------------------------------------------------
def test_a_leaders_forces_are_his_states_forces_while_he_leads_it(nlp_base, finder, kb):
    text = "Nabil Qassar's forces shelled the suburbs. Qassar's troops then entered the town."
    got = named(*run(nlp_base, finder, kb, text, published="2012-05-01"))
    assert got["Nabil Qassar's forces"] == got["Qassar's troops"] == "Military Forces of Syria"
    later = named(*run(nlp_base, finder, kb, text, published="2021-05-01"))
    assert later["Nabil Qassar's forces"] != "Military Forces of Syria"  # no longer president


# -- 2. religious and ethnic groups ------------------------------------------------------------------------
def test_group_words_are_community_collectives_never_persons(nlp_base, finder, kb):
    text = ("Alawites fear revenge attacks in Syria. Syria's Kurds want autonomy. The Druze community stayed out "
            "of the fighting, while Sunni rebels shelled Alawite villages.")
    mentions, actors = run(nlp_base, finder, kb, text)
    got = named(mentions, actors)
    assert got["Alawites"] == "Alawite Muslim Group (Syria)"
    assert got["Kurds"] == "Kurdish Ethnic Group (Syria)"
    assert got["Druze community"] == "Druze Group (Syria)"
    assert got["Sunni rebels"] == "Rebels (Syria)"  # the collective noun decides
    assert "Alawite villages" not in got and "Alawite" not in got
    assert all(a.type != "person" for a in actors.values())
    assert actors[next(m.actor for m in mentions if m.text == "Alawites")].type == "community"


# -- 5. names ---------------------------------------------------------------------------------------------
def test_a_lone_given_name_joins_the_full_name_in_the_article(nlp_base, finder, kb):
    mentions, actors = run(nlp_base, finder, kb, "Omar Haddadi ruled for years. Omar was toppled in the end.")
    ids = {m.text: m.actor for m in mentions if m.actor}
    assert ids["Omar"] == ids["Omar Haddadi"]


def person(name: str, n: int = 2) -> Actor:
    return Actor(actor_id(name), name, "person", None, None, {name: n})


def test_a_lone_given_name_joins_the_unique_full_name_across_the_corpus():
    full, lone, other = person("Saddam Karimi", 5), person("Saddam", 3), person("Yusuf Karimi", 2)
    mapping = merge_actors([full, lone, other])
    assert mapping[lone.id] == mapping[full.id] and mapping[other.id] != mapping[full.id]
    two = merge_actors([full, lone, person("Saddam Bakri", 4)])
    assert two[lone.id] == lone.id  # two full names begin with it: ambiguous, no merge


def test_a_name_without_a_middle_initial_joins_the_one_name_with_it():
    short, middle = person("Walter Brant", 3), person("Walter K. Brant", 5)
    mapping = merge_actors([short, middle])
    assert mapping[short.id] == mapping[middle.id]
    father = person("Walter J. K. Brant", 2)
    mapping = merge_actors([short, middle, father])
    assert mapping[short.id] == short.id  # father and son: which one is unknown


# -- an unqualified collective belongs to its sentence's country ---------------------------------------------
def test_unqualified_collective_takes_the_country_of_its_sentence_not_the_story(nlp_base, finder, kb):
    from newsgraph.records import Evidence, PlaceMention

    text = ("Syrian troops shelled Homs and Hama on Monday, and tanks entered Homs again. "
            "In a second report, gunmen fired on protesters in Sanaa. Protesters marched again on Tuesday.")

    def place(word, country, nth=0):
        start = [i for i in range(len(text)) if text.startswith(word, i)][nth]
        return PlaceMention(Evidence("a1", start, start + len(word)), word, word, country, None, None, None, None,
                            "city")

    places = [place("Homs", "SY"), place("Hama", "SY"), place("Homs", "SY", 1), place("Sanaa", "YE")]
    doc = finder(nlp_base(text))
    art = Article(id="a1", path=None, part=0, source=None, source_basis="none", title=None, published="2012-05-01",
                  published_basis="none", text=text, raw_sha="", format="txt")
    mentions, actors, _ = extract_actors(doc, art, kb=kb, places=places)
    by_id = {a.id: a for a in actors}
    sanaa = text.index("Sanaa")
    in_sanaa = [by_id[m.actor] for m in mentions if m.actor and m.evidence.start < sanaa
                and m.evidence.start > text.index("In a second") and m.text in ("gunmen", "protesters")]
    assert in_sanaa and all(a.country == "YE" for a in in_sanaa), [(a.name, a.country) for a in in_sanaa]
    # a sentence without a place keeps the story's focus (Syria: three of its four places)
    later = [by_id[m.actor] for m in mentions if m.actor and m.evidence.start > sanaa]
    assert later and all(a.country == "SY" for a in later), [(a.name, a.country) for a in later]
