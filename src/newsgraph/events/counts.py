"""Casualty counts: turn "at least six", "nearly 600", "a dozen" into numbers, and find them in a sentence.

News reports casualties as number phrases with bounds ("more than 150 people have been killed") and
the export contract wants an integer (the lower bound where the text says so). :func:`parse_count`
reads one number phrase; :func:`extract_counts` finds the phrase attached to each casualty word of a
parsed sentence (killed, injured, displaced, kidnapped) through the dependency tree, not by proximity
alone. The casualty words themselves are data (rows with role ``casualty`` in
``events/data/event_triggers.tsv``); the English number words below are grammar, not a lexicon of the domain.
"""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from newsgraph.events.cues import casualty_cues

# -- English number grammar -------------------------------------------------------------------------------
UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# Collective nouns with a definite size ("a dozen people" = 12, "a score" = 20).
COLLECTIVES = {"dozen": 12, "score": 20}
# Plural vague quantities: "dozens" means at least two dozen, "hundreds" at least two hundred; reported as
# lower bounds (the export contract stores the lower bound), never as a guessed total.
VAGUE_PLURALS = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2_000, "millions": 2_000_000}
# Quantities with no number at all: reported as (None, "vague").
VAGUE_WORDS = {"several", "many", "numerous", "some", "few", "a few", "a number of", "unknown"}

# Bound qualifiers, longest first when matched. "nearly 600" and "up to seven" are upper bounds;
# "at least six" / "more than 150" lower bounds; "some 13,600" / "about 40" approximate.
QUALIFIERS: tuple[tuple[str, str], ...] = (
    ("at least", "lower-bound"), ("more than", "lower-bound"), ("over", "lower-bound"),
    ("upwards of", "lower-bound"), ("in excess of", "lower-bound"), ("no fewer than", "lower-bound"),
    ("no less than", "lower-bound"), ("as many as", "upper-bound"), ("up to", "upper-bound"),
    ("at most", "upper-bound"), ("nearly", "upper-bound"), ("almost", "upper-bound"),
    ("fewer than", "upper-bound"), ("less than", "upper-bound"), ("under", "upper-bound"),
    ("close to", "upper-bound"), ("about", "approximate"), ("around", "approximate"),
    ("some", "approximate"), ("roughly", "approximate"), ("approximately", "approximate"),
    ("an estimated", "approximate"), ("estimated", "approximate"), ("nearly a", "upper-bound"),
)

_QUALIFIER_WORDS = frozenset(q for q, _ in QUALIFIERS)
_CLEAN = re.compile(r"[\"'“”‘’()\[\]]")
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+(?:\.\d+)?$")


def _word_value(words: list[str]) -> tuple[int | None, int]:
    """Value of the number words at the start of ``words`` and how many words it used."""
    total, current, used, seen = 0, 0, 0, False
    for i, w in enumerate(words):
        if _DIGITS.match(w):
            if seen and current and not (i and words[i - 1] in SCALES):
                break
            current += float(w.replace(",", ""))
        elif w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w in COLLECTIVES and (seen or i == 0 or words[i - 1] in {"a", "one", "half"}):
            current = (current or 1) * COLLECTIVES[w]
        elif w in SCALES and (seen or words[i - 1:i] == ["a"]):
            scale = SCALES[w]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
        elif w == "and" and seen and i + 1 < len(words) and (words[i + 1] in UNITS or words[i + 1] in TENS):
            used = i + 1
            continue
        elif w == "a" and not seen and i + 1 < len(words) and (words[i + 1] in COLLECTIVES
                                                                or words[i + 1] in SCALES):
            continue
        else:
            break
        seen = True
        used = i + 1
    if not seen:
        return None, 0
    return int(round(total + current)), used


def parse_count(text: str) -> tuple[int | None, str]:
    """(number, qualifier) of one number phrase; qualifier is exact, lower-bound, upper-bound,
    approximate or vague. Trailing words ("people", "civilians") are ignored.

    >>> parse_count("at least six")
    (6, 'lower-bound')
    """
    s = _CLEAN.sub(" ", text.lower()).replace("-", " ").replace("\u2013", " ")
    words = [w.strip(".,;:") for w in s.split()]
    words = [w for w in words if w]
    qualifier = "exact"
    for phrase, kind in sorted(QUALIFIERS, key=lambda q: -len(q[0])):
        parts = phrase.split()
        if words[: len(parts)] == parts:
            rest = words[len(parts):]
            value, used = _word_value(rest)
            if value is not None or phrase in VAGUE_WORDS:
                qualifier, words = kind, rest
            break
    if words and words[0] in VAGUE_PLURALS:
        # "dozens of people", "hundreds": lower bound of the plural, whatever qualifier preceded it
        return VAGUE_PLURALS[words[0]], "lower-bound"
    value, used = _word_value(words)
    if value is None:
        if " ".join(words[:3]).startswith(tuple(VAGUE_WORDS)):
            return None, "vague"
        return None, "none"
    if qualifier == "exact" and used and words[0] == "a" and words[1:2] and words[1] in COLLECTIVES:
        qualifier = "approximate"  # "a dozen people" is a round figure
    return value, qualifier


