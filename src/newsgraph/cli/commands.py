"""The commands. Each parses its options, calls one function of the Python API (or one store reader)
with keyword arguments and hands what it returns to render.py; nothing else lives here.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from newsgraph import api
from newsgraph.cli import render
from newsgraph.cli.app import (EXIT_FAILED, EXIT_OK, DbOption, DebugOption, FollowOption, JsonOption, QuietOption,
                               app, command, stderr, stdout)
from newsgraph.errors import Errors, NewsgraphError, UsageError
from newsgraph.settings import load_settings


def _emit(data: Any, json_: bool, show: Callable[[Any, Console], None]) -> int:
    """A command's last step: ``data`` as JSON, or shown by ``show`` (render.py)."""
    if json_:
        render.print_json(data)
    else:
        show(data, stdout())
    return EXIT_OK


# -- ingest ---------------------------------------------------------------------------------------
def _ingest_with_progress(paths: list[str], db: str | None, quiet: bool,
                          follow_symlinks: bool = False) -> api.IngestSummary:
    total = api.count_input_files(paths)
    if quiet or total <= load_settings().progress_min_files:
        return api.ingest(paths, db=db, follow_symlinks=follow_symlinks)
    with Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=stderr(), transient=True) as bar:
        task = bar.add_task("", total=total)

        def progress(done: int, files: int, path: str | None) -> None:
            bar.update(task, completed=done, total=files, description=escape(Path(path).name) if path else "")

        return api.ingest(paths, db=db, progress=progress, follow_symlinks=follow_symlinks)


@command
def ingest(paths: Annotated[list[str], typer.Argument(help="Files or directories to read; - for stdin.")],
           db: DbOption = None, quiet: QuietOption = False, follow_symlinks: FollowOption = False,
           debug: DebugOption = False) -> int:
    """Read, clean and store articles (txt, html, jsonl, rss/atom, warc; directories recursively)."""
    summary = _ingest_with_progress(paths, db, quiet, follow_symlinks)
    if not quiet:
        render.print_ingest_summary(summary, stdout())
    if summary.errors:
        render.print_errors(summary.errors, stderr())
    return EXIT_OK if summary.ok else EXIT_FAILED


# A list command prints one page: LIST_LIMIT rows unless --limit says otherwise, from --offset on
# (a big store's full listing is a page at a time, not every row rendered).
LIST_LIMIT = 100
OffsetOption = Annotated[int, typer.Option(min=0, help="Skip the first N rows (the next page).")]


# -- reading the store ----------------------------------------------------------------------------
@command
def articles(source: Annotated[str | None, typer.Option(help="Only this outlet (name, any case).")] = None,
             since: Annotated[str | None, typer.Option(help="Published on or after YYYY[-MM[-DD]].")] = None,
             until: Annotated[str | None, typer.Option(help="Published on or before YYYY[-MM[-DD]] (the whole "
                                                       "month or year included).")] = None,
             limit: Annotated[int, typer.Option(min=1, help="At most N articles (a page).")] = LIST_LIMIT,
             offset: OffsetOption = 0,
             json_: JsonOption = False, db: DbOption = None, debug: DebugOption = False) -> int:
    """List stored articles, newest first."""
    with api.open_store(db) as store:
        rows = store.articles(source=source, since=since, until=until, limit=limit, offset=offset)
    return _emit(rows, json_, render.print_articles)


