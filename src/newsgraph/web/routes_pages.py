"""The HTML pages: each handler reads through the store's readers (store/read/) and renders one Jinja2
template.

The map, timeline and graph pages are rendered with their filters; their scripts fetch the data from the
JSON API (the URL is passed in a data- attribute, escaped like everything else, never inline script).
"""
from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from newsgraph.export.view import view_text

from newsgraph.store.read import actors as read_actors
from newsgraph.store.read import articles as read_articles
from newsgraph.store.read import common as read_common
from newsgraph.store.read import corpus as read_corpus
from newsgraph.store.read import events as read_events
from newsgraph.store.read import outlets as read_outlets
from newsgraph.store.read import relations as read_relations
from newsgraph.store.read import views as read_views
from newsgraph.web import cache
from newsgraph.web.highlight import Span, highlight
from newsgraph.web.routes_api import (MAX_OFFSET, MAX_TEXT_PARAM, DateQ, Filter, IdPath, IdQ, TextQ, TypeQ,
                                      found_or_404)

router = APIRouter(include_in_schema=False)

# Rows per page on the HTML list pages (the API allows up to read_common.MAX_LIMIT).
PAGE_SIZE = 50
OffsetQ = Annotated[int, Query(ge=0, le=MAX_OFFSET)]


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    env = request.app.state.templates
    html = env.get_template(template).render(request=request, vendor_missing=request.app.state.vendor_missing,
                                             **context)
    return HTMLResponse(html, status_code=status)


def _query(**params: Any) -> str:
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _filters(type: str | None, actor: str | None, outlet: str | None, since: str | None,
             until: str | None) -> dict[str, Any]:
    return {"type": type, "actor": actor, "outlet": outlet, "since": since, "until": until}


def _with_conn(request: Request):
    return request.app.state.store.connect()


# A big store, for the pages: above this many event rows the overview does not audit the store before
# answering (the audit of the synthetic 100,000-event store takes ~40 s; a button loads /overview/audit)
# and an actor's page loads its events after the page.
BIG_STORE_EVENTS = 20_000
# The "merge into" suggestions of an actor's correction form: the most mentioned actors (any id is accepted),
# from the filter menus the view cache keeps (their query is ~0.8 s on the 100,000-event store).
MERGE_CANDIDATES = 100


@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> HTMLResponse:
    from newsgraph.audit import cached_overview_summary, overview_summary

    location = request.app.state.store.location
    with _with_conn(request) as c:
        data = dict(cache.overview(request.app.state.view_cache, c))
        data["audit"] = cached_overview_summary(c, location=location)
        if data["audit"] is None and data["stats"]["facts"]["events"] <= BIG_STORE_EVENTS:
            data["audit"] = overview_summary(c, location=location)
    return render(request, "overview.html", **data)


@router.get("/overview/audit", response_class=HTMLResponse)
def overview_audit(request: Request) -> HTMLResponse:
    """The overview's data-quality section alone (the page loads it on demand on a big store)."""
    from newsgraph.audit import overview_summary

    with _with_conn(request) as c:
        audit = overview_summary(c, location=request.app.state.store.location)
    return render(request, "_audit.html", audit=audit)


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: Annotated[str, Query(max_length=MAX_TEXT_PARAM)] = "") -> HTMLResponse:
    with _with_conn(request) as c:
        rows = read_articles.search(c, q, limit=PAGE_SIZE) if q.strip() else []
    return render(request, "search.html", q=q, rows=rows)


def _filter_context(request: Request, c, filters: dict[str, Any]) -> dict[str, Any]:
    """What the filter form needs: the choices (kept until the store changes: ranking the actors of a
    big store takes a second) and the current values."""
    actor_name = None
    if filters.get("actor"):
        actor_name = read_actors.actor_names(c, [filters["actor"]]).get(filters["actor"], {}).get("name")
    choices = cache.filter_choices(request.app.state.view_cache, c)
    return {"filters": filters, **choices, "actor_name": actor_name}


def _view_context(request: Request, c, flt) -> dict[str, Any]:
    """The filter form's choices and values, the filter as a query and the "export this view" links."""
    ctx = _filter_context(request, c, flt.model_dump())
    query = flt.query()
    ctx.update(flt=flt, query=query, exports=[(label, f"/export/events.{ext}?{query}")
                                              for label, ext in (("CSV", "csv"), ("ACLED CSV", "acled.csv"),
                                                                 ("JSONL", "jsonl"))])
    return ctx


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, flt: Filter) -> HTMLResponse:
    with _with_conn(request) as c:
        ctx = _view_context(request, c, flt)
    return render(request, "map.html", api="/api/map?" + flt.query(), events_url="/events?" + flt.query(), **ctx)


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, flt: Filter) -> HTMLResponse:
    with _with_conn(request) as c:
        ctx = _view_context(request, c, flt)
    return render(request, "timeline.html", api="/api/timeline?" + flt.query(), **ctx)


