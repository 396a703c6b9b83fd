"""Dates: temporal expressions in news text, normalised against the publication date.

Why a stage of its own: events, relations and the timeline need calendar values, and news states
most of them relative to the day it was written ("on Sunday", "last month", "Feb. 26"). The
spaCy component (components/dates.py) finds the spans; this module gives each a value:

* ``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY`` with precision day / month / year;
* ``--MM-DD`` (precision day) for a year-less date when there is no usable anchor: the year is
  never invented and today's date is never used;
* ``None`` with precision ``unknown`` for what is not a calendar point (durations such as
  "two days", sets such as "every week", weeks, decades, seasons, quarters) or cannot be resolved
  (relative expressions without an anchor). Durations and sets are *found* (kept as mentions with
  value None) rather than skipped: later stages and the evaluation need to know the text is
  temporal, and TimeML gold annotates them as TIMEX3 too.

Resolution order: our own rules (data/date_rules.tsv plus the explicit formats below), then
dateparser (PREFER_DATES_FROM past, RELATIVE_BASE = anchor) for formats the rules do not know.

Choices that the tests pin down:
* a weekday resolves to the most recent such day on or before the anchor (news is told in the
  past tense); a weekday equal to the anchor's own weekday is the anchor itself ("on Wednesday" in
  a Wednesday paper is that day). With a future cue in the sentence ("will", "scheduled") it is
  the next such day on or after the anchor. "last Sunday" is strictly before, "next Sunday"
  strictly after.
* a month alone ("in June") is the most recent such month not after the anchor's month; a
  year-less day ("Feb. 26") takes the anchor's year unless that puts it more than
  FUTURE_TOLERANCE_DAYS after the anchor, in which case it takes the year before (future cue:
  the mirror rule).
* relative expressions need an anchor at least as precise as their unit ("yesterday" needs a
  day, "last month" a month, "last year" a year); otherwise the value is None.
* anaphoric expressions ("a day earlier", "the following day") count from the reference date:
  the last day-precision date resolved earlier in the same article, else the anchor.
"""
from __future__ import annotations

import calendar
import csv
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Span

from newsgraph.records import Article, DateMention, DateValue, Evidence

log = logging.getLogger(__name__)

RULES_FILE = "date_rules.tsv"
# A year-less date up to this many days after the anchor keeps the anchor's year (papers announce
# what happens in the coming weeks); further ahead it is read as last year's. Chosen on the
# TimeBank + AQUAINT gold in context (0/7/14/31/62/92/183 compared: 62 and 92 tie at the top,
# +3.0 / +1.7 points over 7; the smaller is safer).
FUTURE_TOLERANCE_DAYS = 62
# The same for a month alone ("in June"), in months: 0 = the most recent such month not after the
# anchor's month, as news is told in the past. 1-3 measured +0.5 point on the gold above; we keep 0.
MONTH_TOLERANCE = 0
# Confidence of a mention: how often its (span, value) was right for the rule family that resolved
# it, measured on the TimeBank + AQUAINT gold DATE spans with calendar values (2026-11-25, pooled,
# rounded down): explicit 156/161, relative 232/240, weekday 286/318, year-less 216/249,
# anaphoric 5/14. dateparser never fired on that gold: its 0.5 is a prior, not a measurement.
# Unresolved mentions (value None) carry the relaxed extraction precision (0.95 / 0.93): the
# confidence that the span is a temporal expression at all.
CONFIDENCE = {
    "explicit": 0.96,  # a full date with its year
    "relative": 0.96,  # deictic: today, last year, three years ago
    "weekday": 0.89,
    "year_less": 0.86,  # month-day or month resolved with the anchor
    "anaphoric": 0.35,  # a day earlier, the following day
    "dateparser": 0.5,
    "unresolved": 0.93,
}
SPANS_KEY = "newsgraph_dates"  # doc.spans key written by the newsgraph_dates component


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


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """Read data/date_rules.tsv once per process."""
    tables: dict[str, list[tuple[str, str, str]]] = {}
    text = resources.files("newsgraph.data").joinpath(RULES_FILE).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
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
    )


