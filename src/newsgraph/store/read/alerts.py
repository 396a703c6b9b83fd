"""Reading and writing watch alerts (``alerts`` table, migrations 0008 and 0011): one row per (rule,
event evidence), so a restarted watch never raises the same alert twice, and the sinks each alert has
not reached yet (``pending``), so a watch killed before it wrote or POSTed an alert does it next time."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, insert, select, update

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


def pending(conn: Connection, sink: str) -> list[dict[str, Any]]:
    """The alerts that have not reached ``sink`` yet, oldest first."""
    q = select(s.alerts).where(al_.pending.is_not(None)).order_by(al_.at, al_.id)
    return [dict(r._mapping) for r in conn.execute(q) if sink in (r.pending or "").split()]


def delivered(conn: Connection, ids: Iterable[str], sink: str) -> None:
    """Mark ``sink`` as reached for these alerts (``pending`` becomes NULL when nothing is left)."""
    ids = list(ids)
    for i in range(0, len(ids), 500):
        rows = conn.execute(select(al_.id, al_.pending).where(al_.id.in_(ids[i:i + 500]))).all()
        for aid, left in rows:
            rest = " ".join(x for x in (left or "").split() if x != sink) or None
            conn.execute(update(s.alerts).where(al_.id == aid).values(pending=rest))


def latest(conn: Connection, limit: int = 100) -> list[dict[str, Any]]:
    """The newest alerts first."""
    return [dict(r._mapping) for r in conn.execute(select(s.alerts).order_by(al_.at.desc(), al_.id).limit(limit))]
