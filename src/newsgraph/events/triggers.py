"""The triggers of one sentence: which cues name events, which action a speech act embeds, and whether
each event is negated, hypothetical or in a given PLOVER mode.

PLOVER's auxiliary rules drive the choices: an action embedded under a threat, demand, agreement or
rejection is the content of that speech act, not a separate event; cooperation promised or planned is
AGREE; the most specific weapon cue gives an assault its mode.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from newsgraph.events.arguments import argument_words
from newsgraph.events.cues import Cue
from newsgraph.syntax import place_labels, prep_objects

# PLOVER (manual, "Auxiliary modes" and each type's ambiguities): an action embedded under a threat,
# demand, agreement or rejection is the content of that speech act, not a separate event ("vowed to
# fight if talks fail" is THREATEN; "agreed to end fighting" is AGREE).
ABSORBING_TYPES = frozenset({"THREATEN", "REQUEST", "AGREE", "REJECT", "CONCEDE"})
# Dependency labels along which an embedded action belongs to its governor (clausal complements,
# objects, purpose clauses); relative clauses and coordination start a new predication.
EMBED_DEPS = frozenset({"xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "acl", "advcl", "nsubjpass",
                        "attr", "oprd", "compound", "amod"})
# PLOVER (AGREE, CONCEDE and RETREAT ambiguities): cooperation promised or planned is AGREE, and an
# announced future retreat is CONCEDE; conditionals keep their type and the hypothetical flag.
FUTURE_RETYPE = {"CONSULT": "AGREE", "SUPPORT": "AGREE", "COOPERATE": "AGREE", "AID": "AGREE",
                 "RETREAT": "CONCEDE"}
# Modes of a THREATEN / REQUEST / REJECT event from the type of the action it embeds (PLOVER tables).
THREAT_MODE = {"ASSAULT": "violence", "COERCE": "arrest", "SANCTION": "relations", "PROTEST": "restrict",
               "MOBILIZE": "violence"}
REQUEST_MODE = {"RETREAT": "yield", "CONCEDE": "yield", "CONSULT": "meet", "AID": "assist",
                "SUPPORT": "assist", "COOPERATE": "assist", "AGREE": "yield"}
# ASSAULT modes when several weapon cues occur: the most specific first.
ASSAULT_MODE_ORDER = ("sexual", "abduct", "torture", "suicide-attack", "unconventional", "drone", "aerial",
                      "heavy-weapons", "explosives", "crowd-control", "firearms", "targeted", "primitive",
                      "beat", "destroy")


def trigger_objects(head: Token) -> set[str]:
    """Lemmas of the trigger's object (dobj, passive subject, pobj of "of", with their compounds)."""
    out: set[str] = set()
    for c in head.children:
        if c.dep_ in {"dobj", "nsubjpass", "attr"} or (c.dep_ == "prep" and c.lower_ == "of"):
            targets = [c] if c.dep_ != "prep" else [p for p in c.children if p.dep_ == "pobj"]
            # "a large number of forces", "dozens of fighters": the counted noun is the object
            targets += [p for t in targets for q in t.children if q.dep_ == "prep" and q.lower_ == "of"
                        for p in q.children if p.dep_ == "pobj"]
            for t in targets:
                # the surface form too: en_core_web_sm lemmatises "bases" to "basis"
                out.update((t.lemma_.lower(), t.lower_, t.lower_.rstrip("s")))
                out.update(x.lemma_.lower() for x in t.children if x.dep_ in {"compound", "conj", "amod"})
        if c.dep_ == "prt":  # phrasal verbs keep their object after the particle
            out.update(x.lemma_.lower() for x in c.children if x.dep_ == "pobj")
    if head.dep_ in {"amod", "acl"}:  # "the seized weapons"
        out.add(head.head.lemma_.lower())
    return out


def governors(tok: Token) -> Iterator[Token]:
    """Tokens that govern ``tok`` through complement/object links, nearest first (stops at clause joins)."""
    cur = tok
    while cur.dep_ in EMBED_DEPS and cur.head is not cur:
        cur = cur.head
        yield cur



