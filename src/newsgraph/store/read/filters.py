"""The one filter model of events: the same typed record whether it comes from a page's URL, an HTTP
API call, a CLI command or an export, parsed by one function (``EventFilter.parse``) and turned back
into a URL query by another (``EventFilter.query``), so that "export this view" gives what the page shows.

Defaults hide noise: consolidated events (one row per event however many reports tell it), negated
("did not attack") and hypothetical ("threatened to attack") events left out. ``view="reports"`` lists
every report instead.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal
from urllib.parse import urlencode

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from newsgraph.errors import Errors, UsageError

DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


class EventFilter(BaseModel):
    """Which events a list, map, timeline, chart or export shows (every field optional)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    since: str | None = Field(default=None, pattern=DATE, description="Dated on or after YYYY[-MM[-DD]].")
    until: str | None = Field(default=None, pattern=DATE, description="Dated on or before (whole month/year).")
    type: str | None = Field(default=None, pattern=r"^[A-Za-z_-]{1,32}$", description="PLOVER type or mode.")
    actor: str | None = Field(default=None, max_length=200, description="Actor id (actor or recipient).")
    place: str | None = Field(default=None, max_length=200, description="Part of the place name or ISO2 code.")
    outlet: str | None = Field(default=None, max_length=200, description="Outlet name (any case).")
    min_confidence: float | None = Field(default=None, ge=0.0, le=1.0, description="Lowest confidence kept.")
    min_reports: int | None = Field(default=None, ge=1, le=100_000, description="Reports telling the event.")
    min_outlets: int | None = Field(default=None, ge=1, le=10_000, description="Outlets telling the event.")
    negated: bool = Field(default=False, description="Include negated events.")
    hypothetical: bool = Field(default=False, description="Include hypothetical events.")
    date_basis: Literal["any", "event"] = Field(
        default="any", description="event: only events whose text gives their date (not the article's).")
    place_basis: Literal["any", "located", "unlocated"] = Field(
        default="any", description="located: only events with coordinates; unlocated: only without.")
    view: Literal["consolidated", "reports"] = Field(
        default="consolidated", description="consolidated: one row per event; reports: every report.")

    @classmethod
    def parse(cls, params: Mapping[str, Any], *, ignore: frozenset[str] = frozenset()) -> EventFilter:
        """The filter from URL query / API / CLI values (strings or typed values; empty = unset).

        A name not in the model (and not in ``ignore``) is refused (E025), a bad value too (E024)."""
        known = set(cls.model_fields)
        values: dict[str, Any] = {}
        for name, value in params.items():
            if name in ignore:
                continue
            if name not in known:
                raise UsageError(Errors.E025.format(name=name, known=", ".join(sorted(known))))
            if value is None or (isinstance(value, str) and not value.strip()
                                 and cls.model_fields[name].annotation is not bool):
                continue
            if cls.model_fields[name].annotation is bool and isinstance(value, str):
                low = value.strip().lower()
                if low not in TRUE | FALSE:
                    raise UsageError(Errors.E024.format(name=name, reason="use true or false"))
                value = low in TRUE
            values[name] = value.strip() if isinstance(value, str) else value
        try:
            return cls(**values)
        except ValidationError as exc:
            err = exc.errors()[0]
            raise UsageError(Errors.E024.format(name=".".join(str(p) for p in err["loc"]) or "?",
                                                reason=err["msg"])) from None

    def changed(self) -> dict[str, Any]:
        """The fields that differ from the defaults (what a URL needs to say)."""
        return self.model_dump(exclude_defaults=True)

    def query(self, **extra: Any) -> str:
        """This filter (plus ``extra``) as a URL query string; booleans as true/false."""
        items = {**self.changed(), **{k: v for k, v in extra.items() if v not in (None, "")}}
        return urlencode({k: (str(v).lower() if isinstance(v, bool) else v) for k, v in items.items()})

    def replace(self, **changes: Any) -> EventFilter:
        return self.model_copy(update=changes)


FILTER_NAMES = frozenset(EventFilter.model_fields)
