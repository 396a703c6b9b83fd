"""Cross-validated training of the ECB+ event-coreference pair model (issue 12, item 6).

ECB+ is read once (``evaluation/read_ecb.py``) and the only costly NLP step — the lemmas of the gold
trigger mentions (spaCy) — is run once and cached as a pickle under ``build/cv_consolidation/``
(git-ignored). Topics are split into k folds by topic id (strictly topic-level: no document or mention
of a held-out topic is seen in training). On each fold, over the training topics only:

1. documents are grouped (``consolidate/mentions.py``, the shipped ``doc_distance``);
2. every pair of mentions inside one group gets the features of ``consolidate/pairs.py`` and a
   logistic regression learns "same gold cluster" from them;
3. the clustering cut (a probability, average linkage) is the one with the best CoNLL F1 on the
   training topics.

That model is then run, through the production entry point (``mentions.label_mentions``), on the
held-out topics, clustered without the training documents as a new batch would be; beside it the
same-lemma-in-topic baseline and the earlier same-stem rule score the same held-out topics.

    .venv/bin/python tools/cv_consolidation.py [--data DIR] [--folds 5] [--limit N] [--json OUT]
                                               [--write-model]

Prints a table per fold and the pooled held-out figures (mentions of all held-out folds scored
together; labels carry their fold, so nothing is merged across folds). ``--write-model`` then trains
on every topic (same procedure) and writes ``src/newsgraph/consolidate/data/mention_pairs.json`` and its
training record ``mention_pairs.record.json`` (data, folds, features, held-out metrics).
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "build" / "cv_consolidation"
DATA = ROOT / "src" / "newsgraph" / "consolidate" / "data"

# Cuts tried on the training topics (probability an average pair of two merged clusters must reach).
THRESHOLDS = tuple(round(0.10 + 0.05 * i, 2) for i in range(15))  # 0.10 .. 0.80
# Linkage methods tried on the training topics. average / weighted / complete were tried (pooled held-out
# CoNLL F1 76.3 with the choice, 76.3 with average alone; weighted was picked on 1 fold of 5): average only.
LINKAGES = ("average",)
# L2 strength of the logistic regression (sklearn's C); features are standardised first.
C = 1.0


def topic_folds(topics: Sequence[str], k: int) -> list[list[str]]:
    """k folds of topic ids: topics in numeric order dealt round-robin (topic i goes to fold i mod k).
    Every topic is in exactly one fold; fold sizes differ by at most one."""
    uniq = sorted(set(topics), key=lambda t: (int(t) if t.isdigit() else 10**9, t))
    if k < 2 or k > len(uniq):
        raise ValueError(f"need 2 <= folds <= {len(uniq)} topics, got {k}")
    return [uniq[i::k] for i in range(k)]


def select_best(scores: dict[Hashable, float], default: Hashable | None = None) -> Hashable:
    """The key with the highest training score; ties (within 1e-9) go to ``default`` when it is
    among the best, else to the first in order (the order of ``scores``)."""
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
    path = CACHE / f"ecb-{limit or 'all'}.pkl"
    if path.is_file():
        with path.open("rb") as fh:
            data = pickle.load(fh)
        if data.get("key") == key and "arguments" in data:
            return data
    from newsgraph.consolidate.mentions import _lemmas, arguments

    docs, report = read_ecb(folder, limit=limit)
    mentions = [m for d in docs for m in d.mentions]
    lemmas = _lemmas([m.text for m in mentions])
    text = {d.name: d.text for d in docs}
    args = arguments([{"text": text[m.doc], "start": m.start, "end": m.end} for m in mentions])
    data = {"key": key, "docs": docs, "mentions": mentions, "lemmas": lemmas, "arguments": args,
            "reader": report.to_dict()}
    with path.open("wb") as fh:
        pickle.dump(data, fh)
    return data


# -- scoring --------------------------------------------------------------------------------------
class Scorer:
    """The mentions of ECB+ described once; per set of topics, the document groups and pair features."""

    def __init__(self, data: dict[str, Any], doc_distance: float | None = None):
        from newsgraph.consolidate import mentions as mm
        from newsgraph.consolidate.pairs import describe

        self.docs = data["docs"]
        self.mentions = data["mentions"]
        self.lemmas = data["lemmas"]
        self.topic = {d.name: d.topic for d in self.docs}
        self.distance = mm.DOC_DISTANCE if doc_distance is None else doc_distance
        text = {d.name: d.text for d in self.docs}
        items = [{"doc": m.doc, "text": text[m.doc], "start": m.start, "end": m.end} for m in self.mentions]
        self.infos = describe(items, self.lemmas, data.get("arguments"))
        self._batches: dict[tuple[str, ...], tuple] = {}

    def batch(self, topics: frozenset[str]) -> tuple[list[int], dict[str, int], dict[str, np.ndarray]]:
        """(indices of the mentions of ``topics``, document groups, document vectors), the documents of
        ``topics`` clustered alone (as one batch)."""
        from newsgraph.consolidate.mentions import document_vectors

        key = tuple(sorted(topics))
        if key not in self._batches:
            docs = [d for d in self.docs if d.topic in topics]
            groups, vectors = document_vectors([(d.name, d.text) for d in docs], self.distance)
            idx = [i for i, m in enumerate(self.mentions) if self.topic[m.doc] in topics]
            self._batches[key] = (idx, groups, vectors)
        return self._batches[key]

    def gold(self, idx: list[int]) -> tuple[list[tuple], list[Hashable]]:
        return [(self.mentions[i].doc, self.mentions[i].m_id) for i in idx], [self.mentions[i].cluster for i in idx]

    def group_features(self, topics: frozenset[str], stem_chars: int):
        """Per document group of ``topics``: (mention indices, pair features (n, n, F), gold equality)."""
        from newsgraph.consolidate.pairs import pair_features

        idx, groups, vectors = self.batch(topics)
        by: dict[int, list[int]] = {}
        for i in idx:
            by.setdefault(groups[self.mentions[i].doc], []).append(i)
        for members in by.values():
            feats = pair_features([self.infos[i] for i in members], vectors, stem_chars)
            gold = np.array([self.mentions[i].cluster for i in members], dtype=object)
            yield members, feats, gold[:, None] == gold[None, :]

    def system(self, topics: frozenset[str], model) -> tuple[list[tuple], list[Hashable], list[Hashable]]:
        """(keys, gold labels, system labels) of the mentions of ``topics``: the production code path."""
        from newsgraph.consolidate.mentions import label_mentions

        idx, groups, vectors = self.batch(topics)
        keys, gold = self.gold(idx)
        return keys, gold, label_mentions([self.infos[i] for i in idx], groups, vectors, model)

    def stem_rule(self, topics: frozenset[str]) -> tuple[list[tuple], list[Hashable], list[Hashable]]:
        """The earlier system: same trigger stem (5) inside a document group."""
        from newsgraph.consolidate.mentions import _stem

        idx, groups, _ = self.batch(topics)
        keys, gold = self.gold(idx)
        return keys, gold, [(groups[self.mentions[i].doc], _stem(self.lemmas[i], 5)) for i in idx]

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


def train(scorer: Scorer, topics: frozenset[str], stem_chars: int = 5) -> tuple[Any, dict[str, Any]]:
    """The pair model learnt on ``topics`` alone: logistic regression on the pairs inside document groups,
    then the cut with the best CoNLL F1 on those topics. Returns (model, training record)."""
    from sklearn.linear_model import LogisticRegression

    from newsgraph.consolidate.pairs import FEATURES, PairModel, cut, linkage_tree

    groups = list(scorer.group_features(topics, stem_chars))
    xs, ys = [], []
    for _, feats, same in groups:
        iu = np.triu_indices(len(same), k=1)
        xs.append(feats[iu])
        ys.append(same[iu])
    x = np.concatenate(xs) if xs else np.zeros((0, len(FEATURES)))
    y = np.concatenate(ys).astype(int) if ys else np.zeros(0, dtype=int)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    clf = LogisticRegression(C=C, max_iter=2000).fit((x - mean) / scale, y)
    w = clf.coef_[0] / scale
    b = float(clf.intercept_[0] - (clf.coef_[0] * mean / scale).sum())
    base = PairModel(tuple(float(v) for v in w), b, 0.5, stem_chars)
    probs = [(members, base.probabilities(feats)) for members, feats, _ in groups]
    keys, gold = scorer.gold([i for members, _ in probs for i in members])
    scores = {}
    for method in LINKAGES:
        trees = [(members, linkage_tree(p, method)) for members, p in probs]
        for t in THRESHOLDS:
            pred = [(g, lab) for g, (members, tree) in enumerate(trees) for lab in cut(tree, len(members), t)]
            scores[(method, t)] = conll(keys, gold, pred)["conll_f1"]
    method, best = select_best(scores, ("average", 0.5))
    record = {"pairs": int(len(y)), "positive_pairs": int(y.sum()),
              "cut_scores": {f"{m} {t:.2f}": v for (m, t), v in scores.items()}, "train_conll_f1": scores[(method, best)]}
    return PairModel(base.weights, base.bias, float(best), stem_chars, method), record


def cross_validate(scorer: Scorer, k: int) -> dict[str, Any]:
    folds = topic_folds(list(scorer.topic.values()), k)
    every = frozenset(t for f in folds for t in f)
    out: list[dict[str, Any]] = []
    names = ("system", "stem_rule", "baseline")
    pooled: dict[str, tuple[list, list, list]] = {name: ([], [], []) for name in names}
    for i, held in enumerate(folds):
        test = frozenset(held)
        model, record = train(scorer, every - test)
        runs = {"system": scorer.system(test, model), "stem_rule": scorer.stem_rule(test),
                "baseline": scorer.baseline(test)}
        row: dict[str, Any] = {"fold": i, "held_out_topics": held, "threshold": model.threshold,
                               "linkage": model.linkage,
                               "train_conll_f1": record["train_conll_f1"], "train_pairs": record["pairs"]}
        for name, (keys, gold, pred) in runs.items():
            row[name] = conll(keys, gold, pred)
            pk, pg, pp = pooled[name]
            pk.extend(keys)
            pg.extend((i, g) for g in gold)
            pp.extend((i, p) for p in pred)
        row["mentions"] = len(runs["system"][0])
        out.append(row)
    pooled_scores = {name: conll(*v) for name, v in pooled.items()}
    mean = {name: {m: float(np.mean([r[name][m] if m == "conll_f1" else r[name][m]["f1"] for r in out]))
                   for m in ("conll_f1", "muc", "b3", "ceaf_e")} for name in names}
    return {"folds": out, "pooled": pooled_scores, "mean_of_folds": mean}


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def report(res: dict[str, Any]) -> str:
    lines = ["| fold | held-out topics | mentions | cut (train CoNLL) | held-out CoNLL F1 (MUC/B3/CEAF-e) "
             "| same-stem rule | same-lemma baseline (MUC/B3/CEAF-e) | system − baseline |",
             "|---|---|---|---|---|---|---|---|"]

    def parts(c: dict[str, Any]) -> str:
        return f"{_pct(c['conll_f1'])} ({_pct(c['muc']['f1'])}/{_pct(c['b3']['f1'])}/{_pct(c['ceaf_e']['f1'])})"

    for r in res["folds"]:
        lines.append(f"| {r['fold']} | {', '.join(r['held_out_topics'])} | {r['mentions']} | {r['linkage']} {r['threshold']:.2f} "
                     f"({_pct(r['train_conll_f1'])}) | {parts(r['system'])} | {_pct(r['stem_rule']['conll_f1'])} | "
                     f"{parts(r['baseline'])} | {100 * (r['system']['conll_f1'] - r['baseline']['conll_f1']):+.1f} |")
    for name in ("system", "stem_rule", "baseline"):
        c, m = res["pooled"][name], res["mean_of_folds"][name]
        lines.append(f"pooled held-out {name}: CoNLL F1 {parts(c)}; mean of folds CoNLL F1 {_pct(m['conll_f1'])} "
                     f"(MUC {_pct(m['muc'])} / B3 {_pct(m['b3'])} / CEAF-e {_pct(m['ceaf_e'])})")
    return "\n".join(lines)


def write_model(scorer: Scorer, res: dict[str, Any], meta: dict[str, Any]) -> Path:
    """Train on every topic and write the shipped model and its training record."""
    from newsgraph.consolidate.pairs import FEATURES

    every = frozenset(scorer.topic.values())
    model, record = train(scorer, every)
    path = DATA / "mention_pairs.json"
    path.write_text(json.dumps(model.to_dict(), indent=1) + "\n", encoding="utf-8")
    rec = {"what": "logistic regression over consolidate/pairs.py FEATURES, average-linkage cut chosen on the "
                   "training topics; trained by tools/cv_consolidation.py --write-model",
           "data": meta, "features": list(FEATURES), "C": C, "thresholds_tried": list(THRESHOLDS),
           "linkages_tried": list(LINKAGES),
           "doc_distance": scorer.distance, "final_fit": {"topics": sorted(every, key=int), **record},
           "cross_validation": {"folds": [{"fold": r["fold"], "held_out_topics": r["held_out_topics"],
                                           "threshold": r["threshold"], "linkage": r["linkage"],
                                           "train_conll_f1": r["train_conll_f1"],
                                           **{n: {"conll_f1": r[n]["conll_f1"], "muc": r[n]["muc"]["f1"],
                                                  "b3": r[n]["b3"]["f1"], "ceaf_e": r[n]["ceaf_e"]["f1"]}
                                              for n in ("system", "stem_rule", "baseline")}}
                                          for r in res["folds"]],
                                "pooled_held_out_conll_f1": {n: c["conll_f1"] for n, c in res["pooled"].items()},
                                "mean_of_folds": res["mean_of_folds"]}}
    (DATA / "mention_pairs.record.json").write_text(json.dumps(rec, indent=1, default=str) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    from newsgraph.evaluation.gold import data_dir

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=None, help="ECB+ folder (default: the eval root's coref/)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--limit", type=int, default=None, help="first N topics only")
    ap.add_argument("--json", default=None, help="write the full result here")
    ap.add_argument("--doc-distance", type=float, default=None,
                    help="document-group cut (default: consolidate/data/settings.tsv doc_distance)")
    ap.add_argument("--write-model", action="store_true", help="train on all topics and ship the model")
    args = ap.parse_args(argv)
    folder = data_dir("coref", args.data)
    if not folder.is_dir():
        print(f"{folder} not found", file=sys.stderr)
        return 2
    t0 = time.time()
    data = load(folder, args.limit)
    scorer = Scorer(data, args.doc_distance)
    t1 = time.time()
    res = cross_validate(scorer, args.folds)
    res.update({"docs": len(data["docs"]), "mentions": len(data["mentions"]),
                "seconds": {"load": round(t1 - t0, 1), "cv": round(time.time() - t1, 1)}})
    print(report(res))
    print(f"{res['docs']} docs, {res['mentions']} mentions; load {res['seconds']['load']} s, "
          f"cv {res['seconds']['cv']} s")
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1, default=str))
    if args.write_model:
        meta = {"corpus": "ECB+ (validated sentences), gold event mentions", "topics": len(set(scorer.topic.values())),
                "docs": res["docs"], "mentions": res["mentions"], "folds": args.folds,
                "fold_rule": "topics in numeric order dealt round-robin (tools/cv_consolidation.py topic_folds)"}
        print(f"wrote {write_model(scorer, res, meta)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