@command
def show(what: Annotated[list[str], typer.Argument(
             help="ARTICLE_ID (or a unique prefix), `article ID`, `actor NAME` or `event ID`.")],
         limit: Annotated[int, typer.Option(min=1, help="actor: at most N mentions, events, relations and "
                                            "quotes each.")] = LIST_LIMIT,
         since: Annotated[str | None, typer.Option(help="actor: mentions and events dated on or after "
                                                   "YYYY[-MM[-DD]].")] = None,
         until: Annotated[str | None, typer.Option(help="actor: mentions and events dated on or before "
                                                   "YYYY[-MM[-DD]] (the whole month or year included).")] = None,
         json_: JsonOption = False, db: DbOption = None, debug: DebugOption = False) -> int:
    """Show one article (metadata with how each value was found, and its clean text), one actor (with
    its mentions, events, relations and quotes, LIMIT of each) or one event (with every report's
    evidence)."""
    kind, rest = ((what[0], what[1:]) if what[0] in ("article", "actor", "event") and len(what) > 1
                  else ("article", what))
    if kind == "article" and len(rest) != 1:
        raise UsageError(Errors.E011.format(name="ARTICLE_ID", type="one article id", value=" ".join(rest)))
    with api.open_store(db) as store:
        if kind == "actor":
            data, show_it = store.actor(" ".join(rest), limit=limit, since=since, until=until), render.print_actor
        elif kind == "event":
            data, show_it = store.event(" ".join(rest)), render.print_event
        else:
            data, show_it = store.article(rest[0]), render.print_article
    return _emit(data, json_, show_it)


@command
def stats(json_: JsonOption = False, db: DbOption = None, debug: DebugOption = False) -> int:
    """Counts: articles, outlets, date range, articles per outlet, facts."""
    with api.open_store(db) as store:
        data = store.stats()
        where = store.location
    return _emit(data, json_, lambda d, console: render.print_stats(d, where, console))


@command
def audit(json_: JsonOption = False, db: DbOption = None,
          pipeline_version: Annotated[str | None, typer.Option(
              "--pipeline-version", help="Only this pipeline version's facts (default: every stored fact).")] = None,
          debug: DebugOption = False) -> int:
    """Data-quality report of a store, no gold needed: events, actors and suspects, per outlet."""
    from newsgraph.cli.render_audit import render

    report = api.audit(db=db, pipeline_version=pipeline_version)
    return _emit(report.to_dict() if json_ else report, json_, render)


@command
def search(query: Annotated[str, typer.Argument(help="Words that must all occur (title or text).")],
           limit: Annotated[int, typer.Option(min=1, help="At most N results.")] = 20,
           offset: Annotated[int, typer.Option(min=0, help="Skip the N best results first.")] = 0,
           json_: JsonOption = False, db: DbOption = None, debug: DebugOption = False) -> int:
    """Full-text search over article titles and texts, best first."""
    with api.open_store(db) as store:
        rows = store.search(query, limit=offset + limit)[offset:]
    return _emit(rows, json_, render.print_search)


# -- build and entities ---------------------------------------------------------------------------
@command
def build(paths: Annotated[list[str] | None, typer.Argument(
              help="Files or directories to ingest first (as for `ingest`); none: process what is stored.")] = None,
          workers: Annotated[int, typer.Option(min=1, help="Extraction processes (Ray actors with --engine ray).")] = 1,
          engine: Annotated[str, typer.Option(
              help="What runs the extraction: local (a process pool here) or ray (Ray Data).")] = "local",
          ray_address: Annotated[str | None, typer.Option(
              help="With --engine ray: the Ray cluster to join (ray://host:10001); none: a local Ray.")] = None,
          db: DbOption = None, quiet: QuietOption = False, follow_symlinks: FollowOption = False,
          debug: DebugOption = False) -> int:
    """Ingest, then extract actors, places and dates from every article not yet processed."""
    summary = _build_with_progress(paths or [], db, workers, quiet, follow_symlinks,
                                   engine=engine, ray_address=ray_address)
    if not quiet:
        render.print_build_summary(summary, stdout())
    if summary.errors:
        render.print_errors(summary.errors, stderr())
    return EXIT_OK if summary.ok else EXIT_FAILED


@command
def rebuild(consolidate: Annotated[bool, typer.Option(
                "--consolidate/--no-consolidate",
                help="Rebuild the consolidated events from scratch (a build updates them incrementally).")] = True,
            db: DbOption = None, quiet: QuietOption = False, debug: DebugOption = False) -> int:
    """Re-run the corpus-level steps over the whole store: the actor merge and the consolidation."""
    summary = api.rebuild(db=db, consolidate_all=consolidate)
    if not quiet:
        render.print_build_summary(summary, stdout())
    return EXIT_OK


