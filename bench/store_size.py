"""Store size per real article: the current layout beside the same store downgraded to revision 0009
(text in the FTS5 table a second time, raw documents uncompressed), both VACUUMed, with the bytes per
table (SQLite's dbstat). Real articles are read at bench time from ../shared/eval/realnews/timeline17
(the first N of each file), never copied.

    .venv/bin/python bench/store_size.py --per-file 60 --workdir build
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import sys
import time
from pathlib import Path

from alembic import command

from newsgraph import api
from newsgraph.store import open_store
from newsgraph.store.engine import alembic_config

REAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "realnews" / "timeline17"


def _vacuumed_size(path: str) -> int:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("VACUUM")
    conn.close()
    return os.path.getsize(path)


def _per_table(path: str, n: int) -> dict[str, float]:
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
    conn.close()
    return {name: round(size / 1024 / n, 2) for name, size in rows}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-file", type=int, default=60)
    ap.add_argument("--workdir", default="build")
    args = ap.parse_args(argv)
    rows = []
    for f in sorted(REAL.glob("*.jsonl")):
        rows += [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()][:args.per_file]
    work = Path(args.workdir) / "store_size"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db, old = str(work / "current.db"), str(work / "0009.db")
    t0 = time.perf_counter()
    built = api.build([str(work / "in.jsonl")], db=db, workers=1)
    build_s = time.perf_counter() - t0
    size = _vacuumed_size(db)
    shutil.copy(db, old)
    with open_store(old, dedup=None) as store:
        config = alembic_config()
        with store.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0009")
    old_size = _vacuumed_size(old)
    n = built.processed or 1
    print(json.dumps({"articles": built.processed, "build_s": round(build_s), "kb_per_article": round(size / 1024 / n, 1),
                      "kb_per_article_at_0009": round(old_size / 1024 / n, 1), "kb_per_table": _per_table(db, n)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
