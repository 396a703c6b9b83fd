"""The single writer: idempotent, atomic, immutable text, near-duplicates, facts replacement."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, insert, select, text

from newsgraph.errors import StoreError
from newsgraph.records import (Actor, DateMention, DateValue, Event, Evidence, Facts, FramingLabel,
                               IngestError, Mention, PlaceMention, Quote, Relation)
from newsgraph.ingest.dedup import NearDuplicateIndex, minhash_signature
from newsgraph.store import open_store, schema
from newsgraph.store.writer import Dedup, pack_signature, unpack_signature

TEXTS = [
    "Fighters loyal to the eastern commander shelled the port district on Tuesday, officials said.",
    "The coastal city council asked both sides to open a corridor for families leaving the south.",
    "Envoys met in the capital to discuss a ceasefire that neither army has yet accepted in public.",
]


def count(store, table) -> int:
    with store.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_reingesting_the_same_content_adds_nothing(store, make_article):
    batch = [make_article(t) for t in TEXTS]
    first = store.write_articles(batch)
    assert sorted(first.added) == sorted(a.id for a in batch) and first.skipped == []
    again = store.write_articles(batch + [batch[0]])
    assert again.added == [] and len(again.skipped) == 4
    assert count(store, schema.articles) == 3
    assert count(store, schema.documents) == 3
    assert count(store, schema.outlets) == 1


def test_a_unit_the_store_refuses_is_reported_and_the_rest_of_its_batch_is_stored(store, make_article):
    good = make_article(TEXTS[0])
    bad = make_article(TEXTS[1], published_basis=None)  # violates NOT NULL inside the transaction
    result = store.write_articles([good, bad], [IngestError("x.txt", "unreadable")])
    assert result.added == [good.id]
    assert [(e.path, "could not be stored" in e.reason) for e in result.failed] == [(bad.path, True)]
    assert "published_basis" in result.failed[0].reason and "INSERT" not in result.failed[0].reason
    assert count(store, schema.articles) == 1 and count(store, schema.documents) == 1
    with store.connect() as conn:
        if conn.dialect.name == "sqlite":  # no half-written unit in the full-text index
            assert conn.execute(text("SELECT count(*) FROM articles_fts")).scalar() == 1
        reasons = sorted(conn.execute(select(schema.ingest_errors.c.reason)).scalars())
    assert reasons[1] == "unreadable" and reasons[0].startswith("could not be stored")
    assert store.write_articles([good]).skipped == [good.id]  # the store is usable afterwards


def test_an_unstorable_article_is_refused_alike_on_every_backend(store, make_article):
    # SQLite would keep the NUL and PostgreSQL refuse it: the writer refuses it first, on both
    nul, lone = make_article("Shelling resumed\x00 at dawn."), make_article("Talks \ud800 stalled again.")
    fine = make_article(TEXTS[2])
    result = store.write_articles([nul, fine, lone])
    assert result.added == [fine.id]
    assert len(result.failed) == 2 and all("NUL or a lone surrogate" in e.reason for e in result.failed)


def test_a_database_failure_is_raised_and_stores_nothing(store, make_article):
    with store.engine.begin() as conn:
        conn.execute(text("DROP TABLE ingest_errors"))  # every write of this batch now fails
    with pytest.raises(StoreError):
        store.write_articles([make_article(TEXTS[0])], [IngestError("x.txt", "unreadable")])
    assert count(store, schema.articles) == 0


def test_text_is_never_updated_a_new_cleaning_version_adds_a_row(store, make_article):
    old = make_article(TEXTS[0], raw_sha="r1", cleaning_version="clean-1")
    store.write_articles([old])
    same_id_other_title = make_article(TEXTS[0], raw_sha="r1", title="Changed headline")
    assert store.write_articles([same_id_other_title]).skipped == [old.id]
    assert store.article(old.id)["title"] is None
    new = make_article(TEXTS[0] + " A correction was added later.", raw_sha="r1",
                       cleaning_version="clean-2")
    result = store.write_articles([new])
    assert result.superseded == [(new.id, old.id)]
    assert store.article(new.id)["supersedes"] == old.id
    assert store.article(old.id)["text"] == TEXTS[0]
    assert count(store, schema.articles) == 2


def _shingles(value: str) -> set[str]:
    words = re.findall(r"\w+", value.lower())
    return {" ".join(words[i:i + 3]) for i in range(len(words) - 2)}


class JaccardIndex:
    """A tiny exact-Jaccard index, so that the writer's linking is tested apart from MinHash."""

    def __init__(self) -> None:
        self.items: list[tuple[str, set[int]]] = []

    def add(self, article_id, signature):
        self.items.append((article_id, set(signature)))

    def match(self, signature):
        sig = set(signature)
        for article_id, other in self.items:
            if len(sig & other) / len(sig | other) >= 0.6:
                return article_id
        return None


