"""EventView: the flat, store-independent picture of one event report that clustering reads.

Why a view and not ``records.Event``: clustering needs what the store adds around an event (the
article's outlet and publication date, the evidence sentence) and nothing that ties it to the store,
so the clustering functions stay pure and testable with hand-made views.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(slots=True, frozen=True)
class EventView:
    id: str  # unique per report (the store's events.id row id)
    type: str  # PLOVER type
    article: str
    text: str = ""  # the evidence sentence
    start: int = 0
    end: int = 0
    source: str | None = None  # outlet
    published: str | None = None  # article date, YYYY[-MM[-DD]]
    date: str | None = None  # event date as the stage resolved it
    precision: str = "unknown"
    place: str | None = None  # resolved place name (or surface text)
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    place_precision: str | None = None  # city, site, region, country, ... (None: not stated)
    place_country: str | None = None  # ISO2
    actors: frozenset[str] = field(default_factory=frozenset)
    recipients: frozenset[str] = field(default_factory=frozenset)
    killed: int | None = None
    injured: int | None = None
    displaced: int | None = None
    kidnapped: int | None = None
    negated: bool = False
    hypothetical: bool = False
    event_id: str | None = None  # the stage's id (exported as `id`)

    def day(self) -> date | None:
        """The event's day: its own date at day precision, else the article's date (a report is
        usually published within a day or two of the event), else None."""
        for value, exact in ((self.date, self.precision == "day"), (self.published, True)):
            if value and exact and len(value) == 10:
                try:
                    return date.fromisoformat(value)
                except ValueError:
                    continue
        return None

    def place_key(self) -> str | None:
        """A comparable place identity: GeoNames id when resolved, else the case-folded name."""
        if self.geonames_id is not None:
            return f"g{self.geonames_id}"
        if self.place:
            return "n" + " ".join(self.place.casefold().split())
        return None

    def participants(self) -> frozenset[str]:
        return self.actors | self.recipients
