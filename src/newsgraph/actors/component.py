"""spaCy component ``newsgraph_actors``: finds the spans that name actors and writes ``doc._.actor_mentions``.

Why a component and not just ``doc.ents``: en_core_web_sm labels Haftar as ORG, Daesh as GPE and misses
Janjaweed, so model entities are fixed by a PhraseMatcher over the knowledge base's surface forms (KB type
beats the model's label, except that a place name never overrules a PERSON). Titles ("Gen.", "Prime
Minister") and possessive endings are trimmed off the name and kept beside it; "X's Y" entities are split
into the owner X and the owned Y. The component only *finds* spans; resolution to actors (coreference,
discovery, descriptions, possessive forces) is done by :func:`newsgraph.actors.resolve.extract_actors`.

``doc.ents`` IS changed (``fix_ents``): a KB match of a non-place entry replaces overlapping model
entities with the KB label (Daesh GPE -> ORG, Haftar ORG -> PERSON) and unseen KB names (Janjaweed) are
added, so the places stage does not geocode armed groups. Nothing else in ``doc.ents`` is touched.

The factory is registered by :func:`register` (called by ``nlp.register_factories`` and
:func:`add_to_pipeline`), never as a side effect of importing this module.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import POS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from newsgraph.actors.names import SKELETON_MIN_LEN, name_tokens, names_match, normalise, skeleton, tokens_match
from newsgraph.actors.patterns import load_patterns
from newsgraph.kb import KBError, load_kb

log = logging.getLogger(__name__)

FACTORY = "newsgraph_actors"
EXTENSION = "actor_mentions"  # doc._.actor_mentions: the spans found, as ActorSpan.as_tuple rows
MODEL_LABELS = ("PERSON", "ORG", "NORP", "GPE", "LOC")
# KB entry types that are places as well as actors: they never overrule a model PERSON.
PLACE_TYPES = frozenset({"state", "place", "city", "region"})
KB_PLACE_KINDS = frozenset({"seat", "demonym"})
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
# Tokens that end a name when the model runs past it (bylines, captions, dashes).
DASHES = frozenset({"-", "–", "—"})
TRAILING_JUNK = frozenset({"-", "–", "—", ",", ":", ";", "]", "[", "(", ")", '"', "“", "”", "|", "/"})


@dataclass(slots=True)
class ActorSpan:
    """A span that may name an actor (token offsets into the Doc, end exclusive)."""

    start: int
    end: int
    label: str  # PERSON, ORG, NORP, GPE (after KB correction)
    kind: str  # name, state, seat, demonym, gpe (a place the KB does not know; an actor only by role)
    kb_ids: tuple[str, ...] = ()
    title: str | None = None  # "Gen.", "Prime Minister" ... found before the name
    source: str = "model"  # model, kb, split (owner of "X's Y"), fuzzy, acronym

    def as_tuple(self) -> tuple:
        return (self.start, self.end, self.label, self.kind, list(self.kb_ids), self.title, self.source)

    @classmethod
    def from_tuple(cls, row) -> ActorSpan:
        start, end, label, kind, kb_ids, title, source = row
        return cls(start, end, label, kind, tuple(kb_ids), title, source)


def default_kb() -> Any | None:
    """The shipped knowledge base, or None when it cannot be loaded (then model-only, with an error logged)."""
    try:
        return load_kb()
    except KBError as exc:  # a broken KB must not stop extraction: report it and run model-only
        log.error("the actor knowledge base could not be loaded (%s): model-only actor mentions", exc)
        return None


def kb_label(entry_type: str) -> str:
    """The spaCy label that matches a KB entry type."""
    if entry_type == "person":
        return "PERSON"
    if entry_type in PLACE_TYPES:
        return "GPE"
    return "ORG"


class ActorMentionFinder:
    """Finds actor-naming spans; see the module docstring."""

    def __init__(self, vocab, tokenizer, kb: Any | None = None, fix_ents: bool = True) -> None:
        self.kb = kb
        self.fix_ents = fix_ents
        self.patterns = load_patterns()
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        self.acronym_matcher = PhraseMatcher(vocab, attr="ORTH")  # ISIS, LNA: case-sensitive
        self.surface_kinds: dict[str, list[tuple[str, str]]] = defaultdict(list)
        # consonant skeleton of a KB person's surname -> [(entry id, normalised surname)], for spellings
        # the KB does not list and the model does not tag ("Jaftar" for Haftar in Spanish-style text)
        self.surname_skeletons: dict[str, list[tuple[str, str]]] = defaultdict(list)
        if kb is not None:
            self._build_matcher(tokenizer)

    def _build_matcher(self, tokenizer) -> None:
        by_surface: dict[str, list[tuple[str, str]]] = defaultdict(list)
        acronyms: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for surface, entry_id, kind in self.kb.surface_forms():
            surface = surface.strip()
            if len(surface) < 2 or "(" in surface:
                # "Rapid Support Forces (RSF)": the long form and the acronym are matched (and linked)
                # one by one, which keeps mention spans and acronym coreference the same with any KB
                continue
            if kind == "acronym":
                acronyms[surface].append((entry_id, kind))
            else:
                by_surface[surface.lower()].append((entry_id, kind))
        for surface, phrase in getattr(self.kb, "description_forms", lambda: ())():
            by_surface[surface.lower()].append((phrase, "description"))
        for table, matcher, prefix in ((by_surface, self.matcher, "kb:"),
                                       (acronyms, self.acronym_matcher, "kba:")):
            surfaces = sorted(table)
            for surface, doc in zip(surfaces, tokenizer.pipe(surfaces)):
                key = prefix + surface
                self.surface_kinds[key] = table[surface]
                matcher.add(key, [doc])
        for entry in self.kb.entries.values():
            if entry.type != "person":
                continue
            for name in (entry.name, *entry.aliases):
                toks = name_tokens(name)
                if toks and len(skeleton(toks[-1])) >= SKELETON_MIN_LEN:
                    pair = (entry.id, toks[-1])
                    if pair not in self.surname_skeletons[skeleton(toks[-1])]:
                        self.surname_skeletons[skeleton(toks[-1])].append(pair)
        log.info("newsgraph_actors: %d KB surface forms in the matchers", len(by_surface) + len(acronyms))

    def __call__(self, doc: Doc) -> Doc:
        spans = self.find(doc)
        # plain tuples, so that Doc.to_bytes / multiprocess nlp.pipe can serialise them (msgpack)
        doc._.actor_mentions = [span.as_tuple() for span in spans]
        if self.fix_ents:
            self._fix_ents(doc, spans)
        return doc

    # -- finding -------------------------------------------------------------------------------------
    def find(self, doc: Doc) -> list[ActorSpan]:
        kb_spans = self._kb_spans(doc)
        model_spans = []
        for ent in doc.ents:
            if ent.label_ in MODEL_LABELS:
                model_spans.extend(self._clean(doc, ent.start, ent.end, ent.label_))
        chosen: list[ActorSpan] = []
        taken: set[int] = set()
        # KB matches first, then model entities that do not overlap them; a PERSON entity beats a KB
        # place name (don't overrule a person with a place), and a longer model entity beats a shorter
        # KB match inside it ("Libya Al Ahrar TV" is not Libya).
        for kb_span in kb_spans:
            overlapping = [m for m in model_spans if m.start < kb_span.end and kb_span.start < m.end]
            # a place name inside a longer PERSON ("Abdul-Hadi Daraa") stays a person; a PERSON that is
            # exactly a capital ("Ankara warned", which the model tags PERSON) is the KB's
            if kb_span.label in ("GPE", "NORP") and any(
                    m.label == "PERSON" and (m.start, m.end) != (kb_span.start, kb_span.end) for m in overlapping):
                continue
            if kb_span.kind == "description":
                chosen.append(kb_span)  # "the internationally recognised government" beats its parts
                taken.update(range(kb_span.start, kb_span.end))
                continue
            longer = [m for m in overlapping if m.start <= kb_span.start and m.end >= kb_span.end
                      and (m.end - m.start) > (kb_span.end - kb_span.start)]
            if longer:
                outer = longer[0]
                if outer.label == "PERSON" and kb_span.label == "PERSON" and outer.end == kb_span.end \
                        and self._same_person(doc[outer.start:outer.end].text, kb_span.kb_ids):
                    outer.kb_ids = kb_span.kb_ids  # "Khalifa Haftar" where the KB knows "Haftar"
                continue
            chosen.append(kb_span)
            taken.update(range(kb_span.start, kb_span.end))
        for span in model_spans:
            if taken.intersection(range(span.start, span.end)):
                continue
            chosen.append(span)
            taken.update(range(span.start, span.end))
        chosen.extend(self._fuzzy_surnames(doc, taken))
        for span in chosen:
            if span.title is None:
                span.title = self._title_before(doc, span.start)
                if span.title and span.label == "ORG" and not span.kb_ids:
                    span.label = "PERSON"  # "Gen. Haftar" with Haftar tagged ORG
        return sorted(chosen, key=lambda s: s.start)

    def _same_person(self, full_name: str, kb_ids: tuple[str, ...]) -> bool:
        """May a full name ending in a KB person's surname take that person's id? Only when it matches
        one of the entry's full names, or the entry lists none: "Saif al-Islam Gaddafi" is not his
        father, whose KB entry knows the surname "Gaddafi" (relatives never merge into the parent)."""
        if self.kb is None:
            return True
        for eid in kb_ids:
            entry = self.kb.entries.get(eid)
            if entry is None or entry.type != "person":
                continue
            fulls = [n for n in entry.surfaces() if len(name_tokens(n)) >= 2]
            if not fulls or any(names_match(full_name, n) for n in fulls):
                return True
            if len(name_tokens(full_name)) == 1:
                return True
        return False

    def _fuzzy_surnames(self, doc: Doc, taken: set[int]) -> list[ActorSpan]:
        """Untagged proper nouns that are a transliteration of one KB person's surname."""
        if not self.surname_skeletons:
            return []
        found = []
        for i in numpy.flatnonzero(doc.to_array([POS]) == PROPN).tolist():
            tok = doc[i]
            if tok.i in taken or len(tok.text) < 4 or not tok.text[0].isupper():
                continue
            norm = normalise(tok.text)
            hits = {eid for eid, surname in self.surname_skeletons.get(skeleton(norm), ())
                    if tokens_match(norm, surname)}
            if len(hits) == 1:
                found.append(ActorSpan(tok.i, tok.i + 1, "PERSON", "name", tuple(hits), None, "fuzzy"))
        return found

    def _kb_spans(self, doc: Doc) -> list[ActorSpan]:
        if self.kb is None:
            return []
        raw = []
        for match_id, start, end in self.matcher(doc):
            entries = self.surface_kinds[doc.vocab.strings[match_id]]
            first = doc[start + 1].text if doc[start].lower_ == "the" and end - start > 1 else doc[start].text
            if not (first[:1].isupper() or first[:1].isdigit()) and entries[0][1] != "description":
                continue  # KB names are proper names: "state" or "army" in lower case are not matches
            raw.append(Span(doc, start, end, label=match_id))
        for match_id, start, end in self.acronym_matcher(doc):
            raw.append(Span(doc, start, end, label=match_id))
        result = []
        for span in filter_spans(raw):
            entries = self.surface_kinds[span.label_]
            kinds = {kind for _, kind in entries}
            ids = tuple(dict.fromkeys(entry_id for entry_id, _ in entries))
            if "description" in kinds:
                phrase = next(i for i, k in entries if k == "description")
                result.append(ActorSpan(span.start, span.end, "ORG", "description", (phrase,), None, "kb"))
                continue
            if kinds and kinds <= {"demonym"}:
                label, kind = "NORP", "demonym"
            elif kinds and kinds <= {"seat"}:
                label, kind = "GPE", "seat"
            else:
                types = [self.kb.entries[i].type for i, k in entries if k not in KB_PLACE_KINDS]
                label = kb_label(types[0]) if types else "ORG"
                kind = "state" if label == "GPE" else "name"
            result.append(ActorSpan(span.start, span.end, label, kind, ids, None, "kb"))
        return result

    def _clean(self, doc: Doc, start: int, end: int, label: str) -> list[ActorSpan]:
        """Trim determiners, titles, possessives and trailing junk; split "X's Y" into X and Y."""
        pats = self.patterns
        # a newline inside an entity means the model ran across a caption or a byline
        for i in range(start, end):
            if "\n" in doc[i].text or (doc[i].is_space and i > start):
                end = i
                break
            if i > start and doc[i].text in DASHES and doc[i - 1].whitespace_:
                end = i  # "Abu Omar - one of the leaders": a spaced dash ends the name
                break
        title = None
        while start < end:
            n = self._title_at(doc, start, end)
            if n:
                title = doc[start:start + n].text
                start += n
                continue
            if doc[start].lower_ in pats.strip_leading or (doc[start].pos_ == "ADP" and end - start > 1):
                start += 1  # "the", or a preposition the model swept in ("Near Palmyra", "of Poets")
                continue
            break
        while end > start and (doc[end - 1].text in TRAILING_JUNK or doc[end - 1].is_space
                               or doc[end - 1].text in POSSESSIVE or doc[end - 1].lower_ in ("and", "or")):
            end -= 1
        if end <= start or not any(t.is_alpha for t in doc[start:end]):
            return []
        for i in range(start + 1, end - 1):
            if doc[i].text in POSSESSIVE:
                owner = self._clean(doc, start, i, "PERSON" if label == "PERSON" else "ORG")
                owned = self._clean(doc, i + 1, end, label)
                for o in owner:
                    o.source = "split"
                # "CIA Asset's Forces": a bare force noun is left to the possessive-force rule
                owned = [o for o in owned if not (o.end - o.start == 1 and doc[o.start].lower_ in pats.force_nouns)]
                return owner + owned
        if label == "PERSON" and title is None and doc[start].lower_ in ("’s", "'s"):
            return []
        kind = "gpe" if label in ("GPE", "LOC") else "name"
        if title and label == "ORG":
            label = "PERSON"
        return [ActorSpan(start, end, label, kind, (), title, "model")]

    def _title_at(self, doc: Doc, start: int, end: int) -> int:
        """Length of a title starting at ``start`` (leaving at least one token of name), else 0."""
        for n in range(min(self.patterns.title_max_len, end - start - 1), 0, -1):
            if tuple(t.lower_ for t in doc[start:start + n]) in self.patterns.titles:
                return n
        return 0

    def _title_before(self, doc: Doc, start: int) -> str | None:
        """A title right before the name ("Gen. Khalifa Haftar", "spokesman Ahmed X")."""
        for n in range(min(self.patterns.title_max_len, start), 0, -1):
            if tuple(t.lower_ for t in doc[start - n:start]) in self.patterns.titles:
                return doc[start - n:start].text
        return None

    # -- doc.ents ------------------------------------------------------------------------------------
    def _fix_ents(self, doc: Doc, spans: list[ActorSpan]) -> None:
        fixes = [Span(doc, s.start, s.end, label=s.label) for s in spans
                 if s.source == "kb" and s.kind == "name"]
        if not fixes:
            return
        kept = [e for e in doc.ents
                if not any(f.start < e.end and e.start < f.end for f in fixes)]
        doc.ents = sorted(kept + fixes, key=lambda e: e.start)