JACCARD = Dedup(signature=lambda t: sorted(hash(s) % (1 << 63) for s in _shingles(t)),
                new_index=JaccardIndex)



def test_near_duplicates_are_linked_also_across_store_reopen(tmp_db, make_article):
    original, other = make_article(TEXTS[0]), make_article(TEXTS[1])
    copy = make_article(TEXTS[0].replace("on Tuesday,", "on Tuesday morning,"), source="Gulf Wire")
    with open_store(tmp_db, dedup=JACCARD) as st:
        assert st.write_articles([original, other]).near_duplicates == []
    with open_store(tmp_db, dedup=JACCARD) as st:  # the index is rebuilt from stored signatures
        result = st.write_articles([copy])
        assert result.near_duplicates == [(copy.id, original.id)]
        assert st.article(copy.id)["duplicate_of"] == original.id
        assert st.stats()["near_duplicates"] == 1


def test_near_duplicates_inside_one_batch(tmp_db, make_article):
    original = make_article(TEXTS[1])
    copy = make_article(TEXTS[1].replace("asked both sides", "urged both sides"), source="Gulf Wire")
    with open_store(tmp_db, dedup=JACCARD) as st:
        result = st.write_articles([original, copy])
    assert result.near_duplicates == [(copy.id, original.id)]


def test_near_duplicates_with_the_ingest_minhash(tmp_db, make_article):
    real = Dedup(signature=minhash_signature, new_index=NearDuplicateIndex)
    long_text = " ".join(TEXTS * 4)
    original = make_article(long_text)
    copy = make_article(long_text.replace("on Tuesday", "on Tuesday night", 1), source="Gulf Wire")
    with open_store(tmp_db, dedup=real) as st:
        st.write_articles([original, make_article(TEXTS[2])])
    with open_store(tmp_db, dedup=real) as st:
        assert st.write_articles([copy]).near_duplicates == [(copy.id, original.id)]


def test_signature_blob_round_trip():
    sig = [0, 1, 2**32 - 1, 2**64 - 1]
    assert unpack_signature(pack_signature(sig)) == sig


def test_readers_are_not_blocked_by_an_open_write_transaction(store, make_article):
    store.write_articles([make_article(TEXTS[0])])
    pending = make_article(TEXTS[1])
    with store.engine.connect() as writer:
        tx = writer.begin()
        writer.execute(insert(schema.documents).values(raw_sha=pending.raw_sha, format="txt", index=0,
                                                       ingested_at="2024-01-01T00:00:00+00:00"))
        # a second connection reads the committed state while the write is still open
        assert [a["id"] for a in store.articles()] == [make_article(TEXTS[0]).id]
        assert store.stats()["documents"] == 1
        tx.commit()
    assert store.stats()["documents"] == 2


def facts_for(article_id: str, text_: str, pv: str = "pipe-test") -> Facts:
    """Facts of every kind with offsets into our own sentence."""
    def ev(word: str) -> Evidence:
        start = text_.index(word)
        return Evidence(article_id, start, start + len(word))

    commander = Actor(id="act-commander", name="Eastern Commander", type="person", country="LY",
                      aliases={"commander": 1})
    council = Actor(id="act-council", name="City Council", type="government", aliases={"council": 1})
    return Facts(
        article=article_id, pipeline_version=pv,
        mentions=[Mention(ev("commander"), "commander", "PERSON", actor="act-commander", confidence=0.9)],
        actors=[commander, council],
        places=[PlaceMention(ev("port"), "port", "Port District", "LY", None, 32.1, 20.1, 88319, "site", 0.7)],
        dates=[DateMention(ev("Tuesday"), "Tuesday", "2024-02-27", "day", 0.8)],
        events=[Event(id="ev-1", type="ASSAULT", mode="heavy-weapons", evidence=Evidence(article_id, 0, len(text_)),
                      trigger="shelled", actor=["act-commander"], recipient=["act-council"],
                      date=DateValue("2024-02-27", "day", "Tuesday"), killed=3, confidence=0.6)],
        relations=[Relation("act-commander", "act-council", "fights", Evidence(article_id, 0, len(text_)),
                            date="2024-02-27", confidence=0.5)],
        quotes=[Quote(ev("officials said"), "officials said", None, confidence=0.4)],
        framing=[FramingLabel(ev("commander"), "act-commander", "commander", source="Harbour Times")],
    )


