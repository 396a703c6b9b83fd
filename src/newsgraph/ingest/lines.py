"""Line-level tests shared by story splitting and cleaning (what a headline, a body paragraph, a bullet is)."""
from __future__ import annotations

import re

from newsgraph.ingest.patterns import anywhere

# A headline is short: the longest headline among the seeds has 14 words; 25 leaves room for long
# wire headlines while excluding lede paragraphs (they run 25-60 words).
HEADLINE_MAX_WORDS = 25
HEADLINE_MAX_CHARS = 220
# A body paragraph has at least this many words: shorter lines are subheads, captions, bylines, labels.
BODY_MIN_WORDS = 12
# Trailing navigation ("Route 6", "More in Politics") is at most this many words and unpunctuated.
NAV_MAX_WORDS = 4

_ZERO_WIDTH_TABLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_WORD = re.compile(r"\w+(?:['’]\w+)*")
BULLETS = ("•", "▪", "●", "◦", "‣", "∙")
SENTENCE_END = tuple(".!?\"”’')»…")


def normalise_line(line: str) -> str:
    """Collapse whitespace runs inside a line and strip it (the only change cleaning makes to text).

    ``str.split()`` splits on every Unicode space (tabs, no-break and thin spaces) in C, which keeps a
    50 MB dump fast; zero-width characters are deleted with one ``translate``.
    """
    return " ".join(line.translate(_ZERO_WIDTH_TABLE).split())


def words(line: str) -> list[str]:
    return _WORD.findall(line)


def word_count(line: str) -> int:
    """Whitespace word count: cheap enough for every line of a 50 MB dump (the regex is 5x slower)."""
    return len(line.split())


def key(line: str) -> str:
    """Comparison key for repeats: case-folded words only (quotes, punctuation, spacing ignored)."""
    return " ".join(words(line.casefold()))


def is_boilerplate(line: str) -> bool:
    """A line that is furniture wherever it stands (line, credit and related-heading patterns)."""
    return anywhere().search(line)


def is_bullet(line: str) -> bool:
    return line.startswith(BULLETS)


def is_headline_like(line: str) -> bool:
    if not line or len(line) > HEADLINE_MAX_CHARS or is_bullet(line):
        return False
    n = word_count(line)
    if n < 2 or n > HEADLINE_MAX_WORDS:
        return False
    if line.endswith((".", ",", ";", ":")) or line.endswith("|"):
        return False
    first = line.lstrip("“\"‘'")[:1]
    return first.isupper() or first.isdigit()


def is_body(line: str) -> bool:
    """A story paragraph: long enough, not boilerplate, not a bullet summary."""
    if is_bullet(line):
        return False
    n = word_count(line)
    if n < BODY_MIN_WORDS or not (line.endswith(SENTENCE_END) or n > HEADLINE_MAX_WORDS):
        return False
    return not is_boilerplate(line)


def is_nav(line: str) -> bool:
    return word_count(line) <= NAV_MAX_WORDS and not line.endswith(SENTENCE_END)
