"""Group words: religious, sectarian, ethnic and political labels ("Christian", "Sunni", "Kurdish", "Druze")
are never toponyms by themselves, whatever homonym the gazetteer holds ("Christian" -> Christian County,
"Arab" -> Arab, Alabama). Read from data/group_words.tsv; plurals are derived. A longer name that contains
one ("Christian County", "Arab League") is another surface and is not affected; a group word followed by a
qualifier ("Arab, Ala.") is left to the gazetteer by the caller (issue 13).
"""
from __future__ import annotations

from functools import lru_cache

from newsgraph.ids import place_key as normalize
from newsgraph.lexicon import read_tsv

PACKAGE = "newsgraph.places"
FILE = "data/group_words.tsv"
PLURALS = ("s", "es")


@lru_cache(maxsize=1)
def group_keys() -> frozenset[str]:
    """Normalised keys of every listed word and its plurals."""
    keys: set[str] = set()
    for row in read_tsv(PACKAGE, FILE, ("word", "kind", "reason")):
        key = normalize(row["word"])
        keys.add(key)
        keys.update(key + p for p in PLURALS)
    return frozenset(keys)


@lru_cache(maxsize=16_384)
def is_group_word(surface: str) -> bool:
    """True for "Christian", "Sunnis", "Shi'ite", "Kurds"; False for "Christian County" or "Homs"."""
    return len(surface.split()) <= 2 and normalize(surface) in group_keys()
