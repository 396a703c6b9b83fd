"""Places stage: find place names in an article and resolve them to gazetteer records (geoparsing).

Resolution uses the document before it uses population, because a news story is about somewhere:
1. an explicit qualifier ("Tripoli, Lebanon", "Paris, Texas", a dateline "TRIPOLI, LIBYA —") filters the
   candidates;
2. the story focus — the countries (and US states) that the document names, that its demonyms point to
   ("Libyan forces") and that its other, provisionally resolved places fall in — adds to a candidate's score
   in proportion to that country's share of the document;
3. feature type (a country, continent or US state beats a village homonym; a capital beats other towns);
4. population (log scale) breaks what is left.
An unresolvable span still yields a PlaceMention (name None, precision "unknown"), never an error.
"""
from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from newsgraph.ids import place_key as normalize
from newsgraph.places import precision as geo_precision
from newsgraph.places import ranker, variants
from newsgraph.places.component import EXTENSION, detect_doc_spans
from newsgraph.places.demonyms import demonym_country, demonym_place
from newsgraph.places.features import Mention, prior
from newsgraph.places.gazetteer import Gazetteer, Place, load_gazetteer, strip_article
from newsgraph.places.groups import is_group_word
from newsgraph.places.locality import BASIS as LOCALITY_BASIS
from newsgraph.places.locality import locality
from newsgraph.places.trees import Trees
from newsgraph.records import Article, Evidence, PlaceMention
from newsgraph.syntax import doc_text

log = logging.getLogger(__name__)

# Scoring weights. Chosen by hand from the order the rules must win in (qualifier > document focus >
# feature type > population), then checked, not fitted, on GeoWebNews/LGL (see the report for numbers).
# Population per decade, capital, curated-addition and main-name bonuses are features.prior's (a 1.3M city
# beats a 26k town by ~1.7 points; a curated addition is worth a ~10k-town prior); only the kinds differ.
W_FOCUS = 6.0  # times the candidate country's share of the document's place evidence
W_ADMIN1_FOCUS = 3.0  # times the candidate admin-1's share (US states in local news)
KIND_BONUS = {"country": 4.0, "continent": 4.0, "region": 1.0, "admin1": 1.0, "admin2": 1.0, "site": 3.0, "city": 0.0}
EXPLICIT_COUNTRY_WEIGHT = 2.0  # a country named outright counts double in the focus
DEMONYM_WEIGHT = 1.0  # "Libyan" counts like one more place in Libya
SPREAD_OF_FOCUS_CONFIDENCE = 2.0  # softmax temperature over scores for the reported confidence
FOCUS_ROUNDS = 2  # vote with prior picks, then once more with the focus-aware picks
GENERIC_SUFFIXES = ("province", "governorate", "region", "district", "city", "state", "county", "area")
_QUALIFIER = re.compile(r"\s*(?:,|\()\s*([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})")
# issue 13: what a resident word ("Ohioans") or a part of a longer name ("Bank of Japan") may resolve to;
# 100,000 people keeps "State" (a hamlet) and "University" out of "Colorado State University".
NOTABLE_KINDS = frozenset({"country", "admin1", "continent", "region"})
NOTABLE_CITY_POPULATION = 100_000
_CAPWORD = re.compile(r"\b[A-Z][a-z]{3,}\b")
_PRECISION = {"country": "country", "continent": "region", "region": "region", "admin1": "region",
              "admin2": "region", "city": "city", "site": "site"}


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    surface: str
    key: str  # normalised cleaned surface
    candidates: list[Place]
    qualified: bool = False


def _gaz() -> Gazetteer:
    return load_gazetteer()


def _clean_surface(surface: str) -> str:
    surface = re.sub(r"^(?:the|The)\s+", "", surface.strip())
    surface = re.sub(r"(?:'s|’s|'|’)$", "", surface)
    return surface.strip(" ,.;:\"“”")


def _candidates(gaz: Gazetteer, surface: str) -> list[Place]:
    words = surface.split()
    if is_group_word(surface):
        return []
    demonym = demonym_place(surface) if len(words) <= 2 else None
    if demonym is not None:
        return [demonym]
    found = gaz.lookup(surface)
    if found:
        return found
    if len(words) > 1 and words[-1].lower() in GENERIC_SUFFIXES:
        return gaz.lookup(" ".join(words[:-1]))
    return []


