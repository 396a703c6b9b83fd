"""``newsgraph audit`` as rich tables: an :class:`~newsgraph.audit.records.AuditReport` rendered
(presentation only: every figure comes from the report)."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from rich.markup import escape
from rich.table import Table

from newsgraph.audit.records import NOT_RECORDED, AuditReport, EventShares, ScopeAudit, Share

MAX_OUTLET_COLUMNS = 6  # outlets shown beside "all" (the most articles first); --json has every outlet


def pct(x: Share | float | None, with_counts: bool = True) -> str:
    if isinstance(x, Share):
        if x.share is None:
            return "–"
        return f"{100 * x.share:.1f} % ({x.n}/{x.of})" if with_counts else f"{100 * x.share:.1f} %"
    return "–" if x is None else f"{100 * x:.1f} %"


def _scopes(report: AuditReport) -> list[ScopeAudit]:
    outlets = sorted(report.outlets, key=lambda s: -s.articles)[:MAX_OUTLET_COLUMNS]
    if len(report.outlets) == 1:
        outlets = []  # one outlet: its column would repeat "all"
    return [report.overall, *outlets]


def _grid(title: str, scopes: list[ScopeAudit], rows: list[tuple[str, Callable[[ScopeAudit], str]]]) -> Table:
    t = Table(title=title, title_justify="left")
    t.add_column("")
    for s in scopes:
        t.add_column("all" if s.outlet is None and s is scopes[0] else escape(s.outlet or "(unknown outlet)"),
                     justify="right")
    for label, get in rows:
        t.add_row(label, *(get(s) for s in scopes))
    return t


def _event_rows(pick: Callable[[ScopeAudit], EventShares]) -> list[tuple[str, Callable[[ScopeAudit], str]]]:
    return [
        ("events", lambda s: str(pick(s).n)),
        ("with actor", lambda s: pct(pick(s).actor)),
        ("with recipient", lambda s: pct(pick(s).recipient)),
        ("with place", lambda s: pct(pick(s).place)),
        ("place at site/city/region", lambda s: pct(pick(s).place_city_region)),
        ("with date", lambda s: pct(pick(s).date)),
        ("date to the day", lambda s: pct(pick(s).date_day)),
        ("dated, in dated articles", lambda s: pct(pick(s).date_in_dated_articles)),
        ("ACLED-complete (not negated/hypothetical)", lambda s: pct(pick(s).acled_complete)),
    ]


def _dist(d: dict[str, int] | None, top: int = 6) -> str:
    if d is None:
        return NOT_RECORDED
    total = sum(d.values())
    if not total:
        return "–"
    items = list(d.items())
    shown = ", ".join(f"{k} {100 * v / total:.0f} %" for k, v in items[:top])
    return shown + (f", +{len(items) - top} more" if len(items) > top else "")


def tables(report: AuditReport) -> Iterator[Table | str]:
    """The report as a sequence of tables (and a few plain lines), in reading order."""
    scopes = _scopes(report)
    o = report.overall
    versions = report.pipeline_version or ", ".join(report.versions) or "none"
    yield (f"[bold]{o.articles}[/bold] articles audited (pipeline {escape(versions)}"
           f"{f', {report.unprocessed_articles} not extracted yet' if report.unprocessed_articles else ''}); "
           f"store: {escape(report.store)}")

    yield _grid("articles and events", scopes, [
        ("articles", lambda s: str(s.articles)),
        ("dated articles", lambda s: str(s.dated_articles)),
        ("furniture dropped (share of text)", lambda s: NOT_RECORDED if s.dropped is None
         else pct(s.dropped.share_of_text)),
        ("articles with furniture dropped", lambda s: NOT_RECORDED if s.dropped is None
         else str(s.dropped.articles_with_drops)),
        ("events per article", lambda s: "–" if s.events_per_article is None else f"{s.events_per_article:.1f}"),
        ("negated / hypothetical", lambda s: f"{s.negated} / {s.hypothetical}"),
        ("dated > 1 year after the article", lambda s: pct(s.late_events)),
        *_event_rows(lambda s: s.all_events)[1:],
    ])
    yield _grid("ASSAULT events", scopes, _event_rows(lambda s: s.assault))

    how = Table(title="how places and dates were found (all events / ASSAULT)", title_justify="left")
    how.add_column("")
    how.add_column("all events")
    how.add_column("ASSAULT")
    for label, key in (("date basis", "date_basis"), ("place basis", "place_basis"),
                       ("geo precision", "geo_precision"), ("time precision", "time_precision"),
                       ("place precision", "place_precision"), ("date precision", "date_precision")):
        how.add_row(label, _dist(getattr(o.all_events, key)), _dist(getattr(o.assault, key)))
    yield how

    if o.dropped is not None and o.dropped.by_kind:
        t = Table(title="furniture dropped by ingest, by kind", title_justify="left")
        for c in ("kind", "articles", "characters"):
            t.add_column(c, justify="left" if c == "kind" else "right")
        for kind, v in o.dropped.by_kind.items():
            t.add_row(escape(kind), str(v["articles"]), str(v["chars"]))
        yield t

    def typ(name: str) -> Callable[[ScopeAudit], str]:
        return lambda s: pct(s.actors.by_type.get(name, 0) / s.actors.n if s.actors.n else None)

    types = list(o.actors.by_type)
    yield _grid("actors", scopes, [
        ("actors mentioned", lambda s: str(s.actors.n)),
        ("mentions resolved to an actor", lambda s: str(s.actors.mentions)),
        *[(f"type {t}", typ(t)) for t in types],
        ("actors with one mention", lambda s: pct(s.actors.single_mention)),
        ("rebel / opposition actors (mentions)", lambda s: f"{s.actors.rebel_or_opposition} "
                                                             f"({s.actors.rebel_or_opposition_mentions})"),
        ("articles speaking of rebels", lambda s: str(s.articles_speaking_of_rebels)),
        ("sector", lambda s: _dist(s.actors.by_sector)),
        ("collective actors", lambda s: NOT_RECORDED if s.actors.collective is None else str(s.actors.collective)),
        ("ACLED inter code", lambda s: _dist(s.actors.by_inter)),
    ])

    sus = Table(title="suspects", title_justify="left")
    for c in ("kind", "count", "share", "mentions", "in top 300"):
        sus.add_column(c, justify="left" if c == "kind" else "right")
    for s in scopes[1:]:
        sus.add_column(escape(s.outlet or "(unknown outlet)"), justify="right")
    for kind, x in o.suspects.items():
        share = f"{pct(x.share, False)} of {x.of} {x.unit}"
        sus.add_row(kind, str(x.count), share, str(x.mentions), "" if x.top is None else str(x.top),
                    *(str(s.suspects[kind].count) if kind in s.suspects else "" for s in scopes[1:]))
    yield sus

    for kind, x in o.suspects.items():
        if not x.examples:
            continue
        t = Table(title=f"{kind}: examples", title_justify="left", show_lines=False)
        for c in ("text", "id", "article", "why", "context"):
            t.add_column(c, overflow="fold")
        for ex in x.examples:
            t.add_row(escape(ex.text), escape(ex.actor_id or ex.event_id or ""), escape(ex.article_id or ""),
                      escape(ex.detail), escape(ex.context))
        yield t


def render(report: AuditReport, console: Any) -> None:
    for item in tables(report):
        console.print(item)