def fact_counts(store) -> dict[str, int]:
    return {t.name: count(store, t) for t in (
        schema.actors, schema.actor_aliases, schema.mentions, schema.places, schema.dates, schema.events,
        schema.event_reports, schema.event_actors, schema.relations, schema.relation_reports,
        schema.quotes, schema.framing_labels, schema.processed)}


def test_write_facts_stores_every_fact_type_and_replaces_atomically(store, make_article):
    a = make_article(TEXTS[0])
    store.write_articles([a])
    store.write_facts([facts_for(a.id, a.text)])
    first = fact_counts(store)
    assert all(n >= 1 for n in first.values()), first
    store.write_facts([facts_for(a.id, a.text)])  # replacing: nothing doubles
    assert fact_counts(store) == first
    emptied = Facts(article=a.id, pipeline_version="pipe-test")
    store.write_facts([emptied])
    after = fact_counts(store)
    assert after["mentions"] == after["events"] == after["relations"] == after["event_actors"] == 0
    assert after["actors"] == 2  # actors are shared across articles and stay
    # another pipeline version's facts replace this one's: a store holds one version per article
    store.write_facts([facts_for(a.id, a.text)])
    store.write_facts([facts_for(a.id, a.text, pv="pipe-other")])
    assert fact_counts(store) == first
    assert count(store, schema.processed) == 1
    for table in schema.ARTICLE_FACT_TABLES:
        if "pipeline_version" in table.c:
            with store.connect() as conn:
                versions = set(conn.execute(select(table.c.pipeline_version)).scalars())
            assert versions == {"pipe-other"}, (table.name, versions)


def test_actor_aliases_are_summed_across_articles(store, make_article):
    a, b = make_article(TEXTS[0]), make_article(TEXTS[0] + " The commander denied it.")
    store.write_articles([a, b])
    store.write_facts([facts_for(a.id, a.text), facts_for(b.id, b.text)])
    assert store.actor_aliases("act-commander") == {"commander": 2}
    store.write_facts([facts_for(b.id, b.text)])
    assert store.actor_aliases("act-commander") == {"commander": 2}
    top = store.actors()[0]
    assert top["id"] == "act-commander" and top["mentions"] == 2


def test_facts_for_an_unknown_article_are_refused_and_nothing_is_written(store, make_article):
    a = make_article(TEXTS[0])
    store.write_articles([a])
    with pytest.raises(StoreError, match="not in the store"):
        store.write_facts([facts_for(a.id, a.text), facts_for("missing", a.text)])
    assert fact_counts(store)["mentions"] == 0


def test_facts_with_evidence_in_another_article_are_refused(store, make_article):
    a = make_article(TEXTS[0])
    store.write_articles([a])
    wrong = facts_for(a.id, a.text)
    wrong.dates[0] = DateMention(Evidence("elsewhere", 0, 3), "Tue", None, "unknown")
    with pytest.raises(StoreError, match="one article"):
        store.write_facts([wrong])


def test_unprocessed_and_load_articles_feed_the_pipeline(store, make_article):
    old = make_article(TEXTS[0], raw_sha="r1")
    new = make_article(TEXTS[0] + " Updated.", raw_sha="r1", cleaning_version="clean-2")
    other = make_article(TEXTS[1], title="Corridor request")
    store.write_articles([old, other])
    store.write_articles([new])
    assert sorted(store.unprocessed("pipe-test")) == sorted([new.id, other.id])  # old is superseded
    store.write_facts([Facts(article=other.id, pipeline_version="pipe-test")])
    assert store.unprocessed("pipe-test") == [new.id]
    assert store.load_articles([other.id, "missing"]) == [other]


