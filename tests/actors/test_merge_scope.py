"""The incremental actor merge (``merge_scope``): after a build, merging only the touched actors and those
sharing a blocking key with them moves exactly what a merge of the whole store moves."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.actors.merge import merge_actors, merge_scope
from newsgraph.records import Actor

from tests.actors.test_merge_fixpoint import NAMES, _id, applied

# names no other name of NAMES is blocked with: the scope must leave them out
UNRELATED = [("Zintan Brigade", "armed_group"), ("Omar Bashir", "person"), ("Wagner Group", "company")]


def _stored(pairs) -> list[Actor]:
    """Actors as a store holds them after its builds: merged to the fixpoint."""
    actors = [Actor(_id(n, t), n, t, None, None, {n: 2}) for n, t in pairs]
    return applied(actors, merge_actors(actors))


def _moves(mapping: dict[str, str]) -> dict[str, str]:
    return {old: new for old, new in mapping.items() if old != new}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(NAMES + UNRELATED), min_size=1, max_size=8, unique=True),
       st.lists(st.sampled_from(NAMES + UNRELATED), min_size=1, max_size=3, unique=True))
def test_the_scoped_merge_moves_what_the_whole_merge_moves(old, new):
    stored = _stored(old)
    known = {a.id for a in stored}
    arrived = [Actor(_id(n, t), n, t, None, None, {n: 1}) for n, t in new if _id(n, t) not in known]
    everything = stored + arrived
    touched = {a.id for a in arrived}
    scope = merge_scope(everything, touched)
    assert touched <= scope
    whole = _moves(merge_actors(everything))
    scoped = _moves(merge_actors([a for a in everything if a.id in scope]))
    assert scoped == whole


def test_the_scope_leaves_unrelated_actors_out():
    stored = _stored(UNRELATED + [("Khalifa Haftar", "person"), ("Rapid Support Forces", "armed_group")])
    hifter = Actor(_id("Hifter", "person"), "Hifter", "person", None, None, {"Hifter": 1})
    scope = merge_scope(stored + [hifter], {hifter.id})
    assert scope == {hifter.id, _id("Khalifa Haftar", "person")}  # Hifter ~ Haftar: one skeleton
