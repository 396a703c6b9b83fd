"""Places stage: detection (component) and resolution with document context, on fixtures we wrote."""
from __future__ import annotations

import pytest

from newsgraph.nlp import load_base_model
from newsgraph.places import component
from newsgraph.places.demonyms import demonym_country, is_demonym
from newsgraph.places.resolve import extract_places, resolve
from newsgraph.records import Article, PlaceMention

LIBYA = (
    "Forces loyal to the government in Tripoli advanced east from Misrata on Monday, while fighters of "
    "the eastern command held Benghazi and reinforced the Jufra air base. Libyan officials said the oil "
    "port of Ras Lanuf stayed closed."
)
LEBANON = (
    "Protesters blocked roads in Tripoli, Lebanon's second city, on Sunday, and the army sent troops "
    "from Beirut. Lebanese banks in Tripoli kept their doors shut."
)
PERSON_LIKE_CITY = (
    "Colonel Khaled Daraa, the spokesman of the brigade, told reporters in Benghazi that the truce held. "
    "Daraa said his men would stay in their barracks."
)


def _article(text: str, aid: str = "a1") -> Article:
    return Article(aid, None, 0, None, "none", None, None, "none", text, "", "txt")


def _span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


@pytest.fixture(scope="session")
def nlp_places():
    """A base model with the places component only (the shared base model stays bare)."""
    nlp = load_base_model()
    component.add_to_pipeline(nlp)
    assert "newsgraph_places" in nlp.pipe_names
    return nlp


def resolve_spans(text: str, spans: list[tuple[int, int]]) -> list[PlaceMention]:
    """Resolution only, of given spans (each span's context is the whole text)."""
    return resolve(text, spans, "")


def detect_spans(nlp, text: str) -> list[tuple[int, int]]:
    return list(nlp(text)._.places)


def _by_text(mentions: list[PlaceMention]) -> dict[str, PlaceMention]:
    return {m.text: m for m in mentions}


def test_libya_paragraph_detected_and_resolved(nlp_places):
    doc = nlp_places(LIBYA)
    found = _by_text(extract_places(doc, _article(LIBYA)))
    assert found["Tripoli"].geonames_id == 2210247
    assert found["Benghazi"].geonames_id == 88319 and found["Benghazi"].country == "LY"
    assert found["Misrata"].geonames_id == 2214846
    jufra = [m for m in found.values() if "Jufra" in m.text]
    assert jufra and jufra[0].country == "LY" and jufra[0].precision == "site"
    assert found["Ras Lanuf"].country == "LY"
    assert "Libyan" not in found  # a demonym is not a place


def test_evidence_points_into_the_article_text(nlp_places):
    article = _article(LIBYA, "art-9")
    for m in extract_places(nlp_places(LIBYA), article):
        assert m.evidence.article == "art-9"
        assert LIBYA[m.evidence.start:m.evidence.end] == m.text


def test_lebanon_story_resolves_tripoli_to_lebanon():
    spans = [_span(LEBANON, "Tripoli"), _span(LEBANON, "Beirut"), _span(LEBANON, "Tripoli", 1)]
    resolved = resolve_spans(LEBANON, spans)
    assert [m.geonames_id for m in resolved] == [266826, 276781, 266826]
    assert all(m.country == "LB" for m in resolved)


def test_libya_story_resolves_tripoli_to_libya():
    spans = [_span(LIBYA, "Tripoli"), _span(LIBYA, "Benghazi")]
    assert resolve_spans(LIBYA, spans)[0].geonames_id == 2210247


def test_person_named_like_a_city_is_not_a_place(nlp_places):
    doc = nlp_places(PERSON_LIKE_CITY)
    texts = [PERSON_LIKE_CITY[s:e] for s, e in doc._.places]
    assert "Benghazi" in texts
    assert not any("Daraa" in t for t in texts)


def test_qualifier_picks_the_homonym():
    text = "The band grew up in Paris, Texas, far from the Seine."
    (paris,) = resolve_spans(text, [_span(text, "Paris")])
    assert paris.country == "US" and paris.admin1 == "Texas"
    text = "Paris is expensive, said the tourists from Lyon."
    (paris,) = resolve_spans(text, [_span(text, "Paris")])
    assert paris.geonames_id == 2988507  # no qualifier, no US context: the capital of France


