"""What the stages share about a parsed sentence: evidence sentences, subjects, prepositional objects,
the actor a noun phrase names, and the entity labels that name places.

Why below the stages: events, relations and quotes all ask "who is the subject of this verb" and "which
actor does this noun phrase name"; one answer keeps the three stages consistent, and none of them has
to import another. The word lists these rules use are data (``syntax/data/words.tsv``).
"""
from __future__ import annotations

import weakref
from bisect import bisect_left
from collections.abc import Callable, Iterable
from functools import lru_cache

import numpy
from spacy.attrs import IS_SPACE, ORTH
from spacy.tokens import Doc, Span, Token

from newsgraph.lexicon import read_tsv
from newsgraph.records import Mention

WORD_COLUMNS = ("kind", "word", "reason")


@lru_cache(maxsize=1)
def _words() -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for row in read_tsv("newsgraph.syntax", "data/words.tsv", WORD_COLUMNS):
        groups.setdefault(row["kind"], set()).add(row["word"])
    return {kind: frozenset(words) for kind, words in groups.items()}


def place_labels() -> frozenset[str]:
    """spaCy entity labels that name places (GPE, LOC, FAC)."""
    return _words()["place_label"]


def speaker_pronouns() -> frozenset[str]:
    """Pronoun subjects of a reported clause that refer back to the speaker ("X said it would ...")."""
    return _words()["speaker_pronoun"]


def group_nouns() -> frozenset[str]:
    """Lemmas of quantity and group nouns whose "of" phrase names the group ("a gang of thugs")."""
    return _words()["group_noun"]


DASHES = frozenset({"--", "—", "–"})


def side_lemmas() -> frozenset[str]:
    """Modifiers that name the side a generic force noun belongs to ("forces loyal to X")."""
    return _words()["side_lemma"]


# Each Doc's sentences, computed once: the events, relations and quotes stages all walk them (four
# walks per article before). Weak keys: an entry goes with its Doc; the token count guards a Doc that
# was retokenised after its sentences were asked for.
_SENTENCES: weakref.WeakKeyDictionary[Doc, tuple[int, list[Span]]] = weakref.WeakKeyDictionary()


_TEXTS: weakref.WeakKeyDictionary[Doc, tuple[int, str]] = weakref.WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc: spaCy joins every token's text on each access (a sixth of
    the stages' own time went there, with five stages asking)."""
    cached = _TEXTS.get(doc)
    if cached is None or cached[0] != len(doc):
        cached = _TEXTS[doc] = (len(doc), doc.text)
    return cached[1]


def sentences(doc: Doc) -> list[Span]:
    """spaCy's sentences, split again at line breaks: a headline, a photo caption and the first body
    sentence often share one spaCy sentence, and evidence must not run across them. A new list each
    call (the callers may change it); the spans are computed once per Doc."""
    cached = _SENTENCES.get(doc)
    if cached is None or cached[0] != len(doc):
        cached = (len(doc), _split_sentences(doc))
        _SENTENCES[doc] = cached
    return list(cached[1])


def tokens_where(doc: Doc, attr: int, keep: Callable[[str], bool]) -> list[int]:
    """Indices, in order, of the tokens whose string attribute ``attr`` (``spacy.attrs.ORTH``, ``LOWER``,
    ``LEMMA``...) passes ``keep``: ``keep`` runs once per distinct value, and no Token object is made
    for the others (a walk over every Token of a Doc was most of the stages' own time)."""
    if not len(doc):
        return []
    values = doc.to_array(attr)
    distinct, inverse = numpy.unique(values, return_inverse=True)
    strings = doc.vocab.strings
    passed = numpy.fromiter((keep(strings[int(v)]) for v in distinct), dtype=bool, count=len(distinct))
    return numpy.flatnonzero(passed[inverse]).tolist()


def _split_sentences(doc: Doc) -> list[Span]:
    out: list[Span] = []
    space = doc.to_array(IS_SPACE).astype(bool) if len(doc) else numpy.zeros(0, dtype=bool)
    breaks = tokens_where(doc, ORTH, lambda text: "\n" in text)  # a "\n" token is a space token
    for sent in doc.sents:
        start = sent.start
        for i in breaks[bisect_left(breaks, sent.start):bisect_left(breaks, sent.end)]:
            if space[i]:
                if i > start:
                    out.append(doc[start:i])
                start = i + 1
        if start < sent.end:
            out.append(doc[start:sent.end])
    return [s for s in out if not space[s.start:s.end].all()]


