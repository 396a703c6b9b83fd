"""Loads the ingest data files (boilerplate patterns, outlet signatures) once per process.

Both files are TSV read by :mod:`newsgraph.lexicon` (header checked, a reason per row). Every pattern
is compiled at load time so that a bad entry fails loudly in tests, not silently at run time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsgraph.lexicon import read_tsv

SCOPES = frozenset({"line", "credit", "leading", "trailing", "related"})
SIGNATURE_SCOPES = frozenset({"line", "block", "lede", "host"})


@dataclass(frozen=True, slots=True)
class BoilerplatePattern:
    regex: re.Pattern[str]
    scope: str
    reason: str


@dataclass(frozen=True, slots=True)
class OutletSignature:
    pattern: str
    regex: re.Pattern[str] | None  # None for host signatures (plain domain suffix)
    scope: str
    outlet: str  # "{outlet}" means: take the regex's named group "outlet"
    reason: str


@lru_cache(maxsize=1)
def boilerplate_patterns() -> tuple[BoilerplatePattern, ...]:
    out = []
    for row in read_tsv("newsgraph.ingest", "data/boilerplate.tsv", ("pattern", "scope", "reason")):
        pattern, scope, reason = row["pattern"], row["scope"], row["reason"]
        if scope not in SCOPES:
            raise ValueError(f"boilerplate.tsv: unknown scope {scope!r} for {pattern!r}")
        out.append(BoilerplatePattern(re.compile(pattern), scope, reason))
    return tuple(out)


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
    for row in read_tsv("newsgraph.ingest", "data/outlet_signatures.tsv", ("pattern", "scope", "outlet", "reason")):
        pattern, scope, outlet, reason = row["pattern"], row["scope"], row["outlet"], row["reason"]
        if scope not in SIGNATURE_SCOPES:
            raise ValueError(f"outlet_signatures.tsv: unknown scope {scope!r} for {pattern!r}")
        regex = None if scope == "host" else re.compile(pattern)
        if outlet == "{outlet}" and (regex is None or "outlet" not in regex.groupindex):
            raise ValueError(f"outlet_signatures.tsv: {pattern!r} needs a named group 'outlet'")
        out.append(OutletSignature(pattern, regex, scope, outlet, reason))
    return tuple(out)
