"""syntax.tokens_where and the walks built on it: the same tokens as a walk over every Token.

The stages skip the tokens that cannot match (a relation cue, a collective noun, a line break) by
testing each distinct string once instead of making a Token per token; these tests hold each fast path
to its definition, token by token, on texts with line breaks, blank lines, spaced words and names.
"""
from __future__ import annotations

import pytest
from spacy.attrs import LEMMA, LOWER, ORTH

from newsgraph.actors import collective as coll
from newsgraph.relations import extract as rel
from newsgraph.syntax import _split_sentences, tokens_where

TEXTS = (
    "Rebels backed by Turkey attacked the town.\nGovernment troops shelled Homs on Monday.\n\n"
    "  The Syrian army, allied with Russian forces, said it had killed 20 gunmen.",
    "HEADLINE IN CAPITALS\nProtesters in Cairo clashed with police.   Security forces fired tear gas.\n",
    "\n\nThe militia, funded by Iran, fights the government.\n \nBy Staff Writer\n",
    "",
)


@pytest.fixture(scope="module")
def docs(nlp_base):
    return [nlp_base(t) for t in TEXTS]


def test_tokens_where_is_the_token_walk(docs):
    for doc in docs:
        assert tokens_where(doc, ORTH, lambda s: "\n" in s) == [t.i for t in doc if "\n" in t.text]
        assert tokens_where(doc, LOWER, lambda s: s.startswith("s")) == [t.i for t in doc if t.lower_.startswith("s")]
        assert tokens_where(doc, LEMMA, str.istitle) == [t.i for t in doc if t.lemma_.istitle()]
    assert any(tokens_where(doc, ORTH, lambda s: "\n" in s) for doc in docs)  # the texts have breaks


def _split_by_definition(doc):
    out = []
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if tok.is_space and "\n" in tok.text:
                if tok.i > start:
                    out.append(doc[start:tok.i])
                start = tok.i + 1
        if start < sent.end:
            out.append(doc[start:sent.end])
    return [(s.start, s.end) for s in out if not all(t.is_space for t in s)]


def test_sentences_split_at_line_breaks_as_defined(docs):
    for doc in docs:
        assert [(s.start, s.end) for s in _split_sentences(doc)] == _split_by_definition(doc)


def test_only_the_skipped_tokens_have_no_relation_cue(docs):
    for doc in docs:
        candidates = set(rel._cue_tokens(doc))
        with_cues = {t.i for t in doc if rel._cues_for(t)}
        assert with_cues <= candidates
    assert any(rel._cues_for(t) for doc in docs for t in doc)  # "backed", "allied", "funded"


def test_only_the_skipped_tokens_head_no_collective(docs):
    heads = coll.head_words()
    for doc in docs:
        kept = set(tokens_where(doc, LOWER, heads.__contains__))
        assert {t.i for t in doc if coll.collective_kind(t) is not None} <= kept
    assert any(coll.collective_kind(t) for doc in docs for t in doc)  # "gunmen", "protesters"
