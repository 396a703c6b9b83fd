"""The JSON API under /api/: thin handlers over the store's readers (store/read/), validated by FastAPI.

Every list is a page ``{"total", "limit", "offset", "items"}`` with ``limit`` <= 500. Query parameters
are validated by pattern and range (a bad one is a 422, never a 500); SQL is built by store/read/ with
bound parameters only; no parameter ever names a file. Writes go through the Python API (api.ingest).
"""
from __future__ import annotations

import io
import json
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection

from newsgraph import api
from newsgraph.store.read import actors as read_actors
from newsgraph.store.read import articles as read_articles
from newsgraph.store.read import common as read_common
from newsgraph.store.read import corpus as read_corpus
from newsgraph.store.read import events as read_events
from newsgraph.store.read.filters import EventFilter
from newsgraph.errors import UsageError
from newsgraph.store.read import outlets as read_outlets
from newsgraph.store.read import places as read_places
from newsgraph.store.read import quotes as read_quotes
from newsgraph.store.read import relations as read_relations
from newsgraph.store.read import views as read_views
from newsgraph.web import cache

router = APIRouter(prefix="/api", tags=["api"])

# Patterns of what users may send. Ids are content hashes or knowledge-base ids: ASCII letters, digits,
# '_', dots, colons and dashes (``\w`` would also take any Unicode letter, which the schema's ECMA
# regex does not: the schema and the server must agree); dates are ISO with year, month or day precision.
ID_PATTERN = r"^[A-Za-z0-9_.:-]{1,64}$"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
TYPE_PATTERN = r"^[A-Za-z_]{1,32}$"
MAX_OFFSET = 10_000_000
MAX_TEXT_PARAM = 200  # characters of a free-text parameter (search words, outlet names)

