"""Furniture glued to the start of a story paragraph (ingest/glued.py): the prefix goes, the paragraph
stays. Sentences are written for these tests."""
from __future__ import annotations

import pytest
from ingest_samples import HEADLINE, PARAGRAPHS

from newsgraph.ingest import articles_from_raw
from newsgraph.ingest.glued import glued_prefix
from newsgraph.records import RawDocument

LEDE = "The governor said on Monday that the road to the northern valley would reopen within a week."


@pytest.mark.parametrize("prefix", [
    "Photograph: Jane Okafor/AP",
    "Photograph: AP/Tomas Lindqvist",
    "Photograph: Getty Images",
    "Credit: Reuters/Omar Haddad",
    "Photo: AFP via Getty Images",
])
def test_photo_credit_cut_from_the_lede(prefix):
    glue = glued_prefix(f"{prefix} {LEDE}")
    assert glue is not None and glue.kind == "caption"
    assert glue.prefix == prefix and glue.rest == LEDE


def test_agency_glued_to_the_first_word():
    glue = glued_prefix(f"Photograph: EPA{LEDE}")
    assert glue is not None and glue.rest == LEDE


def test_wire_stamp_before_a_dateline():
    line = ("PORTVILLE | Tue Mar 15, 2011 1:48 pm GMT PORTVILLE (Reuters) - Dock workers walked out on "
            "Tuesday over unpaid wages, union leaders said.")
    glue = glued_prefix(line)
    assert glue is not None and glue.kind == "header"
    assert glue.rest.startswith("PORTVILLE (Reuters) - Dock workers")


def test_byline_before_a_network_dateline():
    glue = glued_prefix("By Maria Santos, CNN NORTH BAY, Canada (CNN) -- Ferries stopped running on Friday.")
    assert glue is not None and glue.kind == "byline"
    assert glue.rest.startswith("NORTH BAY, Canada (CNN) --")


@pytest.mark.parametrize("line", [
    LEDE,
    "Photograph: Jane Okafor The minister arrived late.",  # no agency: where the name ends is unknown
    "PORTVILLE (Reuters) - Dock workers walked out on Tuesday, union leaders said.",  # dateline only
    "Officials in the capital said that talks would resume GMT PORTVILLE (Reuters) - on Friday.",
    "Photo: AP",  # nothing left that is a sentence
])
def test_text_is_left_alone(line):
    assert glued_prefix(line) is None


def test_clean_cuts_the_credit_and_the_caption_above_it():
    caption = "Workers clear rubble from a damaged bridge outside the town."
    text = "\n\n".join([HEADLINE, caption, f"Photograph: Jane Okafor/AP {LEDE}", *PARAGRAPHS])
    result = articles_from_raw(RawDocument(path="t.txt", format="txt", text=text, raw_sha="0"))
    assert isinstance(result, list), result
    [article] = result
    paragraphs = article.text.split("\n\n")
    assert LEDE in paragraphs
    assert caption not in article.text and "Okafor" not in article.text
    assert any(d.kind == "caption" for d in article.dropped)
