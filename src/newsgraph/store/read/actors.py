"""Reading actors: lists with mention counts, lookups by name or alias, aliases, mentions, names by id.

Two lookups by name exist on purpose. :func:`find_actors` answers "which actors could the user mean"
(id, then exact name, then exact alias, then substring; most mentioned first) for listings and
``show actor``; :func:`find_actor` answers "the one actor this name denotes" (id, exact name, then the
alias most often seen) for the timeline and the outlet comparison, which need exactly one.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, func, or_, select

from newsgraph.errors import Errors, UsageError
from newsgraph.records import Actor
from newsgraph.store import schema as s
from newsgraph.store.read.common import DEFAULT_LIMIT, check_date, chunks, in_version, page, per_article, until

ac_ = s.actors.c
al_ = s.actor_aliases.c
m_ = s.mentions.c


def _listing():
    n = func.count(m_.id)
    return n, (select(ac_.id, ac_.name, ac_.type, ac_.country, ac_.kb_id, n.label("mentions"))
               .select_from(s.actors.outerjoin(s.mentions, m_.actor_id == ac_.id)).group_by(ac_.id))


def actors(conn: Connection, *, limit: int | None = None, type: str | None = None,
           country: str | None = None, aliases: bool = False, offset: int = 0) -> list[dict[str, Any]]:
    """Actors with their total mention counts and article counts, most mentioned first; optionally only
    one actor type and/or one country (ISO2, any case); with ``aliases``, each row's alias counts."""
    n, q = _listing()
    q = q.add_columns(func.count(m_.article_id.distinct()).label("articles"), ac_.sector).order_by(n.desc(), ac_.name)
    if type:
        q = q.where(ac_.type == type.strip().lower())
    if country:
        q = q.where(ac_.country == country.strip().upper())
    q = q.order_by(ac_.id)  # a total order: pages do not overlap
    if limit is not None:
        q = q.limit(limit)
    if offset:
        q = q.offset(offset)
    rows = [dict(r._mapping) for r in conn.execute(q)]
    if aliases:
        found = aliases_of(conn, [r["id"] for r in rows])
        for r in rows:
            r["aliases"] = found.get(r["id"], {})
    return rows


def actors_page(conn: Connection, *, type: str | None = None, q: str | None = None,
                limit: int = DEFAULT_LIMIT, offset: int = 0) -> dict[str, Any]:
    """A page of actors with mention counts, most mentioned first; ``q`` matches name or an alias."""
    n, sel = _listing()
    if type:
        sel = sel.where(ac_.type == type)
    if q and q.strip():
        pattern = "%" + q.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        sel = sel.where(or_(func.lower(ac_.name).like(pattern, escape="\\"),
                            ac_.id.in_(select(al_.actor_id).where(func.lower(al_.alias).like(pattern, escape="\\")))))
    return page(conn, sel.order_by(n.desc(), ac_.name, ac_.id), limit, offset)


def actor_records(conn: Connection, ids: Iterable[str] | None = None, *, aliases: bool = True) -> list[Actor]:
    """Actors with their alias counts summed over articles and pipeline versions (the input of the
    corpus-level merge): every actor, or only ``ids``; ``aliases=False`` leaves the counts out (cheap on a
    big store: what the incremental merge reads to find its scope)."""
    cols = (ac_.id, ac_.name, ac_.type, ac_.country, ac_.kb_id, ac_.sector, ac_.collective, ac_.inter)
    if ids is None:
        rows = list(conn.execute(select(*cols).order_by(ac_.id)))
    else:
        rows = sorted((r for part in chunks(sorted(set(ids))) for r in conn.execute(
            select(*cols).where(ac_.id.in_(list(part))))), key=lambda r: r.id)
    found: dict[str, dict[str, int]] = {}
    if aliases:
        q = select(al_.actor_id, al_.alias, func.sum(al_.count)).group_by(al_.actor_id, al_.alias)
        parts = [None] if ids is None else [list(p) for p in chunks([r.id for r in rows])]
        for part in parts:
            for actor_id, alias, count in conn.execute(q if part is None else q.where(al_.actor_id.in_(part))):
                found.setdefault(actor_id, {})[alias] = int(count)
    return [Actor(id=r.id, name=r.name, type=r.type, country=r.country, kb_id=r.kb_id,
                  aliases=found.get(r.id, {}), sector=r.sector, collective=bool(r.collective), inter=r.inter)
            for r in rows]


