"""The event cue lexicon (``events/data/event_triggers.tsv``) and the lemma matcher built from it.

One row per cue with its PLOVER source: triggers (a lemma sequence that names an event type), mode
cues, negation and hypothetical cues, and casualty words (read by counts.py). Cues are matched on
lemmas with a spaCy ``PhraseMatcher``; the part of speech is checked on each match afterwards.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from newsgraph.lexicon import read_tsv

TRIGGER_COLUMNS = ("lemma", "pos", "type", "mode", "role", "strength", "object", "reason")
# Roles whose cues the matcher looks for in the text (casualty words are read by counts.py instead).
MATCHED_ROLES = frozenset({"trigger", "mode", "negation", "hypothetical"})


@dataclass(frozen=True, slots=True)
class Cue:
    """One row of data/event_triggers.tsv."""

    lemmas: tuple[str, ...]
    pos: str
    type: str
    mode: str | None
    role: str
    strength: float
    objects: frozenset[str]
    reason: str


@lru_cache(maxsize=1)
def trigger_rows() -> tuple[dict[str, str], ...]:
    """The rows of event_triggers.tsv as read (every consumer of the file starts from these)."""
    return tuple(read_tsv("newsgraph.events", "data/event_triggers.tsv", TRIGGER_COLUMNS))


@lru_cache(maxsize=1)
def load_cues() -> tuple[Cue, ...]:
    """All rows of the cue lexicon (triggers, mode cues, negation and hypothetical cues, casualty words)."""
    return tuple(Cue(
        lemmas=tuple(row["lemma"].lower().split()), pos=row["pos"] or "*", type=row["type"],
        mode=row["mode"] or None, role=row["role"], strength=float(row["strength"] or 0),
        objects=frozenset(o for o in (row["object"] or "").split("|") if o), reason=row["reason"])
        for row in trigger_rows())


@lru_cache(maxsize=1)
def casualty_cues() -> dict[str, str]:
    """lemma -> category (killed, injured, displaced, kidnapped) from the rows with role ``casualty``."""
    return {row["lemma"]: row["mode"] for row in trigger_rows() if row["role"] == "casualty"}


@lru_cache(maxsize=1)
def cue_lemma_sets() -> dict[str, frozenset[str]]:
    """First lemmas of the negation and of the hypothetical cues. Hypothetical cues come in two kinds:
    ``hypothetical`` (auxiliaries, verbs and adjectives governing the event: "would", "plans to") and
    ``hypothetical_noun`` (rows with pos NOUN: nouns governing it, "fears of an attack")."""
    out: dict[str, set[str]] = {"negation": set(), "hypothetical": set(), "hypothetical_noun": set()}
    for cue in load_cues():
        role = cue.role
        if role == "hypothetical" and cue.pos == "NOUN":
            role = "hypothetical_noun"
        if role in out:
            out[role].add(cue.lemmas[0])
    return {role: frozenset(lemmas) for role, lemmas in out.items()}


_POS = {"VERB": ("VERB",), "NOUN": ("NOUN", "PROPN"), "ADJ": ("ADJ", "VERB")}
# cache: one PhraseMatcher per vocabulary, and the cue rows of each lemma sequence
_MATCHERS: dict[int, tuple[PhraseMatcher, dict[str, list[int]]]] = {}


def matcher_for(doc: Doc) -> tuple[PhraseMatcher, dict[str, list[int]]]:
    """A lemma PhraseMatcher over all cue lemma sequences (hash lookups: a token Matcher with one
    pattern per cue was slower than parsing the text); POS is checked on each match afterwards."""
    key = id(doc.vocab)
    if key not in _MATCHERS:
        matcher = PhraseMatcher(doc.vocab, attr="LEMMA")
        rows: dict[str, list[int]] = {}
        for idx, cue in enumerate(load_cues()):
            if cue.role not in MATCHED_ROLES:
                continue
            name = " ".join(cue.lemmas)
            if name not in rows:
                words = list(cue.lemmas)
                # headline case: a capitalised word tagged PROPN keeps its case as lemma ("Clashes")
                titled = [words[0].title(), *words[1:]]
                matcher.add(name, [Doc(doc.vocab, words=words, lemmas=words),
                                   Doc(doc.vocab, words=titled, lemmas=titled)])
                rows[name] = []
            rows[name].append(idx)
        _MATCHERS[key] = (matcher, rows)
    return _MATCHERS[key]


def pos_ok(cue: Cue, span: Span) -> bool:
    if cue.pos not in _POS:
        return True
    tok = span[0] if cue.pos == "VERB" else span[-1]  # "call for" is a verb, "air strike" a noun
    return tok.pos_ in _POS[cue.pos]
