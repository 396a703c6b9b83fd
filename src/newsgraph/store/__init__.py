"""The store: one SQLAlchemy database (SQLite by default, PostgreSQL as an option).

``open_store`` resolves where the store lives (settings), opens it, runs the migrations and returns a
:class:`Store`, whose methods are the single writer (writer.py) and the readers (read/, one module per
entity). Every surface (the Python API, the CLI, the web app, the exporters) reads through read/.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from newsgraph.errors import Errors, StoreError
from newsgraph.records import Actor, Article, ClusterRow, Facts, IngestError, RawDocument
from newsgraph.settings import load_settings
from newsgraph.store.engine import make_engine, migrate, resolve_url
from newsgraph.store.read import actors as read_actors
from newsgraph.store.read import articles as read_articles
from newsgraph.store.read import corpus as read_corpus
from newsgraph.store.read import dates as read_dates
from newsgraph.store.read import events as read_events
from newsgraph.store.read import outlets as read_outlets
from newsgraph.store.read import places as read_places
from newsgraph.store.read import quotes as read_quotes
from newsgraph.store.read import relations as read_relations
from newsgraph.store.read import views as read_views
from newsgraph.store.writer import Dedup, WriteResult, Writer, default_dedup, merge_actors

__all__ = ["Store", "WriteResult", "open_store"]

log = logging.getLogger(__name__)

_UNSET: Any = object()


class Store:
    """An open store. Use as a context manager, or call :meth:`close`.

    Readers that take ``pipeline_version`` read every stored fact when it is None: the writer keeps
    one version's facts per article (see writer.py)."""

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
        """Replace the facts of each article (whatever version made the old ones), atomically."""
        self._writer.write_facts(facts)

    def merge_actors(self, mapping: dict[str, str]) -> int:
        """Apply a corpus-level actor merge (old id -> canonical id) to every stored fact."""
        return merge_actors(self.engine, mapping)

    def drop_stale_actors(self, pipeline_version: str) -> int:
        """Delete actors that only an older pipeline version's (now replaced) facts referred to."""
        return self._writer.drop_stale_actors(pipeline_version)

    def write_consolidation(self, pipeline_version: str, clusters: Sequence[ClusterRow]) -> None:
        """Replace the consolidation (consolidated events and their contradictions)."""
        self._writer.write_consolidation(pipeline_version, clusters)

    def write_consolidation_delta(self, pipeline_version: str, clusters: Sequence[ClusterRow], delta: Any) -> None:
        """Apply an incremental consolidation (consolidate.incremental.Delta) atomically."""
        self._writer.write_consolidation_delta(pipeline_version, clusters, delta)

    # -- readers ----------------------------------------------------------------------------------
    # -- corrections (store/corrections.py): an append-only log applied after every build and merge --
    def record_corrections(self, corrections: Sequence[Any]) -> int:
        from newsgraph.store import corrections as corr
        return corr.record(self.engine, corrections)

    def apply_corrections(self) -> int:
        from newsgraph.store import corrections as corr
        return corr.apply(self.engine)

    def corrections(self) -> list[Any]:
        from newsgraph.store import corrections as corr
        return self._read(corr.log)

    def _read(self, fn, *args: Any, **kwargs: Any) -> Any:
        with self.engine.connect() as conn:
            return fn(conn, *args, **kwargs)

    def actor_records(self, ids: Iterable[str] | None = None, *, aliases: bool = True) -> list[Actor]:
        """Every stored actor (or only ``ids``) as a record with its alias counts (the input of the
        corpus-level merge; ``aliases=False``: names only)."""
        return self._read(read_actors.actor_records, ids, aliases=aliases)

    def actors_of_articles(self, article_ids: Iterable[str]) -> set[str]:
        """Ids of the actors the mentions of these articles point to."""
        return self._read(read_actors.actors_of_articles, article_ids)

    def articles(self, *, source: str | None = None, since: str | None = None, until: str | None = None,
                 limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        return self._read(read_articles.articles, source=source, since=since, until=until, limit=limit,
                          offset=offset)

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article by full id or unique id prefix (UsageError when none or several match)."""
        return self._read(read_articles.find_article, article_id)

    def stats(self) -> dict[str, Any]:
        return self._read(read_corpus.stats)

    def search(self, q: str, *, limit: int = read_articles.SEARCH_LIMIT) -> list[dict[str, Any]]:
        return self._read(read_articles.search, q, limit=limit)

    def outlets(self) -> list[dict[str, Any]]:
        return self._read(read_outlets.outlets)

    def actors(self, *, limit: int | None = None, type: str | None = None,
               country: str | None = None, aliases: bool = False, offset: int = 0) -> list[dict[str, Any]]:
        return self._read(read_actors.actors, limit=limit, type=type, country=country, aliases=aliases,
                          offset=offset)

    def find_actors(self, name: str) -> list[dict[str, Any]]:
        return self._read(read_actors.find_actors, name)

    def actor_mentions(self, actor_id: str, *, limit: int | None = None) -> list[dict[str, Any]]:
        return self._read(read_actors.actor_mentions, actor_id, limit=limit)

    def actor_aliases(self, actor_id: str) -> dict[str, int]:
        return self._read(read_actors.actor_aliases, actor_id)

    def actor(self, name: str, *, limit: int | None = None, since: str | None = None,
              until: str | None = None) -> dict[str, Any]:
        """One actor by id, name or alias with its aliases, mentions (with their sentences), events,
        relations and quotes (what ``newsgraph show actor`` prints), at most ``limit`` of each, mentions
        and events between ``since`` and ``until``; UsageError when none matches."""
        return self._read(read_views.actor_profile, name, limit=limit, since=since, until=until)

    def article_texts(self, ids: list[str]) -> dict[str, str]:
        return self._read(read_articles.article_texts, list(ids))

    def place_summary(self, *, country: str | None = None, limit: int | None = None,
                      offset: int = 0) -> list[dict[str, Any]]:
        return self._read(read_places.place_summary, country=country, limit=limit, offset=offset)

    def mentions(self, *, article_id: str | None = None, limit: int | None = None,
                 pipeline_version: str | None = None) -> list[dict[str, Any]]:
        return self._read(read_actors.mentions, article_id=article_id, limit=limit,
                          pipeline_version=pipeline_version)

    def stored_article_ids(self, raw_sha: str, cleaning_version: str) -> list[str]:
        """Articles already stored from one raw unit by one cleaning version (re-runs skip the unit)."""
        return self._read(read_articles.stored_article_ids, raw_sha, cleaning_version)

    def unprocessed(self, pipeline_version: str, *, limit: int | None = None) -> list[str]:
        """Ids of current articles this pipeline version has not processed yet."""
        return self._read(read_articles.unprocessed, pipeline_version, limit=limit)

    def load_articles(self, ids: list[str]) -> list[Article]:
        """Article records for ``ids`` (the input of ``pipeline.extract``)."""
        return self._read(read_articles.load_articles, list(ids))

    def places(self, *, article_id: str | None = None, limit: int | None = None,
               pipeline_version: str | None = None) -> list[dict[str, Any]]:
        return self._read(read_places.places, article_id=article_id, limit=limit,
                          pipeline_version=pipeline_version)

    def dates(self, *, article_id: str | None = None, limit: int | None = None,
              pipeline_version: str | None = None) -> list[dict[str, Any]]:
        return self._read(read_dates.dates, article_id=article_id, limit=limit,
                          pipeline_version=pipeline_version)

    # -- events, relations, quotes: ``actor`` is an id, a name or an alias ------------------------
    def events(self, *, actor: str | None = None, type: str | None = None, since: str | None = None,
               until: str | None = None, place: str | None = None, limit: int | None = None,
               pipeline_version: str | None = None, offset: int = 0, flt: Any = None) -> list[dict[str, Any]]:
        """Events with actors, outlet and evidence, oldest first; filters as read.events.events
        (``flt``: an EventFilter, store/read/filters.py; ``actor`` may still be a name then)."""
        with self.engine.connect() as conn:
            ids = read_actors.resolve_actor_ids(conn, actor) if actor else None
            return read_events.events(conn, actor_ids=ids, type=type, since=since, until=until, place=place,
                                      limit=limit, pipeline_version=pipeline_version, offset=offset, flt=flt)

    def event(self, event_id: str) -> dict[str, Any]:
        """One event by id or unique id prefix, with every report's evidence and the sentence around it
        (what ``newsgraph show event`` prints); UsageError when none or several events match."""
        return self._read(read_views.event_profile, event_id)

    def relations(self, *, actor: str | None = None, type: str | None = None, limit: int | None = None,
                  pipeline_version: str | None = None, offset: int = 0, since: str | None = None,
                  until: str | None = None) -> list[dict[str, Any]]:
        """Relations with their evidence, most reported first; filters as read.relations.relations."""
        with self.engine.connect() as conn:
            ids = read_actors.resolve_actor_ids(conn, actor) if actor else None
            return read_relations.relations(conn, actor_ids=ids, type=type, limit=limit,
                                            pipeline_version=pipeline_version, offset=offset, since=since,
                                            until=until)

    def quotes(self, *, actor: str | None = None, limit: int | None = None,
               pipeline_version: str | None = None) -> list[dict[str, Any]]:
        """Quotes with speaker and outlet; ``actor`` keeps one speaker's quotes."""
        with self.engine.connect() as conn:
            ids = read_actors.resolve_actor_ids(conn, actor) if actor else None
            return read_quotes.quotes(conn, speaker_ids=ids, limit=limit, pipeline_version=pipeline_version)


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
