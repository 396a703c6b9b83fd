"""The CLI through typer's CliRunner: every command, exit codes, --json, --quiet, errors."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph import api
from newsgraph.cli import app

runner = CliRunner()

STORIES = {
    "bridge.txt": """\
        Engineers reopen the northern bridge after shelling

        Army engineers reopened the northern bridge on Friday, a week after shelling cut the only
        road between the two market towns, the provincial governor said.

        Traders said the first lorries crossed before noon and that prices had already started
        to fall in the bigger of the two towns.
        """,
    "clinic.txt": """\
        Night raid forces clinic to close

        Gunmen raided a rural clinic overnight and took its generator and fuel, staff said,
        forcing the only health centre in the valley to close its doors.

        Nurses said about forty patients would now have to travel half a day to reach a hospital.
        """,
}


def run(*args: str, **kwargs):
    return runner.invoke(app, list(args), **kwargs)


@pytest.fixture()
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, body in STORIES.items():
        (folder / name).write_text(textwrap.dedent(body), encoding="utf-8")
    return folder


@pytest.fixture()
def filled(corpus, tmp_db) -> str:
    result = run("ingest", str(corpus), "--db", tmp_db)
    assert result.exit_code == 0, result.output
    return tmp_db


def test_ingest_summary_and_rerun(corpus, tmp_db):
    first = run("ingest", str(corpus), "--db", tmp_db)
    assert first.exit_code == 0, first.output
    assert "2 articles added" in first.stdout
    again = run("ingest", str(corpus), "--db", tmp_db)
    assert again.exit_code == 0 and "0 articles added, 2 already stored" in again.stdout


def test_quiet_prints_nothing_on_success(corpus, tmp_db):
    result = run("ingest", str(corpus), "--db", tmp_db, "--quiet")
    assert result.exit_code == 0 and result.output == ""


def test_failed_inputs_give_exit_1_and_an_error_table_without_traceback(corpus, tmp_db):
    (corpus / "blank.txt").write_text("   \n", encoding="utf-8")
    result = run("ingest", str(corpus), str(corpus / "nothere.html"), "--db", tmp_db)
    assert result.exit_code == 1
    assert "2 articles added" in result.stdout
    assert "2 input(s) failed" in result.stderr
    assert "nothere.html" in result.stderr and "no such file" in result.stderr
    assert "Traceback" not in result.output


def test_many_files_show_progress_and_still_store_everything(tmp_path, tmp_db):
    folder = tmp_path / "many"
    folder.mkdir()
    base = textwrap.dedent(STORIES["clinic.txt"])
    for i in range(8):  # more than a handful: the progress bar path
        (folder / f"{i}.txt").write_text(base.replace("forty", f"{i} hundred and {i}") + f"\nCase {i}.\n")
    result = run("ingest", str(folder), "--db", tmp_db)
    assert result.exit_code == 0, result.output
    assert "8 documents from 8 input files" in result.stdout


def test_ingest_from_stdin(tmp_db):
    result = run("ingest", "-", "--db", tmp_db, input=textwrap.dedent(STORIES["bridge.txt"]))
    assert result.exit_code == 0, result.output
    assert "1 articles added" in result.stdout


def test_articles_table_json_and_filters(filled):
    table = run("articles", "--db", filled)
    assert table.exit_code == 0 and "2 articles" in table.stdout
    rows = json.loads(run("articles", "--db", filled, "--json").stdout)
    assert len(rows) == 2 and {"id", "title", "source", "published"} <= set(rows[0])
    assert len(json.loads(run("articles", "--db", filled, "--json", "--limit", "1").stdout)) == 1
    assert json.loads(run("articles", "--db", filled, "--json", "--source", "No Such Outlet").stdout) == []
    bad = run("articles", "--db", filled, "--since", "last week")
    assert bad.exit_code == 2 and "invalid date" in bad.stderr


def test_show_accepts_a_unique_prefix(filled):
    rows = json.loads(run("articles", "--db", filled, "--json").stdout)
    target = rows[0]
    result = run("show", target["id"][:8], "--db", filled)
    assert result.exit_code == 0, result.output
    assert "basis:" in result.stdout and target["title"] in result.stdout
    data = json.loads(run("show", target["id"], "--db", filled, "--json").stdout)
    assert data["id"] == target["id"] and data["text"]
    missing = run("show", "zzzz", "--db", filled)
    assert missing.exit_code == 2 and "no article" in missing.stderr


def test_stats(filled):
    result = run("stats", "--db", filled)
    assert result.exit_code == 0 and "2 articles" in result.stdout
    data = json.loads(run("stats", "--db", filled, "--json").stdout)
    assert data["articles"] == 2 and "facts" in data


def test_search(filled):
    data = json.loads(run("search", "generator", "--db", filled, "--json").stdout)
    assert [r["title"] for r in data] == ["Night raid forces clinic to close"]
    assert "[generator]" in data[0]["snippet"]


def test_export_command(filled, tmp_path):
    out = tmp_path / "export"
    result = run("export", "--format", "jsonl", str(out), "--db", filled)
    assert result.exit_code == 0, result.output
    assert len((out / "articles.jsonl").read_text().splitlines()) == 2
    bad = run("export", "--format", "xml", str(out), "--db", filled)
    assert bad.exit_code == 2 and "unknown export format" in bad.stderr


def test_usage_errors_exit_2(tmp_db):
    assert run("ingest").exit_code == 2  # missing PATH
    assert run("articles", "--limit", "zero", "--db", tmp_db).exit_code == 2
    bad_url = run("stats", "--db", "://nowhere")
    assert bad_url.exit_code == 2 and "Traceback" not in bad_url.output


def test_unexpected_errors_have_no_traceback_unless_debug(corpus, tmp_db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(api, "ingest", broken)
    plain = run("ingest", str(corpus), "--db", tmp_db)
    assert plain.exit_code == 1 and "disk on fire" in plain.stderr and "--debug" in plain.stderr
    assert "Traceback" not in plain.output
    debug = run("ingest", str(corpus), "--db", tmp_db, "--debug")
    assert isinstance(debug.exception, RuntimeError)


def test_demo_builds_the_sample_corpus(tmp_path):
    db = tmp_path / "demo.db"
    result = run("demo", "--no-serve", "--db", str(db))
    assert result.exit_code in (0, 1), result.output  # 1 only if a sample input failed
    assert "articles added" in result.stdout and "outlets" in result.stdout
    assert str(db) in result.stdout and db.exists()
    again = run("demo", "--no-serve", "--db", str(db))
    assert "0 articles added" in again.stdout


@pytest.mark.seeds
def test_seeds_store_six_articles_and_a_rerun_adds_none(seeds_dir, tmp_db):
    first = run("ingest", str(seeds_dir), "--db", tmp_db)
    assert first.exit_code == 0, first.output
    assert "6 articles added" in first.stdout
    again = run("ingest", str(seeds_dir), "--db", tmp_db)
    assert again.exit_code == 0 and "0 articles added, 6 already stored" in again.stdout


def test_readme_documents_every_command_and_setting():
    from newsgraph.settings import describe

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for cmd in app.registered_commands:
        assert f"newsgraph {cmd.name}" in readme, cmd.name
    for name, env, default in describe():
        assert f"`{name}`" in readme and f"`{env}`" in readme and str(default) in readme.replace("_", ""), name
