"""Incremental consolidation equals a full re-run on the same store (consolidate/incremental.py): on the
invented outlet corpus added in parts, and on generated reports crowded into one place and a few days
(with the same-place sorted window switched on), through additions, re-extracted articles and an actor merge."""
from __future__ import annotations

import hashlib
import random
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from newsgraph.consolidate import clusters, consolidate
from newsgraph.records import Actor, Article, DateValue, Event, Evidence, Facts, PlaceMention
from newsgraph.store import open_store
from newsgraph.store import schema as s
from newsgraph.version import PIPELINE_VERSION

from test_consolidate import corpus_facts, load_corpus


@pytest.fixture(autouse=True)
def always_incremental(monkeypatch):
    """The equality tests exercise the incremental path, not its fall-back to a full run."""
    from newsgraph.consolidate import incremental
    monkeypatch.setattr(incremental, "FULL_RUN_SHARE", 1e9)


def test_most_blocks_changed_falls_back_to_a_full_run(tmp_db, monkeypatch, caplog):
    from newsgraph.consolidate import incremental
    monkeypatch.setattr(incremental, "FULL_RUN_SHARE", 0.2)
    arts, facts = _generated(11, 30)
    with open_store(tmp_db, dedup=None) as store:
        store.write_articles(arts)
        store.write_facts(facts[:10])
        consolidate(store)
        store.write_facts(facts[10:])
        with store.connect() as conn:
            assert incremental.plan(conn).full
        consolidate(store)
        after = snapshot(store)
        consolidate(store, full=True)
        assert snapshot(store) == after


def snapshot(store) -> dict:
    """The stored consolidation, without the time it was written."""
    with store.connect() as conn:
        ec = {r.id: (r.type, r.date_first, r.date_last, r.place_name, r.n_reports, r.n_articles, r.n_outlets)
              for r in conn.execute(select(s.event_clusters))}
        members = {r.id: r.cluster for r in conn.execute(select(s.events.c.id, s.events.c.cluster))}
        contra = {r.id: (r.cluster_id, r.field, r.versions) for r in conn.execute(select(s.contradictions))}
        links = {(r.a, r.b): r.score for r in conn.execute(select(s.event_links))}
        blocks = {r.event_id: (r.kind, r.day) for r in conn.execute(select(s.event_blocks))}
    return {"clusters": ec, "members": members, "contradictions": contra, "links": links, "blocks": blocks}


def test_outlet_corpus_in_parts_equals_full(tmp_db):
    arts, facts, _ = corpus_facts(load_corpus())
    with open_store(tmp_db, dedup=None) as store:
        store.write_articles(arts)
        half = len(facts) // 2
        store.write_facts(facts[:half])
        consolidate(store)
        store.write_facts(facts[half:])
        summary = consolidate(store)
        incremental = snapshot(store)
        assert summary.clusters >= 1
        full = consolidate(store, full=True)
        assert snapshot(store) == incremental
        assert full == summary


# -- generated reports, crowded in place and time ------------------------------------------------------
WORDS = ["militants", "attacked", "a", "checkpoint", "near", "the", "market", "police", "said", "gunmen",
         "killed", "three", "soldiers", "convoy", "village", "shelling", "hit", "school"]
PLACES = [("Alphaville", 1001, 10.0, 20.0), ("Betatown", 1002, 10.05, 20.05), ("Gammaport", 1003, 12.0, 22.0)]
ACTORS = ["act-a", "act-b", "act-c", "act-d"]


