"""Dates: temporal expressions in news text, normalised against the publication date.

Why a stage of its own: events, relations and the timeline need calendar values, and news states
most of them relative to the day it was written ("on Sunday", "last month", "Feb. 26"). The
spaCy component (component.py) finds the spans; this module gives each a value:

* ``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY`` with precision day / month / year;
* ``--MM-DD`` (precision day) for a year-less date when there is no usable anchor: the year is
  never invented and today's date is never used;
* ``None`` with precision ``unknown`` for what is not a calendar point (durations such as
  "two days", sets such as "every week", weeks, decades, seasons, quarters) or cannot be resolved
  (relative expressions without an anchor). Durations and sets are *found* (kept as mentions with
  value None) rather than skipped: later stages and the evaluation need to know the text is
  temporal, and TimeML gold annotates them as TIMEX3 too.

Resolution order: our own rules (dates/data/date_rules.tsv plus the explicit formats below), then
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
import logging
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from newsgraph.dates.rules import CLOCK, DatePatterns, Rules, load_rules, patterns
from newsgraph.records import DateValue

log = logging.getLogger(__name__)

# A year-less date up to this many days after the anchor keeps the anchor's year (papers announce
# what happens in the coming weeks); further ahead it is read as last year's. Chosen on the
# TimeBank + AQUAINT gold in context (0/7/14/31/62/92/183 compared: 62 and 92 tie at the top,
# +3.0 / +1.7 points over 7; the smaller is safer).
FUTURE_TOLERANCE_DAYS = 62
# The same for a month alone ("in June"), in months: 0 = the most recent such month not after the
# anchor's month, as news is told in the past. 1-3 measured +0.5 point on the gold above; we keep 0.
MONTH_TOLERANCE = 0


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


def _explicit(s: str, p: DatePatterns, r: Rules) -> DateValue | None:
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
    value, _ = value_and_rule(text, anchor, future, reference)
    return DateValue(value.value, value.precision, text)


@lru_cache(maxsize=65536)
def value_and_rule(text: str, anchor: str | None, future: bool, reference: str | None) -> tuple[DateValue, str]:
    """(value, how) — ``how`` names the rule family, which sets the mention's confidence. A value the
    calendar refuses (before year 1, after 9999: "7,000 years ago") is unresolved, never an error."""
    try:
        return _value_and_rule(text, anchor, future, reference)
    except (ValueError, OverflowError):
        return DateValue(None, "unknown"), "unresolved"


def _value_and_rule(text: str, anchor: str | None, future: bool, reference: str | None) -> tuple[DateValue, str]:
    r, p = load_rules(), patterns()
    anc = parse_anchor(anchor)
    s = _clean(text)
    unknown = DateValue(None, "unknown")
    if not s:
        return unknown, "unresolved"
    if m := p.weekday_prefix.fullmatch(s):  # "Sunday, April 14" / "Tuesday, Oct. 3, 2000"
        rest = value_and_rule(m.group(2), anchor, future, reference)
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


def _is_set_or_duration(s: str, r: Rules, p: DatePatterns) -> bool:
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


def _dateparser(s: str, anc: tuple[date, str] | None, p: DatePatterns) -> tuple[DateValue, str]:
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

