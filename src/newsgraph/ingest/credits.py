"""Wire, byline and photo credits inside a story's text ("HOMS, Syria (Reuters) -", "— Agence France-Presse",
"REUTERS/Name", "Reuters contributed to this report"): the character spans that name who wrote or photographed
the story. Ingest keeps datelines in the text (places and dates read them); the stages that collect actors
use these spans so that the credit never counts as an actor mention. The outlet as a participant ("told
Reuters", "Reuters reported") is not a credit.

Patterns are data (``data/credits.tsv``, one regex with a named group ``credit`` per row, with its reason).
"""
from __future__ import annotations

import re
from functools import lru_cache

from newsgraph.lexicon import read_tsv


@lru_cache(maxsize=1)
def credit_patterns() -> tuple[re.Pattern[str], ...]:
    """The credit regexes of credits.tsv, compiled once."""
    return tuple(re.compile(r["pattern"], re.MULTILINE)
                 for r in read_tsv("newsgraph.ingest", "data/credits.tsv", ("pattern", "reason")))


def credit_spans(text: str) -> list[tuple[int, int]]:
    """Sorted (start, end) character spans of the credits in ``text`` (they may overlap)."""
    found = set()
    for pattern in credit_patterns():
        for m in pattern.finditer(text):
            start, end = m.span("credit")
            if end > start:
                found.add((start, end))
    return sorted(found)


def in_credit(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Does the character range [start, end) lie inside one of ``spans``?"""
    return any(a <= start and end <= b for a, b in spans)
