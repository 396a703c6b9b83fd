"""Fixtures of the audit tests (the store builder lives in audit_store.py)."""
from __future__ import annotations

import pytest
from audit_store import StoreBuilder


@pytest.fixture()
def builder(tmp_db) -> StoreBuilder:
    return StoreBuilder(tmp_db)
