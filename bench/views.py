"""Latency of the views that must scale, on a synthetic store (tools/synthetic_store.py): each URL asked
of a fresh app (cold: nothing kept) and again (kept: web/cache.py), through FastAPI's test client, so
server time only (no network, no browser; tests/web/test_web_scale_browser.py measures the browser).

    .venv/bin/python bench/views.py --events 100000 --out bench/results/views.json
    .venv/bin/python bench/views.py --db existing.db     # reuse a store written before
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import synthetic_store  # noqa: E402  (tools/ is not a package)

URLS = ["/", "/events", "/events?offset=5000", "/api/events?limit=50", "/map", "/api/map?zoom=3",
        "/api/map?zoom=6&bbox=20,5,40,25", "/api/map?zoom=12&bbox=32,15,33,16", "/api/map?type=ASSAULT&zoom=5",
        "/timeline", "/api/timeline", "/api/timeline?start=2024-03-01&end=2024-05-01",
        "/api/timeline?start=2024-03-01&end=2024-03-02", "/graph", "/api/graph", "/api/graph?top=1000",
        "/api/aggregates"]


def measure(db: str) -> dict:
    from fastapi.testclient import TestClient

    from newsgraph.web import create_app

    out: dict[str, dict] = {}
    for url in URLS:
        with TestClient(create_app(f"sqlite:///{db}", token="")) as c:
            row = {}
            for name in ("cold_ms", "kept_ms"):
                t0 = time.perf_counter()
                r = c.get(url)
                row[name] = round((time.perf_counter() - t0) * 1000)
                row["status"], row["bytes"] = r.status_code, len(r.content)
            out[url] = row
            print(url, row, flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--db", default=None, help="a synthetic store written before (default: write one)")
    ap.add_argument("--out", default=None)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db, made = args.db, None
        if db is None:
            db = str(Path(tmp) / "views.db")
            made = synthetic_store.generate(db, args.events)
            print(made, flush=True)
        result = {"command": "bench/views.py " + " ".join(sys.argv[1:]), "events": args.events,
                  "generate_s": made.seconds if made else None, "urls": measure(db)}
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
