"""Split one input unit into stories.

Pages often carry a second story (a "next article" block, a related story rendered in full). A new
story starts at a headline-like line that is followed, within a few lines and before any body
paragraph, by a dateline / "Updated …" / "Published …" line or by a repeat of the same headline
(templates print the headline twice). A candidate only splits when the text before it holds at least
one body paragraph, so a page header ("SI |", the headline printed three times) never becomes a story
of its own, and a repeat of the current story's headline never starts a new one.
"""
from __future__ import annotations

from dataclasses import dataclass

from newsgraph.ingest.lines import is_body, is_boilerplate, is_headline_like, key
from newsgraph.ingest.metadata import DATE_ONLY_LINE, ISO_LINE, PUBLISHED_LINE, UPDATED_LINE

# How many non-blank lines after a headline we look for its dateline or repeat. The seeds put them
# 1-4 lines below (caption, "Short Url", "Updated …", headline again); 5 keeps a margin.
LOOKAHEAD_LINES = 5


@dataclass(slots=True)
class Story:
    lines: list[str]  # normalised non-blank lines of this story, in order
    title_index: int | None  # index in ``lines`` of the headline, None when none is headline-like
    header_end: int  # index of the first body paragraph (lines before it are the header zone)


def _is_timestamp(line: str) -> bool:
    return bool(
        PUBLISHED_LINE.match(line) or UPDATED_LINE.match(line) or DATE_ONLY_LINE.match(line) or ISO_LINE.match(line)
    )


def _starts_story(lines: list[str], i: int) -> bool:
    """Is ``lines[i]`` a headline with its own dateline or repeated headline just below it?"""
    if not is_headline_like(lines[i]) or is_boilerplate(lines[i]):
        return False
    head = key(lines[i])
    for line in lines[i + 1 : i + 1 + LOOKAHEAD_LINES]:
        if is_body(line):
            return False
        if _is_timestamp(line) or key(line) == head:
            return True
    return False


def _title_index(lines: list[str], start: int, end: int) -> int | None:
    for i in range(start, end):
        line = lines[i]
        if is_boilerplate(line) or _is_timestamp(line):
            continue
        if is_headline_like(line):
            return i
        if is_body(line):
            return None
    return None


def _header_end(lines: list[str], start: int, end: int) -> int:
    for i in range(start, end):
        if is_body(lines[i]):
            return i
    return end


def split_stories(lines: list[str]) -> list[Story]:
    """Split normalised non-blank lines into stories (at least one, possibly with no body)."""
    starts = [0]
    has_body = False
    current_title: str | None = None
    for i, line in enumerate(lines):
        if i > 0 and has_body and _starts_story(lines, i) and key(line) != current_title:
            starts.append(i)
            has_body = False
            current_title = key(line)
            continue
        if current_title is None and is_headline_like(line) and not is_boilerplate(line):
            current_title = key(line)
        has_body = has_body or is_body(line)
    stories = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        title = _title_index(lines, start, end)
        stories.append(
            Story(
                lines=lines[start:end],
                title_index=None if title is None else title - start,
                header_end=_header_end(lines, start, end) - start,
            )
        )
    return stories
