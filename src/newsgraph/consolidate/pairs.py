"""A learned score for "these two event mentions tell the same happening", and the clustering over it.

Why a learned pair score: the same-stem rule of ``mentions.py`` merged every "attack" of a document
group and kept "killed" apart from "murder"; what tells two mentions of one happening apart from two of
one kind is what surrounds them (Cybulska & Vossen 2015, Barhom et al. 2019): the same participants,
places, dates and numbers in their sentences, the same wording around them, similar documents. So each
pair of mentions inside one document group gets the features of :data:`FEATURES` (all in 0..1 or
small counts, computed for a whole group at once as n x n matrices), a logistic regression turns them
into a probability, and average-linkage agglomerative clustering cuts the tree at ``threshold``.

The weights and the threshold are data (``data/mention_pairs.json``), written by
tools/cv_consolidation.py from the ECB+ topics, with their training record beside them
(``data/mention_pairs.record.json``: data, folds, features, held-out metrics). The tool scores this very
code: the model it trains on the training topics of a fold is a :class:`PairModel` like the shipped one.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from newsgraph.lexicon import data_path, read_tsv

MODEL_FILE = "data/mention_pairs.json"
CLASS_COLUMNS = ("class", "word", "reason")


@lru_cache(maxsize=1)
def event_classes() -> dict[str, frozenset[str]]:
    """word (lemma, possibly several words) -> the classes of ``data/event_classes.tsv`` it is in."""
    out: dict[str, set[str]] = {}
    for r in read_tsv("newsgraph.consolidate", "data/event_classes.tsv", CLASS_COLUMNS):
        out.setdefault(r["word"], set()).add(r["class"])
    return {w: frozenset(c) for w, c in out.items()}


def _bare(word: str) -> list[str]:
    """The word without a common inflection ending (the lemmatiser's misses: "dies" -> "dy")."""
    out = []
    for end, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("d", "")):
        if word.endswith(end) and len(word) - len(end) >= 3:
            out.append(word[: len(word) - len(end)] + keep)
    return out


def classes_of(lemma: str, raw: str) -> frozenset[str]:
    """The event classes of a trigger: of its whole lemma, its last word's lemma, its raw last word."""
    table = event_classes()
    raw_words = raw.lower().split()
    last = raw_words[-1] if raw_words else ""
    keys = {lemma, _head(lemma), raw.lower(), last, *_bare(last)}
    return frozenset(c for k in keys for c in table.get(k, ()))

# The pair features, in the order of the model's weights.
FEATURES = (
    "lemma_eq",       # the lemmatised trigger texts are equal
    "stem_eq",        # the first STEM_CHARS characters of the triggers' last words are equal
    "head_trigram",   # cosine of the character trigrams of the triggers' last words (derivations, typos)
    "same_doc",       # both mentions in one document
    "same_sentence",  # both in one sentence (two mentions of one sentence rarely corefer)
    "context",        # Jaccard of the content-word stems of their sentences (what happened around them)
    "names",          # Jaccard of the capitalised words and numbers of their sentences (who, where, when, how many)
    "names_any",      # they share at least one such name or number
    "doc_sim",        # tf-idf cosine of their documents
    "stem_common",    # stem_eq x log(1 + mentions with that stem in the group) / 5: a very common trigger
                      # ("said", "attack") needs more than its stem
    "stem_context",   # stem_eq x context
    "stem_names",     # stem_eq x names
    "stem_doc",       # stem_eq x doc_sim
    "trigram_context",  # head_trigram x context: a different word with the same surroundings
    "class_eq",       # the triggers share a class of data/event_classes.tsv but not their stem ("kill" / "murder")
    "class_context",  # class_eq x context
    "class_names",    # class_eq x names
    "class_doc",      # class_eq x doc_sim
    "args",           # Jaccard of the lemmas of the triggers' syntactic arguments (subject, object, prepositional objects)
    "args_any",       # both have arguments and they share one
    "args_clash",     # both have arguments and share none
    "stem_args",      # stem_eq x args
    "class_args",     # class_eq x args
    "time_same",      # their sentences share a time word (weekday, month, year, today/yesterday)
    "time_clash",     # both sentences have time words and share none (another day, another year)
)

_TIME = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april may "
                  "june july august september october november december jan feb mar apr jun jul aug sep sept oct "
                  "nov dec today yesterday tonight tomorrow weekend morning evening night".split())
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+|\d[\d,.]*")
_BOUNDARY = re.compile(r"\n|(?<=[.!?])\s")


