"""Runs pipeline.extract over many articles: in this process, or in a local process pool.

Each worker loads the spaCy pipeline once (pool initializer) and turns batches of articles into Facts;
results stream back to the caller, which is the store's single writer. A distributed engine adapter
(a later issue) will call the same ``pipeline.extract``.
"""
from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from newsgraph import pipeline
from newsgraph.nlp import load_nlp
from newsgraph.records import Article, Facts

# Articles sent to a worker at a time: big enough to amortise pickling and nlp.pipe batching,
# small enough that progress and memory stay smooth (64 x ~5 KB texts).
CHUNK = 64

_worker_nlp = None


def _init_worker() -> None:
    global _worker_nlp
    _worker_nlp = load_nlp()


def _work(batch: list[Article]) -> list[Facts]:
    return pipeline.extract(batch, _worker_nlp)


def run(articles: Iterable[Article], *, workers: int = 1,
        nlp_factory: Callable | None = None) -> Iterator[list[Facts]]:
    """Yield lists of Facts, one list per chunk of articles, in input order."""
    batches = pipeline.iter_batches(articles, CHUNK)
    if workers <= 1:
        nlp = (nlp_factory or load_nlp)()
        for batch in batches:
            yield pipeline.extract(batch, nlp)
        return
    # fork shares the parent's loaded modules copy-on-write; spawn where fork is unavailable.
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker) as pool:
        # bounded look-ahead: at most 2 chunks in flight per worker
        pending = []
        for batch in batches:
            pending.append(pool.submit(_work, batch))
            if len(pending) >= 2 * workers:
                yield pending.pop(0).result()
        for fut in pending:
            yield fut.result()
