"""The kept answers (web/cache.py) are reused until the store changes, then computed again."""
from __future__ import annotations

from sqlalchemy import insert

from newsgraph.store import open_store
from newsgraph.store import schema as s
from newsgraph.web.cache import ViewCache, store_state


def test_answers_are_kept_until_the_store_changes(tmp_path):
    store = open_store(str(tmp_path / "c.db"), dedup=None)
    cache, calls = ViewCache(entries=2), []

    def compute():
        calls.append(1)
        return len(calls)

    try:
        with store.connect() as c:
            assert cache.get(c, "k", compute) == 1 and cache.get(c, "k", compute) == 1
            before = store_state(c)
        with store.engine.begin() as c:  # what a correction, a build or an ingest moves
            c.execute(insert(s.corrections).values(kind="reject_event", target="a:0-1", value=None, who="t",
                                                   why=None, at="2026-01-01T00:00:00+00:00", uid="u1"))
        with store.connect() as c:
            assert store_state(c) != before
            assert cache.get(c, "k", compute) == 2
            cache.get(c, "k2", compute)
            cache.get(c, "k3", compute)  # two entries at most: the oldest ("k") goes
            assert cache.get(c, "k", compute) == 5
    finally:
        store.close()


def test_the_state_is_read_once_per_connection(tmp_path, monkeypatch):
    from newsgraph.web import cache as cache_module

    store = open_store(str(tmp_path / "c.db"), dedup=None)
    reads = []
    real = cache_module.store_state
    monkeypatch.setattr(cache_module, "store_state", lambda conn: reads.append(1) or real(conn))
    cache = ViewCache()
    try:
        with store.connect() as c:  # one request asking for two answers
            cache.get(c, "a", lambda: 1)
            cache.get(c, "b", lambda: 2)
        assert len(reads) == 1
        with store.connect() as c:  # the next request reads the state again
            assert cache.get(c, "a", lambda: 3) == 1
        assert len(reads) == 2
    finally:
        store.close()


def test_a_page_with_two_kept_answers_reads_the_state_once(client, monkeypatch):
    from newsgraph.web import cache as cache_module

    reads = []
    real = cache_module.store_state
    monkeypatch.setattr(cache_module, "store_state", lambda conn: reads.append(1) or real(conn))
    response = client.get("/events")  # the events total and the filter menus
    assert response.status_code == 200
    assert len(reads) == 1
