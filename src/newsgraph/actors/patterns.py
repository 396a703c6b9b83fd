"""The actors stage's lexicons (``actors/data/actor_patterns.tsv``): titles, force nouns, heads of actor
noun phrases, type cues, locative prepositions, the dependency roles in which a name acts, description
heads and the words stripped before a name. Read once per process; the component and the resolver
share them."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from newsgraph.lexicon import read_tsv

PATTERN_COLUMNS = ("kind", "value", "extra", "reason")


@dataclass(slots=True, frozen=True)
class Patterns:
    """The lexicons of actor_patterns.tsv, grouped by kind (all lower case)."""

    titles: frozenset[tuple[str, ...]]
    title_max_len: int
    force_nouns: frozenset[str]
    actor_heads: frozenset[str]
    actor_head_kinds: dict[str, str]  # actor head -> the collective kind it makes with a demonym ("state": the state)
    type_cues: dict[str, str]
    locative_preps: frozenset[str]
    actor_deps: frozenset[str]
    description_heads: frozenset[str]
    quantifiers: frozenset[str]  # "many villagers": words left out of a collective's mention
    group_heads: frozenset[str]  # "the Alawite sect": a head that makes an identity-group word an actor
    strip_leading: frozenset[str]


@lru_cache(maxsize=1)
def load_patterns() -> Patterns:
    """Read the pattern lexicon once per process."""
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in read_tsv("newsgraph.actors", "data/actor_patterns.tsv", PATTERN_COLUMNS):
        groups[row["kind"]].append((row["value"], row["extra"]))
    titles = frozenset(tuple(t.lower() for t in _title_tokens(v)) for v, _ in groups["title"])
    return Patterns(
        titles=titles,
        title_max_len=max(len(t) for t in titles),
        force_nouns=frozenset(v.lower() for v, _ in groups["force_noun"]),
        actor_heads=frozenset(v.lower() for v, _ in groups["actor_head"]),
        actor_head_kinds={v.lower(): e for v, e in groups["actor_head"]},
        type_cues={v.lower(): e for v, e in groups["type_cue"]},
        locative_preps=frozenset(v.lower() for v, _ in groups["locative_prep"]),
        actor_deps=frozenset(v for v, _ in groups["actor_dep"]),
        description_heads=frozenset(v.lower() for v, _ in groups["description_head"]),
        group_heads=frozenset(v.lower() for v, _ in groups["group_head"]),
        quantifiers=frozenset(v.lower() for v, _ in groups["quantifier"]),
        strip_leading=frozenset(v.lower() for v, _ in groups["strip_leading"]),
    )


def _title_tokens(title: str) -> list[str]:
    """Split a title the way spaCy's English tokenizer does for these words ("Gen." stays one token)."""
    return title.split()
