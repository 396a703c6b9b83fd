"""Timeline recall: does a store hold, for each day of a journalist's timeline, an event of that day
whose evidence sentence says what the timeline says?

The rule (chosen on the four pre-built realnews stores, see docs/EVALUATION.md, "realnews"):

- a gold day ``d`` is recalled when the store has an event (not negated; the task drops those) dated
  to the day within ``d ± WINDOW_DAYS`` whose evidence sentence shares content words with one of the
  gold sentences of ``d`` weighing at least ``MIN_SHARED_IDF``;
- content words: letters-only words of 3+ letters and numbers of 2+ digits, stop words and reporting
  words removed, folded by a light suffix rule (``killed`` / ``kills`` -> ``kill``);
- weight: IDF over every article of the corpus file (not only the subset built), so the rule is the
  same at any ``--limit``; "Syria", "protest" or "Assad" weigh little in a Syrian corpus, "Marjeh" or
  "cabinet" much;
- the control shifts every gold day by ``CONTROL_SHIFT_DAYS`` (backwards when forwards would leave the
  span the corpus covers) and applies the same rule: content that only matches because it is generic
  matches the shifted day as well. Recall must beat the control by far, or the measure says nothing.

Only gold days inside the span of the built articles' publication dates are scored (a timeline may
list days the corpus has no article near); both counts are reported.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from newsgraph.evaluation.read_timeline17 import Timeline

WINDOW_DAYS = 1
CONTROL_SHIFT_DAYS = 30
# Weighted overlap for a match. Measured on the full pre-built stores (recall / control): 6 ->
# Iraq 0.21 / 0.02, BBC 0.62 / 0.00, Reuters tl2.3 0.30 / 0.03; 8 -> 0.17 / 0.01, 0.54 / 0.00,
# 0.27 / 0.00; 4 let generic pairs ("security forces") through. With ~300 articles, 6 is two words
# that occur in at most ~5 % of them, or three in at most ~13 %.
MIN_SHARED_IDF = 6.0
REPORTING = frozenset({"said", "says", "say", "told", "tell", "report", "reported", "reports", "people",
                       "also", "year", "day", "week", "month", "time", "according"})
_WORD = re.compile(r"[A-Za-z]+|\d{2,}")
_SUFFIXES = (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("xes", "x"))


def fold(word: str) -> str:
    """A light suffix rule (not a stemmer): plural -s/-es/-ies, -ed, -ing."""
    w = word.lower()
    for suffix, repl in _SUFFIXES:
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            return w[: -len(suffix)] + repl
    if w.endswith("ing") and len(w) > 5:
        return w[:-3]
    if w.endswith("ed") and len(w) > 4:
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def content_words(text: str) -> frozenset[str]:
    return frozenset(fold(w) for w in _WORD.findall(text)
                     if w.lower() not in STOP_WORDS and w.lower() not in REPORTING and (len(w) > 2 or w.isdigit()))


@dataclass(slots=True)
class Idf:
    n_docs: int
    df: Counter

    @classmethod
    def of(cls, texts: Iterable[str]) -> Idf:
        df: Counter = Counter()
        n = 0
        for t in texts:
            n += 1
            df.update(content_words(t))
        return cls(n, df)

    def __call__(self, word: str) -> float:
        return math.log((self.n_docs + 1) / (self.df.get(word, 0) + 1))


def events_by_day(dated: Iterable[tuple[str, str]]) -> dict[dt.date, list[frozenset[str]]]:
    """(YYYY-MM-DD, evidence sentence) pairs -> day -> content words of each sentence."""
    out: dict[dt.date, list[frozenset[str]]] = defaultdict(list)
    for value, sentence in dated:
        try:
            day = dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            continue
        out[day].append(content_words(sentence))
    return out


def _hit(day: dt.date, gold: list[frozenset[str]], by_day: dict, idf: Idf) -> bool:
    for k in range(-WINDOW_DAYS, WINDOW_DAYS + 1):
        for sent in by_day.get(day + dt.timedelta(days=k), ()):
            for g in gold:
                if sum(idf(w) for w in g & sent) >= MIN_SHARED_IDF:
                    return True
    return False


def recall(timeline: Timeline, by_day: dict, idf: Idf, span: tuple[dt.date, dt.date] | None) -> dict:
    """Recall of ``timeline`` over its days inside ``span``, the control, and their ratio."""
    entries = [e for e in timeline.entries if span is None or span[0] <= e.day <= span[1]]
    hits = control = control_in_span = 0
    shift = dt.timedelta(days=CONTROL_SHIFT_DAYS)
    for e in entries:
        gold = [content_words(s) for s in e.sentences]
        hits += _hit(e.day, gold, by_day, idf)
        moved = e.day + shift
        if span is not None and moved > span[1] and e.day - shift >= span[0]:
            moved = e.day - shift
        control_in_span += span is None or span[0] <= moved <= span[1]
        control += _hit(moved, gold, by_day, idf)
    n = len(entries)
    r = hits / n if n else None
    c = control / n if n else None
    return {"gold_days": len(timeline.entries), "days_in_span": n, "recalled": hits, "recall": r,
            "control_recalled": control, "control_recall": c, "control_days_in_span": control_in_span,
            "ratio": (r / c if c else None) if r is not None else None}
