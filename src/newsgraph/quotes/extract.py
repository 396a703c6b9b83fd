"""Quotes: direct quotations (straight or curly marks, one or several sentences) and reported speech
("X said that ...", "according to X"), each with its speaker's actor id.

Why: who said what is the backbone of framing and contradiction analysis, and attribution must be
checkable, so every quote keeps its character offsets. The speaker is the subject of a speech verb next
to the quote (``quotes/data/speech_verbs.tsv``: "X said", "said X", "X told Reuters"), mapped to an actor id
through the mention spans; a pronoun subject ("he said") goes to the last person mentioned before,
with a lower confidence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from newsgraph.lexicon import read_tsv
from newsgraph.records import Article, Evidence, Mention, Quote
from newsgraph.syntax import ActorIndex, prep_objects, sentences, subject_of

CUE_COLUMNS = ("lemma", "kind", "strength", "reason")

# -- tuned constants (set by reading the five seed articles) ---------------------------------------------
# A quoted span shorter than this many words is a name or scare quote (“new offensive”, “armed groups”)
# unless a speech verb attributes it; longer spans are quotes even without a found speaker.
MIN_WORDS_ATTRIBUTED = 3
MIN_WORDS_UNATTRIBUTED = 8
# Confidence of the speaker: named subject x cue strength; a pronoun resolved to the last person is
# less certain (one step of coreference without a model).
PRONOUN_FACTOR = 0.6
UNKNOWN_SPEAKER_CONF = 0.3
# How many characters after a quote an attribution may start ("...,” Salame said.): one short clause.
ATTRIBUTION_WINDOW = 80

# Quote pairs: curly double, straight double, low-high German-style marks seen in translated news.
QUOTE_RE = re.compile(r"“([^”“\n]+)”|\"([^\"\n]+)\"|„([^“”\n]+)[“”]")
PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it"})
PERSON_PRONOUNS = frozenset({"he", "she", "i"})


@dataclass(frozen=True, slots=True)
class SpeechCue:
    lemma: str
    kind: str
    strength: float
    reason: str


@lru_cache(maxsize=1)
def speech_cues() -> dict[str, SpeechCue]:
    """lemma -> speech cue (reporting verbs, and "according" as a source cue)."""
    return {r["lemma"]: SpeechCue(r["lemma"], r["kind"], float(r["strength"]), r["reason"])
            for r in read_tsv("newsgraph.quotes", "data/speech_verbs.tsv", CUE_COLUMNS)}


class _Speakers:
    """Speaker resolution: mention spans for names, the last person before for pronouns."""

    def __init__(self, doc: Doc, mentions: list[Mention]) -> None:
        self.index = ActorIndex(doc, mentions)
        self.persons = sorted((m.evidence.start, m.actor) for m in mentions
                              if m.actor and m.label == "PERSON")

    def last_person_before(self, char: int) -> str | None:
        found = None
        for start, actor in self.persons:
            if start >= char:
                break
            found = actor
        return found

    def of(self, subj: Token, strength: float) -> tuple[str | None, float]:
        ids = self.index.of_np(subj)
        if ids:
            return ids[0], strength
        if subj.lower_ in PERSON_PRONOUNS:
            person = self.last_person_before(subj.idx)
            if person:
                return person, strength * PRONOUN_FACTOR
        return None, UNKNOWN_SPEAKER_CONF


def _speech_tokens(span_tokens: list[Token], lo: int, hi: int) -> list[tuple[Token, SpeechCue]]:
    """Speech verbs among tokens, outside the character range [lo, hi) of the quote itself."""
    cues = speech_cues()
    out = []
    for t in span_tokens:
        if lo <= t.idx < hi:
            continue
        cue = cues.get(t.lemma_.lower()) or cues.get(t.lower_)  # "according" is lemmatised to "accord"
        if cue is None:
            continue
        if cue.kind == "verb" and t.pos_ in {"VERB", "AUX"}:
            out.append((t, cue))
        elif cue.kind == "source" and any(c.lower_ == "to" for c in t.children):
            out.append((t, cue))
    return out


def _speaker_of(tok: Token, cue: SpeechCue, speakers: _Speakers) -> tuple[str | None, float]:
    if cue.kind == "source":  # "according to X"
        for to in tok.children:
            if to.lower_ == "to":
                for obj in prep_objects(to):
                    return speakers.of(obj, cue.strength)
        return None, UNKNOWN_SPEAKER_CONF
    subj, _ = subject_of(tok)
    if subj:
        return speakers.of(subj[0], cue.strength)
    return None, UNKNOWN_SPEAKER_CONF


def _direct(doc: Doc, article: Article, speakers: _Speakers) -> tuple[list[Quote], list[tuple[int, int]]]:
    quotes: list[Quote] = []
    spans: list[tuple[int, int]] = []
    text = article.text
    segs = sentences(doc)
    seg_of = {i: n for n, sg in enumerate(segs) for i in range(sg.start, sg.end)}
    for m in QUOTE_RE.finditer(text):
        group = next(g for g in range(1, 4) if m.group(g) is not None)
        start, end = m.start(group), m.end(group)
        inner = text[start:end]
        n_words = len(inner.split())
        if n_words < MIN_WORDS_ATTRIBUTED:
            continue
        first = doc.char_span(m.start(), m.start() + 1, alignment_mode="expand")
        last = doc.char_span(m.end() - 1, m.end(), alignment_mode="expand")
        if first is None or last is None:
            continue
        if first[0].i not in seg_of or last[-1].i not in seg_of:
            continue
        lo_seg, hi_seg = seg_of[first[0].i], seg_of[last[-1].i]
        tokens = [t for sg in segs[lo_seg:hi_seg + 1] for t in sg]
        after = doc.char_span(m.end(), min(len(text), m.end() + ATTRIBUTION_WINDOW), alignment_mode="contract")
        if after is not None and "\n" not in text[m.end():m.end() + 2]:
            tokens += [t for t in after if t.i not in {x.i for x in tokens}]
        prev_sent = segs[lo_seg - 1] if lo_seg > 0 else None
        if prev_sent is not None and prev_sent.text.rstrip().endswith(":"):
            tokens += list(prev_sent)  # "X said:" introducing the quote
        found = _speech_tokens(tokens, m.start(), m.end())
        speaker, conf = None, UNKNOWN_SPEAKER_CONF
        if found:
            # the speech verb nearest to the quote marks
            tok, cue = min(found, key=lambda tc: min(abs(tc[0].idx - m.start()), abs(tc[0].idx - m.end())))
            speaker, conf = _speaker_of(tok, cue, speakers)
        elif n_words < MIN_WORDS_UNATTRIBUTED:
            continue  # a scare quote, not a quotation
        quotes.append(Quote(evidence=Evidence(article.id, start, end), text=inner, speaker=speaker,
                            kind="direct", confidence=round(conf, 3)))
        spans.append((m.start(), m.end()))
    return quotes, spans


def _reported(doc: Doc, article: Article, speakers: _Speakers, quoted: list[tuple[int, int]]) -> list[Quote]:
    """ "X said (that) ..." and "according to X, ..." in sentences without quotation marks."""
    out: list[Quote] = []
    for sent in sentences(doc):
        if any(lo < sent.end_char and sent.start_char < hi for lo, hi in quoted):
            continue
        for tok, cue in _speech_tokens(list(sent), -1, -1):
            if cue.kind == "verb":
                comp = [c for c in tok.children if c.dep_ == "ccomp"]
                if not comp:
                    continue
                sub = [t for t in comp[0].subtree if sent.start <= t.i < sent.end]
                if not sub:  # "X said (that) ..." and "The talks failed, he said"
                    continue
                start, end = sub[0].idx, sub[-1].idx + len(sub[-1])
            else:
                start, end = sent.start_char, sent.end_char
                phrase = list(tok.subtree)
                if phrase[0].i == sent.start:  # drop the leading "According to X," from the text
                    nxt = phrase[-1].i + 1
                    while nxt < sent.end and doc[nxt].is_punct:
                        nxt += 1
                    if nxt < sent.end:
                        start = doc[nxt].idx
            raw = article.text[start:end]
            start += len(raw) - len(raw.lstrip())
            text = raw.strip()
            if len(text.split()) < MIN_WORDS_ATTRIBUTED:
                continue
            speaker, conf = _speaker_of(tok, cue, speakers)
            out.append(Quote(evidence=Evidence(article.id, start, start + len(text)), text=text,
                             speaker=speaker, kind="reported", confidence=round(conf * 0.9, 3)))
            break  # one reported statement per sentence: the outermost speech verb
    return out


def extract_quotes(doc: Doc, article: Article, mentions: list[Mention]) -> list[Quote]:
    """Direct and reported quotes of one article, in text order."""
    speakers = _Speakers(doc, mentions)
    direct, spans = _direct(doc, article, speakers)
    reported = _reported(doc, article, speakers, spans)
    return sorted(direct + reported, key=lambda q: q.evidence.start)
