"""List commands page: a default limit, --limit and --offset give consecutive, non-overlapping pages."""
from __future__ import annotations

import hashlib
import json

from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.cli.commands import LIST_LIMIT
from newsgraph.records import Actor, Article, Evidence, Facts, Mention
from newsgraph.store import open_store
from newsgraph.version import PIPELINE_VERSION


def _store(db: str, n_actors: int) -> None:
    text = " ".join(f"Person{k} spoke." for k in range(n_actors))
    aid = hashlib.sha256(text.encode()).hexdigest()[:16]
    art = Article(id=aid, path="p.txt", part=0, source="Paging Daily", source_basis="input-metadata", title="t",
                  published="2024-01-02", published_basis="input-metadata", text=text,
                  raw_sha=hashlib.sha256(b"raw" + text.encode()).hexdigest(), format="txt", cleaning_version="c")
    facts = Facts(article=aid, pipeline_version=PIPELINE_VERSION)
    start = 0
    for k in range(n_actors):
        name = f"Person{k}"
        facts.actors.append(Actor(f"a{k:04d}", name, "person", None, None, {name: 1}))
        facts.mentions.append(Mention(Evidence(aid, start, start + len(name)), name, "PERSON", f"a{k:04d}"))
        start += len(name) + len(" spoke. ")
    with open_store(db, dedup=None) as store:
        store.write_articles([art])
        store.write_facts([facts])


def test_actors_pages(tmp_path):
    db = str(tmp_path / "p.db")
    _store(db, LIST_LIMIT + 30)
    run = CliRunner()

    def ids(*args: str) -> list[str]:
        result = run.invoke(app, ["actors", "--json", "--db", db, *args])
        assert result.exit_code == 0, result.output
        return [r["id"] for r in json.loads(result.output)]

    first = ids()
    assert len(first) == LIST_LIMIT
    rest = ids("--offset", str(LIST_LIMIT))
    assert len(rest) == 30 and not set(first) & set(rest)
    assert ids("--limit", "10", "--offset", "5") == first[5:15]
    result = run.invoke(app, ["places", "--db", db, "--offset", "3", "--limit", "2"])
    assert result.exit_code == 0, result.output
