"""Scale benchmark: what a build costs on a big store when a few real articles arrive.

For each size N (articles), a synthetic store is written straight into SQLite (bulk inserts, no NLP):
articles of ~2,500 characters with realistic fact counts per article (MENTIONS mentions, EVENTS events
with an actor each, PLACES places, DATES dates, ALIASES alias rows), events spread over the days and
places the real sample covers (so the new reports land in crowded blocks), marked processed by this
pipeline version, then consolidated once from scratch. Then +100 real articles (read at bench time from
../shared/eval/realnews, never copied) are built into it (1 worker): the incremental build time (with its
actor-merge and consolidation parts), a no-op build, read-path latencies and the store size.

    .venv/bin/python bench/scale.py --sizes 10000 30000 --out bench/results/scale.json
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from newsgraph import api
from newsgraph.store import open_store
from newsgraph.version import PIPELINE_VERSION

REAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "realnews" / "timeline17" / "SyrianCrisis_bbc.jsonl"
REAL = Path(os.environ.get("NEWSGRAPH_SCALE_REAL", REAL))  # another copy of that file (a snapshot run)
MENTIONS, EVENTS, PLACES, DATES, ALIASES = 15, 3, 4, 2, 5  # per article (orders of the real corpus' counts)
TYPES = ["ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "AID", "AGREE", "CONSULT", "REQUEST", "ACCUSE",
         "SUPPORT", "THREATEN", "REJECT"]
WORDS = ("army rebels town city forces killed said people government officials attack police protest "
         "talks ceasefire shelling village fighters security council minister refugees border aid").split()


def _id(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]


def _name(rnd: random.Random) -> str:
    """A two-word name of random letters: names spread over the merge's blocking keys as real ones do
    (a shared prefix such as "Actor12 ..." would put every actor in one block and make them merge)."""
    def word() -> str:
        return "".join(rnd.choice("bcdfghjklmnprstvwz") + rnd.choice("aeiou") for _ in range(rnd.randrange(2, 5))).title()
    return f"{word()} {word()}"


def real_sample(n: int) -> list[dict]:
    with open(REAL, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return rows[:n]


def generate(db: str, n: int, days: list[date], seed: int = 1) -> float:
    """Write ``n`` synthetic processed articles with their facts straight into the store at ``db``."""
    t0 = time.perf_counter()
    with open_store(db, dedup=None):
        pass  # creates the schema (migrations)
    rnd = random.Random(seed)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA synchronous=OFF")
    now = "2026-12-02T00:00:00+00:00"
    outlets = [(_id("outlet", k), f"Synthetic Outlet {k}", now) for k in range(20)]
    conn.executemany("INSERT INTO outlets VALUES (?,?,?)", outlets)
    n_actors = max(50, n // 5)
    actors = [(_id("actor", k), _name(rnd), rnd.choice(["person", "armed_group", "government"]), None, None, now,
               PIPELINE_VERSION) for k in range(n_actors)]
    conn.executemany("INSERT INTO actors (id,name,type,country,kb_id,created_at,pipeline_version) VALUES (?,?,?,?,?,?,?)",
                     actors)
    places = [(f"Place{k}", 100000 + k, 30 + rnd.random() * 5, 35 + rnd.random() * 5) for k in range(200)]
    rare = [_id("word", k)[:rnd.randrange(4, 10)] for k in range(5000)]
    pv = PIPELINE_VERSION
    batch: dict[str, list] = {k: [] for k in ("doc", "art", "men", "ali", "pla", "dat", "ev", "ea", "pro")}

    def flush() -> None:
        conn.executemany("INSERT INTO documents (raw_sha,path,format,\"index\",raw_zlib,ingested_at) VALUES (?,?,?,?,?,?)", batch["doc"])
        conn.executemany("INSERT INTO articles (id,raw_sha,path,part,\"index\",format,outlet_id,source_basis,title,"
                         "published,published_basis,text,cleaning_version,created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                         batch["art"])
        conn.executemany("INSERT INTO mentions (id,article_id,start,\"end\",confidence,pipeline_version,text,label,actor_id)"
                         " VALUES (?,?,?,?,?,?,?,?,?)", batch["men"])
        conn.executemany("INSERT OR IGNORE INTO actor_aliases VALUES (?,?,?,?,?)", batch["ali"])
        conn.executemany("INSERT INTO places (id,article_id,start,\"end\",confidence,pipeline_version,text,name,country,"
                         "admin1,lat,lon,geonames_id,precision) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", batch["pla"])
        conn.executemany("INSERT INTO dates (id,article_id,start,\"end\",confidence,pipeline_version,text,value,precision)"
                         " VALUES (?,?,?,?,?,?,?,?,?)", batch["dat"])
        conn.executemany("INSERT INTO events (id,event_id,article_id,start,\"end\",confidence,pipeline_version,type,mode,"
                         "trigger,date_value,date_precision,date_text,place_text,place_name,place_country,place_lat,"
                         "place_lon,place_geonames_id,place_precision,killed,negated,hypothetical) VALUES "
                         "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", batch["ev"])
        conn.executemany("INSERT OR IGNORE INTO event_actors VALUES (?,?,?)", batch["ea"])
        conn.executemany("INSERT INTO processed VALUES (?,?,?,?)", batch["pro"])
        for v in batch.values():
            v.clear()

    for a in range(n):
        # news wording: a few common words and many rarer ones (unrelated reports do not read alike)
        sentences = [" ".join([rnd.choice(WORDS) for _ in range(4)] + [rare[rnd.randrange(len(rare))]
                                                                   for _ in range(10)]).capitalize() + "."
                     for _ in range(25)]
        text = " ".join(sentences)
        aid, raw = _id("article", seed, a), _id("raw", seed, a)
        day = rnd.choice(days)
        batch["doc"].append((raw, f"synthetic/{a}.txt", "txt", 0, None, now))
        batch["art"].append((aid, raw, f"synthetic/{a}.txt", 0, 0, "txt", rnd.choice(outlets)[0], "input-metadata",
                             sentences[0], day.isoformat(), "input-metadata", text, "synthetic", now))
        offsets = [0]
        for snt in sentences:
            offsets.append(offsets[-1] + len(snt) + 1)
        for m in range(MENTIONS):
            s0 = offsets[m]
            actor = rnd.choice(actors)[0]
            batch["men"].append((_id("m", aid, m), aid, s0, s0 + 5, 0.8, pv, text[s0:s0 + 5], "ORG", actor))
        for m in range(ALIASES):
            batch["ali"].append((rnd.choice(actors)[0], rnd.choice(WORDS), aid, pv, 1 + rnd.randrange(3)))
        for m in range(PLACES):
            name, gid, lat, lon = rnd.choice(places)
            s0 = offsets[m + 2]
            batch["pla"].append((_id("p", aid, m), aid, s0, s0 + 4, 0.8, pv, text[s0:s0 + 4], name, "SY", None,
                                 lat, lon, gid, "city"))
        for m in range(DATES):
            s0 = offsets[m + 5]
            batch["dat"].append((_id("d", aid, m), aid, s0, s0 + 4, 0.8, pv, text[s0:s0 + 4], day.isoformat(), "day"))
        for m in range(EVENTS):
            s0, s1 = offsets[m + 8], offsets[m + 9] - 1
            name, gid, lat, lon = rnd.choice(places[:20]) if rnd.random() < 0.5 else rnd.choice(places)
            own = day - timedelta(days=rnd.randrange(2))
            eid = _id("event", pv, aid, m)
            batch["ev"].append((eid, f"e{m}", aid, s0, s1, 0.8, pv, rnd.choice(TYPES), None, "attacked",
                                own.isoformat(), "day", None, name, name, "SY", lat, lon, gid, "city",
                                rnd.choice([None, 1, 2, 3]), 0, 0))
            batch["ea"].append((eid, rnd.choice(actors)[0], "actor"))
        batch["pro"].append((aid, pv, now, None))
        if len(batch["art"]) >= 2000:
            flush()
    flush()
    # the search index as the writer keeps it (store/writer.py _index_for_search), built in one go
    conn.execute("INSERT INTO articles_fts_rows (article_id) SELECT id FROM articles ORDER BY rowid")
    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
    conn.commit()
    conn.close()
    return time.perf_counter() - t0


def seed_blocks(store) -> None:
    """Above --full-max, the synthetic reports' blocking keys are stored without the full consolidation
    (its pairs grow with the square of the reports per day: hours at 100k on two cores). The synthetic
    reports share no wording, so a full run links almost none of them; the incremental step then costs
    what it would after a real full run, less the closure over those few old links."""
    from sqlalchemy import insert

    from newsgraph.consolidate.incremental import block_of
    from newsgraph.store import schema as s
    from newsgraph.store.read.events import event_views
    with store.connect() as conn:
        rows = [{"event_id": v.id, "kind": k, "day": d} for v in event_views(conn) for k, d in [block_of(v)]]
    with store.engine.begin() as conn:
        conn.execute(insert(s.event_blocks), rows)


def _timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0


def measure(n: int, real: list[dict], workdir: Path, full_max: int = 30000) -> dict:
    db = str(workdir / f"scale_{n}.db")
    days = sorted({date.fromisoformat(r["published"][:10]) for r in real if r.get("published")})
    span = [days[0] + timedelta(days=k) for k in range((days[-1] - days[0]).days + 1)]
    gen_s = generate(db, n, span)
    # the synthetic store as its builds would have left it: actors merged to the fixpoint, consolidated
    with open_store(db, dedup=None) as store:
        _, merge_all_s = _timed(lambda: store.merge_actors(api.merge_actors(store.actor_records())))
    from newsgraph.consolidate import consolidate
    full_s = None
    with open_store(db, dedup=None) as store:
        if n <= full_max:
            _, full_s = _timed(consolidate, store, full=True)
        else:
            seed_blocks(store)
    size_before = os.path.getsize(db)
    inp = workdir / f"real_{n}.jsonl"
    inp.write_text("".join(json.dumps(r) + "\n" for r in real), encoding="utf-8")
    # time the corpus-level parts inside the build (wrapping the functions api.build calls)
    parts = {"merge_input_s": 0.0, "merge_actors_s": 0.0, "merge_write_s": 0.0, "consolidate_s": 0.0}

    def wrap(name, fn):
        def inner(*a, **k):
            out, dt = _timed(fn, *a, **k)
            parts[name] += dt
            return out
        return inner

    from newsgraph.store import Store
    orig_merge, orig_cons, orig_input = api.merge_actors, api.consolidate, api._merge_input
    orig_store_merge = Store.merge_actors
    api.merge_actors, api.consolidate = wrap("merge_actors_s", orig_merge), wrap("consolidate_s", orig_cons)
    api._merge_input = wrap("merge_input_s", orig_input)
    Store.merge_actors = wrap("merge_write_s", orig_store_merge)
    try:
        built, inc_s = _timed(api.build, [str(inp)], db=db, workers=1)
        incremental = dict(parts)
        parts.update(dict.fromkeys(parts, 0.0))
        _, noop_s = _timed(api.build, db=db, workers=1)
        noop = dict(parts)
    finally:
        api.merge_actors, api.consolidate, api._merge_input = orig_merge, orig_cons, orig_input
        Store.merge_actors = orig_store_merge
    with open_store(db, dedup=None) as store:
        top = store.actors(limit=1)
        reads = {
            "actors_limit50_s": _timed(store.actors, limit=50, aliases=True)[1],
            "show_actor_s": _timed(store.actor, top[0]["id"])[1] if top else None,
            "events_limit50_s": _timed(store.events, limit=50)[1],
            "search_s": _timed(store.search, "ceasefire", limit=20)[1],
            "stats_s": _timed(store.stats)[1],
        }
    size = os.path.getsize(db)
    return {"articles": n + built.processed, "synthetic": n, "real_added": built.processed,
            "failed": len(built.failed), "generate_s": round(gen_s, 1), "merge_all_s": round(merge_all_s, 1), "full_consolidation_s": round(full_s, 2) if full_s is not None else None,
            "blocks_seeded": full_s is None,
            "incremental_build_s": round(inc_s, 2), "incremental_parts": {k: round(v, 2) for k, v in incremental.items()},
            "noop_build_s": round(noop_s, 2), "noop_parts": {k: round(v, 3) for k, v in noop.items()},
            "reads": {k: (round(v, 4) if v is not None else None) for k, v in reads.items()},
            "store_bytes": size, "kb_per_article": round(size / 1024 / (n + built.processed), 1),
            "store_bytes_synthetic_only": size_before}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 30000, 100000])
    ap.add_argument("--real", type=int, default=100)
    ap.add_argument("--out", default=None)
    ap.add_argument("--full-max", type=int, default=30000,
                    help="largest size consolidated in full before the build (above it the blocks are seeded)")
    ap.add_argument("--workdir", default=None, help="where the stores are written (default: a temporary folder)")
    args = ap.parse_args(argv)
    real = real_sample(args.real)
    results = []
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        for n in args.sizes:
            r = measure(n, real, Path(tmp), args.full_max)
            print(json.dumps(r), flush=True)
            results.append(r)
            for f in Path(tmp).glob("scale_*"):
                f.unlink()
    if args.out:
        Path(args.out).write_text(json.dumps({"command": "bench/scale.py " + " ".join(sys.argv[1:]),
                                              "pipeline_version": PIPELINE_VERSION, "results": results},
                                             indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
