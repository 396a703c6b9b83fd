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
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newsgraph.export.files import atomic_path, export_each
from newsgraph.export.records import Record
from newsgraph.records import SCHEMA_VERSION

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
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression=COMPRESSION)
    return table.num_rows


def export(store, out_dir: Path, *, pipeline_version: str | None = None) -> dict[str, int]:
    """Write every contract file as Parquet into ``out_dir``; returns {file name: records written}."""
    return export_each(store, out_dir, ".parquet", write_parquet, pipeline_version)
