"""Corrections: an analyst's fixes of the extracted facts, kept as an append-only log in the store and
applied after every build and merge, so that a rebuild (even by a new pipeline version) gives the
corrected result.

Targets are what survives a rebuild: an event is named by its evidence, ``ARTICLE:START-END`` (row ids
change with the pipeline version; the article and the offsets of its sentence do not); an actor and a
relation by their ids (content hashes of their names). Each correction is one row (who, when, why,
what); applying the log is idempotent, in log order (a later correction of the same fact wins).

Kinds and their value:
- ``reject_event``: none. ``retype_event``: ``{"type": PLOVER, "mode": str|null}``.
  ``fix_place``: ``{"name", "country", "lat", "lon"}`` (what is not given becomes unknown).
- ``rename_actor``: ``{"name": str}``. ``retype_actor``: ``{"type": str}``. ``merge_actor``:
  ``{"into": ACTOR_ID}``. ``split_actor``: ``{"alias": str, "name": str}`` (mentions by that alias become
  a new actor).
- ``reject_relation``: none. ``retype_relation``: ``{"type": str}`` (its reports move to the relation of
  that type between the same actors; a rebuild makes the old relation again, and the log moves them again).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from newsgraph.errors import Errors, StoreError, UsageError
from newsgraph.ids import stable_id
from newsgraph.storable import is_storable
from newsgraph.store import schema as s
from newsgraph.store.writer import _mark_dirty as mark_dirty
from newsgraph.store.writer import _move_actor_rows as move_actor_rows

Kind = Literal["reject_event", "retype_event", "fix_place", "rename_actor", "retype_actor", "merge_actor",
               "split_actor", "reject_relation", "retype_relation"]
EVENT_KINDS = frozenset({"reject_event", "retype_event", "fix_place"})
ACTOR_KINDS = frozenset({"rename_actor", "retype_actor", "merge_actor", "split_actor"})
SPAN = re.compile(r"^(?P<article>[A-Za-z0-9_.:-]{1,64}):(?P<start>\d+)-(?P<end>\d+)$")
RELATION_TYPE = re.compile(r"^[a-z][a-z_]{0,31}$")  # supports, arms, fights, negotiates_with, ...
ACTOR_TYPES = frozenset({"person", "armed_group", "government", "state", "igo", "political_party", "company",
                         "media", "other"})


class Correction(BaseModel):
    """One line of the log (and of corrections.jsonl)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: Kind
    target: str = Field(min_length=1, max_length=200)
    value: dict[str, Any] | None = None
    who: str = Field(min_length=1, max_length=200)
    why: str | None = Field(default=None, max_length=2000)
    at: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def uid(self) -> str:
        return stable_id("correction", self.kind, self.target, json.dumps(self.value, sort_keys=True),
                         self.who, self.why or "", self.at)


def check(c: Correction) -> Correction:
    """``c`` when its target and value fit its kind; UsageError E026 otherwise."""
    v = c.value or {}
    texts = [("target", c.target), ("who", c.who), ("why", c.why or ""), *_strings("value", v)]
    for field, value in texts:
        if not is_storable(value):  # a NUL or a lone surrogate: PostgreSQL refuses it, so no backend keeps it
            raise UsageError(Errors.E026.format(reason=f"{field} holds a NUL or a lone surrogate"))
    if c.kind in EVENT_KINDS and not SPAN.match(c.target):
        raise UsageError(Errors.E026.format(reason=f"an event is named ARTICLE:START-END, got {c.target!r}"))
    need = {"retype_event": "type", "rename_actor": "name", "retype_actor": "type", "merge_actor": "into",
            "split_actor": "alias", "retype_relation": "type"}.get(c.kind)
    if need and not (isinstance(v.get(need), str) and v[need].strip()):
        raise UsageError(Errors.E026.format(reason=f"{c.kind} needs a value {need!r}"))
    if c.kind == "retype_actor" and v["type"] not in ACTOR_TYPES:
        raise UsageError(Errors.E026.format(reason=f"actor type {v['type']!r}; known: {', '.join(sorted(ACTOR_TYPES))}"))
    if c.kind == "retype_relation" and not RELATION_TYPE.match(v["type"].strip()):
        raise UsageError(Errors.E026.format(reason=f"relation type {v['type']!r}: lower-case words joined by _"))
    if c.kind == "fix_place":
        for key in ("lat", "lon"):
            if v.get(key) is not None and not isinstance(v[key], int | float):
                raise UsageError(Errors.E026.format(reason=f"{key} must be a number"))
    return c


