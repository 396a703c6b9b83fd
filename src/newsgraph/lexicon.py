"""The one reader of the lexicons shipped inside the package (TSV, and JSON Lines for the KB).

Why one reader: lexicons are data with a reason per row, and a reason is free text ("backed by",
"UAE-backed"). csv's default quoting would treat a leading quote as a quoted field and silently
rewrite such reasons; a hand-written loader per file also let a renamed column go unnoticed. So every
TSV is read the same way here: tab-separated, no quoting (``csv.QUOTE_NONE``), ``#`` comment lines and
blank lines skipped, the header checked against the columns the caller expects, every row of exactly
that many fields, and a non-empty ``reason`` or ``source`` column (why the entry is there).
A malformed file raises :class:`~newsgraph.errors.LexiconError`: it is a packaging bug, and tests load
every lexicon.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from newsgraph.errors import Errors, LexiconError

# Columns that say why a row exists; every lexicon has one of them, filled on every row.
WHY_COLUMNS = ("reason", "source")


def _text(package: str, name: str) -> str:
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


def data_path(package: str, name: str) -> Path:
    """The file ``name`` inside ``package`` (for fingerprints and tools that want a path)."""
    return Path(str(resources.files(package).joinpath(name)))


def parse_tsv(text: str, columns: Sequence[str], where: str) -> list[dict[str, str]]:
    """Rows of a TSV text as dicts (see the module docstring for the rules)."""
    columns = tuple(columns)
    why = [c for c in WHY_COLUMNS if c in columns]
    if not why:
        raise LexiconError(Errors.E022.format(name=where, reason=f"no reason or source column in {columns}"))
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows = list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or tuple(rows[0]) != columns:
        found = rows[0] if rows else None
        raise LexiconError(Errors.E022.format(name=where, reason=f"header {found} is not {list(columns)}"))
    out = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(columns):
            raise LexiconError(Errors.E022.format(
                name=where, reason=f"row {number} has {len(row)} fields, the header {len(columns)}: {row!r}"))
        record = dict(zip(columns, row))
        if not record[why[0]].strip():
            raise LexiconError(Errors.E022.format(name=where, reason=f"row {number} has no {why[0]}: {row!r}"))
        out.append(record)
    return out


def read_tsv(package: str, name: str, columns: Sequence[str]) -> list[dict[str, str]]:
    """The rows of the TSV file ``name`` shipped in ``package`` (``"newsgraph.events"``, ``"data/x.tsv"``)."""
    return parse_tsv(_text(package, name), columns, f"{package}:{name}")


def read_jsonl(path: Path, problems: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(``file:line``, object) for every non-blank line of a JSON Lines file; a line that is not a JSON
    object is reported in ``problems`` (the caller decides whether that is fatal) and skipped."""
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path.name}:{number}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{where}: not valid JSON ({exc.msg})")
                continue
            if not isinstance(obj, dict):
                problems.append(f"{where}: a line must be a JSON object")
                continue
            yield where, obj
