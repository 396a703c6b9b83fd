"""Cost of event clustering (newsgraph.consolidate.cluster_indices) on 10k / 30k / 100k synthetic
event reports, to show that blocking keeps it near-linear.

Synthetic data at constant density, as a growing corpus has: the number of days grows with N (REPORTS_PER_DAY
reports a day over 16 PLOVER types), each real event is told by 1-4 reports whose dates differ by up to one
day, places are drawn from 300 points (half of them resolved with coordinates), participants from 200
actors, sentences from a few templates. Because the generator knows which reports tell one event, the run
also prints pairwise precision / recall of the clustering on this synthetic data (an internal sanity
check, not an accuracy figure: real reports differ far more than templates do).

    .venv/bin/python bench/cluster_scaling.py [--sizes 10000 30000 100000] [--json OUT]
"""
from __future__ import annotations

import argparse
import json
import platform
import random
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from newsgraph.consolidate.clusters import candidate_pairs, cluster_indices
from newsgraph.records import EventView

TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
         "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
REPORTS_PER_DAY = 60  # a busy conflict in a few dozen outlets; density stays constant as N grows
TEMPLATES = ("{a} forces {v} positions near {p} on {d}, officials said",
             "at least {k} people were killed when {a} {v} {p}",
             "residents of {p} said {a} {v} the town overnight",
             "{a} {v} targets in {p}, a spokesman told reporters")
VERBS = ("shelled", "attacked", "struck", "raided", "bombed")


def synthetic(n: int, seed: int = 7) -> tuple[list[EventView], list[int]]:
    rng = random.Random(seed)
    days = max(1, n // REPORTS_PER_DAY)
    start = date(2020, 1, 1)
    places = [(f"place{i}", 30 + rng.random() * 5, 10 + rng.random() * 10) for i in range(300)]
    views, truth = [], []
    event = 0
    while len(views) < n:
        day = start + timedelta(days=rng.randrange(days))
        type_ = rng.choice(TYPES)
        pname, lat, lon = rng.choice(places)
        actor = f"actor{rng.randrange(200)}"
        verb, killed = rng.choice(VERBS), rng.randrange(1, 30)
        for _ in range(rng.choice((1, 1, 2, 3, 4))):
            if len(views) >= n:
                break
            d = day + timedelta(days=rng.choice((0, 0, 0, 1, -1)))
            coords = rng.random() < 0.5
            text = rng.choice(TEMPLATES).format(a=actor, v=verb, p=pname, d=d.isoformat(), k=killed)
            views.append(EventView(
                id=f"r{len(views)}", type=type_, article=f"art{len(views)}", text=text, date=d.isoformat(),
                precision="day", place=pname, lat=lat if coords else None, lon=lon if coords else None,
                actors=frozenset({actor}) if rng.random() < 0.7 else frozenset(), killed=killed))
            truth.append(event)
        event += 1
    return views, truth


def pair_scores(clusters: list[list[int]], truth: list[int]) -> dict[str, float]:
    label = {i: c for c, members in enumerate(clusters) for i in members}
    pred_pairs = sum(len(m) * (len(m) - 1) // 2 for m in clusters)
    gold_sizes = Counter(truth)
    gold_pairs = sum(k * (k - 1) // 2 for k in gold_sizes.values())
    both = Counter((label[i], truth[i]) for i in range(len(truth)))
    tp = sum(k * (k - 1) // 2 for k in both.values())
    return {"pair_precision": round(tp / pred_pairs, 4) if pred_pairs else 0.0,
            "pair_recall": round(tp / gold_pairs, 4) if gold_pairs else 0.0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    rows = []
    for n in args.sizes:
        views, truth = synthetic(n)
        t0 = time.perf_counter()
        pairs = sum(1 for _ in candidate_pairs(views))
        t1 = time.perf_counter()
        clusters = cluster_indices(views)
        t2 = time.perf_counter()
        row = {"reports": n, "candidate_pairs": pairs, "all_pairs": n * (n - 1) // 2,
               "blocking_s": round(t1 - t0, 3), "cluster_s": round(t2 - t1, 3),
               "clusters": len(clusters), **pair_scores(clusters, truth)}
        rows.append(row)
        print(json.dumps(row), flush=True)
    base = rows[0]
    for r in rows[1:]:
        print(f"{r['reports']}/{base['reports']} reports = x{r['reports'] / base['reports']:.1f}: "
              f"clustering time x{r['cluster_s'] / base['cluster_s']:.2f}, "
              f"candidate pairs x{r['candidate_pairs'] / base['candidate_pairs']:.2f}")
    if args.json:
        args.json.write_text(json.dumps({"machine": platform.platform(), "python": platform.python_version(),
                                         "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
