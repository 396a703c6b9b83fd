"""Comment-like, news-like and neutral paragraphs (the register that bounds a comment thread)."""
from __future__ import annotations

import pytest

from newsgraph.ingest.register import classify, cues, unquoted


@pytest.mark.parametrize(("paragraph", "expected"), [
    ("I honestly think the envoy is wasting everyone's time.", "comment"),
    ("Why do we keep paying for hotels in Geneva?", "comment"),
    ("what a joke this whole process is", "comment"),
    ("@harbourwatcher the truce is holding, read the story", "comment"),
    ("THE ENVOY SHOULD RESIGN RIGHT NOW BEFORE THINGS GET WORSE", "comment"),
    ("The envoy said both sides had agreed to exchange lists of detainees.", "story"),
    ('"We will not leave our homes," a resident said.', "story"),
    ('"We will respect the truce as long as the other side does."', "story"),
    ("GENEVA, March 3 (Harbour Wire) - Delegations returned on Tuesday.", "story"),
    ("BLITZER: We are going to the border now, where our team is standing by.", "story"),
    # quotation marks lost by the dump: the closing attribution still marks news
    ("We will not leave our homes, she said.", "story"),
    ("The next round of talks is due to open in the same hotel on Monday.", "neutral"),
])
def test_classify(paragraph, expected):
    assert classify(paragraph) == expected


def test_a_quoted_first_person_is_the_source_speaking_not_the_writer():
    paragraph = '"I saw the tanks leave before dawn," a shopkeeper told reporters.'
    assert "I saw" not in unquoted(paragraph)
    assert classify(paragraph) == "story"


def test_us_in_capitals_is_the_country():
    assert classify("The US and the EU welcomed the truce on Tuesday.") == "neutral"


def test_every_cue_row_has_a_known_cue_and_a_reason():
    rows = cues()
    assert rows and all(r.reason.strip() for r in rows)
    assert {r.cue for r in rows} == {"comment", "report", "story", "dateline"}