def actors_of_articles(conn: Connection, article_ids: Iterable[str]) -> set[str]:
    """The actors the mentions of these articles point to (what a build touched)."""
    out: set[str] = set()
    for part in chunks(sorted(set(article_ids))):
        out |= {r[0] for r in conn.execute(select(m_.actor_id).where(m_.article_id.in_(list(part)),
                                                                     m_.actor_id.is_not(None)).distinct())}
    return out


def find_actors(conn: Connection, name: str) -> list[dict[str, Any]]:
    """Actors that ``name`` denotes: an exact id, else a case-insensitive name or alias match, else names
    and aliases that contain it. Most mentioned first."""
    wanted = name.strip().lower()
    steps = (ac_.id == name.strip(),
             func.lower(ac_.name) == wanted,
             ac_.id.in_(select(al_.actor_id).where(func.lower(al_.alias) == wanted)),
             func.lower(ac_.name).contains(wanted, autoescape=True)
             | ac_.id.in_(select(al_.actor_id).where(func.lower(al_.alias).contains(wanted, autoescape=True))))
    for cond in steps:
        ids = [r.id for r in conn.execute(select(ac_.id).where(cond))]
        if ids:
            return [r for r in actors(conn) if r["id"] in set(ids)]
    return []


def resolve_actor_ids(conn: Connection, name: str) -> list[str]:
    """Ids of the actors ``name`` denotes (:func:`find_actors`); UsageError E018 when none does."""
    found = find_actors(conn, name)
    if not found:
        raise UsageError(Errors.E018.format(name=name))
    return [a["id"] for a in found]


def find_actor(conn: Connection, name: str) -> dict[str, Any] | None:
    """The actor ``name`` denotes: by id, by canonical name or by alias (case-insensitive); the most
    mentioned alias wins."""
    key = name.strip().lower()
    row = conn.execute(select(s.actors).where(ac_.id == name.strip())).first()
    if row is None:
        row = conn.execute(select(s.actors).where(func.lower(ac_.name) == key).order_by(ac_.id)).first()
    if row is None:
        hit = conn.execute(select(al_.actor_id, func.sum(al_.count).label("n")).where(func.lower(al_.alias) == key)
                           .group_by(al_.actor_id).order_by(func.sum(al_.count).desc(), al_.actor_id)).first()
        if hit is not None:
            row = conn.execute(select(s.actors).where(ac_.id == hit.actor_id)).first()
    return dict(row._mapping) if row is not None else None


def the_actor(conn: Connection, name: str) -> dict[str, Any]:
    """:func:`find_actor`, or UsageError E019 when no actor has that name."""
    found = find_actor(conn, name)
    if found is None:
        raise UsageError(Errors.E019.format(name=name))
    return found


def actor_row(conn: Connection, actor_id: str) -> dict[str, Any] | None:
    """The stored row of one actor (id, name, type, country, kb id, ...), or None."""
    row = conn.execute(select(s.actors).where(ac_.id == actor_id)).first()
    return dict(row._mapping) if row is not None else None


def mention_count(conn: Connection, actor_id: str, *, since: str | None = None, until_: str | None = None) -> int:
    """How many mentions an actor has (in articles published between ``since`` and ``until_``, when given)."""
    q = select(func.count()).select_from(s.mentions.join(s.articles, s.articles.c.id == m_.article_id)) \
        if since or until_ else select(func.count())
    q = q.where(m_.actor_id == actor_id)
    if since:
        q = q.where(s.articles.c.published >= check_date(since))
    if until_:
        q = q.where(s.articles.c.published <= until(until_))
    return conn.execute(q).scalar_one()


def actor_aliases(conn: Connection, actor_id: str) -> dict[str, int]:
    """Surface form -> count over all articles (summed per article rows), most frequent first."""
    return aliases_of(conn, [actor_id]).get(actor_id, {})


def aliases_of(conn: Connection, ids: list[str]) -> dict[str, dict[str, int]]:
    """actor id -> {surface form: count}, most frequent first, for each of ``ids``."""
    out: dict[str, dict[str, int]] = defaultdict(dict)
    total = func.sum(al_.count)
    for chunk in chunks(list(dict.fromkeys(ids))):
        q = (select(al_.actor_id, al_.alias, total).where(al_.actor_id.in_(chunk))
             .group_by(al_.actor_id, al_.alias).order_by(al_.actor_id, total.desc(), al_.alias))
        for actor_id, alias, count in conn.execute(q):
            out[actor_id][alias] = int(count)
    return dict(out)


