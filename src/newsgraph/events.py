"""Events: PLOVER events (type, mode, actor, recipient, place, date, counts) from parsed sentences.

Why this shape: event coders that match verbs and read arguments from the parse (PETRARCH) are
transparent and run offline on a laptop; the cue words are data (``data/event_triggers.tsv``, one row
per cue with its PLOVER source) matched on lemmas with a spaCy ``PhraseMatcher``. Arguments come from the
dependency tree (subject, object, passive agent, "between A and B", "against X", "on Tripoli") and are
mapped to actor ids through the mention spans of actors.py. One event per (sentence, type): the export
contract reports an event with its sentence, and the id is a hash of (article, start, end, type).

Also here: :func:`classify_snippet` (the main event of a short text, for CASE-2021 / PLOVER gold) and
:func:`to_acled` (PLOVER type + mode + text -> ACLED event type and sub-event type, from
``data/plover_mappings.tsv``).
"""
from __future__ import annotations

import csv
import hashlib
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from newsgraph.counts import extract_counts
from newsgraph.records import Article, DateMention, DateValue, Event, Evidence, Mention, PlaceMention

log = logging.getLogger(__name__)

# -- tuned constants ----------------------------------------------------------------------------------
# Confidence = trigger strength x (BASE + ACTOR_WEIGHT if an actor was found + RECIPIENT_WEIGHT if a
# recipient or a place was found). An event with its trigger alone keeps 60 % of the trigger's
# strength; the weights were set by reading the events of the five seed articles (not fitted).
BASE_WEIGHT = 0.6
ACTOR_WEIGHT = 0.25
RECIPIENT_WEIGHT = 0.15
# classify_snippet: bonuses that pick the main event of a snippet. A trigger that is the root of its
# sentence (or its direct dependent) is usually what the snippet is about; the first sentence states the
# news; hypothetical and negated events are rarely the main event. Chosen on CASE-2021 task 2 dev.
ROOT_BONUS = 0.1
FIRST_SENTENCE_BONUS = 0.05
IRREALIS_PENALTY = 0.3
DEPTH_PENALTY = 0.05  # per dependency level below the root's dependents: subordinate clauses give background
NO_EVENT = "NONE"  # classify_snippet's type when no cue matched
# to_acled: the subject of a news lead stands in its first words; 12 covers "Heavily armed Al-Shabaab
# militants" and a dateline (read off the CASE-2021 dev snippets).
LEAD_WORDS = 12

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
# Verbs whose object is the event noun they introduce ("launched an offensive", "carried out a raid"):
# the event's actor is their subject.
LIGHT_VERBS = frozenset({"launch", "carry", "conduct", "stage", "mount", "lead", "begin", "start", "announce",
                         "order", "organise", "organize", "step", "escalate", "intensify", "continue",
                         "resume", "wage", "perpetrate", "commit", "hold", "sign", "reach", "impose",
                         "make", "issue", "declare", "claim", "execute", "undertake", "unleash"})
# Prepositions whose object is the recipient ("attack on Tripoli", "fighting against Daesh").
RECIPIENT_PREPS = frozenset({"against", "on", "at", "upon", "targeting", "toward", "towards", "into"})
SYMMETRIC_TYPES = frozenset({"ASSAULT", "CONSULT", "AGREE", "COOPERATE"})
TO_RECIPIENT_TYPES = frozenset({"AID", "SUPPORT", "CONCEDE", "REQUEST", "THREATEN", "ACCUSE"})
# Nouns whose referent is a place ("captured the port"), which turns capture's abduct mode off.
TERRITORY_LEMMAS = frozenset({"town", "city", "village", "base", "airport", "port", "area", "territory",
                              "district", "province", "region", "airfield", "capital", "control", "camp",
                              "checkpoint", "hill", "suburb", "neighbourhood", "neighborhood", "oilfield"})
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
# Modifiers that name the side a generic force noun belongs to ("forces loyal to X", "the army led by X",
# "fighters aligned with X"): the event's participant is then X.
SIDE_LEMMAS = frozenset({"loyal", "lead", "command", "affiliate", "align", "ally", "link"})


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


def _data_path(name: str):
    return resources.files("newsgraph") / "data" / name


