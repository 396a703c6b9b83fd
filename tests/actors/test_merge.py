"""Corpus-level merge (actors/merge.py): acronyms, word-order variants, transliterations; collectives and
relatives stay apart. Actors are written for these tests."""
from __future__ import annotations

from newsgraph.actors.merge import merge_actors
from newsgraph.actors.names import actor_id
from newsgraph.records import Actor


def discovered(name: str, type_: str = "government", **kw) -> Actor:
    return Actor(actor_id(name), name, type_, kw.pop("country", None), None, {name: kw.pop("n", 2)}, **kw)


def test_acronym_in_one_article_joins_its_long_form_from_another():
    long_form = discovered("National Transitional Council", n=5)  # article 1
    acronym = discovered("NTC", n=3)  # article 2 names only the acronym
    mapping = merge_actors([long_form, acronym])
    assert mapping[acronym.id] == mapping[long_form.id] == long_form.id


def test_word_order_variant_and_acronym_are_one_actor():
    a = discovered("National Transitional Council", n=5)
    b = discovered("Transitional National Council", n=2)
    c = discovered("NTC", n=1)
    mapping = merge_actors([a, b, c])
    assert len({mapping[x.id] for x in (a, b, c)}) == 1


def test_transliterations_of_one_person_merge_but_different_given_names_do_not():
    a = discovered("Mohammed Sabri Farouk", "person", n=3)
    b = discovered("Muhammad Sabri Farouk", "person", n=1)
    son = discovered("Karim Farouk", "person", n=2)
    mapping = merge_actors([a, b, son])
    assert mapping[b.id] == mapping[a.id]
    assert mapping[son.id] != mapping[a.id]


def test_a_collective_never_merges_with_a_named_actor():
    rebels = discovered("Rebels (Syria)", "armed_group", collective=True, sector="REB", inter=2)
    named = discovered("Rebels Syria", "armed_group")
    mapping = merge_actors([rebels, named])
    assert mapping[rebels.id] == rebels.id and mapping[named.id] == named.id