def _build_with_progress(paths: list[str], db: str | None, workers: int, quiet: bool,
                         follow_symlinks: bool = False, engine: str = "local",
                         ray_address: str | None = None) -> api.BuildSummary:
    api.check_engine(engine, ray_address)  # a wrong engine is said before any ingest
    ingest_summary = _ingest_with_progress(paths, db, quiet, follow_symlinks) if paths else None
    run = {"db": db, "workers": workers, "engine": engine, "ray_address": ray_address}
    if quiet:
        summary = api.build(**run)
    else:
        with Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=stderr(), transient=True) as bar:
            task = bar.add_task("", total=None)
            summary = api.build(**run,
                                progress=lambda done, total: bar.update(task, completed=done, total=total))
    summary.ingest = ingest_summary
    return summary


@command
def actors(type: Annotated[str | None, typer.Option("--type", help="person, armed_group, government, state, "
                                                    "igo, political_party, company, media, other")] = None,
           country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2 country code.")] = None,
           limit: Annotated[int, typer.Option(min=1, help="At most N actors (a page).")] = LIST_LIMIT,
           offset: OffsetOption = 0,
           json_: JsonOption = False, db: DbOption = None, debug: DebugOption = False) -> int:
    """List actors, most mentioned first, with their aliases."""
    with api.open_store(db) as store:
        rows = store.actors(type=type, country=country, limit=limit, aliases=True, offset=offset)
    return _emit(rows, json_, render.print_actors)


# The filter model's options (store/read/filters.py EventFilter), shared by `events` and `coverage`.
FilterActor = Annotated[str | None, typer.Option("--actor", help="Actor id, name or alias (actor or recipient).")]
FilterType = Annotated[str | None, typer.Option("--type", help="PLOVER type (ASSAULT, AGREE, ...) or mode (aerial, "
                                                "arrest, ...).")]
FilterSince = Annotated[str | None, typer.Option("--since", help="Dated on or after YYYY[-MM[-DD]] (event date, else "
                                                 "article date).")]
FilterUntil = Annotated[str | None, typer.Option("--until", help="Dated on or before YYYY[-MM[-DD]] (the whole month or "
                                                 "year included).")]
FilterPlace = Annotated[str | None, typer.Option("--place", help="Part of the place name, or an ISO2 country code.")]
FilterOutlet = Annotated[str | None, typer.Option("--outlet", help="Only events this outlet reports (name, any case).")]
FilterConfidence = Annotated[float | None, typer.Option("--min-confidence", help="Lowest confidence kept (0-1).")]
FilterReports = Annotated[int | None, typer.Option("--min-reports", help="Only events told by N reports or more.")]
FilterOutlets = Annotated[int | None, typer.Option("--min-outlets", help="Only events told by N outlets or more.")]
FilterNegated = Annotated[bool, typer.Option("--include-negated", help="Include negated events.")]
FilterHypothetical = Annotated[bool, typer.Option("--include-hypothetical", help="Include hypothetical events.")]
FilterDateBasis = Annotated[str, typer.Option("--date-basis", help="any, or event: only events dated by their own "
                                              "text.")]
PageLimit = Annotated[int, typer.Option("--limit", min=1, help="At most N events (a page).")]


def _event_filter(**values: Any):
    from newsgraph.store.read.filters import EventFilter

    return EventFilter.parse(values)


