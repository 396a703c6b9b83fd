"""What every file format shares: atomic writes and the one-file-per-contract-record-kind loop.

A file is written under a temporary name in the output folder, flushed to disk and renamed into place,
so a reader never sees a half-written file and a failed export leaves the previous file intact.
"""
from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from newsgraph.errors import Errors, StoreError
from newsgraph.export.records import FILES, Record

log = logging.getLogger(__name__)


@contextmanager
def atomic_path(path: Path) -> Iterator[str]:
    """A temporary path beside ``path`` to write to (for libraries that open files themselves);
    renamed onto ``path`` when the block succeeds, removed when it fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def atomic_file(path: Path, **open_kwargs: Any) -> Iterator[IO[str]]:
    """A text file object whose content replaces ``path`` (fsynced) only when the block succeeds."""
    with atomic_path(path) as tmp:
        with open(tmp, "w", **open_kwargs) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())


def export_each(store, out_dir: Path, suffix: str, write: Callable[[Path, Iterable[Record]], int],
                pipeline_version: str) -> dict[str, int]:
    """Write every contract record kind with ``write(path, records)`` into ``out_dir``/<kind><suffix>;
    returns {file name: records written}. File system errors become the catalogue's E008."""
    counts: dict[str, int] = {}
    try:
        with store.connect() as conn:
            for stem, records in FILES.items():
                name = f"{stem}{suffix}"
                counts[name] = write(Path(out_dir) / name, records(conn, pipeline_version))
    except OSError as exc:
        raise StoreError(Errors.E008.format(path=str(out_dir), reason=exc)) from exc
    log.info("exported %s to %s", counts, out_dir)
    return counts