def negated(head: Token, cue_lemmas: dict[str, frozenset[str]]) -> bool:
    neg_words = cue_lemmas["negation"]
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in head.children):
        return True
    chain = [head, *governors(head)]
    for i, g in enumerate(chain[1:], start=1):
        if g.lemma_.lower() in neg_words and g.pos_ in {"VERB", "ADP", "SCONJ"}:
            return True
        if chain[i - 1].dep_ in {"xcomp", "dobj", "pobj", "prep", "pcomp"} and any(
                c.dep_ == "neg" for c in g.children):
            return True  # "did not carry out attacks"
    return False


def hypothetical(head: Token, cue_lemmas: dict[str, frozenset[str]], absorbed_by: Token | None,
                  speech_act: bool = False) -> str | None:
    """Why the event has not (yet) happened: conditional,
    modal (would / will), modal-subject (an event noun subject of "would"/"could"), future (going to),
    intent (plans to, willing to), intent-noun (the threat of, plans for), purpose (an offensive to
    capture), question (the main clause of a sentence ending with "?"); None when it is reported as real. Only modal and intent retype future cooperation
    (FUTURE_RETYPE). Modifiers ("a possible attack", "any strike") were tried and left out: they
    lowered CASE-2021 weighted F1 (68.99 -> 68.93) and PLOVER type accuracy (59.63 -> 59.32). A speech act
    (threat, demand, agreement) made on a condition was still made: its own "if" does not count."""
    hyp = cue_lemmas["hypothetical"]
    hyp_nouns = cue_lemmas.get("hypothetical_noun", frozenset())
    if head.pos_ in {"NOUN", "PROPN"} and head.dep_ in {"nsubj", "nsubjpass"} and _modal_clause(head.head):
        return "modal-subject"  # "an attack on the city would be a disaster"
    for n, anc in enumerate([head, *head.ancestors]):  # in a conditional clause at any depth
        if absorbed_by is not None and anc is absorbed_by:
            break
        if speech_act and n == 0:
            continue
        if any(c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in anc.children):
            return "conditional"
    chain = [head, *governors(head)]
    for i, g in enumerate(chain):
        if absorbed_by is not None and g is absorbed_by:
            break
        if any(c.dep_ == "aux" and c.lemma_.lower() in hyp for c in g.children):
            return "modal"  # "would attack", "will meet"
        if i and g.lemma_.lower() in hyp and g.pos_ in {"VERB", "ADJ"}:
            return "intent"  # "plans to attack", "threatens to disrupt", "is willing to withdraw"
        if i and g.pos_ == "NOUN" and g.lemma_.lower() in hyp_nouns:
            return "intent-noun"  # "the threat of air strikes", "plans for an offensive"
        if i and g.lemma_.lower() == "go" and g.tag_ == "VBG" and chain[i - 1].dep_ == "xcomp":
            return "future"  # "they are going to attack"
        if i and chain[i - 1].dep_ in {"acl", "advcl"} and any(
                c.dep_ == "aux" and c.tag_ == "TO" for c in chain[i - 1].children):
            return "purpose"  # purpose clause: "launched an offensive to capture Tripoli"
    if _in_question(head):
        return "question"  # "Has Obama decided to cut ties with him?", "Will the army attack?"
    return None


# Dependencies that leave the clause a question mark ends: a question quoted or reported inside a
# statement ('"Who attacked us?" he asked') is the statement's object, not the sentence's question.
CLAUSE_EXITS = frozenset({"ccomp", "advcl", "relcl", "acl", "parataxis", "conj"})


def _in_question(head: Token) -> bool:
    """The trigger stands in the main clause of a sentence that ends with a question mark: a question
    asks whether something happens, it does not report that it did (transcripts and interviews)."""
    sent = head.sent
    if not sent.text.rstrip().rstrip('"\u201d\'').endswith("?"):
        return False
    tok = head
    while tok.dep_ != "ROOT" and tok.head is not tok:
        if tok.dep_ in CLAUSE_EXITS:
            return False
        tok = tok.head
    return True


# Modals that make a clause hypothetical when its subject is an event noun; "will" is left out ("the
# attack will be investigated" tells of an attack that happened).
SUBJECT_MODALS = frozenset({"would", "could", "might", "may"})


def _modal_clause(verb: Token) -> bool:
    """``verb`` has a modal auxiliary of :data:`SUBJECT_MODALS` and no perfect "have" ("could have
    killed" tells of what happened)."""
    auxes = [c for c in verb.children if c.dep_ == "aux"]
    return any(c.lower_ in SUBJECT_MODALS for c in auxes) and not any(c.lemma_.lower() == "have" for c in auxes)


