"""TSV export in the style of GDELT's event table: ``events.tsv``, one row per event, with GDELT's
column names where the meaning matches, so scripts written for GDELT 2.0 event files read it with few
changes.

Differences from GDELT, on purpose:
- ``GLOBALEVENTID`` is our stable event id (a hash), not a number.
- ``SQLDATE`` (YYYYMMDD) is filled only for day-precise dates; ``Date`` (ISO, as precise as the text)
  and ``DatePrecision`` always say what is known. No date is borrowed from the article.
- Country codes are ISO 3166-1 alpha-2 (GDELT writes CAMEO/FIPS codes); ``Actor1Code`` is our actor id.
- Only ``EventRootCode`` (CAMEO two-digit root, from events.cameo_root) is given: PLOVER types map to
  CAMEO roots, not to the three- and four-digit codes. ``QuadClass`` follows GDELT's root ranges.
- ``NumMentions`` counts reports (evidence sentences), ``NumSources`` distinct outlets, ``NumArticles``
  distinct articles, all over this event's reports.
- ``ActionGeo_Type`` uses GDELT's codes 1 country, 4 world city, 5 world state/region (sites count as
  cities); US-specific codes 2 and 3 are not used.
Extra columns: PLOVER type and mode, counts of killed/injured/displaced/kidnapped, flags, cluster,
confidence and the evidence offsets.
"""
from __future__ import annotations

import csv
import logging
from pathlib import Path
from typing import Any

from newsgraph.errors import Errors, StoreError
from newsgraph.events.codes import cameo_root
from newsgraph.export.csv import flat_value, own_report, write_rows
from newsgraph.export.records import Record, iter_events
from newsgraph.store.read.actors import actor_index
from newsgraph.store.read.articles import article_refs

log = logging.getLogger(__name__)

# GDELT QuadClass by CAMEO root code (GDELT 2.0 event codebook): 01-05 verbal cooperation, 06-08 material
# cooperation, 09-13 verbal conflict, 14-20 material conflict.
QUAD_RANGES = ((1, 5, 1), (6, 8, 2), (9, 13, 3), (14, 20, 4))
# GDELT ActionGeo_Type for our place precisions (codebook: 1 country, 4 world city, 5 world state).
GEO_TYPE = {"country": 1, "city": 4, "site": 4, "region": 5}

COLUMNS = ("GLOBALEVENTID", "SQLDATE", "Date", "DatePrecision", "Actor1Code", "Actor1Name",
           "Actor1CountryCode", "Actor1Type", "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type",
           "EventRootCode", "QuadClass", "PLOVER_Type", "PLOVER_Mode", "NumMentions", "NumSources",
           "NumArticles", "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1",
           "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID", "Killed", "Injured", "Displaced",
           "Kidnapped", "Negated", "Hypothetical", "Cluster", "Confidence", "Article", "Start", "End",
           "SOURCEURL")


def quad_class(root: str | None) -> int | None:
    if not root or not root.isdigit():
        return None
    code = int(root)
    return next((quad for lo, hi, quad in QUAD_RANGES if lo <= code <= hi), None)


def _clean(value: str | None) -> str | None:
    """Tabs and newlines would break the row: replace them by spaces."""
    return " ".join(value.split()) if isinstance(value, str) else value


def gdelt_row(event: Record, actors: dict[str, dict[str, Any]], refs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """One event as a GDELT-style row (see the module docstring for what differs)."""
    place = event["place"] or {}
    date = event["date"]
    value = date["value"] if date["value"] and not date["value"].startswith("--") else None
    a1 = actors.get(event["actor"][0]) if event["actor"] else None
    a2 = actors.get(event["recipient"][0]) if event["recipient"] else None
    root = cameo_root(event["type"], event["mode"])
    reports = event["reports"]
    rep = own_report(event)
    ref = refs.get(rep["article"]) if rep else None
    full_name = ", ".join(p for p in (place.get("name"), place.get("admin1"), place.get("country")) if p)
    row = {
        "GLOBALEVENTID": event["id"],
        "SQLDATE": value.replace("-", "") if value and date["precision"] == "day" else None,
        "Date": value, "DatePrecision": date["precision"] if value else "unknown",
        "Actor1Code": a1["id"] if a1 else (event["actor"][0] if event["actor"] else None),
        "Actor1Name": _clean(a1["name"]) if a1 else None, "Actor1CountryCode": a1["country"] if a1 else None,
        "Actor1Type": a1["type"] if a1 else None,
        "Actor2Code": a2["id"] if a2 else (event["recipient"][0] if event["recipient"] else None),
        "Actor2Name": _clean(a2["name"]) if a2 else None, "Actor2CountryCode": a2["country"] if a2 else None,
        "Actor2Type": a2["type"] if a2 else None,
        "EventRootCode": root, "QuadClass": quad_class(root),
        "PLOVER_Type": event["type"], "PLOVER_Mode": event["mode"],
        "NumMentions": len(reports), "NumArticles": len({r["article"] for r in reports}),
        "NumSources": len({refs[r["article"]]["source"] for r in reports
                           if r["article"] in refs and refs[r["article"]]["source"]}),
        "ActionGeo_Type": GEO_TYPE.get(place.get("precision") or "") if place.get("name") else None,
        "ActionGeo_FullName": _clean(full_name) or None, "ActionGeo_CountryCode": place.get("country"),
        "ActionGeo_ADM1": _clean(place.get("admin1")), "ActionGeo_Lat": place.get("lat"),
        "ActionGeo_Long": place.get("lon"), "ActionGeo_FeatureID": place.get("geonames_id"),
        "Killed": event["killed"], "Injured": event["injured"], "Displaced": event["displaced"],
        "Kidnapped": event["kidnapped"], "Negated": flat_value(event["negated"]),
        "Hypothetical": flat_value(event["hypothetical"]), "Cluster": event["cluster"],
        "Confidence": event["confidence"], "Article": rep["article"] if rep else None,
        "Start": rep["start"] if rep else None, "End": rep["end"] if rep else None,
        "SOURCEURL": (ref["url"] or ref["path"]) if ref else None,
    }
    return {k: _clean(v) for k, v in row.items()}


def export(store, out_dir: Path, *, pipeline_version: str | None = None) -> dict[str, int]:
    """Write events.tsv (GDELT-style event rows) into ``out_dir``; returns {file name: rows}."""
    path = Path(out_dir) / "events.tsv"
    try:
        with store.connect() as conn:
            actors = actor_index(conn)
            refs = article_refs(conn)
            rows = (gdelt_row(e, actors, refs) for e in iter_events(conn, pipeline_version))
            counts = {"events.tsv": write_rows(path, COLUMNS, rows, delimiter="\t", quoting=csv.QUOTE_NONE)}
    except OSError as exc:
        raise StoreError(Errors.E008.format(path=str(out_dir), reason=exc)) from exc
    log.info("exported %s to %s", counts, out_dir)
    return counts
