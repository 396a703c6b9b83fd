"""The audit's typed records: what :func:`newsgraph.audit.audit` returns and the CLI, the web page and
``eval realnews`` render.

A figure the store cannot give (a column that an older schema lacks) is ``None`` in the records and
``"not recorded"`` in :meth:`AuditReport.to_dict`, so that "0 %" and "we do not know" never look alike.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NOT_RECORDED = "not recorded"


@dataclass(slots=True)
class Share:
    """``n`` of ``of`` (``share`` is None when ``of`` is 0)."""

    n: int = 0
    of: int = 0

    @property
    def share(self) -> float | None:
        return self.n / self.of if self.of else None

    def add(self, hit: bool) -> None:
        self.of += 1
        self.n += bool(hit)

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "of": self.of, "share": self.share}


@dataclass(slots=True)
class EventShares:
    """How complete a set of events is: the share with each argument, and how each was found."""

    n: int = 0
    actor: Share = field(default_factory=Share)
    recipient: Share = field(default_factory=Share)
    place: Share = field(default_factory=Share)  # any place text
    place_city_region: Share = field(default_factory=Share)  # resolved at site, city or region level
    date: Share = field(default_factory=Share)  # any date value
    date_day: Share = field(default_factory=Share)  # a day-precision date
    date_in_dated_articles: Share = field(default_factory=Share)  # denominator: events of dated articles
    acled_complete: Share = field(default_factory=Share)  # over events ACLED would export (see audit)
    place_precision: dict[str, int] = field(default_factory=dict)
    date_precision: dict[str, int] = field(default_factory=dict)
    # columns of the events work (issue 12); None = the store does not record them
    date_basis: dict[str, int] | None = None
    place_basis: dict[str, int] | None = None
    geo_precision: dict[str, int] | None = None
    time_precision: dict[str, int] | None = None


@dataclass(slots=True)
class Example:
    """One instance of a suspect, with the ids to look it up (``newsgraph show ID``)."""

    text: str  # the name or mention text
    actor_id: str | None = None
    article_id: str | None = None
    event_id: str | None = None
    detail: str = ""  # why it is suspect, in a few words
    context: str = ""  # a short cut of the article text around the evidence


@dataclass(slots=True)
class Suspect:
    """One kind of suspect in one scope: how many items (``unit``: actors, mentions or events), out of
    how many, the mentions they carry, and a few examples (most mentioned first)."""

    kind: str
    unit: str
    count: int = 0
    of: int = 0
    mentions: int = 0
    top: int | None = None  # for actors: how many are among the scope's 300 most mentioned actors
    by_type: dict[str, int] = field(default_factory=dict)  # for actors: suspects per actor type
    top_by_type: dict[str, int] = field(default_factory=dict)  # the same among the 300 most mentioned
    examples: list[Example] = field(default_factory=list)

    @property
    def share(self) -> float | None:
        return self.count / self.of if self.of else None


@dataclass(slots=True)
class DroppedFurniture:
    """What ingest dropped from the articles of a scope (``articles.dropped``), over the articles that
    have it recorded."""

    articles_recorded: int = 0
    articles_with_drops: int = 0
    chars: int = 0
    share_of_text: float | None = None  # dropped / (kept + dropped) characters
    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)  # kind -> {articles, chars}


@dataclass(slots=True)
class ActorFigures:
    """The actors mentioned in a scope."""

    n: int = 0
    mentions: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    other: Share = field(default_factory=Share)
    single_mention: Share = field(default_factory=Share)
    rebel_or_opposition: int = 0  # actors of sector REB/OPP, or named rebel / opposition / insurgent
    rebel_or_opposition_mentions: int = 0
    # columns of the actors work (issue 11 part 2); None = not recorded
    by_sector: dict[str, int] | None = None
    collective: int | None = None
    by_inter: dict[str, int] | None = None


@dataclass(slots=True)
class ScopeAudit:
    """The audit of one outlet (``outlet`` set) or of the whole store (``outlet`` None)."""

    outlet: str | None
    articles: int = 0
    dated_articles: int = 0
    articles_speaking_of_rebels: int = 0
    dropped: DroppedFurniture | None = None  # None = not recorded
    events: int = 0
    negated: int = 0
    hypothetical: int = 0
    all_events: EventShares = field(default_factory=EventShares)
    assault: EventShares = field(default_factory=EventShares)
    late_events: Share = field(default_factory=Share)  # dated > 1 year after the article, not hypothetical
    actors: ActorFigures = field(default_factory=ActorFigures)
    suspects: dict[str, Suspect] = field(default_factory=dict)

    @property
    def events_per_article(self) -> float | None:
        return self.events / self.articles if self.articles else None


@dataclass(slots=True)
class AuditReport:
    """The whole audit: the store, what it records, the overall scope and one scope per outlet."""

    store: str
    pipeline_version: str | None  # the version audited; None = every stored fact
    versions: dict[str, int]  # pipeline version -> articles it processed
    recorded: dict[str, bool]
    overall: ScopeAudit
    outlets: list[ScopeAudit] = field(default_factory=list)
    unprocessed_articles: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"store": self.store, "pipeline_version": self.pipeline_version,
                "pipeline_versions": dict(self.versions),
                "recorded": dict(self.recorded), "unprocessed_articles": self.unprocessed_articles,
                "headline": headline(self), "overall": scope_dict(self.overall),
                "outlets": [scope_dict(s) for s in self.outlets]}


def _opt(value: Any) -> Any:
    return NOT_RECORDED if value is None else value


def shares_dict(e: EventShares) -> dict[str, Any]:
    out: dict[str, Any] = {"n": e.n}
    for name in ("actor", "recipient", "place", "place_city_region", "date", "date_day",
                 "date_in_dated_articles", "acled_complete"):
        out[name] = getattr(e, name).to_dict()
    out["place_precision"] = dict(e.place_precision)
    out["date_precision"] = dict(e.date_precision)
    for name in ("date_basis", "place_basis", "geo_precision", "time_precision"):
        out[name] = _opt(getattr(e, name))
    return out


def suspect_dict(s: Suspect) -> dict[str, Any]:
    return {"kind": s.kind, "unit": s.unit, "count": s.count, "of": s.of, "share": s.share,
            "mentions": s.mentions,
            **({} if s.top is None else {"top300": s.top, "by_type": dict(s.by_type),
                                         "top300_by_type": dict(s.top_by_type)}),
            "examples": [{k: v for k, v in (("text", x.text), ("actor_id", x.actor_id),
                                            ("article_id", x.article_id), ("event_id", x.event_id),
                                            ("detail", x.detail), ("context", x.context)) if v}
                         for x in s.examples]}


def scope_dict(s: ScopeAudit) -> dict[str, Any]:
    d = s.dropped
    a = s.actors
    return {
        "outlet": s.outlet, "articles": s.articles, "dated_articles": s.dated_articles,
        "articles_speaking_of_rebels": s.articles_speaking_of_rebels,
        "dropped": NOT_RECORDED if d is None else {
            "articles_recorded": d.articles_recorded, "articles_with_drops": d.articles_with_drops,
            "chars": d.chars,
            "share_of_text": d.share_of_text, "by_kind": {k: dict(v) for k, v in d.by_kind.items()}},
        "events": {"n": s.events, "per_article": s.events_per_article, "negated": s.negated,
                   "hypothetical": s.hypothetical, "all": shares_dict(s.all_events),
                   "assault": shares_dict(s.assault), "late": s.late_events.to_dict()},
        "actors": {"n": a.n, "mentions": a.mentions, "by_type": dict(a.by_type), "other": a.other.to_dict(),
                   "rebel_or_opposition": a.rebel_or_opposition,
                   "rebel_or_opposition_mentions": a.rebel_or_opposition_mentions,
                   "single_mention": a.single_mention.to_dict(), "by_sector": _opt(a.by_sector),
                   "collective": _opt(a.collective), "by_inter": _opt(a.by_inter)},
        "suspects": {k: suspect_dict(v) for k, v in s.suspects.items()},
    }


# The figures that say at a glance whether a store can be trusted (issue 11 and 12 "Done when"); the
# web overview and `eval realnews` show these.
def headline(report: AuditReport | ScopeAudit) -> dict[str, Any]:
    s = report.overall if isinstance(report, AuditReport) else report
    out: dict[str, Any] = {
        "articles": s.articles,
        "events_per_article": s.events_per_article,
        "assault_events": s.assault.n,
        "assault_with_actor": s.assault.actor.share,
        "assault_with_recipient": s.assault.recipient.share,
        "assault_with_place_city_region": s.assault.place_city_region.share,
        "assault_with_date": s.assault.date.share,
        "assault_dated_in_dated_articles": s.assault.date_in_dated_articles.share,
        "assault_acled_complete": s.assault.acled_complete.share,
        "acled_complete": s.all_events.acled_complete.share,
        "late_events": s.late_events.n,
        "actors": s.actors.n,
        "other_share": s.actors.other.share,
        "articles_speaking_of_rebels": s.articles_speaking_of_rebels,
        "rebel_or_opposition_actors": s.actors.rebel_or_opposition,
        "dropped_share_of_text": NOT_RECORDED if s.dropped is None else s.dropped.share_of_text,
    }
    for kind, sus in s.suspects.items():
        out[f"suspects.{kind}"] = sus.count
    place = s.suspects.get("place_as_actor")
    if place is not None:  # issue 11, Done when: no gazetteer place typed person among the top 300
        out["suspects.place_as_person_top300"] = place.top_by_type.get("person", 0)
    return out
