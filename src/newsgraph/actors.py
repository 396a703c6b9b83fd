"""Actors: resolve the spans found by the ``newsgraph_actors`` component into one actor per real entity.

Per article (:func:`extract_actors`): KB link (exact normalised alias, then a transliteration-aware fuzzy
match), within-document coreference of names (surname -> full name, acronym defined in parentheses ->
long form), states by name and seats (only in an acting role: "Ankara fears" but not "in Ankara"),
demonyms only as the head of an actor NP ("Turkish forces"), time-bounded descriptions through
``kb.describe``, discovery of actors the KB does not know (stable ids from the normalised name) and
possessive forces ("Haftar's forces" -> the group he commands, with a ``commands`` relation).
Across articles (:func:`merge_actors`): conservative merging of discovered actors.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import numpy
from rapidfuzz import fuzz, process
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span

from newsgraph.components.actors import (
    ActorMentionFinder,
    ActorSpan,
    default_kb,
    ensure_extensions,
    load_patterns,
    name_tokens,
    names_match,
    normalise,
    skeleton,
    tokens_match,
)
from newsgraph.records import Actor, Article, Evidence, Mention, Relation

# -- tuned constants (on the fixtures in tests/test_actors.py and the five seed articles) -----------------
# Whole-name fuzzy KB linking of an unresolved ORG (rapidfuzz ratio over the normalised string): 90 keeps
# "Rapid Support Force" ~ "Rapid Support Forces" (97) and rejects "Libyan National Army" ~ "Libyan
# National Oil Corporation" (67) and even "Libyan Natl Army" (89): abbreviations must be KB aliases.
KB_FUZZY_RATIO = 90
# Discovered ORG names across articles merge when this similar ("Syrian Democratic Force" ~ "... Forces"
# 98); kept high because distinct group names often differ by one short word.
ORG_MERGE_RATIO = 93
# Confidence of a mention by how it was resolved (ordinal, not calibrated).
CONF_KB = 0.95
CONF_COREF = 0.85
CONF_FUZZY = 0.8
CONF_DISCOVERED = 0.7
CONF_ROLE = 0.75  # state / seat / demonym resolved through its syntactic role
CONF_AMBIGUOUS = 0.4

ACRONYM_STOP = frozenset({"of", "the", "and", "for", "in", "on", "al", "el", "de", "to", "a"})
ORG_TYPES = frozenset({"armed_group", "government", "igo", "political_party", "company", "media", "other"})

# -- names (helpers live beside the component; re-exported here) ----------------------------------------
def acronym_of(long_form: str) -> str:
    """Initials of the capitalised words ("Libyan National Army" -> "LNA")."""
    words = re.findall(r"[A-Za-z][\w’']*", long_form)
    return "".join(w[0].upper() for w in words if w.lower() not in ACRONYM_STOP)


def is_acronym(text: str) -> bool:
    return 2 <= len(text) <= 8 and text.replace(".", "").replace("-", "").isupper() and text.isalpha()


def actor_id(name: str) -> str:
    """Stable id of a discovered actor: the same normalised name gives the same id in every article."""
    return "act_" + hashlib.sha1(normalise(name).encode("utf-8")).hexdigest()[:12]


# -- the pipeline ---------------------------------------------------------------------------------------
def add_to_pipeline(nlp: Language) -> None:
    """Add the ``newsgraph_actors`` component (first of our components: it fixes entity labels)."""
    ensure_extensions()
    if "newsgraph_actors" not in nlp.pipe_names:
        nlp.add_pipe("newsgraph_actors", last=True)


@lru_cache(maxsize=1)
def _kb() -> Any | None:
    return default_kb()


@lru_cache(maxsize=1)
def _eval_nlp() -> Language:
    from newsgraph.nlp import load_base_model

    nlp = load_base_model()
    add_to_pipeline(nlp)
    return nlp


class _Resolver:
    """State of the resolution of one article (built and thrown away per call)."""

    def __init__(self, doc: Doc, article: Article, kb: Any | None) -> None:
        self.doc = doc
        self.article = article
        self.kb = kb
        self.pats = load_patterns()
        self.mentions: list[Mention] = []
        self.actors: dict[str, Actor] = {}
        self.relations: list[Relation] = []
        self.token_actor: dict[int, str] = {}  # token index -> actor id (for possessive forces)
        self.covered: set[int] = set()
        self.story: str | None = None  # the story's country: the most frequent country of its KB matches

    # -- helpers -------------------------------------------------------------------------------------
    def ev(self, start_char: int, end_char: int) -> Evidence:
        return Evidence(self.article.id, start_char, end_char)

    def entry(self, entry_id: str):
        return self.kb.entries.get(entry_id) if self.kb is not None else None

    def add_actor(self, aid: str, name: str, type_: str, country: str | None, kb_id: str | None) -> Actor:
        actor = self.actors.get(aid)
        if actor is None:
            actor = self.actors[aid] = Actor(aid, name, type_, country, kb_id)
        elif actor.country is None and country:
            actor.country = country
        return actor

    def add_kb_actor(self, entry) -> str:
        self.add_actor(entry.id, entry.name, entry.type, getattr(entry, "country", None), entry.id)
        return entry.id

    def add_mention(self, start: int, end: int, label: str, aid: str | None, conf: float) -> None:
        span = self.doc[start:end]
        self.mentions.append(Mention(self.ev(span.start_char, span.end_char), span.text, label, aid, conf))
        self.covered.update(range(start, end))
        if aid is not None:
            actor = self.actors[aid]
            actor.aliases[span.text] = actor.aliases.get(span.text, 0) + 1
            for i in range(start, end):
                self.token_actor[i] = aid

    def role_token(self, span: Span):
        """The token whose dependency role the span plays (first conjunct's role for "X and Y")."""
        tok = span.root
        while tok.dep_ == "conj" and tok.head is not tok:
            tok = tok.head
        return tok

    def acts(self, span: Span, seat: bool) -> bool:
        """Is a state name / seat in an acting role (subject, agent, possessor, object of an accusation)?"""
        tok = self.role_token(span)
        dep = tok.dep_
        if dep == "pobj":
            prep = tok.head
            return prep.dep_ == "agent" or (not seat and prep.lower_ in ("against", "with", "by"))
        if seat and dep in ("dobj", "dative"):
            return False  # "attacked Tripoli" is a place
        return dep in self.pats.actor_deps

    def demonym_head(self, span: Span):
        """The noun a demonym modifies when it is an actor head ("Turkish forces"), else None."""
        tok = span.root
        head = tok.head
        if tok.dep_ in ("amod", "compound", "nmod") and head.lower_ in self.pats.actor_heads:
            return head
        return None

    def country_from_context(self, span: Span) -> str | None:
        """Country cue before or inside a name: "Libyan commander X", "Libyan National Army"."""
        if self.kb is None:
            return None
        before = [t for t in self.doc[max(0, span.start - 3):span.start]]
        while before and any(t.is_sent_start for t in before[1:]):
            before = before[1:]  # stay inside the mention's sentence
        for tok in before + list(span):
            entry = self.kb.by_demonym(tok.text)
            if entry is not None and entry.country:
                return entry.country
        return None

    def type_from_cues(self, text: str, label: str, title: str | None) -> str:
        if label == "PERSON" or title:
            return "person"
        words = normalise(text).split()
        for word in reversed(words):
            if word in self.pats.type_cues:
                return self.pats.type_cues[word]
        return "other"

    # -- KB linking ----------------------------------------------------------------------------------
    def kb_link(self, text: str, label: str) -> tuple[str | None, float]:
        """Exact normalised alias, then fuzzy (transliterations); returns (entry id, confidence)."""
        if self.kb is None:
            return None, 0.0
        wanted = "person" if label == "PERSON" else None
        candidates = [e for e in (self.kb.lookup(text) or ()) if e.type not in ("state",) or label == "GPE"]
        if candidates:
            best = [e for e in candidates if wanted is None or e.type == wanted] or candidates
            return best[0].id, CONF_KB
        fuzzy = _fuzzy_index(self.kb)
        norm = normalise(text)
        if not norm:
            return None, 0.0
        if label == "PERSON":
            toks = name_tokens(text)
            if len(toks) < 2:
                return None, 0.0  # a lone name links exactly or through the matcher's surname rule
            for surface in fuzzy.person_by_key.get((len(toks), skeleton(toks[-1])), ()):
                if names_match(text, surface):
                    return fuzzy.person_ids[surface], CONF_FUZZY
            return None, 0.0
        hit = process.extractOne(norm, fuzzy.org_names, scorer=fuzz.ratio, score_cutoff=KB_FUZZY_RATIO)
        if hit is not None:
            return fuzzy.org_ids[hit[0]], CONF_FUZZY
        first, _, rest = text.partition(" ")
        if rest and self.kb.by_demonym(first) is not None:  # "Russian Wagner Group" -> Wagner Group
            return self.kb_link(rest, label)
        return None, 0.0

    # -- the passes ----------------------------------------------------------------------------------
    def run(self, spans: list[ActorSpan]) -> None:
        self.story = story_country = self.story_country(spans)
        resolved: list[tuple[ActorSpan, str | None, float]] = []
        for s in spans:
            resolved.append((s, *self.resolve_span(s)))
        self.coref(resolved)
        for s, aid, conf in resolved:
            if aid is not None:
                self.add_mention(s.start, s.end, s.label, aid, conf)
            elif s.kind == "ambiguous":  # kept, unresolved: the date or country does not pick one
                span = self.doc[s.start:s.end]
                self.mentions.append(Mention(self.ev(span.start_char, span.end_char), span.text, s.label,
                                             None, CONF_AMBIGUOUS))
                self.covered.update(range(s.start, s.end))
        self.descriptions(story_country)
        self.possessive_forces()
        self.role_nouns()
        self.mentions.sort(key=lambda m: (m.evidence.start, m.evidence.end))

    def story_country(self, spans: list[ActorSpan]) -> str | None:
        counts: Counter[str] = Counter()
        for s in spans:
            for eid in s.kb_ids:
                entry = self.entry(eid)
                if entry is not None and getattr(entry, "country", None):
                    counts[entry.country] += 1
        return counts.most_common(1)[0][0] if counts else None

    def resolve_span(self, s: ActorSpan) -> tuple[str | None, float]:
        """KB / role resolution of one span; a span that cannot be an actor gets kind "none"."""
        aid, conf = self._resolve_span(s)
        if aid is None and s.kind not in ("name", "ambiguous"):
            s.kind = "none"
        return aid, conf

    def _resolve_span(self, s: ActorSpan) -> tuple[str | None, float]:
        span = self.doc[s.start:s.end]
        if s.kind == "description":
            result = self.kb.describe(span.text, country=self.story, date=self.article.published)
            if result is None and self.story is not None:  # the story's country may be wrong
                result = self.kb.describe(span.text, country=None, date=self.article.published)
            if result == "ambiguous":
                s.kind = "ambiguous"
                return None, 0.0
            return (self.add_kb_actor(result), CONF_ROLE) if result is not None else (None, 0.0)
        if s.kind == "demonym":
            head = self.demonym_head(span)
            if head is None:
                return None, 0.0
            entry = self._state_entry(s.kb_ids)
            if entry is None:
                return None, 0.0
            # the mention covers "Turkish forces"
            s.end = max(s.end, head.i + 1)
            s.start = min(s.start, head.i)
            return self.add_kb_actor(entry), CONF_ROLE
        if s.kind in ("state", "seat"):
            if not self.acts(span, seat=s.kind == "seat"):
                return None, 0.0
            entry = self._state_entry(s.kb_ids)
            return (self.add_kb_actor(entry), CONF_ROLE) if entry is not None else (None, 0.0)
        if s.kind == "gpe":
            if self.kb is None or not self.acts(span, seat=True):
                return None, 0.0
            states = [e for e in (self.kb.lookup(span.text) or ()) if e.type == "state"]
            if not states and self.kb.by_seat(span.text) is not None:
                states = [self.kb.by_seat(span.text)]
            return (self.add_kb_actor(states[0]), CONF_ROLE) if states else (None, 0.0)
        if s.label == "NORP":
            entry = self.kb.by_demonym(span.text) if self.kb is not None else None
            entries = [entry] if entry is not None else []
            if entries:  # a demonym the matcher missed: only as the head of an actor NP
                head = self.demonym_head(span)
                if head is None:
                    return None, 0.0
                s.start, s.end = min(s.start, head.i), max(s.end, head.i + 1)
                return self.add_kb_actor(entries[0]), CONF_ROLE
            if span.root.tag_ not in ("NNS", "NNPS"):
                s.kind = "none"
                return None, 0.0  # "Islamist" as an adjective is not an actor; "Islamists" is
        # a name: KB ids from the matcher, else exact/fuzzy KB link; discovery happens in coref()
        for eid in s.kb_ids:
            entry = self.entry(eid)
            if entry is not None:
                return self.add_kb_actor(entry), CONF_KB
        eid, conf = self.kb_link(span.text, s.label)
        if eid is not None:
            entry = self.entry(eid)
            if entry is not None:
                if entry.type == "person":
                    s.label = "PERSON"
                return self.add_kb_actor(entry), conf
        return None, 0.0

    def _state_entry(self, ids: Iterable[str]):
        entries = [self.entry(i) for i in ids]
        entries = [e for e in entries if e is not None]
        states = [e for e in entries if e.type == "state"]
        return (states or entries or [None])[0]

    def coref(self, resolved: list[list]) -> None:
        """Surnames -> unique full names, acronyms -> long forms, then discovery of what is left."""
        doc = self.doc
        items = [list(r) for r in resolved]
        resolved[:] = items
        # acronyms defined in parentheses: "Libyan National Army (LNA)"
        acronyms: dict[str, ActorSpan] = {}  # acronym -> its long form
        for idx, (s, _, _) in enumerate(items):
            if s.label not in ("ORG", "NORP") or s.end + 2 >= len(doc):
                continue
            if doc[s.end].text == "(" and doc[s.end + 2].text == ")" and is_acronym(doc[s.end + 1].text):
                acr = doc[s.end + 1].text
                if acronym_of(doc[s.start:s.end].text) == acr.replace(".", ""):
                    acronyms[acr] = s
        if acronyms:
            present = {(s.start, s.end) for s, _, _ in items}
            for tok in doc:
                if tok.text in acronyms and (tok.i, tok.i + 1) not in present and tok.i not in self._span_tokens(items):
                    items.append([ActorSpan(tok.i, tok.i + 1, "ORG", "name", (), None, "acronym"), None, 0.0])
            items.sort(key=lambda r: r[0].start)
        # full person names in this article (resolved or not)
        full_names: dict[str, list[int]] = defaultdict(list)  # normalised last token -> item indices
        for idx, (s, _, _) in enumerate(items):
            if s.label == "PERSON" and len(name_tokens(doc[s.start:s.end].text)) >= 2:
                full_names[name_tokens(doc[s.start:s.end].text)[-1]].append(idx)
        # discovery of full names and long forms first, so that short forms can point to them
        order = sorted(range(len(items)), key=lambda i: -(items[i][0].end - items[i][0].start))
        for idx in order:
            s, aid, conf = items[idx]
            if aid is None and s.kind == "none" and s.label in ("GPE", "LOC") and s.end - s.start == 1:
                # "Dagalo's fighters" with Dagalo tagged LOC: a surname of a person named in full here
                target = self._surname_target(normalise(doc[s.start].text), full_names, items)
                if target is not None:
                    s.kind, s.label = "name", "PERSON"
                    items[idx][1], items[idx][2] = self._discover_item(items[target]), CONF_COREF
                continue
            if aid is not None or s.kind != "name":
                continue
            text = doc[s.start:s.end].text
            if is_acronym(text) and text not in acronyms:
                long_form = self._unique_long_form(text, items)
                if long_form is not None:
                    acronyms[text] = long_form
            if s.source == "acronym" or (is_acronym(text) and text in acronyms):
                long_form = acronyms.get(text)
                if long_form is not None:
                    long_item = next(it for it in items if it[0] is long_form)
                    items[idx][1], items[idx][2] = self._discover_item(long_item), CONF_COREF
                    s.label = long_form.label
                continue
            toks = name_tokens(text)
            if len(toks) == 1 and s.label in ("PERSON", "ORG"):
                target = self._surname_target(toks[0], full_names, items)
                if target is not None:
                    items[idx][1] = self._discover_item(items[target])
                    items[idx][2] = CONF_COREF
                    s.label = "PERSON"
                    continue
            items[idx][1], items[idx][2] = self._discover_item(items[idx]), CONF_DISCOVERED

    def _unique_long_form(self, acr: str, items) -> ActorSpan | None:
        """The one ORG name in this article whose initials are ``acr`` (no parentheses needed)."""
        forms = {normalise(self.doc[s.start:s.end].text): s for s, _, _ in items
                 if s.label == "ORG" and s.end - s.start >= 2
                 and acronym_of(self.doc[s.start:s.end].text) == acr.replace(".", "")}
        return next(iter(forms.values())) if len(forms) == 1 else None

    def _span_tokens(self, items) -> set[int]:
        return {i for s, _, _ in items for i in range(s.start, s.end)}

    def _surname_target(self, token: str, full_names: dict[str, list[int]], items) -> int | None:
        """The one full name in this article whose last token is this name (never when two differ)."""
        hits = [i for last, idxs in full_names.items() if tokens_match(last, token) for i in idxs]
        distinct = {normalise(self.doc[items[i][0].start:items[i][0].end].text) for i in hits}
        if not hits or len({d for d in distinct if not any(names_match(d, e) for e in distinct if e < d)}) != 1:
            return None
        return hits[0]

    def _discover_item(self, item: list) -> str:
        """Actor id of an item (its KB link if it has one), creating a discovered actor when needed."""
        s, aid, _ = item
        if aid is not None:
            return aid
        span = self.doc[s.start:s.end]
        name = span.text
        type_ = self.type_from_cues(name, s.label, s.title)
        aid = actor_id(name)
        self.add_actor(aid, name, type_, self.country_from_context(span), None)
        item[1] = aid
        return aid

    # -- descriptions --------------------------------------------------------------------------------
    def descriptions(self, story_country: str | None) -> None:
        """ "the UN-backed government" -> kb.describe; ambiguous ones stay, with actor None."""
        if self.kb is None or not hasattr(self.kb, "describe") or hasattr(self.kb, "description_forms"):
            return  # a KB that lists its description forms has them matched by the component
        for tok in self.doc:
            if tok.lower_ not in self.pats.description_heads or tok.i in self.covered:
                continue
            start = tok.left_edge.i
            if start == tok.i or self.doc[start].lower_ not in ("the", "a"):
                continue
            if any(i in self.covered for i in range(start, tok.i + 1)):
                continue
            phrase = self.doc[start + 1:tok.i + 1]
            if not any(t.dep_ in ("amod", "compound", "npadvmod", "advmod") for t in phrase[:-1]):
                continue
            result = self.kb.describe(phrase.text, country=story_country, date=self.article.published)
            if result is None:
                continue
            if result == "ambiguous":
                self.mentions.append(Mention(self.ev(phrase.start_char, phrase.end_char), phrase.text,
                                             "ORG", None, CONF_AMBIGUOUS))
                self.covered.update(range(phrase.start, phrase.end))
                continue
            aid = self.add_kb_actor(result)
            self.add_mention(phrase.start, phrase.end, "ORG", aid, CONF_ROLE)

    # -- role nouns -----------------------------------------------------------------------------------
    def role_nouns(self) -> None:
        """ "Libya's eastern commander, Gen. Khalifa Haftar, ..." then "The eastern military commander,
        who is backed by Russia, ...": a later definite noun phrase whose head noun was an apposition of
        exactly one person in this article refers to that person. The mention is labelled ROLE and is not
        counted as an alias (a description is not a name)."""
        doc = self.doc
        roles: dict[str, set[str]] = defaultdict(set)
        introduced: dict[str, int] = {}
        for m in self.mentions:
            if m.actor is None or m.label != "PERSON":
                continue
            span = doc.char_span(m.evidence.start, m.evidence.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            nouns = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
            if root.dep_ == "appos" and root.head.pos_ == "NOUN":
                nouns.append(root.head)
            for noun in nouns:
                roles[noun.lemma_.lower()].add(m.actor)
                introduced[m.actor] = min(introduced.get(m.actor, noun.i), noun.i)
        for tok in doc:
            owners = roles.get(tok.lemma_.lower()) if tok.pos_ == "NOUN" else None
            if not owners or len(owners) != 1 or tok.i in self.covered:
                continue
            aid = next(iter(owners))
            start = tok.left_edge.i
            if tok.i <= introduced[aid] or doc[start].lower_ != "the":
                continue
            if any(t.pos_ == "PROPN" or t.i in self.covered for t in doc[start:tok.i + 1]):
                continue
            span = doc[start:tok.i + 1]
            self.mentions.append(Mention(self.ev(span.start_char, span.end_char), span.text, "ROLE", aid,
                                         CONF_ROLE))
            self.covered.update(range(start, tok.i + 1))
            for i in range(start, tok.i + 1):
                self.token_actor[i] = aid

    # -- possessive forces ---------------------------------------------------------------------------
    def possessive_forces(self) -> None:
        """ "Haftar's forces", "forces loyal to Haftar", "the army led by Haftar", "Haftar's LNA"."""
        doc = self.doc
        heads = {doc[i].head.i for i in self.token_actor if doc[i].dep_ == "poss"}
        lowers = doc.to_array([LOWER])
        heads.update(numpy.flatnonzero(numpy.isin(lowers, _force_hashes(doc.vocab, self.pats.force_nouns))).tolist())
        for i in sorted(heads):
            tok = doc[i]
            owner_tok = None
            is_force = tok.lower_ in self.pats.force_nouns
            for child in tok.children:
                if child.dep_ == "poss" and child.i in self.token_actor:
                    owner_tok = child
                elif is_force and child.lower_ == "loyal":
                    owner_tok = _pobj_in(child, ("to",), self.token_actor) or owner_tok
                elif is_force and child.dep_ == "acl" and child.lemma_ in ("lead", "command", "loyal"):
                    owner_tok = _agent_pobj(child, self.token_actor) or owner_tok
            if owner_tok is None:
                if is_force and tok.i not in self.covered:
                    self._named_forces(tok)
                continue
            owner_id = self.token_actor[owner_tok.i]
            if owner_id == self.token_actor.get(tok.i):
                self._possessive_alias(owner_tok, tok)  # the KB lists "Haftar's forces" as the LNA
                continue
            owner = self.actors[owner_id]
            if tok.i in self.token_actor:  # "Haftar's Libyan National Army": an actor already
                target = self.token_actor[tok.i]
                if owner.type == "person" and is_force and self.actors[target].type == "state":
                    # "Libyan troops loyal to Haftar" are his forces, not the state's
                    self._reassign(tok.i, target, self._commanded_group(owner))
                    target = self.token_actor[tok.i]
                if owner.type == "person" and target != owner_id and self.actors[target].type in ORG_TYPES:
                    self._commands(owner_id, target, owner_tok, tok)
                continue
            if not is_force or tok.i in self.covered:
                continue
            # "Haftar's Libyan National Army forces": the forces of the named group
            named = [self.token_actor[c.i] for c in tok.children
                     if c.dep_ == "compound" and c.i in self.token_actor
                     and self.actors[self.token_actor[c.i]].type in ORG_TYPES]
            if named and owner.type == "person":
                self._commands(owner_id, named[0], owner_tok, tok)
                continue
            o_start, o_end = self._actor_extent(owner_tok.i)
            if owner_tok.dep_ == "poss":
                start, end = o_start, tok.i + 1
            else:
                start, end = tok.i, o_end
                left = tok.left_edge.i
                while left < tok.i and ("\n" in doc[left].text or doc[left].lower_ in self.pats.strip_leading
                                        or doc[left].is_punct):
                    left += 1
                if not any("\n" in t.text for t in doc[left:tok.i]):
                    start = left
            if any("\n" in t.text for t in doc[start:end]):
                continue  # a parse across a headline or caption break is not an NP
            if owner.type != "person":  # "Turkey's forces", "the LNA's fighters": the owner itself
                self.add_mention(start, end, "ORG", owner_id, CONF_ROLE)
                continue
            group_id = self._commanded_group(owner)
            self.add_mention(start, end, "ORG", group_id, CONF_ROLE)
            self._commands(owner_id, group_id, owner_tok, tok)

    def _reassign(self, i: int, old: str, new: str) -> None:
        """Move the mention holding token ``i`` from actor ``old`` to ``new``."""
        start, end = self._actor_extent(i)
        span = self.doc[start:end]
        for m in self.mentions:
            if m.actor == old and m.evidence.start == span.start_char and m.evidence.end == span.end_char:
                m.actor = new
                aliases = self.actors[old].aliases
                aliases[m.text] -= 1
                if not aliases[m.text]:
                    del aliases[m.text]
                self.actors[new].aliases[m.text] = self.actors[new].aliases.get(m.text, 0) + 1
        for j in range(start, end):
            self.token_actor[j] = new

    def _possessive_alias(self, owner_tok, tok) -> None:
        """A KB alias of a group that names its commander ("Haftar's forces"): commander -> group."""
        group_id = self.token_actor[tok.i]
        start, _ = self._actor_extent(tok.i)
        owner = self.doc[start:owner_tok.i + 1]
        eid, conf = self.kb_link(owner.text, "PERSON")
        entry = self.entry(eid) if eid else None
        if entry is None or entry.type != "person" or self.actors[group_id].type not in ORG_TYPES:
            return
        person_id = self.add_kb_actor(entry)
        self.add_mention(owner.start, owner.end, "PERSON", person_id, conf)
        for i in range(start, tok.i + 1):  # the force NP stays the group's
            self.token_actor[i] = group_id
        self._commands(person_id, group_id, owner_tok, tok)

    def _named_forces(self, tok) -> None:
        """ "ISIL fighters", "Free Syrian Army units": a force noun after an organisation's name is it."""
        named = [c for c in tok.children if c.dep_ == "compound" and c.i in self.token_actor
                 and self.actors[self.token_actor[c.i]].type in ORG_TYPES and c.i == tok.i - 1]
        if not named:
            return
        start, _ = self._actor_extent(named[0].i)
        self.add_mention(start, tok.i + 1, "ORG", self.token_actor[named[0].i], CONF_ROLE)

    def _actor_extent(self, i: int) -> tuple[int, int]:
        """Token extent of the resolved mention that holds token ``i``."""
        aid = self.token_actor[i]
        start = i
        while start > 0 and self.token_actor.get(start - 1) == aid:
            start -= 1
        end = i + 1
        while self.token_actor.get(end) == aid:
            end += 1
        return start, end

    def _commanded_group(self, owner: Actor) -> str:
        entry = self.entry(owner.kb_id) if owner.kb_id else None
        for gid in (getattr(entry, "commands", None) or ()) if entry is not None else ():
            group = self.entry(gid)
            if group is not None:
                return self.add_kb_actor(group)
        name = f"{owner.name}'s forces"
        aid = actor_id(name)
        self.add_actor(aid, name, "armed_group", owner.country, None)
        return aid

    def _commands(self, source: str, target: str, a, b) -> None:
        start, end = min(a.i, b.i), max(a.i, b.i) + 1
        span = self.doc[start:end]
        self.relations.append(Relation(source, target, "commands", self.ev(span.start_char, span.end_char),
                                       self.article.published, CONF_ROLE))


def _force_hashes(vocab, words: frozenset[str]) -> numpy.ndarray:
    """Hashes of the force nouns (LOWER attribute values), for a vectorised scan of a Doc."""
    return numpy.array([vocab.strings.add(w) for w in sorted(words)], dtype="uint64")


def _pobj_in(tok, preps: tuple[str, ...], token_actor: dict[int, str]):
    for prep in tok.children:
        if prep.lower_ in preps:
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and pobj.i in token_actor:
                    return pobj
    return None


def _agent_pobj(tok, token_actor: dict[int, str]):
    for child in tok.children:
        if child.dep_ == "agent" or child.lower_ == "by":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.i in token_actor:
                    return pobj
    return None


class _FuzzyIndex:
    """KB names prepared once for fuzzy linking (persons by token count, organisations as strings)."""

    def __init__(self, kb: Any) -> None:
        # (token count, skeleton of the surname) -> names: candidates for the token-by-token check
        self.person_by_key: dict[tuple[int, str], list[str]] = defaultdict(list)
        self.person_ids: dict[str, str] = {}
        self.org_ids: dict[str, str] = {}
        for entry in kb.entries.values():
            names = [entry.name, *(getattr(entry, "aliases", None) or ())]
            for name in names:
                if entry.type == "person":
                    if name not in self.person_ids:
                        self.person_ids[name] = entry.id
                        toks = name_tokens(name)
                        if toks:
                            self.person_by_key[(len(toks), skeleton(toks[-1]))].append(name)
                elif entry.type != "state":
                    norm = normalise(name)
                    if len(norm) >= 6:  # short names and acronyms only match exactly
                        self.org_ids.setdefault(norm, entry.id)
        self.org_names = list(self.org_ids)


@lru_cache(maxsize=4)
def _fuzzy_index_cached(kb_key: int, kb: Any) -> _FuzzyIndex:
    return _FuzzyIndex(kb)


def _fuzzy_index(kb: Any) -> _FuzzyIndex:
    return _fuzzy_index_cached(id(kb), kb)


# -- public API -----------------------------------------------------------------------------------------
def extract_actors(doc: Doc, article: Article, kb: Any | None = None
                   ) -> tuple[list[Mention], list[Actor], list[Relation]]:
    """Mentions, actors and ``commands`` relations of one parsed article.

    ``kb`` defaults to the shipped knowledge base; tests pass a small one. When the Doc did not go
    through the ``newsgraph_actors`` component, its spans are found here with the same code.
    """
    if kb is None:
        kb = _kb()
    ensure_extensions()
    rows = doc._.actor_mentions
    spans = (_finder(doc.vocab, kb).find(doc) if rows is None
             else [ActorSpan.from_tuple(row) for row in rows])
    resolver = _Resolver(doc, article, kb)
    resolver.run(spans)
    return resolver.mentions, list(resolver.actors.values()), resolver.relations


@lru_cache(maxsize=4)
def _finder(vocab, kb: Any | None) -> ActorMentionFinder:
    """A finder for Docs that did not go through the component (built once per vocab and KB)."""
    from spacy.lang.en import English

    return ActorMentionFinder(vocab, English(vocab=vocab).tokenizer, kb, fix_ents=False)


def _article_for(text: str) -> Article:
    return Article(id="eval", path=None, part=0, source=None, source_basis="none", title=None,
                   published=None, published_basis="none", text=text, raw_sha="", format="txt")


LOCATION_LABELS = ("GPE", "LOC", "FAC")


def find_entities(text: str) -> list[tuple[int, int, str]]:
    """(start, end, "Person" | "Organisation" | "Location") spans for the re3d evaluation.

    Persons and organisations are actor mentions (states acting count as organisations, as re3d tags
    them); locations are the place entities left in ``doc.ents``.
    """
    doc = _eval_nlp()(text)
    mentions, actors, _ = extract_actors(doc, _article_for(text))
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
    for ent in doc.ents:
        if ent.label_ in LOCATION_LABELS:
            out.add((ent.start_char, ent.end_char, "Location"))
    return sorted(out)


def alias_pairs(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Pairs of spans in one sentence resolved to one actor with different surface forms.

    re3d's IsSynonymOf links a name to the form that defines or restates it nearby ("Syrian Democratic
    Forces (SDF)", "Daesh, also called ISIL"), not every later mention, so pairs are kept within a
    sentence. Pairs are (earlier, later); compare unordered with symmetric gold.
    """
    doc = _eval_nlp()(text)
    mentions, _, _ = extract_actors(doc, _article_for(text))
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


def merge_actors(actors: list[Actor]) -> dict[str, str]:
    """Corpus-level: actor id -> canonical actor id (every id given, itself when not merged).

    Conservative: person full names merge only when every token matches (spelling variants); a surname
    alone joins the *unique* full name with that surname; an acronym joins the unique long form whose
    initials it is; organisation names merge on near-identical spelling. KB actors are never merged with
    each other, and two different full names that share a surname never merge.
    """
    by_id: dict[str, Actor] = {}
    for a in actors:
        if a.id in by_id:
            for k, v in a.aliases.items():
                by_id[a.id].aliases[k] = by_id[a.id].aliases.get(k, 0) + v
        else:
            by_id[a.id] = Actor(a.id, a.name, a.type, a.country, a.kb_id, dict(a.aliases))
    # A merge can enable another: an acronym joins its long form only once the long form's spellings
    # are one actor; two full names may share an alias only once a surname's aliases joined one of
    # them. So passes run over the merged actors (as the store holds them: each canonical row with the
    # aliases of those folded into it) until a pass merges nothing: one call reaches the fixpoint,
    # and merging its result again (what a repeated build does) changes nothing.
    mapping = {i: i for i in by_id}
    current = by_id
    while True:
        step = _merge_pass(current)
        if all(old == new for old, new in step.items()):
            return mapping
        mapping = {i: step.get(root, root) for i, root in mapping.items()}
        current = _folded(current, step)


def _folded(by_id: dict[str, Actor], step: dict[str, str]) -> dict[str, Actor]:
    """The actors after ``step``: each canonical row as it was, with the aliases of the actors merged
    into it summed (store.merge_actors does the same to the stored rows)."""
    rows = {i: Actor(a.id, a.name, a.type, a.country, a.kb_id, {}) for i, a in by_id.items() if step[i] == i}
    for i, a in by_id.items():
        into = rows[step[i]].aliases
        for alias, n in a.aliases.items():
            into[alias] = into.get(alias, 0) + n
    return rows


def _merge_pass(by_id: dict[str, Actor]) -> dict[str, str]:
    """One pass of the merge rules: actor id -> root of its group."""
    parent = {i: i for i in by_id}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra == rb:
            return
        if by_id[ra].kb_id and by_id[rb].kb_id:
            return  # two KB actors are different by construction
        keep, drop = sorted((ra, rb), key=lambda r: _rank(by_id, r))
        parent[drop] = keep

    _merge_rules(by_id, find, union)
    return {i: find(i) for i in by_id}


def _merge_rules(by_id: dict[str, Actor], find, union) -> None:
    """One pass of every merge rule over the current groups (``find``: an actor's group root)."""
    persons = [a for a in by_id.values() if a.type == "person"]
    full = [a for a in persons if len(name_tokens(a.name)) >= 2]
    single = [a for a in persons if len(name_tokens(a.name)) == 1]
    for i, j in _blocked_pairs(full, _person_keys):
        if _any_names_match(full[i], full[j]):
            union(full[i].id, full[j].id)
    surnames = _token_index((name_tokens(b.name)[-1], b) for b in full)
    singles = _token_index((name_tokens(b.name)[0], b) for b in single)
    for a in single:
        tok = name_tokens(a.name)[0]
        targets = {find(b.id) for last, b in _candidates(surnames, tok) if tokens_match(last, tok)}
        if len(targets) == 1:
            union(a.id, targets.pop())
        elif not targets:
            for other, b in _candidates(singles, tok):
                if b.id != a.id and tokens_match(other, tok):
                    union(a.id, b.id)
    orgs = [a for a in by_id.values() if a.type != "person"]
    long_forms: dict[str, set[str]] = defaultdict(set)
    for a in orgs:
        for name in {a.name, *a.aliases}:
            if not is_acronym(name) and len(name.split()) >= 2:
                long_forms[acronym_of(name)].add(a.id)
    for a in orgs:
        if is_acronym(a.name):
            roots = {find(t) for t in long_forms.get(a.name.replace(".", ""), ())}
            if len(roots) == 1:
                union(a.id, roots.pop())
    norms = [(normalise(a.name), a) for a in orgs if not is_acronym(a.name)]
    for i, j in _blocked_pairs(norms, lambda item: _org_keys(item[0])):
        (na, a), (nb, b) = norms[i], norms[j]
        if a.type == b.type and fuzz.ratio(na, nb) >= ORG_MERGE_RATIO:
            union(a.id, b.id)


def _blocked_pairs(items: list, keys) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) of items that share at least one blocking key, each pair once: the merge
    compares candidates only, so its cost grows with the corpus, not with its square."""
    buckets: dict[Any, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        for key in keys(item):
            buckets[key].append(i)
    seen: set[tuple[int, int]] = set()
    for members in buckets.values():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if (i, j) not in seen:
                    seen.add((i, j))
                    yield i, j


def _person_keys(actor: Actor) -> set[tuple]:
    """Blocking keys of a person: per full name, its length and its surname's consonant skeleton, first
    two and last two letters. Two names can match only when their surnames do (``tokens_match``: equal
    skeletons, or a ratio >= TOKEN_RATIO, which for real names keeps the first or the last two letters)."""
    keys: set[tuple] = set()
    for name in {actor.name, *actor.aliases}:
        toks = name_tokens(name)
        if len(toks) >= 2:
            last = toks[-1]
            keys |= {(len(toks), *key) for key in _token_keys(last)}
    return keys


def _token_keys(token: str) -> set[tuple]:
    return {("s", skeleton(token)), ("p", token[:2]), ("x", token[-2:])}


def _token_index(pairs: Iterable[tuple[str, Actor]]) -> dict[tuple, list[tuple[str, Actor]]]:
    """Blocking index of name tokens: key -> [(token, actor)]."""
    index: dict[tuple, list[tuple[str, Actor]]] = defaultdict(list)
    for token, actor in pairs:
        for key in _token_keys(token):
            index[key].append((token, actor))
    return index


def _candidates(index: dict[tuple, list[tuple[str, Actor]]], token: str) -> list[tuple[str, Actor]]:
    found = {(t, a.id): (t, a) for key in _token_keys(token) for t, a in index.get(key, ())}
    return list(found.values())


def _org_keys(norm: str) -> set[tuple]:
    """Near-identical organisation names (ratio >= ORG_MERGE_RATIO) share their first or last 3 letters."""
    return {("p", norm[:3]), ("x", norm[-3:])}


def _any_names_match(a: Actor, b: Actor) -> bool:
    names_a = [n for n in {a.name, *a.aliases} if len(name_tokens(n)) >= 2]
    names_b = [n for n in {b.name, *b.aliases} if len(name_tokens(n)) >= 2]
    return any(names_match(x, y) for x in names_a for y in names_b)


def _rank(by_id: dict[str, Actor], aid: str) -> tuple:
    """Lower is more canonical: KB actors, then more mentions, then longer names, then id."""
    a = by_id[aid]
    return (a.kb_id is None, -sum(a.aliases.values()), -len(a.name), a.id)
