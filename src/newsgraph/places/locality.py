"""The story's locality: where a name the gazetteer does not know most likely is (issue 13).

Local news names streets, buildings, estates and neighbourhoods ("Royal Street", "South Kilburn Estate")
that no offline gazetteer holds. Such a name is almost always in the town the story is about, so an
unresolved mention gets the point of the story's locality — the city or site the story's resolved places
name most often (ties: the first named), else the county, else the admin-1 region — with no name and no
GeoNames id of its own, precision of the locality's level and basis ``locality`` (ACLED geo_precision 2:
near a town). Measured by document-level CV on the gold spans of GWN / LGL (docs/EVALUATION.md, geo):
of the GWN toponyms without a candidate, 187 of 395 lie within 161 km of the most-named city/site.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from newsgraph.places.gazetteer import Place

# Levels tried in turn (chosen on the CV output: city/site first, then the county, then the admin-1 region,
# which on LGL adds 14 toponyms within 161 km; a country is too coarse to place a street).
LEVELS: tuple[frozenset[str], ...] = (frozenset({"city", "site"}), frozenset({"admin2"}), frozenset({"admin1"}))
BASIS = "locality"


def locality(picks: Sequence[Place | None]) -> Place | None:
    """The story's locality among the resolved places of one story (None when it names none)."""
    for kinds in LEVELS:
        found = [p for p in picks if p is not None and p.kind in kinds and p.lat is not None and p.lon is not None]
        if not found:
            continue
        counts = Counter(p.geonames_id if p.geonames_id is not None else (p.name, p.lat, p.lon) for p in found)
        top = max(counts.values())
        return next(p for p in found if counts[p.geonames_id if p.geonames_id is not None
                                               else (p.name, p.lat, p.lon)] == top)
    return None