# "export this view": the events of a page's filter as a file (export/view.py)
EXPORT_TYPES = {"csv": ("csv", "text/csv; charset=utf-8"), "acled.csv": ("acled", "text/csv; charset=utf-8"),
                "jsonl": ("jsonl", "application/x-ndjson; charset=utf-8")}


@router.get("/export/events.{ext}")
def export_view(request: Request, flt: Filter, ext: str) -> Response:
    if ext not in EXPORT_TYPES:
        found_or_404(None, "export format")
    fmt, media = EXPORT_TYPES[ext]
    with _with_conn(request) as c:
        body = view_text(c, flt, fmt)
    name = f"events.{ext}"
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


GRAPH_TOPS = (25, 50, 100, 250, 500, 1000)  # the page's choices of how many relations to draw


@router.get("/coverage", response_class=HTMLResponse)
def coverage_page(request: Request, flt: Filter, offset: OffsetQ = 0) -> HTMLResponse:
    from newsgraph.store.read.coverage import coverage

    with _with_conn(request) as c:
        page = coverage(c, flt, limit=PAGE_SIZE, offset=offset)
        ctx = _view_context(request, c, flt)
    ctx["exports"] = [(label, f"/export/coverage.{ext}?{ctx['query']}") for label, ext in (("CSV", "csv"),
                                                                                         ("JSONL", "jsonl"))]
    return render(request, "coverage.html", page=page, **ctx)


@router.get("/export/coverage.{ext}")
def export_coverage(request: Request, flt: Filter, ext: str) -> Response:
    from newsgraph.export.view import coverage_text

    if ext not in ("csv", "jsonl"):
        found_or_404(None, "export format")
    with _with_conn(request) as c:
        body = coverage_text(c, flt, ext)
    return Response(body, media_type=EXPORT_TYPES[ext][1],
                    headers={"Content-Disposition": f'attachment; filename="coverage.{ext}"'})


@router.get("/graph", response_class=HTMLResponse)
def graph_page(request: Request, type: TypeQ = None,
               top: Annotated[int, Query(ge=1, le=1000)] = 100,
               min_reports: Annotated[int, Query(ge=1, le=100_000)] = 1) -> HTMLResponse:
    with _with_conn(request) as c:
        types = read_relations.relation_types(c)
    api = "/api/graph?" + _query(type=type, top=top, min_reports=min_reports)
    return render(request, "graph.html", api=api, relation_types=types, current_type=type, top=top,
                  tops=sorted({*GRAPH_TOPS, top}), min_reports=min_reports)


@router.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request, q: TextQ = None, type: TypeQ = None, offset: OffsetQ = 0) -> HTMLResponse:
    with _with_conn(request) as c:
        page = read_actors.actors_page(c, q=q, type=type, limit=PAGE_SIZE, offset=offset)
    return render(request, "actors.html", page=page, q=q or "", type=type, query=_query(q=q, type=type))


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor_page(request: Request, actor_id: IdPath) -> HTMLResponse:
    """On a big store the actor's events load after the page (/actors/ID/events): the busiest actor of
    the synthetic 100,000-event store has 32,000 reports, whose count and page take two seconds."""
    with _with_conn(request) as c:
        big = read_corpus.event_rows(c) > BIG_STORE_EVENTS
        data = found_or_404(read_views.actor_detail(c, actor_id, events=0 if big else read_views.ACTOR_PAGE_EVENTS),
                            "actor")
        others = cache.filter_choices(request.app.state.view_cache, c)["actors"][:MERGE_CANDIDATES + 1]
    from newsgraph.store.corrections import ACTOR_TYPES

    return render(request, "actor.html", actor_types=sorted(ACTOR_TYPES),
                  merge_candidates=[a for a in others if a["id"] != actor_id], **data)


@router.get("/actors/{actor_id}/events", response_class=HTMLResponse)
def actor_events(request: Request, actor_id: IdPath) -> HTMLResponse:
    """The events section of an actor's page alone."""
    with _with_conn(request) as c:
        data = found_or_404(read_views.actor_detail(c, actor_id), "actor")
    return render(request, "_actor_events.html", **data)


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, flt: Filter, offset: OffsetQ = 0) -> HTMLResponse:
    with _with_conn(request) as c:
        total = cache.events_total(request.app.state.view_cache, c, flt)
        page = read_events.events_page(c, flt=flt, limit=PAGE_SIZE, offset=offset, total=total)
        ctx = _view_context(request, c, flt)
    return render(request, "events.html", page=page, **ctx)


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: IdPath) -> HTMLResponse:
    with _with_conn(request) as c:
        event = found_or_404(read_views.event_detail(c, event_id), "event")
    return render(request, "event.html", event=event)


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request, source: TextQ = None, since: DateQ = None, until: DateQ = None,
                  offset: OffsetQ = 0) -> HTMLResponse:
    with _with_conn(request) as c:
        page = read_articles.articles_page(c, source=source, since=since, until=until, limit=PAGE_SIZE, offset=offset)
    return render(request, "articles.html", page=page, query=_query(source=source, since=since, until=until))


