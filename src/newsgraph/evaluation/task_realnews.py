"""``eval realnews``: newsgraph on real news nobody tuned it for (../shared/eval/realnews).

- **timeline17 corpora** (CNN, BBC, Reuters, Guardian): each corpus file is built into a temporary
  store by the real pipeline (``systems.build_corpus``: the steps of ``api.build``; ``limit`` = articles
  per corpus, those near timeline days first, see ``read_timeline17.read_articles``), then audited (:mod:`newsgraph.audit`, headline figures and suspect counts), then scored for
  timeline recall against the journalists' timelines with a shifted-date control
  (:mod:`timeline_recall`).
- **WikiEvents dev**: attacker / target / victim / place arguments of the attack, death and injury
  events, by head match, for the system and a nearest-entity baseline in the same run.

WikiEvents scoring, per gold event of type Conflict.Attack.*, Life.Die.* or Life.Injure.*:

- gold: the head (spaCy root, lower case) of each argument span, by role: Attacker / Killer / Injurer
  -> attacker, Target -> target, Victim -> victim, Place -> place;
- system: every ASSAULT event the pipeline finds in the gold trigger's sentence (evidence overlapping
  it); its actors -> attacker, its recipients -> target for an attack, victim for a death or an
  injury, its place -> place; an actor's head is that of its mention(s) inside the sentence (an actor
  with no mention there gives none);
- baseline: the nearest spaCy entity left of the trigger in the sentence (PERSON, ORG, NORP, GPE) ->
  attacker, the nearest right of it (PERSON, ORG, NORP, GPE, FAC) -> target or victim, the nearest on
  either side (GPE, LOC, FAC) -> place;
- a predicted head is correct when it equals a gold head of that role of that event; P / R / F1 per
  role over all events (gold arguments outside the trigger's sentence count as missed by both).
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from newsgraph.audit import audit
from newsgraph.evaluation import metrics, systems
from newsgraph.evaluation.gold import data_dir, unavailable
from newsgraph.evaluation.read_timeline17 import corpora, read_articles, read_timeline, timelines_for
from newsgraph.evaluation.read_wikievents import GoldEvent, WikiDoc, read_wikievents
from newsgraph.evaluation.timeline_recall import Idf, events_by_day, recall
from newsgraph.nlp import base_model
from newsgraph.store import open_store
from newsgraph.store.read.audit import load

log = logging.getLogger(__name__)

FOLDER = "realnews"
SCOPE_TYPES = ("Conflict.Attack", "Life.Die", "Life.Injure")
ROLE_GROUP = {"Attacker": "attacker", "Killer": "attacker", "Injurer": "attacker", "Target": "target",
              "Victim": "victim", "Place": "place"}
ROLES = ("attacker", "target", "victim", "place")
SYSTEM_TYPES = frozenset({"ASSAULT"})
LEFT_TYPES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
RIGHT_TYPES = frozenset({"PERSON", "ORG", "NORP", "GPE", "FAC"})
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
# The audit's figures copied into each corpus' result (the rest is in `newsgraph audit --json`).
AUDIT_FIGURES = ("events_per_article", "assault_events", "assault_with_actor", "assault_with_recipient",
                 "assault_with_place_city_region", "assault_with_date", "assault_dated_in_dated_articles",
                 "assault_acled_complete", "acled_complete", "late_events", "actors", "other_share",
                 "articles_speaking_of_rebels", "rebel_or_opposition_actors", "dropped_share_of_text")


def run(*, data: str | Path | None = None, limit: int | None = None) -> dict[str, Any]:
    folder = data_dir(FOLDER, data)
    out: dict[str, Any] = {"task": "realnews", "datasets": {}}
    tl_folder = folder / "timeline17"
    files = corpora(tl_folder) if tl_folder.is_dir() else []
    if not files:
        out["datasets"]["timeline17"] = unavailable(f"{tl_folder} has no corpus files")
    for path in files:
        out["datasets"][path.stem] = corpus_result(path, tl_folder, limit)
    wiki = folder / "wikievents" / "dev.jsonl"
    out["datasets"]["WikiEvents"] = (wikievents_result(wiki, limit) if wiki.is_file()
                                     else unavailable(f"{wiki} not found"))
    return out


# -- timeline17: build, audit, timeline recall ----------------------------------------------------------
def corpus_result(path: Path, tl_folder: Path, limit: int | None) -> dict[str, Any]:
    timelines = [read_timeline(p) for p in timelines_for(tl_folder, path.stem)]
    days = {e.day for tl, _ in timelines for e in tl.entries}
    lines, rep = read_articles(path, limit, prefer_days=days)
    res: dict[str, Any] = {"articles": len(lines), "reader": rep.to_dict()}
    with tempfile.TemporaryDirectory(prefix="newsgraph-realnews-") as tmp:
        src = Path(tmp) / path.name
        src.write_text("\n".join(lines) + "\n", encoding="utf-8")
        url = f"sqlite:///{Path(tmp) / 'store.db'}"
        t0 = time.monotonic()
        built = systems.build_corpus([str(src)], url)
        res["build_seconds"] = round(time.monotonic() - t0, 1)
        res["failed"] = len(built["failed"])
        with open_store(url) as store:
            report = audit(store)
            head = report.to_dict()["headline"]
            res["audit"] = {k: head[k] for k in AUDIT_FIGURES if k in head}
            res["suspects"] = {k.removeprefix("suspects."): v for k, v in head.items() if k.startswith("suspects.")}
            res["timelines"] = timeline_scores(store, path, timelines)
    scored = [t for t in res["timelines"].values() if t.get("recall") is not None]
    if scored:
        res["timeline_recall"] = sum(t["recall"] for t in scored) / len(scored)
        res["timeline_control"] = sum(t["control_recall"] for t in scored) / len(scored)
        res["timeline_ratio"] = (res["timeline_recall"] / res["timeline_control"]
                                 if res["timeline_control"] else None)
    return res


def timeline_scores(store: Any, corpus: Path, timelines: list) -> dict[str, Any]:
    """Recall of each journalist's timeline of ``corpus`` on the built store (see timeline_recall)."""
    with store.connect() as conn:
        data = load(conn, store.location)
        dated = [(ev.date_value, ev.article_id, ev.start, ev.end) for ev in data.events
                 if ev.date_value and len(ev.date_value) == 10 and not ev.date_value.startswith("-")
                 and not ev.negated]
        texts = data.texts({a for _, a, _, _ in dated})
        pubs = sorted(a.published for a in data.articles.values() if a.published and len(a.published) == 10)
    by_day = events_by_day((v, texts.get(a, "")[s:e]) for v, a, s, e in dated)
    span = (dt.date.fromisoformat(pubs[0]), dt.date.fromisoformat(pubs[-1])) if pubs else None
    idf = Idf.of(json.loads(line).get("text", "") for line in corpus.read_text(encoding="utf-8").splitlines()
                 if line.strip())
    out: dict[str, Any] = {}
    for timeline, rep in timelines:
        out[timeline.name.removeprefix(corpus.stem + "_")] = {**recall(timeline, by_day, idf, span),
                                                             "reader": rep.to_dict()}
    return out


