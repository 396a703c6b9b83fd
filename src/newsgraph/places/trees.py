"""Gradient-boosted trees as plain JSON, evaluated with numpy: the ranker's and the detector's models.

Training uses scikit-learn's HistGradientBoostingClassifier (tools/train_geo_ranker.py); inference does
not need scikit-learn, pickles or a particular library version: a model is a list of trees, each four
parallel arrays (feature, threshold, left, right; a leaf has feature -1 and its value in threshold) and
where a missing (NaN) value goes.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(slots=True)
class Trees:
    """A binary classifier: p = sigmoid(baseline + sum of the leaves X falls into)."""

    baseline: float
    feature: np.ndarray  # (trees, nodes) int32, -1 for a leaf
    threshold: np.ndarray  # (trees, nodes) float64; a leaf's value for leaves
    left: np.ndarray  # (trees, nodes) int32
    right: np.ndarray  # (trees, nodes) int32
    depth: int
    features: tuple[str, ...]
    sizes: tuple[int, ...]  # nodes used per tree
    missing_left: np.ndarray | None = None  # (trees, nodes) bool: where a NaN feature value goes
    flat_cache: tuple | None = field(default=None, repr=False, compare=False)

    def raw(self, X: np.ndarray) -> np.ndarray:
        n = X.shape[0]
        out = np.full(n, self.baseline, dtype=np.float64)
        if n == 0 or self.feature.shape[0] == 0:
            return out
        feature, threshold, left, right, missing, value = self._flat()
        n_trees, width = self.feature.shape
        xs = np.ascontiguousarray(X, dtype=np.float64).ravel()
        row_base = (np.arange(n, dtype=np.int64) * X.shape[1])[None, :]
        node = np.repeat((np.arange(n_trees, dtype=np.int64) * width)[:, None], n, axis=1)  # flat indices
        # a leaf points to itself on both sides and reads column 0, so every row walks `depth` steps
        # without per-step leaf tests (issue 13: speed; the same leaves as the plain walk)
        for _ in range(self.depth):
            x = np.take(xs, row_base + np.take(feature, node))
            go_left = x <= np.take(threshold, node)
            if missing is not None:
                go_left |= np.isnan(x) & np.take(missing, node)
            node = np.where(go_left, np.take(left, node), np.take(right, node))
        out += np.take(value, node).sum(axis=0)
        return out

    def _flat(self) -> tuple:
        """Flattened arrays with child pointers as flat indices, leaves pointing to themselves (computed
        once per model): feature (0 at leaves), threshold, left, right, missing-goes-left, leaf value."""
        cached = self.flat_cache
        if cached is None:
            n_trees, width = self.feature.shape
            base = (np.arange(n_trees, dtype=np.int64) * width)[:, None]
            own = (np.arange(width, dtype=np.int64)[None, :] + base).ravel()
            leaf = (self.feature < 0).ravel()
            feature = np.where(leaf, 0, self.feature.astype(np.int64).ravel())
            left = np.where(leaf, own, (self.left.astype(np.int64) + base).ravel())
            right = np.where(leaf, own, (self.right.astype(np.int64) + base).ravel())
            value = np.where(leaf, self.threshold.ravel(), 0.0)
            missing = None if self.missing_left is None else self.missing_left.ravel()
            cached = (feature, self.threshold.ravel(), left, right, missing, value)
            self.flat_cache = cached
        return cached

    def proba(self, X: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.raw(X)))

    def to_json(self) -> dict[str, Any]:
        trees = []
        for t, n in enumerate(self.sizes):
            tree = {"f": self.feature[t, :n].tolist(), "t": [float(v) for v in self.threshold[t, :n]],
                    "l": self.left[t, :n].tolist(), "r": self.right[t, :n].tolist()}
            if self.missing_left is not None:
                tree["m"] = self.missing_left[t, :n].astype(int).tolist()
            trees.append(tree)
        return {"baseline": self.baseline, "depth": self.depth, "features": list(self.features), "trees": trees}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Trees:
        trees = data["trees"]
        width = max((len(t["f"]) for t in trees), default=1)
        shape = (len(trees), width)
        feature = np.full(shape, -1, dtype=np.int32)
        threshold = np.zeros(shape, dtype=np.float64)
        left = np.zeros(shape, dtype=np.int32)
        right = np.zeros(shape, dtype=np.int32)
        missing = np.zeros(shape, dtype=bool)
        for i, t in enumerate(trees):
            n = len(t["f"])
            feature[i, :n], threshold[i, :n], left[i, :n], right[i, :n] = t["f"], t["t"], t["l"], t["r"]
            if "m" in t:
                missing[i, :n] = t["m"]
        return cls(float(data["baseline"]), feature, threshold, left, right, int(data["depth"]),
                   tuple(data["features"]), tuple(len(t["f"]) for t in trees), missing)


def from_sklearn(model: Any, features: tuple[str, ...]) -> Trees:
    """Convert a fitted binary HistGradientBoostingClassifier (numeric features; NaN = missing)."""
    predictors = [p[0] for p in model._predictors]
    width = max(len(p.nodes) for p in predictors)
    shape = (len(predictors), width)
    feature = np.full(shape, -1, dtype=np.int32)
    threshold = np.zeros(shape, dtype=np.float64)
    left = np.zeros(shape, dtype=np.int32)
    right = np.zeros(shape, dtype=np.int32)
    missing = np.zeros(shape, dtype=bool)
    depth = 1
    for i, p in enumerate(predictors):
        nodes = p.nodes
        for j, node in enumerate(nodes):
            if node["is_leaf"]:
                threshold[i, j] = float(node["value"])
            else:
                feature[i, j] = int(node["feature_idx"])
                threshold[i, j] = float(node["num_threshold"])
                left[i, j], right[i, j] = int(node["left"]), int(node["right"])
                missing[i, j] = bool(node["missing_go_to_left"])
            depth = max(depth, int(node["depth"]) + 1)
    baseline = float(np.ravel(model._baseline_prediction)[0])
    sizes = tuple(len(p.nodes) for p in predictors)
    return Trees(baseline, feature, threshold, left, right, depth, features, sizes, missing)


def dumps(models: dict[str, Any]) -> str:
    return json.dumps(models, separators=(",", ":"))
