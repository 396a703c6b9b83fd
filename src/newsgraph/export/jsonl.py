"""JSON Lines export: one file per record kind, one JSON object per line (the v1 contract).

Each file is written to a temporary name in the output folder and renamed into place, so a reader
never sees a half-written file and a failed export leaves the previous files intact.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from newsgraph.export.files import atomic_file, export_each
from newsgraph.export.records import Record


def write_jsonl(path: Path, records: Iterable[Record]) -> int:
    """Write ``records`` to ``path`` atomically; returns how many were written."""
    count = 0
    with atomic_file(path, encoding="utf-8", newline="\n") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False, sort_keys=False))
            out.write("\n")
            count += 1
    return count


def export(store, out_dir: Path, *, pipeline_version: str | None = None) -> dict[str, int]:
    """Write every contract file into ``out_dir``; returns {file name: records written}."""
    return export_each(store, out_dir, ".jsonl", write_jsonl, pipeline_version)