@lru_cache(maxsize=1)
def load_cues() -> tuple[Cue, ...]:
    """All rows of the cue lexicon (triggers, mode cues, negation and hypothetical cues, casualty words)."""
    cues: list[Cue] = []
    with _data_path("event_triggers.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t"):
            cues.append(Cue(
                lemmas=tuple(row["lemma"].lower().split()), pos=row["pos"] or "*", type=row["type"],
                mode=row["mode"] or None, role=row["role"], strength=float(row["strength"] or 0),
                objects=frozenset(o for o in (row["object"] or "").split("|") if o), reason=row["reason"]))
    return tuple(cues)


_POS = {"VERB": ("VERB",), "NOUN": ("NOUN", "PROPN"), "ADJ": ("ADJ", "VERB")}
# cache: one PhraseMatcher per vocabulary, and the cue rows of each lemma sequence
_MATCHERS: dict[int, tuple[PhraseMatcher, dict[str, list[int]]]] = {}


def _matcher(doc: Doc) -> tuple[PhraseMatcher, dict[str, list[int]]]:
    """A lemma PhraseMatcher over all cue lemma sequences (hash lookups: a token Matcher with one
    pattern per cue was slower than parsing the text); POS is checked on each match afterwards."""
    key = id(doc.vocab)
    if key not in _MATCHERS:
        matcher = PhraseMatcher(doc.vocab, attr="LEMMA")
        rows: dict[str, list[int]] = {}
        for idx, cue in enumerate(load_cues()):
            if cue.role not in {"trigger", "mode", "negation", "hypothetical"}:
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


def _pos_ok(cue: Cue, span: Span) -> bool:
    if cue.pos not in _POS:
        return True
    tok = span[0] if cue.pos == "VERB" else span[-1]  # "call for" is a verb, "air strike" a noun
    return tok.pos_ in _POS[cue.pos]


# -- helpers over the parse -----------------------------------------------------------------------------

def sentences(doc: Doc) -> list[Span]:
    """spaCy's sentences, split again at line breaks: a headline, a photo caption and the first body
    sentence often share one spaCy sentence, and evidence must not run across them."""
    out: list[Span] = []
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if tok.is_space and "\n" in tok.text:
                if tok.i > start:
                    out.append(doc[start:tok.i])
                start = tok.i + 1
        if start < sent.end:
            out.append(doc[start:sent.end])
    return [s for s in out if not all(t.is_space for t in s)]


def _objects(head: Token) -> set[str]:
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


def _governors(tok: Token) -> Iterator[Token]:
    """Tokens that govern ``tok`` through complement/object links, nearest first (stops at clause joins)."""
    cur = tok
    while cur.dep_ in EMBED_DEPS and cur.head is not cur:
        cur = cur.head
        yield cur


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
                if c.dep_ in {"amod", "acl"} and c.lemma_.lower() in SIDE_LEMMAS:
                    for p in c.children:
                        if p.dep_ in {"prep", "agent"}:
                            ids += [i for q in p.children if q.dep_ == "pobj" for i in self.of_np(q, depth + 1)]
                if c.dep_ == "prep" and c.lower_ == "of" and tok.lemma_.lower() in {"force", "troop", "army",
                                                                                    "militia", "fighter"}:
                    ids += [i for q in c.children if q.dep_ == "pobj" for i in self.of_np(q, depth + 1)]
        for c in tok.children:
            if c.dep_ in {"conj", "appos"}:
                ids += self.of_np(c, depth + 1)
        return list(dict.fromkeys(ids))


def prep_objects(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ == "pobj"]


# Pronoun subjects of a reported clause that refer back to the speaker ("X said it would ...").
SPEAKER_PRONOUNS = frozenset({"it", "they", "he", "she", "we"})


