"""Tone toward an actor per outlet (VADER over the sentences that mention it)."""
from __future__ import annotations

from newsgraph.framing.tone import compound, mention_sentences, sentence_spans, tone_by_outlet

TEXT_A = ("The governor opened a new hospital and residents praised his generous support. "
          "Rain fell in the hills.\nHe thanked the volunteers.")
TEXT_B = ("The governor's guards beat protesters and killed two students, a brutal crackdown. "
          "Markets stayed closed.")


def test_sentences_and_mention_sentences():
    spans = sentence_spans(TEXT_A)
    assert [TEXT_A[s:e] for s, e in spans] == [
        "The governor opened a new hospital and residents praised his generous support.",
        "Rain fell in the hills.", "He thanked the volunteers."]
    gov = TEXT_A.index("governor")
    assert mention_sentences(TEXT_A, [(gov, gov + 8)]) == [spans[0]]


def test_tone_differs_between_outlets_and_keeps_examples():
    a = TEXT_A.index("governor")
    b = TEXT_B.index("governor")
    scores = {t.source: t for t in tone_by_outlet("gov", [
        ("Friendly Post", "a1", TEXT_A, [(a, a + 8)]), ("Critical Daily", "b1", TEXT_B, [(b, b + 8)])])}
    assert scores["Friendly Post"].mean > 0.3 > -0.3 > scores["Critical Daily"].mean
    assert scores["Friendly Post"].sentences == 1 and scores["Critical Daily"].negative == 1
    ex = scores["Critical Daily"].most_negative
    assert ex["article"] == "b1" and "brutal" in TEXT_B[ex["start"]:ex["end"]]


def test_negation_is_handled():
    assert compound("The ceasefire is good.") > 0 > compound("The ceasefire is not good.")
