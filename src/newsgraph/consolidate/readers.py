"""Store-backed views across outlets, one plain function per CLI command (timeline, compare).

Why here and not in the CLI: the CLI only prints; the web app and scripts call the same functions and
get plain dicts.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from newsgraph.consolidate.timeline import actor_history
from newsgraph.errors import Errors, UsageError
from newsgraph.framing.tone import tone_by_outlet
from newsgraph.store.read import consolidation as rc
from newsgraph.store.read.actors import actor_mention_spans, actor_names, the_actor
from newsgraph.store.read.articles import article_texts
from newsgraph.store.read.events import actor_events, resolve_event
from newsgraph.store.read.framing import framing_groups
from newsgraph.store.read.quotes import quotes_by_outlet
from newsgraph.store.read.relations import relation_evidence

# Characters of an example shown per framing label (the evidence span is kept whole in the data).
EXAMPLE_CHARS = 120


def actor_timeline(store, actor: str) -> dict[str, Any]:
    """One actor's dated events and relation changes, oldest first, with evidence sentences."""
    with store.connect() as conn:
        a = the_actor(conn, actor)
        items = actor_history(a["id"], actor_events(conn, a["id"]), relation_evidence(conn, actor=a["id"]))
        names = actor_names(conn, [i["other"] for i in items])
        texts = _sentences(conn, items)
    for i in items:
        i["other_name"] = names.get(i["other"], {}).get("name", i["other"]) if i["other"] else None
        i["sentence"] = texts.get((i["article"], i["start"], i["end"]), "")
    return {"actor": a, "items": items}


def _sentences(conn, spans: list[dict[str, Any]]) -> dict[tuple[str, int, int], str]:
    texts = article_texts(conn, list({x["article"] for x in spans}))
    return {(x["article"], x["start"], x["end"]): texts.get(x["article"], "")[x["start"]:x["end"]] for x in spans}


def compare(store, *, actor: str | None = None, event: str | None = None, limit: int | None = None,
            offset: int = 0) -> dict[str, Any]:
    """Outlets side by side: for an actor, the labels each outlet gives it, how often it is quoted and
    the tone of the sentences naming it; for a consolidated event, each outlet's report and the
    contradictions; always, which outlets report which consolidated events (one page of that list:
    ``limit`` rows from ``offset`` on, with ``coverage_total`` the whole count)."""
    out: dict[str, Any] = {}
    with store.connect() as conn:
        outlets, coverage = rc.coverage(conn)
        every_cluster = coverage
        out["outlets"] = outlets
        if actor:
            a = the_actor(conn, actor)
            out["actor"] = a
            labels = sorted(framing_groups(conn, actor=a["id"]),
                            key=lambda d: (-d["count"], d["source"] or "", d["label"]))
            examples = _sentences(conn, [ex for row in labels for ex in row["examples"][:1]])
            for row in labels:
                first = row["examples"][0]
                row["example"] = examples.get((first["article"], first["start"], first["end"]), "")[:EXAMPLE_CHARS]
            out["framing"] = labels
            out["quotes"] = quotes_by_outlet(conn, actor=a["id"])
            out["tone"] = [t.to_dict() for t in tone_by_outlet(a["id"], actor_mention_spans(conn, a["id"]))]
            involved = {e["cluster"] for e in actor_events(conn, a["id"]) if e["cluster"]}
            coverage = [c for c in coverage if c["id"] in involved]
        if event:
            out["event"] = _event(conn, event, every_cluster)
    out["coverage_total"] = len(coverage)
    out["coverage"] = coverage[offset:] if limit is None else coverage[offset:offset + limit]
    return out


def _event(conn, prefix: str, coverage: list[dict[str, Any]]) -> dict[str, Any]:
    """An event by its public id (or a prefix of it), a report's row id or its exported (stage) id: a
    consolidated event with every report, or an event that stands alone with its one report."""
    match = [c for c in coverage if c["id"].startswith(prefix)]
    if not match:
        row_id = resolve_event(conn, prefix)  # E020 / E021 when nothing or several match
        cluster = rc.cluster_of_event(conn, row_id)
        if cluster is None:
            reports = rc.report_rows(conn, row_id=row_id)
            lone = reports[0]
            info = {"id": row_id, "type": lone["type"], "date_first": lone["date_value"],
                    "date_last": lone["date_value"], "place_name": lone["place_name"], "n_reports": 1,
                    "n_outlets": 1, "reported_by": [lone["source"] or "(unknown outlet)"], "left_out_by": []}
            return {"cluster": info, "reports": reports, "per_outlet": {info["reported_by"][0]: reports},
                    "contradictions": []}
        match = [c for c in coverage if c["id"] == cluster]
    if len(match) != 1:
        raise UsageError(Errors.E020.format(prefix=prefix))
    cluster = match[0]
    reports = rc.cluster_reports(conn, cluster["id"])
    per_outlet: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in reports:
        per_outlet[r["source"] or "(unknown outlet)"].append(r)
    return {"cluster": cluster, "reports": reports, "per_outlet": dict(per_outlet),
            "contradictions": rc.contradictions(conn, cluster=cluster["id"])}
