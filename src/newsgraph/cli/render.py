"""How the CLI shows what a command got: tables and summaries (rich), or JSON.

Every function takes the plain data an API or store function returned and a console; none reads the
store. Text from articles is escaped before it reaches rich (a "[b]" in a headline is not markup).
"""
from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _fields(rows: list[tuple[str, Any]]) -> Table:
    """A two-column table of the labelled values that are set."""
    table = Table(show_header=False, box=None)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")  # paths and URLs are never cut
    for key, value in rows:
        if value:
            table.add_row(f"[bold]{key}[/bold]", escape(str(value)))
    return table


def _table(title: str, columns: tuple[str, ...]) -> Table:
    table = Table(title=title, title_justify="left")
    for col in columns:
        table.add_column(col, overflow="fold")
    return table


# -- ingest and build -------------------------------------------------------------------------------------
def print_errors(errors: list, console: Console) -> None:
    table = Table(title=f"{len(errors)} input(s) failed", title_justify="left")
    table.add_column("file", overflow="fold")  # a path is never cut: people copy it
    table.add_column("item", justify="right")
    table.add_column("reason", overflow="fold")
    for e in errors:
        table.add_row(escape(e.path), "" if e.index is None else str(e.index), escape(e.reason))
    console.print(table)


def print_ingest_summary(summary, console: Console) -> None:
    console.print(f"[bold]{summary.added}[/bold] articles added, {summary.skipped} already stored, "
                  f"{summary.near_duplicates} near-duplicates linked, {len(summary.errors)} errors "
                  f"({summary.documents} documents from {summary.files} input files)")
    console.print(f"store: {escape(summary.db)}")


def print_build_summary(summary, out: Console) -> None:
    if summary.ingest:
        print_ingest_summary(summary.ingest, out)
    out.print(f"[bold]{summary.processed}[/bold] articles extracted, {len(summary.failed)} failed, "
              f"{summary.actors_merged} actors merged across articles")
    c = summary.consolidation
    if c is not None:
        out.print(f"{c.events} events consolidated into {c.clusters} multi-report events "
                  f"({c.multi_outlet_clusters} across outlets), {c.contradictions} contradictions flagged")
    out.print(f"store: {escape(summary.db)}")


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