# -- finding counts in a sentence -------------------------------------------------------------------------

NUMBER_LEMMAS = set(UNITS) | set(TENS) | set(COLLECTIVES) | set(VAGUE_PLURALS) | {"hundred", "thousand"}
# Entity labels whose numbers are never head counts ("Sept. 19", "$80 million", "5 percent").
NON_COUNT_ENTS = {"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY", "CARDINAL_YEAR"}
# How far left of a casualty word a bare number may stand when the parse gives no link ("and ten
# wounded" is parsed as a subject in spaCy 3.8 but "ten others wounded" sometimes is not): 4 tokens
# covered every such case in the seed articles and the CASE-2021 dev snippets we inspected.
LEFT_WINDOW = 4


def _is_number(tok: Token) -> bool:
    if tok.ent_type_ in NON_COUNT_ENTS:
        return False
    low = tok.lower_
    return tok.like_num or low in NUMBER_LEMMAS or tok.pos_ == "NUM" and any(c.isdigit() for c in low)


def _number_in(np_head: Token) -> Token | None:
    """The number token that quantifies a noun phrase head (the head itself when it is a number)."""
    if _is_number(np_head):
        return np_head
    for child in np_head.children:
        if child.dep_ in {"nummod", "quantmod", "amod", "compound"} and _is_number(child):
            return child
    return None


def _phrase(num: Token) -> str:
    """The number with its qualifiers ("at least six", "more than 150", "some 13,600")."""
    left = num
    for tok in num.subtree:
        if tok.i < left.i:
            left = tok
    head = num.head  # quantifiers may hang from the noun instead ("more than 150 people")
    if head is not num:
        for sib in head.children:
            if sib.i < left.i and sib.dep_ in {"quantmod", "advmod", "amod"} and sib.i >= left.i - 3:
                if sib.lower_ in {"more", "some", "nearly", "about", "around", "over", "almost", "least"}:
                    left = min((t for t in sib.subtree), key=lambda t: t.i)
    doc = num.doc
    # qualifiers the parser attaches elsewhere: look back at most three words for a known qualifier
    start = left.i
    for back in (3, 2, 1):
        if num.i - back < 0:
            continue
        cand = doc[num.i - back: num.i].text.lower()
        if cand in _QUALIFIER_WORDS and num.i - back < start:
            start = num.i - back
            break
    return doc[start: num.i + 1].text


def _arguments(cue: Token) -> list[Token]:
    """Noun phrase heads that can carry the victims' number, most specific first."""
    out: list[Token] = []
    deps_first = ("nsubjpass", "dobj", "nsubj", "attr")
    for dep in deps_first:
        out.extend(c for c in cue.children if c.dep_ == dep)
    for c in cue.children:  # "the killing of 26 cadets", "deaths of 12"
        if c.dep_ == "prep" and c.lower_ == "of":
            out.extend(p for p in c.children if p.dep_ == "pobj")
    if cue.dep_ in {"amod", "acl"} and cue.head.pos_ in {"NOUN", "PROPN", "NUM"}:  # "26 wounded civilians"
        out.append(cue.head)
    if cue.dep_ in {"oprd", "acomp", "ccomp", "xcomp"}:  # "leaving two dead"
        out.extend(c for c in cue.head.children if c.dep_ in {"dobj", "nsubj"} and c.i < cue.i)
    return out


def count_for(cue: Token) -> tuple[int | None, str] | None:
    """The count attached to one casualty word, or None when the sentence gives none."""
    for arg in _arguments(cue):
        num = _number_in(arg)
        if num is not None:
            value, qual = parse_count(_phrase(num))
            if value is not None:
                return value, qual
    sent = cue.sent
    cues = casualty_cues()
    for i in range(cue.i - 1, max(sent.start, cue.i - LEFT_WINDOW) - 1, -1):
        tok = cue.doc[i]
        if tok.lemma_.lower() in cues or tok.pos_ == "VERB" and tok.dep_ not in {"aux", "auxpass"} or (
                tok.is_space and "\n" in tok.text):
            break
        if _is_number(tok):
            value, qual = parse_count(_phrase(tok))
            if value is not None:
                return value, qual
    return None


def extract_counts(sent: Span) -> dict[str, int]:
    """killed / injured / displaced / kidnapped counts stated in one sentence (first mention wins;
    "killed or wounded at least 26" gives both categories the same lower bound)."""
    cues = casualty_cues()
    counts: dict[str, int] = {}
    for tok in sent:
        category = cues.get(tok.lemma_.lower()) or cues.get(tok.lower_)
        if category is None or category in counts:
            continue
        found = count_for(tok)
        if found is None and tok.dep_ == "conj":  # "killed or wounded at least 26 civilians"
            found = count_for(tok.head) if cues.get(tok.head.lemma_.lower()) else None
        if found is None:
            for c in tok.children:  # "killed and wounded 30": the first conjunct shares the number
                if c.dep_ == "conj" and cues.get(c.lemma_.lower()) and any(
                        cc.dep_ == "cc" and cc.lower_ == "or" for cc in tok.children):
                    found = count_for(c)
        if found is not None and found[0] is not None:
            counts[category] = found[0]
    return counts
