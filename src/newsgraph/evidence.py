"""Showing evidence: the sentence (or line) of an article's clean text around a fact's offsets."""
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
