"""The audit's figures for one scope (a set of articles): dropped furniture, how complete the events
are, how the actors are typed. No gold: everything is counted from the store itself.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Collection

from newsgraph.store.read.audit import StoreData
from newsgraph.audit.records import ActorFigures, DroppedFurniture, EventShares, Share

# Place precisions that locate an event as ACLED needs it (a named place, a city or an admin-1 region);
# "country" and "unknown" do not.
CITY_REGION = frozenset({"site", "city", "region"})
VIOLENT_TYPE = "ASSAULT"
# An event dated more than this after its article is suspect unless hypothetical (issue 12: a
# resolution number read as a year, a future date taken as the event's).
LATE_DAYS = 365
# The side of a war that the state fights (issue 11: "the main side of the war is not an actor").
REBEL_SECTORS = frozenset({"REB", "OPP", "INS"})
REBEL_NAME = re.compile(r"\b(?:rebels?|opposition|insurgents?|insurgency)\b", re.I)


def parse_start(value: str | None) -> dt.date | None:
    """First day of a YYYY / YYYY-MM / YYYY-MM-DD value (None for --MM-DD and anything else)."""
    if not value or value.startswith("-"):
        return None
    parts = value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return dt.date(year, month, day)
    except (ValueError, IndexError):
        return None


def parse_end(value: str | None) -> dt.date | None:
    """Last day of a YYYY / YYYY-MM / YYYY-MM-DD value."""
    start = parse_start(value)
    if start is None:
        return None
    n = len(value.split("-"))
    if n == 1:
        return dt.date(start.year, 12, 31)
    if n == 2:
        nxt = dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return start


def is_late(date_value: str | None, published: str | None) -> bool:
    start, pub = parse_start(date_value), parse_end(published)
    return start is not None and pub is not None and (start - pub).days > LATE_DAYS


def dropped(data: StoreData, scope: Collection[str]) -> DroppedFurniture | None:
    """None when the store records no drops for any article of the scope."""
    if not data.recorded["dropped"]:
        return None
    out = DroppedFurniture()
    kept = 0
    by_kind: dict[str, Counter] = {}
    for aid in scope:
        art = data.articles[aid]
        if art.dropped is None:
            continue  # cleaned before articles.dropped existed: not recorded, not "nothing dropped"
        out.articles_recorded += 1
        kept += art.chars
        drops = art.dropped
        if drops:
            out.articles_with_drops += 1
        kinds_here: set[str] = set()
        for d in drops:
            kind = str(d.get("kind") or "unknown")
            chars = int(d.get("chars") or 0)
            out.chars += chars
            c = by_kind.setdefault(kind, Counter())
            c["chars"] += chars
            if kind not in kinds_here:
                c["articles"] += 1
                kinds_here.add(kind)
    if not out.articles_recorded:
        return None
    out.share_of_text = out.chars / (kept + out.chars) if kept + out.chars else None
    out.by_kind = {k: {"articles": v["articles"], "chars": v["chars"]}
                   for k, v in sorted(by_kind.items(), key=lambda kv: -kv[1]["chars"])}
    return out


def event_shares(data: StoreData, events: list) -> EventShares:
    """Completeness of ``events``. ``acled_complete`` counts, among the events an ACLED export would
    hold (not negated, not hypothetical), those with a day-precision date, an actor and a place at
    site, city or region level."""
    out = EventShares(n=len(events))
    rec = data.recorded
    basis = {k: Counter() for k in ("date_basis", "place_basis", "geo_precision", "time_precision") if rec[k]}
    place_prec: Counter = Counter()
    date_prec: Counter = Counter()
    for ev in events:
        roles = data.event_actors.get(ev.id, {})
        has_actor = bool(roles.get("actor"))
        has_place = bool(ev.place_text or ev.place_name)
        city_region = has_place and (ev.place_precision or "") in CITY_REGION
        day = bool(ev.date_value) and len(ev.date_value) == 10 and not ev.date_value.startswith("-")
        out.actor.add(has_actor)
        out.recipient.add(bool(roles.get("recipient")))
        out.place.add(has_place)
        out.place_city_region.add(city_region)
        out.date.add(bool(ev.date_value))
        out.date_day.add(day)
        if data.articles[ev.article_id].published:
            out.date_in_dated_articles.add(bool(ev.date_value))
        if not ev.negated and not ev.hypothetical:
            out.acled_complete.add(day and has_actor and city_region)
        place_prec[(ev.place_precision or "none") if has_place else "none"] += 1
        date_prec[(ev.date_precision or "unknown") if ev.date_value else "none"] += 1
        for k, c in basis.items():
            v = ev.extra.get(k)
            c["none" if v is None or v == "" else str(v)] += 1
    out.place_precision = dict(place_prec.most_common())
    out.date_precision = dict(date_prec.most_common())
    for k, c in basis.items():
        setattr(out, k, dict(c.most_common()))
    return out


def late_events(data: StoreData, events: list) -> tuple[Share, list]:
    share = Share()
    late = []
    for ev in events:
        hit = not ev.hypothetical and is_late(ev.date_value, data.articles[ev.article_id].published)
        share.add(hit)
        if hit:
            late.append(ev)
    return share, late


def actor_figures(data: StoreData, mentions: list) -> ActorFigures:
    per_actor = Counter(m.actor_id for m in mentions if m.actor_id is not None)
    out = ActorFigures(n=len(per_actor), mentions=sum(per_actor.values()))
    types: Counter = Counter()
    rec = data.recorded
    sectors: Counter = Counter()
    inters: Counter = Counter()
    collective = 0
    for aid, n in per_actor.items():
        actor = data.actors.get(aid)
        typ = actor.type if actor is not None else "unknown"
        types[typ] += 1
        out.other.add(typ == "other")
        out.single_mention.add(n == 1)
        extra = actor.extra if actor is not None else {}
        if rec["sector"]:
            sectors[str(extra.get("sector") or "none")] += 1
        if rec["inter"]:
            inters[str(extra.get("inter") if extra.get("inter") not in (None, "") else "none")] += 1
        if rec["collective"]:
            collective += bool(extra.get("collective"))
        sector = str(extra.get("sector") or "").upper()
        if sector in REBEL_SECTORS or (actor is not None and REBEL_NAME.search(actor.name)):
            out.rebel_or_opposition += 1
            out.rebel_or_opposition_mentions += n
    out.by_type = dict(types.most_common())
    if rec["sector"]:
        out.by_sector = dict(sectors.most_common())
    if rec["inter"]:
        out.by_inter = dict(inters.most_common())
    if rec["collective"]:
        out.collective = collective
    return out