class ActorIndex:
    """Token index -> actor ids, from the mention spans (character offsets)."""

    def __init__(self, doc: Doc, mentions: Iterable[Mention]) -> None:
        self.by_token: dict[int, list[str]] = {}
        for m in mentions:
            if not m.actor:
                continue
            span = doc.char_span(m.evidence.start, m.evidence.end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                ids = self.by_token.setdefault(t.i, [])
                if m.actor not in ids:
                    ids.append(m.actor)

    def at(self, tok: Token) -> list[str]:
        return self.by_token.get(tok.i, [])

    def of_np(self, tok: Token, depth: int = 0, sides: bool = True) -> list[str]:
        """Actor ids named by the noun phrase headed by ``tok`` (with its conjuncts and appositions);
        with ``sides``, a generic force noun stands for the side it is loyal to / led by."""
        if depth > 3:
            return []
        ids = list(self.at(tok))
        if not ids:  # "Libya's eastern commander, Gen. Khalifa Haftar": the apposition names the person
            for c in tok.children:
                if c.dep_ == "appos":
                    ids += self.of_np(c, depth + 1)
        if not ids:
            for c in tok.children:  # "Haftar's forces", "Turkish forces", "LNA fighters"
                if c.dep_ in {"poss", "compound", "nmod"} or (c.dep_ == "amod" and c.tag_ != "VBN"):
                    ids += self.of_np(c, depth + 1)  # not "UN-recognised government": that is a relation
        if not ids and sides:
            for c in tok.children:  # "forces loyal to Haftar", "the army led by Haftar"
                if c.dep_ in {"amod", "acl"} and c.lemma_.lower() in side_lemmas():
                    for p in c.children:
                        if p.dep_ in {"prep", "agent"}:
                            ids += [i for q in p.children if q.dep_ == "pobj" for i in self.of_np(q, depth + 1)]
                if c.dep_ == "prep" and c.lower_ == "of" and tok.lemma_.lower() in {"force", "troop", "army",
                                                                                    "militia", "fighter"}:
                    ids += [i for q in c.children if q.dep_ == "pobj" for i in self.of_np(q, depth + 1)]
        if not ids:  # "a gang of thugs", "dozens of soldiers", "members of the militia"
            if tok.lemma_.lower() in group_nouns():
                for c in tok.children:
                    if c.dep_ == "prep" and c.lower_ == "of":
                        ids += [i for q in c.children if q.dep_ == "pobj" for i in self.of_np(q, depth + 1)]
        for c in tok.children:
            if c.dep_ in {"conj", "appos"}:
                ids += self.of_np(c, depth + 1)
        return list(dict.fromkeys(ids))


def prep_objects(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ == "pobj"]


def subject_of(verb: Token) -> tuple[list[Token], bool]:
    """Subject tokens of a verb (inherited through xcomp / conj chains) and whether found via passive agent."""
    pronouns = speaker_pronouns()
    cur: Token | None = verb
    for _ in range(4):
        if cur is None:
            break
        subj = [c for c in cur.children if c.dep_ in {"nsubj", "csubj"}]
        if subj and cur.dep_ == "relcl" and all(s.tag_ in {"WP", "WDT"} or s.lower_ == "that" for s in subj):
            return [cur.head], False  # "mercenaries, who have been fighting": the antecedent
        if len(subj) > 1:
            # "CAIRO (CNN) -- A gang of thugs stormed": the dateline is parsed as a second subject
            subj = [s for s in subj if not any(t.text in DASHES for t in cur.doc[min(s.i, cur.i):max(s.i, cur.i)])] or subj
        if subj:
            if cur.dep_ == "ccomp" and all(t.lower_ in pronouns for t in subj):
                # reported speech: "UNSMIL said it strongly condemns ...": the pronoun is the speaker
                outer, passive = subject_of(cur.head)
                if outer and not any(t.lower_ in pronouns for t in outer):
                    return outer, passive
            return subj, False
        agent = [q for c in cur.children if c.dep_ == "agent" for q in prep_objects(c)]
        if agent:
            return agent, True
        if cur.dep_ in {"xcomp", "conj", "advcl"} and cur.head is not cur:
            cur = cur.head
        elif cur.dep_ in {"acl", "relcl"} and cur.head is not cur:
            # "forces that attacked", "the army, which captured": the modified noun is the subject
            return ([cur.head], False) if cur.dep_ == "relcl" or cur.tag_ != "VBN" else ([], False)
        else:
            break
    return [], False

