"""Cross-article event clustering: reports of one real-world event become one consolidated event.

Why blocking then pairwise scoring: comparing all pairs of N reports costs N^2; reports of one event
share a PLOVER type and fall within a few days of each other, so only reports in the same
(type, polarity, day window) block are compared. With a bounded number of reports per type and day
the cost grows linearly with N (bench/cluster_scaling.py measures it).

Why constrained best-first merging instead of plain connected components: single-link chains two
attacks in one town a week apart through a report in between; merging the best pairs first, with
average linkage (the reports of two groups must be similar on average), and refusing a merge that
would stretch a cluster over more than MAX_SPAN_DAYS or over places further than PLACE_FAR_KM apart
keeps similar-but-different events apart.
"""
from __future__ import annotations

import logging
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz

from newsgraph.records import EventView

log = logging.getLogger(__name__)

# -- tuned constants ------------------------------------------------------------------------------
# Days two reports of one event may disagree by: outlets resolve "yesterday"/"on Sunday" against
# different publication dates and time zones (1 day), plus one for late reports. Two attacks in one
# town a week apart (the fixture's pair) are 7 days apart. Chosen by reasoning, not fitted.
DATE_WINDOW_DAYS = 2
# A consolidated event never spans more days than this (stops chaining through intermediate reports).
MAX_SPAN_DAYS = 3
# Known places further apart than this are different events; closer than NEAR_KM counts as the same
# place (a town and its suburb, two geocodes of one city). 50 km ~ one district in ACLED's sense.
PLACE_FAR_KM = 50.0
NEAR_KM = 10.0
# Weights of the similarity components (sum 1): date and place locate an event, text carries what
# happened; actors are often missing or differently attributed (a contradiction, not a different
# event), so they weigh least. MERGE_THRESHOLD: a same-day, same-place pair with no actor and no
# text evidence scores 0.25+0.25+0.1+0 = 0.60, which is not enough alone; any text or actor overlap
# above it merges. Set by this reasoning, not fitted; on tests/consolidate/fixtures/outlets the pairs of one event
# score 0.68-0.80 and every other pair 0 (blocked by type, date or place).
WEIGHTS = {"date": 0.25, "place": 0.25, "actors": 0.2, "text": 0.3}
MERGE_THRESHOLD = 0.62
# Place precisions too coarse to locate an event: two reports "in Sudan" are not thereby at one place,
# and "Sudan" does not contradict "Khartoum"; such places only conflict when their countries differ.
COARSE_PRECISIONS = frozenset({"country", "region", "admin1", "continent"})
# When a report has no day of its own (only its article's publication date, or none), sharing a day
# proves little (every sentence of an article shares its date), so only close wording joins it to
# another report (republished wire copy, a headline and its lead). Measured on the events that
# events.py extracts from examples/articles (pairs of one type in one article): headline/lead pairs of
# one event scored 0.89, 0.89, 0.83, 0.80, 0.65, 0.58, 0.56; pairs of different events at most 0.58,
# 0.57, 0.55 (then <= 0.54). 0.6 keeps every different-event pair apart and loses two headline pairs.
MIN_TEXT_UNDATED = 0.6
# Blocks bigger than this are split by place key before pairwise comparison (cost guard).
MAX_BLOCK = 400
# A same-place group still bigger than MAX_BLOCK (a month of news about one city) is compared by a
# sorted neighbourhood instead of all pairs: its reports sorted by participants then wording, each
# compared with the next WINDOW. Cost n * WINDOW instead of n^2 / 2; reports of one event share
# participants or open alike, so they sort close. 50: ten outlets' reports of one event several times over.
WINDOW = 50
# Undated blocks (keyed by place or by participant) bigger than this are left unclustered and logged.
MAX_UNDATED_BLOCK = 200

_WS = re.compile(r"\s+")


