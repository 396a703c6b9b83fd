"""articles.dropped in every article export: the kinds and characters cleaning removed."""
from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
import pytest
from sqlalchemy import update

from newsgraph import api
from newsgraph.records import Article, Dropped
from newsgraph.store import open_store, schema

TEXTS = ["The envoy said both sides had agreed to exchange lists of detainees within a week.",
         "Residents said the guns fell silent overnight along the coast road, officials said."]


def _article(text: str, dropped: list[Dropped]) -> Article:
    return Article(id=text[:16].replace(" ", "-"), path="in/a.txt", part=0, source="Coastal Post",
                   source_basis="signature", title=None, published="2024-05-05", published_basis="dateline",
                   text=text, raw_sha="raw-" + text[:8], format="txt", cleaning_version="clean-2", dropped=dropped)


@pytest.fixture()
def store_db(tmp_db):
    with open_store(tmp_db, dedup=None) as st:
        st.write_articles([_article(TEXTS[0], [Dropped("comments", 1200), Dropped("share", 40)]),
                           _article(TEXTS[1], [])])
        with st.connect() as conn:  # an article stored before the column existed
            conn.execute(update(schema.articles).where(schema.articles.c.id == TEXTS[1][:16].replace(" ", "-"))
                         .values(dropped=None))
            conn.commit()
    return tmp_db


def test_jsonl_writes_the_list_and_null_when_not_recorded(store_db, tmp_path):
    api.export(tmp_path, format="jsonl", db=store_db)
    rows = {r["text"]: r for r in map(json.loads, (tmp_path / "articles.jsonl").read_text().splitlines())}
    assert rows[TEXTS[0]]["dropped"] == [{"kind": "comments", "chars": 1200}, {"kind": "share", "chars": 40}]
    assert rows[TEXTS[1]]["dropped"] is None


def test_csv_writes_json_and_parquet_a_list_of_structs(store_db, tmp_path):
    api.export(tmp_path / "csv", format="csv", db=store_db)
    with open(tmp_path / "csv" / "articles.csv", encoding="utf-8", newline="") as f:
        cells = {r["text"]: r["dropped"] for r in csv.DictReader(f)}
    assert json.loads(cells[TEXTS[0]]) == [{"chars": 1200, "kind": "comments"}, {"chars": 40, "kind": "share"}]
    api.export(tmp_path / "pq", format="parquet", db=store_db)
    table = pq.read_table(tmp_path / "pq" / "articles.parquet").to_pylist()
    by_text = {r["text"]: r["dropped"] for r in table}
    assert by_text[TEXTS[0]] == [{"kind": "comments", "chars": 1200}, {"kind": "share", "chars": 40}]
