"""The learned mention-pair score of consolidate/pairs.py: its features, the shipped model and its
training record, and the clustering (sentences written for these tests)."""
from __future__ import annotations

import json

import numpy as np
import pytest

from newsgraph.consolidate import pairs
from newsgraph.consolidate.pairs import FEATURES, MentionInfo, PairModel
from newsgraph.lexicon import data_path


def _item(doc: str, text: str, word: str) -> dict:
    start = text.index(word)
    return {"doc": doc, "text": text, "start": start, "end": start + len(word), "trigger": word}


def _col(feats: np.ndarray, name: str, i: int, j: int) -> float:
    return float(feats[i, j, FEATURES.index(name)])


def test_features_see_synonyms_names_sentences_and_time():
    a = "Gunmen killed the mayor of Arden on Tuesday.\nThe town mourned."
    b = "The murder of the Arden mayor on Tuesday shocked the region."
    c = "A teacher was killed in Brill in 2009."
    items = [_item("a", a, "killed"), _item("b", b, "murder"), _item("c", c, "killed"), _item("a", a, "mourned")]
    infos = pairs.describe(items, ["kill", "murder", "kill", "mourn"])
    assert "arden" in infos[0].names and "tuesday" in infos[0].times
    assert infos[3].sentence != infos[0].sentence  # the line break ends the first sentence
    vectors = {"a": np.array([1.0, 0.0]), "b": np.array([0.6, 0.8]), "c": np.array([0.0, 1.0])}
    feats = pairs.pair_features(infos, vectors, 5)
    assert feats.shape == (4, 4, len(FEATURES))
    assert _col(feats, "class_eq", 0, 1) == 1.0 and _col(feats, "stem_eq", 0, 1) == 0.0
    assert _col(feats, "stem_eq", 0, 2) == 1.0 and _col(feats, "class_eq", 0, 2) == 0.0  # class_eq is beyond the stem
    assert _col(feats, "names", 0, 1) > _col(feats, "names", 0, 2) == 0.0
    assert _col(feats, "time_same", 0, 1) == 1.0 and _col(feats, "time_clash", 0, 2) == 1.0
    assert _col(feats, "doc_sim", 0, 1) == pytest.approx(0.6) and _col(feats, "same_doc", 0, 3) == 1.0
    assert _col(feats, "same_sentence", 0, 3) == 0.0


def test_event_classes_cover_inflections_the_lemmatiser_misses():
    assert "death" in pairs.classes_of("dy", "dies")  # en_core_web_sm lemmatises "dies" as "dy"
    assert pairs.classes_of("earthquake", "earthquake") & pairs.classes_of("quake", "quake")
    assert pairs.classes_of("zzz", "zzz") == frozenset()


def test_model_round_trip_and_feature_check():
    m = PairModel(tuple(round(0.1 * i, 1) for i in range(len(FEATURES))), -1.0, 0.4, 5, "average")
    assert PairModel.from_dict(json.loads(json.dumps(m.to_dict()))) == m
    bad = m.to_dict() | {"features": list(FEATURES[:-1])}
    with pytest.raises(ValueError):
        PairModel.from_dict(bad)


def test_shipped_model_and_its_training_record():
    model = pairs.load_model()
    assert len(model.weights) == len(FEATURES) and 0.0 < model.threshold < 1.0
    record = json.loads(data_path("newsgraph.consolidate", "data/mention_pairs.record.json").read_text("utf-8"))
    assert record["features"] == list(FEATURES)
    cv = record["cross_validation"]
    held = [t for f in cv["folds"] for t in f["held_out_topics"]]
    assert len(held) == len(set(held)) == record["data"]["topics"]  # topic-level folds, each topic held out once
    assert record["final_fit"]["cut_scores"]  # the cut was chosen on the training topics, not set by hand


def test_cluster_group_merges_one_happening_and_keeps_another_apart():
    """Two reports of one shooting (same trigger, same names, day and arguments) corefer; a shooting
    of another person elsewhere in another year, in a dissimilar document, scores below the cut with
    either, and a wounding there stays apart."""
    a = "Police said a gunman shot two guards at the Velmor bank in Arden on Friday."
    b = "A gunman shot two guards at the Velmor bank in Arden on Friday, police said."
    c = "In 1998 a hunter was shot by accident near Brill."
    d = "In 1998 a hunter was wounded by accident near Brill."
    args = [frozenset({"gunman", "guard"}), frozenset({"gunman", "guard"}), frozenset({"hunter"})]
    vectors = {"a": np.array([1.0, 0.0]), "b": np.array([0.95, 0.31]), "c": np.array([0.0, 1.0]),
               "d": np.array([0.0, 1.0])}
    model = pairs.load_model()
    infos = pairs.describe([_item("a", a, "shot"), _item("b", b, "shot"), _item("c", c, "shot")],
                           ["shoot", "shoot", "shoot"], args)
    prob = model.probabilities(pairs.pair_features(infos, vectors, model.stem_chars))
    assert prob[0, 1] > 0.9 > model.threshold > prob[0, 2]
    infos = pairs.describe([_item("a", a, "shot"), _item("b", b, "shot"), _item("d", d, "wounded")],
                           ["shoot", "shoot", "wound"], args)
    labels = pairs.cluster_group(infos, vectors, model)
    assert labels[0] == labels[1] != labels[2]


def test_cut_without_pairs():
    assert pairs.cut(None, 1, 0.5) == [0]
    assert pairs.cluster_group([MentionInfo("a", 0, "x", frozenset(), frozenset())], {}, pairs.load_model()) == [0]
