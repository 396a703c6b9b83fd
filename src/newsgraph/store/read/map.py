"""The map's data, binned on the server: however many events one filter (filters.py) keeps, the map
gets at most a few hundred bins, never every marker.

One query groups the filter's located events by site (exact coordinates: a town, a camp; thousands at
most, however many events) — ``sites``; the rest is arithmetic over the sites, cheap enough to redo on
every pan and zoom (the web app keeps the sites of recent filters, web/cache.py):
``bins``: the sites grouped on a grid whose cell is about CELL_PX screen pixels at the map's zoom (Web
Mercator tiles are 256 px wide at zoom 0), each bin with its event count, fatalities, centre (the
events' mean coordinates) and bounds; from POINTS_ZOOM on, one bin per site (one event links to it,
several to the list of that place's events).
``extent``: the box of the located events without the farthest EXTENT_TRIM share on each side (one stray
event abroad must not zoom the map out to the world), for the map to open on.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from newsgraph.store import schema as s
from newsgraph.store.read.events import apply_filter, public_id, with_clusters
from newsgraph.store.read.filters import EventFilter

CELL_PX = 56  # a bin's width on screen: a circle with a 4-digit count fits; 20x15 bins fill a 1280 px map
POINTS_ZOOM = 11  # town level: from here each distinct site is its own bin
MAX_ZOOM = 18
EXTENT_TRIM = 0.02  # share of located events left out on each side of the opening box
e_ = s.events.c


@dataclass(frozen=True)
class Site:
    lat: float
    lon: float
    count: int
    killed: int
    event: str  # the smallest public id among the site's events (the event itself when it is alone)
    place: str | None  # the place name when the site's events share one


def sites(conn: Connection, flt: EventFilter | None = None) -> list[Site]:
    """The located events ``flt`` keeps, grouped by exact coordinates."""
    lat, lon = e_.place_lat, e_.place_lon
    q = apply_filter(select(lat, lon, func.count().label("n"), func.sum(func.coalesce(e_.killed, 0)).label("killed"),
                            func.min(public_id()).label("event"), func.min(e_.place_name).label("p0"),
                            func.max(e_.place_name).label("p1")).select_from(with_clusters()),
                     (flt or EventFilter()).replace(place_basis="located")).group_by(lat, lon)
    return [Site(r.place_lat, r.place_lon, r.n, int(r.killed or 0), r.event, r.p0 if r.p0 == r.p1 else None)
            for r in conn.execute(q)]


def cell_degrees(zoom: int) -> float:
    """The grid's cell, in degrees, at ``zoom`` (0 = the whole world in 256 px)."""
    return CELL_PX * 360.0 / (256 * 2 ** zoom)


def bins(found: list[Site], *, zoom: int = 3, bbox: tuple[float, float, float, float] | None = None
         ) -> dict[str, Any]:
    """``{"zoom", "cell", "points", "bins": [{lat, lon, count, killed, bounds, event, place}], "total",
    "killed"}`` of the sites inside ``bbox`` (west, south, east, north; None: the world), biggest bin
    first. ``event`` is the public id when the bin holds one event; ``place`` the place name when its
    events share one."""
    zoom = max(0, min(int(zoom), MAX_ZOOM))
    points = zoom >= POINTS_ZOOM
    size = cell_degrees(zoom)
    groups: dict[tuple[float, float], list[Site]] = {}
    for site in found:
        if bbox is not None:
            west, south, east, north = bbox
            if not (south <= site.lat <= north) or (east - west < 360 and not west <= site.lon <= east):
                continue
        key = ((site.lon, site.lat) if points else
               (math.floor((site.lon + 180.0) / size), math.floor((site.lat + 90.0) / size)))
        groups.setdefault(key, []).append(site)
    out = []
    for group in groups.values():
        n = sum(x.count for x in group)
        names = {x.place for x in group}
        out.append({"lat": sum(x.lat * x.count for x in group) / n, "lon": sum(x.lon * x.count for x in group) / n,
                    "count": n, "killed": sum(x.killed for x in group),
                    "bounds": [[min(x.lat for x in group), min(x.lon for x in group)],
                               [max(x.lat for x in group), max(x.lon for x in group)]],
                    "event": group[0].event if n == 1 else None,
                    "place": names.pop() if len(names) == 1 else None})
    out.sort(key=lambda b: (-b["count"], b["lat"], b["lon"]))
    return {"zoom": zoom, "cell": None if points else size, "points": points, "bins": out,
            "total": sum(b["count"] for b in out), "killed": sum(b["killed"] for b in out)}


def _quantile(values: list[tuple[float, int]], share: float) -> float:
    """The value below which ``share`` of the weight lies (values: (value, weight), sorted)."""
    goal, acc = share * sum(w for _, w in values), 0
    for v, w in values:
        acc += w
        if acc > goal:
            return v
    return values[-1][0]


def extent(found: list[Site]) -> list[list[float]] | None:
    """[[south, west], [north, east]] of the sites' events, trimmed (see the module docstring)."""
    if not found:
        return None
    n = sum(x.count for x in found)
    trim = EXTENT_TRIM if n >= 50 else 0.0
    lats = sorted((x.lat, x.count) for x in found)
    lons = sorted((x.lon, x.count) for x in found)
    return [[_quantile(lats, trim), _quantile(lons, trim)],
            [_quantile(lats, 1 - trim) if trim else lats[-1][0], _quantile(lons, 1 - trim) if trim else lons[-1][0]]]
