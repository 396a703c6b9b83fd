"""Who leads which state when: a KB person's role "President of Syria" (2000-07-17 to 2024-12-08) makes
"Assad's forces" in a 2012 story the forces of Syria. Leader titles are data (``data/leader_titles.tsv``);
the state is the one the role names (its KB state name), the dates are the role's (``from`` inclusive,
``to`` exclusive; an undated article takes any leader role of the person).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from newsgraph.lexicon import read_tsv

_DATE = re.compile(r"^\d{4}(?:-\d{2}){0,2}")


@lru_cache(maxsize=1)
def leader_titles() -> frozenset[str]:
    """The role titles of leader_titles.tsv, lower case."""
    return frozenset(r["title"].lower() for r in read_tsv("newsgraph.kb", "data/leader_titles.tsv", ("title", "reason")))


def state_led_by(kb: Any | None, entry: Any, date: str | None) -> str | None:
    """The ISO code of the state ``entry`` (a KB person) leads on ``date``, else None."""
    if kb is None or entry is None or getattr(entry, "type", None) != "person":
        return None
    states = _state_names(id(kb), kb)
    day = _DATE.match(date).group(0) if date and _DATE.match(date) else None
    found = set()
    for role in getattr(entry, "roles", None) or ():
        title, sep, rest = str(role.get("role", "")).partition(" of ")
        if not sep or title.lower() not in leader_titles() or "(" in rest:
            continue
        country = states.get(rest.strip().lower().removeprefix("the "))
        if country is None:
            continue
        start, end = role.get("from"), role.get("to")
        if day is None or ((not start or day >= start[:len(day)]) and (not end or day < end[:len(day)])):
            found.add(country)
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=4)
def _state_names(_key: int, kb: Any) -> dict[str, str]:
    """Lower-case state name or alias (no leading "the") -> ISO code."""
    names: dict[str, str] = {}
    for entry in kb.entries.values():
        if entry.type == "state" and entry.country:
            for name in (entry.name, *entry.aliases):
                names.setdefault(name.lower().removeprefix("the "), entry.country)
    return names
