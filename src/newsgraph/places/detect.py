"""Toponym detection that does not rest on the small NER model alone.

Candidate spans come from three sources: the model's GPE/LOC/FAC/NORP entities (and ORG/PERSON entities
the gazetteer knows), the gazetteer's alias index over runs of capitalised tokens (so a place the model
missed or mislabelled is still proposed), and the curated KB names. A learned classifier (gradient-boosted
trees, data/detector.json, trained by tools/train_geo_ranker.py on GWN + LGL) then decides for each
candidate whether it is a toponym in the sense of GeoWebNews: a place named literally, metonymically
("Washington said") or as a modifier ("the Libyan army", "Texas barbecue") — but not a people ("the
Canadians"), a language, an organisation's name or a common word that happens to be a town ("West",
"March", "Bombing"). Overlapping candidates are settled by probability.

Kept as hard rules, not learned: the person-context veto (a surname in the story, a name embedded in a
longer proper name, a span inside a PERSON entity that is no curated place) and dropping tokens such as
"GMT" from a dateline ("GMT TRIPOLI" -> "TRIPOLI").
"""
from __future__ import annotations

import json
import logging
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np
from spacy.tokens import Doc

from newsgraph.places import features
from newsgraph.places.gazetteer import Gazetteer, load_gazetteer, normalize, strip_article
from newsgraph.places.gazetteer import surface_key as _surface_key
from newsgraph.syntax import doc_text, place_labels

log = logging.getLogger(__name__)

MODEL_FILE = "detector.json"
FOLDS_FILE = "detector_folds.json"
# P(toponym) above which a candidate is kept; chosen on the cross-validated precision/recall curve of
# GWN + LGL (see the model card) for recall without giving up precision, not per document.
DEFAULT_THRESHOLD = 0.5
MAX_NGRAM = 5  # "Bosnia and Herzegovina", "Saint Vincent and the Grenadines" (5 tokens with "the")
NAME_JOINERS = frozenset({"of", "and", "the", "de", "del", "du", "la", "le", "al", "el", "upon", "on", "-", "’s",
                          "'s", "."})
# Tokens never part of a place name at the edge of a span (dateline and wire junk: "GMT TRIPOLI").
EDGE_JUNK = frozenset({"GMT", "UTC", "EST", "EDT", "PST", "PDT", "CET", "BST", "AFP", "AP", "UPI", "Reuters",
                       "REUTERS", "DPA", "ANSA", "IANS", "PTI", "WAM", "SPA", "Xinhua", "XINHUA"})
LEADING_DROP = frozenset({"the", "The", "THE"})
DATELINE_AFTER = frozenset({",", "(", "—", "–", "-", "--", ":"})
TRAILING_DROP = frozenset({"'s", "’s", "'", "’"})
ENT_LABELS = ("GPE", "LOC", "FAC", "NORP", "ORG", "PERSON")
ALWAYS_LABELS = frozenset({"GPE", "LOC", "FAC"})  # model entities proposed even when the gazetteer lacks them
# ORG entities ending in one of these name a place one can stand in ("Colorado State University",
# "Belfast Magistrates' Court"): GeoWebNews gives them coordinates, so they are proposed too.
FACILITY_WORDS = frozenset({"university", "college", "school", "academy", "institute", "hospital", "clinic",
                            "center", "centre", "court", "courthouse", "airport", "stadium", "arena", "park",
                            "street", "road", "avenue", "bridge", "river", "lake", "market", "mall", "church",
                            "cathedral", "mosque", "station", "square", "hall", "prison", "jail", "base",
                            "camp", "port", "harbour", "harbor", "racecourse", "museum", "library", "tower",
                            "hotel", "palace", "castle", "estate", "village", "complex", "house", "building"})
# Titles and ranks before a surname: common words that still make "Colonel Daraa" a person (issue 13)
TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "doctor", "sir", "lord", "lady", "king", "queen", "prince",
                    "princess", "sheikh", "president", "premier", "minister", "chancellor", "governor", "gov",
                    "mayor", "senator", "sen", "representative", "rep", "judge", "justice", "general", "gen",
                    "colonel", "col", "major", "maj", "captain", "capt", "lieutenant", "lt", "sergeant", "sgt",
                    "commander", "admiral", "marshal", "officer", "detective", "inspector", "chief", "father",
                    "brother", "sister", "imam", "rabbi", "bishop", "pope", "reverend", "rev", "professor",
                    "prof", "coach", "ambassador", "secretary", "spokesman", "spokeswoman", "emir", "sultan"})
