"""Reading date mentions (text order, optionally of one article or one pipeline version)."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, select

from newsgraph.store import schema as s
from newsgraph.store.read.common import in_version, per_article


def dates(conn: Connection, *, article_id: str | None = None, limit: int | None = None,
          pipeline_version: str | None = None) -> list[dict[str, Any]]:
    """Date mentions in text order, optionally of one article."""
    return per_article(conn, s.dates, article_id=article_id, limit=limit, pipeline_version=pipeline_version)


def date_rows(conn: Connection, pipeline_version: str | None) -> Iterator[Any]:
    """Every date mention in article and text order (the export's input)."""
    d = s.dates.c
    yield from conn.execute(select(s.dates).where(in_version(s.dates, pipeline_version))
                            .order_by(d.article_id, d.start, d.end))