def _qualifier(gaz: Gazetteer, text: str, end: int) -> tuple[set[str], set[tuple[str, str]]]:
    """Countries / (country, admin1) named right after a span: "Tripoli, Lebanon", "Paris, Texas"."""
    m = _QUALIFIER.match(text, end)
    if not m:
        return set(), set()
    countries: set[str] = set()
    admins: set[tuple[str, str]] = set()
    words = re.sub(r"(?:'s|’s)$", "", m.group(1).rstrip(",")).split()
    found: list[Place] = []
    for n in range(len(words), 0, -1):  # "Paris, Texas Governor ..." -> "Texas"
        # issue 13: "Huntsville, Ala." through the curated abbreviations (data/aliases.tsv)
        found = gaz.curated_lookup(" ".join(words[:n])) or gaz.lookup(" ".join(words[:n]))
        if found:
            break
    for cand in found:
        if cand.kind == "country" and cand.country:
            countries.add(cand.country)
        elif cand.kind in ("region", "admin1") and cand.country and cand.admin1_code:
            admins.add((cand.country, cand.admin1_code))
    return countries, admins


def _prior(place: Place, surface_key: str) -> float:
    return prior(place, surface_key, KIND_BONUS)


def _demonym_votes(text: str) -> Counter:
    """Countries the document's nationality words point to ("Libyan forces" -> LY)."""
    votes: Counter = Counter()
    for word in set(_CAPWORD.findall(text)):
        iso = demonym_country(word)
        if iso:
            votes[iso] += DEMONYM_WEIGHT * text.count(word)
    return votes


@dataclass(slots=True)
class _Votes:
    """The document's focus: votes per country and per (country, admin-1), and what each surface gave.

    A surface's own votes are left out when its mentions are scored, so that five "Paris" in a story about
    Paris, Illinois do not vote themselves into France.
    """

    countries: Counter
    admins: Counter
    by_surface: dict[str, tuple[Counter, Counter]]

    def focus(self, place: Place, key: str) -> tuple[float, float]:
        own_c, own_a = self.by_surface.get(key, (Counter(), Counter()))
        total_c = sum(self.countries.values()) - sum(own_c.values())
        total_a = sum(self.admins.values()) - sum(own_a.values())
        share_c = share_a = 0.0
        if place.country and total_c > 0:
            share_c = (self.countries[place.country] - own_c[place.country]) / total_c
        if place.country and place.admin1_code and total_a > 0:
            admin = (place.country, place.admin1_code)
            share_a = (self.admins[admin] - own_a[admin]) / total_a
        return share_c, share_a


def _votes(spans: list[_Span], picks: list[Place | None], demonyms: Counter) -> _Votes:
    countries: Counter = Counter(demonyms)
    admins: Counter = Counter()
    by_surface: dict[str, tuple[Counter, Counter]] = {}
    for span, pick in zip(spans, picks):
        if pick is None or pick.country is None:
            continue
        own_c, own_a = by_surface.setdefault(span.key, (Counter(), Counter()))
        weight = EXPLICIT_COUNTRY_WEIGHT if pick.kind == "country" else 1.0
        countries[pick.country] += weight
        own_c[pick.country] += weight
        if pick.admin1_code and pick.kind != "country":
            admins[(pick.country, pick.admin1_code)] += 1.0
            own_a[(pick.country, pick.admin1_code)] += 1.0
    return _Votes(countries, admins, by_surface)


def _score(place: Place, key: str, votes: _Votes) -> float:
    share_c, share_a = votes.focus(place, key)
    return _prior(place, key) + W_FOCUS * share_c + W_ADMIN1_FOCUS * share_a


def _mention(article_id: str, span: _Span, place: Place | None, confidence: float) -> PlaceMention:
    evidence = Evidence(article_id, span.start, span.end)
    if place is None:
        return PlaceMention(evidence, span.surface, None, None, None, None, None, None, "unknown", 0.0)
    return PlaceMention(
        evidence, span.surface, place.name, place.country, place.admin1, place.lat, place.lon,
        place.geonames_id, _PRECISION.get(place.kind, "unknown"), round(confidence, 3),
    )


