"""``events_acled.csv``: one row per consolidated event in ACLED's columns and value conventions.

Why a module of its own: an ACLED user reads this file with ACLED's codebook in hand, so the rows follow
it rather than our records: one row per happening (a consolidated event of several reports is one row,
an unclustered event its own), negated and hypothetical events left out (they stay in events.jsonl with
their flags), events without any actor left out (see below), ``fatalities`` the lowest number any
reported (not negated, not hypothetical) report gives (conservative, as ACLED codes), the
country by name with its ISO numeric code and ACLED region, actors by name with their ACLED ``inter``
code (the store's, else our actor type's in ``data/acled_inter.tsv``) and the two-digit ``interaction``.
The ACLED tables are data: ``data/acled_countries.tsv`` (region, name, ISO numeric by ISO alpha-2),
``data/acled_disorder.tsv`` (disorder type of each event type), ``data/acled_inter.tsv``; the PLOVER ->
event_type / sub_event_type mapping is ``events/data/plover_mappings.tsv`` (events/codes.py).

Value conventions: ``event_date`` YYYY-MM-DD (a month-precise date is written as its first day with
``time_precision`` 3; an event with only a year gets no ``event_date``, only ``year``); ``time_precision``
1 day, 2 week, 3 month or "on or before" the publication date (the event's own code from events/when.py);
``geo_precision`` 1 place, 2 near it or part of a region, 3 region or country (events/where.py);
``admin2``/``admin3`` are empty (the gazetteer stops at admin-1), ``source_scale`` is empty (outlets
carry no scale here), ``tags`` is empty, ``timestamp`` is the export's Unix time. 
Rows without an actor: ACLED never leaves ``actor1`` empty; where a source names nobody, its coders
write a collective actor ("Unidentified Armed Group (Syria)", "Protesters (Egypt)"), which the actors
stage infers when the text supports it (a subject "gunmen", "protesters"). An event that none of its
reports gives any actor, named or collective, is not an ACLED row: it is left out of this file and
stays in ``events.jsonl`` (and ``events.csv``) with its empty ``actor``, so nothing is lost and an
analyst reading this file never meets a row ACLED would not have written. After ACLED's
columns come ours: the PLOVER type and mode, the cluster, the number of reports and articles, the
lead report's evidence (article, start, end) and every report's.
"""
from __future__ import annotations

import time
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pycountry

from newsgraph.export.countries import countries, country_name, iso_numeric
from newsgraph.export.records import Record
from newsgraph.lexicon import read_tsv

LIST_SEP = "; "
ACLED_COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                 "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "timestamp")
EXTRA_COLUMNS = ("plover_type", "mode", "cluster", "n_reports", "n_articles", "date_basis", "place_basis",
                 "actor1_id", "actor2_id", "article", "start", "end", "reports")
COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS
INTER_STATE, INTER_EXTERNAL, INTER_CIVILIANS = 1, 8, 7
CIVILIAN_TARGETING = "Civilian targeting"  # ACLED's value; empty otherwise
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
GEO_PRECISION = {"city": 1, "site": 1, "region": 3, "country": 3}


@lru_cache(maxsize=1)
def disorder_types() -> dict[str, str]:
    return {r["event_type"]: r["disorder_type"]
            for r in read_tsv("newsgraph.export", "data/acled_disorder.tsv", ("event_type", "disorder_type", "reason"))}


@lru_cache(maxsize=1)
def inter_by_type() -> dict[str, str]:
    return {r["type"]: r["inter"] for r in read_tsv("newsgraph.export", "data/acled_inter.tsv", ("type", "inter", "reason"))}


def inter(actor: dict[str, Any] | None, event_country: str | None) -> int | None:
    """ACLED inter code of an actor: the store's (actors stage) when known, else from its type."""
    if actor is None:
        return None
    if actor.get("inter") is not None:
        return int(actor["inter"])
    code = inter_by_type().get(actor.get("type") or "", "")
    if code == "state":
        if actor.get("country") and event_country:
            return INTER_STATE if actor["country"] == event_country else INTER_EXTERNAL
        return None  # where the event's or the actor's country is unknown, so is the side it fights on
    return int(code) if code else None


def interaction(i1: int | None, i2: int | None) -> int | None:
    """ACLED's two-digit interaction code: the two inter codes, lower first; a sole actor is X0."""
    if i1 is None and i2 is None:
        return None
    if i1 is None or i2 is None:
        return (i1 or i2) * 10
    lo, hi = sorted((i1, i2))
    return lo * 10 + hi


def acled_date(value: str | None) -> str | None:
    if not value or value.startswith("--"):
        return None
    if len(value) == 10:
        return value
    if len(value) == 7:
        return value + "-01"
    return None


def _completeness(e: Record) -> tuple:
    place = e["place"] or {}
    return (bool(e["actor"]), bool(place.get("lat") is not None), e["date"].get("basis") == "explicit",
            bool(e["recipient"]), e["confidence"])


