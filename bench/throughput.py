"""Throughput of `newsgraph build` against bare spaCy on >= 1,000 real news articles.

Texts: the articles of ../shared/eval/geo (GWN, LGL) and ../shared/eval/coref (ECB+), read in place.
Each configuration runs in a fresh subprocess (so its peak memory is its own), all in this one run:
  1. baseline: bare en_core_web_sm `nlp.pipe` over the texts (1 process)
  2. `newsgraph build` (ingest + all extraction stages + store writes) with 1 worker
  3. the same with 2 workers
Reported: seconds, articles/s, words/s, peak RSS (MB), and the ratio newsgraph / bare spaCy.

    .venv/bin/python bench/throughput.py [--limit N] [--json OUT]
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"


def load_texts(limit: int | None) -> list[dict]:
    from newsgraph.evaluation.read_ecb import read_ecb
    from newsgraph.evaluation.read_geo import read_geo

    rows: list[dict] = []
    for name in ("GWN.xml", "lgl.xml"):
        docs, _ = read_geo(EVAL / "geo" / name)
        rows += [{"title": None, "text": d.text, "source": name, "url": f"eval:{name}:{d.id}"} for d in docs]
    ecb, _ = read_ecb(EVAL / "coref", validated_only=False)
    rows += [{"title": None, "text": d.text, "source": "ECB+", "url": f"eval:ecb:{d.name}"} for d in ecb]
    return rows[:limit] if limit else rows


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + kids) / 1024  # ru_maxrss is in KiB on Linux (children: the largest child)


def run_bare(texts: list[str], queue) -> None:
    from newsgraph.nlp import load_base_model

    nlp = load_base_model()
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    queue.put({"seconds": time.perf_counter() - t0, "peak_mb": _peak_mb()})


def run_build(jsonl: str, workers: int, queue) -> None:
    import newsgraph

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        summary = newsgraph.build([jsonl], db=f"sqlite:///{tmp}/bench.db", workers=workers)
        queue.put({"seconds": time.perf_counter() - t0, "peak_mb": _peak_mb(),
                   "articles": summary.processed, "errors": len(summary.errors)})


def measure(target, *args) -> dict:
    ctx = mp.get_context("spawn")  # a fresh interpreter: clean peak memory, nothing preloaded
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    ap.add_argument("--json", dest="json_out", default=None, help="also write the results here")
    args = ap.parse_args()
    if not EVAL.is_dir():
        print(f"skipped: {EVAL} is absent (the benchmark reads the eval texts in place)")
        return 0
    rows = load_texts(args.limit)
    texts = [r["text"] for r in rows]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} articles, {words} words (GWN + LGL + ECB+)")
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "bench.jsonl"
        with jsonl.open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r) + "\n")
        results = {"bare spaCy nlp.pipe": measure(run_bare, texts)}
        for w in (1, 2):
            results[f"newsgraph build --workers {w}"] = measure(run_build, str(jsonl), w)
    base = results["bare spaCy nlp.pipe"]["seconds"]
    print(f"{'configuration':32} {'s':>8} {'art/s':>8} {'words/s':>9} {'peak MB':>8} {'x bare':>7}")
    for name, r in results.items():
        r["articles_per_s"] = len(texts) / r["seconds"]
        r["words_per_s"] = words / r["seconds"]
        r["ratio_to_bare"] = r["seconds"] / base
        print(f"{name:32} {r['seconds']:8.1f} {r['articles_per_s']:8.1f} {r['words_per_s']:9.0f} "
              f"{r['peak_mb']:8.0f} {r['ratio_to_bare']:7.2f}")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps({
            "articles": len(texts), "words": words, "python": sys.version.split()[0],
            "machine": platform.machine(), "cpus": mp.cpu_count(), "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
