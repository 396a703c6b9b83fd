"""Incremental consolidation: re-cluster only around the blocks whose reports changed.

Why this is exact (equal to a full re-run on the same store): clustering merges only along scored
pairs (``clusters.merge_scored``), so it decomposes over the connected components of the graph of
pairs that reached the threshold (the links, stored in ``event_links``). Candidate pairs come from
(type, polarity, day) blocks and from blocks of days within the window, and depend only on the
contents of those blocks; so a build re-scores the block pairs that touch a changed block, finds the
components the changed links and reports touch (closed under the new links and the old consolidated
events), and re-clusters just those. Undated reports are few and re-scored together when one changes.

Ids stay deterministic: a consolidated event's id is a hash of its member report ids (writer.cluster_id),
whichever run made it.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Connection, func, select

from newsgraph.consolidate import clusters
from newsgraph.consolidate.clusters import (DATE_WINDOW_DAYS, MERGE_THRESHOLD, block_pairs, merge_scored,
                                            score_pairs, undated_pairs)
from newsgraph.records import EventView
from newsgraph.store import schema as s
from newsgraph.store.read.common import chunks
from newsgraph.store.read.events import event_views, view_order

log = logging.getLogger(__name__)

Link = tuple[str, str]  # (a, b) event row ids, a < b

# Above this share of the stored reports lying in the neighbourhood (window of days) of a changed block,
# a full run is cheaper than re-scoring the neighbourhoods; same result either way. 0.5: the
# neighbourhood's pairs cost about what a full run's do, plus the incremental bookkeeping (links and
# closure queries). A share of blocks (the earlier rule) sent every build on a big store to a full run,
# whose cost grows with the store, while the neighbourhood grows only with the blocks' density.
FULL_RUN_SHARE = 0.5


def kind_of(v: EventView) -> str:
    """The blocking kind of a report: type, negated, hypothetical."""
    return f"{v.type}|{int(v.negated)}|{int(v.hypothetical)}"


def block_of(v: EventView) -> tuple[str, int | None]:
    day = v.day()
    return kind_of(v), day.toordinal() if day else None


@dataclass(slots=True)
class Delta:
    """What one consolidation changes in the store (applied by Store.write_consolidation_delta)."""

    full: bool  # replace everything (blocks, links, consolidated events)
    views: list[EventView] = field(default_factory=list)  # the reports re-clustered, in store order
    clusters: list[list[int]] = field(default_factory=list)  # index lists into views
    drop_clusters: set[str] = field(default_factory=set)  # consolidated event ids replaced
    blocks_add: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    blocks_drop: set[str] = field(default_factory=set)
    links_add: dict[Link, tuple[str, int | None, int | None, float]] = field(default_factory=dict)
    links_drop: set[Link] = field(default_factory=set)
    dirty_done: set[str] = field(default_factory=set)  # consolidation_dirty article ids handled
    changed: int = 0  # reports new, gone or changed since the last consolidation


def plan(conn: Connection, *, full: bool = False, threshold: float = MERGE_THRESHOLD) -> Delta:
    """The consolidation delta of the store behind ``conn`` (``full``: from scratch)."""
    eb, e, el = s.event_blocks.c, s.events.c, s.event_links.c
    dirty_articles = {r[0] for r in conn.execute(select(s.consolidation_dirty.c.article_id))}
    if not full and conn.execute(select(eb.event_id).limit(1)).first() is None:
        full = conn.execute(select(e.id).limit(1)).first() is not None  # never consolidated: from scratch
    delta = Delta(full=full, dirty_done=dirty_articles)
    if not full and not dirty_articles:
        # Every write of an event marks its article dirty (the writer's fact replacement, the actor
        # merge, the corrections): with none marked, nothing changed since the last consolidation, and
        # a no-op build on a big store skips the scans for new and gone reports below.
        return delta
    if full:
        views = sorted(event_views(conn), key=view_order)
        new_ids = {v.id for v in views}
        gone: dict[str, tuple[str, int | None]] = {}
        dirty_ids: set[str] = set()
    else:
        new_ids = {r[0] for r in conn.execute(
            select(e.id).outerjoin(s.event_blocks, eb.event_id == e.id).where(eb.event_id.is_(None)))}
        gone = {r.event_id: (r.kind, r.day) for r in conn.execute(
            select(eb.event_id, eb.kind, eb.day).outerjoin(s.events, e.id == eb.event_id).where(e.id.is_(None)))}
        dirty_ids = set()
        for part in chunks(sorted(dirty_articles)):
            dirty_ids |= {r[0] for r in conn.execute(select(e.id).where(e.article_id.in_(list(part))))}
        dirty_ids -= new_ids
        views = event_views(conn, ids=new_ids | dirty_ids) if (new_ids or dirty_ids) else []
    delta.changed = len(new_ids) + len(gone) + len(dirty_ids)
    if not delta.changed and not full:
        return delta
    by_id = {v.id: v for v in views}
    delta.blocks_add = {i: block_of(by_id[i]) for i in new_ids}
    delta.blocks_drop = set(gone)

    # 1. the changed blocks, and the reports of every block within the window of one
    changed: dict[str, set[int]] = defaultdict(set)
    undated_changed = False
    for kind, day in [block_of(v) for v in views] + list(gone.values()):
        if day is None:
            undated_changed = True
        else:
            changed[kind].add(day)
    if full:
        neighbourhood = views
    else:
        ids = set(by_id)
        for kind, days in changed.items():
            near = sorted({d + k for d in days for k in range(-DATE_WINDOW_DAYS, DATE_WINDOW_DAYS + 1)})
            for part in chunks(near):
                ids |= {r[0] for r in conn.execute(select(eb.event_id).where(eb.kind == kind, eb.day.in_(list(part))))}
        if undated_changed:
            ids |= {r[0] for r in conn.execute(select(eb.event_id).where(eb.day.is_(None)))}
        ids -= set(gone)
        # When the changed blocks' neighbourhoods hold a large share of the stored reports (a backlog
        # spread over the whole period on a small store), a full run is cheaper; same result either way.
        stored = conn.execute(select(func.count()).select_from(s.event_blocks)).scalar() or 1
        if len(ids) > FULL_RUN_SHARE * stored:
            log.info("consolidation: %d of %d reports near a change, running it in full", len(ids), stored)
            return plan(conn, full=True, threshold=threshold)
        neighbourhood = event_views(conn, ids=ids)

    # 2. re-score the block pairs touching a changed block
    idx_by_block: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    undated: list[int] = []
    for i, v in enumerate(neighbourhood):
        kind, day = block_of(v)
        (undated.append(i) if day is None else idx_by_block[kind][day].append(i))
    # A block pair small enough to be compared all-pairs both before and after the change keeps the
    # candidate pairs it had, so only the pairs touching a changed report are scored (and only their
    # links replaced); a bigger one (split by place, sorted window) is re-scored whole.
    touched_ids = set(by_id)
    gone_per_block: dict[tuple[str, int | None], int] = defaultdict(int)
    for kd in gone.values():
        gone_per_block[kd] += 1
    new_per_block: dict[tuple[str, int | None], int] = defaultdict(int)
    for i in new_ids:
        new_per_block[delta.blocks_add[i]] += 1
    whole: set[tuple[str, int, int]] = set()  # block pairs re-scored whole
    pairs: list[tuple[int, int]] = []
    for kind, days in changed.items():
        by_day = idx_by_block.get(kind, {})
        todo = {(d1, d1 + k) for d in days for d1 in range(d - DATE_WINDOW_DAYS, d + 1)
                for k in range(DATE_WINDOW_DAYS + 1) if d in (d1, d1 + k)}
        for d1, d2 in sorted(todo):
            if not (d1 in by_day and d2 in by_day):
                if d1 in by_day or d2 in by_day or gone_per_block.get((kind, d1)) or gone_per_block.get((kind, d2)):
                    whole.add((kind, d1, d2))  # a block emptied or alone: nothing to pair, old links go
                continue
            now_l, now_r = len(by_day[d1]), len(by_day[d2])
            old_l = now_l - new_per_block.get((kind, d1), 0) + gone_per_block.get((kind, d1), 0)
            old_r = now_r - new_per_block.get((kind, d2), 0) + gone_per_block.get((kind, d2), 0)
            found = block_pairs(neighbourhood, by_day[d1], None if d1 == d2 else by_day[d2])
            small = (max(now_l, old_l) <= clusters.MAX_BLOCK if d1 == d2
                     else max(now_l * now_r, old_l * old_r) <= clusters.MAX_BLOCK * clusters.MAX_BLOCK)
            if small and not full:
                pairs += [(i, j) for i, j in found if neighbourhood[i].id in touched_ids
                          or neighbourhood[j].id in touched_ids]
            else:
                whole.add((kind, d1, d2))
                pairs += found
    if undated_changed:
        pairs += undated_pairs(neighbourhood, undated)
    for (i, j), score in score_pairs(neighbourhood, pairs, threshold).items():
        a, b = neighbourhood[i], neighbourhood[j]
        key, (kind, day_a), (_, day_b) = (a.id, b.id), block_of(a), block_of(b)
        if key[0] > key[1]:
            key, day_a, day_b = (b.id, a.id), day_b, day_a
        delta.links_add[key] = (kind, day_a, day_b, score)
    if full:
        delta.views = neighbourhood
        delta.clusters = merge_scored(neighbourhood, _local_scores(neighbourhood, delta.links_add), threshold)
        return delta

    # 3. the stored links replaced: those of block pairs re-scored whole, and those touching a changed report
    old_links: dict[Link, float] = {}
    lost = touched_ids | set(gone)
    for kind, days in changed.items():
        for part in chunks(sorted(days)):
            for col in (el.day_a, el.day_b):
                for r in conn.execute(select(el.a, el.b, el.score, el.day_a, el.day_b)
                                      .where(el.kind == kind, col.in_(list(part)))):
                    lo, hi = sorted((r.day_a, r.day_b))
                    if (kind, lo, hi) in whole or r.a in lost or r.b in lost:
                        old_links[(r.a, r.b)] = r.score
    if undated_changed:  # the undated reports are re-scored together
        for r in conn.execute(select(el.a, el.b, el.score).where(el.day_a.is_(None))):
            old_links[(r.a, r.b)] = r.score
    delta.links_drop = set(old_links)
    moved = {k for k in old_links if delta.links_add.get(k, (None,) * 4)[3] != old_links[k]}
    moved |= {k for k in delta.links_add if k not in old_links}

    # 4. the reports whose consolidated event may change: closed under the new links and old clusters
    seeds = set(new_ids) | dirty_ids | {x for k in moved for x in k}
    seeds |= _old_cluster_members_of_gone(conn, set(gone))
    seeds -= set(gone)
    members, scores, old_clusters = _closure(conn, seeds, delta.links_drop, delta.links_add)
    delta.drop_clusters = old_clusters
    if gone:  # consolidated events all of whose reports are gone (one article's, re-extracted)
        ec = s.event_clusters.c
        delta.drop_clusters |= {r[0] for r in conn.execute(
            select(ec.id).outerjoin(s.events, e.cluster == ec.id).where(e.id.is_(None)))}
    delta.views = event_views(conn, ids=members)
    pos = {v.id: i for i, v in enumerate(delta.views)}
    local = {}
    for (a, b), sc in scores.items():
        if a in pos and b in pos:
            i, j = pos[a], pos[b]
            local[(i, j) if i < j else (j, i)] = sc
    delta.clusters = merge_scored(delta.views, local, threshold)
    return delta


def _local_scores(views: list[EventView], links: dict[Link, tuple]) -> dict[tuple[int, int], float]:
    pos = {v.id: i for i, v in enumerate(views)}
    out = {}
    for (a, b), (_, _, _, sc) in links.items():
        i, j = pos[a], pos[b]
        out[(i, j) if i < j else (j, i)] = sc
    return out


def _old_cluster_members_of_gone(conn: Connection, gone: set[str]) -> set[str]:
    """Members of stored links to gone reports (their consolidated events lost a member)."""
    el = s.event_links.c
    out: set[str] = set()
    for part in chunks(sorted(gone)):
        for r in conn.execute(select(el.a, el.b).where(el.a.in_(list(part)) | el.b.in_(list(part)))):
            out |= {r.a, r.b}
    return out


def _closure(conn: Connection, seeds: set[str], dropped: set[Link],
             added: dict[Link, tuple]) -> tuple[set[str], dict[Link, float], set[str]]:
    """The reports reachable from ``seeds`` over the new links and the old consolidated events, the new
    links among them, and the ids of the old consolidated events they were in."""
    el, e = s.event_links.c, s.events.c
    adj: dict[str, dict[str, float]] = defaultdict(dict)
    for (a, b), (_, _, _, sc) in added.items():
        adj[a][b] = adj[b][a] = sc
    members: set[str] = set()
    clusters: set[str] = set()
    scores: dict[Link, float] = {}
    frontier = set(seeds)
    while frontier:
        members |= frontier
        found: set[str] = set()
        part_list = sorted(frontier)
        for part in chunks(part_list):
            part = list(part)
            for r in conn.execute(select(el.a, el.b, el.score).where(el.a.in_(part) | el.b.in_(part))):
                if (r.a, r.b) not in dropped:
                    adj[r.a][r.b] = adj[r.b][r.a] = r.score
            new_clusters = {r[0] for r in conn.execute(
                select(e.cluster).where(e.id.in_(part), e.cluster.is_not(None)))} - clusters
            clusters |= new_clusters
            for cpart in chunks(sorted(new_clusters)):
                found |= {r[0] for r in conn.execute(select(e.id).where(e.cluster.in_(list(cpart))))}
        for x in frontier:
            for y, sc in adj.get(x, {}).items():
                scores[(x, y) if x < y else (y, x)] = sc
                found.add(y)
        frontier = found - members
    return members, scores, clusters