@dataclass(frozen=True, slots=True)
class _Patterns:
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
def patterns() -> _Patterns:
    """Regexes built from the month, weekday and number tables (once per process)."""
    r = load_rules()
    month = "(" + "|".join(sorted(map(re.escape, r.months), key=len, reverse=True)) + r")\.?"
    weekday = "(" + "|".join(sorted(map(re.escape, r.weekdays), key=len, reverse=True)) + r")\.?"
    number = r"(\d+|" + "|".join(sorted(map(re.escape, r.numbers), key=len, reverse=True)) + ")"
    day = r"(\d{1,2})(?:st|nd|rd|th)?"
    year = r"(\d{4})"
    return _Patterns(
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


def parse_anchor(anchor: str | None) -> tuple[date, str] | None:
    """``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY`` -> (first day, precision); None when absent or bad."""
    if not anchor:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", anchor.strip()[:10])
    if not m:
        log.warning("ignoring an unreadable anchor date %r", anchor)
        return None
    try:
        y, mo, d = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
        prec = "day" if m.group(3) else "month" if m.group(2) else "year"
        return date(y, mo, d), prec
    except ValueError:
        log.warning("ignoring an impossible anchor date %r", anchor)
        return None


_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


def _enough(anchor: tuple[date, str] | None, unit: str) -> bool:
    return anchor is not None and unit in _PRECISION_RANK and _PRECISION_RANK[anchor[1]] >= _PRECISION_RANK[unit]


def _value(d: date, precision: str) -> str:
    if precision == "day":
        return d.isoformat()
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return f"{d.year:04d}"


def _shift(d: date, unit: str, n: int) -> date | None:
    """d moved by n units; None for units that have no calendar value in our contract (weeks), and
    for a result outside years 1..9999 ("7,000 years ago" is history, not a date we can state)."""
    try:
        if unit == "day":
            return d + timedelta(days=n)
        if unit == "month":
            months = d.year * 12 + d.month - 1 + n
            return date(months // 12, months % 12 + 1, 1)
        if unit == "year":
            return date(d.year + n, 1, 1)
    except (ValueError, OverflowError):
        return None
    return None


def _clean(text: str) -> str:
    s = text.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    s = CLOCK.sub(" ", s)  # a clock time never sets the date; left in, dateparser reads "14:38" as today
    s = re.sub(r"\s+", " ", s).strip(" ,;:()\"[]")
    s = re.sub(r"'s$", "", s).strip(" ,.")
    return s.rstrip(".")


def _strip_affixes(s: str, r: Rules) -> str:
    """Drop leading prepositions and TimeML modifiers until none is left ("at the end of last year")."""
    changed = True
    while changed and s:
        changed = False
        if s in r.relative or s in r.anaphoric:
            return s
        for p in r.prefixes + r.modifiers:
            if s.startswith(p) and len(s) > len(p) and (s[len(p)] in " -" or p.endswith("-")):
                s = s[len(p):].lstrip(" -")
                changed = True
                break
    return s


def _strip_time_of_day(s: str, r: Rules) -> str:
    words = s.split(" ")
    if len(words) > 1 and words[-1] in r.time_of_day and s not in r.relative:
        return " ".join(words[:-1])
    return s


def _number(tok: str, r: Rules) -> int | None:
    if tok.isdigit():
        return int(tok)
    return r.numbers.get(tok)


def _year_less(month: int, day: int | None, anchor: tuple[date, str] | None, future: bool) -> DateValue | None:
    """A month-day or month resolved against the anchor; ``--MM-DD`` / None without a usable one."""
    if day is not None:
        if not 1 <= day <= 31:
            return None
        if not _enough(anchor, "month"):
            if day > calendar.monthrange(2000, month)[1]:  # 2000 is a leap year: --02-29 exists
                return None
            return DateValue(f"--{month:02d}-{day:02d}", "day")
        a, prec = anchor  # type: ignore[misc]
        ref = a if prec == "day" else date(a.year, a.month, calendar.monthrange(a.year, a.month)[1])
        year = a.year
        try:
            cand = date(year, month, day)
        except ValueError:  # Feb 29 in a common anchor year: compare as Feb 28
            cand = date(year, month, day - 1)
        if not future and cand > ref + timedelta(days=FUTURE_TOLERANCE_DAYS):
            year -= 1
        elif future and cand < ref - timedelta(days=FUTURE_TOLERANCE_DAYS):
            year += 1
        try:
            return DateValue(date(year, month, day).isoformat(), "day")
        except ValueError:  # Feb 29 in a common year
            return None
    if not _enough(anchor, "month"):
        return None
    a = anchor[0]  # type: ignore[index]
    ahead = month - a.month  # months after the anchor's month within its year (negative: before)
    if future:
        year = a.year if ahead >= -MONTH_TOLERANCE else a.year + 1
    else:
        year = a.year if ahead <= MONTH_TOLERANCE else a.year - 1
    return DateValue(f"{year:04d}-{month:02d}", "month")


def _month(which: str | None, month: int, anchor: tuple[date, str] | None, future: bool) -> DateValue | None:
    """A month name alone; "last June" is the most recent June before the anchor's month."""
    if which is None:
        return _year_less(month, None, anchor, future)
    if not _enough(anchor, "month"):
        return None
    a = anchor[0]  # type: ignore[index]
    if which in ("last", "past", "previous"):
        year = a.year if month < a.month else a.year - 1
    elif which in ("next", "coming"):
        year = a.year if month > a.month else a.year + 1
    else:  # "this September": the one of the anchor's year
        year = a.year
    return DateValue(f"{year:04d}-{month:02d}", "month")


def _weekday(which: str | None, wd: int, anchor: tuple[date, str] | None, future: bool) -> DateValue:
    if not _enough(anchor, "day"):
        return DateValue(None, "unknown")
    a = anchor[0]  # type: ignore[index]
    back = (a.weekday() - wd) % 7
    ahead = (wd - a.weekday()) % 7
    if which in ("last", "past", "previous"):
        d = a - timedelta(days=back or 7)
    elif which in ("next", "coming", "following"):
        d = a + timedelta(days=ahead or 7)
    elif future or which == "this" and ahead and ahead < back:
        d = a + timedelta(days=ahead)
    else:
        d = a - timedelta(days=back)
    return DateValue(d.isoformat(), "day")


def _explicit(s: str, p: _Patterns, r: Rules) -> DateValue | None:
    """Dates that carry their own year: ISO, day-month-year, month-year, a bare year."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s):
        try:
            return DateValue(date(*map(int, m.groups())).isoformat(), "day")
        except ValueError:
            return None
    if m := re.fullmatch(r"(\d{4})-(\d{2})", s):
        if 1 <= int(m.group(2)) <= 12:
            return DateValue(s, "month")
    if m := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", s):
        a, b, y = map(int, m.groups())
        # Day-first and month-first are both common in English news; decide only when unambiguous.
        day, month = (a, b) if a > 12 else (b, a) if b > 12 else (None, None)
        if day is None or month is None or month > 12:
            return DateValue(None, "unknown")
        try:
            return DateValue(date(y, month, day).isoformat(), "day")
        except ValueError:
            return None
    for rx, order in ((p.dmy, "dmy"), (p.mdy, "mdy")):
        if m := rx.fullmatch(s):
            g = m.groups()
            d_, mon, y = (g[0], g[1], g[2]) if order == "dmy" else (g[1], g[0], g[2])
            try:
                return DateValue(date(int(y), r.months[mon], int(d_)).isoformat(), "day")
            except ValueError:
                return None
    if m := p.my.fullmatch(s):
        return DateValue(f"{int(m.group(2)):04d}-{r.months[m.group(1)]:02d}", "month")
    if m := re.fullmatch(r"(?:the )?(?:year |fiscal |fiscal year |calendar year )?(\d{4})", s):
        if 1000 <= int(m.group(1)) <= 2999:
            return DateValue(m.group(1), "year")
    if (year := _spelled_year(s, r)) is not None:
        return DateValue(f"{year:04d}", "year")
    return None


def _spelled_year(s: str, r: Rules) -> int | None:
    """Years as broadcast transcripts write them: "nineteen ninety-six", "the year two thousand"."""
    named_year = re.match(r"(?:the )?year ", s) is not None
    words = re.sub(r"^(?:the )?(?:year )?", "", s).replace("-", " ").split(" ")
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        if not rest and not named_year:
            return None  # "two thousand" alone is a count more often than a year
        n = sum(r.numbers.get(w, 100) for w in rest)
        return 2000 + n if n < 100 else None
    if len(words) in (2, 3) and words[0] in ("nineteen", "eighteen", "twenty"):
        tail = [r.numbers.get(w) for w in words[1:]]
        if None in tail or not 10 <= tail[0] <= 99 or len(tail) == 2 and (tail[0] % 10 or tail[1] > 9):
            return None
        return r.numbers[words[0]] * 100 + sum(tail)  # type: ignore[arg-type]
    return None


def normalize(text: str, anchor: str | None, *, future: bool = False,
              reference: str | None = None) -> DateValue:
    """One temporal expression against an anchor (the publication date, ``YYYY[-MM[-DD]]`` or None).

    ``future`` says the sentence points forward (see module docstring); ``reference`` is the
    narrative reference date for anaphoric expressions (defaults to the anchor).
    """
    try:
        value, _ = _normalize(text, anchor, future, reference)
    except (ValueError, OverflowError):  # a value beyond the calendar (year 0, year 12000): no date
        return DateValue(None, "unknown", text)
    return DateValue(value.value, value.precision, text)


@lru_cache(maxsize=65536)
def _normalize(text: str, anchor: str | None, future: bool, reference: str | None) -> tuple[DateValue, str]:
    """(value, how) — ``how`` names the rule family, which sets the mention's confidence."""
    r, p = load_rules(), patterns()
    anc = parse_anchor(anchor)
    s = _clean(text)
    unknown = DateValue(None, "unknown")
    if not s:
        return unknown, "unresolved"
    if m := p.weekday_prefix.fullmatch(s):  # "Sunday, April 14" / "Tuesday, Oct. 3, 2000"
        rest = _normalize(m.group(2), anchor, future, reference)
        if rest[0].value is not None:
            return rest
    s = _strip_time_of_day(_strip_affixes(s, r), r)
    s = _strip_affixes(s, r)
    if (v := _explicit(s, p, r)) is not None:
        return v, "explicit" if v.value else "unresolved"
    if m := p.month_rel_year.fullmatch(s):  # "August of last year"
        year_phrase = m.group(2) + " year"
        unit, n = r.relative.get(year_phrase) or r.anaphoric.get(year_phrase) or ("year", 0)
        base = anc if year_phrase in r.relative else (parse_anchor(reference) or anc)
        if not _enough(base, "year"):
            return unknown, "unresolved"
        year = base[0].year + n  # type: ignore[index]
        return DateValue(f"{year:04d}-{r.months[m.group(1)]:02d}", "month"), "relative"
    for rx, di, mi in ((p.md, 2, 1), (p.dm, 1, 2)):
        if m := rx.fullmatch(s):
            v = _year_less(r.months[m.group(mi)], int(m.group(di)), anc, future)
            return (v, "year_less") if v and v.value else (unknown, "unresolved")
    if m := p.month_only.fullmatch(s):
        v = _month(m.group(1), r.months[m.group(2)], anc, future)
        return (v, "year_less") if v else (unknown, "unresolved")
    if s in r.holidays:
        v = _year_less(*r.holidays[s], anc, future)
        return (v, "year_less") if v and v.value else (unknown, "unresolved")
    if m := p.weekday_re.fullmatch(s):
        v = _weekday(m.group(1), r.weekdays[m.group(2)], anc, future)
        return v, "weekday" if v.value else "unresolved"
    if s in r.relative:
        unit, n = r.relative[s]
        if not _enough(anc, unit):
            return unknown, "unresolved"
        d = _shift(anc[0], unit, n)  # type: ignore[index]
        return (DateValue(_value(d, unit), unit), "relative") if d else (unknown, "unresolved")
    if s in r.anaphoric:
        unit, n = r.anaphoric[s]
        base = parse_anchor(reference) or anc
        if not _enough(base, unit):
            return unknown, "unresolved"
        d = _shift(base[0], unit, n)  # type: ignore[index]
        return (DateValue(_value(d, unit), unit), "anaphoric") if d else (unknown, "unresolved")
    if m := p.ago.fullmatch(s):
        n, unit = _number(m.group(1), r), m.group(2)
        if n is None or not _enough(anc, unit):
            return unknown, "unresolved"
        d = _shift(anc[0], unit, -n)  # type: ignore[index]
        return (DateValue(_value(d, unit), unit), "relative") if d else (unknown, "unresolved")
    if m := p.shifted.fullmatch(s):
        n, unit = _number(m.group(1), r), m.group(2)
        base = parse_anchor(reference) or anc
        if n is None or not _enough(base, unit):
            return unknown, "unresolved"
        sign = -1 if m.group(3) in ("earlier", "before", "previously") else 1
        d = _shift(base[0], unit, sign * n)  # type: ignore[index]
        return (DateValue(_value(d, unit), unit), "anaphoric") if d else (unknown, "unresolved")
    if _is_set_or_duration(s, r, p):
        return unknown, "unresolved"
    return _dateparser(s, anc, p)


def _is_set_or_duration(s: str, r: Rules, p: _Patterns) -> bool:
    words = s.split(" ")
    if words[0] in r.set_cues or s in r.set_cues or any(s.endswith(" " + c) for c in r.set_cues if " " in c):
        return True
    if re.search(r"\b(1\d|20)\d0'?s\b|\bdecades?\b|\bcentury\b|'\d0s\b", s):  # decades: no value in our contract
        return True
    return bool(p.duration.search(s)) or words[0] in r.duration_cues


@lru_cache(maxsize=256)
def _date_parser(base: datetime):  # noqa: ANN202 - dateparser has no public type for it
    """One parser per anchor (RELATIVE_BASE is a setting); about 15 ms to build, so cached."""
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={"PREFER_DATES_FROM": "past", "RELATIVE_BASE": base,
                                                      "RETURN_TIME_AS_PERIOD": False})


def _dateparser(s: str, anc: tuple[date, str] | None, p: _Patterns) -> tuple[DateValue, str]:
    """The fallback for formats the rules miss; never fills missing parts from today's date.

    dateparser fills the parts a text lacks from RELATIVE_BASE, so its result is kept only for the
    parts it says it read (``DateData.parts``), and relative readings only with a day anchor.
    """
    unknown = DateValue(None, "unknown")
    if not re.search(r"\d|" + p.month + "|" + p.weekday, s):
        return unknown, "unresolved"  # words dateparser would read as "now" or as a date by luck
    base = datetime.combine(anc[0], datetime.min.time()) if anc else datetime(2000, 1, 1)
    try:
        data = _date_parser(base).get_date_data(s)
    except (ValueError, OverflowError, TypeError):
        return unknown, "unresolved"
    if data is None or data.date_obj is None:
        return unknown, "unresolved"
    parts = set(data.parts or ())
    d = data.date_obj.date()
    if "year" in parts:
        prec = "day" if {"month", "day"} <= parts else "month" if "month" in parts else "year"
        return DateValue(_value(d, prec), prec), "dateparser"
    if {"month", "day"} <= parts:
        v = _year_less(d.month, d.day, anc, False)
        return (v, "dateparser") if v and v.value else (unknown, "unresolved")
    if not parts and _enough(anc, "day") and data.period in _PRECISION_RANK:  # relative ("2 days ago")
        return DateValue(_value(d, data.period), data.period), "dateparser"
    return unknown, "unresolved"


# --- the stage -----------------------------------------------------------------------------------


def add_to_pipeline(nlp: Language) -> None:
    """Add the newsgraph_dates component (after ner); writes ``doc.spans[SPANS_KEY]``, not doc.ents."""
    from newsgraph.components import dates as component  # registers the factory

    if component.FACTORY not in nlp.pipe_names:
        nlp.add_pipe(component.FACTORY, last=True, config={"spans_key": SPANS_KEY})


def _future(span: Span, r: Rules) -> bool:
    """Whether the clause around the span points forward ("will meet on Sunday", "scheduled for")."""
    tok = span.root
    for _ in range(4):
        if tok.lemma_.lower() in r.future_cues and tok.pos_ in ("VERB", "AUX", "ADJ"):
            return True
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in r.future_cues for c in tok.children):
            return True
        if tok.head is tok:
            break
        tok = tok.head
    return False