def subject_of(verb: Token) -> tuple[list[Token], bool]:
    """Subject tokens of a verb (inherited through xcomp / conj chains) and whether found via passive agent."""
    cur: Token | None = verb
    for _ in range(4):
        if cur is None:
            break
        subj = [c for c in cur.children if c.dep_ in {"nsubj", "csubj"}]
        if subj and cur.dep_ == "relcl" and all(s.tag_ in {"WP", "WDT"} or s.lower_ == "that" for s in subj):
            return [cur.head], False  # "mercenaries, who have been fighting": the antecedent
        if subj:
            if cur.dep_ == "ccomp" and all(t.lower_ in SPEAKER_PRONOUNS for t in subj):
                # reported speech: "UNSMIL said it strongly condemns ...": the pronoun is the speaker
                outer, passive = subject_of(cur.head)
                if outer and not any(t.lower_ in SPEAKER_PRONOUNS for t in outer):
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


def _arguments(head: Token, type_: str, index: ActorIndex) -> tuple[list[str], list[str]]:
    """(actor ids, recipient ids) of one trigger from its dependency neighbourhood."""
    actors: list[str] = []
    recipients: list[str] = []
    symmetric = type_ in SYMMETRIC_TYPES

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
        subj, _ = subject_of(head)
        actors.extend(i for s in subj for i in index.of_np(s))
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
        if head.dep_ in {"dobj", "nsubjpass"} and gov.lemma_.lower() in LIGHT_VERBS:
            subj, _ = subject_of(gov)
            actors.extend(i for s in subj for i in index.of_np(s))
            preps(gov)
        elif head.dep_ == "nsubj" and gov.pos_ == "VERB":  # "fighting broke out between A and B"
            preps(gov)
        elif head.dep_ == "pobj" and gov.dep_ == "prep" and gov.head.lemma_.lower() in LIGHT_VERBS:
            subj, _ = subject_of(gov.head)
            actors.extend(i for s in subj for i in index.of_np(s))
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


def _negated(head: Token, cue_lemmas: dict[str, set[str]]) -> bool:
    neg_words = cue_lemmas["negation"]
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in head.children):
        return True
    chain = [head, *_governors(head)]
    for i, g in enumerate(chain[1:], start=1):
        if g.lemma_.lower() in neg_words and g.pos_ in {"VERB", "ADP", "SCONJ"}:
            return True
        if chain[i - 1].dep_ in {"xcomp", "dobj", "pobj", "prep", "pcomp"} and any(
                c.dep_ == "neg" for c in g.children):
            return True  # "did not carry out attacks"
    return False


def _hypothetical(head: Token, cue_lemmas: dict[str, set[str]], absorbed_by: Token | None,
                  speech_act: bool = False) -> str | None:
    """Why the event has not (yet) happened: conditional, modal (would / will), intent (plans to,
    willing to), purpose (an offensive to capture); None when it is reported as real. A speech act
    (threat, demand, agreement) made on a condition was still made: its own "if" does not count."""
    hyp = cue_lemmas["hypothetical"]
    for n, anc in enumerate([head, *head.ancestors]):  # in a conditional clause at any depth
        if absorbed_by is not None and anc is absorbed_by:
            break
        if speech_act and n == 0:
            continue
        if any(c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in anc.children):
            return "conditional"
    chain = [head, *_governors(head)]
    for i, g in enumerate(chain):
        if absorbed_by is not None and g is absorbed_by:
            break
        if any(c.dep_ == "aux" and c.lemma_.lower() in hyp for c in g.children):
            return "modal"  # "would attack", "will meet"
        if i and g.lemma_.lower() in hyp and g.pos_ in {"VERB", "ADJ"}:
            return "intent"  # "plans to attack", "threatens to disrupt", "is willing to withdraw"
        if i and chain[i - 1].dep_ in {"acl", "advcl"} and any(
                c.dep_ == "aux" and c.tag_ == "TO" for c in chain[i - 1].children):
            return "purpose"  # purpose clause: "launched an offensive to capture Tripoli"
    return None


@dataclass(slots=True)
class _Trigger:
    cue: Cue
    span: Span
    head: Token
    mode: str | None
    type: str = ""
    negated: bool = False
    hypothetical: bool = False
    absorbed: bool = False
    embedded_types: list[str] = field(default_factory=list)
    embedded: list[_Trigger] = field(default_factory=list)


def _cue_lemma_sets() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {"negation": set(), "hypothetical": set()}
    for cue in load_cues():
        if cue.role in out:
            out[cue.role].add(cue.lemmas[0])
    return out


