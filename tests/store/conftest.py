"""Fixtures for the store tests: articles and facts written by hand (our own sentences)."""
from __future__ import annotations

import hashlib

import pytest

from newsgraph.records import Article
from newsgraph.store import open_store


def make_article(text: str, *, source: str | None = "Harbour Times", title: str | None = None,
                 published: str | None = "2024-03-02", raw_sha: str | None = None, part: int = 0,
                 cleaning_version: str = "clean-1", path: str | None = "in/story.txt",
                 published_basis: str = "dateline", duplicate_of: str | None = None) -> Article:
    """An Article as ingest would produce it (id = sha256 of the clean text)."""
    return Article(
        id=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16], path=path, part=part, source=source,
        source_basis="signature" if source else "none", title=title, published=published,
        published_basis=published_basis, text=text,
        raw_sha=raw_sha or hashlib.sha256(("raw" + text).encode("utf-8", "surrogatepass")).hexdigest(), format="txt",
        duplicate_of=duplicate_of, cleaning_version=cleaning_version)


@pytest.fixture(name="make_article")
def make_article_fixture():
    """The factory above, as a fixture (test folders are not packages, so no imports between them)."""
    return make_article


@pytest.fixture()
def store(backend_db):
    """A fresh store without near-duplicate linking (tests that need it pass their own), on SQLite
    and on PostgreSQL (each test using it runs on both)."""
    with open_store(backend_db, dedup=None) as st:
        yield st


@pytest.fixture()
def sqlite_store(tmp_db):
    """A fresh SQLite store, for what only SQLite has (FTS5 table, pragmas)."""
    with open_store(tmp_db, dedup=None) as st:
        yield st


@pytest.fixture(scope="package")
def synthetic_small(tmp_path_factory):
    """One synthetic store of 4,000 events (tools/synthetic_store.py), shared by the map and timeline
    read tests: (store, what the generator made)."""
    import synthetic_store

    db = tmp_path_factory.mktemp("synthetic") / "s.db"
    made = synthetic_store.generate(db, 4000, seed=5)
    store = open_store(str(db), dedup=None)
    yield store, made
    store.close()
