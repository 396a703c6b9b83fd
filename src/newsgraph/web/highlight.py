"""Article text with fact spans highlighted, built safely from offsets.

Why not string replacement: the same words occur in many places and spans overlap (a mention inside an
event sentence). The text is cut at every span boundary; each piece is escaped and wrapped in one
``<mark>`` naming every kind of span that covers it. Only this module builds markup from article text,
and it escapes every character of it (article text is hostile: it may contain ``<script>``).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: str  # CSS class: actor, place, date, event, quote
    label: str = ""  # shown as the tooltip


def highlight(text: str, spans: Iterable[Span]) -> Markup:
    """``text`` escaped, with every piece covered by spans inside ``<mark class="...">``.

    Spans outside the text or empty are ignored; offsets are clamped to the text.
    """
    n = len(text)
    valid = [sp for sp in spans if 0 <= sp.start < sp.end and sp.start < n]
    cuts = sorted({0, n, *(sp.start for sp in valid), *(min(sp.end, n) for sp in valid)})
    parts: list[str] = []
    for lo, hi in zip(cuts, cuts[1:]):
        piece = escape(text[lo:hi])
        covering = [sp for sp in valid if sp.start <= lo and hi <= sp.end]
        if not covering:
            parts.append(str(piece))
            continue
        kinds = " ".join(sorted({sp.kind for sp in covering}))
        labels = "; ".join(dict.fromkeys(sp.label for sp in covering if sp.label))
        parts.append(f'<mark class="{escape(kinds)}" title="{escape(labels)}">{piece}</mark>')
    return Markup("".join(parts))
