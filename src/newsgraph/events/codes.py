"""PLOVER -> ACLED / CAMEO: the code tables of ``events/data/plover_mappings.tsv`` and the cue rules
that read a weapon or a target from the evidence sentence.

Why apart from extraction: exporters (ACLED-style CSV, GDELT-style TSV) and the evaluation need the
codes of stored events; they read these tables without loading the NLP stage.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsgraph.lexicon import read_tsv

MAPPING_COLUMNS = ("table", "type", "mode", "cues", "acled_type", "acled_subtype", "code", "reason")
# to_acled: the subject of a news lead stands in its first words; 12 covers "Heavily armed Al-Shabaab
# militants" and a dateline (read off the CASE-2021 dev snippets).
LEAD_WORDS = 12


@dataclass(frozen=True, slots=True)
class Mapping:
    """One row of data/plover_mappings.tsv: the first row whose type, mode and cues match wins."""

    type: str
    mode: str
    cues: tuple[tuple[str, ...], ...]  # all groups must match; any word of a group (prefix match); "!" negates
    acled_type: str | None
    acled_subtype: str | None
    case_code: str
    reason: str


@lru_cache(maxsize=1)
def load_mappings() -> tuple[tuple[Mapping, ...], dict[str, str]]:
    """(ordered ACLED mapping rows, PLOVER type -> CAMEO root code)."""
    rows: list[Mapping] = []
    cameo: dict[str, str] = {}
    for row in read_tsv("newsgraph.events", "data/plover_mappings.tsv", MAPPING_COLUMNS):
        if row["table"] == "cameo":
            cameo[row["type"]] = row["code"]
            continue
        groups = tuple(tuple(w for w in g.split("|") if w) for g in (row["cues"] or "").split("&") if g)
        rows.append(Mapping(row["type"], row["mode"] or "*", groups, row["acled_type"] or None,
                            row["acled_subtype"] or None, row["code"], row["reason"]))
    return tuple(rows), cameo


_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")


def _group_matches(group: tuple[str, ...], joined: str) -> bool:
    """Any word of the group starts a word of the text; a group whose first word starts with "!" must not;
    one starting with "^" must match in the lead (the first LEAD_WORDS words)."""
    if group and group[0].startswith("!"):
        return not any((" " + w.lstrip("!")) in joined for w in group)
    if group and group[0].startswith("^"):
        lead = " " + " ".join(joined.split()[:LEAD_WORDS])
        return any((" " + w.lstrip("^")) in lead for w in group)
    return any((" " + w) in joined for w in group)


def _mapping_row(type_: str, mode: str | None, text: str) -> Mapping | None:
    words = _WORD.findall(text.lower())
    joined = " " + " ".join(words)
    for row in load_mappings()[0]:
        if row.type not in {"*", type_}:
            continue
        if row.mode != "*" and row.mode != (mode or ""):
            continue
        if all(_group_matches(group, joined) for group in row.cues):
            return row
    return None


def to_acled(type_: str, mode: str | None, text: str) -> tuple[str | None, str | None]:
    """ACLED (event type, sub-event type) of a PLOVER event, reading weapon / target cues from the text;
    (None, None) for events ACLED does not record (diplomacy, accusations, disasters, crime)."""
    row = _mapping_row(type_, mode, text)
    if row is None:
        return None, None
    return row.acled_type, row.acled_subtype


def case_code(type_: str, mode: str | None, text: str) -> str:
    """CASE-2021 task 2 label (the 25 ACLED sub-types plus its five extra classes) of a PLOVER event."""
    row = _mapping_row(type_, mode, text)
    return row.case_code if row is not None else "OTHER"


def cameo_root(type_: str, mode: str | None = None) -> str | None:
    """CAMEO two-digit root code of a PLOVER type (manual, "CAMEO to PLOVER translation")."""
    cameo = load_mappings()[1]
    if mode:
        key = f"{type_}:{mode}"
        if key in cameo:
            return cameo[key]
    return cameo.get(type_)
