"""p50/p95 latency of the main HTTP API calls on the demo store and on a synthetic 10k-article store.

Stores:
  demo       examples/articles + the hostile article, with the facts of tests/web/demo_store.py
  synthetic  N generated articles (default 10,000) from 20 outlets about 300 actors, with mentions,
             places, dates, events (with coordinates and dates), relations, quotes and framing labels,
             written through Store.write_articles / Store.write_facts

Each call is made REPEAT times in-process through FastAPI's TestClient (routing, validation, SQL and
JSON encoding; no network), after one warm-up call. Reported per call: p50, p95 and max in ms.

    .venv/bin/python bench/api_latency.py [--articles 10000] [--repeat 30] [--json OUT]
"""
from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "web"))  # demo_store.py builds the demo store

# Vocabulary of the synthetic articles: made-up names, real-looking shapes.
OUTLETS = [f"Outlet {i:02d} News" for i in range(20)]
EVENT_TYPES = ["ASSAULT", "AGREE", "ACCUSE", "COERCE", "CONSULT", "AID", "MOBILIZE", "REQUEST", "THREATEN"]
RELATION_TYPES = ["supports", "arms", "funds", "fights", "allied_with", "opposes", "negotiates_with"]
LABELS = ["militia", "rebels", "regime", "junta", "government forces", "insurgents", "strongman"]
WORDS = ("the a convoy town river border forces shelling ceasefire talks village aid officials said residents "
         "council militia army drone market bridge camp displaced fighting reported district governor "
         "statement attack clashes negotiations mediators spokesman witnesses hospital water road").split()
N_ACTORS = 300
N_PLACES = 400
PIPELINE = "bench-api-1"


def synthetic_store(db: str, n_articles: int, seed: int = 7) -> dict:
    """Write ``n_articles`` generated articles and their facts into ``db``; returns counts."""
    from newsgraph.ingest import article_id
    from newsgraph.records import (Actor, Article, DateMention, DateValue, Event, Evidence, Facts, FramingLabel,
                                   Mention, PlaceMention, Quote, Relation)
    from newsgraph.store import open_store
    from newsgraph.ids import stable_id

    rng = random.Random(seed)
    actors = [(stable_id("bench-actor", i), f"Actor {i}", rng.choice(["armed_group", "person", "state"]))
              for i in range(N_ACTORS)]
    places = [(f"Place {i}", round(rng.uniform(-30, 40), 3), round(rng.uniform(-20, 60), 3))
              for i in range(N_PLACES)]
    counts = {"articles": 0, "events": 0, "relations": 0}
    store = open_store(db, dedup=None)  # near-duplicate linking is not what this measures
    t0 = time.perf_counter()
    batch_articles, batch_facts = [], []
    for n in range(n_articles):
        a1, a2 = rng.sample(actors, 2)
        place = rng.choice(places)
        day = f"20{rng.randint(20, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        sentences = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 24))).capitalize() + "."
                     for _ in range(rng.randint(8, 16))]
        lead = f"{a1[1]} and {a2[1]} clashed near {place[0]} on {day}, officials said."
        said = " ".join(rng.choice(WORDS) for _ in range(12))
        quote = f'"{said}," said {a1[1]}.'
        text = f"Report {n} from {place[0]}\n\n{lead} {' '.join(sentences[:4])}\n\n{quote} {' '.join(sentences[4:])}"
        aid = article_id(text)
        batch_articles.append(Article(
            id=aid, path=f"bench/{n}.txt", part=0, source=rng.choice(OUTLETS), source_basis="input-metadata",
            title=f"Report {n} from {place[0]}", published=day, published_basis="input-metadata", text=text,
            raw_sha=stable_id("bench-raw", n), format="txt"))
        s_lead = text.index(lead)
        s_a1, s_a2, s_pl = s_lead, text.index(a2[1], s_lead), text.index(place[0], s_lead)
        s_day = text.index(day, s_lead)
        s_q = text.index(quote) + 1
        pm = PlaceMention(Evidence(aid, s_pl, s_pl + len(place[0])), place[0], place[0], "XX", None, place[1],
                          place[2], None, "city", 0.8)
        lead_ev = Evidence(aid, s_lead, s_lead + len(lead))
        etype = rng.choice(EVENT_TYPES)
        facts = Facts(
            article=aid, pipeline_version=PIPELINE,
            mentions=[Mention(Evidence(aid, s_a1, s_a1 + len(a1[1])), a1[1], "ORG", a1[0]),
                      Mention(Evidence(aid, s_a2, s_a2 + len(a2[1])), a2[1], "ORG", a2[0])],
            actors=[Actor(a1[0], a1[1], a1[2], aliases={a1[1]: 1}), Actor(a2[0], a2[1], a2[2], aliases={a2[1]: 1})],
            places=[pm], dates=[DateMention(Evidence(aid, s_day, s_day + len(day)), day, day, "day", 0.9)],
            events=[Event(id=stable_id("bench-event", aid), type=etype, mode=None, evidence=lead_ev, trigger="clashed",
                          actor=[a1[0]], recipient=[a2[0]], date=DateValue(day, "day", day), place=pm,
                          killed=rng.choice([None, None, rng.randint(1, 50)]), confidence=0.7)],
            relations=[Relation(a1[0], a2[0], rng.choice(RELATION_TYPES), lead_ev, day, 0.6)],
            quotes=[Quote(Evidence(aid, s_q, s_q + len(said)), said, a1[0])],
            framing=[FramingLabel(Evidence(aid, s_a2, s_a2 + len(a2[1])), a2[0], rng.choice(LABELS))])
        batch_facts.append(facts)
        if len(batch_articles) >= 500:
            store.write_articles(batch_articles)
            store.write_facts(batch_facts)
            counts["articles"] += len(batch_articles)
            batch_articles, batch_facts = [], []
    if batch_articles:
        store.write_articles(batch_articles)
        store.write_facts(batch_facts)
        counts["articles"] += len(batch_articles)
    stats = store.stats()
    store.close()
    counts.update(events=stats["facts"]["events"], relations=stats["facts"]["relations"],
                  build_seconds=round(time.perf_counter() - t0, 1))
    return counts


