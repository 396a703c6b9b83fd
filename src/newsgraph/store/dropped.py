"""The ``articles.dropped`` column: ``Article.dropped`` stored as a JSON list of {"kind", "chars"}.

NULL means "not recorded" (an article stored before revision 0004); an empty list means that
cleaning removed nothing.
"""
from __future__ import annotations

import json
from typing import Any

from newsgraph.records import Dropped


def encode(dropped: list[Dropped]) -> str:
    return json.dumps([{"kind": d.kind, "chars": d.chars} for d in dropped])


def decode(value: str | None) -> list[dict[str, Any]] | None:
    """The column as plain dicts (for exports and ``show``); None when not recorded or unreadable."""
    if value is None:
        return None
    try:
        items = json.loads(value)
    except ValueError:
        return None
    if not isinstance(items, list):
        return None
    return [{"kind": str(d["kind"]), "chars": int(d["chars"])} for d in items
            if isinstance(d, dict) and "kind" in d and "chars" in d]


def records(value: str | None) -> list[Dropped]:
    """The column as records (for ``load_articles``); empty when not recorded."""
    return [Dropped(d["kind"], d["chars"]) for d in decode(value) or []]
