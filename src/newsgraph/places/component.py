"""spaCy component ``newsgraph_places``: finds place spans and stores them in ``doc._.places``.

Sources, in order of trust:
1. the statistical model's GPE / LOC / FAC entities (minus demonyms and person-name parts);
2. a PhraseMatcher over the KB's place additions (Jufra, Ras Lanuf, Mitiga) and over gazetteer names of
   countries, US states and large cities the small model often misses or mislabels.

A gazetteer match never overrules a PERSON/ORG/NORP entity or a person's name ("Abdul-Hadi Daraa" is a
spokesman, not the Syrian city). The one exception is a curated KB addition that covers a whole PERSON or
ORG entity ("Ras Lanuf" tagged PERSON, "Jufra" tagged ORG by en_core_web_sm) and is not part of a person's
name in the document.
``doc.ents`` is left untouched; spans are stored as (start_char, end_char) pairs so docs pickle cleanly.

The factory is registered by :func:`register` (called by ``nlp.register_factories`` and
:func:`add_to_pipeline`), never as a side effect of importing this module.
"""
from __future__ import annotations

import logging
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from newsgraph.ids import place_key as normalize
from newsgraph.kb.places import load_places
from newsgraph.places import detect as learned_detect
from newsgraph.places.demonyms import is_demonym
from newsgraph.places.detect import _embedded_in_name, person_name_parts  # noqa: F401 (moved, issue 13)
from newsgraph.places.gazetteer import load_gazetteer
from newsgraph.syntax import place_labels

log = logging.getLogger(__name__)

FACTORY = "newsgraph_places"
EXTENSION = "places"  # doc._.places: sorted, non-overlapping (start_char, end_char) place spans
# Labels a curated KB place may replace, and only when the entity lies wholly inside the KB name: the small
# model tags "Ras Lanuf" PERSON and "Jufra" / "al-Jufra" ORG, but "Sirte-Jufra Operations Room" stays ORG.
KB_OVERRULES = frozenset({"PERSON", "ORG"})
# Cities at least this large join the PhraseMatcher. 100k keeps the pattern list near 5k names (built in
# well under a second) while still catching the regional capitals the small model misses; smaller towns
# are too often also surnames or common words ("Bath", "Reading") to add without model support.
MATCH_MIN_POPULATION = 100_000
# Leading words that are not part of the name ("the Middle East" is stored as "Middle East").
LEADING_DROP = frozenset({"the", "The"})
TRAILING_DROP = frozenset({"'s", "’s", "'", "’"})


