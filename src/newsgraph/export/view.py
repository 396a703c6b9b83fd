"""Export this view: the events a page, the API or the CLI shows under one filter (store/read/filters.py),
as the contract's JSONL event records, the flat CSV (csv.py's columns) or events_acled.csv's ACLED columns (acled.py).

The consolidated view exports one record per consolidated event (its lead report; ``reports`` lists
that report's evidence, ``event`` the public id, ``cluster`` the consolidated id); the reports view
exports every report.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from sqlalchemy import Connection, select

from newsgraph.export import acled
from newsgraph.export.csv import EVENT_COLUMNS, acled_row
from newsgraph.export.records import Record, iter_events
from newsgraph.store import schema as s
from newsgraph.store.read.actors import actor_index
from newsgraph.store.read.articles import article_refs, article_texts
from newsgraph.store.read.events import apply_filter, with_clusters
from newsgraph.store.read.filters import EventFilter

FORMATS = ("jsonl", "csv", "acled")
# The columns of coverage.csv (store/read/coverage.py; outlet lists joined with "; ").
COVERAGE_COLUMNS = ("event", "type", "mode", "when", "place_name", "place_country", "killed", "reports",
                    "n_outlets", "reported_by", "left_out_by", "silent")


def view_row_ids(conn: Connection, flt: EventFilter) -> set[str]:
    """The events.id rows the filter keeps."""
    q = apply_filter(select(s.events.c.id).select_from(with_clusters()), flt)
    return set(conn.execute(q).scalars())


def view_records(conn: Connection, flt: EventFilter) -> Iterator[Record]:
    yield from iter_events(conn, None, row_ids=view_row_ids(conn, flt))


def _with_cluster_members(conn: Connection, row_ids: set[str]) -> set[str]:
    """The rows plus every report of their consolidated events (an ACLED row is built from all of them)."""
    ev = s.events.c
    clusters = {c for c in conn.execute(select(ev.cluster).where(ev.id.in_(sorted(row_ids)), ev.cluster.is_not(None)))
                .scalars()} if row_ids else set()
    if not clusters:
        return row_ids
    return row_ids | set(conn.execute(select(ev.id).where(ev.cluster.in_(sorted(clusters)))).scalars())


def view_text(conn: Connection, flt: EventFilter, format: str) -> str:
    """The view as one file's text: ``jsonl``, ``csv`` (every event) or ``acled`` (events_acled.csv's
    columns and conventions, export/acled.py: one row per consolidated, reported event)."""
    if format == "acled":
        kept = view_row_ids(conn, flt)
        records = list(iter_events(conn, None, row_ids=_with_cluster_members(conn, kept)))
        columns, rows = list(acled.COLUMNS), None
    else:
        records, columns = list(view_records(conn, flt)), list(EVENT_COLUMNS)
    if format == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)
    texts = article_texts(conn, sorted({r["article"] for e in records for r in e["reports"]}))
    actors, refs = actor_index(conn), article_refs(conn)
    if format == "acled":
        rows = acled.acled_rows(records, actors, refs, texts)
    else:
        rows = [acled_row(e, actors, refs, texts) for e in records]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="raise", lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: "" if v is None else v for k, v in r.items()})
    return out.getvalue()


def coverage_text(conn: Connection, flt: EventFilter, format: str) -> str:
    """The coverage of the view's consolidated events (store/read/coverage.py) as JSON lines or CSV."""
    from newsgraph.store.read.coverage import coverage

    items = coverage(conn, flt, limit=None)["items"]
    if format == "jsonl":
        return "".join(json.dumps({k: r[k] for k in COVERAGE_COLUMNS}, ensure_ascii=False, sort_keys=True) + "\n"
                       for r in items)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COVERAGE_COLUMNS), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in items:
        writer.writerow({k: "; ".join(r[k]) if isinstance(r[k], list) else ("" if r[k] is None else r[k])
                         for k in COVERAGE_COLUMNS})
    return out.getvalue()
