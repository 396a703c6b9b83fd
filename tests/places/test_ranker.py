"""The learned ranker on stories we wrote: context, qualifiers, one record per name, its model card."""
from __future__ import annotations

from newsgraph.places import ranker
from newsgraph.places.features import FEATURES
from newsgraph.places.resolve import resolve_ranked


def _spans(text: str, *needles: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for needle in needles:
        pos = text.index(needle, pos)
        out.append((pos, pos + len(needle)))
        pos += len(needle)
    return out


def test_model_is_shipped_with_its_card():
    assert ranker.model() is not None
    card = ranker.card()
    assert card["features"] == list(FEATURES)
    cv = card["cross_validation"]
    assert cv["folds"] == 5 and set(cv["metrics"]) == {"GWN", "LGL"}
    assert all(0.5 < m["exact_id"] <= 1.0 for m in cv["metrics"].values())


def test_a_lone_big_name_is_the_big_place():
    text = "Paris is expensive this summer, the tourists say."
    (paris,) = resolve_ranked(text, _spans(text, "Paris"))
    assert paris.geonames_id == 2988507


def test_story_context_picks_the_small_namesake():
    text = ("Deputies in Lamar County said a barn burned near Paris on Friday. The fire crews came from "
            "Reno and Blossom, and the road to Texarkana stayed closed.")
    found = resolve_ranked(text, _spans(text, "Lamar County", "Paris", "Reno", "Blossom", "Texarkana"))
    assert found[1].country == "US" and found[1].admin1 == "Texas"


def test_one_record_per_name_and_the_qualifier_carries():
    text = ("Clashes broke out in Tripoli, Lebanon, overnight. Shops in Tripoli stayed shut, "
            "and the army sent more troops to Tripoli.")
    found = resolve_ranked(text, _spans(text, "Tripoli", "Lebanon", "Tripoli", "Tripoli"))
    ids = {m.geonames_id for m in found if m.text == "Tripoli"}
    assert ids == {266826}


def test_cross_validated_scope_uses_fold_models_only_inside():
    text = "Nobody trained on this sentence about Benghazi."
    assert ranker.fold_of(text) is None
    with ranker.cross_validated():
        (m,) = resolve_ranked(text, _spans(text, "Benghazi"))
    assert m.geonames_id == 88319
