"""Framing labels: the words each outlet attaches to each actor, with the evidence span.

Why the dependency parse around mentions and not a window of words: a label frames an actor only
when it is grammatically attached to it — a premodifier or title in the actor's noun phrase ("warlord
Khalifa Haftar", "Libyan strongman and former CIA asset Khalifa Haftar"), an apposition ("Haftar, a
renegade general,"), a predicate ("Haftar is a warlord"), or the noun for the actor's fighters when
the actor is its possessor or agent ("Haftar's militias", "the army led by Haftar", "forces loyal to
Haftar"). Which words count is data (data/framing_labels.tsv, each entry with its reason).

Pure stage function: ``extract_framing(doc, article, mentions) -> list[FramingLabel]``.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from newsgraph.records import Article, Evidence, FramingLabel, Mention

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
    text = resources.files("newsgraph").joinpath("data/framing_labels.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader((line for line in text.splitlines() if line and not line.startswith("#")),
                          delimiter="\t")
    entries = [LabelEntry(r["pattern"].strip().lower(), r["label"].strip(), r["kind"].strip(), r["reason"].strip())
               for r in rows]
    return tuple(sorted(entries, key=lambda e: (-len(e.pattern), e.pattern)))


def _regex(pattern: str) -> str:
    parts = [re.escape(p) for p in re.split(r"[-\s]+", pattern)]
    body = r"[-\s]?".join(parts)
    tail = r"(?![\w-])" if pattern[-1].isalnum() else ""
    return r"(?<![\w-])" + body + tail


@lru_cache(maxsize=4)
def _compiled(forces: bool) -> tuple[tuple[re.Pattern[str], LabelEntry], ...]:
    return tuple((re.compile(_regex(e.pattern), re.IGNORECASE), e) for e in load_lexicon()
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


# -- framing beyond actors: the evaluation harness's entry points (BASIL) ---------------------------
# Lexical bias ~ loaded words: adjectives and adverbs whose VADER valence magnitude (scale -4..4) is
# at least LOADED_VALENCE. Measured on BASIL (210 articles, 319 lexical-bias spans), relaxed F1 by
# threshold with ADJ/ADV: 1.0 -> 0.052, 1.5 -> 0.048, 2.0 -> 0.051, 2.5 -> 0.032; all POS: 0.030 at 1.0.
# Weak in absolute terms (BASIL's lexical bias is context-dependent); 1.0 kept as the best measured.
LOADED_VALENCE = 1.0
LOADED_POS = {"ADJ", "ADV"}
# An article leans to a side when it uses at least STANCE_MARGIN more phrases of that side than of
# the other (data/partisan_phrases.tsv); otherwise it reads as center. 1 = any net evidence.
STANCE_MARGIN = 1


@lru_cache(maxsize=1)
def _partisan() -> tuple[tuple[re.Pattern[str], str], ...]:
    text = resources.files("newsgraph").joinpath("data/partisan_phrases.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader((line for line in text.splitlines() if line and not line.startswith("#")),
                          delimiter="\t")
    return tuple((re.compile(_regex(r["pattern"].strip().lower()), re.IGNORECASE), r["side"].strip()) for r in rows)


def lexical_bias_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of loaded words (see LOADED_VALENCE): the BASIL lexical-bias adapter."""
    from newsgraph.nlp import base_model
    from newsgraph.tone import _analyzer

    lexicon = _analyzer().lexicon
    nlp = base_model()
    keep = [p for p in ("tok2vec", "tagger", "attribute_ruler") if p in nlp.pipe_names]
    with nlp.select_pipes(enable=keep):
        doc = nlp(text)
    return [(t.idx, t.idx + len(t)) for t in doc
            if t.pos_ in LOADED_POS and abs(lexicon.get(t.lower_, 0.0)) >= LOADED_VALENCE]


def article_stance(text: str) -> str:
    """left, center or right from partisan phrase counts (data/partisan_phrases.tsv)."""
    votes = {"left": 0, "right": 0}
    for rx, side in _partisan():
        votes[side] += len(rx.findall(text))
    if votes["left"] - votes["right"] >= STANCE_MARGIN:
        return "left"
    if votes["right"] - votes["left"] >= STANCE_MARGIN:
        return "right"
    return "center"
