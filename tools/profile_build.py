"""Where a 1-worker build spends its time: spaCy's own components against newsgraph's stages.

    .venv/bin/python tools/profile_build.py [--limit 150] [--corpus realnews|examples] [--top 15]
                                            [--pstats OUT.prof]

Builds the articles into a throwaway store the way ``newsgraph build --workers 1`` does (ingest, the
spaCy pipeline with newsgraph's components, every extraction stage, the writer, the actor merge and
the consolidation), with a timer around each step:

- ``ingest``: reading, cleaning, dedup and storing the articles;
- ``spacy:NAME``: each spaCy component's own time inside ``nlp.pipe`` (the tokenizer too), exclusive of
  the components before it in the chain; ``newsgraph_*`` components are newsgraph's;
- ``stage:NAME``: each extraction stage of ``pipeline.extract_one`` (places, actors, dates, ...);
- ``writer``, ``merge``, ``consolidate``: the store writes and the corpus steps.

Then the same extraction again under cProfile, and the functions with the most own time outside
spaCy/thinc/numpy (newsgraph's and the libraries it calls), as a share of the profiled total (the
profiler slows Python code more than compiled code: read the shares as a ranking, the timer table as
the measure).
"""
from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
sys.path.insert(0, str(ROOT / "bench"))
# Files whose own time is spaCy's (the model, its tokenizer, thinc's layers, numpy underneath).
SPACY_PATHS = ("spacy/", "thinc/", "numpy/", "srsly/", "catalogue/", "cymem/", "preshed/")
STAGES = ("extract_places", "extract_actors", "extract_dates", "extract_events", "extract_relations",
          "extract_quotes", "extract_framing")

TIMES: dict[str, float] = defaultdict(float)
BARE: dict[str, float] = defaultdict(float)  # the bare model over the same texts
_TARGET = [TIMES]  # where the timers add: TIMES, then BARE
_STACK: list[float] = []


class _TimedPipe:
    """A pipeline component whose exclusive time (minus the upstream generators it pulls from) is
    added to TIMES; behaves like the component it wraps."""

    def __init__(self, name: str, proc) -> None:
        self.name, self.proc = name, proc

    def __call__(self, doc):
        return next(self.pipe(iter([doc])))

    def pipe(self, docs, **kwargs):
        inner = self.proc.pipe(docs, **kwargs) if hasattr(self.proc, "pipe") else map(self.proc, docs)
        while True:
            _STACK.append(0.0)
            t0 = time.perf_counter()
            try:
                doc = next(inner)
            except StopIteration:
                _STACK.pop()
                return
            elapsed = time.perf_counter() - t0
            upstream = _STACK.pop()
            _TARGET[0][f"spacy:{self.name}"] += elapsed - upstream
            if _STACK:
                _STACK[-1] += elapsed
            yield doc


def _is_spacy(file: str) -> bool:
    where = file.split("site-packages/")[-1]
    return where.startswith(SPACY_PATHS) or any(f"/{p}" in file for p in SPACY_PATHS)


