"""One event per happening in an article: later mentions become reports of the first event.

A later event of the same PLOVER type is the same happening when it is compatible with the first (no
actor or recipient that contradicts it, the same place or none, the same date or none of its own) and
either refers back ("the attack", "this offensive", "that strike", "the strike on X") or shares one specific
thing with it (an actor or a recipient; the place or the date its sentence names, for a mention naming
no side of its own): ACLED codes one event per type, actors, day and location, so a compatible mention
that shares one of them and contradicts none is a report of it (a recap, a live blog's update); a later mention with nothing of its own (no side, no
place or date its sentence names: "fighting continued") is a report of the latest compatible event of
its type too. A mention naming participants of its own that resolve to no actor and sharing nothing
("armed youths beating aid workers" after a clash of two armies) stays a happening of its own.
The later mention's sentence is kept as a report (``Event.reports``), its sides, place and date fill what
the first lacks (never reversing a direction; sides are not pooled, which let one happening's actor
list grow with every compatible mention), and its casualty counts
are kept only when lower (the conservative figure). Negated or hypothetical mentions never merge with
reported ones.

Events of the types that PETRARCH / GDELT code only between two actors (``data/dyadic_types.tsv``:
statements, requests, agreements, ...) are no events without any participant: "called for calm" with
nobody resolved as who calls or on whom is not codable; nor is any event with nothing of its own
(:func:`codable`).
"""
from __future__ import annotations

from functools import lru_cache

from newsgraph.lexicon import read_tsv
from newsgraph.records import Event

# Determiners that make an event noun refer back to a happening told before ("the attack", "this offensive").
ANAPHORIC_DETERMINERS = frozenset({"the", "this", "that", "these", "those", "such"})
COUNT_FIELDS = ("killed", "injured", "displaced", "kidnapped")
OWN_BASES = frozenset({"sentence"})  # a place its own sentence names
OWN_DATE = frozenset({"explicit"})  # a date its own sentence gives
# What makes an event codable (codable): a place or date of its own sentence or of the one before it in
# its paragraph; the dateline and the story's focus place are fallbacks any sentence would get.
NEAR_BASES = frozenset({"sentence", "context"})
NEAR_DATE = frozenset({"explicit", "context"})
FINE_PRECISION = frozenset({"city", "site"})  # places precise enough that two of them are two locations
# Specific things (actor, recipient, own place, own date) a compatible later mention must share with an
# event to be a report of it. ACLED's unit is (type, actors, day, location): a mention of the same type
# sharing one of them and contradicting none (_compatible) is the same record for an ACLED coder. The
# first version asked for two, which left a live blog's tenth "clashes in Tahrir Square" a new event
# (issue 12: 28 events per CNN article).
MIN_SHARED = 1


@lru_cache(maxsize=1)
def dyadic_types() -> frozenset[str]:
    """PLOVER types coded only with a participant (data/dyadic_types.tsv)."""
    return frozenset(r["type"] for r in read_tsv("newsgraph.events", "data/dyadic_types.tsv", ("type", "reason")))


def codable(events: list[Event], own_participants: dict[str, bool] | None = None) -> list[Event]:
    """The events a coder can write (GDELT's coders need a side, ACLED's an actor, a day and a place):

    - a dyadic type (a statement, a request, an agreement) needs an actor or a recipient resolved to an
      actor, as PETRARCH codes only between actors: "officials urged people not to travel" or "people
      supporting the effort" with nobody resolved is not codable;
    - any event needs something of its own: a side or a participant named in the parse, or a place or
      a date its own sentence or the sentence before it in its paragraph gives ("The SWAT team surrounded
      a home in Desoto. They made arrests."). A first mention with none ("fighting continued", "the war made
      women's exclusion from combat unworkable") has nothing to code: no earlier event to report, no who,
      where or when but the story's fallbacks.

    Material events (attacks, protests, coercion) with a participant the parse names but no actor
    resolved are kept: ACLED codes them as "Unidentified Armed Group" or "Protesters"."""
    dyadic, own = dyadic_types(), own_participants or {}

    def keep(e: Event) -> bool:
        sides = bool(e.actor or e.recipient or own.get(e.id, False))  # own: a participant the parse names
        if e.type in dyadic:
            return bool(e.actor or e.recipient)
        return sides or e.place_basis in NEAR_BASES or e.date_basis in NEAR_DATE
    return [e for e in events if keep(e)]


def _compatible_sides(a: list[str], b: list[str]) -> bool:
    return not a or not b or bool(set(a) & set(b))


def _place_name(e: Event) -> str | None:
    return (e.place.name or e.place.text) if e.place is not None else None