def _sentence_triggers(sent: Span, matches: list[tuple[Cue, Span]]) -> tuple[list[_Trigger], dict[str, list[str]]]:
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
    triggers: list[_Trigger] = []
    for _, cands in by_head.items():
        head = cands[0][1].root
        objs = _objects(head)
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
                    objs & TERRITORY_LEMMAS or any(c.ent_type_ in PLACE_ENTS for c in direct)):
                mode = None  # capturing a place is taking territory, not abducting
            triggers.append(_Trigger(cue=cue, span=span, head=span.root, mode=mode, type=cue.type))
    return triggers, mode_cues


def _resolve_embedding(triggers: list[_Trigger], cue_sets: dict[str, set[str]]) -> None:
    by_token = {t.head.i: t for t in triggers}
    for trig in triggers:
        absorber: Token | None = None
        for g in _governors(trig.head):
            gov = by_token.get(g.i)
            if gov is not None and gov.type in ABSORBING_TYPES and gov is not trig:
                absorber = g
                gov.embedded_types.append(trig.type)
                gov.embedded.append(trig)
                if trig.type not in ABSORBING_TYPES or trig.type == gov.type:
                    trig.absorbed = True
                break
        trig.negated = _negated(trig.head, cue_sets)
        reason = _hypothetical(trig.head, cue_sets, absorber, speech_act=trig.type in ABSORBING_TYPES)
        trig.hypothetical = reason is not None
        if reason in {"modal", "intent"} and not trig.negated and trig.type in FUTURE_RETYPE:
            # PLOVER: future cooperation is AGREE, an announced future retreat is CONCEDE
            trig.type, trig.mode, trig.hypothetical = FUTURE_RETYPE[trig.type], None, False


def _mode_for(type_: str, triggers: list[_Trigger], mode_cues: dict[str, list[str]]) -> str | None:
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


def event_id(article: str, start: int, end: int, type_: str) -> str:
    """Stable id of an event report: the same sentence and type give the same id on every rebuild."""
    return hashlib.sha256(f"{article}|{start}|{end}|{type_}".encode("utf-8")).hexdigest()[:16]


def _place_for(sent: Span, heads: list[Token], places: list[PlaceMention]) -> PlaceMention | None:
    inside = [p for p in places if sent.start_char <= p.evidence.start and p.evidence.end <= sent.end_char]
    if not inside:
        return None
    subtree_chars = {t.idx for h in heads for t in h.subtree}
    near = [p for p in inside if p.evidence.start in subtree_chars]
    return (near or inside)[0]


def _same_paragraph(text: str, a: Span, b: Span) -> bool:
    return "\n" not in text[a.end_char:b.start_char] and "\n" not in a.text.strip()


def _date_for(sent: Span, prev: Span | None, heads: list[Token], dates: list[DateMention],
              text: str) -> DateValue:
    def in_span(span: Span) -> list[DateMention]:
        return [d for d in dates if span.start_char <= d.evidence.start and d.evidence.end <= span.end_char
                and d.value]

    own = in_span(sent)
    if own:
        anchor = heads[0].idx if heads else sent.start_char
        best = min(own, key=lambda d: abs(d.evidence.start - anchor))
        return DateValue(best.value, best.precision, best.text)
    if prev is not None and _same_paragraph(text, prev, sent):
        earlier = in_span(prev)
        if earlier:
            best = earlier[-1]
            return DateValue(best.value, best.precision, best.text)
    return DateValue(None, "unknown")


# Which counts belong to which event types: victims of violence, the kidnapped of an abduction, the
# displaced of a forced displacement (PLOVER SANCTION expel) or of violence.
COUNT_TYPES = {"killed": {"ASSAULT"}, "injured": {"ASSAULT", "PROTEST"}, "kidnapped": {"ASSAULT"},
               "displaced": {"ASSAULT", "SANCTION"}}


