"""The one lexicon reader: tab-separated, no quoting, header checked, a reason (or source) on every row;
and every lexicon the package ships loads through it."""
from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.errors import LexiconError
from newsgraph.lexicon import parse_tsv

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newsgraph"


def test_quotes_are_text_not_syntax():
    # csv's default quoting would read the first field as a quoted string and drop the quotes
    rows = parse_tsv('lemma\treason\nback\t"backed by Russia", "UAE-backed"\n', ("lemma", "reason"), "t")
    assert rows == [{"lemma": "back", "reason": '"backed by Russia", "UAE-backed"'}]


def test_comments_and_blank_lines_are_skipped():
    text = "# a comment\nword\treason\n\nwar\tbecause\n# another\n"
    assert parse_tsv(text, ("word", "reason"), "t") == [{"word": "war", "reason": "because"}]


@pytest.mark.parametrize(("text", "columns", "message"), [
    ("word\twhy\nwar\tbecause\n", ("word", "why"), "no reason or source column"),
    ("word\treason\nwar\tbecause\n", ("word", "source"), "header"),
    ("word\treason\nwar\n", ("word", "reason"), "row 2 has 1 fields"),
    ("word\treason\nwar\t \n", ("word", "reason"), "row 2 has no reason"),
])
def test_malformed_files_fail_loudly_with_the_catalogue_code(text, columns, message):
    with pytest.raises(LexiconError, match=message) as info:
        parse_tsv(text, columns, "t")
    assert str(info.value).startswith("[E022] ")


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.tsv")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_shipped_tsv_is_a_valid_lexicon(path):
    text = path.read_text(encoding="utf-8")
    header = next(line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    rows = parse_tsv(text, tuple(header.split("\t")), path.name)
    assert rows


def test_every_loader_reads_its_lexicon():
    """The loaders, called: a renamed column or a stray tab in any shipped lexicon fails here."""
    from newsgraph.actors.patterns import load_patterns
    from newsgraph.consolidate.mentions import load_settings
    from newsgraph.dates.rules import load_rules
    from newsgraph.evaluation import keyword_baseline, systems, task_events
    from newsgraph.events.arguments import argument_words
    from newsgraph.events.codes import load_mappings
    from newsgraph.events.cues import casualty_cues, load_cues
    from newsgraph.framing.extract import load_lexicon
    from newsgraph.ingest.patterns import boilerplate_patterns, outlet_signatures
    from newsgraph.ingest.register import cues
    from newsgraph.ingest.thread_markers import thread_rows
    from newsgraph.ingest.widgets import token_shapes
    from newsgraph.kb import read_state_names
    from newsgraph.kb.places import load_places
    from newsgraph.quotes.extract import speech_cues
    from newsgraph.relations.extract import load_patterns as relation_patterns
    from newsgraph.syntax import place_labels, side_lemmas, speaker_pronouns

    assert load_patterns().titles and load_rules().months and load_cues() and casualty_cues()
    assert argument_words()["light_verb"] and argument_words()["territory"] and load_mappings()[1]
    assert load_lexicon() and speech_cues() and relation_patterns() and read_state_names() and load_places()
    assert boilerplate_patterns() and outlet_signatures() and thread_rows() and cues() and token_shapes()
    assert place_labels() == {"GPE", "LOC", "FAC"} and speaker_pronouns() and side_lemmas()
    assert {"doc_distance", "stem_chars"} <= set(load_settings())
    assert keyword_baseline.classify("an air strike hit the town", "acled") == "AIR_STRIKE"
    assert task_events.cameo_table() and task_events.current_name("DEMAND") == "REQUEST"
    assert systems.article_stance("The committee met.") == "center"
