"""The actor knowledge base shipped with newsgraph: states, governments, IGOs, conflict actors, media.

Why a package of its own: actors, relations and framing all resolve surfaces against the same facts,
so the data (``kb/data/*.jsonl``, each entry with its public source) and the one loader live here.
Place additions for the gazetteer (``places_extra.tsv``, ``places.py``) sit beside it.
"""
from newsgraph.kb.actors import (
    AMBIGUOUS,
    Description,
    KBEntry,
    KBError,
    KnowledgeBase,
    default_data_dir,
    load_kb,
    read_kb,
    read_state_names,
)

__all__ = [
    "AMBIGUOUS",
    "Description",
    "KBEntry",
    "KBError",
    "KnowledgeBase",
    "default_data_dir",
    "load_kb",
    "read_kb",
    "read_state_names",
]
