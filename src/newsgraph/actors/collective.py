"""Collective actors of the ACLED convention and the sector / inter of every actor.

"Syrian troops", "gunmen", "protesters in Cairo", "the regime": nouns that name a group acting as one
become actors such as ``Military Forces of Syria``, ``Unidentified Armed Group (Syria)``, ``Protesters
(Egypt)``, ``Government of Syria``. The country X comes from the noun phrase (a demonym or a place
modifier: "Syrian troops", "troops in Homs") or else from the story's country focus; a country-bound
collective with no country ("the government" in a story with no focus) stays unresolved. State forces
of a country other than the story's are ACLED inter 8 (external forces).

Lexicons (data files, read once): ``collective_words.tsv`` (noun -> kind), ``collective_modifiers.tsv``
("rebel fighters", "government troops"), ``collective_kinds.tsv`` (kind -> name template, type, sector,
inter), ``type_sectors.tsv`` (type -> default sector and inter; its rows are the actor types),
``kb_sectors.tsv`` (KB actors whose sector is not their type's default; national armies/governments).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newsgraph.ids import discovered_actor_id
from newsgraph.lexicon import read_tsv
from newsgraph.records import Actor

PACKAGE = "newsgraph.actors"
CONF_COLLECTIVE = 0.7
# State forces (these kinds) acting outside their own country are ACLED inter 8 (external forces).
STATE_KINDS = frozenset({"military", "police"})
EXTERNAL_INTER = 8
STATE_SECTORS = frozenset({"MIL", "COP"})
NAME_ENTS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT"})
COUNTRY_PREPS = frozenset({"in", "from", "of", "across", "near", "inside", "throughout"})


@dataclass(slots=True, frozen=True)
class Kind:
    kind: str
    template: str  # "Military Forces of {X}"
    bare: str  # the name without a country; "" when the kind needs one
    type: str
    sector: str
    inter: int


@dataclass(slots=True, frozen=True)
class Lexicon:
    words: dict[str, tuple[str, str]]  # noun (one or two words) -> (kind, needs)
    modifiers: dict[str, str]
    kinds: dict[str, Kind]
    type_sectors: dict[str, tuple[str | None, int | None]]
    kb_sectors: dict[str, tuple[str, int]]
    national: dict[tuple[str, str], str]  # (kind, country) -> KB id of that national army / government
    identity: dict[str, str]  # religious / ethnic group word -> group name ("alawites" -> "Alawite Muslim Group")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    words = {r["word"]: (r["kind"], r["needs"]) for r in
             read_tsv(PACKAGE, "data/collective_words.tsv", ("word", "kind", "needs", "reason"))}
    mods = {r["word"]: r["kind"] for r in
            read_tsv(PACKAGE, "data/collective_modifiers.tsv", ("word", "kind", "reason"))}
    kinds = {r["kind"]: Kind(r["kind"], r["template"], r["bare"], r["type"], r["sector"], int(r["inter"]))
             for r in read_tsv(PACKAGE, "data/collective_kinds.tsv",
                               ("kind", "template", "bare", "type", "sector", "inter", "reason"))}
    types = {r["type"]: (r["sector"] or None, int(r["inter"]) if r["inter"] else None) for r in
             read_tsv(PACKAGE, "data/type_sectors.tsv", ("type", "sector", "inter", "reason"))}
    kb_rows = read_tsv(PACKAGE, "data/kb_sectors.tsv", ("kb_id", "sector", "inter", "national", "country", "source"))
    kb = {r["kb_id"]: (r["sector"], int(r["inter"])) for r in kb_rows}
    national = {(r["national"], r["country"]): r["kb_id"] for r in kb_rows if r["national"] and r["country"]}
    identity = {r["word"]: r["group"] for r in
                read_tsv(PACKAGE, "data/identity_groups.tsv", ("word", "group", "reason"))}
    return Lexicon(words, mods, kinds, types, kb, national, identity)


def identity_word(text: str) -> str | None:
    """The group a religious or ethnic group word names ("Alawites", "Shi’ite"), else None."""
    return lexicon().identity.get(text.lower().replace("’", "'"))


def invariant_group_word(text: str) -> bool:
    """A group noun with no plural of its own in the lexicon ("Druze", "Fulani"): its bare singular names
    the group; "Alawite" (plural "Alawites") and adjectives ("Kurdish", "Coptic") do not."""
    word = text.lower().replace("’", "'")
    ident = lexicon().identity
    return word in ident and f"{word}s" not in ident and not word.endswith(("ish", "ic"))


def make_identity_group(group: str, country: str | None, kb: Any | None) -> Actor:
    """The community collective of a religious or ethnic group: "Alawite Muslim Group (Syria)", or the
    group alone when no country is known (identity_groups.tsv, kind ``identity``)."""
    spec = lexicon().kinds["identity"]
    cname = country_names(kb).get(country) if country else None
    if cname:
        name = spec.template.replace("{G}", group).replace("{X}", cname)
    else:
        name, country = spec.bare.replace("{G}", group), None
    aid = discovered_actor_id(f"collective {name.lower()}")
    return Actor(aid, name, spec.type, country, None, sector=spec.sector, collective=True, inter=spec.inter)


def actor_types() -> frozenset[str]:
    """The actor types (the rows of type_sectors.tsv)."""
    return frozenset(lexicon().type_sectors)


def assign_sector(actor: Actor) -> None:
    """Fill sector and inter of an actor that has none: the KB's annotation, else its type's default."""
    lex = lexicon()
    if actor.sector is None and actor.kb_id and actor.kb_id in lex.kb_sectors:
        actor.sector, actor.inter = lex.kb_sectors[actor.kb_id]
    if actor.sector is None:
        sector, inter = lex.type_sectors.get(actor.type, (None, None))
        actor.sector = sector
        if actor.inter is None:
            actor.inter = inter


def external_inter(actor: Actor, focus: str | None) -> None:
    """State forces (sector MIL / COP, inter 1) of a country other than the story's are inter 8."""
    if actor.sector in STATE_SECTORS and actor.inter == 1 and actor.country and focus and actor.country != focus:
        actor.inter = EXTERNAL_INTER


