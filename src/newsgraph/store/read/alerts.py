"""Reading and writing watch alerts (``alerts`` table, migration 0008): one row per (rule, event
evidence), so a restarted watch never raises the same alert twice."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, insert, select

from newsgraph.store import schema as s

al_ = s.alerts.c


def known_ids(conn: Connection, ids: Iterable[str]) -> set[str]:
    ids = list(ids)
    found: set[str] = set()
    for i in range(0, len(ids), 500):
        found |= set(conn.execute(select(al_.id).where(al_.id.in_(ids[i:i + 500]))).scalars())
    return found


def add(conn: Connection, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(s.alerts), rows)


def latest(conn: Connection, limit: int = 100) -> list[dict[str, Any]]:
    """The newest alerts first."""
    return [dict(r._mapping) for r in conn.execute(select(s.alerts).order_by(al_.at.desc(), al_.id).limit(limit))]
