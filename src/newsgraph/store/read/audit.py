"""What the audit (``newsgraph.audit``) reads: every fact table of a store, whatever its schema version.

The tables are reflected from the database itself (not taken from ``store/schema.py``), so that a
store written before or after a column was added is read as it is: a column that is not there is
reported as not recorded, never guessed (the actor and event work add ``articles.dropped``,
``events.date_basis`` ... ``actors.inter``). Only reads; works on any SQLAlchemy dialect the store
supports. The store holds one pipeline version's facts per article, so by default every stored fact is
read; ``pipeline_version`` keeps one version's.
"""
from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, MetaData, Table, func, inspect, select, true

log = logging.getLogger(__name__)

# Columns that later work adds (issues 11 and 12); the audit reports each as "not recorded" when absent.
OPTIONAL = {
    "dropped": ("articles", "dropped"),
    "date_basis": ("events", "date_basis"),
    "place_basis": ("events", "place_basis"),
    "geo_precision": ("events", "geo_precision"),
    "time_precision": ("events", "time_precision"),
    "sector": ("actors", "sector"),
    "collective": ("actors", "collective"),
    "inter": ("actors", "inter"),
}
TEXT_CHUNK = 200  # article texts fetched per query (only the articles an example needs)


@dataclass(slots=True)
class ArticleRow:
    id: str
    outlet: str | None
    published: str | None
    chars: int
    dropped: list[dict[str, Any]] | None  # None: not recorded (no column, or NULL for this article)


@dataclass(slots=True)
class EventRow:
    id: str  # row id
    event_id: str
    article_id: str
    start: int
    end: int
    type: str
    trigger: str | None
    date_value: str | None
    date_precision: str | None
    date_text: str | None
    place_text: str | None
    place_name: str | None
    place_precision: str | None
    negated: bool
    hypothetical: bool
    extra: dict[str, Any] = field(default_factory=dict)  # optional columns that exist


@dataclass(slots=True)
class ActorRow:
    id: str
    name: str
    type: str
    country: str | None
    kb_id: str | None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class MentionRow:
    id: str
    article_id: str
    start: int
    end: int
    text: str
    label: str
    actor_id: str | None


@dataclass(slots=True)
class StoreData:
    """Everything the measures and the suspect detectors read, for one pipeline version."""

    location: str
    pipeline_version: str | None  # the version read, None = every stored fact
    versions: dict[str, int]  # pipeline version -> articles it processed
    recorded: dict[str, bool]
    articles: dict[str, ArticleRow]
    unprocessed: int
    events: list[EventRow]
    event_actors: dict[str, dict[str, list[str]]]  # event row id -> role -> actor ids
    actors: dict[str, ActorRow]
    mentions: list[MentionRow]
    aliases: list[tuple[str, str, str, int]]  # (actor id, alias, article id, count)
    place_countries: dict[str, Counter]  # article id -> country -> place mentions
    rebel_articles: set[str] = field(default_factory=set)  # articles whose text speaks of rebels
    _conn: Connection | None = None
    _texts: dict[str, str] = field(default_factory=dict)

    def texts(self, ids: Iterable[str]) -> dict[str, str]:
        """Article texts by id, fetched on first need and kept."""
        want = [i for i in dict.fromkeys(ids) if i not in self._texts]
        if want and self._conn is not None:
            t = Table("articles", MetaData(), autoload_with=self._conn)
            for i in range(0, len(want), TEXT_CHUNK):
                chunk = want[i:i + TEXT_CHUNK]
                for aid, text in self._conn.execute(select(t.c.id, t.c.text).where(t.c.id.in_(chunk))):
                    self._texts[aid] = text
        return {i: self._texts[i] for i in ids if i in self._texts}


def _tables(conn: Connection) -> dict[str, Table]:
    meta = MetaData()
    names = set(inspect(conn).get_table_names())
    wanted = ("articles", "outlets", "processed", "events", "event_actors", "actors", "actor_aliases",
              "mentions", "places")
    return {n: Table(n, meta, autoload_with=conn) for n in wanted if n in names}


def stored_versions(conn: Connection, processed: Table) -> dict[str, int]:
    """Articles processed per pipeline version (a store built by one release holds one)."""
    return {v: int(n) for v, n in conn.execute(select(processed.c.pipeline_version, func.count())
                                               .group_by(processed.c.pipeline_version))}


def _dropped(value: Any) -> list[dict[str, Any]] | None:
    """``articles.dropped``: a JSON list of {kind, chars} (a string in SQLite, maybe parsed elsewhere);
    None when the article has none recorded (NULL: cleaned before the column existed)."""
    if value is None:
        return None
    if value == "":
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            log.warning("articles.dropped is not JSON: %.60r", value)
            return []
    return [d for d in value if isinstance(d, dict)] if isinstance(value, list) else []


