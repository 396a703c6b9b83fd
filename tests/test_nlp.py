"""nlp.py: the factories are registered by an explicit call, and the full pipeline runs the stages'
components in stage order after the base model."""
from __future__ import annotations

from spacy.language import Language

from newsgraph.nlp import base_model, load_nlp, register_factories

FACTORIES = ("newsgraph_line_breaks", "newsgraph_actors", "newsgraph_places", "newsgraph_dates")


def test_register_factories_is_explicit_and_idempotent():
    register_factories()
    register_factories()
    assert all(Language.has_factory(name) for name in FACTORIES)


def test_full_pipeline_order_and_line_breaks():
    nlp = load_nlp()
    names = nlp.pipe_names
    assert names.index("newsgraph_line_breaks") < names.index("parser")
    assert names[-3:] == ["newsgraph_actors", "newsgraph_places", "newsgraph_dates"]
    doc = nlp("Fighting near the capital\nThe army said on Sunday that it had retaken the airport.")
    starts = [s.text.split()[0] for s in doc.sents]
    assert "The" in starts  # the headline does not run into the first sentence of the story
    assert doc._.actor_mentions is not None and doc._.places is not None
    assert [s.text for s in doc.spans["newsgraph_dates"]] == ["Sunday"]


def test_base_model_is_shared_and_bare():
    assert base_model() is base_model()
    assert not any(name.startswith("newsgraph_") for name in base_model().pipe_names)
