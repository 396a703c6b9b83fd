"""Fold splitting and setting selection of tools/cv_consolidation.py (tools/ is on sys.path, see conftest)."""
from __future__ import annotations

import pytest

import cv_consolidation as cv
from newsgraph.evaluation.read_ecb import EcbDoc, EventMention


def test_folds_cover_every_topic_once_in_numeric_order():
    topics = [str(t) for t in (10, 2, 1, 3, 2, 11, 4, 5, 1)]
    folds = cv.topic_folds(topics, 3)
    assert folds == [["1", "4", "11"], ["2", "5"], ["3", "10"]]
    flat = [t for f in folds for t in f]
    assert sorted(flat, key=int) == ["1", "2", "3", "4", "5", "10", "11"]
    assert max(map(len, folds)) - min(map(len, folds)) <= 1


def test_folds_reject_impossible_k():
    with pytest.raises(ValueError):
        cv.topic_folds(["1", "2"], 3)
    with pytest.raises(ValueError):
        cv.topic_folds(["1", "2"], 1)


def test_select_best_takes_highest_then_default_then_given_order():
    a, b, c = ("average", 0.3), ("average", 0.4), ("average", 0.5)
    assert cv.select_best({a: 0.5, b: 0.7, c: 0.6}, default=a) == b
    assert cv.select_best({a: 0.7, b: 0.5, c: 0.7}, default=c) == c
    assert cv.select_best({a: 0.7, b: 0.5, c: 0.7}, default=b) == a
    with pytest.raises(ValueError):
        cv.select_best({})


def _doc(name: str, topic: str, text: str, triggers: list[tuple[str, str]]) -> EcbDoc:
    d = EcbDoc(name=name, topic=topic, subtopic="ecb", text=text)
    for i, (word, cluster) in enumerate(triggers):
        start = text.index(word)
        d.mentions.append(EventMention(doc=name, m_id=str(i), start=start, end=start + len(word), text=word,
                                       sentence=0, cluster=cluster))
    return d


def test_cross_validation_trains_on_other_topics_and_scores_held_out_ones():
    # Six topics, two documents each. In every topic the two "quake"/"earthquake" mentions corefer
    # (one event class, different stems: the same-lemma baseline splits them), and each document's
    # "said" is its own reporting event (same lemma across documents: the baseline merges them).
    words = {"1": "Tonga tsunami warning coast", "2": "Ghana ballot count capital", "3": "Oregon wildfire evacuation valley",
             "4": "Chile miners union copper", "5": "Nepal village landslide valley", "6": "Peru andes highway bridge"}
    docs, lemmas = [], []
    for t, text in words.items():
        for j, trig in enumerate(("quake", "earthquake")):
            body = f"The {trig} hit {text} today.\nOfficials said {text} reopened."
            docs.append(_doc(f"{t}_{j}ecb", t, body, [(trig, f"{t}-quake"), ("said", f"{t}-said-{j}")]))
            lemmas += [trig, "say"]
    data = {"docs": docs, "mentions": [m for d in docs for m in d.mentions], "lemmas": lemmas}
    scorer = cv.Scorer(data, doc_distance=0.85)
    res = cv.cross_validate(scorer, 3)
    assert [r["held_out_topics"] for r in res["folds"]] == [["1", "4"], ["2", "5"], ["3", "6"]]
    for r in res["folds"]:
        assert r["mentions"] == 8
        assert r["train_pairs"] > 0
        assert r["system"]["conll_f1"] > r["baseline"]["conll_f1"]
    assert res["pooled"]["system"]["conll_f1"] == pytest.approx(1.0)
    assert res["pooled"]["baseline"]["conll_f1"] < 1.0