def load(conn: Connection, location: str, pipeline_version: str | None = None) -> StoreData:
    t = _tables(conn)
    if "articles" not in t or "processed" not in t:
        raise ValueError(f"{location} is not a newsgraph store (no articles / processed table)")
    recorded = {key: table in t and col in t[table].c for key, (table, col) in OPTIONAL.items()}
    pv = pipeline_version
    a, o, p = t["articles"], t["outlets"], t["processed"]
    versions = stored_versions(conn, p)

    def in_version(table: Table):
        return table.c.pipeline_version == pv if pv else true()

    done = {aid for aid, err in conn.execute(select(p.c.article_id, p.c.error).where(in_version(p))) if not err}
    cols = [a.c.id, o.c.name, a.c.published, func.length(a.c.text), a.c.duplicate_of]
    if recorded["dropped"]:
        cols.append(a.c.dropped)
    articles: dict[str, ArticleRow] = {}
    unprocessed = 0  # current (not near-duplicate) articles this version has not extracted
    for row in conn.execute(select(*cols).select_from(a.outerjoin(o, a.c.outlet_id == o.c.id))):
        if row[0] not in done:
            unprocessed += row[4] is None
            continue
        articles[row[0]] = ArticleRow(row[0], row[1], row[2], int(row[3] or 0),
                                      _dropped(row[5]) if recorded["dropped"] else None)

    events: list[EventRow] = []
    ev_actors: dict[str, dict[str, list[str]]] = {}
    if "events" in t:
        e = t["events"]
        opt = [k for k in ("date_basis", "place_basis", "geo_precision", "time_precision") if recorded[k]]
        q = select(e.c.id, e.c.event_id, e.c.article_id, e.c.start, e.c.end, e.c.type, e.c.trigger,
                   e.c.date_value, e.c.date_precision, e.c.date_text, e.c.place_text, e.c.place_name,
                   e.c.place_precision, e.c.negated, e.c.hypothetical,
                   *[e.c[k] for k in opt]).where(in_version(e))
        for row in conn.execute(q):
            if row[2] not in articles:
                continue
            events.append(EventRow(*row[:13], bool(row[13]), bool(row[14]),
                                   {k: row[15 + i] for i, k in enumerate(opt)}))
        if "event_actors" in t:
            ea = t["event_actors"]
            wanted = {ev.id for ev in events}
            for eid, aid, role in conn.execute(select(ea.c.event_id, ea.c.actor_id, ea.c.role)):
                if eid in wanted:
                    ev_actors.setdefault(eid, {}).setdefault(role, []).append(aid)

    actors: dict[str, ActorRow] = {}
    if "actors" in t:
        ac = t["actors"]
        opt = [k for k in ("sector", "collective", "inter") if recorded[k]]
        for row in conn.execute(select(ac.c.id, ac.c.name, ac.c.type, ac.c.country, ac.c.kb_id,
                                       *[ac.c[k] for k in opt])):
            actors[row[0]] = ActorRow(*row[:5], {k: row[5 + i] for i, k in enumerate(opt)})

    mentions: list[MentionRow] = []
    if "mentions" in t:
        m = t["mentions"]
        for row in conn.execute(select(m.c.id, m.c.article_id, m.c.start, m.c.end, m.c.text, m.c.label,
                                       m.c.actor_id).where(in_version(m))):
            if row[1] in articles:
                mentions.append(MentionRow(*row))

    aliases: list[tuple[str, str, str, int]] = []
    if "actor_aliases" in t:
        al = t["actor_aliases"]
        for row in conn.execute(select(al.c.actor_id, al.c.alias, al.c.article_id, al.c["count"])
                                .where(in_version(al))):
            if row[2] in articles:
                aliases.append((row[0], row[1], row[2], int(row[3] or 0)))

    place_countries: dict[str, Counter] = {}
    if "places" in t:
        pl = t["places"]
        for aid, country, n in conn.execute(
                select(pl.c.article_id, pl.c.country, func.count())
                .where(in_version(pl), pl.c.country.is_not(None))
                .group_by(pl.c.article_id, pl.c.country)):
            if aid in articles:
                place_countries.setdefault(aid, Counter())[country] = int(n)

    # articles that speak of rebels (issue 11: "a rebel or opposition actor exists wherever the texts
    # speak of rebels"); LIKE on the lower-cased text works on every dialect
    rebel_articles = {aid for (aid,) in conn.execute(select(a.c.id).where(func.lower(a.c.text).like("%rebel%")))
                      if aid in articles}

    return StoreData(location, pv, versions, recorded, articles, unprocessed, events, ev_actors, actors, mentions,
                     aliases, place_countries, rebel_articles, _conn=conn)
