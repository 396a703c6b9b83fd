"""Runs pipeline.extract over many articles: in this process, or in a local process pool.

Each worker loads the spaCy pipeline once (pool initializer) and turns batches of articles into Facts;
results stream back to the caller, which is the store's single writer. A distributed engine adapter
(a later issue) will call the same ``pipeline.extract``.

Workers die with their parent: a ``kill -9`` of a build leaves no worker behind (they would wait on
the task queue forever). On Linux the kernel kills them (``PR_SET_PDEATHSIG``); everywhere a watcher
thread in each worker exits when its parent is gone.
"""
from __future__ import annotations

import ctypes
import gc
import logging
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from newsgraph import pipeline
from newsgraph.nlp import load_nlp, preload_shared
from newsgraph.records import Article, Facts

# Articles sent to a worker at a time: big enough to amortise pickling and nlp.pipe batching,
# small enough that progress and memory stay smooth (64 x ~5 KB texts).
CHUNK = 64

log = logging.getLogger(__name__)

# How often (s) a worker's watcher thread checks that its parent still lives (the fallback where the
# kernel cannot be asked to kill it).
PARENT_CHECK_S = 0.5
PR_SET_PDEATHSIG = 1  # linux/prctl.h

_worker_nlp = None


def _die_with_parent(parent: int) -> None:
    """Make this worker end when process ``parent`` ends, however it ends."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) != 0:
                log.debug("prctl(PR_SET_PDEATHSIG) failed: errno %d", ctypes.get_errno())
        except (OSError, AttributeError):
            log.debug("prctl is not available", exc_info=True)
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(1)

    threading.Thread(target=watch, name="newsgraph-parent-watch", daemon=True).start()


def _init_worker(parent: int, nlp_factory: Callable | None = None) -> None:
    global _worker_nlp
    _die_with_parent(parent)
    _worker_nlp = (nlp_factory or load_nlp)()


def _work(batch: list[Article]) -> list[Facts]:
    return pipeline.extract(batch, _worker_nlp)


def run(articles: Iterable[Article], *, workers: int = 1, total: int | None = None,
        nlp_factory: Callable | None = None) -> Iterator[list[Facts]]:
    """Yield lists of Facts, one list per chunk of articles, in input order.

    ``total`` (how many articles will come, when known) makes a small build use every worker.
    ``nlp_factory`` makes the spaCy pipeline (default ``nlp.load_nlp``), here or in each worker (it must
    then be picklable: a module-level function)."""
    batches = pipeline.iter_batches(articles, pipeline.chunk_size(total, workers, CHUNK))
    if workers <= 1:
        nlp = (nlp_factory or load_nlp)()
        for batch in batches:
            yield pipeline.extract(batch, nlp)
        return
    # fork shares the parent's loaded modules copy-on-write; spawn where fork is unavailable.
    fork = "fork" in mp.get_all_start_methods()
    ctx = mp.get_context("fork" if fork else "spawn")
    if fork and nlp_factory is None:
        # the gazetteer and the KB are loaded here once and shared by every forked worker; frozen, the
        # garbage collector never walks (and so never copies) their pages in the workers
        preload_shared()
        gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                                 initargs=(os.getpid(), nlp_factory)) as pool:
            # bounded look-ahead: at most 2 chunks in flight per worker
            pending = []
            for batch in batches:
                pending.append(pool.submit(_work, batch))
                if len(pending) >= 2 * workers:
                    yield pending.pop(0).result()
            for fut in pending:
                yield fut.result()
    finally:
        gc.unfreeze()
