"""A keyword event-type classifier: the BASELINE the README asks the event system to beat by far.

Keywords live in data/event_keywords.tsv (one per line, with the source of each). A label scores one
point per distinct keyword it has in the text; the best label wins, ties go to the label listed
first; with no keyword at all the answer is the scheme's fallback (None for PLOVER = no event).
"""
from __future__ import annotations

import re
from functools import lru_cache

from newsgraph.lexicon import read_tsv

# ACLED's most frequent political-violence sub-type in ACLED's own data (armed clash), chosen from
# the codebook's overview, not from the evaluation file.
FALLBACK = {"acled": "ARMED_CLASH", "plover": None}


@lru_cache(maxsize=1)
def _table() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    rows = read_tsv("newsgraph.evaluation", "data/event_keywords.tsv", ("scheme", "label", "keyword", "reason"))
    table: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for row in rows:
        pat = re.compile(r"\b" + re.escape(row["keyword"].lower()))
        table.setdefault(row["scheme"], []).append((row["label"], pat))
    return table


def classify(text: str, scheme: str) -> str | None:
    """The best-scoring label of ``scheme`` (acled or plover) for ``text``."""
    low = text.lower()
    scores: dict[str, int] = {}
    for label, pat in _table()[scheme]:
        scores.setdefault(label, 0)
        if pat.search(low):
            scores[label] += 1
    best = max(scores.values(), default=0)
    if best == 0:
        return FALLBACK[scheme]
    return next(lab for lab, s in scores.items() if s == best)