def _generated(seed: int, n_articles: int, day0: int = 1) -> tuple[list[Article], list[Facts]]:
    rnd = random.Random(seed)
    arts, facts = [], []
    for n in range(n_articles):
        sentences = [" ".join(rnd.choice(WORDS[:8 + rnd.randrange(10)]) for _ in range(8)) + "."
                     for _ in range(3)]
        text = " ".join(sentences)
        day = day0 + 1 + rnd.randrange(6)
        aid = hashlib.sha256(f"{seed}-{n}-{text}".encode()).hexdigest()[:16]
        published = f"2024-03-{day:02d}"
        arts.append(Article(id=aid, path=f"gen/{seed}-{n}.txt", part=0, source=f"Outlet{n % 4}",
                            source_basis="input-metadata", title=sentences[0], published=published,
                            published_basis="input-metadata", text=text,
                            raw_sha=hashlib.sha256(f"raw{aid}".encode()).hexdigest(), format="txt",
                            cleaning_version="clean-1"))
        f = Facts(article=aid, pipeline_version=PIPELINE_VERSION)
        start = 0
        used = set()
        for k, sent in enumerate(sentences):
            ev = Evidence(aid, start, start + len(sent))
            name, gid, lat, lon = rnd.choice(PLACES)
            place = PlaceMention(Evidence(aid, start, start + 1), sent[0], name, "XX", None, lat, lon, gid, "city", 0.9)
            actor = [rnd.choice(ACTORS)] if rnd.random() < 0.7 else []
            used |= set(actor)
            dated = rnd.random() < 0.6
            f.events.append(Event(
                id=f"e{k}", type=rnd.choice(["ASSAULT", "ASSAULT", "COERCE"]), mode="", evidence=ev,
                trigger="attacked", actor=actor,
                date=DateValue(f"2024-03-{day - rnd.randrange(2):02d}" if dated else None,
                               "day" if dated else "unknown", None),
                place=place if rnd.random() < 0.9 else None, killed=rnd.choice([None, 3, 4]), confidence=0.8))
            start += len(sent) + 1
        f.actors = [Actor(a, a.upper(), "group", None) for a in sorted(used)]
        facts.append(f)
    return arts, facts


@pytest.mark.parametrize("window", [False, True])
def test_generated_increments_equal_full(tmp_db, monkeypatch, window):
    if window:  # every same-place group goes through the sorted window
        monkeypatch.setattr(clusters, "MAX_BLOCK", 4)
        monkeypatch.setattr(clusters, "WINDOW", 3)
    arts, facts = _generated(7, 60)
    undated_art, undated_facts = _generated(8, 4)
    for f in undated_facts:  # reports with no day at all (no own date, no publication date)
        f.events = [replace(e, date=DateValue(None, "unknown", None)) for e in f.events]
    for a in undated_art:
        a.published = None
    with open_store(tmp_db, dedup=None) as store:
        store.write_articles(arts + undated_art)
        store.write_facts(facts[:20])
        consolidate(store)
        store.write_facts(facts[20:45] + undated_facts[:2])
        consolidate(store)
        # re-extraction: an article's facts replaced by fewer ones (reports gone), others added
        shrunk = Facts(article=facts[3].article, pipeline_version=PIPELINE_VERSION, events=facts[3].events[:1],
                       actors=facts[3].actors)
        store.write_facts([shrunk] + facts[45:] + undated_facts[2:])
        consolidate(store)
        # an actor merge rewrites event roles in place
        store.merge_actors({"act-b": "act-a"})
        with store.connect() as conn:
            assert conn.execute(select(func.count()).select_from(s.consolidation_dirty)).scalar() > 0
        consolidate(store)
        incremental = snapshot(store)
        assert incremental["clusters"], "the generated reports must form some consolidated events"
        consolidate(store, full=True)
        assert snapshot(store) == incremental


def test_noop_consolidation_writes_nothing(tmp_db):
    arts, facts = _generated(3, 12)
    with open_store(tmp_db, dedup=None) as store:
        store.write_articles(arts)
        store.write_facts(facts)
        first = consolidate(store)
        before = snapshot(store)
        with store.connect() as conn:
            created = sorted(r[0] for r in conn.execute(select(s.event_clusters.c.created_at)))
        again = consolidate(store)
        assert again == first and snapshot(store) == before
        with store.connect() as conn:
            assert sorted(r[0] for r in conn.execute(select(s.event_clusters.c.created_at))) == created


def test_rebuild_command_consolidates_from_scratch(tmp_path):
    from typer.testing import CliRunner

    from newsgraph.cli import app

    db = str(tmp_path / "r.db")
    arts, facts = _generated(5, 10)
    with open_store(db, dedup=None) as store:
        store.write_articles(arts)
        store.write_facts(facts)
        consolidate(store)
        before = snapshot(store)
    result = CliRunner().invoke(app, ["rebuild", "--consolidate", "--db", db, "--quiet"])
    assert result.exit_code == 0, result.output
    with open_store(db, dedup=None) as store:
        assert snapshot(store) == before
