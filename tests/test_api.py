"""The Python API: ingest (batches, exactly-once after an interruption, errors), export, settings."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select

import newsgraph
from newsgraph import api
from newsgraph.errors import UsageError
from newsgraph.settings import DEFAULTS, load_settings
from newsgraph.store import Store, schema

# Our own short stories (each file one article); the words differ enough not to be near-duplicates.
TOPICS = ["grain silo", "river bridge", "fuel depot", "radio mast", "border post", "water plant",
          "rail yard"]


def story(i: int) -> str:
    topic = TOPICS[i]
    return textwrap.dedent(f"""\
        Fighting damages the {topic} in district {i}

        Residents of district {i} said shells struck the {topic} early on day {i + 1} of the fighting,
        leaving {i + 2} workers hurt and the area without power.

        A local official said repairs on the {topic} would take weeks and asked both sides to keep
        their units {i + 3} kilometres away from it while crews work.
        """)


@pytest.fixture()
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(len(TOPICS)):
        (folder / f"{i:02d}.txt").write_text(story(i), encoding="utf-8")
    return folder


def stored(db: str) -> tuple[int, int]:
    with newsgraph.open_store(db) as st, st.connect() as conn:
        return (conn.execute(select(func.count()).select_from(schema.articles)).scalar_one(),
                conn.execute(select(func.count(func.distinct(schema.articles.c.raw_sha)))).scalar_one())


def test_public_api_is_reexported():
    from newsgraph.export import jsonl  # noqa: F401  importing the same-named subpackages ...
    from newsgraph.ingest import dedup  # noqa: F401
    from newsgraph import export, ingest

    assert ingest is api.ingest and export is api.export  # ... never hides the API functions
    for name in ("open_store", "IngestSummary", "Store"):
        assert hasattr(newsgraph, name)


def test_ingest_then_reingest_adds_nothing(corpus, tmp_db):
    calls = []
    first = newsgraph.ingest([corpus], db=tmp_db, progress=lambda d, t, p: calls.append((d, t)))
    assert (first.added, first.skipped, first.errors) == (len(TOPICS), 0, [])
    assert first.files == first.documents == len(TOPICS)
    assert calls[-1] == (len(TOPICS), len(TOPICS))
    again = newsgraph.ingest([corpus], db=tmp_db)
    assert (again.added, again.skipped) == (0, len(TOPICS))
    assert stored(tmp_db) == (len(TOPICS), len(TOPICS))


def test_bad_inputs_are_reported_with_file_and_reason(corpus, tmp_db):
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    summary = newsgraph.ingest([corpus, corpus / "absent.txt"], db=tmp_db)
    assert summary.added == len(TOPICS) and not summary.ok
    paths = {Path(e.path).name for e in summary.errors}
    assert paths == {"empty.txt", "absent.txt"}
    assert all(e.reason for e in summary.errors)


def test_an_exception_between_batches_then_a_rerun_stores_every_article_once(corpus, tmp_db, monkeypatch):
    real = Store.write_articles
    calls = {"n": 0}

    def failing_second_batch(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("simulated crash between batches")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Store, "write_articles", failing_second_batch)
    with pytest.raises(RuntimeError):
        newsgraph.ingest([corpus], db=tmp_db, batch_size=2)
    assert stored(tmp_db) == (2, 2)  # the first batch committed, the second rolled back
    monkeypatch.setattr(Store, "write_articles", real)
    rerun = newsgraph.ingest([corpus], db=tmp_db, batch_size=2)
    assert (rerun.added, rerun.skipped) == (len(TOPICS) - 2, 2)
    assert stored(tmp_db) == (len(TOPICS), len(TOPICS))


KILL_AFTER_THIRD_FILE = """
import os, signal, sys
import newsgraph
def progress(done, total, path):
    if done == 3:
        os.kill(os.getpid(), signal.SIGKILL)  # as abrupt as a power cut: no cleanup runs
newsgraph.ingest([sys.argv[1]], db=sys.argv[2], batch_size=1, progress=progress)
"""


@pytest.mark.slow  # a fresh interpreter imports the whole package (a few seconds)
def test_a_killed_ingest_rerun_stores_every_article_exactly_once(corpus, tmp_db):
    proc = subprocess.run([sys.executable, "-c", KILL_AFTER_THIRD_FILE, str(corpus), tmp_db],
                          capture_output=True, timeout=120)
    assert proc.returncode == -9, proc.stderr.decode()
    before, _ = stored(tmp_db)
    assert 1 <= before < len(TOPICS)
    rerun = newsgraph.ingest([corpus], db=tmp_db)
    assert rerun.added == len(TOPICS) - before and rerun.skipped == before
    assert stored(tmp_db) == (len(TOPICS), len(TOPICS))


def test_export_through_the_api(corpus, tmp_db, tmp_path):
    newsgraph.ingest([corpus], db=tmp_db)
    counts = newsgraph.export(tmp_path / "out", db=tmp_db)
    assert counts["articles.jsonl"] == len(TOPICS)
    with pytest.raises(UsageError):
        newsgraph.export(tmp_path / "out", format="xlsx", db=tmp_db)


def test_settings_precedence(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_settings(environ={}).db == DEFAULTS.db == "newsgraph.db"
    (tmp_path / "newsgraph.toml").write_text('db = "from-file.db"\nbatch_size = 50\n', encoding="utf-8")
    assert load_settings(environ={}).db == "from-file.db"
    assert load_settings(environ={}).batch_size == 50
    env = {"NEWSGRAPH_DB": "from-env.db", "NEWSGRAPH_BATCH_SIZE": "7"}
    assert (load_settings(environ=env).db, load_settings(environ=env).batch_size) == ("from-env.db", 7)
    assert load_settings(environ=env, db="explicit.db").db == "explicit.db"
    other = tmp_path / "other.toml"
    other.write_text('demo_db = "d.db"\n', encoding="utf-8")
    assert load_settings(environ={"NEWSGRAPH_CONFIG": str(other)}).demo_db == "d.db"
    other.write_text('colour = "red"\n', encoding="utf-8")
    with pytest.raises(UsageError, match="unknown setting"):
        load_settings(environ={"NEWSGRAPH_CONFIG": str(other)})
    with pytest.raises(UsageError, match="integer"):
        load_settings(environ={"NEWSGRAPH_BATCH_SIZE": "many"})


def test_open_store_defaults_to_the_setting(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSGRAPH_DB", str(tmp_path / "env.db"))
    with newsgraph.open_store() as st:
        assert st.location == str(tmp_path / "env.db")
    with pytest.raises(UsageError):
        newsgraph.open_store("://nowhere")


def test_ingesting_a_folder_that_holds_the_store_skips_the_store(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Talks resume in the capital\n\nMediators said both delegations "
                                  "arrived on Monday for a second round of talks.\n", encoding="utf-8")
    db = corpus / "store.db"
    first = newsgraph.ingest([str(corpus)], db=str(db))
    second = newsgraph.ingest([str(corpus)], db=str(db))  # the store and its WAL files now lie in the folder
    assert first.added == 1 and first.errors == []
    assert second.added == 0 and second.errors == []