def country_names(kb: Any | None) -> dict[str, str]:
    """ISO code -> the KB's state name."""
    if kb is None:
        return {}
    return _country_names(id(kb), kb)


@lru_cache(maxsize=4)
def _country_names(_key: int, kb: Any) -> dict[str, str]:
    names = {}
    for entry in kb.entries.values():
        if entry.type == "state" and entry.country:
            names.setdefault(entry.country, entry.name)
    return names


def national_kb_id(kb: Any | None, kind: str, country: str) -> str | None:
    """The KB entry of a country's army (kb_sectors.tsv) or government ("<cc>.government")."""
    if kb is None:
        return None
    hit = lexicon().national.get((kind, country))
    if hit and hit in kb.entries:
        return hit
    if kind == "government":
        eid = f"{country.lower()}.government"
        entry = kb.entries.get(eid)
        if entry is not None and entry.country == country:
            return eid
    return None


@lru_cache(maxsize=1)
def head_words() -> frozenset[str]:
    """The words a collective phrase ends with: :func:`collective_kind` is None for any other token."""
    return frozenset(word.rsplit(" ", 1)[-1] for word in lexicon().words) | frozenset(lexicon().words)


def collective_kind(tok) -> tuple[str, int] | None:
    """(kind, first token index) when ``tok`` heads a collective noun phrase, else None."""
    lex = lexicon()
    lower = tok.lower_
    start = tok.i
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    hit = None
    if prev is not None and f"{prev.lower_} {lower}" in lex.words and not prev.ent_type_:
        hit = lex.words[f"{prev.lower_} {lower}"]
        start = prev.i
    elif lower in lex.words:
        hit = lex.words[lower]
    if hit is None or tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ in NAME_ENTS:
        return None  # "Rebels" opening a sentence is tagged PROPN; inside a named entity it is a name
    kind, needs = hit
    if needs == "the" and not any(c.lower_ == "the" and c.dep_ == "det" for c in tok.children):
        return None
    # "rebel fighters", "government troops", "anti-government protesters": the modifier decides
    for child in tok.children:
        if child.i < tok.i and child.dep_ in ("compound", "amod", "nmod") and child.lower_ in lex.modifiers:
            mod = lex.modifiers[child.lower_]
            if kind in ("military", "rebels", "uag") or mod == "protesters":
                kind = mod
            start = min(start, child.i)
    return kind, start


def government_at(kb: Any | None, country: str, date: str | None) -> str | None:
    """The KB government a country's "government" description names on ``date`` ("Syrian government" in
    2012 -> Government of Bashar al-Assad), or None when none or several rival ones do (descriptions.jsonl)."""
    if kb is None or not date or not hasattr(kb, "describe"):
        return None
    for desc in getattr(kb, "descriptions", ()):
        if desc.country != country:
            continue
        if any(v.lower().endswith(" government") for v in (desc.phrase, *desc.variants)):
            found = kb.describe(desc.phrase, country=country, date=date)
            if found is not None and not isinstance(found, str):
                return found.id
    return None


def make_collective(kind: str, country: str | None, story: str | None, kb: Any | None,
                    date: str | None = None) -> Actor | None:
    """The collective actor of ``kind`` for ``country`` (None when the kind needs a country it lacks); a
    government is the KB's national government, else the one its descriptions name on ``date``."""
    spec = lexicon().kinds[kind]
    name_of = country_names(kb)
    if country is not None and country in name_of:
        name = spec.template.replace("{X}", name_of[country])
    elif spec.bare:
        name, country = spec.bare, None
    else:
        return None
    inter = spec.inter
    if kind in STATE_KINDS and country is not None and story is not None and country != story:
        inter = EXTERNAL_INTER
    kb_id = national_kb_id(kb, kind, country) if country else None
    if kb_id is None and kind == "government" and country:
        kb_id = government_at(kb, country, date)
    if kb_id is not None:
        entry = kb.entries[kb_id]
        # a KB actor is a named actor: its row must read the same from every article
        return Actor(kb_id, entry.name, entry.type, entry.country, kb_id, sector=spec.sector, collective=False,
                     inter=inter)
    aid = discovered_actor_id(f"collective {name.lower()}" + (f" inter{inter}" if inter != spec.inter else ""))
    return Actor(aid, name, spec.type, country, None, sector=spec.sector, collective=True, inter=inter)
