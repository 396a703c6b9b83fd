"""Commands whose lists can be long take --limit and --since/--until (a synthetic store, tools/)."""
from __future__ import annotations

import json

import pytest
import synthetic_store
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.cli.commands import LIST_LIMIT

run = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("synthetic") / "s.db"
    synthetic_store.generate(path, 2500, seed=13)
    return str(path)


def _json(*args: str):
    result = run.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def top_actor(db: str) -> dict:
    return _json("actors", "--limit", "1", "--db", db)[0]


def test_show_actor_limits_every_list_and_says_how_many_there_are(db):
    name = top_actor(db)["name"]
    full = _json("show", "actor", name, "--db", db)
    assert len(full["mentions_list"]) == LIST_LIMIT < full["totals"]["mentions"]  # a default page
    assert len(full["events"]) == LIST_LIMIT < full["totals"]["events"]
    few = _json("show", "actor", name, "--limit", "3", "--db", db)
    assert len(few["mentions_list"]) == 3 and len(few["events"]) == 3 and len(few["relations"]) <= 3
    march = _json("show", "actor", name, "--since", "2024-03", "--until", "2024-03", "--limit", "1000", "--db", db)
    assert march["events"] and all(e["date"].startswith("2024-03") for e in march["events"])
    assert all(m["published"].startswith("2024-03") for m in march["mentions_list"])
    assert march["totals"]["events"] == len(march["events"]) < full["totals"]["events"]
    text = run.invoke(app, ["show", "actor", name, "--limit", "2", "--db", db]).output
    assert f"2 of {full['totals']['mentions']} mentions" in text


def test_articles_until_and_timeline_window(db):
    rows = _json("articles", "--since", "2024-02-01", "--until", "2024-02-10", "--limit", "1000", "--db", db)
    assert rows and all("2024-02-01" <= r["published"] <= "2024-02-10" for r in rows)
    name = top_actor(db)["name"]
    tl = _json("timeline", name, "--since", "2024-05", "--until", "2024-05", "--limit", "7", "--db", db)
    assert len(tl["items"]) == 7 < tl["total"]
    assert all(i["date"].startswith("2024-05") for i in tl["items"])


def test_relations_since_until(db):
    every = _json("relations", "--limit", "10000", "--db", db)
    june = _json("relations", "--since", "2024-06", "--until", "2024-06", "--limit", "10000", "--db", db)
    assert 0 < len(june) < len(every)
    assert all(r["first_seen"] >= "2024-06-01" and r["last_seen"] <= "2024-06-30" for r in june)
    assert len(_json("relations", "--limit", "3", "--db", db)) == 3


def test_search_timeline_and_corrections_page_with_limit_and_offset(db):
    word = top_actor(db)["name"].split()[0]
    first = _json("search", word, "--limit", "6", "--db", db)
    assert len(first) == 6
    second = _json("search", word, "--limit", "3", "--offset", "3", "--db", db)
    assert [r["id"] for r in second] == [r["id"] for r in first[3:6]]
    name = top_actor(db)["name"]
    whole = _json("timeline", name, "--limit", "10", "--db", db)["items"]
    later = _json("timeline", name, "--limit", "4", "--offset", "6", "--db", db)["items"]
    assert later == whole[6:10]
    actors = _json("actors", "--limit", "3", "--db", db)
    for a in actors:
        assert run.invoke(app, ["correct", "rename_actor", a["id"], "--to", a["name"] + " X", "--who", "t",
                                "--db", db]).exit_code == 0
    log = _json("corrections", "--limit", "2", "--offset", "1", "--db", db)
    assert [c["target"] for c in log] == [a["id"] for a in actors[1:3]]
    assert "2 of 3 corrections" in run.invoke(app, ["corrections", "--limit", "2", "--db", db]).output