# -- WikiEvents: arguments by head match -------------------------------------------------------------------
Heads = dict[str, set[str]]  # role -> heads


def _head(doc, start: int, end: int) -> str | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return span.root.text.lower()


def _in_scope(ev: GoldEvent) -> bool:
    return ev.type.startswith(SCOPE_TYPES)


def _recipient_role(ev: GoldEvent) -> str:
    return "target" if ev.type.startswith("Conflict.Attack") else "victim"


def gold_heads(doc, ev: GoldEvent) -> Heads:
    out: Heads = defaultdict(set)
    for arg in ev.arguments:
        role = ROLE_GROUP.get(arg.role)
        head = _head(doc, arg.start, arg.end) if role else None
        if head:
            out[role].add(head)
    return out


def baseline_heads(doc, ev: GoldEvent, sent: tuple[int, int]) -> Heads:
    ents = [e for e in doc.ents if e.start_char >= sent[0] and e.end_char <= sent[1]]
    left = [e for e in ents if e.end_char <= ev.trigger_start and e.label_ in LEFT_TYPES]
    right = [e for e in ents if e.start_char >= ev.trigger_end and e.label_ in RIGHT_TYPES]
    places = [e for e in ents if e.label_ in PLACE_TYPES]
    out: Heads = defaultdict(set)
    if left:
        out["attacker"].add(left[-1].root.text.lower())
    if right:
        out[_recipient_role(ev)].add(right[0].root.text.lower())
    if places:
        near = min(places, key=lambda e: min(abs(e.start_char - ev.trigger_end), abs(ev.trigger_start - e.end_char)))
        out["place"].add(near.root.text.lower())
    return out


