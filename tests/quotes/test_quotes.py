"""Quotes: direct (straight and curly marks, multi-sentence, "X said" / "said X" / "X told Reuters"),
reported speech ("X said that ...", "according to X"), pronoun speakers, scare quotes, offsets, a seed check.

Fixture sentences are our own, about the war in Sudan.
"""
from __future__ import annotations

from newsgraph.quotes.extract import extract_quotes, speech_cues
from newsgraph.records import Article, Evidence, Mention

ACTORS = {"Hemedti": ("hemedti", "PERSON"), "Burhan": ("burhan", "PERSON"), "UN": ("un", "ORG"),
          "Rapid Support Forces": ("rsf", "ORG"), "Egypt": ("egypt", "GPE")}


def article(text: str) -> Article:
    return Article(id="art1", path=None, part=0, source=None, source_basis="none", title=None,
                   published="2024-05-10", published_basis="none", text=text, raw_sha="", format="txt")


def mentions_for(text: str) -> list[Mention]:
    out = []
    for surface, (aid, label) in ACTORS.items():
        start = 0
        while (i := text.find(surface, start)) >= 0:
            out.append(Mention(Evidence("art1", i, i + len(surface)), surface, label, actor=aid))
            start = i + len(surface)
    return out


def quotes(nlp, text):
    got = extract_quotes(nlp(text), article(text), mentions_for(text))
    for q in got:  # offsets always point at the quoted words
        assert text[q.evidence.start:q.evidence.end] == q.text
    return got


def test_speech_verbs_file():
    cues = speech_cues()
    assert {"say", "tell", "according"} <= set(cues)
    assert all(0 < c.strength <= 1 and c.reason for c in cues.values())


def test_curly_quote_then_name_said(nlp_base):
    (q,) = quotes(nlp_base, "“We will not leave El Fasher,” Hemedti said on Sunday.")
    assert (q.kind, q.speaker, q.text) == ("direct", "hemedti", "We will not leave El Fasher,")


def test_straight_quote_said_name(nlp_base):
    (q,) = quotes(nlp_base, '"The city is completely surrounded," said Burhan.')
    assert q.speaker == "burhan" and q.kind == "direct"


def test_told_reuters(nlp_base):
    (q,) = quotes(nlp_base, "Burhan told Reuters: “The army will retake every town in Darfur.”")
    assert q.speaker == "burhan"


def test_multi_sentence_quote_is_one_quote(nlp_base):
    (q,) = quotes(nlp_base, "“The talks failed. We are ready to defend our people,” Burhan said.")
    assert q.text.startswith("The talks failed.") and "defend our people" in q.text
    assert q.speaker == "burhan"


def test_pronoun_speaker_is_last_person_with_lower_confidence(nlp_base):
    text = "Burhan arrived in Port Sudan on Monday. “We came here to talk about peace,” he said."
    (q,) = [q for q in quotes(nlp_base, text) if q.kind == "direct"]
    assert q.speaker == "burhan"
    (named,) = quotes(nlp_base, "“We came here to talk about peace,” Burhan said.")
    assert q.confidence < named.confidence


def test_reported_speech_said_that(nlp_base):
    (q,) = quotes(nlp_base, "Hemedti said that his forces had withdrawn from the city centre.")
    assert q.kind == "reported" and q.speaker == "hemedti"
    assert q.text.startswith("that his forces")


def test_according_to(nlp_base):
    (q,) = quotes(nlp_base, "According to the UN, more than 10,000 people were killed in El Geneina.")
    assert q.kind == "reported" and q.speaker == "un"
    assert q.text.startswith("more than 10,000")


def test_scare_quotes_are_not_quotes(nlp_base):
    assert quotes(nlp_base, "The so-called “humanitarian truce” did not hold in Khartoum.") == []


def test_unattributed_long_quote_has_no_speaker(nlp_base):
    text = "“Nobody in this town has slept properly since the shelling started in April,” a resident said."
    (q,) = quotes(nlp_base, text)
    assert q.speaker is None and q.kind == "direct"


def test_seed_quotes_attributed_to_haftar(nlp_base, seeds_dir):
    text = (seeds_dir / "003_d31605bc7ea32a97.txt").read_text(encoding="utf-8")
    doc = nlp_base(text)
    ments = [Mention(Evidence("seed", e.start_char, e.end_char), e.text, e.label_,
                     actor=e.text.lower().removeprefix("gen. "))
             for e in doc.ents if e.label_ in {"PERSON", "ORG", "GPE"}]
    got = extract_quotes(doc, article(text), ments)
    haftar = [q for q in got if q.kind == "direct" and q.speaker and "haftar" in q.speaker]
    assert len(haftar) >= 2
    assert all(text[q.evidence.start:q.evidence.end] == q.text for q in got)