def _ensure_extension() -> None:
    if not Doc.has_extension(EXTENSION):
        Doc.set_extension(EXTENSION, default=None)


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(KB names, gazetteer names) to match, built once per process."""
    kb: set[str] = set()
    for entry in load_places():
        for name in (entry.name, *entry.aliases):
            kb.update(v for v in article_variants(name) if v[:1].isupper() or v[:2] in {"al", "el"})
    gaz = load_gazetteer()
    names: set[str] = set()
    for place in gaz.places:
        if place.kind in {"country", "continent"} or (place.kind == "admin1" and place.country == "US"):
            names.add(place.name)
        elif place.kind == "city" and place.population >= MATCH_MIN_POPULATION:
            names.add(place.name)
    names = {n for n in names if n[:1].isupper() and len(n) > 3 and n.isascii()} - kb
    return tuple(sorted(kb)), tuple(sorted(names))


def preload() -> None:
    """Load the gazetteer and build the match patterns now (a parent about to fork its workers, so
    that they share these pages instead of each loading its own copy)."""
    _patterns()


def article_variants(name: str) -> set[str]:
    """"Al Marj" is written "al-Marj", "Al-Marj", "al Marj" too: the matcher needs each spelling."""
    head, sep, rest = name.partition(" ") if name[:3].lower() in {"al ", "el "} else name.partition("-")
    if not sep or head.lower() not in {"al", "el"} or not rest:
        return {name}
    return {f"{h}{s}{rest}" for h in (head.lower(), head.capitalize()) for s in (" ", "-")}


def _trim(span: Span) -> Span | None:
    start, end = span.start, span.end
    while start < end and span.doc[start].text in LEADING_DROP:
        start += 1
    while end > start and span.doc[end - 1].text in TRAILING_DROP:
        end -= 1
    return span.doc[start:end] if end > start else None


class PlaceDetector:
    """Writes ``doc._.places``: sorted, non-overlapping (start_char, end_char) place spans."""

    def __init__(self, nlp: Language, name: str, use_gazetteer: bool = True) -> None:
        self.name = name
        _ensure_extension()
        kb_names, gaz_names = _patterns()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.matcher.add("KB", list(nlp.tokenizer.pipe(kb_names)))
        # --- issue 13: the learned detector (places/detect.py) looks names up in the whole gazetteer
        # itself; the GAZ patterns serve only the rule-based fallback when its model is missing
        learned_detect.use_lexicon_of(nlp)
        self.learned = use_gazetteer and learned_detect.detector() is not None
        if use_gazetteer and not self.learned:
            self.matcher.add("GAZ", list(nlp.tokenizer.pipe(gaz_names)))
        self.kb_id = nlp.vocab.strings["KB"]

    def __call__(self, doc: Doc) -> Doc:
        if self.learned:
            kb_spans = [(s, e) for match_id, s, e in self.matcher(doc) if match_id == self.kb_id]
            spans = learned_detect.detect(doc, kb_spans)
            if spans is not None:
                doc._.set(EXTENSION, spans)
                return doc
        # --- end issue 13
        doc._.set(EXTENSION, detect_doc_spans(doc, self.matcher, self.kb_id))
        return doc


def detect_doc_spans(doc: Doc, matcher: PhraseMatcher | None = None, kb_id: int | None = None) -> list[tuple[int, int]]:
    """The detection logic (also usable without the component, with ``matcher=None`` for ents only)."""
    labels = place_labels()
    surnames = person_name_parts(doc)
    chosen: list[Span] = []
    for ent in doc.ents:
        if ent.label_ not in labels:
            continue
        span = _trim(ent)
        if span is None or is_demonym(span.text) or not any(ch.isalpha() for ch in span.text):
            continue
        if len(span) == 1 and normalize(span.text) in surnames:
            continue
        chosen.append(span)
    if matcher is not None:
        taken = {i for span in chosen for i in range(span.start, span.end)}
        other = {i: ent for ent in doc.ents if ent.label_ not in labels for i in range(ent.start, ent.end)}
        matches = sorted(matcher(doc), key=lambda m: (m[1], -(m[2] - m[1])))
        for match_id, start, end in matches:
            if any(i in taken for i in range(start, end)):
                # a longer KB name over a model entity ("Jufra air base" over "Jufra") wins
                inner = [s for s in chosen if start <= s.start and s.end <= end and (s.end - s.start) < end - start]
                if match_id == kb_id and inner and not any(
                    i in taken and not any(s.start <= i < s.end for s in inner) for i in range(start, end)
                ):
                    chosen = [s for s in chosen if s not in inner]
                    chosen.append(doc[start:end])
                    taken.update(range(start, end))
                continue
            span = doc[start:end]
            ents = {other[i] for i in range(start, end) if i in other}
            if ents:
                inside = all(start <= e.start and e.end <= end for e in ents)
                kb_ok = match_id == kb_id and all(e.label_ in KB_OVERRULES for e in ents)
                # "Aleppo" tagged NORP: a place name that is no demonym may take a NORP entity's place
                norp_ok = all(e.label_ == "NORP" and not is_demonym(e.text) for e in ents)
                if not (inside and (kb_ok or norp_ok)):
                    continue
            if normalize(span.text) in surnames or _embedded_in_name(doc, start, end):
                continue
            chosen.append(span)
            taken.update(range(start, end))
    spans = sorted({(s.start_char, s.end_char) for s in chosen})
    out: list[tuple[int, int]] = []
    for start, end in spans:  # drop overlaps, keeping the earlier (then longer) span
        if out and start < out[-1][1]:
            continue
        out.append((start, end))
    return out


def make_place_detector(nlp: Language, name: str, use_gazetteer: bool) -> PlaceDetector:
    """spaCy factory: ``nlp.add_pipe("newsgraph_places")``."""
    return PlaceDetector(nlp, name, use_gazetteer)


def register() -> None:
    """Register the ``newsgraph_places`` factory with spaCy (once; later calls do nothing)."""
    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, default_config={"use_gazetteer": True}, assigns=[f"doc._.{EXTENSION}"],
                         requires=["doc.ents", "token.pos"], func=make_place_detector)


def add_to_pipeline(nlp: Language) -> None:
    """Add the detector (after the entity recognizer and the actors component)."""
    register()
    if FACTORY not in nlp.pipe_names:
        nlp.add_pipe(FACTORY, last=True)
