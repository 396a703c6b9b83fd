"""Events: PLOVER events (type, mode, actor, recipient, place, date, counts) from parsed sentences.

Why this shape: event coders that match verbs and read arguments from the parse (PETRARCH) are
transparent and run offline on a laptop; the cue words are data (``events/data/event_triggers.tsv``,
one row per cue with its PLOVER source, cues.py). Triggers, embedding and modality are in
triggers.py, arguments in arguments.py, casualty counts in counts.py. One event per (sentence, type):
the export contract reports an event with its sentence, and the id is a hash of (article, start, end,
type). The PLOVER -> ACLED / CAMEO tables are codes.py.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from newsgraph.events.arguments import arguments
from newsgraph.events.counts import extract_counts
from newsgraph.events.cues import Cue, cue_lemma_sets, load_cues, matcher_for, pos_ok
from newsgraph.events.triggers import Trigger, mode_for, resolve_embedding, sentence_triggers
from newsgraph.ids import event_id
from newsgraph.records import Article, DateMention, DateValue, Event, Evidence, Mention, PlaceMention
from newsgraph.syntax import ActorIndex, sentences

log = logging.getLogger(__name__)

# -- tuned constants ----------------------------------------------------------------------------------
# Confidence = trigger strength x (BASE + ACTOR_WEIGHT if an actor was found + RECIPIENT_WEIGHT if a
# recipient or a place was found). An event with its trigger alone keeps 60 % of the trigger's
# strength; the weights were set by reading the events of the five seed articles (not fitted).
BASE_WEIGHT = 0.6
ACTOR_WEIGHT = 0.25
RECIPIENT_WEIGHT = 0.15


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


def sentence_events(doc: Doc, article: Article, index: ActorIndex, places: list[PlaceMention],
                     dates: list[DateMention]) -> Iterator[tuple[Event, list[Trigger], Span]]:
    cues = load_cues()
    cue_sets = cue_lemma_sets()
    sents = sentences(doc)
    sent_of = {t.i: n for n, s in enumerate(sents) for t in s}
    matches_by_sent: dict[int, list[tuple[Cue, Span]]] = {}
    matcher, rows = matcher_for(doc)
    for match_id, start, end in matcher(doc):
        if start not in sent_of or sent_of.get(end - 1) != sent_of[start]:
            continue
        span = doc[start:end]
        for idx in rows[doc.vocab.strings[match_id]]:
            if pos_ok(cues[idx], span):
                matches_by_sent.setdefault(sents[sent_of[start]].start, []).append((cues[idx], span))
    prev: Span | None = None
    for sent in sents:
        matches = matches_by_sent.get(sent.start)
        if not matches:
            prev = sent
            continue
        triggers, mode_cues = sentence_triggers(sent, matches)
        resolve_embedding(triggers, cue_sets)
        live = [t for t in triggers if not t.absorbed]
        by_type: dict[str, list[Trigger]] = {}
        for t in sorted(live, key=lambda t: (-t.cue.strength, t.head.i)):
            by_type.setdefault(t.type, []).append(t)
        counts = extract_counts(sent) if by_type else {}
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
                mode=mode_for(type_, real or trigs, mode_cues),
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
    out = [ev for ev, _, _ in sentence_events(doc, article, index, places, dates)]
    log.debug("article %s: %d events", article.id, len(out))
    return out

