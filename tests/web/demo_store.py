"""A demo store for the web tests, the browser tests and bench/api_latency.py.

Why not the real pipeline: the web layer must be tested on a store holding every kind of fact (events
with places and dates, clusters, relations, quotes, framing labels) whatever state the extraction stages
are in. So the articles go through the real ingest (examples/articles plus one hostile article of our
own), and the facts are made here by simple string matching over each stored text, so that every
offset is real (``text[start:end]`` is the evidence) and nothing is typed in by hand.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import newsgraph
from newsgraph.records import (Actor, DateMention, DateValue, Event, Evidence, Facts, FramingLabel, Mention, PlaceMention,
                               Quote, Relation)
from newsgraph.consolidate import consolidate
from newsgraph.ids import stable_id

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "articles"
PIPELINE = "web-demo-1"

# The hostile article: markup that a careless page would execute. Written by us for these tests.
HOSTILE_TITLE = "Hackers deface a regional portal in El Fasher"
HOSTILE_SCRIPT = "<script>window.__pwned = 1;</script>"
HOSTILE_IMG = '<img src="x" onerror="window.__pwned = 2">'
HOSTILE_TEXT = (
    f"{HOSTILE_TITLE}\n\n"
    "EL FASHER: A regional news portal in El Fasher was defaced on Friday, when intruders replaced its "
    f"front page with the line {HOSTILE_SCRIPT} and an image tag {HOSTILE_IMG} that the editors later "
    "removed.\n\n"
    "The editors said the Rapid Support Forces had nothing to do with the attack on the portal, and that "
    "three staff were injured when protesters later stormed the office.\n")

# name, type, country, surface forms (looked up case-sensitively, longest first)
ACTORS = [
    ("Rapid Support Forces", "armed_group", "SD", ["Rapid Support Forces", "RSF", "paramilitary", "militia"]),
    ("Sudanese Armed Forces", "armed_group", "SD", ["Sudanese army", "Sudan's army", "army"]),
    ("Abdel Fattah al-Burhan", "person", "SD", ["Abdel Fattah al-Burhan", "Burhan"]),
    ("Mohamed Hamdan Dagalo", "person", "SD", ["Mohamed Hamdan Dagalo", "Dagalo", "Hemedti"]),
    ("United Arab Emirates", "state", "AE", ["United Arab Emirates", "UAE", "Abu Dhabi"]),
    ("Wagner Group", "armed_group", "RU", ["Wagner Group", "Wagner"]),
    ("United Nations Security Council", "igo", None, ["Security Council"]),
    ("IGAD", "igo", None, ["IGAD"]),
    ("Egypt", "state", "EG", ["Egypt"]),
]
# name, country, lat, lon (rounded), GeoNames id where we are sure of it (None otherwise: never guessed)
PLACES = [
    ("El Fasher", "SD", 13.63, 25.35, None), ("Al-Fashir", "SD", 13.63, 25.35, None),
    ("El Geneina", "SD", 13.45, 22.45, None), ("Wad Madani", "SD", 14.40, 33.52, None),
    ("Khartoum", "SD", 15.55, 32.53, 379252), ("Omdurman", "SD", 15.64, 32.48, None),
    ("Jeddah", "SA", 21.49, 39.19, 105343), ("Kampala", "UG", 0.31, 32.58, 232422),
    ("Cairo", "EG", 30.04, 31.24, 360630), ("Gebeit", "SD", 21.03, 36.31, None),
    ("Adre", "TD", 13.47, 22.20, None), ("Geneva", "CH", 46.20, 6.14, 2660646),
]
# trigger word -> PLOVER type, mode
TRIGGERS = [
    ("killed", "ASSAULT", None), ("drone strike", "ASSAULT", "drone"), ("shells", "ASSAULT", "heavy-weapons"),
    ("ceasefire", "AGREE", None), ("truce", "AGREE", None), ("accused", "ACCUSE", None),
    ("took control", "COERCE", None), ("retaken", "COERCE", None), ("taken back", "COERCE", None),
    ("defaced", "ASSAULT", None), ("displaced", "MOBILIZE", None), ("demanded", "REQUEST", None),
    ("food aid", "AID", None), ("hosted", "CONSULT", None), ("meet", "CONSULT", None),
]
# relation type, source actor, target actor, words that must be in the sentence
RELATIONS = [
    ("arms", "United Arab Emirates", "Rapid Support Forces", ("arming",)),
    ("arms", "Wagner Group", "Rapid Support Forces", ("missiles",)),
    ("fights", "Sudanese Armed Forces", "Rapid Support Forces", ("fighting", "war", "siege", "control")),
    ("negotiates_with", "Sudanese Armed Forces", "Rapid Support Forces", ("ceasefire", "truce")),
    ("commands", "Abdel Fattah al-Burhan", "Sudanese Armed Forces", ("army",)),
    ("opposes", "United Nations Security Council", "Rapid Support Forces", ("siege", "demanded")),
]
# framing label words -> actor they describe
LABELS = [("militia", "Rapid Support Forces"), ("paramilitary", "Rapid Support Forces"),
          ("de facto ruler", "Abdel Fattah al-Burhan"), ("junta leader", "Abdel Fattah al-Burhan"),
          ("army chief", "Abdel Fattah al-Burhan")]
KILLED_RE = re.compile(r"(?:at least |more than )?(\d+) (?:people )?(?:were )?killed|killing (\w+) people")
INJURED_RE = re.compile(r"\b(\d+|two|three|four|five|six|seven|eight|nine) (?:\w+ )?(?:were )?(?:injured|wounded)")
SENTENCE_RE = re.compile(r"[^.!?\n]+[.!?]?")
QUOTE_RE = re.compile(r"[\"“]([^\"”]{20,400})[\"”]")
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}


@dataclass(slots=True)
class DemoStore:
    db: str
    hostile_id: str
    articles: int
    events: int


def actor_id(name: str) -> str:
    return stable_id("demo-actor", name)


def _find_all(text: str, word: str) -> list[int]:
    return [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text)]


def _facts(art: dict) -> Facts:
    text, aid = art["text"], art["id"]
    facts = Facts(article=aid, pipeline_version=PIPELINE)
    taken: list[tuple[int, int]] = []
    actors: dict[str, Actor] = {}
    for name, type_, country, forms in ACTORS:
        for form in sorted(forms, key=len, reverse=True):
            for start in _find_all(text, form):
                end = start + len(form)
                if any(s < end and start < e for s, e in taken):
                    continue
                taken.append((start, end))
                act = actors.setdefault(name, Actor(actor_id(name), name, type_, country))
                act.aliases[form] = act.aliases.get(form, 0) + 1
                facts.mentions.append(Mention(Evidence(aid, start, end), form, "ORG", act.id, 0.9))
    facts.actors = list(actors.values())
    places: list[PlaceMention] = []
    for name, country, lat, lon, gid in PLACES:
        for start in _find_all(text, name):
            places.append(PlaceMention(Evidence(aid, start, start + len(name)), name, name, country, None, lat, lon,
                                       gid, "city", 0.8))
    facts.places = sorted(places, key=lambda p: p.evidence.start)
    if art["published"]:
        for m in re.finditer(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", text):
            # weekday names resolve only with the article date; left unresolved (value None) here
            facts.dates.append(DateMention(Evidence(aid, m.start(), m.end()), m.group(), None, "unknown", 0.5))
    for m in SENTENCE_RE.finditer(text):
        sentence, s0, s1 = m.group(), m.start(), m.end()
        if len(sentence.strip()) < 25:
            continue
        in_sentence = [mn for mn in facts.mentions if s0 <= mn.evidence.start < s1]
        ids = list(dict.fromkeys(mn.actor for mn in in_sentence))
        lower = sentence.lower()
        for word, type_, mode in TRIGGERS:
            if word in lower:
                place = next((p for p in facts.places if s0 <= p.evidence.start < s1), None) or \
                    (facts.places[0] if facts.places else None)
                killed = KILLED_RE.search(sentence)
                n = None
                if killed:
                    n = int(killed.group(1)) if killed.group(1) else NUMBER_WORDS.get(killed.group(2))
                ev_id = stable_id("demo-event", aid, s0, type_)
                facts.events.append(Event(
                    id=ev_id, type=type_, mode=mode, evidence=Evidence(aid, s0, s1), trigger=word,
                    actor=ids[:1], recipient=ids[1:2],
                    date=DateValue(art["published"], _precision(art["published"]),
                                   None) if art["published"] else DateValue(None, "unknown"),
                    place=place, killed=n if type_ == "ASSAULT" else None,
                    injured=_count(INJURED_RE.search(sentence)), confidence=0.7))
                break
        for rtype, src, tgt, words in RELATIONS:
            names = {actors[n].name for n in actors if actors[n].id in ids}
            if src in names and tgt in names and any(w in lower for w in words):
                facts.relations.append(Relation(actor_id(src), actor_id(tgt), rtype, Evidence(aid, s0, s1),
                                                art["published"], 0.6))
        for label, target in LABELS:
            for start in _find_all(sentence, label):
                facts.framing.append(FramingLabel(Evidence(aid, s0 + start, s0 + start + len(label)),
                                                  actor_id(target), label, art["source"]))
    for q in QUOTE_RE.finditer(text):
        near = [mn for mn in facts.mentions if q.end() <= mn.evidence.start < q.end() + 80]
        facts.quotes.append(Quote(Evidence(aid, q.start(1), q.end(1)), q.group(1),
                                  near[0].actor if near else None, "direct", 0.8))
    return facts


def _count(match: re.Match | None) -> int | None:
    """The number a count pattern matched (digits or a small number word), None when none matched."""
    if match is None:
        return None
    word = match.group(1)
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


def _precision(value: str) -> str:
    return {10: "day", 7: "month", 4: "year"}.get(len(value), "unknown")


def build_demo_store(db: str, workdir: Path) -> DemoStore:
    """Ingest examples/articles and the hostile article into ``db``, then write demo facts."""
    hostile = workdir / "hostile"
    hostile.mkdir(parents=True, exist_ok=True)
    (hostile / "hostile_portal.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    newsgraph.ingest([str(EXAMPLES), str(hostile)], db=db)
    with newsgraph.open_store(db) as store:
        rows = [store.article(a["id"]) for a in store.articles()]
        facts = [_facts(r) for r in rows]
        store.write_facts(facts)
        consolidate(store, pipeline_version=PIPELINE)
        hostile_id = next(r["id"] for r in rows if r["title"] == HOSTILE_TITLE)
        n_events = sum(len(f.events) for f in facts)
    return DemoStore(db=db, hostile_id=hostile_id, articles=len(rows), events=n_events)


# Two reports of one shelling by two outlets (our own sentences): the corrections and workspace tests.
NYALA_STORIES = [
    {"title": "Shelling in Nyala", "source": "Nile Wire", "published": "2024-03-04",
     "text": "The Rapid Support Forces shelled the market in Nyala on Monday, killing at least 12 people. "
             "The Sudanese army accused the RSF of targeting civilians."},
    {"title": "Market hit", "source": "Sahel Post", "published": "2024-03-05",
     "text": "At least 12 people were killed when the Rapid Support Forces shelled a market in Nyala on "
             "Monday. The army said it would retake the city."},
]
