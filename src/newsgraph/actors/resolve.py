"""Actors in one article: resolve the spans found by the ``newsgraph_actors`` component into one actor
per real entity.

KB link (exact normalised alias, then a transliteration-aware fuzzy match: link.py), within-document
coreference of names (surname -> full name, acronym defined in parentheses -> long form), states by
name and seats (only in an acting role: "Ankara fears" but not "in Ankara"), demonyms only as the head
of an actor NP ("Turkish forces"), time-bounded descriptions through ``kb.describe``, discovery of
actors the KB does not know (stable ids from the normalised name) and possessive forces ("Haftar's
forces" -> the group he commands, with a ``commands`` relation). The corpus-wide merge of discovered
actors is merge.py.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span

from newsgraph.actors import collective as coll
from newsgraph.actors.component import ActorMentionFinder, ActorSpan, default_kb, ensure_extensions
from newsgraph.actors.link import CONF_KB, kb_link
from newsgraph.actors.names import acronym_of, actor_id, is_acronym, name_tokens, names_match, normalise, tokens_match
from newsgraph.actors.patterns import load_patterns
from newsgraph.ingest.credits import credit_spans, in_credit
from newsgraph.kb.leaders import state_led_by
from newsgraph.lexicon import read_tsv
from newsgraph.records import Actor, Article, Evidence, Mention, PlaceMention, Relation
from newsgraph.syntax import doc_text, tokens_where

# -- tuned constants (on the fixtures in tests/actors and the five seed articles) -------------------------
# Confidence of a mention by how it was resolved (ordinal, not calibrated; CONF_KB and CONF_FUZZY: link.py).
CONF_COREF = 0.85
CONF_DISCOVERED = 0.7
CONF_ROLE = 0.75  # state / seat / demonym resolved through its syntactic role
CONF_AMBIGUOUS = 0.4

ORG_TYPES = frozenset({"armed_group", "government", "igo", "political_party", "company", "media", "other"})


@lru_cache(maxsize=1)
def _kb() -> Any | None:
    return default_kb()


def _not_actor_rows() -> list[dict[str, str]]:
    return read_tsv("newsgraph.actors", "data/not_actors.tsv", ("name", "kind", "reason"))


@lru_cache(maxsize=1)
def _not_actors() -> frozenset[str]:
    """Normalised surface forms that are never actors (page furniture, time tokens): not_actors.tsv
    (``time_part`` rows are abbreviations that are words too, "Sun", "Mar": only inside a time run)."""
    return frozenset(normalise(r["name"]) for r in _not_actor_rows() if r["kind"] != "time_part")


@lru_cache(maxsize=1)
def _time_words() -> frozenset[str]:
    """Time tokens and their abbreviations: a name made only of them and numbers is a date line."""
    return frozenset(normalise(r["name"]) for r in _not_actor_rows() if r["kind"] in ("time", "time_part"))


def time_run(tokens: list[str]) -> bool:
    """"Tue Mar 22", "March 22 2011", "Sun 5": every token a time word, an abbreviation or a number, at
    least two of them and one a number or a full time word (a lone "Sun" may be the newspaper)."""
    words = [normalise(t).rstrip(".") for t in tokens if t not in (",", ".")]
    if len(words) < 2 or not all(w.isdigit() or w in _time_words() for w in words):
        return False
    return any(w.isdigit() for w in words)


@lru_cache(maxsize=1)
def _generic_names() -> frozenset[str]:
    """Institution names every country has ("Interior Ministry"): generic_words.tsv."""
    return frozenset(normalise(r["name"]) for r in
                     read_tsv("newsgraph.actors", "data/generic_words.tsv", ("name", "reason")))


# A short alias (at most this many letters) links to the KB only with support in the article.
SHORT_ALIAS_LEN = 3
# A sentence with at least this many letters of which this share is upper case is a shouted headline or
# transcript line: names found only there (acronym vetoes) are not discovered.
CAPS_MIN_LETTERS = 20
CAPS_SHARE = 0.8
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
# The text from a line's start to an outlet's name in a reporter's credit: "Jessica Gray, " / "By Joe Smith, ".
_BYLINE_NAME = re.compile(r"^[ \t]*(?:By[ \t]+)?[A-Z][\w.'’-]+(?:[ \t]+[A-Z][\w.'’-]+){0,3},[ \t]*$")


class _Resolver:
    """State of the resolution of one article (built and thrown away per call)."""

    def __init__(self, doc: Doc, article: Article, kb: Any | None,
                 places: list[PlaceMention] | None = None) -> None:
        self.doc = doc
        self.places = places or []
        # resolved place mentions by character span: a name the place stage resolved is a place
        self.place_spans = {(p.evidence.start, p.evidence.end): p for p in self.places if p.name is not None}
        self.focus: str | None = None  # the story's country focus (places first, then KB matches)
        self.article = article
        self.kb = kb
        self.pats = load_patterns()
        self.mentions: list[Mention] = []
        self.actors: dict[str, Actor] = {}
        self.relations: list[Relation] = []
        self.token_actor: dict[int, str] = {}  # token index -> actor id (for possessive forces)
        self.covered: set[int] = set()
        self.story: str | None = None  # the story's country: the most frequent country of its KB matches
        self._lowered: str | None = None  # the article's text in lower case, made on first use
        self._shouted: dict[tuple[int, int], bool] = {}  # sentence (start, end) -> mostly capitals
        self._credits: list[tuple[int, int]] | None = None  # wire / byline / photo credit spans (chars)

    def credits(self) -> list[tuple[int, int]]:
        if self._credits is None:
            self._credits = credit_spans(self.doc.text)
        return self._credits

    def is_credit(self, s: ActorSpan) -> bool:
        """Is this span the credit of a dateline, byline, sign-off or photo ("HOMS (Reuters) -",
        "REUTERS/Name", "— AFP"), or an outlet alone in parentheses ("(Reuters)")? The outlet that wrote
        the story is no actor in it; "told Reuters", "Reuters reported" are not credits and stay."""
        span = self.doc[s.start:s.end]
        if in_credit(self.credits(), span.start_char, span.end_char):
            return True
        media = any((e := self.entry(i)) is not None and e.type == "media" for i in s.kb_ids)
        if not media or s.start == 0 or s.end >= len(self.doc):
            return False
        before, after = self.doc[s.start - 1].text, self.doc[s.end].text
        if before in ("(", "/") and after in (")", "/"):
            return True  # "(Reuters)", "(Name/AFP)"
        text = self.doc.text
        line = text[text.rfind("\n", 0, span.start_char) + 1:span.start_char]
        return bool(_BYLINE_NAME.match(line))  # "Jessica Gray, Reuters": a reporter's credit line

    def lowered_text(self) -> str:
        if self._lowered is None:
            self._lowered = doc_text(self.doc).lower()
        return self._lowered

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

    # -- the passes ----------------------------------------------------------------------------------
    def run(self, spans: list[ActorSpan]) -> None:
        spans = [s for s in spans if not self.is_credit(s)]
        self.story = story_country = self.story_country(spans)
        self.focus = self.place_focus() or self.story
        spans = [s for s in spans if not self.not_actor(s)]
        resolved: list[tuple[ActorSpan, str | None, float]] = []
        for s in spans:
            resolved.append((s, *self.resolve_span(s)))
        self.coref(resolved)
        idle = self.idle_untyped(resolved)
        for s, aid, conf in resolved:
            if aid in idle:
                continue
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
        self.identity_groups()
        self.collectives()
        for actor in self.actors.values():
            coll.assign_sector(actor)
            coll.external_inter(actor, self.focus)
        self.mentions.sort(key=lambda m: (m.evidence.start, m.evidence.end))

    def idle_untyped(self, resolved) -> set[str]:
        """Discovered actors of type ``other`` none of whose mentions in this article acts (subject,
        agent, object, possessor, "by"/"with"/"against" X): "iPad", "Islam", "Challenger" are not
        actors here."""
        acting: dict[str, bool] = {}
        for s, aid, _ in resolved:
            actor = self.actors.get(aid) if aid is not None else None
            if actor is None or actor.kb_id is not None or actor.type != "other":
                continue
            acting[aid] = acting.get(aid, False) or self.acts(self.doc[s.start:s.end], seat=False)
        gone = {aid for aid, acts in acting.items() if not acts}
        for aid in gone:
            del self.actors[aid]
        return gone

    def place_focus(self) -> str | None:
        """The most frequent country of the article's resolved places (None without places)."""
        counts = Counter(p.country for p in self.places if p.country)
        if not counts:
            return None
        (top, n), *rest = counts.most_common(2)
        return top if not rest or n > rest[0][1] else None

    def not_actor(self, s: ActorSpan) -> bool:
        """Furniture, time tokens, transcript speaker labels, "pro-X"/"anti-X", shouted-sentence acronyms
        and names the place stage resolved as places in a place context."""
        doc = self.doc
        span = doc[s.start:s.end]
        if normalise(span.text) in _not_actors() or not any(c.isalpha() for c in span.text):
            return True
        if not s.kb_ids and all(coll.identity_word(t.text) or t.lower_ == "the" for t in span):
            return True  # "Alawite", "the Druze": a group (identity_groups), never a person or a place
        if any(normalise(t.text) in _not_actors() and t.is_upper for t in span) or _CLOCK.search(span.text):
            return True  # "GMT Supporters", "6:07 Cairo": a timestamp swept into a name
        if time_run([t.text for t in span]):
            return True  # "Tue Mar 22": a post's date line
        if s.start >= 2 and doc[s.start - 1].text == "-" and doc[s.start - 2].lower_ in ("pro", "anti"):
            return True
        if span.text.lower().startswith(("pro-", "anti-")):
            return True
        if s.kb_ids and s.kind != "name":
            return False
        if span.text.isupper() and s.end < len(doc) and doc[s.end].text == ":":
            return True  # "BLITZER:" a transcript speaker label
        if not s.kb_ids:
            if any(c in span.text for c in "&#@|\\/<>{}=") or "\n" in span.text:
                return True  # markup, handles, a comment's "Clean & Clear": no name
            if not any(c.isupper() for c in span.text) or sum(c.isalpha() for c in span.text) <= 2:
                return True  # "don", "curfew", "d": no proper name
            if self.shouted(span.sent):
                return True
            if self.is_place(s):
                return True
        return False

    def shouted(self, sent: Span) -> bool:
        """A sentence mostly in capitals (CAPS_MIN_LETTERS, CAPS_SHARE), worked out once per sentence."""
        key = (sent.start, sent.end)
        found = self._shouted.get(key)
        if found is None:
            letters = [c for c in sent.text if c.isalpha()]
            found = self._shouted[key] = (len(letters) >= CAPS_MIN_LETTERS
                                          and sum(c.isupper() for c in letters) >= CAPS_SHARE * len(letters))
        return found

    def is_place(self, s: ActorSpan) -> bool:
        """A discovered name that the place stage resolved, standing in a place context, is a place."""
        span = self.doc[s.start:s.end]
        if (span.start_char, span.end_char) not in self.place_spans or s.title:
            return False
        if s.label != "PERSON":
            return True
        prev = self.doc[s.start - 1] if s.start > 0 else None
        nxt = self.doc[s.end] if s.end < len(self.doc) else None
        if prev is not None and (prev.lower_ in self.pats.locative_preps or prev.text in (",", "and")):
            return True
        if nxt is not None and nxt.text in ("'s", "’s", ",", "and"):
            return True
        return span.root.dep_ in ("compound", "amod", "pobj") or s.end - s.start == 1

    def story_country(self, spans: list[ActorSpan]) -> str | None:
        counts: Counter[str] = Counter()
        for s in spans:
            for eid in s.kb_ids:
                entry = self.entry(eid)
                # an outlet's country says where it is based, not what the story is about
                if entry is not None and getattr(entry, "country", None) and entry.type != "media":
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
            # by the story's country focus and date, or unresolved: never another country's referent
            result = self.kb.describe(span.text, country=self.focus, date=self.article.published)
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
            forces = self._state_forces(head, entry)
            return forces if forces is not None else (self.add_kb_actor(entry), CONF_ROLE)
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
                forces = self._state_forces(head, entries[0])
                return forces if forces is not None else (self.add_kb_actor(entries[0]), CONF_ROLE)
            if span.root.tag_ not in ("NNS", "NNPS"):
                s.kind = "none"
                return None, 0.0  # "Islamist" as an adjective is not an actor; "Islamists" is
        # a name: KB ids from the matcher, else exact/fuzzy KB link; discovery happens in coref()
        for eid in s.kb_ids:
            entry = self.entry(eid)
            if entry is not None:
                if not self.supported(span, entry):
                    s.kind = "none" if len(span.text.replace(".", "")) <= SHORT_ALIAS_LEN else s.kind
                    s.kb_ids = ()
                    return None, 0.0
                return self.add_kb_actor(entry), CONF_KB
        if normalise(span.text) in _generic_names():
            return None, 0.0  # "Interior Ministry": bound to the story's country at discovery
        eid, conf = kb_link(self.kb, span.text, s.label)
        if eid is not None:
            entry = self.entry(eid)
            if entry is not None and self.supported(span, entry):
                if entry.type == "person":
                    s.label = "PERSON"
                return self.add_kb_actor(entry), conf
        return None, 0.0

    def supported(self, span: Span, entry) -> bool:
        """May this name link to this KB entry? A short alias (<= 3 letters), a lone surname, a generic
        institution name or an entry of another country than the story's needs support: the story's
        country fits, or the entry's long form is in the article."""
        text = span.text
        short = len(text.replace(".", "")) <= SHORT_ALIAS_LEN
        lone = entry.type == "person" and len(name_tokens(text)) == 1
        generic = normalise(text) in _generic_names()
        if not (short or lone or generic):
            return True
        if generic:
            return bool(entry.country and entry.country == self.focus)
        if entry.country and entry.country == self.focus:
            return True
        if short and entry.country is None and entry.type == "igo":
            return True
        long_forms = [f for f in entry.surfaces() if f != text and len(f) > len(text) + 2]
        lowered = self.lowered_text()
        return any(f.lower() in lowered for f in long_forms)

    def _state_forces(self, head, entry) -> tuple[str, float] | None:
        """ "Syrian troops", "Turkish forces", "Egyptian police": the ACLED collective of that state's
        forces (Military / Police Forces of X; a KB national army where the KB has one), not the state."""
        if entry.type != "state" or not entry.country:
            return None
        found = coll.collective_kind(head)
        # "Libyan fighters", "Iraqi Shi'ite militias", "the Syrian navy": the collective the head noun
        # makes (its lexicon kind, else the actor head's), of the demonym's country; never the country
        kind = found[0] if found is not None else self.pats.actor_head_kinds.get(head.lower_)
        if kind is None or kind not in coll.lexicon().kinds:
            return None  # "Turkish officials": the state itself
        actor = coll.make_collective(kind, entry.country, self.focus, self.kb, self.article.published)
        if actor is None:
            return None
        if actor.id not in self.actors:
            self.actors[actor.id] = actor
        return actor.id, CONF_ROLE

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
                if target is None and s.label == "PERSON" and not full_names.get(toks[0]):
                    # "Saddam" after "Saddam Hussein": the one full name here with that given name
                    target = self._first_name_target(toks[0], items)
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

    def _first_name_target(self, token: str, items) -> int | None:
        """The one full person name in this article whose first token is this name (never when two differ
        or when the name is another full name's surname)."""
        doc = self.doc
        hits = [i for i, (s, _, _) in enumerate(items) if s.label == "PERSON"
                and len(toks := name_tokens(doc[s.start:s.end].text)) >= 2 and tokens_match(toks[0], token)]
        distinct = {normalise(doc[items[i][0].start:items[i][0].end].text) for i in hits}
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
        country = self.country_from_context(span)
        if normalise(name) in _generic_names():
            # "Interior Ministry" -> "Interior Ministry (Egypt)": bound to the story's country
            country = country or self.focus
            cname = coll.country_names(self.kb).get(country) if country else None
            if cname:
                name = f"{name[4:] if name.lower().startswith('the ') else name} ({cname})"
            if type_ == "other":
                type_ = "government"
        aid = actor_id(name)
        self.add_actor(aid, name, type_, country, None)
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
        if not roles:
            return
        for i in tokens_where(doc, LEMMA, lambda lemma: lemma.lower() in roles):  # the others own no role
            tok = doc[i]
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

    # -- religious and ethnic groups ----------------------------------------------------------------------
    def identity_groups(self) -> None:
        """ "Alawites", "the Druze", "Syria's Kurds", "the Alawite sect", "Shi'ite Muslims": community
        collectives of the group (identity_groups.tsv) with the country the phrase names, else the story's
        focus. A group word modifying another noun ("Alawite villages") is no actor; modifying a collective
        noun ("Sunni rebels") it is left to that collective."""
        doc = self.doc
        for tok in doc:
            group = coll.identity_word(tok.text) if tok.i not in self.covered else None
            if group is None:
                continue
            head = tok
            if tok.dep_ in ("amod", "compound", "nmod") and tok.head.i > tok.i:
                if coll.identity_word(tok.head.text) or tok.head.lower_ not in self.pats.group_heads:
                    continue  # "Shi'ite Muslims" is read at its head; "Alawite villages" is no actor
                head = tok.head
            elif tok.pos_ not in ("NOUN", "PROPN") and tok.tag_ not in ("NNS", "NNPS"):
                continue  # "they are Sunni": a predicate adjective
            elif tok.tag_ not in ("NNS", "NNPS") and not any(c.dep_ == "det" for c in tok.children) \
                    and not coll.invariant_group_word(tok.text):
                continue  # "speaks Kurdish" (a language), "a Sunni cleric": no plural, no determiner
            if head is tok:
                # "Shi'ite Muslims", "Coptic Christians": the more specific group of the modifier
                for child in tok.lefts:
                    if child.dep_ in ("amod", "compound") and coll.identity_word(child.text):
                        group = coll.identity_word(child.text)
            start = min([tok.i] + [c.i for c in head.lefts if c.dep_ in ("amod", "compound")
                                   and c.i not in self.covered and "\n" not in c.text and self._group_modifier(c)])
            if any(i in self.covered for i in range(start, head.i + 1)):
                continue
            country = self.collective_country(head, start) or self.sentence_country(head) or self.focus
            actor = coll.make_identity_group(group, country, self.kb)
            self.actors.setdefault(actor.id, actor)
            self.add_mention(start, head.i + 1, "NORP", actor.id, coll.CONF_COLLECTIVE)

    def _group_modifier(self, tok) -> bool:
        """A modifier that belongs in a group's mention: another group word, a demonym ("Syrian Kurds") or a
        group head ("minority Alawite sect"); not "angered" or "many"."""
        if coll.identity_word(tok.text) or tok.lower_ in self.pats.group_heads or tok.lower_ in ("ethnic", "religious"):
            return True
        return self.kb is not None and self.kb.by_demonym(tok.text) is not None

    # -- collective actors -----------------------------------------------------------------------------
    def collectives(self) -> None:
        """ "gunmen", "Syrian troops", "protesters in Cairo", "the regime": ACLED collective actors
        (collective.py) for collective nouns no named actor covers."""
        doc = self.doc
        for i in tokens_where(doc, LOWER, coll.head_words().__contains__):  # the others are no collective
            if i in self.covered:
                continue
            tok = doc[i]
            found = coll.collective_kind(tok)
            if found is None:
                continue
            kind, start = found
            while start > 0 and doc[start - 1].head.i == tok.i and doc[start - 1].dep_ in ("amod", "compound") \
                    and doc[start - 1].i not in self.covered and "\n" not in doc[start - 1].text \
                    and doc[start - 1].lower_ not in self.pats.quantifiers:
                start -= 1
            if any(i in self.covered for i in range(start, tok.i + 1)):
                continue
            country = self.collective_country(tok, start) or self.sentence_country(tok)
            actor = coll.make_collective(kind, country or self.focus, self.focus, self.kb,
                                         self.article.published)
            if actor is None:  # "the government" with no country known: unresolved, never a guess
                continue
            if actor.id not in self.actors:
                self.actors[actor.id] = actor
            self.add_mention(start, tok.i + 1, "ORG", actor.id, coll.CONF_COLLECTIVE)

    def collective_country(self, tok, start: int) -> str | None:
        """Country named in a collective's phrase: a demonym or state modifier ("Syrian troops"), a
        possessor ("Syria's army") or a place after in/from/of ("troops in Homs")."""
        doc = self.doc
        for child in tok.children:
            if child.dep_ in ("amod", "compound", "nmod", "poss") and child.i < tok.i:
                if child.i in self.token_actor:
                    actor = self.actors.get(self.token_actor[child.i])
                    if actor is not None and actor.type == "state" and actor.country:
                        return actor.country
                if self.kb is not None:
                    entry = self.kb.by_demonym(child.text)
                    if entry is not None and entry.country:
                        return entry.country
                place = self._place_at(child)
                if place is not None:
                    return place
        for child in tok.rights:
            if child.dep_ == "prep" and child.lower_ in coll.COUNTRY_PREPS:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        place = self._place_at(pobj)
                        if place is not None:
                            return place
        return None

    def sentence_country(self, tok) -> str | None:
        """The one country of the resolved places in the token's sentence, when there is exactly one:
        an unqualified collective ("protesters", "gunmen", "government forces") belongs to where its
        sentence happens before the story's overall focus (a wire story about Syria with a paragraph
        on Yemen: "gunmen fired on protesters in Sanaa" are Yemen's)."""
        sent = tok.sent
        countries = {p.country for (a, b), p in self.place_spans.items()
                     if sent.start_char <= a and b <= sent.end_char and p.country}
        return next(iter(countries)) if len(countries) == 1 else None

    def _place_at(self, tok) -> str | None:
        """Country of the resolved place mention holding this token."""
        for (a, b), place in self.place_spans.items():
            if a <= tok.idx < b and place.country:
                return place.country
        return None

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
            if owner.type == "state" and owner.country:
                # "Egypt's army", "China's maritime forces": that state's forces, not the state
                kind = self.pats.actor_head_kinds.get(tok.lower_, "military")
                forces = coll.make_collective(kind if kind in coll.lexicon().kinds else "military", owner.country,
                                              self.focus, self.kb)
                if forces is not None:
                    self.actors.setdefault(forces.id, forces)
                    self.add_mention(start, end, "ORG", forces.id, CONF_ROLE)
                    continue
            if owner.type != "person":  # "the LNA's fighters": the owner itself
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
        eid, conf = kb_link(self.kb, owner.text, "PERSON")
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
        # "Assad's forces" while he is President of Syria: the Military Forces of Syria (the KB's roles)
        country = state_led_by(self.kb, entry, self.article.published)
        forces = coll.make_collective("military", country, self.focus, self.kb) if country else None
        if forces is not None:
            self.actors.setdefault(forces.id, forces)
            return forces.id
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


