"""Events: PLOVER types and modes, arguments from the parse, negation, hypotheticals, counts, places,
dates, ids; the ACLED / CAMEO mappings; checks on the raw seed articles.

Fixture sentences are our own, about the war in Sudan (real actors and places, invented wording).
"""
from __future__ import annotations

import pytest

from newsgraph.events.codes import MAPPING_COLUMNS, cameo_root, to_acled
from newsgraph.events.cues import load_cues
from newsgraph.events.extract import extract_events
from newsgraph.ids import event_id
from newsgraph.lexicon import read_tsv
from newsgraph.records import Article, DateMention, Evidence, Mention, PlaceMention

PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
# Actor surface forms of the fixtures -> (actor id, label)
SUDAN_ACTORS = {
    "Rapid Support Forces": ("rsf", "ORG"), "RSF": ("rsf", "ORG"), "Sudanese army": ("saf", "ORG"),
    "the army": ("saf", "ORG"), "The army": ("saf", "ORG"), "Hemedti": ("hemedti", "PERSON"), "Burhan": ("burhan", "PERSON"),
    "UAE": ("uae", "GPE"), "United Nations": ("un", "ORG"), "UN": ("un", "ORG"), "Russia": ("russia", "GPE"),
    "Washington": ("usa", "GPE"), "police": ("police", "ORG"), "Egypt": ("egypt", "GPE"),
}
PLACES = ("El Fasher", "Khartoum", "Omdurman", "Nyala", "Jeddah", "Kordofan")


def article(text: str, published: str | None = "2024-05-10") -> Article:
    return Article(id="art1", path=None, part=0, source=None, source_basis="none", title=None,
                   published=published, published_basis="none", text=text, raw_sha="", format="txt")


def find_all(text: str, surface: str) -> list[int]:
    out, start = [], 0
    while (i := text.find(surface, start)) >= 0:
        before = text[i - 1] if i else " "
        after = text[i + len(surface)] if i + len(surface) < len(text) else " "
        if not before.isalnum() and not after.isalnum():
            out.append(i)
        start = i + len(surface)
    return out


def mentions_for(text: str, actors: dict[str, tuple[str, str]] = SUDAN_ACTORS) -> list[Mention]:
    out = []
    taken: set[int] = set()
    for surface in sorted(actors, key=len, reverse=True):  # longest surface first, no overlaps
        aid, label = actors[surface]
        for i in find_all(text, surface):
            if taken & set(range(i, i + len(surface))):
                continue
            taken |= set(range(i, i + len(surface)))
            out.append(Mention(Evidence("art1", i, i + len(surface)), surface, label, actor=aid))
    return out


def places_for(text: str) -> list[PlaceMention]:
    return [PlaceMention(Evidence("art1", i, i + len(p)), p, p, "SD", None, None, None, None, "city", 0.9)
            for p in PLACES for i in find_all(text, p)]


def dates_for(text: str, values: dict[str, str]) -> list[DateMention]:
    return [DateMention(Evidence("art1", i, i + len(s)), s, v, "day", 0.9)
            for s, v in values.items() for i in find_all(text, s)]


def events(nlp, text, dates=None):
    doc = nlp(text)
    return extract_events(doc, article(text), mentions_for(text), places_for(text), dates_for(text, dates or {}))


def one(evs, type_):
    found = [e for e in evs if e.type == type_]
    assert len(found) == 1, [(e.type, e.trigger) for e in evs]
    return found[0]


def test_data_file_rows_are_valid():
    roles = {"trigger", "mode", "negation", "hypothetical", "casualty"}
    for cue in load_cues():
        assert cue.role in roles, cue
        assert cue.reason, cue
        if cue.role in {"trigger", "mode"}:
            assert cue.type in PLOVER_TYPES, cue
        if cue.role == "trigger":
            assert 0 < cue.strength <= 1, cue
    types = {c.type for c in load_cues() if c.role == "trigger"}
    assert types == PLOVER_TYPES  # all 16 PLOVER types have triggers


def test_passive_with_agent_place_and_date(nlp_base):
    text = "El Fasher was shelled by the Rapid Support Forces on Sunday."
    ev = one(events(nlp_base, text, {"Sunday": "2024-05-05"}), "ASSAULT")
    assert ev.mode == "heavy-weapons"
    assert ev.actor == ["rsf"]
    assert ev.place is not None and ev.place.text == "El Fasher"
    assert ev.date.value == "2024-05-05" and ev.date.text == "Sunday"
    assert not ev.negated and not ev.hypothetical
    assert text[ev.evidence.start:ev.evidence.end] == text  # evidence is the sentence


def test_between_a_and_b_are_both_actors(nlp_base):
    ev = one(events(nlp_base, "Heavy clashes broke out between the Sudanese army and the RSF in Omdurman."),
             "ASSAULT")
    assert set(ev.actor) == {"saf", "rsf"}
    assert ev.place.text == "Omdurman"