def _compatible(first: Event, later: Event, anaphoric: bool = False) -> bool:
    """No contradiction between the two: type, flags, sides (and their direction), place, date, and for
    a mention that does not refer back, the mode. A definite reference back ("the attacks") to a reported
    event presupposes it: the negation or the hypothesis of its own clause ("denied the war was a
    factor in the attacks") is about something else, so it may still be a report of it."""
    if first.type != later.type:
        return False
    if (first.negated, first.hypothetical) != (later.negated, later.hypothetical) \
            and not (anaphoric and not first.negated and not first.hypothetical):
        return False
    if not anaphoric and first.mode and later.mode and first.mode != later.mode:
        return False  # shelling and an air strike: two ACLED sub-event types, two records
    if not (_compatible_sides(first.actor, later.actor) and _compatible_sides(first.recipient, later.recipient)):
        return False
    if set(first.actor) & set(later.recipient) or set(first.recipient) & set(later.actor):
        return False  # the direction would be reversed: another happening
    p1, p2 = _place_name(first), _place_name(later)
    if p1 and p2 and p1 != p2:
        if first.place_basis in OWN_BASES and later.place_basis in OWN_BASES:
            return False
        c1, c2 = first.place.country, later.place.country
        if c1 and c2 and c1 != c2:
            return False  # another country, whatever told it: another happening
        if first.place.precision in FINE_PRECISION and later.place.precision in FINE_PRECISION:
            return False  # two towns or sites, whatever told them
    d1, d2 = first.date.value, later.date.value
    if d1 and d2 and first.date_basis in OWN_DATE and later.date_basis in OWN_DATE \
            and not (d1.startswith(d2) or d2.startswith(d1)):
        return False
    return True


def _specific_link(first: Event, later: Event, anaphoric: bool, own_participants: bool = False,
                   nominal: bool = False) -> bool:
    """A reference back, nothing of its own, or specific things shared: MIN_SHARED sides (an actor, a
    recipient), or two things of side, place and date both sentences name, or the place or the date for
    a mention naming no side (ACLED codes one event per actors, day and location).
    A nominal mention ("attacks on reporters", "the crackdown on protests") with no side resolved and no
    date of its own names the happening the article tells, not a new one: coders code clauses."""
    if anaphoric:
        return True
    if nominal and not later.actor and not later.recipient and later.date_basis not in OWN_DATE:
        return True
    if not later.actor and not later.recipient and not own_participants and later.place_basis not in OWN_BASES \
            and later.date_basis not in OWN_DATE:
        return True  # a mention with nothing of its own ("fighting continued"): a report, not a new event
    sides = 0
    if set(first.actor) & set(later.actor):
        sides += 1
    if set(first.recipient) & set(later.recipient):
        sides += 1
    shared = sides
    if later.place_basis in OWN_BASES and first.place_basis in OWN_BASES and _place_name(first) == _place_name(later):
        shared += 1
    if (later.date_basis in OWN_DATE and first.date_basis in OWN_DATE
            and first.date.value == later.date.value):
        shared += 1
    if sides >= MIN_SHARED or shared >= 2:
        return True
    # a place or a day alone links a mention that names no side ("clashes in Tahrir Square"), not one
    # that brings a side the first lacks ("police launched raids in east London" after "the attack in London")
    return shared >= MIN_SHARED and not later.actor and not later.recipient


def _absorb(first: Event, later: Event) -> None:
    first.reports.append(later.evidence)
    first.reports.extend(later.reports)
    if later.negated or later.hypothetical:
        # a reference back from a negated or hypothetical clause ("denied it carried out the attack"):
        # a report of the happening; the place it names ("a sketch of a suspect in the shooting in
        # Indianapolis") locates the happening, but its sides, date and figures are not claims about it
        if first.place_basis not in OWN_BASES and later.place_basis in OWN_BASES:
            first.place, first.place_basis, first.geo_precision = later.place, later.place_basis, later.geo_precision
        return
    if not first.actor:
        first.actor = [a for a in later.actor if a not in first.recipient]
    if not first.recipient:
        first.recipient = [r for r in later.recipient if r not in first.actor]
    if first.place is None or (first.place_basis not in OWN_BASES and later.place_basis in OWN_BASES):
        first.place, first.place_basis, first.geo_precision = later.place, later.place_basis, later.geo_precision
    if first.date_basis not in OWN_DATE and later.date_basis in OWN_DATE:
        first.date, first.date_basis, first.time_precision = later.date, later.date_basis, later.time_precision
    first.confidence = max(first.confidence, later.confidence)
    for f in COUNT_FIELDS:
        a, b = getattr(first, f), getattr(later, f)
        if a is None or (b is not None and b < a):
            setattr(first, f, b)


def merge_happenings(events: list[Event], anaphoric: dict[str, bool],
                     own_participants: dict[str, bool] | None = None,
                     background: dict[str, bool] | None = None,
                     nominal: dict[str, bool] | None = None) -> list[Event]:
    """``events`` (in text order) with later mentions of one happening folded into its first event.

    ``anaphoric``: event id -> whether its trigger refers back ("the attack"); see :data:`ANAPHORIC_DETERMINERS`.
    ``own_participants``: event id -> whether its trigger names a participant of its own in the parse
    (a subject, object or "of/on/by" noun), resolved to an actor or not: such a mention is never folded
    in as one "with nothing of its own".
    ``background``: event id -> whether the event is background in its sentence (a subordinate clause
    or a prepositional phrase beside the sentence's main event, clauses.py): it becomes a report of the
    latest compatible earlier event of its type, or is left out (it is not a happening of its own).
    ``nominal``: event id -> whether every trigger of the event is a noun ("attacks on reporters").
    """
    own_participants = own_participants or {}
    background = background or {}
    nominal = nominal or {}
    out: list[Event] = []
    for ev in events:
        back = anaphoric.get(ev.id, False)
        target = next((f for f in reversed(out)
                       if _compatible(f, ev, back) and _specific_link(
                           f, ev, back, own_participants.get(ev.id, False), nominal.get(ev.id, False))), None)
        if target is None:
            if not background.get(ev.id, False):
                out.append(ev)
        else:
            _absorb(target, ev)
    return out