def resolve(text: str, spans: list[tuple[int, int]], article_id: str = "") -> list[PlaceMention]:
    """Resolve place spans of one document together (each span's context is the whole document)."""
    # --- issue 13: the learned ranker (places/ranker.py); the fixed scores below are its fallback
    ranked = resolve_ranked(text, spans, article_id)
    if ranked is not None:
        return ranked
    # --- end issue 13
    gaz = _gaz()
    items: list[_Span] = []
    for start, end in spans:
        surface = text[start:end]
        clean = _clean_surface(surface)
        cands = _candidates(gaz, clean)
        qualified = False
        q_countries, q_admins = _qualifier(gaz, text, end)
        if cands and (q_countries or q_admins) and not any(c.kind == "country" for c in cands):
            narrowed = [c for c in cands if c.country in q_countries or (c.country, c.admin1_code) in q_admins]
            if narrowed:
                cands, qualified = narrowed, True
        items.append(_Span(start, end, surface, normalize(clean), cands, qualified))
    demonyms = _demonym_votes(text)
    picks: list[Place | None] = [max(s.candidates, key=lambda p: _prior(p, s.key)) if s.candidates else None
                                 for s in items]
    scored: list[list[tuple[float, Place]]] = []
    for _ in range(FOCUS_ROUNDS):
        votes = _votes(items, picks, demonyms)
        scored = [sorted(((_score(p, s.key, votes), p) for p in s.candidates), key=lambda sp: -sp[0])
                  for s in items]
        picks = [ranked[0][1] if ranked else None for ranked in scored]
    out: list[PlaceMention] = []
    for span, ranked in zip(items, scored):
        if not ranked:
            out.append(_mention(article_id, span, None, 0.0))
            continue
        top = ranked[0][0]
        mass = sum(math.exp((sc - top) / SPREAD_OF_FOCUS_CONFIDENCE) for sc, _ in ranked)
        out.append(_mention(article_id, span, ranked[0][1], 1.0 / mass))
    return out


# --- issue 13: resolution with the learned ranker ---------------------------------------------------------
# Candidates come from the gazetteer's alias index, each with how it matched (the record's own name, an
# alternate name, an article-insensitive key, the name without a generic suffix such as "Province", or a
# demonym pointing to its country). A qualifier right after the span ("Tripoli, Lebanon", "Paris, Texas")
# narrows the candidates to the places it names, when any do.
# issue 13: a name without any gazetteer candidate gets the story's locality (places/locality.py); measured
# by CV on GWN / LGL, docs/EVALUATION.md (geo)
LOCALITY_FALLBACK = True
# What a mention of a record of each kind tells (PlaceMention.precision, a public value).
LEARNED_PRECISION = {"country": "country", "continent": "region", "region": "region", "admin1": "region",
             "admin2": "region", "city": "city", "site": "site"}


def candidates(gaz: Gazetteer, surface: str, written: str | None = None) -> tuple[list[Place], list[str]]:
    """Candidate records of a cleaned surface and how each matched (features.MATCHES); ``written`` is the
    span as written (dots kept) for the curated abbreviations of data/aliases.tsv."""
    words = surface.split()
    demonym = demonym_place(surface) if len(words) <= 2 else None
    if demonym is not None:
        return [demonym], ["demonym"]
    curated = gaz.curated_lookup(written if written is not None else surface) or gaz.curated_lookup(surface)
    key = normalize(surface)
    hits = gaz.index.get(key)
    if hits or curated:
        places = curated + [p for p in (gaz.places[i] for i in hits or ()) if p not in curated]
        return places, ["alias" if p in curated or normalize(p.name) != key else "name" for p in places]
    bare = strip_article(key)
    hits = (gaz.index.get(bare) if bare else None) or gaz.weak.get(key)
    if hits:
        places = [gaz.places[i] for i in hits]
        return places, ["weak"] * len(places)
    if len(words) > 1 and words[-1].lower() in GENERIC_SUFFIXES:
        places = gaz.lookup(" ".join(words[:-1]))
        if places:
            return places, ["suffix"] * len(places)
    return _second_chance(gaz, surface)


def _second_chance(gaz: Gazetteer, surface: str) -> tuple[list[Place], list[str]]:
    """issue 13: spelling variants, resident words, a place inside a longer name (places/variants.py)."""
    for variant in variants.spelling_variants(surface):
        places = gaz.curated_lookup(variant) or gaz.lookup(variant)
        if places:
            return places, ["weak"] * len(places)
    for stem in variants.resident_stems(surface):
        places = [p for p in _named(gaz, stem) if _notable(p)]
        if places:
            best = max(places, key=lambda p: (p.kind != "city", p.population))
            return [best], ["demonym"]
    for part in variants.name_parts(surface):
        places = [p for p in _named(gaz, part) if _notable(p)]
        if places:
            return places, ["part"] * len(places)
    return [], []


def _named(gaz: Gazetteer, name: str) -> list[Place]:
    """Records whose own name (or a curated alias) is ``name``: a stem or a part of a longer name must not
    reach a place through one of its many alternate names ("Cana" -> Canada, "Island" -> Iceland)."""
    key = normalize(name)
    return gaz.curated_lookup(name) or [p for p in gaz.lookup(name) if normalize(p.name) == key
                                        or (p.kind == "country" and len(key) > 3)]


