"""Text that every store backend can hold: the one rule applied where text enters newsgraph.

Two kinds of character are valid in a Python ``str`` but cannot be stored everywhere:

- NUL (U+0000): PostgreSQL ``text`` rejects it (SQLite keeps it, so a store holding one could never
  move to PostgreSQL);
- lone surrogates (U+D800..U+DFFF): they have no UTF-8 encoding, so no driver can send them. A JSON
  line may carry one as an escape (``"\\ud800"``); ``json.loads`` accepts it.

Each is replaced by U+FFFD (the replacement character), one character for one, so offsets into the
text do not move. Every reader calls :func:`storable` on the text and metadata of each unit it yields
and counts the replacements in the unit's ``repairs`` (kept with each article it gives); the web API
applies the same rule to query parameters. Nothing else about the text changes.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping

REPLACEMENT = "\ufffd"
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# Keys of a repairs record: what was replaced, and how many times.
NUL = "nul"
LONE_SURROGATE = "lone_surrogate"


def is_storable(text: str) -> bool:
    """True when ``text`` holds no NUL and no lone surrogate."""
    return _UNSTORABLE.search(text) is None


def storable(text: str, repairs: MutableMapping[str, int] | None = None) -> str:
    """``text`` with NULs and lone surrogates replaced by U+FFFD (same length); counts go to ``repairs``."""
    if _UNSTORABLE.search(text) is None:  # the common case: one C-speed scan, no copy
        return text
    nul = text.count("\x00")
    lone = len(_UNSTORABLE.findall(text)) - nul
    if repairs is not None:
        if nul:
            repairs[NUL] = repairs.get(NUL, 0) + nul
        if lone:
            repairs[LONE_SURROGATE] = repairs.get(LONE_SURROGATE, 0) + lone
    return _UNSTORABLE.sub(REPLACEMENT, text)


def storable_meta(meta: Mapping[str, object], repairs: MutableMapping[str, int] | None = None) -> dict:
    """A copy of ``meta`` whose string values (and keys) are storable; other values are kept as they are."""
    out: dict = {}
    for key, value in meta.items():
        if isinstance(key, str):
            key = storable(key, repairs)
        out[key] = storable(value, repairs) if isinstance(value, str) else value
    return out
