"""Runs pipeline.extract on Ray Data: a local Ray on this machine, or a Ray cluster for many machines.

The same contract as :func:`newsgraph.runner.run`: articles in, lists of Facts out, one list per block of
articles, in input order, to the caller, which stays the store's single writer. Blocks of ``BLOCK``
articles become the rows of a Ray dataset (``ray.data.from_items``); ``map_batches`` runs them through
:class:`Extractor`, a callable class, so each Ray actor loads the spaCy pipeline once (an actor pool of
``workers`` actors) and then extracts block after block. Articles and Facts cross the object store
pickled, so the facts that come back are the very objects ``pipeline.extract`` made: the store, and so
the export, is byte for byte what the local runner gives (tests/test_runner_ray.py).

``ray`` is imported lazily: newsgraph imports, and every other engine works, without it. With no
address a local Ray is started for the build (``workers`` CPUs, no dashboard, a small object store)
and shut down after it; with an address (``ray://host:10001`` or ``host:6379``) the build joins that
cluster, whose nodes must have the same newsgraph installed (their pipeline version is checked on every
block) and leaves it running. A Ray that the calling program already started is used as it is.
"""
from __future__ import annotations

import logging
import pickle
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from newsgraph import pipeline
from newsgraph.errors import Errors, UsageError
from newsgraph.records import Article, Facts
from newsgraph.version import PIPELINE_VERSION

log = logging.getLogger(__name__)

# Articles per row of the Ray dataset (one map_batches call): the local runner's chunk (runner.CHUNK),
# big enough to amortise pickling and nlp.pipe batching, small enough to spread a small build over
# every actor. The facts do not depend on it.
BLOCK = 64

# Object store of the local Ray: a block of 64 articles and its facts pickle to well under 2 MB, and
# only a few blocks per worker are in flight, so 256 MB is ample and keeps the build's memory small.
OBJECT_STORE_BYTES = 256 * 1024 * 1024
# Ray's loggers that report progress at INFO/WARNING (execution plans, "progress bars disabled").
RAY_LOGGERS = ("ray", "ray.data")
# Blocks per Ray dataset: the articles of one window are put into the object store together, so a
# window bounds what a build holds there (256 x BLOCK = 16,384 articles, ~80 MB of text); each window
# starts its own actor pool (a pipeline load per worker), which a window this large amortises.
WINDOW_BLOCKS = 256


def require_ray():
    """``ray`` and ``ray.data``, or a usage error that names the missing package."""
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise UsageError(Errors.E030.format(package="ray[data]", reason=exc)) from None
    return ray


class Extractor:
    """One Ray actor's extractor: the pipeline loaded once, then one block of articles per row."""

    def __init__(self, nlp_factory: Callable | None = None):
        from newsgraph.nlp import load_nlp

        self.nlp = (nlp_factory or load_nlp)()

    def __call__(self, batch: dict) -> dict:
        facts = [pickle.dumps(pipeline.extract(pickle.loads(block), self.nlp), pickle.HIGHEST_PROTOCOL)
                 for block in batch["articles"]]
        return {"seq": batch["seq"], "facts": facts}


@contextmanager
def _connected(ray, workers: int, address: str | None):
    """Ray for the build: the one already running here, the cluster at ``address``, or a local one
    started now (and shut down on the way out)."""
    if ray.is_initialized():
        yield
        return
    where = f" at {address!r}" if address else " locally"
    try:
        if address:
            ray.init(address=address, log_to_driver=False, logging_level=_ray_log_level())
        else:  # "local": a new Ray on this machine, whatever RAY_ADDRESS may say
            ray.init(address="local", num_cpus=workers, include_dashboard=False,
                     object_store_memory=OBJECT_STORE_BYTES, log_to_driver=False,
                     logging_level=_ray_log_level())
    except Exception as exc:  # ConnectionError, RuntimeError, ValueError: Ray's own reasons
        raise UsageError(Errors.E031.format(where=where, reason=f"{type(exc).__name__}: {exc}")) from None
    try:
        yield
    finally:
        ray.shutdown()