@command
def events(actor: FilterActor = None, type: FilterType = None, since: FilterSince = None,
           until: FilterUntil = None, place: FilterPlace = None, outlet: FilterOutlet = None,
           min_confidence: FilterConfidence = None, min_reports: FilterReports = None,
           min_outlets: FilterOutlets = None, negated: FilterNegated = False,
           hypothetical: FilterHypothetical = False, date_basis: FilterDateBasis = "any",
           reports: Annotated[bool, typer.Option("--reports", help="Every report instead of one row per "
                                                 "consolidated event.")] = False,
           limit: PageLimit = LIST_LIMIT, offset: OffsetOption = 0,
           json_: JsonOption = False, db: DbOption = None, debug: DebugOption = False) -> int:
    """List events, oldest first, with actors, place, outlet and the evidence sentence
    (a date marked * is the article's date: the text gives none). One row per consolidated event
    (its public id first), negated and hypothetical events left out, unless asked."""
    flt = _event_filter(type=type, since=since, until=until, place=place, outlet=outlet,
                        min_confidence=min_confidence, min_reports=min_reports, min_outlets=min_outlets,
                        negated=negated, hypothetical=hypothetical, date_basis=date_basis,
                        view="reports" if reports else "consolidated")
    with api.open_store(db) as store:
        rows = store.events(actor=actor, limit=limit, offset=offset, flt=flt)
    return _emit(rows, json_, render.print_events)


@command
def coverage(actor: FilterActor = None, type: FilterType = None, since: FilterSince = None,
             until: FilterUntil = None, place: FilterPlace = None, outlet: FilterOutlet = None,
             min_confidence: FilterConfidence = None, min_reports: FilterReports = None,
             min_outlets: FilterOutlets = None, negated: FilterNegated = False,
             hypothetical: FilterHypothetical = False, date_basis: FilterDateBasis = "any",
             limit: PageLimit = LIST_LIMIT, offset: OffsetOption = 0,
             json_: JsonOption = False, db: DbOption = None, debug: DebugOption = False) -> int:
    """Which outlets report and which leave out each consolidated event (newest first): an outlet leaves
    an event out when it published within 3 days of it without reporting it. The filters of `events`."""
    flt = _event_filter(type=type, since=since, until=until, place=place, outlet=outlet,
                        min_confidence=min_confidence, min_reports=min_reports, min_outlets=min_outlets,
                        negated=negated, hypothetical=hypothetical, date_basis=date_basis)
    data = api.coverage(flt, actor=actor, limit=limit, offset=offset, db=db)
    return _emit(data, json_, render.print_coverage)


@command
def relations(actor: Annotated[str | None, typer.Option(help="Actor id, name or alias (source or target).")] = None,
              type: Annotated[str | None, typer.Option("--type", help="supports, arms, funds, fights, allied_with, "
                                                       "opposes, commands, member_of, negotiates_with, "
                                                       "sanctions, recognizes")] = None,
              since: Annotated[str | None, typer.Option(help="Only evidence dated on or after "
                                                        "YYYY[-MM[-DD]].")] = None,
              until: Annotated[str | None, typer.Option(help="Only evidence dated on or before YYYY[-MM[-DD]] "
                                                        "(the whole month or year included).")] = None,
              limit: Annotated[int, typer.Option(min=1, help="At most N relations (a page).")] = LIST_LIMIT,
              offset: OffsetOption = 0,
              json_: JsonOption = False, db: DbOption = None, debug: DebugOption = False) -> int:
    """List relations between actors, most reported first, with dates, outlets and evidence."""
    with api.open_store(db) as store:
        rows = store.relations(actor=actor, type=type, limit=limit, offset=offset, since=since, until=until)
    return _emit(rows, json_, render.print_relations)


@command
def places(country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2 country code.")] = None,
           limit: Annotated[int, typer.Option(min=1, help="At most N places (a page).")] = LIST_LIMIT,
           offset: OffsetOption = 0,
           json_: JsonOption = False, db: DbOption = None, debug: DebugOption = False) -> int:
    """List places mentioned, resolved to GeoNames (unresolved ones by their text)."""
    with api.open_store(db) as store:
        rows = store.place_summary(country=country, limit=limit, offset=offset)
    return _emit(rows, json_, render.print_places)


