"""Wire, byline and photo credits in a story's text (ingest/credits.py). Lines written for these tests."""
from __future__ import annotations

import pytest

from newsgraph.ingest.credits import credit_spans, in_credit


def credits(text: str) -> list[str]:
    return [text[a:b] for a, b in credit_spans(text)]


@pytest.mark.parametrize("text, credit", [
    ("HAMA, Syria (Reuters) - Troops shelled the old town.", "Reuters"),
    ("BEIRUT, March 3 (AFP) - A car bomb exploded.", "AFP"),
    ("CAIRO, Egypt (CNN) -- Protesters gathered again.", "CNN"),
    ("(CNN) -- Protesters gathered again.", "CNN"),
    ("The army withdrew, witnesses said. — Agence France-Presse", "Agence France-Presse"),
    ("-- AP", "AP"),
    ("Copyright 2011 Reuters", "Reuters"),
    ("Reuters contributed to this report.", "Reuters"),
    ("A soldier walks past a burnt car. REUTERS/Mark Dunlop", "REUTERS"),
    ("Photograph: Mark Dunlop/AFP", "AFP"),
    ("Credit: Reuters", "Reuters"),
])
def test_credits_are_found(text, credit):
    assert credit in credits(text)


@pytest.mark.parametrize("text", [
    "A resident told Reuters that twelve tanks entered the town.",
    "By Tuesday, rebels had taken the airport.",
    "- Syrian troops entered the town",
    "Hamas (the Islamist movement) said it would respond.",
    "The minister met his counterpart - the talks were short - in the capital.",
])
def test_participants_and_sentences_are_no_credits(text):
    assert credits(text) == []


def test_in_credit_needs_the_whole_range_inside():
    spans = [(10, 17)]
    assert in_credit(spans, 10, 17) and not in_credit(spans, 8, 17) and not in_credit([], 0, 1)
