"""The migrations create the schema that store/schema.py describes, with SQLite's settings."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
import pytest
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from newsgraph.store import open_store, schema


def test_migrations_create_every_table(store):
    names = set(inspect(store.engine).get_table_names())
    assert set(schema.metadata.tables) <= names
    # SQLite searches an FTS5 table; PostgreSQL its own full text over the articles table
    assert ("articles_fts" in names) == (store.engine.dialect.name == "sqlite")
    for table in ("outlets", "documents", "articles", "actors", "actor_aliases", "mentions", "places",
                  "dates", "events", "event_reports", "event_actors", "relations", "relation_reports",
                  "quotes", "framing_labels", "processed"):
        assert table in names


def test_schema_module_matches_the_migrations(store):
    with store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), schema.metadata)
    # the FTS5 virtual table and its shadow tables are made by the migration only, on SQLite only
    diffs = [d for d in diffs if not (d[0] == "remove_table" and d[1].name.startswith(schema.FTS_TABLE))]
    # ... and PostgreSQL's GIN index on an expression of the articles
    diffs = [d for d in diffs if not (d[0] == "remove_index" and d[1].name == schema.PG_SEARCH_INDEX)]
    assert diffs == []


def test_every_fact_table_has_the_evidence_columns():
    for table in (schema.mentions, schema.places, schema.dates, schema.events, schema.event_reports,
                  schema.relation_reports, schema.quotes, schema.framing_labels):
        assert {"article_id", "start", "end", "confidence", "pipeline_version"} <= set(table.c.keys())


def test_sqlite_settings_and_reopen(tmp_path):
    path = tmp_path / "sub" / "plain.db"  # a plain path, parent folder created
    with open_store(str(path), dedup=None) as st:
        with st.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() > 0
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert st.location == str(path)
    with open_store(f"sqlite:///{path}", dedup=None) as again:  # upgrade on an up-to-date store
        with again.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == version


def test_the_schema_and_queries_compile_for_postgresql():
    """No PostgreSQL server offline: at least every table's DDL and the search query must compile."""
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateIndex, CreateTable

    dialect = postgresql.dialect()
    for table in schema.metadata.sorted_tables:
        ddl = str(CreateTable(table).compile(dialect=dialect))
        assert "CREATE TABLE" in ddl
        for index in table.indexes:
            str(CreateIndex(index).compile(dialect=dialect))
    from sqlalchemy import select

    from newsgraph.store.read.articles import text_condition

    sql = str(select(schema.articles.c.id).where(text_condition("postgresql", "ceasefire talks"))
              .compile(dialect=dialect))
    assert "to_tsvector('simple'::regconfig" in sql and "to_tsquery('simple'::regconfig" in sql
    fallback = str(select(schema.articles.c.id).where(text_condition("mysql", "ceasefire talks"))
                   .compile(dialect=dialect))
    assert fallback.count("ILIKE") == 2


def test_a_bare_postgresql_url_gets_the_pinned_driver():
    from newsgraph.store.engine import resolve_url

    assert resolve_url("postgresql://u:pw@db.example/news") == "postgresql+psycopg://u:pw@db.example/news"
    assert resolve_url("postgres://u@db.example/news") == "postgresql+psycopg://u@db.example/news"
    assert resolve_url("postgresql+psycopg2://u@db.example/news") == "postgresql+psycopg2://u@db.example/news"


def test_a_missing_driver_is_a_catalogue_error_naming_the_package(monkeypatch):
    import sys

    from newsgraph.errors import StoreError

    for name in [m for m in sys.modules if m == "psycopg" or m.startswith("psycopg.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now raises ImportError
    with pytest.raises(StoreError) as info:
        open_store("postgresql://newsgraph@127.0.0.1:1/news")
    assert "psycopg[binary]" in str(info.value) and "'postgresql'" in str(info.value)
