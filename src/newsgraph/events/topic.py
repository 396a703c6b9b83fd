"""Is an article conflict / political-violence news? The article-level decision before event coding.

Why: the coder reads any article it is given, and an outlet's feed or a corpus drawn from it holds
market reports, book reviews, sports and lifestyle pieces beside the war news (issue 12: currencies and
a takeover coded AGREE / AID / ASSAULT, a novel's character as the actor of an "armed clash" in
Oxford). An ACLED or GDELT coder does not code such an article at all, save a real attack it reports in
passing.

How (lexicon-driven, ``events/data/article_topic.tsv``, one row per word with its reason): count the
article's tokens whose lemma is in the conflict vocabulary and in each other domain's vocabulary
(finance, culture, sport, lifestyle). The article is *other* news when

- its URL path has a segment naming a non-conflict section (``/business/``, ``/culture/books/``), or
- one other domain has at least MIN_OTHER words and more than OTHER_RATIO times the conflict words, or
- it is long (DENSITY_MIN_WORDS words or more) and names conflict less than MIN_CONFLICT_PER_1000 times
  per thousand words (a referendum on nuclear power, a speech on jobs, a river-boat disaster).

Everything else is conflict news, including every short text (a one-line report "Gunmen shelled the
market", a sentence of diplomacy "Sudan and Egypt agreed to talks"): a short text is judged only on
positive evidence of another domain, never silenced for lacking war words.
In other news only events whose sentence reports casualties are kept (extract.py): a bombing a market
report mentions is still coded, the market's "attacks" and a novel's "battles" are not.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlparse

from spacy.tokens import Doc

from newsgraph.lexicon import read_tsv

TOPIC_COLUMNS = ("kind", "word", "reason")
CONFLICT, SECTION = "conflict", "section"
# -- tuned constants (set by reasoning, not fitted: the realnews corpora are the measure, not the fit) --
# At least this many words of one other domain: fewer is an incidental word ("the investors fled").
MIN_OTHER = 4
# The other domain must outweigh the conflict vocabulary by this factor: an article about a war's
# economy or a war novel review names both; it is other news only when the other domain dominates.
OTHER_RATIO = 1.5
# A conflict story names its violence, its armed actors or its protests in nearly every paragraph: one
# conflict word per 200 words is the least a story about the conflict has; texts shorter than
# DENSITY_MIN_WORDS (a brief, a fixture sentence) are too short to judge by density.
MIN_CONFLICT_PER_1000 = 5.0
DENSITY_MIN_WORDS = 150
COUNTED_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})


@dataclass(frozen=True, slots=True)
class Topic:
    """The decision for one article, with what it was made from."""

    conflict: bool
    basis: str  # "section", "vocabulary" (another domain's words), "density" (few conflict words), "default"
    domain: str | None  # the other domain when not conflict news
    counts: dict[str, int] = field(default_factory=dict)


@lru_cache(maxsize=1)
def topic_words() -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for row in read_tsv("newsgraph.events", "data/article_topic.tsv", TOPIC_COLUMNS):
        groups.setdefault(row["kind"], set()).add(row["word"])
    return {k: frozenset(v) for k, v in groups.items()}


def _section(url: str | None) -> str | None:
    if not url:
        return None
    try:
        path = urlparse(url).path
    except ValueError:
        return None
    segments = [s.lower() for s in path.split("/") if s]
    sections = topic_words().get(SECTION, frozenset())
    # the last segment is the article's own slug or file name, not a section
    return next((s for s in segments[:-1] if s in sections), None)


def vocabulary_counts(doc: Doc) -> Counter[str]:
    """Tokens per kind (conflict and each other domain) of the article's text, and its ``words``."""
    by_word: dict[str, list[str]] = {}
    for kind, words in topic_words().items():
        if kind == SECTION:
            continue
        for w in words:
            by_word.setdefault(w, []).append(kind)
    counts: Counter[str] = Counter()
    for tok in doc:
        if tok.is_alpha:
            counts["words"] += 1
        if tok.pos_ not in COUNTED_POS:
            continue
        for kind in by_word.get(tok.lemma_.lower(), ()):
            counts[kind] += 1
    return counts


def article_topic(doc: Doc, url: str | None = None) -> Topic:
    """Whether the article ``doc`` (its URL when known) is conflict / political-violence news."""
    counts = vocabulary_counts(doc)
    section = _section(url)
    if section is not None:
        return Topic(False, SECTION, section, dict(counts))
    conflict = counts.get(CONFLICT, 0)
    others = [(n, kind) for kind, n in counts.items() if kind not in {CONFLICT, "words"}]
    if others:
        n, kind = max(others)
        if n >= MIN_OTHER and n > OTHER_RATIO * conflict:
            return Topic(False, "vocabulary", kind, dict(counts))
    words = counts.get("words", 0)
    if words >= DENSITY_MIN_WORDS and 1000 * conflict / words < MIN_CONFLICT_PER_1000:
        return Topic(False, "density", None, dict(counts))
    return Topic(True, "vocabulary" if others or conflict else "default", None, dict(counts))