@command
def eval(task: Annotated[str, typer.Argument(help="geo, time, events, arguments, coref, actors, framing, realnews or all.")],
         data: Annotated[Path | None, typer.Option(help="Gold data folder (default: ../shared/eval/...).")] = None,
         limit: Annotated[int | None, typer.Option(min=1, help="Only the first N documents/items.")] = None,
         json_: JsonOption = False, debug: DebugOption = False) -> int:
    """Score newsgraph on public gold data with the field's metrics, beside published anchors."""
    from newsgraph.evaluation import evaluate, format_report

    result = evaluate(task, data=data, limit=limit)
    if json_:
        render.print_json(result)
    else:
        stdout().print(format_report(result), markup=False, highlight=False)
    return EXIT_OK


# -- export ---------------------------------------------------------------------------------------
@command
def export(outdir: Annotated[Path, typer.Argument(help="Folder to write the files into.")],
           format: Annotated[str, typer.Option("--format", "-f", help="jsonl (the contract), csv (ACLED-style "
                                               "events), tsv (GDELT-style events), parquet or graphml.")] = "jsonl",
           db: DbOption = None, debug: DebugOption = False) -> int:
    """Write the store as files (the documented export contract)."""
    counts = api.export(outdir, format=format, db=db)
    stdout().print(render.export_table(str(outdir), counts))
    return EXIT_OK


# -- across outlets: network, timeline, comparison (consolidate/, export/graph.py) --------------------
@command
def graph(out: Annotated[Path | None, typer.Argument(help="File to write (default: graph.<format>).")] = None,
          as_of: Annotated[str | None, typer.Option("--as-of", help="Only evidence dated on or before "
                                                    "YYYY[-MM[-DD]] (default: all).")] = None,
          format: Annotated[str, typer.Option("--format", "-f", help="graphml, gexf (time-aware edges) "
                                              "or json.")] = "graphml",
          db: DbOption = None, debug: DebugOption = False) -> int:
    """Write the actor network at a date: relations with first/last evidence, reports and outlets."""
    target = out or Path(f"graph.{format}")
    counts = api.graph(target, as_of=as_of, format=format, db=db)
    when = f" as of {as_of}" if as_of else ""
    stdout().print(f"{counts['nodes']} actors, {counts['edges']} relations{when} -> {escape(str(target))}")
    return EXIT_OK


@command
def timeline(actor: Annotated[str, typer.Argument(help="Actor id, name or alias.")],
             since: Annotated[str | None, typer.Option(help="Dated on or after YYYY[-MM[-DD]].")] = None,
             until: Annotated[str | None, typer.Option(help="Dated on or before YYYY[-MM[-DD]] (the whole "
                                                       "month or year included).")] = None,
             limit: Annotated[int, typer.Option(min=1, help="At most N items.")] = 50,
             offset: Annotated[int, typer.Option(min=0, help="Skip the first N items.")] = 0,
             json_: JsonOption = False, db: DbOption = None, debug: DebugOption = False) -> int:
    """List an actor's dated events and relation changes in order, with evidence."""
    return _emit(api.timeline(actor, db=db, since=since, until=until, limit=limit, offset=offset), json_,
                 render.print_timeline)


@command
def compare(actor: Annotated[str | None, typer.Option("--actor", help="Actor id, name or alias.")] = None,
            event: Annotated[str | None, typer.Option("--event", help="Consolidated event id (or prefix).")] = None,
            limit: Annotated[int, typer.Option(min=1, help="At most N rows of the coverage list (a page).")] = LIST_LIMIT,
            offset: OffsetOption = 0,
            json_: JsonOption = False, db: DbOption = None, debug: DebugOption = False) -> int:
    """Outlets side by side: labels, quotes and tone for an actor; reports and contradictions for an
    event; which outlets report which consolidated events (one page of them)."""
    return _emit(api.compare(actor=actor, event=event, db=db, limit=limit, offset=offset), json_,
                 render.print_comparison)