def system_heads(doc, facts, ev: GoldEvent, sent: tuple[int, int]) -> Heads:
    out: Heads = defaultdict(set)
    mentions = defaultdict(list)
    for m in facts.mentions:
        if m.actor is not None:
            mentions[m.actor].append(m)
    rec_role = _recipient_role(ev)
    for sys_ev in facts.events:
        # the event's first sentence or a later report of it (events/happenings.py) in the gold sentence
        spans = [(r.start, r.end) for r in (sys_ev.evidence, *getattr(sys_ev, "reports", ()))]
        hit = next(((s, e) for s, e in spans if not (e <= sent[0] or s >= sent[1])), None)
        if sys_ev.type not in SYSTEM_TYPES or hit is None:
            continue
        s, e = hit
        lo, hi = min(s, sent[0]), max(e, sent[1])  # the gold sentence and the system's evidence sentence
        for role, ids in (("attacker", sys_ev.actor), (rec_role, sys_ev.recipient)):
            for aid in ids:
                for m in mentions.get(aid, ()):
                    if lo <= m.evidence.start and m.evidence.end <= hi:
                        head = _head(doc, m.evidence.start, m.evidence.end)
                        if head:
                            out[role].add(head)
        # WikiEvents' Place is an argument mention of the trigger's sentence: a place the event's own
        # sentence names, not a fallback (context, dateline, story focus: events/where.py), which on the
        # dev subset added predictions and no hits (F1 0.138 -> 0.118 at limit 6)
        if sys_ev.place is not None and sys_ev.place_basis in (None, "sentence") \
                and lo <= sys_ev.place.evidence.start and sys_ev.place.evidence.end <= hi:
            p = sys_ev.place.evidence  # named in the matched sentence, as the actors are
            head = _head(doc, p.start, p.end)
            if head:
                out["place"].add(head)
    return out


def score_roles(pairs: list[tuple[Heads, Heads]]) -> dict[str, Any]:
    """P/R/F1 per role over (gold, predicted) heads of each event."""
    out: dict[str, Any] = {}
    for role in ROLES:
        tp = n_pred = n_gold = 0
        for gold, pred in pairs:
            g, p = gold.get(role, set()), pred.get(role, set())
            tp += len(g & p)
            n_pred += len(p)
            n_gold += len(g)
        out[role] = metrics.prf(tp, n_pred, n_gold)
    return out


def wikievents_result(path: Path, limit: int | None) -> dict[str, Any]:
    docs, rep = read_wikievents(path, limit)
    base = base_model()
    gold_pairs_sys: list[tuple[Heads, Heads]] = []
    gold_pairs_base: list[tuple[Heads, Heads]] = []
    examples: list[dict[str, Any]] = []
    n_events = 0
    for wd in docs:
        bdoc = base(wd.text)
        sdoc, facts = systems.pipeline_facts(wd.text, f"wikievents-{wd.id}")
        for ev in wd.events:
            if not _in_scope(ev):
                continue
            n_events += 1
            sent = wd.sentences[ev.sentence]
            gold = gold_heads(bdoc, ev)
            gold_pairs_base.append((gold, baseline_heads(bdoc, ev, sent)))
            pred = system_heads(sdoc, facts, ev, sent)
            gold_pairs_sys.append((gold, pred))
            if gold and pred != gold and len(examples) < 8:
                examples.append(_example(wd, ev, gold, pred))
    return {"docs": len(docs), "events": n_events, "reader": rep.to_dict(),
            "baseline": score_roles(gold_pairs_base), "system": {**score_roles(gold_pairs_sys), "examples": examples}}


def _example(wd: WikiDoc, ev: GoldEvent, gold: Heads, pred: Heads) -> dict[str, Any]:
    s, e = wd.sentences[ev.sentence]
    return {"doc": wd.id, "event": ev.id, "trigger": ev.trigger,
            "gold": {k: sorted(v) for k, v in gold.items()}, "system": {k: sorted(v) for k, v in pred.items()},
            "sentence_chars": [s, e]}
