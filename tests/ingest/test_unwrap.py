"""Hard-wrapped wire copy is unwrapped before sentence splitting; unwrapped text is left alone."""
from __future__ import annotations

import textwrap

import pytest
from hygiene_samples import WIRE_HEADLINE, WIRE_PARAGRAPHS
from ingest_samples import PARAGRAPHS, story_text

from newsgraph.ingest import articles_from_raw
from newsgraph.ingest.unwrap import unwrap, wrap_width
from newsgraph.records import RawDocument


def _wrapped(width: int) -> str:
    return WIRE_HEADLINE + "\n\n" + "\n\n".join(textwrap.fill(p, width) for p in WIRE_PARAGRAPHS) + "\n"


def _paragraphs(text: str) -> list[str]:
    [article] = articles_from_raw(RawDocument(path="w.txt", format="txt", text=text, raw_sha="0"))
    return article.text.split("\n\n")


@pytest.mark.parametrize("width", [60, 68, 72, 80])
def test_a_wrapped_wire_report_is_joined_back_into_paragraphs(width):
    assert wrap_width(_wrapped(width).splitlines()) is not None
    assert _paragraphs(_wrapped(width)) == [WIRE_HEADLINE, *WIRE_PARAGRAPHS]


def test_paragraphs_marked_by_indentation_stay_apart_and_the_headline_stays_alone():
    text = WIRE_HEADLINE + "\n" + "\n".join("    " + textwrap.fill(p, 70, initial_indent="", subsequent_indent="")
                                             for p in WIRE_PARAGRAPHS)
    assert _paragraphs(text) == [WIRE_HEADLINE, *WIRE_PARAGRAPHS]


def test_a_word_hyphenated_at_the_margin_keeps_its_hyphen_without_a_space():
    lines = textwrap.fill(WIRE_PARAGRAPHS[0], 60).splitlines() + ["", *textwrap.fill(WIRE_PARAGRAPHS[1], 60).splitlines()]
    lines[0] += " long-"  # now past the width: the next word could not have fitted
    lines[1] = "term " + lines[1]
    assert "long-term " in unwrap(lines)[0]


@pytest.mark.parametrize("text", [
    story_text(),  # one paragraph per line, blank lines between
    "\n".join([PARAGRAPHS[0], PARAGRAPHS[1], PARAGRAPHS[2], PARAGRAPHS[3]]),  # single newlines, long lines
    "Killed in the attack:\nOmar Said\nLina Farah\nTom Baker\nAmira Khalil\nSami Aziz\n",  # a list of short lines
])
def test_text_that_is_not_hard_wrapped_is_unchanged(text):
    lines = text.splitlines()
    assert wrap_width(lines) is None
    assert unwrap(lines) == lines


@pytest.fixture(scope="module")
def line_nlp():
    from newsgraph.nlp import LINE_BREAKS, load_base_model, register_factories

    register_factories()
    nlp = load_base_model()
    nlp.add_pipe(LINE_BREAKS, before="parser")
    return nlp


def test_after_unwrapping_the_headline_and_the_dateline_each_start_a_sentence(line_nlp):
    wrapped = _wrapped(64)
    text = "\n\n".join(_paragraphs(wrapped))
    starts = {s.start_char for s in line_nlp(text).sents}
    assert 0 in starts and text.index("NORTHTOWN,") in starts  # the headline and the dateline lead
    # a wrapped line that went on in lower case no longer starts a sentence of its own
    continuations = [line.split()[0] for line in wrapped.splitlines()[2:] if line[:1].islower()]
    assert continuations
    for word in continuations:
        at = text.index(" " + word + " ") + 1
        assert at not in starts, word
