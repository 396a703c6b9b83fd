"""The articles.dropped column: written, read back, filled in for an article stored before it."""
from __future__ import annotations

from sqlalchemy import update

from newsgraph.records import Dropped
from newsgraph.store import schema
from newsgraph.store.dropped import decode

TEXT = "Fighters loyal to the eastern commander shelled the port district on Tuesday, officials said."


def test_dropped_is_stored_and_read_back(store, make_article):
    art = make_article(TEXT)
    art.dropped = [Dropped("comments", 900), Dropped("widget", 80)]
    store.write_articles([art])
    assert store.article(art.id)["dropped"] == [{"kind": "comments", "chars": 900}, {"kind": "widget", "chars": 80}]
    [loaded] = store.load_articles([art.id])
    assert loaded.dropped == art.dropped


def test_an_article_stored_before_the_column_gets_its_drops_when_the_same_text_comes_again(store, make_article):
    old = make_article(TEXT, cleaning_version="clean-1")
    store.write_articles([old])
    with store.connect() as conn:
        conn.execute(update(schema.articles).where(schema.articles.c.id == old.id).values(dropped=None))
        conn.commit()
    assert store.article(old.id)["dropped"] is None
    again = make_article(TEXT, cleaning_version="clean-2")
    again.dropped = [Dropped("footer", 30)]
    assert store.write_articles([again]).skipped == [old.id]
    assert store.article(old.id)["dropped"] == [{"kind": "footer", "chars": 30}]
    other = make_article(TEXT, cleaning_version="clean-3")
    other.dropped = [Dropped("share", 5)]
    store.write_articles([other])  # a recorded list is never overwritten
    assert store.article(old.id)["dropped"] == [{"kind": "footer", "chars": 30}]


def test_decode_tolerates_a_damaged_cell():
    assert decode(None) is None and decode("not json") is None and decode('{"a": 1}') is None
    assert decode('[{"kind": "share", "chars": "7"}, {"oops": 1}]') == [{"kind": "share", "chars": 7}]
