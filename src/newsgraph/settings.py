"""Settings have one home: defaults shipped here, overridden by a user file, then by environment
variables, then by explicit command-line options / keyword arguments.

Precedence (lowest to highest):

1. :data:`DEFAULTS` below (documented with each setting);
2. a TOML file: ``$NEWSGRAPH_CONFIG`` if set, else ``newsgraph.toml`` in the working directory, with the
   settings as top-level keys (``db = "sqlite:///conflict.db"``);
3. environment variables ``NEWSGRAPH_<NAME>`` (``NEWSGRAPH_DB``, ``NEWSGRAPH_BATCH_SIZE``, ...);
4. what the caller passes explicitly (``--db`` on the command line, ``db=`` in the Python API).

Why explicit options beat the environment: a ``--db`` typed for one command is the most specific
wish; an exported ``NEWSGRAPH_DB`` is a standing default.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from newsgraph.errors import Errors, UsageError

CONFIG_ENV = "NEWSGRAPH_CONFIG"
CONFIG_FILE = "newsgraph.toml"
ENV_PREFIX = "NEWSGRAPH_"


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting, with its default and why."""

    # Where the store lives: a SQLAlchemy URL or a file path (relative to the working directory).
    db: str = "newsgraph.db"
    # Where `newsgraph demo` builds its store.
    demo_db: str = "newsgraph-demo.db"
    # Articles per write transaction during ingest: 200 keeps a transaction well under a second on a
    # laptop while bounding the work lost (and redone, never duplicated) when an ingest is killed.
    batch_size: int = 200
    # How long (ms) a SQLite connection waits for a lock held by another process before failing:
    # 30 s covers a writer committing a large batch while a reader (CLI, web) queries.
    busy_timeout_ms: int = 30_000
    # Number of input files above which the CLI shows a progress bar ("more than a handful").
    progress_min_files: int = 5
    # Logging level of the `newsgraph` logger when the CLI runs without --debug.
    log_level: str = "WARNING"
    # Bearer token that allows writes through the HTTP API (POST /api/articles); empty: read-only.
    token: str = ""
    # Host names `serve` answers besides its bind address, localhost and 127.0.0.1 (comma-separated,
    # e.g. "news.example.org"); requests with any other Host header get 400 (DNS rebinding).
    allowed_hosts: str = ""


DEFAULTS = Settings()


def _coerce(name: str, value: Any, default: Any, source: str) -> Any:
    """Turn a file/env value into the type of the default, or say clearly what is wrong."""
    want = type(default)
    if want is int:
        if isinstance(value, bool):
            raise UsageError(Errors.E011.format(name=name, type="an integer", value=value))
        try:
            return int(value)
        except (TypeError, ValueError):
            raise UsageError(Errors.E011.format(name=name, type="an integer", value=value)) from None
    if not isinstance(value, str):
        raise UsageError(Errors.E011.format(name=name, type="a string", value=value))
    return value


def _file_values(environ: dict[str, str], cwd: Path) -> dict[str, Any]:
    path = Path(environ[CONFIG_ENV]) if environ.get(CONFIG_ENV) else cwd / CONFIG_FILE
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(Errors.E009.format(path=str(path), reason=exc)) from exc
    known = {f.name for f in fields(Settings)}
    for key in data:
        if key not in known:
            raise UsageError(Errors.E010.format(name=key, path=str(path), known=", ".join(sorted(known))))
    return {k: _coerce(k, v, getattr(DEFAULTS, k), str(path)) for k, v in data.items()}


def load_settings(environ: dict[str, str] | None = None, cwd: Path | None = None,
                  **overrides: Any) -> Settings:
    """Resolve the settings; ``overrides`` with value None are ignored (an option not given)."""
    environ = dict(os.environ) if environ is None else environ
    cwd = Path.cwd() if cwd is None else cwd
    values: dict[str, Any] = _file_values(environ, cwd)
    for f in fields(Settings):
        env_value = environ.get(ENV_PREFIX + f.name.upper())
        if env_value not in (None, ""):
            values[f.name] = _coerce(f.name, env_value, getattr(DEFAULTS, f.name), "environment")
    known = {f.name for f in fields(Settings)}
    for key, value in overrides.items():
        if key not in known:
            raise TypeError(f"unknown setting {key!r}")
        if value is not None:
            values[key] = value
    return replace(DEFAULTS, **values)


def describe() -> list[tuple[str, str, Any]]:
    """(name, environment variable, default) for every setting: used by docs and their test."""
    return [(f.name, ENV_PREFIX + f.name.upper(), getattr(DEFAULTS, f.name)) for f in fields(Settings)]
