"""Reader for geoparsing gold: GeoWebNews (GWN.xml), LGL (lgl.xml) and relatives of the same family.

Three schemas are accepted, element by element: GWN's ``<toponym>`` with ``extractedName``/``start``/
``end``/``geonamesID``/``latitude``/``longitude``; LGL's ``<toponym>`` with ``phrase`` and a
``<gaztag geonameid=..>`` holding ``lat``/``lon``; and a ``<location>`` variant without GeoNames ids.
Offsets are checked against the text: 1-based offsets and offsets shifted by a few characters are
repaired (and counted), anything else is skipped with a reason.
"""
from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from newsgraph.evaluation.gold import ReadReport

log = logging.getLogger(__name__)

# Largest offset shift we repair by searching the phrase nearby. The README reports "a few
# characters"; 40 still keeps the nearest occurrence unambiguous in news text.
MAX_SHIFT = 40

NAME_TAGS = ("extractedName", "phrase", "name", "text", "toponym")
LAT_TAGS = ("latitude", "lat")
LON_TAGS = ("longitude", "lon", "lng", "long")
ID_TAGS = ("geonamesID", "geonameid", "geonameId", "geonames_id")


@dataclass(slots=True)
class GoldToponym:
    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None
    geonames_id: int | None
    kind: str | None = None  # GWN type (Literal, Associative, ...) where given


@dataclass(slots=True)
class GeoDoc:
    id: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)


def read_geo(path: str | Path, *, limit: int | None = None) -> tuple[list[GeoDoc], ReadReport]:
    """Read one geoparsing XML file into documents with verified toponym offsets."""
    report = ReadReport()
    root = ET.parse(path).getroot()
    docs: list[GeoDoc] = []
    for i, art in enumerate(root.iter("article")):
        if limit is not None and len(docs) >= limit:
            break
        text_el = art.find("text")
        if text_el is None or text_el.text is None:
            report.skip("article without text")
            continue
        text = text_el.text
        doc_id = art.get("docid") or art.get("file") or art.get("id") or str(i)
        doc = GeoDoc(doc_id, text)
        for el in list(art.iter("toponym")) + list(art.iter("location")):
            if el.find("toponym") is not None:  # a container, not a toponym
                continue
            top = _toponym(el, text, report)
            if top is not None:
                doc.toponyms.append(top)
                report.read += 1
        docs.append(doc)
    return docs, report


def _field(el: ET.Element, names: tuple[str, ...]) -> str | None:
    """A value from an attribute or child element of ``el`` or of its ``gaztag`` child."""
    for node in (el, el.find("gaztag")):
        if node is None:
            continue
        for n in names:
            if node.get(n) not in (None, ""):
                return node.get(n)
            child = node.find(n)
            if child is not None and child.text and child.text.strip():
                return child.text.strip()
    return None


def _toponym(el: ET.Element, text: str, report: ReadReport) -> GoldToponym | None:
    name = _field(el, NAME_TAGS)
    if name is None and el.text and el.text.strip():
        name = el.text.strip()
    start_s, end_s = _field(el, ("start", "begin")), _field(el, ("end",))
    if name is None or start_s is None or end_s is None:
        report.skip("toponym without name or offsets")
        return None
    try:
        start, end = int(start_s), int(end_s)
    except ValueError:
        report.skip("non-integer offset")
        return None
    located = locate(text, name, start, end, report)
    if located is None:
        return None
    start, end = located
    lat_s, lon_s, id_s = _field(el, LAT_TAGS), _field(el, LON_TAGS), _field(el, ID_TAGS)
    try:
        lat = float(lat_s) if lat_s else None
        lon = float(lon_s) if lon_s else None
    except ValueError:
        report.skip("bad coordinates")
        return None
    gid = int(id_s) if id_s and id_s.lstrip("-").isdigit() else None
    kind_el = el.find("type")
    return GoldToponym(start, end, text[start:end], lat, lon, gid,
                       kind_el.text if kind_el is not None else None)


def locate(text: str, name: str, start: int, end: int, report: ReadReport) -> tuple[int, int] | None:
    """Check (start, end) against ``name`` and repair 1-based or slightly shifted offsets."""
    if start < 0 or end < start:
        report.skip("negative or inverted offsets")
        return None
    if text[start:end] == name:
        return start, end
    if start >= 1 and text[start - 1:end - 1] == name:
        report.repair("1-based offsets")
        return start - 1, end - 1
    if text[start:start + len(name)] == name:
        report.repair("end offset disagrees with name")
        return start, start + len(name)
    lo = max(0, start - MAX_SHIFT)
    window = text[lo:start + len(name) + MAX_SHIFT]
    hits = [lo + k for k in _find_all(window, name)]
    if hits:
        best = min(hits, key=lambda h: abs(h - start))
        report.repair("shifted offsets")
        return best, best + len(name)
    report.skip("offsets do not match the name")
    return None


def _find_all(hay: str, needle: str) -> list[int]:
    out, k = [], hay.find(needle)
    while k >= 0:
        out.append(k)
        k = hay.find(needle, k + 1)
    return out
