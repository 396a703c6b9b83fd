"""Furniture glued to the start of a story paragraph by the page extractor.

Extractors often join a photo credit, a byline or a time stamp to the paragraph after it, so the lede
starts with "Photograph: Name/AP The president said …" or "CITY | Tue Mar 15, 2011 1:48 pm GMT CITY
(Reuters) - The president said …". The line is the story's first sentence and cannot be dropped, but
the prefix is not part of it: its photographer and journalist names become actors, its time stamp a
date, its "GMT CITY" a place. :func:`glued_prefix` finds such a prefix by two general shapes:

- a wire dateline ("CITY (Reuters) -", "CAIRO, Egypt (CNN) --") after a prefix that is furniture: it
  holds a clock time, or starts with a credit label, a byline ("By …") or a "CITY |" stamp, and has
  almost no lower-case words (captions and sentences do);
- a credit label ("Photograph:", "Credit:") followed by a credit that ends with an agency ("…/AP",
  "Getty Images") or with a photographer's two-word name after an agency ("AP/Kevin Lamarque"). A
  credit that names no agency ("Photograph: Jane Doe The minister …") is left alone: where the name
  ends and the sentence begins cannot be told.

The words (labels, agencies, wires, time zones) are data in ``data/glued.tsv``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsgraph.ingest.patterns import table

MAX_PREFIX_CHARS = 400  # furniture glued to a lede is short; a longer prefix is text
MAX_PREFIX_LOWER_WORDS = 4  # "pm", "via", "and": furniture is names, places and stamps
MAX_CREDIT_TOKENS = 16
MIN_REST_WORDS = 3  # what stays must still be a sentence
CONNECTORS = frozenset({"via", "and", "of", "for", "de", "la", "al", "el", "von", "van", "der", "du", "&"})


@dataclass(frozen=True, slots=True)
class Glue:
    prefix: str  # the furniture, as it stood
    rest: str  # the paragraph without it
    kind: str  # drops.KINDS: caption (a photo credit), byline or header (a stamp)


@lru_cache(maxsize=1)
def _words() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {"label": [], "agency": [], "wire": [], "zone": []}
    for row in table("glued.tsv", ("kind", "value", "reason")):
        if row["kind"] not in out:
            raise ValueError(f"glued.tsv: unknown kind {row['kind']!r} for {row['value']!r}")
        out[row["kind"]].append(row["value"])
    return {k: tuple(v) for k, v in out.items()}


def _alt(values: tuple[str, ...]) -> str:
    return "|".join(re.escape(v) for v in sorted(values, key=len, reverse=True))


@lru_cache(maxsize=1)
def _regexes() -> dict[str, re.Pattern[str]]:
    w = _words()
    zones, wires, labels = _alt(w["zone"]), _alt(w["wire"]), _alt(w["label"])
    caps_word = rf"(?!(?:{zones}|{wires})\b)[A-Z][A-Z.'’-]+"  # "By X, CNN CITY (CNN) --": not the city
    return {
        "wire": re.compile(
            rf"(?<![\w'’]){caps_word}(?:(?:\s+|,\s*){caps_word}|,\s*[A-Z][a-z.'’-]+){{0,3}}"
            rf"\s*\((?:{wires})\)\s*(?:-{{1,2}}|—|–)"),
        "clock": re.compile(rf"\b\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?\s*)?(?:{zones})\b|\b\d{{1,2}}:\d{{2}}\s*[ap]\.?m\b", re.I),
        "label": re.compile(rf"(?:{labels})s?\s*:\s*", re.I),
        "byline": re.compile(r"By\s+[A-Z]"),
        "stamp": re.compile(r"[A-Z][A-Z .,'’-]{1,40}\s\|\s"),
        "token": re.compile(r"\\?/|[^\s/\\]+"),
    }


def _is_furniture(prefix: str) -> bool:
    r = _regexes()
    if len(prefix) > MAX_PREFIX_CHARS or not prefix.strip():
        return False
    lower = sum(1 for t in prefix.split() if t[:1].islower() and t.lower() not in CONNECTORS)
    if lower > MAX_PREFIX_LOWER_WORDS:
        return False
    return bool(r["clock"].search(prefix) or r["label"].match(prefix) or r["byline"].match(prefix)
                or r["stamp"].match(prefix))


def _is_agency(words: list[str]) -> bool:
    agencies = _words()["agency"]
    return any(" ".join(words[k:]) in agencies for k in range(len(words)))


def _glued_agency(word: str) -> int:
    """Length of an agency name glued to the next word ("EPAThe"), else 0."""
    for a in _words()["agency"]:
        if " " not in a and word.startswith(a) and re.match(r"[A-Z][a-z]", word[len(a):]):
            return len(a)
    return 0


def _credit_ends(line: str, start: int) -> list[int]:
    """Where the credit that starts at ``start`` may end, shortest first: after an agency, or after a
    two-word name that follows an agency and a slash; empty when it names no agency."""
    good: list[int] = []
    seg: list[str] = []
    after_agency_slash = False  # the segment follows "<agency>/"
    for n, m in enumerate(_regexes()["token"].finditer(line, start)):
        tok = m.group()
        if n >= MAX_CREDIT_TOKENS:
            break
        if tok.endswith("/"):
            if not seg:
                break
            after_agency_slash = _is_agency(seg)
            seg = []
            continue
        word = tok.rstrip(")")
        if not word or not (word[0].isupper() or word.lower() in CONNECTORS):
            break
        glued = _glued_agency(word)
        if glued:
            return good + [m.start() + glued]
        seg.append(word)
        if _is_agency(seg):
            good.append(m.start() + len(word))
        elif after_agency_slash and len(seg) == 2 and not _is_agency(seg[:1]):
            good.append(m.start() + len(word))  # "AP/Kevin Lamarque"
        if tok != word:
            break  # "Getty Images)": the credit's bracket closes here
    return good


def glued_prefix(line: str) -> Glue | None:
    """The furniture glued to the start of ``line``, or None when it starts with the text."""
    r = _regexes()
    m = r["wire"].search(line, 0, MAX_PREFIX_CHARS + 80)
    if m and m.start() > 0:
        prefix = line[: m.start()]
        if _is_furniture(prefix):
            kind = "caption" if r["label"].match(prefix) else "byline" if r["byline"].match(prefix) else "header"
            return Glue(prefix.rstrip(), line[m.start():], kind)
    label = r["label"].match(line)
    if label is None:
        return None
    for end in reversed(_credit_ends(line, label.end())):  # the longest credit that leaves a sentence
        rest = line[end:].lstrip(") ")
        if len(rest.split()) >= MIN_REST_WORDS and re.match(r"[A-Z0-9\"“‘'(]", rest):
            return Glue(line[:end].rstrip(), rest, "caption")
    return None
