"""Store-backed views across outlets, one plain function per CLI command (timeline, compare).

Why here and not in the CLI: the CLI only prints; the web app and scripts call the same functions and
get plain dicts.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from newsgraph.consolidate.timeline import actor_history
from newsgraph.errors import Errors, UsageError
from newsgraph.store import consolidated as sc
from newsgraph.tone import tone_by_outlet
from newsgraph.version import PIPELINE_VERSION

# Messages for the error catalogue (errors.py is not this module's to edit; the lead moves them there).
# Characters of an example shown per framing label (the evidence span is kept whole in the data).
EXAMPLE_CHARS = 120


def resolve_actor(conn, name: str) -> dict[str, Any]:
    found = sc.find_actor(conn, name)
    if found is None:
        raise UsageError(Errors.E019.format(name=name))
    return found


def actor_timeline(store, actor: str, *, pipeline_version: str = PIPELINE_VERSION) -> dict[str, Any]:
    """One actor's dated events and relation changes, oldest first, with evidence sentences."""
    with store.connect() as conn:
        a = resolve_actor(conn, actor)
        items = actor_history(a["id"], sc.actor_events(conn, pipeline_version, a["id"]),
                              sc.relation_reports(conn, pipeline_version, actor=a["id"]))
        names = sc.actor_names(conn, [i["other"] for i in items if i["other"]])
        texts = _sentences(conn, items)
    for i in items:
        i["other_name"] = names.get(i["other"], i["other"]) if i["other"] else None
        i["sentence"] = texts.get((i["article"], i["start"], i["end"]), "")
    return {"actor": a, "items": items}


def _sentences(conn, spans: list[dict[str, Any]]) -> dict[tuple[str, int, int], str]:
    from sqlalchemy import select

    from newsgraph.store import schema as s
    ids = list({x["article"] for x in spans})
    texts: dict[str, str] = {}
    for i in range(0, len(ids), sc.IN_CHUNK):
        chunk = ids[i:i + sc.IN_CHUNK]
        for row in conn.execute(select(s.articles.c.id, s.articles.c.text).where(s.articles.c.id.in_(chunk))):
            texts[row.id] = row.text
    return {(x["article"], x["start"], x["end"]): texts.get(x["article"], "")[x["start"]:x["end"]] for x in spans}


def compare(store, *, actor: str | None = None, event: str | None = None,
            pipeline_version: str = PIPELINE_VERSION) -> dict[str, Any]:
    """Outlets side by side: for an actor, the labels each outlet gives it, how often it is quoted and
    the tone of the sentences naming it; for a consolidated event, each outlet's report and the
    contradictions; always, which outlets report which consolidated events."""
    out: dict[str, Any] = {}
    with store.connect() as conn:
        outlets, coverage = sc.coverage(conn, pipeline_version)
        every_cluster = coverage
        out["outlets"] = outlets
        if actor:
            a = resolve_actor(conn, actor)
            out["actor"] = a
            labels = sc.framing_by_outlet(conn, pipeline_version, actor=a["id"])
            examples = _sentences(conn, [ex for row in labels for ex in row["examples"][:1]])
            for row in labels:
                first = row["examples"][0]
                row["example"] = examples.get((first["article"], first["start"], first["end"]), "")[:EXAMPLE_CHARS]
            out["framing"] = labels
            out["quotes"] = sc.quotes_by_outlet(conn, pipeline_version, actor=a["id"])
            out["tone"] = [t.to_dict() for t in tone_by_outlet(
                a["id"], sc.actor_mention_spans(conn, pipeline_version, a["id"]))]
            involved = {e["cluster"] for e in sc.actor_events(conn, pipeline_version, a["id"]) if e["cluster"]}
            coverage = [c for c in coverage if c["id"] in involved]
        if event:
            out["event"] = _event(conn, event, every_cluster, pipeline_version)
    out["coverage"] = coverage
    return out


def _event(conn, prefix: str, coverage: list[dict[str, Any]], pipeline_version: str) -> dict[str, Any]:
    """A consolidated event by (prefix of) its id, or the cluster of an event with that (stage) id."""
    match = [c for c in coverage if c["id"].startswith(prefix)]
    if not match:
        from sqlalchemy import select

        from newsgraph.store import schema as s
        e = s.events.c
        row = conn.execute(select(e.cluster).where(e.pipeline_version == pipeline_version,
                                                   (e.event_id == prefix) | (e.id == prefix))).first()
        if row is not None and row.cluster:
            match = [c for c in coverage if c["id"] == row.cluster]
    if len(match) != 1:
        raise UsageError(Errors.E020.format(prefix=prefix))
    cluster = match[0]
    reports = sc.cluster_reports(conn, cluster["id"])
    per_outlet: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in reports:
        per_outlet[r["source"] or "(unknown outlet)"].append(r)
    return {"cluster": cluster, "reports": reports, "per_outlet": dict(per_outlet),
            "contradictions": sc.contradictions(conn, pipeline_version, cluster=cluster["id"])}
