"""Loads the ingest data files (boilerplate patterns, outlet signatures, comment-thread shapes,
register cues) once per process.

Every file is TSV with a header row naming its columns; lines starting with ``#`` are comments; a row
without a reason is an error. Every pattern is compiled at load time so that a bad entry fails loudly
in tests, not silently at run time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newsgraph.ingest.drops import KINDS

SCOPES = frozenset({"line", "credit", "leading", "trailing", "related"})
SIGNATURE_SCOPES = frozenset({"line", "block", "lede", "host"})


@dataclass(frozen=True, slots=True)
class BoilerplatePattern:
    regex: re.Pattern[str]
    scope: str
    kind: str  # what a line it drops is (drops.KINDS), recorded per article
    reason: str


@dataclass(frozen=True, slots=True)
class OutletSignature:
    pattern: str
    regex: re.Pattern[str] | None  # None for host signatures (plain domain suffix)
    scope: str
    outlet: str  # "{outlet}" means: take the regex's named group "outlet"
    reason: str


def table(name: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows of ``data/<name>`` as dicts; the header must be ``columns`` and every row needs a reason."""
    text = resources.files("newsgraph.ingest").joinpath("data", name).read_text(encoding="utf-8")
    return parse_table(text, name, columns)


def parse_table(text: str, name: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of one TSV text (see :func:`table`)."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    header = tuple(lines[0].split("\t")) if lines else ()
    if header != columns:
        raise ValueError(f"{name}: header {header!r}, expected {columns!r}")
    rows = []
    for line in lines[1:]:
        cells = line.split("\t")
        if len(cells) != len(columns):
            raise ValueError(f"{name}: {len(cells)} cells, expected {len(columns)}: {line!r}")
        row = dict(zip(columns, cells))
        if "reason" in row and not row["reason"].strip():
            raise ValueError(f"{name}: a row without a reason: {line!r}")
        rows.append(row)
    return rows


def _rows(name: str) -> list[list[str]]:
    text = resources.files("newsgraph.ingest").joinpath("data", name).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return rows[1:]  # header


@lru_cache(maxsize=1)
def boilerplate_patterns() -> tuple[BoilerplatePattern, ...]:
    out = []
    for row in table("boilerplate.tsv", ("pattern", "scope", "kind", "reason")):
        if row["scope"] not in SCOPES:
            raise ValueError(f"boilerplate.tsv: unknown scope {row['scope']!r} for {row['pattern']!r}")
        if row["kind"] not in KINDS:
            raise ValueError(f"boilerplate.tsv: unknown kind {row['kind']!r} for {row['pattern']!r}")
        out.append(BoilerplatePattern(re.compile(row["pattern"]), row["scope"], row["kind"], row["reason"]))
    return tuple(out)


def kind_of(line: str, scopes: tuple[str, ...]) -> str:
    """The kind of the first boilerplate row of ``scopes`` that matches ``line`` (the matchers above only
    say whether one does; this runs on dropped lines only)."""
    for p in boilerplate_patterns():
        if p.scope in scopes and p.regex.search(line):
            return p.kind
    return "boilerplate"


# Unanchored patterns that end with ``$`` are searched on the last TAIL_CHARS characters of a line only
# (credits such as "/AFP/Name" or "(AFP)" are short); this keeps a 50 MB dump linear and fast.
TAIL_CHARS = 120


class LineMatcher:
    """All patterns of one scope as at most three compiled regexes: anchored ones are tried only at
    the start of the line (``match``), end-anchored ones only on its tail, the rest over the line."""

    def __init__(self, patterns: list[str]) -> None:
        def join(parts: list[str]) -> re.Pattern[str] | None:
            return re.compile("|".join(f"(?:{p})" for p in parts)) if parts else None

        self._start = join([p[1:] for p in patterns if p.startswith("^")])
        self._end = join([p for p in patterns if not p.startswith("^") and p.endswith("$")])
        self._any = join([p for p in patterns if not p.startswith("^") and not p.endswith("$")])

    def search(self, line: str) -> bool:
        if self._start is not None and self._start.match(line):
            return True
        if self._end is not None and self._end.search(line[-TAIL_CHARS:] if len(line) > TAIL_CHARS else line):
            return True
        return self._any is not None and bool(self._any.search(line))


@lru_cache(maxsize=8)
def combined(scope: str) -> LineMatcher:
    """The matcher for one scope of boilerplate.tsv (one pass per line, however many patterns)."""
    return LineMatcher([p.regex.pattern for p in boilerplate_patterns() if p.scope == scope])


# Scopes whose lines are furniture wherever they stand (``lines.is_boilerplate``).
ANYWHERE_SCOPES = ("line", "credit", "related")


@lru_cache(maxsize=1)
def anywhere() -> LineMatcher:
    """One matcher for every scope in ANYWHERE_SCOPES: story splitting asks this of every line."""
    return LineMatcher([p.regex.pattern for p in boilerplate_patterns() if p.scope in ANYWHERE_SCOPES])


@lru_cache(maxsize=1)
def outlet_signatures() -> tuple[OutletSignature, ...]:
    out = []
    for row in _rows("outlet_signatures.tsv"):
        pattern, scope, outlet, reason = row
        if scope not in SIGNATURE_SCOPES:
            raise ValueError(f"outlet_signatures.tsv: unknown scope {scope!r} for {pattern!r}")
        regex = None if scope == "host" else re.compile(pattern)
        if outlet == "{outlet}" and (regex is None or "outlet" not in regex.groupindex):
            raise ValueError(f"outlet_signatures.tsv: {pattern!r} needs a named group 'outlet'")
        out.append(OutletSignature(pattern, regex, scope, outlet, reason))
    return tuple(out)
