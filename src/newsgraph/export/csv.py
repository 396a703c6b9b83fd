"""CSV export: ACLED-style event rows, plus one flat CSV per contract file.

Files:
- ``events_acled.csv``: one row per consolidated, reported event in ACLED's columns and conventions
  (export/acled.py). ``events.csv`` below keeps one row per stored event with the older columns:
- (older layout, now ``events.csv`` only) events that have an ACLED event type, in ACLED's column names and codes
  (``time_precision`` 1 day / 2 month / 3 year; ``geo_precision`` 1 town or site / 3 region or country;
  ``fatalities`` = killed, empty when the text gives no number) followed by our own columns
  (``plover_type``, ``mode``, counts, flags, ``cluster``, ``confidence`` and the evidence offsets
  ``article``, ``start``, ``end``). ``notes`` is the evidence sentence. ``country`` is the ISO 3166-1
  alpha-2 code (ACLED writes the country name). ``event_date`` is the ISO date as precise as the text
  gives it (YYYY-MM-DD, YYYY-MM or YYYY), empty when the text gives none: never the article date.
  ACLED's ``source_scale`` is not written: outlets carry no scale here.
- ``events.csv``: every event, same columns (ACLED columns empty for events ACLED does not code).
- ``articles.csv``, ``actors.csv``, ``relations.csv``, ``places.csv``, ``dates.csv``, ``quotes.csv``,
  ``framing.csv``: the contract fields (export/records.py) as columns; a list of values is joined with
  "; ", a list of evidence spans is written as "ARTICLE:START-END; ...", other nested values as JSON.

Columns of the flat files come from the records themselves (first record's keys, in order), so this
module holds no second copy of the contract; a file with no records is written empty (no header).
"""
from __future__ import annotations

import csv
import json
import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from newsgraph.errors import Errors, StoreError
from newsgraph.export import acled
from newsgraph.export.files import atomic_file
from newsgraph.export.records import FILES, Record, iter_events
from newsgraph.store.read.actors import actor_index
from newsgraph.store.read.articles import article_refs, article_texts

log = logging.getLogger(__name__)

LIST_SEP = "; "
# ACLED time_precision codes (ACLED codebook: 1 exact day, 2 week/month, 3 month or longer).
TIME_PRECISION = {"day": 1, "month": 2, "year": 3}
# ACLED geo_precision codes (codebook: 1 the town/site itself, 2 near a town or part of a region,
# 3 only a larger region is named). A country-level place is coarser than 3 and is also coded 3.
GEO_PRECISION = {"city": 1, "site": 1, "region": 3, "country": 3}
# ACLED interaction codes we can honestly derive from actor types: 1 State Forces (a government or state
# acting in its own country), 8 External/Other Forces (a state outside its country, an IGO such as the UN);
# a state's code needs both its country and the event's.
# Armed groups are left empty: ACLED splits them into rebels (2), political (3) or identity (4) militias,
# which the actor type does not tell.
INTER_STATE, INTER_EXTERNAL = 1, 8
STATE_TYPES = frozenset({"government", "state"})

ACLED_COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
                 "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "country",
                 "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes",
                 "fatalities")
EXTRA_COLUMNS = ("plover_type", "mode", "injured", "displaced", "kidnapped", "negated", "hypothetical",
                 "cluster", "confidence", "actor1_id", "actor2_id", "article", "start", "end")
EVENT_COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS


def write_rows(path: Path, columns: Sequence[str] | None, rows: Iterable[dict[str, Any]],
               delimiter: str = ",", quoting: int = csv.QUOTE_MINIMAL) -> int:
    """Write ``rows`` (dicts) under a header atomically; ``columns`` None takes the first row's keys.

    Values are written as they come (None as empty); returns how many rows were written. With
    ``quoting=csv.QUOTE_NONE`` (TSV) values must hold no delimiter or line break (the caller cleans them).
    """
    fmt: dict[str, Any] = {"delimiter": delimiter, "quoting": quoting}
    if quoting == csv.QUOTE_NONE:
        fmt["quotechar"] = None
    count = 0
    with atomic_file(path, encoding="utf-8", newline="") as out:
        writer: csv.DictWriter | None = None
        if columns is not None:
            writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="raise", **fmt)
            writer.writeheader()
        for row in rows:
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=list(row), extrasaction="raise", **fmt)
                writer.writeheader()
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
            count += 1
    return count


