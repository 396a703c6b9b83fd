"""The store: one SQLAlchemy database (SQLite by default, PostgreSQL as an option).

``open_store`` resolves where the store lives (settings), opens it, runs the migrations and returns a
:class:`Store`, whose methods are the single writer (writer.py) and the readers (queries.py).
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from newsgraph.errors import Errors, StoreError
from newsgraph.records import Actor, Article, Facts, IngestError, RawDocument
from newsgraph.settings import load_settings
from newsgraph.store import queries
from newsgraph.store.engine import make_engine, migrate, resolve_url
from newsgraph.store.writer import Dedup, WriteResult, Writer, default_dedup

__all__ = ["Store", "WriteResult", "open_store"]

log = logging.getLogger(__name__)

_UNSET: Any = object()


class Store:
    """An open store. Use as a context manager, or call :meth:`close`."""

    def __init__(self, engine: Engine, url: str, dedup: Dedup | None) -> None:
        self.engine = engine
        self.url = url
        self._writer = Writer(engine, dedup)

    # -- lifecycle --------------------------------------------------------------------------------
    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def connect(self) -> Connection:
        """A read connection (for queries not wrapped below); close it when done."""
        return self.engine.connect()

    @property
    def location(self) -> str:
        """Where the data is, for people: the file path for SQLite, the URL (no password) otherwise."""
        url = self.engine.url
        if url.get_backend_name() == "sqlite" and url.database:
            return url.database
        return url.render_as_string(hide_password=True)

    # -- the single writer ------------------------------------------------------------------------
    def write_articles(self, articles: Sequence[Article], errors: Sequence[IngestError] = (),
                       documents: Sequence[RawDocument] = ()) -> WriteResult:
        """Store a batch atomically; articles already stored (same content id) are skipped."""
        return self._writer.write_articles(articles, errors, documents)

    def write_facts(self, facts: Sequence[Facts]) -> None:
        """Replace the facts of each article for its pipeline version, atomically."""
        self._writer.write_facts(facts)

    def merge_actors(self, mapping: dict[str, str]) -> int:
        """Apply a corpus-level actor merge (old id -> canonical id) to every stored fact."""
        from newsgraph.store.writer import merge_actors

        return merge_actors(self.engine, mapping)

    def actor_records(self) -> list[Actor]:
        """Every stored actor as a record with its alias counts (the input of the corpus-level merge)."""
        return self._read(queries.actor_records)

    # -- readers ----------------------------------------------------------------------------------
    def _read(self, fn, *args: Any, **kwargs: Any) -> Any:
        with self.engine.connect() as conn:
            return fn(conn, *args, **kwargs)

    def articles(self, *, source: str | None = None, since: str | None = None,
                 limit: int | None = None) -> list[dict[str, Any]]:
        return self._read(queries.articles, source=source, since=since, limit=limit)

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article by full id or unique id prefix (UsageError when none or several match)."""
        with self.engine.connect() as conn:
            found = queries.article(conn, article_id)
            if found is None:
                found = queries.article(conn, queries.resolve_article_id(conn, article_id))
            return found

    def stats(self) -> dict[str, Any]:
        return self._read(queries.stats)

    def search(self, q: str, *, limit: int = queries.SEARCH_LIMIT) -> list[dict[str, Any]]:
        return self._read(queries.search, q, limit=limit)

    def outlets(self) -> list[dict[str, Any]]:
        return self._read(queries.outlets)

    def actors(self, *, limit: int | None = None, type: str | None = None,
               country: str | None = None) -> list[dict[str, Any]]:
        return self._read(queries.actors, limit=limit, type=type, country=country)

    def find_actors(self, name: str) -> list[dict[str, Any]]:
        return self._read(queries.find_actors, name)

    def actor_mentions(self, actor_id: str, *, limit: int | None = None) -> list[dict[str, Any]]:
        return self._read(queries.actor_mentions, actor_id, limit=limit)

    def article_texts(self, ids: list[str]) -> dict[str, str]:
        return self._read(queries.article_texts, list(ids))

    def place_summary(self, *, country: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        return self._read(queries.place_summary, country=country, limit=limit)

    def actor_aliases(self, actor_id: str) -> dict[str, int]:
        return self._read(queries.actor_aliases, actor_id)

    def mentions(self, *, article_id: str | None = None, limit: int | None = None,
                 pipeline_version: str | None = None) -> list[dict[str, Any]]:
        return self._read(queries.mentions, article_id=article_id, limit=limit,
                          pipeline_version=pipeline_version)

    def stored_article_count(self, raw_sha: str, cleaning_version: str) -> int:
        """Articles already stored from one raw unit by one cleaning version (re-runs skip the unit)."""
        return self._read(queries.stored_article_count, raw_sha, cleaning_version)

    def unprocessed(self, pipeline_version: str, *, limit: int | None = None) -> list[str]:
        """Ids of current articles this pipeline version has not processed yet."""
        return self._read(queries.unprocessed, pipeline_version, limit=limit)

    def load_articles(self, ids: list[str]) -> list[Article]:
        """Article records for ``ids`` (the input of ``pipeline.extract``)."""
        return self._read(queries.load_articles, list(ids))

    def places(self, *, article_id: str | None = None, limit: int | None = None,
               pipeline_version: str | None = None) -> list[dict[str, Any]]:
        return self._read(queries.places, article_id=article_id, limit=limit,
                          pipeline_version=pipeline_version)

    def dates(self, *, article_id: str | None = None, limit: int | None = None,
              pipeline_version: str | None = None) -> list[dict[str, Any]]:
        return self._read(queries.dates, article_id=article_id, limit=limit,
                          pipeline_version=pipeline_version)

    # -- events, relations, quotes (events_queries.py); pipeline_version None: the current one -------
    def events(self, *, actor: str | None = None, type: str | None = None, since: str | None = None,
               until: str | None = None, place: str | None = None, limit: int | None = None,
               pipeline_version: str | None = None) -> list[dict[str, Any]]:
        """Events with actors, outlet and evidence, oldest first; filters as events_queries.events."""
        from newsgraph.store import events_queries

        return self._read(events_queries.events, _pv(pipeline_version), actor=actor, type=type,
                          since=since, until=until, place=place, limit=limit)

    def event(self, event_id: str, *, pipeline_version: str | None = None) -> dict[str, Any]:
        """One event by id or unique id prefix, with every report and its article's text (to cut the
        sentence around the evidence from); UsageError when none or several events match."""
        from newsgraph.store import events_queries

        return self._read(events_queries.event, event_id, _pv(pipeline_version))

    def relations(self, *, actor: str | None = None, type: str | None = None, limit: int | None = None,
                  pipeline_version: str | None = None) -> list[dict[str, Any]]:
        """Relations with their evidence, most reported first; filters as events_queries.relations."""
        from newsgraph.store import events_queries

        return self._read(events_queries.relations, _pv(pipeline_version), actor=actor, type=type,
                          limit=limit)

    def quotes(self, *, actor: str | None = None, limit: int | None = None,
               pipeline_version: str | None = None) -> list[dict[str, Any]]:
        """Quotes with speaker and outlet; ``actor`` keeps one speaker's quotes."""
        from newsgraph.store import events_queries

        return self._read(events_queries.quotes, _pv(pipeline_version), actor=actor, limit=limit)


def _pv(pipeline_version: str | None) -> str:
    """The pipeline version to read: the given one, else the current one (facts of older versions may
    still be stored next to the current ones)."""
    from newsgraph.version import PIPELINE_VERSION

    return pipeline_version or PIPELINE_VERSION


def open_store(db: str | None = None, *, dedup: Dedup | None = _UNSET) -> Store:
    """Open (creating or upgrading as needed) the store at ``db``.

    ``db`` is a SQLAlchemy URL or a file path; None means the ``db`` setting (``newsgraph.db`` in the
    working directory unless a settings file or ``NEWSGRAPH_DB`` says otherwise). ``dedup`` chooses the
    near-duplicate detector (default: newsgraph.ingest.dedup; None turns linking off).
    """
    settings = load_settings(db=db)
    url = resolve_url(settings.db)
    try:
        engine = make_engine(url, settings.busy_timeout_ms)
        migrate(engine, url)
    except StoreError:
        raise
    except (SQLAlchemyError, OSError) as exc:
        raise StoreError(Errors.E002.format(db=settings.db, reason=exc)) from exc
    return Store(engine, url, default_dedup() if dedup is _UNSET else dedup)
