"""JSON trees give scikit-learn's probabilities, NaN (missing) values included, and survive a round trip."""
from __future__ import annotations

import json

import numpy as np
import pytest

from newsgraph.places.trees import Trees, from_sklearn


def test_exported_trees_match_scikit_learn():
    sklearn = pytest.importorskip("sklearn.ensemble")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(600, 4)).astype(np.float32)
    X[rng.random(600) < 0.2, 2] = np.nan
    y = ((X[:, 0] + np.nan_to_num(X[:, 2], nan=1.5) * X[:, 1]) > 0.3).astype(int)
    model = sklearn.HistGradientBoostingClassifier(max_iter=30, max_leaf_nodes=7, random_state=0).fit(X, y)
    trees = Trees.from_json(json.loads(json.dumps(from_sklearn(model, ("a", "b", "c", "d")).to_json())))
    assert trees.features == ("a", "b", "c", "d")
    assert np.abs(trees.proba(X) - model.predict_proba(X)[:, 1]).max() < 1e-5


def test_empty_input():
    trees = Trees(0.5, np.full((1, 1), -1, np.int32), np.zeros((1, 1)), np.zeros((1, 1), np.int32),
                  np.zeros((1, 1), np.int32), 1, ("a",), (1,))
    assert trees.raw(np.zeros((0, 1))).shape == (0,)
    assert trees.proba(np.zeros((2, 1))) == pytest.approx([1 / (1 + np.exp(-0.5))] * 2)
