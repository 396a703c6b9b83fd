"""The text-in adapters the evaluation scores (evaluation/systems.py), on sentences we wrote."""
from __future__ import annotations

from newsgraph.evaluation.systems import (alias_pairs, article_stance, classify_snippet, find_dates,
                                          find_entities, lexical_bias_spans)
from newsgraph.events.codes import case_code, to_acled


def test_find_entities_and_alias_pairs_shapes():
    text = "The Rapid Support Forces (RSF) attacked the town. Gen. Mohamed Hamdan Dagalo leads the RSF."
    ents = find_entities(text)
    # re3d's convention: an organisation span keeps its leading "the"
    assert any(text[s:e] == "The Rapid Support Forces" and t == "Organisation" for s, e, t in ents)
    assert any(text[s:e] == "Mohamed Hamdan Dagalo" and t == "Person" for s, e, t in ents)
    pairs = alias_pairs(text)
    assert any(text[a[0]:a[1]] == "Rapid Support Forces" and text[b[0]:b[1]] == "RSF" for a, b in pairs)


def test_find_dates_plain_text() -> None:
    ms = find_dates("The offensive started on April 4, 2019.", None)
    assert [(m.text, m.value, m.evidence.article) for m in ms] == [("April 4, 2019", "2019-04-04", "")]


def test_classify_snippet_and_acled(nlp_base):
    text = "Warplanes bombed a crowded market in Nyala on Monday, killing at least 15 people."
    type_, mode, conf = classify_snippet(text, nlp_base)
    assert (type_, mode) == ("ASSAULT", "aerial") and 0 < conf <= 1
    assert to_acled(type_, mode, text) == ("Explosions/Remote violence", "Air/drone strike")
    assert case_code(type_, mode, text) == "AIR_STRIKE"
    text = "Police arrested five journalists in Khartoum."
    type_, mode, _ = classify_snippet(text, nlp_base)
    assert to_acled(type_, mode, text) == ("Strategic developments", "Arrests")
    text = "Hundreds of students rallied peacefully in Omdurman to demand an end to the war."
    type_, mode, _ = classify_snippet(text, nlp_base)
    assert to_acled(type_, mode, text) == ("Protests", "Peaceful protest")
    assert classify_snippet("The weather was pleasant in the capital.", nlp_base) == ("NONE", None, 0.0)


def test_basil_adapters_return_spans_and_a_stance():
    text = "The senator gave a wonderful speech, and critics called the plan a disastrous government takeover."
    spans = lexical_bias_spans(text)
    assert {text[s:e] for s, e in spans} >= {"wonderful", "disastrous"}
    assert article_stance(text) == "right"
    assert article_stance("Supporters of abortion rights and gun safety rallied.") == "left"
    assert article_stance("The committee met on Tuesday.") == "center"
