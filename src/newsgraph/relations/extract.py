"""Relations between actors (supports, arms, funds, fights, allied_with, opposes, commands, member_of,
negotiates_with, sanctions, recognizes) from grammatical constructions of one sentence.

Why constructions and not co-occurrence: two actors in the same sentence are as often enemies as allies;
the construction ("backed by", "supplied X with", "loyal to", "fighting alongside", "backers including A,
B and C", "X, which is supported by Y", "UAE-backed") says which. The cue words are data
(``relations/data/relation_patterns.tsv``); the constructions are the code below. Both ends are actor
ids, found through the mention spans of the actors stage. The date is the sentence's date mention, else
the article's date. An assault, or money promised or given, between two named actors states a relation
too: those come from the events the events stage found in the same article.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from newsgraph.lexicon import read_tsv
from newsgraph.records import Article, DateMention, Event, Evidence, Mention, Relation
from newsgraph.syntax import ActorIndex, prep_objects, sentences, subject_of, tokens_where

PATTERN_COLUMNS = ("lemma", "pos", "relation", "direction", "object", "reason")

# -- tuned constants: confidence by construction (ordinal; set by reading the seed articles) -----------
CONF_VERB = 0.8  # "Y supplied X", "X backed by Y": explicit predicate with both arguments
CONF_HYPHEN = 0.85  # "UAE-backed militias": a fixed, unambiguous compound
CONF_NOUN = 0.7  # "support from Y", "backers including ...": the holder is found less directly
CONF_ADJ = 0.75  # "forces loyal to Y"
# An assault by X on Y (a real, not negated or hypothetical, ASSAULT event with both sides named) means
# X fights Y; its relation confidence is the event's, discounted because one attack may be one-sided.
ASSAULT_FIGHT_FACTOR = 0.8


@dataclass(frozen=True, slots=True)
class RelationCue:
    lemma: str
    pos: str
    relation: str
    symmetric: bool
    objects: frozenset[str]
    reason: str


@lru_cache(maxsize=1)
def load_patterns() -> dict[tuple[str, str], list[RelationCue]]:
    """(lemma, POS) -> cues, from data/relation_patterns.tsv."""
    out: dict[tuple[str, str], list[RelationCue]] = {}
    for row in read_tsv("newsgraph.relations", "data/relation_patterns.tsv", PATTERN_COLUMNS):
        cue = RelationCue(row["lemma"].lower(), row["pos"], row["relation"], row["direction"] == "symmetric",
                          frozenset(o for o in (row["object"] or "").split("|") if o), row["reason"])
        out.setdefault((cue.lemma, cue.pos), []).append(cue)
    return out


@lru_cache(maxsize=1)
def _cue_words() -> frozenset[str]:
    """Every lemma a pattern names: :func:`_cues_for` finds nothing for a token whose lemma (lower-cased)
    and lower-case form are both outside this set."""
    return frozenset(lemma for lemma, _ in load_patterns())


def _cue_tokens(doc: Doc) -> list[int]:
    """The indices, in order, of the tokens that may carry a cue (see :func:`_cue_words`)."""
    words = _cue_words()
    by_lemma = tokens_where(doc, LEMMA, lambda lemma: lemma.lower() in words)
    return sorted({*by_lemma, *tokens_where(doc, LOWER, words.__contains__)})


_POS_KEY = {"VERB": "VERB", "AUX": "VERB", "NOUN": "NOUN", "PROPN": "NOUN", "ADJ": "ADJ", "ADP": "ADP"}


def _cues_for(tok: Token) -> list[RelationCue]:
    pats = load_patterns()
    key = _POS_KEY.get(tok.pos_)
    lemma = tok.lemma_.lower()
    found = pats.get((lemma, key or ""), [])
    if not found and tok.tag_ == "VBN":  # "aligned", "allied" tagged as verbs
        found = pats.get((tok.lower_, "ADJ"), []) or pats.get((lemma, "VERB"), [])
    if not found and tok.pos_ == "ADJ":  # "backed" tagged ADJ in "UAE-backed"
        found = pats.get((lemma, "VERB"), [])
    return found


def _object_lemmas(tok: Token) -> set[str]:
    out = set()
    for c in tok.children:
        if c.dep_ in {"dobj", "nsubjpass"} or (c.dep_ == "prep" and c.lower_ == "with"):
            targets = [c] if c.dep_ != "prep" else prep_objects(c)
            for t in targets:
                out.add(t.lemma_.lower())
                out.update(x.lemma_.lower() for x in t.children if x.dep_ in {"conj", "compound", "amod"})
                for x in t.children:
                    if x.dep_ == "conj":
                        out.update(y.lemma_.lower() for y in x.children if y.dep_ == "compound")
    return out


def _choose(cues: list[RelationCue], tok: Token) -> RelationCue | None:
    objs = _object_lemmas(tok)
    constrained = [c for c in cues if c.objects and c.objects & objs]
    if constrained:
        return constrained[0]
    plain = [c for c in cues if not c.objects]
    return plain[0] if plain else None


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children) or any(c.dep_ == "neg" for c in tok.head.children
                                                             if tok.dep_ in {"xcomp", "acomp"})


def _copular_subject(noun: Token) -> list[Token]:
    """The subject a noun is predicated of: "A, one of the main supporters of Y" (apposition) or
    "A has been one of the main backers of Y" (copula), climbing through "one of"."""
    cur = noun
    for _ in range(4):
        if cur.dep_ == "appos":
            return [cur.head]
        if cur.dep_ == "attr":
            return [c for c in cur.head.children if c.dep_ == "nsubj"]
        if cur.dep_ in {"pobj", "prep", "npadvmod"} and cur.head is not cur:
            cur = cur.head
            continue
        break
    return [c for c in noun.children if c.dep_ == "appos"]  # "the commander of Y, A"


def _pairs(tok: Token, cue: RelationCue, index: ActorIndex) -> Iterator[tuple[list[str], list[str], float]]:
    """(sources, targets, confidence) of one cue token by construction."""
    kids = list(tok.children)
    by = [q for c in kids if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by") for q in prep_objects(c)]
    if cue.pos == "VERB" and tok.pos_ in {"VERB", "AUX", "ADJ"}:
        hyphen = [c for c in kids if c.dep_ in {"npadvmod", "compound", "nmod"} and c.i < tok.i
                  and tok.doc[c.i + 1: tok.i].text.strip() in {"-", "\u2013"}]
        if hyphen:  # "UAE-backed militias", "UN-recognised government"
            holder = tok.head if tok.dep_ in {"amod", "compound", "acl"} else tok
            yield [i for h in hyphen for i in index.of_np(h)], index.of_np(holder), CONF_HYPHEN
            return
        passive = any(c.dep_ == "auxpass" for c in kids) or (tok.tag_ == "VBN" and tok.dep_ in {"acl", "amod"})
        if passive and by:
            if tok.dep_ in {"acl", "amod"}:  # "the army led by Khalifa Haftar"
                targets = index.of_np(tok.head)
            elif tok.dep_ == "relcl":  # "the government, which is supported by Erdogan's government"
                targets = index.of_np(tok.head)
            else:
                targets = [i for c in kids if c.dep_ == "nsubjpass" for i in index.of_np(c)]
            yield [i for b in by for i in index.of_np(b)], targets, CONF_VERB
            return
        subj, via_agent = subject_of(tok)
        sources = [i for s in subj for i in index.of_np(s)]
        targets = [i for c in kids if c.dep_ in {"dobj", "dative"} for i in index.of_np(c)]
        to = [i for c in kids if c.dep_ in {"prep", "dative"} and c.lower_ in {"to", "for", "against", "with", "on"}
              for q in prep_objects(c) for i in index.of_np(q)]
        if cue.relation in {"arms", "funds", "supports"} and not targets:
            targets = to
        elif cue.relation in {"fights", "negotiates_with", "allied_with", "opposes", "member_of"}:
            targets = targets + to
        if tok.dep_ == "relcl" and not sources:
            sources = index.of_np(tok.head)
        yield sources, targets, CONF_VERB
        return
    if cue.pos == "NOUN":
        frm = [i for c in kids if c.dep_ == "prep" and c.lower_ in {"from", "by"} for q in prep_objects(c)
               for i in index.of_np(q)]
        including = [i for c in kids if c.dep_ == "prep" and c.lower_ in {"including", "like", "such"}
                     for q in prep_objects(c) for i in index.of_np(q)]
        including += [i for c in kids if c.dep_ == "appos" for i in index.of_np(c)]
        of = [i for c in kids if c.dep_ == "prep" and c.lower_ == "of" for q in prep_objects(c) for i in index.of_np(q)]
        poss = [i for c in kids if c.dep_ == "poss" for i in index.of_np(c)]
        if frm and cue.relation in {"supports", "arms", "funds"}:  # "Haftar, who has support from Egypt"
            holder = tok.head
            while holder.dep_ in {"dobj", "pobj", "prep"} and holder.head is not holder:
                holder = holder.head
            subj, _ = subject_of(holder) if holder.pos_ in {"VERB", "AUX"} else ([holder], False)
            targets = [i for s in subj for i in index.of_np(s)]
            if not targets and holder.dep_ == "relcl":
                targets = index.of_np(holder.head)
            if not targets and tok.head.dep_ in {"relcl"}:
                targets = index.of_np(tok.head.head)
            yield frm, targets, CONF_NOUN
            return
        target = poss or of
        if including:  # "Haftar's backers including the UAE, Egypt and France"
            if not target:  # "Haftar will face no pressure from backers including ...": his backers
                clause = tok
                while clause.dep_ in {"pobj", "prep", "dobj", "nsubj", "attr"} and clause.head is not clause:
                    clause = clause.head
                if clause.pos_ in {"VERB", "AUX"}:
                    subj, _ = subject_of(clause)
                    target = [i for s in subj for i in index.of_np(s)]
            yield including, target, CONF_NOUN
            return
        if target:  # "A, one of the main supporters of Haftar" / "commander of the LNA"
            sources = [i for s in _copular_subject(tok) for i in index.of_np(s)]
            yield sources, target, CONF_NOUN
        return
    if cue.pos in {"ADJ", "ADP"}:
        objs = [i for c in kids if c.dep_ == "prep" and c.lower_ in {"to", "with"} for q in prep_objects(c)
                for i in index.of_np(q)]
        if cue.pos == "ADP":  # "fighting alongside Haftar's militias"
            objs = [i for q in prep_objects(tok) for i in index.of_np(q)]
            verb = tok.head
            subj, _ = subject_of(verb) if verb.pos_ in {"VERB", "AUX"} else ([], False)
            if verb.dep_ in {"relcl", "acl"} and not subj:
                subj = [verb.head]
            holder = [i for s in subj for i in index.of_np(s)]
        elif tok.dep_ in {"amod", "acl"}:  # "troops loyal to Haftar": the troops, not their side
            holder = index.of_np(tok.head, sides=False)
            if not holder and tok.head.dep_ == "appos":  # "the Kaniyat, a militia loyal to Haftar"
                holder = index.of_np(tok.head.head, sides=False)
        else:  # "X is opposed to Y"
            holder = [i for s in tok.head.children if s.dep_ == "nsubj" for i in index.of_np(s)]
        yield holder, objs, CONF_ADJ


def _sentence_date(sent: Span, dates: list[DateMention], published: str | None) -> str | None:
    inside = [d for d in dates if sent.start_char <= d.evidence.start and d.evidence.end <= sent.end_char
              and d.value and not d.value.startswith("--")]
    return inside[0].value if inside else published


def extract_relations(doc: Doc, article: Article, mentions: list[Mention], dates: list[DateMention],
                      events: list[Event]) -> list[Relation]:
    """Relations stated by grammatical constructions, plus ``fights`` from assaults and ``funds`` from
    money promised or given between named actors (``events``: this article's events, from the events
    stage); one per (source, target, type, sentence)."""
    index = ActorIndex(doc, mentions)
    # a commander commands an armed group or a government, not a country ("Libya's eastern commander")
    states = {m.actor for m in mentions if m.label == "GPE" and m.actor}
    out: list[Relation] = []
    seen: set[tuple[str, str, str, int]] = set()
    candidates = _cue_tokens(doc)
    for sent in sentences(doc):
        date = None
        for i in candidates[bisect_left(candidates, sent.start):bisect_left(candidates, sent.end)]:
            tok = doc[i]
            cues = _cues_for(tok)
            if not cues:
                continue
            cue = _choose(cues, tok)
            if cue is None or _negated(tok):
                continue
            for sources, targets, conf in _pairs(tok, cue, index):
                for s in dict.fromkeys(sources):
                    for t in dict.fromkeys(targets):
                        if s == t or (cue.relation == "commands" and t in states):
                            continue
                        a, b = (min(s, t), max(s, t)) if cue.symmetric else (s, t)
                        key = (a, b, cue.relation, sent.start_char)
                        if key in seen:
                            continue
                        seen.add(key)
                        if date is None:
                            date = _sentence_date(sent, dates, article.published)
                        out.append(Relation(source=a, target=b, type=cue.relation,
                                            evidence=Evidence(article.id, sent.start_char, sent.end_char),
                                            date=date, confidence=conf))
    money = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "MONEY"]
    for ev in events:
        kind = _event_relation(ev, money)
        if kind is None:
            continue
        for s in ev.actor:
            for t in ev.recipient:
                a, b = (min(s, t), max(s, t)) if kind == "fights" else (s, t)  # fights is symmetric
                key = (a, b, kind, ev.evidence.start)
                if s == t or key in seen:
                    continue
                seen.add(key)
                out.append(Relation(source=a, target=b, type=kind, evidence=ev.evidence,
                                    date=ev.date.value or article.published,
                                    confidence=round(ev.confidence * ASSAULT_FIGHT_FACTOR, 3)))
    return out


def _event_relation(ev: Event, money: list[tuple[int, int]]) -> str | None:
    """The relation an event states between its actor and recipient: an assault means they fight; a
    promise or a transfer of money ("Saudi Arabia promised tens of millions of dollars to ...") means the
    actor funds the recipient. Negated or hypothetical events state none."""
    if ev.negated or ev.hypothetical:
        return None
    if ev.type == "ASSAULT":
        return "fights"
    if ev.type in ("AGREE", "AID") and any(ev.evidence.start <= s and e <= ev.evidence.end for s, e in money):
        return "funds"
    return None
