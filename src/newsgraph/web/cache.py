"""Answers the web app keeps until the store changes: the expensive reads that every pan, zoom or page
of a big store would otherwise repeat (the map's sites of a filter, the filter form's choices).

Why keyed by the store's state and not by time: a page must never show facts a build, a watch cycle or
a correction has changed. The state is what every write moves: the processed rows (count and latest
time: builds and watch cycles), the consolidated events and the correction log (counted in one query).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import Connection, func, select

from newsgraph.store import schema as s

ENTRIES = 64  # answers kept (a map's sites are ~100 KB at 100,000 events; 64 filters is a few MB)


def store_state(conn: Connection) -> tuple:
    """What changes whenever the store's facts do (one cheap query)."""
    p = s.processed.c
    return tuple(conn.execute(select(
        select(func.count()).select_from(s.processed).scalar_subquery(),
        select(func.max(p.processed_at)).scalar_subquery(),
        select(func.count()).select_from(s.event_clusters).scalar_subquery(),
        select(func.max(s.corrections.c.id)).scalar_subquery(),
        select(func.count()).select_from(s.actors).scalar_subquery())).one())


class ViewCache:
    """A small LRU of answers keyed by (store state, what was asked)."""

    def __init__(self, entries: int = ENTRIES) -> None:
        self.entries = entries
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, conn: Connection, key: Hashable, compute: Callable[[], Any]) -> Any:
        full = (store_state(conn), key)
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