def test_offensive_against_recipient(nlp_base):
    ev = one(events(nlp_base, "The army launched a new offensive against the RSF near Khartoum."), "ASSAULT")
    assert ev.actor == ["saf"] and ev.recipient == ["rsf"]
    assert ev.confidence > 0.8


def test_negated_events(nlp_base):
    ev = one(events(nlp_base, "The RSF denied carrying out the attack on the camp."), "ASSAULT")
    assert ev.negated
    ev = one(events(nlp_base, "The army did not shell the market in Nyala."), "ASSAULT")
    assert ev.negated


def test_hypothetical_events(nlp_base):
    ev = one(events(nlp_base, "The army would attack El Fasher if the RSF refused to leave."), "ASSAULT")
    assert ev.hypothetical
    ev = one(events(nlp_base, "The RSF plans to attack Omdurman next week."), "ASSAULT")
    assert ev.hypothetical


def test_vow_to_fight_if_talks_fail_is_a_threat_not_an_assault(nlp_base):
    evs = events(nlp_base, "Hemedti vowed to fight the army if the talks in Jeddah failed.")
    assert "ASSAULT" not in {e.type for e in evs}
    threat = one(evs, "THREATEN")
    assert threat.mode == "violence"
    assert threat.actor == ["hemedti"] and threat.recipient == ["saf"]
    assert not threat.hypothetical  # the vow itself was made
    talks = [e for e in evs if e.type == "CONSULT"]
    assert all(e.hypothetical for e in talks)


def test_counts_drone_mode_and_date(nlp_base):
    text = ("At least 20 civilians were killed and 50 wounded when RSF drones struck a market in "
            "El Fasher on Friday.")
    ev = one(events(nlp_base, text, {"Friday": "2024-05-03"}), "ASSAULT")
    assert (ev.killed, ev.injured) == (20, 50)
    assert ev.mode == "drone"
    assert ev.date.value == "2024-05-03"


def test_date_from_previous_sentence_of_the_same_paragraph_only(nlp_base):
    text = ("The RSF entered Nyala on Monday. The army shelled the city.\n\n"
            "The army bombed the bridge.")
    evs = events(nlp_base, text, {"Monday": "2024-05-06"})
    shelled = next(e for e in evs if "shelled" in text[e.evidence.start:e.evidence.end])
    bombed = next(e for e in evs if "bombed" in text[e.evidence.start:e.evidence.end])
    assert shelled.date.value == "2024-05-06"
    # no date of its own: the article's date is only an upper bound ("on or before", ACLED precision 3)
    assert shelled.date_basis == "context" and shelled.time_precision == 1
    assert bombed.date_basis == "publication" and bombed.time_precision == 3
    assert bombed.date.value == "2024-05-10" and bombed.date.text is None


@pytest.mark.parametrize(
    ("text", "type_", "mode"),
    [
        ("Police arrested twelve protesters in Khartoum on Tuesday.", "COERCE", "arrest"),
        ("The UAE supplied the RSF with drones and ammunition.", "AID", None),
        ("The army deployed troops to Kordofan.", "MOBILIZE", "troops"),
        ("Burhan met Hemedti in Jeddah.", "CONSULT", None),
        ("The army and the RSF agreed to a ceasefire in Jeddah.", "AGREE", None),
        ("The United Nations called for an immediate ceasefire.", "REQUEST", "yield"),
        ("Burhan accused the RSF of war crimes.", "ACCUSE", "allege"),
        ("The UN condemned the attack on the hospital.", "ACCUSE", "disapprove"),
        ("Russia vetoed the resolution on Sudan.", "REJECT", None),
        ("Washington imposed sanctions on RSF commanders.", "SANCTION", "discontinue"),
        ("Thousands of people protested in Khartoum against the war.", "PROTEST", "demo"),
        ("The RSF released forty prisoners.", "RETREAT", "release"),
        ("Gunmen kidnapped a dozen travellers near Nyala.", "ASSAULT", "abduct"),
    ],
)
def test_types_and_modes(nlp_base, text, type_, mode):
    ev = one(events(nlp_base, text), type_)
    assert ev.mode == mode


def test_aid_arguments_and_kidnap_count(nlp_base):
    ev = one(events(nlp_base, "The UAE supplied the RSF with drones and ammunition."), "AID")
    assert ev.actor == ["uae"] and ev.recipient == ["rsf"]
    ev = one(events(nlp_base, "Gunmen kidnapped a dozen travellers near Nyala."), "ASSAULT")
    assert ev.kidnapped == 12


def test_ids_are_stable_and_follow_the_contract(nlp_base):
    text = "The army shelled RSF positions in Omdurman."
    first = events(nlp_base, text)
    again = events(nlp_base, text)
    assert [e.id for e in first] == [e.id for e in again]
    ev = one(first, "ASSAULT")
    assert ev.id == event_id("art1", ev.evidence.start, ev.evidence.end, "ASSAULT")