def article_spans(view: dict[str, Any]) -> list[Span]:
    """Every fact of an article as a highlight span (event sentences underlined, names marked)."""
    spans = [Span(e["evidence"]["start"], e["evidence"]["end"], "event", f"event {e['type']}")
             for e in view["events"]]
    spans += [Span(q["start"], q["end"], "quote", f"quote by {q['speaker_name'] or 'unknown speaker'}")
              for q in view["quotes"]]
    spans += [Span(m["start"], m["end"], "actor", f"actor: {m['actor_name'] or m['label']}")
              for m in view["mentions"]]
    spans += [Span(p["start"], p["end"], "place", f"place: {p['name'] or 'unresolved'}"
                   + (f" ({p['lat']:.2f}, {p['lon']:.2f})" if p["lat"] is not None and p["lon"] is not None else ""))
              for p in view["places"]]
    spans += [Span(d["start"], d["end"], "date", f"date: {d['value'] or 'unresolved'}") for d in view["dates"]]
    return spans


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: IdPath) -> HTMLResponse:
    with _with_conn(request) as c:
        view = found_or_404(read_views.article_view(c, article_id), "article")
    body = highlight(view["article"]["text"], article_spans(view))
    return render(request, "article.html", view=view, body=body)


@router.get("/api-reference", response_class=HTMLResponse)
def api_reference(request: Request) -> HTMLResponse:
    """The HTTP API as documented by its OpenAPI schema (rendered here: nothing from a CDN)."""
    schema = request.app.openapi()
    endpoints = []
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            params = [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                       "schema": _schema_text(p.get("schema", {})), "description": p.get("description", "")}
                      for p in op.get("parameters", [])]
            endpoints.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                              "description": op.get("description", ""), "params": params,
                              "body": "requestBody" in op, "secured": "security" in op})
    return render(request, "api.html", endpoints=endpoints, title=schema["info"]["title"],
                  version=schema["info"]["version"])


def _schema_text(schema: dict[str, Any]) -> str:
    """A parameter's type and limits in a few words (anyOf [x, null] shown as x)."""
    options = [o for o in schema.get("anyOf", [schema]) if o.get("type") != "null"]
    parts = []
    for o in options:
        text = o.get("type", "")
        limits = [f"{k} {o[k]}" for k in ("minimum", "maximum", "minLength", "maxLength", "pattern") if k in o]
        parts.append(text + (f" ({', '.join(limits)})" if limits else ""))
    default = f"; default {schema['default']}" if "default" in schema else ""
    return " or ".join(parts) + default


@router.get("/outlets", response_class=HTMLResponse)
def outlets_page(request: Request) -> HTMLResponse:
    with _with_conn(request) as c:
        rows = read_outlets.outlet_comparison(c)
    return render(request, "outlets.html", outlets=rows)



@router.get("/alerts.atom")
def alerts_feed(request: Request) -> Response:
    """The alerts `newsgraph watch` raised, newest first, as an Atom feed (RFC 4287)."""
    from xml.etree import ElementTree as ET

    from newsgraph.store.read import alerts as read_alerts

    with _with_conn(request) as c:
        rows = read_alerts.latest(c)
    ns = "http://www.w3.org/2005/Atom"
    base = str(request.base_url).rstrip("/")
    feed = ET.Element("feed", xmlns=ns)
    ET.SubElement(feed, "title").text = "newsgraph alerts"
    ET.SubElement(feed, "id").text = f"{base}/alerts.atom"
    ET.SubElement(feed, "updated").text = rows[0]["at"] if rows else "1970-01-01T00:00:00+00:00"
    ET.SubElement(feed, "link", rel="self", href=f"{base}/alerts.atom")
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = "newsgraph watch"
    for r in rows:
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "title").text = f"{r['rule']}: {r['summary']}"
        ET.SubElement(entry, "id").text = f"urn:newsgraph:alert:{r['id']}"
        ET.SubElement(entry, "updated").text = r["at"]
        ET.SubElement(entry, "link", href=f"{base}/events/{r['event']}")
        ET.SubElement(entry, "summary").text = (f"{r['summary']} (evidence: article {r['article_id']}, "
                                                f"characters {r['start']}-{r['end']})")
    body = ET.tostring(feed, encoding="unicode", xml_declaration=False)
    return Response('<?xml version="1.0" encoding="utf-8"?>\n' + body, media_type="application/atom+xml")
