"""Opening a store: URL resolution, SQLite pragmas (WAL, foreign keys, busy timeout) and migrations.

Why WAL: readers (CLI, web) can query while the single writer (ingest, build) commits.
Why migrations on open: a store made by an older newsgraph is upgraded in place, never rebuilt.
"""
from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from newsgraph.errors import Errors, StoreError, UsageError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


# The driver a bare ``postgresql://`` URL gets: psycopg 3 (pinned), not SQLAlchemy's default psycopg2.
POSTGRESQL_DRIVER = "postgresql+psycopg"


def resolve_url(db: str) -> str:
    """A SQLAlchemy URL for ``db``: URLs pass through (``postgresql://`` gets the psycopg driver),
    anything else is a SQLite file path."""
    if "://" in db:
        try:
            url = make_url(db)
        except ArgumentError as exc:
            raise UsageError(Errors.E001.format(db=db)) from exc
        if url.drivername in ("postgresql", "postgres"):
            return url.set(drivername=POSTGRESQL_DRIVER).render_as_string(hide_password=False)
        return db
    if not db.strip():
        raise UsageError(Errors.E001.format(db=db))
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def make_engine(url: str, busy_timeout_ms: int) -> Engine:
    """An engine with newsgraph's connection settings for its dialect."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        # check_same_thread off: the web server hands connections across threads (pool does locking)
        engine = create_engine(url, connect_args={"check_same_thread": False,
                                                  "timeout": busy_timeout_ms / 1000})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:  # every new connection, not just the first
            cur = dbapi_conn.cursor()
            if database and database != ":memory:":
                cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            cur.execute("PRAGMA synchronous=NORMAL")  # safe with WAL; a commit survives a process kill
            cur.close()

        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except ImportError as exc:  # the dialect imports its driver here
        raise StoreError(Errors.E023.format(backend=parsed.get_backend_name(), reason=exc)) from exc


def alembic_config():
    """The Alembic configuration, built in code; the migrations ship inside the package.

    Alembic is imported here, not at module level: it is only needed when a store is opened.
    """
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def migrate(engine: Engine, url: str) -> None:
    """Bring the schema to the latest revision (creates every table on a new store)."""
    from alembic import command

    config = alembic_config()
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except SQLAlchemyError as exc:
        raise StoreError(Errors.E003.format(db=url, reason=exc)) from exc
