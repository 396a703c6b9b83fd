"""Throughput of `newsgraph build` against bare spaCy on >= 1,000 real news articles.

Texts (``--corpus``): ``eval`` (default), the articles of ../shared/eval/geo (GWN, LGL) and
../shared/eval/coref (ECB+); or ``realnews``, the Timeline17 articles of ../shared/eval/realnews (BBC,
Reuters, CNN, Guardian, taken in turn from each file), read in place.
Each configuration runs in a fresh subprocess (so its peak memory is its own), all in this one run:
  1. baseline: bare en_core_web_sm `nlp.pipe` over the texts (1 process)
  2. `newsgraph build` (ingest + all extraction stages + store writes) with 1 worker
  3. the same with 2 workers (and, with ``--ray``, with the Ray engine and 2 actors)
Reported: seconds, articles/s, words/s, the ratio newsgraph / bare spaCy (of wall time, and of CPU
seconds: the per-core cost, steadier on a shared machine), and memory: the peak of the
whole process tree (the configuration's process and every descendant, workers and Ray's processes
included), sampled from /proc every ``SAMPLE_S``, as the sum of RSS and as the sum of PSS (shared pages
split between the processes that share them: what the tree really costs; RSS counts a page shared by
two forked workers twice). ``peak_mb`` is the old figure, the process plus its largest child
(ru_maxrss), kept to compare with earlier results; it is not the tree's peak.

    .venv/bin/python bench/throughput.py [--limit N] [--corpus eval|realnews] [--workers 1 2] [--ray]
                                         [--json OUT]
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
REALNEWS = EVAL / "realnews" / "timeline17"
# How often (s) the process tree is sampled: often enough to catch a worker's peak (a chunk takes
# seconds), rare enough that reading smaps_rollup costs nothing measurable.
SAMPLE_S = 0.2


def load_realnews(limit: int | None) -> list[dict]:
    """The Timeline17 articles, one from each outlet's file in turn (so a prefix mixes outlets)."""
    files = [[json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
             for f in sorted(REALNEWS.glob("*.jsonl"))]
    rows = [r for group in zip(*files) for r in group]
    rows += [r for f in files for r in f[min(map(len, files)):]]
    return rows[:limit] if limit else rows


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


def _cpu_s() -> float:
    """CPU seconds (user + system) of this process and of its children that have ended: per-core
    cost, which a machine shared with other work changes far less than it changes wall time."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run_bare(texts: list[str], queue) -> None:
    from newsgraph.nlp import load_base_model

    t_load = time.perf_counter()
    nlp = load_base_model()
    t0, cpu0 = time.perf_counter(), _cpu_s()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    queue.put({"seconds": time.perf_counter() - t0, "cpu_seconds": _cpu_s() - cpu0,
               "load_seconds": t0 - t_load, "peak_mb": _peak_mb()})


def run_build(jsonl: str, workers: int, engine: str, queue) -> None:
    import newsgraph

    with tempfile.TemporaryDirectory() as tmp:
        t0, cpu0 = time.perf_counter(), _cpu_s()
        engine_arg = {"engine": engine} if engine != "local" else {}  # runs against older checkouts too
        summary = newsgraph.build([jsonl], db=f"sqlite:///{tmp}/bench.db", workers=workers, **engine_arg)
        queue.put({"seconds": time.perf_counter() - t0, "cpu_seconds": _cpu_s() - cpu0, "peak_mb": _peak_mb(),
                   "articles": summary.processed, "errors": len(summary.errors)})


def _process_tree(root: int) -> list[int]:
    """``root`` and every process descended from it, from /proc (one pass over the process table)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo += children.get(pid, [])
    return tree


def _memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB; (0, 0) when it is gone."""
    try:
        rollup = (Path("/proc") / str(pid) / "smaps_rollup").read_text()
    except OSError:
        return 0, 0
    values = {}
    for line in rollup.splitlines():
        name, _, rest = line.partition(":")
        if name in ("Rss", "Pss"):
            values[name] = int(rest.split()[0])
    return values.get("Rss", 0), values.get("Pss", 0)


class TreeSampler(threading.Thread):
    """Samples the memory of a process tree until stopped; keeps the peaks of the sums."""

    def __init__(self, root: int):
        super().__init__(daemon=True)
        self.root = root
        self.rss_kb = self.pss_kb = self.processes = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            tree = _process_tree(self.root)
            sizes = [_memory_kb(pid) for pid in tree]
            self.rss_kb = max(self.rss_kb, sum(r for r, _ in sizes))
            self.pss_kb = max(self.pss_kb, sum(p for _, p in sizes))
            self.processes = max(self.processes, sum(1 for r, _ in sizes if r))
            self._stop_event.wait(SAMPLE_S)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def measure(target, *args) -> dict:
    ctx = mp.get_context("spawn")  # a fresh interpreter: clean peak memory, nothing preloaded
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    sampler = TreeSampler(proc.pid)
    sampler.start()
    result = queue.get()
    proc.join()
    sampler.stop()
    result.update(tree_rss_peak_mb=sampler.rss_kb / 1024, tree_pss_peak_mb=sampler.pss_kb / 1024,
                  tree_processes=sampler.processes)
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    ap.add_argument("--corpus", choices=("eval", "realnews"), default="eval", help="which texts (see above)")
    ap.add_argument("--ray", action="store_true", help="also measure --engine ray with 2 actors")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="the local pool sizes to measure")
    ap.add_argument("--json", dest="json_out", default=None, help="also write the results here")
    ap.add_argument("--note", default=None,
                    help="stored with the results (say when the machine was shared: its wall times are not the code's)")
    args = ap.parse_args()
    if not EVAL.is_dir():
        print(f"skipped: {EVAL} is absent (the benchmark reads the eval texts in place)")
        return 0
    rows = load_realnews(args.limit) if args.corpus == "realnews" else load_texts(args.limit)
    texts = [r["text"] for r in rows]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} articles, {words} words ("
          f"{'Timeline17 realnews' if args.corpus == 'realnews' else 'GWN + LGL + ECB+'})")
    configs = [(w, "local") for w in args.workers] + ([(2, "ray")] if args.ray else [])
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "bench.jsonl"
        with jsonl.open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r) + "\n")
        results = {"bare spaCy nlp.pipe": measure(run_bare, texts)}
        for w, engine in configs:
            name = f"newsgraph build --workers {w}" + (f" --engine {engine}" if engine != "local" else "")
            results[name] = measure(run_build, str(jsonl), w, engine)
    bare = results["bare spaCy nlp.pipe"]
    base, base_loaded, base_cpu = bare["seconds"], bare["seconds"] + bare["load_seconds"], bare["cpu_seconds"]
    print(f"{'configuration':40} {'s':>7} {'art/s':>6} {'words/s':>8} {'x bare':>6} {'x b+load':>8} "
          f"{'CPU s':>7} {'x CPU':>6} {'tree RSS':>8} {'tree PSS':>8} {'old peak':>8}")
    for name, r in results.items():
        r["articles_per_s"] = len(texts) / r["seconds"]
        r["words_per_s"] = words / r["seconds"]
        r["ratio_to_bare"] = r["seconds"] / base
        # the build's time includes loading its pipeline; the bare time does not: this ratio adds it
        r["ratio_to_bare_with_load"] = r["seconds"] / base_loaded if "articles" in r else 1.0
        # per core: the build's CPU seconds (its workers' included) over bare spaCy's
        r["cpu_ratio_to_bare"] = r["cpu_seconds"] / base_cpu
        print(f"{name:40} {r['seconds']:7.1f} {r['articles_per_s']:6.1f} {r['words_per_s']:8.0f} "
              f"{r['ratio_to_bare']:6.2f} {r['ratio_to_bare_with_load']:8.2f} {r['cpu_seconds']:7.1f} "
              f"{r['cpu_ratio_to_bare']:6.2f} {r['tree_rss_peak_mb']:8.0f} {r['tree_pss_peak_mb']:8.0f} "
              f"{r['peak_mb']:8.0f}")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps({
            "articles": len(texts), "words": words, "corpus": args.corpus, "note": args.note,
            "load_average_after": list(os.getloadavg()), "python": sys.version.split()[0],
            "machine": platform.machine(), "cpus": mp.cpu_count(), "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
