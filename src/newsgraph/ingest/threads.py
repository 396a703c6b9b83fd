"""Reader-comment threads in one unit's lines: from their markers (``thread_markers.py``) to extents.

A thread shows itself by its markers: a comment timestamp followed by a pipe or an action link
("January 28, 2011 at 12:44 pm | Reply"), an action link alone on its line, a comment byline
("Posted by NAME on DATE"), a comment form or heading; or timestamps without such context that recur
with comment-like text after them ("24th June 2011 - 20:55 I hope ..."). Markers in the header zone
(before the first body paragraph) are the page's own dateline or byline and never count.

The thread runs from the first marker to the last, extended

- upwards: in the *footer* shape (the comment's body comes before its timestamp line, as on CNN and
  Guardian blogs) the first comment's body sits above the first marker, so the walk goes back over
  every paragraph that does not read as news (``register.classify``) and stops at the first one that
  does; in the *header* shape (body after the marker) only comment-like paragraphs right above it are
  taken. Either walk is bounded (WALK_BACK_MAX_LINES, WALK_BACK_MAX_CHARS);
- downwards: to the comment form and policy lines (``close`` rows) when they follow, else over the
  paragraphs that do not read as news (the last comment's body).

A comment form or policy line under comments whose timestamps the dump lost (``close`` rows) also
ends a thread: the comment-like paragraphs right above it are its comments (the header walk).

What follows a thread on the page is page furniture (blog "about" boxes, sidebars): dropped as
``footer`` up to the first paragraph that reads as news again. A run of STORY_RUN_BREAK news-like
paragraphs between two markers splits them into two threads (the run is kept).
"""
from __future__ import annotations

from newsgraph.ingest.lines import is_boilerplate
from newsgraph.ingest.register import classify
from newsgraph.ingest.thread_markers import Marker, confirmed, is_closer, is_heading, marker

# How far the walk above the first marker may go. The longest first comment above its footer in the
# realnews CNN corpus runs 19 one-sentence paragraphs (~1,800 characters) before the story's last
# reporting paragraph; 30 lines / 4,000 characters leave room for longer comments without reaching
# deep into a story whose last paragraphs happen to read neutral.
WALK_BACK_MAX_LINES = 30
WALK_BACK_MAX_CHARS = 4_000
# The footer walk also stops at this many neutral paragraphs in a row (neither comment-like nor news-like):
# a comment's sentences are mostly comment-like, a story's last paragraphs mostly neutral. In the
# realnews CNN corpus the longest neutral run inside a first comment is 3 one-sentence paragraphs; a
# blog post above its thread shows 4 or more. The header walk stops at the first neutral paragraph.
FOOTER_NEUTRAL_RUN_STOP = 4
HEADER_NEUTRAL_RUN_STOP = 1
# Consecutive news-like paragraphs between two markers that make them two threads: comments that
# quote a report rarely run four reporting paragraphs in a row; a story between two threads does.
STORY_RUN_BREAK = 4


def _clusters(lines: list[str], markers: list[Marker]) -> list[list[Marker]]:
    """Markers grouped into threads: a run of news-like paragraphs between two markers splits them."""
    groups = [[markers[0]]]
    for prev, cur in zip(markers, markers[1:]):
        run = best = 0
        for i in range(prev.index + 1, cur.index):
            run = run + 1 if classify(lines[i]) == "story" else 0
            best = max(best, run)
        if best >= STORY_RUN_BREAK:
            groups.append([cur])
        else:
            groups[-1].append(cur)
    return groups


def _start(lines: list[str], first: Marker, shape: str, floor: int) -> int:
    """Index of the thread's first line: the walk up from the first marker (see the module docstring)."""
    if first.role == "heading":
        return first.index  # a comments heading: the thread is below it
    if first.role == "close":
        shape = "header"  # a comment form whose thread lost its timestamps: take only what talks
    stop_run = FOOTER_NEUTRAL_RUN_STOP if shape == "footer" else HEADER_NEUTRAL_RUN_STOP
    chars = neutral_run = 0
    taken: list[tuple[int, str]] = []
    for i in range(first.index - 1, floor - 1, -1):
        if len(taken) >= WALK_BACK_MAX_LINES or chars + len(lines[i]) > WALK_BACK_MAX_CHARS:
            break
        kind = classify(lines[i])
        neutral_run = neutral_run + 1 if kind == "neutral" else 0
        if kind == "story" or neutral_run >= stop_run:
            break
        taken.append((i, kind))
        chars += len(lines[i])
    # The thread reaches up to the highest comment-like paragraph taken (neutral ones above it stay: they
    # are more likely the story's last lines than a comment's first). In the footer shape the paragraph
    # right above the first footer is the first comment's body whatever it reads like.
    comments = [i for i, kind in taken if kind == "comment"]
    if shape == "footer" and taken:
        comments.append(taken[0][0])
    return min(comments, default=first.index)


def _end(lines: list[str], last: int, limit: int, *, headings_only: bool) -> int:
    """The thread's last line below its last marker (before ``limit``): the end of the comment form
    when one follows, else the last paragraph before one that reads as news. Under a comments heading
    with no comment marker at all ("45 comments" can sit under a lede), only what talks is taken: up to
    the last comment-like paragraph before a news-like one or a run of neutral ones."""
    end = next((i for i in range(last, limit) if is_closer(lines[i])), None)
    if end is not None:
        while end + 1 < limit and (is_closer(lines[end + 1]) or is_heading(lines[end + 1])):
            end += 1
        return end
    end, talked, neutral_run = last, last, 0
    while end + 1 < limit and not is_boilerplate(lines[end + 1]):  # a known label is the page again
        kind = classify(lines[end + 1])
        neutral_run = neutral_run + 1 if kind == "neutral" else 0
        if kind == "story" or (headings_only and neutral_run >= FOOTER_NEUTRAL_RUN_STOP):
            break
        end += 1
        talked = end if kind == "comment" else talked
    return talked if headings_only else end


def find_threads(lines: list[str], first_body: int) -> dict[int, str]:
    """Line index -> ``comments`` or ``footer`` for every line of every thread in the unit (and the page
    furniture under a thread). ``first_body``: index of the unit's first body paragraph."""
    found = [m for i, line in enumerate(lines) if i >= first_body and (m := marker(i, line)) is not None]
    strong = [m for m in found if m.strong]
    form = any(m.role in ("close", "heading") for m in strong)
    markers = sorted(strong + confirmed(lines, [m for m in found if not m.strong], form), key=lambda m: m.index)
    out: dict[int, str] = {}
    if not markers:
        return out
    groups = _clusters(lines, markers)
    floor = min(first_body + 1, groups[0][0].index)  # the lede stays
    for n, group in enumerate(groups):
        limit = groups[n + 1][0].index if n + 1 < len(groups) else len(lines)
        footer = sum(m.shape == "footer" for m in group)
        shape = "footer" if footer * 2 >= len(group) else "header"
        start = _start(lines, group[0], shape, floor)
        form_end = _end(lines, group[-1].index, limit, headings_only=all(m.role == "heading" for m in group))
        out.update({i: "comments" for i in range(start, form_end + 1)})
        tail = form_end
        while tail + 1 < limit and classify(lines[tail + 1]) != "story":
            tail += 1
            if not is_boilerplate(lines[tail]):  # known labels keep their own kind (clean.py drops them)
                out.setdefault(tail, "footer")
        floor = tail + 1
    return out
