"""When an event happened, honestly: the date in its sentence or context, else the publication date as an
upper bound, else nothing.

Order (issue 12): a date in the event's sentence (the one nearest the trigger) -> ``explicit``; a date in
the sentence before it, same paragraph -> ``context``; the article's publication date as "on or before"
-> ``publication`` (ACLED ``time_precision`` 3); none when the article has no date either. A reported
(not hypothetical) event is never dated after its article: a later date in its sentence is a plan or a
misreading, and the event falls back to the publication bound. ACLED codes (the export contract's
Additions): 1 a day, 2 a week (approximate), 3 a month, a year or "on or before".
"""
from __future__ import annotations

from datetime import date

from spacy.tokens import Span, Token

from newsgraph.records import Article, DateMention, DateValue

TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
PUBLICATION_PRECISION = 3  # ACLED: the event happened on or before this date
# Background history: an event dated more than this many days before its article is told as history,
# not reported (ACLED and GDELT code the news of the day). Chosen as the "more than a year".
HISTORY_DAYS = 365


def _day(value: str | None) -> date | None:
    """The first day a YYYY[-MM[-DD]] value can mean; None for year-less or unreadable values."""
    if not value or value.startswith("--"):
        return None
    parts = value.split("-")
    try:
        return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def after_publication(value: str | None, published: str | None) -> bool:
    """True when ``value`` starts after the article's date (compared at the coarser of the two)."""
    d, p = _day(value), _day(published)
    if d is None or p is None:
        return False
    n = min(len(value or ""), len(published or ""))
    return (value or "")[:n] > (published or "")[:n]


def is_history(value: str | None, published: str | None) -> bool:
    """True when ``value`` ends more than HISTORY_DAYS before the publication date."""
    d, p = _day(value), _day(published)
    if d is None or p is None:
        return False
    # the last day a coarse value can mean: a year ends on Dec 31, a month roughly 30 days on
    end = date(d.year, 12, 31) if len(value) == 4 else d
    return (p - end).days > HISTORY_DAYS


def _in(span: Span, dates: list[DateMention]) -> list[DateMention]:
    return [d for d in dates if span.start_char <= d.evidence.start and d.evidence.end <= span.end_char and d.value
            and not d.value.startswith("--")]


def when(sent: Span, prev: Span | None, same_paragraph: bool, heads: list[Token], dates: list[DateMention],
         article: Article, hypothetical: bool) -> tuple[DateValue, str, int | None]:
    """(date, basis, ACLED time_precision) of an event reported by ``sent``."""
    own = _in(sent, dates)
    cands: list[tuple[DateMention, str]] = []
    if own:
        anchor = heads[0].idx if heads else sent.start_char
        cands.append((min(own, key=lambda d: abs(d.evidence.start - anchor)), "explicit"))
    if prev is not None and same_paragraph and (earlier := _in(prev, dates)):
        cands.append((earlier[-1], "context"))
    for d, basis in cands:
        if not hypothetical and after_publication(d.value, article.published):
            continue  # a reported event is never later than its article
        return DateValue(d.value, d.precision, d.text), basis, TIME_PRECISION.get(d.precision)
    if article.published and _day(article.published) is not None:
        prec = {10: "day", 7: "month", 4: "year"}.get(len(article.published), "unknown")
        return DateValue(article.published, prec, None), "publication", PUBLICATION_PRECISION
    return DateValue(None, "unknown"), "none", None