POS_TAGS = ("PROPN", "NOUN", "ADJ")
DEPS = ("compound", "amod", "pobj", "nsubj", "dobj", "poss", "appos", "conj", "npadvmod", "ROOT")
KINDS = ("country", "admin1", "admin2", "city", "site", "region", "continent")
PLACE_PREPOSITIONS = frozenset({"in", "into", "at", "near", "from", "to", "outside", "around", "across",
                                "throughout", "towards", "toward", "via", "between", "of"})
FEATURES = (
    *(f"ent_{label}" for label in ENT_LABELS), "ent_exact", "ent_none", "in_ent_ORG", "in_ent_PERSON",
    "src_gazetteer", "src_kb", "n_tokens", "all_upper", "all_title",
    *(f"pos_{p}" for p in POS_TAGS), *(f"dep_{d}" for d in DEPS), "head_is_noun", "head_is_propn",
    "prev_preposition", "prev_the", "prev_capitalised", "next_capitalised", "next_possessive", "next_comma",
    "prev_comma", "next_noun", "sentence_start", "line_start",
    "gaz_log_population", "gaz_log_candidates", *(f"gaz_{k}" for k in KINDS), "demonym", "demonym_plural",
    "common_word", "log_count_in_doc", "lower_in_doc", "inside_longer", "contains_shorter", "embedded_in_name",
    "surface_has_digit", "facility_word", "dateline",
    # issue 13: "President Lincoln", "Mr. Jackson" (a title before the name); "Wal-Mart", "Coca-Cola" (a name
    # glued to another capitalised word by a hyphen: one brand, where "Baghdad-based" is a place modifier)
    "prev_title", "hyphen_name", "src_curated",
)
INDEX = {name: i for i, name in enumerate(FEATURES)}


@dataclass(slots=True)
class Candidate:
    start: int  # token indices
    end: int
    sources: set[str] = field(default_factory=set)  # "ent", "gaz", "kb"
    label: str = ""  # label of the entity the span is exactly, "" if none


class _Words:
    """Token strings of a doc, sliced from its text on demand (no Token objects)."""

    __slots__ = ("text", "idx", "length")

    def __init__(self, text: str, idx: list[int], length: list[int]) -> None:
        self.text, self.idx, self.length = text, idx, length

    def __len__(self) -> int:
        return len(self.idx)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self.idx)))]
        return self.text[self.idx[i]:self.idx[i] + self.length[i]]


