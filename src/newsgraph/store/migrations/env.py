"""Alembic environment for the newsgraph store, driven from code (no alembic.ini).

``newsgraph.store.engine.migrate`` builds the :class:`alembic.config.Config` and passes an open
connection in ``config.attributes["connection"]``; this file only runs the migrations on it.
"""
from __future__ import annotations

from alembic import context

from newsgraph.store.schema import FTS_TABLE, metadata

config = context.config


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # e.g. `alembic revision --autogenerate` run by a developer with a URL
        from sqlalchemy import create_engine

        engine = create_engine(config.get_main_option("sqlalchemy.url"))
        with engine.connect() as conn:
            _run(conn)
            conn.commit()
        return
    _run(connection)


def _include_name(name, type_, parent_names) -> bool:
    """Autogenerate ignores the FTS5 table and its shadow tables (hand-written in the migration)."""
    return not (type_ == "table" and name and name.startswith(FTS_TABLE))


def _run(connection) -> None:
    # render_as_batch: SQLite cannot ALTER most things; batch mode rebuilds tables when needed.
    context.configure(connection=connection, target_metadata=metadata, include_name=_include_name,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("newsgraph migrations run online only (open_store runs them)")
run_migrations_online()
