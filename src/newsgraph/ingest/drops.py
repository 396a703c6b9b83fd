"""What cleaning removed from an article: one :class:`Drop` per removed line, summed per kind.

Every drop has a kind from :data:`KINDS`; the article stores the characters dropped per kind
(``Article.dropped``), so that an analyst sees how much of a page was furniture and of which sort
(``newsgraph show ID``, ``articles.dropped`` in the exports).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from newsgraph.records import Dropped

# kind -> what it is (the data files name these kinds; a row with another kind fails at load time)
KINDS: dict[str, str] = {
    "comments": "reader comments: a comment thread, its comment form and policy lines, comment counts",
    "share": "share, follow, login and sign-up buttons and forms",
    "footer": "site footer: legal and policy links, template labels, text after a comment thread",
    "widget": "embedded tweets and social widgets, counters",
    "caption": "photo captions and credits",
    "related": "related-content headings, the links under them, promos for other stories",
    "byline": "bylines, author boxes and bios, wire credits",
    "header": "header-zone datelines, timestamps and section labels, lines above the headline",
    "navigation": "menus, tag lists, edition pickers, trailing navigation",
    "repeat": "repeated lines, pull quotes and bullet summaries that repeat the story",
    "template": "a line repeated across many articles of one outlet in the same input",
    "ad": "advertisements",
    "boilerplate": "other page furniture",
}


@dataclass(slots=True, frozen=True)
class Drop:
    """One removed line: its text, its kind and why it was removed."""

    line: str
    kind: str
    why: str


def summarise(drops: Iterable[Drop]) -> list[Dropped]:
    """Characters dropped per kind, largest first (ties by kind name), kinds with nothing left out."""
    chars: dict[str, int] = {}
    for d in drops:
        chars[d.kind] = chars.get(d.kind, 0) + len(d.line)
    return [Dropped(kind=k, chars=n) for k, n in sorted(chars.items(), key=lambda kv: (-kv[1], kv[0])) if n]
