"""Comment markers: the lines that show a reader-comment thread, by their shape (``data/threads.tsv``).

A marker is a comment timestamp followed by a pipe or an action link ("January 28, 2011 at 12:44 pm |
Reply"), an action link alone on its line, a comment byline or footer ("Posted by NAME on DATE"), a
comment form or policy line (``close``), a comments heading or count (``heading``). *Weak* markers —
a bare timestamp, "NAME says:", a lone "Like" — count only when the unit's entries after them read
like comments (``confirmed``). ``threads.py`` turns markers into thread extents.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsgraph.ingest.patterns import table
from newsgraph.ingest.register import classify

ROLES = frozenset({"define", "stamp", "action", "action_weak", "attribution", "close", "heading", "zone", "lead_in"})
SHAPES = frozenset({"footer", "header", "-"})

# Weak markers (a bare timestamp, "NAME says:", a lone "Like") form a thread when at least this share
# of their entries talk (a comment-like line), or when a comment form or heading is in the unit and
# fewer than this share of entries report (a news-like line): a live blog's timestamped entries
# report, a thread's entries talk or opine. Half separates the two in the realnews corpora (BBC "Have
# your say" entries: 40-100 % talk, at most 20 % report).
WEAK_CONFIRM_SHARE = 0.5
# What a weak marker's entry is: the rest of its line and at most this many lines under it (up to the
# next marker). Comments run one to five sentences; the realnews dumps print one sentence per line.
WEAK_ENTRY_LINES = 5
# Markers that need company ("Like" alone is a share button, "NAME says:" alone can be a quote intro).
WEAK_MIN_REPEATS = 2
_PIPE = re.compile(r"\s*\|\s*")
# A line of action links is short ("Report abuse | Reply | Permalink" is 34 characters).
ACTION_MAX_CHARS = 60
_MACRO = re.compile(r"\{([A-Z_]+)\}")


@dataclass(frozen=True, slots=True)
class ThreadRow:
    regex: re.Pattern[str]
    role: str
    shape: str
    reason: str


@lru_cache(maxsize=1)
def thread_rows() -> tuple[ThreadRow, ...]:
    defined: dict[str, str] = {}
    out = []
    for row in table("threads.tsv", ("pattern", "role", "shape", "reason")):
        role, shape, pattern = row["role"], row["shape"], row["pattern"]
        if role not in ROLES or shape not in SHAPES:
            raise ValueError(f"threads.tsv: unknown role or shape {role!r}/{shape!r} for {pattern!r}")
        expanded = _MACRO.sub(lambda m: defined[m.group(1)], pattern)  # KeyError: an undefined name
        if role == "define":
            name, _, value = expanded.partition("=")
            defined[name] = value
            continue
        out.append(ThreadRow(re.compile(expanded), role, shape, row["reason"]))
    return tuple(out)


@lru_cache(maxsize=16)
def _rows(role: str) -> tuple[ThreadRow, ...]:
    return tuple(r for r in thread_rows() if r.role == role)


@lru_cache(maxsize=16)
def _any(role: str) -> re.Pattern[str]:
    """All rows of one role as one regex (a line is tested once per role)."""
    return re.compile("|".join(f"(?:{r.regex.pattern})" for r in _rows(role)))


# Every stamp row holds a year or "ago": lines without either (most lines) skip the stamp rows.
_STAMP_HINT = re.compile(r"(?:19|20)\d\d|\bago$")


@dataclass(frozen=True, slots=True)
class Marker:
    index: int
    strong: bool
    shape: str  # footer: the comment's body is above; header: below
    body: str  # text after the marker on its line ("" when the marker ends the line)
    role: str = ""  # "close" / "heading" for comment-form and heading lines; for weak markers their row's role


def is_closer(line: str) -> bool:
    """A comment form / policy line under a thread (dropped anywhere)."""
    return bool(_any("close").search(line))


def is_heading(line: str) -> bool:
    """A comments heading, count or policy line above a thread (dropped anywhere)."""
    return bool(_any("heading").search(line))


def _action_at(text: str) -> bool:
    return any(r.regex.match(text) for r in _rows("action"))


def _action_line(line: str) -> bool:
    """Only action links: "Reply", "Report abuse | Reply", "| Reply"."""
    if len(line) >= ACTION_MAX_CHARS:
        return False
    parts = [p for p in _PIPE.split(line) if p]
    return bool(parts) and all(any(r.regex.fullmatch(p) for r in _rows("action")) for p in parts)


def marker(index: int, line: str) -> Marker | None:
    """The strongest comment marker in one line, or None."""
    if _action_line(line):
        return Marker(index, True, "footer", "")
    if is_closer(line):
        return Marker(index, True, "footer", "", "close")
    if is_heading(line):
        return Marker(index, True, "header", "", "heading")
    if len(line) < ACTION_MAX_CHARS and any(r.regex.fullmatch(line) for r in _rows("action_weak")):
        return Marker(index, False, "footer", "", "action_weak")
    for r in _rows("attribution"):
        if m := r.regex.search(line):
            strong = r.shape == "footer"  # "Posted by NAME on DATE." closes a comment: unambiguous
            return Marker(index, strong, r.shape, line[m.end():].strip(), "" if strong else "attribution")
    weak: Marker | None = None
    if not _STAMP_HINT.search(line):
        return None
    for r in _rows("stamp"):
        for m in r.regex.finditer(line):
            after = line[m.end():]
            if _any("zone").match(after):
                continue  # a publication stamp
            if pipe := _PIPE.match(after):  # "DATE at TIME | Reply", "DATE at TIME | body": a comment's footer
                return Marker(index, True, "footer", after[pipe.end():].strip())
            if _action_at(after.lstrip()):
                return Marker(index, True, "footer", after.strip())
            if weak is None and _opens(line, m.start()):
                weak = Marker(index, False, "header", after.strip(" -|:"), "stamp")
    return weak


def _opens(line: str, at: int) -> bool:
    """Does a bare timestamp open a comment, rather than sit in a sentence? A sentence leads a date in
    with a preposition ("on 24th June 2011 - 20:55"); a dump glues a comment's stamp to the end of the
    previous comment, with or without its full stop ("... Indian flags 15th January 2012 - 22:57 ...")."""
    before = line[:at].split()
    return not before or not _any("lead_in").fullmatch(before[-1])


def confirmed(lines: list[str], weak: list[Marker], form: bool) -> list[Marker]:
    """Weak markers that form a thread: enough of them, whose entries talk (or, with a comment form or
    heading in the unit, ``form``, entries that do not report)."""
    by_role: dict[str, list[Marker]] = {}
    for m in weak:
        by_role.setdefault(m.role, []).append(m)
    starts = {m.index for m in weak}
    out = []
    for role, found in by_role.items():
        if role != "stamp" and len(found) < WEAK_MIN_REPEATS:
            continue
        talking = reporting = 0
        for m in found:
            entry = [m.body] if m.body else []
            for i in range(m.index + 1, min(len(lines), m.index + 1 + WEAK_ENTRY_LINES)):
                if i in starts:
                    break
                entry.append(lines[i])
            kinds = {classify(text) for text in entry}
            talking += "comment" in kinds
            reporting += "story" in kinds
        if talking / len(found) >= WEAK_CONFIRM_SHARE or (form and reporting / len(found) < WEAK_CONFIRM_SHARE):
            out.extend(found)
    return out
