"""Event coreference on raw mentions (trigger spans in documents, no extracted arguments): the entry
points the evaluation harness scores on ECB+ (evaluation/task_coref.py).

Why documents first: the reports of one real-world event sit in documents about that event; two
seminal events of one kind (two earthquakes, two arrests) share trigger words but not names, places
and dates. So documents are grouped by tf-idf similarity first (average linkage, which does not chain
like single linkage), then the mentions of each document group are clustered by the learned pair
score of consolidate/pairs.py (trigger, event class, context, names, arguments, time, document
similarity; model and training record in data/mention_pairs*.json, trained by tools/cv_consolidation.py).
"""
from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Hashable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from newsgraph.consolidate.pairs import (MentionInfo, PairModel, cluster_group, describe, load_model,
                                         sentence_span)
from newsgraph.lexicon import read_tsv

log = logging.getLogger(__name__)

SETTING_COLUMNS = ("setting", "value", "reason")


def load_settings() -> dict[str, float]:
    """The settings of this module from ``data/settings.tsv`` (chosen by tools/cv_consolidation.py)."""
    return {r["setting"]: float(r["value"]) for r in read_tsv("newsgraph.consolidate", "data/settings.tsv",
                                                              SETTING_COLUMNS)}


_SETTINGS = load_settings()

# Cosine distance (1 - similarity of tf-idf vectors) under which two document groups merge, average
# linkage. Chosen on ECB+ topics 1-35 (the only coref gold we have, so the figures are optimistic):
# distance 0.80 / 0.85 / 0.90 / 0.93 gave document ARI 0.827 / 0.817 / 0.769 / 0.683 and mention
# CoNLL F1 0.733 / 0.734 / 0.731 / 0.724; 0.85 has the best mention F1 with groups close to gold (76/66).
# Cross-validated over topics (tools/cv_consolidation.py): kept; the value lives in data/settings.tsv.
DOC_DISTANCE = _SETTINGS["doc_distance"]
WORD = re.compile(r"[a-z][a-z'-]+|\d+")
# Triggers match on the first STEM_CHARS characters of the lemma of their last word (the head of
# "set off", "took place"): merges derivations the lemmatiser keeps apart ("shoot"/"shooting",
# "announce"/"announcement"). ECB+ mention CoNLL F1 with the same document groups: full lemma 0.734,
# prefix 4 / 5 / 6 of the full lemma 0.738 / 0.741 / 0.741, last word 0.738, last word prefix 5 0.742.
# Cross-validated over topics: 5 is picked on every fold (data/settings.tsv).
STEM_CHARS = int(_SETTINGS["stem_chars"])


def _tfidf(texts: Sequence[str]) -> np.ndarray:
    from spacy.lang.en.stop_words import STOP_WORDS

    bags = [Counter(w for w in WORD.findall(t.lower()) if w not in STOP_WORDS) for t in texts]
    df = Counter(w for b in bags for w in b)
    vocab = {w: i for i, w in enumerate(sorted(df))}
    n = len(texts)
    mat = np.zeros((n, max(len(vocab), 1)))
    for i, b in enumerate(bags):
        for w, c in b.items():
            mat[i, vocab[w]] = (1 + math.log(c)) * math.log((1 + n) / (1 + df[w]))
    mat /= np.maximum(np.linalg.norm(mat, axis=1, keepdims=True), 1e-12)
    return mat


def cluster_documents(docs: Sequence[tuple[str, str]], distance: float = DOC_DISTANCE) -> list[int]:
    """One group label per (name, text) document: average-linkage clustering of tf-idf vectors.

    Quadratic in the number of documents: meant for evaluation sets and topic-sized batches."""
    if not docs:
        return []
    return _groups(_tfidf([text for _, text in docs]), distance)


def _groups(mat: np.ndarray, distance: float) -> list[int]:
    if mat.shape[0] < 2:
        return [0] * mat.shape[0]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import pdist

    dist = np.clip(pdist(mat, metric="cosine"), 0.0, 2.0)
    dist = np.nan_to_num(dist, nan=1.0)
    tree = linkage(dist, method="average")
    return [int(x) for x in fcluster(tree, t=distance, criterion="distance")]


def _lemmas(texts: list[str]) -> list[str]:
    from newsgraph.nlp import base_model

    nlp = base_model()
    keep = [p for p in ("tok2vec", "tagger", "attribute_ruler", "lemmatizer") if p in nlp.pipe_names]
    with nlp.select_pipes(enable=keep):
        return [" ".join(t.lemma_.lower() for t in d) for d in nlp.pipe(texts, batch_size=256)]


