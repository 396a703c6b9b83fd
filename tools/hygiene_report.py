"""How much of a JSONL corpus cleaning dropped, by kind, and which comment/furniture markers survived.

    .venv/bin/python tools/hygiene_report.py CORPUS.jsonl STORE.db [CORPUS.jsonl STORE.db ...] [--json]

The store is one made by ``newsgraph ingest CORPUS.jsonl --db STORE.db`` (any cleaning version; one
from before ``articles.dropped`` existed reports only the total). Shares are of the corpus's text
characters (each record's lines whitespace-normalised, blank lines left out), the unit ``dropped``
counts in. The marker patterns below are written independently of the cleaner's data files: they are
the measure, not the mechanism. Read-only; prints a table (or JSON with ``--json``).
"""
from __future__ import annotations

import json
import re
import sqlite3
import sys
from collections import Counter
from pathlib import Path

# What must not survive in stored text: comment-thread markers, comment forms, widget marks, lone
# footer labels. Counted as matches over the current (not superseded) articles' text.
MARKERS = {
    "comment stamp 'DATE at TIME'": re.compile(r"\b(?:19|20)\d{2},? at \d{1,2}:\d{2}\s*[ap]\.?m\b", re.I),
    "'| Reply' / 'Report abuse'": re.compile(r"\|\s*(?:Reply|Report abuse)\b|\bReport abuse\s*\|"),
    "BBC comment stamp 'Dth Month YYYY - HH:MM'": re.compile(r"\b\d{1,2}(?:st|nd|rd|th) [A-Z][a-z]+ \d{4} - \d{1,2}:\d{2}\b"),
    "comment footer 'Posted by X on DATE'": re.compile(r"^Posted by .{1,60} on [A-Z][a-z]+ \d{1,2}, \d{4}", re.M),
    "comment form / policy": re.compile(r"Comments are not pre-screened|required, but will not be displayed|"
                                        r"reactively-moderated|This discussion is now closed|"
                                        r"Views expressed in the comments|We welcome comments"),
    "tweet widget (RETWEET, pic.twitter.com)": re.compile(r"\bRETWEET\b|pic\.twitter\.com/"),
    "lone footer label": re.compile(r"^(?:Terms of Service|Privacy Policy|Views|State|Share|Reply)$", re.M),
}


def _normalised_chars(text: str) -> int:
    return sum(len(" ".join(line.split())) for line in text.splitlines() if line.strip())


def report(corpus: Path, db: Path) -> dict:
    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    total = sum(_normalised_chars(r.get("text", "")) for r in records)
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    cols = {row[1] for row in con.execute("PRAGMA table_info(articles)")}
    has_dropped = "dropped" in cols
    rows = con.execute(
        f"SELECT text, {'dropped' if has_dropped else 'NULL'} FROM articles "
        "WHERE id NOT IN (SELECT supersedes FROM articles WHERE supersedes IS NOT NULL)").fetchall()
    kept = sum(len(text) - text.count("\n\n") * 2 for text, _ in rows)  # paragraphs joined by "\n\n"
    # (kept counts the metadata headline cleaning puts first; dropped counts the text's own copy of it)
    kinds: Counter[str] = Counter()
    for _, dropped in rows:
        for d in json.loads(dropped) if dropped else []:
            kinds[d["kind"]] += d["chars"]
    hits = {name: sum(len(rx.findall(text)) for text, _ in rows) for name, rx in MARKERS.items()}
    with_hits = sum(1 for text, _ in rows if any(rx.search(text) for rx in MARKERS.values()))
    return {
        "corpus": corpus.name, "records": len(records), "articles": len(rows), "chars": total,
        "kept_chars": kept, "dropped_share": sum(kinds.values()) / total if has_dropped and total else None,
        "dropped_by_kind": {k: {"chars": n, "share": n / total} for k, n in kinds.most_common()},
        "marker_hits": hits, "articles_with_marker_hits": with_hits, "per_kind_recorded": has_dropped,
    }


def main(argv: list[str]) -> int:
    as_json = "--json" in argv
    args = [a for a in argv if a != "--json"]
    if not args or len(args) % 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = [report(Path(c), Path(d)) for c, d in zip(args[::2], args[1::2])]
    if as_json:
        print(json.dumps(out, indent=2))
        return 0
    for r in out:
        share = "not recorded" if r["dropped_share"] is None else f"{100 * r['dropped_share']:.1f} %"
        print(f"{r['corpus']}: {r['records']} records, {r['articles']} articles, {r['chars']:,} characters "
              f"({r['kept_chars']:,} stored); dropped {share}")
        for kind, v in r["dropped_by_kind"].items():
            print(f"    {kind:<12} {v['chars']:>9,}  {100 * v['share']:5.1f} %")
        left = {k: n for k, n in r["marker_hits"].items() if n}
        print(f"    marker hits left: {sum(left.values())} in {r['articles_with_marker_hits']} articles {left or ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