def test_acled_mapping_rules():
    assert to_acled("ACCUSE", "allege", "The army blamed the RSF.") == (None, None)
    assert to_acled("ASSAULT", "explosives", "A grenade was thrown at the bus.")[1] == "Grenade"
    assert to_acled("ASSAULT", None, "Militants seized the town of Bara overnight.")[1] == \
        "Non-state actor overtakes territory"
    assert to_acled("ASSAULT", None, "The army recaptured the town of Bara.")[1] == "Government regains territory"
    assert to_acled("MOBILIZE", "troops", "The army set up a new base near Kosti.")[1] == \
        "Headquarters or base established"
    assert cameo_root("ASSAULT") == "18" and cameo_root("ASSAULT", "unconventional") == "20"
    assert cameo_root("REQUEST") == "10"


def test_acled_subtypes_cover_the_25():
    rows = read_tsv("newsgraph.events", "data/plover_mappings.tsv", MAPPING_COLUMNS)
    subtypes = {r["acled_subtype"] for r in rows if r["table"] == "acled" and r["acled_subtype"]}
    assert len(subtypes) == 25


# -- seed articles (read at run time, never copied) ---------------------------------------------------------

def _seed_events(nlp, seeds_dir, name):
    text = (seeds_dir / name).read_text(encoding="utf-8")
    doc = nlp(text)
    ments = [Mention(Evidence("seed", e.start_char, e.end_char), e.text, e.label_,
                     actor=e.text.lower().removeprefix("the ").removesuffix("'s"))
             for e in doc.ents if e.label_ in {"PERSON", "ORG", "GPE", "NORP"}]
    art = article(text)
    return text, extract_events(doc, art, ments, [], [])


def _sentence(text, ev):
    return text[ev.evidence.start:ev.evidence.end]


def test_seed_capture_of_daesh_leader(nlp_base, seeds_dir):
    text, evs = _seed_events(nlp_base, seeds_dir, "000_ef28d8d1fc0a20bb.txt")
    captures = [e for e in evs if e.type == "ASSAULT" and e.trigger.lower().startswith("captur")]
    assert captures and captures[0].mode == "abduct"  # PLOVER: combatants captured are ASSAULT abduct
    assert "Daesh" in _sentence(text, captures[0])
    assert not captures[0].hypothetical and not captures[0].negated


def test_seed_offensive_on_tripoli(nlp_base, seeds_dir):
    text, evs = _seed_events(nlp_base, seeds_dir, "003_d31605bc7ea32a97.txt")
    offensives = [e for e in evs if e.type == "ASSAULT" and e.trigger == "offensive"
                  and "Tripoli" in _sentence(text, e)]
    assert offensives
    assert any("haftar" in a for a in offensives[0].actor)


def test_seed_vow_to_fight_is_threaten(nlp_base, seeds_dir):
    text, evs = _seed_events(nlp_base, seeds_dir, "003_d31605bc7ea32a97.txt")
    in_sentence = [e for e in evs if "vowed" in _sentence(text, e) and "Geneva" in _sentence(text, e)]
    assert "THREATEN" in {e.type for e in in_sentence}
    assert "ASSAULT" not in {e.type for e in in_sentence}
    assert all(e.hypothetical for e in in_sentence if e.type == "CONSULT")


def test_seed_six_killed_ten_wounded(nlp_base, seeds_dir):
    text, evs = _seed_events(nlp_base, seeds_dir, "001_180ea50e5db810ba.txt")
    counted = [e for e in evs if e.killed is not None]
    assert any((e.killed, e.injured) == (6, 10) and e.type == "ASSAULT" for e in counted)


def test_threatens_to_attack_is_not_an_attack(nlp_base):
    evs = events(nlp_base, "The RSF threatened to attack El Fasher within days.")
    assert {e.type for e in evs} == {"THREATEN"}
    assert one(evs, "THREATEN").mode == "violence"


def test_reported_event_is_real(nlp_base):
    ev = one(events(nlp_base, "The army said its aircraft bombed RSF positions in Omdurman."), "ASSAULT")
    assert not ev.hypothetical and not ev.negated
    assert ev.mode == "aerial"


def test_future_cooperation_is_agree(nlp_base):
    # PLOVER manual (CONSULT ambiguities): future meetings are coded AGREE
    evs = events(nlp_base, "Burhan will meet Hemedti in Jeddah next week.")
    assert "CONSULT" not in {e.type for e in evs}
    assert one(evs, "AGREE").actor == ["burhan"]


def test_pronoun_subject_of_reported_speech_is_the_speaker(nlp_base):
    text = "The United Nations said on Monday it strongly condemns the shelling of El Fasher."
    doc = nlp_base(text)
    evs = [e for e in extract_events(doc, article(text), mentions_for(text), [], []) if e.type == "ACCUSE"]
    assert evs and evs[0].actor == ["un"]
    # a named subject of the reported clause stays the actor
    text2 = "The United Nations said the RSF condemns the shelling of El Fasher."
    doc2 = nlp_base(text2)
    evs2 = [e for e in extract_events(doc2, article(text2), mentions_for(text2), [], []) if e.type == "ACCUSE"]
    assert evs2 and evs2[0].actor == ["rsf"]
