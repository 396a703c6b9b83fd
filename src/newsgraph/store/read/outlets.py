"""Reading outlets: each with its article count, and side by side (events, labels per actor, quotes per
speaker)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from newsgraph.store import schema as s
from newsgraph.store.read.actors import actor_names
from newsgraph.store.read.framing import framing_groups
from newsgraph.store.read.quotes import quote_counts

o_ = s.outlets.c
a_ = s.articles.c
e_ = s.events.c


def outlets(conn: Connection) -> list[dict[str, Any]]:
    """Outlets with their article counts, most articles first."""
    n = func.count(a_.id)
    q = (select(o_.id, o_.name, n.label("articles"))
         .select_from(s.outlets.outerjoin(s.articles, a_.outlet_id == o_.id))
         .group_by(o_.id, o_.name).order_by(n.desc(), o_.name))
    return [dict(r._mapping) for r in conn.execute(q)]


def outlet_comparison(conn: Connection) -> list[dict[str, Any]]:
    """Per outlet: article and event counts, labels per actor and quotes per speaker."""
    events_n = dict(conn.execute(select(o_.name, func.count(e_.id))
                                 .select_from(s.events.join(s.articles, a_.id == e_.article_id)
                                              .join(s.outlets, a_.outlet_id == o_.id))
                                 .group_by(o_.name)).all())
    quote_rows = sorted((r for r in quote_counts(conn, known_speakers=False) if r["source"] is not None),
                        key=lambda r: (r["source"], -r["quotes"], r["speaker_id"] is not None, r["speaker_id"] or ""))
    labels = sorted(framing_groups(conn), key=lambda g: (g["source"] is not None, g["source"] or "", g["actor"],
                                                        -g["count"], g["label"]))
    names = actor_names(conn, {g["actor"] for g in labels} | {r["speaker_id"] for r in quote_rows})
    by_name: dict[str, dict[str, Any]] = {}
    for o in outlets(conn):
        by_name[o["name"].lower()] = {"id": o["id"], "name": o["name"], "articles": o["articles"],
                                      "events": events_n.get(o["name"], 0), "labels": [], "quotes": []}
    for g in labels:
        entry = by_name.get((g["source"] or "").lower())
        if entry is not None:
            name = names.get(g["actor"], {}).get("name", g["actor"])
            entry["labels"].append({"actor": g["actor"], "actor_name": name, "label": g["label"], "count": g["count"]})
    for r in quote_rows:
        entry = by_name.get(r["source"].lower())
        if entry is not None:
            speaker = r["speaker_id"]
            entry["quotes"].append({"speaker": speaker, "speaker_name": names.get(speaker, {}).get("name")
                                    if speaker else None, "count": r["quotes"]})
    return list(by_name.values())
