"""The date rule tables (``dates/data/date_rules.tsv``) and the regexes built from them.

One table, read once per process: relative and anaphoric phrases with their unit and offset, prefixes
and TimeML modifiers to strip, month / weekday / number words, holidays, cue words for the future, sets
and durations, and the words that join the two ends of a range ("2011 to 2014"). Both the component
(which finds spans) and the normaliser (which gives them values) read it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsgraph.lexicon import read_tsv

RULE_COLUMNS = ("kind", "phrase", "unit", "offset", "reason")


@dataclass(frozen=True, slots=True)
class Rules:
    """The rule tables of data/date_rules.tsv, one dict or tuple per kind."""

    relative: dict[str, tuple[str, int]]
    anaphoric: dict[str, tuple[str, int]]
    prefixes: tuple[str, ...]  # longest first
    modifiers: tuple[str, ...]  # longest first
    time_of_day: frozenset[str]
    future_cues: frozenset[str]
    set_cues: frozenset[str]
    duration_cues: frozenset[str]
    numbers: dict[str, int]
    months: dict[str, int]
    weekdays: dict[str, int]
    reject: frozenset[str]
    holidays: dict[str, tuple[int, int]]
    trim_lead: frozenset[str]
    range_connectors: frozenset[str]  # join the two ends of a range ("2011 to 2014", "Monday-Tuesday")
    range_openers: frozenset[str]  # open a range ("between 2011 and 2014", "from March")
    # nouns that a number names rather than dates ("Resolution 1973", "flight 370", "Route 66")
    number_labels: frozenset[str] = frozenset()



@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """Read dates/data/date_rules.tsv once per process."""
    tables: dict[str, list[tuple[str, str, str]]] = {}
    for row in read_tsv("newsgraph.dates", "data/date_rules.tsv", RULE_COLUMNS):
        tables.setdefault(row["kind"], []).append((row["phrase"], row["unit"], row["offset"]))

    def pairs(kind: str) -> dict[str, tuple[str, int]]:
        return {p: (u, int(o)) for p, u, o in tables.get(kind, [])}

    def longest_first(kind: str) -> tuple[str, ...]:
        return tuple(sorted((p for p, _, _ in tables.get(kind, [])), key=len, reverse=True))

    def words(kind: str) -> frozenset[str]:
        return frozenset(p for p, _, _ in tables.get(kind, []))

    def ints(kind: str) -> dict[str, int]:
        return {p: int(o) for p, _, o in tables.get(kind, [])}

    return Rules(
        relative=pairs("relative"), anaphoric=pairs("anaphoric"),
        prefixes=longest_first("prefix"), modifiers=longest_first("modifier"),
        time_of_day=words("time_of_day"), future_cues=words("future_cue"), set_cues=words("set_cue"),
        duration_cues=words("duration_cue"), numbers=ints("number"), months=ints("month"),
        weekdays=ints("weekday"), reject=words("reject"), trim_lead=words("trim_lead"),
        holidays={p: (int(u[:2]), int(u[3:])) for p, u, _ in tables.get("holiday", [])},
        range_connectors=words("range_connector"), range_openers=words("range_opener"),
        number_labels=words("number_label"),
    )


@dataclass(frozen=True, slots=True)
class DatePatterns:
    month: str
    weekday: str
    number: str
    dmy: re.Pattern[str]
    mdy: re.Pattern[str]
    my: re.Pattern[str]
    md: re.Pattern[str]
    dm: re.Pattern[str]
    month_only: re.Pattern[str]
    month_rel_year: re.Pattern[str]
    weekday_re: re.Pattern[str]
    weekday_prefix: re.Pattern[str]
    ago: re.Pattern[str]
    shifted: re.Pattern[str]
    duration: re.Pattern[str]


CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.m\.|\b\d{1,2}\s*[ap]m\b"
                   r"|\b(?:[ecmp][sd]t|gmt|utc|bst|cest?|eest?|eet)\b")
UNITS = r"(day|week|month|year|decade|hour|minute|quarter|century)s?"


@lru_cache(maxsize=1)
def patterns() -> DatePatterns:
    """Regexes built from the month, weekday and number tables (once per process)."""
    r = load_rules()
    month = "(" + "|".join(sorted(map(re.escape, r.months), key=len, reverse=True)) + r")\.?"
    weekday = "(" + "|".join(sorted(map(re.escape, r.weekdays), key=len, reverse=True)) + r")\.?"
    number = r"(\d+|" + "|".join(sorted(map(re.escape, r.numbers), key=len, reverse=True)) + ")"
    day = r"(\d{1,2})(?:st|nd|rd|th)?"
    year = r"(\d{4})"
    return DatePatterns(
        month=month, weekday=weekday, number=number,
        dmy=re.compile(rf"^(?:the )?{day}(?: of)? {month},? {year}$"),
        mdy=re.compile(rf"^{month} {day},? {year}$"),
        my=re.compile(rf"^{month},?(?: of)? {year}$"),
        md=re.compile(rf"^{month} {day}$"),
        dm=re.compile(rf"^(?:the )?{day}(?: of)? {month}$"),
        month_only=re.compile(rf"^(?:(last|this|next|past|previous|coming) )?{month}$"),
        month_rel_year=re.compile(rf"^{month},?(?: of)? (this|last|next|the previous|the following) year$"),
        weekday_re=re.compile(rf"^(?:the )?(?:(last|this|next|past|previous|coming|following) )?{weekday}$"),
        weekday_prefix=re.compile(rf"^{weekday},? (.+)$"),
        ago=re.compile(rf"^(?:about |some |nearly |almost |more than |over |just )?{number}[ -]{UNITS} ago$"),
        shifted=re.compile(rf"^{number}[ -]{UNITS} (earlier|later|before|after|afterwards|previously)$"),
        duration=re.compile(rf"(^|\s|-){number}?[ -]?{UNITS}(\s|-|$)"),
    )


@lru_cache(maxsize=1)
def range_gap() -> re.Pattern[str]:
    """What may stand between the two ends of a range in the text ("March to May", "2011-2014")."""
    words = sorted(load_rules().range_connectors, key=len, reverse=True)
    return re.compile(r"\s*(?:" + "|".join(map(re.escape, words)) + r")\s*", re.I)
