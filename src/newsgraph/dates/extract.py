"""The dates stage over a parsed article: every temporal expression the component found, in text order,
with its value (normalize.py) and a confidence by the rule family that resolved it.

Two things need the whole article rather than one expression: an anaphoric expression ("a day
earlier") counts from the last day resolved before it, and the first end of a range takes the year of
the second ("from March to May 2011").
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from newsgraph.dates.component import SPANS_KEY, find_date_spans
from newsgraph.dates.normalize import value_and_rule
from newsgraph.dates.rules import Rules, load_rules, range_gap
from newsgraph.records import Article, DateMention, DateValue, Evidence
from newsgraph.syntax import doc_text

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
    return find_date_spans(doc)


def date_mentions(doc: Doc, article_id: str, anchor: str | None) -> list[DateMention]:
    """Every date mention of ``doc`` normalised against ``anchor`` (YYYY[-MM[-DD]] or None)."""
    r = load_rules()
    out: list[DateMention] = []
    hows: list[str] = []
    reference: str | None = None
    text = doc_text(doc)
    for span in date_spans(doc):
        value, how = value_and_rule(span.text, anchor, _future(span, r), reference)
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
    if not value.value or not range_gap().fullmatch(text[prev.evidence.end:start]):
        return
    borrowed, how = value_and_rule(f"{prev.text} {value.value[:4]}", None, False, None)
    if how == "explicit" and borrowed.value:
        prev.value, prev.precision, prev.confidence = borrowed.value, borrowed.precision, CONFIDENCE[how]
        hows[-1] = how


def extract_dates(doc: Doc, article: Article) -> list[DateMention]:
    """Every temporal expression in the article's doc, in text order, normalised to its publication date."""
    return date_mentions(doc, article.id, article.published)

