"""The command line: thin. Each command parses its options, calls one API function and prints.

Exit codes: 0 everything worked; 1 some inputs failed (or an operation failed); 2 usage errors (bad
options, unknown ids, bad store URL). Tracebacks only with ``--debug``.

Adding a command is one small function decorated with ``@command``; shared options are the
``Annotated`` aliases below.
"""
from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsgraph import api
from newsgraph.errors import Errors, NewsgraphError, UsageError
from newsgraph.settings import load_settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

app = typer.Typer(name="newsgraph", add_completion=False, no_args_is_help=True,
                  pretty_exceptions_enable=False, rich_markup_mode=None,
                  help="Evidence-backed models of armed conflicts from many news outlets.")

DbOption = Annotated[str | None, typer.Option("--db", help="Store: SQLAlchemy URL or file path "
                                              "(default: setting `db`, newsgraph.db).")]
DebugOption = Annotated[bool, typer.Option("--debug", help="Log debug messages; show tracebacks.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")]
FollowOption = Annotated[bool, typer.Option("--follow-symlinks", help="Inside folders, also read symlinks "
                                            "that lead out of the folder (reported and skipped by default).")]


def _out() -> Console:
    # soft_wrap: plain lines are left for the terminal to wrap (grep-able, copy-able); tables still fit
    return Console(soft_wrap=True)


def _err() -> Console:
    return Console(stderr=True, soft_wrap=True)


def command(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Register ``fn`` as a command with newsgraph's logging, error messages and exit codes."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = bool(kwargs.get("debug", False))
        logging.basicConfig(level=logging.DEBUG if debug else load_settings().log_level,
                            format="%(levelname)s %(name)s: %(message)s", force=True)
        try:
            code = fn(*args, **kwargs)
        except typer.Exit:
            raise
        except UsageError as exc:
            _err().print(f"[red]error:[/red] {escape(str(exc))}")
            if debug:
                raise
            raise typer.Exit(EXIT_USAGE) from None
        except NewsgraphError as exc:
            _err().print(f"[red]error:[/red] {escape(str(exc))}")
            if debug:
                raise
            raise typer.Exit(EXIT_FAILED) from None
        except Exception as exc:  # an unexpected failure: a short message, the traceback only on --debug
            if debug:
                raise
            _err().print(f"[red]error:[/red] {type(exc).__name__}: {escape(str(exc))} "
                         "(run again with --debug for the traceback)")
            raise typer.Exit(EXIT_FAILED) from None
        raise typer.Exit(code or EXIT_OK)

    return app.command(name=fn.__name__.removesuffix("_cmd").replace("_", "-"))(wrapper)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


# -- ingest ---------------------------------------------------------------------------------------
def _ingest_with_progress(paths: list[str], db: str | None, quiet: bool,
                          follow_symlinks: bool = False) -> api.IngestSummary:
    total = api.count_input_files(paths)
    if quiet or total <= load_settings().progress_min_files:
        return api.ingest(paths, db=db, follow_symlinks=follow_symlinks)
    with Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=_err(), transient=True) as bar:
        task = bar.add_task("", total=total)

        def progress(done: int, files: int, path: str | None) -> None:
            bar.update(task, completed=done, total=files, description=escape(Path(path).name) if path else "")

        return api.ingest(paths, db=db, progress=progress, follow_symlinks=follow_symlinks)


def print_errors(errors: list, console: Console) -> None:
    table = Table(title=f"{len(errors)} input(s) failed", title_justify="left")
    table.add_column("file", overflow="fold")  # a path is never cut: people copy it
    table.add_column("item", justify="right")
    table.add_column("reason", overflow="fold")
    for e in errors:
        table.add_row(escape(e.path), "" if e.index is None else str(e.index), escape(e.reason))
    console.print(table)


def print_ingest_summary(summary: api.IngestSummary, console: Console) -> None:
    console.print(f"[bold]{summary.added}[/bold] articles added, {summary.skipped} already stored, "
                  f"{summary.near_duplicates} near-duplicates linked, {len(summary.errors)} errors "
                  f"({summary.documents} documents from {summary.files} input files)")
    console.print(f"store: {escape(summary.db)}")


