"""The corpus-level actor merge reaches its fixpoint in one call: merging its own result again (what a
repeated build does with the stored actors) changes nothing."""
from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from newsgraph.actors.merge import merge_actors
from newsgraph.records import Actor


def _id(name: str, type_: str) -> str:
    return hashlib.sha1(f"{type_}:{name}".encode()).hexdigest()[:16]


def _actor(name: str, type_: str = "armed_group", kb_id: str | None = None, **aliases: int) -> Actor:
    return Actor(kb_id or _id(name, type_), name, type_, None, kb_id, dict(aliases) or {name: 1})


def applied(actors: list[Actor], mapping: dict[str, str]) -> list[Actor]:
    """The actors as the store holds them after ``store.merge_actors(mapping)``: each canonical row
    kept as it was, with the aliases of the actors folded into it summed; the others gone."""
    rows = {a.id: Actor(a.id, a.name, a.type, a.country, a.kb_id, {}) for a in actors if mapping[a.id] == a.id}
    for a in actors:
        into = rows[mapping[a.id]].aliases
        for alias, n in a.aliases.items():
            into[alias] = into.get(alias, 0) + n
    return sorted(rows.values(), key=lambda a: a.id)


def assert_fixpoint(actors: list[Actor]) -> dict[str, str]:
    first = merge_actors(actors)
    again = merge_actors(applied(actors, first))
    assert {old: new for old, new in again.items() if old != new} == {}, "a second merge changed the store"
    return first


def test_an_acronym_joins_the_long_form_whose_spellings_merge_in_the_same_call():
    spelt = _actor("Popular Defence Front", **{"Popular Defence Front": 4})
    variant = _actor("Popular Defense Front", **{"Popular Defense Front": 3})
    acronym = _actor("PDF", "other", PDF=2)
    merged = assert_fixpoint([acronym, spelt, variant])
    assert merged[acronym.id] == merged[spelt.id] == merged[variant.id]


def test_a_surname_joins_the_full_name_whose_spellings_merge_in_the_same_call():
    a, b = _actor("Khalifa Haftar", "person"), _actor("Khalifa Hifter", "person")
    c = _actor("Haftar", "person")
    merged = assert_fixpoint([c, a, b])
    assert merged[a.id] == merged[b.id] == merged[c.id]


NAMES = [("Popular Defence Front", "armed_group"), ("Popular Defense Front", "armed_group"), ("PDF", "other"),
         ("Popular Defence Forces", "armed_group"), ("P.D.F.", "other"), ("People's Democratic Front", "igo"),
         ("National Liberation Army", "armed_group"), ("National Liberation Army of Sudan", "armed_group"),
         ("NLA", "other"), ("Khalifa Haftar", "person"), ("Khalifa Hifter", "person"), ("Haftar", "person"),
         ("Hifter", "person"), ("Saddam Haftar", "person"), ("Ahmed Mismari", "person"), ("Mismari", "person"),
         ("Rapid Support Forces", "armed_group"), ("RSF", "other"), ("Rapid Support Force", "armed_group")]


@st.composite
def corpus(draw) -> list[Actor]:
    picked = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=10, unique=True))
    actors = []
    for name, type_ in picked:
        aliases = {name: draw(st.integers(1, 9))}
        for other, _ in draw(st.lists(st.sampled_from(NAMES), max_size=2)):
            aliases[other] = draw(st.integers(1, 3))
        kb = draw(st.sampled_from([None, None, None, f"kb.{_id(name, type_)[:6]}"]))
        actors.append(Actor(kb or _id(name, type_), name, type_, None, kb, aliases))
    return actors


@given(corpus())
def test_merging_the_merged_actors_again_changes_nothing(actors):
    assert_fixpoint(actors)
