"""Shared fixtures. ../shared (seeds and eval data) is optional: tests that need it skip with a reason."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
EVAL = SHARED / "eval"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent (the real seed articles live outside the repository)")
    return SEEDS


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    if not EVAL.is_dir():
        pytest.skip("../shared/eval is absent (gold data lives outside the repository)")
    return EVAL


@pytest.fixture(scope="session")
def nlp_base():
    from newsgraph.nlp import base_model

    return base_model()


@pytest.fixture()
def tmp_db(tmp_path) -> str:
    """A SQLAlchemy URL of a fresh SQLite store in a temporary folder."""
    return f"sqlite:///{tmp_path / 'test.db'}"