# -- similarity -----------------------------------------------------------------------------------
@dataclass(slots=True, frozen=True)
class _Feat:
    """What similarity reads of a view, computed once per view (scoring runs per pair)."""

    kind: tuple[str, bool, bool]  # type, negated, hypothetical
    day: int | None  # date ordinal
    key: str | None  # place key
    name: str | None  # case-folded place name
    lat: float | None
    lon: float | None
    parts: frozenset[str]
    text: str
    coarse: bool  # the place is a country or region, not a locality
    country: str | None
    own_day: bool  # the day is the event's own (day precision), not its article's date


def _feat(v: EventView) -> _Feat:
    day = v.day()
    return _Feat((v.type, v.negated, v.hypothetical), day.toordinal() if day else None, v.place_key(),
                 _name(v.place), v.lat, v.lon, v.participants(), _WS.sub(" ", v.text.lower()),
                 v.place_precision in COARSE_PRECISIONS, v.place_country,
                 bool(v.date) and v.precision == "day" and day is not None and v.date == day.isoformat())


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def _name(place: str | None) -> str | None:
    return " ".join(place.casefold().split()) if place else None


def _distance(f: _Feat, g: _Feat) -> float | None:
    if (f.key is not None and f.key == g.key) or (f.name is not None and f.name == g.name):
        return 0.0
    if f.lat is not None and f.lon is not None and g.lat is not None and g.lon is not None:
        return haversine_km(f.lat, f.lon, g.lat, g.lon)
    return None


def _conflict(f: _Feat, g: _Feat) -> bool:
    """Two known places that cannot be one event's place: localities further apart than PLACE_FAR_KM
    (or, without coordinates, with different names); a country or region conflicts only with a place
    in another country."""
    if f.coarse or g.coarse:
        return f.country is not None and g.country is not None and f.country != g.country
    d = _distance(f, g)
    if d is not None:
        return d > PLACE_FAR_KM
    return f.name is not None and g.name is not None


def place_distance(a: EventView, b: EventView) -> float | None:
    """Kilometres between two reports' places; 0 for the same place (id or name); None when unknown."""
    return _distance(_feat(a), _feat(b))


def _score(f: _Feat, g: _Feat) -> float:
    if f.kind != g.kind:
        return 0.0
    if f.day is not None and g.day is not None:
        gap = abs(f.day - g.day)
        if gap > DATE_WINDOW_DAYS:
            return 0.0
        s_date = 1.0 - gap / (DATE_WINDOW_DAYS + 1)
    else:
        s_date = 0.5
    if _conflict(f, g):
        return 0.0
    d = None if (f.coarse or g.coarse) else _distance(f, g)
    s_place = 0.5 if d is None else (1.0 if d <= NEAR_KM else 0.5)
    s_actors = len(f.parts & g.parts) / len(f.parts | g.parts) if f.parts and g.parts else 0.5
    s_text = fuzz.token_set_ratio(f.text, g.text) / 100.0 if f.text and g.text else 0.0
    if not (f.own_day and g.own_day) and s_text < MIN_TEXT_UNDATED:
        return 0.0
    return (WEIGHTS["date"] * s_date + WEIGHTS["place"] * s_place + WEIGHTS["actors"] * s_actors
            + WEIGHTS["text"] * s_text)


def similarity(a: EventView, b: EventView) -> float:
    """Score in 0..1 that two reports tell the same event (0 when they cannot: other type or
    polarity, days further apart than DATE_WINDOW_DAYS, places further apart than PLACE_FAR_KM)."""
    return _score(_feat(a), _feat(b))