def _sentence_events(doc: Doc, article: Article, index: ActorIndex, places: list[PlaceMention],
                     dates: list[DateMention]) -> Iterator[tuple[Event, list[_Trigger], Span]]:
    cues = load_cues()
    cue_sets = _cue_lemma_sets()
    sents = sentences(doc)
    sent_of = {t.i: n for n, s in enumerate(sents) for t in s}
    matches_by_sent: dict[int, list[tuple[Cue, Span]]] = {}
    matcher, rows = _matcher(doc)
    for match_id, start, end in matcher(doc):
        if start not in sent_of or sent_of.get(end - 1) != sent_of[start]:
            continue
        span = doc[start:end]
        for idx in rows[doc.vocab.strings[match_id]]:
            if _pos_ok(cues[idx], span):
                matches_by_sent.setdefault(sents[sent_of[start]].start, []).append((cues[idx], span))
    prev: Span | None = None
    for sent in sents:
        matches = matches_by_sent.get(sent.start)
        if not matches:
            prev = sent
            continue
        triggers, mode_cues = _sentence_triggers(sent, matches)
        _resolve_embedding(triggers, cue_sets)
        live = [t for t in triggers if not t.absorbed]
        by_type: dict[str, list[_Trigger]] = {}
        for t in sorted(live, key=lambda t: (-t.cue.strength, t.head.i)):
            by_type.setdefault(t.type, []).append(t)
        counts = extract_counts(sent) if by_type else {}
        for type_, trigs in by_type.items():
            actors: list[str] = []
            recipients: list[str] = []
            for t in trigs:
                a, r = _arguments(t.head, type_, index)
                actors += a
                recipients += r
                for e in t.embedded:  # "vowed to fight Turkish forces": the threatened are recipients
                    ea, er = _arguments(e.head, e.type, index)
                    recipients += [x for x in ea + er if x not in a]
            actors = list(dict.fromkeys(actors))
            recipients = [r for r in dict.fromkeys(recipients) if r not in actors]
            real = [t for t in trigs if not (t.negated or t.hypothetical)]
            main = (real or trigs)[0]
            heads = [t.head for t in trigs]
            place = _place_for(sent, heads, places)
            strength = main.cue.strength
            conf = strength * (BASE_WEIGHT + ACTOR_WEIGHT * bool(actors)
                               + RECIPIENT_WEIGHT * bool(recipients or place))
            ev = Event(
                id=event_id(article.id, sent.start_char, sent.end_char, type_), type=type_,
                mode=_mode_for(type_, real or trigs, mode_cues),
                evidence=Evidence(article.id, sent.start_char, sent.end_char), trigger=main.span.text,
                actor=actors, recipient=recipients, date=_date_for(sent, prev, heads, dates, article.text),
                place=place, negated=all(t.negated for t in trigs),
                hypothetical=all(t.hypothetical for t in trigs), confidence=round(conf, 3))
            for category, value in counts.items():
                if type_ in COUNT_TYPES[category]:
                    setattr(ev, category, value)
            yield ev, trigs, sent
        prev = sent


def extract_events(doc: Doc, article: Article, mentions: list[Mention], places: list[PlaceMention],
                   dates: list[DateMention]) -> list[Event]:
    """PLOVER events of one article, one per (sentence, type), with arguments from the parse."""
    index = ActorIndex(doc, mentions)
    out = [ev for ev, _, _ in _sentence_events(doc, article, index, places, dates)]
    log.debug("article %s: %d events", article.id, len(out))
    return out


# -- snippet classification (evaluation on CASE-2021 and PLOVER gold) ---------------------------------------

def _snippet_article(text: str) -> Article:
    return Article(id="snippet", path=None, part=0, source=None, source_basis="none", title=None,
                   published=None, published_basis="none", text=text, raw_sha="", format="txt")


