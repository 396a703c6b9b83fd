"""Is a paragraph written like a reader's comment or like news? (cues in ``data/register.tsv``)

Used where structure leaves a boundary open: how far a comment thread reaches back above its first
timestamp, whether text under a thread is still the story. Three answers:

- ``story``: a dateline or a transcript speaker label opens it, a closing attribution (", she said.")
  ends it, or it reports (an attribution verb) without any comment cue;
- ``comment``: it has a comment cue outside its quotations (first or second person, "!", a closing
  question, a @handle, typed punctuation runs), starts with a lower-case letter, or shouts;
- ``neutral``: neither (a plain statement: either could have written it).

Quoted passages are removed before the cues are searched: news quotes people saying "I" and "we".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsgraph.ingest.patterns import table

CUES = frozenset({"comment", "report", "story", "dateline"})
# Quoted passages: curly or straight double quotes, at most this many characters inside (a runaway
# unmatched quote must not swallow the paragraph); 600 covers the longest quoted sentences in news.
_QUOTED = re.compile(r"“[^”]{0,600}”|\"[^\"]{0,600}\"|``[^']{0,600}''")
# Shouting: this many all-capital words of four letters or more. Acronyms are mostly 2-4 letters and
# rarely three in one news paragraph ("NATO", "UNHCR" and "OPEC" together would be unusual); comments
# in capitals ("TAKE IT FROM ME IT WAS NEEDED") have many.
SHOUT_MIN_WORDS = 3
_SHOUT = re.compile(r"\b[A-Z]{4,}\b")


@dataclass(frozen=True, slots=True)
class Cue:
    regex: re.Pattern[str]
    cue: str
    reason: str


@lru_cache(maxsize=1)
def cues() -> tuple[Cue, ...]:
    out = []
    for row in table("register.tsv", ("pattern", "cue", "reason")):
        if row["cue"] not in CUES:
            raise ValueError(f"register.tsv: unknown cue {row['cue']!r} for {row['pattern']!r}")
        out.append(Cue(re.compile(row["pattern"]), row["cue"], row["reason"]))
    return tuple(out)


@lru_cache(maxsize=4)
def _combined(cue: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{c.regex.pattern})" for c in cues() if c.cue == cue))


def unquoted(paragraph: str) -> str:
    """The paragraph with its quoted passages cut out."""
    return _QUOTED.sub(" ", paragraph)


def has_dateline(paragraph: str) -> bool:
    return bool(_combined("dateline").search(paragraph))


def comment_cues(paragraph: str) -> bool:
    """Does the paragraph, outside its quotations, read like a reader writing?"""
    own = unquoted(paragraph).strip()
    if not own:
        return False
    first = paragraph.lstrip("(['‘“\"`-–— ")[:1]
    if first.isalpha() and first.islower():
        return True  # copy-edited prose starts a paragraph with a capital
    if len(_SHOUT.findall(own)) >= SHOUT_MIN_WORDS:
        return True
    return bool(_combined("comment").search(own))


def classify(paragraph: str) -> str:
    """``story``, ``comment`` or ``neutral`` (see the module docstring)."""
    if has_dateline(paragraph) or _combined("story").search(paragraph):
        return "story"
    if comment_cues(paragraph):
        return "comment"
    if _combined("report").search(unquoted(paragraph)) or _is_quote_paragraph(paragraph):
        return "story"
    return "neutral"


def _is_quote_paragraph(paragraph: str) -> bool:
    """A paragraph that is one direct quotation (news sets a speaker's words as their own paragraph)."""
    p = paragraph.strip()
    return len(p) > 2 and p[0] in "“\"" and p[-1] in "”\"" and not unquoted(p).strip()
