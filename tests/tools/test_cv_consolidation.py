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


def test_select_best_takes_highest_then_default_then_grid_order():
    a, b, c = cv.Setting(0.8, 4), cv.Setting(0.85, 5), cv.Setting(0.9, 6)
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


def test_cross_validation_scores_held_out_topics_only():
    # Four topics, two documents each; the documents of one topic share their wording, so any
    # document cut groups them; the triggers "quake"/"quakes" corefer only with a 5-letter stem.
    words = {"1": "earthquake Tonga tsunami warning", "2": "election Ghana ballot count",
             "3": "wildfire Oregon evacuation order", "4": "strike Chile miners union"}
    docs, lemmas = [], []
    for t, text in words.items():
        for j, trig in enumerate(("quake", "quakes")):
            body = f"{text} {trig} {text}"
            docs.append(_doc(f"{t}_{j}ecb", t, body, [(trig, f"{t}-event")]))
            lemmas.append(trig)
    data = {"docs": docs, "mentions": [m for d in docs for m in d.mentions], "lemmas": lemmas}
    short, full = cv.Setting(0.85, 5), cv.Setting(0.85, 6)
    res = cv.cross_validate(cv.Scorer(data), 2, [full, short], default=full)
    assert [r["held_out_topics"] for r in res["folds"]] == [["1", "3"], ["2", "4"]]
    for r in res["folds"]:
        assert r["chosen"] == short.label()
        assert r["mentions"] == 4
        assert r["system"]["conll_f1"] == pytest.approx(1.0)
        assert r["baseline"]["conll_f1"] < 1.0  # "quake" and "quakes" stay apart under the same lemma
    assert res["pooled"]["system"]["conll_f1"] == pytest.approx(1.0)
