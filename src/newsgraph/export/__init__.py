"""Exports: one module per format, all built on the format-neutral records of ``export/records.py``.

``exporter(format)`` returns the format's ``export(store, out_dir) -> {file name: records}`` function.
The table below is the whole registry (explicit, no registration by import side effects).
"""
from __future__ import annotations

import importlib
from collections.abc import Callable

from newsgraph.errors import Errors, UsageError

# format name -> module (inside newsgraph.export) that defines export(store, out_dir)
FORMATS = {"jsonl": "newsgraph.export.jsonl", "csv": "newsgraph.export.csv", "tsv": "newsgraph.export.tsv",
           "parquet": "newsgraph.export.parquet", "graphml": "newsgraph.export.graph"}

ExportFunction = Callable[..., dict[str, int]]


def exporter(format: str) -> ExportFunction:
    if format not in FORMATS:
        raise UsageError(Errors.E007.format(format=format, known=", ".join(sorted(FORMATS))))
    return importlib.import_module(FORMATS[format]).export


__all__ = ["FORMATS", "exporter"]