def test_dateline_qualifier():
    text = "TRIPOLI, Lebanon — Gunmen clashed overnight in the northern city."
    (tripoli,) = resolve_spans(text, [_span(text, "TRIPOLI")])
    assert tripoli.geonames_id == 266826


def test_unresolvable_place_does_not_break_the_others():
    text = "Aid reached Qwzzlebrook and Benghazi."
    first, second = resolve_spans(text, [_span(text, "Qwzzlebrook"), _span(text, "Benghazi")])
    assert first.name is None and first.geonames_id is None
    assert second.geonames_id == 88319
    # issue 13: a name no gazetteer knows is placed at the story's locality, with no name or id of its own
    assert first.basis == "locality" and (first.lat, first.lon) == (second.lat, second.lon)
    assert first.precision == "city" and first.country == "LY"


def test_unknown_name_without_a_locality_stays_unplaced():
    text = "Aid reached Qwzzlebrook and Libya."
    first, second = resolve_spans(text, [_span(text, "Qwzzlebrook"), _span(text, "Libya")])
    assert second.country == "LY" and second.precision == "country"
    assert first.name is None and first.precision == "unknown" and first.lat is None  # a country is too coarse


def test_locality_is_the_most_named_town():
    from newsgraph.places.gazetteer import Place
    from newsgraph.places.locality import locality

    def town(gid, kind="city"):
        return Place(gid, f"t{gid}", "US", None, "TX", 30.0, -97.0, 1000, kind)

    assert locality([town(1), town(2), town(2), None]).geonames_id == 2
    assert locality([town(1), town(2)]).geonames_id == 1  # a tie: the first named
    assert locality([town(5, "admin1"), town(6, "admin2")]).geonames_id == 6  # county before state
    assert locality([town(7, "country"), None]) is None


def test_precision_and_confidence():
    text = "Libya and Egypt met in Cairo."
    libya, egypt, cairo = resolve_spans(
        text, [_span(text, "Libya"), _span(text, "Egypt"), _span(text, "Cairo")]
    )
    assert libya.precision == "country" and libya.geonames_id == 2215636
    assert cairo.precision == "city" and cairo.country == "EG"
    assert all(0.0 < m.confidence <= 1.0 for m in (libya, egypt, cairo))


def test_demonyms():
    assert demonym_country("Libyan") == "LY"
    assert demonym_country("Turkish") == "TR"
    assert demonym_country("Nigerian") == "NG"
    assert demonym_country("Emirati") == "AE"
    assert is_demonym("Syrian")
    assert not is_demonym("Libya")
    assert not is_demonym("Pakistan")
    assert not is_demonym("Benghazi")


def test_tripoli_based_and_west_of(nlp_places):
    text = "The Tripoli-based government said its forces moved west of Benghazi and into al-Marj."
    found = _by_text(extract_places(nlp_places(text), _article(text)))
    assert found["Tripoli"].geonames_id == 2210247
    assert found["Benghazi"].geonames_id == 88319
    assert found["al-Marj"].geonames_id == 88903


def test_detect_spans_returns_character_offsets(nlp_places):
    text = "Shelling hit Aleppo and Idlib in Syria."
    spans = detect_spans(nlp_places, text)
    assert {text[s:e] for s, e in spans} >= {"Aleppo", "Syria"}


@pytest.mark.seeds
def test_seed_articles(seeds_dir, nlp_places):
    tripolis, texts = [], {}
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        mentions = resolve_spans(text, detect_spans(nlp_places, text))
        texts[path.name] = {m.text for m in mentions}
        tripolis += [m for m in mentions if m.text.lower() == "tripoli"]
        assert not any("Daraa" in m.text for m in mentions), path.name  # a spokesman, not the city
    assert tripolis and all(m.geonames_id == 2210247 for m in tripolis)
    found = set().union(*texts.values())
    assert any("Jufra" in t for t in found)
    assert "Ras Lanuf" in found
