"""Time of the places stage per article, learned (issue 13) against the rule-based stage, in one run.

Real articles of ../shared/eval/realnews/timeline17 are parsed once with the bare model; then, over
the same parsed docs, each configuration runs detection (the ``newsgraph_places`` component's logic)
and resolution (``places.resolve``), ROUNDS times, best CPU time of the process kept (CPU time, not wall
time: the machine is shared, and other jobs' load would otherwise decide the ratio):
  1. rules: entity + PhraseMatcher detection and the fixed-weight resolver (the fallbacks, forced by
     hiding the two model files);
  2. learned: candidate spans + detector trees and the ranker trees.
Warm-up (gazetteer load, matcher build, model load) is excluded from both.
With ``--before SRC`` (the ``src`` folder of an older checkout, e.g. ``git archive 8486db9 src | tar -x
-C /tmp/before``) the rule-based stage of that code is timed too, in a subprocess on the same texts.

    .venv/bin/python bench/places_speed.py [--limit 200] [--before /tmp/before/src] [--json OUT]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
REALNEWS = ROOT.parent / "shared" / "eval" / "realnews" / "timeline17"
ROUNDS = 3


def load_texts(limit: int) -> list[str]:
    texts: list[str] = []
    for path in sorted(REALNEWS.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                text = json.loads(line).get("text") or ""
                if text.strip():
                    texts.append(text)
    # every corpus in turn, so a small limit still mixes outlets
    step = max(1, len(texts) // limit)
    return texts[::step][:limit]


def run(docs, learned: bool) -> float:
    from newsgraph.places import detect, ranker
    from newsgraph.places import resolve as places
    from newsgraph.places.component import PlaceDetector
    from newsgraph.nlp import base_model

    patches = [] if learned else [mock.patch.object(detect, "detector", lambda: None),
                                  mock.patch.object(ranker, "model", lambda: None)]
    for p in patches:
        p.start()
    try:
        component = PlaceDetector(base_model(), "bench_places")
        component(docs[0])
        places.resolve(docs[0].text, list(docs[0]._.get('places')))  # warm-up
        best = float("inf")
        for _ in range(ROUNDS):
            t0 = time.process_time()
            for doc in docs:
                component(doc)
                places.resolve(doc.text, list(doc._.get('places')))
            best = min(best, time.process_time() - t0)
        return best
    finally:
        for p in patches:
            p.stop()


def run_before(src: str, limit: int) -> float:
    """Seconds/article of the places stage of an older source tree (rules only), on the same texts."""
    import subprocess

    code = f"""
import sys, time, json
sys.path.insert(0, {src!r})
sys.path.insert(1, {str(ROOT / "bench")!r})
from places_speed import load_texts, ROUNDS
try:  # the layout since the packages-per-stage refactor
    from newsgraph.places import resolve as places
    from newsgraph.places.component import PlaceDetector
except ImportError:  # the layout before it
    from newsgraph import places
    from newsgraph.components.places import PlaceDetector
from newsgraph.nlp import base_model
docs = list(base_model().pipe(load_texts({limit}), batch_size=16))
component = PlaceDetector(base_model(), "bench_places")
component(docs[0]); places.resolve(docs[0].text, list(docs[0]._.get('places')))
best = float("inf")
for _ in range(ROUNDS):
    t0 = time.process_time()
    for doc in docs:
        component(doc)
        places.resolve(doc.text, list(doc._.get('places')))
    best = min(best, time.process_time() - t0)
print(json.dumps({{"seconds": best, "articles": len(docs)}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    data = json.loads(out.stdout.strip().splitlines()[-1])
    return data["seconds"] / data["articles"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--json", dest="json_out", default=None)
    ap.add_argument("--before", default=None, help="src folder of an older checkout to time as 'before'")
    args = ap.parse_args()
    if not REALNEWS.is_dir():
        print(f"{REALNEWS} is absent", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT / "src"))
    from newsgraph.nlp import base_model

    texts = load_texts(args.limit)
    nlp = base_model()
    docs = list(nlp.pipe(texts, batch_size=16))
    rules = run(docs, learned=False)
    learned = run(docs, learned=True)
    n = len(docs)
    out = {"articles": n, "words": sum(len(d) for d in docs), "rounds": ROUNDS,
           "rules_ms_per_article": round(1000 * rules / n, 2), "learned_ms_per_article": round(1000 * learned / n, 2),
           "ratio_learned_over_rules": round(learned / rules, 3)}
    if args.before:
        before = run_before(args.before, args.limit)
        out["before_ms_per_article"] = round(1000 * before, 2)
        out["ratio_learned_over_before"] = round(learned / n / before, 3)
    print(json.dumps(out, indent=1))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
