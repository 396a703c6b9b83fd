"""Framing labels: the words each outlet attaches to each actor, with the evidence span.

Why the dependency parse around mentions and not a window of words: a label frames an actor only
when it is grammatically attached to it — a premodifier or title in the actor's noun phrase ("warlord
Khalifa Haftar", "Libyan strongman and former CIA asset Khalifa Haftar"), an apposition ("Haftar, a
renegade general,"), a predicate ("Haftar is a warlord"), or the noun for the actor's fighters when
the actor is its possessor or agent ("Haftar's militias", "the army led by Haftar", "forces loyal to
Haftar"). Which words count is data (framing/data/framing_labels.tsv, each entry with its reason).

Pure stage function: ``extract_framing(doc, article, mentions) -> list[FramingLabel]``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from newsgraph.lexicon import read_tsv
from newsgraph.records import Article, Evidence, FramingLabel, Mention

LABEL_COLUMNS = ("pattern", "label", "kind", "reason")

# Tokens allowed in the run of premodifiers left of a mention (the noun phrase the name heads);
# the walk stops at a determiner, a preposition, a verb, a comma or a possessive. 8 tokens covers
# "Libyan strongman and former CIA asset" (6) with room; longer runs are other phrases.
PREMOD_POS = {"ADJ", "NOUN", "PROPN", "CCONJ", "ADV", "PUNCT", "X"}
PREMOD_STOP_TEXT = {",", ";", ":", "(", ")", "'s", "’s", "—", "–"}
MAX_PREMODIFIERS = 8
# Kinds that describe the actor's armed men: matched only on the noun the actor possesses or leads.
FORCES = "forces"


@dataclass(frozen=True, slots=True)
class LabelEntry:
    pattern: str
    label: str
    kind: str
    reason: str


@lru_cache(maxsize=1)
def load_lexicon() -> tuple[LabelEntry, ...]:
    """The label lexicon, longest patterns first (so "former CIA asset" wins over "CIA asset")."""
    rows = read_tsv("newsgraph.framing", "data/framing_labels.tsv", LABEL_COLUMNS)
    entries = [LabelEntry(r["pattern"].strip().lower(), r["label"].strip(), r["kind"].strip(), r["reason"].strip())
               for r in rows]
    return tuple(sorted(entries, key=lambda e: (-len(e.pattern), e.pattern)))


def phrase_regex(pattern: str) -> str:
    """A pattern as a regex: hyphens and spaces interchangeable, whole words only."""
    parts = [re.escape(p) for p in re.split(r"[-\s]+", pattern)]
    body = r"[-\s]?".join(parts)
    tail = r"(?![\w-])" if pattern[-1].isalnum() else ""
    return r"(?<![\w-])" + body + tail


@lru_cache(maxsize=4)
def _compiled(forces: bool) -> tuple[tuple[re.Pattern[str], LabelEntry], ...]:
    return tuple((re.compile(phrase_regex(e.pattern), re.IGNORECASE), e) for e in load_lexicon()
                 if (e.kind == FORCES) == forces)


def match_labels(text: str, *, forces: bool = False) -> list[tuple[int, int, LabelEntry]]:
    """Non-overlapping lexicon matches in ``text`` (offsets into it), longest patterns first."""
    taken: list[tuple[int, int]] = []
    found = []
    for rx, entry in _compiled(forces):
        for m in rx.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), m.end(), entry))
    return sorted(found, key=lambda t: t[0])


def _premodifier_start(span: Span) -> int:
    """Index of the first token of the run of premodifiers left of ``span`` (== span.start if none)."""
    i = span.start
    sent_start = span.sent.start if span.doc.has_annotation("SENT_START") else 0
    while i > sent_start and span.start - i < MAX_PREMODIFIERS:
        tok = span.doc[i - 1]
        participle = tok.tag_ in {"VBN", "VBG"} and tok.dep_ in {"amod", "compound"}  # "so-called", "UN-backed"
        if tok.text in PREMOD_STOP_TEXT or tok.tag_ == "POS" or not (tok.pos_ in PREMOD_POS or participle):
            break
        if tok.pos_ == "PUNCT" and tok.text not in {"-", "‘", "’", "'", '"', "“", "”", "."}:
            break
        i -= 1
    while i < span.start and span.doc[i].pos_ in {"CCONJ", "PUNCT"}:  # no leading "and" / quote
        i += 1
    return i


def _fighters_noun(root: Token) -> Token | None:
    """The noun naming the actor's men: "Haftar's militias" (poss), "the army led by Haftar"
    (agent of a participle), "forces loyal to Haftar" (object of an adjective's preposition)."""
    if root.dep_ == "poss" and root.head.pos_ in {"NOUN", "PROPN"}:
        return root.head
    if root.dep_ == "pobj" and root.head.dep_ in {"agent", "prep"}:
        mod = root.head.head
        if mod.dep_ in {"acl", "amod"} and mod.head.pos_ in {"NOUN", "PROPN"}:
            return mod.head
    return None


def _label(article: Article, actor: str, start: int, end: int, mention: Span, entry: LabelEntry) -> FramingLabel:
    lo, hi = min(start, mention.start_char), max(end, mention.end_char)
    return FramingLabel(Evidence(article.id, lo, hi), actor, entry.label, article.source)


def _labels_for_mention(doc: Doc, article: Article, span: Span, actor: str) -> list[tuple[int, FramingLabel]]:
    """(label start, label) pairs for one mention."""
    out: list[tuple[int, FramingLabel]] = []
    text = article.text  # == doc.text, which spaCy rebuilds from every token on each access

    def scan(lo: int, hi: int, *, forces: bool = False) -> None:
        for s, e, entry in match_labels(text[lo:hi], forces=forces):
            out.append((lo + s, _label(article, actor, lo + s, lo + e, span, entry)))

    # titles inside the mention itself ("Gen. Khalifa Haftar" recognised as one entity)
    for s, e, entry in match_labels(span.text):
        if entry.kind == "title" and s == 0:
            out.append((span.start_char + s, _label(article, actor, span.start_char + s, span.start_char + e,
                                                    span, entry)))
    first = _premodifier_start(span)
    if first < span.start:
        scan(doc[first].idx, span.start_char)
    root = span.root
    for child in root.children:  # "Haftar, a renegade general,"
        if child.dep_ == "appos" and child.i >= span.end:
            scan(child.left_edge.idx, child.right_edge.idx + len(child.right_edge))
    if root.dep_ == "appos" and root.head.i < span.start:  # "the eastern commander, Khalifa Haftar"
        scan(root.head.left_edge.idx, span.start_char)
    if root.dep_ == "nsubj" and root.head.lemma_ == "be":  # "Haftar is a warlord"
        for child in root.head.children:
            if child.dep_ == "attr":
                scan(child.left_edge.idx, child.idx + len(child))
    noun = _fighters_noun(root)
    if noun is not None:
        scan(noun.idx, noun.idx + len(noun), forces=True)
    return out


def extract_framing(doc: Doc, article: Article, mentions: list[Mention]) -> list[FramingLabel]:
    """Framing labels for every resolved actor mention of one article (one per label occurrence)."""
    seen: set[tuple[str, str, int]] = set()
    out: list[FramingLabel] = []
    for m in sorted(mentions, key=lambda m: (m.evidence.start, m.evidence.end)):
        if m.actor is None:
            continue
        span = doc.char_span(m.evidence.start, m.evidence.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        for at, label in _labels_for_mention(doc, article, span, m.actor):
            key = (label.actor, label.label, at)
            if key not in seen:
                seen.add(key)
                out.append(label)
    return out