# -- public API -----------------------------------------------------------------------------------------
def extract_actors(doc: Doc, article: Article, kb: Any | None = None,
                   places: list[PlaceMention] | None = None
                   ) -> tuple[list[Mention], list[Actor], list[Relation]]:
    """Mentions, actors and ``commands`` relations of one parsed article.

    ``kb`` defaults to the shipped knowledge base; tests pass a small one. When the Doc did not go
    through the ``newsgraph_actors`` component, its spans are found here with the same code.
    ``places``: the places stage's mentions of this article: a name it resolved, standing in a place
    context, is no actor; its countries give the story's country focus (collectives, descriptions).
    """
    if kb is None:
        kb = _kb()
    ensure_extensions()
    rows = doc._.actor_mentions
    spans = (_finder(doc.vocab, kb).find(doc) if rows is None
             else [ActorSpan.from_tuple(row) for row in rows])
    resolver = _Resolver(doc, article, kb, places)
    resolver.run(spans)
    return resolver.mentions, list(resolver.actors.values()), resolver.relations


@lru_cache(maxsize=4)
def _finder(vocab, kb: Any | None) -> ActorMentionFinder:
    """A finder for Docs that did not go through the component (built once per vocab and KB)."""
    from spacy.lang.en import English

    return ActorMentionFinder(vocab, English(vocab=vocab).tokenizer, kb, fix_ents=False)
