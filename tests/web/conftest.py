"""Fixtures of the web tests: one demo store per session (see demo_store.py) and apps over it."""
from __future__ import annotations

import pytest
from demo_store import DemoStore, build_demo_store


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> DemoStore:
    folder = tmp_path_factory.mktemp("web-demo")
    return build_demo_store(f"sqlite:///{folder / 'demo.db'}", folder)


@pytest.fixture(scope="session")
def client(demo):
    """A read-only app (no token) over the demo store."""
    from fastapi.testclient import TestClient

    from newsgraph.web import create_app

    app = create_app(demo.db, token="")
    with TestClient(app) as c:
        yield c