# -- articles ---------------------------------------------------------------------------------------------
def print_articles(rows: list[dict[str, Any]], out: Console) -> None:
    table = Table(title=f"{len(rows)} articles", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("source", max_width=24, overflow="ellipsis", no_wrap=True)
    table.add_column("title", overflow="fold", ratio=1)
    for r in rows:
        table.add_row(r["id"][:12], r["published"] or "", escape(r["source"] or ""), escape(r["title"] or ""))
    out.print(table)


def print_article(a: dict[str, Any], out: Console) -> None:
    out.print(_fields([("id", a["id"]), ("title", a["title"]),
                       ("source", f"{a['source'] or '—'}  (basis: {a['source_basis']})"),
                       ("published", f"{a['published'] or '—'}  (basis: {a['published_basis']})"),
                       ("path", f"{a['path']}  (part {a['part']}, item {a['index']}, {a['format']})"),
                       ("url", a["url"]), ("duplicate of", a["duplicate_of"]), ("supersedes", a["supersedes"]),
                       ("cleaning", a["cleaning_version"]),
                       ("dropped", dropped_summary(a.get("dropped"), len(a["text"]))), ("stored", a["created_at"])]))
    out.print()
    out.print(escape(a["text"]), highlight=False)


def dropped_summary(dropped: list[dict[str, Any]] | None, kept_chars: int) -> str:
    """``comments 29,798 · footer 527 characters (86 % of the page)``; "nothing" / "not recorded"."""
    if dropped is None:
        return "not recorded (stored before cleaning recorded it)"
    if not dropped:
        return "nothing"
    total = sum(d["chars"] for d in dropped)
    parts = " · ".join(f"{d['kind']} {d['chars']:,}" for d in dropped)
    return f"{parts} characters ({100 * total / (total + kept_chars):.0f} % of the page)"


def print_search(rows: list[dict[str, Any]], out: Console) -> None:
    table = Table(title=f"{len(rows)} articles match", title_justify="left")
    for col in ("id", "source", "title", "snippet"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["id"][:12], escape(r["source"] or ""), escape(r["title"] or ""),
                      escape(r.get("snippet") or ""))
    out.print(table)


# -- actors -----------------------------------------------------------------------------------------------
def print_actors(rows: list[dict[str, Any]], out: Console) -> None:
    table = _table(f"{len(rows)} actors", ("name", "type", "sector", "country", "mentions", "articles", "aliases"))
    for r in rows:
        table.add_row(escape(r["name"]), r["type"], r.get("sector") or "", r["country"] or "", str(r["mentions"]),
                      str(r["articles"]),
                      escape(", ".join(f"{a} ({n})" for a, n in r["aliases"].items())))
    out.print(table)


def print_actor(actor: dict[str, Any], out: Console) -> None:
    mentions = actor["mentions_list"]
    out.print(f"[bold]{escape(actor['name'])}[/bold]  {actor['type']}  {actor['country'] or ''}  "
              f"(id {actor['id']}{', KB ' + actor['kb_id'] if actor['kb_id'] else ''})")
    out.print("aliases: " + escape(", ".join(f"{a} ({n})" for a, n in actor["aliases"].items())))
    if actor["others"]:
        out.print("[dim]also matching: " + escape(", ".join(actor["others"][:10])) + "[/dim]")
    totals = actor.get("totals", {})

    def shown(n: int, key: str, what: str) -> str:
        total = totals.get(key, n)
        return f"{n} {what}" if total <= n else f"{n} of {total} {what} (--limit, --since, --until for others)"

    table = _table(shown(len(mentions), "mentions", "mentions") +
                   f" in {len({m['article_id'] for m in mentions})} articles",
                   ("article", "source", "published", "sentence"))
    for m in mentions:
        table.add_row(m["article_id"][:12], escape(m["source"] or ""), m["published"] or "", escape(m["sentence"]))
    out.print(table)
    out.print(events_table(actor["events"], shown(len(actor["events"]), "events", "events")))
    out.print(relations_table(actor["relations"], f"{len(actor['relations'])} relations"))
    out.print(quotes_table(actor["quotes"], f"{len(actor['quotes'])} quotes"))


# -- events, relations, quotes, places --------------------------------------------------------------------
def _names(side: list[dict[str, Any]]) -> str:
    return escape(", ".join(a["name"] for a in side))


def events_table(rows: list[dict[str, Any]], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for col in ("id", "date", "type", "actors", "recipients", "place", "killed", "source", "evidence"):
        table.add_column(col, overflow="fold", no_wrap=col == "id")
    for r in rows:
        kind = r["type"] + (f"/{r['mode']}" if r["mode"] else "")
        kind += " (not)" if r["negated"] else (" (maybe)" if r["hypothetical"] else "")
        table.add_row((r.get("event") or r["id"])[:12], (r["date"] or "?") + ("" if r["date_basis"] == "event" else "*"), kind,
                      _names(r["actors"]), _names(r["recipients"]), escape(r["place_name"] or r["place_text"] or ""),
                      "" if r["killed"] is None else str(r["killed"]), escape(r["source"] or ""),
                      escape(r["evidence"] or ""))
    return table


def print_event(ev: dict[str, Any], out: Console) -> None:
    flags = ", ".join(f for f in ("negated" if ev["negated"] else "", "hypothetical" if ev["hypothetical"] else "")
                      if f)
    counts = ", ".join(f"{ev[k]} {k}" for k in ("killed", "injured", "displaced", "kidnapped") if ev[k] is not None)
    place = ev["place_name"] or ev["place_text"]
    if place and ev["place_country"]:
        place += f" ({ev['place_country']}{', ' + ev['place_admin1'] if ev['place_admin1'] else ''})"
    cluster = ev["cluster_info"]
    out.print(_fields([
        ("event", ev["event"]), ("report", f"{ev['id']} (row {ev['row_id']})"),
        ("type", ev["type"] + (f" / {ev['mode']}" if ev["mode"] else "")),
        ("trigger", ev["trigger"]), ("actors", ", ".join(a["name"] for a in ev["actors"])),
        ("recipients", ", ".join(a["name"] for a in ev["recipients"])),
        ("date", f"{ev['date'] or '?'}  ({ev['date_precision']}; from the {ev['date_basis']}"
                 + (f": {ev['date_text']!r})" if ev["date_text"] else ")")),
        ("place", place), ("counts", counts), ("flags", flags),
        ("cluster", f"{cluster['id']}  ({cluster['n_reports']} reports, {cluster['n_articles']} articles, "
                    f"{cluster['n_outlets']} outlets)" if cluster else ev["cluster"]),
        ("confidence", f"{ev['confidence']:.2f}" if ev["confidence"] is not None else None)]))
    reports = _table(f"{len(ev['reports'])} reports", ("article", "source", "published", "offsets", "sentence"))
    for r in ev["reports"]:
        reports.add_row(r["article_id"][:12], escape(r["source"] or ""), r["published"] or "",
                        f"{r['start']}-{r['end']}", escape(r["sentence"]))
    out.print(reports)


def print_relations(rows: list[dict[str, Any]], out: Console) -> None:
    out.print(relations_table(rows, f"{len(rows)} relations"))


def print_events(rows: list[dict[str, Any]], out: Console) -> None:
    out.print(events_table(rows, f"{len(rows)} events"))


def relations_table(rows: list[dict[str, Any]], title: str) -> Table:
    table = _table(title, ("type", "source", "target", "first", "last", "reports", "outlets", "evidence"))
    for r in rows:
        table.add_row(r["type"], escape(r["source"]["name"]), escape(r["target"]["name"]), r["first_seen"] or "",
                      r["last_seen"] or "", str(r["n_reports"]), escape(", ".join(r["outlets"])),
                      escape(r["reports"][0]["sentence"] or "") if r["reports"] else "")
    return table


def quotes_table(rows: list[dict[str, Any]], title: str) -> Table:
    table = _table(title, ("article", "source", "published", "speaker", "kind", "quote"))
    for q in rows:
        table.add_row(q["article_id"][:12], escape(q["source"] or ""), q["published"] or "",
                      escape(q["speaker"] or ""), q["kind"], escape(q["text"]))
    return table


def print_places(rows: list[dict[str, Any]], out: Console) -> None:
    table = _table(f"{len(rows)} places",
                   ("name", "country", "admin1", "lat, lon", "geonames", "precision", "mentions", "articles"))
    for r in rows:
        where = "" if r["lat"] is None else f"{r['lat']:.3f}, {r['lon']:.3f}"
        table.add_row(escape(r["name"] or f"? {r['example']}"), r["country"] or "", escape(r["admin1"] or ""),
                      where, str(r["geonames_id"] or ""), r["precision"], str(r["mentions"]), str(r["articles"]))
    out.print(table)


# -- exports and views across outlets ---------------------------------------------------------------------
def export_table(outdir: str, counts: dict[str, int]) -> Table:
    table = Table(title=f"exported to {escape(outdir)}", title_justify="left")
    table.add_column("file")
    table.add_column("records", justify="right")
    for name, n in counts.items():
        table.add_row(name, str(n))
    return table


def print_timeline(data: dict[str, Any], out: Console) -> None:
    table = _table(f"{escape(data['actor']['name'])}: {len(data['items'])} dated items",
                   ("date", "kind", "what", "with", "outlet", "evidence"))
    for i in data["items"]:
        what = i["what"] + (f" ({i['role']})" if i["role"] else "")
        table.add_row(i["date"] or "?", i["kind"], what, escape(i["other_name"] or ""), escape(i["source"] or ""),
                      escape(i["sentence"]))
    out.print(table)


def print_comparison(data: dict[str, Any], out: Console) -> None:
    if "actor" in data:
        name = escape(data["actor"]["name"])
        t = _table(f"how outlets label {name}", ("outlet", "label", "count", "example"))
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
        kind = "consolidated event" if ev["cluster"]["n_reports"] > 1 else "event"
        t = _table(f"{kind} {ev['cluster']['id']} ({ev['cluster']['type']})",
                   ("outlet", "published", "date", "place", "killed", "report"))
        for r in ev["reports"]:
            t.add_row(escape(r["source"] or "?"), r["published"] or "", r["date_value"] or "",
                      escape(r["place_name"] or r["place_text"] or ""), "" if r["killed"] is None else str(r["killed"]),
                      escape(r["sentence"]))
        out.print(t)
        for c in ev["contradictions"]:
            versions = "; ".join(f"{escape(v['source'] or '?')}: {escape(str(v['value']))}" for v in c["versions"])
            out.print(f"[yellow]contradiction[/yellow] on {c['field']}: {versions}")
    shown, total = len(data["coverage"]), data.get("coverage_total", len(data["coverage"]))
    t = _table(f"coverage: {shown} of {total} consolidated events" if shown < total
               else f"coverage: {total} consolidated events",
               ("event", "type", "date", "place", "reported by", "left out by"))
    for c in data["coverage"]:
        t.add_row(c["id"][:12], c["type"], c["date_first"] or "", escape(c["place_name"] or ""),
                  escape(", ".join(c["reported_by"])), escape(", ".join(c["left_out_by"])))
    out.print(t)


def print_coverage(data: dict[str, Any], out: Console) -> None:
    t = _table(f"coverage: {len(data['items'])} of {data['total']} consolidated events "
               f"(left out: published within {data['window_days']} days without reporting it)",
               ("event", "date", "type", "place", "reports", "reported by", "left out by", "silent"))
    for r in data["items"]:
        t.add_row(r["event"], r["when"] or "", r["type"], escape(r["place_name"] or r["place_country"] or ""),
                  str(r["reports"]), escape(", ".join(r["reported_by"])), escape(", ".join(r["left_out_by"])),
                  str(r["silent"]))
    out.print(t)
    per = "; ".join(f"{escape(o['outlet'])}: {o['reports']} reported, {o['leaves_out']} left out" for o in data["outlets"])
    out.print(f"per outlet: {per or 'none'}")
