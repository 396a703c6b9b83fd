"""Parquet export (pyarrow): one ``<file>.parquet`` per contract file, the contract fields as columns.

Nesting is kept as Arrow types, not JSON strings, so DuckDB, Polars or pandas can query it directly:
``date`` and ``place`` are structs, ``reports``/``examples`` are lists of structs {article, start, end},
``aliases``/``articles``/``actor``/``recipient`` are lists of strings. The one exception is a free-form
map whose keys are data rather than fields (``alias_counts``: surface form -> count); it is written as a
JSON string, because a struct would turn every alias into a column.

Column types are inferred by pyarrow from the records; a column whose values are all null (for example
``place`` when no event has a place) gets Arrow's null type. ``schema_version`` is a column of every
file and is also stored in the file's key-value metadata. A file with no records has no columns.
"""
from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newsgraph.errors import Errors, StoreError
from newsgraph.export.records import FILES, Record
from newsgraph.records import SCHEMA_VERSION
from newsgraph.version import PIPELINE_VERSION

log = logging.getLogger(__name__)

# Fields that are maps keyed by data (see the module docstring): written as JSON strings.
JSON_FIELDS = frozenset({"alias_counts"})
# zstd: smaller than snappy on text-heavy columns (articles.text) and read by every current Parquet reader.
COMPRESSION = "zstd"


def _prepared(record: Record) -> Record:
    return {k: json.dumps(v, ensure_ascii=False, sort_keys=True) if k in JSON_FIELDS and v is not None else v
            for k, v in record.items()}


def to_table(records: Iterable[Record]) -> pa.Table:
    """The records as one Arrow table (types inferred), with the schema version in the metadata."""
    table = pa.Table.from_pylist([_prepared(r) for r in records])
    meta = {b"newsgraph.schema_version": str(SCHEMA_VERSION).encode()}
    return table.replace_schema_metadata({**(table.schema.metadata or {}), **meta})


def write_parquet(path: Path, records: Iterable[Record]) -> int:
    """Write ``records`` to ``path`` atomically; returns how many were written."""
    table = to_table(records)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression=COMPRESSION)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return table.num_rows


def export(store, out_dir: Path, *, pipeline_version: str = PIPELINE_VERSION) -> dict[str, int]:
    """Write every contract file as Parquet into ``out_dir``; returns {file name: records written}."""
    counts: dict[str, int] = {}
    try:
        with store.connect() as conn:
            for stem, records in FILES.items():
                name = f"{stem}.parquet"
                counts[name] = write_parquet(Path(out_dir) / name, records(conn, pipeline_version))
    except OSError as exc:
        raise StoreError(Errors.E008.format(path=str(out_dir), reason=exc)) from exc
    log.info("exported %s to %s", counts, out_dir)
    return counts