def date_spans(doc: Doc) -> list[Span]:
    """The spans the component found, or found now when the doc did not go through it."""
    if SPANS_KEY in doc.spans:
        return list(doc.spans[SPANS_KEY])
    from newsgraph.components.dates import find_date_spans

    return find_date_spans(doc)


RANGE_GAP = re.compile(r"\s*(?:-|\u2013|\u2014|to|and|through|until|till|or)\s*", re.I)


def _mentions(doc: Doc, article_id: str, anchor: str | None) -> list[DateMention]:
    r = load_rules()
    out: list[DateMention] = []
    hows: list[str] = []
    reference: str | None = None
    text = doc.text  # built once: spaCy joins every token on each access
    for span in date_spans(doc):
        value, how = _normalize(span.text, anchor, _future(span, r), reference)
        if out and how == "explicit" and hows[-1] in ("year_less", "unresolved"):
            _borrow_year(out[-1], hows, text, span.start_char, value)
        if value.precision == "day" and value.value and not value.value.startswith("--"):
            reference = value.value
        out.append(DateMention(evidence=Evidence(article_id, span.start_char, span.end_char),
                               text=span.text, value=value.value, precision=value.precision,
                               confidence=CONFIDENCE[how]))
        hows.append(how)
    return out


def _borrow_year(prev: DateMention, hows: list[str], text: str, start: int, value: DateValue) -> None:
    """The first end of a range takes the year of the second: "from March to May 2011" -> 2011-03."""
    if not value.value or not RANGE_GAP.fullmatch(text[prev.evidence.end:start]):
        return
    borrowed, how = _normalize(f"{prev.text} {value.value[:4]}", None, False, None)
    if how == "explicit" and borrowed.value:
        prev.value, prev.precision, prev.confidence = borrowed.value, borrowed.precision, CONFIDENCE[how]
        hows[-1] = how


def extract_dates(doc: Doc, article: Article) -> list[DateMention]:
    """Every temporal expression in the article's doc, in text order, normalised to its publication date."""
    return _mentions(doc, article.id, article.published)


def find_dates(text: str, anchor: str | None) -> list[DateMention]:
    """The same as extract_dates on plain text (evaluation); the evidence's article id is "".

    Runs the shared cached base model and finds the spans the way the component does, so no second
    model is loaded and the shared one is not changed.
    """
    from newsgraph.nlp import base_model

    return _mentions(base_model()(text), "", anchor)