# -- blocking -------------------------------------------------------------------------------------
def candidate_pairs(events: Sequence[EventView]) -> Iterable[tuple[int, int]]:
    """Index pairs worth scoring: same type and polarity, days within the window (dated reports), or
    same place / shared participant (undated reports). Each pair is yielded once."""
    dated: dict[tuple[str, bool, bool], dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    undated: list[int] = []
    for i, ev in enumerate(events):
        day = ev.day()
        if day is None:
            undated.append(i)
        else:
            dated[(ev.type, ev.negated, ev.hypothetical)][day.toordinal()].append(i)
    for by_day in dated.values():
        for day, members in by_day.items():
            window = list(members)
            for later in range(day + 1, day + DATE_WINDOW_DAYS + 1):
                window_later = by_day.get(later)
                if window_later:
                    yield from _cross(events, members, window_later)
            yield from _within(events, window)
    yield from _undated_pairs(events, undated)


def _within(events: Sequence[EventView], idx: list[int]) -> Iterable[tuple[int, int]]:
    if len(idx) <= MAX_BLOCK:
        for x in range(len(idx)):
            for y in range(x + 1, len(idx)):
                yield idx[x], idx[y]
        return
    by_place, unknown = _split_by_place(events, idx)
    for group in by_place.values():
        yield from _within(events, group) if len(group) <= MAX_BLOCK else _window(events, group)
        yield from _cross(events, group, unknown) if len(unknown) <= MAX_BLOCK else ()
    if len(by_place) and len(unknown) > MAX_BLOCK:
        log.warning("a block of %d reports without place was too big to compare; left apart", len(unknown))


def _cross(events: Sequence[EventView], left: list[int], right: list[int]) -> Iterable[tuple[int, int]]:
    if len(left) * len(right) <= MAX_BLOCK * MAX_BLOCK:
        for i in left:
            for j in right:
                yield i, j
        return
    lp, lu = _split_by_place(events, left)
    rp, ru = _split_by_place(events, right)
    for key, group in lp.items():
        same = rp.get(key, [])
        if len(group) * len(same) > MAX_BLOCK * MAX_BLOCK:  # one place crowded on both days
            on_left = set(group)
            yield from ((i, j) if i in on_left else (j, i) for i, j in _window(events, group + same)
                        if (i in on_left) != (j in on_left))
            same = []
        for i in group:
            for j in same + ru:
                yield i, j
    for i in lu:
        for j in right:
            yield i, j


def _window(events: Sequence[EventView], idx: list[int]) -> Iterable[tuple[int, int]]:
    """Sorted neighbourhood: each report against the WINDOW reports after it in (participants, text)
    order (ties in index order, so the same block always gives the same pairs)."""
    order = sorted(idx, key=lambda i: (sorted(events[i].participants()), _WS.sub(" ", events[i].text.lower()), i))
    for x, i in enumerate(order):
        for j in order[x + 1:x + 1 + WINDOW]:
            yield i, j


def block_pairs(events: Sequence[EventView], left: list[int], right: list[int] | None = None
                ) -> Iterable[tuple[int, int]]:
    """Candidate pairs inside one (type, polarity, day) block (``right`` None) or between two blocks of
    days within the window: what :func:`candidate_pairs` yields for them, for an incremental re-run."""
    return _within(events, left) if right is None else _cross(events, left, right)


def undated_pairs(events: Sequence[EventView], idx: list[int]) -> Iterable[tuple[int, int]]:
    """Candidate pairs among the undated reports ``idx`` (same place or shared participant)."""
    return _undated_pairs(events, idx)


def _split_by_place(events: Sequence[EventView], idx: list[int]) -> tuple[dict[str, list[int]], list[int]]:
    by_place: dict[str, list[int]] = defaultdict(list)
    unknown: list[int] = []
    for i in idx:
        key = events[i].place_key()
        (by_place[key].append(i) if key else unknown.append(i))
    return by_place, unknown


def _undated_pairs(events: Sequence[EventView], idx: list[int]) -> Iterable[tuple[int, int]]:
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i in idx:
        ev = events[i]
        base = (ev.type, ev.negated, ev.hypothetical)
        if ev.place_key():
            blocks[base + ("place", ev.place_key())].append(i)
        for actor in ev.participants():
            blocks[base + ("actor", actor)].append(i)
    seen: set[tuple[int, int]] = set()
    for key, members in blocks.items():
        if len(members) > MAX_UNDATED_BLOCK:
            log.info("undated block %s has %d reports: left unclustered", key[3:], len(members))
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                pair = (members[x], members[y])
                if pair not in seen:
                    seen.add(pair)
                    yield pair


# -- merging --------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Group:
    members: list[int]
    first: date | None
    last: date | None
    places: list[_Feat] = field(default_factory=list)  # members with a known place


def _merge_allowed(g: _Group, h: _Group) -> bool:
    days = [d for d in (g.first, g.last, h.first, h.last) if d is not None]
    if days and (max(days) - min(days)).days > MAX_SPAN_DAYS:
        return False
    return not any(_conflict(a, b) for a in g.places for b in h.places)


def _linked(g: _Group, h: _Group, feats: list[_Feat], known: dict[tuple[int, int], float],
            threshold: float) -> bool:
    """Average linkage: two groups merge only when their reports are similar on average, not through
    one good pair (report A like B, B like C, but A unlike C)."""
    if len(g.members) == 1 and len(h.members) == 1:
        return True
    total = 0.0
    for i in g.members:
        for j in h.members:
            key = (i, j) if i < j else (j, i)
            s = known.get(key)
            if s is None:
                s = known[key] = _score(feats[key[0]], feats[key[1]])
            total += s
    return total / (len(g.members) * len(h.members)) >= threshold


def score_pairs(events: Sequence[EventView], pairs: Iterable[tuple[int, int]],
                threshold: float = MERGE_THRESHOLD, feats: list[_Feat] | None = None) -> dict[tuple[int, int], float]:
    """Scores of the candidate pairs that reach ``threshold``, keyed (i, j) with i < j."""
    feats = feats if feats is not None else [_feat(ev) for ev in events]
    out: dict[tuple[int, int], float] = {}
    for i, j in pairs:
        key = (i, j) if i < j else (j, i)
        if key in out:
            continue
        s = _score(feats[key[0]], feats[key[1]])
        if s >= threshold:
            out[key] = s
    return out


def cluster_indices(events: Sequence[EventView], threshold: float = MERGE_THRESHOLD) -> list[list[int]]:
    """Clusters as lists of indices into ``events`` (every index in exactly one cluster)."""
    feats = [_feat(ev) for ev in events]
    return merge_scored(events, score_pairs(events, candidate_pairs(events), threshold, feats), threshold, feats)


def merge_scored(events: Sequence[EventView], pair_scores: dict[tuple[int, int], float],
                 threshold: float = MERGE_THRESHOLD, feats: list[_Feat] | None = None) -> list[list[int]]:
    """Best-first merging along the scored pairs (i < j, each >= threshold). Merges happen only along
    scored pairs, so the result on a set of reports closed under those pairs (a union of connected
    components) equals the result on the whole store restricted to it: what an incremental
    consolidation relies on (ties are broken by position, and a subset keeps the store's order)."""
    feats = feats if feats is not None else [_feat(ev) for ev in events]
    scored = sorted(((s, i, j) for (i, j), s in pair_scores.items()), key=lambda t: (-t[0], t[1], t[2]))
    pair_scores = dict(pair_scores)  # _linked caches further scores in it
    parent = list(range(len(events)))
    groups: dict[int, _Group] = {}
    for i, f in enumerate(feats):
        day = date.fromordinal(f.day) if f.day is not None else None
        known = f.key is not None or f.name is not None or f.lat is not None
        groups[i] = _Group([i], day, day, [f] if known else [])

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _, i, j in scored:
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        g, h = groups[ri], groups[rj]
        if not _merge_allowed(g, h) or not _linked(g, h, feats, pair_scores, threshold):
            continue
        if len(g.members) < len(h.members):
            ri, rj, g, h = rj, ri, h, g
        parent[rj] = ri
        g.members.extend(h.members)
        days = [d for d in (g.first, g.last, h.first, h.last) if d is not None]
        g.first, g.last = (min(days), max(days)) if days else (None, None)
        g.places.extend(h.places)
        del groups[rj]
    return sorted((sorted(g.members) for g in groups.values()), key=lambda m: m[0])


def cluster_events(events: Sequence[EventView]) -> list[list[str]]:
    """Pure clustering: the ids of each consolidated event's reports (singletons included).

    (ECB+ mention clustering for the evaluation harness is
    :func:`newsgraph.consolidate.mentions.cluster_mentions`.)"""
    return [[events[i].id for i in members] for members in cluster_indices(events)]