@dataclass(frozen=True, slots=True)
class MentionInfo:
    """What the pair features read of one mention."""

    doc: str
    sentence: int  # character offset where the mention's sentence starts (one id per sentence of a doc)
    lemma: str  # lemmatised trigger text, lower case
    context: frozenset[str]  # content-word stems of the sentence, the trigger's own words left out
    names: frozenset[str]  # capitalised words (not sentence-initial) and numbers of the sentence
    classes: frozenset[str] = frozenset()  # event classes of the trigger (data/event_classes.tsv)
    arguments: frozenset[str] = frozenset()  # lemmas of the trigger's syntactic arguments (who, whom, where, when)
    times: frozenset[str] = frozenset()  # time words of the sentence (weekdays, months, years, today...)


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Character span of the sentence (or line) around ``text[start:end]``."""
    left = max((m.end() for m in _BOUNDARY.finditer(text, 0, start)), default=0)
    nxt = _BOUNDARY.search(text, end)
    return left, (nxt.start() if nxt else len(text))


def describe(items: Sequence[dict[str, Any]], lemmas: Sequence[str],
             arguments: Sequence[frozenset[str]] | None = None) -> list[MentionInfo]:
    """One :class:`MentionInfo` per mention ``{"doc", "text", "start", "end"}`` (``text``: the whole
    document) with its trigger's lemma and the words of its syntactic arguments (``mentions.arguments``)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    out = []
    for n, (it, lem) in enumerate(zip(items, lemmas)):
        text, start, end = it["text"], it["start"], it["end"]
        left, right = sentence_span(text, start, end)
        ctx, names, times = set(), set(), set()
        for m in _WORD.finditer(text, left, right):
            if start <= m.start() < end:
                continue
            w = m.group().rstrip(".,")
            low = w.lower()
            if low in _TIME or _YEAR.match(low):
                times.add(low)
            if w[0].isdigit() or (w[0].isupper() and m.start() != left):
                names.add(low)
            if low not in STOP_WORDS and not w[0].isdigit():
                ctx.add(low[:5])
        out.append(MentionInfo(it["doc"], left, lem, frozenset(ctx), frozenset(names),
                               classes_of(lem, it.get("trigger") or text[start:end]),
                               arguments[n] if arguments is not None else frozenset(), frozenset(times)))
    return out


def _head(lemma: str) -> str:
    words = lemma.split()
    return words[-1] if words else lemma


def _jaccard(sets: Sequence[frozenset[str]]) -> np.ndarray:
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, s in enumerate(sets):
        for w in s:
            rows.append(i)
            cols.append(vocab.setdefault(w, len(vocab)))
    n = len(sets)
    mat = np.zeros((n, max(len(vocab), 1)), dtype=np.float32)
    if rows:
        mat[rows, cols] = 1.0
    inter = mat @ mat.T
    size = mat.sum(axis=1)
    union = size[:, None] + size[None, :] - inter
    return np.where(union > 0, inter / np.maximum(union, 1e-9), 0.0)


def _trigram_cos(words: Sequence[str]) -> np.ndarray:
    bags = [Counter(f"#{w}#"[i:i + 3] for i in range(max(len(w), 1))) for w in words]
    vocab: dict[str, int] = {}
    for b in bags:
        for g in b:
            vocab.setdefault(g, len(vocab))
    mat = np.zeros((len(words), max(len(vocab), 1)), dtype=np.float32)
    for i, b in enumerate(bags):
        for g, c in b.items():
            mat[i, vocab[g]] = c
    mat /= np.maximum(np.linalg.norm(mat, axis=1, keepdims=True), 1e-9)
    return mat @ mat.T


def _equal(keys: Sequence[str]) -> np.ndarray:
    ids = {k: i for i, k in enumerate(dict.fromkeys(keys))}
    arr = np.array([ids[k] for k in keys])
    return (arr[:, None] == arr[None, :]).astype(np.float32)


