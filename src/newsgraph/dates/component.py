"""The ``newsgraph_dates`` spaCy component: finds temporal expressions and stores them in doc.spans.

Why not just doc.ents: en_core_web_sm misses bare weekdays and AP-style dates ("Sept. 19") now
and then, tags "Sunday night" as TIME, glues ranges into one entity ("between 2011 and 2014") and
sometimes pulls a preposition into the span. This component starts from the model's DATE
entities (and TIME entities that name a day), adds what a few regexes built from
dates/data/date_rules.tsv find in the text, merges overlaps, trims what is not part of the expression
and splits ranges (the words that join and open a range are rows of that table too). It writes
``doc.spans[spans_key]`` only and never changes ``doc.ents``, so the actors and places stages see the
model's entities untouched.

The factory is registered by :func:`register` (called by ``nlp.register_factories`` and
:func:`add_to_pipeline`), never as a side effect of importing this module.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from newsgraph.dates.rules import Rules, load_rules
from newsgraph.syntax import doc_text

FACTORY = "newsgraph_dates"
SPANS_KEY = "newsgraph_dates"  # the doc.spans key the component writes (its default config)
# A merged span longer than this many tokens is a tagging accident, not one expression; the
# longest calendar expressions in the TimeBank/AQUAINT gold are 8 tokens.
MAX_SPAN_TOKENS = 10


@lru_cache(maxsize=1)
def _text_pattern() -> re.Pattern[str]:
    """Formats the model misses now and then, as one alternation compiled once per process."""
    r = load_rules()
    months = [m for m in r.months if len(m) > 3 or m == "may"]
    abbrevs = [m for m in r.months if len(m) <= 4 and m != "may"]
    month = "(?:" + "|".join(m.capitalize() for m in sorted(months, key=len, reverse=True))
    month += "|" + "|".join(a.capitalize() + r"\." for a in sorted(abbrevs, key=len, reverse=True)) + ")"
    weekdays = "|".join(w.capitalize() for w in r.weekdays if len(w) > 4)
    tod = "|".join(sorted(r.time_of_day, key=len, reverse=True))
    day = r"\d{1,2}(?:st|nd|rd|th)?"
    parts = [
        rf"\b{month} {day}(?:,? \d{{4}})?\b",  # Sept. 19 / April 4, 2019
        rf"\b{day} {month}(?: \d{{4}})?\b",  # 19 September 2019
        rf"\b(?:{weekdays})\b(?: (?:{tod})\b)?",  # Sunday / Sunday night
        r"\b\d{4}-\d{2}-\d{2}\b",  # ISO
        r"\b\d{1,2}/\d{1,2}/\d{4}\b",  # numeric
        r"\b(?:[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow)\b",
    ]
    return re.compile("|".join(parts))


def _dateish(token_text: str, r: Rules) -> bool:
    t = token_text.lower().rstrip(".")
    return (t in r.months or t in r.weekdays or t in r.relative
            or bool(re.fullmatch(r"(1\d|20)\d\d'?s?", t)))


# Ages are DATE entities for the model ("a 52-year-old", "52 years old") but no time expression;
# a bare number under 1000 is an age or a count more often than a year.
AGE = re.compile(r"(?i)^(?:aged? )?[\w.]+[- ]years?[- ]old$|^\d{1,3}$")


def _trim(span: Span, r: Rules) -> Span | None:
    """Drop leading prepositions and hedges and trailing possessives/punctuation; None for non-dates."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in r.prefixes and doc[start].lower_ not in r.range_openers
                           or doc[start].is_punct
                           or doc[start].lower_ in r.trim_lead and start + 1 < end
                           and doc[start + 1].lower_ in ("this", "last", "next", "that", "the")):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "\u2019s")):
        end -= 1
    if start >= end or end - start > MAX_SPAN_TOKENS:
        return None
    out = doc[start:end]
    if out.text.lower() in r.reject or AGE.match(out.text) or _labelled_number(out, r):
        return None
    return out


def _labelled_number(span: Span, r: Rules) -> bool:
    """A bare number that a noun before it names ("Resolution 1973", "flight 370", "Route 66",
    "No. 1559"): an identifier, not a year (the nouns are ``number_label`` rows of date_rules.tsv)."""
    if len(span) != 1 or not span[0].like_num or span.start == 0:
        return False
    prev = span.doc[span.start - 1]
    return prev.lower_.rstrip(".") in r.number_labels or prev.lower_ in r.number_labels


def _merge(spans: list[Span]) -> list[Span]:
    """Overlapping candidates become their union, in text order."""
    out: list[Span] = []
    for sp in sorted(spans, key=lambda s: (s.start, -s.end)):
        if out and sp.start < out[-1].end:
            prev = out[-1]
            out[-1] = sp.doc[prev.start:max(prev.end, sp.end)]
        else:
            out.append(sp)
    return out


def _split_range(span: Span, r: Rules) -> list[Span]:
    """"between 2011 and 2014" -> "2011", "2014" when both ends name a date on their own."""
    toks = list(span)
    for i, tok in enumerate(toks[1:-1], start=1):
        if tok.lower_ not in r.range_connectors:
            continue
        left_start = 1 if toks[0].lower_ in r.range_openers else 0
        left, right = toks[left_start:i], toks[i + 1:]
        if left and right and any(_dateish(t.text, r) for t in left) and any(_dateish(t.text, r) for t in right):
            doc = span.doc
            return [doc[span.start + left_start:span.start + i], doc[span.start + i + 1:span.end]]
    if toks[0].lower_ in r.range_openers and len(toks) > 1:
        return [span.doc[span.start + 1:span.end]]
    return [span]


def find_date_spans(doc: Doc) -> list[Span]:
    """Temporal expression spans of a parsed doc, in text order (pure; used by the component)."""
    r = load_rules()
    cands: list[Span] = []
    for ent in doc.ents:
        if ent.label_ == "DATE" or ent.label_ == "TIME" and any(_dateish(t.text, r) for t in ent):
            if (sp := _trim(ent, r)) is not None:
                cands.append(sp)
    for m in _text_pattern().finditer(doc_text(doc)):
        sp = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if sp is not None and not _labelled_number(sp, r):
            cands.append(sp)
    out: list[Span] = []
    for sp in _merge(cands):
        out.extend(s for s in _split_range(sp, r) if len(s) and any(c.isalnum() for c in s.text))
    return out


class DateSpanFinder:
    """Writes the temporal expression spans of each doc to ``doc.spans[spans_key]``."""

    def __init__(self, spans_key: str) -> None:
        self.spans_key = spans_key
        load_rules()
        _text_pattern()

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[self.spans_key] = find_date_spans(doc)
        return doc


def make_date_span_finder(nlp: Language, name: str, spans_key: str) -> DateSpanFinder:
    """spaCy factory: ``nlp.add_pipe("newsgraph_dates")``."""
    return DateSpanFinder(spans_key)


def register() -> None:
    """Register the ``newsgraph_dates`` factory with spaCy (once; later calls do nothing)."""
    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, default_config={"spans_key": SPANS_KEY}, assigns=["doc.spans"],
                         requires=["doc.ents"], func=make_date_span_finder)


def add_to_pipeline(nlp: Language) -> None:
    """Add the component (after ner); it writes ``doc.spans[SPANS_KEY]``, not doc.ents."""
    register()
    if FACTORY not in nlp.pipe_names:
        nlp.add_pipe(FACTORY, last=True, config={"spans_key": SPANS_KEY})
