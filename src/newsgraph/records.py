"""Typed records that cross the stage and store boundaries.

Every extracted fact carries an :class:`Evidence` (article id + character offsets into the
article's stored clean text, end exclusive), a confidence in 0..1 and the pipeline version that
made it. Records are plain frozen-ish dataclasses so they pickle cheaply into a process pool.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

SCHEMA_VERSION = 1  # export contract version (../shared/spec/export.md)


@dataclass(slots=True)
class RawDocument:
    """One unit of input as a reader produced it, before cleaning.

    ``meta`` holds what the input itself stated (title, url, published, source) with keys from
    :data:`RAW_META_KEYS` only; readers reject or report anything else.
    """

    path: str | None  # as given on the command line, or a URL / "<stdin>"
    format: str  # txt, html, jsonl, rss (RSS and Atom feeds), warc
    text: str  # decoded raw text (HTML markup for html)
    raw_sha: str  # sha256 of the raw bytes of this unit
    index: int = 0  # position inside a multi-record container (jsonl line, feed entry, warc record)
    meta: dict[str, Any] = field(default_factory=dict)
    # characters the reader replaced to make the unit storable (storable.py): kind -> count
    repairs: dict[str, int] = field(default_factory=dict)


RAW_META_KEYS = frozenset({"title", "url", "published", "source", "author"})


@dataclass(slots=True, frozen=True)
class Dropped:
    """Characters of one kind of page furniture (``comments``, ``share``, ``footer``, ``widget``, …; see
    ``ingest/drops.py``) that cleaning removed from an article's page."""

    kind: str
    chars: int


@dataclass(slots=True)
class Article:
    id: str  # content hash of the clean text
    path: str | None
    part: int  # 0 first story of the unit, 1 the second split out of it, ...
    source: str | None
    source_basis: str  # how the outlet was found: input-metadata, html-meta, signature, url, none
    title: str | None
    published: str | None  # YYYY-MM-DD, YYYY-MM or YYYY; None when not stated
    published_basis: str  # dateline, updated-line, html-meta, input-metadata, signature, none
    text: str  # clean text; never changes once stored
    raw_sha: str  # the raw document (container unit) it came from
    format: str
    url: str | None = None
    duplicate_of: str | None = None
    cleaning_version: str = ""
    index: int = 0  # position of the unit in its container
    dropped: list[Dropped] = field(default_factory=list)  # furniture removed by cleaning, per kind
    # the cleaning record: characters replaced to make the unit storable (kind -> count), empty: none
    repairs: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_text(cls, text: str, *, id: str = "text") -> Article:
        """An article that is only a text (no outlet, no date, no file): what the evaluation adapters
        and other text-in callers give the stages."""
        return cls(id=id, path=None, part=0, source=None, source_basis="none", title=None, published=None,
                   published_basis="none", text=text, raw_sha="", format="txt")


@dataclass(slots=True)
class IngestError:
    """A bad input item: reported once in the run summary, never raised through the batch."""

    path: str
    reason: str
    index: int | None = None  # line / entry / record number where relevant


@dataclass(slots=True, frozen=True)
class Evidence:
    article: str
    start: int
    end: int


@dataclass(slots=True)
class Mention:
    """A span naming an actor (after resolution ``actor`` is the actor id)."""

    evidence: Evidence
    text: str
    label: str  # PERSON, ORG, NORP, GPE (as government), ...
    actor: str | None = None
    confidence: float = 1.0


@dataclass(slots=True)
class Actor:
    id: str
    name: str
    type: str  # person, armed_group, government, state, igo, political_party, company, media, other
    country: str | None = None  # ISO 3166-1 alpha-2
    kb_id: str | None = None  # id in the shipped knowledge base, None when discovered
    aliases: dict[str, int] = field(default_factory=dict)  # surface form -> count
    # PLOVER/CAMEO-style sector (GOV, MIL, COP, REB, OPP, CVL, IGO, ...), None when unknown
    sector: str | None = None
    # an ACLED-convention collective actor ("Military Forces of Libya", "Protesters (Egypt)") rather than a named one
    collective: bool = False
    # ACLED actor type code (1 state forces ... 8 external/other forces), None when unknown
    inter: int | None = None