def _notable(place: Place) -> bool:
    """What a resident word or a part of a longer name may point to: a country, region or big city."""
    return place.kind in NOTABLE_KINDS or (place.kind == "city" and place.population >= NOTABLE_CITY_POPULATION)


@lru_cache(maxsize=65_536)
def _shared_candidates(clean: str, written: str) -> tuple[tuple[Place, ...], tuple[str, ...]]:
    """candidates() over the shared gazetteer, cached by surface (names recur across stories: speed)."""
    cands, matches = candidates(load_gazetteer(), clean, written)
    return tuple(cands), tuple(matches)


def mentions_for(text: str, spans: Sequence[tuple[int, int]], gaz: Gazetteer | None = None) -> list[Mention]:
    shared = gaz is None or gaz is load_gazetteer()
    gaz = gaz or load_gazetteer()
    out: list[Mention] = []
    for start, end in spans:
        surface = text[start:end]
        clean = _clean_surface(surface)
        if shared:
            found, how = _shared_candidates(clean, surface.strip())
            cands, matches = list(found), list(how)
        else:
            cands, matches = candidates(gaz, clean, surface.strip())
        q_countries, q_admins = _qualifier(gaz, text, end)
        if is_group_word(clean) and not (q_countries or q_admins):
            # issue 13: "Christian", "Sunni", "Kurds" name a group, not where it is (data/group_words.tsv):
            # no candidate, and no locality either; kept out of the store like a demonym ("Arab, Ala." stays)
            out.append(Mention(start, end, surface, normalize(clean), [], [], set(), set(), True))
            continue
        if cands and (q_countries or q_admins) and not any(c.kind == "country" for c in cands):
            keep = [i for i, c in enumerate(cands)
                    if c.country in q_countries or (c.country, c.admin1_code) in q_admins]
            if keep:
                cands, matches = [cands[i] for i in keep], [matches[i] for i in keep]
            else:
                q_countries, q_admins = set(), set()
        out.append(Mention(start, end, surface, normalize(clean), cands, matches, q_countries, q_admins,
                           matches[:1] == ["demonym"]))
    return out


def place_mention(article_id: str, m: Mention, place: Place | None, confidence: float, text: str = "") -> PlaceMention:
    evidence = Evidence(article_id, m.start, m.end)
    if place is None:
        return PlaceMention(evidence, m.surface, None, None, None, None, None, None, "unknown", 0.0,
                            "demonym" if m.demonym else "at")
    precision = LEARNED_PRECISION.get(place.kind, "unknown")
    return PlaceMention(evidence, m.surface, place.name, place.country, place.admin1, place.lat, place.lon,
                        place.geonames_id, precision, round(confidence, 3),
                        geo_precision.basis(text, m.start, precision, m.demonym))


def resolve_ranked(text: str, spans: Sequence[tuple[int, int]], article_id: str = "",
                   trees: Trees | None = None) -> list[PlaceMention] | None:
    """Resolve spans with the ranker; None when no ranker model is installed (the caller falls back)."""
    if trees is None and ranker.model() is None:
        return None
    mentions = mentions_for(text, spans)
    ranked = ranker.rank(text, mentions, _demonym_votes(text), trees)
    if ranked is None:
        return None
    picks = [m.candidates[r.index] if r.index is not None else None for m, r in zip(mentions, ranked)]
    out = [place_mention(article_id, m, p, r.confidence, text) for m, p, r in zip(mentions, picks, ranked)]
    if LOCALITY_FALLBACK:
        home = locality(picks)
        if home is not None:
            out = [locality_mention(pm, home) if not m.candidates and not m.demonym else pm
                   for m, pm in zip(mentions, out)]
    return out


def locality_mention(pm: PlaceMention, home: Place) -> PlaceMention:
    """A name the gazetteer lacks, placed at the story's locality (places/locality.py): no name or id of
    its own, the locality's country, admin-1 and point, basis "locality"."""
    return PlaceMention(pm.evidence, pm.text, None, home.country, home.admin1, home.lat, home.lon, None,
                        LEARNED_PRECISION.get(home.kind, "unknown"), 0.0, LOCALITY_BASIS)
# --- end issue 13


def extract_places(doc: Doc, article: Article) -> list[PlaceMention]:
    """Detection + resolution for one parsed article; falls back to entities when the component is absent."""
    found = doc._.get(EXTENSION) if Doc.has_extension(EXTENSION) else None
    spans = found if found is not None else detect_doc_spans(doc)
    # issue 13: demonyms ("Libyan forces") are toponyms to the detector and vote for their country, but
    # they are not where anything happens: they stay out of the store
    return [m for m in resolve(doc_text(doc), list(spans), article.id) if m.basis != "demonym"]