def flat_value(value: Any) -> Any:
    """One cell: scalars as they are, lists of scalars joined, evidence spans as ARTICLE:START-END."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        if all(isinstance(v, dict) and {"article", "start", "end"} <= set(v) for v in value):
            return LIST_SEP.join(f"{v['article']}:{v['start']}-{v['end']}" for v in value)
        if all(not isinstance(v, (dict, list)) for v in value):
            return LIST_SEP.join(str(v) for v in value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def flat_record(record: Record) -> dict[str, Any]:
    return {k: flat_value(v) for k, v in record.items()}


def _inter(actor: dict[str, Any] | None, event_country: str | None) -> int | None:
    if actor is None:
        return None
    if actor["type"] == "igo":
        return INTER_EXTERNAL
    if actor["type"] in STATE_TYPES and actor["country"] and event_country:
        return INTER_STATE if actor["country"] == event_country else INTER_EXTERNAL
    return None  # where the event or the actor's country is unknown, so is the side it fights on


def own_report(event: Record) -> dict[str, Any] | None:
    """The report in the event's own article (its evidence), else its first report."""
    reps = event["reports"]
    return next((r for r in reps if r["article"] == event.get("article")), reps[0] if reps else None)


def acled_row(event: Record, actors: dict[str, dict[str, Any]], refs: dict[str, dict[str, Any]],
              texts: dict[str, str]) -> dict[str, Any]:
    """One event as an ACLED-style row (see the module docstring for the codes)."""
    place = event["place"] or {}
    country = place.get("country")
    date = event["date"]
    value = date["value"] if date["value"] and not date["value"].startswith("--") else None
    side1 = [actors.get(i) or {"id": i, "name": i, "type": "", "country": None} for i in event["actor"]]
    side2 = [actors.get(i) or {"id": i, "name": i, "type": "", "country": None} for i in event["recipient"]]
    rep = own_report(event)
    outlets = sorted({refs[r["article"]]["source"] for r in event["reports"]
                      if r["article"] in refs and refs[r["article"]]["source"]})
    return {
        "event_id_cnty": event["id"], "event_date": value, "year": value[:4] if value else None,
        "time_precision": TIME_PRECISION.get(date["precision"]) if value else None,
        "event_type": event["acled_type"], "sub_event_type": event["acled_subtype"],
        "actor1": side1[0]["name"] if side1 else None,
        "assoc_actor_1": LIST_SEP.join(a["name"] for a in side1[1:]) or None,
        "inter1": _inter(side1[0] if side1 else None, country),
        "actor2": side2[0]["name"] if side2 else None,
        "assoc_actor_2": LIST_SEP.join(a["name"] for a in side2[1:]) or None,
        "inter2": _inter(side2[0] if side2 else None, country),
        "country": country, "admin1": place.get("admin1"), "location": place.get("name") or place.get("text"),
        "latitude": place.get("lat"), "longitude": place.get("lon"),
        "geo_precision": GEO_PRECISION.get(place.get("precision") or "") if place.get("lat") is not None else None,
        "source": LIST_SEP.join(outlets) or None,
        "notes": texts[rep["article"]][rep["start"]:rep["end"]] if rep and rep["article"] in texts else None,
        "fatalities": event["killed"],
        "plover_type": event["type"], "mode": event["mode"], "injured": event["injured"],
        "displaced": event["displaced"], "kidnapped": event["kidnapped"],
        "negated": flat_value(event["negated"]), "hypothetical": flat_value(event["hypothetical"]),
        "cluster": event["cluster"], "confidence": event["confidence"],
        "actor1_id": side1[0]["id"] if side1 else None, "actor2_id": side2[0]["id"] if side2 else None,
        "article": rep["article"] if rep else None, "start": rep["start"] if rep else None,
        "end": rep["end"] if rep else None,
    }


def event_rows(conn, pipeline_version: str | None) -> list[dict[str, Any]]:
    """Every event (of ``pipeline_version`` when given) as an ACLED-style row, in the contract's order."""
    events = list(iter_events(conn, pipeline_version))
    texts = article_texts(conn, sorted({r["article"] for e in events for r in e["reports"]}))
    actors = actor_index(conn)
    refs = article_refs(conn)
    return [acled_row(e, actors, refs, texts) for e in events]


def export(store, out_dir: Path, *, pipeline_version: str | None = None) -> dict[str, int]:
    """Write events_acled.csv, events.csv and one CSV per other contract file; {file name: rows}."""
    out_dir = Path(out_dir)
    counts: dict[str, int] = {}
    try:
        with store.connect() as conn:
            rows = event_rows(conn, pipeline_version)
            events = list(iter_events(conn, pipeline_version))
            texts = article_texts(conn, sorted({r["article"] for e in events for r in e["reports"]}))
            counts["events_acled.csv"] = write_rows(
                out_dir / "events_acled.csv", acled.COLUMNS,
                acled.acled_rows(events, actor_index(conn), article_refs(conn), texts))
            counts["events.csv"] = write_rows(out_dir / "events.csv", EVENT_COLUMNS, rows)
            for stem, records in FILES.items():
                if stem == "events":
                    continue
                counts[f"{stem}.csv"] = write_rows(out_dir / f"{stem}.csv", None,
                                                   (flat_record(r) for r in records(conn, pipeline_version)))
    except OSError as exc:
        raise StoreError(Errors.E008.format(path=str(out_dir), reason=exc)) from exc
    log.info("exported %s to %s", counts, out_dir)
    return counts
