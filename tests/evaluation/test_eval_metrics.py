"""Metrics against values computed by hand."""
from __future__ import annotations

import pytest

from newsgraph.evaluation import metrics


def test_prf_counts():
    r = metrics.prf(2, 4, 5)
    assert r["p"] == pytest.approx(0.5) and r["r"] == pytest.approx(0.4)
    assert r["f1"] == pytest.approx(2 * 0.5 * 0.4 / 0.9)
    assert metrics.prf(0, 0, 3)["f1"] == 0.0


def test_classification_f1_weighted_macro_micro():
    r = metrics.classification_f1(["a", "a", "b"], ["a", "b", "b"])
    assert r["accuracy"] == pytest.approx(2 / 3)
    assert r["per_label"]["a"]["f1"] == pytest.approx(2 / 3)
    assert r["per_label"]["b"]["f1"] == pytest.approx(2 / 3)
    assert r["macro_f1"] == pytest.approx(2 / 3)
    r = metrics.classification_f1(["a", "a", "a", "b"], ["a", "a", "a", "a"])
    # a: p=3/4 r=1 f=6/7 (support 3); b: f=0 (support 1)
    assert r["weighted_f1"] == pytest.approx((6 / 7) * 3 / 4)
    assert r["macro_f1"] == pytest.approx((6 / 7) / 2)
    with pytest.raises(ValueError):
        metrics.classification_f1(["a"], [])


def test_span_prf_strict_and_one_to_one_relaxed():
    gold, pred = [(0, 5), (6, 10)], [(0, 10)]
    assert metrics.span_prf(gold, pred)["f1"] == 0.0
    relaxed = metrics.span_prf(gold, pred, relaxed=True)
    assert relaxed["tp"] == 1 and relaxed["p"] == 1.0 and relaxed["r"] == 0.5


def test_haversine_paris_london():
    assert metrics.haversine_km(48.8566, 2.3522, 51.5074, -0.1278) == pytest.approx(343.5, abs=2)


def test_geo_summary_counts_unresolved_as_max_error():
    r = metrics.geo_summary([0.0, 100.0, None], [True, False, None])
    assert r["acc161"] == pytest.approx(2 / 3)
    assert r["exact_id"] == pytest.approx(0.5) and r["n_with_id"] == 2
    assert r["median_km"] == pytest.approx(100.0)
    assert r["unresolved"] == 1
    assert metrics.error_auc([0.0, 0.0, 0.0]) == 0.0
    assert metrics.error_auc([metrics.MAX_ERROR_KM] * 3) == pytest.approx(1.0)


GOLD = [{"a", "b", "c"}, {"d", "e"}]
PRED = [{"a", "b"}, {"c", "d", "e"}]


def test_muc_and_b_cubed_textbook_example():
    m = metrics.muc(GOLD, PRED)
    assert m["p"] == pytest.approx(2 / 3) and m["r"] == pytest.approx(2 / 3)
    b = metrics.b_cubed(GOLD, PRED)
    assert b["p"] == pytest.approx(11 / 15) and b["r"] == pytest.approx(11 / 15)


def test_ceaf_and_conll_perfect_and_singletons():
    perfect = metrics.conll_f1(GOLD, GOLD)
    assert perfect["conll_f1"] == pytest.approx(1.0)
    all_single = [{x} for x in "abcde"]
    r = metrics.conll_f1(GOLD, all_single)
    assert r["muc"]["r"] == 0.0
    assert r["ceaf_e"]["p"] == pytest.approx((2 / 4 + 2 / 3) / 5)


def test_adjusted_rand_index():
    assert metrics.adjusted_rand_index([0, 0, 1, 1], ["x", "x", "y", "y"]) == pytest.approx(1.0)
    assert metrics.adjusted_rand_index([0, 0, 1, 1], [0, 0, 1, 2]) == pytest.approx((1 - 1 / 3) / (1.5 - 1 / 3))