# -- corrections (store/corrections.py) -------------------------------------------------------------
@command
def correct(kind: Annotated[str, typer.Argument(help="reject_event, retype_event, fix_place, rename_actor, "
                                                "retype_actor, merge_actor, split_actor, reject_relation or "
                                                "retype_relation.")],
            target: Annotated[str, typer.Argument(help="An event as ARTICLE:START-END (its evidence), or an "
                                                  "actor or relation id.")],
            to: Annotated[str | None, typer.Option("--to", help="The new type or name; the actor to merge "
                                                   "into; the place name; the alias to split off.")] = None,
            name: Annotated[str | None, typer.Option(help="split_actor: the new actor's name.")] = None,
            country: Annotated[str | None, typer.Option(help="fix_place: ISO2 country code.")] = None,
            lat: Annotated[float | None, typer.Option(help="fix_place: latitude.")] = None,
            lon: Annotated[float | None, typer.Option(help="fix_place: longitude.")] = None,
            who: Annotated[str, typer.Option(help="Who corrects (kept in the log).")] = "cli",
            why: Annotated[str | None, typer.Option(help="Why (kept in the log).")] = None,
            json_: JsonOption = False, db: DbOption = None, debug: DebugOption = False) -> int:
    """Correct a fact: the correction is logged in the store and applied now and after every build."""
    key = {"retype_event": "type", "rename_actor": "name", "retype_actor": "type", "merge_actor": "into",
           "split_actor": "alias", "fix_place": "name", "retype_relation": "type"}.get(kind)
    value: dict[str, Any] | None = None
    if key:
        value = {key: to}
        if kind == "split_actor" and name:
            value["name"] = name
        if kind == "fix_place":
            value.update(country=country, lat=lat, lon=lon)
    done = api.correct(kind, target, value=value, who=who, why=why, db=db)
    return _emit(done, json_, lambda d, console: console.print(
        f"corrected: {d['kind']} {escape(d['target'])} (by {escape(d['who'])}); applied after every build"))


@command
def corrections(export_to: Annotated[Path | None, typer.Option("--export", help="Write the log as a "
                                                               "corrections.jsonl file.")] = None,
                import_from: Annotated[Path | None, typer.Option("--import", help="Append and apply the "
                                                                 "corrections of a corrections.jsonl file.")] = None,
                limit: Annotated[int, typer.Option(min=1, help="List at most N corrections.")] = 100,
                offset: Annotated[int, typer.Option(min=0, help="Skip the first N (oldest) corrections.")] = 0,
                json_: JsonOption = False, db: DbOption = None, debug: DebugOption = False) -> int:
    """List the correction log, or share it: --export FILE / --import FILE (corrections.jsonl)."""
    if import_from is not None:
        stdout().print(f"{api.import_corrections(import_from, db=db)} corrections added from "
                       f"{escape(str(import_from))}")
    if export_to is not None:
        stdout().print(f"{api.export_corrections(export_to, db=db)} corrections -> {escape(str(export_to))}")
    if import_from is None and export_to is None:
        with api.open_store(db) as store:
            log = store.corrections()
        rows = [c.model_dump() for c in log[offset:offset + limit]]

        def show(d, console) -> None:
            for r in d:
                console.print(f"{r['at']}  {escape(r['who'])}: {r['kind']} {escape(r['target'])} "
                              f"{escape(str(r['value'] or ''))} {escape(r['why'] or '')}")
            if len(log) > len(d):
                console.print(f"[dim]{len(d)} of {len(log)} corrections (--limit / --offset for more)[/dim]")
        return _emit(rows, json_, show)
    return EXIT_OK


