"""Answers the web app keeps until the store changes: the expensive reads that every pan, zoom or page
of a big store would otherwise repeat (the map's sites of a filter, the filter form's choices).

Why keyed by the store's state and not by time: a page must never show facts a build, a watch cycle or
a correction has changed. The state is what every write moves: the processed rows (count and latest
time: builds and watch cycles), the consolidated events, the correction log, the actors, articles
(an ingest without a build) and event rows, counted in one query (~25 ms at 100,000 events).

The state is read once per connection, not once per answer: the web opens one read connection per
request, so a page that asks for several answers (the events page: its total and the filter menus) pays
for one state. A route that writes does so on a connection of its own (the store's writer), never on
the one it reads the cache with.
"""
from __future__ import annotations

import logging
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import Connection, func, select

from newsgraph.store import schema as s

log = logging.getLogger(__name__)
ENTRIES = 64  # answers kept (a map's sites are ~100 KB at 100,000 events; 64 filters is a few MB)


def store_state(conn: Connection) -> tuple:
    """What changes whenever the store's facts do (one cheap query)."""
    p = s.processed.c
    return tuple(conn.execute(select(
        select(func.count()).select_from(s.processed).scalar_subquery(),
        select(func.max(p.processed_at)).scalar_subquery(),
        select(func.count()).select_from(s.event_clusters).scalar_subquery(),
        select(func.max(s.corrections.c.id)).scalar_subquery(),
        select(func.count()).select_from(s.actors).scalar_subquery(),
        select(func.count()).select_from(s.articles).scalar_subquery(),
        select(func.count()).select_from(s.events).scalar_subquery())).one())


class ViewCache:
    """A small LRU of answers keyed by (store state, what was asked)."""

    def __init__(self, entries: int = ENTRIES) -> None:
        self.entries = entries
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        # the store state each open connection saw first (one per request); gone with the connection
        self._states: weakref.WeakKeyDictionary[Connection, tuple] = weakref.WeakKeyDictionary()

    def state(self, conn: Connection) -> tuple:
        """The store's state as ``conn`` saw it at its first question (read once per connection)."""
        with self._lock:
            known = self._states.get(conn)
        if known is None:
            known = store_state(conn)
            with self._lock:
                self._states[conn] = known
        return known

    def get(self, conn: Connection, key: Hashable, compute: Callable[[], Any]) -> Any:
        full = (self.state(conn), key)
        with self._lock:
            if full in self._data:
                self._data.move_to_end(full)
                return self._data[full]
        value = compute()
        with self._lock:
            self._data[full] = value
            while len(self._data) > self.entries:
                self._data.popitem(last=False)
        return value


# -- the answers kept, by name: the routes and the warm-up ask for them the same way -------------------
def filter_choices(cache: ViewCache, conn: Connection) -> dict[str, Any]:
    """The filter form's menus: event types, outlets and the 500 most mentioned actors."""
    from newsgraph.store.read import actors, common, events, outlets

    return cache.get(conn, ("filter-choices",), lambda: {
        "event_types": events.event_types(conn), "outlets": outlets.outlets(conn),
        "actors": actors.actors_page(conn, limit=common.MAX_LIMIT)["items"]})


def overview(cache: ViewCache, conn: Connection) -> dict[str, Any]:
    """The overview page's counts, outlets, event types and latest events."""
    from newsgraph.store.read import corpus

    return cache.get(conn, ("overview",), lambda: corpus.overview(conn))


def events_total(cache: ViewCache, conn: Connection, flt, *, article: str | None = None,
                 cluster: str | None = None) -> int:
    from newsgraph.store.read import events

    return cache.get(conn, ("events-total", flt.query(), article, cluster),
                     lambda: events.events_total(conn, flt=flt, article=article, cluster=cluster))


def map_sites(cache: ViewCache, conn: Connection, flt) -> list:
    from newsgraph.store.read import map as read_map

    return cache.get(conn, ("map-sites", flt.query()), lambda: read_map.sites(conn, flt))


def day_counts(cache: ViewCache, conn: Connection, flt) -> list:
    from newsgraph.store.read import window

    return cache.get(conn, ("day-counts", flt.query()), lambda: window.day_counts(conn, flt))


def aggregates(cache: ViewCache, conn: Connection, flt, *, by: str, bucket: str) -> dict[str, Any]:
    """The overview chart's series (store/read/aggregates.py)."""
    from newsgraph.store.read.aggregates import series

    return cache.get(conn, ("aggregates", flt.query(), by, bucket), lambda: series(conn, flt, by=by, bucket=bucket))


def warm(cache: ViewCache, store, done: threading.Event | None = None) -> None:
    """Compute what the first visits of the overview, events, map and timeline pages ask for, with the default
    filter (run by ``newsgraph serve`` in a thread at start: on a big store each is a second or more)."""
    from newsgraph.store.read.filters import EventFilter

    flt = EventFilter()
    try:
        with store.connect() as conn:
            overview(cache, conn)
            aggregates(cache, conn, flt, by="type", bucket="week")
            filter_choices(cache, conn)
            events_total(cache, conn, flt)
            map_sites(cache, conn, flt)
            day_counts(cache, conn, flt)
    except Exception:  # noqa: BLE001 - a warm-up that fails only leaves the first visits slower
        log.warning("warming the view cache failed", exc_info=True)
    finally:
        if done is not None:
            done.set()
