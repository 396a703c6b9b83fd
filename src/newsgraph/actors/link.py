"""Linking a name to the knowledge base: an exact normalised alias first, then a transliteration-aware
fuzzy match (persons token by token, organisations as whole strings).

Why both: the KB lists the spellings news uses most, but transliterations vary ("Khalifa Hifter");
a fuzzy whole-string match is kept strict (KB_FUZZY_RATIO) because distinct group names often differ
by one word, and abbreviations must be KB aliases.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from newsgraph.actors.names import name_tokens, names_match, normalise, skeleton

# Whole-name fuzzy KB linking of an unresolved ORG (rapidfuzz ratio over the normalised string): 90 keeps
# "Rapid Support Force" ~ "Rapid Support Forces" (97) and rejects "Libyan National Army" ~ "Libyan
# National Oil Corporation" (67) and even "Libyan Natl Army" (89): abbreviations must be KB aliases.
KB_FUZZY_RATIO = 90
# Confidence of a mention by how it was linked (ordinal, not calibrated).
CONF_KB = 0.95
CONF_FUZZY = 0.8


def kb_link(kb: Any | None, text: str, label: str) -> tuple[str | None, float]:
    """Exact normalised alias, then fuzzy (transliterations); returns (entry id, confidence)."""
    if kb is None:
        return None, 0.0
    wanted = "person" if label == "PERSON" else None
    candidates = [e for e in (kb.lookup(text) or ()) if e.type not in ("state",) or label == "GPE"]
    if candidates:
        best = [e for e in candidates if wanted is None or e.type == wanted] or candidates
        return best[0].id, CONF_KB
    fuzzy = _fuzzy_index(kb)
    norm = normalise(text)
    if not norm:
        return None, 0.0
    if label == "PERSON":
        toks = name_tokens(text)
        if len(toks) < 2:
            return None, 0.0  # a lone name links exactly or through the matcher's surname rule
        for surface in fuzzy.person_by_key.get((len(toks), skeleton(toks[-1])), ()):
            if names_match(text, surface):
                return fuzzy.person_ids[surface], CONF_FUZZY
        return None, 0.0
    hit = process.extractOne(norm, fuzzy.org_names, scorer=fuzz.ratio, score_cutoff=KB_FUZZY_RATIO)
    if hit is not None:
        return fuzzy.org_ids[hit[0]], CONF_FUZZY
    first, _, rest = text.partition(" ")
    if rest and kb.by_demonym(first) is not None:  # "Russian Wagner Group" -> Wagner Group
        return kb_link(kb, rest, label)
    return None, 0.0


class _FuzzyIndex:
    """KB names prepared once for fuzzy linking (persons by token count, organisations as strings)."""

    def __init__(self, kb: Any) -> None:
        # (token count, skeleton of the surname) -> names: candidates for the token-by-token check
        self.person_by_key: dict[tuple[int, str], list[str]] = defaultdict(list)
        self.person_ids: dict[str, str] = {}
        self.org_ids: dict[str, str] = {}
        for entry in kb.entries.values():
            names = [entry.name, *(getattr(entry, "aliases", None) or ())]
            for name in names:
                if entry.type == "person":
                    if name not in self.person_ids:
                        self.person_ids[name] = entry.id
                        toks = name_tokens(name)
                        if toks:
                            self.person_by_key[(len(toks), skeleton(toks[-1]))].append(name)
                elif entry.type != "state":
                    norm = normalise(name)
                    if len(norm) >= 6:  # short names and acronyms only match exactly
                        self.org_ids.setdefault(norm, entry.id)
        self.org_names = list(self.org_ids)


@lru_cache(maxsize=4)
def _fuzzy_index_cached(kb_key: int, kb: Any) -> _FuzzyIndex:
    return _FuzzyIndex(kb)


def _fuzzy_index(kb: Any) -> _FuzzyIndex:
    return _fuzzy_index_cached(id(kb), kb)