@command
def ingest(paths: Annotated[list[str], typer.Argument(help="Files or directories to read; - for stdin.")],
           db: DbOption = None, quiet: QuietOption = False, follow_symlinks: FollowOption = False,
           debug: DebugOption = False) -> int:
    """Read, clean and store articles (txt, html, jsonl, rss/atom, warc; directories recursively)."""
    summary = _ingest_with_progress(paths, db, quiet, follow_symlinks)
    if not quiet:
        print_ingest_summary(summary, _out())
    if summary.errors:
        print_errors(summary.errors, _err())
    return EXIT_OK if summary.ok else EXIT_FAILED


# -- reading the store ----------------------------------------------------------------------------
@command
def articles(source: Annotated[str | None, typer.Option(help="Only this outlet (name, any case).")] = None,
             since: Annotated[str | None, typer.Option(help="Published on or after YYYY[-MM[-DD]].")] = None,
             limit: Annotated[int | None, typer.Option(min=1, help="At most N articles.")] = None,
             json_: JsonOption = False, db: DbOption = None, debug: DebugOption = False) -> int:
    """List stored articles, newest first."""
    with api.open_store(db) as store:
        rows = store.articles(source=source, since=since, limit=limit)
    if json_:
        _print_json(rows)
        return EXIT_OK
    table = Table(title=f"{len(rows)} articles", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("source", max_width=24, overflow="ellipsis", no_wrap=True)
    table.add_column("title", overflow="fold", ratio=1)
    for r in rows:
        table.add_row(r["id"][:12], r["published"] or "", escape(r["source"] or ""), escape(r["title"] or ""))
    _out().print(table)
    return EXIT_OK


@command
def show(what: Annotated[list[str], typer.Argument(
             help="ARTICLE_ID (or a unique prefix), `article ID`, `actor NAME` or `event ID`.")],
         json_: JsonOption = False, db: DbOption = None, debug: DebugOption = False) -> int:
    """Show one article (metadata with how each value was found, and its clean text), one actor (with
    its mentions, events, relations and quotes) or one event (with every report's evidence)."""
    kind, rest = ((what[0], what[1:]) if what[0] in ("article", "actor", "event") and len(what) > 1
                  else ("article", what))
    if kind == "actor":
        return _show_actor(" ".join(rest), json_, db)
    if kind == "event":
        return _show_event(" ".join(rest), json_, db)
    if len(rest) != 1:
        raise UsageError(Errors.E011.format(name="ARTICLE_ID", type="one article id", value=" ".join(rest)))
    return _show_article(rest[0], json_, db)


def _show_article(article_id: str, json_: bool, db: str | None) -> int:
    with api.open_store(db) as store:
        a = store.article(article_id)
    if json_:
        _print_json(a)
        return EXIT_OK
    out = _out()
    table = Table(show_header=False, box=None)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")  # paths and URLs are never cut
    rows = [("id", a["id"]), ("title", a["title"]),
            ("source", f"{a['source'] or '—'}  (basis: {a['source_basis']})"),
            ("published", f"{a['published'] or '—'}  (basis: {a['published_basis']})"),
            ("path", f"{a['path']}  (part {a['part']}, item {a['index']}, {a['format']})"),
            ("url", a["url"]), ("duplicate of", a["duplicate_of"]), ("supersedes", a["supersedes"]),
            ("cleaning", a["cleaning_version"]), ("stored", a["created_at"])]
    for key, value in rows:
        if value:
            table.add_row(f"[bold]{key}[/bold]", escape(str(value)))
    out.print(table)
    out.print()
    out.print(escape(a["text"]), highlight=False)
    return EXIT_OK


@command
def stats(json_: JsonOption = False, db: DbOption = None, debug: DebugOption = False) -> int:
    """Counts: articles, outlets, date range, articles per outlet, facts."""
    with api.open_store(db) as store:
        data = store.stats()
        where = store.location
    if json_:
        _print_json(data)
        return EXIT_OK
    print_stats(data, where, _out())
    return EXIT_OK


def print_stats(data: dict[str, Any], where: str, out: Console) -> None:
    out.print(f"[bold]{data['articles']}[/bold] articles ({data['near_duplicates']} near-duplicates, "
              f"{data['undated']} undated) from [bold]{data['outlets']}[/bold] outlets; published "
              f"{data['first_published'] or '?'} to {data['last_published'] or '?'}")
    table = Table(title="articles per outlet", title_justify="left")
    table.add_column("outlet")
    table.add_column("articles", justify="right")
    for row in data["per_outlet"]:
        table.add_row(escape(row["name"] or "(unknown outlet)"), str(row["articles"]))
    out.print(table)
    facts = ", ".join(f"{n} {name}" for name, n in data["facts"].items())
    out.print(f"facts: {facts}")
    out.print(f"store: {escape(where)}")


@command
def search(query: Annotated[str, typer.Argument(help="Words that must all occur (title or text).")],
           limit: Annotated[int, typer.Option(min=1, help="At most N results.")] = 20,
           json_: JsonOption = False, db: DbOption = None, debug: DebugOption = False) -> int:
    """Full-text search over article titles and texts."""
    with api.open_store(db) as store:
        rows = store.search(query, limit=limit)
    if json_:
        _print_json(rows)
        return EXIT_OK
    table = Table(title=f"{len(rows)} articles match", title_justify="left")
    for col in ("id", "source", "title", "snippet"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["id"][:12], escape(r["source"] or ""), escape(r["title"] or ""),
                      escape(r.get("snippet") or ""))
    _out().print(table)
    return EXIT_OK


# -- build and entities ---------------------------------------------------------------------------
@command
def build(paths: Annotated[list[str] | None, typer.Argument(
              help="Files or directories to ingest first (as for `ingest`); none: process what is stored.")] = None,
          workers: Annotated[int, typer.Option(min=1, help="Extraction processes.")] = 1,
          db: DbOption = None, quiet: QuietOption = False, follow_symlinks: FollowOption = False,
          debug: DebugOption = False) -> int:
    """Ingest, then extract actors, places and dates from every article not yet processed."""
    summary = _build_with_progress(paths or [], db, workers, quiet, follow_symlinks)
    if not quiet:
        print_build_summary(summary, _out())
    if summary.errors:
        print_errors(summary.errors, _err())
    return EXIT_OK if summary.ok else EXIT_FAILED


def _build_with_progress(paths: list[str], db: str | None, workers: int, quiet: bool,
                         follow_symlinks: bool = False) -> api.BuildSummary:
    ingest_summary = _ingest_with_progress(paths, db, quiet, follow_symlinks) if paths else None
    if quiet:
        summary = api.build(db=db, workers=workers)
    else:
        with Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=_err(), transient=True) as bar:
            task = bar.add_task("", total=None)
            summary = api.build(db=db, workers=workers,
                                progress=lambda done, total: bar.update(task, completed=done, total=total))
    summary.ingest = ingest_summary
    return summary