@dataclass(slots=True)
class Trigger:
    cue: Cue
    span: Span
    head: Token
    mode: str | None
    type: str = ""
    negated: bool = False
    hypothetical: bool = False
    absorbed: bool = False
    embedded_types: list[str] = field(default_factory=list)
    embedded: list[Trigger] = field(default_factory=list)



def sentence_triggers(sent: Span, matches: list[tuple[Cue, Span]]) -> tuple[list[Trigger], dict[str, list[str]]]:
    """Triggers of one sentence (object constraints checked, longest match wins) and its mode cues by type."""
    mode_cues: dict[str, list[str]] = {}
    by_head: dict[int, list[tuple[Cue, Span]]] = {}
    used: dict[int, int] = {}  # token index -> length of the longest trigger match covering it
    for cue, span in sorted(matches, key=lambda m: -len(m[1])):
        if cue.role == "mode":
            mode_cues.setdefault(cue.type, []).append(cue.mode or "")
            continue
        if cue.role != "trigger":
            continue
        if any(used.get(t.i, 0) > len(span) for t in span):
            continue  # "air strike" beats "strike"
        for t in span:
            used[t.i] = max(used.get(t.i, 0), len(span))
        by_head.setdefault(span.root.i, []).append((cue, span))
    triggers: list[Trigger] = []
    for _, cands in by_head.items():
        head = cands[0][1].root
        objs = trigger_objects(head)
        constrained = [(c, s) for c, s in cands if c.objects and c.objects & objs]
        chosen = constrained or [(c, s) for c, s in cands if not c.objects]
        seen_types: set[str] = set()
        for cue, span in chosen:
            if cue.type in seen_types:
                continue
            seen_types.add(cue.type)
            mode = cue.mode
            direct = [c for c in head.children if c.dep_ in {"dobj", "nsubjpass"}] + [
                p for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for p in prep_objects(c)]
            if mode == "abduct" and cue.lemmas[0] == "capture" and (
                    objs & argument_words()["territory"] or any(c.ent_type_ in place_labels() for c in direct)):
                mode = None  # capturing a place is taking territory, not abducting
            triggers.append(Trigger(cue=cue, span=span, head=span.root, mode=mode, type=cue.type))
    return triggers, mode_cues


def resolve_embedding(triggers: list[Trigger], cue_sets: dict[str, frozenset[str]]) -> None:
    by_token = {t.head.i: t for t in triggers}
    for trig in triggers:
        absorber: Token | None = None
        for g in governors(trig.head):
            gov = by_token.get(g.i)
            if gov is not None and gov.type in ABSORBING_TYPES and gov is not trig:
                absorber = g
                gov.embedded_types.append(trig.type)
                gov.embedded.append(trig)
                if trig.type not in ABSORBING_TYPES or trig.type == gov.type:
                    trig.absorbed = True
                break
        trig.negated = negated(trig.head, cue_sets)
        reason = hypothetical(trig.head, cue_sets, absorber, speech_act=trig.type in ABSORBING_TYPES)
        trig.hypothetical = reason is not None
        if reason in {"modal", "intent"} and not trig.negated and trig.type in FUTURE_RETYPE:
            # PLOVER: future cooperation is AGREE, an announced future retreat is CONCEDE
            trig.type, trig.mode, trig.hypothetical = FUTURE_RETYPE[trig.type], None, False


def mode_for(type_: str, triggers: list[Trigger], mode_cues: dict[str, list[str]]) -> str | None:
    modes = [t.mode for t in triggers if t.mode]
    if type_ == "ASSAULT":
        cands = set(modes) | set(mode_cues.get("ASSAULT", []))
        for m in ASSAULT_MODE_ORDER:
            if m in cands:
                return m
        return None
    if modes:
        return modes[0]
    embedded = [e for t in triggers for e in t.embedded_types]
    if type_ == "THREATEN":
        for e in embedded:
            if e in THREAT_MODE:
                return THREAT_MODE[e]
    if type_ in {"REQUEST", "REJECT"}:
        for e in embedded:
            if e in REQUEST_MODE:
                return REQUEST_MODE[e]
        cues = mode_cues.get("REQUEST", [])
        if cues:
            return cues[0]
    cues = [c for c in mode_cues.get(type_, []) if c]
    return cues[0] if cues else None