@contextmanager
def _ordered(ray):
    """Ray Data keeps the rows in input order while the build runs (the writer needs input order), and
    Ray's progress bars and progress messages stay off the terminal (the CLI draws its own bar; with
    --debug they show)."""
    ctx = ray.data.DataContext.get_current()
    saved = (ctx.execution_options.preserve_order, ctx.enable_progress_bars)
    ctx.execution_options.preserve_order = True
    ctx.enable_progress_bars = False
    loggers = [logging.getLogger(name) for name in RAY_LOGGERS]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(_ray_log_level())
    try:
        yield
    finally:
        ctx.execution_options.preserve_order, ctx.enable_progress_bars = saved
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)


def _ray_log_level() -> int:
    """Ray's messages at newsgraph's --debug, else only its errors."""
    return logging.DEBUG if log.isEnabledFor(logging.DEBUG) else logging.ERROR


def run(articles: Iterable[Article], *, workers: int = 1, total: int | None = None,
        address: str | None = None, nlp_factory: Callable | None = None) -> Iterator[list[Facts]]:
    """Yield lists of Facts, one list per block of at most ``BLOCK`` articles, in input order, extracted
    by ``workers`` Ray actors (on a cluster: ``workers`` actors anywhere on it).

    ``total`` (how many articles will come, when known) makes a small build use every actor.
    ``nlp_factory`` makes each actor's pipeline (default ``nlp.load_nlp``; a module-level function, as
    it is pickled to the actors)."""
    blocks = pipeline.iter_batches(articles, pipeline.chunk_size(total, workers, BLOCK))
    first = [b for _, b in zip(range(WINDOW_BLOCKS), blocks)]
    if not first:
        return
    ray = require_ray()
    with _connected(ray, workers, address), _ordered(ray):
        seq = 0
        window = first
        while window:
            yield from _run_window(ray, window, seq, workers, address, nlp_factory)
            seq += len(window)
            window = [b for _, b in zip(range(WINDOW_BLOCKS), blocks)]


def _run_window(ray, window: list[list[Article]], seq: int, workers: int, address: str | None,
                nlp_factory: Callable | None) -> Iterator[list[Facts]]:
    items = [{"seq": seq + i, "articles": pickle.dumps(block, pickle.HIGHEST_PROTOCOL)}
             for i, block in enumerate(window)]
    ds = ray.data.from_items(items).map_batches(
        Extractor, batch_size=1, num_cpus=1,
        fn_constructor_kwargs={"nlp_factory": nlp_factory} if nlp_factory else None,
        compute=ray.data.ActorPoolStrategy(size=min(workers, len(window))))
    # preserve_order keeps the rows in order; the buffer makes the order this function's own promise
    waiting: dict[int, list[Facts]] = {}
    want = seq
    for row in ds.iter_rows():
        waiting[int(row["seq"])] = _checked(pickle.loads(row["facts"]), address)
        while want in waiting:
            yield waiting.pop(want)
            want += 1
    if waiting or want != seq + len(window):  # a lost block would silently leave articles unprocessed
        raise UsageError(Errors.E031.format(where=f" at {address!r}" if address else " locally",
                                            reason=f"{seq + len(window) - want} blocks of articles came back "
                                                   "incomplete"))


def _checked(facts: list[Facts], address: str | None) -> list[Facts]:
    """Facts made by this pipeline version: a cluster node with another newsgraph would store facts
    that the next build thinks are stale (and a mix of versions is not one build's output)."""
    other = {f.pipeline_version for f in facts} - {PIPELINE_VERSION}
    if other:
        raise UsageError(Errors.E031.format(
            where=f" at {address!r}" if address else " locally",
            reason=f"its workers run pipeline version {', '.join(sorted(other))}, this build "
                   f"{PIPELINE_VERSION}: install the same newsgraph on every node"))
    return facts