class DocContext:
    """What detection reads from a parsed doc, exported once with ``Doc.to_array`` (per-token Python
    objects are the cost here: a 1,200-token story would otherwise create ~10k Token objects)."""

    __slots__ = ("doc", "text", "words", "idx", "length", "pos_ids", "dep_ids", "head", "sent_start",
                 "lower_orths", "namelike", "joiner", "names", "ents", "tok_ent")

    def __init__(self, doc: Doc) -> None:
        from spacy.attrs import DEP, HEAD, IDX, IS_LOWER, LENGTH, LOWER, ORTH, POS, SENT_START, SHAPE

        self.doc = doc
        self.text = text = doc_text(doc)
        arr = doc.to_array([IDX, LENGTH, POS, DEP, HEAD, SENT_START, ORTH, IS_LOWER, SHAPE, LOWER])  # uint64
        self.idx, self.length = arr[:, 0].tolist(), arr[:, 1].tolist()
        self.words = _Words(text, self.idx, self.length)
        strings = doc.vocab.strings
        self.names = {int(h): (strings[int(h)] if h else "") for h in np.unique(arr[:, 2:4])}  # ~60 tags
        self.pos_ids, self.dep_ids = arr[:, 2].tolist(), arr[:, 3].tolist()
        self.head = [i + h for i, h in enumerate(arr[:, 4].astype(np.int64).tolist())]  # offsets, signed
        self.sent_start = [v == 1 for v in arr[:, 5].astype(np.int64).tolist()]
        orth, lower = arr[:, 6].tolist(), arr[:, 9].tolist()
        self.lower_orths = {o for o, low in zip(orth, arr[:, 7].tolist()) if low}
        # a token that can be (part of) a name: its shape starts with a capital ("DeKalb" Xx.., "W.Va" X.Xx)
        capital = {int(h): strings[int(h)][:1] == "X" for h in np.unique(arr[:, 8])}
        junk = _hashes(doc, EDGE_JUNK)
        joiners = _hashes(doc, NAME_JOINERS)
        self.namelike = [capital[h] and o not in junk for h, o in zip(arr[:, 8].tolist(), orth)]
        self.joiner = [low in joiners for low in lower]
        self.ents = list(doc.ents)
        self.tok_ent: dict[int, int] = {i: k for k, e in enumerate(self.ents) for i in range(e.start, e.end)}

    def pos(self, i: int) -> str:
        return self.names[self.pos_ids[i]]

    def dep(self, i: int) -> str:
        return self.names[self.dep_ids[i]]

    def space_after(self, i: int) -> str:
        end = self.idx[i] + self.length[i]
        return self.text[end:self.idx[i + 1]] if i + 1 < len(self.idx) else self.text[end:]

    def span_text(self, start: int, end: int) -> str:
        return self.text[self.idx[start]:self.idx[end - 1] + self.length[end - 1]]


def _hashes(doc: Doc, words: frozenset[str]) -> set[int]:
    strings = doc.vocab.strings
    return {strings[w] for w in words} | {strings[w.lower()] for w in words}


@dataclass(slots=True)
class Detector:
    trees: object
    threshold: float


