"""Who did it to whom: the actor and recipient ids of one event trigger, read from the parse.

Arguments come from the dependency tree (subject, object, passive agent, "between A and B", "against
X", "on Tripoli") and are mapped to actor ids through the mention spans (:class:`~newsgraph.syntax.ActorIndex`).
Direction is kept: a subject a passive inherits ("reported being beaten") is the recipient; the agent a
coordination of passives shares ("beaten, arrested and harassed by police") and the agent of a weapon
subject's participle ("cocktails thrown by X hit") are actors. A trigger without a doer of its own takes
the actors of the sentence just before only when the text points back (:func:`protagonist`).
The light verbs ("launched an offensive") are data (``events/data/argument_words.tsv``).
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from newsgraph.lexicon import read_tsv
from newsgraph.syntax import ActorIndex, prep_objects, subject_of

WORD_COLUMNS = ("kind", "word", "reason")
# Prepositions whose object is the recipient ("attack on Tripoli", "fighting against Daesh").
RECIPIENT_PREPS = frozenset({"against", "on", "at", "upon", "targeting", "toward", "towards", "into"})
SYMMETRIC_TYPES = frozenset({"ASSAULT", "CONSULT", "AGREE", "COOPERATE"})
# Third-person pronoun subjects that refer back to a participant told before ("They killed 23 soldiers"):
# extract.py gives such a trigger the actors of the event just told (the story's protagonist).
BACK_PRONOUNS = frozenset({"they", "he", "she", "it"})
TO_RECIPIENT_TYPES = frozenset({"AID", "SUPPORT", "CONCEDE", "REQUEST", "THREATEN", "ACCUSE"})


@lru_cache(maxsize=1)
def argument_words() -> dict[str, frozenset[str]]:
    """kind -> words of argument_words.tsv: ``light_verb`` (verbs whose object is the event noun they
    introduce: "launched an offensive", "carried out a raid"; the event's actor is their subject) and
    ``territory`` (nouns whose referent is a place: "captured the port" is no abduction)."""
    groups: dict[str, set[str]] = {}
    for row in read_tsv("newsgraph.events", "data/argument_words.tsv", WORD_COLUMNS):
        groups.setdefault(row["kind"], set()).add(row["word"])
    return {kind: frozenset(words) for kind, words in groups.items()}


def is_passive(verb: Token) -> bool:
    """The verb is passive: its own passive auxiliary or subject, a participle modifying a noun, or a
    participle coordinated with or governed as a complement by one ("were beaten, arrested and harassed", "reported being beaten")."""
    if any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children):
        return True
    if verb.tag_ == "VBN" and verb.dep_ == "acl":  # a reduced relative: "civilians killed by the RSF"
        return True
    return verb.tag_ == "VBN" and verb.dep_ == "conj" and verb.head is not verb and is_passive(verb.head)


def conj_agents(verb: Token) -> list[Token]:
    """The passive agent a coordination of passive verbs shares: spaCy hangs "by police" on the last
    conjunct ("beaten, arrested and harassed by police"; "burned and ransacked by protesters")."""
    def coordinated(tok: Token) -> list[Token]:  # the small model parses "beaten, detained and" as advcl
        return [c for c in tok.children if c.pos_ == "VERB" and (c.dep_ == "conj" or (
            c.dep_ == "advcl" and c.tag_ == "VBN" and not any(g.dep_.startswith("nsubj") or g.dep_ == "mark"
                                                             for g in c.children)))]
    out: list[Token] = []
    todo = coordinated(verb)
    while todo and not out:
        cur = todo.pop(0)
        out = [q for c in cur.children if c.dep_ == "agent" for q in prep_objects(c)]
        todo += coordinated(cur)
    return out


def modified_patient(verb: Token) -> list[Token]:
    """The noun a passive modifies is who suffered it: "protesters who were shot by police" (a relative
    pronoun subject stands for the noun), "three civilians killed in the shelling" (a participle)."""
    if verb.dep_ == "relcl" and any(c.dep_ == "nsubjpass" and (c.tag_ in {"WP", "WDT"} or c.lower_ == "that")
                                    for c in verb.children):
        return [verb.head]
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ in {"NOUN", "PROPN"}:
        return [verb.head]
    return []


def responsibility_claimant(noun: Token) -> list[Token]:
    """Who claims an event noun: "X claimed responsibility for the attack", "X took responsibility for"."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "for" or prep.head.lemma_.lower() != "responsibility":
        return []
    verb = prep.head.head
    if prep.head.dep_ != "dobj" or verb.lemma_.lower() not in {"claim", "take", "admit", "accept"}:
        return []
    return subject_of(verb)[0]


def launched_by(subj: Token, index: ActorIndex) -> list[str]:
    """The doer behind a weapon subject: "Molotov cocktails thrown by the pro-Mubarak forces hit the
    crowd", "rockets fired by the rebels struck Homs" (the agent of the participle that modifies it)."""
    return [i for c in subj.children if c.dep_ == "acl" and c.tag_ == "VBN"
            for a in c.children if a.dep_ == "agent" for o in prep_objects(a) for i in index.of_np(o)]


def back_pronoun_subject(head: Token) -> bool:
    """The trigger's own subject is a third-person pronoun ("They killed 23 soldiers"), in the active."""
    if head.pos_ not in {"VERB", "AUX"} or is_passive(head):
        return False
    subj, via_agent = subject_of(head)
    return bool(subj) and not via_agent and all(s.lower_ in BACK_PRONOUNS for s in subj)


def agentless_passive(head: Token) -> bool:
    """A passive trigger that names no doer ("Dozens of people were wounded"), nor on a coordinated verb."""
    if head.pos_ not in {"VERB", "AUX"} or not is_passive(head):
        return False
    return not subject_of(head)[1] and not conj_agents(head) \
        and not any(c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by") for c in head.children)


def protagonist(heads: list[Token], type_: str, before: dict[str, list[str]],
                same_paragraph: bool) -> tuple[list[str], bool]:
    """Actors an agentless trigger takes from the sentence just before it (``before``: event type -> the
    actors of that sentence's events, ``"*"`` any type), only where the text points back to them: its
    subject is a pronoun ("Taliban gunmen attacked the camp. They killed 23 soldiers": any type's actors),
    or it is an agentless passive of the same type in the same paragraph ("Troops opened fire on
    marchers. Dozens were wounded."; across paragraphs a passive often starts another incident: "The army
    said it hit three gunmen. // Later, a man was shot dead at his door"). Returns (actors, whether a pronoun pointed back: only such actors are told on)."""
    if any(back_pronoun_subject(h) for h in heads):
        return list(before.get(type_) or before.get("*") or []), True
    if same_paragraph and type_ == "ASSAULT" and heads and all(agentless_passive(h) for h in heads):
        return list(before.get(type_, [])), False
    return [], False


def arguments(head: Token, type_: str, index: ActorIndex) -> tuple[list[str], list[str]]:
    """(actor ids, recipient ids) of one trigger from its dependency neighbourhood."""
    actors: list[str] = []
    recipients: list[str] = []
    symmetric = type_ in SYMMETRIC_TYPES
    light_verbs = argument_words()["light_verb"]

    def preps(tok: Token) -> None:
        for c in tok.children:
            if c.dep_ not in {"prep", "agent"} and not (c.dep_ == "dative" and c.pos_ == "ADP"):
                continue
            p = c.lower_
            objs = prep_objects(c)
            if c.dep_ == "agent" or p == "by":
                actors.extend(i for o in objs for i in index.of_np(o))
            elif p == "between" or (p == "with" and symmetric) or (p == "alongside"):
                actors.extend(i for o in objs for i in index.of_np(o))
            elif p in RECIPIENT_PREPS or (p == "to" and type_ in TO_RECIPIENT_TYPES) or p == "with":
                recipients.extend(i for o in objs for i in index.of_np(o))
            elif c.dep_ == "prep" and c.pos_ == "VERB":  # "targeting the leader" parsed as prep
                recipients.extend(i for o in c.children if o.dep_ == "dobj" for i in index.of_np(o))
        for c in tok.children:  # "an offensive targeting the leader"
            if c.dep_ == "acl" and c.lemma_.lower() in {"target", "against", "aim"}:
                recipients.extend(i for o in c.children if o.dep_ in {"dobj", "prep"}
                                  for i in (index.of_np(o) if o.dep_ == "dobj"
                                            else [x for q in prep_objects(o) for x in index.of_np(q)]))

    if head.pos_ in {"VERB", "AUX"} or (head.pos_ == "ADJ" and head.dep_ != "amod"):
        subj, via_agent = subject_of(head)
        if is_passive(head):
            # "reported being beaten", "were looted and burned by the RSF": a subject the passive inherits
            # is who suffered it; the doer is the agent, maybe on a coordinated verb
            agents = subj if via_agent else conj_agents(head)
            actors.extend(i for o in agents for i in index.of_np(o))
            patients = [] if via_agent else subj
            if via_agent and head.dep_ in {"xcomp", "conj"} and not any(c.dep_ == "nsubjpass" for c in head.children):
                gov = head.head
                patients = [c for c in gov.children if c.dep_ == "nsubjpass"] or \
                    (subject_of(gov)[0] if not subject_of(gov)[1] else [])
            recipients.extend(i for s in patients for i in index.of_np(s))
            recipients.extend(i for s in modified_patient(head) for i in index.of_np(s))
        else:
            actors.extend(i for s in subj for i in index.of_np(s) or launched_by(s, index))
        for c in head.children:
            if c.dep_ in {"dobj", "nsubjpass", "dative"}:
                recipients.extend(index.of_np(c))
        preps(head)
        for c in head.children:  # phrasal verbs: "called on X", "opened fire on X"
            if c.dep_ == "prt":
                preps(c)
    else:  # event noun
        for c in head.children:
            if c.dep_ in {"poss", "compound", "amod", "nmod"}:
                actors.extend(index.of_np(c))
            if c.dep_ == "prep" and c.lower_ == "of" and type_ in {"ASSAULT", "COERCE"}:
                recipients.extend(i for o in prep_objects(c) for i in index.of_np(o))
            if c.dep_ == "acl":  # "the attack organised by Haftar"
                actors.extend(i for a in c.children if a.dep_ == "agent" for o in prep_objects(a)
                              for i in index.of_np(o))
        preps(head)
        gov = head.head
        if head.dep_ in {"dobj", "nsubjpass"} and gov.lemma_.lower() in light_verbs:
            subj, _ = subject_of(gov)
            actors.extend(i for s in subj for i in index.of_np(s))
            preps(gov)
        elif head.dep_ == "nsubj" and gov.pos_ == "VERB":  # "fighting broke out between A and B"
            preps(gov)
        elif head.dep_ == "pobj" and gov.dep_ == "prep" and gov.head.lemma_.lower() in light_verbs:
            subj, _ = subject_of(gov.head)
            actors.extend(i for s in subj for i in index.of_np(s))
        actors.extend(i for s in responsibility_claimant(head) for i in index.of_np(s))
    if not actors and symmetric:
        # "fighting broke out west of Benghazi between A and B": the parser often hangs "between" on the
        # nearest noun; within the trigger's clause it still names the two sides.
        clause = head if head.pos_ in {"VERB", "AUX"} else head.head
        for t in clause.subtree:
            if t.dep_ == "prep" and t.lower_ == "between":
                actors.extend(i for o in prep_objects(t) for i in index.of_np(o))
    actors = list(dict.fromkeys(actors))
    recipients = [r for r in dict.fromkeys(recipients) if r not in actors]
    return actors, recipients