def actor_mentions(conn: Connection, actor_id: str, *, limit: int | None = None, since: str | None = None,
                   until_: str | None = None) -> list[dict[str, Any]]:
    """The mentions of one actor with their article's title, outlet and date (text order per article);
    ``since``/``until_`` (YYYY[-MM[-DD]]) keep articles published in that range."""
    q = (select(m_.article_id, m_.start, m_.end, m_.text, m_.label, m_.confidence, m_.pipeline_version,
                s.articles.c.title, s.articles.c.published, s.outlets.c.name.label("source"))
         .select_from(s.mentions.join(s.articles, s.articles.c.id == m_.article_id)
                      .outerjoin(s.outlets, s.articles.c.outlet_id == s.outlets.c.id))
         .where(m_.actor_id == actor_id)
         .order_by(s.articles.c.published.asc().nulls_first(), m_.article_id, m_.start, m_.end))
    if since:
        q = q.where(s.articles.c.published >= check_date(since))
    if until_:
        q = q.where(s.articles.c.published <= until(until_))
    if limit is not None:
        q = q.limit(limit)
    return [dict(r._mapping) for r in conn.execute(q)]


def mentions(conn: Connection, *, article_id: str | None = None, limit: int | None = None,
             pipeline_version: str | None = None) -> list[dict[str, Any]]:
    """Actor mentions in text order, optionally of one article."""
    return per_article(conn, s.mentions, article_id=article_id, limit=limit, pipeline_version=pipeline_version)


def actor_names(conn: Connection, ids: Iterable[str | None]) -> dict[str, dict[str, Any]]:
    """id -> {id, name, type} for the given actor ids (unknown ids and None are left out)."""
    ids = [i for i in dict.fromkeys(ids) if i]
    out: dict[str, dict[str, Any]] = {}
    for chunk in chunks(ids):
        out.update({r.id: dict(r._mapping) for r in conn.execute(
            select(ac_.id, ac_.name, ac_.type).where(ac_.id.in_(chunk)))})
    return out


def actor_index(conn: Connection) -> dict[str, dict[str, Any]]:
    """Every actor by id: name, type, country, sector and ACLED inter (exporters name actors instead of printing ids)."""
    return {r.id: dict(r._mapping) for r in conn.execute(select(ac_.id, ac_.name, ac_.type, ac_.country,
                                                                ac_.sector, ac_.inter))}


def actor_mention_spans(conn: Connection, actor: str, *, pipeline_version: str | None = None
                        ) -> list[tuple[str | None, str, str, list[tuple[int, int]]]]:
    """(outlet, article id, article text, mention spans) for every article mentioning ``actor``:
    the input of the tone of an actor per outlet."""
    a = s.articles.c
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for row in conn.execute(select(m_.article_id, m_.start, m_.end).where(
            in_version(s.mentions, pipeline_version), m_.actor_id == actor).order_by(m_.article_id, m_.start)):
        spans[row.article_id].append((row.start, row.end))
    out = []
    for chunk in chunks(list(spans)):
        for row in conn.execute(select(a.id, a.text, s.outlets.c.name.label("source"))
                                .outerjoin(s.outlets, a.outlet_id == s.outlets.c.id).where(a.id.in_(chunk))):
            out.append((row.source, row.id, row.text, spans[row.id]))
    return sorted(out, key=lambda t: (t[0] or "", t[1]))


# -- the export's input -----------------------------------------------------------------------------------
def actor_export_rows(conn: Connection, pipeline_version: str | None
                      ) -> tuple[dict[str, dict[str, int]], dict[str, set[str]], dict[str, int], list[Any]]:
    """(alias counts, articles, mention counts) per actor id for ``pipeline_version``, and every actor row
    in id order."""
    aliases: dict[str, dict[str, int]] = defaultdict(dict)
    for actor_id, alias, count in conn.execute(
            select(al_.actor_id, al_.alias, func.sum(al_.count)).where(in_version(s.actor_aliases, pipeline_version))
            .group_by(al_.actor_id, al_.alias)):
        aliases[actor_id][alias] = int(count)
    articles: dict[str, set[str]] = defaultdict(set)
    counts: dict[str, int] = defaultdict(int)
    for actor_id, article_id, n in conn.execute(
            select(m_.actor_id, m_.article_id, func.count()).where(
                in_version(s.mentions, pipeline_version), m_.actor_id.is_not(None))
            .group_by(m_.actor_id, m_.article_id)):
        articles[actor_id].add(article_id)
        counts[actor_id] += n
    return aliases, articles, counts, list(conn.execute(select(s.actors).order_by(ac_.id)))
