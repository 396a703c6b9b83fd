"""Events: PLOVER events (type, mode, actor, recipient, place, date, counts) from parsed sentences.

Why this shape: event coders that match verbs and read arguments from the parse (PETRARCH) are
transparent and run offline on a laptop; the cue words are data (``events/data/event_triggers.tsv``,
one row per cue with its PLOVER source, cues.py). Triggers, embedding and modality are in
triggers.py, arguments in arguments.py, casualty counts in counts.py, senses (no-event readings) in
senses.py, when and where in when.py and where.py. One event per (sentence, type), then one per happening
(happenings.py folds later mentions into the first as reports):
the export contract reports an event with its sentence, and the id is a hash of (article, start, end,
type). The PLOVER -> ACLED / CAMEO tables are codes.py.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from newsgraph.events.arguments import arguments, protagonist
from newsgraph.events.clauses import SUBORDINATE, sentence_roles
from newsgraph.events.counts import extract_counts
from newsgraph.events.cues import Cue, cue_lemma_sets, load_cues, matcher_for, pos_ok
from newsgraph.events.happenings import ANAPHORIC_DETERMINERS, codable, merge_happenings
from newsgraph.events.senses import not_event
from newsgraph.events.topic import article_topic
from newsgraph.events.triggers import Trigger, mode_for, resolve_embedding, sentence_triggers
from newsgraph.events.when import is_history, when
from newsgraph.events.where import dateline_place, focus_place, where
from newsgraph.ids import event_id
from newsgraph.records import Article, DateMention, Event, Evidence, Mention, PlaceMention
from newsgraph.syntax import ActorIndex, sentences

log = logging.getLogger(__name__)

# -- tuned constants ----------------------------------------------------------------------------------
# Confidence = trigger strength x (BASE + ACTOR_WEIGHT if an actor was found + RECIPIENT_WEIGHT if a
# recipient or a place was found; half of ACTOR_WEIGHT when the actor is only the sentence before's,
# arguments.protagonist). An event with its trigger alone keeps 60 % of the trigger's
# strength; the weights were set by reading the events of the five seed articles (not fitted).
BASE_WEIGHT = 0.6
ACTOR_WEIGHT = 0.25
RECIPIENT_WEIGHT = 0.15


def _same_paragraph(text: str, a: Span, b: Span) -> bool:
    return "\n" not in text[a.end_char:b.start_char] and "\n" not in a.text.strip()


def _anaphoric(trigs: list[Trigger]) -> bool:
    """An event noun that refers back to a happening told before ("the attack", "this offensive")."""
    return any(t.head.pos_ in {"NOUN", "PROPN"} and any(
        c.dep_ == "det" and c.lower_ in ANAPHORIC_DETERMINERS for c in t.head.children) for t in trigs)


# Dependencies that give an event trigger a participant of its own ("beating opposition politicians",
# "militias attacked"); nouns take theirs through these prepositions ("the attack on Homs", "strikes by jets").
OWN_PARTICIPANT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "agent", "poss", "compound"})
OWN_PARTICIPANT_PREPS = frozenset({"of", "on", "against", "by", "in"})


def _has_own_participants(trigs: list[Trigger]) -> bool:
    """The trigger names who acts or who is hit, even with nobody resolved as an actor ("toughs beating
    opposition politicians"): such a mention is not "nothing of its own" ("fighting continued")."""
    def nominal(tok) -> bool:
        return tok.pos_ in {"NOUN", "PROPN"}
    for t in trigs:
        for c in t.head.children:
            if c.dep_ in OWN_PARTICIPANT_DEPS and nominal(c):
                return True
            if c.dep_ == "prep" and c.lower_ in OWN_PARTICIPANT_PREPS and any(
                    g.dep_ == "pobj" and nominal(g) for g in c.children):
                return True
    return False


# Which counts belong to which event types: victims of violence, the kidnapped of an abduction, the
# displaced of a forced displacement (PLOVER SANCTION expel) or of violence.
COUNT_TYPES = {"killed": {"ASSAULT"}, "injured": {"ASSAULT", "PROTEST"}, "kidnapped": {"ASSAULT"},
               "displaced": {"ASSAULT", "SANCTION"}}


def sentence_events(doc: Doc, article: Article, index: ActorIndex, places: list[PlaceMention],
                     dates: list[DateMention]) -> Iterator[tuple[Event, list[Trigger], Span]]:
    cues = load_cues()
    cue_sets = cue_lemma_sets()
    sents = sentences(doc)
    sent_of = {i: n for n, s in enumerate(sents) for i in range(s.start, s.end)}
    matches_by_sent: dict[int, list[tuple[Cue, Span]]] = {}
    matcher, rows = matcher_for(doc)
    for match_id, start, end in matcher(doc):
        if start not in sent_of or sent_of.get(end - 1) != sent_of[start]:
            continue
        span = doc[start:end]
        for idx in rows[doc.vocab.strings[match_id]]:
            if pos_ok(cues[idx], span):
                matches_by_sent.setdefault(sents[sent_of[start]].start, []).append((cues[idx], span))
    dateline, focus = dateline_place(article, places), focus_place(places)
    prev: Span | None = None
    before: dict[str, list[str]] = {}  # event type -> actors of the sentence just before ("*": any type)
    for sent in sents:
        matches = matches_by_sent.get(sent.start)
        if not matches:
            prev, before = sent, {}
            continue
        triggers, mode_cues = sentence_triggers(sent, matches)
        resolve_embedding(triggers, cue_sets)
        live = [t for t in triggers if not t.absorbed and not_event(t.head, t.span) is None]
        by_type: dict[str, list[Trigger]] = {}
        for t in sorted(live, key=lambda t: (-t.cue.strength, t.head.i)):
            by_type.setdefault(t.type, []).append(t)
        counts = extract_counts(sent) if by_type else {}
        told: dict[str, list[str]] = {}
        for type_, trigs in by_type.items():
            actors: list[str] = []
            recipients: list[str] = []
            for t in trigs:
                a, r = arguments(t.head, type_, index)
                actors += a
                recipients += r
                for e in t.embedded:  # "vowed to fight Turkish forces": the threatened are recipients
                    ea, er = arguments(e.head, e.type, index)
                    recipients += [x for x in ea + er if x not in a]
            para = prev is not None and _same_paragraph(article.text, prev, sent)
            own_actors = pointed = bool(actors)
            if not actors:  # "They killed 23 soldiers": the actors of the sentence before (arguments.py)
                back, pointed = protagonist([t.head for t in trigs], type_, before, para)
                actors = [a for a in back if a not in recipients]
            actors = list(dict.fromkeys(actors))
            recipients = [r for r in dict.fromkeys(recipients) if r not in actors]
            real = [t for t in trigs if not (t.negated or t.hypothetical)]
            main = (real or trigs)[0]
            heads = [t.head for t in trigs]
            hypothetical = all(t.hypothetical for t in trigs)
            place, place_basis, geo = where(sent, prev, para, heads, places, dateline, focus)
            date, date_basis, time_prec = when(sent, prev, para, heads, dates, article, hypothetical)
            strength = main.cue.strength
            if real and actors and pointed:  # the actors a later sentence may point back to
                told.setdefault(type_, actors)
                told.setdefault("*", actors)
            conf = strength * (BASE_WEIGHT + ACTOR_WEIGHT * (own_actors + bool(actors)) / 2
                               + RECIPIENT_WEIGHT * bool(recipients or place))
            ev = Event(
                id=event_id(article.id, sent.start_char, sent.end_char, type_), type=type_,
                mode=mode_for(type_, real or trigs, mode_cues),
                evidence=Evidence(article.id, sent.start_char, sent.end_char), trigger=main.span.text,
                actor=actors, recipient=recipients, date=date, place=place, negated=all(t.negated for t in trigs),
                hypothetical=hypothetical, confidence=round(conf, 3), date_basis=date_basis,
                time_precision=time_prec, place_basis=place_basis, geo_precision=geo)
            for category, value in counts.items():
                if type_ in COUNT_TYPES[category]:
                    setattr(ev, category, value)
            yield ev, trigs, sent
        prev, before = sent, told



def extract_events(doc: Doc, article: Article, mentions: list[Mention], places: list[PlaceMention],
                   dates: list[DateMention]) -> list[Event]:
    """PLOVER events of one article, one per happening (happenings.py), with arguments from the parse.

    Background history (an event its own sentence dates more than a year before the article, told as
    past: not hypothetical) is left out: ACLED and GDELT code the news, not the backstory. In a sentence
    with several events, those told as a noun in a prepositional phrase, or in a subordinate clause
    without participants of their own, while a better-placed one exists (clauses.py) are background:
    reports of an earlier event of their type, or nothing. An article that is not conflict news
    (topic.py: a market report, a book review) keeps only the events that report casualties."""
    index = ActorIndex(doc, mentions)
    found, anaphoric, own, background, nominal = [], {}, {}, {}, {}
    for group in _by_sentence(sentence_events(doc, article, index, places, dates)):
        roles = sentence_roles([[t.head for t in trigs] for _, trigs in group])
        for (ev, trigs), (role, is_background) in zip(group, roles):
            if ev.date_basis in {"explicit", "context"} and not ev.hypothetical \
                    and is_history(ev.date.value, article.published):
                continue
            has_own = _has_own_participants(trigs)
            # a subordinate clause naming its own participants ("roam the streets, beating opposition
            # politicians") tells a happening of its own; a PP noun ("after the bombing") does not
            is_background = is_background and not (role == SUBORDINATE and has_own)
            found.append(ev)
            anaphoric[ev.id] = _anaphoric(trigs) or is_background
            own[ev.id] = has_own and not is_background
            background[ev.id] = is_background
            nominal[ev.id] = all(t.head.pos_ in {"NOUN", "PROPN"} for t in trigs)
    out = codable(merge_happenings(found, anaphoric, own, background, nominal), own)
    topic = article_topic(doc, article.url)
    if not topic.conflict:  # other news (topic.py): only the casualties it reports in passing are events
        out = [e for e in out if e.killed is not None or e.injured is not None]
    log.debug("article %s: %d events (%s news, %s)", article.id, len(out),
              "conflict" if topic.conflict else topic.domain or "other", topic.basis)
    return out


def _by_sentence(items: Iterator[tuple[Event, list[Trigger], Span]]) -> Iterator[list[tuple[Event, list[Trigger]]]]:
    """The events of :func:`sentence_events`, one list per sentence (they come sentence by sentence)."""
    group: list[tuple[Event, list[Trigger]]] = []
    current: int | None = None
    for ev, trigs, sent in items:
        if current is not None and sent.start != current and group:
            yield group
            group = []
        current = sent.start
        group.append((ev, trigs))
    if group:
        yield group
