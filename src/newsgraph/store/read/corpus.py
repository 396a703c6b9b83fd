"""Reading the corpus as a whole: counts for a summary and what the overview page shows."""
from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from newsgraph.store import schema as s
from newsgraph.store.read.events import event_types, events_page
from newsgraph.store.read.outlets import outlets

a_ = s.articles.c


def stats(conn: Connection) -> dict[str, Any]:
    """Counts for a summary: articles, outlets, date range, per-outlet counts, fact counts."""
    n_articles = conn.execute(select(func.count()).select_from(s.articles)).scalar_one()
    first, last = conn.execute(select(func.min(a_.published), func.max(a_.published))).one()
    per_outlet = outlets(conn)
    unknown = conn.execute(select(func.count()).where(a_.outlet_id.is_(None))).scalar_one()
    facts = {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
             for t in (s.actors, s.mentions, s.places, s.dates, s.events, s.relations, s.quotes,
                       s.framing_labels)}
    return {
        "articles": n_articles,
        "documents": conn.execute(select(func.count()).select_from(s.documents)).scalar_one(),
        "near_duplicates": conn.execute(select(func.count()).where(a_.duplicate_of.is_not(None))).scalar_one(),
        "undated": conn.execute(select(func.count()).where(a_.published.is_(None))).scalar_one(),
        "outlets": len(per_outlet),
        "first_published": first,
        "last_published": last,
        "per_outlet": per_outlet + ([{"id": None, "name": None, "articles": unknown}] if unknown else []),
        "facts": facts,
        "processed": conn.execute(select(func.count()).select_from(s.processed)).scalar_one(),
        "ingest_errors": conn.execute(select(func.count()).select_from(s.ingest_errors)).scalar_one(),
    }


def event_rows(conn: Connection) -> int:
    """How many event rows (reports) the store holds (an index count)."""
    return conn.execute(select(func.count()).select_from(s.events)).scalar_one()


def overview(conn: Connection, *, latest: int = 10) -> dict[str, Any]:
    """What the overview page shows: corpus counts, outlets, date range and the latest events."""
    return {"stats": stats(conn), "latest_events": events_page(conn, limit=latest, count=False)["items"],
            "event_types": event_types(conn)}