def test_full_text_search(store, make_article):
    a = make_article("Talks in the al-Qasr district stalled after a drone struck a fuel convoy.",
                     title="Convoy hit near the border")
    b = make_article(TEXTS[1], title="Corridor request")
    store.write_articles([a, b])
    assert [r["id"] for r in store.search("convoy")] == [a.id]
    assert [r["id"] for r in store.search("al-Qasr drone")] == [a.id]  # '-' is not FTS syntax here
    assert [r["id"] for r in store.search('corr* "families')] == [b.id]  # prefix; stray quote is harmless
    assert store.search("convoy families") == []  # every word must occur
    assert store.search("  ") == []
    hit = store.search("drone")[0]
    assert "[drone]" in hit["snippet"] and hit["source"] == "Harbour Times"


def test_search_ranks_breaks_ties_and_cuts_snippets_alike_on_both_backends(store, make_article):
    often = make_article("The convoy left at dawn; the convoy was shelled; the convoy turned back.")
    once = make_article("The convoy left at dawn and the drivers waited for hours near the river.")
    # same length, one match each: equal rank, so the order is the ids' order on both backends
    ties = [make_article(f"Talks about the convoy stalled in {town}.") for town in ("Adre", "Bora", "Cuma")]
    store.write_articles([once, often, *ties])
    ids = [r["id"] for r in store.search("convoy")]
    assert ids[0] == often.id
    tied = [i for i in ids if i in {t.id for t in ties}]
    first = ids.index(tied[0])
    assert ids[first:first + 3] == sorted(t.id for t in ties)  # side by side, in id order
    assert all("[convoy]" in r["snippet"] for r in store.search("convoy"))
    assert [r["id"] for r in store.search("CONVOY shelled")] == [often.id]  # case-folded, all words


def test_a_stopword_only_query_still_matches(store, make_article):
    a = make_article("The talks were held in the capital.")
    store.write_articles([a])
    assert [r["id"] for r in store.search("the")] == [a.id]
    assert store.search("!!! ---") == []


def _rows(store) -> dict[str, list[tuple]]:
    """Every fact table's rows (timestamps left out), sorted: what two stores are compared by."""
    out = {}
    for table in (schema.actors, *schema.ARTICLE_FACT_TABLES, schema.relations, schema.consolidation_dirty):
        cols = [c for c in table.c if c.name not in ("created_at", "processed_at")]
        with store.connect() as conn:
            out[table.name] = sorted(tuple(r) for r in conn.execute(select(*cols)))
    return out


def _three_articles(make_article):
    """Three articles sharing actors and a relation: the second fills the country the first lacked."""
    arts = [make_article(TEXTS[0] + suffix) for suffix in ("", " Again.", " Once more.")]
    facts = [facts_for(a.id, a.text) for a in arts]
    facts[0].actors[0].country = None
    facts[2].relations = []
    return arts, facts


def test_a_chunk_is_written_as_its_articles_one_by_one_would_be(tmp_path, make_article):
    """write_facts writes a chunk per table in one go; the rows must be those of one call per article
    (actors inserted once, a missing country filled by a later article, shared relations once)."""
    arts, facts = _three_articles(make_article)
    with open_store(str(tmp_path / "one.db"), dedup=None) as alone, \
            open_store(str(tmp_path / "chunk.db"), dedup=None) as chunked:
        for st in (alone, chunked):
            st.write_articles(arts)
        for f in facts:
            alone.write_facts([f])
        chunked.write_facts(facts)
        assert _rows(chunked) == _rows(alone)
        assert {r[0]: r[3] for r in _rows(chunked)["actors"]}["act-commander"] == "LY"
        # rewritten by another version, and then emptied: the relation goes with its last report
        for st in (alone, chunked):
            st.write_facts([facts_for(a.id, a.text, pv="pipe-other") for a in arts])
        assert _rows(chunked) == _rows(alone)
        emptied = [Facts(article=a.id, pipeline_version="pipe-other") for a in arts]
        alone.write_facts(emptied[:1])
        alone.write_facts(emptied[1:])
        chunked.write_facts(emptied)
        assert _rows(chunked) == _rows(alone) and not _rows(chunked)["relations"]


def test_a_relation_stays_while_another_article_reports_it(store, make_article):
    arts, facts = _three_articles(make_article)
    store.write_articles(arts)
    store.write_facts(facts)
    store.write_facts([Facts(article=arts[0].id, pipeline_version="pipe-test")])
    assert count(store, schema.relations) == 1 and count(store, schema.relation_reports) == 1
    store.write_facts([Facts(article=arts[1].id, pipeline_version="pipe-test")])
    assert count(store, schema.relations) == 0