def _strings(path: str, value: Any) -> Iterable[tuple[str, str]]:
    """Every string in ``value`` (keys too), with where it sits."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, item in value.items():
            yield from _strings(f"{path}.{k}", k)
            yield from _strings(f"{path}.{k}", item)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(f"{path}[{i}]", item)


def parse(data: dict[str, Any]) -> Correction:
    try:
        return check(Correction(**data))
    except ValidationError as exc:
        err = exc.errors()[0]
        raise UsageError(Errors.E026.format(reason=f"{'.'.join(map(str, err['loc']))}: {err['msg']}")) from None


def event_target(article: str, start: int, end: int) -> str:
    return f"{article}:{start}-{end}"


# -- the log --------------------------------------------------------------------------------------
def record(engine: Engine, corrections: Iterable[Correction]) -> int:
    """Append corrections to the log (one already there, same content, is not added twice); how many added."""
    added = 0
    try:
        with engine.begin() as conn:
            for c in corrections:
                uid = c.uid()
                if conn.execute(select(s.corrections.c.id).where(s.corrections.c.uid == uid)).first():
                    continue
                conn.execute(insert(s.corrections).values(
                    kind=c.kind, target=c.target, value=json.dumps(c.value, sort_keys=True) if c.value else None,
                    who=c.who, why=c.why, at=c.at, uid=uid))
                added += 1
    except SQLAlchemyError as exc:
        raise StoreError(Errors.E015.format(reason=exc)) from exc
    return added


def log(conn: Connection, *, targets: Iterable[str] | None = None) -> list[Correction]:
    """The log in order (only corrections of ``targets`` when given)."""
    q = select(s.corrections).order_by(s.corrections.c.id)
    if targets is not None:
        q = q.where(s.corrections.c.target.in_(list(targets)))
    return [Correction(kind=r.kind, target=r.target, value=json.loads(r.value) if r.value else None, who=r.who,
                       why=r.why, at=r.at) for r in conn.execute(q)]


def to_jsonl(corrections: Iterable[Correction]) -> str:
    return "".join(json.dumps(c.model_dump(), ensure_ascii=False, sort_keys=True) + "\n" for c in corrections)


def from_jsonl(text: str, path: str = "<corrections>") -> list[Correction]:
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            out.append(parse(data))
        except (ValueError, UsageError) as exc:
            raise UsageError(Errors.E027.format(path=path, line=n, reason=exc)) from None
    return out


# -- applying the log -----------------------------------------------------------------------------
def apply(engine: Engine) -> int:
    """Apply the whole log to the stored facts, in order (idempotent); how many corrections changed a fact."""
    changed = 0
    try:
        with engine.begin() as conn:
            for c in log(conn):
                changed += _apply_one(conn, engine, c)
    except SQLAlchemyError as exc:
        raise StoreError(Errors.E015.format(reason=exc)) from exc
    return changed


def _event_rows(conn: Connection, target: str) -> list[str]:
    m = SPAN.match(target)
    e = s.events.c
    return list(conn.execute(select(e.id).where(e.article_id == m["article"], e.start == int(m["start"]),
                                                e.end == int(m["end"]))).scalars())


def _apply_one(conn: Connection, engine: Engine, c: Correction) -> int:
    v = c.value or {}
    if c.kind in EVENT_KINDS:
        ids = _event_rows(conn, c.target)
        if not ids:
            return 0
        e = s.events
        mark_dirty(conn, set(ids))  # the incremental consolidation re-clusters what a correction changed in place
        if c.kind == "reject_event":
            for child in (s.event_actors, s.event_reports):
                conn.execute(delete(child).where(child.c.event_id.in_(ids)))
            conn.execute(delete(e).where(e.c.id.in_(ids)))
        elif c.kind == "retype_event":
            conn.execute(update(e).where(e.c.id.in_(ids)).values(type=v["type"].strip().upper(), mode=v.get("mode")))
        else:  # fix_place: what the analyst does not give is unknown, never kept from the wrong place
            conn.execute(update(e).where(e.c.id.in_(ids)).values(
                place_name=v.get("name"), place_country=(v.get("country") or None) and v["country"].upper(),
                place_lat=v.get("lat"), place_lon=v.get("lon"), place_geonames_id=None, place_admin1=None,
                place_precision="site" if v.get("lat") is not None else ("country" if v.get("country") else None)))
        return 1
    a = s.actors
    if c.kind in ACTOR_KINDS and conn.execute(select(a.c.id).where(a.c.id == c.target)).first() is None:
        return 0
    if c.kind == "rename_actor":
        conn.execute(update(a).where(a.c.id == c.target).values(name=v["name"].strip()))
    elif c.kind == "retype_actor":
        conn.execute(update(a).where(a.c.id == c.target).values(type=v["type"]))
    elif c.kind == "merge_actor":
        into = v["into"].strip()
        if into == c.target or conn.execute(select(a.c.id).where(a.c.id == into)).first() is None:
            return 0
        mark_dirty(conn, _events_of(conn, c.target))
        move_actor_rows(conn, {c.target: into})
    elif c.kind == "split_actor":
        mark_dirty(conn, _events_of(conn, c.target))
        return _split(conn, c)
    elif c.kind == "reject_relation":
        r = s.relations
        if conn.execute(select(r.c.id).where(r.c.id == c.target)).first() is None:
            return 0
        conn.execute(delete(s.relation_reports).where(s.relation_reports.c.relation_id == c.target))
        conn.execute(delete(r).where(r.c.id == c.target))
    elif c.kind == "retype_relation":
        return _retype_relation(conn, c.target, v["type"].strip())
    return 1


def _retype_relation(conn: Connection, target: str, new_type: str) -> int:
    """The reports of relation ``target`` moved to the relation of ``new_type`` between the same actors
    (made when missing, with the writer's id), and ``target`` dropped."""
    r = s.relations
    old = conn.execute(select(r).where(r.c.id == target)).first()
    if old is None or old.type == new_type:
        return 0
    new_id = stable_id("relation", old.source_id, new_type, old.target_id)  # as writer._write_relations
    if conn.execute(select(r.c.id).where(r.c.id == new_id)).first() is None:
        conn.execute(insert(r).values(id=new_id, source_id=old.source_id, target_id=old.target_id, type=new_type))
    conn.execute(update(s.relation_reports).where(s.relation_reports.c.relation_id == target)
                 .values(relation_id=new_id))
    conn.execute(delete(r).where(r.c.id == target))
    return 1


def _events_of(conn: Connection, actor_id: str) -> set[str]:
    return set(conn.execute(select(s.event_actors.c.event_id).where(s.event_actors.c.actor_id == actor_id)).scalars())


def _split(conn: Connection, c: Correction) -> int:
    """Mentions of ``target`` by ``alias`` (any case) become a new actor named ``name`` (default: the alias)."""
    v = c.value or {}
    alias = v["alias"].strip()
    name = (v.get("name") or alias).strip()
    new_id = split_actor_id(c.target, alias)
    old = conn.execute(select(s.actors).where(s.actors.c.id == c.target)).first()
    m = s.mentions.c
    moved = list(conn.execute(select(m.id).where(m.actor_id == c.target, m.text.ilike(alias))).scalars())
    if not moved:
        return 0
    if conn.execute(select(s.actors.c.id).where(s.actors.c.id == new_id)).first() is None:
        conn.execute(insert(s.actors).values(id=new_id, name=name, type=old.type, country=None, kb_id=None,
                                             created_at=c.at, pipeline_version=old.pipeline_version))
    conn.execute(update(s.mentions).where(m.id.in_(moved)).values(actor_id=new_id))
    al = s.actor_aliases.c
    conn.execute(update(s.actor_aliases).where(al.actor_id == c.target, al.alias.ilike(alias)).values(actor_id=new_id))
    return 1


def split_actor_id(target: str, alias: str) -> str:
    """The id of the actor a ``split_actor`` of ``target`` by ``alias`` makes."""
    return stable_id("actor-split", target, alias.strip().casefold())


def actor_corrections(conn: Connection, actor_id: str) -> list[dict[str, Any]]:
    """The corrections that shaped one actor, in log order: of the actor itself, merges into it and the
    split that made it (shown on its page as "corrected by ...")."""
    out = []
    for c in log(conn):
        if c.kind not in ACTOR_KINDS:
            continue
        v = c.value or {}
        if (c.target == actor_id or (c.kind == "merge_actor" and str(v.get("into", "")).strip() == actor_id)
                or (c.kind == "split_actor" and split_actor_id(c.target, str(v.get("alias", ""))) == actor_id)):
            out.append(c.model_dump())
    return out


def relation_corrections(conn: Connection, relations: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """relation id -> the corrections that made it (a ``retype_relation`` of the same actors' relation of
    another type: its target is that relation's id, tried for every type the relations stage knows)."""
    from newsgraph.lexicon import read_tsv

    retypes = [c for c in log(conn) if c.kind == "retype_relation"]
    if not retypes:
        return {}
    types = {r["relation"] for r in read_tsv("newsgraph.relations", "data/relation_patterns.tsv",
                                              ("lemma", "pos", "relation", "direction", "object", "reason"))}
    out: dict[str, list[dict[str, Any]]] = {}
    for rel in relations:
        src, dst = rel["source"]["id"], rel["target"]["id"]
        olds = {stable_id("relation", src, t, dst) for t in types | {c.value["type"] for c in retypes}}
        out[rel["id"]] = [c.model_dump() for c in retypes if c.target in olds and c.value["type"] == rel["type"]]
    return {k: v for k, v in out.items() if v}


def corrections_of(conn: Connection, targets: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """target -> its corrections (who, when, why, what) for showing on the fact ("corrected by ...")."""
    out: dict[str, list[dict[str, Any]]] = {}
    for c in log(conn, targets=list(targets)):
        out.setdefault(c.target, []).append(c.model_dump())
    return out
