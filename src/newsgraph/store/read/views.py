"""Views that gather several entities for one page or one command: an article with every fact in it, an
actor with its events, relations and quotes, an event with its reports and contradictions.

Why composed here and not by the caller: a CLI command or a web route should print or render one
answer, not assemble it from five reads (and two surfaces assembling the same thing drift apart).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection

from newsgraph.evidence import sentence_span
from newsgraph.store.read import actors as ra
from newsgraph.store.read import events as re_
from newsgraph.store.read import quotes as rq
from newsgraph.store.read import relations as rr
from newsgraph.store.read.articles import article, article_texts
from newsgraph.store.read.common import MAX_LIMIT
from newsgraph.store.read.consolidation import stored_contradictions
from newsgraph.store.read.dates import dates
from newsgraph.store.read.framing import framing_groups
from newsgraph.store.read.places import places


def article_view(conn: Connection, article_id: str) -> dict[str, Any] | None:
    """One article with every fact span in it (mentions, places, dates, events, quotes)."""
    art = article(conn, article_id)
    if art is None:
        return None
    art.pop("raw_sha", None)
    mentions = ra.mentions(conn, article_id=article_id)
    names = ra.actor_names(conn, {m["actor_id"] for m in mentions})
    for m in mentions:
        m["actor_name"] = names.get(m["actor_id"], {}).get("name") if m["actor_id"] else None
    return {"article": art, "mentions": mentions, "places": places(conn, article_id=article_id),
            "dates": dates(conn, article_id=article_id),
            "events": re_.events_page(conn, article=article_id, limit=MAX_LIMIT)["items"],
            "quotes": rq.article_quotes(conn, article_id)}


def labels_by_outlet(conn: Connection, actor: str) -> dict[str, list[dict[str, Any]]]:
    """outlet -> [{label, count}] for one actor, most used first per outlet."""
    labels: dict[str, list[dict[str, Any]]] = defaultdict(list)
    groups = sorted(framing_groups(conn, actor=actor),
                    key=lambda g: (g["source"] is not None, g["source"] or "", -g["count"], g["label"]))
    for g in groups:
        labels[g["source"] or "(unknown outlet)"].append({"label": g["label"], "count": g["count"]})
    return dict(labels)


# Events on an actor's web page (the most recent; the page links to all of them): the top actor of the
# synthetic 100,000-event store has 25,000 and 500 rendered rows took most of the page's second.
ACTOR_PAGE_EVENTS = 100


def actor_detail(conn: Connection, actor_id: str, *, events: int = ACTOR_PAGE_EVENTS) -> dict[str, Any] | None:
    """One actor (by id) for the web: aliases with counts, labels per outlet, pages of its events
    (the ``events`` most recent; None when 0: the page loads them apart), relations and quotes."""
    actor = ra.actor_row(conn, actor_id)
    if actor is None:
        return None
    actor["mentions"] = ra.mention_count(conn, actor_id)
    from newsgraph.store.corrections import actor_corrections, relation_corrections

    relations = rr.relations_page(conn, actor=actor_id, limit=MAX_LIMIT)
    fixed = relation_corrections(conn, relations["items"])
    for r in relations["items"]:
        r["corrected"] = "; ".join(f"corrected by {c['who']} on {c['at']}: {c['kind'].replace('_', ' ')}"
                                   for c in fixed.get(r["id"], [])) or None
    return {"actor": actor, "aliases": ra.actor_aliases(conn, actor_id), "labels": labels_by_outlet(conn, actor_id),
            "corrections": actor_corrections(conn, actor_id),
            "events": re_.events_page(conn, actor=actor_id, limit=events) if events else None,
            "relations": relations,
            "quotes": rq.quotes_page(conn, speaker=actor_id, limit=MAX_LIMIT)}


def actor_profile(conn: Connection, name: str, *, limit: int | None = None, since: str | None = None,
                  until: str | None = None) -> dict[str, Any]:
    """What ``newsgraph show actor NAME`` prints: the best matching actor (UsageError E018 when none)
    with its aliases, events, relations, quotes and every mention with its sentence; ``others`` names
    the other actors the name matches. ``limit``: at most that many of each list (mentions, events,
    relations, quotes; ``totals`` says how many there are); ``since``/``until`` (YYYY[-MM[-DD]]) keep
    the mentions of articles published, and the events dated, in that range."""
    found = ra.find_actors(conn, name)
    if not found:
        ra.resolve_actor_ids(conn, name)  # raises the catalogue's "no actor matches"
    actor = found[0]
    ids = [actor["id"]]
    actor["aliases"] = ra.actor_aliases(conn, actor["id"])
    mentions = ra.actor_mentions(conn, actor["id"], limit=limit, since=since, until_=until)
    texts = article_texts(conn, sorted({m["article_id"] for m in mentions}))
    actor["events"] = re_.events(conn, actor_ids=ids, since=since, until=until, limit=limit)
    actor["relations"] = rr.relations(conn, actor_ids=ids, limit=limit)
    actor["quotes"] = rq.quotes(conn, speaker_ids=ids, limit=limit)
    for m in mentions:
        lo, hi = sentence_span(texts[m["article_id"]], m["start"], m["end"])
        m["sentence"] = texts[m["article_id"]][lo:hi]
    actor["mentions_list"] = mentions
    actor["totals"] = {"mentions": ra.mention_count(conn, actor["id"], since=since, until_=until),
                       "events": re_.count_events(conn, actor_ids=ids, since=since, until=until)}
    actor["others"] = [f["name"] for f in found[1:]]
    return actor


def event_profile(conn: Connection, prefix: str) -> dict[str, Any]:
    """What ``newsgraph show event ID`` prints: one event (by id or unique prefix) with every report's
    evidence and the sentence around it."""
    ev = re_.event(conn, prefix)
    for r in ev["reports"]:
        text = r.pop("article_text")
        lo, hi = sentence_span(text, r["start"], r["end"])
        r["sentence"], r["evidence"] = text[lo:hi], text[r["start"]:r["end"]]
    return ev


def event_detail(conn: Connection, event_row_id: str) -> dict[str, Any] | None:
    """One event for the web: every report in context, the other events of its cluster and the
    contradictions consolidation found between them (none when the event is in no cluster)."""
    event = re_.event_detail(conn, event_row_id)
    if event is None:
        return None
    stored = stored_contradictions(conn, event["cluster"]) if event["cluster"] else None
    event["contradictions"] = stored or []
    event["contradictions_basis"] = "consolidation" if stored is not None else "none"
    from newsgraph.store.corrections import corrections_of, event_target

    ev = event["evidence"]
    event["target"] = event_target(ev["article"], ev["start"], ev["end"])
    event["corrections"] = corrections_of(conn, [event["target"]]).get(event["target"], [])
    from newsgraph.store.read.coverage import event_coverage

    event["coverage"] = event_coverage(conn, event["event"])
    return event