def calls(client) -> dict[str, str]:
    """The measured calls, with ids taken from the store itself."""
    event = client.get("/api/events?limit=1").json()["items"][0]
    actor = client.get("/api/actors?limit=1").json()["items"][0]
    article = client.get("/api/articles?limit=1").json()["items"][0]
    day = event["when"] or "2024"
    return {
        "stats": "/api/stats",
        "articles page": "/api/articles?limit=50",
        "articles by outlet+date": f"/api/articles?source={article['source'] or ''}&since={day[:4]}&limit=50",
        "article detail": f"/api/articles/{article['id']}",
        "events page": "/api/events?limit=50",
        "events filtered": f"/api/events?type={event['type']}&since={day[:4]}&until={day[:4]}&limit=50",
        "events deep offset": "/api/events?limit=50&offset=5000",
        "events for map (500)": "/api/events?located=true&limit=500",
        "event detail": f"/api/events/{event['id']}",
        "actors page": "/api/actors?limit=50",
        "actor detail": f"/api/actors/{actor['id']}",
        "relations page": "/api/relations?limit=50",
        "graph": "/api/graph",
        "places page": "/api/places?limit=50",
        "search": "/api/search?q=ceasefire&limit=20",
        "overview page (HTML)": "/",
    }


def measure(db: str, repeat: int) -> dict[str, dict[str, float]]:
    from fastapi.testclient import TestClient

    from newsgraph.web import create_app

    out = {}
    with TestClient(create_app(db, token="")) as client:
        for name, url in calls(client).items():
            r = client.get(url)  # warm-up (and a check that the call works)
            if r.status_code != 200:
                raise SystemExit(f"{url} answered {r.status_code}: {r.text[:200]}")
            times = []
            for _ in range(repeat):
                t = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - t) * 1000)
            times.sort()
            out[name] = {"p50_ms": round(statistics.median(times), 1),
                         "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
                         "max_ms": round(times[-1], 1), "bytes": len(r.content)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    from demo_store import build_demo_store

    results: dict = {"machine": {"python": platform.python_version(), "platform": platform.platform()},
                     "repeat": args.repeat}
    with tempfile.TemporaryDirectory() as tmp:
        demo_db = f"sqlite:///{Path(tmp) / 'demo.db'}"
        demo = build_demo_store(demo_db, Path(tmp))
        results["demo"] = {"store": {"articles": demo.articles, "events": demo.events},
                           "calls": measure(demo_db, args.repeat)}
        syn_db = f"sqlite:///{Path(tmp) / 'synthetic.db'}"
        results["synthetic"] = {"store": synthetic_store(syn_db, args.articles),
                                "calls": measure(syn_db, args.repeat)}
    for name in ("demo", "synthetic"):
        block = results[name]
        print(f"\n{name}: {block['store']}")
        print(f"{'call':28} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'bytes':>9}")
        for call, m in block["calls"].items():
            print(f"{call:28} {m['p50_ms']:8.1f} {m['p95_ms']:8.1f} {m['max_ms']:8.1f} {m['bytes']:9d}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
