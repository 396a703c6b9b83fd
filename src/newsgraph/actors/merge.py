"""Actors across articles: which discovered actors are one real entity ("Khalifa Hifter" in one article,
"Khalifa Haftar" in another). Conservative by design: a wrong merge joins two people's records, a
missed one only leaves an alias apart.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from newsgraph.actors.names import (SKELETON_MIN_LEN, TOKEN_RATIO, acronym_of, is_acronym, name_tokens, names_match,
                                    normalise, skeleton, tokens_match)
from newsgraph.records import Actor

# Discovered ORG names across articles merge when this similar ("Syrian Democratic Force" ~ "... Forces"
# 98); kept high because distinct group names often differ by one short word.
ORG_MERGE_RATIO = 93


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
            by_id[a.id] = Actor(a.id, a.name, a.type, a.country, a.kb_id, dict(a.aliases), a.sector, a.collective, a.inter)
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


def merge_scope(actors: Iterable[Actor], touched: set[str]) -> set[str]:
    """The actors an incremental merge must look at after a build whose facts touched ``touched``: those
    actors and every actor that a merge rule could join with one of them — a surname (or single name)
    that ``tokens_match`` one of theirs, an organisation name within ORG_MERGE_RATIO of one of theirs,
    the same acronym or the same bag of words. Merging only this scope costs what is new, not the
    store: the untouched actors are already at the merge's fixpoint among themselves. Names are read
    from each actor's name and the aliases given (the store gives aliases for the touched ones only: a
    name that only an untouched actor's alias carries is left to ``newsgraph rebuild``)."""
    actors = list(actors)
    keys_of = {a.id: _scope_keys(a) for a in actors}
    wanted: set[tuple] = set().union(*(keys_of[i] for i in touched if i in keys_of))
    for tag, cutoff in (("t", TOKEN_RATIO), ("o", ORG_MERGE_RATIO)):
        mine = sorted({k[1] for k in wanted if k[0] == tag})
        every = sorted({k[1] for keys in keys_of.values() for k in keys if k[0] == tag})
        if mine and every:  # near spellings, compared in C (rapidfuzz) rather than pair by pair
            near = process.cdist(mine, every, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.uint8)
            wanted |= {(tag, every[j]) for j in np.flatnonzero(near.any(axis=0))}
    return set(touched) | {i for i, keys in keys_of.items() if keys & wanted}


def _scope_keys(actor: Actor) -> set[tuple]:
    """The exact keys an actor meets another on in the merge rules (``_merge_rules``): ("t", surname or
    single name), ("s", its skeleton), ("o", a normalised organisation name), ("a", an acronym or the
    initials of a long form), ("b", type, bag of words)."""
    keys: set[tuple] = set()
    for name in {actor.name, *actor.aliases}:
        if actor.type == "person":
            toks = name_tokens(name)
            if toks:
                token = toks[-1] if len(toks) >= 2 else toks[0]
                keys.add(("t", token))
                if len(skeleton(token)) >= SKELETON_MIN_LEN:
                    keys.add(("s", skeleton(token)))
                if len(toks) >= 2:
                    keys.add(("t", toks[0]))  # a lone given name joins the full name it begins
            continue
        if is_acronym(name):
            keys.add(("a", name.replace(".", "")))
            continue
        norm = normalise(name)
        keys.add(("o", norm))
        if len(name.split()) >= 2:
            keys.add(("a", acronym_of(name)))
        words = norm.split()
        if len(words) >= 3:
            keys.add(("b", actor.type, tuple(sorted(words))))
    return keys


def _folded(by_id: dict[str, Actor], step: dict[str, str]) -> dict[str, Actor]:
    """The actors after ``step``: each canonical row as it was, with the aliases of the actors merged
    into it summed (store.merge_actors does the same to the stored rows)."""
    rows = {i: Actor(a.id, a.name, a.type, a.country, a.kb_id, {}, a.sector, a.collective, a.inter)
            for i, a in by_id.items() if step[i] == i}
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
        if by_id[ra].collective or by_id[rb].collective:
            return  # a collective ("Rebels (Syria)") is never a named actor, nor another collective
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
    # "George Bush" / "George W Bush": a full name joins the one longer name that only adds initials
    with_initials: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for b in full:
        for name in {b.name, *b.aliases}:
            toks = name_tokens(name)
            bare = tuple(t for t in toks if len(t) > 1)
            if len(bare) >= 2 and len(bare) < len(toks):
                with_initials[bare].add(b.id)
    if with_initials:
        for a in full:
            toks = tuple(name_tokens(a.name))
            roots = {find(i) for i in with_initials.get(toks, ())} - {find(a.id)}
            if len(roots) == 1 and all(len(t) > 1 for t in toks):
                union(a.id, roots.pop())
    surnames = _token_index((name_tokens(b.name)[-1], b) for b in full)
    firsts = _token_index((name_tokens(b.name)[0], b) for b in full)
    singles = _token_index((name_tokens(b.name)[0], b) for b in single)
    for a in single:
        tok = name_tokens(a.name)[0]
        targets = {find(b.id) for last, b in _candidates(surnames, tok) if tokens_match(last, tok)}
        if not targets:
            # "Saddam" / "Saddam Hussein": a lone given name joins the unique full name it begins
            targets = {find(b.id) for first, b in _candidates(firsts, tok) if tokens_match(first, tok)}
            if len(targets) == 1:
                union(a.id, targets.pop())
                continue
            targets = set()
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
    # word-order variants: "Transitional National Council" / "National Transitional Council"
    by_bag: dict[tuple, set[str]] = defaultdict(set)
    for a in orgs:
        words = normalise(a.name).split()
        if len(words) >= 3 and not a.collective:
            by_bag[(a.type, tuple(sorted(words)))].add(a.id)
    for ids in by_bag.values():
        first, *rest = sorted(ids)
        for other in rest:
            union(first, other)
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
