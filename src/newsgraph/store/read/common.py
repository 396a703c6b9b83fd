"""What every reader shares: date checks and bounds, paging, chunked IN lists, and the evidence text.

Dates are ISO strings of varying precision (YYYY, YYYY-MM, YYYY-MM-DD). A range filter compares them
as strings: ``since`` keeps values >= since, ``until`` keeps values <= until plus any finer value
inside it (``until="2023-05"`` keeps ``2023-05-31``), which is what a person typing a month means.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, func, select, true

from newsgraph.errors import Errors, UsageError
from newsgraph.store import schema as s

DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# SQLite's default limit on bound parameters is 999 (older builds); IN lists are chunked below it.
IN_CHUNK = 500
# "~" sorts after every digit and "-", so "2019-04~" is above every date that starts with 2019-04.
UNTIL_PAD = "~"
# Largest page the HTTP API serves; bigger pages cost the server time and the browser memory, and
# every list here is pageable. The web pages use DEFAULT_LIMIT unless asked otherwise.
MAX_LIMIT = 500
DEFAULT_LIMIT = 50

a_ = s.articles.c
o_ = s.outlets.c


def check_date(value: str) -> str:
    """``value`` when it is YYYY[-MM[-DD]]; UsageError E012 otherwise."""
    if not DATE_RE.match(value):
        raise UsageError(Errors.E012.format(value=value))
    return value


def until(value: str) -> str:
    """The inclusive upper bound of a YYYY[-MM[-DD]] date (the whole month or year it names)."""
    return check_date(value) + UNTIL_PAD


def chunks(items: Sequence[Any], size: int = IN_CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def total(conn: Connection, q) -> int:
    """How many rows a query returns (without its order)."""
    return conn.execute(select(func.count()).select_from(q.order_by(None).subquery())).scalar_one()


def page(conn: Connection, q, limit: int, offset: int) -> dict[str, Any]:
    """A page ``{"total", "limit", "offset", "items"}`` of a query's rows."""
    count = total(conn, q)
    rows = [dict(r._mapping) for r in conn.execute(q.limit(limit).offset(offset))]
    return {"total": count, "limit": limit, "offset": offset, "items": rows}


def evidence_text(table):
    """The evidence span cut out of the article text in SQL (substr is 1-based in SQLite and PostgreSQL)."""
    return func.substr(s.articles.c.text, table.c.start + 1, table.c.end - table.c.start)


def with_outlet(table, column):
    """``table`` joined to its article and (outer) to the article's outlet."""
    return (table.join(s.articles, a_.id == column)
            .outerjoin(s.outlets, a_.outlet_id == o_.id))


def outlet_is(name: str):
    """The outlet name matches ``name`` (any case, outer spaces ignored)."""
    return func.lower(o_.name) == name.strip().lower()


def in_version(table, pipeline_version: str | None):
    """A condition keeping rows of ``pipeline_version`` (every stored row when None: the writer keeps
    one version per article)."""
    return table.c.pipeline_version == pipeline_version if pipeline_version else true()


def like_prefix(prefix: str) -> str:
    """A LIKE pattern (escape ``\\``) matching strings that start with ``prefix``."""
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def per_article(conn: Connection, table, *, article_id: str | None, limit: int | None,
                pipeline_version: str | None) -> list[dict[str, Any]]:
    """Rows of a per-article fact table in text order, optionally of one article and one version."""
    q = select(table)
    if article_id:
        q = q.where(table.c.article_id == article_id)
    if pipeline_version:
        q = q.where(table.c.pipeline_version == pipeline_version)
    q = q.order_by(table.c.article_id, table.c.start, table.c.end)
    if limit is not None:
        q = q.limit(limit)
    return [dict(r._mapping) for r in conn.execute(q)]
