"""Where an event happened, honestly: the sentence's place, its context, the dateline, the story's focus.

Order (issue 12): a place named in the event's sentence (the one in the trigger's subtree first) ->
``sentence`` (when the sentence names only a country, a finer place of that country named in the sentence
before, same paragraph, or the dateline's replaces it, with basis ``context`` or ``dateline``); a place
that only tells where a person or group comes from ("Russia's Tass agency reported", "seekers from
Pakistan") is no scene; a place in the sentence before it, same paragraph, the finest first -> ``context``; the dateline place
("HOMS, Syria (Reuters) -") -> ``dateline``; the place the story names most inside the story's country,
when it names it at least FOCUS_MIN times (a tie: the one named first) -> ``focus``. A demonym ("Syrian forces") only places an event in its country, and only
when nothing better is found. ACLED ``geo_precision``: 1 the town or site itself, 2 near a town or in part
of a region ("near Sirte", "northern Idlib"), 3 only a region or a country is known; an event placed by the
story's focus is never more precise than 2.
"""
from __future__ import annotations

from collections import Counter

from spacy.tokens import Span, Token

from newsgraph.records import Article, PlaceMention

# A dateline place starts within the first characters of the text and is followed by one of these
# (the places stage uses the same reading; wire datelines: "HOMS, Syria (Reuters) -", "CAIRO —").
DATELINE_CHARS = 80
DATELINE_FOLLOW = (",", "(", "—", "–", "-", ":", "\n")
# The story's focus place: named at least this many times and more often than any other (read from the
# seed articles: a place named twice is usually the scene, a place named once often an aside).
FOCUS_MIN = 2
LOCAL = frozenset({"city", "site"})
RANK = {"site": 0, "city": 0, "region": 1, "country": 2}  # finer first
# A place word that only modifies a person or group noun names where they come from, not where the event
# happened ("Russia's Tass news agency reported", "US servicewomen have died", "asylum seekers from
# Pakistan"): like a demonym it places an event only when nothing better is found.
MODIFIER_DEPS = frozenset({"poss", "compound", "amod", "nmod"})
ORIGIN_PREPS = frozenset({"from"})


def geo_precision(place: PlaceMention, basis: str) -> int | None:
    """ACLED geo_precision of ``place`` found by ``basis`` (None when the place is not resolved)."""
    if place.precision in LOCAL:
        code = 1 if place.basis == "at" else 2
    elif place.precision == "region":
        code = 2 if place.basis in {"in", "near"} else 3
    elif place.precision == "country":
        code = 3
    else:
        return None
    return max(code, 2) if basis == "focus" else code


def _usable(p: PlaceMention) -> bool:
    return p.basis != "demonym" and (p.name is not None or p.precision != "unknown")


def dateline_place(article: Article, places: list[PlaceMention]) -> PlaceMention | None:
    text = article.text
    for p in sorted(places, key=lambda p: p.evidence.start):
        if p.evidence.start >= DATELINE_CHARS:
            return None
        line_start = text.rfind("\n", 0, p.evidence.start) + 1
        before = text[line_start:p.evidence.start].strip()
        after = text[p.evidence.end:p.evidence.end + 3].lstrip(" ")
        if not before and after[:1] in DATELINE_FOLLOW and p.text.isupper() and _usable(p):
            return p
    return None


def focus_place(places: list[PlaceMention]) -> PlaceMention | None:
    """The story's focus place: its most-mentioned resolved town or region (at least FOCUS_MIN times)
    inside the story's country (the country its places name most, country mentions included); a tie goes
    to the place named first (the lead names the scene), a tie of countries to the country named first."""
    usable = sorted((p for p in places if _usable(p) and p.name), key=lambda p: p.evidence.start)
    countries = Counter(p.country for p in usable if p.country)
    if not countries:
        return None
    first = {c: i for i, c in reversed(list(enumerate(p.country for p in usable)))}
    country = min(countries, key=lambda c: (-countries[c], first[c]))
    named = [p for p in usable if p.precision in LOCAL | {"region"} and p.country == country]
    counts = Counter(p.name for p in named)
    if not counts:
        return None
    order = {name: i for i, name in reversed(list(enumerate(p.name for p in named)))}
    top = min(counts, key=lambda name: (-counts[name], order[name]))
    if counts[top] < FOCUS_MIN:
        return None
    return next(p for p in named if p.name == top)