@dataclass(slots=True)
class PlaceMention:
    evidence: Evidence
    text: str
    name: str | None  # resolved canonical name, None when unresolved
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    precision: str  # city, region, country, site, unknown
    confidence: float = 0.0
    # how the text places it (newsgraph.places.precision): "at" the place itself, "near" it ("near Sirte",
    # "20 km south of Sirte"), "in" a part of it ("eastern Libya"), "demonym" ("Libyan forces"), or
    # "locality": a name no gazetteer holds, placed at the story's locality (places/locality.py; name and
    # geonames_id stay None)
    basis: str = "at"


@dataclass(slots=True)
class DateMention:
    evidence: Evidence
    text: str
    value: str | None  # YYYY-MM-DD, YYYY-MM, YYYY, --MM-DD (month-day, no year) or None
    precision: str  # day, month, year, unknown
    confidence: float = 0.0


@dataclass(slots=True)
class DateValue:
    value: str | None
    precision: str  # day, month, year, unknown
    text: str | None = None


@dataclass(slots=True)
class Event:
    id: str
    type: str  # PLOVER type
    mode: str | None
    evidence: Evidence  # the reporting sentence
    trigger: str
    actor: list[str] = field(default_factory=list)
    recipient: list[str] = field(default_factory=list)
    date: DateValue = field(default_factory=lambda: DateValue(None, "unknown"))
    place: PlaceMention | None = None
    killed: int | None = None
    injured: int | None = None
    displaced: int | None = None
    kidnapped: int | None = None
    negated: bool = False
    hypothetical: bool = False
    confidence: float = 0.0
    # later mentions of the same happening in the article ("the attack", a recap sentence): each
    # report's sentence; ``evidence`` (the first mention) is not repeated here (events/happenings.py)
    reports: list[Evidence] = field(default_factory=list)
    # how the date was found: explicit (in its sentence), context (the sentence before), publication (an upper bound:
    # "on or before" the article's date) or none (events/when.py)
    date_basis: str = "none"
    time_precision: int | None = None  # ACLED: 1 day, 2 week / approximate, 3 month, year or on or before
    # how the place was found: sentence, context, dateline or focus (the story's main place); None:
    # not located (events/where.py)
    place_basis: str | None = None
    geo_precision: int | None = None  # ACLED: 1 the place itself, 2 near it / part of a region, 3 region or country


@dataclass(slots=True)
class Relation:
    source: str  # actor id
    target: str  # actor id
    type: str  # supports, arms, funds, fights, allied_with, opposes, commands, member_of, ...
    evidence: Evidence
    date: str | None = None  # evidence date (event date, else article date)
    confidence: float = 0.0


@dataclass(slots=True)
class Quote:
    evidence: Evidence
    text: str
    speaker: str | None  # actor id
    kind: str = "direct"  # direct, reported
    confidence: float = 0.0


@dataclass(slots=True)
class FramingLabel:
    evidence: Evidence
    actor: str
    label: str
    source: str | None = None  # outlet (filled from the article)


@dataclass(slots=True)
class Facts:
    """Everything the pipeline extracted from one article (pure output of ``pipeline.extract``)."""

    article: str
    pipeline_version: str
    mentions: list[Mention] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    framing: list[FramingLabel] = field(default_factory=list)
    error: str | None = None  # set when extraction failed for this article


# -- across articles: what consolidation reads from the store and writes back ---------------------------
@dataclass(slots=True, frozen=True)
class EventView:
    """The flat picture of one stored event report that consolidation reads.

    Why a view and not :class:`Event`: clustering needs what the store adds around an event (the
    article's outlet and publication date, the evidence sentence) and nothing that ties it to the store,
    so the clustering functions stay pure and testable with hand-made views.
    """

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


@dataclass(slots=True)
class ClusterRow:
    """One consolidated event as the store keeps it: its member reports and contradicted fields."""

    id: str
    type: str
    members: list[str]  # events.id row ids
    date_first: str | None
    date_last: str | None
    place_name: str | None
    n_articles: int
    n_outlets: int
    contradictions: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)  # (field, versions)
