"""Hard-wrapped plain text back to one line per paragraph, before cleaning and sentence splitting.

Wire copy and mail archives break paragraphs into lines of a fixed width. Every line of the clean
text starts a sentence (the ``newsgraph_line_breaks`` component), so a wrapped paragraph would be cut
into fragments. A unit is wrapped when its line lengths say so, not by a fixed width:

- the width ``W`` is a high percentile (WIDTH_PERCENTILE) of the lengths of lines that have another
  line under them;
- a line *fills* the width when the next line's first word would not have fitted on it
  (``len(line) + 1 + len(next word) > W``): that is how a wrapping program breaks lines;
- the unit is wrapped when at least MIN_FILLED lines fill the width, they are at least FILLED_SHARE
  of the lines that have another line under them, and at least MID_SENTENCE_SHARE of them break
  mid-sentence (no sentence end, or the next line goes on in lower case).

In a wrapped unit a filled line is joined to the next one when the break falls mid-sentence and the
next line does not start a paragraph (more indented than the unit's continuation lines, a list item,
a wire dateline). A break at a sentence end is left alone: it costs nothing, since a new line starts a
new sentence anyway. A headline never joins the line under it unless that line goes on in lower case.
Blank lines are kept, so paragraphs stay apart. Offsets stay honest: the joined text is the clean
text that is stored and that every offset indexes.
"""
from __future__ import annotations

import re
from collections import Counter

from newsgraph.ingest.lines import SENTENCE_END, is_bullet, is_headline_like
from newsgraph.ingest.register import has_dateline

# The width is the 90th percentile of the candidate lines' lengths: wrapped paragraphs have most lines
# near the width and their short last lines below it; a few over-long lines (an unwrapped headline or
# URL) stay above the percentile and do not move it.
WIDTH_PERCENTILE = 0.9
# At least this many filled lines: one line says nothing. Two suffice for a short story of two wrapped
# paragraphs because the other tests must hold too (both fill the width, both break mid-sentence).
MIN_FILLED = 2
# Share of the lines with a line under them that fill the width: wrapped copy fills all but the
# headline, byline and the odd list line (measured 0.8-1.0 on wire copy wrapped at 60-80 columns);
# one-paragraph-per-line text fills only its longest tenth (the percentile) and stays far below 0.5.
FILLED_SHARE = 0.5
# Share of filled lines that break mid-sentence: a wrap falls between sentences only when a sentence
# happens to end at the margin (about one line in six in news copy); unwrapped paragraphs end at
# sentence ends nearly always.
MID_SENTENCE_SHARE = 0.5
# Widths outside this range are not a line wrap (a list of short items, or lines of whole paragraphs).
MIN_WIDTH, MAX_WIDTH = 30, 200
_LIST_ITEM = re.compile(r"^\s*(?:[-*–—]|\d{1,2}[.)])\s+")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _width(line: str) -> int:
    return len(line.expandtabs(8).rstrip())


def _first_word(line: str) -> str:
    parts = line.split(maxsplit=1)
    return parts[0] if parts else ""


def _fills(line: str, nxt: str, width: int) -> bool:
    return _width(line) + 1 + len(_first_word(nxt)) > width


def _mid_sentence(line: str, nxt: str) -> bool:
    first = nxt.lstrip()[:1]
    return not line.rstrip().endswith(SENTENCE_END) or (first.isalpha() and first.islower())


def _pairs(lines: list[str]) -> list[int]:
    """Indices of non-blank lines with a non-blank line right under them."""
    return [i for i in range(len(lines) - 1) if lines[i].strip() and lines[i + 1].strip()]


def wrap_width(lines: list[str]) -> int | None:
    """The unit's wrap width, or None when its lines are not hard-wrapped."""
    pairs = _pairs(lines)
    if len(pairs) < MIN_FILLED:
        return None
    lengths = sorted(_width(lines[i]) for i in pairs)
    width = lengths[min(len(lengths) - 1, int(WIDTH_PERCENTILE * len(lengths)))]
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        return None
    filled = [i for i in pairs if _fills(lines[i], lines[i + 1], width)]
    if len(filled) < MIN_FILLED or len(filled) < FILLED_SHARE * len(pairs):
        return None
    if sum(_mid_sentence(lines[i], lines[i + 1]) for i in filled) < MID_SENTENCE_SHARE * len(filled):
        return None
    return width


def _starts_paragraph(line: str, base_indent: int) -> bool:
    return _indent(line) > base_indent or bool(_LIST_ITEM.match(line)) or is_bullet(line.lstrip()) \
        or has_dateline(line.strip())


def unwrap(lines: list[str]) -> list[str]:
    """``lines`` (raw, with blank lines) with hard-wrapped paragraphs joined; unchanged when not wrapped."""
    width = wrap_width(lines)
    if width is None:
        return lines
    # continuation lines sit at the unit's usual indentation (most often none)
    base_indent = Counter(_indent(lines[i + 1]) for i in _pairs(lines)).most_common(1)[0][0]
    first_text = next(i for i, line in enumerate(lines) if line.strip())
    out: list[str] = [lines[0]]
    for i in range(1, len(lines)):
        prev, line = lines[i - 1], lines[i]  # ``prev`` is the physical line above (its length is the test)
        if _joins(prev, line, width, base_indent, headline=i - 1 == first_text):
            out[-1] = _join(out[-1].rstrip(), line.strip())
        else:
            out.append(line)
    return out


def _joins(prev: str, line: str, width: int, base_indent: int, *, headline: bool) -> bool:
    if not (prev.strip() and line.strip()):
        return False
    if not (_fills(prev, line, width) and _mid_sentence(prev, line)) or _starts_paragraph(line, base_indent):
        return False
    goes_on_lower = line.lstrip()[:1].islower()
    return not (headline and is_headline_like(prev.strip()) and not goes_on_lower)


def _join(head: str, tail: str) -> str:
    if _HYPHENATED.search(head) and tail[:1].islower():
        return head + tail  # a word hyphenated at the margin: keep the hyphen, no space
    return head + " " + tail


_HYPHENATED = re.compile(r"[A-Za-z]-$")
