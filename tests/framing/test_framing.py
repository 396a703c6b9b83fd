"""Framing labels around actor mentions: on our own sentences, and on the five seed articles (read
at run time), where the outlets' labels for Haftar must differ as the texts do."""
from __future__ import annotations

from collections import Counter

import pytest

from newsgraph.framing.extract import extract_framing, load_lexicon, match_labels
from newsgraph.records import Article, Evidence, Mention

# seed file prefix -> outlet (TRT World's page carries no signature the ingest step recognises)
SEED_OUTLETS = {"000": "Atalayar", "001": "WorldTribune.com", "002": "MintPress News", "003": "Arab News",
                "004": "TRT World"}


def _article(text: str, source: str = "Test Wire") -> Article:
    return Article(id="t" + str(abs(hash(text)) % 10**8), path=None, part=0, source=source, source_basis="none",
                   title=None, published=None, published_basis="none", text=text, raw_sha="x", format="txt")


def _labels(nlp, text: str, names: dict[str, str], source: str = "Test Wire") -> list[tuple[str, str, str]]:
    """(actor, label, evidence text) for mentions of every name in ``names`` (name -> actor id)."""
    art = _article(text, source)
    doc = nlp(text)
    mentions = []
    for name, actor in names.items():
        start = text.find(name)
        while start != -1:
            mentions.append(Mention(Evidence(art.id, start, start + len(name)), name, "PERSON", actor))
            start = text.find(name, start + 1)
    out = extract_framing(doc, art, mentions)
    assert all(f.source == source and f.evidence.article == art.id for f in out)
    return [(f.actor, f.label, text[f.evidence.start:f.evidence.end]) for f in out]


def test_lexicon_is_data_with_reasons():
    entries = load_lexicon()
    assert len(entries) > 30 and all(e.reason and e.label and e.kind for e in entries)
    assert [e.label for _, _, e in match_labels("the former CIA asset")] == ["former CIA asset"]
    assert [e.label for _, _, e in match_labels("the UN recognised government")] == ["UN-recognised"]
    assert match_labels("a warlordism essay") == []


def test_premodifiers_titles_appositions_and_predicates(nlp_base):
    got = _labels(nlp_base, "The self-styled general Omar Dabbah visited the front. "
                            "Dabbah, a renegade officer, later met the press.", {"Omar Dabbah": "od", "Dabbah": "od"})
    labels = Counter(label for _, label, _ in got)
    assert labels["self-styled"] == 1 and labels["Gen."] == 1 and labels["renegade"] == 1
    got = _labels(nlp_base, "Residents said Omar Dabbah is a warlord.", {"Omar Dabbah": "od"})
    assert [label for _, label, _ in got] == ["warlord"]


def test_the_noun_for_an_actors_fighters(nlp_base):
    got = _labels(nlp_base, "Forces loyal to Omar Dabbah shelled the port, and Dabbah's militias "
                            "took the airport.", {"Omar Dabbah": "od", "Dabbah": "od"})
    assert {label for _, label, _ in got} >= {"forces", "militias"}


def test_unattached_words_are_not_labels(nlp_base):
    got = _labels(nlp_base, "A warlord from the north met Omar Dabbah in the capital.", {"Omar Dabbah": "od"})
    assert got == []


@pytest.fixture(scope="module")
def seed_labels(seeds_dir, nlp_base) -> dict[str, Counter]:
    """Labels attached to Haftar per outlet; mentions are the model's entities containing "Haftar"
    (the actor stage is not needed for this check)."""
    from newsgraph.ingest import articles_from_raw, read_inputs

    per_outlet: dict[str, Counter] = {}
    for raw in read_inputs([str(seeds_dir)]):
        outlet = SEED_OUTLETS[raw.path.rsplit("/", 1)[-1][:3]]
        for art in articles_from_raw(raw):
            doc = nlp_base(art.text)
            mentions = [Mention(Evidence(art.id, e.start_char, e.end_char), e.text, e.label_, "haftar")
                        for e in doc.ents if "Haftar" in e.text]
            art.source = outlet
            for f in extract_framing(doc, art, mentions):
                assert "Haftar" in art.text[f.evidence.start:f.evidence.end]
                per_outlet.setdefault(outlet, Counter())[f.label] += 1
    return per_outlet


@pytest.mark.seeds
def test_outlets_label_haftar_differently(seed_labels):
    trt, wt, mint = seed_labels["TRT World"], seed_labels["WorldTribune.com"], seed_labels["MintPress News"]
    assert trt["warlord"] >= 3 and trt["militias"] >= 3
    assert wt["Gen."] >= 1 and wt["warlord"] == 0
    assert mint["strongman"] >= 1 and mint["former CIA asset"] >= 1 and mint["warlord"] == 0
    assert seed_labels["Atalayar"]["army"] >= 1 and seed_labels["Atalayar"]["militias"] == 0
    for outlet in ("WorldTribune.com", "MintPress News", "Atalayar", "Arab News"):
        assert seed_labels[outlet]["warlord"] == 0


def test_labels_are_stored_and_exported_per_outlet(nlp_base, tmp_db, tmp_path):
    """framing.jsonl: one record per (outlet, actor, label) with count and example spans."""
    import hashlib
    import json

    from newsgraph.export.jsonl import export
    from newsgraph.records import Facts
    from newsgraph.store import open_store
    from newsgraph.version import PIPELINE_VERSION

    text = "The warlord Omar Dabbah spoke. Later the warlord Omar Dabbah left, and so-called Omar Dabbah returned."
    art = _article(text, "Hill Gazette")
    art.id = hashlib.sha256(text.encode()).hexdigest()[:16]
    doc = nlp_base(text)
    mentions = []
    start = text.find("Omar Dabbah")
    while start != -1:
        mentions.append(Mention(Evidence(art.id, start, start + 11), "Omar Dabbah", "PERSON", "od"))
        start = text.find("Omar Dabbah", start + 1)
    labels = extract_framing(doc, art, mentions)
    with open_store(tmp_db, dedup=None) as store:
        store.write_articles([art])
        store.write_facts([Facts(article=art.id, pipeline_version=PIPELINE_VERSION, framing=labels)])
        export(store, tmp_path)
    records = {r["label"]: r for r in map(json.loads, (tmp_path / "framing.jsonl").read_text().splitlines())}
    assert records["warlord"]["count"] == 2 and records["so-called"]["count"] == 1
    assert records["warlord"]["source"] == "Hill Gazette" and records["warlord"]["actor"] == "od"
    ex = records["warlord"]["examples"][0]
    assert text[ex["start"]:ex["end"]] == "warlord Omar Dabbah"
