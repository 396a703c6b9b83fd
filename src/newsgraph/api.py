"""The public Python API: every other surface (CLI, web, HTTP) is a thin layer over these functions.

>>> from newsgraph import ingest, open_store, export
>>> summary = ingest(["news/"], db="conflict.db")
>>> export("out/", db="conflict.db")
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import IO, Any

from newsgraph.actors.merge import merge_actors, merge_scope
from newsgraph.audit import AuditReport
from newsgraph.audit import audit as audit_store
from newsgraph.consolidate import ConsolidationSummary, consolidate
from newsgraph.consolidate.readers import actor_timeline
from newsgraph.consolidate.readers import compare as compare_outlets
from newsgraph.errors import Errors, UsageError
from newsgraph.export import exporter
from newsgraph.ingest import articles_from_raw, read_inputs, with_templates
from newsgraph.records import Article, IngestError, RawDocument
from newsgraph.settings import load_settings
from newsgraph.store import Store, open_store
from newsgraph.version import CLEANING_VERSION, PIPELINE_VERSION

log = logging.getLogger(__name__)

# progress(files_done, files_total, current_path): called as each input file is finished
ProgressCallback = Callable[[int, int, str | None], None]


@dataclass(slots=True)
class IngestSummary:
    """What an ingest run did; ``errors`` lists every input that failed (file + reason)."""

    db: str  # where the store is (file path for SQLite)
    files: int = 0  # input files (a directory counts its files; "-" counts as one)
    documents: int = 0  # raw units read (a jsonl line, a feed entry, a file)
    added: int = 0  # articles newly stored
    skipped: int = 0  # articles already stored (same content): re-running adds nothing
    near_duplicates: int = 0  # newly stored articles linked to an earlier near-duplicate
    superseded: int = 0  # newly stored articles that re-clean an older version
    errors: list[IngestError] = field(default_factory=list)
    added_ids: list[str] = field(default_factory=list)  # ids of the articles newly stored
    skipped_ids: list[str] = field(default_factory=list)  # ids of the articles already stored
    near_duplicate_ids: list[tuple[str, str]] = field(default_factory=list)  # (article, duplicate of)

    @property
    def ok(self) -> bool:
        return not self.errors


def count_input_files(paths: Iterable[str | PathLike[str]]) -> int:
    """How many files the inputs name (directories are walked, hidden files left out): for progress."""
    total = 0
    for p in paths:
        path = Path(p)
        if str(p) != "-" and path.is_dir():
            total += sum(1 for f in path.rglob("*")
                         if f.is_file() and not any(part.startswith(".") for part in f.relative_to(path).parts))
        else:
            total += 1
    return total


@contextmanager
def _store(db: str | None, store: Store | None) -> Iterator[Store]:
    """The store given (left open) or the one at ``db`` (closed afterwards)."""
    if store is not None:
        yield store
    else:
        with open_store(db) as opened:
            yield opened


def ingest(paths: Iterable[str | PathLike[str]], *, db: str | None = None,
           progress: ProgressCallback | None = None, batch_size: int | None = None,
           store: Store | None = None, stdin: IO[bytes] | None = None,
           follow_symlinks: bool = False) -> IngestSummary:
    """Read, clean and store every article in ``paths`` (files, directories, or "-" for stdin).

    Articles are written in batches of ``batch_size`` (setting ``batch_size``), each batch one
    transaction: killing an ingest loses at most the current batch, and re-running it stores every
    article exactly once. Bad inputs are reported in the summary, never raised; a unit the store
    refuses is reported and the rest of its batch is stored. ``store`` writes into an open store
    instead of the one at ``db``; ``stdin`` is what "-" reads (default: the process's).
    ``follow_symlinks``: read symlinks inside folders that lead out of them (off by default: they
    are reported).
    """
    paths = [str(p) for p in paths]
    size = load_settings(batch_size=batch_size).batch_size
    if size < 1:
        raise UsageError(Errors.E011.format(name="batch_size", type="a positive integer", value=size))
    total_files = count_input_files(paths)
    with _store(db, store) as target:
        summary = IngestSummary(db=target.location, files=total_files)
        batch = _Batch(target, summary)
        files_done, current = 0, None
        for item, template in with_templates(read_inputs(paths, stdin=stdin, follow_symlinks=follow_symlinks)):
            path = item.path
            if path != current:
                if current is not None:
                    files_done += 1
                    if progress:
                        progress(min(files_done, total_files), total_files, path)
                current = path
            if isinstance(item, IngestError):
                if not _is_store_file(item.path, target.location):
                    batch.errors.append(item)
                continue
            summary.documents += 1
            # A unit this cleaning version already stored is not cleaned again (cleaning HTML is the
            # slow part of a re-run). Units and their articles are committed together, so a unit
            # that is present has all its articles.
            known = target.stored_article_ids(item.raw_sha, CLEANING_VERSION)
            if known:
                summary.skipped += len(known)
                summary.skipped_ids += known
                continue
            result = _clean(item, template)
            if isinstance(result, IngestError):
                batch.errors.append(result)  # a rejected unit's raw text is not kept
            else:
                batch.documents.append(item)
                batch.articles.extend(result)
            if len(batch.articles) >= size:
                batch.flush()
        batch.flush()
        if progress:
            progress(total_files, total_files, None)
    log.info("ingest: %d added, %d skipped, %d errors", summary.added, summary.skipped, len(summary.errors))
    return summary


def _is_store_file(path: str | None, location: str) -> bool:
    """Is ``path`` the SQLite store being written (or its WAL/SHM/journal)? A folder ingested with the
    store inside it must not report the store's own files as bad input."""
    if not path or path == "-":
        return False
    try:
        target = Path(path).resolve()
        base = Path(location).resolve()
    except (OSError, ValueError):
        return False
    return target in {base, *(base.with_name(base.name + s) for s in ("-wal", "-shm", "-journal"))}


def _clean(raw: RawDocument, template: frozenset[str] = frozenset()) -> list[Article] | IngestError:
    """One unit's articles; a failure of the cleaner on one unit is reported, not raised."""
    try:
        return articles_from_raw(raw, template)
    except Exception as exc:  # a bug on one input must not stop the run: report it with its file
        log.debug("cleaning failed for %s (unit %d)", raw.path, raw.index, exc_info=True)  # --debug shows it
        return IngestError(path=raw.path or "<unknown>", reason=f"cleaning failed: {type(exc).__name__}: {exc}",
                           index=raw.index)


class _Batch:
    """Pending articles, their raw units and errors, written together in one transaction."""

    def __init__(self, store: Store, summary: IngestSummary) -> None:
        self.store, self.summary = store, summary
        self.articles: list[Article] = []
        self.documents: list[RawDocument] = []
        self.errors: list[IngestError] = []

    def flush(self) -> None:
        if not (self.articles or self.documents or self.errors):
            return
        result = self.store.write_articles(self.articles, self.errors, self.documents)
        self.summary.added += len(result.added)
        self.summary.skipped += len(result.skipped)
        self.summary.near_duplicates += len(result.near_duplicates)
        self.summary.added_ids += result.added
        self.summary.skipped_ids += result.skipped
        self.summary.near_duplicate_ids += result.near_duplicates
        self.summary.superseded += len(result.superseded)
        self.summary.errors.extend(self.errors)
        self.summary.errors.extend(result.failed)
        self.articles, self.documents, self.errors = [], [], []


@dataclass(slots=True)
class BuildSummary:
    """What a build did: the ingest part, then extraction over every article not yet processed."""

    db: str
    ingest: IngestSummary | None = None
    processed: int = 0  # articles extracted by this run
    failed: list[tuple[str, str]] = field(default_factory=list)  # (article id, reason)
    actors_merged: int = 0  # discovered actors folded into another by the corpus-level merge
    stale_actors: int = 0  # actors only an older pipeline version produced, dropped
    consolidation: ConsolidationSummary | None = None  # the cross-outlet step
    corrections: int = 0  # corrections of the log that changed a fact (store/corrections.py)

    @property
    def errors(self) -> list[IngestError]:
        """Every failure as an IngestError (inputs that failed ingest + articles that failed extraction)."""
        extraction = [IngestError(path=f"article {aid}", reason=reason) for aid, reason in self.failed]
        return (self.ingest.errors if self.ingest else []) + extraction

    @property
    def ok(self) -> bool:
        return not self.errors


# progress(articles_done, articles_total): called after each batch of extracted articles is stored
BuildProgress = Callable[[int, int], None]


def build(paths: Iterable[str | PathLike[str]] = (), *, db: str | None = None, workers: int = 1,
          engine: str = "local", ray_address: str | None = None,
          progress: BuildProgress | None = None,
          ingest_progress: ProgressCallback | None = None, follow_symlinks: bool = False) -> BuildSummary:
    """Ingest ``paths`` (if any), then extract facts from every article this pipeline version has not
    processed yet, store them, and merge actors across the corpus.

    Incremental: articles already processed by this ``PIPELINE_VERSION`` are not touched; a new pipeline
    version (a change of any stage's code or data, see version.py) reprocesses everything, and each
    article's new facts replace its old ones; actors only the old version produced are dropped and the
    consolidation is rebuilt. Extraction runs in ``workers`` processes (``engine="local"``: this machine's
    process pool) or ``workers`` Ray actors (``engine="ray"``: a local Ray, or the cluster at
    ``ray_address``); either way only this process writes to the store, one transaction per batch, so
    killing a build loses at most the batch in flight and a re-run finishes the rest.
    """
    paths = [str(p) for p in paths]
    if workers < 1:
        raise UsageError(Errors.E011.format(name="workers", type="a positive integer", value=workers))
    run = _engine(engine, ray_address)
    ingested = ingest(paths, db=db, progress=ingest_progress, follow_symlinks=follow_symlinks) if paths else None
    with open_store(db) as store:
        summary = BuildSummary(db=store.location, ingest=ingested)
        todo = store.unprocessed(PIPELINE_VERSION)
        if progress:
            progress(0, len(todo))
        for facts in (run(_stored_articles(store, todo), workers=workers, total=len(todo)) if todo else ()):
            store.write_facts(facts)
            summary.processed += len(facts)
            summary.failed += [(f.article, f.error) for f in facts if f.error]
            if progress:
                progress(summary.processed, len(todo))
        if summary.processed:  # the merge is a fixpoint: with no new facts it would change nothing
            summary.actors_merged = store.merge_actors(merge_actors(_merge_input(store, todo)))
            summary.stale_actors = store.drop_stale_actors(PIPELINE_VERSION)
            summary.corrections = store.apply_corrections()  # the analysts' log, after every build and merge
        summary.consolidation = consolidate(store)  # incremental: only blocks with new or changed reports
    log.info("build: %d articles extracted, %d failed, %d actors merged", summary.processed,
             len(summary.failed), summary.actors_merged)
    return summary


# Above this share of the stored actors touched by a build, the merge reads every actor (a first build,
# a new pipeline version): finding the scope would cost more than it saves.
FULL_MERGE_SHARE = 0.5


def _merge_input(store: Store, article_ids: list[str]) -> list:
    """The actors the corpus-level merge reads after extracting ``article_ids``: those their mentions
    point to and the actors sharing a blocking key with them (actors.merge.merge_scope), or every actor
    when most were touched. ``newsgraph rebuild`` merges the whole store."""
    touched = store.actors_of_articles(article_ids)
    stubs = store.actor_records(aliases=False)
    if len(touched) > FULL_MERGE_SHARE * len(stubs):
        return store.actor_records()
    named = {a.id: a for a in stubs} | {a.id: a for a in store.actor_records(touched)}
    return store.actor_records(merge_scope(named.values(), touched))


def rebuild(*, db: str | None = None, consolidate_all: bool = True) -> BuildSummary:
    """Re-run the corpus-level steps over the whole store (no extraction): the actor merge and, with
    ``consolidate_all``, the consolidation from scratch instead of incrementally (``newsgraph rebuild
    --consolidate``; the result equals what the incremental builds stored)."""
    with open_store(db) as store:
        summary = BuildSummary(db=store.location)
        summary.actors_merged = store.merge_actors(merge_actors(store.actor_records()))
        summary.stale_actors = store.drop_stale_actors(PIPELINE_VERSION)
        summary.corrections = store.apply_corrections()
        summary.consolidation = consolidate(store, full=consolidate_all)
    return summary


def correct(kind: str, target: str, *, who: str, value: dict[str, Any] | None = None, why: str | None = None,
            db: str | None = None, store: Store | None = None) -> dict[str, Any]:
    """Record one correction (store/corrections.py) and apply the log at once (then re-consolidate), so
    the fix shows now and after every later build. Returns the correction as stored."""
    from newsgraph.store.corrections import parse

    c = parse({"kind": kind, "target": target, "value": value, "who": who, "why": why})
    with _store(db, store) as target_store:
        target_store.record_corrections([c])
        target_store.apply_corrections()
        consolidate(target_store)
    return c.model_dump()


def import_corrections(path: str | PathLike[str], *, db: str | None = None) -> int:
    """Append the corrections of a corrections.jsonl file (a team's shared log) and apply them; how
    many were new."""
    from newsgraph.store.corrections import from_jsonl

    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(Errors.E027.format(path=str(file), line=0, reason=exc)) from None
    items = from_jsonl(text, str(file))
    with open_store(db) as store:
        added = store.record_corrections(items)
        store.apply_corrections()
        consolidate(store)
    return added


def export_corrections(path: str | PathLike[str], *, db: str | None = None) -> int:
    """Write the store's correction log as corrections.jsonl; how many lines."""
    from newsgraph.store.corrections import to_jsonl

    with open_store(db) as store:
        items = store.corrections()
    Path(path).write_text(to_jsonl(items), encoding="utf-8")
    return len(items)


ENGINES = ("local", "ray")


def check_engine(engine: str, ray_address: str | None = None) -> None:
    """Raise the usage error that ``build(engine=..., ray_address=...)`` would raise, before any work."""
    _engine(engine, ray_address)


def _engine(engine: str, ray_address: str | None):
    """The runner's ``run`` for ``engine``: Facts lists in input order, whatever runs the extraction."""
    # imported here, not at the top: the runners load spaCy (and Ray), which commands that only read
    # the store (`newsgraph stats`, the web app) should not wait for
    if engine == "local":
        if ray_address:
            raise UsageError(Errors.E011.format(name="ray_address", type="unset unless engine is 'ray'",
                                                value=ray_address))
        from newsgraph import runner

        return runner.run
    if engine == "ray":
        from functools import partial

        from newsgraph import runner_ray

        runner_ray.require_ray()  # before the ingest: a missing package is a usage error, said at once
        return partial(runner_ray.run, address=ray_address or None)
    raise UsageError(Errors.E032.format(engine=engine, known=", ".join(ENGINES)))


def _stored_articles(store: Store, ids: list[str], chunk: int = 256):
    """Articles read back from the store a chunk at a time (the extraction input)."""
    for i in range(0, len(ids), chunk):
        yield from store.load_articles(ids[i:i + chunk])


def export(out_dir: str | PathLike[str], *, format: str = "jsonl", db: str | None = None) -> dict[str, int]:
    """Write the store's contents into ``out_dir`` in ``format``; returns records written per file."""
    write = exporter(format)
    with open_store(db) as store:
        return write(store, Path(out_dir))


def audit(*, db: str | None = None, pipeline_version: str | None = None) -> AuditReport:
    """The data-quality report of the store at ``db`` (``newsgraph.audit``): per outlet and overall,
    events and their completeness, actors by type, and the suspects with examples."""
    with open_store(db) as store:
        return audit_store(store, pipeline_version=pipeline_version)


def graph(out: str | PathLike[str], *, as_of: str | None = None, format: str = "graphml",
          db: str | None = None) -> dict[str, int]:
    """Write the actor network (evidence dated on or before ``as_of``) to the file ``out``; returns the
    node and edge counts."""
    from newsgraph.export.graph import export_graph  # networkx loads only when a graph is written

    with open_store(db) as store:
        return export_graph(store, Path(out), as_of=as_of, format=format)


def timeline(actor: str, *, db: str | None = None, since: str | None = None, until: str | None = None,
             limit: int | None = None, offset: int = 0) -> dict[str, Any]:
    """One actor's dated events and relation changes, oldest first, with evidence sentences; ``since`` /
    ``until`` (YYYY[-MM[-DD]], ``until`` taking the whole month or year) keep dated items in the range;
    ``limit`` keeps N after the first ``offset`` (``total`` says how many there were)."""
    from newsgraph.store.read.common import check_date, until as until_bound

    with open_store(db) as store:
        out = actor_timeline(store, actor)
    items = out["items"]
    if since:
        items = [i for i in items if i["date"] and i["date"] >= check_date(since)]
    if until:
        items = [i for i in items if i["date"] and i["date"] <= until_bound(until)]
    out["total"] = len(items)
    out["items"] = items[offset:offset + limit] if limit is not None else items[offset:]
    return out


def coverage(flt: Any = None, *, actor: str | None = None, limit: int | None = 50, offset: int = 0,
             db: str | None = None) -> dict[str, Any]:
    """Which outlets report and which leave out each consolidated event of the filter (``flt``: an
    EventFilter; ``actor``: an actor id, name or alias), newest first (store/read/coverage.py)."""
    from newsgraph.store.read.actors import resolve_actor_ids
    from newsgraph.store.read.coverage import coverage as read_coverage

    with open_store(db) as store, store.connect() as conn:
        ids = resolve_actor_ids(conn, actor) if actor else None
        return read_coverage(conn, flt, limit=limit, offset=offset, actor_ids=ids)


def compare(*, actor: str | None = None, event: str | None = None, db: str | None = None,
            limit: int | None = None, offset: int = 0) -> dict[str, Any]:
    """Outlets side by side for an actor (labels, quotes, tone) or a consolidated event (reports,
    contradictions), and which outlets report which consolidated events (a page of them: ``limit``
    rows from ``offset`` on; every row when ``limit`` is None)."""
    with open_store(db) as store:
        return compare_outlets(store, actor=actor, event=event, limit=limit, offset=offset)


__all__ = ["BuildProgress", "BuildSummary", "IngestSummary", "ProgressCallback", "audit", "build", "compare",
           "coverage",
           "correct", "count_input_files", "export", "export_corrections", "graph", "import_corrections", "ingest",
           "open_store", "rebuild", "timeline"]
