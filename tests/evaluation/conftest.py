"""Fixtures for the evaluation harness tests: tiny gold files we wrote, in each data set's format."""
from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def fx() -> Path:
    return FIXTURES
