"""Cross-validated choice of the ECB+ event-coreference settings (issue 12, item 6).

ECB+ is read once (``evaluation/read_ecb.py``) and the only costly NLP step of the scorer — the
lemmas of the gold trigger mentions (spaCy) — is run once and cached as a pickle under
``build/cv_consolidation/`` (git-ignored). Then, for a small grid of the settings of
``consolidate/mentions.py`` (``DOC_DISTANCE``: the average-linkage cut of the document groups,
``STEM_CHARS``: the trigger stem length), topics are split into k folds by topic id; on each fold
the setting with the best CoNLL F1 on the *training* topics is chosen and scored on the held-out
topics, beside the same-lemma-in-topic baseline on the same held-out topics. Documents are clustered
over the scored topics only (the held-out topics are clustered without the training documents, as a
new batch would be).

    .venv/bin/python tools/cv_consolidation.py [--data DIR] [--folds 5] [--limit N] [--json OUT]

Prints a table per fold and the pooled held-out figures (mentions of all held-out folds scored
together; labels carry their fold, so nothing is merged across folds).
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import product
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "build" / "cv_consolidation"

# The grid (12 combinations). The defaults of consolidate/mentions.py are part of it.
DISTANCES = (0.75, 0.80, 0.85, 0.90)
STEMS = (4, 5, 6)


@dataclass(frozen=True)
class Setting:
    distance: float
    stem_chars: int

    def label(self) -> str:
        return f"d={self.distance:.2f} stem={self.stem_chars}"


def grid() -> list[Setting]:
    return [Setting(d, s) for d, s in product(DISTANCES, STEMS)]


def topic_folds(topics: Sequence[str], k: int) -> list[list[str]]:
    """k folds of topic ids: topics in numeric order dealt round-robin (topic i goes to fold i mod k).
    Every topic is in exactly one fold; fold sizes differ by at most one."""
    uniq = sorted(set(topics), key=lambda t: (int(t) if t.isdigit() else 10**9, t))
    if k < 2 or k > len(uniq):
        raise ValueError(f"need 2 <= folds <= {len(uniq)} topics, got {k}")
    return [uniq[i::k] for i in range(k)]


def select_best(scores: dict[Setting, float], default: Setting | None = None) -> Setting:
    """The setting with the highest training score; ties (within 1e-9) go to ``default`` when it is
    among the best, else to the first in grid order (the order of ``scores``)."""
    if not scores:
        raise ValueError("no scores")
    top = max(scores.values())
    best = [s for s, v in scores.items() if v >= top - 1e-9]
    return default if default in best else best[0]


# -- data -----------------------------------------------------------------------------------------
def load(folder: Path, limit: int | None) -> dict[str, Any]:
    """ECB+ docs, mentions and trigger lemmas, from the cache when it matches the folder."""
    from newsgraph.evaluation.read_ecb import read_ecb

    CACHE.mkdir(parents=True, exist_ok=True)
    key = f"{folder.resolve()}|{limit}"
    path = CACHE / "ecb.pkl"
    if path.is_file():
        with path.open("rb") as fh:
            data = pickle.load(fh)
        if data.get("key") == key:
            return data
    from newsgraph.consolidate.mentions import _lemmas

    docs, report = read_ecb(folder, limit=limit)
    mentions = [m for d in docs for m in d.mentions]
    lemmas = _lemmas([m.text for m in mentions])
    data = {"key": key, "docs": docs, "mentions": mentions, "lemmas": lemmas,
            "reader": report.to_dict()}
    with path.open("wb") as fh:
        pickle.dump(data, fh)
    return data


# -- scoring --------------------------------------------------------------------------------------
class Scorer:
    def __init__(self, data: dict[str, Any]):
        self.docs = data["docs"]
        self.mentions = data["mentions"]
        self.lemmas = data["lemmas"]
        self.topic = {d.name: d.topic for d in self.docs}
        self._groups: dict[tuple[tuple[str, ...], float], dict[str, int]] = {}

    def groups(self, topics: frozenset[str], distance: float) -> dict[str, int]:
        from newsgraph.consolidate.mentions import cluster_documents

        key = (tuple(sorted(topics)), distance)
        if key not in self._groups:
            docs = [d for d in self.docs if d.topic in topics]
            labels = cluster_documents([(d.name, d.text) for d in docs], distance)
            self._groups[key] = {d.name: g for d, g in zip(docs, labels)}
        return self._groups[key]

    def labels(self, topics: frozenset[str], s: Setting) -> tuple[list[tuple], list[Hashable], list[Hashable]]:
        """(keys, gold labels, system labels) of the mentions of ``topics``."""
        from newsgraph.consolidate.mentions import _stem

        groups = self.groups(topics, s.distance)
        keys, gold, pred = [], [], []
        for m, lem in zip(self.mentions, self.lemmas):
            if self.topic[m.doc] in topics:
                keys.append((m.doc, m.m_id))
                gold.append(m.cluster)
                pred.append((groups[m.doc], _stem(lem, s.stem_chars)))
        return keys, gold, pred

    def baseline(self, topics: frozenset[str]) -> tuple[list[tuple], list[Hashable], list[Hashable]]:
        """Same lemma in topic (the labels of evaluation/task_coref.lemma_baseline)."""
        keys, gold, pred = [], [], []
        for m, lem in zip(self.mentions, self.lemmas):
            t = self.topic[m.doc]
            if t in topics:
                keys.append((m.doc, m.m_id))
                gold.append(m.cluster)
                pred.append((t, lem))
        return keys, gold, pred


def conll(keys: list, gold: list, pred: list) -> dict[str, Any]:
    from newsgraph.evaluation import metrics

    return metrics.conll_f1(metrics.labels_to_clusters(keys, gold), metrics.labels_to_clusters(keys, pred))


def cross_validate(scorer: Scorer, k: int, settings: list[Setting], default: Setting) -> dict[str, Any]:
    folds = topic_folds(list(scorer.topic.values()), k)
    every = frozenset(t for f in folds for t in f)
    out: list[dict[str, Any]] = []
    pooled: dict[str, tuple[list, list, list]] = {"system": ([], [], []), "default": ([], [], []),
                                                  "baseline": ([], [], [])}
    for i, held in enumerate(folds):
        test = frozenset(held)
        train = every - test
        train_scores = {s: conll(*scorer.labels(train, s))["conll_f1"] for s in settings}
        best = select_best(train_scores, default)
        runs = {"system": scorer.labels(test, best), "default": scorer.labels(test, default),
                "baseline": scorer.baseline(test)}
        row: dict[str, Any] = {"fold": i, "held_out_topics": held, "chosen": best.label(),
                               "train_conll_f1": train_scores[best],
                               "train_conll_f1_default": train_scores[default]}
        for name, (keys, gold, pred) in runs.items():
            row[name] = conll(keys, gold, pred)
            pk, pg, pp = pooled[name]
            pk.extend(keys)
            pg.extend((i, g) for g in gold)
            pp.extend((i, p) for p in pred)
        row["mentions"] = len(runs["system"][0])
        out.append(row)
    return {"folds": out, "pooled": {name: conll(*v) for name, v in pooled.items()},
            "fitted_all_topics": {s.label(): conll(*scorer.labels(every, s))["conll_f1"] for s in settings}}


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def report(res: dict[str, Any]) -> str:
    lines = ["| fold | held-out topics | mentions | chosen on train (train CoNLL) | held-out CoNLL F1 "
             "(chosen) | held-out, defaults | same-lemma baseline | chosen − baseline |",
             "|---|---|---|---|---|---|---|---|"]
    for r in res["folds"]:
        lines.append(f"| {r['fold']} | {', '.join(r['held_out_topics'])} | {r['mentions']} | {r['chosen']} "
                     f"({_pct(r['train_conll_f1'])}) | {_pct(r['system']['conll_f1'])} | "
                     f"{_pct(r['default']['conll_f1'])} | {_pct(r['baseline']['conll_f1'])} | "
                     f"{100 * (r['system']['conll_f1'] - r['baseline']['conll_f1']):+.1f} |")
    p = res["pooled"]
    for name in ("system", "default", "baseline"):
        c = p[name]
        lines.append(f"pooled held-out {name}: CoNLL F1 {_pct(c['conll_f1'])} (MUC {_pct(c['muc']['f1'])} / "
                     f"B3 {_pct(c['b3']['f1'])} / CEAF-e {_pct(c['ceaf_e']['f1'])})")
    lines.append("fitted on all topics (for comparison): " + ", ".join(
        f"{k} {_pct(v)}" for k, v in res["fitted_all_topics"].items()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from newsgraph.consolidate import mentions
    from newsgraph.evaluation.gold import data_dir

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=None, help="ECB+ folder (default: the eval root's coref/)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--limit", type=int, default=None, help="first N topics only")
    ap.add_argument("--json", default=None, help="write the full result here")
    args = ap.parse_args(argv)
    folder = data_dir("coref", args.data)
    if not folder.is_dir():
        print(f"{folder} not found", file=sys.stderr)
        return 2
    t0 = time.time()
    data = load(folder, args.limit)
    t1 = time.time()
    default = Setting(mentions.DOC_DISTANCE, mentions.STEM_CHARS)
    settings = grid()
    if default not in settings:
        settings.append(default)
    res = cross_validate(Scorer(data), args.folds, settings, default)
    res.update({"docs": len(data["docs"]), "mentions": len(data["mentions"]), "default": default.label(),
                "grid": [s.label() for s in settings], "seconds": {"load": round(t1 - t0, 1),
                                                                   "cv": round(time.time() - t1, 1)}})
    print(report(res))
    print(f"{res['docs']} docs, {res['mentions']} mentions; load {res['seconds']['load']} s, "
          f"cv {res['seconds']['cv']} s")
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
