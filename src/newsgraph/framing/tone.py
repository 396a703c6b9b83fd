"""Tone toward each actor per outlet: the VADER sentiment of the sentences that mention the actor.

Why VADER (vaderSentiment): its lexicon and rules ship inside the package, so it runs offline with
no model download and at thousands of sentences per second on one core; it handles negation ("not
good"), intensifiers and contrast ("but"), which plain word counts miss. Its limits, stated: it was
built for social-media text, and it scores a sentence's tone, not the stance toward the actor named in
it ("X's forces killed civilians" is negative whoever X is). Averaged over many sentences per outlet,
differences between outlets are still informative; single sentences are not.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

# VADER's authors' thresholds on the compound score for a positive / negative sentence
# (Hutto & Gilbert 2014, the package README): |compound| < 0.05 is neutral.
POS_THRESHOLD = 0.05
NEG_THRESHOLD = -0.05
# A sentence ends at . ! ? (optionally followed by a closing quote) before whitespace, or at a line
# break; stored clean text keeps paragraphs on their own lines.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+|\n+")


@dataclass(slots=True)
class ToneScore:
    source: str | None  # outlet
    actor: str
    sentences: int = 0
    mean: float = 0.0  # mean VADER compound score, -1..1
    positive: int = 0
    negative: int = 0
    neutral: int = 0
    most_negative: dict | None = None  # {"article", "start", "end", "compound"}
    most_positive: dict | None = None
    _sum: float = field(default=0.0, repr=False)

    def to_dict(self) -> dict:
        return {"source": self.source, "actor": self.actor, "sentences": self.sentences,
                "mean": round(self.mean, 4), "positive": self.positive, "negative": self.negative,
                "neutral": self.neutral, "most_negative": self.most_negative,
                "most_positive": self.most_positive}


@lru_cache(maxsize=1)
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def vader_lexicon() -> dict[str, float]:
    """VADER's word -> valence table (-4..4), for callers that score single words."""
    return _analyzer().lexicon


def compound(sentence: str) -> float:
    return float(_analyzer().polarity_scores(sentence)["compound"])


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text`` (a light splitter: tone needs no parse)."""
    spans, pos = [], 0
    for m in SENTENCE_END.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def mention_sentences(text: str, mentions: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences containing at least one mention, each once, in text order."""
    starts = sorted(s for s, _ in mentions)
    out = []
    i = 0
    for s, e in sentence_spans(text):
        while i < len(starts) and starts[i] < s:
            i += 1
        if i < len(starts) and starts[i] < e:
            out.append((s, e))
    return out


def tone_by_outlet(actor: str, articles: Iterable[tuple[str | None, str, str, list[tuple[int, int]]]]
                   ) -> list[ToneScore]:
    """Tone toward ``actor`` per outlet from (outlet, article id, text, mention spans) items."""
    scores: dict[str | None, ToneScore] = defaultdict(lambda: ToneScore(None, actor))
    for source, article_id, text, spans in articles:
        score = scores[source]
        score.source = source
        for s, e in mention_sentences(text, spans):
            c = compound(text[s:e])
            score.sentences += 1
            score._sum += c
            if c >= POS_THRESHOLD:
                score.positive += 1
            elif c <= NEG_THRESHOLD:
                score.negative += 1
            else:
                score.neutral += 1
            ex = {"article": article_id, "start": s, "end": e, "compound": c}
            if c < 0 and (score.most_negative is None or c < score.most_negative["compound"]):
                score.most_negative = ex
            if c > 0 and (score.most_positive is None or c > score.most_positive["compound"]):
                score.most_positive = ex
    for score in scores.values():
        score.mean = score._sum / score.sentences if score.sentences else 0.0
    return sorted(scores.values(), key=lambda t: (t.mean, t.source or ""))