def pair_features(infos: Sequence[MentionInfo], doc_vectors: dict[str, np.ndarray],
                  stem_chars: int) -> np.ndarray:
    """The features of every pair of ``infos`` as an array (n, n, len(FEATURES)); ``doc_vectors``: the
    unit-length tf-idf vector of each document (``mentions.document_vectors``)."""
    n = len(infos)
    heads = [_head(m.lemma) for m in infos]
    stems = [h[:stem_chars] for h in heads]
    lemma_eq = _equal([m.lemma for m in infos])
    stem_eq = _equal(stems)
    tri = _trigram_cos(heads)
    docs = [m.doc for m in infos]
    same_doc = _equal(docs)
    same_sentence = same_doc * _equal([str(m.sentence) for m in infos])
    context = _jaccard([m.context for m in infos])
    names = _jaccard([m.names for m in infos])
    names_any = (names > 0).astype(np.float32)
    uniq = list(dict.fromkeys(docs))
    at = {d: i for i, d in enumerate(uniq)}
    pos = np.array([at[d] for d in docs])
    vecs = np.stack([doc_vectors[d] for d in uniq]).astype(np.float32)
    dsim = np.clip((vecs @ vecs.T)[pos][:, pos], 0.0, 1.0)
    class_eq = (_jaccard([m.classes for m in infos]) > 0).astype(np.float32) * (1.0 - stem_eq)
    tsame = (_jaccard([m.times for m in infos]) > 0).astype(np.float32)
    thas = np.array([bool(m.times) for m in infos], dtype=np.float32)
    tclash = thas[:, None] * thas[None, :] * (1.0 - tsame)
    args = _jaccard([m.arguments for m in infos])
    has = np.array([bool(m.arguments) for m in infos], dtype=np.float32)
    both = has[:, None] * has[None, :]
    freq = Counter(stems)
    common = np.array([math.log1p(freq[s]) / 5.0 for s in stems], dtype=np.float32)
    stem_common = stem_eq * common[:, None]
    cols = {"lemma_eq": lemma_eq, "stem_eq": stem_eq, "head_trigram": tri, "same_doc": same_doc,
            "same_sentence": same_sentence, "context": context, "names": names, "names_any": names_any,
            "doc_sim": dsim, "stem_common": stem_common, "stem_context": stem_eq * context,
            "stem_names": stem_eq * names, "stem_doc": stem_eq * dsim, "trigram_context": tri * context,
            "class_eq": class_eq, "class_context": class_eq * context, "class_names": class_eq * names,
            "class_doc": class_eq * dsim, "args": args, "args_any": (args > 0).astype(np.float32),
            "args_clash": both * (args == 0), "stem_args": stem_eq * args, "class_args": class_eq * args,
            "time_same": tsame, "time_clash": tclash}
    return np.stack([cols[f] for f in FEATURES], axis=-1).astype(np.float32)


@dataclass(frozen=True, slots=True)
class PairModel:
    """Logistic regression over :data:`FEATURES` and the clustering cut (a probability)."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    stem_chars: int = 5
    linkage: str = "average"  # scipy linkage method of the clustering (chosen on the training topics)

    def probabilities(self, feats: np.ndarray) -> np.ndarray:
        z = feats @ np.asarray(self.weights, dtype=np.float32) + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def to_dict(self) -> dict[str, Any]:
        return {"features": list(FEATURES), "weights": [round(w, 6) for w in self.weights],
                "bias": round(self.bias, 6), "threshold": self.threshold, "stem_chars": self.stem_chars,
                "linkage": self.linkage}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PairModel:
        if list(d["features"]) != list(FEATURES):
            raise ValueError(f"model features {d['features']} are not {list(FEATURES)}")
        return cls(tuple(float(w) for w in d["weights"]), float(d["bias"]), float(d["threshold"]),
                   int(d.get("stem_chars", 5)), str(d.get("linkage", "average")))


def load_model() -> PairModel:
    """The shipped model (``data/mention_pairs.json``)."""
    return PairModel.from_dict(json.loads(data_path("newsgraph.consolidate", MODEL_FILE).read_text("utf-8")))


def linkage_tree(prob: np.ndarray, method: str = "average") -> np.ndarray | None:
    """Agglomerative tree (``method``: scipy's average, complete, weighted...) over distance
    1 - probability (None for fewer than two mentions)."""
    n = prob.shape[0]
    if n < 2:
        return None
    from scipy.cluster.hierarchy import linkage
    from scipy.spatial.distance import squareform

    dist = 1.0 - prob.astype(np.float64)
    dist = (dist + dist.T) / 2.0
    np.fill_diagonal(dist, 0.0)
    return linkage(squareform(np.clip(dist, 0.0, 1.0), checks=False), method=method)


def cut(tree: np.ndarray | None, n: int, threshold: float) -> list[int]:
    """Cluster labels of ``n`` mentions: merges whose average probability is at least ``threshold``."""
    if tree is None:
        return list(range(n))
    from scipy.cluster.hierarchy import fcluster

    return [int(x) for x in fcluster(tree, t=1.0 - threshold, criterion="distance")]


def cluster_group(infos: Sequence[MentionInfo], doc_vectors: dict[str, np.ndarray],
                  model: PairModel) -> list[int]:
    """Cluster labels of the mentions of one document group."""
    if len(infos) < 2:
        return [0] * len(infos)
    prob = model.probabilities(pair_features(infos, doc_vectors, model.stem_chars))
    return cut(linkage_tree(prob, model.linkage), len(infos), model.threshold)