def classify_snippet(text: str, nlp=None) -> tuple[str, str | None, float]:
    """(PLOVER type, mode, confidence) of the main event of a short snippet; (NONE, None, 0.0) when no
    cue matched. The main event: strongest trigger, preferring sentence roots, the first sentence and
    real (not negated / hypothetical) events."""
    if nlp is None:
        from newsgraph.nlp import base_model
        nlp = base_model()
    doc = nlp(text)
    article = _snippet_article(text)
    first = next(iter(sentences(doc)), None)
    best: tuple[float, Event] | None = None
    all_modes: list[str] = []
    index = ActorIndex(doc, [])
    for ev, trigs, sent in _sentence_events(doc, article, index, [], []):
        main = trigs[0]
        score = main.cue.strength
        depth = sum(1 for _ in main.head.ancestors)
        if depth <= 1:
            score += ROOT_BONUS
        score -= DEPTH_PENALTY * max(0, depth - 1)
        if first is not None and sent.start == first.start:
            score += FIRST_SENTENCE_BONUS
        if ev.negated or ev.hypothetical:
            score -= IRREALIS_PENALTY
        if ev.type == "ASSAULT" and ev.mode:
            all_modes.append(ev.mode)
        if best is None or score > best[0]:
            best = (score, ev)
    if best is None:
        return NO_EVENT, None, 0.0
    ev = best[1]
    mode = ev.mode
    if ev.type == "ASSAULT" and mode is None and all_modes:
        mode = min(all_modes, key=ASSAULT_MODE_ORDER.index)
    return ev.type, mode, round(max(0.0, min(1.0, best[0])), 3)


# -- PLOVER -> ACLED / CAMEO -------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Mapping:
    """One row of data/plover_mappings.tsv: the first row whose type, mode and cues match wins."""

    type: str
    mode: str
    cues: tuple[tuple[str, ...], ...]  # all groups must match; any word of a group (prefix match); "!" negates
    acled_type: str | None
    acled_subtype: str | None
    case_code: str
    reason: str


@lru_cache(maxsize=1)
def load_mappings() -> tuple[tuple[Mapping, ...], dict[str, str]]:
    """(ordered ACLED mapping rows, PLOVER type -> CAMEO root code)."""
    rows: list[Mapping] = []
    cameo: dict[str, str] = {}
    with _data_path("plover_mappings.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t"):
            if row["table"] == "cameo":
                cameo[row["type"]] = row["code"]
                continue
            groups = tuple(tuple(w for w in g.split("|") if w) for g in (row["cues"] or "").split("&") if g)
            rows.append(Mapping(row["type"], row["mode"] or "*", groups, row["acled_type"] or None,
                                row["acled_subtype"] or None, row["code"], row["reason"]))
    return tuple(rows), cameo


_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")


def _group_matches(group: tuple[str, ...], joined: str) -> bool:
    """Any word of the group starts a word of the text; a group whose first word starts with "!" must not;
    one starting with "^" must match in the lead (the first LEAD_WORDS words)."""
    if group and group[0].startswith("!"):
        return not any((" " + w.lstrip("!")) in joined for w in group)
    if group and group[0].startswith("^"):
        lead = " " + " ".join(joined.split()[:LEAD_WORDS])
        return any((" " + w.lstrip("^")) in lead for w in group)
    return any((" " + w) in joined for w in group)


def _mapping_row(type_: str, mode: str | None, text: str) -> Mapping | None:
    words = _WORD.findall(text.lower())
    joined = " " + " ".join(words)
    for row in load_mappings()[0]:
        if row.type not in {"*", type_}:
            continue
        if row.mode != "*" and row.mode != (mode or ""):
            continue
        if all(_group_matches(group, joined) for group in row.cues):
            return row
    return None


def to_acled(type_: str, mode: str | None, text: str) -> tuple[str | None, str | None]:
    """ACLED (event type, sub-event type) of a PLOVER event, reading weapon / target cues from the text;
    (None, None) for events ACLED does not record (diplomacy, accusations, disasters, crime)."""
    row = _mapping_row(type_, mode, text)
    if row is None:
        return None, None
    return row.acled_type, row.acled_subtype


def case_code(type_: str, mode: str | None, text: str) -> str:
    """CASE-2021 task 2 label (the 25 ACLED sub-types plus its five extra classes) of a PLOVER event."""
    row = _mapping_row(type_, mode, text)
    return row.case_code if row is not None else "OTHER"


def cameo_root(type_: str, mode: str | None = None) -> str | None:
    """CAMEO two-digit root code of a PLOVER type (manual, "CAMEO to PLOVER translation")."""
    cameo = load_mappings()[1]
    if mode:
        key = f"{type_}:{mode}"
        if key in cameo:
            return cameo[key]
    return cameo.get(type_)
