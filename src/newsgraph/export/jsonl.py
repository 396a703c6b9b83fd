"""JSON Lines export: one file per record kind, one JSON object per line (the v1 contract).

Each file is written to a temporary name in the output folder and renamed into place, so a reader
never sees a half-written file and a failed export leaves the previous files intact.
"""
from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from newsgraph.errors import Errors, StoreError
from newsgraph.export.records import FILES, Record
from newsgraph.version import PIPELINE_VERSION

log = logging.getLogger(__name__)


def write_jsonl(path: Path, records: Iterable[Record]) -> int:
    """Write ``records`` to ``path`` atomically; returns how many were written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False, sort_keys=False))
                out.write("\n")
                count += 1
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def export(store, out_dir: Path, *, pipeline_version: str = PIPELINE_VERSION) -> dict[str, int]:
    """Write every contract file into ``out_dir``; returns {file name: records written}."""
    counts: dict[str, int] = {}
    try:
        with store.connect() as conn:
            for stem, records in FILES.items():
                name = f"{stem}.jsonl"
                counts[name] = write_jsonl(Path(out_dir) / name, records(conn, pipeline_version))
    except OSError as exc:
        raise StoreError(Errors.E008.format(path=str(out_dir), reason=exc)) from exc
    log.info("exported %s to %s", counts, out_dir)
    return counts
