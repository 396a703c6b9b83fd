"""``build`` on a store made by an older pipeline version reprocesses every article, and the old
version's facts are replaced in every view: the store, the readers behind the CLI and the web, and the
export end up exactly as a fresh build of the current version leaves them."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, select, text

from newsgraph import api
from newsgraph.store import open_store, schema
from newsgraph.version import PIPELINE_VERSION
from newsgraph.web import create_app

STORIES = {
    "wire.jsonl": [
        {"title": "Shelling in Nyala", "source": "Nile Wire", "published": "2024-03-04",
         "text": "The Rapid Support Forces shelled the market in Nyala on Monday, killing at least 12 people. "
                 "The Sudanese army accused the RSF of targeting civilians. The UAE has backed the RSF, "
                 "officials said."},
        {"title": "Market hit", "source": "Sahel Post", "published": "2024-03-05",
         "text": "At least 12 people were killed when the Rapid Support Forces shelled a market in Nyala on "
                 "Monday. The army said it would retake the city."},
    ],
}
OLD = "pipe-old"


def _tables_with_versions():
    return [t for t in schema.metadata.sorted_tables if "pipeline_version" in t.c]


def _views(db: str, tmp_path, name: str) -> dict:
    """What the surfaces show: the export files, the CLI's readers, the web API."""
    out = tmp_path / name
    api.export(out, format="jsonl", db=db)
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(out.glob("*.jsonl"))}
    with open_store(db) as store:
        cli = {"actors": store.actors(aliases=True), "events": store.events(), "relations": store.relations(),
               "quotes": store.quotes(), "stats": store.stats()["facts"]}
    with TestClient(create_app(db)) as client:
        web = {p: client.get(p).json() for p in ("/api/events?limit=500", "/api/actors?limit=500",
                                                 "/api/relations?limit=500", "/api/outlets")}
    return {"export": files, "cli": cli, "web": json.loads(json.dumps(web).replace(PIPELINE_VERSION, "V"))}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    for name, rows in STORIES.items():
        (folder / name).write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return folder


def test_an_older_versions_store_is_rebuilt_as_fresh(corpus, tmp_path):
    db = f"sqlite:///{tmp_path / 'store.db'}"
    first = api.build([corpus], db=db)
    assert first.processed == 2 and not first.failed
    fresh = _views(db, tmp_path, "fresh")
    assert fresh["cli"]["events"] and fresh["cli"]["relations"]

    # the same store as an older pipeline would have left it: every fact, mark and actor of "pipe-old",
    # one actor renamed (the old code named it otherwise) and one actor only the old code found
    with open_store(db) as store, store.engine.begin() as conn:
        for table in _tables_with_versions():
            conn.execute(table.update().values(pipeline_version=OLD))
        some = conn.execute(select(schema.actors.c.id).order_by(schema.actors.c.id)).scalars().first()
        conn.execute(schema.actors.update().where(schema.actors.c.id == some).values(name="Old Name", type="other"))
        article = conn.execute(select(schema.articles.c.id)).scalars().first()
        conn.execute(insert(schema.actors).values(id="act_stale", name="Stale Front", type="armed_group",
                                                  created_at="2024-01-01T00:00:00", pipeline_version=OLD))
        conn.execute(insert(schema.mentions).values(id="stale-mention", article_id=article, start=0, end=3,
                                                    confidence=0.5, pipeline_version=OLD, text="The",
                                                    label="ORG", actor_id="act_stale"))
    assert _views(db, tmp_path, "old") != fresh

    again = api.build(db=db)
    assert again.processed == 2  # every article the current version had not processed
    assert again.stale_actors == 1
    with open_store(db) as store, store.connect() as conn:
        for table in _tables_with_versions():
            versions = set(conn.execute(select(table.c.pipeline_version).distinct()).scalars())
            assert versions <= {PIPELINE_VERSION}, (table.name, versions)
        assert conn.execute(text("SELECT count(*) FROM actors WHERE id = 'act_stale'")).scalar_one() == 0
    assert _views(db, tmp_path, "rebuilt") == fresh
    assert api.build(db=db).processed == 0  # and the next build has nothing left to do
