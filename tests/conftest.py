"""Shared fixtures. ../shared (seeds and eval data) is optional: tests that need it skip with a reason."""
from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
EVAL = SHARED / "eval"
sys.path.insert(0, str(ROOT / "tools"))
import pg_test_server  # noqa: E402  (tools/ is not a package)

# Where .ci/run says the PostgreSQL test server is; without it a server is started here (tools/).
POSTGRES_URL_ENV = pg_test_server.URL_ENV
# Set by .ci/run: a PostgreSQL leg that cannot run is a failure there, never a skip.
REQUIRE_POSTGRES_ENV = "NEWSGRAPH_REQUIRE_POSTGRES"


def _hypothesis_profiles() -> None:
    """Short, reproducible runs in `make test`; long random ones in `make fuzz` (NEWSGRAPH_FUZZ=1)."""
    try:
        from hypothesis import HealthCheck, settings
    except ImportError:
        return
    slow_ok = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
    settings.register_profile("short", max_examples=60, deadline=None, derandomize=True, database=None,
                              suppress_health_check=slow_ok)
    settings.register_profile("fuzz", max_examples=int(os.environ.get("NEWSGRAPH_FUZZ_EXAMPLES", "3000")),
                              deadline=None, suppress_health_check=slow_ok)
    settings.load_profile("fuzz" if os.environ.get("NEWSGRAPH_FUZZ") else "short")


_hypothesis_profiles()
FUZZ = bool(os.environ.get("NEWSGRAPH_FUZZ"))


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


@pytest.fixture(scope="session")
def postgres_server():
    """The admin URL of a PostgreSQL server: the one .ci/run started, else one started here for the
    session. Skips (with the reason) only when none can be started on this machine."""
    url = os.environ.get(POSTGRES_URL_ENV)
    if url:
        yield url
        return
    try:
        url, data = pg_test_server.start()
    except pg_test_server.ServerError as exc:
        if os.environ.get(REQUIRE_POSTGRES_ENV):
            pytest.fail(f"{REQUIRE_POSTGRES_ENV} is set but no PostgreSQL server could be started: {exc}")
        pytest.skip(f"no PostgreSQL server could be started here ({exc}); set {POSTGRES_URL_ENV} to use one")
    try:
        yield url
    finally:
        pg_test_server.stop(data)


class _Databases:
    """Creates empty PostgreSQL databases on the test server and drops them when closed."""

    def __init__(self, server: str) -> None:
        from sqlalchemy import create_engine

        self.server, self.names = server, []
        self.admin = create_engine(server, isolation_level="AUTOCOMMIT")

    def new(self) -> str:
        from sqlalchemy import text
        from sqlalchemy.engine import make_url

        name = f"t_{uuid.uuid4().hex[:16]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        self.names.append(name)
        return make_url(self.server).set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        from sqlalchemy import text
        from sqlalchemy.engine import make_url

        name = make_url(url).database
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.names.remove(name)

    def close(self) -> None:
        for name in list(self.names):
            self.drop(f"postgresql+psycopg://x@h/{name}")
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres_databases(postgres_server):
    dbs = _Databases(postgres_server)
    yield dbs
    dbs.close()


@pytest.fixture()
def postgres_db(postgres_databases):
    """The URL of a fresh, empty PostgreSQL database (dropped after the test)."""
    url = postgres_databases.new()
    yield url
    postgres_databases.drop(url)


@pytest.fixture(scope="module")
def postgres_module_db(postgres_databases):
    """A fresh PostgreSQL database shared by one test module."""
    url = postgres_databases.new()
    yield url
    postgres_databases.drop(url)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def backend_db(request, tmp_path) -> str:
    """A fresh store URL on each backend: the test runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return request.getfixturevalue("postgres_db")
