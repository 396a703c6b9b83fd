"""Person and organisation names: the normalised key, transliteration-aware token matching, acronyms and
the stable id of an actor the knowledge base does not know.

Why fuzzy and skeleton matching: news spells Arabic names many ways (Haftar / Hifter / Jaftar,
Mohammed / Muhammad); two tokens are one name when they are near-identical strings or share a long
enough consonant skeleton. Thresholds were set on the fixtures in tests/actors and the seed articles.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from newsgraph.ids import actor_key, discovered_actor_id

# Two name tokens are one name when the normalised strings are this similar (rapidfuzz ratio, 0..100):
# Mohamed/Mohammed 93 match; Hamad/Hamid 80 and Nasser/Yasser 83 (different names) do not, and so neither
# does Serraj/Sarraj 83 (skeleton "srh" is too short): such pairs must be KB aliases.
TOKEN_RATIO = 85
# ... or when their consonant skeletons are equal, at least this long, and the ratio is at least
# SKELETON_RATIO: Haftar/Hifter 67, Haftar/Jaftar 83, Hifter/Jaftar 50 all have skeleton "hftr";
# Mohammed/Muhammad 75 share "mhmd".
SKELETON_MIN_LEN = 4
SKELETON_RATIO = 50
PERSON_PARTICLES = frozenset({"al", "el", "bin", "ibn", "bint", "abu", "abd", "de", "van", "von", "der"})
_SKELETON_MAP = (("kh", "h"), ("gh", "g"), ("sh", "s"), ("ch", "s"), ("th", "t"), ("dh", "d"), ("ph", "f"),
                 ("q", "k"), ("j", "h"), ("w", "u"), ("z", "s"))
ACRONYM_STOP = frozenset({"of", "the", "and", "for", "in", "on", "al", "el", "de", "to", "a"})


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """Lower case, no accents, no leading article or trailing possessive, single spaces (ids.ACTOR_KEY)."""
    return actor_key(name)


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """Consonant skeleton of one normalised token, folding common transliteration variants of Arabic."""
    text = token
    for a, b in _SKELETON_MAP:
        text = text.replace(a, b)
    text = re.sub(r"[aeiouy]", "", text)
    return re.sub(r"(.)\1+", r"\1", text)


@lru_cache(maxsize=65536)
def tokens_match(a: str, b: str) -> bool:
    """Are two normalised name tokens spellings of the same name?"""
    if a == b:
        return True
    ratio = fuzz.ratio(a, b)
    if ratio >= TOKEN_RATIO:
        return True
    sa = skeleton(a)
    return sa == skeleton(b) and len(sa) >= SKELETON_MIN_LEN and ratio >= SKELETON_RATIO


def name_tokens(name: str) -> list[str]:
    """Normalised tokens of a person name without particles (al-, bin ...)."""
    return list(_name_tokens(name))


@lru_cache(maxsize=65536)
def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(t for t in normalise(name).split() if t not in PERSON_PARTICLES)


def names_match(a: str, b: str) -> bool:
    """Same full name, token by token (never only a shared surname)."""
    ta, tb = name_tokens(a), name_tokens(b)
    return bool(ta) and len(ta) == len(tb) and all(tokens_match(x, y) for x, y in zip(ta, tb))


def acronym_of(long_form: str) -> str:
    """Initials of the capitalised words ("Libyan National Army" -> "LNA")."""
    words = re.findall(r"[A-Za-z][\w’']*", long_form)
    return "".join(w[0].upper() for w in words if w.lower() not in ACRONYM_STOP)


def is_acronym(text: str) -> bool:
    return 2 <= len(text) <= 8 and text.replace(".", "").replace("-", "").isupper() and text.isalpha()


def actor_id(name: str) -> str:
    """Stable id of a discovered actor: the same normalised name gives the same id in every article."""
    return discovered_actor_id(normalise(name))