Limit = Annotated[int, Query(ge=1, le=read_common.MAX_LIMIT, description="Page size (at most 500).")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]
DateQ = Annotated[str | None, Query(pattern=DATE_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD.")]
IdQ = Annotated[str | None, Query(pattern=ID_PATTERN, max_length=64)]
TypeQ = Annotated[str | None, Query(pattern=TYPE_PATTERN)]
TextQ = Annotated[str | None, Query(min_length=1, max_length=MAX_TEXT_PARAM)]
IdPath = Annotated[str, Path(pattern=ID_PATTERN, max_length=64)]


def event_filter(
        since: DateQ = None, until: DateQ = None, type: TypeQ = None, actor: IdQ = None,
        place: TextQ = None, outlet: TextQ = None,
        min_confidence: Annotated[float | None, Query(ge=0, le=1, description="Lowest confidence kept.")] = None,
        min_reports: Annotated[int | None, Query(ge=1, le=100_000, description="Reports telling the event.")] = None,
        min_outlets: Annotated[int | None, Query(ge=1, le=10_000, description="Outlets telling the event.")] = None,
        negated: Annotated[bool, Query(description="Include negated events.")] = False,
        hypothetical: Annotated[bool, Query(description="Include hypothetical events.")] = False,
        date_basis: Annotated[str, Query(pattern="^(any|event)$", description="event: only events dated "
                                         "by their own text.")] = "any",
        place_basis: Annotated[str, Query(pattern="^(any|located|unlocated)$")] = "any",
        view: Annotated[str, Query(pattern="^(consolidated|reports)$", description="consolidated (one row "
                                   "per event, the default) or reports.")] = "consolidated") -> EventFilter:
    """The filter model (store/read/filters.py) from query parameters: the same for the API and pages."""
    try:
        return EventFilter.parse(dict(since=since, until=until, type=type, actor=actor, place=place,
                                      outlet=outlet, min_confidence=min_confidence, min_reports=min_reports,
                                      min_outlets=min_outlets, negated=negated, hypothetical=hypothetical,
                                      date_basis=date_basis, place_basis=place_basis, view=view))
    except UsageError as exc:
        raise HTTPException(422, [{"loc": ["query"], "msg": str(exc), "type": "value_error"}]) from None


Filter = Annotated[EventFilter, Depends(event_filter)]


def conn(request: Request):
    """One read connection per request, closed when the response is sent."""
    with request.app.state.store.connect() as c:
        yield c


Conn = Annotated[Connection, Depends(conn)]


class Problem(BaseModel):
    """An error: what went wrong, for people."""

    detail: str


class Invalid(BaseModel):
    """A request the server refuses (FastAPI's validation error shape, used for every 422)."""

    detail: list[dict[str, Any]]


NOT_FOUND = {404: {"model": Problem, "description": "No such item."}}


def found_or_404(found: Any, what: str) -> Any:
    """``found``, or a 404 "no such <what>" when the reader found nothing."""
    if found is None:
        raise HTTPException(404, f"no such {what}")
    return found


class Page(BaseModel):
    total: int | None = Field(description="Items matching in all; null when not counted (search).")
    limit: int
    offset: int
    items: list[dict[str, Any]]


@router.get("/stats", summary="Corpus counts")
def stats(c: Conn) -> dict[str, Any]:
    """Articles, outlets, date range, articles per outlet and fact counts."""
    return read_corpus.stats(c)


@router.get("/articles", response_model=Page, summary="Articles, newest first")
def list_articles(c: Conn, source: TextQ = None, since: DateQ = None, until: DateQ = None,
                  limit: Limit = read_common.DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:
    """Article summaries; ``source`` is an outlet name (any case); dates filter ``published``."""
    return read_articles.articles_page(c, source=source, since=since, until=until, limit=limit, offset=offset)


@router.get("/articles/{article_id}", summary="One article with its fact spans", responses=NOT_FOUND)
def get_article(c: Conn, article_id: IdPath) -> dict[str, Any]:
    """The article (clean text and metadata) and every mention, place, date, event and quote in it."""
    return found_or_404(read_views.article_view(c, article_id), "article")


@router.get("/events", response_model=Page, summary="Events, newest first")
def list_events(request: Request, c: Conn, flt: Filter, article: IdQ = None,
                located: Annotated[bool | None, Query(description="Only events with (true) or without "
                                                                   "(false) coordinates.")] = None,
                cluster: IdQ = None, limit: Limit = read_common.DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:
    """PLOVER events through the filter model: consolidated events by default (one row per event,
    ``event`` is its public id), negated and hypothetical ones left out unless asked; dates filter the
    event date (the article date when the event has none). ``cluster`` lists one event's reports."""
    if located is not None:
        flt = flt.replace(place_basis="located" if located else "unlocated")
    if cluster or article:
        flt = flt.replace(view="reports")
    total = cache.events_total(request.app.state.view_cache, c, flt, article=article, cluster=cluster)
    return read_events.events_page(c, flt=flt, article=article, cluster=cluster, limit=limit, offset=offset,
                                   total=total)


@router.get("/aggregates", summary="Events and fatalities per day or week, by type, actor or outlet")
def aggregates(request: Request, c: Conn, flt: Filter,
               by: Annotated[str, Query(pattern="^(type|actor|outlet)$", description="Split the series by.")] = "type",
               bucket: Annotated[str, Query(pattern="^(day|week)$", description="Bucket width.")] = "week"
               ) -> dict[str, Any]:
    """Server-side aggregates of the overview charts over the events the filter keeps (top series by
    count, the rest as "other"); only day-dated events are counted (``undated`` says how many were not)."""
    return cache.aggregates(request.app.state.view_cache, c, flt, by=by, bucket=bucket)


BBOX_PATTERN = r"^-?\d{1,3}(\.\d+)?(,-?\d{1,3}(\.\d+)?){3}$"


@router.get("/map", summary="The map's bins: located events grouped by zoom level, with the data's extent")
def map_bins(request: Request, c: Conn, flt: Filter,
             zoom: Annotated[int, Query(ge=0, le=18, description="The map's zoom level (0: the world).")] = 3,
             bbox: Annotated[str | None, Query(pattern=BBOX_PATTERN, description="west,south,east,north in "
                                               "degrees: only bins inside (default: the world; clamped "
                                               "to it).")] = None
             ) -> dict[str, Any]:
    """Every located event the filter keeps, binned on a grid of about 56 px at ``zoom`` (counts and
    fatalities per bin; from zoom 11 one bin per site), never capped; ``extent`` is the box the events
    lie in (the farthest 2% on each side left out) for the map to open on."""
    from newsgraph.store.read import map as read_map

    box = None
    if bbox:  # any four numbers: each pair put in order and clamped to the world
        west, south, east, north = (float(v) for v in bbox.split(","))
        west, east = sorted((max(-180.0, min(180.0, west)), max(-180.0, min(180.0, east))))
        south, north = sorted((max(-90.0, min(90.0, south)), max(-90.0, min(90.0, north))))
        box = (west, south, east, north)
    found = cache.map_sites(request.app.state.view_cache, c, flt)
    return {**read_map.bins(found, zoom=zoom, bbox=box), "extent": read_map.extent(found),
            "located": sum(x.count for x in found)}


DayQ = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD.")]


@router.get("/timeline", summary="The timeline's window: its events when few, else counts per day, week or month")
def timeline_window(request: Request, c: Conn, flt: Filter, start: DayQ = None, end: DayQ = None) -> dict[str, Any]:
    """The events the filter keeps between ``start`` and ``end`` (both included; default: the data's
    first and last day) when they are at most 1,000 (``mode`` items), else their counts per type and
    day, week or month, the finest that gives at most 300 boxes (``mode`` buckets). ``extent`` is the
    first and last day of the filter's events; ``groups`` their types, most frequent first."""
    from newsgraph.store.read import window as read_window

    if start and end and start > end:
        start, end = end, start
    counts = cache.day_counts(request.app.state.view_cache, c, flt)
    return read_window.window(c, counts, flt, start=start, end=end)


@router.get("/coverage", summary="Which outlets report and which leave out each consolidated event")
def coverage(c: Conn, flt: Filter, limit: Limit = read_common.DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:
    """Per consolidated event the filter keeps (newest first): ``reported_by``, ``left_out_by`` (outlets
    that published within ``window_days`` of its date without reporting it) and ``silent`` (how many
    published nothing then); ``outlets``: per outlet, how many of the view's events it reports and leaves out."""
    from newsgraph.store.read.coverage import coverage as read_coverage

    return read_coverage(c, flt, limit=limit, offset=offset)


@router.get("/events/{event_id}", summary="One event with every report in context", responses=NOT_FOUND)
def get_event(c: Conn, event_id: IdPath) -> dict[str, Any]:
    return found_or_404(read_views.event_detail(c, event_id), "event")


@router.get("/actors", response_model=Page, summary="Actors, most mentioned first")
def list_actors(c: Conn, type: TypeQ = None, q: TextQ = None, limit: Limit = read_common.DEFAULT_LIMIT,
                offset: Offset = 0) -> dict[str, Any]:
    """``q`` matches the canonical name or any alias (substring, any case)."""
    return read_actors.actors_page(c, type=type, q=q, limit=limit, offset=offset)


@router.get("/actors/{actor_id}", summary="One actor: aliases, labels per outlet, events, relations, quotes",
            responses=NOT_FOUND)
def get_actor(c: Conn, actor_id: IdPath) -> dict[str, Any]:
    return found_or_404(read_views.actor_detail(c, actor_id), "actor")


@router.get("/relations", response_model=Page, summary="Relations between actors")
def list_relations(c: Conn, type: TypeQ = None, actor: IdQ = None,
                   as_of: Annotated[str | None, Query(pattern=DATE_PATTERN,
                                                      description="Only evidence dated on or before.")] = None,
                   limit: Limit = read_common.DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:
    """Relations with first/last evidence dates and report counts; ``actor`` is either end."""
    return read_relations.relations_page(c, type=type, actor=actor, as_of=as_of, limit=limit, offset=offset)


@router.get("/relations/{relation_id}/reports", summary="Every report of one relation in context")
def relation_reports(c: Conn, relation_id: IdPath) -> list[dict[str, Any]]:
    return read_relations.relation_reports(c, relation_id)


@router.get("/graph", summary="Actor graph: the strongest relations, their actors and communities")
def graph(c: Conn, as_of: DateQ = None, type: TypeQ = None, actor: IdQ = None,
          top: Annotated[int, Query(ge=1, le=1000, description="Relations drawn, strongest first.")] = 100,
          min_reports: Annotated[int, Query(ge=1, le=100_000, description="Only relations told by this many "
                                            "reports or more.")] = 1) -> dict[str, Any]:
    """The ``top`` relations by reports (of ``total_edges`` that pass the filters) with their actors, each
    with its Louvain community and whether the page labels it (the most reported actors)."""
    from newsgraph.store.read.graph import graph as actor_graph

    return actor_graph(c, as_of=as_of, type=type, actor=actor, top=top, min_reports=min_reports)


@router.get("/places", response_model=Page, summary="Place mentions")
def list_places(c: Conn, article: IdQ = None,
                country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None, q: TextQ = None,
                located: bool | None = None, limit: Limit = read_common.DEFAULT_LIMIT,
                offset: Offset = 0) -> dict[str, Any]:
    """Place mentions in article and text order; ``q`` is a place name (exact, any case)."""
    return read_places.places_page(c, article=article, country=country, q=q, located=located, limit=limit,
                              offset=offset)


@router.get("/quotes", response_model=Page, summary="Quotes")
def list_quotes(c: Conn, speaker: IdQ = None, outlet: TextQ = None, article: IdQ = None,
                limit: Limit = read_common.DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:
    return read_quotes.quotes_page(c, speaker=speaker, outlet=outlet, article=article, limit=limit, offset=offset)


@router.get("/outlets", summary="Per outlet: articles, events, labels per actor, quotes per speaker")
def outlets(c: Conn) -> list[dict[str, Any]]:
    return read_outlets.outlet_comparison(c)


@router.get("/search", response_model=Page, summary="Full-text search over articles")
def search(c: Conn, q: Annotated[str, Query(min_length=1, max_length=MAX_TEXT_PARAM)],
           limit: Limit = read_common.DEFAULT_LIMIT, offset: Offset = 0) -> dict[str, Any]:
    """Articles containing every word of ``q`` (title or text), best first, with a snippet."""
    # FTS ranks all matches but builds snippets only for the rows returned: one row more than the page
    # tells whether more exist without counting them all (total is null then)
    found = read_articles.search(c, q, limit=offset + limit + 1)
    total = len(found) if len(found) <= offset + limit else None
    return {"total": total, "limit": limit, "offset": offset, "items": found[offset:offset + limit]}


# -- writes -----------------------------------------------------------------------------------------
bearer = HTTPBearer(auto_error=False, description="The token given to `newsgraph serve --token`.")


def require_token(request: Request,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    """403 when the server has no token (read-only), 401 when the request's token is absent or wrong."""
    expected = request.app.state.token
    if not expected:
        raise HTTPException(403, "this server is read-only: start it with --token or NEWSGRAPH_TOKEN to allow writes")
    given = credentials.credentials if credentials else ""
    if not secrets.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"})


class ArticleIn(BaseModel):
    """One article as JSON (the fields of a jsonl input line)."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=900_000)
    title: str | None = Field(default=None, max_length=1000)
    source: str | None = Field(default=None, max_length=200)
    published: str | None = Field(default=None, max_length=40)
    url: str | None = Field(default=None, max_length=2000)
    author: str | None = Field(default=None, max_length=200)


class IngestOut(BaseModel):
    added: list[str]
    skipped: list[str]
    near_duplicates: list[list[str]]
    errors: list[str]


WRITE_ERRORS = {
    400: {"model": Problem, "description": "The body could not be parsed (not UTF-8 JSON)."},
    401: {"model": Problem, "description": "The bearer token is missing or wrong."},
    403: {"model": Problem, "description": "This server is read-only (started without a token)."},
    413: {"model": Problem, "description": "The request body is larger than 8 MB."},
    422: {"model": Invalid, "description": "The body does not match the schema."},
    200: {"model": IngestOut, "description": "Read, but nothing stored: `errors` says why (no story "
                                             "text after cleaning, for one)."},
}


@router.post("/articles", status_code=201, response_model=IngestOut, dependencies=[Depends(require_token)],
             summary="Ingest one article (bearer token required)", responses=WRITE_ERRORS)
def post_article(request: Request, article: ArticleIn) -> Any:
    """Cleans and stores the article exactly as `newsgraph ingest` does with a jsonl line: 201 when it
    is stored (``added``, or ``skipped`` when already there), 200 when nothing could be (``errors``)."""
    # ASCII JSON: a lone surrogate reaches the reader as an escape, and the reader's rule replaces it
    line = json.dumps(article.model_dump(exclude_none=True), ensure_ascii=True).encode("ascii")
    with request.app.state.write_lock:
        summary = api.ingest(["-"], store=request.app.state.store, stdin=io.BytesIO(line))
    out = {"added": summary.added_ids, "skipped": summary.skipped_ids,
           "near_duplicates": [list(p) for p in summary.near_duplicate_ids],
           "errors": [e.reason for e in summary.errors]}
    if summary.errors and not (summary.added_ids or summary.skipped_ids):
        return JSONResponse(out, status_code=200)  # a valid request whose article holds no story
    return out


class CorrectionIn(BaseModel):
    """One correction (store/corrections.py): ``target`` is ARTICLE:START-END for an event, an id for an
    actor or a relation."""

    model_config = ConfigDict(extra="forbid")
    kind: str = Field(pattern=r"^(reject_event|retype_event|fix_place|rename_actor|retype_actor|merge_actor|"
                              r"split_actor|reject_relation|retype_relation)$")
    target: str = Field(min_length=1, max_length=200)
    value: dict[str, Any] | None = None
    who: str = Field(min_length=1, max_length=200)
    why: str | None = Field(default=None, max_length=2000)


class CorrectionOut(BaseModel):
    correction: dict[str, Any] | None = Field(description="The correction as logged; null when refused.")
    errors: list[str] = Field(description="Why it was refused (its target or value does not fit its kind).")


CORRECTION_ERRORS = {**{k: v for k, v in WRITE_ERRORS.items() if k != 200},
                     200: {"model": CorrectionOut, "description": "Read, but not logged: `errors` says why."}}


@router.post("/corrections", status_code=201, response_model=CorrectionOut, dependencies=[Depends(require_token)],
             summary="Record and apply one correction (bearer token required)", responses=CORRECTION_ERRORS)
def post_correction(request: Request, correction: CorrectionIn) -> Any:
    """Appends the correction to the store's log and applies it (201); every later build applies it
    again. A correction whose target or value does not fit its kind is refused with 200 and ``errors``."""
    try:
        with request.app.state.write_lock:
            done = api.correct(correction.kind, correction.target, value=correction.value, who=correction.who,
                               why=correction.why, store=request.app.state.store)
    except UsageError as exc:
        return JSONResponse({"correction": None, "errors": [str(exc)]}, status_code=200)
    return {"correction": done, "errors": []}


@router.get("/corrections", summary="The correction log, oldest first")
def list_corrections(request: Request) -> list[dict[str, Any]]:
    return [c.model_dump() for c in request.app.state.store.corrections()]
