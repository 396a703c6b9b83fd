"""Casualty counts: number phrases with bounds, and the count attached to each casualty word."""
from __future__ import annotations

import pytest

from newsgraph.events.counts import extract_counts, parse_count


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at least six", (6, "lower-bound")),
        ("At least 1,200", (1200, "lower-bound")),
        ("more than 150", (150, "lower-bound")),
        ("nearly 600", (600, "upper-bound")),
        ("up to seven", (7, "upper-bound")),
        ("some 13,600 people", (13600, "approximate")),
        ("a dozen", (12, "approximate")),
        ("a dozen people", (12, "approximate")),
        ("dozens", (24, "lower-bound")),
        ("hundreds of civilians", (200, "lower-bound")),
        ("13,600", (13600, "exact")),
        ("twenty-six", (26, "exact")),
        ("one hundred and fifty", (150, "exact")),
        ("1.2 million", (1_200_000, "exact")),
        ("ten", (10, "exact")),
        ("several", (None, "vague")),
        ("the soldiers", (None, "none")),
    ],
)
def test_parse_count(text, expected):
    assert parse_count(text) == expected


def _counts(nlp, text):
    return extract_counts(next(iter(nlp(text).sents)))


def test_killed_and_wounded_in_one_clause(nlp_base):
    got = _counts(nlp_base, "At least four soldiers were killed and nine wounded when the convoy was ambushed.")
    assert got == {"killed": 4, "injured": 9}


def test_bounds_across_clauses(nlp_base):
    text = "More than 40 people have been killed in the town, while nearly 300 have been wounded."
    assert _counts(nlp_base, text) == {"killed": 40, "injured": 300}


def test_displaced_and_kidnapped(nlp_base):
    assert _counts(nlp_base, "Some 25,000 people have fled their homes in West Darfur.") == {"displaced": 25000}
    assert _counts(nlp_base, "Gunmen kidnapped a dozen travellers on the road to Nyala.")["kidnapped"] == 12


def test_number_words_and_dates_are_not_confused(nlp_base):
    got = _counts(nlp_base, "On 19 November, twenty-three villagers were killed by the militia.")
    assert got == {"killed": 23}


def test_active_voice_object_count(nlp_base):
    assert _counts(nlp_base, "The drone strike killed 12 civilians near the market.") == {"killed": 12}


def test_no_count_when_none_stated(nlp_base):
    assert _counts(nlp_base, "Several people were killed in the shelling.") == {}
