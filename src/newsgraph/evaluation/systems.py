"""The systems the evaluation scores, as text-in adapters over the stages: every function here takes
the text of a gold item (and what the gold gives beside it: spans, a document date) and returns what
the scorer compares.

Why here and not in the stages: a stage works on a parsed article inside the pipeline; gold data sets
come as bare texts with their own conventions (re3d spans include a leading "the", CASE-2021 wants one
label per snippet). Keeping those conventions out of the stages keeps each stage about news, and keeps
every adapter in one place where a reader can see what exactly is scored.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from spacy.language import Language

from newsgraph.actors import component as actors_component
from newsgraph.actors.names import normalise
from newsgraph.actors.resolve import extract_actors
from newsgraph.dates.extract import date_mentions
from newsgraph.dates.normalize import normalize
from newsgraph.events.codes import case_code
from newsgraph.events.extract import extract_events, sentence_events
from newsgraph.events.triggers import ASSAULT_MODE_ORDER
from newsgraph.framing.extract import phrase_regex
from newsgraph.framing.tone import vader_lexicon
from newsgraph.lexicon import read_tsv
from newsgraph.nlp import base_model, load_base_model, load_nlp
from newsgraph.pipeline import extract_one
from newsgraph.places import component as places_component
from newsgraph.places.resolve import resolve
from newsgraph.records import Article, DateMention, Event, Evidence, Mention, PlaceMention
from newsgraph.relations.extract import extract_relations
from newsgraph.syntax import ActorIndex, place_labels, sentences

# -- actors (re3d) ----------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _actors_nlp() -> Language:
    """A private base model + the actors component (the shared base model stays bare)."""
    nlp = load_base_model()
    actors_component.add_to_pipeline(nlp)
    return nlp


def find_entities(text: str) -> list[tuple[int, int, str]]:
    """(start, end, "Person" | "Organisation" | "Location") spans for the re3d evaluation.

    Persons and organisations are actor mentions (states acting count as organisations, as re3d tags
    them); locations are the place entities left in ``doc.ents``.
    """
    doc = _actors_nlp()(text)
    mentions, actors, _ = extract_actors(doc, Article.from_text(text, id="eval"))
    types = {a.id: a.type for a in actors}
    out: set[tuple[int, int, str]] = set()
    for m in mentions:
        if m.actor is None:
            continue
        kind = "Person" if types.get(m.actor) == "person" else "Organisation"
        start = m.evidence.start
        # re3d's organisation spans include a leading "the" ("the EU"); its person spans are mixed
        # about titles (56 with, 45 without), so persons keep ours (without)
        if kind == "Organisation":
            tok = doc.char_span(m.evidence.start, m.evidence.end, alignment_mode="expand")
            if tok is not None and tok.start > 0 and doc[tok.start - 1].lower_ == "the":
                start = doc[tok.start - 1].idx
        out.add((start, m.evidence.end, kind))
    labels = place_labels()
    for ent in doc.ents:
        if ent.label_ in labels:
            out.add((ent.start_char, ent.end_char, "Location"))
    return sorted(out)


def alias_pairs(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Pairs of spans in one sentence resolved to one actor with different surface forms.

    re3d's IsSynonymOf links a name to the form that defines or restates it nearby ("Syrian Democratic
    Forces (SDF)", "Daesh, also called ISIL"), not every later mention, so pairs are kept within a
    sentence. Pairs are (earlier, later); compare unordered with symmetric gold.
    """
    doc = _actors_nlp()(text)
    mentions, _, _ = extract_actors(doc, Article.from_text(text, id="eval"))
    sent_of = {}
    for n, sent in enumerate(doc.sents):
        sent_of.update({tok.idx: n for tok in sent})
    by_key: dict[tuple[int, str], list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.actor is not None and m.evidence.start in sent_of:
            by_key[(sent_of[m.evidence.start], m.actor)].append(m)
    pairs = []
    for group in by_key.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if normalise(a.text) != normalise(b.text):
                    pairs.append(((a.evidence.start, a.evidence.end), (b.evidence.start, b.evidence.end)))
    return sorted(pairs)


def span_relations(text: str) -> list[tuple[tuple[int, int], tuple[int, int], str]]:
    """Relations between entity spans of a raw text, for the re3d evaluation: every entity span
    (from :func:`find_entities`) stands for itself, so a relation's ends are character spans."""
    doc = base_model()(text)
    spans = sorted({(s, e) for s, e, _ in find_entities(text)})
    mentions = [Mention(Evidence("eval", s, e), text[s:e], "ORG", actor=f"{s}:{e}") for s, e in spans]
    article = Article.from_text(text, id="eval")

    def span(aid: str) -> tuple[int, int]:
        s, e = aid.split(":")
        return int(s), int(e)

    events = extract_events(doc, article, mentions, [], [])
    return [(span(r.source), span(r.target), r.type)
            for r in extract_relations(doc, article, mentions, [], events)]


# -- places (GeoWebNews, LGL) -----------------------------------------------------------------------------


def resolve_spans(text: str, spans: list[tuple[int, int]]) -> list[PlaceMention]:
    """Resolution only, on given character spans (gold toponyms); the evidence article id is ""."""
    _places_nlp()  # the component hands its lexicon (common English words) to the ranker, as in the pipeline
    return resolve(text, spans, "")


@lru_cache(maxsize=1)
def _places_nlp() -> Language:
    """A private base model + the place detector (the shared base model stays bare)."""
    nlp = load_base_model()
    places_component.add_to_pipeline(nlp)
    return nlp


def detect_spans(text: str) -> list[tuple[int, int]]:
    """Detection only: (start, end) character spans of place names in ``text``."""
    doc = _places_nlp()(text)
    return list(doc._.get(places_component.EXTENSION) or [])


# -- dates (TimeBank, AQUAINT) ----------------------------------------------------------------------------


def date_value(text: str, anchor: str | None) -> str | None:
    """The value of one gold temporal expression against the document creation time."""
    return normalize(text, anchor).value


def find_dates(text: str, anchor: str | None) -> list[DateMention]:
    """The dates stage on plain text; the evidence's article id is "".

    Runs the shared cached base model and finds the spans the way the component does, so no second
    model is loaded and the shared one is not changed.
    """
    return date_mentions(base_model()(text), "", anchor)


# -- events (CASE-2021, PLOVER, PETRARCH-2) ---------------------------------------------------------------
# classify_snippet: bonuses that pick the main event of a snippet. A trigger that is the root of its
# sentence (or its direct dependent) is usually what the snippet is about; the first sentence states the
# news; hypothetical and negated events are rarely the main event. Chosen on CASE-2021 task 2 dev.
ROOT_BONUS = 0.1
FIRST_SENTENCE_BONUS = 0.05
IRREALIS_PENALTY = 0.3
DEPTH_PENALTY = 0.05  # per dependency level below the root's dependents: subordinate clauses give background
NO_EVENT = "NONE"  # classify_snippet's type when no cue matched


def classify_snippet(text: str, nlp: Language | None = None) -> tuple[str, str | None, float]:
    """(PLOVER type, mode, confidence) of the main event of a short snippet; (NONE, None, 0.0) when no
    cue matched. The main event: strongest trigger, preferring sentence roots, the first sentence and
    real (not negated / hypothetical) events."""
    doc = (nlp or base_model())(text)
    article = Article.from_text(text, id="snippet")
    first = next(iter(sentences(doc)), None)
    best: tuple[float, Event] | None = None
    all_modes: list[str] = []
    index = ActorIndex(doc, [])
    for ev, trigs, sent in sentence_events(doc, article, index, [], []):
        main = trigs[0]
        score = main.cue.strength
        depth = sum(1 for _ in main.head.ancestors)
        if depth <= 1:
            score += ROOT_BONUS
        score -= DEPTH_PENALTY * max(0, depth - 1)
        if first is not None and sent.start == first.start:
            score += FIRST_SENTENCE_BONUS
        if ev.negated or ev.hypothetical:
            score -= IRREALIS_PENALTY
        if ev.type == "ASSAULT" and ev.mode:
            all_modes.append(ev.mode)
        if best is None or score > best[0]:
            best = (score, ev)
    if best is None:
        return NO_EVENT, None, 0.0
    ev = best[1]
    mode = ev.mode
    if ev.type == "ASSAULT" and mode is None and all_modes:
        mode = min(all_modes, key=ASSAULT_MODE_ORDER.index)
    return ev.type, mode, round(max(0.0, min(1.0, best[0])), 3)


def snippet_events(text: str) -> list[tuple[str, list[str], list[str]]]:
    """The main event's type of a snippet, with no actors (what the PLOVER and PETRARCH scorers read)."""
    typ = classify_snippet(text)[0]
    return [] if typ in (NO_EVENT, None) else [(typ, [], [])]


def case_label(text: str) -> str | None:
    """CASE-2021 task 2 label of a snippet: the main event's PLOVER type and mode, mapped with its text."""
    typ, mode, _ = classify_snippet(text)
    return case_code(typ, mode, text)


# -- incident arguments (GVDB) ----------------------------------------------------------------------------
# PLOVER types of a gun-violence incident (GVDB annotates shootings): the incident's arguments come
# from these events first, other events (statements, arrests reported by the police) only after.
INCIDENT_TYPES = frozenset({"ASSAULT", "COERCE"})


def incident_arguments(text: str) -> dict[str, Any]:
    """The incident's date, city and counts from the events the whole pipeline finds in a text."""
    art = Article.from_text(text, id="eval")
    doc = _pipeline_nlp()(text)
    facts = extract_one(doc, art)
    return summarize(extract_events(doc, art, facts.mentions, facts.places, facts.dates))


@lru_cache(maxsize=1)
def _pipeline_nlp() -> Language:
    """The full pipeline, loaded once for the arguments task."""
    return load_nlp()


def summarize(evs: list[Any]) -> dict[str, Any]:
    """Incident arguments from a document's events: each field from the most confident violent event
    that has it, else from the most confident other event (an article's main incident is usually its
    most confident assault)."""
    evs = sorted(evs, key=lambda e: (e.type not in INCIDENT_TYPES, -e.confidence))

    def first(get: Callable[[Any], Any]) -> Any:
        return next((v for v in map(get, evs) if v is not None), None)

    # a place or date the event's own text gives beats a fallback (context, dateline, story focus,
    # publication date: events/where.py, events/when.py) of a more confident event
    def own_first(get: Callable[[Any], Any], basis: Callable[[Any], Any], own: str) -> Any:
        ranked = sorted(evs, key=lambda e: basis(e) != own)  # stable: confidence order within each
        return next((v for v in map(get, ranked) if v is not None), None)

    return {"date": own_first(lambda e: e.date.value if e.date else None,
                              lambda e: getattr(e, "date_basis", "explicit"), "explicit"),
            "city": own_first(lambda e: (e.place.text or e.place.name) if e.place is not None else None,
                              lambda e: getattr(e, "place_basis", "sentence"), "sentence"),
            "killed": first(lambda e: e.killed), "injured": first(lambda e: e.injured)}


# -- real-news corpora and WikiEvents (realnews) -----------------------------------------------------------
def build_corpus(paths: list[str], db: str) -> dict[str, Any]:
    """Build the input files ``paths`` into the store at ``db`` the way ``api.build`` does (the API sits
    above the harness, so its steps are taken here): ingest and clean every unit, extract every
    article with the full pipeline in this process, merge actors across the corpus, drop the actors of
    older versions, consolidate. Returns what it did: articles stored, extracted, failed."""
    from newsgraph import runner
    from newsgraph.actors.merge import merge_actors
    from newsgraph.consolidate import consolidate
    from newsgraph.ingest import articles_from_raw, read_inputs
    from newsgraph.records import IngestError
    from newsgraph.store import open_store
    from newsgraph.version import PIPELINE_VERSION

    documents, errors, articles = [], [], []
    for item in read_inputs(paths):
        if isinstance(item, IngestError):
            errors.append(item)
            continue
        documents.append(item)
        result = articles_from_raw(item)
        if isinstance(result, IngestError):
            errors.append(result)
        else:
            articles.extend(result)
    failed: list[tuple[str, str]] = []
    with open_store(db) as store:
        written = store.write_articles(articles, errors, documents)
        todo = store.unprocessed(PIPELINE_VERSION)
        for facts in runner.run(store.load_articles(todo), workers=1, nlp_factory=_pipeline_nlp):
            store.write_facts(facts)
            failed += [(f.article, f.error) for f in facts if f.error]
        store.merge_actors(merge_actors(store.actor_records()))
        store.drop_stale_actors(PIPELINE_VERSION)
        consolidate(store)
    return {"stored": len(written.added), "extracted": len(todo), "failed": failed,
            "ingest_errors": len(errors)}


def pipeline_facts(text: str, doc_id: str = "eval") -> tuple[Any, Any]:
    """(the parsed doc, the Facts of every stage) for one plain text without a publication date."""
    art = Article.from_text(text, id=doc_id)
    doc = _pipeline_nlp()(text)
    return doc, extract_one(doc, art)


# -- framing (BASIL) --------------------------------------------------------------------------------------
# Lexical bias ~ loaded words: adjectives and adverbs whose VADER valence magnitude (scale -4..4) is
# at least LOADED_VALENCE. Measured on BASIL (210 articles, 319 lexical-bias spans), relaxed F1 by
# threshold with ADJ/ADV: 1.0 -> 0.052, 1.5 -> 0.048, 2.0 -> 0.051, 2.5 -> 0.032; all POS: 0.030 at 1.0.
# Weak in absolute terms (BASIL's lexical bias is context-dependent); 1.0 kept as the best measured.
LOADED_VALENCE = 1.0
LOADED_POS = {"ADJ", "ADV"}
# An article leans to a side when it uses at least STANCE_MARGIN more phrases of that side than of
# the other (evaluation/data/partisan_phrases.tsv); otherwise it reads as center. 1 = any net evidence.
STANCE_MARGIN = 1
PARTISAN_COLUMNS = ("pattern", "side", "reason")


def lexical_bias_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of loaded words (see LOADED_VALENCE): the BASIL lexical-bias adapter."""
    lexicon = vader_lexicon()
    nlp = base_model()
    keep = [p for p in ("tok2vec", "tagger", "attribute_ruler") if p in nlp.pipe_names]
    with nlp.select_pipes(enable=keep):
        doc = nlp(text)
    return [(t.idx, t.idx + len(t)) for t in doc
            if t.pos_ in LOADED_POS and abs(lexicon.get(t.lower_, 0.0)) >= LOADED_VALENCE]


@lru_cache(maxsize=1)
def _partisan() -> tuple[tuple[re.Pattern[str], str], ...]:
    rows = read_tsv("newsgraph.evaluation", "data/partisan_phrases.tsv", PARTISAN_COLUMNS)
    return tuple((re.compile(phrase_regex(r["pattern"].strip().lower()), re.IGNORECASE), r["side"].strip())
                 for r in rows)


def article_stance(text: str) -> str:
    """left, center or right from partisan phrase counts (evaluation/data/partisan_phrases.tsv)."""
    votes = {"left": 0, "right": 0}
    for rx, side in _partisan():
        votes[side] += len(rx.findall(text))
    if votes["left"] - votes["right"] >= STANCE_MARGIN:
        return "left"
    if votes["right"] - votes["left"] >= STANCE_MARGIN:
        return "right"
    return "center"
