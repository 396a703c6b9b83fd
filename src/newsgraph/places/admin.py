"""The admin-points table (data/admin_points.tsv): countries, admin-1 regions and US counties with their
GeoNames ids, names and published points (see tools/build_admin_points.py for the sources)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newsgraph.lexicon import parse_tsv

DATA_FILE = "admin_points.tsv"
# GeoNames' own points for rows whose published point lies far from the GeoNames record's (curated; see the file)
POINTS_FILE = "geonames_points.tsv"
POINT_SOURCE_GEONAMES = "geonames record point"


@dataclass(frozen=True, slots=True)
class AdminRow:
    kind: str  # country, admin1, admin2
    geonames_id: int
    country: str
    admin1_code: str | None
    admin2_code: str | None
    iso3166_2: str | None
    name: str
    lat: float | None
    lon: float | None
    population: int
    point_source: str | None
    aliases: tuple[str, ...]


def _text(name: str = DATA_FILE) -> str:
    return resources.files("newsgraph.places.data").joinpath(name).read_text(encoding="utf-8")


def fingerprint() -> str:
    """Short hash of the tables: part of the gazetteer cache key, so a regenerated table rebuilds it."""
    return hashlib.sha1((_text() + _text(POINTS_FILE)).encode("utf-8")).hexdigest()[:10]


@lru_cache(maxsize=1)
def geonames_points() -> dict[int, tuple[float, float]]:
    """GeoNames id -> the GeoNames record's own (lat, lon), for the rows the curated file corrects."""
    rows = parse_tsv(_text(POINTS_FILE), ("geonames_id", "name", "lat", "lon", "reason"),
                     f"newsgraph.places.data:{POINTS_FILE}")
    return {int(r["geonames_id"]): (float(r["lat"]), float(r["lon"])) for r in rows}


COLUMNS = ("kind", "geonames_id", "country", "admin1_code", "admin2_code", "iso3166_2", "name", "lat", "lon",
           "population", "point_source", "aliases", "source")


@lru_cache(maxsize=1)
def admin_rows() -> tuple[AdminRow, ...]:
    out = []
    fixed = geonames_points()
    for r in parse_tsv(_text(), COLUMNS, f"newsgraph.places.data:{DATA_FILE}"):
        gid = int(r["geonames_id"])
        lat, lon = (float(r["lat"]) if r["lat"] else None), (float(r["lon"]) if r["lon"] else None)
        source = r["point_source"] or None
        if gid in fixed:
            (lat, lon), source = fixed[gid], POINT_SOURCE_GEONAMES
        out.append(AdminRow(
            r["kind"], gid, r["country"], r["admin1_code"] or None, r["admin2_code"] or None,
            r["iso3166_2"] or None, r["name"], lat, lon, int(r["population"] or 0), source,
            tuple(a for a in (r["aliases"] or "").split("|") if a)))
    return tuple(out)


@lru_cache(maxsize=1)
def admin1_names() -> dict[tuple[str, str], str]:
    """(ISO2, GeoNames admin-1 code) -> admin-1 name: ("LY", "77") -> "Ţarābulus", ("US", "TX") -> "Texas"."""
    return {(r.country, r.admin1_code): r.name for r in admin_rows() if r.kind == "admin1" and r.admin1_code}
