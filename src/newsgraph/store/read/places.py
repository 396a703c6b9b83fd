"""Reading places: mentions in text order, pages of them, and resolved places with their counts."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, func, or_, select

from newsgraph.store import schema as s
from newsgraph.store.read.common import DEFAULT_LIMIT, in_version, page, per_article

p_ = s.places.c


def places(conn: Connection, *, article_id: str | None = None, limit: int | None = None,
           pipeline_version: str | None = None) -> list[dict[str, Any]]:
    """Place mentions in text order, optionally of one article."""
    return per_article(conn, s.places, article_id=article_id, limit=limit, pipeline_version=pipeline_version)


def place_summary(conn: Connection, *, country: str | None = None,
                  limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Resolved places with how often and in how many articles they are mentioned, most first;
    unresolved mentions are grouped under their surface text with name None."""
    n = func.count(p_.id)
    q = (select(p_.name, p_.country, p_.admin1, p_.geonames_id, p_.lat, p_.lon, p_.precision,
                func.min(p_.text).label("example"), n.label("mentions"),
                func.count(p_.article_id.distinct()).label("articles"))
         .group_by(p_.name, p_.country, p_.admin1, p_.geonames_id, p_.lat, p_.lon, p_.precision)
         .order_by(n.desc(), p_.name, p_.geonames_id, p_.country, p_.admin1))
    if country:
        q = q.where(p_.country == country.strip().upper())
    if limit is not None:
        q = q.limit(limit)
    if offset:
        q = q.offset(offset)
    return [dict(r._mapping) for r in conn.execute(q)]


def places_page(conn: Connection, *, article: str | None = None, country: str | None = None,
                q: str | None = None, located: bool | None = None, limit: int = DEFAULT_LIMIT,
                offset: int = 0) -> dict[str, Any]:
    """A page of place mentions (article order, then text order)."""
    sel = select(p_.id, p_.article_id, p_.start, p_.end, p_.text, p_.name, p_.country, p_.admin1, p_.lat,
                 p_.lon, p_.geonames_id, p_.precision, p_.confidence)
    if article:
        sel = sel.where(p_.article_id == article)
    if country:
        sel = sel.where(func.upper(p_.country) == country.strip().upper())
    if q and q.strip():
        needle = q.strip().lower()
        sel = sel.where(or_(func.lower(p_.name) == needle, func.lower(p_.text) == needle))
    if located is True:
        sel = sel.where(p_.lat.is_not(None), p_.lon.is_not(None))
    elif located is False:
        sel = sel.where(or_(p_.lat.is_(None), p_.lon.is_(None)))
    return page(conn, sel.order_by(p_.article_id, p_.start, p_.end), limit, offset)


def place_rows(conn: Connection, pipeline_version: str | None) -> Iterator[Any]:
    """Every place mention in article and text order (the export's input)."""
    yield from conn.execute(select(s.places).where(in_version(s.places, pipeline_version))
                            .order_by(p_.article_id, p_.start, p_.end))