def ensure_extensions() -> None:
    """Register ``doc._.actor_mentions`` once (guarded, never overwriting another registration).

    Its value is a list of :meth:`ActorSpan.as_tuple` rows (serialisable); read it with
    :meth:`ActorSpan.from_tuple`.
    """
    if not Doc.has_extension(EXTENSION):
        Doc.set_extension(EXTENSION, default=None)


def make_actor_finder(nlp: Language, name: str, fix_ents: bool, use_kb: bool) -> ActorMentionFinder:
    """spaCy factory: ``nlp.add_pipe("newsgraph_actors")``."""
    ensure_extensions()
    return ActorMentionFinder(nlp.vocab, nlp.tokenizer, default_kb() if use_kb else None, fix_ents)


def register() -> None:
    """Register the ``newsgraph_actors`` factory with spaCy (once; later calls do nothing)."""
    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, default_config={"fix_ents": True, "use_kb": True},
                         assigns=[f"doc._.{EXTENSION}", "doc.ents"], requires=["doc.ents", "token.dep"],
                         func=make_actor_finder)


def add_to_pipeline(nlp: Language) -> None:
    """Add the component (first of our components: it fixes entity labels the others rely on)."""
    register()
    ensure_extensions()
    if FACTORY not in nlp.pipe_names:
        nlp.add_pipe(FACTORY, last=True)