@lru_cache(maxsize=1)
def detector() -> Detector | None:
    from newsgraph.places.trees import Trees

    try:
        data = json.loads(resources.files("newsgraph.places.data").joinpath(MODEL_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        log.warning("no %s: place detection falls back to entities + gazetteer rules", MODEL_FILE)
        return None
    trees = Trees.from_json(data["model"])
    if trees.features != FEATURES:
        log.warning("%s was trained on other features; detection falls back to rules", MODEL_FILE)
        return None
    return Detector(trees, float(data.get("threshold", DEFAULT_THRESHOLD)))


def use_lexicon_of(nlp) -> None:
    """Common English words from the pipeline's lemmatizer (see features.use_lexicon_of)."""
    if features.use_lexicon_of(nlp):
        _surface_features.cache_clear()


def _common_words() -> frozenset[str]:
    return features.common_words()


def _trim_words(words: list[str], start: int, end: int) -> tuple[int, int] | None:
    """Drop articles, possessives, wire/time tokens and punctuation at the edges; a final "." stays after
    an abbreviation ("W.Va.", "Calif.")."""
    while start < end and (words[start] in LEADING_DROP or words[start] in EDGE_JUNK
                           or not any(ch.isalnum() for ch in words[start])):
        start += 1
    while end > start and (words[end - 1] in TRAILING_DROP or words[end - 1] in EDGE_JUNK
                           or not any(ch.isalnum() for ch in words[end - 1])):
        if words[end - 1] == "." and end - 1 > start and _abbreviation_text(words[end - 2]):
            break
        end -= 1
    return (start, end) if end > start else None


def _abbreviation_text(text: str) -> bool:
    """"W.Va", "Calif", "Ky" before a "." token: a capitalised short word or one with inner dots."""
    return text[:1].isupper() and ("." in text or (text.isalpha() and len(text) <= 5 and not text.isupper()))


surface_key = lru_cache(maxsize=65536)(_surface_key)  # per n-gram of every story: cached (speed)


@lru_cache(maxsize=65536)
def _known_text(text: str) -> bool:
    return _known_uncached(load_gazetteer(), text)


def _known(gaz: Gazetteer, text: str) -> bool:
    return _known_text(text) if gaz is load_gazetteer() else _known_uncached(gaz, text)


def _known_uncached(gaz: Gazetteer, text: str) -> bool:
    from newsgraph.places.demonyms import demonym_place
    from newsgraph.places.groups import is_group_word

    if is_group_word(text):  # issue 13: "Christian", "Sunni" are no places, whatever the gazetteer holds
        return False
    key = normalize(text)
    if key in gaz.index or key in gaz.weak:
        return True
    bare = strip_article(key)
    return (bare is not None and bare in gaz.index) or (len(text.split()) <= 2 and demonym_place(text) is not None)


def candidates(doc: Doc, kb_spans: list[tuple[int, int]] = (), gaz: Gazetteer | None = None,
               ctx: DocContext | None = None) -> list[Candidate]:
    gaz = gaz or load_gazetteer()
    ctx = ctx or DocContext(doc)
    found: dict[tuple[int, int], Candidate] = {}

    def add(start: int, end: int, source: str, label: str = "") -> None:
        trimmed = _trim_words(ctx.words, start, end)
        if trimmed is None:
            return
        cand = found.setdefault(trimmed, Candidate(*trimmed))
        cand.sources.add(source)
        if label and not cand.label:
            cand.label = label

    for ent in ctx.ents:
        label = ent.label_
        trimmed = _trim_words(ctx.words, ent.start, ent.end)  # "GMT TRIPOLI" (ORG) is "TRIPOLI"
        known = trimmed is not None and _known(gaz, _clean(ctx.span_text(*trimmed)))
        if label in ALWAYS_LABELS or (label in ENT_LABELS and known) \
                or (label == "ORG" and ctx.words[ent.end - 1].lower() in FACILITY_WORDS):
            add(ent.start, ent.end, "ent", label)
    # the n-gram loop touches no Token objects: plain strings and flags
    words = ctx.words
    n = len(words)
    namelike = ctx.namelike
    inside = [nl or jn for nl, jn in zip(namelike, ctx.joiner)]
    run_end = [0] * (n + 1)  # run_end[i]: end of the run of name/joiner tokens starting at i
    run_end[n] = n
    for i in range(n - 1, -1, -1):
        run_end[i] = run_end[i + 1] if inside[i] else i
    known = _known_text if gaz is load_gazetteer() else (lambda text: _known_uncached(gaz, text))  # = _known
    curated = gaz.curated
    span_text = ctx.span_text
    for i in range(n):
        if not namelike[i]:
            continue
        for j in range(min(run_end[i], i + MAX_NGRAM), i, -1):
            if not (namelike[j - 1] or (words[j - 1] == "." and j - 1 > i and _abbreviation_text(words[j - 2]))):
                continue
            raw = span_text(i, j)
            # issue 13: the curated abbreviations ("BC", "W.Va.", "T&T") by their exact surface, as resolution
            # reads them (data/aliases.tsv); the classifier decides, as for any gazetteer span
            if known(_clean(raw)) or surface_key(raw) in curated:
                add(i, j, "gaz")
    for start, end in kb_spans:
        add(start, end, "kb")
    ents = {(e.start, e.end): e.label_ for e in ctx.ents}
    for (s, e), cand in found.items():
        cand.label = ents.get((s, e), cand.label if "ent" in cand.sources else "")
    return sorted(found.values(), key=lambda c: (c.start, -c.end))


@lru_cache(maxsize=65536)
def _clean(text: str) -> str:
    text = re.sub(r"^(?:the|The)\s+", "", text.strip())
    text = re.sub(r"(?:'s|’s|'|’)$", "", text)
    return text.strip(" ,.;:\"“”")


@lru_cache(maxsize=65536)
def _surface_features(surface: str) -> tuple[float, ...]:
    """Gazetteer and lexicon facts of a surface: the same in every story, so computed once per process."""
    from newsgraph.places.demonyms import demonym_place

    gaz = load_gazetteer()
    places = gaz.lookup(surface)
    demonym = demonym_place(surface) if len(surface.split()) <= 2 else None
    kinds = {p.kind for p in places}
    low = surface.lower()
    return (float(_known(gaz, surface)),
            max((math.log10(p.population + 1) for p in places), default=0.0), math.log1p(len(places)),
            *(float(k in kinds) for k in KINDS), float(demonym is not None),
            float(demonym is not None and surface.endswith("s") and not surface.endswith(("ss", "is"))),
            float(" " not in low and low in _common_words()))


_SURFACE_FEATURES = ("src_gazetteer", "gaz_log_population", "gaz_log_candidates", *(f"gaz_{k}" for k in KINDS),
                     "demonym", "demonym_plural", "common_word")


def feature_matrix(doc: Doc, cands: list[Candidate], gaz: Gazetteer | None = None,
                   ctx: DocContext | None = None) -> np.ndarray:
    ctx = ctx or DocContext(doc)
    words, pos, dep, head, text = ctx.words, ctx.pos, ctx.dep, ctx.head, ctx.text
    n = len(words)
    strings = doc.vocab.strings
    curated = (gaz or load_gazetteer()).curated
    rows: list[list[float]] = []
    surface_slots = [INDEX[name] for name in _SURFACE_FEATURES]
    for c in cands:
        f = [0.0] * len(FEATURES)
        span_text = ctx.span_text(c.start, c.end)
        surface = _clean(span_text)
        if c.label in ENT_LABELS:
            f[INDEX[f"ent_{c.label}"]] = 1.0
            f[INDEX["ent_exact"]] = 1.0
        else:
            f[INDEX["ent_none"]] = 1.0
        for k in {ctx.tok_ent[i] for i in range(c.start, c.end) if i in ctx.tok_ent}:
            e = ctx.ents[k]
            if e.label_ == "ORG" and (e.start, e.end) != (c.start, c.end):
                f[INDEX["in_ent_ORG"]] = 1.0
            elif e.label_ == "PERSON":
                f[INDEX["in_ent_PERSON"]] = 1.0
        for slot, value in zip(surface_slots, _surface_features(surface)):
            f[slot] = value
        f[INDEX["src_kb"]] = float("kb" in c.sources)
        f[INDEX["src_curated"]] = float(surface_key(span_text) in curated)
        f[INDEX["n_tokens"]] = c.end - c.start
        f[INDEX["all_upper"]] = float(span_text.isupper())
        f[INDEX["all_title"]] = float(all(w.istitle() or not w.isalpha() for w in words[c.start:c.end]))
        # the span's root: the token whose head lies outside the span (the last such, as spaCy does)
        root = next((i for i in range(c.end - 1, c.start - 1, -1) if not c.start <= head[i] < c.end), c.end - 1)
        if pos(c.start) in POS_TAGS:
            f[INDEX[f"pos_{pos(c.start)}"]] = 1.0
        if dep(root) in DEPS:
            f[INDEX[f"dep_{dep(root)}"]] = 1.0
        h = head[root]
        f[INDEX["head_is_noun"]] = float(pos(h) == "NOUN" and h >= c.end)
        f[INDEX["head_is_propn"]] = float(pos(h) == "PROPN" and not c.start <= h < c.end)
        if c.start > 0:
            prev = words[c.start - 1]
            low = prev.lower()
            f[INDEX["prev_preposition"]] = float(low in PLACE_PREPOSITIONS)
            f[INDEX["prev_the"]] = float(low == "the")
            f[INDEX["prev_capitalised"]] = float(prev.istitle() and prev.isalpha())
            f[INDEX["prev_comma"]] = float(prev == ",")
            f[INDEX["line_start"]] = float("\n" in ctx.space_after(c.start - 1) or "\n" in prev)
        else:
            f[INDEX["line_start"]] = 1.0
        if c.end < n:
            nxt = words[c.end]
            f[INDEX["next_capitalised"]] = float(nxt.istitle() and nxt.isalpha())
            f[INDEX["next_possessive"]] = float(nxt in ("'s", "’s"))
            f[INDEX["next_comma"]] = float(nxt == ",")
            f[INDEX["next_noun"]] = float(pos(c.end) == "NOUN")
        f[INDEX["sentence_start"]] = float(ctx.sent_start[c.start] or c.start == 0)
        low = surface.lower()
        f[INDEX["log_count_in_doc"]] = math.log1p(text.count(surface)) if surface else 0.0
        # a one-word name that also occurs in lower case in the story is a common word ("west", "march")
        f[INDEX["lower_in_doc"]] = float(len(low) > 2 and " " not in low and strings[low] in ctx.lower_orths)
        f[INDEX["embedded_in_name"]] = float(_embedded_in_name(doc, c.start, c.end))
        f[INDEX["surface_has_digit"]] = float(any(ch.isdigit() for ch in span_text))
        f[INDEX["facility_word"]] = float(words[c.end - 1].lower() in FACILITY_WORDS)
        if c.start > 0:
            f[INDEX["prev_title"]] = float(words[c.start - 1].lower().rstrip(".") in TITLES
                                           and words[c.start - 1][:1].isupper())
        if c.end + 1 < n and words[c.end] == "-" and not ctx.space_after(c.end - 1) \
                and not ctx.space_after(c.end) and words[c.end + 1][:1].isupper():
            f[INDEX["hyphen_name"]] = 1.0
        elif c.start > 1 and words[c.start - 1] == "-" and not ctx.space_after(c.start - 2) \
                and not ctx.space_after(c.start - 1) and words[c.start - 2][:1].isupper():
            f[INDEX["hyphen_name"]] = 1.0
        # a dateline: an all-caps name at the start of a line (or after wire/time junk) followed by
        # ",", "(" or a dash ("TRIPOLI (Reuters) -", "CHARLESTON, W.Va. --")
        after = words[c.end] if c.end < n else ""
        before = words[c.start - 1] if c.start > 0 else ""
        f[INDEX["dateline"]] = float(span_text.isupper() and after in DATELINE_AFTER and (
            f[INDEX["line_start"]] == 1.0 or before in EDGE_JUNK or before.lower() in ("am", "pm", "a.m.", "p.m.")))
        rows.append(f)
    # overlaps: candidates are sorted by start, so only neighbours that start before c ends can overlap
    for a, c in enumerate(cands):
        for b in range(a + 1, len(cands)):
            o = cands[b]
            if o.start >= c.end:
                break
            if o.end <= c.end:
                rows[a][INDEX["contains_shorter"]] = rows[b][INDEX["inside_longer"]] = 1.0
            if o.start == c.start and o.end >= c.end:
                rows[a][INDEX["inside_longer"]] = rows[b][INDEX["contains_shorter"]] = 1.0
    return np.array(rows, dtype=np.float32).reshape(len(cands), len(FEATURES))


def person_name_parts(doc: Doc) -> set[str]:
    """Last tokens of multi-token PERSON entities: "Daraa" after "Abdul-Hadi Daraa" is a surname.

    issue 13: the small model also tags headline phrases PERSON ("Rethinking Egypt", "Historic Dublin"),
    and one such entity vetoed every "Egypt" of the story; a name that the story tags GPE/LOC by itself at
    least as often as it ends a PERSON entity is no surname."""
    persons: dict[str, int] = {}
    places: dict[str, int] = {}
    for ent in doc.ents:
        last = ent[-1]
        # the model also tags "Henry Lazenby US" PERSON: an all-caps last token is no surname
        if ent.label_ == "PERSON" and len(ent) > 1 and last.is_alpha and not last.is_upper:
            key = normalize(last.text)
            persons[key] = persons.get(key, 0) + 1
        elif ent.label_ in ("GPE", "LOC"):
            key = normalize(ent.text)
            places[key] = places.get(key, 0) + 1
    return {key for key, n in persons.items() if n > places.get(key, 0)}


def _embedded_in_name(doc: Doc, start: int, end: int) -> bool:
    """True when the match continues a longer proper name ("Abdul-Hadi Daraa", "Benghazi Defense Brigades")."""
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    for tok in (before, after):
        if tok is not None and tok.pos_ == "PROPN" and tok.is_alpha and tok.ent_type_ not in place_labels():
            if tok.is_title and tok.text not in ('the', 'The'):
                return True
    return False


def vetoed(doc: Doc, c: Candidate, surnames: set[str], persons: list | None = None) -> bool:
    """The person-context veto: a surname of a person the story names ("Daraa said" after "Colonel Khaled
    Daraa"), or a part of a longer PERSON entity ("Abdul-Hadi Daraa"), is no place — unless it is a
    curated KB place. A name inside an organisation's name ("Gainesville Police") is left to the
    classifier: GeoWebNews counts it as a toponym."""
    span = doc[c.start:c.end]
    if len(span) == 1 and normalize(span.text) in surnames:
        return True
    if "kb" in c.sources:
        return False
    for tok in span:
        if tok.ent_type_ == "PERSON":
            ent = next((e for e in persons if e.start <= tok.i < e.end), None) if persons is not None else \
                next((e for e in doc.ents if e.start <= tok.i < e.end), None)
            if ent is not None and len(ent) > 1 and (ent.start, ent.end) != (c.start, c.end):
                return True
    return False


# issue 13: prefer the containing span of two nested candidates that both pass the threshold
CONTAINING_WINS = True


def select(cands: list[Candidate], probs: np.ndarray, threshold: float) -> list[Candidate]:
    """Non-overlapping candidates above the threshold, the most probable first, except that a candidate
    above the threshold that contains another one wins over it ("Kansas City" over "Kansas", "New York
    City" over "New York": issue 13, measured by CV in docs/EVALUATION.md)."""
    chosen: list[Candidate] = []
    taken: set[int] = set()
    above = [int(i) for i in np.argsort(-probs, kind="stable") if probs[i] >= threshold]
    if CONTAINING_WINS:
        # j is inner when a longer candidate above the threshold contains it; only candidates starting
        # at most the longest span's length before j can (linear in candidates, not quadratic: speed)
        by_start: dict[int, list[int]] = {}
        for i in above:
            by_start.setdefault(cands[i].start, []).append(i)
        longest = max((cands[i].end - cands[i].start for i in above), default=0)
        inner = set()
        for j in above:
            cj = cands[j]
            span_j = cj.end - cj.start
            for s0 in range(cj.start - longest + 1, cj.start + 1):
                if any(cands[i].end >= cj.end and cands[i].end - cands[i].start > span_j
                       for i in by_start.get(s0, ())):
                    inner.add(j)
                    break
        above = [i for i in above if i not in inner] + [i for i in above if i in inner]
    for i in above:
        c = cands[int(i)]
        if any(t in taken for t in range(c.start, c.end)):
            continue
        chosen.append(c)
        taken.update(range(c.start, c.end))
    return sorted(chosen, key=lambda c: c.start)


@lru_cache(maxsize=1)
def _fold_detectors() -> list:
    from newsgraph.places.trees import Trees

    try:
        data = json.loads(resources.files("newsgraph.places.data").joinpath(FOLDS_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    return [Trees.from_json(m) for m in data["models"]]


def _detector_for(doc: Doc) -> Detector | None:
    """The full detector, or inside ranker.cross_validated() the fold detector that did not see ``doc``."""
    from newsgraph.places import features, ranker

    det = detector()
    if det is not None and ranker.cross_validating():
        fold = ranker.fold_of(doc_text(doc))
        folds = _fold_detectors()
        if fold is not None and fold < len(folds):
            return Detector(folds[fold], det.threshold)
    return det


def detect(doc: Doc, kb_spans: list[tuple[int, int]], det: Detector | None = None) -> list[tuple[int, int]] | None:
    """(start_char, end_char) of the toponyms in ``doc``; None when no detector model is installed."""
    det = det or _detector_for(doc)
    if det is None:
        return None
    ctx = DocContext(doc)
    cands = candidates(doc, kb_spans, ctx=ctx)
    surnames = person_name_parts(doc)
    persons = [e for e in ctx.ents if e.label_ == "PERSON"]
    cands = [c for c in cands if not vetoed(doc, c, surnames, persons)]
    if not cands:
        return []
    X = feature_matrix(doc, cands, ctx=ctx)
    probs = det.trees.proba(X)
    # Two structural signals outrank the classifier (rules, not learned): a curated KB name is a place by
    # construction, the longer of two overlapping ones winning ("Jufra air base" over "Jufra"); and a
    # dateline's all-caps name that the gazetteer knows ("GMT TRIPOLI (Reuters) -") is the story's place.
    for i, c in enumerate(cands):
        if "kb" in c.sources:
            probs[i] = 1.0 + 0.001 * (c.end - c.start)
        elif X[i, INDEX["dateline"]] and X[i, INDEX["src_gazetteer"]]:
            probs[i] = max(probs[i], det.threshold)
    return [(doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1].text))
            for c in select(cands, probs, det.threshold)]