# -- watch (watch.py) -------------------------------------------------------------------------------
@command
def watch(sources: Annotated[list[str], typer.Argument(help="Feed URLs (http/https), feed files or folders.")],
          rules: Annotated[Path | None, typer.Option(help="Watch rules (JSON list: name, actor, place, "
                                                     "country, type, min_fatalities, min_reports).")] = None,
          interval: Annotated[float, typer.Option(min=1, help="Seconds between cycles.")] = 3600,
          once: Annotated[bool, typer.Option("--once", help="One cycle, then exit (for cron).")] = False,
          alerts: Annotated[Path | None, typer.Option(help="Append new alerts here as JSON lines.")] = None,
          webhook: Annotated[str | None, typer.Option(help="POST each new alert (JSON) to this URL.")] = None,
          spool: Annotated[Path | None, typer.Option(help="Where fetched feeds are kept (default "
                                                     ".newsgraph-watch).")] = None,
          db: DbOption = None, debug: DebugOption = False) -> int:
    """Keep the store current from feeds and folders (incremental ingest and build), and raise alerts
    for watch rules once each (Atom feed: /alerts.atom of `newsgraph serve`)."""
    from newsgraph.watch import watch as run_watch

    def progress(summary) -> None:
        stdout().print(escape(summary.line()))
        for err in summary.errors:
            stderr().print(escape(err))

    done = run_watch(sources, db=db, rules_file=rules, interval=interval, once=once, alerts_out=alerts,
                     webhook=webhook, spool=spool, progress=progress)
    return EXIT_OK if not any(c.errors for c in done) else EXIT_FAILED


# -- web ------------------------------------------------------------------------------------------
def _serve(db: str | None, host: str, port: int, token: str | None, allow_hosts: list[str] | None = None) -> None:
    from newsgraph.web import serve as run_server  # the web app (FastAPI) loads only when serving

    stdout().print(f"serving on http://{host}:{port}/ (API reference: /api-reference); press Ctrl-C to stop")
    run_server(db, host=host, port=port, token=token, allowed_hosts=allow_hosts)


@command
def serve(db: DbOption = None,
          host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
          token: Annotated[str | None, typer.Option(help="Bearer token that allows POST /api/articles "
                                                    "(default: NEWSGRAPH_TOKEN; none: read-only).")] = None,
          allow_host: Annotated[list[str] | None, typer.Option(
              "--allow-host", help="Also answer requests for this Host name (repeatable; besides the bind "
                                   "address, localhost, 127.0.0.1 and the allowed_hosts setting).")] = None,
          debug: DebugOption = False) -> int:
    """Serve the web UI and the JSON API over the store."""
    _serve(db, host, port, token, allow_host)
    return EXIT_OK


# -- demo -----------------------------------------------------------------------------------------
def find_examples() -> Path:
    """The bundled sample corpus: examples/ of the source tree (editable install) or the cwd."""
    candidates = [Path(__file__).resolve().parents[3] / "examples" / "articles",
                  Path.cwd() / "examples" / "articles"]
    for path in candidates:
        if path.is_dir():
            return path
    raise NewsgraphError(Errors.E013.format(paths=", ".join(str(p) for p in candidates)))


@command
def demo(no_serve: Annotated[bool, typer.Option("--no-serve", help="Do not start the web app.")] = False,
         db: Annotated[str | None, typer.Option("--db", help="Demo store (default: newsgraph-demo.db).")] = None,
         debug: DebugOption = False) -> int:
    """Build the store from the bundled sample corpus (examples/articles) and show what it holds."""
    target = db or load_settings().demo_db
    examples = find_examples()
    console = stdout()
    console.print(f"building the store from the sample corpus {escape(str(examples))} ...")
    summary = _build_with_progress([str(examples)], target, 1, quiet=False)
    render.print_build_summary(summary, console)
    if summary.errors:
        render.print_errors(summary.errors, stderr())
    with api.open_store(target) as store:
        render.print_stats(store.stats(), store.location, console)
    if no_serve:
        console.print(f"browse it: {escape(sys.argv[0] if sys.argv else 'newsgraph')} serve --db {escape(target)}"
                  "  then open http://127.0.0.1:8000/")
    else:
        _serve(target, "127.0.0.1", 8000, None)
    return EXIT_OK if summary.ok else EXIT_FAILED


def main() -> None:
    """Entry point of the `newsgraph` script."""
    app()
