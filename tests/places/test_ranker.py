"""The learned ranker on stories we wrote: context, qualifiers, one record per name, its model card."""
from __future__ import annotations

from newsgraph.nlp import load_base_model
from newsgraph.places import features, ranker
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


def test_a_common_word_town_needs_its_story():
    features.use_lexicon_of(load_base_model())  # what the places component does when it is built
    story = "Deputies from Hunt County drove from Greenville to Commerce, where the fire burned."
    found = resolve_ranked(story, _spans(story, "Hunt County", "Greenville", "Commerce"))
    assert found[2].country == "US" and found[2].admin1 == "Texas"  # Commerce, Texas: 8,000 people


def test_compass_words_need_a_qualifier():
    alone = "Sanctions imposed by the West hurt the economy."
    (west,) = resolve_ranked(alone, _spans(alone, "West"))
    assert west.geonames_id is None  # not West, Texas nor the West Region of Cameroon
    qualified = "The blast flattened homes in West, Texas, on Wednesday."
    west, _ = resolve_ranked(qualified, _spans(qualified, "West", "Texas"))
    assert west.geonames_id == 4740686
