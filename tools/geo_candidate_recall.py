"""Candidate recall of the places stage's gazetteer on GWN / LGL gold toponyms (issue 13, step A).

    .venv/bin/python tools/geo_candidate_recall.py [--data ../shared/eval/geo] [--misses N]

For every gold toponym with coordinates (the resolution set of `newsgraph eval geo`): whether the
gazetteer gives it any candidate, and whether the gold GeoNames id is among them, with the counts per
match kind (features.MATCHES). No model is involved: this bounds the exact-id accuracy any ranker can
reach. ``--misses N`` prints the N most frequent surfaces without a candidate (error analysis only).
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsgraph.evaluation import task_geo  # noqa: E402
from newsgraph.evaluation.read_geo import read_geo  # noqa: E402
from newsgraph.places.resolve import mentions_for  # noqa: E402

CORPORA = {"GWN": "GWN.xml", "LGL": "lgl.xml"}


def candidate_recall(path: Path) -> dict:
    docs, _ = read_geo(path)
    n = none = with_id = found = 0
    by_match: Counter = Counter()
    misses: Counter = Counter()
    for doc in docs:
        gold = [t for t in doc.toponyms if task_geo.scored(t)]
        for top, m in zip(gold, mentions_for(doc.text, [(t.start, t.end) for t in gold])):
            n += 1
            if not m.candidates:
                none += 1
                misses[m.surface] += 1
            if top.geonames_id is not None:
                with_id += 1
                hit = any(p.geonames_id == top.geonames_id for p in m.candidates)
                found += hit
                if m.matches:
                    by_match[(m.matches[0], hit)] += 1
    return {"toponyms": n, "no_candidate": none / max(n, 1), "with_id": with_id,
            "gold_id_among_candidates": found / max(with_id, 1),
            "first_match_kind": {f"{k}:{'gold' if h else 'other'}": v for (k, h), v in sorted(by_match.items())},
            "misses": misses}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "eval" / "geo")
    ap.add_argument("--misses", type=int, default=0)
    args = ap.parse_args()
    for corpus, fname in CORPORA.items():
        if not (args.data / fname).is_file():
            print(f"{corpus}: {args.data / fname} is absent")
            continue
        r = candidate_recall(args.data / fname)
        print(f"{corpus}: {r['toponyms']} toponyms, no candidate {100 * r['no_candidate']:.1f}%, gold id among "
              f"candidates {100 * r['gold_id_among_candidates']:.1f}% of {r['with_id']}")
        print("  first match kind:", r["first_match_kind"])
        if args.misses:
            print("  most frequent misses:", r["misses"].most_common(args.misses))


if __name__ == "__main__":
    main()