def _timed(name: str, fn):
    def wrapper(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            elapsed = time.perf_counter() - t0
            _TARGET[0][name] += elapsed
            if _STACK:
                _STACK[-1] += elapsed
    return wrapper


def _instrument_spacy(nlp) -> None:
    nlp._components[:] = [(name, _TimedPipe(name, proc)) for name, proc in nlp._components]
    nlp.tokenizer = _timed("spacy:tokenizer", nlp.tokenizer)


def _instrument(nlp) -> None:
    from newsgraph import pipeline

    _instrument_spacy(nlp)
    for stage in STAGES:
        setattr(pipeline, stage, _timed(f"stage:{stage.removeprefix('extract_')}", getattr(pipeline, stage)))


def _inputs(tmp: Path, corpus: str, limit: int | None) -> list:
    if corpus == "examples":
        return [EXAMPLES]
    from throughput import load_realnews

    path = tmp / "realnews.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in load_realnews(limit)), encoding="utf-8")
    return [path]


def profile(corpus: str, limit: int | None, top: int, pstats_out: str | None) -> None:
    from newsgraph import api, pipeline, runner
    from newsgraph.actors.merge import merge_actors
    from newsgraph.consolidate import consolidate
    from newsgraph.nlp import load_nlp
    from newsgraph.store import open_store
    from newsgraph.version import PIPELINE_VERSION

    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/profile.db"
        inputs = _inputs(Path(tmp), corpus, limit)
        t0 = time.perf_counter()
        api.ingest(inputs, db=db)
        TIMES["ingest"] = time.perf_counter() - t0
        nlp = load_nlp()
        with open_store(db) as store:
            articles = store.load_articles(store.unprocessed(PIPELINE_VERSION))
        bare = [a.text for a in articles]

        _instrument(nlp)
        t_extract = time.perf_counter()
        chunks = [pipeline.extract(batch, nlp) for batch in pipeline.iter_batches(articles, runner.CHUNK)]
        TIMES["extract (all)"] = time.perf_counter() - t_extract
        with open_store(db) as store:
            t0 = time.perf_counter()
            for facts in chunks:
                store.write_facts(facts)
            TIMES["writer"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            store.merge_actors(merge_actors(store.actor_records()))
            store.drop_stale_actors(PIPELINE_VERSION)
            store.apply_corrections()
            TIMES["merge"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            consolidate(store)
            TIMES["consolidate"] = time.perf_counter() - t0

        from newsgraph.nlp import load_base_model

        base = load_base_model()
        _instrument_spacy(base)
        _TARGET[0] = BARE
        t0 = time.perf_counter()
        for _ in base.pipe(bare, batch_size=pipeline.BATCH_SIZE):
            pass
        BARE["bare nlp.pipe (all)"] = time.perf_counter() - t0
        _TARGET[0] = TIMES

        words = sum(len(t.split()) for t in bare)
        spacy_own = sum(v for k, v in TIMES.items() if k.startswith("spacy:") and "newsgraph_" not in k)
        total = sum(v for k, v in TIMES.items() if k != "extract (all)")
        print(f"{len(articles)} articles, {words} words; total {total:.1f} s, spaCy's own components "
              f"{spacy_own:.1f} s, the rest (newsgraph) {total - spacy_own:.1f} s = "
              f"{(total - spacy_own) / spacy_own:.2f}x spaCy")
        print(f"  {'step':32} {'build s':>9}  {'share':>7}  {'bare s':>7}")
        for name, seconds in sorted(TIMES.items(), key=lambda kv: -kv[1]):
            print(f"  {name:32} {seconds:7.2f} s  {100 * seconds / total:5.1f} %  "
                  f"{BARE[name] if name in BARE else float('nan'):7.2f}")
        print(f"  {'bare nlp.pipe (all)':32} {'':>9}  {'':>7}  {BARE['bare nlp.pipe (all)']:7.2f}")
        print(f"build / bare (the timers' sum over bare nlp.pipe): {total / BARE['bare nlp.pipe (all)']:.2f}")

        # the extraction again under cProfile (fresh pipeline, uninstrumented stages)
        import importlib

        importlib.reload(pipeline)
        nlp = load_nlp()
        prof = cProfile.Profile()
        prof.enable()
        for batch in pipeline.iter_batches(articles, runner.CHUNK):
            pipeline.extract(batch, nlp)
        prof.disable()
    stats = pstats.Stats(prof)
    if pstats_out:
        stats.dump_stats(pstats_out)
    everything = sum(row[2] for row in stats.stats.values())
    outside = [(key, row) for key, row in stats.stats.items()
               if not _is_spacy(key[0]) and key[0] != "~"]
    builtins_ = [(key, row) for key, row in stats.stats.items() if key[0] == "~"]
    print(f"\ncProfile of the extraction: {everything:.1f} s profiled; own time outside spaCy/thinc/numpy "
          f"{sum(r[2] for _, r in outside):.1f} s, in builtins {sum(r[2] for _, r in builtins_):.1f} s "
          f"(called from either)")
    print(f"top {top} by own time outside spaCy (share of the profiled total; cumulative time beside):")
    for (file, line, func), row in sorted(outside + builtins_, key=lambda kv: -kv[1][2])[:top]:
        where = file.split("site-packages/")[-1].split("src/")[-1]
        print(f"  {100 * row[2] / everything:5.1f} %  {row[2]:6.2f} s own  {row[3]:6.2f} s cum  "
              f"{row[1]:8d} calls  {where}:{line}({func})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", choices=("examples", "realnews"), default="realnews")
    ap.add_argument("--limit", type=int, default=150)
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--pstats", default=None, help="also dump the cProfile stats here")
    args = ap.parse_args()
    profile(args.corpus, args.limit, args.top, args.pstats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
