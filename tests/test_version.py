"""PIPELINE_VERSION is a hash of the stage code and data: it changes exactly when what the stages output
could change, so ``build`` never mixes facts of two pipelines without reprocessing."""
from __future__ import annotations

import shutil

import pytest

from newsgraph import version
from newsgraph.version import PACKAGE_ROOT, PIPELINE_SOURCES, PIPELINE_VERSION, pipeline_version, source_files


@pytest.fixture()
def package(tmp_path):
    """A copy of the package's stage sources (and one file that is not a stage's) to edit freely."""
    root = tmp_path / "newsgraph"
    for name in PIPELINE_SOURCES:
        src = PACKAGE_ROOT / name
        if src.is_dir():
            shutil.copytree(src, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            root.mkdir(exist_ok=True)
            shutil.copy(src, root / name)
    (root / "web").mkdir()
    shutil.copy(PACKAGE_ROOT / "web" / "app.py", root / "web" / "app.py")
    return root


def test_the_constant_is_the_hash_of_the_installed_sources():
    assert PIPELINE_VERSION == pipeline_version() and PIPELINE_VERSION.startswith("pipe-")
    names = {p.relative_to(PACKAGE_ROOT).as_posix() for p in source_files()}
    assert {"events/data/event_triggers.tsv", "actors/resolve.py", "kb/data/states.jsonl", "pipeline.py"} <= names
    assert not any(n.startswith(("web/", "cli/", "store/", "evaluation/")) for n in names)


def test_a_change_to_stage_data_or_code_changes_the_version(package):
    before = pipeline_version(package, distributions=False)
    assert pipeline_version(package, distributions=False) == before  # deterministic
    triggers = package / "events" / "data" / "event_triggers.tsv"
    triggers.write_text(triggers.read_text(encoding="utf-8") + "raid\tNOUN\tASSAULT\t\ttrigger\t0.9\t\tnew\n",
                        encoding="utf-8")
    after_data = pipeline_version(package, distributions=False)
    assert after_data != before
    resolve = package / "actors" / "resolve.py"
    resolve.write_text(resolve.read_text(encoding="utf-8") + "\n# a comment is a change too\n", encoding="utf-8")
    assert pipeline_version(package, distributions=False) not in {before, after_data}


def test_what_no_stage_reads_does_not_change_it(package):
    before = pipeline_version(package, distributions=False)
    (package / "web" / "app.py").write_text("# the web app is not a stage\n", encoding="utf-8")
    cache = package / "events" / "__pycache__"
    cache.mkdir()
    (cache / "extract.cpython-311.pyc").write_bytes(b"\0compiled")
    (package / "dates" / "notes.md").write_text("editor notes", encoding="utf-8")
    assert pipeline_version(package, distributions=False) == before


def test_library_versions_count(package, monkeypatch):
    plain = pipeline_version(package)
    monkeypatch.setattr(version, "_distribution_versions", lambda: ["spacy==9.9.9"])
    assert pipeline_version(package) != plain
