"""One happening per sentence: where in its sentence each event trigger stands, and which of a
sentence's events is the one it reports.

A news sentence usually reports one happening in its main clause and mentions others as background:
in a relative or adverbial clause ("protesters, who were attacked on Friday, marched again"; "since
protests erupted last March"), or as a noun in a prepositional phrase ("police arrested five men after
the bombing", "killed in the attack"). ACLED and GDELT coders write one record for the main clause;
the background mentions are reports of a happening told elsewhere (the article's earlier event of that
type, happenings.py), or nothing new. :func:`clause_role` says where a trigger stands;
:func:`sentence_roles` marks, in one sentence, the main event and the background ones.
"""
from __future__ import annotations

from spacy.tokens import Token

MAIN, SUBORDINATE, PREPOSITIONAL = "main", "subordinate", "prepositional"
# Order of preference for the sentence's main event (lower first).
RANK = {MAIN: 0, SUBORDINATE: 1, PREPOSITIONAL: 2}
# Dependencies that open a clause subordinate to the sentence's main predication: relative clauses,
# adverbial clauses ("after troops shelled the town", "demanding reforms"), clausal noun modifiers,
# prepositional complements ("after attacking the base"). Clausal complements (ccomp, xcomp) are not
# among them: "the ministry said rebels attacked" reports the attack itself.
SUBORDINATE_DEPS = frozenset({"relcl", "advcl", "acl", "pcomp"})
# A noun inside a prepositional phrase ("after the strike", "in the attack", "the start of protests")
# or modifying another noun ("protest leaders") names a happening as a circumstance, not as what the
# clause reports.
PREPOSITIONAL_DEPS = frozenset({"pobj"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss"})


def clause_role(head: Token) -> str:
    """``main``, ``subordinate`` or ``prepositional``: where the trigger headed by ``head`` stands."""
    if head.pos_ in {"NOUN", "PROPN"}:
        nominal = head
        while nominal.dep_ in MODIFIER_DEPS or nominal.dep_ == "conj":
            if nominal.head.i == nominal.i:
                break
            nominal = nominal.head
        if nominal.dep_ in PREPOSITIONAL_DEPS:
            return PREPOSITIONAL
    cur = head
    while cur.head.i != cur.i:
        if cur.dep_ in SUBORDINATE_DEPS:
            return SUBORDINATE
        cur = cur.head
    return MAIN


def sentence_roles(heads: list[list[Token]]) -> list[tuple[str, bool]]:
    """For the events of one sentence (each given by its trigger heads, in the order the sentence's
    events were made): (its best clause role, whether it is background). The main event is the first
    with the best role; an event is background when a better-placed event of the sentence exists.
    A sentence with one event has no background."""
    roles = [min((clause_role(h) for h in hs), key=RANK.__getitem__) if hs else MAIN for hs in heads]
    if not roles:
        return []
    best = min(RANK[r] for r in roles)
    main = next(i for i, r in enumerate(roles) if RANK[r] == best)
    return [(r, i != main and RANK[r] > RANK[MAIN]) for i, r in enumerate(roles)]
