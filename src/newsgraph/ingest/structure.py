"""Furniture found by the structure of a whole unit (before it is split into stories).

Line patterns (``clean.py``) judge one line at a time; what is furniture only by its place among the
other lines is found here, on the unit's normalised lines:

- comment threads and what follows them (``threads.py``);
- tweet embeds and social widgets (``widgets.py``);
- menus: runs of MENU_MIN_RUN or more short unpunctuated lines of which at least one is a known
  footer / share / navigation label ("About us", "Contact", "Privacy Policy" in a row); the known
  labels keep their kind, the other lines of the run are ``navigation``;
- template lines: lines repeated across many records of one outlet in the same input
  (``templates.py``), dropped only at the unit's edges (above its first or below its last other line).

Pure: lines in, a :class:`~newsgraph.ingest.drops.Drop` per dropped line index out.
"""
from __future__ import annotations

from functools import lru_cache

from newsgraph.ingest.drops import Drop
from newsgraph.ingest.lines import SENTENCE_END, is_body, word_count
from newsgraph.ingest.patterns import LineMatcher, boilerplate_patterns, kind_of
from newsgraph.ingest.threads import find_threads
from newsgraph.ingest.widgets import find_widgets

# A menu is at least three labels in a row (two short lines are often a headline and a byline), each at
# most three words ("Contact us", "Terms of Use"; menu labels are one to three words).
MENU_MIN_RUN = 3
MENU_MAX_WORDS = 3
MENU_ANCHOR_KINDS = ("footer", "share", "navigation")

_WHY = {
    "comments": "comment thread (timestamp / reply markers and the comments around them)",
    "footer": "page furniture under a comment thread",
    "widget": "tweet embed or social widget",
    "navigation": "menu: a run of short labels",
    "template": "line repeated across many articles of this outlet in the input, at the article's edge",
}


@lru_cache(maxsize=1)
def _anchor() -> LineMatcher:
    return LineMatcher([p.regex.pattern for p in boilerplate_patterns()
                        if p.kind in MENU_ANCHOR_KINDS and p.scope == "line"])


def _is_label(line: str) -> bool:
    return word_count(line) <= MENU_MAX_WORDS and not line.endswith(SENTENCE_END)


def find_menus(lines: list[str]) -> dict[int, str]:
    out: dict[int, str] = {}
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _is_label(lines[j]):
            j += 1
        anchored = [k for k in range(i, j) if _anchor().search(lines[k])]
        if j - i >= MENU_MIN_RUN and anchored:  # a known label keeps its own kind, the others are the menu
            out.update({k: kind_of(lines[k], ("line",)) if k in anchored else "navigation" for k in range(i, j)})
        i = max(j, i + 1)
    return out


def _template_edges(lines: list[str], template: frozenset[str], taken: dict[int, str]) -> dict[int, str]:
    """Template lines above the first and below the last line that is neither template nor dropped."""
    out: dict[int, str] = {}
    if not template:
        return out
    for order in (range(len(lines)), range(len(lines) - 1, -1, -1)):
        for i in order:
            if i in taken:
                continue
            if lines[i] not in template:
                break
            known = kind_of(lines[i], ("line", "trailing", "leading", "credit", "related"))
            out[i] = "template" if known == "boilerplate" else known  # say what it is when a row knows
    return out


def structural_drops(lines: list[str], template: frozenset[str] = frozenset()) -> dict[int, Drop]:
    """Index -> Drop for every line of ``lines`` (normalised, non-blank) that structure marks as furniture."""
    # the header zone ends at the first body paragraph; a page of short paragraphs has none: then at the
    # line after the headline
    first_body = next((i for i, line in enumerate(lines) if is_body(line)), min(1, len(lines)))
    found: dict[int, tuple[str, str]] = {i: (k, _WHY[k]) for i, k in find_threads(lines, first_body).items()}
    for i, kind in find_widgets(lines).items():
        if found.get(i, ("",))[0] != "comments":  # inside a thread everything is the thread; under it, say what it is
            found[i] = (kind, _WHY[kind])
    for i, kind in find_menus(lines).items():
        found.setdefault(i, (kind, _WHY["navigation"]))
    taken = {i: kind for i, (kind, _) in found.items()}
    for i, kind in _template_edges(lines, template, taken).items():
        found[i] = (kind, _WHY["template"])
    return {i: Drop(lines[i], kind, why) for i, (kind, why) in sorted(found.items())}
