"""Senses: a matched cue that is no event (a market, sports, weather or film sense, a metaphor, a cue inside a name).

The words are data (``events/data/senses.tsv``, kind / word / reason): the subject of a cue verb that
makes it a market, sports, weather or film sense ("gold hits record high", "shares fall", "the team beat ...",
"winter storms hit", "the scene was shot"), an
object that makes it a metaphor ("hit a record"), a noun that a cue modifies as part of a kind of thing
("attack helicopter", "riot police"), and the entity labels inside which a capitalised cue is part of a
name ("Operation Dignity"). :func:`not_event` says why a trigger is no event, or None.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Span, Token

from newsgraph.lexicon import read_tsv

SENSE_COLUMNS = ("kind", "word", "reason")


@lru_cache(maxsize=1)
def sense_words() -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for row in read_tsv("newsgraph.events", "data/senses.tsv", SENSE_COLUMNS):
        groups.setdefault(row["kind"], set()).add(row["word"])
    return {k: frozenset(v) for k, v in groups.items()}


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def not_event(head: Token, span: Span) -> str | None:
    """Why the trigger headed by ``head`` (matched as ``span``) is no event; None when it may be one."""
    w = sense_words()
    market, sports = w.get("market_subject", frozenset()), w.get("sports_subject", frozenset())
    nature, film = w.get("nature_subject", frozenset()), w.get("film_subject", frozenset())
    if head.pos_ in {"VERB", "AUX"}:
        for c in head.children:
            if c.dep_ in {"nsubj", "nsubjpass", "compound"}:  # "Gold hits record high": gold parsed as compound
                if _lemma(c) in market:
                    return "market"
                if _lemma(c) in sports:
                    return "sports"
                if _lemma(c) in nature:
                    return "nature"
                if c.dep_ == "nsubjpass" and _lemma(c) in film:
                    return "film"  # "the scene was shot in Woodstock"
            if c.dep_ in {"prep", "agent"} and c.lower_ in {"by", "with"} and any(
                    g.dep_ == "pobj" and _lemma(g) in nature for g in c.children):
                return "nature"  # "Indianapolis was hit with a major ice storm"
            if c.dep_ in {"dobj", "attr"} and _lemma(c) in w.get("metaphor_object", frozenset()):
                return "metaphor"
    else:
        last = span[-1]
        if last.dep_ in {"compound", "amod", "nmod"} and _lemma(last.head) in w.get("name_head", frozenset()) \
                and last.head.i > last.i:
            return "name"
        if any(_lemma(c) in market for c in head.children if c.dep_ in {"compound", "nmod", "poss"}):
            return "market"
    first = span[0]
    if (first.is_title and first.i > first.sent.start and first.ent_type_ in w.get("name_label", frozenset())):
        ent = next((e for e in first.doc.ents if e.start <= first.i < e.end), None)
        if ent is not None and len(ent) > 1:
            return "name"
    return None
