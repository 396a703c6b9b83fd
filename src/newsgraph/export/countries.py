"""Country names, ISO numeric codes and ACLED regions by ISO 3166-1 alpha-2 (``data/acled_countries.tsv``,
pycountry where the table has no row): what the JSONL ``place.country_name`` and the ACLED CSV print."""
from __future__ import annotations

from functools import lru_cache

import pycountry

from newsgraph.lexicon import read_tsv


@lru_cache(maxsize=1)
def countries() -> dict[str, dict[str, str]]:
    """ISO alpha-2 -> {region, country, iso_numeric} (data/acled_countries.tsv)."""
    return {r["iso2"]: r for r in read_tsv("newsgraph.export", "data/acled_countries.tsv",
                                            ("iso2", "region", "country", "iso_numeric", "reason"))}


def iso_numeric(iso2: str | None) -> int | None:
    if not iso2:
        return None
    row = countries().get(iso2)
    if row and row["iso_numeric"]:
        return int(row["iso_numeric"])
    c = pycountry.countries.get(alpha_2=iso2)
    return int(c.numeric) if c else None


def country_name(iso2: str | None) -> str | None:
    """ACLED's spelling of the country (data/acled_countries.tsv), else pycountry's name, else None."""
    if not iso2:
        return None
    row = countries().get(iso2)
    if row:
        return row["country"]
    c = pycountry.countries.get(alpha_2=iso2)
    return (getattr(c, "common_name", None) or c.name) if c else None
