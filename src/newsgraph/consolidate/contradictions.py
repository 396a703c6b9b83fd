"""Contradictions between the reports of one consolidated event: flagged, never averaged away.

A field contradicts when two reports of the cluster give different known values: casualty counts
(killed, injured, displaced, kidnapped), the day, the place, or the attribution (who did it). Each
contradiction keeps every outlet's version with its evidence span, so a reader sees who said what.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsgraph.consolidate.clusters import NEAR_KM, place_distance
from newsgraph.records import EventView

COUNT_FIELDS = ("killed", "injured", "displaced", "kidnapped")


@dataclass(slots=True)
class Version:
    """One report's value of a contradicted field."""

    value: Any
    source: str | None
    article: str
    start: int
    end: int
    event: str  # the report's event id

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "source": self.source, "article": self.article, "start": self.start,
                "end": self.end, "event": self.event}


@dataclass(slots=True)
class Contradiction:
    field: str  # killed, injured, displaced, kidnapped, date, place, actor
    versions: list[Version] = field(default_factory=list)

    def values(self) -> list[Any]:
        out: list[Any] = []
        for v in self.versions:
            if v.value not in out:
                out.append(v.value)
        return out


def _version(ev: EventView, value: Any) -> Version:
    return Version(value, ev.source, ev.article, ev.start, ev.end, ev.event_id or ev.id)


def _field(reports: Sequence[EventView], name: str, get: Callable[[EventView], Any],
           differ: Callable[[EventView, EventView], bool] | None = None) -> Contradiction | None:
    known = [(ev, get(ev)) for ev in reports if get(ev) not in (None, (), frozenset())]
    if len(known) < 2:
        return None
    if differ is None:
        distinct = {value for _, value in known}
        if len(distinct) < 2:
            return None
    elif not any(differ(a, b) for i, (a, _) in enumerate(known) for b, _ in known[i + 1:]):
        return None
    return Contradiction(name, [_version(ev, value) for ev, value in known])


def _day_value(ev: EventView) -> str | None:
    return ev.date if ev.date and ev.precision == "day" else None


def _places_differ(a: EventView, b: EventView) -> bool:
    """Localities more than NEAR_KM apart (or differently named without coordinates); a country or
    region differs only from a place in another country ("Sudan" does not contradict "Khartoum")."""
    coarse = {"country", "region", "admin1", "continent"}
    if a.place_precision in coarse or b.place_precision in coarse:
        return a.place_country is not None and b.place_country is not None and a.place_country != b.place_country
    d = place_distance(a, b)
    if d is not None:
        return d > NEAR_KM
    return a.place_key() != b.place_key()


def _actors_differ(a: EventView, b: EventView) -> bool:
    """Attribution differs when both name the perpetrator and share none of them."""
    return bool(a.actors) and bool(b.actors) and not (a.actors & b.actors)


def find_contradictions(reports: Sequence[EventView]) -> list[Contradiction]:
    """Every contradicted field among the reports of one consolidated event."""
    found: list[Contradiction | None] = [
        _field(reports, name, lambda ev, n=name: getattr(ev, n)) for name in COUNT_FIELDS]
    found.append(_field(reports, "date", _day_value))
    found.append(_field(reports, "place", lambda ev: ev.place, _places_differ))
    found.append(_field(reports, "actor", lambda ev: tuple(sorted(ev.actors)) or None, _actors_differ))
    return [c for c in found if c is not None]
