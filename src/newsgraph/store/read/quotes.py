"""Reading quotes: lists for the CLI (oldest article first) and pages for the web (newest first), with
speaker names and outlets; quote counts per outlet and speaker (whose voice is heard)."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, func, select

from newsgraph.store import schema as s
from newsgraph.store.read.actors import actor_names
from newsgraph.store.read.common import DEFAULT_LIMIT, in_version, outlet_is, page, with_outlet

q_ = s.quotes.c
a_ = s.articles.c
o_ = s.outlets.c


def quotes(conn: Connection, *, speaker_ids: list[str] | None = None, limit: int | None = None,
           pipeline_version: str | None = None) -> list[dict[str, Any]]:
    """Quotes in article order (oldest article first) with speaker name and outlet; ``speaker_ids``
    keeps the quotes of those speakers."""
    q = (select(q_.article_id, q_.start, q_.end, q_.text, q_.kind, q_.confidence, q_.speaker_id,
                s.actors.c.name.label("speaker"), a_.published, o_.name.label("source"))
         .select_from(with_outlet(s.quotes, q_.article_id).outerjoin(s.actors, s.actors.c.id == q_.speaker_id))
         .where(in_version(s.quotes, pipeline_version))
         .order_by(a_.published.is_(None), a_.published, q_.article_id, q_.start))
    if speaker_ids is not None:
        q = q.where(q_.speaker_id.in_(speaker_ids))
    if limit is not None:
        q = q.limit(limit)
    return [dict(r._mapping) for r in conn.execute(q)]


def _with_speaker_names(conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    names = actor_names(conn, {r["speaker_id"] for r in rows})
    for r in rows:
        r["speaker_name"] = names.get(r["speaker_id"], {}).get("name") if r["speaker_id"] else None
    return rows


def quotes_page(conn: Connection, *, speaker: str | None = None, outlet: str | None = None,
                article: str | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0) -> dict[str, Any]:
    """A page of quotes with speaker name and article title, newest article first."""
    sel = (select(q_.id, q_.article_id, q_.start, q_.end, q_.text, q_.speaker_id, q_.kind, q_.confidence,
                  a_.title.label("article_title"), a_.published, o_.name.label("source"))
           .select_from(with_outlet(s.quotes, q_.article_id)))
    if speaker:
        sel = sel.where(q_.speaker_id == speaker)
    if outlet:
        sel = sel.where(outlet_is(outlet))
    if article:
        sel = sel.where(q_.article_id == article)
    sel = sel.order_by(a_.published.is_(None), a_.published.desc(), q_.article_id, q_.start)
    found = page(conn, sel, limit, offset)
    _with_speaker_names(conn, found["items"])
    return found


def article_quotes(conn: Connection, article_id: str) -> list[dict[str, Any]]:
    """Every stored field of the quotes of one article, in text order, with the speaker's name."""
    rows = [dict(r._mapping) for r in conn.execute(
        select(s.quotes).where(q_.article_id == article_id).order_by(q_.start))]
    return _with_speaker_names(conn, rows)


def quote_counts(conn: Connection, *, actor: str | None = None, known_speakers: bool = True,
                 pipeline_version: str | None = None) -> list[dict[str, Any]]:
    """Quote counts per (outlet, speaker) as {source, speaker_id, quotes}, unsorted; with
    ``known_speakers`` only quotes whose speaker was resolved to an actor."""
    q = (select(o_.name.label("source"), q_.speaker_id, func.count().label("quotes"))
         .select_from(with_outlet(s.quotes, q_.article_id))
         .where(in_version(s.quotes, pipeline_version))
         .group_by(o_.name, q_.speaker_id))
    if known_speakers:
        q = q.where(q_.speaker_id.is_not(None))
    if actor:
        q = q.where(q_.speaker_id == actor)
    return [dict(r._mapping) for r in conn.execute(q)]


def quotes_by_outlet(conn: Connection, *, actor: str | None = None,
                     pipeline_version: str | None = None) -> list[dict[str, Any]]:
    """Whose voice is heard: quote counts per (outlet, speaker), most quoted first."""
    return sorted(quote_counts(conn, actor=actor, pipeline_version=pipeline_version),
                  key=lambda d: (-d["quotes"], d["source"] or "", d["speaker_id"]))


def quote_rows(conn: Connection, pipeline_version: str | None) -> Iterator[Any]:
    """Every quote in article and text order (the export's input)."""
    yield from conn.execute(select(s.quotes).where(in_version(s.quotes, pipeline_version))
                            .order_by(q_.article_id, q_.start, q_.end))
