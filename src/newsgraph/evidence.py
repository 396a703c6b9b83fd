"""Showing evidence: the sentence (or line) of an article's clean text around a fact's offsets, or a
window of context on each side of it."""
from __future__ import annotations

import re

# A sentence ends at . ! ? (optionally followed by a closing quote) before whitespace, or at a paragraph
# break; the clean text keeps one paragraph per line, so a newline always ends the context.
_END = re.compile(r"[.!?][\"'”’)]*\s|\n")
CONTEXT_CAP = 400  # characters on each side at most, so a run-on line never floods the terminal


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence that holds ``text[start:end]`` (end exclusive)."""
    lo = max(0, start - CONTEXT_CAP)
    left = lo
    for m in _END.finditer(text, lo, start):
        left = m.end()
    # from the last character of the evidence: evidence that ends with its own full stop must not run
    # on into the next sentence
    m = _END.search(text, max(start, end - 1), min(len(text), end + CONTEXT_CAP))
    right = m.end() if m else min(len(text), end + CONTEXT_CAP)
    while left < right and text[left].isspace():
        left += 1
    while right > left and text[right - 1].isspace():
        right -= 1
    return left, right


# Characters of article text shown on each side of an evidence span on the event page: about two
# sentences of news prose, enough to judge the evidence without the whole article.
CONTEXT_CHARS = 280


def context(text: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> dict[str, object]:
    """The evidence span with up to ``chars`` characters either side, cut at word boundaries."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    lo, hi = max(0, start - chars), min(len(text), end + chars)
    if lo > 0 and not text[lo - 1].isspace():  # started mid-word: drop the partial word
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 else lo
    if hi < len(text) and not text[hi].isspace():  # ended mid-word
        space = text.rfind(" ", end, hi)
        hi = space if space != -1 else hi
    return {"before": text[lo:start], "evidence": text[start:end], "after": text[end:hi],
            "cut_before": lo > 0, "cut_after": hi < len(text)}
