"""How long the coverage of a big store takes (store/read/coverage.py): a synthetic store written by
bench/scale.py's ``generate`` (3 events per article, 20 outlets, 300 days), then ``api.coverage`` over
the whole store and over one event type, each timed once after a warm-up.

    .venv/bin/python bench/coverage_latency.py --articles 10000
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import generate  # noqa: E402

from newsgraph import api  # noqa: E402
from newsgraph.store.read.filters import EventFilter  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=10000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "coverage.db")
        days = [date(2023, 1, 1) + timedelta(days=k) for k in range(300)]
        print(f"synthetic store of {args.articles} articles written in {generate(db, args.articles, days):.1f} s")
        for flt in (EventFilter(), EventFilter(type="ASSAULT")):
            api.coverage(flt, db=db, limit=50)  # warm-up (SQLite page cache)
            t0 = time.perf_counter()
            out = api.coverage(flt, db=db, limit=50)
            print(f"coverage {flt.query() or '(no filter)'}: {out['total']} events in {time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    main()