def happenings(events: Iterable[Record]) -> list[list[Record]]:
    """Reported (not negated, not hypothetical) events with an ACLED type, grouped by consolidated event
    (``cluster``; an unclustered event is its own group), lead report first (the most complete one)."""
    groups: dict[str, list[Record]] = {}
    for e in events:
        if e["negated"] or e["hypothetical"] or not e["acled_type"]:
            continue
        groups.setdefault(e["cluster"] or f"event:{e['id']}:{e['article']}", []).append(e)
    out = []
    for members in groups.values():
        members.sort(key=lambda e: tuple(-int(x) if isinstance(x, bool) else -x for x in _completeness(e)))
        out.append(members)
    return out


def acled_row(members: list[Record], actors: dict[str, dict[str, Any]], refs: dict[str, dict[str, Any]],
              texts: dict[str, str], timestamp: int) -> dict[str, Any]:
    """One consolidated event (its reports, lead first) as an ACLED row."""
    lead = members[0]
    place = lead["place"] or {}
    iso2 = place.get("country")
    date = lead["date"]
    day = acled_date(date["value"])

    def side(key: str) -> list[dict[str, Any]]:
        ids = list(dict.fromkeys(i for m in members for i in m[key]))
        if lead[key]:
            ids = list(dict.fromkeys([*lead[key], *ids]))
        return [actors.get(i) or {"id": i, "name": i, "type": "", "country": None} for i in ids]

    side1 = side("actor")
    side2 = [a for a in side("recipient") if a["id"] not in {x["id"] for x in side1}]
    i1 = inter(side1[0] if side1 else None, iso2)
    i2 = inter(side2[0] if side2 else None, iso2)
    reports = [r for m in members for r in m["reports"]] or [
        {"article": m["article"], "start": None, "end": None} for m in members]
    rep = next((r for r in lead["reports"] if r["article"] == lead["article"]), lead["reports"][0]
               if lead["reports"] else None)
    articles = sorted({r["article"] for r in reports})
    outlets = sorted({refs[a]["source"] for a in articles if a in refs and refs[a]["source"]})
    killed = [m["killed"] for m in members if m["killed"] is not None]
    event_type = lead["acled_type"]
    precision = lead.get("time_precision") or (TIME_PRECISION.get(date["precision"]) if date["value"] else None)
    geo = lead.get("geo_precision")
    if geo is None and place.get("lat") is not None:
        geo = GEO_PRECISION.get(place.get("precision") or "")
    country_row = countries().get(iso2 or "", {})
    return {
        "event_id_cnty": f"{(pycountry.countries.get(alpha_2=iso2).alpha_3 if iso2 and pycountry.countries.get(alpha_2=iso2) else 'XXX')}"
                         f"-{lead['cluster'] or lead['id']}",
        "event_date": day, "year": int(date["value"][:4]) if date["value"] and date["value"][:4].isdigit() else None,
        "time_precision": precision if (day or date["value"]) else None,
        "disorder_type": disorder_types().get(event_type), "event_type": event_type,
        "sub_event_type": lead["acled_subtype"],
        "actor1": side1[0]["name"] if side1 else None,
        "assoc_actor_1": LIST_SEP.join(a["name"] for a in side1[1:]) or None, "inter1": i1,
        "actor2": side2[0]["name"] if side2 else None,
        "assoc_actor_2": LIST_SEP.join(a["name"] for a in side2[1:]) or None, "inter2": i2,
        "interaction": interaction(i1, i2),
        "civilian_targeting": CIVILIAN_TARGETING if event_type == "Violence against civilians" or i2 == INTER_CIVILIANS
        else None,
        "iso": iso_numeric(iso2), "region": country_row.get("region"), "country": country_name(iso2),
        "admin1": place.get("admin1"), "admin2": None, "admin3": None,
        "location": place.get("name") or place.get("text"),
        "latitude": place.get("lat"), "longitude": place.get("lon"), "geo_precision": geo,
        "source": LIST_SEP.join(outlets) or None, "source_scale": None,
        "notes": texts[rep["article"]][rep["start"]:rep["end"]] if rep and rep["article"] in texts else None,
        "fatalities": min(killed) if killed else None, "tags": None, "timestamp": timestamp,
        "plover_type": lead["type"], "mode": lead["mode"], "cluster": lead["cluster"],
        "n_reports": len(reports), "n_articles": len(articles),
        "date_basis": date.get("basis"), "place_basis": place.get("basis"),
        "actor1_id": side1[0]["id"] if side1 else None, "actor2_id": side2[0]["id"] if side2 else None,
        "article": rep["article"] if rep else lead["article"], "start": rep["start"] if rep else None,
        "end": rep["end"] if rep else None,
        "reports": LIST_SEP.join(f"{r['article']}:{r['start']}-{r['end']}" for r in reports),
    }


def acled_rows(events: Iterable[Record], actors: dict[str, dict[str, Any]], refs: dict[str, dict[str, Any]],
               texts: dict[str, str], timestamp: int | None = None) -> list[dict[str, Any]]:
    """Every consolidated, reported event with an ACLED type and an ``actor1`` as an ACLED row (an event
    that no report gives any actor, not even a collective one, stays in events.jsonl only)."""
    ts = int(time.time()) if timestamp is None else timestamp
    rows = (acled_row(g, actors, refs, texts, ts) for g in happenings(events))
    return [r for r in rows if r["actor1"]]