# Dependency labels (spaCy English) whose words are a trigger's arguments: who, whom, where, when, how
# many. Prepositions and agents are looked through to their objects.
ARG_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "iobj", "dative", "attr", "oprd", "poss", "compound",
                      "nummod", "npadvmod", "appos", "pobj", "nmod"})
THROUGH = frozenset({"prep", "agent"})
ARG_POS = frozenset({"NOUN", "PROPN", "NUM"})


def arguments(items: Sequence[dict[str, Any]]) -> list[frozenset[str]]:
    """Per mention ``{"text", "start", "end"}``: the lemmas of its trigger's syntactic arguments (nouns,
    names and numbers among the children of the trigger's head, through prepositions), from a parse of
    its sentence (each distinct sentence parsed once)."""
    from newsgraph.nlp import base_model

    spans = [sentence_span(it["text"], it["start"], it["end"]) for it in items]
    sents = list(dict.fromkeys(it["text"][a:b] for it, (a, b) in zip(items, spans)))
    nlp = base_model()
    keep = [p for p in ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer") if p in nlp.pipe_names]
    with nlp.select_pipes(enable=keep):
        parsed = dict(zip(sents, nlp.pipe(sents, batch_size=128)))
    out = []
    for it, (a, b) in zip(items, spans):
        doc = parsed[it["text"][a:b]]
        toks = [t for t in doc if t.idx < it["end"] - a and t.idx + len(t) > it["start"] - a]
        if not toks:
            out.append(frozenset())
            continue
        inside = {t.i for t in toks}
        head = next((t for t in toks if t.head.i not in inside or t.head.i == t.i), toks[-1])
        words: set[str] = set()
        for c in head.children:
            if c.i in inside:
                continue
            found = [g for g in c.children if g.dep_ == "pobj"] if c.dep_ in THROUGH else \
                [c] if c.dep_ in ARG_DEPS else []
            for g in found:
                words.update(x.lemma_.lower() for x in (g, *g.children) if x.pos_ in ARG_POS and x.i not in inside)
        out.append(frozenset(words))
    return out


def document_vectors(docs: Sequence[tuple[str, str]], distance: float = DOC_DISTANCE
                     ) -> tuple[dict[str, int], dict[str, np.ndarray]]:
    """The document group (:func:`cluster_documents`) and the unit tf-idf vector of each (name, text)."""
    if not docs:
        return {}, {}
    mat = _tfidf([text for _, text in docs])
    names = [n for n, _ in docs]
    return dict(zip(names, _groups(mat, distance))), dict(zip(names, mat))


def cluster_mentions(items: Sequence[dict[str, Any]], *, distance: float = DOC_DISTANCE,
                     model: PairModel | None = None) -> list[Hashable]:
    """One cluster label per mention ``{"doc", "text", "start", "end", "trigger"}`` (``text`` is the
    document's text): documents are grouped (:func:`cluster_documents`), then the mentions of each group
    are clustered by the learned pair score (consolidate/pairs.py, the shipped model by default)."""
    if not items:
        return []
    names = list(dict.fromkeys(it["doc"] for it in items))
    texts = {it["doc"]: it["text"] for it in items}
    groups, vectors = document_vectors([(n, texts[n]) for n in names], distance)
    lemmas = _lemmas([it.get("trigger") or it["text"][it["start"]:it["end"]] for it in items])
    return label_mentions(describe(items, lemmas, arguments(items)), groups, vectors, model or _model())


def label_mentions(infos: Sequence[MentionInfo], groups: dict[str, int], vectors: dict[str, np.ndarray],
                   model: PairModel) -> list[Hashable]:
    """(document group, cluster in group) per mention: what :func:`cluster_mentions` returns, from the
    described mentions (tools/cv_consolidation.py calls this with the model of each fold)."""
    by_group: dict[int, list[int]] = {}
    for i, m in enumerate(infos):
        by_group.setdefault(groups[m.doc], []).append(i)
    labels: list[Hashable] = [None] * len(infos)
    for g, idx in by_group.items():
        for i, lab in zip(idx, cluster_group([infos[i] for i in idx], vectors, model)):
            labels[i] = (g, lab)
    return labels


@lru_cache(maxsize=1)
def _model() -> PairModel:
    return load_model()


def _stem(lemma: str, chars: int = STEM_CHARS) -> str:
    words = lemma.split()
    return words[-1][:chars] if words else lemma
