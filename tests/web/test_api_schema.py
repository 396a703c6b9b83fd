"""schemathesis over the OpenAPI schema, on a SQLite and a PostgreSQL store: every operation with
generated valid and invalid requests, every check (no server error, status codes, content types,
response schemas, invalid data rejected, valid data accepted, Allow headers, auth enforced).

The schema is read from an app over an empty store at import (schemathesis parametrises by
operation at collection); each test then points that app at a demo store of its backend, its own
(POST /api/articles writes). Short runs in `make test`, long ones in `make fuzz`.
"""
from __future__ import annotations

import os
import tempfile

import pytest
import schemathesis
from demo_store import build_demo_store
from hypothesis import HealthCheck, settings

from newsgraph.store import open_store
from newsgraph.web import create_app

pytestmark = pytest.mark.property

FUZZ = bool(os.environ.get("NEWSGRAPH_FUZZ"))  # make fuzz: the profile's many examples per operation
TOKEN = "schema-token"
HOSTS = ["testserver", "localhost", "127.0.0.1"]
_EMPTY = tempfile.mkdtemp(prefix="newsgraph-schema-")
APP = create_app(store=open_store(f"sqlite:///{_EMPTY}/empty.db"), token=TOKEN, allowed_hosts=HOSTS)
schema = schemathesis.openapi.from_asgi("/api/openapi.json", APP)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def backend(request, tmp_path_factory):
    """APP serving a fresh demo store of one backend for the module's tests."""
    folder = tmp_path_factory.mktemp(f"schema-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'demo.db'}"
    else:
        url = request.getfixturevalue("postgres_module_db")
    build_demo_store(url, folder)
    store = open_store(url)
    APP.state.store = store
    yield request.param
    store.close()


@schema.parametrize()
@settings(**({} if FUZZ else {"max_examples": 15}), suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_the_api_conforms_to_its_schema(case, backend):
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"} if case.method == "POST" else None)
