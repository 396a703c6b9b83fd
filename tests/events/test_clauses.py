"""Where an event trigger stands in its sentence (clauses.py), and background events told beside a
sentence's main event (issue 12). Fixture sentences are our own, about the war in Sudan."""
from __future__ import annotations

from test_events import events

from newsgraph.events.clauses import MAIN, PREPOSITIONAL, SUBORDINATE, clause_role, sentence_roles


def _tok(doc, word):
    return next(t for t in doc if t.text == word)


def test_clause_roles_of_main_subordinate_and_prepositional_triggers(nlp_base):
    doc = nlp_base("The army arrested five men after the bombing in Nyala.")
    assert clause_role(_tok(doc, "arrested")) == MAIN
    assert clause_role(_tok(doc, "bombing")) == PREPOSITIONAL
    doc = nlp_base("Residents fled after troops shelled the town.")
    assert clause_role(_tok(doc, "shelled")) == SUBORDINATE
    assert clause_role(_tok(doc, "fled")) == MAIN


def test_background_events_in_one_sentence(nlp_base):
    doc = nlp_base("The army arrested five men after the bombing in Nyala.")
    roles = sentence_roles([[_tok(doc, "arrested")], [_tok(doc, "bombing")]])
    assert roles == [(MAIN, False), (PREPOSITIONAL, True)]
    # alone in its sentence, a prepositional event is the sentence's event
    doc = nlp_base("Ten people died in the bombing.")
    assert sentence_roles([[_tok(doc, "bombing")]]) == [(PREPOSITIONAL, False)]


def test_a_background_mention_is_a_report_of_the_earlier_event(nlp_base):
    text = "The RSF shelled El Fasher on Monday. The army arrested five men after the shelling."
    evs = events(nlp_base, text, {"Monday": "2024-05-06"})
    assault = [e for e in evs if e.type == "ASSAULT"]
    assert len(assault) == 1 and "shelled" in text[assault[0].evidence.start:assault[0].evidence.end]
    assert [text[r.start:r.end] for r in assault[0].reports] == [
        "The army arrested five men after the shelling."]
    assert [e.type for e in evs if e.type == "COERCE"] == ["COERCE"]


def test_a_background_mention_without_an_earlier_event_is_no_new_event(nlp_base):
    text = "The army arrested five men after the bombing in Nyala."
    assert [e.type for e in events(nlp_base, text)] == ["COERCE"]