def print_build_summary(summary: api.BuildSummary, out: Console) -> None:
    if summary.ingest:
        print_ingest_summary(summary.ingest, out)
    out.print(f"[bold]{summary.processed}[/bold] articles extracted, {len(summary.failed)} failed, "
              f"{summary.actors_merged} actors merged across articles")
    c = summary.consolidation
    if c is not None:
        out.print(f"{c.events} events consolidated into {c.clusters} multi-report events "
                  f"({c.multi_outlet_clusters} across outlets), {c.contradictions} contradictions flagged")
    out.print(f"store: {escape(summary.db)}")


@command
def actors(type: Annotated[str | None, typer.Option("--type", help="person, armed_group, government, state, "
                                                    "igo, political_party, company, media, other")] = None,
           country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2 country code.")] = None,
           limit: Annotated[int | None, typer.Option(min=1, help="At most N actors.")] = None,
           json_: JsonOption = False, db: DbOption = None, debug: DebugOption = False) -> int:
    """List actors, most mentioned first, with their aliases."""
    with api.open_store(db) as store:
        rows = store.actors(type=type, country=country, limit=limit)
        for r in rows:
            r["aliases"] = store.actor_aliases(r["id"])
    if json_:
        _print_json(rows)
        return EXIT_OK
    table = Table(title=f"{len(rows)} actors", title_justify="left")
    for col in ("name", "type", "country", "mentions", "articles", "aliases"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(escape(r["name"]), r["type"], r["country"] or "", str(r["mentions"]), str(r["articles"]),
                      escape(", ".join(f"{a} ({n})" for a, n in r["aliases"].items())))
    _out().print(table)
    return EXIT_OK


def _show_actor(name: str, json_: bool, db: str | None) -> int:
    from newsgraph.evidence import sentence_span

    with api.open_store(db) as store:
        found = store.find_actors(name)
        if not found:
            raise UsageError(Errors.E018.format(name=name))
        actor = found[0]
        actor["aliases"] = store.actor_aliases(actor["id"])
        mentions = store.actor_mentions(actor["id"])
        texts = store.article_texts(sorted({m["article_id"] for m in mentions}))
        actor["events"] = store.events(actor=actor["id"])
        actor["relations"] = store.relations(actor=actor["id"])
        actor["quotes"] = store.quotes(actor=actor["id"])
    for m in mentions:
        lo, hi = sentence_span(texts[m["article_id"]], m["start"], m["end"])
        m["sentence"] = texts[m["article_id"]][lo:hi]
    actor["mentions_list"] = mentions
    actor["others"] = [f["name"] for f in found[1:]]
    if json_:
        _print_json(actor)
        return EXIT_OK
    out = _out()
    out.print(f"[bold]{escape(actor['name'])}[/bold]  {actor['type']}  {actor['country'] or ''}  "
              f"(id {actor['id']}{', KB ' + actor['kb_id'] if actor['kb_id'] else ''})")
    out.print("aliases: " + escape(", ".join(f"{a} ({n})" for a, n in actor["aliases"].items())))
    if actor["others"]:
        out.print("[dim]also matching: " + escape(", ".join(actor["others"][:10])) + "[/dim]")
    table = Table(title=f"{len(mentions)} mentions in {len(texts)} articles", title_justify="left")
    for col in ("article", "source", "published", "sentence"):
        table.add_column(col, overflow="fold")
    for m in mentions:
        s_ = m["sentence"]
        table.add_row(m["article_id"][:12], escape(m["source"] or ""), m["published"] or "", escape(s_))
    out.print(table)
    out.print(_events_table(actor["events"], f"{len(actor['events'])} events"))
    out.print(_relations_table(actor["relations"], f"{len(actor['relations'])} relations"))
    out.print(_quotes_table(actor["quotes"], f"{len(actor['quotes'])} quotes"))
    return EXIT_OK


# -- events, relations, quotes (store/events_queries.py) -----------------------------------------------
def _names(side: list[dict[str, Any]]) -> str:
    return escape(", ".join(a["name"] for a in side))


def _events_table(rows: list[dict[str, Any]], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for col in ("id", "date", "type", "actors", "recipients", "place", "killed", "source", "evidence"):
        table.add_column(col, overflow="fold", no_wrap=col == "id")
    for r in rows:
        kind = r["type"] + (f"/{r['mode']}" if r["mode"] else "")
        kind += " (not)" if r["negated"] else (" (maybe)" if r["hypothetical"] else "")
        table.add_row(r["id"][:12], (r["date"] or "?") + ("" if r["date_basis"] == "event" else "*"), kind,
                      _names(r["actors"]), _names(r["recipients"]), escape(r["place_name"] or r["place_text"] or ""),
                      "" if r["killed"] is None else str(r["killed"]), escape(r["source"] or ""),
                      escape(r["evidence"] or ""))
    return table


def _relations_table(rows: list[dict[str, Any]], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for col in ("type", "source", "target", "first", "last", "reports", "outlets", "evidence"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["type"], escape(r["source"]["name"]), escape(r["target"]["name"]), r["first_seen"] or "",
                      r["last_seen"] or "", str(r["n_reports"]), escape(", ".join(r["outlets"])),
                      escape(r["reports"][0]["sentence"] or "") if r["reports"] else "")
    return table


def _quotes_table(rows: list[dict[str, Any]], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for col in ("article", "source", "published", "speaker", "kind", "quote"):
        table.add_column(col, overflow="fold")
    for q in rows:
        table.add_row(q["article_id"][:12], escape(q["source"] or ""), q["published"] or "",
                      escape(q["speaker"] or ""), q["kind"], escape(q["text"]))
    return table


@command
def events(actor: Annotated[str | None, typer.Option(help="Actor id, name or alias (actor or recipient).")] = None,
           type: Annotated[str | None, typer.Option("--type", help="PLOVER type (ASSAULT, AGREE, ...) "
                                                    "or mode (aerial, arrest, ...).")] = None,
           since: Annotated[str | None, typer.Option(help="Dated on or after YYYY[-MM[-DD]] (event date, "
                                                     "else article date).")] = None,
           until: Annotated[str | None, typer.Option(help="Dated on or before YYYY[-MM[-DD]] "
                                                     "(the whole month or year included).")] = None,
           place: Annotated[str | None, typer.Option(help="Part of the place name, or an ISO2 country code.")] = None,
           limit: Annotated[int | None, typer.Option(min=1, help="At most N events.")] = None,
           json_: JsonOption = False, db: DbOption = None, debug: DebugOption = False) -> int:
    """List events, oldest first, with actors, place, outlet and the evidence sentence
    (a date marked * is the article's date: the text gives none)."""
    with api.open_store(db) as store:
        rows = store.events(actor=actor, type=type, since=since, until=until, place=place, limit=limit)
    if json_:
        _print_json(rows)
        return EXIT_OK
    _out().print(_events_table(rows, f"{len(rows)} events"))
    return EXIT_OK


@command
def relations(actor: Annotated[str | None, typer.Option(help="Actor id, name or alias (source or target).")] = None,
              type: Annotated[str | None, typer.Option("--type", help="supports, arms, funds, fights, allied_with, "
                                                       "opposes, commands, member_of, negotiates_with, "
                                                       "sanctions, recognizes")] = None,
              limit: Annotated[int | None, typer.Option(min=1, help="At most N relations.")] = None,
              json_: JsonOption = False, db: DbOption = None, debug: DebugOption = False) -> int:
    """List relations between actors, most reported first, with dates, outlets and evidence."""
    with api.open_store(db) as store:
        rows = store.relations(actor=actor, type=type, limit=limit)
    if json_:
        _print_json(rows)
        return EXIT_OK
    _out().print(_relations_table(rows, f"{len(rows)} relations"))
    return EXIT_OK


def _show_event(event_id: str, json_: bool, db: str | None) -> int:
    from newsgraph.evidence import sentence_span

    with api.open_store(db) as store:
        ev = store.event(event_id)
    for r in ev["reports"]:
        text = r.pop("article_text")
        lo, hi = sentence_span(text, r["start"], r["end"])
        r["sentence"], r["evidence"] = text[lo:hi], text[r["start"]:r["end"]]
    if json_:
        _print_json(ev)
        return EXIT_OK
    out = _out()
    flags = ", ".join(f for f in ("negated" if ev["negated"] else "", "hypothetical" if ev["hypothetical"] else "")
                      if f)
    counts = ", ".join(f"{ev[k]} {k}" for k in ("killed", "injured", "displaced", "kidnapped") if ev[k] is not None)
    place = ev["place_name"] or ev["place_text"]
    if place and ev["place_country"]:
        place += f" ({ev['place_country']}{', ' + ev['place_admin1'] if ev['place_admin1'] else ''})"
    cluster = ev["cluster_info"]
    rows = [("id", ev["id"]), ("type", ev["type"] + (f" / {ev['mode']}" if ev["mode"] else "")),
            ("trigger", ev["trigger"]), ("actors", ", ".join(a["name"] for a in ev["actors"])),
            ("recipients", ", ".join(a["name"] for a in ev["recipients"])),
            ("date", f"{ev['date'] or '?'}  ({ev['date_precision']}; from the {ev['date_basis']}"
                     + (f": {ev['date_text']!r})" if ev["date_text"] else ")")),
            ("place", place), ("counts", counts), ("flags", flags),
            ("cluster", f"{cluster['id']}  ({cluster['n_reports']} reports, {cluster['n_articles']} articles, "
                        f"{cluster['n_outlets']} outlets)" if cluster else ev["cluster"]),
            ("confidence", f"{ev['confidence']:.2f}" if ev["confidence"] is not None else None)]
    table = Table(show_header=False, box=None)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for key, value in rows:
        if value:
            table.add_row(f"[bold]{key}[/bold]", escape(str(value)))
    out.print(table)
    reports = Table(title=f"{len(ev['reports'])} reports", title_justify="left")
    for col in ("article", "source", "published", "offsets", "sentence"):
        reports.add_column(col, overflow="fold")
    for r in ev["reports"]:
        reports.add_row(r["article_id"][:12], escape(r["source"] or ""), r["published"] or "",
                        f"{r['start']}-{r['end']}", escape(r["sentence"]))
    out.print(reports)
    return EXIT_OK


@command
def places(country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2 country code.")] = None,
           limit: Annotated[int | None, typer.Option(min=1, help="At most N places.")] = None,
           json_: JsonOption = False, db: DbOption = None, debug: DebugOption = False) -> int:
    """List places mentioned, resolved to GeoNames (unresolved ones by their text)."""
    with api.open_store(db) as store:
        rows = store.place_summary(country=country, limit=limit)
    if json_:
        _print_json(rows)
        return EXIT_OK
    table = Table(title=f"{len(rows)} places", title_justify="left")
    for col in ("name", "country", "admin1", "lat, lon", "geonames", "precision", "mentions", "articles"):
        table.add_column(col, overflow="fold")
    for r in rows:
        where = "" if r["lat"] is None else f"{r['lat']:.3f}, {r['lon']:.3f}"
        table.add_row(escape(r["name"] or f"? {r['example']}"), r["country"] or "", escape(r["admin1"] or ""),
                      where, str(r["geonames_id"] or ""), r["precision"], str(r["mentions"]), str(r["articles"]))
    _out().print(table)
    return EXIT_OK


@command
def eval(task: Annotated[str, typer.Argument(help="geo, time, events, arguments, coref, actors, framing or all.")],
         data: Annotated[Path | None, typer.Option(help="Gold data folder (default: ../shared/eval/...).")] = None,
         limit: Annotated[int | None, typer.Option(min=1, help="Only the first N documents/items.")] = None,
         json_: JsonOption = False, debug: DebugOption = False) -> int:
    """Score newsgraph on public gold data with the field's metrics, beside published anchors."""
    from newsgraph.evaluation import evaluate, format_report

    result = evaluate(task, data=data, limit=limit)
    if json_:
        _print_json(result)
    else:
        _out().print(format_report(result), markup=False, highlight=False)
    return EXIT_OK


# -- export ---------------------------------------------------------------------------------------
@command
def export(outdir: Annotated[Path, typer.Argument(help="Folder to write the files into.")],
           format: Annotated[str, typer.Option("--format", "-f", help="jsonl (the contract), csv (ACLED-style "
                                               "events), tsv (GDELT-style events), parquet or graphml.")] = "jsonl",
           db: DbOption = None, debug: DebugOption = False) -> int:
    """Write the store as files (the documented export contract)."""
    counts = api.export(outdir, format=format, db=db)
    table = Table(title=f"exported to {escape(str(outdir))}", title_justify="left")
    table.add_column("file")
    table.add_column("records", justify="right")
    for name, n in counts.items():
        table.add_row(name, str(n))
    _out().print(table)
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
    from newsgraph.export.graph import export_graph

    target = out or Path(f"graph.{format}")
    with api.open_store(db) as store:
        counts = export_graph(store, target, as_of=as_of, format=format)
    when = f" as of {as_of}" if as_of else ""
    _out().print(f"{counts['nodes']} actors, {counts['edges']} relations{when} -> {escape(str(target))}")
    return EXIT_OK


@command
def timeline(actor: Annotated[str, typer.Argument(help="Actor id, name or alias.")],
             json_: JsonOption = False, db: DbOption = None, debug: DebugOption = False) -> int:
    """List an actor's dated events and relation changes in order, with evidence."""
    from newsgraph.consolidate.readers import actor_timeline

    with api.open_store(db) as store:
        data = actor_timeline(store, actor)
    if json_:
        _print_json(data)
        return EXIT_OK
    table = Table(title=f"{escape(data['actor']['name'])}: {len(data['items'])} dated items", title_justify="left")
    for col in ("date", "kind", "what", "with", "outlet", "evidence"):
        table.add_column(col, overflow="fold")
    for i in data["items"]:
        what = i["what"] + (f" ({i['role']})" if i["role"] else "")
        table.add_row(i["date"] or "?", i["kind"], what, escape(i["other_name"] or ""), escape(i["source"] or ""),
                      escape(i["sentence"]))
    _out().print(table)
    return EXIT_OK


@command
def compare(actor: Annotated[str | None, typer.Option("--actor", help="Actor id, name or alias.")] = None,
            event: Annotated[str | None, typer.Option("--event", help="Consolidated event id (or prefix).")] = None,
            json_: JsonOption = False, db: DbOption = None, debug: DebugOption = False) -> int:
    """Outlets side by side: labels, quotes and tone for an actor; reports and contradictions for an
    event; which outlets report which consolidated events."""
    from newsgraph.consolidate.readers import compare as compare_outlets

    with api.open_store(db) as store:
        data = compare_outlets(store, actor=actor, event=event)
    if json_:
        _print_json(data)
        return EXIT_OK
    out = _out()
    if "actor" in data:
        name = escape(data["actor"]["name"])
        t = Table(title=f"how outlets label {name}", title_justify="left")
        for col in ("outlet", "label", "count", "example"):
            t.add_column(col, overflow="fold")
        for r in data["framing"]:
            t.add_row(escape(r["source"] or "?"), escape(r["label"]), str(r["count"]), escape(r["example"]))
        out.print(t)
        t = Table(title=f"tone of sentences naming {name} (VADER compound, -1..1)", title_justify="left")
        for col in ("outlet", "sentences", "mean", "positive", "negative"):
            t.add_column(col)
        for r in data["tone"]:
            t.add_row(escape(r["source"] or "?"), str(r["sentences"]), f"{r['mean']:+.2f}", str(r["positive"]),
                      str(r["negative"]))
        out.print(t)
        quoted = ", ".join(f"{escape(q['source'] or '?')}: {q['quotes']}" for q in data["quotes"]) or "none"
        out.print(f"quotes of {name} per outlet: {quoted}")
    if "event" in data:
        ev = data["event"]
        t = Table(title=f"consolidated event {ev['cluster']['id']} ({ev['cluster']['type']})", title_justify="left")
        for col in ("outlet", "published", "date", "place", "killed", "report"):
            t.add_column(col, overflow="fold")
        for r in ev["reports"]:
            t.add_row(escape(r["source"] or "?"), r["published"] or "", r["date_value"] or "",
                      escape(r["place_name"] or r["place_text"] or ""), "" if r["killed"] is None else str(r["killed"]),
                      escape(r["sentence"]))
        out.print(t)
        for c in ev["contradictions"]:
            versions = "; ".join(f"{escape(v['source'] or '?')}: {escape(str(v['value']))}" for v in c["versions"])
            out.print(f"[yellow]contradiction[/yellow] on {c['field']}: {versions}")
    t = Table(title=f"coverage: {len(data['coverage'])} consolidated events", title_justify="left")
    for col in ("event", "type", "date", "place", "reported by", "left out by"):
        t.add_column(col, overflow="fold")
    for c in data["coverage"]:
        t.add_row(c["id"][:12], c["type"], c["date_first"] or "", escape(c["place_name"] or ""),
                  escape(", ".join(c["reported_by"])), escape(", ".join(c["left_out_by"])))
    out.print(t)
    return EXIT_OK


# -- web ------------------------------------------------------------------------------------------
def _serve(db: str | None, host: str, port: int, token: str | None, allow_hosts: list[str] | None = None) -> None:
    try:
        from newsgraph.web import serve as run_server
    except ImportError as exc:
        raise NewsgraphError(Errors.E016.format(reason=exc)) from exc
    _out().print(f"serving on http://{host}:{port}/ (API reference: /api-reference); press Ctrl-C to stop")
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
    candidates = [Path(__file__).resolve().parents[2] / "examples" / "articles",
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
    out = _out()
    out.print(f"building the store from the sample corpus {escape(str(examples))} ...")
    summary = _build_with_progress([str(examples)], target, 1, quiet=False)
    print_build_summary(summary, out)
    if summary.errors:
        print_errors(summary.errors, _err())
    with api.open_store(target) as store:
        print_stats(store.stats(), store.location, out)
    if no_serve:
        out.print(f"browse it: {escape(sys.argv[0] if sys.argv else 'newsgraph')} serve --db {escape(target)}"
                  "  then open http://127.0.0.1:8000/")
    else:
        _serve(target, "127.0.0.1", 8000, None)
    return EXIT_OK if summary.ok else EXIT_FAILED


def main() -> None:
    """Entry point of the `newsgraph` script."""
    app()


if __name__ == "__main__":
    main()
