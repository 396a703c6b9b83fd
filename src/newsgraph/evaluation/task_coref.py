"""Scores cross-document event coreference on ECB+ gold event mentions (MUC, B3, CEAF-e, CoNLL F1)
and document clustering by seminal event (B3 F1, ARI).

Baselines (labelled): same-lemma-in-topic for mentions (mentions of one topic whose lemmatised text
is equal corefer, Upadhyay et al. 2016 / Cybulska & Vossen 2015), and greedy bag-of-words
clustering of documents. The system is reached through ``newsgraph.consolidate``:
``cluster_mentions(items) -> list[label]`` and ``cluster_documents(docs) -> list[label]``.
"""
from __future__ import annotations

import logging
import math
import re
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from newsgraph.evaluation import metrics
from newsgraph.consolidate.mentions import cluster_documents, cluster_mentions
from newsgraph.evaluation.gold import data_dir, unavailable
from newsgraph.evaluation.read_ecb import EcbDoc, EventMention, read_ecb
from newsgraph.nlp import base_model

log = logging.getLogger(__name__)

# Cosine similarity above which a document joins an existing cluster of the baseline. 0.2 is a
# common default for tf-idf news clustering (not tuned on ECB+); the floors record what it gives.
DOC_SIM_THRESHOLD = 0.2
WORD = re.compile(r"[a-z][a-z'-]+")


def run(*, data: str | Path | None = None, limit: int | None = None) -> dict[str, Any]:
    folder = data_dir("coref", data)
    if not folder.is_dir():
        return {"task": "coref", "datasets": {"ECB+": unavailable(f"{folder} not found")}}
    docs, report = read_ecb(folder, limit=limit)
    mentions = [m for d in docs for m in d.mentions]
    res: dict[str, Any] = {"docs": len(docs), "topics": len({d.topic for d in docs}),
                           "mentions": len(mentions), "reader": report.to_dict()}
    gold = metrics.labels_to_clusters([_key(m) for m in mentions], [m.cluster for m in mentions])
    base_labels = lemma_baseline(docs, mentions)
    res["baseline_events"] = metrics.conll_f1(gold, metrics.labels_to_clusters(
        [_key(m) for m in mentions], base_labels))
    res["baseline_events"]["name"] = "same lemma in topic"
    res["baseline_docs"] = score_docs(docs, bow_doc_clusters(docs))
    items = [{"doc": m.doc, "text": _doc_text(docs, m.doc), "start": m.start, "end": m.end,
              "trigger": m.text} for m in mentions]
    labels = cluster_mentions(items)
    res["system"] = {"events": metrics.conll_f1(gold, metrics.labels_to_clusters(
        [_key(m) for m in mentions], labels)),
        "docs": score_docs(docs, cluster_documents([(d.name, d.text) for d in docs]))}
    return {"task": "coref", "datasets": {"ECB+": res}}


def _key(m: EventMention) -> tuple[str, str]:
    return (m.doc, m.m_id)


def _doc_text(docs: list[EcbDoc], name: str) -> str:
    return next(d.text for d in docs if d.name == name)


def lemma_baseline(docs: list[EcbDoc], mentions: list[EventMention]) -> list[tuple[str, str]]:
    """Cluster label per mention: (topic, lemmatised lower-case mention text)."""
    topic = {d.name: d.topic for d in docs}
    nlp = base_model()
    texts = [m.text for m in mentions]
    with nlp.select_pipes(enable=[p for p in ("tok2vec", "tagger", "attribute_ruler", "lemmatizer")
                                  if p in nlp.pipe_names]):
        lemmas = [" ".join(t.lemma_.lower() for t in d) for d in nlp.pipe(texts, batch_size=256)]
    return [(topic[m.doc], lem) for m, lem in zip(mentions, lemmas)]


def bow_doc_clusters(docs: list[EcbDoc]) -> list[int]:
    """Baseline document clustering: tf-idf bags of words, each document joins the most similar
    existing cluster centroid when the cosine exceeds :data:`DOC_SIM_THRESHOLD`, else starts one."""
    from spacy.lang.en.stop_words import STOP_WORDS

    bags = [Counter(w for w in WORD.findall(d.text.lower()) if w not in STOP_WORDS) for d in docs]
    df = Counter(w for b in bags for w in b)
    vocab = {w: i for i, w in enumerate(sorted(df))}
    n = len(docs)
    mat = np.zeros((n, len(vocab)))
    for i, b in enumerate(bags):
        for w, c in b.items():
            mat[i, vocab[w]] = (1 + math.log(c)) * math.log((1 + n) / (1 + df[w]))
    mat /= np.maximum(np.linalg.norm(mat, axis=1, keepdims=True), 1e-12)
    centroids: list[np.ndarray] = []
    members: list[list[int]] = []
    labels: list[int] = []
    for i in range(n):
        if centroids:
            sims = np.array([c @ mat[i] for c in centroids])
            j = int(sims.argmax())
            if sims[j] >= DOC_SIM_THRESHOLD:
                members[j].append(i)
                c = mat[members[j]].sum(axis=0)
                centroids[j] = c / max(np.linalg.norm(c), 1e-12)
                labels.append(j)
                continue
        centroids.append(mat[i].copy())
        members.append([i])
        labels.append(len(centroids) - 1)
    return labels


def score_docs(docs: list[EcbDoc], labels: list[Any]) -> dict[str, Any]:
    gold = [(d.topic, d.subtopic) for d in docs]
    names = [d.name for d in docs]
    b3 = metrics.b_cubed(metrics.labels_to_clusters(names, gold), metrics.labels_to_clusters(names, labels))
    return {"b3": b3, "ari": metrics.adjusted_rand_index(gold, labels), "n_clusters": len(set(labels)),
            "n_gold": len(set(gold))}
