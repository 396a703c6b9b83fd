"""Migration 0010: the article text is stored once (FTS5 external content on SQLite) and raw documents
compressed; converting a store up and down keeps what search finds and the raw text."""
from __future__ import annotations


import pytest
from alembic import command
from sqlalchemy import inspect, text

from newsgraph.records import RawDocument
from newsgraph.store import open_store
from newsgraph.store.engine import alembic_config
from newsgraph.store.read.articles import _PG_DOCUMENT
from newsgraph.store.writer import decompress_raw

STORIES = ["Shelling hit the harbour of Port Vela on Tuesday, the mayor said; ceasefire talks stalled.",
           "Farmers near Lake Orrin protested the new water tax, blocking the ring road for hours.",
           "The ceasefire held in Port Vela for a second night as negotiators met in the capital."]


def _fill(st, make_article):
    arts = [make_article(t, title=f"Story {k}") for k, t in enumerate(STORIES)]
    docs = [RawDocument(path="in/story.txt", format="txt", text="<p>" + a.text + "</p>", raw_sha=a.raw_sha)
            for a in arts]
    st.write_articles(arts, (), docs)
    return arts


def _alembic(st, target: str, up: bool) -> None:
    config = alembic_config()
    with st.engine.begin() as conn:
        config.attributes["connection"] = conn
        (command.upgrade if up else command.downgrade)(config, target)


def test_search_and_raw_text_survive_a_downgrade_and_upgrade(store, make_article):
    arts = _fill(store, make_article)
    before = store.search("ceasefire Vela")
    assert {r["id"] for r in before} == {arts[0].id, arts[2].id}
    with store.connect() as conn:
        stored = dict(conn.execute(text("SELECT raw_sha, raw_zlib FROM documents")).all())
    assert decompress_raw(stored[arts[1].raw_sha]) == "<p>" + STORIES[1] + "</p>"
    _alembic(store, "0009", up=False)
    with store.connect() as conn:
        raw = dict(conn.execute(text("SELECT raw_sha, raw_text FROM documents")).all())
    assert raw[arts[1].raw_sha] == "<p>" + STORIES[1] + "</p>"
    _alembic(store, "head", up=True)
    assert store.search("ceasefire Vela") == before
    added = make_article("A ceasefire in Vela was announced again on Friday.", title="Later")
    store.write_articles([added])
    assert added.id in {r["id"] for r in store.search("ceasefire Vela")}


def test_sqlite_keeps_no_copy_of_the_text(sqlite_store, make_article):
    _fill(sqlite_store, make_article)
    names = set(inspect(sqlite_store.engine).get_table_names())
    assert "articles_fts_content" not in names  # external content: FTS5 makes no content table
    with sqlite_store.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM articles_fts_rows")).scalar() == len(STORIES)
        # the index agrees with its content (FTS5's own check)
        conn.execute(text("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)"))


@pytest.mark.postgresql
def test_postgresql_search_reads_the_gin_index(postgres_db, make_article):
    with open_store(postgres_db, dedup=None) as st:
        arts = _fill(st, make_article)
        with st.connect() as conn:
            conn.execute(text("SET enable_seqscan = off"))  # three rows: make the planner show its choice
            plan = "\n".join(r[0] for r in conn.execute(text(
                f"EXPLAIN SELECT a.id FROM articles a WHERE {_PG_DOCUMENT} @@ to_tsquery('simple', 'ceasefire')")))
        assert "ix_articles_fts_gin" in plan
        assert [r["id"] for r in st.search("harbour")] == [arts[0].id]