def _in(span: Span, places: list[PlaceMention]) -> list[PlaceMention]:
    return [p for p in places if span.start_char <= p.evidence.start and p.evidence.end <= span.end_char]


def _context(prev: Span | None, same_paragraph: bool, places: list[PlaceMention],
             dateline: PlaceMention | None) -> list[PlaceMention]:
    """Usable scene places of the sentence before (same paragraph), the finest first, then the last named
    ("attacked Camp Shorabak in Helmand Province, Afghanistan. They killed ...": Helmand Province)."""
    if prev is None or not same_paragraph:
        return []
    found = [p for p in _in(prev, places) if _usable(p) and p is not dateline and not _modifier(prev, p)]
    return sorted(found, key=lambda p: (RANK.get(p.precision, 3), -p.evidence.start))


def _token(span: Span, place: PlaceMention) -> Token | None:
    sub = span.doc.char_span(place.evidence.start, place.evidence.end, alignment_mode="expand")
    return sub.root if sub is not None and len(sub) else None


def _modifier(span: Span, place: PlaceMention) -> bool:
    """The place names the origin of a person or group, not a scene (MODIFIER_DEPS, ORIGIN_PREPS)."""
    tok = _token(span, place)
    if tok is None:
        return False
    if tok.dep_ in MODIFIER_DEPS and tok.head is not tok and tok.head.ent_type_ not in {"GPE", "LOC", "FAC"}:
        return True
    return _origin(span, place)


def _origin(span: Span, place: PlaceMention) -> bool:
    """"asylum seekers from Pakistan": where someone comes from (not "fired from Gaza": a verb's "from")."""
    tok = _token(span, place)
    return tok is not None and tok.dep_ == "pobj" and tok.head.lower_ in ORIGIN_PREPS \
        and tok.head.head.pos_ in {"NOUN", "PROPN", "PRON"}


def _finer_in(country: PlaceMention, candidates: list[tuple[PlaceMention | None, str]]
              ) -> tuple[PlaceMention, str] | None:
    """The first candidate at city, site or region level inside ``country``'s country."""
    for p, basis in candidates:
        if p is not None and p.precision in LOCAL | {"region"} and p.country and p.country == country.country:
            return p, basis
    return None


def where(sent: Span, prev: Span | None, same_paragraph: bool, heads: list[Token], places: list[PlaceMention],
          dateline: PlaceMention | None, focus: PlaceMention | None
          ) -> tuple[PlaceMention | None, str | None, int | None]:
    """(place, basis, ACLED geo_precision) of an event reported by ``sent``."""
    # the dateline's place is the dateline's, wherever the sentence splitter put it
    inside = [p for p in _in(sent, places) if p is not dateline]
    usable = [p for p in inside if _usable(p)]
    subtree = {t.idx for h in heads for t in h.subtree}
    # origin modifiers ("Russia's Tass agency reported") are no scene unless the trigger's own phrase
    # holds them ("Pakistan's army shelled"), and even there a scene place comes first
    good = [p for p in usable if (p.evidence.start in subtree or not _modifier(sent, p)) and not _origin(sent, p)]
    if good:
        near = sorted((p for p in good if p.evidence.start in subtree), key=lambda p: _modifier(sent, p))
        place, basis = (near or good)[0], "sentence"
        if place.precision == "country" and all(p.precision == "country" for p in good):
            # "clashes in Syria" in a story datelined HOMS, or after a sentence naming Homs in the same
            # paragraph: the sentence gives the country only; the dateline's or the context's finer place of
            # that country says more (ACLED codes the most precise place the report supports, with its
            # geo_precision). The story's focus is not used here: on WikiEvents dev (limit 6) it replaced
            # right country places (place F1 0.138 -> 0.091).
            ctx = _context(prev, same_paragraph, places, dateline)
            finer = _finer_in(place, [(p, "context") for p in ctx] + [(dateline, "dateline")])
            if finer is not None:
                place, basis = finer
    elif ctx := _context(prev, same_paragraph, places, dateline):
        place, basis = ctx[0], "context"
    elif dateline is not None:
        place, basis = dateline, "dateline"
    elif focus is not None:
        place, basis = focus, "focus"
    elif rest := [p for p in inside if not _origin(sent, p)]:
        # a demonym or a modifier ("US servicewomen"): the country and nothing finer; never an origin
        place, basis = rest[0], "sentence"
    else:
        return None, None, None
    return place, basis, geo_precision(place, basis)
